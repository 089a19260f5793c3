//! `import.h`: importing the modules Ophis has (`sys`, `builtins`).

use crate::boundary::*;
use crate::export;
use crate::shim::null_error;
use ophis_core::object::PyObject;
use ophis_core::{builtins, err, unicode};
use std::ffi::{c_char, CStr};

export! {
    /// `PyImport_ImportModule`.
    fn PyImport_ImportModule(name: *const c_char) -> *mut PyObject {
        if name.is_null() { return null_error(); }
        obj(builtins::import(&CStr::from_ptr(name).to_string_lossy()))
    }
}
export! {
    /// `PyImport_Import`: the name as a str object.
    fn PyImport_Import(name: *mut PyObject) -> *mut PyObject {
        if name.is_null() { return null_error(); }
        if !unicode::check(name) {
            return value(Err(err::type_error("module name must be a string")));
        }
        obj(builtins::import(&unicode::as_str(name)))
    }
}
