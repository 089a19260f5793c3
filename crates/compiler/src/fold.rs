//! Constant folding as CPython 3.12.1's AST optimizer (`ast_opt.c`) does
//! it, with its size limits: unary and binary operators on constants,
//! tuples of constants, constant subscripts, `not` folded into `is`/`in`
//! comparisons, `'%s' % (a, b)` rewritten as an f-string, literal lists and
//! sets in `in` tests and `for` iterables turned into tuples and
//! frozensets, and `__debug__`.
//!
//! Where CPython's arithmetic would raise, the node stays unfolded, as in
//! CPython. Arithmetic whose exact CPython result this module cannot
//! reproduce (for instance big-int true division) is refused with an
//! `Unsupported` error rather than folded differently.

use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::ast::*;
use crate::code::{Constant, PyStr};
use crate::error::{CompileError, Result};

const MAX_INT_SIZE: u64 = 128;
const MAX_COLLECTION_SIZE: i64 = 256;
const MAX_STR_SIZE: i64 = 4096;
const MAX_TOTAL_ITEMS: i64 = 1024;

/// Folds constants in a module, in place; with `future_annotations`,
/// annotations are left as written (they become strings).
pub fn fold_module(m: &mut Module, future_annotations: bool) -> Result<()> {
    fold_module_at(m, future_annotations, 0)
}

/// [`fold_module`] at an optimization level (`__debug__` is `True` only
/// at level 0).
pub fn fold_module_at(m: &mut Module, future_annotations: bool, optimize: u8) -> Result<()> {
    let mut f = Folder {
        depth: 0,
        future_annotations,
        optimize,
    };
    f.body(&mut m.body)
}

/// Folds constants in an `eval`-mode expression, in place.
pub fn fold_expression(e: &mut Expr) -> Result<()> {
    fold_expression_at(e, 0)
}

/// [`fold_expression`] at an optimization level.
pub fn fold_expression_at(e: &mut Expr, optimize: u8) -> Result<()> {
    Folder {
        depth: 0,
        future_annotations: false,
        optimize,
    }
    .expr(e)
}

struct Folder {
    depth: u32,
    future_annotations: bool,
    optimize: u8,
}

/// Outcome of trying one operation: a value, "CPython raises" (leave the
/// node alone), or an error.
type Op = Result<Option<Constant>>;

fn unsupported(what: &str, loc: Loc) -> CompileError {
    CompileError::unsupported(format!("constant folding of {what}"), loc.lineno)
}

fn is_docstring(stmts: &[Stmt]) -> bool {
    matches!(stmts.first().map(|s| &s.kind), Some(StmtKind::Expr(e)) if matches!(e.kind, ExprKind::Constant(Constant::Str(_))))
}

fn int_bits(i: &BigInt) -> u64 {
    i.bits()
}

fn as_int(c: &Constant) -> Option<BigInt> {
    match c {
        Constant::Int(i) => Some(i.clone()),
        Constant::Bool(b) => Some(BigInt::from(u8::from(*b))),
        _ => None,
    }
}

fn exact_f64(i: &BigInt) -> Option<f64> {
    if i.bits() <= 53 {
        i.to_f64()
    } else {
        None
    }
}

/// `PyLong_AsDouble`: the nearest double (ties to even), `None` when it
/// overflows (`OverflowError` in CPython).
fn rounded_f64(i: &BigInt) -> Option<f64> {
    let bits = i.bits();
    if bits <= 53 {
        return i.to_f64();
    }
    // 55 significant bits with the rest folded into the lowest one
    // (round to odd) convert to the correctly rounded double.
    let shift = bits - 55;
    let mag = i.magnitude();
    let top = (mag >> shift).to_u64()?;
    let sticky = u64::from(mag.trailing_zeros().is_some_and(|z| z < shift));
    let m = (top | sticky) as f64;
    let v = m * 2f64.powi(i32::try_from(shift).ok()?);
    let v = if i.is_negative() { -v } else { v };
    v.is_finite().then_some(v)
}

fn as_float(c: &Constant) -> Option<Option<f64>> {
    match c {
        Constant::Float(f) => Some(Some(*f)),
        Constant::Int(_) | Constant::Bool(_) => Some(as_int(c).as_ref().and_then(exact_f64)),
        _ => None,
    }
}

fn floor_divmod(a: &BigInt, b: &BigInt) -> (BigInt, BigInt) {
    use num_integer::Integer;
    a.div_mod_floor(b)
}

/// CPython's `float_divmod`.
fn float_divmod(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let mut fd = div.floor();
        if div - fd > 0.5 {
            fd += 1.0;
        }
        fd
    } else {
        0.0f64.copysign(vx / wx)
    };
    (floordiv, m)
}

fn str_concat(a: &PyStr, b: &PyStr) -> PyStr {
    let mut v = a.as_bytes().to_vec();
    v.extend_from_slice(b.as_bytes());
    PyStr::from_wtf8(v)
}

fn check_complexity(c: &Constant, mut limit: i64) -> i64 {
    match c {
        Constant::Tuple(t) | Constant::FrozenSet(t) => {
            limit -= t.len() as i64;
            for x in t {
                if limit < 0 {
                    break;
                }
                limit = check_complexity(x, limit);
            }
            limit
        }
        _ => limit,
    }
}

fn repeat(c: &Constant, n: &BigInt, loc: Loc) -> Op {
    let size = match c {
        Constant::Tuple(t) => t.len() as i64,
        Constant::FrozenSet(_) => return Ok(None),
        Constant::Str(s) => s.char_len() as i64,
        Constant::Bytes(b) => b.len() as i64,
        _ => return Ok(None),
    };
    let limit = if matches!(c, Constant::Tuple(_)) {
        MAX_COLLECTION_SIZE
    } else {
        MAX_STR_SIZE
    };
    let Some(n) = n.to_i64() else {
        return Ok(None);
    };
    if size != 0 {
        if n < 0 || n > limit / size {
            return Ok(None);
        }
        if matches!(c, Constant::Tuple(_)) && n != 0 && check_complexity(c, MAX_TOTAL_ITEMS / n) < 0
        {
            return Ok(None);
        }
    }
    let n = n.max(0) as usize;
    let _ = loc;
    Ok(Some(match c {
        Constant::Tuple(t) => {
            Constant::Tuple(t.iter().cloned().cycle().take(t.len() * n).collect())
        }
        Constant::Str(s) => Constant::Str(PyStr::from_wtf8(s.as_bytes().repeat(n))),
        Constant::Bytes(b) => Constant::Bytes(b.repeat(n)),
        _ => return Ok(None),
    }))
}

fn binop(op: Operator, l: &Constant, r: &Constant, loc: Loc) -> Op {
    use Constant as C;
    // Sequences.
    match (op, l, r) {
        (Operator::Add, C::Str(a), C::Str(b)) => return Ok(Some(C::Str(str_concat(a, b)))),
        (Operator::Add, C::Bytes(a), C::Bytes(b)) => {
            let mut v = a.clone();
            v.extend_from_slice(b);
            return Ok(Some(C::Bytes(v)));
        }
        (Operator::Add, C::Tuple(a), C::Tuple(b)) => {
            let mut v = a.clone();
            v.extend(b.iter().cloned());
            return Ok(Some(C::Tuple(v)));
        }
        (
            Operator::Mult,
            C::Str(_) | C::Bytes(_) | C::Tuple(_) | C::FrozenSet(_),
            C::Int(_) | C::Bool(_),
        ) => return repeat(l, &as_int(r).unwrap_or_default(), loc),
        (
            Operator::Mult,
            C::Int(_) | C::Bool(_),
            C::Str(_) | C::Bytes(_) | C::Tuple(_) | C::FrozenSet(_),
        ) => return repeat(r, &as_int(l).unwrap_or_default(), loc),
        (Operator::Mod, C::Str(_) | C::Bytes(_), _) => return Ok(None),
        _ => {}
    }
    if matches!(
        l,
        C::Str(_)
            | C::Bytes(_)
            | C::Tuple(_)
            | C::FrozenSet(_)
            | C::None
            | C::Ellipsis
            | C::Code(_)
    ) || matches!(
        r,
        C::Str(_)
            | C::Bytes(_)
            | C::Tuple(_)
            | C::FrozenSet(_)
            | C::None
            | C::Ellipsis
            | C::Code(_)
    ) {
        // TypeError in CPython: not folded.
        return Ok(None);
    }
    if matches!(l, C::Complex { .. }) || matches!(r, C::Complex { .. }) {
        let c = |x: &Constant| -> Option<(f64, f64)> {
            match x {
                C::Complex { re, im } => Some((*re, *im)),
                C::Float(f) => Some((*f, 0.0)),
                _ => as_int(x).as_ref().and_then(rounded_f64).map(|f| (f, 0.0)),
            }
        };
        let (Some((a, b)), Some((cc, d))) = (c(l), c(r)) else {
            // An int too large for a float: OverflowError, not folded.
            return Ok(None);
        };
        return match op {
            Operator::Add => Ok(Some(C::Complex {
                re: a + cc,
                im: b + d,
            })),
            Operator::Sub => Ok(Some(C::Complex {
                re: a - cc,
                im: b - d,
            })),
            Operator::Mult => Ok(Some(C::Complex {
                re: a * cc - b * d,
                im: a * d + b * cc,
            })),
            Operator::FloorDiv
            | Operator::Mod
            | Operator::LShift
            | Operator::RShift
            | Operator::BitOr
            | Operator::BitXor
            | Operator::BitAnd
            | Operator::MatMult => Ok(None),
            Operator::Div => Ok(c_quot((a, b), (cc, d)).map(|(re, im)| C::Complex { re, im })),
            Operator::Pow => c_pow((a, b), (cc, d), loc),
        };
    }
    if let (C::Bool(a), C::Bool(b)) = (l, r) {
        // bool & | ^ bool stays a bool.
        match op {
            Operator::BitAnd => return Ok(Some(C::Bool(*a & *b))),
            Operator::BitOr => return Ok(Some(C::Bool(*a | *b))),
            Operator::BitXor => return Ok(Some(C::Bool(*a ^ *b))),
            _ => {}
        }
    }
    if let (Some(a), Some(b)) = (as_int(l), as_int(r)) {
        return int_binop(op, &a, &b, loc);
    }
    // Float arithmetic.
    let (Some(fa), Some(fb)) = (as_float(l), as_float(r)) else {
        return Ok(None);
    };
    let (Some(a), Some(b)) = (fa, fb) else {
        return Err(unsupported("float arithmetic on a big int", loc));
    };
    Ok(match op {
        Operator::Add => Some(C::Float(a + b)),
        Operator::Sub => Some(C::Float(a - b)),
        Operator::Mult => Some(C::Float(a * b)),
        Operator::Div => {
            if b == 0.0 {
                None
            } else {
                Some(C::Float(a / b))
            }
        }
        Operator::FloorDiv => {
            if b == 0.0 {
                None
            } else {
                Some(C::Float(float_divmod(a, b).0))
            }
        }
        Operator::Mod => {
            if b == 0.0 {
                None
            } else {
                Some(C::Float(float_divmod(a, b).1))
            }
        }
        Operator::Pow => {
            if a == 0.0 && b < 0.0 {
                None
            } else if a < 0.0 && b.is_finite() && b.fract() != 0.0 {
                // float_pow hands this to complex_pow: a complex result.
                return c_pow((a, 0.0), (b, 0.0), loc);
            } else {
                let v = a.powf(b);
                if v.is_infinite() && a.is_finite() && b.is_finite() {
                    None
                } else {
                    Some(C::Float(v))
                }
            }
        }
        _ => None,
    })
}

/// `_Py_c_quot`; `None` for a zero divisor (ZeroDivisionError).
fn c_quot(a: (f64, f64), b: (f64, f64)) -> Option<(f64, f64)> {
    let abs_br = b.0.abs();
    let abs_bi = b.1.abs();
    if abs_br >= abs_bi {
        if abs_br == 0.0 {
            return None;
        }
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        Some(((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom))
    } else if abs_bi >= abs_br {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        Some(((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom))
    } else {
        Some((f64::NAN, f64::NAN))
    }
}

fn c_prod(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

/// `complex_pow` for integral exponents up to 100 (`c_powi`); other
/// exponents are refused.
fn c_pow(a: (f64, f64), e: (f64, f64), loc: Loc) -> Op {
    let _ = loc;
    if !(e.1 == 0.0 && e.0 == e.0.floor() && e.0.abs() <= 100.0) {
        // _Py_c_pow
        let r = if e.0 == 0.0 && e.1 == 0.0 {
            (1.0, 0.0)
        } else if a.0 == 0.0 && a.1 == 0.0 {
            if e.1 != 0.0 || e.0 < 0.0 {
                return Ok(None);
            }
            (0.0, 0.0)
        } else {
            let vabs = a.0.hypot(a.1);
            let mut len = vabs.powf(e.0);
            let at = a.1.atan2(a.0);
            let mut phase = at * e.0;
            if e.1 != 0.0 {
                len /= (at * e.1).exp();
                phase += e.1 * vabs.ln();
            }
            (len * phase.cos(), len * phase.sin())
        };
        if r.0.is_infinite() || r.1.is_infinite() {
            return Ok(None);
        }
        return Ok(Some(Constant::Complex { re: r.0, im: r.1 }));
    }
    let n = e.0 as i64;
    let powu = |x: (f64, f64), n: i64| {
        let mut r = (1.0, 0.0);
        let mut p = x;
        let mut mask: i64 = 1;
        while mask > 0 && n >= mask {
            if n & mask != 0 {
                r = c_prod(r, p);
            }
            mask <<= 1;
            p = c_prod(p, p);
        }
        r
    };
    let r = if n > 0 {
        powu(a, n)
    } else {
        match c_quot((1.0, 0.0), powu(a, -n)) {
            Some(r) => r,
            None => return Ok(None),
        }
    };
    if r.0.is_infinite() || r.1.is_infinite() {
        return Ok(None);
    }
    Ok(Some(Constant::Complex { re: r.0, im: r.1 }))
}

fn int_binop(op: Operator, a: &BigInt, b: &BigInt, loc: Loc) -> Op {
    use Constant as C;
    Ok(match op {
        Operator::Add => Some(C::Int(a + b)),
        Operator::Sub => Some(C::Int(a - b)),
        Operator::Mult => {
            if !a.is_zero() && !b.is_zero() && int_bits(a) + int_bits(b) > MAX_INT_SIZE {
                None
            } else {
                Some(C::Int(a * b))
            }
        }
        Operator::Div => {
            if b.is_zero() {
                None
            } else {
                match (exact_f64(a), exact_f64(b)) {
                    (Some(x), Some(y)) => Some(C::Float(x / y)),
                    _ => return Err(unsupported("true division of big ints", loc)),
                }
            }
        }
        Operator::FloorDiv => {
            if b.is_zero() {
                None
            } else {
                Some(C::Int(floor_divmod(a, b).0))
            }
        }
        Operator::Mod => {
            if b.is_zero() {
                None
            } else {
                Some(C::Int(floor_divmod(a, b).1))
            }
        }
        Operator::Pow => {
            if b.is_negative() {
                if a.is_zero() {
                    None
                } else {
                    // long_pow hands negative exponents to float_pow.
                    match (exact_f64(a), exact_f64(b)) {
                        (Some(x), Some(y)) => {
                            let negate = x < 0.0 && (y % 2.0).abs() == 1.0;
                            let v = x.abs().powf(y);
                            if v.is_infinite() {
                                None
                            } else {
                                Some(C::Float(if negate { -v } else { v }))
                            }
                        }
                        _ => return Err(unsupported("int to a negative power", loc)),
                    }
                }
            } else if !a.is_zero() && b.is_positive() {
                let Some(w) = b.to_u64() else {
                    return Ok(None);
                };
                if int_bits(a) > MAX_INT_SIZE / w {
                    None
                } else {
                    Some(C::Int(num_traits::pow(a.clone(), w as usize)))
                }
            } else if b.is_zero() {
                Some(C::Int(BigInt::one()))
            } else {
                Some(C::Int(BigInt::zero()))
            }
        }
        Operator::LShift => {
            if b.is_negative() {
                None
            } else if a.is_zero() {
                Some(C::Int(BigInt::zero()))
            } else {
                let Some(w) = b.to_u64() else {
                    return Ok(None);
                };
                if w > MAX_INT_SIZE || int_bits(a) > MAX_INT_SIZE - w {
                    None
                } else {
                    Some(C::Int(a << w as usize))
                }
            }
        }
        Operator::RShift => {
            if b.is_negative() {
                None
            } else {
                let w = b.to_u64().unwrap_or(u64::MAX).min(1 << 20);
                // Python's >> floors.
                Some(C::Int(floor_divmod(a, &(BigInt::one() << w as usize)).0))
            }
        }
        Operator::BitOr => Some(C::Int(a | b)),
        Operator::BitXor => Some(C::Int(a ^ b)),
        Operator::BitAnd => Some(C::Int(a & b)),
        Operator::MatMult => None,
    })
}

fn unop(op: UnaryOp, v: &Constant) -> Option<Constant> {
    use Constant as C;
    match op {
        UnaryOp::Not => Some(C::Bool(!v.is_true())),
        UnaryOp::USub => match v {
            C::Int(_) | C::Bool(_) => as_int(v).map(|i| C::Int(-i)),
            C::Float(f) => Some(C::Float(-f)),
            C::Complex { re, im } => Some(C::Complex { re: -re, im: -im }),
            _ => None,
        },
        UnaryOp::UAdd => match v {
            C::Int(_) | C::Bool(_) => as_int(v).map(C::Int),
            C::Float(_) | C::Complex { .. } => Some(v.clone()),
            _ => None,
        },
        UnaryOp::Invert => match v {
            C::Int(_) | C::Bool(_) => as_int(v).map(|i| C::Int(-i - 1)),
            _ => None,
        },
    }
}

fn subscript(v: &Constant, idx: &Constant) -> Option<Constant> {
    let i = as_int(idx)?;
    let get = |len: usize| -> Option<usize> {
        let i = i.to_i64()?;
        let i = if i < 0 { i + len as i64 } else { i };
        (0..len as i64).contains(&i).then_some(i as usize)
    };
    match v {
        Constant::Tuple(t) => get(t.len()).map(|k| t[k].clone()),
        Constant::Bytes(b) => get(b.len()).map(|k| Constant::Int(BigInt::from(b[k]))),
        Constant::Str(s) => {
            let text = s.as_str()?;
            let chars: Vec<char> = text.chars().collect();
            get(chars.len()).map(|k| Constant::Str(PyStr::new(&chars[k].to_string())))
        }
        _ => None,
    }
}

impl Folder {
    fn body(&mut self, stmts: &mut [Stmt]) -> Result<()> {
        let was_doc = is_docstring(stmts);
        for s in stmts.iter_mut() {
            self.stmt(s)?;
        }
        if !was_doc && is_docstring(stmts) {
            let loc = stmts[0].loc;
            if let Some(StmtKind::Expr(e)) = stmts.first_mut().map(|s| &mut s.kind) {
                let inner = std::mem::replace(
                    e,
                    Box::new(Expr {
                        kind: ExprKind::Constant(Constant::None),
                        loc,
                    }),
                );
                **e = Expr {
                    kind: ExprKind::JoinedStr(vec![*inner]),
                    loc,
                };
            }
        }
        Ok(())
    }

    fn stmts(&mut self, v: &mut [Stmt]) -> Result<()> {
        v.iter_mut().try_for_each(|s| self.stmt(s))
    }

    fn exprs(&mut self, v: &mut [Expr]) -> Result<()> {
        v.iter_mut().try_for_each(|e| self.expr(e))
    }

    fn opt(&mut self, e: &mut Option<Box<Expr>>) -> Result<()> {
        match e {
            Some(e) => self.expr(e),
            None => Ok(()),
        }
    }

    fn arguments(&mut self, a: &mut Arguments) -> Result<()> {
        for arg in a
            .posonlyargs
            .iter_mut()
            .chain(a.args.iter_mut())
            .chain(a.vararg.iter_mut())
            .chain(a.kwonlyargs.iter_mut())
        {
            if !self.future_annotations {
                self.opt(&mut arg.annotation)?;
            }
        }
        for d in a.kw_defaults.iter_mut().flatten() {
            self.expr(d)?;
        }
        if let Some(k) = &mut a.kwarg {
            if !self.future_annotations {
                self.opt(&mut k.annotation)?;
            }
        }
        self.exprs(&mut a.defaults)
    }

    fn stmt(&mut self, s: &mut Stmt) -> Result<()> {
        crate::grow(|| self.stmt_body(s))
    }

    fn stmt_body(&mut self, s: &mut Stmt) -> Result<()> {
        self.depth += 1;
        if self.depth > 2000 {
            return Err(CompileError::too_deep(s.loc.lineno, s.loc.col));
        }
        match &mut s.kind {
            StmtKind::FunctionDef {
                args,
                body,
                decorator_list,
                returns,
                ..
            } => {
                self.arguments(args)?;
                self.body(body)?;
                self.exprs(decorator_list)?;
                if !self.future_annotations {
                    self.opt(returns)?;
                }
            }
            StmtKind::ClassDef {
                bases,
                keywords,
                body,
                decorator_list,
                ..
            } => {
                self.exprs(bases)?;
                for k in keywords {
                    self.expr(&mut k.value)?;
                }
                self.body(body)?;
                self.exprs(decorator_list)?;
            }
            StmtKind::Return(v) => self.opt(v)?,
            StmtKind::Delete(t) => self.exprs(t)?,
            StmtKind::Assign { targets, value } => {
                self.exprs(targets)?;
                self.expr(value)?;
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(target)?;
                self.expr(value)?;
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                ..
            } => {
                self.expr(target)?;
                if !self.future_annotations {
                    self.expr(annotation)?;
                }
                self.opt(value)?;
            }
            StmtKind::TypeAlias { name, value, .. } => {
                self.expr(name)?;
                self.expr(value)?;
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                is_async,
            } => {
                self.expr(target)?;
                self.expr(iter)?;
                self.stmts(body)?;
                self.stmts(orelse)?;
                if !*is_async {
                    self.fold_iter(iter);
                }
            }
            StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
                self.expr(test)?;
                self.stmts(body)?;
                self.stmts(orelse)?;
            }
            StmtKind::With { items, body, .. } => {
                for it in items {
                    self.expr(&mut it.context_expr)?;
                    if let Some(v) = &mut it.optional_vars {
                        self.expr(v)?;
                    }
                }
                self.stmts(body)?;
            }
            StmtKind::Match { subject, cases } => {
                self.expr(subject)?;
                for c in cases {
                    self.pattern(&mut c.pattern)?;
                    if let Some(g) = &mut c.guard {
                        self.expr(g)?;
                    }
                    self.stmts(&mut c.body)?;
                }
            }
            StmtKind::Raise { exc, cause } => {
                self.opt(exc)?;
                self.opt(cause)?;
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
                ..
            } => {
                self.stmts(body)?;
                for h in handlers {
                    if let Some(t) = &mut h.typ {
                        self.expr(t)?;
                    }
                    self.stmts(&mut h.body)?;
                }
                self.stmts(orelse)?;
                self.stmts(finalbody)?;
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test)?;
                self.opt(msg)?;
            }
            StmtKind::Expr(e) => self.expr(e)?,
            StmtKind::Import(_)
            | StmtKind::ImportFrom { .. }
            | StmtKind::Global(_)
            | StmtKind::Nonlocal(_)
            | StmtKind::Pass
            | StmtKind::Break
            | StmtKind::Continue => {}
        }
        self.depth -= 1;
        Ok(())
    }

    fn pattern(&mut self, p: &mut Pattern) -> Result<()> {
        match &mut p.kind {
            PatternKind::MatchValue(v) => self.expr(v)?,
            PatternKind::MatchSequence(ps) | PatternKind::MatchOr(ps) => {
                for q in ps {
                    self.pattern(q)?;
                }
            }
            PatternKind::MatchMapping { keys, patterns, .. } => {
                self.exprs(keys)?;
                for q in patterns {
                    self.pattern(q)?;
                }
            }
            PatternKind::MatchClass {
                cls,
                patterns,
                kwd_patterns,
                ..
            } => {
                self.expr(cls)?;
                for q in patterns.iter_mut().chain(kwd_patterns.iter_mut()) {
                    self.pattern(q)?;
                }
            }
            PatternKind::MatchAs {
                pattern: Some(q), ..
            } => self.pattern(q)?,
            _ => {}
        }
        Ok(())
    }

    /// `fold_iter`: literal lists become tuples, constant sets frozensets.
    fn fold_iter(&mut self, e: &mut Expr) {
        match &mut e.kind {
            ExprKind::List { elts, ctx } => {
                if elts
                    .iter()
                    .any(|x| matches!(x.kind, ExprKind::Starred { .. }))
                {
                    return;
                }
                let elts = std::mem::take(elts);
                let ctx = *ctx;
                e.kind = ExprKind::Tuple { elts, ctx };
                if let Some(t) = const_tuple(&e.kind) {
                    e.kind = ExprKind::Constant(t);
                }
            }
            ExprKind::Set(elts) => {
                if let Some(vals) = elts
                    .iter()
                    .map(|x| x.as_constant().cloned())
                    .collect::<Option<Vec<_>>>()
                {
                    e.kind = ExprKind::Constant(Constant::FrozenSet(crate::code::set_dedup(vals)));
                }
            }
            _ => {}
        }
    }

    fn expr(&mut self, e: &mut Expr) -> Result<()> {
        crate::grow(|| self.expr_body(e))
    }

    fn expr_body(&mut self, e: &mut Expr) -> Result<()> {
        self.depth += 1;
        if self.depth > 2000 {
            return Err(CompileError::too_deep(e.loc.lineno, e.loc.col));
        }
        let loc = e.loc;
        let mut replace: Option<ExprKind> = None;
        match &mut e.kind {
            ExprKind::BoolOp { values, .. } => self.exprs(values)?,
            ExprKind::BinOp { left, op, right } => {
                self.expr(left)?;
                self.expr(right)?;
                if let ExprKind::Constant(lv) = &left.kind {
                    if let (Operator::Mod, Constant::Str(fmt), ExprKind::Tuple { elts, .. }) =
                        (*op, lv, &right.kind)
                    {
                        if !elts
                            .iter()
                            .any(|x| matches!(x.kind, ExprKind::Starred { .. }))
                        {
                            if let Some(js) = optimize_format(fmt, elts, loc) {
                                replace = Some(js);
                            }
                        }
                    } else if let ExprKind::Constant(rv) = &right.kind {
                        if let Some(v) = binop(*op, lv, rv, loc)? {
                            replace = Some(ExprKind::Constant(v));
                        }
                    }
                }
            }
            ExprKind::UnaryOp { op, operand } => {
                self.expr(operand)?;
                match &mut operand.kind {
                    ExprKind::Constant(v) => {
                        if let Some(v) = unop(*op, v) {
                            replace = Some(ExprKind::Constant(v));
                        }
                    }
                    ExprKind::Compare { ops, .. } if *op == UnaryOp::Not && ops.len() == 1 => {
                        let flipped = match ops[0] {
                            CmpOp::Is => Some(CmpOp::IsNot),
                            CmpOp::IsNot => Some(CmpOp::Is),
                            CmpOp::In => Some(CmpOp::NotIn),
                            CmpOp::NotIn => Some(CmpOp::In),
                            _ => None,
                        };
                        if let Some(f) = flipped {
                            ops[0] = f;
                            let inner = std::mem::replace(
                                &mut operand.kind,
                                ExprKind::Constant(Constant::None),
                            );
                            // The comparison keeps its own position.
                            let oloc = operand.loc;
                            e.loc = oloc;
                            replace = Some(inner);
                        }
                    }
                    _ => {}
                }
            }
            ExprKind::Lambda { args, body } => {
                self.arguments(args)?;
                self.expr(body)?;
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test)?;
                self.expr(body)?;
                self.expr(orelse)?;
            }
            ExprKind::Dict { keys, values } => {
                for k in keys.iter_mut().flatten() {
                    self.expr(k)?;
                }
                self.exprs(values)?;
            }
            ExprKind::Set(v) => self.exprs(v)?,
            ExprKind::ListComp { elt, generators }
            | ExprKind::SetComp { elt, generators }
            | ExprKind::GeneratorExp { elt, generators } => {
                self.expr(elt)?;
                self.comprehensions(generators)?;
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                self.expr(key)?;
                self.expr(value)?;
                self.comprehensions(generators)?;
            }
            ExprKind::Await(v) | ExprKind::YieldFrom(v) => self.expr(v)?,
            ExprKind::Yield(v) => self.opt(v)?,
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => {
                self.expr(left)?;
                self.exprs(comparators)?;
                if let (Some(op), Some(last)) = (ops.last(), comparators.last_mut()) {
                    if matches!(op, CmpOp::In | CmpOp::NotIn) {
                        self.fold_iter(last);
                    }
                }
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.expr(func)?;
                self.exprs(args)?;
                for k in keywords {
                    self.expr(&mut k.value)?;
                }
            }
            ExprKind::FormattedValue {
                value, format_spec, ..
            } => {
                self.expr(value)?;
                self.opt(format_spec)?;
            }
            ExprKind::JoinedStr(v) => self.exprs(v)?,
            ExprKind::Attribute { value, .. } => self.expr(value)?,
            ExprKind::Subscript { value, slice, ctx } => {
                self.expr(value)?;
                self.expr(slice)?;
                if *ctx == Ctx::Load {
                    if let (ExprKind::Constant(v), ExprKind::Constant(i)) =
                        (&value.kind, &slice.kind)
                    {
                        if let Some(c) = subscript(v, i) {
                            replace = Some(ExprKind::Constant(c));
                        } else if !matches!(i, Constant::Int(_) | Constant::Bool(_))
                            || !matches!(
                                v,
                                Constant::Tuple(_) | Constant::Bytes(_) | Constant::Str(_)
                            )
                        {
                            // CPython would try PyObject_GetItem; only the
                            // failing cases (TypeError) are certain.
                            if matches!(v, Constant::Str(_))
                                && !matches!(i, Constant::Int(_) | Constant::Bool(_))
                            {
                                return Err(unsupported("a constant subscript", loc));
                            }
                        }
                    }
                }
            }
            ExprKind::Starred { value, .. } => self.expr(value)?,
            ExprKind::Slice { lower, upper, step } => {
                self.opt(lower)?;
                self.opt(upper)?;
                self.opt(step)?;
            }
            ExprKind::List { elts, .. } => self.exprs(elts)?,
            ExprKind::Tuple { elts, .. } => {
                self.exprs(elts)?;
                if let Some(t) = const_tuple(&e.kind) {
                    replace = Some(ExprKind::Constant(t));
                }
            }
            ExprKind::Name { id, ctx } => {
                if *ctx == Ctx::Load && id == "__debug__" {
                    replace = Some(ExprKind::Constant(Constant::Bool(self.optimize == 0)));
                }
            }
            ExprKind::NamedExpr { value, .. } => self.expr(value)?,
            ExprKind::Constant(_) => {}
        }
        if let Some(k) = replace {
            e.kind = k;
        }
        self.depth -= 1;
        Ok(())
    }

    fn comprehensions(&mut self, gens: &mut [Comprehension]) -> Result<()> {
        for g in gens {
            self.expr(&mut g.target)?;
            self.expr(&mut g.iter)?;
            self.exprs(&mut g.ifs)?;
            self.fold_iter(&mut g.iter);
        }
        Ok(())
    }
}

fn const_tuple(k: &ExprKind) -> Option<Constant> {
    match k {
        ExprKind::Tuple {
            elts,
            ctx: Ctx::Load,
        } => elts
            .iter()
            .map(|x| x.as_constant().cloned())
            .collect::<Option<Vec<_>>>()
            .map(Constant::Tuple),
        _ => None,
    }
}

/// `optimize_format`: `'%s-%r' % (a, b)` becomes `f'{a!s}-{b!r}'`.
fn optimize_format(fmt: &PyStr, elts: &[Expr], loc: Loc) -> Option<ExprKind> {
    let text = fmt.as_str()?;
    let chars: Vec<char> = text.chars().collect();
    let mut pos = 0;
    let mut cnt = 0;
    let mut seq = Vec::new();
    let none_loc = Loc {
        lineno: -1,
        col: -1,
        end_lineno: -1,
        end_col: -1,
    };
    loop {
        // parse_literal
        let start = pos;
        let mut lit = String::new();
        while pos < chars.len() {
            if chars[pos] != '%' {
                lit.push(chars[pos]);
                pos += 1;
            } else if pos + 1 < chars.len() && chars[pos + 1] == '%' {
                lit.push('%');
                pos += 2;
            } else {
                break;
            }
        }
        if pos != start {
            seq.push(Expr {
                kind: ExprKind::Constant(Constant::Str(PyStr::new(&lit))),
                loc: none_loc,
            });
        }
        if pos >= chars.len() {
            break;
        }
        if cnt >= elts.len() {
            return None;
        }
        pos += 1;
        // simple_format_arg_parse
        let mut flags_ljust = false;
        let next = |pos: &mut usize| -> Option<char> {
            let c = chars.get(*pos).copied();
            *pos += 1;
            c
        };
        let mut ch = next(&mut pos)?;
        loop {
            match ch {
                '-' => flags_ljust = true,
                '+' | ' ' | '#' | '0' => {}
                _ => break,
            }
            ch = next(&mut pos)?;
        }
        let mut width: i32 = -1;
        let mut prec: i32 = -1;
        if ch.is_ascii_digit() {
            width = 0;
            let mut digits = 0;
            while ch.is_ascii_digit() {
                width = width * 10 + (ch as i32 - '0' as i32);
                ch = next(&mut pos)?;
                digits += 1;
                if digits >= 3 {
                    return None;
                }
            }
        }
        if ch == '.' {
            ch = next(&mut pos)?;
            prec = 0;
            if ch.is_ascii_digit() {
                let mut digits = 0;
                while ch.is_ascii_digit() {
                    prec = prec * 10 + (ch as i32 - '0' as i32);
                    ch = next(&mut pos)?;
                    digits += 1;
                    if digits >= 3 {
                        return None;
                    }
                }
            }
        }
        if !matches!(ch, 's' | 'r' | 'a') {
            return None;
        }
        let mut spec = String::new();
        if !flags_ljust && width > 0 {
            spec.push('>');
        }
        if width >= 0 {
            spec.push_str(&width.to_string());
        }
        if prec >= 0 {
            spec.push_str(&format!(".{prec}"));
        }
        let arg = elts[cnt].clone();
        cnt += 1;
        let format_spec = if spec.is_empty() {
            None
        } else {
            Some(Box::new(Expr {
                kind: ExprKind::Constant(Constant::Str(PyStr::new(&spec))),
                loc: none_loc,
            }))
        };
        let aloc = arg.loc;
        seq.push(Expr {
            kind: ExprKind::FormattedValue {
                value: Box::new(arg),
                conversion: ch as i32,
                format_spec,
            },
            loc: aloc,
        });
    }
    if cnt < elts.len() {
        return None;
    }
    let _ = loc;
    Some(ExprKind::JoinedStr(seq))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_ints_round_to_nearest_even() {
        let two = BigInt::from(2);
        let p54 = num_traits::pow(two.clone(), 54);
        // spacing 4 at 2**54: ties go to even
        assert_eq!(rounded_f64(&(&p54 + 2)), Some(18014398509481984.0));
        assert_eq!(rounded_f64(&(&p54 + 6)), Some(18014398509481992.0));
        assert_eq!(rounded_f64(&(&p54 + 3)), Some(18014398509481988.0));
        // a sticky bit far below breaks the tie upwards
        let p80 = num_traits::pow(two.clone(), 80);
        let tie = &p80 + num_traits::pow(two.clone(), 27);
        assert_eq!(rounded_f64(&tie), Some(2f64.powi(80)));
        assert_eq!(
            rounded_f64(&(tie.clone() + BigInt::from(1))),
            Some(2f64.powi(80) + 2f64.powi(28))
        );
        let neg = -(tie.clone() + BigInt::from(1));
        assert_eq!(rounded_f64(&neg), Some(-(2f64.powi(80) + 2f64.powi(28))));
        assert_eq!(rounded_f64(&num_traits::pow(two.clone(), 1024)), None);
        let max = num_traits::pow(two, 1024) - BigInt::from(1);
        assert_eq!(rounded_f64(&max), None);
    }
}
