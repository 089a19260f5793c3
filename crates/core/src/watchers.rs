//! Watchers in the object core, on top of `ophis-watchers`: the dict
//! family so far (`PyDict_AddWatcher`/`ClearWatcher`/`Watch`/`Unwatch`).
//! A dict's watch mask is the low 8 bits of its `ma_version_tag`, where
//! CPython 3.12 keeps it; a mutation of a dict whose mask is zero costs
//! one test. Events fire before the change; a failing callback is
//! reported as unraisable (with CPython's context string) and the
//! operation goes on.

use crate::dict::PyDictObject;
use crate::err::{self, PyResult};
use crate::exceptions::Exc;
use crate::object::*;
use crate::{dict, unicode};
use ophis_watchers::{DictEvent, Error, Family, Registry};
use std::ffi::c_int;

/// `PyDict_WatchCallback`.
pub type DictWatchCallback =
    unsafe extern "C" fn(c_int, *mut PyObject, *mut PyObject, *mut PyObject) -> c_int;

static DICT_WATCHERS: Registry<DictWatchCallback> = Registry::new(Family::Dict);

/// Raises the exception CPython raises for a registry error.
fn raise(e: Error) -> err::Raised {
    match e {
        Error::Full(_) => err::raise(Exc::RuntimeError, &e.to_string()),
        _ => err::value_error(&e.to_string()),
    }
}

/// `PyDict_AddWatcher`: the lowest free id. A NULL callback is refused
/// with `ValueError` (CPython stores nothing and hands out the id).
pub fn dict_add_watcher(cb: Option<DictWatchCallback>) -> PyResult<c_int> {
    let Some(cb) = cb else {
        return Err(err::value_error("dict watcher callback must not be NULL"));
    };
    DICT_WATCHERS.add(cb).map(|i| i as c_int).map_err(raise)
}

/// `PyDict_ClearWatcher`: frees the id; dicts keep their bits.
pub fn dict_clear_watcher(id: c_int) -> PyResult<()> {
    DICT_WATCHERS.clear(id as i64).map(drop).map_err(raise)
}

/// The watch mask of a dict.
///
/// # Safety
/// `d` a live dict.
#[inline(always)]
pub unsafe fn dict_mask(d: *mut PyObject) -> u8 {
    // SAFETY: a live dict.
    unsafe { ((*(d as *mut PyDictObject)).ma_version_tag & 0xff) as u8 }
}

unsafe fn watch_or_unwatch(id: c_int, d: *mut PyObject, watch: bool) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if d.is_null() || !dict::check(d) {
            return Err(err::value_error("Cannot watch non-dictionary"));
        }
        let i = DICT_WATCHERS.check(id as i64).map_err(raise)?;
        let tag = &mut (*(d as *mut PyDictObject)).ma_version_tag;
        if watch {
            *tag |= 1 << i;
        } else {
            *tag &= !(1u64 << i);
        }
        Ok(())
    }
}

/// `PyDict_Watch`.
///
/// # Safety
/// `d` NULL or live.
pub unsafe fn dict_watch(id: c_int, d: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe { watch_or_unwatch(id, d, true) }
}

/// `PyDict_Unwatch`.
///
/// # Safety
/// `d` NULL or live.
pub unsafe fn dict_unwatch(id: c_int, d: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe { watch_or_unwatch(id, d, false) }
}

/// Runs the callbacks of a watched dict for `event` (before the change);
/// failures are reported as unraisable with the context
/// `PyDict_EVENT_<X> watcher callback for <dict at 0x...>`.
///
/// # Safety
/// `d` a live dict with a non-zero mask; `key`, `value` NULL or live.
#[cold]
#[inline(never)]
pub unsafe fn notify_dict(
    event: DictEvent,
    d: *mut PyObject,
    key: *mut PyObject,
    value: *mut PyObject,
) {
    // SAFETY: C callbacks with the 3.12 signature; borrowed arguments.
    unsafe {
        DICT_WATCHERS.dispatch(
            dict_mask(d),
            |_, cb| {
                if cb(event as c_int, d, key, value) < 0 {
                    Err(())
                } else {
                    Ok(())
                }
            },
            |_, ()| {
                let ctx = unicode::from_str(&format!(
                    "{} watcher callback for <dict at {:p}>",
                    event.name(),
                    d
                ));
                match ctx {
                    Ok(c) => err::write_unraisable(c.as_ptr()),
                    Err(_) => err::write_unraisable(std::ptr::null_mut()),
                }
            },
        );
    }
}

/// The DEALLOCATED event of a watched dict whose refcount reached zero:
/// the dict is revived (refcount 1) for the callbacks, intact. Returns
/// whether deallocation goes on; `false` when a callback kept a reference
/// (the dict lives on, still watched).
///
/// # Safety
/// `d` a dict whose refcount just reached zero, with a non-zero mask.
#[cold]
#[inline(never)]
pub unsafe fn notify_dict_dealloc(d: *mut PyObject) -> bool {
    // SAFETY: the object is intact until its dealloc goes on; the
    // temporary reference is taken and dropped by hand, never through
    // decref (which would re-enter dealloc).
    unsafe {
        (*d).ob_refcnt = 1;
        notify_dict(
            DictEvent::Deallocated,
            d,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        );
        (*d).ob_refcnt -= 1;
        (*d).ob_refcnt == 0
    }
}
