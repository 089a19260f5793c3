//! `cpython/pythonrun.h`: `Py_CompileStringExFlags` and
//! `Py_CompileStringObject`.

use crate::boundary::*;
use crate::export;
use crate::pythonrun::{compile, PyCompilerFlags};
use ophis_core::code::pythonrun::{self, FILE_INPUT};
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
export! {
    /// `PyRun_StringFlags(str, start, globals, locals, flags)`: the
    /// result of running the source (None for `Py_file_input`), or NULL
    /// with the exception set.
    fn PyRun_StringFlags(src: *const c_char, start: c_int, globals: *mut PyObject,
        locals: *mut PyObject, flags: *mut PyCompilerFlags) -> *mut PyObject {
        if src.is_null() { return bad_call(); }
        let cf = if flags.is_null() { 0 } else { (*flags).cf_flags };
        let mut merged = cf;
        let r = pythonrun::run_string(CStr::from_ptr(src).to_bytes(), start, globals, locals,
            cf, &mut merged);
        if !flags.is_null() { (*flags).cf_flags = merged; }
        obj(r)
    }
}
export! {
    /// `PyRun_SimpleStringFlags(command, flags)`: runs the source in
    /// `__main__`'s namespace; on an exception prints it (`PyErr_Print`)
    /// and returns -1.
    fn PyRun_SimpleStringFlags(src: *const c_char, flags: *mut PyCompilerFlags) -> c_int {
        if src.is_null() { return bad_call(); }
        let r = (|| {
            let name = unicode::from_str("__main__")?;
            let m = ophis_core::objects::moduledef::add_module(name.as_ptr())?;
            let d = ophis_core::objects::module::dict_of(m);
            let cf = if flags.is_null() { 0 } else { (*flags).cf_flags };
            let mut merged = cf;
            pythonrun::run_string(CStr::from_ptr(src).to_bytes(), FILE_INPUT, d, d, cf,
                &mut merged)
        })();
        match r {
            Ok(_) => 0,
            Err(_) => {
                ophis_core::runtime::report::print_ex(true);
                -1
            }
        }
    }
}
export! {
    /// `PyEval_EvalCode(code, globals, locals)`: new reference.
    fn PyEval_EvalCode(code: *mut PyObject, globals: *mut PyObject,
        locals: *mut PyObject) -> *mut PyObject {
        obj(ophis_core::code::ceval::eval_code(code, globals, locals))
    }
}
