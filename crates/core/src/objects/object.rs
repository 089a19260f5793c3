//! The object header shared with C: `PyObject`, `PyVarObject`, reference
//! counting with CPython 3.12's immortal encoding, and deallocation dispatch.
//!
//! Layout is part of the ABI (DESIGN §2): `ob_refcnt` at 0, `ob_type` at 8,
//! `ob_size` at 16. An object is immortal when the low 32 bits of its
//! refcount, read as a signed 32-bit integer, are negative; the canonical
//! immortal value is `u32::MAX`, which is what C code compiled against
//! CPython 3.12's headers expects.

use crate::objects::typeobj::PyTypeObject;
use std::ptr;

/// `Py_ssize_t`.
pub type Py_ssize_t = isize;
/// `Py_hash_t`.
pub type Py_hash_t = isize;

/// The header every object starts with.
#[repr(C)]
#[derive(Debug)]
pub struct PyObject {
    /// Reference count; immortal when `(ob_refcnt as i32) < 0`.
    pub ob_refcnt: Py_ssize_t,
    /// The object's type.
    pub ob_type: *mut PyTypeObject,
}

/// Header of variable-size objects.
#[repr(C)]
#[derive(Debug)]
pub struct PyVarObject {
    /// The fixed header.
    pub ob_base: PyObject,
    /// Number of items.
    pub ob_size: Py_ssize_t,
}

const _: () = assert!(std::mem::size_of::<PyObject>() == 16);
const _: () = assert!(std::mem::size_of::<PyVarObject>() == 24);
const _: () = assert!(std::mem::offset_of!(PyVarObject, ob_size) == 16);

/// CPython 3.12's refcount value for immortal objects.
pub const IMMORTAL_REFCNT: Py_ssize_t = u32::MAX as Py_ssize_t;

/// A header for a statically allocated immortal object of type `ty`.
pub const fn static_header(ty: *mut PyTypeObject) -> PyObject {
    PyObject {
        ob_refcnt: IMMORTAL_REFCNT,
        ob_type: ty,
    }
}

/// Whether `op` is immortal.
///
/// # Safety
/// `op` must point to a live object.
#[inline(always)]
pub unsafe fn is_immortal(op: *mut PyObject) -> bool {
    // SAFETY: the caller guarantees `op` is live.
    unsafe { ((*op).ob_refcnt as i32) < 0 }
}

/// `Py_INCREF`.
///
/// # Safety
/// `op` must point to a live object and the caller must hold the GIL.
#[inline(always)]
pub unsafe fn incref(op: *mut PyObject) {
    // SAFETY: the caller guarantees `op` is live and that we hold the GIL.
    unsafe {
        let rc = (*op).ob_refcnt;
        if (rc as i32) < 0 {
            return;
        }
        (*op).ob_refcnt = rc + 1;
    }
}

/// `Py_DECREF`: drops a reference and deallocates at zero.
///
/// # Safety
/// `op` must point to a live object owning at least one reference, and the
/// caller must hold the GIL.
#[inline(always)]
pub unsafe fn decref(op: *mut PyObject) {
    // SAFETY: the caller guarantees `op` is live and owns a reference.
    unsafe {
        let rc = (*op).ob_refcnt;
        if (rc as i32) < 0 {
            return;
        }
        let rc = rc - 1;
        (*op).ob_refcnt = rc;
        if rc == 0 {
            dealloc(op);
        }
    }
}

/// `Py_XINCREF`.
///
/// # Safety
/// `op` is NULL or as for [`incref`].
#[inline(always)]
pub unsafe fn xincref(op: *mut PyObject) {
    if !op.is_null() {
        // SAFETY: non-null, and the caller guarantees liveness.
        unsafe { incref(op) }
    }
}

/// `Py_XDECREF`.
///
/// # Safety
/// `op` is NULL or as for [`decref`].
#[inline(always)]
pub unsafe fn xdecref(op: *mut PyObject) {
    if !op.is_null() {
        // SAFETY: non-null, and the caller guarantees it owns a reference.
        unsafe { decref(op) }
    }
}

/// `Py_NewRef`.
///
/// # Safety
/// As for [`incref`].
#[inline(always)]
pub unsafe fn new_ref(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { incref(op) };
    op
}

/// `Py_CLEAR` on a slot.
///
/// # Safety
/// `slot` must be valid for reads and writes and hold NULL or an owned
/// reference.
#[inline]
pub unsafe fn clear_slot(slot: *mut *mut PyObject) {
    // SAFETY: the caller guarantees the slot is valid and owns its value.
    unsafe {
        let old = *slot;
        if !old.is_null() {
            *slot = ptr::null_mut();
            decref(old);
        }
    }
}

/// `_Py_Dealloc`: calls the type's `tp_dealloc`.
///
/// # Safety
/// `op` must be a live object whose refcount just reached zero.
#[inline]
pub unsafe fn dealloc(op: *mut PyObject) {
    // SAFETY: the object is live; every type has a `tp_dealloc` once ready,
    // and a missing one is a fatal error rather than a jump to NULL.
    unsafe {
        let ty = (*op).ob_type;
        match (*ty).tp_dealloc {
            Some(f) => f(op),
            None => crate::runtime::lifecycle::fatal("_Py_Dealloc", "type has no tp_dealloc"),
        }
    }
}

/// `Py_TYPE`.
///
/// # Safety
/// `op` must point to a live object.
#[inline(always)]
pub unsafe fn type_of(op: *mut PyObject) -> *mut PyTypeObject {
    // SAFETY: the caller guarantees liveness.
    unsafe { (*op).ob_type }
}

/// `Py_SIZE`.
///
/// # Safety
/// `op` must point to a live variable-size object.
#[inline(always)]
pub unsafe fn size_of_var(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: the caller guarantees `op` is a `PyVarObject`.
    unsafe { (*(op as *mut PyVarObject)).ob_size }
}

/// An owned (strong) reference to an object, released on drop.
///
/// This is the safe building block of the core's Rust API: holding one means
/// holding one reference count. It must only be created and dropped by a
/// thread that holds the GIL.
#[derive(Debug)]
pub struct Owned(ptr::NonNull<PyObject>);

impl Owned {
    /// Takes ownership of a new reference.
    ///
    /// # Safety
    /// `op` must be a non-null owned reference.
    #[inline]
    pub unsafe fn from_raw(op: *mut PyObject) -> Owned {
        debug_assert!(!op.is_null());
        // SAFETY: the caller guarantees non-null.
        Owned(unsafe { ptr::NonNull::new_unchecked(op) })
    }

    /// Takes a new reference to a borrowed object.
    ///
    /// # Safety
    /// `op` must be a live, non-null object.
    #[inline]
    pub unsafe fn from_borrowed(op: *mut PyObject) -> Owned {
        // SAFETY: forwarded contract.
        unsafe {
            incref(op);
            Owned::from_raw(op)
        }
    }

    /// The raw pointer, still owned by `self`.
    #[inline]
    pub fn as_ptr(&self) -> *mut PyObject {
        self.0.as_ptr()
    }

    /// Gives up ownership and returns the raw reference.
    #[inline]
    pub fn into_raw(self) -> *mut PyObject {
        let p = self.0.as_ptr();
        std::mem::forget(self);
        p
    }
}

impl Clone for Owned {
    fn clone(&self) -> Owned {
        // SAFETY: `self` keeps the object alive.
        unsafe { Owned::from_borrowed(self.as_ptr()) }
    }
}

impl Drop for Owned {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: `self` owns one reference.
        unsafe { decref(self.0.as_ptr()) }
    }
}
