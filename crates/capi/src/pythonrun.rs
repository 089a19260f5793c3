//! `pythonrun.h`: compiling source from C (`Py_CompileString`; the
//! `cpython/pythonrun.h` forms are in [`crate::cpython::pythonrun`]).
//! Reporting exceptions lives in `pyerrors.rs`.

use crate::boundary::*;
use crate::export;
use ophis_core::code::pythonrun::{self, Request};
use ophis_core::objects::object::PyObject;
use ophis_core::objects::unicode;
use std::ffi::{c_char, c_int, CStr};

/// `PyCompilerFlags` (3.12).
#[repr(C)]
pub struct PyCompilerFlags {
    /// `PyCF_*` and `CO_FUTURE_*` bits.
    pub cf_flags: c_int,
    /// The minor version for `PyCF_ONLY_AST` parsing (unused).
    pub cf_feature_version: c_int,
}

/// The shared body: `str` a NUL-terminated source, `filename` a live str.
///
/// # Safety
/// `src` NULL or NUL-terminated; `filename` live; `flags` NULL or valid.
pub(crate) unsafe fn compile(
    src: *const c_char,
    filename: *mut PyObject,
    start: c_int,
    flags: *mut PyCompilerFlags,
    optimize: c_int,
) -> *mut PyObject {
    // SAFETY: the caller's contract.
    unsafe {
        if src.is_null() || filename.is_null() || !unicode::check(filename) {
            return bad_call();
        }
        let cf = if flags.is_null() {
            0
        } else {
            (*flags).cf_flags
        };
        let mut merged = cf;
        let r = pythonrun::compile_source(
            &Request {
                source: CStr::from_ptr(src).to_bytes(),
                filename,
                start,
                flags: cf,
                optimize,
            },
            &mut merged,
        );
        if r.is_ok() && !flags.is_null() {
            // CPython writes the source's future features back.
            (*flags).cf_flags = merged;
        }
        obj(r)
    }
}

export! {
    /// `Py_CompileString(str, filename, start)` (a macro in the full API,
    /// a function in the stable ABI).
    fn Py_CompileString(src: *const c_char, filename: *const c_char, start: c_int) -> *mut PyObject {
        if src.is_null() || filename.is_null() { return bad_call(); }
        let Ok(f) = unicode::from_utf8(CStr::from_ptr(filename).to_bytes()) else {
            return std::ptr::null_mut();
        };
        compile(src, f.as_ptr(), start, std::ptr::null_mut(), -1)
    }
}
