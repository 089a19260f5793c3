//! `int` and `bool`: arbitrary-precision integers in CPython 3.12's layout
//! (`PyLongObject`: `lv_tag` holding the sign and the digit count, then
//! 30-bit digits, least significant first), so that code compiled against
//! CPython's headers (`_PyLong_IsCompact`, `_PyLong_CompactValue`, Cython's
//! digit readers) reads Ophis ints directly. Arithmetic works on an `i64`
//! view of the value when it fits ([`Val::Small`]) and on `BigInt`
//! otherwise; the small-int cache (-5..=256) is immortal as in CPython 3.12.
//! Conversions to and from C types carry CPython's errors; hashing and
//! comparison are CPython's.

use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyNumberMethods, PyTypeObject};
use crate::runtime::alloc;
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::{objects::unicode, protocols::abstract_};
use num_bigint::{BigInt, BigUint, Sign};
use num_traits::{FromPrimitive, Signed, ToPrimitive, Zero};
use std::ffi::c_int;
use std::ptr;

/// An `int` object: the header, `lv_tag`, and `ndigits` digits (at least
/// one is allocated).
#[repr(C)]
pub struct PyLongObject {
    /// Header.
    pub ob_base: PyObject,
    /// `ndigits << NON_SIZE_BITS | sign` (see [`SIGN_ZERO`],
    /// [`SIGN_NEGATIVE`]).
    pub lv_tag: usize,
    /// The first of the digits, each below `2**SHIFT`.
    pub ob_digit: [u32; 1],
}
const _: () = {
    assert!(std::mem::size_of::<PyLongObject>() == 32);
    assert!(std::mem::offset_of!(PyLongObject, lv_tag) == 16);
    assert!(std::mem::offset_of!(PyLongObject, ob_digit) == 24);
};

/// Bits per digit (`PyLong_SHIFT`).
pub const SHIFT: u32 = 30;
/// `PyLong_MASK`.
pub const MASK: u32 = (1 << SHIFT) - 1;
/// Low bits of `lv_tag` that are not the digit count.
pub const NON_SIZE_BITS: u32 = 3;
/// Sign field of a positive number.
pub const SIGN_POSITIVE: usize = 0;
/// Sign field of zero.
pub const SIGN_ZERO: usize = 1;
/// Sign field of a negative number.
pub const SIGN_NEGATIVE: usize = 2;
/// Offset of the digits (`int.__basicsize__`).
const DIGITS_OFFSET: usize = std::mem::offset_of!(PyLongObject, ob_digit);

const SMALL_MIN: i64 = -5;
const SMALL_MAX: i64 = 256;
static mut SMALL_INTS: *mut PyLongObject = ptr::null_mut();

/// The modulus of CPython's numeric hash (2**61 - 1).
pub const HASH_MODULUS: u64 = (1u64 << 61) - 1;

/// A view of an int's value.
#[derive(Debug)]
pub enum Val {
    /// Fits in an `i64`.
    Small(i64),
    /// Does not fit in an `i64`.
    Big(BigInt),
}

static mut LONG_AS_NUMBER: PyNumberMethods = {
    // SAFETY: an all-zero table is a table of absent slots.
    let mut n: PyNumberMethods = unsafe { std::mem::zeroed() };
    n.nb_bool = Some(long_bool);
    n.nb_int = Some(long_int);
    n.nb_index = Some(long_int);
    n.nb_float = Some(long_float);
    n
};

/// `bool`'s number table: `&`, `|`, `^`; the rest is inherited from `int`.
static mut BOOL_AS_NUMBER: PyNumberMethods = {
    // SAFETY: an all-zero table is a table of absent slots.
    unsafe { std::mem::zeroed() }
};

/// Fills in `int` and `bool`. Start-up only.
pub(crate) unsafe fn init_types(long_t: *mut PyTypeObject, bool_t: *mut PyTypeObject) {
    // SAFETY: start-up, exclusive access.
    unsafe {
        crate::objects::longarith::install(&mut *ptr::addr_of_mut!(LONG_AS_NUMBER));
        crate::objects::longarith::install_bool(&mut *ptr::addr_of_mut!(BOOL_AS_NUMBER));
        (*bool_t).tp_as_number = ptr::addr_of_mut!(BOOL_AS_NUMBER);
        (*long_t).tp_name = c"int".as_ptr();
        (*long_t).tp_basicsize = DIGITS_OFFSET as isize;
        (*long_t).tp_itemsize = std::mem::size_of::<u32>() as isize;
        (*long_t).tp_flags = flags::DEFAULT
            | flags::BASETYPE
            | flags::LONG_SUBCLASS
            | flags::IMMUTABLETYPE
            | flags::MATCH_SELF;
        (*long_t).tp_dealloc = Some(long_dealloc);
        (*long_t).tp_repr = Some(long_repr);
        (*long_t).tp_hash = Some(long_hash);
        (*long_t).tp_richcompare = Some(long_richcompare);
        (*long_t).tp_as_number = ptr::addr_of_mut!(LONG_AS_NUMBER);
        (*long_t).tp_new = Some(long_new);
        (*long_t).tp_getset = ptr::addr_of_mut!(LONG_GETSET).cast();
        (*long_t).tp_doc = c"int([x]) -> integer".as_ptr();

        (*bool_t).tp_name = c"bool".as_ptr();
        (*bool_t).tp_base = long_t;
        (*bool_t).tp_basicsize = DIGITS_OFFSET as isize;
        (*bool_t).tp_itemsize = std::mem::size_of::<u32>() as isize;
        (*bool_t).tp_flags = flags::DEFAULT | flags::IMMUTABLETYPE | flags::MATCH_SELF;
        (*bool_t).tp_dealloc = Some(lifecycle::static_dealloc);
        (*bool_t).tp_repr = Some(bool_repr);
        (*bool_t).tp_new = Some(bool_new);
        (*bool_t).tp_doc = c"bool(x) -> bool".as_ptr();
    }
}

/// `int`'s attributes of the numbers tower: `real` and `numerator` are the
/// value as an exact `int`, `imag` is 0 and `denominator` 1.
static mut LONG_GETSET: [typeobj::PyGetSetDef; 5] = [
    typeobj::getset(c"real", Some(long_get_self)),
    typeobj::getset(c"imag", Some(long_get_zero)),
    typeobj::getset(c"numerator", Some(long_get_self)),
    typeobj::getset(c"denominator", Some(long_get_one)),
    typeobj::GETSET_END,
];

/// Getter for `int.real` and `int.numerator`: `self` as an exact `int`
/// (a copy for instances of subclasses, as `int(x)` would make).
unsafe extern "C" fn long_get_self(op: *mut PyObject, _c: *mut std::ffi::c_void) -> *mut PyObject {
    // SAFETY: the descriptor only calls this on ints.
    unsafe {
        if (*op).ob_type == lifecycle::long_type() {
            return Owned::from_borrowed(op).into_raw();
        }
        err::into_ptr(from_bigint(to_bigint(op)))
    }
}

/// Getter for `int.imag`.
unsafe extern "C" fn long_get_zero(_op: *mut PyObject, _c: *mut std::ffi::c_void) -> *mut PyObject {
    err::into_ptr(from_i64(0))
}

/// Getter for `int.denominator`.
unsafe extern "C" fn long_get_one(_op: *mut PyObject, _c: *mut std::ffi::c_void) -> *mut PyObject {
    err::into_ptr(from_i64(1))
}

/// The `lv_tag` and first digit of a value of at most one digit.
const fn one_digit(v: i64) -> (usize, u32) {
    let sign = if v < 0 {
        SIGN_NEGATIVE
    } else if v == 0 {
        SIGN_ZERO
    } else {
        SIGN_POSITIVE
    };
    let n = if v == 0 { 0 } else { 1 };
    ((n << NON_SIZE_BITS) | sign, v.unsigned_abs() as u32)
}

/// Writes `True` and `False`. Start-up only.
pub(crate) unsafe fn init_bools(t: *mut PyObject, f: *mut PyObject) {
    // SAFETY: both point to 32 bytes of static storage.
    unsafe {
        for (o, v) in [(t, 1), (f, 0)] {
            let l = o as *mut PyLongObject;
            (*l).ob_base = static_header(lifecycle::bool_type());
            let (tag, d) = one_digit(v);
            (*l).lv_tag = tag;
            (*l).ob_digit = [d];
        }
    }
}

/// Builds the small-int cache. Start-up only.
pub(crate) unsafe fn init_runtime() {
    let n = (SMALL_MAX - SMALL_MIN + 1) as usize;
    let mut v = Vec::with_capacity(n);
    for i in SMALL_MIN..=SMALL_MAX {
        let (lv_tag, d) = one_digit(i);
        v.push(PyLongObject {
            ob_base: static_header(lifecycle::long_type()),
            lv_tag,
            ob_digit: [d],
        });
    }
    // SAFETY: start-up; leaked storage lives forever.
    unsafe { SMALL_INTS = Box::leak(v.into_boxed_slice()).as_mut_ptr() };
}

/// Whether `op` is an int (or bool, or subclass).
///
/// # Safety
/// `op` must be live.
#[inline(always)]
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { typeobj::has_flag(op, flags::LONG_SUBCLASS) }
}

/// The `lv_tag` of an int.
///
/// # Safety
/// `op` must be a live int.
#[inline(always)]
pub unsafe fn tag(op: *mut PyObject) -> usize {
    // SAFETY: forwarded.
    unsafe { (*(op as *mut PyLongObject)).lv_tag }
}

/// The sign of an int: -1, 0 or 1 (`_PyLong_Sign`).
///
/// # Safety
/// `op` a live int.
pub unsafe fn sign(op: *mut PyObject) -> std::ffi::c_int {
    // SAFETY: forwarded.
    match unsafe { tag(op) } & 3 {
        SIGN_ZERO => 0,
        SIGN_NEGATIVE => -1,
        _ => 1,
    }
}

/// The digits of an int, least significant first (none for zero).
///
/// # Safety
/// `op` must be a live int; the slice must not outlive it.
#[inline(always)]
pub unsafe fn digits<'a>(op: *mut PyObject) -> &'a [u32] {
    // SAFETY: an int holds `lv_tag >> NON_SIZE_BITS` digits.
    unsafe {
        let d = ptr::addr_of!((*(op as *mut PyLongObject)).ob_digit) as *const u32;
        std::slice::from_raw_parts(d, tag(op) >> NON_SIZE_BITS)
    }
}

/// The value of an int.
///
/// # Safety
/// `op` must be a live int.
#[inline(always)]
pub unsafe fn val(op: *mut PyObject) -> Val {
    // SAFETY: the caller guarantees `op` is an int; at most two digits are
    // read, and only when present.
    unsafe {
        let t = tag(op);
        let d = ptr::addr_of!((*(op as *mut PyLongObject)).ob_digit) as *const u32;
        let mag = match t >> NON_SIZE_BITS {
            0 => 0,
            1 => *d as u64,
            2 => *d as u64 | (*d.add(1) as u64) << SHIFT,
            _ => return val_wide(op),
        };
        Val::Small(if t & 3 == SIGN_NEGATIVE {
            -(mag as i64)
        } else {
            mag as i64
        })
    }
}

/// [`val`] of an int of three or more digits.
#[cold]
#[inline(never)]
unsafe fn val_wide(op: *mut PyObject) -> Val {
    // SAFETY: forwarded.
    unsafe {
        let ds = digits(op);
        let neg = tag(op) & 3 == SIGN_NEGATIVE;
        if ds.len() == 3 {
            let mag = ds[0] as u128 | (ds[1] as u128) << SHIFT | (ds[2] as u128) << (2 * SHIFT);
            let v = if neg { -(mag as i128) } else { mag as i128 };
            if let Ok(v) = i64::try_from(v) {
                return Val::Small(v);
            }
        }
        let m = digits_to_biguint(ds);
        Val::Big(BigInt::from_biguint(
            if neg { Sign::Minus } else { Sign::Plus },
            m,
        ))
    }
}

/// The magnitude of 30-bit digits (least significant first).
pub fn digits_to_biguint(ds: &[u32]) -> BigUint {
    let mut words = Vec::with_capacity(ds.len() * 30 / 32 + 1);
    let (mut acc, mut bits) = (0u64, 0u32);
    for &d in ds {
        acc |= (d as u64) << bits;
        bits += SHIFT;
        while bits >= 32 {
            words.push(acc as u32);
            acc >>= 32;
            bits -= 32;
        }
    }
    if bits > 0 {
        words.push(acc as u32);
    }
    BigUint::new(words)
}

/// The 30-bit digits of a magnitude (least significant first, no leading
/// zero digits).
pub fn biguint_to_digits(m: &BigUint) -> Vec<u32> {
    let words = m.to_u32_digits();
    let mut out = Vec::with_capacity(words.len() * 32 / 30 + 1);
    let (mut acc, mut bits) = (0u64, 0u32);
    for w in words {
        acc |= (w as u64) << bits;
        bits += 32;
        while bits >= SHIFT {
            out.push((acc as u32) & MASK);
            acc >>= SHIFT;
            bits -= SHIFT;
        }
    }
    if bits > 0 {
        out.push(acc as u32);
    }
    while out.last() == Some(&0) {
        out.pop();
    }
    out
}

/// The value as a `BigInt`.
///
/// # Safety
/// `op` must be a live int.
pub unsafe fn to_bigint(op: *mut PyObject) -> BigInt {
    // SAFETY: forwarded.
    match unsafe { val(op) } {
        Val::Small(v) => BigInt::from(v),
        Val::Big(b) => b,
    }
}

/// Allocates an exact int of `n` digits (room for at least one) with the
/// sign field `sign`; the digits are not written. Sizes that do not fit
/// raise `MemoryError`.
fn alloc_digits(n: usize, sign: usize) -> PyResult<*mut PyObject> {
    let size = n
        .max(1)
        .checked_mul(4)
        .and_then(|b| b.checked_add(DIGITS_OFFSET))
        .filter(|&b| b <= isize::MAX as usize / 2)
        .ok_or_else(err::no_memory)?;
    // SAFETY: `size` bytes hold the header, the tag and the digits; the tag
    // is written here, the digits by the caller.
    unsafe {
        let op = alloc::new_object_uninit(lifecycle::long_type(), size)?;
        (*(op as *mut PyLongObject)).lv_tag = (n << NON_SIZE_BITS) | sign;
        Ok(op)
    }
}

/// Pointer to the digits of an int.
///
/// # Safety
/// `op` must be a live int.
#[inline(always)]
unsafe fn digits_mut(op: *mut PyObject) -> *mut u32 {
    // SAFETY: forwarded.
    unsafe { ptr::addr_of_mut!((*(op as *mut PyLongObject)).ob_digit) as *mut u32 }
}

/// `PyLong_FromLong` & co. for any value that fits in an `i64`.
#[inline]
pub fn from_i64(v: i64) -> PyResult<Owned> {
    if (SMALL_MIN..=SMALL_MAX).contains(&v) {
        // SAFETY: the cache is built at start-up and immortal.
        return Ok(unsafe {
            Owned::from_raw(SMALL_INTS.add((v - SMALL_MIN) as usize) as *mut PyObject)
        });
    }
    let sign = if v < 0 { SIGN_NEGATIVE } else { SIGN_POSITIVE };
    let m = v.unsigned_abs();
    if m >> (2 * SHIFT) != 0 {
        return from_i64_wide(m, sign);
    }
    // One or two digits: always the 32 bytes of a `PyLongObject`, a size
    // the allocator resolves at compile time.
    let n = if m >> SHIFT == 0 { 1 } else { 2 };
    // SAFETY: 32 bytes hold the header, the tag and two digits; both are
    // written (the second is padding for one digit).
    unsafe {
        let op =
            alloc::new_object_uninit(lifecycle::long_type(), std::mem::size_of::<PyLongObject>())?;
        (*(op as *mut PyLongObject)).lv_tag = (n << NON_SIZE_BITS) | sign;
        let d = digits_mut(op);
        *d = (m as u32) & MASK;
        *d.add(1) = (m >> SHIFT) as u32;
        Ok(Owned::from_raw(op))
    }
}

/// [`from_i64`] for magnitudes of three digits.
#[cold]
#[inline(never)]
fn from_i64_wide(mut m: u64, sign: usize) -> PyResult<Owned> {
    let op = alloc_digits(3, sign)?;
    // SAFETY: a fresh int with room for three digits.
    unsafe {
        let d = digits_mut(op);
        for i in 0..3 {
            *d.add(i) = (m as u32) & MASK;
            m >>= SHIFT;
        }
        Ok(Owned::from_raw(op))
    }
}

/// `PyLong_FromUnsignedLongLong`.
pub fn from_u64(v: u64) -> PyResult<Owned> {
    match i64::try_from(v) {
        Ok(s) => from_i64(s),
        Err(_) => from_bigint(BigInt::from(v)),
    }
}

/// An int from a big integer.
pub fn from_bigint(b: BigInt) -> PyResult<Owned> {
    if let Some(v) = b.to_i64() {
        return from_i64(v);
    }
    let ds = biguint_to_digits(b.magnitude());
    let sign = if b.is_negative() {
        SIGN_NEGATIVE
    } else {
        SIGN_POSITIVE
    };
    let op = alloc_digits(ds.len(), sign)?;
    // SAFETY: a fresh int with room for its digits.
    unsafe {
        ptr::copy_nonoverlapping(ds.as_ptr(), digits_mut(op), ds.len());
        Ok(Owned::from_raw(op))
    }
}

/// An instance of the int subclass `t` with the value of the int `v`, as
/// CPython makes them (`tp_alloc` with the digit count, then the digits).
///
/// # Safety
/// `t` must be a subtype of int, `v` a live int.
unsafe fn subtype_from(t: *mut PyTypeObject, v: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: `tp_alloc` gives room for the digits (and CPython's one
    // extra item); the tag and digits are written before anyone sees them.
    unsafe {
        let alloc_fn = (*t).tp_alloc.ok_or_else(err::bad_argument)?;
        let ds = digits(v);
        let op = alloc_fn(t, ds.len().max(1) as isize);
        if op.is_null() {
            return Err(err::Raised::assume());
        }
        (*(op as *mut PyLongObject)).lv_tag = tag(v);
        ptr::copy_nonoverlapping(ds.as_ptr(), digits_mut(op), ds.len());
        Ok(Owned::from_raw(op))
    }
}

/// `PyLong_FromDouble`.
pub fn from_f64(d: f64) -> PyResult<Owned> {
    if d.is_infinite() {
        return Err(err::overflow_error(
            "cannot convert float infinity to integer",
        ));
    }
    if d.is_nan() {
        return Err(err::value_error("cannot convert float NaN to integer"));
    }
    let t = d.trunc();
    if t.abs() < 9.0e18 {
        return from_i64(t as i64);
    }
    from_bigint(BigInt::from_f64(t).expect("finite float"))
}

/// `PyBool_FromLong`.
pub fn bool_from(v: bool) -> Owned {
    let p = if v {
        lifecycle::true_()
    } else {
        lifecycle::false_()
    };
    // SAFETY: True and False are immortal.
    unsafe { Owned::from_raw(p) }
}

/// Converts an object to an int through `__index__` (`_PyNumber_Index`).
///
/// # Safety
/// `op` must be live.
pub unsafe fn index(op: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded; slot calls follow their contracts.
    unsafe {
        if check(op) {
            return Ok(Owned::from_borrowed(op));
        }
        let nb = (*(*op).ob_type).tp_as_number;
        if !nb.is_null() {
            if let Some(f) = (*nb).nb_index {
                let r = err::from_ptr(f(op))?;
                if !check(r.as_ptr()) {
                    return Err(err::type_error(&format!(
                        "__index__ returned non-int (type {})",
                        typeobj::type_name_of(r.as_ptr())
                    )));
                }
                return Ok(r);
            }
        }
        Err(err::type_error(&format!(
            "'{}' object cannot be interpreted as an integer",
            typeobj::type_name_of(op)
        )))
    }
}

/// `PyLong_AsLong` / `PyLong_AsLongLong` core: the value through `__index__`
/// as an `i64`; `overflow_msg` is CPython's message for that C type.
///
/// # Safety
/// `op` must be NULL or live.
pub unsafe fn as_i64(op: *mut PyObject, overflow_msg: &str) -> PyResult<i64> {
    if op.is_null() {
        return Err(err::bad_argument());
    }
    // SAFETY: forwarded.
    unsafe {
        let i = index(op)?;
        match val(i.as_ptr()) {
            Val::Small(v) => Ok(v),
            Val::Big(_) => Err(err::overflow_error(overflow_msg)),
        }
    }
}

/// An object's `__index__` as a C `int` (`_PyLong_AsInt` of
/// `PyNumber_Index`): CPython's `TypeError` for a non-integer and
/// `OverflowError` past the C range.
///
/// # Safety
/// `op` live.
pub unsafe fn as_c_int(op: *mut PyObject) -> PyResult<i32> {
    const MSG: &str = "Python int too large to convert to C int";
    // SAFETY: forwarded.
    unsafe {
        let v = as_i64(op, MSG)?;
        i32::try_from(v).map_err(|_| err::overflow_error(MSG))
    }
}

/// `PyLong_AsLongAndOverflow`: `(value, overflow)` where overflow is -1, 0
/// or 1 and the value is -1 on overflow.
///
/// # Safety
/// `op` must be NULL or live.
pub unsafe fn as_i64_and_overflow(op: *mut PyObject) -> PyResult<(i64, i32)> {
    if op.is_null() {
        return Err(err::bad_argument());
    }
    // SAFETY: forwarded.
    unsafe {
        let i = index(op)?;
        match val(i.as_ptr()) {
            Val::Small(v) => Ok((v, 0)),
            Val::Big(b) => Ok((-1, if b.is_negative() { -1 } else { 1 })),
        }
    }
}

/// `PyLong_AsSsize_t`: exact ints only (no `__index__`).
///
/// # Safety
/// `op` must be NULL or live.
pub unsafe fn as_ssize(op: *mut PyObject) -> PyResult<isize> {
    if op.is_null() {
        return Err(err::bad_argument());
    }
    // SAFETY: forwarded.
    unsafe {
        if !check(op) {
            return Err(err::type_error("an integer is required"));
        }
        match val(op) {
            Val::Small(v) => Ok(v as isize),
            Val::Big(_) => Err(err::overflow_error(
                "Python int too large to convert to C ssize_t",
            )),
        }
    }
}

/// `PyLong_AsSize_t` (and the unsigned conversions): exact ints only.
///
/// # Safety
/// `op` must be NULL or live.
pub unsafe fn as_u64(op: *mut PyObject, type_name: &str) -> PyResult<u64> {
    if op.is_null() {
        return Err(err::bad_argument());
    }
    // SAFETY: forwarded.
    unsafe {
        if !check(op) {
            return Err(err::type_error("an integer is required"));
        }
        let neg = match val(op) {
            Val::Small(v) => v < 0,
            Val::Big(b) => b.is_negative(),
        };
        if neg {
            return Err(err::overflow_error(&format!(
                "can't convert negative value to {type_name}"
            )));
        }
        match val(op) {
            Val::Small(v) => Ok(v as u64),
            Val::Big(b) => b.to_u64().ok_or_else(|| {
                err::overflow_error(&format!("Python int too large to convert to C {type_name}"))
            }),
        }
    }
}

/// `PyLong_AsDouble`: exact ints only, correctly rounded.
///
/// # Safety
/// `op` must be NULL or live.
pub unsafe fn as_f64(op: *mut PyObject) -> PyResult<f64> {
    if op.is_null() {
        return Err(err::bad_argument());
    }
    // SAFETY: forwarded.
    unsafe {
        if !check(op) {
            return Err(err::type_error("an integer is required"));
        }
        to_f64_exact(op)
    }
}

/// The float nearest to an int, or `OverflowError`.
///
/// # Safety
/// `op` must be a live int.
pub unsafe fn to_f64_exact(op: *mut PyObject) -> PyResult<f64> {
    // SAFETY: forwarded.
    match unsafe { val(op) } {
        Val::Small(v) => Ok(v as f64),
        Val::Big(b) => match b.to_f64() {
            Some(f) if f.is_finite() => Ok(f),
            _ => Err(err::overflow_error("int too large to convert to float")),
        },
    }
}

/// CPython's hash of an integer.
///
/// # Safety
/// `op` must be a live int.
pub unsafe fn hash(op: *mut PyObject) -> isize {
    // SAFETY: forwarded.
    let h: i64 = match unsafe { val(op) } {
        Val::Small(v) => {
            let m = (v.unsigned_abs() % HASH_MODULUS) as i64;
            if v < 0 {
                -m
            } else {
                m
            }
        }
        Val::Big(b) => {
            let m = (b.abs() % BigInt::from(HASH_MODULUS))
                .to_i64()
                .expect("reduced");
            if b.is_negative() {
                -m
            } else {
                m
            }
        }
    };
    if h == -1 {
        -2
    } else {
        h as isize
    }
}

/// Decimal text of an int, with CPython 3.12's 4300-digit limit.
///
/// # Safety
/// `op` must be a live int.
pub unsafe fn to_decimal(op: *mut PyObject) -> PyResult<String> {
    // SAFETY: forwarded.
    match unsafe { val(op) } {
        Val::Small(v) => Ok(v.to_string()),
        Val::Big(b) => {
            let limit = max_str_digits();
            let too_long = || {
                err::value_error(&format!(
                    "Exceeds the limit ({limit} digits) for integer string conversion; \
                     use sys.set_int_max_str_digits() to increase the limit"
                ))
            };
            // A lower bound from the bit length first (digits >= bits *
            // log10(2)), so a huge int is refused before its quadratic
            // conversion.
            if limit != 0 && (b.bits() as f64 * std::f64::consts::LOG10_2) as u64 > limit as u64 + 1
            {
                return Err(too_long());
            }
            let s = b.to_string();
            let digits = s.len() - usize::from(b.is_negative());
            if limit != 0 && digits > limit {
                return Err(too_long());
            }
            Ok(s)
        }
    }
}

/// CPython 3.12's default `sys.int_info.default_max_str_digits`.
pub const MAX_STR_DIGITS: usize = 4300;

/// `sys.int_info.str_digits_check_threshold`: the smallest non-zero limit.
pub const STR_DIGITS_THRESHOLD: usize = 640;

/// The current limit on decimal (non-power-of-two base) conversions
/// between int and str, `sys.get_int_max_str_digits()`; 0 means none.
static MAX_STR_DIGITS_NOW: std::sync::atomic::AtomicUsize =
    std::sync::atomic::AtomicUsize::new(MAX_STR_DIGITS);

/// `sys.get_int_max_str_digits()`.
pub fn max_str_digits() -> usize {
    MAX_STR_DIGITS_NOW.load(std::sync::atomic::Ordering::Relaxed)
}

/// `sys.set_int_max_str_digits(n)`: 0 (no limit) or at least 640.
pub fn set_max_str_digits(n: isize) -> PyResult<()> {
    if n != 0 && n < STR_DIGITS_THRESHOLD as isize {
        return Err(err::value_error(&format!(
            "maxdigits must be 0 or larger than {STR_DIGITS_THRESHOLD}"
        )));
    }
    MAX_STR_DIGITS_NOW.store(n as usize, std::sync::atomic::Ordering::Relaxed);
    Ok(())
}

/// The limit check of a str→int conversion with `digits` digits in
/// `base`: CPython's `ValueError` when the base is not a power of two and
/// the count exceeds [`max_str_digits`]. Made before the conversion (which
/// is quadratic in the length), by every parser (`int()`,
/// `PyLong_FromString`, `PyLong_FromUnicodeObject`).
fn check_parse_limit(digits: usize, base: u32) -> PyResult<()> {
    let limit = max_str_digits();
    if limit != 0 && !base.is_power_of_two() && digits > limit {
        return Err(err::value_error(&format!(
            "Exceeds the limit ({limit} digits) for integer string conversion: \
             value has {digits} digits; use sys.set_int_max_str_digits() to increase the limit"
        )));
    }
    Ok(())
}

/// Compares two ints.
///
/// # Safety
/// Both must be live ints.
pub unsafe fn cmp(a: *mut PyObject, b: *mut PyObject) -> std::cmp::Ordering {
    // SAFETY: forwarded.
    unsafe {
        match (val(a), val(b)) {
            (Val::Small(x), Val::Small(y)) => x.cmp(&y),
            (Val::Small(x), Val::Big(y)) => BigInt::from(x).cmp(&y),
            (Val::Big(x), Val::Small(y)) => x.cmp(&BigInt::from(y)),
            (Val::Big(x), Val::Big(y)) => x.cmp(&y),
        }
    }
}

/// Parses an int literal as `int(text, base)` does (base 0 or 2..=36).
pub fn parse(text: &str, base: u32) -> Option<BigInt> {
    let (neg, base, clean) = parse_parts(text, base)?;
    let v = BigInt::parse_bytes(clean.as_bytes(), base)?;
    Some(if neg { -v } else { v })
}

/// [`parse`] with the digit limit (`check_parse_limit`) applied to a
/// valid literal before it is converted: `Ok(None)` for an invalid one.
pub fn parse_limited(text: &str, base: u32) -> PyResult<Option<BigInt>> {
    let Some((neg, base, clean)) = parse_parts(text, base) else {
        return Ok(None);
    };
    check_parse_limit(clean.len(), base)?;
    Ok(BigInt::parse_bytes(clean.as_bytes(), base).map(|v| if neg { -v } else { v }))
}

/// The syntax of an int literal: sign, the base used, and the digits
/// without underscores (valid characters, not yet checked against the
/// base).
fn parse_parts(text: &str, base: u32) -> Option<(bool, u32, String)> {
    let t = text.trim_matches(|c: char| c.is_whitespace());
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = t.to_ascii_lowercase();
    let (base, digits) = match (base, lower.get(..2)) {
        (0 | 16, Some("0x")) => (16, &t[2..]),
        (0 | 8, Some("0o")) => (8, &t[2..]),
        (0 | 2, Some("0b")) => (2, &t[2..]),
        (0, _) => {
            // base 0 forbids leading zeros in non-zero decimals
            if t.len() > 1 && t.starts_with('0') && !t.trim_start_matches(['0', '_']).is_empty() {
                return None;
            }
            (10, t)
        }
        (b, _) => (b, t),
    };
    let prefixed = digits.len() != t.len();
    let digits = if prefixed {
        digits.strip_prefix('_').unwrap_or(digits)
    } else {
        digits
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    if !clean
        .chars()
        .all(|c| c.is_ascii_alphanumeric() && c.to_digit(36).is_some_and(|d| d < base))
    {
        return None;
    }
    Some((neg, base, clean))
}

/// `PyLong_FromString`: leading whitespace, sign, digits (with
/// underscores), trailing whitespace; `pend` gets the end of the text.
///
/// # Safety
/// `s` must be a valid NUL-terminated string; `pend` NULL or writable.
pub unsafe fn from_c_string(
    s: *const std::ffi::c_char,
    pend: *mut *mut std::ffi::c_char,
    base: i32,
) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if base != 0 && !(2..=36).contains(&base) {
            return Err(err::value_error("int() arg 2 must be >= 2 and <= 36"));
        }
        let bytes = std::ffi::CStr::from_ptr(s).to_bytes();
        if !pend.is_null() {
            *pend = s.add(bytes.len()) as *mut std::ffi::c_char;
        }
        let text = String::from_utf8_lossy(bytes);
        match parse_limited(&text, base as u32)? {
            Some(v) => from_bigint(v),
            None => {
                // CPython's `%.200R`: the repr, cut at 200 characters.
                let shown: String = unicode::repr_text(&text).chars().take(200).collect();
                Err(err::value_error(&format!(
                    "invalid literal for int() with base {base}: {shown}"
                )))
            }
        }
    }
}

/// `PyLong_AsUnsignedLong`: exact ints only; CPython's messages.
///
/// # Safety
/// `op` must be NULL or live.
pub unsafe fn as_unsigned_long(op: *mut PyObject) -> PyResult<u64> {
    if op.is_null() {
        return Err(err::bad_argument());
    }
    // SAFETY: forwarded.
    unsafe {
        if !check(op) {
            return Err(err::type_error("an integer is required"));
        }
        if tag(op) & 3 == SIGN_NEGATIVE {
            return Err(err::overflow_error(
                "can't convert negative value to unsigned int",
            ));
        }
        match val(op) {
            Val::Small(v) => Ok(v as u64),
            Val::Big(b) => b.to_u64().ok_or_else(|| {
                err::overflow_error("Python int too large to convert to C unsigned long")
            }),
        }
    }
}

/// `PyLong_AsUnsignedLongLong`: exact ints only; the errors of
/// `_PyLong_AsByteArray`.
///
/// # Safety
/// `op` must be NULL or live.
pub unsafe fn as_unsigned_long_long(op: *mut PyObject) -> PyResult<u64> {
    if op.is_null() {
        return Err(err::bad_argument());
    }
    // SAFETY: forwarded.
    unsafe {
        if !check(op) {
            return Err(err::type_error("an integer is required"));
        }
        let mut b = [0u8; 8];
        as_byte_array(op, &mut b, true, false)?;
        Ok(u64::from_le_bytes(b))
    }
}

/// `PyLong_AsUnsignedLongMask`/`LongLongMask`: the value (through
/// `__index__`) modulo 2**64.
///
/// # Safety
/// `op` must be NULL or live.
pub unsafe fn as_unsigned_mask(op: *mut PyObject) -> PyResult<u64> {
    if op.is_null() {
        return Err(err::bad_argument());
    }
    // SAFETY: forwarded.
    unsafe {
        let i = index(op)?;
        Ok(match val(i.as_ptr()) {
            Val::Small(v) => v as u64,
            Val::Big(b) => {
                let m = b.magnitude().iter_u64_digits().next().unwrap_or(0);
                if b.is_negative() {
                    m.wrapping_neg()
                } else {
                    m
                }
            }
        })
    }
}

/// `_PyLong_AsByteArray`: the value as `out.len()` bytes, two's complement
/// when `signed`. Like CPython, bytes are written from the least
/// significant end as the digits are consumed, so an `OverflowError` may
/// leave part of `out` written.
///
/// # Safety
/// `op` must be a live int.
pub unsafe fn as_byte_array(
    op: *mut PyObject,
    out: &mut [u8],
    little: bool,
    signed: bool,
) -> PyResult<()> {
    // SAFETY: forwarded.
    let (ds, negative) = unsafe { (digits(op), tag(op) & 3 == SIGN_NEGATIVE) };
    if negative && !signed {
        return Err(err::overflow_error(
            "can't convert negative int to unsigned",
        ));
    }
    let n = out.len();
    let at = |j: usize| if little { j } else { n - 1 - j };
    let overflow = || err::overflow_error("int too big to convert");
    let (mut j, mut accum, mut bits, mut carry) = (0usize, 0u64, 0u32, u32::from(negative));
    for (i, &d) in ds.iter().enumerate() {
        let mut d = d;
        if negative {
            d = (d ^ MASK) + carry;
            carry = d >> SHIFT;
            d &= MASK;
        }
        accum |= (d as u64) << bits;
        if i == ds.len() - 1 {
            // The top digit: only its significant bits count.
            let s = if negative { d ^ MASK } else { d };
            bits += 32 - s.leading_zeros();
        } else {
            bits += SHIFT;
        }
        while bits >= 8 {
            if j >= n {
                return Err(overflow());
            }
            out[at(j)] = accum as u8;
            j += 1;
            bits -= 8;
            accum >>= 8;
        }
    }
    if bits > 0 {
        if j >= n {
            return Err(overflow());
        }
        if negative {
            accum |= !0u64 << bits;
        }
        out[at(j)] = accum as u8;
        j += 1;
    } else if j == n && n > 0 && signed {
        // Exactly filled: the top byte must carry the right sign bit.
        return if (out[at(n - 1)] >= 0x80) == negative {
            Ok(())
        } else {
            Err(overflow())
        };
    }
    let fill = if negative { 0xff } else { 0 };
    for k in j..n {
        out[at(k)] = fill;
    }
    Ok(())
}

/// `_PyLong_FromByteArray`: the int that `b` holds (two's complement when
/// `signed`).
pub fn from_byte_array(b: &[u8], little: bool, signed: bool) -> PyResult<Owned> {
    let mut le: Vec<u8> = crate::runtime::alloc::fallible::with_capacity(b.len())?;
    le.extend_from_slice(b);
    if !little {
        le.reverse();
    }
    let negative = signed && le.last().is_some_and(|&x| x >= 0x80);
    if le.len() <= 8 {
        let mut w = [if negative { 0xff } else { 0 }; 8];
        w[..le.len()].copy_from_slice(&le);
        return if negative || le.len() < 8 {
            from_i64(i64::from_le_bytes(w))
        } else {
            from_u64(u64::from_le_bytes(w))
        };
    }
    let v = if negative {
        BigInt::from_signed_bytes_le(&le)
    } else {
        BigInt::from_bytes_le(Sign::Plus, &le)
    };
    from_bigint(v)
}

/// The decimal value of a Unicode decimal digit (category Nd), whose
/// digits come in runs of ten starting at zero.
pub(crate) fn decimal_value(c: char) -> Option<u32> {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    if c.is_ascii_digit() {
        return Some(c as u32 - '0' as u32);
    }
    if get_general_category(c) != G::DecimalNumber {
        return None;
    }
    let mut first = c as u32;
    while first > 0
        && char::from_u32(first - 1).is_some_and(|p| get_general_category(p) == G::DecimalNumber)
    {
        first -= 1;
    }
    Some((c as u32 - first) % 10)
}

/// The text `int()` parses for a str: Unicode decimal digits become ASCII
/// digits and Unicode white space a space, as CPython's
/// `_PyUnicode_TransformDecimalAndSpaceToASCII` does; other non-ASCII
/// characters stay (and make the literal invalid).
pub fn ascii_digits_and_spaces(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| {
                if c.is_ascii() {
                    c
                } else if c.is_whitespace() {
                    ' '
                } else if let Some(d) = decimal_value(c) {
                    char::from_digit(d, 10).unwrap_or(c)
                } else {
                    c
                }
            })
            .collect(),
    )
}

/// The bytes of a bytes-like object that exports a simple (contiguous)
/// buffer, as a new bytes object; `None` for other objects and refused
/// requests.
///
/// # Safety
/// `x` live.
unsafe fn simple_buffer_bytes(x: *mut PyObject) -> PyResult<Option<Owned>> {
    // SAFETY: forwarded.
    unsafe { crate::protocols::buffer::with_simple(x, crate::objects::bytes::from_bytes) }
        .transpose()
}

/// `PyLong_FromUnicodeObject`.
///
/// # Safety
/// `u` must be NULL or live.
pub unsafe fn from_unicode_object(u: *mut PyObject, base: i32) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if u.is_null() || !unicode::check(u) {
            return Err(err::bad_argument());
        }
        if base != 0 && !(2..=36).contains(&base) {
            return Err(err::value_error("int() arg 2 must be >= 2 and <= 36"));
        }
        parse_or_raise(u, base as u32)
    }
}

unsafe extern "C" fn long_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; the digits are part of the block.
    unsafe { alloc::free_object(op) }
}

unsafe extern "C" fn long_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on an int.
    unsafe {
        match to_decimal(op) {
            Ok(s) => err::into_ptr(unicode::from_ascii(&s)),
            Err(_) => ptr::null_mut(),
        }
    }
}

unsafe extern "C" fn bool_repr(op: *mut PyObject) -> *mut PyObject {
    let s = if op == lifecycle::true_() {
        "True"
    } else {
        "False"
    };
    err::into_ptr(unicode::intern(s))
}

unsafe extern "C" fn long_hash(op: *mut PyObject) -> isize {
    // SAFETY: slot on an int.
    unsafe { hash(op) }
}

unsafe extern "C" fn long_bool(op: *mut PyObject) -> c_int {
    // SAFETY: slot on an int.
    match unsafe { val(op) } {
        Val::Small(v) => c_int::from(v != 0),
        Val::Big(b) => c_int::from(!b.is_zero()),
    }
}

unsafe extern "C" fn long_int(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on an int; an exact int is returned as is.
    unsafe {
        if (*op).ob_type == lifecycle::long_type() {
            return new_ref(op);
        }
        err::into_ptr(from_bigint(to_bigint(op)))
    }
}

unsafe extern "C" fn long_float(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on an int.
    unsafe {
        match to_f64_exact(op) {
            Ok(f) => err::into_ptr(crate::objects::float::from_f64(f)),
            Err(_) => ptr::null_mut(),
        }
    }
}

/// Rich comparison of two ints; `NotImplemented` for anything else.
unsafe extern "C" fn long_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: slot; `a` is an int.
    unsafe {
        if !check(b) {
            return new_ref(lifecycle::not_implemented());
        }
        abstract_::ordering_result(cmp(a, b), op)
    }
}

unsafe extern "C" fn long_new(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract.
    unsafe {
        let v = long_new_impl(args, kw);
        if t == lifecycle::long_type() {
            return err::into_ptr(v);
        }
        err::into_ptr(v.and_then(|v| {
            let exact = if check(v.as_ptr()) {
                v
            } else {
                index(v.as_ptr())?
            };
            subtype_from(t, exact.as_ptr())
        }))
    }
}

unsafe fn long_new_impl(args: *mut PyObject, kw: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: `args` is a tuple, `kw` NULL or a dict.
    unsafe {
        let mut base_kw: *mut PyObject = ptr::null_mut();
        if !kw.is_null() {
            for (k, v) in crate::objects::dict::items_vec(kw) {
                let name = unicode::as_str(k.as_ptr());
                if name != "base" {
                    return Err(err::type_error(&format!(
                        "'{name}' is an invalid keyword argument for int()"
                    )));
                }
                base_kw = v.as_ptr();
            }
        }
        let n = crate::objects::tuple::size(args);
        if !base_kw.is_null() {
            if n == 0 {
                return Err(err::type_error("int() missing string argument"));
            }
            if n > 1 {
                return Err(err::type_error(
                    "argument for int() given by name ('base') and position (2)",
                ));
            }
            let x = crate::objects::tuple::item(args, 0);
            let b = as_i64(base_kw, "Python int too large to convert to C long")?;
            if !crate::objects::unicode::check(x)
                && !crate::objects::bytes::check(x)
                && !crate::objects::bytearray::check(x)
            {
                return Err(err::type_error(
                    "int() can't convert non-string with explicit base",
                ));
            }
            if b != 0 && !(2..=36).contains(&b) {
                return Err(err::value_error("int() base must be >= 2 and <= 36, or 0"));
            }
            return parse_with_base(x, b as u32);
        }
        if n == 0 {
            return from_i64(0);
        }
        if n > 2 {
            return Err(err::type_error(&format!(
                "int() takes at most 2 arguments ({n} given)"
            )));
        }
        let x = crate::objects::tuple::item(args, 0);
        if n == 1 {
            if check(x) {
                return from_bigint(to_bigint(x));
            }
            if crate::objects::float::check(x) {
                return from_f64(crate::objects::float::value(x));
            }
            if crate::objects::unicode::check(x) || crate::objects::bytes::check(x) {
                return parse_or_raise(x, 10);
            }
            let nb = (*(*x).ob_type).tp_as_number;
            if !nb.is_null() {
                if let Some(f) = (*nb).nb_int.or((*nb).nb_index) {
                    return err::from_ptr(f(x));
                }
            }
            if let Some(b) = simple_buffer_bytes(x)? {
                // Other bytes-like objects are read as bytes (and named
                // so in the error), as CPython's PyNumber_Long does.
                return parse_or_raise(b.as_ptr(), 10);
            }
            return Err(err::type_error(&format!(
                "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                typeobj::type_name_of(x)
            )));
        }
        let b = as_i64(
            crate::objects::tuple::item(args, 1),
            "Python int too large to convert to C long",
        )?;
        if !crate::objects::unicode::check(x)
            && !crate::objects::bytes::check(x)
            && !crate::objects::bytearray::check(x)
        {
            return Err(err::type_error(
                "int() can't convert non-string with explicit base",
            ));
        }
        if b != 0 && !(2..=36).contains(&b) {
            return Err(err::value_error("int() base must be >= 2 and <= 36, or 0"));
        }
        parse_with_base(x, b as u32)
    }
}

/// `int(x, base)` of a str, bytes or bytearray (read as bytes).
unsafe fn parse_with_base(x: *mut PyObject, base: u32) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if crate::objects::bytearray::check(x) {
            let b = crate::objects::bytes::from_bytes(crate::objects::bytearray::as_slice(x))?;
            return parse_or_raise(b.as_ptr(), base);
        }
        parse_or_raise(x, base)
    }
}

unsafe fn parse_or_raise(s: *mut PyObject, base: u32) -> PyResult<Owned> {
    // SAFETY: `s` is a live str or bytes.
    unsafe {
        let owned = if crate::objects::bytes::check(s) {
            String::from_utf8_lossy(crate::objects::bytes::as_slice(s)).into_owned()
        } else {
            ascii_digits_and_spaces(&unicode::as_str(s)).into_owned()
        };
        let text = owned.as_str();
        match parse_limited(text, base)? {
            Some(v) => from_bigint(v),
            None => {
                let r: String = abstract_::repr_string(s)?.chars().take(200).collect();
                Err(err::value_error(&format!(
                    "invalid literal for int() with base {base}: {r}"
                )))
            }
        }
    }
}

unsafe extern "C" fn bool_new(
    _t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract.
    unsafe {
        if !kw.is_null() && crate::objects::dict::len(kw) > 0 {
            return err::type_error("bool() takes no keyword arguments").into();
        }
        let n = crate::objects::tuple::size(args);
        if n > 1 {
            return err::type_error(&format!("bool expected at most 1 argument, got {n}")).into();
        }
        if n == 0 {
            return bool_from(false).into_raw();
        }
        match abstract_::is_true(crate::objects::tuple::item(args, 0)) {
            Ok(v) => bool_from(v).into_raw(),
            Err(r) => r.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::testing::with_runtime;

    #[test]
    fn parse_follows_python_literal_rules() {
        assert_eq!(parse("  -1_000 ", 10), Some(BigInt::from(-1000)));
        assert_eq!(parse("0x_ff", 0), Some(BigInt::from(255)));
        assert_eq!(parse("ff", 16), Some(BigInt::from(255)));
        assert_eq!(parse("0o17", 0), Some(BigInt::from(15)));
        assert_eq!(parse("0b101", 2), Some(BigInt::from(5)));
        assert_eq!(parse("010", 0), None);
        assert_eq!(parse("000", 0), Some(BigInt::from(0)));
        assert_eq!(parse("1__0", 10), None);
        assert_eq!(parse("_1", 10), None);
        assert_eq!(parse("", 10), None);
    }

    #[test]
    fn hash_matches_cpython_numeric_hash() {
        // SAFETY: the runtime is initialized and this thread is attached.
        with_runtime(|| unsafe {
            for (v, h) in [
                (1i64, 1isize),
                (-1, -2),
                (-2, -2),
                ((1 << 61) - 1, 0),
                (1 << 61, 1),
            ] {
                let o = from_i64(v).unwrap();
                assert_eq!(hash(o.as_ptr()), h, "hash({v})");
            }
            let big = from_bigint(BigInt::from(1u128 << 100)).unwrap();
            assert_eq!(hash(big.as_ptr()), 1 << (100 % 61));
        });
    }

    proptest::proptest! {
        // Too slow under Miri, and proptest's persistence needs the file system.
        #[cfg_attr(miri, ignore)]
        #[test]
        fn decimal_text_round_trips(v in proptest::num::i128::ANY) {
            // SAFETY: the runtime is initialized and this thread is attached.
            with_runtime(|| unsafe {
                let o = from_bigint(BigInt::from(v)).unwrap();
                let s = to_decimal(o.as_ptr()).unwrap();
                proptest::prop_assert_eq!(&s, &v.to_string());
                proptest::prop_assert_eq!(parse(&s, 10), Some(BigInt::from(v)));
                let fits = i64::try_from(v).is_ok();
                let r = as_i64(o.as_ptr(), "overflow");
                proptest::prop_assert_eq!(r.is_ok(), fits);
                if !fits { err::clear(); }
                Ok(())
            })?;
        }
    }
}
