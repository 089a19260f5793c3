//! Symbol tables as CPython 3.12.1's `symtable.c` builds them: one scope per
//! module, class, function and lambda, each name's flags (bound, used,
//! parameter, global, nonlocal, imported, annotated) and its resolved scope
//! (local, cell, free, global explicit or implicit), with private-name
//! mangling and the `__class__` cell of methods that use `super`.
//!
//! Comprehensions get their own scopes, and list, set and dict
//! comprehensions are then inlined into their parent (PEP 709).
//!
//! Not yet handled (refused with an `Unsupported` error): PEP 695
//! type-parameter scopes.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::ast::*;
use crate::error::{CompileError, Result};

/// Name flags (CPython's `DEF_*`).
pub mod flag {
    /// `global` statement.
    pub const GLOBAL: u32 = 1;
    /// Assigned in the block.
    pub const LOCAL: u32 = 2;
    /// A parameter.
    pub const PARAM: u32 = 4;
    /// `nonlocal` statement.
    pub const NONLOCAL: u32 = 8;
    /// Read in the block.
    pub const USE: u32 = 16;
    /// Free in a method, bound in the class.
    pub const FREE_CLASS: u32 = 64;
    /// Bound by an import.
    pub const IMPORT: u32 = 128;
    /// Annotated.
    pub const ANNOT: u32 = 256;
    /// A comprehension's iteration variable.
    pub const COMP_ITER: u32 = 512;
    /// A PEP 695 type parameter.
    pub const TYPE_PARAM: u32 = 1024;
    /// A cell of an inlined comprehension.
    pub const COMP_CELL: u32 = 2048;
    /// Any binding.
    pub const BOUND: u32 = LOCAL | PARAM | IMPORT;
}

/// Where a name lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameScope {
    /// A fast local (or a name in the namespace dict of modules/classes).
    Local,
    /// Declared `global`.
    GlobalExplicit,
    /// Not bound anywhere enclosing: a global or builtin.
    GlobalImplicit,
    /// Bound in an enclosing function.
    Free,
    /// Local, and captured by an inner scope.
    Cell,
}

/// Kind of a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// The module.
    Module,
    /// A `class` body.
    Class,
    /// A `def` or `lambda`.
    Function,
}

/// One scope's table.
#[derive(Clone, Debug)]
pub struct Scope {
    /// Name of the block.
    pub name: String,
    /// Kind.
    pub kind: BlockKind,
    /// Symbols in first-seen order with their flags.
    pub symbols: Vec<(String, u32)>,
    index: HashMap<String, usize>,
    /// Resolved scope of each symbol.
    pub scopes: HashMap<String, NameScope>,
    /// Parameters, in order.
    pub varnames: Vec<String>,
    /// Child scopes, in definition order.
    pub children: Vec<usize>,
    /// Nested in a function.
    pub nested: bool,
    /// Contains `yield`.
    pub generator: bool,
    /// An `async def`.
    pub coroutine: bool,
    /// Has `*args`.
    pub varargs: bool,
    /// Has `**kwargs`.
    pub varkeywords: bool,
    /// Has free variables.
    pub free: bool,
    /// Where each name's first `global` or `nonlocal` statement is: the
    /// analysis reports its errors there.
    directives: HashMap<String, Loc>,
    /// A child has free variables.
    pub child_free: bool,
    /// A class whose methods use `__class__`/`super`.
    pub needs_class_closure: bool,
    /// A class whose inner scopes need `__classdict__`.
    pub needs_classdict: bool,
    /// The private-name prefix in force (the enclosing class name).
    pub private: Option<String>,
    /// Set for comprehension scopes.
    pub comprehension: Option<CompKind>,
    /// A list/set/dict comprehension inlined into its parent (PEP 709).
    pub comp_inlined: bool,
    comp_iter_target: bool,
    comp_iter_expr: u32,
    /// A PEP 695 annotation scope (type parameters, a bound, an alias value).
    pub type_scope: bool,
    /// An annotation scope directly inside a class (sees its namespace
    /// through `__classdict__`).
    pub can_see_class_scope: bool,
}

/// Kind of a comprehension scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompKind {
    /// `[...]`.
    List,
    /// `{...}`.
    Set,
    /// `{k: v ...}`.
    Dict,
    /// `(...)`.
    Generator,
}

impl Scope {
    fn new(name: &str, kind: BlockKind, nested: bool, private: Option<String>) -> Self {
        Scope {
            name: name.into(),
            kind,
            symbols: Vec::new(),
            index: HashMap::default(),
            scopes: HashMap::default(),
            varnames: Vec::new(),
            children: Vec::new(),
            nested,
            generator: false,
            coroutine: false,
            varargs: false,
            varkeywords: false,
            directives: HashMap::default(),
            free: false,
            child_free: false,
            needs_class_closure: false,
            needs_classdict: false,
            private,
            comprehension: None,
            comp_inlined: false,
            comp_iter_target: false,
            comp_iter_expr: 0,
            type_scope: false,
            can_see_class_scope: false,
        }
    }

    /// Flags of a (mangled) name, 0 if unknown.
    pub fn flags(&self, name: &str) -> u32 {
        self.index.get(name).map_or(0, |&i| self.symbols[i].1)
    }

    /// Resolved scope of a (mangled) name.
    pub fn scope_of(&self, name: &str) -> Option<NameScope> {
        self.scopes.get(name).copied()
    }

    /// Whether the block is function-like (fast locals).
    pub fn is_function(&self) -> bool {
        self.kind == BlockKind::Function
    }

    fn add(&mut self, name: &str, f: u32) {
        match self.index.get(name) {
            Some(&i) => self.symbols[i].1 |= f,
            None => {
                self.index.insert(name.to_string(), self.symbols.len());
                self.symbols.push((name.to_string(), f));
            }
        }
    }
}

/// `_Py_Mangle`: `__spam` inside `class Ham` is `_Ham__spam`.
pub fn mangle<'n>(private: Option<&str>, name: &'n str) -> std::borrow::Cow<'n, str> {
    use std::borrow::Cow;
    let Some(p) = private else {
        return Cow::Borrowed(name);
    };
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return Cow::Borrowed(name);
    }
    let stripped = p.trim_start_matches('_');
    if stripped.is_empty() {
        return Cow::Borrowed(name);
    }
    Cow::Owned(format!("_{stripped}{name}"))
}

/// The key of a generic definition's type-parameter scope: the address of
/// its parameter list, made odd so it never equals a node's address (the
/// first parameter's own bound scope is keyed by that).
pub fn type_params_key(tps: &[TypeParam]) -> usize {
    tps.as_ptr() as usize | 1
}

/// The symbol tables of a module.
#[derive(Debug)]
pub struct SymbolTable {
    /// All scopes; index 0 is the module.
    pub scopes: Vec<Scope>,
    by_node: HashMap<usize, usize>,
}

impl SymbolTable {
    /// The scope created for an AST node (a `def`, `class` or `lambda`).
    pub fn scope_for<T>(&self, node: &T) -> Option<usize> {
        self.by_node.get(&(node as *const T as usize)).copied()
    }

    /// The scope created for a node identified by its address (the type
    /// parameter list of a generic definition).
    pub fn scope_for_key(&self, key: usize) -> Option<usize> {
        self.by_node.get(&key).copied()
    }
}

struct Builder {
    future_annotations: bool,
    scopes: Vec<Scope>,
    by_node: HashMap<usize, usize>,
    stack: Vec<usize>,
    depth: u32,
}

/// Builds and analyzes the symbol tables of a module; with
/// `future_annotations`, annotations are not evaluated and bind nothing.
pub fn build(m: &Module, future_annotations: bool) -> Result<SymbolTable> {
    let mut b = Builder {
        future_annotations,
        scopes: vec![Scope::new("top", BlockKind::Module, false, None)],
        by_node: HashMap::default(),
        stack: vec![0],
        depth: 0,
    };
    for s in &m.body {
        b.stmt(s)?;
    }
    let mut free = HashSet::default();
    analyze_block(&mut b.scopes, 0, None, &mut free, &HashSet::default(), None)?;
    Ok(SymbolTable {
        scopes: b.scopes,
        by_node: b.by_node,
    })
}

/// Builds and analyzes the symbol tables of an `eval`-mode expression.
pub fn build_expression(e: &Expr) -> Result<SymbolTable> {
    let mut b = Builder {
        future_annotations: false,
        scopes: vec![Scope::new("top", BlockKind::Module, false, None)],
        by_node: HashMap::default(),
        stack: vec![0],
        depth: 0,
    };
    b.expr(e)?;
    let mut free = HashSet::default();
    analyze_block(&mut b.scopes, 0, None, &mut free, &HashSet::default(), None)?;
    Ok(SymbolTable {
        scopes: b.scopes,
        by_node: b.by_node,
    })
}

impl Builder {
    fn cur(&mut self) -> &mut Scope {
        let i = *self.stack.last().unwrap_or(&0);
        &mut self.scopes[i]
    }

    fn add_def(&mut self, name: &str, f: u32, loc: Loc) -> Result<()> {
        let mangled = mangle(self.cur().private.as_deref(), name);
        let cur = self.cur();
        let old = cur.flags(&mangled);
        if f & flag::PARAM != 0 && old & flag::PARAM != 0 {
            return Err(CompileError::at(
                format!("duplicate argument '{name}' in function definition"),
                &loc,
            ));
        }
        if f & flag::TYPE_PARAM != 0 && old & flag::TYPE_PARAM != 0 {
            return Err(CompileError::at(
                format!("duplicate type parameter '{name}'"),
                &loc,
            ));
        }
        let mut f2 = f;
        if cur.comp_iter_target {
            if (old | f) & (flag::GLOBAL | flag::NONLOCAL) != 0 {
                return Err(CompileError::at(
                    format!("comprehension inner loop cannot rebind assignment expression target '{name}'"), &loc));
            }
            f2 |= flag::COMP_ITER;
        }
        cur.add(&mangled, f2);
        if f & flag::PARAM != 0 {
            cur.varnames.push(mangled.to_string());
        } else if f & flag::GLOBAL != 0 {
            self.scopes[0].add(&mangled, f);
        }
        Ok(())
    }

    fn enter(&mut self, name: &str, kind: BlockKind, key: usize, private: Option<String>) {
        let parent = *self.stack.last().unwrap_or(&0);
        let nested = self.scopes[parent].nested || self.scopes[parent].kind == BlockKind::Function;
        let id = self.scopes.len();
        self.scopes.push(Scope::new(name, kind, nested, private));
        self.scopes[parent].children.push(id);
        self.by_node.insert(key, id);
        self.stack.push(id);
    }

    fn exit(&mut self) {
        self.stack.pop();
    }

    fn stmts(&mut self, v: &[Stmt]) -> Result<()> {
        v.iter().try_for_each(|s| self.stmt(s))
    }

    fn exprs(&mut self, v: &[Expr]) -> Result<()> {
        v.iter().try_for_each(|e| self.expr(e))
    }

    fn opt(&mut self, e: Option<&Expr>) -> Result<()> {
        match e {
            Some(e) => self.expr(e),
            None => Ok(()),
        }
    }

    fn params(&mut self, a: &Arguments) -> Result<()> {
        for p in a.posonlyargs.iter().chain(&a.args).chain(&a.kwonlyargs) {
            self.add_def(&p.name, flag::PARAM, p.loc)?;
        }
        if let Some(v) = &a.vararg {
            self.add_def(&v.name, flag::PARAM, v.loc)?;
            self.cur().varargs = true;
        }
        if let Some(k) = &a.kwarg {
            self.add_def(&k.name, flag::PARAM, k.loc)?;
            self.cur().varkeywords = true;
        }
        Ok(())
    }

    fn annotations(&mut self, a: &Arguments, returns: Option<&Expr>) -> Result<()> {
        if self.future_annotations {
            return Ok(());
        }
        let all = a
            .posonlyargs
            .iter()
            .chain(&a.args)
            .chain(&a.vararg)
            .chain(&a.kwonlyargs)
            .chain(&a.kwarg);
        for p in all {
            self.opt(p.annotation.as_deref())?;
        }
        self.opt(returns)
    }

    fn stmt(&mut self, s: &Stmt) -> Result<()> {
        self.depth += 1;
        if self.depth > 2000 {
            return Err(CompileError::too_deep(s.loc.lineno, s.loc.col));
        }
        let r = crate::grow(|| self.stmt_inner(s));
        self.depth -= 1;
        r
    }

    fn stmt_inner(&mut self, s: &Stmt) -> Result<()> {
        match &s.kind {
            StmtKind::FunctionDef {
                name,
                args,
                body,
                decorator_list,
                returns,
                type_params,
                is_async,
            } => {
                self.add_def(name, flag::LOCAL, s.loc)?;
                self.exprs(&args.defaults)?;
                for d in args.kw_defaults.iter().flatten() {
                    self.expr(d)?;
                }
                self.exprs(decorator_list)?;
                let generic = !type_params.is_empty();
                if generic {
                    let has_kw = args.kw_defaults.iter().any(Option::is_some);
                    self.enter_type_param_block(
                        name,
                        crate::symtable::type_params_key(type_params),
                        // CPython tests the parser's (always present)
                        // defaults list against NULL, so this is always set.
                        true,
                        has_kw,
                        false,
                        s.loc,
                    )?;
                    self.type_params(type_params)?;
                }
                self.annotations(args, returns.as_deref())?;
                let private = self.cur().private.clone();
                self.enter(
                    name,
                    BlockKind::Function,
                    s as *const Stmt as usize,
                    private,
                );
                self.cur().coroutine = *is_async;
                self.params(args)?;
                self.stmts(body)?;
                self.exit();
                if generic {
                    self.exit();
                }
            }
            StmtKind::ClassDef {
                name,
                bases,
                keywords,
                body,
                decorator_list,
                type_params,
            } => {
                self.add_def(name, flag::LOCAL, s.loc)?;
                self.exprs(decorator_list)?;
                let generic = !type_params.is_empty();
                if generic {
                    self.enter_type_param_block(
                        name,
                        crate::symtable::type_params_key(type_params),
                        false,
                        false,
                        true,
                        s.loc,
                    )?;
                    self.cur().private = Some(name.clone());
                    self.type_params(type_params)?;
                }
                self.exprs(bases)?;
                for k in keywords {
                    self.expr(&k.value)?;
                }
                self.enter(
                    name,
                    BlockKind::Class,
                    s as *const Stmt as usize,
                    Some(name.clone()),
                );
                if generic {
                    self.add_def("__type_params__", flag::LOCAL, s.loc)?;
                    self.add_def(".type_params", flag::USE, s.loc)?;
                }
                self.stmts(body)?;
                self.exit();
                if generic {
                    self.exit();
                }
            }
            StmtKind::TypeAlias {
                name,
                type_params,
                value,
            } => {
                self.expr(name)?;
                let ExprKind::Name { id, .. } = &name.kind else {
                    return Err(CompileError::at("type alias name must be a name", &s.loc));
                };
                let is_in_class = self.cur().kind == BlockKind::Class;
                let generic = !type_params.is_empty();
                if generic {
                    self.enter_type_param_block(
                        id,
                        crate::symtable::type_params_key(type_params),
                        false,
                        false,
                        false,
                        s.loc,
                    )?;
                    self.type_params(type_params)?;
                }
                let private = self.cur().private.clone();
                self.enter(id, BlockKind::Function, s as *const Stmt as usize, private);
                self.cur().type_scope = true;
                self.cur().can_see_class_scope = is_in_class;
                if is_in_class {
                    self.add_def("__classdict__", flag::USE, value.loc)?;
                }
                self.expr(value)?;
                self.exit();
                if generic {
                    self.exit();
                }
            }
            StmtKind::Return(v) => self.opt(v.as_deref())?,
            StmtKind::Delete(t) => self.exprs(t)?,
            StmtKind::Assign { targets, value } => {
                self.exprs(targets)?;
                self.expr(value)?;
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => {
                if let ExprKind::Name { id, .. } = &target.kind {
                    let private = self.cur().private.clone();
                    let cur = self.cur().flags(&mangle(private.as_deref(), id));
                    if cur & (flag::GLOBAL | flag::NONLOCAL) != 0 && self.stack.len() > 1 && *simple
                    {
                        return Err(CompileError::at(
                            format!(
                                "annotated name '{id}' can't be {}",
                                if cur & flag::GLOBAL != 0 {
                                    "global"
                                } else {
                                    "nonlocal"
                                }
                            ),
                            &s.loc,
                        ));
                    }
                    if *simple {
                        self.add_def(id, flag::ANNOT | flag::LOCAL, target.loc)?;
                    } else if value.is_some() {
                        self.add_def(id, flag::LOCAL, target.loc)?;
                    }
                } else {
                    self.expr(target)?;
                }
                if !self.future_annotations {
                    self.expr(annotation)?;
                }
                self.opt(value.as_deref())?;
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(target)?;
                self.expr(value)?;
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                ..
            } => {
                self.expr(target)?;
                self.expr(iter)?;
                self.stmts(body)?;
                self.stmts(orelse)?;
            }
            StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
                self.expr(test)?;
                self.stmts(body)?;
                self.stmts(orelse)?;
            }
            StmtKind::With { items, body, .. } => {
                for it in items {
                    self.expr(&it.context_expr)?;
                    self.opt(it.optional_vars.as_ref())?;
                }
                self.stmts(body)?;
            }
            StmtKind::Match { subject, cases } => {
                self.expr(subject)?;
                for c in cases {
                    self.pattern(&c.pattern)?;
                    self.opt(c.guard.as_ref())?;
                    self.stmts(&c.body)?;
                }
            }
            StmtKind::Raise { exc, cause } => {
                self.opt(exc.as_deref())?;
                self.opt(cause.as_deref())?;
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
                ..
            } => {
                self.stmts(body)?;
                self.stmts(orelse)?;
                for h in handlers {
                    self.opt(h.typ.as_ref())?;
                    if let Some(n) = &h.name {
                        self.add_def(n, flag::LOCAL, h.loc)?;
                    }
                    self.stmts(&h.body)?;
                }
                self.stmts(finalbody)?;
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test)?;
                self.opt(msg.as_deref())?;
            }
            StmtKind::Import(names) | StmtKind::ImportFrom { names, .. } => {
                for a in names {
                    let store = a.asname.as_deref().unwrap_or(&a.name);
                    let store = store.split('.').next().unwrap_or(store);
                    if store == "*" {
                        if self.cur().is_function() {
                            return Err(CompileError::at(
                                "import * only allowed at module level",
                                &a.loc,
                            ));
                        }
                        continue;
                    }
                    self.add_def(store, flag::IMPORT, a.loc)?;
                }
            }
            StmtKind::Global(names) => {
                for n in names {
                    let private = self.cur().private.clone();
                    let cur = self.cur().flags(&mangle(private.as_deref(), n));
                    if cur & (flag::PARAM | flag::LOCAL | flag::USE | flag::ANNOT) != 0 {
                        let msg = if cur & flag::PARAM != 0 {
                            format!("name '{n}' is parameter and global")
                        } else if cur & flag::USE != 0 {
                            format!("name '{n}' is used prior to global declaration")
                        } else if cur & flag::ANNOT != 0 {
                            format!("annotated name '{n}' can't be global")
                        } else {
                            format!("name '{n}' is assigned to before global declaration")
                        };
                        return Err(CompileError::at(msg, &s.loc));
                    }
                    let key = mangle(self.cur().private.clone().as_deref(), n).into_owned();
                    self.cur().directives.entry(key).or_insert(s.loc);
                    self.add_def(n, flag::GLOBAL, s.loc)?;
                }
            }
            StmtKind::Nonlocal(names) => {
                for n in names {
                    let private = self.cur().private.clone();
                    let cur = self.cur().flags(&mangle(private.as_deref(), n));
                    if cur & (flag::PARAM | flag::LOCAL | flag::USE | flag::ANNOT) != 0 {
                        let msg = if cur & flag::PARAM != 0 {
                            format!("name '{n}' is parameter and nonlocal")
                        } else if cur & flag::USE != 0 {
                            format!("name '{n}' is used prior to nonlocal declaration")
                        } else if cur & flag::ANNOT != 0 {
                            format!("annotated name '{n}' can't be nonlocal")
                        } else {
                            format!("name '{n}' is assigned to before nonlocal declaration")
                        };
                        return Err(CompileError::at(msg, &s.loc));
                    }
                    let key = mangle(self.cur().private.clone().as_deref(), n).into_owned();
                    self.cur().directives.entry(key).or_insert(s.loc);
                    self.add_def(n, flag::NONLOCAL, s.loc)?;
                }
            }
            StmtKind::Expr(e) => self.expr(e)?,
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => {}
        }
        Ok(())
    }

    fn expr(&mut self, e: &Expr) -> Result<()> {
        self.depth += 1;
        if self.depth > 2000 {
            return Err(CompileError::too_deep(e.loc.lineno, e.loc.col));
        }
        let r = crate::grow(|| self.expr_inner(e));
        self.depth -= 1;
        r
    }

    fn expr_inner(&mut self, e: &Expr) -> Result<()> {
        match &e.kind {
            ExprKind::BoolOp { values, .. } => self.exprs(values)?,
            ExprKind::NamedExpr { target, value } => {
                if self.cur().comp_iter_expr > 0 {
                    return Err(CompileError::at(
                        "assignment expression cannot be used in a comprehension iterable expression", &e.loc));
                }
                if self.cur().comprehension.is_some() {
                    if let ExprKind::Name { id, .. } = &target.kind {
                        self.extend_namedexpr_scope(id, target.loc)?;
                    }
                }
                self.expr(value)?;
                self.expr(target)?;
            }
            ExprKind::BinOp { left, right, .. } => {
                self.expr(left)?;
                self.expr(right)?;
            }
            ExprKind::UnaryOp { operand, .. } => self.expr(operand)?,
            ExprKind::Lambda { args, body } => {
                self.exprs(&args.defaults)?;
                for d in args.kw_defaults.iter().flatten() {
                    self.expr(d)?;
                }
                let private = self.cur().private.clone();
                self.enter(
                    "lambda",
                    BlockKind::Function,
                    e as *const Expr as usize,
                    private,
                );
                self.params(args)?;
                self.expr(body)?;
                self.exit();
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test)?;
                self.expr(body)?;
                self.expr(orelse)?;
            }
            ExprKind::Dict { keys, values } => {
                for (k, v) in keys.iter().zip(values) {
                    self.opt(k.as_ref())?;
                    self.expr(v)?;
                }
            }
            ExprKind::Set(v) => self.exprs(v)?,
            ExprKind::ListComp { elt, generators } => {
                self.comprehension(e, "listcomp", CompKind::List, generators, elt, None)?
            }
            ExprKind::SetComp { elt, generators } => {
                self.comprehension(e, "setcomp", CompKind::Set, generators, elt, None)?
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension(e, "dictcomp", CompKind::Dict, generators, key, Some(value))?,
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension(e, "genexpr", CompKind::Generator, generators, elt, None)?
            }
            ExprKind::Await(v) => {
                self.expr(v)?;
                self.cur().coroutine = true;
            }
            ExprKind::Yield(_) | ExprKind::YieldFrom(_) => {
                match &e.kind {
                    ExprKind::Yield(v) => self.opt(v.as_deref())?,
                    ExprKind::YieldFrom(v) => self.expr(v)?,
                    _ => {}
                }
                self.cur().generator = true;
                if let Some(k) = self.cur().comprehension {
                    let what = match k {
                        CompKind::List => "list comprehension",
                        CompKind::Set => "set comprehension",
                        CompKind::Dict => "dict comprehension",
                        CompKind::Generator => "generator expression",
                    };
                    return Err(CompileError::at(format!("'yield' inside {what}"), &e.loc));
                }
            }
            ExprKind::Compare {
                left, comparators, ..
            } => {
                self.expr(left)?;
                self.exprs(comparators)?;
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.expr(func)?;
                self.exprs(args)?;
                for k in keywords {
                    self.expr(&k.value)?;
                }
            }
            ExprKind::FormattedValue {
                value, format_spec, ..
            } => {
                self.expr(value)?;
                self.opt(format_spec.as_deref())?;
            }
            ExprKind::JoinedStr(v) => self.exprs(v)?,
            ExprKind::Constant(_) => {}
            ExprKind::Attribute { value, .. } => self.expr(value)?,
            ExprKind::Subscript { value, slice, .. } => {
                self.expr(value)?;
                self.expr(slice)?;
            }
            ExprKind::Starred { value, .. } => self.expr(value)?,
            ExprKind::Name { id, ctx } => {
                let f = if *ctx == Ctx::Load {
                    flag::USE
                } else {
                    flag::LOCAL
                };
                self.add_def(id, f, e.loc)?;
                if *ctx == Ctx::Load && self.cur().is_function() && id == "super" {
                    self.add_def("__class__", flag::USE, e.loc)?;
                }
            }
            ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => self.exprs(elts)?,
            ExprKind::Slice { lower, upper, step } => {
                self.opt(lower.as_deref())?;
                self.opt(upper.as_deref())?;
                self.opt(step.as_deref())?;
            }
        }
        Ok(())
    }
}

impl Builder {
    #[allow(clippy::too_many_arguments)]
    fn enter_type_param_block(
        &mut self,
        name: &str,
        key: usize,
        has_defaults: bool,
        has_kwdefaults: bool,
        is_class: bool,
        loc: Loc,
    ) -> Result<()> {
        let in_class = self.cur().kind == BlockKind::Class;
        let private = self.cur().private.clone();
        self.enter(name, BlockKind::Function, key, private);
        self.cur().type_scope = true;
        if in_class {
            self.cur().can_see_class_scope = true;
            self.add_def("__classdict__", flag::USE, loc)?;
        }
        if is_class {
            self.add_def(".type_params", flag::LOCAL, loc)?;
            self.add_def(".type_params", flag::USE, loc)?;
            self.add_def(".generic_base", flag::LOCAL, loc)?;
            self.add_def(".generic_base", flag::USE, loc)?;
        }
        if has_defaults {
            self.add_def(".defaults", flag::PARAM, loc)?;
        }
        if has_kwdefaults {
            self.add_def(".kwdefaults", flag::PARAM, loc)?;
        }
        Ok(())
    }

    fn type_params(&mut self, tps: &[TypeParam]) -> Result<()> {
        for tp in tps {
            match &tp.kind {
                TypeParamKind::TypeVar { name, bound } => {
                    self.add_def(name, flag::LOCAL | flag::TYPE_PARAM, tp.loc)?;
                    if let Some(b) = bound {
                        let is_in_class = self.cur().can_see_class_scope;
                        let private = self.cur().private.clone();
                        self.enter(
                            name,
                            BlockKind::Function,
                            tp as *const TypeParam as usize,
                            private,
                        );
                        self.cur().type_scope = true;
                        self.cur().can_see_class_scope = is_in_class;
                        if is_in_class {
                            self.add_def("__classdict__", flag::USE, b.loc)?;
                        }
                        self.expr(b)?;
                        self.exit();
                    }
                }
                TypeParamKind::ParamSpec { name } | TypeParamKind::TypeVarTuple { name } => {
                    self.add_def(name, flag::LOCAL | flag::TYPE_PARAM, tp.loc)?;
                }
            }
        }
        Ok(())
    }

    fn pattern(&mut self, p: &Pattern) -> Result<()> {
        crate::grow(|| self.pattern_body(p))
    }

    fn pattern_body(&mut self, p: &Pattern) -> Result<()> {
        match &p.kind {
            PatternKind::MatchValue(v) => self.expr(v)?,
            PatternKind::MatchSingleton(_) => {}
            PatternKind::MatchSequence(ps) | PatternKind::MatchOr(ps) => {
                for q in ps {
                    self.pattern(q)?;
                }
            }
            PatternKind::MatchStar(name) => {
                if let Some(n) = name {
                    self.add_def(n, flag::LOCAL, p.loc)?;
                }
            }
            PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            } => {
                self.exprs(keys)?;
                for q in patterns {
                    self.pattern(q)?;
                }
                if let Some(n) = rest {
                    self.add_def(n, flag::LOCAL, p.loc)?;
                }
            }
            PatternKind::MatchClass {
                cls,
                patterns,
                kwd_patterns,
                ..
            } => {
                self.expr(cls)?;
                for q in patterns.iter().chain(kwd_patterns) {
                    self.pattern(q)?;
                }
            }
            PatternKind::MatchAs { pattern, name } => {
                if let Some(q) = pattern {
                    self.pattern(q)?;
                }
                if let Some(n) = name {
                    self.add_def(n, flag::LOCAL, p.loc)?;
                }
            }
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn comprehension(
        &mut self,
        e: &Expr,
        name: &str,
        kind: CompKind,
        generators: &[Comprehension],
        elt: &Expr,
        value: Option<&Expr>,
    ) -> Result<()> {
        let Some(outermost) = generators.first() else {
            return Ok(());
        };
        self.cur().comp_iter_expr += 1;
        let r = self.expr(&outermost.iter);
        {
            let c = self.cur();
            c.comp_iter_expr = c.comp_iter_expr.saturating_sub(1);
        }
        r?;
        let private = self.cur().private.clone();
        self.enter(
            name,
            BlockKind::Function,
            e as *const Expr as usize,
            private,
        );
        self.cur().comprehension = Some(kind);
        if outermost.is_async {
            self.cur().coroutine = true;
        }
        self.add_def(".0", flag::PARAM, e.loc)?;
        self.cur().comp_iter_target = true;
        let r = self.expr(&outermost.target);
        self.cur().comp_iter_target = false;
        r?;
        self.exprs(&outermost.ifs)?;
        for g in &generators[1..] {
            self.cur().comp_iter_target = true;
            let r = self.expr(&g.target);
            self.cur().comp_iter_target = false;
            r?;
            self.cur().comp_iter_expr += 1;
            let r = self.expr(&g.iter);
            {
                let c = self.cur();
                c.comp_iter_expr = c.comp_iter_expr.saturating_sub(1);
            }
            r?;
            self.exprs(&g.ifs)?;
            if g.is_async {
                self.cur().coroutine = true;
            }
        }
        if let Some(v) = value {
            self.expr(v)?;
        }
        self.expr(elt)?;
        let is_generator = kind == CompKind::Generator;
        self.cur().generator = is_generator;
        let is_async = self.cur().coroutine && !is_generator;
        self.exit();
        if is_async {
            self.cur().coroutine = true;
        }
        Ok(())
    }

    fn extend_namedexpr_scope(&mut self, name: &str, loc: Loc) -> Result<()> {
        for i in (0..self.stack.len()).rev() {
            let id = self.stack[i];
            let private = self.scopes[id].private.clone();
            let mangled = mangle(private.as_deref(), name);
            if self.scopes[id].comprehension.is_some() {
                let f = self.scopes[id].flags(&mangled);
                if f & flag::COMP_ITER != 0 && f & flag::LOCAL != 0 {
                    return Err(CompileError::at(
                        format!("assignment expression cannot rebind comprehension iteration variable '{name}'"), &loc));
                }
                continue;
            }
            match self.scopes[id].kind {
                BlockKind::Function => {
                    let f = self.scopes[id].flags(&mangled);
                    if f & flag::GLOBAL != 0 {
                        self.add_def(name, flag::GLOBAL, loc)?;
                    } else {
                        self.add_def(name, flag::NONLOCAL, loc)?;
                    }
                    self.scopes[id].add(&mangled, flag::LOCAL);
                    return Ok(());
                }
                BlockKind::Module => {
                    self.add_def(name, flag::GLOBAL, loc)?;
                    self.scopes[id].add(&mangled, flag::GLOBAL);
                    return Ok(());
                }
                BlockKind::Class => {
                    return Err(CompileError::at(
                        "assignment expression within a comprehension cannot be used in a class body", &loc));
                }
            }
        }
        Ok(())
    }
}

fn is_free_in_any_child(scopes: &[Scope], comp: usize, name: &str) -> bool {
    scopes[comp]
        .children
        .iter()
        .any(|&c| scopes[c].scope_of(name) == Some(NameScope::Free))
}

/// PEP 709: folds an analyzed comprehension's symbols into its parent.
fn inline_comprehension(
    scopes: &mut [Scope],
    ste: usize,
    comp: usize,
    res: &mut HashMap<String, NameScope>,
    comp_free: &mut HashSet<String>,
    inlined_cells: &mut HashSet<String>,
) {
    let mut remove_dunder_class = false;
    let symbols = scopes[comp].symbols.clone();
    for (k, comp_flags) in &symbols {
        if comp_flags & flag::PARAM != 0 {
            continue;
        }
        let mut scope = scopes[comp]
            .scope_of(k)
            .unwrap_or(NameScope::GlobalImplicit);
        if scope == NameScope::Cell || comp_flags & flag::COMP_CELL != 0 {
            inlined_cells.insert(k.clone());
        }
        let existing = scopes[ste].index.get(k).map(|&i| scopes[ste].symbols[i].1);
        if scope == NameScope::Free && scopes[ste].kind == BlockKind::Class && k == "__class__" {
            scope = NameScope::GlobalImplicit;
            comp_free.remove(k);
            remove_dunder_class = true;
        }
        match existing {
            None => {
                scopes[ste].add(k, *comp_flags);
                res.insert(k.clone(), scope);
            }
            Some(ex) => {
                if ex & flag::BOUND != 0
                    && !is_free_in_any_child(scopes, comp, k)
                    && scopes[ste].kind != BlockKind::Class
                {
                    comp_free.remove(k);
                }
            }
        }
    }
    scopes[comp].free = !comp_free.is_empty();
    if remove_dunder_class {
        scopes[comp].scopes.remove("__class__");
        if let Some(i) = scopes[comp].index.remove("__class__") {
            scopes[comp].symbols.remove(i);
            let rebuilt: HashMap<String, usize> = scopes[comp]
                .symbols
                .iter()
                .enumerate()
                .map(|(i, (n, _))| (n.clone(), i))
                .collect();
            scopes[comp].index = rebuilt;
        }
    }
}

/// An error of the analysis about `name`, at its `global`/`nonlocal`
/// statement.
fn directive_error(scope: &Scope, name: &str, msg: String) -> CompileError {
    match scope.directives.get(name) {
        Some(loc) => CompileError::at(msg, loc),
        None => CompileError::syntax(msg, 0, 0),
    }
}

fn analyze_block(
    scopes: &mut Vec<Scope>,
    id: usize,
    bound: Option<&HashSet<String>>,
    free: &mut HashSet<String>,
    global: &HashSet<String>,
    class_entry: Option<usize>,
) -> Result<()> {
    let mut local = HashSet::default();
    let mut res: HashMap<String, NameScope> = HashMap::default();
    let mut newglobal = HashSet::default();
    let mut newbound = HashSet::default();
    let mut newfree = HashSet::default();
    let is_class = scopes[id].kind == BlockKind::Class;
    let mut global = global.clone();
    let mut bound_own: Option<HashSet<String>> = bound.cloned();
    if is_class {
        newglobal.extend(global.iter().cloned());
        if let Some(b) = &bound_own {
            newbound.extend(b.iter().cloned());
        }
    }
    let symbols = scopes[id].symbols.clone();
    for (name, flags) in &symbols {
        let sc = if flags & flag::GLOBAL != 0 {
            if flags & flag::NONLOCAL != 0 {
                return Err(directive_error(
                    &scopes[id],
                    name,
                    format!("name '{name}' is nonlocal and global"),
                ));
            }
            global.insert(name.clone());
            if let Some(b) = bound_own.as_mut() {
                b.remove(name);
            }
            NameScope::GlobalExplicit
        } else if flags & flag::NONLOCAL != 0 {
            match &bound_own {
                None => {
                    return Err(directive_error(
                        &scopes[id],
                        name,
                        "nonlocal declaration not allowed at module level".into(),
                    ))
                }
                Some(b) if !b.contains(name) => {
                    return Err(directive_error(
                        &scopes[id],
                        name,
                        format!("no binding for nonlocal '{name}' found"),
                    ))
                }
                _ => {}
            }
            scopes[id].free = true;
            free.insert(name.clone());
            NameScope::Free
        } else if flags & flag::BOUND != 0 {
            local.insert(name.clone());
            global.remove(name);
            NameScope::Local
        } else if let Some(cf) = class_entry.map(|c| scopes[c].flags(name)).filter(|cf| {
            cf & flag::GLOBAL != 0 || (cf & flag::BOUND != 0 && cf & flag::NONLOCAL == 0)
        }) {
            if cf & flag::GLOBAL != 0 {
                NameScope::GlobalExplicit
            } else {
                NameScope::GlobalImplicit
            }
        } else if bound_own.as_ref().is_some_and(|b| b.contains(name)) {
            scopes[id].free = true;
            free.insert(name.clone());
            NameScope::Free
        } else if global.contains(name) {
            NameScope::GlobalImplicit
        } else {
            if scopes[id].nested {
                scopes[id].free = true;
            }
            NameScope::GlobalImplicit
        };
        res.insert(name.clone(), sc);
    }
    if is_class {
        newbound.insert("__class__".to_string());
        newbound.insert("__classdict__".to_string());
    } else {
        if scopes[id].is_function() {
            newbound.extend(local.iter().cloned());
        }
        if let Some(b) = &bound_own {
            newbound.extend(b.iter().cloned());
        }
        newglobal.extend(global.iter().cloned());
    }
    let children = scopes[id].children.clone();
    let mut inlined_cells: HashSet<String> = HashSet::default();
    for c in children {
        let mut child_free = newfree.clone();
        let new_class_entry = if scopes[c].can_see_class_scope {
            if is_class {
                Some(id)
            } else {
                class_entry
            }
        } else {
            None
        };
        crate::grow(|| {
            analyze_block(
                scopes,
                c,
                Some(&newbound),
                &mut child_free,
                &newglobal,
                new_class_entry,
            )
        })?;
        let inline_comp = scopes[c].comprehension.is_some() && !scopes[c].generator;
        if inline_comp {
            inline_comprehension(scopes, id, c, &mut res, &mut child_free, &mut inlined_cells);
            scopes[c].comp_inlined = true;
        }
        newfree.extend(child_free);
        if scopes[c].free || scopes[c].child_free {
            scopes[id].child_free = true;
        }
    }
    // Splice the children of inlined comprehensions into our children.
    let mut spliced = Vec::new();
    for &c in &scopes[id].children {
        if scopes[c].comp_inlined {
            spliced.extend(scopes[c].children.iter().copied());
        } else {
            spliced.push(c);
        }
    }
    scopes[id].children = spliced;
    if scopes[id].is_function() {
        // analyze_cells: locals that children need become cells.
        for (name, sc) in res.iter_mut() {
            if *sc == NameScope::Local && (newfree.contains(name) || inlined_cells.contains(name)) {
                *sc = NameScope::Cell;
                newfree.remove(name);
            }
        }
    } else if is_class {
        if newfree.remove("__class__") {
            scopes[id].needs_class_closure = true;
        }
        if newfree.remove("__classdict__") {
            scopes[id].needs_classdict = true;
        }
    }
    // update_symbols: record free variables of children.
    for name in &inlined_cells {
        if let Some(&i) = scopes[id].index.get(name) {
            scopes[id].symbols[i].1 |= flag::COMP_CELL;
        }
    }
    let classflag = is_class || scopes[id].can_see_class_scope;
    for name in newfree.iter() {
        if scopes[id].index.contains_key(name) {
            if classflag {
                let i = scopes[id].index[name];
                scopes[id].symbols[i].1 |= flag::FREE_CLASS;
            }
            continue;
        }
        if let Some(b) = &bound_own {
            if !b.contains(name) {
                continue;
            }
        } else {
            continue;
        }
        scopes[id].add(name, 0);
        res.insert(name.clone(), NameScope::Free);
    }
    scopes[id].scopes = res;
    free.extend(newfree);
    Ok(())
}
