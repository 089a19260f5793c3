//! `sysmodule.h`: the `sys` namespace.

use crate::boundary::*;
use crate::export;
use ophis_core::objects::object::PyObject;
use ophis_core::system::sysmodule;
use std::ffi::{c_char, c_int, CStr};

export! {
    /// `PySys_GetObject`: borrowed, NULL when missing (no exception).
    fn PySys_GetObject(name: *const c_char) -> *mut PyObject {
        if name.is_null() { return std::ptr::null_mut(); }
        sysmodule::get(&CStr::from_ptr(name).to_string_lossy())
    }
}
export! {
    /// `PySys_SetObject`: NULL deletes.
    fn PySys_SetObject(name: *const c_char, v: *mut PyObject) -> c_int {
        if name.is_null() { return bad_call(); }
        status(sysmodule::set(&CStr::from_ptr(name).to_string_lossy(), v))
    }
}
export! {
    /// `PySys_AddAuditHook(hook, userData)`: a C audit hook for the whole
    /// runtime (allowed before `Py_Initialize`); 0, or -1 when an existing
    /// hook refused it with anything but a `RuntimeError`.
    fn PySys_AddAuditHook(hook: Option<ophis_core::runtime::audit::CHook>, data: *mut std::ffi::c_void) -> c_int {
        match hook {
            Some(h) => ophis_core::runtime::audit::add_c_hook(h, data),
            None => bad_call(),
        }
    }
}
