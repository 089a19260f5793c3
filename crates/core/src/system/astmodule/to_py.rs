//! The compiler's tree as `ast` node objects (CPython's `ast2obj_*`): each
//! node is an instance of its table class with its field values set in
//! `_fields` order, then its positions; the field-less constructors of
//! the simple sums (`Load`, `Add`, ...) are the shared singletons.

use super::{state, State};
use crate::objects::object::*;
use crate::objects::{list, long, unicode};
use crate::protocols::abstract_;
use crate::runtime::err::PyResult;
use crate::runtime::lifecycle;
use ophis_compiler::ast::*;
use ophis_compiler::{Constant, Mode, Parsed};

/// The converter: the classes, and the source (for `Constant.kind`).
struct Conv<'a> {
    st: &'static State,
    src: &'a [u8],
    line_starts: Vec<usize>,
}

/// `None`.
fn none() -> Owned {
    // SAFETY: None is live for the runtime's life.
    unsafe { Owned::from_borrowed(lifecycle::none()) }
}

/// An `int`.
fn int(v: i64) -> PyResult<Owned> {
    long::from_i64(v)
}

/// An identifier (interned, as CPython's parser makes them).
fn ident(s: &str) -> PyResult<Owned> {
    unicode::intern(s)
}

/// An optional identifier.
fn opt_ident(s: &Option<Ident>) -> PyResult<Owned> {
    match s {
        Some(s) => ident(s),
        None => Ok(none()),
    }
}

/// A constant value.
pub(super) fn constant(c: &Constant) -> PyResult<Owned> {
    // SAFETY: the singletons are live for the runtime's life.
    let borrowed = |p: *mut PyObject| unsafe { Owned::from_borrowed(p) };
    match c {
        Constant::None => Ok(none()),
        Constant::Ellipsis => Ok(borrowed(lifecycle::ellipsis())),
        Constant::Bool(b) => Ok(long::bool_from(*b)),
        Constant::Int(i) => long::from_bigint(i.clone()),
        Constant::Float(f) => crate::objects::float::from_f64(*f),
        Constant::Complex { re, im } => crate::objects::complexobject::from_doubles(*re, *im),
        Constant::Str(s) => unicode::from_wtf8(s.as_bytes()),
        Constant::Bytes(b) => crate::objects::bytes::from_bytes(b),
        Constant::Tuple(items) => {
            let items = items
                .iter()
                .map(constant)
                .collect::<PyResult<Vec<Owned>>>()?;
            let ptrs: Vec<*mut PyObject> = items.iter().map(Owned::as_ptr).collect();
            crate::objects::tuple::new_from(&ptrs)
        }
        Constant::FrozenSet(items) => {
            let items = items
                .iter()
                .map(constant)
                .collect::<PyResult<Vec<Owned>>>()?;
            let ptrs: Vec<*mut PyObject> = items.iter().map(Owned::as_ptr).collect();
            // SAFETY: a fresh tuple.
            unsafe {
                crate::objects::setobject::new_frozen(
                    crate::objects::tuple::new_from(&ptrs)?.as_ptr(),
                )
            }
        }
        Constant::Code(_) => Err(crate::runtime::err::system_error(
            "a code object cannot be in an AST",
        )),
    }
}

impl Conv<'_> {
    /// A node of class `class` with its field values in table order and,
    /// for classes with positions, `loc`.
    fn node(&self, class: &str, vals: Vec<Owned>, loc: Option<&Loc>) -> PyResult<Owned> {
        let i = self.st.by_name[class];
        if let Some(s) = self.st.singletons.get(&i) {
            return Ok(s.clone());
        }
        // SAFETY: a live class and live values.
        unsafe {
            let obj = crate::protocols::call::call_args(self.st.classes[i].as_ptr(), &[])?;
            let fields = &self.st.fields[i];
            debug_assert_eq!(fields.len(), vals.len(), "{class}");
            for (f, v) in fields.iter().zip(&vals) {
                abstract_::setattr(obj.as_ptr(), self.st.name(f.name), v.as_ptr())?;
            }
            if let Some(l) = loc {
                for (k, v) in [
                    ("lineno", l.lineno),
                    ("col_offset", l.col),
                    ("end_lineno", l.end_lineno),
                    ("end_col_offset", l.end_col),
                ] {
                    let v = int(v as i64)?;
                    abstract_::setattr(obj.as_ptr(), self.st.name(k), v.as_ptr())?;
                }
            }
            Ok(obj)
        }
    }

    /// A singleton of a field-less class.
    fn simple(&self, class: &str) -> PyResult<Owned> {
        self.node(class, Vec::new(), None)
    }

    fn list<T>(&self, items: &[T], f: impl Fn(&Self, &T) -> PyResult<Owned>) -> PyResult<Owned> {
        let v = items
            .iter()
            .map(|x| f(self, x))
            .collect::<PyResult<Vec<Owned>>>()?;
        list::from_owned(v)
    }

    fn stmts(&self, body: &[Stmt]) -> PyResult<Owned> {
        self.list(body, |c, s| c.stmt(s))
    }

    fn exprs(&self, items: &[Expr]) -> PyResult<Owned> {
        self.list(items, |c, e| c.expr(e))
    }

    fn opt_expr(&self, e: Option<&Expr>) -> PyResult<Owned> {
        match e {
            Some(e) => self.expr(e),
            None => Ok(none()),
        }
    }

    fn ctx(&self, c: Ctx) -> PyResult<Owned> {
        self.simple(match c {
            Ctx::Load => "Load",
            Ctx::Store => "Store",
            Ctx::Del => "Del",
        })
    }

    fn operator(&self, op: Operator) -> PyResult<Owned> {
        use Operator::*;
        self.simple(match op {
            Add => "Add",
            Sub => "Sub",
            Mult => "Mult",
            MatMult => "MatMult",
            Div => "Div",
            Mod => "Mod",
            Pow => "Pow",
            LShift => "LShift",
            RShift => "RShift",
            BitOr => "BitOr",
            BitXor => "BitXor",
            BitAnd => "BitAnd",
            FloorDiv => "FloorDiv",
        })
    }

    fn cmpop(&self, op: &CmpOp) -> PyResult<Owned> {
        use CmpOp::*;
        self.simple(match op {
            Eq => "Eq",
            NotEq => "NotEq",
            Lt => "Lt",
            LtE => "LtE",
            Gt => "Gt",
            GtE => "GtE",
            Is => "Is",
            IsNot => "IsNot",
            In => "In",
            NotIn => "NotIn",
        })
    }

    fn arg(&self, a: &Arg) -> PyResult<Owned> {
        let ann = self.opt_expr(a.annotation.as_deref())?;
        self.node("arg", vec![ident(&a.name)?, ann, none()], Some(&a.loc))
    }

    fn opt_arg(&self, a: &Option<Arg>) -> PyResult<Owned> {
        match a {
            Some(a) => self.arg(a),
            None => Ok(none()),
        }
    }

    fn arguments(&self, a: &Arguments) -> PyResult<Owned> {
        let kw_defaults = self.list(&a.kw_defaults, |c, d| c.opt_expr(d.as_ref()))?;
        self.node(
            "arguments",
            vec![
                self.list(&a.posonlyargs, |c, x| c.arg(x))?,
                self.list(&a.args, |c, x| c.arg(x))?,
                self.opt_arg(&a.vararg)?,
                self.list(&a.kwonlyargs, |c, x| c.arg(x))?,
                kw_defaults,
                self.opt_arg(&a.kwarg)?,
                self.exprs(&a.defaults)?,
            ],
            None,
        )
    }

    fn keyword(&self, k: &Keyword) -> PyResult<Owned> {
        self.node(
            "keyword",
            vec![opt_ident(&k.arg)?, self.expr(&k.value)?],
            Some(&k.loc),
        )
    }

    fn alias(&self, a: &Alias) -> PyResult<Owned> {
        self.node(
            "alias",
            vec![ident(&a.name)?, opt_ident(&a.asname)?],
            Some(&a.loc),
        )
    }

    fn type_param(&self, t: &TypeParam) -> PyResult<Owned> {
        match &t.kind {
            TypeParamKind::TypeVar { name, bound } => self.node(
                "TypeVar",
                vec![ident(name)?, self.opt_expr(bound.as_deref())?],
                Some(&t.loc),
            ),
            TypeParamKind::ParamSpec { name } => {
                self.node("ParamSpec", vec![ident(name)?], Some(&t.loc))
            }
            TypeParamKind::TypeVarTuple { name } => {
                self.node("TypeVarTuple", vec![ident(name)?], Some(&t.loc))
            }
        }
    }

    fn type_params(&self, t: &[TypeParam]) -> PyResult<Owned> {
        self.list(t, |c, x| c.type_param(x))
    }

    fn comprehensions(&self, g: &[Comprehension]) -> PyResult<Owned> {
        self.list(g, |c, x| {
            c.node(
                "comprehension",
                vec![
                    c.expr(&x.target)?,
                    c.expr(&x.iter)?,
                    c.exprs(&x.ifs)?,
                    int(x.is_async as i64)?,
                ],
                None,
            )
        })
    }

    fn pattern(&self, p: &Pattern) -> PyResult<Owned> {
        let l = Some(&p.loc);
        let pats = |v: &[Pattern]| self.list(v, |c, x| c.pattern(x));
        match &p.kind {
            PatternKind::MatchValue(e) => self.node("MatchValue", vec![self.expr(e)?], l),
            PatternKind::MatchSingleton(c) => self.node("MatchSingleton", vec![constant(c)?], l),
            PatternKind::MatchSequence(v) => self.node("MatchSequence", vec![pats(v)?], l),
            PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            } => self.node(
                "MatchMapping",
                vec![self.exprs(keys)?, pats(patterns)?, opt_ident(rest)?],
                l,
            ),
            PatternKind::MatchClass {
                cls,
                patterns,
                kwd_attrs,
                kwd_patterns,
            } => self.node(
                "MatchClass",
                vec![
                    self.expr(cls)?,
                    pats(patterns)?,
                    self.list(kwd_attrs, |_, a| ident(a))?,
                    pats(kwd_patterns)?,
                ],
                l,
            ),
            PatternKind::MatchStar(n) => self.node("MatchStar", vec![opt_ident(n)?], l),
            PatternKind::MatchAs { pattern, name } => {
                let p = match pattern {
                    Some(p) => self.pattern(p)?,
                    None => none(),
                };
                self.node("MatchAs", vec![p, opt_ident(name)?], l)
            }
            PatternKind::MatchOr(v) => self.node("MatchOr", vec![pats(v)?], l),
        }
    }

    /// `kind` of a `Constant`: `'u'` when the string token it starts at
    /// has a lower-case `u` prefix (CPython's parser looks at the first
    /// token of the node), else None. A literal piece of an f-string
    /// starts inside its token (after a quote or a `}`), never at a `u`
    /// prefix.
    fn constant_kind(&self, c: &Constant, loc: &Loc) -> PyResult<Owned> {
        if let Constant::Str(_) = c {
            let line = (loc.lineno as usize).wrapping_sub(1);
            if let Some(&start) = self.line_starts.get(line) {
                let at = start + loc.col as usize;
                let prefixed = self.src.get(at) == Some(&b'u')
                    && matches!(self.src.get(at + 1), Some(b'\'' | b'"'));
                let inside = at > 0 && {
                    let b = self.src[at - 1];
                    matches!(b, b'\'' | b'"' | b'}' | b'_') || b.is_ascii_alphanumeric()
                };
                if prefixed && !inside {
                    return unicode::from_str("u");
                }
            }
        }
        Ok(none())
    }

    fn expr(&self, e: &Expr) -> PyResult<Owned> {
        ophis_compiler_grow(|| self.expr_inner(e))
    }

    fn expr_inner(&self, e: &Expr) -> PyResult<Owned> {
        let l = Some(&e.loc);
        match &e.kind {
            ExprKind::BoolOp { is_and, values } => self.node(
                "BoolOp",
                vec![
                    self.simple(if *is_and { "And" } else { "Or" })?,
                    self.exprs(values)?,
                ],
                l,
            ),
            ExprKind::NamedExpr { target, value } => {
                self.node("NamedExpr", vec![self.expr(target)?, self.expr(value)?], l)
            }
            ExprKind::BinOp { left, op, right } => self.node(
                "BinOp",
                vec![self.expr(left)?, self.operator(*op)?, self.expr(right)?],
                l,
            ),
            ExprKind::UnaryOp { op, operand } => {
                let op = self.simple(match op {
                    UnaryOp::Invert => "Invert",
                    UnaryOp::Not => "Not",
                    UnaryOp::UAdd => "UAdd",
                    UnaryOp::USub => "USub",
                })?;
                self.node("UnaryOp", vec![op, self.expr(operand)?], l)
            }
            ExprKind::Lambda { args, body } => {
                self.node("Lambda", vec![self.arguments(args)?, self.expr(body)?], l)
            }
            ExprKind::IfExp { test, body, orelse } => self.node(
                "IfExp",
                vec![self.expr(test)?, self.expr(body)?, self.expr(orelse)?],
                l,
            ),
            ExprKind::Dict { keys, values } => self.node(
                "Dict",
                vec![
                    self.list(keys, |c, k| c.opt_expr(k.as_ref()))?,
                    self.exprs(values)?,
                ],
                l,
            ),
            ExprKind::Set(v) => self.node("Set", vec![self.exprs(v)?], l),
            ExprKind::ListComp { elt, generators } => self.node(
                "ListComp",
                vec![self.expr(elt)?, self.comprehensions(generators)?],
                l,
            ),
            ExprKind::SetComp { elt, generators } => self.node(
                "SetComp",
                vec![self.expr(elt)?, self.comprehensions(generators)?],
                l,
            ),
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.node(
                "DictComp",
                vec![
                    self.expr(key)?,
                    self.expr(value)?,
                    self.comprehensions(generators)?,
                ],
                l,
            ),
            ExprKind::GeneratorExp { elt, generators } => self.node(
                "GeneratorExp",
                vec![self.expr(elt)?, self.comprehensions(generators)?],
                l,
            ),
            ExprKind::Await(v) => self.node("Await", vec![self.expr(v)?], l),
            ExprKind::Yield(v) => self.node("Yield", vec![self.opt_expr(v.as_deref())?], l),
            ExprKind::YieldFrom(v) => self.node("YieldFrom", vec![self.expr(v)?], l),
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => self.node(
                "Compare",
                vec![
                    self.expr(left)?,
                    self.list(ops, |c, o| c.cmpop(o))?,
                    self.exprs(comparators)?,
                ],
                l,
            ),
            ExprKind::Call {
                func,
                args,
                keywords,
            } => self.node(
                "Call",
                vec![
                    self.expr(func)?,
                    self.exprs(args)?,
                    self.list(keywords, |c, k| c.keyword(k))?,
                ],
                l,
            ),
            ExprKind::FormattedValue {
                value,
                conversion,
                format_spec,
            } => self.node(
                "FormattedValue",
                vec![
                    self.expr(value)?,
                    int(*conversion as i64)?,
                    self.opt_expr(format_spec.as_deref())?,
                ],
                l,
            ),
            ExprKind::JoinedStr(values) => {
                let v = self.exprs(values)?;
                self.node("JoinedStr", vec![v], l)
            }
            ExprKind::Constant(c) => {
                let kind = self.constant_kind(c, &e.loc)?;
                self.node("Constant", vec![constant(c)?, kind], l)
            }
            ExprKind::Attribute { value, attr, ctx } => self.node(
                "Attribute",
                vec![self.expr(value)?, ident(attr)?, self.ctx(*ctx)?],
                l,
            ),
            ExprKind::Subscript { value, slice, ctx } => self.node(
                "Subscript",
                vec![self.expr(value)?, self.expr(slice)?, self.ctx(*ctx)?],
                l,
            ),
            ExprKind::Starred { value, ctx } => {
                self.node("Starred", vec![self.expr(value)?, self.ctx(*ctx)?], l)
            }
            ExprKind::Name { id, ctx } => self.node("Name", vec![ident(id)?, self.ctx(*ctx)?], l),
            ExprKind::List { elts, ctx } => {
                self.node("List", vec![self.exprs(elts)?, self.ctx(*ctx)?], l)
            }
            ExprKind::Tuple { elts, ctx } => {
                self.node("Tuple", vec![self.exprs(elts)?, self.ctx(*ctx)?], l)
            }
            ExprKind::Slice { lower, upper, step } => self.node(
                "Slice",
                vec![
                    self.opt_expr(lower.as_deref())?,
                    self.opt_expr(upper.as_deref())?,
                    self.opt_expr(step.as_deref())?,
                ],
                l,
            ),
        }
    }

    fn stmt(&self, s: &Stmt) -> PyResult<Owned> {
        ophis_compiler_grow(|| self.stmt_inner(s))
    }

    fn stmt_inner(&self, s: &Stmt) -> PyResult<Owned> {
        let l = Some(&s.loc);
        match &s.kind {
            StmtKind::FunctionDef {
                name,
                args,
                body,
                decorator_list,
                returns,
                type_params,
                is_async,
            } => self.node(
                if *is_async {
                    "AsyncFunctionDef"
                } else {
                    "FunctionDef"
                },
                vec![
                    ident(name)?,
                    self.arguments(args)?,
                    self.stmts(body)?,
                    self.exprs(decorator_list)?,
                    self.opt_expr(returns.as_deref())?,
                    none(),
                    self.type_params(type_params)?,
                ],
                l,
            ),
            StmtKind::ClassDef {
                name,
                bases,
                keywords,
                body,
                decorator_list,
                type_params,
            } => self.node(
                "ClassDef",
                vec![
                    ident(name)?,
                    self.exprs(bases)?,
                    self.list(keywords, |c, k| c.keyword(k))?,
                    self.stmts(body)?,
                    self.exprs(decorator_list)?,
                    self.type_params(type_params)?,
                ],
                l,
            ),
            StmtKind::Return(v) => self.node("Return", vec![self.opt_expr(v.as_deref())?], l),
            StmtKind::Delete(v) => self.node("Delete", vec![self.exprs(v)?], l),
            StmtKind::Assign { targets, value } => self.node(
                "Assign",
                vec![self.exprs(targets)?, self.expr(value)?, none()],
                l,
            ),
            StmtKind::TypeAlias {
                name,
                type_params,
                value,
            } => self.node(
                "TypeAlias",
                vec![
                    self.expr(name)?,
                    self.type_params(type_params)?,
                    self.expr(value)?,
                ],
                l,
            ),
            StmtKind::AugAssign { target, op, value } => self.node(
                "AugAssign",
                vec![self.expr(target)?, self.operator(*op)?, self.expr(value)?],
                l,
            ),
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => self.node(
                "AnnAssign",
                vec![
                    self.expr(target)?,
                    self.expr(annotation)?,
                    self.opt_expr(value.as_deref())?,
                    int(*simple as i64)?,
                ],
                l,
            ),
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                is_async,
            } => self.node(
                if *is_async { "AsyncFor" } else { "For" },
                vec![
                    self.expr(target)?,
                    self.expr(iter)?,
                    self.stmts(body)?,
                    self.stmts(orelse)?,
                    none(),
                ],
                l,
            ),
            StmtKind::While { test, body, orelse } => self.node(
                "While",
                vec![self.expr(test)?, self.stmts(body)?, self.stmts(orelse)?],
                l,
            ),
            StmtKind::If { test, body, orelse } => self.node(
                "If",
                vec![self.expr(test)?, self.stmts(body)?, self.stmts(orelse)?],
                l,
            ),
            StmtKind::With {
                items,
                body,
                is_async,
            } => {
                let items = self.list(items, |c, w| {
                    let vars = c.opt_expr(w.optional_vars.as_ref())?;
                    c.node("withitem", vec![c.expr(&w.context_expr)?, vars], None)
                })?;
                self.node(
                    if *is_async { "AsyncWith" } else { "With" },
                    vec![items, self.stmts(body)?, none()],
                    l,
                )
            }
            StmtKind::Match { subject, cases } => {
                let cases = self.list(cases, |c, m| {
                    c.node(
                        "match_case",
                        vec![
                            c.pattern(&m.pattern)?,
                            c.opt_expr(m.guard.as_ref())?,
                            c.stmts(&m.body)?,
                        ],
                        None,
                    )
                })?;
                self.node("Match", vec![self.expr(subject)?, cases], l)
            }
            StmtKind::Raise { exc, cause } => self.node(
                "Raise",
                vec![
                    self.opt_expr(exc.as_deref())?,
                    self.opt_expr(cause.as_deref())?,
                ],
                l,
            ),
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
                is_star,
            } => {
                let handlers = self.list(handlers, |c, h| {
                    c.node(
                        "ExceptHandler",
                        vec![
                            c.opt_expr(h.typ.as_ref())?,
                            opt_ident(&h.name)?,
                            c.stmts(&h.body)?,
                        ],
                        Some(&h.loc),
                    )
                })?;
                self.node(
                    if *is_star { "TryStar" } else { "Try" },
                    vec![
                        self.stmts(body)?,
                        handlers,
                        self.stmts(orelse)?,
                        self.stmts(finalbody)?,
                    ],
                    l,
                )
            }
            StmtKind::Assert { test, msg } => self.node(
                "Assert",
                vec![self.expr(test)?, self.opt_expr(msg.as_deref())?],
                l,
            ),
            StmtKind::Import(names) => {
                self.node("Import", vec![self.list(names, |c, a| c.alias(a))?], l)
            }
            StmtKind::ImportFrom {
                module,
                names,
                level,
            } => self.node(
                "ImportFrom",
                vec![
                    opt_ident(module)?,
                    self.list(names, |c, a| c.alias(a))?,
                    int(*level as i64)?,
                ],
                l,
            ),
            StmtKind::Global(n) => self.node("Global", vec![self.list(n, |_, x| ident(x))?], l),
            StmtKind::Nonlocal(n) => self.node("Nonlocal", vec![self.list(n, |_, x| ident(x))?], l),
            StmtKind::Expr(v) => self.node("Expr", vec![self.expr(v)?], l),
            StmtKind::Pass => self.node("Pass", vec![], l),
            StmtKind::Break => self.node("Break", vec![], l),
            StmtKind::Continue => self.node("Continue", vec![], l),
        }
    }
}

/// Runs `f` with room on the stack for deep trees.
fn ophis_compiler_grow<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(256 * 1024, 4 * 1024 * 1024, f)
}

/// The tree of `compile(src, filename, mode, PyCF_ONLY_AST)`: a `Module`,
/// `Interactive` or `Expression` node. `src` is the text parsed.
pub fn to_object(parsed: &Parsed, mode: Mode, src: &str) -> PyResult<Owned> {
    let mut line_starts = vec![0];
    for (i, b) in src.bytes().enumerate() {
        if b == b'\n' {
            line_starts.push(i + 1);
        }
    }
    let c = Conv {
        st: state()?,
        src: src.as_bytes(),
        line_starts,
    };
    match parsed {
        Parsed::Expression(e) => c.node("Expression", vec![c.expr(e)?], None),
        Parsed::Module(m) if mode == Mode::Single => {
            c.node("Interactive", vec![c.stmts(&m.body)?], None)
        }
        Parsed::Module(m) => c.node(
            "Module",
            vec![c.stmts(&m.body)?, list::from_owned(Vec::new())?],
            None,
        ),
    }
}
