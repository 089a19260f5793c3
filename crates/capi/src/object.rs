//! `object.h`: reference counting, the object protocol's core, and type
//! queries.

use crate::boundary::*;
use crate::export;
use crate::shim::null_error;
use ophis_core::objects::object::{self as o, PyObject, Py_hash_t};
use ophis_core::objects::typeobj::{self, PyTypeObject};
use ophis_core::{objects::unicode, protocols::abstract_, runtime::err};
use std::ffi::{c_char, c_int, c_ulong, CStr};

// Reference counting is on every hot path and cannot fail: these are plain
// exports without the panic guard (nothing in them can panic).

/// `Py_IncRef`.
#[no_mangle]
pub unsafe extern "C" fn Py_IncRef(op: *mut PyObject) {
    // SAFETY: NULL or a live object (C caller's contract).
    unsafe { o::xincref(op) }
}

/// `Py_DecRef`.
#[no_mangle]
pub unsafe extern "C" fn Py_DecRef(op: *mut PyObject) {
    // SAFETY: NULL or an owned reference (C caller's contract).
    unsafe { o::xdecref(op) }
}

/// `_Py_IncRef` (what limited-API 3.12 `Py_INCREF` calls); NULL is
/// ignored (CPython crashes).
#[no_mangle]
pub unsafe extern "C" fn _Py_IncRef(op: *mut PyObject) {
    // SAFETY: NULL or a live object (C caller's contract).
    unsafe { o::xincref(op) }
}

/// `_Py_DecRef` (what limited-API 3.12 `Py_DECREF` calls); NULL is
/// ignored (CPython crashes).
#[no_mangle]
pub unsafe extern "C" fn _Py_DecRef(op: *mut PyObject) {
    // SAFETY: NULL or an owned reference (C caller's contract).
    unsafe { o::xdecref(op) }
}

/// `_Py_Dealloc` (what inline `Py_DECREF` calls at zero); NULL is ignored
/// (CPython crashes).
#[no_mangle]
pub unsafe extern "C" fn _Py_Dealloc(op: *mut PyObject) {
    if op.is_null() {
        return;
    }
    // SAFETY: a dead object (refcount zero).
    unsafe { o::dealloc(op) }
}

/// The answer to NULL where a reference-counting function needs an object
/// and returns one: `SystemError` when a thread state is attached to carry
/// it (without one there is nothing to raise on; the NULL result stays).
#[cold]
#[inline(never)]
fn null_object_argument() {
    if !ophis_core::runtime::thread::current().is_null() {
        let _ = err::bad_argument();
    }
}

/// `Py_Is` (the stable-ABI function behind the macro).
#[no_mangle]
pub extern "C" fn Py_Is(x: *mut PyObject, y: *mut PyObject) -> c_int {
    c_int::from(x == y)
}

/// `Py_IsNone`.
#[no_mangle]
pub extern "C" fn Py_IsNone(x: *mut PyObject) -> c_int {
    c_int::from(x == ophis_core::runtime::lifecycle::none())
}

/// `Py_IsTrue`.
#[no_mangle]
pub extern "C" fn Py_IsTrue(x: *mut PyObject) -> c_int {
    c_int::from(x == ophis_core::runtime::lifecycle::true_())
}

/// `Py_IsFalse`.
#[no_mangle]
pub extern "C" fn Py_IsFalse(x: *mut PyObject) -> c_int {
    c_int::from(x == ophis_core::runtime::lifecycle::false_())
}

/// `Py_NewRef`.
#[no_mangle]
pub unsafe extern "C" fn Py_NewRef(op: *mut PyObject) -> *mut PyObject {
    if op.is_null() {
        // CPython crashes; Ophis returns NULL with SystemError.
        null_object_argument();
        return op;
    }
    // SAFETY: a live object (C caller's contract).
    unsafe { o::incref(op) };
    op
}

/// `Py_XNewRef`.
#[no_mangle]
pub unsafe extern "C" fn Py_XNewRef(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: NULL or a live object (C caller's contract).
    unsafe { o::xincref(op) };
    op
}

export! {
    /// `PyObject_Repr`.
    fn PyObject_Repr(op: *mut PyObject) -> *mut PyObject { obj(abstract_::repr(op)) }
}
export! {
    /// `PyObject_Str`.
    fn PyObject_Str(op: *mut PyObject) -> *mut PyObject { obj(abstract_::str(op)) }
}
export! {
    /// `PyObject_Format`.
    fn PyObject_Format(op: *mut PyObject, spec: *mut PyObject) -> *mut PyObject {
        if op.is_null() { return obj(Err(err::bad_argument())); }
        obj(abstract_::format(op, spec))
    }
}
export! {
    /// `PyObject_Dir`: `sorted(type(op).__dir__(op))`; NULL asks for the
    /// running frame's names (`SystemError` without a frame).
    fn PyObject_Dir(op: *mut PyObject) -> *mut PyObject {
        obj(ophis_core::protocols::dir::dir(op))
    }
}
export! {
    /// `PyObject_ASCII`.
    fn PyObject_ASCII(op: *mut PyObject) -> *mut PyObject { obj(abstract_::ascii(op)) }
}
export! {
    /// `PyObject_Hash`.
    fn PyObject_Hash(op: *mut PyObject) -> Py_hash_t {
        if op.is_null() { return null_error(); }
        value(abstract_::hash(op))
    }
}
export! {
    /// `PyObject_RichCompare`.
    fn PyObject_RichCompare(a: *mut PyObject, b: *mut PyObject, op: c_int) -> *mut PyObject {
        if a.is_null() || b.is_null() { return bad_call(); }
        obj(abstract_::rich_compare(a, b, op))
    }
}
export! {
    /// `PyObject_RichCompareBool`.
    fn PyObject_RichCompareBool(a: *mut PyObject, b: *mut PyObject, op: c_int) -> c_int {
        if a.is_null() || b.is_null() { return bad_call(); }
        truth(abstract_::rich_compare_bool(a, b, op))
    }
}
export! {
    /// `PyObject_IsTrue`.
    fn PyObject_IsTrue(op: *mut PyObject) -> c_int {
        if op.is_null() { return null_error(); }
        truth(abstract_::is_true(op))
    }
}
export! {
    /// `PyObject_Not`.
    fn PyObject_Not(op: *mut PyObject) -> c_int {
        if op.is_null() { return null_error(); }
        truth(abstract_::is_true(op).map(|b| !b))
    }
}
/// `PyObject_GetAttr`.
///
/// The common case (`ophis_core::protocols::attr::getattr_fast`: an instance attribute
/// in managed values) runs no code that can panic, so it stays outside the
/// panic boundary; everything else goes through it.
#[no_mangle]
pub unsafe extern "C" fn PyObject_GetAttr(op: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    if !op.is_null() && !name.is_null() {
        // SAFETY: the C caller's contract: live objects.
        if let Some(v) = unsafe { ophis_core::protocols::attr::getattr_fast(op, name) } {
            return v;
        }
    }
    getattr_slow(op, name)
}

#[cold]
#[inline(never)]
fn getattr_slow(op: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    guard("PyObject_GetAttr", || {
        if op.is_null() || name.is_null() {
            return null_error();
        }
        // SAFETY: the C caller's contract: live objects.
        obj(unsafe { abstract_::getattr(op, name) })
    })
}
export! {
    /// `PyObject_GetAttrString`.
    fn PyObject_GetAttrString(op: *mut PyObject, name: *const c_char) -> *mut PyObject {
        if op.is_null() || name.is_null() { return null_error(); }
        obj(unicode::from_utf8(CStr::from_ptr(name).to_bytes()).and_then(|n| abstract_::getattr(op, n.as_ptr())))
    }
}
/// `PyObject_SetAttr` (NULL value deletes, as `PyObject_DelAttr`).
///
/// The common case (`ophis_core::protocols::attr::setattr_fast`: overwriting an
/// instance attribute in managed values) stays outside the panic boundary,
/// like [`PyObject_GetAttr`]'s.
#[no_mangle]
pub unsafe extern "C" fn PyObject_SetAttr(
    op: *mut PyObject,
    name: *mut PyObject,
    v: *mut PyObject,
) -> c_int {
    if !op.is_null() && !name.is_null() && !v.is_null() {
        // SAFETY: the C caller's contract: live objects.
        if unsafe { ophis_core::protocols::attr::setattr_fast(op, name, v) } {
            return 0;
        }
    }
    setattr_slow(op, name, v)
}

#[cold]
#[inline(never)]
fn setattr_slow(op: *mut PyObject, name: *mut PyObject, v: *mut PyObject) -> c_int {
    guard("PyObject_SetAttr", || {
        if op.is_null() || name.is_null() {
            return null_error();
        }
        // SAFETY: the C caller's contract: live objects.
        status(unsafe { abstract_::setattr(op, name, v) })
    })
}
export! {
    /// `PyObject_SetAttrString`.
    fn PyObject_SetAttrString(op: *mut PyObject, name: *const c_char, v: *mut PyObject) -> c_int {
        if op.is_null() || name.is_null() { return null_error(); }
        status(unicode::from_utf8(CStr::from_ptr(name).to_bytes()).and_then(|n| abstract_::setattr(op, n.as_ptr(), v)))
    }
}
export! {
    /// `PyObject_HasAttr`: never raises.
    fn PyObject_HasAttr(op: *mut PyObject, name: *mut PyObject) -> c_int {
        if op.is_null() || name.is_null() { return 0; }
        match abstract_::getattr(op, name) {
            Ok(_) => 1,
            Err(_) => { err::clear(); 0 }
        }
    }
}
export! {
    /// `PyObject_HasAttrString`: never raises.
    fn PyObject_HasAttrString(op: *mut PyObject, name: *const c_char) -> c_int {
        if op.is_null() || name.is_null() { return 0; }
        match unicode::from_utf8(CStr::from_ptr(name).to_bytes()).and_then(|n| abstract_::getattr(op, n.as_ptr())) {
            Ok(_) => 1,
            Err(_) => { err::clear(); 0 }
        }
    }
}
export! {
    /// `PyCallable_Check`.
    fn PyCallable_Check(op: *mut PyObject) -> c_int { c_int::from(abstract_::callable(op)) }
}
export! {
    /// `PyType_IsSubtype`.
    fn PyType_IsSubtype(a: *mut PyTypeObject, b: *mut PyTypeObject) -> c_int {
        // Never fails (CPython's contract): anything but two types is 0.
        if !is_type_arg(a) || !is_type_arg(b) { return 0; }
        c_int::from(typeobj::is_subtype(a, b))
    }
}
export! {
    /// `PyType_GetFlags`.
    fn PyType_GetFlags(t: *mut PyTypeObject) -> c_ulong {
        // Never fails: 0 for anything but a type.
        if !is_type_arg(t) { return 0; }
        (*t).tp_flags
    }
}
export! {
    /// `PyType_GetName`.
    fn PyType_GetName(t: *mut PyTypeObject) -> *mut PyObject {
        if !is_type_arg(t) { return bad_call(); }
        obj(unicode::intern("__name__").and_then(|n| abstract_::getattr(t as *mut PyObject, n.as_ptr())))
    }
}
export! {
    /// `PyType_GetQualName`.
    fn PyType_GetQualName(t: *mut PyTypeObject) -> *mut PyObject {
        if !is_type_arg(t) { return bad_call(); }
        obj(unicode::intern("__qualname__").and_then(|n| abstract_::getattr(t as *mut PyObject, n.as_ptr())))
    }
}
export! {
    /// `PyObject_Type`.
    fn PyObject_Type(op: *mut PyObject) -> *mut PyObject {
        if op.is_null() { return null_error(); }
        o::new_ref((*op).ob_type as *mut PyObject)
    }
}
export! {
    /// `_PyObject_GenericGetAttrWithDict`: generic lookup that reads `dict`
    /// (when not NULL) instead of the instance dict; with `suppress`, a
    /// missing attribute is NULL without an exception.
    fn _PyObject_GenericGetAttrWithDict(o: *mut PyObject, name: *mut PyObject, dict: *mut PyObject, suppress: std::ffi::c_int) -> *mut PyObject {
        if o.is_null() || name.is_null() { return bad_call(); }
        if !dict.is_null() && !ophis_core::objects::dict::check(dict) { return bad_call(); }
        match ophis_core::protocols::attr::generic_getattr_with_dict(o, name, dict, suppress != 0) {
            Ok(Some(v)) => v.into_raw(),
            _ => std::ptr::null_mut(),
        }
    }
}
export! {
    /// `_PyObject_GetDictPtr`: the slot of the instance dict, or NULL.
    fn _PyObject_GetDictPtr(o: *mut PyObject) -> *mut *mut PyObject {
        if o.is_null() { return std::ptr::null_mut(); }
        ophis_core::protocols::attr::dict_slot(o)
    }
}
export! {
    /// `Py_ReprEnter`: 1 when `obj` is already being printed on this thread
    /// (its repr is recursive), else 0 after recording it.
    fn Py_ReprEnter(obj: *mut PyObject) -> c_int {
        if obj.is_null() { return bad_call(); }
        c_int::from(abstract_::repr_enter(obj))
    }
}
export! {
    /// `Py_ReprLeave`: ends the latest `Py_ReprEnter` of `obj`; never raises.
    fn Py_ReprLeave(obj: *mut PyObject) {
        abstract_::repr_leave(obj);
    }
}
export! {
    /// `_Py_HashBytes`: the hash `bytes` gives the same data (0 for none).
    fn _Py_HashBytes(src: *const std::ffi::c_void, len: ophis_core::objects::object::Py_ssize_t) -> Py_hash_t {
        if src.is_null() || len <= 0 { return 0; }
        unicode::hash_bytes(std::slice::from_raw_parts(src as *const u8, len as usize))
    }
}
