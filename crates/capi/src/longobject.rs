//! `longobject.h`: C integer and float conversions of `int`.

use crate::boundary::*;
use crate::export;
use ophis_core::objects::long;
use ophis_core::objects::object::{PyObject, Py_ssize_t};
use std::ffi::{c_int, c_long, c_longlong, c_ulong, c_ulonglong};

export! {
    /// `PyLong_FromLong`.
    fn PyLong_FromLong(v: c_long) -> *mut PyObject { obj(long::from_i64(v)) }
}
export! {
    /// `PyLong_FromLongLong`.
    fn PyLong_FromLongLong(v: c_longlong) -> *mut PyObject { obj(long::from_i64(v)) }
}
export! {
    /// `PyLong_FromSsize_t`.
    fn PyLong_FromSsize_t(v: Py_ssize_t) -> *mut PyObject { obj(long::from_i64(v as i64)) }
}
export! {
    /// `PyLong_FromSize_t`.
    fn PyLong_FromSize_t(v: usize) -> *mut PyObject { obj(long::from_u64(v as u64)) }
}
export! {
    /// `PyLong_FromUnsignedLong`.
    fn PyLong_FromUnsignedLong(v: c_ulong) -> *mut PyObject { obj(long::from_u64(v)) }
}
export! {
    /// `PyLong_FromUnsignedLongLong`.
    fn PyLong_FromUnsignedLongLong(v: c_ulonglong) -> *mut PyObject { obj(long::from_u64(v)) }
}
export! {
    /// `PyLong_FromDouble`.
    fn PyLong_FromDouble(v: f64) -> *mut PyObject { obj(long::from_f64(v)) }
}
export! {
    /// `_PyLong_Sign`: -1, 0 or 1; never fails (0 for anything but an int,
    /// where CPython asserts).
    fn _PyLong_Sign(op: *mut PyObject) -> c_int {
        if op.is_null() || !long::check(op) { return 0; }
        long::sign(op)
    }
}
export! {
    /// `PyLong_AsLong`.
    fn PyLong_AsLong(op: *mut PyObject) -> c_long {
        value(long::as_i64(op, "Python int too large to convert to C long"))
    }
}
export! {
    /// `PyLong_AsLongLong`.
    fn PyLong_AsLongLong(op: *mut PyObject) -> c_longlong {
        value(long::as_i64(op, "int too big to convert"))
    }
}
export! {
    /// `PyLong_AsSsize_t`.
    fn PyLong_AsSsize_t(op: *mut PyObject) -> Py_ssize_t { value(long::as_ssize(op)) }
}
export! {
    /// `PyLong_AsSize_t`.
    fn PyLong_AsSize_t(op: *mut PyObject) -> usize {
        match long::as_u64(op, "size_t") {
            Ok(v) => v as usize,
            Err(_) => usize::MAX,
        }
    }
}
export! {
    /// `PyLong_AsLongAndOverflow`.
    fn PyLong_AsLongAndOverflow(op: *mut PyObject, overflow: *mut c_int) -> c_long {
        if !overflow.is_null() { *overflow = 0; }
        match long::as_i64_and_overflow(op) {
            Ok((v, of)) => {
                if !overflow.is_null() { *overflow = of; }
                v
            }
            Err(_) => -1,
        }
    }
}
export! {
    /// `PyLong_AsDouble`.
    fn PyLong_AsDouble(op: *mut PyObject) -> f64 { value(long::as_f64(op)) }
}
export! {
    /// `PyLong_FromString`: parses `str` in `base` (0 or 2..=36); `*pend`
    /// receives the end of the parsed text.
    fn PyLong_FromString(s: *const std::ffi::c_char, pend: *mut *mut std::ffi::c_char, base: c_int) -> *mut PyObject {
        if s.is_null() { return bad_call(); }
        obj(long::from_c_string(s, pend, base))
    }
}
export! {
    /// `PyLong_AsUnsignedLong`: exact ints only.
    fn PyLong_AsUnsignedLong(op: *mut PyObject) -> c_ulong {
        value(long::as_unsigned_long(op)) as c_ulong
    }
}
export! {
    /// `PyLong_AsUnsignedLongLong`: exact ints only.
    fn PyLong_AsUnsignedLongLong(op: *mut PyObject) -> c_ulonglong {
        match long::as_unsigned_long_long(op) { Ok(v) => v, Err(_) => c_ulonglong::MAX }
    }
}
export! {
    /// `PyLong_AsUnsignedLongMask`: the value modulo 2**64 (through
    /// `__index__`).
    fn PyLong_AsUnsignedLongMask(op: *mut PyObject) -> c_ulong {
        value(long::as_unsigned_mask(op)) as c_ulong
    }
}
export! {
    /// `PyLong_AsUnsignedLongLongMask`: the value modulo 2**64.
    fn PyLong_AsUnsignedLongLongMask(op: *mut PyObject) -> c_ulonglong {
        match long::as_unsigned_mask(op) { Ok(v) => v, Err(_) => c_ulonglong::MAX }
    }
}
export! {
    /// `PyLong_AsLongLongAndOverflow`.
    fn PyLong_AsLongLongAndOverflow(op: *mut PyObject, overflow: *mut c_int) -> c_longlong {
        // `long` and `long long` are both 64 bits on the supported targets.
        PyLong_AsLongAndOverflow(op, overflow) as c_longlong
    }
}
export! {
    /// `_PyLong_AsByteArray`: 0, or -1 with `OverflowError`.
    fn _PyLong_AsByteArray(op: *mut PyObject, bytes: *mut u8, n: usize, little_endian: c_int, is_signed: c_int) -> c_int {
        if op.is_null() || (bytes.is_null() && n > 0) || n > isize::MAX as usize || !long::check(op) { return bad_call(); }
        let out: &mut [u8] = if n == 0 { &mut [] } else { std::slice::from_raw_parts_mut(bytes, n) };
        status(long::as_byte_array(op, out, little_endian != 0, is_signed != 0))
    }
}
export! {
    /// `_PyLong_FromByteArray`.
    fn _PyLong_FromByteArray(bytes: *const u8, n: usize, little_endian: c_int, is_signed: c_int) -> *mut PyObject {
        if (bytes.is_null() && n > 0) || n > isize::MAX as usize { return bad_call(); }
        let b: &[u8] = if n == 0 { &[] } else { std::slice::from_raw_parts(bytes, n) };
        obj(long::from_byte_array(b, little_endian != 0, is_signed != 0))
    }
}
export! {
    /// `PyLong_FromUnicodeObject`.
    fn PyLong_FromUnicodeObject(u: *mut PyObject, base: c_int) -> *mut PyObject {
        obj(long::from_unicode_object(u, base))
    }
}
export! {
    /// `PyLong_FromVoidPtr`: the address as a non-negative int.
    fn PyLong_FromVoidPtr(p: *mut std::ffi::c_void) -> *mut PyObject {
        obj(long::from_u64(p as usize as u64))
    }
}
export! {
    /// `PyLong_AsVoidPtr`: negative ints through `PyLong_AsLong`, others
    /// through `PyLong_AsUnsignedLong`, as CPython converts them.
    fn PyLong_AsVoidPtr(op: *mut PyObject) -> *mut std::ffi::c_void {
        if op.is_null() { return bad_call(); }
        let negative = long::check(op) && long::tag(op) & 3 == long::SIGN_NEGATIVE;
        let r = if negative {
            long::as_i64(op, "Python int too large to convert to C long").map(|v| v as usize)
        } else {
            long::as_unsigned_long(op).map(|v| v as usize)
        };
        match r { Ok(v) => v as *mut std::ffi::c_void, Err(_) => std::ptr::null_mut() }
    }
}
