//! The panic boundary every export goes through, and the mapping from
//! `PyResult` to CPython's return conventions.

use ophis_core::objects::object::{Owned, PyObject};
use ophis_core::runtime::err::{self, PyResult};
use std::ffi::{c_char, c_int, c_long, c_ulong, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A C return type and its error value.
pub trait CReturn: Sized {
    /// The value CPython returns on error (NULL, -1, ...).
    fn error() -> Self;
}

impl CReturn for *const c_char {
    fn error() -> Self {
        std::ptr::null()
    }
}
impl CReturn for c_int {
    fn error() -> Self {
        -1
    }
}
impl CReturn for c_long {
    fn error() -> Self {
        -1
    }
}
impl CReturn for isize {
    fn error() -> Self {
        -1
    }
}
impl CReturn for c_ulong {
    fn error() -> Self {
        c_ulong::MAX
    }
}
impl CReturn for u32 {
    /// `(Py_UCS4)-1`.
    fn error() -> Self {
        u32::MAX
    }
}
impl CReturn for usize {
    fn error() -> Self {
        usize::MAX
    }
}
impl<T> CReturn for *mut T {
    fn error() -> Self {
        std::ptr::null_mut()
    }
}
impl<T> CReturn for Option<T> {
    fn error() -> Self {
        None
    }
}
impl CReturn for f64 {
    fn error() -> Self {
        -1.0
    }
}
impl CReturn for () {
    fn error() -> Self {}
}

/// Runs an export's body; a panic becomes `SystemError` and the error
/// return value. The handling lives in [`report_panic`], out of line, so
/// the export itself keeps the frame its body needs: with the handling
/// inlined every export saved six registers and stored its name up front
/// (about 17 instructions per call).
#[inline(always)]
pub fn guard<R: CReturn>(name: &'static str, f: impl FnOnce() -> R) -> R {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(p) => {
            report_panic(name, p);
            R::error()
        }
    }
}

/// Turns a caught panic into `SystemError("internal error in Ophis
/// (<export>): <message>")`, or a fatal error when no thread state is
/// attached to carry the exception.
#[cold]
#[inline(never)]
pub fn report_panic(name: &'static str, p: Box<dyn std::any::Any + Send>) {
    let msg = p
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    if ophis_core::runtime::thread::current().is_null() {
        ophis_core::runtime::lifecycle::fatal(name, &format!("internal error in Ophis: {msg}"));
    }
    let _ = err::system_error(&format!("internal error in Ophis ({name}): {msg}"));
}

/// `PyResult<Owned>` → new reference or NULL.
#[inline(always)]
pub fn obj(r: PyResult<Owned>) -> *mut PyObject {
    err::into_ptr(r)
}

/// `PyResult<()>` → 0 or -1.
#[inline(always)]
pub fn status(r: PyResult<()>) -> c_int {
    match r {
        Ok(()) => 0,
        Err(_) => -1,
    }
}

/// `PyResult<bool>` → 1, 0 or -1.
#[inline(always)]
pub fn truth(r: PyResult<bool>) -> c_int {
    match r {
        Ok(b) => c_int::from(b),
        Err(_) => -1,
    }
}

/// `PyResult<T>` → value or the type's error value.
#[inline(always)]
pub fn value<T: CReturn>(r: PyResult<T>) -> T {
    r.unwrap_or_else(|_| T::error())
}

/// Raises the `SystemError` of CPython's `PyErr_BadInternalCall` and returns
/// the error value: the answer to NULL or wrongly typed arguments where
/// CPython would crash or assert.
pub fn bad_call<R: CReturn>() -> R {
    let _ = err::bad_argument();
    R::error()
}

/// Whether a `PyTypeObject *` argument is a type object: not NULL, and
/// `Py_TYPE(t)` has `Py_TPFLAGS_TYPE_SUBCLASS` (one load and one test, as
/// `PyType_Check`). Every export taking a `PyTypeObject *` checks it with
/// this (or [`is_type_arg_or_unready`]) before reading a field: an `int`
/// passed as a type raises `SystemError` instead of being read as one.
///
/// # Safety
/// `t` must be NULL or point to a live object (any type).
#[inline(always)]
pub unsafe fn is_type_arg<T>(t: *mut T) -> bool {
    let op = t as *mut PyObject;
    // SAFETY: a live object has a live type.
    !op.is_null()
        && unsafe { !(*op).ob_type.is_null() && ophis_core::objects::typeobj::is_type(op) }
}

/// [`is_type_arg`], also accepting a static type that was never readied
/// (`ob_type` still NULL, as `PyVarObject_HEAD_INIT(NULL, 0)` leaves it):
/// what `PyType_Ready` and `PyModule_AddType` accept.
///
/// # Safety
/// As for [`is_type_arg`].
#[inline]
pub unsafe fn is_type_arg_or_unready<T>(t: *mut T) -> bool {
    let op = t as *mut PyObject;
    // SAFETY: forwarded.
    !op.is_null() && (unsafe { (*op).ob_type.is_null() } || unsafe { is_type_arg(op) })
}

/// A C string argument as `&str` (lossy for invalid UTF-8).
///
/// # Safety
/// `p` must be a valid NUL-terminated string.
pub unsafe fn cstr<'a>(p: *const c_char) -> std::borrow::Cow<'a, str> {
    // SAFETY: forwarded.
    unsafe { CStr::from_ptr(p).to_string_lossy() }
}

/// Defines an export: `#[no_mangle] extern "C"` wrapped in [`guard`].
#[macro_export]
macro_rules! export {
    ($(#[$m:meta])* fn $name:ident($($a:ident : $t:ty),* $(,)?) -> $r:ty $body:block) => {
        $(#[$m])*
        #[no_mangle]
        pub unsafe extern "C" fn $name($($a: $t),*) -> $r {
            $crate::boundary::guard(stringify!($name), move || -> $r {
                #[allow(unused_unsafe)]
                // SAFETY: the C caller upholds the contract CPython documents
                // for this function (live objects, valid pointers, GIL held);
                // the body checks what CPython checks and more.
                unsafe { $body }
            })
        }
    };
    ($(#[$m:meta])* fn $name:ident($($a:ident : $t:ty),* $(,)?) $body:block) => {
        $crate::export!($(#[$m])* fn $name($($a: $t),*) -> () $body);
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use ophis_core::objects::exceptions::{self, Exc};

    /// Takes the pending exception: its type is SystemError; returns str().
    fn take_system_error() -> String {
        let e = err::take();
        assert!(!e.is_null(), "no exception pending");
        // SAFETY: a live exception instance, owned here.
        unsafe {
            assert_eq!(
                (*e).ob_type as *mut PyObject,
                exceptions::get(Exc::SystemError)
            );
            let s = ophis_core::protocols::abstract_::str_string(e).unwrap();
            ophis_core::objects::object::decref(e);
            s
        }
    }

    #[test]
    fn a_panic_in_an_export_becomes_system_error() {
        ophis_core::runtime::testing::with_runtime(|| {
            let r: c_int = guard("Ophis_Test", || -> c_int { panic!("boom") });
            assert_eq!(r, -1);
            assert_eq!(
                take_system_error(),
                "internal error in Ophis (Ophis_Test): boom"
            );
            let p: *mut PyObject = guard("Ophis_Test2", || -> *mut PyObject {
                panic!("{}", String::from("formatted"))
            });
            assert!(p.is_null());
            assert_eq!(
                take_system_error(),
                "internal error in Ophis (Ophis_Test2): formatted"
            );
            assert_eq!(guard("Ophis_Test3", || -> c_int { 7 }), 7);
            assert!(err::take().is_null());
        })
    }
}
