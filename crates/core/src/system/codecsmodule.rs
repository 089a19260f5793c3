//! The `_codecs` module of CPython 3.12.1, which the pure-Python `codecs`
//! module and the `encodings` package stand on: the codec registry
//! (`register`, `unregister`, `lookup` with CPython's name normalization
//! and cache, importing `encodings` on first use), `encode`/`decode`
//! through it, the error-handler registry (`register_error`,
//! `lookup_error`) with the builtin handlers as functions, and the codec
//! functions of the builtin codecs (`objects/codecs.rs`): UTF-8, ASCII,
//! Latin-1, UTF-16 and UTF-32 in every byte order, stateful decoding
//! included.
//!
//! Not there yet: the escape, charmap, UTF-7 and `readbuffer` codec
//! functions (the `encodings` modules that use them fail when imported),
//! and `namereplace`, which needs the Unicode name database (its handler
//! raises when called). `str.encode`/`bytes.decode` still use only the
//! builtin codecs and error handlers.

use crate::objects::codecs::{self, Codec, Order};
use crate::objects::exceptions::{self, Exc};
use crate::objects::object::*;
use crate::objects::typeobj::{self, PyMethodDef};
use crate::objects::{bytes, dict, list, long, module, tuple, unicode};
use crate::protocols::clinic::{arg_opt, def, fastcall, pos, pos_opt, Sig};
use crate::protocols::{abstract_, call};
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use std::ptr;

/// The search functions, the lookup cache and the error handlers (NULL
/// until first used; dropped at finalization).
static mut SEARCH: *mut PyObject = ptr::null_mut();
static mut CACHE: *mut PyObject = ptr::null_mut();
static mut ERRORS: *mut PyObject = ptr::null_mut();

/// Makes the registries if needed: the error handlers start with the
/// builtin ones.
unsafe fn registries() -> PyResult<()> {
    // SAFETY: under the GIL.
    unsafe {
        if SEARCH.is_null() {
            SEARCH = list::new(0)?.into_raw();
            CACHE = dict::new()?.into_raw();
        }
        if ERRORS.is_null() {
            let d = dict::new()?;
            for (i, name) in HANDLER_NAMES.iter().enumerate() {
                let f = crate::objects::methodobject::new_cmethod(
                    ptr::addr_of_mut!(HANDLERS[i]),
                    ptr::null_mut(),
                    ptr::null_mut(),
                    ptr::null_mut(),
                )?;
                let k = unicode::from_str(name)?;
                dict::set(d.as_ptr(), k.as_ptr(), f.as_ptr())?;
            }
            ERRORS = d.into_raw();
        }
        Ok(())
    }
}

/// Drops the registries (interpreter teardown): the search functions of a
/// finished interpreter must not serve the next one.
///
/// # Safety
/// Under the GIL, at finalization.
pub(crate) unsafe fn clear_registries() {
    // SAFETY: each static holds one reference, cleared before it is dropped.
    unsafe {
        for slot in [
            ptr::addr_of_mut!(SEARCH),
            ptr::addr_of_mut!(CACHE),
            ptr::addr_of_mut!(ERRORS),
        ] {
            let o = std::mem::replace(&mut *slot, ptr::null_mut());
            xdecref(o);
        }
    }
}

/// CPython's `_Py_normalize_encoding`: lower case; every run of
/// characters other than ASCII letters, digits and `.` between two kept
/// characters becomes one `_`.
fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut punct = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            if punct && !out.is_empty() {
                out.push('_');
            }
            punct = false;
            out.push(c.to_ascii_lowercase());
        } else {
            punct = true;
        }
    }
    out
}

/// `codecs.lookup`: the `CodecInfo` of `encoding`.
///
/// # Safety
/// `encoding` a live str; under the GIL.
pub unsafe fn lookup(encoding: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: the registries hold their objects while they are used.
    unsafe {
        registries()?;
        if list::size(SEARCH) == 0 {
            // The `encodings` package registers its search function.
            crate::system::import::import("encodings")?;
        }
        let name = unicode::as_str(encoding);
        let key = unicode::from_str(&normalize(&name))?;
        if let Some(hit) = dict::get(CACHE, key.as_ptr())? {
            return Ok(Owned::from_borrowed(hit));
        }
        let search = Owned::from_borrowed(SEARCH);
        for i in 0..list::size(search.as_ptr()) {
            let f = Owned::from_borrowed(list::item(search.as_ptr(), i));
            let r = call::call_args(f.as_ptr(), &[key.as_ptr()])?;
            if r.as_ptr() == lifecycle::none() {
                continue;
            }
            if !tuple::check(r.as_ptr()) || tuple::size(r.as_ptr()) != 4 {
                return Err(err::type_error(
                    "codec search functions must return 4-tuples",
                ));
            }
            dict::set(CACHE, key.as_ptr(), r.as_ptr())?;
            return Ok(r);
        }
        Err(err::raise(
            Exc::LookupError,
            &format!("unknown encoding: {name}"),
        ))
    }
}

/// Runs item `which` (0 encoder, 1 decoder) of `encoding`'s codec on
/// `obj`; the first item of the pair it returns.
unsafe fn run_codec(
    obj: *mut PyObject,
    encoding: *mut PyObject,
    errors: *mut PyObject,
    which: isize,
) -> PyResult<Owned> {
    // SAFETY: live arguments.
    unsafe {
        let info = lookup(encoding)?;
        let f = Owned::from_borrowed(tuple::item(info.as_ptr(), which));
        let r = call::call_args(f.as_ptr(), &[obj, errors])?;
        if !tuple::check(r.as_ptr()) || tuple::size(r.as_ptr()) != 2 {
            return Err(err::type_error(if which == 0 {
                "encoder must return a tuple (object, integer)"
            } else {
                "decoder must return a tuple (object,integer)"
            }));
        }
        Ok(Owned::from_borrowed(tuple::item(r.as_ptr(), 0)))
    }
}

fastcall! {
    /// `_codecs.register(search_function, /)`.
    fn codecs_register(_m, a = Sig::new("register", &[pos("search_function")])) {
        let f = a.req(0);
        if !abstract_::callable(f) {
            return Err(err::type_error("argument must be callable"));
        }
        registries()?;
        list::append(SEARCH, f)?;
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

fastcall! {
    /// `_codecs.unregister(search_function, /)`: also empties the cache.
    fn codecs_unregister(_m, a = Sig::new("unregister", &[pos("search_function")])) {
        registries()?;
        let f = a.req(0);
        for i in 0..list::size(SEARCH) {
            if list::item(SEARCH, i) == f {
                dict::clear(CACHE);
                crate::protocols::sequence::set_slice(SEARCH, i, i + 1, ptr::null_mut())?;
                break;
            }
        }
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

fastcall! {
    /// `_codecs.lookup(encoding, /)`.
    fn codecs_lookup(_m, a = Sig::new("lookup", &[pos("encoding")])) {
        let enc = a.req(0);
        if !unicode::check(enc) {
            return Err(a.bad(0, "str", enc));
        }
        lookup(enc)
    }
}

fastcall! {
    /// `_codecs._forget_codec(encoding, /)`: drops it from the cache.
    fn codecs_forget(_m, a = Sig::new("_forget_codec", &[pos("encoding")])) {
        let enc = a.req(0);
        if !unicode::check(enc) {
            return Err(a.bad(0, "str", enc));
        }
        registries()?;
        let key = unicode::from_str(&normalize(&unicode::as_str(enc)))?;
        if dict::get(CACHE, key.as_ptr())?.is_some() {
            dict::del(CACHE, key.as_ptr())?;
        }
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

/// The `encoding` and `errors` arguments of `encode`/`decode`, with their
/// defaults.
unsafe fn enc_errors<const N: usize>(
    a: &crate::protocols::clinic::Args<N>,
) -> PyResult<(Owned, Owned)> {
    // SAFETY: live arguments.
    unsafe {
        let enc = match a.str(1)? {
            Some(e) => Owned::from_borrowed(e),
            None => unicode::from_str("utf-8")?,
        };
        let errs = match a.str(2)? {
            Some(e) => Owned::from_borrowed(e),
            None => unicode::from_str("strict")?,
        };
        Ok((enc, errs))
    }
}

fastcall! {
    /// `_codecs.encode(obj, encoding='utf-8', errors='strict')`.
    fn codecs_encode(_m, a = Sig::new("encode", &[pos("obj"), arg_opt("encoding"), arg_opt("errors")])) {
        let (enc, errs) = enc_errors(&a)?;
        run_codec(a.req(0), enc.as_ptr(), errs.as_ptr(), 0)
    }
}

fastcall! {
    /// `_codecs.decode(obj, encoding='utf-8', errors='strict')`.
    fn codecs_decode(_m, a = Sig::new("decode", &[pos("obj"), arg_opt("encoding"), arg_opt("errors")])) {
        let (enc, errs) = enc_errors(&a)?;
        run_codec(a.req(0), enc.as_ptr(), errs.as_ptr(), 1)
    }
}

fastcall! {
    /// `_codecs.register_error(errors, handler, /)`.
    fn codecs_register_error(_m, a = Sig::new("register_error", &[pos("errors"), pos("handler")])) {
        let name = a.req(0);
        if !unicode::check(name) {
            return Err(a.bad(0, "str", name));
        }
        let h = a.req(1);
        if !abstract_::callable(h) {
            return Err(err::type_error("handler must be callable"));
        }
        registries()?;
        dict::set(ERRORS, name, h)?;
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

fastcall! {
    /// `_codecs.lookup_error(name, /)`.
    fn codecs_lookup_error(_m, a = Sig::new("lookup_error", &[pos("name")])) {
        let name = a.req(0);
        if !unicode::check(name) {
            return Err(a.bad(0, "str", name));
        }
        registries()?;
        match dict::get(ERRORS, name)? {
            Some(h) => Ok(Owned::from_borrowed(h)),
            None => Err(err::raise(
                Exc::LookupError,
                &format!("unknown error handler name '{}'", unicode::as_str(name)),
            )),
        }
    }
}

// ---------------------------------------------------------------------------
// The builtin error handlers, as the functions `lookup_error` gives.

const HANDLER_NAMES: [&str; 8] = [
    "strict",
    "ignore",
    "replace",
    "xmlcharrefreplace",
    "backslashreplace",
    "namereplace",
    "surrogateescape",
    "surrogatepass",
];

/// What a handler was given: the kind of Unicode error and its fields.
enum Failure {
    Encode {
        s: Owned,
        start: usize,
        end: usize,
    },
    Decode {
        b: Vec<u8>,
        start: usize,
        end: usize,
    },
    Translate {
        s: Owned,
        start: usize,
        end: usize,
    },
}

/// Reads a `UnicodeEncodeError`/`DecodeError`/`TranslateError`, or CPython's
/// `TypeError` for anything else.
unsafe fn failure(exc: *mut PyObject) -> PyResult<Failure> {
    // SAFETY: a live argument.
    unsafe {
        let is = |k: Exc| abstract_::is_instance(exc, exceptions::get(k));
        let field =
            |n: &str| -> PyResult<Owned> { abstract_::getattr(exc, unicode::intern(n)?.as_ptr()) };
        let index = |n: &str| -> PyResult<usize> {
            let v = field(n)?;
            Ok(long::as_i64(v.as_ptr(), "index too large")?.max(0) as usize)
        };
        if is(Exc::UnicodeEncodeError)? {
            return Ok(Failure::Encode {
                s: field("object")?,
                start: index("start")?,
                end: index("end")?,
            });
        }
        if is(Exc::UnicodeDecodeError)? {
            let o = field("object")?;
            let b = if bytes::check(o.as_ptr()) {
                bytes::as_slice(o.as_ptr()).to_vec()
            } else {
                Vec::new()
            };
            return Ok(Failure::Decode {
                b,
                start: index("start")?,
                end: index("end")?,
            });
        }
        if is(Exc::UnicodeTranslateError)? {
            return Ok(Failure::Translate {
                s: field("object")?,
                start: index("start")?,
                end: index("end")?,
            });
        }
        Err(err::type_error(&format!(
            "don't know how to handle {} in error callback",
            typeobj::type_name_of(exc)
        )))
    }
}

/// Raises `exc` itself again (the handlers that give up).
unsafe fn reraise(exc: *mut PyObject) -> err::Raised {
    // SAFETY: a live exception instance.
    unsafe { err::set_object((*exc).ob_type as *mut PyObject, exc) }
}

/// `(replacement, end)`.
fn answer(text: &str, end: usize) -> PyResult<Owned> {
    let s = unicode::from_str(text)?;
    let e = long::from_i64(end as i64)?;
    tuple::new_from(&[s.as_ptr(), e.as_ptr()])
}

/// The code points `s[start..end]`.
unsafe fn span(s: *mut PyObject, start: usize, end: usize) -> Vec<u32> {
    // SAFETY: a live str.
    unsafe {
        unicode::chars(s)
            .skip(start)
            .take(end.saturating_sub(start))
            .collect()
    }
}

fn backslash(c: u32) -> String {
    if c < 0x100 {
        format!("\\x{c:02x}")
    } else if c < 0x10000 {
        format!("\\u{c:04x}")
    } else {
        format!("\\U{c:08x}")
    }
}

unsafe fn handle(name: &str, exc: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: a live argument.
    unsafe {
        if name == "strict" {
            if abstract_::is_instance(exc, exceptions::get(Exc::BaseException))? {
                return Err(reraise(exc));
            }
            return Err(err::type_error("codec must pass exception instance"));
        }
        let f = failure(exc)?;
        let wrong = || {
            Err(err::type_error(&format!(
                "don't know how to handle {} in error callback",
                typeobj::type_name_of(exc)
            )))
        };
        match (name, f) {
            ("ignore", Failure::Encode { end, .. } | Failure::Decode { end, .. } | Failure::Translate { end, .. }) => answer("", end),
            ("replace", Failure::Encode { start, end, .. }) => answer(&"?".repeat(end.saturating_sub(start)), end),
            ("replace", Failure::Decode { end, .. }) => answer("\u{fffd}", end),
            ("replace", Failure::Translate { start, end, .. }) => answer(&"\u{fffd}".repeat(end.saturating_sub(start)), end),
            ("xmlcharrefreplace", Failure::Encode { s, start, end }) => {
                let t: String = span(s.as_ptr(), start, end).iter().map(|c| format!("&#{c};")).collect();
                answer(&t, end)
            }
            ("backslashreplace", Failure::Encode { s, start, end } | Failure::Translate { s, start, end }) => {
                let t: String = span(s.as_ptr(), start, end).into_iter().map(backslash).collect();
                answer(&t, end)
            }
            ("backslashreplace", Failure::Decode { b, start, end }) => {
                let t: String = b.get(start..end.min(b.len())).unwrap_or(&[]).iter().map(|&x| format!("\\x{x:02x}")).collect();
                answer(&t, end)
            }
            ("namereplace", Failure::Encode { .. }) => Err(err::system_error(
                "Ophis has no Unicode character name database yet: the 'namereplace' handler cannot run",
            )),
            ("surrogateescape", Failure::Decode { b, start, end }) => {
                let mut cps = Vec::new();
                for &x in b.get(start..end.min(b.len())).unwrap_or(&[]) {
                    if x < 128 {
                        return Err(reraise(exc));
                    }
                    cps.push(0xdc00 + x as u32);
                }
                let s = unicode::from_code_points(&cps)?;
                let e = long::from_i64(end as i64)?;
                tuple::new_from(&[s.as_ptr(), e.as_ptr()])
            }
            ("surrogateescape", Failure::Encode { s, start, end }) => {
                let mut out = Vec::new();
                for c in span(s.as_ptr(), start, end) {
                    if !(0xdc80..=0xdcff).contains(&c) {
                        return Err(reraise(exc));
                    }
                    out.push((c - 0xdc00) as u8);
                }
                let b = bytes::from_bytes(&out)?;
                let e = long::from_i64(end as i64)?;
                tuple::new_from(&[b.as_ptr(), e.as_ptr()])
            }
            ("surrogatepass", Failure::Encode { s, start, end }) => {
                // UTF-8's three-byte form of each surrogate; the forms of
                // the other encodings are not written yet.
                let enc = abstract_::getattr(exc, unicode::intern("encoding")?.as_ptr())?;
                let enc = normalize(&abstract_::str_string(enc.as_ptr())?);
                if !matches!(enc.as_str(), "utf_8" | "utf8") {
                    return Err(err::system_error(&format!(
                        "Ophis's 'surrogatepass' handler encodes only UTF-8 yet, not '{enc}'"
                    )));
                }
                let mut out = Vec::new();
                for c in span(s.as_ptr(), start, end) {
                    if !(0xd800..=0xdfff).contains(&c) {
                        return Err(reraise(exc));
                    }
                    out.extend([0xe0 | (c >> 12) as u8, 0x80 | ((c >> 6) & 0x3f) as u8, 0x80 | (c & 0x3f) as u8]);
                }
                let b = bytes::from_bytes(&out)?;
                let e = long::from_i64(end as i64)?;
                tuple::new_from(&[b.as_ptr(), e.as_ptr()])
            }
            ("surrogatepass", Failure::Decode { .. }) => Err(err::system_error(
                "Ophis's 'surrogatepass' handler does not decode yet",
            )),
            _ => wrong(),
        }
    }
}

macro_rules! handler {
    ($f:ident, $name:literal) => {
        unsafe extern "C" fn $f(_m: *mut PyObject, exc: *mut PyObject) -> *mut PyObject {
            // SAFETY: METH_O: a live argument.
            err::into_ptr(unsafe { handle($name, exc) })
        }
    };
}
handler!(strict_errors, "strict");
handler!(ignore_errors, "ignore");
handler!(replace_errors, "replace");
handler!(xmlcharrefreplace_errors, "xmlcharrefreplace");
handler!(backslashreplace_errors, "backslashreplace");
handler!(namereplace_errors, "namereplace");
handler!(surrogateescape_errors, "surrogateescape");
handler!(surrogatepass_errors, "surrogatepass");

static mut HANDLERS: [PyMethodDef; 8] = [
    crate::system::builtins::one_arg_def(c"strict_errors", strict_errors),
    crate::system::builtins::one_arg_def(c"ignore_errors", ignore_errors),
    crate::system::builtins::one_arg_def(c"replace_errors", replace_errors),
    crate::system::builtins::one_arg_def(c"xmlcharrefreplace_errors", xmlcharrefreplace_errors),
    crate::system::builtins::one_arg_def(c"backslashreplace_errors", backslashreplace_errors),
    crate::system::builtins::one_arg_def(c"namereplace_errors", namereplace_errors),
    crate::system::builtins::one_arg_def(c"surrogateescape", surrogateescape_errors),
    crate::system::builtins::one_arg_def(c"surrogatepass", surrogatepass_errors),
];

// ---------------------------------------------------------------------------
// The codec functions of the builtin codecs.

/// The `errors` argument (None means strict).
unsafe fn errors_arg<const N: usize>(
    a: &crate::protocols::clinic::Args<N>,
    i: usize,
) -> PyResult<Option<String>> {
    // SAFETY: live arguments.
    unsafe {
        match a.get(i) {
            None => Ok(None),
            Some(e) if e == lifecycle::none() => Ok(None),
            Some(e) if unicode::check(e) => Ok(Some(unicode::as_str(e).into_owned())),
            Some(e) => Err(a.bad(i, "str or None", e)),
        }
    }
}

/// `CODEC_encode(str, errors=None)`: `(bytes, len(str))`.
unsafe fn encode_fn<const N: usize>(
    a: &crate::protocols::clinic::Args<N>,
    codec: Codec,
) -> PyResult<Owned> {
    // SAFETY: live arguments.
    unsafe {
        let s = a.req(0);
        if !unicode::check(s) {
            return Err(a.bad(0, "str", s));
        }
        let errs = errors_arg(a, 1)?;
        let v = codecs::encode(s, codec, errs.as_deref())?;
        let b = bytes::from_bytes(&v)?;
        let n = long::from_i64(unicode::len_chars(s) as i64)?;
        tuple::new_from(&[b.as_ptr(), n.as_ptr()])
    }
}

/// The bytes of a bytes-like argument, or CPython's `TypeError`.
unsafe fn data<const N: usize, T>(
    a: &crate::protocols::clinic::Args<N>,
    f: impl FnOnce(&[u8]) -> PyResult<T>,
) -> PyResult<T> {
    // SAFETY: the buffer is held while `f` reads it.
    unsafe {
        let o = a.req(0);
        if bytes::check(o) {
            return f(bytes::as_slice(o));
        }
        crate::protocols::buffer::with_simple(o, f).unwrap_or_else(|| {
            Err(err::type_error(&format!(
                "a bytes-like object is required, not '{}'",
                typeobj::type_name_of(o)
            )))
        })
    }
}

/// `CODEC_decode(data, errors=None[, final=False])`: `(str, consumed)`.
unsafe fn decode_fn<const N: usize>(
    a: &crate::protocols::clinic::Args<N>,
    codec: Codec,
    final_at: Option<usize>,
) -> PyResult<Owned> {
    // SAFETY: live arguments.
    unsafe {
        let errs = errors_arg(a, 1)?;
        let last = match final_at {
            Some(i) => a.truth(i, false)?,
            None => true,
        };
        let (s, used) = data(a, |b| codecs::decode(b, codec, errs.as_deref(), last))?;
        let n = long::from_i64(used as i64)?;
        tuple::new_from(&[s.as_ptr(), n.as_ptr()])
    }
}

macro_rules! codec_fns {
    ($($enc:ident, $dec:ident, $ename:literal, $dname:literal, $codec:expr, $final:expr;)*) => {$(
        fastcall! {
            #[doc = concat!("`_codecs.", $ename, "(str, errors=None, /)`.")]
            fn $enc(_m, a = Sig::new($ename, &[pos("str"), pos_opt("errors")])) {
                encode_fn(&a, $codec)
            }
        }
        fastcall! {
            #[doc = concat!("`_codecs.", $dname, "(data, errors=None, final=False, /)`.")]
            fn $dec(_m, a = Sig::new($dname, &[pos("data"), pos_opt("errors"), pos_opt("final")])) {
                decode_fn(&a, $codec, if $final { Some(2) } else { None })
            }
        }
    )*};
}

codec_fns! {
    utf_8_encode, utf_8_decode, "utf_8_encode", "utf_8_decode", Codec::Utf8, true;
    ascii_encode, ascii_decode, "ascii_encode", "ascii_decode", Codec::Ascii, false;
    latin_1_encode, latin_1_decode, "latin_1_encode", "latin_1_decode", Codec::Latin1, false;
    utf_16_le_encode, utf_16_le_decode, "utf_16_le_encode", "utf_16_le_decode", Codec::Utf16(Order::Le), true;
    utf_16_be_encode, utf_16_be_decode, "utf_16_be_encode", "utf_16_be_decode", Codec::Utf16(Order::Be), true;
    utf_32_le_encode, utf_32_le_decode, "utf_32_le_encode", "utf_32_le_decode", Codec::Utf32(Order::Le), true;
    utf_32_be_encode, utf_32_be_decode, "utf_32_be_encode", "utf_32_be_decode", Codec::Utf32(Order::Be), true;
}

/// The codec of a `byteorder` argument: 0 with a BOM, -1 little-endian,
/// 1 big-endian.
fn ordered(utf16: bool, byteorder: isize) -> Codec {
    let o = match byteorder {
        0 => Order::Bom,
        b if b < 0 => Order::Le,
        _ => Order::Be,
    };
    if utf16 {
        Codec::Utf16(o)
    } else {
        Codec::Utf32(o)
    }
}

macro_rules! bom_fns {
    ($($enc:ident, $dec:ident, $ename:literal, $dname:literal, $utf16:expr;)*) => {$(
        fastcall! {
            #[doc = concat!("`_codecs.", $ename, "(str, errors=None, byteorder=0, /)`.")]
            fn $enc(_m, a = Sig::new($ename, &[pos("str"), pos_opt("errors"), pos_opt("byteorder")])) {
                let order = a.ssize(2, 0)?;
                encode_fn(&a, ordered($utf16, order))
            }
        }
        fastcall! {
            #[doc = concat!("`_codecs.", $dname, "(data, errors=None, final=False, /)`.")]
            fn $dec(_m, a = Sig::new($dname, &[pos("data"), pos_opt("errors"), pos_opt("final")])) {
                decode_fn(&a, ordered($utf16, 0), Some(2))
            }
        }
    )*};
}

bom_fns! {
    utf_16_encode, utf_16_decode, "utf_16_encode", "utf_16_decode", true;
    utf_32_encode, utf_32_decode, "utf_32_encode", "utf_32_decode", false;
}

/// `utf_16_ex_decode`/`utf_32_ex_decode`: with `byteorder` 0 a BOM at
/// the start picks the order (and is consumed), else little-endian; the
/// result carries the order found (-1, 0 or 1).
unsafe fn ex_decode<const N: usize>(
    a: &crate::protocols::clinic::Args<N>,
    utf16: bool,
) -> PyResult<Owned> {
    // SAFETY: live arguments.
    unsafe {
        let errs = errors_arg(a, 1)?;
        let byteorder = a.ssize(2, 0)?;
        let last = a.truth(3, false)?;
        let unit = if utf16 { 2 } else { 4 };
        let (le_bom, be_bom): (&[u8], &[u8]) = if utf16 {
            (b"\xff\xfe", b"\xfe\xff")
        } else {
            (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
        };
        let (s, used, order) = data(a, |b| {
            let (skip, order) = if byteorder != 0 {
                (0, byteorder.signum())
            } else if b.starts_with(le_bom) {
                (unit, -1)
            } else if b.starts_with(be_bom) {
                (unit, 1)
            } else if b.len() < unit && !last {
                return Ok((unicode::from_str("")?, 0, 0));
            } else {
                (0, 0)
            };
            let codec = ordered(utf16, if order == 0 { -1 } else { order });
            let (s, used) = codecs::decode(&b[skip..], codec, errs.as_deref(), last)?;
            Ok((s, skip + used, order))
        })?;
        let n = long::from_i64(used as i64)?;
        let o = long::from_i64(order as i64)?;
        tuple::new_from(&[s.as_ptr(), n.as_ptr(), o.as_ptr()])
    }
}

fastcall! {
    /// `_codecs.utf_16_ex_decode(data, errors=None, byteorder=0, final=False, /)`.
    fn utf_16_ex_decode(_m, a = Sig::new("utf_16_ex_decode", &[pos("data"), pos_opt("errors"), pos_opt("byteorder"), pos_opt("final")])) {
        ex_decode(&a, true)
    }
}

fastcall! {
    /// `_codecs.utf_32_ex_decode(data, errors=None, byteorder=0, final=False, /)`.
    fn utf_32_ex_decode(_m, a = Sig::new("utf_32_ex_decode", &[pos("data"), pos_opt("errors"), pos_opt("byteorder"), pos_opt("final")])) {
        ex_decode(&a, false)
    }
}

static mut METHODS: [PyMethodDef; 29] = [
    def(c"register", codecs_register),
    def(c"unregister", codecs_unregister),
    def(c"lookup", codecs_lookup),
    def(c"_forget_codec", codecs_forget),
    def(c"encode", codecs_encode),
    def(c"decode", codecs_decode),
    def(c"register_error", codecs_register_error),
    def(c"lookup_error", codecs_lookup_error),
    def(c"utf_8_encode", utf_8_encode),
    def(c"utf_8_decode", utf_8_decode),
    def(c"ascii_encode", ascii_encode),
    def(c"ascii_decode", ascii_decode),
    def(c"latin_1_encode", latin_1_encode),
    def(c"latin_1_decode", latin_1_decode),
    def(c"utf_16_encode", utf_16_encode),
    def(c"utf_16_decode", utf_16_decode),
    def(c"utf_16_le_encode", utf_16_le_encode),
    def(c"utf_16_le_decode", utf_16_le_decode),
    def(c"utf_16_be_encode", utf_16_be_encode),
    def(c"utf_16_be_decode", utf_16_be_decode),
    def(c"utf_32_encode", utf_32_encode),
    def(c"utf_32_decode", utf_32_decode),
    def(c"utf_32_le_encode", utf_32_le_encode),
    def(c"utf_32_le_decode", utf_32_le_decode),
    def(c"utf_32_be_encode", utf_32_be_encode),
    def(c"utf_32_be_decode", utf_32_be_decode),
    def(c"utf_16_ex_decode", utf_16_ex_decode),
    def(c"utf_32_ex_decode", utf_32_ex_decode),
    typeobj::METHOD_END,
];

/// Creates the `_codecs` module (for the builtin module table).
pub fn create_module() -> PyResult<Owned> {
    // SAFETY: the runtime is initialized and the GIL held; the method
    // table is static.
    unsafe {
        registries()?;
        let name = unicode::intern("_codecs")?;
        let m = module::new(name.as_ptr())?;
        crate::objects::moduledef::add_functions(
            m.as_ptr(),
            ptr::addr_of_mut!(METHODS) as *mut PyMethodDef,
        )?;
        Ok(m)
    }
}
