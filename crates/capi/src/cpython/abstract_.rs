//! `cpython/abstract.h`: the vectorcall entry points outside the limited
//! API.

use crate::boundary::*;
use crate::export;
use crate::shim::null_error;
use ophis_core::objects::dict;
use ophis_core::objects::object::{PyObject, Py_ssize_t};
use ophis_core::objects::typeobj::vectorcallfunc;
use ophis_core::protocols::call;
use ophis_core::runtime::thread::ThreadState;

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
    /// `_PyObject_MakeTpCall`: calls through `tp_call` with a tuple of
    /// `args[..nargs]` and the keywords (NULL, a dict, or `kwnames` naming
    /// the values after the positional ones); `tstate` is the caller's.
    fn _PyObject_MakeTpCall(_tstate: *mut ThreadState, callable: *mut PyObject, args: *const *mut PyObject, nargs: Py_ssize_t, keywords: *mut PyObject) -> *mut PyObject {
        if callable.is_null() { return null_error(); }
        if nargs < 0 { return bad_call(); }
        let kwnames = if !keywords.is_null() && dict::check(keywords) { std::ptr::null_mut() } else { keywords };
        if !call::vector_ok(args, nargs as usize, kwnames) { return call::bad_vector(args, kwnames).into(); }
        call::make_tp_call_keywords(callable, args, nargs as usize, keywords)
    }
}
export! {
    /// `_Py_CheckFunctionResult`: `result` when it agrees with the error
    /// indicator, else NULL with CPython's `SystemError` naming the callable
    /// (or `where` when it is NULL).
    fn _Py_CheckFunctionResult(_tstate: *mut ThreadState, callable: *mut PyObject, result: *mut PyObject, place: *const std::ffi::c_char) -> *mut PyObject {
        let place = if place.is_null() { None } else { Some(std::ffi::CStr::from_ptr(place).to_string_lossy()) };
        call::check_result_where(callable, place.as_deref(), result)
    }
}
export! {
    /// `PyObject_CallOneArg`: called with the offset flag.
    fn PyObject_CallOneArg(callable: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
        if callable.is_null() || arg.is_null() { return null_error(); }
        call::call_one_arg(callable, arg)
    }
}
