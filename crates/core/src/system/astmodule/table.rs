//! The node classes of CPython 3.12's `Python.asdl` as one declarative
//! table: every class of `_ast` in CPython's creation order, each an
//! abstract sum type, a constructor of one, or a product type, with its
//! fields written as in the ASDL (`type name`, `type? name` optional,
//! `type* name` a list). The classes, their `_fields`, `__match_args__`,
//! `_attributes`, `None` defaults and docstrings are made from it, and the
//! converters look fields up in it.

/// How a field holds its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// Exactly one value (`expr value`).
    Plain,
    /// `None` or one value (`expr? returns`).
    Opt,
    /// A list (`stmt* body`).
    Seq,
}

/// One field: its name and kind (its ASDL type is in the docstrings).
#[derive(Clone, Copy, Debug)]
pub(super) struct Field {
    /// Field name.
    pub name: &'static str,
    /// Plain, optional or list.
    pub kind: Kind,
}

/// What a class is in the ASDL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Role {
    /// An abstract sum type (`stmt`); `true` when its constructors have
    /// positions (`_attributes`).
    Sum(bool),
    /// A product type (`arguments`); `true` when it has positions.
    Product(bool),
    /// A constructor of the sum type named.
    Cons(&'static str),
}

/// One class of the table.
#[derive(Clone, Copy, Debug)]
pub(super) struct Class {
    /// The class name.
    pub name: &'static str,
    /// Sum, product, or constructor.
    pub role: Role,
    /// The fields in ASDL syntax, comma-separated ("" for none).
    pub fields: &'static str,
}

impl Class {
    const fn sum(name: &'static str, positions: bool) -> Class {
        Class {
            name,
            role: Role::Sum(positions),
            fields: "",
        }
    }
    const fn product(name: &'static str, fields: &'static str, positions: bool) -> Class {
        Class {
            name,
            role: Role::Product(positions),
            fields,
        }
    }
    const fn cons(name: &'static str, base: &'static str, fields: &'static str) -> Class {
        Class {
            name,
            role: Role::Cons(base),
            fields,
        }
    }

    /// The parsed fields.
    pub fn field_list(&self) -> Vec<Field> {
        if self.fields.is_empty() {
            return Vec::new();
        }
        self.fields
            .split(", ")
            .map(|f| {
                let (ty, name) = f.split_once(' ').unwrap_or((f, ""));
                let kind = if ty.ends_with('?') {
                    Kind::Opt
                } else if ty.ends_with('*') {
                    Kind::Seq
                } else {
                    Kind::Plain
                };
                Field { name, kind }
            })
            .collect()
    }
}

/// The position attributes, as the ASDL declares them.
pub(super) const POSITIONS: [Field; 4] = [
    Field {
        name: "lineno",
        kind: Kind::Plain,
    },
    Field {
        name: "col_offset",
        kind: Kind::Plain,
    },
    Field {
        name: "end_lineno",
        kind: Kind::Opt,
    },
    Field {
        name: "end_col_offset",
        kind: Kind::Opt,
    },
];

/// Whether a sum type's end positions are required (`int end_lineno`):
/// `pattern` and `type_param`; the others' are optional (`int?`).
pub(super) fn end_required(sum: &str) -> bool {
    matches!(sum, "pattern" | "type_param")
}

/// Every class of `_ast` but `AST`, in CPython 3.12.1's order.
#[rustfmt::skip]
pub(super) static CLASSES: [Class; 123] = [
    Class::sum("mod", false),
    Class::cons("Module", "mod", "stmt* body, type_ignore* type_ignores"),
    Class::cons("Interactive", "mod", "stmt* body"),
    Class::cons("Expression", "mod", "expr body"),
    Class::cons("FunctionType", "mod", "expr* argtypes, expr returns"),
    Class::sum("stmt", true),
    Class::cons("FunctionDef", "stmt", "identifier name, arguments args, stmt* body, expr* decorator_list, expr? returns, string? type_comment, type_param* type_params"),
    Class::cons("AsyncFunctionDef", "stmt", "identifier name, arguments args, stmt* body, expr* decorator_list, expr? returns, string? type_comment, type_param* type_params"),
    Class::cons("ClassDef", "stmt", "identifier name, expr* bases, keyword* keywords, stmt* body, expr* decorator_list, type_param* type_params"),
    Class::cons("Return", "stmt", "expr? value"),
    Class::cons("Delete", "stmt", "expr* targets"),
    Class::cons("Assign", "stmt", "expr* targets, expr value, string? type_comment"),
    Class::cons("TypeAlias", "stmt", "expr name, type_param* type_params, expr value"),
    Class::cons("AugAssign", "stmt", "expr target, operator op, expr value"),
    Class::cons("AnnAssign", "stmt", "expr target, expr annotation, expr? value, int simple"),
    Class::cons("For", "stmt", "expr target, expr iter, stmt* body, stmt* orelse, string? type_comment"),
    Class::cons("AsyncFor", "stmt", "expr target, expr iter, stmt* body, stmt* orelse, string? type_comment"),
    Class::cons("While", "stmt", "expr test, stmt* body, stmt* orelse"),
    Class::cons("If", "stmt", "expr test, stmt* body, stmt* orelse"),
    Class::cons("With", "stmt", "withitem* items, stmt* body, string? type_comment"),
    Class::cons("AsyncWith", "stmt", "withitem* items, stmt* body, string? type_comment"),
    Class::cons("Match", "stmt", "expr subject, match_case* cases"),
    Class::cons("Raise", "stmt", "expr? exc, expr? cause"),
    Class::cons("Try", "stmt", "stmt* body, excepthandler* handlers, stmt* orelse, stmt* finalbody"),
    Class::cons("TryStar", "stmt", "stmt* body, excepthandler* handlers, stmt* orelse, stmt* finalbody"),
    Class::cons("Assert", "stmt", "expr test, expr? msg"),
    Class::cons("Import", "stmt", "alias* names"),
    Class::cons("ImportFrom", "stmt", "identifier? module, alias* names, int? level"),
    Class::cons("Global", "stmt", "identifier* names"),
    Class::cons("Nonlocal", "stmt", "identifier* names"),
    Class::cons("Expr", "stmt", "expr value"),
    Class::cons("Pass", "stmt", ""),
    Class::cons("Break", "stmt", ""),
    Class::cons("Continue", "stmt", ""),
    Class::sum("expr", true),
    Class::cons("BoolOp", "expr", "boolop op, expr* values"),
    Class::cons("NamedExpr", "expr", "expr target, expr value"),
    Class::cons("BinOp", "expr", "expr left, operator op, expr right"),
    Class::cons("UnaryOp", "expr", "unaryop op, expr operand"),
    Class::cons("Lambda", "expr", "arguments args, expr body"),
    Class::cons("IfExp", "expr", "expr test, expr body, expr orelse"),
    Class::cons("Dict", "expr", "expr* keys, expr* values"),
    Class::cons("Set", "expr", "expr* elts"),
    Class::cons("ListComp", "expr", "expr elt, comprehension* generators"),
    Class::cons("SetComp", "expr", "expr elt, comprehension* generators"),
    Class::cons("DictComp", "expr", "expr key, expr value, comprehension* generators"),
    Class::cons("GeneratorExp", "expr", "expr elt, comprehension* generators"),
    Class::cons("Await", "expr", "expr value"),
    Class::cons("Yield", "expr", "expr? value"),
    Class::cons("YieldFrom", "expr", "expr value"),
    Class::cons("Compare", "expr", "expr left, cmpop* ops, expr* comparators"),
    Class::cons("Call", "expr", "expr func, expr* args, keyword* keywords"),
    Class::cons("FormattedValue", "expr", "expr value, int conversion, expr? format_spec"),
    Class::cons("JoinedStr", "expr", "expr* values"),
    Class::cons("Constant", "expr", "constant value, string? kind"),
    Class::cons("Attribute", "expr", "expr value, identifier attr, expr_context ctx"),
    Class::cons("Subscript", "expr", "expr value, expr slice, expr_context ctx"),
    Class::cons("Starred", "expr", "expr value, expr_context ctx"),
    Class::cons("Name", "expr", "identifier id, expr_context ctx"),
    Class::cons("List", "expr", "expr* elts, expr_context ctx"),
    Class::cons("Tuple", "expr", "expr* elts, expr_context ctx"),
    Class::cons("Slice", "expr", "expr? lower, expr? upper, expr? step"),
    Class::sum("expr_context", false),
    Class::cons("Load", "expr_context", ""),
    Class::cons("Store", "expr_context", ""),
    Class::cons("Del", "expr_context", ""),
    Class::sum("boolop", false),
    Class::cons("And", "boolop", ""),
    Class::cons("Or", "boolop", ""),
    Class::sum("operator", false),
    Class::cons("Add", "operator", ""),
    Class::cons("Sub", "operator", ""),
    Class::cons("Mult", "operator", ""),
    Class::cons("MatMult", "operator", ""),
    Class::cons("Div", "operator", ""),
    Class::cons("Mod", "operator", ""),
    Class::cons("Pow", "operator", ""),
    Class::cons("LShift", "operator", ""),
    Class::cons("RShift", "operator", ""),
    Class::cons("BitOr", "operator", ""),
    Class::cons("BitXor", "operator", ""),
    Class::cons("BitAnd", "operator", ""),
    Class::cons("FloorDiv", "operator", ""),
    Class::sum("unaryop", false),
    Class::cons("Invert", "unaryop", ""),
    Class::cons("Not", "unaryop", ""),
    Class::cons("UAdd", "unaryop", ""),
    Class::cons("USub", "unaryop", ""),
    Class::sum("cmpop", false),
    Class::cons("Eq", "cmpop", ""),
    Class::cons("NotEq", "cmpop", ""),
    Class::cons("Lt", "cmpop", ""),
    Class::cons("LtE", "cmpop", ""),
    Class::cons("Gt", "cmpop", ""),
    Class::cons("GtE", "cmpop", ""),
    Class::cons("Is", "cmpop", ""),
    Class::cons("IsNot", "cmpop", ""),
    Class::cons("In", "cmpop", ""),
    Class::cons("NotIn", "cmpop", ""),
    Class::product("comprehension", "expr target, expr iter, expr* ifs, int is_async", false),
    Class::sum("excepthandler", true),
    Class::cons("ExceptHandler", "excepthandler", "expr? type, identifier? name, stmt* body"),
    Class::product("arguments", "arg* posonlyargs, arg* args, arg? vararg, arg* kwonlyargs, expr* kw_defaults, arg? kwarg, expr* defaults", false),
    Class::product("arg", "identifier arg, expr? annotation, string? type_comment", true),
    Class::product("keyword", "identifier? arg, expr value", true),
    Class::product("alias", "identifier name, identifier? asname", true),
    Class::product("withitem", "expr context_expr, expr? optional_vars", false),
    Class::product("match_case", "pattern pattern, expr? guard, stmt* body", false),
    Class::sum("pattern", true),
    Class::cons("MatchValue", "pattern", "expr value"),
    Class::cons("MatchSingleton", "pattern", "constant value"),
    Class::cons("MatchSequence", "pattern", "pattern* patterns"),
    Class::cons("MatchMapping", "pattern", "expr* keys, pattern* patterns, identifier? rest"),
    Class::cons("MatchClass", "pattern", "expr cls, pattern* patterns, identifier* kwd_attrs, pattern* kwd_patterns"),
    Class::cons("MatchStar", "pattern", "identifier? name"),
    Class::cons("MatchAs", "pattern", "pattern? pattern, identifier? name"),
    Class::cons("MatchOr", "pattern", "pattern* patterns"),
    Class::sum("type_ignore", false),
    Class::cons("TypeIgnore", "type_ignore", "int lineno, string tag"),
    Class::sum("type_param", true),
    Class::cons("TypeVar", "type_param", "identifier name, expr? bound"),
    Class::cons("ParamSpec", "type_param", "identifier name"),
    Class::cons("TypeVarTuple", "type_param", "identifier name"),
];
