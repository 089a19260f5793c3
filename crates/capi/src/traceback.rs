//! `traceback.h`: `PyTraceBack_Here`, `PyTraceBack_Print` (the type is a
//! data object of the C shim).

use crate::boundary::*;
use crate::export;
use ophis_core::code::traceback;
use ophis_core::objects::object::PyObject;
use std::ffi::c_int;

export! {
    /// `PyTraceBack_Here(frame)`: 0, or -1 with an exception.
    fn PyTraceBack_Here(frame: *mut PyObject) -> c_int { status(traceback::here(frame)) }
}
export! {
    /// `PyTraceBack_Print(tb, file)`: 0, or -1 with an exception.
    fn PyTraceBack_Print(tb: *mut PyObject, file: *mut PyObject) -> c_int {
        status(traceback::print(tb, file))
    }
}
