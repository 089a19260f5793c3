//! Specialization: the evaluator rewrites an instruction, in the code
//! object's own copy of the bytecode (after its header, as CPython's
//! `co_code_adaptive`), into a form specialized for the types it met, with
//! what it learned kept in the instruction's inline cache entries. `co_code`
//! is a separate `bytes` object and always shows the canonical form.
//!
//! The scheme is CPython 3.12's: the first cache unit of a specializable
//! instruction is a counter (12 bits of count, 4 of backoff exponent).
//! [`quicken`] arms every counter when a code object is made; the generic
//! instruction counts down and, at zero, asks the `specialize_*` function
//! here to pick a form. A form that fits is written with a counter of
//! [`COOLDOWN`]; otherwise the counter backs off exponentially. A
//! specialized instruction whose guard fails (a *miss*) runs the generic
//! instruction instead, which counts the miss down towards the next
//! attempt.
//!
//! The specialized opcodes are Ophis's own numbers (177 and up, a range
//! CPython 3.12.1's compiler never emits), so that [`deopt`] maps each back
//! to its base instruction for anything that reads the running bytecode.
//!
//! [`quicken`] also writes CPython 3.12's super-instructions (two
//! `LOAD_FAST`s, `LOAD_FAST` + `LOAD_CONST`, `STORE_FAST` + `LOAD_FAST`...):
//! the first instruction does both and skips the second, whose own word
//! stays in place so that a jump to it still runs it alone.

use crate::code::codeobject::{self, PyCodeObject};
use crate::code::funcobject::{self, PyFunctionObject};
use crate::objects::methodobject::PyMethodDescrObject;
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyTypeObject};
use crate::objects::{dict, long, managed, module, tuple, unicode};
use crate::protocols::attr;
use crate::runtime::lifecycle;
use ophis_compiler::opcode as op;
use std::ptr;

/// The specialized opcodes (Ophis's numbering).
#[allow(missing_docs)]
pub mod sop {
    pub const BINARY_OP_ADD_INT: u16 = 177;
    pub const BINARY_OP_SUBTRACT_INT: u16 = 178;
    pub const BINARY_OP_MULTIPLY_INT: u16 = 179;
    pub const BINARY_OP_ADD_FLOAT: u16 = 180;
    pub const BINARY_OP_SUBTRACT_FLOAT: u16 = 181;
    pub const BINARY_OP_MULTIPLY_FLOAT: u16 = 182;
    pub const BINARY_OP_TRUE_DIVIDE_FLOAT: u16 = 183;
    pub const BINARY_OP_ADD_UNICODE: u16 = 184;
    pub const COMPARE_OP_INT: u16 = 185;
    pub const COMPARE_OP_FLOAT: u16 = 186;
    pub const COMPARE_OP_STR: u16 = 187;
    pub const BINARY_SUBSCR_LIST_INT: u16 = 188;
    pub const BINARY_SUBSCR_TUPLE_INT: u16 = 189;
    pub const BINARY_SUBSCR_DICT: u16 = 190;
    pub const STORE_SUBSCR_LIST_INT: u16 = 191;
    pub const STORE_SUBSCR_DICT: u16 = 192;
    pub const LOAD_GLOBAL_MODULE: u16 = 196;
    pub const LOAD_GLOBAL_BUILTIN: u16 = 197;
    pub const LOAD_ATTR_INSTANCE_VALUE: u16 = 198;
    pub const LOAD_ATTR_MODULE: u16 = 199;
    pub const LOAD_ATTR_METHOD_WITH_VALUES: u16 = 200;
    pub const LOAD_ATTR_METHOD_NO_DICT: u16 = 201;
    pub const LOAD_ATTR_CLASS: u16 = 202;
    pub const LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES: u16 = 203;
    pub const STORE_ATTR_INSTANCE_VALUE: u16 = 204;
    pub const CALL_PY_EXACT_ARGS: u16 = 205;
    pub const CALL_BOUND_METHOD_EXACT_ARGS: u16 = 206;
    pub const CALL_BUILTIN: u16 = 207;
    pub const CALL_METHOD_DESCRIPTOR: u16 = 208;
    pub const LOAD_FAST__LOAD_FAST: u16 = 212;
    pub const LOAD_FAST__LOAD_CONST: u16 = 213;
    pub const LOAD_CONST__LOAD_FAST: u16 = 214;
    pub const STORE_FAST__LOAD_FAST: u16 = 215;
    pub const STORE_FAST__STORE_FAST: u16 = 216;
    pub const FOR_ITER_LIST: u16 = 217;
    pub const FOR_ITER_RANGE: u16 = 218;
    pub const LOAD_ATTR_PROPERTY: u16 = 219;
    pub const FOR_ITER_GEN: u16 = 220;
    pub const BINARY_OP_AND_INT: u16 = 221;
    pub const BINARY_OP_OR_INT: u16 = 222;
    pub const BINARY_OP_XOR_INT: u16 = 223;
    pub const BINARY_OP_RSHIFT_INT: u16 = 224;
    pub const BINARY_OP_FLOOR_DIVIDE_INT: u16 = 225;
    pub const BINARY_OP_REMAINDER_INT: u16 = 226;
    pub const CALL_PY_WITH_DEFAULTS: u16 = 227;
    pub const LOAD_ATTR_SLOT: u16 = 228;
    pub const STORE_ATTR_SLOT: u16 = 229;
    /// One past the last.
    pub const END: u16 = 230;
}

/// The base instruction of `opcode` (itself for a base instruction).
pub const fn deopt(opcode: u16) -> u16 {
    use sop::*;
    match opcode {
        BINARY_OP_ADD_INT..=BINARY_OP_ADD_UNICODE | BINARY_OP_AND_INT..=BINARY_OP_REMAINDER_INT => {
            op::BINARY_OP
        }
        COMPARE_OP_INT..=COMPARE_OP_STR => op::COMPARE_OP,
        BINARY_SUBSCR_LIST_INT..=BINARY_SUBSCR_DICT => op::BINARY_SUBSCR,
        STORE_SUBSCR_LIST_INT | STORE_SUBSCR_DICT => op::STORE_SUBSCR,
        LOAD_GLOBAL_MODULE | LOAD_GLOBAL_BUILTIN => op::LOAD_GLOBAL,
        LOAD_ATTR_INSTANCE_VALUE..=LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES
        | LOAD_ATTR_PROPERTY
        | LOAD_ATTR_SLOT => op::LOAD_ATTR,
        STORE_ATTR_INSTANCE_VALUE | STORE_ATTR_SLOT => op::STORE_ATTR,
        CALL_PY_EXACT_ARGS..=CALL_METHOD_DESCRIPTOR | CALL_PY_WITH_DEFAULTS => op::CALL,
        LOAD_FAST__LOAD_FAST | LOAD_FAST__LOAD_CONST => op::LOAD_FAST,
        LOAD_CONST__LOAD_FAST => op::LOAD_CONST,
        STORE_FAST__LOAD_FAST | STORE_FAST__STORE_FAST => op::STORE_FAST,
        FOR_ITER_LIST | FOR_ITER_RANGE | FOR_ITER_GEN => op::FOR_ITER,
        _ => opcode,
    }
}

/// Counter of a fresh instruction: specialize on its second run.
const WARMUP: u16 = 1 << 4;
/// Counter after a successful specialization: misses before retrying.
pub const COOLDOWN: u16 = 52 << 4;
/// Largest backoff exponent.
const MAX_BACKOFF: u16 = 12;

/// Whether the counter at `c` says "specialize now".
///
/// # Safety
/// `c` the first cache unit of a specializable instruction.
#[inline(always)]
pub unsafe fn ready(c: *mut u16) -> bool {
    // SAFETY: caller's contract.
    unsafe { *c >> 4 == 0 }
}

/// Counts the counter at `c` down by one.
///
/// # Safety
/// As [`ready`], and not ready.
#[inline(always)]
pub unsafe fn tick(c: *mut u16) {
    // SAFETY: caller's contract.
    unsafe { *c -= 1 << 4 }
}

/// The counter after a failed attempt: the next one waits twice as long.
fn backoff(c: u16) -> u16 {
    let b = ((c & 15) + 1).min(MAX_BACKOFF);
    (((1u16 << b) - 1) << 4) | b
}

/// Arms the counters and writes the super-instructions of fresh bytecode.
///
/// # Safety
/// `units` points to `n` code units of valid 3.12 bytecode.
pub unsafe fn quicken(units: *mut u16, n: usize) {
    // SAFETY: every index is checked against `n`.
    unsafe {
        let mut i = 0;
        let mut prev: Option<usize> = None;
        while i < n {
            let mut w = *units.add(i);
            if (sop::BINARY_OP_ADD_INT..sop::END).contains(&(w & 0xff)) {
                // Not an opcode of 3.12 (bytecode from C can hold any
                // bytes): made one the evaluator refuses, never read as a
                // specialized form whose cache was not written here.
                w = (w & 0xff00) | op::CACHE;
                *units.add(i) = w;
            }
            let opc = w & 0xff;
            let caches = ophis_compiler::opcode_table::CACHES[opc as usize] as usize;
            if caches > 0 && i + 1 < n {
                *units.add(i + 1) = WARMUP;
            }
            if let Some(p) = prev {
                let pw = *units.add(p);
                let super_op = match (pw & 0xff, opc) {
                    (op::LOAD_FAST, op::LOAD_FAST) => Some(sop::LOAD_FAST__LOAD_FAST),
                    (op::LOAD_FAST, op::LOAD_CONST) => Some(sop::LOAD_FAST__LOAD_CONST),
                    (op::LOAD_CONST, op::LOAD_FAST) => Some(sop::LOAD_CONST__LOAD_FAST),
                    (op::STORE_FAST, op::LOAD_FAST) => Some(sop::STORE_FAST__LOAD_FAST),
                    (op::STORE_FAST, op::STORE_FAST) => Some(sop::STORE_FAST__STORE_FAST),
                    _ => None,
                };
                if let Some(s) = super_op {
                    *units.add(p) = (pw & 0xff00) | s;
                    // The second of a pair does not start another.
                    prev = None;
                    i += 1 + caches;
                    continue;
                }
            }
            // Only instructions without an EXTENDED_ARG prefix pair up.
            let prefixed = i > 0 && *units.add(i - 1) & 0xff == op::EXTENDED_ARG;
            prev = (matches!(opc, op::LOAD_FAST | op::LOAD_CONST | op::STORE_FAST) && !prefixed)
                .then_some(i);
            i += 1 + caches;
        }
    }
}

/// Writes `opcode` into the instruction at `instr` (its argument byte
/// kept) and sets its counter.
#[inline]
unsafe fn rewrite(instr: *mut u16, opcode: u16, counter: u16) {
    // SAFETY: `instr` is a specializable instruction (caller's contract).
    unsafe {
        *instr = (*instr & 0xff00) | opcode;
        *instr.add(1) = counter;
    }
}

/// Records the outcome of an attempt: `Some(form)` or a backoff.
unsafe fn done(instr: *mut u16, base: u16, form: Option<u16>) {
    // SAFETY: forwarded.
    unsafe {
        match form {
            Some(f) => rewrite(instr, f, COOLDOWN),
            None => rewrite(instr, base, backoff(*instr.add(1))),
        }
    }
}

/// Reads the 32-bit value at cache units `at`, `at + 1` of `instr`.
///
/// # Safety
/// Inside the instruction's cache.
#[inline(always)]
pub unsafe fn read_u32(instr: *const u16, at: usize) -> u32 {
    // SAFETY: caller's contract.
    unsafe { (instr.add(at) as *const u32).read_unaligned() }
}

/// Writes a 32-bit value at cache units `at`, `at + 1`.
///
/// # Safety
/// As [`read_u32`].
#[inline(always)]
pub unsafe fn write_u32(instr: *mut u16, at: usize, v: u32) {
    // SAFETY: caller's contract.
    unsafe { (instr.add(at) as *mut u32).write_unaligned(v) }
}

/// Reads the 64-bit value at cache units `at .. at + 4`.
///
/// # Safety
/// As [`read_u32`].
#[inline(always)]
pub unsafe fn read_u64(instr: *const u16, at: usize) -> u64 {
    // SAFETY: caller's contract.
    unsafe { (instr.add(at) as *const u64).read_unaligned() }
}

/// Writes a 64-bit value at cache units `at .. at + 4`.
///
/// # Safety
/// As [`read_u32`].
#[inline(always)]
pub unsafe fn write_u64(instr: *mut u16, at: usize, v: u64) {
    // SAFETY: caller's contract.
    unsafe { (instr.add(at) as *mut u64).write_unaligned(v) }
}

/// Whether `o` is an exact int of at most one digit (CPython's "compact").
///
/// # Safety
/// `o` live.
#[inline(always)]
pub unsafe fn is_compact_int(o: *mut PyObject) -> bool {
    // SAFETY: the tag is read only from exact ints.
    unsafe { (*o).ob_type == lifecycle::long_type() && long::tag(o) < (2 << long::NON_SIZE_BITS) }
}

/// The value of a compact int.
///
/// # Safety
/// `o` a compact int ([`is_compact_int`]).
#[inline(always)]
pub unsafe fn compact_value(o: *mut PyObject) -> i64 {
    // SAFETY: a compact int holds at most one digit, read only when present.
    unsafe {
        let t = long::tag(o);
        let mag = if t >> long::NON_SIZE_BITS == 0 {
            0
        } else {
            *long::digits(o).as_ptr() as i64
        };
        if t & 3 == long::SIGN_NEGATIVE {
            -mag
        } else {
            mag
        }
    }
}

/// The value of an exact int of at most two digits (|v| < 2**60, so that
/// sums and differences of two fit an `i64`), else `None`.
///
/// # Safety
/// `o` live.
#[inline(always)]
pub unsafe fn small_int(o: *mut PyObject) -> Option<i64> {
    // SAFETY: the tag and digits are read only from exact ints, and only
    // the digits present.
    unsafe {
        if (*o).ob_type != lifecycle::long_type() {
            return None;
        }
        let t = long::tag(o);
        let d = long::digits(o);
        let mag = match t >> long::NON_SIZE_BITS {
            0 => 0,
            1 => d[0] as i64,
            2 => d[0] as i64 | (d[1] as i64) << long::SHIFT,
            _ => return None,
        };
        Some(if t & 3 == long::SIGN_NEGATIVE {
            -mag
        } else {
            mag
        })
    }
}

/// `BINARY_OP`: ints, floats, strs.
///
/// # Safety
/// `instr` the instruction; `a`, `b` its live operands.
pub unsafe fn binary_op(instr: *mut u16, a: *mut PyObject, b: *mut PyObject, oparg: u32) {
    // SAFETY: type checks before any field is read.
    unsafe {
        let (ta, tb) = ((*a).ob_type, (*b).ob_type);
        let kind = if oparg >= 13 { oparg - 13 } else { oparg };
        let form = if ta != tb {
            None
        } else if ta == lifecycle::long_type() {
            if small_int(a).is_some() && small_int(b).is_some() {
                // NB_* values of 3.12's BINARY_OP (in-place ones less 13).
                match kind {
                    0 => Some(sop::BINARY_OP_ADD_INT),
                    10 => Some(sop::BINARY_OP_SUBTRACT_INT),
                    5 => Some(sop::BINARY_OP_MULTIPLY_INT),
                    1 => Some(sop::BINARY_OP_AND_INT),
                    7 => Some(sop::BINARY_OP_OR_INT),
                    12 => Some(sop::BINARY_OP_XOR_INT),
                    9 => Some(sop::BINARY_OP_RSHIFT_INT),
                    2 => Some(sop::BINARY_OP_FLOOR_DIVIDE_INT),
                    6 => Some(sop::BINARY_OP_REMAINDER_INT),
                    _ => None,
                }
            } else {
                None
            }
        } else if ta == lifecycle::float_type() {
            match kind {
                0 => Some(sop::BINARY_OP_ADD_FLOAT),
                10 => Some(sop::BINARY_OP_SUBTRACT_FLOAT),
                5 => Some(sop::BINARY_OP_MULTIPLY_FLOAT),
                11 => Some(sop::BINARY_OP_TRUE_DIVIDE_FLOAT),
                _ => None,
            }
        } else if ta == lifecycle::unicode_type() && kind == 0 {
            Some(sop::BINARY_OP_ADD_UNICODE)
        } else {
            None
        };
        done(instr, op::BINARY_OP, form);
    }
}

/// `COMPARE_OP`: compact ints, floats, and strs for `==`/`!=`.
///
/// # Safety
/// As [`binary_op`].
pub unsafe fn compare_op(instr: *mut u16, a: *mut PyObject, b: *mut PyObject, oparg: u32) {
    // SAFETY: type checks first.
    unsafe {
        let (ta, tb) = ((*a).ob_type, (*b).ob_type);
        let form = if ta != tb {
            None
        } else if ta == lifecycle::long_type() {
            (small_int(a).is_some() && small_int(b).is_some()).then_some(sop::COMPARE_OP_INT)
        } else if ta == lifecycle::float_type() {
            Some(sop::COMPARE_OP_FLOAT)
        } else if ta == lifecycle::unicode_type() && matches!(oparg >> 4, 2 | 3) {
            Some(sop::COMPARE_OP_STR)
        } else {
            None
        };
        done(instr, op::COMPARE_OP, form);
    }
}

/// `BINARY_SUBSCR`: list and tuple by a non-negative compact int, dict.
///
/// # Safety
/// As [`binary_op`].
pub unsafe fn binary_subscr(instr: *mut u16, c: *mut PyObject, sub: *mut PyObject) {
    // SAFETY: type checks first.
    unsafe {
        let t = (*c).ob_type;
        let int_index = is_compact_int(sub) && compact_value(sub) >= 0;
        let form = if t == lifecycle::list_type() && int_index {
            Some(sop::BINARY_SUBSCR_LIST_INT)
        } else if t == lifecycle::tuple_type() && int_index {
            Some(sop::BINARY_SUBSCR_TUPLE_INT)
        } else if t == lifecycle::dict_type() {
            Some(sop::BINARY_SUBSCR_DICT)
        } else {
            None
        };
        done(instr, op::BINARY_SUBSCR, form);
    }
}

/// `STORE_SUBSCR`: list by a non-negative compact int, dict.
///
/// # Safety
/// As [`binary_op`].
pub unsafe fn store_subscr(instr: *mut u16, c: *mut PyObject, sub: *mut PyObject) {
    // SAFETY: type checks first.
    unsafe {
        let t = (*c).ob_type;
        let form = if t == lifecycle::list_type() && is_compact_int(sub) && compact_value(sub) >= 0
        {
            Some(sop::STORE_SUBSCR_LIST_INT)
        } else if t == lifecycle::dict_type() {
            Some(sop::STORE_SUBSCR_DICT)
        } else {
            None
        };
        done(instr, op::STORE_SUBSCR, form);
    }
}

/// `FOR_ITER`: list and range iterators, generators (resumed inline).
///
/// # Safety
/// As [`binary_op`].
pub unsafe fn for_iter(instr: *mut u16, it: *mut PyObject) {
    // SAFETY: a type comparison.
    unsafe {
        let t = (*it).ob_type;
        let form = if t == lifecycle::rangeiter_type() {
            Some(sop::FOR_ITER_RANGE)
        } else if t == crate::objects::iterobject::list_iterator_type() {
            Some(sop::FOR_ITER_LIST)
        } else if t == lifecycle::gen_type() {
            Some(sop::FOR_ITER_GEN)
        } else {
            None
        };
        done(instr, op::FOR_ITER, form);
    }
}

/// Cache layout of `LOAD_GLOBAL` (after the counter): the entry index,
/// then the 16-bit keys versions of the globals and the builtins.
pub mod global_cache {
    /// The entry index.
    pub const INDEX: usize = 2;
    /// The globals' keys version.
    pub const MODULE_VERSION: usize = 3;
    /// The builtins' keys version.
    pub const BUILTIN_VERSION: usize = 4;
}

/// `LOAD_GLOBAL`: a name found in the globals, or in the builtins and not
/// the globals, both exact dicts whose keys versions fit the cache.
///
/// # Safety
/// `instr` the instruction; `globals`, `builtins` live; `name` a str.
pub unsafe fn load_global(
    instr: *mut u16,
    globals: *mut PyObject,
    builtins: *mut PyObject,
    name: *mut PyObject,
) {
    // SAFETY: exact dicts only; lookups run no code.
    unsafe {
        use global_cache::*;
        let exact = |d: *mut PyObject| (*d).ob_type == lifecycle::dict_type();
        let mut form = None;
        if exact(globals) && unicode::check_exact(name) {
            let gv = dict::keys_version(globals);
            if let Some(ix) = dict::str_entry_index(globals, name) {
                if gv != 0 && gv <= u16::MAX as u64 && ix <= u16::MAX as usize {
                    *instr.add(INDEX) = ix as u16;
                    *instr.add(MODULE_VERSION) = gv as u16;
                    form = Some(sop::LOAD_GLOBAL_MODULE);
                }
            } else if exact(builtins) {
                let bv = dict::keys_version(builtins);
                if let Some(ix) = dict::str_entry_index(builtins, name) {
                    if gv != 0
                        && gv <= u16::MAX as u64
                        && bv != 0
                        && bv <= u16::MAX as u64
                        && ix <= u16::MAX as usize
                    {
                        *instr.add(INDEX) = ix as u16;
                        *instr.add(MODULE_VERSION) = gv as u16;
                        *instr.add(BUILTIN_VERSION) = bv as u16;
                        form = Some(sop::LOAD_GLOBAL_BUILTIN);
                    }
                }
            }
        }
        done(instr, op::LOAD_GLOBAL, form);
    }
}

/// Cache layout of `LOAD_ATTR` (after the counter): the type version, a
/// second 32-bit word (an index or a count), a 64-bit descriptor.
pub mod attr_cache {
    /// The owner type's version tag (32 bits).
    pub const TYPE_VERSION: usize = 2;
    /// The shared-key index, keys count or module keys version (32 bits).
    pub const INDEX: usize = 4;
    /// The descriptor found on the type (64 bits, borrowed: valid while
    /// the type version holds).
    pub const DESCR: usize = 6;
}

/// A valid version tag of `t`, assigning one if needed (0: none).
unsafe fn type_version(t: *mut PyTypeObject) -> u32 {
    // SAFETY: a live type.
    unsafe {
        if (*t).tp_flags & flags::VALID_VERSION_TAG == 0 && !typeobj::assign_version_tag(t) {
            return 0;
        }
        (*t).tp_version_tag
    }
}

/// `LOAD_ATTR`: instance values, module attributes, methods of instances
/// with values or without a dict, class attributes, properties.
///
/// # Safety
/// `instr` the instruction; `owner` live; `name` a str.
pub unsafe fn load_attr(instr: *mut u16, owner: *mut PyObject, name: *mut PyObject, oparg: u32) {
    // SAFETY: every field is read after the type checks that allow it;
    // the type lookup runs no code.
    unsafe {
        let form = load_attr_form(instr, owner, name, oparg & 1 != 0);
        done(instr, op::LOAD_ATTR, form);
    }
}

unsafe fn load_attr_form(
    instr: *mut u16,
    owner: *mut PyObject,
    name: *mut PyObject,
    method: bool,
) -> Option<u16> {
    // SAFETY: see `load_attr`.
    unsafe {
        use attr_cache::*;
        if !unicode::check_exact(name) {
            return None;
        }
        let t = (*owner).ob_type;
        if t == lifecycle::module_type() {
            let d = module::dict_of(owner);
            if d.is_null() || (*d).ob_type != lifecycle::dict_type() {
                return None;
            }
            let v = dict::keys_version(d);
            let ix = dict::str_entry_index(d, name)?;
            if v == 0 || v > u32::MAX as u64 {
                return None;
            }
            write_u32(instr, INDEX, v as u32);
            write_u64(instr, DESCR, ix as u64);
            return Some(sop::LOAD_ATTR_MODULE);
        }
        if !attr::has_generic_getattr(t) {
            if (*t).tp_flags & flags::TYPE_SUBCLASS != 0 {
                return load_attr_class(instr, owner, name);
            }
            return None;
        }
        let version = type_version(t);
        if version == 0 {
            return None;
        }
        let descr = typeobj::lookup(t, name);
        let managed = (*t).tp_flags & flags::MANAGED_DICT != 0;
        let has_dict = managed || (*t).tp_dictoffset != 0;
        write_u32(instr, TYPE_VERSION, version);
        if descr.is_null() {
            // An instance attribute among the shared keys.
            if method || !managed || !managed::is_values(owner) {
                return None;
            }
            let ix = managed::shared_key_index(t, name)?;
            write_u32(instr, INDEX, ix as u32);
            return Some(sop::LOAD_ATTR_INSTANCE_VALUE);
        }
        let dt = (*descr).ob_type;
        if dt == crate::objects::member::descr_type() {
            // A `__slots__` slot (or a C type's object member).
            let off = crate::objects::member::object_slot_offset(descr, false)?;
            write_u32(instr, INDEX, u32::try_from(off).ok()?);
            return Some(sop::LOAD_ATTR_SLOT);
        }
        if (*dt).tp_descr_set.is_some() {
            // A data descriptor: properties whose getter is a function.
            if dt == lifecycle::property_type() && !method {
                let fget = crate::objects::property::fget(descr);
                if !fget.is_null() && (*fget).ob_type == lifecycle::function_type() {
                    write_u64(instr, DESCR, descr as u64);
                    return Some(sop::LOAD_ATTR_PROPERTY);
                }
            }
            return None;
        }
        let is_method = (*dt).tp_flags & flags::METHOD_DESCRIPTOR != 0;
        if method && is_method {
            write_u64(instr, DESCR, descr as u64);
            if !has_dict {
                return Some(sop::LOAD_ATTR_METHOD_NO_DICT);
            }
            if managed && managed::is_values(owner) && managed::shared_key_index(t, name).is_none()
            {
                write_u32(instr, INDEX, managed::shared_keys_len(t) as u32);
                return Some(sop::LOAD_ATTR_METHOD_WITH_VALUES);
            }
            return None;
        }
        if (*dt).tp_descr_get.is_none()
            && !method
            && managed
            && managed::is_values(owner)
            && managed::shared_key_index(t, name).is_none()
        {
            // A plain class attribute read through an instance.
            write_u32(instr, INDEX, managed::shared_keys_len(t) as u32);
            write_u64(instr, DESCR, descr as u64);
            return Some(sop::LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES);
        }
        None
    }
}

/// `LOAD_ATTR` on a class (through `type`'s own attribute lookup): a
/// plain attribute of the class's MRO, not found on the metaclass.
unsafe fn load_attr_class(instr: *mut u16, cls: *mut PyObject, name: *mut PyObject) -> Option<u16> {
    // SAFETY: `cls` is a type; lookups run no code.
    unsafe {
        use attr_cache::*;
        let meta = (*cls).ob_type;
        if meta != lifecycle::type_type() {
            return None;
        }
        let ct = cls as *mut PyTypeObject;
        let version = type_version(ct);
        if version == 0 || !typeobj::lookup(meta, name).is_null() {
            return None;
        }
        let descr = typeobj::lookup(ct, name);
        if descr.is_null() || (*(*descr).ob_type).tp_descr_get.is_some() {
            return None;
        }
        write_u32(instr, TYPE_VERSION, version);
        write_u64(instr, DESCR, descr as u64);
        Some(sop::LOAD_ATTR_CLASS)
    }
}

/// Cache layout of `STORE_ATTR` (after the counter): the type version and
/// the shared-key index.
pub mod store_attr_cache {
    /// The type version (32 bits).
    pub const TYPE_VERSION: usize = 2;
    /// The shared-key index, or a slot's byte offset (16 bits).
    pub const INDEX: usize = 4;
}

/// `STORE_ATTR`: replacing an instance value among the shared keys.
///
/// # Safety
/// `instr` the instruction; `owner` live; `name` a str.
pub unsafe fn store_attr(instr: *mut u16, owner: *mut PyObject, name: *mut PyObject) {
    // SAFETY: as in `load_attr`.
    unsafe {
        use store_attr_cache::*;
        let t = (*owner).ob_type;
        let mut form = None;
        // A `__slots__` slot: its byte offset.
        if unicode::check_exact(name) && attr::has_generic_setattr(t) {
            let d = typeobj::lookup(t, name);
            if !d.is_null() && (*d).ob_type == crate::objects::member::descr_type() {
                let version = type_version(t);
                if let Some(off) = crate::objects::member::object_slot_offset(d, true) {
                    if version != 0 && off <= u16::MAX as isize {
                        write_u32(instr, TYPE_VERSION, version);
                        *instr.add(INDEX) = off as u16;
                        form = Some(sop::STORE_ATTR_SLOT);
                    }
                }
                done(instr, op::STORE_ATTR, form);
                return;
            }
        }
        if unicode::check_exact(name)
            && (*t).tp_flags & flags::MANAGED_DICT != 0
            && attr::has_generic_setattr(t)
            && managed::is_values(owner)
        {
            let version = type_version(t);
            if version != 0 && typeobj::lookup(t, name).is_null() {
                if let Some(ix) = managed::shared_key_index(t, name) {
                    if managed::value_slot(owner, ix).is_some() {
                        write_u32(instr, TYPE_VERSION, version);
                        *instr.add(INDEX) = ix as u16;
                        form = Some(sop::STORE_ATTR_INSTANCE_VALUE);
                    }
                }
            }
        }
        done(instr, op::STORE_ATTR, form);
    }
}

/// `CALL`: Python functions taking exactly the arguments given (directly
/// or through a bound method), builtin functions and method descriptors
/// by their calling convention.
///
/// # Safety
/// `instr` the instruction; `method` and `callable` the two stack slots
/// below the `nargs` arguments (3.12's `[method or NULL, callable or
/// self]`).
pub unsafe fn call(
    instr: *mut u16,
    callable: *mut PyObject,
    method: *mut PyObject,
    nargs: usize,
    kwnames: *mut PyObject,
) {
    // SAFETY: fields read after type checks.
    unsafe {
        let form = if !kwnames.is_null() {
            None
        } else if method.is_null() {
            call_form(instr, callable, ptr::null_mut(), nargs)
        } else {
            call_form(instr, method, callable, nargs)
        };
        done(instr, op::CALL, form);
    }
}

unsafe fn call_form(
    instr: *mut u16,
    callable: *mut PyObject,
    self_or_null: *mut PyObject,
    nargs: usize,
) -> Option<u16> {
    // SAFETY: see `call`.
    unsafe {
        let t = (*callable).ob_type;
        let total = nargs + !self_or_null.is_null() as usize;
        // A Python function taking `n` positional arguments and nothing
        // else: its version, and whether some parameters take defaults.
        let exact_py = |f: *mut PyObject, n: usize| -> Option<(u32, bool)> {
            let fo = f as *mut PyFunctionObject;
            if !funcobject::has_default_vectorcall(f) {
                return None;
            }
            let c = (*fo).func_code as *mut PyCodeObject;
            let argc = (*c).co_argcount as usize;
            let ndefaults = if (*fo).func_defaults.is_null() {
                0
            } else {
                tuple::size((*fo).func_defaults) as usize
            };
            let simple = (*c).co_flags & (codeobject::co::VARARGS | codeobject::co::VARKEYWORDS)
                == 0
                && (*c).co_kwonlyargcount == 0
                && n <= argc
                && argc - n <= ndefaults;
            if !simple {
                return None;
            }
            let v = funcobject::version(f);
            (v != 0).then_some((v, n < argc))
        };
        if t == lifecycle::function_type() {
            let (v, defaults) = exact_py(callable, total)?;
            write_u32(instr, 2, v);
            return Some(if defaults {
                sop::CALL_PY_WITH_DEFAULTS
            } else {
                sop::CALL_PY_EXACT_ARGS
            });
        }
        if t == lifecycle::method_type() && self_or_null.is_null() {
            let f = (*(callable as *mut crate::objects::boundmethod::PyMethodObject)).im_func;
            if (*f).ob_type != lifecycle::function_type() {
                return None;
            }
            let (v, defaults) = exact_py(f, nargs + 1)?;
            if defaults {
                return None;
            }
            write_u32(instr, 2, v);
            return Some(sop::CALL_BOUND_METHOD_EXACT_ARGS);
        }
        // Builtins and method descriptors keep their own vectorcall,
        // chosen by their calling convention: the form calls it directly.
        let has_vc = crate::protocols::call::vectorcall_function(callable).is_some();
        if t == lifecycle::cfunction_type() && self_or_null.is_null() && has_vc {
            return Some(sop::CALL_BUILTIN);
        }
        if t == lifecycle::method_descr_type() && !self_or_null.is_null() && has_vc {
            let d = callable as *mut PyMethodDescrObject;
            if !typeobj::is_subtype((*self_or_null).ob_type, (*d).d_type) {
                return None;
            }
            return Some(sop::CALL_METHOD_DESCRIPTOR);
        }
        None
    }
}
