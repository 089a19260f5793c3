//! `str`: immutable text stored inline after the header as *generalized*
//! UTF-8 (UTF-8 that may also encode lone surrogates, each as its own
//! three-byte sequence, since Python strings can hold them), with its length
//! in code points and its hash cached; interning (interned strings are
//! immortal, as in CPython 3.12); CPython's `repr` quoting and `ascii`
//! escaping.
//!
//! `PyUnicode_AsUTF8` hands out a pointer into the object itself, so it
//! never allocates and lives as long as the string; a string holding
//! surrogates has no UTF-8 form and raises `UnicodeEncodeError` there, as in
//! CPython. Byte order of generalized UTF-8 is code-point order, so equality,
//! hashing and ordering work on the bytes directly.

use crate::alloc;
use crate::err::{self, PyResult};
use crate::exceptions::{self, Exc};
use crate::object::*;
use crate::runtime;
use crate::typeobj::{self, flags, PyMappingMethods, PySequenceMethods, PyTypeObject};
use crate::{abstract_, bytes, long, tuple};
use std::collections::HashMap;
use std::ffi::c_int;
use std::ptr;

/// A `str` object; the UTF-8 text (NUL-terminated) follows the struct.
#[repr(C)]
pub struct PyUnicodeObject {
    /// Header.
    pub ob_base: PyObject,
    /// Cached hash, -1 until computed.
    pub hash: Py_hash_t,
    /// Length in code points.
    pub length: Py_ssize_t,
    /// Length of the UTF-8 text in bytes.
    pub size: Py_ssize_t,
    /// [`STATE_INTERNED`] | [`STATE_ASCII`].
    pub state: u64,
}

/// The string is in the interned table (and immortal).
pub const STATE_INTERNED: u64 = 1;
/// Every character is ASCII.
pub const STATE_ASCII: u64 = 2;
/// The text contains lone surrogates (it is not valid UTF-8).
pub const STATE_SURROGATES: u64 = 4;

const HEADER: usize = std::mem::size_of::<PyUnicodeObject>();

struct Interned {
    table: HashMap<&'static [u8], *mut PyObject>,
    latin1: [*mut PyObject; 256],
    empty: *mut PyObject,
    /// The SipHash-1-3 key of str and bytes hashes (CPython's
    /// `_Py_HashSecret`), see [`hash_key`].
    hash_key: (u64, u64),
}

static mut INTERNED: Option<Interned> = None;

#[inline]
fn state() -> &'static mut Interned {
    // SAFETY: created at start-up; mutated only with the GIL held.
    unsafe {
        (*ptr::addr_of_mut!(INTERNED))
            .as_mut()
            .expect("runtime initialized")
    }
}

static mut STR_AS_SEQUENCE: PySequenceMethods = {
    // SAFETY: an all-zero table is a table of absent slots.
    let mut s: PySequenceMethods = unsafe { std::mem::zeroed() };
    s.sq_length = Some(str_len);
    s.sq_item = Some(str_item);
    s.sq_contains = Some(str_contains);
    s.sq_concat = Some(crate::seqarith::str_concat);
    s.sq_repeat = Some(crate::seqarith::str_repeat);
    s
};

static mut STR_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(str_len),
    mp_subscript: Some(str_subscript),
    mp_ass_subscript: None,
};

/// Fills in `str`. Start-up only.
pub(crate) unsafe fn init_type(t: *mut PyTypeObject) {
    // SAFETY: start-up, exclusive access.
    unsafe {
        (*t).tp_name = c"str".as_ptr();
        (*t).tp_basicsize = HEADER as isize;
        (*t).tp_itemsize = 1;
        (*t).tp_flags =
            flags::DEFAULT | flags::BASETYPE | flags::UNICODE_SUBCLASS | flags::IMMUTABLETYPE;
        (*t).tp_dealloc = Some(str_dealloc);
        (*t).tp_repr = Some(str_repr);
        (*t).tp_str = Some(str_str);
        (*t).tp_hash = Some(str_hash);
        (*t).tp_richcompare = Some(str_richcompare);
        (*t).tp_as_sequence = ptr::addr_of_mut!(STR_AS_SEQUENCE);
        (*t).tp_as_mapping = ptr::addr_of_mut!(STR_AS_MAPPING);
        (*t).tp_new = Some(str_new);
        (*t).tp_doc = c"str(object='') -> str".as_ptr();
    }
}

/// Creates the intern table and the immortal empty and one-character
/// strings. Start-up only.
pub(crate) unsafe fn init_runtime() {
    // SAFETY: start-up, exclusive access.
    unsafe {
        *ptr::addr_of_mut!(INTERNED) = Some(Interned {
            table: HashMap::new(),
            latin1: [ptr::null_mut(); 256],
            empty: ptr::null_mut(),
            hash_key: hash_key(std::env::var("PYTHONHASHSEED").ok().as_deref()),
        });
        let e = alloc_str(b"", true, false).expect("start-up allocation");
        make_immortal(e);
        state().empty = e;
    }
}

fn make_immortal(op: *mut PyObject) {
    // SAFETY: `op` is a live object we own.
    unsafe { (*op).ob_refcnt = IMMORTAL_REFCNT };
}

/// Whether `op` is a str (or subclass instance).
///
/// # Safety
/// `op` must be live.
#[inline(always)]
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { typeobj::has_flag(op, flags::UNICODE_SUBCLASS) }
}

/// Whether `op` is exactly a str.
///
/// # Safety
/// `op` must be live.
#[inline(always)]
pub unsafe fn check_exact(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { (*op).ob_type == runtime::unicode_type() }
}

/// Pointer to the NUL-terminated UTF-8 text.
///
/// # Safety
/// `op` must be a live str.
#[inline(always)]
pub unsafe fn data(op: *mut PyObject) -> *mut u8 {
    // SAFETY: the text follows the header.
    unsafe { (op as *mut u8).add(HEADER) }
}

/// The stored text (generalized UTF-8). Must not outlive the object.
///
/// # Safety
/// `op` must be a live str.
#[inline(always)]
pub unsafe fn as_bytes<'a>(op: *mut PyObject) -> &'a [u8] {
    // SAFETY: a str holds `size` bytes of text after the header.
    unsafe { std::slice::from_raw_parts(data(op), (*(op as *mut PyUnicodeObject)).size as usize) }
}

/// Whether the string holds lone surrogates.
///
/// # Safety
/// `op` must be a live str.
#[inline(always)]
pub unsafe fn has_surrogates(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { (*(op as *mut PyUnicodeObject)).state & STATE_SURROGATES != 0 }
}

/// The text as Rust text: borrowed when it is valid UTF-8, otherwise a copy
/// with each lone surrogate replaced by U+FFFD. For names and messages;
/// operations that must preserve every code point use [`as_bytes`].
///
/// # Safety
/// `op` must be a live str; the result must not outlive it.
#[inline]
pub unsafe fn as_str<'a>(op: *mut PyObject) -> std::borrow::Cow<'a, str> {
    // SAFETY: without the surrogate flag the bytes are valid UTF-8.
    unsafe {
        let b = as_bytes(op);
        if has_surrogates(op) {
            std::borrow::Cow::Owned(
                code_points(b)
                    .map(|c| char::from_u32(c).unwrap_or('\u{fffd}'))
                    .collect(),
            )
        } else {
            std::borrow::Cow::Borrowed(std::str::from_utf8_unchecked(b))
        }
    }
}

/// The code points of generalized UTF-8 text.
pub fn code_points(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        let c0 = *b.get(i)? as u32;
        let (cp, n) = if c0 < 0x80 {
            (c0, 1)
        } else if c0 < 0xe0 {
            (((c0 & 0x1f) << 6) | (b[i + 1] as u32 & 0x3f), 2)
        } else if c0 < 0xf0 {
            (
                ((c0 & 0x0f) << 12) | ((b[i + 1] as u32 & 0x3f) << 6) | (b[i + 2] as u32 & 0x3f),
                3,
            )
        } else {
            (
                ((c0 & 0x07) << 18)
                    | ((b[i + 1] as u32 & 0x3f) << 12)
                    | ((b[i + 2] as u32 & 0x3f) << 6)
                    | (b[i + 3] as u32 & 0x3f),
                4,
            )
        };
        i += n;
        Some(cp)
    })
}

/// Appends code point `cp` (any value below 0x110000, surrogates included)
/// as generalized UTF-8.
pub fn push_code_point(out: &mut Vec<u8>, cp: u32) {
    match cp {
        0..=0x7f => out.push(cp as u8),
        0x80..=0x7ff => out.extend_from_slice(&[0xc0 | (cp >> 6) as u8, 0x80 | (cp & 0x3f) as u8]),
        0x800..=0xffff => out.extend_from_slice(&[
            0xe0 | (cp >> 12) as u8,
            0x80 | ((cp >> 6) & 0x3f) as u8,
            0x80 | (cp & 0x3f) as u8,
        ]),
        _ => out.extend_from_slice(&[
            0xf0 | (cp >> 18) as u8,
            0x80 | ((cp >> 12) & 0x3f) as u8,
            0x80 | ((cp >> 6) & 0x3f) as u8,
            0x80 | (cp & 0x3f) as u8,
        ]),
    }
}

fn scan_surrogates(b: &[u8]) -> bool {
    b.windows(2).any(|w| w[0] == 0xed && w[1] >= 0xa0)
}

/// Length in code points.
///
/// # Safety
/// `op` must be a live str.
#[inline]
pub unsafe fn len_chars(op: *mut PyObject) -> isize {
    // SAFETY: forwarded.
    unsafe { (*(op as *mut PyUnicodeObject)).length }
}

/// Length of the UTF-8 text in bytes.
///
/// # Safety
/// `op` must be a live str.
#[inline]
pub unsafe fn len_bytes(op: *mut PyObject) -> isize {
    // SAFETY: forwarded.
    unsafe { (*(op as *mut PyUnicodeObject)).size }
}

fn alloc_str(s: &[u8], ascii: bool, surrogates: bool) -> PyResult<*mut PyObject> {
    let n = s.len();
    // SAFETY: HEADER + n + 1 bytes, every field written below.
    unsafe {
        let op = alloc::new_object_uninit(runtime::unicode_type(), HEADER + n + 1)?;
        let u = op as *mut PyUnicodeObject;
        (*u).hash = -1;
        (*u).length = if ascii {
            n as isize
        } else {
            s.iter().filter(|&&b| b & 0xc0 != 0x80).count() as isize
        };
        (*u).size = n as isize;
        (*u).state = if ascii {
            STATE_ASCII
        } else if surrogates {
            STATE_SURROGATES
        } else {
            0
        };
        ptr::copy_nonoverlapping(s.as_ptr(), data(op), n);
        *data(op).add(n) = 0;
        Ok(op)
    }
}

/// A str from Rust text.
#[inline]
pub fn from_str(s: &str) -> PyResult<Owned> {
    let ascii = s.is_ascii();
    if s.len() <= 1 || (!ascii && s.len() <= 2 && s.chars().count() == 1) {
        if let Some(o) = cached_short(s) {
            return Ok(o);
        }
    }
    // SAFETY: fresh object.
    Ok(unsafe { Owned::from_raw(alloc_str(s.as_bytes(), ascii, false)?) })
}

/// A str from generalized UTF-8 text (which may encode lone surrogates).
pub fn from_wtf8(b: &[u8]) -> PyResult<Owned> {
    if !scan_surrogates(b) {
        // SAFETY: generalized UTF-8 without surrogates is UTF-8.
        return from_str(unsafe { std::str::from_utf8_unchecked(b) });
    }
    // SAFETY: fresh object.
    Ok(unsafe { Owned::from_raw(alloc_str(b, false, true)?) })
}

/// A str of one code point (surrogates allowed); `None` above U+10FFFF.
pub fn from_code_point(cp: u32) -> Option<PyResult<Owned>> {
    if cp > 0x10ffff {
        return None;
    }
    let mut b = Vec::with_capacity(4);
    push_code_point(&mut b, cp);
    Some(from_wtf8(&b))
}

/// A str from text known to be ASCII.
#[inline]
pub fn from_ascii(s: &str) -> PyResult<Owned> {
    debug_assert!(s.is_ascii());
    if s.len() <= 1 {
        if let Some(o) = cached_short(s) {
            return Ok(o);
        }
    }
    // SAFETY: fresh object.
    Ok(unsafe { Owned::from_raw(alloc_str(s.as_bytes(), true, false)?) })
}

/// The immortal empty string or single Latin-1 character string.
fn cached_short(s: &str) -> Option<Owned> {
    let st = state();
    let c = match s.as_bytes() {
        // SAFETY: immortal.
        [] => return Some(unsafe { Owned::from_raw(st.empty) }),
        &[b] if b < 128 => b as u32,
        _ => {
            let mut it = s.chars();
            let c = it.next()? as u32;
            if it.next().is_some() || c > 255 {
                return None;
            }
            c
        }
    };
    let slot = &mut st.latin1[c as usize];
    if slot.is_null() {
        let op = alloc_str(s.as_bytes(), c < 128, false).ok()?;
        make_immortal(op);
        *slot = op;
    }
    // SAFETY: immortal.
    Some(unsafe { Owned::from_raw(*slot) })
}

/// `PyUnicode_FromStringAndSize` / `FromString`: decodes UTF-8 strictly,
/// raising `UnicodeDecodeError` as CPython's 'utf-8' codec does.
pub fn from_utf8(b: &[u8]) -> PyResult<Owned> {
    // ASCII (the common case, e.g. exception messages) needs no further
    // validation; the one-character strs are shared.
    if b.is_ascii() {
        if b.len() <= 1 {
            // SAFETY: ASCII is UTF-8.
            return from_str(unsafe { std::str::from_utf8_unchecked(b) });
        }
        // SAFETY: fresh object.
        return Ok(unsafe { Owned::from_raw(alloc_str(b, true, false)?) });
    }
    match std::str::from_utf8(b) {
        Ok(s) => from_str(s),
        Err(e) => Err(decode_error(b, &e)),
    }
}

fn decode_error(b: &[u8], e: &std::str::Utf8Error) -> err::Raised {
    let start = e.valid_up_to();
    let (end, reason) = match e.error_len() {
        None => (b.len(), "unexpected end of data"),
        Some(n) => {
            let first = b[start];
            let _ = n;
            if (0x80..0xc2).contains(&first) || first >= 0xf5 {
                (start + 1, "invalid start byte")
            } else {
                (start + 1, "invalid continuation byte")
            }
        }
    };
    raise_decode_error("utf-8", b, start, end, reason)
}

/// Raises `UnicodeDecodeError(encoding, object, start, end, reason)`.
pub fn raise_decode_error(
    encoding: &str,
    b: &[u8],
    start: usize,
    end: usize,
    reason: &str,
) -> err::Raised {
    let args = (|| -> PyResult<Owned> {
        let enc = from_str(encoding)?;
        let obj = bytes::from_bytes(b)?;
        let s = long::from_i64(start as i64)?;
        let e = long::from_i64(end as i64)?;
        let r = from_str(reason)?;
        tuple::new_from(&[
            enc.as_ptr(),
            obj.as_ptr(),
            s.as_ptr(),
            e.as_ptr(),
            r.as_ptr(),
        ])
    })();
    match args {
        // SAFETY: UnicodeDecodeError is live; args is a tuple.
        Ok(a) => unsafe { err::set_object(exceptions::get(Exc::UnicodeDecodeError), a.as_ptr()) },
        Err(r) => r,
    }
}

/// The str of a `UnicodeDecodeError` built by [`raise_decode_error`].
///
/// # Safety
/// `args` must be a live tuple.
pub unsafe fn decode_error_str(args: *mut PyObject) -> Option<String> {
    // SAFETY: forwarded; each item is checked before use.
    unsafe {
        if tuple::size(args) != 5 {
            return None;
        }
        let enc = tuple::item(args, 0);
        let obj = tuple::item(args, 1);
        let (s, e, r) = (
            tuple::item(args, 2),
            tuple::item(args, 3),
            tuple::item(args, 4),
        );
        if !check(enc) || !bytes::check(obj) || !long::check(s) || !long::check(e) || !check(r) {
            return None;
        }
        let (long::Val::Small(s), long::Val::Small(e)) = (long::val(s), long::val(e)) else {
            return None;
        };
        let data = bytes::as_slice(obj);
        let enc = as_str(enc);
        let reason = as_str(r);
        Some(if e == s + 1 && (s as usize) < data.len() {
            format!(
                "'{enc}' codec can't decode byte 0x{:02x} in position {s}: {reason}",
                data[s as usize]
            )
        } else {
            format!(
                "'{enc}' codec can't decode bytes in position {s}-{}: {reason}",
                e - 1
            )
        })
    }
}

/// The UTF-8 form of a str, as `PyUnicode_AsUTF8` gives it: the stored text,
/// or `UnicodeEncodeError` when it holds lone surrogates.
///
/// # Safety
/// `op` must be a live str.
pub unsafe fn utf8(op: *mut PyObject) -> PyResult<*const u8> {
    // SAFETY: forwarded.
    unsafe {
        if has_surrogates(op) {
            let b = as_bytes(op);
            let cps: Vec<u32> = code_points(b).collect();
            let start = cps
                .iter()
                .position(|c| (0xd800..0xe000).contains(c))
                .expect("flagged");
            let mut end = start + 1;
            while end < cps.len() && (0xd800..0xe000).contains(&cps[end]) {
                end += 1;
            }
            return Err(raise_encode_error(op, start, end, "surrogates not allowed"));
        }
        Ok(data(op))
    }
}

/// Raises `UnicodeEncodeError('utf-8', s, start, end, reason)`.
///
/// # Safety
/// `s` must be a live str.
pub unsafe fn raise_encode_error(
    s: *mut PyObject,
    start: usize,
    end: usize,
    reason: &str,
) -> err::Raised {
    let args = (|| -> PyResult<Owned> {
        let enc = from_str("utf-8")?;
        let st = long::from_i64(start as i64)?;
        let e = long::from_i64(end as i64)?;
        let r = from_str(reason)?;
        tuple::new_from(&[enc.as_ptr(), s, st.as_ptr(), e.as_ptr(), r.as_ptr()])
    })();
    match args {
        // SAFETY: UnicodeEncodeError is live; args is a tuple.
        Ok(a) => unsafe { err::set_object(exceptions::get(Exc::UnicodeEncodeError), a.as_ptr()) },
        Err(r) => r,
    }
}

/// The str of a `UnicodeEncodeError` built by [`raise_encode_error`].
///
/// # Safety
/// `args` must be a live tuple.
pub unsafe fn encode_error_str(args: *mut PyObject) -> Option<String> {
    // SAFETY: forwarded; each item is checked before use.
    unsafe {
        if tuple::size(args) != 5 {
            return None;
        }
        let (enc, obj) = (tuple::item(args, 0), tuple::item(args, 1));
        let (s, e, r) = (
            tuple::item(args, 2),
            tuple::item(args, 3),
            tuple::item(args, 4),
        );
        if !check(enc) || !check(obj) || !long::check(s) || !long::check(e) || !check(r) {
            return None;
        }
        let (long::Val::Small(s), long::Val::Small(e)) = (long::val(s), long::val(e)) else {
            return None;
        };
        let (enc, reason) = (as_str(enc), as_str(r));
        let cp = code_points(as_bytes(obj)).nth(s as usize);
        Some(match cp {
            Some(c) if e == s + 1 => {
                let shown = if c < 0x100 {
                    format!("\\x{c:02x}")
                } else if c < 0x10000 {
                    format!("\\u{c:04x}")
                } else {
                    format!("\\U{c:08x}")
                };
                format!("'{enc}' codec can't encode character '{shown}' in position {s}: {reason}")
            }
            _ => format!(
                "'{enc}' codec can't encode characters in position {s}-{}: {reason}",
                e - 1
            ),
        })
    }
}

/// An interned (immortal) str with this text.
pub fn intern(s: &str) -> PyResult<Owned> {
    let st = state();
    if let Some(&op) = st.table.get(s.as_bytes()) {
        // SAFETY: interned strings are immortal.
        return Ok(unsafe { Owned::from_raw(op) });
    }
    let o = from_str(s)?;
    let op = o.into_raw();
    // SAFETY: a fresh or cached str; interning makes it immortal.
    unsafe { insert_interned(op) };
    // SAFETY: immortal now.
    Ok(unsafe { Owned::from_raw(op) })
}

unsafe fn insert_interned(op: *mut PyObject) {
    make_immortal(op);
    // SAFETY: `op` is an immortal str, so the text lives forever.
    unsafe {
        (*(op as *mut PyUnicodeObject)).state |= STATE_INTERNED;
        let text: &'static [u8] = as_bytes(op);
        state().table.insert(text, op);
    }
}

/// `PyUnicode_InternInPlace`: replaces `*p` by the interned equal string,
/// interning it if it is the first.
///
/// # Safety
/// `p` must point to an owned reference to a live object.
pub unsafe fn intern_in_place(p: *mut *mut PyObject) {
    // SAFETY: forwarded.
    unsafe {
        let op = *p;
        if op.is_null() || !check_exact(op) {
            return;
        }
        if (*(op as *mut PyUnicodeObject)).state & STATE_INTERNED != 0 {
            return;
        }
        let st = state();
        if let Some(&found) = st.table.get(as_bytes(op)) {
            *p = found;
            decref(op);
            return;
        }
        insert_interned(op);
    }
}

/// The cached hash of a str: CPython's (SipHash-1-3 of its PEP 393
/// representation under the process key, see [`hash_key`]); never -1.
///
/// # Safety
/// `op` must be a live str.
#[inline]
pub unsafe fn hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: forwarded.
    unsafe {
        let u = op as *mut PyUnicodeObject;
        let h = (*u).hash;
        if h != -1 {
            return h;
        }
        let b = as_bytes(op);
        let h = if (*u).state & STATE_ASCII != 0 {
            hash_bytes(b)
        } else {
            hash_bytes(&pep393_buffer(b))
        };
        (*u).hash = h;
        h
    }
}

/// The code units CPython 3.12 stores a non-ASCII str as (and hashes):
/// one byte per character up to U+00FF, two (little-endian) up to U+FFFF,
/// else four.
fn pep393_buffer(b: &[u8]) -> Vec<u8> {
    let max = code_points(b).max().unwrap_or(0);
    let width = if max <= 0xff {
        1
    } else if max <= 0xffff {
        2
    } else {
        4
    };
    let mut out = Vec::with_capacity(b.len() * width);
    for c in code_points(b) {
        out.extend_from_slice(&c.to_le_bytes()[..width]);
    }
    out
}

/// The hash of a byte string (SipHash-1-3 under the process key, 0 for an
/// empty one, never -1), shared by `str` and `bytes`: for ASCII text and
/// bytes it is the value CPython computes under the same key.
pub fn hash_bytes(b: &[u8]) -> Py_hash_t {
    if b.is_empty() {
        return 0;
    }
    let (k0, k1) = state().hash_key;
    let h = siphasher::sip::SipHasher13::new_with_keys(k0, k1).hash(b) as isize;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// The hash key for a `PYTHONHASHSEED` value, as CPython 3.12 derives it:
/// unset, empty or `random` gives a random key; an integer seed fills the
/// secret with CPython's linear congruential generator (0 gives the zero
/// key, i.e. no randomization), so ASCII strs and bytes hash exactly as
/// they do in CPython run with the same seed. Anything else is ignored
/// (CPython refuses to start).
pub fn hash_key(seed: Option<&str>) -> (u64, u64) {
    let random = || {
        use std::hash::{BuildHasher, RandomState};
        let r = RandomState::new();
        (r.hash_one(0u64), r.hash_one(1u64))
    };
    let Some(seed) = seed.filter(|s| !s.is_empty() && *s != "random") else {
        return random();
    };
    let Ok(seed) = seed.parse::<u32>() else {
        return random();
    };
    if seed == 0 {
        return (0, 0);
    }
    let mut secret = [0u8; 16];
    let mut x = seed;
    for b in secret.iter_mut() {
        x = x.wrapping_mul(214013).wrapping_add(2531011);
        *b = (x >> 16) as u8;
    }
    let (lo, hi) = secret.split_at(8);
    (
        u64::from_le_bytes(lo.try_into().expect("8 bytes")),
        u64::from_le_bytes(hi.try_into().expect("8 bytes")),
    )
}

/// Equality of two strs by content.
///
/// # Safety
/// Both must be live strs.
#[inline]
pub unsafe fn eq(a: *mut PyObject, b: *mut PyObject) -> bool {
    if a == b {
        return true;
    }
    // SAFETY: forwarded.
    unsafe {
        let (ua, ub) = (a as *mut PyUnicodeObject, b as *mut PyUnicodeObject);
        if (*ua).size != (*ub).size {
            return false;
        }
        if (*ua).hash != -1 && (*ub).hash != -1 && (*ua).hash != (*ub).hash {
            return false;
        }
        as_bytes(a) == as_bytes(b)
    }
}

/// Whether a non-ASCII character is printable by Python's rules
/// (`str.isprintable`): not in Cc, Cf, Cs, Co, Cn, Zl, Zp, or Zs other
/// than the space.
pub fn is_printable(c: char) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    if c == ' ' {
        return true;
    }
    !matches!(
        get_general_category(c),
        G::Control
            | G::Format
            | G::Surrogate
            | G::PrivateUse
            | G::Unassigned
            | G::LineSeparator
            | G::ParagraphSeparator
            | G::SpaceSeparator
    )
}

/// `repr(str)` as CPython writes it.
pub fn repr_text(s: &str) -> String {
    repr_wtf8(s.as_bytes())
}

/// `repr(str)` of generalized UTF-8 text; lone surrogates print as `\udXXX`.
pub fn repr_wtf8(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(b.len() + 2);
    out.push(quote);
    for cp in code_points(b) {
        let Some(c) = char::from_u32(cp) else {
            out.push_str(&format!("\\u{cp:04x}"));
            continue;
        };
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if c.is_ascii() => out.push(c),
            c if is_printable(c) => out.push(c),
            c => push_escape(&mut out, c),
        }
    }
    out.push(quote);
    out
}

fn push_escape(out: &mut String, c: char) {
    push_escape_cp(out, c as u32)
}

fn push_escape_cp(out: &mut String, v: u32) {
    if v <= 0xff {
        out.push_str(&format!("\\x{v:02x}"));
    } else if v <= 0xffff {
        out.push_str(&format!("\\u{v:04x}"));
    } else {
        out.push_str(&format!("\\U{v:08x}"));
    }
}

/// Escapes every non-ASCII character as `ascii()` does.
pub fn ascii_escape(s: &str) -> String {
    ascii_escape_wtf8(s.as_bytes())
}

/// [`ascii_escape`] for generalized UTF-8 text.
pub fn ascii_escape_wtf8(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len());
    for cp in code_points(b) {
        if cp < 0x80 {
            out.push(cp as u8 as char);
        } else {
            push_escape_cp(&mut out, cp);
        }
    }
    out
}

/// `PyUnicode_Concat`.
///
/// # Safety
/// Both must be NULL or live.
pub unsafe fn concat(a: *mut PyObject, b: *mut PyObject) -> PyResult<Owned> {
    if a.is_null() || b.is_null() {
        return Err(err::bad_argument());
    }
    // SAFETY: forwarded.
    unsafe {
        if !check(a) {
            return Err(err::type_error(&format!(
                "must be str, not {}",
                typeobj::full_name((*a).ob_type)
            )));
        }
        if !check(b) {
            return Err(err::type_error(&format!(
                "can only concatenate str (not \"{}\") to str",
                typeobj::full_name((*b).ob_type)
            )));
        }
        if len_bytes(b) == 0 && check_exact(a) {
            return Ok(Owned::from_borrowed(a));
        }
        if len_bytes(a) == 0 && check_exact(b) {
            return Ok(Owned::from_borrowed(b));
        }
        let mut s = Vec::with_capacity((len_bytes(a) + len_bytes(b)) as usize);
        s.extend_from_slice(as_bytes(a));
        s.extend_from_slice(as_bytes(b));
        from_wtf8(&s)
    }
}

/// `PyUnicode_Join`: `sep.join(seq)`; a NULL separator means a space.
///
/// # Safety
/// `sep` NULL or live, `seq` live.
pub unsafe fn join(sep: *mut PyObject, seq: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let items = abstract_::collect(seq, "can only join an iterable")?;
        if items.len() == 1 && check_exact(items[0].as_ptr()) {
            return Ok(items[0].clone());
        }
        let sep_text: &[u8] = if sep.is_null() {
            b" "
        } else if check(sep) {
            as_bytes(sep)
        } else {
            return Err(err::type_error(&format!(
                "separator: expected str instance, {} found",
                typeobj::type_name_of(sep)
            )));
        };
        let mut out = Vec::new();
        for (i, it) in items.iter().enumerate() {
            if !check(it.as_ptr()) {
                return Err(err::type_error(&format!(
                    "sequence item {i}: expected str instance, {} found",
                    typeobj::type_name_of(it.as_ptr())
                )));
            }
            if i > 0 {
                out.extend_from_slice(sep_text);
            }
            out.extend_from_slice(as_bytes(it.as_ptr()));
        }
        from_wtf8(&out)
    }
}

/// The `i`-th character (negative indexes count from the end).
///
/// # Safety
/// `op` must be a live str.
pub unsafe fn char_at(op: *mut PyObject, i: isize) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let n = len_chars(op);
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            return Err(err::index_error("string index out of range"));
        }
        let b = as_bytes(op);
        if (*(op as *mut PyUnicodeObject)).state & STATE_ASCII != 0 {
            return from_ascii(std::str::from_utf8_unchecked(
                &b[j as usize..j as usize + 1],
            ));
        }
        let cp = code_points(b).nth(j as usize).expect("in range");
        from_code_point(cp).expect("stored code points are in range")
    }
}

unsafe extern "C" fn str_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; interned strings are immortal and never
    // get here.
    unsafe { alloc::free_object(op) }
}

unsafe extern "C" fn str_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a str.
    err::into_ptr(from_str(&repr_wtf8(unsafe { as_bytes(op) })))
}

unsafe extern "C" fn str_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a str.
    unsafe {
        if check_exact(op) {
            return new_ref(op);
        }
        err::into_ptr(from_wtf8(as_bytes(op)))
    }
}

unsafe extern "C" fn str_hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: slot on a str.
    unsafe { hash(op) }
}

unsafe extern "C" fn str_len(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: slot on a str.
    unsafe { len_chars(op) }
}

unsafe extern "C" fn str_item(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    // SAFETY: slot on a str.
    err::into_ptr(unsafe { char_at(op, i) })
}

unsafe extern "C" fn str_subscript(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a str.
    unsafe {
        if crate::slice::check(key) {
            return err::into_ptr(crate::seqslice::str_get(op, key));
        }
        let nb = (*(*key).ob_type).tp_as_number;
        if long::check(key) || (!nb.is_null() && (*nb).nb_index.is_some()) {
            let i = match abstract_::index_as_ssize(key) {
                Ok(i) => i,
                Err(r) => return r.into(),
            };
            return err::into_ptr(char_at(op, i));
        }
        err::type_error(&format!(
            "string indices must be integers, not '{}'",
            typeobj::type_name_of(key)
        ))
        .into()
    }
}

unsafe extern "C" fn str_contains(op: *mut PyObject, x: *mut PyObject) -> c_int {
    // SAFETY: slot on a str.
    unsafe {
        if !check(x) {
            return err::type_error(&format!(
                "'in <string>' requires string as left operand, not {}",
                typeobj::type_name_of(x)
            ))
            .into();
        }
        let (h, n) = (as_bytes(op), as_bytes(x));
        c_int::from(n.is_empty() || h.windows(n.len()).any(|w| w == n))
    }
}

unsafe extern "C" fn str_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: slot; `a` is a str.
    unsafe {
        if !check(b) {
            return new_ref(runtime::not_implemented());
        }
        if op == abstract_::EQ || op == abstract_::NE {
            return long::bool_from(eq(a, b) == (op == abstract_::EQ)).into_raw();
        }
        abstract_::ordering_result(as_bytes(a).cmp(as_bytes(b)), op)
    }
}

unsafe extern "C" fn str_new(
    _t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract.
    unsafe {
        let nkw = if kw.is_null() {
            0
        } else {
            crate::dict::len(kw)
        };
        let n = tuple::size(args);
        if n == 0 && nkw == 0 {
            return err::into_ptr(from_str(""));
        }
        if n == 1 && nkw == 0 {
            return err::into_ptr(abstract_::str(tuple::item(args, 0)));
        }
        if n > 3 {
            return err::type_error(&format!("str() takes at most 3 arguments ({n} given)")).into();
        }
        err::raise(
            Exc::SystemError,
            "Ophis does not decode with str(object, encoding, errors) yet",
        )
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_quotes_like_cpython() {
        assert_eq!(repr_text("abc"), "'abc'");
        assert_eq!(repr_text("a'b"), "\"a'b\"");
        assert_eq!(repr_text("a'b\"c"), "'a\\'b\"c'");
        assert_eq!(repr_text("\n\x07\u{7f}\\"), "'\\n\\x07\\x7f\\\\'");
        assert_eq!(repr_text("é\u{2028}😀"), "'é\\u2028😀'");
        assert_eq!(repr_text("\u{a0}\u{ad}"), "'\\xa0\\xad'");
    }

    #[test]
    fn ascii_escapes() {
        assert_eq!(ascii_escape("a'bé\u{2028}😀"), "a'b\\xe9\\u2028\\U0001f600");
    }
}
