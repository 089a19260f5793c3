//! Code generation, as CPython 3.12.1's `compile.c` does it: the AST of
//! each scope becomes an instruction sequence with pseudo-instructions and
//! labels, handed to [`crate::flowgraph`] and [`crate::assemble`].
//!
//! Constructs not handled yet fail with an `Unsupported` error rather than
//! producing different code.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use num_bigint::BigInt;

use crate::assemble::{self, Location, UnitOutput, NO_LOCATION};
use crate::ast::*;
use crate::code::{flags, CodeUnit, Constant, PyStr};
use crate::error::{CompileError, Result};
use crate::opcode::*;
use crate::symtable::{flag, mangle, BlockKind, CompKind, NameScope, SymbolTable};

/// Above this many stack items CPython switches to incremental building.
const STACK_USE_GUIDELINE: usize = 30;

/// One instruction of a unit's sequence; `arg` is a label for jumps.
#[derive(Clone, Copy, Debug)]
pub struct Instr {
    /// Opcode (pseudo ops included).
    pub op: u16,
    /// Argument (a label id for instructions with a target).
    pub arg: i32,
    /// Source location.
    pub loc: Location,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum UnitKind {
    Module,
    Class,
    Function,
    AsyncFunction,
    Lambda,
    Comprehension,
    TypeParams,
}

#[derive(Clone, Copy, Debug)]
enum FBlockKind<'a> {
    WhileLoop,
    ForLoop,
    TryExcept,
    FinallyTry(&'a [Stmt]),
    FinallyEnd,
    With(Loc),
    AsyncWith(Loc),
    HandlerCleanup(Option<&'a str>),
    PopValue,
    ExceptionHandler,
    ExceptionGroupHandler,
    AsyncComprehensionGenerator,
    StopIteration,
}

#[derive(Clone, Copy, Debug)]
struct FBlock<'a> {
    kind: FBlockKind<'a>,
    block: i32,
    exit: i32,
}

/// An insertion-ordered name → index map (CPython's dicts of names).
///
/// Most code objects have a handful of names: up to `NameMap::LINEAR`
/// they are found by scanning the list, and the hash index is built only
/// past that (the compiler makes several maps per code object).
#[derive(Default, Debug, Clone)]
pub struct NameMap {
    /// Names in index order.
    pub list: Vec<String>,
    map: HashMap<String, usize>,
}

impl NameMap {
    /// The size up to which names are found by a scan.
    const LINEAR: usize = 12;

    /// Index of a name, adding it at the end if new.
    pub fn add(&mut self, n: &str) -> usize {
        if let Some(i) = self.get(n) {
            return i;
        }
        let i = self.list.len();
        self.list.push(n.to_string());
        if self.list.len() > Self::LINEAR {
            if self.map.is_empty() {
                self.map = self
                    .list
                    .iter()
                    .enumerate()
                    .map(|(j, s)| (s.clone(), j))
                    .collect();
            } else {
                self.map.insert(n.to_string(), i);
            }
        }
        i
    }

    /// Index of a name, if present.
    pub fn get(&self, n: &str) -> Option<usize> {
        if self.list.len() <= Self::LINEAR {
            self.list.iter().position(|x| x == n)
        } else {
            self.map.get(n).copied()
        }
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether empty.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

struct Unit<'a> {
    scope: usize,
    kind: UnitKind,
    name: String,
    qualname: String,
    private: Option<String>,
    instrs: Vec<Instr>,
    labelmap: Vec<i32>,
    next_label: i32,
    consts: Vec<Constant>,
    /// Constants by their merge-key hash (CPython's `u_consts` dict).
    const_index: HashMap<u64, Vec<usize>>,
    names: NameMap,
    varnames: NameMap,
    cellvars: NameMap,
    freevars: NameMap,
    argcount: u32,
    posonlyargcount: u32,
    kwonlyargcount: u32,
    firstlineno: i32,
    fblocks: Vec<FBlock<'a>>,
    /// Scopes temporarily overridden while an inlined comprehension is
    /// compiled (CPython swaps them in `ste_symbols`).
    overrides: HashMap<String, Option<NameScope>>,
    in_inlined_comp: u32,
    /// Names made fast locals for an inlined comprehension in a module or
    /// class body (`true` while active; they stay `CO_FAST_HIDDEN`).
    fasthidden: HashMap<String, bool>,
}

struct Compiler<'a> {
    table: &'a SymbolTable,
    filename: String,
    units: Vec<Unit<'a>>,
    code_serial: usize,
    depth: u32,
    /// `from __future__ import annotations` is in force.
    future_annotations: bool,
    /// Future-feature bits ORed into every `co_flags`.
    future_flags: u32,
    /// Line of the last leading `from __future__` import.
    future_lineno: i32,
    /// `single` mode: top-level expression statements print their value.
    interactive: bool,
    /// The optimization level: 1 drops asserts, 2 also docstrings.
    optimize: u8,
}

fn loc_of(l: Loc) -> Location {
    Location {
        lineno: l.lineno,
        end_lineno: l.end_lineno,
        col: l.col,
        end_col: l.end_col,
    }
}

fn docstring(body: &[Stmt]) -> Option<&Expr> {
    match body.first().map(|s| &s.kind) {
        Some(StmtKind::Expr(e)) if matches!(e.kind, ExprKind::Constant(Constant::Str(_))) => {
            Some(e)
        }
        _ => None,
    }
}

fn find_ann(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| match &s.kind {
        StmtKind::AnnAssign { .. } => true,
        StmtKind::For { body, orelse, .. } | StmtKind::While { body, orelse, .. } => {
            find_ann(body) || find_ann(orelse)
        }
        StmtKind::If { body, orelse, .. } => find_ann(body) || find_ann(orelse),
        StmtKind::With { body, .. } => find_ann(body),
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
            ..
        } => {
            find_ann(body)
                || find_ann(orelse)
                || find_ann(finalbody)
                || handlers.iter().any(|h| find_ann(&h.body))
        }
        StmtKind::Match { cases, .. } => cases.iter().any(|c| find_ann(&c.body)),
        _ => false,
    })
}

/// Compiles an `eval`-mode expression to its code unit tree.
pub fn compile_expression<'a>(
    e: &'a Expr,
    table: &'a SymbolTable,
    filename: &str,
    optimize: u8,
) -> Result<CodeUnit> {
    let mut c = Compiler {
        table,
        filename: filename.to_string(),
        units: Vec::new(),
        code_serial: 0,
        depth: 0,
        future_annotations: false,
        future_flags: 0,
        future_lineno: 0,
        interactive: false,
        optimize,
    };
    c.enter_scope("<module>", UnitKind::Module, 0, 1)?;
    c.expr(e)?;
    c.finish_unit(false)
}

/// Compiles a `single`-mode (interactive) module: no docstring, and each
/// top-level expression statement prints its value.
pub fn compile_interactive<'a>(
    m: &'a Module,
    table: &'a SymbolTable,
    filename: &str,
    future_flags: u32,
    future_lineno: i32,
    optimize: u8,
) -> Result<CodeUnit> {
    let mut c = Compiler {
        table,
        filename: filename.to_string(),
        units: Vec::new(),
        code_serial: 0,
        depth: 0,
        future_annotations: future_flags & flags::FUTURE_ANNOTATIONS != 0,
        future_flags,
        future_lineno,
        interactive: true,
        optimize,
    };
    c.enter_scope("<module>", UnitKind::Module, 0, 1)?;
    let loc = Location {
        lineno: 1,
        end_lineno: 1,
        col: 0,
        end_col: 0,
    };
    if find_ann(&m.body) {
        c.addop(SETUP_ANNOTATIONS, 0, loc);
    }
    c.stmts(&m.body)?;
    c.finish_unit(true)
}

/// Compiles a module to its code unit tree; `future_flags` are the
/// `CO_FUTURE_*` bits of its `__future__` imports.
pub fn compile_module<'a>(
    m: &'a Module,
    table: &'a SymbolTable,
    filename: &str,
    future_flags: u32,
    future_lineno: i32,
    optimize: u8,
) -> Result<CodeUnit> {
    let mut c = Compiler {
        table,
        filename: filename.to_string(),
        units: Vec::new(),
        code_serial: 0,
        depth: 0,
        future_annotations: future_flags & flags::FUTURE_ANNOTATIONS != 0,
        future_flags,
        future_lineno,
        interactive: false,
        optimize,
    };
    c.enter_scope("<module>", UnitKind::Module, 0, 1)?;
    let mut loc = Location {
        lineno: 1,
        end_lineno: 1,
        col: 0,
        end_col: 0,
    };
    if let Some(first) = m.body.first() {
        loc = loc_of(first.loc);
    }
    c.body(loc, &m.body)?;
    c.finish_unit(true)
}

impl<'a> Compiler<'a> {
    fn u(&mut self) -> &mut Unit<'a> {
        self.units.last_mut().expect("a unit is always open")
    }

    fn ur(&self) -> &Unit<'a> {
        self.units.last().expect("a unit is always open")
    }

    fn ste(&self) -> &crate::symtable::Scope {
        &self.table.scopes[self.ur().scope]
    }

    fn unsupported<T>(&self, what: &str, loc: Loc) -> Result<T> {
        Err(CompileError::unsupported(what, loc.lineno))
    }

    // ----- instruction emission -----

    fn addop(&mut self, op: u16, arg: i32, loc: Location) {
        self.u().instrs.push(Instr { op, arg, loc });
    }

    fn new_label(&mut self) -> i32 {
        let u = self.u();
        u.next_label += 1;
        u.next_label
    }

    fn use_label(&mut self, lbl: i32) {
        let u = self.u();
        let idx = lbl as usize;
        if u.labelmap.len() <= idx {
            u.labelmap.resize(idx + 1, -111);
        }
        u.labelmap[idx] = u.instrs.len() as i32;
    }

    fn insert_instr(&mut self, pos: usize, op: u16, arg: i32, loc: Location) {
        let u = self.u();
        u.instrs.insert(pos, Instr { op, arg, loc });
        for l in u.labelmap.iter_mut() {
            if *l >= pos as i32 {
                *l += 1;
            }
        }
    }

    fn add_const(&mut self, c: Constant) -> i32 {
        let serial = if matches!(c, Constant::Code(_)) {
            self.code_serial += 1;
            self.code_serial
        } else {
            0
        };
        let _ = serial;
        let nan = crate::code::contains_nan(&c);
        let u = self.u();
        if nan {
            // NaN != NaN: CPython never merges them.
            u.consts.push(c);
            return (u.consts.len() - 1) as i32;
        }
        let h = c.key_hash();
        if let Some(cands) = u.const_index.get(&h) {
            for &i in cands {
                if u.consts[i].same_key(&c) {
                    return i as i32;
                }
            }
        }
        u.consts.push(c);
        let i = u.consts.len() - 1;
        u.const_index.entry(h).or_default().push(i);
        i as i32
    }

    fn load_const(&mut self, c: Constant, loc: Location) {
        let i = self.add_const(c);
        self.addop(LOAD_CONST, i, loc);
    }

    fn mangled<'n>(&self, name: &'n str) -> std::borrow::Cow<'n, str> {
        mangle(self.ur().private.as_deref(), name)
    }

    fn addop_name(&mut self, op: u16, name: &str, loc: Location) {
        let m = self.mangled(name);
        let mut arg = self.u().names.add(&m) as i32;
        let mut op = op;
        match op {
            LOAD_ATTR => arg <<= 1,
            LOAD_METHOD => {
                op = LOAD_ATTR;
                arg = (arg << 1) | 1;
            }
            LOAD_SUPER_ATTR => arg = (arg << 2) | 2,
            LOAD_SUPER_METHOD => {
                op = LOAD_SUPER_ATTR;
                arg = (arg << 2) | 3;
            }
            LOAD_ZERO_SUPER_ATTR => {
                op = LOAD_SUPER_ATTR;
                arg <<= 2;
            }
            LOAD_ZERO_SUPER_METHOD => {
                op = LOAD_SUPER_ATTR;
                arg = (arg << 2) | 1;
            }
            _ => {}
        }
        self.addop(op, arg, loc);
    }

    // ----- scopes -----

    fn enter_scope(&mut self, name: &str, kind: UnitKind, scope: usize, lineno: i32) -> Result<()> {
        let ste = &self.table.scopes[scope];
        let mut varnames = NameMap::default();
        for v in &ste.varnames {
            varnames.add(v);
        }
        let mut cells: Vec<&str> = ste
            .symbols
            .iter()
            .filter(|(n, f)| ste.scope_of(n) == Some(NameScope::Cell) || f & flag::COMP_CELL != 0)
            .map(|(n, _)| n.as_str())
            .collect();
        cells.sort();
        let mut cellvars = NameMap::default();
        for c in cells {
            cellvars.add(c);
        }
        if ste.needs_class_closure {
            cellvars.add("__class__");
        }
        if ste.needs_classdict {
            cellvars.add("__classdict__");
        }
        let mut frees: Vec<&str> = ste
            .symbols
            .iter()
            .filter(|(n, f)| ste.scope_of(n) == Some(NameScope::Free) || f & flag::FREE_CLASS != 0)
            .map(|(n, _)| n.as_str())
            .collect();
        frees.sort();
        let mut freevars = NameMap::default();
        for f in frees {
            freevars.add(f);
        }
        let private = self.units.last().and_then(|u| u.private.clone());
        self.units.push(Unit {
            scope,
            kind,
            name: name.to_string(),
            qualname: name.to_string(),
            private,
            instrs: Vec::new(),
            labelmap: Vec::new(),
            next_label: 0,
            consts: Vec::new(),
            const_index: HashMap::default(),
            names: NameMap::default(),
            varnames,
            cellvars,
            freevars,
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            firstlineno: lineno,
            fblocks: Vec::new(),
            overrides: HashMap::default(),
            in_inlined_comp: 0,
            fasthidden: HashMap::default(),
        });
        let mut loc = Location {
            lineno,
            end_lineno: lineno,
            col: 0,
            end_col: 0,
        };
        if kind == UnitKind::Module {
            loc.lineno = 0;
        } else {
            self.set_qualname();
        }
        self.addop(RESUME, 0, loc);
        Ok(())
    }

    fn set_qualname(&mut self) {
        let n = self.units.len();
        if n < 2 {
            return;
        }
        let mut parent = &self.units[n - 2];
        let u = &self.units[n - 1];
        if parent.kind == UnitKind::TypeParams {
            if n == 3 {
                self.units[n - 1].qualname = u.name.clone();
                return;
            }
            parent = &self.units[n - 3];
        }
        let mut force_global = false;
        if matches!(
            u.kind,
            UnitKind::Function | UnitKind::AsyncFunction | UnitKind::Class
        ) {
            let m = mangle(parent.private.as_deref(), &u.name);
            if self.table.scopes[parent.scope].scope_of(&m) == Some(NameScope::GlobalExplicit) {
                force_global = true;
            }
        }
        let qual = if parent.kind == UnitKind::Module || force_global {
            u.name.clone()
        } else if matches!(
            parent.kind,
            UnitKind::Function | UnitKind::AsyncFunction | UnitKind::Lambda
        ) {
            format!("{}.<locals>.{}", parent.qualname, u.name)
        } else {
            format!("{}.{}", parent.qualname, u.name)
        };
        self.units[n - 1].qualname = qual;
    }

    fn code_flags(&self) -> u32 {
        let ste = self.ste();
        let mut f = 0;
        if ste.is_function() {
            f |= flags::NEWLOCALS | flags::OPTIMIZED;
            if ste.nested {
                f |= flags::NESTED;
            }
            if ste.generator && !ste.coroutine {
                f |= flags::GENERATOR;
            }
            if !ste.generator && ste.coroutine {
                f |= flags::COROUTINE;
            }
            if ste.generator && ste.coroutine {
                f |= flags::ASYNC_GENERATOR;
            }
            if ste.varargs {
                f |= flags::VARARGS;
            }
            if ste.varkeywords {
                f |= flags::VARKEYWORDS;
            }
        }
        f | self.future_flags
    }

    /// `optimize_and_assemble`: closes the current unit.
    fn finish_unit(&mut self, add_none: bool) -> Result<CodeUnit> {
        let code_flags = self.code_flags();
        if add_none {
            self.load_const(Constant::None, NO_LOCATION);
        }
        self.addop(RETURN_VALUE, 0, NO_LOCATION);
        let nparams = self.ste().varnames.len();
        let u = self.units.pop().expect("a unit is always open");
        let out = UnitOutput {
            name: u.name,
            qualname: u.qualname,
            filename: self.filename.clone(),
            instrs: u.instrs,
            labelmap: u.labelmap,
            consts: u.consts,
            names: u.names.list,
            hidden: u.fasthidden.keys().cloned().collect(),
            varnames: u.varnames,
            cellvars: u.cellvars,
            freevars: u.freevars,
            argcount: u.argcount,
            posonlyargcount: u.posonlyargcount,
            kwonlyargcount: u.kwonlyargcount,
            firstlineno: u.firstlineno,
            flags: code_flags,
            nparams,
        };
        assemble::optimize_and_assemble(out)
    }

    // ----- statements -----

    fn body(&mut self, loc: Location, stmts: &'a [Stmt]) -> Result<()> {
        if find_ann(stmts) {
            self.addop(SETUP_ANNOTATIONS, 0, loc);
        }
        if stmts.is_empty() {
            return Ok(());
        }
        let mut start = 0;
        // Docstrings are dropped from optimization level 2.
        if let Some(doc) = docstring(stmts).filter(|_| self.optimize < 2) {
            start = 1;
            self.expr(doc)?;
            self.nameop("__doc__", Ctx::Store, NO_LOCATION)?;
        }
        for s in &stmts[start..] {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmts(&mut self, v: &'a [Stmt]) -> Result<()> {
        v.iter().try_for_each(|s| self.stmt(s))
    }

    fn stmt(&mut self, s: &'a Stmt) -> Result<()> {
        self.depth += 1;
        if self.depth > 2000 {
            return Err(CompileError::too_deep(s.loc.lineno, s.loc.col));
        }
        let r = crate::grow(|| self.stmt_inner(s));
        self.depth -= 1;
        r
    }

    fn stmt_inner(&mut self, s: &'a Stmt) -> Result<()> {
        let loc = loc_of(s.loc);
        match &s.kind {
            StmtKind::FunctionDef { .. } => self.function(s),
            StmtKind::ClassDef { .. } => self.class(s),
            StmtKind::Return(v) => self.return_(s, v.as_deref()),
            StmtKind::Delete(targets) => targets.iter().try_for_each(|t| self.expr(t)),
            StmtKind::Assign { targets, value } => {
                self.expr(value)?;
                let n = targets.len();
                for (i, t) in targets.iter().enumerate() {
                    if i + 1 < n {
                        self.addop(COPY, 1, loc);
                    }
                    self.expr(t)?;
                }
                Ok(())
            }
            StmtKind::AugAssign { target, op, value } => self.augassign(s, target, *op, value),
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => self.annassign(s, target, annotation, value.as_deref(), *simple),
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                is_async,
            } => {
                if *is_async {
                    if self.ur().kind != UnitKind::AsyncFunction {
                        return Err(CompileError::at(
                            "'async for' outside async function",
                            &s.loc,
                        ));
                    }
                    return self.async_for(s, target, iter, body, orelse);
                }
                self.for_(s, target, iter, body, orelse)
            }
            StmtKind::While { test, body, orelse } => self.while_(s, test, body, orelse),
            StmtKind::If { test, body, orelse } => {
                let end = self.new_label();
                let next = if orelse.is_empty() {
                    end
                } else {
                    self.new_label()
                };
                self.jump_if(loc, test, next, false)?;
                self.stmts(body)?;
                if !orelse.is_empty() {
                    self.addop(JUMP, end, NO_LOCATION);
                    self.use_label(next);
                    self.stmts(orelse)?;
                }
                self.use_label(end);
                Ok(())
            }
            StmtKind::Raise { exc, cause } => {
                let mut n = 0;
                if let Some(e) = exc {
                    self.expr(e)?;
                    n += 1;
                    if let Some(c) = cause {
                        self.expr(c)?;
                        n += 1;
                    }
                }
                self.addop(RAISE_VARARGS, n, loc);
                Ok(())
            }
            StmtKind::Import(names) => self.import(loc, names),
            StmtKind::ImportFrom {
                module,
                names,
                level,
            } => self.import_from(loc, module.as_deref(), names, *level),
            StmtKind::Global(_) | StmtKind::Nonlocal(_) => Ok(()),
            StmtKind::Expr(value) => {
                if self.interactive && self.units.len() <= 1 {
                    self.expr(value)?;
                    self.addop(CALL_INTRINSIC_1, 1, loc);
                    self.addop(POP_TOP, 0, NO_LOCATION);
                    return Ok(());
                }
                if matches!(value.kind, ExprKind::Constant(_)) {
                    self.addop(NOP, 0, loc);
                    return Ok(());
                }
                self.expr(value)?;
                self.addop(POP_TOP, 0, NO_LOCATION);
                Ok(())
            }
            StmtKind::Pass => {
                self.addop(NOP, 0, loc);
                Ok(())
            }
            StmtKind::Break => self.break_(s),
            StmtKind::Continue => self.continue_(s),
            StmtKind::Assert { test, msg } => self.assert_(s, test, msg.as_deref()),
            StmtKind::Try { .. } => self.try_(s),
            StmtKind::With {
                items,
                body,
                is_async,
            } => {
                if *is_async {
                    if self.ur().kind != UnitKind::AsyncFunction {
                        return Err(CompileError::at(
                            "'async with' outside async function",
                            &s.loc,
                        ));
                    }
                    return self.async_with(s, items, body, 0);
                }
                self.with_(s, items, body, 0)
            }
            StmtKind::Match { subject, cases } => self.match_(subject, cases),
            StmtKind::TypeAlias {
                name,
                type_params,
                value,
            } => self.type_alias(s, name, type_params, value),
        }
    }

    fn assert_(&mut self, s: &'a Stmt, test: &'a Expr, msg: Option<&'a Expr>) -> Result<()> {
        // compiler_assert: no code at all from optimization level 1.
        if self.optimize > 0 {
            return Ok(());
        }
        let end = self.new_label();
        self.jump_if(loc_of(s.loc), test, end, true)?;
        self.addop(LOAD_ASSERTION_ERROR, 0, loc_of(s.loc));
        if let Some(m) = msg {
            self.expr(m)?;
            self.addop(CALL, 0, loc_of(s.loc));
        }
        self.addop(RAISE_VARARGS, 1, loc_of(s.loc));
        self.use_label(end);
        Ok(())
    }

    fn import(&mut self, loc: Location, names: &'a [Alias]) -> Result<()> {
        for a in names {
            self.load_const(Constant::Int(BigInt::from(0)), loc);
            self.load_const(Constant::None, loc);
            self.addop_name(IMPORT_NAME, &a.name, loc);
            if let Some(asname) = &a.asname {
                // compiler_import_as
                let parts: Vec<&str> = a.name.split('.').collect();
                if parts.len() > 1 {
                    for (i, p) in parts.iter().enumerate().skip(1) {
                        self.addop_name(IMPORT_FROM, p, loc);
                        if i + 1 == parts.len() {
                            break;
                        }
                        self.addop(SWAP, 2, loc);
                        self.addop(POP_TOP, 0, loc);
                    }
                    self.nameop(asname, Ctx::Store, loc)?;
                    self.addop(POP_TOP, 0, loc);
                } else {
                    self.nameop(asname, Ctx::Store, loc)?;
                }
            } else {
                let store = a.name.split('.').next().unwrap_or(&a.name).to_string();
                self.nameop(&store, Ctx::Store, loc)?;
            }
        }
        Ok(())
    }

    fn import_from(
        &mut self,
        loc: Location,
        module: Option<&str>,
        names: &'a [Alias],
        level: u32,
    ) -> Result<()> {
        if module == Some("__future__") && loc.lineno > self.future_lineno {
            return Err(CompileError::at(
                "from __future__ imports must occur at the beginning of the file",
                &loc,
            ));
        }
        self.load_const(Constant::Int(BigInt::from(level)), loc);
        let fromlist: Vec<Constant> = names
            .iter()
            .map(|a| Constant::Str(PyStr::new(&a.name)))
            .collect();
        self.load_const(Constant::Tuple(fromlist), loc);
        self.addop_name(IMPORT_NAME, module.unwrap_or(""), loc);
        for a in names {
            if a.name == "*" {
                self.addop(CALL_INTRINSIC_1, 2, loc);
                self.addop(POP_TOP, 0, NO_LOCATION);
                return Ok(());
            }
            self.addop_name(IMPORT_FROM, &a.name, loc);
            let store = a.asname.as_deref().unwrap_or(&a.name).to_string();
            self.nameop(&store, Ctx::Store, loc)?;
        }
        self.addop(POP_TOP, 0, loc);
        Ok(())
    }

    fn augassign(
        &mut self,
        s: &'a Stmt,
        target: &'a Expr,
        op: Operator,
        value: &'a Expr,
    ) -> Result<()> {
        let tloc = loc_of(target.loc);
        match &target.kind {
            ExprKind::Attribute {
                value: obj, attr, ..
            } => {
                self.expr(obj)?;
                self.addop(COPY, 1, tloc);
                let l = self.attr_loc(tloc, target);
                self.addop_name(LOAD_ATTR, attr, l);
            }
            ExprKind::Subscript {
                value: obj, slice, ..
            } => {
                self.expr(obj)?;
                if is_two_element_slice(slice) {
                    self.slice_parts(slice)?;
                    self.addop(COPY, 3, tloc);
                    self.addop(COPY, 3, tloc);
                    self.addop(COPY, 3, tloc);
                    self.addop(BINARY_SLICE, 0, tloc);
                } else {
                    self.expr(slice)?;
                    self.addop(COPY, 2, tloc);
                    self.addop(COPY, 2, tloc);
                    self.addop(BINARY_SUBSCR, 0, tloc);
                }
            }
            ExprKind::Name { id, .. } => self.nameop(id, Ctx::Load, tloc)?,
            _ => {
                return Err(CompileError::at(
                    "illegal expression for augmented assignment",
                    &s.loc,
                ))
            }
        }
        self.expr(value)?;
        self.addop(BINARY_OP, binop_arg(op, true), loc_of(s.loc));
        match &target.kind {
            ExprKind::Attribute { attr, .. } => {
                let l = self.attr_loc(tloc, target);
                self.addop(SWAP, 2, l);
                self.addop_name(STORE_ATTR, attr, l);
            }
            ExprKind::Subscript { slice, .. } => {
                if is_two_element_slice(slice) {
                    self.addop(SWAP, 4, tloc);
                    self.addop(SWAP, 3, tloc);
                    self.addop(SWAP, 2, tloc);
                    self.addop(STORE_SLICE, 0, tloc);
                } else {
                    self.addop(SWAP, 3, tloc);
                    self.addop(SWAP, 2, tloc);
                    self.addop(STORE_SUBSCR, 0, tloc);
                }
            }
            ExprKind::Name { id, .. } => self.nameop(id, Ctx::Store, tloc)?,
            _ => {}
        }
        Ok(())
    }

    fn for_(
        &mut self,
        s: &'a Stmt,
        target: &'a Expr,
        iter: &'a Expr,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
    ) -> Result<()> {
        // 3.12.1 gives GET_ITER/FOR_ITER the whole statement's location
        // (gh-93691 changed that in 3.12.5).
        let loc = loc_of(s.loc);
        let start = self.new_label();
        let body_l = self.new_label();
        let cleanup = self.new_label();
        let end = self.new_label();
        self.push_fblock(FBlockKind::ForLoop, start, end, loc)?;
        self.expr(iter)?;
        self.addop(GET_ITER, 0, loc);
        self.use_label(start);
        self.addop(FOR_ITER, cleanup, loc);
        self.addop(NOP, 0, loc_of(target.loc));
        self.use_label(body_l);
        self.expr(target)?;
        self.stmts(body)?;
        self.addop(JUMP, start, NO_LOCATION);
        self.use_label(cleanup);
        self.addop(END_FOR, 0, NO_LOCATION);
        self.u().fblocks.pop();
        self.stmts(orelse)?;
        self.use_label(end);
        Ok(())
    }

    fn while_(
        &mut self,
        s: &'a Stmt,
        test: &'a Expr,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
    ) -> Result<()> {
        let loc = loc_of(s.loc);
        let lp = self.new_label();
        let body_l = self.new_label();
        let end = self.new_label();
        let anchor = self.new_label();
        self.use_label(lp);
        self.push_fblock(FBlockKind::WhileLoop, lp, end, loc)?;
        self.jump_if(loc, test, anchor, false)?;
        self.use_label(body_l);
        self.stmts(body)?;
        self.jump_if(loc, test, body_l, true)?;
        self.u().fblocks.pop();
        self.use_label(anchor);
        self.stmts(orelse)?;
        self.use_label(end);
        Ok(())
    }

    fn push_fblock(
        &mut self,
        kind: FBlockKind<'a>,
        block: i32,
        exit: i32,
        loc: Location,
    ) -> Result<()> {
        if self.ur().fblocks.len() >= 20 {
            return Err(CompileError::at("too many statically nested blocks", &loc));
        }
        self.u().fblocks.push(FBlock { kind, block, exit });
        Ok(())
    }

    fn pop_fblock(&mut self) {
        self.u().fblocks.pop();
    }

    fn call_exit_with_nones(&mut self, loc: Location) {
        self.load_const(Constant::None, loc);
        self.load_const(Constant::None, loc);
        self.load_const(Constant::None, loc);
        self.addop(CALL, 2, loc);
    }

    fn pop_except_and_reraise(&mut self, loc: Location) {
        self.addop(COPY, 3, loc);
        self.addop(POP_EXCEPT, 0, loc);
        self.addop(RERAISE, 1, loc);
    }

    /// `compiler_unwind_fblock`: returns the location to continue with.
    fn unwind_fblock(
        &mut self,
        fb: FBlock<'a>,
        mut loc: Location,
        preserve_tos: bool,
    ) -> Result<Location> {
        match fb.kind {
            FBlockKind::WhileLoop
            | FBlockKind::ExceptionHandler
            | FBlockKind::ExceptionGroupHandler
            | FBlockKind::AsyncComprehensionGenerator
            | FBlockKind::StopIteration => {}
            FBlockKind::ForLoop => {
                if preserve_tos {
                    self.addop(SWAP, 2, loc);
                }
                self.addop(POP_TOP, 0, loc);
            }
            FBlockKind::TryExcept => self.addop(POP_BLOCK, 0, loc),
            FBlockKind::FinallyTry(body) => {
                self.addop(POP_BLOCK, 0, loc);
                if preserve_tos {
                    self.push_fblock(FBlockKind::PopValue, -1, -1, loc)?;
                }
                self.stmts(body)?;
                if preserve_tos {
                    self.pop_fblock();
                }
                loc = NO_LOCATION;
            }
            FBlockKind::FinallyEnd => {
                if preserve_tos {
                    self.addop(SWAP, 2, loc);
                }
                self.addop(POP_TOP, 0, loc);
                if preserve_tos {
                    self.addop(SWAP, 2, loc);
                }
                self.addop(POP_BLOCK, 0, loc);
                self.addop(POP_EXCEPT, 0, loc);
            }
            FBlockKind::With(wloc) | FBlockKind::AsyncWith(wloc) => {
                loc = loc_of(wloc);
                self.addop(POP_BLOCK, 0, loc);
                if preserve_tos {
                    self.addop(SWAP, 2, loc);
                }
                self.call_exit_with_nones(loc);
                if matches!(fb.kind, FBlockKind::AsyncWith(_)) {
                    self.addop(GET_AWAITABLE, 2, loc);
                    self.load_const(Constant::None, loc);
                    self.add_yield_from(loc, true);
                }
                self.addop(POP_TOP, 0, loc);
                loc = NO_LOCATION;
            }
            FBlockKind::HandlerCleanup(name) => {
                if name.is_some() {
                    self.addop(POP_BLOCK, 0, loc);
                }
                if preserve_tos {
                    self.addop(SWAP, 2, loc);
                }
                self.addop(POP_BLOCK, 0, loc);
                self.addop(POP_EXCEPT, 0, loc);
                if let Some(n) = name {
                    self.load_const(Constant::None, loc);
                    self.nameop(n, Ctx::Store, loc)?;
                    self.nameop(n, Ctx::Del, loc)?;
                }
            }
            FBlockKind::PopValue => {
                if preserve_tos {
                    self.addop(SWAP, 2, loc);
                }
                self.addop(POP_TOP, 0, loc);
            }
        }
        Ok(loc)
    }

    /// `compiler_unwind_fblock_stack`; with `want_loop`, stops at the
    /// innermost loop and returns it.
    fn unwind_fblock_stack(
        &mut self,
        loc: Location,
        preserve_tos: bool,
        want_loop: bool,
    ) -> Result<(Location, Option<FBlock<'a>>)> {
        let Some(top) = self.ur().fblocks.last().copied() else {
            return Ok((loc, None));
        };
        if matches!(top.kind, FBlockKind::ExceptionGroupHandler) {
            return Err(CompileError::at(
                "'break', 'continue' and 'return' cannot appear in an except* block",
                &loc,
            ));
        }
        if want_loop && matches!(top.kind, FBlockKind::WhileLoop | FBlockKind::ForLoop) {
            return Ok((loc, Some(top)));
        }
        self.u().fblocks.pop();
        let r = self
            .unwind_fblock(top, loc, preserve_tos)
            .and_then(|loc| self.unwind_fblock_stack(loc, preserve_tos, want_loop));
        self.u().fblocks.push(top);
        r
    }

    fn try_(&mut self, s: &'a Stmt) -> Result<()> {
        let StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
            is_star,
        } = &s.kind
        else {
            return Ok(());
        };
        if finalbody.is_empty() {
            return if *is_star {
                self.try_star_except(s, body, handlers, orelse)
            } else {
                self.try_except(s, body, handlers, orelse)
            };
        }
        let loc = loc_of(s.loc);
        let body_l = self.new_label();
        let end = self.new_label();
        let exit = self.new_label();
        let cleanup = self.new_label();
        self.addop(SETUP_FINALLY, end, loc);
        self.use_label(body_l);
        self.push_fblock(FBlockKind::FinallyTry(finalbody), body_l, end, loc)?;
        if !handlers.is_empty() {
            if *is_star {
                self.try_star_except(s, body, handlers, orelse)?;
            } else {
                self.try_except(s, body, handlers, orelse)?;
            }
        } else {
            self.stmts(body)?;
        }
        self.addop(POP_BLOCK, 0, NO_LOCATION);
        self.pop_fblock();
        self.stmts(finalbody)?;
        self.addop(JUMP, exit, NO_LOCATION);
        self.use_label(end);
        self.addop(SETUP_CLEANUP, cleanup, NO_LOCATION);
        self.addop(PUSH_EXC_INFO, 0, NO_LOCATION);
        self.push_fblock(FBlockKind::FinallyEnd, end, -1, NO_LOCATION)?;
        self.stmts(finalbody)?;
        self.pop_fblock();
        self.addop(RERAISE, 0, NO_LOCATION);
        self.use_label(cleanup);
        self.pop_except_and_reraise(NO_LOCATION);
        self.use_label(exit);
        Ok(())
    }

    fn try_star_except(
        &mut self,
        s: &'a Stmt,
        body: &'a [Stmt],
        handlers: &'a [ExceptHandler],
        orelse: &'a [Stmt],
    ) -> Result<()> {
        let loc = loc_of(s.loc);
        let body_l = self.new_label();
        let mut except = self.new_label();
        let orelse_l = self.new_label();
        let end = self.new_label();
        let cleanup = self.new_label();
        let reraise_star = self.new_label();
        self.addop(SETUP_FINALLY, except, loc);
        self.use_label(body_l);
        self.push_fblock(FBlockKind::TryExcept, body_l, -1, loc)?;
        self.stmts(body)?;
        self.pop_fblock();
        self.addop(POP_BLOCK, 0, NO_LOCATION);
        self.addop(JUMP, orelse_l, NO_LOCATION);
        let n = handlers.len();
        self.use_label(except);
        self.addop(SETUP_CLEANUP, cleanup, NO_LOCATION);
        self.addop(PUSH_EXC_INFO, 0, NO_LOCATION);
        self.push_fblock(FBlockKind::ExceptionGroupHandler, -1, -1, loc)?;
        for (i, h) in handlers.iter().enumerate() {
            let hloc = loc_of(h.loc);
            except = self.new_label();
            let except_with_error = self.new_label();
            let no_match = self.new_label();
            if i == 0 {
                self.addop(BUILD_LIST, 0, hloc);
                self.addop(COPY, 2, hloc);
            }
            if let Some(t) = &h.typ {
                self.expr(t)?;
                self.addop(CHECK_EG_MATCH, 0, hloc);
                self.addop(COPY, 1, hloc);
                self.addop(POP_JUMP_IF_NONE, no_match, hloc);
            }
            let cleanup_end = self.new_label();
            let cleanup_body = self.new_label();
            match &h.name {
                Some(name) => self.nameop(name, Ctx::Store, hloc)?,
                None => self.addop(POP_TOP, 0, hloc),
            }
            self.addop(SETUP_CLEANUP, cleanup_end, hloc);
            self.use_label(cleanup_body);
            self.push_fblock(
                FBlockKind::HandlerCleanup(h.name.as_deref()),
                cleanup_body,
                -1,
                hloc,
            )?;
            self.stmts(&h.body)?;
            self.pop_fblock();
            self.addop(POP_BLOCK, 0, NO_LOCATION);
            if let Some(name) = &h.name {
                self.load_const(Constant::None, NO_LOCATION);
                self.nameop(name, Ctx::Store, NO_LOCATION)?;
                self.nameop(name, Ctx::Del, NO_LOCATION)?;
            }
            self.addop(JUMP, except, NO_LOCATION);
            self.use_label(cleanup_end);
            if let Some(name) = &h.name {
                self.load_const(Constant::None, NO_LOCATION);
                self.nameop(name, Ctx::Store, NO_LOCATION)?;
                self.nameop(name, Ctx::Del, NO_LOCATION)?;
            }
            self.addop(LIST_APPEND, 3, NO_LOCATION);
            self.addop(POP_TOP, 0, NO_LOCATION);
            self.addop(JUMP, except_with_error, NO_LOCATION);
            self.use_label(except);
            self.addop(NOP, 0, NO_LOCATION);
            self.addop(JUMP, except_with_error, NO_LOCATION);
            self.use_label(no_match);
            self.addop(POP_TOP, 0, hloc);
            self.use_label(except_with_error);
            if i == n - 1 {
                self.addop(LIST_APPEND, 1, NO_LOCATION);
                self.addop(JUMP, reraise_star, NO_LOCATION);
            }
        }
        self.pop_fblock();
        let reraise = self.new_label();
        self.use_label(reraise_star);
        self.addop(CALL_INTRINSIC_2, 1, NO_LOCATION);
        self.addop(COPY, 1, NO_LOCATION);
        self.addop(POP_JUMP_IF_NOT_NONE, reraise, NO_LOCATION);
        self.addop(POP_TOP, 0, NO_LOCATION);
        self.addop(POP_BLOCK, 0, NO_LOCATION);
        self.addop(POP_EXCEPT, 0, NO_LOCATION);
        self.addop(JUMP, end, NO_LOCATION);
        self.use_label(reraise);
        self.addop(POP_BLOCK, 0, NO_LOCATION);
        self.addop(SWAP, 2, NO_LOCATION);
        self.addop(POP_EXCEPT, 0, NO_LOCATION);
        self.addop(RERAISE, 0, NO_LOCATION);
        self.use_label(cleanup);
        self.pop_except_and_reraise(NO_LOCATION);
        self.use_label(orelse_l);
        self.stmts(orelse)?;
        self.use_label(end);
        Ok(())
    }

    fn try_except(
        &mut self,
        s: &'a Stmt,
        body: &'a [Stmt],
        handlers: &'a [ExceptHandler],
        orelse: &'a [Stmt],
    ) -> Result<()> {
        let loc = loc_of(s.loc);
        let body_l = self.new_label();
        let mut except = self.new_label();
        let end = self.new_label();
        let cleanup = self.new_label();
        self.addop(SETUP_FINALLY, except, loc);
        self.use_label(body_l);
        self.push_fblock(FBlockKind::TryExcept, body_l, -1, loc)?;
        self.stmts(body)?;
        self.pop_fblock();
        self.addop(POP_BLOCK, 0, NO_LOCATION);
        self.stmts(orelse)?;
        self.addop(JUMP, end, NO_LOCATION);
        let n = handlers.len();
        self.use_label(except);
        self.addop(SETUP_CLEANUP, cleanup, NO_LOCATION);
        self.addop(PUSH_EXC_INFO, 0, NO_LOCATION);
        self.push_fblock(FBlockKind::ExceptionHandler, -1, -1, loc)?;
        for (i, h) in handlers.iter().enumerate() {
            let hloc = loc_of(h.loc);
            if h.typ.is_none() && i < n - 1 {
                return Err(CompileError::at("default 'except:' must be last", &h.loc));
            }
            except = self.new_label();
            if let Some(t) = &h.typ {
                self.expr(t)?;
                self.addop(CHECK_EXC_MATCH, 0, hloc);
                self.addop(POP_JUMP_IF_FALSE, except, hloc);
            }
            if let Some(name) = &h.name {
                let cleanup_end = self.new_label();
                let cleanup_body = self.new_label();
                self.nameop(name, Ctx::Store, hloc)?;
                self.addop(SETUP_CLEANUP, cleanup_end, hloc);
                self.use_label(cleanup_body);
                self.push_fblock(
                    FBlockKind::HandlerCleanup(Some(name)),
                    cleanup_body,
                    -1,
                    hloc,
                )?;
                self.stmts(&h.body)?;
                self.pop_fblock();
                self.addop(POP_BLOCK, 0, NO_LOCATION);
                self.addop(POP_BLOCK, 0, NO_LOCATION);
                self.addop(POP_EXCEPT, 0, NO_LOCATION);
                self.load_const(Constant::None, NO_LOCATION);
                self.nameop(name, Ctx::Store, NO_LOCATION)?;
                self.nameop(name, Ctx::Del, NO_LOCATION)?;
                self.addop(JUMP, end, NO_LOCATION);
                self.use_label(cleanup_end);
                self.load_const(Constant::None, NO_LOCATION);
                self.nameop(name, Ctx::Store, NO_LOCATION)?;
                self.nameop(name, Ctx::Del, NO_LOCATION)?;
                self.addop(RERAISE, 1, NO_LOCATION);
            } else {
                let cleanup_body = self.new_label();
                self.addop(POP_TOP, 0, hloc);
                self.use_label(cleanup_body);
                self.push_fblock(FBlockKind::HandlerCleanup(None), cleanup_body, -1, hloc)?;
                self.stmts(&h.body)?;
                self.pop_fblock();
                self.addop(POP_BLOCK, 0, NO_LOCATION);
                self.addop(POP_EXCEPT, 0, NO_LOCATION);
                self.addop(JUMP, end, NO_LOCATION);
            }
            self.use_label(except);
        }
        self.pop_fblock();
        self.addop(RERAISE, 0, NO_LOCATION);
        self.use_label(cleanup);
        self.pop_except_and_reraise(NO_LOCATION);
        self.use_label(end);
        Ok(())
    }

    fn add_yield_from(&mut self, loc: Location, is_await: bool) {
        let send = self.new_label();
        let fail = self.new_label();
        let exit = self.new_label();
        self.use_label(send);
        self.addop(SEND, exit, loc);
        self.addop(SETUP_FINALLY, fail, loc);
        self.addop(YIELD_VALUE, 0, loc);
        self.addop(POP_BLOCK, 0, NO_LOCATION);
        self.addop(RESUME, if is_await { 3 } else { 2 }, loc);
        self.addop(JUMP_NO_INTERRUPT, send, loc);
        self.use_label(fail);
        self.addop(CLEANUP_THROW, 0, loc);
        self.use_label(exit);
        self.addop(END_SEND, 0, loc);
    }

    fn with_except_finish(&mut self, cleanup: i32) {
        let suppress = self.new_label();
        self.addop(POP_JUMP_IF_TRUE, suppress, NO_LOCATION);
        self.addop(RERAISE, 2, NO_LOCATION);
        self.use_label(suppress);
        self.addop(POP_TOP, 0, NO_LOCATION);
        self.addop(POP_BLOCK, 0, NO_LOCATION);
        self.addop(POP_EXCEPT, 0, NO_LOCATION);
        self.addop(POP_TOP, 0, NO_LOCATION);
        self.addop(POP_TOP, 0, NO_LOCATION);
        let exit = self.new_label();
        self.addop(JUMP, exit, NO_LOCATION);
        self.use_label(cleanup);
        self.pop_except_and_reraise(NO_LOCATION);
        self.use_label(exit);
    }

    fn async_with(
        &mut self,
        s: &'a Stmt,
        items: &'a [WithItem],
        body: &'a [Stmt],
        pos: usize,
    ) -> Result<()> {
        let loc = loc_of(s.loc);
        let item = &items[pos];
        let block = self.new_label();
        let final_l = self.new_label();
        let exit = self.new_label();
        let cleanup = self.new_label();
        self.expr(&item.context_expr)?;
        self.addop(BEFORE_ASYNC_WITH, 0, loc);
        self.addop(GET_AWAITABLE, 1, loc);
        self.load_const(Constant::None, loc);
        self.add_yield_from(loc, true);
        self.addop(SETUP_WITH, final_l, loc);
        self.use_label(block);
        self.push_fblock(FBlockKind::AsyncWith(s.loc), block, final_l, loc)?;
        match &item.optional_vars {
            Some(v) => self.expr(v)?,
            None => self.addop(POP_TOP, 0, loc),
        }
        if pos + 1 == items.len() {
            self.stmts(body)?;
        } else {
            self.async_with(s, items, body, pos + 1)?;
        }
        self.pop_fblock();
        self.addop(POP_BLOCK, 0, loc);
        self.call_exit_with_nones(loc);
        self.addop(GET_AWAITABLE, 2, loc);
        self.load_const(Constant::None, loc);
        self.add_yield_from(loc, true);
        self.addop(POP_TOP, 0, loc);
        self.addop(JUMP, exit, loc);
        self.use_label(final_l);
        self.addop(SETUP_CLEANUP, cleanup, loc);
        self.addop(PUSH_EXC_INFO, 0, loc);
        self.addop(WITH_EXCEPT_START, 0, loc);
        self.addop(GET_AWAITABLE, 2, loc);
        self.load_const(Constant::None, loc);
        self.add_yield_from(loc, true);
        self.with_except_finish(cleanup);
        self.use_label(exit);
        Ok(())
    }

    fn async_for(
        &mut self,
        s: &'a Stmt,
        target: &'a Expr,
        iter: &'a Expr,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
    ) -> Result<()> {
        let loc = loc_of(s.loc);
        let start = self.new_label();
        let except = self.new_label();
        let end = self.new_label();
        self.expr(iter)?;
        self.addop(GET_AITER, 0, loc);
        self.use_label(start);
        self.push_fblock(FBlockKind::ForLoop, start, end, loc)?;
        self.addop(SETUP_FINALLY, except, loc);
        self.addop(GET_ANEXT, 0, loc);
        self.load_const(Constant::None, loc);
        self.add_yield_from(loc, true);
        self.addop(POP_BLOCK, 0, loc);
        self.expr(target)?;
        self.stmts(body)?;
        self.addop(JUMP, start, NO_LOCATION);
        self.pop_fblock();
        self.use_label(except);
        self.addop(END_ASYNC_FOR, 0, loc_of(iter.loc));
        self.stmts(orelse)?;
        self.use_label(end);
        Ok(())
    }

    fn with_(
        &mut self,
        s: &'a Stmt,
        items: &'a [WithItem],
        body: &'a [Stmt],
        pos: usize,
    ) -> Result<()> {
        let item = &items[pos];
        let block = self.new_label();
        let final_l = self.new_label();
        let exit = self.new_label();
        let cleanup = self.new_label();
        self.expr(&item.context_expr)?;
        let loc = loc_of(s.loc);
        self.addop(BEFORE_WITH, 0, loc);
        self.addop(SETUP_WITH, final_l, loc);
        self.use_label(block);
        self.push_fblock(FBlockKind::With(s.loc), block, final_l, loc)?;
        match &item.optional_vars {
            Some(v) => self.expr(v)?,
            None => self.addop(POP_TOP, 0, loc),
        }
        if pos + 1 == items.len() {
            self.stmts(body)?;
        } else {
            self.with_(s, items, body, pos + 1)?;
        }
        self.addop(POP_BLOCK, 0, NO_LOCATION);
        self.pop_fblock();
        self.call_exit_with_nones(loc);
        self.addop(POP_TOP, 0, loc);
        self.addop(JUMP, exit, loc);
        self.use_label(final_l);
        self.addop(SETUP_CLEANUP, cleanup, loc);
        self.addop(PUSH_EXC_INFO, 0, loc);
        self.addop(WITH_EXCEPT_START, 0, loc);
        self.with_except_finish(cleanup);
        self.use_label(exit);
        Ok(())
    }

    fn break_(&mut self, s: &'a Stmt) -> Result<()> {
        let loc = loc_of(s.loc);
        self.addop(NOP, 0, loc);
        let (loc, lp) = self.unwind_fblock_stack(loc, false, true)?;
        let Some(lp) = lp else {
            return Err(CompileError::at("'break' outside loop", &s.loc));
        };
        let loc = self.unwind_fblock(lp, loc, false)?;
        self.addop(JUMP, lp.exit, loc);
        Ok(())
    }

    fn continue_(&mut self, s: &'a Stmt) -> Result<()> {
        let loc = loc_of(s.loc);
        self.addop(NOP, 0, loc);
        let (loc, lp) = self.unwind_fblock_stack(loc, false, true)?;
        let Some(lp) = lp else {
            return Err(CompileError::at("'continue' not properly in loop", &s.loc));
        };
        self.addop(JUMP, lp.block, loc);
        Ok(())
    }

    fn return_(&mut self, s: &'a Stmt, value: Option<&'a Expr>) -> Result<()> {
        let mut loc = loc_of(s.loc);
        let preserve_tos = value.is_some_and(|v| !matches!(v.kind, ExprKind::Constant(_)));
        if !self.ste().is_function() {
            return Err(CompileError::at("'return' outside function", &s.loc));
        }
        if value.is_some() && self.ste().coroutine && self.ste().generator {
            return Err(CompileError::at(
                "'return' with value in async generator",
                &s.loc,
            ));
        }
        if preserve_tos {
            if let Some(v) = value {
                self.expr(v)?;
            }
        } else if let Some(v) = value {
            loc = loc_of(v.loc);
            self.addop(NOP, 0, loc);
        }
        if value.is_none_or(|v| v.loc.lineno != s.loc.lineno) {
            loc = loc_of(s.loc);
            self.addop(NOP, 0, loc);
        }
        let (loc, _) = self.unwind_fblock_stack(loc, preserve_tos, false)?;
        match value {
            None => self.load_const(Constant::None, loc),
            Some(v) if !preserve_tos => {
                if let ExprKind::Constant(c) = &v.kind {
                    self.load_const(c.clone(), loc);
                }
            }
            _ => {}
        }
        self.addop(RETURN_VALUE, 0, loc);
        Ok(())
    }

    // ----- functions and classes -----

    fn default_arguments(&mut self, loc: Location, args: &'a Arguments) -> Result<i32> {
        let mut funcflags = 0;
        if !args.defaults.is_empty() {
            for d in &args.defaults {
                self.expr(d)?;
            }
            self.addop(BUILD_TUPLE, args.defaults.len() as i32, loc);
            funcflags |= 0x01;
        }
        if args.kw_defaults.iter().any(Option::is_some) {
            let mut keys = Vec::new();
            for (a, d) in args.kwonlyargs.iter().zip(&args.kw_defaults) {
                if let Some(d) = d {
                    keys.push(Constant::Str(PyStr::new(&self.mangled(&a.name))));
                    self.expr(d)?;
                }
            }
            let n = keys.len() as i32;
            self.load_const(Constant::Tuple(keys), loc);
            self.addop(BUILD_CONST_KEY_MAP, n, loc);
            funcflags |= 0x02;
        }
        Ok(funcflags)
    }

    /// `compiler_visit_annotations`: pushes `(name, value, ...)` and
    /// returns whether there were any.
    fn visit_annotations(
        &mut self,
        loc: Location,
        args: &'a Arguments,
        returns: Option<&'a Expr>,
    ) -> Result<bool> {
        let mut n = 0;
        let order = args
            .args
            .iter()
            .chain(&args.posonlyargs)
            .chain(&args.vararg)
            .chain(&args.kwonlyargs)
            .chain(&args.kwarg);
        for a in order {
            if let Some(ann) = &a.annotation {
                self.argannotation(&a.name, ann, loc)?;
                n += 2;
            }
        }
        if let Some(r) = returns {
            self.argannotation("return", r, loc)?;
            n += 2;
        }
        if n > 0 {
            self.addop(BUILD_TUPLE, n, loc);
        }
        Ok(n > 0)
    }

    fn argannotation(&mut self, name: &str, ann: &'a Expr, loc: Location) -> Result<()> {
        let m = self.mangled(name);
        self.load_const(Constant::Str(PyStr::new(&m)), loc);
        if self.future_annotations {
            return self.annexpr(ann);
        }
        if let ExprKind::Starred { value, .. } = &ann.kind {
            self.expr(value)?;
            self.addop(UNPACK_SEQUENCE, 1, loc);
        } else {
            self.expr(ann)?;
        }
        Ok(())
    }

    /// `compiler_visit_annexpr`: the annotation as a string constant.
    fn annexpr(&mut self, ann: &'a Expr) -> Result<()> {
        let Some(text) = crate::unparse::unparse(ann) else {
            return self.unsupported(
                "this annotation under `from __future__ import annotations`",
                ann.loc,
            );
        };
        self.load_const(Constant::Str(PyStr::new(&text)), loc_of(ann.loc));
        Ok(())
    }

    fn check_ann_expr(&mut self, e: &'a Expr) -> Result<()> {
        self.expr(e)?;
        self.addop(POP_TOP, 0, loc_of(e.loc));
        Ok(())
    }

    fn check_ann_subscr(&mut self, e: &'a Expr) -> Result<()> {
        match &e.kind {
            ExprKind::Slice { lower, upper, step } => {
                for x in [lower, upper, step].into_iter().flatten() {
                    self.check_ann_expr(x)?;
                }
                Ok(())
            }
            ExprKind::Tuple { elts, .. } => elts.iter().try_for_each(|x| self.check_ann_subscr(x)),
            _ => self.check_ann_expr(e),
        }
    }

    fn annassign(
        &mut self,
        s: &'a Stmt,
        target: &'a Expr,
        annotation: &'a Expr,
        value: Option<&'a Expr>,
        simple: bool,
    ) -> Result<()> {
        let loc = loc_of(s.loc);
        if let Some(v) = value {
            self.expr(v)?;
            self.expr(target)?;
        }
        let module_or_class = matches!(self.ur().kind, UnitKind::Module | UnitKind::Class);
        match &target.kind {
            ExprKind::Name { id, .. } => {
                if simple && module_or_class {
                    if self.future_annotations {
                        self.annexpr(annotation)?;
                    } else {
                        self.expr(annotation)?;
                    }
                    self.addop_name(LOAD_NAME, "__annotations__", loc);
                    let m = self.mangled(id);
                    self.load_const(Constant::Str(PyStr::new(&m)), loc);
                    self.addop(STORE_SUBSCR, 0, loc);
                }
            }
            ExprKind::Attribute { value: obj, .. } => {
                if value.is_none() {
                    self.check_ann_expr(obj)?;
                }
            }
            ExprKind::Subscript {
                value: obj, slice, ..
            } => {
                if value.is_none() {
                    self.check_ann_expr(obj)?;
                    self.check_ann_subscr(slice)?;
                }
            }
            _ => return Err(CompileError::at("illegal target for annotation", &s.loc)),
        }
        if !simple && !self.future_annotations && module_or_class {
            self.check_ann_expr(annotation)?;
        }
        Ok(())
    }

    fn make_closure(&mut self, loc: Location, co: CodeUnit, mut fflags: i32) -> Result<()> {
        let frees: Vec<String> = co.freevars().iter().map(|s| s.to_string()).collect();
        if !frees.is_empty() {
            for name in &frees {
                let reftype = self.ref_type(name);
                let arg = if reftype == Some(NameScope::Cell) {
                    self.ur().cellvars.get(name)
                } else {
                    self.free_index(name)
                };
                let Some(arg) = arg else {
                    return Err(CompileError::unsupported(
                        format!("closure lookup of {name} failed"),
                        loc.lineno,
                    ));
                };
                self.addop(LOAD_CLOSURE, arg as i32, loc);
            }
            fflags |= 0x08;
            self.addop(BUILD_TUPLE, frees.len() as i32, loc);
        }
        self.load_const(Constant::Code(Box::new(co)), loc);
        self.addop(MAKE_FUNCTION, fflags, loc);
        Ok(())
    }

    fn ref_type(&self, name: &str) -> Option<NameScope> {
        let ste = self.ste();
        if self.ur().kind == UnitKind::Class && (name == "__class__" || name == "__classdict__") {
            return Some(NameScope::Cell);
        }
        let _ = ste;
        self.lookup_scope(name)
    }

    /// Index of a free variable among cells and frees (CPython numbers
    /// frees after the cells).
    fn free_index(&self, name: &str) -> Option<usize> {
        let u = self.ur();
        u.freevars.get(name).map(|i| i + u.cellvars.len())
    }

    /// `_PyST_GetScope` with the inlined-comprehension overrides.
    fn lookup_scope(&self, name: &str) -> Option<NameScope> {
        if let Some(o) = self.ur().overrides.get(name) {
            return *o;
        }
        self.ste().scope_of(name)
    }

    fn function(&mut self, s: &'a Stmt) -> Result<()> {
        let StmtKind::FunctionDef {
            name,
            args,
            body,
            decorator_list,
            returns,
            is_async,
            type_params,
        } = &s.kind
        else {
            return Ok(());
        };
        for d in decorator_list {
            self.expr(d)?;
        }
        let firstlineno = decorator_list
            .first()
            .map_or(s.loc.lineno, |d| d.loc.lineno);
        let loc = loc_of(s.loc);
        let generic = !type_params.is_empty();
        if generic {
            self.addop(PUSH_NULL, 0, loc);
        }
        let mut funcflags = self.default_arguments(loc, args)?;
        let mut num_typeparam_args = 0;
        if generic {
            num_typeparam_args =
                i32::from(funcflags & 0x01 != 0) + i32::from(funcflags & 0x02 != 0);
            if num_typeparam_args == 2 {
                self.addop(SWAP, 2, loc);
            }
            let Some(tscope) = self
                .table
                .scope_for_key(crate::symtable::type_params_key(type_params))
            else {
                return self.unsupported("type parameter scope", s.loc);
            };
            self.enter_scope(
                &format!("<generic parameters of {name}>"),
                UnitKind::TypeParams,
                tscope,
                firstlineno,
            )?;
            self.type_params(type_params)?;
            if funcflags & 0x03 != 0 {
                self.addop(LOAD_FAST, 0, loc);
            }
            if funcflags & 0x03 == 0x03 {
                self.addop(LOAD_FAST, 1, loc);
            }
        }
        if self.visit_annotations(loc, args, returns.as_deref())? {
            funcflags |= 0x04;
        }
        let Some(scope) = self.table.scope_for(s) else {
            return self.unsupported("function scope", s.loc);
        };
        let kind = if *is_async {
            UnitKind::AsyncFunction
        } else {
            UnitKind::Function
        };
        self.enter_scope(name, kind, scope, firstlineno)?;
        let doc = docstring(body)
            .filter(|_| self.optimize < 2)
            .and_then(|e| e.as_constant().cloned());
        let has_doc = doc.is_some();
        self.add_const(doc.unwrap_or(Constant::None));
        {
            let u = self.u();
            u.argcount = args.args.len() as u32 + args.posonlyargs.len() as u32;
            u.posonlyargcount = args.posonlyargs.len() as u32;
            u.kwonlyargcount = args.kwonlyargs.len() as u32;
        }
        // CPython stores only positional-or-keyword in u_argcount and adds
        // posonly in makecode; the sum is what co_argcount shows.
        // 3.12.1 uses no label here: the body shares RESUME's block.
        let start = -1;
        let stopiter = self.ste().coroutine || self.ste().generator;
        if stopiter {
            self.push_fblock(FBlockKind::StopIteration, start, -1, NO_LOCATION)?;
        }
        for st in &body[usize::from(has_doc)..] {
            self.stmt(st)?;
        }
        if stopiter {
            self.wrap_in_stopiteration_handler();
            self.u().fblocks.pop();
        }
        let co = self.finish_unit(true)?;
        self.make_closure(loc, co, funcflags)?;
        if generic {
            self.addop(SWAP, 2, loc);
            self.addop(CALL_INTRINSIC_2, 4, loc);
            self.u().argcount = num_typeparam_args as u32;
            let co = self.finish_unit(false)?;
            self.make_closure(loc, co, 0)?;
            if num_typeparam_args > 0 {
                self.addop(SWAP, num_typeparam_args + 1, loc);
            }
            self.addop(CALL, num_typeparam_args, loc);
        }
        for d in decorator_list.iter().rev() {
            self.addop(CALL, 0, loc_of(d.loc));
        }
        self.nameop(name, Ctx::Store, loc)
    }

    fn wrap_in_stopiteration_handler(&mut self) {
        let handler = self.new_label();
        self.insert_instr(0, SETUP_CLEANUP, handler, NO_LOCATION);
        self.load_const(Constant::None, NO_LOCATION);
        self.addop(RETURN_VALUE, 0, NO_LOCATION);
        self.use_label(handler);
        self.addop(CALL_INTRINSIC_1, 3, NO_LOCATION);
        self.addop(RERAISE, 1, NO_LOCATION);
    }

    fn lambda(&mut self, e: &'a Expr, args: &'a Arguments, body: &'a Expr) -> Result<()> {
        let loc = loc_of(e.loc);
        let funcflags = self.default_arguments(loc, args)?;
        let Some(scope) = self.table.scope_for(e) else {
            return self.unsupported("lambda scope", e.loc);
        };
        self.enter_scope("<lambda>", UnitKind::Lambda, scope, e.loc.lineno)?;
        // Make None the first constant, so the lambda can't have a docstring.
        self.add_const(Constant::None);
        {
            let u = self.u();
            u.argcount = args.args.len() as u32 + args.posonlyargs.len() as u32;
            u.posonlyargcount = args.posonlyargs.len() as u32;
            u.kwonlyargcount = args.kwonlyargs.len() as u32;
        }
        self.expr(body)?;
        if self.ste().generator {
            let co = self.finish_unit(false)?;
            return self.make_closure(loc, co, funcflags);
        }
        // 3.12.1: the lambda's return sits at (line, line, 0, 0)
        // (gh-120722 changed it in 3.12.5).
        let rloc = Location {
            lineno: e.loc.lineno,
            end_lineno: e.loc.lineno,
            col: 0,
            end_col: 0,
        };
        self.addop(RETURN_VALUE, 0, rloc);
        let co = self.finish_unit(true)?;
        self.make_closure(loc, co, funcflags)
    }

    fn class(&mut self, s: &'a Stmt) -> Result<()> {
        let StmtKind::ClassDef {
            name,
            bases,
            keywords,
            body,
            decorator_list,
            type_params,
        } = &s.kind
        else {
            return Ok(());
        };
        for d in decorator_list {
            self.expr(d)?;
        }
        let firstlineno = decorator_list
            .first()
            .map_or(s.loc.lineno, |d| d.loc.lineno);
        let sloc = loc_of(s.loc);
        let generic = !type_params.is_empty();
        if generic {
            let Some(tscope) = self
                .table
                .scope_for_key(crate::symtable::type_params_key(type_params))
            else {
                return self.unsupported("type parameter scope", s.loc);
            };
            self.addop(PUSH_NULL, 0, sloc);
            self.enter_scope(
                &format!("<generic parameters of {name}>"),
                UnitKind::TypeParams,
                tscope,
                firstlineno,
            )?;
            self.u().private = Some(name.clone());
            self.type_params(type_params)?;
            self.nameop(".type_params", Ctx::Store, sloc)?;
        }
        let Some(scope) = self.table.scope_for(s) else {
            return self.unsupported("class scope", s.loc);
        };
        self.enter_scope(name, UnitKind::Class, scope, firstlineno)?;
        let loc = Location {
            lineno: firstlineno,
            end_lineno: firstlineno,
            col: 0,
            end_col: 0,
        };
        self.u().private = Some(name.clone());
        self.nameop("__name__", Ctx::Load, loc)?;
        self.nameop("__module__", Ctx::Store, loc)?;
        let q = self.ur().qualname.clone();
        self.load_const(Constant::Str(PyStr::new(&q)), loc);
        self.nameop("__qualname__", Ctx::Store, loc)?;
        if generic {
            self.nameop(".type_params", Ctx::Load, loc)?;
            self.nameop("__type_params__", Ctx::Store, loc)?;
        }
        if self.ste().needs_classdict {
            self.addop(LOAD_LOCALS, 0, loc);
            let i = self.ur().cellvars.get("__classdict__").unwrap_or(0) as i32;
            self.addop(STORE_DEREF, i, loc);
        }
        self.body(loc, body)?;
        if self.ste().needs_classdict {
            let i = self.ur().cellvars.get("__classdict__").unwrap_or(0) as i32;
            self.addop(LOAD_CLOSURE, i, NO_LOCATION);
            self.nameop("__classdictcell__", Ctx::Store, NO_LOCATION)?;
        }
        if self.ste().needs_class_closure {
            let i = self.ur().cellvars.get("__class__").unwrap_or(0) as i32;
            self.addop(LOAD_CLOSURE, i, NO_LOCATION);
            self.addop(COPY, 1, NO_LOCATION);
            self.nameop("__classcell__", Ctx::Store, NO_LOCATION)?;
        } else {
            self.load_const(Constant::None, NO_LOCATION);
        }
        self.addop(RETURN_VALUE, 0, NO_LOCATION);
        let co = self.finish_unit(true)?;
        let loc = sloc;
        self.addop(PUSH_NULL, 0, loc);
        self.addop(LOAD_BUILD_CLASS, 0, loc);
        self.make_closure(loc, co, 0)?;
        self.load_const(Constant::Str(PyStr::new(name)), loc);
        if generic {
            self.nameop(".type_params", Ctx::Load, loc)?;
            self.addop(CALL_INTRINSIC_1, 10, loc);
            self.nameop(".generic_base", Ctx::Store, loc)?;
            self.call_helper_ext(loc, 2, bases, Some(".generic_base"), keywords)?;
            let co = self.finish_unit(false)?;
            self.make_closure(loc, co, 0)?;
            self.addop(CALL, 0, loc);
        } else {
            self.call_helper(loc, 2, bases, keywords)?;
        }
        for d in decorator_list.iter().rev() {
            self.addop(CALL, 0, loc_of(d.loc));
        }
        self.nameop(name, Ctx::Store, loc)
    }

    /// `compiler_type_params`: pushes the tuple of type parameters.
    fn type_params(&mut self, tps: &'a [TypeParam]) -> Result<()> {
        for tp in tps {
            let loc = loc_of(tp.loc);
            match &tp.kind {
                TypeParamKind::TypeVar { name, bound } => {
                    self.load_const(Constant::Str(PyStr::new(name)), loc);
                    if let Some(b) = bound {
                        let Some(scope) = self.table.scope_for(tp) else {
                            return self.unsupported("type variable bound scope", tp.loc);
                        };
                        self.enter_scope(name, UnitKind::TypeParams, scope, b.loc.lineno)?;
                        self.expr(b)?;
                        self.addop(RETURN_VALUE, 0, loc);
                        let co = self.finish_unit(true)?;
                        self.make_closure(loc, co, 0)?;
                        let intrinsic = if matches!(b.kind, ExprKind::Tuple { .. }) {
                            3
                        } else {
                            2
                        };
                        self.addop(CALL_INTRINSIC_2, intrinsic, loc);
                    } else {
                        self.addop(CALL_INTRINSIC_1, 7, loc);
                    }
                    self.addop(COPY, 1, loc);
                    self.nameop(name, Ctx::Store, loc)?;
                }
                TypeParamKind::TypeVarTuple { name } => {
                    self.load_const(Constant::Str(PyStr::new(name)), loc);
                    self.addop(CALL_INTRINSIC_1, 9, loc);
                    self.addop(COPY, 1, loc);
                    self.nameop(name, Ctx::Store, loc)?;
                }
                TypeParamKind::ParamSpec { name } => {
                    self.load_const(Constant::Str(PyStr::new(name)), loc);
                    self.addop(CALL_INTRINSIC_1, 8, loc);
                    self.addop(COPY, 1, loc);
                    self.nameop(name, Ctx::Store, loc)?;
                }
            }
        }
        self.addop(BUILD_TUPLE, tps.len() as i32, loc_of(tps[0].loc));
        Ok(())
    }

    fn type_alias(
        &mut self,
        s: &'a Stmt,
        name: &'a Expr,
        type_params: &'a [TypeParam],
        value: &'a Expr,
    ) -> Result<()> {
        let loc = loc_of(s.loc);
        let ExprKind::Name { id, .. } = &name.kind else {
            return self.unsupported("type alias name", s.loc);
        };
        let generic = !type_params.is_empty();
        if generic {
            let Some(tscope) = self
                .table
                .scope_for_key(crate::symtable::type_params_key(type_params))
            else {
                return self.unsupported("type parameter scope", s.loc);
            };
            self.addop(PUSH_NULL, 0, loc);
            self.enter_scope(
                &format!("<generic parameters of {id}>"),
                UnitKind::TypeParams,
                tscope,
                loc.lineno,
            )?;
            self.load_const(Constant::Str(PyStr::new(id)), loc);
            self.type_params(type_params)?;
        } else {
            self.load_const(Constant::Str(PyStr::new(id)), loc);
            self.load_const(Constant::None, loc);
        }
        let Some(scope) = self.table.scope_for(s) else {
            return self.unsupported("type alias scope", s.loc);
        };
        self.enter_scope(id, UnitKind::Function, scope, loc.lineno)?;
        self.add_const(Constant::None);
        self.expr(value)?;
        self.addop(RETURN_VALUE, 0, loc);
        let co = self.finish_unit(false)?;
        self.make_closure(loc, co, 0)?;
        self.addop(BUILD_TUPLE, 3, loc);
        self.addop(CALL_INTRINSIC_1, 11, loc);
        if generic {
            let co = self.finish_unit(false)?;
            self.make_closure(loc, co, 0)?;
            self.addop(CALL, 0, loc);
        }
        self.nameop(id, Ctx::Store, loc)
    }

    // ----- names -----

    fn nameop(&mut self, name: &str, ctx: Ctx, loc: Location) -> Result<()> {
        if name == "__debug__" && ctx != Ctx::Load {
            return Err(CompileError::at("cannot assign to __debug__", &loc));
        }
        let mangled = self.mangled(name);
        let scope = self.lookup_scope(&mangled);
        let is_func = self.ste().is_function();
        let is_class = self.ste().kind == BlockKind::Class;
        let in_comp = self.ur().in_inlined_comp > 0;
        let hidden = self.ur().fasthidden.get(mangled.as_ref()) == Some(&true);
        enum OpType {
            Fast,
            Global,
            Deref,
            Name,
        }
        let optype = match scope {
            Some(NameScope::Free) | Some(NameScope::Cell) => OpType::Deref,
            Some(NameScope::Local) if is_func || hidden => OpType::Fast,
            Some(NameScope::GlobalImplicit) if is_func => OpType::Global,
            Some(NameScope::GlobalExplicit) => OpType::Global,
            _ => OpType::Name,
        };
        match optype {
            OpType::Deref => {
                let idx = if scope == Some(NameScope::Free) {
                    self.free_index(&mangled)
                } else {
                    self.ur().cellvars.get(&mangled)
                };
                let Some(idx) = idx else {
                    return Err(CompileError::unsupported(
                        format!("deref lookup of {mangled}"),
                        loc.lineno,
                    ));
                };
                let op = match ctx {
                    Ctx::Load => {
                        if is_class && !in_comp {
                            self.addop(LOAD_LOCALS, 0, loc);
                            LOAD_FROM_DICT_OR_DEREF
                        } else if self.ste().can_see_class_scope {
                            let Some(cd) = self.free_index("__classdict__") else {
                                return Err(CompileError::unsupported(
                                    "__classdict__ lookup",
                                    loc.lineno,
                                ));
                            };
                            self.addop(LOAD_DEREF, cd as i32, loc);
                            LOAD_FROM_DICT_OR_DEREF
                        } else {
                            LOAD_DEREF
                        }
                    }
                    Ctx::Store => STORE_DEREF,
                    Ctx::Del => DELETE_DEREF,
                };
                self.addop(op, idx as i32, loc);
            }
            OpType::Fast => {
                let op = match ctx {
                    Ctx::Load => LOAD_FAST,
                    Ctx::Store => STORE_FAST,
                    Ctx::Del => DELETE_FAST,
                };
                let idx = self.u().varnames.add(&mangled) as i32;
                self.addop(op, idx, loc);
            }
            OpType::Global => {
                if ctx == Ctx::Load
                    && self.ste().can_see_class_scope
                    && scope == Some(NameScope::GlobalImplicit)
                {
                    let Some(cd) = self.free_index("__classdict__") else {
                        return Err(CompileError::unsupported(
                            "__classdict__ lookup",
                            loc.lineno,
                        ));
                    };
                    self.addop(LOAD_DEREF, cd as i32, loc);
                    let idx = self.u().names.add(&mangled) as i32;
                    self.addop(LOAD_FROM_DICT_OR_GLOBALS, idx, loc);
                    return Ok(());
                }
                let idx = self.u().names.add(&mangled) as i32;
                match ctx {
                    Ctx::Load => self.addop(LOAD_GLOBAL, idx << 1, loc),
                    Ctx::Store => self.addop(STORE_GLOBAL, idx, loc),
                    Ctx::Del => self.addop(DELETE_GLOBAL, idx, loc),
                }
            }
            OpType::Name => {
                let idx = self.u().names.add(&mangled) as i32;
                let op = match ctx {
                    Ctx::Load if is_class && in_comp => {
                        self.addop(LOAD_GLOBAL, idx << 1, loc);
                        return Ok(());
                    }
                    Ctx::Load => LOAD_NAME,
                    Ctx::Store => STORE_NAME,
                    Ctx::Del => DELETE_NAME,
                };
                self.addop(op, idx, loc);
            }
        }
        Ok(())
    }

    // ----- expressions -----

    fn jump_if(&mut self, loc: Location, e: &'a Expr, next: i32, cond: bool) -> Result<()> {
        crate::grow(|| self.jump_if_inner(loc, e, next, cond))
    }

    #[allow(clippy::only_used_in_recursion)]
    fn jump_if_inner(&mut self, loc: Location, e: &'a Expr, next: i32, cond: bool) -> Result<()> {
        match &e.kind {
            ExprKind::UnaryOp {
                op: UnaryOp::Not,
                operand,
            } => return self.jump_if(loc, operand, next, !cond),
            ExprKind::BoolOp { is_and, values } => {
                let cond2 = !*is_and;
                let mut next2 = next;
                if cond2 != cond {
                    next2 = self.new_label();
                }
                let n = values.len() - 1;
                for v in &values[..n] {
                    self.jump_if(loc, v, next2, cond2)?;
                }
                self.jump_if(loc, &values[n], next, cond)?;
                if next2 != next {
                    self.use_label(next2);
                }
                return Ok(());
            }
            ExprKind::IfExp { test, body, orelse } => {
                let end = self.new_label();
                let next2 = self.new_label();
                self.jump_if(loc, test, next2, false)?;
                self.jump_if(loc, body, next, cond)?;
                self.addop(JUMP, end, NO_LOCATION);
                self.use_label(next2);
                self.jump_if(loc, orelse, next, cond)?;
                self.use_label(end);
                return Ok(());
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } if ops.len() > 1 => {
                let el = loc_of(e.loc);
                let n = ops.len() - 1;
                let cleanup = self.new_label();
                self.expr(left)?;
                for i in 0..n {
                    self.expr(&comparators[i])?;
                    self.addop(SWAP, 2, el);
                    self.addop(COPY, 2, el);
                    self.compare_op(ops[i], el);
                    self.addop(POP_JUMP_IF_FALSE, cleanup, el);
                }
                self.expr(&comparators[n])?;
                self.compare_op(ops[n], el);
                self.addop(
                    if cond {
                        POP_JUMP_IF_TRUE
                    } else {
                        POP_JUMP_IF_FALSE
                    },
                    next,
                    el,
                );
                let end = self.new_label();
                self.addop(JUMP, end, NO_LOCATION);
                self.use_label(cleanup);
                self.addop(POP_TOP, 0, el);
                if !cond {
                    self.addop(JUMP, next, NO_LOCATION);
                }
                self.use_label(end);
                return Ok(());
            }
            _ => {}
        }
        self.expr(e)?;
        self.addop(
            if cond {
                POP_JUMP_IF_TRUE
            } else {
                POP_JUMP_IF_FALSE
            },
            next,
            loc_of(e.loc),
        );
        Ok(())
    }

    fn compare_op(&mut self, op: CmpOp, loc: Location) {
        let (opc, arg) = match op {
            CmpOp::Lt => (COMPARE_OP, 2),
            CmpOp::LtE => (COMPARE_OP, (1 << 4) | 10),
            CmpOp::Eq => (COMPARE_OP, (2 << 4) | 8),
            CmpOp::NotEq => (COMPARE_OP, (3 << 4) | 7),
            CmpOp::Gt => (COMPARE_OP, (4 << 4) | 4),
            CmpOp::GtE => (COMPARE_OP, (5 << 4) | 12),
            CmpOp::Is => (IS_OP, 0),
            CmpOp::IsNot => (IS_OP, 1),
            CmpOp::In => (CONTAINS_OP, 0),
            CmpOp::NotIn => (CONTAINS_OP, 1),
        };
        self.addop(opc, arg, loc);
    }

    /// `update_start_location_to_match_attr`.
    fn attr_loc(&self, mut loc: Location, attr: &Expr) -> Location {
        if let ExprKind::Attribute { attr: name, .. } = &attr.kind {
            if loc.lineno != attr.loc.end_lineno {
                loc.lineno = attr.loc.end_lineno;
                let len = name.chars().count() as i32;
                if len <= attr.loc.end_col {
                    loc.col = attr.loc.end_col - len;
                } else {
                    loc.col = -1;
                    loc.end_col = -1;
                }
                loc.end_lineno = loc.lineno.max(loc.end_lineno);
                if loc.lineno == loc.end_lineno {
                    loc.end_col = loc.col.max(loc.end_col);
                }
            }
        }
        loc
    }

    fn expr(&mut self, e: &'a Expr) -> Result<()> {
        self.depth += 1;
        if self.depth > 2000 {
            return Err(CompileError::too_deep(e.loc.lineno, e.loc.col));
        }
        let r = crate::grow(|| self.expr_inner(e));
        self.depth -= 1;
        r
    }

    fn expr_inner(&mut self, e: &'a Expr) -> Result<()> {
        let loc = loc_of(e.loc);
        match &e.kind {
            ExprKind::Constant(c) => self.load_const(c.clone(), loc),
            ExprKind::Name { id, ctx } => self.nameop(id, *ctx, loc)?,
            ExprKind::BinOp { left, op, right } => {
                self.expr(left)?;
                self.expr(right)?;
                self.addop(BINARY_OP, binop_arg(*op, false), loc);
            }
            ExprKind::UnaryOp { op, operand } => {
                self.expr(operand)?;
                match op {
                    UnaryOp::UAdd => self.addop(CALL_INTRINSIC_1, 5, loc),
                    UnaryOp::USub => self.addop(UNARY_NEGATIVE, 0, loc),
                    UnaryOp::Not => self.addop(UNARY_NOT, 0, loc),
                    UnaryOp::Invert => self.addop(UNARY_INVERT, 0, loc),
                }
            }
            ExprKind::BoolOp { is_and, values } => {
                let jumpi = if *is_and {
                    POP_JUMP_IF_FALSE
                } else {
                    POP_JUMP_IF_TRUE
                };
                let end = self.new_label();
                let n = values.len() - 1;
                for v in &values[..n] {
                    self.expr(v)?;
                    self.addop(COPY, 1, loc);
                    self.addop(jumpi, end, loc);
                    self.addop(POP_TOP, 0, loc);
                }
                self.expr(&values[n])?;
                self.use_label(end);
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => {
                self.expr(left)?;
                let n = ops.len() - 1;
                if n == 0 {
                    self.expr(&comparators[0])?;
                    self.compare_op(ops[0], loc);
                } else {
                    let cleanup = self.new_label();
                    for i in 0..n {
                        self.expr(&comparators[i])?;
                        self.addop(SWAP, 2, loc);
                        self.addop(COPY, 2, loc);
                        self.compare_op(ops[i], loc);
                        self.addop(COPY, 1, loc);
                        self.addop(POP_JUMP_IF_FALSE, cleanup, loc);
                        self.addop(POP_TOP, 0, loc);
                    }
                    self.expr(&comparators[n])?;
                    self.compare_op(ops[n], loc);
                    let end = self.new_label();
                    self.addop(JUMP, end, NO_LOCATION);
                    self.use_label(cleanup);
                    self.addop(SWAP, 2, loc);
                    self.addop(POP_TOP, 0, loc);
                    self.use_label(end);
                }
            }
            ExprKind::IfExp { test, body, orelse } => {
                let end = self.new_label();
                let next = self.new_label();
                self.jump_if(loc, test, next, false)?;
                self.expr(body)?;
                self.addop(JUMP, end, NO_LOCATION);
                self.use_label(next);
                self.expr(orelse)?;
                self.use_label(end);
            }
            ExprKind::Attribute { value, attr, ctx } => {
                if *ctx == Ctx::Load {
                    if let Some(nargs) = self.can_optimize_super_call(e) {
                        self.load_args_for_super(value)?;
                        let op = if nargs > 0 {
                            LOAD_SUPER_ATTR
                        } else {
                            LOAD_ZERO_SUPER_ATTR
                        };
                        self.addop_name(op, attr, loc);
                        let l = self.attr_loc(loc, e);
                        self.addop(NOP, 0, l);
                        return Ok(());
                    }
                }
                self.expr(value)?;
                let l = self.attr_loc(loc, e);
                match ctx {
                    Ctx::Load => self.addop_name(LOAD_ATTR, attr, l),
                    Ctx::Store => self.addop_name(STORE_ATTR, attr, l),
                    Ctx::Del => self.addop_name(DELETE_ATTR, attr, l),
                }
            }
            ExprKind::Subscript { value, slice, ctx } => {
                if is_two_element_slice(slice) && *ctx != Ctx::Del {
                    self.expr(value)?;
                    self.slice_parts(slice)?;
                    self.addop(
                        if *ctx == Ctx::Load {
                            BINARY_SLICE
                        } else {
                            STORE_SLICE
                        },
                        0,
                        loc,
                    );
                } else {
                    self.expr(value)?;
                    self.expr(slice)?;
                    let op = match ctx {
                        Ctx::Load => BINARY_SUBSCR,
                        Ctx::Store => STORE_SUBSCR,
                        Ctx::Del => DELETE_SUBSCR,
                    };
                    self.addop(op, 0, loc);
                }
            }
            ExprKind::Slice { lower, upper, step } => {
                let mut n = 2;
                self.slice_bound(lower.as_deref(), loc)?;
                self.slice_bound(upper.as_deref(), loc)?;
                if let Some(s) = step {
                    n += 1;
                    self.expr(s)?;
                }
                self.addop(BUILD_SLICE, n, loc);
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => self.call(e, func, args, keywords)?,
            ExprKind::Tuple { elts, ctx } => match ctx {
                Ctx::Load => {
                    self.starunpack(loc, elts, 0, BUILD_LIST, LIST_APPEND, LIST_EXTEND, true)?
                }
                Ctx::Store => self.unpack_store(loc, elts)?,
                Ctx::Del => {
                    for el in elts {
                        self.expr(el)?;
                    }
                }
            },
            ExprKind::List { elts, ctx } => match ctx {
                Ctx::Load => {
                    self.starunpack(loc, elts, 0, BUILD_LIST, LIST_APPEND, LIST_EXTEND, false)?
                }
                Ctx::Store => self.unpack_store(loc, elts)?,
                Ctx::Del => {
                    for el in elts {
                        self.expr(el)?;
                    }
                }
            },
            ExprKind::Set(elts) => {
                self.starunpack(loc, elts, 0, BUILD_SET, SET_ADD, SET_UPDATE, false)?
            }
            ExprKind::Dict { keys, values } => self.dict(loc, keys, values)?,
            ExprKind::Lambda { args, body } => self.lambda(e, args, body)?,
            ExprKind::JoinedStr(values) => {
                if values.len() > STACK_USE_GUIDELINE {
                    return self.unsupported("long f-string", e.loc);
                }
                for v in values {
                    self.expr(v)?;
                }
                if values.len() != 1 {
                    self.addop(BUILD_STRING, values.len() as i32, loc);
                }
            }
            ExprKind::FormattedValue {
                value,
                conversion,
                format_spec,
            } => {
                self.expr(value)?;
                let mut oparg = match *conversion {
                    115 => 1, // 's'
                    114 => 2, // 'r'
                    97 => 3,  // 'a'
                    _ => 0,
                };
                if let Some(spec) = format_spec {
                    self.expr(spec)?;
                    oparg |= 4;
                }
                self.addop(FORMAT_VALUE, oparg, loc);
            }
            ExprKind::Yield(v) => {
                if !self.ste().is_function() {
                    return Err(CompileError::at("'yield' outside function", &e.loc));
                }
                match v {
                    Some(v) => self.expr(v)?,
                    None => self.load_const(Constant::None, loc),
                }
                self.addop_yield(loc);
            }
            ExprKind::Starred { ctx, .. } => {
                return match ctx {
                    Ctx::Store => Err(CompileError::at(
                        "starred assignment target must be in a list or tuple",
                        &e.loc,
                    )),
                    _ => Err(CompileError::at(
                        "can't use starred expression here",
                        &e.loc,
                    )),
                }
            }
            ExprKind::NamedExpr { target, value } => {
                self.expr(value)?;
                self.addop(COPY, 1, loc);
                self.expr(target)?;
            }
            ExprKind::YieldFrom(v) => {
                if !self.ste().is_function() {
                    return Err(CompileError::at("'yield' outside function", &e.loc));
                }
                if self.ur().kind == UnitKind::AsyncFunction {
                    return Err(CompileError::at(
                        "'yield from' inside async function",
                        &e.loc,
                    ));
                }
                self.expr(v)?;
                self.addop(GET_YIELD_FROM_ITER, 0, loc);
                self.load_const(Constant::None, loc);
                self.add_yield_from(loc, false);
            }
            ExprKind::Await(v) => {
                if !self.ste().is_function() {
                    return Err(CompileError::at("'await' outside function", &e.loc));
                }
                if !matches!(
                    self.ur().kind,
                    UnitKind::AsyncFunction | UnitKind::Comprehension
                ) {
                    return Err(CompileError::at("'await' outside async function", &e.loc));
                }
                self.expr(v)?;
                self.addop(GET_AWAITABLE, 0, loc);
                self.load_const(Constant::None, loc);
                self.add_yield_from(loc, true);
            }
            ExprKind::ListComp { elt, generators } => {
                self.comprehension(e, CompKind::List, "<listcomp>", generators, elt, None)?
            }
            ExprKind::SetComp { elt, generators } => {
                self.comprehension(e, CompKind::Set, "<setcomp>", generators, elt, None)?
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension(
                e,
                CompKind::Dict,
                "<dictcomp>",
                generators,
                key,
                Some(value),
            )?,
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension(e, CompKind::Generator, "<genexpr>", generators, elt, None)?
            }
        }
        Ok(())
    }

    // ----- pattern matching -----

    fn perr<T>(&self, msg: impl Into<String>, loc: Location) -> Result<T> {
        Err(CompileError::at(msg, &loc))
    }

    fn ensure_fail_pop(&mut self, pc: &mut PatternContext, n: usize) {
        while pc.fail_pop.len() < n + 1 {
            let l = self.new_label();
            pc.fail_pop.push(l);
        }
    }

    fn jump_to_fail_pop(&mut self, loc: Location, pc: &mut PatternContext, op: u16) {
        let pops = pc.on_top + pc.stores.len();
        self.ensure_fail_pop(pc, pops);
        self.addop(op, pc.fail_pop[pops], loc);
    }

    fn emit_and_reset_fail_pop(&mut self, loc: Location, pc: &mut PatternContext) {
        if pc.fail_pop.is_empty() {
            return;
        }
        while pc.fail_pop.len() > 1 {
            let l = pc.fail_pop.pop().unwrap_or(0);
            self.use_label(l);
            self.addop(POP_TOP, 0, loc);
        }
        let l = pc.fail_pop[0];
        self.use_label(l);
        pc.fail_pop.clear();
    }

    fn pattern_rotate(&mut self, loc: Location, mut count: usize) {
        while count > 1 {
            self.addop(SWAP, count as i32, loc);
            count -= 1;
        }
    }

    fn pattern_store_name(
        &mut self,
        loc: Location,
        name: Option<&str>,
        pc: &mut PatternContext,
    ) -> Result<()> {
        let Some(n) = name else {
            self.addop(POP_TOP, 0, loc);
            return Ok(());
        };
        if pc.stores.iter().any(|s| s == n) {
            return self.perr(
                format!("multiple assignments to name '{n}' in pattern"),
                loc,
            );
        }
        let rotations = pc.on_top + pc.stores.len() + 1;
        self.pattern_rotate(loc, rotations);
        pc.stores.push(n.to_string());
        Ok(())
    }

    fn pattern_subpattern(&mut self, p: &'a Pattern, pc: &mut PatternContext) -> Result<()> {
        let allow = pc.allow_irrefutable;
        pc.allow_irrefutable = true;
        self.pattern(p, pc)?;
        pc.allow_irrefutable = allow;
        Ok(())
    }

    fn pattern(&mut self, p: &'a Pattern, pc: &mut PatternContext) -> Result<()> {
        self.depth += 1;
        if self.depth > 2000 {
            return Err(CompileError::too_deep(p.loc.lineno, p.loc.col));
        }
        let r = crate::grow(|| self.pattern_inner(p, pc));
        self.depth -= 1;
        r
    }

    fn pattern_inner(&mut self, p: &'a Pattern, pc: &mut PatternContext) -> Result<()> {
        let loc = loc_of(p.loc);
        match &p.kind {
            PatternKind::MatchValue(value) => {
                if !matches!(
                    value.kind,
                    ExprKind::Constant(_) | ExprKind::Attribute { .. }
                ) {
                    return self.perr(
                        "patterns may only match literals and attribute lookups",
                        loc,
                    );
                }
                self.expr(value)?;
                self.compare_op(CmpOp::Eq, loc);
                self.jump_to_fail_pop(loc, pc, POP_JUMP_IF_FALSE);
            }
            PatternKind::MatchSingleton(c) => {
                self.load_const(c.clone(), loc);
                self.compare_op(CmpOp::Is, loc);
                self.jump_to_fail_pop(loc, pc, POP_JUMP_IF_FALSE);
            }
            PatternKind::MatchSequence(patterns) => self.pattern_sequence(loc, patterns, pc)?,
            PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            } => self.pattern_mapping(loc, keys, patterns, rest.as_deref(), pc)?,
            PatternKind::MatchClass {
                cls,
                patterns,
                kwd_attrs,
                kwd_patterns,
            } => {
                for (i, a) in kwd_attrs.iter().enumerate() {
                    if kwd_attrs[i + 1..].contains(a) {
                        return self.perr(
                            format!("attribute name repeated in class pattern: {a}"),
                            loc,
                        );
                    }
                }
                self.expr(cls)?;
                let names: Vec<Constant> = kwd_attrs
                    .iter()
                    .map(|a| Constant::Str(PyStr::new(a)))
                    .collect();
                let nargs = patterns.len();
                let nattrs = kwd_attrs.len();
                self.load_const(Constant::Tuple(names), loc);
                self.addop(MATCH_CLASS, nargs as i32, loc);
                self.addop(COPY, 1, loc);
                self.load_const(Constant::None, loc);
                self.addop(IS_OP, 1, loc);
                pc.on_top += 1;
                self.jump_to_fail_pop(loc, pc, POP_JUMP_IF_FALSE);
                self.addop(UNPACK_SEQUENCE, (nargs + nattrs) as i32, loc);
                pc.on_top += nargs + nattrs;
                pc.on_top -= 1;
                for q in patterns.iter().chain(kwd_patterns) {
                    pc.on_top -= 1;
                    if wildcard(q) {
                        self.addop(POP_TOP, 0, loc);
                        continue;
                    }
                    self.pattern_subpattern(q, pc)?;
                }
            }
            PatternKind::MatchStar(name) => self.pattern_store_name(loc, name.as_deref(), pc)?,
            PatternKind::MatchAs { pattern, name } => match pattern {
                None => {
                    if !pc.allow_irrefutable {
                        return match name {
                            Some(n) => self.perr(
                                format!("name capture '{n}' makes remaining patterns unreachable"),
                                loc,
                            ),
                            None => self.perr("wildcard makes remaining patterns unreachable", loc),
                        };
                    }
                    self.pattern_store_name(loc, name.as_deref(), pc)?;
                }
                Some(q) => {
                    pc.on_top += 1;
                    self.addop(COPY, 1, loc);
                    self.pattern(q, pc)?;
                    pc.on_top -= 1;
                    self.pattern_store_name(loc, name.as_deref(), pc)?;
                }
            },
            PatternKind::MatchOr(alts) => self.pattern_or(loc, alts, pc)?,
        }
        Ok(())
    }

    fn pattern_sequence(
        &mut self,
        loc: Location,
        patterns: &'a [Pattern],
        pc: &mut PatternContext,
    ) -> Result<()> {
        let size = patterns.len();
        let mut star: Option<usize> = None;
        let mut only_wildcard = true;
        let mut star_wildcard = false;
        for (i, q) in patterns.iter().enumerate() {
            if matches!(q.kind, PatternKind::MatchStar(_)) {
                if star.is_some() {
                    return self.perr("multiple starred names in sequence pattern", loc);
                }
                star_wildcard = wildcard_star(q);
                only_wildcard &= star_wildcard;
                star = Some(i);
                continue;
            }
            only_wildcard &= wildcard(q);
        }
        pc.on_top += 1;
        self.addop(MATCH_SEQUENCE, 0, loc);
        self.jump_to_fail_pop(loc, pc, POP_JUMP_IF_FALSE);
        if star.is_none() {
            self.addop(GET_LEN, 0, loc);
            self.load_const(Constant::Int(BigInt::from(size)), loc);
            self.compare_op(CmpOp::Eq, loc);
            self.jump_to_fail_pop(loc, pc, POP_JUMP_IF_FALSE);
        } else if size > 1 {
            self.addop(GET_LEN, 0, loc);
            self.load_const(Constant::Int(BigInt::from(size - 1)), loc);
            self.compare_op(CmpOp::GtE, loc);
            self.jump_to_fail_pop(loc, pc, POP_JUMP_IF_FALSE);
        }
        pc.on_top -= 1;
        if only_wildcard {
            self.addop(POP_TOP, 0, loc);
        } else if star_wildcard {
            let star = star.unwrap_or(0);
            pc.on_top += 1;
            for (i, q) in patterns.iter().enumerate() {
                if wildcard(q) || i == star {
                    continue;
                }
                self.addop(COPY, 1, loc);
                if i < star {
                    self.load_const(Constant::Int(BigInt::from(i)), loc);
                } else {
                    self.addop(GET_LEN, 0, loc);
                    self.load_const(Constant::Int(BigInt::from(size - i)), loc);
                    self.addop(BINARY_OP, binop_arg(Operator::Sub, false), loc);
                }
                self.addop(BINARY_SUBSCR, 0, loc);
                self.pattern_subpattern(q, pc)?;
            }
            pc.on_top -= 1;
            self.addop(POP_TOP, 0, loc);
        } else {
            // pattern_unpack_helper
            match star {
                Some(i) => {
                    if i >= 256 {
                        return self.perr(
                            "too many expressions in star-unpacking sequence pattern",
                            loc,
                        );
                    }
                    self.addop(UNPACK_EX, (i + ((size - i - 1) << 8)) as i32, loc);
                }
                None => self.addop(UNPACK_SEQUENCE, size as i32, loc),
            }
            pc.on_top += size;
            for q in patterns {
                pc.on_top -= 1;
                self.pattern_subpattern(q, pc)?;
            }
        }
        Ok(())
    }

    fn pattern_mapping(
        &mut self,
        loc: Location,
        keys: &'a [Expr],
        patterns: &'a [Pattern],
        rest: Option<&str>,
        pc: &mut PatternContext,
    ) -> Result<()> {
        let size = keys.len();
        pc.on_top += 1;
        self.addop(MATCH_MAPPING, 0, loc);
        self.jump_to_fail_pop(loc, pc, POP_JUMP_IF_FALSE);
        if size == 0 && rest.is_none() {
            pc.on_top -= 1;
            self.addop(POP_TOP, 0, loc);
            return Ok(());
        }
        if size > 0 {
            self.addop(GET_LEN, 0, loc);
            self.load_const(Constant::Int(BigInt::from(size)), loc);
            self.compare_op(CmpOp::GtE, loc);
            self.jump_to_fail_pop(loc, pc, POP_JUMP_IF_FALSE);
        }
        let mut seen: HashSet<crate::code::ConstKey> = HashSet::default();
        for k in keys {
            match &k.kind {
                ExprKind::Constant(c) => {
                    if !seen.insert(c.key(0)) {
                        return self.perr(
                            format!(
                                "mapping pattern checks duplicate key ({})",
                                crate::dis::repr(c)
                            ),
                            loc,
                        );
                    }
                }
                ExprKind::Attribute { .. } => {}
                _ => {
                    return self.perr(
                        "mapping pattern keys may only match literals and attribute lookups",
                        loc,
                    )
                }
            }
            self.expr(k)?;
        }
        self.addop(BUILD_TUPLE, size as i32, loc);
        self.addop(MATCH_KEYS, 0, loc);
        pc.on_top += 2;
        self.addop(COPY, 1, loc);
        self.load_const(Constant::None, loc);
        self.addop(IS_OP, 1, loc);
        self.jump_to_fail_pop(loc, pc, POP_JUMP_IF_FALSE);
        self.addop(UNPACK_SEQUENCE, size as i32, loc);
        pc.on_top += size;
        pc.on_top -= 1;
        for q in patterns {
            pc.on_top -= 1;
            self.pattern_subpattern(q, pc)?;
        }
        pc.on_top -= 2;
        if let Some(r) = rest {
            self.addop(BUILD_MAP, 0, loc);
            self.addop(SWAP, 3, loc);
            self.addop(DICT_UPDATE, 2, loc);
            self.addop(UNPACK_SEQUENCE, size as i32, loc);
            let mut n = size;
            while n > 0 {
                self.addop(COPY, (1 + n) as i32, loc);
                n -= 1;
                self.addop(SWAP, 2, loc);
                self.addop(DELETE_SUBSCR, 0, loc);
            }
            self.pattern_store_name(loc, Some(r), pc)?;
        } else {
            self.addop(POP_TOP, 0, loc);
            self.addop(POP_TOP, 0, loc);
        }
        Ok(())
    }

    fn pattern_or(
        &mut self,
        loc: Location,
        alts: &'a [Pattern],
        pc: &mut PatternContext,
    ) -> Result<()> {
        let end = self.new_label();
        let size = alts.len();
        let old_pc = pc.clone();
        let mut control: Option<Vec<String>> = None;
        for (i, alt) in alts.iter().enumerate() {
            let aloc = loc_of(alt.loc);
            pc.stores = Vec::new();
            pc.allow_irrefutable = i == size - 1 && old_pc.allow_irrefutable;
            pc.fail_pop = Vec::new();
            pc.on_top = 0;
            self.addop(COPY, 1, aloc);
            self.pattern(alt, pc)?;
            let nstores = pc.stores.len();
            match &control {
                None => control = Some(pc.stores.clone()),
                Some(ctrl) if ctrl.len() != nstores => {
                    return self.perr("alternative patterns bind different names", loc);
                }
                Some(ctrl) if nstores > 0 => {
                    let ctrl = ctrl.clone();
                    let mut icontrol = nstores;
                    while icontrol > 0 {
                        icontrol -= 1;
                        let name = &ctrl[icontrol];
                        let Some(istores) = pc.stores.iter().position(|s| s == name) else {
                            return self.perr("alternative patterns bind different names", loc);
                        };
                        if icontrol != istores {
                            let rotations = istores + 1;
                            let rotated: Vec<String> = pc.stores.drain(0..rotations).collect();
                            let at = icontrol - istores;
                            for (k, r) in rotated.into_iter().enumerate() {
                                pc.stores.insert(at + k, r);
                            }
                            for _ in 0..rotations {
                                self.pattern_rotate(aloc, icontrol + 1);
                            }
                        }
                    }
                }
                _ => {}
            }
            self.addop(JUMP, end, aloc);
            self.emit_and_reset_fail_pop(aloc, pc);
        }
        *pc = old_pc;
        self.addop(POP_TOP, 0, loc);
        self.jump_to_fail_pop(loc, pc, JUMP);
        self.use_label(end);
        let control = control.unwrap_or_default();
        let nstores = control.len();
        let nrots = nstores + 1 + pc.on_top + pc.stores.len();
        for name in control {
            self.pattern_rotate(loc, nrots);
            if pc.stores.contains(&name) {
                return self.perr(
                    format!("multiple assignments to name '{name}' in pattern"),
                    loc,
                );
            }
            pc.stores.push(name);
        }
        self.addop(POP_TOP, 0, loc);
        Ok(())
    }

    fn match_(&mut self, subject: &'a Expr, cases: &'a [MatchCase]) -> Result<()> {
        self.expr(subject)?;
        let end = self.new_label();
        let n = cases.len();
        let Some(last) = cases.last() else {
            return Ok(());
        };
        let has_default = wildcard(&last.pattern) && n > 1;
        let mut pc = PatternContext::default();
        for (i, m) in cases[..n - usize::from(has_default)].iter().enumerate() {
            let ploc = loc_of(m.pattern.loc);
            let not_last = i != n - usize::from(has_default) - 1;
            if not_last {
                self.addop(COPY, 1, ploc);
            }
            pc.stores = Vec::new();
            pc.allow_irrefutable = m.guard.is_some() || i == n - 1;
            pc.fail_pop = Vec::new();
            pc.on_top = 0;
            self.pattern(&m.pattern, &mut pc)?;
            for name in pc.stores.clone() {
                self.nameop(&name, Ctx::Store, ploc)?;
            }
            if let Some(g) = &m.guard {
                self.ensure_fail_pop(&mut pc, 0);
                let target = pc.fail_pop[0];
                self.jump_if(ploc, g, target, false)?;
            }
            if not_last {
                self.addop(POP_TOP, 0, ploc);
            }
            self.stmts(&m.body)?;
            self.addop(JUMP, end, NO_LOCATION);
            self.emit_and_reset_fail_pop(ploc, &mut pc);
        }
        if has_default {
            let ploc = loc_of(last.pattern.loc);
            if n == 1 {
                self.addop(POP_TOP, 0, ploc);
            } else {
                self.addop(NOP, 0, ploc);
            }
            if let Some(g) = &last.guard {
                self.jump_if(ploc, g, end, false)?;
            }
            self.stmts(&last.body)?;
        }
        self.use_label(end);
        Ok(())
    }

    fn addop_yield(&mut self, loc: Location) {
        if self.ste().generator && self.ste().coroutine {
            self.addop(CALL_INTRINSIC_1, 4, loc);
        }
        self.addop(YIELD_VALUE, 0, loc);
        self.addop(RESUME, 1, loc);
    }

    #[allow(clippy::too_many_arguments)]
    fn comprehension(
        &mut self,
        e: &'a Expr,
        kind: CompKind,
        name: &str,
        generators: &'a [Comprehension],
        elt: &'a Expr,
        val: Option<&'a Expr>,
    ) -> Result<()> {
        let Some(scope) = self.table.scope_for(e) else {
            return self.unsupported("comprehension scope", e.loc);
        };
        let entry = &self.table.scopes[scope];
        let is_inlined = entry.comp_inlined;
        let is_async_generator = entry.coroutine;
        let loc = loc_of(e.loc);
        let outermost = &generators[0];
        let outer_kind = self.ur().kind;
        let mut state = InlineState::default();
        if is_inlined {
            self.expr(&outermost.iter)?;
            self.addop(
                if outermost.is_async {
                    GET_AITER
                } else {
                    GET_ITER
                },
                0,
                loc,
            );
            state = self.push_inlined_comprehension_state(loc, scope)?;
        } else {
            self.enter_scope(name, UnitKind::Comprehension, scope, e.loc.lineno)?;
        }
        if is_async_generator
            && kind != CompKind::Generator
            && !matches!(
                outer_kind,
                UnitKind::AsyncFunction | UnitKind::Comprehension
            )
        {
            return Err(CompileError::at(
                "asynchronous comprehension outside of an asynchronous function",
                &e.loc,
            ));
        }
        if kind != CompKind::Generator {
            let op = match kind {
                CompKind::List => BUILD_LIST,
                CompKind::Set => BUILD_SET,
                _ => BUILD_MAP,
            };
            self.addop(op, 0, loc);
            if is_inlined {
                self.addop(SWAP, 2, loc);
            }
        }
        self.comprehension_generator(loc, generators, 0, 0, elt, val, kind, is_inlined)?;
        if is_inlined {
            return self.pop_inlined_comprehension_state(loc, state);
        }
        if kind != CompKind::Generator {
            self.addop(RETURN_VALUE, 0, loc);
        } else {
            self.wrap_in_stopiteration_handler();
        }
        let co = self.finish_unit(true)?;
        self.make_closure(loc, co, 0)?;
        self.expr(&outermost.iter)?;
        self.addop(
            if outermost.is_async {
                GET_AITER
            } else {
                GET_ITER
            },
            0,
            loc,
        );
        self.addop(CALL, 0, loc);
        if is_async_generator && kind != CompKind::Generator {
            self.addop(GET_AWAITABLE, 0, loc);
            self.load_const(Constant::None, loc);
            self.add_yield_from(loc, true);
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn async_comprehension_generator(
        &mut self,
        loc: Location,
        generators: &'a [Comprehension],
        mut gen_index: usize,
        mut depth: i32,
        elt: &'a Expr,
        val: Option<&'a Expr>,
        kind: CompKind,
        iter_on_stack: bool,
    ) -> Result<()> {
        let start = self.new_label();
        let except = self.new_label();
        let if_cleanup = self.new_label();
        let g = &generators[gen_index];
        if !iter_on_stack {
            if gen_index == 0 {
                self.u().argcount = 1;
                self.addop(LOAD_FAST, 0, loc);
            } else {
                self.expr(&g.iter)?;
                self.addop(GET_AITER, 0, loc);
            }
        }
        self.use_label(start);
        self.push_fblock(FBlockKind::AsyncComprehensionGenerator, start, -1, loc)?;
        self.addop(SETUP_FINALLY, except, loc);
        self.addop(GET_ANEXT, 0, loc);
        self.load_const(Constant::None, loc);
        self.add_yield_from(loc, true);
        self.addop(POP_BLOCK, 0, loc);
        self.expr(&g.target)?;
        for cond in &g.ifs {
            self.jump_if(loc, cond, if_cleanup, false)?;
        }
        depth += 1;
        gen_index += 1;
        if gen_index < generators.len() {
            self.comprehension_generator(loc, generators, gen_index, depth, elt, val, kind, false)?;
        }
        let elt_loc =
            self.comprehension_element(elt, val, kind, depth, gen_index >= generators.len())?;
        self.use_label(if_cleanup);
        self.addop(JUMP, start, elt_loc);
        self.pop_fblock();
        self.use_label(except);
        self.addop(END_ASYNC_FOR, 0, loc);
        Ok(())
    }

    /// The element code of the innermost generator (`depth` is the
    /// number of iterators on the stack); returns its location.
    fn comprehension_element(
        &mut self,
        elt: &'a Expr,
        val: Option<&'a Expr>,
        kind: CompKind,
        depth: i32,
        innermost: bool,
    ) -> Result<Location> {
        let mut elt_loc = loc_of(elt.loc);
        if !innermost {
            return Ok(elt_loc);
        }
        match kind {
            CompKind::Generator => {
                self.expr(elt)?;
                self.addop_yield(elt_loc);
                self.addop(POP_TOP, 0, elt_loc);
            }
            CompKind::List => {
                self.expr(elt)?;
                self.addop(LIST_APPEND, depth + 1, elt_loc);
            }
            CompKind::Set => {
                self.expr(elt)?;
                self.addop(SET_ADD, depth + 1, elt_loc);
            }
            CompKind::Dict => {
                self.expr(elt)?;
                if let Some(v) = val {
                    self.expr(v)?;
                    elt_loc = Location {
                        lineno: elt.loc.lineno,
                        end_lineno: v.loc.end_lineno,
                        col: elt.loc.col,
                        end_col: v.loc.end_col,
                    };
                }
                self.addop(MAP_ADD, depth + 1, elt_loc);
            }
        }
        Ok(elt_loc)
    }

    #[allow(clippy::too_many_arguments)]
    fn comprehension_generator(
        &mut self,
        loc: Location,
        generators: &'a [Comprehension],
        mut gen_index: usize,
        mut depth: i32,
        elt: &'a Expr,
        val: Option<&'a Expr>,
        kind: CompKind,
        iter_on_stack: bool,
    ) -> Result<()> {
        if generators[gen_index].is_async {
            return self.async_comprehension_generator(
                loc,
                generators,
                gen_index,
                depth,
                elt,
                val,
                kind,
                iter_on_stack,
            );
        }
        let mut start = Some(self.new_label());
        let if_cleanup = self.new_label();
        let anchor = self.new_label();
        let g = &generators[gen_index];
        if !iter_on_stack {
            if gen_index == 0 {
                self.u().argcount = 1;
                self.addop(LOAD_FAST, 0, loc);
            } else {
                let elts = match &g.iter.kind {
                    ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => Some(elts),
                    _ => None,
                };
                if let Some(elts) = elts {
                    if elts.len() == 1 && !matches!(elts[0].kind, ExprKind::Starred { .. }) {
                        self.expr(&elts[0])?;
                        start = None;
                    }
                }
                if start.is_some() {
                    self.expr(&g.iter)?;
                    self.addop(GET_ITER, 0, loc);
                }
            }
        }
        if let Some(st) = start {
            depth += 1;
            self.use_label(st);
            self.addop(FOR_ITER, anchor, loc);
        }
        self.expr(&g.target)?;
        for cond in &g.ifs {
            self.jump_if(loc, cond, if_cleanup, false)?;
        }
        gen_index += 1;
        if gen_index < generators.len() {
            self.comprehension_generator(loc, generators, gen_index, depth, elt, val, kind, false)?;
        }
        let mut elt_loc = loc_of(elt.loc);
        if gen_index >= generators.len() {
            match kind {
                CompKind::Generator => {
                    self.expr(elt)?;
                    self.addop_yield(elt_loc);
                    self.addop(POP_TOP, 0, elt_loc);
                }
                CompKind::List => {
                    self.expr(elt)?;
                    self.addop(LIST_APPEND, depth + 1, elt_loc);
                }
                CompKind::Set => {
                    self.expr(elt)?;
                    self.addop(SET_ADD, depth + 1, elt_loc);
                }
                CompKind::Dict => {
                    self.expr(elt)?;
                    if let Some(v) = val {
                        self.expr(v)?;
                        elt_loc = Location {
                            lineno: elt.loc.lineno,
                            end_lineno: v.loc.end_lineno,
                            col: elt.loc.col,
                            end_col: v.loc.end_col,
                        };
                    }
                    self.addop(MAP_ADD, depth + 1, elt_loc);
                }
            }
        }
        self.use_label(if_cleanup);
        if let Some(st) = start {
            self.addop(JUMP, st, elt_loc);
            self.use_label(anchor);
            self.addop(END_FOR, 0, NO_LOCATION);
        }
        Ok(())
    }

    fn push_inlined_comprehension_state(
        &mut self,
        loc: Location,
        comp: usize,
    ) -> Result<InlineState> {
        let mut state = InlineState::default();
        let in_class_block = self.ste().kind == BlockKind::Class && self.ur().in_inlined_comp == 0;
        self.u().in_inlined_comp += 1;
        let entry = &self.table.scopes[comp];
        let is_func = self.ste().is_function();
        for (k, symbol) in &entry.symbols {
            let scope = entry.scope_of(k);
            let outsc = self.lookup_scope(k);
            // 3.12.1 (before gh-118513) keeps the enclosing function's
            // local for a name that another inlined comprehension binds and
            // this one reads as a global.
            let differs = scope != outsc
                && scope != Some(NameScope::Free)
                && !(scope == Some(NameScope::Cell) && outsc == Some(NameScope::Free))
                && !(scope == Some(NameScope::GlobalImplicit) && outsc == Some(NameScope::Local));
            if differs || in_class_block {
                let u = self.u();
                if !u.overrides.contains_key(k) || !state.temp.iter().any(|(n, _)| n == k) {
                    let prev = u.overrides.get(k).copied();
                    state.temp.push((k.clone(), prev));
                }
                u.overrides.insert(k.clone(), scope);
            }
            if (symbol & flag::LOCAL != 0 && symbol & flag::NONLOCAL == 0) || in_class_block {
                if !is_func {
                    let u = self.u();
                    if u.fasthidden.get(k) != Some(&true) {
                        u.fasthidden.insert(k.clone(), true);
                        state.fast_hidden.push(k.clone());
                    }
                }
                let idx = self.u().varnames.add(k) as i32;
                self.addop(LOAD_FAST_AND_CLEAR, idx, loc);
                if scope == Some(NameScope::Cell) {
                    let i = if outsc == Some(NameScope::Free) {
                        self.free_index(k)
                    } else {
                        self.ur().cellvars.get(k)
                    };
                    let Some(i) = i else {
                        return Err(CompileError::unsupported(
                            format!("cell {k} of an inlined comprehension"),
                            loc.lineno,
                        ));
                    };
                    self.addop(MAKE_CELL, i as i32, loc);
                }
                state.pushed_locals.push(k.clone());
            }
        }
        if !state.pushed_locals.is_empty() {
            self.addop(SWAP, state.pushed_locals.len() as i32 + 1, loc);
            let cleanup = self.new_label();
            let end = self.new_label();
            state.cleanup = cleanup;
            state.end = end;
            self.addop(SETUP_FINALLY, cleanup, loc);
        }
        Ok(state)
    }

    fn restore_inlined_comprehension_locals(&mut self, loc: Location, state: &InlineState) {
        let n = state.pushed_locals.len();
        self.addop(SWAP, n as i32 + 1, loc);
        for k in state.pushed_locals.iter().rev() {
            let idx = self.u().varnames.add(k) as i32;
            self.addop(STORE_FAST_MAYBE_NULL, idx, loc);
        }
    }

    fn pop_inlined_comprehension_state(&mut self, loc: Location, state: InlineState) -> Result<()> {
        self.u().in_inlined_comp -= 1;
        for (k, prev) in state.temp.iter().rev() {
            let u = self.u();
            match prev {
                Some(p) => {
                    u.overrides.insert(k.clone(), *p);
                }
                None => {
                    u.overrides.remove(k);
                }
            }
        }
        if !state.pushed_locals.is_empty() {
            self.addop(POP_BLOCK, 0, NO_LOCATION);
            self.addop(JUMP, state.end, NO_LOCATION);
            self.use_label(state.cleanup);
            self.addop(SWAP, 2, NO_LOCATION);
            self.addop(POP_TOP, 0, NO_LOCATION);
            self.restore_inlined_comprehension_locals(loc, &state);
            self.addop(RERAISE, 0, NO_LOCATION);
            self.use_label(state.end);
            self.restore_inlined_comprehension_locals(loc, &state);
        }
        for k in state.fast_hidden {
            self.u().fasthidden.insert(k, false);
        }
        Ok(())
    }

    fn slice_bound(&mut self, e: Option<&'a Expr>, loc: Location) -> Result<()> {
        match e {
            Some(e) => self.expr(e),
            None => {
                self.load_const(Constant::None, loc);
                Ok(())
            }
        }
    }

    fn slice_parts(&mut self, slice: &'a Expr) -> Result<()> {
        if let ExprKind::Slice { lower, upper, .. } = &slice.kind {
            let l = loc_of(slice.loc);
            self.slice_bound(lower.as_deref(), l)?;
            self.slice_bound(upper.as_deref(), l)?;
        }
        Ok(())
    }

    fn unpack_store(&mut self, loc: Location, elts: &'a [Expr]) -> Result<()> {
        let mut seen_star = None;
        for (i, el) in elts.iter().enumerate() {
            if matches!(el.kind, ExprKind::Starred { .. }) {
                if seen_star.is_some() {
                    return Err(CompileError::at(
                        "multiple starred expressions in assignment",
                        &loc,
                    ));
                }
                seen_star = Some(i);
            }
        }
        match seen_star {
            Some(i) => {
                let after = elts.len() - i - 1;
                if i >= 256 || after >= (1 << 23) {
                    return Err(CompileError::at(
                        "too many expressions in star-unpacking assignment",
                        &loc,
                    ));
                }
                self.addop(UNPACK_EX, (i + (after << 8)) as i32, loc);
            }
            None => self.addop(UNPACK_SEQUENCE, elts.len() as i32, loc),
        }
        for el in elts {
            match &el.kind {
                ExprKind::Starred { value, .. } => self.expr(value)?,
                _ => self.expr(el)?,
            }
        }
        Ok(())
    }

    /// `starunpack_helper`: builds a list/set/tuple from `elts` (after
    /// `pushed` items already on the stack).
    #[allow(clippy::too_many_arguments)]
    fn starunpack(
        &mut self,
        loc: Location,
        elts: &'a [Expr],
        pushed: usize,
        build: u16,
        add: u16,
        extend: u16,
        tuple: bool,
    ) -> Result<()> {
        self.starunpack_ext(loc, elts, None, pushed, build, add, extend, tuple)
    }

    /// `starunpack_helper` over `elts` followed by the name `extra` (a
    /// generic class's `.generic_base`), if any.
    #[allow(clippy::too_many_arguments)]
    fn starunpack_ext(
        &mut self,
        loc: Location,
        elts: &'a [Expr],
        extra: Option<&str>,
        pushed: usize,
        build: u16,
        add: u16,
        extend: u16,
        tuple: bool,
    ) -> Result<()> {
        let n = elts.len() + usize::from(extra.is_some());
        let all_const = extra.is_none() && elts.iter().all(|e| e.as_constant().is_some());
        if n > 2 && all_const {
            let vals: Vec<Constant> = elts
                .iter()
                .filter_map(|e| e.as_constant().cloned())
                .collect();
            if tuple && pushed == 0 {
                self.load_const(Constant::Tuple(vals), loc);
            } else {
                self.addop(build, pushed as i32, loc);
                if add == SET_ADD {
                    self.load_const(Constant::FrozenSet(crate::code::set_dedup(vals)), loc);
                } else {
                    self.load_const(Constant::Tuple(vals), loc);
                }
                self.addop(extend, 1, loc);
                if tuple {
                    self.addop(CALL_INTRINSIC_1, 6, loc);
                }
            }
            return Ok(());
        }
        let big = n + pushed > STACK_USE_GUIDELINE;
        let seen_star = elts
            .iter()
            .any(|e| matches!(e.kind, ExprKind::Starred { .. }));
        if !seen_star && !big {
            for el in elts {
                self.expr(el)?;
            }
            if let Some(x) = extra {
                self.nameop(x, Ctx::Load, loc)?;
            }
            self.addop(
                if tuple { BUILD_TUPLE } else { build },
                (n + pushed) as i32,
                loc,
            );
            return Ok(());
        }
        let mut built = false;
        if big {
            self.addop(build, pushed as i32, loc);
            built = true;
        }
        for (i, el) in elts.iter().enumerate() {
            if let ExprKind::Starred { value, .. } = &el.kind {
                if !built {
                    self.addop(build, (i + pushed) as i32, loc);
                    built = true;
                }
                self.expr(value)?;
                self.addop(extend, 1, loc);
            } else {
                self.expr(el)?;
                if built {
                    self.addop(add, 1, loc);
                }
            }
        }
        if let Some(x) = extra {
            if !built {
                self.addop(build, (elts.len() + pushed) as i32, loc);
                built = true;
            }
            self.nameop(x, Ctx::Load, loc)?;
            if built {
                self.addop(add, 1, loc);
            }
        }
        if tuple {
            self.addop(CALL_INTRINSIC_1, 6, loc);
        }
        Ok(())
    }

    fn subdict(
        &mut self,
        loc: Location,
        keys: &'a [Option<Expr>],
        values: &'a [Expr],
    ) -> Result<()> {
        let n = values.len();
        let big = n * 2 > STACK_USE_GUIDELINE;
        let const_keys: Option<Vec<Constant>> = keys
            .iter()
            .map(|k| k.as_ref().and_then(|k| k.as_constant().cloned()))
            .collect();
        if n > 1 && !big {
            if let Some(ks) = const_keys {
                for v in values {
                    self.expr(v)?;
                }
                self.load_const(Constant::Tuple(ks), loc);
                self.addop(BUILD_CONST_KEY_MAP, n as i32, loc);
                return Ok(());
            }
        }
        if big {
            self.addop(BUILD_MAP, 0, loc);
        }
        for (k, v) in keys.iter().zip(values) {
            if let Some(k) = k {
                self.expr(k)?;
            }
            self.expr(v)?;
            if big {
                self.addop(MAP_ADD, 1, loc);
            }
        }
        if !big {
            self.addop(BUILD_MAP, n as i32, loc);
        }
        Ok(())
    }

    fn dict(&mut self, loc: Location, keys: &'a [Option<Expr>], values: &'a [Expr]) -> Result<()> {
        let n = values.len();
        let mut have_dict = false;
        let mut elements = 0;
        for i in 0..n {
            if keys[i].is_none() {
                if elements > 0 {
                    self.subdict(loc, &keys[i - elements..i], &values[i - elements..i])?;
                    if have_dict {
                        self.addop(DICT_UPDATE, 1, loc);
                    }
                    have_dict = true;
                    elements = 0;
                }
                if !have_dict {
                    self.addop(BUILD_MAP, 0, loc);
                    have_dict = true;
                }
                self.expr(&values[i])?;
                self.addop(DICT_UPDATE, 1, loc);
            } else if elements * 2 > STACK_USE_GUIDELINE {
                self.subdict(loc, &keys[i - elements..=i], &values[i - elements..=i])?;
                if have_dict {
                    self.addop(DICT_UPDATE, 1, loc);
                }
                have_dict = true;
                elements = 0;
            } else {
                elements += 1;
            }
        }
        if elements > 0 {
            self.subdict(loc, &keys[n - elements..], &values[n - elements..])?;
            if have_dict {
                self.addop(DICT_UPDATE, 1, loc);
            }
            have_dict = true;
        }
        if !have_dict {
            self.addop(BUILD_MAP, 0, loc);
        }
        Ok(())
    }

    /// `can_optimize_super_call`: the number of `super()` arguments if the
    /// attribute access can use `LOAD_SUPER_ATTR`.
    fn can_optimize_super_call(&self, attr: &Expr) -> Option<usize> {
        let ExprKind::Attribute {
            value, attr: name, ..
        } = &attr.kind
        else {
            return None;
        };
        let ExprKind::Call {
            func,
            args,
            keywords,
        } = &value.kind
        else {
            return None;
        };
        if !matches!(&func.kind, ExprKind::Name { id, .. } if id == "super")
            || name == "__class__"
            || !keywords.is_empty()
        {
            return None;
        }
        if self.lookup_scope("super") != Some(NameScope::GlobalImplicit) {
            return None;
        }
        if self.table.scopes[0].scope_of("super").is_some() {
            return None;
        }
        if args.len() == 2 {
            if args
                .iter()
                .any(|a| matches!(a.kind, ExprKind::Starred { .. }))
            {
                return None;
            }
            return Some(2);
        }
        if !args.is_empty() {
            return None;
        }
        if self.ur().argcount == 0 && self.ur().posonlyargcount == 0 {
            return None;
        }
        if self.ref_type("__class__") == Some(NameScope::Free) {
            return Some(0);
        }
        None
    }

    fn load_args_for_super(&mut self, e: &'a Expr) -> Result<()> {
        let ExprKind::Call { func, args, .. } = &e.kind else {
            return Ok(());
        };
        self.nameop("super", Ctx::Load, loc_of(func.loc))?;
        if args.len() == 2 {
            self.expr(&args[0])?;
            self.expr(&args[1])?;
            return Ok(());
        }
        let loc = loc_of(e.loc);
        self.nameop("__class__", Ctx::Load, loc)?;
        let first = self.ur().varnames.list.first().cloned().unwrap_or_default();
        self.nameop(&first, Ctx::Load, loc)?;
        Ok(())
    }

    fn is_import_originated(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Name { id, .. } => self.table.scopes[0].flags(id) & flag::IMPORT != 0,
            _ => false,
        }
    }

    fn call(
        &mut self,
        e: &'a Expr,
        func: &'a Expr,
        args: &'a [Expr],
        keywords: &'a [Keyword],
    ) -> Result<()> {
        // validate_keywords
        for (i, k) in keywords.iter().enumerate() {
            if let Some(a) = &k.arg {
                if let Some(dup) = keywords[i + 1..]
                    .iter()
                    .find(|o| o.arg.as_deref() == Some(a))
                {
                    return Err(CompileError::at(
                        format!("keyword argument repeated: {a}"),
                        &dup.loc,
                    ));
                }
            }
        }
        // maybe_optimize_method_call
        if let ExprKind::Attribute {
            value,
            attr,
            ctx: Ctx::Load,
        } = &func.kind
        {
            let argsl = args.len();
            let kwdsl = keywords.len();
            if !self.is_import_originated(value)
                && argsl + kwdsl + usize::from(kwdsl != 0) < STACK_USE_GUIDELINE
                && !args
                    .iter()
                    .any(|a| matches!(a.kind, ExprKind::Starred { .. }))
                && !keywords.iter().any(|k| k.arg.is_none())
            {
                let loc = loc_of(func.loc);
                let l;
                if let Some(nargs) = self.can_optimize_super_call(func) {
                    self.load_args_for_super(value)?;
                    let op = if nargs > 0 {
                        LOAD_SUPER_METHOD
                    } else {
                        LOAD_ZERO_SUPER_METHOD
                    };
                    self.addop_name(op, attr, loc);
                    l = self.attr_loc(loc, func);
                    self.addop(NOP, 0, l);
                } else {
                    self.expr(value)?;
                    l = self.attr_loc(loc, func);
                    self.addop_name(LOAD_METHOD, attr, l);
                }
                for a in args {
                    self.expr(a)?;
                }
                if kwdsl > 0 {
                    for k in keywords {
                        self.expr(&k.value)?;
                    }
                    self.kw_names(l, keywords);
                }
                let l = self.attr_loc(loc_of(e.loc), func);
                self.addop(CALL, (argsl + kwdsl) as i32, l);
                return Ok(());
            }
        }
        self.addop(PUSH_NULL, 0, loc_of(func.loc));
        self.expr(func)?;
        self.call_helper(loc_of(e.loc), 0, args, keywords)
    }

    fn kw_names(&mut self, loc: Location, keywords: &'a [Keyword]) {
        let names: Vec<Constant> = keywords
            .iter()
            .map(|k| Constant::Str(PyStr::new(k.arg.as_deref().unwrap_or(""))))
            .collect();
        let i = self.add_const(Constant::Tuple(names));
        self.addop(KW_NAMES, i, loc);
    }

    fn call_helper(
        &mut self,
        loc: Location,
        n: usize,
        args: &'a [Expr],
        keywords: &'a [Keyword],
    ) -> Result<()> {
        self.call_helper_ext(loc, n, args, None, keywords)
    }

    /// `compiler_call_helper` with the positional arguments `args` followed
    /// by the name `extra`, if any.
    fn call_helper_ext(
        &mut self,
        loc: Location,
        n: usize,
        args: &'a [Expr],
        extra: Option<&str>,
        keywords: &'a [Keyword],
    ) -> Result<()> {
        let nelts = args.len() + usize::from(extra.is_some());
        let nkw = keywords.len();
        let simple = nelts + nkw * 2 <= STACK_USE_GUIDELINE
            && !args
                .iter()
                .any(|a| matches!(a.kind, ExprKind::Starred { .. }))
            && !keywords.iter().any(|k| k.arg.is_none());
        if simple {
            for a in args {
                self.expr(a)?;
            }
            if let Some(x) = extra {
                self.nameop(x, Ctx::Load, loc)?;
            }
            if nkw > 0 {
                for k in keywords {
                    self.expr(&k.value)?;
                }
                self.kw_names(loc, keywords);
            }
            self.addop(CALL, (n + nelts + nkw) as i32, loc);
            return Ok(());
        }
        // ex_call
        if n == 0
            && nelts == 1
            && extra.is_none()
            && matches!(args[0].kind, ExprKind::Starred { .. })
        {
            if let ExprKind::Starred { value, .. } = &args[0].kind {
                self.expr(value)?;
            }
        } else {
            self.starunpack_ext(
                loc,
                args,
                extra,
                n,
                BUILD_LIST,
                LIST_APPEND,
                LIST_EXTEND,
                true,
            )?;
        }
        if nkw > 0 {
            let mut have_dict = false;
            let mut nseen = 0;
            for (i, k) in keywords.iter().enumerate() {
                if k.arg.is_none() {
                    if nseen > 0 {
                        self.subkwargs(loc, &keywords[i - nseen..i])?;
                        if have_dict {
                            self.addop(DICT_MERGE, 1, loc);
                        }
                        have_dict = true;
                        nseen = 0;
                    }
                    if !have_dict {
                        self.addop(BUILD_MAP, 0, loc);
                        have_dict = true;
                    }
                    self.expr(&k.value)?;
                    self.addop(DICT_MERGE, 1, loc);
                } else {
                    nseen += 1;
                }
            }
            if nseen > 0 {
                self.subkwargs(loc, &keywords[nkw - nseen..])?;
                if have_dict {
                    self.addop(DICT_MERGE, 1, loc);
                }
            }
        }
        self.addop(CALL_FUNCTION_EX, i32::from(nkw > 0), loc);
        Ok(())
    }

    fn subkwargs(&mut self, loc: Location, kws: &'a [Keyword]) -> Result<()> {
        let n = kws.len();
        let big = n * 2 > STACK_USE_GUIDELINE;
        if n > 1 && !big {
            for k in kws {
                self.expr(&k.value)?;
            }
            let names: Vec<Constant> = kws
                .iter()
                .map(|k| Constant::Str(PyStr::new(k.arg.as_deref().unwrap_or(""))))
                .collect();
            self.load_const(Constant::Tuple(names), loc);
            self.addop(BUILD_CONST_KEY_MAP, n as i32, loc);
            return Ok(());
        }
        if big {
            self.addop(BUILD_MAP, 0, NO_LOCATION);
        }
        for k in kws {
            self.load_const(
                Constant::Str(PyStr::new(k.arg.as_deref().unwrap_or(""))),
                loc,
            );
            self.expr(&k.value)?;
            if big {
                self.addop(MAP_ADD, 1, NO_LOCATION);
            }
        }
        if !big {
            self.addop(BUILD_MAP, n as i32, loc);
        }
        Ok(())
    }
}

/// `pattern_context` of `compile.c`.
#[derive(Default, Clone)]
struct PatternContext {
    stores: Vec<String>,
    allow_irrefutable: bool,
    fail_pop: Vec<i32>,
    on_top: usize,
}

fn wildcard(p: &Pattern) -> bool {
    matches!(
        &p.kind,
        PatternKind::MatchAs {
            pattern: None,
            name: None
        }
    )
}

fn wildcard_star(p: &Pattern) -> bool {
    matches!(&p.kind, PatternKind::MatchStar(None))
}

#[derive(Default)]
struct InlineState {
    temp: Vec<(String, Option<Option<NameScope>>)>,
    pushed_locals: Vec<String>,
    fast_hidden: Vec<String>,
    cleanup: i32,
    end: i32,
}

fn is_two_element_slice(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Slice { step: None, .. })
}

/// `BINARY_OP` argument (`NB_*`) of an operator, in-place if `inplace`.
pub fn binop_arg(op: Operator, inplace: bool) -> i32 {
    let base = match op {
        Operator::Add => 0,
        Operator::BitAnd => 1,
        Operator::FloorDiv => 2,
        Operator::LShift => 3,
        Operator::MatMult => 4,
        Operator::Mult => 5,
        Operator::Mod => 6,
        Operator::BitOr => 7,
        Operator::Pow => 8,
        Operator::RShift => 9,
        Operator::Sub => 10,
        Operator::Div => 11,
        Operator::BitXor => 12,
    };
    if inplace {
        base + 13
    } else {
        base
    }
}
