//! `complexobject.h` and `cpython/complexobject.h`: `complex` objects from
//! and to C values, and the arithmetic on `Py_complex` values
//! (`_Py_c_sum` & co.), which report division by zero and overflow
//! through `errno` as CPython's do. NULL objects raise `SystemError`
//! (CPython crashes).

use crate::boundary::*;
use crate::export;
use ophis_core::objects::complexobject::{self as complex, MathErr, Py_complex};
use ophis_core::objects::object::PyObject;
use std::ffi::c_int;

/// Linux's `EDOM`.
const EDOM: c_int = 33;
/// Linux's `ERANGE`.
const ERANGE: c_int = 34;

/// Sets C's `errno`, which callers of `_Py_c_quot`, `_Py_c_pow` and
/// `_Py_c_abs` read.
fn set_errno(n: c_int) {
    extern "C" {
        fn __errno_location() -> *mut c_int;
    }
    // SAFETY: glibc's thread-local errno slot.
    unsafe { *__errno_location() = n };
}

impl CReturn for Py_complex {
    /// `{-1.0, 0.0}`, `PyComplex_AsCComplex`'s error value.
    fn error() -> Self {
        Py_complex {
            real: -1.0,
            imag: 0.0,
        }
    }
}

export! {
    /// `PyComplex_FromDoubles(real, imag)`.
    fn PyComplex_FromDoubles(real: f64, imag: f64) -> *mut PyObject {
        obj(complex::from_doubles(real, imag))
    }
}
export! {
    /// `PyComplex_FromCComplex(v)`.
    fn PyComplex_FromCComplex(v: Py_complex) -> *mut PyObject { obj(complex::from_c(v)) }
}
export! {
    /// `PyComplex_RealAsDouble(op)`: the real part of a complex, else
    /// `PyFloat_AsDouble(op)`.
    fn PyComplex_RealAsDouble(op: *mut PyObject) -> f64 {
        if op.is_null() { return bad_call(); }
        value(complex::real_as_f64(op))
    }
}
export! {
    /// `PyComplex_ImagAsDouble(op)`: the imaginary part of a complex, else
    /// 0.0 (never an error but for NULL).
    fn PyComplex_ImagAsDouble(op: *mut PyObject) -> f64 {
        if op.is_null() { return bad_call(); }
        complex::imag_as_f64(op)
    }
}
export! {
    /// `PyComplex_AsCComplex(op)`: a complex's value, else `__complex__`'s,
    /// else the object as a float; `{-1.0, 0.0}` with an exception on
    /// failure.
    fn PyComplex_AsCComplex(op: *mut PyObject) -> Py_complex {
        if op.is_null() { return bad_call(); }
        value(complex::as_c(op))
    }
}
export! {
    /// `_Py_c_sum(a, b)`.
    fn _Py_c_sum(a: Py_complex, b: Py_complex) -> Py_complex { complex::c_sum(a, b) }
}
export! {
    /// `_Py_c_diff(a, b)`.
    fn _Py_c_diff(a: Py_complex, b: Py_complex) -> Py_complex { complex::c_diff(a, b) }
}
export! {
    /// `_Py_c_neg(a)`.
    fn _Py_c_neg(a: Py_complex) -> Py_complex { complex::c_neg(a) }
}
export! {
    /// `_Py_c_prod(a, b)`.
    fn _Py_c_prod(a: Py_complex, b: Py_complex) -> Py_complex { complex::c_prod(a, b) }
}
export! {
    /// `_Py_c_quot(a, b)`: `errno = EDOM` (and 0) for a zero divisor.
    fn _Py_c_quot(a: Py_complex, b: Py_complex) -> Py_complex {
        let (r, e) = complex::c_quot(a, b);
        if e.is_some() {
            set_errno(EDOM);
        }
        r
    }
}
export! {
    /// `_Py_c_pow(a, b)` through polar form: `errno = EDOM` (and 0) for
    /// zero to a negative or complex power; the C library's functions set
    /// `errno` on their own range errors, as under CPython.
    fn _Py_c_pow(a: Py_complex, b: Py_complex) -> Py_complex {
        let (r, e) = complex::c_pow(a, b);
        if e.is_some() {
            set_errno(EDOM);
        }
        r
    }
}
export! {
    /// `_Py_c_abs(z)`: `errno` is `ERANGE` when the modulus of a finite
    /// value overflows, else 0 (left alone for a NaN part without an
    /// infinite one, as CPython does).
    fn _Py_c_abs(z: Py_complex) -> f64 {
        let (r, e) = complex::c_abs(z);
        if e == Some(MathErr::Range) {
            set_errno(ERANGE);
        } else if z.real.is_infinite() || z.imag.is_infinite() || (z.real.is_finite() && z.imag.is_finite()) {
            set_errno(0);
        }
        r
    }
}
