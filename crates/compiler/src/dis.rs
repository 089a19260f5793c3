//! A disassembler whose text follows CPython 3.12's `dis.dis` (line
//! numbers, jump-target markers, offsets, opcode names, arguments and their
//! descriptions, the exception table, nested code objects), plus the
//! decoders it needs: the location table ([`positions`], as
//! `co_positions()`), line starts (as `dis.findlinestarts`) and the
//! exception table. Code objects are shown as
//! `<code object NAME at 0x0, file "FILE", line N>` (CPython prints an
//! address there).

use std::fmt::Write;

use unicode_general_category::{get_general_category, GeneralCategory};

use crate::code::{CodeUnit, Constant, PyStr};
use crate::opcode::{self, *};

/// One instruction's source position, as `co_positions()` yields it.
pub type Position = (Option<i32>, Option<i32>, Option<i32>, Option<i32>);

fn read_varint(t: &[u8], i: &mut usize) -> u32 {
    let mut shift = 0;
    let mut v = 0u32;
    while let Some(&b) = t.get(*i) {
        *i += 1;
        v |= u32::from(b & 63) << shift;
        shift += 6;
        if b & 64 == 0 || shift > 30 {
            break;
        }
    }
    v
}

fn read_signed_varint(t: &[u8], i: &mut usize) -> i32 {
    let v = read_varint(t, i);
    if v & 1 != 0 {
        -((v >> 1) as i32)
    } else {
        (v >> 1) as i32
    }
}

/// Decodes `co_linetable` into one position per code unit.
pub fn positions(co: &CodeUnit) -> Vec<Position> {
    let t = &co.linetable;
    let mut out = Vec::new();
    let mut line = co.firstlineno as i32;
    let mut i = 0;
    while i < t.len() {
        let first = t[i];
        i += 1;
        let code = (first >> 3) & 15;
        let len = usize::from(first & 7) + 1;
        let pos = match code {
            15 => (None, None, None, None),
            14 => {
                line += read_signed_varint(t, &mut i);
                let end = line + read_varint(t, &mut i) as i32;
                let col = read_varint(t, &mut i) as i32 - 1;
                let end_col = read_varint(t, &mut i) as i32 - 1;
                (
                    Some(line),
                    Some(end),
                    (col >= 0).then_some(col),
                    (end_col >= 0).then_some(end_col),
                )
            }
            13 => {
                line += read_signed_varint(t, &mut i);
                (Some(line), Some(line), None, None)
            }
            10..=12 => {
                line += i32::from(code - 10);
                let col = t.get(i).copied().unwrap_or(0);
                let end = t.get(i + 1).copied().unwrap_or(0);
                i += 2;
                (Some(line), Some(line), Some(col.into()), Some(end.into()))
            }
            _ => {
                let second = t.get(i).copied().unwrap_or(0);
                i += 1;
                let col = i32::from(code) * 8 + i32::from(second >> 4);
                (
                    Some(line),
                    Some(line),
                    Some(col),
                    Some(col + i32::from(second & 15)),
                )
            }
        };
        for _ in 0..len {
            out.push(pos);
        }
    }
    out
}

/// `dis.findlinestarts`: (byte offset, line) where a new line starts.
pub fn line_starts(co: &CodeUnit) -> Vec<(usize, i32)> {
    let mut out = Vec::new();
    let mut last = None;
    for (k, p) in positions(co).iter().enumerate() {
        if let Some(l) = p.0 {
            if Some(l) != last {
                last = Some(l);
                out.push((k * 2, l));
            }
        }
    }
    out
}

/// One entry of `co_exceptiontable` (byte offsets; `end` exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExceptionEntry {
    /// First covered byte offset.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// Handler offset.
    pub target: usize,
    /// Stack depth at the handler.
    pub depth: u32,
    /// Whether `lasti` is pushed.
    pub lasti: bool,
}

/// Decodes `co_exceptiontable`.
pub fn exception_entries(co: &CodeUnit) -> Vec<ExceptionEntry> {
    let t = &co.exceptiontable;
    let mut out = Vec::new();
    let mut i = 0;
    let varint = |i: &mut usize| -> Option<u32> {
        let mut v = 0u32;
        loop {
            let b = *t.get(*i)?;
            *i += 1;
            v = (v << 6) | u32::from(b & 63);
            if b & 64 == 0 {
                return Some(v);
            }
        }
    };
    while i < t.len() {
        let (Some(s), Some(l), Some(tg), Some(dl)) = (
            varint(&mut i),
            varint(&mut i),
            varint(&mut i),
            varint(&mut i),
        ) else {
            break;
        };
        out.push(ExceptionEntry {
            start: s as usize * 2,
            end: (s + l) as usize * 2,
            target: tg as usize * 2,
            depth: dl >> 1,
            lasti: dl & 1 != 0,
        });
    }
    out
}

fn is_printable(c: char) -> bool {
    use GeneralCategory as G;
    if c == ' ' {
        return true;
    }
    !matches!(
        get_general_category(c),
        G::Control
            | G::Format
            | G::Surrogate
            | G::PrivateUse
            | G::Unassigned
            | G::LineSeparator
            | G::ParagraphSeparator
            | G::SpaceSeparator
    )
}

/// Decodes generalized UTF-8 into code points (surrogates included).
fn code_points(b: &[u8]) -> Vec<u32> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let (n, init) = match c {
            0..=0x7f => (1, u32::from(c)),
            0xc0..=0xdf => (2, u32::from(c & 0x1f)),
            0xe0..=0xef => (3, u32::from(c & 0x0f)),
            _ => (4, u32::from(c & 0x07)),
        };
        let mut v = init;
        for k in 1..n {
            v = (v << 6) | u32::from(b.get(i + k).copied().unwrap_or(0x80) & 0x3f);
        }
        out.push(v);
        i += n;
    }
    out
}

/// Python's `repr()` of a `str`.
pub fn str_repr(s: &PyStr) -> String {
    let cps = code_points(s.as_bytes());
    let has_single = cps.contains(&u32::from(b'\''));
    let has_double = cps.contains(&u32::from(b'"'));
    let quote = if has_single && !has_double { '"' } else { '\'' };
    let mut out = String::new();
    out.push(quote);
    for cp in cps {
        match char::from_u32(cp) {
            Some('\\') => out.push_str("\\\\"),
            Some('\t') => out.push_str("\\t"),
            Some('\n') => out.push_str("\\n"),
            Some('\r') => out.push_str("\\r"),
            Some(c) if c == quote => {
                out.push('\\');
                out.push(c);
            }
            Some(c) if is_printable(c) => out.push(c),
            _ if cp < 0x100 => {
                let _ = write!(out, "\\x{cp:02x}");
            }
            _ if cp < 0x10000 => {
                let _ = write!(out, "\\u{cp:04x}");
            }
            _ => {
                let _ = write!(out, "\\U{cp:08x}");
            }
        }
    }
    out.push(quote);
    out
}

fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut out = format!("b{quote}");
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            c if c as char == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            _ => {
                let _ = write!(out, "\\x{c:02x}");
            }
        }
    }
    out.push(quote);
    out
}

/// Python's `repr()` of a `float`.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    // Shortest round-trip digits and decimal exponent.
    let e = format!("{:e}", f.abs());
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let sign = if f.is_sign_negative() { "-" } else { "" };
    let body = if (-4..16).contains(&exp) {
        let point = exp + 1;
        if point <= 0 {
            format!("0.{}{digits}", "0".repeat((-point) as usize))
        } else if point as usize >= digits.len() {
            format!("{digits}{}.0", "0".repeat(point as usize - digits.len()))
        } else {
            format!(
                "{}.{}",
                &digits[..point as usize],
                &digits[point as usize..]
            )
        }
    } else {
        let m = if digits.len() > 1 {
            format!("{}.{}", &digits[..1], &digits[1..])
        } else {
            digits.clone()
        };
        format!("{m}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
    };
    format!("{sign}{body}")
}

fn complex_part(f: f64) -> String {
    let r = float_repr(f);
    r.strip_suffix(".0").map(str::to_string).unwrap_or(r)
}

/// Python's `repr()` of a constant.
pub fn repr(c: &Constant) -> String {
    match c {
        Constant::None => "None".into(),
        Constant::Ellipsis => "Ellipsis".into(),
        Constant::Bool(b) => if *b { "True" } else { "False" }.into(),
        Constant::Int(i) => i.to_string(),
        Constant::Float(f) => float_repr(*f),
        Constant::Complex { re, im } => {
            if *re == 0.0 && re.is_sign_positive() {
                format!("{}j", complex_part(*im))
            } else {
                let imr = complex_part(*im);
                let sign = if imr.starts_with('-') { "" } else { "+" };
                format!("({}{sign}{imr}j)", complex_part(*re))
            }
        }
        Constant::Str(s) => str_repr(s),
        Constant::Bytes(b) => bytes_repr(b),
        Constant::Tuple(t) => {
            let v: Vec<String> = t.iter().map(repr).collect();
            if v.len() == 1 {
                format!("({},)", v[0])
            } else {
                format!("({})", v.join(", "))
            }
        }
        Constant::FrozenSet(t) => {
            if t.is_empty() {
                "frozenset()".into()
            } else {
                let v: Vec<String> = t.iter().map(repr).collect();
                format!("frozenset({{{}}})", v.join(", "))
            }
        }
        Constant::Code(co) => code_repr(co),
    }
}

fn code_repr(co: &CodeUnit) -> String {
    format!(
        "<code object {} at 0x0, file \"{}\", line {}>",
        co.name, co.filename, co.firstlineno
    )
}

const NB_OPS: [&str; 26] = [
    "+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^", "+=", "&=", "//=", "<<=",
    "@=", "*=", "%=", "|=", "**=", ">>=", "-=", "/=", "^=",
];
const INTRINSIC_1: [&str; 12] = [
    "INTRINSIC_1_INVALID",
    "INTRINSIC_PRINT",
    "INTRINSIC_IMPORT_STAR",
    "INTRINSIC_STOPITERATION_ERROR",
    "INTRINSIC_ASYNC_GEN_WRAP",
    "INTRINSIC_UNARY_POSITIVE",
    "INTRINSIC_LIST_TO_TUPLE",
    "INTRINSIC_TYPEVAR",
    "INTRINSIC_PARAMSPEC",
    "INTRINSIC_TYPEVARTUPLE",
    "INTRINSIC_SUBSCRIPT_GENERIC",
    "INTRINSIC_TYPEALIAS",
];
const INTRINSIC_2: [&str; 5] = [
    "INTRINSIC_2_INVALID",
    "INTRINSIC_PREP_RERAISE_STAR",
    "INTRINSIC_TYPEVAR_WITH_BOUND",
    "INTRINSIC_TYPEVAR_WITH_CONSTRAINTS",
    "INTRINSIC_SET_FUNCTION_TYPE_PARAMS",
];
const CMP_OP: [&str; 6] = ["<", "<=", "==", "!=", ">", ">="];

fn has_name(op: u16) -> bool {
    matches!(
        op,
        90 | 91 | 95 | 96 | 97 | 98 | 101 | 106 | 108 | 109 | 116 | 141 | 175
    )
}

fn is_local_or_free(op: u16) -> bool {
    matches!(op, 124..=127 | 143 | 135..=139 | 148 | 176)
}

struct Ins {
    offset: usize,
    op: u16,
    arg: Option<u32>,
}

fn instructions(co: &CodeUnit) -> Vec<Ins> {
    let code = &co.code;
    let mut out = Vec::new();
    let mut ext = 0u32;
    let mut i = 0;
    while i + 1 < code.len() {
        let op = u16::from(code[i]);
        let arg = (op >= HAVE_ARGUMENT).then(|| u32::from(code[i + 1]) | ext);
        ext = if op == EXTENDED_ARG {
            arg.unwrap_or(0) << 8
        } else {
            0
        };
        out.push(Ins { offset: i, op, arg });
        i += 2 + 2 * opcode::caches(op) as usize;
    }
    out
}

fn jump_target(ins: &Ins) -> Option<usize> {
    let arg = ins.arg? as i64;
    if !opcode::is_jump(ins.op) {
        return None;
    }
    let signed = if matches!(ins.op, JUMP_BACKWARD | JUMP_BACKWARD_NO_INTERRUPT) {
        -arg
    } else {
        arg
    };
    let t = ins.offset as i64 + 2 + signed * 2 + 2 * i64::from(opcode::caches(ins.op));
    usize::try_from(t).ok()
}

fn argrepr(co: &CodeUnit, ins: &Ins) -> String {
    let Some(arg) = ins.arg else {
        return String::new();
    };
    let a = arg as usize;
    let name = |i: usize| co.names.get(i).cloned().unwrap_or_default();
    match ins.op {
        op if opcode::has_const(op) => co.consts.get(a).map(repr).unwrap_or_default(),
        LOAD_GLOBAL => {
            let n = name(a / 2);
            if arg & 1 != 0 {
                format!("NULL + {n}")
            } else {
                n
            }
        }
        LOAD_ATTR => {
            let n = name(a / 2);
            if arg & 1 != 0 {
                format!("NULL|self + {n}")
            } else {
                n
            }
        }
        LOAD_SUPER_ATTR => {
            let n = name(a / 4);
            if arg & 1 != 0 {
                format!("NULL|self + {n}")
            } else {
                n
            }
        }
        op if has_name(op) => name(a),
        op if opcode::is_jump(op) => jump_target(ins)
            .map(|t| format!("to {t}"))
            .unwrap_or_default(),
        op if is_local_or_free(op) => co.localsplusnames.get(a).cloned().unwrap_or_default(),
        COMPARE_OP => CMP_OP.get(a >> 4).copied().unwrap_or("").into(),
        FORMAT_VALUE => {
            let mut r = ["", "str", "repr", "ascii"][a & 3].to_string();
            if a & 4 != 0 {
                if !r.is_empty() {
                    r.push_str(", ");
                }
                r.push_str("with format");
            }
            r
        }
        MAKE_FUNCTION => ["defaults", "kwdefaults", "annotations", "closure"]
            .iter()
            .enumerate()
            .filter(|(i, _)| a & (1 << i) != 0)
            .map(|(_, s)| *s)
            .collect::<Vec<_>>()
            .join(", "),
        BINARY_OP => NB_OPS.get(a).copied().unwrap_or("").into(),
        CALL_INTRINSIC_1 => INTRINSIC_1.get(a).copied().unwrap_or("").into(),
        CALL_INTRINSIC_2 => INTRINSIC_2.get(a).copied().unwrap_or("").into(),
        _ => String::new(),
    }
}

/// `dis.disassemble(co)`: the instructions of one code unit.
pub fn disassemble(co: &CodeUnit) -> String {
    let mut out = String::new();
    let starts: std::collections::HashMap<usize, i32> = line_starts(co).into_iter().collect();
    let entries = exception_entries(co);
    let ins = instructions(co);
    let mut labels: std::collections::HashSet<usize> = ins.iter().filter_map(jump_target).collect();
    labels.extend(entries.iter().map(|e| e.target));
    let maxline = starts.values().copied().max().unwrap_or(0);
    let lineno_width = if starts.is_empty() {
        0
    } else if maxline >= 1000 {
        maxline.to_string().len()
    } else {
        3
    };
    let maxoffset = co.code.len().saturating_sub(2);
    let offset_width = if maxoffset >= 10000 {
        maxoffset.to_string().len()
    } else {
        4
    };
    for i in &ins {
        let start = starts.get(&i.offset);
        if lineno_width > 0 && start.is_some() && i.offset > 0 {
            out.push('\n');
        }
        let mut fields = Vec::new();
        if lineno_width > 0 {
            fields.push(match start {
                Some(l) => format!("{l:>lineno_width$}"),
                None => " ".repeat(lineno_width),
            });
        }
        fields.push("   ".into());
        fields.push(
            if labels.contains(&i.offset) {
                ">>"
            } else {
                "  "
            }
            .into(),
        );
        fields.push(format!("{:>offset_width$}", i.offset));
        fields.push(format!("{:<20}", opcode::name(i.op)));
        if let Some(a) = i.arg {
            fields.push(format!("{a:>5}"));
            let r = argrepr(co, i);
            if !r.is_empty() {
                fields.push(format!("({r})"));
            }
        }
        out.push_str(fields.join(" ").trim_end());
        out.push('\n');
    }
    if !entries.is_empty() {
        out.push_str("ExceptionTable:\n");
        for e in entries {
            let _ = writeln!(
                out,
                "  {} to {} -> {} [{}]{}",
                e.start,
                e.end.saturating_sub(2),
                e.target,
                e.depth,
                if e.lasti { " lasti" } else { "" }
            );
        }
    }
    out
}

/// `dis.dis(co)`: the code unit and, recursively, the code units among
/// its constants.
pub fn dis(co: &CodeUnit) -> String {
    let mut out = disassemble(co);
    for c in &co.consts {
        if let Constant::Code(inner) = c {
            let _ = write!(out, "\nDisassembly of {}:\n", code_repr(inner));
            out.push_str(&dis(inner));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_reprs_match_python() {
        for (f, want) in [
            (1.0, "1.0"),
            (2.5, "2.5"),
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1.5e-5, "1.5e-05"),
            (123456789012345.6, "123456789012345.6"),
            (-0.0, "-0.0"),
            (0.0001, "0.0001"),
            (1e300 * 3.0, "3e+300"),
        ] {
            assert_eq!(float_repr(f), want, "{f}");
        }
    }

    #[test]
    fn str_reprs_match_python() {
        for (s, want) in [
            ("abc", "'abc'"),
            ("it's", "\"it's\""),
            ("a\nb\\", "'a\\nb\\\\'"),
            ("\u{7f}\u{a0}é", "'\\x7f\\xa0é'"),
            ("'\"", "'\\'\"'"),
        ] {
            assert_eq!(str_repr(&PyStr::new(s)), want);
        }
        // A lone surrogate, as Python prints '\ud800'.
        let s = PyStr::from_wtf8(vec![0xed, 0xa0, 0x80]);
        assert_eq!(str_repr(&s), "'\\ud800'");
    }
}
