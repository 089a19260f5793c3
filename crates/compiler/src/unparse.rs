//! The source text CPython 3.12's `ast_unparse.c` makes of an annotation
//! under `from __future__ import annotations` (`_PyAST_ExprAsUnicode`): the
//! expression printed back with its operator precedences. Expressions
//! outside the subset below are refused (`None`) rather than printed
//! differently.

use crate::ast::*;
use crate::code::Constant;

const PR_TUPLE: u8 = 0;
const PR_TEST: u8 = 1;
const PR_OR: u8 = 2;
const PR_AND: u8 = 3;
const PR_NOT: u8 = 4;
const PR_CMP: u8 = 5;
const PR_BOR: u8 = 6;
const PR_BXOR: u8 = 7;
const PR_BAND: u8 = 8;
const PR_SHIFT: u8 = 9;
const PR_ARITH: u8 = 10;
const PR_TERM: u8 = 11;
const PR_FACTOR: u8 = 12;
const PR_POWER: u8 = 13;
const PR_ATOM: u8 = 15;

/// `_PyAST_ExprAsUnicode`, or `None` for an unsupported expression.
pub fn unparse(e: &Expr) -> Option<String> {
    let mut out = String::new();
    expr(&mut out, e, PR_TEST)?;
    Some(out)
}

fn constant(out: &mut String, c: &Constant) {
    match c {
        Constant::Ellipsis => out.push_str("..."),
        Constant::Tuple(t) => {
            out.push('(');
            for (i, x) in t.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                constant(out, x);
            }
            if t.len() == 1 {
                out.push(',');
            }
            out.push(')');
        }
        other => out.push_str(&crate::dis::repr(other).replace("inf", "1e309")),
    }
}

fn expr(out: &mut String, e: &Expr, level: u8) -> Option<()> {
    crate::grow(|| expr_body(out, e, level))
}

fn expr_body(out: &mut String, e: &Expr, level: u8) -> Option<()> {
    match &e.kind {
        ExprKind::Name { id, .. } => out.push_str(id),
        ExprKind::Constant(c) => constant(out, c),
        ExprKind::Attribute { value, attr, .. } => {
            expr(out, value, PR_ATOM)?;
            let int = matches!(value.kind, ExprKind::Constant(Constant::Int(_)));
            out.push_str(if int { " ." } else { "." });
            out.push_str(attr);
        }
        ExprKind::Subscript { value, slice, .. } => {
            expr(out, value, PR_ATOM)?;
            out.push('[');
            expr(out, slice, PR_TUPLE)?;
            out.push(']');
        }
        ExprKind::Tuple { elts, .. } => {
            if elts.is_empty() {
                out.push_str("()");
                return Some(());
            }
            if level > PR_TUPLE {
                out.push('(');
            }
            for (i, x) in elts.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                expr(out, x, PR_TEST)?;
            }
            if elts.len() == 1 {
                out.push(',');
            }
            if level > PR_TUPLE {
                out.push(')');
            }
        }
        ExprKind::List { elts, .. } => {
            out.push('[');
            for (i, x) in elts.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                expr(out, x, PR_TEST)?;
            }
            out.push(']');
        }
        ExprKind::Starred { value, .. } => {
            out.push('*');
            expr(out, value, PR_BOR)?;
        }
        ExprKind::BinOp { left, op, right } => {
            let (s, pr, rassoc) = match op {
                Operator::Add => (" + ", PR_ARITH, false),
                Operator::Sub => (" - ", PR_ARITH, false),
                Operator::Mult => (" * ", PR_TERM, false),
                Operator::MatMult => (" @ ", PR_TERM, false),
                Operator::Div => (" / ", PR_TERM, false),
                Operator::Mod => (" % ", PR_TERM, false),
                Operator::LShift => (" << ", PR_SHIFT, false),
                Operator::RShift => (" >> ", PR_SHIFT, false),
                Operator::BitOr => (" | ", PR_BOR, false),
                Operator::BitXor => (" ^ ", PR_BXOR, false),
                Operator::BitAnd => (" & ", PR_BAND, false),
                Operator::FloorDiv => (" // ", PR_TERM, false),
                Operator::Pow => (" ** ", PR_POWER, true),
            };
            if level > pr {
                out.push('(');
            }
            expr(out, left, pr + u8::from(rassoc))?;
            out.push_str(s);
            expr(out, right, pr + u8::from(!rassoc))?;
            if level > pr {
                out.push(')');
            }
        }
        ExprKind::UnaryOp { op, operand } => {
            let (s, pr) = match op {
                UnaryOp::Invert => ("~", PR_FACTOR),
                UnaryOp::Not => ("not ", PR_NOT),
                UnaryOp::UAdd => ("+", PR_FACTOR),
                UnaryOp::USub => ("-", PR_FACTOR),
            };
            if level > pr {
                out.push('(');
            }
            out.push_str(s);
            expr(out, operand, pr)?;
            if level > pr {
                out.push(')');
            }
        }
        ExprKind::BoolOp { is_and, values } => {
            let (s, pr) = if *is_and {
                (" and ", PR_AND)
            } else {
                (" or ", PR_OR)
            };
            if level > pr {
                out.push('(');
            }
            for (i, v) in values.iter().enumerate() {
                if i > 0 {
                    out.push_str(s);
                }
                expr(out, v, pr + 1)?;
            }
            if level > pr {
                out.push(')');
            }
        }
        ExprKind::Call {
            func,
            args,
            keywords,
        } => {
            expr(out, func, PR_ATOM)?;
            if args.len() == 1
                && keywords.is_empty()
                && matches!(args[0].kind, ExprKind::GeneratorExp { .. })
            {
                return None;
            }
            out.push('(');
            let mut first = true;
            for a in args {
                if !first {
                    out.push_str(", ");
                }
                first = false;
                expr(out, a, PR_TEST)?;
            }
            for k in keywords {
                if !first {
                    out.push_str(", ");
                }
                first = false;
                match &k.arg {
                    Some(n) => {
                        out.push_str(n);
                        out.push('=');
                    }
                    None => out.push_str("**"),
                }
                expr(out, &k.value, PR_TEST)?;
            }
            out.push(')');
        }
        _ => return None,
    }
    let _ = PR_CMP;
    Some(())
}
