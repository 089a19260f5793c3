//! `tuple` with CPython's item layout (`ob_item` at offset 24, so the
//! `PyTuple_GET_ITEM` macros work), the immortal empty tuple, CPython's
//! xxHash-based tuple hash, and lexicographic comparison.

use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyMappingMethods, PySequenceMethods, PyTypeObject};
use crate::protocols::abstract_;
use crate::runtime::alloc;
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use std::ffi::c_int;
use std::ptr;

/// A `tuple` object; `ob_size` items follow the header.
#[repr(C)]
pub struct PyTupleObject {
    /// Header with `ob_size`.
    pub ob_base: PyVarObject,
    /// First item.
    pub ob_item: [*mut PyObject; 1],
}
const HEADER: usize = std::mem::offset_of!(PyTupleObject, ob_item);
const _: () = assert!(HEADER == 24);

static mut EMPTY: *mut PyObject = ptr::null_mut();

static mut TUPLE_AS_SEQUENCE: PySequenceMethods = {
    // SAFETY: an all-zero table is a table of absent slots.
    let mut s: PySequenceMethods = unsafe { std::mem::zeroed() };
    s.sq_length = Some(tuple_len);
    s.sq_item = Some(tuple_item);
    s.sq_contains = Some(tuple_contains);
    s.sq_concat = Some(crate::objects::seqarith::tuple_concat);
    s.sq_repeat = Some(crate::objects::seqarith::tuple_repeat);
    s
};

static mut TUPLE_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(tuple_len),
    mp_subscript: Some(tuple_subscript),
    mp_ass_subscript: None,
};

/// Fills in `tuple`. Start-up only.
pub(crate) unsafe fn init_type(t: *mut PyTypeObject) {
    // SAFETY: start-up, exclusive access.
    unsafe {
        (*t).tp_name = c"tuple".as_ptr();
        (*t).tp_basicsize = HEADER as isize;
        (*t).tp_itemsize = std::mem::size_of::<*mut PyObject>() as isize;
        (*t).tp_flags = flags::DEFAULT
            | flags::BASETYPE
            | flags::TUPLE_SUBCLASS
            | flags::MATCH_SELF
            | flags::HAVE_GC
            | flags::IMMUTABLETYPE
            | flags::SEQUENCE;
        (*t).tp_dealloc = Some(tuple_dealloc);
        (*t).tp_traverse = Some(tuple_traverse);
        (*t).tp_repr = Some(tuple_repr);
        (*t).tp_hash = Some(tuple_hash);
        (*t).tp_richcompare = Some(tuple_richcompare);
        (*t).tp_as_sequence = ptr::addr_of_mut!(TUPLE_AS_SEQUENCE);
        (*t).tp_as_mapping = ptr::addr_of_mut!(TUPLE_AS_MAPPING);
        (*t).tp_new = Some(tuple_new);
        (*t).tp_doc = c"Built-in immutable sequence.".as_ptr();
    }
}

/// Creates the immortal empty tuple, untracked as in CPython: it holds
/// nothing, so a container of it need not be tracked either.
/// Start-up only.
pub(crate) unsafe fn init_runtime() {
    // SAFETY: start-up.
    unsafe {
        let op = alloc_tuple(0).expect("start-up allocation");
        crate::runtime::gc::untrack(op);
        (*op).ob_refcnt = IMMORTAL_REFCNT;
        EMPTY = op;
    }
}

/// Whether `op` is a tuple.
///
/// # Safety
/// `op` must be live.
#[inline(always)]
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { typeobj::has_flag(op, flags::TUPLE_SUBCLASS) }
}

/// Number of items.
///
/// # Safety
/// `op` must be a live tuple.
#[inline(always)]
pub unsafe fn size(op: *mut PyObject) -> isize {
    // SAFETY: forwarded.
    unsafe { size_of_var(op) }
}

/// Pointer to the item array.
///
/// # Safety
/// `op` must be a live tuple.
#[inline(always)]
pub unsafe fn items(op: *mut PyObject) -> *mut *mut PyObject {
    // SAFETY: items start at offset 24.
    unsafe { (op as *mut u8).add(HEADER) as *mut *mut PyObject }
}

/// The `i`-th item, borrowed (no bounds check).
///
/// # Safety
/// `op` must be a live tuple and `0 <= i < size`.
#[inline(always)]
pub unsafe fn item(op: *mut PyObject, i: isize) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe { *items(op).offset(i) }
}

/// Free lists of dead tuples of sizes 1 to [`FREE_MAX_SIZE`], at most
/// [`FREE_CAP`] each, linked through their first item (CPython keeps the
/// same kind of list): a tuple allocated from one skips the allocator and
/// the zeroing of the header.
const FREE_MAX_SIZE: usize = 20;
const FREE_CAP: usize = 2000;
static mut FREE_LISTS: [(*mut PyObject, usize); FREE_MAX_SIZE + 1] =
    [(ptr::null_mut(), 0); FREE_MAX_SIZE + 1];

/// Pops a dead tuple of size `n` from its free list, reset to refcount 1
/// with NULL items and tracked by the GC.
#[inline]
unsafe fn pop_free(n: usize) -> Option<*mut PyObject> {
    if n == 0 || n > FREE_MAX_SIZE {
        return None;
    }
    // SAFETY: the lists hold dead tuples of exactly size `n` (GIL held).
    unsafe {
        let list = ptr::addr_of_mut!(FREE_LISTS)
            .cast::<(*mut PyObject, usize)>()
            .add(n);
        let op = (*list).0;
        if op.is_null() {
            return None;
        }
        let first = items(op);
        (*list).0 = *first;
        (*list).1 -= 1;
        *first = ptr::null_mut();
        (*op).ob_refcnt = 1;
        // a pool block (`tuple_dealloc` keeps no other), untracked there
        crate::runtime::obmalloc::track_fresh(op as *mut u8);
        Some(op)
    }
}

/// Puts a dead exact tuple (items already released, untracked) on its
/// free list; false when the list is full or the size is not kept.
#[inline]
unsafe fn push_free(op: *mut PyObject, n: usize) -> bool {
    if n == 0 || n > FREE_MAX_SIZE {
        return false;
    }
    // SAFETY: `op` is dead and exclusively ours (GIL held).
    unsafe {
        let list = ptr::addr_of_mut!(FREE_LISTS)
            .cast::<(*mut PyObject, usize)>()
            .add(n);
        if (*list).1 >= FREE_CAP {
            return false;
        }
        let first = items(op);
        for i in 1..n {
            *first.add(i) = ptr::null_mut();
        }
        *first = (*list).0;
        (*list).0 = op;
        (*list).1 += 1;
        true
    }
}

fn alloc_tuple(n: usize) -> PyResult<*mut PyObject> {
    // SAFETY: a free-list tuple is reset by `pop_free`; otherwise HEADER +
    // 8n zeroed bytes.
    unsafe {
        if let Some(op) = pop_free(n) {
            return Ok(op);
        }
        let size = alloc::var_size(HEADER, n, std::mem::size_of::<*mut PyObject>())?;
        let op = alloc::new_gc_object(lifecycle::tuple_type(), size)?;
        (*(op as *mut PyVarObject)).ob_size = n as isize;
        Ok(op)
    }
}

/// `PyTuple_New`: a tuple of `n` NULL items (the empty tuple for 0).
pub fn new(n: isize) -> PyResult<Owned> {
    if n < 0 {
        return Err(err::bad_argument());
    }
    if n == 0 {
        // SAFETY: immortal.
        return Ok(unsafe { Owned::from_raw(EMPTY) });
    }
    // SAFETY: fresh object.
    Ok(unsafe { Owned::from_raw(alloc_tuple(n as usize)?) })
}

/// A tuple of the tuple subtype `t` (a static type without fields of its
/// own) with `n` NULL items, for the caller to fill.
///
/// # Safety
/// `t` a ready subtype of `tuple` with the tuple layout.
pub unsafe fn new_of_type(t: *mut PyTypeObject, n: usize) -> PyResult<Owned> {
    // SAFETY: zeroed memory of the tuple layout with room for `n` items.
    unsafe {
        let size = alloc::var_size(
            (*t).tp_basicsize as usize,
            n,
            std::mem::size_of::<*mut PyObject>(),
        )?;
        let op = alloc::new_object(t, size)?;
        (*(op as *mut PyVarObject)).ob_size = n as isize;
        crate::runtime::gc::track(op);
        Ok(Owned::from_raw(op))
    }
}

/// A tuple holding new references to `objs`.
///
/// # Safety
/// Every element must be a live object. (Marked safe for convenience of
/// internal callers that pass live objects; see the crate's conventions.)
pub fn new_from(objs: &[*mut PyObject]) -> PyResult<Owned> {
    let t = new(objs.len() as isize)?;
    for (i, &o) in objs.iter().enumerate() {
        // SAFETY: callers pass live objects; the slot is NULL.
        unsafe {
            incref(o);
            *items(t.as_ptr()).add(i) = o;
        }
    }
    Ok(t)
}

/// A tuple that takes ownership of `objs`.
pub fn from_owned(objs: Vec<Owned>) -> PyResult<Owned> {
    let t = new(objs.len() as isize)?;
    for (i, o) in objs.into_iter().enumerate() {
        // SAFETY: the slot is NULL; ownership moves into the tuple.
        unsafe { *items(t.as_ptr()).add(i) = o.into_raw() };
    }
    Ok(t)
}

/// `PyTuple_GetSlice`: items `lo..hi`, clamped.
///
/// # Safety
/// `op` must be a live tuple.
pub unsafe fn slice(op: *mut PyObject, lo: isize, hi: isize) -> PyResult<Owned> {
    // SAFETY: forwarded; indexes are clamped to the tuple.
    unsafe {
        let n = size(op);
        let lo = lo.clamp(0, n);
        let hi = hi.clamp(lo, n);
        if lo == 0 && hi == n && (*op).ob_type == lifecycle::tuple_type() {
            return Ok(Owned::from_borrowed(op));
        }
        new_from(std::slice::from_raw_parts(
            items(op).add(lo as usize),
            (hi - lo) as usize,
        ))
    }
}

unsafe extern "C" fn tuple_traverse(
    op: *mut PyObject,
    visit: crate::objects::typeobj::visitproc,
    arg: *mut std::ffi::c_void,
) -> c_int {
    // SAFETY: slot on a tuple.
    unsafe { crate::runtime::gc::visit_all((0..size(op)).map(|i| item(op, i)), visit, arg) }
}

unsafe extern "C" fn tuple_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; items are NULL or owned.
    unsafe {
        let n = size(op);
        let pooled = crate::runtime::gc::untrack_pooled(op);
        for i in 0..n {
            xdecref(item(op, i));
        }
        if pooled && (*op).ob_type == lifecycle::tuple_type() && push_free(op, n as usize) {
            return;
        }
        alloc::free_object(op);
    }
}

unsafe extern "C" fn tuple_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a tuple.
    unsafe {
        let n = size(op);
        if n == 0 {
            return err::into_ptr(crate::objects::unicode::from_ascii("()"));
        }
        let r = abstract_::with_repr_guard(op, "(...)", || {
            let mut s = String::from("(");
            for i in 0..n {
                if i > 0 {
                    s.push_str(", ");
                }
                s.push_str(&abstract_::repr_string(item(op, i))?);
            }
            if n == 1 {
                s.push(',');
            }
            s.push(')');
            Ok(s)
        });
        match r {
            Ok(s) => err::into_ptr(crate::objects::unicode::from_str(&s)),
            Err(e) => e.into(),
        }
    }
}

/// The xxHash primes of CPython's tuple (and slice) hash.
pub(crate) const XXPRIME_1: u64 = 11400714785074694791;
pub(crate) const XXPRIME_2: u64 = 14029467366897019727;
pub(crate) const XXPRIME_5: u64 = 2870177450012600261;

/// CPython's tuple hash: an xxHash-style combination of the item hashes.
///
/// # Safety
/// `op` must be a live tuple.
pub unsafe fn hash(op: *mut PyObject) -> PyResult<isize> {
    let mut acc = XXPRIME_5;
    // SAFETY: forwarded.
    let n = unsafe { size(op) };
    for i in 0..n {
        // SAFETY: items of a complete tuple are live.
        let lane = unsafe { abstract_::hash(item(op, i))? } as u64;
        acc = acc.wrapping_add(lane.wrapping_mul(XXPRIME_2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(XXPRIME_1);
    }
    acc = acc.wrapping_add((n as u64) ^ (XXPRIME_5 ^ 3527539));
    if acc == u64::MAX {
        return Ok(1546275796);
    }
    Ok(acc as isize)
}

unsafe extern "C" fn tuple_hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: slot on a tuple.
    match unsafe { hash(op) } {
        Ok(h) => h,
        Err(e) => e.into(),
    }
}

unsafe extern "C" fn tuple_len(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: slot on a tuple.
    unsafe { size(op) }
}

unsafe extern "C" fn tuple_item(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    // SAFETY: slot on a tuple.
    unsafe {
        if i < 0 || i >= size(op) {
            return err::index_error("tuple index out of range").into();
        }
        new_ref(item(op, i))
    }
}

unsafe extern "C" fn tuple_subscript(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a tuple.
    unsafe {
        if crate::objects::slice::check(key) {
            return err::into_ptr(crate::objects::seqslice::tuple_get(op, key));
        }
        match abstract_::sequence_index(key, || size(op), "tuple") {
            Ok(Some(i)) => new_ref(item(op, i)),
            Ok(None) => err::index_error("tuple index out of range").into(),
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn tuple_contains(op: *mut PyObject, x: *mut PyObject) -> c_int {
    // SAFETY: slot on a tuple.
    unsafe {
        for i in 0..size(op) {
            match abstract_::rich_compare_bool(item(op, i), x, abstract_::EQ) {
                Ok(true) => return 1,
                Ok(false) => {}
                Err(e) => return e.into(),
            }
        }
        0
    }
}

unsafe extern "C" fn tuple_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: slot; `a` is a tuple.
    unsafe {
        if !check(b) {
            return new_ref(lifecycle::not_implemented());
        }
        let av: Vec<*mut PyObject> = (0..size(a)).map(|i| item(a, i)).collect();
        let bv: Vec<*mut PyObject> = (0..size(b)).map(|i| item(b, i)).collect();
        err::into_ptr(abstract_::sequence_compare(&av, &bv, op))
    }
}

unsafe extern "C" fn tuple_new(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract.
    unsafe {
        if !kw.is_null() && crate::objects::dict::len(kw) > 0 {
            return err::type_error("tuple() takes no keyword arguments").into();
        }
        let n = size(args);
        if n > 1 {
            return err::type_error(&format!("tuple expected at most 1 argument, got {n}")).into();
        }
        if t == lifecycle::tuple_type() {
            if n == 0 {
                return err::into_ptr(new(0));
            }
            return err::into_ptr(abstract_::to_tuple(item(args, 0)));
        }
        // A subclass instance: the tuple layout (items inline) plus the
        // subclass's fields.
        let elems = if n == 0 {
            Vec::new()
        } else {
            match abstract_::collect(item(args, 0), "") {
                Ok(v) => v,
                Err(e) => return e.into(),
            }
        };
        let op = match alloc::var_size(
            (*t).tp_basicsize as usize,
            elems.len(),
            std::mem::size_of::<*mut PyObject>(),
        )
        .and_then(|size| alloc::new_object(t, size))
        {
            Ok(op) => op,
            Err(e) => return e.into(),
        };
        (*(op as *mut PyVarObject)).ob_size = elems.len() as isize;
        for (i, it) in elems.into_iter().enumerate() {
            *items(op).add(i) = it.into_raw();
        }
        crate::runtime::gc::track(op);
        op
    }
}

/// Stores `v` (stolen) at `i` (`PyTuple_SetItem`'s checks included).
///
/// # Safety
/// `op` NULL or live; `v` NULL or an owned reference.
pub unsafe fn set_item(op: *mut PyObject, i: isize, v: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if op.is_null() || !check(op) || (*op).ob_refcnt != 1 {
            xdecref(v);
            return Err(err::bad_argument());
        }
        if i < 0 || i >= size(op) {
            xdecref(v);
            return Err(err::index_error("tuple assignment index out of range"));
        }
        let slot = items(op).offset(i);
        let old = *slot;
        *slot = v;
        xdecref(old);
        Ok(())
    }
}

/// Reads item `i` with `PyTuple_GetItem`'s checks; borrowed.
///
/// # Safety
/// `op` NULL or live.
pub unsafe fn get_item_checked(op: *mut PyObject, i: isize) -> PyResult<*mut PyObject> {
    // SAFETY: forwarded.
    unsafe {
        if op.is_null() || !check(op) {
            return Err(err::bad_argument());
        }
        if i < 0 || i >= size(op) {
            return Err(err::index_error("tuple index out of range"));
        }
        Ok(item(op, i))
    }
}
