//! `setobject.h` and `cpython/setobject.h`: `PySet_*`, `PyFrozenSet_New`,
//! `_PySet_NextEntry`, `_PySet_Update`, with CPython's `SystemError` for
//! arguments of the wrong type (and for NULL, where CPython crashes).

use crate::boundary::*;
use crate::export;
use ophis_core::objects::object::{PyObject, Py_hash_t, Py_ssize_t};
use ophis_core::objects::setobject as set;
use std::ffi::c_int;

/// Whether `op` is a set or a frozenset (not NULL).
unsafe fn is_any(op: *mut PyObject) -> bool {
    // SAFETY: NULL or live.
    !op.is_null() && unsafe { set::any_check(op) }
}

/// Whether `op` is a set (not NULL).
unsafe fn is_set(op: *mut PyObject) -> bool {
    // SAFETY: NULL or live.
    !op.is_null() && unsafe { set::check(op) }
}

export! {
    /// `PySet_New(iterable)`: NULL makes an empty set.
    fn PySet_New(iterable: *mut PyObject) -> *mut PyObject { obj(set::new(iterable)) }
}
export! {
    /// `PyFrozenSet_New(iterable)`: NULL makes an empty frozenset.
    fn PyFrozenSet_New(iterable: *mut PyObject) -> *mut PyObject { obj(set::new_frozen(iterable)) }
}
export! {
    /// `PySet_Size(anyset)`.
    fn PySet_Size(op: *mut PyObject) -> Py_ssize_t {
        if !is_any(op) { return bad_call(); }
        set::size(op)
    }
}
export! {
    /// `PySet_Contains(anyset, key)`: 1, 0 or -1 (no frozenset retry for
    /// set keys, as CPython).
    fn PySet_Contains(op: *mut PyObject, key: *mut PyObject) -> c_int {
        if !is_any(op) || key.is_null() { return bad_call(); }
        truth(set::contains_key(op, key))
    }
}
export! {
    /// `PySet_Add(set, key)`: also a frozenset with reference count 1.
    fn PySet_Add(op: *mut PyObject, key: *mut PyObject) -> c_int {
        let ok = is_set(op) || (!op.is_null() && set::frozen_check(op) && (*op).ob_refcnt == 1);
        if !ok || key.is_null() { return bad_call(); }
        status(set::add_key(op, key))
    }
}
export! {
    /// `PySet_Discard(set, key)`: 1 removed, 0 absent, -1 on error.
    fn PySet_Discard(op: *mut PyObject, key: *mut PyObject) -> c_int {
        if !is_set(op) || key.is_null() { return bad_call(); }
        truth(set::discard_key(op, key))
    }
}
export! {
    /// `PySet_Pop(set)`: a new reference; `KeyError` when empty.
    fn PySet_Pop(op: *mut PyObject) -> *mut PyObject {
        if !is_set(op) { return bad_call(); }
        obj(set::pop(op))
    }
}
export! {
    /// `PySet_Clear(set)`.
    fn PySet_Clear(op: *mut PyObject) -> c_int {
        if !is_set(op) { return bad_call(); }
        set::clear(op);
        0
    }
}
export! {
    /// `_PySet_NextEntry(set, &pos, &key, &hash)`: borrowed key.
    fn _PySet_NextEntry(op: *mut PyObject, pos: *mut Py_ssize_t, key: *mut *mut PyObject, hash: *mut Py_hash_t) -> c_int {
        if !is_any(op) || pos.is_null() || key.is_null() || hash.is_null() { return bad_call(); }
        match set::next(op, &mut *pos) {
            Some(e) => {
                *key = e.key;
                *hash = e.hash;
                1
            }
            None => 0,
        }
    }
}
export! {
    /// `_PySet_Update(set, iterable)`.
    fn _PySet_Update(op: *mut PyObject, iterable: *mut PyObject) -> c_int {
        if !is_set(op) || iterable.is_null() { return bad_call(); }
        status(set::update(op, iterable))
    }
}
