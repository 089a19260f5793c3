//! The `math` module of CPython 3.12: its constants, the libm functions
//! with CPython's error conventions (`math_1`/`math_2`: a NaN from a
//! non-NaN is `ValueError: math domain error`, an infinity from finite
//! arguments `OverflowError: math range error` or a domain error), the
//! functions CPython computes itself (`fsum` with Shewchuk's partials,
//! `hypot`/`dist` with its compensated vector norm, `remainder`,
//! `atan2`'s and `pow`'s special values, `nextafter` with `steps`, `ulp`),
//! the integer functions on big ints (`factorial`, `gcd`, `lcm`, `isqrt`,
//! `comb`, `perm`) and `floor`/`ceil`/`trunc` through their special
//! methods, `gamma`/`lgamma` with CPython's Lanczos approximation.
//! `sumprod` has CPython's exact int and triple-length float paths.

use crate::objects::object::*;
use crate::objects::typeobj::PyMethodDef;
use crate::objects::{float, iterobject, long, module, tuple, unicode};
use crate::protocols::clinic::{
    self, arg, def, fastcall, fastcall_varargs, kw_opt, pos, pos_opt, Sig,
};
use crate::protocols::{abstract_, call, number};
use crate::runtime::err::{self, PyResult};
use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use std::ffi::CStr;
use std::ptr;

mod libm {
    extern "C" {
        pub fn sin(x: f64) -> f64;
        pub fn cos(x: f64) -> f64;
        pub fn tan(x: f64) -> f64;
        pub fn asin(x: f64) -> f64;
        pub fn acos(x: f64) -> f64;
        pub fn atan(x: f64) -> f64;
        pub fn atan2(y: f64, x: f64) -> f64;
        pub fn sinh(x: f64) -> f64;
        pub fn cosh(x: f64) -> f64;
        pub fn tanh(x: f64) -> f64;
        pub fn asinh(x: f64) -> f64;
        pub fn acosh(x: f64) -> f64;
        pub fn atanh(x: f64) -> f64;
        pub fn exp(x: f64) -> f64;
        pub fn exp2(x: f64) -> f64;
        pub fn expm1(x: f64) -> f64;
        pub fn log(x: f64) -> f64;
        pub fn log2(x: f64) -> f64;
        pub fn log10(x: f64) -> f64;
        pub fn log1p(x: f64) -> f64;
        pub fn sqrt(x: f64) -> f64;
        pub fn erf(x: f64) -> f64;
        pub fn erfc(x: f64) -> f64;
        pub fn fmod(x: f64, y: f64) -> f64;
        pub fn pow(x: f64, y: f64) -> f64;
        pub fn frexp(x: f64, e: *mut i32) -> f64;
        pub fn modf(x: f64, ip: *mut f64) -> f64;
        pub fn ldexp(x: f64, e: i32) -> f64;
        pub fn nextafter(x: f64, y: f64) -> f64;
    }
}

macro_rules! libm1 {
    ($($name:ident),*) => {$(
        fn $name(x: f64) -> f64 {
            // SAFETY: a pure C math function of one double.
            unsafe { libm::$name(x) }
        }
    )*};
}
libm1!(
    sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, asinh, acosh, atanh, exp, exp2, expm1, sqrt,
    erf, erfc
);

/// The C library's `cbrt`, as CPython calls it: the Rust runtime links its
/// own `cbrt` (from `compiler_builtins`, musl's, rounded differently)
/// ahead of libm's, so libm's is looked up by name.
fn cbrt(x: f64) -> f64 {
    type F = unsafe extern "C" fn(f64) -> f64;
    static LIBM_CBRT: std::sync::OnceLock<Option<F>> = std::sync::OnceLock::new();
    let f = LIBM_CBRT.get_or_init(|| {
        // SAFETY: dlopen/dlsym with NUL-terminated names; a found `cbrt`
        // has the C signature `double cbrt(double)`. The handle is kept.
        unsafe {
            let h = libc::dlopen(c"libm.so.6".as_ptr(), libc::RTLD_NOW);
            if h.is_null() {
                return None;
            }
            let s = libc::dlsym(h, c"cbrt".as_ptr());
            (!s.is_null()).then(|| std::mem::transmute::<*mut libc::c_void, F>(s))
        }
    });
    match f {
        // SAFETY: libm's `cbrt`, a pure function.
        Some(f) => unsafe { f(x) },
        None => x.cbrt(),
    }
}

fn c_fmod(x: f64, y: f64) -> f64 {
    // SAFETY: a pure C math function.
    unsafe { libm::fmod(x, y) }
}
fn c_atan2(y: f64, x: f64) -> f64 {
    // SAFETY: a pure C math function.
    unsafe { libm::atan2(y, x) }
}
fn c_pow(x: f64, y: f64) -> f64 {
    // SAFETY: a pure C math function.
    unsafe { libm::pow(x, y) }
}
fn c_frexp(x: f64) -> (f64, i32) {
    let mut e = 0;
    // SAFETY: `e` is a valid out-pointer.
    let m = unsafe { libm::frexp(x, &mut e) };
    (m, e)
}
fn c_modf(x: f64) -> (f64, f64) {
    let mut ip = 0.0;
    // SAFETY: `ip` is a valid out-pointer.
    let f = unsafe { libm::modf(x, &mut ip) };
    (f, ip)
}
fn c_ldexp(x: f64, e: i32) -> f64 {
    // SAFETY: a pure C math function.
    unsafe { libm::ldexp(x, e) }
}
fn c_nextafter(x: f64, y: f64) -> f64 {
    // SAFETY: a pure C math function.
    unsafe { libm::nextafter(x, y) }
}

/// An error `m_tgamma`/`m_lgamma` report through `errno`.
enum Errno {
    Dom,
    Range,
}

const PI_C: f64 = std::f64::consts::PI;
const LOGPI: f64 = 1.144_729_885_849_400_2;
const LANCZOS_G: f64 = 6.024_680_040_776_73;
const LANCZOS_G_MINUS_HALF: f64 = 5.524_680_040_776_73;
const LANCZOS_NUM: [f64; 13] = [
    23_531_376_880.410_76,
    42_919_803_642.649_1,
    35_711_959_237.355_67,
    17_921_034_426.037_21,
    6_039_542_586.352_028,
    1_439_720_407.311_721_6,
    248_874_557.862_054_16,
    31_426_415.585_400_194,
    2_876_370.628_935_372_4,
    186_056.265_395_223_48,
    8_071.672_002_365_816,
    210.824_277_751_579_35,
    2.506_628_274_631_000_3,
];
const LANCZOS_DEN: [f64; 13] = [
    0.0,
    39_916_800.0,
    120_543_840.0,
    150_917_976.0,
    105_258_076.0,
    45_995_730.0,
    13_339_535.0,
    2_637_558.0,
    357_423.0,
    32_670.0,
    1_925.0,
    66.0,
    1.0,
];

/// `sin(pi*x)` accurate near integers (CPython's `m_sinpi`), finite `x`.
fn m_sinpi(x: f64) -> f64 {
    let y = c_fmod(x.abs(), 2.0);
    let r = match (2.0 * y).round() as i32 {
        0 => sin(PI_C * y),
        1 => cos(PI_C * (y - 0.5)),
        2 => sin(PI_C * (1.0 - y)),
        3 => -cos(PI_C * (y - 1.5)),
        _ => sin(PI_C * (y - 2.0)),
    };
    1f64.copysign(x) * r
}

/// The Lanczos sum of CPython's gamma functions, for positive `x`.
fn lanczos_sum(x: f64) -> f64 {
    let (mut num, mut den) = (0.0f64, 0.0f64);
    if x < 5.0 {
        for i in (0..13).rev() {
            num = num * x + LANCZOS_NUM[i];
            den = den * x + LANCZOS_DEN[i];
        }
    } else {
        for i in 0..13 {
            num = num / x + LANCZOS_NUM[i];
            den = den / x + LANCZOS_DEN[i];
        }
    }
    num / den
}

/// CPython's `m_tgamma`.
fn m_tgamma(x: f64) -> (f64, Option<Errno>) {
    if !x.is_finite() {
        if x.is_nan() || x > 0.0 {
            return (x, None);
        }
        return (f64::NAN, Some(Errno::Dom));
    }
    if x == 0.0 {
        return (f64::INFINITY.copysign(x), Some(Errno::Dom));
    }
    if x == x.floor() {
        if x < 0.0 {
            return (f64::NAN, Some(Errno::Dom));
        }
        if x <= 23.0 {
            let mut f = 1.0f64;
            for k in 2..(x as i32) {
                f *= k as f64;
            }
            return (f, None);
        }
    }
    let absx = x.abs();
    if absx < 1e-20 {
        let r = 1.0 / x;
        return (r, r.is_infinite().then_some(Errno::Range));
    }
    if absx > 200.0 {
        if x < 0.0 {
            return (0.0 / m_sinpi(x), None);
        }
        return (f64::INFINITY, Some(Errno::Range));
    }
    let y = absx + LANCZOS_G_MINUS_HALF;
    let mut z = if absx > LANCZOS_G_MINUS_HALF {
        let q = y - absx;
        q - LANCZOS_G_MINUS_HALF
    } else {
        let q = y - LANCZOS_G_MINUS_HALF;
        q - absx
    };
    z = z * LANCZOS_G / y;
    let mut r;
    if x < 0.0 {
        r = -PI_C / m_sinpi(absx) / absx * exp(y) / lanczos_sum(absx);
        r -= z * r;
        if absx < 140.0 {
            r /= c_pow(y, absx - 0.5);
        } else {
            let sqrtpow = c_pow(y, absx / 2.0 - 0.25);
            r /= sqrtpow;
            r /= sqrtpow;
        }
    } else {
        r = lanczos_sum(absx) / exp(y);
        r += z * r;
        if absx < 140.0 {
            r *= c_pow(y, absx - 0.5);
        } else {
            let sqrtpow = c_pow(y, absx / 2.0 - 0.25);
            r *= sqrtpow;
            r *= sqrtpow;
        }
    }
    (r, r.is_infinite().then_some(Errno::Range))
}

/// CPython's `m_lgamma`.
fn m_lgamma(x: f64) -> (f64, Option<Errno>) {
    let log = |v: f64| {
        // SAFETY: a pure C math function.
        unsafe { libm::log(v) }
    };
    if !x.is_finite() {
        return (if x.is_nan() { x } else { f64::INFINITY }, None);
    }
    if x == x.floor() && x <= 2.0 {
        if x <= 0.0 {
            return (f64::INFINITY, Some(Errno::Dom));
        }
        return (0.0, None);
    }
    let absx = x.abs();
    if absx < 1e-20 {
        return (-log(absx), None);
    }
    let mut r = log(lanczos_sum(absx)) - LANCZOS_G;
    r += (absx - 0.5) * (log(absx + LANCZOS_G - 0.5) - 1.0);
    if x < 0.0 {
        r = LOGPI - log(m_sinpi(absx).abs()) - log(absx) - r;
    }
    (r, r.is_infinite().then_some(Errno::Range))
}

/// CPython's `math_1a` over an errno-reporting function.
unsafe fn math_1a(v: *mut PyObject, f: fn(f64) -> (f64, Option<Errno>)) -> PyResult<Owned> {
    // SAFETY: forwarded.
    let x = unsafe { dbl(v)? };
    match f(x) {
        (_, Some(Errno::Dom)) => Err(domain()),
        (r, Some(Errno::Range)) if r.abs() >= 1.5 => Err(range()),
        (r, _) => float::from_f64(r),
    }
}

fastcall! {
    /// `math.gamma(x, /)`.
    fn m_gamma(_m, a = Sig::new("gamma", &[pos("x")])) { math_1a(a.req(0), m_tgamma) }
}
fastcall! {
    /// `math.lgamma(x, /)`.
    fn m_lgamma_f(_m, a = Sig::new("lgamma", &[pos("x")])) { math_1a(a.req(0), m_lgamma) }
}

/// A logarithm (`f`, from libm) with CPython's `m_log` values at 0 and
/// negatives (NaN or -inf for the caller to report) and at the infinities.
fn log_with(x: f64, f: unsafe extern "C" fn(f64) -> f64) -> f64 {
    if x.is_finite() {
        if x > 0.0 {
            // SAFETY: a pure C math function.
            unsafe { f(x) }
        } else if x == 0.0 {
            f64::NEG_INFINITY
        } else {
            f64::NAN
        }
    } else if x.is_nan() || x > 0.0 {
        x
    } else {
        f64::NAN
    }
}
fn m_log(x: f64) -> f64 {
    log_with(x, libm::log)
}
fn m_log2(x: f64) -> f64 {
    log_with(x, libm::log2)
}
fn m_log10(x: f64) -> f64 {
    log_with(x, libm::log10)
}
fn m_log1p(x: f64) -> f64 {
    if x == 0.0 {
        return x;
    }
    // SAFETY: a pure C math function.
    unsafe { libm::log1p(x) }
}

fn domain() -> err::Raised {
    err::value_error("math domain error")
}
fn range() -> err::Raised {
    err::overflow_error("math range error")
}

/// `PyFloat_AsDouble`.
unsafe fn dbl(v: *mut PyObject) -> PyResult<f64> {
    // SAFETY: forwarded.
    unsafe { float::as_f64(v) }
}

/// CPython's `math_1`.
unsafe fn math_1(v: *mut PyObject, f: fn(f64) -> f64, can_overflow: bool) -> PyResult<Owned> {
    // SAFETY: forwarded.
    let x = unsafe { dbl(v)? };
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(domain());
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if can_overflow { range() } else { domain() });
    }
    float::from_f64(r)
}

/// CPython's `math_2`.
unsafe fn math_2(
    a: *mut PyObject,
    b: *mut PyObject,
    f: fn(f64, f64) -> f64,
    can_overflow: bool,
) -> PyResult<Owned> {
    // SAFETY: forwarded.
    let (x, y) = unsafe { (dbl(a)?, dbl(b)?) };
    let r = f(x, y);
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain());
    }
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(if can_overflow { range() } else { domain() });
    }
    float::from_f64(r)
}

macro_rules! func1 {
    ($($rust:ident => $name:literal, $f:expr, $ovf:expr;)*) => {$(
        fastcall! {
            #[doc = concat!("`math.", $name, "(x, /)`.")]
            fn $rust(_m, a = Sig::new($name, &[pos("x")])) { math_1(a.req(0), $f, $ovf) }
        }
    )*};
}
func1! {
    m_sqrt => "sqrt", sqrt, false;
    m_fabs => "fabs", f64::abs, false;
    m_exp => "exp", exp, true;
    m_exp2 => "exp2", exp2, true;
    m_expm1 => "expm1", expm1, true;
    m_sin => "sin", sin, false;
    m_cos => "cos", cos, false;
    m_tan => "tan", tan, false;
    m_asin => "asin", asin, false;
    m_acos => "acos", acos, false;
    m_atan => "atan", atan, false;
    m_sinh => "sinh", sinh, true;
    m_cosh => "cosh", cosh, true;
    m_tanh => "tanh", tanh, false;
    m_asinh => "asinh", asinh, false;
    m_acosh => "acosh", acosh, false;
    m_atanh => "atanh", atanh, false;
    m_cbrt => "cbrt", cbrt, false;
    m_log1p_f => "log1p", m_log1p, false;
}

fastcall! {
    /// `math.erf(x, /)`.
    fn m_erf(_m, a = Sig::new("erf", &[pos("x")])) { float::from_f64(erf(dbl(a.req(0))?)) }
}
fastcall! {
    /// `math.erfc(x, /)`.
    fn m_erfc(_m, a = Sig::new("erfc", &[pos("x")])) { float::from_f64(erfc(dbl(a.req(0))?)) }
}

/// CPython's `loghelper`: ints of any size (too big for a float: through
/// their mantissa and exponent), else `math_1`.
unsafe fn loghelper(v: *mut PyObject, f: fn(f64) -> f64) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if long::check(v) {
            let n = long::to_bigint(v);
            if n.sign() != Sign::Plus {
                return Err(domain());
            }
            if let Some(x) = n.to_f64().filter(|x| x.is_finite()) {
                return float::from_f64(f(x));
            }
            let (x, e) = frexp_big(&n);
            return float::from_f64(f(x) + f(2.0) * e as f64);
        }
        math_1(v, f, false)
    }
}

/// `_PyLong_Frexp` of a positive int: `n ~= x * 2**e`, `0.5 <= x < 1`,
/// `x` correctly rounded.
fn frexp_big(n: &BigInt) -> (f64, i64) {
    let bits = n.bits() as i64;
    let shift = bits - 64;
    let mag = n.magnitude();
    let mut m = (mag >> shift as usize).to_u64().unwrap_or(u64::MAX);
    if shift > 0 && mag.trailing_zeros().unwrap_or(0) < shift as u64 {
        m |= 1;
    }
    let mut x = m as f64 * 2f64.powi(-64);
    let mut e = bits;
    if x >= 1.0 {
        x *= 0.5;
        e += 1;
    }
    (x, e)
}

fastcall! {
    /// `math.log(x, [base=math.e], /)`.
    fn m_log_f(_m, a = Sig::new("log", &[pos("x"), pos_opt("base")])) {
        let num = loghelper(a.req(0), m_log)?;
        match a.get(1) {
            None => Ok(num),
            Some(b) => {
                let den = loghelper(b, m_log)?;
                number::binary(num.as_ptr(), den.as_ptr(), number::BinOp::TrueDivide)
            }
        }
    }
}
fastcall! {
    /// `math.log2(x, /)`.
    fn m_log2_f(_m, a = Sig::new("log2", &[pos("x")])) { loghelper(a.req(0), m_log2) }
}
fastcall! {
    /// `math.log10(x, /)`.
    fn m_log10_f(_m, a = Sig::new("log10", &[pos("x")])) { loghelper(a.req(0), m_log10) }
}

/// CPython's `m_atan2`.
fn m_atan2_c(y: f64, x: f64) -> f64 {
    use std::f64::consts::PI;
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if y.is_infinite() {
        if x.is_infinite() {
            return if x.is_sign_positive() {
                (0.25 * PI).copysign(y)
            } else {
                (0.75 * PI).copysign(y)
            };
        }
        return (0.5 * PI).copysign(y);
    }
    if x.is_infinite() || y == 0.0 {
        return if x.is_sign_positive() {
            0f64.copysign(y)
        } else {
            PI.copysign(y)
        };
    }
    c_atan2(y, x)
}

/// CPython's `m_remainder`.
fn m_remainder_c(x: f64, y: f64) -> f64 {
    if x.is_finite() && y.is_finite() {
        if y == 0.0 {
            return f64::NAN;
        }
        let (absx, absy) = (x.abs(), y.abs());
        let m = c_fmod(absx, absy);
        let c = absy - m;
        let r = if m < c {
            m
        } else if m > c {
            -c
        } else {
            m - 2.0 * c_fmod(0.5 * (absx - m), absy)
        };
        return 1f64.copysign(x) * r;
    }
    if x.is_nan() {
        return x;
    }
    if y.is_nan() {
        return y;
    }
    if x.is_infinite() {
        return f64::NAN;
    }
    x
}

fastcall! {
    /// `math.atan2(y, x, /)`.
    fn m_atan2(_m, a = Sig::new("atan2", &[pos("y"), pos("x")])) { math_2(a.req(0), a.req(1), m_atan2_c, false) }
}
fastcall! {
    /// `math.copysign(x, y, /)`.
    fn m_copysign(_m, a = Sig::new("copysign", &[pos("x"), pos("y")])) { math_2(a.req(0), a.req(1), f64::copysign, false) }
}
fastcall! {
    /// `math.remainder(x, y, /)`.
    fn m_remainder(_m, a = Sig::new("remainder", &[pos("x"), pos("y")])) { math_2(a.req(0), a.req(1), m_remainder_c, false) }
}
fastcall! {
    /// `math.fmod(x, y, /)`.
    fn m_fmod(_m, a = Sig::new("fmod", &[pos("x"), pos("y")])) {
        let (x, y) = (dbl(a.req(0))?, dbl(a.req(1))?);
        if y.is_infinite() && x.is_finite() {
            return float::from_f64(x);
        }
        let r = c_fmod(x, y);
        if r.is_nan() && !x.is_nan() && !y.is_nan() {
            return Err(domain());
        }
        float::from_f64(r)
    }
}
fastcall! {
    /// `math.pow(x, y, /)`: IEEE special values directly, libm otherwise.
    fn m_pow(_m, a = Sig::new("pow", &[pos("x"), pos("y")])) {
        let (x, y) = (dbl(a.req(0))?, dbl(a.req(1))?);
        let r;
        if !x.is_finite() || !y.is_finite() {
            r = if x.is_nan() {
                if y == 0.0 { 1.0 } else { x }
            } else if y.is_nan() {
                if x == 1.0 { 1.0 } else { y }
            } else if x.is_infinite() {
                let odd_y = y.is_finite() && c_fmod(y.abs(), 2.0) == 1.0;
                if y > 0.0 {
                    if odd_y { x } else { x.abs() }
                } else if y == 0.0 {
                    1.0
                } else if odd_y {
                    0f64.copysign(x)
                } else {
                    0.0
                }
            } else if x.abs() == 1.0 {
                1.0
            } else if (y > 0.0 && x.abs() > 1.0) || (y < 0.0 && x.abs() < 1.0) {
                f64::INFINITY
            } else {
                0.0
            };
        } else {
            r = c_pow(x, y);
            if r.is_nan() {
                return Err(domain());
            }
            if r.is_infinite() {
                return Err(if x == 0.0 { domain() } else { range() });
            }
        }
        float::from_f64(r)
    }
}

/// `floor`/`ceil`: an exact float directly, else the special method, else
/// the float value.
unsafe fn rounding(v: *mut PyObject, special: &str, f: fn(f64) -> f64) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if (*v).ob_type == crate::runtime::lifecycle::float_type() {
            return long::from_f64(f(float::value(v)));
        }
        if (*v).ob_type == crate::runtime::lifecycle::long_type() {
            return Ok(Owned::from_borrowed(v));
        }
        if let Some(m) = abstract_::lookup_special(v, special)? {
            return err::from_ptr(call::call_no_args(m.as_ptr()));
        }
        long::from_f64(f(dbl(v)?))
    }
}

fastcall! {
    /// `math.floor(x, /)`.
    fn m_floor(_m, a = Sig::new("floor", &[pos("x")])) { rounding(a.req(0), "__floor__", f64::floor) }
}
fastcall! {
    /// `math.ceil(x, /)`.
    fn m_ceil(_m, a = Sig::new("ceil", &[pos("x")])) { rounding(a.req(0), "__ceil__", f64::ceil) }
}
fastcall! {
    /// `math.trunc(x, /)`: `__trunc__`.
    fn m_trunc(_m, a = Sig::new("trunc", &[pos("x")])) {
        let v = a.req(0);
        if (*v).ob_type == crate::runtime::lifecycle::float_type() {
            return long::from_f64(float::value(v));
        }
        match abstract_::lookup_special(v, "__trunc__")? {
            Some(m) => err::from_ptr(call::call_no_args(m.as_ptr())),
            None => Err(err::type_error(&format!(
                "type {} doesn't define __trunc__ method",
                crate::objects::typeobj::type_name_of(v)
            ))),
        }
    }
}

fastcall! {
    /// `math.isfinite(x, /)`.
    fn m_isfinite(_m, a = Sig::new("isfinite", &[pos("x")])) { Ok(long::bool_from(dbl(a.req(0))?.is_finite())) }
}
fastcall! {
    /// `math.isinf(x, /)`.
    fn m_isinf(_m, a = Sig::new("isinf", &[pos("x")])) { Ok(long::bool_from(dbl(a.req(0))?.is_infinite())) }
}
fastcall! {
    /// `math.isnan(x, /)`.
    fn m_isnan(_m, a = Sig::new("isnan", &[pos("x")])) { Ok(long::bool_from(dbl(a.req(0))?.is_nan())) }
}
fastcall! {
    /// `math.isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)`.
    fn m_isclose(_m, a = Sig::new("isclose", &[arg("a"), arg("b"), kw_opt("rel_tol"), kw_opt("abs_tol")])) {
        let x = dbl(a.req(0))?;
        let y = dbl(a.req(1))?;
        let rel = match a.get(2) { Some(v) => dbl(v)?, None => 1e-9 };
        let abs = match a.get(3) { Some(v) => dbl(v)?, None => 0.0 };
        if rel < 0.0 || abs < 0.0 {
            return Err(err::value_error("tolerances must be non-negative"));
        }
        if x == y {
            return Ok(long::bool_from(true));
        }
        if x.is_infinite() || y.is_infinite() {
            return Ok(long::bool_from(false));
        }
        let diff = (y - x).abs();
        Ok(long::bool_from(diff <= (rel * y).abs() || diff <= (rel * x).abs() || diff <= abs))
    }
}
fastcall! {
    /// `math.modf(x, /)`.
    fn m_modf(_m, a = Sig::new("modf", &[pos("x")])) {
        let x = dbl(a.req(0))?;
        let (f, i) = if x.is_infinite() {
            (0f64.copysign(x), x)
        } else if x.is_nan() {
            (x, x)
        } else {
            c_modf(x)
        };
        tuple::from_owned(vec![float::from_f64(f)?, float::from_f64(i)?])
    }
}
fastcall! {
    /// `math.frexp(x, /)`.
    fn m_frexp(_m, a = Sig::new("frexp", &[pos("x")])) {
        let x = dbl(a.req(0))?;
        let (m, e) = if x.is_nan() || x.is_infinite() || x == 0.0 { (x, 0) } else { c_frexp(x) };
        tuple::from_owned(vec![float::from_f64(m)?, long::from_i64(e as i64)?])
    }
}
fastcall! {
    /// `math.ldexp(x, i, /)`.
    fn m_ldexp(_m, a = Sig::new("ldexp", &[pos("x"), pos("i")])) {
        let x = dbl(a.req(0))?;
        let i = a.req(1);
        if !long::check(i) {
            return Err(err::type_error("Expected an int as second argument to ldexp."));
        }
        let e = long::to_bigint(i);
        let r = if x == 0.0 || !x.is_finite() {
            x
        } else if e > BigInt::from(i32::MAX) {
            return Err(range());
        } else if e < BigInt::from(i32::MIN) {
            0f64.copysign(x)
        } else {
            let r = c_ldexp(x, e.to_i32().unwrap_or(0));
            if r.is_infinite() {
                return Err(range());
            }
            r
        };
        float::from_f64(r)
    }
}
fastcall! {
    /// `math.degrees(x, /)`.
    fn m_degrees(_m, a = Sig::new("degrees", &[pos("x")])) {
        float::from_f64(dbl(a.req(0))? * (180.0 / std::f64::consts::PI))
    }
}
fastcall! {
    /// `math.radians(x, /)`.
    fn m_radians(_m, a = Sig::new("radians", &[pos("x")])) {
        float::from_f64(dbl(a.req(0))? * (std::f64::consts::PI / 180.0))
    }
}

/// CPython's `vector_norm` (3.12): exact squares and sums with a
/// differential correction.
fn vector_norm(vec: &mut [f64], max: f64, found_nan: bool) -> f64 {
    if max.is_infinite() {
        return max;
    }
    if found_nan {
        return f64::NAN;
    }
    if max == 0.0 || vec.len() <= 1 {
        return max;
    }
    let (_, max_e) = c_frexp(max);
    if max_e < -1023 {
        for v in vec.iter_mut() {
            *v /= f64::MIN_POSITIVE;
        }
        return f64::MIN_POSITIVE * vector_norm(vec, max / f64::MIN_POSITIVE, found_nan);
    }
    let scale = c_ldexp(1.0, -max_e);
    let (mut csum, mut frac1, mut frac2) = (1.0f64, 0.0f64, 0.0f64);
    let dl_mul = |x: f64, y: f64| {
        let z = x * y;
        (z, x.mul_add(y, -z))
    };
    let dl_fast_sum = |a: f64, b: f64| {
        let x = a + b;
        (x, (a - x) + b)
    };
    for &v in vec.iter() {
        let x = v * scale;
        let (hi, lo) = dl_mul(x, x);
        let (shi, slo) = dl_fast_sum(csum, hi);
        csum = shi;
        frac1 += lo;
        frac2 += slo;
    }
    let mut h = sqrt(csum - 1.0 + (frac1 + frac2));
    let (hi, lo) = dl_mul(-h, h);
    let (shi, slo) = dl_fast_sum(csum, hi);
    csum = shi;
    frac1 += lo;
    frac2 += slo;
    let x = csum - 1.0 + (frac1 + frac2);
    h += x / (2.0 * h);
    h / scale
}

fastcall_varargs! {
    /// `math.hypot(*coordinates)`.
    fn m_hypot(_m, *star, _a = Sig::new("hypot", &[])) {
        let mut v = Vec::with_capacity(star.len());
        let (mut max, mut nan) = (0.0f64, false);
        for &o in star {
            let x = dbl(o)?.abs();
            nan |= x.is_nan();
            if x > max {
                max = x;
            }
            v.push(x);
        }
        float::from_f64(vector_norm(&mut v, max, nan))
    }
}
fastcall! {
    /// `math.dist(p, q, /)`.
    fn m_dist(_m, a = Sig::new("dist", &[pos("p"), pos("q")])) {
        let p = if tuple::check(a.req(0)) { Owned::from_borrowed(a.req(0)) } else { abstract_::to_tuple(a.req(0))? };
        let q = if tuple::check(a.req(1)) { Owned::from_borrowed(a.req(1)) } else { abstract_::to_tuple(a.req(1))? };
        let n = tuple::size(p.as_ptr());
        if n != tuple::size(q.as_ptr()) {
            return Err(err::value_error("both points must have the same number of dimensions"));
        }
        let mut v = Vec::with_capacity(n as usize);
        let (mut max, mut nan) = (0.0f64, false);
        for i in 0..n {
            let px = dbl(tuple::item(p.as_ptr(), i))?;
            let qx = dbl(tuple::item(q.as_ptr(), i))?;
            let x = (px - qx).abs();
            nan |= x.is_nan();
            if x > max {
                max = x;
            }
            v.push(x);
        }
        float::from_f64(vector_norm(&mut v, max, nan))
    }
}

fastcall! {
    /// `math.fsum(seq, /)`: Shewchuk's exact partials, as CPython.
    fn m_fsum(_m, a = Sig::new("fsum", &[pos("seq")])) {
        let it = iterobject::get_iter(a.req(0))?;
        let mut p: Vec<f64> = Vec::new();
        let (mut special_sum, mut inf_sum) = (0.0f64, 0.0f64);
        while let Some(item) = iterobject::next(it.as_ptr())? {
            let mut x = dbl(item.as_ptr())?;
            let xsave = x;
            let mut i = 0;
            for j in 0..p.len() {
                let mut y = p[j];
                if x.abs() < y.abs() {
                    std::mem::swap(&mut x, &mut y);
                }
                let hi = x + y;
                let yr = hi - x;
                let lo = y - yr;
                if lo != 0.0 {
                    p[i] = lo;
                    i += 1;
                }
                x = hi;
            }
            p.truncate(i);
            if x != 0.0 {
                if !x.is_finite() {
                    if xsave.is_finite() {
                        return Err(err::overflow_error("intermediate overflow in fsum"));
                    }
                    if xsave.is_infinite() {
                        inf_sum += xsave;
                    }
                    special_sum += xsave;
                    p.clear();
                } else {
                    p.push(x);
                }
            }
        }
        if special_sum != 0.0 {
            if inf_sum.is_nan() {
                return Err(err::value_error("-inf + inf in fsum"));
            }
            return float::from_f64(special_sum);
        }
        let mut hi = 0.0f64;
        let mut lo = 0.0f64;
        let mut n = p.len();
        if n > 0 {
            n -= 1;
            hi = p[n];
            while n > 0 {
                let x = hi;
                n -= 1;
                let y = p[n];
                hi = x + y;
                let yr = hi - x;
                lo = y - yr;
                if lo != 0.0 {
                    break;
                }
            }
            if n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0)) {
                let y = lo * 2.0;
                let x = hi + y;
                let yr = x - hi;
                if y == yr {
                    hi = x;
                }
            }
        }
        float::from_f64(hi)
    }
}

fastcall! {
    /// `math.prod(iterable, /, *, start=1)`.
    fn m_prod(_m, a = Sig::new("prod", &[pos("iterable"), kw_opt("start")])) {
        let it = iterobject::get_iter(a.req(0))?;
        let mut acc = match a.get(1) {
            Some(s) => Owned::from_borrowed(s),
            None => long::from_i64(1)?,
        };
        while let Some(item) = iterobject::next(it.as_ptr())? {
            acc = number::binary(acc.as_ptr(), item.as_ptr(), number::BinOp::Multiply)?;
        }
        Ok(acc)
    }
}

/// CPython's `dl_sum`: an error-free sum.
fn dl_sum(a: f64, b: f64) -> (f64, f64) {
    let x = a + b;
    let z = x - a;
    (x, (a - (x - z)) + (b - z))
}

/// CPython's `tl_fma`: `x*y` added to a triple-length total.
fn tl_fma(x: f64, y: f64, t: (f64, f64, f64)) -> (f64, f64, f64) {
    let z = x * y;
    let (phi, plo) = (z, x.mul_add(y, -z));
    let sm = dl_sum(t.0, phi);
    let r1 = dl_sum(t.1, plo);
    let r2 = dl_sum(r1.0, sm.1);
    (sm.0, r2.0, t.2 + r1.1 + r2.1)
}

/// CPython's `tl_to_d`.
fn tl_to_d(t: (f64, f64, f64)) -> f64 {
    let last = dl_sum(t.1, t.0);
    t.2 + last.1 + last.0
}

fastcall! {
    /// `math.sumprod(p, q, /)`: CPython's exact-int and triple-length
    /// float paths, then generic `*` and `+`.
    fn m_sumprod(_m, a = Sig::new("sumprod", &[pos("p"), pos("q")])) {
        use crate::runtime::lifecycle;
        let p_it = iterobject::get_iter(a.req(0))?;
        let q_it = iterobject::get_iter(a.req(1))?;
        let mut total = long::from_i64(0)?;
        let (mut int_path, mut int_in_use, mut int_total) = (true, false, 0i64);
        let (mut flt_path, mut flt_in_use, mut flt_total) = (true, false, (0.0, 0.0, 0.0));
        let add = |total: &mut Owned, term: Owned| -> PyResult<()> {
            *total = number::binary(total.as_ptr(), term.as_ptr(), number::BinOp::Add)?;
            Ok(())
        };
        loop {
            let p_i = iterobject::next(p_it.as_ptr())?;
            let q_i = iterobject::next(q_it.as_ptr())?;
            if p_i.is_some() != q_i.is_some() {
                return Err(err::value_error("Inputs are not the same length"));
            }
            let pair = p_i.zip(q_i);
            if int_path {
                if let Some((p, q)) = &pair {
                    let (p, q) = (p.as_ptr(), q.as_ptr());
                    if (*p).ob_type == lifecycle::long_type() && (*q).ob_type == lifecycle::long_type() {
                        if let (long::Val::Small(x), long::Val::Small(y)) = (long::val(p), long::val(q)) {
                            if let Some(t) = x.checked_mul(y).and_then(|pr| int_total.checked_add(pr)) {
                                int_total = t;
                                int_in_use = true;
                                continue;
                            }
                        }
                    }
                }
                int_path = false;
                if int_in_use {
                    add(&mut total, long::from_i64(int_total)?)?;
                    int_in_use = false;
                }
            }
            if flt_path {
                let mut stepped = false;
                if let Some((p, q)) = &pair {
                    let (p, q) = (p.as_ptr(), q.as_ptr());
                    let ft = lifecycle::float_type();
                    let intish = |o: *mut PyObject| {
                        (*o).ob_type == lifecycle::long_type() || (*o).ob_type == lifecycle::bool_type()
                    };
                    let vals = if (*p).ob_type == ft && (*q).ob_type == ft {
                        Some((float::value(p), float::value(q)))
                    } else if (*p).ob_type == ft && intish(q) {
                        long::to_f64_exact(q).ok().map(|y| (float::value(p), y))
                    } else if (*q).ob_type == ft && intish(p) {
                        long::to_f64_exact(p).ok().map(|x| (x, float::value(q)))
                    } else {
                        None
                    };
                    if let Some((x, y)) = vals {
                        let t = tl_fma(x, y, flt_total);
                        if t.0.is_finite() {
                            flt_total = t;
                            flt_in_use = true;
                            stepped = true;
                        }
                    }
                }
                if stepped {
                    continue;
                }
                flt_path = false;
                if flt_in_use {
                    add(&mut total, float::from_f64(tl_to_d(flt_total))?)?;
                    flt_in_use = false;
                }
            }
            match pair {
                None => return Ok(total),
                Some((p, q)) => {
                    let term = number::binary(p.as_ptr(), q.as_ptr(), number::BinOp::Multiply)?;
                    add(&mut total, term)?;
                }
            }
        }
    }
}

/// `PyNumber_Index` as a big int.
unsafe fn big(v: *mut PyObject) -> PyResult<BigInt> {
    // SAFETY: forwarded.
    unsafe {
        let i = number::index(v)?;
        Ok(long::to_bigint(i.as_ptr()))
    }
}

/// The product of the integers in `lo..hi` (binary splitting).
fn range_prod(lo: &BigInt, hi: &BigInt) -> BigInt {
    let len = hi - lo;
    if len <= BigInt::from(16) {
        let mut r = BigInt::one();
        let mut k = lo.clone();
        while &k < hi {
            r *= &k;
            k += 1;
        }
        return r;
    }
    let mid: BigInt = lo + (len >> 1);
    range_prod(lo, &mid) * range_prod(&mid, hi)
}

fastcall! {
    /// `math.factorial(n, /)`.
    fn m_factorial(_m, a = Sig::new("factorial", &[pos("n")])) {
        let n = big(a.req(0))?;
        if n.is_negative() {
            return Err(err::value_error("factorial() not defined for negative values"));
        }
        if n > BigInt::from(i64::MAX) {
            return Err(err::overflow_error(&format!("factorial() argument should not exceed {}", i64::MAX)));
        }
        long::from_bigint(range_prod(&BigInt::one(), &(n + 1)))
    }
}
fastcall! {
    /// `math.isqrt(n, /)`.
    fn m_isqrt(_m, a = Sig::new("isqrt", &[pos("n")])) {
        let n = big(a.req(0))?;
        if n.is_negative() {
            return Err(err::value_error("isqrt() argument must be nonnegative"));
        }
        long::from_bigint(n.sqrt())
    }
}

unsafe fn gcd_lcm(star: &[*mut PyObject], lcm: bool) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if star.is_empty() {
            return long::from_i64(if lcm { 1 } else { 0 });
        }
        let mut r = big(star[0])?.abs();
        for &o in &star[1..] {
            let x = big(o)?;
            r = if lcm {
                if r.is_zero() || x.is_zero() {
                    BigInt::zero()
                } else {
                    r.lcm(&x)
                }
            } else {
                r.gcd(&x)
            };
        }
        long::from_bigint(r)
    }
}

fastcall_varargs! {
    /// `math.gcd(*integers)`.
    fn m_gcd(_m, *star, _a = Sig::new("gcd", &[])) { gcd_lcm(star, false) }
}
fastcall_varargs! {
    /// `math.lcm(*integers)`.
    fn m_lcm(_m, *star, _a = Sig::new("lcm", &[])) { gcd_lcm(star, true) }
}

unsafe fn n_k(n: *mut PyObject, k: *mut PyObject) -> PyResult<(BigInt, BigInt)> {
    // SAFETY: forwarded.
    unsafe {
        let n = big(n)?;
        let k = big(k)?;
        if n.is_negative() {
            return Err(err::value_error("n must be a non-negative integer"));
        }
        if k.is_negative() {
            return Err(err::value_error("k must be a non-negative integer"));
        }
        Ok((n, k))
    }
}

fastcall! {
    /// `math.comb(n, k, /)`.
    fn m_comb(_m, a = Sig::new("comb", &[pos("n"), pos("k")])) {
        let (n, mut k) = n_k(a.req(0), a.req(1))?;
        if k > n {
            return long::from_i64(0);
        }
        if &n - &k < k {
            k = &n - &k;
        }
        let num = range_prod(&(&n - &k + 1), &(&n + 1));
        let den = range_prod(&BigInt::one(), &(k + 1));
        long::from_bigint(num / den)
    }
}
fastcall! {
    /// `math.perm(n, k=None, /)`.
    fn m_perm(_m, a = Sig::new("perm", &[pos("n"), pos_opt("k")])) {
        if a.is_none(1) {
            let n = big(a.req(0))?;
            if n.is_negative() {
                return Err(err::value_error("n must be a non-negative integer"));
            }
            return long::from_bigint(range_prod(&BigInt::one(), &(n + 1)));
        }
        let (n, k) = n_k(a.req(0), a.req(1))?;
        if k > n {
            return long::from_i64(0);
        }
        long::from_bigint(range_prod(&(&n - &k + 1), &(n + 1)))
    }
}

fastcall! {
    /// `math.nextafter(x, y, /, *, steps=None)`.
    fn m_nextafter(_m, a = Sig::new("nextafter", &[pos("x"), pos("y"), kw_opt("steps")])) {
        let (x, y) = (dbl(a.req(0))?, dbl(a.req(1))?);
        if a.is_none(2) {
            return float::from_f64(c_nextafter(x, y));
        }
        let s = big(a.req(2))?;
        if s.is_negative() {
            return Err(err::value_error("steps must be a non-negative integer"));
        }
        let usteps = s.to_u64().unwrap_or(u64::MAX);
        if usteps == 0 || x.is_nan() {
            return float::from_f64(x);
        }
        if y.is_nan() {
            return float::from_f64(y);
        }
        let (ux, uy) = (x.to_bits(), y.to_bits());
        if ux == uy {
            return float::from_f64(x);
        }
        const SIGN: u64 = 1 << 63;
        let (ax, ay) = (ux & !SIGN, uy & !SIGN);
        let r = if (ux ^ uy) & SIGN != 0 {
            if ax + ay <= usteps {
                uy
            } else if ax < usteps {
                (uy & SIGN) | (usteps - ax)
            } else {
                ux - usteps
            }
        } else if ax > ay {
            if ax - ay >= usteps { ux - usteps } else { uy }
        } else if ay - ax >= usteps {
            ux + usteps
        } else {
            uy
        };
        float::from_f64(f64::from_bits(r))
    }
}
fastcall! {
    /// `math.ulp(x, /)`.
    fn m_ulp(_m, a = Sig::new("ulp", &[pos("x")])) {
        let x = dbl(a.req(0))?;
        if x.is_nan() {
            return float::from_f64(x);
        }
        let x = x.abs();
        if x.is_infinite() {
            return float::from_f64(x);
        }
        if x == f64::MAX {
            return float::from_f64(x - c_nextafter(x, 0.0));
        }
        float::from_f64(c_nextafter(x, f64::INFINITY) - x)
    }
}

/// A `METH_FASTCALL` entry (positional arguments only, keywords refused
/// by the caller with CPython's message) for a `fastcall_varargs!`
/// function.
const fn def_varargs(name: &'static CStr, m: clinic::Method) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        // SAFETY: stored under the signature its flags declare, as C code
        // does with `_PyCFunction_CAST`.
        ml_meth: Some(unsafe { std::mem::transmute::<clinic::Fastcall, clinic::Plain>(m.pos) }),
        ml_flags: crate::objects::methodobject::meth::FASTCALL,
        ml_doc: ptr::null(),
    }
}

static mut METHODS: [PyMethodDef; 57] = [
    def(c"acos", m_acos),
    def(c"acosh", m_acosh),
    def(c"asin", m_asin),
    def(c"asinh", m_asinh),
    def(c"atan", m_atan),
    def(c"atan2", m_atan2),
    def(c"atanh", m_atanh),
    def(c"cbrt", m_cbrt),
    def(c"ceil", m_ceil),
    def(c"comb", m_comb),
    def(c"copysign", m_copysign),
    def(c"cos", m_cos),
    def(c"cosh", m_cosh),
    def(c"degrees", m_degrees),
    def(c"dist", m_dist),
    def(c"erf", m_erf),
    def(c"erfc", m_erfc),
    def(c"exp", m_exp),
    def(c"exp2", m_exp2),
    def(c"expm1", m_expm1),
    def(c"fabs", m_fabs),
    def(c"factorial", m_factorial),
    def(c"floor", m_floor),
    def(c"fmod", m_fmod),
    def(c"frexp", m_frexp),
    def(c"fsum", m_fsum),
    def(c"gamma", m_gamma),
    def_varargs(c"gcd", m_gcd),
    def_varargs(c"hypot", m_hypot),
    def(c"isclose", m_isclose),
    def(c"isfinite", m_isfinite),
    def(c"isinf", m_isinf),
    def(c"isnan", m_isnan),
    def(c"isqrt", m_isqrt),
    def_varargs(c"lcm", m_lcm),
    def(c"ldexp", m_ldexp),
    def(c"lgamma", m_lgamma_f),
    def(c"log", m_log_f),
    def(c"log10", m_log10_f),
    def(c"log1p", m_log1p_f),
    def(c"log2", m_log2_f),
    def(c"modf", m_modf),
    def(c"nextafter", m_nextafter),
    def(c"perm", m_perm),
    def(c"pow", m_pow),
    def(c"prod", m_prod),
    def(c"radians", m_radians),
    def(c"remainder", m_remainder),
    def(c"sin", m_sin),
    def(c"sinh", m_sinh),
    def(c"sqrt", m_sqrt),
    def(c"sumprod", m_sumprod),
    def(c"tan", m_tan),
    def(c"tanh", m_tanh),
    def(c"trunc", m_trunc),
    def(c"ulp", m_ulp),
    crate::objects::typeobj::METHOD_END,
];

/// Creates the `math` module (for the builtin module table).
pub fn create_module() -> PyResult<Owned> {
    // SAFETY: the runtime is initialized; the method table is static.
    unsafe {
        let name = unicode::intern("math")?;
        let m = module::new(name.as_ptr())?;
        crate::objects::moduledef::add_functions(
            m.as_ptr(),
            ptr::addr_of_mut!(METHODS) as *mut PyMethodDef,
        )?;
        for (n, v) in [
            ("pi", std::f64::consts::PI),
            ("e", std::f64::consts::E),
            ("tau", std::f64::consts::TAU),
            ("inf", f64::INFINITY),
            ("nan", f64::NAN),
        ] {
            let f = float::from_f64(v)?;
            module::add_object_ref(m.as_ptr(), n, f.as_ptr())?;
        }
        Ok(m)
    }
}
