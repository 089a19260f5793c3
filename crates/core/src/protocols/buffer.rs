//! The buffer protocol (PEP 3118): `Py_buffer` views with CPython's layout,
//! `PyObject_GetBuffer`/`PyBuffer_Release` through a type's
//! `bf_getbuffer`/`bf_releasebuffer`, `PyBuffer_FillInfo` for exporters of
//! one contiguous block, the contiguity tests and `PyBuffer_ToContiguous`,
//! with CPython's errors.

use crate::objects::exceptions::Exc;
use crate::objects::object::*;
use crate::objects::typeobj;
use crate::runtime::err::{self, PyResult};
use std::ffi::{c_char, c_int, c_void};
use std::ptr;

/// `Py_buffer`.
#[repr(C)]
#[allow(missing_docs)]
pub struct PyBuffer {
    pub buf: *mut c_void,
    pub obj: *mut PyObject,
    pub len: isize,
    pub itemsize: isize,
    pub readonly: c_int,
    pub ndim: c_int,
    pub format: *mut c_char,
    pub shape: *mut isize,
    pub strides: *mut isize,
    pub suboffsets: *mut isize,
    pub internal: *mut c_void,
}
const _: () = assert!(std::mem::size_of::<PyBuffer>() == 80);

/// `getbufferproc`.
#[allow(non_camel_case_types)]
pub type getbufferproc = unsafe extern "C" fn(*mut PyObject, *mut PyBuffer, c_int) -> c_int;
/// `releasebufferproc`.
#[allow(non_camel_case_types)]
pub type releasebufferproc = unsafe extern "C" fn(*mut PyObject, *mut PyBuffer);

/// The request flags (`PyBUF_*`).
#[allow(missing_docs)]
pub mod flags {
    use std::ffi::c_int;
    pub const SIMPLE: c_int = 0;
    pub const WRITABLE: c_int = 0x0001;
    pub const FORMAT: c_int = 0x0004;
    pub const ND: c_int = 0x0008;
    pub const STRIDES: c_int = 0x0010 | ND;
    pub const C_CONTIGUOUS: c_int = 0x0020 | STRIDES;
    pub const F_CONTIGUOUS: c_int = 0x0040 | STRIDES;
    pub const ANY_CONTIGUOUS: c_int = 0x0080 | STRIDES;
    pub const INDIRECT: c_int = 0x0100 | STRIDES;
    pub const FULL_RO: c_int = INDIRECT | FORMAT;
}

/// `PyObject_CheckBuffer`.
///
/// # Safety
/// `o` live.
pub unsafe fn check(o: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe {
        let pb = (*(*o).ob_type).tp_as_buffer;
        !pb.is_null() && (*pb).bf_getbuffer.is_some()
    }
}

/// `PyObject_GetBuffer`.
///
/// # Safety
/// `o` live; `view` writable.
pub unsafe fn get(o: *mut PyObject, view: *mut PyBuffer, flags: c_int) -> PyResult<()> {
    // SAFETY: forwarded; the exporter follows the protocol.
    unsafe {
        let pb = (*(*o).ob_type).tp_as_buffer;
        let f = if pb.is_null() {
            None
        } else {
            (*pb).bf_getbuffer
        };
        let Some(f) = f else {
            return Err(err::type_error(&format!(
                "a bytes-like object is required, not '{}'",
                typeobj::full_name((*o).ob_type)
            )));
        };
        if f(o, view, flags) < 0 {
            return Err(err::Raised::assume());
        }
        Ok(())
    }
}

/// `PyBuffer_Release`: the exporter's `bf_releasebuffer`, then drops the
/// view's reference (a view without an object is left alone).
///
/// # Safety
/// `view` a view filled by [`get`] (or released already).
pub unsafe fn release(view: *mut PyBuffer) {
    // SAFETY: forwarded.
    unsafe {
        let o = (*view).obj;
        if o.is_null() {
            return;
        }
        let pb = (*(*o).ob_type).tp_as_buffer;
        if !pb.is_null() {
            if let Some(f) = (*pb).bf_releasebuffer {
                f(o, view);
            }
        }
        (*view).obj = ptr::null_mut();
        decref(o);
    }
}

/// Runs `f` on the bytes of `o`'s simple (contiguous, one-byte) buffer,
/// held while `f` runs; `None` when `o` exports none or refuses the
/// request (that error is cleared: callers raise their own `TypeError`).
///
/// # Safety
/// `o` live.
pub unsafe fn with_simple<T>(o: *mut PyObject, f: impl FnOnce(&[u8]) -> T) -> Option<T> {
    // SAFETY: the view is filled before it is read and released after.
    unsafe {
        if !check(o) {
            return None;
        }
        let mut view = std::mem::MaybeUninit::<PyBuffer>::zeroed();
        let v = view.as_mut_ptr();
        if get(o, v, flags::SIMPLE).is_err() {
            crate::runtime::err::clear();
            return None;
        }
        let data = if (*v).len > 0 {
            std::slice::from_raw_parts((*v).buf as *const u8, (*v).len as usize)
        } else {
            &[]
        };
        let r = f(data);
        release(v);
        Some(r)
    }
}

/// `PyBuffer_FillInfo`: a one-dimensional view of `len` bytes at `buf`
/// exported by `o` (which the view then holds).
///
/// # Safety
/// `view` NULL or writable; `o` NULL or live; `buf` valid for `len` bytes
/// while the view lives.
pub unsafe fn fill_info(
    view: *mut PyBuffer,
    o: *mut PyObject,
    buf: *mut c_void,
    len: isize,
    readonly: bool,
    flags: c_int,
) -> PyResult<()> {
    if view.is_null() {
        return Err(err::raise(
            Exc::BufferError,
            "PyBuffer_FillInfo: view==NULL argument is obsolete",
        ));
    }
    if flags & flags::WRITABLE != 0 && readonly {
        return Err(err::raise(Exc::BufferError, "Object is not writable."));
    }
    // SAFETY: `view` is writable; its shape/strides point into itself.
    unsafe {
        (*view).obj = if o.is_null() { o } else { new_ref(o) };
        (*view).buf = buf;
        (*view).len = len;
        (*view).readonly = c_int::from(readonly);
        (*view).itemsize = 1;
        (*view).format = if flags & flags::FORMAT != 0 {
            c"B".as_ptr() as *mut c_char
        } else {
            ptr::null_mut()
        };
        (*view).ndim = 1;
        (*view).shape = if flags & flags::ND == flags::ND {
            ptr::addr_of_mut!((*view).len)
        } else {
            ptr::null_mut()
        };
        (*view).strides = if flags & flags::STRIDES == flags::STRIDES {
            ptr::addr_of_mut!((*view).itemsize)
        } else {
            ptr::null_mut()
        };
        (*view).suboffsets = ptr::null_mut();
        (*view).internal = ptr::null_mut();
    }
    Ok(())
}

/// The view's shape and strides (one dimension of `len` items when the
/// exporter left them out).
unsafe fn dims(view: *const PyBuffer) -> (Vec<isize>, Option<Vec<isize>>) {
    // SAFETY: a filled view.
    unsafe {
        let nd = (*view).ndim.max(0) as usize;
        let shape = if (*view).shape.is_null() {
            vec![(*view).len / (*view).itemsize.max(1)]
        } else {
            std::slice::from_raw_parts((*view).shape, nd).to_vec()
        };
        let strides = (!(*view).strides.is_null())
            .then(|| std::slice::from_raw_parts((*view).strides, nd).to_vec());
        (shape, strides)
    }
}

/// `PyBuffer_IsContiguous` for `order` `'C'`, `'F'` or `'A'` (either).
///
/// # Safety
/// `view` a filled view.
pub unsafe fn is_contiguous(view: *const PyBuffer, order: u8) -> bool {
    // SAFETY: forwarded.
    unsafe {
        if !(*view).suboffsets.is_null() {
            return false;
        }
        let c = || c_contiguous(view);
        let f = || f_contiguous(view);
        match order {
            b'C' => c(),
            b'F' => f(),
            b'A' => c() || f(),
            _ => false,
        }
    }
}

unsafe fn c_contiguous(view: *const PyBuffer) -> bool {
    // SAFETY: forwarded.
    unsafe {
        if (*view).len == 0 || (*view).strides.is_null() {
            return true;
        }
        let (shape, strides) = dims(view);
        let strides = strides.unwrap_or_default();
        let mut sd = (*view).itemsize;
        for i in (0..shape.len()).rev() {
            if shape[i] > 1 && strides[i] != sd {
                return false;
            }
            sd *= shape[i];
        }
        true
    }
}

unsafe fn f_contiguous(view: *const PyBuffer) -> bool {
    // SAFETY: forwarded.
    unsafe {
        if (*view).len == 0 {
            return true;
        }
        let (shape, strides) = dims(view);
        let Some(strides) = strides else {
            return (*view).ndim <= 1 || shape.iter().filter(|&&d| d > 1).count() <= 1;
        };
        let mut sd = (*view).itemsize;
        for i in 0..shape.len() {
            if shape[i] > 1 && strides[i] != sd {
                return false;
            }
            sd *= shape[i];
        }
        true
    }
}

/// `PyBuffer_ToContiguous`: copies the view's `len` bytes into `out` in C
/// (`'C'`, `'A'`) or Fortran (`'F'`) order.
///
/// # Safety
/// `view` a filled view; `out` writable for `len` bytes.
pub unsafe fn to_contiguous(
    out: *mut u8,
    view: *const PyBuffer,
    len: isize,
    order: u8,
) -> PyResult<()> {
    // SAFETY: forwarded; every source address is derived from the view's
    // shape and strides, which the exporter vouches for.
    unsafe {
        if len != (*view).len {
            return Err(err::value_error("PyBuffer_ToContiguous: len != view->len"));
        }
        if len == 0 {
            return Ok(());
        }
        if is_contiguous(view, order) {
            ptr::copy_nonoverlapping((*view).buf as *const u8, out, len as usize);
            return Ok(());
        }
        if !(*view).suboffsets.is_null() {
            return Err(err::raise(
                Exc::BufferError,
                "Ophis cannot copy buffers with suboffsets yet",
            ));
        }
        let (shape, strides) = dims(view);
        let strides = strides.unwrap_or_default();
        let nd = shape.len();
        let item = (*view).itemsize.max(1) as usize;
        let total: isize = shape.iter().product();
        let mut idx = vec![0isize; nd];
        let mut written = 0usize;
        for _ in 0..total {
            if written + item > len as usize {
                break;
            }
            let off: isize = (0..nd).map(|i| idx[i] * strides[i]).sum();
            ptr::copy_nonoverlapping(
                ((*view).buf as *const u8).offset(off),
                out.add(written),
                item,
            );
            written += item;
            // Next index: last dimension fastest for C order, first for F.
            let order_dims: Vec<usize> = if order == b'F' {
                (0..nd).collect()
            } else {
                (0..nd).rev().collect()
            };
            for &d in &order_dims {
                idx[d] += 1;
                if idx[d] < shape[d] {
                    break;
                }
                idx[d] = 0;
            }
        }
        Ok(())
    }
}

/// `bf_getbuffer` of an exporter of one read-only contiguous block (bytes).
///
/// # Safety
/// `view` writable; `data` valid for `len` bytes while `o` lives.
pub unsafe fn export_readonly(
    o: *mut PyObject,
    view: *mut PyBuffer,
    data: *mut u8,
    len: isize,
    flags: c_int,
) -> c_int {
    // SAFETY: forwarded.
    match unsafe { fill_info(view, o, data as *mut c_void, len, true, flags) } {
        Ok(()) => 0,
        Err(_) => -1,
    }
}
