//! `bytes` with CPython's layout (`ob_shash` at 24, `ob_sval` at 32, so the
//! `PyBytes_AS_STRING` macro works), the immortal empty and one-byte
//! objects, and `repr`.

use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PySequenceMethods, PyTypeObject};
use crate::runtime::alloc;
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::{objects::long, objects::unicode, protocols::abstract_};
use std::ffi::c_int;
use std::ptr;

/// A `bytes` object; `ob_sval` holds `ob_size` bytes plus a NUL.
#[repr(C)]
pub struct PyBytesObject {
    /// Header with `ob_size`.
    pub ob_base: PyVarObject,
    /// Cached hash, -1 until computed (deprecated in CPython, kept for layout).
    pub ob_shash: Py_hash_t,
    /// First byte of the data.
    pub ob_sval: [u8; 1],
}
const HEADER: usize = std::mem::offset_of!(PyBytesObject, ob_sval);
const _: () = assert!(HEADER == 32);

static mut CACHE: [*mut PyObject; 257] = [ptr::null_mut(); 257];

static mut BYTES_AS_MAPPING: crate::objects::typeobj::PyMappingMethods =
    crate::objects::typeobj::PyMappingMethods {
        mp_length: Some(bytes_len),
        mp_subscript: Some(bytes_subscript),
        mp_ass_subscript: None,
    };

static mut BYTES_AS_SEQUENCE: PySequenceMethods = {
    // SAFETY: an all-zero table is a table of absent slots.
    let mut s: PySequenceMethods = unsafe { std::mem::zeroed() };
    s.sq_length = Some(bytes_len);
    s.sq_item = Some(bytes_item);
    s.sq_contains = Some(bytes_contains);
    s.sq_concat = Some(crate::objects::seqarith::bytes_concat);
    s.sq_repeat = Some(crate::objects::seqarith::bytes_repeat);
    s
};

static mut BYTES_AS_BUFFER: typeobj::PyBufferProcs = typeobj::PyBufferProcs {
    bf_getbuffer: Some(bytes_getbuffer),
    bf_releasebuffer: None,
};

unsafe extern "C" fn bytes_getbuffer(
    op: *mut PyObject,
    view: *mut crate::protocols::buffer::PyBuffer,
    flags: c_int,
) -> c_int {
    // SAFETY: slot on a bytes object: its bytes live as long as it does.
    unsafe {
        let b = as_slice(op);
        crate::protocols::buffer::export_readonly(op, view, sval(op), b.len() as isize, flags)
    }
}

/// `_PyBytes_Resize`: gives `*pv` (a bytes object nobody else holds)
/// `n` bytes, keeping the first ones; on error `*pv` is released and set
/// to NULL, as in CPython.
///
/// # Safety
/// `pv` points to NULL or an owned reference.
pub unsafe fn resize(pv: *mut *mut PyObject, n: isize) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let v = *pv;
        let fail = |pv: *mut *mut PyObject| {
            *pv = ptr::null_mut();
            xdecref(v);
            Err(err::bad_argument())
        };
        if v.is_null() || !check(v) || n < 0 {
            return fail(pv);
        }
        let old = as_slice(v);
        if old.len() as isize == n {
            return Ok(());
        }
        if !old.is_empty() && (*v).ob_refcnt != 1 {
            return fail(pv);
        }
        match zeroed(n) {
            Ok(new) => {
                let keep = old.len().min(n as usize);
                ptr::copy_nonoverlapping(old.as_ptr(), sval(new.as_ptr()), keep);
                *pv = new.into_raw();
                decref(v);
                Ok(())
            }
            Err(e) => {
                *pv = ptr::null_mut();
                decref(v);
                Err(e)
            }
        }
    }
}

/// Fills in `bytes`. Start-up only.
pub(crate) unsafe fn init_type(t: *mut PyTypeObject) {
    // SAFETY: start-up, exclusive access.
    unsafe {
        (*t).tp_name = c"bytes".as_ptr();
        (*t).tp_basicsize = HEADER as isize + 1;
        (*t).tp_itemsize = 1;
        (*t).tp_flags = flags::DEFAULT
            | flags::BASETYPE
            | flags::BYTES_SUBCLASS
            | flags::IMMUTABLETYPE
            | flags::MATCH_SELF;
        (*t).tp_dealloc = Some(bytes_dealloc);
        (*t).tp_repr = Some(bytes_repr);
        (*t).tp_hash = Some(bytes_hash);
        (*t).tp_richcompare = Some(bytes_richcompare);
        (*t).tp_as_sequence = ptr::addr_of_mut!(BYTES_AS_SEQUENCE);
        (*t).tp_as_mapping = ptr::addr_of_mut!(BYTES_AS_MAPPING);
        (*t).tp_as_buffer = ptr::addr_of_mut!(BYTES_AS_BUFFER);
        (*t).tp_new = Some(bytes_new);
        (*t).tp_doc = c"bytes(iterable_of_ints) -> bytes".as_ptr();
    }
}

/// Creates the immortal empty and single-byte objects. Start-up only.
pub(crate) unsafe fn init_runtime() {
    // SAFETY: start-up, exclusive access.
    unsafe {
        let cache = &mut *ptr::addr_of_mut!(CACHE);
        for (i, slot) in cache.iter_mut().enumerate() {
            let data: &[u8] = if i == 256 { &[] } else { &[i as u8] };
            let op = alloc_bytes(data.len()).expect("start-up allocation");
            ptr::copy_nonoverlapping(data.as_ptr(), sval(op), data.len());
            (*op).ob_refcnt = IMMORTAL_REFCNT;
            *slot = op;
        }
    }
}

/// Whether `op` is a bytes object.
///
/// # Safety
/// `op` must be live.
#[inline]
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { typeobj::has_flag(op, flags::BYTES_SUBCLASS) }
}

/// Pointer to the data.
///
/// # Safety
/// `op` must be a live bytes object.
#[inline]
pub unsafe fn sval(op: *mut PyObject) -> *mut u8 {
    // SAFETY: the data starts at offset 32.
    unsafe { (op as *mut u8).add(HEADER) }
}

/// The data as a slice (must not outlive the object).
///
/// # Safety
/// `op` must be a live bytes object.
#[inline]
pub unsafe fn as_slice<'a>(op: *mut PyObject) -> &'a [u8] {
    // SAFETY: `ob_size` bytes of data.
    unsafe { std::slice::from_raw_parts(sval(op), size_of_var(op) as usize) }
}

fn alloc_bytes(n: usize) -> PyResult<*mut PyObject> {
    // SAFETY: HEADER + n + 1 bytes; header fields written, data zeroed.
    unsafe {
        if n > alloc::MAX_SIZE - HEADER - 1 {
            return Err(err::overflow_error("byte string is too large"));
        }
        let op = alloc::new_object(lifecycle::bytes_type(), HEADER + n + 1)?;
        let b = op as *mut PyBytesObject;
        (*b).ob_base.ob_size = n as isize;
        (*b).ob_shash = -1;
        Ok(op)
    }
}

/// A bytes object with a copy of `data`.
pub fn from_bytes(data: &[u8]) -> PyResult<Owned> {
    if data.len() <= 1 {
        let i = data.first().map_or(256, |b| *b as usize);
        // SAFETY: cached objects are immortal.
        return Ok(unsafe { Owned::from_raw((*ptr::addr_of!(CACHE))[i]) });
    }
    let op = alloc_bytes(data.len())?;
    // SAFETY: room for `data.len()` bytes.
    unsafe { ptr::copy_nonoverlapping(data.as_ptr(), sval(op), data.len()) };
    // SAFETY: fresh object.
    Ok(unsafe { Owned::from_raw(op) })
}

/// `PyBytes_FromStringAndSize(NULL, n)`: `n` zero bytes, to be filled in.
pub fn zeroed(n: isize) -> PyResult<Owned> {
    if n < 0 {
        return Err(err::system_error(
            "Negative size passed to PyBytes_FromStringAndSize",
        ));
    }
    if n == 0 {
        return from_bytes(&[]);
    }
    // SAFETY: fresh object.
    Ok(unsafe { Owned::from_raw(alloc_bytes(n as usize)?) })
}

/// The error of the `PyBytes_*` accessors on non-bytes.
///
/// # Safety
/// `op` must be live.
pub unsafe fn expected_bytes(op: *mut PyObject) -> err::Raised {
    // SAFETY: forwarded.
    err::type_error(&format!("expected bytes, {} found", unsafe {
        typeobj::type_name_of(op)
    }))
}

/// `repr(bytes)`.
pub fn repr_bytes(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from("b");
    out.push(quote);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            c if c as char == quote => {
                out.push('\\');
                out.push(c as char);
            }
            c if !(0x20..0x7f).contains(&c) => out.push_str(&format!("\\x{c:02x}")),
            c => out.push(c as char),
        }
    }
    out.push(quote);
    out
}

unsafe extern "C" fn bytes_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe { alloc::free_object(op) }
}

unsafe extern "C" fn bytes_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on bytes.
    err::into_ptr(unicode::from_ascii(&repr_bytes(unsafe { as_slice(op) })))
}

unsafe extern "C" fn bytes_hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: slot on bytes.
    unsafe {
        let b = op as *mut PyBytesObject;
        if (*b).ob_shash == -1 {
            (*b).ob_shash = unicode::hash_bytes(as_slice(op));
        }
        (*b).ob_shash
    }
}

unsafe extern "C" fn bytes_len(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: slot on bytes.
    unsafe { size_of_var(op) }
}

unsafe extern "C" fn bytes_item(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    // SAFETY: slot on bytes; the caller normalized negative indexes.
    unsafe {
        let s = as_slice(op);
        if i < 0 || i as usize >= s.len() {
            return err::index_error("index out of range").into();
        }
        err::into_ptr(long::from_i64(i64::from(s[i as usize])))
    }
}

/// `x in b`: an integer is a byte value (`ValueError` outside 0..256),
/// a bytes object a substring; anything else is not bytes-like.
unsafe extern "C" fn bytes_contains(op: *mut PyObject, x: *mut PyObject) -> c_int {
    // SAFETY: slot on bytes; `x` live.
    unsafe {
        let hay = as_slice(op);
        let nb = (*(*x).ob_type).tp_as_number;
        if long::check(x) || (!nb.is_null() && (*nb).nb_index.is_some()) {
            // clamped, as CPython's PyNumber_AsSsize_t(x, NULL)
            if let Ok(v) = crate::protocols::number::as_ssize(x, None) {
                if !(0..256).contains(&v) {
                    let _ = err::value_error("byte must be in range(0, 256)");
                    return -1;
                }
                return c_int::from(hay.contains(&(v as u8)));
            }
            err::clear();
        }
        if !check(x) {
            let _ = err::type_error(&format!(
                "a bytes-like object is required, not '{}'",
                typeobj::full_name((*x).ob_type)
            ));
            return -1;
        }
        let needle = as_slice(x);
        c_int::from(needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle))
    }
}

unsafe extern "C" fn bytes_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: slot; `a` is bytes.
    unsafe {
        if !check(b) {
            return new_ref(lifecycle::not_implemented());
        }
        abstract_::ordering_result(as_slice(a).cmp(as_slice(b)), op)
    }
}

unsafe extern "C" fn bytes_subscript(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on bytes.
    unsafe {
        if crate::objects::slice::check(key) {
            return err::into_ptr(crate::objects::seqslice::bytes_get(op, key));
        }
        match abstract_::sequence_index(key, || size_of_var(op), "byte") {
            Ok(Some(i)) => err::into_ptr(long::from_i64(i64::from(as_slice(op)[i as usize]))),
            Ok(None) => err::index_error("index out of range").into(),
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn bytes_new(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract.
    unsafe { err::into_ptr(bytes_new_impl(t, args, kw)) }
}

/// `bytes(source=b'', encoding=..., errors=...)`'s signature.
static BYTES_NEW_SIG: crate::protocols::clinic::Sig = crate::protocols::clinic::Sig::new(
    "bytes",
    &[
        crate::protocols::clinic::arg_opt("source"),
        crate::protocols::clinic::arg_opt("encoding"),
        crate::protocols::clinic::arg_opt("errors"),
    ],
);

unsafe fn bytes_new_impl(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> PyResult<Owned> {
    // SAFETY: `args` is a tuple, `kw` NULL or a dict.
    unsafe {
        if t != lifecycle::bytes_type() {
            return Err(err::system_error(
                "Ophis does not create bytes subclass instances yet",
            ));
        }
        let a = BYTES_NEW_SIG.bind_call::<3>(args, kw)?;
        let (encoding, errors) = (a.str(1)?, a.str(2)?);
        let Some(x) = a.get(0) else {
            if encoding.is_some() {
                return Err(err::type_error("encoding without a string argument"));
            }
            if errors.is_some() {
                return Err(err::type_error("errors without a string argument"));
            }
            return from_bytes(&[]);
        };
        if encoding.is_some() || errors.is_some() {
            if !unicode::check(x) {
                return Err(err::type_error(if encoding.is_some() {
                    "encoding without a string argument"
                } else {
                    "errors without a string argument"
                }));
            }
            let Some(enc) = encoding else {
                return Err(err::type_error("string argument without an encoding"));
            };
            let enc = unicode::as_str(enc);
            let errs = errors.map(|e| unicode::as_str(e));
            return crate::objects::codecs::encode_to_bytes(x, Some(&enc), errs.as_deref());
        }
        if unicode::check(x) {
            return Err(err::type_error("string argument without an encoding"));
        }
        // `__bytes__` first, as CPython (looked up on the type).
        if let Some(f) = crate::protocols::abstract_::lookup_special(x, "__bytes__")? {
            let r = crate::protocols::call::call_args(f.as_ptr(), &[])?;
            if !check(r.as_ptr()) {
                return Err(err::type_error(&format!(
                    "__bytes__ returned non-bytes (type {})",
                    typeobj::type_name_of(r.as_ptr())
                )));
            }
            return Ok(r);
        }
        if check(x) {
            return from_bytes(as_slice(x));
        }
        if long::check(x) {
            let n = long::as_i64(x, "cannot fit 'int' into an index-sized integer")?;
            if n < 0 {
                return Err(err::value_error("negative count"));
            }
            return zeroed(n as isize);
        }
        from_object(x)
    }
}

/// `PyBytes_FromObject`: bytes as they are, a copy of any other bytes-like
/// object, any other iterable of ints in
/// `range(0, 256)`; a str or a non-iterable is a `TypeError`.
///
/// # Safety
/// `x` live.
pub unsafe fn from_object(x: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if (*x).ob_type == lifecycle::bytes_type() {
            return Ok(Owned::from_borrowed(x));
        }
        if check(x) {
            return from_bytes(as_slice(x));
        }
        if crate::protocols::buffer::check(x) {
            let mut view = std::mem::MaybeUninit::<crate::protocols::buffer::PyBuffer>::zeroed();
            let v = view.as_mut_ptr();
            crate::protocols::buffer::get(x, v, crate::protocols::buffer::flags::FULL_RO)?;
            let r = (|| {
                let n = (*v).len.max(0) as usize;
                let out = zeroed(n as isize)?;
                crate::protocols::buffer::to_contiguous(sval(out.as_ptr()), v, n as isize, b'C')?;
                Ok(out)
            })();
            crate::protocols::buffer::release(v);
            return r;
        }
        let not = format!(
            "cannot convert '{}' object to bytes",
            typeobj::full_name((*x).ob_type)
        );
        if unicode::check(x) {
            return Err(err::type_error(&not));
        }
        let items = abstract_::collect(x, &not)?;
        let mut out = Vec::with_capacity(items.len());
        for it in items {
            let v = long::index(it.as_ptr())?;
            match long::val(v.as_ptr()) {
                long::Val::Small(b) if (0..256).contains(&b) => out.push(b as u8),
                _ => return Err(err::value_error("bytes must be in range(0, 256)")),
            }
        }
        from_bytes(&out)
    }
}
