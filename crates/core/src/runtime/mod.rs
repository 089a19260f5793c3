//! The runtime underneath the objects (CPython's `Python/` support files):
//! start-up and teardown, memory and allocation, garbage-collector
//! bookkeeping, the error indicator and reporting, thread states and the GIL,
//! watchers, and test and fuzz support.

pub mod alloc;
pub mod audit;
pub mod err;
pub mod eval_breaker;
#[cfg(test)]
mod fuzz_formats;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
pub mod gc;
pub mod lifecycle;
pub mod mem;
pub mod obmalloc;
pub mod pmutex;
pub mod pythread;
pub mod report;
pub mod signals;
pub mod testing;
pub mod thread;
pub mod watchers;
