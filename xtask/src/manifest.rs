//! `abi/manifest.toml`: the committed list of Ophis's exported ABI (DESIGN
//! §5). The format is documented at the top of the manifest itself; this
//! module parses and validates it.

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::bail;
use crate::util::{Context, Result};

/// The manifest's file name under the repository root.
pub const PATH: &str = "abi/manifest.toml";

/// API tier of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    /// Declared by CPython's headers with `Py_LIMITED_API=0x030c0000`.
    Limited,
    /// Public, but only without `Py_LIMITED_API`.
    Cpython,
    /// Underscore-prefixed names CPython exports (and code inlined from its
    /// headers may call).
    Private,
    /// Ophis's own exports that are not CPython API (for example helpers the C
    /// shim calls): exported, never declared in the public headers, not
    /// compared with CPython.
    Internal,
}

impl Tier {
    /// The spelling used in the manifest.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Limited => "limited",
            Tier::Cpython => "cpython",
            Tier::Private => "private",
            Tier::Internal => "internal",
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `[[function]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Function {
    /// Symbol name.
    pub name: String,
    /// Header (relative to the include directory) that declares it.
    #[serde(default)]
    pub header: String,
    /// API tier.
    pub tier: Tier,
    /// CPython version that added it (`"3.2"`).
    #[serde(default)]
    pub added: String,
    /// Full C prototype, `PyObject *PyDict_New(void)`.
    pub proto: String,
    /// For `cargo xtask sweep`: indexes (from 0) of the pointer parameters
    /// CPython documents as accepting NULL (`Py_XNewRef`, `PyLong_FromString`'s
    /// `pend`, ...). A NULL there is a valid call: its result is not held to
    /// the error convention.
    #[serde(default)]
    pub null_ok: Vec<usize>,
    /// For the sweep: how the result reports failure. `"error"` (the
    /// default): NULL, -1 or `(unsigned)-1` comes with an exception and
    /// anything else without one; `"value"`: the error value is also an
    /// ordinary result (`PyLong_AsLong`'s -1, `PyDict_GetItem`'s NULL), so
    /// only "exception set with another value" is checked; `"never"`: the
    /// function never fails, and an exception set after it is a failure;
    /// `"raises"`: setting an exception is its purpose (`PyErr_*`), nothing
    /// is checked but crashes; `"zero"`: 0 is the error value (`PyArg_*`,
    /// true on success); `"minus_two"`: -2 is the error value and -1 an
    /// ordinary result (`PyUnicode_Find`'s "not found").
    #[serde(default)]
    pub returns: Option<String>,
    /// For the sweep: `"skip: <why>"` (not called: it ends or detaches the
    /// interpreter by design) or `"fatal: <why>"` (a `Fatal Python error`
    /// is the documented answer to bad input, e.g. no thread state).
    #[serde(default)]
    pub sweep: Option<String>,
}

/// `[[data]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Data {
    /// Symbol name.
    pub name: String,
    /// Header that declares it.
    #[serde(default)]
    pub header: String,
    /// API tier.
    pub tier: Tier,
    /// CPython version that added it.
    #[serde(default)]
    pub added: String,
    /// C type of the object, `PyTypeObject` or `PyObject *`.
    pub ctype: String,
    /// Size in bytes (`st_size` of the symbol).
    pub size: u64,
}

/// A constant's value: a TOML integer, or a string holding a decimal or hex
/// literal for values beyond `i64` (`"0x8000000000000000"`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ConstValue {
    /// An integer within `i64`.
    Int(i64),
    /// A literal, parsed by [`ConstValue::value`].
    Text(String),
}

impl ConstValue {
    /// The numeric value.
    pub fn value(&self) -> Result<i128> {
        match self {
            ConstValue::Int(i) => Ok(i128::from(*i)),
            ConstValue::Text(s) => parse_int(s),
        }
    }
}

/// Parses a decimal or `0x` hexadecimal integer, optionally negative.
pub fn parse_int(s: &str) -> Result<i128> {
    let t = s.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t),
    };
    let v = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        i128::from_str_radix(h, 16)
    } else {
        t.parse::<i128>()
    }
    .map_err(|e| crate::util::Error(format!("bad integer {s:?}: {e}")))?;
    Ok(if neg { -v } else { v })
}

/// Renders a value as a C integer constant of the right type.
pub fn c_literal(v: i128) -> String {
    if v == i128::from(i64::MIN) {
        "(-9223372036854775807LL - 1)".to_string()
    } else if v < 0 {
        format!("({v}LL)")
    } else if v <= i128::from(i64::MAX) {
        format!("{v}LL")
    } else {
        format!("{v}ULL")
    }
}

/// `[[constant]]`: a macro or enum value.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Constant {
    /// Macro or enumerator name.
    pub name: String,
    /// Header that defines it.
    #[serde(default)]
    pub header: String,
    /// API tier (limited: defined with `Py_LIMITED_API=0x030c0000`).
    pub tier: Tier,
    /// Its value.
    pub value: ConstValue,
}

/// `[[layout]]`: a struct whose layout C code depends on.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// Type name usable in `sizeof`/`offsetof` (`PyObject`).
    #[serde(rename = "struct")]
    pub name: String,
    /// Header that defines it.
    #[serde(default)]
    pub header: String,
    /// API tier (limited: complete with `Py_LIMITED_API=0x030c0000`).
    pub tier: Tier,
    /// `sizeof`, when checked.
    #[serde(default)]
    pub size: Option<u64>,
    /// Field name to offset, in document order (members of anonymous unions
    /// and structs count as fields of the enclosing struct).
    #[serde(deserialize_with = "ordered_map")]
    pub fields: Vec<(String, u64)>,
}

fn ordered_map<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<(String, u64)>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Vec<(String, u64)>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a table of field = offset")
        }
        fn visit_map<A: MapAccess<'de>>(
            self,
            mut m: A,
        ) -> std::result::Result<Self::Value, A::Error> {
            let mut v = Vec::new();
            while let Some((k, off)) = m.next_entry::<String, u64>()? {
                v.push((k, off));
            }
            Ok(v)
        }
    }
    d.deserialize_map(V)
}

/// The whole manifest.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Exported functions.
    #[serde(default, rename = "function")]
    pub functions: Vec<Function>,
    /// Exported data symbols.
    #[serde(default)]
    pub data: Vec<Data>,
    /// Constants compared numerically.
    #[serde(default, rename = "constant")]
    pub constants: Vec<Constant>,
    /// Struct layouts.
    #[serde(default, rename = "layout")]
    pub layouts: Vec<Layout>,
}

/// Whether a symbol is a function or an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// `[[function]]`.
    Function,
    /// `[[data]]`.
    Data,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Function => "function",
            Kind::Data => "data",
        })
    }
}

/// One exported symbol of the manifest, function or data.
#[derive(Debug, Clone, Copy)]
pub struct Symbol<'a> {
    /// Name.
    pub name: &'a str,
    /// Function or data.
    pub kind: Kind,
    /// Tier.
    pub tier: Tier,
    /// Header.
    pub header: &'a str,
    /// Data size, for data.
    pub size: Option<u64>,
}

impl Manifest {
    /// Parses and validates manifest text.
    pub fn parse(text: &str) -> Result<Manifest> {
        let m: Manifest = toml::from_str(text).map_err(|e| crate::util::Error(format!("{e}")))?;
        m.validate()?;
        Ok(m)
    }

    /// Reads `abi/manifest.toml` (or another path).
    pub fn load(path: &Path) -> Result<Manifest> {
        let text = crate::util::read_file(path)?;
        Manifest::parse(&text).with_context(|| format!("{}", path.display()))
    }

    /// Every exported symbol (functions then data).
    pub fn symbols(&self) -> Vec<Symbol<'_>> {
        let f = self.functions.iter().map(|f| Symbol {
            name: &f.name,
            kind: Kind::Function,
            tier: f.tier,
            header: &f.header,
            size: None,
        });
        let d = self.data.iter().map(|d| Symbol {
            name: &d.name,
            kind: Kind::Data,
            tier: d.tier,
            header: &d.header,
            size: Some(d.size),
        });
        f.chain(d).collect()
    }

    /// Looks up an exported symbol.
    pub fn symbol(&self, name: &str) -> Option<Symbol<'_>> {
        self.symbols().into_iter().find(|s| s.name == name)
    }

    fn validate(&self) -> Result<()> {
        let mut problems = Vec::new();
        let mut seen = BTreeSet::new();
        let mut dup = |kind: &str, name: &str, problems: &mut Vec<String>| {
            if !seen.insert((kind.to_string(), name.to_string())) {
                problems.push(format!("{kind} {name} is listed twice"));
            }
        };
        for f in &self.functions {
            dup("symbol", &f.name, &mut problems);
            if !is_ident(&f.name) {
                problems.push(format!("function {:?}: not a C identifier", f.name));
            }
            if proto_pointer_type(&f.proto, &f.name).is_none() {
                problems.push(format!(
                    "function {}: proto {:?} does not declare {}(...)",
                    f.name, f.proto, f.name
                ));
            }
            if f.tier != Tier::Internal && (f.header.is_empty() || f.added.is_empty()) {
                problems.push(format!(
                    "function {}: header and added are required",
                    f.name
                ));
            }
            if let Some(r) = &f.returns {
                if !["error", "value", "never", "raises", "zero", "minus_two"].contains(&r.as_str())
                {
                    problems.push(format!(
                        "function {}: returns = {r:?}: expected error, value, never, raises, zero or minus_two",
                        f.name
                    ));
                }
            }
            if let Some(s) = &f.sweep {
                if !(s.starts_with("skip: ") || s.starts_with("fatal: ")) {
                    problems.push(format!(
                        "function {}: sweep = {s:?}: expected \"skip: <why>\" or \"fatal: <why>\"",
                        f.name
                    ));
                }
            }
        }
        for d in &self.data {
            dup("symbol", &d.name, &mut problems);
            if !is_ident(&d.name) {
                problems.push(format!("data {:?}: not a C identifier", d.name));
            }
            if d.ctype.trim().is_empty() {
                problems.push(format!("data {}: empty ctype", d.name));
            }
            if d.tier != Tier::Internal && (d.header.is_empty() || d.added.is_empty()) {
                problems.push(format!("data {}: header and added are required", d.name));
            }
        }
        for c in &self.constants {
            dup("constant", &c.name, &mut problems);
            if let Err(e) = c.value.value() {
                problems.push(format!("constant {}: {e}", c.name));
            }
            if c.tier == Tier::Internal {
                problems.push(format!(
                    "constant {}: tier internal is only for exported symbols",
                    c.name
                ));
            }
        }
        for l in &self.layouts {
            dup("layout", &l.name, &mut problems);
            if l.fields.is_empty() && l.size.is_none() {
                problems.push(format!("layout {}: neither size nor fields", l.name));
            }
            if l.tier == Tier::Internal {
                problems.push(format!(
                    "layout {}: tier internal is only for exported symbols",
                    l.name
                ));
            }
        }
        if !problems.is_empty() {
            bail!("invalid manifest:\n  {}", problems.join("\n  "));
        }
        Ok(())
    }
}

/// True for a C identifier.
pub fn is_ident(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(ch) if ch == '_' || ch.is_ascii_alphabetic())
        && c.all(|ch| ch == '_' || ch.is_ascii_alphanumeric())
}

/// Turns a prototype into the type of a pointer to the function, by putting
/// `(*)` in place of the name: `PyObject *PyDict_New(void)` becomes
/// `PyObject *(*)(void)`. `None` if `name(` does not occur in `proto`.
pub fn proto_pointer_type(proto: &str, name: &str) -> Option<String> {
    let bytes = proto.as_bytes();
    let mut from = 0;
    while let Some(i) = proto[from..].find(name).map(|i| i + from) {
        let before_ok = i == 0 || !is_ident_byte(bytes[i - 1]);
        let end = i + name.len();
        let after = proto[end..].trim_start();
        let after_ok = (end == proto.len() || !is_ident_byte(bytes[end])) && after.starts_with('(');
        if before_ok && after_ok {
            let ret = proto[..i].trim_end();
            let ret = ret
                .strip_prefix("extern ")
                .map(str::trim_start)
                .unwrap_or(ret);
            return Some(format!("{ret} (*){after}"));
        }
        from = end;
    }
    None
}

fn is_ident_byte(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
[[function]]
name = "PyDict_New"
header = "dictobject.h"
tier = "limited"
added = "3.2"
proto = "PyObject *PyDict_New(void)"

[[data]]
name = "PyDict_Type"
header = "dictobject.h"
tier = "limited"
added = "3.2"
ctype = "PyTypeObject"
size = 408

[[constant]]
name = "PY_VECTORCALL_ARGUMENTS_OFFSET"
header = "abstract.h"
tier = "limited"
value = "0x8000000000000000"

[[constant]]
name = "Py_LT"
header = "object.h"
tier = "limited"
value = 0

[[layout]]
struct = "PyVarObject"
header = "object.h"
tier = "limited"
size = 24
[layout.fields]
ob_base = 0
ob_size = 16
"#;

    #[test]
    fn sample_parses_with_field_order() {
        let m = Manifest::parse(SAMPLE).unwrap();
        assert_eq!(m.functions[0].tier, Tier::Limited);
        assert_eq!(m.data[0].size, 408);
        assert_eq!(m.constants[0].value.value().unwrap(), 1i128 << 63);
        assert_eq!(
            m.layouts[0].fields,
            vec![("ob_base".into(), 0), ("ob_size".into(), 16)]
        );
        assert_eq!(m.symbols().len(), 2);
        assert_eq!(m.symbol("PyDict_Type").unwrap().kind, Kind::Data);
    }

    #[test]
    fn invalid_manifests_are_rejected() {
        let dup = format!("{SAMPLE}\n[[function]]\nname = \"PyDict_New\"\nheader = \"x.h\"\ntier = \"cpython\"\nadded = \"3.2\"\nproto = \"PyObject *PyDict_New(void)\"\n");
        assert!(Manifest::parse(&dup)
            .unwrap_err()
            .0
            .contains("listed twice"));
        let bad_proto = SAMPLE.replace("PyObject *PyDict_New(void)", "PyObject *PyDict_Old(void)");
        assert!(Manifest::parse(&bad_proto)
            .unwrap_err()
            .0
            .contains("does not declare"));
        let bad_tier = SAMPLE.replace(
            "tier = \"limited\"\nadded = \"3.2\"\nproto",
            "tier = \"public\"\nadded = \"3.2\"\nproto",
        );
        assert!(Manifest::parse(&bad_tier).is_err());
        let unknown = SAMPLE.replace("size = 408", "size = 408\ncolour = 1");
        assert!(Manifest::parse(&unknown).is_err());
    }

    #[test]
    fn pointer_types_from_prototypes() {
        assert_eq!(
            proto_pointer_type("PyObject *PyDict_New(void)", "PyDict_New").as_deref(),
            Some("PyObject * (*)(void)")
        );
        assert_eq!(
            proto_pointer_type(
                "int PyArg_Parse (PyObject *, const char *, ...)",
                "PyArg_Parse"
            )
            .as_deref(),
            Some("int (*)(PyObject *, const char *, ...)")
        );
        // The name must be a whole identifier followed by a parameter list.
        assert_eq!(
            proto_pointer_type("void Py_IncRefX(PyObject *)", "Py_IncRef"),
            None
        );
        assert_eq!(
            proto_pointer_type("void _Py_IncRef(PyObject *)", "_Py_IncRef").as_deref(),
            Some("void (*)(PyObject *)")
        );
    }

    #[test]
    fn literals() {
        assert_eq!(c_literal(5), "5LL");
        assert_eq!(c_literal(-1), "(-1LL)");
        assert_eq!(c_literal(1i128 << 63), "9223372036854775808ULL");
        assert_eq!(parse_int("-0x10").unwrap(), -16);
    }
}
