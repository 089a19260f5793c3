//! Test support: starts the runtime once per process and runs test bodies
//! attached to it, from whichever thread the test harness uses.

use crate::{runtime, thread};
use std::sync::Once;

static INIT: Once = Once::new();

/// Runs `f` with the runtime initialized and a thread state attached.
pub fn with_runtime<T>(f: impl FnOnce() -> T) -> T {
    INIT.call_once(|| {
        runtime::initialize(None);
        thread::detach();
    });
    let g = thread::gilstate_ensure();
    let r = f();
    thread::gilstate_release(g);
    r
}
