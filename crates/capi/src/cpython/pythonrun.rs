//! `cpython/pythonrun.h`: `Py_CompileStringExFlags` and
//! `Py_CompileStringObject`.

use crate::boundary::*;
use crate::export;
use crate::pythonrun::{compile, PyCompilerFlags};
use ophis_core::code::pythonrun::{self, FILE_INPUT};
use ophis_core::objects::object::PyObject;
use ophis_core::objects::unicode;
use std::ffi::{c_char, c_int, c_void, CStr};

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

extern "C" {
    fn fread(ptr: *mut c_void, size: usize, n: usize, fp: *mut c_void) -> usize;
    fn fclose(fp: *mut c_void) -> c_int;
    fn fileno(fp: *mut c_void) -> c_int;
    fn isatty(fd: c_int) -> c_int;
}

/// The rest of the C stream `fp`, closed afterwards when `closeit`.
unsafe fn read_stream(fp: *mut c_void, closeit: c_int) -> Vec<u8> {
    // SAFETY: `fp` a readable `FILE *` (the caller's contract).
    unsafe {
        let mut out = Vec::new();
        let mut buf = [0u8; 8192];
        loop {
            let n = fread(buf.as_mut_ptr() as *mut c_void, 1, buf.len(), fp);
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        if closeit != 0 {
            fclose(fp);
        }
        out
    }
}

/// The flags' `cf_flags` (0 without flags).
unsafe fn cf_of(flags: *mut PyCompilerFlags) -> c_int {
    // SAFETY: NULL or valid.
    unsafe {
        if flags.is_null() {
            0
        } else {
            (*flags).cf_flags
        }
    }
}

export! {
    /// `PyRun_FileExFlags(fp, filename, start, globals, locals, closeit,
    /// flags)`: the rest of `fp` compiled as `filename` and run.
    fn PyRun_FileExFlags(fp: *mut c_void, filename: *const c_char, start: c_int,
        globals: *mut PyObject, locals: *mut PyObject, closeit: c_int,
        flags: *mut PyCompilerFlags) -> *mut PyObject {
        if fp.is_null() || filename.is_null() { return bad_call(); }
        let src = read_stream(fp, closeit);
        let r = ophis_core::objects::codecs::decode_fs(CStr::from_ptr(filename).to_bytes()).and_then(|f| {
            let mut merged = cf_of(flags);
            let r = pythonrun::run_source(&src, f.as_ptr(), start, globals, locals, cf_of(flags),
                &mut merged);
            if r.is_ok() && !flags.is_null() { (*flags).cf_flags = merged; }
            r
        });
        obj(r)
    }
}
export! {
    /// `PyRun_SimpleFileExFlags(fp, filename, closeit, flags)`: runs the
    /// file in `__main__` (with `__file__` set while it runs, if it was
    /// not); prints an exception and returns -1.
    fn PyRun_SimpleFileExFlags(fp: *mut c_void, filename: *const c_char, closeit: c_int,
        flags: *mut PyCompilerFlags) -> c_int {
        if fp.is_null() || filename.is_null() { return bad_call(); }
        let src = read_stream(fp, closeit);
        let r = (|| {
            let name = unicode::from_str("__main__")?;
            let m = ophis_core::objects::moduledef::add_module(name.as_ptr())?;
            let d = ophis_core::objects::module::dict_of(m);
            let f = ophis_core::objects::codecs::decode_fs(CStr::from_ptr(filename).to_bytes())?;
            let file_key = unicode::intern("__file__")?;
            let cached_key = unicode::intern("__cached__")?;
            let set_file = ophis_core::objects::dict::get(d, file_key.as_ptr())?.is_none();
            if set_file {
                ophis_core::objects::dict::set(d, file_key.as_ptr(), f.as_ptr())?;
                ophis_core::objects::dict::set(d, cached_key.as_ptr(),
                    ophis_core::runtime::lifecycle::none())?;
            }
            let mut merged = cf_of(flags);
            let r = pythonrun::run_source(&src, f.as_ptr(), FILE_INPUT, d, d, cf_of(flags),
                &mut merged);
            if set_file {
                let saved = ophis_core::runtime::err::take();
                let _ = ophis_core::objects::dict::del(d, file_key.as_ptr());
                let _ = ophis_core::objects::dict::del(d, cached_key.as_ptr());
                ophis_core::runtime::err::clear();
                ophis_core::runtime::err::restore(saved);
            }
            r
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
    /// `PyRun_AnyFileExFlags(fp, filename, closeit, flags)`: a file as
    /// `PyRun_SimpleFileExFlags`; an interactive terminal (`<stdin>` or
    /// `???` on a tty) needs the interactive loop, which Ophis does not
    /// have yet (`SystemError`, -1).
    fn PyRun_AnyFileExFlags(fp: *mut c_void, filename: *const c_char, closeit: c_int,
        flags: *mut PyCompilerFlags) -> c_int {
        if fp.is_null() { return bad_call(); }
        let name: &[u8] = if filename.is_null() { b"???" } else { CStr::from_ptr(filename).to_bytes() };
        if isatty(fileno(fp)) != 0 && (name == b"<stdin>" || name == b"???") {
            let _ = ophis_core::runtime::err::system_error(
                "Ophis has no interactive loop yet (PyRun_InteractiveLoop)");
            return -1;
        }
        let fname = if filename.is_null() { c"???".as_ptr() } else { filename };
        PyRun_SimpleFileExFlags(fp, fname, closeit, flags)
    }
}
export! {
    /// `PyRun_File(fp, filename, start, globals, locals)`.
    fn PyRun_File(fp: *mut c_void, filename: *const c_char, start: c_int,
        globals: *mut PyObject, locals: *mut PyObject) -> *mut PyObject {
        PyRun_FileExFlags(fp, filename, start, globals, locals, 0, std::ptr::null_mut())
    }
}
export! {
    /// `PyRun_FileEx(fp, filename, start, globals, locals, closeit)`.
    fn PyRun_FileEx(fp: *mut c_void, filename: *const c_char, start: c_int,
        globals: *mut PyObject, locals: *mut PyObject, closeit: c_int) -> *mut PyObject {
        PyRun_FileExFlags(fp, filename, start, globals, locals, closeit, std::ptr::null_mut())
    }
}
export! {
    /// `PyRun_FileFlags(fp, filename, start, globals, locals, flags)`.
    fn PyRun_FileFlags(fp: *mut c_void, filename: *const c_char, start: c_int,
        globals: *mut PyObject, locals: *mut PyObject, flags: *mut PyCompilerFlags) -> *mut PyObject {
        PyRun_FileExFlags(fp, filename, start, globals, locals, 0, flags)
    }
}
export! {
    /// `PyRun_SimpleFile(fp, filename)`.
    fn PyRun_SimpleFile(fp: *mut c_void, filename: *const c_char) -> c_int {
        PyRun_SimpleFileExFlags(fp, filename, 0, std::ptr::null_mut())
    }
}
export! {
    /// `PyRun_SimpleFileEx(fp, filename, closeit)`.
    fn PyRun_SimpleFileEx(fp: *mut c_void, filename: *const c_char, closeit: c_int) -> c_int {
        PyRun_SimpleFileExFlags(fp, filename, closeit, std::ptr::null_mut())
    }
}
export! {
    /// `PyRun_AnyFile(fp, filename)`.
    fn PyRun_AnyFile(fp: *mut c_void, filename: *const c_char) -> c_int {
        PyRun_AnyFileExFlags(fp, filename, 0, std::ptr::null_mut())
    }
}
export! {
    /// `PyRun_AnyFileEx(fp, filename, closeit)`.
    fn PyRun_AnyFileEx(fp: *mut c_void, filename: *const c_char, closeit: c_int) -> c_int {
        PyRun_AnyFileExFlags(fp, filename, closeit, std::ptr::null_mut())
    }
}
export! {
    /// `PyRun_AnyFileFlags(fp, filename, flags)`.
    fn PyRun_AnyFileFlags(fp: *mut c_void, filename: *const c_char, flags: *mut PyCompilerFlags) -> c_int {
        PyRun_AnyFileExFlags(fp, filename, 0, flags)
    }
}
export! {
    /// `PyRun_String(str, start, globals, locals)` (also a macro).
    fn PyRun_String(src: *const c_char, start: c_int, globals: *mut PyObject,
        locals: *mut PyObject) -> *mut PyObject {
        PyRun_StringFlags(src, start, globals, locals, std::ptr::null_mut())
    }
}
export! {
    /// `PyRun_SimpleString(command)` (also a macro).
    fn PyRun_SimpleString(src: *const c_char) -> c_int {
        PyRun_SimpleStringFlags(src, std::ptr::null_mut())
    }
}
