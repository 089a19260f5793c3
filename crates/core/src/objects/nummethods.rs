//! The methods of `int` (`bit_length`, `bit_count`, `to_bytes`, the class
//! method `from_bytes`, `as_integer_ratio`, `conjugate`, `is_integer`,
//! `__trunc__`/`__floor__`/`__ceil__`, `__format__`, `__sizeof__`,
//! `__getnewargs__`) and `float` (`is_integer`, `as_integer_ratio`, `hex`,
//! the class method `fromhex`, `conjugate`, `__trunc__`/`__floor__`/
//! `__ceil__`, `__format__`, `__getnewargs__`); `__round__` is in
//! `rounding.rs`. `float.hex` and `float.fromhex` are exact (fromhex
//! rounds half to even, subnormals included), as CPython's are.

use crate::objects::object::*;
use crate::objects::rounding::exact_int;
use crate::protocols::clinic::{arg, arg_opt, fastcall, kw_opt, pos, Sig};
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::{objects::float, objects::long, objects::tuple, objects::unicode};
use num_bigint::{BigInt, BigUint};
use num_traits::Zero;

// ---- int ----------------------------------------------------------------

fastcall! {
    /// `int.bit_length()`.
    pub(crate) fn int_bit_length(s, _a = Sig::new("bit_length", &[])) {
        long::from_u64(long::to_bigint(s).magnitude().bits())
    }
}

fastcall! {
    /// `int.bit_count()`.
    pub(crate) fn int_bit_count(s, _a = Sig::new("bit_count", &[])) {
        let n: u64 = long::to_bigint(s).magnitude().iter_u64_digits().map(|d| d.count_ones() as u64).sum();
        long::from_u64(n)
    }
}

fastcall! {
    /// `int.conjugate()`.
    pub(crate) fn int_conjugate(s, _a = Sig::new("conjugate", &[])) {
        exact_int(s)
    }
}

fastcall! {
    /// `int.__trunc__()`.
    pub(crate) fn int_trunc(s, _a = Sig::new("__trunc__", &[])) {
        exact_int(s)
    }
}

fastcall! {
    /// `int.__floor__()`.
    pub(crate) fn int_floor(s, _a = Sig::new("__floor__", &[])) {
        exact_int(s)
    }
}

fastcall! {
    /// `int.__ceil__()`.
    pub(crate) fn int_ceil(s, _a = Sig::new("__ceil__", &[])) {
        exact_int(s)
    }
}

fastcall! {
    /// `int.is_integer()`: always true.
    pub(crate) fn int_is_integer(s, _a = Sig::new("is_integer", &[])) {
        Ok(long::bool_from(true))
    }
}

fastcall! {
    /// `int.as_integer_ratio()`: `(int(self), 1)`.
    pub(crate) fn int_as_integer_ratio(s, _a = Sig::new("as_integer_ratio", &[])) {
        let n = exact_int(s)?;
        let one = long::from_i64(1)?;
        tuple::new_from(&[n.as_ptr(), one.as_ptr()])
    }
}

fastcall! {
    /// `int.__getnewargs__()`.
    pub(crate) fn int_getnewargs(s, _a = Sig::new("__getnewargs__", &[])) {
        let n = exact_int(s)?;
        tuple::new_from(&[n.as_ptr()])
    }
}

fastcall! {
    /// `int.__sizeof__()`: the header and the 30-bit digits (at least one).
    pub(crate) fn int_sizeof(s, _a = Sig::new("__sizeof__", &[])) {
        let n = long::digits(s).len().max(1);
        long::from_i64(24 + 4 * n as i64)
    }
}

fastcall! {
    /// `int.__format__(format_spec, /)`.
    pub(crate) fn int_format(s, a = Sig::new("__format__", &[pos("format_spec")])) {
        crate::objects::formatspec::format_int(s, a.req_str(0)?)
    }
}

/// The `byteorder` argument: `little` or `big`.
unsafe fn little_endian(a: Option<*mut PyObject>) -> PyResult<bool> {
    match a {
        None => Ok(false),
        // SAFETY: a live str.
        Some(b) => match &*unsafe { unicode::as_str(b) } {
            "little" => Ok(true),
            "big" => Ok(false),
            _ => Err(err::value_error(
                "byteorder must be either 'little' or 'big'",
            )),
        },
    }
}

fastcall! {
    /// `int.to_bytes(length=1, byteorder='big', *, signed=False)`.
    pub(crate) fn int_to_bytes(s, a = Sig::new("to_bytes", &[arg_opt("length"), arg_opt("byteorder"), kw_opt("signed")])) {
        let length = a.ssize(0, 1)?;
        let little = little_endian(a.str(1)?)?;
        let signed = a.truth(2, false)?;
        if length < 0 {
            return Err(err::value_error("length argument must be non-negative"));
        }
        let mut out = Vec::new();
        crate::runtime::alloc::fallible::extend_repeat(&mut out, 0u8, length as usize)?;
        long::as_byte_array(s, &mut out, little, signed)?;
        crate::objects::bytes::from_bytes(&out)
    }
}

fastcall! {
    /// `int.from_bytes(bytes, byteorder='big', *, signed=False)`, a class
    /// method: a subclass is called with the int.
    pub(crate) fn int_from_bytes(cls, a = Sig::new("from_bytes", &[arg("bytes"), arg_opt("byteorder"), kw_opt("signed")])) {
        let little = little_endian(a.str(1)?)?;
        let signed = a.truth(2, false)?;
        let b = crate::objects::bytes::from_object(a.req(0))?;
        let v = long::from_byte_array(crate::objects::bytes::as_slice(b.as_ptr()), little, signed)?;
        if cls.cast() == lifecycle::long_type() {
            return Ok(v);
        }
        crate::protocols::call::call_args(cls, &[v.as_ptr()])
    }
}

// ---- float --------------------------------------------------------------

fastcall! {
    /// `float.is_integer()`.
    pub(crate) fn float_is_integer(s, _a = Sig::new("is_integer", &[])) {
        let x = float::value(s);
        Ok(long::bool_from(x.is_finite() && x.floor() == x))
    }
}

fastcall! {
    /// `float.conjugate()`.
    pub(crate) fn float_conjugate(s, _a = Sig::new("conjugate", &[])) {
        if (*s).ob_type == lifecycle::float_type() {
            return Ok(Owned::from_borrowed(s));
        }
        float::from_f64(float::value(s))
    }
}

fastcall! {
    /// `float.__getnewargs__()`.
    pub(crate) fn float_getnewargs(s, _a = Sig::new("__getnewargs__", &[])) {
        let f = float::from_f64(float::value(s))?;
        tuple::new_from(&[f.as_ptr()])
    }
}

fastcall! {
    /// `float.__trunc__()`.
    pub(crate) fn float_trunc(s, _a = Sig::new("__trunc__", &[])) {
        long::from_f64(float::value(s))
    }
}

fastcall! {
    /// `float.__floor__()`.
    pub(crate) fn float_floor(s, _a = Sig::new("__floor__", &[])) {
        long::from_f64(float::value(s).floor())
    }
}

fastcall! {
    /// `float.__ceil__()`.
    pub(crate) fn float_ceil(s, _a = Sig::new("__ceil__", &[])) {
        long::from_f64(float::value(s).ceil())
    }
}

fastcall! {
    /// `float.__format__(format_spec, /)`.
    pub(crate) fn float_format(s, a = Sig::new("__format__", &[pos("format_spec")])) {
        crate::objects::formatspec::format_float(s, a.req_str(0)?)
    }
}

/// `x` (finite, non-zero) as `m * 2**e` with an odd or zero `m`.
fn decompose(x: f64) -> (BigInt, i64) {
    let bits = x.to_bits();
    let neg = bits >> 63 == 1;
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (mut m, mut e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp - 1075)
    };
    if m != 0 {
        let tz = m.trailing_zeros();
        m >>= tz;
        e += tz as i64;
    }
    let m = BigInt::from(m);
    (if neg { -m } else { m }, e)
}

fastcall! {
    /// `float.as_integer_ratio()`.
    pub(crate) fn float_as_integer_ratio(s, _a = Sig::new("as_integer_ratio", &[])) {
        let x = float::value(s);
        if x.is_infinite() {
            return Err(err::overflow_error("cannot convert Infinity to integer ratio"));
        }
        if x.is_nan() {
            return Err(err::value_error("cannot convert NaN to integer ratio"));
        }
        let (m, e) = if x == 0.0 { (BigInt::zero(), 0) } else { decompose(x) };
        let (n, d) = if e >= 0 {
            (m << e as usize, BigInt::from(1))
        } else {
            (m, BigInt::from(1) << (-e) as usize)
        };
        let (n, d) = (long::from_bigint(n)?, long::from_bigint(d)?);
        tuple::new_from(&[n.as_ptr(), d.as_ptr()])
    }
}

/// `float.hex()`'s text for `x`.
pub fn float_hex_text(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x < 0.0 { "-inf" } else { "inf" }.into();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x == 0.0 {
        return format!("{sign}0x0.0p+0");
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (lead, e) = if exp == 0 {
        (0, -1022)
    } else {
        (1, exp - 1023)
    };
    format!("{sign}0x{lead}.{frac:013x}p{e:+}")
}

fastcall! {
    /// `float.hex()`.
    pub(crate) fn float_hex(s, _a = Sig::new("hex", &[])) {
        unicode::from_str(&float_hex_text(float::value(s)))
    }
}

/// `float.fromhex`'s text too large for a float.
#[derive(Debug, PartialEq, Eq)]
pub struct HexOverflow;

/// Parses `float.fromhex`'s text: `Ok(None)` when it is malformed,
/// `Err(HexOverflow)` when it overflows.
pub fn parse_hex_float(text: &str) -> Result<Option<f64>, HexOverflow> {
    let t = text.trim_matches(|c: char| c.is_ascii_whitespace());
    let (neg, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = body.to_ascii_lowercase();
    let sgn = |v: f64| if neg { -v } else { v };
    if lower == "inf" || lower == "infinity" {
        return Ok(Some(sgn(f64::INFINITY)));
    }
    if lower == "nan" {
        return Ok(Some(sgn(f64::NAN)));
    }
    let b = lower.strip_prefix("0x").unwrap_or(&lower).as_bytes();
    let mut i = 0;
    let mut m = BigUint::zero();
    let mut ndigits = 0usize;
    let mut frac_digits = 0i64;
    while i < b.len() && b[i].is_ascii_hexdigit() {
        m = (m << 4u32) + (b[i] as char).to_digit(16).unwrap_or(0);
        ndigits += 1;
        i += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_hexdigit() {
            m = (m << 4u32) + (b[i] as char).to_digit(16).unwrap_or(0);
            ndigits += 1;
            frac_digits += 1;
            i += 1;
        }
    }
    if ndigits == 0 {
        return Ok(None);
    }
    let mut exp: i64 = 0;
    if i < b.len() && b[i] == b'p' {
        i += 1;
        let eneg = match b.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            exp = exp.saturating_mul(10).saturating_add((b[i] - b'0') as i64);
            i += 1;
        }
        if i == start {
            return Ok(None);
        }
        if eneg {
            exp = -exp;
        }
    }
    if i != b.len() {
        return Ok(None);
    }
    if m.is_zero() {
        return Ok(Some(sgn(0.0)));
    }
    let e2 = exp.saturating_sub(4 * frac_digits);
    let top = m.bits() as i64 + e2;
    if top > 1024 {
        return Err(HexOverflow);
    }
    let lsb = (top - 53).max(-1074);
    let shift = lsb - e2;
    let q: BigUint = if shift > 0 {
        let s = shift as u64;
        if s > m.bits() + 1 {
            BigUint::zero()
        } else {
            let q = &m >> s;
            let rem = &m - (&q << s);
            let half = BigUint::from(1u8) << (s - 1);
            if rem > half || (rem == half && q.bit(0)) {
                q + 1u8
            } else {
                q
            }
        }
    } else {
        &m << (-shift) as u64
    };
    let qf = q.iter_u64_digits().next().unwrap_or(0) as f64;
    // Scale by 2**lsb in two exact steps.
    let half1 = lsb / 2;
    let v = qf * 2f64.powi(half1 as i32) * 2f64.powi((lsb - half1) as i32);
    if v.is_infinite() {
        return Err(HexOverflow);
    }
    Ok(Some(sgn(v)))
}

fastcall! {
    /// `float.fromhex(string, /)`, a class method.
    pub(crate) fn float_fromhex(cls, a = Sig::new("fromhex", &[pos("string")])) {
        let sobj = a.req(0);
        if !unicode::check(sobj) {
            return Err(err::bad_argument_type());
        }
        let text = unicode::as_str(sobj);
        let v = match parse_hex_float(&text) {
            Ok(Some(v)) => v,
            Ok(None) => {
                return Err(err::value_error(
                    "invalid hexadecimal floating-point string",
                ))
            }
            Err(HexOverflow) => {
                return Err(err::overflow_error(
                    "hexadecimal value too large to represent as a float",
                ))
            }
        };
        let f = float::from_f64(v)?;
        if cls.cast() == lifecycle::float_type() {
            return Ok(f);
        }
        crate::protocols::call::call_args(cls, &[f.as_ptr()])
    }
}

#[cfg(test)]
mod tests {
    use super::{float_hex_text, parse_hex_float, HexOverflow};

    #[test]
    fn hex_round_trips() {
        for x in [1.0, 0.1, -2.5, 5e-324, 1.7976931348623157e308, 3.0e-310] {
            assert_eq!(parse_hex_float(&float_hex_text(x)), Ok(Some(x)));
        }
        assert_eq!(float_hex_text(1.0), "0x1.0000000000000p+0");
        assert_eq!(parse_hex_float("0x1p-1075"), Ok(Some(0.0)));
        assert_eq!(parse_hex_float("0x3p-1075"), Ok(Some(1e-323)));
        assert_eq!(parse_hex_float("0x1p1024"), Err(HexOverflow));
        assert_eq!(parse_hex_float("1x"), Ok(None));
    }
}
