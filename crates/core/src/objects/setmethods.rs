//! The set algebra of `set` and `frozenset` as CPython 3.12's
//! `setobject.c` does it (which operand is iterated, when a copy is made,
//! the type of results: `set` for set subtypes, `frozenset` otherwise),
//! the Python-visible methods, the operators and comparisons, and the
//! iterator type `set_iterator` (`PySetIter_Type`) with its "Set changed
//! size during iteration" check.
//!
//! The methods take CPython's calling conventions (`METH_O`, `METH_NOARGS`
//! and `METH_VARARGS` for the `*others` forms), so the method descriptors
//! raise CPython's argument errors.

use crate::objects::methodobject::meth;
use crate::objects::object::*;
use crate::objects::setobject::{self as set, PySetObject};
use crate::objects::typeobj::{self, flags, PyMethodDef, PyTypeObject};
use crate::protocols::abstract_;
use crate::runtime::err::{self, PyResult};
use crate::{objects::iterobject, objects::list, objects::long, objects::tuple};
use crate::{objects::unicode, protocols::call, runtime::alloc, runtime::gc, runtime::lifecycle};
use std::ffi::{c_int, c_void};
use std::ptr;

type Plain = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

const fn def(
    name: &'static std::ffi::CStr,
    f: Plain,
    flags: c_int,
    doc: &'static std::ffi::CStr,
) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(f),
        ml_flags: flags,
        ml_doc: doc.as_ptr(),
    }
}

unsafe fn none() -> PyResult<Owned> {
    // SAFETY: None is immortal.
    Ok(unsafe { Owned::from_borrowed(lifecycle::none()) })
}

// ---- the algebra ----------------------------------------------------------

/// `set_copy`: a new set of the base type holding the same keys.
///
/// # Safety
/// `op` a live set or frozenset.
pub unsafe fn copy(op: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe { set::make_new_basetype((*op).ob_type, op) }
}

/// `set_intersection`.
unsafe fn intersection(op: *mut PyObject, other: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: live objects; keys are held while compared and added.
    unsafe {
        if op == other {
            return copy(op);
        }
        let result = set::make_new_basetype((*op).ob_type, ptr::null_mut())?;
        if set::any_check(other) {
            let (mut big, mut small) = (op, other);
            if set::size(other) > set::size(op) {
                std::mem::swap(&mut big, &mut small);
            }
            let mut pos = 0;
            while let Some(e) = set::next(small, &mut pos) {
                let key = Owned::from_borrowed(e.key);
                if set::contains_entry(big, key.as_ptr(), e.hash)? {
                    set::add_entry(result.as_ptr(), key.as_ptr(), e.hash)?;
                }
            }
            return Ok(result);
        }
        let it = iterobject::get_iter(other)?;
        while let Some(key) = iterobject::next(it.as_ptr())? {
            let hash = abstract_::hash(key.as_ptr())?;
            if set::contains_entry(op, key.as_ptr(), hash)? {
                set::add_entry(result.as_ptr(), key.as_ptr(), hash)?;
                if set::size(result.as_ptr()) >= set::size(op) {
                    break;
                }
            }
        }
        Ok(result)
    }
}

/// `set_intersection_multi`.
unsafe fn intersection_multi(op: *mut PyObject, args: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: a live set and a tuple.
    unsafe {
        if tuple::size(args) == 0 {
            return copy(op);
        }
        let mut result = Owned::from_borrowed(op);
        for i in 0..tuple::size(args) {
            result = intersection(result.as_ptr(), tuple::item(args, i))?;
        }
        Ok(result)
    }
}

/// `set_difference_update_internal`.
unsafe fn difference_update_internal(op: *mut PyObject, other: *mut PyObject) -> PyResult<()> {
    // SAFETY: live objects; keys are held while removed.
    unsafe {
        if op == other {
            set::clear(op);
            return Ok(());
        }
        if set::any_check(other) {
            let other = if (set::size(other) >> 3) > set::size(op) {
                intersection(op, other)?
            } else {
                Owned::from_borrowed(other)
            };
            let mut pos = 0;
            while let Some(e) = set::next(other.as_ptr(), &mut pos) {
                let key = Owned::from_borrowed(e.key);
                set::discard_entry(op, key.as_ptr(), e.hash)?;
            }
        } else {
            let it = iterobject::get_iter(other)?;
            while let Some(key) = iterobject::next(it.as_ptr())? {
                set::discard_key(op, key.as_ptr())?;
            }
        }
        let s = op as *mut PySetObject;
        if ((*s).fill - (*s).used) as usize <= (*s).mask as usize / 4 {
            return Ok(());
        }
        let used = (*s).used;
        set::resize(op, if used > 50000 { used * 2 } else { used * 4 })
    }
}

/// `set_copy_and_difference`.
unsafe fn copy_and_difference(op: *mut PyObject, other: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let r = copy(op)?;
        difference_update_internal(r.as_ptr(), other)?;
        Ok(r)
    }
}

/// `set_difference`.
unsafe fn difference(op: *mut PyObject, other: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: live objects; keys are held while looked up.
    unsafe {
        let is_dict = (*other).ob_type == lifecycle::dict_type();
        let other_size = if set::any_check(other) {
            set::size(other)
        } else if is_dict {
            crate::objects::dict::len(other)
        } else {
            return copy_and_difference(op, other);
        };
        if (set::size(op) >> 2) > other_size {
            return copy_and_difference(op, other);
        }
        let result = set::make_new_basetype((*op).ob_type, ptr::null_mut())?;
        let mut pos = 0;
        while let Some(e) = set::next(op, &mut pos) {
            let key = Owned::from_borrowed(e.key);
            let present = if is_dict {
                crate::objects::dict::get(other, key.as_ptr())?.is_some()
            } else {
                set::contains_entry(other, key.as_ptr(), e.hash)?
            };
            if !present {
                set::add_entry(result.as_ptr(), key.as_ptr(), e.hash)?;
            }
        }
        Ok(result)
    }
}

/// `set_difference_multi`.
unsafe fn difference_multi(op: *mut PyObject, args: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: a live set and a tuple.
    unsafe {
        let n = tuple::size(args);
        if n == 0 {
            return copy(op);
        }
        let result = difference(op, tuple::item(args, 0))?;
        for i in 1..n {
            difference_update_internal(result.as_ptr(), tuple::item(args, i))?;
        }
        Ok(result)
    }
}

/// `set_symmetric_difference_update`.
unsafe fn symmetric_difference_update(op: *mut PyObject, other: *mut PyObject) -> PyResult<()> {
    // SAFETY: live objects; keys are held while moved.
    unsafe {
        if op == other {
            set::clear(op);
            return Ok(());
        }
        let toggle = |key: *mut PyObject, hash| -> PyResult<()> {
            let key = Owned::from_borrowed(key);
            if !set::discard_entry(op, key.as_ptr(), hash)? {
                set::add_entry(op, key.as_ptr(), hash)?;
            }
            Ok(())
        };
        if (*other).ob_type == lifecycle::dict_type() {
            for (k, _) in crate::objects::dict::items_vec(other) {
                toggle(k.as_ptr(), set::key_hash(k.as_ptr())?)?;
            }
            return Ok(());
        }
        let other = if set::any_check(other) {
            Owned::from_borrowed(other)
        } else {
            set::make_new_basetype((*op).ob_type, other)?
        };
        let mut pos = 0;
        while let Some(e) = set::next(other.as_ptr(), &mut pos) {
            toggle(e.key, e.hash)?;
        }
        Ok(())
    }
}

/// `set_symmetric_difference`.
unsafe fn symmetric_difference(op: *mut PyObject, other: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let r = set::make_new_basetype((*op).ob_type, other)?;
        symmetric_difference_update(r.as_ptr(), op)?;
        Ok(r)
    }
}

/// `set_issubset`.
unsafe fn issubset(op: *mut PyObject, other: *mut PyObject) -> PyResult<bool> {
    // SAFETY: live objects; keys are held while looked up.
    unsafe {
        if !set::any_check(other) {
            let tmp = intersection(op, other)?;
            return Ok(set::size(tmp.as_ptr()) == set::size(op));
        }
        if set::size(op) > set::size(other) {
            return Ok(false);
        }
        let mut pos = 0;
        while let Some(e) = set::next(op, &mut pos) {
            let key = Owned::from_borrowed(e.key);
            if !set::contains_entry(other, key.as_ptr(), e.hash)? {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// `set_issuperset`.
unsafe fn issuperset(op: *mut PyObject, other: *mut PyObject) -> PyResult<bool> {
    // SAFETY: forwarded.
    unsafe {
        if set::any_check(other) {
            return issubset(other, op);
        }
        let it = iterobject::get_iter(other)?;
        while let Some(key) = iterobject::next(it.as_ptr())? {
            if !set::contains_key(op, key.as_ptr())? {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// `set_isdisjoint`.
unsafe fn isdisjoint(op: *mut PyObject, other: *mut PyObject) -> PyResult<bool> {
    // SAFETY: live objects; keys are held while looked up.
    unsafe {
        if op == other {
            return Ok(set::size(op) == 0);
        }
        if set::any_check_exact(other) {
            let (mut big, mut small) = (op, other);
            if set::size(other) > set::size(op) {
                std::mem::swap(&mut big, &mut small);
            }
            let mut pos = 0;
            while let Some(e) = set::next(small, &mut pos) {
                let key = Owned::from_borrowed(e.key);
                if set::contains_entry(big, key.as_ptr(), e.hash)? {
                    return Ok(false);
                }
            }
            return Ok(true);
        }
        let it = iterobject::get_iter(other)?;
        while let Some(key) = iterobject::next(it.as_ptr())? {
            if set::contains_key(op, key.as_ptr())? {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

// ---- operators ------------------------------------------------------------

unsafe fn not_implemented() -> *mut PyObject {
    // SAFETY: NotImplemented is immortal.
    unsafe { new_ref(lifecycle::not_implemented()) }
}

/// A binary operator: NotImplemented unless both are sets.
unsafe fn binary(
    a: *mut PyObject,
    b: *mut PyObject,
    f: unsafe fn(*mut PyObject, *mut PyObject) -> PyResult<Owned>,
) -> *mut PyObject {
    // SAFETY: live operands.
    unsafe {
        if !set::any_check(a) || !set::any_check(b) {
            return not_implemented();
        }
        err::into_ptr(f(a, b))
    }
}

/// An in-place operator: NotImplemented unless `b` is a set; `a` itself.
unsafe fn inplace(
    a: *mut PyObject,
    b: *mut PyObject,
    f: unsafe fn(*mut PyObject, *mut PyObject) -> PyResult<()>,
) -> *mut PyObject {
    // SAFETY: live operands.
    unsafe {
        if !set::any_check(b) {
            return not_implemented();
        }
        match f(a, b) {
            Ok(()) => new_ref(a),
            Err(e) => e.into(),
        }
    }
}

unsafe fn or(a: *mut PyObject, b: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: two live sets.
    unsafe {
        let r = copy(a)?;
        if a != b {
            set::update(r.as_ptr(), b)?;
        }
        Ok(r)
    }
}

unsafe fn intersection_update(a: *mut PyObject, b: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let tmp = intersection(a, b)?;
        set::swap_bodies(a, tmp.as_ptr());
        Ok(())
    }
}

/// `nb_or`.
pub(crate) unsafe extern "C" fn set_or(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot contract.
    unsafe { binary(a, b, or) }
}
/// `nb_and`.
pub(crate) unsafe extern "C" fn set_and(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot contract.
    unsafe { binary(a, b, intersection) }
}
/// `nb_subtract`.
pub(crate) unsafe extern "C" fn set_sub(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot contract.
    unsafe { binary(a, b, difference) }
}
/// `nb_xor`.
pub(crate) unsafe extern "C" fn set_xor(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot contract.
    unsafe { binary(a, b, symmetric_difference) }
}
/// `nb_inplace_or`.
pub(crate) unsafe extern "C" fn set_ior(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot contract.
    unsafe { inplace(a, b, |a, b| set::update(a, b)) }
}
/// `nb_inplace_and`.
pub(crate) unsafe extern "C" fn set_iand(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot contract.
    unsafe { inplace(a, b, intersection_update) }
}
/// `nb_inplace_subtract`.
pub(crate) unsafe extern "C" fn set_isub(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot contract.
    unsafe { inplace(a, b, difference_update_internal) }
}
/// `nb_inplace_xor`.
pub(crate) unsafe extern "C" fn set_ixor(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot contract.
    unsafe { inplace(a, b, symmetric_difference_update) }
}

/// `tp_richcompare`: subset ordering; `==` by size, cached hashes, then
/// inclusion.
pub(crate) unsafe extern "C" fn set_richcompare(
    v: *mut PyObject,
    w: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: slot contract: `v` a live set, `w` live.
    unsafe {
        if !set::any_check(w) {
            return not_implemented();
        }
        let (sv, sw) = (set::size(v), set::size(w));
        let r = match op {
            abstract_::EQ | abstract_::NE => {
                let (hv, hw) = (
                    (*(v as *mut PySetObject)).hash,
                    (*(w as *mut PySetObject)).hash,
                );
                let eq = if sv != sw || (hv != -1 && hw != -1 && hv != hw) {
                    Ok(false)
                } else {
                    issubset(v, w)
                };
                eq.map(|b| if op == abstract_::EQ { b } else { !b })
            }
            abstract_::LE => issubset(v, w),
            abstract_::GE => issuperset(v, w),
            abstract_::LT => {
                if sv >= sw {
                    Ok(false)
                } else {
                    issubset(v, w)
                }
            }
            abstract_::GT => {
                if sv <= sw {
                    Ok(false)
                } else {
                    issuperset(v, w)
                }
            }
            _ => return not_implemented(),
        };
        err::into_ptr(r.map(long::bool_from))
    }
}

// ---- methods --------------------------------------------------------------

macro_rules! method {
    ($(#[$m:meta])* fn $name:ident($s:ident, $a:ident) $body:block) => {
        $(#[$m])*
        #[allow(clippy::redundant_closure_call)]
        unsafe extern "C" fn $name($s: *mut PyObject, $a: *mut PyObject) -> *mut PyObject {
            let _ = &$a;
            // SAFETY: the method's calling convention: a live set, and a
            // live argument (METH_O) or tuple (METH_VARARGS).
            err::into_ptr(unsafe { (|| -> PyResult<Owned> { $body })() })
        }
    };
}

method! {
    /// `set.add(elem)`.
    fn m_add(s, key) { set::add_key(s, key)?; none() }
}
method! {
    /// `set.clear()`.
    fn m_clear(s, _a) { set::clear(s); none() }
}
method! {
    /// `set.copy()`.
    fn m_copy(s, _a) { copy(s) }
}
method! {
    /// `frozenset.copy()`: an exact frozenset is its own copy.
    fn m_frozen_copy(s, _a) {
        if (*s).ob_type == lifecycle::frozenset_type() {
            return Ok(Owned::from_borrowed(s));
        }
        copy(s)
    }
}
method! {
    /// `set.discard(elem)`.
    fn m_discard(s, key) {
        set::with_frozen_retry(key, |k| set::discard_key(s, k))?;
        none()
    }
}
method! {
    /// `set.remove(elem)`: `KeyError(elem)` when absent.
    fn m_remove(s, key) {
        if !set::with_frozen_retry(key, |k| set::discard_key(s, k))? {
            return Err(err::key_error(key));
        }
        none()
    }
}
method! {
    /// `set.pop()`.
    fn m_pop(s, _a) { set::pop(s) }
}
method! {
    /// `set.__contains__(elem)`.
    fn m_contains(s, key) { set::contains(s, key).map(long::bool_from) }
}
method! {
    /// `set.union(*others)`.
    fn m_union(s, args) {
        let r = copy(s)?;
        for i in 0..tuple::size(args) {
            let o = tuple::item(args, i);
            if o != s {
                set::update(r.as_ptr(), o)?;
            }
        }
        Ok(r)
    }
}
method! {
    /// `set.update(*others)`.
    fn m_update(s, args) {
        for i in 0..tuple::size(args) {
            set::update(s, tuple::item(args, i))?;
        }
        none()
    }
}
method! {
    /// `set.intersection(*others)`.
    fn m_intersection(s, args) { intersection_multi(s, args) }
}
method! {
    /// `set.intersection_update(*others)`.
    fn m_intersection_update(s, args) {
        let tmp = intersection_multi(s, args)?;
        if tmp.as_ptr() != s {
            set::swap_bodies(s, tmp.as_ptr());
        }
        none()
    }
}
method! {
    /// `set.difference(*others)`.
    fn m_difference(s, args) { difference_multi(s, args) }
}
method! {
    /// `set.difference_update(*others)`.
    fn m_difference_update(s, args) {
        for i in 0..tuple::size(args) {
            difference_update_internal(s, tuple::item(args, i))?;
        }
        none()
    }
}
method! {
    /// `set.symmetric_difference(other)`.
    fn m_symmetric_difference(s, other) { symmetric_difference(s, other) }
}
method! {
    /// `set.symmetric_difference_update(other)`.
    fn m_symmetric_difference_update(s, other) {
        symmetric_difference_update(s, other)?;
        none()
    }
}
method! {
    /// `set.issubset(other)`.
    fn m_issubset(s, other) { issubset(s, other).map(long::bool_from) }
}
method! {
    /// `set.issuperset(other)`.
    fn m_issuperset(s, other) { issuperset(s, other).map(long::bool_from) }
}
method! {
    /// `set.isdisjoint(other)`.
    fn m_isdisjoint(s, other) { isdisjoint(s, other).map(long::bool_from) }
}
method! {
    /// `set.__reduce__()`: `(type(s), (list(s),), s.__getstate__())`.
    fn m_reduce(s, _a) {
        let keys = list::from_owned(set::keys(s))?;
        let args = tuple::new_from(&[keys.as_ptr()])?;
        let name = unicode::intern("__getstate__")?;
        let getstate = abstract_::getattr(s, name.as_ptr())?;
        let state = err::from_ptr(call::call_no_args(getstate.as_ptr()))?;
        tuple::new_from(&[(*s).ob_type as *mut PyObject, args.as_ptr(), state.as_ptr()])
    }
}
method! {
    /// `set.__sizeof__()`: the object and an allocated table.
    fn m_sizeof(s, _a) {
        let so = s as *mut PySetObject;
        let mut n = (*(*s).ob_type).tp_basicsize as u64;
        if (*so).table != ptr::addr_of_mut!((*so).smalltable) as *mut set::SetEntry {
            n += ((*so).mask as u64 + 1) * std::mem::size_of::<set::SetEntry>() as u64;
        }
        long::from_u64(n)
    }
}

static mut SET_METHODS: [PyMethodDef; 22] = [
    def(c"add", m_add, meth::O, c"Add an element to a set.\n\nThis has no effect if the element is already present."),
    def(c"clear", m_clear, meth::NOARGS, c"Remove all elements from this set."),
    def(c"__contains__", m_contains, meth::O | meth::COEXIST, c"x.__contains__(y) <==> y in x."),
    def(c"copy", m_copy, meth::NOARGS, c"Return a shallow copy of a set."),
    def(c"discard", m_discard, meth::O, c"Remove an element from a set if it is a member.\n\nUnlike set.remove(), the discard() method does not raise\nan exception when an element is missing from the set."),
    def(c"difference", m_difference, meth::VARARGS, c"Return the difference of two or more sets as a new set.\n\n(i.e. all elements that are in this set but not the others.)"),
    def(c"difference_update", m_difference_update, meth::VARARGS, c"Remove all elements of another set from this set."),
    def(c"intersection", m_intersection, meth::VARARGS, c"Return the intersection of two sets as a new set.\n\n(i.e. all elements that are in both sets.)"),
    def(c"intersection_update", m_intersection_update, meth::VARARGS, c"Update a set with the intersection of itself and another."),
    def(c"isdisjoint", m_isdisjoint, meth::O, c"Return True if two sets have a null intersection."),
    def(c"issubset", m_issubset, meth::O, c"Report whether another set contains this set."),
    def(c"issuperset", m_issuperset, meth::O, c"Report whether this set contains another set."),
    def(c"pop", m_pop, meth::NOARGS, c"Remove and return an arbitrary set element.\nRaises KeyError if the set is empty."),
    def(c"__reduce__", m_reduce, meth::NOARGS, c"Return state information for pickling."),
    def(c"remove", m_remove, meth::O, c"Remove an element from a set; it must be a member.\n\nIf the element is not a member, raise a KeyError."),
    def(c"__sizeof__", m_sizeof, meth::NOARGS, c"S.__sizeof__() -> size of S in memory, in bytes"),
    def(c"symmetric_difference", m_symmetric_difference, meth::O, c"Return the symmetric difference of two sets as a new set.\n\n(i.e. all elements that are in exactly one of the sets.)"),
    def(c"symmetric_difference_update", m_symmetric_difference_update, meth::O, c"Update a set with the symmetric difference of itself and another."),
    def(c"union", m_union, meth::VARARGS, c"Return the union of sets as a new set.\n\n(i.e. all elements that are in either set.)"),
    def(c"update", m_update, meth::VARARGS, c"Update a set with the union of itself and others."),
    crate::objects::genericaliasobject::CLASS_GETITEM_DEF,
    typeobj::METHOD_END,
];

static mut FROZENSET_METHODS: [PyMethodDef; 13] = [
    def(c"__contains__", m_contains, meth::O | meth::COEXIST, c"x.__contains__(y) <==> y in x."),
    def(c"copy", m_frozen_copy, meth::NOARGS, c"Return a shallow copy of a set."),
    def(c"difference", m_difference, meth::VARARGS, c"Return the difference of two or more sets as a new set.\n\n(i.e. all elements that are in this set but not the others.)"),
    def(c"intersection", m_intersection, meth::VARARGS, c"Return the intersection of two sets as a new set.\n\n(i.e. all elements that are in both sets.)"),
    def(c"isdisjoint", m_isdisjoint, meth::O, c"Return True if two sets have a null intersection."),
    def(c"issubset", m_issubset, meth::O, c"Report whether another set contains this set."),
    def(c"issuperset", m_issuperset, meth::O, c"Report whether this set contains another set."),
    def(c"__reduce__", m_reduce, meth::NOARGS, c"Return state information for pickling."),
    def(c"__sizeof__", m_sizeof, meth::NOARGS, c"S.__sizeof__() -> size of S in memory, in bytes"),
    def(c"symmetric_difference", m_symmetric_difference, meth::O, c"Return the symmetric difference of two sets as a new set.\n\n(i.e. all elements that are in exactly one of the sets.)"),
    def(c"union", m_union, meth::VARARGS, c"Return the union of sets as a new set.\n\n(i.e. all elements that are in either set.)"),
    crate::objects::genericaliasobject::CLASS_GETITEM_DEF,
    typeobj::METHOD_END,
];

/// `set`'s method table.
pub(crate) fn set_methods() -> *mut PyMethodDef {
    ptr::addr_of_mut!(SET_METHODS).cast()
}

/// `frozenset`'s method table.
pub(crate) fn frozenset_methods() -> *mut PyMethodDef {
    ptr::addr_of_mut!(FROZENSET_METHODS).cast()
}

// ---- the iterator ---------------------------------------------------------

/// `setiterobject`.
#[repr(C)]
struct SetIter {
    ob_base: PyObject,
    /// The set; NULL once exhausted.
    si_set: *mut PyObject,
    /// The set's size when iteration started.
    si_used: isize,
    /// The next slot to look at.
    si_pos: isize,
    /// Keys left.
    len: isize,
}

/// `tp_iter` of both types.
pub(crate) unsafe extern "C" fn set_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a set; a fresh iterator gets its fields.
    err::into_ptr(unsafe {
        (|| {
            let it = alloc::new_object(lifecycle::setiter_type(), std::mem::size_of::<SetIter>())?;
            let si = it as *mut SetIter;
            (*si).si_set = new_ref(op);
            (*si).si_used = set::size(op);
            (*si).si_pos = 0;
            (*si).len = set::size(op);
            gc::track(it);
            Ok(Owned::from_raw(it))
        })()
    })
}

unsafe extern "C" fn setiter_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a set iterator; its set is owned.
    unsafe {
        let si = op as *mut SetIter;
        let s = (*si).si_set;
        if s.is_null() {
            return ptr::null_mut();
        }
        if (*si).si_used != set::size(s) {
            (*si).si_used = -1;
            return err::raise(
                crate::objects::exceptions::Exc::RuntimeError,
                "Set changed size during iteration",
            )
            .into();
        }
        let mut pos = (*si).si_pos;
        match set::next(s, &mut pos) {
            Some(e) => {
                (*si).si_pos = pos;
                (*si).len -= 1;
                new_ref(e.key)
            }
            None => {
                (*si).si_pos = pos;
                (*si).si_set = ptr::null_mut();
                decref(s);
                ptr::null_mut()
            }
        }
    }
}

unsafe extern "C" fn setiter_length_hint(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live set iterator.
    unsafe {
        let si = op as *mut SetIter;
        let n = if !(*si).si_set.is_null() && (*si).si_used == set::size((*si).si_set) {
            (*si).len
        } else {
            0
        };
        err::into_ptr(long::from_i64(n as i64))
    }
}

unsafe extern "C" fn setiter_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live set iterator; the keys left are read without
    // consuming it.
    err::into_ptr(unsafe {
        (|| {
            let si = op as *mut SetIter;
            let mut rest = Vec::new();
            let s = (*si).si_set;
            if !s.is_null() {
                if (*si).si_used != set::size(s) {
                    return Err(err::raise(
                        crate::objects::exceptions::Exc::RuntimeError,
                        "Set changed size during iteration",
                    ));
                }
                let mut pos = (*si).si_pos;
                while let Some(e) = set::next(s, &mut pos) {
                    rest.push(Owned::from_borrowed(e.key));
                }
            }
            let l = list::from_owned(rest)?;
            let name = unicode::intern("iter")?;
            let iter = crate::objects::dict::get(crate::system::builtins::dict(), name.as_ptr())?
                .ok_or_else(|| {
                err::raise(crate::objects::exceptions::Exc::AttributeError, "iter")
            })?;
            let args = tuple::new_from(&[l.as_ptr()])?;
            tuple::new_from(&[iter, args.as_ptr()])
        })()
    })
}

unsafe extern "C" fn setiter_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        clear_slot(ptr::addr_of_mut!((*(op as *mut SetIter)).si_set));
        alloc::free_object(op);
    }
}

unsafe extern "C" fn setiter_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a set iterator.
    unsafe { gc::visit_all([(*(op as *mut SetIter)).si_set], visit, arg) }
}

unsafe extern "C" fn self_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: live.
    unsafe { new_ref(op) }
}

static mut ITER_METHODS: [PyMethodDef; 3] = [
    iterobject::length_hint_def(Some(setiter_length_hint)),
    def(
        c"__reduce__",
        setiter_reduce,
        meth::NOARGS,
        c"Return state information for pickling.",
    ),
    typeobj::METHOD_END,
];

/// Fills in `set_iterator`. Start-up only.
pub(crate) unsafe fn init_iter_type() {
    // SAFETY: start-up, exclusive access to the static type.
    unsafe {
        let t: *mut PyTypeObject = lifecycle::setiter_type();
        (*t).ob_base.ob_base = static_header(lifecycle::type_type());
        (*t).tp_name = c"set_iterator".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<SetIter>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::HAVE_GC;
        (*t).tp_dealloc = Some(setiter_dealloc);
        (*t).tp_traverse = Some(setiter_traverse);
        (*t).tp_iter = Some(self_iter);
        (*t).tp_iternext = Some(setiter_next);
        (*t).tp_getattro = lifecycle::c_api_slots().getattro;
        (*t).tp_methods = ptr::addr_of_mut!(ITER_METHODS).cast();
    }
}
