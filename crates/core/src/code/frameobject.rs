//! Frame objects (`PyFrame_Type`): the Python-visible view of an
//! interpreter frame ([`crate::code::frame`]), made lazily when something
//! asks for it (a traceback, `PyEval_GetFrame`, `sys._getframe`), and
//! `PyFrame_New`'s detached frames; the `PyFrame_Get*` accessors.
//!
//! While its interpreter frame runs, a frame object reads it through
//! `f_frame`, and borrows its code, globals, builtins and function. When
//! the interpreter frame returns while the object is still referenced, the
//! object takes over the fast variables, the last instruction and those
//! four references ([`detach`]), so `f_locals`, `f_lineno` and
//! `PyFrame_GetVar` keep answering (CPython's `take_ownership`); when
//! nothing else references it, it dies with its frame without any copy.
//! As in CPython 3.12, the cyclic GC tracks a frame object only from then
//! on (`gc.is_tracked(sys._getframe())` is false): while its frame runs,
//! the frame holds it, so it cannot be garbage.
//!
//! A detached frame behaves as one that has just started (CPython 3.12,
//! tracing_frames.md §6.5): its last instruction is the code's first
//! `RESUME`, its line comes from the location table, it has no caller, and
//! every fast variable is unbound, so `PyFrame_GetVar` raises `NameError`
//! and `PyFrame_GetLocals` deletes the names of fast variables from the
//! locals dict. As in CPython, making one builds (and keeps) a function
//! object for the code, which function watchers see.
//!
//! Dead frame objects are kept on a short free list (32 of them) and
//! reused by the next frame made: a profile or trace hook makes one for
//! every call, and most die when their call returns.
//!
//! The head (`f_back` ... `f_fast_as_locals`) is CPython's `struct _frame`,
//! which profilers compiled against CPython's internal headers read; the
//! rest is Ophis's own.

use crate::code::codeobject::{self, PyCodeObject};
use crate::code::frame::InterpFrame;
use crate::objects::exceptions::Exc;
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags};
use crate::objects::{bytes, cell};
use crate::runtime::alloc;
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::{
    code::funcobject, objects::dict, objects::long, objects::module, objects::tuple,
    objects::unicode, runtime::gc, system::builtins,
};
use std::ffi::{c_int, c_void};
use std::ptr;

/// A frame object. Its head is CPython 3.12's `struct _frame` (`f_back`,
/// `f_frame`, `f_trace`, `f_lineno`, `f_trace_lines`, `f_trace_opcodes`,
/// `f_fast_as_locals` at CPython's offsets), which compiled code reads and
/// writes directly (Cython sets `f_lineno` on the frames of its
/// tracebacks); the rest is Ophis's own.
#[repr(C)]
pub struct PyFrameObject {
    /// Header.
    pub ob_base: PyObject,
    /// The calling frame (NULL for a detached frame).
    pub f_back: *mut PyObject,
    /// CPython's interpreter frame (NULL: Ophis keeps the frame's state in
    /// the fields below).
    pub f_frame: *mut std::ffi::c_void,
    /// The trace function (`f_trace`), or NULL.
    pub f_trace: *mut PyObject,
    /// The line number when set (by tracing, or by C code as Cython does);
    /// 0 means "compute it from `f_lasti`".
    pub f_lineno: c_int,
    /// `f_trace_lines`.
    pub f_trace_lines: std::ffi::c_char,
    /// `f_trace_opcodes`.
    pub f_trace_opcodes: std::ffi::c_char,
    /// `f_fast_as_locals`.
    pub f_fast_as_locals: std::ffi::c_char,
    /// The code object. This, `f_globals`, `f_builtins` and `f_func` are
    /// borrowed from the interpreter frame while it runs (`f_frame` set:
    /// it holds them, and it holds this object), and owned once the
    /// object outlives it ([`detach`]) or for a frame made detached.
    pub f_code: *mut PyObject,
    /// The globals dict.
    pub f_globals: *mut PyObject,
    /// The builtins dict.
    pub f_builtins: *mut PyObject,
    /// The locals mapping, or NULL until asked for.
    pub f_locals: *mut PyObject,
    /// The function object made for the frame (CPython's `f_funcobj`).
    pub f_func: *mut PyObject,
    /// Byte offset of the last instruction run (kept current while the
    /// frame runs only through [`lasti`]).
    pub f_lasti: c_int,
    /// The fast variables (locals, cells, free variables) of a frame that
    /// ran and returned while this object was alive: `f_nfast` strong
    /// references or NULLs, owned by the frame object; NULL otherwise.
    pub f_fast: *mut *mut PyObject,
    /// The length of `f_fast`.
    pub f_nfast: isize,
}

const _: () = {
    assert!(std::mem::offset_of!(PyFrameObject, f_back) == 16);
    assert!(std::mem::offset_of!(PyFrameObject, f_frame) == 24);
    assert!(std::mem::offset_of!(PyFrameObject, f_trace) == 32);
    assert!(std::mem::offset_of!(PyFrameObject, f_lineno) == 40);
    assert!(std::mem::offset_of!(PyFrameObject, f_trace_lines) == 44);
    assert!(std::mem::offset_of!(PyFrameObject, f_trace_opcodes) == 45);
    assert!(std::mem::offset_of!(PyFrameObject, f_fast_as_locals) == 46);
};

/// Fills in `PyFrame_Type`. Start-up only.
pub(crate) unsafe fn init_type() {
    // SAFETY: start-up, exclusive access to the static type.
    unsafe {
        let t = lifecycle::frame_type();
        (*t).ob_base.ob_base = static_header(lifecycle::type_type());
        (*t).tp_name = c"frame".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<PyFrameObject>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::HAVE_GC;
        (*t).tp_dealloc = Some(frame_dealloc);
        (*t).tp_traverse = Some(frame_traverse);
        (*t).tp_clear = Some(frame_clear);
        (*t).tp_repr = Some(frame_repr);
        (*t).tp_getset = ptr::addr_of_mut!(FRAME_GETSET) as *mut typeobj::PyGetSetDef;
        (*t).tp_methods = ptr::addr_of_mut!(FRAME_METHODS) as *mut typeobj::PyMethodDef;
    }
}

/// `frame.clear()`: drops the trace function and the local variables of a
/// frame that has returned (CPython's `frame_clear`); `RuntimeError` for a
/// frame still running. A suspended generator's frame is refused too
/// (CPython closes the generator first; Ophis does not yet).
unsafe extern "C" fn frame_clear_method(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_NOARGS on a frame object; a running frame's interpreter
    // frame is live.
    unsafe {
        let f = op as *mut PyFrameObject;
        let interp = (*f).f_frame as *mut InterpFrame;
        if !interp.is_null() {
            let msg = if (*interp).owner == crate::code::frame::OWNED_BY_GENERATOR {
                "Ophis cannot clear a suspended generator's frame yet"
            } else {
                "cannot clear an executing frame"
            };
            return err::into_ptr(Err(err::raise(
                crate::objects::exceptions::Exc::RuntimeError,
                msg,
            )));
        }
        clear_slot(ptr::addr_of_mut!((*f).f_trace));
        clear_fast(f);
        new_ref(lifecycle::none())
    }
}

static mut FRAME_METHODS: [typeobj::PyMethodDef; 2] = [
    typeobj::PyMethodDef {
        ml_name: c"clear".as_ptr(),
        ml_meth: Some(frame_clear_method),
        ml_flags: crate::objects::methodobject::meth::NOARGS,
        ml_doc: ptr::null(),
    },
    typeobj::METHOD_END,
];

/// Readies `PyFrame_Type`. Start-up only.
pub(crate) unsafe fn ready_type() {
    // SAFETY: start-up.
    unsafe {
        if typeobj::ready_static(lifecycle::frame_type()).is_err() {
            lifecycle::fatal("Py_Initialize", "cannot ready the frame type");
        }
    }
}

/// `PyFrame_Check`.
///
/// # Safety
/// `op` live.
#[inline]
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { (*op).ob_type == lifecycle::frame_type() }
}

/// The builtins a frame or function over `globals` uses:
/// `globals['__builtins__']` (a module's dict for a module), else the
/// interpreter's.
///
/// # Safety
/// `globals` a live dict.
pub unsafe fn builtins_from_globals(globals: *mut PyObject) -> PyResult<*mut PyObject> {
    // SAFETY: forwarded.
    unsafe {
        let key = unicode::intern("__builtins__")?;
        Ok(match dict::get(globals, key.as_ptr())? {
            Some(b) if module::check(b) => module::dict_of(b),
            Some(b) => b,
            None => builtins::dict(),
        })
    }
}

/// Dead frame objects kept for reuse: a hook makes a frame object for
/// every call it sees, and most die as their call returns. They are kept
/// untracked, their fields released; at most 32 (a chain of hooked calls
/// this deep reuses them).
#[cfg(not(feature = "malloc-objects"))]
static FREE_FRAMES: alloc::FreeList<32> = alloc::FreeList::new();

/// A new frame object, not tracked by the GC, its fields to be written by
/// the caller: from the free list, else allocated.
#[inline]
unsafe fn alloc_frame() -> PyResult<*mut PyObject> {
    // SAFETY: GIL held; a new object of the frame type.
    unsafe {
        #[cfg(not(feature = "malloc-objects"))]
        if let Some(op) = FREE_FRAMES.take() {
            (*op).ob_refcnt = 1;
            return Ok(op);
        }
        alloc::new_object(
            lifecycle::frame_type(),
            std::mem::size_of::<PyFrameObject>(),
        )
    }
}

/// Frees a frame object, untracked, whose fields are released (to the
/// free list when there is room).
#[inline]
unsafe fn free_frame(op: *mut PyObject) {
    // SAFETY: dead and exclusively ours (GIL held).
    unsafe {
        #[cfg(not(feature = "malloc-objects"))]
        if FREE_FRAMES.put(op) {
            return;
        }
        alloc::free_object(op);
    }
}

/// `PyFrame_New(tstate, code, globals, locals)`: a detached frame that
/// has just started. `locals` (NULL allowed) becomes its locals mapping.
///
/// # Safety
/// Each pointer NULL or live.
pub unsafe fn new(
    code: *mut PyObject,
    globals: *mut PyObject,
    locals: *mut PyObject,
) -> PyResult<Owned> {
    // SAFETY: the arguments are type-checked first.
    unsafe {
        if code.is_null() || !codeobject::check(code) || globals.is_null() || !dict::check(globals)
        {
            return Err(err::bad_argument());
        }
        let builtins = builtins_from_globals(globals)?;
        // CPython builds a function for the frame, named after the code
        // (its qualname too), and keeps it as long as the frame.
        let func = funcobject::new(code, globals, (*(code as *mut PyCodeObject)).co_name)?;
        let op = alloc::new_object(
            lifecycle::frame_type(),
            std::mem::size_of::<PyFrameObject>(),
        )?;
        let f = op as *mut PyFrameObject;
        (*f).f_back = ptr::null_mut();
        (*f).f_frame = ptr::null_mut();
        (*f).f_trace = ptr::null_mut();
        (*f).f_lineno = 0;
        (*f).f_trace_lines = 1;
        (*f).f_trace_opcodes = 0;
        (*f).f_fast_as_locals = 0;
        (*f).f_code = new_ref(code);
        (*f).f_globals = new_ref(globals);
        (*f).f_builtins = new_ref(builtins);
        (*f).f_locals = if locals.is_null() {
            locals
        } else {
            new_ref(locals)
        };
        (*f).f_func = func.into_raw();
        (*f).f_lasti = codeobject::first_traceable(code) * 2;
        (*f).f_fast = ptr::null_mut();
        (*f).f_nfast = 0;
        gc::track(op);
        Ok(Owned::from_raw(op))
    }
}

/// The frame object of a running interpreter frame, made on first use
/// (borrowed: the interpreter frame holds it); not tracked by the GC
/// until it outlives the frame ([`detach`]).
///
/// # Safety
/// `f` a live interpreter frame that is not owned by a frame object.
#[inline]
pub unsafe fn for_interp(f: *mut InterpFrame) -> PyResult<*mut PyObject> {
    // SAFETY: forwarded; the new object points back at the live frame.
    unsafe {
        if !(*f).frame_obj.is_null() {
            return Ok((*f).frame_obj);
        }
        let op = alloc_frame()?;
        let fo = op as *mut PyFrameObject;
        (*fo).f_back = ptr::null_mut();
        (*fo).f_frame = f as *mut c_void;
        (*fo).f_trace = ptr::null_mut();
        (*fo).f_lineno = 0;
        (*fo).f_trace_lines = 1;
        (*fo).f_trace_opcodes = 0;
        (*fo).f_fast_as_locals = 0;
        // borrowed while `f` runs (see `PyFrameObject::f_code`)
        (*fo).f_code = (*f).f_code;
        (*fo).f_globals = (*f).f_globals;
        (*fo).f_builtins = (*f).f_builtins;
        (*fo).f_locals = ptr::null_mut();
        (*fo).f_func = (*f).f_funcobj;
        (*fo).f_lasti = InterpFrame::lasti(f) * 2;
        (*fo).f_fast = ptr::null_mut();
        (*fo).f_nfast = 0;
        (*f).frame_obj = op;
        Ok(op)
    }
}

/// The running interpreter frame of a frame object, or NULL once it
/// returned (or for a detached frame).
///
/// # Safety
/// `f` a live frame object.
#[inline]
pub unsafe fn live(f: *mut PyObject) -> *mut InterpFrame {
    // SAFETY: forwarded.
    unsafe { (*(f as *mut PyFrameObject)).f_frame as *mut InterpFrame }
}

/// Called as the interpreter frame `f` is popped while it has a frame
/// object: a frame object referenced elsewhere takes over the fast
/// variables, the last instruction, its caller's frame object and the
/// references it borrowed; then the interpreter frame's reference to it is
/// dropped (the last one: it is freed, having borrowed nothing).
///
/// # Safety
/// `f` the live interpreter frame with a frame object; its slots are
/// owned.
#[inline]
pub unsafe fn detach(f: *mut InterpFrame) {
    // SAFETY: forwarded.
    unsafe {
        let op = (*f).frame_obj;
        (*f).frame_obj = ptr::null_mut();
        if (*op).ob_refcnt > 1 {
            take_over(f, op);
            return;
        }
        // Dies now, never tracked, its fast variables never taken: what
        // it borrowed is not its to release.
        let fo = op as *mut PyFrameObject;
        (*op).ob_refcnt = 0;
        clear_slot(ptr::addr_of_mut!((*fo).f_back));
        clear_slot(ptr::addr_of_mut!((*fo).f_trace));
        clear_slot(ptr::addr_of_mut!((*fo).f_locals));
        free_frame(op);
    }
}

/// [`detach`] of a frame object referenced elsewhere: it takes over the
/// frame's state and the references it borrowed, and is tracked from now
/// on; the interpreter frame's reference is dropped.
#[cold]
#[inline(never)]
unsafe fn take_over(f: *mut InterpFrame, op: *mut PyObject) {
    // SAFETY: forwarded; slots are moved, not copied.
    unsafe {
        let fo = op as *mut PyFrameObject;
        (*fo).f_lasti = InterpFrame::lasti(f) * 2;
        (*fo).f_frame = ptr::null_mut();
        // the borrowed references become the object's own
        (*fo).f_code = new_ref((*fo).f_code);
        (*fo).f_globals = new_ref((*fo).f_globals);
        (*fo).f_builtins = new_ref((*fo).f_builtins);
        if !(*fo).f_func.is_null() {
            (*fo).f_func = new_ref((*fo).f_func);
        }
        let c = (*f).f_code as *mut PyCodeObject;
        let n = (*c).co_nlocalsplus as usize;
        let lp = InterpFrame::localsplus(f);
        let fast: Box<[*mut PyObject]> = (0..n)
            .map(|i| std::mem::replace(&mut *lp.add(i), ptr::null_mut()))
            .collect();
        (*fo).f_nfast = n as isize;
        (*fo).f_fast = Box::into_raw(fast) as *mut *mut PyObject;
        if (*fo).f_locals.is_null() && !(*f).f_locals.is_null() {
            (*fo).f_locals = new_ref((*f).f_locals);
        }
        if (*fo).f_back.is_null() {
            let mut prev = (*f).previous;
            while !prev.is_null() && !InterpFrame::is_complete(prev) {
                prev = (*prev).previous;
            }
            if !prev.is_null() {
                match for_interp(prev) {
                    Ok(b) => (*fo).f_back = new_ref(b),
                    Err(_) => err::clear(),
                }
            }
        }
        gc::track(op);
        decref(op);
    }
}

/// `PyFrame_GetBack`: the caller's frame object (borrowed), made on
/// demand for a running frame; NULL for the outermost frame.
///
/// # Safety
/// `f` a live frame object.
pub unsafe fn back(f: *mut PyObject) -> PyResult<*mut PyObject> {
    // SAFETY: forwarded.
    unsafe {
        let fo = f as *mut PyFrameObject;
        if !(*fo).f_back.is_null() {
            return Ok((*fo).f_back);
        }
        let i = live(f);
        if i.is_null() {
            return Ok(ptr::null_mut());
        }
        let mut prev = (*i).previous;
        while !prev.is_null() && !InterpFrame::is_complete(prev) {
            prev = (*prev).previous;
        }
        if prev.is_null() {
            Ok(ptr::null_mut())
        } else {
            for_interp(prev)
        }
    }
}

/// The byte offset of the last instruction started (`f_lasti`).
///
/// # Safety
/// `f` a live frame object.
pub unsafe fn lasti(f: *mut PyObject) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        let i = live(f);
        if i.is_null() {
            (*(f as *mut PyFrameObject)).f_lasti
        } else {
            InterpFrame::lasti(i) * 2
        }
    }
}

/// `PyFrame_GetLineNumber`: the line of the last instruction.
///
/// # Safety
/// `f` a live frame.
pub unsafe fn line_number(f: *mut PyObject) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        let fo = f as *mut PyFrameObject;
        if (*fo).f_lineno != 0 {
            return (*fo).f_lineno;
        }
        codeobject::addr2line((*fo).f_code, lasti(f))
    }
}

/// The fast-variable slots of a frame object: the running frame's, the
/// ones it kept when its frame returned, or none (a `PyFrame_New` frame,
/// whose variables are all unbound).
unsafe fn fast_slots<'a>(f: *mut PyObject) -> &'a [*mut PyObject] {
    // SAFETY: the slots live as long as the frame (object).
    unsafe {
        let i = live(f);
        let fo = f as *mut PyFrameObject;
        if !i.is_null() {
            let n = (*((*i).f_code as *mut PyCodeObject)).co_nlocalsplus as usize;
            std::slice::from_raw_parts(InterpFrame::localsplus(i), n)
        } else if !(*fo).f_fast.is_null() {
            std::slice::from_raw_parts((*fo).f_fast, (*fo).f_nfast as usize)
        } else {
            &[]
        }
    }
}

/// The value of fast slot `i` as Python sees it: a free variable, or a
/// cell variable whose cell was made, through its cell; NULL if unbound.
unsafe fn slot_value(code: *mut PyCodeObject, slots: &[*mut PyObject], i: usize) -> *mut PyObject {
    // SAFETY: `i` indexes the code's tables.
    unsafe {
        let v = slots.get(i).copied().unwrap_or(ptr::null_mut());
        if v.is_null() {
            return v;
        }
        let kind = *bytes::sval((*code).co_localspluskinds).add(i);
        if kind & (codeobject::FAST_FREE | codeobject::FAST_CELL) != 0 && cell::check(v) {
            return cell::get(v);
        }
        v
    }
}

/// `PyFrame_GetLocals` / `frame.f_locals`: the locals mapping (made on
/// first use) with every fast variable that has a value set and every
/// unbound one removed; a module or class body's own mapping as it is.
///
/// # Safety
/// `f` a live frame.
pub unsafe fn locals(f: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded; the mapping is held while names are set.
    unsafe {
        let fo = f as *mut PyFrameObject;
        let i = live(f);
        if !i.is_null() && !(*i).f_locals.is_null() {
            return Ok(Owned::from_borrowed((*i).f_locals));
        }
        if (*fo).f_locals.is_null() {
            (*fo).f_locals = dict::new()?.into_raw();
        }
        let locals = Owned::from_borrowed((*fo).f_locals);
        if !i.is_null() {
            // A snapshot of a running frame: a trace trampoline writes it
            // back (`PyFrame_LocalsToFast`).
            (*fo).f_fast_as_locals = 1;
        }
        let code = (*fo).f_code as *mut PyCodeObject;
        if (*code).co_flags & codeobject::co::OPTIMIZED == 0 && !(*fo).f_fast.is_null() {
            return Ok(locals);
        }
        let names = (*code).co_localsplusnames;
        let slots = fast_slots(f);
        for i in 0..tuple::size(names) {
            let v = slot_value(code, slots, i as usize);
            let name = tuple::item(names, i);
            if !v.is_null() {
                crate::protocols::abstract_::setitem(locals.as_ptr(), name, v)?;
            } else if let Err(e) =
                crate::protocols::abstract_::setitem(locals.as_ptr(), name, ptr::null_mut())
            {
                if !err::given_matches(
                    err::occurred(),
                    crate::objects::exceptions::get(Exc::KeyError),
                ) {
                    return Err(e);
                }
                err::clear();
            }
        }
        Ok(locals)
    }
}

/// `PyFrame_GetVar(frame, name)`: the value of a fast variable (through
/// its cell for cell and free variables); `NameError` when it is unbound or
/// not a variable of the frame, `TypeError` for a name that is not a str.
///
/// # Safety
/// `f` a live frame; `name` NULL or live.
pub unsafe fn get_var(f: *mut PyObject, name: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if name.is_null() || !unicode::check(name) {
            let tn = if name.is_null() {
                "NULL".to_string()
            } else {
                typeobj::full_name((*name).ob_type)
            };
            return Err(err::type_error(&format!("name must be str, not {tn}")));
        }
        let code = (*(f as *mut PyFrameObject)).f_code as *mut PyCodeObject;
        let names = (*code).co_localsplusnames;
        let slots = fast_slots(f);
        for i in 0..tuple::size(names) {
            let n = tuple::item(names, i);
            if n == name || unicode::eq(n, name) {
                let v = slot_value(code, slots, i as usize);
                if !v.is_null() {
                    return Ok(Owned::from_borrowed(v));
                }
                break;
            }
        }
        let r = crate::protocols::abstract_::repr_string(name)?;
        Err(err::raise(
            Exc::NameError,
            &format!("variable {r} does not exist"),
        ))
    }
}

/// [`get_var`] for a name given as UTF-8 bytes (`PyFrame_GetVarString`):
/// an ASCII name is looked up by comparing bytes, without making a str;
/// `None` when that finds no bound variable (or the name is not ASCII),
/// for the caller to go the [`get_var`] way, which makes the str and
/// raises what is due.
///
/// # Safety
/// `f` a live frame.
pub unsafe fn get_var_ascii(f: *mut PyObject, name: &[u8]) -> Option<Owned> {
    // SAFETY: the names are strs of the code's tuple; `i` indexes it.
    unsafe {
        let (&first, rest) = name.split_first()?;
        if !name.is_ascii() {
            return None;
        }
        let len = name.len() as isize;
        let code = (*(f as *mut PyFrameObject)).f_code as *mut PyCodeObject;
        let names = (*code).co_localsplusnames;
        for i in 0..tuple::size(names) {
            let n = tuple::item(names, i);
            // an ASCII str equals only an ASCII str of the same bytes
            // (compared in place: names are short, a `memcmp` call each
            // would cost more)
            if unicode::len_chars(n) != len || !unicode::is_ascii(n) {
                continue;
            }
            let d = unicode::data(n);
            if *d == first && rest.iter().enumerate().all(|(k, b)| *d.add(k + 1) == *b) {
                let v = slot_value(code, fast_slots(f), i as usize);
                return (!v.is_null()).then(|| Owned::from_borrowed(v));
            }
        }
        None
    }
}

unsafe fn fields(f: *mut PyFrameObject) -> [*mut *mut PyObject; 7] {
    // SAFETY: addresses inside a live frame.
    unsafe {
        [
            ptr::addr_of_mut!((*f).f_back),
            ptr::addr_of_mut!((*f).f_trace),
            ptr::addr_of_mut!((*f).f_code),
            ptr::addr_of_mut!((*f).f_globals),
            ptr::addr_of_mut!((*f).f_builtins),
            ptr::addr_of_mut!((*f).f_locals),
            ptr::addr_of_mut!((*f).f_func),
        ]
    }
}

/// Drops the fast variables a returned frame left to its object.
#[inline]
unsafe fn clear_fast(f: *mut PyFrameObject) {
    // SAFETY: `f_fast` is a boxed slice of `f_nfast` owned slots.
    unsafe {
        if (*f).f_fast.is_null() {
            return;
        }
        let fast = Box::from_raw(std::ptr::slice_from_raw_parts_mut(
            (*f).f_fast,
            (*f).f_nfast as usize,
        ));
        (*f).f_fast = ptr::null_mut();
        (*f).f_nfast = 0;
        for v in fast.iter() {
            xdecref(*v);
        }
    }
}

unsafe extern "C" fn frame_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        for p in fields(op as *mut PyFrameObject) {
            clear_slot(p);
        }
        clear_fast(op as *mut PyFrameObject);
        free_frame(op);
    }
}

unsafe extern "C" fn frame_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a frame.
    unsafe {
        let f = op as *mut PyFrameObject;
        if !(*f).f_frame.is_null() {
            // running: only its own references (the rest is borrowed)
            let own = [(*f).f_back, (*f).f_trace, (*f).f_locals];
            return gc::visit_all(own, visit, arg);
        }
        let r = gc::visit_all(fields(f).map(|p| *p), visit, arg);
        if r != 0 || (*f).f_fast.is_null() {
            return r;
        }
        let fast = std::slice::from_raw_parts((*f).f_fast, (*f).f_nfast as usize);
        gc::visit_all(fast.iter().copied(), visit, arg)
    }
}

unsafe extern "C" fn frame_clear(op: *mut PyObject) -> c_int {
    // SAFETY: slot on a frame; the code and globals stay (C code reads
    // them through the accessors, which never return NULL).
    unsafe {
        let f = op as *mut PyFrameObject;
        clear_slot(ptr::addr_of_mut!((*f).f_back));
        clear_slot(ptr::addr_of_mut!((*f).f_trace));
        clear_slot(ptr::addr_of_mut!((*f).f_locals));
        if (*f).f_frame.is_null() {
            // (borrowed while running)
            clear_slot(ptr::addr_of_mut!((*f).f_func));
        }
        clear_fast(f);
        0
    }
}

unsafe extern "C" fn frame_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a frame.
    unsafe {
        let f = op as *mut PyFrameObject;
        let c = (*f).f_code as *mut PyCodeObject;
        let r = (|| -> PyResult<Owned> {
            let file = crate::protocols::abstract_::repr_string((*c).co_filename)?;
            unicode::from_str(&format!(
                "<frame at {op:p}, file {file}, line {}, code {}>",
                line_number(op),
                unicode::as_str((*c).co_name)
            ))
        })();
        err::into_ptr(r)
    }
}

macro_rules! frame_getter {
    ($fname:ident, |$f:ident| $body:expr) => {
        unsafe extern "C" fn $fname(op: *mut PyObject, _x: *mut c_void) -> *mut PyObject {
            // SAFETY: getset on a frame.
            unsafe {
                let $f = op as *mut PyFrameObject;
                $body
            }
        }
    };
}

unsafe fn or_none(p: *mut PyObject) -> *mut PyObject {
    // SAFETY: NULL or live.
    unsafe { new_ref(if p.is_null() { lifecycle::none() } else { p }) }
}

frame_getter!(g_back, |f| match back(f as *mut PyObject) {
    Ok(b) => or_none(b),
    Err(_) => ptr::null_mut(),
});
frame_getter!(g_code, |f| new_ref((*f).f_code));
frame_getter!(g_globals, |f| new_ref((*f).f_globals));
frame_getter!(g_builtins, |f| new_ref((*f).f_builtins));
frame_getter!(g_locals, |f| err::into_ptr(locals(f as *mut PyObject)));
frame_getter!(g_lineno, |f| err::into_ptr(long::from_i64(
    line_number(f as *mut PyObject) as i64
)));
frame_getter!(g_lasti, |f| err::into_ptr(long::from_i64(
    lasti(f as *mut PyObject) as i64
)));

frame_getter!(g_trace, |f| or_none((*f).f_trace));
frame_getter!(g_trace_lines, |f| new_ref(if (*f).f_trace_lines != 0 {
    lifecycle::true_()
} else {
    lifecycle::false_()
}));
frame_getter!(g_trace_opcodes, |f| new_ref(if (*f).f_trace_opcodes != 0 {
    lifecycle::true_()
} else {
    lifecycle::false_()
}));

unsafe extern "C" fn s_lineno(op: *mut PyObject, v: *mut PyObject, _x: *mut c_void) -> c_int {
    // SAFETY: setter on a frame; `v` NULL (delete) or live.
    unsafe {
        match crate::code::jump::set_lineno(op, v) {
            Ok(()) => 0,
            Err(_) => -1,
        }
    }
}

unsafe extern "C" fn s_trace(op: *mut PyObject, v: *mut PyObject, _x: *mut c_void) -> c_int {
    // SAFETY: setter on a frame; `v` NULL (delete) or live.
    unsafe {
        let f = op as *mut PyFrameObject;
        let v = if v.is_null() || v == lifecycle::none() {
            ptr::null_mut()
        } else {
            new_ref(v)
        };
        let old = std::mem::replace(&mut (*f).f_trace, v);
        xdecref(old);
        0
    }
}

/// The setters of `f_trace_lines` and `f_trace_opcodes`: a bool, as
/// CPython's ("attribute value type must be bool").
fn set_flag(v: *mut PyObject) -> Option<std::ffi::c_char> {
    if v == lifecycle::true_() {
        Some(1)
    } else if v == lifecycle::false_() {
        Some(0)
    } else {
        let _ = err::type_error("attribute value type must be bool");
        None
    }
}

unsafe extern "C" fn s_trace_lines(op: *mut PyObject, v: *mut PyObject, _x: *mut c_void) -> c_int {
    // SAFETY: setter on a frame.
    unsafe {
        match set_flag(v) {
            Some(b) => {
                (*(op as *mut PyFrameObject)).f_trace_lines = b;
                0
            }
            None => -1,
        }
    }
}

unsafe extern "C" fn s_trace_opcodes(
    op: *mut PyObject,
    v: *mut PyObject,
    _x: *mut c_void,
) -> c_int {
    // SAFETY: setter on a frame.
    unsafe {
        match set_flag(v) {
            Some(b) => {
                (*(op as *mut PyFrameObject)).f_trace_opcodes = b;
                if b != 0 {
                    crate::code::instrument::note_opcode_tracing();
                }
                0
            }
            None => -1,
        }
    }
}

static mut FRAME_GETSET: [typeobj::PyGetSetDef; 11] = [
    typeobj::getset_rw(c"f_trace", Some(g_trace), Some(s_trace)),
    typeobj::getset_rw(c"f_trace_lines", Some(g_trace_lines), Some(s_trace_lines)),
    typeobj::getset_rw(
        c"f_trace_opcodes",
        Some(g_trace_opcodes),
        Some(s_trace_opcodes),
    ),
    typeobj::getset(c"f_back", Some(g_back)),
    typeobj::getset(c"f_code", Some(g_code)),
    typeobj::getset(c"f_globals", Some(g_globals)),
    typeobj::getset(c"f_builtins", Some(g_builtins)),
    typeobj::getset(c"f_locals", Some(g_locals)),
    typeobj::getset_rw(c"f_lineno", Some(g_lineno), Some(s_lineno)),
    typeobj::getset(c"f_lasti", Some(g_lasti)),
    typeobj::GETSET_END,
];
