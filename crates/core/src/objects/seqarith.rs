//! `+` and `*` of the builtin sequences: the `sq_concat` / `sq_repeat`
//! slots of `list`, `tuple`, `str` and `bytes`, and `list`'s in-place
//! `sq_inplace_concat` (any iterable, as `list.extend`) and
//! `sq_inplace_repeat`, with CPython 3.12's errors. A repeat count of zero
//! or less gives an empty sequence; an immutable sequence repeated once or
//! concatenated with an empty one is returned as it is when exact.

use crate::objects::object::*;
use crate::runtime::err::{self, PyResult};
use crate::{
    objects::bytes, objects::list, objects::tuple, objects::typeobj, objects::unicode,
    protocols::abstract_, runtime::lifecycle,
};

fn result(r: PyResult<Owned>) -> *mut PyObject {
    err::into_ptr(r)
}

fn repeat_items(items: &[*mut PyObject], n: isize) -> PyResult<Vec<*mut PyObject>> {
    let n = n.max(0) as usize;
    let total = items
        .len()
        .checked_mul(n)
        .filter(|t| *t <= isize::MAX as usize / 8)
        .ok_or_else(err::no_memory)?;
    let mut v = Vec::new();
    v.try_reserve_exact(total).map_err(|_| err::no_memory())?;
    for _ in 0..n {
        v.extend_from_slice(items);
    }
    Ok(v)
}

/// `b` repeated `n` times (none for `n <= 0`); `MemoryError` when it
/// cannot be allocated.
fn repeat_bytes(b: &[u8], n: isize) -> PyResult<Vec<u8>> {
    let n = n.max(0) as usize;
    let total = b.len().checked_mul(n).ok_or_else(err::no_memory)?;
    let mut v = Vec::new();
    v.try_reserve_exact(total).map_err(|_| err::no_memory())?;
    for _ in 0..n {
        v.extend_from_slice(b);
    }
    Ok(v)
}

fn concat_error(kind: &str, other: *mut PyObject) -> err::Raised {
    // SAFETY: a live operand.
    let name = unsafe { typeobj::full_name((*other).ob_type) };
    err::type_error(&format!(
        "can only concatenate {kind} (not \"{name}\") to {kind}"
    ))
}

/// `list + list`.
pub(crate) unsafe extern "C" fn list_concat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a list; items are referenced by the new list.
    unsafe {
        if !list::check(b) {
            return concat_error("list", b).into();
        }
        let (na, nb) = (list::size(a) as usize, list::size(b) as usize);
        let out = match list::new((na + nb) as isize) {
            Ok(l) => l,
            Err(e) => return e.into(),
        };
        let dst = (*(out.as_ptr() as *mut list::PyListObject)).ob_item;
        let (ia, ib) = (
            (*(a as *mut list::PyListObject)).ob_item,
            (*(b as *mut list::PyListObject)).ob_item,
        );
        for i in 0..na {
            *dst.add(i) = new_ref(*ia.add(i));
        }
        for i in 0..nb {
            *dst.add(na + i) = new_ref(*ib.add(i));
        }
        out.into_raw()
    }
}

/// `list * n`.
pub(crate) unsafe extern "C" fn list_repeat(a: *mut PyObject, n: isize) -> *mut PyObject {
    // SAFETY: slot on a list.
    unsafe {
        let items: Vec<*mut PyObject> = (0..list::size(a)).map(|i| list::item(a, i)).collect();
        result(repeat_items(&items, n).and_then(|v| {
            list::from_owned(v.into_iter().map(|p| Owned::from_borrowed(p)).collect())
        }))
    }
}

/// `l += iterable`: extends `l` in place and returns it.
pub(crate) unsafe extern "C" fn list_inplace_concat(
    a: *mut PyObject,
    b: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot on a list; the items are collected before appending.
    unsafe {
        let r = (|| -> PyResult<()> {
            for x in abstract_::collect(b, "")? {
                list::append(a, x.as_ptr())?;
            }
            Ok(())
        })();
        match r {
            Ok(()) => new_ref(a),
            Err(e) => e.into(),
        }
    }
}

/// `l *= n`: repeats `l` in place (clears it for `n <= 0`) and returns it.
pub(crate) unsafe extern "C" fn list_inplace_repeat(a: *mut PyObject, n: isize) -> *mut PyObject {
    // SAFETY: slot on a list; the items are held while the list changes.
    unsafe {
        let items = list::to_vec(a);
        let r = (|| -> PyResult<()> {
            if n <= 0 {
                while list::size(a) > 0 {
                    list::pop_at(a, list::size(a) - 1)?;
                }
                return Ok(());
            }
            let ptrs: Vec<*mut PyObject> = items.iter().map(|o| o.as_ptr()).collect();
            let more = repeat_items(&ptrs, n - 1)?;
            for x in more {
                list::append(a, x)?;
            }
            Ok(())
        })();
        match r {
            Ok(()) => new_ref(a),
            Err(e) => e.into(),
        }
    }
}

/// `tuple + tuple`.
pub(crate) unsafe extern "C" fn tuple_concat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a tuple.
    unsafe {
        if !tuple::check(b) {
            return concat_error("tuple", b).into();
        }
        // (CPython shortcuts `t + ()` only)
        if tuple::size(b) == 0 && (*a).ob_type == lifecycle::tuple_type() {
            return new_ref(a);
        }
        let (na, nb) = (tuple::size(a) as usize, tuple::size(b) as usize);
        let out = match tuple::new((na + nb) as isize) {
            Ok(t) => t,
            Err(e) => return e.into(),
        };
        let dst = tuple::items(out.as_ptr());
        for i in 0..na {
            *dst.add(i) = new_ref(tuple::item(a, i as isize));
        }
        for i in 0..nb {
            *dst.add(na + i) = new_ref(tuple::item(b, i as isize));
        }
        out.into_raw()
    }
}

/// `tuple * n`.
pub(crate) unsafe extern "C" fn tuple_repeat(a: *mut PyObject, n: isize) -> *mut PyObject {
    // SAFETY: slot on a tuple.
    unsafe {
        if n == 1 && (*a).ob_type == lifecycle::tuple_type() {
            return new_ref(a);
        }
        let items: Vec<*mut PyObject> = (0..tuple::size(a)).map(|i| tuple::item(a, i)).collect();
        result(repeat_items(&items, n).and_then(|v| tuple::new_from(&v)))
    }
}

/// `str + str`.
pub(crate) unsafe extern "C" fn str_concat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a str.
    result(unsafe { unicode::concat(a, b) })
}

/// `str * n`.
pub(crate) unsafe extern "C" fn str_repeat(a: *mut PyObject, n: isize) -> *mut PyObject {
    // SAFETY: slot on a str.
    unsafe {
        if n == 1 && unicode::check_exact(a) {
            return new_ref(a);
        }
        let b = unicode::as_bytes(a);
        result(repeat_bytes(b, n).and_then(|v| unicode::from_wtf8(&v)))
    }
}

/// `bytes + bytes`.
pub(crate) unsafe extern "C" fn bytes_concat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on bytes.
    unsafe {
        if !bytes::check(b) {
            return err::type_error(&format!(
                "can't concat {} to {}",
                typeobj::full_name((*b).ob_type),
                typeobj::full_name((*a).ob_type)
            ))
            .into();
        }
        let mut v = bytes::as_slice(a).to_vec();
        v.extend_from_slice(bytes::as_slice(b));
        result(bytes::from_bytes(&v))
    }
}

/// `bytes * n`.
pub(crate) unsafe extern "C" fn bytes_repeat(a: *mut PyObject, n: isize) -> *mut PyObject {
    // SAFETY: slot on bytes.
    unsafe {
        if n == 1 && (*a).ob_type == lifecycle::bytes_type() {
            return new_ref(a);
        }
        let s = bytes::as_slice(a);
        result(repeat_bytes(s, n).and_then(|v| bytes::from_bytes(&v)))
    }
}
