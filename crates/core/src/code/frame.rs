//! Interpreter frames (CPython's `_PyInterpreterFrame`) and the per-thread
//! data stack they live on.
//!
//! A frame is a fixed 72-byte head in CPython 3.12.1's layout (profilers
//! compiled against CPython's internal headers read `f_code`, `previous` and
//! `prev_instr` directly), followed by `localsplus`: the code's locals,
//! cells and free variables, then its value stack. Frames are pushed and
//! popped on a thread's [`DataStack`], a list of large chunks, so calling a
//! Python function allocates nothing; a frame *object*
//! ([`crate::code::frameobject`]) is made only when something asks for one.
//!
//! Ownership: `f_code`, `f_funcobj`, `f_locals` and `frame_obj` are strong
//! references; `f_globals` and `f_builtins` are borrowed from the function,
//! which the frame keeps alive. Every non-NULL `localsplus` slot below
//! `stacktop` is a strong reference.

use crate::code::codeobject::PyCodeObject;
use crate::code::funcobject::PyFunctionObject;
use crate::objects::object::*;
use crate::runtime::err::{self, PyResult};
use std::ptr;

/// The frame is on a thread's data stack.
pub const OWNED_BY_THREAD: i8 = 0;
/// The frame belongs to a generator or coroutine.
pub const OWNED_BY_GENERATOR: i8 = 1;
/// The frame was copied into its frame object.
pub const OWNED_BY_FRAME_OBJECT: i8 = 2;
/// The frame is the first one pushed by a call from C: returning from it
/// leaves the evaluation loop (CPython marks a separate shim frame).
pub const OWNED_BY_CSTACK: i8 = 3;

/// CPython 3.12's `_PyInterpreterFrame` head; `localsplus` follows.
#[repr(C)]
pub struct InterpFrame {
    /// The code object (strong).
    pub f_code: *mut PyObject,
    /// The calling frame on the same thread, or NULL.
    pub previous: *mut InterpFrame,
    /// The function being run (strong).
    pub f_funcobj: *mut PyObject,
    /// The globals dict (borrowed from the function).
    pub f_globals: *mut PyObject,
    /// The builtins dict (borrowed from the function).
    pub f_builtins: *mut PyObject,
    /// The locals mapping of module and class bodies (strong), else NULL.
    pub f_locals: *mut PyObject,
    /// The frame object, once one was asked for (strong), else NULL.
    pub frame_obj: *mut PyObject,
    /// The code unit before the next instruction to run (CPython's
    /// `prev_instr`: the last instruction started).
    pub prev_instr: *mut u16,
    /// The index in `localsplus` of the first free value-stack slot.
    pub stacktop: i32,
    /// Unused by Ophis (CPython's offset of the caller's return point).
    pub return_offset: u16,
    /// Who owns the frame (`OWNED_BY_*`).
    pub owner: i8,
    /// Padding in CPython's layout.
    pub _pad: i8,
}

const _: () = {
    assert!(std::mem::offset_of!(InterpFrame, previous) == 8);
    assert!(std::mem::offset_of!(InterpFrame, f_locals) == 40);
    assert!(std::mem::offset_of!(InterpFrame, frame_obj) == 48);
    assert!(std::mem::offset_of!(InterpFrame, prev_instr) == 56);
    assert!(std::mem::offset_of!(InterpFrame, stacktop) == 64);
    assert!(std::mem::offset_of!(InterpFrame, owner) == 70);
    assert!(std::mem::size_of::<InterpFrame>() == 72);
};

/// Words in the frame head.
const HEAD_WORDS: usize = std::mem::size_of::<InterpFrame>() / 8;

impl InterpFrame {
    /// The `localsplus` array.
    ///
    /// # Safety
    /// `f` a live frame.
    #[inline(always)]
    pub unsafe fn localsplus(f: *mut InterpFrame) -> *mut *mut PyObject {
        // SAFETY: the slots follow the head.
        unsafe { (f as *mut u8).add(std::mem::size_of::<InterpFrame>()) as *mut *mut PyObject }
    }

    /// The first code unit of the frame's code.
    ///
    /// # Safety
    /// `f` a live frame.
    #[inline(always)]
    pub unsafe fn code_start(f: *mut InterpFrame) -> *mut u16 {
        // SAFETY: the bytecode follows the code object's header.
        unsafe { crate::code::codeobject::units((*f).f_code) }
    }

    /// CPython's `_PyInterpreterFrame_LASTI`: the index (in code units) of
    /// the last instruction started, -1 before the first.
    ///
    /// # Safety
    /// `f` a live frame.
    #[inline]
    pub unsafe fn lasti(f: *mut InterpFrame) -> i32 {
        // SAFETY: `prev_instr` points into (or just before) the code.
        unsafe { (*f).prev_instr.offset_from(Self::code_start(f)) as i32 }
    }

    /// Whether the frame has started running its code proper (CPython's
    /// `_PyFrame_IsIncomplete` negated): a generator's frame, or one that
    /// has passed the code's first `RESUME`.
    ///
    /// # Safety
    /// `f` a live frame.
    pub unsafe fn is_complete(f: *mut InterpFrame) -> bool {
        // SAFETY: forwarded.
        unsafe {
            (*f).owner == OWNED_BY_GENERATOR
                || Self::lasti(f) >= crate::code::codeobject::first_traceable((*f).f_code)
        }
    }
}

/// Words per chunk of the data stack (256 KiB), unless a frame needs more.
const CHUNK_WORDS: usize = 32 * 1024;

/// A thread's stack of interpreter frames: chunks of words, the current
/// one filled up to `top` (kept as raw pointers, so that a push is a
/// comparison and a bump). Popping back into an earlier chunk keeps the
/// later ones for reuse.
#[derive(Debug)]
pub struct DataStack {
    chunks: Vec<Box<[usize]>>,
    /// `top` of each chunk below the current one, saved when moving on.
    saved: Vec<*mut usize>,
    cur: usize,
    /// The first free word of the current chunk.
    top: *mut usize,
    /// The end of the current chunk (NULL before the first).
    limit: *mut usize,
}

impl Default for DataStack {
    fn default() -> Self {
        DataStack {
            chunks: Vec::new(),
            saved: Vec::new(),
            cur: 0,
            top: ptr::null_mut(),
            limit: ptr::null_mut(),
        }
    }
}

impl DataStack {
    /// Reserves a frame for `code` (head plus `co_framesize` slots) and
    /// fills its head; `localsplus` is all NULL.
    ///
    /// # Safety
    /// `code` a live code object, `func` a live function; the frame is
    /// popped with [`DataStack::pop`] in LIFO order.
    #[inline]
    pub unsafe fn push(
        &mut self,
        func: *mut PyObject,
        code: *mut PyObject,
        locals: *mut PyObject,
        previous: *mut InterpFrame,
    ) -> PyResult<*mut InterpFrame> {
        // SAFETY: forwarded; the slots are zeroed after the head.
        unsafe {
            let f = self.push_head(func, code, locals, previous)?;
            let n = (*(code as *mut PyCodeObject)).co_nlocalsplus as usize;
            zero_words(InterpFrame::localsplus(f) as *mut usize, n);
            Ok(f)
        }
    }

    /// [`DataStack::push`] leaving `localsplus` unwritten: the caller
    /// fills every one of the code's `co_nlocalsplus` slots.
    ///
    /// # Safety
    /// As [`DataStack::push`].
    #[inline]
    pub unsafe fn push_head(
        &mut self,
        func: *mut PyObject,
        code: *mut PyObject,
        locals: *mut PyObject,
        previous: *mut InterpFrame,
    ) -> PyResult<*mut InterpFrame> {
        // SAFETY: the words reserved belong to this frame alone.
        unsafe {
            let c = code as *mut PyCodeObject;
            let words = HEAD_WORDS + (*c).co_framesize as usize;
            if (self.limit as usize).wrapping_sub(self.top as usize) < words * 8
                || self.limit.is_null()
            {
                self.grow(words)?;
            }
            let f = self.top as *mut InterpFrame;
            self.top = self.top.add(words);
            let fo = func as *mut PyFunctionObject;
            ptr::write(
                f,
                InterpFrame {
                    f_code: new_ref(code),
                    previous,
                    f_funcobj: new_ref(func),
                    f_globals: (*fo).func_globals,
                    f_builtins: (*fo).func_builtins,
                    f_locals: if locals.is_null() {
                        locals
                    } else {
                        new_ref(locals)
                    },
                    frame_obj: ptr::null_mut(),
                    prev_instr: crate::code::codeobject::units(code).sub(1),
                    stacktop: (*c).co_nlocalsplus,
                    return_offset: 0,
                    owner: OWNED_BY_THREAD,
                    _pad: 0,
                },
            );
            Ok(f)
        }
    }

    #[cold]
    fn grow(&mut self, words: usize) -> PyResult<()> {
        if !self.chunks.is_empty() {
            if self.cur + 1 < self.chunks.len() && self.chunks[self.cur + 1].len() >= words {
                self.saved.push(self.top);
                self.cur += 1;
                self.enter_chunk();
                return Ok(());
            }
            self.chunks.truncate(self.cur + 1);
        }
        let n = words.max(CHUNK_WORDS);
        let mut v: Vec<usize> = Vec::new();
        if v.try_reserve_exact(n).is_err() {
            return Err(err::no_memory());
        }
        v.resize(n, 0);
        if !self.chunks.is_empty() {
            self.saved.push(self.top);
            self.cur += 1;
        }
        self.chunks.push(v.into_boxed_slice());
        self.enter_chunk();
        Ok(())
    }

    /// Makes chunk `cur` the current one, empty.
    fn enter_chunk(&mut self) {
        let ch = &mut self.chunks[self.cur];
        self.top = ch.as_mut_ptr();
        // SAFETY: one past the end of the chunk.
        self.limit = unsafe { self.top.add(ch.len()) };
    }

    /// Releases the frame on top: its references (head and every slot up
    /// to `stacktop`), then its words.
    ///
    /// # Safety
    /// `f` the frame last pushed, not yet popped.
    #[inline]
    pub unsafe fn pop(&mut self, f: *mut InterpFrame) {
        // SAFETY: `f` is the top frame; its references are owned.
        unsafe {
            clear_frame(f);
            self.top = f as *mut usize;
            if self.cur > 0 && self.top == self.chunks[self.cur].as_mut_ptr() {
                self.leave_chunk();
            }
        }
    }

    /// Goes back to the previous chunk (its saved top).
    #[cold]
    fn leave_chunk(&mut self) {
        self.cur -= 1;
        let ch = &mut self.chunks[self.cur];
        // SAFETY: one past the end of the chunk.
        self.limit = unsafe { ch.as_mut_ptr().add(ch.len()) };
        self.top = self.saved.pop().unwrap_or(ch.as_mut_ptr());
    }
}

/// Writes `n` NULL words at `p` (small counts without a call to `memset`).
///
/// # Safety
/// `p` valid for `n` words.
#[inline(always)]
pub unsafe fn zero_words(p: *mut usize, n: usize) {
    // SAFETY: caller's contract.
    unsafe {
        if n > 16 {
            ptr::write_bytes(p, 0, n);
        } else {
            for i in 0..n {
                ptr::write_volatile(p.add(i), 0);
            }
        }
    }
}

/// Drops every reference a frame holds (CPython's `_PyFrame_ClearExceptCode`
/// plus the code), detaching its frame object first.
///
/// # Safety
/// `f` a live frame whose references are owned.
pub unsafe fn clear_frame(f: *mut InterpFrame) {
    // SAFETY: forwarded.
    unsafe {
        clear_except_code(f);
        clear_slot(&mut (*f).f_code);
    }
}

/// [`clear_frame`] but the code, which a finished generator keeps
/// (`gi_code`), as CPython's `_PyFrame_ClearExceptCode`.
///
/// # Safety
/// `f` a live frame whose references are owned.
pub unsafe fn clear_except_code(f: *mut InterpFrame) {
    // SAFETY: forwarded.
    unsafe {
        if !(*f).frame_obj.is_null() {
            crate::code::frameobject::detach(f);
        }
        let lp = InterpFrame::localsplus(f);
        for i in 0..(*f).stacktop as usize {
            xdecref(*lp.add(i));
        }
        (*f).stacktop = 0;
        clear_slot(&mut (*f).f_locals);
        clear_slot(&mut (*f).f_funcobj);
    }
}
