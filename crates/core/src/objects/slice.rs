//! Slice objects (`PySlice_Type`, CPython's `PySliceObject` layout) and
//! the index arithmetic every sliceable type shares: `PySlice_Unpack`
//! (indices clamped to `Py_ssize_t`, `None` filled in by the step's sign),
//! `PySlice_AdjustIndices` (clamped to a length, with the slice length),
//! and the legacy `PySlice_GetIndices`. Slices compare like the tuple of
//! their three fields and, since 3.12, hash like it too (without the
//! length term).

use crate::objects::methodobject::meth;
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyMethodDef, PyTypeObject};
use crate::runtime::err::{self, PyResult};
use crate::{
    objects::long, objects::member, objects::tuple, objects::unicode, protocols::abstract_,
    protocols::number, runtime::alloc, runtime::gc, runtime::lifecycle,
};
use std::ffi::{c_int, c_void};
use std::ptr;

/// `PySliceObject`.
#[repr(C)]
pub struct PySliceObject {
    /// Header.
    pub ob_base: PyObject,
    /// `start` (None when absent).
    pub start: *mut PyObject,
    /// `stop`.
    pub stop: *mut PyObject,
    /// `step`.
    pub step: *mut PyObject,
}
const _: () = assert!(std::mem::size_of::<PySliceObject>() == 40);

static mut SLICE_MEMBERS: [typeobj::PyMemberDef; 4] = [
    member::readonly_object_member(c"start", std::mem::offset_of!(PySliceObject, start)),
    member::readonly_object_member(c"stop", std::mem::offset_of!(PySliceObject, stop)),
    member::readonly_object_member(c"step", std::mem::offset_of!(PySliceObject, step)),
    member::MEMBER_END,
];

static mut SLICE_METHODS: [PyMethodDef; 2] = [
    PyMethodDef {
        ml_name: c"indices".as_ptr(),
        ml_meth: Some(slice_indices),
        ml_flags: meth::O,
        ml_doc: c"Assuming a sequence of length len, calculate the start and stop indices, and the stride length of the extended slice described by S."
            .as_ptr(),
    },
    typeobj::METHOD_END,
];

/// Fills in `PySlice_Type`. Start-up only.
pub(crate) unsafe fn init_type() {
    // SAFETY: start-up, exclusive access to the static type.
    unsafe {
        let t = lifecycle::slice_type();
        (*t).ob_base.ob_base = static_header(lifecycle::type_type());
        (*t).tp_name = c"slice".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<PySliceObject>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::HAVE_GC | flags::IMMUTABLETYPE;
        (*t).tp_dealloc = Some(slice_dealloc);
        (*t).tp_traverse = Some(slice_traverse);
        (*t).tp_repr = Some(slice_repr);
        (*t).tp_hash = Some(slice_hash);
        (*t).tp_richcompare = Some(slice_richcompare);
        (*t).tp_getattro = lifecycle::c_api_slots().getattro;
        (*t).tp_members = ptr::addr_of_mut!(SLICE_MEMBERS).cast();
        (*t).tp_methods = ptr::addr_of_mut!(SLICE_METHODS).cast();
        (*t).tp_new = Some(slice_new);
        (*t).tp_doc = c"slice(stop)\nslice(start, stop[, step])\n\nCreate a slice object.".as_ptr();
    }
}

/// Readies `PySlice_Type`. Start-up only.
pub(crate) unsafe fn ready_type() {
    // SAFETY: start-up.
    unsafe {
        if typeobj::ready_static(lifecycle::slice_type()).is_err() {
            lifecycle::fatal("Py_Initialize", "cannot ready the slice type");
        }
    }
}

/// `PySlice_Check`.
///
/// # Safety
/// `op` live.
#[inline]
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { (*op).ob_type == lifecycle::slice_type() }
}

/// `PySlice_New`: NULL fields are None.
///
/// # Safety
/// Each argument NULL or live.
pub unsafe fn new(
    start: *mut PyObject,
    stop: *mut PyObject,
    step: *mut PyObject,
) -> PyResult<Owned> {
    // SAFETY: a fresh slice; the fields are referenced.
    unsafe {
        let none = lifecycle::none();
        let or_none = |p: *mut PyObject| new_ref(if p.is_null() { none } else { p });
        let op = match cache::take() {
            Some(op) => op,
            None => alloc::new_object(
                lifecycle::slice_type(),
                std::mem::size_of::<PySliceObject>(),
            )?,
        };
        let s = op as *mut PySliceObject;
        (*s).start = or_none(start);
        (*s).stop = or_none(stop);
        (*s).step = or_none(step);
        gc::track(op);
        Ok(Owned::from_raw(op))
    }
}

/// One dead slice kept for the next (CPython's `slice_cache`): code that
/// slices in a loop makes and drops one per step. Off under
/// `malloc-objects`, so AddressSanitizer sees every lifetime.
mod cache {
    use crate::objects::object::PyObject;
    #[cfg(not(feature = "malloc-objects"))]
    static mut KEPT: *mut PyObject = std::ptr::null_mut();

    /// The kept slice, if any (its header still says "slice"; the caller
    /// sets its fields and reference count).
    #[inline]
    pub(super) unsafe fn take() -> Option<*mut PyObject> {
        #[cfg(not(feature = "malloc-objects"))]
        // SAFETY: the GIL is held (caller's contract).
        unsafe {
            let p = std::mem::replace(&mut *std::ptr::addr_of_mut!(KEPT), std::ptr::null_mut());
            if !p.is_null() {
                (*p).ob_refcnt = 1;
                return Some(p);
            }
        }
        None
    }

    /// Keeps a dead exact slice (fields cleared); false when one is kept.
    #[inline]
    pub(super) unsafe fn put(op: *mut PyObject) -> bool {
        #[cfg(not(feature = "malloc-objects"))]
        // SAFETY: as above.
        unsafe {
            let k = std::ptr::addr_of_mut!(KEPT);
            if (*k).is_null() {
                *k = op;
                return true;
            }
        }
        let _ = op;
        false
    }
}

/// `slice(lo, hi)` of two indexes (CPython's `_PySlice_FromIndices`).
pub fn from_indices(lo: isize, hi: isize) -> PyResult<Owned> {
    let (a, b) = (long::from_i64(lo as i64)?, long::from_i64(hi as i64)?);
    // SAFETY: two live ints.
    unsafe { new(a.as_ptr(), b.as_ptr(), ptr::null_mut()) }
}

/// CPython's `_PyEval_SliceIndex`: None keeps `dflt`, an index is clamped
/// to `Py_ssize_t`.
///
/// # Safety
/// `v` live.
unsafe fn slice_index(v: *mut PyObject, dflt: isize) -> PyResult<isize> {
    // SAFETY: forwarded.
    unsafe {
        if v == lifecycle::none() {
            return Ok(dflt);
        }
        // Exact ints of up to two digits: their value, no protocol.
        if (*v).ob_type == lifecycle::long_type() && long::tag(v) >> long::NON_SIZE_BITS <= 2 {
            if let long::Val::Small(x) = long::val(v) {
                return Ok(x as isize);
            }
        }
        if !number::index_check(v) {
            return Err(err::type_error(
                "slice indices must be integers or None or have an __index__ method",
            ));
        }
        number::as_ssize(v, None)
    }
}

/// `PySlice_Unpack`: `(start, stop, step)`, `None` filled in by the
/// step's sign, `ValueError` for a zero step.
///
/// # Safety
/// `op` a live slice.
pub unsafe fn unpack(op: *mut PyObject) -> PyResult<(isize, isize, isize)> {
    // SAFETY: forwarded.
    unsafe {
        let s = op as *mut PySliceObject;
        let step = if (*s).step == lifecycle::none() {
            1
        } else {
            let st = slice_index((*s).step, 1)?;
            if st == 0 {
                return Err(err::value_error("slice step cannot be zero"));
            }
            st.max(-isize::MAX)
        };
        let start = slice_index((*s).start, if step < 0 { isize::MAX } else { 0 })?;
        let stop = slice_index((*s).stop, if step < 0 { isize::MIN } else { isize::MAX })?;
        Ok((start, stop, step))
    }
}

/// `PySlice_AdjustIndices`: `start` and `stop` clamped to a sequence of
/// `len` items, and the number of items the slice selects.
pub fn adjust(len: isize, start: &mut isize, stop: &mut isize, step: isize) -> isize {
    let clamp = |i: &mut isize| {
        if *i < 0 {
            *i += len;
            if *i < 0 {
                *i = if step < 0 { -1 } else { 0 };
            }
        } else if *i >= len {
            *i = if step < 0 { len - 1 } else { len };
        }
    };
    clamp(start);
    clamp(stop);
    if step < 0 {
        if *stop < *start {
            return (*start - *stop - 1) / (-step) + 1;
        }
    } else if *start < *stop {
        return (*stop - *start - 1) / step + 1;
    }
    0
}

/// Unpacks and adjusts a slice: `(start, stop, step, slice length)`. The
/// length is asked for after unpacking, whose `__index__` calls may change
/// the sequence (as CPython orders `PySlice_GetIndicesEx`).
///
/// # Safety
/// `op` a live slice.
pub unsafe fn indices(
    op: *mut PyObject,
    len: impl FnOnce() -> isize,
) -> PyResult<(isize, isize, isize, isize)> {
    // SAFETY: forwarded.
    unsafe {
        let (mut start, mut stop, step) = unpack(op)?;
        let n = adjust(len(), &mut start, &mut stop, step);
        Ok((start, stop, step, n))
    }
}

/// The positions a slice selects: `start`, `start + step`, ...
pub fn positions(start: isize, step: isize, n: isize) -> impl Iterator<Item = isize> {
    (0..n).map(move |k| start + k * step)
}

/// `PySlice_GetIndices`, the legacy form: ints only, no clamping; -1
/// without an exception for anything it does not accept.
///
/// # Safety
/// `op` a live slice.
pub unsafe fn get_indices_legacy(op: *mut PyObject, len: isize) -> Option<(isize, isize, isize)> {
    // SAFETY: forwarded.
    unsafe {
        let s = op as *mut PySliceObject;
        let int = |v: *mut PyObject| -> Option<isize> {
            if !long::check(v) {
                return None;
            }
            match long::as_ssize(v) {
                Ok(x) => Some(x),
                Err(_) => {
                    err::clear();
                    Some(-1)
                }
            }
        };
        let none = lifecycle::none();
        let step = if (*s).step == none {
            1
        } else {
            int((*s).step)?
        };
        let start = if (*s).start == none {
            if step < 0 {
                len - 1
            } else {
                0
            }
        } else {
            let v = int((*s).start)?;
            if v < 0 {
                v + len
            } else {
                v
            }
        };
        let stop = if (*s).stop == none {
            if step < 0 {
                -1
            } else {
                len
            }
        } else {
            let v = int((*s).stop)?;
            if v < 0 {
                v + len
            } else {
                v
            }
        };
        if stop > len || start >= len || step == 0 {
            return None;
        }
        Some((start, stop, step))
    }
}

unsafe extern "C" fn slice_new(
    _t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract.
    unsafe {
        if !kw.is_null() && crate::objects::dict::len(kw) != 0 {
            return err::type_error("slice() takes no keyword arguments").into();
        }
        let n = tuple::size(args);
        let a = |i: isize| tuple::item(args, i);
        match n {
            1 => err::into_ptr(new(ptr::null_mut(), a(0), ptr::null_mut())),
            2 => err::into_ptr(new(a(0), a(1), ptr::null_mut())),
            3 => err::into_ptr(new(a(0), a(1), a(2))),
            0 => err::type_error("slice expected at least 1 argument, got 0").into(),
            _ => err::type_error(&format!("slice expected at most 3 arguments, got {n}")).into(),
        }
    }
}

unsafe extern "C" fn slice_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a slice.
    unsafe {
        let s = op as *mut PySliceObject;
        let r = (|| -> PyResult<Owned> {
            let a = abstract_::repr_string((*s).start)?;
            let b = abstract_::repr_string((*s).stop)?;
            let c = abstract_::repr_string((*s).step)?;
            unicode::from_str(&format!("slice({a}, {b}, {c})"))
        })();
        err::into_ptr(r)
    }
}

/// The three fields as a tuple (for comparisons).
unsafe fn fields(op: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: a live slice.
    unsafe {
        let s = op as *mut PySliceObject;
        tuple::new_from(&[(*s).start, (*s).stop, (*s).step])
    }
}

unsafe extern "C" fn slice_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: slot: `a` is a slice.
    unsafe {
        if !check(b) {
            return new_ref(lifecycle::not_implemented());
        }
        if a == b {
            // CPython's identity shortcut: ==, <=, >= are true, the rest false
            let yes = op == abstract_::EQ || op == 1 || op == 5;
            return long::bool_from(yes).into_raw();
        }
        let r = (|| -> PyResult<Owned> {
            let (x, y) = (fields(a)?, fields(b)?);
            abstract_::rich_compare(x.as_ptr(), y.as_ptr(), op)
        })();
        err::into_ptr(r)
    }
}

unsafe extern "C" fn slice_hash(op: *mut PyObject) -> isize {
    // SAFETY: slot on a slice.
    unsafe {
        let s = op as *mut PySliceObject;
        let mut acc = tuple::XXPRIME_5;
        for v in [(*s).start, (*s).stop, (*s).step] {
            let lane = match abstract_::hash(v) {
                Ok(h) => h as u64,
                Err(_) => return -1,
            };
            acc = acc.wrapping_add(lane.wrapping_mul(tuple::XXPRIME_2));
            acc = acc.rotate_left(31);
            acc = acc.wrapping_mul(tuple::XXPRIME_1);
        }
        if acc == u64::MAX {
            return 1546275796;
        }
        acc as isize
    }
}

/// `slice.indices(len)`: `(start, stop, step)` for a sequence of `len`.
unsafe extern "C" fn slice_indices(op: *mut PyObject, len: *mut PyObject) -> *mut PyObject {
    // SAFETY: method of a slice.
    unsafe {
        let r = (|| -> PyResult<Owned> {
            let n = number::as_ssize(
                len,
                Some(crate::objects::exceptions::get(
                    crate::objects::exceptions::Exc::OverflowError,
                )),
            )?;
            if n < 0 {
                return Err(err::value_error("length should not be negative"));
            }
            let (start, stop, step, _) = indices(op, || n)?;
            let (a, b, c) = (
                long::from_i64(start as i64)?,
                long::from_i64(stop as i64)?,
                long::from_i64(step as i64)?,
            );
            tuple::new_from(&[a.as_ptr(), b.as_ptr(), c.as_ptr()])
        })();
        err::into_ptr(r)
    }
}

unsafe extern "C" fn slice_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        let s = op as *mut PySliceObject;
        clear_slot(ptr::addr_of_mut!((*s).start));
        clear_slot(ptr::addr_of_mut!((*s).stop));
        clear_slot(ptr::addr_of_mut!((*s).step));
        if (*op).ob_type == lifecycle::slice_type() && cache::put(op) {
            return;
        }
        alloc::free_object(op);
    }
}

unsafe extern "C" fn slice_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a slice.
    unsafe {
        let s = op as *mut PySliceObject;
        gc::visit_all([(*s).start, (*s).stop, (*s).step], visit, arg)
    }
}

#[cfg(test)]
mod tests {
    use super::adjust;

    #[test]
    fn adjust_matches_python_slicing() {
        let run = |len, mut a, mut b, step| {
            let n = adjust(len, &mut a, &mut b, step);
            (a, b, n)
        };
        assert_eq!(run(5, 1, 3, 1), (1, 3, 2));
        assert_eq!(run(5, isize::MAX, isize::MIN, -1), (4, -1, 5));
        assert_eq!(run(5, -2, isize::MAX, 1), (3, 5, 2));
        assert_eq!(run(5, 5, 1, 1), (5, 1, 0));
        assert_eq!(run(10, 0, isize::MAX, 3), (0, 10, 4));
        assert_eq!(run(0, 0, isize::MAX, 1), (0, 0, 0));
    }
}
