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
