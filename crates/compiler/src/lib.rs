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
pub mod diagnose;
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
pub mod tokenize;
pub mod unparse;

pub use code::{CodeUnit, Constant, PyStr};

/// Runs `f` on a fresh stack segment when the current one runs low, so
/// deeply nested sources end in a `RecursionError`-like error from the
/// depth limits, never a stack overflow (the passes recurse over the AST).
pub(crate) fn grow<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(256 * 1024, 4 * 1024 * 1024, f)
}
pub use error::{CompileError, ErrorKind};

/// Compiles a module's source (`compile(src, filename, 'exec')`).
pub fn compile(src: &str, filename: &str) -> error::Result<CodeUnit> {
    compile_mode(src, filename, Mode::Exec, 0)
}

/// The three modes of `compile()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `'exec'`: a module.
    Exec,
    /// `'eval'`: an expression.
    Eval,
    /// `'single'`: one interactive statement.
    Single,
}

/// A parsed input: what `ast.parse` returns for each mode.
#[derive(Clone, Debug)]
pub enum Parsed {
    /// `'exec'` (a `Module`) or `'single'` (an `Interactive`'s body).
    Module(ast::Module),
    /// `'eval'`: an `Expression`'s body.
    Expression(ast::Expr),
}

/// Parses source in a mode into CPython's AST shape, with the checks
/// CPython's parser makes (in `'single'` mode: one statement, or simple
/// statements on one line).
pub fn parse_mode(src: &str, mode: Mode) -> error::Result<Parsed> {
    if mode == Mode::Eval {
        return Ok(Parsed::Expression(parse::parse_expression(src)?));
    }
    let module = parse::parse_module_input(src, mode == Mode::Exec)?;
    if mode == Mode::Single {
        // One statement, or simple statements on one line; CPython's parser
        // stops at the line break after the first line's statements.
        let next_line = module
            .body
            .windows(2)
            .find(|w| w[1].loc.lineno > w[0].loc.end_lineno);
        if let Some(w) = next_line {
            let l = w[0].loc.end_lineno as usize;
            let line = src.split_inclusive('\n').nth(l - 1).unwrap_or("");
            let col = line.trim_end_matches(['\n', '\r']).chars().count() as i32;
            return Err(CompileError {
                offset: col + 1,
                end_offset: col + 2,
                text: Some(line.to_string()),
                ..CompileError::syntax(
                    "multiple statements found while compiling a single statement",
                    l as i32,
                    0,
                )
            });
        }
    }
    Ok(Parsed::Module(module))
}

/// Compiles in a mode at an optimization level (`compile(src, filename,
/// mode, optimize=level)`): level 1 drops asserts and makes `__debug__`
/// false, level 2 also drops docstrings.
pub fn compile_mode(
    src: &str,
    filename: &str,
    mode: Mode,
    optimize: u8,
) -> error::Result<CodeUnit> {
    let parsed = parse_mode(src, mode)?;
    compile_parsed(parsed, filename, mode, optimize)
}

/// Compiles a parsed tree (from [`parse_mode`], or built from `ast`
/// objects) as [`compile_mode`] compiles source: folding, symbol tables,
/// code generation. `mode` must match the tree (`Eval` for an
/// expression).
pub fn compile_parsed(
    parsed: Parsed,
    filename: &str,
    mode: Mode,
    optimize: u8,
) -> error::Result<CodeUnit> {
    let mut module = match parsed {
        Parsed::Expression(mut e) => {
            fold::fold_expression_at(&mut e, optimize)?;
            let table = symtable::build_expression(&e)?;
            return codegen::compile_expression(&e, &table, filename, optimize);
        }
        Parsed::Module(m) => m,
    };
    let (future, future_lineno) = future_features(&module)?;
    let annotations = future & code::flags::FUTURE_ANNOTATIONS != 0;
    fold::fold_module_at(&mut module, annotations, optimize)?;
    let table = symtable::build(&module, annotations)?;
    if mode == Mode::Single {
        codegen::compile_interactive(&module, &table, filename, future, future_lineno, optimize)
    } else {
        codegen::compile_module(&module, &table, filename, future, future_lineno, optimize)
    }
}

/// Compiles an expression (`compile(src, filename, 'eval')`).
pub fn compile_eval(src: &str, filename: &str) -> error::Result<CodeUnit> {
    compile_mode(src, filename, Mode::Eval, 0)
}

/// Compiles one interactive statement (`compile(src, filename, 'single')`).
pub fn compile_single(src: &str, filename: &str) -> error::Result<CodeUnit> {
    compile_mode(src, filename, Mode::Single, 0)
}

/// Compiles a module's source given as bytes, decoded as CPython does
/// (PEP 263): a UTF-8 byte-order mark, or a `coding` declaration on the
/// first two lines (UTF-8, Latin-1 and ASCII are handled; other encodings
/// are refused as unsupported), else UTF-8.
pub fn compile_bytes(src: &[u8], filename: &str) -> error::Result<CodeUnit> {
    let text = decode_source(src)?;
    compile(&text, filename)
}

fn coding_cookie(line: &[u8]) -> Option<String> {
    let line = std::str::from_utf8(line).ok()?;
    let t = line.trim_start_matches([' ', '\t', '\x0c']);
    if !t.starts_with('#') {
        return None;
    }
    let i = t.find("coding")?;
    let rest = &t[i + 6..];
    let rest = rest.strip_prefix(':').or_else(|| rest.strip_prefix('='))?;
    let name: String = rest
        .trim_start_matches([' ', '\t'])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_' || *c == '.')
        .collect();
    (!name.is_empty()).then_some(name)
}

/// Decodes source bytes as CPython's tokenizer does (PEP 263): a UTF-8
/// byte-order mark, or a `coding` declaration on the first two lines
/// (UTF-8, Latin-1 and ASCII are handled), else UTF-8.
pub fn decode_source(src: &[u8]) -> error::Result<String> {
    let (bom, body) = match src.strip_prefix(b"\xef\xbb\xbf") {
        Some(rest) => (true, rest),
        None => (false, src),
    };
    let mut lines = body.split(|&b| b == b'\n');
    let first = lines.next().unwrap_or(&[]);
    let mut cookie = coding_cookie(first);
    if cookie.is_none() {
        let blank_or_comment = {
            let t = String::from_utf8_lossy(first);
            let t = t.trim_start();
            t.is_empty() || t.starts_with('#')
        };
        if blank_or_comment {
            cookie = lines.next().and_then(coding_cookie);
        }
    }
    let norm = cookie.as_ref().map(|c| {
        let c = c.to_ascii_lowercase().replace('_', "-");
        if c == "utf-8" || c.starts_with("utf-8-") || c == "utf8" {
            "utf-8".to_string()
        } else if matches!(
            c.as_str(),
            "latin-1" | "iso-8859-1" | "iso8859-1" | "latin1" | "l1" | "iso-latin-1"
        ) || c.starts_with("latin-1-")
            || c.starts_with("iso-8859-1-")
        {
            "latin-1".to_string()
        } else {
            c
        }
    });
    // The tokenizer's `get_normal_name` only knows "utf-8" and Latin-1
    // spellings; with a BOM the cookie must normalize to "utf-8".
    let strict_utf8 = cookie.as_ref().map(|c| {
        let c = c.to_ascii_lowercase().replace('_', "-");
        c == "utf-8" || c.starts_with("utf-8-")
    });
    if bom && strict_utf8 == Some(false) {
        return Err(CompileError::syntax(
            format!("encoding problem: {} with BOM", cookie.unwrap_or_default()),
            0,
            -1,
        ));
    }
    match norm.as_deref() {
        None | Some("utf-8") => match std::str::from_utf8(body) {
            Ok(t) => Ok(t.to_string()),
            Err(_) => diagnose::undecodable_utf8(body),
        },
        Some("latin-1") => Ok(body.iter().map(|&b| char::from(b)).collect()),
        Some("ascii" | "us-ascii") if body.is_ascii() => {
            Ok(String::from_utf8_lossy(body).into_owned())
        }
        // Every ASCII-compatible codec decodes ASCII text the same way.
        Some(other)
            if body.is_ascii()
                && [
                    "cp", "windows-", "iso", "koi8", "mac", "latin", "euc", "shift", "gb", "big5",
                    "ibm",
                ]
                .iter()
                .any(|p| other.starts_with(p)) =>
        {
            Ok(String::from_utf8_lossy(body).into_owned())
        }
        Some(other) => Err(CompileError::unsupported(
            format!("source encoding {other}"),
            0,
        )),
    }
}

/// `future.c`: the `CO_FUTURE_*` flags of the module's leading
/// `from __future__ import ...` statements.
fn future_features(m: &ast::Module) -> error::Result<(u32, i32)> {
    use ast::{ExprKind, StmtKind};
    let mut flags = 0;
    let mut lineno = 0;
    let mut body = m.body.iter().peekable();
    if let Some(first) = body.peek() {
        if matches!(&first.kind, StmtKind::Expr(e) if matches!(e.kind, ExprKind::Constant(Constant::Str(_))))
        {
            body.next();
        }
    }
    let mut done = false;
    for s in body {
        let is_future =
            matches!(&s.kind, StmtKind::ImportFrom { module: Some(m), .. } if m == "__future__");
        if !is_future {
            done = true;
            continue;
        }
        if done {
            return Err(CompileError::at(
                "from __future__ imports must occur at the beginning of the file",
                &s.loc,
            ));
        }
        let StmtKind::ImportFrom { names, .. } = &s.kind else {
            continue;
        };
        lineno = s.loc.lineno;
        for a in names {
            match a.name.as_str() {
                "nested_scopes" | "generators" | "division" | "absolute_import"
                | "with_statement" | "print_function" | "unicode_literals" | "generator_stop" => {}
                "annotations" => flags |= code::flags::FUTURE_ANNOTATIONS,
                "barry_as_FLUFL" => {
                    return Err(CompileError::unsupported("barry_as_FLUFL", s.loc.lineno))
                }
                "braces" => return Err(CompileError::at("not a chance", &s.loc)),
                other => {
                    return Err(CompileError::at(
                        format!("future feature {other} is not defined"),
                        &s.loc,
                    ))
                }
            }
        }
    }
    Ok((flags, lineno))
}
