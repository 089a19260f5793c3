//! `PyArg_ParseTuple`, `PyArg_ParseTupleAndKeywords`, `PyArg_Parse` and
//! `PyArg_UnpackTuple`: converting a call's arguments into C variables
//! through a format string, writing through the pointers the variadic
//! arguments carry ([`VaArgs`]), with CPython 3.12's messages.
//!
//! Supported units: `b B h H i I l k L K n c C f d D p`, `O O! O& S U`,
//! `s s# s* z z# z* y y# y* w*`, nested `( )`, and `| $ : ;`. Units that
//! need encodings or `bytearray` (`es et Y`) raise `SystemError` naming
//! the unit. The `#` units need
//! `PY_SSIZE_T_CLEAN`, as in CPython 3.12.

use crate::objects::object::*;
use crate::protocols::buffer::PyBuffer;
use crate::protocols::varargs::VaArgs;
use crate::runtime::err::{self, PyResult};
use crate::{
    objects::bytes, objects::dict, objects::float, objects::long, objects::tuple, objects::typeobj,
    objects::unicode, protocols::abstract_, protocols::sequence, runtime::lifecycle,
};
use num_bigint::BigInt;
use num_traits::ToPrimitive;
use std::ffi::{c_char, c_int, c_void, CStr};
use std::ptr;

/// A conversion failure: either an exception is already set, or a message
/// for CPython's `seterror` ("must be X, not Y", or "(...)" for a
/// `SystemError`), with the nesting levels of the failing item.
enum Fail {
    Raised,
    Msg(String, Vec<usize>),
}

impl From<err::Raised> for Fail {
    fn from(_: err::Raised) -> Fail {
        Fail::Raised
    }
}

type Conv<T> = Result<T, Fail>;

fn must_be(expected: &str, arg: *mut PyObject) -> Fail {
    // SAFETY: a live argument.
    let name = unsafe {
        if arg == lifecycle::none() {
            "None".to_string()
        } else {
            typeobj::full_name((*arg).ob_type)
        }
    };
    Fail::Msg(format!("must be {expected}, not {name}"), vec![])
}

/// The format, parsed for its name (`:name`) and custom message (`;msg`).
struct Format<'a> {
    units: &'a [u8],
    fname: Option<String>,
    message: Option<String>,
}

/// `SystemError` unless the format's parentheses balance (CPython aborts
/// the process on a malformed format).
fn check_parens(units: &[u8]) -> PyResult<()> {
    let mut level = 0i32;
    for &c in units {
        match c {
            b'(' => level += 1,
            b')' => {
                level -= 1;
                if level < 0 {
                    return Err(err::system_error("excess ')' in getargs format"));
                }
            }
            _ => {}
        }
    }
    if level != 0 {
        return Err(err::system_error("missing ')' in getargs format"));
    }
    Ok(())
}

fn split_format(f: &CStr) -> Format<'_> {
    let b = f.to_bytes();
    let end = b
        .iter()
        .position(|&c| c == b':' || c == b';')
        .unwrap_or(b.len());
    let tail = String::from_utf8_lossy(b.get(end + 1..).unwrap_or(&[])).into_owned();
    let (fname, message) = match b.get(end) {
        Some(b':') => (Some(tail), None),
        Some(b';') => (None, Some(tail)),
        _ => (None, None),
    };
    Format {
        units: &b[..end],
        fname,
        message,
    }
}

fn who(fname: &Option<String>) -> String {
    match fname {
        Some(n) => format!("{n}()"),
        None => "function".to_string(),
    }
}

/// CPython's `seterror`.
fn set_error(
    iarg: usize,
    f: Fail,
    fname: &Option<String>,
    message: &Option<String>,
) -> err::Raised {
    let Fail::Msg(msg, levels) = f else {
        return err::Raised::assume();
    };
    if !err::occurred().is_null() {
        return err::Raised::assume();
    }
    let text = match message {
        Some(m) => m.clone(),
        None => {
            let mut s = String::new();
            if let Some(n) = fname {
                s.push_str(&format!("{n}() "));
            }
            if iarg != 0 {
                s.push_str(&format!("argument {iarg}"));
                for l in levels.iter().take_while(|l| **l > 0) {
                    s.push_str(&format!(", item {}", l - 1));
                }
            } else {
                s.push_str("argument");
            }
            s.push_str(&format!(" {msg}"));
            s
        }
    };
    if msg.starts_with('(') {
        err::system_error(&text)
    } else {
        err::type_error(&text)
    }
}

/// Writes `v` through the next pointer argument.
///
/// # Safety
/// The caller's pointer argument points to a `T`.
unsafe fn put<T>(va: &mut impl VaArgs, v: T) {
    let p = va.ptr() as *mut T;
    // SAFETY: forwarded: the format promised a `T *` here.
    unsafe { p.write(v) }
}

/// The value of an int-like argument (`__index__`), as a `BigInt`.
///
/// # Safety
/// `arg` live.
unsafe fn index_big(arg: *mut PyObject) -> PyResult<BigInt> {
    // SAFETY: forwarded.
    unsafe {
        let i = long::index(arg)?;
        Ok(long::to_bigint(i.as_ptr()))
    }
}

fn mask64(b: &BigInt) -> u64 {
    let m = b & BigInt::from(u64::MAX);
    m.to_u64().unwrap_or(0)
}

/// A signed C integer in `lo..=hi` with CPython's range messages.
///
/// # Safety
/// `arg` live.
unsafe fn ranged(arg: *mut PyObject, lo: i64, hi: i64, what: &str) -> Conv<i64> {
    // SAFETY: forwarded.
    unsafe {
        let v = long::as_i64(arg, "Python int too large to convert to C long")?;
        if v < lo {
            return Err(err::overflow_error(&format!("{what} is less than minimum")).into());
        }
        if v > hi {
            return Err(err::overflow_error(&format!("{what} is greater than maximum")).into());
        }
        Ok(v)
    }
}

/// The bytes of a bytes-like argument (bytes only: Ophis has no buffer
/// protocol).
///
/// # Safety
/// `arg` live.
unsafe fn bytes_like(arg: *mut PyObject) -> Conv<(*const u8, usize)> {
    // SAFETY: forwarded.
    unsafe {
        if bytes::check(arg) {
            let s = bytes::as_slice(arg);
            return Ok((s.as_ptr(), s.len()));
        }
        // the buffer protocol's own error, which passes through unprefixed
        Err(err::type_error(&format!(
            "a bytes-like object is required, not '{}'",
            typeobj::full_name((*arg).ob_type)
        ))
        .into())
    }
}

/// The UTF-8 text of a str argument (cached in the str).
///
/// # Safety
/// `arg` a live str.
unsafe fn utf8_of(arg: *mut PyObject) -> Conv<(*const u8, usize)> {
    // SAFETY: forwarded.
    unsafe {
        match unicode::utf8(arg) {
            Ok(p) => Ok((p, unicode::len_bytes(arg) as usize)),
            Err(_) => Err(Fail::Msg("(unicode conversion error)".into(), vec![])),
        }
    }
}

/// What a conversion must undo if a later argument fails (CPython's
/// `freelist`): buffers taken by the `*` units, and `O&` converters that
/// returned `Py_CLEANUP_SUPPORTED` (called again with NULL).
enum Cleanup {
    Buffer(*mut PyBuffer),
    Converter(
        unsafe extern "C" fn(*mut PyObject, *mut c_void) -> c_int,
        *mut c_void,
    ),
}

/// The state of one parse: whether `PY_SSIZE_T_CLEAN` was defined, and
/// what to undo on failure.
struct Ctx {
    ssize: bool,
    cleanup: Vec<Cleanup>,
}

impl Ctx {
    fn new(ssize: bool) -> Ctx {
        Ctx {
            ssize,
            cleanup: Vec::new(),
        }
    }

    /// On failure, undoes the conversions that asked for it (last first);
    /// the exception stays set.
    fn finish(self, r: PyResult<()>) -> PyResult<()> {
        if r.is_err() {
            for c in self.cleanup.into_iter().rev() {
                // SAFETY: each entry was registered by a successful
                // conversion of this parse, whose targets are still valid.
                unsafe {
                    match c {
                        Cleanup::Buffer(v) => crate::protocols::buffer::release(v),
                        Cleanup::Converter(f, addr) => {
                            let exc = err::take();
                            f(std::ptr::null_mut(), addr);
                            err::clear();
                            err::restore(exc);
                        }
                    }
                }
            }
        }
        r
    }
}

/// Converts one item (`convertitem`), advancing `f` past its unit.
///
/// # Safety
/// `arg` live; the variadic arguments match the format.
unsafe fn convert_item(
    arg: *mut PyObject,
    f: &mut &[u8],
    va: &mut impl VaArgs,
    ctx: &mut Ctx,
) -> Conv<()> {
    // SAFETY: forwarded.
    unsafe {
        if f.first() == Some(&b'(') {
            *f = &f[1..];
            convert_tuple(arg, f, va, ctx)?;
            *f = f.get(1..).unwrap_or_default(); // the ')' (checked by check_parens)
            return Ok(());
        }
        convert_simple(arg, f, va, ctx).map_err(|e| match e {
            Fail::Msg(m, _) => Fail::Msg(m, vec![]),
            r => r,
        })
    }
}

/// `converttuple`: a nested `( ... )` given a sequence of the right size.
///
/// # Safety
/// As [`convert_item`].
unsafe fn convert_tuple(
    arg: *mut PyObject,
    f: &mut &[u8],
    va: &mut impl VaArgs,
    ctx: &mut Ctx,
) -> Conv<()> {
    // SAFETY: forwarded.
    unsafe {
        // count the items at this level
        let (mut n, mut level) = (0usize, 0usize);
        for &c in f.iter() {
            match c {
                b'(' => {
                    if level == 0 {
                        n += 1;
                    }
                    level += 1;
                }
                b')' => {
                    if level == 0 {
                        break;
                    }
                    level -= 1;
                }
                b':' | b';' => break,
                c if level == 0 && c.is_ascii_alphabetic() && c != b'e' => n += 1,
                _ => {}
            }
        }
        if !crate::objects::iterobject::sequence_check(arg) || bytes::check(arg) {
            let name = if arg == lifecycle::none() {
                "None".to_string()
            } else {
                typeobj::full_name((*arg).ob_type)
            };
            return Err(Fail::Msg(
                format!("must be {n}-item sequence, not {name}"),
                vec![0],
            ));
        }
        let len = sequence::size(arg)?;
        if len != n as isize {
            return Err(Fail::Msg(
                format!("must be sequence of length {n}, not {len}"),
                vec![0],
            ));
        }
        for i in 0..n {
            let item = match sequence::get_item(arg, i as isize) {
                Ok(x) => x,
                Err(_) => {
                    err::clear();
                    return Err(Fail::Msg("is not retrievable".into(), vec![i + 1, 0]));
                }
            };
            if let Err(e) = convert_item(item.as_ptr(), f, va, ctx) {
                return Err(match e {
                    Fail::Msg(m, mut levels) => {
                        levels.insert(0, i + 1);
                        Fail::Msg(m, levels)
                    }
                    r => r,
                });
            }
        }
        Ok(())
    }
}

/// Takes the `#` after a unit: whether it is there (and `PY_SSIZE_T_CLEAN`
/// was defined).
fn hash_suffix(f: &mut &[u8], ssize: bool) -> Conv<bool> {
    if f.first() != Some(&b'#') {
        return Ok(false);
    }
    *f = &f[1..];
    if !ssize {
        return Err(
            err::system_error("PY_SSIZE_T_CLEAN macro must be defined for '#' formats").into(),
        );
    }
    Ok(true)
}

/// `convertsimple`: one unit.
///
/// # Safety
/// As [`convert_item`].
unsafe fn convert_simple(
    arg: *mut PyObject,
    f: &mut &[u8],
    va: &mut impl VaArgs,
    ctx: &mut Ctx,
) -> Conv<()> {
    // SAFETY: every write goes through the pointer the format announces.
    unsafe {
        let Some(&c) = f.first() else {
            return Err(err::system_error("bad format string: units missing").into());
        };
        *f = &f[1..];
        match c {
            b'b' => {
                let v = ranged(arg, 0, 255, "unsigned byte integer")?;
                put(va, v as u8);
            }
            b'B' => put(va, mask64(&index_big(arg)?) as u8),
            b'h' => {
                let v = ranged(
                    arg,
                    i16::MIN as i64,
                    i16::MAX as i64,
                    "signed short integer",
                )?;
                put(va, v as i16);
            }
            b'H' => put(va, mask64(&index_big(arg)?) as u16),
            b'i' => {
                let v = ranged(arg, i32::MIN as i64, i32::MAX as i64, "signed integer")?;
                put(va, v as i32);
            }
            b'I' => put(va, mask64(&index_big(arg)?) as u32),
            b'l' => put(
                va,
                long::as_i64(arg, "Python int too large to convert to C long")? as std::ffi::c_long,
            ),
            b'k' | b'K' => {
                if !long::check(arg) {
                    return Err(must_be("int", arg));
                }
                put(va, mask64(&long::to_bigint(arg)));
            }
            b'L' => put(va, long::as_i64(arg, "int too big to convert")?),
            b'n' => {
                let i = long::index(arg)?;
                let v = match long::val(i.as_ptr()) {
                    long::Val::Small(v) => v as isize,
                    long::Val::Big(_) => {
                        return Err(err::overflow_error(
                            "Python int too large to convert to C ssize_t",
                        )
                        .into())
                    }
                };
                put(va, v);
            }
            b'c' => {
                if bytes::check(arg) && bytes::as_slice(arg).len() == 1 {
                    put(va, bytes::as_slice(arg)[0] as c_char);
                } else {
                    return Err(must_be("a byte string of length 1", arg));
                }
            }
            b'C' => {
                if !unicode::check(arg) || unicode::len_chars(arg) != 1 {
                    return Err(must_be("a unicode character", arg));
                }
                let cp = unicode::code_points(unicode::as_bytes(arg))
                    .next()
                    .unwrap_or(0);
                put(va, cp as c_int);
            }
            b'p' => put(va, c_int::from(abstract_::is_true(arg)?)),
            b'f' => put(va, float::as_f64(arg)? as f32),
            b'd' => put(va, float::as_f64(arg)?),
            b'D' => put(va, crate::objects::complexobject::as_c(arg)?),
            b'O' => match f.first() {
                Some(b'!') => {
                    *f = &f[1..];
                    let t = va.ptr() as *mut typeobj::PyTypeObject;
                    if typeobj::is_subtype((*arg).ob_type, t) {
                        put(va, arg);
                    } else {
                        return Err(must_be(&typeobj::full_name(t), arg));
                    }
                }
                Some(b'&') => {
                    *f = &f[1..];
                    let conv = va.ptr();
                    let addr = va.ptr();
                    // SAFETY: the format promises a converter here.
                    let conv: unsafe extern "C" fn(*mut PyObject, *mut c_void) -> c_int =
                        std::mem::transmute(conv);
                    let r = conv(arg, addr);
                    if r == 0 {
                        return Err(if err::occurred().is_null() {
                            Fail::Msg("(unspecified)".into(), vec![])
                        } else {
                            Fail::Raised
                        });
                    }
                    if r == CLEANUP_SUPPORTED {
                        ctx.cleanup.push(Cleanup::Converter(conv, addr));
                    }
                }
                _ => put(va, arg),
            },
            b'S' => {
                if !bytes::check(arg) {
                    return Err(must_be("bytes", arg));
                }
                put(va, arg);
            }
            b'U' => {
                if !unicode::check(arg) {
                    return Err(must_be("str", arg));
                }
                put(va, arg);
            }
            b's' | b'z' if f.first() == Some(&b'*') => {
                *f = &f[1..];
                let view = va.ptr() as *mut PyBuffer;
                if c == b'z' && arg == lifecycle::none() {
                    crate::protocols::buffer::fill_info(
                        view,
                        ptr::null_mut(),
                        ptr::null_mut(),
                        0,
                        true,
                        0,
                    )?;
                } else if unicode::check(arg) {
                    let (p, n) = utf8_of(arg)?;
                    crate::protocols::buffer::fill_info(
                        view,
                        arg,
                        p as *mut c_void,
                        n as isize,
                        true,
                        0,
                    )?;
                } else {
                    contiguous_buffer(arg, view, crate::protocols::buffer::flags::SIMPLE, "")?;
                }
                ctx.cleanup.push(Cleanup::Buffer(view));
            }
            b'y' if f.first() == Some(&b'*') => {
                *f = &f[1..];
                let view = va.ptr() as *mut PyBuffer;
                contiguous_buffer(arg, view, crate::protocols::buffer::flags::SIMPLE, "")?;
                ctx.cleanup.push(Cleanup::Buffer(view));
            }
            b'w' if f.first() == Some(&b'*') => {
                *f = &f[1..];
                let view = va.ptr() as *mut PyBuffer;
                contiguous_buffer(
                    arg,
                    view,
                    crate::protocols::buffer::flags::WRITABLE,
                    "read-write bytes-like object",
                )?;
                ctx.cleanup.push(Cleanup::Buffer(view));
            }
            b's' | b'z' => {
                let pp = va.ptr() as *mut *const u8;
                if hash_suffix(f, ctx.ssize)? {
                    let (p, n) = if c == b'z' && arg == lifecycle::none() {
                        (std::ptr::null(), 0)
                    } else if unicode::check(arg) {
                        utf8_of(arg)?
                    } else {
                        bytes_like(arg)?
                    };
                    pp.write(p);
                    put(va, n as isize);
                } else if c == b'z' && arg == lifecycle::none() {
                    pp.write(std::ptr::null());
                } else if unicode::check(arg) {
                    let (p, n) = utf8_of(arg)?;
                    if std::slice::from_raw_parts(p, n).contains(&0) {
                        return Err(err::value_error("embedded null character").into());
                    }
                    pp.write(p);
                } else {
                    return Err(must_be(if c == b'z' { "str or None" } else { "str" }, arg));
                }
            }
            b'y' => {
                let pp = va.ptr() as *mut *const u8;
                let (p, n) = bytes_like(arg)?;
                if hash_suffix(f, ctx.ssize)? {
                    pp.write(p);
                    put(va, n as isize);
                } else {
                    if std::slice::from_raw_parts(p, n).contains(&0) {
                        return Err(err::value_error("embedded null byte").into());
                    }
                    pp.write(p);
                }
            }
            b'e' | b'w' | b'Y' => return Err(unsupported(c, "")),
            _ => {
                return Err(Fail::Msg(
                    format!("(impossible<bad format char '{}'>)", c as char),
                    vec![],
                ))
            }
        }
        Ok(())
    }
}

/// `O&`'s "call me again with NULL to clean up" (`Py_CLEANUP_SUPPORTED`).
const CLEANUP_SUPPORTED: c_int = 0x20000;

/// A C-contiguous buffer of `arg` for the `*` units (`getbuffer`). An
/// object that exports none keeps the buffer protocol's own `TypeError`,
/// as in CPython, except for `w*`, which reports `must be <what>`.
///
/// # Safety
/// `arg` live; `view` writable.
unsafe fn contiguous_buffer(
    arg: *mut PyObject,
    view: *mut PyBuffer,
    flags: c_int,
    what: &str,
) -> Conv<()> {
    // SAFETY: forwarded.
    unsafe {
        if crate::protocols::buffer::get(arg, view, flags).is_err() {
            if flags & crate::protocols::buffer::flags::WRITABLE == 0 {
                return Err(Fail::Raised);
            }
            err::clear();
            return Err(must_be(what, arg));
        }
        if !crate::protocols::buffer::is_contiguous(view, b'C') {
            crate::protocols::buffer::release(view);
            return Err(must_be("contiguous buffer", arg));
        }
        Ok(())
    }
}

fn unsupported(c: u8, suffix: &str) -> Fail {
    err::system_error(&format!(
        "the format unit '{}{suffix}' needs a feature Ophis does not have yet (encodings for es/et, bytearray for Y)",
        c as char
    ))
    .into()
}

/// Skips a unit's variadic arguments without converting (`skipitem`).
fn skip_item(f: &mut &[u8], va: &mut impl VaArgs) {
    let Some(&c) = f.first() else { return };
    *f = &f[1..];
    match c {
        b'(' => {
            while f.first().is_some_and(|&c| c != b')') {
                skip_item(f, va);
            }
            if !f.is_empty() {
                *f = &f[1..];
            }
        }
        b'O' => {
            if matches!(f.first(), Some(b'!') | Some(b'&')) {
                *f = &f[1..];
                va.ptr();
            }
            va.ptr();
        }
        b'w' => {
            va.ptr();
            if f.first() == Some(&b'*') {
                *f = &f[1..];
            }
        }
        b's' | b'z' | b'y' => {
            va.ptr();
            if f.first() == Some(&b'#') {
                *f = &f[1..];
                va.ptr();
            } else if f.first() == Some(&b'*') {
                *f = &f[1..];
            }
        }
        _ => {
            va.ptr();
        }
    }
}

/// `PyArg_ParseTuple` (and `PyArg_Parse` when `single`: `args` is the one
/// argument itself).
///
/// # Safety
/// `args` a live tuple (any live object when `single`); the variadic
/// arguments match the format.
pub unsafe fn parse_tuple(
    args: *mut PyObject,
    format: &CStr,
    va: &mut impl VaArgs,
    ssize: bool,
    single: bool,
) -> PyResult<()> {
    let mut ctx = Ctx::new(ssize);
    // SAFETY: forwarded.
    let r = unsafe { parse_tuple_impl(args, format, va, single, &mut ctx) };
    ctx.finish(r)
}

unsafe fn parse_tuple_impl(
    args: *mut PyObject,
    format: &CStr,
    va: &mut impl VaArgs,
    single: bool,
    ctx: &mut Ctx,
) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let fm = split_format(format);
        check_parens(fm.units)?;
        // min: units before '|'; max: all top-level units
        let (mut min, mut max, mut level) = (None, 0usize, 0usize);
        for &c in fm.units {
            match c {
                b'(' => {
                    if level == 0 {
                        max += 1;
                    }
                    level += 1;
                }
                b')' => level = level.saturating_sub(1),
                b'|' if level == 0 => min = Some(max),
                b'#' | b'&' | b'!' | b'*' => {}
                c if level == 0 && c.is_ascii_alphabetic() => max += 1,
                _ => {}
            }
        }
        let min = min.unwrap_or(max);
        let mut f = fm.units;
        if single {
            if max == 0 {
                return Err(err::type_error(&format!(
                    "{} takes no arguments",
                    who(&fm.fname)
                )));
            }
            if min != 1 || max != 1 {
                return Err(err::system_error(
                    "old style getargs format uses new features",
                ));
            }
            return convert_item(args, &mut f, va, ctx)
                .map_err(|e| set_error(0, e, &fm.fname, &fm.message));
        }
        let nargs = tuple::size(args) as usize;
        if nargs < min || max < nargs {
            if let Some(m) = &fm.message {
                return Err(err::type_error(m));
            }
            let n = if nargs < min { min } else { max };
            return Err(err::type_error(&format!(
                "{} takes {} {n} argument{} ({nargs} given)",
                who(&fm.fname),
                if min == max {
                    "exactly"
                } else if nargs < min {
                    "at least"
                } else {
                    "at most"
                },
                if n == 1 { "" } else { "s" }
            )));
        }
        for i in 0..nargs {
            if f.first() == Some(&b'|') {
                f = &f[1..];
            }
            convert_item(tuple::item(args, i as isize), &mut f, va, ctx)
                .map_err(|e| set_error(i + 1, e, &fm.fname, &fm.message))?;
        }
        Ok(())
    }
}

/// `PyArg_ParseTupleAndKeywords` (CPython's `vgetargskeywords`).
///
/// # Safety
/// `args` a live tuple, `kwargs` NULL or a live dict; the variadic
/// arguments match the format.
pub unsafe fn parse_tuple_and_keywords(
    args: *mut PyObject,
    kwargs: *mut PyObject,
    format: &CStr,
    kwlist: &[&CStr],
    va: &mut impl VaArgs,
    ssize: bool,
) -> PyResult<()> {
    let mut ctx = Ctx::new(ssize);
    // SAFETY: forwarded.
    let r = unsafe { parse_keywords_impl(args, kwargs, format, kwlist, va, &mut ctx) };
    ctx.finish(r)
}

unsafe fn parse_keywords_impl(
    args: *mut PyObject,
    kwargs: *mut PyObject,
    format: &CStr,
    kwlist: &[&CStr],
    va: &mut impl VaArgs,
    ctx: &mut Ctx,
) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let fm = split_format(format);
        check_parens(fm.units)?;
        let who_ = who(&fm.fname);
        let kwname = |k: &CStr| k.to_string_lossy().into_owned();
        let pos = kwlist
            .iter()
            .take_while(|k| k.to_bytes().is_empty())
            .count();
        let len = kwlist.len();
        if kwlist[pos..].iter().any(|k| k.to_bytes().is_empty()) {
            return Err(err::system_error("Empty keyword parameter name"));
        }
        let nargs = tuple::size(args) as usize;
        let mut nkwargs = if kwargs.is_null() {
            0
        } else {
            dict::len(kwargs) as usize
        };
        if nargs + nkwargs > len {
            return Err(err::type_error(&format!(
                "{who_} takes at most {len} {}argument{} ({} given)",
                if nargs == 0 { "keyword " } else { "" },
                if len == 1 { "" } else { "s" },
                nargs + nkwargs
            )));
        }
        let mut f = fm.units;
        let (mut min, mut max) = (usize::MAX, usize::MAX);
        let mut skip = false;
        let mut i = 0;
        while i < len {
            if f.first() == Some(&b'|') {
                if min != usize::MAX {
                    return Err(err::system_error(
                        "Invalid format string (| specified twice)",
                    ));
                }
                min = i;
                f = &f[1..];
                if max != usize::MAX {
                    return Err(err::system_error("Invalid format string ($ before |)"));
                }
            }
            if f.first() == Some(&b'$') {
                if max != usize::MAX {
                    return Err(err::system_error(
                        "Invalid format string ($ specified twice)",
                    ));
                }
                max = i;
                f = &f[1..];
                if max < pos {
                    return Err(err::system_error("Empty parameter name after $"));
                }
                if skip {
                    break;
                }
                if max < nargs {
                    return Err(err::type_error(&if max == 0 {
                        format!("{who_} takes no positional arguments")
                    } else {
                        format!(
                            "{who_} takes {} {max} positional argument{} ({nargs} given)",
                            if min != usize::MAX {
                                "at most"
                            } else {
                                "exactly"
                            },
                            if max == 1 { "" } else { "s" }
                        )
                    }));
                }
            }
            if f.is_empty() {
                return Err(err::system_error(&format!(
                    "More keyword list entries ({len}) than format specifiers ({i})"
                )));
            }
            if !skip {
                let current: Option<Owned> = if i < nargs {
                    Some(Owned::from_borrowed(tuple::item(args, i as isize)))
                } else if nkwargs > 0 && i >= pos {
                    let k = unicode::from_utf8(kwlist[i].to_bytes())?;
                    let v = dict::get(kwargs, k.as_ptr())?;
                    if v.is_some() {
                        nkwargs -= 1;
                    }
                    v.map(|p| Owned::from_borrowed(p))
                } else {
                    None
                };
                if let Some(cur) = current {
                    convert_item(cur.as_ptr(), &mut f, va, ctx)
                        .map_err(|e| set_error(i + 1, e, &fm.fname, &fm.message))?;
                    i += 1;
                    continue;
                }
                if i < min {
                    if i < pos {
                        skip = true;
                    } else {
                        return Err(err::type_error(&format!(
                            "{who_} missing required argument '{}' (pos {})",
                            kwname(kwlist[i]),
                            i + 1
                        )));
                    }
                }
                if nkwargs == 0 && !skip {
                    return Ok(());
                }
            }
            skip_item(&mut f, va);
            i += 1;
        }
        if skip {
            let m = pos.min(min);
            return Err(err::type_error(&format!(
                "{who_} takes {} {m} positional argument{} ({nargs} given)",
                if m < i { "at least" } else { "exactly" },
                if m == 1 { "" } else { "s" }
            )));
        }
        if !f.is_empty() && f[0] != b'|' && f[0] != b'$' {
            return Err(err::system_error(&format!(
                "more argument specifiers than keyword list entries (remaining format:'{}')",
                String::from_utf8_lossy(f)
            )));
        }
        if nkwargs > 0 {
            for (j, k) in kwlist.iter().enumerate().take(nargs).skip(pos) {
                let key = unicode::from_utf8(k.to_bytes())?;
                if dict::get(kwargs, key.as_ptr())?.is_some() {
                    return Err(err::type_error(&format!(
                        "argument for {who_} given by name ('{}') and position ({})",
                        kwname(k),
                        j + 1
                    )));
                }
            }
            let who_kw = match &fm.fname {
                Some(n) => format!("{n}()"),
                None => "this function".to_string(),
            };
            let mut p = 0;
            while let Some((key, _)) = dict::next(kwargs, &mut p) {
                if !unicode::check(key) {
                    return Err(err::type_error("keywords must be strings"));
                }
                let name = unicode::as_str(key);
                if !kwlist[pos..]
                    .iter()
                    .any(|k| k.to_bytes() == name.as_bytes())
                {
                    return Err(err::type_error(&format!(
                        "'{name}' is an invalid keyword argument for {who_kw}"
                    )));
                }
            }
            return Err(err::type_error(&format!(
                "invalid keyword argument for {who_kw}"
            )));
        }
        Ok(())
    }
}

/// `PyArg_UnpackTuple`: borrowed references written through `min..=max`
/// pointers.
///
/// # Safety
/// `args` live; the variadic arguments are `PyObject **`.
pub unsafe fn unpack_tuple(
    args: *mut PyObject,
    name: Option<&str>,
    min: isize,
    max: isize,
    va: &mut impl VaArgs,
) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if !tuple::check(args) {
            return Err(err::system_error(
                "PyArg_UnpackTuple() argument list is not a tuple",
            ));
        }
        let n = tuple::size(args);
        let plural = |k: isize| if k == 1 { "" } else { "s" };
        let describe = |bound: isize, word: &str| match name {
            Some(nm) => format!(
                "{nm} expected {}{bound} argument{}, got {n}",
                if min == max { "" } else { word },
                plural(bound)
            ),
            None => format!(
                "unpacked tuple should have {}{bound} element{}, but has {n}",
                if min == max { "" } else { word },
                plural(bound)
            ),
        };
        if n < min {
            return Err(err::type_error(&describe(min, "at least ")));
        }
        if n == 0 {
            return Ok(());
        }
        if n > max {
            return Err(err::type_error(&describe(max, "at most ")));
        }
        for i in 0..n {
            put(va, tuple::item(args, i));
        }
        Ok(())
    }
}
