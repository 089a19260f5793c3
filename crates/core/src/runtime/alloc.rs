//! Object allocation: the pre-header in front of managed objects (the
//! weakref and dict-or-values words at -32 and -24, where CPython 3.12 keeps
//! them, then two inline attribute slots where CPython has its GC header),
//! header initialization, heap-type references, and the `MemoryError` on
//! failure. All object memory comes from the object allocator domain
//! (`mem::obj_alloc`). GC objects need no header (see [`crate::runtime::gc`]);
//! their allocations and deallocations are counted for it.

use crate::runtime::err::{self, PyResult};

use crate::objects::object::*;
use crate::objects::typeobj::{flags, PyTypeObject};
use crate::runtime::mem;

/// Size of the pre-header of managed objects: the two words CPython 3.12
/// has there, then two attribute slots where CPython has its GC header.
pub const PREHEADER: usize = 32;

/// Bytes in front of an object of type `t` (`_PyType_PreHeaderSize`).
///
/// # Safety
/// `t` must be a live type.
#[inline(always)]
pub unsafe fn preheader_size(t: *mut PyTypeObject) -> usize {
    // SAFETY: forwarded.
    let f = unsafe { (*t).tp_flags };
    if f & (flags::MANAGED_DICT | flags::MANAGED_WEAKREF) != 0 {
        PREHEADER
    } else {
        0
    }
}

/// The largest object body [`new_object`] accepts: room is left for the
/// pre-header and inline attribute slots, so their sum cannot wrap.
pub const MAX_SIZE: usize = isize::MAX as usize - 4096;

/// Size of a variable-sized object: `basic + n * itemsize` bytes, or
/// `MemoryError` when it overflows or exceeds [`MAX_SIZE`] (CPython's
/// `_PyObject_VAR_SIZE` followed by its allocator's size check). Every
/// var-sized allocation path computes its size here.
#[inline]
pub fn var_size(basic: usize, n: usize, itemsize: usize) -> PyResult<usize> {
    match n
        .checked_mul(itemsize)
        .and_then(|b| b.checked_add(basic))
        .filter(|&s| s <= MAX_SIZE)
    {
        Some(s) => Ok(s),
        None => Err(err::no_memory()),
    }
}

/// [`var_size`] for an instance of `t` with `n` items (a negative `n`
/// counts as too large).
///
/// # Safety
/// `t` must be a live type.
#[inline]
pub unsafe fn type_var_size(t: *mut PyTypeObject, n: isize) -> PyResult<usize> {
    // SAFETY: forwarded.
    let (basic, item) = unsafe { ((*t).tp_basicsize, (*t).tp_itemsize) };
    if n < 0 || basic < 0 || item < 0 {
        return Err(err::no_memory());
    }
    var_size(basic as usize, n as usize, item as usize)
}

/// [`type_var_size`] for the var-object constructors (`_PyObject_NewVar`,
/// `_PyObject_GC_NewVar`), never less than a `PyVarObject`: they store
/// `ob_size` even when the type's `tp_basicsize` leaves no room for it
/// (CPython writes past such a block).
///
/// # Safety
/// `t` must be a live type.
#[inline]
pub unsafe fn var_object_size(t: *mut PyTypeObject, n: isize) -> PyResult<usize> {
    // SAFETY: forwarded.
    unsafe { type_var_size(t, n) }.map(|s| s.max(std::mem::size_of::<PyVarObject>()))
}

/// The block size of an object of `size` bytes of type `t` (pre-header and
/// inline attribute slots included) and its dict-or-values word.
///
/// # Safety
/// `t` must be a live type; `size` at most [`MAX_SIZE`].
#[inline(always)]
unsafe fn block_layout(t: *mut PyTypeObject, size: usize) -> (usize, usize, usize) {
    // SAFETY: `t` is live.
    unsafe {
        let pre = preheader_size(t);
        let (extra, word) =
            if (*t).tp_flags & flags::MANAGED_DICT != 0 && size == (*t).tp_basicsize as usize {
                crate::objects::managed::instance_layout(t)
            } else {
                (0, 0)
            };
        (pre, pre + size + extra, word)
    }
}

/// Writes the pre-header and the object header into a fresh `block`.
///
/// # Safety
/// `block` is a fresh block of the size [`block_layout`] gave for `t`.
#[inline(always)]
unsafe fn init_block(
    t: *mut PyTypeObject,
    block: *mut u8,
    pre: usize,
    word: usize,
    zeroed: bool,
) -> *mut PyObject {
    // SAFETY: the block holds the pre-header and the object header.
    unsafe {
        if pre != 0 {
            if !zeroed {
                std::ptr::write_bytes(block as *mut usize, 0, PREHEADER / 8);
            }
            *(block.add(8) as *mut usize) = word;
        }
        let p = block.add(pre) as *mut PyObject;
        (*p).ob_refcnt = 1;
        (*p).ob_type = t;
        if (*t).tp_flags & flags::HEAPTYPE != 0 {
            incref(t as *mut PyObject);
        }
        if (*t).tp_flags & flags::HAVE_GC != 0 {
            crate::runtime::gc::note_alloc();
        }
        p
    }
}

/// The allocation of [`new_object`] and [`new_object_uninit`]: a block from
/// a free list, initialized without any call but the zeroing; anything
/// else (another allocator, an empty free list, a large or too large
/// request) goes to [`alloc_slow`] whole, so the common path saves no
/// registers.
#[inline(always)]
unsafe fn alloc_impl(t: *mut PyTypeObject, size: usize, zero: bool) -> PyResult<*mut PyObject> {
    if size <= crate::runtime::obmalloc::SMALL_MAX {
        // SAFETY: `t` is live; the block has the size `block_layout` gave.
        unsafe {
            let (pre, n, word) = block_layout(t, size);
            let base = mem::obj_alloc_fast(n, zero);
            if !base.is_null() {
                return Ok(init_block(t, base, pre, word, zero));
            }
        }
    }
    // SAFETY: forwarded.
    unsafe { alloc_slow(t, size, zero) }
}

/// [`new_object`] of a GC type, tracked: what `PyType_GenericAlloc` and the
/// builtin GC types' constructors do. A block from a free list is marked
/// tracked directly in its pool's bits (it is known to be a pool's and
/// untracked), with no pool-map lookup.
///
/// # Safety
/// As for [`new_object`]; `t` is a GC type and the caller makes the object
/// consistent for the collector (`tp_traverse`) before anything can run a
/// collection (the collector runs only at evaluator check points or on
/// request, never inside an allocation).
#[inline]
pub unsafe fn new_gc_object(t: *mut PyTypeObject, size: usize) -> PyResult<*mut PyObject> {
    // SAFETY: forwarded.
    unsafe { gc_alloc_impl(t, size, true) }
}

/// [`new_gc_object`] without zeroing the body (callers write every field
/// before anything can run a collection).
///
/// # Safety
/// As for [`new_gc_object`]; the caller must initialize the body.
#[inline]
pub unsafe fn new_gc_object_uninit(t: *mut PyTypeObject, size: usize) -> PyResult<*mut PyObject> {
    // SAFETY: forwarded.
    unsafe { gc_alloc_impl(t, size, false) }
}

#[inline(always)]
unsafe fn gc_alloc_impl(t: *mut PyTypeObject, size: usize, zero: bool) -> PyResult<*mut PyObject> {
    if size <= crate::runtime::obmalloc::SMALL_MAX {
        // SAFETY: `t` is live; the block has the size `block_layout` gave
        // and comes from a free list (a pool's block).
        unsafe {
            let (pre, n, word) = block_layout(t, size);
            let base = mem::obj_alloc_fast(n, zero);
            if !base.is_null() {
                let p = init_block(t, base, pre, word, zero);
                crate::runtime::obmalloc::track_fresh(p as *mut u8);
                return Ok(p);
            }
        }
    }
    // SAFETY: forwarded.
    unsafe { new_gc_object_slow(t, size, zero) }
}

/// [`new_gc_object`] past the free lists.
///
/// # Safety
/// As for [`new_gc_object`].
#[inline(never)]
unsafe fn new_gc_object_slow(
    t: *mut PyTypeObject,
    size: usize,
    zero: bool,
) -> PyResult<*mut PyObject> {
    // SAFETY: forwarded.
    unsafe {
        let p = alloc_slow(t, size, zero)?;
        crate::runtime::gc::track(p);
        Ok(p)
    }
}

/// [`alloc_impl`] past the free lists.
#[inline(never)]
unsafe fn alloc_slow(t: *mut PyTypeObject, size: usize, zero: bool) -> PyResult<*mut PyObject> {
    if size > MAX_SIZE {
        return Err(err::no_memory());
    }
    // SAFETY: `t` is live; the block is at least pre + size (+ inline
    // attribute slots for managed-dict types) bytes, which cannot wrap
    // since `size` is at most `MAX_SIZE`.
    unsafe {
        let (pre, n, word) = block_layout(t, size);
        let base = mem::obj_alloc(n, zero);
        if base.is_null() {
            return Err(err::no_memory());
        }
        Ok(init_block(t, base, pre, word, zero))
    }
}

/// Allocates an object of `size` bytes (plus its pre-header) with refcount 1
/// and type `t`; everything after the header is zeroed. GC objects are not
/// tracked yet.
///
/// # Safety
/// `t` must be a live type whose instances are at least `size` bytes and
/// start with a `PyObject` header.
#[inline]
pub unsafe fn new_object(t: *mut PyTypeObject, size: usize) -> PyResult<*mut PyObject> {
    // SAFETY: forwarded.
    unsafe { alloc_impl(t, size, true) }
}

/// Like [`new_object`] without zeroing the body (callers write every field).
///
/// # Safety
/// As for [`new_object`]; the caller must initialize the body.
#[inline]
pub unsafe fn new_object_uninit(t: *mut PyTypeObject, size: usize) -> PyResult<*mut PyObject> {
    // SAFETY: forwarded.
    unsafe { alloc_impl(t, size, false) }
}

/// Frees an object's memory (pre-header included), untracking it first if
/// needed. Like CPython's `tp_free`, it does not drop a heap type's
/// reference: `subtype_dealloc` (or the C deallocator) does that.
///
/// # Safety
/// `op` must come from [`new_object`] and be dead (refcount zero, fields
/// released); its type must be the one it was allocated with.
#[inline]
pub unsafe fn free_object(op: *mut PyObject) {
    // SAFETY: forwarded.
    unsafe { free_memory(op) }
}

/// `tp_free` of objects from [`new_object`] (`PyObject_GC_Del` /
/// `PyObject_Free` of an object).
///
/// # Safety
/// As for [`free_object`].
#[inline]
pub unsafe fn free_memory(op: *mut PyObject) {
    // SAFETY: forwarded.
    unsafe {
        let t = (*op).ob_type;
        let block = (op as *mut u8).sub(preheader_size(t));
        if !mem::obj_free_fast(block, op, (*t).tp_flags & flags::HAVE_GC != 0) {
            free_memory_slow(op);
        }
    }
}

/// [`free_memory`] of a block [`mem::obj_free_fast`] left alone.
///
/// # Safety
/// As for [`free_memory`].
#[inline(never)]
unsafe fn free_memory_slow(op: *mut PyObject) {
    // SAFETY: forwarded.
    unsafe {
        let t = (*op).ob_type;
        let pre = preheader_size(t);
        let block = (op as *mut u8).sub(pre);
        if (*t).tp_flags & flags::HAVE_GC != 0 {
            mem::obj_free_gc(block, op);
        } else {
            mem::obj_free_untracked(block);
        }
    }
}

/// `Vec` growth that a caller's number controls (a format width, a repeat
/// count, a length read from C): `try_reserve` with `MemoryError` on
/// failure, never Rust's aborting allocation-failure handler.
pub mod fallible {
    use crate::runtime::err::{self, PyResult};

    /// Reserves room for `extra` more elements, or raises `MemoryError`.
    #[inline]
    pub fn reserve<T>(v: &mut Vec<T>, extra: usize) -> PyResult<()> {
        v.try_reserve(extra).map_err(|_| err::no_memory())
    }

    /// An empty vector with room for `n` elements, or `MemoryError`.
    #[inline]
    pub fn with_capacity<T>(n: usize) -> PyResult<Vec<T>> {
        let mut v = Vec::new();
        reserve(&mut v, n)?;
        Ok(v)
    }

    /// Appends `n` copies of `x`, or raises `MemoryError` (nothing appended).
    #[inline]
    pub fn extend_repeat<T: Clone>(v: &mut Vec<T>, x: T, n: usize) -> PyResult<()> {
        reserve(v, n)?;
        v.extend(std::iter::repeat_n(x, n));
        Ok(())
    }

    /// Appends `s`, or raises `MemoryError`.
    #[inline]
    pub fn extend_from_slice<T: Clone>(v: &mut Vec<T>, s: &[T]) -> PyResult<()> {
        reserve(v, s.len())?;
        v.extend_from_slice(s);
        Ok(())
    }
}

/// A free list: up to `N` dead objects of one type kept for reuse (the
/// float and frame-object lists). Only touched with the GIL held; callers
/// compile it out under `malloc-objects`, so AddressSanitizer sees every
/// object's lifetime.
pub struct FreeList<const N: usize> {
    items: std::cell::UnsafeCell<[*mut PyObject; N]>,
    len: std::cell::Cell<usize>,
}

// SAFETY: every access happens with the GIL held (the methods' contract),
// which serializes the threads that reach a list.
unsafe impl<const N: usize> Sync for FreeList<N> {}

impl<const N: usize> Default for FreeList<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> FreeList<N> {
    /// An empty list.
    pub const fn new() -> Self {
        FreeList {
            items: std::cell::UnsafeCell::new([std::ptr::null_mut(); N]),
            len: std::cell::Cell::new(0),
        }
    }

    /// A kept object, if any (its header as it was put).
    ///
    /// # Safety
    /// The GIL is held.
    #[inline(always)]
    pub unsafe fn take(&self) -> Option<*mut PyObject> {
        let n = self.len.get();
        if n == 0 {
            return None;
        }
        self.len.set(n - 1);
        // SAFETY: the GIL serializes access; `n - 1` is a filled slot.
        Some(unsafe { (*self.items.get())[n - 1] })
    }

    /// Keeps a dead object; false when the list is full.
    ///
    /// # Safety
    /// The GIL is held; `op` is dead and exclusively the caller's.
    #[inline(always)]
    pub unsafe fn put(&self, op: *mut PyObject) -> bool {
        let n = self.len.get();
        if n == N {
            return false;
        }
        // SAFETY: the GIL serializes access; `n` is within the array.
        unsafe { (*self.items.get())[n] = op };
        self.len.set(n + 1);
        true
    }
}
