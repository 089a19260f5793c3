//! `pyerrors.h`: the error indicator (`PyErr_Format` is in the C shim).

use crate::boundary::*;
use crate::export;
use ophis_core::exceptions::PyBaseExceptionObject;
use ophis_core::object::{self as o, PyObject};
use ophis_core::{call, err, tuple, typeobj};
use std::ffi::{c_char, c_int, CStr};
use std::ptr;

export! {
    /// `PyErr_SetString`.
    fn PyErr_SetString(exc: *mut PyObject, msg: *const c_char) {
        if msg.is_null() { let _ = err::set_object(exc, ptr::null_mut()); return; }
        let _ = err::set_string(exc, &CStr::from_ptr(msg).to_string_lossy());
    }
}
export! {
    /// `PyErr_SetNone`.
    fn PyErr_SetNone(exc: *mut PyObject) { let _ = err::set_object(exc, ptr::null_mut()); }
}
export! {
    /// `PyErr_SetObject`.
    fn PyErr_SetObject(exc: *mut PyObject, v: *mut PyObject) { let _ = err::set_object(exc, v); }
}
export! {
    /// `PyErr_Occurred`: the current exception's type, borrowed.
    fn PyErr_Occurred() -> *mut PyObject { err::occurred() }
}
export! {
    /// `PyErr_Clear`.
    fn PyErr_Clear() { err::clear() }
}
export! {
    /// `PyErr_GivenExceptionMatches`.
    fn PyErr_GivenExceptionMatches(given: *mut PyObject, exc: *mut PyObject) -> c_int {
        c_int::from(err::given_matches(given, exc))
    }
}
export! {
    /// `PyErr_ExceptionMatches`.
    fn PyErr_ExceptionMatches(exc: *mut PyObject) -> c_int {
        c_int::from(err::given_matches(err::occurred(), exc))
    }
}
export! {
    /// `PyErr_BadInternalCall`.
    fn PyErr_BadInternalCall() { let _ = err::bad_argument(); }
}
export! {
    /// `_PyErr_BadInternalCall` (what the `PyErr_BadInternalCall()` macro calls).
    fn _PyErr_BadInternalCall(file: *const c_char, line: c_int) {
        let f = if file.is_null() { "?".into() } else { cstr(file) };
        let _ = err::bad_internal_call(&f, line);
    }
}
export! {
    /// `PyErr_NoMemory`.
    fn PyErr_NoMemory() -> *mut PyObject { let _ = err::no_memory(); ptr::null_mut() }
}
export! {
    /// `PyErr_GetRaisedException`: the current exception (new reference) or NULL.
    fn PyErr_GetRaisedException() -> *mut PyObject { err::take() }
}
export! {
    /// `PyErr_SetRaisedException`: steals `exc`. Ophis refuses a non-exception
    /// with `SystemError` (CPython would store it as is).
    fn PyErr_SetRaisedException(exc: *mut PyObject) {
        if !exc.is_null() && !err::is_exception_instance(exc) {
            let tn = typeobj::type_name_of(exc);
            o::decref(exc);
            let _ = err::system_error(&format!(
                "PyErr_SetRaisedException() expects an exception instance, not '{tn}'"));
            return;
        }
        err::restore(exc)
    }
}
export! {
    /// `PyErr_Fetch`: the legacy (type, value, traceback) view.
    fn PyErr_Fetch(ptype: *mut *mut PyObject, pvalue: *mut *mut PyObject, ptb: *mut *mut PyObject) {
        let exc = err::take();
        let (t, tb) = if exc.is_null() {
            (ptr::null_mut(), ptr::null_mut())
        } else {
            let t = o::new_ref((*exc).ob_type as *mut PyObject);
            let tb = (*(exc as *mut PyBaseExceptionObject)).traceback;
            o::xincref(tb);
            (t, tb)
        };
        if !ptype.is_null() { *ptype = t } else { o::xdecref(t) }
        if !pvalue.is_null() { *pvalue = exc } else { o::xdecref(exc) }
        if !ptb.is_null() { *ptb = tb } else { o::xdecref(tb) }
    }
}
export! {
    /// `PyErr_Restore`: steals all three; the value is normalized to an
    /// instance of the type.
    fn PyErr_Restore(t: *mut PyObject, v: *mut PyObject, tb: *mut PyObject) {
        if t.is_null() {
            o::xdecref(v);
            o::xdecref(tb);
            err::clear();
            return;
        }
        let exc = if !v.is_null() && err::is_exception_instance(v)
            && (*v).ob_type as *mut PyObject == t {
            v
        } else {
            let args = if v.is_null() || v == ophis_core::runtime::none() {
                tuple::new(0)
            } else if tuple::check(v) {
                Ok(o::Owned::from_borrowed(v))
            } else {
                tuple::new_from(&[v])
            };
            let inst = args.and_then(|a| call::call(t, a.as_ptr(), ptr::null_mut()));
            o::xdecref(v);
            match inst {
                Ok(i) => i.into_raw(),
                Err(_) => { o::decref(t); o::xdecref(tb); return; }
            }
        };
        o::decref(t);
        if err::is_exception_instance(exc) {
            let e = exc as *mut PyBaseExceptionObject;
            let old = (*e).traceback;
            (*e).traceback = tb;
            o::xdecref(old);
        } else {
            o::xdecref(tb);
        }
        err::restore(exc);
    }
}

/// The exception behind `PyException_*`'s `self`: CPython does not check
/// it; Ophis refuses anything but a `BaseException` instance with
/// `SystemError` instead of reading foreign memory.
unsafe fn exc_self(e: *mut PyObject) -> Option<*mut PyBaseExceptionObject> {
    // SAFETY: `e` NULL or live.
    if e.is_null() || !unsafe { err::is_exception_instance(e) } {
        let _ = err::bad_argument();
        return None;
    }
    Some(e as *mut PyBaseExceptionObject)
}

unsafe fn xnew(p: *mut PyObject) -> *mut PyObject {
    if p.is_null() {
        p
    } else {
        // SAFETY: `p` is live.
        unsafe { o::new_ref(p) }
    }
}

export! {
    /// `PyException_GetCause`: new reference or NULL.
    fn PyException_GetCause(e: *mut PyObject) -> *mut PyObject {
        match exc_self(e) { Some(x) => xnew((*x).cause), None => ptr::null_mut() }
    }
}
export! {
    /// `PyException_SetCause`: steals `cause` (NULL clears) and sets
    /// `__suppress_context__` either way.
    fn PyException_SetCause(e: *mut PyObject, cause: *mut PyObject) {
        let Some(x) = exc_self(e) else { o::xdecref(cause); return; };
        let old = std::mem::replace(&mut (*x).cause, cause);
        (*x).suppress_context = 1;
        o::xdecref(old);
    }
}
export! {
    /// `PyException_GetContext`: new reference or NULL.
    fn PyException_GetContext(e: *mut PyObject) -> *mut PyObject {
        match exc_self(e) { Some(x) => xnew((*x).context), None => ptr::null_mut() }
    }
}
export! {
    /// `PyException_SetContext`: steals `ctx` (NULL clears); no type or
    /// cycle check, as in CPython.
    fn PyException_SetContext(e: *mut PyObject, ctx: *mut PyObject) {
        let Some(x) = exc_self(e) else { o::xdecref(ctx); return; };
        let old = std::mem::replace(&mut (*x).context, ctx);
        o::xdecref(old);
    }
}
export! {
    /// `PyException_GetArgs`: new reference.
    fn PyException_GetArgs(e: *mut PyObject) -> *mut PyObject {
        match exc_self(e) { Some(x) => xnew((*x).args), None => ptr::null_mut() }
    }
}
export! {
    /// `PyException_SetArgs`: stores `args` as it is (borrowed).
    fn PyException_SetArgs(e: *mut PyObject, args: *mut PyObject) {
        let Some(x) = exc_self(e) else { return; };
        if args.is_null() { let _ = err::bad_argument(); return; }
        let old = std::mem::replace(&mut (*x).args, o::new_ref(args));
        o::xdecref(old);
    }
}
