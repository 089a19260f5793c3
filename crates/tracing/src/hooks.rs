//! The re-entrancy guard (a thread's tracing depth) and set-for-all-threads
//! over a thread registry.

use std::sync::atomic::{AtomicI32, Ordering};

/// A thread's tracing depth (CPython's `tstate->tracing`, an `int`, with
/// the same layout): while it is above zero the thread produces no
/// monitoring or legacy events, so a hook that runs code is not traced
/// itself. [`TracingDepth::enter`] raises it for a scope;
/// `PyThreadState_EnterTracing`/`LeaveTracing` map to
/// [`TracingDepth::raise`]/[`TracingDepth::lower`].
#[derive(Debug, Default)]
#[repr(transparent)]
pub struct TracingDepth(AtomicI32);

const _: () = assert!(std::mem::size_of::<TracingDepth>() == 4);

impl TracingDepth {
    /// Depth 0.
    pub const fn new() -> TracingDepth {
        TracingDepth(AtomicI32::new(0))
    }

    /// Whether events are suppressed.
    #[inline(always)]
    pub fn is_tracing(&self) -> bool {
        self.0.load(Ordering::Relaxed) > 0
    }

    /// The depth.
    pub fn get(&self) -> i32 {
        self.0.load(Ordering::Relaxed)
    }

    /// Raises the depth by one. Only the owning thread changes its depth
    /// (others may read it), so this is a load and a store, not a locked
    /// read-modify-write: a hook pays this twice per event.
    #[inline]
    pub fn raise(&self) {
        self.0
            .store(self.0.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
    }

    /// Lowers the depth by one (a load and a store, as [`Self::raise`]).
    #[inline]
    pub fn lower(&self) {
        self.0
            .store(self.0.load(Ordering::Relaxed) - 1, Ordering::Relaxed);
    }

    /// Raises the depth until the guard drops (also on unwinding).
    #[inline]
    #[must_use = "the depth is lowered when the guard drops"]
    pub fn enter(&self) -> DepthGuard<'_> {
        self.raise();
        DepthGuard(self)
    }
}

/// Lowers a [`TracingDepth`] when dropped.
#[derive(Debug)]
pub struct DepthGuard<'a>(&'a TracingDepth);

impl Drop for DepthGuard<'_> {
    #[inline]
    fn drop(&mut self) {
        self.0.lower();
    }
}

/// A list of threads that can be walked one step at a time, each step
/// taking the registry's lock only for itself (threads may come and go
/// between steps, as in CPython's `PyInterpreterState_ThreadHead` /
/// `PyThreadState_Next` walk).
pub trait ThreadRegistry {
    /// A thread (a handle: pointer or index).
    type Thread: Copy;
    /// The first thread (CPython: the newest).
    fn first(&self) -> Option<Self::Thread>;
    /// The thread after `t`.
    fn next(&self, t: Self::Thread) -> Option<Self::Thread>;
}

/// Applies `set` to every thread of `registry` as it stands when called,
/// in the registry's order; a failure goes to `report` and the walk goes
/// on (`PyEval_SetProfileAllThreads`). Gives the number of threads set.
pub fn set_all_threads<R: ThreadRegistry, E>(
    registry: &R,
    mut set: impl FnMut(R::Thread) -> Result<(), E>,
    mut report: impl FnMut(R::Thread, E),
) -> usize {
    let mut n = 0;
    let mut t = registry.first();
    while let Some(th) = t {
        match set(th) {
            Ok(()) => n += 1,
            Err(e) => report(th, e),
        }
        t = registry.next(th);
    }
    n
}
