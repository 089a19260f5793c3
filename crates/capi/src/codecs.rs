//! `unicodeobject.h`: the codec functions (`PyUnicode_AsEncodedString`,
//! `PyUnicode_Decode`, the per-codec encoders and decoders) and the
//! file-system encoding (`PyUnicode_EncodeFSDefault`, `FSConverter`, ...).

use crate::boundary::*;
use crate::export;
use ophis_core::objects::codecs::{self, Codec, Order};
use ophis_core::objects::object::{Owned, PyObject, Py_ssize_t};
use ophis_core::{objects::bytes, objects::unicode, runtime::err};
use std::ffi::{c_char, c_int, CStr};
use std::ptr;

/// `Py_CLEANUP_SUPPORTED`: an `O&` converter's "call me again to clean up".
const CLEANUP_SUPPORTED: c_int = 0x20000;

/// A C string argument that may be NULL.
unsafe fn opt(p: *const c_char) -> Option<std::borrow::Cow<'static, str>> {
    // SAFETY: forwarded; the text is copied before the call returns when
    // it is not valid UTF-8, else borrowed for the call.
    (!p.is_null()).then(|| unsafe { CStr::from_ptr(p).to_string_lossy() })
}

/// The bytes of a `(s, size)` argument pair.
unsafe fn data<'a>(s: *const c_char, size: Py_ssize_t) -> Option<&'a [u8]> {
    if size < 0 || (s.is_null() && size > 0) {
        return None;
    }
    if size == 0 {
        return Some(&[]);
    }
    // SAFETY: the caller passes `size` readable bytes.
    Some(unsafe { std::slice::from_raw_parts(s as *const u8, size as usize) })
}

/// Encodes a str argument with a builtin codec (`PyErr_BadArgument` for
/// anything else).
unsafe fn encode_with(op: *mut PyObject, c: Codec, errors: Option<&str>) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe {
        if op.is_null() || !unicode::check(op) {
            let _ = err::bad_argument_type();
            return ptr::null_mut();
        }
        obj(codecs::encode(op, c, errors).and_then(|v| bytes::from_bytes(&v)))
    }
}

export! {
    /// `PyUnicode_AsEncodedString`: NULL encoding is UTF-8, NULL errors
    /// `strict`.
    fn PyUnicode_AsEncodedString(op: *mut PyObject, encoding: *const c_char, errors: *const c_char) -> *mut PyObject {
        if op.is_null() || !unicode::check(op) {
            let _ = err::bad_argument_type();
            return ptr::null_mut();
        }
        let (enc, errs) = (opt(encoding), opt(errors));
        obj(codecs::encode_to_bytes(op, enc.as_deref(), errs.as_deref()))
    }
}
export! {
    /// `PyUnicode_FromEncodedObject`: decodes a bytes-like object.
    fn PyUnicode_FromEncodedObject(o: *mut PyObject, encoding: *const c_char, errors: *const c_char) -> *mut PyObject {
        if o.is_null() { return bad_call(); }
        let (enc, errs) = (opt(encoding), opt(errors));
        obj(codecs::from_encoded_object(o, enc.as_deref(), errs.as_deref()))
    }
}
export! {
    /// `PyUnicode_AsUTF8String`.
    fn PyUnicode_AsUTF8String(op: *mut PyObject) -> *mut PyObject { encode_with(op, Codec::Utf8, None) }
}
export! {
    /// `PyUnicode_AsASCIIString`.
    fn PyUnicode_AsASCIIString(op: *mut PyObject) -> *mut PyObject { encode_with(op, Codec::Ascii, None) }
}
export! {
    /// `PyUnicode_AsLatin1String`.
    fn PyUnicode_AsLatin1String(op: *mut PyObject) -> *mut PyObject { encode_with(op, Codec::Latin1, None) }
}
export! {
    /// `PyUnicode_AsUTF16String`: with a byte-order mark.
    fn PyUnicode_AsUTF16String(op: *mut PyObject) -> *mut PyObject { encode_with(op, Codec::Utf16(Order::Bom), None) }
}
export! {
    /// `PyUnicode_AsUTF32String`: with a byte-order mark.
    fn PyUnicode_AsUTF32String(op: *mut PyObject) -> *mut PyObject { encode_with(op, Codec::Utf32(Order::Bom), None) }
}
export! {
    /// `PyUnicode_Decode`: NULL encoding is UTF-8.
    fn PyUnicode_Decode(s: *const c_char, size: Py_ssize_t, encoding: *const c_char, errors: *const c_char) -> *mut PyObject {
        let Some(b) = data(s, size) else { return bad_call() };
        let (enc, errs) = (opt(encoding), opt(errors));
        obj(codecs::decode_bytes(b, enc.as_deref(), errs.as_deref()))
    }
}
export! {
    /// `PyUnicode_DecodeUTF8`.
    fn PyUnicode_DecodeUTF8(s: *const c_char, size: Py_ssize_t, errors: *const c_char) -> *mut PyObject {
        let Some(b) = data(s, size) else { return bad_call() };
        obj(codecs::decode(b, Codec::Utf8, opt(errors).as_deref(), true).map(|r| r.0))
    }
}
export! {
    /// `PyUnicode_DecodeUTF8Stateful`: with `consumed`, an incomplete
    /// sequence at the end is left for the next call.
    fn PyUnicode_DecodeUTF8Stateful(s: *const c_char, size: Py_ssize_t, errors: *const c_char, consumed: *mut Py_ssize_t) -> *mut PyObject {
        let Some(b) = data(s, size) else { return bad_call() };
        match codecs::decode(b, Codec::Utf8, opt(errors).as_deref(), consumed.is_null()) {
            Ok((o, n)) => {
                if !consumed.is_null() { *consumed = n as Py_ssize_t; }
                o.into_raw()
            }
            Err(_) => ptr::null_mut(),
        }
    }
}
export! {
    /// `PyUnicode_DecodeLatin1`.
    fn PyUnicode_DecodeLatin1(s: *const c_char, size: Py_ssize_t, errors: *const c_char) -> *mut PyObject {
        let Some(b) = data(s, size) else { return bad_call() };
        obj(codecs::decode(b, Codec::Latin1, opt(errors).as_deref(), true).map(|r| r.0))
    }
}
export! {
    /// `PyUnicode_DecodeASCII`.
    fn PyUnicode_DecodeASCII(s: *const c_char, size: Py_ssize_t, errors: *const c_char) -> *mut PyObject {
        let Some(b) = data(s, size) else { return bad_call() };
        obj(codecs::decode(b, Codec::Ascii, opt(errors).as_deref(), true).map(|r| r.0))
    }
}
export! {
    /// `PyUnicode_DecodeFSDefault`: UTF-8 with `surrogateescape`.
    fn PyUnicode_DecodeFSDefault(s: *const c_char) -> *mut PyObject {
        if s.is_null() { return bad_call(); }
        obj(codecs::decode_fs(CStr::from_ptr(s).to_bytes()))
    }
}
export! {
    /// `PyUnicode_DecodeFSDefaultAndSize`.
    fn PyUnicode_DecodeFSDefaultAndSize(s: *const c_char, size: Py_ssize_t) -> *mut PyObject {
        let Some(b) = data(s, size) else { return bad_call() };
        obj(codecs::decode_fs(b))
    }
}
export! {
    /// `PyUnicode_EncodeFSDefault`: UTF-8 with `surrogateescape`.
    fn PyUnicode_EncodeFSDefault(op: *mut PyObject) -> *mut PyObject {
        if op.is_null() || !unicode::check(op) {
            let _ = err::bad_argument_type();
            return ptr::null_mut();
        }
        obj(codecs::encode_fs(op))
    }
}

export! {
    /// `PyUnicode_FSConverter`: an `O&` converter to bytes (str encoded
    /// with the file-system encoding); NULL `arg` releases `*result`.
    fn PyUnicode_FSConverter(arg: *mut PyObject, result: *mut *mut PyObject) -> c_int {
        if result.is_null() { let _ = err::bad_argument(); return 0; }
        if arg.is_null() {
            let r = *result;
            *result = ptr::null_mut();
            if !r.is_null() { ophis_core::objects::object::decref(r); }
            return 1;
        }
        let r = (|| -> Result<Owned, err::Raised> {
            let p = codecs::fspath(arg)?;
            let b = if bytes::check(p.as_ptr()) { p } else { codecs::encode_fs(p.as_ptr())? };
            if bytes::as_slice(b.as_ptr()).contains(&0) {
                return Err(err::value_error("embedded null byte"));
            }
            Ok(b)
        })();
        match r {
            Ok(b) => { *result = b.into_raw(); CLEANUP_SUPPORTED }
            Err(_) => 0,
        }
    }
}
export! {
    /// `PyUnicode_FSDecoder`: an `O&` converter to str (bytes decoded with
    /// the file-system encoding); NULL `arg` releases `*result`.
    fn PyUnicode_FSDecoder(arg: *mut PyObject, result: *mut *mut PyObject) -> c_int {
        if result.is_null() { let _ = err::bad_argument(); return 0; }
        if arg.is_null() {
            let r = *result;
            *result = ptr::null_mut();
            if !r.is_null() { ophis_core::objects::object::decref(r); }
            return 1;
        }
        match codecs::fs_decode(arg) {
            Ok(s) => { *result = s.into_raw(); CLEANUP_SUPPORTED }
            Err(_) => 0,
        }
    }
}
