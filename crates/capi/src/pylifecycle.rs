//! `pylifecycle.h`: starting and stopping the runtime.

use crate::export;
use crate::shim;
use ophis_core::runtime::lifecycle;
use std::ffi::{c_char, c_int};

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
    /// `Py_Initialize`: `Py_InitializeEx(1)`.
    fn Py_Initialize() { Py_InitializeEx(1) }
}
export! {
    /// `Py_InitializeEx`: with `install_sigs`, CPython's signal
    /// dispositions too (SIGINT raises `KeyboardInterrupt`; SIGPIPE and
    /// SIGXFSZ ignored).
    fn Py_InitializeEx(install_sigs: c_int) {
        let first = !lifecycle::is_initialized();
        initialize();
        if first && install_sigs != 0 {
            ophis_core::runtime::signals::install_default_handlers();
        }
    }
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
    fn Py_GetVersion() -> *const c_char { ophis_core::system::sysinfo::VERSION.as_ptr() }
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

/// Whether the pending exception is a `KeyboardInterrupt` (for a
/// program's `main`, before it prints the exception).
pub fn keyboard_interrupt_pending() -> bool {
    use ophis_core::objects::exceptions::{self, Exc};
    use ophis_core::runtime::err;
    // SAFETY: the pending exception and the class are live (or NULL).
    unsafe { err::given_matches(err::occurred(), exceptions::get(Exc::KeyboardInterrupt)) }
}

/// For a program's `main` after an uncaught `KeyboardInterrupt` (once the
/// runtime is finalized): the process ends by SIGINT, as CPython's does.
pub fn exit_by_sigint() -> ! {
    ophis_core::runtime::signals::exit_by_sigint()
}
