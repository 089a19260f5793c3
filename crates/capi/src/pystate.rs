//! `pystate.h` and the GIL parts of `ceval.h`: thread states and
//! attaching/detaching threads.

use crate::export;
use ophis_core::runtime;
use ophis_core::thread::{self, InterpreterState, ThreadState};
use std::ffi::c_int;

export! {
    /// `PyThreadState_Get`: fatal without an attached thread state.
    fn PyThreadState_Get() -> *mut ThreadState { thread::current_or_fatal("PyThreadState_Get") }
}
export! {
    /// `PyThreadState_GetInterpreter`.
    fn PyThreadState_GetInterpreter(ts: *mut ThreadState) -> *mut InterpreterState {
        if ts.is_null() { runtime::fatal("PyThreadState_GetInterpreter", "NULL thread state"); }
        (*ts).interp
    }
}
export! {
    /// `PyThreadState_GetID`.
    fn PyThreadState_GetID(ts: *mut ThreadState) -> u64 {
        if ts.is_null() { runtime::fatal("PyThreadState_GetID", "NULL thread state"); }
        (*ts).id
    }
}
export! {
    /// `PyInterpreterState_Get`: fatal without an attached thread state.
    fn PyInterpreterState_Get() -> *mut InterpreterState {
        (*thread::current_or_fatal("PyInterpreterState_Get")).interp
    }
}
export! {
    /// `PyGILState_Ensure`.
    fn PyGILState_Ensure() -> c_int { thread::gilstate_ensure() }
}
export! {
    /// `PyGILState_Release`.
    fn PyGILState_Release(state: c_int) { thread::gilstate_release(state) }
}
export! {
    /// `PyGILState_Check`.
    fn PyGILState_Check() -> c_int { c_int::from(thread::gilstate_check()) }
}
export! {
    /// `PyEval_SaveThread`.
    fn PyEval_SaveThread() -> *mut ThreadState { thread::detach() }
}
export! {
    /// `PyEval_RestoreThread`.
    fn PyEval_RestoreThread(ts: *mut ThreadState) { thread::attach(ts) }
}
