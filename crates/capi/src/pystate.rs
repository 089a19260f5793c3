//! `pystate.h` and the GIL parts of `ceval.h`: thread states and
//! attaching/detaching threads.

use crate::export;
use ophis_core::objects::object::PyObject;
use ophis_core::runtime::lifecycle;
use ophis_core::runtime::thread::{self, InterpreterState, ThreadState};
use std::ffi::c_int;

/// NULL passed for a thread state (CPython crashes): `SystemError` and the
/// error value when the caller has a thread state to carry the exception,
/// else a fatal error naming the function.
fn null_thread_state<R: crate::boundary::CReturn>(func: &str) -> R {
    if thread::current().is_null() {
        lifecycle::fatal(func, "NULL thread state");
    }
    let _ = ophis_core::runtime::err::system_error(&format!("{func}: NULL thread state"));
    R::error()
}

export! {
    /// `PyThreadState_Get`: fatal without an attached thread state.
    fn PyThreadState_Get() -> *mut ThreadState { thread::current_or_fatal("PyThreadState_Get") }
}
export! {
    /// `PyThreadState_GetInterpreter`.
    fn PyThreadState_GetInterpreter(ts: *mut ThreadState) -> *mut InterpreterState {
        if ts.is_null() { return null_thread_state("PyThreadState_GetInterpreter"); }
        (*ts).interp
    }
}
export! {
    /// `PyThreadState_GetID`.
    fn PyThreadState_GetID(ts: *mut ThreadState) -> u64 {
        if ts.is_null() { return null_thread_state("PyThreadState_GetID"); }
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
    /// `PyInterpreterState_GetID`: 0 for the one interpreter;
    /// `RuntimeError` for NULL.
    fn PyInterpreterState_GetID(interp: *mut InterpreterState) -> i64 {
        if interp.is_null() {
            let _ = ophis_core::runtime::err::raise(ophis_core::objects::exceptions::Exc::RuntimeError, "no interpreter provided");
            return -1;
        }
        0
    }
}
export! {
    /// `_PyThreadState_UncheckedGet`: the attached thread state, or NULL.
    fn _PyThreadState_UncheckedGet() -> *mut ThreadState { thread::current() }
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
export! {
    /// `PyInterpreterState_GetDict`: the interpreter's dict for extensions
    /// (borrowed, made on first use); NULL without an exception when it
    /// cannot be made.
    fn PyInterpreterState_GetDict(interp: *mut InterpreterState) -> *mut PyObject {
        if interp.is_null() {
            return std::ptr::null_mut();
        }
        if (*interp).dict.is_null() {
            match ophis_core::objects::dict::new() {
                Ok(d) => (*interp).dict = d.into_raw(),
                Err(_) => ophis_core::runtime::err::clear(),
            }
        }
        (*interp).dict
    }
}
