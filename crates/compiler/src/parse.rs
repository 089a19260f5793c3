//! The one adapter from `ruff_python_parser`'s tree to our CPython-shaped
//! [`crate::ast`], with CPython 3.12.1's positions and parser quirks:
//!
//! - a decorated `def`/`class` starts at its keyword, not at the first
//!   decorator;
//! - a generator expression that is a call's sole argument spans the call's
//!   parentheses;
//! - `*args`/`**kwargs` parameters span the name (and annotation), not the
//!   stars;
//! - `elif` chains become nested `If`s whose end is the end of the chain;
//! - f-string format specs are `JoinedStr`s, adjacent literal parts merge,
//!   and a spec that ends with a replacement field gets CPython 3.12.1's
//!   trailing empty `Constant('')`.
//!
//! Syntax newer than 3.12 (reported by ruff as "unsupported syntax") becomes
//! a `SyntaxError`.

use num_bigint::BigInt;
use ruff_python_ast as r;
use ruff_python_parser::{Mode, ParseOptions};
use ruff_text_size::{Ranged, TextRange};

use crate::ast::*;
use crate::code::{Constant, PyStr};
use crate::error::{CompileError, Result};

/// Deepest expression/statement nesting the adapter accepts.
const MAX_DEPTH: u32 = 1000;

/// Maps byte offsets to CPython's (line, byte column).
struct Lines {
    starts: Vec<u32>,
    /// The line of the last lookup: positions mostly come in source order.
    last: std::cell::Cell<usize>,
}

impl Lines {
    fn new(src: &str) -> Self {
        let mut starts = Vec::with_capacity(src.len() / 32 + 1);
        starts.push(0);
        if memchr::memchr(b'\r', src.as_bytes()).is_none() {
            // The common case, with the library's fast byte search.
            starts.extend(memchr::memchr_iter(b'\n', src.as_bytes()).map(|i| i as u32 + 1));
            return Lines {
                starts,
                last: std::cell::Cell::new(0),
            };
        }
        let b = src.as_bytes();
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\n' => starts.push(i as u32 + 1),
                b'\r' => {
                    if b.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    starts.push(i as u32 + 1);
                }
                _ => {}
            }
            i += 1;
        }
        Lines {
            starts,
            last: std::cell::Cell::new(0),
        }
    }

    fn pos(&self, off: u32) -> (i32, i32) {
        let last = self.last.get();
        let in_line = |l: usize| {
            self.starts[l] <= off && self.starts.get(l + 1).is_none_or(|&next| off < next)
        };
        let line = if in_line(last) {
            last
        } else if last + 1 < self.starts.len() && in_line(last + 1) {
            last + 1
        } else {
            match self.starts.binary_search(&off) {
                Ok(i) => i,
                Err(i) => i - 1,
            }
        };
        self.last.set(line);
        (line as i32 + 1, (off - self.starts[line]) as i32)
    }
}

struct Adapter<'a> {
    src: &'a str,
    lines: Lines,
    depth: u32,
}

/// Parses a module (`exec` mode) into CPython's AST shape.
pub fn parse_module(src: &str) -> Result<Module> {
    parse_module_input(src, true)
}

/// Parses a module, or one interactive statement (`single` mode,
/// `exec_input` false), into CPython's AST shape.
pub fn parse_module_input(src: &str, exec_input: bool) -> Result<Module> {
    let opts = ParseOptions::from(Mode::Module).with_target_version(r::PythonVersion::PY312);
    let parsed = ruff_python_parser::parse_unchecked(src, opts);
    let result = convert(src, &parsed, exec_input);
    // ruff's tree is dropped recursively: give a deep one room (nesting is
    // bounded by the source length; untouched stack pages cost nothing).
    if src.len() > 16 * 1024 {
        let room = (src.len().saturating_mul(512)).clamp(1 << 20, 1 << 30);
        stacker::grow(room, move || drop(parsed));
    } else {
        drop(parsed);
    }
    result
}

/// Parses an expression (`eval` mode) into CPython's AST shape.
pub fn parse_expression(src: &str) -> Result<Expr> {
    let opts = ParseOptions::from(Mode::Expression).with_target_version(r::PythonVersion::PY312);
    let parsed = ruff_python_parser::parse_unchecked(src, opts);
    let lines = Lines::new(src);
    let result = (|| {
        if !parsed.errors().is_empty() {
            return Err(crate::diagnose::syntax_error(src, &parsed, false));
        }
        check_token_limits(&parsed, &lines)?;
        if let Some(e) = parsed.unsupported_syntax_errors().first() {
            return Err(crate::diagnose::unsupported_syntax_error(
                src, &parsed, e, false,
            ));
        }
        let r::Mod::Expression(body) = parsed.syntax() else {
            return Err(CompileError::syntax("expected an expression", 1, 0));
        };
        let mut a = Adapter {
            src,
            lines: Lines::new(src),
            depth: 0,
        };
        a.expr(&body.body)
    })();
    if src.len() > 16 * 1024 {
        let room = (src.len().saturating_mul(512)).clamp(1 << 20, 1 << 30);
        stacker::grow(room, move || drop(parsed));
    } else {
        drop(parsed);
    }
    result
}

fn convert(
    src: &str,
    parsed: &ruff_python_parser::Parsed<r::Mod>,
    exec_input: bool,
) -> Result<Module> {
    let lines = Lines::new(src);
    if !parsed.errors().is_empty() {
        return Err(crate::diagnose::syntax_error(src, parsed, exec_input));
    }
    check_token_limits(parsed, &lines)?;
    if let Some(e) = parsed.unsupported_syntax_errors().first() {
        return Err(crate::diagnose::unsupported_syntax_error(
            src, parsed, e, exec_input,
        ));
    }
    let module = match parsed.syntax() {
        r::Mod::Module(m) => m,
        r::Mod::Expression(_) => return Err(CompileError::syntax("expected a module", 1, 0)),
    };
    let mut a = Adapter {
        src,
        lines,
        depth: 0,
    };
    let body = a.stmts(&module.body)?;
    Ok(Module { body })
}

/// Appends a code point (surrogates included) as generalized UTF-8.
fn push_wtf8(out: &mut Vec<u8>, cp: u32) {
    match cp {
        0..=0x7f => out.push(cp as u8),
        0x80..=0x7ff => {
            out.push(0xc0 | (cp >> 6) as u8);
            out.push(0x80 | (cp & 0x3f) as u8);
        }
        0x800..=0xffff => {
            out.push(0xe0 | (cp >> 12) as u8);
            out.push(0x80 | ((cp >> 6) & 0x3f) as u8);
            out.push(0x80 | (cp & 0x3f) as u8);
        }
        _ => {
            out.push(0xf0 | (cp >> 18) as u8);
            out.push(0x80 | ((cp >> 12) & 0x3f) as u8);
            out.push(0x80 | ((cp >> 6) & 0x3f) as u8);
            out.push(0x80 | (cp & 0x3f) as u8);
        }
    }
}

/// Decodes one (non-f, non-bytes) string literal's source text the way
/// CPython's tokenizer and `_PyUnicode_DecodeUnicodeEscape` do, keeping lone
/// surrogates. `None` for what it does not handle (`\N{...}`).
fn decode_str_literal(text: &str) -> Option<Vec<u8>> {
    let prefix_len = text.find(['\'', '"'])?;
    let raw = text[..prefix_len].contains(['r', 'R']);
    let rest = &text[prefix_len..];
    let q = if rest.starts_with("\"\"\"") || rest.starts_with("\'\'\'") {
        3
    } else {
        1
    };
    if rest.len() < 2 * q {
        return None;
    }
    let body = rest[q..rest.len() - q]
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let mut out = Vec::new();
    if raw {
        out.extend_from_slice(body.as_bytes());
        return Some(out);
    }
    let chars: Vec<char> = body.chars().collect();
    let mut i = 0;
    let hex = |s: &[char]| -> Option<u32> {
        let t: String = s.iter().collect();
        u32::from_str_radix(&t, 16).ok()
    };
    while i < chars.len() {
        let c = chars[i];
        if c != '\\' || i + 1 >= chars.len() {
            push_wtf8(&mut out, c as u32);
            i += 1;
            continue;
        }
        let e = chars[i + 1];
        i += 2;
        match e {
            '\n' => {}
            '\\' => out.push(b'\\'),
            '\'' => out.push(b'\''),
            '"' => out.push(b'"'),
            'a' => out.push(7),
            'b' => out.push(8),
            'f' => out.push(12),
            'n' => out.push(b'\n'),
            'r' => out.push(b'\r'),
            't' => out.push(b'\t'),
            'v' => out.push(11),
            '0'..='7' => {
                let mut v = e as u32 - '0' as u32;
                let mut k = 0;
                while k < 2 && i < chars.len() && ('0'..='7').contains(&chars[i]) {
                    v = v * 8 + (chars[i] as u32 - '0' as u32);
                    i += 1;
                    k += 1;
                }
                push_wtf8(&mut out, v);
            }
            'x' | 'u' | 'U' => {
                let n = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let v = hex(chars.get(i..i + n)?)?;
                if v > 0x10ffff {
                    return None;
                }
                push_wtf8(&mut out, v);
                i += n;
            }
            'N' => return None,
            other => {
                out.push(b'\\');
                push_wtf8(&mut out, other as u32);
            }
        }
    }
    Some(out)
}

/// The tokenizer's limits: 200 nested brackets (`MAXLEVEL`) and 100
/// indentation levels (`MAXINDENT`).
fn check_token_limits(parsed: &ruff_python_parser::Parsed<r::Mod>, lines: &Lines) -> Result<()> {
    use r::token::TokenKind as T;
    let mut level = 0u32;
    let mut indent = 0u32;
    for tok in parsed.tokens().iter() {
        match tok.kind() {
            T::Lpar | T::Lsqb | T::Lbrace => {
                level += 1;
                if level >= 200 {
                    let (l, c) = lines.pos(tok.range().start().to_u32());
                    return Err(CompileError::syntax("too many nested parentheses", l, c));
                }
            }
            T::Rpar | T::Rsqb | T::Rbrace => level = level.saturating_sub(1),
            T::Indent => {
                indent += 1;
                if indent >= 100 {
                    let (l, c) = lines.pos(tok.range().start().to_u32());
                    return Err(CompileError::syntax("too many levels of indentation", l, c));
                }
            }
            T::Dedent => indent = indent.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn conv_op(op: r::Operator) -> Operator {
    use r::Operator as O;
    match op {
        O::Add => Operator::Add,
        O::Sub => Operator::Sub,
        O::Mult => Operator::Mult,
        O::MatMult => Operator::MatMult,
        O::Div => Operator::Div,
        O::Mod => Operator::Mod,
        O::Pow => Operator::Pow,
        O::LShift => Operator::LShift,
        O::RShift => Operator::RShift,
        O::BitOr => Operator::BitOr,
        O::BitXor => Operator::BitXor,
        O::BitAnd => Operator::BitAnd,
        O::FloorDiv => Operator::FloorDiv,
    }
}

fn conv_ctx(c: r::ExprContext) -> Ctx {
    match c {
        r::ExprContext::Store => Ctx::Store,
        r::ExprContext::Del => Ctx::Del,
        _ => Ctx::Load,
    }
}

fn parse_big_int(text: &str) -> Option<BigInt> {
    let t: String = text.chars().filter(|&c| c != '_').collect();
    let lower = t.to_ascii_lowercase();
    let (digits, radix) = if let Some(d) = lower.strip_prefix("0x") {
        (d.to_string(), 16)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (d.to_string(), 8)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (d.to_string(), 2)
    } else {
        (lower, 10)
    };
    BigInt::parse_bytes(digits.as_bytes(), radix)
}

impl<'a> Adapter<'a> {
    fn loc(&self, range: TextRange) -> Loc {
        let (lineno, col) = self.lines.pos(range.start().to_u32());
        let (end_lineno, end_col) = self.lines.pos(range.end().to_u32());
        Loc {
            lineno,
            col,
            end_lineno,
            end_col,
        }
    }

    fn enter(&mut self, range: TextRange) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let (l, c) = self.lines.pos(range.start().to_u32());
            return Err(CompileError::too_deep(l, c));
        }
        Ok(())
    }

    fn unsupported(&self, what: &str, range: TextRange) -> CompileError {
        let (l, c) = self.lines.pos(range.start().to_u32());
        CompileError::syntax(format!("{what} is not Python 3.12 syntax"), l, c)
    }

    /// The offset of the `def`/`async`/`class` keyword after the decorators.
    fn keyword_after(&self, from: u32) -> u32 {
        let b = self.src.as_bytes();
        let mut i = from as usize;
        while i < b.len() {
            match b[i] {
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\\' => i += 1,
                b'#' => {
                    while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                        i += 1;
                    }
                }
                _ => break,
            }
        }
        i as u32
    }

    fn stmts(&mut self, body: &[r::Stmt]) -> Result<Vec<Stmt>> {
        body.iter().map(|s| self.stmt(s)).collect()
    }

    fn exprs(&mut self, v: &[r::Expr]) -> Result<Vec<Expr>> {
        v.iter().map(|e| self.expr(e)).collect()
    }

    fn opt_expr(&mut self, e: Option<&r::Expr>) -> Result<Option<Box<Expr>>> {
        match e {
            Some(e) => Ok(Some(Box::new(self.expr(e)?))),
            None => Ok(None),
        }
    }

    fn bexpr(&mut self, e: &r::Expr) -> Result<Box<Expr>> {
        Ok(Box::new(self.expr(e)?))
    }

    fn decorated_loc(&self, range: TextRange, decorators: &[r::Decorator]) -> Loc {
        let mut loc = self.loc(range);
        if let Some(last) = decorators.last() {
            let k = self.keyword_after(last.range.end().to_u32());
            let (l, c) = self.lines.pos(k);
            loc.lineno = l;
            loc.col = c;
        }
        loc
    }

    fn type_params(&mut self, tp: Option<&r::TypeParams>) -> Result<Vec<TypeParam>> {
        let Some(tp) = tp else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for p in &tp.type_params {
            let (kind, range) = match p {
                r::TypeParam::TypeVar(t) => {
                    if let Some(d) = &t.default {
                        return Err(self.unsupported("a type parameter default", d.range()));
                    }
                    (
                        TypeParamKind::TypeVar {
                            name: t.name.id.to_string(),
                            bound: self.opt_expr(t.bound.as_deref())?,
                        },
                        t.range,
                    )
                }
                r::TypeParam::ParamSpec(t) => {
                    if let Some(d) = &t.default {
                        return Err(self.unsupported("a type parameter default", d.range()));
                    }
                    (
                        TypeParamKind::ParamSpec {
                            name: t.name.id.to_string(),
                        },
                        t.range,
                    )
                }
                r::TypeParam::TypeVarTuple(t) => {
                    if let Some(d) = &t.default {
                        return Err(self.unsupported("a type parameter default", d.range()));
                    }
                    (
                        TypeParamKind::TypeVarTuple {
                            name: t.name.id.to_string(),
                        },
                        t.range,
                    )
                }
            };
            out.push(TypeParam {
                kind,
                loc: self.loc(range),
            });
        }
        Ok(out)
    }

    fn arg(&mut self, p: &r::Parameter) -> Result<Arg> {
        // CPython's `arg` spans the name and the annotation, never the stars.
        let end = match &p.annotation {
            Some(a) => a.range().end(),
            None => p.name.range.end(),
        };
        Ok(Arg {
            name: p.name.id.to_string(),
            annotation: self.opt_expr(p.annotation.as_deref())?,
            loc: self.loc(TextRange::new(p.name.range.start(), end)),
        })
    }

    fn arguments(&mut self, p: Option<&r::Parameters>) -> Result<Arguments> {
        let mut out = Arguments::default();
        let Some(p) = p else {
            return Ok(out);
        };
        for a in p.posonlyargs.iter().chain(p.args.iter()) {
            if let Some(d) = &a.default {
                out.defaults.push(self.expr(d)?);
            }
        }
        for a in &p.posonlyargs {
            out.posonlyargs.push(self.arg(&a.parameter)?);
        }
        for a in &p.args {
            out.args.push(self.arg(&a.parameter)?);
        }
        if let Some(v) = &p.vararg {
            out.vararg = Some(self.arg(v)?);
        }
        for a in &p.kwonlyargs {
            out.kwonlyargs.push(self.arg(&a.parameter)?);
            out.kw_defaults.push(match &a.default {
                Some(d) => Some(self.expr(d)?),
                None => None,
            });
        }
        if let Some(k) = &p.kwarg {
            out.kwarg = Some(self.arg(k)?);
        }
        Ok(out)
    }

    fn keywords(&mut self, kws: &[r::Keyword]) -> Result<Vec<Keyword>> {
        kws.iter()
            .map(|k| {
                Ok(Keyword {
                    arg: k.arg.as_ref().map(|a| a.id.to_string()),
                    value: self.expr(&k.value)?,
                    loc: self.loc(k.range),
                })
            })
            .collect()
    }

    fn alias(&self, a: &r::Alias) -> Alias {
        Alias {
            name: a.name.id.to_string(),
            asname: a.asname.as_ref().map(|n| n.id.to_string()),
            loc: self.loc(a.range),
        }
    }

    fn stmt(&mut self, s: &r::Stmt) -> Result<Stmt> {
        self.enter(s.range())?;
        let r = crate::grow(|| self.stmt_inner(s));
        self.depth -= 1;
        r
    }

    fn stmt_inner(&mut self, s: &r::Stmt) -> Result<Stmt> {
        let mut loc = self.loc(s.range());
        let kind = match s {
            r::Stmt::FunctionDef(f) => {
                loc = self.decorated_loc(f.range, &f.decorator_list);
                let decorator_list = f
                    .decorator_list
                    .iter()
                    .map(|d| self.expr(&d.expression))
                    .collect::<Result<_>>()?;
                StmtKind::FunctionDef {
                    name: f.name.id.to_string(),
                    type_params: self.type_params(f.type_params.as_deref())?,
                    args: Box::new(self.arguments(Some(&f.parameters))?),
                    returns: self.opt_expr(f.returns.as_deref())?,
                    body: self.stmts(&f.body)?,
                    decorator_list,
                    is_async: f.is_async,
                }
            }
            r::Stmt::ClassDef(c) => {
                loc = self.decorated_loc(c.range, &c.decorator_list);
                let decorator_list = c
                    .decorator_list
                    .iter()
                    .map(|d| self.expr(&d.expression))
                    .collect::<Result<_>>()?;
                let (bases, keywords) = match &c.arguments {
                    Some(a) => (self.exprs(&a.args)?, self.keywords(&a.keywords)?),
                    None => (Vec::new(), Vec::new()),
                };
                StmtKind::ClassDef {
                    name: c.name.id.to_string(),
                    type_params: self.type_params(c.type_params.as_deref())?,
                    bases,
                    keywords,
                    body: self.stmts(&c.body)?,
                    decorator_list,
                }
            }
            r::Stmt::Return(x) => StmtKind::Return(self.opt_expr(x.value.as_deref())?),
            r::Stmt::Delete(x) => StmtKind::Delete(self.exprs(&x.targets)?),
            r::Stmt::TypeAlias(x) => StmtKind::TypeAlias {
                name: self.bexpr(&x.name)?,
                type_params: self.type_params(x.type_params.as_deref())?,
                value: self.bexpr(&x.value)?,
            },
            r::Stmt::Assign(x) => StmtKind::Assign {
                targets: self.exprs(&x.targets)?,
                value: self.bexpr(&x.value)?,
            },
            r::Stmt::AugAssign(x) => StmtKind::AugAssign {
                target: self.bexpr(&x.target)?,
                op: conv_op(x.op),
                value: self.bexpr(&x.value)?,
            },
            r::Stmt::AnnAssign(x) => StmtKind::AnnAssign {
                target: self.bexpr(&x.target)?,
                annotation: self.bexpr(&x.annotation)?,
                value: self.opt_expr(x.value.as_deref())?,
                simple: x.simple,
            },
            r::Stmt::For(x) => StmtKind::For {
                target: self.bexpr(&x.target)?,
                iter: self.bexpr(&x.iter)?,
                body: self.stmts(&x.body)?,
                orelse: self.stmts(&x.orelse)?,
                is_async: x.is_async,
            },
            r::Stmt::While(x) => StmtKind::While {
                test: self.bexpr(&x.test)?,
                body: self.stmts(&x.body)?,
                orelse: self.stmts(&x.orelse)?,
            },
            r::Stmt::If(x) => {
                let test = self.bexpr(&x.test)?;
                let body = self.stmts(&x.body)?;
                let orelse = self.elif_chain(&x.elif_else_clauses)?;
                StmtKind::If { test, body, orelse }
            }
            r::Stmt::With(x) => {
                let mut items = Vec::new();
                for it in &x.items {
                    items.push(WithItem {
                        context_expr: self.expr(&it.context_expr)?,
                        optional_vars: match &it.optional_vars {
                            Some(v) => Some(self.expr(v)?),
                            None => None,
                        },
                    });
                }
                StmtKind::With {
                    items,
                    body: self.stmts(&x.body)?,
                    is_async: x.is_async,
                }
            }
            r::Stmt::Match(x) => {
                let subject = self.bexpr(&x.subject)?;
                let mut cases = Vec::new();
                for c in &x.cases {
                    cases.push(MatchCase {
                        pattern: self.pattern(&c.pattern)?,
                        guard: match &c.guard {
                            Some(g) => Some(self.expr(g)?),
                            None => None,
                        },
                        body: self.stmts(&c.body)?,
                    });
                }
                StmtKind::Match { subject, cases }
            }
            r::Stmt::Raise(x) => StmtKind::Raise {
                exc: self.opt_expr(x.exc.as_deref())?,
                cause: self.opt_expr(x.cause.as_deref())?,
            },
            r::Stmt::Try(x) => {
                let mut handlers = Vec::new();
                for h in &x.handlers {
                    let r::ExceptHandler::ExceptHandler(h) = h;
                    handlers.push(ExceptHandler {
                        typ: match &h.type_ {
                            Some(t) => Some(self.expr(t)?),
                            None => None,
                        },
                        name: h.name.as_ref().map(|n| n.id.to_string()),
                        body: self.stmts(&h.body)?,
                        loc: self.loc(h.range),
                    });
                }
                StmtKind::Try {
                    body: self.stmts(&x.body)?,
                    handlers,
                    orelse: self.stmts(&x.orelse)?,
                    finalbody: self.stmts(&x.finalbody)?,
                    is_star: x.is_star,
                }
            }
            r::Stmt::Assert(x) => StmtKind::Assert {
                test: self.bexpr(&x.test)?,
                msg: self.opt_expr(x.msg.as_deref())?,
            },
            r::Stmt::Import(x) => {
                if x.is_lazy {
                    return Err(self.unsupported("a lazy import", x.range));
                }
                StmtKind::Import(x.names.iter().map(|a| self.alias(a)).collect())
            }
            r::Stmt::ImportFrom(x) => {
                if x.is_lazy {
                    return Err(self.unsupported("a lazy import", x.range));
                }
                StmtKind::ImportFrom {
                    module: x.module.as_ref().map(|m| m.id.to_string()),
                    names: x.names.iter().map(|a| self.alias(a)).collect(),
                    level: x.level,
                }
            }
            r::Stmt::Global(x) => {
                StmtKind::Global(x.names.iter().map(|n| n.id.to_string()).collect())
            }
            r::Stmt::Nonlocal(x) => {
                StmtKind::Nonlocal(x.names.iter().map(|n| n.id.to_string()).collect())
            }
            r::Stmt::Expr(x) => StmtKind::Expr(self.bexpr(&x.value)?),
            r::Stmt::Pass(_) => StmtKind::Pass,
            r::Stmt::Break(_) => StmtKind::Break,
            r::Stmt::Continue(_) => StmtKind::Continue,
            r::Stmt::IpyEscapeCommand(x) => {
                return Err(self.unsupported("an IPython escape command", x.range))
            }
        };
        if matches!(
            kind,
            StmtKind::FunctionDef { .. }
                | StmtKind::ClassDef { .. }
                | StmtKind::If { .. }
                | StmtKind::For { .. }
                | StmtKind::While { .. }
                | StmtKind::With { .. }
                | StmtKind::Try { .. }
                | StmtKind::Match { .. }
        ) {
            // CPython's block ends after a trailing `;` of its last line.
            self.extend_over_semicolon(&mut loc, s.range().end().to_u32());
        }
        Ok(Stmt { kind, loc })
    }

    fn extend_over_semicolon(&self, loc: &mut Loc, end: u32) {
        let b = self.src.as_bytes();
        let mut i = end as usize;
        while i < b.len() && (b[i] == b' ' || b[i] == b'\t' || b[i] == b'\x0c') {
            i += 1;
        }
        if b.get(i) == Some(&b';') {
            let (l, c) = self.lines.pos(i as u32 + 1);
            loc.end_lineno = l;
            loc.end_col = c;
        }
    }

    fn elif_chain(&mut self, clauses: &[r::ElifElseClause]) -> Result<Vec<Stmt>> {
        let Some((first, rest)) = clauses.split_first() else {
            return Ok(Vec::new());
        };
        match &first.test {
            None => self.stmts(&first.body),
            Some(test) => {
                let end = clauses.last().map_or(first.range.end(), |c| c.range.end());
                let mut loc = self.loc(TextRange::new(first.range.start(), end));
                self.extend_over_semicolon(&mut loc, end.to_u32());
                let test = self.bexpr(test)?;
                let body = self.stmts(&first.body)?;
                let orelse = self.elif_chain(rest)?;
                Ok(vec![Stmt {
                    kind: StmtKind::If { test, body, orelse },
                    loc,
                }])
            }
        }
    }

    fn pattern(&mut self, p: &r::Pattern) -> Result<Pattern> {
        crate::grow(|| self.pattern_body(p))
    }

    fn pattern_body(&mut self, p: &r::Pattern) -> Result<Pattern> {
        self.enter(p.range())?;
        let loc = self.loc(p.range());
        let kind = match p {
            r::Pattern::MatchValue(v) => PatternKind::MatchValue(self.bexpr(&v.value)?),
            r::Pattern::MatchSingleton(s) => PatternKind::MatchSingleton(match s.value {
                r::Singleton::None => Constant::None,
                r::Singleton::True => Constant::Bool(true),
                r::Singleton::False => Constant::Bool(false),
            }),
            r::Pattern::MatchSequence(s) => PatternKind::MatchSequence(
                s.patterns
                    .iter()
                    .map(|p| self.pattern(p))
                    .collect::<Result<_>>()?,
            ),
            r::Pattern::MatchMapping(m) => PatternKind::MatchMapping {
                keys: self.exprs(&m.keys)?,
                patterns: m
                    .patterns
                    .iter()
                    .map(|p| self.pattern(p))
                    .collect::<Result<_>>()?,
                rest: m.rest.as_ref().map(|n| n.id.to_string()),
            },
            r::Pattern::MatchClass(c) => PatternKind::MatchClass {
                cls: self.bexpr(&c.cls)?,
                patterns: c
                    .arguments
                    .patterns
                    .iter()
                    .map(|p| self.pattern(p))
                    .collect::<Result<_>>()?,
                kwd_attrs: c
                    .arguments
                    .keywords
                    .iter()
                    .map(|k| k.attr.id.to_string())
                    .collect(),
                kwd_patterns: c
                    .arguments
                    .keywords
                    .iter()
                    .map(|k| self.pattern(&k.pattern))
                    .collect::<Result<_>>()?,
            },
            r::Pattern::MatchStar(s) => {
                PatternKind::MatchStar(s.name.as_ref().map(|n| n.id.to_string()))
            }
            r::Pattern::MatchAs(a) => PatternKind::MatchAs {
                pattern: match &a.pattern {
                    Some(p) => Some(Box::new(self.pattern(p)?)),
                    None => None,
                },
                name: a.name.as_ref().map(|n| n.id.to_string()),
            },
            r::Pattern::MatchOr(o) => PatternKind::MatchOr(
                o.patterns
                    .iter()
                    .map(|p| self.pattern(p))
                    .collect::<Result<_>>()?,
            ),
        };
        self.depth -= 1;
        Ok(Pattern { kind, loc })
    }

    fn comprehensions(&mut self, gens: &[r::Comprehension]) -> Result<Vec<Comprehension>> {
        gens.iter()
            .map(|g| {
                Ok(Comprehension {
                    target: self.expr(&g.target)?,
                    iter: self.expr(&g.iter)?,
                    ifs: self.exprs(&g.ifs)?,
                    is_async: g.is_async,
                })
            })
            .collect()
    }

    fn expr(&mut self, e: &r::Expr) -> Result<Expr> {
        self.enter(e.range())?;
        let r = crate::grow(|| self.expr_inner(e, None));
        self.depth -= 1;
        r
    }

    fn str_constant(&self, value: &str, range: TextRange) -> Result<Constant> {
        // ruff replaces lone surrogates (`"\ud800"`) with U+FFFD; decode
        // such literals from the source ourselves.
        if value.contains('\u{FFFD}') {
            let text = &self.src[range.start().to_usize()..range.end().to_usize()];
            return match decode_str_literal(text) {
                Some(b) => Ok(Constant::Str(PyStr::from_wtf8(b))),
                None => {
                    let (l, _) = self.lines.pos(range.start().to_u32());
                    Err(CompileError::unsupported(
                        "a string literal with U+FFFD or a lone surrogate and a \\N{...} escape",
                        l,
                    ))
                }
            };
        }
        Ok(Constant::Str(PyStr::new(value)))
    }

    fn string_value(&self, x: &r::ExprStringLiteral) -> Result<Constant> {
        let whole = x.value.to_str();
        if !whole.contains('\u{FFFD}') {
            return Ok(Constant::Str(PyStr::new(whole)));
        }
        let mut bytes = Vec::new();
        for part in x.value.iter() {
            if let Constant::Str(p) = self.str_constant(&part.value, part.range)? {
                bytes.extend_from_slice(p.as_bytes());
            }
        }
        Ok(Constant::Str(PyStr::from_wtf8(bytes)))
    }

    fn expr_inner(&mut self, e: &r::Expr, _hint: Option<()>) -> Result<Expr> {
        let loc = self.loc(e.range());
        let kind = match e {
            r::Expr::BoolOp(x) => ExprKind::BoolOp {
                is_and: matches!(x.op, r::BoolOp::And),
                values: self.exprs(&x.values)?,
            },
            r::Expr::Named(x) => ExprKind::NamedExpr {
                target: self.bexpr(&x.target)?,
                value: self.bexpr(&x.value)?,
            },
            r::Expr::BinOp(x) => ExprKind::BinOp {
                left: self.bexpr(&x.left)?,
                op: conv_op(x.op),
                right: self.bexpr(&x.right)?,
            },
            r::Expr::UnaryOp(x) => ExprKind::UnaryOp {
                op: match x.op {
                    r::UnaryOp::Invert => UnaryOp::Invert,
                    r::UnaryOp::Not => UnaryOp::Not,
                    r::UnaryOp::UAdd => UnaryOp::UAdd,
                    r::UnaryOp::USub => UnaryOp::USub,
                },
                operand: self.bexpr(&x.operand)?,
            },
            r::Expr::Lambda(x) => ExprKind::Lambda {
                args: Box::new(self.arguments(x.parameters.as_deref())?),
                body: self.bexpr(&x.body)?,
            },
            r::Expr::If(x) => ExprKind::IfExp {
                test: self.bexpr(&x.test)?,
                body: self.bexpr(&x.body)?,
                orelse: self.bexpr(&x.orelse)?,
            },
            r::Expr::Dict(x) => {
                let mut keys = Vec::new();
                let mut values = Vec::new();
                for it in &x.items {
                    keys.push(match &it.key {
                        Some(k) => Some(self.expr(k)?),
                        None => None,
                    });
                    values.push(self.expr(&it.value)?);
                }
                ExprKind::Dict { keys, values }
            }
            r::Expr::Set(x) => ExprKind::Set(self.exprs(&x.elts)?),
            r::Expr::ListComp(x) => ExprKind::ListComp {
                elt: self.bexpr(&x.elt)?,
                generators: self.comprehensions(&x.generators)?,
            },
            r::Expr::SetComp(x) => ExprKind::SetComp {
                elt: self.bexpr(&x.elt)?,
                generators: self.comprehensions(&x.generators)?,
            },
            r::Expr::DictComp(x) => ExprKind::DictComp {
                key: match &x.key {
                    Some(k) => self.bexpr(k)?,
                    None => return Err(self.unsupported("a dict comprehension unpacking", x.range)),
                },
                value: self.bexpr(&x.value)?,
                generators: self.comprehensions(&x.generators)?,
            },
            r::Expr::Generator(x) => ExprKind::GeneratorExp {
                elt: self.bexpr(&x.elt)?,
                generators: self.comprehensions(&x.generators)?,
            },
            r::Expr::Await(x) => ExprKind::Await(self.bexpr(&x.value)?),
            r::Expr::Yield(x) => ExprKind::Yield(self.opt_expr(x.value.as_deref())?),
            r::Expr::YieldFrom(x) => ExprKind::YieldFrom(self.bexpr(&x.value)?),
            r::Expr::Compare(x) => ExprKind::Compare {
                left: self.bexpr(&x.left)?,
                ops: x
                    .ops
                    .iter()
                    .map(|o| match o {
                        r::CmpOp::Eq => CmpOp::Eq,
                        r::CmpOp::NotEq => CmpOp::NotEq,
                        r::CmpOp::Lt => CmpOp::Lt,
                        r::CmpOp::LtE => CmpOp::LtE,
                        r::CmpOp::Gt => CmpOp::Gt,
                        r::CmpOp::GtE => CmpOp::GtE,
                        r::CmpOp::Is => CmpOp::Is,
                        r::CmpOp::IsNot => CmpOp::IsNot,
                        r::CmpOp::In => CmpOp::In,
                        r::CmpOp::NotIn => CmpOp::NotIn,
                    })
                    .collect(),
                comparators: self.exprs(&x.comparators)?,
            },
            r::Expr::Call(x) => {
                let func = self.bexpr(&x.func)?;
                let mut args = Vec::new();
                let sole_genexp = x.arguments.args.len() == 1 && x.arguments.keywords.is_empty();
                for a in x.arguments.args.iter() {
                    let mut conv = self.expr(a)?;
                    if let r::Expr::Generator(g) = a {
                        if sole_genexp && !g.parenthesized {
                            // CPython's genexp argument spans the call's parentheses.
                            conv.loc = self.loc(x.arguments.range);
                        }
                    }
                    args.push(conv);
                }
                ExprKind::Call {
                    func,
                    args,
                    keywords: self.keywords(&x.arguments.keywords)?,
                }
            }
            r::Expr::FString(x) => {
                let mut parts = Vec::new();
                for part in x.value.iter() {
                    match part {
                        r::FStringPart::Literal(l) => {
                            self.push_literal(&mut parts, &l.value, l.range)?;
                        }
                        r::FStringPart::FString(f) => {
                            self.fstring_elements(&mut parts, &f.elements, loc)?;
                        }
                    }
                }
                ExprKind::JoinedStr(parts)
            }
            r::Expr::TString(x) => return Err(self.unsupported("a template string", x.range)),
            r::Expr::StringLiteral(x) => ExprKind::Constant(self.string_value(x)?),
            r::Expr::BytesLiteral(x) => {
                let mut v = Vec::new();
                for p in x.value.iter() {
                    v.extend_from_slice(&p.value);
                }
                ExprKind::Constant(Constant::Bytes(v))
            }
            r::Expr::NumberLiteral(x) => ExprKind::Constant(match &x.value {
                r::Number::Int(i) => {
                    let text = i.to_string();
                    match parse_big_int(&text) {
                        Some(v) => Constant::Int(v),
                        None => {
                            return Err(CompileError::syntax(
                                format!("invalid integer literal {text}"),
                                loc.lineno,
                                loc.col,
                            ))
                        }
                    }
                }
                r::Number::Float(f) => Constant::Float(*f),
                r::Number::Complex { real, imag } => Constant::Complex {
                    re: *real,
                    im: *imag,
                },
            }),
            r::Expr::BooleanLiteral(x) => ExprKind::Constant(Constant::Bool(x.value)),
            r::Expr::NoneLiteral(_) => ExprKind::Constant(Constant::None),
            r::Expr::EllipsisLiteral(_) => ExprKind::Constant(Constant::Ellipsis),
            r::Expr::Attribute(x) => ExprKind::Attribute {
                value: self.bexpr(&x.value)?,
                attr: x.attr.id.to_string(),
                ctx: conv_ctx(x.ctx),
            },
            r::Expr::Subscript(x) => ExprKind::Subscript {
                value: self.bexpr(&x.value)?,
                slice: self.bexpr(&x.slice)?,
                ctx: conv_ctx(x.ctx),
            },
            r::Expr::Starred(x) => ExprKind::Starred {
                value: self.bexpr(&x.value)?,
                ctx: conv_ctx(x.ctx),
            },
            r::Expr::Name(x) => ExprKind::Name {
                id: x.id.to_string(),
                ctx: conv_ctx(x.ctx),
            },
            r::Expr::List(x) => ExprKind::List {
                elts: self.exprs(&x.elts)?,
                ctx: conv_ctx(x.ctx),
            },
            r::Expr::Tuple(x) => ExprKind::Tuple {
                elts: self.exprs(&x.elts)?,
                ctx: conv_ctx(x.ctx),
            },
            r::Expr::Slice(x) => ExprKind::Slice {
                lower: self.opt_expr(x.lower.as_deref())?,
                upper: self.opt_expr(x.upper.as_deref())?,
                step: self.opt_expr(x.step.as_deref())?,
            },
            r::Expr::IpyEscapeCommand(x) => {
                return Err(self.unsupported("an IPython escape command", x.range))
            }
        };
        Ok(Expr { kind, loc })
    }

    /// Appends a literal piece to a `JoinedStr`, merging it into a preceding
    /// literal as CPython's parser does.
    fn push_literal(&self, parts: &mut Vec<Expr>, value: &str, range: TextRange) -> Result<()> {
        if value.is_empty() {
            return Ok(());
        }
        let loc = self.loc(range);
        if let Some(Expr {
            kind: ExprKind::Constant(Constant::Str(prev)),
            loc: prev_loc,
        }) = parts.last_mut()
        {
            let mut b = prev.as_bytes().to_vec();
            b.extend_from_slice(value.as_bytes());
            *prev = PyStr::from_wtf8(b);
            prev_loc.end_lineno = loc.end_lineno;
            prev_loc.end_col = loc.end_col;
            return Ok(());
        }
        let c = self.str_constant(value, range)?;
        parts.push(Expr {
            kind: ExprKind::Constant(c),
            loc,
        });
        Ok(())
    }

    fn fstring_elements(
        &mut self,
        parts: &mut Vec<Expr>,
        elements: &r::InterpolatedStringElements,
        _outer: Loc,
    ) -> Result<()> {
        for el in elements.iter() {
            match el {
                r::InterpolatedStringElement::Literal(l) => {
                    self.push_literal(parts, &l.value, l.range)?;
                }
                r::InterpolatedStringElement::Interpolation(i) => {
                    if let Some(debug) = &i.debug_text {
                        // `f"{x=}"`: the expression's text is a literal piece.
                        let lit = debug.as_str().to_string();
                        // The debug text spans from after `{` to after `=`.
                        let start = i.range.start() + ruff_text_size::TextSize::from(1);
                        let end = start + ruff_text_size::TextSize::from(lit.len() as u32);
                        self.push_literal(parts, &lit, TextRange::new(start, end))?;
                    }
                    let value = self.bexpr(&i.expression)?;
                    let mut conversion = match i.conversion {
                        r::ConversionFlag::None => -1,
                        r::ConversionFlag::Str => b's' as i32,
                        r::ConversionFlag::Ascii => b'a' as i32,
                        r::ConversionFlag::Repr => b'r' as i32,
                    };
                    if i.debug_text.is_some() && conversion == -1 && i.format_spec.is_none() {
                        conversion = b'r' as i32;
                    }
                    let format_spec = match &i.format_spec {
                        Some(spec) => {
                            let mut sp = Vec::new();
                            // CPython's spec starts at the ':'.
                            let mut start = spec.range.start().to_u32();
                            if start > 0
                                && self.src.as_bytes().get(start as usize - 1) == Some(&b':')
                            {
                                start -= 1;
                            }
                            let spec_loc = self.loc(TextRange::new(start.into(), spec.range.end()));
                            self.fstring_elements(&mut sp, &spec.elements, spec_loc)?;
                            // 3.12.1's parser ends a spec that ends with a
                            // replacement field with an empty constant.
                            if matches!(
                                sp.last().map(|e| &e.kind),
                                Some(ExprKind::FormattedValue { .. })
                            ) {
                                sp.push(Expr {
                                    kind: ExprKind::Constant(Constant::Str(PyStr::new(""))),
                                    loc: Loc {
                                        lineno: spec_loc.end_lineno,
                                        col: spec_loc.end_col,
                                        end_lineno: spec_loc.end_lineno,
                                        end_col: spec_loc.end_col,
                                    },
                                });
                            }
                            Some(Box::new(Expr {
                                kind: ExprKind::JoinedStr(sp),
                                loc: spec_loc,
                            }))
                        }
                        None => None,
                    };
                    parts.push(Expr {
                        kind: ExprKind::FormattedValue {
                            value,
                            conversion,
                            format_spec,
                        },
                        loc: self.loc(i.range),
                    });
                }
            }
        }
        Ok(())
    }
}

/// The anchors CPython 3.12's traceback printer finds in the source
/// segment of a failing instruction (`extract_anchors_from_line`): for a
/// segment that parses as one expression statement, a binary operation
/// gives the operator's byte range, a subscript the `[...]` range; `None`
/// for anything else (then the whole segment is marked with `^`). The
/// flag says whether the range is marked apart (`~` outside, `^` inside):
/// CPython keeps anchors it did not mark when the scan of a binary
/// operation ends on a `)`.
pub fn caret_anchors(segment: &str) -> Option<(usize, usize, bool)> {
    let module = parse_module(segment).ok()?;
    let [stmt] = &module.body[..] else {
        return None;
    };
    let StmtKind::Expr(e) = &stmt.kind else {
        return None;
    };
    let s = segment.as_bytes();
    let ws = |c: u8| c == b' ' || c == b'\t' || c == 0x0c;
    match &e.kind {
        ExprKind::BinOp { left, right, .. } => {
            let (from, to) = (left.loc.end_col as usize, right.loc.col as usize);
            let mut found = None;
            let mut i = from;
            while i < to.min(s.len()) {
                if ws(s[i]) {
                    i += 1;
                    continue;
                }
                let mut r = i + 1;
                if i + 1 < to && !ws(s[i + 1]) {
                    r += 1;
                }
                found = Some((i, r, false));
                if i + 1 < to && s[i] == b')' {
                    i += 1;
                    continue;
                }
                found = Some((i, r, true));
                break;
            }
            found
        }
        ExprKind::Subscript { value, slice, .. } => {
            let n = s.len();
            let mut l = value.loc.end_col as usize;
            let mut r = slice.loc.end_col as usize + 1;
            while l < n && (ws(s[l]) || s[l] != b'[') {
                l += 1;
            }
            while r < n && (ws(s[r]) || s[r] != b']') {
                r += 1;
            }
            if r < n {
                r += 1;
            }
            Some((l, r, true))
        }
        _ => None,
    }
}
