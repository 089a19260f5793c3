//! The `_imp` module of CPython 3.12.1, as far as `importlib`'s own
//! bootstrap needs it to import (`importlib.machinery`, and through it
//! `inspect`): `is_builtin`, `create_builtin`/`exec_builtin` over the
//! runtime's built-in modules, `is_frozen`/`find_frozen`/`is_frozen_package`
//! (there are no frozen modules), `extension_suffixes`, the import lock
//! functions (the runtime imports under the GIL), `check_hash_based_pycs`.
//! Ophis's import system is `system/import.rs`, not `importlib`: the
//! functions `importlib` needs only to load modules itself
//! (`create_dynamic`, `exec_dynamic`, `_fix_co_filename`, `source_hash`,
//! `get_frozen_object`, `init_frozen`) are absent, so using them raises
//! `AttributeError`.

use crate::objects::object::*;
use crate::objects::typeobj::{self, PyMethodDef};
use crate::objects::{list, long, module, unicode};
use crate::protocols::abstract_;
use crate::protocols::clinic::{def, fastcall, pos, pos_opt, Sig};
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use std::ptr;

/// The argument as a str (`TypeError` with CPython's message otherwise).
unsafe fn name_arg(v: *mut PyObject, func: &str) -> PyResult<String> {
    // SAFETY: a live argument.
    unsafe {
        if !unicode::check(v) {
            let got = if v == lifecycle::none() {
                "None".into()
            } else {
                typeobj::type_name_of(v)
            };
            return Err(err::type_error(&format!(
                "{func}() argument must be str, not {got}"
            )));
        }
        Ok(unicode::as_str(v).into_owned())
    }
}

fn none() -> Owned {
    // SAFETY: None lives for the runtime's life.
    unsafe { Owned::from_borrowed(lifecycle::none()) }
}

fastcall! {
    /// `_imp.is_builtin(name, /)`: -1 for `sys` and `builtins` (they
    /// cannot be initialized again), 1 for the other built-in modules, 0
    /// otherwise.
    fn imp_is_builtin(_m, a = Sig::new("is_builtin", &[pos("name")])) {
        let name = name_arg(a.req(0), "is_builtin")?;
        let v = if name == "sys" || name == "builtins" {
            -1
        } else if crate::objects::moduledef::builtin_module_names().contains(&name) {
            1
        } else {
            0
        };
        long::from_i64(v)
    }
}

fastcall! {
    /// `_imp.create_builtin(spec, /)`: the built-in module `spec.name`
    /// (the one in `sys.modules` when it is already imported), None when
    /// there is no such built-in module.
    fn imp_create_builtin(_m, a = Sig::new("create_builtin", &[pos("spec")])) {
        let key = unicode::intern("name")?;
        let name = abstract_::getattr(a.req(0), key.as_ptr())?;
        if !unicode::check(name.as_ptr()) {
            return Err(err::type_error(&format!(
                "name must be string, not {}",
                typeobj::type_name_of(name.as_ptr())
            )));
        }
        let name = unicode::as_str(name.as_ptr()).into_owned();
        if name == "sys" || name == "builtins"
            || crate::objects::moduledef::builtin_module_names().contains(&name)
        {
            return crate::system::import::import(&name);
        }
        Ok(none())
    }
}

fastcall! {
    /// `_imp.exec_builtin(mod, /)`: 0 (the runtime's built-in modules are
    /// executed when they are created).
    fn imp_exec_builtin(_m, _a = Sig::new("exec_builtin", &[pos("mod")])) {
        long::from_i64(0)
    }
}

fastcall! {
    /// `_imp.is_frozen(name, /)`: False (no frozen modules).
    fn imp_is_frozen(_m, a = Sig::new("is_frozen", &[pos("name")])) {
        name_arg(a.req(0), "is_frozen")?;
        Ok(long::bool_from(false))
    }
}

fastcall! {
    /// `_imp.is_frozen_package(name, /)`: `ImportError`, as for any module
    /// that is not frozen.
    fn imp_is_frozen_package(_m, a = Sig::new("is_frozen_package", &[pos("name")])) {
        let name = name_arg(a.req(0), "is_frozen_package")?;
        Err(err::raise(
            crate::objects::exceptions::Exc::ImportError,
            &format!("No such frozen object named '{name}'"),
        ))
    }
}

fastcall! {
    /// `_imp.find_frozen(name, /, *, withdata=False)`: None.
    fn imp_find_frozen(_m, a = Sig::new("find_frozen", &[pos("name"), crate::protocols::clinic::kw_opt("withdata")])) {
        name_arg(a.req(0), "find_frozen")?;
        Ok(none())
    }
}

fastcall! {
    /// `_imp.extension_suffixes()`: CPython 3.12's on Linux x86-64.
    fn imp_extension_suffixes(_m, _a = Sig::new("extension_suffixes", &[])) {
        let l = list::new(0)?;
        for s in [".cpython-312-x86_64-linux-gnu.so", ".abi3.so", ".so"] {
            let v = unicode::from_str(s)?;
            list::append(l.as_ptr(), v.as_ptr())?;
        }
        Ok(l)
    }
}

fastcall! {
    /// `_imp.acquire_lock()`: imports run under the GIL; nothing to take.
    fn imp_acquire_lock(_m, _a = Sig::new("acquire_lock", &[])) { Ok(none()) }
}

fastcall! {
    /// `_imp.release_lock()`.
    fn imp_release_lock(_m, _a = Sig::new("release_lock", &[])) { Ok(none()) }
}

fastcall! {
    /// `_imp.lock_held()`: False.
    fn imp_lock_held(_m, _a = Sig::new("lock_held", &[])) { Ok(long::bool_from(false)) }
}

fastcall! {
    /// `_imp._override_multi_interp_extensions_check(override, /)`: -1
    /// (the check is not overridden; there is one interpreter).
    fn imp_override_multi_interp(_m, a = Sig::new("_override_multi_interp_extensions_check", &[pos_opt("override")])) {
        let _ = a.get(0);
        long::from_i64(-1)
    }
}

static mut METHODS: [PyMethodDef; 12] = [
    def(c"is_builtin", imp_is_builtin),
    def(c"create_builtin", imp_create_builtin),
    def(c"exec_builtin", imp_exec_builtin),
    def(c"is_frozen", imp_is_frozen),
    def(c"is_frozen_package", imp_is_frozen_package),
    def(c"find_frozen", imp_find_frozen),
    def(c"extension_suffixes", imp_extension_suffixes),
    def(c"acquire_lock", imp_acquire_lock),
    def(c"release_lock", imp_release_lock),
    def(c"lock_held", imp_lock_held),
    def(
        c"_override_multi_interp_extensions_check",
        imp_override_multi_interp,
    ),
    typeobj::METHOD_END,
];

/// Creates the `_imp` module (for the builtin module table).
pub fn create_module() -> PyResult<Owned> {
    // SAFETY: the runtime is initialized and the GIL held; the method table
    // is static.
    unsafe {
        let name = unicode::intern("_imp")?;
        let m = module::new(name.as_ptr())?;
        let doc =
            unicode::from_str("(Extremely) low-level import machinery bits as used by importlib.")?;
        module::add_object_ref(m.as_ptr(), "__doc__", doc.as_ptr())?;
        let policy = unicode::from_str("default")?;
        module::add_object_ref(m.as_ptr(), "check_hash_based_pycs", policy.as_ptr())?;
        crate::objects::moduledef::add_functions(
            m.as_ptr(),
            ptr::addr_of_mut!(METHODS) as *mut PyMethodDef,
        )?;
        Ok(m)
    }
}
