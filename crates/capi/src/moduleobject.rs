//! `moduleobject.h`.

use crate::boundary::*;
use crate::export;
use crate::shim::null_error;
use ophis_core::objects::moduledef::{self, PyModuleDef};
use ophis_core::objects::object::PyObject;
use ophis_core::objects::typeobj::{PyMethodDef, PyTypeObject};
use ophis_core::{objects::module, objects::unicode, runtime::err};
use std::ffi::{c_char, c_int, c_void, CStr};
use std::ptr;

export! {
    /// `PyModule_New`.
    fn PyModule_New(name: *const c_char) -> *mut PyObject {
        if name.is_null() { return bad_call(); }
        obj(unicode::from_utf8(CStr::from_ptr(name).to_bytes()).and_then(|n| module::new(n.as_ptr())))
    }
}
export! {
    /// `PyModule_GetDict`: borrowed.
    fn PyModule_GetDict(m: *mut PyObject) -> *mut PyObject {
        if m.is_null() || !module::check(m) { return bad_call(); }
        module::dict_of(m)
    }
}
export! {
    /// `PyModule_NewObject`.
    fn PyModule_NewObject(name: *mut PyObject) -> *mut PyObject {
        if name.is_null() || !unicode::check(name) { return bad_call(); }
        obj(module::new(name))
    }
}
export! {
    /// `PyModule_Create2` (the API version is not checked).
    fn PyModule_Create2(def: *mut PyModuleDef, _apiver: c_int) -> *mut PyObject {
        if def.is_null() || (*def).m_name.is_null() { return bad_call(); }
        obj(moduledef::create(def))
    }
}
export! {
    /// `PyModuleDef_Init`: marks the definition for multi-phase
    /// initialization and returns it as an object.
    fn PyModuleDef_Init(def: *mut PyModuleDef) -> *mut PyObject {
        if def.is_null() { return bad_call(); }
        moduledef::def_init(def)
    }
}
export! {
    /// `PyModule_FromDefAndSpec2` (the API version is not checked).
    fn PyModule_FromDefAndSpec2(def: *mut PyModuleDef, spec: *mut PyObject, _apiver: c_int) -> *mut PyObject {
        if def.is_null() || spec.is_null() { return bad_call(); }
        obj(moduledef::from_def_and_spec(def, spec))
    }
}
export! {
    /// `PyModule_ExecDef`: runs the definition's `Py_mod_exec` slots.
    fn PyModule_ExecDef(m: *mut PyObject, def: *mut PyModuleDef) -> c_int {
        if m.is_null() || def.is_null() { return bad_call(); }
        status(moduledef::exec_def(m, def))
    }
}
export! {
    /// `PyModule_GetDef`: NULL (no exception) for modules without one.
    fn PyModule_GetDef(m: *mut PyObject) -> *mut PyModuleDef {
        if m.is_null() || !module::check(m) { return value(Err(err::bad_argument_type())); }
        moduledef::def_of(m)
    }
}
export! {
    /// `PyModule_GetState`: NULL (no exception) for modules without state.
    fn PyModule_GetState(m: *mut PyObject) -> *mut c_void {
        if m.is_null() || !module::check(m) { return value(Err(err::bad_argument_type())); }
        module::state_of(m)
    }
}
export! {
    /// `PyModule_GetNameObject`.
    fn PyModule_GetNameObject(m: *mut PyObject) -> *mut PyObject {
        if m.is_null() { return null_error(); }
        obj(moduledef::name_object(m))
    }
}
export! {
    /// `PyModule_GetName`: the UTF-8 of `__name__` (owned by the str).
    fn PyModule_GetName(m: *mut PyObject) -> *const c_char {
        if m.is_null() { return null_error(); }
        match moduledef::name_object(m).and_then(|n| unicode::utf8(n.as_ptr())) {
            Ok(p) => p as *const c_char,
            Err(_) => ptr::null(),
        }
    }
}
export! {
    /// `PyModule_GetFilenameObject`.
    fn PyModule_GetFilenameObject(m: *mut PyObject) -> *mut PyObject {
        if m.is_null() { return null_error(); }
        obj(moduledef::filename_object(m))
    }
}
export! {
    /// `PyModule_AddObject`: steals `value` on success only.
    fn PyModule_AddObject(m: *mut PyObject, name: *const c_char, v: *mut PyObject) -> c_int {
        if name.is_null() { return bad_call(); }
        let r = module::add_object_ref(m, &CStr::from_ptr(name).to_string_lossy(), v);
        if r.is_ok() { ophis_core::objects::object::decref(v); }
        status(r)
    }
}
export! {
    /// `PyModule_AddStringConstant`.
    fn PyModule_AddStringConstant(m: *mut PyObject, name: *const c_char, v: *const c_char) -> c_int {
        if name.is_null() || v.is_null() { return bad_call(); }
        status(unicode::from_utf8(CStr::from_ptr(v).to_bytes()).and_then(|s| {
            module::add_object_ref(m, &CStr::from_ptr(name).to_string_lossy(), s.as_ptr())
        }))
    }
}
export! {
    /// `PyModule_AddType`: under the last part of the type's dotted name.
    fn PyModule_AddType(m: *mut PyObject, t: *mut PyTypeObject) -> c_int {
        if m.is_null() || !is_type_arg_or_unready(t) { return bad_call(); }
        status(moduledef::add_type(m, t))
    }
}
export! {
    /// `PyModule_AddFunctions`.
    fn PyModule_AddFunctions(m: *mut PyObject, defs: *mut PyMethodDef) -> c_int {
        if m.is_null() || defs.is_null() { return bad_call(); }
        status(moduledef::add_functions(m, defs))
    }
}
export! {
    /// `PyModule_SetDocString`.
    fn PyModule_SetDocString(m: *mut PyObject, doc: *const c_char) -> c_int {
        if m.is_null() || doc.is_null() { return bad_call(); }
        status(moduledef::set_doc(m, CStr::from_ptr(doc)))
    }
}
export! {
    /// `PyState_FindModule`: borrowed, NULL without an exception.
    fn PyState_FindModule(def: *mut PyModuleDef) -> *mut PyObject {
        if def.is_null() { return ptr::null_mut(); }
        moduledef::state_find(def)
    }
}
export! {
    /// `PyState_AddModule`.
    fn PyState_AddModule(m: *mut PyObject, def: *mut PyModuleDef) -> c_int {
        if m.is_null() || def.is_null() || !module::check(m) { return bad_call(); }
        status(moduledef::state_add(m, def))
    }
}
export! {
    /// `PyState_RemoveModule`.
    fn PyState_RemoveModule(def: *mut PyModuleDef) -> c_int {
        if def.is_null() { return bad_call(); }
        status(moduledef::state_remove(def))
    }
}
