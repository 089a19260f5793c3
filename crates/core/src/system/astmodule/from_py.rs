//! `ast` node objects back into the compiler's tree (CPython's `obj2ast_*`,
//! its node constructors' checks, and the checks of its AST validator that
//! keep Ophis's compiler on trees it can compile). A sum-type node's
//! positions are read first, then its class is found among the
//! constructors, then its fields in order; product types (`arguments`,
//! `keyword`, ...) are read from any object, as CPython 3.12 reads them. A
//! required field that is None raises once its node's fields are converted
//! (as CPython's node constructors do); the validator's errors are raised
//! after the whole tree is converted, the first one found. Messages are
//! CPython 3.12.1's: `TypeError: required field "lineno" missing from
//! stmt`, `expected some sort of expr, but got ...`, `Module field "body"
//! must be a list, not a int`, `ValueError: expression must have Store
//! context but has Load instead`, `empty body on FunctionDef`, ...

use super::table::{Role, CLASSES};
use super::{state, State};
use crate::objects::exceptions::Exc;
use crate::objects::object::*;
use crate::objects::{bytes, list, long, typeobj, unicode};
use crate::protocols::abstract_;
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use ophis_compiler::ast::*;
use ophis_compiler::{Constant, Mode, Parsed, PyStr};
use std::cell::RefCell;

struct Conv {
    st: &'static State,
    /// The first error the validator (or CPython's compiler, for what
    /// Ophis's compiler must not see) would report: raised once the whole tree is
    /// converted, as CPython validates after converting.
    invalid: RefCell<Option<(Exc, String)>>,
    /// A required field of the node being converted that is None: CPython's
    /// node constructor raises it once the node's fields are converted.
    required: RefCell<Option<String>>,
}

fn type_error(msg: String) -> err::Raised {
    err::type_error(&msg)
}

fn value_error(msg: String) -> err::Raised {
    err::value_error(&msg)
}

/// Runs `f` with room on the stack for deep trees.
fn grow<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(256 * 1024, 4 * 1024 * 1024, f)
}

/// The name of a context.
fn ctx_name(c: Ctx) -> &'static str {
    match c {
        Ctx::Load => "Load",
        Ctx::Store => "Store",
        Ctx::Del => "Del",
    }
}

/// A stand-in for a missing required expression (the tree is refused).
fn placeholder() -> Expr {
    Expr {
        kind: ExprKind::Constant(Constant::None),
        loc: Loc::default(),
    }
}

impl Conv {
    /// Converts one node with `f`, raising a required field found None
    /// once its fields are converted (as CPython's node constructors do).
    fn node<T>(&self, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
        let outer = self.required.take();
        let r = f();
        let mine = self.required.replace(outer);
        let v = r?;
        match mine {
            Some(msg) => Err(value_error(msg)),
            None => Ok(v),
        }
    }

    /// Records a validator error (the first one wins).
    fn invalid(&self, msg: String) {
        self.invalid
            .borrow_mut()
            .get_or_insert((Exc::ValueError, msg));
    }

    /// Records an error of another type.
    fn invalid_as(&self, exc: Exc, msg: String) {
        self.invalid.borrow_mut().get_or_insert((exc, msg));
    }

    /// The checks of CPython's validator on a statement's shape that
    /// conversion does not make (empty lists, missing handlers, ...).
    fn check_stmt(&self, k: &str, kind: &StmtKind) {
        match kind {
            StmtKind::Delete(t) if t.is_empty() => self.invalid("empty targets on Delete".into()),
            StmtKind::With { items, .. } if items.is_empty() => {
                self.invalid(format!("empty items on {k}"))
            }
            StmtKind::Match { cases, .. } => {
                if cases.is_empty() {
                    self.invalid("empty cases on Match".into());
                }
                for c in cases {
                    self.check_pattern(&c.pattern, false);
                }
            }
            StmtKind::Raise {
                exc: None,
                cause: Some(_),
            } => self.invalid("Raise with cause but no exception".into()),
            StmtKind::Try {
                handlers,
                orelse,
                finalbody,
                ..
            } => {
                if handlers.is_empty() && finalbody.is_empty() {
                    self.invalid(format!("{k} has neither except handlers nor finalbody"));
                }
                if handlers.is_empty() && !orelse.is_empty() {
                    self.invalid(format!("{k} has orelse but no except handlers"));
                }
            }
            StmtKind::Import(n) if n.is_empty() => self.invalid(format!("empty names on {k}")),
            StmtKind::ImportFrom { names, .. } if names.is_empty() => {
                self.invalid(format!("empty names on {k}"))
            }
            StmtKind::Global(n) | StmtKind::Nonlocal(n) if n.is_empty() => {
                self.invalid(format!("empty names on {k}"))
            }
            StmtKind::AnnAssign { target, simple, .. } => {
                let name = matches!(target.kind, ExprKind::Name { .. });
                if *simple && !name {
                    self.invalid("AnnAssign with simple non-Name target".into());
                }
                if !name
                    && !matches!(
                        target.kind,
                        ExprKind::Attribute { .. } | ExprKind::Subscript { .. }
                    )
                {
                    // CPython's compiler refuses it, naming the node's kind.
                    self.invalid_as(
                        Exc::SystemError,
                        format!(
                            "invalid node type ({}) for annotated assignment",
                            expr_kind_number(&target.kind)
                        ),
                    );
                }
            }
            _ => {}
        }
    }

    /// CPython's `validate_pattern`: where a star may stand, what a value
    /// pattern may match, the arities.
    fn check_pattern(&self, p: &Pattern, star_ok: bool) {
        match &p.kind {
            PatternKind::MatchValue(e) => {
                let ok = match &e.kind {
                    ExprKind::Constant(c) => {
                        if !matches!(
                            c,
                            Constant::Int(_)
                                | Constant::Float(_)
                                | Constant::Bytes(_)
                                | Constant::Complex { .. }
                                | Constant::Str(_)
                        ) {
                            self.invalid("unexpected constant inside of a literal pattern".into());
                        }
                        true
                    }
                    ExprKind::Attribute { .. } | ExprKind::JoinedStr(_) => true,
                    ExprKind::UnaryOp { op, .. } => *op == UnaryOp::USub,
                    ExprKind::BinOp { op, .. } => matches!(op, Operator::Add | Operator::Sub),
                    _ => false,
                };
                if !ok {
                    self.invalid("patterns may only match literals and attribute lookups".into());
                }
            }
            PatternKind::MatchSingleton(c) => {
                if !matches!(c, Constant::None | Constant::Bool(_)) {
                    self.invalid("MatchSingleton can only contain True, False and None".into());
                }
            }
            PatternKind::MatchSequence(v) => {
                for x in v {
                    self.check_pattern(x, true);
                }
            }
            PatternKind::MatchMapping { keys, patterns, .. } => {
                if keys.len() != patterns.len() {
                    self.invalid(
                        "MatchMapping doesn't have the same number of keys as patterns".into(),
                    );
                }
                for x in patterns {
                    self.check_pattern(x, false);
                }
            }
            PatternKind::MatchClass {
                cls,
                patterns,
                kwd_attrs,
                kwd_patterns,
            } => {
                let mut c = &cls.kind;
                while let ExprKind::Attribute { value, .. } = c {
                    c = &value.kind;
                }
                if !matches!(c, ExprKind::Name { .. }) {
                    self.invalid(
                        "MatchClass cls field can only contain Name or Attribute nodes.".into(),
                    );
                }
                if kwd_attrs.len() != kwd_patterns.len() {
                    self.invalid(
                        "MatchClass doesn't have the same number of keyword attributes as patterns"
                            .into(),
                    );
                }
                for x in patterns.iter().chain(kwd_patterns) {
                    self.check_pattern(x, false);
                }
            }
            PatternKind::MatchStar(_) => {
                if !star_ok {
                    self.invalid("can't use MatchStar here".into());
                }
            }
            PatternKind::MatchAs { pattern, name } => {
                if let Some(x) = pattern {
                    if name.is_none() {
                        self.invalid(
                            "MatchAs must specify a target name if a pattern is given".into(),
                        );
                    }
                    self.check_pattern(x, false);
                }
            }
            PatternKind::MatchOr(v) => {
                if v.len() < 2 {
                    self.invalid("MatchOr requires at least 2 patterns".into());
                }
                for x in v {
                    self.check_pattern(x, false);
                }
            }
        }
    }

    /// Records a validator `TypeError`.
    fn invalid_type(&self, msg: String) {
        self.invalid
            .borrow_mut()
            .get_or_insert((Exc::TypeError, msg));
    }

    /// A constant, recording the validator's `TypeError` for a value no
    /// constant can hold.
    fn constant(&self, obj: *mut PyObject) -> PyResult<Constant> {
        Ok(constant(obj)?.unwrap_or_else(|t| {
            self.invalid_type(format!("got an invalid type in Constant: {t}"));
            Constant::None
        }))
    }

    /// `obj.name`, or None when missing.
    fn lookup(&self, obj: *mut PyObject, name: &str) -> PyResult<Option<Owned>> {
        // SAFETY: a live object and an interned name.
        unsafe { abstract_::lookup_attr(obj, self.st.name(name)) }
    }

    /// A required field: missing raises CPython's `TypeError`.
    fn req(&self, obj: *mut PyObject, name: &str, owner: &str) -> PyResult<Owned> {
        self.lookup(obj, name)?
            .ok_or_else(|| type_error(format!("required field \"{name}\" missing from {owner}")))
    }

    /// An optional field: missing or None is `None`.
    fn opt(&self, obj: *mut PyObject, name: &str) -> PyResult<Option<Owned>> {
        Ok(self
            .lookup(obj, name)?
            .filter(|v| v.as_ptr() != lifecycle::none()))
    }

    /// A list field: missing is empty, anything but a list raises.
    fn seq(&self, obj: *mut PyObject, name: &str, owner: &str) -> PyResult<Vec<Owned>> {
        let Some(v) = self.lookup(obj, name)? else {
            return Ok(Vec::new());
        };
        // SAFETY: a live object.
        unsafe {
            if !list::check(v.as_ptr()) {
                return Err(type_error(format!(
                    "{owner} field \"{name}\" must be a list, not a {}",
                    typeobj::type_name_of(v.as_ptr())
                )));
            }
            Ok(list::to_vec(v.as_ptr()))
        }
    }

    fn seq_map<T>(
        &self,
        obj: *mut PyObject,
        name: &str,
        owner: &str,
        f: impl Fn(&Self, *mut PyObject) -> PyResult<T>,
    ) -> PyResult<Vec<T>> {
        self.seq(obj, name, owner)?
            .iter()
            .map(|x| f(self, x.as_ptr()))
            .collect()
    }

    /// A required expression field (None is refused as the validator does).
    fn expr_field(&self, obj: *mut PyObject, name: &str, owner: &str, ctx: Ctx) -> PyResult<Expr> {
        let v = self.req(obj, name, owner)?;
        if v.as_ptr() == lifecycle::none() {
            self.required
                .borrow_mut()
                .get_or_insert(format!("field '{name}' is required for {owner}"));
            return Ok(placeholder());
        }
        self.expr(v.as_ptr(), ctx)
    }

    fn opt_expr_field(&self, obj: *mut PyObject, name: &str) -> PyResult<Option<Box<Expr>>> {
        match self.opt(obj, name)? {
            Some(v) => Ok(Some(Box::new(self.expr(v.as_ptr(), Ctx::Load)?))),
            None => Ok(None),
        }
    }

    fn exprs(&self, obj: *mut PyObject, name: &str, owner: &str, ctx: Ctx) -> PyResult<Vec<Expr>> {
        self.seq_map(obj, name, owner, |c, x| c.expr(x, ctx))
    }

    fn stmts(&self, obj: *mut PyObject, name: &str, owner: &str) -> PyResult<Vec<Stmt>> {
        self.seq_map(obj, name, owner, |c, x| c.stmt(x))
    }

    /// A statement list the validator requires non-empty.
    fn body(&self, obj: *mut PyObject, name: &str, owner: &str) -> PyResult<Vec<Stmt>> {
        let b = self.stmts(obj, name, owner)?;
        if b.is_empty() {
            self.invalid(format!("empty {name} on {owner}"));
        }
        Ok(b)
    }

    fn ident_field(&self, obj: *mut PyObject, name: &str, owner: &str) -> PyResult<Ident> {
        let v = self.req(obj, name, owner)?;
        if v.as_ptr() == lifecycle::none() {
            self.required
                .borrow_mut()
                .get_or_insert(format!("field '{name}' is required for {owner}"));
            return Ok(String::new());
        }
        ident(v.as_ptr())
    }

    /// An optional string field (`type_comment`): checked, not kept.
    fn type_comment(&self, obj: *mut PyObject) -> PyResult<()> {
        if let Some(v) = self.opt(obj, "type_comment")? {
            string(v.as_ptr())?;
        }
        Ok(())
    }

    fn opt_ident_field(&self, obj: *mut PyObject, name: &str) -> PyResult<Option<Ident>> {
        match self.opt(obj, name)? {
            Some(v) => Ok(Some(ident(v.as_ptr())?)),
            None => Ok(None),
        }
    }

    fn int_field(&self, obj: *mut PyObject, name: &str, owner: &str) -> PyResult<i64> {
        let v = self.req(obj, name, owner)?;
        int(v.as_ptr())
    }

    /// The positions of a node whose type has `_attributes`.
    fn loc(&self, obj: *mut PyObject, owner: &str) -> PyResult<Loc> {
        self.loc_checked(
            obj,
            owner,
            matches!(owner, "stmt" | "expr" | "pattern" | "type_param" | "arg"),
        )
    }

    /// [`Conv::loc`], with the validator's position checks when `check`
    /// (CPython checks statements, expressions, patterns, type parameters
    /// and parameters other than `*args`/`**kwargs`).
    fn loc_checked(&self, obj: *mut PyObject, owner: &str, check: bool) -> PyResult<Loc> {
        let lineno = self.int_field(obj, "lineno", owner)? as i32;
        let col = self.int_field(obj, "col_offset", owner)? as i32;
        let (end_lineno, end_col) = if super::table::end_required(owner) {
            (
                self.int_field(obj, "end_lineno", owner)? as i32,
                self.int_field(obj, "end_col_offset", owner)? as i32,
            )
        } else {
            let end_lineno = match self.opt(obj, "end_lineno")? {
                Some(v) => int(v.as_ptr())? as i32,
                None => lineno,
            };
            let end_col = match self.opt(obj, "end_col_offset")? {
                Some(v) => int(v.as_ptr())? as i32,
                None => col,
            };
            (end_lineno, end_col)
        };
        if check {
            if lineno > end_lineno {
                self.invalid(format!(
                    "AST node line range ({lineno}, {end_lineno}) is not valid"
                ));
            } else if (lineno < 0 && end_lineno != lineno) || (col < 0 && col != end_col) {
                self.invalid(format!(
                    "AST node column range ({col}, {end_col}) for line range ({lineno}, {end_lineno}) is not valid"
                ));
            } else if lineno == end_lineno && col > end_col {
                self.invalid(format!(
                    "line {lineno}, column {col}-{end_col} is not a valid range"
                ));
            }
        }
        Ok(Loc {
            lineno,
            col,
            end_lineno,
            end_col,
        })
    }

    /// The constructor of sum type `sum` that `obj` is an instance of.
    fn which(&self, obj: *mut PyObject, sum: &'static str) -> PyResult<&'static str> {
        for (i, c) in CLASSES.iter().enumerate() {
            if c.role == Role::Cons(sum) {
                // SAFETY: live objects.
                if unsafe { abstract_::is_instance(obj, self.st.classes[i].as_ptr())? } {
                    return Ok(c.name);
                }
            }
        }
        // SAFETY: a live object.
        let r = unsafe { abstract_::repr_string(obj)? };
        Err(type_error(format!(
            "expected some sort of {sum}, but got {r}"
        )))
    }

    /// Whether `obj` is an instance of the table class `name`.
    fn is(&self, obj: *mut PyObject, name: &str) -> PyResult<bool> {
        // SAFETY: live objects.
        unsafe { abstract_::is_instance(obj, self.st.class(name)) }
    }

    fn ctx(&self, obj: *mut PyObject, owner: &str, expected: Ctx) -> PyResult<Ctx> {
        let v = self.req(obj, "ctx", owner)?;
        let c = match self.which(v.as_ptr(), "expr_context")? {
            "Load" => Ctx::Load,
            "Store" => Ctx::Store,
            _ => Ctx::Del,
        };
        if c != expected {
            self.invalid(format!(
                "expression must have {} context but has {} instead",
                ctx_name(expected),
                ctx_name(c)
            ));
        }
        Ok(c)
    }

    fn operator(&self, obj: *mut PyObject, owner: &str) -> PyResult<Operator> {
        let v = self.req(obj, "op", owner)?;
        use Operator::*;
        Ok(match self.which(v.as_ptr(), "operator")? {
            "Add" => Add,
            "Sub" => Sub,
            "Mult" => Mult,
            "MatMult" => MatMult,
            "Div" => Div,
            "Mod" => Mod,
            "Pow" => Pow,
            "LShift" => LShift,
            "RShift" => RShift,
            "BitOr" => BitOr,
            "BitXor" => BitXor,
            "BitAnd" => BitAnd,
            _ => FloorDiv,
        })
    }

    fn cmpop(&self, obj: *mut PyObject) -> PyResult<CmpOp> {
        use CmpOp::*;
        Ok(match self.which(obj, "cmpop")? {
            "Eq" => Eq,
            "NotEq" => NotEq,
            "Lt" => Lt,
            "LtE" => LtE,
            "Gt" => Gt,
            "GtE" => GtE,
            "Is" => Is,
            "IsNot" => IsNot,
            "In" => In,
            _ => NotIn,
        })
    }

    fn arg(&self, obj: *mut PyObject, check: bool) -> PyResult<Arg> {
        self.node(|| self.arg_inner(obj, check))
    }

    fn arg_inner(&self, obj: *mut PyObject, check: bool) -> PyResult<Arg> {
        let name = self.ident_field(obj, "arg", "arg")?;
        let annotation = self.opt_expr_field(obj, "annotation")?;
        self.type_comment(obj)?;
        let loc = self.loc_checked(obj, "arg", check)?;
        Ok(Arg {
            name,
            annotation,
            loc,
        })
    }

    fn opt_arg(&self, obj: *mut PyObject, name: &str) -> PyResult<Option<Arg>> {
        match self.opt(obj, name)? {
            Some(v) => Ok(Some(self.arg(v.as_ptr(), false)?)),
            None => Ok(None),
        }
    }

    fn arguments(&self, obj: *mut PyObject) -> PyResult<Arguments> {
        let o = "arguments";
        let a = Arguments {
            posonlyargs: self.seq_map(obj, "posonlyargs", o, |c, x| c.arg(x, true))?,
            args: self.seq_map(obj, "args", o, |c, x| c.arg(x, true))?,
            vararg: self.opt_arg(obj, "vararg")?,
            kwonlyargs: self.seq_map(obj, "kwonlyargs", o, |c, x| c.arg(x, true))?,
            kw_defaults: self.seq_map(obj, "kw_defaults", o, |c, x| {
                if x == lifecycle::none() {
                    Ok(None)
                } else {
                    Ok(Some(c.expr(x, Ctx::Load)?))
                }
            })?,
            kwarg: self.opt_arg(obj, "kwarg")?,
            defaults: self.exprs(obj, "defaults", o, Ctx::Load)?,
        };
        if a.defaults.len() > a.posonlyargs.len() + a.args.len() {
            self.invalid("more positional defaults than args on arguments".to_string());
        }
        if a.kw_defaults.len() != a.kwonlyargs.len() {
            self.invalid(
                "length of kwonlyargs is not the same as kw_defaults on arguments".to_string(),
            );
        }
        Ok(a)
    }

    fn arguments_field(&self, obj: *mut PyObject, owner: &str) -> PyResult<Box<Arguments>> {
        let v = self.req(obj, "args", owner)?;
        Ok(Box::new(self.arguments(v.as_ptr())?))
    }

    fn keyword(&self, obj: *mut PyObject) -> PyResult<Keyword> {
        self.node(|| self.keyword_inner(obj))
    }

    fn keyword_inner(&self, obj: *mut PyObject) -> PyResult<Keyword> {
        let arg = self.opt_ident_field(obj, "arg")?;
        let value = self.expr_field(obj, "value", "keyword", Ctx::Load)?;
        let loc = self.loc(obj, "keyword")?;
        Ok(Keyword { arg, value, loc })
    }

    fn alias(&self, obj: *mut PyObject) -> PyResult<Alias> {
        self.node(|| self.alias_inner(obj))
    }

    fn alias_inner(&self, obj: *mut PyObject) -> PyResult<Alias> {
        let name = self.ident_field(obj, "name", "alias")?;
        let asname = self.opt_ident_field(obj, "asname")?;
        let loc = self.loc(obj, "alias")?;
        Ok(Alias { name, asname, loc })
    }

    fn comprehension(&self, obj: *mut PyObject) -> PyResult<Comprehension> {
        self.node(|| self.comprehension_inner(obj))
    }

    fn comprehension_inner(&self, obj: *mut PyObject) -> PyResult<Comprehension> {
        let o = "comprehension";
        Ok(Comprehension {
            target: self.expr_field(obj, "target", o, Ctx::Store)?,
            iter: self.expr_field(obj, "iter", o, Ctx::Load)?,
            ifs: self.exprs(obj, "ifs", o, Ctx::Load)?,
            is_async: self.int_field(obj, "is_async", o)? != 0,
        })
    }

    fn generators(&self, obj: *mut PyObject, owner: &str) -> PyResult<Vec<Comprehension>> {
        let g = self.seq_map(obj, "generators", owner, |c, x| c.comprehension(x))?;
        if g.is_empty() {
            self.invalid("comprehension with no generators".to_string());
        }
        Ok(g)
    }

    fn type_param(&self, obj: *mut PyObject) -> PyResult<TypeParam> {
        self.node(|| self.type_param_inner(obj))
    }

    fn type_param_inner(&self, obj: *mut PyObject) -> PyResult<TypeParam> {
        let loc = self.loc(obj, "type_param")?;
        let k = self.which(obj, "type_param")?;
        let name = self.ident_field(obj, "name", k)?;
        let kind = match k {
            "TypeVar" => TypeParamKind::TypeVar {
                name,
                bound: self.opt_expr_field(obj, "bound")?,
            },
            "ParamSpec" => TypeParamKind::ParamSpec { name },
            _ => TypeParamKind::TypeVarTuple { name },
        };
        Ok(TypeParam { kind, loc })
    }

    fn type_params(&self, obj: *mut PyObject, owner: &str) -> PyResult<Vec<TypeParam>> {
        self.seq_map(obj, "type_params", owner, |c, x| c.type_param(x))
    }

    fn pattern(&self, obj: *mut PyObject) -> PyResult<Pattern> {
        grow(|| self.node(|| self.pattern_inner(obj)))
    }

    fn pattern_inner(&self, obj: *mut PyObject) -> PyResult<Pattern> {
        let loc = self.loc(obj, "pattern")?;
        let k = self.which(obj, "pattern")?;
        let pats = |name: &str| self.seq_map(obj, name, k, |c, x| c.pattern(x));
        let kind = match k {
            "MatchValue" => {
                PatternKind::MatchValue(Box::new(self.expr_field(obj, "value", k, Ctx::Load)?))
            }
            "MatchSingleton" => {
                let v = self.req(obj, "value", k)?;
                PatternKind::MatchSingleton(self.constant(v.as_ptr())?)
            }
            "MatchSequence" => PatternKind::MatchSequence(pats("patterns")?),
            "MatchMapping" => PatternKind::MatchMapping {
                keys: self.exprs(obj, "keys", k, Ctx::Load)?,
                patterns: pats("patterns")?,
                rest: self.opt_ident_field(obj, "rest")?,
            },
            "MatchClass" => PatternKind::MatchClass {
                cls: Box::new(self.expr_field(obj, "cls", k, Ctx::Load)?),
                patterns: pats("patterns")?,
                kwd_attrs: self.seq_map(obj, "kwd_attrs", k, |_, x| ident(x))?,
                kwd_patterns: pats("kwd_patterns")?,
            },
            "MatchStar" => PatternKind::MatchStar(self.opt_ident_field(obj, "name")?),
            "MatchAs" => PatternKind::MatchAs {
                pattern: match self.opt(obj, "pattern")? {
                    Some(p) => Some(Box::new(self.pattern(p.as_ptr())?)),
                    None => None,
                },
                name: self.opt_ident_field(obj, "name")?,
            },
            _ => PatternKind::MatchOr(pats("patterns")?),
        };
        Ok(Pattern { kind, loc })
    }

    fn expr(&self, obj: *mut PyObject, ctx: Ctx) -> PyResult<Expr> {
        grow(|| self.node(|| self.expr_inner(obj, ctx)))
    }

    fn expr_inner(&self, obj: *mut PyObject, ctx: Ctx) -> PyResult<Expr> {
        let loc = self.loc(obj, "expr")?;
        let k = self.which(obj, "expr")?;
        let load = Ctx::Load;
        // Only these take a Store or Del context.
        if ctx != Ctx::Load
            && !matches!(
                k,
                "Name" | "Attribute" | "Subscript" | "Starred" | "List" | "Tuple"
            )
        {
            self.invalid(format!(
                "expression which can't be assigned to in {} context",
                ctx_name(ctx)
            ));
        }
        let e = |name: &str| -> PyResult<Box<Expr>> {
            Ok(Box::new(self.expr_field(obj, name, k, load)?))
        };
        let kind = match k {
            "BoolOp" => {
                let op = self.req(obj, "op", k)?;
                let is_and = self.which(op.as_ptr(), "boolop")? == "And";
                let values = self.exprs(obj, "values", k, load)?;
                if values.len() < 2 {
                    self.invalid("BoolOp with less than 2 values".to_string());
                }
                ExprKind::BoolOp { is_and, values }
            }
            "NamedExpr" => ExprKind::NamedExpr {
                target: Box::new(self.expr_field(obj, "target", k, Ctx::Store)?),
                value: e("value")?,
            },
            "BinOp" => ExprKind::BinOp {
                left: e("left")?,
                op: self.operator(obj, k)?,
                right: e("right")?,
            },
            "UnaryOp" => {
                let op = self.req(obj, "op", k)?;
                let op = match self.which(op.as_ptr(), "unaryop")? {
                    "Invert" => UnaryOp::Invert,
                    "Not" => UnaryOp::Not,
                    "UAdd" => UnaryOp::UAdd,
                    _ => UnaryOp::USub,
                };
                ExprKind::UnaryOp {
                    op,
                    operand: e("operand")?,
                }
            }
            "Lambda" => ExprKind::Lambda {
                args: self.arguments_field(obj, k)?,
                body: e("body")?,
            },
            "IfExp" => ExprKind::IfExp {
                test: e("test")?,
                body: e("body")?,
                orelse: e("orelse")?,
            },
            "Dict" => {
                let keys = self.seq_map(obj, "keys", k, |c, x| {
                    if x == lifecycle::none() {
                        Ok(None)
                    } else {
                        Ok(Some(c.expr(x, load)?))
                    }
                })?;
                let values = self.exprs(obj, "values", k, load)?;
                if keys.len() != values.len() {
                    self.invalid("Dict doesn't have the same number of keys as values".to_string());
                }
                ExprKind::Dict { keys, values }
            }
            "Set" => ExprKind::Set(self.exprs(obj, "elts", k, load)?),
            "ListComp" | "SetComp" | "GeneratorExp" => {
                let elt = e("elt")?;
                let generators = self.generators(obj, k)?;
                match k {
                    "ListComp" => ExprKind::ListComp { elt, generators },
                    "SetComp" => ExprKind::SetComp { elt, generators },
                    _ => ExprKind::GeneratorExp { elt, generators },
                }
            }
            "DictComp" => ExprKind::DictComp {
                key: e("key")?,
                value: e("value")?,
                generators: self.generators(obj, k)?,
            },
            "Await" => ExprKind::Await(e("value")?),
            "Yield" => ExprKind::Yield(self.opt_expr_field(obj, "value")?),
            "YieldFrom" => ExprKind::YieldFrom(e("value")?),
            "Compare" => {
                let left = e("left")?;
                let ops = self.seq_map(obj, "ops", k, |c, x| c.cmpop(x))?;
                let comparators = self.exprs(obj, "comparators", k, load)?;
                if ops.is_empty() {
                    self.invalid("Compare with no comparators".to_string());
                }
                if ops.len() != comparators.len() {
                    self.invalid(
                        "Compare has a different number of comparators and operands".to_string(),
                    );
                }
                ExprKind::Compare {
                    left,
                    ops,
                    comparators,
                }
            }
            "Call" => ExprKind::Call {
                func: e("func")?,
                args: self.exprs(obj, "args", k, load)?,
                keywords: self.seq_map(obj, "keywords", k, |c, x| c.keyword(x))?,
            },
            "FormattedValue" => ExprKind::FormattedValue {
                value: e("value")?,
                conversion: self.int_field(obj, "conversion", k)? as i32,
                format_spec: self.opt_expr_field(obj, "format_spec")?,
            },
            "JoinedStr" => ExprKind::JoinedStr(self.exprs(obj, "values", k, load)?),
            "Constant" => {
                let v = self.req(obj, "value", k)?;
                // `kind` must be a str or None when present.
                if let Some(kind) = self.opt(obj, "kind")? {
                    string(kind.as_ptr())?;
                }
                ExprKind::Constant(self.constant(v.as_ptr())?)
            }
            "Attribute" => ExprKind::Attribute {
                value: e("value")?,
                attr: self.ident_field(obj, "attr", k)?,
                ctx: self.ctx(obj, k, ctx)?,
            },
            "Subscript" => ExprKind::Subscript {
                value: e("value")?,
                slice: e("slice")?,
                ctx: self.ctx(obj, k, ctx)?,
            },
            "Starred" => ExprKind::Starred {
                value: Box::new(self.expr_field(obj, "value", k, ctx)?),
                ctx: self.ctx(obj, k, ctx)?,
            },
            "Name" => {
                let id = self.ident_field(obj, "id", k)?;
                if matches!(id.as_str(), "None" | "True" | "False") {
                    self.invalid(format!("identifier field can't represent '{id}' constant"));
                }
                ExprKind::Name {
                    id,
                    ctx: self.ctx(obj, k, ctx)?,
                }
            }
            "List" => ExprKind::List {
                elts: self.exprs(obj, "elts", k, ctx)?,
                ctx: self.ctx(obj, k, ctx)?,
            },
            "Tuple" => ExprKind::Tuple {
                elts: self.exprs(obj, "elts", k, ctx)?,
                ctx: self.ctx(obj, k, ctx)?,
            },
            _ => ExprKind::Slice {
                lower: self.opt_expr_field(obj, "lower")?,
                upper: self.opt_expr_field(obj, "upper")?,
                step: self.opt_expr_field(obj, "step")?,
            },
        };
        if let ExprKind::FormattedValue { conversion, .. } = &kind {
            if ![-1, 115, 114, 97].contains(conversion) {
                self.invalid_as(
                    Exc::SystemError,
                    format!("Unrecognized conversion character {conversion}"),
                );
            }
        }
        Ok(Expr { kind, loc })
    }

    fn stmt(&self, obj: *mut PyObject) -> PyResult<Stmt> {
        grow(|| self.node(|| self.stmt_inner(obj)))
    }

    fn stmt_inner(&self, obj: *mut PyObject) -> PyResult<Stmt> {
        let loc = self.loc(obj, "stmt")?;
        let k = self.which(obj, "stmt")?;
        let load = Ctx::Load;
        let e = |name: &str| -> PyResult<Box<Expr>> {
            Ok(Box::new(self.expr_field(obj, name, k, load)?))
        };
        let kind = match k {
            "FunctionDef" | "AsyncFunctionDef" => StmtKind::FunctionDef {
                name: self.ident_field(obj, "name", k)?,
                args: self.arguments_field(obj, k)?,
                body: self.body(obj, "body", k)?,
                decorator_list: self.exprs(obj, "decorator_list", k, load)?,
                returns: self.opt_expr_field(obj, "returns")?,
                type_params: {
                    self.type_comment(obj)?;
                    self.type_params(obj, k)?
                },
                is_async: k == "AsyncFunctionDef",
            },
            "ClassDef" => StmtKind::ClassDef {
                name: self.ident_field(obj, "name", k)?,
                bases: self.exprs(obj, "bases", k, load)?,
                keywords: self.seq_map(obj, "keywords", k, |c, x| c.keyword(x))?,
                body: self.body(obj, "body", k)?,
                decorator_list: self.exprs(obj, "decorator_list", k, load)?,
                type_params: self.type_params(obj, k)?,
            },
            "Return" => StmtKind::Return(self.opt_expr_field(obj, "value")?),
            "Delete" => StmtKind::Delete(self.exprs(obj, "targets", k, Ctx::Del)?),
            "Assign" => {
                let targets = self.exprs(obj, "targets", k, Ctx::Store)?;
                if targets.is_empty() {
                    self.invalid("empty targets on Assign".to_string());
                }
                StmtKind::Assign {
                    targets,
                    value: {
                        let v = e("value")?;
                        self.type_comment(obj)?;
                        v
                    },
                }
            }
            "TypeAlias" => StmtKind::TypeAlias {
                name: Box::new(self.expr_field(obj, "name", k, Ctx::Store)?),
                type_params: self.type_params(obj, k)?,
                value: e("value")?,
            },
            "AugAssign" => StmtKind::AugAssign {
                target: Box::new(self.expr_field(obj, "target", k, Ctx::Store)?),
                op: self.operator(obj, k)?,
                value: e("value")?,
            },
            "AnnAssign" => StmtKind::AnnAssign {
                target: Box::new(self.expr_field(obj, "target", k, Ctx::Store)?),
                annotation: e("annotation")?,
                value: self.opt_expr_field(obj, "value")?,
                simple: self.int_field(obj, "simple", k)? != 0,
            },
            "For" | "AsyncFor" => StmtKind::For {
                target: Box::new(self.expr_field(obj, "target", k, Ctx::Store)?),
                iter: e("iter")?,
                body: self.body(obj, "body", k)?,
                orelse: self.stmts(obj, "orelse", k)?,
                is_async: {
                    self.type_comment(obj)?;
                    k == "AsyncFor"
                },
            },
            "While" => StmtKind::While {
                test: e("test")?,
                body: self.body(obj, "body", k)?,
                orelse: self.stmts(obj, "orelse", k)?,
            },
            "If" => StmtKind::If {
                test: e("test")?,
                body: self.body(obj, "body", k)?,
                orelse: self.stmts(obj, "orelse", k)?,
            },
            "With" | "AsyncWith" => StmtKind::With {
                items: self.seq_map(obj, "items", k, |c, x| {
                    Ok(WithItem {
                        context_expr: c.expr_field(x, "context_expr", "withitem", Ctx::Load)?,
                        optional_vars: match c.opt(x, "optional_vars")? {
                            Some(v) => Some(c.expr(v.as_ptr(), Ctx::Store)?),
                            None => None,
                        },
                    })
                })?,
                body: self.body(obj, "body", k)?,
                is_async: {
                    self.type_comment(obj)?;
                    k == "AsyncWith"
                },
            },
            "Match" => StmtKind::Match {
                subject: e("subject")?,
                cases: self.seq_map(obj, "cases", k, |c, x| {
                    let pattern = c.req(x, "pattern", "match_case")?;
                    Ok(MatchCase {
                        pattern: c.pattern(pattern.as_ptr())?,
                        guard: match c.opt(x, "guard")? {
                            Some(g) => Some(c.expr(g.as_ptr(), Ctx::Load)?),
                            None => None,
                        },
                        body: c.body(x, "body", "match_case")?,
                    })
                })?,
            },
            "Raise" => StmtKind::Raise {
                exc: self.opt_expr_field(obj, "exc")?,
                cause: self.opt_expr_field(obj, "cause")?,
            },
            "Try" | "TryStar" => StmtKind::Try {
                body: self.body(obj, "body", k)?,
                handlers: self.seq_map(obj, "handlers", k, |c, x| {
                    let loc = c.loc(x, "excepthandler")?;
                    c.which(x, "excepthandler")?;
                    Ok(ExceptHandler {
                        typ: c.opt_expr_field(x, "type")?.map(|b| *b),
                        name: c.opt_ident_field(x, "name")?,
                        body: c.body(x, "body", "ExceptHandler")?,
                        loc,
                    })
                })?,
                orelse: self.stmts(obj, "orelse", k)?,
                finalbody: self.stmts(obj, "finalbody", k)?,
                is_star: k == "TryStar",
            },
            "Assert" => StmtKind::Assert {
                test: e("test")?,
                msg: self.opt_expr_field(obj, "msg")?,
            },
            "Import" => StmtKind::Import(self.seq_map(obj, "names", k, |c, x| c.alias(x))?),
            "ImportFrom" => {
                let module = self.opt_ident_field(obj, "module")?;
                let names = self.seq_map(obj, "names", k, |c, x| c.alias(x))?;
                let level = match self.opt(obj, "level")? {
                    Some(v) => int(v.as_ptr())?,
                    None => 0,
                };
                if level < 0 {
                    self.invalid("Negative ImportFrom level".to_string());
                }
                StmtKind::ImportFrom {
                    module,
                    names,
                    level: level as u32,
                }
            }
            "Global" => StmtKind::Global(self.seq_map(obj, "names", k, |_, x| ident(x))?),
            "Nonlocal" => StmtKind::Nonlocal(self.seq_map(obj, "names", k, |_, x| ident(x))?),
            "Expr" => StmtKind::Expr(e("value")?),
            "Pass" => StmtKind::Pass,
            "Break" => StmtKind::Break,
            _ => StmtKind::Continue,
        };
        self.check_stmt(k, &kind);
        Ok(Stmt { kind, loc })
    }
}

/// CPython's number for an expression kind (`_expr_kind`: its position
/// among `expr`'s constructors, from 1).
fn expr_kind_number(k: &ExprKind) -> usize {
    let name = match k {
        ExprKind::BoolOp { .. } => "BoolOp",
        ExprKind::NamedExpr { .. } => "NamedExpr",
        ExprKind::BinOp { .. } => "BinOp",
        ExprKind::UnaryOp { .. } => "UnaryOp",
        ExprKind::Lambda { .. } => "Lambda",
        ExprKind::IfExp { .. } => "IfExp",
        ExprKind::Dict { .. } => "Dict",
        ExprKind::Set(_) => "Set",
        ExprKind::ListComp { .. } => "ListComp",
        ExprKind::SetComp { .. } => "SetComp",
        ExprKind::DictComp { .. } => "DictComp",
        ExprKind::GeneratorExp { .. } => "GeneratorExp",
        ExprKind::Await(_) => "Await",
        ExprKind::Yield(_) => "Yield",
        ExprKind::YieldFrom(_) => "YieldFrom",
        ExprKind::Compare { .. } => "Compare",
        ExprKind::Call { .. } => "Call",
        ExprKind::FormattedValue { .. } => "FormattedValue",
        ExprKind::JoinedStr(_) => "JoinedStr",
        ExprKind::Constant(_) => "Constant",
        ExprKind::Attribute { .. } => "Attribute",
        ExprKind::Subscript { .. } => "Subscript",
        ExprKind::Starred { .. } => "Starred",
        ExprKind::Name { .. } => "Name",
        ExprKind::List { .. } => "List",
        ExprKind::Tuple { .. } => "Tuple",
        ExprKind::Slice { .. } => "Slice",
    };
    CLASSES
        .iter()
        .filter(|c| c.role == Role::Cons("expr"))
        .position(|c| c.name == name)
        .map_or(0, |i| i + 1)
}

/// The repr of an object, for error messages.
fn repr(obj: *mut PyObject) -> PyResult<String> {
    // SAFETY: a live object.
    unsafe { abstract_::repr_string(obj) }
}

/// An identifier: exactly a str.
fn ident(obj: *mut PyObject) -> PyResult<Ident> {
    // SAFETY: a live object.
    unsafe {
        if !unicode::check_exact(obj) {
            return Err(err::type_error("AST identifier must be of type str"));
        }
        Ok(unicode::as_str(obj).into_owned())
    }
}

/// A string field (`type_comment`, `Constant.kind`): a str or bytes.
fn string(obj: *mut PyObject) -> PyResult<()> {
    // SAFETY: a live object.
    unsafe {
        if !unicode::check_exact(obj) && !exact(obj, lifecycle::bytes_type()) {
            return Err(err::type_error("AST string must be of type str"));
        }
    }
    Ok(())
}

/// Whether `obj`'s type is exactly `t`.
fn exact(obj: *mut PyObject, t: *mut typeobj::PyTypeObject) -> bool {
    // SAFETY: a live object.
    unsafe { (*obj).ob_type == t }
}

/// An `int` field (a C `int`).
fn int(obj: *mut PyObject) -> PyResult<i64> {
    // SAFETY: a live object.
    unsafe {
        if !long::check(obj) {
            let r = repr(obj)?;
            return Err(value_error(format!("invalid integer value: {r}")));
        }
        let v = long::to_bigint(obj);
        i32::try_from(v).map(i64::from).map_err(|_| {
            err::raise(
                Exc::OverflowError,
                "Python int too large to convert to C int",
            )
        })
    }
}

/// A constant value, checked as CPython's validator checks it: `Err`
/// holds the name of a type a constant cannot have.
fn constant(obj: *mut PyObject) -> PyResult<Result<Constant, String>> {
    // SAFETY: a live object.
    unsafe {
        let c = if obj == lifecycle::none() {
            Constant::None
        } else if obj == lifecycle::ellipsis() {
            Constant::Ellipsis
        } else if exact(obj, lifecycle::bool_type()) {
            Constant::Bool(obj == lifecycle::true_())
        } else if exact(obj, lifecycle::long_type()) {
            Constant::Int(long::to_bigint(obj))
        } else if exact(obj, lifecycle::float_type()) {
            Constant::Float(crate::objects::float::value(obj))
        } else if exact(obj, lifecycle::complex_type()) {
            let c = crate::objects::complexobject::value(obj);
            Constant::Complex {
                re: c.real,
                im: c.imag,
            }
        } else if unicode::check_exact(obj) {
            Constant::Str(PyStr::from_wtf8(unicode::as_bytes(obj).to_vec()))
        } else if exact(obj, lifecycle::bytes_type()) {
            Constant::Bytes(bytes::as_slice(obj).to_vec())
        } else if exact(obj, lifecycle::tuple_type()) || exact(obj, lifecycle::frozenset_type()) {
            let mut items = Vec::new();
            for x in abstract_::collect(obj, "")? {
                match constant(x.as_ptr())? {
                    Ok(c) => items.push(c),
                    Err(t) => return Ok(Err(t)),
                }
            }
            if exact(obj, lifecycle::tuple_type()) {
                Constant::Tuple(items)
            } else {
                Constant::FrozenSet(items)
            }
        } else {
            return Ok(Err(typeobj::type_name_of(obj)));
        };
        Ok(Ok(c))
    }
}

/// The compiler's tree for `compile(tree, filename, mode)`: `tree` must be
/// the mode's node (`Module`, `Expression` or `Interactive`).
///
/// # Safety
/// `obj` live.
pub unsafe fn from_object(obj: *mut PyObject, mode: Mode) -> PyResult<Parsed> {
    let c = Conv {
        st: state()?,
        invalid: RefCell::new(None),
        required: RefCell::new(None),
    };
    let want = match mode {
        Mode::Exec => "Module",
        Mode::Eval => "Expression",
        Mode::Single => "Interactive",
    };
    if !c.is(obj, want)? {
        // SAFETY: a live object.
        let got = unsafe { typeobj::type_name_of(obj) };
        return Err(type_error(format!("expected {want} node, got {got}")));
    }
    let parsed = if mode == Mode::Eval {
        Parsed::Expression(c.expr_field(obj, "body", want, Ctx::Load)?)
    } else {
        Parsed::Module(Module {
            body: c.stmts(obj, "body", want)?,
        })
    };
    match c.invalid.into_inner() {
        None => Ok(parsed),
        Some((exc, msg)) => Err(err::raise(exc, &msg)),
    }
}
