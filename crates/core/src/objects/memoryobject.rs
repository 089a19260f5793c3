//! `memoryview` (`PyMemoryView_Type`) in CPython's `PyMemoryViewObject`
//! layout (`mbuf` at 24, `hash`, `flags`, `exports`, the `Py_buffer view`
//! at 56, `weakreflist`, then `ob_array` holding the view's shape, strides
//! and suboffsets), so `PyMemoryView_GET_BUFFER`/`GET_BASE` work.
//!
//! As in CPython, the exporter's buffer is held once, by a *managed
//! buffer* (`PyManagedBufferObject`, an internal type); every view made
//! from it (`memoryview(x)`, `memoryview(mv)`, slices, casts,
//! `toreadonly()`) registers with it, and the exporter's buffer is released
//! when the last registered view is released (`release()`, `__exit__`, or
//! deallocation). A view is itself an exporter (`bytes(mv)`), and refuses
//! to be released while its own exports are held.
//!
//! Items are read and written for CPython's native single-character
//! formats (`'@'` prefix allowed); other formats raise CPython's
//! `NotImplementedError`s. Views of any dimension can be sliced on their
//! first dimension, indexed by a full tuple of ints, listed, copied and
//! compared; sub-views and multi-dimensional slicing raise
//! `NotImplementedError` as in CPython.
//!
//! Differences from CPython: memoryviews are not tracked by the cyclic
//! garbage collector (a cycle through a view's exporter is not
//! collected); the iterator is the generic sequence iterator.

use crate::objects::exceptions::{self, Exc};
use crate::objects::object::*;
use crate::objects::typeobj::{
    self, flags, PyBufferProcs, PyGetSetDef, PyMappingMethods, PyMethodDef, PySequenceMethods,
    PyTypeObject,
};
use crate::objects::{bytes, float, list, long, slice, tuple, unicode};
use crate::protocols::buffer::{self, flags as bf, PyBuffer};
use crate::protocols::clinic::{arg, arg_opt, def, fastcall, pos_opt, Sig};
use crate::protocols::{abstract_, number};
use crate::runtime::alloc;
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use std::ffi::{c_char, c_int, c_void, CStr};
use std::ptr;

/// `PyBUF_MAX_NDIM`.
pub const MAX_NDIM: usize = 64;
/// `PyBUF_READ`.
pub const BUF_READ: c_int = 0x100;
/// `PyBUF_WRITE`.
pub const BUF_WRITE: c_int = 0x200;

/// The view flags (`_Py_MEMORYVIEW_*`).
pub mod view_flags {
    use std::ffi::c_int;
    /// The view was released.
    pub const RELEASED: c_int = 0x001;
    /// C-contiguous.
    pub const C: c_int = 0x002;
    /// Fortran-contiguous.
    pub const FORTRAN: c_int = 0x004;
    /// Zero dimensions.
    pub const SCALAR: c_int = 0x008;
    /// Has suboffsets.
    pub const PIL: c_int = 0x010;
}

/// `_Py_MANAGED_BUFFER_RELEASED`.
const MBUF_RELEASED: c_int = 0x001;

/// `_PyManagedBufferObject`: the exporter's buffer, held once for every
/// view made from it.
#[repr(C)]
pub struct PyManagedBufferObject {
    /// Header.
    pub ob_base: PyObject,
    /// `_Py_MANAGED_BUFFER_*` flags.
    pub flags: c_int,
    /// Views registered with this buffer.
    pub exports: isize,
    /// The exporter's buffer.
    pub master: PyBuffer,
}
const _: () = assert!(std::mem::offset_of!(PyManagedBufferObject, exports) == 24);
const _: () = assert!(std::mem::offset_of!(PyManagedBufferObject, master) == 32);

/// `PyMemoryViewObject`.
#[repr(C)]
pub struct PyMemoryViewObject {
    /// Header; `ob_size` is the length of `ob_array` (3 * ndim).
    pub ob_base: PyVarObject,
    /// The managed buffer this view is registered with.
    pub mbuf: *mut PyManagedBufferObject,
    /// The cached hash (-1 until computed).
    pub hash: isize,
    /// [`view_flags`].
    pub flags: c_int,
    /// Buffers exported from this view.
    pub exports: isize,
    /// This view's private copy of the exporter's buffer.
    pub view: PyBuffer,
    /// Weak references.
    pub weakreflist: *mut PyObject,
    /// Shape, strides and suboffsets, `ndim` each.
    pub ob_array: [isize; 1],
}
const _: () = assert!(std::mem::offset_of!(PyMemoryViewObject, mbuf) == 24);
const _: () = assert!(std::mem::offset_of!(PyMemoryViewObject, hash) == 32);
const _: () = assert!(std::mem::offset_of!(PyMemoryViewObject, flags) == 40);
const _: () = assert!(std::mem::offset_of!(PyMemoryViewObject, exports) == 48);
const _: () = assert!(std::mem::offset_of!(PyMemoryViewObject, view) == 56);
const _: () = assert!(std::mem::offset_of!(PyMemoryViewObject, weakreflist) == 136);
const _: () = assert!(std::mem::offset_of!(PyMemoryViewObject, ob_array) == 144);

/// `tp_basicsize` of memoryview (the items are `ob_array`'s).
const BASIC_SIZE: usize = std::mem::offset_of!(PyMemoryViewObject, ob_array);

// ---- native formats -----------------------------------------------------------

/// A native single-character `struct` format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fmt(u8);

impl Fmt {
    /// The format of `fmt` (an optional `'@'` then one native character),
    /// as `get_native_fmtchar` reads it.
    pub fn parse(fmt: &[u8]) -> Option<Fmt> {
        let f = match fmt {
            [b'@', c] | [c] => *c,
            _ => return None,
        };
        Fmt(f).size().map(|_| Fmt(f))
    }

    /// The item size, for a native format character.
    pub fn size(self) -> Option<isize> {
        Some(match self.0 {
            b'c' | b'b' | b'B' | b'?' => 1,
            b'h' | b'H' | b'e' => 2,
            b'i' | b'I' | b'f' => 4,
            b'l' | b'L' | b'q' | b'Q' | b'n' | b'N' | b'd' | b'P' => 8,
            _ => return None,
        })
    }

    /// Whether this is one of the byte formats `'B'`, `'b'`, `'c'`.
    pub fn is_byte(self) -> bool {
        matches!(self.0, b'B' | b'b' | b'c')
    }

    /// The format as a static C string, with the `'@'` prefix when `at`
    /// (`get_native_fmtstr`).
    fn cstr(self, at: bool) -> &'static CStr {
        if at {
            return match self.0 {
                b'c' => c"@c",
                b'b' => c"@b",
                b'B' => c"@B",
                b'?' => c"@?",
                b'h' => c"@h",
                b'H' => c"@H",
                b'e' => c"@e",
                b'i' => c"@i",
                b'I' => c"@I",
                b'f' => c"@f",
                b'l' => c"@l",
                b'L' => c"@L",
                b'q' => c"@q",
                b'Q' => c"@Q",
                b'n' => c"@n",
                b'N' => c"@N",
                b'd' => c"@d",
                _ => c"@P",
            };
        }
        match self.0 {
            b'c' => c"c",
            b'b' => c"b",
            b'B' => c"B",
            b'?' => c"?",
            b'h' => c"h",
            b'H' => c"H",
            b'e' => c"e",
            b'i' => c"i",
            b'I' => c"I",
            b'f' => c"f",
            b'l' => c"l",
            b'L' => c"L",
            b'q' => c"q",
            b'Q' => c"Q",
            b'n' => c"n",
            b'N' => c"N",
            b'd' => c"d",
            _ => c"P",
        }
    }

    fn char(self) -> char {
        self.0 as char
    }

    /// The item at `p` as a Python object (`unpack_single`).
    ///
    /// # Safety
    /// `p` readable for the item's size.
    unsafe fn unpack(self, p: *const u8) -> PyResult<Owned> {
        // SAFETY: `p` holds one item of this format (unaligned reads).
        unsafe {
            macro_rules! rd {
                ($t:ty) => {
                    (p as *const $t).read_unaligned()
                };
            }
            match self.0 {
                b'B' => long::from_i64(i64::from(rd!(u8))),
                b'b' => long::from_i64(i64::from(rd!(i8))),
                b'h' => long::from_i64(i64::from(rd!(i16))),
                b'H' => long::from_i64(i64::from(rd!(u16))),
                b'i' => long::from_i64(i64::from(rd!(i32))),
                b'I' => long::from_i64(i64::from(rd!(u32))),
                b'l' | b'q' | b'n' => long::from_i64(rd!(i64)),
                b'L' | b'Q' | b'N' | b'P' => long::from_u64(rd!(u64)),
                b'?' => Ok(long::bool_from(rd!(u8) != 0)),
                b'c' => bytes::from_bytes(&[rd!(u8)]),
                b'f' => float::from_f64(f64::from(rd!(f32))),
                b'd' => float::from_f64(rd!(f64)),
                b'e' => float::from_f64(half_to_f64(rd!(u16))),
                _ => Err(format_not_supported(&[self.0])),
            }
        }
    }

    /// Writes `item` at `p` (`pack_single`), with CPython's errors.
    ///
    /// # Safety
    /// `p` writable for the item's size; `item` live.
    unsafe fn pack(self, p: *mut u8, item: *mut PyObject) -> PyResult<()> {
        let invalid_type = || {
            err::type_error(&format!(
                "memoryview: invalid type for format '{}'",
                self.char()
            ))
        };
        let invalid_value = || {
            err::value_error(&format!(
                "memoryview: invalid value for format '{}'",
                self.char()
            ))
        };
        // SAFETY: `item` live; `p` holds one item of this format.
        unsafe {
            macro_rules! wr {
                ($t:ty, $v:expr) => {
                    (p as *mut $t).write_unaligned($v)
                };
            }
            match self.0 {
                b'b' | b'B' | b'h' | b'H' | b'i' | b'I' | b'l' | b'L' | b'q' | b'Q' | b'n'
                | b'N' | b'P' => {
                    let v = match number::index(item) {
                        Ok(v) => v,
                        Err(e) => {
                            if err::given_matches(err::occurred(), exceptions::get(Exc::TypeError))
                            {
                                err::clear();
                                return Err(invalid_type());
                            }
                            return Err(e);
                        }
                    };
                    let Ok(v) = i128::try_from(long::to_bigint(v.as_ptr())) else {
                        return Err(invalid_value());
                    };
                    macro_rules! put {
                        ($t:ty) => {{
                            let x = <$t>::try_from(v).map_err(|_| invalid_value())?;
                            wr!($t, x)
                        }};
                    }
                    match self.0 {
                        b'b' => put!(i8),
                        b'B' => put!(u8),
                        b'h' => put!(i16),
                        b'H' => put!(u16),
                        b'i' => put!(i32),
                        b'I' => put!(u32),
                        b'l' | b'q' | b'n' => put!(i64),
                        _ => put!(u64),
                    }
                }
                b'?' => wr!(u8, u8::from(abstract_::is_true(item)?)),
                b'c' => {
                    if !bytes::check(item) {
                        return Err(invalid_type());
                    }
                    match bytes::as_slice(item) {
                        [c] => wr!(u8, *c),
                        _ => return Err(invalid_value()),
                    }
                }
                b'f' | b'd' | b'e' => {
                    let d = match float::as_f64(item) {
                        Ok(d) => d,
                        Err(e) => {
                            if err::given_matches(err::occurred(), exceptions::get(Exc::TypeError))
                            {
                                err::clear();
                                return Err(invalid_type());
                            }
                            return Err(e);
                        }
                    };
                    match self.0 {
                        b'd' => wr!(f64, d),
                        // A C cast, as CPython's PACK_SINGLE: out of
                        // range is infinite.
                        b'f' => wr!(f32, d as f32),
                        _ => match f64_to_half(d) {
                            Some(h) => wr!(u16, h),
                            None => return Err(invalid_value()),
                        },
                    }
                }
                _ => return Err(format_not_supported(&[self.0])),
            }
        }
        Ok(())
    }
}

/// An IEEE 754 half-precision value as a double.
fn half_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let e = i32::from((h >> 10) & 0x1f);
    let m = f64::from(h & 0x3ff);
    sign * match e {
        0 => m * 2f64.powi(-24),
        31 if m == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (1.0 + m / 1024.0) * 2f64.powi(e - 15),
    }
}

/// A double as an IEEE 754 half-precision value, rounded half to even
/// (`PyFloat_Pack2`); `None` when it is too large.
fn f64_to_half(x: f64) -> Option<u16> {
    let sign: u16 = if x.is_sign_negative() { 0x8000 } else { 0 };
    if x.is_nan() {
        return Some(sign | 0x7e00);
    }
    if x.is_infinite() {
        return Some(sign | 0x7c00);
    }
    let a = x.abs();
    let raw = a.to_bits();
    let biased = ((raw >> 52) & 0x7ff) as i32;
    if biased == 0 {
        // Zero, or a double subnormal: far below half's range.
        return Some(sign);
    }
    // a = f * 2**e with f in [1, 2).
    let mut e = biased - 1023;
    let mut f = f64::from_bits((raw & ((1u64 << 52) - 1)) | (1023u64 << 52));
    if e >= 16 {
        return None;
    } else if e < -25 {
        f = 0.0;
        e = 0;
    } else if e < -14 {
        f *= 2f64.powi(14 + e);
        e = 0;
    } else {
        e += 15;
        f -= 1.0;
    }
    f *= 1024.0;
    let mut bits = f as u16;
    let frac = f - f64::from(bits);
    if frac > 0.5 || (frac == 0.5 && bits % 2 == 1) {
        bits += 1;
        if bits == 1024 {
            bits = 0;
            e += 1;
            if e == 31 {
                return None;
            }
        }
    }
    Some(bits | ((e as u16) << 10) | sign)
}

/// `NotImplementedError: memoryview: format X not supported`.
fn format_not_supported(fmt: &[u8]) -> err::Raised {
    err::raise(
        Exc::NotImplementedError,
        &format!(
            "memoryview: format {} not supported",
            String::from_utf8_lossy(fmt)
        ),
    )
}

/// A view's format bytes (`"B"` when the exporter gave none).
///
/// # Safety
/// `v` a filled view.
unsafe fn format_bytes<'a>(v: *const PyBuffer) -> &'a [u8] {
    // SAFETY: a non-NULL format is a NUL-terminated string owned by the
    // exporter for the view's lifetime.
    unsafe {
        if (*v).format.is_null() {
            b"B"
        } else {
            CStr::from_ptr((*v).format).to_bytes()
        }
    }
}

/// The view's item format (`adjust_fmt`, then the native table):
/// CPython's `NotImplementedError`s for what it cannot read.
///
/// # Safety
/// `v` a filled view.
unsafe fn item_fmt(v: *const PyBuffer) -> PyResult<Fmt> {
    // SAFETY: forwarded.
    let f = unsafe { format_bytes(v) };
    let stripped = f.strip_prefix(b"@").unwrap_or(f);
    if stripped.len() != 1 {
        return Err(err::raise(
            Exc::NotImplementedError,
            &format!(
                "memoryview: unsupported format {}",
                String::from_utf8_lossy(f)
            ),
        ));
    }
    Fmt::parse(stripped).ok_or_else(|| format_not_supported(stripped))
}

// ---- the managed buffer --------------------------------------------------------

static mut MBUF_TYPE: *mut PyTypeObject = ptr::null_mut();

fn mbuf_type() -> *mut PyTypeObject {
    // SAFETY: written once at start-up.
    unsafe { *ptr::addr_of!(MBUF_TYPE) }
}

/// A managed buffer with an empty (zeroed) master view.
fn mbuf_new() -> PyResult<*mut PyManagedBufferObject> {
    // SAFETY: the type's instances are this struct; zeroed by new_object.
    unsafe {
        Ok(
            alloc::new_object(mbuf_type(), std::mem::size_of::<PyManagedBufferObject>())?
                as *mut PyManagedBufferObject,
        )
    }
}

/// Releases the exporter's buffer once (`mbuf_release`).
///
/// # Safety
/// `m` a live managed buffer.
unsafe fn mbuf_release(m: *mut PyManagedBufferObject) {
    // SAFETY: forwarded.
    unsafe {
        if (*m).flags & MBUF_RELEASED != 0 {
            return;
        }
        (*m).flags |= MBUF_RELEASED;
        buffer::release(ptr::addr_of_mut!((*m).master));
    }
}

unsafe extern "C" fn mbuf_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; no view is registered any more.
    unsafe {
        mbuf_release(op as *mut PyManagedBufferObject);
        alloc::free_object(op);
    }
}

// ---- views ---------------------------------------------------------------------

/// `op` as a memoryview.
#[inline]
fn mv(op: *mut PyObject) -> *mut PyMemoryViewObject {
    op as *mut PyMemoryViewObject
}

/// `PyMemoryView_Check`.
///
/// # Safety
/// `op` live.
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { (*op).ob_type == lifecycle::memoryview_type() }
}

/// A view object with room for `ndim` dimensions, registered with nothing
/// yet (`memory_alloc`); its `view` points at its own arrays.
fn mv_alloc(ndim: usize) -> PyResult<*mut PyMemoryViewObject> {
    let n = 3 * ndim;
    let size = alloc::var_size(BASIC_SIZE, n, std::mem::size_of::<isize>())?;
    // SAFETY: a zeroed object of the memoryview type of `size` bytes; the
    // arrays follow the fixed part.
    unsafe {
        let m = alloc::new_object(lifecycle::memoryview_type(), size)? as *mut PyMemoryViewObject;
        (*m).ob_base.ob_size = n as isize;
        (*m).hash = -1;
        let arr = ptr::addr_of_mut!((*m).ob_array) as *mut isize;
        (*m).view.ndim = ndim as c_int;
        (*m).view.shape = arr;
        (*m).view.strides = arr.add(ndim);
        (*m).view.suboffsets = arr.add(2 * ndim);
        Ok(m)
    }
}

/// `init_strides_from_shape`: C-order strides.
///
/// # Safety
/// `v`'s shape and strides writable for `ndim` entries.
unsafe fn c_strides(v: *mut PyBuffer) {
    // SAFETY: forwarded.
    unsafe {
        let nd = (*v).ndim as usize;
        if nd == 0 {
            return;
        }
        *(*v).strides.add(nd - 1) = (*v).itemsize;
        for i in (0..nd - 1).rev() {
            *(*v).strides.add(i) = *(*v).strides.add(i + 1) * *(*v).shape.add(i + 1);
        }
    }
}

/// `init_fortran_strides_from_shape`.
///
/// # Safety
/// As for [`c_strides`].
unsafe fn f_strides(v: *mut PyBuffer) {
    // SAFETY: forwarded.
    unsafe {
        let nd = (*v).ndim as usize;
        let mut sd = (*v).itemsize;
        for i in 0..nd {
            *(*v).strides.add(i) = sd;
            sd *= *(*v).shape.add(i);
        }
    }
}

/// `init_flags`: contiguity from the view's shape and strides.
///
/// # Safety
/// `m` a live view with a filled `view`.
unsafe fn init_flags(m: *mut PyMemoryViewObject) {
    // SAFETY: forwarded.
    unsafe {
        let v = ptr::addr_of_mut!((*m).view);
        let mut f = match (*v).ndim {
            0 => view_flags::SCALAR | view_flags::C | view_flags::FORTRAN,
            1 => {
                if *(*v).shape == 1 || *(*v).strides == (*v).itemsize {
                    view_flags::C | view_flags::FORTRAN
                } else {
                    0
                }
            }
            _ => {
                let mut f = 0;
                if buffer::is_contiguous(v, b'C') {
                    f |= view_flags::C;
                }
                if buffer::is_contiguous(v, b'F') {
                    f |= view_flags::FORTRAN;
                }
                f
            }
        };
        if !(*v).suboffsets.is_null() {
            f |= view_flags::PIL;
            f &= !(view_flags::C | view_flags::FORTRAN);
        }
        (*m).flags = f;
    }
}

/// Registers a new view of `ndim` dimensions with `mbuf`, sharing `src`'s
/// memory, format and flags but not yet its shape
/// (`mbuf_add_incomplete_view`).
///
/// # Safety
/// `mbuf` live; `src` a filled view over its memory.
unsafe fn add_incomplete_view(
    mbuf: *mut PyManagedBufferObject,
    src: *const PyBuffer,
    ndim: usize,
) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if ndim > MAX_NDIM {
            return Err(err::value_error(
                "memoryview: number of dimensions must not exceed 64",
            ));
        }
        let m = mv_alloc(ndim)?;
        let d = ptr::addr_of_mut!((*m).view);
        // The view does not own `obj`: the managed buffer's master does.
        (*d).obj = (*src).obj;
        (*d).buf = (*src).buf;
        (*d).len = (*src).len;
        (*d).itemsize = (*src).itemsize;
        (*d).readonly = (*src).readonly;
        (*d).format = if (*src).format.is_null() {
            c"B".as_ptr() as *mut c_char
        } else {
            (*src).format
        };
        (*d).internal = (*src).internal;
        incref(mbuf as *mut PyObject);
        (*m).mbuf = mbuf;
        (*mbuf).exports += 1;
        Ok(Owned::from_raw(m as *mut PyObject))
    }
}

/// Registers a new view with `mbuf` copying `src` entirely
/// (`mbuf_add_view`).
///
/// # Safety
/// As for [`add_incomplete_view`].
unsafe fn add_view(mbuf: *mut PyManagedBufferObject, src: *const PyBuffer) -> PyResult<Owned> {
    // SAFETY: forwarded; `src`'s arrays hold `ndim` entries.
    unsafe {
        let nd = (*src).ndim.max(0) as usize;
        if nd > 1 && (*src).shape.is_null() {
            return Err(err::raise(
                Exc::BufferError,
                "memoryview: exporter gave no shape for a multi-dimensional buffer",
            ));
        }
        let o = add_incomplete_view(mbuf, src, nd)?;
        let m = mv(o.as_ptr());
        let d = ptr::addr_of_mut!((*m).view);
        let item = (*src).itemsize.max(1);
        match nd {
            0 => {
                (*d).shape = ptr::null_mut();
                (*d).strides = ptr::null_mut();
            }
            1 => {
                *(*d).shape = if (*src).shape.is_null() {
                    (*src).len / item
                } else {
                    *(*src).shape
                };
                *(*d).strides = if (*src).strides.is_null() {
                    (*src).itemsize
                } else {
                    *(*src).strides
                };
            }
            _ => {
                ptr::copy_nonoverlapping((*src).shape, (*d).shape, nd);
                if (*src).strides.is_null() {
                    c_strides(d);
                } else {
                    ptr::copy_nonoverlapping((*src).strides, (*d).strides, nd);
                }
            }
        }
        if (*src).suboffsets.is_null() || nd == 0 {
            (*d).suboffsets = ptr::null_mut();
        } else {
            ptr::copy_nonoverlapping((*src).suboffsets, (*d).suboffsets, nd);
        }
        init_flags(m);
        Ok(o)
    }
}

/// Whether the view (or its managed buffer) was released.
///
/// # Safety
/// `m` a live view.
unsafe fn is_released(m: *mut PyMemoryViewObject) -> bool {
    // SAFETY: forwarded.
    unsafe { (*m).flags & view_flags::RELEASED != 0 || (*(*m).mbuf).flags & MBUF_RELEASED != 0 }
}

/// `CHECK_RELEASE`: `ValueError` on a released view.
///
/// # Safety
/// `m` a live view.
unsafe fn check_released(m: *mut PyMemoryViewObject) -> PyResult<()> {
    // SAFETY: forwarded.
    if unsafe { is_released(m) } {
        return Err(err::value_error(
            "operation forbidden on released memoryview object",
        ));
    }
    Ok(())
}

/// `PyMemoryView_FromObject` (and `memoryview(o)`): a new view registered
/// with `o`'s managed buffer when `o` is a memoryview, else with a new
/// managed buffer holding `o`'s buffer.
///
/// # Safety
/// `o` live.
pub unsafe fn from_object(o: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if check(o) {
            let m = mv(o);
            check_released(m)?;
            return add_view((*m).mbuf, ptr::addr_of!((*m).view));
        }
        if !buffer::check(o) {
            return Err(err::type_error(&format!(
                "memoryview: a bytes-like object is required, not '{}'",
                typeobj::full_name((*o).ob_type)
            )));
        }
        let mb = mbuf_new()?;
        let own = Owned::from_raw(mb as *mut PyObject);
        buffer::get(o, ptr::addr_of_mut!((*mb).master), bf::FULL_RO)?;
        let r = add_view(mb, ptr::addr_of!((*mb).master));
        // The creation reference goes; the view holds its own.
        drop(own);
        r
    }
}

/// `PyMemoryView_FromMemory`: a one-dimensional `'B'` view of `size` bytes
/// at `mem`, writable when `flags` is [`BUF_WRITE`].
///
/// # Safety
/// `mem` valid for `size` bytes while the view lives.
pub unsafe fn from_memory(mem: *mut u8, size: isize, flags: c_int) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let mb = mbuf_new()?;
        let own = Owned::from_raw(mb as *mut PyObject);
        buffer::fill_info(
            ptr::addr_of_mut!((*mb).master),
            ptr::null_mut(),
            mem as *mut c_void,
            size,
            flags != BUF_WRITE,
            bf::FULL_RO,
        )?;
        let r = add_view(mb, ptr::addr_of!((*mb).master));
        drop(own);
        r
    }
}

/// `PyMemoryView_FromBuffer`: a view of the memory `info` describes; the
/// view does not own `info`'s exporter (which is not released).
///
/// # Safety
/// `info` a readable `Py_buffer` whose arrays and memory outlive the view.
pub unsafe fn from_buffer(info: *const PyBuffer) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if (*info).buf.is_null() {
            return Err(err::value_error(
                "PyMemoryView_FromBuffer(): info->buf must not be NULL",
            ));
        }
        let mb = mbuf_new()?;
        let own = Owned::from_raw(mb as *mut PyObject);
        ptr::copy_nonoverlapping(info, ptr::addr_of_mut!((*mb).master), 1);
        (*mb).master.obj = ptr::null_mut();
        let r = add_view(mb, ptr::addr_of!((*mb).master));
        drop(own);
        r
    }
}

/// `PyMemoryView_GetContiguous`: a view of `o` contiguous in `order`
/// (`b'C'`, `b'F'` or `b'A'`), a read-only copy when `o` is not and
/// `buffertype` is [`BUF_READ`].
///
/// # Safety
/// `o` live.
pub unsafe fn get_contiguous(o: *mut PyObject, buffertype: c_int, order: u8) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let m = from_object(o)?;
        let v = ptr::addr_of_mut!((*mv(m.as_ptr())).view);
        if buffertype == BUF_WRITE && (*v).readonly != 0 {
            return Err(err::raise(
                Exc::BufferError,
                "underlying buffer is not writable",
            ));
        }
        if buffer::is_contiguous(v, order) {
            return Ok(m);
        }
        if buffertype == BUF_WRITE {
            return Err(err::raise(
                Exc::BufferError,
                "writable contiguous buffer requested for a non-contiguous object.",
            ));
        }
        // A copy in `order`, viewed with the source's format and shape.
        let copy = bytes::zeroed((*v).len)?;
        buffer::to_contiguous(bytes::sval(copy.as_ptr()), v, (*v).len, order)?;
        let mb = mbuf_new()?;
        let own = Owned::from_raw(mb as *mut PyObject);
        buffer::get(copy.as_ptr(), ptr::addr_of_mut!((*mb).master), bf::FULL_RO)?;
        let nd = (*v).ndim.max(0) as usize;
        let r = add_incomplete_view(mb, v, nd)?;
        drop(own);
        let rm = mv(r.as_ptr());
        let d = ptr::addr_of_mut!((*rm).view);
        (*d).obj = copy.as_ptr();
        (*d).buf = (*mb).master.buf;
        (*d).readonly = 1;
        if nd == 0 {
            (*d).shape = ptr::null_mut();
            (*d).strides = ptr::null_mut();
        } else {
            ptr::copy_nonoverlapping((*v).shape, (*d).shape, nd);
            if order == b'F' {
                f_strides(d);
            } else {
                c_strides(d);
            }
        }
        (*d).suboffsets = ptr::null_mut();
        init_flags(rm);
        Ok(r)
    }
}

/// `_memory_release`: marks the view released and unregisters it (the
/// exporter's buffer is released with the last view); a `BufferError`
/// while buffers exported from this view are held.
///
/// # Safety
/// `m` a live view.
unsafe fn release(m: *mut PyMemoryViewObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if (*m).flags & view_flags::RELEASED != 0 {
            return Ok(());
        }
        if (*m).exports > 0 {
            let n = (*m).exports;
            return Err(err::raise(
                Exc::BufferError,
                &format!(
                    "memoryview has {n} exported buffer{}",
                    if n == 1 { "" } else { "s" }
                ),
            ));
        }
        (*m).flags |= view_flags::RELEASED;
        (*m).view.obj = ptr::null_mut();
        let mb = (*m).mbuf;
        (*mb).exports -= 1;
        if (*mb).exports == 0 {
            mbuf_release(mb);
        }
        Ok(())
    }
}

// ---- items -----------------------------------------------------------------------

/// The address of item `index` along dimension `dim` from `p`
/// (`ptr_from_index` for one dimension): negative indices count from the
/// end, suboffsets are followed.
///
/// # Safety
/// `v` a filled view with at least `dim + 1` dimensions; `p` inside it.
unsafe fn step(v: *const PyBuffer, p: *mut u8, dim: usize, index: isize) -> PyResult<*mut u8> {
    // SAFETY: the index is checked against the shape; the exporter vouches
    // for the strides and suboffsets.
    unsafe {
        let n = *(*v).shape.add(dim);
        let i = if index < 0 { index + n } else { index };
        if i < 0 || i >= n {
            return Err(err::index_error(&format!(
                "index out of bounds on dimension {}",
                dim + 1
            )));
        }
        let mut q = p.offset(*(*v).strides.add(dim) * i);
        if !(*v).suboffsets.is_null() && *(*v).suboffsets.add(dim) >= 0 {
            q = (*(q as *mut *mut u8)).offset(*(*v).suboffsets.add(dim));
        }
        Ok(q)
    }
}

/// The address of every item of the view, in C order.
///
/// # Safety
/// `v` a filled view.
unsafe fn item_ptrs(v: *const PyBuffer) -> PyResult<Vec<*mut u8>> {
    // SAFETY: forwarded; indices stay within the shape.
    unsafe {
        let nd = (*v).ndim.max(0) as usize;
        let mut out = Vec::new();
        if nd == 0 {
            out.push((*v).buf as *mut u8);
            return Ok(out);
        }
        fn walk(
            v: *const PyBuffer,
            p: *mut u8,
            dim: usize,
            nd: usize,
            out: &mut Vec<*mut u8>,
        ) -> PyResult<()> {
            // SAFETY: as above.
            unsafe {
                for i in 0..*(*v).shape.add(dim) {
                    let q = step(v, p, dim, i)?;
                    if dim + 1 == nd {
                        alloc::fallible::reserve(out, 1)?;
                        out.push(q);
                    } else {
                        walk(v, q, dim + 1, nd, out)?;
                    }
                }
                Ok(())
            }
        }
        walk(v, (*v).buf as *mut u8, 0, nd, &mut out)?;
        Ok(out)
    }
}

/// The item at a tuple of indices, one per dimension (`ptr_from_tuple`).
///
/// # Safety
/// `v` a filled view; `key` a live tuple of index objects.
unsafe fn ptr_from_tuple(v: *const PyBuffer, key: *mut PyObject) -> PyResult<*mut u8> {
    // SAFETY: forwarded.
    unsafe {
        let n = tuple::size(key);
        let nd = (*v).ndim as isize;
        if n > nd {
            return Err(err::type_error(&format!(
                "cannot index {nd}-dimension view with {n}-element tuple"
            )));
        }
        let mut p = (*v).buf as *mut u8;
        for d in 0..n {
            let i = number::as_ssize(tuple::item(key, d), Some(exceptions::get(Exc::IndexError)))?;
            p = step(v, p, d as usize, i)?;
        }
        Ok(p)
    }
}

/// Whether `key` is a tuple of index objects (`is_multiindex`).
///
/// # Safety
/// `key` live.
unsafe fn is_multiindex(key: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe {
        tuple::check(key) && (0..tuple::size(key)).all(|i| number::index_check(tuple::item(key, i)))
    }
}

/// Whether `key` is a tuple of slices (`is_multislice`).
///
/// # Safety
/// `key` live.
unsafe fn is_multislice(key: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { tuple::check(key) && (0..tuple::size(key)).all(|i| slice::check(tuple::item(key, i))) }
}

/// Applies the slice `key` to dimension `dim` of `v` (`init_slice`).
///
/// # Safety
/// `v` a filled view with writable arrays; `key` a live slice.
unsafe fn init_slice(v: *mut PyBuffer, key: *mut PyObject, dim: usize) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let (mut start, mut stop, step) = slice::unpack(key)?;
        let n = slice::adjust(*(*v).shape.add(dim), &mut start, &mut stop, step);
        let st = (*v).strides.add(dim);
        (*v).buf = ((*v).buf as *mut u8).offset(*st * start) as *mut c_void;
        *(*v).shape.add(dim) = n;
        *st *= step;
        Ok(())
    }
}

/// `init_len`: `product(shape) * itemsize`.
///
/// # Safety
/// `v` a filled view.
unsafe fn init_len(v: *mut PyBuffer) {
    // SAFETY: forwarded.
    unsafe {
        let nd = (*v).ndim.max(0) as usize;
        let mut len = (*v).itemsize;
        for i in 0..nd {
            len *= *(*v).shape.add(i);
        }
        (*v).len = len;
    }
}

/// `memory_item`: item `index` of a one-dimensional view.
///
/// # Safety
/// `m` a live view.
unsafe fn item(m: *mut PyMemoryViewObject, index: isize) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        check_released(m)?;
        let v = ptr::addr_of_mut!((*m).view);
        let fmt = item_fmt(v)?;
        match (*v).ndim {
            0 => Err(err::type_error("invalid indexing of 0-dim memory")),
            1 => fmt.unpack(step(v, (*v).buf as *mut u8, 0, index)?),
            _ => Err(err::raise(
                Exc::NotImplementedError,
                "multi-dimensional sub-views are not implemented",
            )),
        }
    }
}

/// `memory_subscript`.
///
/// # Safety
/// `op` a live view; `key` live.
unsafe fn subscript(op: *mut PyObject, key: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let m = mv(op);
        check_released(m)?;
        let v = ptr::addr_of_mut!((*m).view);
        if (*v).ndim == 0 {
            if key == lifecycle::ellipsis() {
                return Ok(Owned::from_borrowed(op));
            }
            if tuple::check(key) && tuple::size(key) == 0 {
                return item_fmt(v)?.unpack((*v).buf as *const u8);
            }
            return Err(err::type_error("invalid indexing of 0-dim memory"));
        }
        if number::index_check(key) {
            let i = number::as_ssize(key, Some(exceptions::get(Exc::IndexError)))?;
            return item(m, i);
        }
        if slice::check(key) {
            let r = add_view((*m).mbuf, v)?;
            let rv = ptr::addr_of_mut!((*mv(r.as_ptr())).view);
            init_slice(rv, key, 0)?;
            init_len(rv);
            init_flags(mv(r.as_ptr()));
            return Ok(r);
        }
        if is_multiindex(key) {
            let fmt = item_fmt(v)?;
            if tuple::size(key) < (*v).ndim as isize {
                return Err(err::raise(
                    Exc::NotImplementedError,
                    "sub-views are not implemented",
                ));
            }
            return fmt.unpack(ptr_from_tuple(v, key)?);
        }
        if is_multislice(key) {
            return Err(err::raise(
                Exc::NotImplementedError,
                "multi-dimensional slicing is not implemented",
            ));
        }
        Err(err::type_error("memoryview: invalid slice key"))
    }
}

/// `memory_ass_sub`.
///
/// # Safety
/// `op` a live view; `key` live; `value` live or NULL (delete).
unsafe fn ass_subscript(
    op: *mut PyObject,
    key: *mut PyObject,
    value: *mut PyObject,
) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let m = mv(op);
        check_released(m)?;
        let v = ptr::addr_of_mut!((*m).view);
        if (*v).readonly != 0 {
            return Err(err::type_error("cannot modify read-only memory"));
        }
        if value.is_null() {
            return Err(err::type_error("cannot delete memory"));
        }
        let fmt = item_fmt(v)?;
        if (*v).ndim == 0 {
            if key == lifecycle::ellipsis() || (tuple::check(key) && tuple::size(key) == 0) {
                return fmt.pack((*v).buf as *mut u8, value);
            }
            return Err(err::type_error("invalid indexing of 0-dim memory"));
        }
        if number::index_check(key) {
            if (*v).ndim > 1 {
                return Err(err::raise(
                    Exc::NotImplementedError,
                    "sub-views are not implemented",
                ));
            }
            let i = number::as_ssize(key, Some(exceptions::get(Exc::IndexError)))?;
            return fmt.pack(step(v, (*v).buf as *mut u8, 0, i)?, value);
        }
        if slice::check(key) && (*v).ndim == 1 {
            let mut src = std::mem::MaybeUninit::<PyBuffer>::zeroed();
            let s = src.as_mut_ptr();
            buffer::get(value, s, bf::FULL_RO)?;
            let r = assign_slice(v, key, s);
            buffer::release(s);
            return r;
        }
        if is_multiindex(key) {
            if tuple::size(key) < (*v).ndim as isize {
                return Err(err::raise(
                    Exc::NotImplementedError,
                    "sub-views are not implemented",
                ));
            }
            return fmt.pack(ptr_from_tuple(v, key)?, value);
        }
        if slice::check(key) || is_multislice(key) {
            return Err(err::raise(
                Exc::NotImplementedError,
                "memoryview slice assignments are currently restricted to ndim = 1",
            ));
        }
        Err(err::type_error("memoryview: invalid slice key"))
    }
}

/// `m[slice] = src` on a one-dimensional view: same format, item size and
/// shape (`copy_single`); the source is read completely first, so
/// overlapping memory is copied as `memmove` would.
///
/// # Safety
/// `v` a filled one-dimensional writable view; `key` a live slice; `src`
/// a filled view.
unsafe fn assign_slice(v: *mut PyBuffer, key: *mut PyObject, src: *mut PyBuffer) -> PyResult<()> {
    // SAFETY: forwarded; every address comes from the views' shapes.
    unsafe {
        let mut shape = [*(*v).shape];
        let mut strides = [*(*v).strides];
        let mut suboffsets = [if (*v).suboffsets.is_null() {
            -1
        } else {
            *(*v).suboffsets
        }];
        let mut dest = ptr::read(v);
        dest.shape = shape.as_mut_ptr();
        dest.strides = strides.as_mut_ptr();
        dest.suboffsets = if (*v).suboffsets.is_null() {
            ptr::null_mut()
        } else {
            suboffsets.as_mut_ptr()
        };
        init_slice(&mut dest, key, 0)?;
        let strip = |f: &'static [u8]| f.strip_prefix(b"@").unwrap_or(f);
        let src_len = if (*src).shape.is_null() {
            (*src).len / (*src).itemsize.max(1)
        } else {
            *(*src).shape
        };
        let same = strip(format_bytes(&dest)) == strip(format_bytes(src))
            && dest.itemsize == (*src).itemsize
            && (*src).ndim == 1
            && src_len == shape[0];
        if !same {
            return Err(err::value_error(
                "memoryview assignment: lvalue and rvalue have different structures",
            ));
        }
        let mut data = alloc::fallible::with_capacity::<u8>((*src).len.max(0) as usize)?;
        data.resize((*src).len.max(0) as usize, 0);
        buffer::to_contiguous(data.as_mut_ptr(), src, (*src).len, b'C')?;
        let item = dest.itemsize as usize;
        for (k, p) in item_ptrs(&dest)?.into_iter().enumerate() {
            ptr::copy_nonoverlapping(data.as_ptr().add(k * item), p, item);
        }
        Ok(())
    }
}

/// `tolist()`'s nesting for dimension `dim` from `p`.
///
/// # Safety
/// `v` a filled view; `p` inside it.
unsafe fn tolist_rec(v: *const PyBuffer, fmt: Fmt, p: *mut u8, dim: usize) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let n = *(*v).shape.add(dim);
        let mut items = alloc::fallible::with_capacity::<Owned>(n.max(0) as usize)?;
        for i in 0..n {
            let q = step(v, p, dim, i)?;
            items.push(if dim + 1 == (*v).ndim as usize {
                fmt.unpack(q)?
            } else {
                tolist_rec(v, fmt, q, dim + 1)?
            });
        }
        list::from_owned(items)
    }
}

/// The view's bytes in C order (`tobytes()`).
///
/// # Safety
/// `v` a filled view.
unsafe fn to_bytes(v: *const PyBuffer, order: u8) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let out = bytes::zeroed((*v).len)?;
        buffer::to_contiguous(bytes::sval(out.as_ptr()), v, (*v).len, order)?;
        Ok(out)
    }
}

// ---- slots -----------------------------------------------------------------------

unsafe extern "C" fn mv_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; views exported from this one held a
    // reference, so none is left and release cannot fail.
    unsafe {
        let m = mv(op);
        let _ = release(m);
        if !(*m).weakreflist.is_null() {
            crate::objects::weakref::clear_weakrefs(op);
        }
        decref((*m).mbuf as *mut PyObject);
        alloc::free_object(op);
    }
}

unsafe extern "C" fn mv_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a memoryview.
    unsafe {
        let s = if is_released(mv(op)) {
            format!("<released memory at {op:p}>")
        } else {
            format!("<memory at {op:p}>")
        };
        err::into_ptr(unicode::from_str(&s))
    }
}

unsafe extern "C" fn mv_hash(op: *mut PyObject) -> isize {
    // SAFETY: slot on a memoryview.
    unsafe {
        let m = mv(op);
        if (*m).hash != -1 {
            return (*m).hash;
        }
        let r = (|| {
            check_released(m)?;
            let v = ptr::addr_of_mut!((*m).view);
            if (*v).readonly == 0 {
                return Err(err::value_error("cannot hash writable memoryview object"));
            }
            if !Fmt::parse(format_bytes(v)).is_some_and(Fmt::is_byte) {
                return Err(err::value_error(
                    "memoryview: hashing is restricted to formats 'B', 'b' or 'c'",
                ));
            }
            if !(*v).obj.is_null() {
                abstract_::hash((*v).obj)?;
            }
            let b = to_bytes(v, b'C')?;
            Ok(unicode::hash_bytes(bytes::as_slice(b.as_ptr())))
        })();
        match r {
            Ok(h) => {
                (*m).hash = h;
                h
            }
            Err(_) => -1,
        }
    }
}

unsafe extern "C" fn mv_richcompare(
    v: *mut PyObject,
    w: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: slot on a memoryview `v` (or the reflected call with `w`).
    unsafe {
        if op != abstract_::EQ && op != abstract_::NE {
            return new_ref(lifecycle::not_implemented());
        }
        match equal(v, w) {
            Ok(None) => new_ref(lifecycle::not_implemented()),
            Ok(Some(eq)) => long::bool_from(eq == (op == abstract_::EQ)).into_raw(),
            Err(_) => ptr::null_mut(),
        }
    }
}

/// A view of an operand of `==`: a memoryview's own view, or a buffer
/// got from another exporter (released on drop).
enum Operand {
    Own(*mut PyBuffer),
    Got(Box<PyBuffer>),
}

impl Operand {
    fn view(&mut self) -> *mut PyBuffer {
        match self {
            Operand::Own(v) => *v,
            Operand::Got(b) => &mut **b,
        }
    }
}

impl Drop for Operand {
    fn drop(&mut self) {
        if let Operand::Got(b) = self {
            // SAFETY: a view filled by buffer::get, released once.
            unsafe { buffer::release(&mut **b) };
        }
    }
}

/// `memory_richcompare`'s equality: `None` when `w` is no exporter.
///
/// # Safety
/// `v`, `w` live.
unsafe fn equal(v: *mut PyObject, w: *mut PyObject) -> PyResult<Option<bool>> {
    // SAFETY: forwarded.
    unsafe {
        let operand = |o: *mut PyObject| -> Option<Result<Operand, bool>> {
            if check(o) {
                if is_released(mv(o)) {
                    return Some(Err(v == w));
                }
                return Some(Ok(Operand::Own(ptr::addr_of_mut!((*mv(o)).view))));
            }
            // SAFETY: a zeroed view is a valid target for buffer::get.
            let mut b: Box<PyBuffer> = Box::new(std::mem::zeroed());
            if buffer::check(o) && buffer::get(o, &mut *b, bf::FULL_RO).is_ok() {
                return Some(Ok(Operand::Got(b)));
            }
            err::clear();
            None
        };
        let mut a = match operand(v) {
            None => return Ok(None),
            Some(Err(eq)) => return Ok(Some(eq)),
            Some(Ok(a)) => a,
        };
        let mut b = match operand(w) {
            None => return Ok(None),
            Some(Err(eq)) => return Ok(Some(eq)),
            Some(Ok(b)) => b,
        };
        let (av, bv) = (a.view(), b.view());
        // equiv_shape
        let dims = |x: *mut PyBuffer| -> Vec<isize> {
            let nd = (*x).ndim.max(0) as usize;
            if (*x).shape.is_null() {
                if nd == 0 {
                    Vec::new()
                } else {
                    vec![(*x).len / (*x).itemsize.max(1)]
                }
            } else {
                std::slice::from_raw_parts((*x).shape, nd).to_vec()
            }
        };
        let (sa, sb) = (dims(av), dims(bv));
        if sa.len() != sb.len() {
            return Ok(Some(false));
        }
        for (x, y) in sa.iter().zip(&sb) {
            if x != y {
                return Ok(Some(false));
            }
            if *x == 0 {
                break;
            }
        }
        let (fa, fb) = (item_fmt(av)?, item_fmt(bv)?);
        let (pa, pb) = (item_ptrs(av)?, item_ptrs(bv)?);
        for (x, y) in pa.into_iter().zip(pb) {
            let (ox, oy) = (fa.unpack(x)?, fb.unpack(y)?);
            if !abstract_::rich_compare_bool(ox.as_ptr(), oy.as_ptr(), abstract_::EQ)? {
                return Ok(Some(false));
            }
        }
        Ok(Some(true))
    }
}

unsafe extern "C" fn mv_length(op: *mut PyObject) -> isize {
    // SAFETY: slot on a memoryview.
    unsafe {
        let m = mv(op);
        if check_released(m).is_err() {
            return -1;
        }
        if (*m).view.ndim == 0 {
            let _ = err::type_error("0-dim memory has no length");
            return -1;
        }
        *(*m).view.shape
    }
}

/// `iter(view)`: the sequence iterator over a one-dimensional view; CPython's
/// errors for other dimensions and unreadable formats.
unsafe extern "C" fn mv_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a memoryview.
    unsafe {
        let m = mv(op);
        let r = check_released(m).and_then(|_| {
            let v = ptr::addr_of_mut!((*m).view);
            match (*v).ndim {
                0 => return Err(err::type_error("invalid indexing of 0-dim memory")),
                1 => {}
                _ => {
                    return Err(err::raise(
                        Exc::NotImplementedError,
                        "multi-dimensional sub-views are not implemented",
                    ))
                }
            }
            item_fmt(v)?;
            crate::objects::iterobject::seq_iter_new(op)
        });
        err::into_ptr(r)
    }
}

unsafe extern "C" fn mv_item(op: *mut PyObject, i: isize) -> *mut PyObject {
    // SAFETY: slot on a memoryview.
    err::into_ptr(unsafe { item(mv(op), i) })
}

unsafe extern "C" fn mv_subscript(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a memoryview.
    err::into_ptr(unsafe { subscript(op, key) })
}

unsafe extern "C" fn mv_ass_subscript(
    op: *mut PyObject,
    key: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    // SAFETY: slot on a memoryview.
    match unsafe { ass_subscript(op, key, value) } {
        Ok(()) => 0,
        Err(_) => -1,
    }
}

/// `memory_getbuf`: this view re-exported under the consumer's flags.
unsafe extern "C" fn mv_getbuffer(op: *mut PyObject, view: *mut PyBuffer, flags: c_int) -> c_int {
    // SAFETY: bf_getbuffer contract: `op` a live view, `view` writable.
    unsafe {
        let m = mv(op);
        let r = (|| {
            check_released(m)?;
            let base = ptr::addr_of!((*m).view);
            let f = (*m).flags;
            let req = |x: c_int| flags & x == x;
            let berr = |s: &str| Err(err::raise(Exc::BufferError, s));
            if flags & bf::WRITABLE != 0 && (*base).readonly != 0 {
                return berr("memoryview: underlying buffer is not writable");
            }
            let c_contig = f & (view_flags::SCALAR | view_flags::C) != 0;
            let f_contig = f & (view_flags::SCALAR | view_flags::FORTRAN) != 0;
            if req(bf::C_CONTIGUOUS) && !c_contig {
                return berr("memoryview: underlying buffer is not C-contiguous");
            }
            if req(bf::F_CONTIGUOUS) && !f_contig {
                return berr("memoryview: underlying buffer is not Fortran contiguous");
            }
            if req(bf::ANY_CONTIGUOUS) && !c_contig && !f_contig {
                return berr("memoryview: underlying buffer is not contiguous");
            }
            if !req(bf::INDIRECT) && f & view_flags::PIL != 0 {
                return berr("memoryview: underlying buffer requires suboffsets");
            }
            if !req(bf::STRIDES) && !c_contig {
                return berr("memoryview: underlying buffer is not C-contiguous");
            }
            let has_format = flags & bf::FORMAT != 0;
            if !req(bf::ND) && has_format {
                return berr(
                    "memoryview: cannot cast to unsigned bytes if the format flag is present",
                );
            }
            ptr::copy_nonoverlapping(base, view, 1);
            if !has_format {
                (*view).format = ptr::null_mut();
            }
            if !req(bf::STRIDES) {
                (*view).strides = ptr::null_mut();
            }
            if !req(bf::ND) {
                (*view).ndim = 1;
                (*view).shape = ptr::null_mut();
            }
            (*view).obj = new_ref(op);
            (*m).exports += 1;
            Ok(())
        })();
        match r {
            Ok(()) => 0,
            Err(_) => {
                if !view.is_null() {
                    (*view).obj = ptr::null_mut();
                }
                -1
            }
        }
    }
}

unsafe extern "C" fn mv_releasebuffer(op: *mut PyObject, _view: *mut PyBuffer) {
    // SAFETY: bf_releasebuffer contract: a view this object exported.
    unsafe { (*mv(op)).exports -= 1 }
}

static NEW_SIG: Sig = Sig::new("memoryview", &[arg("object")]);

unsafe extern "C" fn mv_new(
    _t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract: `args` a tuple, `kw` NULL or a dict.
    unsafe {
        err::into_ptr(
            NEW_SIG
                .bind_call::<1>(args, kw)
                .and_then(|a| from_object(a.req(0))),
        )
    }
}

// ---- attributes ------------------------------------------------------------------

/// Defines a getter that checks the view is not released and computes
/// the attribute from `m` (the view) and `v` (its `Py_buffer`).
macro_rules! getter {
    ($name:ident, |$m:ident, $v:ident| $body:expr) => {
        unsafe extern "C" fn $name(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
            // SAFETY: getset on a memoryview.
            unsafe {
                let $m = mv(op);
                let r = check_released($m).and_then(|_| {
                    let $v = ptr::addr_of_mut!((*$m).view);
                    let _ = &$v;
                    $body
                });
                err::into_ptr(r)
            }
        }
    };
}

/// A tuple of `n` ints at `p` (empty when `p` is NULL).
///
/// # Safety
/// `p` NULL or readable for `n` entries.
unsafe fn int_tuple(p: *const isize, n: c_int) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if p.is_null() {
            return tuple::new(0);
        }
        let mut items = Vec::with_capacity(n.max(0) as usize);
        for i in 0..n.max(0) as usize {
            items.push(long::from_i64(*p.add(i) as i64)?);
        }
        tuple::from_owned(items)
    }
}

getter!(get_obj, |m, v| Ok(Owned::from_borrowed(
    if (*v).obj.is_null() {
        lifecycle::none()
    } else {
        (*v).obj
    }
)));
getter!(get_nbytes, |m, v| long::from_i64((*v).len as i64));
getter!(get_readonly, |m, v| Ok(long::bool_from((*v).readonly != 0)));
getter!(get_itemsize, |m, v| long::from_i64((*v).itemsize as i64));
getter!(get_format, |m, v| unicode::from_str(
    &String::from_utf8_lossy(format_bytes(v))
));
getter!(get_ndim, |m, v| long::from_i64(i64::from((*v).ndim)));
getter!(get_shape, |m, v| int_tuple((*v).shape, (*v).ndim));
getter!(get_strides, |m, v| int_tuple((*v).strides, (*v).ndim));
getter!(get_suboffsets, |m, v| int_tuple((*v).suboffsets, (*v).ndim));
getter!(get_c_contiguous, |m, v| Ok(long::bool_from(
    (*m).flags & (view_flags::SCALAR | view_flags::C) != 0
)));
getter!(get_f_contiguous, |m, v| Ok(long::bool_from(
    (*m).flags & (view_flags::SCALAR | view_flags::FORTRAN) != 0
)));
getter!(get_any_contiguous, |m, v| Ok(long::bool_from(
    (*m).flags & (view_flags::SCALAR | view_flags::C | view_flags::FORTRAN) != 0
)));

const fn getset(
    name: &'static CStr,
    get: unsafe extern "C" fn(*mut PyObject, *mut c_void) -> *mut PyObject,
    doc: &'static CStr,
) -> PyGetSetDef {
    PyGetSetDef {
        name: name.as_ptr(),
        get: Some(get),
        set: None,
        doc: doc.as_ptr(),
        closure: ptr::null_mut(),
    }
}

static mut MV_GETSET: [PyGetSetDef; 13] = [
    getset(c"obj", get_obj, c"The underlying object of the memoryview."),
    getset(c"nbytes", get_nbytes, c"The amount of space in bytes that the array would use in\n a contiguous representation."),
    getset(c"readonly", get_readonly, c"A bool indicating whether the memory is read only."),
    getset(c"itemsize", get_itemsize, c"The size in bytes of each element of the memoryview."),
    getset(c"format", get_format, c"A string containing the format (in struct module style)\n for each element in the view."),
    getset(c"ndim", get_ndim, c"An integer indicating how many dimensions of a multi-dimensional\n array the memory represents."),
    getset(c"shape", get_shape, c"A tuple of ndim integers giving the shape of the memory\n as an N-dimensional array."),
    getset(c"strides", get_strides, c"A tuple of ndim integers giving the size in bytes to access\n each element for each dimension of the array."),
    getset(c"suboffsets", get_suboffsets, c"A tuple of integers used internally for PIL-style arrays."),
    getset(c"c_contiguous", get_c_contiguous, c"A bool indicating whether the memory is C contiguous."),
    getset(c"f_contiguous", get_f_contiguous, c"A bool indicating whether the memory is Fortran contiguous."),
    getset(c"contiguous", get_any_contiguous, c"A bool indicating whether the memory is contiguous."),
    typeobj::GETSET_END,
];

// ---- methods ---------------------------------------------------------------------

fastcall! {
    /// `memoryview.release()`.
    pub(crate) fn mv_release(s, _a = Sig::new("release", &[])) {
        release(mv(s))?;
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

fastcall! {
    /// `memoryview.__enter__()`.
    pub(crate) fn mv_enter(s, _a = Sig::new("__enter__", &[])) {
        check_released(mv(s))?;
        Ok(Owned::from_borrowed(s))
    }
}

fastcall! {
    /// `memoryview.__exit__(*exc_info)`.
    pub(crate) fn mv_exit(s, _a = Sig::new("__exit__", &[pos_opt("exc_type"), pos_opt("exc_value"), pos_opt("traceback")])) {
        release(mv(s))?;
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

fastcall! {
    /// `memoryview.tobytes(order='C')`.
    pub(crate) fn mv_tobytes(s, a = Sig::new("tobytes", &[arg_opt("order")])) {
        let order = match a.get(0) {
            None => b'C',
            Some(o) if o == lifecycle::none() => b'C',
            Some(o) if unicode::check(o) => match unicode::as_bytes(o) {
                b"C" => b'C',
                b"F" => b'F',
                b"A" => b'A',
                _ => return Err(err::value_error("order must be 'C', 'F' or 'A'")),
            },
            Some(o) => return Err(a.bad(0, "str or None", o)),
        };
        let m = mv(s);
        check_released(m)?;
        to_bytes(ptr::addr_of!((*m).view), order)
    }
}

fastcall! {
    /// `memoryview.tolist()`.
    pub(crate) fn mv_tolist(s, _a = Sig::new("tolist", &[])) {
        let m = mv(s);
        check_released(m)?;
        let v = ptr::addr_of_mut!((*m).view);
        let fmt = item_fmt(v)?;
        if (*v).ndim == 0 {
            return fmt.unpack((*v).buf as *const u8);
        }
        tolist_rec(v, fmt, (*v).buf as *mut u8, 0)
    }
}

fastcall! {
    /// `memoryview.toreadonly()`.
    pub(crate) fn mv_toreadonly(s, _a = Sig::new("toreadonly", &[])) {
        let m = mv(s);
        check_released(m)?;
        let r = add_view((*m).mbuf, ptr::addr_of!((*m).view))?;
        (*mv(r.as_ptr())).view.readonly = 1;
        Ok(r)
    }
}

fastcall! {
    /// `memoryview.hex(sep=<unrepresentable>, bytes_per_sep=1)`.
    pub(crate) fn mv_hex(s, a = Sig::new("hex", &[arg_opt("sep"), arg_opt("bytes_per_sep")])) {
        let m = mv(s);
        check_released(m)?;
        let b = to_bytes(ptr::addr_of!((*m).view), b'C')?;
        let per = a.ssize(1, 1)?;
        crate::objects::bytesmethods::hex_with_sep(bytes::as_slice(b.as_ptr()), a.get(0), per)
    }
}

fastcall! {
    /// `memoryview.cast(format, shape=<unrepresentable>)`.
    pub(crate) fn mv_cast(s, a = Sig::new("cast", &[arg("format"), arg_opt("shape")])) {
        let format = a.req_str(0)?;
        cast(mv(s), format, a.get(1))
    }
}

/// `memory_cast`: a view with another native format, as one dimension or
/// the given shape.
///
/// # Safety
/// `m` a live view; `format` a live str; `shape` live.
unsafe fn cast(
    m: *mut PyMemoryViewObject,
    format: *mut PyObject,
    shape: Option<*mut PyObject>,
) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        check_released(m)?;
        let v = ptr::addr_of_mut!((*m).view);
        if (*m).flags & (view_flags::SCALAR | view_flags::C) == 0 {
            return Err(err::type_error(
                "memoryview: casts are restricted to C-contiguous views",
            ));
        }
        let zero_in_shape = (0..(*v).ndim.max(0) as usize).any(|i| *(*v).shape.add(i) == 0);
        if (shape.is_some() || (*v).ndim != 1) && zero_in_shape {
            return Err(err::type_error(
                "memoryview: cannot cast view with zeros in shape or strides",
            ));
        }
        let mut dims: Option<Vec<*mut PyObject>> = None;
        if let Some(sh) = shape {
            let items: Vec<*mut PyObject> = if list::check(sh) {
                (0..list::size(sh)).map(|i| list::item(sh, i)).collect()
            } else if tuple::check(sh) {
                (0..tuple::size(sh)).map(|i| tuple::item(sh, i)).collect()
            } else {
                return Err(err::type_error("shape must be a list or a tuple"));
            };
            if items.len() > MAX_NDIM {
                return Err(err::value_error(
                    "memoryview: number of dimensions must not exceed 64",
                ));
            }
            if (*v).ndim != 1 && items.len() != 1 {
                return Err(err::type_error(
                    "memoryview: cast must be 1D -> ND or ND -> 1D",
                ));
            }
            dims = Some(items);
        }
        let ndim = dims.as_ref().map_or(1, Vec::len);
        let r = add_incomplete_view((*m).mbuf, v, ndim.max(1))?;
        let rm = mv(r.as_ptr());
        let d = ptr::addr_of_mut!((*rm).view);
        // cast_to_1D
        // The format is read as ASCII (a UnicodeEncodeError otherwise).
        crate::objects::codecs::encode(format, crate::objects::codecs::Codec::Ascii, None)?;
        let text = unicode::as_bytes(format);
        let dest = Fmt::parse(text).ok_or_else(|| {
            err::value_error(
                "memoryview: destination format must be a native single character format prefixed with an optional '@'",
            )
        })?;
        let src_is_byte = Fmt::parse(format_bytes(v)).is_some_and(Fmt::is_byte);
        if !src_is_byte && !dest.is_byte() {
            return Err(err::type_error(
                "memoryview: cannot cast between two non-byte formats",
            ));
        }
        let itemsize = dest.size().unwrap_or(1);
        if (*d).len % itemsize != 0 {
            return Err(err::type_error(
                "memoryview: length is not a multiple of itemsize",
            ));
        }
        (*d).format = dest.cstr(text.starts_with(b"@")).as_ptr() as *mut c_char;
        (*d).itemsize = itemsize;
        (*d).ndim = 1;
        *(*d).shape = (*d).len / itemsize;
        *(*d).strides = itemsize;
        (*d).suboffsets = ptr::null_mut();
        // cast_to_ND
        if let Some(items) = dims {
            (*d).ndim = items.len() as c_int;
            let len = if items.is_empty() {
                (*d).shape = ptr::null_mut();
                (*d).strides = ptr::null_mut();
                itemsize
            } else {
                let mut len = itemsize;
                for (i, &x) in items.iter().enumerate() {
                    if !long::check(x) {
                        return Err(err::type_error(
                            "memoryview.cast(): elements of shape must be integers",
                        ));
                    }
                    let n = long::as_ssize(x)?;
                    if n <= 0 {
                        return Err(err::value_error(
                            "memoryview.cast(): elements of shape must be integers > 0",
                        ));
                    }
                    if n > isize::MAX / len {
                        return Err(err::value_error(
                            "memoryview.cast(): product(shape) > SSIZE_MAX",
                        ));
                    }
                    len *= n;
                    *(*d).shape.add(i) = n;
                }
                c_strides(d);
                len
            };
            if (*d).len != len {
                return Err(err::type_error(
                    "memoryview: product(shape) * itemsize != buffer size",
                ));
            }
        }
        init_flags(rm);
        Ok(r)
    }
}

/// A method entry with its docstring.
const fn doc(mut d: PyMethodDef, text: &'static CStr) -> PyMethodDef {
    d.ml_doc = text.as_ptr();
    d
}

static mut MV_METHODS: [PyMethodDef; 10] = [
    doc(def(c"release", mv_release), c"release($self, /)\n--\n\nRelease the underlying buffer exposed by the memoryview object."),
    doc(def(c"tobytes", mv_tobytes), c"tobytes($self, /, order='C')\n--\n\nReturn the data in the buffer as a byte string."),
    doc(def(c"hex", mv_hex), c"hex($self, /, sep=<unrepresentable>, bytes_per_sep=1)\n--\n\nReturn the data in the buffer as a str of hexadecimal numbers."),
    doc(def(c"tolist", mv_tolist), c"tolist($self, /)\n--\n\nReturn the data in the buffer as a list of elements."),
    doc(def(c"cast", mv_cast), c"cast($self, /, format, shape=<unrepresentable>)\n--\n\nCast a memoryview to a new format or shape."),
    doc(def(c"toreadonly", mv_toreadonly), c"toreadonly($self, /)\n--\n\nReturn a readonly version of the memoryview."),
    def(c"__enter__", mv_enter),
    def(c"__exit__", mv_exit),
    typeobj::METHOD_END,
    typeobj::METHOD_END,
];

static mut MV_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_length: Some(mv_length),
    sq_concat: None,
    sq_repeat: None,
    sq_item: Some(mv_item),
    was_sq_slice: ptr::null_mut(),
    sq_ass_item: None,
    was_sq_ass_slice: ptr::null_mut(),
    sq_contains: None,
    sq_inplace_concat: None,
    sq_inplace_repeat: None,
};

static mut MV_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(mv_length),
    mp_subscript: Some(mv_subscript),
    mp_ass_subscript: Some(mv_ass_subscript),
};

static mut MV_AS_BUFFER: PyBufferProcs = PyBufferProcs {
    bf_getbuffer: Some(mv_getbuffer),
    bf_releasebuffer: Some(mv_releasebuffer),
};

/// Fills `PyMemoryView_Type` and the managed buffer type. Start-up only.
pub(crate) unsafe fn init_type() {
    // SAFETY: start-up, exclusive access to the static types.
    unsafe {
        let mb = lifecycle::leak_type();
        (*mb).tp_name = c"managedbuffer".as_ptr();
        (*mb).tp_basicsize = std::mem::size_of::<PyManagedBufferObject>() as isize;
        (*mb).tp_flags = flags::DEFAULT | flags::IMMUTABLETYPE;
        (*mb).tp_dealloc = Some(mbuf_dealloc);
        (*mb).tp_getattro = lifecycle::c_api_slots().getattro;
        MBUF_TYPE = mb;

        let t = lifecycle::memoryview_type();
        (*t).ob_base.ob_base = static_header(lifecycle::type_type());
        (*t).tp_name = c"memoryview".as_ptr();
        (*t).tp_basicsize = BASIC_SIZE as isize;
        (*t).tp_itemsize = std::mem::size_of::<isize>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::IMMUTABLETYPE | flags::SEQUENCE;
        (*t).tp_dealloc = Some(mv_dealloc);
        (*t).tp_repr = Some(mv_repr);
        (*t).tp_hash = Some(mv_hash);
        (*t).tp_richcompare = Some(mv_richcompare);
        (*t).tp_iter = Some(mv_iter);
        (*t).tp_getattro = lifecycle::c_api_slots().getattro;
        (*t).tp_as_sequence = ptr::addr_of_mut!(MV_AS_SEQUENCE);
        (*t).tp_as_mapping = ptr::addr_of_mut!(MV_AS_MAPPING);
        (*t).tp_as_buffer = ptr::addr_of_mut!(MV_AS_BUFFER);
        (*t).tp_weaklistoffset = std::mem::offset_of!(PyMemoryViewObject, weakreflist) as isize;
        (*t).tp_getset = ptr::addr_of_mut!(MV_GETSET).cast();
        (*t).tp_methods = ptr::addr_of_mut!(MV_METHODS).cast();
        (*t).tp_new = Some(mv_new);
        (*t).tp_doc = c"memoryview(object)\n--\n\nCreate a new memoryview object which references the given object.".as_ptr();
    }
}

/// Readies `PyMemoryView_Type` and the managed buffer type. Start-up only.
pub(crate) unsafe fn ready_type() {
    // SAFETY: start-up.
    unsafe {
        if typeobj::ready_static(mbuf_type()).is_err()
            || typeobj::ready_static(lifecycle::memoryview_type()).is_err()
        {
            lifecycle::fatal("Py_Initialize", "cannot ready the memoryview type");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_formats() {
        assert_eq!(Fmt::parse(b"@B"), Some(Fmt(b'B')));
        assert_eq!(Fmt::parse(b"d").and_then(Fmt::size), Some(8));
        for bad in [&b""[..], b"<i", b"@", b"x", b"BB", b"@@B"] {
            assert_eq!(Fmt::parse(bad), None, "{bad:?}");
        }
        assert!(Fmt(b'c').is_byte() && !Fmt(b'h').is_byte());
    }

    #[test]
    fn half_floats_round_trip() {
        for (x, h) in [
            (1.0, 0x3c00u16),
            (-2.0, 0xc000),
            (65504.0, 0x7bff),
            (5.960464477539063e-08, 0x0001),
            (0.0, 0),
            (f64::INFINITY, 0x7c00),
        ] {
            assert_eq!(f64_to_half(x), Some(h), "{x}");
            assert_eq!(half_to_f64(h), x);
        }
        assert_eq!(f64_to_half(65520.0), None);
        // Half-way cases round to even.
        assert_eq!(f64_to_half(1.0 + 2f64.powi(-11)), Some(0x3c00));
        assert_eq!(f64_to_half(1.0 + 3.0 * 2f64.powi(-11)), Some(0x3c02));
    }
}
