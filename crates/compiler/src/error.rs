//! The compiler's errors: a `SyntaxError` CPython would also raise, or a
//! construct this compiler does not handle yet (never silently wrong code).

use std::fmt;

/// What went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The source is not valid Python 3.12 (CPython raises `SyntaxError`).
    SyntaxError,
    /// Too deeply nested to compile (CPython raises `RecursionError`).
    TooDeep,
    /// Valid Python this compiler cannot compile identically yet.
    Unsupported,
}

/// A compile error with CPython's position conventions (1-based line,
/// 1-based column as `SyntaxError.offset`).
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
}

impl CompileError {
    /// A `SyntaxError`.
    pub fn syntax(msg: impl Into<String>, lineno: i32, col: i32) -> Self {
        CompileError {
            kind: ErrorKind::SyntaxError,
            msg: msg.into(),
            lineno,
            offset: col + 1,
        }
    }

    /// An unsupported construct.
    pub fn unsupported(what: impl Into<String>, lineno: i32) -> Self {
        CompileError {
            kind: ErrorKind::Unsupported,
            msg: what.into(),
            lineno,
            offset: 0,
        }
    }
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            ErrorKind::SyntaxError => "SyntaxError",
            ErrorKind::TooDeep => "RecursionError",
            ErrorKind::Unsupported => "unsupported",
        };
        write!(f, "{kind}: {} (line {})", self.msg, self.lineno)
    }
}

impl std::error::Error for CompileError {}

/// Result of a compiler pass.
pub type Result<T> = std::result::Result<T, CompileError>;
