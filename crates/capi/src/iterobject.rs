//! `iterobject.h`: the sequence and callable iterators. The types are
//! `PySeqIter_Type` / `PyCallIter_Type` (data objects of the C shim); the
//! behaviour lives in `ophis_core::objects::iterobject`, and the iterator protocol
//! (`PyObject_GetIter`, `PyIter_*`) is exported from `abstract.h`'s module.

use crate::boundary::*;
use crate::export;
use crate::shim::null_error;
use ophis_core::objects::iterobject;
use ophis_core::objects::object::PyObject;

export! {
    /// `PySeqIter_New`.
    fn PySeqIter_New(seq: *mut PyObject) -> *mut PyObject {
        if seq.is_null() { return null_error(); }
        obj(iterobject::seq_iter_new(seq))
    }
}
export! {
    /// `PyCallIter_New`.
    fn PyCallIter_New(callable: *mut PyObject, sentinel: *mut PyObject) -> *mut PyObject {
        if callable.is_null() || sentinel.is_null() { return null_error(); }
        obj(iterobject::call_iter_new(callable, sentinel))
    }
}
