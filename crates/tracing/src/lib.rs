//! Monitoring as PEP 669 defines it and CPython 3.12 implements it, with
//! the legacy profile and trace hooks on top, for any runtime: the crate
//! knows no Python object, only opaque handles.
//!
//! The pieces, each usable alone:
//!
//! - [`Event`], [`EventSet`] and [`ToolId`]: the 17 events of 3.12 with
//!   their bit values (`sys.monitoring.events`), and the 8 tool ids (0–5
//!   for `sys.monitoring` users, 6 and 7 reserved for the legacy profile
//!   and trace hooks).
//! - [`Monitoring`]: one interpreter's monitoring state. Tools are claimed
//!   with a name ([`Monitoring::use_tool_id`]); each tool has a callback
//!   slot per event ([`Monitoring::register_callback`]) and a global event
//!   set ([`Monitoring::set_events`]); a code object carries a
//!   [`CodeMonitors`] with per-code ("local") event sets and the locations
//!   a callback disabled by returning [`Disposition::Disable`], until
//!   [`Monitoring::restart_events`]. [`Monitoring::dispatch`] calls the
//!   tools of an event **from the highest id down** (so trace, then
//!   profile, then tools 5…0) and stops at the first failure, as 3.12 does.
//!   [`Monitoring::is_active`] is the one flag an evaluator tests on its
//!   hot path: false while no tool has any event.
//! - [`legacy`]: `PyEval_SetProfile`/`PyEval_SetTrace` as tools 6 and 7.
//!   [`legacy::map`] maps a monitoring event to the `PyTrace_*` event each
//!   hook gets (and which argument), [`legacy::ThreadHooks`] is the
//!   per-thread slot pair laid out as CPython's `PyThreadState` fields
//!   (`c_profilefunc`, `c_tracefunc`, `c_profileobj`, `c_traceobj`), read
//!   without locks, and [`legacy::Legacy`] counts the threads with a hook:
//!   while the count is non-zero the tool's events are on for the whole
//!   interpreter, and each callback checks the current thread's slot.
//! - [`TracingDepth`]: the per-thread re-entrancy guard (CPython's
//!   `tstate->tracing`): no event is produced while a hook runs.
//! - [`set_all_threads`]: applies a setter to every thread of a
//!   [`ThreadRegistry`] as it stands when called, reporting failures and
//!   going on (`PyEval_SetProfileAllThreads`).
//! - `bridge` (feature `tracing`): turns events into `tracing` spans and
//!   events for Rust subscribers.
//!
//! ```
//! use ophis_tracing::{Disposition, Event, EventSet, Monitoring, ToolId};
//!
//! let mon: Monitoring<&'static &'static str> = Monitoring::new();
//! let tool = ToolId::new(2).unwrap();
//! mon.use_tool_id(tool, "profiler").unwrap();
//! mon.register_callback(tool, Event::PyStart, Some(&"on_start"));
//! mon.set_events(tool, EventSet::of(&[Event::PyStart])).unwrap();
//! assert!(mon.is_active());
//! let mut seen = vec![];
//! let r: Result<(), ophis_tracing::SetError> = mon.dispatch(Event::PyStart, None, 0, |tool, cb| {
//!     seen.push((tool.get(), cb.map(|c| *c)));
//!     Ok(Disposition::Keep)
//! });
//! assert!(r.is_ok());
//! assert_eq!(seen, [(2, Some("on_start"))]);
//! ```

#![deny(missing_docs)]

#[cfg(feature = "tracing")]
pub mod bridge;
mod handle;
mod hooks;
pub mod legacy;
mod monitoring;
#[cfg(test)]
mod tests;

pub use handle::Handle;
pub use hooks::{set_all_threads, DepthGuard, ThreadRegistry, TracingDepth};
pub use monitoring::{CodeMonitors, Disposition, Monitoring, SetError};

/// A monitoring event, with CPython 3.12's numbering: the event's bit in
/// an [`EventSet`] is `1 << (event as u32)` (`sys.monitoring.events`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Event {
    /// A Python function starts (after its arguments are bound).
    PyStart = 0,
    /// A generator or coroutine resumes (not through `throw`).
    PyResume = 1,
    /// A Python function returns.
    PyReturn = 2,
    /// A generator or coroutine yields.
    PyYield = 3,
    /// A call instruction is about to call (any callable).
    Call = 4,
    /// An instruction starts a new line.
    Line = 5,
    /// An instruction is about to run.
    Instruction = 6,
    /// An unconditional jump.
    Jump = 7,
    /// A conditional branch is taken (or not).
    Branch = 8,
    /// An artificial `StopIteration` is raised.
    StopIteration = 9,
    /// An exception is raised (not a re-raise).
    Raise = 10,
    /// An exception is caught by a handler.
    ExceptionHandled = 11,
    /// A Python function is left by an exception.
    PyUnwind = 12,
    /// A generator or coroutine resumes through `throw`.
    PyThrow = 13,
    /// An exception is re-raised (`finally`, bare `raise`).
    Reraise = 14,
    /// A call to a non-Python callable returned.
    CReturn = 15,
    /// A call to a non-Python callable raised.
    CRaise = 16,
}

impl Event {
    /// Every event, in numbering order.
    pub const ALL: [Event; 17] = [
        Event::PyStart,
        Event::PyResume,
        Event::PyReturn,
        Event::PyYield,
        Event::Call,
        Event::Line,
        Event::Instruction,
        Event::Jump,
        Event::Branch,
        Event::StopIteration,
        Event::Raise,
        Event::ExceptionHandled,
        Event::PyUnwind,
        Event::PyThrow,
        Event::Reraise,
        Event::CReturn,
        Event::CRaise,
    ];

    /// The number of events.
    pub const COUNT: usize = 17;

    /// The events a code object can enable locally
    /// (`sys.monitoring.set_local_events`): `PY_START` … `STOP_ITERATION`.
    pub const LOCAL_COUNT: usize = 10;

    /// The event's bit.
    #[inline]
    pub const fn bit(self) -> u32 {
        1 << self as u32
    }

    /// The event numbered `n`.
    pub fn from_index(n: usize) -> Option<Event> {
        Event::ALL.get(n).copied()
    }

    /// Whether the event can be set per code object.
    #[inline]
    pub const fn is_local(self) -> bool {
        (self as usize) < Event::LOCAL_COUNT
    }

    /// The event's name as `sys.monitoring.events` spells it.
    pub const fn name(self) -> &'static str {
        match self {
            Event::PyStart => "PY_START",
            Event::PyResume => "PY_RESUME",
            Event::PyReturn => "PY_RETURN",
            Event::PyYield => "PY_YIELD",
            Event::Call => "CALL",
            Event::Line => "LINE",
            Event::Instruction => "INSTRUCTION",
            Event::Jump => "JUMP",
            Event::Branch => "BRANCH",
            Event::StopIteration => "STOP_ITERATION",
            Event::Raise => "RAISE",
            Event::ExceptionHandled => "EXCEPTION_HANDLED",
            Event::PyUnwind => "PY_UNWIND",
            Event::PyThrow => "PY_THROW",
            Event::Reraise => "RERAISE",
            Event::CReturn => "C_RETURN",
            Event::CRaise => "C_RAISE",
        }
    }
}

/// A set of [`Event`]s as CPython's bit mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct EventSet(u32);

impl EventSet {
    /// No events.
    pub const EMPTY: EventSet = EventSet(0);
    /// Every event.
    pub const ALL: EventSet = EventSet((1 << Event::COUNT) - 1);
    /// Every local event.
    pub const LOCAL: EventSet = EventSet((1 << Event::LOCAL_COUNT) - 1);

    /// The set of a bit mask; `None` when it has bits of no event.
    pub const fn from_bits(bits: u32) -> Option<EventSet> {
        if bits & !EventSet::ALL.0 == 0 {
            Some(EventSet(bits))
        } else {
            None
        }
    }

    /// The set of the given events.
    pub const fn of(events: &[Event]) -> EventSet {
        let mut bits = 0;
        let mut i = 0;
        while i < events.len() {
            bits |= events[i].bit();
            i += 1;
        }
        EventSet(bits)
    }

    /// The bit mask.
    #[inline]
    pub const fn bits(self) -> u32 {
        self.0
    }

    /// Whether `e` is in the set.
    #[inline]
    pub const fn contains(self, e: Event) -> bool {
        self.0 & e.bit() != 0
    }

    /// Whether the set is empty.
    #[inline]
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The union.
    #[inline]
    pub const fn union(self, o: EventSet) -> EventSet {
        EventSet(self.0 | o.0)
    }

    /// The set with `e` added.
    #[inline]
    pub const fn with(self, e: Event) -> EventSet {
        EventSet(self.0 | e.bit())
    }

    /// The set without `e`.
    #[inline]
    pub const fn without(self, e: Event) -> EventSet {
        EventSet(self.0 & !e.bit())
    }

    /// The events of the set, in numbering order.
    pub fn iter(self) -> impl Iterator<Item = Event> {
        Event::ALL.into_iter().filter(move |e| self.contains(*e))
    }
}

/// A monitoring tool id: 0–5 for `sys.monitoring` users, 6 and 7 for the
/// legacy profile and trace hooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ToolId(u8);

impl ToolId {
    /// `sys.monitoring.DEBUGGER_ID`.
    pub const DEBUGGER: ToolId = ToolId(0);
    /// `sys.monitoring.COVERAGE_ID`.
    pub const COVERAGE: ToolId = ToolId(1);
    /// `sys.monitoring.PROFILER_ID`.
    pub const PROFILER: ToolId = ToolId(2);
    /// `sys.monitoring.OPTIMIZER_ID`.
    pub const OPTIMIZER: ToolId = ToolId(5);
    /// The legacy profile hook (`PyEval_SetProfile`, `sys.setprofile`).
    pub const LEGACY_PROFILE: ToolId = ToolId(6);
    /// The legacy trace hook (`PyEval_SetTrace`, `sys.settrace`).
    pub const LEGACY_TRACE: ToolId = ToolId(7);
    /// The number of tool ids.
    pub const COUNT: usize = 8;
    /// The number of tool ids `sys.monitoring` users may claim.
    pub const PUBLIC_COUNT: u8 = 6;

    /// Any tool id, 0–7.
    pub const fn new(id: u8) -> Option<ToolId> {
        if (id as usize) < ToolId::COUNT {
            Some(ToolId(id))
        } else {
            None
        }
    }

    /// A tool id `sys.monitoring` users may claim, 0–5; the error is
    /// CPython's message.
    pub fn public(id: i64) -> Result<ToolId, String> {
        if (0..ToolId::PUBLIC_COUNT as i64).contains(&id) {
            Ok(ToolId(id as u8))
        } else {
            Err(format!("invalid tool {id} (must be between 0 and 5)"))
        }
    }

    /// The id.
    #[inline]
    pub const fn get(self) -> u8 {
        self.0
    }

    /// The tool's bit in a [`ToolSet`].
    #[inline]
    pub const fn bit(self) -> u8 {
        1 << self.0
    }
}

/// A set of tools, one bit per [`ToolId`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ToolSet(pub u8);

impl ToolSet {
    /// Whether no tool is in the set.
    #[inline]
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether `t` is in the set.
    #[inline]
    pub const fn contains(self, t: ToolId) -> bool {
        self.0 & t.bit() != 0
    }

    /// The tools in dispatch order: the highest id first.
    #[inline]
    pub fn iter_dispatch(self) -> impl Iterator<Item = ToolId> {
        // one step per tool in the set: the highest bit left, then clear it
        let mut left = self.0;
        std::iter::from_fn(move || {
            if left == 0 {
                return None;
            }
            let i = 7 - left.leading_zeros() as u8;
            left &= !(1 << i);
            Some(ToolId(i))
        })
    }
}
