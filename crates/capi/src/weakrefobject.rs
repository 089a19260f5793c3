//! `weakrefobject.h`: weak references and proxies.

use crate::boundary::*;
use crate::export;
use ophis_core::object::PyObject;
use ophis_core::weakref;

export! {
    /// `PyWeakref_NewRef`.
    fn PyWeakref_NewRef(ob: *mut PyObject, cb: *mut PyObject) -> *mut PyObject {
        if ob.is_null() { return bad_call(); }
        obj(weakref::new_ref_to(ob, cb))
    }
}
export! {
    /// `PyWeakref_NewProxy`.
    fn PyWeakref_NewProxy(ob: *mut PyObject, cb: *mut PyObject) -> *mut PyObject {
        if ob.is_null() { return bad_call(); }
        obj(weakref::new_proxy(ob, cb))
    }
}
export! {
    /// `PyWeakref_GetObject`: borrowed referent, or `None` when dead.
    fn PyWeakref_GetObject(r: *mut PyObject) -> *mut PyObject {
        weakref::get_object(r).unwrap_or(std::ptr::null_mut())
    }
}
export! {
    /// `PyObject_ClearWeakRefs`.
    fn PyObject_ClearWeakRefs(ob: *mut PyObject) {
        if ob.is_null() { return; }
        weakref::clear_weakrefs(ob)
    }
}
