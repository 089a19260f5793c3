//! `cargo xtask abi-entry NAME...`: prints ready-to-paste manifest entries,
//! derived from CPython 3.12's installed headers and libraries.
//!
//! * function / data: prototype or type from the preprocessed headers, the
//!   header that declares it, the tier (`limited` if declared with
//!   `Py_LIMITED_API=0x030c0000`, else `private` for `_` names, else
//!   `cpython`), and `added`: for limited symbols the lowest
//!   `Py_LIMITED_API` (3.2 ... 3.12) under which the headers declare it —
//!   raised to the first installed CPython exporting it when that is newer
//!   than the oldest one installed, since some 3.12 declarations carry no
//!   version guard — otherwise the oldest installed pyenv CPython (3.6 ...
//!   3.12) whose libpython exports it; data sizes come from `nm -S` of
//!   libpython3.12.so.
//! * constant (a macro or enumerator): value measured by compiling against
//!   CPython. `PREFIX*` expands to every object-like macro with that prefix.
//! * layout (a struct typedef name): `sizeof` and the offset of every member,
//!   measured by compiling against CPython; `Type:field,field` lists only
//!   those fields (and no size).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::abi::decls::{self, Scan, LIMITED};
use crate::abi::symbols::parse_nm;
use crate::bail;
use crate::cparse::{find_enumerator, struct_fields};
use crate::cpython::{self, CPython};
use crate::manifest::Kind;
use crate::util::{capture, stdout_of, target_dir, write_file, Error, Result};

/// Limited-API versions tried for `added`, oldest first.
const LIMITED_VERSIONS: &[(&str, &str)] = &[
    ("0x03020000", "3.2"),
    ("0x03030000", "3.3"),
    ("0x03040000", "3.4"),
    ("0x03050000", "3.5"),
    ("0x03060000", "3.6"),
    ("0x03070000", "3.7"),
    ("0x03080000", "3.8"),
    ("0x03090000", "3.9"),
    ("0x030a0000", "3.10"),
    ("0x030b0000", "3.11"),
    ("0x030c0000", "3.12"),
];

struct Ctx {
    py: CPython,
    include: PathBuf,
    flags: Vec<String>,
    work: PathBuf,
    full: Scan,
    limited: Scan,
    by_version: HashMap<&'static str, Scan>,
    exports312: HashMap<String, (char, Option<u64>)>,
    older: Option<Vec<(String, HashSet<String>)>>,
}

impl Ctx {
    fn rel_header(&self, file: &str) -> String {
        let mut cache = HashMap::new();
        decls::relative_header(file, &self.full.include_dir, &mut cache)
            .unwrap_or_else(|| file.to_string())
    }

    fn limited_added(&mut self, name: &str, kind: Kind) -> Result<String> {
        for (hex, ver) in LIMITED_VERSIONS {
            if !self.by_version.contains_key(hex) {
                let s = decls::scan(&self.include, &self.flags, Some(hex), &self.work)?;
                self.by_version.insert(hex, s);
            }
            if self.by_version[hex]
                .decls
                .iter()
                .any(|d| d.name == name && d.kind == kind)
            {
                return Ok((*ver).to_string());
            }
        }
        Ok("3.12".into())
    }

    /// The oldest installed CPython exporting `name`, and whether that is
    /// the oldest one installed (then the symbol may well be older still).
    fn exported_added(&mut self, name: &str) -> Result<(String, bool)> {
        if self.older.is_none() {
            self.older = Some(older_exports()?);
        }
        for (k, (ver, names)) in self.older.as_deref().unwrap_or_default().iter().enumerate() {
            if names.contains(name) {
                return Ok((ver.clone(), k == 0));
            }
        }
        if self.exports312.contains_key(name) {
            let oldest = self.older.as_deref().unwrap_or_default().is_empty();
            return Ok(("3.12".into(), oldest));
        }
        bail!("{name} is declared but not exported by CPython 3.12's libpython")
    }
}

/// Exported names of each installed pyenv CPython 3.6 ... 3.11, oldest first.
fn older_exports() -> Result<Vec<(String, HashSet<String>)>> {
    let root = capture(Command::new("pyenv").arg("root"))
        .ok()
        .filter(|c| c.end.success())
        .map(|c| PathBuf::from(c.stdout.trim()))
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pyenv")))
        .unwrap_or_default();
    let mut by_minor: BTreeMap<u32, PathBuf> = BTreeMap::new();
    if let Ok(rd) = std::fs::read_dir(root.join("versions")) {
        for e in rd.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            let mut parts = n.split('.');
            if parts.next() != Some("3") {
                continue;
            }
            let Some(minor) = parts.next().and_then(|m| m.parse::<u32>().ok()) else {
                continue;
            };
            if (6..=11).contains(&minor) {
                by_minor.entry(minor).or_insert(e.path());
            }
        }
    }
    let mut out = Vec::new();
    for (minor, prefix) in by_minor {
        let Some(lib) = find_libpython(&prefix.join("lib"), minor) else {
            eprintln!(
                "abi-entry: no shared libpython3.{minor} under {}; skipped",
                prefix.display()
            );
            continue;
        };
        let nm = stdout_of(Command::new("nm").args(["-D", "--defined-only"]).arg(&lib))?;
        let names = parse_nm(&nm).into_iter().map(|s| s.name).collect();
        out.push((format!("3.{minor}"), names));
    }
    Ok(out)
}

fn find_libpython(libdir: &Path, minor: u32) -> Option<PathBuf> {
    let rd = std::fs::read_dir(libdir).ok()?;
    let mut cands: Vec<PathBuf> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let n = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            n.starts_with(&format!("libpython3.{minor}")) && n.contains(".so")
        })
        .collect();
    cands.sort();
    cands.pop()
}

fn version_key(v: &str) -> (u32, u32) {
    let mut it = v.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    (it.next().unwrap_or(0), it.next().unwrap_or(0))
}

fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_key(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        s.to_string()
    } else {
        toml_str(s)
    }
}

fn tier_for(name: &str, limited: bool) -> &'static str {
    if limited {
        "limited"
    } else if name.starts_with('_') {
        "private"
    } else {
        "cpython"
    }
}

/// Renders an integer for the manifest: a TOML integer when it fits `i64`,
/// else a hex string.
pub fn toml_value(v: i128) -> String {
    if i64::try_from(v).is_ok() {
        v.to_string()
    } else if v > 0 {
        format!("\"0x{v:x}\"")
    } else {
        format!("\"{v}\"")
    }
}

/// Runs `cargo xtask abi-entry`.
pub fn run(args: &[String]) -> Result<()> {
    if args.is_empty() {
        bail!("usage: cargo xtask abi-entry NAME... (function, data, constant, PREFIX*, Struct or Struct:field,field)");
    }
    let Some(py) = cpython::locate()? else {
        bail!(
            "abi-entry reads CPython 3.12's headers, which were not found ({})",
            cpython::NOT_FOUND_HINT
        );
    };
    let include = py
        .include_dir()
        .ok_or_else(|| Error("CPython include directory not found".into()))?;
    let flags = py.includes.clone();
    let work = target_dir().join("abi-entry");
    std::fs::create_dir_all(&work)?;
    eprintln!("abi-entry: reading CPython 3.12 at {}", py.prefix.display());
    let full = decls::scan(&include, &flags, None, &work)?;
    let limited = decls::scan(&include, &flags, Some(LIMITED), &work)?;
    let nm = stdout_of(
        Command::new("nm")
            .args(["-D", "--defined-only", "-S"])
            .arg(py.libpython()),
    )?;
    let exports312 = parse_nm(&nm)
        .into_iter()
        .map(|s| (s.name, (s.ty, s.size)))
        .collect();
    let mut cx = Ctx {
        py,
        include,
        flags,
        work,
        full,
        limited,
        by_version: HashMap::new(),
        exports312,
        older: None,
    };

    let mut out = String::new();
    let mut constants: Vec<(String, bool)> = Vec::new(); // (name, explicit)
    let mut layouts: Vec<(String, Option<Vec<String>>)> = Vec::new();
    let mut errors = Vec::new();
    for arg in args {
        if let Some(prefix) = arg.strip_suffix('*') {
            let names: Vec<String> = cx
                .full
                .unit
                .macro_order
                .iter()
                .filter(|n| n.starts_with(prefix))
                .filter(|n| {
                    cx.full.unit.macros.get(*n).is_some_and(|m| {
                        !m.function_like
                            && !m.body.is_empty()
                            && !cx.rel_header(&m.file).starts_with('/')
                    })
                })
                .cloned()
                .collect();
            if names.is_empty() {
                errors.push(format!("{arg}: no object-like macro starts with {prefix}"));
            }
            constants.extend(names.into_iter().map(|n| (n, false)));
            continue;
        }
        if let Some((ty, fields)) = arg.split_once(':') {
            layouts.push((
                ty.to_string(),
                Some(fields.split(',').map(|f| f.trim().to_string()).collect()),
            ));
            continue;
        }
        if let Some(d) = cx
            .full
            .decls
            .iter()
            .find(|d| d.name == *arg)
            .cloned()
            .or_else(|| cx.limited.decls.iter().find(|d| d.name == *arg).cloned())
        {
            match symbol_entry(&mut cx, &d) {
                Ok(s) => out.push_str(&s),
                Err(e) => errors.push(e.0),
            }
            continue;
        }
        let is_macro = cx
            .full
            .unit
            .macros
            .get(arg)
            .is_some_and(|m| !m.function_like);
        if is_macro || find_enumerator(&cx.full.unit, arg).is_some() {
            constants.push((arg.clone(), true));
            continue;
        }
        if struct_fields(&cx.full.unit, arg).is_some() {
            layouts.push((arg.clone(), None));
            continue;
        }
        errors.push(format!("{arg}: not declared by CPython 3.12's headers"));
    }
    if !constants.is_empty() {
        match constant_entries(&cx, &constants) {
            Ok(s) => out.push_str(&s),
            Err(e) => errors.push(e.0),
        }
    }
    for (ty, fields) in &layouts {
        match layout_entry(&cx, ty, fields.as_deref()) {
            Ok(s) => out.push_str(&s),
            Err(e) => errors.push(e.0),
        }
    }
    print!("{out}");
    if !errors.is_empty() {
        bail!("abi-entry:\n  {}", errors.join("\n  "));
    }
    Ok(())
}

fn symbol_entry(cx: &mut Ctx, d: &decls::Declared) -> Result<String> {
    let in_limited = cx
        .limited
        .decls
        .iter()
        .any(|l| l.name == d.name && l.kind == d.kind);
    let tier = tier_for(&d.name, in_limited);
    let (exported, at_oldest) = cx.exported_added(&d.name)?;
    let added = if in_limited {
        // CPython's headers do not guard every limited declaration with a
        // version check (PyErr_GetRaisedException is declared for any
        // Py_LIMITED_API), so a symbol first exported by a newer installed
        // CPython takes that version when it is later.
        let declared = cx.limited_added(&d.name, d.kind)?;
        if !at_oldest && version_key(&exported) > version_key(&declared) {
            exported
        } else {
            declared
        }
    } else {
        exported
    };
    let mut s = String::new();
    match d.kind {
        Kind::Function => {
            let _ = writeln!(s, "[[function]]");
            let _ = writeln!(s, "name = {}", toml_str(&d.name));
            let _ = writeln!(s, "header = {}", toml_str(&d.header));
            let _ = writeln!(s, "tier = \"{tier}\"");
            let _ = writeln!(s, "added = \"{added}\"");
            let _ = writeln!(s, "proto = {}", toml_str(&d.text));
        }
        Kind::Data => {
            let Some((_, Some(size))) = cx.exports312.get(&d.name) else {
                bail!(
                    "{}: no size in nm -S of {}",
                    d.name,
                    cx.py.libpython().display()
                );
            };
            let _ = writeln!(s, "[[data]]");
            let _ = writeln!(s, "name = {}", toml_str(&d.name));
            let _ = writeln!(s, "header = {}", toml_str(&d.header));
            let _ = writeln!(s, "tier = \"{tier}\"");
            let _ = writeln!(s, "added = \"{added}\"");
            let _ = writeln!(s, "ctype = {}", toml_str(&d.text));
            let _ = writeln!(s, "size = {size}");
        }
    }
    s.push('\n');
    Ok(s)
}

/// Compiles `body` (statements of `main`) against CPython 3.12 and returns
/// the program's output.
fn measure(cx: &Ctx, tag: &str, body: &str) -> Result<String> {
    let src = cx.work.join(format!("{tag}.c"));
    let bin = cx.work.join(tag);
    write_file(
        &src,
        format!(
            "{}#include <stddef.h>\n#include <stdio.h>\nint main(void) {{\n{body}    return 0;\n}}\n",
            crate::abi::INCLUDES
        ),
    )?;
    let mut cc = Command::new("gcc");
    cc.arg("-std=c11")
        .args(&cx.flags)
        .arg(&src)
        .arg("-o")
        .arg(&bin);
    let c = capture(&mut cc)?;
    if !c.end.success() {
        bail!("{}", c.stderr.trim_end());
    }
    stdout_of(&mut Command::new(&bin))
}

fn constant_entries(cx: &Ctx, names: &[(String, bool)]) -> Result<String> {
    let line = |n: &str| {
        format!(
            "    printf(\"%s %d %llu %lld\\n\", \"{n}\", (int)(({n}) < 0), (unsigned long long)({n}), (long long)({n}));\n"
        )
    };
    let body: String = names.iter().map(|(n, _)| line(n)).collect();
    let mut values: HashMap<String, i128> = HashMap::new();
    let parse = |out: &str, values: &mut HashMap<String, i128>| {
        for l in out.lines() {
            let p: Vec<&str> = l.split_whitespace().collect();
            if let [n, neg, u, s] = p.as_slice() {
                let v = if *neg == "1" {
                    s.parse::<i128>().unwrap_or_default()
                } else {
                    u.parse::<i128>().unwrap_or_default()
                };
                values.insert(n.to_string(), v);
            }
        }
    };
    match measure(cx, "constants", &body) {
        Ok(out) => parse(&out, &mut values),
        Err(_) => {
            // One by one, so that a non-integer macro from a PREFIX* expansion
            // is dropped instead of failing the batch.
            for (n, explicit) in names {
                match measure(cx, "constant", &line(n)) {
                    Ok(out) => parse(&out, &mut values),
                    Err(e) if *explicit => bail!("{n}: not an integer constant: {e}"),
                    Err(_) => eprintln!("abi-entry: {n} skipped (not an integer constant)"),
                }
            }
        }
    }
    let mut s = String::new();
    for (n, _) in names {
        let Some(v) = values.get(n) else { continue };
        let file = cx
            .full
            .unit
            .macros
            .get(n)
            .map(|m| m.file.clone())
            .or_else(|| find_enumerator(&cx.full.unit, n).map(str::to_string))
            .unwrap_or_default();
        let in_limited = cx.limited.unit.macros.contains_key(n)
            || find_enumerator(&cx.limited.unit, n).is_some();
        let _ = writeln!(s, "[[constant]]");
        let _ = writeln!(s, "name = {}", toml_str(n));
        let _ = writeln!(s, "header = {}", toml_str(&cx.rel_header(&file)));
        let _ = writeln!(s, "tier = \"{}\"", tier_for(n, in_limited));
        let _ = writeln!(s, "value = {}", toml_value(*v));
        s.push('\n');
    }
    Ok(s)
}

fn layout_entry(cx: &Ctx, ty: &str, only: Option<&[String]>) -> Result<String> {
    let Some(info) = struct_fields(&cx.full.unit, ty) else {
        bail!("{ty}: no struct definition found in CPython 3.12's headers");
    };
    let fields: Vec<String> = match only {
        Some(f) => f.to_vec(),
        None => info.fields.clone(),
    };
    let mut body = String::new();
    if only.is_none() {
        body.push_str(&format!("    printf(\"sizeof %zu\\n\", sizeof({ty}));\n"));
    }
    for f in &fields {
        body.push_str(&format!(
            "    printf(\"{f} %zu\\n\", offsetof({ty}, {f}));\n"
        ));
    }
    let out = measure(cx, "layout", &body).map_err(|e| Error(format!("{ty}: {e}")))?;
    let mut size = None;
    let mut offsets = Vec::new();
    for l in out.lines() {
        if let Some((k, v)) = l.split_once(' ') {
            let v: u64 = v.parse().unwrap_or_default();
            if k == "sizeof" {
                size = Some(v);
            } else {
                offsets.push((k.to_string(), v));
            }
        }
    }
    let in_limited = struct_fields(&cx.limited.unit, ty).is_some();
    let mut s = String::new();
    let _ = writeln!(s, "[[layout]]");
    let _ = writeln!(s, "struct = {}", toml_str(ty));
    let _ = writeln!(s, "header = {}", toml_str(&cx.rel_header(&info.file)));
    let _ = writeln!(s, "tier = \"{}\"", tier_for(ty, in_limited));
    if let Some(size) = size {
        let _ = writeln!(s, "size = {size}");
    }
    let _ = writeln!(s, "[layout.fields]");
    for (k, v) in offsets {
        let _ = writeln!(s, "{} = {v}", toml_key(&k));
    }
    s.push('\n');
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_keys_render_as_toml() {
        assert_eq!(toml_value(512), "512");
        assert_eq!(toml_value(1i128 << 63), "\"0x8000000000000000\"");
        assert_eq!(toml_key("ob_refcnt"), "ob_refcnt");
        assert_eq!(toml_key("a.b"), "\"a.b\"");
        assert_eq!(toml_str("a \"b\""), "\"a \\\"b\\\"\"");
        assert_eq!(tier_for("_Py_Dealloc", false), "private");
        assert_eq!(tier_for("_Py_NoneStruct", true), "limited");
        assert_eq!(tier_for("PyUnicode_AsUTF8", false), "cpython");
    }
}
