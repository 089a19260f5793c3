//! Iterators: the protocol (`PyObject_GetIter`, `PyIter_Next`,
//! `PyIter_Check`, `PyIter_Send`), the sequence iterator (`PySeqIter_Type`,
//! named `iterator`: `__getitem__` from 0 until `IndexError` or
//! `StopIteration`), the callable iterator (`PyCallIter_Type`, named
//! `callable_iterator`: a callable until it returns the sentinel), and the
//! iterators of the builtin containers with CPython 3.12's type names:
//! `list_iterator`, `tuple_iterator`, `str_ascii_iterator` / `str_iterator`,
//! `bytes_iterator`, `dict_keyiterator` / `dict_valueiterator` /
//! `dict_itemiterator` (from a dict and from its views).
//!
//! Every iterator drops its container once exhausted, so a finished
//! iterator stays finished even if the container grows later, and each has
//! `__length_hint__` (except the callable iterator), as in CPython. The
//! dict iterators check the dict's size on each step: a change raises
//! `RuntimeError` on that step and on every later one.

use crate::objects::exceptions::{self, Exc};
use crate::objects::methodobject::meth;
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyMethodDef, PyTypeObject};
use crate::runtime::err::{self, PyResult};
use crate::{
    objects::bytes, objects::dict, objects::list, objects::long, objects::tuple, objects::unicode,
    protocols::abstract_, protocols::call, runtime::alloc, runtime::gc, runtime::lifecycle,
};
use std::ffi::{c_int, c_void};
use std::ptr;

/// An iterator over positions: list, tuple, str, bytes and the sequence
/// iterator.
#[repr(C)]
struct IndexIter {
    ob_base: PyObject,
    index: isize,
    seq: *mut PyObject,
}

/// The callable iterator.
#[repr(C)]
struct CallIter {
    ob_base: PyObject,
    callable: *mut PyObject,
    sentinel: *mut PyObject,
}

/// A dict iterator: the dict's size when it started (`used`, -1 once a
/// change was seen), the next entry position, and how many items remain.
#[repr(C)]
struct DictIter {
    ob_base: PyObject,
    dict: *mut PyObject,
    used: isize,
    pos: isize,
    len: isize,
}

/// The container iterator types other than the two exported ones.
#[derive(Clone, Copy)]
enum Kind {
    List,
    Tuple,
    StrAscii,
    Str,
    Bytes,
    DictKeys,
    DictValues,
    DictItems,
}

const KINDS: usize = 8;
static mut TYPES: [*mut PyTypeObject; KINDS] = [ptr::null_mut(); KINDS];

fn type_of(k: Kind) -> *mut PyTypeObject {
    // SAFETY: written once at start-up.
    unsafe { (*ptr::addr_of!(TYPES))[k as usize] }
}

/// An iterator's `__length_hint__` entry.
pub(crate) const fn length_hint_def(f: typeobj::PyCFunction) -> PyMethodDef {
    PyMethodDef {
        ml_name: c"__length_hint__".as_ptr(),
        ml_meth: f,
        ml_flags: meth::NOARGS,
        ml_doc: c"Private method returning an estimate of len(list(it)).".as_ptr(),
    }
}

static mut INDEX_METHODS: [PyMethodDef; 2] = [
    length_hint_def(Some(index_length_hint)),
    typeobj::METHOD_END,
];
static mut SEQ_METHODS: [PyMethodDef; 2] =
    [length_hint_def(Some(seq_length_hint)), typeobj::METHOD_END];
static mut DICT_METHODS: [PyMethodDef; 2] =
    [length_hint_def(Some(dict_length_hint)), typeobj::METHOD_END];

/// Fills in the iterator types and gives the builtin containers their
/// `tp_iter`. Start-up only, before the builtin types are readied.
pub(crate) unsafe fn init_types() {
    // SAFETY: start-up, exclusive access to the static types.
    unsafe {
        let common = |t: *mut PyTypeObject, name: &'static std::ffi::CStr, size: usize| {
            (*t).tp_name = name.as_ptr();
            (*t).tp_basicsize = size as isize;
            (*t).tp_flags = flags::DEFAULT | flags::HAVE_GC | flags::IMMUTABLETYPE;
            (*t).tp_iter = Some(self_iter);
            (*t).tp_getattro = lifecycle::c_api_slots().getattro;
        };
        let seq = lifecycle::seqiter_type();
        (*seq).ob_base.ob_base = static_header(lifecycle::type_type());
        common(seq, c"iterator", std::mem::size_of::<IndexIter>());
        (*seq).tp_dealloc = Some(index_dealloc);
        (*seq).tp_traverse = Some(index_traverse);
        (*seq).tp_iternext = Some(seq_next);
        (*seq).tp_methods = ptr::addr_of_mut!(SEQ_METHODS).cast();

        let ci = lifecycle::calliter_type();
        (*ci).ob_base.ob_base = static_header(lifecycle::type_type());
        common(ci, c"callable_iterator", std::mem::size_of::<CallIter>());
        (*ci).tp_dealloc = Some(calliter_dealloc);
        (*ci).tp_traverse = Some(calliter_traverse);
        (*ci).tp_iternext = Some(calliter_next);

        let index_kinds: [(Kind, &'static std::ffi::CStr, typeobj::iternextfunc); 5] = [
            (Kind::List, c"list_iterator", Some(list_next)),
            (Kind::Tuple, c"tuple_iterator", Some(tuple_next)),
            (Kind::StrAscii, c"str_ascii_iterator", Some(str_ascii_next)),
            (Kind::Str, c"str_iterator", Some(str_next)),
            (Kind::Bytes, c"bytes_iterator", Some(bytes_next)),
        ];
        for (k, name, next) in index_kinds {
            let t = lifecycle::leak_type();
            common(t, name, std::mem::size_of::<IndexIter>());
            (*t).tp_dealloc = Some(index_dealloc);
            (*t).tp_traverse = Some(index_traverse);
            (*t).tp_iternext = next;
            (*t).tp_methods = ptr::addr_of_mut!(INDEX_METHODS).cast();
            (*ptr::addr_of_mut!(TYPES))[k as usize] = t;
        }
        let dict_kinds: [(Kind, &'static std::ffi::CStr, typeobj::iternextfunc); 3] = [
            (Kind::DictKeys, c"dict_keyiterator", Some(dict_next::<0>)),
            (
                Kind::DictValues,
                c"dict_valueiterator",
                Some(dict_next::<1>),
            ),
            (Kind::DictItems, c"dict_itemiterator", Some(dict_next::<2>)),
        ];
        for (k, name, next) in dict_kinds {
            let t = lifecycle::leak_type();
            common(t, name, std::mem::size_of::<DictIter>());
            (*t).tp_dealloc = Some(dict_iter_dealloc);
            (*t).tp_traverse = Some(dict_iter_traverse);
            (*t).tp_iternext = next;
            (*t).tp_methods = ptr::addr_of_mut!(DICT_METHODS).cast();
            (*ptr::addr_of_mut!(TYPES))[k as usize] = t;
        }

        (*lifecycle::list_type()).tp_iter = Some(list_iter);
        (*lifecycle::tuple_type()).tp_iter = Some(tuple_iter);
        (*lifecycle::unicode_type()).tp_iter = Some(str_iter);
        (*lifecycle::bytes_type()).tp_iter = Some(bytes_iter);
        (*lifecycle::dict_type()).tp_iter = Some(dict_iter_slot::<0>);
    }
}

/// Readies the iterator types. Start-up only.
pub(crate) unsafe fn ready_types() {
    // SAFETY: start-up.
    unsafe {
        let all = (*ptr::addr_of!(TYPES))
            .iter()
            .copied()
            .chain([lifecycle::seqiter_type(), lifecycle::calliter_type()]);
        for t in all {
            if typeobj::ready_static(t).is_err() {
                lifecycle::fatal("Py_Initialize", "cannot ready the iterator types");
            }
        }
    }
}

/// `tp_iter` of every iterator: the iterator itself.
unsafe extern "C" fn self_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live object.
    unsafe { new_ref(op) }
}

// ---- the protocol ------------------------------------------------------

/// `PySequence_Check`: a type with `sq_item` that is not a dict.
///
/// # Safety
/// `op` live.
pub unsafe fn sequence_check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe {
        if dict::check(op) {
            return false;
        }
        let s = (*(*op).ob_type).tp_as_sequence;
        !s.is_null() && (*s).sq_item.is_some()
    }
}

/// `PyIter_Check`: the type has `tp_iternext`.
///
/// # Safety
/// `op` live.
pub unsafe fn is_iterator(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { (*(*op).ob_type).tp_iternext.is_some() }
}

/// `PyObject_GetIter`: `tp_iter` (whose result must be an iterator), else
/// a sequence iterator for sequences, else `TypeError`.
///
/// # Safety
/// `op` live.
pub unsafe fn get_iter(op: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let Some(f) = (*(*op).ob_type).tp_iter else {
            if sequence_check(op) {
                return seq_iter_new(op);
            }
            return Err(err::type_error(&format!(
                "'{}' object is not iterable",
                typeobj::full_name((*op).ob_type)
            )));
        };
        let it = err::from_ptr(f(op))?;
        if !is_iterator(it.as_ptr()) {
            return Err(err::type_error(&format!(
                "iter() returned non-iterator of type '{}'",
                typeobj::full_name((*it.as_ptr()).ob_type)
            )));
        }
        Ok(it)
    }
}

/// `PyIter_Next`: the next item, or `Ok(None)` at the end (a
/// `StopIteration` from the iterator is cleared). An object without
/// `tp_iternext` gets `TypeError` (CPython calls through the NULL slot).
///
/// # Safety
/// `it` live.
pub unsafe fn next(it: *mut PyObject) -> PyResult<Option<Owned>> {
    // SAFETY: forwarded.
    unsafe {
        let Some(f) = (*(*it).ob_type).tp_iternext else {
            return Err(err::type_error(&format!(
                "'{}' object is not an iterator",
                typeobj::full_name((*it).ob_type)
            )));
        };
        let r = f(it);
        if !r.is_null() {
            return Ok(Some(Owned::from_raw(r)));
        }
        let occ = err::occurred();
        if occ.is_null() {
            return Ok(None);
        }
        if err::given_matches(occ, exceptions::get(Exc::StopIteration)) {
            err::clear();
            return Ok(None);
        }
        Err(err::Raised::assume())
    }
}

/// What `PyIter_Send` reports.
#[derive(Debug)]
pub enum Sent {
    /// `PYGEN_NEXT`: the iterator yielded this.
    Next(Owned),
    /// `PYGEN_RETURN`: it finished, returning this (the `StopIteration`
    /// value, `None` for a plain end).
    Return(Owned),
}

/// `PyIter_Send`: `am_send` when the type has one; otherwise `tp_iternext`
/// for `None` sent to an iterator, and `iter.send(arg)` for anything else.
/// A finished iterator returns its `StopIteration` value.
///
/// # Safety
/// `iter` and `arg` live.
pub unsafe fn send(iter: *mut PyObject, arg: *mut PyObject) -> PyResult<Sent> {
    // SAFETY: forwarded.
    unsafe {
        let t = (*iter).ob_type;
        let am = (*t).tp_as_async;
        if let Some(f) = (!am.is_null()).then(|| (*am).am_send).flatten() {
            // SAFETY: `am_send` holds a `sendfunc` (the slot's C type).
            let send: unsafe extern "C" fn(
                *mut PyObject,
                *mut PyObject,
                *mut *mut PyObject,
            ) -> c_int = std::mem::transmute(f);
            let mut r: *mut PyObject = ptr::null_mut();
            return match send(iter, arg, &mut r) {
                1 if !r.is_null() => Ok(Sent::Next(Owned::from_raw(r))),
                0 if !r.is_null() => Ok(Sent::Return(Owned::from_raw(r))),
                _ => {
                    xdecref(r);
                    if err::occurred().is_null() {
                        Err(err::system_error(
                            "am_send failed without setting an exception",
                        ))
                    } else {
                        Err(err::Raised::assume())
                    }
                }
            };
        }
        let r = if arg == lifecycle::none() && is_iterator(iter) {
            let f = (*t).tp_iternext.expect("checked by is_iterator");
            f(iter)
        } else {
            let name = unicode::intern("send")?;
            let args = [iter, arg];
            call::vectorcall_method(name.as_ptr(), args.as_ptr(), 2, ptr::null_mut())
        };
        if !r.is_null() {
            return Ok(Sent::Next(Owned::from_raw(r)));
        }
        let occ = err::occurred();
        if occ.is_null() {
            return Ok(Sent::Return(Owned::from_borrowed(lifecycle::none())));
        }
        if !err::given_matches(occ, exceptions::get(Exc::StopIteration)) {
            return Err(err::Raised::assume());
        }
        let exc = Owned::from_raw(err::take());
        let name = unicode::intern("value")?;
        Ok(Sent::Return(abstract_::getattr(
            exc.as_ptr(),
            name.as_ptr(),
        )?))
    }
}

// ---- index iterators ---------------------------------------------------

unsafe fn index_iter_new(t: *mut PyTypeObject, seq: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: a fresh object of the iterator type; `seq` live.
    unsafe {
        let op = alloc::new_object(t, std::mem::size_of::<IndexIter>())?;
        let it = op as *mut IndexIter;
        (*it).index = 0;
        (*it).seq = new_ref(seq);
        gc::track(op);
        Ok(Owned::from_raw(op))
    }
}

/// `PySeqIter_New`: `SystemError` unless `seq` is a sequence.
///
/// # Safety
/// `seq` live.
pub unsafe fn seq_iter_new(seq: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if !sequence_check(seq) {
            return Err(err::bad_argument());
        }
        index_iter_new(lifecycle::seqiter_type(), seq)
    }
}

unsafe extern "C" fn list_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a list.
    unsafe { err::into_ptr(index_iter_new(type_of(Kind::List), op)) }
}

unsafe extern "C" fn tuple_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a tuple.
    unsafe { err::into_ptr(index_iter_new(type_of(Kind::Tuple), op)) }
}

unsafe extern "C" fn str_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a str.
    unsafe {
        let k = if unicode::is_ascii(op) {
            Kind::StrAscii
        } else {
            Kind::Str
        };
        err::into_ptr(index_iter_new(type_of(k), op))
    }
}

unsafe extern "C" fn bytes_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a bytes.
    unsafe { err::into_ptr(index_iter_new(type_of(Kind::Bytes), op)) }
}

/// Ends an index iterator: drops its container.
unsafe fn exhaust(it: *mut IndexIter) -> *mut PyObject {
    // SAFETY: a live iterator.
    unsafe {
        clear_slot(ptr::addr_of_mut!((*it).seq));
        ptr::null_mut()
    }
}

/// One step of an index iterator: `next` gets the container and the
/// iterator and answers `None` at the end, which drops the container.
///
/// # Safety
/// `op` a live index iterator.
unsafe fn step(
    op: *mut PyObject,
    next: impl FnOnce(*mut PyObject, &mut IndexIter) -> Option<*mut PyObject>,
) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe {
        let it = op as *mut IndexIter;
        let seq = (*it).seq;
        if seq.is_null() {
            return ptr::null_mut();
        }
        match next(seq, &mut *it) {
            Some(r) => r,
            None => exhaust(it),
        }
    }
}

/// One step over a container of `len(seq)` items read by `get` (borrowed):
/// the container is re-read on every step, so a list that grows is
/// followed.
///
/// # Safety
/// `op` an index iterator over a container `len` and `get` accept.
unsafe fn step_items(
    op: *mut PyObject,
    len: unsafe fn(*mut PyObject) -> isize,
    get: unsafe fn(*mut PyObject, isize) -> *mut PyObject,
) -> *mut PyObject {
    // SAFETY: forwarded; `index < len` before reading.
    unsafe {
        step(op, |seq, it| {
            (it.index < len(seq)).then(|| {
                let x = get(seq, it.index);
                it.index += 1;
                new_ref(x)
            })
        })
    }
}

/// `list_iterator`'s type (the evaluator's `FOR_ITER` specialization).
pub fn list_iterator_type() -> *mut PyTypeObject {
    type_of(Kind::List)
}

/// The next item of a list iterator (new reference), or NULL when done.
///
/// # Safety
/// `op` a live `list_iterator`.
#[inline]
pub unsafe fn list_iter_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe { list_next(op) }
}

unsafe extern "C" fn list_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a list iterator.
    unsafe { step_items(op, list::size, list::item) }
}

unsafe extern "C" fn tuple_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a tuple iterator.
    unsafe { step_items(op, tuple::size, tuple::item) }
}

unsafe extern "C" fn str_ascii_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a str iterator.
    unsafe { str_step(op) }
}

unsafe extern "C" fn str_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a str iterator.
    unsafe { str_step(op) }
}

/// One step over the characters of a str (both str iterator types).
///
/// # Safety
/// `op` a live str iterator.
unsafe fn str_step(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: the str is immutable and the index is checked against its
    // length.
    unsafe {
        step(op, |seq, it| {
            let i = it.index as usize;
            (i < unicode::len_chars(seq) as usize).then(|| {
                it.index += 1;
                err::into_ptr(unicode::slice(seq, i, i + 1))
            })
        })
    }
}

unsafe extern "C" fn bytes_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a bytes iterator.
    unsafe {
        step(op, |seq, it| {
            let b = bytes::as_slice(seq);
            let i = it.index as usize;
            (i < b.len()).then(|| {
                it.index += 1;
                err::into_ptr(long::from_i64(i64::from(b[i])))
            })
        })
    }
}

/// `iterator.__next__`: `seq[index]`; `IndexError` or `StopIteration`
/// ends the iteration, any other error passes through.
unsafe extern "C" fn seq_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a sequence iterator; the sequence is held across
    // the call.
    unsafe {
        let it = op as *mut IndexIter;
        let seq = (*it).seq;
        if seq.is_null() {
            return ptr::null_mut();
        }
        if (*it).index == isize::MAX {
            return err::overflow_error("iter index too large").into();
        }
        let held = Owned::from_borrowed(seq);
        let item = sequence_get_item(held.as_ptr(), (*it).index);
        drop(held);
        if !item.is_null() {
            (*it).index += 1;
            return item;
        }
        let occ = err::occurred();
        if err::given_matches(occ, exceptions::get(Exc::IndexError))
            || err::given_matches(occ, exceptions::get(Exc::StopIteration))
        {
            err::clear();
            return exhaust(it);
        }
        ptr::null_mut()
    }
}

/// `PySequence_GetItem` for a non-negative index: `sq_item`.
unsafe fn sequence_get_item(seq: *mut PyObject, i: isize) -> *mut PyObject {
    // SAFETY: forwarded; `seq` passed `sequence_check` when the iterator
    // was made, and types keep their slots.
    unsafe {
        let s = (*(*seq).ob_type).tp_as_sequence;
        match (s.is_null(), if s.is_null() { None } else { (*s).sq_item }) {
            (false, Some(f)) => f(seq, i),
            _ => err::type_error(&format!(
                "'{}' object does not support indexing",
                typeobj::full_name((*seq).ob_type)
            ))
            .into(),
        }
    }
}

/// The length of what is left (0 once exhausted).
unsafe extern "C" fn index_length_hint(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: method of an index iterator.
    unsafe {
        let it = op as *mut IndexIter;
        let seq = (*it).seq;
        let n = if seq.is_null() {
            0
        } else if list::check(seq) {
            list::size(seq)
        } else if tuple::check(seq) {
            tuple::size(seq)
        } else if unicode::check(seq) {
            unicode::len_chars(seq)
        } else {
            bytes::as_slice(seq).len() as isize
        };
        err::into_ptr(long::from_i64((n - (*it).index).max(0) as i64))
    }
}

/// The sequence iterator's hint: `len(seq) - index`, `NotImplemented`
/// when the sequence has no length.
unsafe extern "C" fn seq_length_hint(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: method of a sequence iterator.
    unsafe {
        let it = op as *mut IndexIter;
        let seq = (*it).seq;
        if seq.is_null() {
            return err::into_ptr(long::from_i64(0));
        }
        let t = (*seq).ob_type;
        let (s, m) = ((*t).tp_as_sequence, (*t).tp_as_mapping);
        let has_len = (!s.is_null() && (*s).sq_length.is_some())
            || (!m.is_null() && (*m).mp_length.is_some());
        if !has_len {
            return new_ref(lifecycle::not_implemented());
        }
        match crate::protocols::sequence::size(seq) {
            Ok(n) => err::into_ptr(long::from_i64((n - (*it).index).max(0) as i64)),
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn index_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        clear_slot(ptr::addr_of_mut!((*(op as *mut IndexIter)).seq));
        alloc::free_object(op);
    }
}

unsafe extern "C" fn index_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on an index iterator.
    unsafe { gc::visit_all([(*(op as *mut IndexIter)).seq], visit, arg) }
}

// ---- the callable iterator ---------------------------------------------

/// `PyCallIter_New`: calls `callable` with no arguments until the result
/// equals `sentinel` (compared as `sentinel == result`).
///
/// # Safety
/// Both live.
pub unsafe fn call_iter_new(callable: *mut PyObject, sentinel: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: a fresh callable iterator.
    unsafe {
        let op = alloc::new_object(lifecycle::calliter_type(), std::mem::size_of::<CallIter>())?;
        let it = op as *mut CallIter;
        (*it).callable = new_ref(callable);
        (*it).sentinel = new_ref(sentinel);
        gc::track(op);
        Ok(Owned::from_raw(op))
    }
}

unsafe extern "C" fn calliter_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a callable iterator; the callable and sentinel are
    // held across the call and the comparison.
    unsafe {
        let it = op as *mut CallIter;
        if (*it).callable.is_null() {
            return ptr::null_mut();
        }
        let callable = Owned::from_borrowed((*it).callable);
        let r = call::call_no_args(callable.as_ptr());
        if !r.is_null() {
            let r = Owned::from_raw(r);
            if (*it).sentinel.is_null() {
                return r.into_raw();
            }
            let sentinel = Owned::from_borrowed((*it).sentinel);
            return match abstract_::rich_compare_bool(sentinel.as_ptr(), r.as_ptr(), 2) {
                Ok(false) => r.into_raw(),
                Ok(true) => {
                    clear_slot(ptr::addr_of_mut!((*it).callable));
                    clear_slot(ptr::addr_of_mut!((*it).sentinel));
                    ptr::null_mut()
                }
                Err(e) => e.into(),
            };
        }
        if err::given_matches(err::occurred(), exceptions::get(Exc::StopIteration)) {
            err::clear();
            clear_slot(ptr::addr_of_mut!((*it).callable));
            clear_slot(ptr::addr_of_mut!((*it).sentinel));
        }
        ptr::null_mut()
    }
}

unsafe extern "C" fn calliter_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        let it = op as *mut CallIter;
        clear_slot(ptr::addr_of_mut!((*it).callable));
        clear_slot(ptr::addr_of_mut!((*it).sentinel));
        alloc::free_object(op);
    }
}

unsafe extern "C" fn calliter_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a callable iterator.
    unsafe {
        let it = op as *mut CallIter;
        gc::visit_all([(*it).callable, (*it).sentinel], visit, arg)
    }
}

// ---- dict iterators ----------------------------------------------------

/// A keys (0), values (1) or items (2) iterator over `d`.
///
/// # Safety
/// `d` a live dict.
pub unsafe fn dict_iter(d: *mut PyObject, kind: usize) -> PyResult<Owned> {
    // SAFETY: a fresh dict iterator.
    unsafe {
        let k = [Kind::DictKeys, Kind::DictValues, Kind::DictItems][kind];
        let op = alloc::new_object(type_of(k), std::mem::size_of::<DictIter>())?;
        let it = op as *mut DictIter;
        let n = dict::len(d);
        (*it).dict = new_ref(d);
        (*it).used = n;
        (*it).pos = 0;
        (*it).len = n;
        gc::track(op);
        Ok(Owned::from_raw(op))
    }
}

unsafe extern "C" fn dict_iter_slot<const KIND: usize>(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a dict.
    unsafe { err::into_ptr(dict_iter(op, KIND)) }
}

unsafe extern "C" fn dict_next<const KIND: usize>(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a dict iterator; entries are borrowed from the dict
    // and referenced before anything else runs.
    unsafe {
        let it = op as *mut DictIter;
        let d = (*it).dict;
        if d.is_null() {
            return ptr::null_mut();
        }
        if (*it).used != dict::len(d) {
            (*it).used = -1;
            return err::raise(
                Exc::RuntimeError,
                "dictionary changed size during iteration",
            )
            .into();
        }
        let Some((k, v)) = dict::next(d, &mut (*it).pos) else {
            clear_slot(ptr::addr_of_mut!((*it).dict));
            return ptr::null_mut();
        };
        if (*it).len == 0 {
            clear_slot(ptr::addr_of_mut!((*it).dict));
            return err::raise(
                Exc::RuntimeError,
                "dictionary keys changed during iteration",
            )
            .into();
        }
        (*it).len -= 1;
        match KIND {
            0 => new_ref(k),
            1 => new_ref(v),
            _ => err::into_ptr(tuple::new_from(&[k, v])),
        }
    }
}

unsafe extern "C" fn dict_length_hint(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: method of a dict iterator.
    unsafe {
        let it = op as *mut DictIter;
        let d = (*it).dict;
        let n = if !d.is_null() && (*it).used == dict::len(d) {
            (*it).len
        } else {
            0
        };
        err::into_ptr(long::from_i64(n as i64))
    }
}

unsafe extern "C" fn dict_iter_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        clear_slot(ptr::addr_of_mut!((*(op as *mut DictIter)).dict));
        alloc::free_object(op);
    }
}

unsafe extern "C" fn dict_iter_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a dict iterator.
    unsafe { gc::visit_all([(*(op as *mut DictIter)).dict], visit, arg) }
}
