//! Frame objects (`PyFrame_Type`) as far as C code can make and read them
//! without an evaluator: `PyFrame_New`'s detached frames, which tracebacks
//! point at, and the `PyFrame_Get*` accessors.
//!
//! A detached frame behaves as one that has just started (CPython 3.12,
//! tracing_frames.md §6.5): its last instruction is the code's first
//! `RESUME`, its line comes from the location table, it has no caller, and
//! every fast variable is unbound, so `PyFrame_GetVar` raises `NameError`
//! and `PyFrame_GetLocals` deletes the names of fast variables from the
//! locals dict. As in CPython, making one builds (and keeps) a function
//! object for the code, which function watchers see.
//!
//! CPython's `PyFrameObject` is opaque to C code (its struct lives in the
//! internal headers), so the layout here is Ophis's own. Frames of running
//! code come with the evaluator (DESIGN §4): until then `PyEval_GetFrame`
//! and `PyThreadState_GetFrame` answer NULL, which is what CPython answers
//! while no Python code runs.

use crate::code::codeobject::{self, PyCodeObject};
use crate::objects::exceptions::Exc;
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags};
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
    /// The code object.
    pub f_code: *mut PyObject,
    /// The globals dict.
    pub f_globals: *mut PyObject,
    /// The builtins dict.
    pub f_builtins: *mut PyObject,
    /// The locals mapping, or NULL until asked for.
    pub f_locals: *mut PyObject,
    /// The function object made for the frame (CPython's `f_funcobj`).
    pub f_func: *mut PyObject,
    /// Byte offset of the last instruction run.
    pub f_lasti: c_int,
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
    }
}

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
        gc::track(op);
        Ok(Owned::from_raw(op))
    }
}

/// `PyFrame_GetLineNumber`: the line of the last instruction.
///
/// # Safety
/// `f` a live frame.
pub unsafe fn line_number(f: *mut PyObject) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        let f = f as *mut PyFrameObject;
        if (*f).f_lineno != 0 {
            return (*f).f_lineno;
        }
        codeobject::addr2line((*f).f_code, (*f).f_lasti)
    }
}

/// `PyFrame_GetLocals`: the locals mapping (made on first use), with the
/// fast variables, all unbound in a frame that has not run, removed.
///
/// # Safety
/// `f` a live frame.
pub unsafe fn locals(f: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded; the mapping is held while names are removed.
    unsafe {
        let f = f as *mut PyFrameObject;
        if (*f).f_locals.is_null() {
            (*f).f_locals = dict::new()?.into_raw();
        }
        let locals = Owned::from_borrowed((*f).f_locals);
        let names = (*((*f).f_code as *mut PyCodeObject)).co_localsplusnames;
        for i in 0..tuple::size(names) {
            if let Err(e) = crate::protocols::abstract_::setitem(
                locals.as_ptr(),
                tuple::item(names, i),
                ptr::null_mut(),
            ) {
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

/// `PyFrame_GetVar(frame, name)`: the value of a fast variable; in a frame
/// that has not run every one is unbound, so this is `NameError`
/// (`TypeError` for a name that is not a str).
///
/// # Safety
/// `f` a live frame; `name` NULL or live.
pub unsafe fn get_var(f: *mut PyObject, name: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let _ = f;
        if name.is_null() || !unicode::check(name) {
            let tn = if name.is_null() {
                "NULL".to_string()
            } else {
                typeobj::full_name((*name).ob_type)
            };
            return Err(err::type_error(&format!("name must be str, not {tn}")));
        }
        let r = crate::protocols::abstract_::repr_string(name)?;
        Err(err::raise(
            Exc::NameError,
            &format!("variable {r} does not exist"),
        ))
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

unsafe extern "C" fn frame_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        for p in fields(op as *mut PyFrameObject) {
            clear_slot(p);
        }
        alloc::free_object(op);
    }
}

unsafe extern "C" fn frame_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a frame.
    unsafe { gc::visit_all(fields(op as *mut PyFrameObject).map(|p| *p), visit, arg) }
}

unsafe extern "C" fn frame_clear(op: *mut PyObject) -> c_int {
    // SAFETY: slot on a frame; the code and globals stay (C code reads
    // them through the accessors, which never return NULL).
    unsafe {
        let f = op as *mut PyFrameObject;
        clear_slot(ptr::addr_of_mut!((*f).f_back));
        clear_slot(ptr::addr_of_mut!((*f).f_trace));
        clear_slot(ptr::addr_of_mut!((*f).f_locals));
        clear_slot(ptr::addr_of_mut!((*f).f_func));
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

frame_getter!(g_back, |f| or_none((*f).f_back));
frame_getter!(g_code, |f| new_ref((*f).f_code));
frame_getter!(g_globals, |f| new_ref((*f).f_globals));
frame_getter!(g_builtins, |f| new_ref((*f).f_builtins));
frame_getter!(g_locals, |f| err::into_ptr(locals(f as *mut PyObject)));
frame_getter!(g_lineno, |f| err::into_ptr(long::from_i64(
    line_number(f as *mut PyObject) as i64
)));
frame_getter!(g_lasti, |f| err::into_ptr(long::from_i64(
    (*f).f_lasti as i64
)));

static mut FRAME_GETSET: [typeobj::PyGetSetDef; 8] = [
    typeobj::getset(c"f_back", Some(g_back)),
    typeobj::getset(c"f_code", Some(g_code)),
    typeobj::getset(c"f_globals", Some(g_globals)),
    typeobj::getset(c"f_builtins", Some(g_builtins)),
    typeobj::getset(c"f_locals", Some(g_locals)),
    typeobj::getset(c"f_lineno", Some(g_lineno)),
    typeobj::getset(c"f_lasti", Some(g_lasti)),
    typeobj::GETSET_END,
];
