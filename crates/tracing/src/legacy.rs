//! The legacy hooks (`PyEval_SetProfile`, `PyEval_SetTrace` and their
//! Python forms) as CPython 3.12 builds them on monitoring: two reserved
//! tools, [`ToolId::LEGACY_PROFILE`] (6) and [`ToolId::LEGACY_TRACE`] (7).
//!
//! - [`map`] is the event table: which `PyTrace_*` event ([`What`]) each
//!   hook gets for a monitoring event, and with which argument ([`Arg`]).
//!   Two rules need more than the table and have their own functions:
//!   [`line_fires`] (a `LINE` is reported when the line changes or right
//!   after a `RESUME`) and [`jump_fires_line`] (a backward jump to the
//!   same line reports that line again, which is why one-line loops report
//!   their line once per iteration).
//! - [`ThreadHooks`] is a thread's pair of hooks, laid out as CPython's
//!   `PyThreadState` fields `c_profilefunc`, `c_tracefunc`, `c_profileobj`,
//!   `c_traceobj` (C code reads them), each an atomic pointer: the
//!   callbacks read them without a lock.
//! - [`Legacy`] counts the threads with a hook of each kind. While a count
//!   is non-zero the kind's events ([`PROFILE_EVENTS`], [`TRACE_EVENTS`])
//!   are on for the whole interpreter; each callback then checks the
//!   current thread's slot and does nothing without a hook, so the effect
//!   stays per thread. Like 3.12, `INSTRUCTION` joins the trace events
//!   only when a trace hook is installed after some frame asked for
//!   opcode events ([`Legacy::note_opcode_tracing`]).

use crate::{Event, EventSet, Handle, Monitoring, ToolId};
use std::marker::PhantomData;
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicUsize, Ordering};

/// A legacy event (`PyTrace_*`, with CPython's values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum What {
    /// `PyTrace_CALL`.
    Call = 0,
    /// `PyTrace_EXCEPTION`.
    Exception = 1,
    /// `PyTrace_LINE`.
    Line = 2,
    /// `PyTrace_RETURN`.
    Return = 3,
    /// `PyTrace_C_CALL`.
    CCall = 4,
    /// `PyTrace_C_EXCEPTION`.
    CException = 5,
    /// `PyTrace_C_RETURN`.
    CReturn = 6,
    /// `PyTrace_OPCODE`.
    Opcode = 7,
}

impl What {
    /// The string a Python-level hook gets (`'call'`, `'c_return'`, ...).
    pub const fn name(self) -> &'static str {
        match self {
            What::Call => "call",
            What::Exception => "exception",
            What::Line => "line",
            What::Return => "return",
            What::CCall => "c_call",
            What::CException => "c_exception",
            What::CReturn => "c_return",
            What::Opcode => "opcode",
        }
    }
}

/// Which legacy hook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The profile hook (tool 6).
    Profile,
    /// The trace hook (tool 7).
    Trace,
}

impl Kind {
    /// The hook's tool.
    pub const fn tool(self) -> ToolId {
        match self {
            Kind::Profile => ToolId::LEGACY_PROFILE,
            Kind::Trace => ToolId::LEGACY_TRACE,
        }
    }

    /// The hook of a tool id, if it is a legacy one.
    pub const fn of_tool(t: ToolId) -> Option<Kind> {
        match t.get() {
            6 => Some(Kind::Profile),
            7 => Some(Kind::Trace),
            _ => None,
        }
    }
}

/// The argument a legacy hook gets with an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg {
    /// `None`.
    None,
    /// The value returned or yielded.
    Value,
    /// The exception being thrown in (`gen.throw()`: 3.12.1 hands it to the
    /// profile hook's CALL).
    Exception,
    /// A new `(type, value, traceback)` tuple of the exception.
    ExcInfo,
    /// The callable of a C call (a method descriptor called with a `self`
    /// is reported bound).
    Callable,
}

/// The profile hook's events.
pub const PROFILE_EVENTS: EventSet = EventSet::of(&[
    Event::PyStart,
    Event::PyResume,
    Event::PyReturn,
    Event::PyYield,
    Event::Call,
    Event::CReturn,
    Event::CRaise,
    Event::PyUnwind,
    Event::PyThrow,
]);

/// The trace hook's events (`INSTRUCTION` is added when opcode tracing
/// was asked for; see [`Legacy::note_opcode_tracing`]).
pub const TRACE_EVENTS: EventSet = EventSet::of(&[
    Event::PyStart,
    Event::PyResume,
    Event::PyReturn,
    Event::PyYield,
    Event::Raise,
    Event::Line,
    Event::Jump,
    Event::Branch,
    Event::PyUnwind,
    Event::PyThrow,
    Event::StopIteration,
    Event::ExceptionHandled,
]);

/// The `PyTrace_*` event the `kind` hook gets for a monitoring event, and
/// its argument, as CPython 3.12.1 maps them; `None` for no event. `JUMP`
/// maps to `LINE` only under [`jump_fires_line`]; `CALL`, `C_RETURN` and
/// `C_RAISE` only for builtin callables (the runtime's filter).
pub const fn map(kind: Kind, event: Event) -> Option<(What, Arg)> {
    use Event as E;
    match (kind, event) {
        (_, E::PyStart | E::PyResume) => Some((What::Call, Arg::None)),
        (Kind::Profile, E::PyThrow) => Some((What::Call, Arg::Exception)),
        (Kind::Trace, E::PyThrow) => Some((What::Call, Arg::None)),
        (_, E::PyReturn | E::PyYield) => Some((What::Return, Arg::Value)),
        (_, E::PyUnwind) => Some((What::Return, Arg::None)),
        (Kind::Profile, E::Call) => Some((What::CCall, Arg::Callable)),
        (Kind::Profile, E::CReturn) => Some((What::CReturn, Arg::Callable)),
        (Kind::Profile, E::CRaise) => Some((What::CException, Arg::Callable)),
        (Kind::Trace, E::Raise) => Some((What::Exception, Arg::ExcInfo)),
        (Kind::Trace, E::Line | E::Jump) => Some((What::Line, Arg::None)),
        (Kind::Trace, E::Instruction) => Some((What::Opcode, Arg::None)),
        _ => None,
    }
}

/// Whether an instruction that starts a line reports a `LINE` event:
/// when the previously executed instruction was on another line, or was
/// the frame's `RESUME` (which must never hide a line).
#[inline]
pub const fn line_fires(prev_line: i32, line: i32, prev_was_resume: bool) -> bool {
    line >= 0 && (prev_line != line || prev_was_resume)
}

/// Whether a jump reports a `LINE` to the trace hook by itself: only a
/// backward jump (or one to itself) that lands on the line it left; a jump
/// to another line is reported by the target's own line start.
#[inline]
pub const fn jump_fires_line(from: u32, to: u32, from_line: i32, to_line: i32) -> bool {
    to <= from && from_line == to_line && to_line >= 0
}

/// A thread's legacy hooks: each kind a function and an object, laid out
/// as CPython 3.12's `PyThreadState` keeps them (`c_profilefunc`,
/// `c_tracefunc`, `c_profileobj`, `c_traceobj`, consecutive pointers), so
/// the struct can sit inside a C-compatible thread state. Reads are single
/// atomic loads; only the owning runtime writes, through [`Legacy`].
#[repr(C)]
pub struct ThreadHooks<F: Handle, O: Handle> {
    profile_func: AtomicPtr<()>,
    trace_func: AtomicPtr<()>,
    profile_obj: AtomicPtr<()>,
    trace_obj: AtomicPtr<()>,
    _t: PhantomData<(F, O)>,
}

const _: () = assert!(std::mem::size_of::<ThreadHooks<fn(), fn()>>() == 32);

impl<F: Handle, O: Handle> Default for ThreadHooks<F, O> {
    fn default() -> Self {
        Self::new()
    }
}

impl<F: Handle, O: Handle> std::fmt::Debug for ThreadHooks<F, O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ThreadHooks")
            .field("profile", &self.profile_func.load(Ordering::Relaxed))
            .field("trace", &self.trace_func.load(Ordering::Relaxed))
            .finish()
    }
}

// SAFETY: only pointers are stored, in atomics.
unsafe impl<F: Handle, O: Handle> Sync for ThreadHooks<F, O> {}
// SAFETY: as above.
unsafe impl<F: Handle, O: Handle> Send for ThreadHooks<F, O> {}

fn load<H: Handle>(p: &AtomicPtr<()>) -> Option<H> {
    let p = p.load(Ordering::Acquire);
    // SAFETY: every non-null pointer stored came from `H::into_raw`.
    (!p.is_null()).then(|| unsafe { H::from_raw(p) })
}

fn raw<H: Handle>(h: Option<H>) -> *mut () {
    h.map_or(ptr::null_mut(), H::into_raw)
}

impl<F: Handle, O: Handle> ThreadHooks<F, O> {
    /// No hooks.
    pub const fn new() -> Self {
        ThreadHooks {
            profile_func: AtomicPtr::new(ptr::null_mut()),
            trace_func: AtomicPtr::new(ptr::null_mut()),
            profile_obj: AtomicPtr::new(ptr::null_mut()),
            trace_obj: AtomicPtr::new(ptr::null_mut()),
            _t: PhantomData,
        }
    }

    fn slots(&self, kind: Kind) -> (&AtomicPtr<()>, &AtomicPtr<()>) {
        match kind {
            Kind::Profile => (&self.profile_func, &self.profile_obj),
            Kind::Trace => (&self.trace_func, &self.trace_obj),
        }
    }

    /// The hook function of `kind`, if any.
    #[inline]
    pub fn func(&self, kind: Kind) -> Option<F> {
        load(self.slots(kind).0)
    }

    /// The object stored with the hook of `kind` (it may be set without a
    /// function: `PyEval_SetProfile(NULL, obj)` keeps `obj`).
    #[inline]
    pub fn obj(&self, kind: Kind) -> Option<O> {
        load(self.slots(kind).1)
    }

    /// Whether a hook of `kind` is installed.
    #[inline]
    pub fn has(&self, kind: Kind) -> bool {
        !self.slots(kind).0.load(Ordering::Relaxed).is_null()
    }
}

/// The interpreter-wide side of the legacy hooks: how many threads have a
/// hook of each kind, and the sticky "some frame asked for opcodes" flag.
#[derive(Debug, Default)]
pub struct Legacy {
    profiling: AtomicUsize,
    tracing: AtomicUsize,
    opcode_tracing: AtomicBool,
}

/// What [`Legacy::install`] replaced, for the caller to release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replaced<F, O> {
    /// The previous function.
    pub func: Option<F>,
    /// The previous object.
    pub obj: Option<O>,
}

impl Legacy {
    /// No thread has a hook.
    pub const fn new() -> Legacy {
        Legacy {
            profiling: AtomicUsize::new(0),
            tracing: AtomicUsize::new(0),
            opcode_tracing: AtomicBool::new(false),
        }
    }

    /// How many threads have a hook of `kind`.
    pub fn threads(&self, kind: Kind) -> usize {
        self.count(kind).load(Ordering::Relaxed)
    }

    fn count(&self, kind: Kind) -> &AtomicUsize {
        match kind {
            Kind::Profile => &self.profiling,
            Kind::Trace => &self.tracing,
        }
    }

    /// Records that a frame asked for opcode events (`f_trace_opcodes =
    /// True`): a trace hook installed **from now on** gets `INSTRUCTION`.
    pub fn note_opcode_tracing(&self) {
        self.opcode_tracing.store(true, Ordering::Relaxed);
    }

    /// The events `kind`'s tool has while some thread has such a hook.
    pub fn events(&self, kind: Kind) -> EventSet {
        match kind {
            Kind::Profile => PROFILE_EVENTS,
            Kind::Trace if self.opcode_tracing.load(Ordering::Relaxed) => {
                TRACE_EVENTS.with(Event::Instruction)
            }
            Kind::Trace => TRACE_EVENTS,
        }
    }

    /// Installs (or, with `func == None`, removes) the `kind` hook of one
    /// thread with its object, adjusts the count of hooked threads, and
    /// sets the tool's interpreter-wide events: on while the count is
    /// non-zero. `obj` is stored even without a function. Gives back what
    /// was replaced; the caller releases it **after** this returns.
    ///
    /// Calls are serialized by the caller (the runtime's GIL): the slots
    /// and the count are read and written with plain atomic loads and
    /// stores, and the tool's events change, as 3.12's
    /// `_PyMonitoring_SetEvents` does, only when they differ from the ones
    /// wanted (installing a hook on the 17th thread changes nothing).
    pub fn install<C: Handle, F: Handle, O: Handle>(
        &self,
        mon: &Monitoring<C>,
        hooks: &ThreadHooks<F, O>,
        kind: Kind,
        func: Option<F>,
        obj: Option<O>,
    ) -> Replaced<F, O> {
        let (fslot, oslot) = hooks.slots(kind);
        let old_f = fslot.load(Ordering::Acquire);
        let old_o = oslot.load(Ordering::Acquire);
        let had = !old_f.is_null();
        let has = func.is_some();
        fslot.store(raw(func), Ordering::Release);
        oslot.store(raw(obj), Ordering::Release);
        let count = self.count(kind);
        let n = match (had, has) {
            (false, true) => count.load(Ordering::Acquire) + 1,
            (true, false) => count.load(Ordering::Acquire) - 1,
            _ => count.load(Ordering::Acquire),
        };
        count.store(n, Ordering::Release);
        let events = if n > 0 {
            self.events(kind)
        } else {
            EventSet::EMPTY
        };
        if mon.get_events(kind.tool()) != events {
            // The legacy tools are always in use.
            let _ = mon.set_events(kind.tool(), events);
        }
        // SAFETY: the slots only ever hold pointers from `into_raw`.
        unsafe {
            Replaced {
                func: (!old_f.is_null()).then(|| F::from_raw(old_f)),
                obj: (!old_o.is_null()).then(|| O::from_raw(old_o)),
            }
        }
    }
}
