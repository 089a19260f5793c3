//! The evaluator's fast loop: the instructions that run most often and
//! never leave their frame (loads and stores of locals and constants, stack
//! shuffles, jumps, and the specialized forms of arithmetic, comparisons,
//! subscripts, iteration, globals and attributes) run here, in a function
//! small enough that the instruction pointer, the stack pointer and the
//! frame stay in registers. [`ceval::run`](super::ceval) hands an
//! instruction of [`FAST`] to [`run`], which runs it and the instructions
//! after it until it meets one it does not run, a specialized form whose
//! guard fails, an error, or line and instruction events
//! (`instrument::stepping`), and hands back.

use super::ceval::{
    bad_opcode, binary_op, cache, compare_result, decref_n, float_result, floor_divmod,
    load_global, pop_frame, push_frame_exact, push_reversed, py_bool, slice_fast, unbound_deref,
    unbound_local, unpack,
};
use crate::code::codeobject::PyCodeObject;
use crate::code::frame::{InterpFrame, OWNED_BY_THREAD};
use crate::code::funcobject::PyFunctionObject;
use crate::code::instrument;
use crate::code::specialize::{self, sop};
use crate::objects::boundmethod;
use crate::objects::exceptions::{self, Exc};
use crate::objects::object::*;
use crate::objects::{cell, dict, float, list, long, slice, tuple, typeobj, unicode};
use crate::protocols::abstract_;
use crate::protocols::attr;
use crate::protocols::number::{self, UnaryOp};
use crate::runtime::err;
use crate::runtime::eval_breaker;
use crate::runtime::lifecycle;
use crate::runtime::thread::{self, ThreadState};
use ophis_compiler::opcode as op;
use std::ffi::c_int;
use std::ptr;

/// The tag [`run`] sets in the stack pointer it returns (which is
/// 8-aligned) when it hands back with an exception set.
pub(super) const ERROR: usize = 1;
/// The tag [`run`] sets in the stack pointer it returns when the caller
/// must run the generic form of the instruction before the instruction
/// pointer itself (a call or return the fast loop leaves to it; the oparg
/// is found as for [`AGAIN`]).
pub(super) const SLOW: usize = 2;
/// The tag [`run`] sets in the instruction pointer it returns (which is
/// 2-aligned) when the instruction before it was just specialized: the
/// caller runs it again, in its new form, with the same oparg when it was
/// the first instruction `run` was given (possibly extended), else with its
/// own.
pub(super) const AGAIN: usize = 1;

/// The opcodes [`run`] runs.
const OPCODES: &[u16] = &[
    sop::LOAD_FAST__LOAD_FAST,
    sop::LOAD_FAST__LOAD_CONST,
    sop::LOAD_CONST__LOAD_FAST,
    sop::STORE_FAST__LOAD_FAST,
    sop::STORE_FAST__STORE_FAST,
    sop::BINARY_OP_ADD_INT,
    sop::BINARY_OP_SUBTRACT_INT,
    sop::BINARY_OP_MULTIPLY_INT,
    sop::BINARY_OP_AND_INT,
    sop::BINARY_OP_OR_INT,
    sop::BINARY_OP_XOR_INT,
    sop::BINARY_OP_RSHIFT_INT,
    sop::BINARY_OP_FLOOR_DIVIDE_INT,
    sop::BINARY_OP_REMAINDER_INT,
    sop::BINARY_OP_ADD_FLOAT,
    sop::BINARY_OP_SUBTRACT_FLOAT,
    sop::BINARY_OP_MULTIPLY_FLOAT,
    sop::BINARY_OP_TRUE_DIVIDE_FLOAT,
    sop::BINARY_OP_ADD_UNICODE,
    sop::COMPARE_OP_INT,
    sop::COMPARE_OP_FLOAT,
    sop::COMPARE_OP_STR,
    sop::BINARY_SUBSCR_LIST_INT,
    sop::BINARY_SUBSCR_TUPLE_INT,
    sop::BINARY_SUBSCR_DICT,
    sop::STORE_SUBSCR_LIST_INT,
    sop::STORE_SUBSCR_DICT,
    sop::FOR_ITER_LIST,
    sop::FOR_ITER_RANGE,
    sop::LOAD_GLOBAL_MODULE,
    sop::LOAD_GLOBAL_BUILTIN,
    sop::LOAD_ATTR_INSTANCE_VALUE,
    sop::LOAD_ATTR_MODULE,
    sop::LOAD_ATTR_METHOD_WITH_VALUES,
    sop::LOAD_ATTR_METHOD_NO_DICT,
    sop::LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES,
    sop::LOAD_ATTR_CLASS,
    sop::LOAD_ATTR_SLOT,
    sop::STORE_ATTR_SLOT,
    sop::STORE_ATTR_INSTANCE_VALUE,
    op::NOP,
    op::POP_TOP,
    op::PUSH_NULL,
    op::COPY,
    op::SWAP,
    op::LOAD_CONST,
    op::LOAD_FAST,
    op::LOAD_FAST_AND_CLEAR,
    op::STORE_FAST,
    op::LOAD_CLOSURE,
    op::IS_OP,
    op::JUMP_FORWARD,
    op::JUMP_BACKWARD_NO_INTERRUPT,
    op::JUMP_BACKWARD,
    op::RESUME,
    sop::CALL_PY_EXACT_ARGS,
    sop::CALL_BOUND_METHOD_EXACT_ARGS,
    sop::CALL_PY_WITH_DEFAULTS,
    op::RETURN_VALUE,
    op::RETURN_CONST,
    op::LOAD_FAST_CHECK,
    op::LOAD_DEREF,
    op::STORE_DEREF,
    op::LOAD_GLOBAL,
    op::LOAD_ATTR,
    op::STORE_ATTR,
    op::BINARY_OP,
    op::UNARY_NEGATIVE,
    op::UNARY_INVERT,
    op::UNARY_NOT,
    op::COMPARE_OP,
    op::CONTAINS_OP,
    op::BINARY_SUBSCR,
    op::STORE_SUBSCR,
    op::BINARY_SLICE,
    op::BUILD_TUPLE,
    op::BUILD_LIST,
    op::LIST_APPEND,
    op::GET_ITER,
    op::FOR_ITER,
    op::UNPACK_SEQUENCE,
    op::POP_JUMP_IF_FALSE,
    op::POP_JUMP_IF_TRUE,
    op::POP_JUMP_IF_NONE,
    op::POP_JUMP_IF_NOT_NONE,
];

/// Whether [`run`] runs an opcode, by opcode.
pub(super) static FAST: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < OPCODES.len() {
        t[OPCODES[i] as usize] = true;
        i += 1;
    }
    t
};

/// Runs the instruction `opcode`/`oparg` (one of [`FAST`], already
/// fetched: `ip` is past its word and `prev_instr` on it) and the ones
/// after it, as `ceval::run` would, until it meets an instruction it does
/// not run, line or instruction events (then the instruction pointer it
/// returns is at that instruction's word, not yet fetched), a
/// specialization (the instruction pointer tagged with [`AGAIN`]) or an
/// exception (the stack pointer tagged with [`ERROR`]). Returns the
/// instruction pointer and the stack pointer. Values come and go in
/// registers: the fewer values live across the loop, the more of them stay
/// in registers.
///
/// # Safety
/// `frame` is the running frame of the attached thread, `sp` its stack
/// top.
#[inline(never)]
pub(super) unsafe fn run(
    ts: *mut ThreadState,
    mut frame: *mut InterpFrame,
    mut ip: *mut u16,
    mut sp: *mut *mut PyObject,
    mut opcode: u16,
    mut oparg: u32,
) -> (usize, *mut *mut PyObject) {
    // SAFETY: as `ceval::run`: the frame is live, every stack slot below
    // `sp` is owned, the compiler's stack depth bounds `sp`.
    unsafe {
        frame_macros!($ frame sp);
        // The ways out: the instruction pointer (tagged with `AGAIN` after a
        // specialization) and the stack pointer (tagged with `ERROR` when an
        // exception is set).
        macro_rules! leave {
            () => {{
                return (ip as usize, sp);
            }};
        }
        macro_rules! slow {
            () => {{
                return (
                    ip as usize | AGAIN,
                    (sp as usize | SLOW) as *mut *mut PyObject,
                );
            }};
        }
        macro_rules! fail {
            () => {{
                return (ip as usize, (sp as usize | ERROR) as *mut *mut PyObject);
            }};
        }
        // `tri!`, `miss!` and `float_op!` take the labels `ceval::run`'s
        // take, unused here, so that an instruction reads the same in both.
        macro_rules! tri {
            ($l:lifetime, $e:expr) => {
                match $e {
                    Ok(v) => v,
                    Err(_) => fail!(),
                }
            };
        }
        // A specialized instruction's guard failed: its generic form runs
        // (in [`generic`]) in its place.
        macro_rules! miss {
            ($l:lifetime, $opcode:ident, $base:expr) => {{
                if $base == op::CALL {
                    slow!();
                }
                let (i, s) = generic(frame, ip, sp, $base, oparg);
                if s as usize & ERROR != 0 || i & AGAIN != 0 {
                    return (i, s);
                }
                ip = i as *mut u16;
                sp = s;
                break $l;
            }};
        }
        // A specialized `LOAD_ATTR`'s value replaces its owner (after a
        // NULL for a method call, the value being no unbound method).
        macro_rules! attr_result {
            ($oparg:ident, $owner:expr, $v:expr) => {{
                let v = $v;
                if $oparg & 1 != 0 {
                    *sp.sub(1) = ptr::null_mut();
                    push!(v);
                } else {
                    *sp.sub(1) = v;
                }
                decref($owner);
                ip = ip.add(cache(op::LOAD_ATTR));
            }};
        }
        // A specialized comparison's result: when a conditional jump
        // follows (and no line events want to see it run), the jump is
        // taken here, saving the bool and a dispatch.
        macro_rules! compare_push {
            ($r:expr) => {{
                let r: bool = $r;
                let next = *ip.add(1);
                let nop = next & 0xff;
                if !instrument::stepping()
                    && (nop == op::POP_JUMP_IF_FALSE || nop == op::POP_JUMP_IF_TRUE)
                {
                    ip = ip.add(2);
                    if r == (nop == op::POP_JUMP_IF_TRUE) {
                        ip = ip.add((next >> 8) as usize);
                    }
                } else {
                    push!(py_bool(r));
                    ip = ip.add(1);
                }
            }};
        }
        // A specialized float operation: both operands exact floats (else
        // the generic BINARY_OP), `$v` computed from their values `$x` and
        // `$y`, the result in an operand's box when it is the only
        // reference.
        macro_rules! float_op {
            ($op:lifetime, $d:lifetime, $opc:ident, $x:ident, $y:ident, $v:expr) => {{
                let (a, b) = (peek!(2), peek!(1));
                let ft = lifecycle::float_type();
                if (*a).ob_type != ft || (*b).ob_type != ft {
                    miss!($op, $opc, op::BINARY_OP);
                }
                let ($x, $y) = (float::value(a), float::value(b));
                let v = $v;
                sp = sp.sub(2);
                let r = float_result(a, b, v);
                if r.is_null() {
                    fail!();
                }
                push!(r);
                ip = ip.add(1);
            }};
        }
        loop {
            'op: {
                match opcode {
                    sop::LOAD_FAST__LOAD_FAST => {
                        push!(new_ref(*lp!().add(oparg as usize)));
                        let o2 = (*ip >> 8) as usize;
                        ip = ip.add(1);
                        push!(new_ref(*lp!().add(o2)));
                    }
                    sop::LOAD_FAST__LOAD_CONST => {
                        push!(new_ref(*lp!().add(oparg as usize)));
                        let o2 = (*ip >> 8) as usize;
                        ip = ip.add(1);
                        push!(new_ref(*consts!().add(o2)));
                    }
                    sop::LOAD_CONST__LOAD_FAST => {
                        push!(new_ref(*consts!().add(oparg as usize)));
                        let o2 = (*ip >> 8) as usize;
                        ip = ip.add(1);
                        push!(new_ref(*lp!().add(o2)));
                    }
                    sop::STORE_FAST__LOAD_FAST => {
                        let slot = lp!().add(oparg as usize);
                        let old = std::mem::replace(&mut *slot, pop!());
                        let o2 = (*ip >> 8) as usize;
                        ip = ip.add(1);
                        push!(new_ref(*lp!().add(o2)));
                        xdecref(old);
                    }
                    sop::STORE_FAST__STORE_FAST => {
                        let slot = lp!().add(oparg as usize);
                        let old = std::mem::replace(&mut *slot, pop!());
                        let o2 = (*ip >> 8) as usize;
                        ip = ip.add(1);
                        let slot2 = lp!().add(o2);
                        let old2 = std::mem::replace(&mut *slot2, pop!());
                        xdecref(old);
                        xdecref(old2);
                    }
                    sop::BINARY_OP_ADD_INT
                    | sop::BINARY_OP_SUBTRACT_INT
                    | sop::BINARY_OP_MULTIPLY_INT
                    | sop::BINARY_OP_AND_INT
                    | sop::BINARY_OP_OR_INT
                    | sop::BINARY_OP_XOR_INT
                    | sop::BINARY_OP_RSHIFT_INT
                    | sop::BINARY_OP_FLOOR_DIVIDE_INT
                    | sop::BINARY_OP_REMAINDER_INT => {
                        let (a, b) = (peek!(2), peek!(1));
                        let (Some(x), Some(y)) =
                            (specialize::small_int(a), specialize::small_int(b))
                        else {
                            miss!('op, opcode, op::BINARY_OP);
                        };
                        let v = match opcode {
                            sop::BINARY_OP_ADD_INT => Some(x + y),
                            sop::BINARY_OP_SUBTRACT_INT => Some(x - y),
                            sop::BINARY_OP_MULTIPLY_INT => x.checked_mul(y),
                            sop::BINARY_OP_AND_INT => Some(x & y),
                            sop::BINARY_OP_OR_INT => Some(x | y),
                            sop::BINARY_OP_XOR_INT => Some(x ^ y),
                            sop::BINARY_OP_RSHIFT_INT => (0..64).contains(&y).then(|| x >> y),
                            sop::BINARY_OP_FLOOR_DIVIDE_INT => {
                                (y != 0).then(|| floor_divmod(x, y).0)
                            }
                            _ => (y != 0).then(|| floor_divmod(x, y).1),
                        };
                        // Overflow, a negative or wide shift, division by zero: the
                        // generic arm gives the big result or the error.
                        let Some(v) = v else {
                            miss!('op, opcode, op::BINARY_OP);
                        };
                        let r = tri!('dispatch, long::from_i64(v)).into_raw();
                        sp = sp.sub(2);
                        decref(a);
                        decref(b);
                        push!(r);
                        ip = ip.add(1);
                    }
                    // One arm per operation: a shared arm would
                    // dispatch on the opcode a second time.
                    sop::BINARY_OP_ADD_FLOAT => {
                        float_op!('op, 'dispatch, opcode, x, y, x + y)
                    }
                    sop::BINARY_OP_SUBTRACT_FLOAT => {
                        float_op!('op, 'dispatch, opcode, x, y, x - y)
                    }
                    sop::BINARY_OP_MULTIPLY_FLOAT => {
                        float_op!('op, 'dispatch, opcode, x, y, x * y)
                    }
                    sop::BINARY_OP_TRUE_DIVIDE_FLOAT => {
                        float_op!('op, 'dispatch, opcode, x, y, {
                            if y == 0.0 {
                                miss!('op, opcode, op::BINARY_OP);
                            }
                            x / y
                        })
                    }
                    sop::BINARY_OP_ADD_UNICODE => {
                        let (a, b) = (peek!(2), peek!(1));
                        let ut = lifecycle::unicode_type();
                        if (*a).ob_type != ut || (*b).ob_type != ut {
                            miss!('op, opcode, op::BINARY_OP);
                        }
                        let r = tri!('dispatch, unicode::concat(a, b)).into_raw();
                        sp = sp.sub(2);
                        decref(a);
                        decref(b);
                        push!(r);
                        ip = ip.add(1);
                    }
                    sop::COMPARE_OP_INT => {
                        let (a, b) = (peek!(2), peek!(1));
                        let (Some(x), Some(y)) =
                            (specialize::small_int(a), specialize::small_int(b))
                        else {
                            miss!('op, opcode, op::COMPARE_OP);
                        };
                        let r = compare_result(x.cmp(&y), oparg >> 4);
                        sp = sp.sub(2);
                        decref(a);
                        decref(b);
                        compare_push!(r);
                    }
                    sop::COMPARE_OP_FLOAT => {
                        let (a, b) = (peek!(2), peek!(1));
                        let ft = lifecycle::float_type();
                        if (*a).ob_type != ft || (*b).ob_type != ft {
                            miss!('op, opcode, op::COMPARE_OP);
                        }
                        let (x, y) = (float::value(a), float::value(b));
                        let r = match oparg >> 4 {
                            0 => x < y,
                            1 => x <= y,
                            2 => x == y,
                            3 => x != y,
                            4 => x > y,
                            _ => x >= y,
                        };
                        sp = sp.sub(2);
                        decref(a);
                        decref(b);
                        compare_push!(r);
                    }
                    sop::COMPARE_OP_STR => {
                        let (a, b) = (peek!(2), peek!(1));
                        let ut = lifecycle::unicode_type();
                        if (*a).ob_type != ut || (*b).ob_type != ut {
                            miss!('op, opcode, op::COMPARE_OP);
                        }
                        let eq = a == b || unicode::eq(a, b);
                        sp = sp.sub(2);
                        decref(a);
                        decref(b);
                        compare_push!(eq == (oparg >> 4 == 2));
                    }
                    sop::BINARY_SUBSCR_LIST_INT | sop::BINARY_SUBSCR_TUPLE_INT => {
                        let (c, sub) = (peek!(2), peek!(1));
                        let want = if opcode == sop::BINARY_SUBSCR_LIST_INT {
                            lifecycle::list_type()
                        } else {
                            lifecycle::tuple_type()
                        };
                        if (*c).ob_type != want || !specialize::is_compact_int(sub) {
                            miss!('op, opcode, op::BINARY_SUBSCR);
                        }
                        let i = specialize::compact_value(sub);
                        if i < 0 || i >= (*(c as *mut PyVarObject)).ob_size as i64 {
                            miss!('op, opcode, op::BINARY_SUBSCR);
                        }
                        let items = if opcode == sop::BINARY_SUBSCR_LIST_INT {
                            (*(c as *mut list::PyListObject)).ob_item
                        } else {
                            tuple::items(c)
                        };
                        let v = new_ref(*items.add(i as usize));
                        sp = sp.sub(2);
                        decref(c);
                        decref(sub);
                        push!(v);
                        ip = ip.add(1);
                    }
                    sop::BINARY_SUBSCR_DICT => {
                        let (c, sub) = (peek!(2), peek!(1));
                        if (*c).ob_type != lifecycle::dict_type() {
                            miss!('op, opcode, op::BINARY_SUBSCR);
                        }
                        let v = match tri!('dispatch, dict::get(c, sub)) {
                            Some(v) => new_ref(v),
                            None => {
                                let _ = err::key_error(sub);
                                fail!();
                            }
                        };
                        sp = sp.sub(2);
                        decref(c);
                        decref(sub);
                        push!(v);
                        ip = ip.add(1);
                    }
                    sop::STORE_SUBSCR_LIST_INT => {
                        let (c, sub) = (peek!(2), peek!(1));
                        if (*c).ob_type != lifecycle::list_type()
                            || !specialize::is_compact_int(sub)
                        {
                            miss!('op, opcode, op::STORE_SUBSCR);
                        }
                        let i = specialize::compact_value(sub);
                        if i < 0 || i >= list::size(c) as i64 {
                            miss!('op, opcode, op::STORE_SUBSCR);
                        }
                        let v = peek!(3);
                        sp = sp.sub(3);
                        let slot = (*(c as *mut list::PyListObject)).ob_item.add(i as usize);
                        let old = std::mem::replace(&mut *slot, v);
                        decref(c);
                        decref(sub);
                        decref(old);
                        ip = ip.add(1);
                    }
                    sop::STORE_SUBSCR_DICT => {
                        let (c, sub) = (peek!(2), peek!(1));
                        if (*c).ob_type != lifecycle::dict_type() {
                            miss!('op, opcode, op::STORE_SUBSCR);
                        }
                        let v = peek!(3);
                        tri!('dispatch, dict::set(c, sub, v));
                        sp = sp.sub(3);
                        decref(c);
                        decref(sub);
                        decref(v);
                        ip = ip.add(1);
                    }
                    sop::FOR_ITER_LIST | sop::FOR_ITER_RANGE => {
                        let it = peek!(1);
                        let next = if opcode == sop::FOR_ITER_LIST {
                            if (*it).ob_type != crate::objects::iterobject::list_iterator_type() {
                                miss!('op, opcode, op::FOR_ITER);
                            }
                            crate::objects::iterobject::list_iter_next(it)
                        } else {
                            if (*it).ob_type != lifecycle::rangeiter_type() {
                                miss!('op, opcode, op::FOR_ITER);
                            }
                            crate::objects::rangeobject::range_iter_next(it)
                        };
                        if next.is_null() {
                            if !err::occurred().is_null() {
                                fail!();
                            }
                            decref(pop!());
                            ip = ip.add(1 + oparg as usize + 1);
                        } else {
                            push!(next);
                            ip = ip.add(1);
                        }
                    }
                    sop::LOAD_GLOBAL_MODULE | sop::LOAD_GLOBAL_BUILTIN => {
                        use specialize::global_cache::*;
                        let instr = ip.sub(1);
                        let g = (*frame).f_globals;
                        if dict::current_keys_version(g) != *instr.add(MODULE_VERSION) as u64 {
                            miss!('op, opcode, op::LOAD_GLOBAL);
                        }
                        let d = if opcode == sop::LOAD_GLOBAL_MODULE {
                            g
                        } else {
                            let b = (*frame).f_builtins;
                            if (*b).ob_type != lifecycle::dict_type()
                                || dict::current_keys_version(b)
                                    != *instr.add(BUILTIN_VERSION) as u64
                            {
                                miss!('op, opcode, op::LOAD_GLOBAL);
                            }
                            b
                        };
                        let v = dict::entry_value(d, *instr.add(INDEX) as usize);
                        if oparg & 1 != 0 {
                            push!(ptr::null_mut());
                        }
                        push!(new_ref(v));
                        ip = ip.add(cache(op::LOAD_GLOBAL));
                    }
                    sop::LOAD_ATTR_INSTANCE_VALUE => {
                        use specialize::attr_cache::*;
                        let instr = ip.sub(1);
                        let owner = peek!(1);
                        let t = (*owner).ob_type;
                        if (*t).tp_version_tag != specialize::read_u32(instr, TYPE_VERSION) {
                            miss!('op, opcode, op::LOAD_ATTR);
                        }
                        let ix = specialize::read_u32(instr, INDEX) as usize;
                        let Some(s) = crate::objects::managed::value_slot(owner, ix) else {
                            miss!('op, opcode, op::LOAD_ATTR);
                        };
                        *sp.sub(1) = new_ref(*s);
                        decref(owner);
                        ip = ip.add(cache(op::LOAD_ATTR));
                    }
                    sop::LOAD_ATTR_MODULE => {
                        use specialize::attr_cache::*;
                        let instr = ip.sub(1);
                        let owner = peek!(1);
                        if (*owner).ob_type != lifecycle::module_type() {
                            miss!('op, opcode, op::LOAD_ATTR);
                        }
                        let d = crate::objects::module::dict_of(owner);
                        if d.is_null()
                            || (*d).ob_type != lifecycle::dict_type()
                            || dict::current_keys_version(d)
                                != specialize::read_u32(instr, INDEX) as u64
                        {
                            miss!('op, opcode, op::LOAD_ATTR);
                        }
                        let v = new_ref(dict::entry_value(
                            d,
                            specialize::read_u64(instr, DESCR) as usize,
                        ));
                        attr_result!(oparg, owner, v);
                    }
                    sop::LOAD_ATTR_METHOD_WITH_VALUES
                    | sop::LOAD_ATTR_METHOD_NO_DICT
                    | sop::LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES => {
                        use specialize::attr_cache::*;
                        let instr = ip.sub(1);
                        let owner = peek!(1);
                        let t = (*owner).ob_type;
                        if (*t).tp_version_tag != specialize::read_u32(instr, TYPE_VERSION) {
                            miss!('op, opcode, op::LOAD_ATTR);
                        }
                        if opcode != sop::LOAD_ATTR_METHOD_NO_DICT
                            && (!crate::objects::managed::is_values(owner)
                                || crate::objects::managed::shared_keys_len(t)
                                    != specialize::read_u32(instr, INDEX) as usize)
                        {
                            miss!('op, opcode, op::LOAD_ATTR);
                        }
                        let descr = new_ref(specialize::read_u64(instr, DESCR) as *mut PyObject);
                        if opcode == sop::LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES {
                            *sp.sub(1) = descr;
                            decref(owner);
                        } else {
                            *sp.sub(1) = descr;
                            push!(owner);
                        }
                        ip = ip.add(cache(op::LOAD_ATTR));
                    }
                    sop::LOAD_ATTR_CLASS => {
                        use specialize::attr_cache::*;
                        let instr = ip.sub(1);
                        let owner = peek!(1);
                        if (*owner).ob_type != lifecycle::type_type()
                            || (*(owner as *mut typeobj::PyTypeObject)).tp_version_tag
                                != specialize::read_u32(instr, TYPE_VERSION)
                        {
                            miss!('op, opcode, op::LOAD_ATTR);
                        }
                        let v = new_ref(specialize::read_u64(instr, DESCR) as *mut PyObject);
                        attr_result!(oparg, owner, v);
                    }
                    sop::LOAD_ATTR_SLOT => {
                        use specialize::attr_cache::*;
                        let instr = ip.sub(1);
                        let owner = peek!(1);
                        if (*(*owner).ob_type).tp_version_tag
                            != specialize::read_u32(instr, TYPE_VERSION)
                        {
                            miss!('op, opcode, op::LOAD_ATTR);
                        }
                        let off = specialize::read_u32(instr, INDEX) as usize;
                        let v = *((owner as *mut u8).add(off) as *mut *mut PyObject);
                        if v.is_null() {
                            // Unset: the generic arm raises the AttributeError.
                            miss!('op, opcode, op::LOAD_ATTR);
                        }
                        let v = new_ref(v);
                        attr_result!(oparg, owner, v);
                    }
                    sop::STORE_ATTR_SLOT => {
                        use specialize::store_attr_cache::*;
                        let instr = ip.sub(1);
                        let owner = peek!(1);
                        if (*(*owner).ob_type).tp_version_tag
                            != specialize::read_u32(instr, TYPE_VERSION)
                        {
                            miss!('op, opcode, op::STORE_ATTR);
                        }
                        let off = *instr.add(INDEX) as usize;
                        let v = peek!(2);
                        sp = sp.sub(2);
                        let slot = (owner as *mut u8).add(off) as *mut *mut PyObject;
                        let old = std::mem::replace(&mut *slot, v);
                        decref(owner);
                        xdecref(old);
                        ip = ip.add(cache(op::STORE_ATTR));
                    }
                    sop::STORE_ATTR_INSTANCE_VALUE => {
                        use specialize::store_attr_cache::*;
                        let instr = ip.sub(1);
                        let owner = peek!(1);
                        let t = (*owner).ob_type;
                        if (*t).tp_version_tag != specialize::read_u32(instr, TYPE_VERSION) {
                            miss!('op, opcode, op::STORE_ATTR);
                        }
                        let ix = *instr.add(INDEX) as usize;
                        let Some(s) = crate::objects::managed::value_slot(owner, ix) else {
                            miss!('op, opcode, op::STORE_ATTR);
                        };
                        let v = peek!(2);
                        sp = sp.sub(2);
                        let old = std::mem::replace(&mut *s, v);
                        decref(owner);
                        decref(old);
                        ip = ip.add(cache(op::STORE_ATTR));
                    }
                    op::NOP => {}
                    op::POP_TOP => decref(pop!()),
                    op::PUSH_NULL => push!(ptr::null_mut()),
                    op::COPY => {
                        let v = peek!(oparg as usize);
                        push!(new_ref(v));
                    }
                    op::SWAP => {
                        let n = oparg as usize;
                        std::ptr::swap(sp.sub(1), sp.sub(n));
                    }
                    op::LOAD_CONST => push!(new_ref(*consts!().add(oparg as usize))),
                    op::LOAD_FAST => push!(new_ref(*lp!().add(oparg as usize))),
                    op::LOAD_FAST_AND_CLEAR => {
                        let slot = lp!().add(oparg as usize);
                        push!(*slot);
                        *slot = ptr::null_mut();
                    }
                    op::STORE_FAST => {
                        let v = pop!();
                        xdecref(std::mem::replace(&mut *lp!().add(oparg as usize), v));
                    }
                    op::LOAD_CLOSURE => push!(new_ref(*lp!().add(oparg as usize))),
                    op::IS_OP => {
                        let b = pop!();
                        let a = pop!();
                        let r = (a == b) != (oparg != 0);
                        decref(a);
                        decref(b);
                        push!(py_bool(r));
                    }
                    op::JUMP_FORWARD => ip = ip.add(oparg as usize),
                    op::JUMP_BACKWARD_NO_INTERRUPT => {
                        ip = ip.add(cache(opcode)).sub(oparg as usize);
                    }
                    op::JUMP_BACKWARD => {
                        ip = ip.add(cache(opcode)).sub(oparg as usize);
                        if eval_breaker::is_set() {
                            save!();
                            tri!('dispatch, eval_breaker::handle());
                        }
                    }
                    op::POP_JUMP_IF_FALSE | op::POP_JUMP_IF_TRUE => {
                        let v = pop!();
                        let t = if v == lifecycle::true_() {
                            decref(v);
                            true
                        } else if v == lifecycle::false_() || v == lifecycle::none() {
                            decref(v);
                            false
                        } else if (*v).ob_type == lifecycle::long_type() {
                            // An exact int: false only for zero.
                            let t = long::tag(v) & 3 != long::SIGN_ZERO;
                            decref(v);
                            t
                        } else {
                            let v = Owned::from_raw(v);
                            tri!('dispatch, abstract_::is_true(v.as_ptr()))
                        };
                        if t == (opcode == op::POP_JUMP_IF_TRUE) {
                            ip = ip.add(oparg as usize);
                        }
                    }
                    op::POP_JUMP_IF_NONE | op::POP_JUMP_IF_NOT_NONE => {
                        let v = pop!();
                        let none = v == lifecycle::none();
                        decref(v);
                        if none == (opcode == op::POP_JUMP_IF_NONE) {
                            ip = ip.add(oparg as usize);
                        }
                    }
                    op::RESUME => {
                        if eval_breaker::is_set() {
                            save!();
                            tri!('dispatch, eval_breaker::handle());
                        }
                        if instrument::active() {
                            save!();
                            tri!('dispatch, instrument::resume(ts, frame, oparg));
                            // A trace function set `f_lineno` (jump.rs).
                            if (*frame).prev_instr != ip.sub(1) {
                                ip = (*frame).prev_instr;
                                sp = lp!().add((*frame).stacktop as usize);
                            }
                        }
                    }
                    sop::CALL_PY_EXACT_ARGS
                    | sop::CALL_BOUND_METHOD_EXACT_ARGS
                    | sop::CALL_PY_WITH_DEFAULTS => {
                        let instr = ip.sub(1);
                        if instrument::active() {
                            miss!('op, opcode, op::CALL);
                        }
                        let base = sp.sub(oparg as usize + 2);
                        if opcode == sop::CALL_BOUND_METHOD_EXACT_ARGS {
                            let m = *base.add(1);
                            if !(*base).is_null() || (*m).ob_type != lifecycle::method_type() {
                                miss!('op, opcode, op::CALL);
                            }
                            let f = (*(m as *mut boundmethod::PyMethodObject)).im_func;
                            if (*f).ob_type != lifecycle::function_type()
                                || (*(f as *mut PyFunctionObject)).func_version
                                    != specialize::read_u32(instr, 2)
                            {
                                miss!('op, opcode, op::CALL);
                            }
                            *base = new_ref(f);
                            *base.add(1) =
                                new_ref((*(m as *mut boundmethod::PyMethodObject)).im_self);
                            decref(m);
                        }
                        let (func, args, total) = if (*base).is_null() {
                            (*base.add(1), base.add(2), oparg as usize)
                        } else {
                            (*base, base.add(1), oparg as usize + 1)
                        };
                        if (*func).ob_type != lifecycle::function_type()
                            || (*(func as *mut PyFunctionObject)).func_version
                                != specialize::read_u32(instr, 2)
                        {
                            miss!('op, opcode, op::CALL);
                        }
                        // The same function can come with or without
                        // self: the count must fit its parameters.
                        let fo = func as *mut PyFunctionObject;
                        let argc = (*((*fo).func_code as *mut PyCodeObject)).co_argcount as usize;
                        if total != argc {
                            let d = (*fo).func_defaults;
                            if opcode != sop::CALL_PY_WITH_DEFAULTS
                                || total > argc
                                || d.is_null()
                                || argc - total > tuple::size(d) as usize
                            {
                                miss!('op, opcode, op::CALL);
                            }
                        }
                        ip = ip.add(cache(op::CALL));
                        (*frame).prev_instr = ip.sub(1);
                        let pushed = push_frame_exact(ts, func, args, total);
                        decref(func);
                        sp = base;
                        save!();
                        match pushed {
                            Ok(f) => {
                                // The callee runs here, from its first
                                // instruction.
                                frame = f;
                                (*ts).current_frame = frame;
                                ip = (*frame).prev_instr.add(1);
                                sp = lp!().add((*frame).stacktop as usize);
                            }
                            Err(_) => {
                                decref_n(args, total);
                                fail!();
                            }
                        }
                    }
                    op::RETURN_VALUE | op::RETURN_CONST => {
                        // Back to a caller in this loop; an entry frame
                        // (owned by the C stack or a generator: `ceval::run`
                        // returns from it) and returns with events go to
                        // `ceval::run`.
                        if (*frame).owner != OWNED_BY_THREAD || instrument::active() {
                            slow!();
                        }
                        let retval = if opcode == op::RETURN_VALUE {
                            pop!()
                        } else {
                            new_ref(*consts!().add(oparg as usize))
                        };
                        save!();
                        let done = frame;
                        frame = (*done).previous;
                        pop_frame(ts, done);
                        (*ts).current_frame = frame;
                        let ro = (*frame).return_offset;
                        if ro != 0 {
                            (*frame).prev_instr = (*frame).prev_instr.add(ro as usize);
                            (*frame).return_offset = 0;
                        }
                        ip = (*frame).prev_instr.add(1);
                        sp = lp!().add((*frame).stacktop as usize);
                        push!(retval);
                    }
                    op::BINARY_OP
                    | op::COMPARE_OP
                    | op::LOAD_ATTR
                    | op::STORE_ATTR
                    | op::LOAD_GLOBAL
                    | op::BINARY_SUBSCR
                    | op::STORE_SUBSCR
                    | op::FOR_ITER
                    | op::GET_ITER
                    | op::CONTAINS_OP
                    | op::UNPACK_SEQUENCE
                    | op::BUILD_TUPLE
                    | op::BUILD_LIST
                    | op::LIST_APPEND
                    | op::LOAD_DEREF
                    | op::STORE_DEREF
                    | op::UNARY_NOT
                    | op::UNARY_NEGATIVE
                    | op::UNARY_INVERT
                    | op::BINARY_SLICE
                    | op::LOAD_FAST_CHECK => {
                        let (i, s) = generic(frame, ip, sp, opcode, oparg);
                        if s as usize & ERROR != 0 || i & AGAIN != 0 {
                            return (i, s);
                        }
                        ip = i as *mut u16;
                        sp = s;
                    }
                    _ => {
                        // Not one of ours: handed back unrun.
                        ip = ip.sub(1);
                        leave!();
                    }
                }
            }
            if instrument::stepping() {
                leave!();
            }
            (*frame).prev_instr = ip;
            let word = *ip;
            ip = ip.add(1);
            opcode = word & 0xff;
            oparg = (word >> 8) as u32;
        }
    }
}

/// Runs the generic instruction `opcode`/`oparg` (fetched: `ip` is past
/// its word), as `ceval::run` would: for [`run`], out of line, so that the
/// loop keeps few values alive. Returns the instruction and stack pointers
/// as [`run`] does; when the instruction's counter reached zero and it was
/// specialized, it has not run, and the instruction pointer is tagged with
/// [`AGAIN`].
///
/// # Safety
/// As [`run`].
#[inline(never)]
unsafe fn generic(
    frame: *mut InterpFrame,
    mut ip: *mut u16,
    mut sp: *mut *mut PyObject,
    opcode: u16,
    oparg: u32,
) -> (usize, *mut *mut PyObject) {
    // SAFETY: as `run`.
    unsafe {
        frame_macros!($ frame sp);
        macro_rules! fail {
            () => {{
                return (ip as usize, (sp as usize | ERROR) as *mut *mut PyObject);
            }};
        }
        macro_rules! tri {
            ($l:lifetime, $e:expr) => {
                match $e {
                    Ok(v) => v,
                    Err(_) => fail!(),
                }
            };
        }
        // The counter: at zero, `$spec` specializes the instruction in
        // place, and the caller runs it again in its new form.
        macro_rules! adaptive {
            ($l:lifetime, $opcode:ident, $base:expr, $spec:expr) => {
                if specialize::ready(ip) {
                    $spec;
                    if *ip.sub(1) & 0xff != $base {
                        return (ip as usize | AGAIN, sp);
                    }
                } else {
                    specialize::tick(ip);
                }
            };
        }
        'op: {
            match opcode {
                op::LOAD_FAST_CHECK => {
                    let v = *lp!().add(oparg as usize);
                    if v.is_null() {
                        let _ = unbound_local(code!(), oparg as usize);
                        fail!();
                    }
                    push!(new_ref(v));
                }
                op::LOAD_DEREF => {
                    let v = cell::get(*lp!().add(oparg as usize));
                    if v.is_null() {
                        let _ = unbound_deref(code!(), oparg as usize);
                        fail!();
                    }
                    push!(new_ref(v));
                }
                op::STORE_DEREF => {
                    let v = pop!();
                    cell::set_stealing(*lp!().add(oparg as usize), v);
                }
                op::LOAD_GLOBAL => {
                    adaptive!('op, opcode, op::LOAD_GLOBAL, specialize::load_global(
                        ip.sub(1),
                        (*frame).f_globals,
                        (*frame).f_builtins,
                        name!(oparg >> 1)
                    ));
                    if oparg & 1 != 0 {
                        push!(ptr::null_mut());
                    }
                    let v = tri!('dispatch, load_global(frame, name!(oparg >> 1)));
                    push!(v);
                    ip = ip.add(cache(op::LOAD_GLOBAL));
                }
                op::LOAD_ATTR => {
                    adaptive!('op, opcode, op::LOAD_ATTR, specialize::load_attr(
                        ip.sub(1),
                        peek!(1),
                        name!(oparg >> 1),
                        oparg
                    ));
                    let owner = Owned::from_raw(pop!());
                    let nm = name!(oparg >> 1);
                    if oparg & 1 != 0 {
                        let (m, unbound) = tri!('dispatch, attr::get_method(owner.as_ptr(), nm));
                        if unbound {
                            push!(m.into_raw());
                            push!(owner.into_raw());
                        } else {
                            push!(ptr::null_mut());
                            push!(m.into_raw());
                        }
                    } else {
                        let v = tri!('dispatch, abstract_::getattr(owner.as_ptr(), nm));
                        push!(v.into_raw());
                    }
                    ip = ip.add(cache(op::LOAD_ATTR));
                }
                op::STORE_ATTR => {
                    adaptive!('op, opcode, op::STORE_ATTR, specialize::store_attr(
                        ip.sub(1),
                        peek!(1),
                        name!(oparg)
                    ));
                    let owner = Owned::from_raw(pop!());
                    let v = Owned::from_raw(pop!());
                    tri!('dispatch, abstract_::setattr(owner.as_ptr(), name!(oparg), v.as_ptr()));
                    ip = ip.add(cache(op::STORE_ATTR));
                }
                op::BINARY_OP => {
                    adaptive!('op, opcode, op::BINARY_OP, specialize::binary_op(
                        ip.sub(1),
                        peek!(2),
                        peek!(1),
                        oparg
                    ));
                    let b = Owned::from_raw(pop!());
                    let a = Owned::from_raw(pop!());
                    let r = tri!('dispatch, binary_op(a.as_ptr(), b.as_ptr(), oparg));
                    push!(r.into_raw());
                    ip = ip.add(cache(op::BINARY_OP));
                }
                op::UNARY_NEGATIVE | op::UNARY_INVERT => {
                    let v = Owned::from_raw(pop!());
                    let k = if opcode == op::UNARY_NEGATIVE {
                        UnaryOp::Negative
                    } else {
                        UnaryOp::Invert
                    };
                    push!(tri!('dispatch, number::unary(v.as_ptr(), k)).into_raw());
                }
                op::UNARY_NOT => {
                    let v = Owned::from_raw(pop!());
                    let t = tri!('dispatch, abstract_::is_true(v.as_ptr()));
                    push!(py_bool(!t));
                }
                op::COMPARE_OP => {
                    adaptive!('op, opcode, op::COMPARE_OP, specialize::compare_op(
                        ip.sub(1),
                        peek!(2),
                        peek!(1),
                        oparg
                    ));
                    let b = Owned::from_raw(pop!());
                    let a = Owned::from_raw(pop!());
                    let r = tri!('dispatch, abstract_::rich_compare(
                        a.as_ptr(),
                        b.as_ptr(),
                        (oparg >> 4) as c_int
                    ));
                    push!(r.into_raw());
                    ip = ip.add(cache(op::COMPARE_OP));
                }
                op::CONTAINS_OP => {
                    let b = Owned::from_raw(pop!());
                    let a = Owned::from_raw(pop!());
                    let r = tri!('dispatch, crate::protocols::sequence::contains(b.as_ptr(), a.as_ptr()));
                    push!(py_bool(r != (oparg != 0)));
                }
                op::BINARY_SUBSCR => {
                    adaptive!('op, opcode, op::BINARY_SUBSCR, specialize::binary_subscr(
                        ip.sub(1),
                        peek!(2),
                        peek!(1)
                    ));
                    let sub = Owned::from_raw(pop!());
                    let c = Owned::from_raw(pop!());
                    push!(tri!('dispatch, abstract_::getitem(c.as_ptr(), sub.as_ptr())).into_raw());
                    ip = ip.add(cache(op::BINARY_SUBSCR));
                }
                op::STORE_SUBSCR => {
                    adaptive!('op, opcode, op::STORE_SUBSCR, specialize::store_subscr(
                        ip.sub(1),
                        peek!(2),
                        peek!(1)
                    ));
                    let sub = Owned::from_raw(pop!());
                    let c = Owned::from_raw(pop!());
                    let v = Owned::from_raw(pop!());
                    tri!('dispatch, abstract_::setitem(c.as_ptr(), sub.as_ptr(), v.as_ptr()));
                    ip = ip.add(cache(op::STORE_SUBSCR));
                }
                op::BINARY_SLICE => {
                    let stop = Owned::from_raw(pop!());
                    let start = Owned::from_raw(pop!());
                    let c = Owned::from_raw(pop!());
                    if let Some(r) = slice_fast(c.as_ptr(), start.as_ptr(), stop.as_ptr()) {
                        push!(tri!('dispatch, r).into_raw());
                        break 'op;
                    }
                    let s =
                        tri!('dispatch, slice::new(start.as_ptr(), stop.as_ptr(), ptr::null_mut()));
                    push!(tri!('dispatch, abstract_::getitem(c.as_ptr(), s.as_ptr())).into_raw());
                }
                op::BUILD_TUPLE | op::BUILD_LIST => {
                    // The items move from the stack into the new
                    // object (left there if it cannot be made).
                    let n = oparg as usize;
                    let r = if opcode == op::BUILD_TUPLE {
                        tuple::new(n as isize)
                    } else {
                        list::new(n as isize)
                    };
                    let r = tri!('dispatch, r).into_raw();
                    sp = sp.sub(n);
                    if n > 0 {
                        let dst = if opcode == op::BUILD_TUPLE {
                            tuple::items(r)
                        } else {
                            (*(r as *mut list::PyListObject)).ob_item
                        };
                        ptr::copy_nonoverlapping(sp, dst, n);
                    }
                    push!(r);
                }
                op::LIST_APPEND => {
                    let v = Owned::from_raw(pop!());
                    tri!('dispatch, list::append(peek!(oparg as usize), v.as_ptr()));
                }
                op::GET_ITER => {
                    let v = Owned::from_raw(pop!());
                    push!(
                        tri!('dispatch, crate::objects::iterobject::get_iter(v.as_ptr()))
                            .into_raw()
                    );
                }
                op::FOR_ITER => {
                    adaptive!('op, opcode, op::FOR_ITER, specialize::for_iter(ip.sub(1), peek!(1)));
                    let it = peek!(1);
                    let next = match (*(*it).ob_type).tp_iternext {
                        Some(f) => f(it),
                        None => ptr::null_mut(),
                    };
                    if next.is_null() {
                        let e = err::occurred();
                        if !e.is_null() {
                            if !err::given_matches(e, exceptions::get(Exc::StopIteration)) {
                                fail!();
                            }
                            // The iterator's StopIteration is
                            // reported (`RAISE`), then dropped.
                            if instrument::active() {
                                instrument::raised(
                                    thread::current(),
                                    frame,
                                    true,
                                    InterpFrame::lasti(frame) as isize,
                                );
                            }
                            err::clear();
                        }
                        decref(pop!());
                        ip = ip.add(cache(op::FOR_ITER) + oparg as usize + 1);
                    } else {
                        push!(next);
                        ip = ip.add(cache(op::FOR_ITER));
                    }
                }
                op::UNPACK_SEQUENCE => {
                    let seq = Owned::from_raw(pop!());
                    let n = oparg as usize;
                    let s = seq.as_ptr();
                    let exact = if (*s).ob_type == lifecycle::tuple_type()
                        && tuple::size(s) as usize == n
                    {
                        Some(tuple::items(s))
                    } else if (*s).ob_type == lifecycle::list_type() && list::size(s) as usize == n
                    {
                        Some((*(s as *mut list::PyListObject)).ob_item)
                    } else {
                        None
                    };
                    match exact {
                        Some(items) => sp = push_reversed(sp, items, n),
                        None => {
                            let k = tri!('dispatch, unpack(s, n, None, sp));
                            sp = sp.add(k);
                        }
                    }
                    ip = ip.add(cache(op::UNPACK_SEQUENCE));
                }
                _ => {
                    let _ = bad_opcode(code!(), opcode, InterpFrame::lasti(frame));
                    fail!();
                }
            }
        }
        (ip as usize, sp)
    }
}
