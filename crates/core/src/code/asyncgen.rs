//! Asynchronous generators (`async def` with `yield`) as CPython 3.12 runs
//! them: the `async_generator` object (a generator object under another
//! type, CPython's `PyAsyncGenObject` being `PyGenObject`'s head), the
//! value wrapper `INTRINSIC_ASYNC_GEN_WRAP` puts around what `yield`
//! gives (so that a yield can be told from an `await` passing a value up
//! to the event loop), the awaitables `asend()`/`__anext__()`
//! (`async_generator_asend`) and `athrow()`/`aclose()`
//! (`async_generator_athrow`), and the `aiter()`/`anext()` builtins with
//! `anext(it, default)`'s `anext_awaitable`.
//!
//! A yield of the generator ends the awaitable that resumed it with
//! `StopIteration(value)`; its end is `StopAsyncIteration`. Ophis has no
//! event loop and no `sys.set_asyncgen_hooks` (the first-iteration and
//! finalizer hooks are never called): an async generator dropped while
//! suspended is closed as a generator is.

use crate::code::genobject::{self, PyGenObject, Sent};
use crate::objects::exceptions::{self, Exc};
use crate::objects::methodobject::meth;
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyMethodDef, PyTypeObject};
use crate::objects::{tuple, unicode};
use crate::protocols::{abstract_, call};
use crate::runtime::err::{self, PyResult};
use crate::runtime::{alloc, gc, lifecycle};
use std::ffi::{c_int, c_void};
use std::ptr;

static mut ASYNC_GEN_TYPE: *mut PyTypeObject = ptr::null_mut();
static mut ASEND_TYPE: *mut PyTypeObject = ptr::null_mut();
static mut ATHROW_TYPE: *mut PyTypeObject = ptr::null_mut();
static mut WRAPPED_TYPE: *mut PyTypeObject = ptr::null_mut();
static mut ANEXT_TYPE: *mut PyTypeObject = ptr::null_mut();

/// The `async_generator` type.
pub fn async_gen_type() -> *mut PyTypeObject {
    // SAFETY: written once at start-up.
    unsafe { ASYNC_GEN_TYPE }
}

/// `PyAsyncGen_CheckExact`.
///
/// # Safety
/// `op` live.
#[inline]
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { !ASYNC_GEN_TYPE.is_null() && (*op).ob_type == ASYNC_GEN_TYPE }
}

/// Where an awaitable of an async generator is.
const STATE_INIT: i32 = 0;
const STATE_ITER: i32 = 1;
const STATE_CLOSED: i32 = 2;

/// `async_generator_asend`: awaiting it resumes the generator with a value.
#[repr(C)]
struct ASend {
    ob_base: PyObject,
    gen: *mut PyObject,
    sendval: *mut PyObject,
    state: i32,
}

/// `async_generator_athrow`: awaiting it throws into the generator; `args`
/// NULL for `aclose()`.
#[repr(C)]
struct AThrow {
    ob_base: PyObject,
    gen: *mut PyObject,
    args: *mut PyObject,
    state: i32,
}

/// `async_generator_wrapped_value`: what an async generator's `yield`
/// hands to the awaitable that resumed it.
#[repr(C)]
struct Wrapped {
    ob_base: PyObject,
    val: *mut PyObject,
}

/// `anext_awaitable`: `anext(it, default)`.
#[repr(C)]
struct AnextAwaitable {
    ob_base: PyObject,
    wrapped: *mut PyObject,
    default: *mut PyObject,
}

unsafe fn gen_of(op: *mut PyObject) -> *mut PyGenObject {
    op as *mut PyGenObject
}

/// `CALL_INTRINSIC_1 INTRINSIC_ASYNC_GEN_WRAP`.
///
/// # Safety
/// `v` live.
pub unsafe fn wrap_value(v: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: the new object is ours.
    unsafe {
        let op = alloc::new_object(WRAPPED_TYPE, std::mem::size_of::<Wrapped>())?;
        (*(op as *mut Wrapped)).val = new_ref(v);
        gc::track(op);
        Ok(Owned::from_raw(op))
    }
}

unsafe fn is_wrapped(op: *mut PyObject) -> bool {
    // SAFETY: live.
    unsafe { (*op).ob_type == WRAPPED_TYPE }
}

/// `gen_send_ex` for an async generator: the yielded object, or NULL with
/// an exception (`StopAsyncIteration` when the generator returned).
unsafe fn finish(r: PyResult<Sent>) -> *mut PyObject {
    // SAFETY: the error indicator is set on `Err`.
    unsafe {
        match r {
            Ok(Sent::Yielded(v)) => v.into_raw(),
            Ok(Sent::Returned(_)) => {
                let _ = err::set_object(exceptions::get(Exc::StopAsyncIteration), ptr::null_mut());
                ptr::null_mut()
            }
            Err(_) => ptr::null_mut(),
        }
    }
}

/// `generator.throw(...)`'s argument handling, for the awaitables.
unsafe fn throw_args(
    gen: *mut PyObject,
    args: &[*mut PyObject],
    close_on_exit: bool,
) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe {
        if !(1..=3).contains(&args.len()) {
            return err::type_error(&format!(
                "throw expected at least 1 argument, got {}",
                args.len()
            ))
            .into();
        }
        let get = |i: usize| args.get(i).copied().unwrap_or(ptr::null_mut());
        finish(genobject::throw_impl(
            gen,
            get(0),
            get(1),
            get(2),
            close_on_exit,
        ))
    }
}

/// `async_gen_unwrap_value`: a wrapped value ends the awaitable with
/// `StopIteration(value)`; the generator's end or `GeneratorExit` marks it
/// closed; either way it no longer runs.
unsafe fn unwrap_value(gen: *mut PyObject, r: *mut PyObject) -> *mut PyObject {
    // SAFETY: live; `r` owned or NULL with an exception set.
    unsafe {
        let g = gen_of(gen);
        if r.is_null() {
            if err::occurred().is_null() {
                let _ = err::set_object(exceptions::get(Exc::StopAsyncIteration), ptr::null_mut());
            }
            let e = err::occurred();
            if err::given_matches(e, exceptions::get(Exc::StopAsyncIteration))
                || err::given_matches(e, exceptions::get(Exc::GeneratorExit))
            {
                (*g).gi_closed = 1;
            }
            (*g).gi_running_async = 0;
            return ptr::null_mut();
        }
        if is_wrapped(r) {
            let r = Owned::from_raw(r);
            let v = Owned::from_borrowed((*(r.as_ptr() as *mut Wrapped)).val);
            let _ = genobject::stop_iteration(v);
            (*g).gi_running_async = 0;
            return ptr::null_mut();
        }
        r
    }
}

unsafe fn new_asend(gen: *mut PyObject, sendval: *mut PyObject) -> *mut PyObject {
    // SAFETY: the new object is ours.
    unsafe {
        match alloc::new_object(ASEND_TYPE, std::mem::size_of::<ASend>()) {
            Ok(op) => {
                let a = op as *mut ASend;
                (*a).gen = new_ref(gen);
                (*a).sendval = if sendval.is_null() {
                    ptr::null_mut()
                } else {
                    new_ref(sendval)
                };
                (*a).state = STATE_INIT;
                gc::track(op);
                op
            }
            Err(_) => ptr::null_mut(),
        }
    }
}

unsafe fn new_athrow(gen: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: the new object is ours.
    unsafe {
        match alloc::new_object(ATHROW_TYPE, std::mem::size_of::<AThrow>()) {
            Ok(op) => {
                let a = op as *mut AThrow;
                (*a).gen = new_ref(gen);
                (*a).args = if args.is_null() {
                    ptr::null_mut()
                } else {
                    new_ref(args)
                };
                (*a).state = STATE_INIT;
                gc::track(op);
                op
            }
            Err(_) => ptr::null_mut(),
        }
    }
}

// ---- async_generator ----

unsafe extern "C" fn ag_anext(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on an async generator.
    unsafe { new_asend(op, ptr::null_mut()) }
}

unsafe extern "C" fn ag_asend(op: *mut PyObject, v: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O on an async generator.
    unsafe { new_asend(op, v) }
}

unsafe extern "C" fn ag_athrow(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: isize,
) -> *mut PyObject {
    // SAFETY: METH_FASTCALL on an async generator; the arguments are
    // checked when the awaitable starts.
    unsafe {
        let t = match tuple::new_from(call::slice(args, nargs as usize)) {
            Ok(t) => t,
            Err(e) => return e.into(),
        };
        new_athrow(op, t.as_ptr())
    }
}

unsafe extern "C" fn ag_aclose(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_NOARGS on an async generator.
    unsafe { new_athrow(op, ptr::null_mut()) }
}

type Fastcall = unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, isize) -> *mut PyObject;
type Plain = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

const fn mdef(name: &'static std::ffi::CStr, f: Plain, flags: c_int) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(f),
        ml_flags: flags,
        ml_doc: ptr::null(),
    }
}

const fn mdef_fast(name: &'static std::ffi::CStr, f: Fastcall) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        // SAFETY: stored under the signature its flags declare.
        ml_meth: Some(unsafe { std::mem::transmute::<Fastcall, Plain>(f) }),
        ml_flags: meth::FASTCALL,
        ml_doc: ptr::null(),
    }
}

static mut AG_METHODS: [PyMethodDef; 5] = [
    mdef(c"asend", ag_asend, meth::O),
    mdef_fast(c"athrow", ag_athrow),
    mdef(c"aclose", ag_aclose, meth::NOARGS),
    crate::objects::genericaliasobject::CLASS_GETITEM_DEF,
    typeobj::METHOD_END,
];

unsafe extern "C" fn ag_running(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on an async generator.
    unsafe {
        new_ref(if (*gen_of(op)).gi_running_async != 0 {
            lifecycle::true_()
        } else {
            lifecycle::false_()
        })
    }
}

static mut AG_GETSET: [typeobj::PyGetSetDef; 9] = [
    typeobj::getset_rw(
        c"__name__",
        Some(genobject::g_name),
        Some(genobject::set_name),
    ),
    typeobj::getset_rw(
        c"__qualname__",
        Some(genobject::g_qualname),
        Some(genobject::set_qualname),
    ),
    typeobj::getset(c"ag_await", Some(genobject::g_yieldfrom)),
    typeobj::getset(c"ag_frame", Some(genobject::g_frame)),
    typeobj::getset(c"ag_code", Some(genobject::g_code)),
    typeobj::getset(c"ag_suspended", Some(genobject::g_suspended)),
    typeobj::getset(c"ag_running", Some(ag_running)),
    typeobj::GETSET_END,
    typeobj::GETSET_END,
];

static mut AG_AS_ASYNC: typeobj::PyAsyncMethods = typeobj::PyAsyncMethods {
    am_await: None,
    am_aiter: Some(genobject::gen_self_iter),
    am_anext: Some(ag_anext),
    am_send: None,
};

// ---- async_generator_asend ----

unsafe fn asend_send_impl(op: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: an asend object; `arg` NULL or live.
    unsafe {
        let a = op as *mut ASend;
        if (*a).state == STATE_CLOSED {
            return err::raise(
                Exc::RuntimeError,
                "cannot reuse already awaited __anext__()/asend()",
            )
            .into();
        }
        let gen = Owned::from_borrowed((*a).gen);
        let g = gen_of(gen.as_ptr());
        let mut arg = arg;
        if (*a).state == STATE_INIT {
            if (*g).gi_running_async != 0 {
                (*a).state = STATE_CLOSED;
                return err::raise(
                    Exc::RuntimeError,
                    "anext(): asynchronous generator is already running",
                )
                .into();
            }
            if arg.is_null() || arg == lifecycle::none() {
                arg = (*a).sendval;
            }
            (*a).state = STATE_ITER;
        }
        (*g).gi_running_async = 1;
        let r = finish(genobject::send_ex(gen.as_ptr(), arg, false));
        let r = unwrap_value(gen.as_ptr(), r);
        if r.is_null() {
            (*a).state = STATE_CLOSED;
        }
        r
    }
}

unsafe extern "C" fn asend_send(op: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O on an asend object.
    unsafe { asend_send_impl(op, arg) }
}

unsafe extern "C" fn asend_iternext(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on an asend object.
    unsafe { asend_send_impl(op, ptr::null_mut()) }
}

unsafe extern "C" fn asend_throw(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: isize,
) -> *mut PyObject {
    // SAFETY: METH_FASTCALL on an asend object.
    unsafe {
        let a = op as *mut ASend;
        if (*a).state == STATE_CLOSED {
            return err::raise(
                Exc::RuntimeError,
                "cannot reuse already awaited __anext__()/asend()",
            )
            .into();
        }
        let gen = Owned::from_borrowed((*a).gen);
        let r = throw_args(gen.as_ptr(), call::slice(args, nargs.max(0) as usize), true);
        let r = unwrap_value(gen.as_ptr(), r);
        if r.is_null() {
            (*a).state = STATE_CLOSED;
        }
        r
    }
}

unsafe extern "C" fn asend_close(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_NOARGS on an asend object.
    unsafe {
        (*(op as *mut ASend)).state = STATE_CLOSED;
        new_ref(lifecycle::none())
    }
}

static mut ASEND_METHODS: [PyMethodDef; 4] = [
    mdef(c"send", asend_send, meth::O),
    mdef_fast(c"throw", asend_throw),
    mdef(c"close", asend_close, meth::NOARGS),
    typeobj::METHOD_END,
];

static mut SELF_AWAIT: typeobj::PyAsyncMethods = typeobj::PyAsyncMethods {
    am_await: Some(genobject::gen_self_iter),
    am_aiter: None,
    am_anext: None,
    am_send: None,
};

unsafe extern "C" fn asend_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        let a = op as *mut ASend;
        clear_slot(&mut (*a).gen);
        clear_slot(&mut (*a).sendval);
        alloc::free_object(op);
    }
}

unsafe extern "C" fn asend_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on an asend object.
    unsafe {
        let a = op as *mut ASend;
        gc::visit_all(
            [(*a).gen, (*a).sendval]
                .into_iter()
                .filter(|p| !p.is_null()),
            visit,
            arg,
        )
    }
}

// ---- async_generator_athrow ----

unsafe fn athrow_ignored_exit(a: *mut AThrow, g: *mut PyGenObject) -> *mut PyObject {
    // SAFETY: live.
    unsafe {
        (*g).gi_running_async = 0;
        (*a).state = STATE_CLOSED;
        err::raise(Exc::RuntimeError, "async generator ignored GeneratorExit").into()
    }
}

/// The end of an `athrow()`/`aclose()` await by an exception: for
/// `aclose()`, the generator's end or `GeneratorExit` is success
/// (`StopIteration`).
unsafe fn athrow_check_error(a: *mut AThrow, g: *mut PyGenObject) -> *mut PyObject {
    // SAFETY: live; an exception is set.
    unsafe {
        (*g).gi_running_async = 0;
        (*a).state = STATE_CLOSED;
        let e = err::occurred();
        if (*a).args.is_null()
            && (err::given_matches(e, exceptions::get(Exc::StopAsyncIteration))
                || err::given_matches(e, exceptions::get(Exc::GeneratorExit)))
        {
            err::clear();
            let _ = err::set_object(exceptions::get(Exc::StopIteration), ptr::null_mut());
        }
        ptr::null_mut()
    }
}

unsafe fn athrow_send_impl(op: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: an athrow object; `arg` live.
    unsafe {
        let a = op as *mut AThrow;
        if (*a).state == STATE_CLOSED {
            return err::raise(
                Exc::RuntimeError,
                "cannot reuse already awaited aclose()/athrow()",
            )
            .into();
        }
        let gen = Owned::from_borrowed((*a).gen);
        let g = gen_of(gen.as_ptr());
        if (*g).gi_frame_state >= genobject::FRAME_COMPLETED {
            (*a).state = STATE_CLOSED;
            return err::set_object(exceptions::get(Exc::StopIteration), ptr::null_mut()).into();
        }
        if (*a).state == STATE_INIT {
            if (*g).gi_running_async != 0 {
                (*a).state = STATE_CLOSED;
                return err::raise(
                    Exc::RuntimeError,
                    if (*a).args.is_null() {
                        "aclose(): asynchronous generator is already running"
                    } else {
                        "athrow(): asynchronous generator is already running"
                    },
                )
                .into();
            }
            if (*g).gi_closed != 0 {
                (*a).state = STATE_CLOSED;
                return err::set_object(exceptions::get(Exc::StopAsyncIteration), ptr::null_mut())
                    .into();
            }
            if arg != lifecycle::none() {
                return err::raise(
                    Exc::RuntimeError,
                    "can't send non-None value to a just-started coroutine",
                )
                .into();
            }
            (*a).state = STATE_ITER;
            (*g).gi_running_async = 1;
            let r = if (*a).args.is_null() {
                (*g).gi_closed = 1;
                let r = finish(genobject::throw_impl(
                    gen.as_ptr(),
                    exceptions::get(Exc::GeneratorExit),
                    ptr::null_mut(),
                    ptr::null_mut(),
                    false,
                ));
                if !r.is_null() && is_wrapped(r) {
                    decref(r);
                    return athrow_ignored_exit(a, g);
                }
                r
            } else {
                let args = (*a).args;
                let n = tuple::size(args) as usize;
                if !(1..=3).contains(&n) {
                    // As CPython: the awaitable stays started.
                    return err::type_error(&format!(
                        "athrow expected {} argument{}, got {n}",
                        if n < 1 { "at least 1" } else { "at most 3" },
                        if n < 1 { "" } else { "s" }
                    ))
                    .into();
                }
                let items: Vec<*mut PyObject> =
                    (0..n).map(|i| tuple::item(args, i as isize)).collect();
                let r = throw_args(gen.as_ptr(), &items, false);
                unwrap_value(gen.as_ptr(), r)
            };
            if r.is_null() {
                return athrow_check_error(a, g);
            }
            return r;
        }
        let r = finish(genobject::send_ex(gen.as_ptr(), arg, false));
        if !(*a).args.is_null() {
            return unwrap_value(gen.as_ptr(), r);
        }
        if r.is_null() {
            return athrow_check_error(a, g);
        }
        if is_wrapped(r) {
            decref(r);
            return athrow_ignored_exit(a, g);
        }
        r
    }
}

unsafe extern "C" fn athrow_send(op: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O on an athrow object.
    unsafe { athrow_send_impl(op, arg) }
}

unsafe extern "C" fn athrow_iternext(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on an athrow object.
    unsafe { athrow_send_impl(op, lifecycle::none()) }
}

unsafe extern "C" fn athrow_throw(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: isize,
) -> *mut PyObject {
    // SAFETY: METH_FASTCALL on an athrow object.
    unsafe {
        let a = op as *mut AThrow;
        if (*a).state == STATE_CLOSED {
            return err::raise(
                Exc::RuntimeError,
                "cannot reuse already awaited aclose()/athrow()",
            )
            .into();
        }
        let gen = Owned::from_borrowed((*a).gen);
        let g = gen_of(gen.as_ptr());
        let r = throw_args(gen.as_ptr(), call::slice(args, nargs.max(0) as usize), true);
        if !(*a).args.is_null() {
            return unwrap_value(gen.as_ptr(), r);
        }
        if !r.is_null() && is_wrapped(r) {
            decref(r);
            return athrow_ignored_exit(a, g);
        }
        if r.is_null() {
            let e = err::occurred();
            if err::given_matches(e, exceptions::get(Exc::StopAsyncIteration))
                || err::given_matches(e, exceptions::get(Exc::GeneratorExit))
            {
                err::clear();
                let _ = err::set_object(exceptions::get(Exc::StopIteration), ptr::null_mut());
            }
        }
        r
    }
}

unsafe extern "C" fn athrow_close(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_NOARGS on an athrow object.
    unsafe {
        (*(op as *mut AThrow)).state = STATE_CLOSED;
        new_ref(lifecycle::none())
    }
}

static mut ATHROW_METHODS: [PyMethodDef; 4] = [
    mdef(c"send", athrow_send, meth::O),
    mdef_fast(c"throw", athrow_throw),
    mdef(c"close", athrow_close, meth::NOARGS),
    typeobj::METHOD_END,
];

unsafe extern "C" fn athrow_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        let a = op as *mut AThrow;
        clear_slot(&mut (*a).gen);
        clear_slot(&mut (*a).args);
        alloc::free_object(op);
    }
}

unsafe extern "C" fn athrow_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on an athrow object.
    unsafe {
        let a = op as *mut AThrow;
        gc::visit_all(
            [(*a).gen, (*a).args].into_iter().filter(|p| !p.is_null()),
            visit,
            arg,
        )
    }
}

// ---- async_generator_wrapped_value ----

unsafe extern "C" fn wrapped_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        clear_slot(&mut (*(op as *mut Wrapped)).val);
        alloc::free_object(op);
    }
}

unsafe extern "C" fn wrapped_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a wrapped value.
    unsafe { gc::visit_all([(*(op as *mut Wrapped)).val], visit, arg) }
}

// ---- anext_awaitable ----

/// The iterator of the awaitable `anext()` wraps (a coroutine's
/// `__await__` wrapper, since a coroutine is not an iterator).
unsafe fn anext_getiter(op: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: an anext_awaitable.
    unsafe {
        let it = genobject::awaitable_iter((*(op as *mut AnextAwaitable)).wrapped)?;
        if (*(*it.as_ptr()).ob_type).tp_iternext.is_none() {
            let t = (*it.as_ptr()).ob_type;
            let getter = if (*t).tp_as_async.is_null() {
                None
            } else {
                (*(*t).tp_as_async).am_await
            };
            let Some(g) = getter else {
                return Err(err::type_error("__await__ returned a non-iterable"));
            };
            let w = err::from_ptr(g(it.as_ptr()))?;
            if !crate::objects::iterobject::is_iterator(w.as_ptr()) {
                return Err(err::type_error("__await__ returned a non-iterable"));
            }
            return Ok(w);
        }
        Ok(it)
    }
}

/// A `StopAsyncIteration` from the wrapped awaitable becomes
/// `StopIteration(default)`.
unsafe fn anext_result(op: *mut PyObject, r: *mut PyObject) -> *mut PyObject {
    // SAFETY: live.
    unsafe {
        if r.is_null()
            && err::given_matches(err::occurred(), exceptions::get(Exc::StopAsyncIteration))
        {
            err::clear();
            let d = Owned::from_borrowed((*(op as *mut AnextAwaitable)).default);
            let _ = genobject::stop_iteration(d);
        }
        r
    }
}

unsafe extern "C" fn anext_iternext(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on an anext_awaitable.
    unsafe {
        let it = match anext_getiter(op) {
            Ok(it) => it,
            Err(e) => return e.into(),
        };
        let f = (*(*it.as_ptr()).ob_type)
            .tp_iternext
            .expect("checked iterator");
        anext_result(op, f(it.as_ptr()))
    }
}

unsafe fn anext_proxy(op: *mut PyObject, name: &str, args: &[*mut PyObject]) -> *mut PyObject {
    // SAFETY: live.
    unsafe {
        let r = (|| {
            let it = anext_getiter(op)?;
            let m = abstract_::getattr(it.as_ptr(), unicode::intern(name)?.as_ptr())?;
            call::call_args(m.as_ptr(), args)
        })();
        anext_result(op, err::into_ptr(r))
    }
}

unsafe extern "C" fn anext_send(op: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O.
    unsafe { anext_proxy(op, "send", &[arg]) }
}

unsafe extern "C" fn anext_throw(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: isize,
) -> *mut PyObject {
    // SAFETY: METH_FASTCALL.
    unsafe { anext_proxy(op, "throw", call::slice(args, nargs.max(0) as usize)) }
}

unsafe extern "C" fn anext_close(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_NOARGS.
    unsafe { anext_proxy(op, "close", &[]) }
}

static mut ANEXT_METHODS: [PyMethodDef; 4] = [
    mdef(c"send", anext_send, meth::O),
    mdef_fast(c"throw", anext_throw),
    mdef(c"close", anext_close, meth::NOARGS),
    typeobj::METHOD_END,
];

unsafe extern "C" fn anext_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        let a = op as *mut AnextAwaitable;
        clear_slot(&mut (*a).wrapped);
        clear_slot(&mut (*a).default);
        alloc::free_object(op);
    }
}

unsafe extern "C" fn anext_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on an anext_awaitable.
    unsafe {
        let a = op as *mut AnextAwaitable;
        gc::visit_all([(*a).wrapped, (*a).default], visit, arg)
    }
}

// ---- builtins ----

/// `aiter(async_iterable, /)` (`PyObject_GetAIter`).
///
/// # Safety
/// METH_O contract.
pub unsafe extern "C" fn builtin_aiter(_m: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
    // SAFETY: live.
    unsafe {
        let t = (*o).ob_type;
        let f = if (*t).tp_as_async.is_null() {
            None
        } else {
            (*(*t).tp_as_async).am_aiter
        };
        let Some(f) = f else {
            return err::type_error(&format!(
                "'{}' object is not an async iterable",
                typeobj::type_name_of(o)
            ))
            .into();
        };
        let it = f(o);
        if it.is_null() {
            return it;
        }
        let it_t = (*it).ob_type;
        if (*it_t).tp_as_async.is_null() || (*(*it_t).tp_as_async).am_anext.is_none() {
            let _ = err::type_error(&format!(
                "aiter() returned not an async iterator of type '{}'",
                typeobj::type_name_of(it)
            ));
            decref(it);
            return ptr::null_mut();
        }
        it
    }
}

/// `anext(aiterator[, default], /)`.
///
/// # Safety
/// METH_FASTCALL contract.
pub unsafe extern "C" fn builtin_anext(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: isize,
) -> *mut PyObject {
    // SAFETY: live.
    unsafe {
        if !(1..=2).contains(&nargs) {
            return err::type_error(&format!(
                "anext expected {} argument{}, got {nargs}",
                if nargs < 1 { "at least 1" } else { "at most 2" },
                if nargs < 1 { "" } else { "s" }
            ))
            .into();
        }
        let a = call::slice(args, nargs as usize);
        let it = a[0];
        let t = (*it).ob_type;
        let f = if (*t).tp_as_async.is_null() {
            None
        } else {
            (*(*t).tp_as_async).am_anext
        };
        let Some(f) = f else {
            return err::type_error(&format!(
                "'{}' object is not an async iterator",
                typeobj::full_name(t)
            ))
            .into();
        };
        let aw = f(it);
        if aw.is_null() || nargs == 1 {
            return aw;
        }
        match alloc::new_object(ANEXT_TYPE, std::mem::size_of::<AnextAwaitable>()) {
            Ok(op) => {
                let x = op as *mut AnextAwaitable;
                (*x).wrapped = aw;
                (*x).default = new_ref(a[1]);
                gc::track(op);
                op
            }
            Err(_) => {
                decref(aw);
                ptr::null_mut()
            }
        }
    }
}

/// The `PyMethodDef`s of `aiter` and `anext`, for `builtins`.
pub const AITER_DEF: PyMethodDef = mdef(c"aiter", builtin_aiter, meth::O);
/// See [`AITER_DEF`].
pub const ANEXT_DEF: PyMethodDef = mdef_fast(c"anext", builtin_anext);

/// A static type of this module.
unsafe fn make_type(
    name: &'static std::ffi::CStr,
    size: usize,
    dealloc: unsafe extern "C" fn(*mut PyObject),
    traverse: typeobj::traverseproc,
) -> *mut PyTypeObject {
    // SAFETY: start-up.
    unsafe {
        let t = lifecycle::leak_type();
        (*t).tp_name = name.as_ptr();
        (*t).tp_basicsize = size as isize;
        (*t).tp_flags = flags::DEFAULT | flags::HAVE_GC;
        (*t).tp_dealloc = Some(dealloc);
        (*t).tp_traverse = traverse;
        t
    }
}

/// Creates the types. Start-up only, after the generator types.
pub(crate) unsafe fn ready_types() {
    // SAFETY: start-up on one thread.
    unsafe {
        let ag = make_type(
            c"async_generator",
            std::mem::size_of::<PyGenObject>(),
            genobject::gen_dealloc,
            Some(genobject::gen_traverse),
        );
        (*ag).tp_itemsize = std::mem::size_of::<*mut PyObject>() as isize;
        // Closed like a generator when dropped suspended (no asyncgen hooks).
        (*ag).tp_finalize = Some(genobject::gen_finalize);
        (*ag).tp_repr = Some(genobject::gen_repr);
        (*ag).tp_as_async = ptr::addr_of_mut!(AG_AS_ASYNC);
        (*ag).tp_weaklistoffset = std::mem::offset_of!(PyGenObject, gi_weakreflist) as isize;
        (*ag).tp_methods = ptr::addr_of_mut!(AG_METHODS) as *mut PyMethodDef;
        (*ag).tp_getset = ptr::addr_of_mut!(AG_GETSET) as *mut typeobj::PyGetSetDef;

        let asend = make_type(
            c"async_generator_asend",
            std::mem::size_of::<ASend>(),
            asend_dealloc,
            Some(asend_traverse),
        );
        (*asend).tp_as_async = ptr::addr_of_mut!(SELF_AWAIT);
        (*asend).tp_iter = Some(genobject::gen_self_iter);
        (*asend).tp_iternext = Some(asend_iternext);
        (*asend).tp_methods = ptr::addr_of_mut!(ASEND_METHODS) as *mut PyMethodDef;

        let athrow = make_type(
            c"async_generator_athrow",
            std::mem::size_of::<AThrow>(),
            athrow_dealloc,
            Some(athrow_traverse),
        );
        (*athrow).tp_as_async = ptr::addr_of_mut!(SELF_AWAIT);
        (*athrow).tp_iter = Some(genobject::gen_self_iter);
        (*athrow).tp_iternext = Some(athrow_iternext);
        (*athrow).tp_methods = ptr::addr_of_mut!(ATHROW_METHODS) as *mut PyMethodDef;

        let wrapped = make_type(
            c"async_generator_wrapped_value",
            std::mem::size_of::<Wrapped>(),
            wrapped_dealloc,
            Some(wrapped_traverse),
        );

        let anext = make_type(
            c"anext_awaitable",
            std::mem::size_of::<AnextAwaitable>(),
            anext_dealloc,
            Some(anext_traverse),
        );
        (*anext).tp_as_async = ptr::addr_of_mut!(SELF_AWAIT);
        (*anext).tp_iter = Some(genobject::gen_self_iter);
        (*anext).tp_iternext = Some(anext_iternext);
        (*anext).tp_methods = ptr::addr_of_mut!(ANEXT_METHODS) as *mut PyMethodDef;

        for t in [ag, asend, athrow, wrapped, anext] {
            if typeobj::ready_static(t).is_err() {
                lifecycle::fatal("Py_Initialize", "cannot ready the async generator types");
            }
        }
        ASYNC_GEN_TYPE = ag;
        ASEND_TYPE = asend;
        ATHROW_TYPE = athrow;
        WRAPPED_TYPE = wrapped;
        ANEXT_TYPE = anext;
    }
}
