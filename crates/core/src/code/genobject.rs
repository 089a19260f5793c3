//! Generators and coroutines (`PyGen_Type`, `PyCoro_Type`; CPython 3.12's
//! `PyGenObject` layout: `gi_frame_state` at offset 67, the interpreter
//! frame embedded at 72). A coroutine is the same object under another
//! type: not iterable itself, awaited through `__await__`'s wrapper, its
//! attributes named `cr_*`.
//!
//! Calling a generator function runs its code up to `RETURN_GENERATOR`,
//! which moves the frame into a new generator object
//! ([`from_frame`]). Each `send` pushes the sent value onto the frame's
//! stack and runs the frame as an entry frame of the evaluation loop
//! ([`crate::code::ceval::resume`]) until `YIELD_VALUE` (the generator is
//! suspended) or a return or an exception (it is completed). While it runs,
//! the generator's handled exception is the top of the thread's
//! handled-exception stack.

use crate::code::ceval;
use crate::code::codeobject::PyCodeObject;
use crate::code::frame::{self, InterpFrame, OWNED_BY_GENERATOR};
use crate::code::frameobject;
use crate::objects::exceptions::{self, Exc};
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags};
use crate::objects::unicode;
use crate::protocols::{abstract_, call};
use crate::runtime::err::{self, PyResult};
use crate::runtime::{alloc, gc, lifecycle, thread};
use std::ffi::{c_int, c_void};
use std::ptr;

/// `gi_frame_state`: made, not started.
pub const FRAME_CREATED: i8 = -2;
/// Stopped at a `yield`.
pub const FRAME_SUSPENDED: i8 = -1;
/// Running.
pub const FRAME_EXECUTING: i8 = 0;
/// Returned or raised.
pub const FRAME_COMPLETED: i8 = 1;
/// Its frame was cleared.
pub const FRAME_CLEARED: i8 = 4;

/// CPython 3.12's `PyGenObject` head; the frame follows at `gi_iframe`.
#[repr(C)]
pub struct PyGenObject {
    /// Header.
    pub ob_base: PyObject,
    /// Weak references.
    pub gi_weakreflist: *mut PyObject,
    /// `__name__`.
    pub gi_name: *mut PyObject,
    /// `__qualname__`.
    pub gi_qualname: *mut PyObject,
    /// The generator's handled exception while it is suspended
    /// (`gi_exc_state.exc_value`).
    pub gi_exc_value: *mut PyObject,
    /// `gi_exc_state.previous_item` (always NULL in Ophis).
    pub gi_exc_previous: *mut c_void,
    /// `gi_origin_or_finalizer` (unused).
    pub gi_origin_or_finalizer: *mut PyObject,
    /// `gi_hooks_inited`.
    pub gi_hooks_inited: i8,
    /// `gi_closed`.
    pub gi_closed: i8,
    /// `gi_running_async`.
    pub gi_running_async: i8,
    /// `gi_frame_state` (`FRAME_*`).
    pub gi_frame_state: i8,
    _pad: i32,
    /// The embedded interpreter frame (its `localsplus` follows).
    pub gi_iframe: InterpFrame,
}

const _: () = {
    assert!(std::mem::offset_of!(PyGenObject, gi_exc_value) == 40);
    assert!(std::mem::offset_of!(PyGenObject, gi_frame_state) == 67);
    assert!(std::mem::offset_of!(PyGenObject, gi_iframe) == 72);
};

/// The generator that owns the interpreter frame `f`.
///
/// # Safety
/// `f` a generator's frame.
#[inline]
pub unsafe fn of_frame(f: *mut InterpFrame) -> *mut PyGenObject {
    // SAFETY: the frame is embedded at a fixed offset.
    unsafe { (f as *mut u8).sub(std::mem::offset_of!(PyGenObject, gi_iframe)) as *mut PyGenObject }
}

/// Fills in `PyGen_Type`. Start-up only.
pub(crate) unsafe fn init_type() {
    // SAFETY: start-up, exclusive access to the static type.
    unsafe {
        let t = lifecycle::gen_type();
        (*t).ob_base.ob_base = static_header(lifecycle::type_type());
        (*t).tp_name = c"generator".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<PyGenObject>() as isize;
        (*t).tp_itemsize = std::mem::size_of::<*mut PyObject>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::HAVE_GC;
        (*t).tp_dealloc = Some(gen_dealloc);
        (*t).tp_traverse = Some(gen_traverse);
        (*t).tp_finalize = Some(gen_finalize);
        (*t).tp_repr = Some(gen_repr);
        (*t).tp_iter = Some(gen_self_iter);
        (*t).tp_iternext = Some(gen_iternext);
        (*t).tp_weaklistoffset = std::mem::offset_of!(PyGenObject, gi_weakreflist) as isize;
        (*t).tp_methods = ptr::addr_of_mut!(GEN_METHODS) as *mut typeobj::PyMethodDef;
        (*t).tp_getset = ptr::addr_of_mut!(GEN_GETSET) as *mut typeobj::PyGetSetDef;
    }
}

/// Readies `PyGen_Type`, and fills in and readies `PyCoro_Type` and the
/// `coroutine_wrapper` type. Start-up only.
pub(crate) unsafe fn ready_type() {
    // SAFETY: start-up.
    unsafe {
        if typeobj::ready_static(lifecycle::gen_type()).is_err() {
            lifecycle::fatal("Py_Initialize", "cannot ready the generator type");
        }
        let t = lifecycle::coro_type();
        (*t).ob_base.ob_base = static_header(lifecycle::type_type());
        (*t).tp_name = c"coroutine".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<PyGenObject>() as isize;
        (*t).tp_itemsize = std::mem::size_of::<*mut PyObject>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::HAVE_GC;
        (*t).tp_dealloc = Some(gen_dealloc);
        (*t).tp_traverse = Some(gen_traverse);
        (*t).tp_finalize = Some(gen_finalize);
        (*t).tp_repr = Some(gen_repr);
        (*t).tp_as_async = ptr::addr_of_mut!(CORO_AS_ASYNC);
        (*t).tp_weaklistoffset = std::mem::offset_of!(PyGenObject, gi_weakreflist) as isize;
        (*t).tp_methods = ptr::addr_of_mut!(GEN_METHODS) as *mut typeobj::PyMethodDef;
        (*t).tp_getset = ptr::addr_of_mut!(CORO_GETSET) as *mut typeobj::PyGetSetDef;
        if typeobj::ready_static(t).is_err() {
            lifecycle::fatal("Py_Initialize", "cannot ready the coroutine type");
        }
        let w = lifecycle::leak_type();
        (*w).tp_name = c"coroutine_wrapper".as_ptr();
        (*w).tp_basicsize = std::mem::size_of::<CoroWrapper>() as isize;
        (*w).tp_flags = flags::DEFAULT | flags::HAVE_GC;
        (*w).tp_dealloc = Some(wrapper_dealloc);
        (*w).tp_traverse = Some(wrapper_traverse);
        (*w).tp_iter = Some(gen_self_iter);
        (*w).tp_iternext = Some(wrapper_iternext);
        (*w).tp_methods = ptr::addr_of_mut!(WRAPPER_METHODS) as *mut typeobj::PyMethodDef;
        if typeobj::ready_static(w).is_err() {
            lifecycle::fatal("Py_Initialize", "cannot ready the coroutine wrapper type");
        }
        WRAPPER_TYPE = w;
    }
}

/// `coroutine.__await__()`'s iterator: drives the coroutine.
#[repr(C)]
struct CoroWrapper {
    ob_base: PyObject,
    coro: *mut PyObject,
}

static mut WRAPPER_TYPE: *mut typeobj::PyTypeObject = ptr::null_mut();

static mut CORO_AS_ASYNC: typeobj::PyAsyncMethods = typeobj::PyAsyncMethods {
    am_await: Some(coro_await),
    am_aiter: None,
    am_anext: None,
    am_send: None,
};

/// `PyCoro_CheckExact`.
///
/// # Safety
/// `op` live.
#[inline]
pub unsafe fn coro_check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { (*op).ob_type == lifecycle::coro_type() }
}

unsafe extern "C" fn coro_await(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a coroutine.
    unsafe {
        match alloc::new_object(WRAPPER_TYPE, std::mem::size_of::<CoroWrapper>()) {
            Ok(w) => {
                (*(w as *mut CoroWrapper)).coro = new_ref(op);
                gc::track(w);
                w
            }
            Err(_) => ptr::null_mut(),
        }
    }
}

unsafe extern "C" fn wrapper_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        clear_slot(&mut (*(op as *mut CoroWrapper)).coro);
        alloc::free_object(op);
    }
}

unsafe extern "C" fn wrapper_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a wrapper.
    unsafe { gc::visit_all([(*(op as *mut CoroWrapper)).coro], visit, arg) }
}

unsafe extern "C" fn wrapper_iternext(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a wrapper.
    unsafe { gen_iternext((*(op as *mut CoroWrapper)).coro) }
}

unsafe extern "C" fn wrapper_send(op: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O on a wrapper.
    unsafe { gen_send((*(op as *mut CoroWrapper)).coro, arg) }
}

unsafe extern "C" fn wrapper_throw(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: isize,
) -> *mut PyObject {
    // SAFETY: METH_FASTCALL on a wrapper.
    unsafe { gen_throw((*(op as *mut CoroWrapper)).coro, args, nargs) }
}

unsafe extern "C" fn wrapper_close(op: *mut PyObject, a: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_NOARGS on a wrapper.
    unsafe { gen_close((*(op as *mut CoroWrapper)).coro, a) }
}

static mut WRAPPER_METHODS: [typeobj::PyMethodDef; 4] = [
    typeobj::PyMethodDef {
        ml_name: c"send".as_ptr(),
        ml_meth: Some(wrapper_send),
        ml_flags: crate::objects::methodobject::meth::O,
        ml_doc: ptr::null(),
    },
    typeobj::PyMethodDef {
        ml_name: c"throw".as_ptr(),
        // SAFETY: stored under the signature its flags declare.
        ml_meth: Some(unsafe { std::mem::transmute::<Fastcall, Plain>(wrapper_throw) }),
        ml_flags: crate::objects::methodobject::meth::FASTCALL,
        ml_doc: ptr::null(),
    },
    typeobj::PyMethodDef {
        ml_name: c"close".as_ptr(),
        ml_meth: Some(wrapper_close),
        ml_flags: crate::objects::methodobject::meth::NOARGS,
        ml_doc: ptr::null(),
    },
    typeobj::METHOD_END,
];

/// `_PyCoro_GetAwaitableIter`: what `await o` iterates: a coroutine
/// itself, else the iterator `__await__` returns.
///
/// # Safety
/// `o` live.
pub unsafe fn awaitable_iter(o: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if coro_check(o) || is_iterable_coroutine(o) {
            return Ok(Owned::from_borrowed(o));
        }
        let t = (*o).ob_type;
        let getter = if (*t).tp_as_async.is_null() {
            None
        } else {
            (*(*t).tp_as_async).am_await
        };
        let Some(g) = getter else {
            return Err(err::type_error(&format!(
                "object {} can't be used in 'await' expression",
                typeobj::type_name_of(o)
            )));
        };
        let r = err::from_ptr(g(o))?;
        if coro_check(r.as_ptr()) || is_iterable_coroutine(r.as_ptr()) {
            return Err(err::type_error("__await__() returned a coroutine"));
        }
        if !crate::objects::iterobject::is_iterator(r.as_ptr()) {
            return Err(err::type_error(&format!(
                "__await__() returned non-iterator of type '{}'",
                typeobj::type_name_of(r.as_ptr())
            )));
        }
        Ok(r)
    }
}

/// A generator whose code is flagged `CO_ITERABLE_COROUTINE`
/// (`@types.coroutine`).
unsafe fn is_iterable_coroutine(o: *mut PyObject) -> bool {
    // SAFETY: live.
    unsafe {
        check(o)
            && (*((*(o as *mut PyGenObject)).gi_iframe.f_code as *mut PyCodeObject)).co_flags
                & 0x0100
                != 0
    }
}

/// The object a suspended coroutine awaits (`cr_await`), or NULL.
///
/// # Safety
/// `o` a live generator or coroutine.
pub unsafe fn awaiting(o: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe { yielding_from(o as *mut PyGenObject) }
}

/// `PyGen_Check`.
///
/// # Safety
/// `op` live.
#[inline]
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { (*op).ob_type == lifecycle::gen_type() }
}

/// `RETURN_GENERATOR`: a generator that takes over the running frame `f`
/// (its references are copied; the caller pops `f` afterwards).
///
/// # Safety
/// `f` the running frame of a generator function's code.
pub unsafe fn from_frame(f: *mut InterpFrame) -> PyResult<Owned> {
    // SAFETY: the new object is ours; the frame's slots are live.
    unsafe {
        let c = (*f).f_code as *mut PyCodeObject;
        let slots = (*c).co_framesize as usize;
        let size = std::mem::size_of::<PyGenObject>() + slots * std::mem::size_of::<usize>();
        const CO_COROUTINE: c_int = 0x0080;
        const CO_ASYNC_GENERATOR: c_int = 0x0200;
        let t = if (*c).co_flags & CO_ASYNC_GENERATOR != 0 {
            crate::code::asyncgen::async_gen_type()
        } else if (*c).co_flags & CO_COROUTINE != 0 {
            lifecycle::coro_type()
        } else {
            lifecycle::gen_type()
        };
        let op = alloc::new_object(t, size)?;
        let g = op as *mut PyGenObject;
        let func = (*f).f_funcobj as *mut crate::code::funcobject::PyFunctionObject;
        (*g).gi_weakreflist = ptr::null_mut();
        (*g).gi_name = new_ref((*func).func_name);
        (*g).gi_qualname = new_ref((*func).func_qualname);
        (*g).gi_exc_value = ptr::null_mut();
        (*g).gi_exc_previous = ptr::null_mut();
        (*g).gi_origin_or_finalizer = ptr::null_mut();
        (*g).gi_hooks_inited = 0;
        (*g).gi_closed = 0;
        (*g).gi_running_async = 0;
        (*g).gi_frame_state = FRAME_CREATED;
        let gf = ptr::addr_of_mut!((*g).gi_iframe);
        ptr::write(
            gf,
            InterpFrame {
                f_code: new_ref((*f).f_code),
                previous: ptr::null_mut(),
                f_funcobj: new_ref((*f).f_funcobj),
                f_globals: (*f).f_globals,
                f_builtins: (*f).f_builtins,
                f_locals: if (*f).f_locals.is_null() {
                    ptr::null_mut()
                } else {
                    new_ref((*f).f_locals)
                },
                frame_obj: ptr::null_mut(),
                prev_instr: (*f).prev_instr,
                stacktop: (*f).stacktop,
                return_offset: 0,
                owner: OWNED_BY_GENERATOR,
                _pad: 0,
            },
        );
        let src = InterpFrame::localsplus(f);
        let dst = InterpFrame::localsplus(gf);
        for i in 0..(*f).stacktop as usize {
            let v = *src.add(i);
            *dst.add(i) = if v.is_null() { v } else { new_ref(v) };
        }
        // A frame object made before (rare) follows the frame.
        if !(*f).frame_obj.is_null() {
            let fo = std::mem::replace(&mut (*f).frame_obj, ptr::null_mut());
            (*(fo as *mut frameobject::PyFrameObject)).f_frame = gf as *mut c_void;
            (*gf).frame_obj = fo;
        }
        gc::track(op);
        Ok(Owned::from_raw(op))
    }
}

/// What one resumption of a generator gave.
pub enum Sent {
    /// It yielded this value.
    Yielded(Owned),
    /// It returned this value.
    Returned(Owned),
}

/// `gen_send_ex2`: resumes the generator with `arg` (NULL for None), or
/// with the pending exception raised at its `yield` when `throw` is set.
///
/// # Safety
/// `gen` a live generator; with `throw`, an exception is set.
pub unsafe fn send_ex(gen: *mut PyObject, arg: *mut PyObject, throw: bool) -> PyResult<Sent> {
    // SAFETY: forwarded; the generator is kept alive while it runs.
    unsafe {
        let g = gen as *mut PyGenObject;
        let state = (*g).gi_frame_state;
        let arg = if arg.is_null() {
            lifecycle::none()
        } else {
            arg
        };
        let coro = coro_check(gen);
        if state == FRAME_CREATED && !throw && arg != lifecycle::none() {
            return Err(err::type_error(if coro {
                "can't send non-None value to a just-started coroutine"
            } else if crate::code::asyncgen::check(gen) {
                "can't send non-None value to a just-started async generator"
            } else {
                "can't send non-None value to a just-started generator"
            }));
        }
        if state == FRAME_EXECUTING {
            return Err(err::value_error(if coro {
                "coroutine already executing"
            } else if crate::code::asyncgen::check(gen) {
                "async generator already executing"
            } else {
                "generator already executing"
            }));
        }
        if state >= FRAME_COMPLETED {
            if coro && !throw {
                return Err(err::raise(
                    Exc::RuntimeError,
                    "cannot reuse already awaited coroutine",
                ));
            }
            if throw {
                return Err(err::Raised::assume());
            }
            return Ok(Sent::Returned(Owned::from_borrowed(lifecycle::none())));
        }
        let ts = thread::attached_or_fatal("generator send");
        let keep = Owned::from_borrowed(gen);
        let f = ptr::addr_of_mut!((*g).gi_iframe);
        let lp = InterpFrame::localsplus(f);
        *lp.add((*f).stacktop as usize) = new_ref(arg);
        (*f).stacktop += 1;
        // The generator's handled exception goes on top while it runs.
        push_exc_state(ts, g);
        (*g).gi_frame_state = FRAME_EXECUTING;
        let r = ceval::resume(ts, f, throw);
        pop_exc_state(ts, g);
        drop(keep);
        if r.is_null() {
            (*g).gi_frame_state = FRAME_COMPLETED;
            return Err(err::Raised::assume());
        }
        let r = Owned::from_raw(r);
        if (*g).gi_frame_state == FRAME_SUSPENDED {
            Ok(Sent::Yielded(r))
        } else {
            (*g).gi_frame_state = FRAME_COMPLETED;
            Ok(Sent::Returned(r))
        }
    }
}

/// Resumes `gen` (a generator or coroutine) inside the caller's
/// evaluation loop, as CPython 3.12's `FOR_ITER_GEN` and `SEND_GEN` do:
/// when it is suspended (or just created and `arg` is None) and the
/// recursion limit allows, `arg` (owned) goes on its stack, its handled
/// exception on top of the thread's, its frame under `caller`, and the
/// frame is returned for the loop to run. Otherwise NULL, with `arg`
/// still the caller's, for the general path (`send_ex`) to decide.
///
/// # Safety
/// `ts` the attached thread; `gen` a live generator or coroutine kept
/// alive by the caller's stack; `caller` the running frame.
pub unsafe fn enter_inline(
    ts: *mut thread::ThreadState,
    gen: *mut PyObject,
    arg: *mut PyObject,
    caller: *mut InterpFrame,
) -> *mut InterpFrame {
    // SAFETY: forwarded; the state checks come first.
    unsafe {
        let g = gen as *mut PyGenObject;
        let state = (*g).gi_frame_state;
        let startable =
            state == FRAME_SUSPENDED || (state == FRAME_CREATED && arg == lifecycle::none());
        if !startable || (*ts).py_recursion_remaining <= 0 {
            return ptr::null_mut();
        }
        let f = ptr::addr_of_mut!((*g).gi_iframe);
        let lp = InterpFrame::localsplus(f);
        *lp.add((*f).stacktop as usize) = arg;
        (*f).stacktop += 1;
        push_exc_state(ts, g);
        (*g).gi_frame_state = FRAME_EXECUTING;
        (*ts).py_recursion_remaining -= 1;
        (*f).previous = caller;
        f
    }
}

/// Leaves the frame `f` of a generator resumed by [`enter_inline`] (it
/// yielded, returned or raised): its handled exception goes back to it.
///
/// # Safety
/// `ts` the attached thread; `f` a generator's frame entered inline.
pub unsafe fn leave_inline(ts: *mut thread::ThreadState, f: *mut InterpFrame) {
    // SAFETY: forwarded.
    unsafe { pop_exc_state(ts, of_frame(f)) }
}

/// Puts the handled exception of `g` on top of the thread's while it runs
/// (CPython links the generator's `gi_exc_state` in), reusing an entry
/// a generator left before.
///
/// # Safety
/// `ts` the attached thread; `g` a live generator about to run.
#[inline]
unsafe fn push_exc_state(ts: *mut thread::ThreadState, g: *mut PyGenObject) {
    // SAFETY: forwarded; the generator's reference moves to the stack.
    unsafe {
        let saved = std::mem::replace(&mut (*g).gi_exc_value, ptr::null_mut());
        let spare = (*ts).spare_exc_items.pop();
        (*ts)
            .exc
            .push_handled_reusing((!saved.is_null()).then(|| Owned::from_raw(saved)), spare);
    }
}

/// Gives the generator `g` back its handled exception when it stops
/// running (yield, return or exception), keeping the entry for reuse.
///
/// # Safety
/// `ts` the attached thread; `g` the generator [`push_exc_state`] ran for.
#[inline]
unsafe fn pop_exc_state(ts: *mut thread::ThreadState, g: *mut PyGenObject) {
    // SAFETY: forwarded.
    unsafe {
        let (back, item) = (*ts).exc.pop_handled_keep();
        if let Some(item) = item {
            if (*ts).spare_exc_items.len() < 16 {
                (*ts).spare_exc_items.push(item);
            }
        }
        let old = std::mem::replace(
            &mut (*g).gi_exc_value,
            back.map_or(ptr::null_mut(), |e| e.into_raw()),
        );
        xdecref(old);
    }
}

/// Raises `StopIteration(value)` (a bare `StopIteration` for None).
pub(crate) unsafe fn stop_iteration(value: Owned) -> err::Raised {
    // SAFETY: live value.
    unsafe {
        let t = exceptions::get(Exc::StopIteration);
        if value.as_ptr() == lifecycle::none() {
            return err::set_object(t, ptr::null_mut());
        }
        match call::call_args(t, &[value.as_ptr()]) {
            Ok(e) => err::set_object(t, e.as_ptr()),
            Err(r) => r,
        }
    }
}

unsafe extern "C" fn gen_iternext(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a generator.
    unsafe {
        match send_ex(op, ptr::null_mut(), false) {
            Ok(Sent::Yielded(v)) => v.into_raw(),
            Ok(Sent::Returned(v)) => {
                if v.as_ptr() != lifecycle::none() {
                    let _ = stop_iteration(v);
                }
                ptr::null_mut()
            }
            Err(_) => ptr::null_mut(),
        }
    }
}

pub(crate) unsafe extern "C" fn gen_self_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live object.
    unsafe { new_ref(op) }
}

unsafe extern "C" fn gen_send(op: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O on a generator.
    unsafe {
        match send_ex(op, arg, false) {
            Ok(Sent::Yielded(v)) => v.into_raw(),
            Ok(Sent::Returned(v)) => stop_iteration(v).into(),
            Err(_) => ptr::null_mut(),
        }
    }
}

/// The object a suspended generator delegates to (`yield from`/`await`):
/// the top of its stack when it is stopped in a `SEND` loop
/// (`_PyGen_yf`).
pub(crate) unsafe fn yielding_from(g: *mut PyGenObject) -> *mut PyObject {
    // SAFETY: a live generator.
    unsafe {
        if (*g).gi_frame_state != FRAME_SUSPENDED {
            return ptr::null_mut();
        }
        let f = ptr::addr_of_mut!((*g).gi_iframe);
        // Stopped at YIELD_VALUE; the next instruction is RESUME with
        // oparg 2 or 3 inside `yield from`/`await`.
        let next = *(*f).prev_instr.add(1);
        if next & 0xff != ophis_compiler::opcode::RESUME || (next >> 8) < 2 {
            return ptr::null_mut();
        }
        let lp = InterpFrame::localsplus(f);
        *lp.add((*f).stacktop as usize - 1)
    }
}

/// `generator.throw(value)` / `throw(type, value, tb)` (3.12 accepts both,
/// the three-argument form deprecated).
///
/// With `close_on_exit` (not for an async generator's `aclose()`), a
/// `GeneratorExit` closes the delegate instead of being thrown into it.
pub(crate) unsafe fn throw_impl(
    op: *mut PyObject,
    typ: *mut PyObject,
    val: *mut PyObject,
    tb: *mut PyObject,
    close_on_exit: bool,
) -> PyResult<Sent> {
    // SAFETY: a live generator and live arguments (NULL when absent).
    unsafe {
        let g = op as *mut PyGenObject;
        let yf = yielding_from(g);
        if !yf.is_null() {
            let yf = Owned::from_borrowed(yf);
            let is_exit =
                close_on_exit && err::given_matches(typ, exceptions::get(Exc::GeneratorExit));
            if is_exit {
                // Close the delegate first, then raise in this frame.
                (*g).gi_frame_state = FRAME_EXECUTING;
                let r = close_delegate(yf.as_ptr());
                (*g).gi_frame_state = FRAME_SUSPENDED;
                if r.is_err() {
                    return send_ex(op, ptr::null_mut(), true);
                }
            } else {
                (*g).gi_frame_state = FRAME_EXECUTING;
                let r = if check(yf.as_ptr()) || coro_check(yf.as_ptr()) {
                    throw_impl(yf.as_ptr(), typ, val, tb, close_on_exit)
                } else {
                    match abstract_::lookup_attr(yf.as_ptr(), unicode::intern("throw")?.as_ptr()) {
                        Ok(Some(m)) => {
                            let args: Vec<*mut PyObject> = [typ, val, tb]
                                .into_iter()
                                .filter(|p| !p.is_null())
                                .collect();
                            call::call_args(m.as_ptr(), &args).map(Sent::Yielded)
                        }
                        Ok(None) => {
                            (*g).gi_frame_state = FRAME_SUSPENDED;
                            return raise_into(op, typ, val, tb);
                        }
                        Err(e) => Err(e),
                    }
                };
                (*g).gi_frame_state = FRAME_SUSPENDED;
                return match r {
                    Ok(Sent::Yielded(v)) => Ok(Sent::Yielded(v)),
                    Ok(Sent::Returned(v)) => {
                        // The delegate finished: its value goes to the SEND.
                        let _ = stop_iteration(v);
                        send_ex(op, ptr::null_mut(), true)
                    }
                    Err(_) => send_ex(op, ptr::null_mut(), true),
                };
            }
        }
        raise_into(op, typ, val, tb)
    }
}

/// Sets the exception described by `(typ, val, tb)` and resumes the
/// generator with it raised at its `yield`.
unsafe fn raise_into(
    op: *mut PyObject,
    typ: *mut PyObject,
    val: *mut PyObject,
    tb: *mut PyObject,
) -> PyResult<Sent> {
    // SAFETY: live arguments (NULL when absent).
    unsafe {
        let none = lifecycle::none();
        let val = if val == none { ptr::null_mut() } else { val };
        let tb = if tb == none { ptr::null_mut() } else { tb };
        if !tb.is_null() && !err::is_traceback(tb) {
            return Err(err::type_error(
                "throw() third argument must be a traceback object",
            ));
        }
        let exc = if err::is_exception_class(typ) {
            if !val.is_null() && err::is_exception_instance(val) {
                Owned::from_borrowed(val)
            } else {
                let args: Vec<*mut PyObject> = if val.is_null() { vec![] } else { vec![val] };
                call::call_args(typ, &args)?
            }
        } else if err::is_exception_instance(typ) {
            if !val.is_null() {
                return Err(err::type_error(
                    "instance exception may not have a separate value",
                ));
            }
            Owned::from_borrowed(typ)
        } else {
            return Err(err::type_error(&format!(
                "exceptions must be classes or instances deriving from BaseException, not {}",
                typeobj::type_name_of(typ)
            )));
        };
        if !tb.is_null() {
            let e = exc.as_ptr() as *mut exceptions::PyBaseExceptionObject;
            let old = std::mem::replace(&mut (*e).traceback, new_ref(tb));
            xdecref(old);
        }
        err::restore(exc.into_raw());
        send_ex(op, ptr::null_mut(), true)
    }
}

/// Closes the object a generator delegates to: `close()` on a generator,
/// else its `close` method if it has one.
unsafe fn close_delegate(yf: *mut PyObject) -> PyResult<()> {
    // SAFETY: live.
    unsafe {
        if check(yf) || coro_check(yf) {
            return close(yf);
        }
        if let Some(m) = abstract_::lookup_attr(yf, unicode::intern("close")?.as_ptr())? {
            call::call_args(m.as_ptr(), &[])?;
        }
        Ok(())
    }
}

/// `generator.close()`: raises `GeneratorExit` at the `yield`; a
/// generator that yields again gets `RuntimeError`.
///
/// # Safety
/// `op` a live generator.
pub unsafe fn close(op: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let g = op as *mut PyGenObject;
        if (*g).gi_frame_state == FRAME_CREATED {
            (*g).gi_frame_state = FRAME_COMPLETED;
            let f = ptr::addr_of_mut!((*g).gi_iframe);
            frame::clear_except_code(f);
            return Ok(());
        }
        if (*g).gi_frame_state >= FRAME_COMPLETED {
            return Ok(());
        }
        let exit = exceptions::get(Exc::GeneratorExit);
        match throw_impl(op, exit, ptr::null_mut(), ptr::null_mut(), true) {
            Ok(Sent::Yielded(_)) => Err(err::raise(
                Exc::RuntimeError,
                if coro_check(op) {
                    "coroutine ignored GeneratorExit"
                } else if crate::code::asyncgen::check(op) {
                    "async generator ignored GeneratorExit"
                } else {
                    "generator ignored GeneratorExit"
                },
            )),
            Ok(Sent::Returned(_)) => Ok(()),
            Err(e) => {
                let cur = err::occurred();
                if err::given_matches(cur, exit)
                    || err::given_matches(cur, exceptions::get(Exc::StopIteration))
                {
                    err::clear();
                    Ok(())
                } else {
                    Err(e)
                }
            }
        }
    }
}

unsafe extern "C" fn gen_throw(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: isize,
) -> *mut PyObject {
    // SAFETY: METH_FASTCALL on a generator.
    unsafe {
        if !(1..=3).contains(&nargs) {
            return err::type_error(&format!("throw expected at least 1 argument, got {nargs}"))
                .into();
        }
        let a = call::slice(args, nargs as usize);
        let get = |i: usize| a.get(i).copied().unwrap_or(ptr::null_mut());
        match throw_impl(op, get(0), get(1), get(2), true) {
            Ok(Sent::Yielded(v)) => v.into_raw(),
            Ok(Sent::Returned(v)) => stop_iteration(v).into(),
            Err(_) => ptr::null_mut(),
        }
    }
}

unsafe extern "C" fn gen_close(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_NOARGS on a generator.
    unsafe {
        match close(op) {
            Ok(()) => new_ref(lifecycle::none()),
            Err(_) => ptr::null_mut(),
        }
    }
}

/// The frame references of a generator, for traversal.
unsafe fn frame_refs(g: *mut PyGenObject) -> Vec<*mut PyObject> {
    // SAFETY: a live generator.
    unsafe {
        let f = ptr::addr_of_mut!((*g).gi_iframe);
        let mut v = vec![
            (*f).f_code,
            (*f).f_funcobj,
            (*f).f_locals,
            (*f).frame_obj,
            (*g).gi_exc_value,
        ];
        let lp = InterpFrame::localsplus(f);
        for i in 0..(*f).stacktop.max(0) as usize {
            v.push(*lp.add(i));
        }
        v
    }
}

pub(crate) unsafe extern "C" fn gen_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a generator.
    unsafe {
        let g = op as *mut PyGenObject;
        let mut refs = frame_refs(g);
        refs.push((*g).gi_name);
        refs.push((*g).gi_qualname);
        gc::visit_all(refs.into_iter().filter(|p| !p.is_null()), visit, arg)
    }
}

/// `tp_finalize` (PEP 442): closes a suspended generator or coroutine, so
/// its `finally` blocks run, also when the collector finds it in a cycle.
pub(crate) unsafe extern "C" fn gen_finalize(op: *mut PyObject) {
    // SAFETY: slot on a live generator.
    unsafe {
        if (*(op as *mut PyGenObject)).gi_frame_state != FRAME_SUSPENDED {
            return;
        }
        let saved = err::take();
        if close(op).is_err() {
            err::write_unraisable(op);
        }
        err::restore(saved);
    }
}

pub(crate) unsafe extern "C" fn gen_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; a suspended generator is closed on a
    // temporarily revived object first (PEP 342 finalization), unless its
    // finalizer ran already.
    unsafe {
        let g = op as *mut PyGenObject;
        gc::untrack(op);
        if (*g).gi_frame_state == FRAME_SUSPENDED && !gc::is_finalized(op) {
            (*op).ob_refcnt = 1;
            gc::call_finalizer(op);
            (*op).ob_refcnt -= 1;
            if (*op).ob_refcnt != 0 {
                gc::track(op);
                return;
            }
        }
        if !(*g).gi_weakreflist.is_null() {
            crate::objects::weakref::clear_weakrefs(op);
        }
        let f = ptr::addr_of_mut!((*g).gi_iframe);
        if (*g).gi_frame_state < FRAME_CLEARED {
            frame::clear_frame(f);
        } else {
            clear_slot(&mut (*f).f_code);
        }
        clear_slot(&mut (*g).gi_name);
        clear_slot(&mut (*g).gi_qualname);
        clear_slot(&mut (*g).gi_exc_value);
        alloc::free_object(op);
    }
}

pub(crate) unsafe extern "C" fn gen_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a generator.
    unsafe {
        let g = op as *mut PyGenObject;
        let kind = if coro_check(op) {
            "coroutine"
        } else if crate::code::asyncgen::check(op) {
            "async_generator"
        } else {
            "generator"
        };
        err::into_ptr(unicode::from_str(&format!(
            "<{kind} object {} at {op:p}>",
            unicode::as_str((*g).gi_qualname)
        )))
    }
}

macro_rules! gen_getter {
    ($fname:ident, |$g:ident| $body:expr) => {
        pub(crate) unsafe extern "C" fn $fname(
            op: *mut PyObject,
            _c: *mut c_void,
        ) -> *mut PyObject {
            // SAFETY: getset on a generator.
            unsafe {
                let $g = op as *mut PyGenObject;
                $body
            }
        }
    };
}

gen_getter!(g_name, |g| new_ref((*g).gi_name));
gen_getter!(g_qualname, |g| new_ref((*g).gi_qualname));
gen_getter!(g_code, |g| new_ref((*g).gi_iframe.f_code));
gen_getter!(g_running, |g| new_ref(
    if (*g).gi_frame_state == FRAME_EXECUTING {
        lifecycle::true_()
    } else {
        lifecycle::false_()
    }
));
gen_getter!(g_suspended, |g| new_ref(
    if (*g).gi_frame_state == FRAME_SUSPENDED {
        lifecycle::true_()
    } else {
        lifecycle::false_()
    }
));
gen_getter!(g_yieldfrom, |g| {
    let y = yielding_from(g);
    new_ref(if y.is_null() { lifecycle::none() } else { y })
});
gen_getter!(g_frame, |g| {
    if (*g).gi_frame_state >= FRAME_COMPLETED {
        new_ref(lifecycle::none())
    } else {
        match frameobject::for_interp(ptr::addr_of_mut!((*g).gi_iframe)) {
            Ok(f) => new_ref(f),
            Err(_) => ptr::null_mut(),
        }
    }
});

/// Replaces `__name__` (`qual` false) or `__qualname__`; only a str.
unsafe fn set_name_str(op: *mut PyObject, v: *mut PyObject, qual: bool) -> c_int {
    // SAFETY: a generator; `v` NULL (delete) or live.
    unsafe {
        let g = op as *mut PyGenObject;
        let which = if qual { "__qualname__" } else { "__name__" };
        if v.is_null() || !unicode::check(v) {
            let _ = err::type_error(&format!("{which} must be set to a string object"));
            return -1;
        }
        let slot = if qual {
            &mut (*g).gi_qualname
        } else {
            &mut (*g).gi_name
        };
        let old = std::mem::replace(slot, new_ref(v));
        decref(old);
        0
    }
}

pub(crate) unsafe extern "C" fn set_name(
    op: *mut PyObject,
    v: *mut PyObject,
    _c: *mut c_void,
) -> c_int {
    // SAFETY: getset on a generator.
    unsafe { set_name_str(op, v, false) }
}

pub(crate) unsafe extern "C" fn set_qualname(
    op: *mut PyObject,
    v: *mut PyObject,
    _c: *mut c_void,
) -> c_int {
    // SAFETY: getset on a generator.
    unsafe { set_name_str(op, v, true) }
}

static mut GEN_GETSET: [typeobj::PyGetSetDef; 8] = [
    typeobj::PyGetSetDef {
        name: c"__name__".as_ptr(),
        get: Some(g_name),
        set: Some(set_name),
        doc: ptr::null(),
        closure: ptr::null_mut(),
    },
    typeobj::PyGetSetDef {
        name: c"__qualname__".as_ptr(),
        get: Some(g_qualname),
        set: Some(set_qualname),
        doc: ptr::null(),
        closure: ptr::null_mut(),
    },
    typeobj::getset(c"gi_code", Some(g_code)),
    typeobj::getset(c"gi_running", Some(g_running)),
    typeobj::getset(c"gi_suspended", Some(g_suspended)),
    typeobj::getset(c"gi_yieldfrom", Some(g_yieldfrom)),
    typeobj::getset(c"gi_frame", Some(g_frame)),
    typeobj::GETSET_END,
];

static mut CORO_GETSET: [typeobj::PyGetSetDef; 8] = [
    typeobj::PyGetSetDef {
        name: c"__name__".as_ptr(),
        get: Some(g_name),
        set: Some(set_name),
        doc: ptr::null(),
        closure: ptr::null_mut(),
    },
    typeobj::PyGetSetDef {
        name: c"__qualname__".as_ptr(),
        get: Some(g_qualname),
        set: Some(set_qualname),
        doc: ptr::null(),
        closure: ptr::null_mut(),
    },
    typeobj::getset(c"cr_code", Some(g_code)),
    typeobj::getset(c"cr_running", Some(g_running)),
    typeobj::getset(c"cr_suspended", Some(g_suspended)),
    typeobj::getset(c"cr_await", Some(g_yieldfrom)),
    typeobj::getset(c"cr_frame", Some(g_frame)),
    typeobj::GETSET_END,
];

type Fastcall = unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, isize) -> *mut PyObject;
type Plain = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

static mut GEN_METHODS: [typeobj::PyMethodDef; 4] = [
    typeobj::PyMethodDef {
        ml_name: c"send".as_ptr(),
        ml_meth: Some(gen_send),
        ml_flags: crate::objects::methodobject::meth::O,
        ml_doc: ptr::null(),
    },
    typeobj::PyMethodDef {
        ml_name: c"throw".as_ptr(),
        // SAFETY: stored under the signature its flags declare.
        ml_meth: Some(unsafe { std::mem::transmute::<Fastcall, Plain>(gen_throw) }),
        ml_flags: crate::objects::methodobject::meth::FASTCALL,
        ml_doc: ptr::null(),
    },
    typeobj::PyMethodDef {
        ml_name: c"close".as_ptr(),
        ml_meth: Some(gen_close),
        ml_flags: crate::objects::methodobject::meth::NOARGS,
        ml_doc: ptr::null(),
    },
    typeobj::METHOD_END,
];

/// `CALL_INTRINSIC_1 INTRINSIC_STOPITERATION_ERROR`: a `StopIteration`
/// escaping a generator becomes `RuntimeError` (with it as cause and
/// context); anything else passes through.
///
/// # Safety
/// `exc` a live exception; `code` the generator's code.
pub unsafe fn stopiteration_error(code: *mut PyObject, exc: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        const CO_COROUTINE: c_int = 0x0080;
        const CO_ASYNC_GENERATOR: c_int = 0x0200;
        let fl = (*(code as *mut PyCodeObject)).co_flags;
        let msg = if err::given_matches(exc, exceptions::get(Exc::StopIteration)) {
            Some(if fl & CO_ASYNC_GENERATOR != 0 {
                "async generator raised StopIteration"
            } else if fl & CO_COROUTINE != 0 {
                "coroutine raised StopIteration"
            } else {
                "generator raised StopIteration"
            })
        } else if fl & CO_ASYNC_GENERATOR != 0
            && err::given_matches(exc, exceptions::get(Exc::StopAsyncIteration))
        {
            Some("async generator raised StopAsyncIteration")
        } else {
            None
        };
        let Some(msg) = msg else {
            return Ok(Owned::from_borrowed(exc));
        };
        let m = unicode::from_str(msg)?;
        let e = call::call_args(exceptions::get(Exc::RuntimeError), &[m.as_ptr()])?;
        let b = e.as_ptr() as *mut exceptions::PyBaseExceptionObject;
        xdecref(std::mem::replace(&mut (*b).cause, new_ref(exc)));
        xdecref(std::mem::replace(&mut (*b).context, new_ref(exc)));
        (*b).suppress_context = 1;
        Ok(e)
    }
}
