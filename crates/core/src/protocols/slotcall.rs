//! Slot functions that call a dunder a heap type got after creation
//! (CPython's `slot_tp_repr`, `slot_mp_subscript`, ...): when C code
//! assigns `T.__len__ = ...`, [`crate::objects::slotwrap::update_slot`] points the
//! C slot at the matching function here, which looks the name up on the
//! instance's type and calls it, with CPython's checks on the result.

use crate::objects::exceptions::Exc;
use crate::objects::object::*;
use crate::objects::typeobj;
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::{
    objects::long, objects::tuple, objects::unicode, protocols::abstract_, protocols::attr,
    protocols::call,
};
use std::ffi::c_int;

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
