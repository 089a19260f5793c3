//! `floatobject.h`.

use crate::boundary::*;
use crate::export;
use ophis_core::objects::object::PyObject;
use ophis_core::{objects::float, runtime::err};

export! {
    /// `PyFloat_FromDouble`.
    fn PyFloat_FromDouble(v: f64) -> *mut PyObject { obj(float::from_f64(v)) }
}
export! {
    /// `PyFloat_AsDouble`.
    fn PyFloat_AsDouble(op: *mut PyObject) -> f64 {
        if op.is_null() {
            let _ = err::bad_argument_type();
            return -1.0;
        }
        value(float::as_f64(op))
    }
}
export! {
    /// `PyFloat_FromString`: a str or bytes-like object parsed as `float()`
    /// parses it.
    fn PyFloat_FromString(o: *mut PyObject) -> *mut PyObject {
        if o.is_null() { return bad_call(); }
        obj(float::from_string(o))
    }
}
