//! `ast` node objects back into the compiler's tree (CPython's `obj2ast_*`
//! and the checks of its AST validator that the compiler relies on): a
//! sum-type node's positions are read first, then its class is found among
//! the constructors, then its fields in order. Errors are CPython 3.12.1's:
//! `TypeError: required field "lineno" missing from stmt`, `expected some
//! sort of expr, but got ...`, `Module field "body" must be a list, not a
//! int`, `ValueError: expression must have Store context but has Load
//! instead`, `empty body on FunctionDef`, ...

use super::table::{Role, CLASSES};
use super::{state, State};
use crate::objects::exceptions::Exc;
use crate::objects::object::*;
use crate::objects::{bytes, list, long, tuple, typeobj, unicode};
use crate::protocols::abstract_;
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use ophis_compiler::ast::*;
use ophis_compiler::{Constant, Mode, Parsed, PyStr};

struct Conv {
    st: &'static State,
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

impl Conv {
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
            return Err(value_error(format!(
                "field '{name}' is required for {owner}"
            )));
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
            return Err(value_error(format!("empty {name} on {owner}")));
        }
        Ok(b)
    }

    fn ident_field(&self, obj: *mut PyObject, name: &str, owner: &str) -> PyResult<Ident> {
        let v = self.req(obj, name, owner)?;
        if v.as_ptr() == lifecycle::none() {
            return Err(value_error(format!(
                "field '{name}' is required for {owner}"
            )));
        }
        ident(v.as_ptr())
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
            return Err(value_error(format!(
                "expression must have {} context but has {} instead",
                ctx_name(expected),
                ctx_name(c)
            )));
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

    fn arg(&self, obj: *mut PyObject) -> PyResult<Arg> {
        if !self.is(obj, "arg")? {
            let r = repr(obj)?;
            return Err(type_error(format!(
                "expected some sort of arg, but got {r}"
            )));
        }
        let name = self.ident_field(obj, "arg", "arg")?;
        let annotation = self.opt_expr_field(obj, "annotation")?;
        let loc = self.loc(obj, "arg")?;
        Ok(Arg {
            name,
            annotation,
            loc,
        })
    }

    fn opt_arg(&self, obj: *mut PyObject, name: &str) -> PyResult<Option<Arg>> {
        match self.opt(obj, name)? {
            Some(v) => Ok(Some(self.arg(v.as_ptr())?)),
            None => Ok(None),
        }
    }

    fn arguments(&self, obj: *mut PyObject) -> PyResult<Arguments> {
        if !self.is(obj, "arguments")? {
            let r = repr(obj)?;
            return Err(type_error(format!(
                "expected some sort of arguments, but got {r}"
            )));
        }
        let o = "arguments";
        let a = Arguments {
            posonlyargs: self.seq_map(obj, "posonlyargs", o, |c, x| c.arg(x))?,
            args: self.seq_map(obj, "args", o, |c, x| c.arg(x))?,
            vararg: self.opt_arg(obj, "vararg")?,
            kwonlyargs: self.seq_map(obj, "kwonlyargs", o, |c, x| c.arg(x))?,
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
            return Err(value_error(
                "more positional defaults than args on arguments".to_string(),
            ));
        }
        if a.kw_defaults.len() != a.kwonlyargs.len() {
            return Err(value_error(
                "length of kwonlyargs is not the same as kw_defaults on arguments".to_string(),
            ));
        }
        Ok(a)
    }

    fn arguments_field(&self, obj: *mut PyObject, owner: &str) -> PyResult<Box<Arguments>> {
        let v = self.req(obj, "args", owner)?;
        Ok(Box::new(self.arguments(v.as_ptr())?))
    }

    fn keyword(&self, obj: *mut PyObject) -> PyResult<Keyword> {
        if !self.is(obj, "keyword")? {
            let r = repr(obj)?;
            return Err(type_error(format!(
                "expected some sort of keyword, but got {r}"
            )));
        }
        let arg = self.opt_ident_field(obj, "arg")?;
        let value = self.expr_field(obj, "value", "keyword", Ctx::Load)?;
        let loc = self.loc(obj, "keyword")?;
        Ok(Keyword { arg, value, loc })
    }

    fn alias(&self, obj: *mut PyObject) -> PyResult<Alias> {
        if !self.is(obj, "alias")? {
            let r = repr(obj)?;
            return Err(type_error(format!(
                "expected some sort of alias, but got {r}"
            )));
        }
        let name = self.ident_field(obj, "name", "alias")?;
        let asname = self.opt_ident_field(obj, "asname")?;
        let loc = self.loc(obj, "alias")?;
        Ok(Alias { name, asname, loc })
    }

    fn comprehension(&self, obj: *mut PyObject) -> PyResult<Comprehension> {
        if !self.is(obj, "comprehension")? {
            let r = repr(obj)?;
            return Err(type_error(format!(
                "expected some sort of comprehension, but got {r}"
            )));
        }
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
            return Err(value_error("comprehension with no generators".to_string()));
        }
        Ok(g)
    }

    fn type_param(&self, obj: *mut PyObject) -> PyResult<TypeParam> {
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
        grow(|| self.pattern_inner(obj))
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
                PatternKind::MatchSingleton(constant(v.as_ptr())?)
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
        grow(|| self.expr_inner(obj, ctx))
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
            return Err(value_error(format!(
                "expression which can't be assigned to in {} context",
                ctx_name(ctx)
            )));
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
                    return Err(value_error("BoolOp with less than 2 values".to_string()));
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
                    return Err(value_error(
                        "Dict doesn't have the same number of keys as values".to_string(),
                    ));
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
                    return Err(value_error("Compare with no comparators".to_string()));
                }
                if ops.len() != comparators.len() {
                    return Err(value_error(
                        "Compare has a different number of comparators and operands".to_string(),
                    ));
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
                ExprKind::Constant(constant(v.as_ptr())?)
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
                    return Err(value_error(format!(
                        "identifier field can't represent '{id}' constant"
                    )));
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
        Ok(Expr { kind, loc })
    }

    fn stmt(&self, obj: *mut PyObject) -> PyResult<Stmt> {
        grow(|| self.stmt_inner(obj))
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
                type_params: self.type_params(obj, k)?,
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
                    return Err(value_error("empty targets on Assign".to_string()));
                }
                StmtKind::Assign {
                    targets,
                    value: e("value")?,
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
                is_async: k == "AsyncFor",
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
                    if !c.is(x, "withitem")? {
                        let r = repr(x)?;
                        return Err(type_error(format!(
                            "expected some sort of withitem, but got {r}"
                        )));
                    }
                    Ok(WithItem {
                        context_expr: c.expr_field(x, "context_expr", "withitem", Ctx::Load)?,
                        optional_vars: match c.opt(x, "optional_vars")? {
                            Some(v) => Some(c.expr(v.as_ptr(), Ctx::Store)?),
                            None => None,
                        },
                    })
                })?,
                body: self.body(obj, "body", k)?,
                is_async: k == "AsyncWith",
            },
            "Match" => StmtKind::Match {
                subject: e("subject")?,
                cases: self.seq_map(obj, "cases", k, |c, x| {
                    if !c.is(x, "match_case")? {
                        let r = repr(x)?;
                        return Err(type_error(format!(
                            "expected some sort of match_case, but got {r}"
                        )));
                    }
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
                    return Err(value_error("Negative ImportFrom level".to_string()));
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
        Ok(Stmt { kind, loc })
    }
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

/// An `int` field.
fn int(obj: *mut PyObject) -> PyResult<i64> {
    // SAFETY: a live object.
    unsafe {
        if !long::check(obj) {
            let r = repr(obj)?;
            return Err(value_error(format!("invalid integer value: {r}")));
        }
        let v = long::to_bigint(obj);
        i64::try_from(v).map_err(|_| {
            err::raise(
                Exc::OverflowError,
                "Python int too large to convert to C int",
            )
        })
    }
}

/// A constant value, checked as CPython's validator checks it.
fn constant(obj: *mut PyObject) -> PyResult<Constant> {
    // SAFETY: a live object.
    unsafe {
        if obj == lifecycle::none() {
            return Ok(Constant::None);
        }
        if obj == lifecycle::ellipsis() {
            return Ok(Constant::Ellipsis);
        }
        if exact(obj, lifecycle::bool_type()) {
            return Ok(Constant::Bool(obj == lifecycle::true_()));
        }
        if exact(obj, lifecycle::long_type()) {
            return Ok(Constant::Int(long::to_bigint(obj)));
        }
        if exact(obj, lifecycle::float_type()) {
            return Ok(Constant::Float(crate::objects::float::value(obj)));
        }
        if exact(obj, lifecycle::complex_type()) {
            let c = crate::objects::complexobject::value(obj);
            return Ok(Constant::Complex {
                re: c.real,
                im: c.imag,
            });
        }
        if unicode::check_exact(obj) {
            return Ok(Constant::Str(PyStr::from_wtf8(
                unicode::as_bytes(obj).to_vec(),
            )));
        }
        if exact(obj, lifecycle::bytes_type()) {
            return Ok(Constant::Bytes(bytes::as_slice(obj).to_vec()));
        }
        if exact(obj, lifecycle::tuple_type()) {
            let items = (0..tuple::size(obj))
                .map(|i| constant(tuple::item(obj, i)))
                .collect::<PyResult<Vec<Constant>>>()?;
            return Ok(Constant::Tuple(items));
        }
        if exact(obj, lifecycle::frozenset_type()) {
            let items = abstract_::collect(obj, "")?
                .iter()
                .map(|x| constant(x.as_ptr()))
                .collect::<PyResult<Vec<Constant>>>()?;
            return Ok(Constant::FrozenSet(items));
        }
        Err(type_error(format!(
            "got an invalid type in Constant: {}",
            typeobj::type_name_of(obj)
        )))
    }
}

/// The compiler's tree for `compile(tree, filename, mode)`: `tree` must be
/// the mode's node (`Module`, `Expression` or `Interactive`).
///
/// # Safety
/// `obj` live.
pub unsafe fn from_object(obj: *mut PyObject, mode: Mode) -> PyResult<Parsed> {
    let c = Conv { st: state()? };
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
    if mode == Mode::Eval {
        return Ok(Parsed::Expression(c.expr_field(
            obj,
            "body",
            want,
            Ctx::Load,
        )?));
    }
    let body = c.stmts(obj, "body", want)?;
    Ok(Parsed::Module(Module { body }))
}
