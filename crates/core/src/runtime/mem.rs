//! The memory API: CPython's three allocator domains (raw, mem, object)
//! with replaceable allocators (`PyMem_GetAllocator`/`SetAllocator`), and
//! the object allocator every Ophis object comes from, so that a counting or
//! debugging allocator installed by C code sees all object memory, as in
//! CPython.

use std::ffi::c_void;
use std::ptr;

/// `PyMemAllocatorEx`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct PyMemAllocatorEx {
    /// Passed as the first argument of every function.
    pub ctx: *mut c_void,
    /// `malloc(ctx, size)`.
    pub malloc: Option<unsafe extern "C" fn(*mut c_void, usize) -> *mut c_void>,
    /// `calloc(ctx, nelem, elsize)`.
    pub calloc: Option<unsafe extern "C" fn(*mut c_void, usize, usize) -> *mut c_void>,
    /// `realloc(ctx, ptr, size)`.
    pub realloc: Option<unsafe extern "C" fn(*mut c_void, *mut c_void, usize) -> *mut c_void>,
    /// `free(ctx, ptr)`.
    pub free: Option<unsafe extern "C" fn(*mut c_void, *mut c_void)>,
}

/// `PyMemAllocatorDomain`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Domain {
    /// `PYMEM_DOMAIN_RAW`: usable without the GIL.
    Raw = 0,
    /// `PYMEM_DOMAIN_MEM`: `PyMem_Malloc` & co.
    Mem = 1,
    /// `PYMEM_DOMAIN_OBJ`: `PyObject_Malloc` & co., and every object.
    Obj = 2,
}

impl Domain {
    /// The domain for a C enum value.
    pub fn from_c(v: i32) -> Option<Domain> {
        match v {
            0 => Some(Domain::Raw),
            1 => Some(Domain::Mem),
            2 => Some(Domain::Obj),
            _ => None,
        }
    }
}

extern "C" {
    fn malloc(n: usize) -> *mut c_void;
    fn calloc(n: usize, m: usize) -> *mut c_void;
    fn realloc(p: *mut c_void, n: usize) -> *mut c_void;
    fn free(p: *mut c_void);
}

unsafe extern "C" fn raw_malloc(_ctx: *mut c_void, n: usize) -> *mut c_void {
    // SAFETY: libc; a zero-size request gets a unique pointer as CPython's.
    unsafe { malloc(n.max(1)) }
}
unsafe extern "C" fn raw_calloc(_ctx: *mut c_void, n: usize, m: usize) -> *mut c_void {
    // SAFETY: libc.
    unsafe {
        if n == 0 || m == 0 {
            return calloc(1, 1);
        }
        calloc(n, m)
    }
}
unsafe extern "C" fn raw_realloc(_ctx: *mut c_void, p: *mut c_void, n: usize) -> *mut c_void {
    // SAFETY: libc; `p` comes from this allocator (caller's contract).
    unsafe { realloc(p, n.max(1)) }
}
unsafe extern "C" fn raw_free(_ctx: *mut c_void, p: *mut c_void) {
    // SAFETY: libc; `p` comes from this allocator (caller's contract).
    unsafe { free(p) }
}

unsafe extern "C" fn pool_malloc(_ctx: *mut c_void, n: usize) -> *mut c_void {
    // SAFETY: the mem and object domains require the GIL (C-API contract).
    unsafe { crate::runtime::obmalloc::alloc(n) as *mut c_void }
}
unsafe extern "C" fn pool_calloc(_ctx: *mut c_void, n: usize, m: usize) -> *mut c_void {
    // SAFETY: as above; the product was checked by `calloc_in`.
    unsafe { crate::runtime::obmalloc::alloc_zeroed(n * m) as *mut c_void }
}
unsafe extern "C" fn pool_realloc(_ctx: *mut c_void, p: *mut c_void, n: usize) -> *mut c_void {
    // SAFETY: as above; `p` comes from this allocator.
    unsafe { crate::runtime::obmalloc::resize(p as *mut u8, n) as *mut c_void }
}
unsafe extern "C" fn pool_free(_ctx: *mut c_void, p: *mut c_void) {
    // SAFETY: as above.
    unsafe { crate::runtime::obmalloc::release(p as *mut u8) }
}

const RAW: PyMemAllocatorEx = PyMemAllocatorEx {
    ctx: ptr::null_mut(),
    malloc: Some(raw_malloc),
    calloc: Some(raw_calloc),
    realloc: Some(raw_realloc),
    free: Some(raw_free),
};

const POOL: PyMemAllocatorEx = PyMemAllocatorEx {
    ctx: ptr::null_mut(),
    malloc: Some(pool_malloc),
    calloc: Some(pool_calloc),
    realloc: Some(pool_realloc),
    free: Some(pool_free),
};

/// The installed allocators, one per domain: the C library for the raw
/// domain, the pool allocator ([`crate::runtime::obmalloc`]) for the mem and object
/// domains, as CPython uses pymalloc. Changing them is the caller's
/// business, as in CPython: install before allocating, or wrap the previous
/// allocator.
static mut ALLOCATORS: [PyMemAllocatorEx; 3] = [RAW, POOL, POOL];

/// Whether the object domain still uses the default allocator (fast path).
static mut OBJ_IS_DEFAULT: bool = true;

/// `PyMem_GetAllocator`.
pub fn get_allocator(d: Domain) -> PyMemAllocatorEx {
    // SAFETY: plain read of a Copy value; writers hold the GIL or run before
    // threads exist (C-API contract).
    unsafe { (*ptr::addr_of!(ALLOCATORS))[d as usize] }
}

/// `PyMem_SetAllocator`.
pub fn set_allocator(d: Domain, a: PyMemAllocatorEx) {
    // SAFETY: see `get_allocator`.
    unsafe {
        (*ptr::addr_of_mut!(ALLOCATORS))[d as usize] = a;
        if d == Domain::Obj {
            OBJ_IS_DEFAULT = a.malloc.map(|f| f as *const ()) == Some(pool_malloc as *const ())
                && a.free.map(|f| f as *const ()) == Some(pool_free as *const ())
                && a.calloc.map(|f| f as *const ()) == Some(pool_calloc as *const ());
        }
    }
}

/// Allocates `n` bytes from domain `d` (NULL on failure or if `n` exceeds
/// `PY_SSIZE_T_MAX`).
#[inline]
pub fn malloc_in(d: Domain, n: usize) -> *mut u8 {
    if n > isize::MAX as usize {
        return ptr::null_mut();
    }
    let a = get_allocator(d);
    // SAFETY: an installed allocator's function with its own context.
    unsafe { a.malloc.map_or(ptr::null_mut(), |f| f(a.ctx, n)) as *mut u8 }
}

/// Allocates zeroed memory for `n` elements of `size` bytes from `d`.
#[inline]
pub fn calloc_in(d: Domain, n: usize, size: usize) -> *mut u8 {
    if size != 0 && n > isize::MAX as usize / size {
        return ptr::null_mut();
    }
    let a = get_allocator(d);
    // SAFETY: an installed allocator's function with its own context.
    unsafe { a.calloc.map_or(ptr::null_mut(), |f| f(a.ctx, n, size)) as *mut u8 }
}

/// Resizes a block of domain `d`.
///
/// # Safety
/// `p` is NULL or a live block of domain `d`.
#[inline]
pub unsafe fn realloc_in(d: Domain, p: *mut u8, n: usize) -> *mut u8 {
    if n > isize::MAX as usize {
        return ptr::null_mut();
    }
    let a = get_allocator(d);
    // SAFETY: forwarded contract.
    unsafe {
        a.realloc
            .map_or(ptr::null_mut(), |f| f(a.ctx, p as *mut c_void, n)) as *mut u8
    }
}

/// Frees a block of domain `d`.
///
/// # Safety
/// `p` is NULL or a live block of domain `d`.
#[inline]
pub unsafe fn free_in(d: Domain, p: *mut u8) {
    let a = get_allocator(d);
    if let Some(f) = a.free {
        // SAFETY: forwarded contract.
        unsafe { f(a.ctx, p as *mut c_void) }
    }
}

/// Object memory (`PyObject_Malloc`), zeroed when `zero`.
#[inline(always)]
pub fn obj_alloc(n: usize, zero: bool) -> *mut u8 {
    let p = obj_alloc_fast(n, zero);
    if !p.is_null() {
        return p;
    }
    obj_alloc_slow(n, zero)
}

/// [`obj_alloc`] from a free list of the default allocator, or NULL (another
/// allocator installed, an empty free list, a large request): no call but
/// the zeroing, so the paths that inline it stay leaves.
#[inline(always)]
pub fn obj_alloc_fast(n: usize, zero: bool) -> *mut u8 {
    // SAFETY: reading a flag written under the GIL; objects are allocated
    // with the GIL held; the block has room for `n` bytes.
    unsafe {
        if !OBJ_IS_DEFAULT {
            return ptr::null_mut();
        }
        let p = crate::runtime::obmalloc::alloc_fast(n);
        if zero && !p.is_null() {
            ptr::write_bytes(p, 0, n);
        }
        p
    }
}

/// [`obj_alloc`] when [`obj_alloc_fast`] gave nothing.
#[inline(never)]
pub fn obj_alloc_slow(n: usize, zero: bool) -> *mut u8 {
    // SAFETY: reading a flag written under the GIL.
    if unsafe { OBJ_IS_DEFAULT } {
        // SAFETY: objects are allocated with the GIL held.
        return unsafe {
            if zero {
                crate::runtime::obmalloc::alloc_zeroed(n)
            } else {
                crate::runtime::obmalloc::alloc(n)
            }
        };
    }
    if zero {
        calloc_in(Domain::Obj, 1, n)
    } else {
        malloc_in(Domain::Obj, n)
    }
}

/// Frees the block of a dead object (GC or not, as `gc` says) if it is a
/// pool block of the default allocator and, for a GC object, no finalized
/// mark needs forgetting: `false` (nothing done) otherwise. No call.
///
/// # Safety
/// `block` is the object's live block from [`obj_alloc`]; `op` the object
/// inside it.
#[inline(always)]
pub unsafe fn obj_free_fast(
    block: *mut u8,
    op: *mut crate::objects::object::PyObject,
    gc: bool,
) -> bool {
    // SAFETY: reading flags written under the GIL; forwarded contract.
    unsafe {
        if !OBJ_IS_DEFAULT || (gc && crate::runtime::gc::any_finalized()) {
            return false;
        }
        let gc_op = if gc { op as *mut u8 } else { ptr::null_mut() };
        if !crate::runtime::obmalloc::release_fast(block, gc_op) {
            return false;
        }
        if gc {
            crate::runtime::gc::note_free();
        }
        true
    }
}

/// Frees the block of a dead GC object whose object header is at `op`:
/// pool blocks drop their GC bits with the block; others are untracked.
///
/// # Safety
/// `block` is the object's live block from [`obj_alloc`]; `op` the object
/// inside it.
#[inline(always)]
pub unsafe fn obj_free_gc(block: *mut u8, op: *mut crate::objects::object::PyObject) {
    // SAFETY: reading a flag written under the GIL; forwarded contract.
    unsafe {
        crate::runtime::gc::note_free();
        crate::runtime::gc::forget_finalized(op);
        if OBJ_IS_DEFAULT {
            if !crate::runtime::obmalloc::release_block(block) {
                crate::runtime::gc::forget_foreign(op);
            }
        } else {
            crate::runtime::gc::untrack(op);
            free_in(Domain::Obj, block);
        }
    }
}

/// Frees the block of an object whose type is not a GC type (see
/// [`crate::runtime::obmalloc::release_untracked`]).
///
/// # Safety
/// `block` a live block from [`obj_alloc`] holding such an object.
#[inline(always)]
pub unsafe fn obj_free_untracked(block: *mut u8) {
    // SAFETY: reading a flag written under the GIL; forwarded contract.
    unsafe {
        if OBJ_IS_DEFAULT {
            crate::runtime::obmalloc::release_untracked(block);
        } else {
            free_in(Domain::Obj, block);
        }
    }
}

/// Frees object memory (`PyObject_Free`).
///
/// # Safety
/// `p` is NULL or a live block from [`obj_alloc`].
#[inline(always)]
pub unsafe fn obj_free(p: *mut u8) {
    // SAFETY: reading a flag written under the GIL; forwarded contract.
    unsafe {
        if OBJ_IS_DEFAULT {
            crate::runtime::obmalloc::release(p);
        } else {
            free_in(Domain::Obj, p);
        }
    }
}
