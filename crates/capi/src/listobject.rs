//! `listobject.h`.

use crate::boundary::*;
use crate::export;
use ophis_core::objects::object::{self as o, PyObject, Py_ssize_t};
use ophis_core::{objects::list, runtime::err};
use std::ffi::c_int;

export! {
    /// `PyList_New`.
    fn PyList_New(n: Py_ssize_t) -> *mut PyObject { obj(list::new(n)) }
}
export! {
    /// `PyList_Size`.
    fn PyList_Size(op: *mut PyObject) -> Py_ssize_t {
        if op.is_null() || !list::check(op) { return bad_call(); }
        list::size(op)
    }
}
export! {
    /// `PyList_GetItem` (borrowed).
    fn PyList_GetItem(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
        if op.is_null() || !list::check(op) { return bad_call(); }
        if i < 0 || i >= list::size(op) {
            let _ = err::index_error("list index out of range");
            return std::ptr::null_mut();
        }
        list::item(op, i)
    }
}
export! {
    /// `PyList_SetItem` (steals `v`, even on error).
    fn PyList_SetItem(op: *mut PyObject, i: Py_ssize_t, v: *mut PyObject) -> c_int {
        if op.is_null() || !list::check(op) { o::xdecref(v); return bad_call(); }
        if i < 0 || i >= list::size(op) {
            o::xdecref(v);
            let _ = err::index_error("list assignment index out of range");
            return -1;
        }
        list::replace(op, i, v);
        0
    }
}
export! {
    /// `PyList_Insert`.
    fn PyList_Insert(op: *mut PyObject, i: Py_ssize_t, v: *mut PyObject) -> c_int {
        if op.is_null() || !list::check(op) || v.is_null() { return bad_call(); }
        status(list::insert(op, i, v))
    }
}
export! {
    /// `PyList_Append`.
    fn PyList_Append(op: *mut PyObject, v: *mut PyObject) -> c_int {
        if op.is_null() || !list::check(op) || v.is_null() { return bad_call(); }
        status(list::append(op, v))
    }
}
export! {
    /// `PyList_AsTuple`.
    fn PyList_AsTuple(op: *mut PyObject) -> *mut PyObject {
        if op.is_null() || !list::check(op) { return bad_call(); }
        obj(list::as_tuple(op))
    }
}
export! {
    /// `PyList_GetSlice`: a new list of items `lo..hi`, clamped.
    fn PyList_GetSlice(op: *mut PyObject, lo: Py_ssize_t, hi: Py_ssize_t) -> *mut PyObject {
        if op.is_null() || !list::check(op) { return bad_call(); }
        obj(ophis_core::objects::seqslice::list_range(op, lo, hi))
    }
}
export! {
    /// `PyList_SetSlice`: `l[lo:hi] = v` (NULL deletes), clamped.
    fn PyList_SetSlice(op: *mut PyObject, lo: Py_ssize_t, hi: Py_ssize_t, v: *mut PyObject) -> c_int {
        if op.is_null() || !list::check(op) { return bad_call(); }
        status(ophis_core::objects::seqslice::list_assign_range(op, lo, hi, v))
    }
}
export! {
    /// `PyList_Sort`.
    fn PyList_Sort(op: *mut PyObject) -> c_int {
        if op.is_null() || !list::check(op) { return bad_call(); }
        status(ophis_core::objects::seqslice::list_sort(op))
    }
}
export! {
    /// `PyList_Reverse`.
    fn PyList_Reverse(op: *mut PyObject) -> c_int {
        if op.is_null() || !list::check(op) { return bad_call(); }
        status(ophis_core::objects::seqslice::list_reverse(op))
    }
}
