//! `str` in CPython 3.12's layout (PEP 393), so that extensions compiled
//! against CPython's headers read Ophis strings through their inline macros
//! (`PyUnicode_GET_LENGTH`, `PyUnicode_KIND`, `PyUnicode_DATA`,
//! `PyUnicode_READ_CHAR`, ...):
//!
//! - every str starts with [`PyASCIIObject`] (length in code points, cached
//!   hash, CPython's state bits: interned, kind, compact, ascii);
//! - the characters are stored in the narrowest *kind* that holds the widest
//!   one: one byte up to U+00FF (ASCII strings are flagged as such), two
//!   bytes up to U+FFFF, else four, NUL-terminated; lone surrogates are
//!   stored as the code points they are;
//! - exact strs are *compact*: the characters follow the header (40 bytes
//!   for ASCII, 56 otherwise); instances of subclasses are `PyUnicodeObject`s
//!   whose characters live in a separate block (`data`), as in CPython.
//!
//! Besides the canonical characters, the runtime works on a *mirror* of the
//! text in generalized UTF-8 ("WTF-8": UTF-8 that may also encode lone
//! surrogates, each as its own three-byte sequence), which [`as_bytes`]
//! returns. For ASCII strings it is the characters themselves; for the
//! others it is CPython's `utf8` cache (`PyCompactUnicodeObject.utf8`),
//! written into the object's own block when the string is made from UTF-8
//! (the common case), or computed on first use (strings filled by C code
//! through `PyUnicode_New`). Generalized UTF-8 sorts in code-point order, so
//! searching and splitting work on it directly. `PyUnicode_AsUTF8` hands out
//! the mirror, and raises `UnicodeEncodeError` for a string with lone
//! surrogates, as CPython does.
//!
//! Interned strings are immortal, as in CPython 3.12. Hashes are CPython's:
//! SipHash-1-3 of the canonical characters.

use crate::objects::exceptions::{self, Exc};
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyMappingMethods, PySequenceMethods, PyTypeObject};
use crate::runtime::alloc;
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::runtime::mem;
use crate::{objects::bytes, objects::long, objects::tuple, protocols::abstract_};
use std::collections::HashMap;
use std::ffi::c_int;
use std::ptr;

/// `PyASCIIObject`: the head of every str, and the whole header of a
/// compact ASCII one (its characters follow it).
#[repr(C)]
pub struct PyASCIIObject {
    /// Header.
    pub ob_base: PyObject,
    /// Length in code points.
    pub length: Py_ssize_t,
    /// Cached hash, -1 until computed.
    pub hash: Py_hash_t,
    /// CPython's bit field (see [`sstate`]).
    pub state: u32,
    _pad: u32,
}

/// `PyCompactUnicodeObject`: the header of a compact non-ASCII str.
#[repr(C)]
pub struct PyCompactUnicodeObject {
    /// The common head.
    pub base: PyASCIIObject,
    /// Bytes in `utf8`, without the NUL; 0 while `utf8` is NULL.
    pub utf8_length: Py_ssize_t,
    /// The UTF-8 mirror (NUL-terminated), or NULL until computed.
    pub utf8: *mut u8,
}

/// `PyUnicodeObject`: a str whose characters live in their own block (the
/// instances of str subclasses).
#[repr(C)]
pub struct PyUnicodeObject {
    /// The compact head.
    pub base: PyCompactUnicodeObject,
    /// The characters.
    pub data: *mut u8,
}

const _: () = {
    assert!(std::mem::size_of::<PyASCIIObject>() == 40);
    assert!(std::mem::offset_of!(PyASCIIObject, length) == 16);
    assert!(std::mem::offset_of!(PyASCIIObject, hash) == 24);
    assert!(std::mem::offset_of!(PyASCIIObject, state) == 32);
    assert!(std::mem::size_of::<PyCompactUnicodeObject>() == 56);
    assert!(std::mem::offset_of!(PyCompactUnicodeObject, utf8_length) == 40);
    assert!(std::mem::offset_of!(PyCompactUnicodeObject, utf8) == 48);
    assert!(std::mem::size_of::<PyUnicodeObject>() == 64);
    assert!(std::mem::offset_of!(PyUnicodeObject, data) == 56);
};

/// The bits of [`PyASCIIObject::state`]. The low eight are CPython's
/// (`interned:2, kind:3, compact:1, ascii:1, statically_allocated:1`, in
/// that order from bit 0); Ophis keeps two flags of its own in the padding
/// above them, which no CPython header reads.
pub mod sstate {
    /// The `interned` field.
    pub const INTERNED_MASK: u32 = 0b11;
    /// `SSTATE_INTERNED_IMMORTAL`: what every interned str is in 3.12.
    pub const INTERNED_IMMORTAL: u32 = 2;
    /// Shift of the `kind` field.
    pub const KIND_SHIFT: u32 = 2;
    /// The `kind` field: 1, 2 or 4 bytes per character.
    pub const KIND_MASK: u32 = 0b111 << KIND_SHIFT;
    /// The characters follow the header.
    pub const COMPACT: u32 = 1 << 5;
    /// Every character is ASCII.
    pub const ASCII: u32 = 1 << 6;
    /// Ophis: the UTF-8 mirror lies inside the object's block (not freed on
    /// its own).
    pub const UTF8_INLINE: u32 = 1 << 8;
    /// Ophis: the text holds lone surrogates. Meaningful once the UTF-8
    /// mirror exists (it is computed with it).
    pub const SURROGATES: u32 = 1 << 9;
}

/// A code point as C code holds it (`Py_UCS4`).
#[allow(non_camel_case_types)]
pub type Py_UCS4 = u32;

/// Largest code point.
pub const MAX_UNICODE: u32 = 0x10ffff;

const ASCII_HEADER: usize = std::mem::size_of::<PyASCIIObject>();
const COMPACT_HEADER: usize = std::mem::size_of::<PyCompactUnicodeObject>();

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
    s.sq_concat = Some(crate::objects::seqarith::str_concat);
    s.sq_repeat = Some(crate::objects::seqarith::str_repeat);
    s
};

static mut STR_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(str_len),
    mp_subscript: Some(str_subscript),
    mp_ass_subscript: None,
};

/// `str`'s number methods: `%` formatting.
static mut STR_AS_NUMBER: crate::objects::typeobj::PyNumberMethods = {
    // SAFETY: an all-zero table is a table of absent slots.
    let mut n: crate::objects::typeobj::PyNumberMethods = unsafe { std::mem::zeroed() };
    n.nb_remainder = Some(crate::objects::percent::str_mod);
    n
};

/// Fills in `str`. Start-up only.
pub(crate) unsafe fn init_type(t: *mut PyTypeObject) {
    // SAFETY: start-up, exclusive access.
    unsafe {
        (*t).tp_name = c"str".as_ptr();
        // As in CPython: the size of a non-compact str (what a subclass
        // instance is); exact strs are allocated at their own size.
        (*t).tp_basicsize = std::mem::size_of::<PyUnicodeObject>() as isize;
        (*t).tp_itemsize = 0;
        (*t).tp_flags = flags::DEFAULT
            | flags::BASETYPE
            | flags::UNICODE_SUBCLASS
            | flags::IMMUTABLETYPE
            | flags::MATCH_SELF;
        (*t).tp_dealloc = Some(str_dealloc);
        (*t).tp_repr = Some(str_repr);
        (*t).tp_str = Some(str_str);
        (*t).tp_hash = Some(str_hash);
        (*t).tp_richcompare = Some(str_richcompare);
        (*t).tp_as_sequence = ptr::addr_of_mut!(STR_AS_SEQUENCE);
        (*t).tp_as_mapping = ptr::addr_of_mut!(STR_AS_MAPPING);
        (*t).tp_as_number = ptr::addr_of_mut!(STR_AS_NUMBER);
        (*t).tp_new = Some(str_new);
        (*t).tp_doc = c"str(object='') -> str".as_ptr();
    }
}

/// Bumped by every start-up, so that [`InternedCache`]s made under an
/// earlier runtime (another intern table, maybe another hash key) refill.
static mut GENERATION: u64 = 0;

/// One call site's interned str (see the `interned!` macro): made on first use
/// under each runtime, then a load and a compare.
pub struct InternedCache {
    generation: std::cell::Cell<u64>,
    ptr: std::cell::Cell<*mut PyObject>,
}

// SAFETY: only touched with the GIL held.
unsafe impl Sync for InternedCache {}

impl InternedCache {
    /// An empty cache.
    pub const fn new() -> Self {
        InternedCache {
            generation: std::cell::Cell::new(0),
            ptr: std::cell::Cell::new(ptr::null_mut()),
        }
    }

    /// The interned `s` (immortal, borrowed).
    #[inline(always)]
    pub fn get(&self, s: &str) -> PyResult<*mut PyObject> {
        // SAFETY: the GIL is held (callers run Python operations).
        let g = unsafe { *ptr::addr_of!(GENERATION) };
        if self.generation.get() == g && !self.ptr.get().is_null() {
            return Ok(self.ptr.get());
        }
        let p = intern(s)?.into_raw();
        self.ptr.set(p);
        self.generation.set(g);
        Ok(p)
    }
}

impl Default for InternedCache {
    fn default() -> Self {
        Self::new()
    }
}

/// The interned str of a literal, cached at the call site
/// (`PyResult<*mut PyObject>`, immortal): for names looked up on hot paths.
macro_rules! interned {
    ($s:literal) => {{
        static CACHE: $crate::objects::unicode::InternedCache =
            $crate::objects::unicode::InternedCache::new();
        CACHE.get($s)
    }};
}
pub(crate) use interned;

/// Creates the intern table and the immortal empty string. Start-up only.
pub(crate) unsafe fn init_runtime() {
    // SAFETY: start-up, exclusive access.
    unsafe {
        GENERATION += 1;
        *ptr::addr_of_mut!(INTERNED) = Some(Interned {
            table: HashMap::new(),
            latin1: [ptr::null_mut(); 256],
            empty: ptr::null_mut(),
            hash_key: hash_key(std::env::var("PYTHONHASHSEED").ok().as_deref()),
        });
        let e = alloc_compact(0, 0, 0).expect("start-up allocation");
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
    unsafe { (*op).ob_type == lifecycle::unicode_type() }
}

#[inline(always)]
fn head(op: *mut PyObject) -> *mut PyASCIIObject {
    op as *mut PyASCIIObject
}

/// The state bits of a str.
///
/// # Safety
/// `op` must be a live str.
#[inline(always)]
pub unsafe fn state_bits(op: *mut PyObject) -> u32 {
    // SAFETY: every str starts with the ASCII head.
    unsafe { (*head(op)).state }
}

/// Bytes per character: 1, 2 or 4 (`PyUnicode_KIND`).
///
/// # Safety
/// `op` must be a live str.
#[inline(always)]
pub unsafe fn kind(op: *mut PyObject) -> usize {
    // SAFETY: forwarded.
    unsafe { ((state_bits(op) & sstate::KIND_MASK) >> sstate::KIND_SHIFT) as usize }
}

/// Whether every character is ASCII (`PyUnicode_IS_ASCII`).
///
/// # Safety
/// `op` must be a live str.
#[inline(always)]
pub unsafe fn is_ascii(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { state_bits(op) & sstate::ASCII != 0 }
}

/// Whether the string is interned (`PyUnicode_CHECK_INTERNED`).
///
/// # Safety
/// `op` must be a live str.
#[inline(always)]
pub unsafe fn is_interned(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { state_bits(op) & sstate::INTERNED_MASK != 0 }
}

/// The cached hash, -1 until computed.
///
/// # Safety
/// `op` must be a live str.
#[inline(always)]
pub unsafe fn cached_hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: forwarded.
    unsafe { (*head(op)).hash }
}

/// The canonical characters (`PyUnicode_DATA`), [`kind`] bytes each,
/// followed by a NUL character.
///
/// # Safety
/// `op` must be a live str.
#[inline(always)]
pub unsafe fn data(op: *mut PyObject) -> *mut u8 {
    // SAFETY: compact strs hold their characters after the header, the
    // others in `data`.
    unsafe {
        let st = state_bits(op);
        if st & sstate::COMPACT == 0 {
            (*(op as *mut PyUnicodeObject)).data
        } else if st & sstate::ASCII != 0 {
            (op as *mut u8).add(ASCII_HEADER)
        } else {
            (op as *mut u8).add(COMPACT_HEADER)
        }
    }
}

/// The canonical characters as bytes (what the hash covers).
///
/// # Safety
/// `op` must be a live str; the result must not outlive it.
#[inline]
pub unsafe fn canonical_bytes<'a>(op: *mut PyObject) -> &'a [u8] {
    // SAFETY: `length` characters of `kind` bytes.
    unsafe { std::slice::from_raw_parts(data(op), len_chars(op) as usize * kind(op)) }
}

/// Character `i` of a buffer of `kind` bytes per character.
///
/// # Safety
/// `data` must hold more than `i` characters of that kind.
#[inline(always)]
pub unsafe fn read(kind: usize, data: *const u8, i: usize) -> u32 {
    // SAFETY: forwarded; characters are naturally aligned in their buffer.
    unsafe {
        match kind {
            1 => *data.add(i) as u32,
            2 => *(data as *const u16).add(i) as u32,
            _ => *(data as *const u32).add(i),
        }
    }
}

/// Stores character `i` of a buffer of `kind` bytes per character.
///
/// # Safety
/// `data` must hold more than `i` characters of that kind, and `c` must fit.
#[inline(always)]
pub unsafe fn write(kind: usize, data: *mut u8, i: usize, c: u32) {
    // SAFETY: forwarded.
    unsafe {
        match kind {
            1 => *data.add(i) = c as u8,
            2 => *(data as *mut u16).add(i) = c as u16,
            _ => *(data as *mut u32).add(i) = c,
        }
    }
}

/// Character `i` of a str (`PyUnicode_READ_CHAR`).
///
/// # Safety
/// `op` must be a live str and `i` below its length.
#[inline(always)]
pub unsafe fn read_char(op: *mut PyObject, i: usize) -> u32 {
    // SAFETY: forwarded.
    unsafe { read(kind(op), data(op), i) }
}

/// The code points of a str, in order.
///
/// # Safety
/// `op` must be a live str that outlives the iterator.
pub unsafe fn chars(op: *mut PyObject) -> impl Iterator<Item = u32> {
    // SAFETY: forwarded.
    let (k, d, n) = unsafe { (kind(op), data(op), len_chars(op) as usize) };
    // SAFETY: every index is below the length.
    (0..n).map(move |i| unsafe { read(k, d, i) })
}

/// The largest character a str's kind can hold (`PyUnicode_MAX_CHAR_VALUE`).
///
/// # Safety
/// `op` must be a live str.
pub unsafe fn max_char_value(op: *mut PyObject) -> u32 {
    // SAFETY: forwarded.
    unsafe {
        if is_ascii(op) {
            0x7f
        } else {
            match kind(op) {
                1 => 0xff,
                2 => 0xffff,
                _ => MAX_UNICODE,
            }
        }
    }
}

/// The text in generalized UTF-8 (the mirror, computed on first use for
/// strings that C code filled). Must not outlive the object.
///
/// # Safety
/// `op` must be a live str.
#[inline(always)]
pub unsafe fn as_bytes<'a>(op: *mut PyObject) -> &'a [u8] {
    // SAFETY: ASCII characters are their own UTF-8; otherwise the mirror
    // holds `utf8_length` bytes.
    unsafe {
        if is_ascii(op) {
            return std::slice::from_raw_parts(data(op), len_chars(op) as usize);
        }
        let c = op as *mut PyCompactUnicodeObject;
        if (*c).utf8.is_null() {
            fill_utf8(op);
        }
        std::slice::from_raw_parts((*c).utf8, (*c).utf8_length as usize)
    }
}

/// Computes the UTF-8 mirror of a non-ASCII str into a block of its own.
#[cold]
#[inline(never)]
unsafe fn fill_utf8(op: *mut PyObject) {
    // SAFETY: `op` is a live non-ASCII str without a mirror.
    unsafe {
        let mut out = Vec::with_capacity(len_chars(op) as usize * 2);
        let mut surrogates = false;
        for c in chars(op) {
            surrogates |= (0xd800..0xe000).contains(&c);
            push_code_point(&mut out, c);
        }
        let p = mem::obj_alloc(out.len() + 1, false);
        if p.is_null() {
            lifecycle::fatal("str", "out of memory for the UTF-8 form of a str");
        }
        ptr::copy_nonoverlapping(out.as_ptr(), p, out.len());
        *p.add(out.len()) = 0;
        let c = op as *mut PyCompactUnicodeObject;
        (*c).utf8 = p;
        (*c).utf8_length = out.len() as isize;
        let h = head(op);
        (*h).state &= !sstate::UTF8_INLINE;
        if surrogates {
            (*h).state |= sstate::SURROGATES;
        }
    }
}

/// Drops the UTF-8 mirror of a str whose characters are about to change.
///
/// # Safety
/// `op` must be a live str.
unsafe fn drop_utf8(op: *mut PyObject) {
    // SAFETY: forwarded; ASCII strs have no mirror of their own.
    unsafe {
        let st = state_bits(op);
        if st & sstate::ASCII != 0 {
            return;
        }
        let c = op as *mut PyCompactUnicodeObject;
        if !(*c).utf8.is_null() && st & sstate::UTF8_INLINE == 0 {
            mem::obj_free((*c).utf8);
        }
        (*c).utf8 = ptr::null_mut();
        (*c).utf8_length = 0;
        (*head(op)).state &= !(sstate::UTF8_INLINE | sstate::SURROGATES);
    }
}

/// Whether the string holds lone surrogates.
///
/// # Safety
/// `op` must be a live str.
#[inline]
pub unsafe fn has_surrogates(op: *mut PyObject) -> bool {
    // SAFETY: forwarded; Latin-1 strs cannot hold surrogates, the others
    // know once their mirror exists.
    unsafe {
        if kind(op) == 1 {
            return false;
        }
        as_bytes(op);
        state_bits(op) & sstate::SURROGATES != 0
    }
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

/// Length in code points.
///
/// # Safety
/// `op` must be a live str.
#[inline(always)]
pub unsafe fn len_chars(op: *mut PyObject) -> isize {
    // SAFETY: forwarded.
    unsafe { (*head(op)).length }
}

/// Length of the UTF-8 text in bytes.
///
/// # Safety
/// `op` must be a live str.
#[inline]
pub unsafe fn len_bytes(op: *mut PyObject) -> isize {
    // SAFETY: forwarded.
    unsafe { as_bytes(op).len() as isize }
}

/// The kind and ASCII flag of a str whose widest character is `maxchar`.
#[inline(always)]
fn kind_for(maxchar: u32) -> (usize, bool) {
    if maxchar < 0x80 {
        (1, true)
    } else if maxchar < 0x100 {
        (1, false)
    } else if maxchar < 0x10000 {
        (2, false)
    } else {
        (4, false)
    }
}

/// Allocates an exact, compact str of `len` characters of the kind that
/// `maxchar` needs, with `extra` spare bytes after the characters' NUL (for
/// an inline UTF-8 mirror). The header and the NUL are written; the
/// characters are not. Sizes that do not fit raise `MemoryError`.
#[inline(always)]
fn alloc_compact(len: usize, maxchar: u32, extra: usize) -> PyResult<*mut PyObject> {
    let (kind, ascii) = kind_for(maxchar);
    let header = if ascii { ASCII_HEADER } else { COMPACT_HEADER };
    let size = len
        .checked_add(1)
        .and_then(|n| n.checked_mul(kind))
        .and_then(|n| n.checked_add(header))
        .and_then(|n| n.checked_add(extra))
        .filter(|&n| n <= isize::MAX as usize / 2)
        .ok_or_else(err::no_memory)?;
    // SAFETY: `size` bytes hold the header, the characters, their NUL and
    // `extra`; every header field is written below.
    unsafe {
        let op = alloc::new_object_uninit(lifecycle::unicode_type(), size)?;
        let h = head(op);
        (*h).length = len as isize;
        (*h).hash = -1;
        (*h).state = ((kind as u32) << sstate::KIND_SHIFT)
            | sstate::COMPACT
            | if ascii { sstate::ASCII } else { 0 };
        (*h)._pad = 0;
        if !ascii {
            let c = op as *mut PyCompactUnicodeObject;
            (*c).utf8 = ptr::null_mut();
            (*c).utf8_length = 0;
        }
        let chars = (op as *mut u8).add(header);
        write(kind, chars, len, 0);
        Ok(op)
    }
}

/// A str of ASCII bytes (the one-character strs are shared).
fn from_ascii_bytes(b: &[u8]) -> PyResult<Owned> {
    debug_assert!(b.is_ascii());
    match b {
        [] => return Ok(empty()),
        &[c] => return latin1_char(c as u32),
        _ => {}
    }
    // SAFETY: a fresh compact ASCII str with room for `b`.
    unsafe {
        let op = alloc_compact(b.len(), 0x7f, 0)?;
        ptr::copy_nonoverlapping(b.as_ptr(), data(op), b.len());
        Ok(Owned::from_raw(op))
    }
}

/// The immortal empty str.
pub fn empty() -> Owned {
    // SAFETY: immortal.
    unsafe { Owned::from_raw(state().empty) }
}

/// The shared, immortal str of one character up to U+00FF.
fn latin1_char(c: u32) -> PyResult<Owned> {
    debug_assert!(c < 256);
    let slot = &mut state().latin1[c as usize];
    if slot.is_null() {
        // SAFETY: a fresh one-character str.
        unsafe {
            let op = alloc_compact(1, c, 0)?;
            write(1, data(op), 0, c);
            make_immortal(op);
            *slot = op;
        }
    }
    // SAFETY: immortal.
    Ok(unsafe { Owned::from_raw(*slot) })
}

/// A str from Rust text.
#[inline]
pub fn from_str(s: &str) -> PyResult<Owned> {
    from_wtf8(s.as_bytes())
}

/// A str from text known to be ASCII.
#[inline]
pub fn from_ascii(s: &str) -> PyResult<Owned> {
    from_ascii_bytes(s.as_bytes())
}

/// A str from generalized UTF-8 text (which may encode lone surrogates).
/// The text becomes the new string's UTF-8 mirror.
pub fn from_wtf8(b: &[u8]) -> PyResult<Owned> {
    if b.is_ascii() {
        return from_ascii_bytes(b);
    }
    let (mut n, mut max) = (0usize, 0u32);
    for c in code_points(b) {
        n += 1;
        max = max.max(c);
    }
    if n == 1 && max < 0x100 {
        return latin1_char(max);
    }
    let surrogates = max >= 0xd800 && b.windows(2).any(|w| w[0] == 0xed && w[1] >= 0xa0);
    // SAFETY: a fresh compact non-ASCII str with `b.len() + 1` spare bytes
    // after its characters for the mirror.
    unsafe {
        let op = alloc_compact(n, max, b.len() + 1)?;
        let (k, d) = (kind(op), data(op));
        for (i, c) in code_points(b).enumerate() {
            write(k, d, i, c);
        }
        let mirror = d.add((n + 1) * k);
        ptr::copy_nonoverlapping(b.as_ptr(), mirror, b.len());
        *mirror.add(b.len()) = 0;
        let c = op as *mut PyCompactUnicodeObject;
        (*c).utf8 = mirror;
        (*c).utf8_length = b.len() as isize;
        (*head(op)).state |= sstate::UTF8_INLINE | if surrogates { sstate::SURROGATES } else { 0 };
        Ok(Owned::from_raw(op))
    }
}

/// A str of one code point (surrogates allowed); `None` above U+10FFFF.
pub fn from_code_point(cp: u32) -> Option<PyResult<Owned>> {
    if cp > MAX_UNICODE {
        return None;
    }
    if cp < 0x100 {
        return Some(latin1_char(cp));
    }
    // SAFETY: a fresh one-character str of the right kind.
    Some(unsafe {
        alloc_compact(1, cp, 0).map(|op| {
            write(kind(op), data(op), 0, cp);
            Owned::from_raw(op)
        })
    })
}

/// A str from code points (each at most U+10FFFF; the caller checks).
pub fn from_code_points(cps: &[u32]) -> PyResult<Owned> {
    let max = cps.iter().copied().max().unwrap_or(0);
    // SAFETY: `cps` holds `cps.len()` characters.
    unsafe { from_chars(4, cps.as_ptr() as *const u8, cps.len(), max) }
}

/// The canonical str of `n` characters of `kind` bytes at `src`, whose
/// widest is `max` (narrowed to the kind `max` needs).
///
/// # Safety
/// `src` must hold `n` characters of that kind.
unsafe fn from_chars(kind: usize, src: *const u8, n: usize, max: u32) -> PyResult<Owned> {
    match n {
        0 => return Ok(empty()),
        // SAFETY: one character.
        1 if max < 0x100 => return latin1_char(unsafe { read(kind, src, 0) }),
        _ => {}
    }
    // SAFETY: a fresh str of `n` characters; reads stay below `n`.
    unsafe {
        let op = alloc_compact(n, max, 0)?;
        let (k, d) = (self::kind(op), data(op));
        if k == kind {
            ptr::copy_nonoverlapping(src, d, n * k);
        } else {
            for i in 0..n {
                write(k, d, i, read(kind, src, i));
            }
        }
        Ok(Owned::from_raw(op))
    }
}

/// `PyUnicode_FromKindAndData`: the canonical str of `n` characters of
/// `kind` bytes at `src`.
///
/// # Safety
/// `src` must hold `n` characters of that kind (unless `n` is 0).
pub unsafe fn from_kind_and_data(kind: c_int, src: *const u8, n: isize) -> PyResult<Owned> {
    if n < 0 {
        return Err(err::value_error("size must be positive"));
    }
    if !matches!(kind, 1 | 2 | 4) {
        return Err(err::system_error("invalid kind"));
    }
    if n == 0 {
        return Ok(empty());
    }
    if src.is_null() {
        return Err(err::bad_argument());
    }
    let (kind, n) = (kind as usize, n as usize);
    let mut max = 0;
    for i in 0..n {
        // SAFETY: forwarded.
        max = max.max(unsafe { read(kind, src, i) });
    }
    if max > MAX_UNICODE {
        return Err(err::value_error(&format!(
            "character U+{max:x} is not in range [U+0000; U+10ffff]"
        )));
    }
    // SAFETY: forwarded.
    unsafe { from_chars(kind, src, n, max) }
}

/// `PyUnicode_New`: a fresh str of `size` characters up to `maxchar`, all
/// NUL, for C code to fill before anything else sees it.
pub fn new_for_writing(size: isize, maxchar: u32) -> PyResult<Owned> {
    if size == 0 {
        return Ok(empty());
    }
    if maxchar > MAX_UNICODE {
        return Err(err::system_error(
            "invalid maximum character passed to PyUnicode_New",
        ));
    }
    if size < 0 {
        return Err(err::system_error("Negative size passed to PyUnicode_New"));
    }
    let op = alloc_compact(size as usize, maxchar, 0)?;
    // SAFETY: a fresh str; its characters are zeroed before anyone reads
    // them.
    unsafe {
        ptr::write_bytes(data(op), 0, size as usize * kind(op));
        Ok(Owned::from_raw(op))
    }
}

/// Whether C code may still change the characters of `op` in place: a
/// fresh exact str nobody else holds, not hashed and not interned.
///
/// # Safety
/// `op` must be a live str.
unsafe fn check_modifiable(op: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if (*op).ob_refcnt != 1 || cached_hash(op) != -1 || is_interned(op) || !check_exact(op) {
            return Err(err::system_error("Cannot modify a string currently used"));
        }
    }
    Ok(())
}

/// `PyUnicode_ReadChar`.
///
/// # Safety
/// `op` must be live.
pub unsafe fn read_char_checked(op: *mut PyObject, i: isize) -> PyResult<u32> {
    // SAFETY: forwarded; the index is checked.
    unsafe {
        if !check(op) {
            return Err(err::bad_argument_type());
        }
        if i < 0 || i >= len_chars(op) {
            return Err(err::index_error("string index out of range"));
        }
        Ok(read_char(op, i as usize))
    }
}

/// `PyUnicode_WriteChar`.
///
/// # Safety
/// `op` must be live.
pub unsafe fn write_char(op: *mut PyObject, i: isize, c: u32) -> PyResult<()> {
    // SAFETY: forwarded; the index and the character are checked.
    unsafe {
        if !check(op) || state_bits(op) & sstate::COMPACT == 0 {
            return Err(err::bad_argument_type());
        }
        if i < 0 || i >= len_chars(op) {
            return Err(err::index_error("string index out of range"));
        }
        check_modifiable(op)?;
        if c > max_char_value(op) {
            return Err(err::value_error("character out of range"));
        }
        drop_utf8(op);
        write(kind(op), data(op), i as usize, c);
        Ok(())
    }
}

/// `PyUnicode_Fill`: the number of characters written.
///
/// # Safety
/// `op` must be live.
pub unsafe fn fill(op: *mut PyObject, start: isize, length: isize, c: u32) -> PyResult<isize> {
    // SAFETY: forwarded; the range is clamped to the string.
    unsafe {
        if !check(op) {
            return Err(err::bad_argument());
        }
        check_modifiable(op)?;
        if start < 0 {
            return Err(err::index_error("string index out of range"));
        }
        if c > max_char_value(op) {
            return Err(err::value_error(
                "fill character is bigger than the string maximum character",
            ));
        }
        let n = length.min(len_chars(op) - start);
        if n <= 0 {
            return Ok(0);
        }
        drop_utf8(op);
        let (k, d) = (kind(op), data(op));
        for i in start as usize..(start + n) as usize {
            write(k, d, i, c);
        }
        Ok(n)
    }
}

fn kind_name(op: *mut PyObject) -> &'static str {
    // SAFETY: `op` is a live str (callers check).
    unsafe {
        let compact = state_bits(op) & sstate::COMPACT != 0;
        match (kind(op), is_ascii(op), compact) {
            (1, true, true) => "ascii",
            (1, false, true) => "latin1",
            (2, _, true) => "UCS2",
            (_, _, true) => "UCS4",
            (1, true, false) => "legacy ascii",
            (1, false, false) => "legacy latin1",
            (2, _, false) => "legacy UCS2",
            _ => "legacy UCS4",
        }
    }
}

/// `PyUnicode_CopyCharacters`: the number of characters copied.
///
/// # Safety
/// Both must be live.
pub unsafe fn copy_characters(
    to: *mut PyObject,
    to_start: isize,
    from: *mut PyObject,
    from_start: isize,
    how_many: isize,
) -> PyResult<isize> {
    // SAFETY: forwarded; every index is checked against both lengths.
    unsafe {
        if !check(from) || !check(to) {
            return Err(err::bad_argument());
        }
        let (from_len, to_len) = (len_chars(from), len_chars(to));
        if from_start as usize > from_len as usize || to_start as usize > to_len as usize {
            return Err(err::index_error("string index out of range"));
        }
        if how_many < 0 {
            return Err(err::system_error("how_many cannot be negative"));
        }
        let n = how_many.min(from_len - from_start);
        if to_start + n > to_len {
            return Err(err::system_error(&format!(
                "Cannot write {n} characters at {to_start} in a string of {to_len} characters"
            )));
        }
        if n == 0 {
            return Ok(0);
        }
        check_modifiable(to)?;
        drop_utf8(to);
        let (fk, fd, tk, td) = (kind(from), data(from), kind(to), data(to));
        let max = max_char_value(to);
        for i in 0..n as usize {
            let c = read(fk, fd, from_start as usize + i);
            if c > max {
                return Err(err::system_error(&format!(
                    "Cannot copy {} characters into a string of {} characters",
                    kind_name(from),
                    kind_name(to)
                )));
            }
            write(tk, td, to_start as usize + i, c);
        }
        Ok(n)
    }
}

/// `PyUnicode_Substring`: characters `start..end` (end clamped).
///
/// # Safety
/// `op` must be live.
pub unsafe fn substring(op: *mut PyObject, start: isize, end: isize) -> PyResult<Owned> {
    // SAFETY: forwarded; the range is checked against the length.
    unsafe {
        if !check(op) {
            return Err(err::bad_argument());
        }
        let len = len_chars(op);
        let end = end.min(len);
        if start == 0 && end == len {
            return copy_exact(op);
        }
        if start < 0 || end < 0 {
            return Err(err::index_error("string index out of range"));
        }
        if start >= len || end < start {
            return Ok(empty());
        }
        slice(op, start as usize, end as usize)
    }
}

/// The canonical str of characters `start..end` of `op`.
///
/// # Safety
/// `op` must be a live str and `start <= end <= len`.
pub unsafe fn slice(op: *mut PyObject, start: usize, end: usize) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let k = kind(op);
        let src = data(op).add(start * k);
        let n = end - start;
        if is_ascii(op) {
            return from_ascii_bytes(std::slice::from_raw_parts(src, n));
        }
        let mut max = 0;
        for i in 0..n {
            max = max.max(read(k, src, i));
        }
        from_chars(k, src, n, max)
    }
}

/// `op` itself when it is an exact str, else an exact copy of its text.
///
/// # Safety
/// `op` must be a live str.
pub unsafe fn copy_exact(op: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if check_exact(op) {
            return Ok(Owned::from_borrowed(op));
        }
        slice(op, 0, len_chars(op) as usize)
    }
}

/// `PyUnicode_AsUCS4`/`AsUCS4Copy`: the characters as UCS-4 into `target`
/// (of `size` characters), or into a fresh `PyMem_Malloc` block when
/// `target` is NULL; a NUL is appended when `copy_null`.
///
/// # Safety
/// `op` must be live; `target` NULL or writable for `size` characters.
pub unsafe fn as_ucs4(
    op: *mut PyObject,
    target: *mut u32,
    size: isize,
    copy_null: bool,
) -> PyResult<*mut u32> {
    // SAFETY: forwarded; writes stay within the checked size.
    unsafe {
        if !check(op) {
            return Err(err::bad_argument_type());
        }
        let n = len_chars(op) as usize;
        let need = n + usize::from(copy_null);
        let out = if target.is_null() {
            let p = mem::malloc_in(mem::Domain::Mem, need.saturating_mul(4)) as *mut u32;
            if p.is_null() {
                return Err(err::no_memory());
            }
            p
        } else {
            if (size as usize) < need || size < 0 {
                if copy_null && size > 0 {
                    *target = 0;
                }
                return Err(err::system_error("string is longer than the buffer"));
            }
            target
        };
        for (i, c) in chars(op).enumerate() {
            *out.add(i) = c;
        }
        if copy_null {
            *out.add(n) = 0;
        }
        Ok(out)
    }
}

/// Makes an instance of a str subclass `t` holding the text of the str `s`
/// (a non-compact `PyUnicodeObject`, as CPython makes them).
///
/// # Safety
/// `t` must be a subtype of str, `s` a live str.
unsafe fn subtype_from(t: *mut PyTypeObject, s: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: the instance is at least a `PyUnicodeObject`; its fields are
    // written before anyone sees it.
    unsafe {
        let alloc_fn = (*t).tp_alloc.ok_or_else(err::bad_argument)?;
        let op = alloc_fn(t, 0);
        if op.is_null() {
            return Err(err::Raised::assume());
        }
        let o = Owned::from_raw(op);
        let (n, k, ascii) = (len_chars(s) as usize, kind(s), is_ascii(s));
        let bytes = (n + 1) * k;
        let d = mem::obj_alloc(bytes, false);
        if d.is_null() {
            // Leave a valid empty str behind for the deallocator.
            let h = head(op);
            (*h).length = 0;
            (*h).hash = -1;
            (*h).state = (1 << sstate::KIND_SHIFT) | sstate::ASCII;
            return Err(err::no_memory());
        }
        ptr::copy_nonoverlapping(data(s), d, bytes);
        let u = op as *mut PyUnicodeObject;
        let h = head(op);
        (*h).length = n as isize;
        (*h).hash = cached_hash(s);
        (*h).state = ((k as u32) << sstate::KIND_SHIFT) | if ascii { sstate::ASCII } else { 0 };
        (*u).data = d;
        if ascii {
            (*u).base.utf8 = d;
            (*u).base.utf8_length = n as isize;
        } else {
            (*u).base.utf8 = ptr::null_mut();
            (*u).base.utf8_length = 0;
        }
        Ok(o)
    }
}

/// `PyUnicode_FromStringAndSize` / `FromString`: decodes UTF-8 strictly,
/// raising `UnicodeDecodeError` as CPython's 'utf-8' codec does.
pub fn from_utf8(b: &[u8]) -> PyResult<Owned> {
    // ASCII (the common case, e.g. exception messages) needs no further
    // validation; the one-character strs are shared.
    if b.is_ascii() {
        return from_ascii_bytes(b);
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
        Ok(as_bytes(op).as_ptr())
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
    // SAFETY: forwarded.
    unsafe { crate::objects::codecs::raise_encode_error("utf-8", s, start, end, reason) }
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

/// Whether a str with this text has been interned.
pub fn is_interned_text(s: &str) -> bool {
    state().table.contains_key(s.as_bytes())
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
        (*head(op)).state = (state_bits(op) & !sstate::INTERNED_MASK) | sstate::INTERNED_IMMORTAL;
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
        if is_interned(op) {
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

/// The cached hash of a str: CPython's (SipHash-1-3 of its canonical
/// characters under the process key, see [`hash_key`]); never -1.
///
/// # Safety
/// `op` must be a live str.
#[inline]
pub unsafe fn hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: forwarded.
    unsafe {
        let h = cached_hash(op);
        if h != -1 {
            return h;
        }
        let h = hash_bytes(canonical_bytes(op));
        (*head(op)).hash = h;
        h
    }
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
        let (ha, hb) = (head(a), head(b));
        if (*ha).length != (*hb).length || kind(a) != kind(b) {
            return false;
        }
        if (*ha).hash != -1 && (*hb).hash != -1 && (*ha).hash != (*hb).hash {
            return false;
        }
        canonical_bytes(a) == canonical_bytes(b)
    }
}

/// Code-point order of two strs.
///
/// # Safety
/// Both must be live strs.
pub unsafe fn compare(a: *mut PyObject, b: *mut PyObject) -> std::cmp::Ordering {
    // SAFETY: forwarded.
    unsafe {
        if kind(a) == 1 && kind(b) == 1 {
            return canonical_bytes(a).cmp(canonical_bytes(b));
        }
        chars(a).cmp(chars(b))
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
        slice(op, j as usize, j as usize + 1)
    }
}

unsafe extern "C" fn str_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; interned strings are immortal and never
    // get here. A compact ASCII str is one block; the others may own a
    // mirror outside it or, when not compact, a block of characters.
    unsafe {
        let st = state_bits(op);
        if st & (sstate::ASCII | sstate::COMPACT) != sstate::ASCII | sstate::COMPACT {
            release_blocks(op, st);
        }
        alloc::free_object(op)
    }
}

/// Frees the blocks a str owns besides itself.
#[cold]
#[inline(never)]
unsafe fn release_blocks(op: *mut PyObject, st: u32) {
    // SAFETY: a str being deallocated.
    unsafe {
        if st & sstate::ASCII == 0 {
            let c = op as *mut PyCompactUnicodeObject;
            if !(*c).utf8.is_null() && st & sstate::UTF8_INLINE == 0 {
                mem::obj_free((*c).utf8);
            }
        }
        if st & sstate::COMPACT == 0 {
            let d = (*(op as *mut PyUnicodeObject)).data;
            if !d.is_null() {
                mem::obj_free(d);
            }
        }
    }
}

unsafe extern "C" fn str_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a str.
    err::into_ptr(from_str(&repr_wtf8(unsafe { as_bytes(op) })))
}

unsafe extern "C" fn str_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a str.
    unsafe { err::into_ptr(copy_exact(op)) }
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
        if crate::objects::slice::check(key) {
            return err::into_ptr(crate::objects::seqslice::str_get(op, key));
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
            return new_ref(lifecycle::not_implemented());
        }
        if op == abstract_::EQ || op == abstract_::NE {
            return long::bool_from(eq(a, b) == (op == abstract_::EQ)).into_raw();
        }
        abstract_::ordering_result(compare(a, b), op)
    }
}

unsafe extern "C" fn str_new(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract.
    unsafe {
        let v = str_value(args, kw);
        if t == lifecycle::unicode_type() {
            return err::into_ptr(v);
        }
        err::into_ptr(v.and_then(|v| subtype_from(t, v.as_ptr())))
    }
}

/// The str that `str(*args, **kw)` makes.
unsafe fn str_value(args: *mut PyObject, kw: *mut PyObject) -> PyResult<Owned> {
    static SIG: crate::protocols::clinic::Sig = crate::protocols::clinic::Sig::new(
        "str",
        &[
            crate::protocols::clinic::arg_opt("object"),
            crate::protocols::clinic::arg_opt("encoding"),
            crate::protocols::clinic::arg_opt("errors"),
        ],
    );
    // SAFETY: tp_new contract: `args` a tuple, `kw` NULL or a dict.
    unsafe {
        let a = SIG.bind_call::<3>(args, kw)?;
        let Some(x) = a.get(0) else {
            return Ok(empty());
        };
        if a.get(1).is_none() && a.get(2).is_none() {
            return abstract_::str(x);
        }
        let (enc, errs) = (a.str(1)?, a.str(2)?);
        let enc = enc.map(|e| as_str(e));
        let errs = errs.map(|e| as_str(e));
        crate::objects::codecs::from_encoded_object(x, enc.as_deref(), errs.as_deref())
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
