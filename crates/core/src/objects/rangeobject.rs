//! `range` (`PyRange_Type`, CPython's layout: `start`, `stop`, `step` and
//! `length` as int objects) and its iterators: `range_iterator`
//! (`PyRangeIter_Type`, machine integers) when every bound fits an `i64`,
//! `longrange_iterator` (`PyLongRangeIter_Type`, int objects) otherwise.
//!
//! Arithmetic on the bounds is exact (`BigInt`), so ranges past
//! `Py_ssize_t` index, slice, compare and test membership correctly; only
//! `len()` refuses what does not fit, as in CPython.

use crate::objects::member;
use crate::objects::methodobject::meth;
use crate::objects::object::*;
use crate::objects::typeobj::{
    self, flags, PyMappingMethods, PyMethodDef, PyNumberMethods, PySequenceMethods, PyTypeObject,
};
use crate::runtime::err::{self, PyResult};
use crate::{
    objects::long, objects::slice, objects::tuple, objects::unicode, protocols::abstract_,
    protocols::number, runtime::alloc, runtime::lifecycle,
};
use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive, Zero};
use std::ffi::c_int;
use std::ptr;

/// A range object, laid out as CPython's.
#[repr(C)]
pub struct PyRangeObject {
    /// Header.
    pub ob_base: PyObject,
    /// The first value (an int).
    pub start: *mut PyObject,
    /// The bound, excluded.
    pub stop: *mut PyObject,
    /// The difference between values, never 0.
    pub step: *mut PyObject,
    /// The number of values, as an int.
    pub length: *mut PyObject,
}

/// `range_iterator`: values that fit an `i64`.
#[repr(C)]
struct RangeIter {
    ob_base: PyObject,
    start: i64,
    step: i64,
    len: i64,
}

/// `longrange_iterator`: int objects.
#[repr(C)]
struct LongRangeIter {
    ob_base: PyObject,
    start: *mut PyObject,
    step: *mut PyObject,
    len: *mut PyObject,
}

static mut RANGE_MEMBERS: [typeobj::PyMemberDef; 4] = [
    member::readonly_object_member(c"start", std::mem::offset_of!(PyRangeObject, start)),
    member::readonly_object_member(c"stop", std::mem::offset_of!(PyRangeObject, stop)),
    member::readonly_object_member(c"step", std::mem::offset_of!(PyRangeObject, step)),
    member::MEMBER_END,
];

static mut RANGE_METHODS: [PyMethodDef; 4] = [
    PyMethodDef {
        ml_name: c"__reversed__".as_ptr(),
        ml_meth: Some(range_reversed),
        ml_flags: meth::NOARGS,
        ml_doc: c"Return a reverse iterator.".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"count".as_ptr(),
        ml_meth: Some(range_count),
        ml_flags: meth::O,
        ml_doc: c"rangeobject.count(value) -> integer -- return number of occurrences of value"
            .as_ptr(),
    },
    PyMethodDef {
        ml_name: c"index".as_ptr(),
        ml_meth: Some(range_index),
        ml_flags: meth::O,
        ml_doc: c"rangeobject.index(value) -> integer -- return index of value.\nRaise ValueError if the value is not present."
            .as_ptr(),
    },
    typeobj::METHOD_END,
];

static mut ITER_METHODS: [PyMethodDef; 2] = [
    crate::objects::iterobject::length_hint_def(Some(iter_length_hint)),
    typeobj::METHOD_END,
];

static mut LONG_ITER_METHODS: [PyMethodDef; 2] = [
    crate::objects::iterobject::length_hint_def(Some(longiter_length_hint)),
    typeobj::METHOD_END,
];

static mut RANGE_AS_SEQUENCE: PySequenceMethods = {
    // SAFETY: an all-zero table is a table of absent slots.
    let mut s: PySequenceMethods = unsafe { std::mem::zeroed() };
    s.sq_length = Some(range_len);
    s.sq_item = Some(range_item);
    s.sq_contains = Some(range_contains);
    s
};

static mut RANGE_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(range_len),
    mp_subscript: Some(range_subscript),
    mp_ass_subscript: None,
};

static mut RANGE_AS_NUMBER: PyNumberMethods = {
    // SAFETY: an all-zero table is a table of absent slots.
    let mut n: PyNumberMethods = unsafe { std::mem::zeroed() };
    n.nb_bool = Some(range_bool);
    n
};

/// Fills in the three types. Start-up only.
pub(crate) unsafe fn init_types() {
    // SAFETY: start-up, exclusive access to the static types.
    unsafe {
        let t = lifecycle::range_type();
        (*t).ob_base.ob_base = static_header(lifecycle::type_type());
        (*t).tp_name = c"range".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<PyRangeObject>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::SEQUENCE | flags::IMMUTABLETYPE;
        (*t).tp_dealloc = Some(range_dealloc);
        (*t).tp_repr = Some(range_repr);
        (*t).tp_hash = Some(range_hash);
        (*t).tp_richcompare = Some(range_richcompare);
        (*t).tp_iter = Some(range_iter);
        (*t).tp_getattro = lifecycle::c_api_slots().getattro;
        (*t).tp_as_sequence = ptr::addr_of_mut!(RANGE_AS_SEQUENCE);
        (*t).tp_as_mapping = ptr::addr_of_mut!(RANGE_AS_MAPPING);
        (*t).tp_as_number = ptr::addr_of_mut!(RANGE_AS_NUMBER);
        (*t).tp_members = ptr::addr_of_mut!(RANGE_MEMBERS).cast();
        (*t).tp_methods = ptr::addr_of_mut!(RANGE_METHODS).cast();
        (*t).tp_new = Some(range_new);
        (*t).tp_doc =
            c"range(stop) -> range object\nrange(start, stop[, step]) -> range object".as_ptr();

        let it = lifecycle::rangeiter_type();
        (*it).ob_base.ob_base = static_header(lifecycle::type_type());
        (*it).tp_name = c"range_iterator".as_ptr();
        (*it).tp_basicsize = std::mem::size_of::<RangeIter>() as isize;
        (*it).tp_flags = flags::DEFAULT | flags::IMMUTABLETYPE;
        (*it).tp_dealloc = Some(iter_dealloc);
        (*it).tp_iter = Some(self_iter);
        (*it).tp_iternext = Some(iter_next);
        (*it).tp_getattro = lifecycle::c_api_slots().getattro;
        (*it).tp_methods = ptr::addr_of_mut!(ITER_METHODS).cast();

        let lt = lifecycle::longrangeiter_type();
        (*lt).ob_base.ob_base = static_header(lifecycle::type_type());
        (*lt).tp_name = c"longrange_iterator".as_ptr();
        (*lt).tp_basicsize = std::mem::size_of::<LongRangeIter>() as isize;
        (*lt).tp_flags = flags::DEFAULT | flags::IMMUTABLETYPE;
        (*lt).tp_dealloc = Some(longiter_dealloc);
        (*lt).tp_iter = Some(self_iter);
        (*lt).tp_iternext = Some(longiter_next);
        (*lt).tp_getattro = lifecycle::c_api_slots().getattro;
        (*lt).tp_methods = ptr::addr_of_mut!(LONG_ITER_METHODS).cast();
    }
}

/// Readies the three types. Start-up only.
pub(crate) unsafe fn ready_types() {
    // SAFETY: start-up.
    unsafe {
        for t in [
            lifecycle::range_type(),
            lifecycle::rangeiter_type(),
            lifecycle::longrangeiter_type(),
        ] {
            if typeobj::ready_static(t).is_err() {
                lifecycle::fatal("Py_Initialize", "cannot ready the range types");
            }
        }
    }
}

/// `PyRange_Check`.
///
/// # Safety
/// `op` live.
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { (*op).ob_type == lifecycle::range_type() }
}

/// The number of values of `range(start, stop, step)`.
fn length_of(start: &BigInt, stop: &BigInt, step: &BigInt) -> BigInt {
    if step.is_positive() && start < stop {
        (stop - start - 1) / step + 1
    } else if step.is_negative() && start > stop {
        (start - stop - 1) / (-step) + 1
    } else {
        BigInt::zero()
    }
}

/// A new range of three ints (`step` not zero).
fn make(start: Owned, stop: Owned, step: Owned) -> PyResult<Owned> {
    // SAFETY: three live ints; the fresh object gets its references.
    unsafe {
        let (a, b, c) = (
            long::to_bigint(start.as_ptr()),
            long::to_bigint(stop.as_ptr()),
            long::to_bigint(step.as_ptr()),
        );
        let length = long::from_bigint(length_of(&a, &b, &c))?;
        let op = alloc::new_object(
            lifecycle::range_type(),
            std::mem::size_of::<PyRangeObject>(),
        )?;
        let r = op as *mut PyRangeObject;
        (*r).start = start.into_raw();
        (*r).stop = stop.into_raw();
        (*r).step = step.into_raw();
        (*r).length = length.into_raw();
        Ok(Owned::from_raw(op))
    }
}

/// The four fields as exact integers.
unsafe fn fields(op: *mut PyObject) -> (BigInt, BigInt, BigInt, BigInt) {
    // SAFETY: `op` a live range.
    unsafe {
        let r = op as *mut PyRangeObject;
        (
            long::to_bigint((*r).start),
            long::to_bigint((*r).stop),
            long::to_bigint((*r).step),
            long::to_bigint((*r).length),
        )
    }
}

/// `range(stop)`, `range(start, stop[, step])`.
unsafe extern "C" fn range_new(
    _t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract: a tuple of arguments, NULL or a dict.
    err::into_ptr(unsafe {
        (|| {
            if !kw.is_null() && crate::objects::dict::len(kw) != 0 {
                return Err(err::type_error("range() takes no keyword arguments"));
            }
            let n = tuple::size(args);
            let arg = |i: isize| number::index(tuple::item(args, i));
            match n {
                1 => make(long::from_i64(0)?, arg(0)?, long::from_i64(1)?),
                2 | 3 => {
                    let (a, b) = (arg(0)?, arg(1)?);
                    let c = if n == 3 { arg(2)? } else { long::from_i64(1)? };
                    if long::to_bigint(c.as_ptr()).is_zero() {
                        return Err(err::value_error("range() arg 3 must not be zero"));
                    }
                    make(a, b, c)
                }
                0 => Err(err::type_error("range expected at least 1 argument, got 0")),
                _ => Err(err::type_error(&format!(
                    "range expected at most 3 arguments, got {n}"
                ))),
            }
        })()
    })
}

unsafe extern "C" fn range_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; the fields are owned.
    unsafe {
        let r = op as *mut PyRangeObject;
        for f in [(*r).start, (*r).stop, (*r).step, (*r).length] {
            decref(f);
        }
        alloc::free_object(op);
    }
}

unsafe extern "C" fn range_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live range.
    err::into_ptr(unsafe {
        (|| {
            let r = op as *mut PyRangeObject;
            let start = abstract_::repr_string((*r).start)?;
            let stop = abstract_::repr_string((*r).stop)?;
            if long::to_bigint((*r).step).is_one() {
                unicode::from_str(&format!("range({start}, {stop})"))
            } else {
                let step = abstract_::repr_string((*r).step)?;
                unicode::from_str(&format!("range({start}, {stop}, {step})"))
            }
        })()
    })
}

unsafe extern "C" fn range_len(op: *mut PyObject) -> isize {
    // SAFETY: a live range.
    unsafe { long::as_ssize((*(op as *mut PyRangeObject)).length).unwrap_or(-1) }
}

unsafe extern "C" fn range_bool(op: *mut PyObject) -> c_int {
    // SAFETY: a live range.
    unsafe { c_int::from(!long::to_bigint((*(op as *mut PyRangeObject)).length).is_zero()) }
}

/// The value at position `i` (in range).
unsafe fn value_at(op: *mut PyObject, i: &BigInt) -> PyResult<Owned> {
    // SAFETY: a live range.
    unsafe {
        let (start, _, step, _) = fields(op);
        long::from_bigint(start + i * step)
    }
}

/// The value at `i`, negative counting from the end.
unsafe fn item_big(op: *mut PyObject, mut i: BigInt) -> PyResult<Owned> {
    // SAFETY: a live range.
    unsafe {
        let len = fields(op).3;
        if i.is_negative() {
            i += &len;
        }
        if i.is_negative() || i >= len {
            return Err(err::index_error("range object index out of range"));
        }
        value_at(op, &i)
    }
}

unsafe extern "C" fn range_item(op: *mut PyObject, i: isize) -> *mut PyObject {
    // SAFETY: a live range.
    err::into_ptr(unsafe { item_big(op, BigInt::from(i)) })
}

/// An optional slice field as an exact int.
unsafe fn slice_field(v: *mut PyObject) -> PyResult<Option<BigInt>> {
    // SAFETY: `v` live.
    unsafe {
        if v == lifecycle::none() {
            return Ok(None);
        }
        if !number::index_check(v) {
            return Err(err::type_error(
                "slice indices must be integers or None or have an __index__ method",
            ));
        }
        Ok(Some(long::to_bigint(number::index(v)?.as_ptr())))
    }
}

/// `r[slice]`: a new range over the selected positions.
unsafe fn range_slice(op: *mut PyObject, s: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: a live range and a live slice.
    unsafe {
        let sl = s as *mut slice::PySliceObject;
        let sstep = slice_field((*sl).step)?.unwrap_or_else(BigInt::one);
        if sstep.is_zero() {
            return Err(err::value_error("slice step cannot be zero"));
        }
        let (start, _, step, len) = fields(op);
        let backwards = sstep.is_negative();
        let (lower, upper) = if backwards {
            (BigInt::from(-1), &len - 1)
        } else {
            (BigInt::zero(), len.clone())
        };
        let clamp = |v: Option<BigInt>, dflt: &BigInt| -> BigInt {
            match v {
                None => dflt.clone(),
                Some(mut x) => {
                    if x.is_negative() {
                        x += &len;
                        if x < lower {
                            x = lower.clone();
                        }
                    } else if x > upper {
                        x = upper.clone();
                    }
                    x
                }
            }
        };
        let sstart = clamp(
            slice_field((*sl).start)?,
            if backwards { &upper } else { &lower },
        );
        let sstop = clamp(
            slice_field((*sl).stop)?,
            if backwards { &lower } else { &upper },
        );
        make(
            long::from_bigint(&start + sstart * &step)?,
            long::from_bigint(&start + sstop * &step)?,
            long::from_bigint(step * sstep)?,
        )
    }
}

unsafe extern "C" fn range_subscript(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live range; `key` live.
    err::into_ptr(unsafe {
        if slice::check(key) {
            range_slice(op, key)
        } else if number::index_check(key) {
            number::index(key).and_then(|i| item_big(op, long::to_bigint(i.as_ptr())))
        } else {
            Err(err::type_error(&format!(
                "range indices must be integers or slices, not {}",
                typeobj::type_name_of(key)
            )))
        }
    })
}

/// The position of the exact int `x` in the range, if it is a value.
unsafe fn position_of_int(op: *mut PyObject, x: *mut PyObject) -> Option<BigInt> {
    // SAFETY: a live range and a live int.
    unsafe {
        let (start, stop, step, _) = fields(op);
        let x = long::to_bigint(x);
        let inside = if step.is_positive() {
            start <= x && x < stop
        } else {
            stop < x && x <= start
        };
        let off = x - start;
        (inside && (&off % &step).is_zero()).then(|| off / step)
    }
}

/// Whether `x` is an int compared by value (`int` itself or `bool`), as
/// CPython's fast membership test requires.
unsafe fn is_plain_int(x: *mut PyObject) -> bool {
    // SAFETY: `x` live.
    unsafe { (*x).ob_type == lifecycle::long_type() || (*x).ob_type == lifecycle::bool_type() }
}

/// Calls `f` with each value and its position until it returns `true`:
/// the sequence search for objects that are not plain ints (compared with
/// `==`, identity first).
unsafe fn search(
    op: *mut PyObject,
    x: *mut PyObject,
    mut f: impl FnMut(usize) -> bool,
) -> PyResult<()> {
    // SAFETY: a live range; `x` live.
    unsafe {
        let len = fields(op).3;
        let mut i = BigInt::zero();
        let mut pos = 0usize;
        while i < len {
            let v = value_at(op, &i)?;
            if abstract_::rich_compare_bool(v.as_ptr(), x, abstract_::EQ)? && f(pos) {
                return Ok(());
            }
            i += 1;
            pos += 1;
        }
        Ok(())
    }
}

unsafe extern "C" fn range_contains(op: *mut PyObject, x: *mut PyObject) -> c_int {
    // SAFETY: a live range; `x` live.
    unsafe {
        if is_plain_int(x) {
            return c_int::from(position_of_int(op, x).is_some());
        }
        let mut found = false;
        match search(op, x, |_| {
            found = true;
            true
        }) {
            Ok(()) => c_int::from(found),
            Err(_) => -1,
        }
    }
}

/// `range.count(value, /)`.
unsafe extern "C" fn range_count(r: *mut PyObject, x: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O: a live range and a live argument.
    err::into_ptr(unsafe {
        if is_plain_int(x) {
            long::from_i64(i64::from(position_of_int(r, x).is_some()))
        } else {
            let mut n = 0i64;
            search(r, x, |_| {
                n += 1;
                false
            })
            .and_then(|()| long::from_i64(n))
        }
    })
}

/// `range.index(value, /)`.
unsafe extern "C" fn range_index(r: *mut PyObject, x: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O: a live range and a live argument.
    err::into_ptr(unsafe {
        (|| {
            if is_plain_int(x) {
                return match position_of_int(r, x) {
                    Some(i) => long::from_bigint(i),
                    None => Err(err::value_error(&format!(
                        "{} is not in range",
                        abstract_::repr_string(x)?
                    ))),
                };
            }
            let mut at = None;
            search(r, x, |i| {
                at = Some(i);
                true
            })?;
            match at {
                Some(i) => long::from_i64(i as i64),
                None => Err(err::value_error("sequence.index(x): x not in sequence")),
            }
        })()
    })
}

unsafe extern "C" fn range_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: `a` a live range; `b` live.
    unsafe {
        if !check(b) || (op != abstract_::EQ && op != abstract_::NE) {
            return new_ref(lifecycle::not_implemented());
        }
        let (x, y) = (fields(a), fields(b));
        let same = x.3 == y.3 && (x.3.is_zero() || (x.0 == y.0 && (x.3.is_one() || x.2 == y.2)));
        let r = if op == abstract_::EQ { same } else { !same };
        new_ref(if r {
            lifecycle::true_()
        } else {
            lifecycle::false_()
        })
    }
}

/// The hash of `(len, start, step)` with the fields that do not change
/// the values (`start` of an empty range, `step` of a single value) as
/// None, so equal ranges hash alike.
unsafe extern "C" fn range_hash(op: *mut PyObject) -> isize {
    // SAFETY: a live range.
    unsafe {
        let r = op as *mut PyRangeObject;
        let len = long::to_bigint((*r).length);
        let none = lifecycle::none();
        let start = if len.is_zero() { none } else { (*r).start };
        let step = if len.is_zero() || len.is_one() {
            none
        } else {
            (*r).step
        };
        tuple::new_from(&[(*r).length, start, step])
            .and_then(|t| tuple::hash(t.as_ptr()))
            .unwrap_or(-1)
    }
}

/// An iterator from `start` over `len` values `step` apart; a machine
/// one when they fit `i64`s and `bound` (the range's stop, for a forward
/// iterator) does too, as CPython chooses.
fn iterator(start: BigInt, step: BigInt, len: BigInt, bound: Option<&BigInt>) -> PyResult<Owned> {
    // SAFETY: fresh iterator objects get their fields.
    unsafe {
        // Past the last value the start may leave `i64`; the machine
        // iterator only needs the values it yields to fit.
        let last = &start + (&len - BigInt::one()).max(BigInt::zero()) * &step;
        let bound_fits = bound.is_none_or(|b| b.to_i64().is_some());
        if let (Some(s), Some(st), Some(n), Some(_), true) = (
            start.to_i64(),
            step.to_i64(),
            len.to_i64(),
            last.to_i64(),
            bound_fits,
        ) {
            let op = alloc::new_object(
                lifecycle::rangeiter_type(),
                std::mem::size_of::<RangeIter>(),
            )?;
            let it = op as *mut RangeIter;
            (*it).start = s;
            (*it).step = st;
            (*it).len = n;
            return Ok(Owned::from_raw(op));
        }
        let (s, st, n) = (
            long::from_bigint(start)?,
            long::from_bigint(step)?,
            long::from_bigint(len)?,
        );
        let op = alloc::new_object(
            lifecycle::longrangeiter_type(),
            std::mem::size_of::<LongRangeIter>(),
        )?;
        let it = op as *mut LongRangeIter;
        (*it).start = s.into_raw();
        (*it).step = st.into_raw();
        (*it).len = n.into_raw();
        Ok(Owned::from_raw(op))
    }
}

unsafe extern "C" fn range_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live range.
    let (start, stop, step, len) = unsafe { fields(op) };
    err::into_ptr(iterator(start, step, len, Some(&stop)))
}

unsafe extern "C" fn range_reversed(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live range.
    let (start, _, step, len) = unsafe { fields(op) };
    let last = &start + (&len - 1) * &step;
    err::into_ptr(iterator(last, -step, len, None))
}

unsafe extern "C" fn self_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: live.
    unsafe { new_ref(op) }
}

/// The next value of a `range_iterator` (new reference), or NULL when
/// done (an error set only if the int could not be made).
///
/// # Safety
/// `op` a live `range_iterator`.
#[inline]
pub unsafe fn range_iter_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe { iter_next(op) }
}

unsafe extern "C" fn iter_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live range iterator.
    unsafe {
        let it = op as *mut RangeIter;
        if (*it).len <= 0 {
            return ptr::null_mut();
        }
        let v = (*it).start;
        (*it).start = v.wrapping_add((*it).step);
        (*it).len -= 1;
        err::into_ptr(long::from_i64(v))
    }
}

unsafe extern "C" fn iter_length_hint(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live range iterator.
    err::into_ptr(long::from_i64(unsafe {
        (*(op as *mut RangeIter)).len.max(0)
    }))
}

unsafe extern "C" fn iter_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe { alloc::free_object(op) }
}

unsafe extern "C" fn longiter_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live long range iterator; its fields are owned ints.
    unsafe {
        let it = op as *mut LongRangeIter;
        let len = long::to_bigint((*it).len);
        if !len.is_positive() {
            return ptr::null_mut();
        }
        let r = (|| {
            let next =
                long::from_bigint(long::to_bigint((*it).start) + long::to_bigint((*it).step))?;
            let left = long::from_bigint(len - 1)?;
            let v = std::mem::replace(&mut (*it).start, next.into_raw());
            decref(std::mem::replace(&mut (*it).len, left.into_raw()));
            Ok(Owned::from_raw(v))
        })();
        err::into_ptr(r)
    }
}

unsafe extern "C" fn longiter_length_hint(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live long range iterator.
    unsafe { new_ref((*(op as *mut LongRangeIter)).len) }
}

unsafe extern "C" fn longiter_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; the fields are owned.
    unsafe {
        let it = op as *mut LongRangeIter;
        for f in [(*it).start, (*it).step, (*it).len] {
            decref(f);
        }
        alloc::free_object(op);
    }
}
