//! Instrumentation: the evaluator's events (PEP 669 monitoring and the
//! legacy profile and trace hooks) over `ophis-tracing`.
//!
//! # Design
//!
//! CPython 3.12 rewrites a code object's instructions into `INSTRUMENTED_*`
//! forms when a tool switches events on. Ophis keeps the instructions as
//! they are and asks two interpreter-wide flags instead:
//!
//! - [`active`]: some tool has some event ([`MONITORING`]`.is_active()`).
//!   The evaluator tests it where an event can happen (`RESUME`, a call,
//!   a return or yield, an error, a `throw`): one load and a predictable
//!   branch, nothing else, while no tool is on.
//! - [`stepping`]: some tool wants per-instruction events (`LINE`, `JUMP`,
//!   `INSTRUCTION`: the trace hook does). Tested before each instruction;
//!   only then does [`step`] run, which finds line starts in a table
//!   computed once per code object ([`CodeData`], kept in the code's
//!   `_co_monitoring` slot) and applies 3.12.1's rules: a line start
//!   reports `LINE` when the previously executed instruction was on another
//!   line or was `RESUME`; a backward jump landing on its own line reports
//!   it again (so a one-line loop reports once per iteration).
//!
//! The "previously executed instruction" is the one [`step`] saw last in
//! the same frame (kept on the thread state), else the frame's
//! `prev_instr` (a frame returned to, or resumed).
//!
//! Events go through [`ophis_tracing::Monitoring::dispatch`], highest tool
//! first: the trace hook (tool 7), the profile hook (6), then
//! `sys.monitoring` tools. The legacy tools are switched on while some
//! thread has such a hook ([`ophis_tracing::legacy::Legacy`]); each event
//! then looks at the current thread's slot. While a hook runs, the
//! thread's tracing depth is raised and no event is produced.
//!
//! A failing hook makes the instruction fail: the evaluator takes its
//! error path, which reports `RAISE` (the trace hook's `EXCEPTION`) and
//! `PY_UNWIND` (`RETURN` with `None`) as for any error. Events about an
//! exception in flight (`RAISE`, `PY_UNWIND`, `PY_THROW`, `C_RAISE`) run
//! with the exception taken off the thread and put back after, unless the
//! hook failed: then the hook's exception replaces it.

use crate::code::codeobject::{self, PyCodeObject};
use crate::code::frame::InterpFrame;
use crate::code::frameobject::{self, PyFrameObject};
use crate::code::specialize;
use crate::objects::exceptions::{self, Exc};
use crate::objects::object::*;
use crate::objects::{bytes, cell, dict, tuple, typeobj, unicode};
use crate::protocols::call;
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::runtime::thread::{self, ThreadState};
use ophis_compiler::opcode as op;
pub use ophis_tracing::legacy::Kind;
use ophis_tracing::legacy::{self, Arg, Legacy, What};
use ophis_tracing::{
    CodeMonitors, Disposition, Event, Monitoring, SetError, ThreadRegistry, ToolId, ToolSet,
};
use std::ffi::{c_int, c_void};
use std::ptr;
use std::sync::atomic::{AtomicBool, Ordering};

/// `Py_tracefunc`.
pub type TraceFunc =
    unsafe extern "C" fn(*mut PyObject, *mut PyObject, c_int, *mut PyObject) -> c_int;

/// A thread's legacy hooks, in `PyThreadState`'s layout.
pub type Hooks = legacy::ThreadHooks<TraceFunc, *mut PyObject>;

/// The interpreter's monitoring state (callbacks of `sys.monitoring` tools
/// are strong references to Python callables).
pub static MONITORING: Monitoring<*mut PyObject> = Monitoring::new();

/// The interpreter's legacy-hook counts.
pub static LEGACY: Legacy = Legacy::new();

static STEPPING: AtomicBool = AtomicBool::new(false);

/// Whether any event is on (the evaluator's test at event sites).
#[inline(always)]
pub fn active() -> bool {
    MONITORING.is_active()
}

/// Whether per-instruction events are on (the evaluator's test before
/// each instruction).
#[inline(always)]
pub fn stepping() -> bool {
    STEPPING.load(Ordering::Relaxed)
}

/// The events [`step`] produces.
const STEP_EVENTS: [Event; 4] = [Event::Line, Event::Jump, Event::Branch, Event::Instruction];

/// Recomputes [`stepping`] after a change of event sets: on while some
/// tool has a per-instruction event globally, or some code has local
/// events (then [`step`] looks at each code's own sets).
pub fn refresh() {
    let on = MONITORING.has_local_events()
        || STEP_EVENTS
            .iter()
            .any(|e| !MONITORING.tools_for(*e, None).is_empty());
    STEPPING.store(on, Ordering::Relaxed);
}

/// The tools of `sys.monitoring` (ids 0-5) in a tool mask.
const PUBLIC_TOOLS: u8 = 0x3f;

/// `sys.monitoring.DISABLE` and `sys.monitoring.MISSING`: two plain
/// objects, made on first use.
static mut SENTINELS: [*mut PyObject; 2] = [ptr::null_mut(); 2];

/// Which sentinel [`sentinel`] gives.
#[derive(Clone, Copy)]
pub enum Sentinel {
    /// A callback's result that disables its event at its location.
    Disable = 0,
    /// The `arg0` of a call without arguments.
    Missing = 1,
}

/// The sentinel object `which` (borrowed; lives for the process).
///
/// # Safety
/// The GIL is held.
pub unsafe fn sentinel(which: Sentinel) -> PyResult<*mut PyObject> {
    // SAFETY: the GIL serializes the lazy initialization.
    unsafe {
        let slot = ptr::addr_of_mut!(SENTINELS[which as usize]);
        if (*slot).is_null() {
            let o = call::call_args(lifecycle::object_type() as *mut PyObject, &[])?;
            *slot = o.into_raw();
        }
        Ok(*slot)
    }
}

/// Where [`step`] last was on a thread.
#[derive(Debug, Clone, Copy)]
pub struct LastStep {
    frame: *mut InterpFrame,
    index: i32,
    /// A hook moved the frame to `index` (`f_lineno` set): the
    /// instruction there reports no event when it is reached.
    landed: bool,
}

impl Default for LastStep {
    fn default() -> Self {
        LastStep {
            frame: ptr::null_mut(),
            index: -1,
            landed: false,
        }
    }
}

/// Whether the hook just called for `frame` moved it (set `f_lineno`):
/// its `prev_instr` is no longer `at`. Then the instruction it landed on
/// runs next without an event of its own, as in CPython, where the frame
/// continues at the target as if it had already been stepped.
///
/// # Safety
/// `ts` the attached thread; `frame` its live frame.
#[inline]
unsafe fn moved(ts: *mut ThreadState, frame: *mut InterpFrame, at: *mut u16) -> bool {
    // SAFETY: forwarded.
    unsafe {
        if (*frame).prev_instr == at {
            return false;
        }
        (*ts).trace_last = LastStep {
            frame,
            index: InterpFrame::lasti(frame),
            landed: true,
        };
        true
    }
}

/// Per-code data: the line of each code unit, the line starts, and the
/// code's monitoring state (local events, disabled locations).
pub struct CodeData {
    lines: Box<[i32]>,
    starts: Box<[bool]>,
    monitors: CodeMonitors,
}

impl CodeData {
    fn line(&self, i: i32) -> i32 {
        if i < 0 {
            return -1;
        }
        self.lines.get(i as usize).copied().unwrap_or(-1)
    }
}

unsafe fn base_op(units: &[u16], i: usize) -> (u16, u32, usize) {
    let mut j = i;
    let mut oparg = 0u32;
    while j < units.len() && units[j] & 0xff == op::EXTENDED_ARG {
        oparg = (oparg << 8) | (units[j] >> 8) as u32;
        j += 1;
    }
    let w = units.get(j).copied().unwrap_or(0);
    // The running bytecode may hold specialized forms: read their base.
    (
        specialize::deopt(w & 0xff),
        (oparg << 8) | (w >> 8) as u32,
        j,
    )
}

/// Computes the lines and line starts of a code object, as 3.12.1's
/// `initialize_lines`: from the first traceable instruction, an
/// instruction whose line differs from the previous one's (`RESUME`,
/// `END_FOR`, `END_SEND`, `END_ASYNC_FOR` never start one and do not count
/// as previous), plus every jump target and exception handler with a line.
unsafe fn compute(code: *mut PyObject) -> CodeData {
    // SAFETY: a live code object; its units and tables are read only.
    unsafe {
        let co = code as *mut PyCodeObject;
        let n = (*co).ob_base.ob_size as usize;
        let units = std::slice::from_raw_parts(codeobject::units(code), n);
        let mut lines = vec![-1i32; n];
        if let Some(locs) =
            codeobject::decode_locations(bytes::as_slice((*co).co_linetable), (*co).co_firstlineno)
        {
            for l in locs {
                for u in l.start.max(0)..(l.start + l.len).max(0) {
                    if let Some(s) = lines.get_mut(u as usize) {
                        *s = l.line;
                    }
                }
            }
        }
        let mut starts = vec![false; n];
        let first = (*co).co_firsttraceable.max(0) as usize;
        let mut is_instr = vec![false; n];
        let mut current = -1;
        let mut i = first;
        while i < n {
            let o = specialize::deopt(units[i] & 0xff);
            is_instr[i] = true;
            let len = 1 + op::caches(o) as usize;
            match o {
                op::END_ASYNC_FOR | op::END_FOR | op::END_SEND | op::RESUME => {}
                _ => {
                    if lines[i] != current && lines[i] >= 0 {
                        starts[i] = true;
                    }
                    current = lines[i];
                }
            }
            i += len;
        }
        let mut i = first;
        while i < n {
            let (o, oparg, j) = base_op(units, i);
            let next = j + 1 + op::caches(o) as usize;
            let target = match o {
                op::POP_JUMP_IF_FALSE
                | op::POP_JUMP_IF_TRUE
                | op::POP_JUMP_IF_NONE
                | op::POP_JUMP_IF_NOT_NONE
                | op::JUMP_FORWARD => Some(next + oparg as usize),
                op::FOR_ITER | op::SEND => Some(next + oparg as usize + 1),
                op::JUMP_BACKWARD | op::JUMP_BACKWARD_NO_INTERRUPT => {
                    next.checked_sub(oparg as usize)
                }
                _ => None,
            };
            if let Some(t) = target {
                if t < n && is_instr[t] && lines[t] >= 0 {
                    starts[t] = true;
                }
            }
            i = next;
        }
        for h in handlers(bytes::as_slice((*co).co_exceptiontable)) {
            if h < n
                && h >= first
                && is_instr[h]
                && lines[h] >= 0
                && units[h] & 0xff != op::END_ASYNC_FOR
            {
                starts[h] = true;
            }
        }
        CodeData {
            lines: lines.into_boxed_slice(),
            starts: starts.into_boxed_slice(),
            monitors: CodeMonitors::new(),
        }
    }
}

/// The handler targets of an exception table (varints of 6 bits, bit 6
/// continuing; entries start, size, target, depth-and-lasti).
fn handlers(table: &[u8]) -> Vec<usize> {
    let mut out = vec![];
    let mut i = 0;
    let varint = |i: &mut usize| -> Option<usize> {
        let mut b = *table.get(*i)?;
        *i += 1;
        let mut v = (b & 63) as usize;
        while b & 64 != 0 {
            b = *table.get(*i)?;
            *i += 1;
            v = (v << 6) | (b & 63) as usize;
        }
        Some(v)
    };
    while let (Some(_), Some(_), Some(t), Some(_)) = (
        varint(&mut i),
        varint(&mut i),
        varint(&mut i),
        varint(&mut i),
    ) {
        out.push(t);
    }
    out
}

/// The code's [`CodeData`], computed on first use.
unsafe fn code_data<'a>(code: *mut PyObject) -> &'a CodeData {
    // SAFETY: the slot holds NULL or a leaked box this module made; the
    // code object frees it ([`free_code`]).
    unsafe {
        let co = code as *mut PyCodeObject;
        if (*co).co_monitoring.is_null() {
            (*co).co_monitoring = Box::into_raw(Box::new(compute(code))) as *mut c_void;
        }
        &*((*co).co_monitoring as *const CodeData)
    }
}

/// The monitoring state of `code` (its local events and disabled
/// locations), made on first use.
///
/// # Safety
/// `code` a live code object; the GIL is held.
pub unsafe fn code_monitors<'a>(code: *mut PyObject) -> &'a CodeMonitors {
    // SAFETY: forwarded.
    unsafe { &code_data(code).monitors }
}

/// Frees a code object's instrumentation data (from its deallocator).
///
/// # Safety
/// `code` a code object being freed.
pub unsafe fn free_code(code: *mut PyObject) {
    // SAFETY: see `code_data`.
    unsafe {
        let co = code as *mut PyCodeObject;
        if !(*co).co_monitoring.is_null() {
            let data = Box::from_raw((*co).co_monitoring as *mut CodeData);
            MONITORING.drop_code(&data.monitors);
            drop(data);
            (*co).co_monitoring = ptr::null_mut();
        }
    }
}

/// Whether `offset` starts a line of `code` (for tests and `f_lineno`).
///
/// # Safety
/// `code` a live code object.
pub unsafe fn is_line_start(code: *mut PyObject, index: usize) -> bool {
    // SAFETY: forwarded.
    unsafe { code_data(code).starts.get(index).copied().unwrap_or(false) }
}

/// The failure of a hook: an exception is set.
struct Fail;

impl From<SetError> for Fail {
    fn from(e: SetError) -> Fail {
        let _ = err::raise(Exc::ValueError, &e.to_string());
        Fail
    }
}

/// What an event carries.
#[derive(Clone, Copy)]
enum Payload {
    None,
    /// A returned or yielded value.
    Value(*mut PyObject),
    /// The exception in flight.
    Exc(*mut PyObject),
    /// A call's callable and first argument (NULL: none).
    Call(*mut PyObject, *mut PyObject),
    /// A line.
    Line(i32),
    /// A jump or branch to the code offset `dest` (bytes), on line
    /// `line`; `legacy_line` when the trace hook reports it as a line (the
    /// backward-jump rule).
    Jump {
        dest: u32,
        line: i32,
        legacy_line: bool,
    },
}

/// Delivers `event` of `frame`, at its current instruction, to every tool
/// that has it; `Err` with the hook's exception set when one failed.
unsafe fn fire(
    ts: *mut ThreadState,
    frame: *mut InterpFrame,
    event: Event,
    p: Payload,
) -> Result<(), Fail> {
    // SAFETY: forwarded.
    unsafe {
        let offset = (InterpFrame::lasti(frame).max(0) * 2) as u32;
        fire_at(ts, frame, event, p, offset)
    }
}

/// The monitors of `code` when an event must consult them: some code has
/// local events, or a `sys.monitoring` tool gets the event globally (its
/// callback may disable the location).
unsafe fn monitors_for<'a>(
    code: *mut PyObject,
    global: ophis_tracing::ToolSet,
) -> Option<&'a CodeMonitors> {
    // SAFETY: a live code object.
    unsafe {
        (MONITORING.has_local_events() || global.0 & PUBLIC_TOOLS != 0)
            .then(|| &code_data(code).monitors)
    }
}

/// [`fire`] at code offset `offset` (bytes).
unsafe fn fire_at(
    ts: *mut ThreadState,
    frame: *mut InterpFrame,
    event: Event,
    p: Payload,
    offset: u32,
) -> Result<(), Fail> {
    // SAFETY: the attached thread; a live frame.
    unsafe {
        if (*ts).tracing.is_tracing() {
            return Ok(());
        }
        let code = (*frame).f_code;
        let global = MONITORING.tools_for(event, None);
        let cm = monitors_for(code, global);
        let tools = match cm {
            Some(_) => MONITORING.tools_for(event, cm),
            None => global,
        };
        if tools.is_empty() {
            return Ok(());
        }
        if cm.is_none() && tools.0 & !LEGACY_TOOLS == 0 {
            return fire_legacy(ts, frame, event, p, tools);
        }
        // The event being delivered and its frame, for `f_lineno`'s
        // setter (CPython's `what_event`).
        let outer = std::mem::replace(&mut (*ts).what_event, event as i32);
        let outer_frame = std::mem::replace(&mut (*ts).event_frame, frame);
        let r = MONITORING.dispatch_to(tools, event, cm, offset, |tool, cb| {
            match (Kind::of_tool(tool), cb) {
                (Some(kind), _) => legacy_event(ts, frame, kind, event, p),
                (None, Some(cb)) => monitor_event(ts, cb, event, code, offset, p),
                (None, None) => Ok(Disposition::Keep),
            }
        });
        (*ts).what_event = outer;
        (*ts).event_frame = outer_frame;
        r
    }
}

/// Calls a `sys.monitoring` callback with the arguments of `event`:
/// `(code, offset)` and, by event, the value, the exception, the callable
/// and first argument (`MISSING` for none), or the destination offset;
/// `(code, line)` for `LINE`. A result of `DISABLE` disables the location.
unsafe fn monitor_event(
    ts: *mut ThreadState,
    cb: *mut PyObject,
    event: Event,
    code: *mut PyObject,
    offset: u32,
    p: Payload,
) -> Result<Disposition, Fail> {
    // SAFETY: the attached thread; live objects; the callback is held for
    // the call (it may unregister itself).
    unsafe {
        let cb = Owned::from_borrowed(cb);
        let int = |v: i64| crate::objects::long::from_i64(v).map_err(|_| Fail);
        let off = int(offset as i64)?;
        let _depth = (*ts).tracing.enter();
        let r = match p {
            Payload::Line(line) if event == Event::Line => {
                let l = int(line as i64)?;
                call::call_args(cb.as_ptr(), &[code, l.as_ptr()])
            }
            Payload::Jump { dest, .. } => {
                let d = int(dest as i64)?;
                call::call_args(cb.as_ptr(), &[code, off.as_ptr(), d.as_ptr()])
            }
            Payload::Value(v) | Payload::Exc(v) if !v.is_null() => {
                call::call_args(cb.as_ptr(), &[code, off.as_ptr(), v])
            }
            Payload::Call(c, a0) => {
                let a0 = if a0.is_null() {
                    sentinel(Sentinel::Missing).map_err(|_| Fail)?
                } else {
                    a0
                };
                call::call_args(cb.as_ptr(), &[code, off.as_ptr(), c, a0])
            }
            _ => call::call_args(cb.as_ptr(), &[code, off.as_ptr()]),
        };
        let r = r.map_err(|_| Fail)?;
        if r.as_ptr() == sentinel(Sentinel::Disable).map_err(|_| Fail)? {
            Ok(Disposition::Disable)
        } else {
            Ok(Disposition::Keep)
        }
    }
}

/// The tools of the legacy hooks (6 and 7).
const LEGACY_TOOLS: u8 = ToolId::LEGACY_PROFILE.bit() | ToolId::LEGACY_TRACE.bit();

/// [`fire`] when only legacy hooks have `event` (a profiler or tracer
/// and no `sys.monitoring` tool, globally or on any code object): what the
/// dispatch would do for them
/// (the trace hook, then the profile hook; no per-code disabling; the
/// first failure stops), without its generic loop.
#[inline(never)]
unsafe fn fire_legacy(
    ts: *mut ThreadState,
    frame: *mut InterpFrame,
    event: Event,
    p: Payload,
    tools: ToolSet,
) -> Result<(), Fail> {
    // SAFETY: forwarded.
    unsafe { fire_legacy_inline(ts, frame, event, p, tools) }
}

/// [`fire_legacy`], inlined in [`fire_hot`]'s callers, where the event and
/// the payload's kind are known.
#[inline(always)]
unsafe fn fire_legacy_inline(
    ts: *mut ThreadState,
    frame: *mut InterpFrame,
    event: Event,
    p: Payload,
    tools: ToolSet,
) -> Result<(), Fail> {
    // SAFETY: forwarded.
    unsafe {
        if tools.contains(ToolId::LEGACY_TRACE) {
            legacy_event_inline(ts, frame, Kind::Trace, event, p)?;
        }
        if tools.contains(ToolId::LEGACY_PROFILE) {
            legacy_event_inline(ts, frame, Kind::Profile, event, p)?;
        }
        Ok(())
    }
}

/// [`fire`] for the sites a profiler hits on every call (`RESUME`,
/// `RETURN_*`): the tests that lead to [`fire_legacy`] here, the rest out
/// of line, so the caller saves no registers on its way to the hook.
#[inline(always)]
unsafe fn fire_hot(
    ts: *mut ThreadState,
    frame: *mut InterpFrame,
    event: Event,
    p: Payload,
) -> Result<(), Fail> {
    // SAFETY: forwarded.
    unsafe {
        if (*ts).tracing.is_tracing() {
            return Ok(());
        }
        let tools = MONITORING.tools_for(event, None);
        if tools.is_empty() {
            return Ok(());
        }
        if tools.0 & !LEGACY_TOOLS == 0 && !MONITORING.has_local_events() {
            return fire_legacy_inline(ts, frame, event, p, tools);
        }
        fire_out_of_line(ts, frame, event, p)
    }
}

/// [`fire`], not inlined (for [`fire_hot`]).
#[inline(never)]
unsafe fn fire_out_of_line(
    ts: *mut ThreadState,
    frame: *mut InterpFrame,
    event: Event,
    p: Payload,
) -> Result<(), Fail> {
    // SAFETY: forwarded.
    unsafe { fire(ts, frame, event, p) }
}

/// Runs `f` with the exception in flight taken off the thread; puts it
/// back unless `f` failed (then the new exception replaces it).
unsafe fn with_exception(f: impl FnOnce(*mut PyObject) -> Result<(), Fail>) -> Result<(), Fail> {
    // SAFETY: an exception is set.
    unsafe {
        let exc = err::take();
        let r = f(exc);
        if r.is_ok() && !exc.is_null() {
            err::restore(exc);
        } else {
            xdecref(exc);
        }
        r
    }
}

unsafe fn is_cfunction(o: *mut PyObject) -> bool {
    // SAFETY: `o` live.
    unsafe {
        let t = (*o).ob_type;
        t == lifecycle::cfunction_type()
            || t == lifecycle::cmethod_type()
            || typeobj::is_subtype(t, lifecycle::cfunction_type())
    }
}

/// Calls the current thread's legacy hook of `kind` for `event`.
#[inline(never)]
unsafe fn legacy_event(
    ts: *mut ThreadState,
    frame: *mut InterpFrame,
    kind: Kind,
    event: Event,
    p: Payload,
) -> Result<Disposition, Fail> {
    // SAFETY: forwarded.
    unsafe { legacy_event_inline(ts, frame, kind, event, p) }
}

/// [`legacy_event`], inlined where `kind` is known ([`fire_legacy`]).
#[inline(always)]
unsafe fn legacy_event_inline(
    ts: *mut ThreadState,
    frame: *mut InterpFrame,
    kind: Kind,
    event: Event,
    p: Payload,
) -> Result<Disposition, Fail> {
    // SAFETY: the attached thread; a live frame; the hook follows the
    // `Py_tracefunc` contract.
    unsafe {
        let Some(func) = (*ts).hooks.func(kind) else {
            return Ok(Disposition::Keep);
        };
        let Some((what, argk)) = legacy::map(kind, event) else {
            return Ok(Disposition::Keep);
        };
        if let Payload::Jump {
            legacy_line: false, ..
        } = p
        {
            return Ok(Disposition::Keep);
        }
        if let Payload::Call(c, _) = p {
            if !is_cfunction(c) && (*c).ob_type != lifecycle::method_descr_type() {
                return Ok(Disposition::Keep);
            }
        }
        let fo = match (*frame).frame_obj {
            fo if !fo.is_null() => fo,
            _ => frameobject::for_interp(frame).map_err(|_| Fail)?,
        };
        let fop = fo as *mut PyFrameObject;
        match what {
            What::Line if (*fop).f_trace_lines == 0 => return Ok(Disposition::Keep),
            What::Opcode if (*fop).f_trace_opcodes == 0 => return Ok(Disposition::Keep),
            _ => {}
        }
        // The argument: borrowed (the evaluator holds a returned value, an
        // exception in flight, a callable), or made here and held in
        // `made` for the call.
        let mut made: Option<Owned> = None;
        let arg: *mut PyObject = match (argk, p) {
            (Arg::Value, Payload::Value(v)) | (Arg::Exception, Payload::Exc(v)) if !v.is_null() => {
                v
            }
            (Arg::ExcInfo, Payload::Exc(e)) if !e.is_null() => {
                let tb = (*(e as *mut exceptions::PyBaseExceptionObject)).traceback;
                let tb = if tb.is_null() { lifecycle::none() } else { tb };
                made.insert(
                    tuple::new_from(&[(*e).ob_type as *mut PyObject, e, tb]).map_err(|_| Fail)?,
                )
                .as_ptr()
            }
            (Arg::Callable, Payload::Call(c, a0)) => {
                if is_cfunction(c) {
                    c
                } else if (*c).ob_type == lifecycle::method_descr_type() {
                    if a0.is_null() {
                        return Ok(Disposition::Keep);
                    }
                    let get = (*(*c).ob_type).tp_descr_get.ok_or(Fail)?;
                    let m = get(c, a0, (*a0).ob_type as *mut PyObject);
                    if m.is_null() {
                        return Err(Fail);
                    }
                    made.insert(Owned::from_raw(m)).as_ptr()
                } else {
                    return Ok(Disposition::Keep);
                }
            }
            _ => lifecycle::none(),
        };
        let obj = (*ts).hooks.obj(kind).unwrap_or(ptr::null_mut());
        // The frame object needs no extra reference for the call: the
        // running interpreter frame holds it until it returns.
        let _depth = (*ts).tracing.enter();
        let line = match p {
            Payload::Line(l) | Payload::Jump { line: l, .. } if what == What::Line => l,
            _ => 0,
        };
        if line != 0 {
            (*fop).f_lineno = line;
        }
        // The event and its frame, for `f_lineno`'s setter (CPython's
        // `what_event`).
        let outer = std::mem::replace(&mut (*ts).what_event, event as i32);
        let outer_frame = std::mem::replace(&mut (*ts).event_frame, frame);
        let r = func(obj, fo, what as c_int, arg);
        (*ts).what_event = outer;
        (*ts).event_frame = outer_frame;
        if line != 0 {
            (*fop).f_lineno = 0;
        }
        drop(made);
        if r != 0 {
            if err::occurred().is_null() {
                let _ = err::system_error(&format!(
                    "<sys.legacy_event_handler object at {:p}> returned NULL without setting an exception",
                    func as *const ()
                ));
            }
            return Err(Fail);
        }
        Ok(Disposition::Keep)
    }
}

// ---- The evaluator's call sites -------------------------------------

/// `RESUME`: `PY_START` (oparg 0) or `PY_RESUME`. A trace function may
/// move a resumed generator (`f_lineno`): the evaluator then continues at
/// the frame's `prev_instr` with its saved stack.
///
/// # Safety
/// The attached thread `ts`; `frame` its running frame, at the `RESUME`.
#[cold]
#[inline(never)]
pub unsafe fn resume(ts: *mut ThreadState, frame: *mut InterpFrame, oparg: u32) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let e = if oparg == 0 {
            Event::PyStart
        } else {
            Event::PyResume
        };
        let at = (*frame).prev_instr;
        fire_hot(ts, frame, e, Payload::None).map_err(|_| err::Raised::assume())?;
        moved(ts, frame, at);
        Ok(())
    }
}

/// Before the instruction at `ip`: `LINE`, the backward-jump `LINE` and
/// `INSTRUCTION`. Sets the frame's `prev_instr` to `ip`, unless a trace
/// function moved the frame (`f_lineno`): then `prev_instr` is the
/// instruction to run instead, and the frame's `stacktop` its stack (the
/// evaluator saves its stack pointer before the call and reloads both).
///
/// # Safety
/// The attached thread `ts`; `frame` its running frame; `ip` the next
/// instruction of its code.
#[cold]
#[inline(never)]
pub unsafe fn step(ts: *mut ThreadState, frame: *mut InterpFrame, ip: *mut u16) -> PyResult<()> {
    // SAFETY: forwarded; indices stay inside the code.
    unsafe {
        let code = (*frame).f_code;
        let first = codeobject::units(code);
        let i = ip.offset_from(first) as i32;
        let last = (*ts).trace_last;
        let prev = if last.frame == frame {
            last.index
        } else {
            (*frame).prev_instr.offset_from(first) as i32
        };
        (*frame).prev_instr = ip;
        if (*ts).tracing.is_tracing() {
            return Ok(());
        }
        (*ts).trace_last = LastStep {
            frame,
            index: i,
            landed: false,
        };
        if last.landed && last.frame == frame && prev == i {
            return Ok(());
        }
        if i < codeobject::first_traceable(code) {
            return Ok(());
        }
        let n = (*(code as *mut PyCodeObject)).ob_base.ob_size as usize;
        let units = std::slice::from_raw_parts(first, n);
        let (o, _, _) = base_op(units, i as usize);
        if o == op::RESUME {
            return Ok(());
        }
        let data = code_data(code);
        let line = data.line(i);
        let (po, poparg, pj) = if prev >= 0 && (prev as usize) < n {
            base_op(units, prev as usize)
        } else {
            (0, 0, 0)
        };
        let jump_line = prev >= 0
            && po == op::JUMP_BACKWARD
            && i <= prev
            && legacy::jump_fires_line(prev as u32, i as u32, data.line(prev), line);
        if prev >= 0 {
            if let Some(ev) = jump_event(po, poparg, pj, i as usize) {
                let p = Payload::Jump {
                    dest: i as u32 * 2,
                    line,
                    legacy_line: jump_line,
                };
                fire_at(ts, frame, ev, p, pj as u32 * 2).map_err(|_| err::Raised::assume())?;
                if moved(ts, frame, ip) {
                    return Ok(());
                }
            }
        }
        if !jump_line
            && data.starts.get(i as usize).copied().unwrap_or(false)
            && legacy::line_fires(data.line(prev), line, prev >= 0 && po == op::RESUME)
        {
            fire(ts, frame, Event::Line, Payload::Line(line)).map_err(|_| err::Raised::assume())?;
            if moved(ts, frame, ip) {
                return Ok(());
            }
        }
        let fo = (*frame).frame_obj as *mut PyFrameObject;
        let public = MONITORING.tools_for(
            Event::Instruction,
            monitors_for(code, ophis_tracing::ToolSet(0)),
        );
        if public.0 & PUBLIC_TOOLS != 0 || (!fo.is_null() && (*fo).f_trace_opcodes != 0) {
            fire(ts, frame, Event::Instruction, Payload::None)
                .map_err(|_| err::Raised::assume())?;
        }
        Ok(())
    }
}

/// The event of arriving at unit `dest` from the jump or branch `op` (at
/// unit `at`, with `oparg`): `JUMP` for `JUMP_FORWARD`/`JUMP_BACKWARD`,
/// `BRANCH` for the conditional jumps and `FOR_ITER`, each only when
/// `dest` is one of the instruction's own destinations (an exception
/// handler reached from a failing `FOR_ITER` is no branch).
fn jump_event(o: u16, oparg: u32, at: usize, dest: usize) -> Option<Event> {
    let next = at + 1 + op::caches(o) as usize;
    let arg = oparg as usize;
    match o {
        op::JUMP_FORWARD if dest == next + arg => Some(Event::Jump),
        op::JUMP_BACKWARD if Some(dest) == next.checked_sub(arg) => Some(Event::Jump),
        op::POP_JUMP_IF_FALSE
        | op::POP_JUMP_IF_TRUE
        | op::POP_JUMP_IF_NONE
        | op::POP_JUMP_IF_NOT_NONE
            if dest == next || dest == next + arg =>
        {
            Some(Event::Branch)
        }
        // Exhausted, the loop goes on past its `END_FOR`.
        op::FOR_ITER if dest == next || dest == next + arg || dest == next + arg + 1 => {
            Some(Event::Branch)
        }
        _ => None,
    }
}

/// `RETURN_VALUE`/`RETURN_CONST`: `PY_RETURN` with the value (borrowed).
///
/// # Safety
/// As [`resume`].
#[cold]
#[inline(never)]
pub unsafe fn py_return(
    ts: *mut ThreadState,
    frame: *mut InterpFrame,
    value: *mut PyObject,
) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        fire_hot(ts, frame, Event::PyReturn, Payload::Value(value))
            .map_err(|_| err::Raised::assume())
    }
}

/// `YIELD_VALUE`: `PY_YIELD` with the value (borrowed).
///
/// # Safety
/// As [`resume`].
#[cold]
#[inline(never)]
pub unsafe fn py_yield(
    ts: *mut ThreadState,
    frame: *mut InterpFrame,
    value: *mut PyObject,
) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        fire(ts, frame, Event::PyYield, Payload::Value(value)).map_err(|_| err::Raised::assume())
    }
}

/// The error path of `frame`, an exception set by the instruction at unit
/// `at`: `RAISE` when it is new in this frame, `RERAISE` for a re-raise
/// (`RERAISE`, a bare `raise`, the re-raise of `END_ASYNC_FOR` and
/// `CLEANUP_THROW`); a failing hook's exception replaces it.
///
/// # Safety
/// As [`resume`]; an exception is set.
#[cold]
#[inline(never)]
pub unsafe fn raised(ts: *mut ThreadState, frame: *mut InterpFrame, new: bool, at: isize) {
    // SAFETY: forwarded.
    unsafe {
        (*ts).trace_last = LastStep {
            frame,
            index: InterpFrame::lasti(frame),
            landed: false,
        };
        if InterpFrame::is_complete(frame) {
            let ev = if new { Event::Raise } else { Event::Reraise };
            let offset = (at.max(0) * 2) as u32;
            let _ = with_exception(|e| fire_at(ts, frame, ev, Payload::Exc(e), offset));
        }
    }
}

/// An exception leaves `frame` from the instruction at unit `at`:
/// `PY_UNWIND`; a failing hook's exception replaces it.
///
/// # Safety
/// As [`raised`].
#[cold]
#[inline(never)]
pub unsafe fn unwind(ts: *mut ThreadState, frame: *mut InterpFrame, at: isize) {
    // SAFETY: forwarded.
    unsafe {
        if InterpFrame::is_complete(frame) {
            let offset = (at.max(0) * 2) as u32;
            let _ =
                with_exception(|e| fire_at(ts, frame, Event::PyUnwind, Payload::Exc(e), offset));
        }
    }
}

/// A handler of `frame` at unit `target` takes `exc` (borrowed):
/// `EXCEPTION_HANDLED`. `Err` with the hook's exception set when one
/// failed.
///
/// # Safety
/// As [`resume`]; no exception is set.
#[cold]
#[inline(never)]
pub unsafe fn handled(
    ts: *mut ThreadState,
    frame: *mut InterpFrame,
    exc: *mut PyObject,
    target: usize,
) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        fire_at(
            ts,
            frame,
            Event::ExceptionHandled,
            Payload::Exc(exc),
            target as u32 * 2,
        )
        .map_err(|_| err::Raised::assume())
    }
}

/// `END_FOR`/`END_SEND` with a generator or coroutine `receiver` that
/// returned `value` (borrowed): `STOP_ITERATION` with the `StopIteration`
/// a return from it stands for.
///
/// # Safety
/// As [`resume`]; live objects.
#[cold]
#[inline(never)]
pub unsafe fn stop_iteration(
    ts: *mut ThreadState,
    frame: *mut InterpFrame,
    receiver: *mut PyObject,
    value: *mut PyObject,
) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if !(crate::code::genobject::check(receiver)
            || crate::code::genobject::coro_check(receiver))
            || MONITORING
                .tools_for(
                    Event::StopIteration,
                    monitors_for((*frame).f_code, ophis_tracing::ToolSet(0)),
                )
                .is_empty()
        {
            return Ok(());
        }
        let t = exceptions::get(Exc::StopIteration);
        let e = if value == lifecycle::none() {
            call::call_args(t, &[])?
        } else {
            call::call_args(t, &[value])?
        };
        fire(ts, frame, Event::StopIteration, Payload::Exc(e.as_ptr()))
            .map_err(|_| err::Raised::assume())
    }
}

/// A generator's frame resumed by `throw()`: `PY_THROW` with the exception.
///
/// # Safety
/// As [`raised`].
#[cold]
#[inline(never)]
pub unsafe fn throw(ts: *mut ThreadState, frame: *mut InterpFrame) {
    // SAFETY: forwarded.
    unsafe {
        let _ = with_exception(|e| fire(ts, frame, Event::PyThrow, Payload::Exc(e)));
    }
}

/// A call in progress, for `C_RETURN`/`C_RAISE` after it: strong
/// references (plain pointers, so the evaluator's fast path has no drop
/// glue), released by [`call_done`] or [`call_skipped`].
#[derive(Clone, Copy)]
pub struct CallTrace {
    callable: *mut PyObject,
    arg0: *mut PyObject,
}

/// Releases a [`CallTrace`] whose call ran in the evaluator's loop (a
/// Python function: no `C_RETURN`).
///
/// # Safety
/// `t` from [`call()`], not yet released.
#[cold]
#[inline(never)]
pub unsafe fn call_skipped(t: CallTrace) {
    // SAFETY: the references `call` took.
    unsafe {
        decref(t.callable);
        xdecref(t.arg0);
    }
}

/// Before a call instruction: `CALL` with the callable and first argument
/// (NULL: none). Gives what [`call_done`] needs when someone listens to
/// `C_RETURN`/`C_RAISE`.
///
/// # Safety
/// As [`resume`]; the objects live.
#[cold]
#[inline(never)]
pub unsafe fn call(
    ts: *mut ThreadState,
    frame: *mut InterpFrame,
    callable: *mut PyObject,
    arg0: *mut PyObject,
) -> PyResult<Option<CallTrace>> {
    // SAFETY: forwarded.
    unsafe {
        if (*ts).tracing.is_tracing() {
            return Ok(None);
        }
        // Only the profile hook listens and this is no builtin: its
        // filter would drop every event of the call.
        let legacy_only = MONITORING.tools_for(Event::Call, None).0 & 0x3f == 0;
        if legacy_only
            && !is_cfunction(callable)
            && (*callable).ob_type != lifecycle::method_descr_type()
        {
            return Ok(None);
        }
        fire(ts, frame, Event::Call, Payload::Call(callable, arg0))
            .map_err(|_| err::Raised::assume())?;
        let wanted = !MONITORING.tools_for(Event::CReturn, None).is_empty()
            || !MONITORING.tools_for(Event::CRaise, None).is_empty();
        Ok(wanted.then(|| CallTrace {
            callable: new_ref(callable),
            arg0: xnew(arg0),
        }))
    }
}

/// After a call that did not run in the evaluator's loop: `C_RETURN`, or
/// `C_RAISE` when `r` is NULL. A failing hook makes the result NULL.
///
/// # Safety
/// As [`resume`]; `r` the call's owned result or NULL with an exception.
#[cold]
#[inline(never)]
pub unsafe fn call_done(
    ts: *mut ThreadState,
    frame: *mut InterpFrame,
    t: CallTrace,
    r: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe {
        let p = Payload::Call(t.callable, t.arg0);
        let out = if r.is_null() {
            let _ = with_exception(|_| fire(ts, frame, Event::CRaise, p));
            r
        } else if fire(ts, frame, Event::CReturn, p).is_err() {
            decref(r);
            ptr::null_mut()
        } else {
            r
        };
        call_skipped(t);
        out
    }
}

// ---- Installing hooks -------------------------------------------------

/// Installs (or removes, `func == None`) the `kind` hook of thread `ts`
/// with `obj` (a new strong reference is kept, the previous object is
/// released after): `_PyEval_SetProfile`/`_PyEval_SetTrace`.
///
/// # Safety
/// The GIL is held; `ts` a live thread state; `obj` NULL or live.
pub unsafe fn set_hook(
    ts: *mut ThreadState,
    kind: Kind,
    func: Option<TraceFunc>,
    obj: *mut PyObject,
) {
    // SAFETY: forwarded.
    unsafe {
        let obj = (!obj.is_null()).then(|| new_ref(obj));
        let old = LEGACY.install(&MONITORING, &(*ts).hooks, kind, func, obj);
        refresh();
        if let Some(o) = old.obj {
            decref(o);
        }
    }
}

/// The audit event of setting a `kind` hook.
fn audit_event(kind: Kind) -> &'static str {
    match kind {
        Kind::Profile => "sys.setprofile",
        Kind::Trace => "sys.settrace",
    }
}

/// `_PyEval_SetProfile`/`_PyEval_SetTrace`: raises the audit event
/// `sys.setprofile` or `sys.settrace` (no arguments) in the calling
/// thread, then [`set_hook`]; a refusal installs nothing and is the error.
///
/// # Safety
/// As [`set_hook`].
pub unsafe fn set_hook_audited(
    ts: *mut ThreadState,
    kind: Kind,
    func: Option<TraceFunc>,
    obj: *mut PyObject,
) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        crate::runtime::audit::audit(audit_event(kind), || tuple::new(0))?;
        set_hook(ts, kind, func, obj);
        Ok(())
    }
}

/// `PyEval_SetProfile`/`PyEval_SetTrace`: [`set_hook_audited`] on the
/// calling thread, a refusal reported as unraisable (`Exception ignored
/// in PyEval_SetProfile`) and cleared.
///
/// # Safety
/// As [`set_hook`].
pub unsafe fn set_hook_reporting(
    ts: *mut ThreadState,
    kind: Kind,
    func: Option<TraceFunc>,
    obj: *mut PyObject,
) {
    // SAFETY: forwarded.
    unsafe {
        if set_hook_audited(ts, kind, func, obj).is_err() {
            let msg = match kind {
                Kind::Profile => "in PyEval_SetProfile",
                Kind::Trace => "in PyEval_SetTrace",
            };
            crate::system::sysmodule::write_unraisable_msg(Some(msg), ptr::null_mut());
        }
    }
}

/// The thread states of the interpreter, walked under `HEAD_LOCK` one
/// step at a time.
struct Threads;

impl ThreadRegistry for Threads {
    type Thread = *mut ThreadState;
    fn first(&self) -> Option<*mut ThreadState> {
        let _g = thread::HEAD_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        // SAFETY: the list is read under its lock.
        let h = unsafe { (*ptr::addr_of!(thread::MAIN_INTERP)).tstate_head };
        (!h.is_null()).then_some(h)
    }
    fn next(&self, t: *mut ThreadState) -> Option<*mut ThreadState> {
        let _g = thread::HEAD_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        // SAFETY: `t` is in the list, read under its lock.
        let n = unsafe { (*t).next };
        (!n.is_null()).then_some(n)
    }
}

/// [`set_hook`] on every thread state of the interpreter as it stands
/// (`PyEval_SetProfileAllThreads`/`PyEval_SetTraceAllThreads`).
///
/// # Safety
/// The GIL is held; `obj` NULL or live.
pub unsafe fn set_hook_all_threads(kind: Kind, func: Option<TraceFunc>, obj: *mut PyObject) {
    ophis_tracing::set_all_threads(
        &Threads,
        // SAFETY: each thread state is live while listed; the GIL is held.
        // The audit event is raised once per thread state, in the caller.
        |t| unsafe { set_hook_audited(t, kind, func, obj) },
        // SAFETY: the refusal's exception is set.
        |_, _| unsafe {
            let msg = match kind {
                Kind::Profile => "in PyEval_SetProfileAllThreads",
                Kind::Trace => "in PyEval_SetTraceAllThreads",
            };
            crate::system::sysmodule::write_unraisable_msg(Some(msg), ptr::null_mut());
        },
    );
}

/// Drops the hooks of a thread state being deleted.
///
/// # Safety
/// The GIL is held; `ts` live.
pub unsafe fn clear_thread(ts: *mut ThreadState) {
    // SAFETY: forwarded.
    unsafe {
        for kind in [Kind::Profile, Kind::Trace] {
            // Most thread states never had a hook: nothing to recount.
            if (*ts).hooks.func(kind).is_some() || (*ts).hooks.obj(kind).is_some() {
                set_hook(ts, kind, None, ptr::null_mut());
            }
        }
    }
}

/// Records that a frame asked for opcode events (`f_trace_opcodes`).
pub fn note_opcode_tracing() {
    LEGACY.note_opcode_tracing();
}

// ---- The Python-level trampolines ------------------------------------

unsafe fn xnew(v: *mut PyObject) -> *mut PyObject {
    // SAFETY: NULL or live.
    unsafe {
        if v.is_null() {
            v
        } else {
            new_ref(v)
        }
    }
}

unsafe fn event_name(what: c_int) -> PyResult<Owned> {
    let name = match what {
        0 => "call",
        1 => "exception",
        2 => "line",
        3 => "return",
        4 => "c_call",
        5 => "c_exception",
        6 => "c_return",
        _ => "opcode",
    };
    unicode::intern(name)
}

/// Writes a frame's `f_locals` back into its fast variables when a
/// `f_locals` snapshot was taken (`PyFrame_LocalsToFast(f, 1)`), and
/// forgets the snapshot.
///
/// # Safety
/// `fo` a live frame object.
pub unsafe fn locals_to_fast(fo: *mut PyObject) -> PyResult<()> {
    // SAFETY: the frame's slots are owned; only a running frame is touched.
    unsafe {
        let f = fo as *mut PyFrameObject;
        if (*f).f_fast_as_locals == 0 {
            return Ok(());
        }
        (*f).f_fast_as_locals = 0;
        let live = frameobject::live(fo);
        let locals = (*f).f_locals;
        if live.is_null() || locals.is_null() || !dict::check(locals) {
            return Ok(());
        }
        let code = (*f).f_code as *mut PyCodeObject;
        if (*code).co_flags & codeobject::co::OPTIMIZED == 0 {
            return Ok(());
        }
        let names = (*code).co_localsplusnames;
        let kinds = bytes::sval((*code).co_localspluskinds);
        let lp = InterpFrame::localsplus(live);
        for i in 0..tuple::size(names) {
            let v = dict::get(locals, tuple::item(names, i))?.unwrap_or(ptr::null_mut());
            let slot = lp.add(i as usize);
            let kind = *kinds.add(i as usize);
            if kind & (codeobject::FAST_FREE | codeobject::FAST_CELL) != 0
                && !(*slot).is_null()
                && cell::check(*slot)
            {
                if cell::get(*slot) != v {
                    cell::set_stealing(*slot, xnew(v));
                }
            } else if *slot != v {
                let old = std::mem::replace(&mut *slot, xnew(v));
                xdecref(old);
            }
        }
        Ok(())
    }
}

unsafe fn call_trampoline(
    callback: *mut PyObject,
    frame: *mut PyObject,
    what: c_int,
    arg: *mut PyObject,
) -> PyResult<Owned> {
    // SAFETY: live objects; the frame is a frame object.
    unsafe {
        if (*(frame as *mut PyFrameObject)).f_fast_as_locals != 0 {
            frameobject::locals(frame)?;
        }
        let name = event_name(what)?;
        let arg = if arg.is_null() {
            lifecycle::none()
        } else {
            arg
        };
        let r = call::call_args(callback, &[frame, name.as_ptr(), arg]);
        locals_to_fast(frame)?;
        r
    }
}

/// The hook `sys.setprofile` installs: calls `obj(frame, event, arg)`;
/// if that raises, the thread's profile hook is removed.
///
/// # Safety
/// `Py_tracefunc` contract.
pub unsafe extern "C" fn profile_trampoline(
    obj: *mut PyObject,
    frame: *mut PyObject,
    what: c_int,
    arg: *mut PyObject,
) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        match call_trampoline(obj, frame, what, arg) {
            Ok(_) => 0,
            Err(_) => {
                set_hook(thread::attached(), Kind::Profile, None, ptr::null_mut());
                -1
            }
        }
    }
}

/// The hook `sys.settrace` installs: `call` events go to `obj`, whose
/// result becomes the frame's `f_trace`; other events go to `f_trace`
/// (a non-None result replaces it). If a call raises, the thread's trace
/// hook is removed and `f_trace` cleared.
///
/// # Safety
/// `Py_tracefunc` contract.
pub unsafe extern "C" fn trace_trampoline(
    obj: *mut PyObject,
    frame: *mut PyObject,
    what: c_int,
    arg: *mut PyObject,
) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        let f = frame as *mut PyFrameObject;
        let callback = if what == What::Call as c_int {
            obj
        } else {
            (*f).f_trace
        };
        if callback.is_null() {
            return 0;
        }
        let callback = Owned::from_borrowed(callback);
        match call_trampoline(callback.as_ptr(), frame, what, arg) {
            Ok(r) => {
                if r.as_ptr() != lifecycle::none() {
                    let old = std::mem::replace(&mut (*f).f_trace, r.into_raw());
                    xdecref(old);
                }
                0
            }
            Err(_) => {
                set_hook(thread::attached(), Kind::Trace, None, ptr::null_mut());
                clear_slot(ptr::addr_of_mut!((*f).f_trace));
                -1
            }
        }
    }
}
