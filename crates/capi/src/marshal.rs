//! `marshal.h`: marshal data from C, to and from strings and C `FILE`s.

use crate::boundary::*;
use crate::export;
use ophis_core::code::marshal::{self, Source};
use ophis_core::objects::object::PyObject;
use std::ffi::{c_char, c_int, c_long, c_void};

extern "C" {
    fn fwrite(ptr: *const c_void, size: usize, n: usize, stream: *mut c_void) -> usize;
    fn fread(ptr: *mut c_void, size: usize, n: usize, stream: *mut c_void) -> usize;
}

/// Reads from a C `FILE *` as marshal data needs.
///
/// # Safety
/// `fp` an open `FILE *`.
unsafe fn read_file(
    fp: *mut c_void,
) -> ophis_core::runtime::err::PyResult<ophis_core::objects::object::Owned> {
    let mut f = |buf: &mut [u8]| -> ophis_core::runtime::err::PyResult<usize> {
        // SAFETY: `fp` open; `buf` writable for its length.
        Ok(unsafe { fread(buf.as_mut_ptr().cast(), 1, buf.len(), fp) })
    };
    marshal::read(Source::Stream(&mut f))
}

/// Reads exactly `N` bytes, or raises `EOFError`.
///
/// # Safety
/// `fp` an open `FILE *`.
unsafe fn read_exact<const N: usize>(fp: *mut c_void) -> Option<[u8; N]> {
    let mut b = [0u8; N];
    // SAFETY: forwarded.
    if unsafe { fread(b.as_mut_ptr().cast(), 1, N, fp) } == N {
        Some(b)
    } else {
        let _ = ophis_core::runtime::err::raise(
            ophis_core::objects::exceptions::Exc::EOFError,
            "EOF read where not expected",
        );
        None
    }
}

export! {
    /// `PyMarshal_WriteObjectToString(value, version)`: bytes, or NULL with
    /// `ValueError`.
    fn PyMarshal_WriteObjectToString(v: *mut PyObject, version: c_int) -> *mut PyObject {
        if v.is_null() { return bad_call(); }
        obj(marshal::dumps(v, version).and_then(|b| ophis_core::objects::bytes::from_bytes(&b)))
    }
}
export! {
    /// `PyMarshal_ReadObjectFromString(data, len)`.
    fn PyMarshal_ReadObjectFromString(data: *const c_char, len: isize) -> *mut PyObject {
        if data.is_null() || len < 0 { return bad_call(); }
        obj(marshal::loads(std::slice::from_raw_parts(data.cast(), len as usize)))
    }
}
export! {
    /// `PyMarshal_WriteLongToFile(value, fp, version)`: four bytes, little-endian.
    fn PyMarshal_WriteLongToFile(x: c_long, fp: *mut c_void, _version: c_int) {
        if fp.is_null() { let _ = ophis_core::runtime::err::bad_argument(); return; }
        let b = (x as i32).to_le_bytes();
        fwrite(b.as_ptr().cast(), 1, 4, fp);
    }
}
export! {
    /// `PyMarshal_WriteObjectToFile(value, fp, version)`: as CPython, what
    /// could be written is written and no exception is set for an
    /// unmarshallable object (the data then ends in a `?` type code).
    fn PyMarshal_WriteObjectToFile(v: *mut PyObject, fp: *mut c_void, version: c_int) {
        if fp.is_null() { let _ = ophis_core::runtime::err::bad_argument(); return; }
        let (b, _) = marshal::write(v, version);
        fwrite(b.as_ptr().cast(), 1, b.len(), fp);
    }
}
export! {
    /// `PyMarshal_ReadLongFromFile(fp)`: -1 with `EOFError` at the end.
    fn PyMarshal_ReadLongFromFile(fp: *mut c_void) -> c_long {
        if fp.is_null() { return bad_call(); }
        match read_exact::<4>(fp) { Some(b) => c_long::from(i32::from_le_bytes(b)), None => -1 }
    }
}
export! {
    /// `PyMarshal_ReadShortFromFile(fp)`: -1 with `EOFError` at the end.
    fn PyMarshal_ReadShortFromFile(fp: *mut c_void) -> c_int {
        if fp.is_null() { return bad_call(); }
        match read_exact::<2>(fp) { Some(b) => c_int::from(i16::from_le_bytes(b)), None => -1 }
    }
}
export! {
    /// `PyMarshal_ReadObjectFromFile(fp)`: the file is left after the object.
    fn PyMarshal_ReadObjectFromFile(fp: *mut c_void) -> *mut PyObject {
        if fp.is_null() { return bad_call(); }
        obj(read_file(fp))
    }
}
export! {
    /// `PyMarshal_ReadLastObjectFromFile(fp)`: reads the rest of the file,
    /// then the object from it.
    fn PyMarshal_ReadLastObjectFromFile(fp: *mut c_void) -> *mut PyObject {
        if fp.is_null() { return bad_call(); }
        let mut data = Vec::new();
        let mut chunk = [0u8; 8192];
        loop {
            let n = fread(chunk.as_mut_ptr().cast(), 1, chunk.len(), fp);
            if n == 0 { break; }
            data.extend_from_slice(&chunk[..n]);
        }
        obj(marshal::loads(&data))
    }
}
