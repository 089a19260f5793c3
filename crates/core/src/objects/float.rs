//! `float`: CPython's layout (`ob_fval` at offset 16, so the
//! `PyFloat_AS_DOUBLE` macro works), its shortest round-trip `repr`, its
//! numeric hash, and exact comparison with ints.

use crate::objects::long;
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyNumberMethods, PyTypeObject};
use crate::runtime::alloc;
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::{objects::unicode, protocols::abstract_};
use num_bigint::BigInt;
use num_traits::FromPrimitive;
use std::cmp::Ordering;
use std::ffi::c_int;
use std::ptr;

/// A `float` object.
#[repr(C)]
pub struct PyFloatObject {
    /// Header.
    pub ob_base: PyObject,
    /// The value.
    pub ob_fval: f64,
}
const _: () = assert!(std::mem::offset_of!(PyFloatObject, ob_fval) == 16);

static mut FLOAT_AS_NUMBER: PyNumberMethods = {
    // SAFETY: an all-zero table is a table of absent slots.
    let mut n: PyNumberMethods = unsafe { std::mem::zeroed() };
    n.nb_bool = Some(float_bool);
    n.nb_float = Some(float_float);
    n.nb_int = Some(float_int);
    n
};

/// `float`'s attributes of the numbers tower: `real` is the value as an
/// exact float, `imag` is 0.0.
static mut FLOAT_GETSET: [typeobj::PyGetSetDef; 3] = [
    typeobj::getset(c"real", Some(float_get_real)),
    typeobj::getset(c"imag", Some(float_get_imag)),
    typeobj::GETSET_END,
];

/// Getter for `float.real`: `self` as an exact float.
unsafe extern "C" fn float_get_real(op: *mut PyObject, _c: *mut std::ffi::c_void) -> *mut PyObject {
    // SAFETY: the descriptor only calls this on floats.
    unsafe { float_float(op) }
}

/// Getter for `float.imag`.
unsafe extern "C" fn float_get_imag(
    _op: *mut PyObject,
    _c: *mut std::ffi::c_void,
) -> *mut PyObject {
    err::into_ptr(from_f64(0.0))
}

/// Fills in `float`. Start-up only.
pub(crate) unsafe fn init_type(t: *mut PyTypeObject) {
    // SAFETY: start-up, exclusive access.
    unsafe {
        crate::objects::floatarith::install(&mut *ptr::addr_of_mut!(FLOAT_AS_NUMBER));
        (*t).tp_name = c"float".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<PyFloatObject>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::BASETYPE | flags::IMMUTABLETYPE | flags::MATCH_SELF;
        (*t).tp_dealloc = Some(float_dealloc);
        (*t).tp_repr = Some(float_repr);
        (*t).tp_hash = Some(float_hash);
        (*t).tp_richcompare = Some(float_richcompare);
        (*t).tp_as_number = ptr::addr_of_mut!(FLOAT_AS_NUMBER);
        (*t).tp_getset = ptr::addr_of_mut!(FLOAT_GETSET).cast();
        (*t).tp_new = Some(float_new);
        (*t).tp_doc =
            c"Convert a string or number to a floating point number, if possible.".as_ptr();
    }
}

/// Whether `op` is a float (or subclass instance).
///
/// # Safety
/// `op` must be live.
#[inline]
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe {
        (*op).ob_type == lifecycle::float_type()
            || typeobj::is_subtype((*op).ob_type, lifecycle::float_type())
    }
}

/// The value of a float.
///
/// # Safety
/// `op` must be a live float.
#[inline]
pub unsafe fn value(op: *mut PyObject) -> f64 {
    // SAFETY: forwarded.
    unsafe { (*(op as *mut PyFloatObject)).ob_fval }
}

/// Dead exact floats kept for reuse (CPython's float free list, at most
/// 100): float arithmetic makes and drops a float per operation.
#[cfg(not(feature = "malloc-objects"))]
static FREE_FLOATS: alloc::FreeList<100> = alloc::FreeList::new();

/// `PyFloat_FromDouble`.
#[inline]
pub fn from_f64(v: f64) -> PyResult<Owned> {
    // SAFETY: a float object; the value is written before use.
    unsafe {
        #[cfg(not(feature = "malloc-objects"))]
        if let Some(op) = FREE_FLOATS.take() {
            (*op).ob_refcnt = 1;
            (*(op as *mut PyFloatObject)).ob_fval = v;
            return Ok(Owned::from_raw(op));
        }
        let op = alloc::new_object_uninit(
            lifecycle::float_type(),
            std::mem::size_of::<PyFloatObject>(),
        )?;
        (*(op as *mut PyFloatObject)).ob_fval = v;
        Ok(Owned::from_raw(op))
    }
}

/// `PyFloat_AsDouble`: floats, then `__float__`, then `__index__`.
///
/// # Safety
/// `op` must be NULL or live.
pub unsafe fn as_f64(op: *mut PyObject) -> PyResult<f64> {
    if op.is_null() {
        return Err(err::bad_argument());
    }
    // SAFETY: forwarded; slot calls follow their contracts.
    unsafe {
        if check(op) {
            return Ok(value(op));
        }
        let nb = (*(*op).ob_type).tp_as_number;
        if !nb.is_null() {
            if let Some(f) = (*nb).nb_float {
                let r = err::from_ptr(f(op))?;
                if !check(r.as_ptr()) {
                    return Err(err::type_error(&format!(
                        "{}.__float__ returned non-float (type {})",
                        typeobj::type_name_of(op),
                        typeobj::type_name_of(r.as_ptr())
                    )));
                }
                return Ok(value(r.as_ptr()));
            }
            if (*nb).nb_index.is_some() {
                let i = long::index(op)?;
                return long::to_f64_exact(i.as_ptr());
            }
        }
        Err(err::type_error(&format!(
            "must be real number, not {}",
            typeobj::type_name_of(op)
        )))
    }
}

/// The digits and decimal exponent of `{:e}` for a finite `x`.
fn sci_digits(x: f64, precision: Option<usize>) -> (String, i32) {
    let sci = match precision {
        Some(p) => format!("{x:.p$e}"),
        None => format!("{x:e}"),
    };
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    (digits, exp.parse().unwrap_or(0))
}

/// The shortest digits that read back as a finite, non-negative `x`, and
/// their decimal exponent, chosen as CPython's `dtoa` mode 0 does: the
/// nearest of the shortest strings, a tie going to the even last digit.
/// Rust's shortest formatting may take the odd one of two equally near
/// strings (656379854466874.25 gives `...874.3`, CPython `...874.2`), so
/// an odd last digit is checked against the exact expansion.
fn shortest(x: f64) -> (String, i32) {
    let (mut digits, exp) = sci_digits(x, None);
    let n = digits.len();
    let odd = digits
        .as_bytes()
        .last()
        .is_some_and(|d| (d - b'0') % 2 == 1);
    if !odd {
        return (digits, exp);
    }
    // A double's exact expansion has at most 767 significant digits.
    let (exact, eexp) = sci_digits(x, Some(800));
    let tie = eexp == exp
        && exact.len() > n
        && exact.as_bytes()[n] == b'5'
        && exact.as_bytes()[n + 1..].iter().all(|d| *d == b'0');
    if !tie {
        return (digits, exp);
    }
    if exact[..n] != digits {
        // Rust rounded up to the odd digit: the truncation is even.
        digits = exact[..n].to_string();
    } else {
        // Rust truncated to the odd digit: round up (without a carry out
        // of the first digit, which would change the exponent).
        let mut b = digits.into_bytes();
        let mut i = n;
        while i > 0 {
            i -= 1;
            if b[i] == b'9' {
                b[i] = b'0';
            } else {
                b[i] += 1;
                break;
            }
        }
        digits = String::from_utf8(b).unwrap_or_default();
        if digits.starts_with('0') {
            return sci_digits(x, None);
        }
    }
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
    }
    (digits, exp)
}

/// CPython's `repr(float)`: the shortest string that round-trips, in fixed
/// notation for decimal exponents in -4..16 and scientific otherwise.
pub fn repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let neg = x.is_sign_negative();
    let (digits, exp) = shortest(x.abs());
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if (-4..16).contains(&exp) {
        if exp < 0 {
            out.push_str("0.");
            for _ in 0..(-exp - 1) {
                out.push('0');
            }
            out.push_str(&digits);
        } else {
            let point = exp as usize + 1;
            if digits.len() <= point {
                out.push_str(&digits);
                for _ in digits.len()..point {
                    out.push('0');
                }
                out.push_str(".0");
            } else {
                out.push_str(&digits[..point]);
                out.push('.');
                out.push_str(&digits[point..]);
            }
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.abs()));
    }
    out
}

/// CPython's numeric hash of a finite float (`x = m * 2**e` reduced modulo
/// 2**61 - 1); infinities hash to ±314159. NaN hashes by identity and is
/// handled by the caller.
pub fn hash_f64(x: f64) -> isize {
    if x.is_infinite() {
        return if x > 0.0 { 314159 } else { -314159 };
    }
    if x == 0.0 {
        return 0;
    }
    let bits = x.to_bits();
    let neg = bits >> 63 != 0;
    let raw_exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (m, e) = if raw_exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), raw_exp - 1075)
    };
    let p = long::HASH_MODULUS as u128;
    let shift = e.rem_euclid(61) as u32;
    let h = ((m as u128 % p) * ((1u128 << shift) % p) % p) as i64;
    let h = if neg { -h } else { h };
    if h == -1 {
        -2
    } else {
        h as isize
    }
}

/// Exact comparison of a float with an int; `None` when `x` is NaN.
///
/// # Safety
/// `i` must be a live int.
pub unsafe fn cmp_with_int(x: f64, i: *mut PyObject) -> Option<Ordering> {
    if x.is_nan() {
        return None;
    }
    if x.is_infinite() {
        return Some(if x > 0.0 {
            Ordering::Greater
        } else {
            Ordering::Less
        });
    }
    // SAFETY: forwarded.
    if let long::Val::Small(v) = unsafe { long::val(i) } {
        if v.unsigned_abs() < (1u64 << 53) {
            return (x).partial_cmp(&(v as f64));
        }
    }
    let fl = x.floor();
    let fb = BigInt::from_f64(fl).expect("finite");
    // SAFETY: forwarded.
    let ib = unsafe { long::to_bigint(i) };
    Some(match fb.cmp(&ib) {
        Ordering::Equal if x > fl => Ordering::Greater,
        o => o,
    })
}

unsafe extern "C" fn float_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; an exact float may be kept for reuse.
    unsafe {
        #[cfg(not(feature = "malloc-objects"))]
        if (*op).ob_type == lifecycle::float_type() && FREE_FLOATS.put(op) {
            return;
        }
        alloc::free_object(op)
    }
}

unsafe extern "C" fn float_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a float.
    err::into_ptr(unicode::from_ascii(&repr(unsafe { value(op) })))
}

unsafe extern "C" fn float_hash(op: *mut PyObject) -> isize {
    // SAFETY: slot on a float.
    let x = unsafe { value(op) };
    if x.is_nan() {
        // SAFETY: slot.
        return unsafe { crate::protocols::attr::pointer_hash(op) };
    }
    hash_f64(x)
}

unsafe extern "C" fn float_bool(op: *mut PyObject) -> c_int {
    // SAFETY: slot on a float.
    c_int::from(unsafe { value(op) } != 0.0)
}

unsafe extern "C" fn float_float(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a float.
    unsafe {
        if (*op).ob_type == lifecycle::float_type() {
            return new_ref(op);
        }
        err::into_ptr(from_f64(value(op)))
    }
}

unsafe extern "C" fn float_int(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a float.
    err::into_ptr(long::from_f64(unsafe { value(op) }))
}

unsafe extern "C" fn float_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: slot: one of the operands is a float.
    unsafe {
        let (x, other, swapped) = if check(a) {
            (value(a), b, false)
        } else {
            (value(b), a, true)
        };
        let ord = if check(other) {
            x.partial_cmp(&value(other))
        } else if long::check(other) {
            cmp_with_int(x, other)
        } else {
            return new_ref(lifecycle::not_implemented());
        };
        let ord = if swapped {
            ord.map(Ordering::reverse)
        } else {
            ord
        };
        match ord {
            Some(o) => abstract_::ordering_result(o, op),
            None => long::bool_from(op == abstract_::NE).into_raw(),
        }
    }
}

/// `PyFloat_FromString` (and `float()` of text): a str (Unicode digits
/// and spaces allowed), bytes or another bytes-like object.
///
/// # Safety
/// `x` live.
pub unsafe fn from_string(x: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded; the buffer is released before returning.
    unsafe {
        let text = if unicode::check(x) {
            crate::objects::long::ascii_digits_and_spaces(&unicode::as_str(x)).into_owned()
        } else if crate::objects::bytes::check(x) {
            // invalid UTF-8 cannot be a number
            String::from_utf8(crate::objects::bytes::as_slice(x).to_vec()).unwrap_or_default()
        } else if crate::protocols::buffer::check(x) {
            let mut view = std::mem::MaybeUninit::<crate::protocols::buffer::PyBuffer>::zeroed();
            crate::protocols::buffer::get(
                x,
                view.as_mut_ptr(),
                crate::protocols::buffer::flags::SIMPLE,
            )?;
            let v = view.as_mut_ptr();
            let b = std::slice::from_raw_parts((*v).buf as *const u8, (*v).len.max(0) as usize);
            let t = String::from_utf8(b.to_vec()).unwrap_or_default();
            crate::protocols::buffer::release(v);
            t
        } else {
            return Err(err::type_error(&format!(
                "float() argument must be a string or a real number, not '{}'",
                typeobj::full_name((*x).ob_type)
            )));
        };
        match parse(&text) {
            Some(v) => from_f64(v),
            None => Err(err::value_error(&format!(
                "could not convert string to float: {}",
                abstract_::repr_string(x)?
            ))),
        }
    }
}

/// Parses a float literal as `float(str)` does.
pub fn parse(text: &str) -> Option<f64> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let body = lower.trim_start_matches(['+', '-']);
    if matches!(body, "inf" | "infinity" | "nan") {
        let neg = lower.starts_with('-');
        let v = if body == "nan" {
            f64::NAN
        } else {
            f64::INFINITY
        };
        return Some(if neg { -v } else { v });
    }
    if t.is_empty() || t.contains("__") || t.starts_with('_') || t.ends_with('_') {
        return None;
    }
    let ok = t.char_indices().all(|(i, c)| {
        c != '_'
            || (i > 0
                && t.as_bytes()[i - 1].is_ascii_digit()
                && t.as_bytes().get(i + 1).is_some_and(u8::is_ascii_digit))
    });
    if !ok {
        return None;
    }
    let clean: String = t.chars().filter(|&c| c != '_').collect();
    if !clean
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        return None;
    }
    clean.parse::<f64>().ok()
}

unsafe extern "C" fn float_new(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract.
    unsafe {
        let r = float_new_exact(args, kw);
        if t == lifecycle::float_type() || r.is_null() {
            return r;
        }
        // A subclass: its instance (`tp_alloc`) holding the value
        // (`float_subtype_new`).
        let v = Owned::from_raw(r);
        let Some(alloc_fn) = (*t).tp_alloc else {
            return err::bad_argument().into();
        };
        let op = alloc_fn(t, 0);
        if !op.is_null() {
            (*(op as *mut PyFloatObject)).ob_fval = value(v.as_ptr());
        }
        op
    }
}

/// `float(x)` as an exact float.
unsafe fn float_new_exact(args: *mut PyObject, kw: *mut PyObject) -> *mut PyObject {
    // SAFETY: tp_new contract (forwarded).
    unsafe {
        if !kw.is_null() && crate::objects::dict::len(kw) > 0 {
            return err::type_error("float() takes no keyword arguments").into();
        }
        let n = crate::objects::tuple::size(args);
        if n > 1 {
            return err::type_error(&format!("float expected at most 1 argument, got {n}")).into();
        }
        if n == 0 {
            return err::into_ptr(from_f64(0.0));
        }
        let x = crate::objects::tuple::item(args, 0);
        if unicode::check(x)
            || crate::objects::bytes::check(x)
            || crate::protocols::buffer::check(x)
        {
            return err::into_ptr(from_string(x));
        }
        let nb = (*(*x).ob_type).tp_as_number;
        if nb.is_null() || ((*nb).nb_float.is_none() && (*nb).nb_index.is_none()) {
            return err::type_error(&format!(
                "float() argument must be a string or a real number, not '{}'",
                typeobj::full_name((*x).ob_type)
            ))
            .into();
        }
        match as_f64(x) {
            Ok(v) => err::into_ptr(from_f64(v)),
            Err(e) => e.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    // The tie cases are written as their exact binary values.
    #[allow(clippy::excessive_precision)]
    fn repr_matches_cpython() {
        let cases = [
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1e-5, "1e-05"),
            (1e-4, "0.0001"),
            (1.5e300, "1.5e+300"),
            (-0.0, "-0.0"),
            (1.0 / 3.0, "0.3333333333333333"),
            (123456789.0, "123456789.0"),
            (1e22, "1e+22"),
            (5e-324, "5e-324"),
            // Ties between two shortest strings go to the even digit.
            (656379854466874.25, "656379854466874.2"),
            (0.77777862548828125, "0.7777786254882812"),
            (2.5, "2.5"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
        ];
        for (x, want) in cases {
            assert_eq!(repr(x), want, "{x:e}");
        }
    }

    #[test]
    fn hash_of_integral_floats_matches_int_hash() {
        assert_eq!(hash_f64(1.0), 1);
        assert_eq!(hash_f64(-1.0), -2);
        assert_eq!(hash_f64((1u64 << 61) as f64), 1);
        assert_eq!(hash_f64(0.5), 1 << 60);
        assert_eq!(hash_f64(1.5), (1 << 60) + 1);
    }

    #[test]
    fn parse_like_python() {
        assert_eq!(parse(" 1_000.5 "), Some(1000.5));
        assert_eq!(parse("-inf"), Some(f64::NEG_INFINITY));
        assert_eq!(parse("1__0"), None);
        assert_eq!(parse("abc"), None);
        assert_eq!(parse("1e5"), Some(1e5));
    }
}
