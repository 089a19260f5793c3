//! Slot wrappers: the `__repr__`, `__hash__`, `__iter__`, ... entries a
//! type's dict gets for each slot the type defines (CPython's
//! `wrapper_descriptor`), their bound form (`method-wrapper`), and
//! `__new__` as a callable bound to the type. They let Python-level names
//! reach C slots: `PyObject_CallMethod(o, "__repr__", NULL)`,
//! `type(o).__dict__["__iter__"]`, and the like.

use crate::objects::exceptions::Exc;
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyTypeObject};
use crate::runtime::alloc;
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::{
    objects::descr, objects::dict, objects::long, objects::tuple, objects::unicode,
    protocols::abstract_,
};
use std::ffi::{c_int, c_void};
use std::ptr;

/// How a slot is called from Python-level arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// `unaryfunc`: no arguments.
    Unary,
    /// `tp_iternext`: no arguments, NULL without error is StopIteration.
    Next,
    /// `hashfunc`.
    Hash,
    /// `inquiry` (`nb_bool`).
    Inquiry,
    /// `lenfunc`.
    Len,
    /// `binaryfunc` with one argument (`__getitem__`, `__getattribute__`).
    Binary,
    /// `objobjproc` (`__contains__`).
    Contains,
    /// `objobjargproc`/`setattrofunc` with two arguments (`__setitem__`).
    SetItem,
    /// The same with one argument and NULL value (`__delitem__`).
    DelItem,
    /// `richcmpfunc` with a fixed operation.
    Rich(c_int),
    /// `ternaryfunc` with args and kwargs (`__call__`).
    Call,
    /// `initproc`.
    Init,
    /// `descrgetfunc`: `__get__(obj, type=None)`.
    DescrGet,
    /// `binaryfunc` with the operands swapped (`__radd__`).
    BinaryR,
    /// `ternaryfunc` of `__pow__`: `(value, mod=None)`.
    Ternary,
    /// The same swapped (`__rpow__`).
    TernaryR,
    /// `destructor` of `tp_finalize` (`__del__`).
    Del,
    /// Fed by a dunder but never wrapped (`__getattr__`, `__new__`).
    NoWrapper,
    /// `ssizeargfunc` of `sq_item`: an index (negative counts from the end).
    SqItem,
    /// `ssizeobjargproc` of `sq_ass_item` with an index and a value.
    SqSetItem,
    /// The same with an index and NULL.
    SqDelItem,
}

/// One slot that gets a wrapper.
struct SlotDef {
    name: &'static str,
    kind: Kind,
    /// The slot's field name: definitions with the same one share it.
    slot: &'static str,
    /// Reads the slot of a type (NULL when absent).
    get: unsafe fn(*mut PyTypeObject) -> *mut c_void,
    /// Writes the slot of a heap type (NULL clears it).
    set: unsafe fn(*mut PyTypeObject, *mut c_void),
}

macro_rules! tp {
    ($f:ident) => {{
        unsafe fn g(t: *mut PyTypeObject) -> *mut c_void {
            // SAFETY: `t` is a live type.
            unsafe { (*t).$f.map_or(ptr::null_mut(), |f| f as *mut c_void) }
        }
        g
    }};
}

/// A slot value (an `Option` of a function pointer) from an untyped
/// pointer: NULL gives `None`.
///
/// # Safety
/// `p` NULL or a function of the slot's signature.
unsafe fn slot_fn<F: Copy>(p: *mut c_void) -> F {
    const { assert!(std::mem::size_of::<F>() == std::mem::size_of::<*mut c_void>()) };
    // SAFETY: `F` is an `Option` of a function pointer (pointer-sized,
    // NULL is `None`); the caller vouches for the signature.
    unsafe { std::mem::transmute_copy::<*mut c_void, F>(&p) }
}

macro_rules! tp_set {
    ($f:ident) => {{
        unsafe fn s(t: *mut PyTypeObject, f: *mut c_void) {
            // SAFETY: `t` is a live type; `f` is NULL or a function of the
            // slot's signature.
            unsafe { (*t).$f = slot_fn(f) }
        }
        s
    }};
}

macro_rules! sub_set {
    ($table:ident, $f:ident) => {{
        unsafe fn s(t: *mut PyTypeObject, f: *mut c_void) {
            // SAFETY: `t` is a live heap type, whose sub-tables are its own;
            // `f` is NULL or a function of the slot's signature.
            unsafe {
                let tb = (*t).$table;
                if !tb.is_null() {
                    (*tb).$f = slot_fn(f);
                }
            }
        }
        s
    }};
}

macro_rules! sub {
    ($table:ident, $f:ident) => {{
        unsafe fn g(t: *mut PyTypeObject) -> *mut c_void {
            // SAFETY: `t` is a live type; the table is NULL or live.
            unsafe {
                let tb = (*t).$table;
                if tb.is_null() {
                    return ptr::null_mut();
                }
                (*tb).$f.map_or(ptr::null_mut(), |f| f as *mut c_void)
            }
        }
        g
    }};
}

macro_rules! tpslot {
    ($name:literal, $kind:expr, $f:ident) => {
        SlotDef {
            name: $name,
            kind: $kind,
            slot: stringify!($f),
            get: tp!($f),
            set: tp_set!($f),
        }
    };
}

macro_rules! subslot {
    ($name:literal, $kind:expr, $table:ident, $f:ident) => {
        SlotDef {
            name: $name,
            kind: $kind,
            slot: stringify!($f),
            get: sub!($table, $f),
            set: sub_set!($table, $f),
        }
    };
}

macro_rules! nbslot {
    ($name:literal, $kind:expr, $f:ident) => {
        subslot!($name, $kind, tp_as_number, $f)
    };
}

/// Every dunder that feeds a C slot, in CPython's `slotdefs` order. Names
/// that share a slot (`__add__`/`__radd__`, `__setattr__`/`__delattr__`)
/// are grouped by the slot's name.
static SLOTDEFS: &[SlotDef] = &[
    tpslot!("__getattribute__", Kind::Binary, tp_getattro),
    tpslot!("__getattr__", Kind::NoWrapper, tp_getattro),
    tpslot!("__setattr__", Kind::SetItem, tp_setattro),
    tpslot!("__delattr__", Kind::DelItem, tp_setattro),
    tpslot!("__repr__", Kind::Unary, tp_repr),
    tpslot!("__hash__", Kind::Hash, tp_hash),
    tpslot!("__call__", Kind::Call, tp_call),
    tpslot!("__str__", Kind::Unary, tp_str),
    tpslot!("__lt__", Kind::Rich(abstract_::LT), tp_richcompare),
    tpslot!("__le__", Kind::Rich(abstract_::LE), tp_richcompare),
    tpslot!("__eq__", Kind::Rich(abstract_::EQ), tp_richcompare),
    tpslot!("__ne__", Kind::Rich(abstract_::NE), tp_richcompare),
    tpslot!("__gt__", Kind::Rich(abstract_::GT), tp_richcompare),
    tpslot!("__ge__", Kind::Rich(abstract_::GE), tp_richcompare),
    tpslot!("__iter__", Kind::Unary, tp_iter),
    tpslot!("__next__", Kind::Next, tp_iternext),
    tpslot!("__get__", Kind::DescrGet, tp_descr_get),
    tpslot!("__set__", Kind::SetItem, tp_descr_set),
    tpslot!("__delete__", Kind::DelItem, tp_descr_set),
    tpslot!("__init__", Kind::Init, tp_init),
    tpslot!("__new__", Kind::NoWrapper, tp_new),
    tpslot!("__del__", Kind::Del, tp_finalize),
    subslot!("__await__", Kind::Unary, tp_as_async, am_await),
    subslot!("__aiter__", Kind::Unary, tp_as_async, am_aiter),
    subslot!("__anext__", Kind::Unary, tp_as_async, am_anext),
    nbslot!("__add__", Kind::Binary, nb_add),
    nbslot!("__radd__", Kind::BinaryR, nb_add),
    nbslot!("__sub__", Kind::Binary, nb_subtract),
    nbslot!("__rsub__", Kind::BinaryR, nb_subtract),
    nbslot!("__mul__", Kind::Binary, nb_multiply),
    nbslot!("__rmul__", Kind::BinaryR, nb_multiply),
    nbslot!("__mod__", Kind::Binary, nb_remainder),
    nbslot!("__rmod__", Kind::BinaryR, nb_remainder),
    nbslot!("__divmod__", Kind::Binary, nb_divmod),
    nbslot!("__rdivmod__", Kind::BinaryR, nb_divmod),
    nbslot!("__pow__", Kind::Ternary, nb_power),
    nbslot!("__rpow__", Kind::TernaryR, nb_power),
    nbslot!("__neg__", Kind::Unary, nb_negative),
    nbslot!("__pos__", Kind::Unary, nb_positive),
    nbslot!("__abs__", Kind::Unary, nb_absolute),
    nbslot!("__bool__", Kind::Inquiry, nb_bool),
    nbslot!("__invert__", Kind::Unary, nb_invert),
    nbslot!("__lshift__", Kind::Binary, nb_lshift),
    nbslot!("__rlshift__", Kind::BinaryR, nb_lshift),
    nbslot!("__rshift__", Kind::Binary, nb_rshift),
    nbslot!("__rrshift__", Kind::BinaryR, nb_rshift),
    nbslot!("__and__", Kind::Binary, nb_and),
    nbslot!("__rand__", Kind::BinaryR, nb_and),
    nbslot!("__xor__", Kind::Binary, nb_xor),
    nbslot!("__rxor__", Kind::BinaryR, nb_xor),
    nbslot!("__or__", Kind::Binary, nb_or),
    nbslot!("__ror__", Kind::BinaryR, nb_or),
    nbslot!("__int__", Kind::Unary, nb_int),
    nbslot!("__float__", Kind::Unary, nb_float),
    nbslot!("__iadd__", Kind::Binary, nb_inplace_add),
    nbslot!("__isub__", Kind::Binary, nb_inplace_subtract),
    nbslot!("__imul__", Kind::Binary, nb_inplace_multiply),
    nbslot!("__imod__", Kind::Binary, nb_inplace_remainder),
    nbslot!("__ipow__", Kind::Ternary, nb_inplace_power),
    nbslot!("__ilshift__", Kind::Binary, nb_inplace_lshift),
    nbslot!("__irshift__", Kind::Binary, nb_inplace_rshift),
    nbslot!("__iand__", Kind::Binary, nb_inplace_and),
    nbslot!("__ixor__", Kind::Binary, nb_inplace_xor),
    nbslot!("__ior__", Kind::Binary, nb_inplace_or),
    nbslot!("__floordiv__", Kind::Binary, nb_floor_divide),
    nbslot!("__rfloordiv__", Kind::BinaryR, nb_floor_divide),
    nbslot!("__truediv__", Kind::Binary, nb_true_divide),
    nbslot!("__rtruediv__", Kind::BinaryR, nb_true_divide),
    nbslot!("__ifloordiv__", Kind::Binary, nb_inplace_floor_divide),
    nbslot!("__itruediv__", Kind::Binary, nb_inplace_true_divide),
    nbslot!("__index__", Kind::Unary, nb_index),
    nbslot!("__matmul__", Kind::Binary, nb_matrix_multiply),
    nbslot!("__rmatmul__", Kind::BinaryR, nb_matrix_multiply),
    nbslot!("__imatmul__", Kind::Binary, nb_inplace_matrix_multiply),
    subslot!("__len__", Kind::Len, tp_as_mapping, mp_length),
    subslot!("__getitem__", Kind::Binary, tp_as_mapping, mp_subscript),
    subslot!(
        "__setitem__",
        Kind::SetItem,
        tp_as_mapping,
        mp_ass_subscript
    ),
    subslot!(
        "__delitem__",
        Kind::DelItem,
        tp_as_mapping,
        mp_ass_subscript
    ),
    subslot!("__len__", Kind::Len, tp_as_sequence, sq_length),
    subslot!("__getitem__", Kind::SqItem, tp_as_sequence, sq_item),
    subslot!("__setitem__", Kind::SqSetItem, tp_as_sequence, sq_ass_item),
    subslot!("__delitem__", Kind::SqDelItem, tp_as_sequence, sq_ass_item),
    subslot!("__contains__", Kind::Contains, tp_as_sequence, sq_contains),
];

/// A `wrapper_descriptor`.
#[repr(C)]
pub struct WrapperDescr {
    ob_base: PyObject,
    d_type: *mut PyTypeObject,
    d_name: *mut PyObject,
    d_base: *const SlotDef,
    d_wrapped: *mut c_void,
}
descr::assert_header!(WrapperDescr);

/// A `method-wrapper` (a wrapper bound to an instance), or `__new__`
/// bound to its type (`descr` NULL).
#[repr(C)]
pub struct MethodWrapper {
    ob_base: PyObject,
    descr: *mut PyObject,
    self_: *mut PyObject,
}

static mut DESCR_TYPE: *mut PyTypeObject = ptr::null_mut();
static mut METHOD_TYPE: *mut PyTypeObject = ptr::null_mut();
static mut NEW_TYPE: *mut PyTypeObject = ptr::null_mut();

/// Creates the wrapper types. Start-up only, before types are readied.
pub(crate) unsafe fn init_types() {
    // SAFETY: start-up.
    unsafe {
        let d = lifecycle::leak_type();
        (*d).tp_name = c"wrapper_descriptor".as_ptr();
        (*d).tp_basicsize = std::mem::size_of::<WrapperDescr>() as isize;
        (*d).tp_flags = flags::DEFAULT | flags::IMMUTABLETYPE | flags::METHOD_DESCRIPTOR;
        (*d).tp_dealloc = Some(descr::header_dealloc);
        (*d).tp_repr = Some(descr_repr);
        (*d).tp_descr_get = Some(descr_get);
        (*d).tp_call = Some(descr_call);
        let m = lifecycle::leak_type();
        (*m).tp_name = c"method-wrapper".as_ptr();
        (*m).tp_basicsize = std::mem::size_of::<MethodWrapper>() as isize;
        (*m).tp_flags = flags::DEFAULT | flags::IMMUTABLETYPE;
        (*m).tp_dealloc = Some(method_dealloc);
        (*m).tp_repr = Some(method_repr);
        (*m).tp_call = Some(method_call);
        let n = lifecycle::leak_type();
        (*n).tp_name = c"builtin_function_or_method".as_ptr();
        (*n).tp_basicsize = std::mem::size_of::<MethodWrapper>() as isize;
        (*n).tp_flags = flags::DEFAULT | flags::IMMUTABLETYPE;
        (*n).tp_dealloc = Some(method_dealloc);
        (*n).tp_repr = Some(new_repr);
        (*n).tp_call = Some(new_call);
        DESCR_TYPE = d;
        METHOD_TYPE = m;
        NEW_TYPE = n;
    }
}

/// Readies the wrapper types. Start-up only.
pub(crate) unsafe fn ready_types() {
    // SAFETY: start-up.
    unsafe {
        for t in [DESCR_TYPE, METHOD_TYPE, NEW_TYPE] {
            if typeobj::ready_static(t).is_err() {
                lifecycle::fatal("Py_Initialize", "cannot ready the slot wrapper types");
            }
        }
    }
}

/// Adds wrappers for the slots `t` defines itself (not inherited ones, so
/// call before inheritance) to its dict, without replacing entries. A
/// `tp_hash` of `PyObject_HashNotImplemented` becomes `__hash__ = None`.
///
/// # Safety
/// `t` a type being readied with its own dict.
pub unsafe fn add_operators(t: *mut PyTypeObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let d = (*t).tp_dict;
        if DESCR_TYPE.is_null() || t == DESCR_TYPE || t == METHOD_TYPE || t == NEW_TYPE {
            return Ok(());
        }
        for sd in SLOTDEFS {
            if sd.kind == Kind::NoWrapper {
                continue;
            }
            let f = (sd.get)(t);
            if f.is_null() {
                continue;
            }
            let key = unicode::intern(sd.name)?;
            if dict::get(d, key.as_ptr())?.is_some() {
                continue;
            }
            let hni = crate::runtime::lifecycle::c_api_slots()
                .hash_not_implemented
                .map_or(ptr::null_mut(), |h| h as *mut c_void);
            if sd.kind == Kind::Hash
                && (f == hni || f == crate::protocols::attr::hash_not_implemented as *mut c_void)
            {
                dict::set(d, key.as_ptr(), lifecycle::none())?;
                continue;
            }
            let op = alloc::new_object(DESCR_TYPE, std::mem::size_of::<WrapperDescr>())?;
            let w = op as *mut WrapperDescr;
            (*w).d_type = t;
            (*w).d_name = new_ref(key.as_ptr());
            (*w).d_base = sd;
            (*w).d_wrapped = f;
            let o = Owned::from_raw(op);
            dict::set(d, key.as_ptr(), o.as_ptr())?;
        }
        if (*t).tp_new.is_some() {
            let key = unicode::intern("__new__")?;
            if dict::get(d, key.as_ptr())?.is_none() {
                let op = alloc::new_object(NEW_TYPE, std::mem::size_of::<MethodWrapper>())?;
                (*(op as *mut MethodWrapper)).self_ = new_ref(t as *mut PyObject);
                let o = Owned::from_raw(op);
                dict::set(d, key.as_ptr(), o.as_ptr())?;
            }
        }
        Ok(())
    }
}

fn args_error(want: usize, got: isize) -> err::Raised {
    err::type_error(&format!(
        "expected {want} argument{}, got {got}",
        if want == 1 { "" } else { "s" }
    ))
}

/// Calls the wrapped slot `f` of kind `k` on `self_` with Python arguments.
unsafe fn call_slot(
    k: Kind,
    name: &str,
    f: *mut c_void,
    self_: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> PyResult<Owned> {
    // SAFETY: `f` is the slot of the descriptor's type, of kind `k`.
    unsafe {
        let n = tuple::size(args);
        let has_kw = !kw.is_null() && dict::len(kw) > 0;
        if k != Kind::Call && k != Kind::Init && has_kw {
            return Err(err::type_error(&format!(
                "wrapper {name}() takes no keyword arguments"
            )));
        }
        let arg = |i: isize| tuple::item(args, i);
        let want = |w: usize| -> PyResult<()> {
            if n as usize != w {
                return Err(args_error(w, n));
            }
            Ok(())
        };
        match k {
            Kind::Unary => {
                want(0)?;
                let f: unsafe extern "C" fn(*mut PyObject) -> *mut PyObject =
                    std::mem::transmute(f);
                err::from_ptr(f(self_))
            }
            Kind::Next => {
                want(0)?;
                let f: unsafe extern "C" fn(*mut PyObject) -> *mut PyObject =
                    std::mem::transmute(f);
                let r = f(self_);
                if r.is_null() && err::occurred().is_null() {
                    return Err(err::raise(Exc::StopIteration, ""));
                }
                err::from_ptr(r)
            }
            Kind::Hash => {
                want(0)?;
                let f: unsafe extern "C" fn(*mut PyObject) -> isize = std::mem::transmute(f);
                let h = f(self_);
                if h == -1 && !err::occurred().is_null() {
                    return Err(err::Raised::assume());
                }
                long::from_i64(h as i64)
            }
            Kind::Inquiry => {
                want(0)?;
                let f: unsafe extern "C" fn(*mut PyObject) -> c_int = std::mem::transmute(f);
                let r = f(self_);
                if r < 0 {
                    return Err(err::Raised::assume());
                }
                Ok(long::bool_from(r != 0))
            }
            Kind::Len => {
                want(0)?;
                let f: unsafe extern "C" fn(*mut PyObject) -> isize = std::mem::transmute(f);
                let r = f(self_);
                if r < 0 {
                    return Err(err::Raised::assume());
                }
                long::from_i64(r as i64)
            }
            Kind::Binary => {
                want(1)?;
                let f: unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject =
                    std::mem::transmute(f);
                err::from_ptr(f(self_, arg(0)))
            }
            Kind::Contains => {
                want(1)?;
                let f: unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> c_int =
                    std::mem::transmute(f);
                let r = f(self_, arg(0));
                if r < 0 {
                    return Err(err::Raised::assume());
                }
                Ok(long::bool_from(r != 0))
            }
            Kind::SetItem | Kind::DelItem => {
                want(if k == Kind::SetItem { 2 } else { 1 })?;
                let f: unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> c_int =
                    std::mem::transmute(f);
                let v = if k == Kind::SetItem {
                    arg(1)
                } else {
                    ptr::null_mut()
                };
                if f(self_, arg(0), v) < 0 {
                    return Err(err::Raised::assume());
                }
                Ok(Owned::from_borrowed(lifecycle::none()))
            }
            Kind::BinaryR => {
                want(1)?;
                let f: unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject =
                    std::mem::transmute(f);
                err::from_ptr(f(arg(0), self_))
            }
            Kind::Ternary | Kind::TernaryR => {
                // PyArg_UnpackTuple(args, "", 1, 2, ...): the empty name
                // leaves a leading space in CPython's message.
                if n < 1 {
                    return Err(err::type_error(&format!(
                        " expected at least 1 argument, got {n}"
                    )));
                }
                if n > 2 {
                    return Err(err::type_error(&format!(
                        " expected at most 2 arguments, got {n}"
                    )));
                }
                let f: unsafe extern "C" fn(
                    *mut PyObject,
                    *mut PyObject,
                    *mut PyObject,
                ) -> *mut PyObject = std::mem::transmute(f);
                let third = if n == 2 { arg(1) } else { lifecycle::none() };
                if k == Kind::Ternary {
                    err::from_ptr(f(self_, arg(0), third))
                } else {
                    err::from_ptr(f(arg(0), self_, third))
                }
            }
            Kind::Del => {
                want(0)?;
                let f: unsafe extern "C" fn(*mut PyObject) = std::mem::transmute(f);
                f(self_);
                Ok(Owned::from_borrowed(lifecycle::none()))
            }
            Kind::NoWrapper => Err(err::system_error("slot has no wrapper")),
            Kind::SqItem | Kind::SqSetItem | Kind::SqDelItem => {
                want(if k == Kind::SqSetItem { 2 } else { 1 })?;
                let i = sq_index(self_, arg(0))?;
                if k == Kind::SqItem {
                    let f: unsafe extern "C" fn(*mut PyObject, isize) -> *mut PyObject =
                        std::mem::transmute(f);
                    return err::from_ptr(f(self_, i));
                }
                let f: unsafe extern "C" fn(*mut PyObject, isize, *mut PyObject) -> c_int =
                    std::mem::transmute(f);
                let v = if k == Kind::SqSetItem {
                    arg(1)
                } else {
                    ptr::null_mut()
                };
                if f(self_, i, v) < 0 {
                    return Err(err::Raised::assume());
                }
                Ok(Owned::from_borrowed(lifecycle::none()))
            }
            Kind::Rich(op) => {
                want(1)?;
                let f: unsafe extern "C" fn(*mut PyObject, *mut PyObject, c_int) -> *mut PyObject =
                    std::mem::transmute(f);
                err::from_ptr(f(self_, arg(0), op))
            }
            Kind::Call => {
                let f: unsafe extern "C" fn(
                    *mut PyObject,
                    *mut PyObject,
                    *mut PyObject,
                ) -> *mut PyObject = std::mem::transmute(f);
                crate::protocols::call::check_result(self_, f(self_, args, kw))
            }
            Kind::Init => {
                let f: unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> c_int =
                    std::mem::transmute(f);
                if f(self_, args, kw) < 0 {
                    return Err(err::Raised::assume());
                }
                Ok(Owned::from_borrowed(lifecycle::none()))
            }
            Kind::DescrGet => {
                if !(1..=2).contains(&n) {
                    return Err(err::type_error(&format!(
                        "expected 1 or 2 arguments, got {n}"
                    )));
                }
                let f: unsafe extern "C" fn(
                    *mut PyObject,
                    *mut PyObject,
                    *mut PyObject,
                ) -> *mut PyObject = std::mem::transmute(f);
                let o = if arg(0) == lifecycle::none() {
                    ptr::null_mut()
                } else {
                    arg(0)
                };
                let t = if n == 2 && arg(1) != lifecycle::none() {
                    arg(1)
                } else {
                    ptr::null_mut()
                };
                if o.is_null() && t.is_null() {
                    return Err(err::type_error("__get__(None, None) is invalid"));
                }
                err::from_ptr(f(self_, o, t))
            }
        }
    }
}

/// CPython's `getindex`: an index, counted from the end when negative and
/// the type has a length.
unsafe fn sq_index(self_: *mut PyObject, a: *mut PyObject) -> PyResult<isize> {
    // SAFETY: live objects.
    unsafe {
        let mut i = crate::protocols::number::as_ssize(
            a,
            Some(crate::objects::exceptions::get(Exc::OverflowError)),
        )?;
        if i < 0 {
            let sq = (*(*self_).ob_type).tp_as_sequence;
            if let Some(len) = sq.as_ref().and_then(|sq| sq.sq_length) {
                let n = len(self_);
                if n < 0 {
                    return Err(err::Raised::assume());
                }
                i += n;
            }
        }
        Ok(i)
    }
}

unsafe fn check_self(w: *mut WrapperDescr, self_: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if !typeobj::is_subtype((*self_).ob_type, (*w).d_type) {
            return Err(err::type_error(&format!(
                "descriptor '{}' requires a '{}' object but received a '{}'",
                unicode::as_str((*w).d_name),
                typeobj::full_name((*w).d_type),
                typeobj::full_name((*self_).ob_type)
            )));
        }
        Ok(())
    }
}

unsafe extern "C" fn descr_repr(op: *mut PyObject) -> *mut PyObject {
    let w = op as *mut WrapperDescr;
    // SAFETY: slot on a wrapper descriptor.
    unsafe { descr::owner_repr("slot wrapper", (*w).d_type, (*w).d_name) }
}

unsafe extern "C" fn descr_get(
    op: *mut PyObject,
    obj: *mut PyObject,
    _t: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot on a wrapper descriptor.
    unsafe {
        if obj.is_null() {
            return new_ref(op);
        }
        if let Err(e) = check_self(op as *mut WrapperDescr, obj) {
            return e.into();
        }
        match alloc::new_object(METHOD_TYPE, std::mem::size_of::<MethodWrapper>()) {
            Ok(m) => {
                (*(m as *mut MethodWrapper)).descr = new_ref(op);
                (*(m as *mut MethodWrapper)).self_ = new_ref(obj);
                m
            }
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn descr_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot on a wrapper descriptor: the first argument is self.
    unsafe {
        let w = op as *mut WrapperDescr;
        let name = unicode::as_str((*w).d_name).into_owned();
        if tuple::size(args) < 1 {
            return err::type_error(&format!(
                "descriptor '{name}' of '{}' object needs an argument",
                typeobj::full_name((*w).d_type)
            ))
            .into();
        }
        let self_ = tuple::item(args, 0);
        if let Err(e) = check_self(w, self_) {
            return e.into();
        }
        let rest = match tuple::slice(args, 1, tuple::size(args)) {
            Ok(r) => r,
            Err(e) => return e.into(),
        };
        err::into_ptr(call_slot(
            (*(*w).d_base).kind,
            &name,
            (*w).d_wrapped,
            self_,
            rest.as_ptr(),
            kw,
        ))
    }
}

unsafe extern "C" fn method_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        let m = op as *mut MethodWrapper;
        clear_slot(ptr::addr_of_mut!((*m).descr));
        clear_slot(ptr::addr_of_mut!((*m).self_));
        alloc::free_object(op);
    }
}

unsafe extern "C" fn method_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a method-wrapper.
    unsafe {
        let m = op as *mut MethodWrapper;
        let w = (*m).descr as *mut WrapperDescr;
        let s = format!(
            "<method-wrapper '{}' of {} object at {:p}>",
            unicode::as_str((*w).d_name),
            typeobj::full_name((*(*m).self_).ob_type),
            (*m).self_
        );
        err::into_ptr(unicode::from_str(&s))
    }
}

unsafe extern "C" fn method_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot on a method-wrapper.
    unsafe {
        let m = op as *mut MethodWrapper;
        let w = (*m).descr as *mut WrapperDescr;
        let name = unicode::as_str((*w).d_name).into_owned();
        err::into_ptr(call_slot(
            (*(*w).d_base).kind,
            &name,
            (*w).d_wrapped,
            (*m).self_,
            args,
            kw,
        ))
    }
}

unsafe extern "C" fn new_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a bound __new__.
    unsafe {
        let t = (*(op as *mut MethodWrapper)).self_ as *mut PyTypeObject;
        let s = format!("<built-in method __new__ of type object at {t:p}>");
        err::into_ptr(unicode::from_str(&s))
    }
}

/// `T.__new__(S, *args, **kw)`: `S` must be a subtype of `T`.
unsafe extern "C" fn new_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot on a bound __new__.
    unsafe {
        let t = (*(op as *mut MethodWrapper)).self_ as *mut PyTypeObject;
        let tn = typeobj::full_name(t);
        if tuple::size(args) < 1 {
            return err::type_error(&format!("{tn}.__new__(): not enough arguments")).into();
        }
        let s = tuple::item(args, 0);
        if !typeobj::is_type(s) {
            return err::type_error(&format!(
                "{tn}.__new__(X): X is not a type object ({})",
                typeobj::full_name((*s).ob_type)
            ))
            .into();
        }
        let st = s as *mut PyTypeObject;
        if !typeobj::is_subtype(st, t) {
            let sn = typeobj::full_name(st);
            return err::type_error(&format!(
                "{tn}.__new__({sn}): {sn} is not a subtype of {tn}"
            ))
            .into();
        }
        // Refuse something unsafe like `object.__new__(dict)`: the most
        // derived base with a C `tp_new` must share this type's.
        let generic = crate::protocols::slotcall::slot_tp_new as *const () as usize;
        let mut staticbase = st;
        while !staticbase.is_null() && (*staticbase).tp_new.map(|f| f as usize) == Some(generic) {
            staticbase = (*staticbase).tp_base;
        }
        if !staticbase.is_null()
            && (*staticbase).tp_new.map(|f| f as usize) != (*t).tp_new.map(|f| f as usize)
        {
            return err::type_error(&format!(
                "{tn}.__new__({}) is not safe, use {}.__new__()",
                typeobj::full_name(st),
                typeobj::full_name(staticbase)
            ))
            .into();
        }
        let Some(f) = (*t).tp_new else {
            return err::type_error(&format!("cannot create '{tn}' instances")).into();
        };
        let rest = match tuple::slice(args, 1, tuple::size(args)) {
            Ok(r) => r,
            Err(e) => return e.into(),
        };
        f(st, rest.as_ptr(), kw)
    }
}

/// Points the C slots fed by the dunder `name` at what the type now has
/// under the names of each slot (after `T.name = v` or `del T.name` on a
/// heap type), and does the same for every subclass that does not define
/// those names itself. Per slot: nothing found clears it (the type then
/// has no such slot, as CPython); wrapper descriptors of one C function
/// give that function back; anything else gets the generic function of
/// [`crate::protocols::slotcall`], which calls the dunder; `__hash__ = None` gives
/// `PyObject_HashNotImplemented`. Assigning `__call__` also clears
/// `Py_TPFLAGS_HAVE_VECTORCALL` (never set again).
///
/// # Safety
/// `t` a live heap type; `name` a live str.
pub unsafe fn update_slot(t: *mut PyTypeObject, name: *mut PyObject) {
    // SAFETY: forwarded.
    unsafe {
        let n = unicode::as_str(name);
        if n == "__call__" {
            update_call(t, name);
            return;
        }
        let mut done: Vec<&str> = Vec::new();
        for sd in SLOTDEFS.iter().filter(|sd| sd.name == n) {
            if done.contains(&sd.slot) {
                continue;
            }
            done.push(sd.slot);
            let group: Vec<&SlotDef> = SLOTDEFS.iter().filter(|d| d.slot == sd.slot).collect();
            update_group(t, &group);
        }
    }
}

/// Re-derives every slot of `t` (and of the subclasses that follow it)
/// from what its MRO now holds: after `__bases__` changed.
///
/// # Safety
/// `t` a live heap type.
pub unsafe fn update_all_slots(t: *mut PyTypeObject) {
    // SAFETY: forwarded.
    unsafe {
        let mut done: Vec<&str> = Vec::new();
        for sd in SLOTDEFS {
            if done.contains(&sd.slot) {
                continue;
            }
            done.push(sd.slot);
            if sd.kind == Kind::Call {
                if let Ok(name) = unicode::intern(sd.name) {
                    update_call(t, name.as_ptr());
                }
                continue;
            }
            let group: Vec<&SlotDef> = SLOTDEFS.iter().filter(|d| d.slot == sd.slot).collect();
            update_group(t, &group);
        }
    }
}

/// [`update_slot`] for the slot the definitions of `group` share.
unsafe fn update_group(t: *mut PyTypeObject, group: &[&SlotDef]) {
    // SAFETY: live types; subclasses stay registered while alive.
    unsafe {
        let mut any = false;
        let mut generic = false;
        let mut hash_none = false;
        let mut chosen: *mut c_void = ptr::null_mut();
        for d in group {
            let Ok(key) = unicode::intern(d.name) else {
                err::clear();
                return;
            };
            let found = typeobj::lookup(t, key.as_ptr());
            if found.is_null() {
                continue;
            }
            any = true;
            if d.kind == Kind::Hash && found == lifecycle::none() {
                hash_none = true;
                continue;
            }
            let w = wrapped_slot(found, d.name, d.slot);
            if w.is_null() || (!chosen.is_null() && chosen != w) {
                generic = true;
            } else {
                chosen = w;
            }
        }
        let f = if !any {
            ptr::null_mut()
        } else if generic {
            generic_slot(group[0])
        } else if hash_none && chosen.is_null() {
            crate::runtime::lifecycle::c_api_slots()
                .hash_not_implemented
                .map_or(
                    crate::protocols::attr::hash_not_implemented as *mut c_void,
                    |h| h as *mut c_void,
                )
        } else {
            chosen
        };
        (group[0].set)(t, f);
        let e = typeobj::extra(t);
        if e.is_null() {
            return;
        }
        let keys: Vec<Owned> = group
            .iter()
            .filter_map(|d| unicode::intern(d.name).ok())
            .collect();
        for s in (*e).subclasses.clone() {
            let own = (*s).tp_dict;
            let shadows = !own.is_null()
                && keys
                    .iter()
                    .any(|k| crate::objects::dict::get_str_borrowed(own, k.as_ptr()).is_some());
            if !shadows {
                update_group(s, group);
            }
        }
    }
}

/// The function of [`crate::protocols::slotcall`] that serves the slot of `d`.
fn generic_slot(d: &SlotDef) -> *mut c_void {
    use crate::protocols::slotcall as sc;
    if let Some(f) = sc::binary_generic(d.name).or_else(|| sc::inplace_generic(d.name)) {
        return f;
    }
    match (d.kind, d.name) {
        (Kind::Unary, "__repr__") => sc::slot_tp_repr as *mut c_void,
        (Kind::Unary, "__str__") => sc::slot_tp_str as *mut c_void,
        (Kind::Unary, "__iter__") => sc::slot_tp_iter as *mut c_void,
        (Kind::Unary, "__int__") => sc::slot_nb_int as *mut c_void,
        (Kind::Unary, "__float__") => sc::slot_nb_float as *mut c_void,
        (Kind::Unary, "__neg__") => sc::slot_nb_negative as *mut c_void,
        (Kind::Unary, "__pos__") => sc::slot_nb_positive as *mut c_void,
        (Kind::Unary, "__abs__") => sc::slot_nb_absolute as *mut c_void,
        (Kind::Unary, "__invert__") => sc::slot_nb_invert as *mut c_void,
        (Kind::Unary, "__await__") => sc::slot_am_await as *mut c_void,
        (Kind::Unary, "__aiter__") => sc::slot_am_aiter as *mut c_void,
        (Kind::Unary, "__anext__") => sc::slot_am_anext as *mut c_void,
        (Kind::Unary, _) => sc::slot_nb_index as *mut c_void,
        (Kind::Next, _) => sc::slot_tp_iternext as *mut c_void,
        (Kind::Hash, _) => sc::slot_tp_hash as *mut c_void,
        (Kind::Inquiry, _) => sc::slot_nb_bool as *mut c_void,
        (Kind::Len, _) => sc::slot_len as *mut c_void,
        (Kind::Binary | Kind::NoWrapper, "__getattribute__" | "__getattr__") => {
            sc::slot_tp_getattr_hook as *mut c_void
        }
        (Kind::Binary, _) => sc::slot_mp_subscript as *mut c_void,
        (Kind::Contains, _) => sc::slot_sq_contains as *mut c_void,
        (Kind::SetItem | Kind::DelItem, "__setattr__" | "__delattr__") => {
            sc::slot_tp_setattro as *mut c_void
        }
        (Kind::SetItem | Kind::DelItem, "__set__" | "__delete__") => {
            sc::slot_tp_descr_set as *mut c_void
        }
        (Kind::SetItem | Kind::DelItem, _) => sc::slot_mp_ass_subscript as *mut c_void,
        (Kind::Rich(_), _) => sc::slot_tp_richcompare as *mut c_void,
        (Kind::Call, _) => slot_tp_call as *mut c_void,
        (Kind::Init, _) => sc::slot_tp_init as *mut c_void,
        (Kind::DescrGet, _) => sc::slot_tp_descr_get as *mut c_void,
        (Kind::Ternary | Kind::TernaryR, _) => sc::slot_nb_power as *mut c_void,
        (Kind::Del, _) => sc::slot_tp_finalize as *mut c_void,
        (Kind::NoWrapper, _) => sc::slot_tp_new as *mut c_void,
        (Kind::BinaryR, _) => ptr::null_mut(),
        (Kind::SqItem, _) => sc::slot_sq_item as *mut c_void,
        (Kind::SqSetItem | Kind::SqDelItem, _) => sc::slot_sq_ass_item as *mut c_void,
    }
}

/// Whether `d` is the `__getattribute__` wrapper of the generic attribute
/// lookup (`object.__getattribute__`).
///
/// # Safety
/// `d` live.
pub(crate) unsafe fn wraps_generic_getattr(d: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe {
        let w = wrapped_slot(d, "__getattribute__", "tp_getattro");
        !w.is_null()
            && (w == crate::protocols::attr::generic_getattr_slot as *mut c_void
                || lifecycle::c_api_slots()
                    .getattro
                    .is_some_and(|g| g as *mut c_void == w))
    }
}

unsafe fn update_call(t: *mut PyTypeObject, name: *mut PyObject) {
    // SAFETY: live types; subclasses stay registered while alive.
    unsafe {
        let found = typeobj::lookup(t, name);
        let wrapped = wrapped_slot(found, "__call__", "tp_call");
        if found.is_null() {
            (*t).tp_call = None;
        } else if !wrapped.is_null() {
            (*t).tp_call = Some(std::mem::transmute::<
                *mut c_void,
                unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject,
            >(wrapped));
        } else {
            (*t).tp_call = Some(slot_tp_call);
            (*t).tp_flags &= !flags::HAVE_VECTORCALL;
        }
        let e = typeobj::extra(t);
        if e.is_null() {
            return;
        }
        for s in (*e).subclasses.clone() {
            let own = (*s).tp_dict;
            if own.is_null() || dict::get(own, name).ok().flatten().is_none() {
                update_call(s, name);
            }
        }
    }
}

/// The C slot a `wrapper_descriptor` for the dunder `name` wraps, or NULL
/// when `d` is anything else.
unsafe fn wrapped_slot(d: *mut PyObject, name: &str, slot: &str) -> *mut c_void {
    // SAFETY: `d` NULL or live; a wrapper descriptor's base is a static
    // SlotDef.
    unsafe {
        if d.is_null() {
            return ptr::null_mut();
        }
        if (*d).ob_type == NEW_TYPE && name == "__new__" {
            // `T.__new__` of a type with a C `tp_new`: that function
            // (CPython special-cases `tp_new_wrapper` likewise).
            let bound = (*(d as *mut MethodWrapper)).self_ as *mut PyTypeObject;
            return (*bound)
                .tp_new
                .map_or(ptr::null_mut(), |f| f as *mut c_void);
        }
        if (*d).ob_type != DESCR_TYPE {
            return ptr::null_mut();
        }
        let w = d as *mut WrapperDescr;
        if (*(*w).d_base).name != name || (*(*w).d_base).slot != slot {
            return ptr::null_mut();
        }
        (*w).d_wrapped
    }
}

/// `tp_call` of a type whose `__call__` was assigned: looks the name up on
/// the type and calls it with the instance first.
unsafe extern "C" fn slot_tp_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot contract: a tuple and NULL or a dict.
    unsafe {
        let r = (|| -> PyResult<Owned> {
            let name = unicode::intern("__call__")?;
            let (meth, unbound) = crate::protocols::attr::get_method_from_type(op, name.as_ptr())?;
            let Some(meth) = meth else {
                return Err(crate::protocols::call::not_callable(op));
            };
            let full;
            let args = if unbound {
                let mut v = vec![op];
                v.extend_from_slice(crate::protocols::call::slice(
                    tuple::items(args),
                    tuple::size(args) as usize,
                ));
                full = tuple::new_from(&v)?;
                full.as_ptr()
            } else {
                args
            };
            crate::protocols::call::enter_recursive_call(crate::protocols::call::WHILE_CALLING)?;
            let r = crate::protocols::call::call(meth.as_ptr(), args, kw);
            crate::protocols::call::leave_recursive_call();
            r
        })();
        err::into_ptr(r)
    }
}
