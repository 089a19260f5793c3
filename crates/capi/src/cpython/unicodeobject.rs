//! `cpython/unicodeobject.h`.

use crate::boundary::{obj, value};
use crate::export;
use ophis_core::objects::object::{PyObject, Py_ssize_t};
use ophis_core::objects::unicode::Py_UCS4;
use ophis_core::{objects::unicode, runtime::err};
use std::ffi::{c_char, c_int, c_void};

export! {
    /// `PyUnicode_AsUTF8`: a pointer into the string itself.
    fn PyUnicode_AsUTF8(op: *mut PyObject) -> *const c_char {
        if op.is_null() || !unicode::check(op) {
            let _ = err::bad_argument_type();
            return std::ptr::null();
        }
        match unicode::utf8(op) {
            Ok(p) => p as *const c_char,
            Err(_) => std::ptr::null(),
        }
    }
}
export! {
    /// `PyUnicode_New`: a string of `size` characters up to `maxchar` for
    /// the caller to fill (zeroed in Ophis).
    fn PyUnicode_New(size: Py_ssize_t, maxchar: Py_UCS4) -> *mut PyObject {
        obj(unicode::new_for_writing(size, maxchar))
    }
}
export! {
    /// `PyUnicode_FromKindAndData`: the canonical (narrowest) string of
    /// `size` characters of `kind` bytes.
    fn PyUnicode_FromKindAndData(kind: c_int, buffer: *const c_void, size: Py_ssize_t) -> *mut PyObject {
        obj(unicode::from_kind_and_data(kind, buffer as *const u8, size))
    }
}
export! {
    /// `PyUnicode_CopyCharacters`: the number of characters copied, -1 on
    /// error.
    fn PyUnicode_CopyCharacters(to: *mut PyObject, to_start: Py_ssize_t, from: *mut PyObject, from_start: Py_ssize_t, how_many: Py_ssize_t) -> Py_ssize_t {
        if to.is_null() || from.is_null() { let _ = err::bad_argument(); return -1; }
        value(unicode::copy_characters(to, to_start, from, from_start, how_many))
    }
}
export! {
    /// `_PyUnicode_FastCopyCharacters`: `PyUnicode_CopyCharacters` for
    /// callers that checked the ranges (an error is left set rather than
    /// reported).
    fn _PyUnicode_FastCopyCharacters(to: *mut PyObject, to_start: Py_ssize_t, from: *mut PyObject, from_start: Py_ssize_t, how_many: Py_ssize_t) {
        if to.is_null() || from.is_null() { let _ = err::bad_argument(); return; }
        let _ = unicode::copy_characters(to, to_start, from, from_start, how_many);
    }
}
export! {
    /// `PyUnicode_Fill`: the number of characters written, -1 on error.
    fn PyUnicode_Fill(op: *mut PyObject, start: Py_ssize_t, length: Py_ssize_t, c: Py_UCS4) -> Py_ssize_t {
        if op.is_null() { let _ = err::bad_argument(); return -1; }
        value(unicode::fill(op, start, length, c))
    }
}
