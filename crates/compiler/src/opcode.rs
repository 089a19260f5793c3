//! CPython 3.12.1's instruction set as the compiler needs it: opcode numbers
//! (real and pseudo), inline cache sizes, instruction sizes, the opcode
//! classes the flow-graph passes test (jumps, block pushes, scope exits), and
//! stack effects (from the generated [`crate::opcode_table`]).

use crate::opcode_table::{popped_pushed, CACHES, NAMES};

macro_rules! opcodes {
    ($($name:ident = $num:expr),* $(,)?) => {
        $(#[allow(missing_docs)] pub const $name: u16 = $num;)*
    };
}

opcodes! {
    CACHE = 0, POP_TOP = 1, PUSH_NULL = 2, END_FOR = 4, END_SEND = 5, NOP = 9,
    UNARY_NEGATIVE = 11, UNARY_NOT = 12, UNARY_INVERT = 15, BINARY_SUBSCR = 25,
    BINARY_SLICE = 26, STORE_SLICE = 27, GET_LEN = 30, MATCH_MAPPING = 31,
    MATCH_SEQUENCE = 32, MATCH_KEYS = 33, PUSH_EXC_INFO = 35, CHECK_EXC_MATCH = 36,
    CHECK_EG_MATCH = 37, WITH_EXCEPT_START = 49, GET_AITER = 50, GET_ANEXT = 51,
    BEFORE_ASYNC_WITH = 52, BEFORE_WITH = 53, END_ASYNC_FOR = 54, CLEANUP_THROW = 55,
    STORE_SUBSCR = 60, DELETE_SUBSCR = 61, GET_ITER = 68, GET_YIELD_FROM_ITER = 69,
    LOAD_BUILD_CLASS = 71, LOAD_ASSERTION_ERROR = 74, RETURN_GENERATOR = 75,
    RETURN_VALUE = 83, SETUP_ANNOTATIONS = 85, LOAD_LOCALS = 87, POP_EXCEPT = 89,
    STORE_NAME = 90, DELETE_NAME = 91, UNPACK_SEQUENCE = 92, FOR_ITER = 93,
    UNPACK_EX = 94, STORE_ATTR = 95, DELETE_ATTR = 96, STORE_GLOBAL = 97,
    DELETE_GLOBAL = 98, SWAP = 99, LOAD_CONST = 100, LOAD_NAME = 101,
    BUILD_TUPLE = 102, BUILD_LIST = 103, BUILD_SET = 104, BUILD_MAP = 105,
    LOAD_ATTR = 106, COMPARE_OP = 107, IMPORT_NAME = 108, IMPORT_FROM = 109,
    JUMP_FORWARD = 110, POP_JUMP_IF_FALSE = 114, POP_JUMP_IF_TRUE = 115,
    LOAD_GLOBAL = 116, IS_OP = 117, CONTAINS_OP = 118, RERAISE = 119, COPY = 120,
    RETURN_CONST = 121, BINARY_OP = 122, SEND = 123, LOAD_FAST = 124,
    STORE_FAST = 125, DELETE_FAST = 126, LOAD_FAST_CHECK = 127,
    POP_JUMP_IF_NOT_NONE = 128, POP_JUMP_IF_NONE = 129, RAISE_VARARGS = 130,
    GET_AWAITABLE = 131, MAKE_FUNCTION = 132, BUILD_SLICE = 133,
    JUMP_BACKWARD_NO_INTERRUPT = 134, MAKE_CELL = 135, LOAD_CLOSURE = 136,
    LOAD_DEREF = 137, STORE_DEREF = 138, DELETE_DEREF = 139, JUMP_BACKWARD = 140,
    LOAD_SUPER_ATTR = 141, CALL_FUNCTION_EX = 142, LOAD_FAST_AND_CLEAR = 143,
    EXTENDED_ARG = 144, LIST_APPEND = 145, SET_ADD = 146, MAP_ADD = 147,
    COPY_FREE_VARS = 149, YIELD_VALUE = 150, RESUME = 151, MATCH_CLASS = 152,
    FORMAT_VALUE = 155, BUILD_CONST_KEY_MAP = 156, BUILD_STRING = 157,
    LIST_EXTEND = 162, SET_UPDATE = 163, DICT_MERGE = 164, DICT_UPDATE = 165,
    CALL = 171, KW_NAMES = 172, CALL_INTRINSIC_1 = 173, CALL_INTRINSIC_2 = 174,
    LOAD_FROM_DICT_OR_GLOBALS = 175, LOAD_FROM_DICT_OR_DEREF = 176,
    // Pseudo-instructions (resolved before assembly).
    SETUP_FINALLY = 256, SETUP_CLEANUP = 257, SETUP_WITH = 258, POP_BLOCK = 259,
    JUMP = 260, JUMP_NO_INTERRUPT = 261, LOAD_METHOD = 262, LOAD_SUPER_METHOD = 263,
    LOAD_ZERO_SUPER_METHOD = 264, LOAD_ZERO_SUPER_ATTR = 265,
    STORE_FAST_MAYBE_NULL = 266,
}

/// First opcode that takes an argument (`HAVE_ARGUMENT`).
pub const HAVE_ARGUMENT: u16 = 90;

/// The opcode's name, as `dis` prints it.
pub fn name(op: u16) -> &'static str {
    NAMES
        .get(op as usize)
        .copied()
        .flatten()
        .unwrap_or("<unknown>")
}

/// Whether the opcode is a pseudo-instruction (256 and up).
pub fn is_pseudo(op: u16) -> bool {
    op >= 256
}

/// `HAS_ARG`: real opcodes from [`HAVE_ARGUMENT`] on, and the pseudo ops that
/// carry one.
pub fn has_arg(op: u16) -> bool {
    if is_pseudo(op) {
        !matches!(op, POP_BLOCK)
    } else {
        op >= HAVE_ARGUMENT
    }
}

/// Inline cache units following a real opcode.
pub fn caches(op: u16) -> u32 {
    CACHES.get(op as usize).copied().unwrap_or(0) as u32
}

/// Jumps (`hasjrel` plus the `JUMP` pseudo ops).
pub fn is_jump(op: u16) -> bool {
    matches!(
        op,
        FOR_ITER
            | JUMP_FORWARD
            | POP_JUMP_IF_FALSE
            | POP_JUMP_IF_TRUE
            | SEND
            | POP_JUMP_IF_NOT_NONE
            | POP_JUMP_IF_NONE
            | JUMP_BACKWARD_NO_INTERRUPT
            | JUMP_BACKWARD
            | JUMP
            | JUMP_NO_INTERRUPT
    )
}

/// `SETUP_FINALLY`, `SETUP_CLEANUP`, `SETUP_WITH`.
pub fn is_block_push(op: u16) -> bool {
    matches!(op, SETUP_FINALLY | SETUP_CLEANUP | SETUP_WITH)
}

/// Instructions whose argument is a jump target.
pub fn has_target(op: u16) -> bool {
    is_jump(op) || is_block_push(op)
}

/// Returns and raises.
pub fn is_scope_exit(op: u16) -> bool {
    matches!(op, RETURN_VALUE | RETURN_CONST | RAISE_VARARGS | RERAISE)
}

/// Unconditional jumps.
pub fn is_unconditional_jump(op: u16) -> bool {
    matches!(
        op,
        JUMP | JUMP_NO_INTERRUPT | JUMP_FORWARD | JUMP_BACKWARD | JUMP_BACKWARD_NO_INTERRUPT
    )
}

/// Instructions that must end a basic block.
pub fn is_terminator(op: u16) -> bool {
    is_jump(op) || is_scope_exit(op)
}

/// Instructions whose argument indexes `co_consts`.
pub fn has_const(op: u16) -> bool {
    matches!(op, LOAD_CONST | RETURN_CONST | KW_NAMES)
}

/// Stack effect as `PyCompile_OpcodeStackEffectWithJump` computes it:
/// `jump` selects the branch-taken effect of block pushes.
pub fn stack_effect(op: u16, oparg: i32, jump: bool) -> Option<i32> {
    if !is_pseudo(op) {
        return popped_pushed(op, oparg).map(|(po, pu)| pu - po);
    }
    Some(match op {
        POP_BLOCK | JUMP | JUMP_NO_INTERRUPT => 0,
        SETUP_FINALLY | SETUP_WITH => i32::from(jump),
        SETUP_CLEANUP => {
            if jump {
                2
            } else {
                0
            }
        }
        STORE_FAST_MAYBE_NULL => -1,
        LOAD_METHOD => 1,
        LOAD_SUPER_METHOD | LOAD_ZERO_SUPER_METHOD | LOAD_ZERO_SUPER_ATTR => -1,
        _ => return None,
    })
}

/// Code units an instruction takes: its `EXTENDED_ARG` prefixes, itself and
/// its caches.
pub fn instr_size(op: u16, oparg: u32) -> u32 {
    let ext = u32::from(oparg > 0xFF_FFFF) + u32::from(oparg > 0xFFFF) + u32::from(oparg > 0xFF);
    ext + 1 + caches(op)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_sizes() {
        assert_eq!(name(LOAD_GLOBAL), "LOAD_GLOBAL");
        assert_eq!(name(STORE_FAST_MAYBE_NULL), "STORE_FAST_MAYBE_NULL");
        assert_eq!(caches(LOAD_ATTR), 9);
        assert_eq!(caches(LOAD_GLOBAL), 4);
        assert_eq!(caches(CALL), 3);
        assert_eq!(instr_size(LOAD_CONST, 300), 2);
        assert_eq!(instr_size(LOAD_GLOBAL, 0x1_0000), 3 + 4);
    }

    #[test]
    fn stack_effects() {
        assert_eq!(stack_effect(CALL, 2, false), Some(-3));
        assert_eq!(stack_effect(LOAD_GLOBAL, 1, false), Some(2));
        assert_eq!(stack_effect(MAKE_FUNCTION, 0x09, false), Some(-2));
        assert_eq!(stack_effect(SETUP_CLEANUP, 0, true), Some(2));
        assert_eq!(stack_effect(FORMAT_VALUE, 4, false), Some(-1));
        assert_eq!(stack_effect(BUILD_SLICE, 3, false), Some(-2));
    }
}
