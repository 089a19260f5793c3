//! `PyWeakref_GetRef` (a 3.13 API Ophis exports beside 3.12's, so it has no
//! CPython 3.12 golden): strong reference while alive, 0 once dead, -1 with
//! `TypeError` for a non-weakref.

use ophis_capi::*;
use ophis_core::objects::heaptype::{PyType_Slot, PyType_Spec};
use ophis_core::objects::typeobj::flags;
use std::ptr;

/// A spec for `test.Weakrefable`: a bare object with a managed weakref list
/// and the default deallocator.
fn weakrefable_spec() -> *mut PyType_Spec {
    let slots = Box::leak(Box::new([
        PyType_Slot {
            slot: 65,
            pfunc: typeobject::PyType_GenericNew as *mut std::ffi::c_void,
        },
        PyType_Slot {
            slot: 0,
            pfunc: ptr::null_mut(),
        },
    ]));
    Box::leak(Box::new(PyType_Spec {
        name: c"test.Weakrefable".as_ptr(),
        basicsize: 16,
        itemsize: 0,
        flags: (flags::DEFAULT | flags::MANAGED_WEAKREF) as u32,
        slots: slots.as_mut_ptr(),
    }))
}

#[test]
fn get_ref_follows_the_referent() {
    // SAFETY: the C API used as a C caller would, on one thread.
    unsafe {
        pylifecycle::Py_Initialize();
        let t = typeobject::PyType_FromSpec(weakrefable_spec());
        assert!(!t.is_null());
        let o = abstract_::PyObject_CallObject(t, ptr::null_mut());
        assert!(!o.is_null());
        let r = weakrefobject::PyWeakref_NewRef(o, ptr::null_mut());
        let mut got: *mut PyObject = ptr::null_mut();
        assert_eq!(weakrefobject::PyWeakref_GetRef(r, &mut got), 1);
        assert_eq!(got, o);
        object::Py_DecRef(got);
        object::Py_DecRef(o);
        assert_eq!(weakrefobject::PyWeakref_GetRef(r, &mut got), 0);
        assert!(got.is_null());
        assert_eq!(weakrefobject::PyWeakref_GetRef(t, &mut got), -1);
        assert!(!pyerrors::PyErr_Occurred().is_null());
        pyerrors::PyErr_Clear();
        object::Py_DecRef(r);
        object::Py_DecRef(t);
    }
}
