//! `pycapsule.h`: capsules.

use crate::boundary::*;
use crate::export;
use ophis_core::objects::capsule::{self, Field};
use ophis_core::objects::object::PyObject;
use std::ffi::{c_char, c_int, c_void, CStr};
use std::ptr;

/// `PyCapsule_Destructor`.
type Destructor = Option<unsafe extern "C" fn(*mut PyObject)>;

export! {
    /// `PyCapsule_New`.
    fn PyCapsule_New(pointer: *mut c_void, name: *const c_char, destructor: Destructor) -> *mut PyObject {
        obj(capsule::new(pointer, name, destructor))
    }
}
export! {
    /// `PyCapsule_GetPointer`.
    fn PyCapsule_GetPointer(o: *mut PyObject, name: *const c_char) -> *mut c_void {
        capsule::get_pointer(o, name).unwrap_or(ptr::null_mut())
    }
}
export! {
    /// `PyCapsule_GetName`.
    fn PyCapsule_GetName(o: *mut PyObject) -> *const c_char {
        capsule::get(o, Field::Name).map_or(ptr::null(), |p| p as *const c_char)
    }
}
export! {
    /// `PyCapsule_GetContext`.
    fn PyCapsule_GetContext(o: *mut PyObject) -> *mut c_void {
        capsule::get(o, Field::Context).unwrap_or(ptr::null_mut())
    }
}
export! {
    /// `PyCapsule_GetDestructor`.
    fn PyCapsule_GetDestructor(o: *mut PyObject) -> Destructor {
        match capsule::get(o, Field::Destructor) {
            Ok(p) if !p.is_null() => Some(std::mem::transmute::<*mut c_void, unsafe extern "C" fn(*mut PyObject)>(p)),
            _ => None,
        }
    }
}
export! {
    /// `PyCapsule_SetPointer`.
    fn PyCapsule_SetPointer(o: *mut PyObject, p: *mut c_void) -> c_int {
        status(capsule::set(o, Field::Pointer, p))
    }
}
export! {
    /// `PyCapsule_SetName`.
    fn PyCapsule_SetName(o: *mut PyObject, name: *const c_char) -> c_int {
        status(capsule::set(o, Field::Name, name as *mut c_void))
    }
}
export! {
    /// `PyCapsule_SetContext`.
    fn PyCapsule_SetContext(o: *mut PyObject, context: *mut c_void) -> c_int {
        status(capsule::set(o, Field::Context, context))
    }
}
export! {
    /// `PyCapsule_SetDestructor`.
    fn PyCapsule_SetDestructor(o: *mut PyObject, d: Destructor) -> c_int {
        status(capsule::set(o, Field::Destructor, d.map_or(ptr::null_mut(), |f| f as *mut c_void)))
    }
}
export! {
    /// `PyCapsule_IsValid`: never raises.
    fn PyCapsule_IsValid(o: *mut PyObject, name: *const c_char) -> c_int {
        c_int::from(capsule::is_valid(o, name))
    }
}
export! {
    /// `PyCapsule_Import` (`no_block` is ignored, as in CPython 3.12).
    fn PyCapsule_Import(name: *const c_char, _no_block: c_int) -> *mut c_void {
        if name.is_null() { let _ = ophis_core::runtime::err::bad_argument(); return ptr::null_mut(); }
        capsule::import(CStr::from_ptr(name)).unwrap_or(ptr::null_mut())
    }
}
