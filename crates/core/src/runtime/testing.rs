//! Test support: starts the runtime once per process and runs test bodies
//! attached to it, from whichever thread the test harness uses.

use crate::{runtime::lifecycle, runtime::thread};
use std::sync::Once;

static INIT: Once = Once::new();

/// Runs `f` with the runtime initialized and a thread state attached.
pub fn with_runtime<T>(f: impl FnOnce() -> T) -> T {
    INIT.call_once(|| {
        lifecycle::initialize(None);
        thread::detach();
    });
    /// Releases the GIL even when the test body panics, so that one
    /// failing test does not leave the others waiting for it forever.
    struct Release(Option<i32>);
    impl Drop for Release {
        fn drop(&mut self) {
            if let Some(g) = self.0.take() {
                thread::gilstate_release(g);
            }
        }
    }
    let _g = Release(Some(thread::gilstate_ensure()));
    f()
}
