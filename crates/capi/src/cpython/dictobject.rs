//! `cpython/dictobject.h`.

use crate::boundary::*;
use crate::export;
use ophis_core::dict;
use ophis_core::object::PyObject;

export! {
    /// `PyDict_SetDefault`: borrowed result.
    fn PyDict_SetDefault(d: *mut PyObject, k: *mut PyObject, dflt: *mut PyObject) -> *mut PyObject {
        if d.is_null() || !dict::check(d) || k.is_null() || dflt.is_null() { return bad_call(); }
        dict::set_default(d, k, dflt).unwrap_or(std::ptr::null_mut())
    }
}
