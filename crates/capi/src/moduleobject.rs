//! `moduleobject.h`.

use crate::boundary::*;
use crate::export;
use ophis_core::object::PyObject;
use ophis_core::{module, unicode};
use std::ffi::{c_char, CStr};

export! {
    /// `PyModule_New`.
    fn PyModule_New(name: *const c_char) -> *mut PyObject {
        if name.is_null() { return bad_call(); }
        obj(unicode::from_utf8(CStr::from_ptr(name).to_bytes()).and_then(|n| module::new(n.as_ptr())))
    }
}
export! {
    /// `PyModule_GetDict`: borrowed.
    fn PyModule_GetDict(m: *mut PyObject) -> *mut PyObject {
        if m.is_null() || !module::check(m) { return bad_call(); }
        module::dict_of(m)
    }
}
