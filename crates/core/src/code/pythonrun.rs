//! Compiling source to code objects (CPython's `pythonrun.c` entry points
//! and `compile()`'s core): the start symbols, the `PyCF_*` flags, the
//! compiler's errors as `SyntaxError`/`IndentationError`/`TabError`
//! objects, and [`compile_source`], which runs `ophis-compiler` and turns
//! its code units into code objects ([`crate::code::codeobject::from_unit`]).

use crate::objects::exceptions::{self, Exc};
use crate::objects::object::*;
use crate::runtime::err::{self, PyResult};
use crate::{code::codeobject, objects::long, objects::tuple, objects::unicode};
use ophis_compiler::{CodeUnit, CompileError, Constant, ErrorKind, Mode};
use std::ffi::c_int;

/// `Py_single_input`.
pub const SINGLE_INPUT: c_int = 256;
/// `Py_file_input`.
pub const FILE_INPUT: c_int = 257;
/// `Py_eval_input`.
pub const EVAL_INPUT: c_int = 258;
/// `Py_func_type_input`.
pub const FUNC_TYPE_INPUT: c_int = 345;

/// `PyCF_*` and `CO_FUTURE_*` bits of `PyCompilerFlags.cf_flags`.
#[allow(missing_docs)]
pub mod cf {
    use std::ffi::c_int;
    pub const SOURCE_IS_UTF8: c_int = 0x0100;
    pub const DONT_IMPLY_DEDENT: c_int = 0x0200;
    pub const ONLY_AST: c_int = 0x0400;
    pub const IGNORE_COOKIE: c_int = 0x0800;
    pub const TYPE_COMMENTS: c_int = 0x1000;
    pub const ALLOW_TOP_LEVEL_AWAIT: c_int = 0x2000;
    pub const ALLOW_INCOMPLETE_INPUT: c_int = 0x4000;
    pub const FUTURE_DIVISION: c_int = 0x20000;
    pub const FUTURE_ABSOLUTE_IMPORT: c_int = 0x40000;
    pub const FUTURE_WITH_STATEMENT: c_int = 0x80000;
    pub const FUTURE_PRINT_FUNCTION: c_int = 0x100000;
    pub const FUTURE_UNICODE_LITERALS: c_int = 0x200000;
    pub const FUTURE_BARRY_AS_BDFL: c_int = 0x400000;
    pub const FUTURE_GENERATOR_STOP: c_int = 0x800000;
    pub const FUTURE_ANNOTATIONS: c_int = 0x1000000;
    /// `PyCF_MASK`: the future features.
    pub const MASK: c_int = FUTURE_DIVISION
        | FUTURE_ABSOLUTE_IMPORT
        | FUTURE_WITH_STATEMENT
        | FUTURE_PRINT_FUNCTION
        | FUTURE_UNICODE_LITERALS
        | FUTURE_BARRY_AS_BDFL
        | FUTURE_GENERATOR_STOP
        | FUTURE_ANNOTATIONS;
    /// `PyCF_MASK_OBSOLETE`.
    pub const MASK_OBSOLETE: c_int = 0x0010;
    /// `PyCF_COMPILE_MASK`: the flags `compile()` accepts besides futures.
    pub const COMPILE_MASK: c_int = ONLY_AST
        | ALLOW_TOP_LEVEL_AWAIT
        | TYPE_COMMENTS
        | DONT_IMPLY_DEDENT
        | ALLOW_INCOMPLETE_INPUT;
}

/// What to compile and how.
pub struct Request<'a> {
    /// The source: UTF-8 text, or bytes whose encoding declaration counts
    /// (unless `cf::IGNORE_COOKIE` is set).
    pub source: &'a [u8],
    /// `co_filename` (a str).
    pub filename: *mut PyObject,
    /// `Py_file_input`, `Py_eval_input` or `Py_single_input`.
    pub start: c_int,
    /// `PyCompilerFlags.cf_flags` (0 without flags).
    pub flags: c_int,
    /// `-1` (the interpreter's level, 0), 0, 1 (no asserts, `__debug__`
    /// false) or 2 (no docstrings either).
    pub optimize: c_int,
}

/// Compiles source to a code object as `Py_CompileStringObject` does.
/// `merged` receives the flags with the source's own future features
/// added (what CPython writes back into `PyCompilerFlags.cf_flags`).
///
/// Paths this compiler does not take yet raise: `PyCF_ONLY_AST`
/// (`SystemError`: Ophis has no `ast` objects), inherited `annotations`/`barry_as_FLUFL` futures and top-level `await`
/// (`SystemError` saying so).
///
/// # Safety
/// `req.filename` a live str.
pub unsafe fn compile_source(req: &Request<'_>, merged: &mut c_int) -> PyResult<Owned> {
    let flags = req.flags;
    if flags & cf::ONLY_AST != 0 {
        return Err(err::system_error(
            "PyCF_ONLY_AST is not supported: Ophis has no ast module objects yet",
        ));
    }
    if flags & cf::ALLOW_TOP_LEVEL_AWAIT != 0 {
        return Err(err::system_error(
            "PyCF_ALLOW_TOP_LEVEL_AWAIT is not supported by Ophis's compiler yet",
        ));
    }
    if flags & (cf::FUTURE_ANNOTATIONS | cf::FUTURE_BARRY_AS_BDFL) != 0 {
        return Err(err::system_error(
            "inherited 'annotations' and 'barry_as_FLUFL' future features are not supported by Ophis's compiler yet",
        ));
    }
    // SAFETY: the caller passes a live str.
    let filename = unsafe { unicode::as_str(req.filename).into_owned() };
    let text = if flags & cf::IGNORE_COOKIE != 0 {
        match std::str::from_utf8(req.source) {
            Ok(t) => t.to_owned(),
            Err(_) => return Err(err::system_error("source is not valid UTF-8")),
        }
    } else {
        match ophis_compiler::decode_source(req.source) {
            Ok(t) => t,
            Err(e) => {
                let text = String::from_utf8_lossy(req.source).into_owned();
                return Err(raise_compile_error(&e, &text, req.filename));
            }
        }
    };
    // -1 is the interpreter's level (`-O` is not an Ophis option: 0).
    let optimize = req.optimize.clamp(0, 2) as u8;
    let result = match req.start {
        FILE_INPUT => ophis_compiler::compile_mode(&text, &filename, Mode::Exec, optimize),
        EVAL_INPUT => ophis_compiler::compile_mode(&text, &filename, Mode::Eval, optimize),
        SINGLE_INPUT => ophis_compiler::compile_mode(&text, &filename, Mode::Single, optimize),
        FUNC_TYPE_INPUT => {
            return Err(err::raise(
                Exc::RuntimeError,
                "this compiler does not handle FunctionTypes",
            ))
        }
        _ => return Err(err::value_error("invalid start symbol")),
    };
    let mut unit = result.map_err(|e| raise_compile_error(&e, &text, req.filename))?;
    // Inherited future features are in every code object's flags, as
    // CPython's compute_code_flags puts them.
    let inherited = (flags & cf::MASK) as u32;
    if inherited != 0 {
        add_flags(&mut unit, inherited);
    }
    *merged = flags | (unit.flags as c_int & cf::MASK);
    // SAFETY: `req.filename` is a live str.
    codeobject::from_unit_named(&unit, unsafe { Owned::from_borrowed(req.filename) })
}

fn add_flags(unit: &mut CodeUnit, bits: u32) {
    unit.flags |= bits;
    for c in &mut unit.consts {
        if let Constant::Code(u) = c {
            add_flags(u, bits);
        }
    }
}

/// The exception type of a syntax error message.
fn syntax_error_type(msg: &str) -> Exc {
    if msg.starts_with("inconsistent use of tabs") {
        Exc::TabError
    } else if msg.starts_with("expected an indented block")
        || msg.starts_with("unexpected indent")
        || msg.starts_with("unindent does not match")
    {
        Exc::IndentationError
    } else {
        Exc::SyntaxError
    }
}

/// Raises the exception CPython raises for a compiler error: a
/// `SyntaxError` (or `IndentationError`/`TabError`) with `(msg, (filename,
/// lineno, offset, text, end_lineno, end_offset))`, `RecursionError` for a
/// source too deep, `SystemError` for what the compiler cannot compile yet.
///
/// The compiler gives no end position: `end_lineno` is the line and
/// `end_offset` the offset.
pub fn raise_compile_error(e: &CompileError, source: &str, filename: *mut PyObject) -> err::Raised {
    match e.kind {
        ErrorKind::TooDeep => err::raise(Exc::RecursionError, &e.msg),
        ErrorKind::Unsupported => err::system_error(&format!(
            "Ophis's compiler cannot compile this yet: {}",
            e.msg
        )),
        ErrorKind::SyntaxError => match syntax_error(e, source, filename) {
            Ok(r) | Err(r) => r,
        },
    }
}

/// CPython's message for a parser message of ruff's, for the common
/// mistakes whose CPython message follows from the message and the source
/// at the error's position (`tests/c/syntax_errors.c` lists them).
fn cpython_message(msg: &str, source: &str, lineno: i32, offset: i32) -> String {
    let exact = match msg {
        "Expected an expression"
        | "Simple statements must be separated by newlines or semicolons"
        | "Expected a statement"
        | "Expected one or more symbol names after import"
        | "Expected symbol after `as`" => "invalid syntax",
        "Unexpected indentation" => "unexpected indent",
        "Expected `:`, found newline" => "expected ':'",
        "Expected `:`, found `}`" => "':' expected after dictionary key",
        "Expected `else`, found newline" => "expected 'else' after 'if' expression",
        "Expected `except` or `finally` after `try` block" => {
            "expected 'except' or 'finally' block"
        }
        "Unparenthesized generator expression cannot be used here" => {
            "Generator expression must be parenthesized"
        }
        "Parameter cannot follow var-keyword parameter" => {
            "arguments cannot follow var-keyword argument"
        }
        "Parameter without a default cannot follow a parameter with a default" => {
            "parameter without a default follows parameter with a default"
        }
        "Expected one or more keyword parameter after `*` separator" => {
            "named arguments must follow bare *"
        }
        "Positional argument cannot follow keyword argument" => {
            "positional argument follows keyword argument"
        }
        "Starred expression cannot be used here" => "cannot use starred expression here",
        _ => "",
    };
    if !exact.is_empty() {
        return exact.to_string();
    }
    if msg.starts_with("Got unexpected token ") {
        return "invalid syntax".to_string();
    }
    // The source from the error's position on (offset is 1-based, in
    // characters).
    let line = source
        .split_inclusive('\n')
        .nth((lineno.max(1) - 1) as usize)
        .unwrap_or("");
    let at: String = line.chars().skip((offset.max(1) - 1) as usize).collect();
    if msg == "missing closing quote in string literal" {
        let body = at.trim_start_matches(|c: char| c.is_ascii_alphabetic());
        if body.starts_with("\"\"\"") || body.starts_with("'''") {
            let last = source.split_inclusive('\n').count().max(1);
            return format!("unterminated triple-quoted string literal (detected at line {last})");
        }
        if body.starts_with('"') || body.starts_with('\'') {
            return format!("unterminated string literal (detected at line {lineno})");
        }
    }
    if msg == "f-string: invalid conversion character" {
        if let Some(c) = at.chars().next().filter(|c| !matches!(c, '}' | ':' | '\n')) {
            return format!(
                "f-string: invalid conversion character '{c}': expected 's', 'r', or 'a'"
            );
        }
    }
    msg.to_string()
}

fn syntax_error(e: &CompileError, source: &str, filename: *mut PyObject) -> PyResult<err::Raised> {
    let message = cpython_message(&e.msg, source, e.lineno, e.offset);
    let message = message.as_str();
    let text: Option<&str> = if e.lineno >= 1 {
        let mut start = 0usize;
        let mut found = None;
        for (i, line) in source.split_inclusive('\n').enumerate() {
            if i + 1 == e.lineno as usize {
                found = Some(&source[start..start + line.len()]);
                break;
            }
            start += line.len();
        }
        found
    } else {
        None
    };
    // SAFETY: None is live for the runtime's life.
    let none = || unsafe { Owned::from_borrowed(crate::runtime::lifecycle::none()) };
    let msg = unicode::from_str(message)?;
    let text = match text {
        Some(t) => unicode::from_str(t)?,
        None => none(),
    };
    let lineno = long::from_i64(e.lineno as i64)?;
    let offset = long::from_i64(e.offset as i64)?;
    let location = tuple::new_from(&[
        filename,
        lineno.as_ptr(),
        offset.as_ptr(),
        text.as_ptr(),
        lineno.as_ptr(),
        offset.as_ptr(),
    ])?;
    let args = tuple::new_from(&[msg.as_ptr(), location.as_ptr()])?;
    let t = exceptions::get(syntax_error_type(message));
    // SAFETY: a live exception class and a live tuple of arguments.
    Ok(unsafe { err::set_object(t, args.as_ptr()) })
}

/// `PyRun_StringFlags(str, start, globals, locals, flags)`: compiles the
/// source (file name `<string>`) and runs it with `globals` and `locals`.
///
/// # Safety
/// `globals` and `locals` NULL or live.
pub unsafe fn run_string(
    source: &[u8],
    start: c_int,
    globals: *mut PyObject,
    locals: *mut PyObject,
    flags: c_int,
    merged: &mut c_int,
) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let filename = unicode::from_str("<string>")?;
        run_source(
            source,
            filename.as_ptr(),
            start,
            globals,
            locals,
            flags,
            merged,
        )
    }
}

/// Compiles `source` as the file `filename` (a str) and runs it with
/// `globals` and `locals` (`PyRun_FileExFlags` and `PyRun_StringFlags`).
///
/// # Safety
/// `filename` a live str; `globals` and `locals` NULL or live.
pub unsafe fn run_source(
    source: &[u8],
    filename: *mut PyObject,
    start: c_int,
    globals: *mut PyObject,
    locals: *mut PyObject,
    flags: c_int,
    merged: &mut c_int,
) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let code = compile_source(
            &Request {
                source,
                filename,
                start,
                flags,
                optimize: -1,
            },
            merged,
        )?;
        if !globals.is_null() && crate::objects::dict::check(globals) {
            ensure_builtins(globals)?;
        }
        crate::code::ceval::eval_code(code.as_ptr(), globals, locals)
    }
}

/// Gives globals without `__builtins__` the interpreter's builtins dict,
/// as CPython's `run_eval_code_obj`, `exec` and `eval` do.
///
/// # Safety
/// `globals` a live dict.
pub unsafe fn ensure_builtins(globals: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let key = unicode::intern("__builtins__")?;
        if crate::objects::dict::get(globals, key.as_ptr())?.is_none() {
            crate::objects::dict::set(globals, key.as_ptr(), crate::system::builtins::dict())?;
        }
        Ok(())
    }
}
