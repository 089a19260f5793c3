//! The import system's native part: `import a.b.c` for modules in
//! `sys.modules`, built-in modules of the inittab, and extension modules
//! from files on `sys.path` (or a package's `__path__`): for each directory
//! the names `mod.cpython-312-x86_64-linux-gnu.so`, `mod.abi3.so` and
//! `mod.so` are tried in CPython's order; the file is `dlopen`ed and its
//! `PyInit_mod` run with single-phase or multi-phase (PEP 489)
//! initialization, as CPython's extension loader does. A directory without
//! `__init__.py` is a namespace package. Modules get `__file__` and a
//! `__spec__` (a `ModuleSpec` with `name`, `loader`, `origin`,
//! `loader_state`, `submodule_search_locations`, `parent`,
//! `has_location`).
//!
//! Source modules (`mod.py`) and packages (`mod/__init__.py`, searched by
//! their `__path__`) are compiled with `ophis-compiler` and run by the
//! evaluator in the new module's namespace, which is in `sys.modules`
//! while it runs (so import cycles see the partial module) and removed
//! again if running fails, as CPython's `SourceFileLoader` does. Ophis
//! reads no `.pyc` and writes none (`__cached__` is None).

use crate::objects::exceptions::Exc;
use crate::objects::module;
use crate::objects::moduledef::{self, PyModuleDef};
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyTypeObject};
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::{
    objects::dict, objects::list, objects::unicode, protocols::abstract_, system::sysmodule,
};
use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::path::{Path, PathBuf};
use std::ptr;

/// The file-name suffixes of extension modules, in CPython 3.12's order on
/// x86-64 Linux (`importlib.machinery.EXTENSION_SUFFIXES`).
pub const EXTENSION_SUFFIXES: [&str; 3] = [".cpython-312-x86_64-linux-gnu.so", ".abi3.so", ".so"];

extern "C" {
    fn dlopen(filename: *const c_char, flags: c_int) -> *mut c_void;
    fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
    fn dlerror() -> *mut c_char;
}
const RTLD_NOW: c_int = 2;

/// A `ModuleSpec`: an object whose attributes live in its dict.
#[repr(C)]
struct Spec {
    ob_base: PyObject,
    dict: *mut PyObject,
}

static mut SPEC_TYPE: *mut PyTypeObject = ptr::null_mut();
static mut LOADER_TYPE: *mut PyTypeObject = ptr::null_mut();
static mut SOURCE_LOADER_TYPE: *mut PyTypeObject = ptr::null_mut();
static mut BUILTIN_IMPORTER: *mut PyTypeObject = ptr::null_mut();

/// Creates the `ModuleSpec`, `ExtensionFileLoader` and `SourceFileLoader`
/// types. Start-up only.
pub(crate) unsafe fn init_types() -> PyResult<()> {
    // SAFETY: start-up, exclusive access.
    unsafe {
        for (slot, name, repr) in [
            (
                ptr::addr_of_mut!(SPEC_TYPE),
                c"ModuleSpec",
                spec_repr as unsafe extern "C" fn(*mut PyObject) -> *mut PyObject,
            ),
            (
                ptr::addr_of_mut!(LOADER_TYPE),
                c"ExtensionFileLoader",
                loader_repr,
            ),
            (
                ptr::addr_of_mut!(SOURCE_LOADER_TYPE),
                c"SourceFileLoader",
                source_loader_repr,
            ),
        ] {
            let t = lifecycle::leak_type();
            (*t).tp_name = name.as_ptr();
            (*t).tp_basicsize = std::mem::size_of::<Spec>() as isize;
            (*t).tp_flags = flags::DEFAULT | flags::HAVE_GC;
            (*t).tp_dictoffset = std::mem::offset_of!(Spec, dict) as isize;
            (*t).tp_dealloc = Some(spec_dealloc);
            (*t).tp_traverse = Some(spec_traverse);
            (*t).tp_clear = Some(spec_clear);
            (*t).tp_repr = Some(repr);
            (*t).tp_getattro = lifecycle::c_api_slots().getattro;
            (*t).tp_setattro = lifecycle::c_api_slots().setattro;
            typeobj::ready_static(t)?;
            *slot = t;
        }
        let t = lifecycle::leak_type();
        (*t).tp_name = c"_frozen_importlib.BuiltinImporter".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<PyObject>() as isize;
        (*t).tp_flags = flags::DEFAULT;
        typeobj::ready_static(t)?;
        BUILTIN_IMPORTER = t;
        Ok(())
    }
}

unsafe extern "C" fn spec_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        crate::runtime::gc::untrack(op);
        clear_slot(ptr::addr_of_mut!((*(op as *mut Spec)).dict));
        crate::runtime::alloc::free_object(op);
    }
}

unsafe extern "C" fn spec_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a live spec.
    unsafe {
        let d = (*(op as *mut Spec)).dict;
        if !d.is_null() {
            if let Some(v) = visit {
                return v(d, arg);
            }
        }
        0
    }
}

unsafe extern "C" fn spec_clear(op: *mut PyObject) -> c_int {
    // SAFETY: slot on a live spec.
    unsafe { clear_slot(ptr::addr_of_mut!((*(op as *mut Spec)).dict)) };
    0
}

/// `obj.name` from the object's dict, if present.
unsafe fn field(op: *mut PyObject, name: &str) -> Option<*mut PyObject> {
    // SAFETY: `op` is a spec or loader with a dict.
    unsafe {
        let d = (*(op as *mut Spec)).dict;
        if d.is_null() {
            return None;
        }
        let k = unicode::intern(name).ok()?;
        dict::get(d, k.as_ptr()).ok().flatten()
    }
}

unsafe extern "C" fn spec_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live spec.
    unsafe {
        let r = (|| -> PyResult<Owned> {
            let mut parts = Vec::new();
            for (k, always) in [("name", true), ("loader", true), ("origin", false)] {
                match field(op, k) {
                    Some(v) if always || v != lifecycle::none() => {
                        parts.push(format!("{k}={}", abstract_::repr_string(v)?))
                    }
                    _ => {}
                }
            }
            if let Some(l) = field(op, "submodule_search_locations") {
                if l != lifecycle::none() {
                    parts.push(format!(
                        "submodule_search_locations={}",
                        abstract_::repr_string(l)?
                    ));
                }
            }
            unicode::from_str(&format!("ModuleSpec({})", parts.join(", ")))
        })();
        err::into_ptr(r)
    }
}

unsafe extern "C" fn loader_repr(_op: *mut PyObject) -> *mut PyObject {
    err::into_ptr(unicode::from_str(
        "<_frozen_importlib_external.ExtensionFileLoader object>",
    ))
}

unsafe extern "C" fn source_loader_repr(_op: *mut PyObject) -> *mut PyObject {
    err::into_ptr(unicode::from_str(
        "<_frozen_importlib_external.SourceFileLoader object>",
    ))
}

/// A new object of one of the spec and loader types with the given
/// attributes.
unsafe fn namespace(t: *mut PyTypeObject, attrs: &[(&str, *mut PyObject)]) -> PyResult<Owned> {
    // SAFETY: a fresh object whose dict is filled before anyone sees it.
    unsafe {
        let op = crate::runtime::alloc::new_object(t, std::mem::size_of::<Spec>())?;
        let o = Owned::from_raw(op);
        let d = dict::new()?;
        for (k, v) in attrs {
            let key = unicode::intern(k)?;
            dict::set(d.as_ptr(), key.as_ptr(), *v)?;
        }
        (*(op as *mut Spec)).dict = d.into_raw();
        crate::runtime::gc::track(op);
        Ok(o)
    }
}

/// A `ModuleSpec` for `name`: origin `origin` (a path, `"built-in"`, or
/// None), and for packages the directories to search.
///
/// # Safety
/// `loader` and `locations` live.
pub unsafe fn new_spec(
    name: &str,
    loader: *mut PyObject,
    origin: Option<&str>,
    locations: *mut PyObject,
) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let n = unicode::from_str(name)?;
        let o = match origin {
            Some(p) => unicode::from_str(p)?,
            None => Owned::from_borrowed(lifecycle::none()),
        };
        let parent = if locations != lifecycle::none() {
            n.clone()
        } else {
            unicode::from_str(name.rsplit_once('.').map_or("", |(p, _)| p))?
        };
        let has_location = crate::objects::long::bool_from(origin.is_some_and(|o| o != "built-in"));
        namespace(
            SPEC_TYPE,
            &[
                ("name", n.as_ptr()),
                ("loader", loader),
                ("origin", o.as_ptr()),
                ("loader_state", lifecycle::none()),
                ("submodule_search_locations", locations),
                ("cached", lifecycle::none()),
                ("parent", parent.as_ptr()),
                ("has_location", has_location.as_ptr()),
            ],
        )
    }
}

/// `import name` (dotted names import their parents first, and bind each
/// submodule as an attribute of its parent). Returns the module `name`
/// names, as `PyImport_ImportModule` does.
///
/// # Safety
/// The runtime is initialized.
pub unsafe fn import(name: &str) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if name.is_empty() {
            return Err(err::value_error("Empty module name"));
        }
        let key = unicode::from_str(name)?;
        if let Some(m) = dict::get(moduledef::modules(), key.as_ptr())? {
            if m == lifecycle::none() {
                return Err(not_found(
                    name,
                    &format!("import of {name} halted; None in sys.modules"),
                ));
            }
            return Ok(Owned::from_borrowed(m));
        }
        let (parent, leaf) = match name.rsplit_once('.') {
            Some((p, l)) => (Some(p), l),
            None => (None, name),
        };
        let search: Vec<String> = match parent {
            None => {
                if let Some(m) = moduledef::import_builtin(name)? {
                    return Ok(m);
                }
                sys_path()?
            }
            Some(p) => {
                let pm = import(p)?;
                let Some(path) = package_path(pm.as_ptr())? else {
                    return Err(not_found(
                        name,
                        &format!("No module named '{name}'; '{p}' is not a package"),
                    ));
                };
                // The parent's import may have imported us.
                if let Some(m) = dict::get(moduledef::modules(), key.as_ptr())? {
                    return Ok(Owned::from_borrowed(m));
                }
                path
            }
        };
        let m = find_and_load(name, leaf, &search)?;
        if let Some(p) = parent {
            let pk = unicode::from_str(p)?;
            if let Some(pm) = dict::get(moduledef::modules(), pk.as_ptr())? {
                let lk = unicode::from_str(leaf)?;
                abstract_::setattr(pm, lk.as_ptr(), m.as_ptr())?;
            }
        }
        Ok(m)
    }
}

/// `ModuleNotFoundError(msg, name=name)`.
fn not_found(name: &str, msg: &str) -> err::Raised {
    import_error(Exc::ModuleNotFoundError, msg, name, None)
}

/// Raises `kind(msg)` with its `name` (and `path`) attributes set.
fn import_error(kind: Exc, msg: &str, name: &str, path: Option<&str>) -> err::Raised {
    let r = err::raise(kind, msg);
    // SAFETY: the exception just raised is a live ImportError instance.
    unsafe {
        let exc = err::take();
        let set = |k: &str, v: &str| -> PyResult<()> {
            let key = unicode::intern(k)?;
            let val = unicode::from_str(v)?;
            abstract_::setattr(exc, key.as_ptr(), val.as_ptr())
        };
        let _ = set("name", name);
        if let Some(p) = path {
            let _ = set("path", p);
        }
        err::clear();
        err::restore(exc);
    }
    r
}

/// The str entries of `sys.path` (others are skipped, as CPython's path
/// finder skips them).
unsafe fn sys_path() -> PyResult<Vec<String>> {
    // SAFETY: forwarded.
    unsafe {
        let p = sysmodule::get("path");
        if p.is_null() || !list::check(p) {
            return Err(err::raise(
                Exc::ImportError,
                "sys.path must be a list of directory names",
            ));
        }
        strings_of(p)
    }
}

/// The str items of a list or tuple.
unsafe fn strings_of(seq: *mut PyObject) -> PyResult<Vec<String>> {
    // SAFETY: forwarded.
    unsafe {
        let items = abstract_::collect(seq, "")?;
        Ok(items
            .iter()
            .filter(|i| unicode::check(i.as_ptr()))
            .map(|i| unicode::as_str(i.as_ptr()).into_owned())
            .collect())
    }
}

/// A package's `__path__`, or `None` for a plain module.
unsafe fn package_path(m: *mut PyObject) -> PyResult<Option<Vec<String>>> {
    // SAFETY: forwarded.
    unsafe {
        let k = unicode::intern("__path__")?;
        match abstract_::lookup_attr(m, k.as_ptr())? {
            Some(p) => Ok(Some(strings_of(p.as_ptr())?)),
            None => Ok(None),
        }
    }
}

/// Searches `dirs` for `leaf` and loads what it finds.
unsafe fn find_and_load(name: &str, leaf: &str, dirs: &[String]) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let mut namespace_dirs = Vec::new();
        for d in dirs {
            let dir = if d.is_empty() {
                Path::new(".")
            } else {
                Path::new(d)
            };
            let pkg = dir.join(leaf);
            if pkg.is_dir() {
                if pkg.join("__init__.py").is_file() {
                    return load_source(name, &pkg.join("__init__.py"), Some(&pkg));
                }
                if EXTENSION_SUFFIXES
                    .iter()
                    .any(|s| pkg.join(format!("__init__{s}")).is_file())
                {
                    return Err(import_error(
                        Exc::ImportError,
                        &format!("cannot import package '{name}': extension __init__ modules are not supported"),
                        name,
                        None,
                    ));
                }
                // A module file of the same name in this directory wins
                // over a namespace portion, as in CPython's FileFinder.
                if !has_module_file(dir, leaf) {
                    namespace_dirs.push(pkg.to_string_lossy().into_owned());
                    continue;
                }
            }
            for s in EXTENSION_SUFFIXES {
                let f = dir.join(format!("{leaf}{s}"));
                if f.is_file() {
                    return load_extension(name, &f);
                }
            }
            let f = dir.join(format!("{leaf}.py"));
            if f.is_file() {
                return load_source(name, &f, None);
            }
        }
        if !namespace_dirs.is_empty() {
            return namespace_package(name, &namespace_dirs);
        }
        Err(not_found(name, &format!("No module named '{name}'")))
    }
}

/// Whether `dir` holds an extension or source module named `leaf`.
fn has_module_file(dir: &Path, leaf: &str) -> bool {
    EXTENSION_SUFFIXES
        .iter()
        .chain([".py", ".pyc"].iter())
        .any(|s| dir.join(format!("{leaf}{s}")).is_file())
}

/// Loads the source module `name` from `file` (a package's
/// `__init__.py` when `package_dir` is given): a new module with
/// `__spec__`, `__file__`, `__cached__` None and, for a package,
/// `__path__`, in `sys.modules` while its code runs; removed again if
/// compiling or running fails.
unsafe fn load_source(name: &str, file: &Path, package_dir: Option<&Path>) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let shown = file.to_string_lossy().into_owned();
        let source = std::fs::read(file).map_err(|e| {
            import_error(
                Exc::ImportError,
                &format!("cannot read {shown}: {e}"),
                name,
                Some(&shown),
            )
        })?;
        let loader = namespace(
            SOURCE_LOADER_TYPE,
            &[
                ("name", unicode::from_str(name)?.as_ptr()),
                ("path", unicode::from_str(&shown)?.as_ptr()),
            ],
        )?;
        let locations = match package_dir {
            Some(d) => {
                let l = list::new(0)?;
                list::append(
                    l.as_ptr(),
                    unicode::from_str(&d.to_string_lossy())?.as_ptr(),
                )?;
                l
            }
            None => Owned::from_borrowed(lifecycle::none()),
        };
        let spec = new_spec(name, loader.as_ptr(), Some(&shown), locations.as_ptr())?;
        let key = unicode::from_str(name)?;
        let m = module::new(key.as_ptr())?;
        init_module_attrs(m.as_ptr(), spec.as_ptr())?;
        let d = module::dict_of(m.as_ptr());
        dict::set(
            d,
            unicode::intern("__cached__")?.as_ptr(),
            lifecycle::none(),
        )?;
        dict::set(
            d,
            unicode::intern("__builtins__")?.as_ptr(),
            crate::system::builtins::module(),
        )?;
        dict::set(moduledef::modules(), key.as_ptr(), m.as_ptr())?;
        let run = || -> PyResult<()> {
            let filename = unicode::from_str(&shown)?;
            let mut merged = 0;
            let code = crate::code::pythonrun::compile_source(
                &crate::code::pythonrun::Request {
                    source: &source,
                    filename: filename.as_ptr(),
                    start: crate::code::pythonrun::FILE_INPUT,
                    flags: 0,
                    optimize: -1,
                },
                &mut merged,
            )?;
            crate::code::ceval::eval_code(code.as_ptr(), d, d)?;
            Ok(())
        };
        if let Err(e) = run() {
            // The module leaves sys.modules (CPython's _bootstrap does the
            // same), keeping the exception.
            let exc = err::take();
            let _ = dict::del(moduledef::modules(), key.as_ptr());
            err::clear();
            err::restore(exc);
            return Err(e);
        }
        // The module may have replaced itself in sys.modules.
        match dict::get(moduledef::modules(), key.as_ptr())? {
            Some(v) => Ok(Owned::from_borrowed(v)),
            None => Err(import_error(
                Exc::ImportError,
                &format!("Loaded module {name} not found in sys.modules"),
                name,
                None,
            )),
        }
    }
}

/// A namespace package over `dirs`, registered in `sys.modules`.
unsafe fn namespace_package(name: &str, dirs: &[String]) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let n = unicode::from_str(name)?;
        let m = module::new(n.as_ptr())?;
        let path = list::new(0)?;
        for d in dirs {
            let s = unicode::from_str(d)?;
            list::append(path.as_ptr(), s.as_ptr())?;
        }
        let spec = new_spec(name, lifecycle::none(), None, path.as_ptr())?;
        init_module_attrs(m.as_ptr(), spec.as_ptr())?;
        // CPython 3.12 gives namespace packages `__file__ = None`.
        dict::set(
            module::dict_of(m.as_ptr()),
            unicode::intern("__file__")?.as_ptr(),
            lifecycle::none(),
        )?;
        dict::set(moduledef::modules(), n.as_ptr(), m.as_ptr())?;
        Ok(m)
    }
}

/// The text of `dlerror()`.
fn dl_error() -> String {
    // SAFETY: dlerror returns NULL or a NUL-terminated string.
    unsafe {
        let e = dlerror();
        if e.is_null() {
            "unknown dlopen error".into()
        } else {
            CStr::from_ptr(e).to_string_lossy().into_owned()
        }
    }
}

/// `_imp.create_dynamic` + `exec_dynamic`: loads the extension module
/// `name` from `path` and registers it in `sys.modules`.
///
/// # Safety
/// The runtime is initialized.
pub unsafe fn load_extension(name: &str, path: &Path) -> PyResult<Owned> {
    // SAFETY: forwarded; the init function follows its C contract.
    unsafe {
        let shown = path.to_string_lossy().into_owned();
        let leaf = name.rsplit('.').next().unwrap_or(name);
        if !leaf.is_ascii() {
            return Err(import_error(
                Exc::ImportError,
                &format!("Ophis cannot load extension modules with non-ASCII names ({name})"),
                name,
                Some(&shown),
            ));
        }
        let cpath = CString::new(path.as_os_str().as_encoded_bytes())
            .map_err(|_| err::value_error("embedded null byte"))?;
        let handle = dlopen(cpath.as_ptr(), RTLD_NOW);
        if handle.is_null() {
            return Err(import_error(
                Exc::ImportError,
                &dl_error(),
                name,
                Some(&shown),
            ));
        }
        let sym = CString::new(format!("PyInit_{leaf}"))
            .map_err(|_| err::value_error("embedded null byte"))?;
        let f = dlsym(handle, sym.as_ptr());
        if f.is_null() {
            return Err(import_error(
                Exc::ImportError,
                &format!("dynamic module does not define module export function (PyInit_{leaf})"),
                name,
                Some(&shown),
            ));
        }
        type Init = unsafe extern "C" fn() -> *mut PyObject;
        // SAFETY: `PyInit_*` has this signature by the extension ABI.
        let init = std::mem::transmute::<*mut c_void, Init>(f);
        let loader = namespace(
            LOADER_TYPE,
            &[
                ("name", unicode::from_str(name)?.as_ptr()),
                ("path", unicode::from_str(&shown)?.as_ptr()),
            ],
        )?;
        let spec = new_spec(name, loader.as_ptr(), Some(&shown), lifecycle::none())?;
        let r = with_package_context(name, || init());
        let m = initialized(name, r)?;
        let m = if moduledef::is_def(m.as_ptr()) {
            let def = m.as_ptr() as *mut PyModuleDef;
            let module = moduledef::from_def_and_spec(def, spec.as_ptr())?;
            init_module_attrs(module.as_ptr(), spec.as_ptr())?;
            let key = unicode::from_str(name)?;
            dict::set(moduledef::modules(), key.as_ptr(), module.as_ptr())?;
            if let Err(e) = if module::check(module.as_ptr()) {
                moduledef::exec_def(module.as_ptr(), def)
            } else {
                Ok(())
            } {
                let _ = dict::del(moduledef::modules(), key.as_ptr());
                return Err(e);
            }
            module
        } else {
            if !module::check(m.as_ptr()) {
                return Err(err::system_error(&format!(
                    "initialization of {leaf} did not return an extension module"
                )));
            }
            let def = moduledef::def_of(m.as_ptr());
            if !def.is_null() {
                moduledef::state_add(m.as_ptr(), def)?;
            }
            init_module_attrs(m.as_ptr(), spec.as_ptr())?;
            let key = unicode::from_str(name)?;
            dict::set(moduledef::modules(), key.as_ptr(), m.as_ptr())?;
            m
        };
        Ok(m)
    }
}

/// Checks an init function's result as CPython's loader does.
///
/// # Safety
/// `r` NULL or a new reference.
pub unsafe fn initialized(name: &str, r: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if r.is_null() {
            if err::occurred().is_null() {
                return Err(err::system_error(&format!(
                    "initialization of {} failed without raising an exception",
                    name.rsplit('.').next().unwrap_or(name)
                )));
            }
            return Err(err::Raised::assume());
        }
        let m = Owned::from_raw(r);
        if !err::occurred().is_null() {
            let cause = err::take();
            let e = err::system_error(&format!(
                "initialization of {} raised unreported exception",
                name.rsplit('.').next().unwrap_or(name)
            ));
            err::chain_cause(cause);
            return Err(e);
        }
        Ok(m)
    }
}

/// CPython's `_init_module_attrs` (without override): `__spec__`, and
/// `__name__`, `__loader__`, `__package__`, `__path__` and `__file__` where
/// the module does not have them yet (None counts as missing for the
/// loader and the package).
///
/// # Safety
/// `m` and `spec` live.
pub unsafe fn init_module_attrs(m: *mut PyObject, spec: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let get = |k: &str| -> PyResult<Option<Owned>> {
            let key = unicode::intern(k)?;
            abstract_::lookup_attr(m, key.as_ptr())
        };
        // Each assignment ignores AttributeError (an object that is not a
        // module may refuse attributes), as CPython's does.
        let set = |k: &str, v: *mut PyObject| -> PyResult<()> {
            let key = unicode::intern(k)?;
            match abstract_::setattr(m, key.as_ptr(), v) {
                Err(e)
                    if err::given_matches(
                        err::occurred(),
                        crate::objects::exceptions::get(Exc::AttributeError),
                    ) =>
                {
                    let _ = e;
                    err::clear();
                    Ok(())
                }
                r => r,
            }
        };
        let missing = |k: &str| -> PyResult<bool> {
            Ok(get(k)?.is_none_or(|v| v.as_ptr() == lifecycle::none()))
        };
        let sfield = |k: &str| field(spec, k).unwrap_or(lifecycle::none());
        if get("__name__")?.is_none() {
            set("__name__", sfield("name"))?;
        }
        if missing("__loader__")? {
            set("__loader__", sfield("loader"))?;
        }
        if missing("__package__")? {
            set("__package__", sfield("parent"))?;
        }
        set("__spec__", spec)?;
        let locations = sfield("submodule_search_locations");
        if locations != lifecycle::none() && get("__path__")?.is_none() {
            set("__path__", locations)?;
        }
        let has_location = field(spec, "has_location") == Some(lifecycle::true_());
        if has_location && get("__file__")?.is_none() {
            set("__file__", sfield("origin"))?;
        }
        Ok(())
    }
}

/// `_frozen_importlib.BuiltinImporter`, the loader of built-in modules
/// (a class, as in CPython).
pub fn builtin_importer() -> *mut PyObject {
    // SAFETY: written once at start-up.
    unsafe { BUILTIN_IMPORTER as *mut PyObject }
}

/// The dotted name that `PyModule_Create2` uses for a single-phase module
/// whose definition names only the last part (CPython's
/// `_Py_PackageContext`), while an init function runs.
static PACKAGE_CONTEXT: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

fn with_package_context<R>(name: &str, f: impl FnOnce() -> R) -> R {
    let old = PACKAGE_CONTEXT
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .replace(name.to_string());
    let r = f();
    *PACKAGE_CONTEXT.lock().unwrap_or_else(|e| e.into_inner()) = old;
    r
}

/// The full name for a module created as `short` while an init function
/// runs (consumed once, as CPython consumes `_Py_PackageContext`).
pub fn package_name_for(short: &str) -> Option<String> {
    let mut ctx = PACKAGE_CONTEXT.lock().unwrap_or_else(|e| e.into_inner());
    let full = ctx.as_deref()?;
    let (_, last) = full.rsplit_once('.')?;
    if last != short {
        return None;
    }
    ctx.take()
}

/// The prefix and exec prefix `PYTHONHOME` names (`PREFIX` or
/// `PREFIX:EXEC_PREFIX`, as CPython reads it), if it is set and not empty.
pub(crate) fn python_home() -> Option<(String, String)> {
    let home = std::env::var_os("PYTHONHOME")?;
    let home = home.to_string_lossy().into_owned();
    if home.is_empty() {
        return None;
    }
    Some(match home.split_once(':') {
        Some((p, e)) => (p.to_string(), e.to_string()),
        None => (home.clone(), home),
    })
}

/// Sets `sys.path` from `PYTHONPATH`, then, when `PYTHONHOME` is set,
/// the standard library's directories under it as CPython 3.12 lists
/// them (`PREFIX/lib/python312.zip`, `PREFIX/lib/python3.12`; the
/// `lib-dynload` directory of CPython's own extension modules is left
/// out). Start-up only.
pub(crate) unsafe fn init_sys_path() -> PyResult<()> {
    // SAFETY: start-up.
    unsafe {
        let l = list::new(0)?;
        let mut entries: Vec<String> = Vec::new();
        if let Some(pp) = std::env::var_os("PYTHONPATH") {
            for part in std::env::split_paths(&pp) {
                let p: PathBuf = part;
                entries.push(p.to_string_lossy().into_owned());
            }
        }
        if let Some((prefix, _)) = python_home() {
            entries.push(format!("{prefix}/lib/python312.zip"));
            entries.push(format!("{prefix}/lib/python3.12"));
        }
        for e in entries {
            let s = unicode::from_str(&e)?;
            list::append(l.as_ptr(), s.as_ptr())?;
        }
        let m = sysmodule::module();
        module::add_object_ref(m, "path", l.as_ptr())?;
        for (k, v) in [
            ("meta_path", list::new(0)?),
            ("path_hooks", list::new(0)?),
            ("path_importer_cache", dict::new()?),
        ] {
            module::add_object_ref(m, k, v.as_ptr())?;
        }
        Ok(())
    }
}

/// The absolute name of a relative import of `name` at `level` from the
/// module whose globals are `globals` (importlib's `_resolve_name`).
///
/// # Safety
/// `globals` NULL or live.
unsafe fn resolve_name(name: &str, globals: *mut PyObject, level: usize) -> PyResult<String> {
    // SAFETY: forwarded.
    unsafe {
        if globals.is_null() {
            return Err(err::raise(Exc::KeyError, "'__name__' not in globals"));
        }
        if !dict::check(globals) {
            return Err(err::type_error("globals must be a dict"));
        }
        let get = |k: &str| -> PyResult<Option<*mut PyObject>> {
            let key = unicode::intern(k)?;
            dict::get(globals, key.as_ptr())
        };
        let package = match get("__package__")?.filter(|&p| p != lifecycle::none()) {
            Some(p) => {
                if !unicode::check(p) {
                    return Err(err::type_error("package must be a string"));
                }
                unicode::as_str(p).into_owned()
            }
            None => match get("__spec__")?.filter(|&s| s != lifecycle::none()) {
                Some(spec) => {
                    let k = unicode::intern("parent")?;
                    let p = abstract_::getattr(spec, k.as_ptr())?;
                    if !unicode::check(p.as_ptr()) {
                        return Err(err::type_error("__spec__.parent must be a string"));
                    }
                    unicode::as_str(p.as_ptr()).into_owned()
                }
                None => {
                    let Some(n) = get("__name__")? else {
                        return Err(err::raise(Exc::KeyError, "'__name__' not in globals"));
                    };
                    if !unicode::check(n) {
                        return Err(err::type_error("__name__ must be a string"));
                    }
                    let n = unicode::as_str(n).into_owned();
                    if get("__path__")?.is_some() {
                        n
                    } else {
                        n.rsplit_once('.')
                            .map_or(String::new(), |(p, _)| p.to_string())
                    }
                }
            },
        };
        if package.is_empty() {
            return Err(err::raise(
                Exc::ImportError,
                "attempted relative import with no known parent package",
            ));
        }
        let mut base = package.as_str();
        for _ in 1..level {
            match base.rsplit_once('.') {
                Some((b, _)) => base = b,
                None => {
                    return Err(err::raise(
                        Exc::ImportError,
                        "attempted relative import beyond top-level package",
                    ))
                }
            }
        }
        Ok(if name.is_empty() {
            base.to_string()
        } else {
            format!("{base}.{name}")
        })
    }
}

/// `PyImport_ImportModuleLevelObject` (`__import__`): imports `name`
/// (relative to `globals`' package when `level` > 0) and returns the
/// top-level package without a `fromlist`, else the module itself, with
/// the submodules the `fromlist` names imported (importlib's
/// `_handle_fromlist`).
///
/// # Safety
/// `name` live; `globals` and `fromlist` NULL or live.
pub unsafe fn import_level(
    name: *mut PyObject,
    globals: *mut PyObject,
    fromlist: *mut PyObject,
    level: isize,
) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if !unicode::check(name) {
            return Err(err::type_error("module name must be a string"));
        }
        if level < 0 {
            return Err(err::value_error("level must be >= 0"));
        }
        let n = unicode::as_str(name).into_owned();
        let abs = if level > 0 {
            resolve_name(&n, globals, level as usize)?
        } else {
            if n.is_empty() {
                return Err(err::value_error("Empty module name"));
            }
            n.clone()
        };
        let m = import(&abs)?;
        let has_from =
            !fromlist.is_null() && fromlist != lifecycle::none() && abstract_::is_true(fromlist)?;
        if !has_from {
            if level == 0 || !n.is_empty() {
                if let Some(dot) = n.find('.') {
                    if level == 0 {
                        return import(&n[..dot]);
                    }
                    let cut = n.len() - dot;
                    let top = &abs[..abs.len() - cut];
                    let key = unicode::from_str(top)?;
                    return match dict::get(moduledef::modules(), key.as_ptr())? {
                        Some(t) => Ok(Owned::from_borrowed(t)),
                        None => Err(err::raise(
                            Exc::KeyError,
                            &format!("'{top}' not in sys.modules as expected"),
                        )),
                    };
                }
            }
            return Ok(m);
        }
        if package_path(m.as_ptr())?.is_some() {
            handle_fromlist(m.as_ptr(), fromlist, false)?;
        }
        Ok(m)
    }
}

/// Imports the submodules of package `m` that `fromlist` names and `m`
/// lacks (`*` follows `__all__`); a missing submodule is not an error.
unsafe fn handle_fromlist(
    m: *mut PyObject,
    fromlist: *mut PyObject,
    recursive: bool,
) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let k = unicode::intern("__name__")?;
        let pkg = abstract_::getattr(m, k.as_ptr())?;
        let pkg = unicode::as_str(pkg.as_ptr()).into_owned();
        for x in abstract_::collect(fromlist, "")? {
            let x = x.as_ptr();
            if !unicode::check(x) {
                let what = if recursive {
                    "``from list''"
                } else {
                    "Item in ``from list''"
                };
                return Err(err::type_error(&format!(
                    "{what} must be str, not {}",
                    typeobj::type_name_of(x)
                )));
            }
            let xs = unicode::as_str(x).into_owned();
            if xs == "*" {
                if !recursive {
                    let all = unicode::intern("__all__")?;
                    if let Some(a) = abstract_::lookup_attr(m, all.as_ptr())? {
                        handle_fromlist(m, a.as_ptr(), true)?;
                    }
                }
                continue;
            }
            if abstract_::lookup_attr(m, x)?.is_none() {
                let sub = format!("{pkg}.{xs}");
                if let Err(e) = import(&sub) {
                    // Only the submodule itself being missing is no error
                    // (importlib checks the exception's `name`): a module
                    // it imports that is missing propagates.
                    let exc = err::take();
                    let missing = err::given_matches(
                        exc,
                        crate::objects::exceptions::get(Exc::ModuleNotFoundError),
                    ) && {
                        let n = unicode::intern("name")?;
                        let r = match abstract_::lookup_attr(exc, n.as_ptr()) {
                            Ok(Some(v)) => {
                                unicode::check(v.as_ptr()) && unicode::as_str(v.as_ptr()) == sub
                            }
                            _ => false,
                        };
                        err::clear();
                        r
                    };
                    if !missing {
                        err::restore(exc);
                        return Err(e);
                    }
                    xdecref(exc);
                }
            }
        }
        Ok(())
    }
}

/// `PyImport_GetModule`: `sys.modules[name]` or NULL (no error when
/// missing).
///
/// # Safety
/// `name` live.
pub unsafe fn get_module(name: *mut PyObject) -> PyResult<Option<Owned>> {
    // SAFETY: forwarded.
    unsafe { Ok(dict::get(moduledef::modules(), name)?.map(|m| Owned::from_borrowed(m))) }
}
