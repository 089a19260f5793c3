//! The builtin functions beyond `builtins.rs`'s first set that still need
//! no running frame: `print` (through `file.write`, `sys.stdout` by
//! default), `input` (through `sys.stdin.readline`) and `breakpoint`
//! (through `sys.breakpointhook`), the numeric helpers (`abs`, `divmod`, `pow`, `round`, `bin`,
//! `oct`, `hex`, `chr`, `ord`), the reductions (`all`, `any`, `sum`, `min`,
//! `max`, `sorted`), `dir` and `vars` of an object, and `__import__`;
//! each with CPython 3.12's signature (Argument Clinic's or the
//! hand-written parser's errors) and messages.

use crate::objects::exceptions::Exc;
use crate::objects::object::*;
use crate::objects::typeobj::{self, PyMethodDef};
use crate::protocols::clinic::{
    arg, arg_opt, def, fastcall, fastcall_kw_def, fastcall_varargs, kw_opt, pos, pos_opt, Sig,
};
use crate::runtime::err::{self, PyResult};
use crate::system::builtins::{int_arg, one_arg, one_arg_def};
use crate::{
    objects::bytearray, objects::bytes, objects::float, objects::iterobject, objects::list,
    objects::long, objects::unicode, protocols::abstract_, protocols::call, protocols::number,
    protocols::slotcall, runtime::lifecycle, system::sysmodule,
};
use std::ptr;

/// The functions this file adds to `builtins`.
pub(crate) static mut FUNCTIONS: [PyMethodDef; 26] = [
    def(c"print", builtin_print),
    def(c"input", builtin_input),
    fastcall_kw_def(c"breakpoint", builtin_breakpoint),
    one_arg_def(c"abs", builtin_abs),
    one_arg_def(c"all", builtin_all),
    one_arg_def(c"any", builtin_any),
    one_arg_def(c"bin", builtin_bin),
    one_arg_def(c"oct", builtin_oct),
    one_arg_def(c"hex", builtin_hex),
    one_arg_def(c"chr", builtin_chr),
    one_arg_def(c"ord", builtin_ord),
    def(c"divmod", builtin_divmod),
    def(c"pow", builtin_pow),
    def(c"round", builtin_round),
    def(c"sum", builtin_sum),
    fastcall_kw_def(c"min", builtin_min),
    fastcall_kw_def(c"max", builtin_max),
    fastcall_kw_def(c"sorted", builtin_sorted),
    def(c"dir", builtin_dir),
    def(c"vars", builtin_vars),
    def(c"__import__", builtin_import),
    def(c"globals", builtin_globals),
    def(c"locals", builtin_locals),
    def(c"exec", builtin_exec),
    def(c"eval", builtin_eval),
    typeobj::METHOD_END,
];

/// `PyFile_WriteObject`: writes `str(v)` (`raw`) or `repr(v)` to `f` with
/// its `write` method (looked up before the conversion, as CPython does).
///
/// # Safety
/// `v` live; `f` NULL or live.
pub unsafe fn write_object(v: *mut PyObject, f: *mut PyObject, raw: bool) -> PyResult<()> {
    // SAFETY: forwarded; the writer is held while it runs.
    unsafe {
        if f.is_null() {
            return Err(err::type_error("writeobject with NULL file"));
        }
        let name = unicode::intern("write")?;
        let writer = abstract_::getattr(f, name.as_ptr())?;
        let value = if raw {
            abstract_::str(v)?
        } else {
            abstract_::repr(v)?
        };
        call::call_args(writer.as_ptr(), &[value.as_ptr()])?;
        Ok(())
    }
}

/// `PyFile_WriteString`: writes `s` to `f` with its `write` method.
///
/// # Safety
/// `f` NULL or live.
pub unsafe fn write_string(s: &str, f: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if f.is_null() {
            if err::occurred().is_null() {
                return Err(err::system_error("null file for PyFile_WriteString"));
            }
            return Err(err::Raised::assume());
        }
        if !err::occurred().is_null() {
            return Err(err::Raised::assume());
        }
        let v = unicode::from_str(s)?;
        write_object(v.as_ptr(), f, true)
    }
}

/// `sep`/`end` of `print`: None or a str (NULL for "the default").
///
/// # Safety
/// `v` live.
unsafe fn none_or_str(v: Option<*mut PyObject>, what: &str) -> PyResult<*mut PyObject> {
    match v {
        None => Ok(ptr::null_mut()),
        Some(v) if v == lifecycle::none() => Ok(ptr::null_mut()),
        // SAFETY: forwarded.
        Some(v) if unsafe { unicode::check(v) } => Ok(v),
        Some(v) => Err(err::type_error(&format!(
            "{what} must be None or a string, not {}",
            // SAFETY: forwarded.
            unsafe { typeobj::type_name_of(v) }
        ))),
    }
}

/// `sys.<name>` for `input()`, which needs it: "input(): lost sys.<name>"
/// when it is missing or None.
fn input_stream(name: &str) -> PyResult<Owned> {
    let f = sysmodule::get(name);
    if f.is_null() || f == lifecycle::none() {
        return Err(err::raise(
            Exc::RuntimeError,
            &format!("input(): lost sys.{name}"),
        ));
    }
    // SAFETY: a live entry of the sys module.
    Ok(unsafe { Owned::from_borrowed(f) })
}

/// Calls `f.flush()`, ignoring its errors (as `input()` does).
///
/// # Safety
/// `f` live.
unsafe fn flush_quietly(f: *mut PyObject) {
    // SAFETY: forwarded.
    unsafe {
        let r = unicode::intern("flush")
            .and_then(|n| abstract_::getattr(f, n.as_ptr()))
            .and_then(|m| call::call_args(m.as_ptr(), &[]));
        if r.is_err() {
            err::clear();
        }
    }
}

fastcall! {
    /// `input(prompt='', /)`: writes the prompt to `sys.stdout`, reads a
    /// line from `sys.stdin` and returns it without its line break;
    /// `EOFError` at the end of input. (CPython uses GNU readline when both
    /// streams are its own terminals; Ophis reads the stream then too.)
    fn builtin_input(_m, a = Sig::new("input", &[pos_opt("prompt")])) {
        let fin = input_stream("stdin")?;
        let fout = input_stream("stdout")?;
        let ferr = sysmodule::get("stderr");
        if !ferr.is_null() && ferr != lifecycle::none() {
            flush_quietly(ferr);
        }
        if let Some(prompt) = a.get(0) {
            write_object(prompt, fout.as_ptr(), true)?;
        }
        flush_quietly(fout.as_ptr());
        let readline = unicode::intern("readline")?;
        let m = abstract_::getattr(fin.as_ptr(), readline.as_ptr())?;
        let line = call::call_args(m.as_ptr(), &[])?;
        if !unicode::check(line.as_ptr()) {
            return Err(err::type_error("object.readline() returned non-string"));
        }
        let n = unicode::len_chars(line.as_ptr()).max(0) as usize;
        if n == 0 {
            return Err(err::raise(Exc::EOFError, "EOF when reading a line"));
        }
        if unicode::read_char(line.as_ptr(), n - 1) == u32::from('\n') {
            unicode::slice(line.as_ptr(), 0, n - 1)
        } else {
            Ok(line)
        }
    }
}

/// `breakpoint(*args, **kws)`: calls `sys.breakpointhook` with the
/// arguments.
unsafe extern "C" fn builtin_breakpoint(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: isize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let hook = sysmodule::get("breakpointhook");
    if hook.is_null() {
        return err::raise(Exc::RuntimeError, "lost sys.breakpointhook").into();
    }
    // SAFETY: the hook is a live entry of sys, held while it runs; the
    // arguments are the caller's vector.
    unsafe {
        let hook = Owned::from_borrowed(hook);
        call::vectorcall(hook.as_ptr(), args, nargs as usize, kwnames)
    }
}

fastcall_varargs! {
    /// `print(*args, sep=' ', end='\n', file=None, flush=False)`.
    fn builtin_print(_m, *objs, a = Sig::new("print",
        &[kw_opt("sep"), kw_opt("end"), kw_opt("file"), kw_opt("flush")])) {
        let flush = a.truth(3, false)?;
        let file = match a.get(2) {
            Some(f) if f != lifecycle::none() => Owned::from_borrowed(f),
            _ => {
                let f = sysmodule::get("stdout");
                if f.is_null() {
                    return Err(err::raise(Exc::RuntimeError, "lost sys.stdout"));
                }
                if f == lifecycle::none() {
                    return Ok(Owned::from_borrowed(lifecycle::none()));
                }
                Owned::from_borrowed(f)
            }
        };
        let sep = none_or_str(a.get(0), "sep")?;
        let end = none_or_str(a.get(1), "end")?;
        for (i, &o) in objs.iter().enumerate() {
            if i > 0 {
                if sep.is_null() {
                    write_string(" ", file.as_ptr())?;
                } else {
                    write_object(sep, file.as_ptr(), true)?;
                }
            }
            write_object(o, file.as_ptr(), true)?;
        }
        if end.is_null() {
            write_string("\n", file.as_ptr())?;
        } else {
            write_object(end, file.as_ptr(), true)?;
        }
        if flush {
            let name = unicode::intern("flush")?;
            let m = abstract_::getattr(file.as_ptr(), name.as_ptr())?;
            call::call_args(m.as_ptr(), &[])?;
        }
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

one_arg!(
    /// `abs(x, /)`.
    builtin_abs, |x| number::unary(x, number::UnaryOp::Absolute)
);

/// `all`/`any`: the first item whose truth is `stop`, else `!stop`.
///
/// # Safety
/// `v` live.
unsafe fn all_any(v: *mut PyObject, stop: bool) -> PyResult<Owned> {
    // SAFETY: forwarded; each item is held while tested.
    unsafe {
        let it = iterobject::get_iter(v)?;
        while let Some(x) = iterobject::next(it.as_ptr())? {
            if abstract_::is_true(x.as_ptr())? == stop {
                return Ok(long::bool_from(stop));
            }
        }
        Ok(long::bool_from(!stop))
    }
}

one_arg!(
    /// `all(iterable, /)`.
    builtin_all, |x| all_any(x, false)
);

one_arg!(
    /// `any(iterable, /)`.
    builtin_any, |x| all_any(x, true)
);

one_arg!(
    /// `bin(number, /)`.
    builtin_bin, |x| number::to_base(x, 2)
);

one_arg!(
    /// `oct(number, /)`.
    builtin_oct, |x| number::to_base(x, 8)
);

one_arg!(
    /// `hex(number, /)`.
    builtin_hex, |x| number::to_base(x, 16)
);

one_arg!(
    /// `chr(i, /)`: `i` through `__index__` as a C int.
    builtin_chr, |x| {
        let i = int_arg(Some(x), 0)?;
        match u32::try_from(i).ok().and_then(unicode::from_code_point) {
            Some(r) => r,
            None => Err(err::value_error("chr() arg not in range(0x110000)")),
        }
    }
);

one_arg!(
    /// `ord(c, /)`: a str, bytes or bytearray of length 1.
    builtin_ord, |c| {
        let n = if unicode::check(c) {
            let n = unicode::len_chars(c);
            if n == 1 {
                return long::from_i64(unicode::read_char(c, 0) as i64);
            }
            n
        } else if bytes::check(c) {
            let b = bytes::as_slice(c);
            if b.len() == 1 {
                return long::from_i64(b[0] as i64);
            }
            b.len() as isize
        } else if bytearray::check(c) {
            let b = bytearray::as_slice(c);
            if b.len() == 1 {
                return long::from_i64(b[0] as i64);
            }
            b.len() as isize
        } else {
            return Err(err::type_error(&format!(
                "ord() expected string of length 1, but {} found",
                typeobj::type_name_of(c)
            )));
        };
        Err(err::type_error(&format!(
            "ord() expected a character, but string of length {n} found"
        )))
    }
);

fastcall! {
    /// `divmod(x, y, /)`.
    fn builtin_divmod(_m, a = Sig::new("divmod", &[pos("x"), pos("y")])) {
        number::binary(a.req(0), a.req(1), number::BinOp::Divmod)
    }
}

fastcall! {
    /// `pow(base, exp, mod=None)`.
    fn builtin_pow(_m, a = Sig::new("pow", &[arg("base"), arg("exp"), arg_opt("mod")])) {
        let m = a.get(2).unwrap_or(lifecycle::none());
        number::power(a.req(0), a.req(1), m, false)
    }
}

fastcall! {
    /// `round(number, ndigits=None)`: the number's `__round__`.
    fn builtin_round(_m, a = Sig::new("round", &[arg("number"), arg_opt("ndigits")])) {
        let x = a.req(0);
        let args: &[*mut PyObject] = match a.get(1) {
            Some(n) if n != lifecycle::none() => &[n],
            _ => &[],
        };
        match slotcall::call_dunder(x, "__round__", args)? {
            Some(r) => Ok(r),
            None => Err(err::type_error(&format!(
                "type {} doesn't define __round__ method",
                typeobj::full_name((*x).ob_type)
            ))),
        }
    }
}

/// `sum`'s float loop (CPython 3.12: Neumaier's compensated sum of exact
/// floats, ints that fit a C long added directly); `Err(Some(item))`
/// hands back the first item it cannot add with the sum so far as a
/// float.
///
/// # Safety
/// `it` a live iterator.
unsafe fn sum_floats(it: *mut PyObject, mut f: f64) -> PyResult<(f64, Option<Owned>)> {
    // SAFETY: forwarded.
    unsafe {
        let mut c = 0.0f64;
        let finish = |f: f64, c: f64| if c != 0.0 && c.is_finite() { f + c } else { f };
        loop {
            let Some(item) = iterobject::next(it)? else {
                return Ok((finish(f, c), None));
            };
            let x = item.as_ptr();
            if (*x).ob_type == lifecycle::float_type() {
                let v = float::value(x);
                let t = f + v;
                if f.abs() >= v.abs() {
                    c += (f - t) + v;
                } else {
                    c += (v - t) + f;
                }
                f = t;
                continue;
            }
            if long::check(x) {
                if let long::Val::Small(v) = long::val(x) {
                    f += v as f64;
                    continue;
                }
            }
            return Ok((finish(f, c), Some(item)));
        }
    }
}

fastcall! {
    /// `sum(iterable, /, start=0)`.
    fn builtin_sum(_m, a = Sig::new("sum", &[pos("iterable"), arg_opt("start")])) {
        let it = iterobject::get_iter(a.req(0))?;
        let mut result = match a.get(1) {
            None => long::from_i64(0)?,
            Some(s) => {
                if unicode::check(s) {
                    return Err(err::type_error("sum() can't sum strings [use ''.join(seq) instead]"));
                }
                if bytes::check(s) {
                    return Err(err::type_error("sum() can't sum bytes [use b''.join(seq) instead]"));
                }
                if bytearray::check(s) {
                    return Err(err::type_error("sum() can't sum bytearray [use b''.join(seq) instead]"));
                }
                Owned::from_borrowed(s)
            }
        };
        let add = |r: &Owned, x: &Owned| number::binary(r.as_ptr(), x.as_ptr(), number::BinOp::Add);
        if (*result.as_ptr()).ob_type == lifecycle::long_type() {
            if let long::Val::Small(mut i) = long::val(result.as_ptr()) {
                loop {
                    let Some(item) = iterobject::next(it.as_ptr())? else {
                        return long::from_i64(i);
                    };
                    let x = item.as_ptr();
                    if (*x).ob_type == lifecycle::long_type() || (*x).ob_type == lifecycle::bool_type() {
                        if let long::Val::Small(b) = long::val(x) {
                            if let Some(s) = i.checked_add(b) {
                                i = s;
                                continue;
                            }
                        }
                    }
                    result = add(&long::from_i64(i)?, &item)?;
                    break;
                }
            }
        }
        if (*result.as_ptr()).ob_type == lifecycle::float_type() {
            let (f, rest) = sum_floats(it.as_ptr(), float::value(result.as_ptr()))?;
            result = float::from_f64(f)?;
            match rest {
                None => return Ok(result),
                Some(item) => result = add(&result, &item)?,
            }
        }
        while let Some(item) = iterobject::next(it.as_ptr())? {
            result = add(&result, &item)?;
        }
        Ok(result)
    }
}

static MIN_SIG: Sig = Sig::new("min", &[kw_opt("key"), kw_opt("default")]);
static MAX_SIG: Sig = Sig::new("max", &[kw_opt("key"), kw_opt("default")]);

/// CPython's `min_max`: one iterable or several arguments, `key=`,
/// `default=` (only with one iterable).
///
/// # Safety
/// The FASTCALL contract.
unsafe fn min_max(
    args: *const *mut PyObject,
    nargs: isize,
    kwnames: *mut PyObject,
    sig: &'static Sig,
    op: std::ffi::c_int,
) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let name = sig.name;
        let star = call::slice(args, nargs.max(0) as usize);
        let positional = star.len() > 1;
        if star.is_empty() {
            return Err(err::type_error(&format!(
                "{name} expected at least 1 argument, got 0"
            )));
        }
        let kw = sig.bind::<2>(args.add(star.len()), 0, kwnames)?;
        if positional && kw.get(1).is_some() {
            return Err(err::type_error(&format!(
                "Cannot specify a default for {name}() with multiple positional arguments"
            )));
        }
        let seq = if positional {
            crate::objects::tuple::new_from(star)?
        } else {
            Owned::from_borrowed(star[0])
        };
        let it = iterobject::get_iter(seq.as_ptr())?;
        let key = kw.get(0).filter(|k| *k != lifecycle::none());
        let mut best: Option<(Owned, Owned)> = None;
        while let Some(item) = iterobject::next(it.as_ptr())? {
            let val = match key {
                Some(k) => call::call_args(k, &[item.as_ptr()])?,
                None => Owned::from_borrowed(item.as_ptr()),
            };
            match &best {
                None => best = Some((item, val)),
                Some((_, bv)) => {
                    if abstract_::rich_compare_bool(val.as_ptr(), bv.as_ptr(), op)? {
                        best = Some((item, val));
                    }
                }
            }
        }
        match (best, kw.get(1)) {
            (Some((item, _)), _) => Ok(item),
            (None, Some(d)) => Ok(Owned::from_borrowed(d)),
            (None, None) => Err(err::value_error(&format!(
                "{name}() iterable argument is empty"
            ))),
        }
    }
}

/// `min(iterable, *[, default=obj, key=func])` / `min(arg1, arg2, *args, *[, key=func])`.
unsafe extern "C" fn builtin_min(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: isize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: the FASTCALL | KEYWORDS contract.
    err::into_ptr(unsafe { min_max(args, nargs, kwnames, &MIN_SIG, abstract_::LT) })
}

/// `max(iterable, *[, default=obj, key=func])` / `max(arg1, arg2, *args, *[, key=func])`.
unsafe extern "C" fn builtin_max(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: isize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: the FASTCALL | KEYWORDS contract.
    err::into_ptr(unsafe { min_max(args, nargs, kwnames, &MAX_SIG, abstract_::GT) })
}

/// `sorted(iterable, /, *, key=None, reverse=False)`: a new list, sorted by
/// its `sort` method, which checks the keywords (as CPython does).
unsafe extern "C" fn builtin_sorted(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: isize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: the FASTCALL | KEYWORDS contract; the keyword values follow
    // the positional arguments.
    unsafe {
        let r = (|| {
            if nargs != 1 {
                return Err(err::type_error(&format!(
                    "sorted expected 1 argument, got {nargs}"
                )));
            }
            let l = list::from_owned(abstract_::collect(*args, "")?)?;
            let name = unicode::intern("sort")?;
            let sort = abstract_::getattr(l.as_ptr(), name.as_ptr())?;
            err::from_ptr(call::vectorcall(sort.as_ptr(), args.add(1), 0, kwnames))?;
            Ok(l)
        })();
        err::into_ptr(r)
    }
}

fastcall! {
    /// `dir([object], /)`.
    fn builtin_dir(_m, a = Sig::new("dir", &[pos_opt("arg")])) {
        crate::protocols::dir::dir(a.get(0).unwrap_or(ptr::null_mut()))
    }
}

fastcall! {
    /// `vars([object], /)`: the object's `__dict__`; without one, the
    /// running frame's locals (`SystemError` when no frame runs, as
    /// CPython).
    fn builtin_vars(_m, a = Sig::new("vars", &[pos_opt("object")])) {
        let Some(v) = a.get(0) else {
            return crate::code::ceval::current_locals()?
                .ok_or_else(|| err::system_error("frame does not exist"));
        };
        let name = unicode::intern("__dict__")?;
        abstract_::lookup_attr(v, name.as_ptr())?
            .ok_or_else(|| err::type_error("vars() argument must have __dict__ attribute"))
    }
}

fastcall! {
    /// `__import__(name, globals=None, locals=None, fromlist=(), level=0)`.
    fn builtin_import(_m, a = Sig::new("__import__", &[arg("name"), arg_opt("globals"),
        arg_opt("locals"), arg_opt("fromlist"), arg_opt("level")])) {
        let level = int_arg(a.get(4), 0)?;
        crate::system::import::import_level(
            a.req(0),
            a.get(1).unwrap_or(ptr::null_mut()),
            a.get(3).unwrap_or(ptr::null_mut()),
            level as isize,
        )
    }
}

fastcall! {
    /// `globals()`: the running frame's globals.
    fn builtin_globals(_m, _a = Sig::new("globals", &[])) {
        let g = crate::code::ceval::current_globals();
        if g.is_null() {
            return Err(err::system_error("globals(): no current frame"));
        }
        Ok(Owned::from_borrowed(g))
    }
}

fastcall! {
    /// `locals()`: the running frame's locals ([`crate::code::ceval::current_locals`]).
    fn builtin_locals(_m, _a = Sig::new("locals", &[])) {
        crate::code::ceval::current_locals()?
            .ok_or_else(|| err::system_error("frame does not exist"))
    }
}

/// The source text of `exec`/`eval`: a str (UTF-8, no NUL) or the bytes of
/// a bytes-like object.
unsafe fn source_bytes(src: *mut PyObject, who: &str) -> PyResult<Vec<u8>> {
    // SAFETY: live.
    unsafe {
        let bytes: Vec<u8> = if unicode::check(src) {
            unicode::as_str(src).as_bytes().to_vec()
        } else if crate::objects::bytes::check(src) {
            crate::objects::bytes::as_slice(src).to_vec()
        } else {
            match abstract_::bytes_of(src) {
                Ok(b) => crate::objects::bytes::as_slice(b.as_ptr()).to_vec(),
                Err(_) => {
                    err::clear();
                    return Err(err::type_error(&format!(
                        "{who}() arg 1 must be a string, bytes or code object"
                    )));
                }
            }
        };
        if bytes.contains(&0) {
            return Err(err::raise(
                crate::objects::exceptions::Exc::SyntaxError,
                "source code string cannot contain null bytes",
            ));
        }
        Ok(bytes)
    }
}

/// Runs source (str, bytes) or a code object for `exec`/`eval`.
unsafe fn run_source(
    src: *mut PyObject,
    globals: *mut PyObject,
    locals: *mut PyObject,
    eval_mode: bool,
) -> PyResult<Owned> {
    // SAFETY: live arguments.
    unsafe {
        crate::code::pythonrun::ensure_builtins(globals)?;
        let who = if eval_mode { "eval" } else { "exec" };
        if crate::code::codeobject::check(src) {
            let nfree = (*(src as *mut crate::code::codeobject::PyCodeObject)).co_nfreevars;
            if nfree > 0 {
                return Err(err::type_error(&if eval_mode {
                    "code object passed to eval() may not contain free variables".to_string()
                } else {
                    format!("code object requires a closure of exactly length {nfree}")
                }));
            }
            return crate::code::ceval::eval_code(src, globals, locals);
        }
        let mut text = source_bytes(src, who)?;
        if eval_mode {
            let skip = text
                .iter()
                .take_while(|&&c| c == b' ' || c == b'\t')
                .count();
            text.drain(..skip);
        }
        let start = if eval_mode {
            crate::code::pythonrun::EVAL_INPUT
        } else {
            crate::code::pythonrun::FILE_INPUT
        };
        let mut merged = 0;
        crate::code::pythonrun::run_string(&text, start, globals, locals, 0, &mut merged)
    }
}

/// The globals and locals `exec`/`eval` run with: the given ones, else
/// the running frame's.
unsafe fn namespaces(
    g: Option<*mut PyObject>,
    l: Option<*mut PyObject>,
) -> PyResult<(Owned, Option<Owned>)> {
    // SAFETY: live arguments.
    unsafe {
        let none = lifecycle::none();
        let g = g.filter(|&g| g != none);
        let l = l.filter(|&l| l != none);
        match g {
            Some(g) => Ok((Owned::from_borrowed(g), l.map(|l| Owned::from_borrowed(l)))),
            None => {
                let cg = crate::code::ceval::current_globals();
                let cl = match l {
                    Some(l) => Some(Owned::from_borrowed(l)),
                    None => crate::code::ceval::current_locals()?,
                };
                if cg.is_null() {
                    return Err(err::type_error("globals and locals cannot be NULL"));
                }
                Ok((Owned::from_borrowed(cg), cl))
            }
        }
    }
}

fastcall! {
    /// `exec(source, globals=None, locals=None, /, *, closure=None)`.
    fn builtin_exec(_m, a = Sig::new("exec", &[pos("source"), pos_opt("globals"),
        pos_opt("locals"), kw_opt("closure")])) {
        let (g, l) = namespaces(a.get(1), a.get(2))?;
        if !crate::objects::dict::check(g.as_ptr()) {
            return Err(err::type_error(&format!(
                "exec() globals must be a dict, not {}",
                crate::objects::typeobj::type_name_of(g.as_ptr())
            )));
        }
        let l = l.unwrap_or_else(|| g.clone());
        if !crate::protocols::sequence::is_mapping(l.as_ptr()) {
            return Err(err::type_error(&format!(
                "locals must be a mapping or None, not {}",
                crate::objects::typeobj::type_name_of(l.as_ptr())
            )));
        }
        let closure = a.get(3).filter(|&c| c != lifecycle::none());
        let src = a.req(0);
        if crate::code::codeobject::check(src) {
            let nfree = (*(src as *mut crate::code::codeobject::PyCodeObject)).co_nfreevars as isize;
            match closure {
                None if nfree > 0 => {
                    return Err(err::type_error(&format!(
                        "code object requires a closure of exactly length {nfree}"
                    )))
                }
                Some(_) if nfree == 0 => {
                    return Err(err::type_error("cannot use a closure with this code object"))
                }
                Some(c) => {
                    // An exact tuple of `nfree` cells.
                    let ok = (*c).ob_type == lifecycle::tuple_type()
                        && crate::objects::tuple::size(c) == nfree
                        && (0..nfree)
                            .all(|i| crate::objects::cell::check(crate::objects::tuple::item(c, i)));
                    if !ok {
                        return Err(err::type_error(&format!(
                            "code object requires a closure of exactly length {nfree}"
                        )));
                    }
                    crate::code::pythonrun::ensure_builtins(g.as_ptr())?;
                    crate::code::ceval::eval_code_closure(src, g.as_ptr(), l.as_ptr(), c)?;
                    return Ok(Owned::from_borrowed(lifecycle::none()));
                }
                None => {}
            }
        } else if closure.is_some() {
            return Err(err::type_error(
                "closure can only be used when source is a code object",
            ));
        }
        run_source(src, g.as_ptr(), l.as_ptr(), false)?;
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

fastcall! {
    /// `eval(source, globals=None, locals=None, /)`.
    fn builtin_eval(_m, a = Sig::new("eval", &[pos("source"), pos_opt("globals"),
        pos_opt("locals")])) {
        let none = lifecycle::none();
        if let Some(l) = a.get(2).filter(|&l| l != none) {
            if !crate::protocols::sequence::is_mapping(l) {
                return Err(err::type_error("locals must be a mapping"));
            }
        }
        if let Some(g) = a.get(1).filter(|&g| g != none) {
            if !crate::objects::dict::check(g) {
                return Err(err::type_error(if crate::protocols::sequence::is_mapping(g) {
                    "globals must be a real dict; try eval(expr, {}, mapping)"
                } else {
                    "globals must be a dict"
                }));
            }
        }
        let (g, l) = namespaces(a.get(1), a.get(2))?;
        let l = l.unwrap_or_else(|| g.clone());
        run_source(a.req(0), g.as_ptr(), l.as_ptr(), true)
    }
}
