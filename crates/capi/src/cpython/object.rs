//! `cpython/object.h`: type watchers and `PyUnstable_Type_AssignVersionTag`.

use crate::boundary::*;
use crate::export;
use ophis_core::objects::object::PyObject;
use ophis_core::objects::typeobj::{self, PyTypeObject};
use ophis_core::runtime::watchers;
use std::ffi::c_int;

export! {
    /// `PyType_AddWatcher`: the lowest free id, or -1 with `RuntimeError`
    /// (all 8 taken) or `ValueError` (a NULL callback, which CPython would
    /// accept and lose).
    fn PyType_AddWatcher(cb: Option<watchers::TypeWatchCallback>) -> c_int {
        watchers::type_add_watcher(cb).unwrap_or(-1)
    }
}
export! {
    /// `PyType_ClearWatcher`: frees the id; watched types keep their bits.
    fn PyType_ClearWatcher(id: c_int) -> c_int { status(watchers::type_clear_watcher(id)) }
}
export! {
    /// `PyType_Watch`: also arms the type.
    fn PyType_Watch(id: c_int, t: *mut PyObject) -> c_int { status(watchers::type_watch(id, t)) }
}
export! {
    /// `PyType_Unwatch`.
    fn PyType_Unwatch(id: c_int, t: *mut PyObject) -> c_int { status(watchers::type_unwatch(id, t)) }
}
export! {
    /// `PyUnstable_Type_AssignVersionTag`: 1 when the type has (now) a
    /// valid version tag, 0 when it cannot get one (not ready, or tags
    /// exhausted).
    fn PyUnstable_Type_AssignVersionTag(t: *mut PyTypeObject) -> c_int {
        // Never fails (CPython's contract): 0, "no tag", for a non-type.
        if !is_type_arg(t) { return 0; }
        typeobj::assign_version_tag(t) as c_int
    }
}
