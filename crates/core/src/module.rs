//! Module objects: a namespace dict with `__name__`, attribute access through
//! it, and the `PyModule_Add*` helpers.

use crate::alloc;
use crate::err::{self, PyResult};
use crate::object::*;
use crate::runtime;
use crate::typeobj::{self, flags, PyTypeObject};
use crate::{attr, dict, unicode};
use std::ffi::c_void;
use std::ptr;

/// A module object, with CPython's field order.
#[repr(C)]
#[allow(missing_docs)]
pub struct PyModuleObject {
    pub ob_base: PyObject,
    pub md_dict: *mut PyObject,
    pub md_def: *mut c_void,
    pub md_state: *mut c_void,
    pub md_weaklist: *mut PyObject,
    pub md_name: *mut PyObject,
}

/// Fills in `module`. Start-up only.
pub(crate) unsafe fn init_type(t: *mut PyTypeObject) {
    // SAFETY: start-up, exclusive access.
    unsafe {
        (*t).tp_name = c"module".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<PyModuleObject>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::BASETYPE | flags::HAVE_GC;
        (*t).tp_dictoffset = std::mem::offset_of!(PyModuleObject, md_dict) as isize;
        (*t).tp_dealloc = Some(module_dealloc);
        (*t).tp_repr = Some(module_repr);
        (*t).tp_getattro = Some(module_getattro);
        (*t).tp_doc = c"Create a module object.".as_ptr();
    }
}

/// Whether `op` is a module.
///
/// # Safety
/// `op` must be live.
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { typeobj::is_subtype((*op).ob_type, runtime::module_type()) }
}

/// `PyModule_NewObject`: a module named `name` with the standard dunder
/// entries.
///
/// # Safety
/// `name` must be a live str.
pub unsafe fn new(name: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: a zeroed module object; fields written below.
    unsafe {
        let d = dict::new()?;
        let none = runtime::none();
        for (k, v) in [
            ("__name__", name),
            ("__doc__", none),
            ("__package__", none),
            ("__loader__", none),
            ("__spec__", none),
        ] {
            let key = unicode::intern(k)?;
            dict::set(d.as_ptr(), key.as_ptr(), v)?;
        }
        let op = alloc::new_object(runtime::module_type(), std::mem::size_of::<PyModuleObject>())?;
        let m = op as *mut PyModuleObject;
        (*m).md_dict = d.into_raw();
        (*m).md_name = new_ref(name);
        Ok(Owned::from_raw(op))
    }
}

/// The module's namespace (borrowed).
///
/// # Safety
/// `op` must be a live module.
pub unsafe fn dict_of(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe { (*(op as *mut PyModuleObject)).md_dict }
}

/// The module's `__name__` as text, if it is a str.
///
/// # Safety
/// `op` must be a live module.
pub unsafe fn name_of(op: *mut PyObject) -> Option<String> {
    // SAFETY: forwarded.
    unsafe {
        let key = unicode::intern("__name__").ok()?;
        let v = dict::get_str_borrowed(dict_of(op), key.as_ptr())?;
        unicode::check(v).then(|| unicode::as_str(v).to_string())
    }
}

/// `PyModule_AddObjectRef` (checks included).
///
/// # Safety
/// `m` and `value` NULL or live.
pub unsafe fn add_object_ref(m: *mut PyObject, name: &str, value: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if m.is_null() || !check(m) {
            return Err(err::type_error("PyModule_AddObjectRef() first argument must be a module"));
        }
        if value.is_null() {
            if err::occurred().is_null() {
                return Err(err::system_error(
                    "PyModule_AddObjectRef() must be called with an exception raised if value is NULL",
                ));
            }
            return Err(err::Raised::assume());
        }
        let key = unicode::from_str(name)?;
        dict::set(dict_of(m), key.as_ptr(), value)
    }
}

unsafe extern "C" fn module_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        let m = op as *mut PyModuleObject;
        clear_slot(ptr::addr_of_mut!((*m).md_dict));
        clear_slot(ptr::addr_of_mut!((*m).md_name));
        alloc::free_object(op);
    }
}

unsafe extern "C" fn module_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a module.
    unsafe {
        let s = match name_of(op) {
            Some(n) => format!("<module {}>", unicode::repr_text(&n)),
            None => "<module '?'>".to_string(),
        };
        err::into_ptr(unicode::from_str(&s))
    }
}

unsafe extern "C" fn module_getattro(op: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a module; `name` is a str.
    unsafe {
        match attr::generic_getattr(op, name, true) {
            Ok(Some(v)) => v.into_raw(),
            Ok(None) => {
                let n = unicode::as_str(name);
                match name_of(op) {
                    Some(m) => err::raise(
                        crate::exceptions::Exc::AttributeError,
                        &format!("module '{m}' has no attribute '{n}'"),
                    )
                    .into(),
                    None => err::raise(crate::exceptions::Exc::AttributeError, &format!("module has no attribute '{n}'")).into(),
                }
            }
            Err(e) => e.into(),
        }
    }
}
