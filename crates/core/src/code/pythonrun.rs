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
/// With `PyCF_ONLY_AST` the result is the tree as `ast` node objects
/// (`crate::system::astmodule`). Paths this compiler does not take yet
/// raise: inherited `annotations`/`barry_as_FLUFL` futures and top-level
/// `await` (`SystemError` saying so).
///
/// # Safety
/// `req.filename` a live str.
pub unsafe fn compile_source(req: &Request<'_>, merged: &mut c_int) -> PyResult<Owned> {
    let flags = req.flags;
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
                return Err(raise_compile_error(&e, req.filename));
            }
        }
    };
    if flags & cf::ONLY_AST != 0 {
        let mode = match req.start {
            FILE_INPUT => Mode::Exec,
            EVAL_INPUT => Mode::Eval,
            SINGLE_INPUT => Mode::Single,
            FUNC_TYPE_INPUT => {
                return Err(err::system_error(
                    "compile() mode 'func_type' is not supported by Ophis's parser yet",
                ))
            }
            _ => return Err(err::value_error("invalid start symbol")),
        };
        let parsed = ophis_compiler::parse_mode(&text, mode)
            .map_err(|e| raise_compile_error(&e, req.filename))?;
        return crate::system::astmodule::to_object(&parsed, mode, &text);
    }
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
    let mut unit = result.map_err(|e| raise_compile_error(&e, req.filename))?;
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

/// Compiles a tree made from `ast` objects as [`compile_source`] compiles
/// source (`compile(tree, filename, mode)`).
///
/// # Safety
/// `filename` a live str.
pub unsafe fn compile_tree(
    parsed: ophis_compiler::Parsed,
    filename: *mut PyObject,
    mode: Mode,
    flags: c_int,
    optimize: c_int,
) -> PyResult<Owned> {
    if flags & (cf::FUTURE_ANNOTATIONS | cf::FUTURE_BARRY_AS_BDFL) != 0 {
        return Err(err::system_error(
            "inherited 'annotations' and 'barry_as_FLUFL' future features are not supported by Ophis's compiler yet",
        ));
    }
    // SAFETY: the caller passes a live str.
    let name = unsafe { unicode::as_str(filename).into_owned() };
    let optimize = optimize.clamp(0, 2) as u8;
    let mut unit = ophis_compiler::compile_parsed(parsed, &name, mode, optimize)
        .map_err(|e| raise_compile_error(&e, filename))?;
    let inherited = (flags & cf::MASK) as u32;
    if inherited != 0 {
        add_flags(&mut unit, inherited);
    }
    // SAFETY: `filename` is a live str.
    codeobject::from_unit_named(&unit, unsafe { Owned::from_borrowed(filename) })
}

fn add_flags(unit: &mut CodeUnit, bits: u32) {
    unit.flags |= bits;
    for c in &mut unit.consts {
        if let Constant::Code(u) = c {
            add_flags(u, bits);
        }
    }
}

/// Raises the exception CPython raises for a compiler error: a
/// `SyntaxError` (or `IndentationError`/`TabError`) with `(msg, (filename,
/// lineno, offset, text, end_lineno, end_offset))`, `RecursionError` for a
/// source too deep, `SystemError` for what the compiler cannot compile yet.
pub fn raise_compile_error(e: &CompileError, filename: *mut PyObject) -> err::Raised {
    let exc = match e.kind {
        ErrorKind::TooDeep => return err::raise(Exc::RecursionError, &e.msg),
        ErrorKind::Unsupported => {
            return err::system_error(&format!(
                "Ophis's compiler cannot compile this yet: {}",
                e.msg
            ))
        }
        ErrorKind::SyntaxError => Exc::SyntaxError,
        ErrorKind::IndentationError => Exc::IndentationError,
        ErrorKind::TabError => Exc::TabError,
    };
    match syntax_error(e, exc, filename) {
        Ok(r) | Err(r) => r,
    }
}

/// Line `lineno` of the file `filename` names, as CPython's
/// `PyErr_ProgramTextObject` reads it for the compiler's own errors (`None`
/// when there is no such file or line).
fn program_text(filename: &str, lineno: i32) -> Option<String> {
    if lineno < 1 || filename.is_empty() || filename.starts_with('<') {
        return None;
    }
    let bytes = std::fs::read(filename).ok()?;
    let line = bytes
        .split_inclusive(|&b| b == b'\n')
        .nth(lineno as usize - 1)?;
    Some(String::from_utf8_lossy(line).into_owned())
}

fn syntax_error(e: &CompileError, exc: Exc, filename: *mut PyObject) -> PyResult<err::Raised> {
    let text = match &e.text {
        Some(t) => Some(t.clone()),
        // SAFETY: the caller passes a live str.
        None => program_text(&unsafe { unicode::as_str(filename) }, e.lineno),
    };
    // SAFETY: None is live for the runtime's life.
    let none = || unsafe { Owned::from_borrowed(crate::runtime::lifecycle::none()) };
    let msg = unicode::from_str(&e.msg)?;
    let text = match text {
        Some(t) => unicode::from_str(&t)?,
        None => none(),
    };
    let lineno = long::from_i64(e.lineno as i64)?;
    let offset = long::from_i64(e.offset as i64)?;
    let end_lineno = long::from_i64(e.end_lineno as i64)?;
    let end_offset = long::from_i64(e.end_offset as i64)?;
    let location = tuple::new_from(&[
        filename,
        lineno.as_ptr(),
        offset.as_ptr(),
        text.as_ptr(),
        end_lineno.as_ptr(),
        end_offset.as_ptr(),
    ])?;
    let args = tuple::new_from(&[msg.as_ptr(), location.as_ptr()])?;
    let t = exceptions::get(exc);
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
