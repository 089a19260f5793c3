//! Object allocation: header initialization, heap-type references, and the
//! `MemoryError` on failure.

use crate::err::{self, PyResult};
use crate::object::*;
use crate::runtime::mem;
use crate::typeobj::{flags, PyTypeObject};

/// Allocates an object of `size` bytes with refcount 1 and type `t`; the
/// body after the header is zeroed.
///
/// # Safety
/// `t` must be a live type whose instances are at least `size` bytes and
/// start with a `PyObject` header.
#[inline]
pub unsafe fn new_object(t: *mut PyTypeObject, size: usize) -> PyResult<*mut PyObject> {
    let p = mem::alloc_zeroed(size) as *mut PyObject;
    if p.is_null() {
        return Err(err::no_memory());
    }
    // SAFETY: `p` is fresh memory of at least a header's size; `t` is live.
    unsafe {
        (*p).ob_refcnt = 1;
        (*p).ob_type = t;
        if (*t).tp_flags & flags::HEAPTYPE != 0 {
            incref(t as *mut PyObject);
        }
    }
    Ok(p)
}

/// Like [`new_object`] without zeroing the body (callers write every field).
///
/// # Safety
/// As for [`new_object`]; the caller must initialize the body.
#[inline]
pub unsafe fn new_object_uninit(t: *mut PyTypeObject, size: usize) -> PyResult<*mut PyObject> {
    let p = mem::alloc(size) as *mut PyObject;
    if p.is_null() {
        return Err(err::no_memory());
    }
    // SAFETY: fresh memory; `t` is live.
    unsafe {
        (*p).ob_refcnt = 1;
        (*p).ob_type = t;
        if (*t).tp_flags & flags::HEAPTYPE != 0 {
            incref(t as *mut PyObject);
        }
    }
    Ok(p)
}

/// Frees an object's memory and drops its heap type's reference.
///
/// # Safety
/// `op` must come from [`new_object`] and be dead (refcount zero, fields
/// released).
#[inline]
pub unsafe fn free_object(op: *mut PyObject) {
    // SAFETY: `op` is dead memory from `new_object`; its type is still live.
    unsafe {
        let t = (*op).ob_type;
        mem::release(op as *mut u8);
        if (*t).tp_flags & flags::HEAPTYPE != 0 {
            decref(t as *mut PyObject);
        }
    }
}
