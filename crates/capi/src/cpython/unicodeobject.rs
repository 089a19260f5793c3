//! `cpython/unicodeobject.h`.

use crate::export;
use ophis_core::object::PyObject;
use ophis_core::{err, unicode};
use std::ffi::c_char;

export! {
    /// `PyUnicode_AsUTF8`: a pointer into the string itself.
    fn PyUnicode_AsUTF8(op: *mut PyObject) -> *const c_char {
        if op.is_null() || !unicode::check(op) {
            let _ = err::bad_argument_type();
            return std::ptr::null();
        }
        match unicode::utf8(op) {
            Ok(p) => p as *const c_char,
            Err(_) => std::ptr::null(),
        }
    }
}
