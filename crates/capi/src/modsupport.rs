//! `modsupport.h` (`Py_BuildValue` and friends are in the C shim).

use crate::boundary::*;
use crate::export;
use ophis_core::objects::object::PyObject;
use ophis_core::{objects::long, objects::module};
use std::ffi::{c_char, c_int, c_long};

export! {
    /// `PyModule_AddObjectRef` (does not steal `value`).
    fn PyModule_AddObjectRef(m: *mut PyObject, name: *const c_char, value: *mut PyObject) -> c_int {
        if name.is_null() { return bad_call(); }
        status(module::add_object_ref(m, &cstr(name), value))
    }
}
export! {
    /// `PyModule_AddIntConstant`.
    fn PyModule_AddIntConstant(m: *mut PyObject, name: *const c_char, v: c_long) -> c_int {
        if name.is_null() { return bad_call(); }
        status(long::from_i64(v).and_then(|o| module::add_object_ref(m, &cstr(name), o.as_ptr())))
    }
}
