//! `abstract.h`: sizes, items, `isinstance`/`issubclass`, calls, the
//! iterator protocol, and the sequence and mapping protocols.

use crate::boundary::*;
use crate::export;
use crate::shim::null_error;
use ophis_core::objects::iterobject::{self, Sent};
use ophis_core::objects::object::{PyObject, Py_ssize_t};
use ophis_core::{
    objects::dict, objects::tuple, objects::unicode, protocols::abstract_, protocols::call,
    protocols::sequence, runtime::err,
};
use std::ffi::{c_char, c_int, CStr};
use std::ptr;

export! {
    /// `PyObject_Size`.
    fn PyObject_Size(op: *mut PyObject) -> Py_ssize_t {
        if op.is_null() { return null_error(); }
        value(abstract_::size(op))
    }
}
export! {
    /// `PyObject_Length` (the old name of `PyObject_Size`).
    fn PyObject_Length(op: *mut PyObject) -> Py_ssize_t {
        if op.is_null() { return null_error(); }
        value(abstract_::size(op))
    }
}
export! {
    /// `PyObject_GetItem`.
    fn PyObject_GetItem(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
        if op.is_null() || key.is_null() { return null_error(); }
        obj(abstract_::getitem(op, key))
    }
}
export! {
    /// `PyObject_SetItem`.
    fn PyObject_SetItem(op: *mut PyObject, key: *mut PyObject, v: *mut PyObject) -> c_int {
        if op.is_null() || key.is_null() || v.is_null() { return null_error(); }
        status(abstract_::setitem(op, key, v))
    }
}
export! {
    /// `PyObject_DelItem`.
    fn PyObject_DelItem(op: *mut PyObject, key: *mut PyObject) -> c_int {
        if op.is_null() || key.is_null() { return null_error(); }
        status(abstract_::setitem(op, key, ptr::null_mut()))
    }
}
export! {
    /// `PyObject_IsInstance`.
    fn PyObject_IsInstance(inst: *mut PyObject, cls: *mut PyObject) -> c_int {
        if inst.is_null() || cls.is_null() { return null_error(); }
        truth(abstract_::is_instance(inst, cls))
    }
}
export! {
    /// `PyObject_IsSubclass`.
    fn PyObject_IsSubclass(derived: *mut PyObject, cls: *mut PyObject) -> c_int {
        if derived.is_null() || cls.is_null() { return null_error(); }
        truth(abstract_::is_subclass(derived, cls))
    }
}
export! {
    /// `PyMapping_HasKeyString`: never raises.
    fn PyMapping_HasKeyString(op: *mut PyObject, key: *const c_char) -> c_int {
        if op.is_null() || key.is_null() { return 0; }
        c_int::from(abstract_::mapping_has_key_str(op, &CStr::from_ptr(key).to_string_lossy()))
    }
}
export! {
    /// `PyObject_Call`.
    fn PyObject_Call(callable: *mut PyObject, args: *mut PyObject, kwargs: *mut PyObject) -> *mut PyObject {
        if callable.is_null() || args.is_null() { return null_error(); }
        call::call_raw(callable, args, kwargs)
    }
}
export! {
    /// `PyObject_CallObject`: NULL args means no arguments.
    fn PyObject_CallObject(callable: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
        if callable.is_null() { return null_error(); }
        if args.is_null() {
            return call::call_no_args(callable);
        }
        if !tuple::check(args) {
            return value(Err(err::type_error("argument list must be a tuple")));
        }
        call::vectorcall(callable, tuple::items(args), tuple::size(args) as usize, ptr::null_mut())
    }
}
export! {
    /// `PyObject_CallNoArgs`.
    fn PyObject_CallNoArgs(callable: *mut PyObject) -> *mut PyObject {
        if callable.is_null() { return null_error(); }
        call::call_no_args(callable)
    }
}
export! {
    /// `PyVectorcall_NARGS`: the count in `nargsf`, flag cleared.
    fn PyVectorcall_NARGS(nargsf: usize) -> Py_ssize_t {
        ophis_vectorcall::nargs(nargsf) as Py_ssize_t
    }
}
export! {
    /// `PyVectorcall_Call`: the `tp_call` of vectorcall types.
    fn PyVectorcall_Call(callable: *mut PyObject, args: *mut PyObject, kwargs: *mut PyObject) -> *mut PyObject {
        if callable.is_null() || args.is_null() || !tuple::check(args)
            || (!kwargs.is_null() && !dict::check(kwargs)) {
            return bad_call();
        }
        call::vectorcall_call(callable, args, kwargs)
    }
}
/// `PyObject_Vectorcall`.
///
/// The fast path (a callee with a vectorcall pointer returning a consistent
/// result) runs no Rust code that can panic, so it stays outside the panic
/// boundary; every other path goes through it in `vectorcall_slow`.
#[no_mangle]
pub unsafe extern "C" fn PyObject_Vectorcall(
    callable: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: the C caller's contract: a live callable, a vector valid for
    // its count (checked against NULL) and kwnames NULL or live.
    if !callable.is_null() && unsafe { call::vector_fast(args, kwnames) } {
        // SAFETY: as above.
        if let Some(f) = unsafe { call::vectorcall_function(callable) } {
            // SAFETY: as above; the callee's own contract.
            let r = unsafe { f(callable, args, nargsf, kwnames) };
            if call::result_consistent(r) {
                return r;
            }
            return bad_result_slow("PyObject_Vectorcall", callable, r);
        }
    }
    // SAFETY: forwarded.
    unsafe { vectorcall_slow(callable, args, nargsf, kwnames) }
}

#[cold]
#[inline(never)]
unsafe fn vectorcall_slow(
    callable: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    guard("PyObject_Vectorcall", || {
        if callable.is_null() {
            return null_error();
        }
        // SAFETY: the C caller's contract; the vector is checked first.
        unsafe {
            if !call::vector_ok(args, nargsf, kwnames) {
                return call::bad_vector(args, kwnames).into();
            }
            // A valid vector the fast path left (NULL without arguments)
            // still reaches the callee's vectorcall as it is.
            if let Some(f) = call::vectorcall_function(callable) {
                let r = f(callable, args, nargsf, kwnames);
                if call::result_consistent(r) {
                    return r;
                }
                return call::bad_result(callable, r);
            }
            call::make_tp_call(callable, args, ophis_vectorcall::nargs(nargsf), kwnames)
        }
    })
}

#[cold]
#[inline(never)]
fn bad_result_slow(name: &'static str, callable: *mut PyObject, r: *mut PyObject) -> *mut PyObject {
    // SAFETY: `r` is the callee's result for the live `callable`.
    guard(name, || unsafe { call::bad_result(callable, r) })
}

/// `PyObject_VectorcallMethod`: `args[0]` is the receiver.
///
/// The common case (a method descriptor found on the type and not shadowed,
/// see `ophis_core::protocols::attr::unbound_method_fast`) runs outside the panic
/// boundary, like [`PyObject_Vectorcall`]'s fast path.
#[no_mangle]
pub unsafe extern "C" fn PyObject_VectorcallMethod(
    name: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    if !name.is_null() {
        // SAFETY: the C caller's contract (receiver in args[0]).
        if let Some((m, r)) = unsafe { call::vectorcall_method_fast(name, args, nargsf, kwnames) } {
            let r = if call::result_consistent(r) {
                r
            } else {
                bad_result_slow("PyObject_VectorcallMethod", m, r)
            };
            // SAFETY: the reference the fast path took.
            unsafe { ophis_core::objects::object::decref(m) };
            return r;
        }
    }
    vectorcall_method_slow(name, args, nargsf, kwnames)
}

#[cold]
#[inline(never)]
fn vectorcall_method_slow(
    name: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    guard("PyObject_VectorcallMethod", || {
        if name.is_null() {
            return null_error();
        }
        // SAFETY: the C caller's contract.
        unsafe { call::vectorcall_method(name, args, nargsf, kwnames) }
    })
}

// ---- iteration ----

/// `PYGEN_RETURN`, `PYGEN_ERROR`, `PYGEN_NEXT` (`PySendResult`).
const PYGEN_RETURN: c_int = 0;
const PYGEN_ERROR: c_int = -1;
const PYGEN_NEXT: c_int = 1;

export! {
    /// `PyObject_GetIter`.
    fn PyObject_GetIter(o: *mut PyObject) -> *mut PyObject {
        if o.is_null() { return null_error(); }
        obj(iterobject::get_iter(o))
    }
}
export! {
    /// `PyIter_Check`: 0 for NULL.
    fn PyIter_Check(o: *mut PyObject) -> c_int {
        c_int::from(!o.is_null() && iterobject::is_iterator(o))
    }
}
export! {
    /// `PyIter_Next`: NULL without an exception at the end.
    fn PyIter_Next(it: *mut PyObject) -> *mut PyObject {
        if it.is_null() { return null_error(); }
        match iterobject::next(it) {
            Ok(Some(x)) => x.into_raw(),
            Ok(None) => std::ptr::null_mut(),
            Err(_) => std::ptr::null_mut(),
        }
    }
}
export! {
    /// `PyIter_Send`: `*presult` is the yielded or returned value, or NULL
    /// with `PYGEN_ERROR`.
    fn PyIter_Send(it: *mut PyObject, arg: *mut PyObject, presult: *mut *mut PyObject) -> c_int {
        if presult.is_null() {
            let _ = ophis_core::runtime::err::bad_argument();
            return PYGEN_ERROR;
        }
        *presult = std::ptr::null_mut();
        if it.is_null() || arg.is_null() {
            let _ = ophis_core::runtime::err::bad_argument();
            return PYGEN_ERROR;
        }
        match iterobject::send(it, arg) {
            Ok(Sent::Next(v)) => { *presult = v.into_raw(); PYGEN_NEXT }
            Ok(Sent::Return(v)) => { *presult = v.into_raw(); PYGEN_RETURN }
            Err(_) => PYGEN_ERROR,
        }
    }
}

// ---- sequences ----

export! {
    /// `PySequence_Check`: 0 for dicts, 1 for types with `sq_item`.
    fn PySequence_Check(o: *mut PyObject) -> c_int {
        c_int::from(!o.is_null() && iterobject::sequence_check(o))
    }
}
export! {
    /// `PySequence_Concat(s, o)`.
    fn PySequence_Concat(s: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
        if s.is_null() || o.is_null() { return null_error(); }
        obj(ophis_core::protocols::number::sequence_concat(s, o, false))
    }
}
export! {
    /// `PySequence_InPlaceConcat(s, o)`.
    fn PySequence_InPlaceConcat(s: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
        if s.is_null() || o.is_null() { return null_error(); }
        obj(ophis_core::protocols::number::sequence_concat(s, o, true))
    }
}
export! {
    /// `PySequence_Repeat(o, count)`.
    fn PySequence_Repeat(o: *mut PyObject, count: Py_ssize_t) -> *mut PyObject {
        if o.is_null() { return null_error(); }
        obj(ophis_core::protocols::number::sequence_repeat(o, count, false))
    }
}
export! {
    /// `PySequence_InPlaceRepeat(o, count)`.
    fn PySequence_InPlaceRepeat(o: *mut PyObject, count: Py_ssize_t) -> *mut PyObject {
        if o.is_null() { return null_error(); }
        obj(ophis_core::protocols::number::sequence_repeat(o, count, true))
    }
}
export! {
    /// `PySequence_Size`.
    fn PySequence_Size(o: *mut PyObject) -> Py_ssize_t {
        if o.is_null() { return null_error(); }
        value(sequence::size(o))
    }
}
export! {
    /// `PySequence_Length` (the old name of `PySequence_Size`).
    fn PySequence_Length(o: *mut PyObject) -> Py_ssize_t {
        if o.is_null() { return null_error(); }
        value(sequence::size(o))
    }
}
export! {
    /// `PySequence_GetItem`: negative indexes count from the end.
    fn PySequence_GetItem(o: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
        if o.is_null() { return null_error(); }
        obj(sequence::get_item(o, i))
    }
}
export! {
    /// `PySequence_SetItem`: a NULL value deletes, as in CPython.
    fn PySequence_SetItem(o: *mut PyObject, i: Py_ssize_t, v: *mut PyObject) -> c_int {
        if o.is_null() { return null_error(); }
        status(sequence::set_item(o, i, v))
    }
}
export! {
    /// `PySequence_DelItem`.
    fn PySequence_DelItem(o: *mut PyObject, i: Py_ssize_t) -> c_int {
        if o.is_null() { return null_error(); }
        status(sequence::set_item(o, i, ptr::null_mut()))
    }
}
export! {
    /// `PySequence_Contains`.
    fn PySequence_Contains(seq: *mut PyObject, x: *mut PyObject) -> c_int {
        if seq.is_null() || x.is_null() { return null_error(); }
        truth(sequence::contains(seq, x))
    }
}
export! {
    /// `PySequence_In` (the old name of `PySequence_Contains`).
    fn PySequence_In(seq: *mut PyObject, x: *mut PyObject) -> c_int {
        if seq.is_null() || x.is_null() { return null_error(); }
        truth(sequence::contains(seq, x))
    }
}
export! {
    /// `PySequence_Count`.
    fn PySequence_Count(seq: *mut PyObject, x: *mut PyObject) -> Py_ssize_t {
        if seq.is_null() || x.is_null() { return null_error(); }
        value(sequence::count(seq, x))
    }
}
export! {
    /// `PySequence_Index`.
    fn PySequence_Index(seq: *mut PyObject, x: *mut PyObject) -> Py_ssize_t {
        if seq.is_null() || x.is_null() { return null_error(); }
        value(sequence::index(seq, x))
    }
}
export! {
    /// `PySequence_List`.
    fn PySequence_List(o: *mut PyObject) -> *mut PyObject {
        if o.is_null() { return null_error(); }
        obj(sequence::to_list(o))
    }
}
export! {
    /// `PySequence_Tuple`.
    fn PySequence_Tuple(o: *mut PyObject) -> *mut PyObject {
        if o.is_null() { return null_error(); }
        obj(sequence::to_tuple(o))
    }
}
export! {
    /// `PySequence_Fast`: `m` is the `TypeError` message for non-iterables.
    fn PySequence_Fast(o: *mut PyObject, m: *const c_char) -> *mut PyObject {
        if o.is_null() { return null_error(); }
        let msg = if m.is_null() { String::new() } else { cstr(m).into_owned() };
        obj(sequence::fast(o, &msg))
    }
}

// ---- mappings ----

export! {
    /// `PyMapping_Check`: the type has `mp_subscript`.
    fn PyMapping_Check(o: *mut PyObject) -> c_int {
        c_int::from(!o.is_null() && sequence::is_mapping(o))
    }
}
export! {
    /// `PyMapping_Size`.
    fn PyMapping_Size(o: *mut PyObject) -> Py_ssize_t {
        if o.is_null() { return null_error(); }
        value(sequence::mapping_size(o))
    }
}
export! {
    /// `PyMapping_Length` (the old name of `PyMapping_Size`).
    fn PyMapping_Length(o: *mut PyObject) -> Py_ssize_t {
        if o.is_null() { return null_error(); }
        value(sequence::mapping_size(o))
    }
}
export! {
    /// `PyMapping_HasKey`: never raises.
    fn PyMapping_HasKey(o: *mut PyObject, key: *mut PyObject) -> c_int {
        if o.is_null() || key.is_null() { return 0; }
        match abstract_::getitem(o, key) {
            Ok(_) => 1,
            Err(_) => { err::clear(); 0 }
        }
    }
}
export! {
    /// `PyMapping_Keys`: a list.
    fn PyMapping_Keys(o: *mut PyObject) -> *mut PyObject {
        if o.is_null() { return null_error(); }
        obj(sequence::mapping_list(o, 0))
    }
}
export! {
    /// `PyMapping_Values`: a list.
    fn PyMapping_Values(o: *mut PyObject) -> *mut PyObject {
        if o.is_null() { return null_error(); }
        obj(sequence::mapping_list(o, 1))
    }
}
export! {
    /// `PyMapping_Items`: a list of pairs.
    fn PyMapping_Items(o: *mut PyObject) -> *mut PyObject {
        if o.is_null() { return null_error(); }
        obj(sequence::mapping_list(o, 2))
    }
}
export! {
    /// `PyMapping_GetItemString`.
    fn PyMapping_GetItemString(o: *mut PyObject, key: *const c_char) -> *mut PyObject {
        if o.is_null() || key.is_null() { return null_error(); }
        obj(unicode::from_utf8(CStr::from_ptr(key).to_bytes())
            .and_then(|k| abstract_::getitem(o, k.as_ptr())))
    }
}
export! {
    /// `PyMapping_SetItemString`.
    fn PyMapping_SetItemString(o: *mut PyObject, key: *const c_char, v: *mut PyObject) -> c_int {
        if o.is_null() || key.is_null() || v.is_null() { return null_error(); }
        status(unicode::from_utf8(CStr::from_ptr(key).to_bytes())
            .and_then(|k| abstract_::setitem(o, k.as_ptr(), v)))
    }
}
export! {
    /// `PyObject_DelItemString` (also `PyMapping_DelItemString`).
    fn PyObject_DelItemString(o: *mut PyObject, key: *const c_char) -> c_int {
        if o.is_null() || key.is_null() { return null_error(); }
        status(unicode::from_utf8(CStr::from_ptr(key).to_bytes())
            .and_then(|k| abstract_::setitem(o, k.as_ptr(), ptr::null_mut())))
    }
}
export! {
    /// `PySequence_GetSlice`: `o[i1:i2]`.
    fn PySequence_GetSlice(o: *mut PyObject, i1: Py_ssize_t, i2: Py_ssize_t) -> *mut PyObject {
        if o.is_null() { return null_error(); }
        obj(sequence::get_slice(o, i1, i2))
    }
}
export! {
    /// `PySequence_SetSlice`: `o[i1:i2] = v` (NULL deletes).
    fn PySequence_SetSlice(o: *mut PyObject, i1: Py_ssize_t, i2: Py_ssize_t, v: *mut PyObject) -> c_int {
        if o.is_null() { return null_error(); }
        status(sequence::set_slice(o, i1, i2, v))
    }
}
export! {
    /// `PySequence_DelSlice`: `del o[i1:i2]`.
    fn PySequence_DelSlice(o: *mut PyObject, i1: Py_ssize_t, i2: Py_ssize_t) -> c_int {
        if o.is_null() { return null_error(); }
        status(sequence::set_slice(o, i1, i2, ptr::null_mut()))
    }
}
export! {
    /// `PyObject_Bytes`: `b'<NULL>'` for NULL, as CPython.
    fn PyObject_Bytes(o: *mut PyObject) -> *mut PyObject {
        if o.is_null() { return obj(ophis_core::objects::bytes::from_bytes(b"<NULL>")); }
        obj(abstract_::bytes_of(o))
    }
}
export! {
    /// `PyObject_LengthHint`.
    fn PyObject_LengthHint(o: *mut PyObject, default: Py_ssize_t) -> Py_ssize_t {
        if o.is_null() { return null_error(); }
        value(abstract_::length_hint(o, default))
    }
}
