//! `pybuffer.h`: the buffer protocol.

use crate::boundary::*;
use crate::export;
use ophis_core::objects::object::{PyObject, Py_ssize_t};
use ophis_core::protocols::buffer::{self, PyBuffer};
use ophis_core::runtime::err;
use std::ffi::{c_char, c_int, c_void};

export! {
    /// `PyObject_GetBuffer`: 0, or -1 with `TypeError`/`BufferError`.
    fn PyObject_GetBuffer(o: *mut PyObject, view: *mut PyBuffer, flags: c_int) -> c_int {
        if o.is_null() || view.is_null() { return bad_call(); }
        status(buffer::get(o, view, flags))
    }
}
export! {
    /// `PyBuffer_Release`.
    fn PyBuffer_Release(view: *mut PyBuffer) {
        if view.is_null() { return; }
        buffer::release(view)
    }
}
export! {
    /// `PyObject_CheckBuffer`: never raises.
    fn PyObject_CheckBuffer(o: *mut PyObject) -> c_int {
        if o.is_null() { return 0; }
        c_int::from(buffer::check(o))
    }
}
export! {
    /// `PyBuffer_FillInfo`.
    fn PyBuffer_FillInfo(view: *mut PyBuffer, o: *mut PyObject, buf: *mut c_void, len: Py_ssize_t, readonly: c_int, flags: c_int) -> c_int {
        status(buffer::fill_info(view, o, buf, len, readonly != 0, flags))
    }
}
export! {
    /// `PyBuffer_IsContiguous`: never raises.
    fn PyBuffer_IsContiguous(view: *const PyBuffer, order: c_char) -> c_int {
        if view.is_null() { return 0; }
        c_int::from(buffer::is_contiguous(view, order as u8))
    }
}
export! {
    /// `PyBuffer_ToContiguous`.
    fn PyBuffer_ToContiguous(out: *mut c_void, view: *const PyBuffer, len: Py_ssize_t, order: c_char) -> c_int {
        if out.is_null() || view.is_null() || len < 0 { let _ = err::bad_argument(); return -1; }
        status(buffer::to_contiguous(out as *mut u8, view, len, order as u8))
    }
}
