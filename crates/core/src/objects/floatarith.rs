//! Arithmetic of `float`: the number slots with Python's semantics and
//! CPython 3.12's errors. An int operand is converted first
//! (`OverflowError` when it is too large); any other operand makes the
//! slot return `NotImplemented`. Floor division and modulo take the sign
//! of the divisor; `pow` follows C99's special cases as CPython does, and
//! a negative base with a fractional exponent is handed to `complex`'s
//! power, which returns a complex.

use crate::objects::exceptions::Exc;
use crate::objects::object::*;
use crate::objects::typeobj::PyNumberMethods;
use crate::runtime::err::{self, PyResult};
use crate::{objects::float, objects::long, objects::tuple, runtime::lifecycle};

/// Fills in the arithmetic slots of `float`'s number table.
pub(crate) fn install(n: &mut PyNumberMethods) {
    n.nb_add = Some(float_add);
    n.nb_subtract = Some(float_sub);
    n.nb_multiply = Some(float_mul);
    n.nb_remainder = Some(float_mod);
    n.nb_divmod = Some(float_divmod);
    n.nb_power = Some(float_pow);
    n.nb_negative = Some(float_neg);
    n.nb_positive = Some(float_pos);
    n.nb_absolute = Some(float_abs);
    n.nb_floor_divide = Some(float_floordiv);
    n.nb_true_divide = Some(float_truediv);
}

/// An operand as a double: `Ok(None)` when it is neither float nor int.
///
/// # Safety
/// `op` live.
unsafe fn operand(op: *mut PyObject) -> PyResult<Option<f64>> {
    // SAFETY: forwarded.
    unsafe {
        if float::check(op) {
            return Ok(Some(float::value(op)));
        }
        if long::check(op) {
            return long::to_f64_exact(op).map(Some);
        }
        Ok(None)
    }
}

/// A binary slot over two doubles.
macro_rules! binary {
    ($name:ident, $f:expr) => {
        unsafe extern "C" fn $name(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
            // SAFETY: slot: live operands.
            unsafe {
                let (x, y) = match (operand(a), operand(b)) {
                    (Ok(Some(x)), Ok(Some(y))) => (x, y),
                    (Err(e), _) | (_, Err(e)) => return e.into(),
                    _ => return new_ref(lifecycle::not_implemented()),
                };
                let f: fn(f64, f64) -> PyResult<Owned> = $f;
                err::into_ptr(f(x, y))
            }
        }
    };
}

binary!(float_add, |x, y| float::from_f64(x + y));
binary!(float_sub, |x, y| float::from_f64(x - y));
binary!(float_mul, |x, y| float::from_f64(x * y));
binary!(float_truediv, |x, y| {
    if y == 0.0 {
        return Err(err::raise(Exc::ZeroDivisionError, "float division by zero"));
    }
    float::from_f64(x / y)
});
binary!(float_mod, |x, y| {
    if y == 0.0 {
        return Err(err::raise(Exc::ZeroDivisionError, "float modulo"));
    }
    float::from_f64(modulo(x, y))
});
binary!(float_floordiv, |x, y| {
    if y == 0.0 {
        return Err(err::raise(
            Exc::ZeroDivisionError,
            "float floor division by zero",
        ));
    }
    float::from_f64(div_mod(x, y).0)
});
binary!(float_divmod, |x, y| {
    if y == 0.0 {
        return Err(err::raise(Exc::ZeroDivisionError, "float divmod()"));
    }
    let (d, m) = div_mod(x, y);
    let (d, m) = (float::from_f64(d)?, float::from_f64(m)?);
    tuple::new_from(&[d.as_ptr(), m.as_ptr()])
});

/// `x % y` with the sign of `y` (`y` non-zero).
fn modulo(x: f64, y: f64) -> f64 {
    let m = x % y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m + y
        } else {
            m
        }
    } else {
        0.0f64.copysign(y)
    }
}

/// `(x // y, x % y)` as CPython computes them (`y` non-zero).
fn div_mod(x: f64, y: f64) -> (f64, f64) {
    let mut m = x % y;
    let mut d = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            d -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(y);
    }
    let q = if d != 0.0 {
        let f = d.floor();
        if d - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else {
        0.0f64.copysign(x / y)
    };
    (q, m)
}

fn is_odd_integer(x: f64) -> bool {
    x % 2.0 == 1.0 || x % 2.0 == -1.0
}

/// `x ** y` with CPython's special cases and errors. A negative `x` with
/// a finite fractional `y` has a complex result: callers check
/// [`is_complex_pow`] first.
pub fn pow(x: f64, y: f64) -> PyResult<f64> {
    if y == 0.0 {
        return Ok(1.0);
    }
    if x.is_nan() {
        return Ok(x);
    }
    if y.is_nan() {
        return Ok(if x == 1.0 { 1.0 } else { y });
    }
    if y.is_infinite() {
        let ax = x.abs();
        return Ok(if ax == 1.0 {
            1.0
        } else if (y > 0.0) == (ax > 1.0) {
            y.abs()
        } else {
            0.0
        });
    }
    if x.is_infinite() {
        let odd = is_odd_integer(y);
        return Ok(if y > 0.0 {
            if odd {
                x
            } else {
                x.abs()
            }
        } else if odd {
            0.0f64.copysign(x)
        } else {
            0.0
        });
    }
    if x == 0.0 {
        if y < 0.0 {
            return Err(err::raise(
                Exc::ZeroDivisionError,
                "0.0 cannot be raised to a negative power",
            ));
        }
        return Ok(if is_odd_integer(y) { x } else { 0.0 });
    }
    if x == 1.0 {
        return Ok(1.0);
    }
    let (mut base, mut negate) = (x, false);
    if x < 0.0 {
        if y != y.floor() {
            return Err(err::value_error(
                "negative number cannot be raised to a fractional power",
            ));
        }
        base = -x;
        negate = is_odd_integer(y);
    }
    if base == 1.0 {
        return Ok(if negate { -1.0 } else { 1.0 });
    }
    let r = base.powf(y);
    if r.is_infinite() {
        return Err(range_error());
    }
    Ok(if negate { -r } else { r })
}

/// `OverflowError(34, 'Numerical result out of range')`, what CPython
/// raises from `errno == ERANGE`.
fn range_error() -> err::Raised {
    // SAFETY: building the arguments of a standard exception type.
    unsafe {
        let made = (|| -> PyResult<Owned> {
            let code = long::from_i64(34)?;
            let text = crate::objects::unicode::from_str("Numerical result out of range")?;
            tuple::new_from(&[code.as_ptr(), text.as_ptr()])
        })();
        match made {
            Ok(args) => err::set_object(
                crate::objects::exceptions::get(Exc::OverflowError),
                args.as_ptr(),
            ),
            Err(e) => e,
        }
    }
}

unsafe extern "C" fn float_pow(
    a: *mut PyObject,
    b: *mut PyObject,
    c: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot: live operands.
    unsafe {
        if c != lifecycle::none() {
            return err::type_error(
                "pow() 3rd argument not allowed unless all arguments are integers",
            )
            .into();
        }
        let (x, y) = match (operand(a), operand(b)) {
            (Ok(Some(x)), Ok(Some(y))) => (x, y),
            (Err(e), _) | (_, Err(e)) => return e.into(),
            _ => return new_ref(lifecycle::not_implemented()),
        };
        if is_complex_pow(x, y) {
            return crate::objects::complexobject::complex_pow(a, b, c);
        }
        err::into_ptr(pow(x, y).and_then(float::from_f64))
    }
}

/// Whether `x ** y` is complex: a negative finite base and a finite
/// exponent that is not an integer (as CPython's `float_pow` decides
/// before handing the operands to `complex`).
pub fn is_complex_pow(x: f64, y: f64) -> bool {
    x.is_finite() && x < 0.0 && y.is_finite() && y != y.floor()
}

unsafe extern "C" fn float_neg(a: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a float.
    err::into_ptr(float::from_f64(-unsafe { float::value(a) }))
}

unsafe extern "C" fn float_abs(a: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a float.
    err::into_ptr(float::from_f64(unsafe { float::value(a) }.abs()))
}

/// `+x`: the float itself when exact, a plain float for a subclass.
unsafe extern "C" fn float_pos(a: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a float.
    unsafe {
        if (*a).ob_type == lifecycle::float_type() {
            return new_ref(a);
        }
        err::into_ptr(float::from_f64(float::value(a)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_division_and_modulo_take_the_divisor_sign() {
        assert_eq!(modulo(-7.5, 2.0), 0.5);
        assert_eq!(modulo(7.5, -2.0), -0.5);
        assert_eq!(div_mod(-7.5, 2.0), (-4.0, 0.5));
        assert_eq!(div_mod(7.0, 2.0), (3.0, 1.0));
        assert!(modulo(-0.0, 5.0).is_sign_positive());
        assert!(div_mod(0.0, -5.0).0.is_sign_negative());
    }

    // Miri perturbs the results of `powf` on purpose (its precision is
    // unspecified), so the exact comparisons below only hold natively.
    #[test]
    #[cfg_attr(miri, ignore)]
    fn pow_special_cases() {
        assert_eq!(pow(2.0, 0.5).unwrap(), 2f64.sqrt());
        assert_eq!(pow(f64::NAN, 0.0).unwrap(), 1.0);
        assert_eq!(pow(-2.0, 3.0).unwrap(), -8.0);
        assert_eq!(pow(-1.0, f64::INFINITY).unwrap(), 1.0);
        assert_eq!(pow(0.5, f64::INFINITY).unwrap(), 0.0);
        assert_eq!(pow(f64::NEG_INFINITY, 3.0).unwrap(), f64::NEG_INFINITY);
        assert!(pow(-0.0, 3.0).unwrap().is_sign_negative());
    }
}
