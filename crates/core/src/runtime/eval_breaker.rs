//! The eval breaker: requests that running Python code notices at its
//! check points (a function's `RESUME`, every backward jump), as CPython's
//! `eval_breaker` word: a thread waiting for the GIL longer than the
//! switch interval (`sys.setswitchinterval`, 5 ms by default) asks the
//! holder to let it go, and `Py_AddPendingCall` queues a function for the
//! main thread, the allocation path asks for a garbage collection
//! ([`crate::runtime::gc`]), and a signal handler asks the main thread to
//! run the signal's Python handler ([`crate::runtime::signals`]). Checking
//! costs one relaxed atomic load.

use crate::runtime::err::{self, PyResult};
use std::collections::VecDeque;
use std::ffi::{c_int, c_void};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

/// A thread is waiting for the GIL.
pub const GIL_DROP_REQUEST: u32 = 1;
/// `Py_AddPendingCall` queued work for the main thread.
pub const PENDING_CALLS: u32 = 2;
/// The allocation of GC objects went over generation 0's threshold.
pub const GC_SCHEDULED: u32 = 4;
/// A signal arrived ([`crate::runtime::signals`]); the main thread runs
/// its handler.
pub const SIGNALS_PENDING: u32 = 8;

static BREAKER: AtomicU32 = AtomicU32::new(0);

/// The switch interval in microseconds.
static SWITCH_INTERVAL_US: AtomicU64 = AtomicU64::new(5000);

/// Whether any request is pending (the evaluator's fast check).
#[inline(always)]
pub fn is_set() -> bool {
    BREAKER.load(Ordering::Relaxed) != 0
}

/// Raises request bits.
pub fn set(bits: u32) {
    BREAKER.fetch_or(bits, Ordering::Release);
}

/// Clears request bits.
pub fn clear(bits: u32) {
    BREAKER.fetch_and(!bits, Ordering::Release);
}

/// Whether request `bit` is set.
pub fn has(bit: u32) -> bool {
    BREAKER.load(Ordering::Acquire) & bit != 0
}

/// The switch interval.
pub fn switch_interval() -> std::time::Duration {
    std::time::Duration::from_micros(SWITCH_INTERVAL_US.load(Ordering::Relaxed))
}

/// `sys.setswitchinterval(seconds)`: must be positive
/// (`ValueError("switch interval must be strictly positive")`).
pub fn set_switch_interval(seconds: f64) -> PyResult<()> {
    if seconds.is_nan() || seconds <= 0.0 {
        return Err(err::value_error(
            "switch interval must be strictly positive",
        ));
    }
    let us = (seconds * 1e6).clamp(1.0, u64::MAX as f64) as u64;
    SWITCH_INTERVAL_US.store(us, Ordering::Relaxed);
    Ok(())
}

/// A function queued by `Py_AddPendingCall`.
type PendingFn = unsafe extern "C" fn(*mut c_void) -> c_int;

struct Pending(PendingFn, *mut c_void);
// SAFETY: the argument is the caller's to share; CPython hands it to the
// main thread the same way.
unsafe impl Send for Pending {}

/// CPython's `NPENDINGCALLS`.
const MAX_PENDING: usize = 32;

static PENDING: Mutex<VecDeque<Pending>> = Mutex::new(VecDeque::new());
static MAIN_THREAD: OnceLock<std::thread::ThreadId> = OnceLock::new();

/// Records the thread that initialized the runtime (the main thread).
pub fn set_main_thread() {
    let _ = MAIN_THREAD.set(std::thread::current().id());
}

/// Whether the calling thread initialized the runtime.
pub fn is_main_thread() -> bool {
    MAIN_THREAD.get() == Some(&std::thread::current().id())
}

/// `Py_AddPendingCall(func, arg)`: queues `func(arg)` for the main thread
/// (callable from any thread, with or without the GIL); -1 when the queue
/// (32 entries) is full.
pub fn add_pending_call(func: PendingFn, arg: *mut c_void) -> c_int {
    let mut q = PENDING.lock().unwrap_or_else(|e| e.into_inner());
    if q.len() >= MAX_PENDING {
        return -1;
    }
    q.push_back(Pending(func, arg));
    set(PENDING_CALLS);
    0
}

/// `Py_MakePendingCalls`: runs the queued calls on the main thread (a
/// no-op elsewhere); the first that fails stops the run with its
/// exception (the rest stay queued).
///
/// # Safety
/// The GIL is held.
pub unsafe fn make_pending_calls() -> PyResult<()> {
    if !is_main_thread() {
        return Ok(());
    }
    loop {
        let next = {
            let mut q = PENDING.lock().unwrap_or_else(|e| e.into_inner());
            let n = q.pop_front();
            if q.is_empty() {
                clear(PENDING_CALLS);
            }
            n
        };
        let Some(Pending(f, arg)) = next else {
            return Ok(());
        };
        // SAFETY: the function's C contract: called with the GIL held.
        if unsafe { f(arg) } != 0 {
            if err::occurred().is_null() {
                return Err(err::system_error(
                    "pending call failed without setting an exception",
                ));
            }
            let more = !PENDING.lock().unwrap_or_else(|e| e.into_inner()).is_empty();
            if more {
                set(PENDING_CALLS);
            }
            return Err(err::Raised::assume());
        }
    }
}

/// Serves the pending requests at a check point of the evaluator: lets a
/// waiting thread take the GIL, runs a scheduled garbage collection, the
/// signal handlers (main thread), then the pending calls.
///
/// # Safety
/// The GIL is held by the calling thread.
pub unsafe fn handle() -> PyResult<()> {
    if has(GIL_DROP_REQUEST) {
        crate::runtime::thread::yield_gil();
    }
    if has(GC_SCHEDULED) {
        clear(GC_SCHEDULED);
        // SAFETY: a check point: every object is complete.
        unsafe { crate::runtime::gc::run_scheduled() };
    }
    if has(SIGNALS_PENDING) && is_main_thread() {
        // SAFETY: forwarded.
        unsafe { crate::runtime::signals::check()? };
    }
    if has(PENDING_CALLS) {
        // SAFETY: forwarded.
        unsafe { make_pending_calls()? };
    }
    Ok(())
}
