//! `tupleobject.h` (`PyTuple_Pack` is in the C shim).

use crate::boundary::*;
use crate::export;
use ophis_core::objects::object::{PyObject, Py_ssize_t};
use ophis_core::objects::tuple;
use std::ffi::c_int;

export! {
    /// `PyTuple_New`.
    fn PyTuple_New(n: Py_ssize_t) -> *mut PyObject { obj(tuple::new(n)) }
}
export! {
    /// `PyTuple_Size`.
    fn PyTuple_Size(op: *mut PyObject) -> Py_ssize_t {
        if op.is_null() || !tuple::check(op) { return bad_call(); }
        tuple::size(op)
    }
}
export! {
    /// `PyTuple_GetItem` (borrowed).
    fn PyTuple_GetItem(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
        tuple::get_item_checked(op, i).unwrap_or(std::ptr::null_mut())
    }
}
export! {
    /// `PyTuple_SetItem` (steals `v`, even on error).
    fn PyTuple_SetItem(op: *mut PyObject, i: Py_ssize_t, v: *mut PyObject) -> c_int {
        status(tuple::set_item(op, i, v))
    }
}
export! {
    /// `PyTuple_GetSlice`.
    fn PyTuple_GetSlice(op: *mut PyObject, lo: Py_ssize_t, hi: Py_ssize_t) -> *mut PyObject {
        if op.is_null() || !tuple::check(op) { return bad_call(); }
        obj(tuple::slice(op, lo, hi))
    }
}
