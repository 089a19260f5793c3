//! `pyframe.h`, `cpython/pyframe.h` and `cpython/frameobject.h`: frame
//! objects, and `PyEval_GetFrame`/`PyThreadState_GetFrame`: the innermost
//! running frame, NULL while no Python code runs.

use crate::boundary::*;
use crate::export;
use ophis_core::code::frame::InterpFrame;
use ophis_core::code::frameobject::{self as fo, PyFrameObject};
use ophis_core::objects::object::{new_ref, PyObject};
use ophis_core::objects::unicode;
use ophis_core::runtime::thread::ThreadState;
use std::ffi::{c_char, c_int, CStr};
use std::ptr;

/// Checks a frame argument (`SystemError` for NULL or a non-frame).
unsafe fn frame_arg(f: *mut PyFrameObject) -> Option<*mut PyObject> {
    let op = f as *mut PyObject;
    // SAFETY: NULL or a live object.
    (!op.is_null() && unsafe { fo::check(op) }).then_some(op)
}

export! {
    /// `PyFrame_New(tstate, code, globals, locals)`: a detached frame.
    fn PyFrame_New(_ts: *mut ThreadState, code: *mut PyObject, globals: *mut PyObject,
                   locals: *mut PyObject) -> *mut PyObject {
        obj(fo::new(code, globals, locals))
    }
}
export! {
    /// `PyFrame_GetCode`: new reference.
    fn PyFrame_GetCode(f: *mut PyFrameObject) -> *mut PyObject {
        let Some(f) = frame_arg(f) else { return bad_call() };
        new_ref((*(f as *mut PyFrameObject)).f_code)
    }
}
export! {
    /// `PyFrame_GetLineNumber`: never fails (CPython's contract); -1, "no
    /// line", without an exception for anything but a frame.
    fn PyFrame_GetLineNumber(f: *mut PyFrameObject) -> c_int {
        if f.is_null() || !fo::check(f as *mut PyObject) { return -1; }
        fo::line_number(f as *mut PyObject)
    }
}
export! {
    /// `PyFrame_GetBack`: the calling frame (new reference) or NULL.
    fn PyFrame_GetBack(f: *mut PyFrameObject) -> *mut PyObject {
        let Some(f) = frame_arg(f) else { return bad_call() };
        match fo::back(f) {
            Ok(b) if !b.is_null() => new_ref(b),
            Ok(_) => ptr::null_mut(),
            Err(_) => ptr::null_mut(),
        }
    }
}
export! {
    /// `PyFrame_GetLocals`: new reference.
    fn PyFrame_GetLocals(f: *mut PyFrameObject) -> *mut PyObject {
        let Some(f) = frame_arg(f) else { return bad_call() };
        obj(fo::locals(f))
    }
}
export! {
    /// `PyFrame_GetGlobals`: new reference.
    fn PyFrame_GetGlobals(f: *mut PyFrameObject) -> *mut PyObject {
        let Some(f) = frame_arg(f) else { return bad_call() };
        new_ref((*(f as *mut PyFrameObject)).f_globals)
    }
}
export! {
    /// `PyFrame_GetBuiltins`: new reference.
    fn PyFrame_GetBuiltins(f: *mut PyFrameObject) -> *mut PyObject {
        let Some(f) = frame_arg(f) else { return bad_call() };
        new_ref((*(f as *mut PyFrameObject)).f_builtins)
    }
}
export! {
    /// `PyFrame_GetGenerator`: the generator running the frame; NULL (no
    /// exception) for every frame so far.
    fn PyFrame_GetGenerator(f: *mut PyFrameObject) -> *mut PyObject {
        if frame_arg(f).is_none() { return bad_call() }
        ptr::null_mut()
    }
}
export! {
    /// `PyFrame_GetLasti`: never fails; -1 ("no instruction", as for a
    /// frame that has not started) without an exception for anything but
    /// a frame.
    fn PyFrame_GetLasti(f: *mut PyFrameObject) -> c_int {
        if f.is_null() || !fo::check(f as *mut PyObject) { return -1; }
        fo::lasti(f as *mut PyObject)
    }
}
export! {
    /// `PyFrame_GetVar(frame, name)`: new reference.
    fn PyFrame_GetVar(f: *mut PyFrameObject, name: *mut PyObject) -> *mut PyObject {
        let Some(f) = frame_arg(f) else { return bad_call() };
        obj(fo::get_var(f, name))
    }
}
export! {
    /// `PyFrame_GetVarString(frame, name)`: new reference.
    fn PyFrame_GetVarString(f: *mut PyFrameObject, name: *const c_char) -> *mut PyObject {
        let Some(f) = frame_arg(f) else { return bad_call() };
        if name.is_null() { return bad_call() }
        let name = CStr::from_ptr(name).to_bytes();
        if let Some(v) = fo::get_var_ascii(f, name) {
            return v.into_raw();
        }
        obj(unicode::from_utf8(name).and_then(|n| fo::get_var(f, n.as_ptr())))
    }
}
/// The frame object of the innermost complete frame of `ts` (borrowed),
/// or NULL (no exception) when no Python code runs there.
unsafe fn current_frame_object(ts: *mut ThreadState) -> *mut PyObject {
    // SAFETY: `ts` a live thread state; its frames are live.
    unsafe {
        let mut f = (*ts).current_frame;
        while !f.is_null() && !InterpFrame::is_complete(f) {
            f = (*f).previous;
        }
        if f.is_null() {
            return ptr::null_mut();
        }
        fo::for_interp(f).unwrap_or(ptr::null_mut())
    }
}

export! {
    /// `PyEval_GetFrame`: borrowed; NULL while no Python code runs.
    fn PyEval_GetFrame() -> *mut PyObject {
        let ts = ophis_core::runtime::thread::current();
        if ts.is_null() { return ptr::null_mut() }
        current_frame_object(ts)
    }
}
export! {
    /// `PyThreadState_GetFrame`: new reference; NULL while no Python code
    /// runs on that thread.
    fn PyThreadState_GetFrame(ts: *mut ThreadState) -> *mut PyObject {
        if ts.is_null() { return bad_call() }
        let f = current_frame_object(ts);
        if f.is_null() { f } else { new_ref(f) }
    }
}
