//! Modules defined by C code (`PyModuleDef`): single-phase initialization
//! (`PyModule_Create2`: per-module state, functions, docstring) and
//! multi-phase initialization (PEP 489: `PyModuleDef_Init`,
//! `PyModule_FromDefAndSpec2` with its `Py_mod_create` and
//! `Py_mod_multiple_interpreters` slots, `PyModule_ExecDef` running the
//! `Py_mod_exec` slots), `PyModule_AddFunctions`, `PyModule_AddType`,
//! `PyModule_GetDef` / `GetState`, the `PyState_*` registry by module
//! index, `sys.modules` and `PyImport_AddModule`, and the modules
//! registered with `PyImport_AppendInittab`. Finding and loading extension
//! modules from files is [`crate::system::import`]'s.

use crate::objects::methodobject::meth;
use crate::objects::module::{self, PyModuleObject};
use crate::objects::object::*;
use crate::objects::typeobj::{self, PyMethodDef, PyTypeObject};
use crate::runtime::err::{self, PyResult};
use crate::{objects::dict, objects::list, objects::unicode, runtime::lifecycle};
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

/// `PyModuleDef_Slot`.
#[repr(C)]
#[allow(missing_docs)]
pub struct PyModuleDefSlot {
    pub slot: c_int,
    pub value: *mut c_void,
}

/// `Py_mod_create`.
pub const MOD_CREATE: c_int = 1;
/// `Py_mod_exec`.
pub const MOD_EXEC: c_int = 2;
/// `Py_mod_multiple_interpreters`.
pub const MOD_MULTIPLE_INTERPRETERS: c_int = 3;

/// Fills in `moduledef`, the type of initialized module definitions.
/// Start-up only.
pub(crate) unsafe fn init_type() {
    // SAFETY: start-up, exclusive access to the static type.
    unsafe {
        let t = lifecycle::moduledef_type();
        (*t).ob_base.ob_base = static_header(lifecycle::type_type());
        (*t).tp_name = c"moduledef".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<PyModuleDef>() as isize;
        (*t).tp_flags = typeobj::flags::DEFAULT;
        (*t).tp_dealloc = Some(lifecycle::static_dealloc);
    }
}

/// Readies `moduledef`. Start-up only.
pub(crate) unsafe fn ready_type() {
    // SAFETY: start-up.
    unsafe {
        if typeobj::ready_static(lifecycle::moduledef_type()).is_err() {
            lifecycle::fatal("Py_Initialize", "cannot ready the moduledef type");
        }
    }
}

/// Whether `op` is an initialized module definition (what a multi-phase
/// init function returns).
///
/// # Safety
/// `op` live.
pub unsafe fn is_def(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { (*op).ob_type == lifecycle::moduledef_type() }
}

/// Gives `def` its module index the first time.
unsafe fn assign_index(def: *mut PyModuleDef) {
    // SAFETY: forwarded.
    unsafe {
        if (*def).m_base.m_index == 0 {
            let mut n = NEXT_INDEX.lock().unwrap_or_else(|e| e.into_inner());
            *n += 1;
            (*def).m_base.m_index = *n;
        }
    }
}

/// `PyModuleDef_Init`: makes the definition an (immortal) object of type
/// `moduledef`, which is how an init function asks for multi-phase
/// initialization.
///
/// # Safety
/// `def` points to a definition that outlives the runtime.
pub unsafe fn def_init(def: *mut PyModuleDef) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe {
        if (*def).m_base.m_index == 0 || (*def).m_base.ob_base.ob_type.is_null() {
            (*def).m_base.ob_base.ob_type = lifecycle::moduledef_type();
            (*def).m_base.ob_base.ob_refcnt = IMMORTAL_REFCNT;
            assign_index(def);
        }
        def as *mut PyObject
    }
}

/// The definition's slots, up to the terminating zero slot.
///
/// # Safety
/// `def` a live definition.
unsafe fn slots<'a>(def: *mut PyModuleDef) -> Vec<&'a PyModuleDefSlot> {
    let mut v = Vec::new();
    // SAFETY: a slot table ends with a zero slot.
    unsafe {
        let mut p = (*def).m_slots as *const PyModuleDefSlot;
        if p.is_null() {
            return v;
        }
        while (*p).slot != 0 {
            v.push(&*p);
            p = p.add(1);
        }
    }
    v
}

/// `PyModule_FromDefAndSpec2`: the module object of a multi-phase
/// definition (made by its `Py_mod_create` slot, or a plain module named
/// `spec.name`), with its state, functions and docstring; the exec slots
/// run later ([`exec_def`]).
///
/// # Safety
/// `def` a live definition, `spec` live.
pub unsafe fn from_def_and_spec(def: *mut PyModuleDef, spec: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded; slot functions follow their C contracts.
    unsafe {
        def_init(def);
        let key = unicode::intern("name")?;
        let name = crate::protocols::abstract_::getattr(spec, key.as_ptr())?;
        if !unicode::check(name.as_ptr()) {
            return Err(err::bad_argument_type());
        }
        let shown = unicode::as_str(name.as_ptr()).into_owned();
        if (*def).m_size < 0 {
            return Err(err::system_error(&format!(
                "module {shown}: m_size may not be negative for multi-phase initialization"
            )));
        }
        type Create = unsafe extern "C" fn(*mut PyObject, *mut PyModuleDef) -> *mut PyObject;
        let mut create: Option<Create> = None;
        let mut multi_seen = false;
        for sl in slots(def) {
            match sl.slot {
                MOD_CREATE => {
                    if create.is_some() {
                        return Err(err::system_error(&format!(
                            "module {shown} has multiple create slots"
                        )));
                    }
                    // SAFETY: the slot holds a create function.
                    create = Some(std::mem::transmute::<*mut c_void, Create>(sl.value));
                }
                MOD_EXEC => {}
                MOD_MULTIPLE_INTERPRETERS => {
                    if multi_seen {
                        return Err(err::system_error(&format!(
                            "module {shown} has more than one 'multiple interpreters' slots"
                        )));
                    }
                    multi_seen = true;
                }
                other if !(0..=MOD_MULTIPLE_INTERPRETERS).contains(&other) => {
                    return Err(err::system_error(&format!(
                        "module {shown} uses unknown slot ID {other}"
                    )));
                }
                _ => {}
            }
        }
        let m = match create {
            Some(f) => {
                let r = f(spec, def);
                if r.is_null() {
                    if err::occurred().is_null() {
                        return Err(err::system_error(&format!(
                            "creation of module {shown} failed without setting an exception"
                        )));
                    }
                    return Err(err::Raised::assume());
                }
                let r = Owned::from_raw(r);
                if !err::occurred().is_null() {
                    let cause = err::take();
                    let e = err::system_error(&format!(
                        "creation of module {shown} raised unreported exception"
                    ));
                    err::chain_cause(cause);
                    return Err(e);
                }
                r
            }
            None => module::new(name.as_ptr())?,
        };
        if module::check(m.as_ptr()) {
            let mo = m.as_ptr() as *mut PyModuleObject;
            if (*mo).md_state.is_null() {
                (*mo).md_def = def as *mut c_void;
            }
        } else if (*def).m_size > 0
            || (*def).m_traverse.is_some()
            || (*def).m_clear.is_some()
            || (*def).m_free.is_some()
        {
            return Err(err::system_error(&format!(
                "module {shown} is not a module object, but requests module state"
            )));
        }
        if !(*def).m_methods.is_null() {
            add_functions_named(m.as_ptr(), (*def).m_methods, name.as_ptr())?;
        }
        if !(*def).m_doc.is_null() && module::check(m.as_ptr()) {
            set_doc(m.as_ptr(), CStr::from_ptr((*def).m_doc))?;
        }
        Ok(m)
    }
}

/// `PyModule_ExecDef`: allocates the state if still missing, then runs
/// the `Py_mod_exec` slots in order.
///
/// # Safety
/// `m` a live module, `def` a live definition.
pub unsafe fn exec_def(m: *mut PyObject, def: *mut PyModuleDef) -> PyResult<()> {
    // SAFETY: forwarded; exec functions follow their C contracts.
    unsafe {
        let name = name_object(m)?;
        let shown = unicode::as_str(name.as_ptr()).into_owned();
        if (*def).m_size >= 0 && module::check(m) {
            let mo = m as *mut PyModuleObject;
            if (*mo).md_state.is_null() && (*def).m_size > 0 {
                let st = lifecycle::mem::alloc_zeroed((*def).m_size as usize);
                if st.is_null() {
                    return Err(err::no_memory());
                }
                (*mo).md_state = st as *mut c_void;
            }
        }
        type Exec = unsafe extern "C" fn(*mut PyObject) -> c_int;
        for sl in slots(def) {
            if sl.slot != MOD_EXEC {
                continue;
            }
            // SAFETY: the slot holds an exec function.
            let f = std::mem::transmute::<*mut c_void, Exec>(sl.value);
            let r = f(m);
            if r != 0 {
                if err::occurred().is_null() {
                    return Err(err::system_error(&format!(
                        "execution of module {shown} failed without setting an exception"
                    )));
                }
                return Err(err::Raised::assume());
            }
            if !err::occurred().is_null() {
                let cause = err::take();
                let e = err::system_error(&format!(
                    "execution of module {shown} raised unreported exception"
                ));
                err::chain_cause(cause);
                return Err(e);
            }
        }
        Ok(())
    }
}

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
            ("sys", crate::system::sysmodule::module()),
            ("builtins", crate::system::builtins::module()),
        ] {
            let k = unicode::intern(n)?;
            dict::set(d.as_ptr(), k.as_ptr(), m)?;
            set_builtin(m, true);
        }
        let sysd = module::dict_of(crate::system::sysmodule::module());
        let k = unicode::intern("modules")?;
        dict::set(sysd, k.as_ptr(), d.as_ptr())?;
        let l = list::new(0)?;
        BY_INDEX = l.into_raw();
        MODULES = d.into_raw();
        Ok(())
    }
}

/// Finalization: releases the modules `PyState_FindModule` keeps, in
/// index order (each one's `m_free` runs if this was its last reference),
/// then `sys.modules` itself; a later start-up makes both afresh.
///
/// # Safety
/// Attached, at `Py_FinalizeEx` after the modules were wiped.
pub(crate) unsafe fn release_registries() {
    // SAFETY: the two statics hold one reference each; they are cleared
    // before that reference is dropped, so a destructor never sees them
    // half released.
    unsafe {
        let l = std::mem::replace(&mut *ptr::addr_of_mut!(BY_INDEX), ptr::null_mut());
        if !l.is_null() {
            for i in 0..list::size(l) {
                // `replace` drops the old item: the module may die here.
                list::replace(l, i, new_ref(lifecycle::none()));
            }
            decref(l);
        }
        let m = std::mem::replace(&mut *ptr::addr_of_mut!(MODULES), ptr::null_mut());
        if !m.is_null() {
            decref(m);
        }
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
    if lifecycle::is_initialized() {
        return false;
    }
    let mut t = INITTAB.lock().unwrap_or_else(|e| e.into_inner());
    t.push((name.to_string(), init));
    true
}

/// The init function of `name`: the first registered, as CPython searches.
fn inittab_entry(name: &str) -> Option<InitFunc> {
    let t = INITTAB.lock().unwrap_or_else(|e| e.into_inner());
    t.iter()
        .find(|(n, _)| n == name)
        .map(|(_, f)| *f)
        .or_else(|| {
            CORE_MODULES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, f)| *f)
        })
}

/// The names of the built-in modules: the inittab's, then the core's
/// (`sys.builtin_module_names`, with `sys` and `builtins` added there).
pub fn builtin_module_names() -> Vec<String> {
    let mut names: Vec<String> = CORE_MODULES.iter().map(|(n, _)| n.to_string()).collect();
    let t = INITTAB.lock().unwrap_or_else(|e| e.into_inner());
    names.extend(t.iter().map(|(n, _)| n.clone()));
    names
}

/// The built-in modules the core itself provides, after the inittab.
static CORE_MODULES: [(&str, InitFunc); 21] = [
    ("_ast", init_ast),
    ("_codecs", init_codecs),
    ("_collections", init_collections),
    ("_imp", init_imp),
    ("_io", init_io),
    ("_signal", init_signal),
    ("_sre", init_sre),
    ("_string", init_string),
    ("_thread", init_thread),
    ("_tokenize", init_tokenize),
    ("_typing", init_typing),
    ("_warnings", init_warnings),
    ("_weakref", init_weakref),
    ("atexit", init_atexit),
    ("errno", init_errno),
    ("gc", init_gc),
    ("itertools", init_itertools),
    ("marshal", init_marshal),
    ("math", init_math),
    ("posix", init_posix),
    ("time", init_time),
];

unsafe extern "C" fn init_typing() -> *mut PyObject {
    err::into_ptr(crate::objects::typevarobject::create_typing_module())
}

unsafe extern "C" fn init_ast() -> *mut PyObject {
    err::into_ptr(crate::system::astmodule::create_module())
}

unsafe extern "C" fn init_errno() -> *mut PyObject {
    err::into_ptr(crate::system::errnomodule::create_module())
}

unsafe extern "C" fn init_posix() -> *mut PyObject {
    err::into_ptr(crate::system::posixmodule::create_module())
}

unsafe extern "C" fn init_thread() -> *mut PyObject {
    err::into_ptr(crate::system::threadmodule::create_module())
}

unsafe extern "C" fn init_codecs() -> *mut PyObject {
    err::into_ptr(crate::system::codecsmodule::create_module())
}

unsafe extern "C" fn init_signal() -> *mut PyObject {
    err::into_ptr(crate::system::signalmodule::create_module())
}

unsafe extern "C" fn init_imp() -> *mut PyObject {
    err::into_ptr(crate::system::impmodule::create_module())
}

unsafe extern "C" fn init_warnings() -> *mut PyObject {
    err::into_ptr(crate::system::warningsmodule::create_module())
}

unsafe extern "C" fn init_atexit() -> *mut PyObject {
    err::into_ptr(crate::system::atexitmodule::create_module())
}

unsafe extern "C" fn init_tokenize() -> *mut PyObject {
    err::into_ptr(crate::system::tokenizemodule::create_module())
}

unsafe extern "C" fn init_string() -> *mut PyObject {
    err::into_ptr(crate::system::stringmodule::create_module())
}

unsafe extern "C" fn init_sre() -> *mut PyObject {
    err::into_ptr(crate::system::sre::create_module())
}

unsafe extern "C" fn init_io() -> *mut PyObject {
    err::into_ptr(crate::system::io::create_module())
}

unsafe extern "C" fn init_collections() -> *mut PyObject {
    err::into_ptr(crate::system::collectionsmodule::create_module())
}

unsafe extern "C" fn init_weakref() -> *mut PyObject {
    err::into_ptr(crate::system::weakrefmodule::create_module())
}

unsafe extern "C" fn init_gc() -> *mut PyObject {
    err::into_ptr(crate::system::gcmodule::create_module())
}

unsafe extern "C" fn init_itertools() -> *mut PyObject {
    err::into_ptr(crate::system::itertoolsmodule::create_module())
}

unsafe extern "C" fn init_marshal() -> *mut PyObject {
    err::into_ptr(crate::code::marshal::create_module())
}

unsafe extern "C" fn init_math() -> *mut PyObject {
    err::into_ptr(crate::system::mathmodule::create_module())
}

unsafe extern "C" fn init_time() -> *mut PyObject {
    err::into_ptr(crate::system::timemodule::create_module())
}

/// Imports the built-in module `name` from the inittab (its init function
/// run once, with single- or multi-phase initialization) into
/// `sys.modules`; `None` when the inittab has no such module.
///
/// # Safety
/// The runtime is initialized.
pub unsafe fn import_builtin(name: &str) -> PyResult<Option<Owned>> {
    // SAFETY: forwarded; the init function follows its C contract.
    unsafe {
        let Some(init) = inittab_entry(name) else {
            return Ok(None);
        };
        let key = unicode::from_str(name)?;
        let m = crate::system::import::initialized(name, init())?;
        let m = if is_def(m.as_ptr()) {
            let def = m.as_ptr() as *mut PyModuleDef;
            let spec = builtin_spec(name)?;
            let module = from_def_and_spec(def, spec.as_ptr())?;
            crate::system::import::init_module_attrs(module.as_ptr(), spec.as_ptr())?;
            dict::set(MODULES, key.as_ptr(), module.as_ptr())?;
            if module::check(module.as_ptr()) {
                if let Err(e) = exec_def(module.as_ptr(), def) {
                    let _ = dict::del(MODULES, key.as_ptr());
                    return Err(e);
                }
            }
            module
        } else {
            if !module::check(m.as_ptr()) {
                return Err(err::system_error(&format!(
                    "initialization of {name} did not return an extension module"
                )));
            }
            let def = (*(m.as_ptr() as *mut PyModuleObject)).md_def as *mut PyModuleDef;
            if !def.is_null() {
                state_add(m.as_ptr(), def)?;
            }
            let spec = builtin_spec(name)?;
            crate::system::import::init_module_attrs(m.as_ptr(), spec.as_ptr())?;
            dict::set(MODULES, key.as_ptr(), m.as_ptr())?;
            m
        };
        if module::check(m.as_ptr()) {
            set_builtin(m.as_ptr(), true);
        }
        Ok(Some(m))
    }
}

/// The spec of a built-in module.
unsafe fn builtin_spec(name: &str) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        crate::system::import::new_spec(
            name,
            crate::system::import::builtin_importer(),
            Some("built-in"),
            lifecycle::none(),
        )
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
        let mut name = CStr::from_ptr((*def).m_name).to_string_lossy().into_owned();
        if let Some(full) = crate::system::import::package_name_for(&name) {
            name = full;
        }
        if !(*def).m_slots.is_null() {
            return Err(err::system_error(&format!(
                "module {name}: PyModule_Create is incompatible with m_slots"
            )));
        }
        let n = unicode::from_str(&name)?;
        let m = module::new(n.as_ptr())?;
        let mo = m.as_ptr() as *mut PyModuleObject;
        if (*def).m_size > 0 {
            let st = lifecycle::mem::alloc_zeroed((*def).m_size as usize);
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
        add_functions_named(m, defs, name.as_ptr())
    }
}

/// Binds each function of `defs` to `m` (whose module name is `modname`)
/// and sets it as an attribute of `m`.
///
/// # Safety
/// `m` and `modname` live; `defs` as for [`add_functions`].
unsafe fn add_functions_named(
    m: *mut PyObject,
    defs: *mut PyMethodDef,
    modname: *mut PyObject,
) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let mut d = defs;
        while !(*d).ml_name.is_null() {
            if (*d).ml_flags & (meth::CLASS | meth::STATIC) != 0 {
                return Err(err::value_error(
                    "module functions cannot set METH_CLASS or METH_STATIC",
                ));
            }
            let f = crate::objects::methodobject::new_cmethod(d, m, modname, ptr::null_mut())?;
            let key = unicode::from_utf8(CStr::from_ptr((*d).ml_name).to_bytes())?;
            crate::protocols::abstract_::setattr(m, key.as_ptr(), f.as_ptr())?;
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
        crate::protocols::abstract_::setattr(m, k.as_ptr(), v.as_ptr())
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
            list::append(BY_INDEX, lifecycle::none())?;
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
        if m == lifecycle::none() {
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
        list::replace(BY_INDEX, index, new_ref(lifecycle::none()));
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
            lifecycle::mem::release((*mo).md_state as *mut u8);
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
