//! Garbage-collector bookkeeping: which objects of `Py_TPFLAGS_HAVE_GC`
//! types are tracked (`PyObject_GC_Track`/`UnTrack`/`IsTracked`). The cycle
//! collector itself is a later piece; it will enumerate the tracked objects
//! with [`for_each_tracked`] and walk them with `tp_traverse`.
//!
//! Unlike CPython, objects carry no GC header: the "tracked" state of an
//! object from the pool allocator is one bit in its pool's header
//! ([`crate::runtime::obmalloc::gc_bit`]), and the few objects from elsewhere (large
//! blocks, or a replaced object allocator) are kept in a set. That saves 16
//! bytes per container object and frees the space before managed-dict
//! objects for attribute values.

use crate::objects::object::*;
use crate::objects::typeobj::flags;
use crate::runtime::lifecycle;
use std::collections::HashSet;
use std::ptr;

static mut FOREIGN: Option<HashSet<usize>> = None;

#[inline]
fn foreign() -> &'static mut HashSet<usize> {
    // SAFETY: the set is only touched with the GIL held.
    unsafe { (*ptr::addr_of_mut!(FOREIGN)).get_or_insert_with(HashSet::new) }
}

/// GC objects whose `tp_finalize` has run (CPython's "finalized" bit of
/// the GC header, which Ophis objects do not have): a finalizer runs once
/// per object, even when it resurrects it.
static mut FINALIZED: Option<HashSet<usize>> = None;

fn finalized() -> &'static mut HashSet<usize> {
    // SAFETY: the set is only touched with the GIL held.
    unsafe { (*ptr::addr_of_mut!(FINALIZED)).get_or_insert_with(HashSet::new) }
}

/// Whether `op`'s finalizer has run (`PyObject_GC_IsFinalized`).
pub fn is_finalized(op: *mut PyObject) -> bool {
    finalized().contains(&(op as usize))
}

/// `PyObject_CallFinalizer`: runs the type's `tp_finalize` once per
/// object (a GC object is remembered as finalized).
///
/// # Safety
/// `op` must be live (possibly temporarily resurrected).
pub unsafe fn call_finalizer(op: *mut PyObject) {
    // SAFETY: forwarded; the slot follows its C contract.
    unsafe {
        let t = (*op).ob_type;
        let Some(f) = (*t).tp_finalize else { return };
        let gc = (*t).tp_flags & crate::objects::typeobj::flags::HAVE_GC != 0;
        if gc && is_finalized(op) {
            return;
        }
        f(op);
        if gc {
            finalized().insert(op as usize);
        }
    }
}

/// Forgets the finalized mark of an object being freed (one test when no
/// object is marked).
#[inline(always)]
pub fn forget_finalized(op: *mut PyObject) {
    // SAFETY: read under the GIL.
    let set = unsafe { (*ptr::addr_of_mut!(FINALIZED)).as_mut() };
    if let Some(set) = set {
        if !set.is_empty() {
            set.remove(&(op as usize));
        }
    }
}

/// Whether automatic collection is enabled (`PyGC_Enable`/`Disable`): the
/// switch CPython's `gc.enable()` sets. Ophis collects only when asked
/// (`PyGC_Collect`) so far; the switch is kept for when it collects on its
/// own.
static ENABLED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// Sets the switch; returns its previous state.
pub fn set_enabled(on: bool) -> bool {
    ENABLED.swap(on, std::sync::atomic::Ordering::Relaxed)
}

/// The switch.
pub fn enabled() -> bool {
    ENABLED.load(std::sync::atomic::Ordering::Relaxed)
}

/// Whether `op` is a GC object (`PyObject_IS_GC`): its type has `HAVE_GC`
/// and, if the type has `tp_is_gc`, it says so (static types are not GC
/// objects although `type` has the flag).
///
/// # Safety
/// `op` must be live.
#[inline(always)]
pub unsafe fn is_gc(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe {
        let t = (*op).ob_type;
        (*t).tp_flags & flags::HAVE_GC != 0 && (*t).tp_is_gc.is_none_or(|f| f(op) != 0)
    }
}

/// `PyObject_GC_IsTracked`.
///
/// # Safety
/// `op` must be live.
#[inline]
pub unsafe fn is_tracked(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { is_gc(op) && is_tracked_raw(op) }
}

/// The tracked bit without the GC-object check.
///
/// # Safety
/// `op` must be a live object.
#[inline(always)]
pub unsafe fn is_tracked_raw(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe {
        match crate::runtime::obmalloc::gc_bit(op as *mut u8) {
            Some((w, m)) => *w & m != 0,
            None => foreign().contains(&(op as usize)),
        }
    }
}

/// `PyObject_GC_Track`: a fatal error if already tracked, as CPython.
///
/// # Safety
/// `op` must be a live GC object.
#[inline]
pub unsafe fn track(op: *mut PyObject) {
    // SAFETY: forwarded; GIL held.
    unsafe {
        match crate::runtime::obmalloc::gc_bit(op as *mut u8) {
            Some((w, m)) => {
                if *w & m != 0 {
                    already_tracked();
                }
                *w |= m;
            }
            None => {
                if !foreign().insert(op as usize) {
                    already_tracked();
                }
            }
        }
    }
}

#[cold]
fn already_tracked() -> ! {
    lifecycle::fatal(
        "PyObject_GC_Track",
        "object already tracked by the garbage collector",
    );
}

/// `PyObject_GC_UnTrack`: a no-op for an untracked object.
///
/// # Safety
/// `op` must be a live GC object.
#[inline]
pub unsafe fn untrack(op: *mut PyObject) {
    // SAFETY: forwarded; GIL held.
    unsafe {
        match crate::runtime::obmalloc::gc_bit(op as *mut u8) {
            Some((w, m)) => *w &= !m,
            None => {
                foreign().remove(&(op as usize));
            }
        }
    }
}

/// Drops `op` from the set of tracked objects outside the pools (called
/// for blocks that did not come from a pool).
///
/// # Safety
/// `op` must be a GC object being freed.
#[inline(always)]
pub unsafe fn forget_foreign(op: *mut PyObject) {
    let f = foreign();
    if !f.is_empty() {
        f.remove(&(op as usize));
    }
}

/// Whether a container holding `op` must be tracked
/// (`_PyObject_GC_MAY_BE_TRACKED`).
///
/// # Safety
/// `op` must be live.
#[inline(always)]
pub unsafe fn may_be_tracked(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe {
        if !is_gc(op) {
            return false;
        }
        if (*op).ob_type == lifecycle::tuple_type() {
            return is_tracked_raw(op);
        }
        true
    }
}

/// Calls `visit` on each non-NULL object of `objs`, stopping at the first
/// non-zero result (the shape of every `tp_traverse`).
///
/// # Safety
/// Every non-NULL pointer must be live; `visit` a valid visitor.
#[inline]
pub unsafe fn visit_all(
    objs: impl IntoIterator<Item = *mut PyObject>,
    visit: crate::objects::typeobj::visitproc,
    arg: *mut std::ffi::c_void,
) -> std::ffi::c_int {
    let Some(v) = visit else { return 0 };
    for o in objs {
        if !o.is_null() {
            // SAFETY: forwarded.
            let r = unsafe { v(o, arg) };
            if r != 0 {
                return r;
            }
        }
    }
    0
}

/// Calls `f` on every tracked object.
///
/// # Safety
/// The GIL must be held; `f` must not track or untrack objects.
pub unsafe fn for_each_tracked(mut f: impl FnMut(*mut PyObject)) {
    // SAFETY: forwarded.
    unsafe {
        crate::runtime::obmalloc::for_each_tracked(|p| f(p as *mut PyObject));
        for &p in foreign().iter() {
            f(p as *mut PyObject);
        }
    }
}

/// Number of tracked objects (for tests and statistics).
pub fn tracked_count() -> usize {
    let mut n = 0;
    // SAFETY: callers hold the GIL.
    unsafe { for_each_tracked(|_| n += 1) };
    n
}

/// What the collector knows about one tracked object during a collection.
struct Node {
    op: *mut PyObject,
    refs: isize,
    reachable: bool,
}

struct Graph {
    nodes: Vec<Node>,
    index: std::collections::HashMap<usize, usize>,
    /// Scratch for traversals.
    work: Vec<usize>,
}

unsafe extern "C" fn visit_subtract(
    target: *mut PyObject,
    arg: *mut std::ffi::c_void,
) -> std::ffi::c_int {
    // SAFETY: `arg` is the collector's graph for the duration of the call.
    unsafe {
        let g = &mut *(arg as *mut Graph);
        if let Some(&j) = g.index.get(&(target as usize)) {
            g.nodes[j].refs -= 1;
        }
    }
    0
}

unsafe extern "C" fn visit_reach(
    target: *mut PyObject,
    arg: *mut std::ffi::c_void,
) -> std::ffi::c_int {
    // SAFETY: as above.
    unsafe {
        let g = &mut *(arg as *mut Graph);
        if let Some(&j) = g.index.get(&(target as usize)) {
            if !g.nodes[j].reachable {
                g.nodes[j].reachable = true;
                g.work.push(j);
            }
        }
    }
    0
}

unsafe fn traverse(
    op: *mut PyObject,
    visit: unsafe extern "C" fn(*mut PyObject, *mut std::ffi::c_void) -> std::ffi::c_int,
    g: *mut Graph,
) {
    // SAFETY: `op` is a live tracked object; its traverse visits live
    // objects only.
    unsafe {
        if let Some(t) = (*(*op).ob_type).tp_traverse {
            t(op, Some(visit), g as *mut std::ffi::c_void);
        }
    }
}

/// `PyGC_Collect`: finds the tracked objects that only reference each other
/// (CPython's algorithm: subtract the references found by `tp_traverse`
/// from each refcount; what is left unreached from an object with outside
/// references is garbage), clears their weak references (calling the
/// callbacks of weak references that survive), then breaks the cycles with
/// `tp_clear`. Returns the number of unreachable objects.
///
/// Finalizers (`tp_finalize`) of cyclic garbage are not called yet.
///
/// # Safety
/// The GIL must be held; must not be called re-entrantly from a `tp_clear`.
pub unsafe fn collect() -> isize {
    // SAFETY: under the GIL; every tracked object is live, and unreachable
    // objects are held with a reference until their cycles are broken.
    unsafe {
        let mut g = Graph {
            nodes: Vec::new(),
            index: std::collections::HashMap::new(),
            work: Vec::new(),
        };
        for_each_tracked(|op| {
            g.index.insert(op as usize, g.nodes.len());
            g.nodes.push(Node {
                op,
                refs: (*op).ob_refcnt,
                reachable: false,
            });
        });
        let ops: Vec<*mut PyObject> = g.nodes.iter().map(|n| n.op).collect();
        let gp: *mut Graph = &mut g;
        for &op in &ops {
            traverse(op, visit_subtract, gp);
        }
        {
            let g = &mut *gp;
            for (i, n) in g.nodes.iter_mut().enumerate() {
                if n.refs > 0 || is_immortal(n.op) {
                    n.reachable = true;
                    g.work.push(i);
                }
            }
        }
        while let Some(i) = (&mut *gp).work.pop() {
            traverse(ops[i], visit_reach, gp);
        }
        let garbage: Vec<*mut PyObject> = g
            .nodes
            .iter()
            .filter(|n| !n.reachable)
            .map(|n| n.op)
            .collect();
        if garbage.is_empty() {
            return 0;
        }
        let in_garbage: HashSet<usize> = garbage.iter().map(|&o| o as usize).collect();
        for &o in &garbage {
            incref(o);
        }
        // Weak references to garbage die first; surviving ones get their
        // callbacks (those that are garbage themselves do not).
        let mut callbacks: Vec<(Owned, Owned)> = Vec::new();
        for &o in &garbage {
            crate::objects::weakref::detach_all(o, |r, cb| {
                if !in_garbage.contains(&(r as usize)) {
                    callbacks.push((Owned::from_borrowed(r), cb));
                }
            });
        }
        let saved = crate::runtime::err::take();
        for (r, cb) in callbacks {
            let res = crate::objects::tuple::new_from(&[r.as_ptr()]).and_then(|a| {
                crate::protocols::call::call(cb.as_ptr(), a.as_ptr(), ptr::null_mut())
            });
            if res.is_err() {
                crate::runtime::err::write_unraisable(cb.as_ptr());
            }
        }
        crate::runtime::err::restore(saved);
        for &o in &garbage {
            if let Some(clear) = (*(*o).ob_type).tp_clear {
                clear(o);
            }
        }
        let n = garbage.len() as isize;
        for o in garbage {
            decref(o);
        }
        n
    }
}
