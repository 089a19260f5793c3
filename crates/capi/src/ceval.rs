//! `ceval.h`: the C recursion guard and the running frame's namespaces
//! (`PyEval_EvalCode` is in `cpython/pythonrun.rs`, the GIL functions with
//! the thread states in `pystate.rs`).

use crate::boundary::*;
use crate::export;
use ophis_core::objects::object::PyObject;
use ophis_core::protocols::call;
use std::ffi::{c_char, c_int, CStr};

export! {
    /// `Py_EnterRecursiveCall(where)`: -1 with `RecursionError` when the C
    /// recursion limit (1500) is exceeded.
    fn Py_EnterRecursiveCall(where_: *const c_char) -> c_int {
        let w = if where_.is_null() { c"" } else { CStr::from_ptr(where_) };
        status(call::enter_recursive_call(w))
    }
}
export! {
    /// `Py_LeaveRecursiveCall`.
    fn Py_LeaveRecursiveCall() {
        call::leave_recursive_call()
    }
}
export! {
    /// `PyEval_GetBuiltins`: the running frame's builtins, else the
    /// interpreter's (borrowed).
    fn PyEval_GetBuiltins() -> *mut PyObject {
        let ts = ophis_core::runtime::thread::current();
        if !ts.is_null() && !(*ts).current_frame.is_null() {
            return (*(*ts).current_frame).f_builtins;
        }
        ophis_core::system::builtins::dict()
    }
}
export! {
    /// `PyEval_GetGlobals`: the running frame's globals (borrowed), NULL
    /// without an exception when no Python code runs.
    fn PyEval_GetGlobals() -> *mut PyObject {
        ophis_core::code::ceval::current_globals()
    }
}
export! {
    /// `PyEval_GetLocals`: the running frame's locals (borrowed: a
    /// module's namespace or the frame's snapshot dict); NULL with
    /// `SystemError` when no Python code runs.
    fn PyEval_GetLocals() -> *mut PyObject {
        match ophis_core::code::ceval::current_locals() {
            Ok(Some(l)) => l.as_ptr(),
            Ok(None) => {
                let _ = ophis_core::runtime::err::system_error("frame does not exist");
                std::ptr::null_mut()
            }
            Err(_) => std::ptr::null_mut(),
        }
    }
}
export! {
    /// `Py_AddPendingCall(func, arg)`: queues `func(arg)` to run on the main
    /// thread at its next check point; any thread may call it, GIL or not;
    /// -1 when the queue (32 calls) is full.
    fn Py_AddPendingCall(func: Option<unsafe extern "C" fn(*mut std::ffi::c_void) -> c_int>,
        arg: *mut std::ffi::c_void) -> c_int {
        match func {
            Some(f) => ophis_core::runtime::eval_breaker::add_pending_call(f, arg),
            None => -1,
        }
    }
}
export! {
    /// `Py_MakePendingCalls`: runs the queued calls now (main thread only);
    /// -1 with the exception of the first that failed.
    fn Py_MakePendingCalls() -> c_int {
        status(ophis_core::runtime::eval_breaker::make_pending_calls())
    }
}
