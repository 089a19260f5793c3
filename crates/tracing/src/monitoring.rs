//! One interpreter's PEP 669 state: tool names, callbacks per tool and
//! event, global and per-code event sets, disabled locations, versions.
//!
//! Readers (the evaluator asking "is anything on?", "which tools get this
//! event here?", "which callback?") only load atomics; writers (claiming a
//! tool, setting events, registering callbacks) serialize on one mutex so
//! the derived per-event masks and the `active` flag stay consistent.

use crate::{Event, EventSet, Handle, ToolId, ToolSet};
use std::collections::HashSet;
use std::fmt;
use std::marker::PhantomData;
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU32, AtomicU8, AtomicUsize, Ordering};
use std::sync::Mutex;

/// What a callback asks for after an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// Keep delivering the event here.
    Keep,
    /// Stop delivering this event to this tool at this location until
    /// [`Monitoring::restart_events`] (`sys.monitoring.DISABLE`). Only
    /// local events can be disabled.
    Disable,
}

/// Why a change of monitoring state was refused; `Display` gives
/// CPython's `ValueError` message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetError {
    /// The tool was not claimed with [`Monitoring::use_tool_id`].
    NotInUse(ToolId),
    /// The tool was already claimed.
    InUse(ToolId),
    /// Bits of no event.
    InvalidSet(u32),
    /// Non-local events in a local set.
    InvalidLocalSet(u32),
    /// `C_RETURN` or `C_RAISE` asked for directly (they follow `CALL`).
    CEventsIndependently,
    /// More than one event where one is needed.
    NotOneEvent,
    /// `DISABLE` returned for an event that cannot be disabled: the
    /// callback was removed.
    CannotDisable(Event),
}

impl fmt::Display for SetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SetError::NotInUse(t) => write!(f, "tool {} is not in use", t.get()),
            SetError::InUse(t) => write!(f, "tool {} is already in use", t.get()),
            SetError::InvalidSet(b) => write!(f, "invalid event set 0x{b:x}"),
            SetError::InvalidLocalSet(b) => write!(f, "invalid local event set 0x{b:x}"),
            SetError::CEventsIndependently => {
                f.write_str("cannot set C_RETURN or C_RAISE events independently")
            }
            SetError::NotOneEvent => {
                f.write_str("The callback can only be set for one event at a time")
            }
            SetError::CannotDisable(e) => {
                write!(f, "Cannot disable {} events. Callback removed.", e.name())
            }
        }
    }
}

impl std::error::Error for SetError {}

const C_EVENTS: u32 = Event::CReturn.bit() | Event::CRaise.bit();

/// Checks an event-set mask as `sys.monitoring.set_events` does, giving
/// the set with `C_RETURN`/`C_RAISE` added when `CALL` is in it.
pub(crate) fn check_set(bits: u32, local: bool) -> Result<EventSet, SetError> {
    let set = EventSet::from_bits(bits).ok_or(SetError::InvalidSet(bits))?;
    if bits & C_EVENTS != 0 {
        return Err(SetError::CEventsIndependently);
    }
    if local && bits & !EventSet::LOCAL.bits() != 0 {
        return Err(SetError::InvalidLocalSet(bits));
    }
    Ok(if set.contains(Event::Call) {
        EventSet(set.bits() | C_EVENTS)
    } else {
        set
    })
}

/// The per-code monitoring data a code object carries: its local event
/// sets (tools per local event) and the locations callbacks disabled.
#[derive(Debug, Default)]
pub struct CodeMonitors {
    local: [AtomicU8; Event::LOCAL_COUNT],
    any_disabled: AtomicBool,
    disabled: Mutex<Disabled>,
}

#[derive(Debug, Default)]
struct Disabled {
    /// The [`Monitoring::restart_version`] the entries belong to.
    version: u32,
    /// (code offset, event, tool).
    at: HashSet<(u32, u8, u8)>,
}

impl CodeMonitors {
    /// Empty: no local events, nothing disabled.
    pub fn new() -> CodeMonitors {
        CodeMonitors::default()
    }

    /// The tools with `event` set locally on this code.
    #[inline]
    pub fn local_tools(&self, event: Event) -> ToolSet {
        match self.local.get(event as usize) {
            Some(m) => ToolSet(m.load(Ordering::Relaxed)),
            None => ToolSet(0),
        }
    }

    /// The local events of `tool` (`sys.monitoring.get_local_events`).
    pub fn local_events(&self, tool: ToolId) -> EventSet {
        let mut bits = 0;
        for (i, m) in self.local.iter().enumerate() {
            if m.load(Ordering::Relaxed) & tool.bit() != 0 {
                bits |= 1 << i;
            }
        }
        EventSet(bits)
    }

    fn has_any_local(&self) -> bool {
        self.local.iter().any(|m| m.load(Ordering::Relaxed) != 0)
    }

    /// Whether `tool` disabled `event` at `offset` (and no restart came
    /// since).
    pub fn is_disabled(&self, tool: ToolId, event: Event, offset: u32, restart: u32) -> bool {
        if !self.any_disabled.load(Ordering::Relaxed) {
            return false;
        }
        let d = self.disabled.lock().unwrap_or_else(|e| e.into_inner());
        d.version == restart && d.at.contains(&(offset, event as u8, tool.get()))
    }

    fn disable(&self, tool: ToolId, event: Event, offset: u32, restart: u32) {
        let mut d = self.disabled.lock().unwrap_or_else(|e| e.into_inner());
        if d.version != restart {
            d.at.clear();
            d.version = restart;
        }
        d.at.insert((offset, event as u8, tool.get()));
        self.any_disabled.store(true, Ordering::Relaxed);
    }
}

/// One interpreter's monitoring state over callbacks of type `C`.
pub struct Monitoring<C: Handle> {
    writer: Mutex<[Option<String>; ToolId::PUBLIC_COUNT as usize]>,
    callbacks: [[AtomicPtr<()>; Event::COUNT]; ToolId::COUNT],
    global: [AtomicU32; ToolId::COUNT],
    per_event: [AtomicU8; Event::COUNT],
    codes_with_local: AtomicUsize,
    active: AtomicBool,
    version: AtomicU32,
    restart_version: AtomicU32,
    _c: PhantomData<C>,
}

// SAFETY: the handles are only stored and handed back (the `Handle`
// contract makes them plain pointers); every field is atomic or locked.
unsafe impl<C: Handle> Sync for Monitoring<C> {}
// SAFETY: as above.
unsafe impl<C: Handle> Send for Monitoring<C> {}

impl<C: Handle> Default for Monitoring<C> {
    fn default() -> Self {
        Self::new()
    }
}

impl<C: Handle> fmt::Debug for Monitoring<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Monitoring")
            .field("active", &self.is_active())
            .field("version", &self.version())
            .finish_non_exhaustive()
    }
}

impl<C: Handle> Monitoring<C> {
    /// No tool in use, no events, no callbacks. `const`, so it can be a
    /// plain `static`.
    pub const fn new() -> Self {
        #[allow(clippy::declare_interior_mutable_const)]
        const NULL: AtomicPtr<()> = AtomicPtr::new(ptr::null_mut());
        #[allow(clippy::declare_interior_mutable_const)]
        const ROW: [AtomicPtr<()>; Event::COUNT] = [NULL; Event::COUNT];
        #[allow(clippy::declare_interior_mutable_const)]
        const Z32: AtomicU32 = AtomicU32::new(0);
        #[allow(clippy::declare_interior_mutable_const)]
        const Z8: AtomicU8 = AtomicU8::new(0);
        Monitoring {
            writer: Mutex::new([None, None, None, None, None, None]),
            callbacks: [ROW; ToolId::COUNT],
            global: [Z32; ToolId::COUNT],
            per_event: [Z8; Event::COUNT],
            codes_with_local: AtomicUsize::new(0),
            active: AtomicBool::new(false),
            version: AtomicU32::new(0),
            restart_version: AtomicU32::new(0),
            _c: PhantomData,
        }
    }

    /// Whether any tool has any event, globally or on some code object:
    /// the one test an evaluator makes on its hot path.
    #[inline(always)]
    pub fn is_active(&self) -> bool {
        self.active.load(Ordering::Relaxed)
    }

    /// Whether some code object has local events (`set_local_events`):
    /// when none has, the global sets say every tool that gets an event.
    #[inline]
    pub fn has_local_events(&self) -> bool {
        self.codes_with_local.load(Ordering::Relaxed) != 0
    }

    /// Moves on with every change of event sets (for caches keyed on it).
    #[inline]
    pub fn version(&self) -> u32 {
        self.version.load(Ordering::Acquire)
    }

    /// Moves on with every [`Monitoring::restart_events`].
    #[inline]
    pub fn restart_version(&self) -> u32 {
        self.restart_version.load(Ordering::Acquire)
    }

    fn names(&self) -> std::sync::MutexGuard<'_, [Option<String>; ToolId::PUBLIC_COUNT as usize]> {
        self.writer.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn refresh_active(&self) {
        let any_global = self.global.iter().any(|g| g.load(Ordering::Relaxed) != 0);
        let any_local = self.codes_with_local.load(Ordering::Relaxed) != 0;
        self.active
            .store(any_global || any_local, Ordering::Release);
        self.version.fetch_add(1, Ordering::AcqRel);
    }

    /// Claims `tool` under `name` (`sys.monitoring.use_tool_id`). The
    /// legacy ids 6 and 7 are claimed implicitly and never named.
    pub fn use_tool_id(&self, tool: ToolId, name: &str) -> Result<(), SetError> {
        let mut names = self.names();
        match names.get_mut(tool.get() as usize) {
            Some(Some(_)) => Err(SetError::InUse(tool)),
            Some(slot) => {
                *slot = Some(name.to_owned());
                Ok(())
            }
            None => Err(SetError::InUse(tool)),
        }
    }

    /// Releases the name of `tool` (`sys.monitoring.free_tool_id`, which in
    /// 3.12 leaves its events and callbacks alone; see
    /// [`Monitoring::clear_tool`]).
    pub fn free_tool_id(&self, tool: ToolId) {
        if let Some(slot) = self.names().get_mut(tool.get() as usize) {
            *slot = None;
        }
    }

    /// The name `tool` was claimed under (`sys.monitoring.get_tool`).
    pub fn get_tool(&self, tool: ToolId) -> Option<String> {
        self.names().get(tool.get() as usize).cloned().flatten()
    }

    fn in_use(&self, names: &[Option<String>], tool: ToolId) -> bool {
        match names.get(tool.get() as usize) {
            Some(n) => n.is_some(),
            None => true, // the legacy tools
        }
    }

    /// The callback of `tool` for `event`.
    #[inline]
    pub fn callback(&self, tool: ToolId, event: Event) -> Option<C> {
        let p = self.callbacks[tool.get() as usize][event as usize].load(Ordering::Acquire);
        // SAFETY: every non-null pointer stored came from `C::into_raw`.
        (!p.is_null()).then(|| unsafe { C::from_raw(p) })
    }

    /// Sets (or clears, with `None`) the callback of `tool` for `event`,
    /// giving back the previous one (`sys.monitoring.register_callback`).
    pub fn register_callback(&self, tool: ToolId, event: Event, cb: Option<C>) -> Option<C> {
        let p = cb.map_or(ptr::null_mut(), C::into_raw);
        let old = self.callbacks[tool.get() as usize][event as usize].swap(p, Ordering::AcqRel);
        // SAFETY: as in `callback`.
        (!old.is_null()).then(|| unsafe { C::from_raw(old) })
    }

    /// The global events of `tool` (`sys.monitoring.get_events`).
    pub fn get_events(&self, tool: ToolId) -> EventSet {
        EventSet(self.global[tool.get() as usize].load(Ordering::Relaxed))
    }

    /// Sets the global events of `tool` from a raw mask, with
    /// `sys.monitoring.set_events`'s checks (the tool in use, valid bits,
    /// no `C_RETURN`/`C_RAISE` alone; `CALL` brings them).
    pub fn set_events_checked(&self, tool: ToolId, bits: u32) -> Result<(), SetError> {
        let set = check_set(bits, false)?;
        let names = self.names();
        if !self.in_use(&*names, tool) {
            return Err(SetError::NotInUse(tool));
        }
        self.store_events(tool, set);
        Ok(())
    }

    /// Sets the global events of `tool`, unchecked but for the tool being
    /// in use (the legacy tools always are).
    pub fn set_events(&self, tool: ToolId, set: EventSet) -> Result<(), SetError> {
        let names = self.names();
        if !self.in_use(&*names, tool) {
            return Err(SetError::NotInUse(tool));
        }
        self.store_events(tool, set);
        Ok(())
    }

    fn store_events(&self, tool: ToolId, set: EventSet) {
        self.global[tool.get() as usize].store(set.bits(), Ordering::Relaxed);
        for e in Event::ALL {
            let m = &self.per_event[e as usize];
            if set.contains(e) {
                m.fetch_or(tool.bit(), Ordering::Relaxed);
            } else {
                m.fetch_and(!tool.bit(), Ordering::Relaxed);
            }
        }
        self.refresh_active();
    }

    /// Clears every event set and callback of `tool`, globally (local sets
    /// live on the code objects; see [`Monitoring::set_local_events`]).
    pub fn clear_tool(&self, tool: ToolId) -> Vec<C> {
        let _names = self.names();
        self.store_events(tool, EventSet::EMPTY);
        Event::ALL
            .iter()
            .filter_map(|e| self.register_callback(tool, *e, None))
            .collect()
    }

    /// Sets the local events of `tool` on one code object
    /// (`sys.monitoring.set_local_events`).
    pub fn set_local_events(
        &self,
        tool: ToolId,
        code: &CodeMonitors,
        bits: u32,
    ) -> Result<(), SetError> {
        let set = check_set(bits, true)?;
        let names = self.names();
        if !self.in_use(&*names, tool) {
            return Err(SetError::NotInUse(tool));
        }
        let before = code.has_any_local();
        for (i, m) in code.local.iter().enumerate() {
            if set.bits() & (1 << i) != 0 {
                m.fetch_or(tool.bit(), Ordering::Relaxed);
            } else {
                m.fetch_and(!tool.bit(), Ordering::Relaxed);
            }
        }
        let after = code.has_any_local();
        if before && !after {
            self.codes_with_local.fetch_sub(1, Ordering::Relaxed);
        } else if after && !before {
            self.codes_with_local.fetch_add(1, Ordering::Relaxed);
        }
        self.refresh_active();
        Ok(())
    }

    /// Forgets a code object's monitors (when the code object dies), so
    /// its local events stop counting towards [`Monitoring::is_active`].
    pub fn drop_code(&self, code: &CodeMonitors) {
        let _names = self.names();
        if code.has_any_local() {
            for m in &code.local {
                m.store(0, Ordering::Relaxed);
            }
            self.codes_with_local.fetch_sub(1, Ordering::Relaxed);
            self.refresh_active();
        }
    }

    /// Makes every disabled location deliver again
    /// (`sys.monitoring.restart_events`).
    pub fn restart_events(&self) {
        self.restart_version.fetch_add(1, Ordering::AcqRel);
        self.version.fetch_add(1, Ordering::AcqRel);
    }

    /// The tools that get `event` (at a location of `code`, if given):
    /// the global set plus, for local events, the code's local set.
    #[inline]
    pub fn tools_for(&self, event: Event, code: Option<&CodeMonitors>) -> ToolSet {
        let mut m = self.per_event[event as usize].load(Ordering::Relaxed);
        if let Some(c) = code {
            m |= c.local_tools(event).0;
        }
        ToolSet(m)
    }

    /// Delivers `event` (at code offset `offset` of `code`, if given) to
    /// every tool that has it, **highest tool id first**, through `call`,
    /// which gets the tool and its registered callback (`None` for a tool
    /// without one: the legacy tools are driven by their adapters, not by
    /// registered callbacks). Locations a tool disabled are skipped. The
    /// first failure stops the delivery: later tools do not get the event.
    ///
    /// A [`Disposition::Disable`] disables the location for local events;
    /// for others the callback is removed and the delivery fails with
    /// [`SetError::CannotDisable`] turned into `E` by `cannot_disable`.
    pub fn dispatch<E>(
        &self,
        event: Event,
        code: Option<&CodeMonitors>,
        offset: u32,
        call: impl FnMut(ToolId, Option<C>) -> Result<Disposition, E>,
    ) -> Result<(), E>
    where
        E: From<SetError>,
    {
        let tools = self.tools_for(event, code);
        self.dispatch_to(tools, event, code, offset, call)
    }

    /// [`Monitoring::dispatch`] to a given tool set.
    pub fn dispatch_to<E>(
        &self,
        tools: ToolSet,
        event: Event,
        code: Option<&CodeMonitors>,
        offset: u32,
        mut call: impl FnMut(ToolId, Option<C>) -> Result<Disposition, E>,
    ) -> Result<(), E>
    where
        E: From<SetError>,
    {
        if tools.is_empty() {
            return Ok(());
        }
        // only per-code locations can be disabled
        let restart = if code.is_some() {
            self.restart_version()
        } else {
            0
        };
        for tool in tools.iter_dispatch() {
            if let Some(c) = code {
                if c.is_disabled(tool, event, offset, restart) {
                    continue;
                }
            }
            match call(tool, self.callback(tool, event))? {
                Disposition::Keep => {}
                Disposition::Disable => {
                    if event.is_local() {
                        if let Some(c) = code {
                            c.disable(tool, event, offset, restart);
                        }
                    } else {
                        self.register_callback(tool, event, None);
                        return Err(SetError::CannotDisable(event).into());
                    }
                }
            }
        }
        Ok(())
    }
}
