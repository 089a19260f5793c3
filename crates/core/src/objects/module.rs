//! Module objects: a namespace dict with `__name__`, attribute access through
//! it, and the `PyModule_Add*` helpers.

use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyTypeObject};
use crate::runtime::alloc;
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::{objects::dict, objects::unicode, protocols::attr};
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
        (*t).tp_flags = flags::DEFAULT | flags::BASETYPE | flags::HAVE_GC | flags::IMMUTABLETYPE;
        (*t).tp_new = Some(module_new);
        (*t).tp_init = Some(module_init);
        (*t).tp_getset = ptr::addr_of_mut!(MODULE_GETSET) as *mut typeobj::PyGetSetDef;
        (*t).tp_dictoffset = std::mem::offset_of!(PyModuleObject, md_dict) as isize;
        (*t).tp_weaklistoffset = std::mem::offset_of!(PyModuleObject, md_weaklist) as isize;
        (*t).tp_dealloc = Some(module_dealloc);
        (*t).tp_traverse = Some(module_traverse);
        (*t).tp_clear = Some(module_clear);
        (*t).tp_repr = Some(module_repr);
        (*t).tp_getattro = Some(module_getattro);
        (*t).tp_doc = c"Create a module object.".as_ptr();
    }
}

static mut MODULE_GETSET: [typeobj::PyGetSetDef; 2] = [
    typeobj::getset(c"__dict__", Some(module_get_dict)),
    typeobj::GETSET_END,
];

unsafe extern "C" fn module_get_dict(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on a module.
    unsafe {
        let d = dict_of(op);
        if d.is_null() {
            return err::type_error("module has no __dict__").into();
        }
        new_ref(d)
    }
}

unsafe extern "C" fn module_new(
    t: *mut PyTypeObject,
    _a: *mut PyObject,
    _k: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract; the module gets an empty namespace.
    unsafe {
        let d = match dict::new() {
            Ok(d) => d,
            Err(e) => return e.into(),
        };
        let op = match alloc::new_object(t, (*t).tp_basicsize as usize) {
            Ok(p) => p,
            Err(e) => return e.into(),
        };
        (*(op as *mut PyModuleObject)).md_dict = d.into_raw();
        crate::runtime::gc::track(op);
        op
    }
}

unsafe extern "C" fn module_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> std::ffi::c_int {
    // SAFETY: tp_init contract.
    unsafe {
        let r = (|| -> PyResult<()> {
            let n = crate::objects::tuple::size(args);
            let mut name = if n > 0 {
                crate::objects::tuple::item(args, 0)
            } else {
                ptr::null_mut()
            };
            let mut doc = if n > 1 {
                crate::objects::tuple::item(args, 1)
            } else {
                lifecycle::none()
            };
            if n > 2 {
                return Err(err::type_error(&format!(
                    "module() takes at most 2 arguments ({n} given)"
                )));
            }
            if !kw.is_null() {
                for (k, v) in dict::items_vec(kw) {
                    match &*unicode::as_str(k.as_ptr()) {
                        "name" if name.is_null() => name = v.as_ptr(),
                        "doc" if n < 2 => doc = v.as_ptr(),
                        other => {
                            return Err(err::type_error(&format!(
                                "module() got an unexpected keyword argument '{other}'"
                            )))
                        }
                    }
                }
            }
            if name.is_null() {
                return Err(err::type_error(
                    "module() missing required argument 'name' (pos 1)",
                ));
            }
            if !unicode::check(name) {
                return Err(err::type_error(&format!(
                    "module() argument 'name' must be str, not {}",
                    typeobj::type_name_of(name)
                )));
            }
            let d = dict_of(op);
            for (k, v) in [
                ("__name__", name),
                ("__doc__", doc),
                ("__package__", lifecycle::none()),
                ("__loader__", lifecycle::none()),
                ("__spec__", lifecycle::none()),
            ] {
                let key = unicode::intern(k)?;
                dict::set(d, key.as_ptr(), v)?;
            }
            let m = op as *mut PyModuleObject;
            let old = (*m).md_name;
            (*m).md_name = new_ref(name);
            xdecref(old);
            Ok(())
        })();
        match r {
            Ok(()) => 0,
            Err(e) => e.into(),
        }
    }
}

/// Whether `op` is a module.
///
/// # Safety
/// `op` must be live.
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { typeobj::is_subtype((*op).ob_type, lifecycle::module_type()) }
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
        let none = lifecycle::none();
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
        let op = alloc::new_object(
            lifecycle::module_type(),
            std::mem::size_of::<PyModuleObject>(),
        )?;
        let m = op as *mut PyModuleObject;
        (*m).md_dict = d.into_raw();
        (*m).md_name = new_ref(name);
        crate::runtime::gc::track(op);
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

/// The module's per-module state (`PyModule_GetState`): NULL for modules
/// created without a `PyModuleDef`.
///
/// # Safety
/// `op` must be a live module.
pub unsafe fn state_of(op: *mut PyObject) -> *mut c_void {
    // SAFETY: forwarded.
    unsafe { (*(op as *mut PyModuleObject)).md_state }
}

/// A namespace entry of the module (borrowed), if present.
///
/// # Safety
/// `op` must be a live module.
pub unsafe fn entry(op: *mut PyObject, name: &str) -> Option<*mut PyObject> {
    // SAFETY: forwarded.
    unsafe {
        let d = dict_of(op);
        if d.is_null() {
            return None;
        }
        let key = unicode::intern(name).ok()?;
        dict::get_str_borrowed(d, key.as_ptr())
    }
}

/// The module's `__name__` as text, if it is a str.
///
/// # Safety
/// `op` must be a live module.
pub unsafe fn name_of(op: *mut PyObject) -> Option<String> {
    // SAFETY: forwarded.
    unsafe {
        let v = entry(op, "__name__")?;
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
            return Err(err::type_error(
                "PyModule_AddObjectRef() first argument must be a module",
            ));
        }
        if value.is_null() {
            if err::occurred().is_null() {
                return Err(err::system_error(
                    "PyModule_AddObjectRef() must be called with an exception raised if value is NULL",
                ));
            }
            return Err(err::Raised::assume());
        }
        let d = dict_of(m);
        if d.is_null() {
            // cleared by the collector (module_clear)
            let n = name_of(m).unwrap_or_else(|| "?".to_string());
            return Err(err::system_error(&format!("module '{n}' has no __dict__")));
        }
        let key = unicode::from_str(name)?;
        dict::set(d, key.as_ptr(), value)
    }
}

unsafe extern "C" fn module_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> std::ffi::c_int {
    // SAFETY: slot on a module.
    unsafe {
        let r = crate::objects::moduledef::traverse_state(op, visit, arg);
        if r != 0 {
            return r;
        }
        crate::runtime::gc::visit_all([dict_of(op)], visit, arg)
    }
}

/// Breaks the cycles through a module: its definition's `m_clear`, then
/// its namespace.
unsafe extern "C" fn module_clear(op: *mut PyObject) -> std::ffi::c_int {
    // SAFETY: slot on a module.
    unsafe {
        let r = crate::objects::moduledef::clear_state(op);
        if r != 0 {
            return r;
        }
        clear_slot(ptr::addr_of_mut!((*(op as *mut PyModuleObject)).md_dict));
        0
    }
}

unsafe extern "C" fn module_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        crate::runtime::gc::untrack(op);
        let m = op as *mut PyModuleObject;
        if !(*m).md_weaklist.is_null() {
            crate::objects::weakref::clear_weakrefs(op);
        }
        crate::objects::moduledef::free_state(op);
        clear_slot(ptr::addr_of_mut!((*m).md_dict));
        clear_slot(ptr::addr_of_mut!((*m).md_name));
        crate::objects::moduledef::release_state(op);
        alloc::free_object(op);
    }
}

unsafe extern "C" fn module_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a module; entries are held while their reprs run.
    unsafe {
        let r = (|| -> PyResult<String> {
            let name = match entry(op, "__name__") {
                Some(n) => {
                    crate::protocols::abstract_::repr_string(Owned::from_borrowed(n).as_ptr())?
                }
                None => "'?'".to_string(),
            };
            if crate::objects::moduledef::is_builtin(op) {
                return Ok(format!("<module {name} (built-in)>"));
            }
            if let Some(f) = entry(op, "__file__") {
                let f = crate::protocols::abstract_::repr_string(Owned::from_borrowed(f).as_ptr())?;
                return Ok(format!("<module {name} from {f}>"));
            }
            match entry(op, "__loader__") {
                Some(l) if l != lifecycle::none() => {
                    let l =
                        crate::protocols::abstract_::repr_string(Owned::from_borrowed(l).as_ptr())?;
                    Ok(format!("<module {name} ({l})>"))
                }
                _ => Ok(format!("<module {name}>")),
            }
        })();
        match r {
            Ok(s) => err::into_ptr(unicode::from_str(&s)),
            Err(e) => e.into(),
        }
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
                        crate::objects::exceptions::Exc::AttributeError,
                        &format!("module '{m}' has no attribute '{n}'"),
                    )
                    .into(),
                    None => err::raise(
                        crate::objects::exceptions::Exc::AttributeError,
                        &format!("module has no attribute '{n}'"),
                    )
                    .into(),
                }
            }
            Err(e) => e.into(),
        }
    }
}
