//! `frame.f_lineno = n` from a trace function: CPython 3.12.1's jump.
//!
//! A jump is allowed only while a hook is being called for an event that
//! permits one (a line, a jump, a branch, a generator's resume or yield:
//! the thread's `what_event`), and only to a line whose first instruction
//! expects a value stack the current one can be cut down to.
//!
//! The stacks are known from a flow analysis of the code (`stack_kinds`):
//! each slot is an iterator, an exception, a plain object, a possibly-NULL
//! slot or a saved `lasti`, packed three bits a slot into an `i64` with the
//! deepest slot in the low bits, as CPython packs them, so that the choice
//! between several instructions of the target line (the "largest" stack
//! wins) and the wording of each refusal are CPython's.
//!
//! A jump rewrites the frame in place: the values the target does not
//! expect are popped (an exception slot restores the handled exception it
//! saved) and `prev_instr` points at the target. The evaluator notices the
//! moved `prev_instr` when the hook returns and continues there without a
//! new line event (see `instrument::step` and `instrument::resume`). A
//! generator jumped on its yield event resumes after the target's first
//! instruction, as CPython's does.

use crate::code::codeobject::{self, PyCodeObject};
use crate::code::frame::{self, InterpFrame};
use crate::code::frameobject::{self, PyFrameObject};
use crate::code::genobject;
use crate::code::specialize;
use crate::objects::bytes;
use crate::objects::exceptions::{self, Exc};
use crate::objects::long;
use crate::objects::object::*;
use crate::runtime::err::{self, PyResult};
use crate::runtime::{lifecycle, report, thread};
use ophis_compiler::opcode as op;
use ophis_tracing::Event;
use std::ffi::c_int;

/// What a value-stack slot holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(i64)]
enum Kind {
    /// A `for` loop's iterator.
    Iterator = 1,
    /// An exception (or the handled exception saved under it).
    Except = 2,
    /// Any object.
    Object = 3,
    /// A slot that may be NULL (a call's first slot).
    Null = 4,
    /// The `lasti` pushed for a handler that re-raises at a location.
    Lasti = 5,
}

const BITS: u32 = 3;
const SLOT_MASK: i64 = (1 << BITS) - 1;
/// A stack too deep for 64 bits.
const OVERFLOWED: i64 = -1;
/// An instruction the analysis never reached.
const UNINITIALIZED: i64 = -2;
/// The deepest stack that can take one more slot.
const WILL_OVERFLOW: u64 = 1 << ((63 / BITS - 1) * BITS);

/// A value stack as kinds, packed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Stack(i64);

impl Stack {
    const EMPTY: Stack = Stack(0);

    fn push(self, k: Kind) -> Stack {
        self.push_raw(k as i64)
    }

    /// Pushes a slot of kind number `k` (`COPY` copies whatever is there).
    fn push_raw(self, k: i64) -> Stack {
        if (self.0 as u64) >= WILL_OVERFLOW {
            Stack(OVERFLOWED)
        } else {
            Stack((self.0 << BITS) | k)
        }
    }

    fn pop(self) -> Stack {
        Stack(self.0 >> BITS)
    }

    fn pop_n(mut self, n: usize) -> Stack {
        for _ in 0..n {
            self = self.pop();
        }
        self
    }

    /// The kind on top (0 for an empty stack).
    fn top(self) -> i64 {
        self.0 & SLOT_MASK
    }

    /// The kind `n` slots down (1: the top).
    fn peek(self, n: u32) -> i64 {
        (self.0 >> (BITS * (n - 1))) & SLOT_MASK
    }

    /// Exchanges the top slot with the one `n` slots down.
    fn swap(self, n: u32) -> Stack {
        let shift = BITS * (n - 1);
        let (a, b) = (self.top(), self.peek(n));
        let cleared = self.0 & !SLOT_MASK & !(SLOT_MASK << shift);
        Stack(cleared | b | (a << shift))
    }

    /// The stack cut down to `level` slots (an exception handler's).
    fn to_level(self, level: u32) -> Stack {
        if level == 0 {
            return Stack::EMPTY;
        }
        let widest = SLOT_MASK << ((level - 1) * BITS);
        let mut s = self;
        while s.0 > widest {
            s = s.pop();
        }
        s
    }

    fn known(self) -> bool {
        self.0 >= 0
    }
}

fn kind_fits(from: i64, to: i64) -> bool {
    match to {
        0 => false,
        t if t == Kind::Object as i64 => from != Kind::Null as i64,
        t if t == Kind::Null as i64 => true,
        t => from == t,
    }
}

/// Whether a frame whose stack is `from` may continue where `to` is
/// expected, by popping.
fn fits(from: Stack, to: Stack) -> bool {
    if !from.known() || !to.known() {
        return false;
    }
    let (mut from, mut to) = (from, to);
    while from > to {
        from = from.pop();
    }
    while from.0 != 0 {
        if !kind_fits(from.top(), to.top()) {
            return false;
        }
        from = from.pop();
        to = to.pop();
    }
    to.0 == 0
}

/// Why no frame can reach a target whose stack is `to`.
fn why_not(to: Stack) -> &'static str {
    match to.0 {
        OVERFLOWED => "stack is too deep to analyze",
        UNINITIALIZED => "can't jump into an exception handler, or code may be unreachable",
        _ => match to.top() {
            k if k == Kind::Except as i64 => {
                "can't jump into an 'except' block as there's no exception"
            }
            k if k == Kind::Lasti as i64 => {
                "can't jump into a re-raising block as there's no location"
            }
            k if k == Kind::Iterator as i64 => "can't jump into the body of a for loop",
            _ => "incompatible stacks",
        },
    }
}

/// An entry of an exception table: the range it covers, its handler, the
/// stack depth to cut to and whether `lasti` is pushed.
struct Handler {
    start: usize,
    target: usize,
    depth: u32,
    lasti: bool,
}

fn exception_table(table: &[u8]) -> Vec<Handler> {
    let mut out = vec![];
    let mut i = 0;
    let varint = |i: &mut usize| -> Option<usize> {
        let mut b = *table.get(*i)?;
        *i += 1;
        let mut v = (b & 63) as usize;
        while b & 64 != 0 {
            b = *table.get(*i)?;
            *i += 1;
            v = (v << 6) | (b & 63) as usize;
        }
        Some(v)
    };
    while let (Some(start), Some(_size), Some(target), Some(dl)) = (
        varint(&mut i),
        varint(&mut i),
        varint(&mut i),
        varint(&mut i),
    ) {
        out.push(Handler {
            start,
            target,
            depth: (dl >> 1) as u32,
            lasti: dl & 1 != 0,
        });
    }
    out
}

/// The stack at the start of every code unit (`UNINITIALIZED` for caches
/// and unreachable code), by propagating from the entry and from each
/// reached range of the exception table to its handler until nothing
/// changes.
fn stack_kinds(units: &[u16], generator: bool, handlers: &[Handler]) -> Vec<Stack> {
    let n = units.len();
    let mut at = vec![Stack(UNINITIALIZED); n + 1];
    // A generator's frame starts with the value sent to start it.
    at[0] = if generator {
        Stack::EMPTY.push(Kind::Object)
    } else {
        Stack::EMPTY
    };
    let mut again = true;
    while again {
        again = false;
        let mut i = 0;
        while i < n {
            let here = at[i];
            let mut opcode = specialize::deopt(units[i] & 0xff);
            let mut oparg = 0u32;
            while opcode == op::EXTENDED_ARG && i + 1 < n {
                oparg = (oparg << 8) | (units[i] >> 8) as u32;
                i += 1;
                opcode = specialize::deopt(units[i] & 0xff);
                at[i] = here;
            }
            let next = i + 1 + op::caches(opcode) as usize;
            if here.0 == UNINITIALIZED {
                i = next;
                continue;
            }
            oparg = (oparg << 8) | (units[i] >> 8) as u32;
            // Records the stack at a jump target; a backward target newly
            // reached needs another pass.
            let mut branch = |at: &mut Vec<Stack>, j: usize, s: Stack| {
                if j <= n {
                    if at[j].0 == UNINITIALIZED && j < i {
                        again = true;
                    }
                    at[j] = s;
                }
            };
            let fall = match opcode {
                op::POP_JUMP_IF_FALSE
                | op::POP_JUMP_IF_TRUE
                | op::POP_JUMP_IF_NONE
                | op::POP_JUMP_IF_NOT_NONE => {
                    let s = here.pop();
                    branch(&mut at, next + oparg as usize, s);
                    Some(s)
                }
                op::SEND => {
                    branch(&mut at, next + oparg as usize, here);
                    Some(here)
                }
                op::JUMP_FORWARD => {
                    branch(&mut at, next + oparg as usize, here);
                    None
                }
                op::JUMP_BACKWARD | op::JUMP_BACKWARD_NO_INTERRUPT => {
                    if let Some(j) = next.checked_sub(oparg as usize) {
                        branch(&mut at, j, here);
                    }
                    None
                }
                op::GET_ITER | op::GET_AITER => Some(here.pop().push(Kind::Iterator)),
                op::FOR_ITER => {
                    let s = here.push(Kind::Object);
                    branch(&mut at, next + oparg as usize, s);
                    Some(s)
                }
                op::END_ASYNC_FOR => Some(here.pop_n(2)),
                op::PUSH_EXC_INFO => Some(here.push(Kind::Except)),
                op::POP_EXCEPT => Some(here.pop()),
                op::RETURN_VALUE | op::RETURN_CONST | op::RAISE_VARARGS | op::RERAISE => None,
                op::PUSH_NULL => Some(here.push(Kind::Null)),
                op::LOAD_GLOBAL => {
                    let s = if oparg & 1 != 0 {
                        here.push(Kind::Null)
                    } else {
                        here
                    };
                    Some(s.push(Kind::Object))
                }
                op::LOAD_ATTR if oparg & 1 != 0 => {
                    Some(here.pop().push(Kind::Null).push(Kind::Object))
                }
                op::SWAP if oparg >= 1 => Some(here.swap(oparg)),
                op::COPY if oparg >= 1 => Some(here.push_raw(here.peek(oparg))),
                _ => {
                    let delta = op::stack_effect(opcode, oparg as i32, false).unwrap_or(0);
                    let mut s = here;
                    for _ in delta..0 {
                        s = s.pop();
                    }
                    for _ in 0..delta {
                        s = s.push(Kind::Object);
                    }
                    Some(s)
                }
            };
            if let Some(s) = fall {
                if next <= n {
                    at[next] = s;
                }
            }
            i = next;
        }
        for h in handlers {
            let from = at.get(h.start).copied().unwrap_or(Stack(UNINITIALIZED));
            if from.0 == UNINITIALIZED || h.target >= n || at[h.target].0 != UNINITIALIZED {
                continue;
            }
            again = true;
            let mut s = from.to_level(h.depth);
            if h.lasti {
                s = s.push(Kind::Lasti);
            }
            at[h.target] = s.push(Kind::Except);
        }
    }
    at
}

/// The line starting at each code unit, or -1: where the line table's
/// line changes (ignoring entries without a line).
fn line_starts(lines: &[i32]) -> Vec<i32> {
    let mut out = vec![-1; lines.len()];
    let mut last = -1;
    for (i, &l) in lines.iter().enumerate() {
        if l != last && l != -1 {
            out[i] = l;
            last = l;
        }
    }
    out
}

/// The line of each code unit of `code`, -1 where it has none.
///
/// # Safety
/// `code` a live code object.
unsafe fn unit_lines(code: *mut PyObject) -> Vec<i32> {
    // SAFETY: a live code object; its tables are read only.
    unsafe {
        let co = code as *mut PyCodeObject;
        let n = (*co).ob_base.ob_size as usize;
        let mut lines = vec![-1i32; n];
        if let Some(locs) =
            codeobject::decode_locations(bytes::as_slice((*co).co_linetable), (*co).co_firstlineno)
        {
            for l in locs {
                for u in l.start.max(0)..(l.start + l.len).max(0) {
                    if let Some(s) = lines.get_mut(u as usize) {
                        *s = l.line;
                    }
                }
            }
        }
        lines
    }
}

fn value_error(msg: &str) -> err::Raised {
    err::raise(Exc::ValueError, msg)
}

/// Checks the event the thread is delivering, as 3.12.1 does.
fn check_event(what: i32) -> PyResult<()> {
    if what < 0 {
        return Err(value_error("f_lineno can only be set in a trace function"));
    }
    const ALLOWED: [Event; 5] = [
        Event::PyResume,
        Event::Jump,
        Event::Branch,
        Event::Line,
        Event::PyYield,
    ];
    const LINE_ONLY: [Event; 7] = [
        Event::PyReturn,
        Event::PyUnwind,
        Event::PyThrow,
        Event::Raise,
        Event::CRaise,
        Event::Instruction,
        Event::ExceptionHandled,
    ];
    let is = |set: &[Event]| set.iter().any(|e| *e as i32 == what);
    if is(&ALLOWED) {
        Ok(())
    } else if what == Event::PyStart as i32 {
        Err(value_error(
            "can't jump from the 'call' trace event of a new frame",
        ))
    } else if what == Event::Call as i32 || what == Event::CReturn as i32 {
        Err(value_error("can't jump during a call"))
    } else if is(&LINE_ONLY) {
        Err(value_error("can only jump from a 'line' trace event"))
    } else {
        Err(err::system_error("unexpected event type"))
    }
}

/// The setter of `frame.f_lineno`.
///
/// # Safety
/// `f` a live frame object; `value` NULL (delete) or live; the GIL held.
pub unsafe fn set_lineno(f: *mut PyObject, value: *mut PyObject) -> PyResult<()> {
    // SAFETY: the frame object and (while it runs) its interpreter frame
    // are live; stack slots below `stacktop` are owned by the frame.
    unsafe {
        if value.is_null() {
            return Err(err::raise(Exc::AttributeError, "cannot delete attribute"));
        }
        if (*value).ob_type != lifecycle::long_type() {
            return Err(value_error("lineno must be an integer"));
        }
        let ts = thread::current();
        check_event((*ts).what_event)?;
        let (wanted, overflow) = long::as_i64_and_overflow(value)?;
        if overflow != 0 || wanted > c_int::MAX as i64 || wanted < c_int::MIN as i64 {
            return Err(value_error("lineno out of range"));
        }
        let fo = f as *mut PyFrameObject;
        let code = (*fo).f_code;
        if wanted < (*(code as *mut PyCodeObject)).co_firstlineno as i64 {
            return Err(value_error(&format!(
                "line {wanted} comes before the current code block"
            )));
        }
        let starts = line_starts(&unit_lines(code));
        let Some(line) = starts.iter().copied().filter(|&l| l as i64 >= wanted).min() else {
            return Err(value_error(&format!(
                "line {wanted} comes after the current code block"
            )));
        };
        let co = code as *mut PyCodeObject;
        let n = (*co).ob_base.ob_size as usize;
        let units = std::slice::from_raw_parts(codeobject::units(code), n);
        const GENERATOR_LIKE: c_int = 0x0020 | 0x0080 | 0x0200;
        let stacks = stack_kinds(
            units,
            (*co).co_flags & GENERATOR_LIKE != 0,
            &exception_table(bytes::as_slice((*co).co_exceptiontable)),
        );
        let iframe = frameobject::live(f);
        let lasti = frameobject::lasti(f) / 2;
        // The stack where the frame stands (before it started: none known).
        let at = usize::try_from(lasti).ok().filter(|&i| i < n);
        let mut from = at.map_or(Stack(UNINITIALIZED), |i| stacks[i]);

        // The target: the instruction starting the line whose stack this
        // one fits, the deepest if several do.
        let mut best: Option<(Stack, usize)> = None;
        let mut refusal: Option<&'static str> = None;
        let mut explained = false;
        for (i, &l) in starts.iter().enumerate() {
            if l != line {
                continue;
            }
            let to = stacks[i];
            if fits(from, to) {
                if best.is_none_or(|(b, _)| to > b) {
                    best = Some((to, i));
                }
            } else if best.is_none() && !explained {
                refusal = Some(match from.0 {
                    OVERFLOWED => "stack to deep to analyze",
                    UNINITIALIZED => "can't jump from unreachable code",
                    _ => {
                        explained = true;
                        why_not(to)
                    }
                });
            }
        }
        let Some((to, target)) = best else {
            return Err(value_error(
                refusal.unwrap_or("cannot find bytecode for specified line"),
            ));
        };
        if iframe.is_null() {
            // A finished frame: only its reported position moves.
            (*fo).f_lineno = 0;
            (*fo).f_lasti = (target * 2) as c_int;
            return Ok(());
        }

        // Only the frame of the event has its stack saved, and a suspended
        // generator's: any other frame may be in the middle of a C call
        // (CPython moves it anyway, and crashes when it returns).
        let suspended = (*iframe).owner == frame::OWNED_BY_GENERATOR
            && (*genobject::of_frame(iframe)).gi_frame_state == genobject::FRAME_SUSPENDED;
        if iframe != (*ts).event_frame && !suspended {
            return Err(value_error(
                "can only jump in the frame of the trace event or in a suspended generator",
            ));
        }

        // A generator moved while yielding or suspended resumes after the
        // target's first instruction, the sent value standing in for what
        // that instruction pushes (CPython's behaviour). Only a target whose
        // first instruction is one code unit pushing one value keeps the
        // frame sound; CPython runs into cache entries or off the stack on
        // others, Ophis refuses them. The yielded value is off the stack
        // already.
        let yielding = (*iframe).owner == frame::OWNED_BY_GENERATOR
            && (*ts).what_event == Event::PyYield as i32
            && at.is_some_and(|i| specialize::deopt(units[i] & 0xff) == op::YIELD_VALUE);
        if suspended || yielding {
            let o = specialize::deopt(units[target] & 0xff);
            let pushes_one = op::stack_effect(o, (units[target] >> 8) as i32, false) == Some(1);
            if o == op::EXTENDED_ARG || op::caches(o) != 0 || !pushes_one {
                return Err(value_error(
                    "a suspended generator cannot resume at that line",
                ));
            }
            from = from.pop();
        }

        // Locals the compiler may have proven bound at the target get None.
        let nlocals = (*co).co_nlocalsplus as usize;
        let lp = InterpFrame::localsplus(iframe);
        let unbound = (0..nlocals).filter(|&i| (*lp.add(i)).is_null()).count();
        if unbound > 0 {
            let s = if unbound == 1 { "" } else { "s" };
            report::warn(
                exceptions::get(Exc::RuntimeWarning),
                &format!("assigning None to {unbound} unbound local{s}"),
            )?;
            for i in 0..nlocals {
                if (*lp.add(i)).is_null() {
                    *lp.add(i) = new_ref(lifecycle::none());
                }
            }
        }

        while from > to {
            (*iframe).stacktop -= 1;
            let v = *lp.add((*iframe).stacktop as usize);
            if from.top() == Kind::Except as i64 {
                // The exception slot saved the handled exception.
                err::set_handled(v);
            }
            xdecref(v);
            from = from.pop();
        }
        (*fo).f_lineno = 0;
        (*iframe).prev_instr = codeobject::units(code).add(target);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing() {
        let s = Stack::EMPTY.push(Kind::Iterator).push(Kind::Object);
        assert_eq!(s.top(), Kind::Object as i64);
        assert_eq!(s.peek(2), Kind::Iterator as i64);
        let w = s.swap(2);
        assert_eq!(w.top(), Kind::Iterator as i64);
        assert_eq!(w.peek(2), Kind::Object as i64);
        assert_eq!(s.pop().pop(), Stack::EMPTY);
        assert_eq!(
            s.push(Kind::Null).to_level(1),
            Stack::EMPTY.push(Kind::Iterator)
        );
        let mut deep = Stack::EMPTY;
        for _ in 0..25 {
            deep = deep.push(Kind::Object);
        }
        assert_eq!(deep.0, OVERFLOWED);
    }

    #[test]
    fn fitting() {
        let it = Stack::EMPTY.push(Kind::Iterator);
        assert!(fits(it, Stack::EMPTY));
        assert!(!fits(Stack::EMPTY, it));
        assert_eq!(why_not(it), "can't jump into the body of a for loop");
        let exc = Stack::EMPTY.push(Kind::Except);
        assert_eq!(
            why_not(exc),
            "can't jump into an 'except' block as there's no exception"
        );
        assert!(fits(
            Stack::EMPTY.push(Kind::Object),
            Stack::EMPTY.push(Kind::Null)
        ));
        assert!(!fits(
            Stack::EMPTY.push(Kind::Null),
            Stack::EMPTY.push(Kind::Object)
        ));
    }
}
