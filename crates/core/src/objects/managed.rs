//! Managed instance dictionaries (`Py_TPFLAGS_MANAGED_DICT`): attributes
//! live *inside the object's memory*, keyed by the type's shared keys, until
//! someone asks for `__dict__`, which then materializes a real dict that
//! takes over.
//!
//! Layout of a managed object (the pre-header is 32 bytes):
//!
//! | offset | content |
//! |---|---|
//! | -32 | weakref list (`tp_weaklistoffset = -32`, as CPython 3.12) |
//! | -24 | the dict-or-values word (as CPython 3.12) |
//! | -16, -8 | attribute slots 0 and 1 (CPython has its GC header here; Ophis keeps GC state in the allocator, see [`crate::runtime::gc`]) |
//! | 0 .. basicsize | the object |
//! | basicsize .. | attribute slots 2.. (for types without items) |
//!
//! The word is 0 (no attributes, two slots), a tagged value (low bit 1)
//! holding the inline capacity and the number used, a tagged pointer (low
//! bits `10`) to an external values array when the inline slots ran out, or
//! a dict. Values hold the first `used` shared keys of the type in that
//! order; an instance that adds attributes in another order or deletes one
//! gets a dict instead. New instances get as many inline slots as the type
//! has shared keys (up to 30, CPython's limit), so a class whose `__init__`
//! sets the same attributes every time keeps them all inline; only the
//! first instances, created while the type learns its keys, spill.

use crate::objects::heaptype::PyHeapTypeObject;
use crate::objects::object::*;
use crate::objects::typeobj::{flags, PyTypeObject};
use crate::runtime::err::PyResult;
use crate::{objects::dict, objects::unicode};
use std::ffi::{c_int, c_void};
use std::ptr;

/// Most keys a type shares (CPython's `SHARED_KEYS_MAX_SIZE`).
pub const SHARED_KEYS_MAX: usize = 30;
/// Slots every managed object has in its pre-header.
pub const PREHEADER_SLOTS: usize = 2;

/// The keys a heap type's instances share (owned, interned strs).
#[derive(Debug, Default)]
pub struct SharedKeys {
    /// Keys in the order instances first set them.
    pub keys: Vec<*mut PyObject>,
}

enum Form {
    /// Inline slots: capacity and number used.
    Values(usize, usize),
    /// An external values array.
    External(*mut External),
    Dict(*mut PyObject),
}

/// A values array outside the object (after the inline slots ran out).
#[repr(C)]
struct External {
    capacity: usize,
    used: usize,
    slots: [*mut PyObject; SHARED_KEYS_MAX],
}

#[inline(always)]
unsafe fn word(obj: *mut PyObject) -> *mut usize {
    // SAFETY: managed-dict objects have the word at -24 (caller's contract).
    unsafe { (obj as *mut u8).sub(24) as *mut usize }
}

#[inline(always)]
fn values_word(cap: usize, used: usize) -> usize {
    1 | (cap << 1) | (used << 7)
}

#[inline(always)]
unsafe fn form(obj: *mut PyObject) -> Form {
    // SAFETY: forwarded.
    let w = unsafe { *word(obj) };
    if w == 0 {
        Form::Values(PREHEADER_SLOTS, 0)
    } else if w & 1 == 1 {
        Form::Values((w >> 1) & 0x3f, (w >> 7) & 0x3f)
    } else if w & 2 == 2 {
        Form::External((w & !3) as *mut External)
    } else {
        Form::Dict(w as *mut PyObject)
    }
}

/// Address of attribute slot `i` of `obj`.
#[inline(always)]
unsafe fn slot(obj: *mut PyObject, i: usize) -> *mut *mut PyObject {
    // SAFETY: slots 0 and 1 are in the pre-header, the rest after the body
    // (the object was allocated with room for its capacity).
    unsafe {
        if i < PREHEADER_SLOTS {
            (obj as *mut u8).sub(16).add(8 * i) as *mut *mut PyObject
        } else {
            let bs = (*(*obj).ob_type).tp_basicsize as usize;
            (obj as *mut u8).add(bs + 8 * (i - PREHEADER_SLOTS)) as *mut *mut PyObject
        }
    }
}

/// Whether `obj`'s type has a managed dict.
///
/// # Safety
/// `obj` must be live.
#[inline(always)]
pub unsafe fn has_managed_dict(obj: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { (*(*obj).ob_type).tp_flags & flags::MANAGED_DICT != 0 }
}

/// The shared keys of `t` (created on first use), or NULL if `t` is not a
/// heap type.
#[inline(always)]
unsafe fn shared_keys(t: *mut PyTypeObject) -> *mut SharedKeys {
    // SAFETY: heap types are PyHeapTypeObjects; `ht_cached_keys` is ours.
    unsafe {
        if (*t).tp_flags & flags::HEAPTYPE == 0 {
            return ptr::null_mut();
        }
        let ht = t as *mut PyHeapTypeObject;
        if (*ht).ht_cached_keys.is_null() {
            (*ht).ht_cached_keys = Box::into_raw(Box::<SharedKeys>::default()) as *mut c_void;
        }
        (*ht).ht_cached_keys as *mut SharedKeys
    }
}

/// Extra bytes after the body and the word to store for a new instance of
/// `t`: room for as many slots as the type has shared keys.
///
/// # Safety
/// `t` must be a live managed-dict type.
#[inline]
pub unsafe fn instance_layout(t: *mut PyTypeObject) -> (usize, usize) {
    // SAFETY: forwarded.
    unsafe {
        if (*t).tp_itemsize != 0 || (*t).tp_flags & flags::HEAPTYPE == 0 {
            return (0, 0);
        }
        let ht = t as *mut PyHeapTypeObject;
        let sk = (*ht).ht_cached_keys as *mut SharedKeys;
        let n = if sk.is_null() { 0 } else { (*sk).keys.len() };
        let cap = n.clamp(PREHEADER_SLOTS, SHARED_KEYS_MAX);
        (8 * (cap - PREHEADER_SLOTS), values_word(cap, 0))
    }
}

/// Frees a type's shared keys (heap-type teardown).
///
/// # Safety
/// `p` must come from `shared_keys` and no instance may still use it.
pub unsafe fn free_shared_keys(p: *mut c_void) {
    if p.is_null() {
        return;
    }
    // SAFETY: forwarded; the keys are owned references.
    unsafe {
        let sk = Box::from_raw(p as *mut SharedKeys);
        for k in sk.keys {
            decref(k);
        }
    }
}

#[inline(always)]
unsafe fn key_index(sk: *mut SharedKeys, name: *mut PyObject) -> Option<usize> {
    // SAFETY: keys are live interned strs; `name` is a live str.
    unsafe {
        let keys = &(*sk).keys;
        let (p, n) = (keys.as_ptr(), keys.len());
        for i in 0..n {
            if *p.add(i) == name {
                return Some(i);
            }
        }
        keys.iter().position(|&k| unicode::eq(k, name))
    }
}

/// The address of value `i` of `obj`'s managed values, when the dict is
/// still values (not materialized) and holds at least `i + 1` of them:
/// what the evaluator's specialized attribute instructions read and write
/// once they know `i` is the shared-key index of their name.
///
/// # Safety
/// `obj` live with a managed dict.
#[inline(always)]
pub unsafe fn value_slot(obj: *mut PyObject, i: usize) -> Option<*mut *mut PyObject> {
    // SAFETY: forwarded; `i` is checked against the number used.
    unsafe {
        match form(obj) {
            Form::Values(_, used) if i < used => Some(slot(obj, i)),
            Form::External(e) if i < (*e).used => Some(ptr::addr_of_mut!((*e).slots[i])),
            _ => None,
        }
    }
}

/// Whether `obj`'s managed dict is still values (its attributes are all
/// shared keys of its type).
///
/// # Safety
/// `obj` live with a managed dict.
#[inline(always)]
pub unsafe fn is_values(obj: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { !matches!(form(obj), Form::Dict(_)) }
}

/// The index of `name` among the shared keys of the heap type `t`, if it
/// is one (identity or str equality; never runs code).
///
/// # Safety
/// `t` a live type; `name` a live exact str.
pub unsafe fn shared_key_index(t: *mut PyTypeObject, name: *mut PyObject) -> Option<usize> {
    // SAFETY: forwarded.
    unsafe {
        let sk = shared_keys(t);
        if sk.is_null() {
            return None;
        }
        key_index(sk, name)
    }
}

/// How many shared keys the heap type `t` has (0 for other types). Keys
/// are only ever added, so an unchanged count means an unchanged set.
///
/// # Safety
/// `t` a live type.
#[inline(always)]
pub unsafe fn shared_keys_len(t: *mut PyTypeObject) -> usize {
    // SAFETY: heap types are PyHeapTypeObjects.
    unsafe {
        if (*t).tp_flags & flags::HEAPTYPE == 0 {
            return 0;
        }
        let sk = (*(t as *mut PyHeapTypeObject)).ht_cached_keys as *mut SharedKeys;
        if sk.is_null() {
            0
        } else {
            (*sk).keys.len()
        }
    }
}

/// Looks an attribute up in the managed dict of `obj` (borrowed value).
///
/// # Safety
/// `obj` live with a managed dict; `name` a live str.
#[inline(always)]
pub unsafe fn get(obj: *mut PyObject, name: *mut PyObject) -> PyResult<Option<*mut PyObject>> {
    // SAFETY: forwarded.
    unsafe {
        match form(obj) {
            Form::Dict(d) => dict::get(d, name),
            Form::External(e) => {
                let sk = shared_keys((*obj).ob_type);
                match key_index(sk, name) {
                    Some(i) if i < (*e).used => Ok(Some((*e).slots[i])),
                    _ => Ok(None),
                }
            }
            Form::Values(_, 0) => Ok(None),
            Form::Values(_, used) => {
                let sk = shared_keys((*obj).ob_type);
                match key_index(sk, name) {
                    Some(i) if i < used => Ok(Some(*slot(obj, i))),
                    _ => Ok(None),
                }
            }
        }
    }
}

/// The value of `name` in the managed dict of `obj` while the dict is
/// still values (no Python code runs: identity, then str comparison);
/// `None` when absent or when the dict is materialized.
///
/// # Safety
/// `obj` live with a managed dict; `name` an exact str.
#[inline(always)]
pub unsafe fn get_values(obj: *mut PyObject, name: *mut PyObject) -> Option<*mut PyObject> {
    // SAFETY: forwarded.
    unsafe {
        match form(obj) {
            Form::Dict(_) | Form::Values(_, 0) => None,
            Form::Values(_, used) => {
                let sk = shared_keys((*obj).ob_type);
                match key_index(sk, name) {
                    Some(i) if i < used => Some(*slot(obj, i)),
                    _ => None,
                }
            }
            Form::External(e) => {
                let sk = shared_keys((*obj).ob_type);
                match key_index(sk, name) {
                    Some(i) if i < (*e).used => Some((*e).slots[i]),
                    _ => None,
                }
            }
        }
    }
}

/// Replaces the value of an attribute `name` already stored in the managed
/// values of `obj` (`value` non-NULL, borrowed); false when the attribute
/// is not there or the dict is materialized (nothing changed then).
///
/// # Safety
/// `obj` live with a managed dict; `name` an exact str; `value` live.
#[inline(always)]
pub unsafe fn replace_value(obj: *mut PyObject, name: *mut PyObject, value: *mut PyObject) -> bool {
    // SAFETY: forwarded; the old value is released after the store, as in
    // the full path.
    unsafe {
        let s = match form(obj) {
            Form::Dict(_) | Form::Values(_, 0) => return false,
            Form::Values(_, used) => match key_index(shared_keys((*obj).ob_type), name) {
                Some(i) if i < used => slot(obj, i),
                _ => return false,
            },
            Form::External(e) => match key_index(shared_keys((*obj).ob_type), name) {
                Some(i) if i < (*e).used => ptr::addr_of_mut!((*e).slots[i]),
                _ => return false,
            },
        };
        let old = *s;
        *s = new_ref(value);
        decref(old);
        true
    }
}

/// Whether the managed dict of `obj` has `name`, when that can be answered
/// without running Python code (the values forms: identity, then str
/// comparison); `None` once the dict is materialized.
///
/// # Safety
/// `obj` live with a managed dict; `name` an exact str.
#[inline(always)]
pub unsafe fn has_pure(obj: *mut PyObject, name: *mut PyObject) -> Option<bool> {
    // SAFETY: forwarded.
    unsafe {
        match form(obj) {
            Form::Dict(_) => None,
            Form::Values(_, 0) => Some(false),
            Form::Values(_, used) => {
                let sk = shared_keys((*obj).ob_type);
                Some(matches!(key_index(sk, name), Some(i) if i < used))
            }
            Form::External(e) => {
                let sk = shared_keys((*obj).ob_type);
                Some(matches!(key_index(sk, name), Some(i) if i < (*e).used))
            }
        }
    }
}

/// Sets (`value` non-NULL) or deletes an attribute in the managed dict;
/// deleting a missing one returns `Ok(false)`.
///
/// # Safety
/// `obj` live with a managed dict; `name` a live str; `value` NULL or live.
pub unsafe fn set(obj: *mut PyObject, name: *mut PyObject, value: *mut PyObject) -> PyResult<bool> {
    // SAFETY: forwarded.
    unsafe {
        let (cap, used, ext) = match form(obj) {
            Form::Dict(d) => return set_in_dict(d, name, value),
            Form::Values(c, u) => (c, u, ptr::null_mut()),
            Form::External(e) => ((*e).capacity, (*e).used, e),
        };
        let sk = shared_keys((*obj).ob_type);
        if value.is_null() || sk.is_null() || !unicode::check_exact(name) {
            let d = materialize(obj)?;
            return set_in_dict(d, name, value);
        }
        let idx = match key_index(sk, name) {
            Some(i) => Some(i),
            None if (*sk).keys.len() == used && used < SHARED_KEYS_MAX => {
                let mut n = name;
                incref(n);
                unicode::intern_in_place(&mut n);
                (*sk).keys.push(n);
                Some(used)
            }
            None => None,
        };
        match idx {
            Some(i) if i < used => {
                let s = if ext.is_null() {
                    slot(obj, i)
                } else {
                    ptr::addr_of_mut!((*ext).slots[i])
                };
                let old = *s;
                *s = new_ref(value);
                decref(old);
                Ok(true)
            }
            Some(i) if i == used && i < cap => {
                if ext.is_null() {
                    *slot(obj, i) = new_ref(value);
                    *word(obj) = values_word(cap, used + 1);
                } else {
                    (*ext).slots[i] = new_ref(value);
                    (*ext).used = used + 1;
                }
                Ok(true)
            }
            Some(i) if i == used && ext.is_null() => {
                // The inline slots ran out: move the values out of line.
                let e = crate::runtime::mem::malloc_in(
                    crate::runtime::mem::Domain::Obj,
                    std::mem::size_of::<External>(),
                ) as *mut External;
                if e.is_null() {
                    return Err(crate::runtime::err::no_memory());
                }
                (*e).capacity = SHARED_KEYS_MAX;
                (*e).used = used + 1;
                for j in 0..used {
                    (*e).slots[j] = std::mem::replace(&mut *slot(obj, j), ptr::null_mut());
                }
                (*e).slots[i] = new_ref(value);
                *word(obj) = e as usize | 2;
                Ok(true)
            }
            _ => {
                let d = materialize(obj)?;
                set_in_dict(d, name, value)
            }
        }
    }
}

unsafe fn set_in_dict(
    d: *mut PyObject,
    name: *mut PyObject,
    value: *mut PyObject,
) -> PyResult<bool> {
    // SAFETY: forwarded.
    unsafe {
        if value.is_null() {
            if dict::get(d, name)?.is_none() {
                return Ok(false);
            }
            dict::del(d, name)?;
        } else {
            dict::set(d, name, value)?;
        }
        Ok(true)
    }
}

/// Turns the inline values into a real dict stored in the word and returns
/// it (borrowed).
///
/// # Safety
/// `obj` live with a managed dict.
pub unsafe fn materialize(obj: *mut PyObject) -> PyResult<*mut PyObject> {
    // SAFETY: forwarded; the slots' references move into the dict.
    unsafe {
        match form(obj) {
            Form::Dict(d) => Ok(d),
            Form::External(e) => {
                let used = (*e).used;
                let sk = shared_keys((*obj).ob_type);
                let d = dict::new()?;
                for i in 0..used {
                    let k = (&(*sk).keys)[i];
                    dict::set(d.as_ptr(), k, (*e).slots[i])?;
                }
                let d = d.into_raw();
                *word(obj) = d as usize;
                for i in 0..used {
                    decref((*e).slots[i]);
                }
                crate::runtime::mem::free_in(crate::runtime::mem::Domain::Obj, e as *mut u8);
                Ok(d)
            }
            Form::Values(_, used) => {
                let d = dict::new()?;
                if used > 0 {
                    let sk = shared_keys((*obj).ob_type);
                    for i in 0..used {
                        let k = (&(*sk).keys)[i];
                        dict::set(d.as_ptr(), k, *slot(obj, i))?;
                    }
                }
                let d = d.into_raw();
                *word(obj) = d as usize;
                for i in 0..used {
                    let s = slot(obj, i);
                    let v = std::mem::replace(&mut *s, ptr::null_mut());
                    decref(v);
                }
                Ok(d)
            }
        }
    }
}

/// The managed dict's slot (the pre-header word), the dict materialized
/// first.
///
/// # Safety
/// `obj` live with a managed dict.
pub unsafe fn dict_slot(obj: *mut PyObject) -> PyResult<*mut *mut PyObject> {
    // SAFETY: forwarded; after materializing, the word holds the dict.
    unsafe {
        materialize(obj)?;
        Ok(word(obj) as *mut *mut PyObject)
    }
}

/// Replaces the managed dict with `d` (`__dict__ = d`).
///
/// # Safety
/// `obj` live with a managed dict; `d` a live dict.
pub unsafe fn replace(obj: *mut PyObject, d: *mut PyObject) {
    // SAFETY: forwarded.
    unsafe {
        clear(obj);
        *word(obj) = new_ref(d) as usize;
    }
}

/// `_PyObject_VisitManagedDict`: each value while inline, the dict once
/// materialized.
///
/// # Safety
/// `obj` live; `visit` a valid visitor.
pub unsafe fn visit(
    obj: *mut PyObject,
    visit: crate::objects::typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        if !has_managed_dict(obj) {
            return 0;
        }
        match form(obj) {
            Form::Dict(d) => crate::runtime::gc::visit_all([d], visit, arg),
            Form::External(e) => {
                crate::runtime::gc::visit_all((0..(*e).used).map(|i| (*e).slots[i]), visit, arg)
            }
            Form::Values(_, used) => {
                crate::runtime::gc::visit_all((0..used).map(|i| *slot(obj, i)), visit, arg)
            }
        }
    }
}

/// `_PyObject_ClearManagedDict`: drops the values or the dict; the object
/// keeps its inline capacity.
///
/// # Safety
/// `obj` live or being deallocated.
pub unsafe fn clear(obj: *mut PyObject) {
    // SAFETY: forwarded; the word is reset before references drop.
    unsafe {
        if !has_managed_dict(obj) {
            return;
        }
        match form(obj) {
            Form::Dict(d) => {
                *word(obj) = 0;
                decref(d);
            }
            Form::External(e) => {
                *word(obj) = 0;
                for i in 0..(*e).used {
                    decref((*e).slots[i]);
                }
                crate::runtime::mem::free_in(crate::runtime::mem::Domain::Obj, e as *mut u8);
            }
            Form::Values(cap, used) => {
                *word(obj) = if cap == PREHEADER_SLOTS {
                    0
                } else {
                    values_word(cap, 0)
                };
                for i in 0..used {
                    let s = slot(obj, i);
                    let v = std::mem::replace(&mut *s, ptr::null_mut());
                    decref(v);
                }
            }
        }
    }
}
