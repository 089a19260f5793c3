//! The compiler's errors: a `SyntaxError` CPython would also raise, or a
//! construct this compiler does not handle yet (never silently wrong code).

use std::fmt;

use crate::assemble::Location;
use crate::ast::Loc;

/// What went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The source is not valid Python 3.12 (CPython raises `SyntaxError`).
    SyntaxError,
    /// Wrong indentation (CPython raises `IndentationError`).
    IndentationError,
    /// Tabs and spaces mixed ambiguously (CPython raises `TabError`).
    TabError,
    /// Too deeply nested to compile (CPython raises `RecursionError`).
    TooDeep,
    /// Valid Python this compiler cannot compile identically yet.
    Unsupported,
}

/// A compile error with the fields of CPython's `SyntaxError`, in its
/// conventions: 1-based lines, 1-based offsets (characters for the
/// parser's errors, UTF-8 bytes for the compiler's, as in CPython), and
/// the end position CPython reports (`end_offset` may be 0 or -1 where
/// CPython's is).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    /// Kind.
    pub kind: ErrorKind,
    /// Message.
    pub msg: String,
    /// Line (1-based, 0 if unknown).
    pub lineno: i32,
    /// Column offset (1-based, 0 if unknown).
    pub offset: i32,
    /// Last line.
    pub end_lineno: i32,
    /// End offset.
    pub end_offset: i32,
    /// The source text CPython shows (`SyntaxError.text`). `None` for the
    /// errors of the symbol table and code generation: CPython reads their
    /// text from the file the source names, when it exists.
    pub text: Option<String>,
}

impl CompileError {
    /// A `SyntaxError` at a point (`col` in UTF-8 bytes, 0-based).
    pub fn syntax(msg: impl Into<String>, lineno: i32, col: i32) -> Self {
        CompileError {
            kind: ErrorKind::SyntaxError,
            msg: msg.into(),
            lineno,
            offset: col + 1,
            end_lineno: lineno,
            end_offset: col + 1,
            text: None,
        }
    }

    /// A `SyntaxError` of the compiler spanning a node, as CPython's
    /// symbol table and code generator report them.
    pub fn at(msg: impl Into<String>, loc: &impl Span) -> Self {
        let (lineno, col, end_lineno, end_col) = loc.span();
        CompileError {
            kind: ErrorKind::SyntaxError,
            msg: msg.into(),
            lineno,
            offset: col + 1,
            end_lineno,
            end_offset: end_col + 1,
            text: None,
        }
    }

    /// A source nested too deeply to compile, at line `lineno` and byte
    /// column `col` (CPython raises `RecursionError`).
    pub fn too_deep(lineno: i32, col: i32) -> Self {
        CompileError {
            kind: ErrorKind::TooDeep,
            msg: "maximum recursion depth exceeded during compilation".into(),
            ..CompileError::syntax("", lineno, col)
        }
    }

    /// An unsupported construct.
    pub fn unsupported(what: impl Into<String>, lineno: i32) -> Self {
        CompileError {
            kind: ErrorKind::Unsupported,
            msg: what.into(),
            lineno,
            offset: 0,
            end_lineno: lineno,
            end_offset: 0,
            text: None,
        }
    }

    /// The name of the Python exception this error raises.
    pub fn exception_name(&self) -> &'static str {
        match self.kind {
            ErrorKind::SyntaxError => "SyntaxError",
            ErrorKind::IndentationError => "IndentationError",
            ErrorKind::TabError => "TabError",
            ErrorKind::TooDeep => "RecursionError",
            ErrorKind::Unsupported => "unsupported",
        }
    }
}

/// A node's source range: line, byte column, end line, end byte column.
pub trait Span {
    /// The range.
    fn span(&self) -> (i32, i32, i32, i32);
}

impl Span for Loc {
    fn span(&self) -> (i32, i32, i32, i32) {
        (self.lineno, self.col, self.end_lineno, self.end_col)
    }
}

impl Span for Location {
    fn span(&self) -> (i32, i32, i32, i32) {
        (self.lineno, self.col, self.end_lineno, self.end_col)
    }
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} (line {})",
            self.exception_name(),
            self.msg,
            self.lineno
        )
    }
}

impl std::error::Error for CompileError {}

/// Result of a compiler pass.
pub type Result<T> = std::result::Result<T, CompileError>;
