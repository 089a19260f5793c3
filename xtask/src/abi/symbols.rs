//! Checks (1) and (2) of `abi-check`: the symbols the libraries export versus
//! the manifest, both ways, and data symbol sizes.
//!
//! * Shared library (`nm -D --defined-only -S`): every dynamic symbol of type
//!   `T`, `D`, `B`, `R`, `V` or `W` counts, except the ELF linker's own
//!   markers (`_init`, `_fini`, `_edata`, `_end`, `__bss_start`, ...).
//!   Rust's cdylib exports only `#[no_mangle]` items (and whatever the link
//!   exports on purpose), so anything else is an extra export.
//! * Static library (global defined symbols of every member): the archive
//!   also holds Rust's std and compiler-builtins, so only names in the C-API
//!   namespace count: those starting with `Py`, `_Py`, `PY`, `Ophis` or
//!   `ophis_`. A strong definition appearing in two members is reported too
//!   (it would make static links fail). The members are read with `readelf
//!   -s -W`, not `nm`: Rust's release objects embed LLVM bitcode, and
//!   binutils' `nm` hands such objects to an installed LLVM linker plugin,
//!   which may fail and then list no symbols at all. Symbols of hidden
//!   visibility do not count (a C shim helper marked
//!   `__attribute__((visibility("hidden")))` is private to the library).

use std::collections::{BTreeMap, BTreeSet};

use crate::manifest::{Kind, Manifest};

/// One defined symbol from `nm`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NmSym {
    /// Symbol name.
    pub name: String,
    /// nm's type letter.
    pub ty: char,
    /// `st_size`, when nm printed one.
    pub size: Option<u64>,
    /// Archive member it came from (static libraries).
    pub member: Option<String>,
}

/// Parses `nm [-S]` output (one object, or an archive with `member.o:`
/// headers). Undefined symbols are skipped.
pub fn parse_nm(text: &str) -> Vec<NmSym> {
    let mut out = Vec::new();
    let mut member: Option<String> = None;
    for line in text.lines() {
        let t = line.trim_end();
        if t.is_empty() {
            continue;
        }
        if let Some(m) = t.strip_suffix(':') {
            if !m.contains(' ') {
                member = Some(m.to_string());
                continue;
            }
        }
        let parts: Vec<&str> = t.split_whitespace().collect();
        let (size, ty, name) = match parts.as_slice() {
            [_addr, size, ty, name] => (u64::from_str_radix(size, 16).ok(), *ty, *name),
            [_addr, ty, name] => (None, *ty, *name),
            _ => continue,
        };
        let mut tc = ty.chars();
        let (Some(ty), None) = (tc.next(), tc.next()) else {
            continue;
        };
        if ty == 'U' || ty == 'w' || ty == 'v' {
            continue;
        }
        out.push(NmSym {
            name: name.split('@').next().unwrap_or(name).to_string(),
            ty,
            size,
            member: member.clone(),
        });
    }
    out
}

/// Parses `readelf -s -W` output (an object or an archive, whose members
/// start with `File: lib.a(member.o)`) into nm-style records: defined
/// `GLOBAL`/`WEAK`/`UNIQUE` symbols of default or protected visibility
/// (hidden ones are the library's own business: never exported from the
/// shared library, and declared private by their author), typed `T`/`i`/`W`
/// (functions), `D`/`V` (objects), `C` (common) or `N` (no type).
pub fn parse_readelf(text: &str) -> Vec<NmSym> {
    let mut out = Vec::new();
    let mut member: Option<String> = None;
    for line in text.lines() {
        if let Some(f) = line.strip_prefix("File: ") {
            member = f
                .rsplit_once('(')
                .map(|(_, m)| m.trim_end_matches(')').to_string())
                .or_else(|| Some(f.to_string()));
            continue;
        }
        // Num: Value Size Type Bind Vis Ndx Name
        let parts: Vec<&str> = line.split_whitespace().collect();
        if parts.len() < 8 || !parts[0].ends_with(':') {
            continue;
        }
        let (size, ty, bind, vis, ndx, name) =
            (parts[2], parts[3], parts[4], parts[5], parts[6], parts[7]);
        if matches!(vis, "HIDDEN" | "INTERNAL") {
            continue;
        }
        if ndx == "UND" || !matches!(bind, "GLOBAL" | "WEAK" | "UNIQUE") {
            continue;
        }
        let weak = bind == "WEAK";
        let letter = match (ty, weak, ndx) {
            (_, _, "COM") => 'C',
            (_, _, "ABS") => 'A',
            ("FUNC", false, _) => 'T',
            ("FUNC", true, _) => 'W',
            ("IFUNC", _, _) => 'i',
            ("OBJECT" | "TLS", false, _) => 'D',
            ("OBJECT" | "TLS", true, _) => 'V',
            _ => 'N',
        };
        let size = match size.strip_prefix("0x") {
            Some(h) => u64::from_str_radix(h, 16).ok(),
            None => size.parse::<u64>().ok(),
        };
        out.push(NmSym {
            name: name.split('@').next().unwrap_or(name).to_string(),
            ty: letter,
            size,
            member: member.clone(),
        });
    }
    out
}

/// Symbols the static linker defines in every shared object; not ours.
pub const LINKER_SYMBOLS: &[&str] = &[
    "_init",
    "_fini",
    "_edata",
    "_end",
    "__bss_start",
    "_etext",
    "__end__",
    "__data_start",
    "data_start",
    "_IO_stdin_used",
    "__dso_handle",
    "_DYNAMIC",
    "_GLOBAL_OFFSET_TABLE_",
];

/// nm types that count as exports.
fn counted_type(ty: char) -> bool {
    matches!(ty, 'T' | 'D' | 'B' | 'R' | 'V' | 'W' | 'C' | 'i' | 'N')
}

fn export_kind(ty: char) -> Option<Kind> {
    match ty {
        'T' | 'i' => Some(Kind::Function),
        'D' | 'B' | 'R' | 'V' | 'C' => Some(Kind::Data),
        _ => None, // W (weak) and N (no type): either
    }
}

/// True for names in the C-API namespace (the static-library filter).
pub fn is_capi_name(name: &str) -> bool {
    ["Py", "_Py", "PY", "Ophis", "ophis_"]
        .iter()
        .any(|p| name.starts_with(p))
}

/// Which library the symbols came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lib {
    /// `libophis.so.0`: every export counts.
    Shared,
    /// `libophis.a`: only C-API names count.
    Static,
}

/// Compares a library's defined symbols with the manifest; one message per
/// problem (missing, extra, kind, size, duplicate).
pub fn check(manifest: &Manifest, syms: &[NmSym], lib: Lib) -> Vec<String> {
    let mut problems = Vec::new();
    let mut exported: BTreeMap<&str, Vec<&NmSym>> = BTreeMap::new();
    for s in syms {
        if !counted_type(s.ty) || LINKER_SYMBOLS.contains(&s.name.as_str()) {
            continue;
        }
        if lib == Lib::Static && !is_capi_name(&s.name) {
            continue;
        }
        exported.entry(&s.name).or_default().push(s);
    }
    let what = match lib {
        Lib::Shared => "libophis.so",
        Lib::Static => "libophis.a",
    };
    let listed: BTreeSet<&str> = manifest.symbols().iter().map(|s| s.name).collect();
    for entry in manifest.symbols() {
        let Some(defs) = exported.get(entry.name) else {
            problems.push(format!(
                "missing from {what}: {} {} ({}, {})",
                entry.kind, entry.name, entry.tier, entry.header
            ));
            continue;
        };
        let d = defs[0];
        if let Some(k) = export_kind(d.ty) {
            if k != entry.kind {
                problems.push(format!(
                    "{what}: {} is exported as {k} (nm type {}), the manifest lists it as {}",
                    entry.name, d.ty, entry.kind
                ));
                continue;
            }
        }
        if let (Kind::Data, Some(want)) = (entry.kind, entry.size) {
            match d.size {
                Some(got) if got == want => {}
                Some(got) => problems.push(format!(
                    "{what}: data {} has size {got}, the manifest says {want} (CPython's size; copy relocations depend on it)",
                    entry.name
                )),
                None => problems.push(format!("{what}: data {} has no size in nm -S output", entry.name)),
            }
        }
    }
    for (name, defs) in &exported {
        if !listed.contains(name) {
            let d = defs[0];
            problems.push(format!(
                "extra in {what}: {name} (nm type {}{}) is not in abi/manifest.toml",
                d.ty,
                d.member
                    .as_deref()
                    .map(|m| format!(", in {m}"))
                    .unwrap_or_default()
            ));
        }
        let strong: Vec<&&NmSym> = defs
            .iter()
            .filter(|d| !matches!(d.ty, 'W' | 'V' | 'C'))
            .collect();
        if lib == Lib::Static && strong.len() > 1 {
            let members: Vec<&str> = strong.iter().filter_map(|d| d.member.as_deref()).collect();
            problems.push(format!(
                "{what}: {name} is defined {} times ({}); a static link would fail",
                strong.len(),
                members.join(", ")
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> Manifest {
        Manifest::parse(
            r#"
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
"#,
        )
        .unwrap()
    }

    const SO_OK: &str = "\
0000000000011700 0000000000000006 T PyDict_New
0000000000003e40 0000000000000198 D PyDict_Type
0000000000004000 D _edata
0000000000004000 B __bss_start
";

    #[test]
    fn nm_output_is_parsed() {
        let s = parse_nm(SO_OK);
        assert_eq!(s.len(), 4);
        assert_eq!(s[1].size, Some(408));
        assert_eq!(s[2].size, None);
        let a =
            parse_nm("\nx.o:\n0000 0008 T Py_A\n                 U Py_B\n\ny.o:\n0000 T _ZN3foo\n");
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].member.as_deref(), Some("x.o"));
        assert_eq!(a[1].member.as_deref(), Some("y.o"));
        let versioned = parse_nm("0000 0008 T memcpy@@GLIBC_2.14\n");
        assert_eq!(versioned[0].name, "memcpy");
    }

    #[test]
    fn readelf_output_is_parsed() {
        let text = "
File: /t/libophis.a(a.o)

Symbol table '.symtab' contains 5 entries:
   Num:    Value          Size Type    Bind   Vis      Ndx Name
     0: 0000000000000000     0 NOTYPE  LOCAL  DEFAULT  UND 
     1: 0000000000000000   935 FUNC    GLOBAL DEFAULT   42 PyDict_New
     2: 0000000000000000     0 NOTYPE  GLOBAL DEFAULT  UND PyErr_Occurred
     3: 0000000000000000   416 OBJECT  GLOBAL DEFAULT    7 PyDict_Type
     4: 0000000000000000    10 FUNC    WEAK   DEFAULT    5 _ZN4core3fmt5write17h
     5: 0000000000000000     8 OBJECT  GLOBAL DEFAULT  COM Py_Common
     6: 0000000000000000    20 FUNC    GLOBAL HIDDEN     5 ophis_shim_private

File: /t/libophis.a(b.o)
     1: 0000000000000000 0x10000 OBJECT  GLOBAL DEFAULT    3 PyBig
     2: 0000000000000000    12 FUNC    LOCAL  DEFAULT    3 local_helper
";
        let s = parse_readelf(text);
        let got: Vec<(&str, char, Option<u64>, &str)> = s
            .iter()
            .map(|x| {
                (
                    x.name.as_str(),
                    x.ty,
                    x.size,
                    x.member.as_deref().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("PyDict_New", 'T', Some(935), "a.o"),
                ("PyDict_Type", 'D', Some(416), "a.o"),
                ("_ZN4core3fmt5write17h", 'W', Some(10), "a.o"),
                ("Py_Common", 'C', Some(8), "a.o"),
                ("PyBig", 'D', Some(65536), "b.o"),
            ]
        );
    }

    #[test]
    fn matching_library_has_no_problems() {
        assert_eq!(
            check(&manifest(), &parse_nm(SO_OK), Lib::Shared),
            Vec::<String>::new()
        );
    }

    #[test]
    fn manifest_entry_not_exported_is_missing() {
        let mut m = manifest();
        let mut extra = m.functions[0].clone();
        extra.name = "PyDict_Clear".into();
        extra.proto = "void PyDict_Clear(PyObject *)".into();
        m.functions.push(extra);
        let p = check(&m, &parse_nm(SO_OK), Lib::Shared);
        assert_eq!(
            p,
            vec!["missing from libophis.so: function PyDict_Clear (limited, dictobject.h)"]
        );
    }

    #[test]
    fn export_not_in_manifest_is_extra() {
        let nm = format!("{SO_OK}0000000000011800 0000000000000010 T Ophis_Secret\n0000 0000000000000010 T rust_helper\n");
        let p = check(&manifest(), &parse_nm(&nm), Lib::Shared);
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].starts_with("extra in libophis.so: Ophis_Secret"));
        assert!(p[1].starts_with("extra in libophis.so: rust_helper"));
    }

    #[test]
    fn wrong_data_size_and_kind_are_reported() {
        let nm = SO_OK.replace(
            "0000000000000198 D PyDict_Type",
            "0000000000000190 D PyDict_Type",
        );
        let p = check(&manifest(), &parse_nm(&nm), Lib::Shared);
        assert_eq!(p.len(), 1);
        assert!(
            p[0].contains("PyDict_Type has size 400, the manifest says 408"),
            "{p:?}"
        );
        let nm = SO_OK.replace("T PyDict_New", "D PyDict_New");
        let p = check(&manifest(), &parse_nm(&nm), Lib::Shared);
        assert!(p[0].contains("exported as data"), "{p:?}");
    }

    #[test]
    fn static_library_counts_only_capi_names_and_finds_duplicates() {
        let nm = "\
a.o:
0000 0006 T PyDict_New
0000 0010 T _ZN3std2io5stdio6_print17h0E
0000 0010 T __rust_alloc
0000 0010 T memcpy

b.o:
0000 0198 R PyDict_Type
0000 0006 T PyDict_New
0000 0006 T ophis_shim_helper
";
        let p = check(&manifest(), &parse_nm(nm), Lib::Static);
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(
            p[0].contains("PyDict_New is defined 2 times (a.o, b.o)"),
            "{p:?}"
        );
        assert!(
            p[1].starts_with("extra in libophis.a: ophis_shim_helper"),
            "{p:?}"
        );
    }
}
