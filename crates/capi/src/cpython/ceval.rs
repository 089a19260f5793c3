//! `cpython/ceval.h`: the profile and trace hooks, for one thread and for
//! all threads (the mechanism is `ophis_core::code::instrument`).

use crate::export;
use ophis_core::code::instrument::Kind;
use ophis_core::code::instrument::{self, TraceFunc};
use ophis_core::objects::object::PyObject;
use ophis_core::runtime::thread;

export! {
    /// `PyEval_SetProfile(func, obj)`: the calling thread's profile hook
    /// (removed by a NULL `func`; `obj` is kept either way).
    fn PyEval_SetProfile(func: Option<TraceFunc>, obj: *mut PyObject) {
        let ts = thread::attached_or_fatal("PyEval_SetProfile");
        instrument::set_hook_reporting(ts, Kind::Profile, func, obj)
    }
}
export! {
    /// `PyEval_SetTrace(func, obj)`: the calling thread's trace hook.
    fn PyEval_SetTrace(func: Option<TraceFunc>, obj: *mut PyObject) {
        let ts = thread::attached_or_fatal("PyEval_SetTrace");
        instrument::set_hook_reporting(ts, Kind::Trace, func, obj)
    }
}
export! {
    /// `PyEval_SetProfileAllThreads(func, obj)`: the profile hook of every
    /// thread state of the interpreter as it stands.
    fn PyEval_SetProfileAllThreads(func: Option<TraceFunc>, obj: *mut PyObject) {
        thread::attached_or_fatal("PyEval_SetProfileAllThreads");
        instrument::set_hook_all_threads(Kind::Profile, func, obj)
    }
}
export! {
    /// `PyEval_SetTraceAllThreads(func, obj)`: the trace hook of every
    /// thread state of the interpreter as it stands.
    fn PyEval_SetTraceAllThreads(func: Option<TraceFunc>, obj: *mut PyObject) {
        thread::attached_or_fatal("PyEval_SetTraceAllThreads");
        instrument::set_hook_all_threads(Kind::Trace, func, obj)
    }
}
