//! The `_collections` module, as CPython 3.12.1's
//! `Modules/_collectionsmodule.c` has it for the `collections` package:
//! `deque` (with its `_deque_iterator` and `_deque_reverse_iterator`),
//! `defaultdict`, `_tuplegetter` (namedtuple's field descriptors) and
//! `_count_elements`. `OrderedDict` is not here (`collections` falls back
//! to its pure-Python version).
//!
//! A deque holds its items in a boxed `VecDeque` of owned references and
//! CPython's `state` counter, bumped by every change of its length or
//! order, which its iterators and the methods comparing items
//! (`count`, `index`, `remove`, `__contains__`) check after each call out
//! to raise CPython's errors. No borrow of the items is held across a
//! call into Python, and references are released only after the items
//! are back in a consistent state.

use crate::objects::object::*;
use crate::objects::typeobj::{
    self, flags, PyGetSetDef, PyMethodDef, PySequenceMethods, PyTypeObject,
};
use crate::protocols::clinic::{arg_opt, def, fastcall, pos, pos_opt, Sig};
use crate::runtime::err::{self, PyResult};
use crate::{
    objects::dict, objects::iterobject, objects::list, objects::long, objects::module,
    objects::tuple, objects::unicode, protocols::abstract_, protocols::call, protocols::number,
    runtime::gc, runtime::lifecycle,
};
use std::collections::VecDeque;
use std::ffi::{c_int, c_void, CStr};
use std::ptr;

// ---- deque ---------------------------------------------------------------

/// A deque's layout.
#[repr(C)]
struct Deque {
    ob_base: PyObject,
    /// The items (owned references); NULL until first needed.
    items: *mut VecDeque<*mut PyObject>,
    /// The bound, or -1 for none.
    maxlen: isize,
    /// CPython's mutation counter.
    state: usize,
    weakreflist: *mut PyObject,
}

/// An iterator's layout (both directions).
#[repr(C)]
struct DequeIter {
    ob_base: PyObject,
    deque: *mut PyObject,
    /// Items consumed so far (from the left, or from the right).
    index: usize,
    /// The deque's `state` when the iterator was made.
    state: usize,
    /// Items left.
    counter: usize,
}

static mut DEQUE_TYPE: *mut PyTypeObject = ptr::null_mut();
static mut ITER_TYPE: *mut PyTypeObject = ptr::null_mut();
static mut RITER_TYPE: *mut PyTypeObject = ptr::null_mut();
static mut DEFDICT_TYPE: *mut PyTypeObject = ptr::null_mut();

fn deque_type() -> *mut PyTypeObject {
    // SAFETY: written once under the GIL at the first import.
    unsafe { *ptr::addr_of!(DEQUE_TYPE) }
}

fn none() -> Owned {
    // SAFETY: None is immortal.
    unsafe { Owned::from_borrowed(lifecycle::none()) }
}

/// The items of `op`, made on first use. The borrow must end before any
/// call into Python.
///
/// # Safety
/// `op` a live deque.
unsafe fn items<'a>(op: *mut PyObject) -> &'a mut VecDeque<*mut PyObject> {
    // SAFETY: forwarded; a non-NULL pointer came from `Box::into_raw`.
    unsafe {
        let d = op as *mut Deque;
        if (*d).items.is_null() {
            (*d).items = Box::into_raw(Box::default());
        }
        &mut *(*d).items
    }
}

/// The number of items.
///
/// # Safety
/// `op` a live deque.
unsafe fn size(op: *mut PyObject) -> usize {
    // SAFETY: forwarded.
    unsafe { (*(op as *mut Deque)).items.as_ref().map_or(0, |v| v.len()) }
}

/// # Safety
/// `op` a live deque.
unsafe fn state(op: *mut PyObject) -> usize {
    // SAFETY: forwarded.
    unsafe { (*(op as *mut Deque)).state }
}

/// # Safety
/// `op` a live deque.
unsafe fn bump(op: *mut PyObject) {
    // SAFETY: forwarded.
    unsafe { (*(op as *mut Deque)).state = (*(op as *mut Deque)).state.wrapping_add(1) }
}

/// # Safety
/// `op` a live deque.
unsafe fn maxlen(op: *mut PyObject) -> isize {
    // SAFETY: forwarded.
    unsafe { (*(op as *mut Deque)).maxlen }
}

/// Item `i` as a new reference, if there is one.
///
/// # Safety
/// `op` a live deque.
unsafe fn item_at(op: *mut PyObject, i: usize) -> Option<Owned> {
    // SAFETY: forwarded; the item is live while the deque holds it.
    unsafe {
        (*(op as *mut Deque))
            .items
            .as_ref()
            .and_then(|v| v.get(i).copied())
            .map(|p| Owned::from_borrowed(p))
    }
}

/// Releases references taken out of a deque.
fn release(objs: impl IntoIterator<Item = *mut PyObject>) {
    for o in objs {
        // SAFETY: each was an owned reference of the deque.
        unsafe { drop(Owned::from_raw(o)) };
    }
}

fn mutated() -> err::Raised {
    err::raise(
        crate::objects::exceptions::Exc::RuntimeError,
        "deque mutated during iteration",
    )
}

/// `deque_append_internal`/`deque_appendleft_internal`: adds `x`, then
/// trims the other end past `maxlen`.
///
/// # Safety
/// `op` a live deque.
unsafe fn push(op: *mut PyObject, x: Owned, left: bool) -> PyResult<()> {
    // SAFETY: forwarded; the borrow ends before the trimmed item goes.
    unsafe {
        let max = maxlen(op);
        let v = items(op);
        v.try_reserve(1).map_err(|_| err::no_memory())?;
        if left {
            v.push_front(x.into_raw());
        } else {
            v.push_back(x.into_raw());
        }
        let old = if max >= 0 && v.len() > max as usize {
            if left {
                v.pop_back()
            } else {
                v.pop_front()
            }
        } else {
            None
        };
        bump(op);
        release(old);
        Ok(())
    }
}

/// `pop`/`popleft`.
///
/// # Safety
/// `op` a live deque.
unsafe fn pop_end(op: *mut PyObject, left: bool) -> PyResult<Owned> {
    // SAFETY: forwarded; the popped reference is the caller's.
    unsafe {
        let v = items(op);
        let x = if left { v.pop_front() } else { v.pop_back() };
        match x {
            Some(x) => {
                bump(op);
                Ok(Owned::from_raw(x))
            }
            None => Err(err::index_error("pop from an empty deque")),
        }
    }
}

/// `deque_clear`: the items are taken out before they are released.
///
/// # Safety
/// `op` a live deque.
unsafe fn clear(op: *mut PyObject) {
    // SAFETY: forwarded.
    unsafe {
        let d = op as *mut Deque;
        if (*d).items.is_null() {
            return;
        }
        let old = std::mem::take(&mut *(*d).items);
        bump(op);
        release(old);
    }
}

/// `deque_extend`/`deque_extendleft`.
///
/// # Safety
/// `op` a live deque, `iterable` live.
unsafe fn extend(op: *mut PyObject, iterable: *mut PyObject, left: bool) -> PyResult<()> {
    // SAFETY: forwarded; each step re-reads the deque.
    unsafe {
        if iterable == op {
            let snapshot: Vec<Owned> = items(op).iter().map(|&p| Owned::from_borrowed(p)).collect();
            for x in snapshot {
                push(op, x, left)?;
            }
            return Ok(());
        }
        let it = iterobject::get_iter(iterable)?;
        while let Some(x) = iterobject::next(it.as_ptr())? {
            push(op, x, left)?;
        }
        Ok(())
    }
}

/// A new empty deque of type `t`.
///
/// # Safety
/// `t` the deque type or a subtype.
unsafe fn alloc_deque(t: *mut PyTypeObject, max: isize) -> PyResult<Owned> {
    // SAFETY: forwarded; `tp_alloc` gives a zeroed object.
    unsafe {
        let op = match (*t).tp_alloc.or(lifecycle::c_api_slots().alloc) {
            Some(f) => err::from_ptr(f(t, 0))?,
            None => return Err(err::system_error("type has no tp_alloc")),
        };
        (*(op.as_ptr() as *mut Deque)).maxlen = max;
        Ok(op)
    }
}

unsafe extern "C" fn deque_new(
    t: *mut PyTypeObject,
    _args: *mut PyObject,
    _kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract.
    unsafe { err::into_ptr(alloc_deque(t, -1)) }
}

static INIT_SIG: Sig = Sig::new("deque", &[arg_opt("iterable"), arg_opt("maxlen")]);

unsafe extern "C" fn deque_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> c_int {
    // SAFETY: tp_init contract.
    unsafe {
        let r = (|| {
            let a = INIT_SIG.bind_call::<2>(args, kw)?;
            let mut max = -1;
            if let Some(m) = a.get(1).filter(|&m| m != lifecycle::none()) {
                if !long::check(m) {
                    return Err(err::type_error("an integer is required"));
                }
                max = long::as_ssize(m)?;
                if max < 0 {
                    return Err(err::value_error("maxlen must be non-negative"));
                }
            }
            (*(op as *mut Deque)).maxlen = max;
            if size(op) > 0 {
                clear(op);
            }
            if let Some(it) = a.get(0) {
                extend(op, it, false)?;
            }
            Ok(())
        })();
        match r {
            Ok(()) => 0,
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn deque_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; the items are owned here.
    unsafe {
        gc::untrack(op);
        if !(*(op as *mut Deque)).weakreflist.is_null() {
            crate::objects::weakref::clear_weakrefs(op);
        }
        let d = op as *mut Deque;
        let v = std::mem::replace(&mut (*d).items, ptr::null_mut());
        if !v.is_null() {
            release(*Box::from_raw(v));
        }
        match (*(*op).ob_type).tp_free {
            Some(free) => free(op as *mut c_void),
            None => crate::runtime::alloc::free_object(op),
        }
    }
}

unsafe extern "C" fn deque_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a live deque; its items are live.
    unsafe {
        let Some(v) = visit else { return 0 };
        if let Some(all) = (*(op as *mut Deque)).items.as_ref() {
            for &p in all {
                let r = v(p, arg);
                if r != 0 {
                    return r;
                }
            }
        }
        0
    }
}

unsafe extern "C" fn deque_tp_clear(op: *mut PyObject) -> c_int {
    // SAFETY: slot on a live deque.
    unsafe { clear(op) };
    0
}

/// `deque_copy`: an exact deque is copied directly; a subclass is called
/// with the deque (and its `maxlen`).
///
/// # Safety
/// `op` a live deque.
unsafe fn copy(op: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let t = (*op).ob_type;
        let max = maxlen(op);
        if t == deque_type() {
            let new = alloc_deque(t, max)?;
            extend(new.as_ptr(), op, false)?;
            return Ok(new);
        }
        let r = if max < 0 {
            call::call_args(t as *mut PyObject, &[op])?
        } else {
            let m = long::from_i64(max as i64)?;
            call::call_args(t as *mut PyObject, &[op, m.as_ptr()])?
        };
        if !typeobj::is_subtype((*r.as_ptr()).ob_type, deque_type()) {
            return Err(err::type_error(&format!(
                "{}() must return a deque, not {}",
                typeobj::short_name(t),
                typeobj::type_name_of(r.as_ptr())
            )));
        }
        Ok(r)
    }
}

fastcall! {
    fn deque_append(s, a = Sig::new("append", &[pos("x")])) {
        push(s, Owned::from_borrowed(a.req(0)), false)?;
        Ok(none())
    }
}
fastcall! {
    fn deque_appendleft(s, a = Sig::new("appendleft", &[pos("x")])) {
        push(s, Owned::from_borrowed(a.req(0)), true)?;
        Ok(none())
    }
}
fastcall! {
    fn deque_pop(s, _a = Sig::new("pop", &[])) { pop_end(s, false) }
}
fastcall! {
    fn deque_popleft(s, _a = Sig::new("popleft", &[])) { pop_end(s, true) }
}
fastcall! {
    fn deque_extend(s, a = Sig::new("extend", &[pos("iterable")])) {
        extend(s, a.req(0), false)?;
        Ok(none())
    }
}
fastcall! {
    fn deque_extendleft(s, a = Sig::new("extendleft", &[pos("iterable")])) {
        extend(s, a.req(0), true)?;
        Ok(none())
    }
}
fastcall! {
    fn deque_clear(s, _a = Sig::new("clear", &[])) {
        clear(s);
        Ok(none())
    }
}
fastcall! {
    fn deque_copy(s, _a = Sig::new("copy", &[])) { copy(s) }
}
fastcall! {
    fn deque_count(s, a = Sig::new("count", &[pos("value")])) {
        let v = a.req(0);
        let start = state(s);
        let n = size(s);
        let mut count = 0i64;
        for i in 0..n {
            let Some(item) = item_at(s, i) else { break };
            if abstract_::rich_compare_bool(item.as_ptr(), v, abstract_::EQ)? {
                count += 1;
            }
            if state(s) != start {
                return Err(mutated());
            }
        }
        long::from_i64(count)
    }
}
fastcall! {
    fn deque_index(s, a = Sig::legacy("index", &[pos("value"), pos_opt("start"), pos_opt("stop")])) {
        let v = a.req(0);
        let len = size(s) as isize;
        let idx = |i: usize, d: isize| -> PyResult<isize> {
            match a.get(i) {
                None => Ok(d),
                Some(o) => Ok(crate::objects::stdmethods::slice_index(o, false)?.unwrap_or(d)),
            }
        };
        let mut start = idx(1, 0)?;
        let mut stop = idx(2, len)?;
        let len = size(s) as isize;
        if start < 0 {
            start = (start + len).max(0);
        }
        if stop < 0 {
            stop = (stop + len).max(0);
        }
        stop = stop.min(len);
        start = start.min(stop);
        let st = state(s);
        for i in start..stop {
            let Some(item) = item_at(s, i as usize) else { break };
            if abstract_::rich_compare_bool(item.as_ptr(), v, abstract_::EQ)? {
                return long::from_i64(i as i64);
            }
            if state(s) != st {
                return Err(mutated());
            }
        }
        Err(err::value_error(&format!("{} is not in deque", abstract_::repr_string(v)?)))
    }
}
fastcall! {
    fn deque_insert(s, a = Sig::legacy("insert", &[pos("index"), pos("object")])) {
        let index = a.ssize(0, 0)?;
        let v = a.req(1);
        let n = size(s) as isize;
        if maxlen(s) == n {
            return Err(err::index_error("deque already at its maximum size"));
        }
        let at = if index >= n {
            n
        } else if index <= -n || index == 0 {
            0
        } else if index < 0 {
            n + index
        } else {
            index
        };
        let q = items(s);
        q.try_reserve(1).map_err(|_| err::no_memory())?;
        q.insert(at as usize, Owned::from_borrowed(v).into_raw());
        bump(s);
        Ok(none())
    }
}
fastcall! {
    fn deque_remove(s, a = Sig::new("remove", &[pos("value")])) {
        let v = a.req(0);
        let st = state(s);
        let n = size(s);
        for i in 0..n {
            let Some(item) = item_at(s, i) else { break };
            let eq = abstract_::rich_compare_bool(item.as_ptr(), v, abstract_::EQ)?;
            drop(item);
            if state(s) != st {
                return Err(err::index_error("deque mutated during iteration"));
            }
            if eq {
                let old = items(s).remove(i);
                bump(s);
                release(old);
                return Ok(none());
            }
        }
        Err(err::value_error(&format!("{} is not in deque", abstract_::repr_string(v)?)))
    }
}
fastcall! {
    fn deque_reverse(s, _a = Sig::new("reverse", &[])) {
        items(s).make_contiguous().reverse();
        Ok(none())
    }
}

/// `_deque_rotate`.
///
/// # Safety
/// `op` a live deque.
unsafe fn rotate(op: *mut PyObject, n: isize) {
    // SAFETY: forwarded.
    unsafe {
        let len = size(op);
        if len <= 1 {
            return;
        }
        bump(op);
        let k = n.rem_euclid(len as isize) as usize;
        items(op).rotate_right(k);
    }
}

fastcall! {
    fn deque_rotate(s, a = Sig::new("deque.rotate", &[pos_opt("n")])) {
        rotate(s, a.ssize(0, 1)?);
        Ok(none())
    }
}
fastcall! {
    fn deque_reversed(s, _a = Sig::new("__reversed__", &[])) { new_iter(s, true) }
}
fastcall! {
    fn deque_reduce(s, _a = Sig::new("__reduce__", &[])) {
        let name = unicode::intern("__getstate__")?;
        let getstate = abstract_::getattr(s, name.as_ptr())?;
        let st = err::from_ptr(call::call_no_args(getstate.as_ptr()))?;
        let it = iterobject::get_iter(s)?;
        let t = Owned::from_borrowed((*s).ob_type as *mut PyObject);
        let args = if maxlen(s) < 0 {
            tuple::new_from(&[])?
        } else {
            let empty = tuple::new_from(&[])?;
            let m = long::from_i64(maxlen(s) as i64)?;
            tuple::from_owned(vec![empty, m])?
        };
        tuple::from_owned(vec![t, args, st, it])
    }
}
unsafe extern "C" fn deque_len(op: *mut PyObject) -> isize {
    // SAFETY: slot on a live deque.
    unsafe { size(op) as isize }
}

unsafe extern "C" fn deque_item(op: *mut PyObject, i: isize) -> *mut PyObject {
    // SAFETY: slot on a live deque.
    unsafe {
        match (i >= 0).then(|| item_at(op, i as usize)).flatten() {
            Some(x) => x.into_raw(),
            None => err::index_error("deque index out of range").into(),
        }
    }
}

unsafe extern "C" fn deque_ass_item(op: *mut PyObject, i: isize, v: *mut PyObject) -> c_int {
    // SAFETY: slot on a live deque; the replaced item goes after the
    // borrow ends.
    unsafe {
        let n = size(op);
        if i < 0 || i as usize >= n {
            return err::index_error("deque index out of range").into();
        }
        let q = items(op);
        let old = if v.is_null() {
            let old = q.remove(i as usize);
            bump(op);
            old
        } else {
            Some(std::mem::replace(&mut q[i as usize], new_ref(v)))
        };
        release(old);
        0
    }
}

unsafe extern "C" fn deque_contains(op: *mut PyObject, v: *mut PyObject) -> c_int {
    // SAFETY: slot on a live deque.
    unsafe {
        let st = state(op);
        let n = size(op);
        for i in 0..n {
            let Some(item) = item_at(op, i) else { break };
            match abstract_::rich_compare_bool(item.as_ptr(), v, abstract_::EQ) {
                Ok(true) => return 1,
                Ok(false) => {}
                Err(e) => return e.into(),
            }
            if state(op) != st {
                return mutated().into();
            }
        }
        0
    }
}

unsafe extern "C" fn deque_concat(op: *mut PyObject, other: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live deque.
    unsafe {
        if !typeobj::is_subtype((*other).ob_type, deque_type()) {
            return err::type_error(&format!(
                "can only concatenate deque (not \"{}\") to deque",
                typeobj::type_name_of(other)
            ))
            .into();
        }
        let r = copy(op).and_then(|new| {
            extend(new.as_ptr(), other, false)?;
            Ok(new)
        });
        err::into_ptr(r)
    }
}

unsafe extern "C" fn deque_inplace_concat(
    op: *mut PyObject,
    other: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot on a live deque.
    unsafe {
        match extend(op, other, false) {
            Ok(()) => new_ref(op),
            Err(e) => e.into(),
        }
    }
}

/// `deque_inplace_repeat`: only the items a `maxlen` keeps are made.
///
/// # Safety
/// `op` a live deque.
unsafe fn repeat_in_place(op: *mut PyObject, n: isize) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let size = size(op);
        if n <= 0 || size == 0 {
            if n <= 0 {
                clear(op);
            }
            return Ok(());
        }
        if n == 1 {
            return Ok(());
        }
        let total = (size as u128) * (n as u128);
        if size > 1 && total > isize::MAX as u128 {
            return Err(err::no_memory());
        }
        let max = maxlen(op);
        let keep = if max >= 0 {
            total.min(max as u128)
        } else {
            total
        };
        if keep > isize::MAX as u128 / 8 {
            return Err(err::no_memory());
        }
        let snapshot: Vec<Owned> = items(op).iter().map(|&p| Owned::from_borrowed(p)).collect();
        let first = (total - keep) as usize;
        let mut new: VecDeque<*mut PyObject> = VecDeque::new();
        new.try_reserve(keep as usize)
            .map_err(|_| err::no_memory())?;
        // The kept items continue the pattern from where the dropped ones end.
        for k in 0..keep as usize {
            let i = ((first % size) + k) % size;
            new.push_back(snapshot[i].clone().into_raw());
        }
        let old = std::mem::replace(items(op), new);
        bump(op);
        release(old);
        Ok(())
    }
}

unsafe extern "C" fn deque_inplace_repeat(op: *mut PyObject, n: isize) -> *mut PyObject {
    // SAFETY: slot on a live deque.
    unsafe {
        match repeat_in_place(op, n) {
            Ok(()) => new_ref(op),
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn deque_repeat(op: *mut PyObject, n: isize) -> *mut PyObject {
    // SAFETY: slot on a live deque.
    unsafe {
        let r = copy(op).and_then(|new| {
            repeat_in_place(new.as_ptr(), n)?;
            Ok(new)
        });
        err::into_ptr(r)
    }
}

unsafe extern "C" fn deque_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live deque; the items are copied out first.
    unsafe {
        let r = abstract_::with_repr_guard(op, "[...]", || {
            let snapshot: Vec<Owned> = items(op).iter().map(|&p| Owned::from_borrowed(p)).collect();
            let l = list::from_owned(snapshot)?;
            let body = abstract_::repr_string(l.as_ptr())?;
            let name = typeobj::type_name_of(op);
            Ok(match maxlen(op) {
                m if m >= 0 => format!("{name}({body}, maxlen={m})"),
                _ => format!("{name}({body})"),
            })
        });
        err::into_ptr(r.and_then(|s| unicode::from_str(&s)))
    }
}

unsafe extern "C" fn deque_richcompare(
    v: *mut PyObject,
    w: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: slot on live objects; items are compared through iterators.
    unsafe {
        let dt = deque_type();
        if !typeobj::is_subtype((*v).ob_type, dt) || !typeobj::is_subtype((*w).ob_type, dt) {
            return new_ref(lifecycle::not_implemented());
        }
        let (vs, ws) = (size(v), size(w));
        if op == abstract_::EQ || op == abstract_::NE {
            if v == w {
                return long::bool_from(op == abstract_::EQ).into_raw();
            }
            if vs != ws {
                return long::bool_from(op == abstract_::NE).into_raw();
            }
        }
        let r = (|| {
            let it1 = iterobject::get_iter(v)?;
            let it2 = iterobject::get_iter(w)?;
            let (x, y) = loop {
                let x = iterobject::next(it1.as_ptr())?;
                let y = iterobject::next(it2.as_ptr())?;
                let (Some(a), Some(b)) = (&x, &y) else {
                    break (x, y);
                };
                if !abstract_::rich_compare_bool(a.as_ptr(), b.as_ptr(), abstract_::EQ)? {
                    return abstract_::rich_compare(a.as_ptr(), b.as_ptr(), op);
                }
            };
            let cmp = match op {
                abstract_::LT => y.is_some(),
                abstract_::LE => x.is_none(),
                abstract_::EQ => x.is_none() && y.is_none(),
                abstract_::NE => x.is_some() || y.is_some(),
                abstract_::GT => x.is_some(),
                _ => y.is_none(),
            };
            Ok(long::bool_from(cmp))
        })();
        err::into_ptr(r)
    }
}

unsafe extern "C" fn get_maxlen(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getter on a live deque.
    unsafe {
        match maxlen(op) {
            m if m < 0 => none().into_raw(),
            m => err::into_ptr(long::from_i64(m as i64)),
        }
    }
}

// ---- deque iterators -----------------------------------------------------

/// A new iterator over `d`.
///
/// # Safety
/// `d` a live deque.
unsafe fn new_iter(d: *mut PyObject, reverse: bool) -> PyResult<Owned> {
    // SAFETY: forwarded; the iterator types have `tp_alloc`.
    unsafe {
        let t = if reverse {
            *ptr::addr_of!(RITER_TYPE)
        } else {
            *ptr::addr_of!(ITER_TYPE)
        };
        let op = match (*t).tp_alloc.or(lifecycle::c_api_slots().alloc) {
            Some(f) => err::from_ptr(f(t, 0))?,
            None => return Err(err::system_error("type has no tp_alloc")),
        };
        let it = op.as_ptr() as *mut DequeIter;
        (*it).deque = new_ref(d);
        (*it).index = 0;
        (*it).state = state(d);
        (*it).counter = size(d);
        Ok(op)
    }
}

unsafe extern "C" fn deque_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live deque.
    unsafe { err::into_ptr(new_iter(op, false)) }
}

unsafe extern "C" fn iter_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live iterator; its deque is live.
    unsafe {
        let it = op as *mut DequeIter;
        let d = (*it).deque;
        if d.is_null() {
            return ptr::null_mut();
        }
        if state(d) != (*it).state {
            (*it).counter = 0;
            return mutated().into();
        }
        if (*it).counter == 0 {
            return ptr::null_mut();
        }
        let n = size(d);
        let i = if (*(op)).ob_type == *ptr::addr_of!(RITER_TYPE) {
            n.wrapping_sub(1).wrapping_sub((*it).index)
        } else {
            (*it).index
        };
        match item_at(d, i) {
            Some(x) => {
                (*it).index += 1;
                (*it).counter -= 1;
                x.into_raw()
            }
            None => ptr::null_mut(),
        }
    }
}

unsafe extern "C" fn iter_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        let d = std::mem::replace(&mut (*(op as *mut DequeIter)).deque, ptr::null_mut());
        if !d.is_null() {
            decref(d);
        }
        match (*(*op).ob_type).tp_free {
            Some(free) => free(op as *mut c_void),
            None => crate::runtime::alloc::free_object(op),
        }
    }
}

unsafe extern "C" fn iter_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a live iterator.
    unsafe {
        let d = (*(op as *mut DequeIter)).deque;
        match visit {
            Some(v) if !d.is_null() => v(d, arg),
            _ => 0,
        }
    }
}

unsafe extern "C" fn iter_clear(op: *mut PyObject) -> c_int {
    // SAFETY: slot on a live iterator.
    unsafe {
        let d = std::mem::replace(&mut (*(op as *mut DequeIter)).deque, ptr::null_mut());
        if !d.is_null() {
            decref(d);
        }
    }
    0
}

unsafe extern "C" fn self_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live object.
    unsafe { new_ref(op) }
}

unsafe extern "C" fn iter_length_hint(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a live iterator.
    unsafe { err::into_ptr(long::from_i64((*(op as *mut DequeIter)).counter as i64)) }
}

// ---- module --------------------------------------------------------------

/// `d` with the docstring `doc`.
const fn with_doc(mut d: PyMethodDef, doc: &'static CStr) -> PyMethodDef {
    d.ml_doc = doc.as_ptr();
    d
}

static mut DEQUE_METHODS: [PyMethodDef; 21] = [
    with_doc(def(c"append", deque_append), c"Add an element to the right side of the deque."),
    with_doc(def(c"appendleft", deque_appendleft), c"Add an element to the left side of the deque."),
    with_doc(def(c"clear", deque_clear), c"Remove all elements from the deque."),
    with_doc(def(c"__copy__", deque_copy), c"Return a shallow copy of a deque."),
    with_doc(def(c"copy", deque_copy), c"Return a shallow copy of a deque."),
    with_doc(def(c"count", deque_count), c"D.count(value) -- return number of occurrences of value"),
    with_doc(def(c"extend", deque_extend), c"Extend the right side of the deque with elements from the iterable"),
    with_doc(def(c"extendleft", deque_extendleft), c"Extend the left side of the deque with elements from the iterable"),
    with_doc(def(c"index", deque_index), c"D.index(value, [start, [stop]]) -- return first index of value.\nRaises ValueError if the value is not present."),
    with_doc(def(c"insert", deque_insert), c"D.insert(index, object) -- insert object before index"),
    with_doc(def(c"pop", deque_pop), c"Remove and return the rightmost element."),
    with_doc(def(c"popleft", deque_popleft), c"Remove and return the leftmost element."),
    with_doc(def(c"__reduce__", deque_reduce), c"Return state information for pickling."),
    with_doc(def(c"remove", deque_remove), c"D.remove(value) -- remove first occurrence of value."),
    with_doc(def(c"__reversed__", deque_reversed), c"D.__reversed__() -- return a reverse iterator over the deque"),
    with_doc(def(c"reverse", deque_reverse), c"D.reverse() -- reverse *IN PLACE*"),
    with_doc(def(c"rotate", deque_rotate), c"Rotate the deque n steps to the right (default n=1).  If n is negative, rotates left."),
    crate::objects::genericaliasobject::CLASS_GETITEM_DEF,
    typeobj::METHOD_END,
    typeobj::METHOD_END,
    typeobj::METHOD_END,
];

static mut DEQUE_GETSET: [PyGetSetDef; 2] = [
    PyGetSetDef {
        name: c"maxlen".as_ptr(),
        get: Some(get_maxlen),
        set: None,
        doc: c"maximum size of a deque or None if unbounded".as_ptr(),
        closure: ptr::null_mut(),
    },
    typeobj::GETSET_END,
];

static mut DEQUE_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_length: Some(deque_len),
    sq_concat: Some(deque_concat),
    sq_repeat: Some(deque_repeat),
    sq_item: Some(deque_item),
    was_sq_slice: ptr::null_mut(),
    sq_ass_item: Some(deque_ass_item),
    was_sq_ass_slice: ptr::null_mut(),
    sq_contains: Some(deque_contains),
    sq_inplace_concat: Some(deque_inplace_concat),
    sq_inplace_repeat: Some(deque_inplace_repeat),
};

fastcall! {
    fn iter_reduce(s, _a = Sig::new("__reduce__", &[])) {
        let it = s as *mut DequeIter;
        let d = (*it).deque;
        if d.is_null() {
            return Err(err::system_error("deque iterator without its deque"));
        }
        let t = Owned::from_borrowed((*s).ob_type as *mut PyObject);
        let i = long::from_i64(size(d) as i64 - (*it).counter as i64)?;
        let args = tuple::from_owned(vec![Owned::from_borrowed(d), i])?;
        tuple::from_owned(vec![t, args])
    }
}

/// `dequeiter_new`/`dequereviter_new`: `_deque_iterator(deque, index=0)`
/// (for unpickling), an iterator advanced `index` items.
unsafe extern "C" fn iter_new(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    _kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract.
    unsafe {
        let r = (|| {
            let n = tuple::size(args);
            if !(1..=2).contains(&n) {
                let (what, k) = if n < 1 { ("least", 1) } else { ("most", 2) };
                return Err(err::type_error(&format!(
                    "function takes at {what} {k} argument{} ({n} given)",
                    if k == 1 { "" } else { "s" }
                )));
            }
            let d = tuple::item(args, 0);
            if !typeobj::is_subtype((*d).ob_type, deque_type()) {
                return Err(err::type_error(&format!(
                    "argument 1 must be collections.deque, not {}",
                    typeobj::type_name_of(d)
                )));
            }
            let index = if n == 2 {
                long::as_ssize(long::index(tuple::item(args, 1))?.as_ptr())?
            } else {
                0
            };
            let reverse = t == *ptr::addr_of!(RITER_TYPE);
            let it = new_iter(d, reverse)?;
            for _ in 0..index.max(0) {
                let x = iter_next(it.as_ptr());
                if x.is_null() {
                    if (*(it.as_ptr() as *mut DequeIter)).counter != 0 {
                        return Err(err::Raised::assume());
                    }
                    break;
                }
                decref(x);
            }
            Ok(it)
        })();
        err::into_ptr(r)
    }
}

static mut ITER_METHODS: [PyMethodDef; 3] = [
    iterobject::length_hint_def(Some(iter_length_hint)),
    with_doc(
        def(c"__reduce__", iter_reduce),
        c"Return state information for pickling.",
    ),
    typeobj::METHOD_END,
];

/// Creates and readies the types (once).
///
/// # Safety
/// The runtime is initialized; the GIL is held.
unsafe fn init_types() -> PyResult<()> {
    // SAFETY: under the GIL; the tables are static.
    unsafe {
        if !deque_type().is_null() {
            return Ok(());
        }
        let t = lifecycle::leak_type();
        (*t).tp_name = c"collections.deque".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<Deque>() as isize;
        (*t).tp_flags = flags::DEFAULT
            | flags::BASETYPE
            | flags::HAVE_GC
            | flags::SEQUENCE
            | flags::IMMUTABLETYPE;
        (*t).tp_doc = c"deque([iterable[, maxlen]]) --> deque object\n\nA list-like sequence optimized for data accesses near its endpoints.".as_ptr();
        (*t).tp_dealloc = Some(deque_dealloc);
        (*t).tp_traverse = Some(deque_traverse);
        (*t).tp_clear = Some(deque_tp_clear);
        (*t).tp_repr = Some(deque_repr);
        (*t).tp_hash = lifecycle::c_api_slots().hash_not_implemented;
        (*t).tp_richcompare = Some(deque_richcompare);
        (*t).tp_iter = Some(deque_iter);
        (*t).tp_getattro = lifecycle::c_api_slots().getattro;
        (*t).tp_as_sequence = ptr::addr_of_mut!(DEQUE_AS_SEQUENCE);
        (*t).tp_methods = ptr::addr_of_mut!(DEQUE_METHODS).cast();
        (*t).tp_getset = ptr::addr_of_mut!(DEQUE_GETSET).cast();
        (*t).tp_weaklistoffset = std::mem::offset_of!(Deque, weakreflist) as isize;
        (*t).tp_new = Some(deque_new);
        (*t).tp_init = Some(deque_init);
        (*t).tp_alloc = lifecycle::c_api_slots().alloc;
        (*t).tp_free = lifecycle::c_api_slots().gc_del;
        typeobj::ready_static(t)?;
        *ptr::addr_of_mut!(DEQUE_TYPE) = t;

        for (slot, name) in [
            (ptr::addr_of_mut!(ITER_TYPE), c"collections._deque_iterator"),
            (
                ptr::addr_of_mut!(RITER_TYPE),
                c"collections._deque_reverse_iterator",
            ),
        ] {
            let t = lifecycle::leak_type();
            (*t).tp_name = name.as_ptr();
            (*t).tp_basicsize = std::mem::size_of::<DequeIter>() as isize;
            (*t).tp_flags = flags::DEFAULT | flags::HAVE_GC | flags::IMMUTABLETYPE;
            (*t).tp_dealloc = Some(iter_dealloc);
            (*t).tp_traverse = Some(iter_traverse);
            (*t).tp_clear = Some(iter_clear);
            (*t).tp_getattro = lifecycle::c_api_slots().getattro;
            (*t).tp_iter = Some(self_iter);
            (*t).tp_iternext = Some(iter_next);
            (*t).tp_methods = ptr::addr_of_mut!(ITER_METHODS).cast();
            (*t).tp_new = Some(iter_new);
            (*t).tp_alloc = lifecycle::c_api_slots().alloc;
            (*t).tp_free = lifecycle::c_api_slots().gc_del;
            typeobj::ready_static(t)?;
            *slot = t;
        }
        defaultdict_init_type()?;
        tuplegetter_init_type()?;
        Ok(())
    }
}

// ---- defaultdict -----------------------------------------------------------

/// A defaultdict's layout: a dict and the factory.
#[repr(C)]
struct DefDict {
    dict: dict::PyDictObject,
    /// The factory (NULL reads as None).
    default_factory: *mut PyObject,
}

/// The factory of `op`, or None.
///
/// # Safety
/// `op` a live defaultdict.
unsafe fn factory(op: *mut PyObject) -> Owned {
    // SAFETY: forwarded.
    unsafe {
        let f = (*(op as *mut DefDict)).default_factory;
        Owned::from_borrowed(if f.is_null() { lifecycle::none() } else { f })
    }
}

/// `type(dd)(dd.default_factory, arg)`: how copies and `|` make their
/// result.
///
/// # Safety
/// `op` a live defaultdict, `arg` live.
unsafe fn new_defdict(op: *mut PyObject, arg: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let f = factory(op);
        call::call_args((*op).ob_type as *mut PyObject, &[f.as_ptr(), arg])
    }
}

fastcall! {
    fn defdict_missing(s, a = Sig::new("__missing__", &[pos("key")])) {
        let key = a.req(0);
        let f = factory(s);
        if f.as_ptr() == lifecycle::none() {
            return Err(err::key_error(key));
        }
        let value = err::from_ptr(call::call_no_args(f.as_ptr()))?;
        abstract_::setitem(s, key, value.as_ptr())?;
        Ok(value)
    }
}
fastcall! {
    fn defdict_copy(s, _a = Sig::new("copy", &[])) { new_defdict(s, s) }
}
fastcall! {
    fn defdict_reduce(s, _a = Sig::new("__reduce__", &[])) {
        let f = (*(s as *mut DefDict)).default_factory;
        let args = if f.is_null() {
            tuple::new_from(&[])?
        } else {
            tuple::new_from(&[f])?
        };
        let name = unicode::intern("items")?;
        let meth = abstract_::getattr(s, name.as_ptr())?;
        let items = err::from_ptr(call::call_no_args(meth.as_ptr()))?;
        let it = iterobject::get_iter(items.as_ptr())?;
        let t = Owned::from_borrowed((*s).ob_type as *mut PyObject);
        tuple::from_owned(vec![t, args, none(), none(), it])
    }
}

unsafe extern "C" fn defdict_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live defaultdict.
    unsafe {
        let r = (|| {
            let base = match (*lifecycle::dict_type()).tp_repr {
                Some(f) => err::from_ptr(f(op))?,
                None => return Err(err::system_error("dict has no tp_repr")),
            };
            let f = (*(op as *mut DefDict)).default_factory;
            let def = if f.is_null() {
                "None".to_string()
            } else {
                let f = Owned::from_borrowed(f);
                abstract_::with_repr_guard(f.as_ptr(), "...", || {
                    abstract_::repr_string(f.as_ptr())
                })?
            };
            unicode::from_str(&format!(
                "{}({def}, {})",
                typeobj::type_name_of(op),
                unicode::as_str(base.as_ptr())
            ))
        })();
        err::into_ptr(r)
    }
}

unsafe extern "C" fn defdict_or(left: *mut PyObject, right: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on live objects, one of them a defaultdict.
    unsafe {
        let dd = *ptr::addr_of!(DEFDICT_TYPE);
        let (me, other) = if typeobj::is_subtype((*left).ob_type, dd) {
            (left, right)
        } else {
            (right, left)
        };
        if !dict::check(other) {
            return new_ref(lifecycle::not_implemented());
        }
        let r = new_defdict(me, left).and_then(|new| {
            dict::merge(new.as_ptr(), right, true)?;
            Ok(new)
        });
        err::into_ptr(r)
    }
}

unsafe extern "C" fn defdict_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> c_int {
    // SAFETY: tp_init contract.
    unsafe {
        let n = tuple::size(args);
        let mut newdefault = ptr::null_mut();
        if n > 0 {
            newdefault = tuple::item(args, 0);
            if !abstract_::callable(newdefault) && newdefault != lifecycle::none() {
                return err::type_error("first argument must be callable or None").into();
            }
        }
        let rest: Vec<*mut PyObject> = (1..n).map(|i| tuple::item(args, i)).collect();
        let newargs = match tuple::new_from(&rest) {
            Ok(t) => t,
            Err(e) => return e.into(),
        };
        let slot = ptr::addr_of_mut!((*(op as *mut DefDict)).default_factory);
        let old = std::mem::replace(
            &mut *slot,
            if newdefault.is_null() {
                newdefault
            } else {
                new_ref(newdefault)
            },
        );
        let r = match (*lifecycle::dict_type()).tp_init {
            Some(f) => f(op, newargs.as_ptr(), kw),
            None => 0,
        };
        if !old.is_null() {
            decref(old);
        }
        r
    }
}

unsafe extern "C" fn defdict_new(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract; dict's `tp_new` makes the instance, which
    // is tracked from the start (as CPython's dict subclass instances).
    unsafe {
        let Some(new) = (*lifecycle::dict_type()).tp_new else {
            return err::system_error("dict has no tp_new").into();
        };
        let op = new(t, args, kw);
        if !op.is_null() && !gc::is_tracked(op) {
            gc::track(op);
        }
        op
    }
}

unsafe extern "C" fn defdict_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; dict's dealloc frees the rest.
    unsafe {
        gc::untrack(op);
        let f = std::mem::replace(
            &mut (*(op as *mut DefDict)).default_factory,
            ptr::null_mut(),
        );
        if !f.is_null() {
            decref(f);
        }
        if let Some(d) = (*lifecycle::dict_type()).tp_dealloc {
            d(op);
        }
    }
}

unsafe extern "C" fn defdict_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a live defaultdict.
    unsafe {
        let f = (*(op as *mut DefDict)).default_factory;
        let r = gc::visit_all([f], visit, arg);
        if r != 0 {
            return r;
        }
        match (*lifecycle::dict_type()).tp_traverse {
            Some(t) => t(op, visit, arg),
            None => 0,
        }
    }
}

unsafe extern "C" fn defdict_tp_clear(op: *mut PyObject) -> c_int {
    // SAFETY: slot on a live defaultdict.
    unsafe {
        let f = std::mem::replace(
            &mut (*(op as *mut DefDict)).default_factory,
            ptr::null_mut(),
        );
        if !f.is_null() {
            decref(f);
        }
        match (*lifecycle::dict_type()).tp_clear {
            Some(c) => c(op),
            None => 0,
        }
    }
}

static mut DEFDICT_METHODS: [PyMethodDef; 6] = [
    with_doc(
        def(c"__missing__", defdict_missing),
        c"__missing__(key) # Called by __getitem__ for missing key; pseudo-code:\n  if self.default_factory is None: raise KeyError((key,))\n  self[key] = value = self.default_factory()\n  return value\n",
    ),
    with_doc(def(c"copy", defdict_copy), c"D.copy() -> a shallow copy of D."),
    with_doc(def(c"__copy__", defdict_copy), c"D.copy() -> a shallow copy of D."),
    with_doc(def(c"__reduce__", defdict_reduce), c"Return state information for pickling."),
    crate::objects::genericaliasobject::CLASS_GETITEM_DEF,
    typeobj::METHOD_END,
];

static mut DEFDICT_MEMBERS: [typeobj::PyMemberDef; 2] = [
    {
        let mut m = crate::objects::member::object_member(
            c"default_factory",
            std::mem::offset_of!(DefDict, default_factory),
        );
        m.doc = c"Factory for default value called by __missing__().".as_ptr();
        m
    },
    crate::objects::member::MEMBER_END,
];

static mut DEFDICT_AS_NUMBER: typeobj::PyNumberMethods = {
    // SAFETY: an all-zero table is a table of absent slots.
    let mut n: typeobj::PyNumberMethods = unsafe { std::mem::zeroed() };
    n.nb_or = Some(defdict_or);
    n
};

/// Creates and readies `defaultdict`.
///
/// # Safety
/// As [`init_types`].
unsafe fn defaultdict_init_type() -> PyResult<()> {
    // SAFETY: under the GIL; the tables are static.
    unsafe {
        let t = lifecycle::leak_type();
        (*t).tp_name = c"collections.defaultdict".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<DefDict>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::BASETYPE | flags::HAVE_GC | flags::IMMUTABLETYPE;
        (*t).tp_doc = c"defaultdict(default_factory=None, /, [...]) --> dict with default factory\n\nThe default factory is called without arguments to produce\na new value when a key is not present, in __getitem__ only.\nA defaultdict compares equal to a dict with the same items.\nAll remaining arguments are treated the same as if they were\npassed to the dict constructor, including keyword arguments.\n".as_ptr();
        (*t).tp_base = lifecycle::dict_type();
        (*t).tp_dealloc = Some(defdict_dealloc);
        (*t).tp_traverse = Some(defdict_traverse);
        (*t).tp_clear = Some(defdict_tp_clear);
        (*t).tp_repr = Some(defdict_repr);
        (*t).tp_as_number = ptr::addr_of_mut!(DEFDICT_AS_NUMBER);
        (*t).tp_getattro = lifecycle::c_api_slots().getattro;
        (*t).tp_methods = ptr::addr_of_mut!(DEFDICT_METHODS).cast();
        (*t).tp_members = ptr::addr_of_mut!(DEFDICT_MEMBERS).cast();
        (*t).tp_init = Some(defdict_init);
        (*t).tp_new = Some(defdict_new);
        typeobj::ready_static(t)?;
        *ptr::addr_of_mut!(DEFDICT_TYPE) = t;
        Ok(())
    }
}

// ---- _tuplegetter -----------------------------------------------------------

/// A `_tuplegetter`'s layout: the field index and the docstring.
#[repr(C)]
struct TupleGetter {
    ob_base: PyObject,
    index: isize,
    doc: *mut PyObject,
}

static mut TUPLEGETTER_TYPE: *mut PyTypeObject = ptr::null_mut();

static TUPLEGETTER_SIG: Sig = Sig::new("_tuplegetter", &[pos("index"), pos("doc")]);

unsafe extern "C" fn tuplegetter_new(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract; `tp_alloc` gives a zeroed object.
    unsafe {
        let r = (|| {
            let a = TUPLEGETTER_SIG.bind_call::<2>(args, kw)?;
            let index = a.ssize(0, 0)?;
            let op = match (*t).tp_alloc.or(lifecycle::c_api_slots().alloc) {
                Some(f) => err::from_ptr(f(t, 0))?,
                None => return Err(err::system_error("type has no tp_alloc")),
            };
            let g = op.as_ptr() as *mut TupleGetter;
            (*g).index = index;
            (*g).doc = new_ref(a.req(1));
            Ok(op)
        })();
        err::into_ptr(r)
    }
}

unsafe extern "C" fn tuplegetter_get(
    op: *mut PyObject,
    obj: *mut PyObject,
    _t: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot on a live `_tuplegetter`; `obj` NULL or live.
    unsafe {
        let index = (*(op as *mut TupleGetter)).index;
        if obj.is_null() || obj == lifecycle::none() {
            return new_ref(op);
        }
        if !tuple::check(obj) {
            return err::type_error(&format!(
                "descriptor for index '{index}' for tuple subclasses doesn't apply to '{}' object",
                typeobj::type_name_of(obj)
            ))
            .into();
        }
        if index < 0 || index >= tuple::size(obj) {
            return err::index_error("tuple index out of range").into();
        }
        new_ref(tuple::item(obj, index))
    }
}

unsafe extern "C" fn tuplegetter_set(
    _op: *mut PyObject,
    _obj: *mut PyObject,
    v: *mut PyObject,
) -> c_int {
    let msg = if v.is_null() {
        "can't delete attribute"
    } else {
        "can't set attribute"
    };
    err::raise(crate::objects::exceptions::Exc::AttributeError, msg).into()
}

unsafe extern "C" fn tuplegetter_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live `_tuplegetter`.
    unsafe {
        let g = op as *mut TupleGetter;
        let doc = Owned::from_borrowed(if (*g).doc.is_null() {
            lifecycle::none()
        } else {
            (*g).doc
        });
        let r = abstract_::repr_string(doc.as_ptr()).and_then(|d| {
            unicode::from_str(&format!(
                "{}({}, {d})",
                typeobj::type_name_of(op),
                (*g).index
            ))
        });
        err::into_ptr(r)
    }
}

fastcall! {
    fn tuplegetter_reduce(s, _a = Sig::new("__reduce__", &[])) {
        let g = s as *mut TupleGetter;
        let doc = Owned::from_borrowed(if (*g).doc.is_null() { lifecycle::none() } else { (*g).doc });
        let t = Owned::from_borrowed((*s).ob_type as *mut PyObject);
        let args = tuple::from_owned(vec![long::from_i64((*g).index as i64)?, doc])?;
        tuple::from_owned(vec![t, args])
    }
}

unsafe extern "C" fn tuplegetter_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        tuplegetter_clear(op);
        match (*(*op).ob_type).tp_free {
            Some(free) => free(op as *mut c_void),
            None => crate::runtime::alloc::free_object(op),
        }
    }
}

unsafe extern "C" fn tuplegetter_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a live `_tuplegetter`.
    unsafe {
        let d = (*(op as *mut TupleGetter)).doc;
        match visit {
            Some(v) if !d.is_null() => v(d, arg),
            _ => 0,
        }
    }
}

unsafe extern "C" fn tuplegetter_clear(op: *mut PyObject) -> c_int {
    // SAFETY: slot on a live `_tuplegetter`.
    unsafe {
        let d = std::mem::replace(&mut (*(op as *mut TupleGetter)).doc, ptr::null_mut());
        if !d.is_null() {
            decref(d);
        }
    }
    0
}

static mut TUPLEGETTER_METHODS: [PyMethodDef; 2] =
    [def(c"__reduce__", tuplegetter_reduce), typeobj::METHOD_END];

static mut TUPLEGETTER_MEMBERS: [typeobj::PyMemberDef; 2] = [
    crate::objects::member::object_member(c"__doc__", std::mem::offset_of!(TupleGetter, doc)),
    crate::objects::member::MEMBER_END,
];

/// Creates and readies `_tuplegetter`.
///
/// # Safety
/// As [`init_types`].
unsafe fn tuplegetter_init_type() -> PyResult<()> {
    // SAFETY: under the GIL; the tables are static.
    unsafe {
        let t = lifecycle::leak_type();
        (*t).tp_name = c"collections._tuplegetter".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<TupleGetter>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::HAVE_GC | flags::IMMUTABLETYPE;
        (*t).tp_dealloc = Some(tuplegetter_dealloc);
        (*t).tp_traverse = Some(tuplegetter_traverse);
        (*t).tp_clear = Some(tuplegetter_clear);
        (*t).tp_repr = Some(tuplegetter_repr);
        (*t).tp_getattro = lifecycle::c_api_slots().getattro;
        (*t).tp_descr_get = Some(tuplegetter_get);
        (*t).tp_descr_set = Some(tuplegetter_set);
        (*t).tp_methods = ptr::addr_of_mut!(TUPLEGETTER_METHODS).cast();
        (*t).tp_members = ptr::addr_of_mut!(TUPLEGETTER_MEMBERS).cast();
        (*t).tp_new = Some(tuplegetter_new);
        (*t).tp_alloc = lifecycle::c_api_slots().alloc;
        (*t).tp_free = lifecycle::c_api_slots().gc_del;
        typeobj::ready_static(t)?;
        *ptr::addr_of_mut!(TUPLEGETTER_TYPE) = t;
        Ok(())
    }
}

// ---- _count_elements -------------------------------------------------------

fastcall! {
    fn count_elements(_m, a = Sig::new("_count_elements", &[pos("mapping"), pos("iterable")])) {
        let mapping = a.req(0);
        let it = iterobject::get_iter(a.req(1))?;
        let one = long::from_i64(1)?;
        if (*mapping).ob_type == lifecycle::dict_type() {
            while let Some(key) = iterobject::next(it.as_ptr())? {
                let new = match dict::get(mapping, key.as_ptr())? {
                    None => one.clone(),
                    Some(old) => {
                        let old = Owned::from_borrowed(old);
                        number::binary(old.as_ptr(), one.as_ptr(), number::BinOp::Add)?
                    }
                };
                dict::set(mapping, key.as_ptr(), new.as_ptr())?;
            }
        } else {
            let zero = long::from_i64(0)?;
            let name = unicode::intern("get")?;
            let get = abstract_::getattr(mapping, name.as_ptr())?;
            while let Some(key) = iterobject::next(it.as_ptr())? {
                let old = call::call_args(get.as_ptr(), &[key.as_ptr(), zero.as_ptr()])?;
                let new = number::binary(old.as_ptr(), one.as_ptr(), number::BinOp::Add)?;
                abstract_::setitem(mapping, key.as_ptr(), new.as_ptr())?;
            }
        }
        Ok(none())
    }
}

static mut MODULE_METHODS: [PyMethodDef; 2] = [
    with_doc(
        def(c"_count_elements", count_elements),
        c"_count_elements($module, mapping, iterable, /)\n--\n\nCount elements in the iterable, updating the mapping",
    ),
    typeobj::METHOD_END,
];

/// Creates the `_collections` module (for the builtin module table).
pub fn create_module() -> PyResult<Owned> {
    // SAFETY: the runtime is initialized and the GIL held.
    unsafe {
        init_types()?;
        let name = unicode::intern("_collections")?;
        let m = module::new(name.as_ptr())?;
        let doc = unicode::from_str(
            "High performance data structures.\n- deque:        ordered collection accessible from endpoints only\n- defaultdict:  dict subclass with a default value factory\n",
        )?;
        module::add_object_ref(m.as_ptr(), "__doc__", doc.as_ptr())?;
        crate::objects::moduledef::add_functions(
            m.as_ptr(),
            ptr::addr_of_mut!(MODULE_METHODS) as *mut PyMethodDef,
        )?;
        for (n, t) in [
            ("deque", deque_type()),
            ("defaultdict", *ptr::addr_of!(DEFDICT_TYPE)),
            ("_tuplegetter", *ptr::addr_of!(TUPLEGETTER_TYPE)),
            ("_deque_iterator", *ptr::addr_of!(ITER_TYPE)),
            ("_deque_reverse_iterator", *ptr::addr_of!(RITER_TYPE)),
        ] {
            module::add_object_ref(m.as_ptr(), n, t as *mut PyObject)?;
        }
        Ok(m)
    }
}
