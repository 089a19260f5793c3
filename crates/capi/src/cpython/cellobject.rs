//! `cpython/cellobject.h`: cells (`PyCell_*`).

use crate::boundary::*;
use crate::export;
use ophis_core::objects::cell;
use ophis_core::objects::object::{new_ref, xincref, PyObject};
use std::ffi::c_int;
use std::ptr;

export! {
    /// `PyCell_New(obj)`: new reference; `obj` NULL makes an empty cell.
    fn PyCell_New(obj_: *mut PyObject) -> *mut PyObject {
        obj(cell::new(obj_))
    }
}
export! {
    /// `PyCell_Get(cell)`: the content (new reference), NULL without an
    /// error for an empty cell; `SystemError` for a non-cell.
    fn PyCell_Get(op: *mut PyObject) -> *mut PyObject {
        if op.is_null() || !cell::check(op) { return bad_call(); }
        let v = cell::get(op);
        if v.is_null() { ptr::null_mut() } else { new_ref(v) }
    }
}
export! {
    /// `PyCell_Set(cell, obj)`: replaces the content (`obj` borrowed, NULL
    /// empties); -1 with `SystemError` for a non-cell.
    fn PyCell_Set(op: *mut PyObject, v: *mut PyObject) -> c_int {
        if op.is_null() || !cell::check(op) { return bad_call(); }
        xincref(v);
        cell::set_stealing(op, v);
        0
    }
}
