//! `sliceobject.h`: slice objects and the index arithmetic of slicing;
//! the behaviour lives in `ophis_core::objects::slice`.

use crate::boundary::*;
use crate::export;
use crate::shim::null_error;
use ophis_core::objects::object::{PyObject, Py_ssize_t};
use ophis_core::{objects::slice, runtime::err};
use std::ffi::c_int;

export! {
    /// `PySlice_New`: NULL fields are None.
    fn PySlice_New(start: *mut PyObject, stop: *mut PyObject, step: *mut PyObject) -> *mut PyObject {
        obj(slice::new(start, stop, step))
    }
}
export! {
    /// `PySlice_Unpack`.
    fn PySlice_Unpack(s: *mut PyObject, start: *mut Py_ssize_t, stop: *mut Py_ssize_t, step: *mut Py_ssize_t) -> c_int {
        if s.is_null() || start.is_null() || stop.is_null() || step.is_null() { return null_error(); }
        if !slice::check(s) { return value(Err(err::bad_argument())); }
        match slice::unpack(s) {
            Ok((a, b, c)) => { *start = a; *stop = b; *step = c; 0 }
            Err(_) => -1,
        }
    }
}
export! {
    /// `PySlice_AdjustIndices`: the slice length. It never fails (CPython's
    /// contract): NULL pointers or a zero step (CPython crashes) give 0, an
    /// empty slice, without an exception.
    fn PySlice_AdjustIndices(length: Py_ssize_t, start: *mut Py_ssize_t, stop: *mut Py_ssize_t, step: Py_ssize_t) -> Py_ssize_t {
        if start.is_null() || stop.is_null() || step == 0 { return 0; }
        slice::adjust(length, &mut *start, &mut *stop, step)
    }
}
export! {
    /// `PySlice_GetIndicesEx`: `Unpack` then `AdjustIndices`.
    fn PySlice_GetIndicesEx(s: *mut PyObject, length: Py_ssize_t, start: *mut Py_ssize_t, stop: *mut Py_ssize_t, step: *mut Py_ssize_t, slicelength: *mut Py_ssize_t) -> c_int {
        if s.is_null() || start.is_null() || stop.is_null() || step.is_null() || slicelength.is_null() {
            return null_error();
        }
        if !slice::check(s) { *slicelength = 0; return value(Err(err::bad_argument())); }
        match slice::indices(s, || length) {
            Ok((a, b, c, n)) => { *start = a; *stop = b; *step = c; *slicelength = n; 0 }
            Err(_) => { *slicelength = 0; -1 }
        }
    }
}
export! {
    /// `PySlice_GetIndices`, the legacy form: -1 without an exception for
    /// what it does not accept.
    fn PySlice_GetIndices(s: *mut PyObject, length: Py_ssize_t, start: *mut Py_ssize_t, stop: *mut Py_ssize_t, step: *mut Py_ssize_t) -> c_int {
        if s.is_null() || start.is_null() || stop.is_null() || step.is_null() || !slice::check(s) {
            return -1;
        }
        match slice::get_indices_legacy(s, length) {
            Some((a, b, c)) => { *start = a; *stop = b; *step = c; 0 }
            None => -1,
        }
    }
}
