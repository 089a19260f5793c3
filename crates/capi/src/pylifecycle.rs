//! `pylifecycle.h`: starting and stopping the runtime.

use crate::export;
use crate::shim;
use ophis_core::runtime::lifecycle;
use std::ffi::{c_char, c_int};

/// What `Py_GetVersion` returns: the CPython version tracked, then Ophis's.
static VERSION: &str = concat!("3.12.1 (Ophis ", env!("CARGO_PKG_VERSION"), ")\0");

/// Starts the runtime with the C facade's static objects.
pub fn initialize() {
    if lifecycle::is_initialized() {
        return;
    }
    lifecycle::install_c_api_slots(lifecycle::CApiSlots {
        getattro: Some(crate::typeobject::PyObject_GenericGetAttr),
        setattro: Some(crate::typeobject::PyObject_GenericSetAttr),
        alloc: Some(crate::typeobject::PyType_GenericAlloc),
        generic_new: Some(crate::typeobject::PyType_GenericNew),
        object_free: Some(crate::objimpl::PyObject_Free),
        gc_del: Some(crate::objimpl::PyObject_GC_Del),
        hash_not_implemented: Some(crate::typeobject::PyObject_HashNotImplemented),
    });
    lifecycle::initialize(Some(shim::statics()));
    shim::install();
}

export! {
    /// `Py_Initialize`.
    fn Py_Initialize() { initialize() }
}
export! {
    /// `Py_InitializeEx` (signal handlers are not installed either way).
    fn Py_InitializeEx(_install_sigs: c_int) { initialize() }
}
export! {
    /// `Py_FinalizeEx`.
    fn Py_FinalizeEx() -> c_int { lifecycle::finalize() }
}
export! {
    /// `Py_IsInitialized`.
    fn Py_IsInitialized() -> c_int { c_int::from(lifecycle::is_initialized()) }
}
export! {
    /// `Py_GetVersion`.
    fn Py_GetVersion() -> *const c_char { VERSION.as_ptr() as *const c_char }
}
export! {
    /// `Py_AtExit`: -1 once 32 callbacks are registered (or for NULL).
    fn Py_AtExit(f: Option<extern "C" fn()>) -> c_int {
        match f {
            Some(f) if lifecycle::at_exit(f) => 0,
            _ => -1,
        }
    }
}
