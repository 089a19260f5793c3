//! Calling objects through `tp_call` with CPython's result checks. The
//! vectorcall issue replaces the inside with the real protocol; callers use
//! [`call`] either way.

use crate::err::{self, PyResult};
use crate::object::*;
use crate::{dict, tuple, typeobj};

/// `PyObject_Call(callable, args, kwargs)`: `args` a tuple, `kwargs` NULL or
/// a dict. A NULL result without an exception, or a result with one set,
/// becomes `SystemError` with CPython's messages.
///
/// # Safety
/// `callable` and `args` live; `kwargs` NULL or live.
pub unsafe fn call(
    callable: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> PyResult<Owned> {
    // SAFETY: forwarded; argument types are checked before the slot runs.
    unsafe {
        if !tuple::check(args) {
            return Err(err::type_error("argument list must be a tuple"));
        }
        if !kwargs.is_null() && !dict::check(kwargs) {
            return Err(err::type_error("keyword list must be a dictionary"));
        }
        let Some(f) = (*(*callable).ob_type).tp_call else {
            return Err(err::type_error(&format!(
                "'{}' object is not callable",
                typeobj::full_name((*callable).ob_type)
            )));
        };
        let r = f(callable, args, kwargs);
        check_result(callable, r)
    }
}

/// [`check_result`] for callables described by name (C functions called
/// with their own convention), with CPython's messages.
///
/// # Safety
/// `r` NULL or a new reference.
pub unsafe fn check_result_named(name: &str, r: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let occurred = !err::occurred().is_null();
        if r.is_null() {
            if !occurred {
                return Err(err::system_error(&format!(
                    "{name} returned NULL without setting an exception"
                )));
            }
            return Err(err::Raised::assume());
        }
        if occurred {
            decref(r);
            let exc = err::take();
            let raised =
                err::system_error(&format!("{name} returned a result with an exception set"));
            let cur = err::take();
            if !cur.is_null() {
                let e = cur as *mut crate::exceptions::PyBaseExceptionObject;
                clear_slot(std::ptr::addr_of_mut!((*e).context));
                (*e).context = exc;
                err::restore(cur);
            } else {
                xdecref(exc);
            }
            return Err(raised);
        }
        Ok(Owned::from_raw(r))
    }
}

/// `_Py_CheckFunctionResult`.
///
/// # Safety
/// `callable` live; `r` NULL or a new reference.
pub unsafe fn check_result(callable: *mut PyObject, r: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let occurred = !err::occurred().is_null();
        if r.is_null() {
            if !occurred {
                let rep = crate::abstract_::repr_string(callable).unwrap_or_default();
                return Err(err::system_error(&format!(
                    "{rep} returned NULL without setting an exception"
                )));
            }
            return Err(err::Raised::assume());
        }
        if occurred {
            let exc = err::take();
            decref(r);
            let rep = crate::abstract_::repr_string(callable).unwrap_or_default();
            // The new SystemError's context is the stray exception.
            let raised =
                err::system_error(&format!("{rep} returned a result with an exception set"));
            let cur = err::take();
            if !cur.is_null() {
                let e = cur as *mut crate::exceptions::PyBaseExceptionObject;
                clear_slot(std::ptr::addr_of_mut!((*e).context));
                (*e).context = exc;
                err::restore(cur);
            } else {
                xdecref(exc);
            }
            return Err(raised);
        }
        Ok(Owned::from_raw(r))
    }
}

/// Calls with arguments given as a built value: a tuple is the argument
/// list, NULL means none, anything else is the single argument (the rule of
/// `PyObject_CallFunction` and `PyObject_CallMethod`).
///
/// # Safety
/// `callable` live; `built` NULL or live.
pub unsafe fn call_with_built(callable: *mut PyObject, built: Option<Owned>) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let args = match built {
            None => tuple::new(0)?,
            Some(b) if tuple::check(b.as_ptr()) => b,
            Some(b) => tuple::new_from(&[b.as_ptr()])?,
        };
        call(callable, args.as_ptr(), std::ptr::null_mut())
    }
}
