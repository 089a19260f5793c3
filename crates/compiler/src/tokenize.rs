//! CPython 3.12.1's tokenizer in the mode `_tokenize.TokenizerIter` runs it
//! with `extra_tokens=True` (what `tokenize.generate_tokens` and
//! `tokenize.tokenize` drive): comments and `NL`s are tokens, every
//! operator is `OP`, identifiers are not verified, numbers are not checked
//! against what follows them, unmatched brackets pass, and each token
//! carries its physical `line`.
//!
//! The source is a readline-like closure called lazily, one chunk (a line)
//! at a time. The tokenizer keeps what it has read in one UTF-8 buffer as
//! CPython's does (emptied at the start of each logical token that is not
//! inside a string or an f-string), because the reported positions, the
//! `line` of multi-line strings and the error offsets all follow from that
//! buffer. Positions are character offsets; rows start at 1.
//!
//! This module knows nothing of Python objects: `ophis-core`'s `_tokenize`
//! wraps it, turning [`Token`]s into tuples and [`TokError`]s into
//! `SyntaxError`/`IndentationError`/`TabError`.

/// Token type numbers of CPython 3.12's `token.py`.
pub mod types {
    /// `ENDMARKER`.
    pub const ENDMARKER: u8 = 0;
    /// `NAME`.
    pub const NAME: u8 = 1;
    /// `NUMBER`.
    pub const NUMBER: u8 = 2;
    /// `STRING`.
    pub const STRING: u8 = 3;
    /// `NEWLINE`.
    pub const NEWLINE: u8 = 4;
    /// `INDENT`.
    pub const INDENT: u8 = 5;
    /// `DEDENT`.
    pub const DEDENT: u8 = 6;
    /// `OP` (every operator and delimiter in this mode).
    pub const OP: u8 = 55;
    /// `FSTRING_START`.
    pub const FSTRING_START: u8 = 61;
    /// `FSTRING_MIDDLE`.
    pub const FSTRING_MIDDLE: u8 = 62;
    /// `FSTRING_END`.
    pub const FSTRING_END: u8 = 63;
    /// `COMMENT`.
    pub const COMMENT: u8 = 64;
    /// `NL`.
    pub const NL: u8 = 65;
}

use types::*;

/// One token as `TokenizerIter` yields it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The type (see [`types`]).
    pub kind: u8,
    /// The token's text.
    pub string: String,
    /// Start row and column (the column is -1 where CPython has none).
    pub start: (usize, isize),
    /// End row and column.
    pub end: (usize, isize),
    /// The physical line(s) the token is on.
    pub line: String,
}

/// The class of a tokenizer error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// `SyntaxError` (which `tokenize.py` turns into `TokenError`).
    Syntax,
    /// `IndentationError`.
    Indentation,
    /// `TabError`.
    Tab,
}

/// Why tokenizing stopped.
#[derive(Debug)]
pub enum TokError<E> {
    /// The source (readline) failed; its error is passed on.
    Source(E),
    /// A syntax error with CPython's arguments: the message and the
    /// `(filename, lineno, offset, text, end_lineno, end_offset)` details
    /// (the filename is `<string>`).
    Syntax {
        /// `SyntaxError`, `IndentationError` or `TabError`.
        kind: ErrorKind,
        /// The message.
        msg: String,
        /// The row.
        lineno: usize,
        /// The offset (a character count).
        offset: isize,
        /// The source line.
        text: String,
        /// The end row and offset, where CPython gives them.
        end: Option<(usize, isize)>,
    },
    /// `unexpected EOF in multi-line statement`: a `SyntaxError` made with
    /// only a message, then located at `lineno` and `offset` (a byte count,
    /// as CPython passes it).
    Eof {
        /// The row.
        lineno: usize,
        /// The offset.
        offset: isize,
    },
}

const EOF: i32 = -1;
const TABSIZE: usize = 8;
const MAXINDENT: usize = 100;
const MAXLEVEL: usize = 200;
const MAXFSTRINGLEVEL: usize = 150;
const MAX_EXPR_NESTING: i32 = 3;

/// The state of one f-string being tokenized.
struct FString {
    /// Inside a replacement field's expression (tokenized as code) rather
    /// than in literal text or a format spec.
    regular: bool,
    quote: u8,
    quote_size: usize,
    raw: bool,
    /// Where its prefix starts, the start of that line, and its row.
    start: usize,
    multi_line_start: usize,
    first_line: usize,
    /// Open brackets inside its expressions.
    curly_depth: i32,
    /// The bracket depth at which the innermost replacement field opened
    /// (-1 outside any).
    expr_start_depth: i32,
    /// The top-level expression of the current field has ended (a `!`,
    /// `:` or `}` was seen), so literal text is a format spec.
    expr_ended: bool,
}

/// The tokenizer over a readline-like source.
pub struct Tokenizer<F, E>
where
    F: FnMut() -> Result<Option<String>, E>,
{
    source: F,
    buf: Vec<u8>,
    cur: usize,
    start: Option<usize>,
    line_start: usize,
    multi_line_start: usize,
    lineno: usize,
    first_lineno: usize,
    eof: bool,
    implicit_newline: bool,
    atbol: bool,
    pendin: i32,
    indstack: Vec<usize>,
    altindstack: Vec<usize>,
    level: usize,
    comment_newline: bool,
    modes: Vec<FString>,
    finished: bool,
    warn: Option<Warner<E>>,
}

/// Reports a `SyntaxWarning` (message, row): `Ok(true)` when the warning
/// filters turned it into an error, which the tokenizer then raises as a
/// `SyntaxError` at its position.
pub type Warner<E> = Box<dyn FnMut(&str, usize) -> Result<bool, E>>;

type Span = Option<(usize, usize)>;

fn is_digit(c: i32) -> bool {
    (b'0' as i32..=b'9' as i32).contains(&c)
}

fn is_xdigit(c: i32) -> bool {
    is_digit(c)
        || (b'a' as i32..=b'f' as i32).contains(&c)
        || (b'A' as i32..=b'F' as i32).contains(&c)
}

fn is_ident_start(c: i32) -> bool {
    (b'a' as i32..=b'z' as i32).contains(&c)
        || (b'A' as i32..=b'Z' as i32).contains(&c)
        || c == b'_' as i32
        || c >= 128
}

fn is_ident_char(c: i32) -> bool {
    is_ident_start(c) || is_digit(c)
}

fn is(c: i32, b: u8) -> bool {
    c == b as i32
}

/// The number of characters in UTF-8 bytes (lead bytes counted).
fn chars(b: &[u8]) -> isize {
    b.iter().filter(|&&x| (x & 0xC0) != 0x80).count() as isize
}

/// The characters in the first `n` bytes of `line`, as
/// `_PyPegen_byte_offset_to_character_offset` counts them: a cut sequence
/// is one replacement character, and an offset past the end counts the
/// terminator once.
fn char_offset(line: &[u8], n: usize) -> isize {
    let k = n.min(line.len());
    let c = String::from_utf8_lossy(&line[..k]).chars().count() as isize;
    c + isize::from(n > line.len())
}

fn two_chars(c1: u8, c2: u8) -> bool {
    matches!(
        (c1, c2),
        (b'!', b'=')
            | (b'%', b'=')
            | (b'&', b'=')
            | (b'*', b'*')
            | (b'*', b'=')
            | (b'+', b'=')
            | (b'-', b'=')
            | (b'-', b'>')
            | (b'/', b'/')
            | (b'/', b'=')
            | (b':', b'=')
            | (b'<', b'<')
            | (b'<', b'=')
            | (b'<', b'>')
            | (b'=', b'=')
            | (b'>', b'=')
            | (b'>', b'>')
            | (b'@', b'=')
            | (b'^', b'=')
            | (b'|', b'=')
    )
}

fn three_chars(c1: u8, c2: u8, c3: u8) -> bool {
    matches!(
        (c1, c2, c3),
        (b'*', b'*', b'=')
            | (b'.', b'.', b'.')
            | (b'/', b'/', b'=')
            | (b'<', b'<', b'=')
            | (b'>', b'>', b'=')
    )
}

impl<F, E> Tokenizer<F, E>
where
    F: FnMut() -> Result<Option<String>, E>,
{
    /// A tokenizer reading its lines from `source` (`None` or an empty
    /// string is the end of the input).
    pub fn new(source: F) -> Self {
        Tokenizer {
            source,
            buf: Vec::new(),
            cur: 0,
            start: None,
            line_start: 0,
            multi_line_start: 0,
            lineno: 0,
            first_lineno: 0,
            eof: false,
            implicit_newline: false,
            atbol: true,
            pendin: 0,
            indstack: vec![0],
            altindstack: vec![0],
            level: 0,
            comment_newline: false,
            modes: Vec::new(),
            finished: false,
            warn: None,
        }
    }

    /// Reports CPython's tokenizer warnings (`\{` and `\}` in non-raw
    /// f-strings) through `warn`; without one they are not reported.
    pub fn with_warnings(mut self, warn: Warner<E>) -> Self {
        self.warn = Some(warn);
        self
    }

    /// The next token, `None` after `ENDMARKER` (or after an error).
    pub fn next_token(&mut self) -> Result<Option<Token>, TokError<E>> {
        if self.finished {
            return Ok(None);
        }
        match self.get() {
            Ok((kind, span)) => {
                if kind == ENDMARKER {
                    self.finished = true;
                }
                Ok(Some(self.make(kind, span)))
            }
            Err(e) => {
                self.finished = true;
                Err(e)
            }
        }
    }

    fn text(&self, a: usize, b: usize) -> String {
        let b = b.min(self.buf.len());
        String::from_utf8_lossy(&self.buf[a.min(b)..b]).into_owned()
    }

    /// The token tuple's fields, as `tokenizeriter_next` computes them.
    fn make(&self, kind: u8, span: Span) -> Token {
        let strlit = kind == STRING || kind == FSTRING_MIDDLE;
        let mut string = span.map_or(String::new(), |(a, b)| self.text(a, b));
        let trailing = kind == ENDMARKER || (kind == DEDENT && self.eof);
        // (At the end of the input the buffer may have been emptied: the
        // offsets are clamped, and the trailing tokens' fields are fixed.)
        let lstart = if strlit {
            self.multi_line_start
        } else {
            self.line_start
        }
        .min(self.buf.len());
        let cur_line_start = self.line_start.min(self.buf.len());
        let mut size = self.buf.len() - lstart;
        if size >= 1 && self.implicit_newline {
            size -= 1;
        }
        let line_bytes = &self.buf[lstart..lstart + size];
        let line = if trailing {
            String::new()
        } else {
            String::from_utf8_lossy(line_bytes).into_owned()
        };
        let mut lineno = if strlit {
            self.first_lineno
        } else {
            self.lineno
        };
        let mut end_lineno = self.lineno;
        let mut col = -1;
        let mut end_col = -1;
        if let Some((a, b)) = span {
            if a >= lstart {
                col = char_offset(line_bytes, a - lstart);
            }
            // As CPython 3.12.1: the end's byte offset in its own line,
            // counted in the token's first line (so a multi-line string
            // with non-ASCII text reports its end column in that measure).
            if b >= cur_line_start {
                end_col = char_offset(line_bytes, b - cur_line_start);
            }
        }
        if trailing {
            lineno += 1;
            end_lineno = lineno;
            col = 0;
            end_col = 0;
        }
        if kind == NEWLINE {
            // The newline itself, unless the tokenizer made it up (then
            // the token's own text, a `\r` at most).
            if !self.implicit_newline {
                string = if span.is_some_and(|(a, _)| self.buf.get(a) == Some(&b'\r')) {
                    "\r\n".into()
                } else {
                    "\n".into()
                };
            }
            end_col += 1;
        } else if kind == NL && self.implicit_newline {
            string.clear();
        }
        Token {
            kind,
            string,
            start: (lineno, col),
            end: (end_lineno, end_col),
            line,
        }
    }

    // ---- reading -------------------------------------------------------

    /// Reads the next chunk into the buffer; false at the end.
    fn underflow(&mut self) -> Result<bool, TokError<E>> {
        if self.start.is_none() && self.modes.is_empty() {
            self.buf.clear();
            self.cur = 0;
        }
        let chunk = (self.source)()
            .map_err(TokError::Source)?
            .unwrap_or_default();
        if chunk.is_empty() {
            self.eof = true;
            return Ok(false);
        }
        self.buf.extend_from_slice(chunk.as_bytes());
        self.implicit_newline = false;
        if self.buf.last() != Some(&b'\n') {
            self.buf.push(b'\n');
            self.implicit_newline = true;
        }
        self.lineno += 1;
        Ok(true)
    }

    fn nextc(&mut self) -> Result<i32, TokError<E>> {
        loop {
            if self.cur != self.buf.len() {
                let c = self.buf[self.cur];
                self.cur += 1;
                return Ok(c as i32);
            }
            if self.eof {
                return Ok(EOF);
            }
            if !self.underflow()? {
                self.cur = self.buf.len();
                return Ok(EOF);
            }
            self.line_start = self.cur;
            if self.buf[self.line_start..].contains(&0) {
                let e = self.syntax_error("source code cannot contain null bytes".into());
                self.cur = self.buf.len();
                return Err(e);
            }
        }
    }

    fn backup(&mut self, c: i32) {
        if c != EOF {
            self.cur -= 1;
        }
    }

    // ---- errors --------------------------------------------------------

    /// A `SyntaxError` at the current position (CPython's `syntaxerror`).
    fn syntax_error(&self, msg: String) -> TokError<E> {
        let ls = self.line_start.min(self.buf.len());
        let cur = self.cur.max(ls);
        let col = chars(&self.buf[ls..cur]);
        let rest = &self.buf[ls..];
        let len = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        TokError::Syntax {
            kind: ErrorKind::Syntax,
            msg,
            lineno: self.lineno,
            offset: col,
            text: self.text(ls, ls + len),
            end: Some((self.lineno, col)),
        }
    }

    /// An error CPython reports from its `done` code: the whole buffer is
    /// the line and the offset is just past it.
    fn done_error(&self, kind: ErrorKind, msg: &str) -> TokError<E> {
        let size = self.buf.len().saturating_sub(1);
        let text = self.text(0, size);
        TokError::Syntax {
            kind,
            msg: msg.into(),
            lineno: self.lineno,
            offset: chars(&self.buf[..size]) + 1,
            text,
            end: None,
        }
    }

    fn tab_error(&mut self) -> TokError<E> {
        self.cur = self.buf.len();
        self.done_error(
            ErrorKind::Tab,
            "inconsistent use of tabs and spaces in indentation",
        )
    }

    fn eof_error(&self) -> TokError<E> {
        TokError::Eof {
            lineno: self.lineno,
            offset: self.buf.len() as isize,
        }
    }

    /// After a backslash: the line must end there and another follow.
    fn continuation_line(&mut self) -> Result<(), TokError<E>> {
        let mut c = self.nextc()?;
        if is(c, b'\r') {
            c = self.nextc()?;
        }
        if !is(c, b'\n') {
            return Err(self.done_error(
                ErrorKind::Syntax,
                "unexpected character after line continuation character",
            ));
        }
        c = self.nextc()?;
        if c == EOF {
            self.cur = self.buf.len();
            return Err(self.eof_error());
        }
        self.backup(c);
        Ok(())
    }

    // ---- tokens --------------------------------------------------------

    fn get(&mut self) -> Result<(u8, Span), TokError<E>> {
        match self.modes.last() {
            Some(m) if !m.regular => self.fstring_mode(),
            _ => self.normal_mode(),
        }
    }

    /// Indentation at the start of a line: pushes pending INDENT/DEDENTs.
    /// Returns whether the line is blank (whitespace and/or a comment).
    fn indentation(&mut self) -> Result<bool, TokError<E>> {
        let (mut col, mut altcol, mut cont_line_col) = (0usize, 0usize, 0usize);
        let c = loop {
            let c = self.nextc()?;
            if is(c, b' ') {
                col += 1;
                altcol += 1;
            } else if is(c, b'\t') {
                col = (col / TABSIZE + 1) * TABSIZE;
                altcol += 1;
            } else if is(c, 0x0c) {
                col = 0;
                altcol = 0;
            } else if is(c, b'\\') {
                if cont_line_col == 0 {
                    cont_line_col = col;
                }
                self.continuation_line()?;
            } else {
                break c;
            }
        };
        self.backup(c);
        let blank = is(c, b'#') || is(c, b'\n') || is(c, b'\r');
        if blank || self.level != 0 {
            return Ok(blank);
        }
        if cont_line_col != 0 {
            col = cont_line_col;
            altcol = cont_line_col;
        }
        let top = *self.indstack.last().unwrap_or(&0);
        let alttop = *self.altindstack.last().unwrap_or(&0);
        if col == top {
            if altcol != alttop {
                return Err(self.tab_error());
            }
        } else if col > top {
            if self.indstack.len() >= MAXINDENT {
                self.cur = self.buf.len();
                return Err(
                    self.done_error(ErrorKind::Indentation, "too many levels of indentation")
                );
            }
            if altcol <= alttop {
                return Err(self.tab_error());
            }
            self.pendin += 1;
            self.indstack.push(col);
            self.altindstack.push(altcol);
        } else {
            while self.indstack.len() > 1 && col < *self.indstack.last().unwrap_or(&0) {
                self.pendin -= 1;
                self.indstack.pop();
                self.altindstack.pop();
            }
            if col != *self.indstack.last().unwrap_or(&0) {
                self.cur = self.buf.len();
                return Err(self.done_error(
                    ErrorKind::Indentation,
                    "unindent does not match any outer indentation level",
                ));
            }
            if altcol != *self.altindstack.last().unwrap_or(&0) {
                return Err(self.tab_error());
            }
        }
        Ok(false)
    }

    fn normal_mode(&mut self) -> Result<(u8, Span), TokError<E>> {
        {
            self.start = None;
            let mut blankline = false;
            if self.atbol {
                self.atbol = false;
                blankline = self.indentation()?;
            }
            self.start = Some(self.cur);
            if self.pendin < 0 {
                self.pendin += 1;
                return Ok((DEDENT, Some((self.cur, self.cur))));
            }
            if self.pendin > 0 {
                self.pendin -= 1;
                return Ok((INDENT, Some((0, self.cur))));
            }
            loop {
                // `again`: skip spaces, then the token.
                self.start = None;
                let mut c = self.nextc()?;
                while is(c, b' ') || is(c, b'\t') || is(c, 0x0c) {
                    c = self.nextc()?;
                }
                let start = self.cur.saturating_sub(1);
                self.start = Some(start);

                if is(c, b'#') {
                    while c != EOF && !is(c, b'\n') && !is(c, b'\r') {
                        c = self.nextc()?;
                    }
                    self.backup(c);
                    self.comment_newline = blankline;
                    return Ok((COMMENT, Some((start, self.cur))));
                }
                if c == EOF {
                    if self.level > 0 {
                        return Err(self.eof_error());
                    }
                    return Ok((ENDMARKER, None));
                }
                if is_ident_start(c) {
                    return self.name_or_prefixed_string(c, start);
                }
                if is(c, b'\r') {
                    c = self.nextc()?;
                }
                if is(c, b'\n') {
                    self.atbol = true;
                    if blankline || self.level > 0 {
                        self.comment_newline = false;
                        return Ok((NL, Some((start, self.cur))));
                    }
                    if self.comment_newline {
                        self.comment_newline = false;
                        return Ok((NL, Some((start, self.cur))));
                    }
                    return Ok((NEWLINE, Some((start, self.cur - 1))));
                }
                if is(c, b'.') {
                    c = self.nextc()?;
                    if is_digit(c) {
                        self.number_tail(c, true)?;
                        return Ok((NUMBER, Some((start, self.cur))));
                    } else if is(c, b'.') {
                        c = self.nextc()?;
                        if is(c, b'.') {
                            return Ok((OP, Some((start, self.cur))));
                        }
                        self.backup(c);
                        self.backup(b'.' as i32);
                    } else {
                        self.backup(c);
                    }
                    return Ok((OP, Some((start, self.cur))));
                }
                if is_digit(c) {
                    self.number(c)?;
                    return Ok((NUMBER, Some((start, self.cur))));
                }
                if is(c, b'\'') || is(c, b'"') {
                    return self.string(c as u8, start);
                }
                if is(c, b'\\') {
                    self.continuation_line()?;
                    continue;
                }
                return self.operator(c as u8, start);
            }
        }
    }

    /// A name, or the prefix of a string or f-string.
    fn name_or_prefixed_string(
        &mut self,
        mut c: i32,
        start: usize,
    ) -> Result<(u8, Span), TokError<E>> {
        let (mut saw_b, mut saw_r, mut saw_u, mut saw_f) = (false, false, false, false);
        loop {
            let l = if c < 128 {
                (c as u8).to_ascii_lowercase()
            } else {
                0
            };
            if !(saw_b || saw_u || saw_f) && l == b'b' {
                saw_b = true;
            } else if !(saw_b || saw_u || saw_r || saw_f) && l == b'u' {
                saw_u = true;
            } else if !(saw_r || saw_u) && l == b'r' {
                saw_r = true;
            } else if !(saw_f || saw_b || saw_u) && l == b'f' {
                saw_f = true;
            } else {
                break;
            }
            c = self.nextc()?;
            if is(c, b'"') || is(c, b'\'') {
                if saw_f {
                    return self.fstring_start(c as u8, start);
                }
                return self.string(c as u8, start);
            }
        }
        while is_ident_char(c) {
            c = self.nextc()?;
        }
        self.backup(c);
        Ok((NAME, Some((start, self.cur))))
    }

    fn decimal_tail(&mut self) -> Result<i32, TokError<E>> {
        loop {
            let mut c = self.nextc()?;
            while is_digit(c) {
                c = self.nextc()?;
            }
            if !is(c, b'_') {
                return Ok(c);
            }
            c = self.nextc()?;
            if !is_digit(c) {
                self.backup(c);
                return Err(self.syntax_error("invalid decimal literal".into()));
            }
        }
    }

    /// The rest of a number after its integer part (`c` follows it), or
    /// after a `.` when `after_dot` (`c` follows the dot).
    fn number_tail(&mut self, mut c: i32, after_dot: bool) -> Result<(), TokError<E>> {
        let mut fraction = after_dot;
        if !after_dot && is(c, b'.') {
            c = self.nextc()?;
            fraction = true;
        }
        if fraction && is_digit(c) {
            c = self.decimal_tail()?;
        }
        if is(c, b'e') || is(c, b'E') {
            let e = c;
            c = self.nextc()?;
            if is(c, b'+') || is(c, b'-') {
                c = self.nextc()?;
                if !is_digit(c) {
                    self.backup(c);
                    return Err(self.syntax_error("invalid decimal literal".into()));
                }
            } else if !is_digit(c) {
                self.backup(c);
                self.backup(e);
                return Ok(());
            }
            c = self.decimal_tail()?;
        }
        if is(c, b'j') || is(c, b'J') {
            c = self.nextc()?;
        }
        self.backup(c);
        Ok(())
    }

    /// Digits of a radix-prefixed literal (`0x`, `0o`, `0b`).
    fn radix_digits(&mut self, ok: fn(i32) -> bool, name: &str) -> Result<(), TokError<E>> {
        let mut c = self.nextc()?;
        loop {
            if is(c, b'_') {
                c = self.nextc()?;
            }
            if !ok(c) {
                if name != "hexadecimal" && is_digit(c) {
                    return Err(self.syntax_error(format!(
                        "invalid digit '{}' in {name} literal",
                        c as u8 as char
                    )));
                }
                self.backup(c);
                return Err(self.syntax_error(format!("invalid {name} literal")));
            }
            loop {
                c = self.nextc()?;
                if !ok(c) {
                    break;
                }
            }
            if !is(c, b'_') {
                break;
            }
        }
        if name != "hexadecimal" && is_digit(c) {
            return Err(self.syntax_error(format!(
                "invalid digit '{}' in {name} literal",
                c as u8 as char
            )));
        }
        self.backup(c);
        Ok(())
    }

    fn number(&mut self, first: i32) -> Result<(), TokError<E>> {
        if !is(first, b'0') {
            let c = self.decimal_tail_from_first()?;
            return self.number_tail(c, false);
        }
        let mut c = self.nextc()?;
        if is(c, b'x') || is(c, b'X') {
            return self.radix_digits(is_xdigit, "hexadecimal");
        }
        if is(c, b'o') || is(c, b'O') {
            return self.radix_digits(|c| (b'0' as i32..b'8' as i32).contains(&c), "octal");
        }
        if is(c, b'b') || is(c, b'B') {
            return self.radix_digits(|c| is(c, b'0') || is(c, b'1'), "binary");
        }
        loop {
            if is(c, b'_') {
                c = self.nextc()?;
                if !is_digit(c) {
                    self.backup(c);
                    return Err(self.syntax_error("invalid decimal literal".into()));
                }
            }
            if !is(c, b'0') {
                break;
            }
            c = self.nextc()?;
        }
        if is_digit(c) {
            c = self.decimal_tail()?;
        }
        self.number_tail(c, false)
    }

    /// `tok_decimal_tail` when the first digit was already read.
    fn decimal_tail_from_first(&mut self) -> Result<i32, TokError<E>> {
        self.backup(b'0' as i32);
        self.decimal_tail()
    }

    /// A string literal whose opening quote `quote` was just read.
    fn string(&mut self, quote: u8, start: usize) -> Result<(u8, Span), TokError<E>> {
        self.first_lineno = self.lineno;
        self.multi_line_start = self.line_start;
        let q = quote as i32;
        let mut quote_size = 1;
        let mut end_quote_size = 0;
        let mut c = self.nextc()?;
        if c == q {
            c = self.nextc()?;
            if c == q {
                quote_size = 3;
            } else {
                end_quote_size = 1;
            }
        }
        if c != q {
            self.backup(c);
        }
        while end_quote_size != quote_size {
            c = self.nextc()?;
            if c == EOF || (quote_size == 1 && is(c, b'\n')) {
                self.cur = start + 1;
                self.line_start = self.multi_line_start;
                let detected = self.lineno;
                self.lineno = self.first_lineno;
                if let Some(m) = self.modes.last() {
                    if m.quote == quote && m.quote_size == quote_size {
                        return Err(self.syntax_error("f-string: expecting '}'".into()));
                    }
                }
                let what = if quote_size == 3 {
                    "triple-quoted string literal"
                } else {
                    "string literal"
                };
                return Err(
                    self.syntax_error(format!("unterminated {what} (detected at line {detected})"))
                );
            }
            if c == q {
                end_quote_size += 1;
            } else {
                end_quote_size = 0;
                if is(c, b'\\') {
                    c = self.nextc()?;
                    if is(c, b'\r') {
                        self.nextc()?;
                    }
                }
            }
        }
        Ok((STRING, Some((start, self.cur))))
    }

    fn fstring_start(&mut self, quote: u8, start: usize) -> Result<(u8, Span), TokError<E>> {
        self.first_lineno = self.lineno;
        self.multi_line_start = self.line_start;
        let q = quote as i32;
        let mut quote_size = 1;
        let after = self.nextc()?;
        if after == q {
            let after2 = self.nextc()?;
            if after2 == q {
                quote_size = 3;
            } else {
                self.backup(after2);
                self.backup(after);
            }
        }
        if after != q {
            self.backup(after);
        }
        if self.modes.len() + 1 >= MAXFSTRINGLEVEL {
            return Err(self.syntax_error("too many nested f-strings".into()));
        }
        let raw = match self.buf.get(start) {
            Some(b'f' | b'F') => self
                .buf
                .get(start + 1)
                .is_some_and(|c| c.eq_ignore_ascii_case(&b'r')),
            _ => true,
        };
        self.modes.push(FString {
            regular: false,
            quote,
            quote_size,
            raw,
            start,
            multi_line_start: self.line_start,
            first_line: self.lineno,
            curly_depth: 0,
            expr_start_depth: -1,
            expr_ended: false,
        });
        Ok((FSTRING_START, Some((start, self.cur))))
    }

    /// Operators and delimiters, with the f-string bookkeeping of `{`,
    /// `}`, `!` and `:`.
    fn operator(&mut self, c: u8, start: usize) -> Result<(u8, Span), TokError<E>> {
        if matches!(c, b':' | b'}' | b'!' | b'{') {
            if let Some(m) = self.modes.last_mut() {
                if m.expr_start_depth >= 0 {
                    let cursor = m.curly_depth - i32::from(c != b'{');
                    if cursor == 0 {
                        m.expr_ended = c != b'{';
                    }
                    if c == b':' && cursor == m.expr_start_depth {
                        m.regular = false;
                        return Ok((OP, Some((start, self.cur))));
                    }
                }
            }
        }
        let c2 = self.nextc()?;
        if (0..128).contains(&c2) && two_chars(c, c2 as u8) {
            let c3 = self.nextc()?;
            if !((0..128).contains(&c3) && three_chars(c, c2 as u8, c3 as u8)) {
                self.backup(c3);
            }
            return Ok((OP, Some((start, self.cur))));
        }
        self.backup(c2);
        match c {
            b'(' | b'[' | b'{' => {
                if self.level >= MAXLEVEL {
                    return Err(self.syntax_error("too many nested parentheses".into()));
                }
                self.level += 1;
                if let Some(m) = self.modes.last_mut() {
                    m.curly_depth += 1;
                }
            }
            b')' | b']' | b'}' => {
                if c == b'}' && self.modes.last().is_some_and(|m| m.curly_depth == 0) {
                    return Err(self.syntax_error("f-string: single '}' is not allowed".into()));
                }
                if self.level > 0 {
                    self.level -= 1;
                }
                if let Some(m) = self.modes.last_mut() {
                    m.curly_depth -= 1;
                    if c == b'}' && m.curly_depth == m.expr_start_depth {
                        m.expr_start_depth -= 1;
                        m.regular = false;
                    }
                }
            }
            _ => {}
        }
        if c < 0x20 || c == 0x7f {
            return Err(self.syntax_error(format!("invalid non-printable character U+{:04X}", c)));
        }
        Ok((OP, Some((start, self.cur))))
    }

    /// Literal text of an f-string (and format specs), its end, or the
    /// start of a replacement field.
    fn fstring_mode(&mut self) -> Result<(u8, Span), TokError<E>> {
        let start = self.cur;
        self.start = Some(start);
        self.first_lineno = self.lineno;
        let c0 = self.nextc()?;
        if is(c0, b'{') {
            let p = self.nextc()?;
            self.backup(p);
            self.backup(c0);
            if !is(p, b'{') {
                self.open_field()?;
                return self.normal_mode();
            }
        } else {
            self.backup(c0);
        }
        let Some(m) = self.modes.last() else {
            return self.normal_mode();
        };
        let (quote, quote_size, raw) = (m.quote as i32, m.quote_size, m.raw);
        let mut matched = 0;
        for _ in 0..quote_size {
            let c = self.nextc()?;
            if c != quote {
                self.backup(c);
                break;
            }
            matched += 1;
        }
        if matched == quote_size {
            self.modes.pop();
            return Ok((FSTRING_END, Some((start, self.cur))));
        }

        self.multi_line_start = self.line_start;
        let mut end_quote_size = 0;
        let mut unicode_escape = false;
        while end_quote_size != quote_size {
            let c = self.nextc()?;
            let in_format_spec = self
                .modes
                .last()
                .is_some_and(|m| m.expr_ended && m.expr_start_depth >= 0);
            if c == EOF || (quote_size == 1 && is(c, b'\n')) {
                if in_format_spec && is(c, b'\n') {
                    self.backup(c);
                    if let Some(m) = self.modes.last_mut() {
                        m.regular = true;
                    }
                    return Ok((FSTRING_MIDDLE, Some((start, self.cur))));
                }
                let (fstart, fline_start, fline) = self
                    .modes
                    .last()
                    .map_or((0, 0, 0), |m| (m.start, m.multi_line_start, m.first_line));
                self.cur = fstart + 1;
                self.line_start = fline_start;
                let detected = self.lineno;
                self.lineno = fline;
                let what = if quote_size == 3 {
                    "triple-quoted f-string literal"
                } else {
                    "f-string literal"
                };
                return Err(
                    self.syntax_error(format!("unterminated {what} (detected at line {detected})"))
                );
            }
            if c == quote {
                end_quote_size += 1;
                continue;
            }
            end_quote_size = 0;
            if is(c, b'{') {
                let peek = self.nextc()?;
                if !is(peek, b'{') || in_format_spec {
                    self.backup(peek);
                    self.backup(c);
                    self.open_field()?;
                    return Ok((FSTRING_MIDDLE, Some((start, self.cur))));
                }
                return Ok((FSTRING_MIDDLE, Some((start, self.cur - 1))));
            } else if is(c, b'}') {
                if unicode_escape {
                    return Ok((FSTRING_MIDDLE, Some((start, self.cur))));
                }
                let peek = self.nextc()?;
                if is(peek, b'}') && !in_format_spec {
                    return Ok((FSTRING_MIDDLE, Some((start, self.cur - 1))));
                }
                self.backup(peek);
                self.backup(c);
                if let Some(m) = self.modes.last_mut() {
                    m.regular = true;
                }
                return Ok((FSTRING_MIDDLE, Some((start, self.cur))));
            } else if is(c, b'\\') {
                let mut peek = self.nextc()?;
                if is(peek, b'\r') {
                    peek = self.nextc()?;
                }
                if is(peek, b'{') || is(peek, b'}') {
                    if !raw {
                        self.invalid_escape(peek as u8)?;
                    }
                    self.backup(peek);
                    continue;
                }
                if !raw && is(peek, b'N') {
                    peek = self.nextc()?;
                    if is(peek, b'{') {
                        unicode_escape = true;
                    } else {
                        self.backup(peek);
                    }
                }
            }
        }
        self.cur -= quote_size;
        Ok((FSTRING_MIDDLE, Some((start, self.cur))))
    }

    /// CPython's `_PyTokenizer_warn_invalid_escape_sequence`.
    fn invalid_escape(&mut self, c: u8) -> Result<(), TokError<E>> {
        let msg = format!("invalid escape sequence '\\{}'", c as char);
        let lineno = self.lineno;
        if let Some(w) = self.warn.as_mut() {
            if w(&msg, lineno).map_err(TokError::Source)? {
                return Err(self.syntax_error(msg));
            }
        }
        Ok(())
    }

    /// Enters a replacement field (its `{` is next).
    fn open_field(&mut self) -> Result<(), TokError<E>> {
        if let Some(m) = self.modes.last_mut() {
            m.expr_start_depth += 1;
            if m.expr_start_depth >= MAX_EXPR_NESTING {
                return Err(self.syntax_error("f-string: expressions nested too deeply".into()));
            }
            m.regular = true;
        }
        Ok(())
    }
}

/// Tokenizes a whole string (split into lines as `io.StringIO.readline`
/// does), for tests and tools.
pub fn tokenize_str(src: &str) -> Result<Vec<Token>, TokError<()>> {
    let mut lines = src
        .split_inclusive('\n')
        .map(str::to_string)
        .collect::<Vec<_>>()
        .into_iter();
    let mut t = Tokenizer::new(move || Ok(lines.next()));
    let mut out = Vec::new();
    while let Some(tok) = t.next_token()? {
        out.push(tok);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(u8, String)> {
        tokenize_str(src)
            .unwrap()
            .into_iter()
            .map(|t| (t.kind, t.string))
            .collect()
    }

    #[test]
    fn fstring_with_format_spec_and_escaped_braces() {
        let k = kinds("f'a{{b{x!r:>{w}}'\n");
        let strs: Vec<&str> = k.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(
            strs,
            [
                "f'", "a{", "b", "{", "x", "!", "r", ":", ">", "{", "w", "}", "", "}", "'", "\n",
                ""
            ]
        );
        assert_eq!(k[0].0, FSTRING_START);
        assert_eq!(k[1].0, FSTRING_MIDDLE);
    }

    #[test]
    fn positions_of_trailing_tokens_and_implicit_newline() {
        let t = tokenize_str("if x:\n  y").unwrap();
        let last = &t[t.len() - 1];
        assert_eq!(
            (last.kind, last.start, last.end),
            (ENDMARKER, (3, 0), (3, 0))
        );
        let nl = t
            .iter()
            .find(|t| t.kind == NEWLINE && t.start.0 == 2)
            .unwrap();
        assert_eq!((nl.string.as_str(), nl.end), ("", (2, 4)));
        let dedent = &t[t.len() - 2];
        assert_eq!(
            (dedent.kind, dedent.start, dedent.line.as_str()),
            (DEDENT, (3, 0), "")
        );
    }

    #[test]
    fn errors() {
        match tokenize_str("'abc\n") {
            Err(TokError::Syntax {
                msg,
                lineno,
                offset,
                ..
            }) => {
                assert_eq!(
                    (msg.as_str(), lineno, offset),
                    ("unterminated string literal (detected at line 1)", 1, 1)
                )
            }
            r => panic!("{r:?}"),
        }
        assert!(matches!(
            tokenize_str("x = (\n"),
            Err(TokError::Eof {
                lineno: 1,
                offset: 0
            })
        ));
        assert!(matches!(
            tokenize_str("if x:\n    a\n  b\n"),
            Err(TokError::Syntax {
                kind: ErrorKind::Indentation,
                lineno: 3,
                offset: 4,
                ..
            })
        ));
    }

    #[test]
    fn arbitrary_input_ends() {
        // Every prefix of a text full of openers, quotes and escapes ends
        // with a token stream or an error, never a panic or a hang.
        let src =
            "f'{x:{y!r}}' \"\"\"a\\\n{{\r\n\t f\"{'''\n}\" \\\n( ) ] } { 0x_ 1e+ 0o9 é\x01 # c\r";
        for n in 0..src.len() {
            if src.is_char_boundary(n) {
                let _ = tokenize_str(&src[..n]);
                let _ = tokenize_str(&src[n..]);
            }
        }
    }
}
