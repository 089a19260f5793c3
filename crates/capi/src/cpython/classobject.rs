//! `cpython/classobject.h`: bound methods (`PyMethod_*`).

use crate::boundary::*;
use crate::export;
use crate::shim::null_error;
use ophis_core::objects::boundmethod;
use ophis_core::objects::object::PyObject;

export! {
    /// `PyMethod_New(func, self)`: new reference.
    fn PyMethod_New(func: *mut PyObject, self_: *mut PyObject) -> *mut PyObject {
        if func.is_null() { return null_error(); }
        obj(boundmethod::new(func, self_))
    }
}
export! {
    /// `PyMethod_Function`: borrowed.
    fn PyMethod_Function(m: *mut PyObject) -> *mut PyObject {
        if m.is_null() || !boundmethod::check(m) { return bad_call(); }
        (*(m as *mut boundmethod::PyMethodObject)).im_func
    }
}
export! {
    /// `PyMethod_Self`: borrowed.
    fn PyMethod_Self(m: *mut PyObject) -> *mut PyObject {
        if m.is_null() || !boundmethod::check(m) { return bad_call(); }
        (*(m as *mut boundmethod::PyMethodObject)).im_self
    }
}
