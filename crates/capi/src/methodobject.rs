//! `methodobject.h`: C functions as objects (`PyCFunction_*`,
//! `PyCMethod_New`).

use crate::boundary::*;
use crate::export;
use ophis_core::objects::methodobject::{self as mo, PyCMethodObject};
use ophis_core::objects::object::PyObject;
use ophis_core::objects::typeobj::{self, PyMethodDef, PyTypeObject};
use std::ffi::c_int;

unsafe fn is_cfunction(op: *mut PyObject) -> bool {
    // SAFETY: `op` is NULL or live.
    unsafe {
        !op.is_null()
            && typeobj::is_subtype(
                (*op).ob_type,
                ophis_core::runtime::lifecycle::cfunction_type(),
            )
    }
}

export! {
    /// `PyCFunction_New(ml, self)`.
    fn PyCFunction_New(ml: *mut PyMethodDef, self_: *mut PyObject) -> *mut PyObject {
        if ml.is_null() { return bad_call(); }
        obj(mo::new_cmethod(ml, self_, std::ptr::null_mut(), std::ptr::null_mut()))
    }
}
export! {
    /// `PyCFunction_NewEx(ml, self, module)`.
    fn PyCFunction_NewEx(ml: *mut PyMethodDef, self_: *mut PyObject, module: *mut PyObject) -> *mut PyObject {
        if ml.is_null() { return bad_call(); }
        obj(mo::new_cmethod(ml, self_, module, std::ptr::null_mut()))
    }
}
export! {
    /// `PyCMethod_New(ml, self, module, cls)`.
    fn PyCMethod_New(ml: *mut PyMethodDef, self_: *mut PyObject, module: *mut PyObject, cls: *mut PyTypeObject) -> *mut PyObject {
        if ml.is_null() || (!cls.is_null() && !is_type_arg(cls)) { return bad_call(); }
        obj(mo::new_cmethod(ml, self_, module, cls))
    }
}
export! {
    /// `PyCFunction_GetFunction`.
    fn PyCFunction_GetFunction(op: *mut PyObject) -> Option<unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject> {
        if !is_cfunction(op) { let _ = ophis_core::runtime::err::bad_argument(); return None; }
        (*(*(op as *mut PyCMethodObject)).m_ml).ml_meth
    }
}
export! {
    /// `PyCFunction_GetSelf`: borrowed (NULL for static methods).
    fn PyCFunction_GetSelf(op: *mut PyObject) -> *mut PyObject {
        if !is_cfunction(op) { return bad_call(); }
        let f = op as *mut PyCMethodObject;
        if (*(*f).m_ml).ml_flags & mo::meth::STATIC != 0 { std::ptr::null_mut() } else { (*f).m_self }
    }
}
export! {
    /// `PyCFunction_GetFlags`.
    fn PyCFunction_GetFlags(op: *mut PyObject) -> c_int {
        if !is_cfunction(op) { return bad_call(); }
        (*(*(op as *mut PyCMethodObject)).m_ml).ml_flags
    }
}
