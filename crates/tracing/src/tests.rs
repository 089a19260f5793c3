//! Unit and property tests of the monitoring state, the legacy adapters,
//! the guard and set-for-all-threads.

use crate::legacy::{self, Arg, Kind, Legacy, ThreadHooks, What};
use crate::*;
use proptest::prelude::*;
use std::sync::Mutex;

type Cb = &'static u32;
static ONE: u32 = 1;
static TWO: u32 = 2;

#[test]
fn event_values_are_cpythons() {
    let want = [
        ("PY_START", 1),
        ("PY_RESUME", 2),
        ("PY_RETURN", 4),
        ("PY_YIELD", 8),
        ("CALL", 16),
        ("LINE", 32),
        ("INSTRUCTION", 64),
        ("JUMP", 128),
        ("BRANCH", 256),
        ("STOP_ITERATION", 512),
        ("RAISE", 1024),
        ("EXCEPTION_HANDLED", 2048),
        ("PY_UNWIND", 4096),
        ("PY_THROW", 8192),
        ("RERAISE", 16384),
        ("C_RETURN", 32768),
        ("C_RAISE", 65536),
    ];
    for (e, (name, bit)) in Event::ALL.iter().zip(want) {
        assert_eq!(e.name(), name);
        assert_eq!(e.bit(), bit);
    }
    assert_eq!(What::Opcode as i32, 7);
}

#[test]
fn set_events_checks_like_cpython() {
    let m: Monitoring<Cb> = Monitoring::new();
    let t0 = ToolId::new(0).unwrap();
    assert_eq!(
        m.set_events_checked(t0, Event::CReturn.bit())
            .unwrap_err()
            .to_string(),
        "cannot set C_RETURN or C_RAISE events independently"
    );
    assert_eq!(
        m.set_events_checked(t0, Event::Line.bit())
            .unwrap_err()
            .to_string(),
        "tool 0 is not in use"
    );
    m.use_tool_id(t0, "x").unwrap();
    assert_eq!(
        m.use_tool_id(t0, "y").unwrap_err().to_string(),
        "tool 0 is already in use"
    );
    assert_eq!(
        m.set_events_checked(t0, 1 << 17).unwrap_err().to_string(),
        "invalid event set 0x20000"
    );
    m.set_events_checked(t0, Event::Call.bit()).unwrap();
    assert!(m.get_events(t0).contains(Event::CReturn));
    assert!(m.is_active());
    let code = CodeMonitors::new();
    assert_eq!(
        m.set_local_events(t0, &code, Event::Raise.bit())
            .unwrap_err()
            .to_string(),
        "invalid local event set 0x400"
    );
    assert_eq!(
        ToolId::public(6).unwrap_err(),
        "invalid tool 6 (must be between 0 and 5)"
    );
    m.set_events(t0, EventSet::EMPTY).unwrap();
    assert!(!m.is_active());
    m.set_local_events(t0, &code, Event::Line.bit()).unwrap();
    assert!(m.is_active());
    assert_eq!(m.local_events_of(t0, &code), EventSet::of(&[Event::Line]));
    m.drop_code(&code);
    assert!(!m.is_active());
    assert_eq!(m.get_tool(t0).as_deref(), Some("x"));
    m.free_tool_id(t0);
    assert_eq!(m.get_tool(t0), None);
}

impl<C: Handle> Monitoring<C> {
    fn local_events_of(&self, t: ToolId, c: &CodeMonitors) -> EventSet {
        c.local_events(t)
    }
}

#[test]
fn dispatch_goes_down_and_stops_at_failure() {
    let m: Monitoring<Cb> = Monitoring::new();
    for i in [0u8, 3, 5] {
        let t = ToolId::new(i).unwrap();
        m.use_tool_id(t, "t").unwrap();
        m.set_events(t, EventSet::of(&[Event::Line])).unwrap();
    }
    m.set_events(ToolId::LEGACY_TRACE, EventSet::of(&[Event::Line]))
        .unwrap();
    let mut seen = vec![];
    let r: Result<(), SetError> = m.dispatch(Event::Line, None, 0, |t, _| {
        seen.push(t.get());
        Ok(Disposition::Keep)
    });
    assert!(r.is_ok());
    assert_eq!(seen, [7, 5, 3, 0]);
    seen.clear();
    let r: Result<(), SetError> = m.dispatch(Event::Line, None, 0, |t, _| {
        seen.push(t.get());
        if t.get() == 5 {
            Err(SetError::NotOneEvent)
        } else {
            Ok(Disposition::Keep)
        }
    });
    assert!(r.is_err());
    assert_eq!(seen, [7, 5]);
}

#[test]
fn disable_and_restart() {
    let m: Monitoring<Cb> = Monitoring::new();
    let t = ToolId::new(1).unwrap();
    m.use_tool_id(t, "cov").unwrap();
    m.register_callback(t, Event::Line, Some(&ONE));
    assert_eq!(m.register_callback(t, Event::Line, Some(&TWO)), Some(&ONE));
    m.set_events(t, EventSet::of(&[Event::Line, Event::Raise]))
        .unwrap();
    let code = CodeMonitors::new();
    let mut n = 0;
    for _ in 0..3 {
        let r: Result<(), SetError> = m.dispatch(Event::Line, Some(&code), 4, |_, cb| {
            assert_eq!(cb, Some(&TWO));
            n += 1;
            Ok(Disposition::Disable)
        });
        r.unwrap();
    }
    assert_eq!(n, 1);
    // Another offset still delivers.
    let r: Result<(), SetError> =
        m.dispatch(Event::Line, Some(&code), 6, |_, _| Ok(Disposition::Keep));
    r.unwrap();
    m.restart_events();
    let r: Result<(), SetError> = m.dispatch(Event::Line, Some(&code), 4, |_, _| {
        n += 1;
        Ok(Disposition::Keep)
    });
    r.unwrap();
    assert_eq!(n, 2);
    // RAISE cannot be disabled: the callback goes.
    m.register_callback(t, Event::Raise, Some(&ONE));
    let r: Result<(), SetError> = m.dispatch(Event::Raise, Some(&code), 4, |_, _| {
        Ok(Disposition::Disable)
    });
    assert_eq!(r, Err(SetError::CannotDisable(Event::Raise)));
    assert_eq!(m.callback(t, Event::Raise), None);
}

#[test]
fn legacy_table() {
    assert_eq!(
        legacy::map(Kind::Profile, Event::PyThrow),
        Some((What::Call, Arg::Exception))
    );
    assert_eq!(
        legacy::map(Kind::Trace, Event::PyThrow),
        Some((What::Call, Arg::None))
    );
    assert_eq!(legacy::map(Kind::Profile, Event::Line), None);
    assert_eq!(legacy::map(Kind::Trace, Event::Call), None);
    assert_eq!(
        legacy::map(Kind::Trace, Event::PyUnwind),
        Some((What::Return, Arg::None))
    );
    for e in legacy::PROFILE_EVENTS.iter() {
        let _ = legacy::map(Kind::Profile, e);
    }
    assert!(legacy::line_fires(3, 4, false));
    assert!(!legacy::line_fires(4, 4, false));
    assert!(legacy::line_fires(4, 4, true));
    assert!(legacy::jump_fires_line(10, 4, 7, 7));
    assert!(!legacy::jump_fires_line(4, 10, 7, 7));
    assert!(!legacy::jump_fires_line(10, 4, 7, 6));
}

type F = extern "C" fn(i32) -> i32;
type O = &'static u32;
extern "C" fn hook(x: i32) -> i32 {
    x
}

#[test]
fn legacy_install_counts_threads() {
    let m: Monitoring<Cb> = Monitoring::new();
    let l = Legacy::new();
    let a: ThreadHooks<F, O> = ThreadHooks::new();
    let b: ThreadHooks<F, O> = ThreadHooks::new();
    l.install(&m, &a, Kind::Profile, Some(hook as F), Some(&ONE));
    assert!(m.is_active());
    assert_eq!(m.get_events(ToolId::LEGACY_PROFILE), legacy::PROFILE_EVENTS);
    let r = l.install(&m, &b, Kind::Profile, Some(hook as F), Some(&TWO));
    assert_eq!(r.obj, None);
    assert_eq!(l.threads(Kind::Profile), 2);
    let r = l.install(&m, &a, Kind::Profile, None, Some(&ONE));
    assert_eq!(r.obj, Some(&ONE));
    assert_eq!(a.obj(Kind::Profile), Some(&ONE)); // kept without a function
    assert!(!a.has(Kind::Profile));
    assert!(m.is_active());
    l.install(&m, &b, Kind::Profile, None, None);
    assert!(!m.is_active());
    // INSTRUCTION only for a trace hook installed after the flag.
    l.install(&m, &a, Kind::Trace, Some(hook as F), None);
    assert!(!m
        .get_events(ToolId::LEGACY_TRACE)
        .contains(Event::Instruction));
    l.note_opcode_tracing();
    assert!(!m
        .get_events(ToolId::LEGACY_TRACE)
        .contains(Event::Instruction));
    l.install(&m, &a, Kind::Trace, Some(hook as F), None);
    assert!(m
        .get_events(ToolId::LEGACY_TRACE)
        .contains(Event::Instruction));
}

#[test]
fn depth_guard_nests() {
    let d = TracingDepth::new();
    assert!(!d.is_tracing());
    {
        let _g = d.enter();
        let _h = d.enter();
        assert_eq!(d.get(), 2);
    }
    assert!(!d.is_tracing());
}

struct Threads(Mutex<Vec<u32>>);

impl ThreadRegistry for Threads {
    type Thread = usize;
    fn first(&self) -> Option<usize> {
        (!self.0.lock().unwrap().is_empty()).then_some(0)
    }
    fn next(&self, t: usize) -> Option<usize> {
        (t + 1 < self.0.lock().unwrap().len()).then_some(t + 1)
    }
}

#[test]
fn all_threads_reports_and_goes_on() {
    let reg = Threads(Mutex::new(vec![5, 6, 7, 8]));
    let mut seen = vec![];
    let mut failed = vec![];
    let n = set_all_threads(
        &reg,
        |t| {
            seen.push(t);
            if t == 1 {
                Err("no")
            } else {
                Ok(())
            }
        },
        |t, e| failed.push((t, e)),
    );
    assert_eq!(n, 3);
    assert_eq!(seen, [0, 1, 2, 3]);
    assert_eq!(failed, [(1, "no")]);
}

proptest! {
    /// The derived per-event masks and `is_active` always equal what the
    /// per-tool sets say.
    #[test]
    fn masks_follow_the_sets(ops in proptest::collection::vec((0u8..8, 0u32..(1 << 17)), 0..40)) {
        let m: Monitoring<Cb> = Monitoring::new();
        for i in 0..6 {
            m.use_tool_id(ToolId::new(i).unwrap(), "t").unwrap();
        }
        let mut model = [0u32; 8];
        for (t, bits) in ops {
            let tool = ToolId::new(t).unwrap();
            let set = EventSet::from_bits(bits).unwrap();
            m.set_events(tool, set).unwrap();
            model[t as usize] = bits;
        }
        for e in Event::ALL {
            let want: u8 = (0..8).filter(|t| model[*t] & e.bit() != 0).map(|t| 1u8 << t).sum();
            prop_assert_eq!(m.tools_for(e, None).0, want);
        }
        prop_assert_eq!(m.is_active(), model.iter().any(|b| *b != 0));
    }

    /// Dispatch visits exactly the tools with the event, in descending
    /// order, and stops right after the first failing one.
    #[test]
    fn dispatch_order(tools in 0u8..=255, fail in proptest::option::of(0u8..8)) {
        let m: Monitoring<Cb> = Monitoring::new();
        for i in 0..6 {
            m.use_tool_id(ToolId::new(i).unwrap(), "t").unwrap();
        }
        for t in 0..8u8 {
            if tools & (1 << t) != 0 {
                m.set_events(ToolId::new(t).unwrap(), EventSet::of(&[Event::PyStart])).unwrap();
            }
        }
        let mut seen = vec![];
        let r: Result<(), SetError> = m.dispatch(Event::PyStart, None, 0, |t, _| {
            seen.push(t.get());
            if Some(t.get()) == fail { Err(SetError::NotOneEvent) } else { Ok(Disposition::Keep) }
        });
        let mut want: Vec<u8> = (0..8).rev().filter(|t| tools & (1 << t) != 0).collect();
        if let Some(f) = fail {
            if let Some(p) = want.iter().position(|t| *t == f) {
                want.truncate(p + 1);
                prop_assert!(r.is_err());
            } else {
                prop_assert!(r.is_ok());
            }
        }
        prop_assert_eq!(seen, want);
    }

    /// The hooked-thread count equals the number of threads with a
    /// function, whatever the order of installs and removals, and the
    /// tool's events are on exactly while it is non-zero.
    #[test]
    fn legacy_count_model(ops in proptest::collection::vec((0usize..4, any::<bool>(), any::<bool>()), 0..40)) {
        let m: Monitoring<Cb> = Monitoring::new();
        let l = Legacy::new();
        let threads: Vec<ThreadHooks<F, O>> = (0..4).map(|_| ThreadHooks::new()).collect();
        let mut model = [false; 4];
        for (t, on, with_obj) in ops {
            let obj = with_obj.then_some(&ONE);
            l.install(&m, &threads[t], Kind::Trace, on.then_some(hook as F), obj);
            model[t] = on;
            prop_assert_eq!(threads[t].obj(Kind::Trace), obj);
        }
        let n = model.iter().filter(|b| **b).count();
        prop_assert_eq!(l.threads(Kind::Trace), n);
        prop_assert_eq!(m.get_events(ToolId::LEGACY_TRACE).is_empty(), n == 0);
        prop_assert_eq!(m.is_active(), n != 0);
    }
}
