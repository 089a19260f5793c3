//! `cpython/code.h`: code objects.

use crate::boundary::*;
use crate::export;
use ophis_core::code::codeobject::{self, CodeArgs};
use ophis_core::objects::object::PyObject;
use std::ffi::{c_char, c_int, CStr};

unsafe fn code_new(a: CodeArgs) -> *mut PyObject {
    // SAFETY: the C caller passes NULL or live objects.
    obj(unsafe { codeobject::new(&a) })
}

export! {
    /// `PyUnstable_Code_New` (3.12 signature).
    fn PyUnstable_Code_New(argcount: c_int, kwonlyargcount: c_int, nlocals: c_int, stacksize: c_int,
        flags: c_int, code: *mut PyObject, consts: *mut PyObject, names: *mut PyObject,
        varnames: *mut PyObject, freevars: *mut PyObject, cellvars: *mut PyObject,
        filename: *mut PyObject, name: *mut PyObject, qualname: *mut PyObject, firstlineno: c_int,
        linetable: *mut PyObject, exceptiontable: *mut PyObject) -> *mut PyObject {
        code_new(CodeArgs { argcount, posonlyargcount: 0, kwonlyargcount, nlocals, stacksize, flags,
            code, consts, names, varnames, freevars, cellvars, filename, name, qualname,
            firstlineno, linetable, exceptiontable })
    }
}
export! {
    /// `PyUnstable_Code_NewWithPosOnlyArgs` (3.12 signature).
    fn PyUnstable_Code_NewWithPosOnlyArgs(argcount: c_int, posonlyargcount: c_int,
        kwonlyargcount: c_int, nlocals: c_int, stacksize: c_int, flags: c_int,
        code: *mut PyObject, consts: *mut PyObject, names: *mut PyObject,
        varnames: *mut PyObject, freevars: *mut PyObject, cellvars: *mut PyObject,
        filename: *mut PyObject, name: *mut PyObject, qualname: *mut PyObject, firstlineno: c_int,
        linetable: *mut PyObject, exceptiontable: *mut PyObject) -> *mut PyObject {
        code_new(CodeArgs { argcount, posonlyargcount, kwonlyargcount, nlocals, stacksize, flags,
            code, consts, names, varnames, freevars, cellvars, filename, name, qualname,
            firstlineno, linetable, exceptiontable })
    }
}
export! {
    /// `PyCode_NewEmpty(filename, funcname, firstlineno)`.
    fn PyCode_NewEmpty(filename: *const c_char, funcname: *const c_char, firstlineno: c_int) -> *mut PyObject {
        if filename.is_null() || funcname.is_null() { return bad_call(); }
        obj(codeobject::new_empty(CStr::from_ptr(filename).to_bytes(), CStr::from_ptr(funcname).to_bytes(), firstlineno))
    }
}

macro_rules! cached_getter {
    ($name:ident, $field:ident) => {
        export! {
            #[doc = concat!("`", stringify!($name), "`: a new reference.")]
            fn $name(c: *mut PyObject) -> *mut PyObject {
                if c.is_null() || !codeobject::check(c) { return bad_call(); }
                codeobject::get_cached(c, |k| k.$field)
            }
        }
    };
}
cached_getter!(PyCode_GetCode, code);
cached_getter!(PyCode_GetVarnames, varnames);
cached_getter!(PyCode_GetCellvars, cellvars);
cached_getter!(PyCode_GetFreevars, freevars);
export! {
    /// `PyCode_AddWatcher`: the lowest free id, or -1 with `RuntimeError`
    /// (all 8 taken) or `ValueError` (a NULL callback, which would crash
    /// CPython at the next code object).
    fn PyCode_AddWatcher(cb: Option<ophis_core::runtime::watchers::CodeWatchCallback>) -> c_int {
        ophis_core::runtime::watchers::code_add_watcher(cb).unwrap_or(-1)
    }
}
export! {
    /// `PyCode_ClearWatcher`.
    fn PyCode_ClearWatcher(id: c_int) -> c_int { status(ophis_core::runtime::watchers::code_clear_watcher(id)) }
}
export! {
    /// `PyCode_Addr2Line(code, byte_offset)`.
    fn PyCode_Addr2Line(code: *mut PyObject, addr: c_int) -> c_int {
        if code.is_null() || !codeobject::check(code) { return bad_call(); }
        codeobject::addr2line(code, addr)
    }
}
export! {
    /// `PyCode_Addr2Location(code, byte_offset, &line, &column, &end_line,
    /// &end_column)`: 1, with -1 for what the location table does not
    /// give; 0 with `SystemError` for a NULL or non-code object or a NULL
    /// output pointer.
    fn PyCode_Addr2Location(code: *mut PyObject, addr: c_int, start_line: *mut c_int,
        start_column: *mut c_int, end_line: *mut c_int, end_column: *mut c_int) -> c_int {
        if code.is_null() || !codeobject::check(code) || start_line.is_null()
            || start_column.is_null() || end_line.is_null() || end_column.is_null() {
            let _ = ophis_core::runtime::err::bad_argument();
            return 0;
        }
        let (l, c, el, ec) = codeobject::addr2location(code, addr);
        *start_line = l;
        *start_column = c;
        *end_line = el;
        *end_column = ec;
        1
    }
}
