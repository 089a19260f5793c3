//! The cyclic garbage collector: which objects of `Py_TPFLAGS_HAVE_GC`
//! types are tracked (`PyObject_GC_Track`/`UnTrack`/`IsTracked`), their
//! generations, and the collector that finds and frees reference cycles.
//!
//! Unlike CPython, objects carry no GC header: the "tracked" state of an
//! object from the pool allocator is one bit in its pool's header
//! ([`crate::runtime::obmalloc::gc_bit`]) and its generation two more bits
//! there; the pools that may hold young objects are listed, so collecting
//! a young generation walks only those pools
//! ([`crate::runtime::obmalloc::for_each_in_generation`]). The few objects
//! from elsewhere (large blocks, or a replaced object allocator) are kept
//! in a map from address to generation. That saves 16 bytes per container
//! object and frees the space before managed-dict objects for attribute
//! values.
//!
//! Collections follow CPython 3.12: three generations with thresholds
//! (700, 10, 10); generation 0's count is allocations of GC objects minus
//! their deallocations, and a count over its threshold schedules a
//! collection on the eval breaker ([`run_scheduled`]), which runs at the next
//! check point of the evaluator (a function's start, a backward jump), where
//! no object is half built; every collection of a generation counts one for
//! the next, and generation 2 also waits until the objects that survived
//! collections of generation 1 since the last full one are a quarter of
//! those of the last full one. A collection ([`collect_generation`]):
//!
//! 1. subtracts the references found by `tp_traverse` between the collected
//!    objects from their refcounts; what has references left is reachable
//!    from outside, and so is everything it reaches; the rest is garbage;
//! 2. moves garbage with a legacy `tp_del` (and what it reaches) to
//!    `gc.garbage` as uncollectable;
//! 3. clears the weak references to garbage (and the garbage weak
//!    references' own referents), calling the callbacks of weak references
//!    that are not garbage themselves;
//! 4. runs `tp_finalize` once per object (PEP 442), then computes again
//!    which garbage is still unreachable: what a finalizer resurrected
//!    survives;
//! 5. breaks the cycles of the rest with `tp_clear`.
//!
//! Survivors move one generation older.

use crate::objects::object::*;
use crate::objects::typeobj::flags;
use crate::runtime::lifecycle;
use std::collections::{HashMap, HashSet};
use std::ffi::{c_int, c_void};
use std::hash::{BuildHasherDefault, Hasher};
use std::ptr;

/// A hasher for object addresses (16-byte aligned): one multiply.
#[derive(Default)]
struct AddrHasher(u64);

impl Hasher for AddrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x100_0000_01b3);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = ((n as u64) >> 4)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(29);
    }
}

type AddrMap<V> = HashMap<usize, V, BuildHasherDefault<AddrHasher>>;
type AddrSet = HashSet<usize, BuildHasherDefault<AddrHasher>>;

/// Tracked objects outside the pools, with their generation.
static mut FOREIGN: Option<AddrMap<u8>> = None;

#[inline]
fn foreign() -> &'static mut AddrMap<u8> {
    // SAFETY: the map is only touched with the GIL held.
    unsafe { (*ptr::addr_of_mut!(FOREIGN)).get_or_insert_with(AddrMap::default) }
}

/// GC objects whose `tp_finalize` has run (CPython's "finalized" bit of
/// the GC header, which Ophis objects do not have): a finalizer runs once
/// per object, even when it resurrects it.
static mut FINALIZED: Option<AddrSet> = None;

fn finalized() -> &'static mut AddrSet {
    // SAFETY: the set is only touched with the GIL held.
    unsafe { (*ptr::addr_of_mut!(FINALIZED)).get_or_insert_with(AddrSet::default) }
}

/// Whether `op`'s finalizer has run (`PyObject_GC_IsFinalized`).
pub fn is_finalized(op: *mut PyObject) -> bool {
    // SAFETY: read under the GIL.
    let set = unsafe { (*ptr::addr_of!(FINALIZED)).as_ref() };
    set.is_some_and(|s| s.contains(&(op as usize)))
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
        let gc = (*t).tp_flags & flags::HAVE_GC != 0;
        if gc && is_finalized(op) {
            return;
        }
        f(op);
        if gc {
            finalized().insert(op as usize);
        }
    }
}

/// Whether any object carries a finalized mark.
#[inline(always)]
pub fn any_finalized() -> bool {
    // SAFETY: read under the GIL.
    let set = unsafe { (*ptr::addr_of!(FINALIZED)).as_ref() };
    set.is_some_and(|s| !s.is_empty())
}

/// Forgets the finalized mark of an object being freed (one test when no
/// object is marked).
#[inline(always)]
pub fn forget_finalized(op: *mut PyObject) {
    // SAFETY: read under the GIL.
    let set = unsafe { (*ptr::addr_of_mut!(FINALIZED)).as_mut() };
    if let Some(set) = set {
        if !set.is_empty() {
            unmark_finalized(set, op);
        }
    }
}

/// The set removal of [`forget_finalized`], out of the deallocation path.
#[cold]
#[inline(never)]
fn unmark_finalized(set: &mut AddrSet, op: *mut PyObject) {
    set.remove(&(op as usize));
}

/// Statistics of one generation (`gc.get_stats()`).
#[derive(Clone, Copy, Default, Debug)]
pub struct GenStats {
    /// Collections of this generation.
    pub collections: isize,
    /// Objects collected by them.
    pub collected: isize,
    /// Uncollectable objects they found.
    pub uncollectable: isize,
}

/// The collector's state (CPython's `GCState`).
struct State {
    enabled: bool,
    collecting: bool,
    thresholds: [isize; 3],
    counts: [isize; 3],
    /// Objects that survived collections of generation 1 since the last
    /// full collection, and the survivors of that one.
    long_lived_pending: isize,
    long_lived_total: isize,
    stats: [GenStats; 3],
    debug: c_int,
    /// `gc.garbage` and `gc.callbacks` (owned lists, made on first use).
    garbage: *mut PyObject,
    callbacks: *mut PyObject,
}

static mut STATE: State = State {
    enabled: true,
    collecting: false,
    thresholds: [700, 10, 10],
    counts: [0; 3],
    long_lived_pending: 0,
    long_lived_total: 0,
    stats: [GenStats {
        collections: 0,
        collected: 0,
        uncollectable: 0,
    }; 3],
    debug: 0,
    garbage: ptr::null_mut(),
    callbacks: ptr::null_mut(),
};

#[inline(always)]
fn st() -> *mut State {
    ptr::addr_of_mut!(STATE)
}

/// `gc.DEBUG_SAVEALL`: garbage goes to `gc.garbage` instead of being freed.
pub const DEBUG_SAVEALL: c_int = 32;

/// Sets the switch; returns its previous state.
pub fn set_enabled(on: bool) -> bool {
    // SAFETY: GIL held by callers.
    unsafe { std::mem::replace(&mut (*st()).enabled, on) }
}

/// The switch (`PyGC_IsEnabled`).
pub fn enabled() -> bool {
    // SAFETY: GIL held by callers.
    unsafe { (*st()).enabled }
}

/// Whether a collection is running.
pub fn collecting() -> bool {
    // SAFETY: GIL held by callers.
    unsafe { (*st()).collecting }
}

/// The thresholds (`gc.get_threshold()`).
pub fn thresholds() -> [isize; 3] {
    // SAFETY: GIL held by callers.
    unsafe { (*st()).thresholds }
}

/// Sets thresholds (`gc.set_threshold`): `None` leaves one as it is.
pub fn set_thresholds(t: [Option<isize>; 3]) {
    // SAFETY: GIL held by callers.
    unsafe {
        for (i, v) in t.into_iter().enumerate() {
            if let Some(v) = v {
                (*st()).thresholds[i] = v;
            }
        }
    }
}

/// The counts (`gc.get_count()`).
pub fn counts() -> [isize; 3] {
    // SAFETY: GIL held by callers.
    unsafe { (*st()).counts }
}

/// The statistics (`gc.get_stats()`).
pub fn stats() -> [GenStats; 3] {
    // SAFETY: GIL held by callers.
    unsafe { (*st()).stats }
}

/// The debug flags (`gc.get_debug()`).
pub fn debug_flags() -> c_int {
    // SAFETY: GIL held by callers.
    unsafe { (*st()).debug }
}

/// Sets the debug flags (`gc.set_debug()`).
pub fn set_debug_flags(f: c_int) {
    // SAFETY: GIL held by callers.
    unsafe { (*st()).debug = f }
}

unsafe fn owned_list(slot: *mut *mut PyObject) -> crate::runtime::err::PyResult<*mut PyObject> {
    // SAFETY: GIL held; the slot holds an owned list or NULL.
    unsafe {
        if (*slot).is_null() {
            *slot = crate::objects::list::new(0)?.into_raw();
        }
        Ok(*slot)
    }
}

/// `gc.garbage` (borrowed).
pub fn garbage_list() -> crate::runtime::err::PyResult<*mut PyObject> {
    // SAFETY: GIL held by callers.
    unsafe { owned_list(ptr::addr_of_mut!((*st()).garbage)) }
}

/// `gc.callbacks` (borrowed).
pub fn callbacks_list() -> crate::runtime::err::PyResult<*mut PyObject> {
    // SAFETY: GIL held by callers.
    unsafe { owned_list(ptr::addr_of_mut!((*st()).callbacks)) }
}

/// Counts the allocation of a GC object; over generation 0's threshold,
/// schedules a collection. The allocation path's whole cost: an
/// increment and a compare.
#[inline(always)]
pub fn note_alloc() {
    // SAFETY: allocation happens with the GIL held.
    unsafe {
        let s = st();
        (*s).counts[0] += 1;
        if (*s).counts[0] > (*s).thresholds[0] {
            schedule();
        }
    }
}

/// Counts the deallocation of a GC object.
#[inline(always)]
pub fn note_free() {
    // SAFETY: deallocation happens with the GIL held.
    unsafe {
        let s = st();
        if (*s).counts[0] > 0 {
            (*s).counts[0] -= 1;
        }
    }
}

/// Asks the evaluator for a collection at its next check point, when
/// collecting is enabled, generation 0's threshold is not zero and no
/// collection is running.
#[cold]
#[inline(never)]
fn schedule() {
    use crate::runtime::eval_breaker;
    // SAFETY: GIL held.
    unsafe {
        let s = st();
        if (*s).enabled
            && (*s).thresholds[0] != 0
            && !(*s).collecting
            && !eval_breaker::has(eval_breaker::GC_SCHEDULED)
        {
            eval_breaker::set(eval_breaker::GC_SCHEDULED);
        }
    }
}

/// Runs the collection the allocation path scheduled (CPython's
/// `_Py_RunGC`): the oldest generation whose count is over its threshold,
/// with the current exception saved and restored.
///
/// # Safety
/// The GIL is held and no object is half built (an evaluator check point).
pub unsafe fn run_scheduled() {
    // SAFETY: forwarded.
    unsafe {
        let s = st();
        if !(*s).enabled || (*s).collecting {
            return;
        }
        for g in (0..3).rev() {
            if (*s).counts[g] > (*s).thresholds[g] {
                if g == 2 && (*s).long_lived_pending < (*s).long_lived_total / 4 {
                    continue;
                }
                let saved = crate::runtime::err::take();
                (*s).collecting = true;
                collect_with_callbacks(g);
                (*s).collecting = false;
                crate::runtime::err::restore(saved);
                break;
            }
        }
    }
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
            None => foreign().contains_key(&(op as usize)),
        }
    }
}

/// The generation of a tracked object, `None` if untracked.
///
/// # Safety
/// `op` must be a live object.
pub unsafe fn generation(op: *mut PyObject) -> Option<u8> {
    // SAFETY: forwarded.
    unsafe {
        if crate::runtime::obmalloc::gc_bit(op as *mut u8).is_some() {
            crate::runtime::obmalloc::generation(op as *mut u8)
        } else {
            foreign().get(&(op as usize)).copied()
        }
    }
}

/// `PyObject_GC_Track`: a fatal error if already tracked, as CPython. The
/// object joins generation 0.
///
/// # Safety
/// `op` must be a live GC object.
#[inline]
pub unsafe fn track(op: *mut PyObject) {
    // SAFETY: forwarded; GIL held.
    unsafe {
        match crate::runtime::obmalloc::track(op as *mut u8) {
            Some(false) => {}
            Some(true) => already_tracked(),
            None => track_foreign(op),
        }
    }
}

#[cold]
#[inline(never)]
fn untrack_foreign(op: *mut PyObject) {
    foreign().remove(&(op as usize));
}

#[cold]
fn track_foreign(op: *mut PyObject) {
    if foreign().insert(op as usize, 0).is_some() {
        already_tracked();
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
            None => untrack_foreign(op),
        }
    }
}

/// [`untrack`], telling whether `op` lies in a pool block (then its
/// tracked bit is clear and [`crate::runtime::obmalloc::track_fresh`] may
/// track it again).
///
/// # Safety
/// `op` must be a live GC object.
#[inline]
pub unsafe fn untrack_pooled(op: *mut PyObject) -> bool {
    // SAFETY: forwarded; GIL held.
    unsafe {
        match crate::runtime::obmalloc::gc_bit(op as *mut u8) {
            Some((w, m)) => {
                *w &= !m;
                true
            }
            None => {
                untrack_foreign(op);
                false
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
    arg: *mut c_void,
) -> c_int {
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

/// Calls `f` on every tracked object of generation `gen` (`None`: all).
///
/// # Safety
/// The GIL must be held; `f` must not track or untrack objects.
pub unsafe fn for_each_in_generation(gen: Option<u8>, mut f: impl FnMut(*mut PyObject)) {
    // SAFETY: forwarded.
    unsafe {
        crate::runtime::obmalloc::for_each_in_generation(gen, |p| f(p as *mut PyObject));
        for (&p, &g) in foreign().iter() {
            if gen.is_none_or(|x| x == g) {
                f(p as *mut PyObject);
            }
        }
    }
}

/// Calls `f` on every tracked object.
///
/// # Safety
/// The GIL must be held; `f` must not track or untrack objects.
pub unsafe fn for_each_tracked(f: impl FnMut(*mut PyObject)) {
    // SAFETY: forwarded.
    unsafe { for_each_in_generation(None, f) }
}

/// Number of tracked objects (for tests and statistics).
pub fn tracked_count() -> usize {
    let mut n = 0;
    // SAFETY: callers hold the GIL.
    unsafe { for_each_tracked(|_| n += 1) };
    n
}

/// Calls `tp_traverse` of `op` (if any) with a Rust closure as visitor.
///
/// # Safety
/// `op` must be live; the closure must not free what it sees.
pub unsafe fn traverse_with<F: FnMut(*mut PyObject)>(op: *mut PyObject, mut f: F) {
    unsafe extern "C" fn tramp<F: FnMut(*mut PyObject)>(
        o: *mut PyObject,
        arg: *mut c_void,
    ) -> c_int {
        // SAFETY: `arg` is the closure for the duration of the traversal.
        unsafe { (*(arg as *mut F))(o) };
        0
    }
    // SAFETY: forwarded; the closure outlives the call.
    unsafe {
        if let Some(t) = (*(*op).ob_type).tp_traverse {
            t(op, Some(tramp::<F>), &mut f as *mut F as *mut c_void);
        }
    }
}

/// What the collector knows about one object during a collection.
struct Node {
    op: *mut PyObject,
    refs: isize,
    reachable: bool,
}

/// The objects of one collection: their refcounts less the references
/// between them, and which are reachable.
struct Graph {
    nodes: Vec<Node>,
    index: AddrMap<u32>,
    work: Vec<u32>,
}

impl Graph {
    fn new() -> Graph {
        Graph {
            nodes: Vec::new(),
            index: AddrMap::default(),
            work: Vec::new(),
        }
    }

    fn add(&mut self, op: *mut PyObject, refs: isize) {
        if let std::collections::hash_map::Entry::Vacant(e) = self.index.entry(op as usize) {
            e.insert(self.nodes.len() as u32);
            self.nodes.push(Node {
                op,
                refs,
                reachable: false,
            });
        }
    }

    /// Subtracts the references between the nodes, then marks what is
    /// reachable from a node with references left.
    unsafe fn find_reachable(&mut self) {
        // SAFETY: every node is live; traversals visit live objects.
        unsafe {
            let gp: *mut Graph = self;
            for i in 0..self.nodes.len() {
                traverse(self.nodes[i].op, visit_subtract, gp);
            }
            for (i, n) in self.nodes.iter_mut().enumerate() {
                // A negative count means a traversal visits a reference
                // its object does not own: treat the object as reachable
                // rather than free something alive.
                if n.refs != 0 || is_immortal(n.op) {
                    n.reachable = true;
                    self.work.push(i as u32);
                }
            }
            self.spread(gp);
        }
    }

    /// Marks everything reachable from the nodes on the work list.
    unsafe fn spread(&mut self, gp: *mut Graph) {
        // SAFETY: as above.
        unsafe {
            while let Some(i) = (*gp).work.pop() {
                let op = (&(*gp).nodes)[i as usize].op;
                traverse(op, visit_reach, gp);
            }
        }
    }
}

unsafe extern "C" fn visit_subtract(target: *mut PyObject, arg: *mut c_void) -> c_int {
    // SAFETY: `arg` is the collector's graph for the duration of the call.
    unsafe {
        let g = &mut *(arg as *mut Graph);
        if let Some(&j) = g.index.get(&(target as usize)) {
            g.nodes[j as usize].refs -= 1;
        }
    }
    0
}

unsafe extern "C" fn visit_reach(target: *mut PyObject, arg: *mut c_void) -> c_int {
    // SAFETY: as above.
    unsafe {
        let g = &mut *(arg as *mut Graph);
        if let Some(&j) = g.index.get(&(target as usize)) {
            let n = &mut g.nodes[j as usize];
            if !n.reachable {
                n.reachable = true;
                g.work.push(j);
            }
        }
    }
    0
}

unsafe fn traverse(
    op: *mut PyObject,
    visit: unsafe extern "C" fn(*mut PyObject, *mut c_void) -> c_int,
    g: *mut Graph,
) {
    // SAFETY: `op` is a live tracked object; its traverse visits live
    // objects only.
    unsafe {
        if let Some(t) = (*(*op).ob_type).tp_traverse {
            t(op, Some(visit), g as *mut c_void);
        }
    }
}

/// Untracks a reachable tuple whose items can never be part of a cycle
/// (CPython's `_PyTuple_MaybeUntrack`, which collections apply to the
/// survivors).
unsafe fn maybe_untrack_tuple(op: *mut PyObject) {
    // SAFETY: `op` is a live exact tuple.
    unsafe {
        let n = crate::objects::tuple::size(op);
        for i in 0..n {
            let it = crate::objects::tuple::item(op, i);
            if it.is_null() || may_be_tracked(it) {
                return;
            }
        }
        untrack(op);
    }
}

/// Untracks a reachable exact dict whose keys and values can never be part
/// of a cycle (full collections only, as CPython).
unsafe fn maybe_untrack_dict(op: *mut PyObject) {
    // SAFETY: `op` is a live exact dict; the traversal only reads.
    unsafe {
        let mut keep = false;
        traverse_with(op, |o| keep |= may_be_tracked(o));
        if !keep {
            untrack(op);
        }
    }
}

/// The `(collected, uncollectable)` figures of one collection.
#[derive(Clone, Copy, Debug, Default)]
pub struct Outcome {
    /// Unreachable objects freed (and weak references whose callback ran
    /// that died with it).
    pub collected: isize,
    /// Unreachable objects kept in `gc.garbage`.
    pub uncollectable: isize,
}

/// Collects generation `gen` (0, 1 or 2) and the younger ones, without the
/// callbacks of `gc.callbacks` and whatever the `collecting` flag says
/// (CPython's `gc_collect_main`); see the module documentation.
///
/// # Safety
/// The GIL must be held, at a point where no object is half built; the
/// caller sets and clears the `collecting` flag.
pub unsafe fn collect_generation(gen: usize) -> Outcome {
    // SAFETY: under the GIL; every tracked object is live, and unreachable
    // objects are held with a reference until their cycles are broken.
    unsafe {
        let s = st();
        let gen = gen.min(2);
        if gen + 1 < 3 {
            (*s).counts[gen + 1] += 1;
        }
        for c in (&mut (*s).counts)[..=gen].iter_mut() {
            *c = 0;
        }
        let mut g = Graph::new();
        for k in 0..=gen {
            for_each_in_generation(Some(k as u8), |op| g.add(op, (*op).ob_refcnt));
        }
        g.find_reachable();

        let tuple_t = lifecycle::tuple_type();
        let dict_t = lifecycle::dict_type();
        let mut unreachable = Vec::new();
        let mut survivors = 0isize;
        for n in &g.nodes {
            if n.reachable {
                survivors += 1;
                let t = (*n.op).ob_type;
                if t == tuple_t {
                    maybe_untrack_tuple(n.op);
                } else if gen == 2 && t == dict_t {
                    maybe_untrack_dict(n.op);
                }
            } else {
                unreachable.push(n.op);
            }
        }
        let mut out = Outcome::default();
        if !unreachable.is_empty() {
            out = dispose(&mut g, unreachable);
        }
        drop(g);
        // Survivors (resurrected objects included) move one generation on.
        promote(gen as u8);
        if gen == 1 {
            (*s).long_lived_pending += survivors;
        } else if gen == 2 {
            (*s).long_lived_pending = 0;
            (*s).long_lived_total = survivors;
        }
        let st = &mut (*s).stats[gen];
        st.collections += 1;
        st.collected += out.collected;
        st.uncollectable += out.uncollectable;
        out
    }
}

unsafe fn promote(gen: u8) {
    // SAFETY: GIL held.
    unsafe {
        crate::runtime::obmalloc::promote(gen);
        for g in foreign().values_mut() {
            if *g <= gen {
                *g = (gen + 1).min(2);
            }
        }
    }
}

/// Steps 2 to 5 of a collection, on the unreachable objects of `g`.
unsafe fn dispose(g: &mut Graph, mut garbage: Vec<*mut PyObject>) -> Outcome {
    // SAFETY: under the GIL; the garbage is live, and held from the moment
    // any code may run.
    unsafe {
        let s = st();
        let mut out = Outcome::default();
        let save_all = (*s).debug & DEBUG_SAVEALL != 0;

        // Legacy finalizers (`tp_del`): their objects, and everything they
        // reach, are uncollectable.
        let legacy: Vec<usize> = garbage
            .iter()
            .enumerate()
            .filter(|(_, &o)| save_all || (*(*o).ob_type).tp_del.is_some())
            .map(|(i, _)| i)
            .collect();
        let mut uncollectable: Vec<*mut PyObject> = Vec::new();
        if !legacy.is_empty() {
            // Reuse the graph's marks: "reachable" now means "reached from
            // a legacy finalizer".
            let gp: *mut Graph = g;
            for &i in &legacy {
                let j = (&(*gp).index)[&(garbage[i] as usize)];
                (&mut (*gp).nodes)[j as usize].reachable = true;
                (*gp).work.push(j);
            }
            (*gp).spread(gp);
            garbage.retain(|&o| {
                let j = (&(*gp).index)[&(o as usize)];
                if (&(*gp).nodes)[j as usize].reachable {
                    uncollectable.push(o);
                    false
                } else {
                    true
                }
            });
            out.uncollectable = uncollectable.len() as isize;
        }

        for &o in garbage.iter().chain(uncollectable.iter()) {
            incref(o);
        }
        let in_garbage: AddrSet = garbage.iter().map(|&o| o as usize).collect();
        let saved = crate::runtime::err::take();

        // Weak references: the garbage's own weak references let go of
        // their referents (their callbacks must never run); weak references
        // to garbage die, and those that are not garbage get their
        // callbacks called.
        for &o in &garbage {
            if crate::objects::weakref::check(o) {
                crate::objects::weakref::clear_ref(o);
            }
        }
        let mut callbacks: Vec<(Owned, Owned)> = Vec::new();
        for &o in &garbage {
            crate::objects::weakref::detach_all(o, |r, cb| {
                if !in_garbage.contains(&(r as usize)) {
                    callbacks.push((Owned::from_borrowed(r), cb));
                }
            });
        }
        for (r, cb) in callbacks {
            let res = crate::objects::tuple::new_from(&[r.as_ptr()]).and_then(|a| {
                crate::protocols::call::call(cb.as_ptr(), a.as_ptr(), ptr::null_mut())
            });
            if res.is_err() {
                crate::runtime::err::write_unraisable(cb.as_ptr());
            }
            drop(res);
            if (*r.as_ptr()).ob_refcnt == 1 {
                out.collected += 1;
            }
        }

        // PEP 442: finalizers run once per object; then whatever they made
        // reachable again survives.
        let mut finalizers_ran = false;
        for &o in &garbage {
            let t = (*o).ob_type;
            if let (Some(f), false) = ((*t).tp_finalize, is_finalized(o)) {
                // Marked before the call, so a finalizer that resurrects
                // the object through a dealloc does not run twice.
                finalizers_ran = true;
                finalized().insert(o as usize);
                f(o);
                if !crate::runtime::err::occurred().is_null() {
                    crate::runtime::err::write_unraisable(o);
                }
            }
        }
        if finalizers_ran {
            garbage = still_unreachable(garbage);
        }

        // Break the cycles.
        out.collected += garbage.len() as isize;
        for &o in &garbage {
            if let Some(clear) = (*(*o).ob_type).tp_clear {
                clear(o);
                if !crate::runtime::err::occurred().is_null() {
                    crate::runtime::err::write_unraisable((*o).ob_type as *mut PyObject);
                }
            }
        }
        crate::runtime::err::restore(saved);
        for &o in &in_garbage {
            decref(o as *mut PyObject);
        }

        if !uncollectable.is_empty() {
            if let Ok(list) = garbage_list() {
                for &o in &uncollectable {
                    if save_all || (*(*o).ob_type).tp_del.is_some() {
                        let _ = crate::objects::list::append(list, o);
                    }
                }
            }
            if !crate::runtime::err::occurred().is_null() {
                crate::runtime::err::write_unraisable(ptr::null_mut());
            }
            for &o in &uncollectable {
                decref(o);
            }
        }
        out
    }
}

/// The objects of `garbage` (each held once by the collector) that are
/// still unreachable after the finalizers ran: what a finalizer stored
/// somewhere reachable, and everything it reaches, is left out.
unsafe fn still_unreachable(garbage: Vec<*mut PyObject>) -> Vec<*mut PyObject> {
    // SAFETY: the garbage is live (held).
    unsafe {
        let mut g = Graph::new();
        for &o in &garbage {
            g.add(o, (*o).ob_refcnt - 1);
        }
        g.find_reachable();
        let mut left = Vec::with_capacity(garbage.len());
        for n in &g.nodes {
            if !n.reachable {
                left.push(n.op);
            }
        }
        // The held references of resurrected objects are dropped with the
        // others by the caller (it drops every held object).
        left
    }
}

/// Collects `gen` with the callbacks of `gc.callbacks` around it ("start"
/// and "stop" with an info dict); returns collected + uncollectable.
///
/// # Safety
/// As for [`collect_generation`]; the caller sets the `collecting` flag.
pub unsafe fn collect_with_callbacks(gen: usize) -> isize {
    // SAFETY: forwarded.
    unsafe {
        invoke_callbacks("start", gen, Outcome::default());
        let out = collect_generation(gen);
        invoke_callbacks("stop", gen, out);
        out.collected + out.uncollectable
    }
}

unsafe fn invoke_callbacks(phase: &str, gen: usize, out: Outcome) {
    // SAFETY: GIL held; the callbacks list is owned by the state.
    unsafe {
        let cbs = (*st()).callbacks;
        if cbs.is_null() || crate::objects::list::size(cbs) == 0 {
            return;
        }
        let saved = crate::runtime::err::take();
        let args = (|| -> crate::runtime::err::PyResult<Owned> {
            use crate::objects::{dict, long, unicode};
            let info = dict::new()?;
            for (k, v) in [
                ("generation", gen as isize),
                ("collected", out.collected),
                ("uncollectable", out.uncollectable),
            ] {
                let v = long::from_i64(v as i64)?;
                let k = unicode::from_str(k)?;
                dict::set(info.as_ptr(), k.as_ptr(), v.as_ptr())?;
            }
            let p = unicode::from_str(phase)?;
            crate::objects::tuple::new_from(&[p.as_ptr(), info.as_ptr()])
        })();
        match args {
            Ok(args) => {
                // Callbacks may change the list: call a copy.
                let copy: Vec<Owned> = (0..crate::objects::list::size(cbs))
                    .map(|i| Owned::from_borrowed(crate::objects::list::item(cbs, i)))
                    .collect();
                for cb in copy {
                    let r =
                        crate::protocols::call::call(cb.as_ptr(), args.as_ptr(), ptr::null_mut());
                    if r.is_err() {
                        crate::runtime::err::write_unraisable(cb.as_ptr());
                    }
                }
            }
            Err(_) => crate::runtime::err::write_unraisable(ptr::null_mut()),
        }
        crate::runtime::err::restore(saved);
    }
}

/// `gc.collect(generation)` and `PyGC_Collect` (generation 2): 0 when a
/// collection is running already.
///
/// # Safety
/// The GIL must be held, at a point where no object is half built.
pub unsafe fn collect_explicit(gen: usize) -> isize {
    // SAFETY: forwarded.
    unsafe {
        let s = st();
        if (*s).collecting {
            return 0;
        }
        (*s).collecting = true;
        let saved = crate::runtime::err::take();
        let n = collect_with_callbacks(gen);
        crate::runtime::err::restore(saved);
        (*s).collecting = false;
        n
    }
}

/// `PyGC_Collect`: a full collection, 0 when collecting is disabled (as
/// CPython) or already running.
///
/// # Safety
/// The GIL must be held, at a point where no object is half built.
pub unsafe fn collect() -> isize {
    if !enabled() {
        return 0;
    }
    // SAFETY: forwarded.
    unsafe { collect_explicit(2) }
}
