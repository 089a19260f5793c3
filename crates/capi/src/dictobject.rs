//! `dictobject.h`.

use crate::boundary::*;
use crate::export;
use ophis_core::objects::object::{PyObject, Py_ssize_t};
use ophis_core::{objects::dict, objects::unicode, runtime::err};
use std::ffi::{c_char, c_int, CStr};
use std::ptr;

export! {
    /// `PyDict_New`.
    fn PyDict_New() -> *mut PyObject { obj(dict::new()) }
}
export! {
    /// `PyDict_SetItem`.
    fn PyDict_SetItem(d: *mut PyObject, k: *mut PyObject, v: *mut PyObject) -> c_int {
        if d.is_null() || !dict::check(d) || k.is_null() || v.is_null() { return bad_call(); }
        status(dict::set(d, k, v))
    }
}
export! {
    /// `PyDict_SetItemString`.
    fn PyDict_SetItemString(d: *mut PyObject, k: *const c_char, v: *mut PyObject) -> c_int {
        if d.is_null() || !dict::check(d) || k.is_null() || v.is_null() { return bad_call(); }
        status(unicode::from_utf8(CStr::from_ptr(k).to_bytes()).and_then(|key| {
            let mut kp = key.into_raw();
            unicode::intern_in_place(&mut kp);
            let key = ophis_core::objects::object::Owned::from_raw(kp);
            dict::set(d, key.as_ptr(), v)
        }))
    }
}
export! {
    /// `PyDict_GetItem`: borrowed, and every error is suppressed.
    fn PyDict_GetItem(d: *mut PyObject, k: *mut PyObject) -> *mut PyObject {
        if d.is_null() || k.is_null() || !dict::check(d) || ophis_core::runtime::thread::current().is_null() {
            return ptr::null_mut();
        }
        err::preserving(|| dict::get(d, k).ok().flatten().unwrap_or(ptr::null_mut()))
    }
}
/// `PyDict_GetItemWithError`: borrowed. An exact-str key with a cached
/// hash is looked up outside the panic boundary (`dict::get_str_fast`
/// cannot fail or panic); everything else goes through it.
#[no_mangle]
pub unsafe extern "C" fn PyDict_GetItemWithError(
    d: *mut PyObject,
    k: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: the C caller's contract: NULL or live objects.
    unsafe {
        if !d.is_null() && !k.is_null() && dict::check(d) {
            if let Some(v) = dict::get_str_fast(d, k) {
                return v;
            }
        }
        get_item_with_error_slow(d, k)
    }
}

/// The guarded path of `PyDict_GetItemWithError`.
#[cold]
#[inline(never)]
unsafe fn get_item_with_error_slow(d: *mut PyObject, k: *mut PyObject) -> *mut PyObject {
    guard("PyDict_GetItemWithError", || {
        // SAFETY: the C caller's contract: NULL or live objects.
        unsafe {
            if d.is_null() || !dict::check(d) || k.is_null() {
                return bad_call();
            }
            match dict::get(d, k) {
                Ok(Some(v)) => v,
                _ => ptr::null_mut(),
            }
        }
    })
}
export! {
    /// `PyDict_GetItemString`: borrowed, errors suppressed.
    fn PyDict_GetItemString(d: *mut PyObject, k: *const c_char) -> *mut PyObject {
        if d.is_null() || k.is_null() || !dict::check(d) { return ptr::null_mut(); }
        err::preserving(|| {
            let Ok(key) = unicode::from_utf8(CStr::from_ptr(k).to_bytes()) else { return ptr::null_mut() };
            dict::get(d, key.as_ptr()).ok().flatten().unwrap_or(ptr::null_mut())
        })
    }
}
export! {
    /// `PyDict_DelItem`.
    fn PyDict_DelItem(d: *mut PyObject, k: *mut PyObject) -> c_int {
        if d.is_null() || !dict::check(d) || k.is_null() { return bad_call(); }
        status(dict::del(d, k))
    }
}
export! {
    /// `PyDict_DelItemString`.
    fn PyDict_DelItemString(d: *mut PyObject, k: *const c_char) -> c_int {
        if d.is_null() || !dict::check(d) || k.is_null() { return bad_call(); }
        status(unicode::from_utf8(CStr::from_ptr(k).to_bytes()).and_then(|key| dict::del(d, key.as_ptr())))
    }
}
export! {
    /// `PyDict_Contains`.
    fn PyDict_Contains(d: *mut PyObject, k: *mut PyObject) -> c_int {
        if d.is_null() || !dict::check(d) || k.is_null() { return bad_call(); }
        truth(dict::get(d, k).map(|v| v.is_some()))
    }
}
export! {
    /// `PyDict_Size`.
    fn PyDict_Size(d: *mut PyObject) -> Py_ssize_t {
        if d.is_null() || !dict::check(d) { return bad_call(); }
        dict::len(d)
    }
}
export! {
    /// `PyDict_Next`: borrowed key and value, in insertion order.
    fn PyDict_Next(d: *mut PyObject, pos: *mut Py_ssize_t, k: *mut *mut PyObject, v: *mut *mut PyObject) -> c_int {
        if d.is_null() || pos.is_null() || !dict::check(d) { return 0; }
        match dict::next(d, &mut *pos) {
            Some((key, val)) => {
                if !k.is_null() { *k = key; }
                if !v.is_null() { *v = val; }
                1
            }
            None => 0,
        }
    }
}
export! {
    /// `PyDict_Clear`.
    fn PyDict_Clear(d: *mut PyObject) {
        if d.is_null() || !dict::check(d) { return; }
        dict::clear(d)
    }
}
export! {
    /// `PyDict_Copy`.
    fn PyDict_Copy(d: *mut PyObject) -> *mut PyObject {
        if d.is_null() || !dict::check(d) { return bad_call(); }
        obj(dict::copy(d))
    }
}
export! {
    /// `PyDict_Update`.
    fn PyDict_Update(a: *mut PyObject, b: *mut PyObject) -> c_int {
        if a.is_null() || !dict::check(a) || b.is_null() { return bad_call(); }
        status(dict::merge(a, b, true))
    }
}
export! {
    /// `PyDict_Merge`.
    fn PyDict_Merge(a: *mut PyObject, b: *mut PyObject, override_: c_int) -> c_int {
        if a.is_null() || !dict::check(a) || b.is_null() { return bad_call(); }
        status(dict::merge(a, b, override_ != 0))
    }
}
export! {
    /// `PyDict_MergeFromSeq2`.
    fn PyDict_MergeFromSeq2(a: *mut PyObject, seq: *mut PyObject, override_: c_int) -> c_int {
        if a.is_null() || !dict::check(a) || seq.is_null() { return bad_call(); }
        status(dict::merge_from_seq2(a, seq, override_ != 0))
    }
}
export! {
    /// `PyDict_Keys`.
    fn PyDict_Keys(d: *mut PyObject) -> *mut PyObject {
        if d.is_null() || !dict::check(d) { return bad_call(); }
        obj(dict::to_list(d, dict::Part::Keys))
    }
}
export! {
    /// `PyDict_Values`.
    fn PyDict_Values(d: *mut PyObject) -> *mut PyObject {
        if d.is_null() || !dict::check(d) { return bad_call(); }
        obj(dict::to_list(d, dict::Part::Values))
    }
}
export! {
    /// `PyDict_Items`.
    fn PyDict_Items(d: *mut PyObject) -> *mut PyObject {
        if d.is_null() || !dict::check(d) { return bad_call(); }
        obj(dict::to_list(d, dict::Part::Items))
    }
}
export! {
    /// `_PyDict_GetItem_KnownHash`: borrowed, NULL when missing or on error.
    fn _PyDict_GetItem_KnownHash(d: *mut PyObject, key: *mut PyObject, hash: isize) -> *mut PyObject {
        if d.is_null() || key.is_null() || !ophis_core::objects::dict::check(d) { return bad_call(); }
        match ophis_core::objects::dict::get_with_hash(d, key, hash) {
            Ok(Some(v)) => v,
            _ => std::ptr::null_mut(),
        }
    }
}
export! {
    /// `_PyDict_NewPresized`: a new dict (the size is a hint).
    fn _PyDict_NewPresized(_n: isize) -> *mut PyObject { obj(ophis_core::objects::dict::new()) }
}
export! {
    /// `_PyDict_Next`: `PyDict_Next` that also stores the key's hash.
    fn _PyDict_Next(d: *mut PyObject, pos: *mut Py_ssize_t, k: *mut *mut PyObject, v: *mut *mut PyObject, h: *mut ophis_core::objects::object::Py_hash_t) -> c_int {
        if d.is_null() || pos.is_null() || !dict::check(d) { return 0; }
        match dict::next_entry(d, &mut *pos) {
            Some((key, val, hash)) => {
                if !k.is_null() { *k = key; }
                if !v.is_null() { *v = val; }
                if !h.is_null() { *h = hash; }
                1
            }
            None => 0,
        }
    }
}
export! {
    /// `_PyDict_SetItem_KnownHash`: `hash` must be the key's hash.
    fn _PyDict_SetItem_KnownHash(d: *mut PyObject, k: *mut PyObject, v: *mut PyObject, hash: ophis_core::objects::object::Py_hash_t) -> c_int {
        if d.is_null() || !dict::check(d) || k.is_null() || v.is_null() { return bad_call(); }
        status(dict::set_with_hash(d, k, hash, v))
    }
}
export! {
    /// `_PyDict_Contains_KnownHash`: `hash` must be the key's hash.
    fn _PyDict_Contains_KnownHash(d: *mut PyObject, k: *mut PyObject, hash: ophis_core::objects::object::Py_hash_t) -> c_int {
        if d.is_null() || !dict::check(d) || k.is_null() { return bad_call(); }
        truth(dict::get_with_hash(d, k, hash).map(|v| v.is_some()))
    }
}
