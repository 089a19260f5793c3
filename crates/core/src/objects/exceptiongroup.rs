//! What exception groups do beyond their constructor (which lives with the
//! other exception types in [`crate::objects::exceptions`]): `split`,
//! `subgroup` and `derive` with CPython 3.12's rules (the metadata of the
//! original group — traceback, cause, context, a copy of `__notes__` — is
//! given to every part), and the two steps of `except*` the evaluator runs:
//! `CHECK_EG_MATCH` ([`eg_match`]) and `INTRINSIC_PREP_RERAISE_STAR`
//! ([`prep_reraise_star`]).

use crate::objects::exceptions::{self, Exc, PyBaseExceptionGroupObject, PyBaseExceptionObject};
use crate::objects::object::*;
use crate::objects::typeobj::{self, PyTypeObject};
use crate::objects::{list, tuple, unicode};
use crate::protocols::{abstract_, call};
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use std::collections::HashSet;
use std::ptr;

/// How `split` decides that a leaf (or a whole group) matches.
enum Matcher<'a> {
    /// An exception class or a tuple of them.
    Type(*mut PyObject),
    /// A callable (not a class) returning a truth value.
    Predicate(*mut PyObject),
    /// The identities of the leaves to keep (the interpreter's own use).
    Ids(&'a HashSet<usize>),
}

/// Whether `o` is a `BaseExceptionGroup` (or a subclass instance).
///
/// # Safety
/// `o` live.
pub unsafe fn is_group(o: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe {
        typeobj::is_subtype(
            (*o).ob_type,
            exceptions::get(Exc::BaseExceptionGroup) as *mut PyTypeObject,
        )
    }
}

/// The argument of `split`/`subgroup` as a [`Matcher`].
unsafe fn matcher_of<'a>(v: *mut PyObject) -> PyResult<Matcher<'a>> {
    // SAFETY: live.
    unsafe {
        if abstract_::callable(v) && !typeobj::is_type(v) {
            return Ok(Matcher::Predicate(v));
        }
        if err::is_exception_class(v) {
            return Ok(Matcher::Type(v));
        }
        if (*v).ob_type == lifecycle::tuple_type()
            && (0..tuple::size(v)).all(|i| err::is_exception_class(tuple::item(v, i)))
        {
            return Ok(Matcher::Type(v));
        }
        Err(err::type_error(
            "expected a function, exception type or tuple of exception types",
        ))
    }
}

unsafe fn matches(exc: *mut PyObject, m: &Matcher) -> PyResult<bool> {
    // SAFETY: live.
    unsafe {
        match m {
            Matcher::Type(t) => Ok(err::given_matches(exc, *t)),
            Matcher::Predicate(f) => {
                let r = call::call_args(*f, &[exc])?;
                abstract_::is_true(r.as_ptr())
            }
            Matcher::Ids(ids) => Ok(ids.contains(&(exc as usize))),
        }
    }
}

/// The exceptions tuple of a group (borrowed).
unsafe fn excs_of(eg: *mut PyObject) -> *mut PyObject {
    // SAFETY: `eg` is a group.
    unsafe { (*(eg as *mut PyBaseExceptionGroupObject)).excs }
}

/// `eg.derive(parts)` with the metadata of `eg` copied over; `None` when
/// `parts` is empty.
unsafe fn subset(eg: *mut PyObject, parts: Vec<Owned>) -> PyResult<Option<Owned>> {
    // SAFETY: live.
    unsafe {
        if parts.is_empty() {
            return Ok(None);
        }
        let l = list::from_owned(parts)?;
        let derive = abstract_::getattr(eg, unicode::intern("derive")?.as_ptr())?;
        let new = call::call_args(derive.as_ptr(), &[l.as_ptr()])?;
        if !is_group(new.as_ptr()) {
            return Err(err::type_error(
                "derive must return an instance of BaseExceptionGroup",
            ));
        }
        let src = eg as *mut PyBaseExceptionObject;
        let dst = new.as_ptr() as *mut PyBaseExceptionObject;
        for (s, d) in [
            (
                ptr::addr_of_mut!((*src).traceback),
                ptr::addr_of_mut!((*dst).traceback),
            ),
            (
                ptr::addr_of_mut!((*src).context),
                ptr::addr_of_mut!((*dst).context),
            ),
            (
                ptr::addr_of_mut!((*src).cause),
                ptr::addr_of_mut!((*dst).cause),
            ),
        ] {
            let v = *s;
            let v = if v.is_null() { v } else { new_ref(v) };
            xdecref(std::mem::replace(&mut *d, v));
        }
        let notes_name = unicode::intern("__notes__")?;
        if let Some(notes) = abstract_::lookup_attr(eg, notes_name.as_ptr())? {
            if crate::objects::iterobject::sequence_check(notes.as_ptr()) {
                let copy = crate::protocols::sequence::to_list(notes.as_ptr())?;
                abstract_::setattr(new.as_ptr(), notes_name.as_ptr(), copy.as_ptr())?;
            }
        }
        Ok(Some(new))
    }
}

/// The (match, rest) parts of `exc`; `rest` only when asked for.
unsafe fn split_recursive(
    exc: *mut PyObject,
    m: &Matcher,
    with_rest: bool,
) -> PyResult<(Option<Owned>, Option<Owned>)> {
    // SAFETY: live.
    unsafe {
        if matches(exc, m)? {
            return Ok((Some(Owned::from_borrowed(exc)), None));
        }
        if !is_group(exc) {
            let rest = with_rest.then(|| Owned::from_borrowed(exc));
            return Ok((None, rest));
        }
        let excs = Owned::from_borrowed(excs_of(exc));
        let mut matched = Vec::new();
        let mut rest = Vec::new();
        for i in 0..tuple::size(excs.as_ptr()) {
            let e = tuple::item(excs.as_ptr(), i);
            call::enter_recursive_call(c" in exceptiongroup_split_recursive")?;
            let r = split_recursive(e, m, with_rest);
            call::leave_recursive_call();
            let (a, b) = r?;
            matched.extend(a);
            rest.extend(b);
        }
        let a = subset(exc, matched)?;
        let b = if with_rest { subset(exc, rest)? } else { None };
        Ok((a, b))
    }
}

fn or_none(o: Option<Owned>) -> Owned {
    // SAFETY: None is immortal.
    o.unwrap_or_else(|| unsafe { Owned::from_borrowed(lifecycle::none()) })
}

/// `BaseExceptionGroup.split(condition)`.
///
/// # Safety
/// METH_O contract on a group.
pub unsafe extern "C" fn group_split(op: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe {
        err::into_ptr((|| {
            let m = matcher_of(arg)?;
            let (a, b) = split_recursive(op, &m, true)?;
            tuple::from_owned(vec![or_none(a), or_none(b)])
        })())
    }
}

/// `BaseExceptionGroup.subgroup(condition)`.
///
/// # Safety
/// METH_O contract on a group.
pub unsafe extern "C" fn group_subgroup(op: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe {
        err::into_ptr((|| {
            let m = matcher_of(arg)?;
            let (a, _) = split_recursive(op, &m, false)?;
            Ok(or_none(a))
        })())
    }
}

/// `BaseExceptionGroup.derive(excs)`: a `BaseExceptionGroup` (which
/// becomes an `ExceptionGroup` when it can) with this group's message.
///
/// # Safety
/// METH_O contract on a group.
pub unsafe extern "C" fn group_derive(op: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe {
        let msg = (*(op as *mut PyBaseExceptionGroupObject)).msg;
        let msg = if msg.is_null() {
            lifecycle::none()
        } else {
            msg
        };
        err::into_ptr(call::call_args(
            exceptions::get(Exc::BaseExceptionGroup),
            &[msg, arg],
        ))
    }
}

/// `CHECK_EG_MATCH`'s check of an `except*` clause's type: a valid
/// `except` type that is not an exception group class.
///
/// # Safety
/// `right` live.
pub unsafe fn check_star_type(right: *mut PyObject) -> PyResult<()> {
    // SAFETY: live.
    unsafe {
        let ok = |t: *mut PyObject| err::is_exception_class(t);
        let items: Vec<*mut PyObject> = if tuple::check(right) {
            (0..tuple::size(right))
                .map(|i| tuple::item(right, i))
                .collect()
        } else {
            vec![right]
        };
        if !items.iter().all(|&t| ok(t)) {
            return Err(err::type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            ));
        }
        let beg = exceptions::get(Exc::BaseExceptionGroup) as *mut PyTypeObject;
        if items
            .iter()
            .any(|&t| typeobj::is_subtype(t as *mut PyTypeObject, beg))
        {
            return Err(err::type_error(
                "catching ExceptionGroup with except* is not allowed. Use except instead.",
            ));
        }
        Ok(())
    }
}

/// `CHECK_EG_MATCH`: the (match, rest) of the exception being handled
/// against an `except*` clause's type: the whole of it (a naked exception
/// wrapped in an `ExceptionGroup('', (exc,))`), a split of a group through
/// its `split` method, or nothing (`None`, the exception).
///
/// # Safety
/// `exc` None or an exception; `ty` checked by [`check_star_type`].
pub unsafe fn eg_match(exc: *mut PyObject, ty: *mut PyObject) -> PyResult<(Owned, Owned)> {
    // SAFETY: live.
    unsafe {
        let none = || Owned::from_borrowed(lifecycle::none());
        if exc == lifecycle::none() {
            return Ok((none(), none()));
        }
        if err::given_matches(exc, ty) {
            let m = if is_group(exc) {
                Owned::from_borrowed(exc)
            } else {
                let excs = tuple::new_from(&[exc])?;
                let msg = unicode::from_str("")?;
                call::call_args(
                    exceptions::exception_group(),
                    &[msg.as_ptr(), excs.as_ptr()],
                )?
            };
            return Ok((m, none()));
        }
        if is_group(exc) {
            let split = abstract_::getattr(exc, unicode::intern("split")?.as_ptr())?;
            let pair = call::call_args(split.as_ptr(), &[ty])?;
            let p = pair.as_ptr();
            let tname = typeobj::full_name((*exc).ob_type);
            if (*p).ob_type != lifecycle::tuple_type() {
                return Err(err::type_error(&format!(
                    "{tname}.split must return a tuple, not {}",
                    typeobj::full_name((*p).ob_type)
                )));
            }
            if tuple::size(p) != 2 {
                return Err(err::type_error(&format!(
                    "{tname}.split must return a 2-tuple, got tuple of size {}",
                    tuple::size(p)
                )));
            }
            return Ok((
                Owned::from_borrowed(tuple::item(p, 0)),
                Owned::from_borrowed(tuple::item(p, 1)),
            ));
        }
        Ok((none(), Owned::from_borrowed(exc)))
    }
}

/// The identities of the leaf exceptions of `exc`.
unsafe fn leaf_ids(exc: *mut PyObject, ids: &mut HashSet<usize>) -> PyResult<()> {
    // SAFETY: live.
    unsafe {
        if exc == lifecycle::none() {
            return Ok(());
        }
        if !is_group(exc) {
            ids.insert(exc as usize);
            return Ok(());
        }
        let excs = Owned::from_borrowed(excs_of(exc));
        for i in 0..tuple::size(excs.as_ptr()) {
            call::enter_recursive_call(c" in collect_exception_group_leaf_ids")?;
            let r = leaf_ids(tuple::item(excs.as_ptr(), i), ids);
            call::leave_recursive_call();
            r?;
        }
        Ok(())
    }
}

/// Whether two exceptions carry the same traceback, cause, context and
/// notes (a re-raised part of the original group does).
unsafe fn same_metadata(a: *mut PyObject, b: *mut PyObject) -> bool {
    // SAFETY: exceptions.
    unsafe {
        let (a, b) = (
            a as *mut PyBaseExceptionObject,
            b as *mut PyBaseExceptionObject,
        );
        (*a).notes == (*b).notes
            && (*a).traceback == (*b).traceback
            && (*a).cause == (*b).cause
            && (*a).context == (*b).context
    }
}

/// `INTRINSIC_PREP_RERAISE_STAR(orig, excs)`: what leaves a `try` with
/// `except*` clauses, from the original exception and the list of what
/// each clause raised or re-raised (None for nothing): None; the single
/// exception of a wrapped naked one; else the re-raised leaves kept in the
/// original group's shape, and with newly raised exceptions all of them in
/// an `ExceptionGroup('', [...])`.
///
/// # Safety
/// `orig` an exception; `excs` a list.
pub unsafe fn prep_reraise_star(orig: *mut PyObject, excs: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: live.
    unsafe {
        if !list::check(excs) {
            return Err(err::system_error("PREP_RERAISE_STAR: expected a list"));
        }
        let items = list::to_vec(excs);
        if items.is_empty() {
            return Ok(Owned::from_borrowed(lifecycle::none()));
        }
        if !is_group(orig) {
            return Ok(items.into_iter().next().expect("non-empty"));
        }
        let mut raised = Vec::new();
        let mut reraised = Vec::new();
        for e in items {
            if e.as_ptr() == lifecycle::none() {
                continue;
            }
            if same_metadata(e.as_ptr(), orig) {
                reraised.push(e);
            } else {
                raised.push(e);
            }
        }
        let mut keep = HashSet::new();
        for e in &reraised {
            leaf_ids(e.as_ptr(), &mut keep)?;
        }
        let (projection, _) = split_recursive(orig, &Matcher::Ids(&keep), false)?;
        if raised.is_empty() {
            return Ok(or_none(projection));
        }
        raised.extend(projection);
        if raised.len() == 1 {
            return Ok(raised.pop().expect("one"));
        }
        let l = list::from_owned(raised)?;
        let msg = unicode::from_str("")?;
        call::call_args(exceptions::exception_group(), &[msg.as_ptr(), l.as_ptr()])
    }
}
