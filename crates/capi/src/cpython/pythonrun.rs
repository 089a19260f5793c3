//! `cpython/pythonrun.h`: `Py_CompileStringExFlags` and
//! `Py_CompileStringObject`.

use crate::boundary::*;
use crate::export;
use crate::pythonrun::{compile, PyCompilerFlags};
use ophis_core::objects::object::PyObject;
use ophis_core::objects::unicode;
use std::ffi::{c_char, c_int, CStr};

export! {
    /// `Py_CompileStringObject(str, filename, start, flags, optimize)`:
    /// a code object, or NULL with `SyntaxError` (or a subclass) set.
    fn Py_CompileStringObject(src: *const c_char, filename: *mut PyObject, start: c_int,
        flags: *mut PyCompilerFlags, optimize: c_int) -> *mut PyObject {
        compile(src, filename, start, flags, optimize)
    }
}
export! {
    /// `Py_CompileStringExFlags(str, filename, start, flags, optimize)`:
    /// the file name decoded from UTF-8.
    fn Py_CompileStringExFlags(src: *const c_char, filename: *const c_char, start: c_int,
        flags: *mut PyCompilerFlags, optimize: c_int) -> *mut PyObject {
        if src.is_null() || filename.is_null() { return bad_call(); }
        let Ok(f) = unicode::from_utf8(CStr::from_ptr(filename).to_bytes()) else {
            return std::ptr::null_mut();
        };
        compile(src, f.as_ptr(), start, flags, optimize)
    }
}
