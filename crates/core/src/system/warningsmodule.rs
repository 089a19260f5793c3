//! A `_warnings` module for `importlib`'s bootstrap (which imports it):
//! only `warn(message, category=None, stacklevel=1, source=None)`, which
//! passes the call on to the pure-Python `warnings.warn`. Without CPython's
//! other names (`filters`, `_defaultaction`, `_onceregistry`,
//! `warn_explicit`, `_filters_mutated`) `warnings.py` keeps its own Python
//! implementation, so the filters live there, as they do now.

use crate::objects::object::*;
use crate::objects::typeobj::{self, PyMethodDef};
use crate::objects::{module, unicode};
use crate::protocols::clinic::fastcall_kw_def;
use crate::protocols::{abstract_, call};
use crate::runtime::err::{self, PyResult};
use std::ptr;

/// `_warnings.warn(...)`: `warnings.warn` with the same arguments.
unsafe extern "C" fn warnings_warn(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: isize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: METH_FASTCALL | METH_KEYWORDS contract; the vector is passed
    // on unchanged.
    unsafe {
        err::into_ptr((|| {
            let warnings = crate::system::import::import("warnings")?;
            let name = unicode::intern("warn")?;
            let f = abstract_::getattr(warnings.as_ptr(), name.as_ptr())?;
            err::from_ptr(call::vectorcall(f.as_ptr(), args, nargs as usize, kwnames))
        })())
    }
}

static mut METHODS: [PyMethodDef; 2] =
    [fastcall_kw_def(c"warn", warnings_warn), typeobj::METHOD_END];

/// Creates the `_warnings` module (for the builtin module table).
pub fn create_module() -> PyResult<Owned> {
    // SAFETY: the runtime is initialized and the GIL held; the method table
    // is static.
    unsafe {
        let name = unicode::intern("_warnings")?;
        let m = module::new(name.as_ptr())?;
        crate::objects::moduledef::add_functions(
            m.as_ptr(),
            ptr::addr_of_mut!(METHODS) as *mut PyMethodDef,
        )?;
        Ok(m)
    }
}
