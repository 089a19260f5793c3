//! The `itertools` module, as CPython 3.12.1's `Modules/itertoolsmodule.c`
//! has it: `count`, `repeat`, `cycle`, `chain` (with `from_iterable`),
//! `islice`, `zip_longest`, `starmap`, `accumulate`, `takewhile`,
//! `dropwhile`, `filterfalse`, `compress`, `tee` (`_tee` over linked
//! `_tee_dataobject` buffers of 57 items), `groupby` (and its `_grouper`),
//! `pairwise`, `batched`, `product`, `permutations`, `combinations` and
//! `combinations_with_replacement`, with CPython's constructors, argument
//! errors and iteration steps; `count` and `repeat` have CPython's `repr`,
//! `repeat` its `__length_hint__`, `_tee` weak references and `__copy__`;
//! `_grouper` and `_tee_dataobject` have CPython's constructors (made for
//! unpickling). Pickling itself (`__reduce__`/`__setstate__`, deprecated
//! in 3.12) is not here.
//!
//! Every type has one layout: the object header and a boxed Rust
//! `State`. The iterators holding only references and flags (`starmap`,
//! `takewhile`, `dropwhile`, `filterfalse`, `compress`, `accumulate`) and
//! `_tee` leave it in place, reading it before and writing it after each
//! call out, so a callback re-entering its iterator sees what CPython's
//! fields show (and a re-entered `tee` buffer raises CPython's
//! `RuntimeError`). The others take it out of the object while a step
//! runs, so Python code called from a step never sees it borrowed:
//! re-entering one of those finds it exhausted, where CPython would run
//! the step again on the same fields. The types take part in the cycle
//! collector through the state's objects, and all but `_tee`,
//! `_tee_dataobject` and `_grouper` can be subclassed, as in CPython.

use crate::objects::exceptions::Exc;
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyMethodDef, PyTypeObject};
use crate::protocols::clinic::{arg, arg_opt, def, def_class, fastcall, kw_opt, pos, pos_opt, Sig};
use crate::runtime::alloc::fallible;
use crate::runtime::err::{self, PyResult};
use crate::{
    objects::dict, objects::iterobject, objects::long, objects::module, objects::tuple,
    objects::unicode, protocols::abstract_, protocols::call, protocols::number, runtime::gc,
    runtime::lifecycle,
};
use std::ffi::{c_int, c_void, CStr};
use std::ptr;

/// The instances' layout: the header and the state (NULL before the
/// constructor filled it, after `tp_clear`, and while a step runs).
#[repr(C)]
struct It {
    ob_base: PyObject,
    state: *mut State,
    /// Weak references (`_tee` only, as CPython's `tp_weaklistoffset`).
    weakreflist: *mut PyObject,
}

/// Items a `_tee_dataobject` holds before linking to the next one.
const LINKCELLS: usize = 57;

/// What each iterator keeps between steps.
enum State {
    Count {
        /// The next value while it fits a `Py_ssize_t` and the step is 1.
        fast: Option<isize>,
        /// The next value otherwise.
        long_cnt: Option<Owned>,
        step: Owned,
    },
    Repeat {
        obj: Owned,
        /// Items left; -1 for ever.
        cnt: isize,
    },
    Cycle {
        it: Option<Owned>,
        saved: Vec<Owned>,
        index: usize,
    },
    Chain {
        source: Option<Owned>,
        active: Option<Owned>,
    },
    Islice {
        it: Option<Owned>,
        next: isize,
        stop: isize,
        step: isize,
        cnt: isize,
    },
    ZipLongest {
        iters: Vec<Option<Owned>>,
        active: usize,
        fill: Owned,
    },
    Starmap {
        func: Owned,
        it: Owned,
    },
    Accumulate {
        it: Owned,
        func: Option<Owned>,
        total: Option<Owned>,
        initial: Option<Owned>,
    },
    TakeWhile {
        func: Owned,
        it: Owned,
        stop: bool,
    },
    DropWhile {
        func: Owned,
        it: Owned,
        start: bool,
    },
    FilterFalse {
        func: Owned,
        it: Owned,
    },
    Compress {
        data: Owned,
        selectors: Owned,
    },
    Tee {
        /// The `_tee_dataobject` holding the next item.
        data: Owned,
        index: usize,
    },
    TeeData {
        it: Owned,
        values: Vec<Owned>,
        next: Option<Owned>,
    },
    GroupBy {
        it: Owned,
        key: Option<Owned>,
        tgtkey: Option<Owned>,
        currkey: Option<Owned>,
        currvalue: Option<Owned>,
        /// Which `_grouper` is current (CPython's `currgrouper`).
        gen: u64,
    },
    Grouper {
        parent: Owned,
        tgtkey: Owned,
        gen: u64,
    },
    Pairwise {
        it: Option<Owned>,
        old: Option<Owned>,
    },
    Batched {
        it: Option<Owned>,
        n: usize,
    },
    Product {
        /// The input tuples, `repeat` times over (each one reference).
        pools: Vec<Owned>,
        indices: Vec<usize>,
        started: bool,
        stopped: bool,
    },
    Combinations {
        pool: Vec<Owned>,
        indices: Vec<usize>,
        r: usize,
        started: bool,
        stopped: bool,
    },
    Cwr {
        pool: Vec<Owned>,
        indices: Vec<usize>,
        r: usize,
        started: bool,
        stopped: bool,
    },
    Permutations {
        pool: Vec<Owned>,
        indices: Vec<usize>,
        cycles: Vec<usize>,
        r: usize,
        started: bool,
        stopped: bool,
    },
}

impl State {
    /// Calls `f` on every object the state holds, stopping at the first
    /// non-zero result.
    fn visit(&self, f: &mut dyn FnMut(*mut PyObject) -> c_int) -> c_int {
        let mut all: Vec<*mut PyObject> = Vec::new();
        let o = |x: &Option<Owned>| x.as_ref().map_or(ptr::null_mut(), |v| v.as_ptr());
        match self {
            State::Count { long_cnt, step, .. } => all.extend([o(long_cnt), step.as_ptr()]),
            State::Repeat { obj, .. } => all.push(obj.as_ptr()),
            State::Cycle { it, saved, .. } => {
                all.push(o(it));
                all.extend(saved.iter().map(|v| v.as_ptr()));
            }
            State::Chain { source, active } => all.extend([o(source), o(active)]),
            State::Islice { it, .. } => all.push(o(it)),
            State::ZipLongest { iters, fill, .. } => {
                all.extend(iters.iter().map(o));
                all.push(fill.as_ptr());
            }
            State::Starmap { func, it }
            | State::TakeWhile { func, it, .. }
            | State::DropWhile { func, it, .. }
            | State::FilterFalse { func, it } => all.extend([func.as_ptr(), it.as_ptr()]),
            State::Accumulate {
                it,
                func,
                total,
                initial,
            } => all.extend([it.as_ptr(), o(func), o(total), o(initial)]),
            State::Compress { data, selectors } => all.extend([data.as_ptr(), selectors.as_ptr()]),
            State::Tee { data, .. } => all.push(data.as_ptr()),
            State::TeeData { it, values, next } => {
                all.push(it.as_ptr());
                all.extend(values.iter().map(|v| v.as_ptr()));
                all.push(o(next));
            }
            State::GroupBy {
                it,
                key,
                tgtkey,
                currkey,
                currvalue,
                ..
            } => all.extend([it.as_ptr(), o(key), o(tgtkey), o(currkey), o(currvalue)]),
            State::Grouper { parent, tgtkey, .. } => all.extend([parent.as_ptr(), tgtkey.as_ptr()]),
            State::Pairwise { it, old } => all.extend([o(it), o(old)]),
            State::Batched { it, .. } => all.push(o(it)),
            State::Product { pools, .. } => {
                all.extend(pools.iter().map(|v| v.as_ptr()));
            }
            State::Combinations { pool, .. }
            | State::Cwr { pool, .. }
            | State::Permutations { pool, .. } => all.extend(pool.iter().map(|v| v.as_ptr())),
        }
        for p in all {
            if !p.is_null() {
                let r = f(p);
                if r != 0 {
                    return r;
                }
            }
        }
        0
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Count,
    Repeat,
    Cycle,
    Chain,
    Islice,
    ZipLongest,
    Starmap,
    Accumulate,
    TakeWhile,
    DropWhile,
    FilterFalse,
    Compress,
    Tee,
    TeeData,
    GroupBy,
    Grouper,
    Pairwise,
    Batched,
    Product,
    Combinations,
    Cwr,
    Permutations,
}
const KINDS: usize = 22;
static mut TYPES: [*mut PyTypeObject; KINDS] = [ptr::null_mut(); KINDS];

/// The type of kind `k` (NULL before the module's first import).
fn ty(k: Kind) -> *mut PyTypeObject {
    // SAFETY: written once, under the GIL, at the first import.
    unsafe { (*ptr::addr_of!(TYPES))[k as usize] }
}

/// Takes the state out of `op` (None when it has none).
///
/// # Safety
/// `op` an instance of one of the types.
unsafe fn take(op: *mut PyObject) -> Option<Box<State>> {
    // SAFETY: forwarded; a non-NULL state came from `Box::into_raw`.
    unsafe {
        let slot = ptr::addr_of_mut!((*(op as *mut It)).state);
        let s = std::mem::replace(&mut *slot, ptr::null_mut());
        (!s.is_null()).then(|| Box::from_raw(s))
    }
}

/// Puts a state taken by [`take`] back (dropping it if `op` got another).
///
/// # Safety
/// As [`take`].
unsafe fn put(op: *mut PyObject, s: Box<State>) {
    // SAFETY: forwarded.
    unsafe {
        let slot = ptr::addr_of_mut!((*(op as *mut It)).state);
        if (*slot).is_null() {
            *slot = Box::into_raw(s);
        } else {
            drop(s);
        }
    }
}

/// The state of `op`, borrowed (for reading without calling out).
///
/// # Safety
/// As [`take`]; no step of `op` runs while the borrow is used.
unsafe fn peek<'a>(op: *mut PyObject) -> Option<&'a State> {
    // SAFETY: forwarded.
    unsafe { (*(op as *mut It)).state.as_ref() }
}

/// A new instance of `t` holding `s`.
///
/// # Safety
/// `t` one of the types or a subclass.
unsafe fn instance(t: *mut PyTypeObject, s: State) -> PyResult<Owned> {
    // SAFETY: forwarded; every type here has `tp_alloc` (inherited by
    // subclasses), which gives a zeroed object.
    unsafe {
        let op = match (*t).tp_alloc.or(lifecycle::c_api_slots().alloc) {
            Some(f) => err::from_ptr(f(t, 0))?,
            None => return Err(err::system_error("type has no tp_alloc")),
        };
        (*(op.as_ptr() as *mut It)).state = Box::into_raw(Box::new(s));
        Ok(op)
    }
}

unsafe extern "C" fn it_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; the state is owned here.
    unsafe {
        gc::untrack(op);
        if (*(*op).ob_type).tp_weaklistoffset == std::mem::offset_of!(It, weakreflist) as isize
            && !(*(op as *mut It)).weakreflist.is_null()
        {
            crate::objects::weakref::clear_weakrefs(op);
        }
        drop(take(op));
        match (*(*op).ob_type).tp_free {
            Some(free) => free(op as *mut c_void),
            None => crate::runtime::alloc::free_object(op),
        }
    }
}

unsafe extern "C" fn it_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a live instance; the state's objects are live.
    unsafe {
        let Some(v) = visit else { return 0 };
        match peek(op) {
            Some(s) => s.visit(&mut |p| v(p, arg)),
            None => 0,
        }
    }
}

unsafe extern "C" fn it_clear(op: *mut PyObject) -> c_int {
    // SAFETY: slot on a live instance.
    unsafe { drop(take(op)) };
    0
}

unsafe extern "C" fn self_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live object.
    unsafe { new_ref(op) }
}

unsafe extern "C" fn it_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live instance; the state is out of the object
    // while the step runs.
    unsafe {
        let r = if matches!(peek(op), Some(State::Tee { .. })) {
            tee_step(op)
        } else if matches!(
            peek(op),
            Some(
                State::Starmap { .. }
                    | State::TakeWhile { .. }
                    | State::DropWhile { .. }
                    | State::FilterFalse { .. }
                    | State::Compress { .. }
                    | State::Accumulate { .. }
            )
        ) {
            shared_step(op)
        } else {
            let Some(mut s) = take(op) else {
                return ptr::null_mut();
            };
            let r = step(&mut s, op);
            put(op, s);
            r
        };
        match r {
            Ok(Some(v)) => v.into_raw(),
            Ok(None) => ptr::null_mut(),
            Err(e) => e.into(),
        }
    }
}

/// The state of `op`, mutably borrowed (to write back after a call out;
/// the borrow must end before the next one).
///
/// # Safety
/// As [`peek`].
unsafe fn state_mut<'a>(op: *mut PyObject) -> Option<&'a mut State> {
    // SAFETY: forwarded.
    unsafe { (*(op as *mut It)).state.as_mut() }
}

/// One step of the iterators that hold only references and flags
/// (`starmap`, `takewhile`, `dropwhile`, `filterfalse`, `compress`,
/// `accumulate`): the state stays in the object, read before and written
/// after each call out, so a callback that re-enters the iterator sees
/// it as CPython's does.
///
/// # Safety
/// `op` a live instance holding one of those states.
unsafe fn shared_step(op: *mut PyObject) -> PyResult<Option<Owned>> {
    // SAFETY: the borrows of the state end before each call out; the
    // objects cloned out of it are owned here.
    unsafe {
        match peek(op) {
            Some(State::Starmap { func, it }) => {
                let (func, it) = (func.clone(), it.clone());
                let Some(args) = next_of(&it)? else {
                    return Ok(None);
                };
                let args = if (*args.as_ptr()).ob_type == lifecycle::tuple_type() {
                    args
                } else {
                    abstract_::to_tuple(args.as_ptr())?
                };
                let a = args.as_ptr();
                let v = call::slice(tuple::items(a), tuple::size(a) as usize).to_vec();
                call::call_args(func.as_ptr(), &v).map(Some)
            }
            Some(State::TakeWhile { func, it, stop }) => {
                if *stop {
                    return Ok(None);
                }
                let (func, it) = (func.clone(), it.clone());
                let Some(x) = next_of(&it)? else {
                    return Ok(None);
                };
                let good = call1(&func, &x)?;
                if abstract_::is_true(good.as_ptr())? {
                    return Ok(Some(x));
                }
                if let Some(State::TakeWhile { stop, .. }) = state_mut(op) {
                    *stop = true;
                }
                Ok(None)
            }
            Some(State::DropWhile { func, it, .. }) => {
                let (func, it) = (func.clone(), it.clone());
                loop {
                    let Some(x) = next_of(&it)? else {
                        return Ok(None);
                    };
                    if matches!(peek(op), Some(State::DropWhile { start: true, .. })) {
                        return Ok(Some(x));
                    }
                    let good = call1(&func, &x)?;
                    if !abstract_::is_true(good.as_ptr())? {
                        if let Some(State::DropWhile { start, .. }) = state_mut(op) {
                            *start = true;
                        }
                        return Ok(Some(x));
                    }
                }
            }
            Some(State::FilterFalse { func, it }) => {
                let (func, it) = (func.clone(), it.clone());
                let f = func.as_ptr();
                let plain = f == lifecycle::none() || f == lifecycle::bool_type() as *mut PyObject;
                loop {
                    let Some(x) = next_of(&it)? else {
                        return Ok(None);
                    };
                    let ok = if plain {
                        abstract_::is_true(x.as_ptr())?
                    } else {
                        let good = call1(&func, &x)?;
                        abstract_::is_true(good.as_ptr())?
                    };
                    if !ok {
                        return Ok(Some(x));
                    }
                }
            }
            Some(State::Compress { data, selectors }) => {
                let (data, selectors) = (data.clone(), selectors.clone());
                loop {
                    let Some(d) = next_of(&data)? else {
                        return Ok(None);
                    };
                    let Some(sel) = next_of(&selectors)? else {
                        return Ok(None);
                    };
                    if abstract_::is_true(sel.as_ptr())? {
                        return Ok(Some(d));
                    }
                }
            }
            Some(State::Accumulate { it, func, .. }) => {
                let (it, func) = (it.clone(), func.clone());
                let initial = match state_mut(op) {
                    Some(State::Accumulate { initial, .. }) => initial.take(),
                    _ => None,
                };
                if let Some(i) = initial {
                    let old = match state_mut(op) {
                        Some(State::Accumulate { total, .. }) => total.replace(i.clone()),
                        _ => None,
                    };
                    drop(old);
                    return Ok(Some(i));
                }
                let Some(val) = next_of(&it)? else {
                    return Ok(None);
                };
                let total = match peek(op) {
                    Some(State::Accumulate { total, .. }) => total.clone(),
                    _ => None,
                };
                let new = match total {
                    None => val,
                    Some(t) => match &func {
                        None => number::binary(t.as_ptr(), val.as_ptr(), number::BinOp::Add)?,
                        Some(f) => call::call_args(f.as_ptr(), &[t.as_ptr(), val.as_ptr()])?,
                    },
                };
                let old = match state_mut(op) {
                    Some(State::Accumulate { total, .. }) => total.replace(new.clone()),
                    _ => None,
                };
                drop(old);
                Ok(Some(new))
            }
            _ => Ok(None),
        }
    }
}

/// `PyIter_Next` on an optional iterator.
///
/// # Safety
/// The iterator live.
unsafe fn next_of(it: &Owned) -> PyResult<Option<Owned>> {
    // SAFETY: forwarded.
    unsafe { iterobject::next(it.as_ptr()) }
}

/// `func(x)`.
///
/// # Safety
/// Both live.
unsafe fn call1(func: &Owned, x: &Owned) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe { err::from_ptr(call::call_one_arg(func.as_ptr(), x.as_ptr())) }
}

/// A tuple of the items of `pool` at `indices`.
fn pick(pool: &[Owned], indices: &[usize]) -> PyResult<Owned> {
    let v: Vec<*mut PyObject> = indices.iter().map(|&i| pool[i].as_ptr()).collect();
    tuple::new_from(&v)
}

/// One step of the iterator whose state is `s` (`op` the instance).
///
/// # Safety
/// `s` taken from `op`, a live instance.
unsafe fn step(s: &mut State, op: *mut PyObject) -> PyResult<Option<Owned>> {
    // SAFETY: the state's objects are live; each call out happens with
    // the state out of the object.
    unsafe {
        match s {
            State::Count {
                fast,
                long_cnt,
                step,
            } => {
                if let Some(c) = *fast {
                    if c < isize::MAX {
                        *fast = Some(c + 1);
                        return long::from_i64(c as i64).map(Some);
                    }
                    *fast = None;
                    *long_cnt = Some(long::from_i64(c as i64)?);
                }
                let Some(cur) = long_cnt.clone() else {
                    return Ok(None);
                };
                let nxt = number::binary(cur.as_ptr(), step.as_ptr(), number::BinOp::Add)?;
                *long_cnt = Some(nxt);
                Ok(Some(cur))
            }
            State::Repeat { obj, cnt } => {
                if *cnt == 0 {
                    return Ok(None);
                }
                if *cnt > 0 {
                    *cnt -= 1;
                }
                Ok(Some(obj.clone()))
            }
            State::Cycle { it, saved, index } => {
                if let Some(i) = it {
                    if let Some(x) = next_of(i)? {
                        fallible::reserve(saved, 1)?;
                        saved.push(x.clone());
                        return Ok(Some(x));
                    }
                    *it = None;
                }
                if saved.is_empty() {
                    return Ok(None);
                }
                let x = saved[*index].clone();
                *index += 1;
                if *index >= saved.len() {
                    *index = 0;
                }
                Ok(Some(x))
            }
            State::Chain { source, active } => {
                while let Some(src) = source {
                    if active.is_none() {
                        let iterable = match next_of(src) {
                            Ok(Some(x)) => x,
                            r => {
                                *source = None;
                                r?;
                                return Ok(None);
                            }
                        };
                        match iterobject::get_iter(iterable.as_ptr()) {
                            Ok(a) => *active = Some(a),
                            Err(e) => {
                                *source = None;
                                return Err(e);
                            }
                        }
                    }
                    if let Some(a) = active {
                        if let Some(x) = next_of(a)? {
                            return Ok(Some(x));
                        }
                    }
                    *active = None;
                }
                Ok(None)
            }
            State::Islice {
                it,
                next,
                stop,
                step,
                cnt,
            } => {
                let Some(i) = it.clone() else {
                    return Ok(None);
                };
                let r = (|| {
                    while *cnt < *next {
                        if next_of(&i)?.is_none() {
                            return Ok(None);
                        }
                        *cnt += 1;
                    }
                    if *stop != -1 && *cnt >= *stop {
                        return Ok(None);
                    }
                    let Some(x) = next_of(&i)? else {
                        return Ok(None);
                    };
                    *cnt += 1;
                    let old = *next;
                    *next = next.wrapping_add(*step);
                    if *next < old || (*stop != -1 && *next > *stop) {
                        *next = *stop;
                    }
                    Ok(Some(x))
                })();
                if !matches!(r, Ok(Some(_))) {
                    *it = None;
                }
                r
            }
            State::ZipLongest {
                iters,
                active,
                fill,
            } => {
                if iters.is_empty() || *active == 0 {
                    return Ok(None);
                }
                let mut out = fallible::with_capacity(iters.len())?;
                for slot in iters.iter_mut() {
                    let item = match slot {
                        None => fill.clone(),
                        Some(i) => match next_of(i) {
                            Ok(Some(x)) => x,
                            r => {
                                *active -= 1;
                                if *active == 0 || r.is_err() {
                                    *active = 0;
                                    r?;
                                    return Ok(None);
                                }
                                *slot = None;
                                fill.clone()
                            }
                        },
                    };
                    out.push(item);
                }
                tuple::from_owned(out).map(Some)
            }
            // These step in `shared_step`, their state left in place.
            State::Starmap { .. }
            | State::Accumulate { .. }
            | State::TakeWhile { .. }
            | State::DropWhile { .. }
            | State::FilterFalse { .. }
            | State::Compress { .. } => Ok(None),
            // `_tee` steps in `tee_step`; a data object is no iterator.
            State::Tee { .. } | State::TeeData { .. } => Ok(None),
            State::GroupBy { gen, .. } => {
                *gen += 1;
                groupby_next(s, op)
            }
            State::Grouper {
                parent,
                tgtkey,
                gen,
            } => grouper_next(parent.as_ptr(), tgtkey, *gen),
            State::Pairwise { it, old } => {
                let Some(i) = it.clone() else {
                    return Ok(None);
                };
                let prev = match old {
                    Some(o) => o.clone(),
                    None => match next_of(&i) {
                        Ok(Some(x)) => {
                            *old = Some(x.clone());
                            x
                        }
                        r => {
                            *it = None;
                            r?;
                            return Ok(None);
                        }
                    },
                };
                let new = match next_of(&i) {
                    Ok(Some(x)) => x,
                    r => {
                        *it = None;
                        *old = None;
                        r?;
                        return Ok(None);
                    }
                };
                let out = tuple::new_from(&[prev.as_ptr(), new.as_ptr()])?;
                *old = Some(new);
                Ok(Some(out))
            }
            State::Batched { it, n } => {
                let Some(i) = it.clone() else {
                    return Ok(None);
                };
                // CPython allocates the whole batch first (MemoryError for
                // an `n` no memory holds).
                let mut out = fallible::with_capacity(*n)?;
                while out.len() < *n {
                    match next_of(&i) {
                        Ok(Some(x)) => out.push(x),
                        Ok(None) => {
                            *it = None;
                            break;
                        }
                        Err(e) => {
                            *it = None;
                            return Err(e);
                        }
                    }
                }
                if out.is_empty() {
                    return Ok(None);
                }
                tuple::from_owned(out).map(Some)
            }
            State::Product {
                pools,
                indices,
                started,
                stopped,
            } => {
                if *stopped {
                    return Ok(None);
                }
                if !*started {
                    *started = true;
                    if pools.iter().any(|p| tuple::size(p.as_ptr()) == 0) {
                        *stopped = true;
                        return Ok(None);
                    }
                } else {
                    let mut i = pools.len();
                    loop {
                        if i == 0 {
                            *stopped = true;
                            return Ok(None);
                        }
                        i -= 1;
                        indices[i] += 1;
                        if indices[i] == tuple::size(pools[i].as_ptr()) as usize {
                            indices[i] = 0;
                        } else {
                            break;
                        }
                    }
                }
                let v: Vec<*mut PyObject> = pools
                    .iter()
                    .zip(indices.iter())
                    .map(|(p, &i)| tuple::item(p.as_ptr(), i as isize))
                    .collect();
                tuple::new_from(&v).map(Some)
            }
            State::Combinations {
                pool,
                indices,
                r,
                started,
                stopped,
            } => {
                if *stopped {
                    return Ok(None);
                }
                let (n, r) = (pool.len(), *r);
                if *started {
                    let mut i = r;
                    while i > 0 && indices[i - 1] == i - 1 + n - r {
                        i -= 1;
                    }
                    if i == 0 {
                        *stopped = true;
                        return Ok(None);
                    }
                    let i = i - 1;
                    indices[i] += 1;
                    for j in i + 1..r {
                        indices[j] = indices[j - 1] + 1;
                    }
                }
                *started = true;
                pick(pool, indices).map(Some)
            }
            State::Cwr {
                pool,
                indices,
                r,
                started,
                stopped,
            } => {
                if *stopped {
                    return Ok(None);
                }
                let (n, r) = (pool.len(), *r);
                if *started {
                    let mut i = r;
                    while i > 0 && indices[i - 1] == n - 1 {
                        i -= 1;
                    }
                    if i == 0 {
                        *stopped = true;
                        return Ok(None);
                    }
                    let index = indices[i - 1] + 1;
                    for x in &mut indices[i - 1..r] {
                        *x = index;
                    }
                }
                *started = true;
                pick(pool, indices).map(Some)
            }
            State::Permutations {
                pool,
                indices,
                cycles,
                r,
                started,
                stopped,
            } => {
                if *stopped {
                    return Ok(None);
                }
                let (n, r) = (pool.len(), *r);
                if *started {
                    if n == 0 {
                        *stopped = true;
                        return Ok(None);
                    }
                    let mut done = true;
                    for i in (0..r).rev() {
                        cycles[i] -= 1;
                        if cycles[i] == 0 {
                            indices[i..n].rotate_left(1);
                            cycles[i] = n - i;
                        } else {
                            let j = cycles[i];
                            indices.swap(i, n - j);
                            done = false;
                            break;
                        }
                    }
                    if done {
                        *stopped = true;
                        return Ok(None);
                    }
                }
                *started = true;
                pick(pool, &indices[..r]).map(Some)
            }
        }
    }
}

// ---- tee ---------------------------------------------------------------

/// A new `_tee_dataobject` reading from `it`.
fn tee_data(it: Owned) -> PyResult<Owned> {
    // SAFETY: the types exist once the module was imported.
    unsafe {
        instance(
            ty(Kind::TeeData),
            State::TeeData {
                it,
                values: Vec::new(),
                next: None,
            },
        )
    }
}

/// `teedataobject_jumplink`: the data object after `d` (made on demand).
///
/// # Safety
/// `d` a live `_tee_dataobject`.
unsafe fn tee_jumplink(d: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded; the state is read without calling out.
    unsafe {
        let it = match peek(d) {
            Some(State::TeeData { next: Some(n), .. }) => return Ok(n.clone()),
            Some(State::TeeData { it, .. }) => it.clone(),
            _ => {
                return Err(err::raise(
                    Exc::RuntimeError,
                    "cannot re-enter the tee iterator",
                ))
            }
        };
        let link = tee_data(it)?;
        if let Some(State::TeeData { next, .. }) = (*(d as *mut It)).state.as_mut() {
            *next = Some(link.clone());
        }
        Ok(link)
    }
}

/// `teedataobject_getitem`: item `i` of `d`, read from the source when
/// `i` is the first unread one.
///
/// # Safety
/// `d` a live `_tee_dataobject`.
unsafe fn tee_getitem(d: *mut PyObject, i: usize) -> PyResult<Option<Owned>> {
    // SAFETY: forwarded; the state is out of `d` while the source runs.
    unsafe {
        if let Some(State::TeeData { values, .. }) = peek(d) {
            if i < values.len() {
                return Ok(Some(values[i].clone()));
            }
        }
        let Some(mut s) = take(d) else {
            return Err(err::raise(
                Exc::RuntimeError,
                "cannot re-enter the tee iterator",
            ));
        };
        let r = match &mut *s {
            State::TeeData { it, values, .. } => match next_of(it) {
                Ok(Some(v)) => {
                    values.push(v.clone());
                    Ok(Some(v))
                }
                r => r,
            },
            _ => Ok(None),
        };
        put(d, s);
        r
    }
}

/// `tee_next`: the `_tee` keeps its state while its buffer reads the
/// source, so that reading the same `_tee` from the source raises
/// CPython's "cannot re-enter the tee iterator".
///
/// # Safety
/// `op` a live `_tee`.
unsafe fn tee_step(op: *mut PyObject) -> PyResult<Option<Owned>> {
    // SAFETY: forwarded; the state is borrowed only between calls out.
    unsafe {
        let (mut data, mut index) = match peek(op) {
            Some(State::Tee { data, index }) => (data.clone(), *index),
            _ => return Ok(None),
        };
        if index >= LINKCELLS {
            data = tee_jumplink(data.as_ptr())?;
            index = 0;
        }
        let v = tee_getitem(data.as_ptr(), index)?;
        if v.is_some() {
            index += 1;
        }
        let old = match (*(op as *mut It)).state.as_mut() {
            Some(State::Tee { data: d, index: i }) => {
                *i = index;
                Some(std::mem::replace(d, data))
            }
            _ => None,
        };
        drop(old);
        Ok(v)
    }
}

/// `tee_copy`: a new `_tee` at the same position as `t`.
///
/// # Safety
/// `t` a live `_tee`.
unsafe fn tee_copy(t: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        match peek(t) {
            Some(State::Tee { data, index }) => instance(
                ty(Kind::Tee),
                State::Tee {
                    data: data.clone(),
                    index: *index,
                },
            ),
            _ => Err(err::raise(
                Exc::RuntimeError,
                "cannot re-enter the tee iterator",
            )),
        }
    }
}

/// `tee_fromiterable`: a `_tee` over `iterable` (a copy when its iterator
/// is a `_tee`).
///
/// # Safety
/// `iterable` live.
unsafe fn tee_from(iterable: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let it = iterobject::get_iter(iterable)?;
        if (*it.as_ptr()).ob_type == ty(Kind::Tee) {
            return tee_copy(it.as_ptr());
        }
        let data = tee_data(it)?;
        instance(ty(Kind::Tee), State::Tee { data, index: 0 })
    }
}

fastcall! {
    /// `_tee.__copy__()`.
    fn tee_copy_m(s, _a = Sig::new("__copy__", &[])) { tee_copy(s) }
}

fastcall! {
    /// `itertools.tee(iterable, n=2, /)`: a tuple of `n` independent
    /// iterators.
    fn it_tee(_m, a = Sig::new("tee", &[pos("iterable"), pos_opt("n")])) {
        let n = a.ssize(1, 2)?;
        if n < 0 {
            return Err(err::value_error("n must be >= 0"));
        }
        let mut out = fallible::with_capacity(n as usize)?;
        if n == 0 {
            return tuple::from_owned(out);
        }
        let it = iterobject::get_iter(a.req(0))?;
        let name = unicode::intern("__copy__")?;
        let first = match abstract_::lookup_attr(it.as_ptr(), name.as_ptr())? {
            Some(_) => it,
            None => tee_from(it.as_ptr())?,
        };
        let copy = abstract_::getattr(first.as_ptr(), name.as_ptr())?;
        out.push(first);
        for _ in 1..n {
            out.push(err::from_ptr(call::call_no_args(copy.as_ptr()))?);
        }
        tuple::from_owned(out)
    }
}

// ---- groupby -----------------------------------------------------------

/// `groupby_step`: reads the next value and its key.
///
/// # Safety
/// The state's objects live.
unsafe fn groupby_step(s: &mut State) -> PyResult<bool> {
    // SAFETY: forwarded.
    unsafe {
        let State::GroupBy {
            it,
            key,
            currkey,
            currvalue,
            ..
        } = s
        else {
            return Ok(false);
        };
        let Some(v) = next_of(it)? else {
            return Ok(false);
        };
        let k = match key {
            None => v.clone(),
            Some(f) => call1(f, &v)?,
        };
        *currvalue = Some(v);
        *currkey = Some(k);
        Ok(true)
    }
}

/// `groupby_next`: skips to the next group, returns `(key, _grouper)`.
///
/// # Safety
/// `s` taken from `op`, a live `groupby`.
unsafe fn groupby_next(s: &mut State, op: *mut PyObject) -> PyResult<Option<Owned>> {
    // SAFETY: forwarded.
    unsafe {
        loop {
            let State::GroupBy {
                tgtkey, currkey, ..
            } = &*s
            else {
                return Ok(None);
            };
            if let Some(ck) = currkey {
                match tgtkey {
                    None => break,
                    Some(tk) => {
                        let (tk, ck) = (tk.clone(), ck.clone());
                        if !abstract_::rich_compare_bool(tk.as_ptr(), ck.as_ptr(), 2)? {
                            break;
                        }
                    }
                }
            }
            if !groupby_step(s)? {
                return Ok(None);
            }
        }
        let State::GroupBy {
            tgtkey,
            currkey: Some(ck),
            gen,
            ..
        } = s
        else {
            return Ok(None);
        };
        let ck = ck.clone();
        *tgtkey = Some(ck.clone());
        let g = instance(
            ty(Kind::Grouper),
            State::Grouper {
                parent: Owned::from_borrowed(op),
                tgtkey: ck.clone(),
                gen: *gen,
            },
        )?;
        tuple::new_from(&[ck.as_ptr(), g.as_ptr()]).map(Some)
    }
}

/// `_grouper_next`: the parent's current value while its key is the
/// group's.
///
/// # Safety
/// `parent` a live `groupby`.
unsafe fn grouper_next(parent: *mut PyObject, tgtkey: &Owned, gen: u64) -> PyResult<Option<Owned>> {
    // SAFETY: forwarded; the parent's state is out of it meanwhile.
    unsafe {
        let Some(mut s) = take(parent) else {
            return Ok(None);
        };
        let r = (|| {
            let State::GroupBy { gen: g, .. } = &*s else {
                return Ok(None);
            };
            if *g != gen {
                return Ok(None);
            }
            if matches!(
                &*s,
                State::GroupBy {
                    currvalue: None,
                    ..
                }
            ) && !groupby_step(&mut s)?
            {
                return Ok(None);
            }
            let State::GroupBy {
                currkey: Some(ck), ..
            } = &*s
            else {
                return Ok(None);
            };
            let ck = ck.clone();
            if !abstract_::rich_compare_bool(tgtkey.as_ptr(), ck.as_ptr(), 2)? {
                return Ok(None);
            }
            let State::GroupBy { currvalue, .. } = &mut *s else {
                return Ok(None);
            };
            Ok(currvalue.take())
        })();
        put(parent, s);
        r
    }
}

// ---- constructors ------------------------------------------------------

/// `_PyArg_NoKeywords(name, kwargs)` for the exact type, or a subclass
/// that keeps its `__init__`, as CPython's constructors check.
///
/// # Safety
/// `t` a live type, `kwargs` NULL or a live dict.
unsafe fn no_keywords(t: *mut PyTypeObject, base: Kind, kwargs: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let b = ty(base);
        let init = |t: *mut PyTypeObject| (*t).tp_init.map(|f| f as usize);
        if (t == b || init(t) == init(b)) && !kwargs.is_null() && dict::len(kwargs) != 0 {
            return Err(err::type_error(&format!(
                "{}() takes no keyword arguments",
                typeobj::short_name(b)
            )));
        }
        Ok(())
    }
}

/// The items of the argument tuple `args`, borrowed.
///
/// # Safety
/// `args` a live tuple outliving the use.
unsafe fn tuple_items<'a>(args: *mut PyObject) -> &'a [*mut PyObject] {
    // SAFETY: forwarded.
    unsafe { call::slice(tuple::items(args), tuple::size(args) as usize) }
}

/// `_PyArg_CheckPositional(name, n, min, max)`.
fn check_positional(name: &str, n: usize, min: usize, max: usize) -> PyResult<()> {
    if n < min || n > max {
        let (what, k) = if n < min {
            ("at least ", min)
        } else {
            ("at most ", max)
        };
        return Err(err::type_error(&format!(
            "{name} expected {}{k} argument{}, got {n}",
            if min == max { "" } else { what },
            if k == 1 { "" } else { "s" }
        )));
    }
    Ok(())
}

/// The positional arguments of a constructor taking `n` of them and no
/// keywords (CPython's clinic `__new__` with `/`).
///
/// # Safety
/// As for `tp_new`.
unsafe fn positional<'a>(
    t: *mut PyTypeObject,
    k: Kind,
    args: *mut PyObject,
    kwargs: *mut PyObject,
    n: usize,
) -> PyResult<&'a [*mut PyObject]> {
    // SAFETY: forwarded.
    unsafe {
        no_keywords(t, k, kwargs)?;
        let a = tuple_items(args);
        check_positional(&typeobj::short_name(ty(k)), a.len(), n, n)?;
        Ok(a)
    }
}

/// An owned reference to `o`.
///
/// # Safety
/// `o` live.
unsafe fn own(o: *mut PyObject) -> Owned {
    // SAFETY: forwarded.
    unsafe { Owned::from_borrowed(o) }
}

/// An optional argument that is neither missing nor None.
fn not_none(o: Option<*mut PyObject>) -> Option<*mut PyObject> {
    o.filter(|&v| v != lifecycle::none())
}

static COUNT_SIG: Sig = Sig::new("count", &[arg_opt("start"), arg_opt("step")]);
static REPEAT_SIG: Sig = Sig::new("repeat", &[arg("object"), arg_opt("times")]);
static ACCUMULATE_SIG: Sig = Sig::new(
    "accumulate",
    &[arg("iterable"), arg_opt("func"), kw_opt("initial")],
);
static COMPRESS_SIG: Sig = Sig::new("compress", &[arg("data"), arg("selectors")]);
static GROUPBY_SIG: Sig = Sig::new("groupby", &[arg("iterable"), arg_opt("key")]);
static BATCHED_SIG: Sig = Sig::new("batched", &[arg("iterable"), arg("n")]);
static PRODUCT_SIG: Sig = Sig::new("product", &[kw_opt("repeat")]);
static COMBINATIONS_SIG: Sig = Sig::new("combinations", &[arg("iterable"), arg("r")]);
static CWR_SIG: Sig = Sig::new(
    "combinations_with_replacement",
    &[arg("iterable"), arg("r")],
);
static PERMUTATIONS_SIG: Sig = Sig::new("permutations", &[arg("iterable"), arg_opt("r")]);

/// The state a constructor builds from `tp_new`'s arguments.
///
/// # Safety
/// As for `tp_new`.
unsafe fn make(
    k: Kind,
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> PyResult<State> {
    // SAFETY: forwarded; the arguments are live for the call.
    unsafe {
        let get_iter = |o: *mut PyObject| iterobject::get_iter(o);
        Ok(match k {
            Kind::Count => {
                let a = COUNT_SIG.bind_call::<2>(args, kw)?;
                let (start, step) = (a.get(0), a.get(1));
                if start.is_some_and(|s| !number::check(s))
                    || step.is_some_and(|s| !number::check(s))
                {
                    return Err(err::type_error("a number is required"));
                }
                let step_is_one = match step {
                    None => true,
                    Some(s) => long::check(s) && matches!(long::val(s), long::Val::Small(1)),
                };
                let fast = match start {
                    None => Some(0),
                    Some(s) if long::check(s) => match long::val(s) {
                        long::Val::Small(v) => isize::try_from(v).ok(),
                        long::Val::Big(_) => None,
                    },
                    Some(_) => None,
                }
                .filter(|_| step_is_one);
                State::Count {
                    fast,
                    long_cnt: match fast {
                        Some(_) => None,
                        None => Some(match start {
                            Some(s) => own(s),
                            None => long::from_i64(0)?,
                        }),
                    },
                    step: match step {
                        Some(s) => own(s),
                        None => long::from_i64(1)?,
                    },
                }
            }
            Kind::Repeat => {
                let a = REPEAT_SIG.bind_call::<2>(args, kw)?;
                let mut cnt = a.ssize(1, -1)?;
                if a.get(1).is_some() && cnt < 0 {
                    cnt = 0;
                }
                State::Repeat {
                    obj: own(a.req(0)),
                    cnt,
                }
            }
            Kind::Cycle => {
                let a = positional(t, k, args, kw, 1)?;
                State::Cycle {
                    it: Some(get_iter(a[0])?),
                    saved: Vec::new(),
                    index: 0,
                }
            }
            Kind::Chain => {
                no_keywords(t, k, kw)?;
                State::Chain {
                    source: Some(get_iter(args)?),
                    active: None,
                }
            }
            Kind::Islice => {
                no_keywords(t, k, kw)?;
                let a = tuple_items(args);
                check_positional("islice", a.len(), 2, 4)?;
                let overflow = crate::objects::exceptions::get(Exc::OverflowError);
                let as_ss = |o: *mut PyObject| match number::as_ssize(o, Some(overflow)) {
                    Ok(v) => v,
                    Err(_) => {
                        err::clear();
                        -1
                    }
                };
                let none = lifecycle::none();
                let stop_err = || {
                    err::value_error(
                        "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.",
                    )
                };
                let (mut start, mut stop, mut step) = (0isize, -1isize, 1isize);
                if a.len() == 2 {
                    if a[1] != none {
                        stop = as_ss(a[1]);
                        if stop == -1 {
                            return Err(stop_err());
                        }
                    }
                } else {
                    if a[1] != none {
                        start = as_ss(a[1]);
                    }
                    if a[2] != none {
                        stop = as_ss(a[2]);
                        if stop == -1 {
                            return Err(stop_err());
                        }
                    }
                }
                if start < 0 || stop < -1 {
                    return Err(err::value_error(
                        "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.",
                    ));
                }
                if a.len() == 4 && a[3] != none {
                    step = as_ss(a[3]);
                }
                if step < 1 {
                    return Err(err::value_error(
                        "Step for islice() must be a positive integer or None.",
                    ));
                }
                State::Islice {
                    it: Some(get_iter(a[0])?),
                    next: start,
                    stop,
                    step,
                    cnt: 0,
                }
            }
            Kind::ZipLongest => {
                let mut fill = own(lifecycle::none());
                if !kw.is_null() && dict::len(kw) > 0 {
                    let items = dict::items_vec(kw);
                    match items.as_slice() {
                        [(key, v)]
                            if unicode::check(key.as_ptr())
                                && unicode::as_bytes(key.as_ptr()) == b"fillvalue" =>
                        {
                            fill = v.clone()
                        }
                        _ => {
                            return Err(err::type_error(
                                "zip_longest() got an unexpected keyword argument",
                            ))
                        }
                    }
                }
                let a = tuple_items(args);
                let mut iters = fallible::with_capacity(a.len())?;
                for &o in a {
                    iters.push(Some(get_iter(o)?));
                }
                State::ZipLongest {
                    active: iters.len(),
                    iters,
                    fill,
                }
            }
            Kind::Starmap | Kind::TakeWhile | Kind::DropWhile | Kind::FilterFalse => {
                let a = positional(t, k, args, kw, 2)?;
                let (func, it) = (own(a[0]), get_iter(a[1])?);
                match k {
                    Kind::Starmap => State::Starmap { func, it },
                    Kind::TakeWhile => State::TakeWhile {
                        func,
                        it,
                        stop: false,
                    },
                    Kind::DropWhile => State::DropWhile {
                        func,
                        it,
                        start: false,
                    },
                    _ => State::FilterFalse { func, it },
                }
            }
            Kind::Accumulate => {
                let a = ACCUMULATE_SIG.bind_call::<3>(args, kw)?;
                State::Accumulate {
                    it: get_iter(a.req(0))?,
                    func: not_none(a.get(1)).map(|f| own(f)),
                    total: None,
                    initial: not_none(a.get(2)).map(|f| own(f)),
                }
            }
            Kind::Compress => {
                let a = COMPRESS_SIG.bind_call::<2>(args, kw)?;
                State::Compress {
                    data: get_iter(a.req(0))?,
                    selectors: get_iter(a.req(1))?,
                }
            }
            Kind::Tee => {
                let a = positional(t, k, args, kw, 1)?;
                let it = iterobject::get_iter(a[0])?;
                if (*it.as_ptr()).ob_type == ty(Kind::Tee) {
                    match peek(it.as_ptr()) {
                        Some(State::Tee { data, index }) => State::Tee {
                            data: data.clone(),
                            index: *index,
                        },
                        _ => {
                            return Err(err::raise(
                                Exc::RuntimeError,
                                "cannot re-enter the tee iterator",
                            ))
                        }
                    }
                } else {
                    State::Tee {
                        data: tee_data(it)?,
                        index: 0,
                    }
                }
            }
            Kind::GroupBy => {
                let a = GROUPBY_SIG.bind_call::<2>(args, kw)?;
                State::GroupBy {
                    it: get_iter(a.req(0))?,
                    key: not_none(a.get(1)).map(|f| own(f)),
                    tgtkey: None,
                    currkey: None,
                    currvalue: None,
                    gen: 0,
                }
            }
            Kind::Pairwise => {
                let a = positional(t, k, args, kw, 1)?;
                State::Pairwise {
                    it: Some(get_iter(a[0])?),
                    old: None,
                }
            }
            Kind::Batched => {
                let a = BATCHED_SIG.bind_call::<2>(args, kw)?;
                let n = a.ssize(1, 0)?;
                if n < 1 {
                    return Err(err::value_error("n must be at least one"));
                }
                State::Batched {
                    it: Some(get_iter(a.req(0))?),
                    n: n as usize,
                }
            }
            Kind::Product => {
                let mut repeat = 1isize;
                if !kw.is_null() {
                    let empty = tuple::new_from(&[])?;
                    let a = PRODUCT_SIG.bind_call::<1>(empty.as_ptr(), kw)?;
                    repeat = a.ssize(0, 1)?;
                    if repeat < 0 {
                        return Err(err::value_error("repeat argument cannot be negative"));
                    }
                }
                let a = tuple_items(args);
                // CPython's bound: the indices must fit a `Py_ssize_t` array.
                let nargs = a.len() as isize;
                if repeat != 0 && nargs > isize::MAX / 8 / repeat {
                    return Err(err::overflow_error("repeat argument too large"));
                }
                let total = (nargs * repeat) as usize;
                let mut first = Vec::new();
                for &o in a {
                    let v = abstract_::to_tuple(o)?;
                    fallible::reserve(&mut first, 1)?;
                    first.push(v);
                }
                let mut pools = fallible::with_capacity(total)?;
                pools.extend((0..total).map(|i| first[i % first.len()].clone()));
                let mut indices = Vec::new();
                fallible::extend_repeat(&mut indices, 0usize, total)?;
                State::Product {
                    pools,
                    indices,
                    started: false,
                    stopped: false,
                }
            }
            Kind::Combinations | Kind::Cwr => {
                let sig = if k == Kind::Cwr {
                    &CWR_SIG
                } else {
                    &COMBINATIONS_SIG
                };
                let a = sig.bind_call::<2>(args, kw)?;
                let pool = abstract_::collect(a.req(0), "")?;
                let r = a.ssize(1, 0)?;
                if r < 0 {
                    return Err(err::value_error("r must be non-negative"));
                }
                let r = r as usize;
                let n = pool.len();
                let mut indices = fallible::with_capacity(r)?;
                if k == Kind::Cwr {
                    indices.extend(std::iter::repeat_n(0, r));
                    State::Cwr {
                        pool,
                        indices,
                        r,
                        started: false,
                        stopped: n == 0 && r > 0,
                    }
                } else {
                    indices.extend(0..r);
                    State::Combinations {
                        pool,
                        indices,
                        r,
                        started: false,
                        stopped: r > n,
                    }
                }
            }
            Kind::Permutations => {
                let a = PERMUTATIONS_SIG.bind_call::<2>(args, kw)?;
                let pool = abstract_::collect(a.req(0), "")?;
                let n = pool.len();
                let mut r = n as isize;
                if let Some(ro) = not_none(a.get(1)) {
                    if !long::check(ro) {
                        return Err(err::type_error("Expected int as r"));
                    }
                    r = match long::val(ro) {
                        long::Val::Small(v) => v as isize,
                        long::Val::Big(_) => {
                            return Err(err::overflow_error(
                                "Python int too large to convert to C ssize_t",
                            ))
                        }
                    };
                }
                if r < 0 {
                    return Err(err::value_error("r must be non-negative"));
                }
                let r = r as usize;
                let mut indices = fallible::with_capacity(n)?;
                indices.extend(0..n);
                let mut cycles = fallible::with_capacity(r)?;
                cycles.extend((0..r).map(|i| n.saturating_sub(i)));
                State::Permutations {
                    pool,
                    indices,
                    cycles,
                    r,
                    started: false,
                    stopped: r > n,
                }
            }
            Kind::Grouper => {
                let a = positional(t, k, args, kw, 2)?;
                let gb = ty(Kind::GroupBy);
                if (*a[0]).ob_type != gb && !typeobj::is_subtype((*a[0]).ob_type, gb) {
                    return Err(err::type_error(&format!(
                        "_grouper() argument 1 must be itertools.groupby, not {}",
                        typeobj::type_name_of(a[0])
                    )));
                }
                // `_grouper_create`: the new grouper becomes the current one.
                let mut gen = u64::MAX;
                if let Some(State::GroupBy { gen: g, .. }) = (*(a[0] as *mut It)).state.as_mut() {
                    *g += 1;
                    gen = *g;
                }
                State::Grouper {
                    parent: own(a[0]),
                    tgtkey: own(a[1]),
                    gen,
                }
            }
            Kind::TeeData => {
                // `teedataobject(iterable, values, next, /)`, for unpickling.
                let init = |t: *mut PyTypeObject| (*t).tp_init.map(|f| f as usize);
                if (t == ty(k) || init(t) == init(ty(k))) && !kw.is_null() && dict::len(kw) != 0 {
                    return Err(err::type_error(
                        "teedataobject() takes no keyword arguments",
                    ));
                }
                let a = tuple_items(args);
                check_positional("teedataobject", a.len(), 3, 3)?;
                if !crate::objects::list::check(a[1]) {
                    return Err(err::type_error(&format!(
                        "teedataobject() argument 2 must be list, not {}",
                        typeobj::type_name_of(a[1])
                    )));
                }
                let values = crate::objects::list::to_vec(a[1]);
                let none = lifecycle::none();
                let invalid = || err::value_error("Invalid arguments");
                let next = if values.len() > LINKCELLS {
                    return Err(invalid());
                } else if a[2] == none {
                    None
                } else if values.len() == LINKCELLS && (*a[2]).ob_type == ty(Kind::TeeData) {
                    Some(own(a[2]))
                } else {
                    return Err(invalid());
                };
                State::TeeData {
                    it: own(a[0]),
                    values,
                    next,
                }
            }
        })
    }
}

macro_rules! new_fn {
    ($($name:ident => $kind:ident),* $(,)?) => {$(
        unsafe extern "C" fn $name(
            t: *mut PyTypeObject,
            args: *mut PyObject,
            kwargs: *mut PyObject,
        ) -> *mut PyObject {
            // SAFETY: tp_new contract.
            unsafe { err::into_ptr(make(Kind::$kind, t, args, kwargs).and_then(|s| instance(t, s))) }
        }
    )*};
}
new_fn! {
    new_count => Count,
    new_repeat => Repeat,
    new_cycle => Cycle,
    new_chain => Chain,
    new_islice => Islice,
    new_zip_longest => ZipLongest,
    new_starmap => Starmap,
    new_accumulate => Accumulate,
    new_takewhile => TakeWhile,
    new_dropwhile => DropWhile,
    new_filterfalse => FilterFalse,
    new_compress => Compress,
    new_tee => Tee,
    new_teedata => TeeData,
    new_grouper => Grouper,
    new_groupby => GroupBy,
    new_pairwise => Pairwise,
    new_batched => Batched,
    new_product => Product,
    new_combinations => Combinations,
    new_cwr => Cwr,
    new_permutations => Permutations,
}

// ---- repr, methods -----------------------------------------------------

unsafe extern "C" fn it_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live `count` or `repeat`; the values are cloned
    // out of the state before their `repr` runs.
    unsafe {
        let name = typeobj::type_name_of(op);
        let r = (|| {
            let text = match peek(op) {
                // CPython prints its missing int for a start of
                // `sys.maxsize` (fast mode at its limit).
                Some(State::Count {
                    fast: Some(isize::MAX),
                    ..
                }) => format!("{name}(<NULL>)"),
                Some(State::Count { fast: Some(c), .. }) => format!("{name}({c})"),
                Some(State::Count {
                    long_cnt: Some(c),
                    step,
                    ..
                }) => {
                    let (c, step) = (c.clone(), step.clone());
                    let one = long::check(step.as_ptr())
                        && matches!(long::val(step.as_ptr()), long::Val::Small(1));
                    let c = abstract_::repr_string(c.as_ptr())?;
                    if one {
                        format!("{name}({c})")
                    } else {
                        format!("{name}({c}, {})", abstract_::repr_string(step.as_ptr())?)
                    }
                }
                Some(State::Repeat { obj, cnt }) => {
                    let (obj, cnt) = (obj.clone(), *cnt);
                    let o = abstract_::repr_string(obj.as_ptr())?;
                    if cnt == -1 {
                        format!("{name}({o})")
                    } else {
                        format!("{name}({o}, {cnt})")
                    }
                }
                _ => format!("<{name} object>"),
            };
            unicode::from_str(&text)
        })();
        err::into_ptr(r)
    }
}

unsafe extern "C" fn repeat_length_hint(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a live `repeat`.
    unsafe {
        let r = match peek(op) {
            Some(State::Repeat { cnt: -1, .. }) => Err(err::type_error("len() of unsized object")),
            Some(State::Repeat { cnt, .. }) => long::from_i64(*cnt as i64),
            _ => long::from_i64(0),
        };
        err::into_ptr(r)
    }
}

fastcall! {
    /// `chain.from_iterable(iterable, /)` (a class method).
    fn chain_from_iterable(cls, a = Sig::new("from_iterable", &[pos("iterable")])) {
        let source = iterobject::get_iter(a.req(0))?;
        instance(
            cls as *mut PyTypeObject,
            State::Chain {
                source: Some(source),
                active: None,
            },
        )
    }
}

/// `d` with the docstring `doc`.
const fn with_doc(mut d: PyMethodDef, doc: &'static CStr) -> PyMethodDef {
    d.ml_doc = doc.as_ptr();
    d
}

static mut REPEAT_METHODS: [PyMethodDef; 2] = [
    iterobject::length_hint_def(Some(repeat_length_hint)),
    typeobj::METHOD_END,
];
static mut CHAIN_METHODS: [PyMethodDef; 2] = [
    with_doc(
        def_class(c"from_iterable", chain_from_iterable),
        c"from_iterable($type, iterable, /)\n--\n\nAlternative chain() constructor taking a single iterable argument that evaluates lazily.",
    ),
    typeobj::METHOD_END,
];
static mut TEE_METHODS: [PyMethodDef; 2] = [
    with_doc(
        def(c"__copy__", tee_copy_m),
        c"Returns an independent iterator.",
    ),
    typeobj::METHOD_END,
];
static mut MODULE_METHODS: [PyMethodDef; 2] = [
    with_doc(
        def(c"tee", it_tee),
        c"tee($module, iterable, n=2, /)\n--\n\nReturns a tuple of n independent iterators.",
    ),
    typeobj::METHOD_END,
];

type NewFn = unsafe extern "C" fn(*mut PyTypeObject, *mut PyObject, *mut PyObject) -> *mut PyObject;

/// Creates and readies the types (once).
///
/// # Safety
/// The runtime is initialized; the GIL is held.
unsafe fn init_types() -> PyResult<()> {
    // SAFETY: under the GIL; the tables are static.
    unsafe {
        if !ty(Kind::Count).is_null() {
            return Ok(());
        }
        let specs: [(Kind, &CStr, NewFn, *mut PyMethodDef, &CStr); KINDS] = [
            (Kind::Count, c"itertools.count", new_count, ptr::null_mut(),
             c"count(start=0, step=1)\n--\n\nReturn a count object whose .__next__() method returns consecutive values.\n\nEquivalent to:\n    def count(firstval=0, step=1):\n        x = firstval\n        while 1:\n            yield x\n            x += step"),
            (Kind::Repeat, c"itertools.repeat", new_repeat, ptr::addr_of_mut!(REPEAT_METHODS).cast(),
             c"repeat(object [,times]) -> create an iterator which returns the object\nfor the specified number of times.  If not specified, returns the object\nendlessly."),
            (Kind::Cycle, c"itertools.cycle", new_cycle, ptr::null_mut(),
             c"cycle(iterable, /)\n--\n\nReturn elements from the iterable until it is exhausted. Then repeat the sequence indefinitely."),
            (Kind::Chain, c"itertools.chain", new_chain, ptr::addr_of_mut!(CHAIN_METHODS).cast(),
             c"chain(*iterables) --> chain object\n\nReturn a chain object whose .__next__() method returns elements from the\nfirst iterable until it is exhausted, then elements from the next\niterable, until all of the iterables are exhausted."),
            (Kind::Islice, c"itertools.islice", new_islice, ptr::null_mut(),
             c"islice(iterable, stop) --> islice object\nislice(iterable, start, stop[, step]) --> islice object\n\nReturn an iterator whose next() method returns selected values from an\niterable.  If start is specified, will skip all preceding elements;\notherwise, start defaults to zero.  Step defaults to one.  If\nspecified as another value, step determines how many values are\nskipped between successive calls.  Works like a slice() on a list\nbut returns an iterator."),
            (Kind::ZipLongest, c"itertools.zip_longest", new_zip_longest, ptr::null_mut(),
             c"zip_longest(iter1 [,iter2 [...]], [fillvalue=None]) --> zip_longest object\n\nReturn a zip_longest object whose .__next__() method returns a tuple where\nthe i-th element comes from the i-th iterable argument.  The .__next__()\nmethod continues until the longest iterable in the argument sequence\nis exhausted and then it raises StopIteration.  When the shorter iterables\nare exhausted, the fillvalue is substituted in their place.  The fillvalue\ndefaults to None or can be specified by a keyword argument.\n"),
            (Kind::Starmap, c"itertools.starmap", new_starmap, ptr::null_mut(),
             c"starmap(function, iterable, /)\n--\n\nReturn an iterator whose values are returned from the function evaluated with an argument tuple taken from the given sequence."),
            (Kind::Accumulate, c"itertools.accumulate", new_accumulate, ptr::null_mut(),
             c"accumulate(iterable, func=None, *, initial=None)\n--\n\nReturn series of accumulated sums (or other binary function results)."),
            (Kind::TakeWhile, c"itertools.takewhile", new_takewhile, ptr::null_mut(),
             c"takewhile(predicate, iterable, /)\n--\n\nReturn successive entries from an iterable as long as the predicate evaluates to true for each entry."),
            (Kind::DropWhile, c"itertools.dropwhile", new_dropwhile, ptr::null_mut(),
             c"dropwhile(predicate, iterable, /)\n--\n\nDrop items from the iterable while predicate(item) is true.\n\nAfterwards, return every element until the iterable is exhausted."),
            (Kind::FilterFalse, c"itertools.filterfalse", new_filterfalse, ptr::null_mut(),
             c"filterfalse(function, iterable, /)\n--\n\nReturn those items of iterable for which function(item) is false.\n\nIf function is None, return the items that are false."),
            (Kind::Compress, c"itertools.compress", new_compress, ptr::null_mut(),
             c"compress(data, selectors)\n--\n\nReturn data elements corresponding to true selector elements.\n\nForms a shorter iterator from selected data elements using the selectors to\nchoose the data elements."),
            (Kind::Tee, c"itertools._tee", new_tee, ptr::addr_of_mut!(TEE_METHODS).cast(),
             c"_tee(iterable, /)\n--\n\nIterator wrapped to make it copyable."),
            (Kind::TeeData, c"itertools._tee_dataobject", new_teedata, ptr::null_mut(),
             c"teedataobject(iterable, values, next, /)\n--\n\nData container common to multiple tee objects."),
            (Kind::GroupBy, c"itertools.groupby", new_groupby, ptr::null_mut(),
             c"groupby(iterable, key=None)\n--\n\nmake an iterator that returns consecutive keys and groups from the iterable\n\n  iterable\n    Elements to divide into groups according to the key function.\n  key\n    A function for computing the group category for each element.\n    If the key function is not specified or is None, the element itself\n    is used for grouping."),
            (Kind::Grouper, c"itertools._grouper", new_grouper, ptr::null_mut(), c""),
            (Kind::Pairwise, c"itertools.pairwise", new_pairwise, ptr::null_mut(),
             c"pairwise(iterable, /)\n--\n\nReturn an iterator of overlapping pairs taken from the input iterator.\n\n    s -> (s0,s1), (s1,s2), (s2, s3), ..."),
            (Kind::Batched, c"itertools.batched", new_batched, ptr::null_mut(),
             c"batched(iterable, n)\n--\n\nBatch data into tuples of length n. The last batch may be shorter than n.\n\nLoops over the input iterable and accumulates data into tuples\nup to size n.  The input is consumed lazily, just enough to\nfill a batch.  The result is yielded as soon as a batch is full\nor when the input iterable is exhausted.\n\n    >>> for batch in batched('ABCDEFG', 3):\n    ...     print(batch)\n    ...\n    ('A', 'B', 'C')\n    ('D', 'E', 'F')\n    ('G',)"),
            (Kind::Product, c"itertools.product", new_product, ptr::null_mut(),
             c"product(*iterables, repeat=1) --> product object\n\nCartesian product of input iterables.  Equivalent to nested for-loops.\n\nFor example, product(A, B) returns the same as:  ((x,y) for x in A for y in B).\nThe leftmost iterators are in the outermost for-loop, so the output tuples\ncycle in a manner similar to an odometer (with the rightmost element changing\non every iteration).\n\nTo compute the product of an iterable with itself, specify the number\nof repetitions with the optional repeat keyword argument. For example,\nproduct(A, repeat=4) means the same as product(A, A, A, A).\n\nproduct('ab', range(3)) --> ('a',0) ('a',1) ('a',2) ('b',0) ('b',1) ('b',2)\nproduct((0,1), (0,1), (0,1)) --> (0,0,0) (0,0,1) (0,1,0) (0,1,1) (1,0,0) ..."),
            (Kind::Combinations, c"itertools.combinations", new_combinations, ptr::null_mut(),
             c"combinations(iterable, r)\n--\n\nReturn successive r-length combinations of elements in the iterable.\n\ncombinations(range(4), 3) --> (0,1,2), (0,1,3), (0,2,3), (1,2,3)"),
            (Kind::Cwr, c"itertools.combinations_with_replacement", new_cwr, ptr::null_mut(),
             c"combinations_with_replacement(iterable, r)\n--\n\nReturn successive r-length combinations of elements in the iterable allowing individual elements to have successive repeats.\n\ncombinations_with_replacement('ABC', 2) --> ('A','A'), ('A','B'), ('A','C'), ('B','B'), ('B','C'), ('C','C')"),
            (Kind::Permutations, c"itertools.permutations", new_permutations, ptr::null_mut(),
             c"permutations(iterable, r=None)\n--\n\nReturn successive r-length permutations of elements in the iterable.\n\npermutations(range(3), 2) --> (0,1), (0,2), (1,0), (1,2), (2,0), (2,1)"),
        ];
        for (k, name, new, methods, doc) in specs {
            let t = lifecycle::leak_type();
            (*t).tp_name = name.as_ptr();
            (*t).tp_basicsize = std::mem::size_of::<It>() as isize;
            (*t).tp_flags = flags::DEFAULT | flags::HAVE_GC | flags::IMMUTABLETYPE;
            if !matches!(k, Kind::Tee | Kind::TeeData | Kind::Grouper) {
                (*t).tp_flags |= flags::BASETYPE;
            }
            if !doc.is_empty() {
                (*t).tp_doc = doc.as_ptr();
            }
            (*t).tp_dealloc = Some(it_dealloc);
            (*t).tp_traverse = Some(it_traverse);
            (*t).tp_clear = Some(it_clear);
            (*t).tp_getattro = lifecycle::c_api_slots().getattro;
            if k != Kind::TeeData {
                (*t).tp_iter = Some(self_iter);
                (*t).tp_iternext = Some(it_next);
            }
            if k == Kind::Tee {
                (*t).tp_weaklistoffset = std::mem::offset_of!(It, weakreflist) as isize;
            }
            if matches!(k, Kind::Count | Kind::Repeat) {
                (*t).tp_repr = Some(it_repr);
            }
            (*t).tp_methods = methods;
            (*t).tp_new = Some(new);
            (*t).tp_alloc = lifecycle::c_api_slots().alloc;
            (*t).tp_free = lifecycle::c_api_slots().gc_del;
            typeobj::ready_static(t)?;
            (*ptr::addr_of_mut!(TYPES))[k as usize] = t;
        }
        Ok(())
    }
}

/// Creates the `itertools` module (for the builtin module table).
pub fn create_module() -> PyResult<Owned> {
    // SAFETY: the runtime is initialized and the GIL held; the method
    // table is static.
    unsafe {
        init_types()?;
        let name = unicode::intern("itertools")?;
        let m = module::new(name.as_ptr())?;
        crate::objects::moduledef::add_functions(
            m.as_ptr(),
            ptr::addr_of_mut!(MODULE_METHODS) as *mut PyMethodDef,
        )?;
        let doc = unicode::from_str(
            "Functional tools for creating and using iterators.\n\nInfinite iterators:\ncount(start=0, step=1) --> start, start+step, start+2*step, ...\ncycle(p) --> p0, p1, ... plast, p0, p1, ...\nrepeat(elem [,n]) --> elem, elem, elem, ... endlessly or up to n times\n\nIterators terminating on the shortest input sequence:\naccumulate(p[, func]) --> p0, p0+p1, p0+p1+p2\nbatched(p, n) --> [p0, p1, ..., p_n-1], [p_n, p_n+1, ..., p_2n-1], ...\nchain(p, q, ...) --> p0, p1, ... plast, q0, q1, ...\nchain.from_iterable([p, q, ...]) --> p0, p1, ... plast, q0, q1, ...\ncompress(data, selectors) --> (d[0] if s[0]), (d[1] if s[1]), ...\ndropwhile(pred, seq) --> seq[n], seq[n+1], starting when pred fails\ngroupby(iterable[, keyfunc]) --> sub-iterators grouped by value of keyfunc(v)\nfilterfalse(pred, seq) --> elements of seq where pred(elem) is False\nislice(seq, [start,] stop [, step]) --> elements from\n       seq[start:stop:step]\npairwise(s) --> (s[0],s[1]), (s[1],s[2]), (s[2], s[3]), ...\nstarmap(fun, seq) --> fun(*seq[0]), fun(*seq[1]), ...\ntee(it, n=2) --> (it1, it2 , ... itn) splits one iterator into n\ntakewhile(pred, seq) --> seq[0], seq[1], until pred fails\nzip_longest(p, q, ...) --> (p[0], q[0]), (p[1], q[1]), ...\n\nCombinatoric generators:\nproduct(p, q, ... [repeat=1]) --> cartesian product\npermutations(p[, r])\ncombinations(p, r)\ncombinations_with_replacement(p, r)\n",
        )?;
        module::add_object_ref(m.as_ptr(), "__doc__", doc.as_ptr())?;
        for k in [
            Kind::Accumulate,
            Kind::Batched,
            Kind::Chain,
            Kind::Combinations,
            Kind::Cwr,
            Kind::Compress,
            Kind::Count,
            Kind::Cycle,
            Kind::DropWhile,
            Kind::FilterFalse,
            Kind::GroupBy,
            Kind::Islice,
            Kind::Pairwise,
            Kind::Permutations,
            Kind::Product,
            Kind::Repeat,
            Kind::Starmap,
            Kind::TakeWhile,
            Kind::ZipLongest,
            Kind::Grouper,
            Kind::Tee,
            Kind::TeeData,
        ] {
            let t = ty(k);
            module::add_object_ref(m.as_ptr(), &typeobj::short_name(t), t as *mut PyObject)?;
        }
        Ok(m)
    }
}
