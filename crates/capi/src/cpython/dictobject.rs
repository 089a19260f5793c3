//! `cpython/dictobject.h`.

use crate::boundary::*;
use crate::export;
use ophis_core::objects::object::PyObject;
use ophis_core::{objects::dict, runtime::watchers};
use std::ffi::c_int;

export! {
    /// `PyDict_SetDefault`: borrowed result.
    fn PyDict_SetDefault(d: *mut PyObject, k: *mut PyObject, dflt: *mut PyObject) -> *mut PyObject {
        if d.is_null() || !dict::check(d) || k.is_null() || dflt.is_null() { return bad_call(); }
        dict::set_default(d, k, dflt).unwrap_or(std::ptr::null_mut())
    }
}
export! {
    /// `PyDict_AddWatcher`: the lowest free id, or -1 with `RuntimeError`
    /// (all 8 taken) or `ValueError` (a NULL callback, which CPython
    /// would accept and lose).
    fn PyDict_AddWatcher(cb: Option<watchers::DictWatchCallback>) -> c_int {
        watchers::dict_add_watcher(cb).unwrap_or(-1)
    }
}
export! {
    /// `PyDict_ClearWatcher`: frees the id; watched dicts keep their bits.
    fn PyDict_ClearWatcher(id: c_int) -> c_int { status(watchers::dict_clear_watcher(id)) }
}
export! {
    /// `PyDict_Watch`.
    fn PyDict_Watch(id: c_int, d: *mut PyObject) -> c_int { status(watchers::dict_watch(id, d)) }
}
export! {
    /// `PyDict_Unwatch`.
    fn PyDict_Unwatch(id: c_int, d: *mut PyObject) -> c_int { status(watchers::dict_unwatch(id, d)) }
}
