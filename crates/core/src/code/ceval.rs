//! The evaluation loop: runs CPython 3.12.1's bytecode (what
//! `ophis-compiler` emits and what `marshal` loads) on interpreter frames
//! ([`crate::code::frame`]).
//!
//! One `loop` + `match` per frame chain: a call from Python to a Python
//! function whose vectorcall is the default pushes the callee's frame and
//! goes on in the same loop, and its return pops back, so Python recursion
//! costs no Rust stack. A call from C (`PyEval_EvalCode`, a function's
//! vectorcall) marks its frame `OWNED_BY_CSTACK`; returning from that frame
//! leaves the loop.
//!
//! Exceptions are handled through `co_exceptiontable` as CPython 3.12
//! does: an error adds a traceback entry for the frame (making its frame
//! object), then the handler covering the failing instruction gets the
//! value stack cut to its depth, optionally the offset of the instruction,
//! and the exception; without a handler the frame is popped and the error
//! goes on in the caller.
//!
//! The instructions are read where the code object keeps them, which
//! [`crate::code::specialize`] quickens: generic instructions count down
//! to a specialization attempt (`adaptive!`), specialized ones check their
//! guards and fall back to the generic arm on a miss (`miss!`), in the same
//! `match` (a labeled loop re-dispatches the instruction).

use crate::code::codeobject::{self, PyCodeObject};
use crate::code::frame::{InterpFrame, OWNED_BY_CSTACK, OWNED_BY_GENERATOR};
use crate::code::funcobject::{self, PyFunctionObject};
use crate::code::genobject;
use crate::code::specialize::{self, sop};
use crate::code::{fastloop, frameobject, instrument, traceback};
use crate::objects::exceptiongroup;
use crate::objects::exceptions::{self, Exc};
use crate::objects::object::*;
use crate::objects::typevarobject;
use crate::objects::{
    boundmethod, cell, dict, float, list, long, setobject, slice, tuple, typeobj, unicode,
};
use crate::protocols::number::{self, BinOp, UnaryOp};
use crate::protocols::{abstract_, call};
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::runtime::thread::{self, ThreadState};
use ophis_compiler::opcode as op;
use std::ptr;

/// Inline cache units after an instruction.
pub(super) const fn cache(o: u16) -> usize {
    ophis_compiler::opcode_table::CACHES[o as usize] as usize
}

/// `PyEval_EvalCode(code, globals, locals)`: runs module-level (or
/// class-body) code with `locals` as its namespace (the globals when
/// NULL or None).
///
/// # Safety
/// Each argument NULL or live.
pub unsafe fn eval_code(
    code: *mut PyObject,
    globals: *mut PyObject,
    locals: *mut PyObject,
) -> PyResult<Owned> {
    // SAFETY: arguments checked; the function keeps the code and globals.
    // SAFETY: forwarded.
    unsafe { eval_code_closure(code, globals, locals, ptr::null_mut()) }
}

/// [`eval_code`] with the cells of the code's free variables (`exec(code,
/// globals, locals, closure=cells)`): `closure` NULL or a tuple of cells,
/// checked by the caller.
///
/// # Safety
/// Each argument NULL or live.
pub unsafe fn eval_code_closure(
    code: *mut PyObject,
    globals: *mut PyObject,
    locals: *mut PyObject,
    closure: *mut PyObject,
) -> PyResult<Owned> {
    // SAFETY: arguments checked; the function keeps the code and globals.
    unsafe {
        if code.is_null() || !codeobject::check(code) {
            return Err(err::bad_argument());
        }
        if globals.is_null() || !dict::check(globals) {
            return Err(err::system_error(if globals.is_null() {
                "PyEval_EvalCode: NULL globals"
            } else {
                "globals must be a dict"
            }));
        }
        let locals = if locals.is_null() || locals == lifecycle::none() {
            globals
        } else {
            locals
        };
        let func = funcobject::new(code, globals, ptr::null_mut())?;
        if !closure.is_null() {
            funcobject::set_field(func.as_ptr(), funcobject::Field::Closure, closure)?;
        }
        run_function(func.as_ptr(), &[], ptr::null_mut(), locals)
    }
}

/// The globals of the innermost running frame (`PyEval_GetGlobals`,
/// borrowed), or NULL when no Python code runs.
pub fn current_globals() -> *mut PyObject {
    let ts = thread::current();
    if ts.is_null() {
        return ptr::null_mut();
    }
    // SAFETY: the thread's frames are live.
    unsafe {
        let f = (*ts).current_frame;
        if f.is_null() {
            ptr::null_mut()
        } else {
            (*f).f_globals
        }
    }
}

/// The locals of the innermost running frame (`PyEval_GetLocals`): a
/// module or class body's namespace, or a function's variables as a dict
/// snapshot (the same dict each time, refreshed); `None` when no Python
/// code runs.
///
/// # Safety
/// The thread is attached.
pub unsafe fn current_locals() -> PyResult<Option<Owned>> {
    // SAFETY: the thread's frames are live.
    unsafe {
        let ts = thread::current();
        if ts.is_null() || (*ts).current_frame.is_null() {
            return Ok(None);
        }
        let f = (*ts).current_frame;
        if !(*f).f_locals.is_null() {
            return Ok(Some(Owned::from_borrowed((*f).f_locals)));
        }
        let fo = frameobject::for_interp(f)?;
        frameobject::locals(fo).map(Some)
    }
}

/// The default vectorcall of Python functions (`_PyFunction_Vectorcall`).
///
/// # Safety
/// Vectorcall contract.
pub unsafe extern "C" fn function_vectorcall(
    op_: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: `op_` is a function; the arguments are live.
    unsafe {
        let n = ophis_vectorcall::nargs(nargsf);
        let nkw = if kwnames.is_null() {
            0
        } else {
            tuple::size(kwnames) as usize
        };
        let argv = call::slice(args, n + nkw);
        err::into_ptr(run_function(op_, argv, kwnames, ptr::null_mut()))
    }
}

/// Runs `func` with the arguments `argv` (the last `len(kwnames)` by
/// keyword) and the locals mapping `locals` (NULL for a function's own
/// fast locals), in a new entry frame.
///
/// # Safety
/// `func` a live function; the rest live.
pub unsafe fn run_function(
    func: *mut PyObject,
    argv: &[*mut PyObject],
    kwnames: *mut PyObject,
    locals: *mut PyObject,
) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let ts = thread::attached_or_fatal("PyEval_EvalCode");
        let f = push_frame(ts, func, argv, kwnames, locals)?;
        (*f).owner = OWNED_BY_CSTACK;
        err::from_ptr(run(ts, f, false))
    }
}

/// Pushes a frame for calling `func` and binds the arguments into it
/// (`_PyEvalFramePushAndInit`); counts a Python recursion level.
unsafe fn push_frame(
    ts: *mut ThreadState,
    func: *mut PyObject,
    argv: &[*mut PyObject],
    kwnames: *mut PyObject,
    locals: *mut PyObject,
) -> PyResult<*mut InterpFrame> {
    // SAFETY: forwarded; the frame is popped again on a binding error.
    unsafe {
        if (*ts).py_recursion_remaining <= 0 {
            return Err(recursion_error(ts));
        }
        let fo = func as *mut PyFunctionObject;
        let code = (*fo).func_code;
        let c = code as *mut PyCodeObject;
        let f = (*ts)
            .datastack
            .push(func, code, locals, (*ts).current_frame)?;
        let lp = InterpFrame::localsplus(f);
        let nkw = if kwnames.is_null() {
            0
        } else {
            tuple::size(kwnames) as usize
        };
        let simple = nkw == 0
            && (*c).co_flags & (codeobject::co::VARARGS | codeobject::co::VARKEYWORDS) == 0
            && (*c).co_kwonlyargcount == 0
            && argv.len() == (*c).co_argcount as usize;
        if simple {
            for (i, &a) in argv.iter().enumerate() {
                *lp.add(i) = new_ref(a);
            }
        } else {
            let nargs = argv.len() - nkw;
            match funcobject::bind(fo, argv.as_ptr(), nargs, kwnames) {
                Ok(vals) => {
                    for (i, v) in vals.into_iter().enumerate() {
                        if let Some(v) = v {
                            *lp.add(i) = v.into_raw();
                        }
                    }
                }
                Err(e) => {
                    (*ts).datastack.pop(f);
                    return Err(e);
                }
            }
        }
        (*ts).py_recursion_remaining -= 1;
        Ok(f)
    }
}

#[cold]
unsafe fn recursion_error(ts: *mut ThreadState) -> err::Raised {
    // SAFETY: the attached thread's state.
    unsafe {
        // Headroom while the error itself is made, as CPython's.
        (*ts).py_recursion_remaining += 50;
        let r = err::raise(Exc::RecursionError, "maximum recursion depth exceeded");
        (*ts).py_recursion_remaining -= 50;
        r
    }
}

/// Pops the top frame, giving back its recursion level; a generator's
/// frame (not on the data stack) is cleared and its generator completed.
#[inline]
pub(super) unsafe fn pop_frame(ts: *mut ThreadState, f: *mut InterpFrame) {
    // SAFETY: `f` is the top frame.
    unsafe {
        (*ts).py_recursion_remaining += 1;
        if (*f).owner == OWNED_BY_GENERATOR {
            (*genobject::of_frame(f)).gi_frame_state = genobject::FRAME_COMPLETED;
            crate::code::frame::clear_except_code(f);
            (*f).previous = ptr::null_mut();
        } else {
            (*ts).datastack.pop(f);
        }
    }
}

/// Resumes a generator's frame `f` (the sent value already pushed, or an
/// exception set when `throw`): the yielded or returned value, or NULL.
///
/// # Safety
/// `ts` the attached thread; `f` a suspended or new generator frame.
pub unsafe fn resume(ts: *mut ThreadState, f: *mut InterpFrame, throw: bool) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe {
        if (*ts).py_recursion_remaining <= 0 {
            let _ = recursion_error(ts);
            // The frame did not start: its state stays as it was.
            let lp = InterpFrame::localsplus(f);
            (*f).stacktop -= 1;
            xdecref(*lp.add((*f).stacktop as usize));
            (*genobject::of_frame(f)).gi_frame_state = genobject::FRAME_SUSPENDED;
            return ptr::null_mut();
        }
        (*ts).py_recursion_remaining -= 1;
        run(ts, f, throw)
    }
}

/// One entry of `co_exceptiontable`: the handler covering an instruction.
struct Handler {
    target: usize,
    depth: usize,
    lasti: bool,
}

/// Finds the handler covering the code unit `offset` (CPython's
/// `get_exception_handler`): entries of varints (start, size, target,
/// depth << 1 | lasti), 6 bits per byte, bit 6 continuing.
unsafe fn find_handler(code: *mut PyObject, offset: usize) -> Option<Handler> {
    // SAFETY: the table is a bytes object.
    unsafe {
        let table =
            crate::objects::bytes::as_slice((*(code as *mut PyCodeObject)).co_exceptiontable);
        let mut i = 0;
        let mut varint = || -> Option<usize> {
            let mut b = *table.get(i)?;
            i += 1;
            let mut v = (b & 63) as usize;
            while b & 64 != 0 {
                b = *table.get(i)?;
                i += 1;
                v = (v << 6) | (b & 63) as usize;
            }
            Some(v)
        };
        loop {
            let start = varint()?;
            let size = varint()?;
            let target = varint()?;
            let dl = varint()?;
            if offset < start {
                return None;
            }
            if offset < start + size {
                return Some(Handler {
                    target,
                    depth: dl >> 1,
                    lasti: dl & 1 != 0,
                });
            }
        }
    }
}

/// The binary operations of `BINARY_OP`'s argument (`NB_*`), in order.
const BINOPS: [BinOp; 13] = [
    BinOp::Add,
    BinOp::And,
    BinOp::FloorDivide,
    BinOp::Lshift,
    BinOp::MatrixMultiply,
    BinOp::Multiply,
    BinOp::Remainder,
    BinOp::Or,
    BinOp::Add, // NB_POWER: handled apart
    BinOp::Rshift,
    BinOp::Subtract,
    BinOp::TrueDivide,
    BinOp::Xor,
];

/// `BINARY_OP oparg`: the 13 operations, then their in-place forms.
#[inline]
pub(super) unsafe fn binary_op(a: *mut PyObject, b: *mut PyObject, oparg: u32) -> PyResult<Owned> {
    // SAFETY: live operands.
    unsafe {
        let inplace = oparg >= 13;
        let k = (oparg % 13) as usize;
        if oparg >= 26 {
            return Err(err::system_error("bad BINARY_OP argument"));
        }
        if k == 8 {
            return number::power(a, b, lifecycle::none(), inplace);
        }
        if inplace {
            number::inplace(a, b, BINOPS[k])
        } else {
            number::binary(a, b, BINOPS[k])
        }
    }
}

/// `True` or `False` (a new reference).
#[inline(always)]
pub(super) fn py_bool(b: bool) -> *mut PyObject {
    // SAFETY: the bools are immortal statics.
    unsafe {
        new_ref(if b {
            lifecycle::true_()
        } else {
            lifecycle::false_()
        })
    }
}

/// A special method looked up on the type only, bound to `obj`
/// (CPython's `_PyObject_LookupSpecial`).
unsafe fn lookup_special(obj: *mut PyObject, name: &str) -> PyResult<Option<Owned>> {
    // SAFETY: forwarded.
    unsafe { abstract_::lookup_special(obj, name) }
}

/// `PyEval_GetFuncName`: a function's or builtin's name, else the type's.
unsafe fn func_name(f: *mut PyObject) -> String {
    // SAFETY: live.
    unsafe {
        if (*f).ob_type == lifecycle::function_type() {
            return unicode::as_str((*(f as *mut PyFunctionObject)).func_name).into_owned();
        }
        if (*f).ob_type == lifecycle::cfunction_type() {
            if let Ok(Some(n)) = abstract_::lookup_attr(
                f,
                unicode::intern("__name__").map_or(ptr::null_mut(), |n| n.into_raw()),
            ) {
                return abstract_::str_string(n.as_ptr()).unwrap_or_default();
            }
        }
        typeobj::short_name((*f).ob_type)
    }
}

/// `PyEval_GetFuncDesc`: `()` after functions, ` constructor` after
/// classes, ` object` after anything else.
unsafe fn func_desc(f: *mut PyObject) -> &'static str {
    // SAFETY: live.
    unsafe {
        let t = (*f).ob_type;
        if t == lifecycle::function_type()
            || t == lifecycle::cfunction_type()
            || t == lifecycle::method_type()
        {
            "()"
        } else if typeobj::is_subtype(t, lifecycle::type_type()) {
            " constructor"
        } else {
            " object"
        }
    }
}

/// The name of `names[i]` as a Rust string (for messages).
unsafe fn name_str(names: *mut PyObject, i: usize) -> String {
    // SAFETY: `i` indexes the tuple.
    unsafe { unicode::as_str(tuple::item(names, i as isize)).into_owned() }
}

#[cold]
unsafe fn name_error(name: *mut PyObject) -> err::Raised {
    // SAFETY: `name` a str.
    unsafe {
        err::raise(
            Exc::NameError,
            &format!("name '{}' is not defined", unicode::as_str(name)),
        )
    }
}

#[cold]
pub(super) unsafe fn unbound_local(code: *mut PyObject, i: usize) -> err::Raised {
    // SAFETY: `i` indexes the names.
    unsafe {
        let names = (*(code as *mut PyCodeObject)).co_localsplusnames;
        err::raise(
            Exc::UnboundLocalError,
            &format!(
                "cannot access local variable '{}' where it is not associated with a value",
                name_str(names, i)
            ),
        )
    }
}

#[cold]
pub(super) unsafe fn unbound_deref(code: *mut PyObject, i: usize) -> err::Raised {
    // SAFETY: `i` indexes the names and kinds.
    unsafe {
        let c = code as *mut PyCodeObject;
        let kind = *crate::objects::bytes::sval((*c).co_localspluskinds).add(i);
        if kind & codeobject::FAST_FREE != 0 {
            err::raise(
                Exc::NameError,
                &format!(
                    "cannot access free variable '{}' where it is not associated with a value in enclosing scope",
                    name_str((*c).co_localsplusnames, i)
                ),
            )
        } else {
            unbound_local(code, i)
        }
    }
}

/// A name from a mapping: `Some` if found, `None` for `KeyError` (or a
/// missing key of a dict).
unsafe fn mapping_lookup(m: *mut PyObject, name: *mut PyObject) -> PyResult<Option<Owned>> {
    // SAFETY: live arguments.
    unsafe {
        // Exact dicts only: a subclass's `__getitem__`/`__missing__` (an
        // `_EnumDict` class namespace) is asked through the mapping protocol.
        if (*m).ob_type == lifecycle::dict_type() {
            return Ok(dict::get(m, name)?.map(|v| Owned::from_borrowed(v)));
        }
        match abstract_::getitem(m, name) {
            Ok(v) => Ok(Some(v)),
            Err(e) => {
                if err::given_matches(err::occurred(), exceptions::get(Exc::KeyError)) {
                    err::clear();
                    Ok(None)
                } else {
                    Err(e)
                }
            }
        }
    }
}

/// `LOAD_GLOBAL`'s lookup: globals, then builtins.
#[inline]
pub(super) unsafe fn load_global(
    f: *mut InterpFrame,
    name: *mut PyObject,
) -> PyResult<*mut PyObject> {
    // SAFETY: a live frame.
    unsafe {
        if let Some(v) = dict::get((*f).f_globals, name)? {
            return Ok(new_ref(v));
        }
        match mapping_lookup((*f).f_builtins, name)? {
            Some(v) => Ok(v.into_raw()),
            None => Err(name_error(name)),
        }
    }
}

/// `LOAD_NAME`: locals, globals, builtins.
unsafe fn load_name(f: *mut InterpFrame, name: *mut PyObject) -> PyResult<*mut PyObject> {
    // SAFETY: a live frame.
    unsafe {
        let locals = (*f).f_locals;
        if locals.is_null() {
            let r = abstract_::repr_string(name)?;
            return Err(err::system_error(&format!(
                "no locals found when loading {r}"
            )));
        }
        if let Some(v) = mapping_lookup(locals, name)? {
            return Ok(v.into_raw());
        }
        load_global(f, name)
    }
}

/// The fast path of `LOAD_SUPER_ATTR` for `super().name` and
/// `super(class, self_).name` with the builtin `super`, `class` a type and
/// `self_` an instance of it: the
/// attribute found after `class` in the MRO of `type(self_)` (new
/// reference) and whether it is a method descriptor left unbound for a
/// method call; `None` when the general path must decide (another
/// `super`, a class as `self_`, a name not found, `__class__`).
///
/// # Safety
/// The three stack values live; `name` a str.
unsafe fn super_attr_fast(
    gsuper: *mut PyObject,
    class: *mut PyObject,
    self_: *mut PyObject,
    name: *mut PyObject,
    oparg: u32,
) -> PyResult<Option<(*mut PyObject, bool)>> {
    // SAFETY: type checks first; the lookup runs no code but `__eq__`
    // of dict keys (strs here).
    unsafe {
        if gsuper != lifecycle::super_type() as *mut PyObject
            || !typeobj::is_type(class)
            || !unicode::check_exact(name)
        {
            return Ok(None);
        }
        let start = (*self_).ob_type;
        let class = class as *mut typeobj::PyTypeObject;
        if !typeobj::is_subtype(start, class) || unicode::as_str(name) == "__class__" {
            return Ok(None);
        }
        let Some(res) = crate::objects::superobject::lookup_after(start, class, name)? else {
            return Ok(None);
        };
        let rt = (*res).ob_type;
        if oparg & 1 != 0 && (*rt).tp_flags & typeobj::flags::METHOD_DESCRIPTOR != 0 {
            return Ok(Some((new_ref(res), true)));
        }
        match (*rt).tp_descr_get {
            Some(f) => {
                let keep = Owned::from_borrowed(res);
                let v = f(keep.as_ptr(), self_, start as *mut PyObject);
                if v.is_null() {
                    return Err(err::Raised::assume());
                }
                Ok(Some((v, false)))
            }
            None => Ok(Some((new_ref(res), false))),
        }
    }
}

/// The result of a specialized float operation on `a` and `b` (both owned,
/// consumed): one of them reused when the stack held its only reference
/// (as CPython does), else a new float. NULL with `MemoryError` set.
#[inline(always)]
pub(super) unsafe fn float_result(a: *mut PyObject, b: *mut PyObject, v: f64) -> *mut PyObject {
    // SAFETY: both are live exact floats owned by the caller.
    unsafe {
        if (*a).ob_refcnt == 1 {
            (*(a as *mut crate::objects::float::PyFloatObject)).ob_fval = v;
            decref(b);
            return a;
        }
        if (*b).ob_refcnt == 1 {
            (*(b as *mut crate::objects::float::PyFloatObject)).ob_fval = v;
            decref(a);
            return b;
        }
        decref(a);
        decref(b);
        err::into_ptr(float::from_f64(v))
    }
}

/// Python's floor division and remainder of `x` by a non-zero `y` (the
/// remainder takes the divisor's sign). `x` and `y` are below 2**60 in
/// magnitude, so nothing overflows.
#[inline(always)]
pub(super) fn floor_divmod(x: i64, y: i64) -> (i64, i64) {
    let (mut q, mut r) = (x / y, x % y);
    if r != 0 && (r < 0) != (y < 0) {
        q -= 1;
        r += y;
    }
    (q, r)
}

/// The positions `c[start:stop]` selects for an exact list or tuple with
/// bounds that are None or ints below 2**60, adjusted as
/// `PySlice_AdjustIndices` does; `None` for anything else.
///
/// # Safety
/// All three live.
#[inline]
unsafe fn slice_bounds(
    c: *mut PyObject,
    start: *mut PyObject,
    stop: *mut PyObject,
) -> Option<(isize, isize)> {
    // SAFETY: type checks first.
    unsafe {
        let t = (*c).ob_type;
        if t != lifecycle::list_type() && t != lifecycle::tuple_type() {
            return None;
        }
        let len = (*(c as *mut PyVarObject)).ob_size as i64;
        let bound = |o: *mut PyObject, default: i64| -> Option<i64> {
            if o == lifecycle::none() {
                return Some(default);
            }
            let v = specialize::small_int(o)?;
            Some(if v < 0 { (v + len).max(0) } else { v.min(len) })
        };
        let lo = bound(start, 0)?;
        let hi = bound(stop, len)?.max(lo);
        Some((lo as isize, hi as isize))
    }
}

/// `c[start:stop]` for an exact list or tuple with bounds that are None
/// or ints below 2**60, without a slice object (the indexes adjusted as
/// `PySlice_AdjustIndices` does); `None` for anything else.
///
/// # Safety
/// All three live.
#[inline]
pub(super) unsafe fn slice_fast(
    c: *mut PyObject,
    start: *mut PyObject,
    stop: *mut PyObject,
) -> Option<PyResult<Owned>> {
    // SAFETY: type checks first.
    unsafe {
        let t = (*c).ob_type;
        let (lo, hi) = slice_bounds(c, start, stop)?;
        Some(if t == lifecycle::list_type() {
            crate::objects::seqslice::list_range(c, lo, hi)
        } else {
            tuple::slice(c, lo, hi)
        })
    }
}

/// Rich comparison `op` (`Py_LT` ... `Py_GE`) from an ordering.
#[inline(always)]
pub(super) fn compare_result(o: std::cmp::Ordering, op: u32) -> bool {
    use std::cmp::Ordering::*;
    match op {
        0 => o == Less,
        1 => o != Greater,
        2 => o == Equal,
        3 => o != Equal,
        4 => o == Greater,
        _ => o != Less,
    }
}

/// Pushes the frame of the Python function `func` (borrowed) called with
/// `n` positional arguments, which are moved from `args` into the frame;
/// the positional parameters after them take their defaults. On failure
/// nothing was moved.
///
/// # Safety
/// `ts` the attached thread; `func` a function whose code takes only
/// positional parameters, `n` of them or fewer than `n` plus the number
/// of its defaults; `args` `n` owned references.
#[inline]
pub(super) unsafe fn push_frame_exact(
    ts: *mut ThreadState,
    func: *mut PyObject,
    args: *mut *mut PyObject,
    n: usize,
) -> PyResult<*mut InterpFrame> {
    // SAFETY: forwarded; the frame's first `n` slots take the arguments.
    unsafe {
        if (*ts).py_recursion_remaining <= 0 {
            return Err(recursion_error(ts));
        }
        let code = (*(func as *mut PyFunctionObject)).func_code;
        let f = (*ts)
            .datastack
            .push_head(func, code, ptr::null_mut(), (*ts).current_frame)?;
        let lp = InterpFrame::localsplus(f);
        for i in 0..n {
            ptr::write_volatile(lp.add(i), *args.add(i));
        }
        // Parameters left out take their defaults (the caller checked that
        // there are enough).
        let argc = (*(code as *mut PyCodeObject)).co_argcount as usize;
        let mut filled = n;
        if n < argc {
            let d = (*(func as *mut PyFunctionObject)).func_defaults;
            let k = tuple::size(d) as usize;
            for i in n..argc {
                *lp.add(i) = new_ref(tuple::item(d, (k - (argc - i)) as isize));
            }
            filled = argc;
        }
        let total = (*(code as *mut PyCodeObject)).co_nlocalsplus as usize;
        crate::code::frame::zero_words(lp.add(filled) as *mut usize, total - filled);
        (*ts).py_recursion_remaining -= 1;
        Ok(f)
    }
}

/// `UNPACK_SEQUENCE n`: the items of `seq` pushed last first, so that
/// the first ends on top.
pub(super) unsafe fn unpack(
    seq: *mut PyObject,
    before: usize,
    after: Option<usize>,
    sp: *mut *mut PyObject,
) -> PyResult<usize> {
    // SAFETY: `sp` has room for the items (the compiler's stack depth).
    unsafe {
        // Exact tuples and lists of a fitting length: straight from their
        // items (the errors are left to the general path).
        let t = (*seq).ob_type;
        if t == lifecycle::tuple_type() || t == lifecycle::list_type() {
            let n = (*(seq as *mut PyVarObject)).ob_size as usize;
            let items = if t == lifecycle::tuple_type() {
                tuple::items(seq)
            } else {
                (*(seq as *mut list::PyListObject)).ob_item
            };
            match after {
                None if n == before => {
                    for k in 0..n {
                        *sp.add(k) = new_ref(*items.add(n - 1 - k));
                    }
                    return Ok(n);
                }
                Some(a) if n >= before + a => {
                    let mid = list::from_slice(std::slice::from_raw_parts(
                        items.add(before),
                        n - before - a,
                    ))?;
                    let mut k = 0;
                    for j in (n - a..n).rev() {
                        *sp.add(k) = new_ref(*items.add(j));
                        k += 1;
                    }
                    *sp.add(k) = mid.into_raw();
                    k += 1;
                    for j in (0..before).rev() {
                        *sp.add(k) = new_ref(*items.add(j));
                        k += 1;
                    }
                    return Ok(k);
                }
                _ => {}
            }
        }
        let it = match crate::objects::iterobject::get_iter(seq) {
            Ok(it) => it,
            Err(e) => {
                if err::given_matches(err::occurred(), exceptions::get(Exc::TypeError))
                    && (*(*seq).ob_type).tp_iter.is_none()
                    && !crate::objects::iterobject::sequence_check(seq)
                {
                    err::clear();
                    return Err(err::type_error(&format!(
                        "cannot unpack non-iterable {} object",
                        typeobj::short_name((*seq).ob_type)
                    )));
                }
                return Err(e);
            }
        };
        let mut items: Vec<Owned> = Vec::with_capacity(before + after.unwrap_or(0));
        for i in 0..before {
            match crate::objects::iterobject::next(it.as_ptr())? {
                Some(v) => items.push(v),
                None => {
                    return Err(err::value_error(&match after {
                        None => format!("not enough values to unpack (expected {before}, got {i})"),
                        Some(a) => format!(
                            "not enough values to unpack (expected at least {}, got {i})",
                            before + a
                        ),
                    }));
                }
            }
        }
        match after {
            None => {
                if crate::objects::iterobject::next(it.as_ptr())?.is_some() {
                    return Err(err::value_error(&format!(
                        "too many values to unpack (expected {before})"
                    )));
                }
            }
            Some(a) => {
                let rest = crate::protocols::sequence::to_list(it.as_ptr())?;
                let n = list::size(rest.as_ptr()) as usize;
                if n < a {
                    return Err(err::value_error(&format!(
                        "not enough values to unpack (expected at least {}, got {})",
                        before + a,
                        before + n
                    )));
                }
                let tail: Vec<Owned> = (n - a..n)
                    .map(|i| Owned::from_borrowed(list::item(rest.as_ptr(), i as isize)))
                    .collect();
                if a > 0 {
                    crate::objects::seqslice::list_assign_range(
                        rest.as_ptr(),
                        (n - a) as isize,
                        n as isize,
                        ptr::null_mut(),
                    )?;
                }
                items.push(rest);
                items.extend(tail);
            }
        }
        let total = items.len();
        for (k, v) in items.into_iter().rev().enumerate() {
            *sp.add(k) = v.into_raw();
        }
        Ok(total)
    }
}

/// `RAISE_VARARGS`: raises `exc` (a class or instance) with `cause`, or
/// re-raises the handled exception when `exc` is NULL. Returns whether
/// the re-raise path was taken (no new traceback entry).
unsafe fn do_raise(exc: *mut PyObject, cause: *mut PyObject) -> bool {
    // SAFETY: owned references (or NULL), consumed here.
    unsafe {
        if exc.is_null() {
            let h = err::handled();
            if h.is_null() {
                let _ = err::raise(Exc::RuntimeError, "No active exception to reraise");
                return false;
            }
            err::restore(h);
            return true;
        }
        let exc = Owned::from_raw(exc);
        let cause = (!cause.is_null()).then(|| Owned::from_raw(cause));
        let value = if err::is_exception_class(exc.as_ptr()) {
            match call::call_args(exc.as_ptr(), &[]) {
                Ok(v) => {
                    if !err::is_exception_instance(v.as_ptr()) {
                        let _ = err::type_error(&format!(
                            "calling {} should have returned an instance of BaseException, not {}",
                            abstract_::repr_string(exc.as_ptr()).unwrap_or_default(),
                            typeobj::short_name((*v.as_ptr()).ob_type)
                        ));
                        return false;
                    }
                    v
                }
                Err(_) => return false,
            }
        } else if err::is_exception_instance(exc.as_ptr()) {
            exc
        } else {
            let _ = err::type_error("exceptions must derive from BaseException");
            return false;
        };
        if let Some(c) = cause {
            let c = c.as_ptr();
            let fixed = if err::is_exception_class(c) {
                match call::call_args(c, &[]) {
                    Ok(v) => Some(v),
                    Err(_) => return false,
                }
            } else if err::is_exception_instance(c) {
                Some(Owned::from_borrowed(c))
            } else if c == lifecycle::none() {
                None
            } else {
                let _ = err::type_error("exception causes must derive from BaseException");
                return false;
            };
            let e = value.as_ptr() as *mut exceptions::PyBaseExceptionObject;
            let old = std::mem::replace(
                &mut (*e).cause,
                fixed.map_or(ptr::null_mut(), |f| f.into_raw()),
            );
            xdecref(old);
            (*e).suppress_context = 1;
        }
        let _ = err::set_object((*value.as_ptr()).ob_type as *mut PyObject, value.as_ptr());
        false
    }
}

/// After a `send` gave NULL: the value of a `StopIteration` (None when
/// no exception is set), or the error (`_PyGen_FetchStopIterationValue`).
unsafe fn fetch_stop_iteration_value() -> PyResult<Owned> {
    // SAFETY: the thread's error indicator.
    unsafe {
        let e = err::occurred();
        if e.is_null() {
            return Ok(Owned::from_borrowed(lifecycle::none()));
        }
        if !err::given_matches(e, exceptions::get(Exc::StopIteration)) {
            return Err(err::Raised::assume());
        }
        let exc = Owned::from_raw(err::take());
        abstract_::getattr(exc.as_ptr(), unicode::intern("value")?.as_ptr())
    }
}

/// `DICT_MERGE`'s merge of `**update` into a call's keyword dict: a key
/// already there is a `KeyError` (turned into CPython's message by
/// [`kwargs_error`]).
unsafe fn merge_kwargs(d: *mut PyObject, update: *mut PyObject) -> PyResult<()> {
    // SAFETY: live.
    unsafe {
        let keys = crate::protocols::sequence::mapping_list(update, 0)?;
        for k in abstract_::collect(keys.as_ptr(), "")? {
            if dict::get(d, k.as_ptr())?.is_some() {
                return Err(err::key_error(k.as_ptr()));
            }
            let v = abstract_::getitem(update, k.as_ptr())?;
            dict::set(d, k.as_ptr(), v.as_ptr())?;
        }
        Ok(())
    }
}

/// `_PyObject_FunctionStr`: `module.qualname()` (the module left out for
/// builtins), or `str(func)`.
unsafe fn function_str(func: *mut PyObject) -> String {
    // SAFETY: live.
    unsafe {
        let get = |n: &str| {
            unicode::intern(n)
                .and_then(|k| abstract_::lookup_attr(func, k.as_ptr()))
                .ok()
                .flatten()
        };
        let Some(q) = get("__qualname__").filter(|q| unicode::check(q.as_ptr())) else {
            err::clear();
            return abstract_::str_string(func).unwrap_or_default();
        };
        let q = unicode::as_str(q.as_ptr()).into_owned();
        match get("__module__") {
            Some(m) if unicode::check(m.as_ptr()) && unicode::as_str(m.as_ptr()) != "builtins" => {
                format!("{}.{q}()", unicode::as_str(m.as_ptr()))
            }
            _ => {
                err::clear();
                format!("{q}()")
            }
        }
    }
}

/// CPython's `format_kwargs_error` for a failed `DICT_MERGE`.
unsafe fn kwargs_error(func: *mut PyObject, kwargs: *mut PyObject) {
    // SAFETY: live.
    unsafe {
        let e = err::occurred();
        if err::given_matches(e, exceptions::get(Exc::AttributeError)) {
            err::clear();
            let _ = err::type_error(&format!(
                "{} argument after ** must be a mapping, not {}",
                function_str(func),
                typeobj::type_name_of(kwargs)
            ));
        } else if err::given_matches(e, exceptions::get(Exc::KeyError)) {
            let exc = Owned::from_raw(err::take());
            let args = (*(exc.as_ptr() as *mut exceptions::PyBaseExceptionObject)).args;
            if !args.is_null() && tuple::check(args) && tuple::size(args) == 1 {
                let key = tuple::item(args, 0);
                let f = function_str(func);
                let _ = if unicode::check(key) {
                    err::type_error(&format!(
                        "{f} got multiple values for keyword argument '{}'",
                        unicode::as_str(key)
                    ))
                } else {
                    err::type_error(&format!("{f} keywords must be strings"))
                };
            } else {
                err::restore(exc.into_raw());
            }
        }
    }
}

/// `CHECK_EXC_MATCH`'s check of what an `except` clause names.
unsafe fn check_except_type(right: *mut PyObject) -> PyResult<()> {
    // SAFETY: live.
    unsafe {
        let ok = |t: *mut PyObject| err::is_exception_class(t);
        let valid = if tuple::check(right) {
            (0..tuple::size(right)).all(|i| ok(tuple::item(right, i)))
        } else {
            ok(right)
        };
        if valid {
            Ok(())
        } else {
            Err(err::type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            ))
        }
    }
}

/// `MAKE_FUNCTION`: a function over `code` with the flagged parts.
unsafe fn make_function(
    code: *mut PyObject,
    globals: *mut PyObject,
    parts: [*mut PyObject; 4],
) -> PyResult<Owned> {
    // SAFETY: owned parts (NULL when absent), moved into the function.
    unsafe {
        let qual = (*(code as *mut PyCodeObject)).co_qualname;
        let f = match funcobject::new(code, globals, qual) {
            Ok(f) => f,
            Err(e) => {
                for p in parts {
                    xdecref(p);
                }
                return Err(e);
            }
        };
        let fo = f.as_ptr() as *mut PyFunctionObject;
        let [defaults, kwdefaults, annotations, closure] = parts;
        if !defaults.is_null() {
            xdecref(std::mem::replace(&mut (*fo).func_defaults, defaults));
        }
        if !kwdefaults.is_null() {
            xdecref(std::mem::replace(&mut (*fo).func_kwdefaults, kwdefaults));
        }
        if !annotations.is_null() {
            xdecref(std::mem::replace(&mut (*fo).func_annotations, annotations));
        }
        if !closure.is_null() {
            xdecref(std::mem::replace(&mut (*fo).func_closure, closure));
        }
        Ok(f)
    }
}

/// `FORMAT_VALUE`: conversion (`!s`, `!r`, `!a`), then `format(v, spec)`.
unsafe fn format_value(v: *mut PyObject, conv: u32, spec: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: live (spec NULL or a str).
    unsafe {
        let converted = match conv {
            1 => Some(abstract_::str(v)?),
            2 => Some(abstract_::repr(v)?),
            3 => Some(abstract_::ascii(v)?),
            _ => None,
        };
        let v = converted.as_ref().map_or(v, |c| c.as_ptr());
        if spec.is_null() && (*v).ob_type == lifecycle::unicode_type() {
            return Ok(Owned::from_borrowed(v));
        }
        abstract_::format(v, spec)
    }
}

/// `IMPORT_NAME`: `__import__(name, globals, locals, fromlist, level)`.
unsafe fn import_name(
    f: *mut InterpFrame,
    name: *mut PyObject,
    fromlist: *mut PyObject,
    level: *mut PyObject,
) -> PyResult<Owned> {
    // SAFETY: live.
    unsafe {
        let key = unicode::intern("__import__")?;
        let Some(import) = mapping_lookup((*f).f_builtins, key.as_ptr())? else {
            return Err(err::raise(Exc::ImportError, "__import__ not found"));
        };
        let locals = if (*f).f_locals.is_null() {
            lifecycle::none()
        } else {
            (*f).f_locals
        };
        call::call_args(
            import.as_ptr(),
            &[name, (*f).f_globals, locals, fromlist, level],
        )
    }
}

/// `IMPORT_FROM`: `from module import name`, falling back to the
/// submodule in `sys.modules`.
unsafe fn import_from(module: *mut PyObject, name: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: live.
    unsafe {
        if let Some(v) = abstract_::lookup_attr(module, name)? {
            return Ok(v);
        }
        let pkg = abstract_::lookup_attr(module, unicode::intern("__name__")?.as_ptr())?;
        if let Some(p) = &pkg {
            if unicode::check(p.as_ptr()) {
                let full = format!("{}.{}", unicode::as_str(p.as_ptr()), unicode::as_str(name));
                let full = unicode::from_str(&full)?;
                if let Some(m) = crate::system::import::get_module(full.as_ptr())? {
                    return Ok(m);
                }
            }
        }
        let pkgname = match &pkg {
            Some(p) if unicode::check(p.as_ptr()) => unicode::as_str(p.as_ptr()).into_owned(),
            _ => "<unknown module name>".to_string(),
        };
        let file = abstract_::lookup_attr(module, unicode::intern("__file__")?.as_ptr())?;
        let loc = match &file {
            Some(f) if unicode::check(f.as_ptr()) => unicode::as_str(f.as_ptr()).into_owned(),
            _ => "unknown location".to_string(),
        };
        Err(err::raise(
            Exc::ImportError,
            &format!(
                "cannot import name '{}' from '{pkgname}' ({loc})",
                unicode::as_str(name)
            ),
        ))
    }
}

/// `from module import *` (`INTRINSIC_IMPORT_STAR`): the names of
/// `module.__all__`, else its public globals, bound in the frame's locals.
unsafe fn import_star(f: *mut InterpFrame, module: *mut PyObject) -> PyResult<()> {
    // SAFETY: live.
    unsafe {
        let locals = (*f).f_locals;
        if locals.is_null() {
            return Err(err::system_error("no locals found during 'import *'"));
        }
        let (names, from_all) =
            match abstract_::lookup_attr(module, unicode::intern("__all__")?.as_ptr())? {
                Some(all) => (all, true),
                None => {
                    let Some(d) =
                        abstract_::lookup_attr(module, unicode::intern("__dict__")?.as_ptr())?
                    else {
                        return Err(err::raise(
                            Exc::ImportError,
                            "from-import-* object has no __dict__ and no __all__",
                        ));
                    };
                    (
                        crate::protocols::sequence::mapping_list(d.as_ptr(), 0)?,
                        false,
                    )
                }
            };
        for name in abstract_::collect(names.as_ptr(), "")? {
            let n = name.as_ptr();
            if !unicode::check(n) {
                let modname =
                    abstract_::lookup_attr(module, unicode::intern("__name__")?.as_ptr())?
                        .map(|m| abstract_::str_string(m.as_ptr()).unwrap_or_default())
                        .unwrap_or_default();
                return Err(err::type_error(&if from_all {
                    format!(
                        "Item in {modname}.__all__ must be str, not {}",
                        typeobj::type_name_of(n)
                    )
                } else {
                    format!(
                        "Key in {modname}.__dict__ must be str, not {}",
                        typeobj::type_name_of(n)
                    )
                }));
            }
            if !from_all && unicode::as_str(n).starts_with('_') {
                continue;
            }
            let v = abstract_::getattr(module, n)?;
            if (*locals).ob_type == lifecycle::dict_type() {
                dict::set(locals, n, v.as_ptr())?;
            } else {
                abstract_::setitem(locals, n, v.as_ptr())?;
            }
        }
        Ok(())
    }
}

/// The `async with` messages of `GET_AWAITABLE` (oparg 1: from
/// `__aenter__`, 2: from `__aexit__`), replacing the generic one.
unsafe fn awaitable_error(v: *mut PyObject, oparg: u32) {
    // SAFETY: live.
    unsafe {
        if oparg == 0 || !err::given_matches(err::occurred(), exceptions::get(Exc::TypeError)) {
            return;
        }
        let t = (*v).ob_type;
        if !(*t).tp_as_async.is_null() && (*(*t).tp_as_async).am_await.is_some() {
            return;
        }
        err::clear();
        let which = if oparg == 1 {
            "__aenter__"
        } else {
            "__aexit__"
        };
        let _ = err::type_error(&format!(
            "'async with' received an object from {which} that does not implement __await__: {}",
            typeobj::type_name_of(v)
        ));
    }
}

/// `GET_AITER`: `obj.__aiter__()`, which must have `__anext__`.
unsafe fn get_aiter(obj: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: live.
    unsafe {
        let t = (*obj).ob_type;
        let f = if (*t).tp_as_async.is_null() {
            None
        } else {
            (*(*t).tp_as_async).am_aiter
        };
        let Some(f) = f else {
            return Err(err::type_error(&format!(
                "'async for' requires an object with __aiter__ method, got {}",
                typeobj::type_name_of(obj)
            )));
        };
        let it = err::from_ptr(f(obj))?;
        let it_t = (*it.as_ptr()).ob_type;
        if (*it_t).tp_as_async.is_null() || (*(*it_t).tp_as_async).am_anext.is_none() {
            return Err(err::type_error(&format!(
                "'async for' received an object from __aiter__ that does not implement __anext__: {}",
                typeobj::type_name_of(it.as_ptr())
            )));
        }
        Ok(it)
    }
}

/// `GET_ANEXT`: the awaitable of `aiter.__anext__()`.
unsafe fn get_anext(aiter: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: live.
    unsafe {
        let t = (*aiter).ob_type;
        let f = if (*t).tp_as_async.is_null() {
            None
        } else {
            (*(*t).tp_as_async).am_anext
        };
        let Some(f) = f else {
            return Err(err::type_error(&format!(
                "'async for' requires an iterator with __anext__ method, got {}",
                typeobj::type_name_of(aiter)
            )));
        };
        let next = err::from_ptr(f(aiter))?;
        genobject::awaitable_iter(next.as_ptr()).map_err(|e| {
            if err::given_matches(err::occurred(), exceptions::get(Exc::TypeError)) {
                err::clear();
                err::type_error(&format!(
                    "'async for' received an invalid object from __anext__: {}",
                    typeobj::type_name_of(next.as_ptr())
                ))
            } else {
                e
            }
        })
    }
}

/// `MATCH_KEYS`: the values of `keys` (a tuple) in the mapping `subject`,
/// looked up with its `get`; `None` when one is missing.
unsafe fn match_keys(subject: *mut PyObject, keys: *mut PyObject) -> PyResult<Option<Owned>> {
    // SAFETY: live.
    unsafe {
        let n = tuple::size(keys);
        if n == 0 {
            return tuple::new(0).map(Some);
        }
        let get = abstract_::getattr(subject, unicode::intern("get")?.as_ptr())?;
        // A sentinel no mapping can hold.
        let dummy = call::call_args(lifecycle::object_type() as *mut PyObject, &[])?;
        let seen = crate::objects::setobject::new(ptr::null_mut())?;
        let mut values = Vec::with_capacity(n as usize);
        for i in 0..n {
            let key = tuple::item(keys, i);
            if crate::objects::setobject::contains_key(seen.as_ptr(), key)? {
                return Err(err::value_error(&format!(
                    "mapping pattern checks duplicate key ({})",
                    abstract_::repr_string(key)?
                )));
            }
            crate::objects::setobject::add_key(seen.as_ptr(), key)?;
            let v = call::call_args(get.as_ptr(), &[key, dummy.as_ptr()])?;
            if v.as_ptr() == dummy.as_ptr() {
                return Ok(None);
            }
            values.push(v);
        }
        tuple::from_owned(values).map(Some)
    }
}

/// `MATCH_CLASS count`: the attributes a class pattern extracts from
/// `subject` (positional through `__match_args__`, then the keyword
/// `names`), or `None` when the subject is not an instance or lacks one.
unsafe fn match_class(
    subject: *mut PyObject,
    ty: *mut PyObject,
    nargs: usize,
    names: *mut PyObject,
) -> PyResult<Option<Owned>> {
    // SAFETY: live.
    unsafe {
        if !typeobj::is_type(ty) {
            return Err(err::type_error("called match pattern must be a class"));
        }
        if !abstract_::is_instance(subject, ty)? {
            return Ok(None);
        }
        let tname = typeobj::short_name(ty as *mut typeobj::PyTypeObject);
        let mut seen: Vec<Owned> = Vec::new();
        let mut attrs: Vec<Owned> = Vec::new();
        // One attribute, by name, refusing a name already matched.
        let mut attr_of = |name: *mut PyObject, attrs: &mut Vec<Owned>| -> PyResult<bool> {
            for s in &seen {
                if unicode::eq(s.as_ptr(), name) {
                    return Err(err::type_error(&format!(
                        "{tname}() got multiple sub-patterns for attribute {}",
                        abstract_::repr_string(name)?
                    )));
                }
            }
            seen.push(Owned::from_borrowed(name));
            match abstract_::lookup_attr(subject, name)? {
                Some(v) => {
                    attrs.push(v);
                    Ok(true)
                }
                None => Ok(false),
            }
        };
        if nargs > 0 {
            let match_args =
                abstract_::lookup_attr(ty, unicode::intern("__match_args__")?.as_ptr())?;
            match match_args {
                Some(ma) => {
                    if !tuple::check(ma.as_ptr()) {
                        return Err(err::type_error(&format!(
                            "{tname}.__match_args__ must be a tuple (got {})",
                            typeobj::type_name_of(ma.as_ptr())
                        )));
                    }
                    let allowed = tuple::size(ma.as_ptr()) as usize;
                    if nargs > allowed {
                        return Err(too_many_subpatterns(&tname, allowed, nargs));
                    }
                    for i in 0..nargs {
                        let name = tuple::item(ma.as_ptr(), i as isize);
                        if !unicode::check(name) {
                            return Err(err::type_error(&format!(
                                "__match_args__ elements must be strings (got {})",
                                typeobj::type_name_of(name)
                            )));
                        }
                        if !attr_of(name, &mut attrs)? {
                            return Ok(None);
                        }
                    }
                }
                None => {
                    let match_self = (*(ty as *mut typeobj::PyTypeObject)).tp_flags
                        & typeobj::flags::MATCH_SELF
                        != 0;
                    let allowed = usize::from(match_self);
                    if nargs > allowed {
                        return Err(too_many_subpatterns(&tname, allowed, nargs));
                    }
                    attrs.push(Owned::from_borrowed(subject));
                }
            }
        }
        for i in 0..tuple::size(names) {
            if !attr_of(tuple::item(names, i), &mut attrs)? {
                return Ok(None);
            }
        }
        tuple::from_owned(attrs).map(Some)
    }
}

fn too_many_subpatterns(tname: &str, allowed: usize, given: usize) -> err::Raised {
    err::type_error(&format!(
        "{tname}() accepts {allowed} positional sub-pattern{} ({given} given)",
        if allowed == 1 { "" } else { "s" }
    ))
}

/// `BEFORE_WITH` / `BEFORE_ASYNC_WITH`: `(exit, enter())` of a context
/// manager, with `__aenter__`/`__aexit__` for `async with`.
unsafe fn enter_context(mgr: *mut PyObject, asynchronous: bool) -> PyResult<(Owned, Owned)> {
    // SAFETY: live.
    unsafe {
        let (enter_name, exit_name, kind) = if asynchronous {
            ("__aenter__", "__aexit__", "asynchronous context manager")
        } else {
            ("__enter__", "__exit__", "context manager")
        };
        let unsupported = |extra: &str| {
            err::type_error(&format!(
                "'{}' object does not support the {kind} protocol{extra}",
                typeobj::short_name((*mgr).ob_type)
            ))
        };
        let enter = lookup_special(mgr, enter_name)?.ok_or_else(|| unsupported(""))?;
        let exit = lookup_special(mgr, exit_name)?
            .ok_or_else(|| unsupported(&format!(" (missed {exit_name} method)")))?;
        let res = call::call_args(enter.as_ptr(), &[])?;
        Ok((exit, res))
    }
}

/// Releases the `n` references at `p`. Out of line: a loop inside the
/// evaluator's function skews the register allocator's estimate of where
/// the hot code is, and the dispatch loop then keeps its state in memory.
#[inline(never)]
pub(super) unsafe fn decref_n(p: *mut *mut PyObject, n: usize) {
    // SAFETY: the caller owns the `n` references.
    unsafe {
        for i in 0..n {
            decref(*p.add(i));
        }
    }
}

/// Releases the value stack's references from `top` down to `bottom`
/// (slots may be NULL). Out of line, as [`decref_n`].
#[inline(never)]
unsafe fn xdecref_down(bottom: *mut *mut PyObject, mut top: *mut *mut PyObject) {
    // SAFETY: the caller owns the stack slots in `bottom..top`.
    unsafe {
        while top > bottom {
            top = top.sub(1);
            xdecref(*top);
        }
    }
}

/// Pushes new references to `items[n-1]`, ..., `items[0]` (an exact
/// tuple's or list's, for `UNPACK_SEQUENCE`) at `sp`; returns the new top.
/// Out of line, as [`decref_n`].
#[inline(never)]
pub(super) unsafe fn push_reversed(
    mut sp: *mut *mut PyObject,
    items: *const *mut PyObject,
    n: usize,
) -> *mut *mut PyObject {
    // SAFETY: `items` holds `n` live objects; the stack has room for `n`.
    unsafe {
        for i in 0..n {
            *sp = new_ref(*items.add(n - 1 - i));
            sp = sp.add(1);
        }
        sp
    }
}

/// Takes the `n` references at `p` (the popped operands of a `BUILD_*`).
///
/// # Safety
/// The caller owns the `n` references and no longer uses the slots.
unsafe fn take_items(p: *mut *mut PyObject, n: usize) -> Vec<Owned> {
    // SAFETY: as the function's contract says.
    unsafe { (0..n).map(|i| Owned::from_raw(*p.add(i))).collect() }
}

/// `BUILD_SET`: a set of the `n` operands at `p` (references taken).
#[inline(never)]
unsafe fn build_set(p: *mut *mut PyObject, n: usize) -> PyResult<Owned> {
    // SAFETY: the caller owns the operands.
    unsafe {
        let items = take_items(p, n);
        let s = setobject::new(ptr::null_mut())?;
        for it in &items {
            setobject::add_key(s.as_ptr(), it.as_ptr())?;
        }
        Ok(s)
    }
}

/// `BUILD_MAP`: a dict of the `n` key/value pairs at `p` (references
/// taken).
#[inline(never)]
unsafe fn build_map(p: *mut *mut PyObject, n: usize) -> PyResult<Owned> {
    // SAFETY: the caller owns the operands.
    unsafe {
        let items = take_items(p, 2 * n);
        let d = dict::new()?;
        for kv in items.chunks(2) {
            dict::set(d.as_ptr(), kv[0].as_ptr(), kv[1].as_ptr())?;
        }
        Ok(d)
    }
}

/// `BUILD_CONST_KEY_MAP`: a dict of the tuple `keys` and the `n` values at
/// `p` (references taken).
#[inline(never)]
unsafe fn build_const_key_map(
    p: *mut *mut PyObject,
    n: usize,
    keys: *mut PyObject,
) -> PyResult<Owned> {
    // SAFETY: the caller owns the operands; `keys` is live.
    unsafe {
        let vals = take_items(p, n);
        if !tuple::check(keys) || tuple::size(keys) as usize != n {
            return Err(err::system_error("bad BUILD_CONST_KEY_MAP keys argument"));
        }
        let d = dict::new()?;
        for (i, v) in vals.iter().enumerate() {
            dict::set(d.as_ptr(), tuple::item(keys, i as isize), v.as_ptr())?;
        }
        Ok(d)
    }
}

/// `BUILD_STRING`: the `n` strings at `p` joined (references taken).
#[inline(never)]
unsafe fn build_string(p: *mut *mut PyObject, n: usize) -> PyResult<Owned> {
    // SAFETY: the caller owns the operands.
    unsafe {
        let t = tuple::from_owned(take_items(p, n))?;
        let empty = unicode::from_str("")?;
        unicode::join(empty.as_ptr(), t.as_ptr())
    }
}

/// `COPY_FREE_VARS`: the last `n` fast locals of `frame` get the cells of
/// its function's closure.
#[inline(never)]
unsafe fn copy_free_vars(frame: *mut InterpFrame, n: usize) {
    // SAFETY: a live frame of a function with `n` free variables.
    unsafe {
        let closure = (*((*frame).f_funcobj as *mut PyFunctionObject)).func_closure;
        let lp = InterpFrame::localsplus(frame);
        let off = (*((*frame).f_code as *mut PyCodeObject)).co_nlocalsplus as usize - n;
        for i in 0..n {
            *lp.add(off + i) = new_ref(tuple::item(closure, i as isize));
        }
    }
}

/// `LIST_EXTEND`: appends the items of the iterable `it` to the list `l`,
/// with `*`'s error for a non-iterable.
#[inline(never)]
unsafe fn list_extend(l: *mut PyObject, it: *mut PyObject) -> PyResult<()> {
    // SAFETY: live objects.
    unsafe {
        let msg = format!(
            "Value after * must be an iterable, not {}",
            typeobj::short_name((*it).ob_type)
        );
        for x in abstract_::collect(it, &msg)? {
            list::append(l, x.as_ptr())?;
        }
        Ok(())
    }
}

/// The unknown-opcode error.
#[cold]
pub(super) unsafe fn bad_opcode(code: *mut PyObject, opcode: u16, lasti: i32) -> err::Raised {
    // SAFETY: a live code object.
    unsafe {
        err::system_error(&format!(
            "{}:{}: Ophis cannot run opcode {} ({}) yet",
            unicode::as_str((*(code as *mut PyCodeObject)).co_filename),
            codeobject::addr2line(code, lasti * 2),
            opcode,
            op::name(opcode)
        ))
    }
}

/// Runs frames from `entry` (already pushed, or a generator's frame) until
/// it returns or yields: the result, or NULL with an exception set. With
/// `throwflag`, the pending exception is raised at the frame's current
/// instruction first (`generator.throw`).
///
/// # Safety
/// `ts` the attached thread; `entry` its top frame.
pub unsafe fn run(ts: *mut ThreadState, entry: *mut InterpFrame, throwflag: bool) -> *mut PyObject {
    // SAFETY: the frames are live; every stack slot below `sp` is owned;
    // the compiler's stack depth bounds `sp`.
    unsafe {
        if call::enter_recursive_call(c" in Python code").is_err() {
            pop_frame(ts, entry);
            return ptr::null_mut();
        }
        (*entry).previous = (*ts).current_frame;
        let mut frame = entry;
        (*ts).current_frame = frame;
        if throwflag && instrument::active() {
            instrument::throw(ts, entry);
        }
        // Set when a frame was left by an exception: the caller's frame
        // handles it as soon as it is reloaded.
        let mut unwinding = throwflag;
        let result = 'frames: loop {
            // (Re)load the frame's registers.
            // The frame's code, instructions, fast locals, constants and
            // names are read from `frame` where they are used, not kept in
            // locals: fewer values live across the dispatch loop leaves
            // registers for `ip`, `sp` and `frame`.
            let mut ip = (*frame).prev_instr.add(1);
            let mut sp = InterpFrame::localsplus(frame).add((*frame).stacktop as usize);
            let mut kwnames: *mut PyObject = ptr::null_mut();
            // Whether the error being handled needs a traceback entry.
            let mut new_tb = true;
            frame_macros!($ frame sp);

            // Evaluates a `PyResult`; on error leaves the dispatch loop.
            macro_rules! tri {
                ($l:lifetime, $e:expr) => {
                    match $e {
                        Ok(v) => v,
                        Err(_) => break $l,
                    }
                };
            }
            // A generic instruction's counter: at zero, `$spec` picks a
            // specialized form and the instruction runs again in it.
            macro_rules! adaptive {
                ($l:lifetime, $opcode:ident, $base:expr, $spec:expr) => {
                    if specialize::ready(ip) {
                        $spec;
                        let o = *ip.sub(1) & 0xff;
                        if o != $base {
                            $opcode = o;
                            continue $l;
                        }
                    } else {
                        specialize::tick(ip);
                    }
                };
            }
            // A specialized instruction's guard failed: run the generic one.
            macro_rules! miss {
                ($l:lifetime, $opcode:ident, $base:expr) => {{
                    $opcode = $base;
                    continue $l;
                }};
            }

            // The dispatch loop; `break 'dispatch` means an exception is set.
            'dispatch: loop {
                if unwinding {
                    unwinding = false;
                    break 'dispatch;
                }
                loop {
                    // Line and instruction events (instrument.rs), which
                    // need every instruction fetched: no super-instructions.
                    let stepping = instrument::stepping();
                    if stepping {
                        save!();
                        if instrument::step(ts, frame, ip).is_err() {
                            ip = ip.add(1);
                            break 'dispatch;
                        }
                        // A trace function set `f_lineno` (jump.rs).
                        if (*frame).prev_instr != ip {
                            ip = (*frame).prev_instr;
                            sp = lp!().add((*frame).stacktop as usize);
                        }
                    }
                    (*frame).prev_instr = ip;
                    let word = *ip;
                    ip = ip.add(1);
                    let mut opcode = word & 0xff;
                    let mut oparg = (word >> 8) as u32;
                    if stepping {
                        opcode = specialize::deopt(opcode);
                    }
                    let mut route = true;
                    'op: loop {
                        // The common instructions run in the fast loop
                        // (fastloop.rs) until it hands back.
                        if !kwnames.is_null() {
                            // Only the generic CALL takes keywords.
                            opcode = specialize::deopt(opcode);
                        }
                        if route && fastloop::FAST[opcode as usize] {
                            let (i, s) = fastloop::run(ts, frame, ip, sp, opcode, oparg);
                            // The fast loop may have called or returned.
                            frame = (*ts).current_frame;
                            if s as usize & fastloop::ERROR != 0 {
                                ip = i as *mut u16;
                                sp = (s as usize & !fastloop::ERROR) as *mut *mut PyObject;
                                break 'dispatch;
                            }
                            sp = (s as usize & !fastloop::SLOW) as *mut *mut PyObject;
                            if i & fastloop::AGAIN != 0 {
                                // Just specialized: run it in its new form;
                                // or handed back: run its generic form here.
                                let at = (i & !fastloop::AGAIN) as *mut u16;
                                if at != ip {
                                    oparg = (*at.sub(1) >> 8) as u32;
                                }
                                ip = at;
                                opcode = *ip.sub(1) & 0xff;
                                if s as usize & fastloop::SLOW != 0 {
                                    opcode = specialize::deopt(opcode);
                                    route = false;
                                }
                                continue 'op;
                            }
                            ip = i as *mut u16;
                            break 'op;
                        }
                        // Only the instruction handed back skips the routing.
                        route = true;
                        match opcode {
                            op::EXTENDED_ARG => {
                                (*frame).prev_instr = ip;
                                let w = *ip;
                                ip = ip.add(1);
                                opcode = w & 0xff;
                                oparg = (oparg << 8) | (w >> 8) as u32;
                                continue 'op;
                            }
                            sop::FOR_ITER_GEN => {
                                let it = peek!(1);
                                if (*it).ob_type != lifecycle::gen_type() || oparg > u16::MAX as u32
                                {
                                    miss!('op, opcode, op::FOR_ITER);
                                }
                                let f = genobject::enter_inline(ts, it, lifecycle::none(), frame);
                                if f.is_null() {
                                    miss!('op, opcode, op::FOR_ITER);
                                }
                                ip = ip.add(1);
                                (*frame).prev_instr = ip.sub(1);
                                (*frame).return_offset = oparg as u16;
                                save!();
                                frame = f;
                                (*ts).current_frame = frame;
                                continue 'frames;
                            }
                            sop::LOAD_ATTR_PROPERTY => {
                                use specialize::attr_cache::*;
                                let instr = ip.sub(1);
                                let owner = peek!(1);
                                if (*(*owner).ob_type).tp_version_tag
                                    != specialize::read_u32(instr, TYPE_VERSION)
                                {
                                    miss!('op, opcode, op::LOAD_ATTR);
                                }
                                let prop = specialize::read_u64(instr, DESCR) as *mut PyObject;
                                let fget = crate::objects::property::fget(prop);
                                if fget.is_null() {
                                    miss!('op, opcode, op::LOAD_ATTR);
                                }
                                save!();
                                let v = tri!('dispatch, call::call_args(fget, &[owner])).into_raw();
                                *sp.sub(1) = v;
                                decref(owner);
                                ip = ip.add(cache(op::LOAD_ATTR));
                            }
                            sop::CALL_BUILTIN | sop::CALL_METHOD_DESCRIPTOR => {
                                // A builtin function, or a method descriptor
                                // with its self: called through its own
                                // vectorcall (chosen by its convention),
                                // without the generic dispatch.
                                let base = sp.sub(oparg as usize + 2);
                                let (callable, args, n) = if opcode == sop::CALL_BUILTIN {
                                    (*base.add(1), base.add(2), oparg as usize)
                                } else {
                                    (*base, base.add(1), oparg as usize + 1)
                                };
                                let want = if opcode == sop::CALL_BUILTIN {
                                    lifecycle::cfunction_type()
                                } else {
                                    lifecycle::method_descr_type()
                                };
                                if !kwnames.is_null()
                                    || instrument::active()
                                    || (opcode == sop::CALL_BUILTIN) != (*base).is_null()
                                    || callable.is_null()
                                    || (*callable).ob_type != want
                                {
                                    miss!('op, opcode, op::CALL);
                                }
                                let Some(vc) = call::vectorcall_function(callable) else {
                                    miss!('op, opcode, op::CALL);
                                };
                                ip = ip.add(cache(op::CALL));
                                save!();
                                let r = call::check_result_raw(
                                    callable,
                                    vc(callable, args, n, ptr::null_mut()),
                                );
                                decref_n(args, n);
                                decref(callable);
                                sp = base;
                                if r.is_null() {
                                    break 'dispatch;
                                }
                                push!(r);
                            }
                            op::END_FOR => {
                                if instrument::active() {
                                    save!();
                                    tri!(
                                        'dispatch,
                                        instrument::stop_iteration(ts, frame, peek!(2), peek!(1))
                                    );
                                }
                                decref(pop!());
                                decref(pop!());
                            }
                            op::END_SEND => {
                                if instrument::active() {
                                    save!();
                                    tri!(
                                        'dispatch,
                                        instrument::stop_iteration(ts, frame, peek!(2), peek!(1))
                                    );
                                }
                                let v = pop!();
                                decref(pop!());
                                push!(v);
                            }
                            op::DELETE_FAST => {
                                let slot = lp!().add(oparg as usize);
                                if (*slot).is_null() {
                                    let _ = unbound_local(code!(), oparg as usize);
                                    break 'dispatch;
                                }
                                clear_slot(slot);
                            }
                            op::MAKE_CELL => {
                                let slot = lp!().add(oparg as usize);
                                let c = tri!('dispatch, cell::new_stealing(*slot));
                                *slot = c.into_raw();
                            }
                            op::COPY_FREE_VARS => {
                                copy_free_vars(frame, oparg as usize);
                            }
                            op::DELETE_DEREF => {
                                let c = *lp!().add(oparg as usize);
                                if cell::get(c).is_null() {
                                    let _ = unbound_deref(code!(), oparg as usize);
                                    break 'dispatch;
                                }
                                cell::set_stealing(c, ptr::null_mut());
                            }
                            op::LOAD_FROM_DICT_OR_DEREF => {
                                let d = pop!();
                                let d = Owned::from_raw(d);
                                let nm = tuple::item(
                                    (*(code!() as *mut PyCodeObject)).co_localsplusnames,
                                    oparg as isize,
                                );
                                match tri!('dispatch, mapping_lookup(d.as_ptr(), nm)) {
                                    Some(v) => push!(v.into_raw()),
                                    None => {
                                        let v = cell::get(*lp!().add(oparg as usize));
                                        if v.is_null() {
                                            let _ = unbound_deref(code!(), oparg as usize);
                                            break 'dispatch;
                                        }
                                        push!(new_ref(v));
                                    }
                                }
                            }
                            op::STORE_GLOBAL => {
                                let v = Owned::from_raw(pop!());
                                tri!('dispatch, dict::set((*frame).f_globals, name!(oparg), v.as_ptr()));
                            }
                            op::DELETE_GLOBAL => {
                                let nm = name!(oparg);
                                if tri!('dispatch, dict::get((*frame).f_globals, nm)).is_none() {
                                    let _ = name_error(nm);
                                    break 'dispatch;
                                }
                                tri!('dispatch, dict::del((*frame).f_globals, nm));
                            }
                            op::LOAD_NAME => {
                                let v = tri!('dispatch, load_name(frame, name!(oparg)));
                                push!(v);
                            }
                            op::LOAD_FROM_DICT_OR_GLOBALS => {
                                let d = Owned::from_raw(pop!());
                                let nm = name!(oparg);
                                match tri!('dispatch, mapping_lookup(d.as_ptr(), nm)) {
                                    Some(v) => push!(v.into_raw()),
                                    None => push!(tri!('dispatch, load_global(frame, nm))),
                                }
                            }
                            op::STORE_NAME => {
                                let v = Owned::from_raw(pop!());
                                let locals = (*frame).f_locals;
                                let nm = name!(oparg);
                                if locals.is_null() {
                                    let r = abstract_::repr_string(nm).unwrap_or_default();
                                    let _ = err::system_error(&format!(
                                        "no locals found when storing {r}"
                                    ));
                                    break 'dispatch;
                                }
                                if (*locals).ob_type == lifecycle::dict_type() {
                                    tri!('dispatch, dict::set(locals, nm, v.as_ptr()));
                                } else {
                                    tri!('dispatch, abstract_::setitem(locals, nm, v.as_ptr()));
                                }
                            }
                            op::DELETE_NAME => {
                                let locals = (*frame).f_locals;
                                let nm = name!(oparg);
                                if locals.is_null() {
                                    let r = abstract_::repr_string(nm).unwrap_or_default();
                                    let _ =
                                        err::system_error(&format!("no locals when deleting {r}"));
                                    break 'dispatch;
                                }
                                if abstract_::setitem(locals, nm, ptr::null_mut()).is_err() {
                                    err::clear();
                                    let _ = name_error(nm);
                                    break 'dispatch;
                                }
                            }
                            op::LOAD_LOCALS => {
                                let locals = (*frame).f_locals;
                                if locals.is_null() {
                                    let _ = err::system_error("no locals found");
                                    break 'dispatch;
                                }
                                push!(new_ref(locals));
                            }
                            op::SETUP_ANNOTATIONS => {
                                let locals = (*frame).f_locals;
                                if locals.is_null() {
                                    let _ = err::system_error(
                                        "no locals found when setting up annotations",
                                    );
                                    break 'dispatch;
                                }
                                let key = tri!('dispatch, unicode::intern("__annotations__"));
                                if tri!('dispatch, mapping_lookup(locals, key.as_ptr())).is_none() {
                                    let d = tri!('dispatch, dict::new());
                                    tri!('dispatch, abstract_::setitem(locals, key.as_ptr(), d.as_ptr()));
                                }
                            }
                            op::DELETE_ATTR => {
                                let owner = Owned::from_raw(pop!());
                                tri!('dispatch, abstract_::setattr(owner.as_ptr(), name!(oparg), ptr::null_mut()));
                            }
                            op::LOAD_SUPER_ATTR => {
                                // `super().name` and `super(C, self).name`:
                                // the MRO walk of `super.__getattribute__` without a super
                                // object, as CPython 3.12's `LOAD_SUPER_ATTR_ATTR`/`_METHOD`.
                                if let Some((v, unbound)) = tri!(
                                    'dispatch,
                                    super_attr_fast(peek!(3), peek!(2), peek!(1), name!(oparg >> 2), oparg)
                                ) {
                                    let self_ = pop!();
                                    decref(pop!());
                                    decref(pop!());
                                    if oparg & 1 != 0 {
                                        if unbound {
                                            push!(v);
                                            push!(self_);
                                        } else {
                                            push!(ptr::null_mut());
                                            push!(v);
                                            decref(self_);
                                        }
                                    } else {
                                        push!(v);
                                        decref(self_);
                                    }
                                    ip = ip.add(cache(op::LOAD_SUPER_ATTR));
                                    break 'op;
                                }
                                let self_ = Owned::from_raw(pop!());
                                let class = Owned::from_raw(pop!());
                                let gsuper = Owned::from_raw(pop!());
                                let nargs = if oparg & 2 != 0 { 2 } else { 0 };
                                let argv = [class.as_ptr(), self_.as_ptr()];
                                let sup = tri!('dispatch, call::call_args(gsuper.as_ptr(), &argv[..nargs]));
                                let nm = name!(oparg >> 2);
                                let v = tri!('dispatch, abstract_::getattr(sup.as_ptr(), nm));
                                if oparg & 1 != 0 {
                                    push!(ptr::null_mut());
                                }
                                push!(v.into_raw());
                                ip = ip.add(cache(op::LOAD_SUPER_ATTR));
                            }
                            op::DELETE_SUBSCR => {
                                let sub = Owned::from_raw(pop!());
                                let c = Owned::from_raw(pop!());
                                tri!('dispatch, abstract_::setitem(c.as_ptr(), sub.as_ptr(), ptr::null_mut()));
                            }
                            op::STORE_SLICE => {
                                let stop = Owned::from_raw(pop!());
                                let start = Owned::from_raw(pop!());
                                let c = Owned::from_raw(pop!());
                                let v = Owned::from_raw(pop!());
                                if let Some((lo, hi)) =
                                    slice_bounds(c.as_ptr(), start.as_ptr(), stop.as_ptr())
                                {
                                    if (*c.as_ptr()).ob_type == lifecycle::list_type() {
                                        tri!('dispatch, crate::objects::seqslice::list_assign_range(
                                            c.as_ptr(),
                                            lo,
                                            hi,
                                            v.as_ptr()
                                        ));
                                        break 'op;
                                    }
                                }
                                let s = tri!('dispatch, slice::new(start.as_ptr(), stop.as_ptr(), ptr::null_mut()));
                                tri!('dispatch, abstract_::setitem(c.as_ptr(), s.as_ptr(), v.as_ptr()));
                            }
                            op::BUILD_SLICE => {
                                let step = if oparg == 3 {
                                    Some(Owned::from_raw(pop!()))
                                } else {
                                    None
                                };
                                let stop = Owned::from_raw(pop!());
                                let start = Owned::from_raw(pop!());
                                let s = tri!('dispatch, slice::new(
                                    start.as_ptr(),
                                    stop.as_ptr(),
                                    step.as_ref().map_or(ptr::null_mut(), |s| s.as_ptr())
                                ));
                                push!(s.into_raw());
                            }
                            op::BUILD_SET => {
                                let n = oparg as usize;
                                sp = sp.sub(n);
                                push!(tri!('dispatch, build_set(sp, n)).into_raw());
                            }
                            op::SET_ADD => {
                                let v = Owned::from_raw(pop!());
                                tri!('dispatch, setobject::add_key(peek!(oparg as usize), v.as_ptr()));
                            }
                            op::SET_UPDATE => {
                                let it = Owned::from_raw(pop!());
                                tri!('dispatch, setobject::update(peek!(oparg as usize), it.as_ptr()));
                            }
                            op::BUILD_MAP => {
                                let n = oparg as usize;
                                sp = sp.sub(2 * n);
                                push!(tri!('dispatch, build_map(sp, n)).into_raw());
                            }
                            op::BUILD_CONST_KEY_MAP => {
                                let keys = Owned::from_raw(pop!());
                                let n = oparg as usize;
                                sp = sp.sub(n);
                                push!(tri!('dispatch, build_const_key_map(sp, n, keys.as_ptr()))
                                    .into_raw());
                            }
                            op::BUILD_STRING => {
                                let n = oparg as usize;
                                sp = sp.sub(n);
                                push!(tri!('dispatch, build_string(sp, n)).into_raw());
                            }
                            op::LIST_EXTEND => {
                                let it = Owned::from_raw(pop!());
                                tri!('dispatch, list_extend(peek!(oparg as usize), it.as_ptr()));
                            }
                            op::MAP_ADD => {
                                let v = Owned::from_raw(pop!());
                                let k = Owned::from_raw(pop!());
                                tri!('dispatch, dict::set(peek!(oparg as usize), k.as_ptr(), v.as_ptr()));
                            }
                            op::DICT_UPDATE => {
                                let upd = Owned::from_raw(pop!());
                                let d = peek!(oparg as usize);
                                if dict::merge(d, upd.as_ptr(), true).is_err() {
                                    if err::given_matches(
                                        err::occurred(),
                                        exceptions::get(Exc::AttributeError),
                                    ) {
                                        err::clear();
                                        let _ = err::type_error(&format!(
                                            "'{}' object is not a mapping",
                                            typeobj::short_name((*upd.as_ptr()).ob_type)
                                        ));
                                    }
                                    break 'dispatch;
                                }
                            }
                            op::DICT_MERGE => {
                                // `f(**a, **b)`: the callable sits below the dict.
                                let upd = peek!(1);
                                let d = peek!(oparg as usize + 1);
                                let func = peek!(oparg as usize + 3);
                                if merge_kwargs(d, upd).is_err() {
                                    kwargs_error(func, upd);
                                    break 'dispatch;
                                }
                                decref(pop!());
                            }
                            op::CALL_INTRINSIC_1 => {
                                let v = Owned::from_raw(pop!());
                                let r = match oparg {
                                    // INTRINSIC_PRINT (interactive mode's
                                    // expression statements).
                                    1 => {
                                        let hook = crate::system::sysmodule::get("displayhook");
                                        if hook.is_null() {
                                            Err(err::raise(
                                                crate::objects::exceptions::Exc::RuntimeError,
                                                "lost sys.displayhook",
                                            ))
                                        } else {
                                            crate::protocols::call::call_args(hook, &[v.as_ptr()])
                                        }
                                    }
                                    5 => number::unary(v.as_ptr(), UnaryOp::Positive),
                                    2 => import_star(frame, v.as_ptr())
                                        .map(|()| Owned::from_borrowed(lifecycle::none())),
                                    3 => genobject::stopiteration_error(code!(), v.as_ptr()),
                                    4 => crate::code::asyncgen::wrap_value(v.as_ptr()),
                                    7..=9 => typevarobject::make_param(oparg, v.as_ptr()),
                                    10 => typevarobject::subscript_generic(v.as_ptr()),
                                    11 => typevarobject::typealias(v.as_ptr()),
                                    6 => tuple::from_owned(list::to_vec(v.as_ptr())),
                                    _ => {
                                        let _ = err::system_error(&format!(
                                            "Ophis cannot run CALL_INTRINSIC_1 {oparg} yet"
                                        ));
                                        break 'dispatch;
                                    }
                                };
                                push!(tri!('dispatch, r).into_raw());
                            }
                            op::CALL_INTRINSIC_2 => {
                                let v1 = Owned::from_raw(pop!());
                                let v2 = Owned::from_raw(pop!());
                                save!();
                                let r = match oparg {
                                    1 => {
                                        exceptiongroup::prep_reraise_star(v2.as_ptr(), v1.as_ptr())
                                    }
                                    2 | 3 => typevarobject::typevar_lazy(
                                        v2.as_ptr(),
                                        v1.as_ptr(),
                                        oparg == 3,
                                    ),
                                    4 => {
                                        if (*v2.as_ptr()).ob_type != lifecycle::function_type()
                                            || !tuple::check(v1.as_ptr())
                                        {
                                            let _ = err::system_error(
                                                "SET_FUNCTION_TYPE_PARAMS: expected a function and a tuple",
                                            );
                                            break 'dispatch;
                                        }
                                        funcobject::set_type_params(v2.as_ptr(), v1.as_ptr());
                                        Ok(v2)
                                    }
                                    _ => {
                                        let _ = err::system_error(&format!(
                                            "Ophis cannot run CALL_INTRINSIC_2 {oparg} yet"
                                        ));
                                        break 'dispatch;
                                    }
                                };
                                push!(tri!('dispatch, r).into_raw());
                            }
                            op::KW_NAMES => kwnames = *consts!().add(oparg as usize),
                            op::CALL => {
                                adaptive!('op, opcode, op::CALL, specialize::call(
                                    ip.sub(1),
                                    peek!(oparg as usize + 1),
                                    peek!(oparg as usize + 2),
                                    oparg as usize,
                                    kwnames
                                ));
                                // The NULL-or-method slot, where the result goes.
                                let base = sp.sub(oparg as usize + 2);
                                let traced = if instrument::active() {
                                    let (c, a0) = if !(*base).is_null() {
                                        (*base, *base.add(1))
                                    } else if oparg > 0 {
                                        (*base.add(1), *base.add(2))
                                    } else {
                                        (*base.add(1), ptr::null_mut())
                                    };
                                    save!();
                                    tri!('dispatch, instrument::call(ts, frame, c, a0))
                                } else {
                                    None
                                };
                                let mut total = oparg as usize;
                                let mut args = sp.sub(total);
                                let method = *args.sub(2);
                                let mut callable = *args.sub(1);
                                if !method.is_null() {
                                    callable = method;
                                    args = args.sub(1);
                                    total += 1;
                                } else if (*callable).ob_type == lifecycle::method_type() {
                                    let m = callable as *mut boundmethod::PyMethodObject;
                                    let func = new_ref((*m).im_func);
                                    *args.sub(1) = new_ref((*m).im_self);
                                    *args.sub(2) = func;
                                    decref(callable);
                                    callable = func;
                                    args = args.sub(1);
                                    total += 1;
                                }
                                let nkw = if kwnames.is_null() {
                                    0
                                } else {
                                    tuple::size(kwnames) as usize
                                };
                                let kw = std::mem::replace(&mut kwnames, ptr::null_mut());
                                ip = ip.add(cache(op::CALL));
                                if (*callable).ob_type == lifecycle::function_type()
                                    && (*(callable as *mut PyFunctionObject))
                                        .vectorcall
                                        .map(|f| f as usize)
                                        == Some(function_vectorcall as *const () as usize)
                                {
                                    // Inline call: the callee's frame runs in this loop.
                                    if let Some(t) = traced {
                                        instrument::call_skipped(t);
                                    }
                                    (*frame).prev_instr = ip.sub(1);
                                    let argv = std::slice::from_raw_parts(args, total);
                                    let pushed =
                                        push_frame(ts, callable, argv, kw, ptr::null_mut());
                                    // The arguments and the callable are released in
                                    // any case (the frame took its own references).
                                    decref_n(args, total);
                                    decref(callable);
                                    sp = base;
                                    save!();
                                    match pushed {
                                        Ok(f) => {
                                            frame = f;
                                            (*ts).current_frame = frame;
                                            continue 'frames;
                                        }
                                        Err(_) => break 'dispatch,
                                    }
                                }
                                save!();
                                let r = call::vectorcall(
                                    callable,
                                    args,
                                    (total - nkw) | ophis_vectorcall::ARGUMENTS_OFFSET,
                                    kw,
                                );
                                let r = match traced {
                                    Some(t) => instrument::call_done(ts, frame, t, r),
                                    None => r,
                                };
                                decref_n(args, total);
                                decref(callable);
                                sp = base;
                                if r.is_null() {
                                    break 'dispatch;
                                }
                                push!(r);
                            }
                            op::CALL_FUNCTION_EX => {
                                let kwargs = if oparg & 1 != 0 {
                                    Some(Owned::from_raw(pop!()))
                                } else {
                                    None
                                };
                                let callargs = Owned::from_raw(pop!());
                                let func = Owned::from_raw(pop!());
                                let null = pop!();
                                xdecref(null);
                                let callargs = if tuple::check(callargs.as_ptr()) {
                                    callargs
                                } else {
                                    match abstract_::to_tuple(callargs.as_ptr()) {
                                        Ok(t) => t,
                                        Err(_) => {
                                            let c = callargs.as_ptr();
                                            if err::given_matches(
                                                err::occurred(),
                                                exceptions::get(Exc::TypeError),
                                            ) && (*(*c).ob_type).tp_iter.is_none()
                                                && !crate::objects::iterobject::sequence_check(c)
                                            {
                                                err::clear();
                                                let _ = err::type_error(&format!(
                                            "{}{} argument after * must be an iterable, not {}",
                                            func_name(func.as_ptr()),
                                            func_desc(func.as_ptr()),
                                            typeobj::short_name((*c).ob_type)
                                        ));
                                            }
                                            break 'dispatch;
                                        }
                                    }
                                };
                                save!();
                                let f = func.as_ptr();
                                let traced = if instrument::active()
                                    && (*f).ob_type != lifecycle::function_type()
                                    && (*f).ob_type != lifecycle::method_type()
                                {
                                    let a0 = if tuple::size(callargs.as_ptr()) > 0 {
                                        tuple::item(callargs.as_ptr(), 0)
                                    } else {
                                        lifecycle::none()
                                    };
                                    tri!('dispatch, instrument::call(ts, frame, f, a0))
                                } else {
                                    None
                                };
                                let r = call::call(
                                    f,
                                    callargs.as_ptr(),
                                    kwargs.as_ref().map_or(ptr::null_mut(), |k| k.as_ptr()),
                                );
                                let r = match traced {
                                    Some(t) => err::from_ptr(instrument::call_done(
                                        ts,
                                        frame,
                                        t,
                                        err::into_ptr(r),
                                    )),
                                    None => r,
                                };
                                push!(tri!('dispatch, r).into_raw());
                            }
                            op::MAKE_FUNCTION => {
                                let codeobj = pop!();
                                let mut parts = [ptr::null_mut(); 4];
                                for (bit, slot) in [(8u32, 3usize), (4, 2), (2, 1), (1, 0)] {
                                    if oparg & bit != 0 {
                                        parts[slot] = pop!();
                                    }
                                }
                                let codeobj = Owned::from_raw(codeobj);
                                let f = tri!('dispatch, make_function(codeobj.as_ptr(), (*frame).f_globals, parts));
                                push!(f.into_raw());
                            }
                            op::RETURN_VALUE | op::RETURN_CONST => {
                                let retval = if opcode == op::RETURN_VALUE {
                                    pop!()
                                } else {
                                    new_ref(*consts!().add(oparg as usize))
                                };
                                save!();
                                if instrument::active()
                                    && instrument::py_return(ts, frame, retval).is_err()
                                {
                                    decref(retval);
                                    break 'dispatch;
                                }
                                let done = frame;
                                let caller = (*done).previous;
                                let is_entry = done == entry;
                                if !is_entry && (*done).owner == OWNED_BY_GENERATOR {
                                    genobject::leave_inline(ts, done);
                                }
                                pop_frame(ts, done);
                                if is_entry {
                                    (*ts).current_frame = caller;
                                    break 'frames retval;
                                }
                                frame = caller;
                                (*ts).current_frame = frame;
                                // A generator resumed inline returns to its
                                // `FOR_ITER`/`SEND` target.
                                let ro = (*frame).return_offset;
                                if ro != 0 {
                                    (*frame).prev_instr = (*frame).prev_instr.add(ro as usize);
                                    (*frame).return_offset = 0;
                                }
                                let clp = InterpFrame::localsplus(frame);
                                *clp.add((*frame).stacktop as usize) = retval;
                                (*frame).stacktop += 1;
                                continue 'frames;
                            }
                            op::RETURN_GENERATOR => {
                                save!();
                                let gen = tri!('dispatch, genobject::from_frame(frame));
                                let done = frame;
                                let caller = (*done).previous;
                                let is_entry = done == entry;
                                pop_frame(ts, done);
                                if is_entry {
                                    (*ts).current_frame = caller;
                                    break 'frames gen.into_raw();
                                }
                                frame = caller;
                                (*ts).current_frame = frame;
                                let clp = InterpFrame::localsplus(frame);
                                *clp.add((*frame).stacktop as usize) = gen.into_raw();
                                (*frame).stacktop += 1;
                                continue 'frames;
                            }
                            op::YIELD_VALUE => {
                                let retval = pop!();
                                save!();
                                if instrument::active()
                                    && instrument::py_yield(ts, frame, retval).is_err()
                                {
                                    decref(retval);
                                    break 'dispatch;
                                }
                                (*genobject::of_frame(frame)).gi_frame_state =
                                    genobject::FRAME_SUSPENDED;
                                let caller = (*frame).previous;
                                (*frame).previous = ptr::null_mut();
                                (*ts).py_recursion_remaining += 1;
                                if frame == entry {
                                    (*ts).current_frame = caller;
                                    break 'frames retval;
                                }
                                genobject::leave_inline(ts, frame);
                                frame = caller;
                                (*frame).return_offset = 0;
                                (*ts).current_frame = frame;
                                let clp = InterpFrame::localsplus(frame);
                                *clp.add((*frame).stacktop as usize) = retval;
                                (*frame).stacktop += 1;
                                continue 'frames;
                            }
                            op::SEND => {
                                let v = pop!();
                                let receiver = peek!(1);
                                save!();
                                if genobject::check(receiver) || genobject::coro_check(receiver) {
                                    // A generator or coroutine is resumed in this
                                    // loop when it can be (its return lands on the
                                    // jump target), else directly: no `send`
                                    // lookup, no StopIteration object.
                                    if oparg <= u16::MAX as u32 {
                                        let f = genobject::enter_inline(ts, receiver, v, frame);
                                        if !f.is_null() {
                                            ip = ip.add(cache(op::SEND));
                                            (*frame).prev_instr = ip.sub(1);
                                            (*frame).return_offset = oparg as u16;
                                            save!();
                                            frame = f;
                                            (*ts).current_frame = frame;
                                            continue 'frames;
                                        }
                                    }
                                    let sent = genobject::send_ex(receiver, v, false);
                                    decref(v);
                                    match tri!('dispatch, sent) {
                                        genobject::Sent::Yielded(r) => {
                                            push!(r.into_raw());
                                            ip = ip.add(cache(op::SEND));
                                        }
                                        genobject::Sent::Returned(r) => {
                                            push!(r.into_raw());
                                            ip = ip.add(cache(op::SEND) + oparg as usize);
                                        }
                                    }
                                    continue 'dispatch;
                                }
                                let r = match (*(*receiver).ob_type).tp_iternext {
                                    Some(next) if v == lifecycle::none() => next(receiver),
                                    _ => err::into_ptr(
                                        unicode::intern("send")
                                            .and_then(|n| abstract_::getattr(receiver, n.as_ptr()))
                                            .and_then(|m| call::call_args(m.as_ptr(), &[v])),
                                    ),
                                };
                                decref(v);
                                if r.is_null() {
                                    let value = tri!('dispatch, fetch_stop_iteration_value());
                                    push!(value.into_raw());
                                    ip = ip.add(cache(op::SEND) + oparg as usize);
                                } else {
                                    push!(r);
                                    ip = ip.add(cache(op::SEND));
                                }
                            }
                            op::GET_AWAITABLE => {
                                let v = Owned::from_raw(pop!());
                                let it = match genobject::awaitable_iter(v.as_ptr()) {
                                    Ok(it) => it,
                                    Err(_) => {
                                        awaitable_error(v.as_ptr(), oparg);
                                        break 'dispatch;
                                    }
                                };
                                if genobject::coro_check(it.as_ptr())
                                    && !genobject::awaiting(it.as_ptr()).is_null()
                                {
                                    let _ = err::raise(
                                        Exc::RuntimeError,
                                        "coroutine is being awaited already",
                                    );
                                    break 'dispatch;
                                }
                                push!(it.into_raw());
                            }
                            op::BEFORE_ASYNC_WITH => {
                                let mgr = Owned::from_raw(pop!());
                                save!();
                                let (exit, res) =
                                    tri!('dispatch, enter_context(mgr.as_ptr(), true));
                                push!(exit.into_raw());
                                push!(res.into_raw());
                            }
                            op::GET_AITER => {
                                let obj = Owned::from_raw(pop!());
                                save!();
                                let it = tri!('dispatch, get_aiter(obj.as_ptr()));
                                push!(it.into_raw());
                            }
                            op::GET_ANEXT => {
                                let aiter = peek!(1);
                                save!();
                                let aw = tri!('dispatch, get_anext(aiter));
                                push!(aw.into_raw());
                            }
                            op::END_ASYNC_FOR => {
                                let exc = pop!();
                                if err::given_matches(exc, exceptions::get(Exc::StopAsyncIteration))
                                {
                                    decref(exc);
                                    decref(pop!());
                                } else {
                                    err::restore(exc);
                                    new_tb = false;
                                    break 'dispatch;
                                }
                            }
                            op::GET_YIELD_FROM_ITER => {
                                let v = peek!(1);
                                if genobject::coro_check(v) {
                                    if (*(code!() as *mut PyCodeObject)).co_flags & 0x0180 == 0 {
                                        let _ = err::type_error(
                                    "cannot 'yield from' a coroutine object in a non-coroutine generator",
                                );
                                        break 'dispatch;
                                    }
                                } else if !genobject::check(v) {
                                    let it =
                                        tri!('dispatch, crate::objects::iterobject::get_iter(v));
                                    decref(pop!());
                                    push!(it.into_raw());
                                }
                            }
                            op::CLEANUP_THROW => {
                                let exc = peek!(1);
                                if err::given_matches(exc, exceptions::get(Exc::StopIteration)) {
                                    let value = tri!('dispatch, abstract_::getattr(exc, tri!('dispatch, unicode::intern("value")).as_ptr()));
                                    decref(pop!());
                                    decref(pop!());
                                    decref(pop!());
                                    push!(new_ref(lifecycle::none()));
                                    push!(value.into_raw());
                                } else {
                                    err::restore(new_ref(exc));
                                    new_tb = false;
                                    break 'dispatch;
                                }
                            }
                            op::LOAD_ASSERTION_ERROR => {
                                push!(new_ref(exceptions::get(Exc::AssertionError)));
                            }
                            op::LOAD_BUILD_CLASS => {
                                let key = tri!('dispatch, unicode::intern("__build_class__"));
                                match tri!('dispatch, mapping_lookup((*frame).f_builtins, key.as_ptr()))
                                {
                                    Some(v) => push!(v.into_raw()),
                                    None => {
                                        let _ =
                                            err::raise(Exc::NameError, "__build_class__ not found");
                                        break 'dispatch;
                                    }
                                }
                            }
                            op::RAISE_VARARGS => {
                                let (exc, cause) = match oparg {
                                    0 => (ptr::null_mut(), ptr::null_mut()),
                                    1 => (pop!(), ptr::null_mut()),
                                    2 => {
                                        let c = pop!();
                                        (pop!(), c)
                                    }
                                    _ => {
                                        let _ = err::system_error("bad RAISE_VARARGS oparg");
                                        break 'dispatch;
                                    }
                                };
                                save!();
                                if do_raise(exc, cause) {
                                    new_tb = false;
                                }
                                break 'dispatch;
                            }
                            op::RERAISE => {
                                let exc = pop!();
                                if oparg != 0 {
                                    let lasti = peek!(oparg as usize);
                                    if long::check(lasti) {
                                        let l = long::as_ssize(lasti).unwrap_or(0);
                                        (*frame).prev_instr = first!().offset(l);
                                    } else {
                                        decref(exc);
                                        let _ = err::system_error("lasti is not an int");
                                        break 'dispatch;
                                    }
                                }
                                err::restore(exc);
                                new_tb = false;
                                save!();
                                break 'dispatch;
                            }
                            op::PUSH_EXC_INFO => {
                                let v = pop!();
                                let prev = err::handled();
                                push!(if prev.is_null() {
                                    new_ref(lifecycle::none())
                                } else {
                                    prev
                                });
                                err::set_handled(v);
                                push!(v);
                            }
                            op::POP_EXCEPT => {
                                let v = Owned::from_raw(pop!());
                                err::set_handled(v.as_ptr());
                            }
                            op::CHECK_EXC_MATCH => {
                                let right = Owned::from_raw(pop!());
                                let left = peek!(1);
                                tri!('dispatch, check_except_type(right.as_ptr()));
                                let r = err::given_matches(left, right.as_ptr());
                                push!(py_bool(r));
                            }
                            op::CHECK_EG_MATCH => {
                                let ty = Owned::from_raw(pop!());
                                let exc = Owned::from_raw(pop!());
                                save!();
                                tri!('dispatch, exceptiongroup::check_star_type(ty.as_ptr()));
                                let (m, rest) = tri!('dispatch, exceptiongroup::eg_match(exc.as_ptr(), ty.as_ptr()));
                                if m.as_ptr() != lifecycle::none() {
                                    err::set_handled(m.as_ptr());
                                }
                                push!(rest.into_raw());
                                push!(m.into_raw());
                            }
                            op::UNPACK_EX => {
                                let seq = Owned::from_raw(pop!());
                                let before = (oparg & 0xff) as usize;
                                let after = (oparg >> 8) as usize;
                                let k =
                                    tri!('dispatch, unpack(seq.as_ptr(), before, Some(after), sp));
                                sp = sp.add(k);
                            }
                            op::FORMAT_VALUE => {
                                let spec = if oparg & 4 != 0 {
                                    Some(Owned::from_raw(pop!()))
                                } else {
                                    None
                                };
                                let v = Owned::from_raw(pop!());
                                let r = tri!('dispatch, format_value(
                                    v.as_ptr(),
                                    oparg & 3,
                                    spec.as_ref().map_or(ptr::null_mut(), |s| s.as_ptr())
                                ));
                                push!(r.into_raw());
                            }
                            op::MATCH_MAPPING | op::MATCH_SEQUENCE => {
                                let want = if opcode == op::MATCH_MAPPING {
                                    typeobj::flags::MAPPING
                                } else {
                                    typeobj::flags::SEQUENCE
                                };
                                let subject = peek!(1);
                                push!(py_bool((*(*subject).ob_type).tp_flags & want != 0));
                            }
                            op::MATCH_KEYS => {
                                let r = tri!('dispatch, match_keys(peek!(2), peek!(1)));
                                push!(
                                    r.map_or_else(|| new_ref(lifecycle::none()), |v| v.into_raw())
                                );
                            }
                            op::MATCH_CLASS => {
                                let names = Owned::from_raw(pop!());
                                let ty = Owned::from_raw(pop!());
                                let subject = Owned::from_raw(pop!());
                                let r = tri!('dispatch, match_class(
                                    subject.as_ptr(),
                                    ty.as_ptr(),
                                    oparg as usize,
                                    names.as_ptr()
                                ));
                                push!(
                                    r.map_or_else(|| new_ref(lifecycle::none()), |v| v.into_raw())
                                );
                            }
                            op::GET_LEN => {
                                let n = tri!('dispatch, abstract_::size(peek!(1)));
                                push!(tri!('dispatch, long::from_i64(n as i64)).into_raw());
                            }
                            op::IMPORT_NAME => {
                                let fromlist = Owned::from_raw(pop!());
                                let level = Owned::from_raw(pop!());
                                save!();
                                let m = tri!('dispatch, import_name(
                                    frame,
                                    name!(oparg),
                                    fromlist.as_ptr(),
                                    level.as_ptr()
                                ));
                                push!(m.into_raw());
                            }
                            op::IMPORT_FROM => {
                                let v = tri!('dispatch, import_from(peek!(1), name!(oparg)));
                                push!(v.into_raw());
                            }
                            op::BEFORE_WITH => {
                                let mgr = Owned::from_raw(pop!());
                                save!();
                                let (exit, res) =
                                    tri!('dispatch, enter_context(mgr.as_ptr(), false));
                                push!(exit.into_raw());
                                push!(res.into_raw());
                            }
                            op::WITH_EXCEPT_START => {
                                let val = peek!(1);
                                let exit = peek!(4);
                                let tb =
                                    (*(val as *mut exceptions::PyBaseExceptionObject)).traceback;
                                let tb = if tb.is_null() { lifecycle::none() } else { tb };
                                let t = (*val).ob_type as *mut PyObject;
                                save!();
                                let r = tri!('dispatch, call::call_args(exit, &[t, val, tb]));
                                push!(r.into_raw());
                            }
                            _ => {
                                let _ = bad_opcode(code!(), opcode, InterpFrame::lasti(frame));
                                break 'dispatch;
                            }
                        }
                        break 'op;
                    }
                }
            }

            // An exception is set: record the frame in the traceback, then
            // unwind to a handler in this frame or leave it.
            if new_tb && InterpFrame::is_complete(frame) {
                if let Ok(fo) = frameobject::for_interp(frame) {
                    let _ = traceback::here(fo);
                }
            }
            // The handler is looked up at the instruction that failed (a
            // RERAISE moved `prev_instr` back to where the exception was
            // first raised; that position is what a handler gets as lasti).
            let lasti = InterpFrame::lasti(frame);
            let failed = ip.offset_from(first!()) - 1;
            // Where events place the error: the instruction that raised
            // (its inline caches may have been passed), or the re-raising
            // instruction.
            let at = if new_tb { lasti as isize } else { failed };
            if instrument::active() {
                instrument::raised(ts, frame, new_tb, at);
            }
            match find_handler(code!(), failed.max(0) as usize) {
                Some(h) => {
                    let base = lp!().add((*(code!() as *mut PyCodeObject)).co_nlocalsplus as usize);
                    let new_top = base.add(h.depth);
                    xdecref_down(new_top, sp);
                    sp = new_top;
                    if h.lasti {
                        match long::from_i64(lasti as i64) {
                            Ok(l) => push!(l.into_raw()),
                            Err(_) => {
                                // unreachable in practice: small ints
                            }
                        }
                    }
                    let exc = err::take();
                    push!(exc);
                    (*frame).prev_instr = first!().add(h.target).sub(1);
                    save!();
                    if instrument::active()
                        && instrument::handled(ts, frame, exc, h.target).is_err()
                    {
                        // The hook's exception unwinds from the handler.
                        unwinding = true;
                    }
                    continue 'frames;
                }
                None => {
                    if instrument::active() {
                        instrument::unwind(ts, frame, at);
                    }
                    let bottom =
                        lp!().add((*(code!() as *mut PyCodeObject)).co_nlocalsplus as usize);
                    xdecref_down(bottom, sp);
                    sp = bottom;
                    save!();
                    let done = frame;
                    let caller = (*done).previous;
                    let is_entry = done == entry;
                    if !is_entry && (*done).owner == OWNED_BY_GENERATOR {
                        genobject::leave_inline(ts, done);
                    }
                    pop_frame(ts, done);
                    if is_entry {
                        (*ts).current_frame = caller;
                        break 'frames ptr::null_mut();
                    }
                    frame = caller;
                    (*frame).return_offset = 0;
                    (*ts).current_frame = frame;
                    // The error goes on in the caller (with its own
                    // traceback entry).
                    unwinding = true;
                    continue 'frames;
                }
            }
        };
        call::leave_recursive_call();
        result
    }
}
