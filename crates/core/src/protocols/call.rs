//! Calling objects: the vectorcall protocol (PEP 590) and the `tp_call`
//! protocol, the C-API entry points over them, CPython's result checks, and
//! the C recursion guard.
//!
//! Every entry point first asks [`vectorcall_function`] for the callee's own
//! vectorcall pointer and calls it with the caller's vector unchanged; only
//! a callee without one gets its arguments packed into a tuple and a dict
//! for `tp_call`. Keyword dicts become `kwnames` plus trailing values in an
//! [`ArgBuf`] (a stack buffer with a spare leading slot, so those calls
//! carry `PY_VECTORCALL_ARGUMENTS_OFFSET`).
//!
//! Result checks are stricter than CPython 3.12 in one place (spec
//! calls_exc_dict §F.1): `PyObject_Call` and `PyVectorcall_Call` check the
//! result of a vectorcall callee even without keywords.

use crate::objects::exceptions::Exc;
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags};
use crate::runtime::err::{self, PyResult};
use crate::{objects::dict, objects::tuple, objects::unicode, runtime::thread};
use ophis_vectorcall::{nargs, ArgBuf, ARGUMENTS_OFFSET};
use std::ffi::CStr;
use std::ptr;

/// `vectorcallfunc`: `(callable, args, nargsf, kwnames) -> result`.
pub type VectorcallFunc = unsafe extern "C" fn(
    *mut PyObject,
    *const *mut PyObject,
    usize,
    *mut PyObject,
) -> *mut PyObject;

/// A `tp_call` slot.
type TernaryFunc =
    unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject;

/// The recursion-guard suffix of calls through `tp_call`.
pub const WHILE_CALLING: &CStr = c" while calling a Python object";

/// `PyVectorcall_Function`: the vectorcall pointer stored in `callable`, if
/// its type has `Py_TPFLAGS_HAVE_VECTORCALL` (and a positive offset).
///
/// # Safety
/// `callable` must be live.
#[inline(always)]
pub unsafe fn vectorcall_function(callable: *mut PyObject) -> Option<VectorcallFunc> {
    // SAFETY: a positive `tp_vectorcall_offset` names a `vectorcallfunc`
    // field inside every instance (the type's contract).
    unsafe {
        let t = (*callable).ob_type;
        if (*t).tp_flags & flags::HAVE_VECTORCALL == 0 {
            return None;
        }
        let off = (*t).tp_vectorcall_offset;
        if off <= 0 {
            return None;
        }
        *((callable as *mut u8).offset(off) as *const Option<VectorcallFunc>)
    }
}

/// `Py_EnterRecursiveCall`: one more nested C call; `RecursionError`
/// (`"maximum recursion depth exceeded" + where_`) past
/// [`thread::C_RECURSION_LIMIT`]. On success the caller must call
/// [`leave_recursive_call`].
#[inline(always)]
pub fn enter_recursive_call(where_: &CStr) -> PyResult<()> {
    let ts = thread::attached();
    if ts.is_null() {
        return Ok(());
    }
    // SAFETY: the attached thread state is this thread's own.
    unsafe {
        let old = (*ts).c_recursion_remaining;
        (*ts).c_recursion_remaining = old - 1;
        if old <= 0 {
            return recursion_overflow(ts, where_);
        }
    }
    Ok(())
}

#[cold]
#[inline(never)]
unsafe fn recursion_overflow(ts: *mut thread::ThreadState, where_: &CStr) -> PyResult<()> {
    // SAFETY: the attached thread state.
    unsafe {
        if (*ts).recursion_headroom != 0 {
            if (*ts).c_recursion_remaining < -50 {
                crate::runtime::lifecycle::fatal(
                    "Py_EnterRecursiveCall",
                    "Cannot recover from stack overflow.",
                );
            }
            return Ok(());
        }
        (*ts).recursion_headroom += 1;
        let e = err::raise(
            Exc::RecursionError,
            &format!(
                "maximum recursion depth exceeded{}",
                where_.to_string_lossy()
            ),
        );
        (*ts).recursion_headroom -= 1;
        (*ts).c_recursion_remaining += 1;
        Err(e)
    }
}

/// `Py_LeaveRecursiveCall`.
#[inline(always)]
pub fn leave_recursive_call() {
    let ts = thread::attached();
    if !ts.is_null() {
        // SAFETY: the attached thread state is this thread's own.
        unsafe { (*ts).c_recursion_remaining += 1 }
    }
}

/// `_Py_CheckFunctionResult` on a raw result: returns `r` when it is a
/// value with no exception pending or NULL with one; otherwise raises
/// CPython's `SystemError` and returns NULL.
///
/// # Safety
/// `callable` live; `r` NULL or a new reference.
#[inline(always)]
pub unsafe fn check_result_raw(callable: *mut PyObject, r: *mut PyObject) -> *mut PyObject {
    if result_consistent(r) {
        return r;
    }
    // SAFETY: forwarded.
    unsafe { bad_result(callable, r) }
}

/// Whether a callee's result agrees with the error indicator: a value and
/// no exception, or NULL and an exception.
#[inline(always)]
pub fn result_consistent(r: *mut PyObject) -> bool {
    let ts = thread::attached();
    // SAFETY: the GIL holder's thread state, if any.
    let pending = !ts.is_null() && unsafe { (*ts).exc.occurred().is_some() };
    r.is_null() == pending
}

/// The `SystemError` of an inconsistent result (see [`result_consistent`]):
/// consumes `r`, returns NULL.
///
/// # Safety
/// `callable` live; `r` NULL or a new reference.
#[cold]
#[inline(never)]
pub unsafe fn bad_result(callable: *mut PyObject, r: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe { bad_result_of(callable, None, r) }
}

/// `_Py_CheckFunctionResult` as C calls it: the callable, or when it is
/// NULL the `where` text, names the culprit.
///
/// # Safety
/// `callable` NULL or live; `r` NULL or a new reference.
pub unsafe fn check_result_where(
    callable: *mut PyObject,
    place: Option<&str>,
    r: *mut PyObject,
) -> *mut PyObject {
    if result_consistent(r) {
        return r;
    }
    // SAFETY: forwarded.
    unsafe { bad_result_of(callable, place, r) }
}

#[cold]
unsafe fn bad_result_of(
    callable: *mut PyObject,
    place: Option<&str>,
    r: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe {
        let rep = || match place {
            Some(p) if callable.is_null() => p.to_string(),
            _ => err::preserving(|| {
                crate::protocols::abstract_::repr_string(callable).unwrap_or_default()
            }),
        };
        if r.is_null() {
            let _ = err::system_error(&format!(
                "{} returned NULL without setting an exception",
                rep()
            ));
            return ptr::null_mut();
        }
        decref(r);
        let stray = err::take();
        let _ = err::system_error(&format!(
            "{} returned a result with an exception set",
            rep()
        ));
        err::chain_cause(stray);
        ptr::null_mut()
    }
}

/// [`check_result_raw`] in `PyResult` form.
///
/// # Safety
/// `callable` live; `r` NULL or a new reference.
#[inline]
pub unsafe fn check_result(callable: *mut PyObject, r: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe { err::from_ptr(check_result_raw(callable, r)) }
}

/// `PyObject_Vectorcall`: calls `callable` with `args[..nargs]` positional
/// and `kwnames` (NULL or a tuple) naming the values after them; the flag
/// in `nargsf` reaches a vectorcall callee unchanged. Returns a new
/// reference or NULL with an exception set.
///
/// # Safety
/// `callable` live; `args` valid for `nargs + len(kwnames)` reads (and the
/// slot before it writable when the offset flag is set); `kwnames` NULL or
/// a tuple.
#[inline(always)]
pub unsafe fn vectorcall(
    callable: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe {
        match vectorcall_function(callable) {
            Some(f) => check_result_raw(callable, f(callable, args, nargsf, kwnames)),
            None => make_tp_call(callable, args, nargs(nargsf), kwnames),
        }
    }
}

/// `_PyObject_MakeTpCall`: calls `callable` through `tp_call` with a tuple
/// of `args[..nargs]` and a dict built from `kwnames` (later duplicates
/// win; an empty `kwnames` passes NULL), under the recursion guard.
///
/// # Safety
/// As [`vectorcall`].
#[inline(never)]
pub unsafe fn make_tp_call(
    callable: *mut PyObject,
    args: *const *mut PyObject,
    nargs: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe {
        let Some(call) = (*(*callable).ob_type).tp_call else {
            return not_callable(callable).into();
        };
        let pos = slice(args, nargs);
        let argtuple = match tuple::new_from(pos) {
            Ok(t) => t,
            Err(e) => return e.into(),
        };
        let mut kwdict = None;
        if !kwnames.is_null() && tuple::size(kwnames) > 0 {
            let n = tuple::size(kwnames) as usize;
            match stack_as_dict(slice(args.add(nargs), n), kwnames) {
                Ok(d) => kwdict = Some(d),
                Err(e) => return e.into(),
            }
        }
        let kw = kwdict.as_ref().map_or(ptr::null_mut(), |d| d.as_ptr());
        call_tp_call(callable, call, argtuple.as_ptr(), kw)
    }
}

/// `_PyObject_MakeTpCall` as C calls it: the keywords NULL, a dict, or a
/// `kwnames` tuple naming values after `args[..nargs]`.
///
/// # Safety
/// As [`vectorcall`]; `keywords` NULL, a dict or a tuple of strs.
pub unsafe fn make_tp_call_keywords(
    callable: *mut PyObject,
    args: *const *mut PyObject,
    nargs: usize,
    keywords: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe {
        if keywords.is_null() || !dict::check(keywords) {
            return make_tp_call(callable, args, nargs, keywords);
        }
        let Some(call) = (*(*callable).ob_type).tp_call else {
            return not_callable(callable).into();
        };
        match tuple::new_from(slice(args, nargs)) {
            Ok(t) => call_tp_call(callable, call, t.as_ptr(), keywords),
            Err(e) => e.into(),
        }
    }
}

/// Runs a `tp_call` slot under the recursion guard and checks its result.
unsafe fn call_tp_call(
    callable: *mut PyObject,
    call: TernaryFunc,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    if let Err(e) = enter_recursive_call(WHILE_CALLING) {
        return e.into();
    }
    // SAFETY: the slot's contract: a tuple and NULL or a dict.
    let r = unsafe { call(callable, args, kw) };
    leave_recursive_call();
    // SAFETY: forwarded.
    unsafe { check_result_raw(callable, r) }
}

/// The `TypeError` for an object with neither vectorcall nor `tp_call`.
///
/// # Safety
/// `callable` live.
pub unsafe fn not_callable(callable: *mut PyObject) -> err::Raised {
    // SAFETY: forwarded.
    unsafe {
        err::type_error(&format!(
            "'{}' object is not callable",
            typeobj::full_name((*callable).ob_type)
        ))
    }
}

/// `args[..n]` as a slice (empty when `args` is NULL).
///
/// # Safety
/// `args` NULL (with `n == 0`) or valid for `n` reads.
#[inline(always)]
pub unsafe fn slice<'a>(args: *const *mut PyObject, n: usize) -> &'a [*mut PyObject] {
    if n == 0 {
        &[]
    } else {
        // SAFETY: the caller's contract.
        unsafe { std::slice::from_raw_parts(args, n) }
    }
}

/// `_PyStack_AsDict`: a dict from keyword names and values; a later
/// duplicate name wins.
///
/// # Safety
/// `values` live objects; `kwnames` a tuple of at least `values.len()`.
pub unsafe fn stack_as_dict(values: &[*mut PyObject], kwnames: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let d = dict::new()?;
        for (i, &v) in values.iter().enumerate() {
            dict::set(d.as_ptr(), tuple::item(kwnames, i as isize), v)?;
        }
        Ok(d)
    }
}

/// A keyword dict in vectorcall form: `buf` holds `pos` then the values,
/// `names` the key tuple. Non-str keys raise `TypeError: keywords must be
/// strings`.
///
/// # Safety
/// `pos` live objects; `kwargs` a dict.
pub unsafe fn split_dict(
    pos: &[*mut PyObject],
    kwargs: *mut PyObject,
) -> PyResult<(ArgBuf<*mut PyObject>, Owned)> {
    // SAFETY: forwarded; the dict is not mutated while it is walked (its
    // entries are borrowed, as CPython borrows them).
    unsafe {
        let mut i = 0;
        let iter = std::iter::from_fn(|| dict::next(kwargs, &mut i));
        let split = ophis_vectorcall::split_keywords(pos, ptr::null_mut(), iter, |&k| {
            if unicode::check(k) {
                Ok(())
            } else {
                Err(err::type_error("keywords must be strings"))
            }
        })?;
        let names = tuple::new_from(&split.names)?;
        Ok((split.values, names))
    }
}

/// Calls vectorcall `f` with positional `pos` and a non-empty keyword
/// dict, passing the offset flag (the buffer has the spare slot).
unsafe fn call_with_dict(
    f: VectorcallFunc,
    callable: *mut PyObject,
    pos: &[*mut PyObject],
    kwargs: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe {
        let (mut buf, names) = match split_dict(pos, kwargs) {
            Ok(s) => s,
            Err(e) => return e.into(),
        };
        let r = f(
            callable,
            buf.as_mut_ptr(),
            pos.len() | ARGUMENTS_OFFSET,
            names.as_ptr(),
        );
        check_result_raw(callable, r)
    }
}

/// `PyObject_VectorcallDict`: keywords as a dict (NULL or a dict).
///
/// # Safety
/// As [`vectorcall`]; `kwargs` NULL or a dict.
pub unsafe fn vectorcall_dict(
    callable: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe {
        let n = nargs(nargsf);
        if args.is_null() && n != 0 {
            return bad_vector(args, ptr::null_mut()).into();
        }
        match vectorcall_function(callable) {
            None => {
                let Some(call) = (*(*callable).ob_type).tp_call else {
                    return not_callable(callable).into();
                };
                let t = match tuple::new_from(slice(args, n)) {
                    Ok(t) => t,
                    Err(e) => return e.into(),
                };
                call_tp_call(callable, call, t.as_ptr(), kwargs)
            }
            Some(f) if kwargs.is_null() || dict::len(kwargs) == 0 => {
                check_result_raw(callable, f(callable, args, nargsf, ptr::null_mut()))
            }
            Some(f) => call_with_dict(f, callable, slice(args, n), kwargs),
        }
    }
}

/// `PyVectorcall_Call`: calls the vectorcall pointer of `callable` with a
/// tuple and NULL or a dict (the `tp_call` of vectorcall types). Ignores
/// the type flag and reads the offset alone.
///
/// # Safety
/// `callable` live; `args` a tuple; `kwargs` NULL or a dict.
pub unsafe fn vectorcall_call(
    callable: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe {
        let t = (*callable).ob_type;
        let off = (*t).tp_vectorcall_offset;
        let f = if off > 0 {
            *((callable as *mut u8).offset(off) as *const Option<VectorcallFunc>)
        } else {
            None
        };
        let Some(f) = f else {
            return err::type_error(&format!(
                "'{}' object does not support vectorcall",
                typeobj::full_name(t)
            ))
            .into();
        };
        call_vectorcall_with_tuple(f, callable, args, kwargs)
    }
}

/// [`vectorcall_call`] as a `tp_call` slot (what C types put in
/// `tp_call` next to `Py_TPFLAGS_HAVE_VECTORCALL`).
///
/// # Safety
/// Slot function.
pub unsafe extern "C" fn vectorcall_call_slot(
    callable: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot contract.
    unsafe { vectorcall_call(callable, args, kwargs) }
}

unsafe fn call_vectorcall_with_tuple(
    f: VectorcallFunc,
    callable: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe {
        let n = tuple::size(args) as usize;
        let pos = slice(tuple::items(args), n);
        if kwargs.is_null() || dict::len(kwargs) == 0 {
            // Checked, unlike CPython 3.12 (spec §F.1).
            check_result_raw(callable, f(callable, pos.as_ptr(), n, ptr::null_mut()))
        } else {
            call_with_dict(f, callable, pos, kwargs)
        }
    }
}

/// `PyObject_Call(callable, args, kwargs)`: `args` a tuple, `kwargs` NULL
/// or a dict.
///
/// # Safety
/// `callable` and `args` live; `kwargs` NULL or live.
pub unsafe fn call_raw(
    callable: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: forwarded; argument types are checked before any slot runs.
    unsafe {
        if !tuple::check(args) {
            return err::type_error("argument list must be a tuple").into();
        }
        if !kwargs.is_null() && !dict::check(kwargs) {
            return err::type_error("keyword list must be a dictionary").into();
        }
        if let Some(f) = vectorcall_function(callable) {
            return call_vectorcall_with_tuple(f, callable, args, kwargs);
        }
        let Some(call) = (*(*callable).ob_type).tp_call else {
            return not_callable(callable).into();
        };
        call_tp_call(callable, call, args, kwargs)
    }
}

/// [`call_raw`] in `PyResult` form.
///
/// # Safety
/// As [`call_raw`].
pub unsafe fn call(
    callable: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe { err::from_ptr(call_raw(callable, args, kwargs)) }
}

/// `PyObject_CallNoArgs`.
///
/// # Safety
/// `callable` live.
#[inline]
pub unsafe fn call_no_args(callable: *mut PyObject) -> *mut PyObject {
    // SAFETY: no arguments.
    unsafe { vectorcall(callable, ptr::null(), 0, ptr::null_mut()) }
}

/// `PyObject_CallOneArg`: one argument, with the offset flag (the local
/// array has the spare slot).
///
/// # Safety
/// `callable` and `arg` live.
#[inline]
pub unsafe fn call_one_arg(callable: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    let mut buf = [ptr::null_mut(), arg];
    // SAFETY: `buf[0]` is the spare slot before the argument.
    unsafe {
        vectorcall(
            callable,
            buf.as_mut_ptr().add(1),
            1 | ARGUMENTS_OFFSET,
            ptr::null_mut(),
        )
    }
}

/// Calls with positional arguments in a slice (no flag).
///
/// # Safety
/// `callable` and every argument live.
pub unsafe fn call_args(callable: *mut PyObject, args: &[*mut PyObject]) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        err::from_ptr(vectorcall(
            callable,
            args.as_ptr(),
            args.len(),
            ptr::null_mut(),
        ))
    }
}

/// `PyObject_VectorcallMethod`: `args[0]` is the receiver. A method found
/// on the type as a `Py_TPFLAGS_METHOD_DESCRIPTOR` object (and not shadowed)
/// is called unbound with the whole vector and the flag cleared; anything
/// else is fetched as an attribute and called with `args + 1`, keeping the
/// caller's flag.
///
/// # Safety
/// `name` live; `args` valid for `nargs + len(kwnames)` reads with
/// `nargs >= 1`; `kwnames` NULL or a tuple.
pub unsafe fn vectorcall_method(
    name: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe {
        if args.is_null() || nargs(nargsf) == 0 {
            return err::system_error("PyObject_VectorcallMethod() needs the receiver as args[0]")
                .into();
        }
        if !vector_ok(args, nargsf, kwnames) {
            return bad_vector(args, kwnames).into();
        }
        let (callable, unbound) = match crate::protocols::attr::get_method(*args, name) {
            Ok(m) => m,
            Err(e) => return e.into(),
        };
        if unbound {
            vectorcall(callable.as_ptr(), args, nargs(nargsf), kwnames)
        } else {
            vectorcall(callable.as_ptr(), args.add(1), nargsf - 1, kwnames)
        }
    }
}

/// The fast path of [`vectorcall_method`]: when [`crate::protocols::attr::
/// unbound_method_fast`] finds the method and it has a vectorcall pointer,
/// calls it unbound and returns `(method, result)` with the method still
/// held (a new reference the caller releases after checking the result).
/// Runs nothing that can panic outside the callee.
///
/// # Safety
/// As [`vectorcall_method`].
#[inline(always)]
pub unsafe fn vectorcall_method_fast(
    name: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> Option<(*mut PyObject, *mut PyObject)> {
    // SAFETY: forwarded; the method is held across the call.
    unsafe {
        if args.is_null() || nargs(nargsf) == 0 || !(kwnames.is_null() || tuple::check(kwnames)) {
            return None;
        }
        let Some(m) = crate::protocols::attr::unbound_method_hit(*args, name) else {
            return vectorcall_method_miss(name, args, nargsf, kwnames);
        };
        let f = vectorcall_function(m)?;
        incref(m);
        Some((m, f(m, args, nargs(nargsf), kwnames)))
    }
}

/// [`vectorcall_method_fast`] past the attribute cache (or with a managed
/// dict to consult), out of line.
///
/// # Safety
/// As for [`vectorcall_method_fast`], whose vector checks have passed.
#[inline(never)]
unsafe fn vectorcall_method_miss(
    name: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> Option<(*mut PyObject, *mut PyObject)> {
    // SAFETY: forwarded; the method is held across the call.
    unsafe {
        let m = crate::protocols::attr::unbound_method_fast(*args, name)?;
        let f = vectorcall_function(m)?;
        incref(m);
        Some((m, f(m, args, nargs(nargsf), kwnames)))
    }
}

/// The check every vectorcall entry point makes on the vector it is given
/// before anything reads it: `kwnames` NULL or a tuple, and `args` NULL
/// only when there is nothing to read (no positional argument and no
/// keyword). Two predictable branches in the common case (`args` given,
/// `kwnames` NULL). A failed check is answered by the entry point's slow
/// path with `SystemError` (see [`bad_vector`]).
///
/// # Safety
/// `kwnames` NULL or live.
#[inline(always)]
pub unsafe fn vector_ok(args: *const *mut PyObject, nargsf: usize, kwnames: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe {
        if kwnames.is_null() {
            !args.is_null() || nargs(nargsf) == 0
        } else {
            tuple::check(kwnames)
                && (!args.is_null() || (nargs(nargsf) == 0 && tuple::size(kwnames) == 0))
        }
    }
}

/// The part of [`vector_ok`] a fast path tests: a non-NULL vector with no
/// keywords or a tuple of them (two tests). Anything else takes the slow
/// path, which checks with [`vector_ok`] (a NULL vector without arguments
/// is valid there).
///
/// # Safety
/// `kwnames` NULL or live.
#[inline(always)]
pub unsafe fn vector_fast(args: *const *mut PyObject, kwnames: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    !args.is_null() && (kwnames.is_null() || unsafe { tuple::check(kwnames) })
}

/// The exception for a vector [`vector_ok`] refuses: CPython would read
/// through it (NULL `args` with arguments) or take an int for a tuple of
/// names; Ophis says what is wrong.
///
/// # Safety
/// `kwnames` NULL or live.
#[cold]
pub unsafe fn bad_vector(args: *const *mut PyObject, kwnames: *mut PyObject) -> err::Raised {
    // SAFETY: forwarded.
    unsafe {
        if !kwnames.is_null() && !tuple::check(kwnames) {
            err::system_error(&format!(
                "vectorcall: kwnames must be a tuple or NULL, not {}",
                typeobj::type_name_of(kwnames)
            ))
        } else if args.is_null() {
            err::system_error("vectorcall: NULL argument vector with a non-zero argument count")
        } else {
            err::bad_argument()
        }
    }
}

/// Calls with arguments given as a built value: a tuple is the argument
/// list, NULL means none, anything else is the single argument (the rule of
/// `PyObject_CallFunction` and `PyObject_CallMethod`).
///
/// # Safety
/// `callable` live; `built` NULL or live.
pub unsafe fn call_with_built(callable: *mut PyObject, built: Option<Owned>) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        match built {
            None => call_args(callable, &[]),
            Some(b) if tuple::check(b.as_ptr()) => {
                let n = tuple::size(b.as_ptr()) as usize;
                call_args(callable, slice(tuple::items(b.as_ptr()), n))
            }
            Some(b) => call_args(callable, &[b.as_ptr()]),
        }
    }
}
