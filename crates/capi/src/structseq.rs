//! `structseq.h`: struct sequence types and instances, over
//! [`ophis_core::objects::structseq`].

use crate::boundary::*;
use crate::export;
use ophis_core::objects::object::{PyObject, Py_ssize_t};
use ophis_core::objects::structseq::{self, Field};
use ophis_core::objects::typeobj::PyTypeObject;
use ophis_core::runtime::err::{self, PyResult};
use std::ffi::{c_char, c_int};

/// `PyStructSequence_Field`.
#[repr(C)]
pub struct CField {
    name: *const c_char,
    doc: *const c_char,
}

/// `PyStructSequence_Desc`.
#[repr(C)]
pub struct Desc {
    name: *const c_char,
    doc: *const c_char,
    fields: *mut CField,
    n_in_sequence: c_int,
}

/// The fields of `desc` up to the NULL name, and the visible count.
///
/// # Safety
/// `desc` NULL or a valid description.
unsafe fn fields(desc: *mut Desc) -> PyResult<(Vec<Field>, usize)> {
    // SAFETY: the caller's description, read up to its terminator.
    unsafe {
        if desc.is_null() || (*desc).name.is_null() || (*desc).fields.is_null() {
            return Err(err::bad_argument());
        }
        let mut v = Vec::new();
        let mut p = (*desc).fields;
        while !(*p).name.is_null() {
            v.push(Field {
                name: (*p).name,
                doc: (*p).doc,
            });
            p = p.add(1);
        }
        let n = usize::try_from((*desc).n_in_sequence).map_err(|_| err::bad_argument())?;
        Ok((v, n))
    }
}

export! {
    /// `PyStructSequence_NewType(desc)`: a new type (a new reference).
    fn PyStructSequence_NewType(desc: *mut Desc) -> *mut PyTypeObject {
        let r = fields(desc).and_then(|(f, n)| structseq::new_type((*desc).name, (*desc).doc, &f, n));
        match r {
            Ok(t) => {
                ophis_core::objects::object::incref(t as *mut PyObject);
                t
            }
            Err(_) => std::ptr::null_mut(),
        }
    }
}
export! {
    /// `PyStructSequence_InitType2(type, desc)`: fills and readies a
    /// caller-provided type object; 0 or -1.
    fn PyStructSequence_InitType2(t: *mut PyTypeObject, desc: *mut Desc) -> c_int {
        if !is_type_arg_or_unready(t) {
            return bad_call();
        }
        status(fields(desc).and_then(|(f, n)| structseq::init_type(t, (*desc).name, (*desc).doc, &f, n)))
    }
}
export! {
    /// `PyStructSequence_InitType(type, desc)`: as `InitType2`, a failure
    /// being fatal.
    fn PyStructSequence_InitType(t: *mut PyTypeObject, desc: *mut Desc) {
        if !is_type_arg_or_unready(t)
            || fields(desc)
                .and_then(|(f, n)| structseq::init_type(t, (*desc).name, (*desc).doc, &f, n))
                .is_err()
        {
            ophis_core::runtime::lifecycle::fatal(
                "PyStructSequence_InitType",
                "can't initialize type",
            );
        }
    }
}
export! {
    /// `PyStructSequence_New(type)`: an instance with NULL fields.
    fn PyStructSequence_New(t: *mut PyTypeObject) -> *mut PyObject {
        if !is_type_arg(t) || !structseq::is_type(t) {
            return bad_call();
        }
        obj(structseq::new(t))
    }
}
export! {
    /// `PyStructSequence_SetItem(op, i, v)`: steals `v`.
    fn PyStructSequence_SetItem(op: *mut PyObject, i: Py_ssize_t, v: *mut PyObject) {
        if op.is_null() || i < 0 || !structseq::check(op) || i as usize >= structseq::field_count(op) {
            ophis_core::objects::object::xdecref(v);
            let _ = err::bad_argument();
            return;
        }
        structseq::set_item(op, i as usize, v)
    }
}
export! {
    /// `PyStructSequence_GetItem(op, i)`: borrowed.
    fn PyStructSequence_GetItem(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
        if op.is_null() || i < 0 || !structseq::check(op) || i as usize >= structseq::field_count(op) {
            return bad_call();
        }
        structseq::get_item(op, i as usize)
    }
}
