//! `import.h`: importing modules (`sys.modules`, then the inittab) and
//! registering them.

use crate::boundary::*;
use crate::export;
use crate::shim::null_error;
use ophis_core::objects::object::PyObject;
use ophis_core::{objects::unicode, runtime::err, system::builtins};
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
export! {
    /// `PyImport_GetModuleDict`: `sys.modules`, borrowed.
    fn PyImport_GetModuleDict() -> *mut PyObject {
        ophis_core::objects::moduledef::modules()
    }
}
export! {
    /// `PyImport_AddModuleObject`: borrowed.
    fn PyImport_AddModuleObject(name: *mut PyObject) -> *mut PyObject {
        if name.is_null() || !unicode::check(name) { return null_error(); }
        value(ophis_core::objects::moduledef::add_module(name))
    }
}
export! {
    /// `PyImport_AddModule`: borrowed.
    fn PyImport_AddModule(name: *const c_char) -> *mut PyObject {
        if name.is_null() { return null_error(); }
        value(unicode::from_utf8(CStr::from_ptr(name).to_bytes())
            .and_then(|n| ophis_core::objects::moduledef::add_module(n.as_ptr())))
    }
}
/// `PyImport_AppendInittab`: before `Py_Initialize` only (CPython aborts
/// after it; Ophis returns -1). Runs without a thread state, so outside
/// the panic boundary it only takes a lock.
#[no_mangle]
pub unsafe extern "C" fn PyImport_AppendInittab(
    name: *const c_char,
    init: Option<unsafe extern "C" fn() -> *mut PyObject>,
) -> std::ffi::c_int {
    let (Some(init), false) = (init, name.is_null()) else {
        return -1;
    };
    // SAFETY: the C caller's NUL-terminated name.
    let name = unsafe { CStr::from_ptr(name) }
        .to_string_lossy()
        .into_owned();
    if ophis_core::objects::moduledef::append_inittab(&name, init) {
        0
    } else {
        -1
    }
}
export! {
    /// `PyImport_ImportModuleLevelObject` (`locals` is unused, as in
    /// CPython).
    fn PyImport_ImportModuleLevelObject(name: *mut PyObject, globals: *mut PyObject, _locals: *mut PyObject, fromlist: *mut PyObject, level: std::ffi::c_int) -> *mut PyObject {
        if name.is_null() { return value(Err(err::value_error("Empty module name"))); }
        obj(ophis_core::system::import::import_level(name, globals, fromlist, level as isize))
    }
}
export! {
    /// `PyImport_ImportModuleLevel`.
    fn PyImport_ImportModuleLevel(name: *const c_char, globals: *mut PyObject, _locals: *mut PyObject, fromlist: *mut PyObject, level: std::ffi::c_int) -> *mut PyObject {
        if name.is_null() { return null_error(); }
        obj(unicode::from_utf8(CStr::from_ptr(name).to_bytes())
            .and_then(|n| ophis_core::system::import::import_level(n.as_ptr(), globals, fromlist, level as isize)))
    }
}
export! {
    /// `PyImport_GetModule`: a new reference, or NULL (no exception) when
    /// `sys.modules` has no such module.
    fn PyImport_GetModule(name: *mut PyObject) -> *mut PyObject {
        if name.is_null() { return null_error(); }
        match ophis_core::system::import::get_module(name) {
            Ok(Some(m)) => m.into_raw(),
            _ => std::ptr::null_mut(),
        }
    }
}
