//! The canonical text dump of a code-unit tree that `codecmp` compares with
//! the one `tests/oracle/dump.py` writes from CPython 3.12.1: one line per
//! field of every code object, recursively, in an exact encoding (hex of
//! bytes, generalized UTF-8 of strings, IEEE bits of floats).

use crate::code::{CodeUnit, Constant, PyStr};
use std::fmt::Write;

fn s_bytes(b: &[u8]) -> String {
    if b.iter()
        .all(|&c| (0x21..0x7F).contains(&c) && c != b'\\' && c != b'\'')
    {
        // All printable ASCII: readable as is.
        format!("'{}'", String::from_utf8_lossy(b))
    } else {
        format!("u{}", hex(b))
    }
}

fn s(x: &str) -> String {
    s_bytes(x.as_bytes())
}

fn pystr(x: &PyStr) -> String {
    s_bytes(x.as_bytes())
}

/// Lower-case hex of bytes.
pub fn hex(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len() * 2);
    for c in b {
        let _ = write!(out, "{c:02x}");
    }
    out
}

fn float(f: f64) -> String {
    hex(&f.to_be_bytes())
}

fn constant(c: &Constant) -> String {
    match c {
        Constant::None => "None".into(),
        Constant::Ellipsis => "Ellipsis".into(),
        Constant::Bool(b) => if *b { "True" } else { "False" }.into(),
        Constant::Int(i) => format!("int {i}"),
        Constant::Float(f) => format!("float {}", float(*f)),
        Constant::Complex { re, im } => format!("complex {} {}", float(*re), float(*im)),
        Constant::Str(x) => format!("str {}", pystr(x)),
        Constant::Bytes(b) => format!("bytes {}", hex(b)),
        Constant::Tuple(t) => {
            let v: Vec<String> = t.iter().map(constant).collect();
            format!("tuple({})", v.join(", "))
        }
        Constant::FrozenSet(t) => {
            let mut v: Vec<String> = t.iter().map(constant).collect();
            v.sort();
            format!("frozenset({})", v.join(", "))
        }
        Constant::Code(c) => format!("code {}", c.qualname),
    }
}

fn names<'a>(it: impl IntoIterator<Item = &'a str>) -> String {
    let v: Vec<String> = it.into_iter().map(s).collect();
    format!("({})", v.join(", "))
}

fn dump_code(co: &CodeUnit, key: &str, out: &mut Vec<String>) {
    let mut w = |field: &str, value: String| out.push(format!("{key}.{field}: {value}"));
    w("name", s(&co.name));
    w("qualname", s(&co.qualname));
    w(
        "argcount",
        format!(
            "{} {} {}",
            co.argcount, co.posonlyargcount, co.kwonlyargcount
        ),
    );
    w("flags", format!("{:#x}", co.flags));
    w("firstlineno", co.firstlineno.to_string());
    w("stacksize", co.stacksize.to_string());
    w("code", hex(&co.code));
    let consts: Vec<String> = co.consts.iter().map(constant).collect();
    w("consts", format!("[{}]", consts.join("; ")));
    w("names", names(co.names.iter().map(String::as_str)));
    w("varnames", names(co.varnames()));
    w("cellvars", names(co.cellvars()));
    w("freevars", names(co.freevars()));
    w("linetable", hex(&co.linetable));
    w("exceptiontable", hex(&co.exceptiontable));
    let mut i = 0;
    for c in &co.consts {
        if let Constant::Code(inner) = c {
            dump_code(inner, &format!("{key}/{i}:{}", inner.name), out);
            i += 1;
        }
    }
}

/// The dump lines of a module's code unit (as `dump.py` writes them).
pub fn dump(co: &CodeUnit) -> Vec<String> {
    let mut out = Vec::new();
    dump_code(co, "<module>", &mut out);
    out
}
