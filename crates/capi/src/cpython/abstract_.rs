//! `cpython/abstract.h`: the vectorcall entry points outside the limited
//! API.

use crate::boundary::*;
use crate::export;
use crate::shim::null_error;
use ophis_core::objects::dict;
use ophis_core::objects::object::PyObject;
use ophis_core::objects::typeobj::vectorcallfunc;
use ophis_core::protocols::call;

export! {
    /// `PyVectorcall_Function`: the callable's vectorcall pointer or NULL;
    /// never raises.
    fn PyVectorcall_Function(callable: *mut PyObject) -> vectorcallfunc {
        if callable.is_null() { return None; }
        call::vectorcall_function(callable)
    }
}
export! {
    /// `PyObject_VectorcallDict`: keywords as a dict.
    fn PyObject_VectorcallDict(callable: *mut PyObject, args: *const *mut PyObject, nargsf: usize, kwargs: *mut PyObject) -> *mut PyObject {
        if callable.is_null() { return null_error(); }
        if !kwargs.is_null() && !dict::check(kwargs) { return bad_call(); }
        call::vectorcall_dict(callable, args, nargsf, kwargs)
    }
}
export! {
    /// `PyObject_CallOneArg`: called with the offset flag.
    fn PyObject_CallOneArg(callable: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
        if callable.is_null() || arg.is_null() { return null_error(); }
        call::call_one_arg(callable, arg)
    }
}
