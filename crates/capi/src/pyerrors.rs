//! `pyerrors.h`: the error indicator (`PyErr_Format` is in the C shim).

use crate::boundary::*;
use crate::export;
use ophis_core::objects::exceptions::PyBaseExceptionObject;
use ophis_core::objects::object::{self as o, PyObject, Py_ssize_t};
use ophis_core::{objects::typeobj, runtime::err};
use std::ffi::{c_char, c_int, CStr};
use std::ptr;

export! {
    /// `PyErr_SetString`.
    fn PyErr_SetString(exc: *mut PyObject, msg: *const c_char) {
        if msg.is_null() { let _ = err::set_object(exc, ptr::null_mut()); return; }
        // Decoded as PyUnicode_FromString does: invalid UTF-8 raises
        // UnicodeDecodeError instead.
        if let Ok(s) = ophis_core::objects::unicode::from_utf8(CStr::from_ptr(msg).to_bytes()) {
            let _ = err::set_object(exc, s.as_ptr());
        }
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
// The error-indicator primitives below only move a pointer in and out of
// the thread state (releasing a reference runs a C destructor at most), so
// like the reference-counting entry points they cannot panic and are plain
// exports without the boundary's landing pad.

/// `PyErr_Occurred`: the current exception's type, borrowed.
#[no_mangle]
pub extern "C" fn PyErr_Occurred() -> *mut PyObject {
    err::occurred()
}

/// `PyErr_Clear`.
#[no_mangle]
pub extern "C" fn PyErr_Clear() {
    err::clear()
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
/// `PyErr_GetRaisedException`: the current exception (new reference) or
/// NULL.
#[no_mangle]
pub extern "C" fn PyErr_GetRaisedException() -> *mut PyObject {
    err::take()
}

/// `PyErr_SetRaisedException`: steals `exc`. Ophis refuses a non-exception
/// with `SystemError` (CPython would store it as is); that path goes
/// through the panic boundary.
///
/// # Safety
/// `exc` NULL or an owned reference.
#[no_mangle]
pub unsafe extern "C" fn PyErr_SetRaisedException(exc: *mut PyObject) {
    // SAFETY: the C caller's contract: NULL or a reference it gives away.
    unsafe {
        if exc.is_null() || err::is_exception_instance(exc) {
            err::restore(exc);
            return;
        }
    }
    not_an_exception(exc)
}

#[cold]
#[inline(never)]
fn not_an_exception(exc: *mut PyObject) {
    guard("PyErr_SetRaisedException", || {
        // SAFETY: `exc` is a live object the caller gave away.
        unsafe {
            let tn = typeobj::type_name_of(exc);
            o::decref(exc);
            let _ = err::system_error(&format!(
                "PyErr_SetRaisedException() expects an exception instance, not '{tn}'"
            ));
        }
    })
}
unsafe fn put(p: *mut *mut PyObject, v: *mut PyObject) {
    // SAFETY: `p` NULL or writable; `v` NULL or owned.
    unsafe {
        if p.is_null() {
            o::xdecref(v)
        } else {
            *p = v
        }
    }
}

export! {
    /// `PyErr_Fetch`: the legacy (type, value, traceback) view, new
    /// references; clears the indicator.
    fn PyErr_Fetch(ptype: *mut *mut PyObject, pvalue: *mut *mut PyObject, ptb: *mut *mut PyObject) {
        let (t, v, tb) = err::fetch_triple();
        put(ptype, t);
        put(pvalue, v);
        put(ptb, tb);
    }
}
export! {
    /// `PyErr_Restore`: steals all three (see `err::restore_triple`).
    fn PyErr_Restore(t: *mut PyObject, v: *mut PyObject, tb: *mut PyObject) {
        err::restore_triple(t, v, tb)
    }
}
export! {
    /// `PyErr_NormalizeException`: in/out owned references.
    fn PyErr_NormalizeException(t: *mut *mut PyObject, v: *mut *mut PyObject, tb: *mut *mut PyObject) {
        if t.is_null() || v.is_null() || tb.is_null() { let _ = err::bad_argument(); return; }
        err::normalize_triple(t, v, tb)
    }
}
export! {
    /// `PyErr_WriteUnraisable`: reports and clears the current exception
    /// through `sys.unraisablehook`.
    fn PyErr_WriteUnraisable(obj: *mut PyObject) { err::write_unraisable(obj) }
}
export! {
    /// `PyErr_GetHandledException`: new reference or NULL (never None).
    fn PyErr_GetHandledException() -> *mut PyObject { err::handled() }
}
export! {
    /// `PyErr_SetHandledException`: borrows; NULL or None clears.
    fn PyErr_SetHandledException(exc: *mut PyObject) { err::set_handled(exc) }
}
export! {
    /// `PyErr_GetExcInfo`: new references; None for absent type and
    /// traceback, NULL for an absent value (as CPython 3.12).
    fn PyErr_GetExcInfo(pt: *mut *mut PyObject, pv: *mut *mut PyObject, ptb: *mut *mut PyObject) {
        let (t, v, tb) = err::exc_info();
        put(pt, t);
        put(pv, v);
        put(ptb, tb);
    }
}
export! {
    /// `PyErr_SetExcInfo`: steals all three; only the value is used.
    fn PyErr_SetExcInfo(t: *mut PyObject, v: *mut PyObject, tb: *mut PyObject) {
        err::set_handled(v);
        o::xdecref(t);
        o::xdecref(v);
        o::xdecref(tb);
    }
}
export! {
    /// `_PyErr_ChainExceptions1`: steals `exc`.
    fn _PyErr_ChainExceptions1(exc: *mut PyObject) { err::chain1(exc) }
}
export! {
    /// `_PyErr_ChainExceptions`: the triple form (steals all three).
    fn _PyErr_ChainExceptions(t: *mut PyObject, v: *mut PyObject, tb: *mut PyObject) {
        if t.is_null() { o::xdecref(v); o::xdecref(tb); return; }
        if !err::is_exception_class(t) {
            let r = ophis_core::protocols::abstract_::repr_string(t).unwrap_or_default();
            o::decref(t); o::xdecref(v); o::xdecref(tb);
            let _ = err::system_error(&format!(
                "_PyErr_ChainExceptions: exception {r} is not a BaseException subclass"));
            return;
        }
        if err::occurred().is_null() {
            err::restore_triple(t, v, tb);
            return;
        }
        let (mut t, mut v, mut tb) = (t, v, tb);
        err::normalize_triple(&mut t, &mut v, &mut tb);
        if !tb.is_null() && tb == ophis_core::runtime::lifecycle::none() {
            o::decref(tb);
            tb = std::ptr::null_mut();
        }
        if !tb.is_null() && !err::is_traceback(tb) {
            // CPython's PyException_SetTraceback refuses it, and that
            // TypeError replaces the pending exception.
            o::decref(tb); o::xdecref(t); o::xdecref(v);
            let _ = err::type_error("__traceback__ must be a traceback or None");
            return;
        }
        if !tb.is_null() && !v.is_null() && err::is_exception_instance(v) {
            let e = v as *mut PyBaseExceptionObject;
            let old = std::mem::replace(&mut (*e).traceback, tb);
            o::xdecref(old);
        } else {
            o::xdecref(tb);
        }
        o::xdecref(t);
        let cur = err::take();
        if !cur.is_null() && err::is_exception_instance(cur) {
            let e = cur as *mut PyBaseExceptionObject;
            let old = std::mem::replace(&mut (*e).context, v);
            o::xdecref(old);
        } else {
            o::xdecref(v);
        }
        err::restore(cur);
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
    /// `PyException_GetTraceback`: new reference or NULL.
    fn PyException_GetTraceback(e: *mut PyObject) -> *mut PyObject {
        match exc_self(e) { Some(x) => xnew((*x).traceback), None => ptr::null_mut() }
    }
}
export! {
    /// `PyException_SetTraceback`: None clears; anything but a traceback is
    /// a `TypeError`. Borrows `tb`.
    fn PyException_SetTraceback(e: *mut PyObject, tb: *mut PyObject) -> c_int {
        let Some(x) = exc_self(e) else { return -1 };
        if tb.is_null() || (tb != ophis_core::runtime::lifecycle::none() && !err::is_traceback(tb)) {
            let _ = err::type_error("__traceback__ must be a traceback or None");
            return -1;
        }
        let new = if tb == ophis_core::runtime::lifecycle::none() { ptr::null_mut() } else { o::new_ref(tb) };
        let old = std::mem::replace(&mut (*x).traceback, new);
        o::xdecref(old);
        0
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

export! {
    /// `PyErr_Print`: `PyErr_PrintEx(1)`.
    fn PyErr_Print() { ophis_core::runtime::report::print_ex(true) }
}
export! {
    /// `PyErr_PrintEx`: reports the current exception to `sys.stderr`.
    fn PyErr_PrintEx(set_sys_last_vars: c_int) { ophis_core::runtime::report::print_ex(set_sys_last_vars != 0) }
}
export! {
    /// `PyErr_DisplayException`: the report of `exc` on `sys.stderr`.
    fn PyErr_DisplayException(exc: *mut PyObject) {
        if !exc.is_null() { ophis_core::runtime::report::display(exc) }
    }
}
export! {
    /// `PyErr_Display(type, value, tb)`: the report of `value`.
    fn PyErr_Display(_t: *mut PyObject, v: *mut PyObject, tb: *mut PyObject) {
        ophis_core::runtime::report::display_value(v, tb)
    }
}
export! {
    /// `PyErr_WarnEx`: 0, or -1 with an exception.
    fn PyErr_WarnEx(category: *mut PyObject, text: *const c_char, _stacklevel: Py_ssize_t) -> c_int {
        if text.is_null() { return bad_call(); }
        status(ophis_core::runtime::report::warn(category, &CStr::from_ptr(text).to_string_lossy()))
    }
}
export! {
    /// `PyErr_SetFromErrno`: always NULL.
    fn PyErr_SetFromErrno(t: *mut PyObject) -> *mut PyObject {
        if t.is_null() { return bad_call(); }
        ophis_core::runtime::report::set_from_errno(t, ptr::null_mut(), ptr::null_mut()).into()
    }
}
export! {
    /// `PyErr_SetFromErrnoWithFilenameObject`: always NULL.
    fn PyErr_SetFromErrnoWithFilenameObject(t: *mut PyObject, f: *mut PyObject) -> *mut PyObject {
        if t.is_null() { return bad_call(); }
        ophis_core::runtime::report::set_from_errno(t, f, ptr::null_mut()).into()
    }
}
export! {
    /// `PyErr_SetFromErrnoWithFilenameObjects`: always NULL.
    fn PyErr_SetFromErrnoWithFilenameObjects(t: *mut PyObject, f1: *mut PyObject, f2: *mut PyObject) -> *mut PyObject {
        if t.is_null() { return bad_call(); }
        ophis_core::runtime::report::set_from_errno(t, f1, f2).into()
    }
}
export! {
    /// `PyErr_SetFromErrnoWithFilename`: the file name as a C string
    /// (UTF-8); always NULL.
    fn PyErr_SetFromErrnoWithFilename(t: *mut PyObject, f: *const c_char) -> *mut PyObject {
        if t.is_null() { return bad_call(); }
        // Read errno before anything else can change it.
        let saved = std::io::Error::last_os_error();
        let name = if f.is_null() {
            None
        } else {
            match ophis_core::objects::unicode::from_utf8(CStr::from_ptr(f).to_bytes()) {
                Ok(n) => Some(n),
                Err(_) => return ptr::null_mut(),
            }
        };
        restore_errno(saved);
        let fp = name.as_ref().map_or(ptr::null_mut(), |n| n.as_ptr());
        ophis_core::runtime::report::set_from_errno(t, fp, ptr::null_mut()).into()
    }
}
export! {
    /// `PyErr_NewException(name, base, dict)`.
    fn PyErr_NewException(name: *const c_char, base: *mut PyObject, dict: *mut PyObject) -> *mut PyObject {
        if name.is_null() { return bad_call(); }
        obj(ophis_core::runtime::report::new_exception(CStr::from_ptr(name), None, base, dict))
    }
}
export! {
    /// `PyErr_NewExceptionWithDoc(name, doc, base, dict)`.
    fn PyErr_NewExceptionWithDoc(name: *const c_char, doc: *const c_char, base: *mut PyObject, dict: *mut PyObject) -> *mut PyObject {
        if name.is_null() { return bad_call(); }
        let doc = if doc.is_null() { None } else { Some(CStr::from_ptr(doc)) };
        obj(ophis_core::runtime::report::new_exception(CStr::from_ptr(name), doc, base, dict))
    }
}

/// Puts back the `errno` a conversion may have overwritten.
fn restore_errno(e: std::io::Error) {
    extern "C" {
        fn __errno_location() -> *mut c_int;
    }
    if let Some(n) = e.raw_os_error() {
        // SAFETY: glibc's thread-local errno slot.
        unsafe { *__errno_location() = n };
    }
}
export! {
    /// `PyErr_BadArgument`: `TypeError("bad argument type for built-in
    /// operation")`; returns 0.
    fn PyErr_BadArgument() -> c_int {
        let _ = err::bad_argument_type();
        0
    }
}

export! {
    /// `PyErr_CheckSignals`: runs the handlers of arrived signals on the
    /// main thread (SIGINT's raises `KeyboardInterrupt`); -1 with the
    /// exception set when one raised.
    fn PyErr_CheckSignals() -> c_int {
        match ophis_core::runtime::signals::check() {
            Ok(()) => 0,
            Err(_) => -1,
        }
    }
}
export! {
    /// `PyErr_SetInterrupt`: simulates SIGINT's arrival.
    fn PyErr_SetInterrupt() {
        ophis_core::runtime::signals::set_interrupt(libc_sigint());
    }
}
export! {
    /// `PyErr_SetInterruptEx(signum)`: simulates `signum`'s arrival; -1
    /// for a number that is not a signal.
    fn PyErr_SetInterruptEx(signum: c_int) -> c_int {
        ophis_core::runtime::signals::set_interrupt(signum)
    }
}
export! {
    /// `PyOS_InterruptOccurred`: whether SIGINT arrived (main thread; the
    /// arrival is forgotten).
    fn PyOS_InterruptOccurred() -> c_int {
        c_int::from(ophis_core::runtime::signals::interrupt_occurred())
    }
}

/// SIGINT's number (2 on Linux).
const fn libc_sigint() -> c_int {
    2
}
