//! `bytearrayobject.h`: `bytearray`.

use crate::boundary::*;
use crate::export;
use ophis_core::objects::object::{PyObject, Py_ssize_t};
use ophis_core::{objects::bytearray, runtime::err};
use std::ffi::{c_char, c_int};
use std::ptr;

/// The `TypeError` for a non-bytearray argument.
fn expected(o: *mut PyObject) -> err::Raised {
    // SAFETY: a live object.
    err::type_error(&format!("expected bytearray, {} found", unsafe {
        ophis_core::objects::typeobj::type_name_of(o)
    }))
}

export! {
    /// `PyByteArray_FromObject`.
    fn PyByteArray_FromObject(o: *mut PyObject) -> *mut PyObject {
        if o.is_null() { return bad_call(); }
        obj(bytearray::from_object(o))
    }
}
export! {
    /// `PyByteArray_FromStringAndSize`: NULL data gives zeroed bytes.
    fn PyByteArray_FromStringAndSize(s: *const c_char, n: Py_ssize_t) -> *mut PyObject {
        if n < 0 {
            return value(Err(err::system_error("Negative size passed to PyByteArray_FromStringAndSize")));
        }
        if s.is_null() {
            let r = bytearray::from_bytes(&[]).and_then(|b| bytearray::resize(b.as_ptr(), n).map(|_| b));
            return obj(r);
        }
        obj(bytearray::from_bytes(std::slice::from_raw_parts(s as *const u8, n as usize)))
    }
}
export! {
    /// `PyByteArray_AsString`.
    fn PyByteArray_AsString(o: *mut PyObject) -> *mut c_char {
        if o.is_null() { return bad_call(); }
        if !bytearray::check(o) { let _ = expected(o); return ptr::null_mut(); }
        bytearray::as_ptr(o)
    }
}
export! {
    /// `PyByteArray_Size`.
    fn PyByteArray_Size(o: *mut PyObject) -> Py_ssize_t {
        if o.is_null() { return bad_call(); }
        if !bytearray::check(o) { let _ = expected(o); return -1; }
        bytearray::as_slice(o).len() as Py_ssize_t
    }
}
export! {
    /// `PyByteArray_Resize`.
    fn PyByteArray_Resize(o: *mut PyObject, n: Py_ssize_t) -> c_int {
        if o.is_null() || !bytearray::check(o) { return bad_call(); }
        status(bytearray::resize(o, n))
    }
}
export! {
    /// `PyByteArray_Concat`: a new bytearray of two bytes-like objects.
    fn PyByteArray_Concat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
        if a.is_null() || b.is_null() { return bad_call(); }
        obj(bytearray::concat(a, b))
    }
}
