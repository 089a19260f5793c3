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
    let future = future_features(&module)?;
    fold::fold_module(&mut module)?;
    let table = symtable::build(&module, future & code::flags::FUTURE_ANNOTATIONS != 0)?;
    codegen::compile_module(&module, &table, filename, future)
}

/// `future.c`: the `CO_FUTURE_*` flags of the module's leading
/// `from __future__ import ...` statements.
fn future_features(m: &ast::Module) -> error::Result<u32> {
    use ast::{ExprKind, StmtKind};
    let mut flags = 0;
    let mut body = m.body.iter().peekable();
    if let Some(first) = body.peek() {
        if matches!(&first.kind, StmtKind::Expr(e) if matches!(e.kind, ExprKind::Constant(Constant::Str(_))))
        {
            body.next();
        }
    }
    for s in body {
        let StmtKind::ImportFrom {
            module: Some(m),
            names,
            ..
        } = &s.kind
        else {
            break;
        };
        if m != "__future__" {
            break;
        }
        for a in names {
            match a.name.as_str() {
                "nested_scopes" | "generators" | "division" | "absolute_import"
                | "with_statement" | "print_function" | "unicode_literals" | "generator_stop" => {}
                "annotations" => flags |= code::flags::FUTURE_ANNOTATIONS,
                "barry_as_FLUFL" => {
                    return Err(CompileError::unsupported("barry_as_FLUFL", s.loc.lineno))
                }
                "braces" => {
                    return Err(CompileError::syntax(
                        "not a chance",
                        s.loc.lineno,
                        s.loc.col,
                    ))
                }
                other => {
                    return Err(CompileError::syntax(
                        format!("future feature {other} is not defined"),
                        s.loc.lineno,
                        s.loc.col,
                    ))
                }
            }
        }
    }
    Ok(flags)
}
