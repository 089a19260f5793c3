//! A CPython-3.12.1-shaped abstract syntax tree (`Python.asdl`), with
//! CPython's positions: 1-based lines, 0-based UTF-8 byte columns. The
//! parser adapter ([`crate::parse`]) builds it; every later pass reads it.

use crate::code::Constant;

/// A source range as CPython's AST records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Loc {
    /// First line (1-based).
    pub lineno: i32,
    /// Start column (UTF-8 bytes).
    pub col: i32,
    /// Last line.
    pub end_lineno: i32,
    /// End column (exclusive, UTF-8 bytes).
    pub end_col: i32,
}

/// An identifier.
pub type Ident = String;

/// A module body.
#[derive(Clone, Debug)]
pub struct Module {
    /// The statements.
    pub body: Vec<Stmt>,
}

/// A statement with its position.
#[derive(Clone, Debug)]
pub struct Stmt {
    /// The statement.
    pub kind: StmtKind,
    /// Its position.
    pub loc: Loc,
}

/// Binary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Operator {
    Add,
    Sub,
    Mult,
    MatMult,
    Div,
    Mod,
    Pow,
    LShift,
    RShift,
    BitOr,
    BitXor,
    BitAnd,
    FloorDiv,
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum UnaryOp {
    Invert,
    Not,
    UAdd,
    USub,
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    Is,
    IsNot,
    In,
    NotIn,
}

/// Load, store or delete context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Ctx {
    Load,
    Store,
    Del,
}

/// A function parameter.
#[derive(Clone, Debug)]
pub struct Arg {
    /// Its name.
    pub name: Ident,
    /// Its annotation.
    pub annotation: Option<Box<Expr>>,
    /// Position of the name (and annotation).
    pub loc: Loc,
}

/// A parameter list (`arguments`).
#[derive(Clone, Debug, Default)]
pub struct Arguments {
    /// Positional-only parameters.
    pub posonlyargs: Vec<Arg>,
    /// Positional-or-keyword parameters.
    pub args: Vec<Arg>,
    /// `*args`.
    pub vararg: Option<Arg>,
    /// Keyword-only parameters.
    pub kwonlyargs: Vec<Arg>,
    /// Defaults of keyword-only parameters (aligned with `kwonlyargs`).
    pub kw_defaults: Vec<Option<Expr>>,
    /// `**kwargs`.
    pub kwarg: Option<Arg>,
    /// Defaults of the last positional parameters.
    pub defaults: Vec<Expr>,
}

/// A keyword argument of a call or class definition.
#[derive(Clone, Debug)]
pub struct Keyword {
    /// The name, `None` for `**mapping`.
    pub arg: Option<Ident>,
    /// The value.
    pub value: Expr,
    /// Position.
    pub loc: Loc,
}

/// `import` alias.
#[derive(Clone, Debug)]
pub struct Alias {
    /// Dotted name (or `*`).
    pub name: Ident,
    /// `as` name.
    pub asname: Option<Ident>,
    /// Position.
    pub loc: Loc,
}

/// A `with` item.
#[derive(Clone, Debug)]
pub struct WithItem {
    /// The context manager.
    pub context_expr: Expr,
    /// The `as` target.
    pub optional_vars: Option<Expr>,
}

/// An `except` clause.
#[derive(Clone, Debug)]
pub struct ExceptHandler {
    /// The exception type.
    pub typ: Option<Expr>,
    /// The `as` name.
    pub name: Option<Ident>,
    /// The body.
    pub body: Vec<Stmt>,
    /// Position.
    pub loc: Loc,
}

/// One `for ... in ... if ...` of a comprehension.
#[derive(Clone, Debug)]
pub struct Comprehension {
    /// Target.
    pub target: Expr,
    /// Iterable.
    pub iter: Expr,
    /// Conditions.
    pub ifs: Vec<Expr>,
    /// `async for`.
    pub is_async: bool,
}

/// A `match` case.
#[derive(Clone, Debug)]
pub struct MatchCase {
    /// Pattern.
    pub pattern: Pattern,
    /// Guard.
    pub guard: Option<Expr>,
    /// Body.
    pub body: Vec<Stmt>,
}

/// A pattern with its position.
#[derive(Clone, Debug)]
pub struct Pattern {
    /// The pattern.
    pub kind: PatternKind,
    /// Position.
    pub loc: Loc,
}

/// Pattern kinds.
#[derive(Clone, Debug)]
#[allow(missing_docs)]
pub enum PatternKind {
    MatchValue(Box<Expr>),
    MatchSingleton(Constant),
    MatchSequence(Vec<Pattern>),
    MatchMapping {
        keys: Vec<Expr>,
        patterns: Vec<Pattern>,
        rest: Option<Ident>,
    },
    MatchClass {
        cls: Box<Expr>,
        patterns: Vec<Pattern>,
        kwd_attrs: Vec<Ident>,
        kwd_patterns: Vec<Pattern>,
    },
    MatchStar(Option<Ident>),
    MatchAs {
        pattern: Option<Box<Pattern>>,
        name: Option<Ident>,
    },
    MatchOr(Vec<Pattern>),
}

/// A PEP 695 type parameter.
#[derive(Clone, Debug)]
pub struct TypeParam {
    /// Kind and name.
    pub kind: TypeParamKind,
    /// Position.
    pub loc: Loc,
}

/// Type parameter kinds.
#[derive(Clone, Debug)]
#[allow(missing_docs)]
pub enum TypeParamKind {
    TypeVar {
        name: Ident,
        bound: Option<Box<Expr>>,
    },
    ParamSpec {
        name: Ident,
    },
    TypeVarTuple {
        name: Ident,
    },
}

/// Statement kinds.
#[derive(Clone, Debug)]
#[allow(missing_docs)]
pub enum StmtKind {
    FunctionDef {
        name: Ident,
        args: Box<Arguments>,
        body: Vec<Stmt>,
        decorator_list: Vec<Expr>,
        returns: Option<Box<Expr>>,
        type_params: Vec<TypeParam>,
        is_async: bool,
    },
    ClassDef {
        name: Ident,
        bases: Vec<Expr>,
        keywords: Vec<Keyword>,
        body: Vec<Stmt>,
        decorator_list: Vec<Expr>,
        type_params: Vec<TypeParam>,
    },
    Return(Option<Box<Expr>>),
    Delete(Vec<Expr>),
    Assign {
        targets: Vec<Expr>,
        value: Box<Expr>,
    },
    TypeAlias {
        name: Box<Expr>,
        type_params: Vec<TypeParam>,
        value: Box<Expr>,
    },
    AugAssign {
        target: Box<Expr>,
        op: Operator,
        value: Box<Expr>,
    },
    AnnAssign {
        target: Box<Expr>,
        annotation: Box<Expr>,
        value: Option<Box<Expr>>,
        simple: bool,
    },
    For {
        target: Box<Expr>,
        iter: Box<Expr>,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
        is_async: bool,
    },
    While {
        test: Box<Expr>,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
    },
    If {
        test: Box<Expr>,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
    },
    With {
        items: Vec<WithItem>,
        body: Vec<Stmt>,
        is_async: bool,
    },
    Match {
        subject: Box<Expr>,
        cases: Vec<MatchCase>,
    },
    Raise {
        exc: Option<Box<Expr>>,
        cause: Option<Box<Expr>>,
    },
    Try {
        body: Vec<Stmt>,
        handlers: Vec<ExceptHandler>,
        orelse: Vec<Stmt>,
        finalbody: Vec<Stmt>,
        is_star: bool,
    },
    Assert {
        test: Box<Expr>,
        msg: Option<Box<Expr>>,
    },
    Import(Vec<Alias>),
    ImportFrom {
        module: Option<Ident>,
        names: Vec<Alias>,
        level: u32,
    },
    Global(Vec<Ident>),
    Nonlocal(Vec<Ident>),
    Expr(Box<Expr>),
    Pass,
    Break,
    Continue,
}

/// An expression with its position.
#[derive(Clone, Debug)]
pub struct Expr {
    /// The expression.
    pub kind: ExprKind,
    /// Its position.
    pub loc: Loc,
}

/// Expression kinds.
#[derive(Clone, Debug)]
#[allow(missing_docs)]
pub enum ExprKind {
    BoolOp {
        is_and: bool,
        values: Vec<Expr>,
    },
    NamedExpr {
        target: Box<Expr>,
        value: Box<Expr>,
    },
    BinOp {
        left: Box<Expr>,
        op: Operator,
        right: Box<Expr>,
    },
    UnaryOp {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    Lambda {
        args: Box<Arguments>,
        body: Box<Expr>,
    },
    IfExp {
        test: Box<Expr>,
        body: Box<Expr>,
        orelse: Box<Expr>,
    },
    Dict {
        keys: Vec<Option<Expr>>,
        values: Vec<Expr>,
    },
    Set(Vec<Expr>),
    ListComp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    SetComp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    DictComp {
        key: Box<Expr>,
        value: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    GeneratorExp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    Await(Box<Expr>),
    Yield(Option<Box<Expr>>),
    YieldFrom(Box<Expr>),
    Compare {
        left: Box<Expr>,
        ops: Vec<CmpOp>,
        comparators: Vec<Expr>,
    },
    Call {
        func: Box<Expr>,
        args: Vec<Expr>,
        keywords: Vec<Keyword>,
    },
    FormattedValue {
        value: Box<Expr>,
        conversion: i32,
        format_spec: Option<Box<Expr>>,
    },
    JoinedStr(Vec<Expr>),
    Constant(Constant),
    Attribute {
        value: Box<Expr>,
        attr: Ident,
        ctx: Ctx,
    },
    Subscript {
        value: Box<Expr>,
        slice: Box<Expr>,
        ctx: Ctx,
    },
    Starred {
        value: Box<Expr>,
        ctx: Ctx,
    },
    Name {
        id: Ident,
        ctx: Ctx,
    },
    List {
        elts: Vec<Expr>,
        ctx: Ctx,
    },
    Tuple {
        elts: Vec<Expr>,
        ctx: Ctx,
    },
    Slice {
        lower: Option<Box<Expr>>,
        upper: Option<Box<Expr>>,
        step: Option<Box<Expr>>,
    },
}

impl Expr {
    /// The constant, if this is a `Constant` node.
    pub fn as_constant(&self) -> Option<&Constant> {
        match &self.kind {
            ExprKind::Constant(c) => Some(c),
            _ => None,
        }
    }
}
