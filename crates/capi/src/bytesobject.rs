//! `bytesobject.h`.

use crate::boundary::*;
use crate::export;
use ophis_core::objects::bytes;
use ophis_core::objects::object::{PyObject, Py_ssize_t};
use std::ffi::{c_char, CStr};
use std::ptr;

export! {
    /// `PyBytes_FromString`.
    fn PyBytes_FromString(s: *const c_char) -> *mut PyObject {
        if s.is_null() { return bad_call(); }
        obj(bytes::from_bytes(CStr::from_ptr(s).to_bytes()))
    }
}
export! {
    /// `PyBytes_FromStringAndSize`: NULL data gives `n` zero bytes to fill in.
    fn PyBytes_FromStringAndSize(s: *const c_char, n: Py_ssize_t) -> *mut PyObject {
        if s.is_null() || n < 0 { return obj(bytes::zeroed(n)); }
        obj(bytes::from_bytes(std::slice::from_raw_parts(s as *const u8, n as usize)))
    }
}
export! {
    /// `PyBytes_AsString`.
    fn PyBytes_AsString(op: *mut PyObject) -> *mut c_char {
        if op.is_null() { return bad_call(); }
        if !bytes::check(op) { let _ = bytes::expected_bytes(op); return ptr::null_mut(); }
        bytes::sval(op) as *mut c_char
    }
}
export! {
    /// `PyBytes_Size`.
    fn PyBytes_Size(op: *mut PyObject) -> Py_ssize_t {
        if op.is_null() { return bad_call(); }
        if !bytes::check(op) { let _ = bytes::expected_bytes(op); return -1; }
        ophis_core::objects::object::size_of_var(op)
    }
}
export! {
    /// `_PyBytes_Resize`: 0, or -1 with `*pv` released and NULL.
    fn _PyBytes_Resize(pv: *mut *mut PyObject, n: Py_ssize_t) -> std::ffi::c_int {
        if pv.is_null() { return bad_call(); }
        status(bytes::resize(pv, n))
    }
}
export! {
    /// `PyBytes_FromObject`.
    fn PyBytes_FromObject(o: *mut PyObject) -> *mut PyObject {
        if o.is_null() { return bad_call(); }
        obj(bytes::from_object(o))
    }
}
export! {
    /// `PyBytes_AsStringAndSize`: with `len` NULL, embedded NULs are a
    /// `ValueError`.
    fn PyBytes_AsStringAndSize(o: *mut PyObject, s: *mut *mut c_char, len: *mut Py_ssize_t) -> std::ffi::c_int {
        if o.is_null() || s.is_null() { return bad_call(); }
        if !bytes::check(o) { *s = ptr::null_mut(); let _ = bytes::expected_bytes(o); return -1; }
        let data = bytes::as_slice(o);
        if len.is_null() {
            if data.contains(&0) {
                *s = ptr::null_mut();
                let _ = ophis_core::runtime::err::value_error("embedded null byte");
                return -1;
            }
        } else {
            *len = data.len() as Py_ssize_t;
        }
        *s = bytes::sval(o) as *mut c_char;
        0
    }
}
