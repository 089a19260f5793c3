//! The error indicator: how the core raises, inspects and clears the current
//! exception of the attached thread.
//!
//! Functions that can fail return [`PyResult`]; its error, [`Raised`], is a
//! token that says "an exception is now set on this thread", exactly
//! CPython's convention, so the facade maps `Err` to NULL / -1 without
//! touching the exception again.

use crate::exceptions::{self, Exc};
use crate::object::*;
use crate::typeobj::{self, flags, PyTypeObject};
use crate::{thread, tuple, unicode};
use std::ffi::c_int;
use std::ptr;

/// Proof that an exception is set on the current thread.
#[derive(Debug)]
#[must_use]
pub struct Raised(());

impl Raised {
    /// Asserts that an exception is already set (e.g. a C slot returned NULL).
    /// If none is, that is a contract violation of the slot; raise
    /// `SystemError` so the caller still sees a consistent state.
    #[inline]
    pub fn assume() -> Raised {
        if occurred().is_null() {
            return system_error("error return without exception set");
        }
        Raised(())
    }
}

/// The result of a fallible core operation.
pub type PyResult<T> = Result<T, Raised>;

impl From<Raised> for *mut PyObject {
    #[inline]
    fn from(_: Raised) -> *mut PyObject {
        ptr::null_mut()
    }
}

impl From<Raised> for c_int {
    #[inline]
    fn from(_: Raised) -> c_int {
        -1
    }
}

impl From<Raised> for isize {
    #[inline]
    fn from(_: Raised) -> isize {
        -1
    }
}

/// Converts a result into CPython's "new reference or NULL" convention.
#[inline]
pub fn into_ptr(r: PyResult<Owned>) -> *mut PyObject {
    match r {
        Ok(o) => o.into_raw(),
        Err(_) => ptr::null_mut(),
    }
}

/// Wraps a C-convention object result: NULL means an exception is set.
///
/// # Safety
/// `p` must be NULL or a new reference.
#[inline]
pub unsafe fn from_ptr(p: *mut PyObject) -> PyResult<Owned> {
    if p.is_null() {
        Err(Raised::assume())
    } else {
        // SAFETY: non-null new reference.
        Ok(unsafe { Owned::from_raw(p) })
    }
}

/// Stores `exc` (an owned exception instance) as the current exception,
/// dropping any previous one.
pub fn restore(exc: *mut PyObject) {
    let ts = thread::attached_or_fatal("PyErr_SetRaisedException");
    // SAFETY: attached thread state; `curexc` holds NULL or an owned reference.
    unsafe {
        let old = (*ts).curexc;
        (*ts).curexc = exc;
        xdecref(old);
    }
}

/// Takes the current exception, leaving none (`PyErr_GetRaisedException`).
pub fn take() -> *mut PyObject {
    let ts = thread::attached_or_fatal("PyErr_GetRaisedException");
    // SAFETY: attached thread state.
    unsafe { std::mem::replace(&mut (*ts).curexc, ptr::null_mut()) }
}

/// The type of the current exception, borrowed, or NULL (`PyErr_Occurred`).
#[inline]
pub fn occurred() -> *mut PyObject {
    let ts = thread::attached();
    if ts.is_null() {
        return ptr::null_mut();
    }
    // SAFETY: attached thread state; `curexc` is NULL or a live exception.
    unsafe {
        let e = (*ts).curexc;
        if e.is_null() {
            ptr::null_mut()
        } else {
            (*e).ob_type as *mut PyObject
        }
    }
}

/// Clears the current exception.
pub fn clear() {
    let ts = thread::attached();
    if ts.is_null() {
        return;
    }
    // SAFETY: attached thread state.
    unsafe { clear_slot(ptr::addr_of_mut!((*ts).curexc)) }
}

/// Whether `t` is an exception class (`PyExceptionClass_Check`).
///
/// # Safety
/// `t` must be live.
#[inline]
pub unsafe fn is_exception_class(t: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe {
        typeobj::is_type(t) && (*(t as *mut PyTypeObject)).tp_flags & flags::BASE_EXC_SUBCLASS != 0
    }
}

/// Whether `o` is an exception instance (`PyExceptionInstance_Check`).
///
/// # Safety
/// `o` must be live.
#[inline]
pub unsafe fn is_exception_instance(o: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { typeobj::has_flag(o, flags::BASE_EXC_SUBCLASS) }
}

/// `PyErr_SetObject`: raises `exc_type` with `value`: an instance of it is
/// used as is, a tuple becomes the arguments, NULL means no arguments,
/// anything else is the single argument.
///
/// # Safety
/// `exc_type` and `value` must be NULL or live.
pub unsafe fn set_object(exc_type: *mut PyObject, value: *mut PyObject) -> Raised {
    // SAFETY: forwarded liveness; we only call into the runtime.
    unsafe {
        if exc_type.is_null() || !is_exception_class(exc_type) {
            let r = if exc_type.is_null() {
                "NULL".to_string()
            } else {
                crate::abstract_::repr_string(exc_type).unwrap_or_else(|_| "?".into())
            };
            clear();
            return system_error(&format!(
                "_PyErr_SetObject: exception {r} is not a BaseException subclass"
            ));
        }
        let t = exc_type as *mut PyTypeObject;
        // The new exception replaces any pending one; creating it must not
        // run with that one still set.
        clear();
        let inst = if !value.is_null() && typeobj::is_subtype((*value).ob_type, t) {
            Owned::from_borrowed(value)
        } else {
            let args = if value.is_null() || value == crate::runtime::none() {
                tuple::new_from(&[])
            } else if crate::tuple::check(value) {
                Ok(Owned::from_borrowed(value))
            } else {
                tuple::new_from(&[value])
            };
            let Ok(args) = args else { return Raised(()) };
            match crate::call::call(exc_type, args.as_ptr(), ptr::null_mut()) {
                Ok(o) => o,
                Err(r) => return r,
            }
        };
        if !is_exception_instance(inst.as_ptr()) {
            let tn = typeobj::type_name_of(inst.as_ptr());
            let exn = typeobj::short_name(t);
            return type_error(&format!(
                "calling {exn} should have returned an instance of BaseException, not {tn}"
            ));
        }
        restore(inst.into_raw());
        Raised(())
    }
}

/// `PyErr_SetString`.
///
/// # Safety
/// `exc_type` must be NULL or live.
pub unsafe fn set_string(exc_type: *mut PyObject, msg: &str) -> Raised {
    match unicode::from_str(msg) {
        // SAFETY: forwarded.
        Ok(s) => unsafe { set_object(exc_type, s.as_ptr()) },
        Err(r) => r,
    }
}

/// Raises one of the standard exceptions with a message.
pub fn raise(kind: Exc, msg: &str) -> Raised {
    let t = exceptions::get(kind);
    if t.is_null() {
        // Start-up failed before the exception types exist.
        crate::runtime::fatal("Py_Initialize", &format!("{kind:?}: {msg}"));
    }
    // SAFETY: standard exception types are live for the whole runtime.
    unsafe { set_string(t, msg) }
}

/// Raises `TypeError(msg)`.
pub fn type_error(msg: &str) -> Raised {
    raise(Exc::TypeError, msg)
}

/// Raises `ValueError(msg)`.
pub fn value_error(msg: &str) -> Raised {
    raise(Exc::ValueError, msg)
}

/// Raises `SystemError(msg)`.
pub fn system_error(msg: &str) -> Raised {
    raise(Exc::SystemError, msg)
}

/// Raises `IndexError(msg)`.
pub fn index_error(msg: &str) -> Raised {
    raise(Exc::IndexError, msg)
}

/// Raises `OverflowError(msg)`.
pub fn overflow_error(msg: &str) -> Raised {
    raise(Exc::OverflowError, msg)
}

/// Raises `KeyError(key)`: the key is the single argument, as CPython.
///
/// # Safety
/// `key` must be live.
pub unsafe fn key_error(key: *mut PyObject) -> Raised {
    // SAFETY: forwarded; wrap in a tuple so a tuple key stays one argument.
    unsafe {
        match tuple::new_from(&[key]) {
            Ok(args) => set_object(exceptions::get(Exc::KeyError), args.as_ptr()),
            Err(r) => r,
        }
    }
}

/// `PyErr_NoMemory`: raises `MemoryError()`.
pub fn no_memory() -> Raised {
    // SAFETY: MemoryError is live; NULL value means no arguments.
    unsafe { set_object(exceptions::get(Exc::MemoryError), ptr::null_mut()) }
}

/// `PyErr_BadInternalCall`'s exception.
pub fn bad_internal_call(file: &str, line: i32) -> Raised {
    system_error(&format!("{file}:{line}: bad argument to internal function"))
}

/// `SystemError("bad argument to internal function")`, the message of
/// CPython's internal argument checks.
pub fn bad_argument() -> Raised {
    system_error("bad argument to internal function")
}

/// `PyErr_BadArgument`: `TypeError("bad argument type for built-in operation")`.
pub fn bad_argument_type() -> Raised {
    type_error("bad argument type for built-in operation")
}

/// `PyErr_GivenExceptionMatches`: whether `given` (a class or instance)
/// matches `exc` (a class or a possibly nested tuple of them).
///
/// # Safety
/// Both must be NULL or live.
pub unsafe fn given_matches(given: *mut PyObject, exc: *mut PyObject) -> bool {
    if given.is_null() || exc.is_null() {
        return false;
    }
    // SAFETY: both live.
    unsafe {
        if tuple::check(exc) {
            for i in 0..tuple::size(exc) {
                if given_matches(given, tuple::item(exc, i)) {
                    return true;
                }
            }
            return false;
        }
        let given = if is_exception_instance(given) {
            (*given).ob_type as *mut PyObject
        } else {
            given
        };
        if is_exception_class(given) && is_exception_class(exc) {
            return typeobj::is_subtype(given as *mut PyTypeObject, exc as *mut PyTypeObject);
        }
        given == exc
    }
}

/// Reports the current exception as unraisable (`PyErr_WriteUnraisable`)
/// and clears it: `Exception ignored in: <repr(obj)>` and the exception
/// line on stderr, CPython's default format. (`sys.unraisablehook` comes
/// with the exception-state work.)
///
/// # Safety
/// `obj` NULL or live.
pub unsafe fn write_unraisable(obj: *mut PyObject) {
    let exc = take();
    if exc.is_null() {
        return;
    }
    // SAFETY: forwarded; `exc` is owned here.
    unsafe {
        let ctx = if obj.is_null() {
            None
        } else {
            let r = crate::abstract_::repr_string(obj).ok();
            clear();
            r
        };
        let t = (*exc).ob_type;
        let name = typeobj::full_name(t);
        let msg = crate::abstract_::str(exc).map(|s| unicode::as_str(s.as_ptr()).into_owned());
        clear();
        let mut out = String::new();
        if let Some(c) = ctx {
            out.push_str(&format!("Exception ignored in: {c}\n"));
        }
        match msg {
            Ok(m) if !m.is_empty() => out.push_str(&format!("{name}: {m}\n")),
            _ => out.push_str(&format!("{name}\n")),
        }
        eprint!("{out}");
        decref(exc);
    }
}

/// Runs `f` with the current exception saved and restores it afterwards
/// (dropping whatever `f` left).
pub fn preserving<T>(f: impl FnOnce() -> T) -> T {
    let saved = take();
    let r = f();
    restore(saved);
    r
}
