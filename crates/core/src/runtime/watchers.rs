//! Watchers in the object core, on top of `ophis-watchers`: the dict,
//! type, code and function families.
//!
//! - A dict's watch mask is the low 8 bits of its `ma_version_tag`, where
//!   CPython 3.12 keeps it; a mutation of a dict whose mask is zero costs
//!   one test.
//! - A type's mask is `tp_watched`. A type reports a modification only
//!   while armed, i.e. while it has a valid version tag for the attribute
//!   cache (`typeobj::modified`): watching arms it, and so does any lookup
//!   through the cache.
//! - Code and function watchers watch every object: their mask is the
//!   registry's active set, one load when nothing watches.
//!
//! Events fire before the change (creation events once the object is
//! complete; destruction events with the object revived and intact,
//! resurrection allowed). A failing callback is reported as unraisable with
//! CPython's context string and the operation goes on.

use crate::objects::dict::PyDictObject;
use crate::objects::exceptions::Exc;
use crate::objects::object::*;
use crate::objects::typeobj::{self, PyTypeObject};
use crate::runtime::err::{self, PyResult};
use crate::{objects::dict, objects::unicode};
use ophis_watchers::{Callback, CodeEvent, DictEvent, Error, Family, FunctionEvent, Registry};
use std::ffi::c_int;

/// `PyDict_WatchCallback`.
pub type DictWatchCallback =
    unsafe extern "C" fn(c_int, *mut PyObject, *mut PyObject, *mut PyObject) -> c_int;

static DICT_WATCHERS: Registry<DictWatchCallback> = Registry::new(Family::Dict);

/// `PyCode_WatchCallback`.
pub type CodeWatchCallback = unsafe extern "C" fn(c_int, *mut PyObject) -> c_int;

/// `PyFunction_WatchCallback`.
pub type FuncWatchCallback = unsafe extern "C" fn(c_int, *mut PyObject, *mut PyObject) -> c_int;

/// `PyType_WatchCallback`.
pub type TypeWatchCallback = unsafe extern "C" fn(*mut PyTypeObject) -> c_int;

static TYPE_WATCHERS: Registry<TypeWatchCallback> = Registry::new(Family::Type);
static CODE_WATCHERS: Registry<CodeWatchCallback> = Registry::new(Family::Code);
static FUNC_WATCHERS: Registry<FuncWatchCallback> = Registry::new(Family::Function);

/// Raises the exception CPython raises for a registry error.
fn raise(e: Error) -> err::Raised {
    match e {
        Error::Full(_) => err::raise(Exc::RuntimeError, &e.to_string()),
        _ => err::value_error(&e.to_string()),
    }
}

/// `Py*_AddWatcher`: the lowest free id. A NULL callback is refused with
/// `ValueError` (CPython hands out an id it never fills, and for code and
/// function watchers later calls the NULL pointer).
fn add<C: Callback>(reg: &Registry<C>, cb: Option<C>, what: &str) -> PyResult<c_int> {
    let Some(cb) = cb else {
        return Err(err::value_error(&format!(
            "{what} watcher callback must not be NULL"
        )));
    };
    reg.add(cb).map(|i| i as c_int).map_err(raise)
}

/// `PyDict_AddWatcher`.
pub fn dict_add_watcher(cb: Option<DictWatchCallback>) -> PyResult<c_int> {
    add(&DICT_WATCHERS, cb, "dict")
}

/// `PyDict_ClearWatcher`: frees the id; dicts keep their bits.
pub fn dict_clear_watcher(id: c_int) -> PyResult<()> {
    DICT_WATCHERS.clear(id as i64).map(drop).map_err(raise)
}

/// `PyType_AddWatcher`.
pub fn type_add_watcher(cb: Option<TypeWatchCallback>) -> PyResult<c_int> {
    add(&TYPE_WATCHERS, cb, "type")
}

/// `PyType_ClearWatcher`: frees the id; types keep their bits.
pub fn type_clear_watcher(id: c_int) -> PyResult<()> {
    TYPE_WATCHERS.clear(id as i64).map(drop).map_err(raise)
}

/// `PyType_Watch`: sets the bit and arms the type (even one already
/// watched), so its next modification is reported.
///
/// # Safety
/// `t` NULL or live.
pub unsafe fn type_watch(id: c_int, t: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let t = type_subject(t)?;
        let i = TYPE_WATCHERS.check(id as i64).map_err(raise)?;
        (*t).tp_watched |= 1 << i;
        typeobj::assign_version_tag(t);
        Ok(())
    }
}

/// `PyType_Unwatch`: clears the bit; arming is unchanged.
///
/// # Safety
/// `t` NULL or live.
pub unsafe fn type_unwatch(id: c_int, t: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let t = type_subject(t)?;
        let i = TYPE_WATCHERS.check(id as i64).map_err(raise)?;
        (*t).tp_watched &= !(1 << i);
        Ok(())
    }
}

unsafe fn type_subject(t: *mut PyObject) -> PyResult<*mut PyTypeObject> {
    // SAFETY: forwarded.
    unsafe {
        if t.is_null() || !typeobj::is_type(t) {
            return Err(err::value_error("Cannot watch non-type"));
        }
        Ok(t as *mut PyTypeObject)
    }
}

/// Runs the type watchers in `t`'s mask (called by `typeobj::modified`
/// while `t` is armed); a failure is reported as unraisable with the type
/// itself as the object.
///
/// # Safety
/// `t` a live type with a non-zero `tp_watched`.
#[cold]
#[inline(never)]
pub unsafe fn notify_type(t: *mut PyTypeObject) {
    // SAFETY: C callbacks with the 3.12 signature; `t` borrowed.
    unsafe {
        TYPE_WATCHERS.dispatch(
            (*t).tp_watched,
            |_, cb| if cb(t) < 0 { Err(()) } else { Ok(()) },
            |_, ()| err::write_unraisable(t as *mut PyObject),
        );
    }
}

/// `PyCode_AddWatcher`.
pub fn code_add_watcher(cb: Option<CodeWatchCallback>) -> PyResult<c_int> {
    add(&CODE_WATCHERS, cb, "code")
}

/// `PyCode_ClearWatcher`.
pub fn code_clear_watcher(id: c_int) -> PyResult<()> {
    CODE_WATCHERS.clear(id as i64).map(drop).map_err(raise)
}

/// `PyFunction_AddWatcher`.
pub fn func_add_watcher(cb: Option<FuncWatchCallback>) -> PyResult<c_int> {
    add(&FUNC_WATCHERS, cb, "func")
}

/// `PyFunction_ClearWatcher`.
pub fn func_clear_watcher(id: c_int) -> PyResult<()> {
    FUNC_WATCHERS.clear(id as i64).map(drop).map_err(raise)
}

/// Whether any code watcher is registered.
#[inline(always)]
pub fn code_watched() -> bool {
    CODE_WATCHERS.active() != 0
}

/// Whether any function watcher is registered.
#[inline(always)]
pub fn func_watched() -> bool {
    FUNC_WATCHERS.active() != 0
}

/// Reports a failed callback as unraisable with the context string
/// `"{event} watcher callback for {repr}"`; `None` as the object when the
/// string cannot be built.
fn report_failure(event: &str, subject: PyResult<String>) {
    let ctx = subject.and_then(|r| unicode::from_str(&format!("{event} watcher callback for {r}")));
    match ctx {
        // SAFETY: a live str; the callback's exception is pending.
        Ok(c) => unsafe { err::write_unraisable(c.as_ptr()) },
        Err(_) => {
            // the pending error is now the one from building the string
            // SAFETY: None is immortal.
            unsafe { err::write_unraisable(crate::runtime::lifecycle::none()) }
        }
    }
}

/// The repr of `op` as a Rust string (for a context string).
///
/// # Safety
/// `op` live.
unsafe fn repr_of(op: *mut PyObject) -> PyResult<String> {
    // SAFETY: forwarded.
    unsafe { crate::protocols::abstract_::repr_string(op) }
}

/// Runs the code watchers for `event` on `co`.
///
/// # Safety
/// `co` a live code object.
#[cold]
#[inline(never)]
pub unsafe fn notify_code(event: CodeEvent, co: *mut PyObject) {
    // SAFETY: C callbacks with the 3.12 signature; `co` borrowed.
    unsafe {
        CODE_WATCHERS.dispatch(
            CODE_WATCHERS.active(),
            |_, cb| {
                if cb(event as c_int, co) < 0 {
                    Err(())
                } else {
                    Ok(())
                }
            },
            |_, ()| report_failure(event.name(), repr_of(co)),
        );
    }
}

/// Runs the function watchers for `event` on `f` with `new_value` (NULL
/// where the event has none).
///
/// # Safety
/// `f` a live function; `new_value` NULL or live.
#[cold]
#[inline(never)]
pub unsafe fn notify_func(event: FunctionEvent, f: *mut PyObject, new_value: *mut PyObject) {
    // SAFETY: C callbacks with the 3.12 signature; borrowed arguments.
    unsafe {
        FUNC_WATCHERS.dispatch(
            FUNC_WATCHERS.active(),
            |_, cb| {
                if cb(event as c_int, f, new_value) < 0 {
                    Err(())
                } else {
                    Ok(())
                }
            },
            |_, ()| report_failure(event.name(), repr_of(f)),
        );
    }
}

/// Runs `notify` on an object whose refcount just reached zero, revived
/// (refcount 1) and intact. Returns whether deallocation goes on: `false`
/// when a callback kept a reference (the object lives on).
///
/// # Safety
/// `op` an object whose refcount just reached zero.
unsafe fn with_revived(op: *mut PyObject, notify: impl FnOnce()) -> bool {
    // SAFETY: the object is intact until its dealloc goes on; the
    // temporary reference is taken and dropped by hand, never through
    // decref (which would re-enter dealloc).
    unsafe {
        (*op).ob_refcnt = 1;
        notify();
        (*op).ob_refcnt -= 1;
        (*op).ob_refcnt == 0
    }
}

/// The DESTROY event of a code object (see `with_revived`).
///
/// # Safety
/// As for `with_revived`; `co` a code object.
#[cold]
#[inline(never)]
pub unsafe fn notify_code_dealloc(co: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { with_revived(co, || notify_code(CodeEvent::Destroy, co)) }
}

/// The DESTROY event of a function (see `with_revived`).
///
/// # Safety
/// As for `with_revived`; `f` a function.
#[cold]
#[inline(never)]
pub unsafe fn notify_func_dealloc(f: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe {
        with_revived(f, || {
            notify_func(FunctionEvent::Destroy, f, std::ptr::null_mut())
        })
    }
}

/// How many times a watched dict was reported changed or unwatched: the
/// bits of `ma_version_tag` above the watch mask (CPython 3.12 keeps a
/// version there; its value is not part of the API). Notifications and
/// `PyDict_Unwatch` move it, so a store that looked its slot up before
/// the callbacks can tell whether they left the dict alone.
///
/// # Safety
/// `d` a live dict.
#[inline(always)]
pub unsafe fn dict_mutations(d: *mut PyObject) -> u64 {
    // SAFETY: a live dict.
    unsafe { (*(d as *mut PyDictObject)).ma_version_tag >> 8 }
}

/// Moves [`dict_mutations`] on.
unsafe fn bump_mutations(d: *mut PyObject) {
    // SAFETY: a live dict.
    unsafe {
        let tag = &mut (*(d as *mut PyDictObject)).ma_version_tag;
        *tag = tag.wrapping_add(1 << 8);
    }
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
            bump_mutations(d);
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
    // SAFETY: forwarded.
    unsafe { dispatch_dict(event, d, key, value) }
}

/// [`notify_dict`], then whether the callbacks left the dict alone: its
/// mutation count ([`dict_mutations`]) moved by this notification only.
/// One call for the mutation paths that keep the slot they found.
///
/// # Safety
/// As for [`notify_dict`].
#[cold]
#[inline(never)]
pub unsafe fn notify_dict_unchanged(
    event: DictEvent,
    d: *mut PyObject,
    key: *mut PyObject,
    value: *mut PyObject,
) -> bool {
    // SAFETY: forwarded.
    unsafe {
        let before = dict_mutations(d);
        dispatch_dict(event, d, key, value);
        dict_mutations(d) == before.wrapping_add(1)
    }
}

/// The body of [`notify_dict`]: the mutation count moved, then each
/// watcher of the dict's mask called in id order.
///
/// # Safety
/// As for [`notify_dict`].
#[inline(always)]
unsafe fn dispatch_dict(
    event: DictEvent,
    d: *mut PyObject,
    key: *mut PyObject,
    value: *mut PyObject,
) {
    // SAFETY: C callbacks with the 3.12 signature; borrowed arguments.
    unsafe {
        bump_mutations(d);
        DICT_WATCHERS.dispatch(
            dict_mask(d),
            |_, cb| {
                if cb(event as c_int, d, key, value) < 0 {
                    Err(())
                } else {
                    Ok(())
                }
            },
            |_, ()| report_dict_failure(event, d),
        );
    }
}

/// Reports a dict watcher's failure as unraisable (out of the dispatch
/// loop, which keeps no formatting state).
#[cold]
#[inline(never)]
fn report_dict_failure(event: DictEvent, d: *mut PyObject) {
    report_failure(event.name(), Ok(format!("<dict at {d:p}>")));
}

/// The DEALLOCATED event of a watched dict (see `with_revived`): the
/// dict keeps its bits if a callback resurrects it.
///
/// # Safety
/// As for `with_revived`; `d` a dict with a non-zero mask.
#[cold]
#[inline(never)]
pub unsafe fn notify_dict_dealloc(d: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe {
        with_revived(d, || {
            notify_dict(
                DictEvent::Deallocated,
                d,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        })
    }
}
