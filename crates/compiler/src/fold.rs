//! Constant folding as CPython 3.12.1's AST optimizer (`ast_opt.c`) does it.
//! (In progress: nothing is folded yet.)

use crate::ast::Module;

/// Folds constants in a module, in place.
pub fn fold_module(_m: &mut Module) {}
