//! Object allocation: the pre-header in front of managed objects (the
//! weakref and dict-or-values words at -32 and -24, where CPython 3.12 keeps
//! them, then two inline attribute slots where CPython has its GC header),
//! header initialization, heap-type references, and the `MemoryError` on
//! failure. All object memory comes from the object allocator domain
//! (`mem::obj_alloc`). GC objects need no header (see [`crate::gc`]).

use crate::err::{self, PyResult};

use crate::mem;
use crate::object::*;
use crate::typeobj::{flags, PyTypeObject};

/// Size of the pre-header of managed objects: the two words CPython 3.12
/// has there, then two attribute slots where CPython has its GC header.
pub const PREHEADER: usize = 32;

/// Bytes in front of an object of type `t` (`_PyType_PreHeaderSize`).
///
/// # Safety
/// `t` must be a live type.
#[inline(always)]
pub unsafe fn preheader_size(t: *mut PyTypeObject) -> usize {
    // SAFETY: forwarded.
    let f = unsafe { (*t).tp_flags };
    if f & (flags::MANAGED_DICT | flags::MANAGED_WEAKREF) != 0 {
        PREHEADER
    } else {
        0
    }
}

#[inline(always)]
unsafe fn alloc_impl(t: *mut PyTypeObject, size: usize, zero: bool) -> PyResult<*mut PyObject> {
    // SAFETY: `t` is live; the block is at least pre + size (+ inline
    // attribute slots for managed-dict types) bytes.
    unsafe {
        let pre = preheader_size(t);
        let (extra, word) =
            if (*t).tp_flags & flags::MANAGED_DICT != 0 && size == (*t).tp_basicsize as usize {
                crate::managed::instance_layout(t)
            } else {
                (0, 0)
            };
        let base = mem::obj_alloc(pre + size + extra, zero);
        if base.is_null() {
            return Err(err::no_memory());
        }
        if pre != 0 && !zero {
            std::ptr::write_bytes(base, 0, pre);
        }
        if pre != 0 {
            *(base.add(8) as *mut usize) = word;
        }
        let p = base.add(pre) as *mut PyObject;
        (*p).ob_refcnt = 1;
        (*p).ob_type = t;
        if (*t).tp_flags & flags::HEAPTYPE != 0 {
            incref(t as *mut PyObject);
        }
        Ok(p)
    }
}

/// Allocates an object of `size` bytes (plus its pre-header) with refcount 1
/// and type `t`; everything after the header is zeroed. GC objects are not
/// tracked yet.
///
/// # Safety
/// `t` must be a live type whose instances are at least `size` bytes and
/// start with a `PyObject` header.
#[inline]
pub unsafe fn new_object(t: *mut PyTypeObject, size: usize) -> PyResult<*mut PyObject> {
    // SAFETY: forwarded.
    unsafe { alloc_impl(t, size, true) }
}

/// Like [`new_object`] without zeroing the body (callers write every field).
///
/// # Safety
/// As for [`new_object`]; the caller must initialize the body.
#[inline]
pub unsafe fn new_object_uninit(t: *mut PyTypeObject, size: usize) -> PyResult<*mut PyObject> {
    // SAFETY: forwarded.
    unsafe { alloc_impl(t, size, false) }
}

/// Frees an object's memory (pre-header included), untracking it first if
/// needed. Like CPython's `tp_free`, it does not drop a heap type's
/// reference: `subtype_dealloc` (or the C deallocator) does that.
///
/// # Safety
/// `op` must come from [`new_object`] and be dead (refcount zero, fields
/// released); its type must be the one it was allocated with.
#[inline]
pub unsafe fn free_object(op: *mut PyObject) {
    // SAFETY: forwarded.
    unsafe { free_memory(op) }
}

/// `tp_free` of objects from [`new_object`] (`PyObject_GC_Del` /
/// `PyObject_Free` of an object).
///
/// # Safety
/// As for [`free_object`].
#[inline]
pub unsafe fn free_memory(op: *mut PyObject) {
    // SAFETY: forwarded.
    unsafe {
        let t = (*op).ob_type;
        let pre = preheader_size(t);
        let block = (op as *mut u8).sub(pre);
        if (*t).tp_flags & flags::HAVE_GC != 0 {
            mem::obj_free_gc(block, op);
        } else {
            mem::obj_free_untracked(block);
        }
    }
}
