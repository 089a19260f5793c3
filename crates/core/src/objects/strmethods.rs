//! The methods of `str`, CPython 3.12's full set, each declared with
//! `clinic`'s signatures (so arity, keyword and converter errors are
//! CPython's): searching (`find`, `rfind`, `index`, `rindex`, `count`,
//! `startswith`, `endswith`, with ranges), splitting and joining, padding
//! and stripping, case mapping (`lower`, `upper`, `capitalize`, `title`,
//! `swapcase`, `casefold`, with the final-sigma rule), the `is*`
//! predicates, `translate`/`maketrans`, `expandtabs`, `zfill`, `format`
//! (`strformat.rs`) and `__format__` (`formatspec.rs`).
//!
//! Character properties and case mappings come from tables generated from
//! CPython 3.12.1 itself (`unicode_props.rs`, Unicode 15.0), so they agree
//! with CPython for every code point.

use crate::objects::object::*;
use crate::objects::strlib;
use crate::objects::typeobj;
use crate::objects::unicode_props as props;
use crate::protocols::clinic::{arg_opt, fastcall, pos, pos_opt, Args, Sig};
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::{
    objects::codecs, objects::dict, objects::list, objects::long, objects::tuple, objects::unicode,
    protocols::abstract_,
};

// ---- character properties --------------------------------------------

fn in_ranges(t: &[(u32, u32)], c: u32) -> bool {
    t.binary_search_by(|&(a, b)| {
        if b < c {
            std::cmp::Ordering::Less
        } else if a > c {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    })
    .is_ok()
}

fn mapped(t: &[(u32, [u32; 3])], c: u32) -> Option<&[u32]> {
    t.binary_search_by_key(&c, |e| e.0).ok().map(|i| {
        let m = &t[i].1;
        let n = m.iter().position(|&x| x == 0).unwrap_or(3);
        &m[..n]
    })
}

/// `str.isspace` for one code point.
pub fn is_space(c: u32) -> bool {
    in_ranges(&props::SPACE, c)
}
fn is_lower(c: u32) -> bool {
    in_ranges(&props::LOWER, c)
}
fn is_upper(c: u32) -> bool {
    in_ranges(&props::UPPER, c)
}
fn is_title(c: u32) -> bool {
    in_ranges(&props::TITLE, c)
}
fn is_cased(c: u32) -> bool {
    is_lower(c) || is_upper(c) || is_title(c)
}
fn is_alpha(c: u32) -> bool {
    in_ranges(&props::ALPHA, c)
}
/// `str.isdecimal` for one code point.
pub(crate) fn is_decimal(c: u32) -> bool {
    in_ranges(&props::DECIMAL, c)
}
fn is_digit(c: u32) -> bool {
    in_ranges(&props::DIGIT, c)
}
fn is_numeric(c: u32) -> bool {
    in_ranges(&props::NUMERIC, c)
}
fn is_printable(c: u32) -> bool {
    in_ranges(&props::PRINTABLE, c)
}
/// `str.isalnum` for one code point.
pub(crate) fn is_alnum(c: u32) -> bool {
    is_alpha(c) || is_decimal(c) || is_digit(c) || is_numeric(c)
}

fn push_map(out: &mut Vec<u32>, t: &[(u32, [u32; 3])], c: u32) {
    match mapped(t, c) {
        Some(m) => out.extend_from_slice(m),
        None => out.push(c),
    }
}

fn push_upper(out: &mut Vec<u32>, c: u32) {
    push_map(out, &props::UPPER_MAP, c)
}

fn push_title(out: &mut Vec<u32>, c: u32) {
    match mapped(&props::TITLE_MAP, c) {
        Some(m) => out.extend_from_slice(m),
        None => push_upper(out, c),
    }
}

/// `lower_ucs4`: the lower-case mapping of `text[i]`, with the final-sigma
/// rule for U+03A3.
fn push_lower(out: &mut Vec<u32>, text: &[u32], i: usize) {
    let c = text[i];
    if c == 0x3a3 {
        let ignorable = |c: u32| in_ranges(&props::CASE_IGNORABLE, c);
        let mut j = i;
        while j > 0 && ignorable(text[j - 1]) {
            j -= 1;
        }
        let mut final_sigma = j > 0 && is_cased(text[j - 1]);
        if final_sigma {
            let mut k = i + 1;
            while k < text.len() && ignorable(text[k]) {
                k += 1;
            }
            final_sigma = k == text.len() || !is_cased(text[k]);
        }
        out.push(if final_sigma { 0x3c2 } else { 0x3c3 });
        return;
    }
    push_map(out, &props::LOWER_MAP, c)
}

// ---- helpers ----------------------------------------------------------

unsafe fn cps(s: *mut PyObject) -> Vec<u32> {
    // SAFETY: `s` a live str.
    unsafe { unicode::chars(s).collect() }
}

fn from_cps(v: &[u32]) -> PyResult<Owned> {
    unicode::from_code_points(v)
}

/// `self` itself when it is an exact str (CPython returns it unchanged
/// where the result would be equal), else an exact copy.
unsafe fn same(s: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: `s` a live str.
    unsafe {
        if unicode::check_exact(s) {
            Ok(Owned::from_borrowed(s))
        } else {
            unicode::copy_exact(s)
        }
    }
}

/// `ensure_unicode`: `TypeError: must be str, not T`.
unsafe fn must_be_str(o: *mut PyObject) -> PyResult<Vec<u32>> {
    // SAFETY: `o` live.
    unsafe {
        if unicode::check(o) {
            Ok(cps(o))
        } else {
            Err(err::type_error(&format!(
                "must be str, not {}",
                typeobj::type_name_of(o)
            )))
        }
    }
}

/// A `start`/`end` argument of the find family: None is absent.
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

/// The arguments of `find`/`count`/...: (text, sub, start, end).
unsafe fn find_args(s: *mut PyObject, a: &Args<3>) -> PyResult<(Vec<u32>, Vec<u32>, isize, isize)> {
    // SAFETY: live arguments.
    unsafe {
        let sub = must_be_str(a.req(0))?;
        let start = bound(a, 1, 0)?;
        let end = bound(a, 2, isize::MAX)?;
        Ok((cps(s), sub, start, end))
    }
}

fn list_of(parts: &[&[u32]]) -> PyResult<Owned> {
    let out = list::new(0)?;
    for p in parts {
        let piece = from_cps(p)?;
        // SAFETY: a fresh list and a fresh str.
        unsafe { list::append(out.as_ptr(), piece.as_ptr())? };
    }
    Ok(out)
}

/// The `Py_UCS4` fill converter of `center`/`ljust`/`rjust` (`convert_uc`).
unsafe fn fillchar(a: &Args<2>) -> PyResult<u32> {
    match a.get(1) {
        None => Ok(b' ' as u32),
        // SAFETY: a live argument.
        Some(v) => unsafe {
            if !unicode::check(v) {
                return Err(err::type_error(&format!(
                    "The fill character must be a unicode character, not {}",
                    typeobj::type_name_of(v)
                )));
            }
            if unicode::len_chars(v) != 1 {
                return Err(err::type_error(
                    "The fill character must be exactly one character long",
                ));
            }
            Ok(unicode::read_char(v, 0))
        },
    }
}

unsafe fn pad(s: *mut PyObject, a: &Args<2>, how: u8) -> PyResult<Owned> {
    // SAFETY: live arguments.
    unsafe {
        let width = a.ssize(0, 0)?;
        let fill = fillchar(a)?;
        let text = cps(s);
        if width <= text.len() as isize {
            return same(s);
        }
        let (l, r) = strlib::pad_counts(text.len(), width, how);
        let mut out = vec![fill; l];
        out.extend_from_slice(&text);
        out.extend(std::iter::repeat_n(fill, r));
        from_cps(&out)
    }
}

fn bool_result(b: bool) -> PyResult<Owned> {
    Ok(long::bool_from(b))
}

// ---- searching ----------------------------------------------------------

fastcall! {
    /// `str.find(sub[, start[, end]])`.
    pub(crate) fn str_find(s, a = Sig::legacy("find", &[pos("sub"), pos_opt("start"), pos_opt("end")])) {
        let (t, sub, st, en) = find_args(s, &a)?;
        long::from_i64(strlib::find(&t, &sub, st, en) as i64)
    }
}

fastcall! {
    /// `str.rfind(sub[, start[, end]])`.
    pub(crate) fn str_rfind(s, a = Sig::legacy("rfind", &[pos("sub"), pos_opt("start"), pos_opt("end")])) {
        let (t, sub, st, en) = find_args(s, &a)?;
        long::from_i64(strlib::rfind(&t, &sub, st, en) as i64)
    }
}

fastcall! {
    /// `str.index(sub[, start[, end]])`.
    pub(crate) fn str_index(s, a = Sig::legacy("index", &[pos("sub"), pos_opt("start"), pos_opt("end")])) {
        let (t, sub, st, en) = find_args(s, &a)?;
        match strlib::find(&t, &sub, st, en) {
            -1 => Err(err::value_error("substring not found")),
            i => long::from_i64(i as i64),
        }
    }
}

fastcall! {
    /// `str.rindex(sub[, start[, end]])`.
    pub(crate) fn str_rindex(s, a = Sig::legacy("rindex", &[pos("sub"), pos_opt("start"), pos_opt("end")])) {
        let (t, sub, st, en) = find_args(s, &a)?;
        match strlib::rfind(&t, &sub, st, en) {
            -1 => Err(err::value_error("substring not found")),
            i => long::from_i64(i as i64),
        }
    }
}

fastcall! {
    /// `str.count(sub[, start[, end]])`.
    pub(crate) fn str_count(s, a = Sig::legacy("count", &[pos("sub"), pos_opt("start"), pos_opt("end")])) {
        let (t, sub, st, en) = find_args(s, &a)?;
        long::from_i64(strlib::count(&t, &sub, st, en) as i64)
    }
}

unsafe fn starts_ends(s: *mut PyObject, a: &Args<3>, name: &str, at_end: bool) -> PyResult<Owned> {
    // SAFETY: live arguments.
    unsafe {
        let start = bound(a, 1, 0)?;
        let end = bound(a, 2, isize::MAX)?;
        let text = cps(s);
        let sub = a.req(0);
        if tuple::check(sub) {
            for i in 0..tuple::size(sub) {
                let p = tuple::item(sub, i);
                if !unicode::check(p) {
                    return Err(err::type_error(&format!(
                        "tuple for {name} must only contain str, not {}",
                        typeobj::type_name_of(p)
                    )));
                }
                if strlib::tailmatch(&text, &cps(p), start, end, at_end) {
                    return bool_result(true);
                }
            }
            return bool_result(false);
        }
        if !unicode::check(sub) {
            return Err(err::type_error(&format!(
                "{name} first arg must be str or a tuple of str, not {}",
                typeobj::type_name_of(sub)
            )));
        }
        bool_result(strlib::tailmatch(&text, &cps(sub), start, end, at_end))
    }
}

fastcall! {
    /// `str.startswith(prefix[, start[, end]])`.
    pub(crate) fn str_startswith(s, a = Sig::legacy("startswith", &[pos("prefix"), pos_opt("start"), pos_opt("end")])) {
        starts_ends(s, &a, "startswith", false)
    }
}

fastcall! {
    /// `str.endswith(suffix[, start[, end]])`.
    pub(crate) fn str_endswith(s, a = Sig::legacy("endswith", &[pos("suffix"), pos_opt("start"), pos_opt("end")])) {
        starts_ends(s, &a, "endswith", true)
    }
}

// ---- splitting and joining ---------------------------------------------

unsafe fn split_sep_arg(v: Option<*mut PyObject>) -> PyResult<Option<Vec<u32>>> {
    // SAFETY: live argument.
    unsafe {
        match v {
            Some(p) if p != lifecycle::none() && !unicode::check(p) => Err(err::type_error(
                &format!("must be str or None, not {}", typeobj::type_name_of(p)),
            )),
            Some(p) if p != lifecycle::none() => {
                let sep = cps(p);
                if sep.is_empty() {
                    return Err(err::value_error("empty separator"));
                }
                Ok(Some(sep))
            }
            _ => Ok(None),
        }
    }
}

fastcall! {
    /// `str.split(sep=None, maxsplit=-1)`.
    pub(crate) fn str_split(s, a = Sig::new("split", &[arg_opt("sep"), arg_opt("maxsplit")])) {
        let sep = split_sep_arg(a.get(0))?;
        let max = a.ssize(1, -1)?;
        let text = cps(s);
        match sep {
            Some(sep) => list_of(&strlib::split_sep(&text, &sep, max)),
            None => list_of(&strlib::split_ws(&text, max, is_space)),
        }
    }
}

fastcall! {
    /// `str.rsplit(sep=None, maxsplit=-1)`.
    pub(crate) fn str_rsplit(s, a = Sig::new("rsplit", &[arg_opt("sep"), arg_opt("maxsplit")])) {
        let sep = split_sep_arg(a.get(0))?;
        let max = a.ssize(1, -1)?;
        let text = cps(s);
        match sep {
            Some(sep) => list_of(&strlib::rsplit_sep(&text, &sep, max)),
            None => list_of(&strlib::rsplit_ws(&text, max, is_space)),
        }
    }
}

fn is_linebreak(c: u32) -> bool {
    matches!(c, 0x0a..=0x0d | 0x1c..=0x1e | 0x85 | 0x2028 | 0x2029)
}

fastcall! {
    /// `str.splitlines(keepends=False)`.
    pub(crate) fn str_splitlines(s, a = Sig::new("splitlines", &[arg_opt("keepends")])) {
        let keep = match a.get(0) {
            None => false,
            Some(v) => long::as_i64(v, "Python int too large to convert to C int")? != 0,
        };
        let text = cps(s);
        list_of(&strlib::splitlines(&text, keep, is_linebreak, 0x0d, 0x0a))
    }
}

fastcall! {
    /// `str.join(iterable, /)`.
    pub(crate) fn str_join(s, a = Sig::new("join", &[pos("iterable")])) {
        unicode::join(s, a.req(0))
    }
}

unsafe fn partition(s: *mut PyObject, a: &Args<1>, right: bool) -> PyResult<Owned> {
    // SAFETY: live arguments.
    unsafe {
        let sep = must_be_str(a.req(0))?;
        if sep.is_empty() {
            return Err(err::value_error("empty separator"));
        }
        let text = cps(s);
        let e = unicode::empty();
        match strlib::partition(&text, &sep, right) {
            Some((i, j)) => {
                let (x, y) = (from_cps(&text[..i])?, from_cps(&text[j..])?);
                tuple::new_from(&[x.as_ptr(), a.req(0), y.as_ptr()])
            }
            None if right => {
                let me = same(s)?;
                tuple::new_from(&[e.as_ptr(), e.as_ptr(), me.as_ptr()])
            }
            None => {
                let me = same(s)?;
                tuple::new_from(&[me.as_ptr(), e.as_ptr(), e.as_ptr()])
            }
        }
    }
}

fastcall! {
    /// `str.partition(sep, /)`.
    pub(crate) fn str_partition(s, a = Sig::new("partition", &[pos("sep")])) {
        partition(s, &a, false)
    }
}

fastcall! {
    /// `str.rpartition(sep, /)`.
    pub(crate) fn str_rpartition(s, a = Sig::new("rpartition", &[pos("sep")])) {
        partition(s, &a, true)
    }
}

// ---- padding, stripping, replacing --------------------------------------

fastcall! {
    /// `str.center(width, fillchar=' ', /)`.
    pub(crate) fn str_center(s, a = Sig::new("center", &[pos("width"), pos_opt("fillchar")])) {
        pad(s, &a, b'^')
    }
}

fastcall! {
    /// `str.ljust(width, fillchar=' ', /)`.
    pub(crate) fn str_ljust(s, a = Sig::new("ljust", &[pos("width"), pos_opt("fillchar")])) {
        pad(s, &a, b'<')
    }
}

fastcall! {
    /// `str.rjust(width, fillchar=' ', /)`.
    pub(crate) fn str_rjust(s, a = Sig::new("rjust", &[pos("width"), pos_opt("fillchar")])) {
        pad(s, &a, b'>')
    }
}

fastcall! {
    /// `str.zfill(width, /)`.
    pub(crate) fn str_zfill(s, a = Sig::new("zfill", &[pos("width")])) {
        let width = a.ssize(0, 0)?;
        let text = cps(s);
        if width <= text.len() as isize {
            return same(s);
        }
        from_cps(&strlib::zfill(&text, width, 0x30, 0x2b, 0x2d))
    }
}

fastcall! {
    /// `str.expandtabs(tabsize=8)`.
    pub(crate) fn str_expandtabs(s, a = Sig::new("expandtabs", &[arg_opt("tabsize")])) {
        let tab = match a.get(0) {
            None => 8,
            Some(v) => long::as_i64(v, "Python int too large to convert to C int")? as isize,
        };
        let text = cps(s);
        if !text.contains(&9) {
            return same(s);
        }
        from_cps(&strlib::expandtabs(&text, tab, 9, 0x20, 0x0a, 0x0d))
    }
}

unsafe fn strip(
    s: *mut PyObject,
    a: &Args<1>,
    name: &str,
    left: bool,
    right: bool,
) -> PyResult<Owned> {
    // SAFETY: live arguments.
    unsafe {
        let set: Option<Vec<u32>> = match a.get(0) {
            Some(c) if c != lifecycle::none() && !unicode::check(c) => {
                return Err(err::type_error(&format!("{name} arg must be None or str")))
            }
            Some(c) if c != lifecycle::none() => Some(cps(c)),
            _ => None,
        };
        let text = cps(s);
        let (i, j) = match &set {
            None => strlib::strip_bounds(&text, left, right, is_space),
            Some(v) => strlib::strip_bounds(&text, left, right, |c| v.contains(&c)),
        };
        if i == 0 && j == text.len() {
            return same(s);
        }
        from_cps(&text[i..j])
    }
}

fastcall! {
    /// `str.strip(chars=None, /)`.
    pub(crate) fn str_strip(s, a = Sig::new("strip", &[pos_opt("chars")])) {
        strip(s, &a, "strip", true, true)
    }
}

fastcall! {
    /// `str.lstrip(chars=None, /)`.
    pub(crate) fn str_lstrip(s, a = Sig::new("lstrip", &[pos_opt("chars")])) {
        strip(s, &a, "lstrip", true, false)
    }
}

fastcall! {
    /// `str.rstrip(chars=None, /)`.
    pub(crate) fn str_rstrip(s, a = Sig::new("rstrip", &[pos_opt("chars")])) {
        strip(s, &a, "rstrip", false, true)
    }
}

fastcall! {
    /// `str.replace(old, new, count=-1, /)`.
    pub(crate) fn str_replace(s, a = Sig::new("replace", &[pos("old"), pos("new"), pos_opt("count")])) {
        let (old, new) = (a.req_str(0)?, a.req_str(1)?);
        let count = a.ssize(2, -1)?;
        let (text, old, new) = (cps(s), cps(old), cps(new));
        from_cps(&strlib::replace(&text, &old, &new, count))
    }
}

fastcall! {
    /// `str.removeprefix(prefix, /)`.
    pub(crate) fn str_removeprefix(s, a = Sig::new("removeprefix", &[pos("prefix")])) {
        let p = cps(a.req_str(0)?);
        let text = cps(s);
        if !p.is_empty() && text.starts_with(&p) {
            return from_cps(&text[p.len()..]);
        }
        same(s)
    }
}

fastcall! {
    /// `str.removesuffix(suffix, /)`.
    pub(crate) fn str_removesuffix(s, a = Sig::new("removesuffix", &[pos("suffix")])) {
        let p = cps(a.req_str(0)?);
        let text = cps(s);
        if !p.is_empty() && text.ends_with(&p) {
            return from_cps(&text[..text.len() - p.len()]);
        }
        same(s)
    }
}

// ---- case -----------------------------------------------------------------

fastcall! {
    /// `str.lower()`.
    pub(crate) fn str_lower(s, _a = Sig::new("lower", &[])) {
        let t = cps(s);
        let mut out = Vec::with_capacity(t.len());
        for i in 0..t.len() {
            push_lower(&mut out, &t, i);
        }
        from_cps(&out)
    }
}

fastcall! {
    /// `str.upper()`.
    pub(crate) fn str_upper(s, _a = Sig::new("upper", &[])) {
        let mut out = Vec::new();
        for c in unicode::chars(s) {
            push_upper(&mut out, c);
        }
        from_cps(&out)
    }
}

fastcall! {
    /// `str.casefold()`.
    pub(crate) fn str_casefold(s, _a = Sig::new("casefold", &[])) {
        let mut out = Vec::new();
        for c in unicode::chars(s) {
            match mapped(&props::FOLD_MAP, c) {
                Some(m) => out.extend_from_slice(m),
                None => push_map(&mut out, &props::LOWER_MAP, c),
            }
        }
        from_cps(&out)
    }
}

fastcall! {
    /// `str.capitalize()`: the first character in title case, the rest
    /// lower.
    pub(crate) fn str_capitalize(s, _a = Sig::new("capitalize", &[])) {
        let t = cps(s);
        let mut out = Vec::with_capacity(t.len());
        for i in 0..t.len() {
            if i == 0 {
                push_title(&mut out, t[0]);
            } else {
                push_lower(&mut out, &t, i);
            }
        }
        from_cps(&out)
    }
}

fastcall! {
    /// `str.title()`.
    pub(crate) fn str_title(s, _a = Sig::new("title", &[])) {
        let t = cps(s);
        let mut out = Vec::with_capacity(t.len());
        let mut prev_cased = false;
        for i in 0..t.len() {
            if prev_cased {
                push_lower(&mut out, &t, i);
            } else {
                push_title(&mut out, t[i]);
            }
            prev_cased = is_cased(t[i]);
        }
        from_cps(&out)
    }
}

fastcall! {
    /// `str.swapcase()`.
    pub(crate) fn str_swapcase(s, _a = Sig::new("swapcase", &[])) {
        let t = cps(s);
        let mut out = Vec::with_capacity(t.len());
        for i in 0..t.len() {
            if is_upper(t[i]) {
                push_lower(&mut out, &t, i);
            } else if is_lower(t[i]) {
                push_upper(&mut out, t[i]);
            } else {
                out.push(t[i]);
            }
        }
        from_cps(&out)
    }
}

// ---- predicates -------------------------------------------------------------

macro_rules! all_chars {
    ($name:ident, $py:literal, $pred:expr) => {
        fastcall! {
            #[doc = concat!("`str.", $py, "()`.")]
            pub(crate) fn $name(s, _a = Sig::new($py, &[])) {
                let t = cps(s);
                bool_result(!t.is_empty() && t.iter().all(|&c| $pred(c)))
            }
        }
    };
}

all_chars!(str_isalpha, "isalpha", is_alpha);
all_chars!(str_isalnum, "isalnum", is_alnum);
all_chars!(str_isdecimal, "isdecimal", is_decimal);
all_chars!(str_isdigit, "isdigit", is_digit);
all_chars!(str_isnumeric, "isnumeric", is_numeric);
all_chars!(str_isspace, "isspace", is_space);

fastcall! {
    /// `str.isascii()`.
    pub(crate) fn str_isascii(s, _a = Sig::new("isascii", &[])) {
        bool_result(unicode::is_ascii(s))
    }
}

fastcall! {
    /// `str.isprintable()` (true for the empty string).
    pub(crate) fn str_isprintable(s, _a = Sig::new("isprintable", &[])) {
        bool_result(unicode::chars(s).all(is_printable))
    }
}

fastcall! {
    /// `str.islower()`.
    pub(crate) fn str_islower(s, _a = Sig::new("islower", &[])) {
        let mut cased = false;
        for c in unicode::chars(s) {
            if is_upper(c) || is_title(c) {
                return bool_result(false);
            }
            cased |= is_lower(c);
        }
        bool_result(cased)
    }
}

fastcall! {
    /// `str.isupper()`.
    pub(crate) fn str_isupper(s, _a = Sig::new("isupper", &[])) {
        let mut cased = false;
        for c in unicode::chars(s) {
            if is_lower(c) || is_title(c) {
                return bool_result(false);
            }
            cased |= is_upper(c);
        }
        bool_result(cased)
    }
}

fastcall! {
    /// `str.istitle()`.
    pub(crate) fn str_istitle(s, _a = Sig::new("istitle", &[])) {
        let (mut cased, mut prev) = (false, false);
        for c in unicode::chars(s) {
            if is_upper(c) || is_title(c) {
                if prev {
                    return bool_result(false);
                }
                prev = true;
                cased = true;
            } else if is_lower(c) {
                if !prev {
                    return bool_result(false);
                }
                prev = true;
                cased = true;
            } else {
                prev = false;
            }
        }
        bool_result(cased)
    }
}

/// `PyUnicode_IsIdentifier` on code points.
pub fn is_identifier(t: &[u32]) -> bool {
    match t.split_first() {
        None => false,
        Some((&first, rest)) => {
            (first == b'_' as u32 || in_ranges(&props::XID_START, first))
                && rest.iter().all(|&c| in_ranges(&props::XID_CONTINUE, c))
        }
    }
}

fastcall! {
    /// `str.isidentifier()`.
    pub(crate) fn str_isidentifier(s, _a = Sig::new("isidentifier", &[])) {
        bool_result(is_identifier(&cps(s)))
    }
}

// ---- translate, maketrans, format -------------------------------------------

fastcall! {
    /// `str.translate(table, /)`.
    pub(crate) fn str_translate(s, a = Sig::new("translate", &[pos("table")])) {
        let table = a.req(0);
        let mut out = Vec::new();
        for c in unicode::chars(s) {
            let key = long::from_u64(c as u64)?;
            let v = match abstract_::getitem(table, key.as_ptr()) {
                Ok(v) => v,
                Err(e) => {
                    if err::given_matches(
                        err::occurred(),
                        crate::objects::exceptions::get(crate::objects::exceptions::Exc::LookupError),
                    ) {
                        err::clear();
                        out.push(c);
                        continue;
                    }
                    return Err(e);
                }
            };
            let v = v.as_ptr();
            if v == lifecycle::none() {
                continue;
            }
            if long::check(v) {
                let n = long::to_bigint(v);
                match u32::try_from(&n).ok().filter(|&n| n <= 0x10ffff) {
                    Some(n) => out.push(n),
                    None => {
                        return Err(err::value_error(
                            "character mapping must be in range(0x110000)",
                        ))
                    }
                }
            } else if unicode::check(v) {
                out.extend(unicode::chars(v));
            } else {
                return Err(err::type_error(
                    "character mapping must return integer, None or str",
                ));
            }
        }
        from_cps(&out)
    }
}

fastcall! {
    /// `str.maketrans(x, y=<unrepresentable>, z=<unrepresentable>, /)`, a
    /// static method.
    pub(crate) fn str_maketrans(_s, a = Sig::new("maketrans", &[pos("x"), pos_opt("y"), pos_opt("z")])) {
        let d = dict::new()?;
        let x = a.req(0);
        if let Some(y) = a.get(1) {
            if !unicode::check(x) {
                return Err(a.bad(0, "str", x));
            }
            if !unicode::check(y) {
                return Err(a.bad(1, "str", y));
            }
            let (xs, ys) = (cps(x), cps(y));
            if xs.len() != ys.len() {
                return Err(err::value_error(
                    "the first two maketrans arguments must have equal length",
                ));
            }
            for (&k, &v) in xs.iter().zip(&ys) {
                let (k, v) = (long::from_u64(k as u64)?, long::from_u64(v as u64)?);
                dict::set(d.as_ptr(), k.as_ptr(), v.as_ptr())?;
            }
            if let Some(z) = a.get(2) {
                if !unicode::check(z) {
                    return Err(a.bad(2, "str", z));
                }
                for c in cps(z) {
                    let k = long::from_u64(c as u64)?;
                    dict::set(d.as_ptr(), k.as_ptr(), lifecycle::none())?;
                }
            }
            return Ok(d);
        }
        if !dict::check(x) {
            return Err(err::type_error(
                "if you give only one argument to maketrans it must be a dict",
            ));
        }
        for (k, v) in dict::items_vec(x) {
            let k = k.as_ptr();
            if unicode::check(k) {
                if unicode::len_chars(k) != 1 {
                    return Err(err::value_error(
                        "string keys in translate table must be of length 1",
                    ));
                }
                let key = long::from_u64(unicode::read_char(k, 0) as u64)?;
                dict::set(d.as_ptr(), key.as_ptr(), v.as_ptr())?;
            } else if long::check(k) {
                dict::set(d.as_ptr(), k, v.as_ptr())?;
            } else {
                return Err(err::type_error(
                    "keys in translate table must be strings or integers",
                ));
            }
        }
        Ok(d)
    }
}

/// `str.format(*args, **kwargs)` (`METH_VARARGS | METH_KEYWORDS`: it
/// takes anything).
pub(crate) unsafe extern "C" fn str_format(
    s: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: method on a str; a tuple and NULL or a dict.
    unsafe { err::into_ptr(crate::objects::strformat::format(&cps(s), args, kwargs)) }
}

fastcall! {
    /// `str.format_map(mapping, /)`.
    pub(crate) fn str_format_map(s, a = Sig::new("format_map", &[pos("mapping")])) {
        crate::objects::strformat::format(&cps(s), std::ptr::null_mut(), a.req(0))
    }
}

fastcall! {
    /// `str.__format__(format_spec, /)`.
    pub(crate) fn str_dunder_format(s, a = Sig::new("__format__", &[pos("format_spec")])) {
        crate::objects::formatspec::format_str(s, a.req_str(0)?)
    }
}

fastcall! {
    /// `str.encode(encoding='utf-8', errors='strict')`.
    pub(crate) fn str_encode(s, a = Sig::new("encode", &[arg_opt("encoding"), arg_opt("errors")])) {
        let (enc, errs) = (a.str(0)?, a.str(1)?);
        let enc = enc.map(|e| unicode::as_str(e));
        let errs = errs.map(|e| unicode::as_str(e));
        codecs::encode_to_bytes(s, enc.as_deref(), errs.as_deref())
    }
}

fastcall! {
    /// `str.__sizeof__()`: the object's block (header, characters and the
    /// NUL) as CPython counts it.
    pub(crate) fn str_sizeof(s, _a = Sig::new("__sizeof__", &[])) {
        let n = unicode::len_chars(s) as i64;
        let (head, kind) = if unicode::is_ascii(s) {
            (40, 1)
        } else {
            (56, unicode::kind(s) as i64)
        };
        long::from_i64(head + (n + 1) * kind)
    }
}

fastcall! {
    /// `str.__getnewargs__()`.
    pub(crate) fn str_getnewargs(s, _a = Sig::new("__getnewargs__", &[])) {
        let c = unicode::copy_exact(s)?;
        tuple::new_from(&[c.as_ptr()])
    }
}
