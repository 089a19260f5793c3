//! The error indicator: how the core raises, inspects and clears the current
//! exception of the attached thread.
//!
//! Functions that can fail return [`PyResult`]; its error, [`Raised`], is a
//! token that says "an exception is now set on this thread", exactly
//! CPython's convention, so the facade maps `Err` to NULL / -1 without
//! touching the exception again.

use crate::objects::exceptions::{self, Exc};
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyTypeObject};
use crate::{objects::tuple, objects::unicode, runtime::thread};
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

/// The thread's exception state (the GIL holder's).
#[inline(always)]
fn state(func: &str) -> *mut ophis_exc::ExcState<Owned> {
    let ts = thread::attached_or_fatal(func);
    // SAFETY: the attached thread state lives while it is attached.
    unsafe { ptr::addr_of_mut!((*ts).exc) }
}

/// Exception objects as `ophis-exc` handles: `__context__` is the
/// `BaseException` field (objects of other types have none).
impl ophis_exc::Exception for Owned {
    #[inline]
    fn is(&self, other: &Self) -> bool {
        self.as_ptr() == other.as_ptr()
    }

    #[inline]
    fn is_none(&self) -> bool {
        self.as_ptr() == crate::runtime::lifecycle::none()
    }

    fn context(&self) -> Option<Self> {
        // SAFETY: a live object; the field is read only on exceptions.
        unsafe {
            if !is_exception_instance(self.as_ptr()) {
                return None;
            }
            let c = (*(self.as_ptr() as *mut exceptions::PyBaseExceptionObject)).context;
            (!c.is_null()).then(|| Owned::from_borrowed(c))
        }
    }

    fn set_context(&self, ctx: Option<Self>) {
        // SAFETY: a live exception; the field holds NULL or an owned
        // reference.
        unsafe {
            if !is_exception_instance(self.as_ptr()) {
                return;
            }
            let e = self.as_ptr() as *mut exceptions::PyBaseExceptionObject;
            let old = std::mem::replace(
                &mut (*e).context,
                ctx.map_or(ptr::null_mut(), Owned::into_raw),
            );
            xdecref(old);
        }
    }
}

/// Stores `exc` (NULL or an owned exception instance) as the current
/// exception without chaining, dropping any previous one
/// (`PyErr_SetRaisedException`).
///
/// # Safety
/// `exc` NULL or an owned reference (the state takes it).
pub unsafe fn restore(exc: *mut PyObject) {
    let st = state("PyErr_SetRaisedException");
    // SAFETY: `exc` is NULL or an owned reference; the old one is released
    // after the state no longer holds it.
    unsafe {
        let new = (!exc.is_null()).then(|| Owned::from_raw(exc));
        drop((*st).set_raised(new));
    }
}

/// Takes the current exception, leaving none (`PyErr_GetRaisedException`).
pub fn take() -> *mut PyObject {
    let st = state("PyErr_GetRaisedException");
    // SAFETY: the attached thread's state.
    unsafe { (*st).take().map_or(ptr::null_mut(), Owned::into_raw) }
}

/// The type of the current exception, borrowed, or NULL (`PyErr_Occurred`).
#[inline]
pub fn occurred() -> *mut PyObject {
    let ts = thread::attached();
    if ts.is_null() {
        return ptr::null_mut();
    }
    // SAFETY: attached thread state; the raised exception is live.
    unsafe {
        match (*ts).exc.occurred() {
            Some(e) => (*e.as_ptr()).ob_type as *mut PyObject,
            None => ptr::null_mut(),
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
    unsafe { drop((*ts).exc.take()) }
}

/// The handled exception (`PyErr_GetHandledException`), a new reference, or
/// NULL.
pub fn handled() -> *mut PyObject {
    let st = state("PyErr_GetHandledException");
    // SAFETY: the attached thread's state.
    unsafe {
        (*st)
            .handled()
            .map_or(ptr::null_mut(), |h| h.clone().into_raw())
    }
}

/// Replaces the handled exception (`PyErr_SetHandledException`); NULL or
/// None clears. `exc` is borrowed.
///
/// # Safety
/// `exc` NULL or live.
pub unsafe fn set_handled(exc: *mut PyObject) {
    let st = state("PyErr_SetHandledException");
    // SAFETY: the attached thread's state; a reference is taken for it.
    unsafe {
        let new = (!exc.is_null() && exc != crate::runtime::lifecycle::none())
            .then(|| Owned::from_borrowed(exc));
        drop((*st).set_handled(new));
    }
}

/// Makes the stray exception `cause` both the `__cause__` and the
/// `__context__` of the pending exception (CPython's
/// `_PyErr_FormatFromCause`); consumes `cause`.
///
/// # Safety
/// `cause` NULL or an owned reference to an exception instance.
pub unsafe fn chain_cause(cause: *mut PyObject) {
    // SAFETY: the pending exception is a live BaseException instance;
    // `cause` is an owned exception instance.
    unsafe {
        let cur = take();
        if cur.is_null() {
            xdecref(cause);
            return;
        }
        let e = cur as *mut exceptions::PyBaseExceptionObject;
        let old_cause = std::mem::replace(&mut (*e).cause, cause);
        let old_ctx = std::mem::replace(&mut (*e).context, new_ref(cause));
        (*e).suppress_context = 1;
        xdecref(old_cause);
        xdecref(old_ctx);
        restore(cur);
    }
}

/// `_PyErr_ChainExceptions1`: steals `exc`; with nothing raised it becomes
/// the raised exception, else the raised one's `__context__` (no cycle
/// cutting, as in CPython).
///
/// # Safety
/// `exc` NULL or an owned reference.
pub unsafe fn chain1(exc: *mut PyObject) {
    let st = state("_PyErr_ChainExceptions1");
    // SAFETY: the attached thread's state; `exc` is owned.
    unsafe { (*st).chain((!exc.is_null()).then(|| Owned::from_raw(exc))) }
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
            return not_an_exception_class(exc_type);
        }
        let t = exc_type as *mut PyTypeObject;
        let inst = if !value.is_null()
            && is_exception_instance(value)
            && typeobj::is_subtype((*value).ob_type, t)
        {
            Owned::from_borrowed(value)
        } else {
            // The new exception replaces any pending one; creating it must
            // not run with that one still set.
            clear();
            match create_exception(exc_type, value) {
                Ok(i) => i,
                Err(r) => {
                    // The constructor's own error is raised, with a note
                    // saying what was being built.
                    add_normalization_note(exc_type, value);
                    return r;
                }
            }
        };
        let st = state("PyErr_SetObject");
        drop((*st).raise(inst));
        Raised(())
    }
}

/// The `SystemError` of [`set_object`] for a type that is not an exception
/// class (out of line: the common path keeps no formatting state).
///
/// # Safety
/// `exc_type` NULL or live.
#[cold]
#[inline(never)]
unsafe fn not_an_exception_class(exc_type: *mut PyObject) -> Raised {
    let r = if exc_type.is_null() {
        "NULL".to_string()
    } else {
        // SAFETY: forwarded.
        unsafe { crate::protocols::abstract_::repr_string(exc_type) }.unwrap_or_else(|_| "?".into())
    };
    clear();
    system_error(&format!(
        "_PyErr_SetObject: exception {r} is not a BaseException subclass"
    ))
}

/// `_PyErr_CreateException`: `type()` for NULL or None, `type(*value)` for a
/// tuple, `type(value)` otherwise; the result must be an exception instance.
///
/// # Safety
/// `exc_type` an exception class; `value` NULL or live.
pub unsafe fn create_exception(exc_type: *mut PyObject, value: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let t = exc_type as *mut PyTypeObject;
        let inst = if (*exc_type).ob_type == crate::runtime::lifecycle::type_type()
            && (*t).tp_new.is_some()
        {
            // What calling the class does (the metatype is `type`), without
            // the generic call machinery: `tp_new`, then `tp_init`.
            let args = if value.is_null() || value == crate::runtime::lifecycle::none() {
                tuple::new(0)?
            } else if tuple::check(value) {
                Owned::from_borrowed(value)
            } else {
                tuple::new_from(&[value])?
            };
            crate::protocols::call::enter_recursive_call(crate::protocols::call::WHILE_CALLING)?;
            let r = construct(t, args.as_ptr());
            crate::protocols::call::leave_recursive_call();
            r?
        } else if value.is_null() || value == crate::runtime::lifecycle::none() {
            crate::protocols::call::call_args(exc_type, &[])?
        } else if tuple::check(value) {
            crate::protocols::call::call(exc_type, value, ptr::null_mut())?
        } else {
            crate::protocols::call::call_args(exc_type, &[value])?
        };
        if !is_exception_instance(inst.as_ptr()) {
            return Err(not_an_exception_instance(exc_type, inst.as_ptr()));
        }
        Ok(inst)
    }
}

/// The `TypeError` of [`create_exception`] when calling the class gave
/// something else than an exception.
///
/// # Safety
/// Both live.
#[cold]
#[inline(never)]
unsafe fn not_an_exception_instance(exc_type: *mut PyObject, inst: *mut PyObject) -> Raised {
    // SAFETY: forwarded.
    unsafe {
        let r = crate::protocols::abstract_::repr_string(exc_type).unwrap_or_default();
        type_error(&format!(
            "calling {r} should have returned an instance of BaseException, not {}",
            typeobj::type_name_of(inst)
        ))
    }
}

/// `type.__call__` for a class whose metatype is `type`: `tp_new`, then
/// `tp_init` when the result is an instance.
unsafe fn construct(t: *mut PyTypeObject, args: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: `t` a live type with `tp_new`; `args` a tuple.
    unsafe {
        let Some(new) = (*t).tp_new else {
            return Err(Raised::assume());
        };
        let obj = from_ptr(new(t, args, ptr::null_mut()))?;
        let ot = (*obj.as_ptr()).ob_type;
        if typeobj::is_subtype(ot, t) {
            if let Some(init) = (*ot).tp_init {
                if init(obj.as_ptr(), args, ptr::null_mut()) < 0 {
                    return Err(Raised::assume());
                }
            }
        }
        Ok(obj)
    }
}

/// Adds CPython 3.12's `"Normalization failed: type=T args=R"` note to the
/// pending exception (errors while doing so are dropped).
#[cold]
#[inline(never)]
unsafe fn add_normalization_note(exc_type: *mut PyObject, value: *mut PyObject) {
    // SAFETY: forwarded; the pending exception is an exception instance.
    unsafe {
        let exc = take();
        if exc.is_null() {
            return;
        }
        let args = if value.is_null() {
            Ok("<NULL>".to_string())
        } else {
            crate::protocols::abstract_::repr_string(value)
        };
        if let Ok(a) = args {
            let name = std::ffi::CStr::from_ptr((*(exc_type as *mut PyTypeObject)).tp_name)
                .to_string_lossy()
                .into_owned();
            let _ =
                exceptions::add_note(exc, &format!("Normalization failed: type={name} args={a}"));
        }
        clear();
        restore(exc);
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
        crate::runtime::lifecycle::fatal("Py_Initialize", &format!("{kind:?}: {msg}"));
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
/// and clears it; see [`crate::system::sysmodule::write_unraisable`].
///
/// # Safety
/// `obj` NULL or live.
pub unsafe fn write_unraisable(obj: *mut PyObject) {
    // SAFETY: forwarded.
    unsafe { crate::system::sysmodule::write_unraisable(obj) }
}

/// Runs `f` with the current exception saved and restores it afterwards
/// (dropping whatever `f` left).
pub fn preserving<T>(f: impl FnOnce() -> T) -> T {
    let saved = take();
    let r = f();
    // SAFETY: `saved` is the owned reference `take` returned.
    unsafe { restore(saved) };
    r
}

/// `PyErr_Restore(type, value, tb)`, stealing all three: `value` is kept
/// when its *exact* type is `type`, else `type(value)` is built (a subclass
/// instance gets wrapped); `tb` must be None, NULL or a traceback and
/// replaces the instance's `__traceback__` even when NULL. No chaining.
/// A constructor failure or a bad `tb` raises instead.
///
/// # Safety
/// Each argument NULL or an owned reference.
pub unsafe fn restore_triple(t: *mut PyObject, v: *mut PyObject, tb: *mut PyObject) {
    // SAFETY: the three references are owned here and each is released
    // exactly once.
    unsafe {
        let (t, v, tb) = (
            (!t.is_null()).then(|| Owned::from_raw(t)),
            (!v.is_null()).then(|| Owned::from_raw(v)),
            (!tb.is_null()).then(|| Owned::from_raw(tb)),
        );
        let Some(t) = t else {
            clear();
            return;
        };
        if !is_exception_class(t.as_ptr()) {
            let r = crate::protocols::abstract_::repr_string(t.as_ptr()).unwrap_or_default();
            clear();
            let _ = system_error(&format!(
                "PyErr_Restore: exception {r} is not a BaseException subclass"
            ));
            return;
        }
        let value = match v {
            Some(v) if (*v.as_ptr()).ob_type as *mut PyObject == t.as_ptr() => v,
            v => {
                clear();
                match create_exception(
                    t.as_ptr(),
                    v.as_ref().map_or(ptr::null_mut(), |v| v.as_ptr()),
                ) {
                    Ok(i) => i,
                    Err(_) => return,
                }
            }
        };
        let tb = match tb {
            Some(tb) if tb.as_ptr() == crate::runtime::lifecycle::none() => None,
            Some(tb) if !is_traceback(tb.as_ptr()) => {
                clear();
                let _ = type_error("traceback must be a Traceback or None");
                return;
            }
            tb => tb,
        };
        let e = value.as_ptr() as *mut exceptions::PyBaseExceptionObject;
        let old = std::mem::replace(
            &mut (*e).traceback,
            tb.map_or(ptr::null_mut(), Owned::into_raw),
        );
        xdecref(old);
        restore(value.into_raw());
    }
}

/// Whether `op` is a traceback object (`PyTraceBack_Check`).
///
/// # Safety
/// `op` live.
pub unsafe fn is_traceback(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { crate::code::traceback::check(op) }
}

/// `PyErr_Fetch`: the current exception as (type, value, traceback), new
/// references or NULLs; clears the indicator.
pub fn fetch_triple() -> (*mut PyObject, *mut PyObject, *mut PyObject) {
    let exc = take();
    if exc.is_null() {
        return (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
    }
    // SAFETY: `exc` is an owned, live object.
    unsafe {
        let t = new_ref((*exc).ob_type as *mut PyObject);
        let tb = if is_exception_instance(exc) {
            let tb = (*(exc as *mut exceptions::PyBaseExceptionObject)).traceback;
            if tb.is_null() {
                tb
            } else {
                new_ref(tb)
            }
        } else {
            ptr::null_mut()
        };
        (t, exc, tb)
    }
}

/// `PyErr_NormalizeException`: makes `*v` an instance of `*t` (kept when it
/// already is one, the type then becoming its exact type), building
/// `t(v)` otherwise; on failure the triple becomes the new exception's. The
/// traceback is not attached.
///
/// # Safety
/// The pointers valid; the objects NULL or owned references.
pub unsafe fn normalize_triple(
    t: *mut *mut PyObject,
    v: *mut *mut PyObject,
    tb: *mut *mut PyObject,
) {
    // SAFETY: in/out owned references, each replaced slot released once.
    unsafe {
        if (*t).is_null() {
            return;
        }
        let ty = *t;
        let val = *v;
        if !val.is_null()
            && is_exception_instance(val)
            && is_exception_class(ty)
            && typeobj::is_subtype((*val).ob_type, ty as *mut PyTypeObject)
        {
            *t = new_ref((*val).ob_type as *mut PyObject);
            decref(ty);
            return;
        }
        let saved = take();
        let made = if is_exception_class(ty) {
            create_exception(ty, val)
        } else {
            Err(system_error(&format!(
                "PyErr_NormalizeException: exception {} is not a BaseException subclass",
                crate::protocols::abstract_::repr_string(ty).unwrap_or_default()
            )))
        };
        match made {
            Ok(inst) => {
                xdecref(val);
                *v = inst.into_raw();
                restore(saved);
            }
            Err(_) => {
                xdecref(saved);
                let (nt, nv, ntb) = fetch_triple();
                decref(ty);
                xdecref(val);
                xdecref(*tb);
                *t = nt;
                *v = nv;
                *tb = ntb;
            }
        }
    }
}

/// The handled exception as `PyErr_GetExcInfo` reports it: (type, value,
/// traceback) new references, with None where CPython puts None (the type
/// and traceback when nothing is handled, the traceback when the handled
/// exception has none) and NULL for the value when nothing is handled.
pub fn exc_info() -> (*mut PyObject, *mut PyObject, *mut PyObject) {
    let h = handled();
    // SAFETY: `h` NULL or an owned exception; None is immortal.
    unsafe {
        let none = || new_ref(crate::runtime::lifecycle::none());
        if h.is_null() {
            return (none(), ptr::null_mut(), none());
        }
        let t = new_ref((*h).ob_type as *mut PyObject);
        let tb = if is_exception_instance(h) {
            (*(h as *mut exceptions::PyBaseExceptionObject)).traceback
        } else {
            ptr::null_mut()
        };
        (t, h, if tb.is_null() { none() } else { new_ref(tb) })
    }
}
