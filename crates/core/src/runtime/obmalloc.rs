//! The default object allocator: size classes of 16 bytes up to 512 bytes,
//! served from 16 KiB pools carved out of 1 MiB arenas, with one free list
//! per class. Larger requests go to the C library. Like CPython's pymalloc,
//! it requires the GIL and returns 16-byte-aligned blocks.
//!
//! A block is recognized as ours by a two-level bitmap over pool addresses
//! (two loads and a bit test), so `free` needs no per-block header and
//! foreign pointers (from the C library) are passed through.
//!
//! Arenas are kept for the life of the process; freed blocks are reused by
//! their size class. The `malloc-objects` feature sends every request to
//! the C library (for AddressSanitizer runs, `cargo xtask asan`).

use std::ffi::c_void;
use std::ptr;

/// Largest request served from pools.
pub const SMALL_MAX: usize = 512;
const ALIGN: usize = 16;
const CLASSES: usize = SMALL_MAX / ALIGN;
const POOL_SHIFT: usize = 14;
const POOL_SIZE: usize = 1 << POOL_SHIFT;
const ARENA_SIZE: usize = 1 << 20;
const POOL_HEADER: usize = std::mem::size_of::<Pool>();
/// One bit per 16-byte unit of a pool.
const UNITS: usize = POOL_SIZE / ALIGN;

extern "C" {
    fn malloc(n: usize) -> *mut c_void;
    fn realloc(p: *mut c_void, n: usize) -> *mut c_void;
    fn free(p: *mut c_void);
    fn posix_memalign(out: *mut *mut c_void, align: usize, n: usize) -> i32;
}

/// Header at the start of each pool.
#[repr(C)]
struct Pool {
    /// Size class of every block in the pool.
    class: usize,
    /// Which of the collector's pool lists hold this pool
    /// ([`LISTED_YOUNG`], [`LISTED_MIDDLE`]).
    listed: usize,
    /// Garbage-collector "tracked" bits, one per 16-byte unit: the GC keeps
    /// its bookkeeping here instead of in a header before each object.
    tracked: [u64; UNITS / 64],
    /// Generation bits of the tracked units (only the first unit of a block
    /// matters). A tracked unit with its `young` bit set is in generation
    /// 0; otherwise its `old` bit tells generation 2 from generation 1.
    /// Both are meaningless for an untracked unit, so freeing a block and
    /// untracking an object leave them alone: tracking sets `young`, which
    /// takes precedence over a stale `old`.
    young: [u64; UNITS / 64],
    old: [u64; UNITS / 64],
}

/// The pool is in the list of pools that may hold generation-0 objects.
const LISTED_YOUNG: usize = 1;
/// The pool is in the list of pools that may hold generation-1 objects.
const LISTED_MIDDLE: usize = 2;

/// Pools that may hold objects of generation 0 (every pool where an object
/// was tracked since the last collection) and of generation 1 (every pool
/// that held generation-0 survivors of a collection of generation 0 since
/// the last collection of generation 1). A collection of the young
/// generations walks these pools' bits only, so its cost follows the
/// number of young objects, not the heap; generation 2 is the rest, found
/// by walking every pool.
static mut GEN_POOLS: [Vec<*mut Pool>; 2] = [Vec::new(), Vec::new()];
const _: () = assert!(std::mem::size_of::<Pool>().is_multiple_of(ALIGN));

struct State {
    /// Free blocks per class (an intrusive singly linked list).
    free: [*mut u8; CLASSES],
    /// The pool being carved per class, and its next unused byte.
    bump: [*mut u8; CLASSES],
    bump_end: [*mut u8; CLASSES],
    /// Unused pools of the current arena.
    arena_next: *mut u8,
    arena_end: *mut u8,
    /// Level 1 of the pool map: address bits 34..48 → a bitmap over bits
    /// 14..34 (one bit per pool).
    map: [*mut u64; 1 << 14],
}

static mut STATE: State = State {
    free: [ptr::null_mut(); CLASSES],
    bump: [ptr::null_mut(); CLASSES],
    bump_end: [ptr::null_mut(); CLASSES],
    arena_next: ptr::null_mut(),
    arena_end: ptr::null_mut(),
    map: [ptr::null_mut(); 1 << 14],
};

#[inline(always)]
fn state() -> *mut State {
    ptr::addr_of_mut!(STATE)
}

#[inline(always)]
fn class_of(n: usize) -> usize {
    (n.max(1) - 1) / ALIGN
}

#[inline(always)]
fn class_size(c: usize) -> usize {
    (c + 1) * ALIGN
}

/// Whether `p` lies in one of our pools.
#[inline(always)]
unsafe fn is_ours(p: *mut u8) -> bool {
    let a = p as usize;
    if a >> 48 != 0 {
        return false;
    }
    // SAFETY: GIL held (module contract); the map only grows.
    unsafe {
        let l2 = (*state()).map[a >> 34];
        if l2.is_null() {
            return false;
        }
        let bit = (a >> POOL_SHIFT) & ((1 << 20) - 1);
        *l2.add(bit >> 6) & (1u64 << (bit & 63)) != 0
    }
}

unsafe fn mark_pool(pool: *mut u8) -> bool {
    let a = pool as usize;
    if a >> 48 != 0 {
        return false;
    }
    // SAFETY: GIL held; level-2 bitmaps are zeroed on creation.
    unsafe {
        let slot = &mut (*state()).map[a >> 34];
        if slot.is_null() {
            let words = (1 << 20) / 64;
            let m = malloc(words * 8) as *mut u64;
            if m.is_null() {
                return false;
            }
            ptr::write_bytes(m, 0, words);
            *slot = m;
        }
        let bit = (a >> POOL_SHIFT) & ((1 << 20) - 1);
        *(*slot).add(bit >> 6) |= 1u64 << (bit & 63);
        true
    }
}

/// A fresh pool for class `c`, or NULL.
unsafe fn new_pool(c: usize) -> *mut u8 {
    // SAFETY: GIL held; arena memory is exclusively ours.
    unsafe {
        let s = state();
        if (*s).arena_next == (*s).arena_end {
            let mut a: *mut c_void = ptr::null_mut();
            if posix_memalign(&mut a, POOL_SIZE, ARENA_SIZE) != 0 || a.is_null() {
                return ptr::null_mut();
            }
            (*s).arena_next = a as *mut u8;
            (*s).arena_end = (a as *mut u8).add(ARENA_SIZE);
        }
        let pool = (*s).arena_next;
        if !mark_pool(pool) {
            return ptr::null_mut();
        }
        (*s).arena_next = pool.add(POOL_SIZE);
        (*(pool as *mut Pool)).class = c;
        (*(pool as *mut Pool)).listed = 0;
        (*(pool as *mut Pool)).tracked = [0; UNITS / 64];
        (*(pool as *mut Pool)).young = [0; UNITS / 64];
        (*(pool as *mut Pool)).old = [0; UNITS / 64];
        pool
    }
}

/// Allocates `n` bytes (uninitialized); NULL on failure.
///
/// # Safety
/// The GIL must be held.
#[inline]
pub unsafe fn alloc(n: usize) -> *mut u8 {
    // SAFETY: forwarded.
    let p = unsafe { alloc_fast(n) };
    if !p.is_null() {
        return p;
    }
    // SAFETY: forwarded.
    unsafe { alloc_slow(n) }
}

/// The head of `n`'s free list, popped, or NULL (an empty list, a large
/// request, the `malloc-objects` feature): a leaf, so the allocation paths
/// that inline it need no saved registers.
///
/// # Safety
/// The GIL must be held.
#[inline(always)]
pub unsafe fn alloc_fast(n: usize) -> *mut u8 {
    if n > SMALL_MAX || cfg!(feature = "malloc-objects") {
        return ptr::null_mut();
    }
    let c = class_of(n);
    // SAFETY: GIL held; free-list links live in the first word of free blocks.
    unsafe {
        let s = state();
        let head = (*s).free[c];
        if !head.is_null() {
            (*s).free[c] = *(head as *mut *mut u8);
        }
        head
    }
}

/// [`alloc`] past an empty free list: the C library for large requests,
/// else the next block of the class's pool (a fresh pool when it is used
/// up).
///
/// # Safety
/// The GIL must be held.
#[inline(never)]
pub unsafe fn alloc_slow(n: usize) -> *mut u8 {
    // With the `malloc-objects` feature every block is the C library's, so
    // a sanitizer sees each object's own bounds; the rest of this module
    // treats them as it treats large blocks.
    if n > SMALL_MAX || cfg!(feature = "malloc-objects") {
        // SAFETY: libc.
        return unsafe { malloc(n.max(1)) as *mut u8 };
    }
    let c = class_of(n);
    // SAFETY: GIL held; free-list links live in the first word of free blocks.
    unsafe {
        let s = state();
        let head = (*s).free[c];
        if !head.is_null() {
            (*s).free[c] = *(head as *mut *mut u8);
            return head;
        }
        let size = class_size(c);
        let mut b = (*s).bump[c];
        if b.is_null() || b.add(size) > (*s).bump_end[c] {
            let pool = new_pool(c);
            if pool.is_null() {
                return ptr::null_mut();
            }
            b = pool.add(POOL_HEADER);
            (*s).bump_end[c] = pool.add(POOL_SIZE);
        }
        (*s).bump[c] = b.add(size);
        b
    }
}

/// Allocates `n` zeroed bytes; NULL on failure.
///
/// # Safety
/// The GIL must be held.
#[inline]
pub unsafe fn alloc_zeroed(n: usize) -> *mut u8 {
    // SAFETY: forwarded; the block has at least `n` bytes.
    unsafe {
        let p = alloc(n);
        if !p.is_null() {
            ptr::write_bytes(p, 0, n.max(1));
        }
        p
    }
}

/// Frees a block from [`alloc`] (or any C-library block).
///
/// # Safety
/// `p` is NULL or a live block from this allocator or the C library; the
/// GIL must be held.
#[inline]
pub unsafe fn release(p: *mut u8) {
    // SAFETY: forwarded.
    unsafe {
        release_block(p);
    }
}

/// [`release`] of the block of an object whose type is not a GC type: such
/// an object can never have been tracked (`PyObject_GC_Track` refuses it),
/// so its pool's GC bits are left alone.
///
/// # Safety
/// As for [`release`]; the block holds (held) an object of a non-GC type.
#[inline(always)]
pub unsafe fn release_untracked(p: *mut u8) {
    // SAFETY: forwarded; a pool's header names the block's class.
    unsafe {
        if is_ours(p) {
            let pool = ((p as usize) & !(POOL_SIZE - 1)) as *mut Pool;
            let c = (*pool).class;
            let s = state();
            *(p as *mut *mut u8) = (*s).free[c];
            (*s).free[c] = p;
        } else {
            free(p as *mut c_void);
        }
    }
}

/// [`release`] of a block from a pool, `false` (nothing done) for any other
/// block. For the block of a GC object (`gc_op` its header, inside the
/// block) only that object's unit can carry a tracked bit (tracking marks
/// the header), so that one bit is cleared, with no mask over the block.
/// No call: the deallocation paths that inline it stay leaves.
///
/// # Safety
/// As for [`release`]; `block` is not NULL; `gc_op` is NULL or the object
/// the block holds.
#[inline(always)]
pub unsafe fn release_fast(block: *mut u8, gc_op: *mut u8) -> bool {
    // SAFETY: forwarded; a pool's header names the block's class, which is
    // below `CLASSES`.
    unsafe {
        if !is_ours(block) {
            return false;
        }
        let pool = ((block as usize) & !(POOL_SIZE - 1)) as *mut Pool;
        if !gc_op.is_null() {
            let unit = ((gc_op as usize) & (POOL_SIZE - 1)) / ALIGN;
            *(*pool).tracked.get_unchecked_mut(unit / 64) &= !(1u64 << (unit % 64));
        }
        let c = (*pool).class;
        let head = (*state()).free.get_unchecked_mut(c);
        *(block as *mut *mut u8) = *head;
        *head = block;
        true
    }
}

/// [`release`], telling whether the block came from a pool (and so had its
/// GC bits cleared).
///
/// # Safety
/// As for [`release`].
#[inline]
pub unsafe fn release_block(p: *mut u8) -> bool {
    if p.is_null() {
        return false;
    }
    // SAFETY: forwarded; a pool's header names the block's class.
    unsafe {
        if is_ours(p) {
            let pool = ((p as usize) & !(POOL_SIZE - 1)) as *mut Pool;
            let c = (*pool).class;
            // No GC bit may outlive its block (C code that frees a tracked
            // object without untracking it must not leave a stale bit).
            let first = ((p as usize) & (POOL_SIZE - 1)) / ALIGN;
            let units = class_size(c) / ALIGN;
            let (w, b) = (first / 64, first % 64);
            let mask = if units >= 64 {
                u64::MAX
            } else {
                (1u64 << units) - 1
            };
            (*pool).tracked[w] &= !(mask << b);
            if b + units > 64 && w + 1 < UNITS / 64 {
                (*pool).tracked[w + 1] &= !(mask >> (64 - b));
            }
            let s = state();
            *(p as *mut *mut u8) = (*s).free[c];
            (*s).free[c] = p;
            true
        } else {
            free(p as *mut c_void);
            false
        }
    }
}

/// Resizes a block; NULL on failure (the old block stays valid).
///
/// # Safety
/// As for [`release`].
pub unsafe fn resize(p: *mut u8, n: usize) -> *mut u8 {
    // SAFETY: forwarded.
    unsafe {
        if p.is_null() {
            return alloc(n);
        }
        if !is_ours(p) {
            if n <= SMALL_MAX {
                // Moving a large block into a pool would need its old size,
                // which the C library does not tell; keep it there.
                return realloc(p as *mut c_void, n.max(1)) as *mut u8;
            }
            return realloc(p as *mut c_void, n) as *mut u8;
        }
        let pool = ((p as usize) & !(POOL_SIZE - 1)) as *mut Pool;
        let old = class_size((*pool).class);
        if n <= old && n > old / 2 {
            return p;
        }
        let q = alloc(n);
        if q.is_null() {
            return q;
        }
        ptr::copy_nonoverlapping(p, q, old.min(n));
        release(p);
        q
    }
}

/// The GC bit of the object at `p`, if `p` lies in a pool: the word and
/// the mask.
///
/// # Safety
/// The GIL must be held; `p` must point into a live block.
#[inline(always)]
pub unsafe fn gc_bit(p: *mut u8) -> Option<(*mut u64, u64)> {
    // SAFETY: forwarded; pool headers are ours.
    unsafe {
        if !is_ours(p) {
            return None;
        }
        let pool = ((p as usize) & !(POOL_SIZE - 1)) as *mut Pool;
        let unit = ((p as usize) & (POOL_SIZE - 1)) / ALIGN;
        Some((
            ptr::addr_of_mut!((*pool).tracked[unit / 64]),
            1u64 << (unit % 64),
        ))
    }
}

/// Marks the object at `p` as tracked, in generation 0: `None` when `p`
/// is not in a pool, else whether it was tracked already (then nothing
/// changes).
///
/// # Safety
/// The GIL must be held; `p` must point into a live block.
#[inline(always)]
pub unsafe fn track(p: *mut u8) -> Option<bool> {
    // SAFETY: forwarded; pool headers are ours.
    unsafe {
        if !is_ours(p) {
            return None;
        }
        let pool = ((p as usize) & !(POOL_SIZE - 1)) as *mut Pool;
        let unit = ((p as usize) & (POOL_SIZE - 1)) / ALIGN;
        let (w, m) = (unit / 64, 1u64 << (unit % 64));
        if (*pool).tracked[w] & m != 0 {
            return Some(true);
        }
        (*pool).tracked[w] |= m;
        (*pool).young[w] |= m;
        if (*pool).listed & LISTED_YOUNG == 0 {
            list_pool(pool, 0);
        }
        Some(false)
    }
}

/// [`track`] of the object at `p` in a block known to be a pool's and
/// untracked (fresh from [`alloc_fast`], whose bits were cleared when it
/// was freed, or kept on a free list after an untrack that found it in a
/// pool), so neither the pool map nor the tracked bit needs reading.
///
/// # Safety
/// The GIL must be held; `p` is an untracked object in a pool block.
#[inline(always)]
pub unsafe fn track_fresh(p: *mut u8) {
    // SAFETY: forwarded; the block is a pool's, so its pool header is ours.
    unsafe {
        let pool = ((p as usize) & !(POOL_SIZE - 1)) as *mut Pool;
        let unit = ((p as usize) & (POOL_SIZE - 1)) / ALIGN;
        let (w, m) = (unit / 64, 1u64 << (unit % 64));
        *(*pool).tracked.get_unchecked_mut(w) |= m;
        *(*pool).young.get_unchecked_mut(w) |= m;
        if (*pool).listed & LISTED_YOUNG == 0 {
            list_pool(pool, 0);
        }
    }
}

#[cold]
unsafe fn list_pool(pool: *mut Pool, gen: usize) {
    // SAFETY: GIL held; the lists are only touched under it.
    unsafe {
        (*pool).listed |= [LISTED_YOUNG, LISTED_MIDDLE][gen];
        (*ptr::addr_of_mut!(GEN_POOLS))[gen].push(pool);
    }
}

/// The generation (0, 1 or 2) of the tracked object at `p`, `None` when
/// `p` is not in a pool or not tracked.
///
/// # Safety
/// The GIL must be held; `p` must point into a live block.
pub unsafe fn generation(p: *mut u8) -> Option<u8> {
    // SAFETY: forwarded; pool headers are ours.
    unsafe {
        if !is_ours(p) {
            return None;
        }
        let pool = ((p as usize) & !(POOL_SIZE - 1)) as *mut Pool;
        let unit = ((p as usize) & (POOL_SIZE - 1)) / ALIGN;
        let (w, m) = (unit / 64, 1u64 << (unit % 64));
        if (*pool).tracked[w] & m == 0 {
            None
        } else if (*pool).young[w] & m != 0 {
            Some(0)
        } else if (*pool).old[w] & m != 0 {
            Some(2)
        } else {
            Some(1)
        }
    }
}

/// Calls `f` on every tracked unit of `pool` whose bits pass `sel`
/// (given the tracked, young and old words).
unsafe fn each_in_pool(
    pool: *mut Pool,
    sel: impl Fn(u64, u64, u64) -> u64,
    f: &mut impl FnMut(*mut u8),
) {
    // SAFETY: `pool` is one of ours; GIL held.
    unsafe {
        for i in 0..UNITS / 64 {
            let mut t = sel((*pool).tracked[i], (*pool).young[i], (*pool).old[i]);
            while t != 0 {
                let u = t.trailing_zeros() as usize;
                t &= t - 1;
                f((pool as *mut u8).add((i * 64 + u) * ALIGN));
            }
        }
    }
}

/// Calls `f` on every pool of ours.
unsafe fn each_pool(mut f: impl FnMut(*mut Pool)) {
    // SAFETY: walks the pool map under the GIL.
    unsafe {
        let s = state();
        for (hi, &l2) in (*s).map.iter().enumerate() {
            if l2.is_null() {
                continue;
            }
            for w in 0..(1usize << 20) / 64 {
                let mut bits = *l2.add(w);
                while bits != 0 {
                    let b = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    f(((hi << 34) | ((w * 64 + b) << POOL_SHIFT)) as *mut Pool);
                }
            }
        }
    }
}

/// Calls `f` with the address of every tracked object in the pools whose
/// generation is `gen` (`None`: every generation).
///
/// # Safety
/// The GIL must be held; `f` must not track objects.
pub unsafe fn for_each_in_generation(gen: Option<u8>, mut f: impl FnMut(*mut u8)) {
    // SAFETY: forwarded.
    unsafe {
        match gen {
            Some(0) => {
                for &pool in (*ptr::addr_of!(GEN_POOLS))[0].iter() {
                    each_in_pool(pool, |t, y, _| t & y, &mut f);
                }
            }
            Some(1) => {
                for &pool in (*ptr::addr_of!(GEN_POOLS))[1].iter() {
                    each_in_pool(pool, |t, y, o| t & !y & !o, &mut f);
                }
            }
            Some(_) => each_pool(|pool| each_in_pool(pool, |t, y, o| t & !y & o, &mut f)),
            None => each_pool(|pool| each_in_pool(pool, |t, _, _| t, &mut f)),
        }
    }
}

/// Calls `f` with the address of every tracked object in the pools.
///
/// # Safety
/// The GIL must be held.
pub unsafe fn for_each_tracked(f: impl FnMut(*mut u8)) {
    // SAFETY: forwarded.
    unsafe { for_each_in_generation(None, f) }
}

/// Moves every tracked object of generations `0..=gen` one generation
/// older (generation 2 stays where it is), after a collection of `gen`.
///
/// # Safety
/// The GIL must be held.
pub unsafe fn promote(gen: u8) {
    // SAFETY: GIL held; the lists hold pools of ours.
    unsafe {
        let lists = &mut *ptr::addr_of_mut!(GEN_POOLS);
        let young = std::mem::take(&mut lists[0]);
        if gen == 0 {
            for &pool in &young {
                for i in 0..UNITS / 64 {
                    (*pool).old[i] &= !(*pool).young[i];
                    (*pool).young[i] = 0;
                }
                (*pool).listed &= !LISTED_YOUNG;
                if (*pool).listed & LISTED_MIDDLE == 0 {
                    (*pool).listed |= LISTED_MIDDLE;
                    lists[1].push(pool);
                }
            }
        } else {
            let middle = std::mem::take(&mut lists[1]);
            for &pool in young.iter().chain(middle.iter()) {
                for i in 0..UNITS / 64 {
                    (*pool).old[i] |= (*pool).tracked[i];
                    (*pool).young[i] = 0;
                }
                (*pool).listed = 0;
            }
        }
        // Keep the lists' buffers for the next collection.
        let mut young = young;
        young.clear();
        if lists[0].is_empty() {
            lists[0] = young;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::testing::with_runtime;

    #[test]
    fn blocks_are_aligned_distinct_and_reused() {
        with_runtime(|| {
            // SAFETY: attached; blocks are used within their sizes.
            unsafe {
                let mut v = Vec::new();
                for n in [1usize, 8, 16, 17, 100, 512, 513, 4000] {
                    let p = alloc(n);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % ALIGN, 0);
                    ptr::write_bytes(p, 0xab, n);
                    v.push(p);
                }
                let mut sorted = v.clone();
                sorted.sort();
                sorted.dedup();
                assert_eq!(sorted.len(), v.len());
                let small = v[3];
                release(small);
                assert_eq!(alloc(24), small, "a freed block is reused by its class");
                for p in v {
                    release(p);
                }
            }
        });
    }

    #[test]
    fn resize_keeps_contents() {
        with_runtime(|| {
            // SAFETY: attached; sizes respected.
            unsafe {
                let p = alloc(10);
                for i in 0..10 {
                    *p.add(i) = i as u8;
                }
                let q = resize(p, 300);
                for i in 0..10 {
                    assert_eq!(*q.add(i), i as u8);
                }
                let r = resize(q, 5000);
                for i in 0..10 {
                    assert_eq!(*r.add(i), i as u8);
                }
                release(r);
            }
        });
    }
}
