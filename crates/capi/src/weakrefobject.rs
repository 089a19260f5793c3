//! `weakrefobject.h`: weak references and proxies.

use crate::boundary::*;
use crate::export;
use ophis_core::objects::object::PyObject;
use ophis_core::objects::weakref;

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
export! {
    /// `PyWeakref_GetRef` (3.13): 1 and a strong reference while the
    /// referent lives, 0 and NULL once it is dead, -1 with `TypeError` for
    /// a non-weakref.
    fn PyWeakref_GetRef(r: *mut PyObject, pobj: *mut *mut PyObject) -> std::ffi::c_int {
        if pobj.is_null() { return bad_call(); }
        *pobj = std::ptr::null_mut();
        if r.is_null() || !weakref::check(r) {
            let _ = ophis_core::runtime::err::type_error("expected a weakref");
            return -1;
        }
        let o = weakref::referent(r);
        if o.is_null() { return 0; }
        *pobj = ophis_core::objects::object::new_ref(o);
        1
    }
}
