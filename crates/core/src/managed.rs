//! Managed instance dictionaries (`Py_TPFLAGS_MANAGED_DICT`): attributes
//! live in a small values array keyed by the type's *shared keys* until
//! someone asks for `__dict__`, which then materializes a real dict that
//! takes over.
//!
//! The dict-or-values word sits in the pre-header at -24, where CPython 3.12
//! keeps it. It holds 0 (no attributes), a values array tagged with the low
//! bit, or a dict. A values array holds the first `used` shared keys of the
//! type, in that order: an instance that adds attributes in another order,
//! deletes one, or outgrows the shared keys (30, as CPython) gets a dict.

use crate::err::{self, PyResult};
use crate::heaptype::PyHeapTypeObject;
use crate::mem::{self, Domain};
use crate::object::*;
use crate::typeobj::{flags, PyTypeObject};
use crate::{dict, unicode};
use std::ffi::{c_int, c_void};
use std::ptr;

/// Most keys a type shares (CPython's `SHARED_KEYS_MAX_SIZE`).
pub const SHARED_KEYS_MAX: usize = 30;

/// The keys a heap type's instances share (owned, interned strs).
#[derive(Debug, Default)]
pub struct SharedKeys {
    /// Keys in the order instances first set them.
    pub keys: Vec<*mut PyObject>,
}

/// Header of a values array; `capacity` value slots follow.
#[repr(C)]
struct Values {
    capacity: u32,
    used: u32,
}

const VALUES_HEADER: usize = std::mem::size_of::<Values>();

enum Form {
    Empty,
    Values(*mut Values),
    Dict(*mut PyObject),
}

#[inline(always)]
unsafe fn word(obj: *mut PyObject) -> *mut usize {
    // SAFETY: managed-dict objects have the word at -24 (caller's contract).
    unsafe { (obj as *mut u8).sub(24) as *mut usize }
}

#[inline(always)]
unsafe fn form(obj: *mut PyObject) -> Form {
    // SAFETY: forwarded.
    let w = unsafe { *word(obj) };
    if w == 0 {
        Form::Empty
    } else if w & 1 == 1 {
        Form::Values((w & !1) as *mut Values)
    } else {
        Form::Dict(w as *mut PyObject)
    }
}

#[inline(always)]
unsafe fn slots(v: *mut Values) -> *mut *mut PyObject {
    // SAFETY: the slots follow the header.
    unsafe { (v as *mut u8).add(VALUES_HEADER) as *mut *mut PyObject }
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

/// Frees a type's shared keys (heap-type teardown).
///
/// # Safety
/// `p` must come from [`shared_keys`] and no instance may still use it.
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

#[inline]
unsafe fn key_index(sk: *mut SharedKeys, name: *mut PyObject) -> Option<usize> {
    // SAFETY: keys are live interned strs; `name` is a live str.
    unsafe {
        let keys = &(*sk).keys;
        if let Some(i) = keys.iter().position(|&k| k == name) {
            return Some(i);
        }
        keys.iter().position(|&k| unicode::eq(k, name))
    }
}

/// Looks an attribute up in the managed dict of `obj` (borrowed value).
///
/// # Safety
/// `obj` live with a managed dict; `name` a live str.
#[inline]
pub unsafe fn get(obj: *mut PyObject, name: *mut PyObject) -> PyResult<Option<*mut PyObject>> {
    // SAFETY: forwarded.
    unsafe {
        match form(obj) {
            Form::Empty => Ok(None),
            Form::Dict(d) => dict::get(d, name),
            Form::Values(v) => {
                let sk = shared_keys((*obj).ob_type);
                match key_index(sk, name) {
                    Some(i) if i < (*v).used as usize => Ok(Some(*slots(v).add(i))),
                    _ => Ok(None),
                }
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
        let t = (*obj).ob_type;
        if let Form::Dict(d) = form(obj) {
            return set_in_dict(d, name, value);
        }
        let sk = shared_keys(t);
        if value.is_null() || sk.is_null() || !unicode::check_exact(name) {
            let d = materialize(obj)?;
            return set_in_dict(d, name, value);
        }
        let (v, used) = match form(obj) {
            Form::Values(v) => (v, (*v).used as usize),
            _ => (ptr::null_mut(), 0),
        };
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
                let slot = slots(v).add(i);
                let old = *slot;
                *slot = new_ref(value);
                decref(old);
                Ok(true)
            }
            Some(i) if i == used => {
                let v = reserve(obj, v, used + 1)?;
                *slots(v).add(i) = new_ref(value);
                (*v).used += 1;
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

/// Makes room for `need` values, (re)allocating the array.
unsafe fn reserve(obj: *mut PyObject, v: *mut Values, need: usize) -> PyResult<*mut Values> {
    // SAFETY: the array belongs to `obj`; the word is updated on success.
    unsafe {
        if !v.is_null() && (*v).capacity as usize >= need {
            return Ok(v);
        }
        let sk = shared_keys((*obj).ob_type);
        let cap = need.max((*sk).keys.len()).clamp(1, SHARED_KEYS_MAX);
        let bytes = VALUES_HEADER + cap * std::mem::size_of::<*mut PyObject>();
        let nv = if v.is_null() {
            let p = mem::malloc_in(Domain::Obj, bytes) as *mut Values;
            if !p.is_null() {
                (*p).used = 0;
            }
            p
        } else {
            mem::realloc_in(Domain::Obj, v as *mut u8, bytes) as *mut Values
        };
        if nv.is_null() {
            return Err(err::no_memory());
        }
        (*nv).capacity = cap as u32;
        *word(obj) = nv as usize | 1;
        Ok(nv)
    }
}

/// Turns the values into a real dict stored in the word (or creates an
/// empty one) and returns it (borrowed).
///
/// # Safety
/// `obj` live with a managed dict.
pub unsafe fn materialize(obj: *mut PyObject) -> PyResult<*mut PyObject> {
    // SAFETY: forwarded; the values' references move into the dict.
    unsafe {
        match form(obj) {
            Form::Dict(d) => Ok(d),
            Form::Empty => {
                let d = dict::new()?.into_raw();
                *word(obj) = d as usize;
                Ok(d)
            }
            Form::Values(v) => {
                let sk = shared_keys((*obj).ob_type);
                let d = dict::new()?;
                for i in 0..(*v).used as usize {
                    let k = (&(*sk).keys)[i];
                    dict::set(d.as_ptr(), k, *slots(v).add(i))?;
                }
                let d = d.into_raw();
                *word(obj) = d as usize;
                for i in 0..(*v).used as usize {
                    decref(*slots(v).add(i));
                }
                mem::free_in(Domain::Obj, v as *mut u8);
                Ok(d)
            }
        }
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

/// `_PyObject_VisitManagedDict`: each value while in values form, the dict
/// once materialized.
///
/// # Safety
/// `obj` live; `visit` a valid visitor.
pub unsafe fn visit(
    obj: *mut PyObject,
    visit: crate::typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        if !has_managed_dict(obj) {
            return 0;
        }
        match form(obj) {
            Form::Empty => 0,
            Form::Dict(d) => crate::gc::visit_all([d], visit, arg),
            Form::Values(v) => crate::gc::visit_all(
                (0..(*v).used as usize).map(|i| *slots(v).add(i)),
                visit,
                arg,
            ),
        }
    }
}

/// `_PyObject_ClearManagedDict`: drops the values or the dict.
///
/// # Safety
/// `obj` live or being deallocated.
pub unsafe fn clear(obj: *mut PyObject) {
    // SAFETY: forwarded; the word is emptied before references drop.
    unsafe {
        if !has_managed_dict(obj) {
            return;
        }
        let f = form(obj);
        *word(obj) = 0;
        match f {
            Form::Empty => {}
            Form::Dict(d) => decref(d),
            Form::Values(v) => {
                for i in 0..(*v).used as usize {
                    decref(*slots(v).add(i));
                }
                mem::free_in(Domain::Obj, v as *mut u8);
            }
        }
    }
}
