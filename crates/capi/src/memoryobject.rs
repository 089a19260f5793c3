//! `memoryobject.h` and `cpython/memoryobject.h`: memoryviews of objects,
//! of raw memory and of `Py_buffer`s, and contiguous views. NULL and
//! out-of-contract arguments (flags other than `PyBUF_READ`/`PyBUF_WRITE`,
//! orders other than `'C'`/`'F'`/`'A'`, negative sizes) raise
//! `SystemError` where CPython asserts.

use crate::boundary::*;
use crate::export;
use ophis_core::objects::memoryobject::{self as memory, BUF_READ, BUF_WRITE};
use ophis_core::objects::object::{PyObject, Py_ssize_t};
use ophis_core::protocols::buffer::PyBuffer;
use std::ffi::{c_char, c_int};

export! {
    /// `PyMemoryView_FromObject(o)`: `memoryview(o)`.
    fn PyMemoryView_FromObject(o: *mut PyObject) -> *mut PyObject {
        if o.is_null() { return bad_call(); }
        obj(memory::from_object(o))
    }
}
export! {
    /// `PyMemoryView_FromMemory(mem, size, flags)`: a `'B'` view of `size`
    /// bytes at `mem`, writable for `PyBUF_WRITE`, read-only for
    /// `PyBUF_READ`.
    fn PyMemoryView_FromMemory(mem: *mut c_char, size: Py_ssize_t, flags: c_int) -> *mut PyObject {
        if mem.is_null() || size < 0 || (flags != BUF_READ && flags != BUF_WRITE) {
            return bad_call();
        }
        obj(memory::from_memory(mem as *mut u8, size, flags))
    }
}
export! {
    /// `PyMemoryView_FromBuffer(info)`: a view of the memory `info`
    /// describes (not owning `info->obj`).
    fn PyMemoryView_FromBuffer(info: *const PyBuffer) -> *mut PyObject {
        if info.is_null() { return bad_call(); }
        obj(memory::from_buffer(info))
    }
}
export! {
    /// `PyMemoryView_GetContiguous(o, buffertype, order)`: a view of `o`
    /// contiguous in `order`, a read-only copy when `o` is not.
    fn PyMemoryView_GetContiguous(o: *mut PyObject, buffertype: c_int, order: c_char) -> *mut PyObject {
        let order = order as u8;
        if o.is_null()
            || (buffertype != BUF_READ && buffertype != BUF_WRITE)
            || !matches!(order, b'C' | b'F' | b'A')
        {
            return bad_call();
        }
        obj(memory::get_contiguous(o, buffertype, order))
    }
}
