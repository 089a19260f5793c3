//! CPython 3.12.1's `SyntaxError` for a source ruff's parser rejects.
//!
//! CPython finds syntax errors in three places, and one wins:
//!
//! 1. the **tokenizer** (brackets, numbers, strings, indentation,
//!    characters): an error the parser's first pass reaches is final;
//! 2. the **parser's second pass**, whose `invalid_*` rules name the
//!    mistake ("expected ':'", "cannot assign to literal"...), or else
//!    "invalid syntax" at the furthest token the first pass read;
//! 3. after a parser error, the tokenizer runs on to the end of the source,
//!    and the first error it raises there replaces the parser's (an
//!    unclosed bracket only when it opened on an earlier line than the
//!    furthest token; a bad dedent or tab never).
//!
//! ruff reports different messages at partly different places. This module
//! rebuilds CPython's answer: `Tokenizer` scans ruff's tokens and the
//! source for the tokenizer's errors itself, `Diagnosis::parser_error`
//! maps ruff's first error to CPython's message and range by its kind and
//! the tree ruff recovered, and `syntax_error` combines them by CPython's
//! precedence. Positions follow CPython's two conventions: the parser's
//! errors span tokens or nodes (1-based character offsets, the source line
//! as text), the tokenizer's point at where it stopped reading (the offset
//! counts the characters read on the line, the text is the line without its
//! newline).

use ruff_python_ast as r;
use ruff_python_ast::token::{Token, TokenKind as T};
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_parser::{
    InterpolatedStringErrorType as F, LexicalErrorType as L, ParseError, ParseErrorType as P,
    Parsed,
};
use ruff_text_size::{Ranged, TextRange, TextSize};

use crate::error::{CompileError, ErrorKind};

/// The `SyntaxError` (or `IndentationError`/`TabError`) CPython raises for
/// a source whose parse by ruff failed.
///
/// `exec_input`: the source is a module (`exec` mode), to which CPython's
/// tokenizer adds a final line break when it has none.
pub(crate) fn syntax_error(src: &str, parsed: &Parsed<r::Mod>, exec_input: bool) -> CompileError {
    let mut d = Diagnosis::new(src, parsed);
    d.exec_input = exec_input;
    let first = parsed.errors().first();
    let tok = Tokenizer::new(&d).first_error();
    let furthest = d.furthest;
    if let Some(t) = &tok {
        if t.at <= furthest {
            return d.tokenizer_error(t);
        }
    }
    let parser = match first {
        Some(e) => d.parser_error(e),
        None => d.generic(src.len()),
    };
    match tok {
        Some(t) => match t.kind {
            TokKind::Raised(..) => d.tokenizer_error(&t),
            TokKind::Unclosed { open, .. } if d.line_of(open) < d.line_of(furthest) => {
                d.tokenizer_error(&t)
            }
            _ => parser,
        },
        None => parser,
    }
}

/// The `SyntaxError` CPython 3.12.1 raises for syntax ruff parsed but that
/// is newer than 3.12 (ruff's "unsupported syntax").
pub(crate) fn unsupported_syntax_error(
    src: &str,
    parsed: &Parsed<r::Mod>,
    e: &ruff_python_parser::UnsupportedSyntaxError,
    exec_input: bool,
) -> CompileError {
    use ruff_python_parser::UnsupportedSyntaxErrorKind as U;
    let mut d = Diagnosis::new(src, parsed);
    d.exec_input = exec_input;
    d.furthest = to_usize(e.range.start());
    match e.kind {
        U::UnpackingInComprehension(_) => d.spanning(
            "iterable unpacking cannot be used in comprehension",
            e.range,
            ErrorKind::SyntaxError,
        ),
        // 3.12's grammar has no rule for what came later.
        _ => d.generic(to_usize(e.range.start())),
    }
}

/// What the tokenizer stopped at.
enum TokKind {
    /// An error the tokenizer raises: message, offset and end offset
    /// (`None`: the characters read on the line).
    Raised(String, Option<(i32, i32)>),
    /// End of input inside brackets: the innermost opened at `open`.
    Unclosed { open: usize, ch: char },
    /// A dedent to no enclosing level (`IndentationError`).
    Dedent,
    /// A character after a line continuation backslash.
    LineContinuation,
    /// Tabs and spaces that order the indentation differently for tab
    /// sizes 8 and 1 (`TabError`).
    Tab,
}

/// A tokenizer error at byte offset `at`; for [`TokKind::Raised`] the
/// tokenizer's read position is `cur`.
struct TokError {
    at: usize,
    cur: usize,
    kind: TokKind,
}

/// The source, ruff's tokens and its recovered tree.
struct Diagnosis<'a> {
    src: &'a str,
    starts: Vec<usize>,
    tokens: &'a [Token],
    /// A module's source: its last line ends with a line break for
    /// CPython even without one.
    exec_input: bool,
    /// Where ruff failed first: CPython's tokenizer has read up to there.
    furthest: usize,
    errors: &'a [ParseError],
    exprs: Vec<&'a r::Expr>,
    stmts: Vec<&'a r::Stmt>,
}

/// Collects every expression and statement in source (pre-)order.
struct Collect<'a> {
    exprs: Vec<&'a r::Expr>,
    stmts: Vec<&'a r::Stmt>,
}

impl<'a> Visitor<'a> for Collect<'a> {
    fn visit_stmt(&mut self, stmt: &'a r::Stmt) {
        self.stmts.push(stmt);
        visitor::walk_stmt(self, stmt);
    }
    fn visit_expr(&mut self, expr: &'a r::Expr) {
        self.exprs.push(expr);
        visitor::walk_expr(self, expr);
    }
}

fn to_usize(t: TextSize) -> usize {
    t.to_usize()
}

impl<'a> Diagnosis<'a> {
    fn new(src: &'a str, parsed: &'a Parsed<r::Mod>) -> Self {
        let mut starts = vec![0];
        let b = src.as_bytes();
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\n' => starts.push(i + 1),
                b'\r' => {
                    if b.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        let mut c = Collect {
            exprs: Vec::new(),
            stmts: Vec::new(),
        };
        // Deep trees: the walk recurses (ruff built them recursively too).
        crate::grow(|| match parsed.syntax() {
            r::Mod::Module(m) => c.visit_body(&m.body),
            r::Mod::Expression(e) => c.visit_expr(&e.body),
        });
        Diagnosis {
            src,
            starts,
            tokens: parsed.tokens(),
            exec_input: false,
            furthest: parsed
                .errors()
                .first()
                .map_or(src.len(), |e| to_usize(e.location.start())),
            errors: parsed.errors(),
            exprs: c.exprs,
            stmts: c.stmts,
        }
    }

    /// The 0-based line of byte offset `off`.
    fn line_of(&self, off: usize) -> usize {
        match self.starts.binary_search(&off) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Line `l` (0-based) with its line break.
    fn line(&self, l: usize) -> &'a str {
        let start = self.starts.get(l).copied().unwrap_or(self.src.len());
        let end = self.starts.get(l + 1).copied().unwrap_or(self.src.len());
        &self.src[start..end]
    }

    /// Line `l` without its line break.
    fn line_bare(&self, l: usize) -> &'a str {
        self.line(l).trim_end_matches(['\n', '\r'])
    }

    /// The tokenizer's line at the end of input (0-based): the last line
    /// that has text or a line break.
    fn last_line(&self) -> usize {
        let n = self.starts.len();
        if n > 1 && self.starts[n - 1] == self.src.len() {
            n - 2
        } else {
            n - 1
        }
    }

    /// `off` within the source, moved back to a character's start.
    fn boundary(&self, off: usize) -> usize {
        let mut off = off.min(self.src.len());
        while !self.src.is_char_boundary(off) {
            off -= 1;
        }
        off
    }

    /// 1-based line and the characters before byte offset `off` on it.
    fn pos(&self, off: usize) -> (i32, i32) {
        let off = self.boundary(off);
        let l = self.line_of(off);
        let start = self.starts[l];
        let chars = self.src[start..off.min(self.src.len())].chars().count();
        (l as i32 + 1, chars as i32)
    }

    /// The end of a range as CPython's tokens end: a range ending with a
    /// line break ends on that line, after the break.
    fn pos_end(&self, start: usize, end: usize) -> (i32, i32) {
        if end == start {
            return self.pos(end);
        }
        let end = self.boundary(end);
        let l = self.line_of(end.saturating_sub(1));
        let chars = self.src[self.starts[l]..end].chars().count();
        (l as i32 + 1, chars as i32)
    }

    /// An error of the parser spanning `range` (`end_offset` given as
    /// `Some` overrides the range's end). The text is the line with its line
    /// break, unless the tokenizer had gone on to a later line (then CPython
    /// reads the line from the source without it).
    fn spanning(&self, msg: impl Into<String>, range: TextRange, kind: ErrorKind) -> CompileError {
        let start = to_usize(range.start());
        let end = to_usize(range.end());
        let (lineno, col) = self.pos(start);
        let (end_lineno, end_col) = self.pos_end(start, end);
        CompileError {
            kind,
            msg: msg.into(),
            lineno,
            offset: col + 1,
            end_lineno,
            end_offset: end_col + 1,
            text: Some(self.parser_text(self.line_of(start))),
        }
    }

    fn parser_text(&self, l: usize) -> String {
        if l >= self.line_of(self.furthest).min(self.last_line()) {
            let line = self.line(l);
            if self.exec_input && !line.ends_with('\n') {
                format!("{line}\n")
            } else {
                line.to_string()
            }
        } else {
            self.line_bare(l).to_string()
        }
    }

    /// The token at or after byte offset `off` that CPython's parser sees
    /// (no comments or non-logical line breaks).
    fn token_at(&self, off: usize) -> Option<&'a Token> {
        self.tokens
            .iter()
            .filter(|t| !matches!(t.kind(), T::Comment | T::NonLogicalNewline))
            .find(|t| to_usize(t.end()) > off || to_usize(t.start()) >= off)
    }

    /// "invalid syntax" at the token at `off`.
    fn generic(&self, off: usize) -> CompileError {
        self.at_token("invalid syntax", off, ErrorKind::SyntaxError)
    }

    /// An error at the token at `off`, as `RAISE_SYNTAX_ERROR` reports one
    /// at the parser's last token: a dedent or the end of input has no
    /// column of its own, so CPython takes where the tokenizer is on its
    /// line and gives no end.
    fn at_token(&self, msg: impl Into<String>, off: usize, kind: ErrorKind) -> CompileError {
        match self.token_at(off) {
            Some(t) if !matches!(t.kind(), T::Dedent | T::EndOfFile) && t.start() != t.end() => {
                self.spanning(msg, t.range(), kind)
            }
            _ if !self.src.ends_with('\n') => {
                // No line break at the end: a module's tokenizer adds one, a
                // NEWLINE token after the last character; otherwise the end
                // has no position at all.
                let l = self.last_line();
                let bare = self.line(l);
                let n = bare.chars().count() as i32;
                let (offset, text) = if self.exec_input {
                    (n + 1, format!("{bare}\n"))
                } else {
                    (0, bare.to_string())
                };
                CompileError {
                    kind,
                    msg: msg.into(),
                    lineno: l as i32 + 1,
                    offset,
                    end_lineno: l as i32 + 1,
                    end_offset: if self.exec_input { n + 2 } else { 0 },
                    text: Some(text),
                }
            }
            _ => {
                let l = self.last_line();
                let line = self.line(l);
                CompileError {
                    kind,
                    msg: msg.into(),
                    lineno: l as i32 + 1,
                    offset: line.chars().count() as i32,
                    end_lineno: l as i32 + 1,
                    end_offset: -1,
                    text: Some(line.to_string()),
                }
            }
        }
    }

    /// The error of the tokenizer CPython raises.
    fn tokenizer_error(&self, t: &TokError) -> CompileError {
        match &t.kind {
            TokKind::Raised(msg, explicit) => {
                let l = self.line_of(t.cur.saturating_sub(1));
                let (lineno, read) = self.pos(t.cur);
                let (offset, end_offset) = explicit.unwrap_or((read, read));
                CompileError {
                    kind: ErrorKind::SyntaxError,
                    msg: msg.clone(),
                    lineno,
                    offset,
                    end_lineno: lineno,
                    end_offset,
                    text: Some(self.line_bare(l).to_string()),
                }
            }
            TokKind::Unclosed { open, ch } => {
                let (lineno, col) = self.pos(*open);
                CompileError {
                    kind: ErrorKind::SyntaxError,
                    msg: format!("'{ch}' was never closed"),
                    lineno,
                    offset: col + 1,
                    end_lineno: lineno,
                    end_offset: 0,
                    text: Some(self.parser_text(self.line_of(*open))),
                }
            }
            TokKind::Dedent => {
                let l = self.line_of(t.at);
                let line = self.line(l);
                CompileError {
                    kind: ErrorKind::IndentationError,
                    msg: "unindent does not match any outer indentation level".into(),
                    lineno: l as i32 + 1,
                    offset: line.chars().count() as i32,
                    end_lineno: l as i32 + 1,
                    end_offset: -1,
                    text: Some(line.to_string()),
                }
            }
            TokKind::LineContinuation => {
                // CPython counts the column from the start of the source
                // to just past the character after the backslash, and
                // clamps it to the line (plus one).
                let l = self.line_of(t.at);
                let line = self.line(l);
                let byte = t.at + 2;
                let offset = match line.get(..byte) {
                    Some(head) => head.chars().count(),
                    None if byte <= line.len() => {
                        line[..self.boundary(byte) - self.starts[l]].chars().count() + 1
                    }
                    None => line.chars().count() + 1,
                };
                CompileError {
                    kind: ErrorKind::SyntaxError,
                    msg: "unexpected character after line continuation character".into(),
                    lineno: l as i32 + 1,
                    offset: offset as i32,
                    end_lineno: l as i32 + 1,
                    end_offset: 0,
                    text: Some(self.parser_text(l)),
                }
            }
            TokKind::Tab => {
                let l = self.line_of(t.at);
                CompileError {
                    kind: ErrorKind::TabError,
                    msg: "inconsistent use of tabs and spaces in indentation".into(),
                    lineno: l as i32 + 1,
                    offset: 1,
                    end_lineno: l as i32 + 1,
                    end_offset: 0,
                    text: Some(self.line(l).to_string()),
                }
            }
        }
    }

    /// The outermost expression with exactly `range`.
    fn expr_with(&self, range: TextRange) -> Option<&'a r::Expr> {
        self.exprs.iter().copied().find(|e| e.range() == range)
    }

    /// The outermost expression starting at `off`.
    fn expr_starting(&self, off: usize) -> Option<&'a r::Expr> {
        self.exprs
            .iter()
            .copied()
            .find(|e| to_usize(e.start()) == off)
    }

    /// The outermost expression ending at `off` that starts at or after
    /// `from`.
    fn expr_ending(&self, off: usize, from: usize) -> Option<&'a r::Expr> {
        self.exprs
            .iter()
            .copied()
            .find(|e| to_usize(e.end()) == off && to_usize(e.start()) >= from)
    }

    /// The innermost expression containing `off` for which `pick` is true.
    fn innermost<X>(&self, off: usize, pick: impl Fn(&'a r::Expr) -> Option<X>) -> Option<X> {
        self.exprs
            .iter()
            .rev()
            .filter(|e| to_usize(e.start()) <= off && off <= to_usize(e.end()))
            .find_map(|e| pick(e))
    }

    /// The last token ending at or before `off` (no trivia).
    fn token_before(&self, off: usize) -> Option<&'a Token> {
        self.tokens.iter().rev().find(|t| {
            to_usize(t.end()) <= off
                && !matches!(
                    t.kind(),
                    T::Comment | T::NonLogicalNewline | T::Indent | T::Dedent
                )
        })
    }

    /// The line (1-based) of the compound statement header that ends just
    /// before byte offset `off`: the first line of its logical line.
    fn header_line(&self, off: usize) -> i32 {
        let mut seen_newline = false;
        let mut line = None;
        for t in self.tokens.iter().rev() {
            if to_usize(t.start()) >= off {
                continue;
            }
            match t.kind() {
                T::Newline if !seen_newline => seen_newline = true,
                T::Newline | T::Indent | T::Dedent => break,
                T::Comment | T::NonLogicalNewline => {}
                _ => line = Some(to_usize(t.start())),
            }
        }
        line.map_or(1, |o| self.line_of(o) as i32 + 1)
    }

    /// CPython's error for ruff's error `e`, found by the parser.
    fn parser_error(&self, e: &ParseError) -> CompileError {
        let at = to_usize(e.location.start());
        let syntax = ErrorKind::SyntaxError;
        match &e.error {
            P::ExpectedToken { expected, found } => self.expected_token(*expected, *found, e),
            P::ExpectedExpression => {
                if self.in_fstring(at) && self.token_at(at).map(|t| t.kind()) == Some(T::Rbrace) {
                    self.at_token("f-string: valid expression required before '}'", at, syntax)
                } else {
                    self.generic(at)
                }
            }
            P::UnexpectedIndentation => {
                // CPython's column is where the tokenizer stopped: after
                // the indentation.
                let (lineno, col) = self.pos(to_usize(e.location.end()));
                CompileError {
                    kind: ErrorKind::IndentationError,
                    msg: "unexpected indent".into(),
                    lineno,
                    offset: col,
                    end_lineno: lineno,
                    end_offset: -1,
                    text: Some(self.parser_text(self.line_of(at))),
                }
            }
            P::OtherError(m) if m.starts_with("Expected an indented block after ") => {
                let what = &m["Expected an indented block after ".len()..];
                let what = what.replace("`class` definition", "class definition");
                let what = what.replace("` block", "` statement");
                let what = what.replace('`', "'");
                let msg = format!(
                    "expected an indented block after {what} on line {}",
                    self.header_line(at)
                );
                self.at_token(msg, at, ErrorKind::IndentationError)
            }
            P::OtherError(m) if m == "Expected a statement" => {
                self.walrus_target(at).unwrap_or_else(|| self.generic(at))
            }
            P::OtherError(m) if m == "Only one '*' parameter allowed" => {
                self.at_token("* argument may appear only once", at, syntax)
            }
            P::Lexical(L::InvalidByteLiteral) => match self.token_at(at) {
                Some(t) => self.spanning(
                    "bytes can only contain ASCII literal characters",
                    t.range(),
                    syntax,
                ),
                None => self.generic(at),
            },
            P::OtherError(m) if m == "Expected `except` or `finally` after `try` block" => {
                self.at_token("expected 'except' or 'finally' block", at, syntax)
            }
            P::OtherError(m) if m == "Only one '/' separator allowed" => {
                self.spanning("/ may appear only once", e.location, syntax)
            }
            P::OtherError(m) if m == "Star import must be the only import" => {
                // CPython stops at the token after the `*`.
                let star = self.token_at(at).map_or(at, |t| to_usize(t.end()));
                self.generic(star)
            }
            P::SimpleStatementsOnSameLine => {
                self.legacy_print(at).unwrap_or_else(|| self.generic(at))
            }
            P::InvalidAssignmentTarget => self.assignment_target(e.location),
            P::InvalidNamedAssignmentTarget => {
                let what = self.expr_with(e.location).map_or("expression", expr_name);
                self.spanning(
                    format!("cannot use assignment expressions with {what}"),
                    e.location,
                    syntax,
                )
            }
            P::InvalidDeleteTarget => {
                let what = self.expr_with(e.location).map_or("expression", expr_name);
                self.spanning(format!("cannot delete {what}"), e.location, syntax)
            }
            P::InvalidAugmentedAssignmentTarget => {
                let what = self.expr_with(e.location).map_or("expression", expr_name);
                self.spanning(
                    format!("'{what}' is an illegal expression for augmented assignment"),
                    e.location,
                    syntax,
                )
            }
            P::InvalidAnnotatedAssignmentTarget => {
                self.spanning("illegal target for annotation", e.location, syntax)
            }
            P::UnparenthesizedGeneratorExpression => {
                if self.in_class_bases(at) {
                    // Class bases have no rule of their own: CPython stops at
                    // the comprehension's `for`.
                    let f = self
                        .tokens
                        .iter()
                        .find(|t| t.kind() == T::For && to_usize(t.start()) >= at);
                    self.generic(f.map_or(at, |t| to_usize(t.start())))
                } else {
                    self.spanning(
                        "Generator expression must be parenthesized",
                        e.location,
                        syntax,
                    )
                }
            }
            P::ParamAfterVarKeywordParam => self.spanning(
                "arguments cannot follow var-keyword argument",
                e.location,
                syntax,
            ),
            P::NonDefaultParamAfterDefaultParam => self.spanning(
                "parameter without a default follows parameter with a default",
                e.location,
                syntax,
            ),
            P::VarParameterWithDefault => self.spanning(
                "var-positional argument cannot have default value",
                e.location,
                syntax,
            ),
            P::ExpectedKeywordParam => {
                // At the bare `*`.
                let star = self
                    .tokens
                    .iter()
                    .rev()
                    .find(|t| t.kind() == T::Star && to_usize(t.start()) <= at);
                match star {
                    Some(s) => {
                        self.spanning("named arguments must follow bare *", s.range(), syntax)
                    }
                    None => self.generic(at),
                }
            }
            P::PositionalAfterKeywordArgument | P::PositionalAfterKeywordUnpacking => {
                let msg = if matches!(e.error, P::PositionalAfterKeywordUnpacking) {
                    "positional argument follows keyword argument unpacking"
                } else {
                    "positional argument follows keyword argument"
                };
                // CPython has read up to the call's closing parenthesis.
                let close = self.innermost(at, |x| match x {
                    r::Expr::Call(c) => Some(to_usize(c.arguments.end()) - 1),
                    _ => None,
                });
                self.at_token(msg, close.unwrap_or(at), syntax)
            }
            P::InvalidArgumentUnpackingOrder => self.at_token(
                "iterable argument unpacking follows keyword argument unpacking",
                at,
                syntax,
            ),
            P::InvalidStarredExpressionUsage => {
                let before = self.token_before(at).map(|t| t.kind());
                let after = self.token_at(to_usize(e.location.end())).map(|t| t.kind());
                if before == Some(T::Lpar) && after == Some(T::Rpar) {
                    self.spanning("cannot use starred expression here", e.location, syntax)
                } else {
                    self.generic(at)
                }
            }
            P::InvalidYieldExpressionUsage
            | P::UnexpectedExpressionToken
            | P::UnexpectedTokenAfterAsync(_)
            | P::EmptyImportNames
            | P::EmptySlice
            | P::EmptyGlobalNames
            | P::EmptyNonlocalNames
            | P::EmptyDeleteTargets
            | P::EmptyTypeParams => self.generic(at),
            P::ExpectedImaginaryNumber => self.spanning(
                "imaginary number required in complex literal",
                e.location,
                syntax,
            ),
            P::ExpectedRealNumber => self.spanning(
                "real number required in complex literal",
                e.location,
                syntax,
            ),
            P::FStringError(F::InvalidConversionFlag) => {
                let c = self.src[at..].chars().next().unwrap_or('}');
                let msg = if matches!(c, '}' | ':' | '\n' | '\r') {
                    "f-string: missing conversion character".to_string()
                } else {
                    format!(
                        "f-string: invalid conversion character '{c}': expected 's', 'r', or 'a'"
                    )
                };
                self.at_token(msg, at, syntax)
            }
            P::FStringError(F::SingleRbrace) => {
                self.at_token("f-string: single '}' is not allowed", at, syntax)
            }
            P::FStringError(F::UnclosedLbrace) => {
                self.at_token("f-string: expecting '}'", at, syntax)
            }
            P::FStringError(F::LambdaWithoutParentheses) => self.at_token(
                "f-string: lambda expressions are not allowed without parentheses",
                at,
                syntax,
            ),
            P::Lexical(L::Eof) => self.at_token("unexpected EOF while parsing", at, syntax),
            P::Lexical(_) => self.generic(at),
            // CPython's answer when no rule of its second pass matches.
            _ => self.generic(at),
        }
    }

    fn expected_token(&self, expected: T, found: T, e: &ParseError) -> CompileError {
        let at = to_usize(e.location.start());
        let syntax = ErrorKind::SyntaxError;
        match (expected, found) {
            (T::Colon, T::Newline) => self.at_token("expected ':'", at, syntax),
            (T::Colon, T::Equal) => {
                // `if x = 1:`: a name assigned where an expression belongs.
                let name = self.token_before(at).filter(|t| t.kind() == T::Name);
                let value = self
                    .token_at(at + 1)
                    .and_then(|t| self.expr_starting(to_usize(t.start())));
                match (name, value) {
                    (Some(n), Some(v)) => self.spanning(
                        "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                        TextRange::new(n.start(), v.end()),
                        syntax,
                    ),
                    _ => self.generic(at),
                }
            }
            (T::Colon, T::Rbrace | T::Comma) if self.in_dict(at) => {
                // At the key's last character, no end.
                let key = self
                    .token_before(at)
                    .and_then(|t| self.expr_ending(to_usize(t.end()), 0));
                match key {
                    Some(k) => {
                        let mut err = self.spanning(
                            "':' expected after dictionary key",
                            TextRange::new(k.end() - TextSize::from(1), k.end()),
                            syntax,
                        );
                        err.end_offset = 0;
                        err
                    }
                    None => self.generic(at),
                }
            }
            (T::Else, _) => {
                let ifexp = self.innermost(at, |x| match x {
                    r::Expr::If(i) => Some(TextRange::new(i.body.start(), i.test.end())),
                    _ => None,
                });
                match ifexp {
                    Some(range) => {
                        self.spanning("expected 'else' after 'if' expression", range, syntax)
                    }
                    None => self.generic(at),
                }
            }
            (T::Comma, f) if f.as_augmented_assign_operator().is_some() => {
                // `a, b += 1`: the bare tuple before the operator.
                let stmt = self.stmts.iter().rev().find(|s| to_usize(s.start()) <= at);
                let prev = self.token_before(at);
                match (stmt, prev) {
                    (Some(s), Some(p)) => self.spanning(
                        "'tuple' is an illegal expression for augmented assignment",
                        TextRange::new(s.start(), p.end()),
                        syntax,
                    ),
                    _ => self.generic(at),
                }
            }
            (T::Comma, _) if self.open_bracket(at).is_some() => {
                self.forgot_comma(at).unwrap_or_else(|| self.generic(at))
            }
            _ => self.generic(at),
        }
    }

    /// `(a, b) := 1`: "cannot use assignment expressions with tuple".
    fn walrus_target(&self, at: usize) -> Option<CompileError> {
        self.token_at(at).filter(|t| t.kind() == T::ColonEqual)?;
        let target = self.expr_ending(to_usize(self.token_before(at)?.end()), 0)?;
        if matches!(target, r::Expr::Name(_)) {
            return None;
        }
        Some(self.spanning(
            format!(
                "cannot use assignment expressions with {}",
                expr_name(target)
            ),
            target.range(),
            ErrorKind::SyntaxError,
        ))
    }

    /// "invalid syntax. Perhaps you forgot a comma?" for two expressions
    /// side by side in brackets, from the first's start to the second's
    /// end (not after a name followed by a string, as in `print "x"`).
    fn forgot_comma(&self, at: usize) -> Option<CompileError> {
        let prev = self.token_before(at)?;
        let open = self.open_bracket(at)?;
        let a = self.expr_ending(to_usize(prev.end()), open + 1)?;
        let b = self.expr_starting(at)?;
        if matches!(a, r::Expr::Name(_))
            && matches!(b, r::Expr::StringLiteral(_) | r::Expr::FString(_))
        {
            return None;
        }
        if matches!(a, r::Expr::If(_) | r::Expr::Lambda(_) | r::Expr::Named(_)) {
            return None;
        }
        Some(self.spanning(
            "invalid syntax. Perhaps you forgot a comma?",
            TextRange::new(a.start(), b.end()),
            ErrorKind::SyntaxError,
        ))
    }

    /// The byte offset of the innermost bracket open at `off`.
    fn open_bracket(&self, off: usize) -> Option<usize> {
        let mut stack = Vec::new();
        for t in self.tokens {
            if to_usize(t.start()) >= off {
                break;
            }
            match t.kind() {
                T::Lpar | T::Lsqb | T::Lbrace => stack.push(to_usize(t.start())),
                T::Rpar | T::Rsqb | T::Rbrace => {
                    stack.pop();
                }
                _ => {}
            }
        }
        stack.pop()
    }

    fn in_dict(&self, at: usize) -> bool {
        self.open_bracket(at)
            .is_some_and(|o| self.src.as_bytes()[o] == b'{')
    }

    fn in_fstring(&self, at: usize) -> bool {
        self.open_fstring_quote(at).is_some()
    }

    /// The quote of the innermost f-string open at `at`, if any.
    fn open_fstring_quote(&self, at: usize) -> Option<char> {
        let mut open: Vec<usize> = Vec::new();
        for t in self.tokens {
            if to_usize(t.start()) >= at {
                break;
            }
            match t.kind() {
                T::FStringStart => open.push(to_usize(t.start())),
                T::FStringEnd => {
                    open.pop();
                }
                _ => {}
            }
        }
        let start = *open.last()?;
        self.src[start..]
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .chars()
            .next()
    }

    fn in_class_bases(&self, at: usize) -> bool {
        self.stmts.iter().any(|s| match s {
            r::Stmt::ClassDef(c) => c.arguments.as_ref().is_some_and(|a| {
                a.start() <= TextSize::new(at as u32) && TextSize::new(at as u32) < a.end()
            }),
            _ => false,
        })
    }

    /// `print 'x'` and `exec 'x'`: "Missing parentheses in call to ...",
    /// from the name to the end of the expression after it.
    fn legacy_print(&self, at: usize) -> Option<CompileError> {
        let prev = self.stmts.iter().rev().find(|s| to_usize(s.end()) <= at)?;
        let r::Stmt::Expr(x) = prev else { return None };
        let r::Expr::Name(n) = &*x.value else {
            return None;
        };
        if n.id.as_str() != "print" && n.id.as_str() != "exec" {
            return None;
        }
        let next = self.stmts.iter().find(|s| to_usize(s.start()) == at)?;
        let r::Stmt::Expr(arg) = next else {
            return None;
        };
        Some(self.spanning(
            format!(
                "Missing parentheses in call to '{0}'. Did you mean {0}(...)?",
                n.id
            ),
            TextRange::new(n.start(), arg.end()),
            ErrorKind::SyntaxError,
        ))
    }

    /// "cannot assign to ..." for the target at `range`, with CPython's
    /// "here. Maybe you meant '==' instead of '='?" where a lone `target =
    /// value` statement could have meant a comparison.
    fn assignment_target(&self, range: TextRange) -> CompileError {
        let syntax = ErrorKind::SyntaxError;
        let Some(target) = self.expr_with(range) else {
            return self.spanning("invalid syntax", range, syntax);
        };
        if matches!(target, r::Expr::Yield(_) | r::Expr::YieldFrom(_)) {
            return self.spanning("assignment to yield expression not possible", range, syntax);
        }
        let what = expr_name(target);
        let lone = self.stmts.iter().any(|s| match s {
            r::Stmt::Assign(a) => a.targets.len() == 1 && a.targets[0].range() == range,
            _ => false,
        });
        let excluded = matches!(
            target,
            r::Expr::List(_) | r::Expr::Tuple(_) | r::Expr::Generator(_)
        ) || matches!(target, r::Expr::BooleanLiteral(_) | r::Expr::NoneLiteral(_));
        if lone && !excluded {
            self.spanning(
                format!("cannot assign to {what} here. Maybe you meant '==' instead of '='?"),
                range,
                syntax,
            )
        } else {
            self.spanning(format!("cannot assign to {what}"), range, syntax)
        }
    }
}

/// How CPython's messages name an expression (`_PyPegen_get_expr_name`).
fn expr_name(e: &r::Expr) -> &'static str {
    use r::Expr as E;
    match e {
        E::Attribute(_) => "attribute",
        E::Subscript(_) => "subscript",
        E::Starred(_) => "starred",
        E::Name(_) => "name",
        E::List(_) => "list",
        E::Tuple(_) => "tuple",
        E::Lambda(_) => "lambda",
        E::Call(_) => "function call",
        E::BoolOp(_) | E::BinOp(_) | E::UnaryOp(_) => "expression",
        E::Generator(_) => "generator expression",
        E::Yield(_) | E::YieldFrom(_) => "yield expression",
        E::Await(_) => "await expression",
        E::ListComp(_) => "list comprehension",
        E::SetComp(_) => "set comprehension",
        E::DictComp(_) => "dict comprehension",
        E::Dict(_) => "dict literal",
        E::Set(_) => "set display",
        E::FString(_) | E::TString(_) => "f-string expression",
        E::NoneLiteral(_) => "None",
        E::BooleanLiteral(b) => {
            if b.value {
                "True"
            } else {
                "False"
            }
        }
        E::EllipsisLiteral(_) => "ellipsis",
        E::StringLiteral(_) | E::BytesLiteral(_) | E::NumberLiteral(_) => "literal",
        E::Compare(_) => "comparison",
        E::If(_) => "conditional expression",
        E::Named(_) => "named expression",
        E::Slice(_) => "slice",
        E::IpyEscapeCommand(_) => "expression",
    }
}

/// The tokenizer's own checks, over ruff's tokens and the source.
struct Tokenizer<'d, 'a> {
    d: &'d Diagnosis<'a>,
}

impl<'d, 'a> Tokenizer<'d, 'a> {
    fn new(d: &'d Diagnosis<'a>) -> Self {
        Tokenizer { d }
    }

    /// The first error CPython's tokenizer meets in the source.
    fn first_error(&self) -> Option<TokError> {
        [self.brackets(), self.numbers(), self.lexical(), self.tabs()]
            .into_iter()
            .flatten()
            .min_by_key(|e| e.at)
    }

    /// Mismatched, unmatched and unclosed brackets.
    fn brackets(&self) -> Option<TokError> {
        let mut stack: Vec<(char, usize)> = Vec::new();
        for t in self.d.tokens {
            let at = to_usize(t.start());
            let close = match t.kind() {
                T::Lpar | T::Lsqb | T::Lbrace => {
                    stack.push((self.d.src[at..].chars().next().unwrap_or('('), at));
                    continue;
                }
                T::Rpar => '(',
                T::Rsqb => '[',
                T::Rbrace => '{',
                _ => continue,
            };
            let c = self.d.src[at..].chars().next().unwrap_or(')');
            match stack.pop() {
                None => {
                    return Some(TokError {
                        at,
                        cur: at + 1,
                        kind: TokKind::Raised(format!("unmatched '{c}'"), None),
                    })
                }
                Some((open, o)) if open != close => {
                    let mut msg = format!(
                        "closing parenthesis '{c}' does not match opening parenthesis '{open}'"
                    );
                    if self.d.line_of(o) != self.d.line_of(at) {
                        msg.push_str(&format!(" on line {}", self.d.line_of(o) + 1));
                    }
                    return Some(TokError {
                        at,
                        cur: at + 1,
                        kind: TokKind::Raised(msg, None),
                    });
                }
                Some(_) => {}
            }
        }
        stack.last().map(|&(ch, open)| TokError {
            at: self.d.src.len(),
            cur: self.d.src.len(),
            kind: TokKind::Unclosed { open, ch },
        })
    }

    /// Number literals as CPython's tokenizer reads them.
    fn numbers(&self) -> Option<TokError> {
        let b = self.d.src.as_bytes();
        for t in self.d.tokens {
            let at = to_usize(t.start());
            let first = b.get(at).copied().unwrap_or(0);
            let number = first.is_ascii_digit()
                || (first == b'.' && b.get(at + 1).is_some_and(u8::is_ascii_digit));
            if !number || !matches!(t.kind(), T::Int | T::Float | T::Complex | T::Unknown) {
                continue;
            }
            if let Err(e) = scan_number(b, at) {
                let explicit = e.range.map(|(s, end)| {
                    let line_start = self.d.starts[self.d.line_of(at)];
                    let chars = |o: usize| self.d.src[line_start..o].chars().count() as i32;
                    (chars(s) + 1, chars(end) + 1)
                });
                return Some(TokError {
                    at,
                    cur: e.cur,
                    kind: TokKind::Raised(e.msg, explicit),
                });
            }
        }
        None
    }

    /// The lexer errors ruff reports that CPython's tokenizer also raises:
    /// strings, characters, dedents, line continuations.
    fn lexical(&self) -> Option<TokError> {
        let d = self.d;
        d.errors
            .iter()
            .filter_map(|e| {
                let at = to_usize(e.location.start());
                let raised = |msg: String, cur: usize| TokError {
                    at,
                    cur,
                    kind: TokKind::Raised(msg, None),
                };
                match &e.error {
                    P::Lexical(L::UnclosedStringError) => Some(self.unclosed_string(at)),
                    P::Lexical(L::FStringError(F::UnterminatedString))
                    | P::Lexical(L::FStringError(F::UnterminatedTripleQuotedString)) => {
                        let start = d
                            .tokens
                            .iter()
                            .rev()
                            .find(|t| t.kind() == T::FStringStart && to_usize(t.start()) <= at)
                            .map_or(at, |t| to_usize(t.start()));
                        let triple = matches!(
                            e.error,
                            P::Lexical(L::FStringError(F::UnterminatedTripleQuotedString))
                        );
                        let msg = if triple {
                            format!(
                                "unterminated triple-quoted f-string literal (detected at line {})",
                                d.last_line() + 1
                            )
                        } else {
                            format!(
                                "unterminated f-string literal (detected at line {})",
                                d.line_of(start) + 1
                            )
                        };
                        Some(TokError {
                            at,
                            cur: start + 1,
                            kind: TokKind::Raised(msg, None),
                        })
                    }
                    P::Lexical(L::UnrecognizedToken { tok }) => {
                        let c = *tok;
                        let cur = at + c.len_utf8();
                        if c.is_control() || matches!(c, '\u{80}'..='\u{9f}') {
                            Some(raised(
                                format!("invalid non-printable character U+{:04X}", c as u32),
                                cur,
                            ))
                        } else if !c.is_ascii() {
                            Some(raised(
                                format!("invalid character '{c}' (U+{:04X})", c as u32),
                                cur,
                            ))
                        } else {
                            None
                        }
                    }
                    P::Lexical(L::IndentationError) => Some(TokError {
                        at,
                        cur: at,
                        kind: TokKind::Dedent,
                    }),
                    P::Lexical(L::LineContinuationError) => Some(TokError {
                        at,
                        cur: at,
                        kind: TokKind::LineContinuation,
                    }),
                    _ => None,
                }
            })
            .min_by_key(|e| e.at)
    }

    /// An unterminated string literal starting at `at` (its prefix first).
    fn unclosed_string(&self, at: usize) -> TokError {
        let d = self.d;
        let body = d.src[at..].trim_start_matches(|c: char| c.is_ascii_alphabetic());
        let quote = body.chars().next().unwrap_or('\'');
        // A quote inside an f-string's replacement field that is the
        // f-string's own quote ends the f-string there.
        let fstring_quote = d.open_fstring_quote(at);
        let msg = if fstring_quote == Some(quote) {
            "f-string: expecting '}'".to_string()
        } else if body.starts_with("\"\"\"") || body.starts_with("'''") {
            format!(
                "unterminated triple-quoted string literal (detected at line {})",
                d.last_line() + 1
            )
        } else {
            format!(
                "unterminated string literal (detected at line {})",
                d.line_of(at) + 1
            )
        };
        TokError {
            at,
            cur: at + 1,
            kind: TokKind::Raised(msg, None),
        }
    }

    /// `TabError`: a line whose indentation compares differently with tabs
    /// as 8 columns and as 1.
    fn tabs(&self) -> Option<TokError> {
        let d = self.d;
        let mut stack: Vec<(u32, u32)> = vec![(0, 0)];
        let mut line_start = true;
        for t in d.tokens {
            match t.kind() {
                T::Newline => {
                    line_start = true;
                    continue;
                }
                T::Comment | T::NonLogicalNewline | T::Indent | T::Dedent | T::EndOfFile => {
                    continue
                }
                _ => {}
            }
            if !line_start {
                continue;
            }
            line_start = false;
            let at = to_usize(t.start());
            let l = d.line_of(at);
            let (mut col, mut alt) = (0u32, 0u32);
            for c in d.line(l).bytes() {
                match c {
                    b' ' => {
                        col += 1;
                        alt += 1;
                    }
                    b'\t' => {
                        col = (col / 8 + 1) * 8;
                        alt += 1;
                    }
                    b'\x0c' => {
                        col = 0;
                        alt = 0;
                    }
                    _ => break,
                }
            }
            let &(top, top_alt) = stack.last().unwrap_or(&(0, 0));
            let tab = if col == top {
                alt != top_alt
            } else if col > top {
                if alt <= top_alt {
                    true
                } else {
                    stack.push((col, alt));
                    false
                }
            } else {
                while stack.len() > 1 && stack.last().is_some_and(|&(c, _)| col < c) {
                    stack.pop();
                }
                match stack.last() {
                    Some(&(c, a)) if c == col => alt != a,
                    _ => false, // a bad dedent: ruff reports it
                }
            };
            if tab {
                return Some(TokError {
                    at: d.starts[l],
                    cur: d.starts[l],
                    kind: TokKind::Tab,
                });
            }
        }
        None
    }
}

/// A number literal CPython's tokenizer refuses: the message, where it
/// stopped reading, and the explicit range it gives (byte offsets).
struct NumberError {
    msg: String,
    cur: usize,
    range: Option<(usize, usize)>,
}

/// Reads the number literal at `at` as CPython 3.12's tokenizer does and
/// returns its end, or the error it raises.
fn scan_number(b: &[u8], at: usize) -> Result<usize, NumberError> {
    let get = |i: usize| b.get(i).copied().unwrap_or(0);
    let err = |msg: String, cur: usize| NumberError {
        msg,
        cur,
        range: None,
    };
    // Digits with single underscores between them, from `i`; the error for
    // a bad underscore is CPython's "invalid <kind> literal".
    let digits =
        |mut i: usize, ok: &dyn Fn(u8) -> bool, kind: &str| -> Result<usize, NumberError> {
            loop {
                while ok(get(i)) {
                    i += 1;
                }
                if get(i) != b'_' {
                    return Ok(i);
                }
                i += 1;
                if !ok(get(i)) {
                    return Err(err(format!("invalid {kind} literal"), i));
                }
            }
        };
    // What may not follow a number (CPython's verify_end_of_number): an
    // identifier character, unless a keyword that can follow starts there.
    let end_ok = |i: usize, kind: &str| -> Result<usize, NumberError> {
        let rest = &b[i.min(b.len())..];
        let keyword = [
            &b"and"[..],
            b"else",
            b"for",
            b"if",
            b"in",
            b"is",
            b"not",
            b"or",
        ]
        .iter()
        .any(|k| rest.starts_with(k));
        let c = get(i);
        if !keyword && (c.is_ascii_alphanumeric() || c == b'_' || c >= 128) {
            return Err(err(format!("invalid {kind} literal"), i));
        }
        Ok(i)
    };
    let mut i = at;
    if get(i) == b'0' && matches!(get(i + 1), b'x' | b'X' | b'o' | b'O' | b'b' | b'B') {
        let (kind, ok, radix): (&str, fn(u8) -> bool, u32) = match get(i + 1) | 0x20 {
            b'x' => ("hexadecimal", |c: u8| c.is_ascii_hexdigit(), 16),
            b'o' => ("octal", |c: u8| (b'0'..=b'7').contains(&c), 8),
            _ => ("binary", |c: u8| c == b'0' || c == b'1', 2),
        };
        i += 2;
        if get(i) == b'_' {
            i += 1;
        }
        if !ok(get(i)) {
            if radix != 16 && get(i).is_ascii_digit() {
                return Err(err(
                    format!("invalid digit '{}' in {kind} literal", get(i) as char),
                    i + 1,
                ));
            }
            return Err(err(format!("invalid {kind} literal"), i));
        }
        i = digits(i, &ok, kind)?;
        if radix != 16 && get(i).is_ascii_digit() {
            return Err(err(
                format!("invalid digit '{}' in {kind} literal", get(i) as char),
                i + 1,
            ));
        }
        return end_ok(i, kind);
    }
    let dec = |c: u8| c.is_ascii_digit();
    if get(i) == b'.' {
        i = digits(i + 1, &dec, "decimal")?;
    } else {
        let mut is_float = false;
        let start = i;
        i = digits(i, &dec, "decimal")?;
        if get(i) == b'.' {
            is_float = true;
            i += 1;
            if dec(get(i)) {
                i = digits(i, &dec, "decimal")?;
            }
        }
        // Leading zeros of a decimal integer.
        if !is_float && b[start] == b'0' && !matches!(get(i), b'e' | b'E' | b'j' | b'J') {
            let text = &b[start..i];
            if text.iter().any(|&c| c != b'0' && c != b'_') {
                let zeros_end =
                    start + text.iter().take_while(|&&c| c == b'0' || c == b'_').count();
                return Err(NumberError {
                    msg: "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers".into(),
                    cur: i,
                    range: Some((start, zeros_end)),
                });
            }
        }
    }
    if matches!(get(i), b'e' | b'E') {
        let e = i;
        let mut j = i + 1;
        if matches!(get(j), b'+' | b'-') {
            j += 1;
            if !dec(get(j)) {
                return Err(err("invalid decimal literal".into(), j));
            }
        }
        if !dec(get(j)) {
            // Not an exponent: the `e` is checked as what follows.
            return end_ok(e, "decimal");
        }
        i = digits(j, &dec, "decimal")?;
    }
    if matches!(get(i), b'j' | b'J') {
        i += 1;
        return end_ok(i, "imaginary");
    }
    end_ok(i, "decimal")
}

/// Source that is not valid UTF-8: CPython's tokenizer decodes it token by
/// token, so bytes in comments pass, a string literal reports its
/// `(unicode error)` with the position in the literal, a bytes literal
/// that it holds non-ASCII bytes, and any other token the bad byte with its
/// position in the token. Returns the text (bad bytes as U+FFFD) when every
/// bad byte is in a comment.
pub(crate) fn undecodable_utf8(body: &[u8]) -> Result<String, CompileError> {
    // The text with each bad sequence replaced, and where each was.
    let mut text = String::with_capacity(body.len());
    let mut bad: Vec<(usize, usize)> = Vec::new(); // (offset in text, in body)
    let mut map: Vec<(usize, usize)> = vec![(0, 0)]; // text → body offsets
    let mut rest = body;
    let mut orig = 0;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                text.push_str(s);
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                text.push_str(std::str::from_utf8(&rest[..good]).unwrap_or_default());
                let len = e.error_len().unwrap_or(rest.len() - good);
                bad.push((text.len(), orig + good));
                text.push('\u{FFFD}');
                orig += good + len;
                map.push((text.len(), orig));
                rest = &rest[good + len..];
            }
        }
    }
    let to_body = |off: usize| {
        let i = map.partition_point(|&(t, _)| t <= off) - 1;
        map[i].1 + (off - map[i].0)
    };
    let opts = ruff_python_parser::ParseOptions::from(ruff_python_parser::Mode::Module)
        .with_target_version(r::PythonVersion::PY312);
    let parsed = ruff_python_parser::parse_unchecked(&text, opts);
    let mut d = Diagnosis::new(&text, &parsed);
    d.exec_input = true;
    for &(at, orig_bad) in &bad {
        let Some(t) = d
            .tokens
            .iter()
            .find(|t| to_usize(t.start()) <= at && at < to_usize(t.end()))
        else {
            continue;
        };
        let start = to_usize(t.start());
        let end = to_usize(t.end());
        d.furthest = end;
        let orig_start = to_body(start);
        let orig_end = to_body(end);
        match t.kind() {
            T::Comment => continue,
            T::String | T::FStringMiddle => {
                let tok = &body[orig_start..orig_end];
                let prefix = tok.iter().take_while(|c| c.is_ascii_alphabetic()).count();
                if tok[..prefix].iter().any(|c| matches!(c, b'b' | b'B')) {
                    return Err(d.spanning(
                        "bytes can only contain ASCII literal characters",
                        t.range(),
                        ErrorKind::SyntaxError,
                    ));
                }
                // The literal's content, between its quotes.
                let content = if t.kind() == T::String {
                    let q = tok.get(prefix).copied().unwrap_or(b'"');
                    let triple = tok.len() >= prefix + 6 && tok[prefix..prefix + 3] == [q; 3];
                    let n = if triple { 3 } else { 1 };
                    let from = (prefix + n).min(tok.len());
                    &tok[from..tok.len().saturating_sub(n).max(from)]
                } else {
                    tok
                };
                let (pos, reason) = utf8_error(content);
                return Err(d.spanning(
                    format!(
                        "(unicode error) 'utf-8' codec can't decode byte 0x{:02x} in position {pos}: {reason}",
                        content.get(pos).copied().unwrap_or(0)
                    ),
                    t.range(),
                    ErrorKind::SyntaxError,
                ));
            }
            _ => {
                let tok = &body[orig_start..orig_end.max(orig_bad + 1).min(body.len())];
                let (pos, reason) = utf8_error(tok);
                let (lineno, col) = d.pos(start);
                let l = d.line_of(start);
                return Err(CompileError {
                    kind: ErrorKind::SyntaxError,
                    msg: format!(
                        "(unicode error) 'utf-8' codec can't decode byte 0x{:02x} in position {pos}: {reason}",
                        tok.get(pos).copied().unwrap_or(0)
                    ),
                    lineno,
                    offset: col + 1,
                    end_lineno: lineno,
                    end_offset: -1,
                    text: Some(d.parser_text(l)),
                });
            }
        }
    }
    Ok(text)
}

/// Where UTF-8 decoding of `b` fails first and Python's reason.
fn utf8_error(b: &[u8]) -> (usize, &'static str) {
    match std::str::from_utf8(b) {
        Ok(_) => (0, "invalid start byte"),
        Err(e) => {
            let at = e.valid_up_to();
            let first = b[at];
            let reason = match e.error_len() {
                None => "unexpected end of data",
                Some(_) if (0x80..=0xC1).contains(&first) || first >= 0xF5 => "invalid start byte",
                Some(_) => "invalid continuation byte",
            };
            (at, reason)
        }
    }
}
