//! Descriptors built from C tables: `getset_descriptor` (from
//! `PyGetSetDef`), which gives types such as `type` and `BaseException`
//! their computed attributes through the generic attribute protocol.

use crate::alloc;
use crate::err::{self, PyResult};
use crate::exceptions::Exc;
use crate::object::*;
use crate::runtime;
use crate::typeobj::{self, flags, PyGetSetDef, PyTypeObject};
use crate::{dict, unicode};
use std::ffi::{c_int, CStr};
use std::ptr;

/// A `getset_descriptor`.
#[repr(C)]
pub struct PyGetSetDescrObject {
    /// Header.
    pub ob_base: PyObject,
    /// The type that owns the descriptor (borrowed: types outlive their
    /// descriptors here, since static and exception types are immortal).
    pub d_type: *mut PyTypeObject,
    /// The attribute name (owned, interned).
    pub d_name: *mut PyObject,
    /// The C table entry.
    pub d_getset: *mut PyGetSetDef,
}

static mut GETSET_TYPE: *mut PyTypeObject = ptr::null_mut();

/// Creates the descriptor types. Start-up only, before types are readied.
pub(crate) unsafe fn init_types() {
    // SAFETY: start-up, exclusive access.
    unsafe {
        let t = runtime::leak_type();
        (*t).tp_name = c"getset_descriptor".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<PyGetSetDescrObject>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::IMMUTABLETYPE;
        (*t).tp_dealloc = Some(getset_dealloc);
        (*t).tp_repr = Some(getset_repr);
        (*t).tp_descr_get = Some(getset_get);
        (*t).tp_descr_set = Some(getset_set);
        GETSET_TYPE = t;
    }
}

/// Readies the descriptor types once the core types are ready.
pub(crate) unsafe fn ready_types() {
    // SAFETY: start-up.
    unsafe {
        if typeobj::ready_static(GETSET_TYPE).is_err() {
            runtime::fatal("Py_Initialize", "cannot ready getset_descriptor");
        }
    }
}

/// Adds a descriptor to `t`'s dict for each entry of a NULL-terminated
/// `PyGetSetDef` table.
///
/// # Safety
/// `t` a type being readied; `defs` a NULL-terminated table that lives as
/// long as the type.
pub unsafe fn add_getsets(t: *mut PyTypeObject, defs: *mut PyGetSetDef) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let mut p = defs;
        while !(*p).name.is_null() {
            let name = CStr::from_ptr((*p).name).to_string_lossy();
            let key = unicode::intern(&name)?;
            let op = alloc::new_object(GETSET_TYPE, std::mem::size_of::<PyGetSetDescrObject>())?;
            let d = op as *mut PyGetSetDescrObject;
            (*d).d_type = t;
            (*d).d_name = new_ref(key.as_ptr());
            (*d).d_getset = p;
            let descr = Owned::from_raw(op);
            dict::set((*t).tp_dict, key.as_ptr(), descr.as_ptr())?;
            p = p.add(1);
        }
        Ok(())
    }
}

unsafe extern "C" fn getset_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        let d = op as *mut PyGetSetDescrObject;
        clear_slot(ptr::addr_of_mut!((*d).d_name));
        alloc::free_object(op);
    }
}

unsafe extern "C" fn getset_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a descriptor.
    unsafe {
        let d = op as *mut PyGetSetDescrObject;
        let s = format!(
            "<attribute '{}' of '{}' objects>",
            unicode::as_str((*d).d_name),
            typeobj::short_name((*d).d_type)
        );
        err::into_ptr(unicode::from_str(&s))
    }
}

unsafe fn check_applies(d: *mut PyGetSetDescrObject, obj: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if !typeobj::is_subtype((*obj).ob_type, (*d).d_type) {
            return Err(err::type_error(&format!(
                "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
                unicode::as_str((*d).d_name),
                typeobj::short_name((*d).d_type),
                typeobj::type_name_of(obj)
            )));
        }
        Ok(())
    }
}

unsafe extern "C" fn getset_get(
    op: *mut PyObject,
    obj: *mut PyObject,
    _t: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot on a descriptor.
    unsafe {
        if obj.is_null() {
            return new_ref(op);
        }
        let d = op as *mut PyGetSetDescrObject;
        if let Err(e) = check_applies(d, obj) {
            return e.into();
        }
        match (*(*d).d_getset).get {
            Some(g) => g(obj, (*(*d).d_getset).closure),
            None => err::raise(
                Exc::AttributeError,
                &format!(
                    "attribute '{}' of '{}' objects is not readable",
                    unicode::as_str((*d).d_name),
                    typeobj::short_name((*d).d_type)
                ),
            )
            .into(),
        }
    }
}

unsafe extern "C" fn getset_set(op: *mut PyObject, obj: *mut PyObject, v: *mut PyObject) -> c_int {
    // SAFETY: slot on a descriptor.
    unsafe {
        let d = op as *mut PyGetSetDescrObject;
        if let Err(e) = check_applies(d, obj) {
            return e.into();
        }
        match (*(*d).d_getset).set {
            Some(s) => s(obj, v, (*(*d).d_getset).closure),
            None => err::raise(
                Exc::AttributeError,
                &format!(
                    "attribute '{}' of '{}' objects is not writable",
                    unicode::as_str((*d).d_name),
                    typeobj::short_name((*d).d_type)
                ),
            )
            .into(),
        }
    }
}
