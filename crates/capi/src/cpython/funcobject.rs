//! `cpython/funcobject.h`: function objects.

use crate::boundary::*;
use crate::export;
use ophis_core::code::funcobject::{self as fo, Field, PyFunctionObject};
use ophis_core::objects::object::PyObject;
use ophis_core::objects::typeobj::vectorcallfunc;
use std::ffi::c_int;

export! {
    /// `PyFunction_New(code, globals)`.
    fn PyFunction_New(code: *mut PyObject, globals: *mut PyObject) -> *mut PyObject {
        obj(fo::new(code, globals, std::ptr::null_mut()))
    }
}
export! {
    /// `PyFunction_NewWithQualName(code, globals, qualname)`.
    fn PyFunction_NewWithQualName(code: *mut PyObject, globals: *mut PyObject, qualname: *mut PyObject) -> *mut PyObject {
        obj(fo::new(code, globals, qualname))
    }
}

macro_rules! getter {
    ($name:ident, $field:ident) => {
        export! {
            #[doc = concat!("`", stringify!($name), "`: borrowed (NULL when unset).")]
            fn $name(op: *mut PyObject) -> *mut PyObject {
                match fo::checked(op) {
                    Ok(f) => (*f).$field,
                    Err(_) => std::ptr::null_mut(),
                }
            }
        }
    };
}
getter!(PyFunction_GetCode, func_code);
getter!(PyFunction_GetGlobals, func_globals);
getter!(PyFunction_GetModule, func_module);
getter!(PyFunction_GetDefaults, func_defaults);
getter!(PyFunction_GetKwDefaults, func_kwdefaults);
getter!(PyFunction_GetClosure, func_closure);
export! {
    /// `PyFunction_GetAnnotations`: borrowed (NULL when unset); a tuple of
    /// name/value pairs from `MAKE_FUNCTION` is made a dict first.
    fn PyFunction_GetAnnotations(op: *mut PyObject) -> *mut PyObject {
        match fo::checked(op) {
            Ok(f) => fo::annotations_dict(f).unwrap_or(std::ptr::null_mut()),
            Err(_) => std::ptr::null_mut(),
        }
    }
}

macro_rules! setter {
    ($name:ident, $field:ident) => {
        export! {
            #[doc = concat!("`", stringify!($name), "`: None clears; 0 or -1.")]
            fn $name(op: *mut PyObject, v: *mut PyObject) -> c_int {
                status(fo::set_field(op, Field::$field, v))
            }
        }
    };
}
setter!(PyFunction_SetDefaults, Defaults);
setter!(PyFunction_SetKwDefaults, KwDefaults);
setter!(PyFunction_SetClosure, Closure);
setter!(PyFunction_SetAnnotations, Annotations);

export! {
    /// `PyFunction_SetVectorcall(func, vc)`: a bad argument leaves
    /// `SystemError` set (the function returns nothing).
    fn PyFunction_SetVectorcall(f: *mut PyFunctionObject, vc: vectorcallfunc) {
        let _ = fo::set_vectorcall(f as *mut PyObject, vc);
    }
}
export! {
    /// `PyFunction_AddWatcher`: the lowest free id, or -1 with
    /// `RuntimeError` (all 8 taken) or `ValueError` (a NULL callback, which
    /// would crash CPython at the next function event).
    fn PyFunction_AddWatcher(cb: Option<ophis_core::runtime::watchers::FuncWatchCallback>) -> c_int {
        ophis_core::runtime::watchers::func_add_watcher(cb).unwrap_or(-1)
    }
}
export! {
    /// `PyFunction_ClearWatcher`.
    fn PyFunction_ClearWatcher(id: c_int) -> c_int { status(ophis_core::runtime::watchers::func_clear_watcher(id)) }
}
export! {
    /// `PyClassMethod_New(callable)`: a classmethod wrapping `callable`
    /// (borrowed); `SystemError` for NULL.
    fn PyClassMethod_New(callable: *mut PyObject) -> *mut PyObject {
        if callable.is_null() { return bad_call(); }
        obj(ophis_core::objects::classmethod::new_classmethod(callable))
    }
}
export! {
    /// `PyStaticMethod_New(callable)`: a staticmethod wrapping `callable`
    /// (borrowed); `SystemError` for NULL.
    fn PyStaticMethod_New(callable: *mut PyObject) -> *mut PyObject {
        if callable.is_null() { return bad_call(); }
        obj(ophis_core::objects::classmethod::new_staticmethod(callable))
    }
}
