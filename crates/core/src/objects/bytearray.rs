//! `bytearray` with CPython's layout (`ob_alloc` at 24, `ob_bytes` at 32,
//! `ob_start` at 40, `ob_exports` at 48, so `PyByteArray_AS_STRING` and
//! `PyByteArray_GET_SIZE` work compiled inline): a mutable byte buffer that
//! exports itself through the buffer protocol (writable) and refuses to
//! change size while a view is out, with `PyByteArray_*`, construction
//! from sizes, bytes-like objects, iterables of ints and str with an
//! encoding, item and slice access, `+`, `*`, `+=`, comparison with any
//! bytes-like object, and the everyday methods.

use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyMethodDef, PySequenceMethods, PyTypeObject};
use crate::protocols::buffer::{self, PyBuffer};
use crate::protocols::clinic::{self, arg_opt, fastcall, pos, pos_opt, Sig};
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::{objects::bytes, objects::long, objects::unicode, protocols::abstract_, runtime::mem};
use std::ffi::{c_char, c_int, c_void};
use std::ptr;

/// A `bytearray` object.
#[repr(C)]
pub struct PyByteArrayObject {
    /// Header; `ob_size` is the length.
    pub ob_base: PyVarObject,
    /// Bytes allocated at `ob_bytes`.
    pub ob_alloc: isize,
    /// The block (NULL when nothing was ever allocated).
    pub ob_bytes: *mut u8,
    /// The first byte (CPython moves it forward on deletions at the front;
    /// Ophis keeps it equal to `ob_bytes`).
    pub ob_start: *mut u8,
    /// Buffer views currently exported.
    pub ob_exports: isize,
}
const _: () = {
    assert!(std::mem::offset_of!(PyByteArrayObject, ob_alloc) == 24);
    assert!(std::mem::offset_of!(PyByteArrayObject, ob_bytes) == 32);
    assert!(std::mem::offset_of!(PyByteArrayObject, ob_start) == 40);
    assert!(std::mem::offset_of!(PyByteArrayObject, ob_exports) == 48);
    assert!(std::mem::size_of::<PyByteArrayObject>() == 56);
};

/// What `PyByteArray_AS_STRING` gives for an empty bytearray (CPython's
/// `_PyByteArray_empty_string`, set at start-up to the exported symbol).
static mut EMPTY: *mut c_char = ptr::null_mut();

/// Records the exported `_PyByteArray_empty_string`. Start-up only.
pub fn set_empty_string(p: *mut c_char) {
    // SAFETY: start-up, before any bytearray exists.
    unsafe { EMPTY = p }
}

#[inline]
fn ba(op: *mut PyObject) -> *mut PyByteArrayObject {
    op as *mut PyByteArrayObject
}

/// Whether `op` is a bytearray (or subclass instance).
///
/// # Safety
/// `op` live.
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { typeobj::is_subtype((*op).ob_type, lifecycle::bytearray_type()) }
}

/// The contents (valid until the next resize).
///
/// # Safety
/// `op` a live bytearray.
pub unsafe fn as_slice<'a>(op: *mut PyObject) -> &'a [u8] {
    // SAFETY: `ob_start` holds `ob_size` bytes when non-empty.
    unsafe {
        let n = (*ba(op)).ob_base.ob_size as usize;
        if n == 0 {
            return &[];
        }
        std::slice::from_raw_parts((*ba(op)).ob_start, n)
    }
}

/// `PyByteArray_AsString`: the bytes, NUL-terminated.
///
/// # Safety
/// `op` a live bytearray.
pub unsafe fn as_ptr(op: *mut PyObject) -> *mut c_char {
    // SAFETY: forwarded.
    unsafe {
        if (*ba(op)).ob_base.ob_size == 0 {
            EMPTY
        } else {
            (*ba(op)).ob_start as *mut c_char
        }
    }
}

/// `PyByteArray_Resize`: a new length; the new bytes are zeroed.
/// `BufferError` while a view is exported.
///
/// # Safety
/// `op` a live bytearray.
pub unsafe fn resize(op: *mut PyObject, n: isize) -> PyResult<()> {
    // SAFETY: the block is reallocated through the object allocator and
    // the fields updated together.
    unsafe {
        if n < 0 {
            return Err(err::system_error(
                "Negative size passed to PyByteArray_Resize",
            ));
        }
        let b = ba(op);
        let old = (*b).ob_base.ob_size;
        if n == old {
            return Ok(());
        }
        if (*b).ob_exports > 0 {
            return Err(err::raise(
                crate::objects::exceptions::Exc::BufferError,
                "Existing exports of data: object cannot be re-sized",
            ));
        }
        if n as usize >= isize::MAX as usize / 2 {
            return Err(err::no_memory());
        }
        let need = n + 1;
        if need > (*b).ob_alloc || need < (*b).ob_alloc / 2 {
            // Grow with room to spare (as CPython over-allocates).
            let alloc = if need > (*b).ob_alloc {
                need + need / 8
            } else {
                need
            };
            let p = mem::realloc_in(mem::Domain::Obj, (*b).ob_bytes, alloc as usize);
            if p.is_null() {
                return Err(err::no_memory());
            }
            (*b).ob_bytes = p;
            (*b).ob_start = p;
            (*b).ob_alloc = alloc;
        }
        if n > old {
            ptr::write_bytes((*b).ob_start.add(old as usize), 0, (n - old) as usize);
        }
        *(*b).ob_start.add(n as usize) = 0;
        (*b).ob_base.ob_size = n;
        Ok(())
    }
}

/// A new bytearray of type `t` holding `data`.
///
/// # Safety
/// `t` a subtype of bytearray.
unsafe fn new_of(t: *mut PyTypeObject, data: &[u8]) -> PyResult<Owned> {
    // SAFETY: a fresh object; `resize` fills the block.
    unsafe {
        let op = if t == lifecycle::bytearray_type() {
            crate::runtime::alloc::new_object(t, std::mem::size_of::<PyByteArrayObject>())?
        } else {
            let f = (*t).tp_alloc.ok_or_else(err::bad_argument)?;
            let p = f(t, 0);
            if p.is_null() {
                return Err(err::Raised::assume());
            }
            p
        };
        let o = Owned::from_raw(op);
        let b = ba(op);
        (*b).ob_base.ob_size = 0;
        (*b).ob_alloc = 0;
        (*b).ob_bytes = ptr::null_mut();
        (*b).ob_start = ptr::null_mut();
        (*b).ob_exports = 0;
        resize(op, data.len() as isize)?;
        if !data.is_empty() {
            ptr::copy_nonoverlapping(data.as_ptr(), (*b).ob_start, data.len());
        }
        Ok(o)
    }
}

/// `PyByteArray_FromStringAndSize`.
pub fn from_bytes(data: &[u8]) -> PyResult<Owned> {
    // SAFETY: the bytearray type.
    unsafe { new_of(lifecycle::bytearray_type(), data) }
}

/// The bytes of a bytes-like object (copied), or `None` when `o` exports
/// no buffer.
///
/// # Safety
/// `o` live.
pub unsafe fn buffer_bytes(o: *mut PyObject) -> PyResult<Option<Vec<u8>>> {
    // SAFETY: forwarded; the view is released before returning.
    unsafe {
        if bytes::check(o) {
            return Ok(Some(bytes::as_slice(o).to_vec()));
        }
        if check(o) {
            return Ok(Some(as_slice(o).to_vec()));
        }
        if !buffer::check(o) {
            return Ok(None);
        }
        let mut view = std::mem::MaybeUninit::<PyBuffer>::zeroed();
        let v = view.as_mut_ptr();
        buffer::get(o, v, buffer::flags::FULL_RO)?;
        let mut out = vec![0u8; (*v).len.max(0) as usize];
        let r = buffer::to_contiguous(out.as_mut_ptr(), v, (*v).len, b'C');
        buffer::release(v);
        r.map(|_| Some(out))
    }
}

/// `PyByteArray_FromObject` (and `bytearray(o)`): a copy of a bytes-like
/// object, `o` zero bytes for an int, the ints of an iterable.
///
/// # Safety
/// `o` live.
pub unsafe fn from_object(o: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe { from_object_of(lifecycle::bytearray_type(), o) }
}

unsafe fn from_object_of(t: *mut PyTypeObject, o: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if let Some(b) = buffer_bytes(o)? {
            return new_of(t, &b);
        }
        if unicode::check(o) {
            return Err(err::type_error("string argument without an encoding"));
        }
        let nb = (*(*o).ob_type).tp_as_number;
        if !nb.is_null() && (*nb).nb_index.is_some() {
            let n = abstract_::index_as_ssize(o)?;
            if n < 0 {
                return Err(err::value_error("negative count"));
            }
            let v = crate::runtime::alloc::fallible::with_capacity::<u8>(n as usize)?;
            let mut v = v;
            v.resize(n as usize, 0);
            return new_of(t, &v);
        }
        let not = format!(
            "cannot convert '{}' object to bytearray",
            typeobj::full_name((*o).ob_type)
        );
        let items = abstract_::collect(o, &not)?;
        let mut out = Vec::with_capacity(items.len());
        for it in items {
            out.push(byte_value(it.as_ptr())?);
        }
        new_of(t, &out)
    }
}

/// An int in `range(0, 256)`, as bytearray items must be.
unsafe fn byte_value(o: *mut PyObject) -> PyResult<u8> {
    // SAFETY: forwarded.
    unsafe {
        let v = long::index(o)?;
        match long::val(v.as_ptr()) {
            long::Val::Small(b) if (0..256).contains(&b) => Ok(b as u8),
            _ => Err(err::value_error("byte must be in range(0, 256)")),
        }
    }
}

/// Fills in `bytearray`. Start-up only.
pub(crate) unsafe fn init_type() {
    // SAFETY: start-up, exclusive access to the static type.
    unsafe {
        let t = lifecycle::bytearray_type();
        (*t).ob_base.ob_base = static_header(lifecycle::type_type());
        (*t).tp_name = c"bytearray".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<PyByteArrayObject>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::BASETYPE | flags::MATCH_SELF;
        (*t).tp_dealloc = Some(ba_dealloc);
        (*t).tp_repr = Some(ba_repr);
        (*t).tp_str = Some(ba_repr);
        (*t).tp_hash = lifecycle::c_api_slots().hash_not_implemented;
        (*t).tp_richcompare = Some(ba_richcompare);
        (*t).tp_as_sequence = ptr::addr_of_mut!(BA_AS_SEQUENCE);
        (*t).tp_as_mapping = ptr::addr_of_mut!(BA_AS_MAPPING);
        (*t).tp_as_buffer = ptr::addr_of_mut!(BA_AS_BUFFER);
        (*t).tp_methods = ptr::addr_of_mut!(BA_METHODS).cast();
        (*t).tp_getattro = lifecycle::c_api_slots().getattro;
        (*t).tp_new = Some(ba_new);
        (*t).tp_doc = c"bytearray(iterable_of_ints) -> bytearray".as_ptr();
    }
}

/// Readies `bytearray`. Start-up only.
pub(crate) unsafe fn ready_type() {
    // SAFETY: start-up.
    unsafe {
        if typeobj::ready_static(lifecycle::bytearray_type()).is_err() {
            lifecycle::fatal("Py_Initialize", "cannot ready the bytearray type");
        }
    }
}

static mut BA_AS_SEQUENCE: PySequenceMethods = {
    // SAFETY: an all-zero table is a table of absent slots.
    let mut s: PySequenceMethods = unsafe { std::mem::zeroed() };
    s.sq_length = Some(ba_len);
    s.sq_item = Some(ba_item);
    s.sq_ass_item = Some(ba_ass_item);
    s.sq_contains = Some(ba_contains);
    s.sq_concat = Some(ba_concat);
    s.sq_repeat = Some(ba_repeat);
    s.sq_inplace_concat = Some(ba_inplace_concat);
    s
};

static mut BA_AS_MAPPING: typeobj::PyMappingMethods = typeobj::PyMappingMethods {
    mp_length: Some(ba_len),
    mp_subscript: Some(ba_subscript),
    mp_ass_subscript: None,
};

static mut BA_AS_BUFFER: typeobj::PyBufferProcs = typeobj::PyBufferProcs {
    bf_getbuffer: Some(ba_getbuffer),
    bf_releasebuffer: Some(ba_releasebuffer),
};

static mut BA_METHODS: [PyMethodDef; 41] = [
    clinic::def_class(c"fromhex", crate::objects::bytesmethods::bytes_fromhex),
    clinic::def(c"find", crate::objects::bytesmethods::bytes_find),
    clinic::def(c"rfind", crate::objects::bytesmethods::bytes_rfind),
    clinic::def(c"index", crate::objects::bytesmethods::bytes_index),
    clinic::def(c"rindex", crate::objects::bytesmethods::bytes_rindex),
    clinic::def(c"count", crate::objects::bytesmethods::bytes_count),
    clinic::def(
        c"startswith",
        crate::objects::bytesmethods::bytes_startswith,
    ),
    clinic::def(c"endswith", crate::objects::bytesmethods::bytes_endswith),
    clinic::def(c"split", crate::objects::bytesmethods::bytes_split),
    clinic::def(c"rsplit", crate::objects::bytesmethods::bytes_rsplit),
    clinic::def(c"strip", crate::objects::bytesmethods::bytes_strip),
    clinic::def(c"lstrip", crate::objects::bytesmethods::bytes_lstrip),
    clinic::def(c"rstrip", crate::objects::bytesmethods::bytes_rstrip),
    clinic::def(c"replace", crate::objects::bytesmethods::bytes_replace),
    clinic::def(c"partition", crate::objects::bytesmethods::bytes_partition),
    clinic::def(
        c"rpartition",
        crate::objects::bytesmethods::bytes_rpartition,
    ),
    clinic::def(c"join", crate::objects::bytesmethods::bytes_join),
    clinic::def(c"upper", crate::objects::bytesmethods::bytes_upper),
    clinic::def(c"lower", crate::objects::bytesmethods::bytes_lower),
    clinic::def(c"swapcase", crate::objects::bytesmethods::bytes_swapcase),
    clinic::def(
        c"capitalize",
        crate::objects::bytesmethods::bytes_capitalize,
    ),
    clinic::def(c"title", crate::objects::bytesmethods::bytes_title),
    clinic::def(c"isdigit", crate::objects::bytesmethods::bytes_isdigit),
    clinic::def(c"isalpha", crate::objects::bytesmethods::bytes_isalpha),
    clinic::def(c"isalnum", crate::objects::bytesmethods::bytes_isalnum),
    clinic::def(c"isspace", crate::objects::bytesmethods::bytes_isspace),
    clinic::def(c"isascii", crate::objects::bytesmethods::bytes_isascii),
    clinic::def(c"islower", crate::objects::bytesmethods::bytes_islower),
    clinic::def(c"isupper", crate::objects::bytesmethods::bytes_isupper),
    clinic::def(
        c"removeprefix",
        crate::objects::bytesmethods::bytes_removeprefix,
    ),
    clinic::def(
        c"removesuffix",
        crate::objects::bytesmethods::bytes_removesuffix,
    ),
    clinic::def(
        c"splitlines",
        crate::objects::bytesmethods::bytes_splitlines,
    ),
    clinic::def(c"translate", crate::objects::bytesmethods::bytes_translate),
    clinic::def(c"append", ba_append),
    clinic::def(c"extend", ba_extend),
    clinic::def(c"pop", ba_pop),
    clinic::def(c"clear", ba_clear),
    clinic::def(c"copy", ba_copy),
    clinic::def(c"decode", ba_decode),
    clinic::def(c"hex", ba_hex),
    typeobj::METHOD_END,
];

unsafe extern "C" fn ba_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; the block is the object allocator's.
    unsafe {
        let b = ba(op);
        if !(*b).ob_bytes.is_null() {
            mem::free_in(mem::Domain::Obj, (*b).ob_bytes);
        }
        let free = (*(*op).ob_type).tp_free;
        match free {
            Some(f) if (*op).ob_type != lifecycle::bytearray_type() => f(op as *mut c_void),
            _ => crate::runtime::alloc::free_object(op),
        }
    }
}

unsafe extern "C" fn ba_getbuffer(op: *mut PyObject, view: *mut PyBuffer, flags: c_int) -> c_int {
    // SAFETY: slot on a bytearray; the block stays put while exported.
    unsafe {
        let b = ba(op);
        let p = if (*b).ob_base.ob_size == 0 {
            EMPTY as *mut c_void
        } else {
            (*b).ob_start as *mut c_void
        };
        if buffer::fill_info(view, op, p, (*b).ob_base.ob_size, false, flags).is_err() {
            return -1;
        }
        (*b).ob_exports += 1;
        0
    }
}

unsafe extern "C" fn ba_releasebuffer(op: *mut PyObject, _view: *mut PyBuffer) {
    // SAFETY: slot on a bytearray.
    unsafe { (*ba(op)).ob_exports -= 1 }
}

unsafe extern "C" fn ba_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a bytearray.
    unsafe {
        let name = typeobj::full_name((*op).ob_type);
        let short = name.rsplit('.').next().unwrap_or(&name).to_string();
        err::into_ptr(unicode::from_str(&format!(
            "{short}({})",
            bytes::repr_bytes(as_slice(op))
        )))
    }
}

unsafe extern "C" fn ba_len(op: *mut PyObject) -> isize {
    // SAFETY: slot on a bytearray.
    unsafe { (*ba(op)).ob_base.ob_size }
}

unsafe extern "C" fn ba_item(op: *mut PyObject, i: isize) -> *mut PyObject {
    // SAFETY: slot on a bytearray; the index is checked.
    unsafe {
        let s = as_slice(op);
        if i < 0 || i as usize >= s.len() {
            return err::index_error("bytearray index out of range").into();
        }
        err::into_ptr(long::from_i64(i64::from(s[i as usize])))
    }
}

unsafe extern "C" fn ba_ass_item(op: *mut PyObject, i: isize, v: *mut PyObject) -> c_int {
    // SAFETY: slot on a bytearray; the index is checked.
    unsafe {
        let n = (*ba(op)).ob_base.ob_size;
        let i = if i < 0 { i + n } else { i };
        if i < 0 || i >= n {
            return err::index_error("bytearray index out of range").into();
        }
        if v.is_null() {
            let mut d = as_slice(op).to_vec();
            d.remove(i as usize);
            return match set_contents(op, &d) {
                Ok(()) => 0,
                Err(e) => e.into(),
            };
        }
        match byte_value(v) {
            Ok(b) => {
                *(*ba(op)).ob_start.add(i as usize) = b;
                0
            }
            Err(e) => e.into(),
        }
    }
}

/// Replaces the contents (resizing).
unsafe fn set_contents(op: *mut PyObject, d: &[u8]) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        resize(op, d.len() as isize)?;
        if !d.is_empty() {
            ptr::copy_nonoverlapping(d.as_ptr(), (*ba(op)).ob_start, d.len());
        }
        Ok(())
    }
}

unsafe extern "C" fn ba_subscript(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a bytearray.
    unsafe {
        if crate::objects::slice::check(key) {
            let s = as_slice(op);
            let len = s.len() as isize;
            let r = crate::objects::slice::indices(key, || len).and_then(|(start, _, step, n)| {
                let picked: Vec<u8> = crate::objects::slice::positions(start, step, n)
                    .map(|i| s[i as usize])
                    .collect();
                from_bytes(&picked)
            });
            return err::into_ptr(r);
        }
        match abstract_::sequence_index(key, || (*ba(op)).ob_base.ob_size, "bytearray") {
            Ok(Some(i)) => ba_item(op, i),
            Ok(None) => err::index_error("bytearray index out of range").into(),
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn ba_contains(op: *mut PyObject, x: *mut PyObject) -> c_int {
    // SAFETY: slot on a bytearray.
    unsafe {
        let h = as_slice(op).to_vec();
        if long::check(x) || abstract_::index_as_ssize(x).is_ok() {
            return match byte_value(x) {
                Ok(b) => c_int::from(h.contains(&b)),
                Err(e) => e.into(),
            };
        }
        err::clear();
        match buffer_bytes(x) {
            Ok(Some(n)) => c_int::from(n.is_empty() || h.windows(n.len()).any(|w| w == n)),
            Ok(None) => err::type_error(&format!(
                "a bytes-like object is required, not '{}'",
                typeobj::full_name((*x).ob_type)
            ))
            .into(),
            Err(e) => e.into(),
        }
    }
}

/// `PyByteArray_Concat` and `+`.
///
/// # Safety
/// Both live.
pub unsafe fn concat(a: *mut PyObject, b: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let (Some(x), Some(y)) = (buffer_bytes(a)?, buffer_bytes(b)?) else {
            return Err(err::type_error(&format!(
                "can't concat {} to {}",
                typeobj::type_name_of(b),
                typeobj::type_name_of(a)
            )));
        };
        let mut v = x;
        v.extend_from_slice(&y);
        from_bytes(&v)
    }
}

unsafe extern "C" fn ba_concat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot.
    unsafe { err::into_ptr(concat(a, b)) }
}

unsafe extern "C" fn ba_inplace_concat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a bytearray.
    unsafe {
        let r = (|| -> PyResult<Owned> {
            let Some(y) = buffer_bytes(b)? else {
                return Err(err::type_error(&format!(
                    "can't concat {} to {}",
                    typeobj::type_name_of(b),
                    typeobj::type_name_of(a)
                )));
            };
            let mut v = as_slice(a).to_vec();
            v.extend_from_slice(&y);
            set_contents(a, &v)?;
            Ok(Owned::from_borrowed(a))
        })();
        err::into_ptr(r)
    }
}

unsafe extern "C" fn ba_repeat(a: *mut PyObject, n: isize) -> *mut PyObject {
    // SAFETY: slot on a bytearray.
    unsafe {
        let s = as_slice(a);
        let n = n.max(0) as usize;
        let r = (|| {
            let total = s.len().checked_mul(n).ok_or_else(err::no_memory)?;
            let mut v = crate::runtime::alloc::fallible::with_capacity::<u8>(total)?;
            for _ in 0..n {
                v.extend_from_slice(s);
            }
            from_bytes(&v)
        })();
        err::into_ptr(r)
    }
}

unsafe extern "C" fn ba_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: slot; `a` is a bytearray.
    unsafe {
        if unicode::check(b) {
            return new_ref(lifecycle::not_implemented());
        }
        match buffer_bytes(b) {
            Ok(Some(y)) => abstract_::ordering_result(as_slice(a).cmp(&y[..]), op),
            Ok(None) => new_ref(lifecycle::not_implemented()),
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn ba_new(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    static SIG: Sig = Sig::new(
        "bytearray",
        &[arg_opt("source"), arg_opt("encoding"), arg_opt("errors")],
    );
    // SAFETY: tp_new contract.
    unsafe {
        let r = (|| -> PyResult<Owned> {
            let a = SIG.bind_call::<3>(args, kw)?;
            let Some(src) = a.get(0) else {
                if a.get(1).is_some() || a.get(2).is_some() {
                    return Err(err::type_error(if a.get(1).is_some() {
                        "encoding without a string argument"
                    } else {
                        "errors without a string argument"
                    }));
                }
                return new_of(t, &[]);
            };
            if a.get(1).is_some() || a.get(2).is_some() {
                if !unicode::check(src) {
                    return Err(err::type_error(if a.get(1).is_some() {
                        "encoding without a string argument"
                    } else {
                        "errors without a string argument"
                    }));
                }
                let enc = a.str(1)?.map(|e| unicode::as_str(e).into_owned());
                let errs = a.str(2)?.map(|e| unicode::as_str(e).into_owned());
                let Some(enc) = enc else {
                    return Err(err::type_error("string argument without an encoding"));
                };
                let b = crate::objects::codecs::encode_to_bytes(src, Some(&enc), errs.as_deref())?;
                return new_of(t, bytes::as_slice(b.as_ptr()));
            }
            from_object_of(t, src)
        })();
        err::into_ptr(r)
    }
}

fastcall! {
    /// `bytearray.append(item, /)`.
    fn ba_append(s, a = Sig::new("append", &[pos("item")])) {
        let b = byte_value(a.req(0))?;
        let mut v = as_slice(s).to_vec();
        v.push(b);
        set_contents(s, &v)?;
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

fastcall! {
    /// `bytearray.extend(iterable_of_ints, /)`.
    fn ba_extend(s, a = Sig::new("extend", &[pos("iterable_of_ints")])) {
        let src = a.req(0);
        let more = match buffer_bytes(src)? {
            Some(b) => b,
            None => {
                if unicode::check(src) {
                    return Err(err::type_error("expected iterable of integers; got: 'str'"));
                }
                let not = format!("can't extend bytearray with {}", typeobj::type_name_of(src));
                let mut v = Vec::new();
                for it in abstract_::collect(src, &not)? {
                    v.push(byte_value(it.as_ptr())?);
                }
                v
            }
        };
        let mut v = as_slice(s).to_vec();
        v.extend_from_slice(&more);
        set_contents(s, &v)?;
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

fastcall! {
    /// `bytearray.pop(index=-1, /)`.
    fn ba_pop(s, a = Sig::new("pop", &[pos_opt("index")])) {
        let i = a.ssize(0, -1)?;
        let mut v = as_slice(s).to_vec();
        if v.is_empty() {
            return Err(err::index_error("pop from empty bytearray"));
        }
        let j = if i < 0 { i + v.len() as isize } else { i };
        if j < 0 || j as usize >= v.len() {
            return Err(err::index_error("pop index out of range"));
        }
        let b = v.remove(j as usize);
        set_contents(s, &v)?;
        long::from_i64(i64::from(b))
    }
}

fastcall! {
    /// `bytearray.clear()`.
    fn ba_clear(s, _a = Sig::new("clear", &[])) {
        set_contents(s, &[])?;
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

fastcall! {
    /// `bytearray.copy()`.
    fn ba_copy(s, _a = Sig::new("copy", &[])) {
        from_bytes(as_slice(s))
    }
}

fastcall! {
    /// `bytearray.decode(encoding='utf-8', errors='strict')`.
    fn ba_decode(s, a = Sig::new("decode", &[arg_opt("encoding"), arg_opt("errors")])) {
        let enc = a.str(0)?.map(|e| unicode::as_str(e).into_owned());
        let errs = a.str(1)?.map(|e| unicode::as_str(e).into_owned());
        crate::objects::codecs::decode_bytes(as_slice(s), enc.as_deref(), errs.as_deref())
    }
}

fastcall! {
    /// `bytearray.hex(sep=<unrepresentable>, bytes_per_sep=1)`.
    fn ba_hex(s, a = Sig::new("hex", &[arg_opt("sep"), arg_opt("bytes_per_sep")])) {
        let per = a.ssize(1, 1)?;
        crate::objects::bytesmethods::hex_with_sep(as_slice(s), a.get(0), per)
    }
}
