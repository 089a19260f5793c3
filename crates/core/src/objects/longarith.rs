//! Arithmetic of `int` and `bool`: the number slots (`nb_add` ... `nb_or`)
//! with Python's semantics and CPython 3.12's errors. Values that fit in an
//! `i64` take checked machine arithmetic; anything that overflows, and every
//! big value, goes through `BigInt`. Floor division and modulo round toward
//! negative infinity, shifts and bitwise operations act on the infinite
//! two's complement, true division is correctly rounded, and `pow` with a
//! modulus computes modular inverses for negative exponents. An operand
//! that is not an int makes the slot return `NotImplemented`.

use crate::objects::exceptions::Exc;
use crate::objects::long::{self, Val};
use crate::objects::object::*;
use crate::objects::typeobj::PyNumberMethods;
use crate::runtime::err::{self, PyResult};
use crate::{objects::float, objects::tuple, runtime::lifecycle};
use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// Fills in the arithmetic slots of `int`'s number table.
pub(crate) fn install(n: &mut PyNumberMethods) {
    n.nb_add = Some(long_add);
    n.nb_subtract = Some(long_sub);
    n.nb_multiply = Some(long_mul);
    n.nb_remainder = Some(long_mod);
    n.nb_divmod = Some(long_divmod);
    n.nb_power = Some(long_pow);
    n.nb_negative = Some(long_neg);
    n.nb_positive = Some(long_pos);
    n.nb_absolute = Some(long_abs);
    n.nb_invert = Some(long_invert);
    n.nb_lshift = Some(long_lshift);
    n.nb_rshift = Some(long_rshift);
    n.nb_and = Some(long_and);
    n.nb_xor = Some(long_xor);
    n.nb_or = Some(long_or);
    n.nb_floor_divide = Some(long_floordiv);
    n.nb_true_divide = Some(long_truediv);
}

/// `bool`'s own slots: `&`, `|`, `^` of two bools are bools; `~` warns.
pub(crate) fn install_bool(n: &mut PyNumberMethods) {
    n.nb_and = Some(bool_and);
    n.nb_xor = Some(bool_xor);
    n.nb_or = Some(bool_or);
    n.nb_invert = Some(bool_invert);
}

/// The largest result, in bits, a shift or power may build (4 GiB);
/// beyond it `MemoryError`, where an allocation failure would abort.
const MAX_BITS: u64 = 1 << 35;

/// An operand's value when it is an int.
enum V {
    S(i64),
    B(BigInt),
}

impl V {
    fn big(&self) -> BigInt {
        match self {
            V::S(v) => BigInt::from(*v),
            V::B(b) => (*b).clone(),
        }
    }

    fn is_zero(&self) -> bool {
        matches!(self, V::S(0))
    }

    fn is_negative(&self) -> bool {
        match self {
            V::S(v) => *v < 0,
            V::B(b) => b.is_negative(),
        }
    }
}

/// Both operands as ints, or `None` (the slot returns `NotImplemented`).
///
/// # Safety
/// Both live.
unsafe fn operands(a: *mut PyObject, b: *mut PyObject) -> Option<(V, V)> {
    // SAFETY: forwarded; the views do not outlive the slot call.
    unsafe {
        if !long::check(a) || !long::check(b) {
            return None;
        }
        Some((view(a), view(b)))
    }
}

/// # Safety
/// `a` a live int.
unsafe fn view(a: *mut PyObject) -> V {
    // SAFETY: forwarded.
    match unsafe { long::val(a) } {
        Val::Small(v) => V::S(v),
        Val::Big(b) => V::B(b),
    }
}

fn not_implemented() -> *mut PyObject {
    // SAFETY: the immortal singleton.
    unsafe { new_ref(lifecycle::not_implemented()) }
}

fn int(r: PyResult<Owned>) -> *mut PyObject {
    err::into_ptr(r)
}

fn big(b: BigInt) -> *mut PyObject {
    int(long::from_bigint(b))
}

/// A binary slot: machine arithmetic when `small` gives `Some`, else
/// `bigf` on `BigInt`s.
macro_rules! binary {
    ($name:ident, $small:expr, $bigf:expr) => {
        unsafe extern "C" fn $name(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
            // SAFETY: slot: live operands.
            unsafe {
                let Some((x, y)) = operands(a, b) else {
                    return not_implemented();
                };
                if let (V::S(p), V::S(q)) = (&x, &y) {
                    let small: fn(i64, i64) -> Option<i64> = $small;
                    if let Some(r) = small(*p, *q) {
                        return int(long::from_i64(r));
                    }
                }
                let bigf: fn(BigInt, BigInt) -> BigInt = $bigf;
                big(bigf(x.big(), y.big()))
            }
        }
    };
}

binary!(long_add, |p, q| p.checked_add(q), |p, q| p + q);
binary!(long_sub, |p, q| p.checked_sub(q), |p, q| p - q);
binary!(long_mul, |p, q| p.checked_mul(q), |p, q| p * q);
binary!(long_and, |p, q| Some(p & q), |p, q| p & q);
binary!(long_or, |p, q| Some(p | q), |p, q| p | q);
binary!(long_xor, |p, q| Some(p ^ q), |p, q| p ^ q);

fn floor_div_mod_small(p: i64, q: i64) -> Option<(i64, i64)> {
    if p == i64::MIN && q == -1 {
        return None;
    }
    Some(p.div_mod_floor(&q))
}

/// `a // b` and `a % b` of ints, `ZeroDivisionError(msg)` for a zero
/// divisor.
///
/// # Safety
/// Both live.
unsafe fn div_mod(
    a: *mut PyObject,
    b: *mut PyObject,
    msg: &str,
) -> Option<PyResult<(Owned, Owned)>> {
    // SAFETY: forwarded.
    unsafe {
        let (x, y) = operands(a, b)?;
        if y.is_zero() {
            return Some(Err(err::raise(Exc::ZeroDivisionError, msg)));
        }
        if let (V::S(p), V::S(q)) = (&x, &y) {
            if let Some((d, m)) = floor_div_mod_small(*p, *q) {
                return Some(long::from_i64(d).and_then(|d| Ok((d, long::from_i64(m)?))));
            }
        }
        let (d, m) = x.big().div_mod_floor(&y.big());
        Some(long::from_bigint(d).and_then(|d| Ok((d, long::from_bigint(m)?))))
    }
}

unsafe extern "C" fn long_floordiv(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot.
    match unsafe { div_mod(a, b, "integer division or modulo by zero") } {
        None => not_implemented(),
        Some(r) => int(r.map(|(d, _)| d)),
    }
}

unsafe extern "C" fn long_mod(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot.
    match unsafe { div_mod(a, b, "integer modulo by zero") } {
        None => not_implemented(),
        Some(r) => int(r.map(|(_, m)| m)),
    }
}

unsafe extern "C" fn long_divmod(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot.
    match unsafe { div_mod(a, b, "integer division or modulo by zero") } {
        None => not_implemented(),
        Some(r) => int(r.and_then(|(d, m)| tuple::new_from(&[d.as_ptr(), m.as_ptr()]))),
    }
}

/// The float nearest to `n / d` (`d` non-zero), correctly rounded (ties to
/// even), or `OverflowError`.
fn true_divide(n: &BigInt, d: &BigInt) -> PyResult<f64> {
    const P: u64 = 53;
    let negative = (n.sign() == Sign::Minus) != (d.sign() == Sign::Minus);
    let (a, b) = (n.abs(), d.abs());
    if a.is_zero() {
        return Ok(if negative { -0.0 } else { 0.0 });
    }
    // Exact when both fit in the mantissa: one IEEE division rounds right.
    if let (Some(x), Some(y)) = (a.to_u64(), b.to_u64()) {
        if x < 1 << P && y < 1 << P {
            let q = x as f64 / y as f64;
            return Ok(if negative { -q } else { q });
        }
    }
    // q = a / b scaled by 2**-shift to have at least P + 2 bits, plus a
    // sticky bit for the remainder; then rounded to the precision of the
    // result's binade (fewer bits for subnormals).
    let shift = a.bits() as i64 - b.bits() as i64 - (P as i64 + 2);
    let (num, den) = if shift >= 0 {
        (a.clone(), &b << shift as usize)
    } else {
        (&a << (-shift) as usize, b.clone())
    };
    let (mut q, r) = num.div_rem(&den);
    let sticky = !r.is_zero();
    // exponent of the result's leading bit
    let lead = q.bits() as i64 - 1 + shift;
    if lead >= 1024 {
        return Err(err::overflow_error(
            "integer division result too large for a float",
        ));
    }
    let precision = if lead >= -1022 {
        P as i64
    } else {
        P as i64 - (-1022 - lead)
    };
    let drop = q.bits() as i64 - precision.max(0);
    let mut exp = shift;
    if drop > 0 {
        let half = BigInt::one() << (drop - 1) as usize;
        let mask = (BigInt::one() << drop as usize) - 1;
        let low = &q & &mask;
        q >>= drop as usize;
        exp += drop;
        let round_up = low > half || (low == half && (sticky || q.is_odd()));
        if round_up {
            q += 1;
        }
    }
    let m = q.to_f64().unwrap_or(f64::INFINITY);
    let v = libm_ldexp(m, exp);
    if v.is_infinite() {
        return Err(err::overflow_error(
            "integer division result too large for a float",
        ));
    }
    Ok(if negative { -v } else { v })
}

/// `m * 2**e` without intermediate overflow or double rounding: `m` has at
/// most 54 significant bits and the precision of the result was already
/// chosen, so every step is exact. The powers of two are built from their
/// bits (`powi` has no guaranteed precision).
fn libm_ldexp(m: f64, e: i64) -> f64 {
    fn pow2(e: i64) -> f64 {
        debug_assert!((-1022..=1023).contains(&e));
        f64::from_bits(((e + 1023) as u64) << 52)
    }
    let (mut x, mut e) = (m, e);
    while e > 1023 {
        x *= pow2(1023);
        e -= 1023;
    }
    while e < -1022 {
        x *= pow2(-1022);
        e += 1022;
    }
    x * pow2(e)
}

unsafe extern "C" fn long_truediv(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot.
    unsafe {
        let Some((x, y)) = operands(a, b) else {
            return not_implemented();
        };
        if y.is_zero() {
            return err::raise(Exc::ZeroDivisionError, "division by zero").into();
        }
        match true_divide(&x.big(), &y.big()) {
            Ok(f) => err::into_ptr(float::from_f64(f)),
            Err(e) => e.into(),
        }
    }
}

/// A shift count: `ValueError` when negative; `None` when it does not fit
/// a `usize`.
fn shift_count(y: &V) -> PyResult<Option<usize>> {
    if y.is_negative() {
        return Err(err::value_error("negative shift count"));
    }
    Ok(match y {
        V::S(v) => usize::try_from(*v).ok(),
        V::B(b) => b.to_usize(),
    })
}

unsafe extern "C" fn long_lshift(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot.
    unsafe {
        let Some((x, y)) = operands(a, b) else {
            return not_implemented();
        };
        let n = match shift_count(&y) {
            Ok(n) => n,
            Err(e) => return e.into(),
        };
        if matches!(x, V::S(0)) {
            return int(long::from_i64(0));
        }
        // results beyond MAX_BITS would abort the process when allocated
        let bits = x.big().bits();
        let Some(n) = n.filter(|n| (*n as u64).saturating_add(bits) <= MAX_BITS) else {
            return err::raise(Exc::MemoryError, "").into();
        };
        if let V::S(p) = x {
            if n < 63 {
                let r = p.checked_shl(n as u32).filter(|r| r >> n == p);
                if let Some(r) = r {
                    return int(long::from_i64(r));
                }
            }
        }
        big(x.big() << n)
    }
}

unsafe extern "C" fn long_rshift(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot.
    unsafe {
        let Some((x, y)) = operands(a, b) else {
            return not_implemented();
        };
        let n = match shift_count(&y) {
            Ok(n) => n,
            Err(e) => return e.into(),
        };
        let neg = x.is_negative();
        match (x, n) {
            (V::S(p), Some(n)) => int(long::from_i64(if n >= 64 { p >> 63 } else { p >> n })),
            (x, Some(n)) => big(x.big() >> n),
            (_, None) => int(long::from_i64(if neg { -1 } else { 0 })),
        }
    }
}

/// A unary slot: `small` on machine values when it gives `Some`, else
/// `bigf`.
macro_rules! unary {
    ($name:ident, $small:expr, $bigf:expr) => {
        unsafe extern "C" fn $name(a: *mut PyObject) -> *mut PyObject {
            // SAFETY: slot on an int.
            unsafe {
                let x = view(a);
                if let V::S(p) = x {
                    let small: fn(i64) -> Option<i64> = $small;
                    if let Some(r) = small(p) {
                        return int(long::from_i64(r));
                    }
                }
                let bigf: fn(BigInt) -> BigInt = $bigf;
                big(bigf(x.big()))
            }
        }
    };
}

unary!(long_neg, |p| p.checked_neg(), |b| -b);
unary!(long_abs, |p| p.checked_abs(), |b| b.abs());
unary!(long_invert, |p| Some(!p), |b| !b);

/// `+x`: the int itself for an exact int, a plain int for a subclass.
unsafe extern "C" fn long_pos(a: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on an int.
    unsafe {
        if (*a).ob_type == lifecycle::long_type() {
            return new_ref(a);
        }
        match view(a) {
            V::S(p) => int(long::from_i64(p)),
            x => big(x.big()),
        }
    }
}

/// `x ** y` and `pow(x, y, m)`.
unsafe extern "C" fn long_pow(
    a: *mut PyObject,
    b: *mut PyObject,
    c: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot: live operands, `c` None or an object.
    unsafe {
        let Some((x, y)) = operands(a, b) else {
            return not_implemented();
        };
        let modulus = if c == lifecycle::none() {
            None
        } else if long::check(c) {
            Some(view(c).big())
        } else {
            return not_implemented();
        };
        match modulus {
            None => {
                if y.is_negative() {
                    // a negative exponent makes a float
                    let (fx, fy) = match (long::to_f64_exact(a), long::to_f64_exact(b)) {
                        (Ok(p), Ok(q)) => (p, q),
                        (Err(e), _) | (_, Err(e)) => return e.into(),
                    };
                    return err::into_ptr(
                        crate::objects::floatarith::pow(fx, fy).and_then(float::from_f64),
                    );
                }
                if let (V::S(p), V::S(q)) = (&x, &y) {
                    if let Ok(e) = u32::try_from(*q) {
                        if let Some(r) = p.checked_pow(e) {
                            return int(long::from_i64(r));
                        }
                    }
                }
                // 0, 1 and -1 stay small whatever the exponent
                match x {
                    V::S(0) => return int(long::from_i64(i64::from(y.is_zero()))),
                    V::S(1) => return int(long::from_i64(1)),
                    V::S(-1) => return int(long::from_i64(if y.big().is_even() { 1 } else { -1 })),
                    _ => {}
                }
                // otherwise the result has about bits(x) * y bits
                let xb = x.big();
                let e = y
                    .big()
                    .to_u64()
                    .filter(|e| e.saturating_mul(xb.bits()) <= MAX_BITS);
                let Some(e) = e else {
                    return err::raise(Exc::MemoryError, "").into();
                };
                big(num_traits::pow::Pow::pow(xb, e))
            }
            Some(m) => {
                if m.is_zero() {
                    return err::value_error("pow() 3rd argument cannot be 0").into();
                }
                let mabs = m.abs();
                let mut base = x.big().mod_floor(&mabs);
                let mut e = y.big();
                if e.is_negative() {
                    match mod_inverse(&base, &mabs) {
                        Some(inv) => base = inv,
                        None => {
                            return err::value_error("base is not invertible for the given modulus")
                                .into()
                        }
                    }
                    e = -e;
                }
                let mut r = base.modpow(&e, &mabs);
                // the result takes the sign of the modulus
                if m.is_negative() && !r.is_zero() {
                    r += &m;
                }
                big(r)
            }
        }
    }
}

/// The inverse of `a` modulo `m` (`m > 0`), if any.
fn mod_inverse(a: &BigInt, m: &BigInt) -> Option<BigInt> {
    let e = a.extended_gcd(m);
    if !e.gcd.is_one() {
        return None;
    }
    Some(e.x.mod_floor(m))
}

/// `bool & bool` etc.: a bool when both are bools, else the int operation.
macro_rules! bool_op {
    ($name:ident, $int:ident, $op:tt) => {
        unsafe extern "C" fn $name(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
            // SAFETY: slot: live operands.
            unsafe {
                let bt = lifecycle::bool_type();
                if (*a).ob_type == bt && (*b).ob_type == bt {
                    let (p, q) = (a == lifecycle::true_(), b == lifecycle::true_());
                    return long::bool_from(p $op q).into_raw();
                }
                $int(a, b)
            }
        }
    };
}

/// `~b`: the int inversion, after CPython 3.12's `DeprecationWarning`.
unsafe extern "C" fn bool_invert(a: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a bool.
    unsafe {
        let warned = crate::runtime::report::warn(
            crate::objects::exceptions::get(Exc::DeprecationWarning),
            "Bitwise inversion '~' on bool is deprecated. This returns the bitwise \
             inversion of the underlying int object and is usually not what you expect \
             from negating a bool. Use the 'not' operator for boolean negation or ~int(x) \
             if you really want the bitwise inversion of the underlying int.",
        );
        match warned {
            Ok(()) => long_invert(a),
            Err(e) => e.into(),
        }
    }
}

bool_op!(bool_and, long_and, &);
bool_op!(bool_or, long_or, |);
bool_op!(bool_xor, long_xor, ^);

#[cfg(test)]
mod tests {
    use super::*;

    fn div(n: i128, d: i128) -> f64 {
        true_divide(&BigInt::from(n), &BigInt::from(d)).unwrap()
    }

    #[test]
    fn true_division_is_correctly_rounded() {
        crate::runtime::testing::with_runtime(true_division_cases);
    }

    fn true_division_cases() {
        assert_eq!(div(1, 3), 1.0 / 3.0);
        assert_eq!(div(-7, 2), -3.5);
        assert_eq!(div((1 << 60) + 1, 3), 384307168202282325.3333333333);
        assert_eq!(div(10i128.pow(30), 7), 1.4285714285714286e29);
        // ties to even: 2**54 + 2 and 2**54 + 6 over 4 ... exact halves
        assert_eq!(div((1 << 55) + 2, 2), ((1u64 << 54) + 1) as f64);
        assert_eq!(div((1 << 56) + 4, 4), 18014398509481984.0);
        assert_eq!(div((1 << 56) + 12, 4), 18014398509481988.0);
        // subnormal results
        let tiny = true_divide(&BigInt::one(), &(BigInt::one() << 1074usize)).unwrap();
        assert_eq!(tiny, f64::from_bits(1));
        let half_tiny = true_divide(&BigInt::one(), &(BigInt::one() << 1075usize)).unwrap();
        assert_eq!(half_tiny, 0.0);
        let too_big = true_divide(&(BigInt::one() << 1100usize), &BigInt::one());
        assert!(too_big.is_err());
        err::clear();
    }
}
