//! `descrobject.h`: reading and writing `PyMemberDef` members.

use crate::boundary::*;
use crate::export;
use ophis_core::objects::member;
use ophis_core::objects::object::PyObject;
use ophis_core::objects::typeobj::PyMemberDef;
use std::ffi::{c_char, c_int};

export! {
    /// `PyMember_GetOne`.
    fn PyMember_GetOne(o: *const c_char, m: *mut PyMemberDef) -> *mut PyObject {
        if o.is_null() || m.is_null() { return bad_call(); }
        obj(member::get_one(o as *mut PyObject, m))
    }
}
export! {
    /// `PyMember_SetOne` (NULL value deletes).
    fn PyMember_SetOne(o: *mut c_char, m: *mut PyMemberDef, v: *mut PyObject) -> c_int {
        if o.is_null() || m.is_null() { return bad_call(); }
        status(member::set_one(o as *mut PyObject, m, v))
    }
}
export! {
    /// `PyDescr_IsData`: whether the descriptor's type sets (`__set__`).
    fn PyDescr_IsData(d: *mut PyObject) -> std::ffi::c_int {
        if d.is_null() { return 0; }
        std::ffi::c_int::from((*(*d).ob_type).tp_descr_set.is_some())
    }
}
