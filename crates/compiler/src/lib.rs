//! `ophis-compiler`: Python 3.12 source to code units identical to the code
//! objects CPython 3.12.1's `compile()` makes.
//!
//! The pipeline follows CPython's, pass by pass, one module each:
//! [`parse`] (ruff's parser behind an adapter yielding CPython's AST shape,
//! [`ast`]), [`fold`] (the AST optimizer's constant folding), [`symtable`],
//! [`codegen`], [`flowgraph`] (the CFG passes), [`assemble`] (bytes, location
//! and exception tables). The output is a [`code::CodeUnit`] tree; [`dis`]
//! prints it like `dis`, [`marshal`] reads and writes it as `.pyc` data, and
//! [`dump`] writes the canonical text the oracle comparison uses.
//!
//! This crate knows nothing of Ophis's objects and is usable alone.
//!
//! ```
//! let code = ophis_compiler::compile("x = 1\n", "<example>").unwrap();
//! assert_eq!(code.name, "<module>");
//! ```
#![deny(unsafe_code)]

pub mod assemble;
pub mod ast;
pub mod code;
pub mod codegen;
pub mod dis;
pub mod dump;
pub mod error;
pub mod flowgraph;
pub mod fold;
pub mod marshal;
pub mod opcode;
pub mod opcode_table;
pub mod parse;
pub mod symtable;

pub use code::{CodeUnit, Constant, PyStr};
pub use error::{CompileError, ErrorKind};

/// Compiles a module's source (`compile(src, filename, 'exec')`).
pub fn compile(src: &str, filename: &str) -> error::Result<CodeUnit> {
    let mut module = parse::parse_module(src)?;
    fold::fold_module(&mut module)?;
    let table = symtable::build(&module)?;
    codegen::compile_module(&module, &table, filename)
}
