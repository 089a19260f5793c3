//! `sys.monitoring` (PEP 669) as Python 3.12 has it: tool ids, callbacks
//! per tool and event, global and per-code event sets, `DISABLE`,
//! `MISSING` and `restart_events`. The state is the interpreter's
//! [`instrument::MONITORING`] (`ophis-tracing`); the evaluator delivers
//! the events (`code/instrument.rs`). The module is an attribute of `sys`,
//! not an importable module, as in CPython.

use crate::code::instrument::{self, Sentinel, MONITORING};
use crate::code::{codeobject, instrument::code_monitors};
use crate::objects::object::*;
use crate::objects::typeobj::PyMethodDef;
use crate::objects::{dict, long, module, namespaceobject, unicode};
use crate::protocols::clinic::{def, fastcall, pos, Sig};
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use ophis_tracing::{Event, SetError, ToolId};
use std::ptr;

/// A tool id argument, 0-5.
unsafe fn tool(v: *mut PyObject) -> PyResult<ToolId> {
    // SAFETY: forwarded.
    unsafe { ToolId::public(long::as_c_int(v)? as i64).map_err(|m| err::value_error(&m)) }
}

/// `t`, which must be in use.
fn in_use(t: ToolId) -> PyResult<ToolId> {
    if MONITORING.get_tool(t).is_none() {
        return Err(set_error(SetError::NotInUse(t)));
    }
    Ok(t)
}

fn set_error(e: SetError) -> err::Raised {
    err::value_error(&e.to_string())
}

/// A code object argument.
unsafe fn code_arg(v: *mut PyObject) -> PyResult<*mut PyObject> {
    // SAFETY: `v` live.
    unsafe {
        if !codeobject::check(v) {
            return Err(err::raise(
                crate::objects::exceptions::Exc::TypeError,
                "code must be a code object",
            ));
        }
        Ok(v)
    }
}

fn int(v: i64) -> PyResult<Owned> {
    long::from_i64(v)
}

fn none() -> PyResult<Owned> {
    // SAFETY: None lives for the process.
    Ok(unsafe { Owned::from_borrowed(lifecycle::none()) })
}

fastcall! {
    /// `use_tool_id(tool_id, name, /)`.
    fn use_tool_id(_m, a = Sig::new("use_tool_id", &[pos("tool_id"), pos("name")])) {
        let t = tool(a.req(0))?;
        let name = a.req(1);
        if !unicode::check(name) {
            return Err(err::value_error("tool name must be a str"));
        }
        MONITORING.use_tool_id(t, &unicode::as_str(name)).map_err(set_error)?;
        none()
    }
}

fastcall! {
    /// `free_tool_id(tool_id, /)`: the name is released; 3.12 leaves the
    /// tool's events and callbacks as they are.
    fn free_tool_id(_m, a = Sig::new("free_tool_id", &[pos("tool_id")])) {
        MONITORING.free_tool_id(tool(a.req(0))?);
        none()
    }
}

fastcall! {
    /// `get_tool(tool_id, /)`: the name, or None.
    fn get_tool(_m, a = Sig::new("get_tool", &[pos("tool_id")])) {
        match MONITORING.get_tool(tool(a.req(0))?) {
            Some(n) => unicode::from_str(&n),
            None => none(),
        }
    }
}

fastcall! {
    /// `register_callback(tool_id, event, func, /)`: the previous
    /// callback, or None.
    fn register_callback(_m, a = Sig::new(
        "register_callback", &[pos("tool_id"), pos("event"), pos("func")])) {
        let t = tool(a.req(0))?;
        let bits = long::as_c_int(a.req(1))? as u32;
        if bits.count_ones() != 1 {
            return Err(set_error(SetError::NotOneEvent));
        }
        let id = bits.trailing_zeros();
        let event = Event::ALL
            .iter()
            .copied()
            .find(|e| *e as u32 == id)
            .ok_or_else(|| err::value_error(&format!("invalid event {bits}")))?;
        let f = a.req(2);
        let new = (f != lifecycle::none()).then(|| new_ref(f));
        match MONITORING.register_callback(t, event, new) {
            Some(old) => Ok(Owned::from_raw(old)),
            None => none(),
        }
    }
}

fastcall! {
    /// `set_events(tool_id, event_set, /)`.
    fn set_events(_m, a = Sig::new("set_events", &[pos("tool_id"), pos("event_set")])) {
        let t = tool(a.req(0))?;
        let bits = long::as_c_int(a.req(1))? as u32;
        MONITORING.set_events_checked(t, bits).map_err(set_error)?;
        instrument::refresh();
        none()
    }
}

fastcall! {
    /// `get_events(tool_id, /)`.
    fn get_events(_m, a = Sig::new("get_events", &[pos("tool_id")])) {
        let c_events = Event::CReturn.bit() | Event::CRaise.bit();
        int((MONITORING.get_events(tool(a.req(0))?).bits() & !c_events) as i64)
    }
}

fastcall! {
    /// `set_local_events(tool_id, code, event_set, /)`.
    fn set_local_events(_m, a = Sig::new(
        "set_local_events", &[pos("tool_id"), pos("code"), pos("event_set")])) {
        let t = tool(a.req(0))?;
        let code = code_arg(a.req(1))?;
        let t = in_use(t)?;
        let bits = long::as_c_int(a.req(2))? as u32;
        MONITORING
            .set_local_events(t, code_monitors(code), bits)
            .map_err(set_error)?;
        instrument::refresh();
        none()
    }
}

fastcall! {
    /// `get_local_events(tool_id, code, /)`.
    fn get_local_events(_m, a = Sig::new(
        "get_local_events", &[pos("tool_id"), pos("code")])) {
        let t = tool(a.req(0))?;
        let code = code_arg(a.req(1))?;
        int(code_monitors(code).local_events(t).bits() as i64)
    }
}

fastcall! {
    /// `restart_events()`: every location a callback disabled delivers
    /// again.
    fn restart_events(_m, _a = Sig::new("restart_events", &[])) {
        MONITORING.restart_events();
        none()
    }
}

fastcall! {
    /// `_all_events()`: for each event some tool has globally, its name
    /// and the mask of those tools.
    fn all_events(_m, _a = Sig::new("_all_events", &[])) {
        let d = dict::new()?;
        // `C_RETURN` and `C_RAISE` follow `CALL` and are not listed.
        for e in Event::ALL.into_iter().filter(|e| !matches!(e, Event::CReturn | Event::CRaise)) {
            let tools = MONITORING.tools_for(e, None).0;
            if tools != 0 {
                let k = unicode::from_str(e.name())?;
                let v = int(tools as i64)?;
                dict::set(d.as_ptr(), k.as_ptr(), v.as_ptr())?;
            }
        }
        Ok(d)
    }
}

static mut METHODS: [PyMethodDef; 11] = [
    def(c"use_tool_id", use_tool_id),
    def(c"free_tool_id", free_tool_id),
    def(c"get_tool", get_tool),
    def(c"register_callback", register_callback),
    def(c"set_events", set_events),
    def(c"get_events", get_events),
    def(c"set_local_events", set_local_events),
    def(c"get_local_events", get_local_events),
    def(c"restart_events", restart_events),
    def(c"_all_events", all_events),
    crate::objects::typeobj::METHOD_END,
];

/// Creates `sys.monitoring` (from `sys`'s start-up).
///
/// # Safety
/// Start-up, the GIL held; the builtin types are ready.
pub(crate) unsafe fn create_module() -> PyResult<Owned> {
    // SAFETY: the method table is static; the objects are fresh.
    unsafe {
        namespaceobject::init_type()?;
        let name = unicode::intern("sys.monitoring")?;
        let m = module::new(name.as_ptr())?;
        crate::objects::moduledef::add_functions(
            m.as_ptr(),
            ptr::addr_of_mut!(METHODS) as *mut PyMethodDef,
        )?;
        let mut values = Vec::new();
        for e in Event::ALL {
            values.push((e.name(), int(e.bit() as i64)?));
        }
        values.push(("NO_EVENTS", int(0)?));
        let attrs: Vec<(&str, *mut PyObject)> =
            values.iter().map(|(k, v)| (*k, v.as_ptr())).collect();
        let events = namespaceobject::new(&attrs)?;
        let d = module::dict_of(m.as_ptr());
        let ids = [
            ("DEBUGGER_ID", ToolId::DEBUGGER),
            ("COVERAGE_ID", ToolId::COVERAGE),
            ("PROFILER_ID", ToolId::PROFILER),
            ("OPTIMIZER_ID", ToolId::OPTIMIZER),
        ];
        for (k, t) in ids {
            let v = int(t.get() as i64)?;
            let key = unicode::intern(k)?;
            dict::set(d, key.as_ptr(), v.as_ptr())?;
        }
        for (k, v) in [
            ("events", events.as_ptr()),
            ("DISABLE", instrument::sentinel(Sentinel::Disable)?),
            ("MISSING", instrument::sentinel(Sentinel::Missing)?),
        ] {
            let key = unicode::intern(k)?;
            dict::set(d, key.as_ptr(), v)?;
        }
        Ok(m)
    }
}
