//! The `builtins` module: the namespace functions look names up in last
//! (`func.__builtins__` when the globals have no `__builtins__`), holding
//! the builtin types, the singletons and the standard exceptions Ophis
//! has. Builtin *functions* (`len`, `print`, ...) arrive with the
//! evaluator.

use crate::err::PyResult;
use crate::exceptions::{self, TABLE};
use crate::object::*;
use crate::{dict, module, runtime, unicode};
use std::ptr;

static mut MODULE: *mut PyObject = ptr::null_mut();

/// Creates the module. Start-up only, after the types and exceptions.
pub(crate) unsafe fn init() -> PyResult<()> {
    // SAFETY: start-up; every object put in the dict is live.
    unsafe {
        let name = unicode::intern("builtins")?;
        let m = module::new(name.as_ptr())?;
        let d = module::dict_of(m.as_ptr());
        let put = |n: &str, v: *mut PyObject| -> PyResult<()> {
            let k = unicode::intern(n)?;
            dict::set(d, k.as_ptr(), v)
        };
        put("None", runtime::none())?;
        put("Ellipsis", runtime::ellipsis())?;
        put("NotImplemented", runtime::not_implemented())?;
        put("False", runtime::false_())?;
        put("True", runtime::true_())?;
        for (n, t) in [
            ("bool", runtime::bool_type()),
            ("bytes", runtime::bytes_type()),
            ("dict", runtime::dict_type()),
            ("float", runtime::float_type()),
            ("int", runtime::long_type()),
            ("list", runtime::list_type()),
            ("object", runtime::object_type()),
            ("range", runtime::range_type()),
            ("str", runtime::unicode_type()),
            ("super", runtime::super_type()),
            ("tuple", runtime::tuple_type()),
            ("type", runtime::type_type()),
        ] {
            put(n, t as *mut PyObject)?;
        }
        for (k, _) in TABLE {
            put(&exceptions::name(*k), exceptions::get(*k))?;
        }
        put("ExceptionGroup", exceptions::exception_group())?;
        MODULE = m.into_raw();
        Ok(())
    }
}

/// The `builtins` module (borrowed).
pub fn module() -> *mut PyObject {
    // SAFETY: written once at start-up.
    unsafe { MODULE }
}

/// The `builtins` namespace (borrowed).
pub fn dict() -> *mut PyObject {
    // SAFETY: the module lives for the process.
    unsafe { module::dict_of(module()) }
}

/// `PyImport_ImportModule`: a module of `sys.modules` or of the inittab
/// (a new reference); anything else is `ModuleNotFoundError`, as CPython
/// reports a module it cannot find.
pub fn import(name: &str) -> PyResult<Owned> {
    // SAFETY: the runtime is initialized (the callers hold the GIL).
    unsafe { crate::import::import(name) }
}
