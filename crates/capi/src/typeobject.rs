//! Type creation and queries declared in `object.h`: `PyType_FromSpec`
//! and friends, `PyType_Ready`, `PyType_GetSlot`, `PyType_GetModule`,
//! `PyType_GenericAlloc`/`GenericNew`, and the generic attribute and
//! hashing helpers types put in their slots.

use crate::boundary::*;
use crate::export;
use crate::shim::null_error;
use ophis_core::objects::heaptype::{self, PyType_Spec};
use ophis_core::objects::object::{PyObject, Py_hash_t, Py_ssize_t};
use ophis_core::objects::typeobj::PyTypeObject;
use ophis_core::{objects::module, protocols::attr};
use std::ffi::{c_int, c_void};
use std::ptr;

export! {
    /// `PyType_FromSpec`.
    fn PyType_FromSpec(spec: *mut PyType_Spec) -> *mut PyObject {
        obj(heaptype::from_spec(ptr::null_mut(), ptr::null_mut(), spec, ptr::null_mut()))
    }
}
export! {
    /// `PyType_FromSpecWithBases`.
    fn PyType_FromSpecWithBases(spec: *mut PyType_Spec, bases: *mut PyObject) -> *mut PyObject {
        obj(heaptype::from_spec(ptr::null_mut(), ptr::null_mut(), spec, bases))
    }
}
export! {
    /// `PyType_FromModuleAndSpec`.
    fn PyType_FromModuleAndSpec(m: *mut PyObject, spec: *mut PyType_Spec, bases: *mut PyObject) -> *mut PyObject {
        obj(heaptype::from_spec(ptr::null_mut(), m, spec, bases))
    }
}
export! {
    /// `PyType_FromMetaclass`.
    fn PyType_FromMetaclass(meta: *mut PyTypeObject, m: *mut PyObject, spec: *mut PyType_Spec, bases: *mut PyObject) -> *mut PyObject {
        if !meta.is_null() && !is_type_arg(meta) { return bad_call(); }
        obj(heaptype::from_spec(meta, m, spec, bases))
    }
}
export! {
    /// `PyType_Ready`.
    fn PyType_Ready(t: *mut PyTypeObject) -> c_int {
        if !is_type_arg_or_unready(t) { return bad_call(); }
        status(heaptype::ready(t, false))
    }
}
export! {
    /// `PyType_GetSlot`.
    fn PyType_GetSlot(t: *mut PyTypeObject, slot: c_int) -> *mut c_void {
        if !is_type_arg(t) { return bad_call(); }
        heaptype::get_slot(t, slot).unwrap_or(ptr::null_mut())
    }
}
export! {
    /// `PyType_GetModule`: borrowed.
    fn PyType_GetModule(t: *mut PyTypeObject) -> *mut PyObject {
        if !is_type_arg(t) { return bad_call(); }
        heaptype::get_module(t).unwrap_or(ptr::null_mut())
    }
}
export! {
    /// `PyType_GetModuleState`: the module's per-module state (NULL for
    /// modules without one).
    fn PyType_GetModuleState(t: *mut PyTypeObject) -> *mut c_void {
        if !is_type_arg(t) { return bad_call(); }
        match heaptype::get_module(t) {
            Ok(m) => module::state_of(m),
            Err(_) => ptr::null_mut(),
        }
    }
}
export! {
    /// `PyType_GetDict`: a new reference to `tp_dict`.
    fn PyType_GetDict(t: *mut PyTypeObject) -> *mut PyObject {
        if !is_type_arg(t) { return bad_call(); }
        let d = (*t).tp_dict;
        if d.is_null() { return ptr::null_mut(); }
        ophis_core::objects::object::new_ref(d)
    }
}
export! {
    /// `PyType_Modified`: invalidates the version tags of the type and its
    /// subclasses (and so the attribute cache entries that used them).
    fn PyType_Modified(t: *mut PyTypeObject) {
        if !is_type_arg(t) { return bad_call(); }
        ophis_core::objects::typeobj::modified(t)
    }
}
export! {
    /// `PyType_GenericAlloc`.
    fn PyType_GenericAlloc(t: *mut PyTypeObject, n: Py_ssize_t) -> *mut PyObject {
        if !is_type_arg(t) { return bad_call(); }
        heaptype::generic_alloc(t, n)
    }
}
export! {
    /// `PyType_GenericNew`.
    fn PyType_GenericNew(t: *mut PyTypeObject, a: *mut PyObject, k: *mut PyObject) -> *mut PyObject {
        if !is_type_arg(t) { return bad_call(); }
        heaptype::generic_new(t, a, k)
    }
}
export! {
    /// `PyObject_GenericGetAttr`.
    fn PyObject_GenericGetAttr(o: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
        if o.is_null() || name.is_null() { return null_error(); }
        attr::generic_getattr_slot(o, name)
    }
}
export! {
    /// `PyObject_GenericSetAttr` (NULL value deletes).
    fn PyObject_GenericSetAttr(o: *mut PyObject, name: *mut PyObject, v: *mut PyObject) -> c_int {
        if o.is_null() || name.is_null() { return null_error(); }
        attr::generic_setattr_slot(o, name, v)
    }
}
export! {
    /// `PyObject_GenericGetDict`.
    fn PyObject_GenericGetDict(o: *mut PyObject, _ctx: *mut c_void) -> *mut PyObject {
        if o.is_null() { return null_error(); }
        obj(attr::generic_get_dict(o))
    }
}
export! {
    /// `PyObject_GenericSetDict`.
    fn PyObject_GenericSetDict(o: *mut PyObject, v: *mut PyObject, _ctx: *mut c_void) -> c_int {
        if o.is_null() { return null_error(); }
        status(attr::generic_set_dict(o, v))
    }
}
export! {
    /// `PyObject_HashNotImplemented`.
    fn PyObject_HashNotImplemented(o: *mut PyObject) -> Py_hash_t {
        if o.is_null() { return null_error(); }
        attr::hash_not_implemented(o)
    }
}
export! {
    /// `PyObject_SelfIter`.
    fn PyObject_SelfIter(o: *mut PyObject) -> *mut PyObject {
        if o.is_null() { return null_error(); }
        ophis_core::objects::object::new_ref(o)
    }
}
export! {
    /// `_PyType_Lookup`: the attribute through the MRO, borrowed, NULL
    /// (without an exception) when missing.
    fn _PyType_Lookup(t: *mut ophis_core::objects::typeobj::PyTypeObject, name: *mut PyObject) -> *mut PyObject {
        if t.is_null() || name.is_null() || !crate::boundary::is_type_arg(t) { return std::ptr::null_mut(); }
        if !ophis_core::objects::unicode::check(name) { return std::ptr::null_mut(); }
        ophis_core::objects::typeobj::lookup(t, name)
    }
}
