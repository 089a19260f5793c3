//! `cpython/pystate.h`: walking the thread states.

use crate::export;
use ophis_core::runtime::thread::{InterpreterState, ThreadState};

export! {
    /// `PyThreadState_EnterTracing(ts)`: raises the thread's tracing depth
    /// (no events while raised); nothing for NULL.
    fn PyThreadState_EnterTracing(ts: *mut ThreadState) {
        if !ts.is_null() { (*ts).tracing.raise() }
    }
}
export! {
    /// `PyThreadState_LeaveTracing(ts)`: lowers it again.
    fn PyThreadState_LeaveTracing(ts: *mut ThreadState) {
        if !ts.is_null() { (*ts).tracing.lower() }
    }
}
export! {
    /// `PyInterpreterState_ThreadHead`.
    fn PyInterpreterState_ThreadHead(interp: *mut InterpreterState) -> *mut ThreadState {
        if interp.is_null() { return std::ptr::null_mut(); }
        (*interp).tstate_head
    }
}
export! {
    /// `PyThreadState_Next`.
    fn PyThreadState_Next(ts: *mut ThreadState) -> *mut ThreadState {
        if ts.is_null() { return std::ptr::null_mut(); }
        (*ts).next
    }
}
