//! Monitoring events as `tracing` spans and events (feature `tracing`),
//! for Rust subscribers: a frame's start or resume opens and enters a
//! span `py_frame` (fields `code`, `file`, `line`), its return, yield or
//! unwind emits an event and leaves the span, and every other event is a
//! `TRACE` event with its name and line. Spans nest per thread as the
//! frames do.
//!
//! A runtime calls [`emit`] from a callback registered for the events it
//! wants bridged (typically on a free tool id); see `examples/bridge.rs`.

use crate::{Disposition, Event, ToolId};
use std::cell::RefCell;

/// Where an event happened.
#[derive(Debug, Clone, Copy)]
pub struct Site<'a> {
    /// The tool the event is delivered to.
    pub tool: ToolId,
    /// The event.
    pub event: Event,
    /// The code's (qualified) name.
    pub code: &'a str,
    /// The code's file name.
    pub file: &'a str,
    /// The line, or -1.
    pub line: i32,
}

thread_local! {
    static FRAMES: RefCell<Vec<tracing::span::EnteredSpan>> = const { RefCell::new(Vec::new()) };
}

/// Turns one event into `tracing` spans and events. Always keeps the
/// event on ([`Disposition::Keep`]).
pub fn emit(site: &Site<'_>) -> Disposition {
    match site.event {
        Event::PyStart | Event::PyResume | Event::PyThrow => {
            let span = tracing::trace_span!(
                target: "ophis::monitoring",
                "py_frame",
                code = site.code,
                file = site.file,
                line = site.line,
            );
            FRAMES.with(|f| f.borrow_mut().push(span.entered()));
        }
        Event::PyReturn | Event::PyYield | Event::PyUnwind => {
            tracing::trace!(
                target: "ophis::monitoring",
                event = site.event.name(),
                code = site.code,
                line = site.line,
                tool = site.tool.get(),
            );
            FRAMES.with(|f| drop(f.borrow_mut().pop()));
        }
        _ => {
            tracing::trace!(
                target: "ophis::monitoring",
                event = site.event.name(),
                code = site.code,
                line = site.line,
                tool = site.tool.get(),
            );
        }
    }
    Disposition::Keep
}

/// How many bridged frames are open on this thread.
pub fn depth() -> usize {
    FRAMES.with(|f| f.borrow().len())
}
