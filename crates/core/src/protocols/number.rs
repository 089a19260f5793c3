//! The number protocol of `abstract.h` over the `nb_*` slots, in CPython
//! 3.12's order: a binary operation tries the left operand's slot, the
//! right operand's (first, when its type is a subtype of the left's), and
//! reports `unsupported operand type(s)` when both return
//! `NotImplemented`; `+` and `*` then fall back to the sequences'
//! `sq_concat` / `sq_repeat`; in-place operations try the `nb_inplace_*`
//! slot first. Also the conversions `PyNumber_Index`, `AsSsize_t`, `Long`,
//! `Float` and `ToBase`.

use crate::objects::exceptions::Exc;
use crate::objects::object::*;
use crate::objects::typeobj::{self, binaryfunc, ternaryfunc, PyNumberMethods};
use crate::runtime::err::{self, PyResult};
use crate::{objects::long, objects::unicode, protocols::call, runtime::lifecycle};
use num_traits::Signed;

/// A binary operation: which slot, its in-place slot, and the symbols
/// CPython's errors use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum BinOp {
    Add,
    Subtract,
    Multiply,
    MatrixMultiply,
    FloorDivide,
    TrueDivide,
    Remainder,
    Divmod,
    Lshift,
    Rshift,
    And,
    Xor,
    Or,
}

impl BinOp {
    fn slot(self, n: &PyNumberMethods) -> binaryfunc {
        match self {
            BinOp::Add => n.nb_add,
            BinOp::Subtract => n.nb_subtract,
            BinOp::Multiply => n.nb_multiply,
            BinOp::MatrixMultiply => n.nb_matrix_multiply,
            BinOp::FloorDivide => n.nb_floor_divide,
            BinOp::TrueDivide => n.nb_true_divide,
            BinOp::Remainder => n.nb_remainder,
            BinOp::Divmod => n.nb_divmod,
            BinOp::Lshift => n.nb_lshift,
            BinOp::Rshift => n.nb_rshift,
            BinOp::And => n.nb_and,
            BinOp::Xor => n.nb_xor,
            BinOp::Or => n.nb_or,
        }
    }

    fn inplace_slot(self, n: &PyNumberMethods) -> binaryfunc {
        match self {
            BinOp::Add => n.nb_inplace_add,
            BinOp::Subtract => n.nb_inplace_subtract,
            BinOp::Multiply => n.nb_inplace_multiply,
            BinOp::MatrixMultiply => n.nb_inplace_matrix_multiply,
            BinOp::FloorDivide => n.nb_inplace_floor_divide,
            BinOp::TrueDivide => n.nb_inplace_true_divide,
            BinOp::Remainder => n.nb_inplace_remainder,
            BinOp::Divmod => None,
            BinOp::Lshift => n.nb_inplace_lshift,
            BinOp::Rshift => n.nb_inplace_rshift,
            BinOp::And => n.nb_inplace_and,
            BinOp::Xor => n.nb_inplace_xor,
            BinOp::Or => n.nb_inplace_or,
        }
    }

    fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Subtract => "-",
            BinOp::Multiply => "*",
            BinOp::MatrixMultiply => "@",
            BinOp::FloorDivide => "//",
            BinOp::TrueDivide => "/",
            BinOp::Remainder => "%",
            BinOp::Divmod => "divmod()",
            BinOp::Lshift => "<<",
            BinOp::Rshift => ">>",
            BinOp::And => "&",
            BinOp::Xor => "^",
            BinOp::Or => "|",
        }
    }
}

fn numbers(op: *mut PyObject) -> Option<&'static PyNumberMethods> {
    // SAFETY: a live object's type; its table lives as long as it.
    unsafe { (*(*op).ob_type).tp_as_number.as_ref() }
}

/// Whether two slots are the same function (CPython compares the
/// pointers so that a type and its subtype sharing a slot call it once).
fn fn_eq<T: Copy + PartialEq>(a: Option<T>, b: Option<T>) -> bool {
    a.is_some() && a == b
}

/// The result of one slot call: `None` for `NotImplemented`.
///
/// # Safety
/// `r` NULL (error) or a new reference.
unsafe fn answered(r: *mut PyObject) -> Option<PyResult<Owned>> {
    // SAFETY: forwarded.
    unsafe {
        if r == lifecycle::not_implemented() {
            decref(r);
            return None;
        }
        Some(err::from_ptr(r))
    }
}

/// CPython's `binary_op1`: `None` when both operands return
/// `NotImplemented`.
///
/// # Safety
/// Both live.
unsafe fn binary_op1(v: *mut PyObject, w: *mut PyObject, op: BinOp) -> Option<PyResult<Owned>> {
    // SAFETY: forwarded; slots are called with live operands.
    unsafe {
        let (tv, tw) = ((*v).ob_type, (*w).ob_type);
        let slotv = numbers(v).and_then(|n| op.slot(n));
        let mut slotw = if tw != tv {
            numbers(w).and_then(|n| op.slot(n))
        } else {
            None
        };
        if slotw.is_some() && fn_eq(slotw, slotv) {
            slotw = None;
        }
        if let Some(fv) = slotv {
            if let Some(fw) = slotw {
                if typeobj::is_subtype(tw, tv) {
                    if let Some(r) = answered(fw(v, w)) {
                        return Some(r);
                    }
                    slotw = None;
                }
            }
            if let Some(r) = answered(fv(v, w)) {
                return Some(r);
            }
        }
        if let Some(fw) = slotw {
            return answered(fw(v, w));
        }
        None
    }
}

fn unsupported(v: *mut PyObject, w: *mut PyObject, symbol: &str) -> err::Raised {
    // SAFETY: live operands.
    let (a, b) = unsafe {
        (
            typeobj::full_name((*v).ob_type),
            typeobj::full_name((*w).ob_type),
        )
    };
    err::type_error(&format!(
        "unsupported operand type(s) for {symbol}: '{a}' and '{b}'"
    ))
}

/// A binary operation (`PyNumber_Add` ... `PyNumber_Or`, `Divmod`).
///
/// # Safety
/// Both live.
pub unsafe fn binary(v: *mut PyObject, w: *mut PyObject, op: BinOp) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if let Some(r) = binary_op1(v, w, op) {
            return r;
        }
        if let Some(r) = sequence_fallback(v, w, op, false) {
            return r;
        }
        Err(unsupported(v, w, op.symbol()))
    }
}

/// An in-place operation (`PyNumber_InPlaceAdd` ...): the in-place slot,
/// then the binary operation.
///
/// # Safety
/// Both live.
pub unsafe fn inplace(v: *mut PyObject, w: *mut PyObject, op: BinOp) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if let Some(f) = numbers(v).and_then(|n| op.inplace_slot(n)) {
            if let Some(r) = answered(f(v, w)) {
                return r;
            }
        }
        if let Some(r) = binary_op1(v, w, op) {
            return r;
        }
        if let Some(r) = sequence_fallback(v, w, op, true) {
            return r;
        }
        Err(unsupported(v, w, &format!("{}=", op.symbol())))
    }
}

/// CPython's `binary_iop1`: the in-place slot of `v`, then
/// [`binary_op1`]; `None` when every slot returns `NotImplemented`.
///
/// # Safety
/// Both live.
unsafe fn inplace_op1(v: *mut PyObject, w: *mut PyObject, op: BinOp) -> Option<PyResult<Owned>> {
    // SAFETY: forwarded.
    unsafe {
        if let Some(f) = numbers(v).and_then(|n| op.inplace_slot(n)) {
            if let Some(r) = answered(f(v, w)) {
                return Some(r);
            }
        }
        binary_op1(v, w, op)
    }
}

/// `PySequence_Concat` (`inplace`: `PySequence_InPlaceConcat`): the
/// sequence slots (`sq_inplace_concat` first when in place), else `+` of
/// two sequences through the number slots.
///
/// # Safety
/// Both live.
pub unsafe fn sequence_concat(
    s: *mut PyObject,
    o: *mut PyObject,
    inplace: bool,
) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if let Some(m) = (*(*s).ob_type).tp_as_sequence.as_ref() {
            let f = if inplace {
                m.sq_inplace_concat.or(m.sq_concat)
            } else {
                m.sq_concat
            };
            if let Some(f) = f {
                return err::from_ptr(f(s, o));
            }
        }
        if crate::objects::iterobject::sequence_check(s)
            && crate::objects::iterobject::sequence_check(o)
        {
            let r = if inplace {
                inplace_op1(s, o, BinOp::Add)
            } else {
                binary_op1(s, o, BinOp::Add)
            };
            if let Some(r) = r {
                return r;
            }
        }
        Err(err::type_error(&format!(
            "'{}' object can't be concatenated",
            typeobj::full_name((*s).ob_type)
        )))
    }
}

/// `PySequence_Repeat` (`inplace`: `PySequence_InPlaceRepeat`): the
/// sequence slots (`sq_inplace_repeat` first when in place), else `*` by
/// an int through the number slots of a sequence.
///
/// # Safety
/// `o` live.
pub unsafe fn sequence_repeat(o: *mut PyObject, count: isize, inplace: bool) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if let Some(m) = (*(*o).ob_type).tp_as_sequence.as_ref() {
            let f = if inplace {
                m.sq_inplace_repeat.or(m.sq_repeat)
            } else {
                m.sq_repeat
            };
            if let Some(f) = f {
                return err::from_ptr(f(o, count));
            }
        }
        if crate::objects::iterobject::sequence_check(o) {
            let n = crate::objects::long::from_i64(count as i64)?;
            let r = if inplace {
                inplace_op1(o, n.as_ptr(), BinOp::Multiply)
            } else {
                binary_op1(o, n.as_ptr(), BinOp::Multiply)
            };
            if let Some(r) = r {
                return r;
            }
        }
        Err(err::type_error(&format!(
            "'{}' object can't be repeated",
            typeobj::full_name((*o).ob_type)
        )))
    }
}

/// `+` as concatenation and `*` as repetition of sequences.
///
/// # Safety
/// Both live.
unsafe fn sequence_fallback(
    v: *mut PyObject,
    w: *mut PyObject,
    op: BinOp,
    inplace: bool,
) -> Option<PyResult<Owned>> {
    // SAFETY: forwarded.
    unsafe {
        let mv = (*(*v).ob_type).tp_as_sequence.as_ref();
        let mw = (*(*w).ob_type).tp_as_sequence.as_ref();
        match op {
            BinOp::Add => {
                let m = mv?;
                let f = if inplace {
                    m.sq_inplace_concat.or(m.sq_concat)
                } else {
                    m.sq_concat
                }?;
                Some(err::from_ptr(f(v, w)))
            }
            BinOp::Multiply => {
                if inplace {
                    if let Some(m) = mv {
                        let f = m.sq_inplace_repeat.or(m.sq_repeat)?;
                        return Some(repeat(f, v, w));
                    }
                    return Some(repeat(mw?.sq_repeat?, w, v));
                }
                if let Some(f) = mv.and_then(|m| m.sq_repeat) {
                    return Some(repeat(f, v, w));
                }
                Some(repeat(mw.and_then(|m| m.sq_repeat)?, w, v))
            }
            _ => None,
        }
    }
}

/// `seq * n` through a repeat slot: `n` must be an index.
///
/// # Safety
/// Both live.
unsafe fn repeat(
    f: unsafe extern "C" fn(*mut PyObject, isize) -> *mut PyObject,
    seq: *mut PyObject,
    n: *mut PyObject,
) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if !index_check(n) {
            return Err(err::type_error(&format!(
                "can't multiply sequence by non-int of type '{}'",
                typeobj::full_name((*n).ob_type)
            )));
        }
        let count = as_ssize(n, Some(crate::objects::exceptions::get(Exc::OverflowError)))?;
        err::from_ptr(f(seq, count))
    }
}

/// `PyNumber_Power` / `PyNumber_InPlacePower` (CPython's `ternary_op`):
/// `z` is `None` or the modulus.
///
/// # Safety
/// All live.
pub unsafe fn power(
    v: *mut PyObject,
    w: *mut PyObject,
    z: *mut PyObject,
    inplace: bool,
) -> PyResult<Owned> {
    // SAFETY: forwarded; slots are called with live operands.
    unsafe {
        if inplace {
            if let Some(f) = numbers(v).and_then(|n| n.nb_inplace_power) {
                if let Some(r) = answered(f(v, w, z)) {
                    return r;
                }
            }
        }
        let (tv, tw) = ((*v).ob_type, (*w).ob_type);
        let slotv: ternaryfunc = numbers(v).and_then(|n| n.nb_power);
        let mut slotw: ternaryfunc = if tw != tv {
            numbers(w).and_then(|n| n.nb_power)
        } else {
            None
        };
        if fn_eq(slotw, slotv) {
            slotw = None;
        }
        if let Some(fv) = slotv {
            if let Some(fw) = slotw {
                if typeobj::is_subtype(tw, tv) {
                    if let Some(r) = answered(fw(v, w, z)) {
                        return r;
                    }
                    slotw = None;
                }
            }
            if let Some(r) = answered(fv(v, w, z)) {
                return r;
            }
        }
        if let Some(fw) = slotw {
            if let Some(r) = answered(fw(v, w, z)) {
                return r;
            }
        }
        if let Some(fz) = numbers(z).and_then(|n| n.nb_power) {
            if !fn_eq(Some(fz), slotv) && !fn_eq(Some(fz), slotw) {
                if let Some(r) = answered(fz(v, w, z)) {
                    return r;
                }
            }
        }
        let name = |o: *mut PyObject| typeobj::full_name((*o).ob_type);
        let symbol = if inplace { "**=" } else { "** or pow()" };
        Err(if z == lifecycle::none() {
            err::type_error(&format!(
                "unsupported operand type(s) for {symbol}: '{}' and '{}'",
                name(v),
                name(w)
            ))
        } else {
            err::type_error(&format!(
                "unsupported operand type(s) for {symbol}: '{}', '{}', '{}'",
                name(v),
                name(w),
                name(z)
            ))
        })
    }
}

/// A unary operation: which slot, and the name CPython's error uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum UnaryOp {
    Negative,
    Positive,
    Absolute,
    Invert,
}

/// `PyNumber_Negative`, `Positive`, `Absolute`, `Invert`.
///
/// # Safety
/// `o` live.
pub unsafe fn unary(o: *mut PyObject, op: UnaryOp) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let slot = numbers(o).and_then(|n| match op {
            UnaryOp::Negative => n.nb_negative,
            UnaryOp::Positive => n.nb_positive,
            UnaryOp::Absolute => n.nb_absolute,
            UnaryOp::Invert => n.nb_invert,
        });
        if let Some(f) = slot {
            return err::from_ptr(f(o));
        }
        let name = typeobj::full_name((*o).ob_type);
        Err(err::type_error(&match op {
            UnaryOp::Negative => format!("bad operand type for unary -: '{name}'"),
            UnaryOp::Positive => format!("bad operand type for unary +: '{name}'"),
            UnaryOp::Absolute => format!("bad operand type for abs(): '{name}'"),
            UnaryOp::Invert => format!("bad operand type for unary ~: '{name}'"),
        }))
    }
}

/// `PyNumber_Check`: the type has `nb_index`, `nb_int` or `nb_float`, or
/// the object is a complex.
///
/// # Safety
/// `o` live.
pub unsafe fn check(o: *mut PyObject) -> bool {
    numbers(o).is_some_and(|n| n.nb_index.is_some() || n.nb_int.is_some() || n.nb_float.is_some())
        // SAFETY: forwarded.
        || unsafe { crate::objects::complexobject::check(o) }
}

/// `PyIndex_Check`: the type has `nb_index`.
///
/// # Safety
/// `o` live.
pub unsafe fn index_check(o: *mut PyObject) -> bool {
    numbers(o).is_some_and(|n| n.nb_index.is_some())
}

/// `PyNumber_Index`: an exact int (a bool or int subclass becomes a plain
/// int).
///
/// # Safety
/// `o` live.
pub unsafe fn index(o: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let i = long::index(o)?;
        if (*i.as_ptr()).ob_type == lifecycle::long_type() {
            return Ok(i);
        }
        long::from_bigint(long::to_bigint(i.as_ptr()))
    }
}

/// `PyNumber_AsSsize_t`: the index as a `Py_ssize_t`; out of range,
/// clamped when `exc` is `None`, else the exception class `exc` with
/// "cannot fit 'T' into an index-sized integer".
///
/// # Safety
/// `o` live; `exc` a live exception class.
pub unsafe fn as_ssize(o: *mut PyObject, exc: Option<*mut PyObject>) -> PyResult<isize> {
    // SAFETY: forwarded.
    unsafe {
        let i = long::index(o)?;
        match long::val(i.as_ptr()) {
            long::Val::Small(v) => Ok(v as isize),
            long::Val::Big(b) => match exc {
                None => Ok(if b.is_negative() {
                    isize::MIN
                } else {
                    isize::MAX
                }),
                Some(k) => Err(err::set_string(
                    k,
                    &format!(
                        "cannot fit '{}' into an index-sized integer",
                        typeobj::full_name((*o).ob_type)
                    ),
                )),
            },
        }
    }
}

/// `PyNumber_Long`: what `int(o)` gives.
///
/// # Safety
/// `o` live.
pub unsafe fn to_long(o: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if (*o).ob_type == lifecycle::long_type() {
            return Ok(Owned::from_borrowed(o));
        }
        call::call_args(lifecycle::long_type() as *mut PyObject, &[o])
    }
}

/// `PyNumber_Float`: what `float(o)` gives.
///
/// # Safety
/// `o` live.
pub unsafe fn to_float(o: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if (*o).ob_type == lifecycle::float_type() {
            return Ok(Owned::from_borrowed(o));
        }
        call::call_args(lifecycle::float_type() as *mut PyObject, &[o])
    }
}

/// `PyNumber_ToBase`: `0b...`, `0o...`, decimal or `0x...` text of the
/// index of `o`.
///
/// # Safety
/// `o` live.
pub unsafe fn to_base(o: *mut PyObject, base: i32) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let (radix, prefix) = match base {
            2 => (2, "0b"),
            8 => (8, "0o"),
            10 => (10, ""),
            16 => (16, "0x"),
            _ => {
                return Err(err::system_error(
                    "PyNumber_ToBase: base must be 2, 8, 10 or 16",
                ))
            }
        };
        let i = index(o)?;
        let v = long::to_bigint(i.as_ptr());
        let digits = v.abs().to_str_radix(radix);
        let sign = if v.is_negative() { "-" } else { "" };
        unicode::from_str(&format!("{sign}{prefix}{digits}"))
    }
}
