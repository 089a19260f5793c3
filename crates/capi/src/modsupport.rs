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
export! {
    /// `PyArg_ValidateKeywordArguments(kw)`: 1 when `kw` is a dict whose
    /// keys are all str; else 0 with `TypeError` (or `SystemError` for a
    /// non-dict).
    fn PyArg_ValidateKeywordArguments(kw: *mut PyObject) -> c_int {
        if kw.is_null() || !ophis_core::objects::dict::check(kw) {
            let _ = ophis_core::runtime::err::bad_argument();
            return 0;
        }
        let mut pos = 0;
        while let Some((k, _)) = ophis_core::objects::dict::next(kw, &mut pos) {
            if !ophis_core::objects::unicode::check(k) {
                let _ = ophis_core::runtime::err::type_error("keywords must be strings");
                return 0;
            }
        }
        1
    }
}
