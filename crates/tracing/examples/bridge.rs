//! Bridges monitoring events into `tracing`: a tool registers a callback
//! that forwards every event to `ophis_tracing::bridge::emit`, a small
//! subscriber prints the spans and events, and a simulated run of
//! `f()` calling `g()` drives the events as an evaluator would.
//!
//! `cargo run -p ophis-tracing --example bridge --features tracing`

use ophis_tracing::bridge::{self, Site};
use ophis_tracing::{Disposition, Event, EventSet, Monitoring, SetError, ToolId};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event as TEvent, Metadata, Subscriber};

/// Prints spans and events, indented by span depth.
struct Printer {
    next: AtomicU64,
    names: Mutex<Vec<(u64, String)>>,
    depth: Mutex<usize>,
    lines: Mutex<Vec<String>>,
}

struct Fields(String);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={:?}", field.name(), value));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push_str(&format!(" {}={}", field.name(), value));
    }
}

impl Printer {
    fn say(&self, s: String) {
        let d = *self.depth.lock().unwrap();
        let line = format!("{}{s}", "  ".repeat(d));
        println!("{line}");
        self.lines.lock().unwrap().push(line);
    }
}

impl Subscriber for Printer {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let mut f = Fields(String::new());
        span.record(&mut f);
        self.names
            .lock()
            .unwrap()
            .push((id, format!("{}{}", span.metadata().name(), f.0)));
        Id::from_u64(id)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &TEvent<'_>) {
        let mut f = Fields(String::new());
        event.record(&mut f);
        self.say(format!("event{}", f.0));
    }
    fn enter(&self, span: &Id) {
        let name = self
            .names
            .lock()
            .unwrap()
            .iter()
            .find(|(i, _)| *i == span.into_u64())
            .map(|(_, n)| n.clone())
            .unwrap_or_default();
        self.say(format!("enter {name}"));
        *self.depth.lock().unwrap() += 1;
    }
    fn exit(&self, _: &Id) {
        *self.depth.lock().unwrap() -= 1;
        self.say("exit".into());
    }
}

/// The callback the tool registers: forwards to the bridge.
struct Forward;

impl Forward {
    fn call(&self, site: &Site<'_>) -> Disposition {
        bridge::emit(site)
    }
}

static FORWARD: Forward = Forward;

type Cb = &'static Forward;

fn main() {
    let printer = std::sync::Arc::new(Printer {
        next: AtomicU64::new(0),
        names: Mutex::new(vec![]),
        depth: Mutex::new(0),
        lines: Mutex::new(vec![]),
    });
    let dispatch = tracing::Dispatch::from(printer.clone());
    let mon: Monitoring<Cb> = Monitoring::new();
    let tool = ToolId::PROFILER;
    mon.use_tool_id(tool, "bridge").unwrap();
    let events = [Event::PyStart, Event::PyReturn, Event::Line, Event::Call];
    for e in events {
        mon.register_callback(tool, e, Some(&FORWARD));
    }
    mon.set_events(tool, EventSet::of(&events)).unwrap();

    // A simulated run: f() on line 1 calls g() on line 2, which returns.
    let run: [(Event, &str, i32); 7] = [
        (Event::PyStart, "f", 1),
        (Event::Line, "f", 2),
        (Event::Call, "f", 2),
        (Event::PyStart, "g", 5),
        (Event::Line, "g", 6),
        (Event::PyReturn, "g", 6),
        (Event::PyReturn, "f", 2),
    ];
    tracing::dispatcher::with_default(&dispatch, || {
        for (event, code, line) in run {
            let r: Result<(), SetError> = mon.dispatch(event, None, 0, |tool, cb| {
                let site = Site {
                    tool,
                    event,
                    code,
                    file: "demo.py",
                    line,
                };
                Ok(cb.map_or(Disposition::Keep, |cb| cb.call(&site)))
            });
            r.unwrap();
        }
    });
    assert_eq!(bridge::depth(), 0);
    let lines = printer.lines.lock().unwrap();
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("enter py_frame"))
            .count(),
        2
    );
    assert!(lines
        .iter()
        .any(|l| l.contains("event=LINE") && l.contains("line=6")));
    println!("bridge: {} lines, spans balanced", lines.len());
}
