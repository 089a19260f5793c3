//! `boolobject.h`.

use crate::export;
use ophis_core::objects::long;
use ophis_core::objects::object::PyObject;
use std::ffi::c_long;

export! {
    /// `PyBool_FromLong`.
    fn PyBool_FromLong(v: c_long) -> *mut PyObject { long::bool_from(v != 0).into_raw() }
}
