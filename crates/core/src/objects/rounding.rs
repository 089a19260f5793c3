//! `__round__` of `int` and `float`, which the `round()` builtin calls:
//! `int` rounds half to even at a negative number of digits, `float`
//! rounds its exact binary value half to even at `ndigits` decimal places
//! and reads the decimal result back correctly rounded (what CPython's
//! `double_round` gets from `_Py_dg_dtoa` mode 3 and `_Py_dg_strtod`).

use crate::objects::object::*;
use crate::objects::typeobj::PyMethodDef;
use crate::protocols::clinic::{fastcall, pos_opt, Sig};
use crate::runtime::err::{self, PyResult};
use crate::{objects::float, objects::long, protocols::number, runtime::lifecycle};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed};

/// `int.__round__`'s entry in `int`'s method table (`stdmethods.rs`).
pub(crate) const INT_ROUND_DEF: PyMethodDef = round_def(int_round, c"Rounding an Integral returns itself.\n\nRounding with an ndigits argument also returns an integer.");
/// `float.__round__`'s entry in `float`'s method table.
pub(crate) const FLOAT_ROUND_DEF: PyMethodDef = round_def(float_round, c"Return the Integral closest to x, rounding half toward even.\n\nWhen an argument is passed, work like built-in round(x, ndigits).");

const fn round_def(
    m: crate::protocols::clinic::Method,
    doc: &'static std::ffi::CStr,
) -> PyMethodDef {
    let mut d = crate::protocols::clinic::def(c"__round__", m);
    d.ml_doc = doc.as_ptr();
    d
}

/// `int(self)`: the object itself when it is an exact int.
///
/// # Safety
/// `v` a live int.
pub(crate) unsafe fn exact_int(v: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if (*v).ob_type == lifecycle::long_type() {
            Ok(Owned::from_borrowed(v))
        } else {
            long::from_bigint(long::to_bigint(v))
        }
    }
}

/// `a` rounded half to even to a multiple of `b` (`b` > 0).
fn round_to_multiple(a: &BigInt, b: &BigInt) -> BigInt {
    let (mut q, r) = a.div_mod_floor(b);
    let twice: BigInt = &r * 2;
    if twice > *b || (twice == *b && q.is_odd()) {
        q += 1;
    }
    q * b
}

fastcall! {
    /// `int.__round__(ndigits=<unrepresentable>, /)`.
    fn int_round(s, a = Sig::new("__round__", &[pos_opt("ndigits")])) {
        let Some(nd) = a.get(0) else {
            return exact_int(s);
        };
        let nd = number::index(nd)?;
        let nd = long::to_bigint(nd.as_ptr());
        if !nd.is_negative() {
            return exact_int(s);
        }
        let b = num_traits::pow::pow(BigInt::from(10), usize::try_from(-nd).map_err(|_| {
            err::raise(crate::objects::exceptions::Exc::MemoryError, "")
        })?);
        long::from_bigint(round_to_multiple(&long::to_bigint(s), &b))
    }
}

/// CPython's bounds beyond which `round(x, n)` is `x` or `0.0 * x`.
const NDIGITS_MAX: isize = 323;
const NDIGITS_MIN: isize = -308;

/// `double_round`: `x` (finite) rounded to `nd` decimal places.
fn double_round(x: f64, nd: i32) -> PyResult<f64> {
    let bits = x.to_bits();
    let neg = bits >> 63 == 1;
    let e = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    let (m, e) = if e == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), e - 1075)
    };
    // |x| = m * 2^e; q = |x| * 10^nd rounded half to even.
    let m = BigInt::from(m);
    let ten = BigInt::from(10);
    let (num, den) = if nd >= 0 {
        (m * num_traits::pow::pow(ten, nd as usize), BigInt::one())
    } else {
        (m, num_traits::pow::pow(ten, (-nd) as usize))
    };
    let (num, den) = if e >= 0 {
        (num << e as usize, den)
    } else {
        (num, den << (-e) as usize)
    };
    let q = if den.is_one() {
        num
    } else {
        round_to_multiple(&num, &den) / &den
    };
    let text = format!("{}{}e{}", if neg { "-" } else { "" }, q, -nd);
    let r: f64 = text.parse().unwrap_or(f64::INFINITY);
    if r.is_infinite() {
        return Err(err::overflow_error("rounded value too large to represent"));
    }
    Ok(r)
}

fastcall! {
    /// `float.__round__(ndigits=None, /)`.
    fn float_round(s, a = Sig::new("__round__", &[pos_opt("ndigits")])) {
        let x = float::value(s);
        if a.is_none(0) {
            let mut r = x.round();
            if (x - r).abs() == 0.5 {
                r = 2.0 * (x / 2.0).round();
            }
            return long::from_f64(r);
        }
        let nd = number::as_ssize(a.req(0), None)?;
        if !x.is_finite() || nd > NDIGITS_MAX {
            return float::from_f64(x);
        }
        if nd < NDIGITS_MIN {
            return float::from_f64(0.0 * x);
        }
        float::from_f64(double_round(x, nd as i32)?)
    }
}

#[cfg(test)]
mod tests {
    use super::double_round;

    #[test]
    fn rounds_like_cpython() {
        assert_eq!(double_round(2.675, 2).ok(), Some(2.67));
        assert_eq!(double_round(0.125, 2).ok(), Some(0.12));
        assert_eq!(double_round(0.375, 2).ok(), Some(0.38));
        assert_eq!(double_round(1234.5, -1).ok(), Some(1230.0));
        assert_eq!(double_round(1250.0, -2).ok(), Some(1200.0));
        assert_eq!(
            double_round(-0.4, 0).map(f64::to_bits).ok(),
            Some((-0.0f64).to_bits())
        );
    }
}
