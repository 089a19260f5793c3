//! `complex` (`PyComplex_Type`) in CPython's layout (`PyObject_HEAD`, then
//! `Py_complex cval` with `real` at 16 and `imag` at 24): the constructor
//! with CPython 3.12's rules (strings such as `" (1-2j) "`, `__complex__`,
//! `__float__` and `__index__`), the arithmetic of `Objects/complexobject.c`
//! (Smith's division, integral powers up to 100 by repeated squaring,
//! others through polar form, with CPython's `ZeroDivisionError` and
//! `OverflowError`), equality with ints and floats, CPython's hash
//! (`hash(real) + 1000003 * hash(imag)`), the `repr` that drops `.0` and
//! the real part when it is `+0`, and the methods (`conjugate`,
//! `__complex__`, `__getnewargs__`, `__format__`).
//!
//! The plain arithmetic on [`Py_complex`] values (`_Py_c_sum` & co.) is
//! here too: it never fails, and reports division by zero and range
//! errors as CPython's functions do through `errno`, as a [`MathErr`].

use crate::objects::exceptions::Exc;
use crate::objects::member::t as member_t;
use crate::objects::object::*;
use crate::objects::typeobj::{
    self, flags, PyMemberDef, PyMethodDef, PyNumberMethods, PyTypeObject,
};
use crate::protocols::clinic::{arg_opt, def, fastcall, pos, Sig};
use crate::runtime::alloc;
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::{objects::float, objects::long, objects::tuple, objects::unicode};
use crate::{protocols::abstract_, protocols::number, protocols::slotcall};
use std::ffi::c_int;
use std::ptr;

/// A complex value (`Py_complex`): two doubles, as C passes them.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Py_complex {
    /// The real part.
    pub real: f64,
    /// The imaginary part.
    pub imag: f64,
}

/// A `complex` object.
#[repr(C)]
pub struct PyComplexObject {
    /// Header.
    pub ob_base: PyObject,
    /// The value.
    pub cval: Py_complex,
}
const _: () = assert!(std::mem::offset_of!(PyComplexObject, cval) == 16);
const _: () = assert!(std::mem::size_of::<PyComplexObject>() == 32);

/// What CPython's complex functions report through `errno`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MathErr {
    /// `EDOM`: division by zero, zero to a negative or complex power.
    Domain,
    /// `ERANGE`: an infinite result from finite operands.
    Range,
}

/// `c_1`.
const ONE: Py_complex = Py_complex {
    real: 1.0,
    imag: 0.0,
};

/// `_Py_c_sum`.
pub fn c_sum(a: Py_complex, b: Py_complex) -> Py_complex {
    Py_complex {
        real: a.real + b.real,
        imag: a.imag + b.imag,
    }
}

/// `_Py_c_diff`.
pub fn c_diff(a: Py_complex, b: Py_complex) -> Py_complex {
    Py_complex {
        real: a.real - b.real,
        imag: a.imag - b.imag,
    }
}

/// `_Py_c_neg`.
pub fn c_neg(a: Py_complex) -> Py_complex {
    Py_complex {
        real: -a.real,
        imag: -a.imag,
    }
}

/// `_Py_c_prod`: the schoolbook product (no special cases).
pub fn c_prod(a: Py_complex, b: Py_complex) -> Py_complex {
    Py_complex {
        real: a.real * b.real - a.imag * b.imag,
        imag: a.real * b.imag + a.imag * b.real,
    }
}

/// `_Py_c_quot`: Smith's algorithm (divide through by the larger part of
/// the divisor). A zero divisor gives `0` and [`MathErr::Domain`]; a NaN
/// in the divisor gives NaNs.
pub fn c_quot(a: Py_complex, b: Py_complex) -> (Py_complex, Option<MathErr>) {
    let (abs_r, abs_i) = (b.real.abs(), b.imag.abs());
    if abs_r >= abs_i {
        if abs_r == 0.0 {
            return (Py_complex::default(), Some(MathErr::Domain));
        }
        let ratio = b.imag / b.real;
        let denom = b.real + b.imag * ratio;
        let r = Py_complex {
            real: (a.real + a.imag * ratio) / denom,
            imag: (a.imag - a.real * ratio) / denom,
        };
        (r, None)
    } else if abs_i >= abs_r {
        let ratio = b.real / b.imag;
        let denom = b.real * ratio + b.imag;
        let r = Py_complex {
            real: (a.real * ratio + a.imag) / denom,
            imag: (a.imag * ratio - a.real) / denom,
        };
        (r, None)
    } else {
        let nan = Py_complex {
            real: f64::NAN,
            imag: f64::NAN,
        };
        (nan, None)
    }
}

/// `_Py_c_pow`: through polar form; zero to a negative or complex power
/// is [`MathErr::Domain`] (with a zero result).
pub fn c_pow(a: Py_complex, b: Py_complex) -> (Py_complex, Option<MathErr>) {
    if b.real == 0.0 && b.imag == 0.0 {
        return (ONE, None);
    }
    if a.real == 0.0 && a.imag == 0.0 {
        let e = (b.imag != 0.0 || b.real < 0.0).then_some(MathErr::Domain);
        return (Py_complex::default(), e);
    }
    let vabs = a.real.hypot(a.imag);
    let mut len = vabs.powf(b.real);
    let at = a.imag.atan2(a.real);
    let mut phase = at * b.real;
    if b.imag != 0.0 {
        len /= (at * b.imag).exp();
        phase += b.imag * vabs.ln();
    }
    let r = Py_complex {
        real: len * phase.cos(),
        imag: len * phase.sin(),
    };
    (r, None)
}

/// `x ** n` for `n >= 0` by repeated squaring, multiplying in CPython's
/// order (`c_powu`).
fn powu(x: Py_complex, n: i64) -> Py_complex {
    let (mut r, mut p) = (ONE, x);
    let mut mask: i64 = 1;
    while mask > 0 && n >= mask {
        if n & mask != 0 {
            r = c_prod(r, p);
        }
        mask <<= 1;
        p = c_prod(p, p);
    }
    r
}

/// `x ** n` for an integral `n` (`c_powi`).
fn powi(x: Py_complex, n: i64) -> (Py_complex, Option<MathErr>) {
    if n > 0 {
        (powu(x, n), None)
    } else {
        c_quot(ONE, powu(x, -n))
    }
}

/// `complex.__pow__`'s computation: integral exponents of at most 100 in
/// magnitude by repeated squaring, others through [`c_pow`]; an infinite
/// part in the result is [`MathErr::Range`] (`_Py_ADJUST_ERANGE2`).
pub fn pow(a: Py_complex, b: Py_complex) -> Result<Py_complex, MathErr> {
    let (r, e) = if b.imag == 0.0 && b.real == b.real.floor() && b.real.abs() <= 100.0 {
        powi(a, b.real as i64)
    } else {
        c_pow(a, b)
    };
    if let Some(e) = e {
        return Err(e);
    }
    if r.real.is_infinite() || r.imag.is_infinite() {
        return Err(MathErr::Range);
    }
    Ok(r)
}

/// `_Py_c_abs`: C99's rules (an infinite part wins over a NaN); a finite
/// value whose modulus overflows is [`MathErr::Range`] (with the infinite
/// result).
pub fn c_abs(z: Py_complex) -> (f64, Option<MathErr>) {
    if !z.real.is_finite() || !z.imag.is_finite() {
        if z.real.is_infinite() {
            return (z.real.abs(), None);
        }
        if z.imag.is_infinite() {
            return (z.imag.abs(), None);
        }
        return (f64::NAN, None);
    }
    let r = z.real.hypot(z.imag);
    (r, (!r.is_finite()).then_some(MathErr::Range))
}

static mut COMPLEX_AS_NUMBER: PyNumberMethods = {
    // SAFETY: an all-zero table is a table of absent slots.
    let mut n: PyNumberMethods = unsafe { std::mem::zeroed() };
    n.nb_add = Some(complex_add);
    n.nb_subtract = Some(complex_sub);
    n.nb_multiply = Some(complex_mul);
    n.nb_power = Some(complex_pow);
    n.nb_negative = Some(complex_neg);
    n.nb_positive = Some(complex_pos);
    n.nb_absolute = Some(complex_abs);
    n.nb_bool = Some(complex_bool);
    n.nb_true_divide = Some(complex_div);
    n
};

static mut COMPLEX_MEMBERS: [PyMemberDef; 3] = [
    PyMemberDef {
        name: c"real".as_ptr(),
        type_code: member_t::DOUBLE,
        offset: std::mem::offset_of!(PyComplexObject, cval.real) as isize,
        flags: member_t::READONLY,
        doc: c"the real part of a complex number".as_ptr(),
    },
    PyMemberDef {
        name: c"imag".as_ptr(),
        type_code: member_t::DOUBLE,
        offset: std::mem::offset_of!(PyComplexObject, cval.imag) as isize,
        flags: member_t::READONLY,
        doc: c"the imaginary part of a complex number".as_ptr(),
    },
    crate::objects::member::MEMBER_END,
];

/// A method entry with its docstring.
const fn doc(mut d: PyMethodDef, text: &'static std::ffi::CStr) -> PyMethodDef {
    d.ml_doc = text.as_ptr();
    d
}

static mut COMPLEX_METHODS: [PyMethodDef; 5] = [
    doc(
        def(c"conjugate", complex_conjugate),
        c"conjugate($self, /)\n--\n\nReturn the complex conjugate of its argument. (3-4j).conjugate() == 3+4j.",
    ),
    doc(
        def(c"__complex__", complex_complex),
        c"__complex__($self, /)\n--\n\nConvert this value to exact type complex.",
    ),
    def(c"__getnewargs__", complex_getnewargs),
    doc(
        def(c"__format__", complex_format),
        c"__format__($self, format_spec, /)\n--\n\nConvert to a string according to format_spec.",
    ),
    typeobj::METHOD_END,
];

/// Fills in `complex`. Start-up only.
pub(crate) unsafe fn init_type() {
    // SAFETY: start-up, exclusive access to the static type.
    unsafe {
        let t = lifecycle::complex_type();
        (*t).ob_base.ob_base = static_header(lifecycle::type_type());
        (*t).tp_name = c"complex".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<PyComplexObject>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::BASETYPE | flags::IMMUTABLETYPE;
        (*t).tp_dealloc = Some(complex_dealloc);
        (*t).tp_repr = Some(complex_repr);
        (*t).tp_hash = Some(complex_hash);
        (*t).tp_richcompare = Some(complex_richcompare);
        (*t).tp_getattro = lifecycle::c_api_slots().getattro;
        (*t).tp_as_number = ptr::addr_of_mut!(COMPLEX_AS_NUMBER);
        (*t).tp_members = ptr::addr_of_mut!(COMPLEX_MEMBERS).cast();
        (*t).tp_methods = ptr::addr_of_mut!(COMPLEX_METHODS).cast();
        (*t).tp_new = Some(complex_new);
        (*t).tp_doc = c"complex(real=0, imag=0)\n--\n\nCreate a complex number from a real part and an optional imaginary part.\n\nThis is equivalent to (real + imag*1j) where imag defaults to 0.".as_ptr();
    }
}

/// Readies `complex`. Start-up only.
pub(crate) unsafe fn ready_type() {
    // SAFETY: start-up.
    if unsafe { typeobj::ready_static(lifecycle::complex_type()) }.is_err() {
        lifecycle::fatal("Py_Initialize", "cannot ready the complex type");
    }
}

/// `PyComplex_Check`: a complex or an instance of a subclass.
///
/// # Safety
/// `op` must be live.
#[inline]
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe {
        (*op).ob_type == lifecycle::complex_type()
            || typeobj::is_subtype((*op).ob_type, lifecycle::complex_type())
    }
}

/// `PyComplex_CheckExact`.
///
/// # Safety
/// `op` must be live.
#[inline]
pub unsafe fn check_exact(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { (*op).ob_type == lifecycle::complex_type() }
}

/// The value of a complex.
///
/// # Safety
/// `op` must be a live complex (or subclass instance).
#[inline]
pub unsafe fn value(op: *mut PyObject) -> Py_complex {
    // SAFETY: forwarded.
    unsafe { (*(op as *mut PyComplexObject)).cval }
}

/// `PyComplex_FromCComplex`: a new exact complex.
pub fn from_c(v: Py_complex) -> PyResult<Owned> {
    // SAFETY: a complex object; the value is written before use.
    unsafe {
        let op = alloc::new_object_uninit(
            lifecycle::complex_type(),
            std::mem::size_of::<PyComplexObject>(),
        )?;
        (*(op as *mut PyComplexObject)).cval = v;
        Ok(Owned::from_raw(op))
    }
}

/// `PyComplex_FromDoubles`.
pub fn from_doubles(real: f64, imag: f64) -> PyResult<Owned> {
    from_c(Py_complex { real, imag })
}

/// An instance of `t` (complex or a subclass) holding `v`
/// (`complex_subtype_from_c_complex`).
///
/// # Safety
/// `t` must be a live subtype of complex.
unsafe fn subtype_from_c(t: *mut PyTypeObject, v: Py_complex) -> PyResult<Owned> {
    // SAFETY: `tp_alloc` makes a zeroed instance of `t`, whose layout
    // starts with a complex's.
    unsafe {
        if t == lifecycle::complex_type() {
            return from_c(v);
        }
        let Some(alloc_fn) = (*t).tp_alloc else {
            return Err(err::bad_argument());
        };
        let op = err::from_ptr(alloc_fn(t, 0))?;
        (*(op.as_ptr() as *mut PyComplexObject)).cval = v;
        Ok(op)
    }
}

/// `__complex__` of `op`, if its type has one: its result must be a
/// complex (an instance of a subclass is deprecated, and warned about).
///
/// # Safety
/// `op` must be live.
unsafe fn complex_dunder(op: *mut PyObject) -> PyResult<Option<Owned>> {
    // SAFETY: forwarded; the result is checked before it is read.
    unsafe {
        let Some(r) = slotcall::call_dunder(op, "__complex__", &[])? else {
            return Ok(None);
        };
        if check_exact(r.as_ptr()) {
            return Ok(Some(r));
        }
        let tn = typeobj::full_name((*r.as_ptr()).ob_type);
        if !check(r.as_ptr()) {
            return Err(err::type_error(&format!(
                "__complex__ returned non-complex (type {tn})"
            )));
        }
        crate::runtime::report::warn(
            crate::objects::exceptions::get(Exc::DeprecationWarning),
            &format!(
                "__complex__ returned non-complex (type {tn}).  The ability to return an \
                 instance of a strict subclass of complex is deprecated, and may be removed \
                 in a future version of Python."
            ),
        )?;
        Ok(Some(r))
    }
}

/// `PyComplex_AsCComplex`: a complex's value, else `__complex__`'s, else
/// the object as a float (`__float__`, `__index__`) with a zero imaginary
/// part.
///
/// # Safety
/// `op` must be live.
pub unsafe fn as_c(op: *mut PyObject) -> PyResult<Py_complex> {
    // SAFETY: forwarded.
    unsafe {
        if check(op) {
            return Ok(value(op));
        }
        if let Some(c) = complex_dunder(op)? {
            return Ok(value(c.as_ptr()));
        }
        Ok(Py_complex {
            real: float::as_f64(op)?,
            imag: 0.0,
        })
    }
}

/// `PyComplex_RealAsDouble`: a complex's real part, else the object as a
/// float.
///
/// # Safety
/// `op` must be live.
pub unsafe fn real_as_f64(op: *mut PyObject) -> PyResult<f64> {
    // SAFETY: forwarded.
    unsafe {
        if check(op) {
            Ok(value(op).real)
        } else {
            float::as_f64(op)
        }
    }
}

/// `PyComplex_ImagAsDouble`: a complex's imaginary part, else 0.
///
/// # Safety
/// `op` must be live.
pub unsafe fn imag_as_f64(op: *mut PyObject) -> f64 {
    // SAFETY: forwarded.
    unsafe {
        if check(op) {
            value(op).imag
        } else {
            0.0
        }
    }
}

// ---- repr and hash ------------------------------------------------------

/// `repr(x)` of a double without the `.0` of integral values
/// (`PyOS_double_to_string(x, 'r', 0, 0)`), with a `+` when `sign`.
fn part_repr(x: f64, sign: bool) -> String {
    let mut s = float::repr(x);
    if let Some(t) = s.strip_suffix(".0") {
        s = t.to_string();
    }
    if sign && !s.starts_with('-') {
        s.insert(0, '+');
    }
    s
}

/// CPython's `repr(complex)`: `1j`, `(1+2j)`, `-0j`, `(-0-0j)`,
/// `(nan+infj)`. The real part is left out only when it is `+0.0`.
pub fn repr(v: Py_complex) -> String {
    if v.real == 0.0 && v.real.is_sign_positive() {
        format!("{}j", part_repr(v.imag, false))
    } else {
        format!("({}{}j)", part_repr(v.real, false), part_repr(v.imag, true))
    }
}

/// `_PyHASH_IMAG`.
const HASH_IMAG: u64 = 1000003;

/// CPython's hash of a complex from the hashes of its parts (NaN parts
/// hash as the object's identity, the caller's `nan_hash`).
pub fn hash_parts(v: Py_complex, nan_hash: isize) -> isize {
    let h = |x: f64| {
        if x.is_nan() {
            nan_hash
        } else {
            float::hash_f64(x)
        }
    };
    let combined = (h(v.real) as u64).wrapping_add(HASH_IMAG.wrapping_mul(h(v.imag) as u64));
    let combined = combined as i64 as isize;
    if combined == -1 {
        -2
    } else {
        combined
    }
}

// ---- slots ----------------------------------------------------------------

unsafe extern "C" fn complex_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; an exact complex owns nothing else.
    unsafe { alloc::free_object(op) }
}

unsafe extern "C" fn complex_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a complex.
    err::into_ptr(unicode::from_ascii(&repr(unsafe { value(op) })))
}

unsafe extern "C" fn complex_hash(op: *mut PyObject) -> isize {
    // SAFETY: slot on a complex.
    unsafe { hash_parts(value(op), crate::protocols::attr::pointer_hash(op)) }
}

unsafe extern "C" fn complex_bool(op: *mut PyObject) -> c_int {
    // SAFETY: slot on a complex.
    let v = unsafe { value(op) };
    c_int::from(v.real != 0.0 || v.imag != 0.0)
}

/// An operand as a complex: `Ok(None)` when it is not a complex, int or
/// float (`to_complex`); an int too large for a float raises
/// `OverflowError`.
///
/// # Safety
/// `op` live.
unsafe fn operand(op: *mut PyObject) -> PyResult<Option<Py_complex>> {
    // SAFETY: forwarded.
    unsafe {
        if check(op) {
            return Ok(Some(value(op)));
        }
        if long::check(op) {
            return Ok(Some(Py_complex {
                real: long::to_f64_exact(op)?,
                imag: 0.0,
            }));
        }
        if float::check(op) {
            return Ok(Some(Py_complex {
                real: float::value(op),
                imag: 0.0,
            }));
        }
        Ok(None)
    }
}

/// A binary slot over two complex values.
macro_rules! binary {
    ($name:ident, $f:expr) => {
        unsafe extern "C" fn $name(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
            // SAFETY: slot: live operands; the left one is converted first,
            // as CPython's `TO_COMPLEX` does.
            unsafe {
                let x = match operand(a) {
                    Ok(Some(x)) => x,
                    Ok(None) => return new_ref(lifecycle::not_implemented()),
                    Err(e) => return e.into(),
                };
                let y = match operand(b) {
                    Ok(Some(y)) => y,
                    Ok(None) => return new_ref(lifecycle::not_implemented()),
                    Err(e) => return e.into(),
                };
                let f: fn(Py_complex, Py_complex) -> PyResult<Owned> = $f;
                err::into_ptr(f(x, y))
            }
        }
    };
}

binary!(complex_add, |x, y| from_c(c_sum(x, y)));
binary!(complex_sub, |x, y| from_c(c_diff(x, y)));
binary!(complex_mul, |x, y| from_c(c_prod(x, y)));
binary!(complex_div, |x, y| match c_quot(x, y) {
    (_, Some(_)) => Err(err::raise(
        Exc::ZeroDivisionError,
        "complex division by zero"
    )),
    (q, None) => from_c(q),
});

/// `x ** y` on complex values with CPython's errors.
pub fn pow_result(x: Py_complex, y: Py_complex) -> PyResult<Owned> {
    match pow(x, y) {
        Ok(r) => from_c(r),
        Err(MathErr::Domain) => Err(err::raise(
            Exc::ZeroDivisionError,
            "0.0 to a negative or complex power",
        )),
        Err(MathErr::Range) => Err(err::overflow_error("complex exponentiation")),
    }
}

/// `nb_power` of `complex`; also what `float ** float` defers to for a
/// negative base and a fractional exponent.
///
/// # Safety
/// Slot contract: live operands, `c` None or the modulus.
pub(crate) unsafe extern "C" fn complex_pow(
    a: *mut PyObject,
    b: *mut PyObject,
    c: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot: live operands.
    unsafe {
        let x = match operand(a) {
            Ok(Some(x)) => x,
            Ok(None) => return new_ref(lifecycle::not_implemented()),
            Err(e) => return e.into(),
        };
        let y = match operand(b) {
            Ok(Some(y)) => y,
            Ok(None) => return new_ref(lifecycle::not_implemented()),
            Err(e) => return e.into(),
        };
        if c != lifecycle::none() {
            return err::value_error("complex modulo").into();
        }
        err::into_ptr(pow_result(x, y))
    }
}

unsafe extern "C" fn complex_neg(a: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a complex.
    err::into_ptr(from_c(c_neg(unsafe { value(a) })))
}

/// `+x`: the complex itself when exact, a plain complex for a subclass.
unsafe extern "C" fn complex_pos(a: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a complex.
    unsafe {
        if check_exact(a) {
            return new_ref(a);
        }
        err::into_ptr(from_c(value(a)))
    }
}

unsafe extern "C" fn complex_abs(a: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a complex.
    match c_abs(unsafe { value(a) }) {
        (_, Some(_)) => err::overflow_error("absolute value too large").into(),
        (r, None) => err::into_ptr(float::from_f64(r)),
    }
}

/// Equality with complex, int and float (an int compares exactly with the
/// real part when the imaginary part is zero); ordering is not defined.
unsafe extern "C" fn complex_richcompare(
    v: *mut PyObject,
    w: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: slot: live operands.
    unsafe {
        if (op != abstract_::EQ && op != abstract_::NE) || !check(v) {
            return new_ref(lifecycle::not_implemented());
        }
        let i = value(v);
        let equal = if long::check(w) {
            if i.imag == 0.0 {
                let j = match float::from_f64(i.real) {
                    Ok(j) => j,
                    Err(e) => return e.into(),
                };
                return err::into_ptr(abstract_::rich_compare(j.as_ptr(), w, op));
            }
            false
        } else if float::check(w) {
            i.real == float::value(w) && i.imag == 0.0
        } else if check(w) {
            let j = value(w);
            i.real == j.real && i.imag == j.imag
        } else {
            return new_ref(lifecycle::not_implemented());
        };
        long::bool_from(equal == (op == abstract_::EQ)).into_raw()
    }
}

// ---- the constructor --------------------------------------------------------

static NEW_SIG: Sig = Sig::new("complex", &[arg_opt("real"), arg_opt("imag")]);

unsafe extern "C" fn complex_new(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract: `t` a subtype of complex, `args` a tuple,
    // `kw` NULL or a dict.
    unsafe {
        err::into_ptr(
            NEW_SIG
                .bind_call::<2>(args, kw)
                .and_then(|a| new_impl(t, a.get(0), a.get(1))),
        )
    }
}

/// Whether `op` can be a number argument of `complex()`: it has
/// `__float__` or `__index__`, or is a complex.
///
/// # Safety
/// `op` live.
unsafe fn is_number(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe {
        let nb = (*(*op).ob_type).tp_as_number;
        !nb.is_null() && ((*nb).nb_float.is_some() || (*nb).nb_index.is_some() || check(op))
    }
}

/// `complex(real, imag)` (`complex_new_impl`).
///
/// # Safety
/// `t` a subtype of complex; the arguments live.
unsafe fn new_impl(
    t: *mut PyTypeObject,
    r: Option<*mut PyObject>,
    i: Option<*mut PyObject>,
) -> PyResult<Owned> {
    // SAFETY: forwarded; every object read is checked first.
    unsafe {
        let zero;
        let r = match r {
            Some(r) => r,
            None => {
                zero = long::from_i64(0)?;
                zero.as_ptr()
            }
        };
        if check_exact(r) && i.is_none() && t == lifecycle::complex_type() {
            return Ok(Owned::from_borrowed(r));
        }
        if unicode::check(r) {
            if i.is_some() {
                return Err(err::type_error(
                    "complex() can't take second arg if first is a string",
                ));
            }
            return from_string(t, r);
        }
        if i.is_some_and(|i| unicode::check(i)) {
            return Err(err::type_error("complex() second arg can't be a string"));
        }
        let own_r = complex_dunder(r)?;
        let r = own_r.as_ref().map_or(r, Owned::as_ptr);
        if !is_number(r) {
            return Err(err::type_error(&format!(
                "complex() first argument must be a string or a number, not '{}'",
                typeobj::full_name((*r).ob_type)
            )));
        }
        if let Some(i) = i {
            if !is_number(i) {
                return Err(err::type_error(&format!(
                    "complex() second argument must be a number, not '{}'",
                    typeobj::full_name((*i).ob_type)
                )));
            }
        }
        // The parts may themselves be complex: real + imag*1j.
        let (cr, cr_is_complex) = if check(r) {
            (value(r), true)
        } else {
            let f = number::to_float(r)?;
            let x = Py_complex {
                real: float::value(f.as_ptr()),
                imag: 0.0,
            };
            (x, false)
        };
        drop(own_r);
        let mut real = cr.real;
        let imag = match i {
            None => cr.imag,
            Some(i) => {
                let ci = if check(i) {
                    value(i)
                } else {
                    let f = number::to_float(i)?;
                    Py_complex {
                        real: float::value(f.as_ptr()),
                        imag: 0.0,
                    }
                };
                real -= ci.imag;
                if cr_is_complex {
                    ci.real + cr.imag
                } else {
                    ci.real
                }
            }
        };
        subtype_from_c(t, Py_complex { real, imag })
    }
}

/// `complex(str)`: CPython's text rules (`_PyUnicode_TransformDecimalAndSpaceToASCII`,
/// then the underscore check, then the complex grammar).
///
/// # Safety
/// `t` a subtype of complex, `s` a live str.
unsafe fn from_string(t: *mut PyTypeObject, s: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let text = ascii_transform(unicode::chars(s));
        let cleaned = match strip_underscores(&text) {
            Some(c) => c,
            None => {
                return Err(err::value_error(&format!(
                    "could not convert string to complex: {}",
                    abstract_::repr_string(s)?
                )))
            }
        };
        match parse(&cleaned) {
            Some(v) => subtype_from_c(t, v),
            None => Err(err::value_error("complex() arg is a malformed string")),
        }
    }
}

/// CPython's `_PyUnicode_TransformDecimalAndSpaceToASCII`: ASCII (below
/// DEL) kept, other white space a space, other decimal digits their ASCII
/// digit; at the first other character a `?`, which ends the text.
fn ascii_transform(chars: impl Iterator<Item = u32>) -> Vec<u8> {
    let mut out = Vec::new();
    for c in chars {
        if c < 127 {
            out.push(c as u8);
            continue;
        }
        if crate::objects::strmethods::is_space(c) {
            out.push(b' ');
        } else if let Some(d) = char::from_u32(c).and_then(long::decimal_value) {
            out.push(b'0' + d as u8);
        } else {
            out.push(b'?');
            break;
        }
    }
    out
}

/// CPython's `_Py_string_to_number_with_underscores` check: underscores
/// only between digits, and no NUL inside; `None` when the text breaks it.
/// Text without underscores is returned as it is.
fn strip_underscores(s: &[u8]) -> Option<Vec<u8>> {
    if !s.contains(&b'_') {
        return Some(s.to_vec());
    }
    let mut out = Vec::with_capacity(s.len());
    let mut prev = 0u8;
    for &c in s {
        if c == 0 {
            return None;
        }
        if c == b'_' {
            if !prev.is_ascii_digit() {
                return None;
            }
        } else {
            out.push(c);
            if prev == b'_' && !c.is_ascii_digit() {
                return None;
            }
        }
        prev = c;
    }
    (prev != b'_').then_some(out)
}

/// C's `isspace` on ASCII.
fn is_c_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// The longest prefix of `s` that is a float as `PyOS_string_to_double`
/// reads one (decimal digits with an optional point and exponent, or
/// `inf`/`infinity`/`nan` in any case, each after an optional sign):
/// the value and the length read.
pub fn scan_float(s: &[u8]) -> Option<(f64, usize)> {
    let at = |i: usize| s.get(i).copied().unwrap_or(0);
    let mut i = usize::from(matches!(at(0), b'+' | b'-'));
    let int_digits = s[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if at(i) == b'.' {
        frac_digits = s[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if int_digits + frac_digits > 0 {
            i += 1 + frac_digits;
        }
    }
    if int_digits + frac_digits > 0 {
        if matches!(at(i), b'e' | b'E') {
            let mut j = i + 1;
            if matches!(at(j), b'+' | b'-') {
                j += 1;
            }
            let exp_digits = s[j.min(s.len())..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if exp_digits > 0 {
                i = j + exp_digits;
            }
        }
        let text = std::str::from_utf8(&s[..i]).ok()?;
        return text.parse::<f64>().ok().map(|v| (v, i));
    }
    // inf, infinity, nan (the sign read here too)
    let neg = at(0) == b'-';
    let j = usize::from(matches!(at(0), b'+' | b'-'));
    let rest = &s[j..];
    let starts = |w: &[u8]| rest.len() >= w.len() && rest[..w.len()].eq_ignore_ascii_case(w);
    let (v, n) = if starts(b"infinity") {
        (f64::INFINITY, 8)
    } else if starts(b"inf") {
        (f64::INFINITY, 3)
    } else if starts(b"nan") {
        (f64::NAN, 3)
    } else {
        return None;
    };
    Some((if neg { -v } else { v }, j + n))
}

/// Parses complex text as `complex()` does after the transformations
/// (`complex_from_string_inner`): `<float>`, `<float>j`,
/// `<float><signed-float>j`, `<float><sign>j`, `<sign>j`, `j`, inside
/// optional parentheses, with white space around.
pub fn parse(text: &[u8]) -> Option<Py_complex> {
    let at = |i: usize| text.get(i).copied().unwrap_or(0);
    let mut s = 0;
    while is_c_space(at(s)) {
        s += 1;
    }
    let bracket = at(s) == b'(';
    if bracket {
        s += 1;
        while is_c_space(at(s)) {
            s += 1;
        }
    }
    let (mut x, mut y) = (0.0, 0.0);
    let is_j = |c: u8| c == b'j' || c == b'J';
    if let Some((z, n)) = scan_float(&text[s..]) {
        s += n;
        if matches!(at(s), b'+' | b'-') {
            x = z;
            match scan_float(&text[s..]) {
                Some((v, n)) => {
                    y = v;
                    s += n;
                }
                None => {
                    y = if at(s) == b'+' { 1.0 } else { -1.0 };
                    s += 1;
                }
            }
            if !is_j(at(s)) {
                return None;
            }
            s += 1;
        } else if is_j(at(s)) {
            s += 1;
            y = z;
        } else {
            x = z;
        }
    } else {
        if matches!(at(s), b'+' | b'-') {
            y = if at(s) == b'+' { 1.0 } else { -1.0 };
            s += 1;
        } else {
            y = 1.0;
        }
        if !is_j(at(s)) {
            return None;
        }
        s += 1;
    }
    while is_c_space(at(s)) {
        s += 1;
    }
    if bracket {
        if at(s) != b')' {
            return None;
        }
        s += 1;
        while is_c_space(at(s)) {
            s += 1;
        }
    }
    (s == text.len()).then_some(Py_complex { real: x, imag: y })
}

// ---- methods ------------------------------------------------------------------

fastcall! {
    /// `complex.conjugate()`.
    pub(crate) fn complex_conjugate(s, _a = Sig::new("conjugate", &[])) {
        let v = value(s);
        from_doubles(v.real, -v.imag)
    }
}

fastcall! {
    /// `complex.__complex__()`: the object itself when exact.
    pub(crate) fn complex_complex(s, _a = Sig::new("__complex__", &[])) {
        if check_exact(s) {
            return Ok(Owned::from_borrowed(s));
        }
        from_c(value(s))
    }
}

fastcall! {
    /// `complex.__getnewargs__()`: `(real, imag)`.
    pub(crate) fn complex_getnewargs(s, _a = Sig::new("__getnewargs__", &[])) {
        let v = value(s);
        let (r, i) = (float::from_f64(v.real)?, float::from_f64(v.imag)?);
        tuple::new_from(&[r.as_ptr(), i.as_ptr()])
    }
}

fastcall! {
    /// `complex.__format__(format_spec, /)`.
    pub(crate) fn complex_format(s, a = Sig::new("__format__", &[pos("format_spec")])) {
        crate::objects::formatspec::format_complex(s, a.req_str(0)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(real: f64, imag: f64) -> Py_complex {
        Py_complex { real, imag }
    }

    #[test]
    fn repr_matches_cpython() {
        let cases = [
            (c(1.0, 2.0), "(1+2j)"),
            (c(0.0, 1.0), "1j"),
            (c(0.0, -0.0), "-0j"),
            (c(-0.0, 0.0), "(-0+0j)"),
            (c(-0.0, -0.0), "(-0-0j)"),
            (c(f64::NAN, f64::INFINITY), "(nan+infj)"),
            (c(1.0, -f64::NAN), "(1+nanj)"),
            (c(1e16, 1e-5), "(1e+16+1e-05j)"),
            (c(0.5, -2.5), "(0.5-2.5j)"),
        ];
        for (v, want) in cases {
            assert_eq!(repr(v), want);
        }
    }

    #[test]
    fn parse_like_cpython() {
        let ok = [
            ("1+2j", c(1.0, 2.0)),
            (" ( 1-2j ) ", c(1.0, -2.0)),
            ("j", c(0.0, 1.0)),
            ("-j", c(0.0, -1.0)),
            ("1-j", c(1.0, -1.0)),
            ("1.e5-.5e-3J", c(1e5, -0.5e-3)),
            ("infj", c(0.0, f64::INFINITY)),
            ("-INFINITY+1j", c(f64::NEG_INFINITY, 1.0)),
            ("1e500j", c(0.0, f64::INFINITY)),
            ("5", c(5.0, 0.0)),
        ];
        for (s, want) in ok {
            assert_eq!(parse(s.as_bytes()), Some(want), "{s}");
        }
        for s in [
            "", "1+", "+-infj", "1+2", "(1+2j", "0x1j", "1 +2j", "1e", ".j", "1\0",
        ] {
            assert_eq!(parse(s.as_bytes()), None, "{s:?}");
        }
        assert!(parse(b"nanj").unwrap().imag.is_nan());
    }

    #[test]
    fn underscores_only_between_digits() {
        assert_eq!(strip_underscores(b"1_2j").as_deref(), Some(&b"12j"[..]));
        for s in ["1__2", "_1", "1_", "1_.5", "1._5", "1_\0"] {
            assert_eq!(strip_underscores(s.as_bytes()), None, "{s:?}");
        }
    }

    #[test]
    fn arithmetic_special_cases() {
        assert_eq!(c_quot(c(1.0, 0.0), c(0.0, 0.0)).1, Some(MathErr::Domain));
        assert!(c_quot(c(1.0, 2.0), c(f64::NAN, 0.0)).0.real.is_nan());
        assert_eq!(pow(c(0.0, 0.0), c(-1.0, 0.0)), Err(MathErr::Domain));
        assert_eq!(pow(c(0.0, 0.0), c(0.0, 1.0)), Err(MathErr::Domain));
        assert_eq!(pow(c(1.0, 2.0), c(2.0, 0.0)), Ok(c(-3.0, 4.0)));
        assert_eq!(pow(c(1e200, 1e200), c(2.5, 0.0)), Err(MathErr::Range));
        let nan = pow(c(1e200, 1e200), c(2.0, 0.0)).unwrap();
        assert!(nan.real.is_nan() && nan.imag.is_nan());
        assert_eq!(c_abs(c(3.0, 4.0)), (5.0, None));
        assert_eq!(c_abs(c(1.5e308, 1.5e308)).1, Some(MathErr::Range));
        assert_eq!(c_abs(c(f64::NAN, f64::NEG_INFINITY)), (f64::INFINITY, None));
    }

    #[test]
    fn hash_matches_cpython() {
        assert_eq!(hash_parts(c(1.0, 0.0), 0), 1);
        assert_eq!(hash_parts(c(-1.0, 0.0), 0), -2);
        assert_eq!(hash_parts(c(0.0, 1.0), 0), 1000003);
        assert_eq!(hash_parts(c(1.5, 2.5), 0), 4611686018429387911);
        assert_eq!(
            hash_parts(c(f64::INFINITY, f64::NEG_INFINITY), 0),
            -314159628318
        );
        assert_eq!(hash_parts(c(-1e300, 1e-300), 0), -6339398033648882639);
    }
}
