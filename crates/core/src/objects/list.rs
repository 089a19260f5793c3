//! `list` with CPython's layout (`ob_item` pointer at 24, `allocated` at 32,
//! so the `PyList_GET_ITEM` macros work), growth with over-allocation, and
//! the item protocol with CPython's messages.

use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyMappingMethods, PySequenceMethods, PyTypeObject};
use crate::runtime::alloc;
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle::{self, mem};
use crate::{objects::tuple, objects::unicode, protocols::abstract_};
use std::ffi::c_int;
use std::ptr;

/// A `list` object.
#[repr(C)]
pub struct PyListObject {
    /// Header; `ob_size` is the length.
    pub ob_base: PyVarObject,
    /// The item array (NULL when nothing is allocated).
    pub ob_item: *mut *mut PyObject,
    /// Capacity of `ob_item`.
    pub allocated: Py_ssize_t,
}
const _: () = assert!(std::mem::offset_of!(PyListObject, ob_item) == 24);
const _: () = assert!(std::mem::offset_of!(PyListObject, allocated) == 32);

static mut LIST_AS_SEQUENCE: PySequenceMethods = {
    // SAFETY: an all-zero table is a table of absent slots.
    let mut s: PySequenceMethods = unsafe { std::mem::zeroed() };
    s.sq_length = Some(list_len);
    s.sq_item = Some(list_item);
    s.sq_ass_item = Some(list_ass_item);
    s.sq_contains = Some(list_contains);
    s.sq_concat = Some(crate::objects::seqarith::list_concat);
    s.sq_repeat = Some(crate::objects::seqarith::list_repeat);
    s.sq_inplace_concat = Some(crate::objects::seqarith::list_inplace_concat);
    s.sq_inplace_repeat = Some(crate::objects::seqarith::list_inplace_repeat);
    s
};

static mut LIST_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(list_len),
    mp_subscript: Some(list_subscript),
    mp_ass_subscript: Some(list_ass_subscript),
};

/// Fills in `list`. Start-up only.
pub(crate) unsafe fn init_type(t: *mut PyTypeObject) {
    // SAFETY: start-up, exclusive access.
    unsafe {
        (*t).tp_name = c"list".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<PyListObject>() as isize;
        (*t).tp_flags = flags::DEFAULT
            | flags::BASETYPE
            | flags::LIST_SUBCLASS
            | flags::MATCH_SELF
            | flags::HAVE_GC
            | flags::IMMUTABLETYPE
            | flags::SEQUENCE;
        (*t).tp_dealloc = Some(list_dealloc);
        (*t).tp_traverse = Some(list_traverse);
        (*t).tp_clear = Some(list_tp_clear);
        (*t).tp_repr = Some(list_repr);
        (*t).tp_hash = crate::runtime::lifecycle::c_api_slots().hash_not_implemented;
        (*t).tp_richcompare = Some(list_richcompare);
        (*t).tp_as_sequence = ptr::addr_of_mut!(LIST_AS_SEQUENCE);
        (*t).tp_as_mapping = ptr::addr_of_mut!(LIST_AS_MAPPING);
        (*t).tp_new = Some(list_new);
        (*t).tp_doc = c"Built-in mutable sequence.".as_ptr();
    }
}

pub(crate) unsafe fn init_runtime() {}

/// Whether `op` is a list.
///
/// # Safety
/// `op` must be live.
#[inline(always)]
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { typeobj::has_flag(op, flags::LIST_SUBCLASS) }
}

/// Length.
///
/// # Safety
/// `op` must be a live list.
#[inline(always)]
pub unsafe fn size(op: *mut PyObject) -> isize {
    // SAFETY: forwarded.
    unsafe { size_of_var(op) }
}

/// The `i`-th item, borrowed (no bounds check).
///
/// # Safety
/// `op` must be a live list, `0 <= i < size`.
#[inline(always)]
pub unsafe fn item(op: *mut PyObject, i: isize) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe { *(*(op as *mut PyListObject)).ob_item.offset(i) }
}

/// Snapshot of the items as new references.
///
/// # Safety
/// `op` must be a live list.
pub unsafe fn to_vec(op: *mut PyObject) -> Vec<Owned> {
    // SAFETY: forwarded; items of a list are live (NULL only during
    // construction through PyList_New, which we skip).
    unsafe {
        (0..size(op))
            .filter(|&i| !item(op, i).is_null())
            .map(|i| Owned::from_borrowed(item(op, i)))
            .collect()
    }
}

/// `PyList_New`: a list of `n` NULL items.
pub fn new(n: isize) -> PyResult<Owned> {
    if n < 0 {
        return Err(err::bad_argument());
    }
    // SAFETY: a list object; fields written below.
    unsafe {
        // tracked from the start: nothing runs a collection before the
        // fields below are written
        let op = alloc::new_gc_object(lifecycle::list_type(), std::mem::size_of::<PyListObject>())?;
        let l = op as *mut PyListObject;
        if n > 0 {
            let items = match alloc::var_size(0, n as usize, std::mem::size_of::<*mut PyObject>()) {
                Ok(bytes) => mem::alloc_zeroed(bytes),
                Err(e) => {
                    alloc::free_object(op);
                    return Err(e);
                }
            };
            if items.is_null() {
                alloc::free_object(op);
                return Err(err::no_memory());
            }
            (*l).ob_item = items as *mut *mut PyObject;
        }
        (*l).allocated = n;
        (*l).ob_base.ob_size = n;
        Ok(Owned::from_raw(op))
    }
}

/// A list that takes ownership of `objs`.
pub fn from_owned(objs: Vec<Owned>) -> PyResult<Owned> {
    let l = new(objs.len() as isize)?;
    for (i, o) in objs.into_iter().enumerate() {
        // SAFETY: slot `i` exists and is NULL.
        unsafe { *(*(l.as_ptr() as *mut PyListObject)).ob_item.add(i) = o.into_raw() };
    }
    Ok(l)
}

/// A list of new references to `objs`.
///
/// # Safety
/// Every item of `objs` live.
pub unsafe fn from_slice(objs: &[*mut PyObject]) -> PyResult<Owned> {
    let l = new(objs.len() as isize)?;
    // SAFETY: the list has `objs.len()` NULL slots.
    unsafe {
        let items = (*(l.as_ptr() as *mut PyListObject)).ob_item;
        for (i, &o) in objs.iter().enumerate() {
            *items.add(i) = new_ref(o);
        }
    }
    Ok(l)
}

unsafe fn reserve(op: *mut PyObject, need: isize) -> PyResult<()> {
    // SAFETY: `op` is a live list.
    unsafe {
        let l = op as *mut PyListObject;
        if need <= (*l).allocated {
            return Ok(());
        }
        let cap = need.saturating_add((need >> 3) + 6) & !3;
        let bytes = alloc::var_size(0, cap as usize, std::mem::size_of::<*mut PyObject>())?;
        let p = mem::resize((*l).ob_item as *mut u8, bytes);
        if p.is_null() {
            return Err(err::no_memory());
        }
        (*l).ob_item = p as *mut *mut PyObject;
        (*l).allocated = cap;
        Ok(())
    }
}

/// `PyList_Insert` semantics: `v` (borrowed) before index `i`, clamped.
///
/// # Safety
/// `op` must be a live list, `v` live.
pub unsafe fn insert(op: *mut PyObject, i: isize, v: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded; indexes are clamped.
    unsafe {
        let n = size(op);
        reserve(op, n + 1)?;
        let i = if i < 0 { (i + n).max(0) } else { i.min(n) };
        let l = op as *mut PyListObject;
        let base = (*l).ob_item;
        ptr::copy(base.offset(i), base.offset(i + 1), (n - i) as usize);
        incref(v);
        *base.offset(i) = v;
        (*l).ob_base.ob_size = n + 1;
        Ok(())
    }
}

/// `PyList_Append` semantics (`v` borrowed).
///
/// # Safety
/// `op` must be a live list, `v` live.
#[inline]
pub unsafe fn append(op: *mut PyObject, v: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let n = size(op);
        reserve(op, n + 1)?;
        let l = op as *mut PyListObject;
        incref(v);
        *(*l).ob_item.offset(n) = v;
        (*l).ob_base.ob_size = n + 1;
        Ok(())
    }
}

/// Replaces item `i` (in range) with `v`, stolen.
///
/// # Safety
/// `op` a live list, `0 <= i < size`, `v` an owned reference or NULL.
pub unsafe fn replace(op: *mut PyObject, i: isize, v: *mut PyObject) {
    // SAFETY: forwarded.
    unsafe {
        let slot = (*(op as *mut PyListObject)).ob_item.offset(i);
        let old = *slot;
        *slot = v;
        xdecref(old);
    }
}

/// Removes and returns item `i` (in range).
///
/// # Safety
/// `op` a live list, `0 <= i < size`.
pub unsafe fn pop_at(op: *mut PyObject, i: isize) -> PyResult<Owned> {
    // SAFETY: forwarded; the item is held before it leaves the list.
    unsafe {
        let v = Owned::from_borrowed(item(op, i));
        remove(op, i);
        Ok(v)
    }
}

unsafe fn remove(op: *mut PyObject, i: isize) {
    // SAFETY: `op` a live list, `0 <= i < size`.
    unsafe {
        let n = size(op);
        let l = op as *mut PyListObject;
        let base = (*l).ob_item;
        let old = *base.offset(i);
        ptr::copy(base.offset(i + 1), base.offset(i), (n - i - 1) as usize);
        (*l).ob_base.ob_size = n - 1;
        xdecref(old);
    }
}

/// Replaces the whole contents with `items` (their references move into
/// the list). The list is complete again before the old items are
/// released, so code run by their deallocation sees a consistent list.
///
/// # Safety
/// `op` a live list.
pub unsafe fn set_contents(op: *mut PyObject, items: Vec<Owned>) -> PyResult<()> {
    // SAFETY: forwarded; the old pointers keep the list's references
    // until they are released at the end.
    unsafe {
        let old: Vec<*mut PyObject> = (0..size(op)).map(|i| item(op, i)).collect();
        reserve(op, items.len() as isize)?;
        let l = op as *mut PyListObject;
        let n = items.len();
        for (i, o) in items.into_iter().enumerate() {
            *(*l).ob_item.add(i) = o.into_raw();
        }
        (*l).ob_base.ob_size = n as isize;
        for p in old {
            xdecref(p);
        }
        Ok(())
    }
}

/// Replaces items `lo..hi` of `op` with new references to `new` (which
/// must not point into `op`'s own array), moving the tail; the replaced
/// items are released once the list is consistent again.
///
/// # Safety
/// `op` a live list; `lo <= hi <= len`; every item of `new` live.
pub unsafe fn replace_range(
    op: *mut PyObject,
    lo: usize,
    hi: usize,
    new: &[*mut PyObject],
) -> PyResult<()> {
    // SAFETY: indexes are within the list (caller's contract); the array
    // is grown before the tail moves right.
    unsafe {
        let l = op as *mut PyListObject;
        let len = (*l).ob_base.ob_size as usize;
        let k = hi - lo;
        let m = new.len();
        // The replaced items, kept until the list is consistent.
        let mut small = [ptr::null_mut::<PyObject>(); 16];
        let mut big = Vec::new();
        let olds: &mut [*mut PyObject] = if k <= small.len() {
            &mut small[..k]
        } else {
            big.resize(k, ptr::null_mut());
            &mut big[..]
        };
        if k > 0 {
            ptr::copy_nonoverlapping((*l).ob_item.add(lo), olds.as_mut_ptr(), k);
        }
        let new_len = len - k + m;
        if m > k {
            reserve(op, new_len as isize)?;
        }
        let items = (*l).ob_item;
        if m != k && hi < len {
            ptr::copy(items.add(hi), items.add(lo + m), len - hi);
        }
        for (j, &o) in new.iter().enumerate() {
            *items.add(lo + j) = new_ref(o);
        }
        (*l).ob_base.ob_size = new_len as isize;
        for &o in olds.iter() {
            xdecref(o);
        }
        Ok(())
    }
}

/// `PyList_AsTuple`.
///
/// # Safety
/// `op` must be a live list.
pub unsafe fn as_tuple(op: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let v: Vec<*mut PyObject> = (0..size(op)).map(|i| item(op, i)).collect();
        tuple::new_from(&v)
    }
}

unsafe extern "C" fn list_traverse(
    op: *mut PyObject,
    visit: crate::objects::typeobj::visitproc,
    arg: *mut std::ffi::c_void,
) -> c_int {
    // SAFETY: slot on a list.
    unsafe { crate::runtime::gc::visit_all((0..size(op)).map(|i| item(op, i)), visit, arg) }
}

/// `tp_clear`: empties the list (the items are detached before any of
/// them is released, so code their deallocation runs sees an empty list).
unsafe extern "C" fn list_tp_clear(op: *mut PyObject) -> c_int {
    // SAFETY: slot on a live list; items are NULL or owned.
    unsafe {
        let l = op as *mut PyListObject;
        let items = (*l).ob_item;
        if items.is_null() {
            return 0;
        }
        let n = size(op);
        (*l).ob_item = ptr::null_mut();
        (*l).ob_base.ob_size = 0;
        (*l).allocated = 0;
        for i in 0..n {
            xdecref(*items.offset(i));
        }
        mem::release(items as *mut u8);
        0
    }
}

unsafe extern "C" fn list_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; items are NULL or owned.
    unsafe {
        let l = op as *mut PyListObject;
        let items = (*l).ob_item;
        let n = size(op);
        (*l).ob_item = ptr::null_mut();
        (*l).ob_base.ob_size = 0;
        for i in 0..n {
            xdecref(*items.offset(i));
        }
        if !items.is_null() {
            mem::release(items as *mut u8);
        }
        alloc::free_object(op);
    }
}

unsafe extern "C" fn list_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a list; items are re-read each step since a repr may
    // mutate the list.
    unsafe {
        if size(op) == 0 {
            return err::into_ptr(unicode::from_ascii("[]"));
        }
        let r = abstract_::with_repr_guard(op, "[...]", || {
            let mut s = String::from("[");
            let mut i = 0;
            while i < size(op) {
                if i > 0 {
                    s.push_str(", ");
                }
                let it = Owned::from_borrowed(item(op, i));
                s.push_str(&abstract_::repr_string(it.as_ptr())?);
                i += 1;
            }
            s.push(']');
            Ok(s)
        });
        match r {
            Ok(s) => err::into_ptr(unicode::from_str(&s)),
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn list_len(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: slot on a list.
    unsafe { size(op) }
}

unsafe extern "C" fn list_item(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    // SAFETY: slot on a list.
    unsafe {
        if i < 0 || i >= size(op) {
            return err::index_error("list index out of range").into();
        }
        new_ref(item(op, i))
    }
}

unsafe extern "C" fn list_ass_item(op: *mut PyObject, i: Py_ssize_t, v: *mut PyObject) -> c_int {
    // SAFETY: slot on a list.
    unsafe {
        if i < 0 || i >= size(op) {
            return err::index_error("list assignment index out of range").into();
        }
        if v.is_null() {
            remove(op, i);
        } else {
            replace(op, i, new_ref(v));
        }
        0
    }
}

unsafe extern "C" fn list_subscript(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a list.
    unsafe {
        if crate::objects::slice::check(key) {
            return err::into_ptr(crate::objects::seqslice::list_get(op, key));
        }
        match abstract_::sequence_index(key, || size(op), "list") {
            Ok(Some(i)) => new_ref(item(op, i)),
            Ok(None) => err::index_error("list index out of range").into(),
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn list_ass_subscript(
    op: *mut PyObject,
    key: *mut PyObject,
    v: *mut PyObject,
) -> c_int {
    // SAFETY: slot on a list.
    unsafe {
        if crate::objects::slice::check(key) {
            return match crate::objects::seqslice::list_assign(op, key, v) {
                Ok(()) => 0,
                Err(e) => e.into(),
            };
        }
        match abstract_::sequence_index(key, || size(op), "list") {
            Ok(Some(i)) => list_ass_item(op, i, v),
            Ok(None) => err::index_error("list assignment index out of range").into(),
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn list_contains(op: *mut PyObject, x: *mut PyObject) -> c_int {
    // SAFETY: slot on a list; each item is held while compared.
    unsafe {
        let mut i = 0;
        while i < size(op) {
            let it = Owned::from_borrowed(item(op, i));
            match abstract_::rich_compare_bool(it.as_ptr(), x, abstract_::EQ) {
                Ok(true) => return 1,
                Ok(false) => {}
                Err(e) => return e.into(),
            }
            i += 1;
        }
        0
    }
}

unsafe extern "C" fn list_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: slot; `a` is a list. Snapshots keep items alive while compared.
    unsafe {
        if !check(b) {
            return new_ref(lifecycle::not_implemented());
        }
        let av = to_vec(a);
        let bv = to_vec(b);
        let ap: Vec<*mut PyObject> = av.iter().map(Owned::as_ptr).collect();
        let bp: Vec<*mut PyObject> = bv.iter().map(Owned::as_ptr).collect();
        err::into_ptr(abstract_::sequence_compare(&ap, &bp, op))
    }
}

unsafe extern "C" fn list_new(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract.
    unsafe {
        if !kw.is_null() && crate::objects::dict::len(kw) > 0 {
            return err::type_error("list() takes no keyword arguments").into();
        }
        let n = tuple::size(args);
        if n > 1 {
            return err::type_error(&format!("list expected at most 1 argument, got {n}")).into();
        }
        let items = if n == 0 {
            Vec::new()
        } else {
            match abstract_::collect(tuple::item(args, 0), "") {
                Ok(v) => v,
                Err(e) => return e.into(),
            }
        };
        if t == lifecycle::list_type() {
            return err::into_ptr(from_owned(items));
        }
        // A subclass instance: the list layout plus the subclass's fields.
        let op = match alloc::new_object(t, (*t).tp_basicsize as usize) {
            Ok(op) => op,
            Err(e) => return e.into(),
        };
        crate::runtime::gc::track(op);
        let o = Owned::from_raw(op);
        for it in items {
            if let Err(e) = append(o.as_ptr(), it.as_ptr()) {
                return e.into();
            }
        }
        o.into_raw()
    }
}
