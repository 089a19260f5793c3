//! Slot functions that call a dunder a heap type got after creation
//! (CPython's `slot_tp_repr`, `slot_mp_subscript`, ...): when C code
//! assigns `T.__len__ = ...`, [`crate::objects::slotwrap::update_slot`] points the
//! C slot at the matching function here, which looks the name up on the
//! instance's type and calls it, with CPython's checks on the result.

use crate::objects::exceptions::Exc;
use crate::objects::object::*;
use crate::objects::typeobj::{self, PyTypeObject};
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::{
    objects::long, objects::tuple, objects::unicode, protocols::abstract_, protocols::attr,
    protocols::call,
};
use std::ffi::{c_int, c_void};

/// Calls `type(obj).<name>` bound to `obj` with `args`; `None` when the
/// type has no such attribute (CPython's special-method lookup).
///
/// # Safety
/// `obj` and every argument live.
pub(crate) unsafe fn call_dunder(
    obj: *mut PyObject,
    name: &str,
    args: &[*mut PyObject],
) -> PyResult<Option<Owned>> {
    // SAFETY: forwarded; the method is held while it runs.
    unsafe {
        let n = unicode::intern(name)?;
        let (meth, unbound) = attr::get_method_from_type(obj, n.as_ptr())?;
        let Some(meth) = meth else {
            return Ok(None);
        };
        let mut v = Vec::with_capacity(args.len() + 1);
        if unbound {
            v.push(obj);
        }
        v.extend_from_slice(args);
        call::call_args(meth.as_ptr(), &v).map(Some)
    }
}

/// [`call_dunder`] for a slot that exists only because the name does:
/// `AttributeError` if it went missing meanwhile.
unsafe fn call_required(obj: *mut PyObject, name: &str, args: &[*mut PyObject]) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe { call_dunder(obj, name, args)?.ok_or_else(|| err::raise(Exc::AttributeError, name)) }
}

macro_rules! unary_slot {
    ($(#[$m:meta])* $f:ident, $name:literal) => {
        $(#[$m])*
        pub(crate) unsafe extern "C" fn $f(o: *mut PyObject) -> *mut PyObject {
            // SAFETY: slot contract: a live object.
            unsafe { err::into_ptr(call_required(o, $name, &[])) }
        }
    };
}

unary_slot!(
    /// `tp_repr` from `__repr__`.
    slot_tp_repr, "__repr__"
);
unary_slot!(
    /// `tp_str` from `__str__`.
    slot_tp_str, "__str__"
);
unary_slot!(
    /// `tp_iter` from `__iter__`.
    slot_tp_iter, "__iter__"
);
unary_slot!(
    /// `tp_iternext` from `__next__` (StopIteration stays raised).
    slot_tp_iternext, "__next__"
);
unary_slot!(
    /// `nb_int` from `__int__`.
    slot_nb_int, "__int__"
);
unary_slot!(
    /// `nb_float` from `__float__`.
    slot_nb_float, "__float__"
);
unary_slot!(
    /// `nb_index` from `__index__`.
    slot_nb_index, "__index__"
);

/// `tp_hash` from `__hash__`: an int (a big one hashes as an int does),
/// -1 becoming -2.
pub(crate) unsafe extern "C" fn slot_tp_hash(o: *mut PyObject) -> Py_hash_t {
    // SAFETY: slot contract.
    unsafe {
        let r = (|| -> PyResult<Py_hash_t> {
            let r = call_required(o, "__hash__", &[])?;
            if !long::check(r.as_ptr()) {
                return Err(err::type_error("__hash__ method should return an integer"));
            }
            let (v, overflow) = long::as_i64_and_overflow(r.as_ptr())?;
            let h = if overflow != 0 {
                abstract_::hash(r.as_ptr())?
            } else {
                v as Py_hash_t
            };
            Ok(if h == -1 { -2 } else { h })
        })();
        r.unwrap_or(-1)
    }
}

/// `nb_bool` from `__bool__`: it must return a bool.
pub(crate) unsafe extern "C" fn slot_nb_bool(o: *mut PyObject) -> c_int {
    // SAFETY: slot contract.
    unsafe {
        let r = (|| -> PyResult<c_int> {
            let r = call_required(o, "__bool__", &[])?;
            let p = r.as_ptr();
            if p == lifecycle::true_() {
                Ok(1)
            } else if p == lifecycle::false_() {
                Ok(0)
            } else {
                Err(err::type_error(&format!(
                    "__bool__ should return bool, returned {}",
                    typeobj::type_name_of(p)
                )))
            }
        })();
        r.unwrap_or(-1)
    }
}

/// `mp_length`/`sq_length` from `__len__`: a non-negative int.
pub(crate) unsafe extern "C" fn slot_len(o: *mut PyObject) -> isize {
    // SAFETY: slot contract.
    unsafe {
        let r = (|| -> PyResult<isize> {
            let r = call_required(o, "__len__", &[])?;
            let n = abstract_::index_as_ssize(r.as_ptr())?;
            if n < 0 {
                return Err(err::value_error("__len__() should return >= 0"));
            }
            Ok(n)
        })();
        r.unwrap_or(-1)
    }
}

/// `mp_subscript` from `__getitem__`.
pub(crate) unsafe extern "C" fn slot_mp_subscript(
    o: *mut PyObject,
    key: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot contract.
    unsafe { err::into_ptr(call_required(o, "__getitem__", &[key])) }
}

/// Runs a two-name slot (`__setitem__`/`__delitem__` and the like): the
/// deleting name when `value` is NULL.
unsafe fn set_or_delete(
    o: *mut PyObject,
    set: &str,
    delete: &str,
    key: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    // SAFETY: forwarded.
    let r = unsafe {
        if value.is_null() {
            call_required(o, delete, &[key])
        } else {
            call_required(o, set, &[key, value])
        }
    };
    match r {
        Ok(_) => 0,
        Err(_) => -1,
    }
}

/// `mp_ass_subscript` from `__setitem__`/`__delitem__`.
pub(crate) unsafe extern "C" fn slot_mp_ass_subscript(
    o: *mut PyObject,
    key: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    // SAFETY: slot contract.
    unsafe { set_or_delete(o, "__setitem__", "__delitem__", key, value) }
}

/// `tp_setattro` from `__setattr__`/`__delattr__`.
pub(crate) unsafe extern "C" fn slot_tp_setattro(
    o: *mut PyObject,
    name: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    // SAFETY: slot contract.
    unsafe { set_or_delete(o, "__setattr__", "__delattr__", name, value) }
}

/// `tp_descr_set` from `__set__`/`__delete__`.
pub(crate) unsafe extern "C" fn slot_tp_descr_set(
    o: *mut PyObject,
    obj: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    // SAFETY: slot contract.
    unsafe { set_or_delete(o, "__set__", "__delete__", obj, value) }
}

/// `tp_getattro` from `__getattribute__`.
pub(crate) unsafe extern "C" fn slot_tp_getattro(
    o: *mut PyObject,
    name: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot contract.
    unsafe { err::into_ptr(call_required(o, "__getattribute__", &[name])) }
}

/// `sq_contains` from `__contains__`: the truth of its result.
pub(crate) unsafe extern "C" fn slot_sq_contains(o: *mut PyObject, x: *mut PyObject) -> c_int {
    // SAFETY: slot contract.
    unsafe {
        match call_required(o, "__contains__", &[x]).and_then(|r| abstract_::is_true(r.as_ptr())) {
            Ok(b) => b as c_int,
            Err(_) => -1,
        }
    }
}

/// `tp_richcompare` from `__lt__` ... `__ge__`: NotImplemented when the
/// type has no method for the operation.
pub(crate) unsafe extern "C" fn slot_tp_richcompare(
    o: *mut PyObject,
    other: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    const NAMES: [&str; 6] = ["__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__"];
    // SAFETY: slot contract.
    unsafe {
        let Some(name) = usize::try_from(op).ok().and_then(|i| NAMES.get(i)) else {
            return err::into_ptr(Err(err::bad_argument()));
        };
        match call_dunder(o, name, &[other]) {
            Ok(Some(r)) => r.into_raw(),
            Ok(None) => new_ref(lifecycle::not_implemented()),
            Err(e) => e.into(),
        }
    }
}

/// `tp_init` from `__init__`: it must return None.
pub(crate) unsafe extern "C" fn slot_tp_init(
    o: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> c_int {
    // SAFETY: slot contract: a tuple and NULL or a dict.
    unsafe {
        let r = (|| -> PyResult<()> {
            let n = unicode::intern("__init__")?;
            let (meth, unbound) = attr::get_method_from_type(o, n.as_ptr())?;
            let Some(meth) = meth else {
                return Err(err::raise(Exc::AttributeError, "__init__"));
            };
            let full;
            let args = if unbound {
                let mut v = vec![o];
                v.extend_from_slice(call::slice(tuple::items(args), tuple::size(args) as usize));
                full = tuple::new_from(&v)?;
                full.as_ptr()
            } else {
                args
            };
            let r = call::call(meth.as_ptr(), args, kw)?;
            if r.as_ptr() != lifecycle::none() {
                return Err(err::type_error(&format!(
                    "__init__() should return None, not '{}'",
                    typeobj::type_name_of(r.as_ptr())
                )));
            }
            Ok(())
        })();
        match r {
            Ok(()) => 0,
            Err(_) => -1,
        }
    }
}

/// `tp_descr_get` from `__get__(obj, type)` (None for a NULL argument).
pub(crate) unsafe extern "C" fn slot_tp_descr_get(
    o: *mut PyObject,
    obj: *mut PyObject,
    ty: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot contract.
    unsafe {
        let none = lifecycle::none();
        let obj = if obj.is_null() { none } else { obj };
        let ty = if ty.is_null() { none } else { ty };
        err::into_ptr(call_required(o, "__get__", &[obj, ty]))
    }
}

/// CPython's `vectorcall_maybe`: `type(args[0]).<name>` called with
/// `args`, `NotImplemented` when the type has no such attribute.
///
/// # Safety
/// Every argument live; `args` not empty.
unsafe fn call_maybe(name: &str, args: &[*mut PyObject]) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        Ok(call_dunder(args[0], name, &args[1..])?
            .unwrap_or_else(|| Owned::from_borrowed(lifecycle::not_implemented())))
    }
}

/// CPython's `method_is_overloaded`: whether `type(right).<name>` exists
/// and differs from `type(left).<name>` (looked up as attributes of the
/// types).
///
/// # Safety
/// Both live.
unsafe fn method_is_overloaded(
    left: *mut PyObject,
    right: *mut PyObject,
    name: &str,
) -> PyResult<bool> {
    // SAFETY: forwarded.
    unsafe {
        let n = unicode::intern(name)?;
        let Some(b) = abstract_::lookup_attr((*right).ob_type as *mut PyObject, n.as_ptr())? else {
            return Ok(false);
        };
        let Some(a) = abstract_::lookup_attr((*left).ob_type as *mut PyObject, n.as_ptr())? else {
            return Ok(true);
        };
        abstract_::rich_compare_bool(a.as_ptr(), b.as_ptr(), abstract_::NE)
    }
}

/// The body of CPython's `SLOT1BINFULL`: a binary number slot of a class
/// that defines `dunder` or `rdunder`. `has(t)` tells whether type `t`'s
/// slot is this very function. The right operand's reflected method runs
/// first when its type is a proper subtype that overrides it; a result of
/// `NotImplemented` passes to the other side.
///
/// # Safety
/// Both live.
unsafe fn binary_full(
    a: *mut PyObject,
    b: *mut PyObject,
    has: unsafe fn(*mut PyTypeObject) -> bool,
    dunder: &str,
    rdunder: &str,
) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let (ta, tb) = ((*a).ob_type, (*b).ob_type);
        let mut do_other = ta != tb && has(tb);
        if has(ta) {
            if do_other && typeobj::is_subtype(tb, ta) && method_is_overloaded(a, b, rdunder)? {
                let r = call_maybe(rdunder, &[b, a])?;
                if r.as_ptr() != lifecycle::not_implemented() {
                    return Ok(r);
                }
                do_other = false;
            }
            let r = call_maybe(dunder, &[a, b])?;
            if r.as_ptr() != lifecycle::not_implemented() || tb == ta {
                return Ok(r);
            }
        }
        if do_other {
            return call_maybe(rdunder, &[b, a]);
        }
        Ok(Owned::from_borrowed(lifecycle::not_implemented()))
    }
}

macro_rules! binary_slots {
    ($($f:ident, $field:ident, $l:literal, $r:literal;)*) => {
        $(
            #[doc = concat!("`", stringify!($field), "` from `", $l, "`/`", $r, "` (CPython's `SLOT1BINFULL`).")]
            pub(crate) unsafe extern "C" fn $f(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
                unsafe fn has(t: *mut PyTypeObject) -> bool {
                    // SAFETY: a live type; its number table is NULL or live.
                    unsafe {
                        let n = (*t).tp_as_number;
                        !n.is_null() && (*n).$field.is_some_and(|g| g as usize == $f as *const () as usize)
                    }
                }
                // SAFETY: slot contract: both live.
                unsafe { err::into_ptr(binary_full(a, b, has, $l, $r)) }
            }
        )*

        /// The generic function of the binary number slot a dunder (either
        /// spelling) feeds.
        pub(crate) fn binary_generic(name: &str) -> Option<*mut c_void> {
            match name {
                $($l | $r => Some($f as *mut c_void),)*
                _ => None,
            }
        }
    };
}

binary_slots! {
    slot_nb_add, nb_add, "__add__", "__radd__";
    slot_nb_subtract, nb_subtract, "__sub__", "__rsub__";
    slot_nb_multiply, nb_multiply, "__mul__", "__rmul__";
    slot_nb_remainder, nb_remainder, "__mod__", "__rmod__";
    slot_nb_divmod, nb_divmod, "__divmod__", "__rdivmod__";
    slot_nb_lshift, nb_lshift, "__lshift__", "__rlshift__";
    slot_nb_rshift, nb_rshift, "__rshift__", "__rrshift__";
    slot_nb_and, nb_and, "__and__", "__rand__";
    slot_nb_xor, nb_xor, "__xor__", "__rxor__";
    slot_nb_or, nb_or, "__or__", "__ror__";
    slot_nb_floor_divide, nb_floor_divide, "__floordiv__", "__rfloordiv__";
    slot_nb_true_divide, nb_true_divide, "__truediv__", "__rtruediv__";
    slot_nb_matrix_multiply, nb_matrix_multiply, "__matmul__", "__rmatmul__";
}

/// `pow(a, b)` through [`binary_full`] (`slot_nb_power_binary`).
unsafe fn power_binary(a: *mut PyObject, b: *mut PyObject) -> PyResult<Owned> {
    unsafe fn has(t: *mut PyTypeObject) -> bool {
        // SAFETY: a live type; its number table is NULL or live.
        unsafe {
            let n = (*t).tp_as_number;
            !n.is_null()
                && (*n)
                    .nb_power
                    .is_some_and(|g| g as usize == slot_nb_power as *const () as usize)
        }
    }
    // SAFETY: forwarded.
    unsafe { binary_full(a, b, has, "__pow__", "__rpow__") }
}

/// `nb_power` from `__pow__`/`__rpow__`: with a modulus, only the left
/// operand's `__pow__(b, mod)` is tried (three-argument `pow` has no
/// reflected form).
pub(crate) unsafe extern "C" fn slot_nb_power(
    a: *mut PyObject,
    b: *mut PyObject,
    m: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot contract: all live.
    unsafe {
        if m == lifecycle::none() {
            return err::into_ptr(power_binary(a, b));
        }
        let n = (*(*a).ob_type).tp_as_number;
        if !n.is_null()
            && (*n)
                .nb_power
                .is_some_and(|g| g as usize == slot_nb_power as *const () as usize)
        {
            return err::into_ptr(call_required(a, "__pow__", &[b, m]));
        }
        new_ref(lifecycle::not_implemented())
    }
}

macro_rules! inplace_slots {
    ($($f:ident, $name:literal;)*) => {
        $(
            #[doc = concat!("The in-place slot from `", $name, "`.")]
            pub(crate) unsafe extern "C" fn $f(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
                // SAFETY: slot contract: both live.
                unsafe { err::into_ptr(call_required(a, $name, &[b])) }
            }
        )*

        /// The generic function of the in-place slot a dunder feeds.
        pub(crate) fn inplace_generic(name: &str) -> Option<*mut c_void> {
            match name {
                $($name => Some($f as *mut c_void),)*
                "__ipow__" => Some(slot_nb_inplace_power as *mut c_void),
                _ => None,
            }
        }
    };
}

inplace_slots! {
    slot_nb_inplace_add, "__iadd__";
    slot_nb_inplace_subtract, "__isub__";
    slot_nb_inplace_multiply, "__imul__";
    slot_nb_inplace_remainder, "__imod__";
    slot_nb_inplace_lshift, "__ilshift__";
    slot_nb_inplace_rshift, "__irshift__";
    slot_nb_inplace_and, "__iand__";
    slot_nb_inplace_xor, "__ixor__";
    slot_nb_inplace_or, "__ior__";
    slot_nb_inplace_floor_divide, "__ifloordiv__";
    slot_nb_inplace_true_divide, "__itruediv__";
    slot_nb_inplace_matrix_multiply, "__imatmul__";
}

/// `nb_inplace_power` from `__ipow__` (the modulus is not passed, as in
/// CPython).
pub(crate) unsafe extern "C" fn slot_nb_inplace_power(
    a: *mut PyObject,
    b: *mut PyObject,
    _m: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot contract: both live.
    unsafe { err::into_ptr(call_required(a, "__ipow__", &[b])) }
}

unary_slot!(
    /// `nb_negative` from `__neg__`.
    slot_nb_negative, "__neg__"
);
unary_slot!(
    /// `nb_positive` from `__pos__`.
    slot_nb_positive, "__pos__"
);
unary_slot!(
    /// `nb_absolute` from `__abs__`.
    slot_nb_absolute, "__abs__"
);
unary_slot!(
    /// `nb_invert` from `__invert__`.
    slot_nb_invert, "__invert__"
);
unary_slot!(
    /// `am_await` from `__await__`.
    slot_am_await, "__await__"
);
unary_slot!(
    /// `am_aiter` from `__aiter__`.
    slot_am_aiter, "__aiter__"
);
unary_slot!(
    /// `am_anext` from `__anext__`.
    slot_am_anext, "__anext__"
);

/// Calls `attr` (found on the type of `o`) with `name`, bound to `o`
/// (CPython's `call_attribute`).
///
/// # Safety
/// All live.
unsafe fn call_attribute(
    o: *mut PyObject,
    attr: *mut PyObject,
    name: *mut PyObject,
) -> PyResult<Owned> {
    // SAFETY: forwarded; the bound form is held while called.
    unsafe {
        let at = (*attr).ob_type;
        if (*at).tp_flags & typeobj::flags::METHOD_DESCRIPTOR != 0 {
            return call::call_args(attr, &[o, name]);
        }
        match (*at).tp_descr_get {
            Some(g) => {
                let bound = err::from_ptr(g(attr, o, (*o).ob_type as *mut PyObject))?;
                call::call_args(bound.as_ptr(), &[name])
            }
            None => call::call_args(attr, &[name]),
        }
    }
}

/// `tp_getattro` of a class with `__getattr__` (CPython's
/// `slot_tp_getattr_hook`): `__getattribute__` (the generic lookup when it
/// is `object`'s), then `__getattr__` on `AttributeError`. A type found
/// without `__getattr__` gets [`slot_tp_getattro`] instead.
pub(crate) unsafe extern "C" fn slot_tp_getattr_hook(
    o: *mut PyObject,
    name: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot contract; the looked-up attributes are held while used.
    unsafe {
        let r = (|| -> PyResult<Owned> {
            let t = (*o).ob_type;
            let ga = typeobj::lookup(t, unicode::intern("__getattr__")?.as_ptr());
            if ga.is_null() {
                (*t).tp_getattro = Some(slot_tp_getattro);
                return err::from_ptr(slot_tp_getattro(o, name));
            }
            let ga = Owned::from_borrowed(ga);
            let gab = typeobj::lookup(t, unicode::intern("__getattribute__")?.as_ptr());
            let generic = gab.is_null() || crate::objects::slotwrap::wraps_generic_getattr(gab);
            let res = if generic {
                attr::generic_getattr(o, name, true)
            } else {
                let gab = Owned::from_borrowed(gab);
                call_attribute(o, gab.as_ptr(), name).map(Some)
            };
            match res {
                Ok(Some(v)) => Ok(v),
                Ok(None) => call_attribute(o, ga.as_ptr(), name),
                Err(e) => {
                    if err::given_matches(
                        err::occurred(),
                        crate::objects::exceptions::get(Exc::AttributeError),
                    ) {
                        err::clear();
                        call_attribute(o, ga.as_ptr(), name)
                    } else {
                        Err(e)
                    }
                }
            }
        })();
        err::into_ptr(r)
    }
}

/// `tp_new` from `__new__` (CPython's `slot_tp_new`): `type.__new__`
/// looked up as an attribute (a staticmethod gives the function) and
/// called with the type first.
pub(crate) unsafe extern "C" fn slot_tp_new(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot contract: a tuple and NULL or a dict.
    unsafe {
        let r = (|| -> PyResult<Owned> {
            let f = abstract_::getattr(t as *mut PyObject, unicode::intern("__new__")?.as_ptr())?;
            let mut v = vec![t as *mut PyObject];
            v.extend_from_slice(call::slice(tuple::items(args), tuple::size(args) as usize));
            let full = tuple::new_from(&v)?;
            call::call(f.as_ptr(), full.as_ptr(), kw)
        })();
        err::into_ptr(r)
    }
}

/// `tp_finalize` from `__del__` (CPython's `slot_tp_finalize`): an error
/// is reported as unraisable ("Exception ignored in: <the method>"); the
/// exception being handled before is kept.
pub(crate) unsafe extern "C" fn slot_tp_finalize(o: *mut PyObject) {
    // SAFETY: slot contract: a live (possibly revived) object.
    unsafe {
        let saved = err::take();
        if let Ok(n) = unicode::intern("__del__") {
            match attr::get_method_from_type(o, n.as_ptr()) {
                Ok((Some(del), unbound)) => {
                    let r = if unbound {
                        call::call_args(del.as_ptr(), &[o])
                    } else {
                        call::call_args(del.as_ptr(), &[])
                    };
                    if r.is_err() {
                        err::write_unraisable(del.as_ptr());
                    }
                }
                Ok((None, _)) => {}
                Err(_) => err::clear(),
            }
        } else {
            err::clear();
        }
        err::restore(saved);
    }
}

/// `sq_item` from `__getitem__` with an int index.
pub(crate) unsafe extern "C" fn slot_sq_item(o: *mut PyObject, i: isize) -> *mut PyObject {
    // SAFETY: slot contract.
    unsafe {
        let r =
            long::from_i64(i as i64).and_then(|k| call_required(o, "__getitem__", &[k.as_ptr()]));
        err::into_ptr(r)
    }
}

/// `sq_ass_item` from `__setitem__`/`__delitem__` with an int index.
pub(crate) unsafe extern "C" fn slot_sq_ass_item(
    o: *mut PyObject,
    i: isize,
    value: *mut PyObject,
) -> c_int {
    // SAFETY: slot contract.
    unsafe {
        match long::from_i64(i as i64) {
            Ok(k) => set_or_delete(o, "__setitem__", "__delitem__", k.as_ptr(), value),
            Err(_) => -1,
        }
    }
}
