//! The number protocol of `abstract.h` (`PyNumber_*`, `PyIndex_Check`);
//! the behaviour lives in `ophis_core::protocols::number`.

use crate::boundary::*;
use crate::export;
use crate::shim::null_error;
use ophis_core::objects::object::{PyObject, Py_ssize_t};
use ophis_core::protocols::number::{self, BinOp, UnaryOp};
use std::ffi::c_int;

export! {
    /// `PyNumber_Add`.
    fn PyNumber_Add(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
        if v.is_null() || w.is_null() { return null_error(); }
        obj(number::binary(v, w, BinOp::Add))
    }
}
export! {
    /// `PyNumber_InPlaceAdd`.
    fn PyNumber_InPlaceAdd(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
        if v.is_null() || w.is_null() { return null_error(); }
        obj(number::inplace(v, w, BinOp::Add))
    }
}
export! {
    /// `PyNumber_Subtract`.
    fn PyNumber_Subtract(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
        if v.is_null() || w.is_null() { return null_error(); }
        obj(number::binary(v, w, BinOp::Subtract))
    }
}
export! {
    /// `PyNumber_InPlaceSubtract`.
    fn PyNumber_InPlaceSubtract(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
        if v.is_null() || w.is_null() { return null_error(); }
        obj(number::inplace(v, w, BinOp::Subtract))
    }
}
export! {
    /// `PyNumber_Multiply`.
    fn PyNumber_Multiply(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
        if v.is_null() || w.is_null() { return null_error(); }
        obj(number::binary(v, w, BinOp::Multiply))
    }
}
export! {
    /// `PyNumber_InPlaceMultiply`.
    fn PyNumber_InPlaceMultiply(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
        if v.is_null() || w.is_null() { return null_error(); }
        obj(number::inplace(v, w, BinOp::Multiply))
    }
}
export! {
    /// `PyNumber_MatrixMultiply`.
    fn PyNumber_MatrixMultiply(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
        if v.is_null() || w.is_null() { return null_error(); }
        obj(number::binary(v, w, BinOp::MatrixMultiply))
    }
}
export! {
    /// `PyNumber_InPlaceMatrixMultiply`.
    fn PyNumber_InPlaceMatrixMultiply(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
        if v.is_null() || w.is_null() { return null_error(); }
        obj(number::inplace(v, w, BinOp::MatrixMultiply))
    }
}
export! {
    /// `PyNumber_FloorDivide`.
    fn PyNumber_FloorDivide(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
        if v.is_null() || w.is_null() { return null_error(); }
        obj(number::binary(v, w, BinOp::FloorDivide))
    }
}
export! {
    /// `PyNumber_InPlaceFloorDivide`.
    fn PyNumber_InPlaceFloorDivide(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
        if v.is_null() || w.is_null() { return null_error(); }
        obj(number::inplace(v, w, BinOp::FloorDivide))
    }
}
export! {
    /// `PyNumber_TrueDivide`.
    fn PyNumber_TrueDivide(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
        if v.is_null() || w.is_null() { return null_error(); }
        obj(number::binary(v, w, BinOp::TrueDivide))
    }
}
export! {
    /// `PyNumber_InPlaceTrueDivide`.
    fn PyNumber_InPlaceTrueDivide(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
        if v.is_null() || w.is_null() { return null_error(); }
        obj(number::inplace(v, w, BinOp::TrueDivide))
    }
}
export! {
    /// `PyNumber_Remainder`.
    fn PyNumber_Remainder(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
        if v.is_null() || w.is_null() { return null_error(); }
        obj(number::binary(v, w, BinOp::Remainder))
    }
}
export! {
    /// `PyNumber_InPlaceRemainder`.
    fn PyNumber_InPlaceRemainder(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
        if v.is_null() || w.is_null() { return null_error(); }
        obj(number::inplace(v, w, BinOp::Remainder))
    }
}
export! {
    /// `PyNumber_Divmod`.
    fn PyNumber_Divmod(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
        if v.is_null() || w.is_null() { return null_error(); }
        obj(number::binary(v, w, BinOp::Divmod))
    }
}
export! {
    /// `PyNumber_Lshift`.
    fn PyNumber_Lshift(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
        if v.is_null() || w.is_null() { return null_error(); }
        obj(number::binary(v, w, BinOp::Lshift))
    }
}
export! {
    /// `PyNumber_InPlaceLshift`.
    fn PyNumber_InPlaceLshift(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
        if v.is_null() || w.is_null() { return null_error(); }
        obj(number::inplace(v, w, BinOp::Lshift))
    }
}
export! {
    /// `PyNumber_Rshift`.
    fn PyNumber_Rshift(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
        if v.is_null() || w.is_null() { return null_error(); }
        obj(number::binary(v, w, BinOp::Rshift))
    }
}
export! {
    /// `PyNumber_InPlaceRshift`.
    fn PyNumber_InPlaceRshift(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
        if v.is_null() || w.is_null() { return null_error(); }
        obj(number::inplace(v, w, BinOp::Rshift))
    }
}
export! {
    /// `PyNumber_And`.
    fn PyNumber_And(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
        if v.is_null() || w.is_null() { return null_error(); }
        obj(number::binary(v, w, BinOp::And))
    }
}
export! {
    /// `PyNumber_InPlaceAnd`.
    fn PyNumber_InPlaceAnd(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
        if v.is_null() || w.is_null() { return null_error(); }
        obj(number::inplace(v, w, BinOp::And))
    }
}
export! {
    /// `PyNumber_Xor`.
    fn PyNumber_Xor(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
        if v.is_null() || w.is_null() { return null_error(); }
        obj(number::binary(v, w, BinOp::Xor))
    }
}
export! {
    /// `PyNumber_InPlaceXor`.
    fn PyNumber_InPlaceXor(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
        if v.is_null() || w.is_null() { return null_error(); }
        obj(number::inplace(v, w, BinOp::Xor))
    }
}
export! {
    /// `PyNumber_Or`.
    fn PyNumber_Or(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
        if v.is_null() || w.is_null() { return null_error(); }
        obj(number::binary(v, w, BinOp::Or))
    }
}
export! {
    /// `PyNumber_InPlaceOr`.
    fn PyNumber_InPlaceOr(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
        if v.is_null() || w.is_null() { return null_error(); }
        obj(number::inplace(v, w, BinOp::Or))
    }
}
export! {
    /// `PyNumber_Power`: `z` is `None` or the modulus.
    fn PyNumber_Power(v: *mut PyObject, w: *mut PyObject, z: *mut PyObject) -> *mut PyObject {
        if v.is_null() || w.is_null() || z.is_null() { return null_error(); }
        obj(number::power(v, w, z, false))
    }
}
export! {
    /// `PyNumber_InPlacePower`.
    fn PyNumber_InPlacePower(v: *mut PyObject, w: *mut PyObject, z: *mut PyObject) -> *mut PyObject {
        if v.is_null() || w.is_null() || z.is_null() { return null_error(); }
        obj(number::power(v, w, z, true))
    }
}
export! {
    /// `PyNumber_Negative`.
    fn PyNumber_Negative(o: *mut PyObject) -> *mut PyObject {
        if o.is_null() { return null_error(); }
        obj(number::unary(o, UnaryOp::Negative))
    }
}
export! {
    /// `PyNumber_Positive`.
    fn PyNumber_Positive(o: *mut PyObject) -> *mut PyObject {
        if o.is_null() { return null_error(); }
        obj(number::unary(o, UnaryOp::Positive))
    }
}
export! {
    /// `PyNumber_Absolute`.
    fn PyNumber_Absolute(o: *mut PyObject) -> *mut PyObject {
        if o.is_null() { return null_error(); }
        obj(number::unary(o, UnaryOp::Absolute))
    }
}
export! {
    /// `PyNumber_Invert`.
    fn PyNumber_Invert(o: *mut PyObject) -> *mut PyObject {
        if o.is_null() { return null_error(); }
        obj(number::unary(o, UnaryOp::Invert))
    }
}
export! {
    /// `PyNumber_Check`: 0 for NULL.
    fn PyNumber_Check(o: *mut PyObject) -> c_int {
        c_int::from(!o.is_null() && number::check(o))
    }
}
export! {
    /// `PyIndex_Check`: 0 for NULL.
    fn PyIndex_Check(o: *mut PyObject) -> c_int {
        c_int::from(!o.is_null() && number::index_check(o))
    }
}
export! {
    /// `PyNumber_Index`.
    fn PyNumber_Index(o: *mut PyObject) -> *mut PyObject {
        if o.is_null() { return null_error(); }
        obj(number::index(o))
    }
}
export! {
    /// `PyNumber_AsSsize_t`: `exc` NULL clamps out-of-range values.
    fn PyNumber_AsSsize_t(o: *mut PyObject, exc: *mut PyObject) -> Py_ssize_t {
        if o.is_null() { return null_error(); }
        value(number::as_ssize(o, if exc.is_null() { None } else { Some(exc) }))
    }
}
export! {
    /// `PyNumber_Long`: `int(o)`.
    fn PyNumber_Long(o: *mut PyObject) -> *mut PyObject {
        if o.is_null() { return null_error(); }
        obj(number::to_long(o))
    }
}
export! {
    /// `PyNumber_Float`: `float(o)`.
    fn PyNumber_Float(o: *mut PyObject) -> *mut PyObject {
        if o.is_null() { return null_error(); }
        obj(number::to_float(o))
    }
}
export! {
    /// `PyNumber_ToBase`: base 2, 8, 10 or 16.
    fn PyNumber_ToBase(o: *mut PyObject, base: c_int) -> *mut PyObject {
        if o.is_null() { return null_error(); }
        obj(number::to_base(o, base))
    }
}
