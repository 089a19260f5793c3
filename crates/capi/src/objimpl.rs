//! `objimpl.h` and `pymem.h`: object allocation, GC tracking and the
//! memory API with its replaceable allocators.

use crate::boundary::*;
use crate::export;
use ophis_core::objects::heaptype;
use ophis_core::objects::object::{PyObject, PyVarObject, Py_ssize_t};
use ophis_core::objects::typeobj::{flags, PyTypeObject};
use ophis_core::runtime::mem::{self, Domain, PyMemAllocatorEx};
use ophis_core::{runtime::alloc, runtime::err, runtime::gc};
use std::ffi::{c_int, c_void};
use std::ptr;

export! {
    /// `PyObject_Malloc`.
    fn PyObject_Malloc(n: usize) -> *mut c_void { mem::malloc_in(Domain::Obj, n) as *mut c_void }
}
export! {
    /// `PyObject_Calloc`.
    fn PyObject_Calloc(n: usize, size: usize) -> *mut c_void { mem::calloc_in(Domain::Obj, n, size) as *mut c_void }
}
export! {
    /// `PyObject_Realloc`.
    fn PyObject_Realloc(p: *mut c_void, n: usize) -> *mut c_void { mem::realloc_in(Domain::Obj, p as *mut u8, n) as *mut c_void }
}
export! {
    /// `PyObject_Free`.
    fn PyObject_Free(p: *mut c_void) { mem::free_in(Domain::Obj, p as *mut u8) }
}
export! {
    /// `PyMem_Malloc`.
    fn PyMem_Malloc(n: usize) -> *mut c_void { mem::malloc_in(Domain::Mem, n) as *mut c_void }
}
export! {
    /// `PyMem_Calloc`.
    fn PyMem_Calloc(n: usize, size: usize) -> *mut c_void { mem::calloc_in(Domain::Mem, n, size) as *mut c_void }
}
export! {
    /// `PyMem_Realloc`.
    fn PyMem_Realloc(p: *mut c_void, n: usize) -> *mut c_void { mem::realloc_in(Domain::Mem, p as *mut u8, n) as *mut c_void }
}
export! {
    /// `PyMem_Free`.
    fn PyMem_Free(p: *mut c_void) { mem::free_in(Domain::Mem, p as *mut u8) }
}
export! {
    /// `PyMem_RawMalloc`.
    fn PyMem_RawMalloc(n: usize) -> *mut c_void { mem::malloc_in(Domain::Raw, n) as *mut c_void }
}
export! {
    /// `PyMem_RawCalloc`.
    fn PyMem_RawCalloc(n: usize, size: usize) -> *mut c_void { mem::calloc_in(Domain::Raw, n, size) as *mut c_void }
}
export! {
    /// `PyMem_RawRealloc`.
    fn PyMem_RawRealloc(p: *mut c_void, n: usize) -> *mut c_void { mem::realloc_in(Domain::Raw, p as *mut u8, n) as *mut c_void }
}
export! {
    /// `PyMem_RawFree`.
    fn PyMem_RawFree(p: *mut c_void) { mem::free_in(Domain::Raw, p as *mut u8) }
}
export! {
    /// `PyMem_GetAllocator`.
    fn PyMem_GetAllocator(domain: c_int, out: *mut PyMemAllocatorEx) {
        if out.is_null() { return; }
        match Domain::from_c(domain) {
            Some(d) => *out = mem::get_allocator(d),
            None => *out = PyMemAllocatorEx { ctx: ptr::null_mut(), malloc: None, calloc: None, realloc: None, free: None },
        }
    }
}
export! {
    /// `PyMem_SetAllocator` (an unknown domain is ignored, as CPython).
    fn PyMem_SetAllocator(domain: c_int, a: *mut PyMemAllocatorEx) {
        if a.is_null() { return; }
        if let Some(d) = Domain::from_c(domain) { mem::set_allocator(d, *a) }
    }
}
export! {
    /// `PyObject_Init`: initializes memory the caller allocated.
    fn PyObject_Init(op: *mut PyObject, t: *mut PyTypeObject) -> *mut PyObject {
        if op.is_null() { let _ = err::no_memory(); return ptr::null_mut(); }
        if !is_type_arg(t) { return bad_call(); }
        (*op).ob_refcnt = 1;
        (*op).ob_type = t;
        if (*t).tp_flags & flags::HEAPTYPE != 0 { ophis_core::objects::object::incref(t as *mut PyObject); }
        op
    }
}
export! {
    /// `PyObject_InitVar`.
    fn PyObject_InitVar(op: *mut PyVarObject, t: *mut PyTypeObject, n: Py_ssize_t) -> *mut PyVarObject {
        if op.is_null() { let _ = err::no_memory(); return ptr::null_mut(); }
        if !is_type_arg(t) { return bad_call(); }
        (*op).ob_size = n;
        PyObject_Init(op as *mut PyObject, t) as *mut PyVarObject
    }
}
export! {
    /// `_PyObject_New` (the `PyObject_New` macro): an uninitialized body.
    fn _PyObject_New(t: *mut PyTypeObject) -> *mut PyObject {
        if !is_type_arg(t) { return bad_call(); }
        let p = mem::malloc_in(Domain::Obj, (*t).tp_basicsize as usize) as *mut PyObject;
        if p.is_null() { let _ = err::no_memory(); return p; }
        PyObject_Init(p, t)
    }
}
export! {
    /// `_PyObject_NewVar` (the `PyObject_NewVar` macro).
    fn _PyObject_NewVar(t: *mut PyTypeObject, n: Py_ssize_t) -> *mut PyVarObject {
        if !is_type_arg(t) || n < 0 { return bad_call(); }
        let Ok(size) = alloc::var_object_size(t, n) else { return ptr::null_mut() };
        let p = mem::malloc_in(Domain::Obj, size) as *mut PyVarObject;
        if p.is_null() { let _ = err::no_memory(); return p; }
        PyObject_InitVar(p, t, n)
    }
}
export! {
    /// `_PyObject_GC_New` (the `PyObject_GC_New` macro): untracked.
    fn _PyObject_GC_New(t: *mut PyTypeObject) -> *mut PyObject {
        if !is_type_arg(t) { return bad_call(); }
        alloc::new_object_uninit(t, (*t).tp_basicsize as usize).unwrap_or(ptr::null_mut())
    }
}
export! {
    /// `_PyObject_GC_NewVar` (the `PyObject_GC_NewVar` macro): untracked.
    fn _PyObject_GC_NewVar(t: *mut PyTypeObject, n: Py_ssize_t) -> *mut PyVarObject {
        if !is_type_arg(t) || n < 0 { return bad_call(); }
        let Ok(size) = alloc::var_object_size(t, n) else { return ptr::null_mut() };
        match alloc::new_object_uninit(t, size) {
            Ok(p) => {
                (*(p as *mut PyVarObject)).ob_size = n;
                p as *mut PyVarObject
            }
            Err(_) => ptr::null_mut(),
        }
    }
}
export! {
    /// `PyObject_GC_Del`.
    fn PyObject_GC_Del(p: *mut c_void) {
        if p.is_null() { return; }
        heaptype::gc_del(p)
    }
}
export! {
    /// `PyObject_GC_Track`: a fatal error for an object already tracked.
    fn PyObject_GC_Track(p: *mut c_void) {
        let op = p as *mut PyObject;
        if op.is_null() || !gc::is_gc(op) {
            // CPython reads a GC header that is not there (or aborts):
            // SystemError when a thread state can carry it.
            if ophis_core::runtime::thread::current().is_null() {
                ophis_core::runtime::lifecycle::fatal("PyObject_GC_Track", "object is not a GC object");
            }
            let _ = err::system_error("PyObject_GC_Track: object is not a GC object");
            return;
        }
        gc::track(op)
    }
}
export! {
    /// `PyObject_GC_UnTrack`: a no-op for an untracked object.
    fn PyObject_GC_UnTrack(p: *mut c_void) {
        let op = p as *mut PyObject;
        if op.is_null() || !gc::is_gc(op) { return; }
        gc::untrack(op)
    }
}
export! {
    /// `PyObject_GC_IsTracked`.
    fn PyObject_GC_IsTracked(op: *mut PyObject) -> c_int {
        if op.is_null() { return 0; }
        c_int::from(gc::is_tracked(op))
    }
}

export! {
    /// `_PyObject_VisitManagedDict` (the 3.12 name).
    fn _PyObject_VisitManagedDict(o: *mut PyObject, visit: ophis_core::objects::typeobj::visitproc, arg: *mut c_void) -> c_int {
        if o.is_null() { return 0; }
        ophis_core::protocols::attr::visit_managed_dict(o, visit, arg)
    }
}
export! {
    /// `PyObject_VisitManagedDict` (the 3.13 name).
    fn PyObject_VisitManagedDict(o: *mut PyObject, visit: ophis_core::objects::typeobj::visitproc, arg: *mut c_void) -> c_int {
        if o.is_null() { return 0; }
        ophis_core::protocols::attr::visit_managed_dict(o, visit, arg)
    }
}
export! {
    /// `_PyObject_ClearManagedDict` (the 3.12 name).
    fn _PyObject_ClearManagedDict(o: *mut PyObject) {
        if o.is_null() { return; }
        ophis_core::protocols::attr::clear_managed_dict(o)
    }
}
export! {
    /// `PyObject_ClearManagedDict` (the 3.13 name).
    fn PyObject_ClearManagedDict(o: *mut PyObject) {
        if o.is_null() { return; }
        ophis_core::protocols::attr::clear_managed_dict(o)
    }
}
export! {
    /// `PyObject_IS_GC`: whether the object has GC bookkeeping.
    fn PyObject_IS_GC(op: *mut PyObject) -> c_int {
        if op.is_null() { return 0; }
        c_int::from(gc::is_gc(op))
    }
}
export! {
    /// `PyGC_Collect`: runs the cycle collector.
    fn PyGC_Collect() -> Py_ssize_t { gc::collect() }
}
export! {
    /// `PyObject_GC_IsFinalized`: whether the object's `tp_finalize` ran.
    fn PyObject_GC_IsFinalized(o: *mut PyObject) -> std::ffi::c_int {
        if o.is_null() { return 0; }
        std::ffi::c_int::from(ophis_core::runtime::gc::is_gc(o) && ophis_core::runtime::gc::is_finalized(o))
    }
}
export! {
    /// `PyObject_CallFinalizerFromDealloc`: runs `tp_finalize` (once) on an
    /// object whose refcount reached zero, resurrecting it meanwhile; -1
    /// when the finalizer kept it alive.
    fn PyObject_CallFinalizerFromDealloc(o: *mut PyObject) -> std::ffi::c_int {
        if o.is_null() { return bad_call(); }
        if (*o).ob_refcnt != 0 {
            ophis_core::runtime::lifecycle::fatal(
                "PyObject_CallFinalizerFromDealloc",
                "called on object with a non-zero refcount",
            );
        }
        (*o).ob_refcnt = 1;
        ophis_core::runtime::gc::call_finalizer(o);
        (*o).ob_refcnt -= 1;
        if (*o).ob_refcnt == 0 { 0 } else { -1 }
    }
}
export! {
    /// `PyGC_Enable`: the previous state.
    fn PyGC_Enable() -> std::ffi::c_int { std::ffi::c_int::from(ophis_core::runtime::gc::set_enabled(true)) }
}
export! {
    /// `PyGC_Disable`: the previous state.
    fn PyGC_Disable() -> std::ffi::c_int { std::ffi::c_int::from(ophis_core::runtime::gc::set_enabled(false)) }
}
export! {
    /// `PyGC_IsEnabled`.
    fn PyGC_IsEnabled() -> std::ffi::c_int { std::ffi::c_int::from(ophis_core::runtime::gc::enabled()) }
}
