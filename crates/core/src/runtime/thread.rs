//! Thread states, the interpreter, and the global interpreter lock.
//!
//! One interpreter, as CPython 3.12 without sub-interpreters. A thread is
//! *attached* when its thread state is current and it holds the GIL. Native
//! threads attach with `PyGILState_Ensure` (which creates their thread state
//! on first use) or `PyEval_RestoreThread`, and detach with
//! `PyGILState_Release` / `PyEval_SaveThread`.

use crate::runtime::lifecycle;
use std::cell::Cell;
use std::ptr;
use std::sync::atomic::{AtomicPtr, AtomicU64, Ordering};
use std::sync::Mutex;

/// Ophis's thread state (`PyThreadState`). Its head is CPython's: `prev`,
/// `next` and `interp` at offsets 0, 8 and 16, which code compiled against
/// CPython's headers reads directly (Cython's `PyThreadState_Get()->interp`);
/// the rest is Ophis's own.
#[derive(Debug)]
#[repr(C)]
pub struct ThreadState {
    /// Previous thread state in the list.
    pub prev: *mut ThreadState,
    /// Next thread state in the interpreter's list (most recent first).
    pub next: *mut ThreadState,
    /// The interpreter this thread state belongs to.
    pub interp: *mut InterpreterState,
    /// CPython's `_status` bits (unused by Ophis).
    pub status: u32,
    /// CPython's `py_recursion_remaining` (the evaluator's, to come).
    pub py_recursion_remaining: i32,
    /// CPython's `py_recursion_limit`.
    pub py_recursion_limit: i32,
    /// How many more nested C calls may enter `Py_EnterRecursiveCall`
    /// before `RecursionError` (starts at [`C_RECURSION_LIMIT`]).
    pub c_recursion_remaining: i32,
    /// Set while the `RecursionError` itself is being raised, so raising it
    /// may nest a little deeper.
    pub recursion_headroom: i32,
    /// CPython's `tracing` depth: while above zero the thread produces no
    /// monitoring or hook events (a hook is running).
    pub tracing: ophis_tracing::TracingDepth,
    /// CPython's `what_event`.
    pub what_event: i32,
    /// CPython's `cframe` (NULL: Ophis's frames are its own).
    pub cframe: *mut std::ffi::c_void,
    /// The legacy hooks, as CPython's `c_profilefunc`, `c_tracefunc`,
    /// `c_profileobj`, `c_traceobj` (set through
    /// [`crate::code::instrument::set_hook`]).
    pub hooks: crate::code::instrument::Hooks,
    /// The raised exception and the handled-exception stack, at CPython's
    /// `current_exception` and `exc_info` (which Cython-generated code reads
    /// and writes directly).
    pub exc: ophis_exc::ExcState<crate::objects::object::Owned>,
    /// CPython's per-thread `dict` (`PyThreadState_GetDict`).
    pub dict: *mut crate::objects::object::PyObject,
    /// Nesting depth of `PyGILState_Ensure` calls.
    pub gilstate_counter: i32,
    /// Whether `PyGILState_*` created (and will delete) this state.
    pub gilstate_owned: bool,
    /// CPython's `async_exc` (`PyThreadState_SetAsyncExc`; unused).
    pub async_exc: *mut crate::objects::object::PyObject,
    /// The creating thread's `pthread_self()` (CPython's `thread_id`).
    pub thread_id: std::ffi::c_ulong,
    /// The creating thread's kernel id (CPython's `native_thread_id`).
    pub native_thread_id: std::ffi::c_ulong,
    /// CPython's `trash.delete_nesting` (unused).
    pub trash_delete_nesting: i32,
    /// CPython's `trash.delete_later` (unused).
    pub trash_delete_later: *mut crate::objects::object::PyObject,
    /// CPython's `on_delete` and `on_delete_data` (unused).
    pub on_delete: [*mut std::ffi::c_void; 2],
    /// CPython's `coroutine_origin_tracking_depth` (unused).
    pub coroutine_origin_tracking_depth: i32,
    /// CPython's `async_gen_firstiter` and `async_gen_finalizer` (unused).
    pub async_gen_hooks: [*mut crate::objects::object::PyObject; 2],
    /// CPython's `context` and `context_ver` (unused).
    pub context: *mut crate::objects::object::PyObject,
    /// See `context`.
    pub context_ver: u64,
    /// Unique id (`PyThreadState_GetID`), at CPython's `id`.
    pub id: u64,
    /// The innermost running interpreter frame, or NULL (CPython's
    /// `cframe->current_frame`).
    pub current_frame: *mut crate::code::frame::InterpFrame,
    /// The stack the thread's interpreter frames live on.
    pub datastack: crate::code::frame::DataStack,
    /// Handled-exception entries left by generators, for the next resume.
    pub spare_exc_items: Vec<Box<ophis_exc::StackItem<crate::objects::object::Owned>>>,
    /// Where line tracing last looked (the previous instruction run).
    pub trace_last: crate::code::instrument::LastStep,
    /// The frame of the event being delivered to hooks (with
    /// `what_event`), else NULL: the frame `f_lineno` may move.
    pub event_frame: *mut crate::code::frame::InterpFrame,
}

const _: () = {
    assert!(std::mem::offset_of!(ThreadState, prev) == 0);
    assert!(std::mem::offset_of!(ThreadState, next) == 8);
    assert!(std::mem::offset_of!(ThreadState, interp) == 16);
    assert!(std::mem::offset_of!(ThreadState, c_recursion_remaining) == 36);
    assert!(std::mem::offset_of!(ThreadState, recursion_headroom) == 40);
    assert!(std::mem::offset_of!(ThreadState, cframe) == 56);
    assert!(std::mem::offset_of!(ThreadState, tracing) == 44);
    // `c_profilefunc`, `c_tracefunc`, `c_profileobj`, `c_traceobj`.
    assert!(std::mem::offset_of!(ThreadState, hooks) == 64);
    assert!(std::mem::size_of::<crate::code::instrument::Hooks>() == 32);
    // `current_exception`, then `exc_info`.
    assert!(std::mem::offset_of!(ThreadState, exc) == 96);
    assert!(std::mem::size_of::<ophis_exc::ExcState<crate::objects::object::Owned>>() == 16);
    assert!(std::mem::size_of::<Option<crate::objects::object::Owned>>() == 8);
    assert!(std::mem::offset_of!(ThreadState, dict) == 112);
    assert!(std::mem::offset_of!(ThreadState, gilstate_counter) == 120);
    assert!(std::mem::offset_of!(ThreadState, async_exc) == 128);
    assert!(std::mem::offset_of!(ThreadState, thread_id) == 136);
    assert!(std::mem::offset_of!(ThreadState, native_thread_id) == 144);
    assert!(std::mem::offset_of!(ThreadState, trash_delete_nesting) == 152);
    assert!(std::mem::offset_of!(ThreadState, trash_delete_later) == 160);
    assert!(std::mem::offset_of!(ThreadState, on_delete) == 168);
    assert!(std::mem::offset_of!(ThreadState, coroutine_origin_tracking_depth) == 184);
    assert!(std::mem::offset_of!(ThreadState, async_gen_hooks) == 192);
    assert!(std::mem::offset_of!(ThreadState, context) == 208);
    assert!(std::mem::offset_of!(ThreadState, context_ver) == 216);
    assert!(std::mem::offset_of!(ThreadState, id) == 224);
};

/// The C recursion limit: 1500 nested `Py_EnterRecursiveCall`s, as in
/// CPython 3.12.1 (independent of `sys.setrecursionlimit`).
pub const C_RECURSION_LIMIT: i32 = 1500;

/// Ophis's interpreter state (opaque to C as `PyInterpreterState`).
#[derive(Debug)]
pub struct InterpreterState {
    /// Head of the thread-state list (protected by [`HEAD_LOCK`]).
    pub tstate_head: *mut ThreadState,
    /// The interpreter's own dict for extensions
    /// (`PyInterpreterState_GetDict`), made on first use.
    pub dict: *mut crate::objects::object::PyObject,
}

/// The one interpreter.
pub static mut MAIN_INTERP: InterpreterState = InterpreterState {
    tstate_head: ptr::null_mut(),
    dict: ptr::null_mut(),
};

/// Protects the thread-state list, which threads walk without the GIL only
/// under this lock.
pub static HEAD_LOCK: Mutex<()> = Mutex::new(());

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// The thread state attached to this thread, or NULL.
    static CURRENT: Cell<*mut ThreadState> = const { Cell::new(ptr::null_mut()) };
    /// The thread state `PyGILState_*` associates with this OS thread.
    static GILSTATE: Cell<*mut ThreadState> = const { Cell::new(ptr::null_mut()) };
}

/// The attached thread state of this thread, or NULL.
#[inline(always)]
pub fn current() -> *mut ThreadState {
    CURRENT.with(|c| c.get())
}

/// The thread state that holds the GIL, or NULL.
///
/// Only the GIL holder may use the C API, so on any thread allowed to ask
/// this equals [`current`]; but it is one plain load, where a thread-local
/// in a shared library costs a `__tls_get_addr` call. The hot paths
/// (error indicator, result checks, recursion guard) read it; questions
/// about *this* thread (`PyGILState_Check`, the no-GIL fatal checks) use
/// [`current`]. CPython up to 3.11 kept its current thread state the same
/// way.
#[inline(always)]
pub fn attached() -> *mut ThreadState {
    ATTACHED.load(Ordering::Relaxed)
}

/// See [`attached`]; written only by the thread taking or dropping the
/// GIL, whose mutex orders it with every reader.
static ATTACHED: AtomicPtr<ThreadState> = AtomicPtr::new(ptr::null_mut());

fn set_attached(ts: *mut ThreadState) {
    CURRENT.with(|c| c.set(ts));
    ATTACHED.store(ts, Ordering::Relaxed);
}

/// The attached thread state; a fatal error without one.
#[inline]
pub fn current_or_fatal(func: &str) -> *mut ThreadState {
    let ts = current();
    if ts.is_null() {
        lifecycle::fatal(
            func,
            "the function must be called with the GIL held, after Python initialization and \
             before Python finalization, but the GIL is released (the current Python thread \
             state is NULL)",
        );
    }
    ts
}

/// The thread state holding the GIL; a fatal error when no thread does.
#[inline(always)]
pub fn attached_or_fatal(func: &str) -> *mut ThreadState {
    let ts = attached();
    if ts.is_null() {
        no_gil(func);
    }
    ts
}

#[cold]
#[inline(never)]
fn no_gil(func: &str) -> ! {
    lifecycle::fatal(
        func,
        "the function must be called with the GIL held, after Python initialization and \
         before Python finalization, but the GIL is released (the current Python thread \
         state is NULL)",
    )
}

/// What the GIL's mutex guards.
struct GilState {
    /// Held by a thread.
    locked: bool,
    /// Threads sleeping in [`gil_take`].
    waiters: usize,
    /// A waiter was woken and has not run yet: a release wakes nobody else
    /// (one wake-up in flight at a time, as CPython's single condition
    /// signal), and a release without waiters makes no system call.
    wakeup_pending: bool,
    /// How many times the GIL was taken (a waiter that sees it unchanged
    /// after a switch interval asks for the GIL).
    switches: u64,
}

/// The global interpreter lock: its state under a pthread mutex, and the
/// condition its waiters sleep on (see [`super::pmutex`] for why not
/// `std`'s).
static GIL: super::pmutex::PMutex<GilState> = super::pmutex::PMutex::new(GilState {
    locked: false,
    waiters: 0,
    wakeup_pending: false,
    switches: 0,
});

fn gil_take() {
    let mut g = GIL.lock();
    while g.locked {
        g.waiters += 1;
        let switches = g.switches;
        let timed_out = GIL.wait_timeout(&mut g, crate::runtime::eval_breaker::switch_interval());
        g.waiters -= 1;
        if timed_out {
            // Waited a whole interval with no switch: ask the holder to
            // let go at its next check point (CPython's drop request).
            if g.locked && g.switches == switches {
                crate::runtime::eval_breaker::set(crate::runtime::eval_breaker::GIL_DROP_REQUEST);
            }
        } else {
            g.wakeup_pending = false;
        }
    }
    g.locked = true;
    // Whoever was woken for this release has run (or it was us).
    g.wakeup_pending = false;
    g.switches = g.switches.wrapping_add(1);
    crate::runtime::eval_breaker::clear(crate::runtime::eval_breaker::GIL_DROP_REQUEST);
}

/// Lets a thread that asked for the GIL take it (the evaluator's answer
/// to a drop request): drops the GIL, waits until another thread took it
/// (CPython's forced switching, so the holder does not simply take it
/// back), then takes it again.
pub fn yield_gil() {
    let ts = detach();
    {
        let mut g = GIL.lock();
        let switches = g.switches;
        while g.switches == switches && g.waiters > 0 {
            if GIL.wait_timeout(&mut g, crate::runtime::eval_breaker::switch_interval()) {
                break;
            }
        }
    }
    // SAFETY: `ts` was attached to this thread a moment ago.
    unsafe { attach(ts) };
}

fn gil_drop() {
    let mut g = GIL.lock();
    g.locked = false;
    let wake = g.waiters > 0 && !g.wakeup_pending;
    if wake {
        g.wakeup_pending = true;
    }
    drop(g);
    if wake {
        GIL.notify_one();
    }
}

/// Creates a thread state in the interpreter (not attached).
pub fn new_thread_state() -> *mut ThreadState {
    // SAFETY: MAIN_INTERP lives forever; the list is guarded by HEAD_LOCK.
    unsafe {
        let interp = ptr::addr_of_mut!(MAIN_INTERP);
        let ts = Box::into_raw(Box::new(ThreadState {
            prev: ptr::null_mut(),
            next: ptr::null_mut(),
            interp,
            status: 0,
            py_recursion_remaining: 1000,
            py_recursion_limit: 1000,
            c_recursion_remaining: C_RECURSION_LIMIT,
            recursion_headroom: 0,
            tracing: ophis_tracing::TracingDepth::new(),
            what_event: -1,
            cframe: ptr::null_mut(),
            hooks: crate::code::instrument::Hooks::new(),
            exc: ophis_exc::ExcState::new(),
            dict: ptr::null_mut(),
            gilstate_counter: 0,
            gilstate_owned: false,
            async_exc: ptr::null_mut(),
            // Plain queries of the calling thread.
            thread_id: libc::pthread_self() as std::ffi::c_ulong,
            native_thread_id: libc::gettid() as std::ffi::c_ulong,
            trash_delete_nesting: 0,
            trash_delete_later: ptr::null_mut(),
            on_delete: [ptr::null_mut(); 2],
            coroutine_origin_tracking_depth: 0,
            async_gen_hooks: [ptr::null_mut(); 2],
            context: ptr::null_mut(),
            context_ver: 1,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            current_frame: ptr::null_mut(),
            datastack: Default::default(),
            spare_exc_items: Vec::new(),
            trace_last: Default::default(),
            event_frame: ptr::null_mut(),
        }));
        let _g = HEAD_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        let head = (*interp).tstate_head;
        (*ts).next = head;
        if !head.is_null() {
            (*head).prev = ts;
        }
        (*interp).tstate_head = ts;
        ts
    }
}

/// Unlinks and frees a thread state. Its pending exception is dropped, which
/// needs the GIL: call while attached or with the GIL otherwise held.
///
/// # Safety
/// `ts` must come from [`new_thread_state`] and not be current on any other
/// thread.
pub unsafe fn delete_thread_state(ts: *mut ThreadState) {
    // SAFETY: see the function contract; the list is guarded by HEAD_LOCK.
    unsafe {
        crate::code::instrument::clear_thread(ts);
        // CPython's `on_delete(on_delete_data)` (`_thread._set_sentinel`).
        if !(*ts).on_delete[0].is_null() {
            let f: unsafe extern "C" fn(*mut std::ffi::c_void) =
                std::mem::transmute((*ts).on_delete[0]);
            (*ts).on_delete[0] = ptr::null_mut();
            f((*ts).on_delete[1]);
        }
        drop(std::mem::take(&mut (*ts).exc));
        crate::objects::object::clear_slot(ptr::addr_of_mut!((*ts).dict));
        {
            let _g = HEAD_LOCK.lock().unwrap_or_else(|e| e.into_inner());
            let interp = (*ts).interp;
            if !(*ts).prev.is_null() {
                (*(*ts).prev).next = (*ts).next;
            } else {
                (*interp).tstate_head = (*ts).next;
            }
            if !(*ts).next.is_null() {
                (*(*ts).next).prev = (*ts).prev;
            }
        }
        if GILSTATE.with(|c| c.get()) == ts {
            GILSTATE.with(|c| c.set(ptr::null_mut()));
        }
        drop(Box::from_raw(ts));
    }
}

/// Takes the GIL and makes `ts` current (`PyEval_RestoreThread`).
///
/// # Safety
/// `ts` must be a live thread state not attached anywhere.
pub unsafe fn attach(ts: *mut ThreadState) {
    if ts.is_null() {
        lifecycle::fatal("PyEval_RestoreThread", "NULL tstate");
    }
    gil_take();
    set_attached(ts);
}

/// Detaches the current thread state and drops the GIL
/// (`PyEval_SaveThread`); returns the detached state.
pub fn detach() -> *mut ThreadState {
    let ts = current_or_fatal("PyEval_SaveThread");
    set_attached(ptr::null_mut());
    gil_drop();
    ts
}

/// Makes `ts` the `PyGILState` thread state of this OS thread.
pub fn bind_gilstate(ts: *mut ThreadState) {
    GILSTATE.with(|c| c.set(ts));
}

/// `PyGILState_LOCKED`.
pub const GILSTATE_LOCKED: i32 = 0;
/// `PyGILState_UNLOCKED`.
pub const GILSTATE_UNLOCKED: i32 = 1;

/// `PyGILState_Ensure`.
pub fn gilstate_ensure() -> i32 {
    if !lifecycle::is_initialized() {
        lifecycle::fatal("PyGILState_Ensure", "Python is not initialized");
    }
    let mut ts = GILSTATE.with(|c| c.get());
    if ts.is_null() {
        ts = new_thread_state();
        // SAFETY: fresh, exclusively ours.
        unsafe { (*ts).gilstate_owned = true };
        bind_gilstate(ts);
    }
    let was_current = current() == ts;
    if !was_current {
        // SAFETY: `ts` belongs to this OS thread and is not attached.
        unsafe { attach(ts) };
    }
    // SAFETY: attached now; only this thread touches the counter.
    unsafe { (*ts).gilstate_counter += 1 };
    if was_current {
        GILSTATE_LOCKED
    } else {
        GILSTATE_UNLOCKED
    }
}

/// `PyGILState_Release`.
pub fn gilstate_release(old: i32) {
    let ts = GILSTATE.with(|c| c.get());
    if ts.is_null() {
        lifecycle::fatal(
            "PyGILState_Release",
            "auto-releasing thread-state, but no thread-state for this thread",
        );
    }
    if current() != ts {
        lifecycle::fatal(
            "PyGILState_Release",
            "thread state must be current when releasing",
        );
    }
    // SAFETY: attached on this thread.
    unsafe {
        (*ts).gilstate_counter -= 1;
        if (*ts).gilstate_counter == 0 && (*ts).gilstate_owned {
            delete_thread_state(ts);
            set_attached(ptr::null_mut());
            gil_drop();
            return;
        }
    }
    if old == GILSTATE_UNLOCKED {
        detach();
    }
}

/// `PyGILState_Check`.
pub fn gilstate_check() -> bool {
    let ts = current();
    !ts.is_null() && ts == GILSTATE.with(|c| c.get())
}

/// Sets the current thread state without touching the GIL (runtime start
/// and teardown only).
pub(crate) fn set_current(ts: *mut ThreadState) {
    set_attached(ts);
}

/// Takes the GIL for the main thread at initialization.
pub(crate) fn take_gil_for_init() {
    gil_take();
}

/// Drops the GIL at finalization.
pub(crate) fn drop_gil_for_fini() {
    gil_drop();
}
