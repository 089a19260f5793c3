//! Modules defined by C code (`PyModuleDef`, single-phase initialization):
//! `PyModule_Create2` (per-module state, functions, docstring),
//! `PyModule_AddFunctions`, `PyModule_AddType`, `PyModule_GetDef` /
//! `GetState`, the `PyState_*` registry by module index, `sys.modules`
//! and `PyImport_AddModule`, and importing the modules registered with
//! `PyImport_AppendInittab`. Multi-phase initialization
//! (`PyModuleDef_Init`, `PyModule_FromDefAndSpec`) is not here yet: an
//! init function returning a definition fails with `SystemError`.

use crate::err::{self, PyResult};
use crate::exceptions::Exc;
use crate::methodobject::meth;
use crate::module::{self, PyModuleObject};
use crate::object::*;
use crate::typeobj::{self, PyMethodDef, PyTypeObject};
use crate::{dict, list, runtime, unicode};
use std::ffi::{c_char, c_int, c_void, CStr};
use std::ptr;
use std::sync::Mutex;

/// `PyModuleDef_Base`.
#[repr(C)]
#[allow(missing_docs)]
pub struct PyModuleDefBase {
    pub ob_base: PyObject,
    pub m_init: Option<unsafe extern "C" fn() -> *mut PyObject>,
    pub m_index: isize,
    pub m_copy: *mut PyObject,
}

/// `PyModuleDef`.
#[repr(C)]
#[allow(missing_docs)]
pub struct PyModuleDef {
    pub m_base: PyModuleDefBase,
    pub m_name: *const c_char,
    pub m_doc: *const c_char,
    pub m_size: isize,
    pub m_methods: *mut PyMethodDef,
    pub m_slots: *mut c_void,
    pub m_traverse: typeobj::traverseproc,
    pub m_clear: typeobj::inquiry,
    pub m_free: Option<unsafe extern "C" fn(*mut c_void)>,
}
const _: () = assert!(std::mem::size_of::<PyModuleDef>() == 104);

/// The last module index handed out (CPython's `_PyImport_GetNextModuleIndex`).
static NEXT_INDEX: Mutex<isize> = Mutex::new(0);

/// `PyState_*`'s list (index → module or None) and `sys.modules`.
static mut BY_INDEX: *mut PyObject = ptr::null_mut();
static mut MODULES: *mut PyObject = ptr::null_mut();

/// An init function registered with `PyImport_AppendInittab`.
type InitFunc = unsafe extern "C" fn() -> *mut PyObject;
static INITTAB: Mutex<Vec<(String, InitFunc)>> = Mutex::new(Vec::new());

/// Creates `sys.modules` holding `sys` and `builtins`. Start-up only.
pub(crate) unsafe fn init_runtime() -> PyResult<()> {
    // SAFETY: start-up on one thread.
    unsafe {
        if !MODULES.is_null() {
            return Ok(());
        }
        let d = dict::new()?;
        for (n, m) in [
            ("sys", crate::sysmodule::module()),
            ("builtins", crate::builtins::module()),
        ] {
            let k = unicode::intern(n)?;
            dict::set(d.as_ptr(), k.as_ptr(), m)?;
            set_builtin(m, true);
        }
        let sysd = module::dict_of(crate::sysmodule::module());
        let k = unicode::intern("modules")?;
        dict::set(sysd, k.as_ptr(), d.as_ptr())?;
        let l = list::new(0)?;
        BY_INDEX = l.into_raw();
        MODULES = d.into_raw();
        Ok(())
    }
}

/// `sys.modules` (borrowed).
pub fn modules() -> *mut PyObject {
    // SAFETY: written once at start-up.
    unsafe { MODULES }
}

/// `PyImport_AppendInittab`: `false` once the runtime is initialized
/// (CPython aborts then).
pub fn append_inittab(name: &str, init: InitFunc) -> bool {
    if runtime::is_initialized() {
        return false;
    }
    let mut t = INITTAB.lock().unwrap_or_else(|e| e.into_inner());
    t.push((name.to_string(), init));
    true
}

/// The init function of `name`: the first registered, as CPython searches.
fn inittab_entry(name: &str) -> Option<InitFunc> {
    let t = INITTAB.lock().unwrap_or_else(|e| e.into_inner());
    t.iter().find(|(n, _)| n == name).map(|(_, f)| *f)
}

/// `import name`: `sys.modules`, else a module from the inittab (run once,
/// then registered), else `ModuleNotFoundError`.
///
/// # Safety
/// The runtime is initialized.
pub unsafe fn import(name: &str) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let key = unicode::from_str(name)?;
        if let Some(m) = dict::get(MODULES, key.as_ptr())? {
            return Ok(Owned::from_borrowed(m));
        }
        let Some(init) = inittab_entry(name) else {
            return Err(err::raise(
                Exc::ModuleNotFoundError,
                &format!("No module named '{name}'"),
            ));
        };
        let m = err::from_ptr(init())?;
        if !module::check(m.as_ptr()) {
            return Err(err::system_error(&format!(
                "initialization of {name} did not return an extension module \
                 (multi-phase initialization is not supported by Ophis yet)"
            )));
        }
        let def = (*(m.as_ptr() as *mut PyModuleObject)).md_def as *mut PyModuleDef;
        if !def.is_null() {
            state_add(m.as_ptr(), def)?;
        }
        set_builtin(m.as_ptr(), true);
        dict::set(MODULES, key.as_ptr(), m.as_ptr())?;
        Ok(m)
    }
}

/// `PyImport_AddModuleObject`: the module of `sys.modules[name]`, created
/// empty and registered when missing (borrowed: `sys.modules` holds it).
///
/// # Safety
/// `name` a live str.
pub unsafe fn add_module(name: *mut PyObject) -> PyResult<*mut PyObject> {
    // SAFETY: forwarded.
    unsafe {
        if let Some(m) = dict::get(MODULES, name)? {
            if module::check(m) {
                return Ok(m);
            }
        }
        let m = module::new(name)?;
        dict::set(MODULES, name, m.as_ptr())?;
        Ok(m.as_ptr())
    }
}

/// `PyModule_Create2`.
///
/// # Safety
/// `def` points to a `PyModuleDef` that outlives the module.
pub unsafe fn create(def: *mut PyModuleDef) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if (*def).m_base.m_index == 0 {
            let mut n = NEXT_INDEX.lock().unwrap_or_else(|e| e.into_inner());
            *n += 1;
            (*def).m_base.m_index = *n;
        }
        let name = CStr::from_ptr((*def).m_name).to_string_lossy().into_owned();
        if !(*def).m_slots.is_null() {
            return Err(err::system_error(&format!(
                "module {name}: PyModule_Create is incompatible with m_slots"
            )));
        }
        let n = unicode::from_str(&name)?;
        let m = module::new(n.as_ptr())?;
        let mo = m.as_ptr() as *mut PyModuleObject;
        if (*def).m_size > 0 {
            let st = runtime::mem::alloc_zeroed((*def).m_size as usize);
            if st.is_null() {
                return Err(err::no_memory());
            }
            (*mo).md_state = st as *mut c_void;
        }
        if !(*def).m_methods.is_null() {
            add_functions(m.as_ptr(), (*def).m_methods)?;
        }
        if !(*def).m_doc.is_null() {
            set_doc(m.as_ptr(), CStr::from_ptr((*def).m_doc))?;
        }
        (*mo).md_def = def as *mut c_void;
        Ok(m)
    }
}

/// `PyModule_AddFunctions`: each entry becomes a builtin bound to the
/// module, named in its namespace.
///
/// # Safety
/// `m` a live module; `defs` a table ending with a NULL name that outlives
/// the module.
pub unsafe fn add_functions(m: *mut PyObject, defs: *mut PyMethodDef) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let name = name_object(m)?;
        let mut d = defs;
        while !(*d).ml_name.is_null() {
            if (*d).ml_flags & (meth::CLASS | meth::STATIC) != 0 {
                return Err(err::value_error(
                    "module functions cannot set METH_CLASS or METH_STATIC",
                ));
            }
            let f = crate::methodobject::new_cmethod(d, m, name.as_ptr(), ptr::null_mut())?;
            let key = unicode::from_utf8(CStr::from_ptr((*d).ml_name).to_bytes())?;
            crate::abstract_::setattr(m, key.as_ptr(), f.as_ptr())?;
            d = d.add(1);
        }
        Ok(())
    }
}

/// `PyModule_SetDocString`.
///
/// # Safety
/// `m` live.
pub unsafe fn set_doc(m: *mut PyObject, doc: &CStr) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let v = unicode::from_utf8(doc.to_bytes())?;
        let k = unicode::intern("__doc__")?;
        crate::abstract_::setattr(m, k.as_ptr(), v.as_ptr())
    }
}

/// `PyModule_GetNameObject`: `__name__`, `SystemError("nameless module")`
/// when it is not a str.
///
/// # Safety
/// `m` live.
pub unsafe fn name_object(m: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if !module::check(m) {
            return Err(err::bad_argument_type());
        }
        match module::entry(m, "__name__") {
            Some(n) if unicode::check(n) => Ok(Owned::from_borrowed(n)),
            _ => Err(err::system_error("nameless module")),
        }
    }
}

/// `PyModule_GetFilenameObject`: `__file__`, `SystemError("module
/// filename missing")` when it is not a str.
///
/// # Safety
/// `m` live.
pub unsafe fn filename_object(m: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if !module::check(m) {
            return Err(err::bad_argument_type());
        }
        match module::entry(m, "__file__") {
            Some(n) if unicode::check(n) => Ok(Owned::from_borrowed(n)),
            _ => Err(err::system_error("module filename missing")),
        }
    }
}

/// `PyModule_AddType`: the type under the last dotted part of its name.
///
/// # Safety
/// `m` live; `t` a live type.
pub unsafe fn add_type(m: *mut PyObject, t: *mut PyTypeObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if (*t).tp_flags & typeobj::flags::READY == 0 {
            typeobj::ready_static(t)?;
        }
        let full = CStr::from_ptr((*t).tp_name).to_string_lossy().into_owned();
        let short = full.rsplit('.').next().unwrap_or(&full).to_string();
        module::add_object_ref(m, &short, t as *mut PyObject)
    }
}

/// The module's definition (`PyModule_GetDef`).
///
/// # Safety
/// `m` a live module.
pub unsafe fn def_of(m: *mut PyObject) -> *mut PyModuleDef {
    // SAFETY: forwarded.
    unsafe { (*(m as *mut PyModuleObject)).md_def as *mut PyModuleDef }
}

/// `PyState_AddModule`'s registration (CPython's `_PyState_AddModule`).
///
/// # Safety
/// `m` live; `def` a live definition.
pub unsafe fn state_add(m: *mut PyObject, def: *mut PyModuleDef) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if !(*def).m_slots.is_null() {
            return Err(err::system_error(
                "PyState_AddModule called on module with slots",
            ));
        }
        let index = (*def).m_base.m_index;
        if index <= 0 {
            return Err(err::system_error(
                "module definition has no index (not created)",
            ));
        }
        while list::size(BY_INDEX) <= index {
            list::append(BY_INDEX, runtime::none())?;
        }
        list::replace(BY_INDEX, index, new_ref(m));
        Ok(())
    }
}

/// `PyState_FindModule` (borrowed; NULL when absent, no exception).
///
/// # Safety
/// `def` a live definition.
pub unsafe fn state_find(def: *mut PyModuleDef) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe {
        let index = (*def).m_base.m_index;
        if !(*def).m_slots.is_null() || index <= 0 || index >= list::size(BY_INDEX) {
            return ptr::null_mut();
        }
        let m = list::item(BY_INDEX, index);
        if m == runtime::none() {
            ptr::null_mut()
        } else {
            m
        }
    }
}

/// `PyState_RemoveModule`.
///
/// # Safety
/// `def` a live definition.
pub unsafe fn state_remove(def: *mut PyModuleDef) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if !(*def).m_slots.is_null() {
            return Err(err::system_error(
                "PyState_RemoveModule called on module with slots",
            ));
        }
        let index = (*def).m_base.m_index;
        if index <= 0 || index >= list::size(BY_INDEX) {
            return Err(err::system_error(
                "PyState_RemoveModule: module index out of bounds",
            ));
        }
        list::replace(BY_INDEX, index, new_ref(runtime::none()));
        Ok(())
    }
}

/// The definition's `m_free`, run as CPython runs it (state allocated, or
/// no state asked for), before the namespace is released.
///
/// # Safety
/// `m` a module being deallocated (refcount zero).
pub(crate) unsafe fn free_state(m: *mut PyObject) {
    // SAFETY: forwarded.
    unsafe {
        let mo = m as *mut PyModuleObject;
        let def = (*mo).md_def as *mut PyModuleDef;
        if !def.is_null() && ((*def).m_size <= 0 || !(*mo).md_state.is_null()) {
            if let Some(f) = (*def).m_free {
                f(m as *mut c_void);
            }
        }
        set_builtin(m, false);
    }
}

/// Frees the per-module state (after the namespace is released, as in
/// CPython's `module_dealloc`).
///
/// # Safety
/// `m` a module being deallocated.
pub(crate) unsafe fn release_state(m: *mut PyObject) {
    // SAFETY: forwarded.
    unsafe {
        let mo = m as *mut PyModuleObject;
        if !(*mo).md_state.is_null() {
            runtime::mem::release((*mo).md_state as *mut u8);
            (*mo).md_state = ptr::null_mut();
        }
    }
}

/// The definition's `m_clear`, when CPython would call it.
///
/// # Safety
/// `m` a live module.
pub(crate) unsafe fn clear_state(m: *mut PyObject) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        let mo = m as *mut PyModuleObject;
        let def = (*mo).md_def as *mut PyModuleDef;
        if !def.is_null() && ((*def).m_size <= 0 || !(*mo).md_state.is_null()) {
            if let Some(f) = (*def).m_clear {
                return f(m);
            }
        }
        0
    }
}

/// Modules built into the program (`sys`, `builtins`, the inittab's):
/// their repr says `(built-in)`.
static BUILTIN: Mutex<Vec<usize>> = Mutex::new(Vec::new());

/// Whether `m` is a built-in module.
pub fn is_builtin(m: *mut PyObject) -> bool {
    let b = BUILTIN.lock().unwrap_or_else(|e| e.into_inner());
    b.contains(&(m as usize))
}

fn set_builtin(m: *mut PyObject, on: bool) {
    let mut b = BUILTIN.lock().unwrap_or_else(|e| e.into_inner());
    b.retain(|&p| p != m as usize);
    if on {
        b.push(m as usize);
    }
}

/// The definition's `m_traverse`, when CPython would call it.
///
/// # Safety
/// `m` a live module.
pub(crate) unsafe fn traverse_state(
    m: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        let mo = m as *mut PyModuleObject;
        let def = (*mo).md_def as *mut PyModuleDef;
        if !def.is_null() && ((*def).m_size <= 0 || !(*mo).md_state.is_null()) {
            if let Some(f) = (*def).m_traverse {
                return f(m, visit, arg);
            }
        }
        0
    }
}
