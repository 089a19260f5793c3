//! `unicodeobject.h`: creating, reading, comparing and joining `str`.
//! (`PyUnicode_FromFormat*` are in the C shim.)

use crate::boundary::*;
use crate::export;
use crate::shim::null_error;
use ophis_core::objects::object::{PyObject, Py_ssize_t};
use ophis_core::objects::unicode::Py_UCS4;
use ophis_core::{objects::typeobj, objects::unicode, runtime::err};
use std::ffi::{c_char, c_int, CStr};
use std::ptr;

export! {
    /// `PyUnicode_FromString`.
    fn PyUnicode_FromString(s: *const c_char) -> *mut PyObject {
        if s.is_null() { return bad_call(); }
        obj(unicode::from_utf8(CStr::from_ptr(s).to_bytes()))
    }
}
export! {
    /// `PyUnicode_FromStringAndSize`.
    fn PyUnicode_FromStringAndSize(s: *const c_char, n: Py_ssize_t) -> *mut PyObject {
        if n < 0 {
            let _ = err::system_error("Negative size passed to PyUnicode_FromStringAndSize");
            return ptr::null_mut();
        }
        if s.is_null() {
            if n > 0 {
                let _ = err::system_error("NULL string with positive size with NULL passed to PyUnicode_FromStringAndSize");
                return ptr::null_mut();
            }
            return obj(unicode::from_str(""));
        }
        obj(unicode::from_utf8(std::slice::from_raw_parts(s as *const u8, n as usize)))
    }
}
export! {
    /// `PyUnicode_AsUTF8AndSize`: a pointer into the string itself.
    fn PyUnicode_AsUTF8AndSize(op: *mut PyObject, size: *mut Py_ssize_t) -> *const c_char {
        if op.is_null() || !unicode::check(op) {
            let _ = err::bad_argument_type();
            return ptr::null();
        }
        match unicode::utf8(op) {
            Ok(p) => {
                if !size.is_null() { *size = unicode::len_bytes(op); }
                p as *const c_char
            }
            Err(_) => ptr::null(),
        }
    }
}
export! {
    /// `PyUnicode_InternFromString`.
    fn PyUnicode_InternFromString(s: *const c_char) -> *mut PyObject {
        if s.is_null() { return bad_call(); }
        match std::str::from_utf8(CStr::from_ptr(s).to_bytes()) {
            Ok(t) => obj(unicode::intern(t)),
            Err(_) => obj(unicode::from_utf8(CStr::from_ptr(s).to_bytes())),
        }
    }
}
export! {
    /// `PyUnicode_InternInPlace`.
    fn PyUnicode_InternInPlace(p: *mut *mut PyObject) {
        if p.is_null() { return; }
        unicode::intern_in_place(p)
    }
}
export! {
    /// `PyUnicode_Compare`: -1, 0 or 1 (-1 with `TypeError` for non-str).
    fn PyUnicode_Compare(a: *mut PyObject, b: *mut PyObject) -> c_int {
        if a.is_null() || b.is_null() { return null_error(); }
        if !unicode::check(a) || !unicode::check(b) {
            let _ = err::type_error(&format!(
                "Can't compare {} and {}", typeobj::type_name_of(a), typeobj::type_name_of(b)));
            return -1;
        }
        match unicode::as_bytes(a).cmp(unicode::as_bytes(b)) {
            std::cmp::Ordering::Less => -1,
            std::cmp::Ordering::Equal => 0,
            std::cmp::Ordering::Greater => 1,
        }
    }
}
export! {
    /// `PyUnicode_CompareWithASCIIString`: never raises.
    fn PyUnicode_CompareWithASCIIString(a: *mut PyObject, s: *const c_char) -> c_int {
        if a.is_null() || s.is_null() || !unicode::check(a) { return -1; }
        match unicode::as_bytes(a).cmp(CStr::from_ptr(s).to_bytes()) {
            std::cmp::Ordering::Less => -1,
            std::cmp::Ordering::Equal => 0,
            std::cmp::Ordering::Greater => 1,
        }
    }
}
export! {
    /// `PyUnicode_GetLength`.
    fn PyUnicode_GetLength(op: *mut PyObject) -> Py_ssize_t {
        if op.is_null() || !unicode::check(op) {
            let _ = err::bad_argument_type();
            return -1;
        }
        unicode::len_chars(op)
    }
}
export! {
    /// `PyUnicode_Concat`.
    fn PyUnicode_Concat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject { obj(unicode::concat(a, b)) }
}
export! {
    /// `PyUnicode_Format`: `format % args`.
    fn PyUnicode_Format(format: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
        if format.is_null() || args.is_null() { return obj(Err(err::bad_argument())); }
        obj(ophis_core::objects::percent::format(format, args))
    }
}
export! {
    /// `PyUnicode_Join`.
    fn PyUnicode_Join(sep: *mut PyObject, seq: *mut PyObject) -> *mut PyObject {
        if seq.is_null() { return null_error(); }
        obj(unicode::join(sep, seq))
    }
}
export! {
    /// `PyUnicode_AsUCS4`: the characters as UCS-4 into `target`
    /// (`size` characters), NUL-terminated when `copy_null`.
    fn PyUnicode_AsUCS4(op: *mut PyObject, target: *mut Py_UCS4, size: Py_ssize_t, copy_null: c_int) -> *mut Py_UCS4 {
        if op.is_null() || target.is_null() || size < 0 { return bad_call(); }
        value(unicode::as_ucs4(op, target, size, copy_null != 0))
    }
}
export! {
    /// `PyUnicode_AsUCS4Copy`: the characters as UCS-4 in a new
    /// `PyMem_Malloc` block, NUL-terminated.
    fn PyUnicode_AsUCS4Copy(op: *mut PyObject) -> *mut Py_UCS4 {
        if op.is_null() { return bad_call(); }
        value(unicode::as_ucs4(op, ptr::null_mut(), 0, true))
    }
}
export! {
    /// `PyUnicode_ReadChar`: `(Py_UCS4)-1` with an exception on error.
    fn PyUnicode_ReadChar(op: *mut PyObject, i: Py_ssize_t) -> Py_UCS4 {
        if op.is_null() { let _ = err::bad_argument_type(); return Py_UCS4::MAX; }
        value(unicode::read_char_checked(op, i))
    }
}
export! {
    /// `PyUnicode_WriteChar`: only into a fresh string nobody else uses.
    fn PyUnicode_WriteChar(op: *mut PyObject, i: Py_ssize_t, c: Py_UCS4) -> c_int {
        if op.is_null() { let _ = err::bad_argument_type(); return -1; }
        status(unicode::write_char(op, i, c))
    }
}
export! {
    /// `PyUnicode_Substring`: characters `start..end` (end clamped).
    fn PyUnicode_Substring(op: *mut PyObject, start: Py_ssize_t, end: Py_ssize_t) -> *mut PyObject {
        if op.is_null() { return bad_call(); }
        obj(unicode::substring(op, start, end))
    }
}
export! {
    /// `PyUnicode_FromOrdinal`: the one-character string, as `chr()`.
    fn PyUnicode_FromOrdinal(ordinal: c_int) -> *mut PyObject {
        match u32::try_from(ordinal).ok().and_then(unicode::from_code_point) {
            Some(r) => obj(r),
            None => value(Err(err::value_error("chr() arg not in range(0x110000)"))),
        }
    }
}

/// `ensure_unicode`: `TypeError("must be str, not X")` for anything but a
/// str (NULL included).
unsafe fn ensure_str(o: *mut PyObject) -> ophis_core::runtime::err::PyResult<()> {
    // SAFETY: NULL or live.
    unsafe {
        if !o.is_null() && unicode::check(o) {
            return Ok(());
        }
        let t = if o.is_null() {
            "NULL".to_string()
        } else {
            ophis_core::objects::typeobj::type_name_of(o)
        };
        Err(err::type_error(&format!("must be str, not {t}")))
    }
}

/// Calls the `str` method `name` on `s` with `args`: the C functions below
/// share the methods' semantics.
unsafe fn str_method(
    s: *mut PyObject,
    name: &str,
    args: &[*mut PyObject],
) -> ophis_core::runtime::err::PyResult<ophis_core::objects::object::Owned> {
    // SAFETY: live arguments.
    unsafe {
        let n = unicode::intern(name)?;
        let m = ophis_core::protocols::abstract_::getattr(s, n.as_ptr())?;
        ophis_core::protocols::call::call_args(m.as_ptr(), args)
    }
}

/// An index as an int object.
fn ssize_obj(
    v: Py_ssize_t,
) -> ophis_core::runtime::err::PyResult<ophis_core::objects::object::Owned> {
    ophis_core::objects::long::from_i64(v as i64)
}

/// `sep` or None.
unsafe fn or_none(o: *mut PyObject) -> *mut PyObject {
    if o.is_null() {
        ophis_core::runtime::lifecycle::none()
    } else {
        o
    }
}

export! {
    /// `PyUnicode_Split(s, sep, maxsplit)`: `s.split(sep, maxsplit)` (sep
    /// NULL splits on whitespace).
    fn PyUnicode_Split(s: *mut PyObject, sep: *mut PyObject, maxsplit: Py_ssize_t) -> *mut PyObject {
        obj(ensure_str(s).and_then(|()| {
            if !sep.is_null() { ensure_str(sep)?; }
            str_method(s, "split", &[or_none(sep), ssize_obj(maxsplit)?.as_ptr()])
        }))
    }
}
export! {
    /// `PyUnicode_RSplit(s, sep, maxsplit)`.
    fn PyUnicode_RSplit(s: *mut PyObject, sep: *mut PyObject, maxsplit: Py_ssize_t) -> *mut PyObject {
        obj(ensure_str(s).and_then(|()| {
            if !sep.is_null() { ensure_str(sep)?; }
            str_method(s, "rsplit", &[or_none(sep), ssize_obj(maxsplit)?.as_ptr()])
        }))
    }
}
export! {
    /// `PyUnicode_Splitlines(s, keepends)`.
    fn PyUnicode_Splitlines(s: *mut PyObject, keepends: c_int) -> *mut PyObject {
        obj(ensure_str(s).and_then(|()| {
            let k = ophis_core::objects::long::bool_from(keepends != 0);
            str_method(s, "splitlines", &[k.as_ptr()])
        }))
    }
}
export! {
    /// `PyUnicode_Replace(s, old, new, maxcount)`.
    fn PyUnicode_Replace(s: *mut PyObject, old: *mut PyObject, new: *mut PyObject, maxcount: Py_ssize_t) -> *mut PyObject {
        obj(ensure_str(s).and_then(|()| {
            ensure_str(old)?;
            ensure_str(new)?;
            str_method(s, "replace", &[old, new, ssize_obj(maxcount)?.as_ptr()])
        }))
    }
}
export! {
    /// `PyUnicode_Partition(s, sep)`.
    fn PyUnicode_Partition(s: *mut PyObject, sep: *mut PyObject) -> *mut PyObject {
        obj(ensure_str(s).and_then(|()| { ensure_str(sep)?; str_method(s, "partition", &[sep]) }))
    }
}
export! {
    /// `PyUnicode_RPartition(s, sep)`.
    fn PyUnicode_RPartition(s: *mut PyObject, sep: *mut PyObject) -> *mut PyObject {
        obj(ensure_str(s).and_then(|()| { ensure_str(sep)?; str_method(s, "rpartition", &[sep]) }))
    }
}

/// An integer result of a str method as `Py_ssize_t` (`err` on error).
unsafe fn ssize_result(
    r: ophis_core::runtime::err::PyResult<ophis_core::objects::object::Owned>,
    err_value: Py_ssize_t,
) -> Py_ssize_t {
    // SAFETY: a live int on success.
    unsafe {
        match r.and_then(|v| ophis_core::objects::long::as_ssize(v.as_ptr())) {
            Ok(v) => v,
            Err(_) => err_value,
        }
    }
}

export! {
    /// `PyUnicode_Find(s, sub, start, end, direction)`: the index (direction
    /// > 0 finds the first, else the last), -1 when absent, -2 on error.
    fn PyUnicode_Find(s: *mut PyObject, sub: *mut PyObject, start: Py_ssize_t, end: Py_ssize_t, direction: c_int) -> Py_ssize_t {
        ssize_result(ensure_str(s).and_then(|()| {
            ensure_str(sub)?;
            let m = if direction > 0 { "find" } else { "rfind" };
            str_method(s, m, &[sub, ssize_obj(start)?.as_ptr(), ssize_obj(end)?.as_ptr()])
        }), -2)
    }
}
export! {
    /// `PyUnicode_FindChar(s, ch, start, end, direction)`: as
    /// `PyUnicode_Find` for one character.
    fn PyUnicode_FindChar(s: *mut PyObject, ch: Py_UCS4, start: Py_ssize_t, end: Py_ssize_t, direction: c_int) -> Py_ssize_t {
        ssize_result(ensure_str(s).and_then(|()| {
            let c = char::from_u32(ch).ok_or_else(|| err::value_error("character out of range"))?;
            let sub = unicode::from_str(&c.to_string())?;
            let m = if direction > 0 { "find" } else { "rfind" };
            str_method(s, m, &[sub.as_ptr(), ssize_obj(start)?.as_ptr(), ssize_obj(end)?.as_ptr()])
        }), -2)
    }
}
export! {
    /// `PyUnicode_Count(s, sub, start, end)`: -1 on error.
    fn PyUnicode_Count(s: *mut PyObject, sub: *mut PyObject, start: Py_ssize_t, end: Py_ssize_t) -> Py_ssize_t {
        ssize_result(ensure_str(s).and_then(|()| {
            ensure_str(sub)?;
            str_method(s, "count", &[sub, ssize_obj(start)?.as_ptr(), ssize_obj(end)?.as_ptr()])
        }), -1)
    }
}
export! {
    /// `PyUnicode_Tailmatch(s, sub, start, end, direction)`: 1 when
    /// `s[start:end]` starts (direction -1) or ends (+1) with `sub`, 0 when
    /// not, -1 on error.
    fn PyUnicode_Tailmatch(s: *mut PyObject, sub: *mut PyObject, start: Py_ssize_t, end: Py_ssize_t, direction: c_int) -> Py_ssize_t {
        let r = ensure_str(s).and_then(|()| {
            ensure_str(sub)?;
            let m = if direction > 0 { "endswith" } else { "startswith" };
            str_method(s, m, &[sub, ssize_obj(start)?.as_ptr(), ssize_obj(end)?.as_ptr()])
        });
        match r {
            Ok(v) => Py_ssize_t::from(v.as_ptr() == ophis_core::runtime::lifecycle::true_()),
            Err(_) => -1,
        }
    }
}
export! {
    /// `PyUnicode_Contains(container, element)`: 1, 0, or -1 with
    /// `TypeError` when either is not a str.
    fn PyUnicode_Contains(container: *mut PyObject, element: *mut PyObject) -> c_int {
        let r = (|| {
            if element.is_null() || !unicode::check(element) {
                return Err(err::type_error(&format!(
                    "'in <string>' requires string as left operand, not {}",
                    if element.is_null() { "NULL".to_string() } else { ophis_core::objects::typeobj::type_name_of(element) }
                )));
            }
            ensure_str(container)?;
            str_method(container, "__contains__", &[element])
        })();
        match r {
            Ok(v) => c_int::from(v.as_ptr() == ophis_core::runtime::lifecycle::true_()),
            Err(_) => -1,
        }
    }
}
export! {
    /// `PyUnicode_RichCompare(left, right, op)`: `NotImplemented` unless
    /// both are str.
    fn PyUnicode_RichCompare(left: *mut PyObject, right: *mut PyObject, op: c_int) -> *mut PyObject {
        if left.is_null() || right.is_null() { return bad_call(); }
        if !unicode::check(left) || !unicode::check(right) {
            return ophis_core::objects::object::new_ref(ophis_core::runtime::lifecycle::not_implemented());
        }
        obj(ophis_core::protocols::abstract_::rich_compare(left, right, op))
    }
}
export! {
    /// `PyUnicode_IsIdentifier(s)`: 1 when `s` is a valid identifier, else 0.
    fn PyUnicode_IsIdentifier(s: *mut PyObject) -> c_int {
        if s.is_null() || !unicode::check(s) { return 0; }
        match str_method(s, "isidentifier", &[]) {
            Ok(v) => c_int::from(v.as_ptr() == ophis_core::runtime::lifecycle::true_()),
            Err(_) => { err::clear(); 0 }
        }
    }
}
export! {
    /// `_PyUnicode_EQ`: 1 when two strs are equal, else 0 (also for
    /// anything but two strs, where CPython reads blindly); never raises.
    fn _PyUnicode_EQ(a: *mut PyObject, b: *mut PyObject) -> c_int {
        if a.is_null() || b.is_null() || !unicode::check(a) || !unicode::check(b) { return 0; }
        c_int::from(unicode::eq(a, b))
    }
}
