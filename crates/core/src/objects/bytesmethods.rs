//! The methods of `bytes` and the ones `bytearray` shares with it,
//! written once over byte slices (`strlib.rs`), each declared with
//! `clinic`'s signatures. A method of a `bytearray` returns a `bytearray`
//! where CPython's does; arguments are any bytes-like object (the buffer
//! protocol), and the searching methods also take a byte as an int.

use crate::objects::object::*;
use crate::objects::strlib;
use crate::objects::typeobj;
use crate::protocols::buffer::{self, PyBuffer};
use crate::protocols::clinic::{arg_opt, fastcall, pos, pos_opt, Args, Sig};
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::{objects::bytearray, objects::bytes, objects::codecs, objects::list, objects::long};
use crate::{objects::tuple, objects::unicode};

fastcall! {
    /// `bytes.decode(encoding='utf-8', errors='strict')`.
    pub(crate) fn bytes_decode(b, a = Sig::new("decode", &[arg_opt("encoding"), arg_opt("errors")])) {
        let (enc, errs) = (a.str(0)?, a.str(1)?);
        let enc = enc.map(|e| unicode::as_str(e));
        let errs = errs.map(|e| unicode::as_str(e));
        codecs::decode_bytes(own(b), enc.as_deref(), errs.as_deref())
    }
}

/// The bytes of `self` (a `bytes` or a `bytearray`, or a subclass).
unsafe fn own<'a>(o: *mut PyObject) -> &'a [u8] {
    // SAFETY: a live bytes or bytearray.
    unsafe {
        if bytes::check(o) {
            bytes::as_slice(o)
        } else {
            bytearray::as_slice(o)
        }
    }
}

/// A result of `self`'s kind: `bytearray` for a bytearray, else `bytes`.
unsafe fn like(o: *mut PyObject, data: &[u8]) -> PyResult<Owned> {
    // SAFETY: live.
    unsafe {
        if bytes::check(o) {
            bytes::from_bytes(data)
        } else {
            bytearray::from_bytes(data)
        }
    }
}

/// The contents of a bytes-like argument (`TypeError` "a bytes-like
/// object is required, not 'T'" otherwise).
pub(crate) unsafe fn byteslike(o: *mut PyObject) -> PyResult<Vec<u8>> {
    // SAFETY: live; the view is released before returning.
    unsafe {
        let mut view: PyBuffer = std::mem::zeroed();
        buffer::get(o, &mut view, 0)?;
        let data =
            std::slice::from_raw_parts(view.buf as *const u8, view.len.max(0) as usize).to_vec();
        buffer::release(&mut view);
        Ok(data)
    }
}

/// A `sub` of the searching methods: bytes-like, or an int in 0..256.
unsafe fn needle(o: *mut PyObject) -> PyResult<Vec<u8>> {
    // SAFETY: live.
    unsafe {
        if crate::protocols::number::index_check(o) {
            let v = crate::protocols::number::as_ssize(o, None)?;
            if !(0..256).contains(&v) {
                return Err(err::value_error("byte must be in range(0, 256)"));
            }
            return Ok(vec![v as u8]);
        }
        if !buffer::check(o) {
            return Err(err::type_error(&format!(
                "argument should be integer or bytes-like object, not '{}'",
                typeobj::type_name_of(o)
            )));
        }
        byteslike(o)
    }
}

unsafe fn bound(a: &Args<3>, i: usize, default: isize) -> PyResult<isize> {
    match a.get(i) {
        Some(v) => {
            // SAFETY: a live argument.
            let b = unsafe { crate::objects::stdmethods::slice_index(v, true)? };
            Ok(b.unwrap_or(default))
        }
        None => Ok(default),
    }
}

macro_rules! search {
    ($(#[$m:meta])* $fname:ident, $name:literal, |$t:ident, $s:ident, $st:ident, $en:ident| $body:expr) => {
        fastcall! {
            $(#[$m])*
            pub(crate) fn $fname(b, a = Sig::legacy($name, &[pos("sub"), pos_opt("start"), pos_opt("end")])) {
                let $s = needle(a.req(0))?;
                let $st = bound(&a, 1, 0)?;
                let $en = bound(&a, 2, isize::MAX)?;
                let $t = own(b);
                $body
            }
        }
    };
}

search!(/// `bytes.find(sub[, start[, end]])`.
    bytes_find, "find", |t, s, st, en| long::from_i64(strlib::find(t, &s, st, en) as i64));
search!(/// `bytes.rfind(sub[, start[, end]])`.
    bytes_rfind, "rfind", |t, s, st, en| long::from_i64(strlib::rfind(t, &s, st, en) as i64));
search!(/// `bytes.index(sub[, start[, end]])`.
bytes_index, "index", |t, s, st, en| match strlib::find(t, &s, st, en) {
    -1 => Err(err::value_error("subsection not found")),
    i => long::from_i64(i as i64),
});
search!(/// `bytes.rindex(sub[, start[, end]])`.
bytes_rindex, "rindex", |t, s, st, en| match strlib::rfind(t, &s, st, en) {
    -1 => Err(err::value_error("subsection not found")),
    i => long::from_i64(i as i64),
});
search!(/// `bytes.count(sub[, start[, end]])`.
    bytes_count, "count", |t, s, st, en| long::from_i64(strlib::count(t, &s, st, en) as i64));

unsafe fn starts_ends(b: *mut PyObject, a: &Args<3>, name: &str, at_end: bool) -> PyResult<Owned> {
    // SAFETY: live arguments.
    unsafe {
        let start = bound(a, 1, 0)?;
        let end = bound(a, 2, isize::MAX)?;
        let text = own(b);
        let sub = a.req(0);
        let hit = if tuple::check(sub) {
            let mut any = false;
            for i in 0..tuple::size(sub) {
                let p = tuple::item(sub, i);
                if !buffer::check(p) {
                    return Err(err::type_error(&format!(
                        "a bytes-like object is required, not '{}'",
                        typeobj::type_name_of(p)
                    )));
                }
                if strlib::tailmatch(text, &byteslike(p)?, start, end, at_end) {
                    any = true;
                    break;
                }
            }
            any
        } else {
            if !buffer::check(sub) {
                return Err(err::type_error(&format!(
                    "{name} first arg must be bytes or a tuple of bytes, not {}",
                    typeobj::type_name_of(sub)
                )));
            }
            strlib::tailmatch(text, &byteslike(sub)?, start, end, at_end)
        };
        Ok(long::bool_from(hit))
    }
}

fastcall! {
    /// `bytes.startswith(prefix[, start[, end]])`.
    pub(crate) fn bytes_startswith(b, a = Sig::legacy("startswith", &[pos("prefix"), pos_opt("start"), pos_opt("end")])) {
        starts_ends(b, &a, "startswith", false)
    }
}
fastcall! {
    /// `bytes.endswith(suffix[, start[, end]])`.
    pub(crate) fn bytes_endswith(b, a = Sig::legacy("endswith", &[pos("suffix"), pos_opt("start"), pos_opt("end")])) {
        starts_ends(b, &a, "endswith", true)
    }
}

/// ASCII whitespace as `bytes.split()` and `strip()` see it.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

unsafe fn list_like(b: *mut PyObject, parts: &[&[u8]]) -> PyResult<Owned> {
    // SAFETY: a fresh list.
    unsafe {
        let out = list::new(0)?;
        for p in parts {
            list::append(out.as_ptr(), like(b, p)?.as_ptr())?;
        }
        Ok(out)
    }
}

unsafe fn sep_arg(v: Option<*mut PyObject>) -> PyResult<Option<Vec<u8>>> {
    // SAFETY: live.
    unsafe {
        match v {
            Some(p) if p != lifecycle::none() => {
                let s = byteslike(p)?;
                if s.is_empty() {
                    return Err(err::value_error("empty separator"));
                }
                Ok(Some(s))
            }
            _ => Ok(None),
        }
    }
}

fastcall! {
    /// `bytes.split(sep=None, maxsplit=-1)`.
    pub(crate) fn bytes_split(b, a = Sig::new("split", &[arg_opt("sep"), arg_opt("maxsplit")])) {
        let sep = sep_arg(a.get(0))?;
        let max = a.ssize(1, -1)?;
        let t = own(b);
        match sep {
            Some(s) => list_like(b, &strlib::split_sep(t, &s, max)),
            None => list_like(b, &strlib::split_ws(t, max, is_space)),
        }
    }
}
fastcall! {
    /// `bytes.rsplit(sep=None, maxsplit=-1)`.
    pub(crate) fn bytes_rsplit(b, a = Sig::new("rsplit", &[arg_opt("sep"), arg_opt("maxsplit")])) {
        let sep = sep_arg(a.get(0))?;
        let max = a.ssize(1, -1)?;
        let t = own(b);
        match sep {
            Some(s) => list_like(b, &strlib::rsplit_sep(t, &s, max)),
            None => list_like(b, &strlib::rsplit_ws(t, max, is_space)),
        }
    }
}

unsafe fn strip(b: *mut PyObject, a: &Args<1>, left: bool, right: bool) -> PyResult<Owned> {
    // SAFETY: live.
    unsafe {
        let t = own(b);
        let chars = match a.get(0) {
            Some(c) if c != lifecycle::none() => Some(byteslike(c)?),
            _ => None,
        };
        let (lo, hi) = strlib::strip_bounds(t, left, right, |c| match &chars {
            Some(set) => set.contains(&c),
            None => is_space(c),
        });
        like(b, &t[lo..hi])
    }
}

fastcall! {
    /// `bytes.strip(bytes=None, /)`.
    pub(crate) fn bytes_strip(b, a = Sig::new("strip", &[pos_opt("bytes")])) { strip(b, &a, true, true) }
}
fastcall! {
    /// `bytes.lstrip(bytes=None, /)`.
    pub(crate) fn bytes_lstrip(b, a = Sig::new("lstrip", &[pos_opt("bytes")])) { strip(b, &a, true, false) }
}
fastcall! {
    /// `bytes.rstrip(bytes=None, /)`.
    pub(crate) fn bytes_rstrip(b, a = Sig::new("rstrip", &[pos_opt("bytes")])) { strip(b, &a, false, true) }
}
fastcall! {
    /// `bytes.replace(old, new, count=-1, /)`.
    pub(crate) fn bytes_replace(b, a = Sig::new("replace", &[pos("old"), pos("new"), pos_opt("count")])) {
        let old = byteslike(a.req(0))?;
        let new = byteslike(a.req(1))?;
        let count = a.ssize(2, -1)?;
        like(b, &strlib::replace(own(b), &old, &new, count))
    }
}

unsafe fn partition(b: *mut PyObject, sep: *mut PyObject, from_right: bool) -> PyResult<Owned> {
    // SAFETY: live.
    unsafe {
        let s = byteslike(sep)?;
        if s.is_empty() {
            return Err(err::value_error("empty separator"));
        }
        let t = own(b);
        let parts: [Owned; 3] = match strlib::partition(t, &s, from_right) {
            Some((i, j)) => [like(b, &t[..i])?, like(b, &t[i..j])?, like(b, &t[j..])?],
            None if from_right => [like(b, b"")?, like(b, b"")?, like(b, t)?],
            None => [like(b, t)?, like(b, b"")?, like(b, b"")?],
        };
        tuple::from_owned(parts.into())
    }
}

fastcall! {
    /// `bytes.partition(sep, /)`.
    pub(crate) fn bytes_partition(b, a = Sig::new("partition", &[pos("sep")])) { partition(b, a.req(0), false) }
}
fastcall! {
    /// `bytes.rpartition(sep, /)`.
    pub(crate) fn bytes_rpartition(b, a = Sig::new("rpartition", &[pos("sep")])) { partition(b, a.req(0), true) }
}
fastcall! {
    /// `bytes.translate(table, /, delete=b'')` (and `bytearray`'s).
    pub(crate) fn bytes_translate(b, a = Sig::new("translate", &[pos("table"), arg_opt("delete")])) {
        let table = if a.is_none(0) {
            None
        } else {
            let t = byteslike(a.req(0))?;
            if t.len() != 256 {
                return Err(err::value_error("translation table must be 256 characters long"));
            }
            Some(t)
        };
        let delete = match a.get(1) {
            Some(d) => byteslike(d)?,
            None => Vec::new(),
        };
        let out: Vec<u8> = own(b)
            .iter()
            .filter(|c| !delete.contains(c))
            .map(|&c| table.as_ref().map_or(c, |t| t[c as usize]))
            .collect();
        like(b, &out)
    }
}
fastcall! {
    /// `bytes.join(iterable_of_bytes, /)`.
    pub(crate) fn bytes_join(b, a = Sig::new("join", &[pos("iterable_of_bytes")])) {
        let sep = own(b).to_vec();
        let items = crate::protocols::abstract_::collect(a.req(0), "can only join an iterable")?;
        let mut out = Vec::new();
        for (i, it) in items.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(&sep);
            }
            if !buffer::check(it.as_ptr()) {
                return Err(err::type_error(&format!(
                    "sequence item {i}: expected a bytes-like object, {} found",
                    typeobj::type_name_of(it.as_ptr())
                )));
            }
            out.extend_from_slice(&byteslike(it.as_ptr())?);
        }
        like(b, &out)
    }
}

macro_rules! mapped {
    ($(#[$m:meta])* $fname:ident, $name:literal, |$t:ident| $body:expr) => {
        fastcall! {
            $(#[$m])*
            pub(crate) fn $fname(b, _a = Sig::new($name, &[])) {
                let $t = own(b);
                like(b, &$body)
            }
        }
    };
}

mapped!(/// `bytes.upper()`.
    bytes_upper, "upper", |t| t.to_ascii_uppercase());
mapped!(/// `bytes.lower()`.
    bytes_lower, "lower", |t| t.to_ascii_lowercase());
mapped!(/// `bytes.swapcase()`.
    bytes_swapcase, "swapcase", |t| t.iter().map(|&c| if c.is_ascii_lowercase() { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() }).collect::<Vec<u8>>());
mapped!(/// `bytes.capitalize()`.
    bytes_capitalize, "capitalize", |t| t.iter().enumerate().map(|(i, &c)| if i == 0 { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() }).collect::<Vec<u8>>());
mapped!(/// `bytes.title()`.
bytes_title, "title", |t| {
    let mut prev_cased = false;
    t.iter()
        .map(|&c| {
            let r = if c.is_ascii_alphabetic() {
                if prev_cased { c.to_ascii_lowercase() } else { c.to_ascii_uppercase() }
            } else {
                c
            };
            prev_cased = c.is_ascii_alphabetic();
            r
        })
        .collect::<Vec<u8>>()
});

macro_rules! predicate {
    ($(#[$m:meta])* $fname:ident, $name:literal, |$t:ident| $body:expr) => {
        fastcall! {
            $(#[$m])*
            pub(crate) fn $fname(b, _a = Sig::new($name, &[])) {
                let $t = own(b);
                Ok(long::bool_from($body))
            }
        }
    };
}

predicate!(/// `bytes.isdigit()`.
    bytes_isdigit, "isdigit", |t| !t.is_empty() && t.iter().all(u8::is_ascii_digit));
predicate!(/// `bytes.isalpha()`.
    bytes_isalpha, "isalpha", |t| !t.is_empty() && t.iter().all(u8::is_ascii_alphabetic));
predicate!(/// `bytes.isalnum()`.
    bytes_isalnum, "isalnum", |t| !t.is_empty() && t.iter().all(u8::is_ascii_alphanumeric));
predicate!(/// `bytes.isspace()`.
    bytes_isspace, "isspace", |t| !t.is_empty() && t.iter().all(|&c| is_space(c)));
predicate!(/// `bytes.isascii()`.
    bytes_isascii, "isascii", |t| t.is_ascii());
predicate!(/// `bytes.islower()`.
    bytes_islower, "islower", |t| t.iter().any(u8::is_ascii_lowercase) && !t.iter().any(u8::is_ascii_uppercase));
predicate!(/// `bytes.isupper()`.
    bytes_isupper, "isupper", |t| t.iter().any(u8::is_ascii_uppercase) && !t.iter().any(u8::is_ascii_lowercase));

fastcall! {
    /// `bytes.removeprefix(prefix, /)`.
    pub(crate) fn bytes_removeprefix(b, a = Sig::new("removeprefix", &[pos("prefix")])) {
        let p = byteslike(a.req(0))?;
        let t = own(b);
        like(b, t.strip_prefix(&p[..]).unwrap_or(t))
    }
}
fastcall! {
    /// `bytes.removesuffix(suffix, /)`.
    pub(crate) fn bytes_removesuffix(b, a = Sig::new("removesuffix", &[pos("suffix")])) {
        let s = byteslike(a.req(0))?;
        let t = own(b);
        like(b, t.strip_suffix(&s[..]).unwrap_or(t))
    }
}
fastcall! {
    /// `bytes.splitlines(keepends=False)`.
    pub(crate) fn bytes_splitlines(b, a = Sig::new("splitlines", &[arg_opt("keepends")])) {
        let keep = match a.get(0) {
            Some(k) => crate::protocols::abstract_::is_true(k)?,
            None => false,
        };
        let t = own(b);
        let mut parts: Vec<&[u8]> = Vec::new();
        let mut i = 0;
        while i < t.len() {
            let start = i;
            while i < t.len() && t[i] != b'\n' && t[i] != b'\r' {
                i += 1;
            }
            let mut eol = i;
            if i < t.len() {
                eol = if t[i] == b'\r' && i + 1 < t.len() && t[i + 1] == b'\n' { i + 2 } else { i + 1 };
            }
            parts.push(if keep { &t[start..eol] } else { &t[start..i] });
            i = eol;
        }
        list_like(b, &parts)
    }
}
fastcall! {
    /// `bytes.hex(sep=<unrepresentable>, bytes_per_sep=1)`.
    pub(crate) fn bytes_hex(b, a = Sig::new("hex", &[arg_opt("sep"), arg_opt("bytes_per_sep")])) {
        let per = a.ssize(1, 1)?;
        hex_with_sep(own(b), a.get(0), per)
    }
}

/// The `hex()` of bytes, bytearray and memoryview (`_Py_strhex_impl`): two
/// hex digits per byte of `data`, with `sep` (a one-character ASCII str
/// or bytes) between groups of `per` bytes counted from the right (from
/// the left when negative), and CPython's errors for a bad separator.
///
/// # Safety
/// `sep` live.
pub(crate) unsafe fn hex_with_sep(
    data: &[u8],
    sep: Option<*mut PyObject>,
    per: isize,
) -> PyResult<Owned> {
    // SAFETY: forwarded.
    let sep: Option<u8> = unsafe {
        match sep {
            None => None,
            Some(x) if unicode::check(x) => {
                if unicode::len_chars(x) != 1 {
                    return Err(err::value_error("sep must be length 1."));
                }
                match unicode::read_char(x, 0) {
                    c @ 0..=127 => Some(c as u8),
                    _ => return Err(err::value_error("sep must be ASCII.")),
                }
            }
            Some(x) if bytes::check(x) => match bytes::as_slice(x) {
                [c] if c.is_ascii() => Some(*c),
                [_] => return Err(err::value_error("sep must be ASCII.")),
                _ => return Err(err::value_error("sep must be length 1.")),
            },
            Some(x) => {
                if crate::protocols::abstract_::size(x)? != 1 {
                    return Err(err::value_error("sep must be length 1."));
                }
                return Err(err::type_error("sep must be str or bytes."));
            }
        }
    };
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = Vec::with_capacity(data.len() * 3);
    let group = per.unsigned_abs();
    let n = data.len();
    for (i, &c) in data.iter().enumerate() {
        if let Some(sc) = sep {
            let boundary = if per > 0 {
                (n - i).is_multiple_of(group)
            } else {
                i.is_multiple_of(group)
            };
            if group > 0 && i > 0 && boundary {
                out.push(sc);
            }
        }
        out.push(DIGITS[usize::from(c >> 4)]);
        out.push(DIGITS[usize::from(c & 15)]);
    }
    // SAFETY: hex digits and an ASCII separator.
    unicode::from_ascii(unsafe { std::str::from_utf8_unchecked(&out) })
}

/// `bytes.fromhex(string, /)` (a classmethod: `cls` is the type).
pub(crate) unsafe fn fromhex(cls: *mut PyObject, s: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: live.
    unsafe {
        if !unicode::check(s) {
            return Err(err::type_error(&format!(
                "fromhex() argument must be str, not {}",
                typeobj::type_name_of(s)
            )));
        }
        let text = unicode::as_str(s);
        let chars: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if chars[i].is_ascii_whitespace() {
                i += 1;
                continue;
            }
            let hi = chars[i].to_digit(16);
            let lo = chars.get(i + 1).and_then(|c| c.to_digit(16));
            match (hi, lo) {
                (Some(h), Some(l)) if chars[i].is_ascii() && chars[i + 1].is_ascii() => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                (Some(_), _) if i + 1 < chars.len() && chars[i].is_ascii() => {
                    return Err(err::value_error(&format!(
                        "non-hexadecimal number found in fromhex() arg at position {}",
                        i + 1
                    )));
                }
                _ => {
                    return Err(err::value_error(&format!(
                        "non-hexadecimal number found in fromhex() arg at position {}",
                        if hi.is_some() && chars[i].is_ascii() {
                            i + 1
                        } else {
                            i
                        }
                    )));
                }
            }
        }
        let base = bytes::from_bytes(&out)?;
        if cls == lifecycle::bytes_type() as *mut PyObject {
            return Ok(base);
        }
        if cls == lifecycle::bytearray_type() as *mut PyObject {
            return bytearray::from_bytes(&out);
        }
        crate::protocols::call::call_args(cls, &[base.as_ptr()])
    }
}

fastcall! {
    /// `bytes.fromhex(string, /)`.
    pub(crate) fn bytes_fromhex(cls, a = Sig::new("fromhex", &[pos("string")])) { fromhex(cls, a.req(0)) }
}
