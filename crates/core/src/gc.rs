//! Garbage-collector bookkeeping: the GC header in front of every object
//! whose type has `Py_TPFLAGS_HAVE_GC`, and the list of tracked objects
//! (`PyObject_GC_Track`/`UnTrack`/`IsTracked`). The cycle collector itself
//! is a later piece; it will walk this list with `tp_traverse`.
//!
//! The header is 16 bytes directly before the object (or before the
//! managed-dict pre-header words), as in CPython 3.12: `next`/`prev` links of
//! a circular list; `prev` is NULL while the object is untracked.

use crate::object::*;
use crate::runtime;
use crate::typeobj::flags;
use std::ptr;

/// The GC header.
#[repr(C)]
#[derive(Debug)]
pub struct GcHead {
    /// Next tracked object's header (or the list head).
    pub next: *mut GcHead,
    /// Previous one; NULL when untracked.
    pub prev: *mut GcHead,
}

/// Size of the GC header.
pub const HEAD_SIZE: usize = std::mem::size_of::<GcHead>();

static mut TRACKED: GcHead = GcHead {
    next: ptr::null_mut(),
    prev: ptr::null_mut(),
};

fn list() -> *mut GcHead {
    // SAFETY: the list is only touched with the GIL held.
    unsafe {
        let l = ptr::addr_of_mut!(TRACKED);
        if (*l).next.is_null() {
            (*l).next = l;
            (*l).prev = l;
        }
        l
    }
}

/// Whether `op` has a GC header (`PyObject_IS_GC`): its type has
/// `HAVE_GC` and, if the type has `tp_is_gc`, it says so (static types are
/// not GC objects although `type` has the flag).
///
/// # Safety
/// `op` must be live.
#[inline]
pub unsafe fn is_gc(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe {
        let t = (*op).ob_type;
        (*t).tp_flags & flags::HAVE_GC != 0 && (*t).tp_is_gc.is_none_or(|f| f(op) != 0)
    }
}

/// The GC header of a GC object.
///
/// # Safety
/// `op` must be a live GC object allocated with a header.
#[inline(always)]
pub unsafe fn head(op: *mut PyObject) -> *mut GcHead {
    // SAFETY: the header sits directly before the object.
    unsafe { (op as *mut u8).sub(HEAD_SIZE) as *mut GcHead }
}

/// `PyObject_GC_IsTracked`.
///
/// # Safety
/// `op` must be live.
#[inline]
pub unsafe fn is_tracked(op: *mut PyObject) -> bool {
    // SAFETY: forwarded; only GC objects have a header to read.
    unsafe { is_gc(op) && !(*head(op)).prev.is_null() }
}

/// `PyObject_GC_Track`: a fatal error if already tracked, as CPython.
///
/// # Safety
/// `op` must be a live GC object.
pub unsafe fn track(op: *mut PyObject) {
    // SAFETY: forwarded; the list is guarded by the GIL.
    unsafe {
        let h = head(op);
        if !(*h).prev.is_null() {
            runtime::fatal(
                "PyObject_GC_Track",
                "object already tracked by the garbage collector",
            );
        }
        let l = list();
        let last = (*l).prev;
        (*h).prev = last;
        (*h).next = l;
        (*last).next = h;
        (*l).prev = h;
    }
}

/// `PyObject_GC_UnTrack`: a no-op for an untracked object.
///
/// # Safety
/// `op` must be a live GC object.
#[inline]
pub unsafe fn untrack(op: *mut PyObject) {
    // SAFETY: forwarded; the list is guarded by the GIL.
    unsafe {
        let h = head(op);
        let prev = (*h).prev;
        if prev.is_null() {
            return;
        }
        let next = (*h).next;
        (*prev).next = next;
        (*next).prev = prev;
        (*h).prev = ptr::null_mut();
        (*h).next = ptr::null_mut();
    }
}

/// Whether a container holding `op` must be tracked
/// (`_PyObject_GC_MAY_BE_TRACKED`).
///
/// # Safety
/// `op` must be live.
#[inline]
pub unsafe fn may_be_tracked(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe {
        if !is_gc(op) {
            return false;
        }
        if (*op).ob_type == runtime::tuple_type() {
            return is_tracked(op);
        }
        true
    }
}

/// Calls `visit` on each non-NULL object of `objs`, stopping at the first
/// non-zero result (the shape of every `tp_traverse`).
///
/// # Safety
/// Every non-NULL pointer must be live; `visit` a valid visitor.
#[inline]
pub unsafe fn visit_all(
    objs: impl IntoIterator<Item = *mut PyObject>,
    visit: crate::typeobj::visitproc,
    arg: *mut std::ffi::c_void,
) -> std::ffi::c_int {
    let Some(v) = visit else { return 0 };
    for o in objs {
        if !o.is_null() {
            // SAFETY: forwarded.
            let r = unsafe { v(o, arg) };
            if r != 0 {
                return r;
            }
        }
    }
    0
}

/// Number of tracked objects (for tests and statistics).
pub fn tracked_count() -> usize {
    let l = list();
    let mut n = 0;
    // SAFETY: walking the list under the GIL.
    unsafe {
        let mut h = (*l).next;
        while h != l {
            n += 1;
            h = (*h).next;
        }
    }
    n
}
