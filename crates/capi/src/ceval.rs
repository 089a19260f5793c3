//! `ceval.h`: the C recursion guard (the GIL functions live with the
//! thread states in `pystate.rs`).

use crate::boundary::*;
use crate::export;
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
