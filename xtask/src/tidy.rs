//! `cargo xtask tidy`: the conventions of DESIGN §8 that a script can check.
//!
//! * symbol-exporting attributes (`no_mangle`, `export_name`) appear only
//!   under `crates/capi/`;
//! * every `.rs` file under `crates/` and `xtask/` starts (first non-empty
//!   line) with a `//!` module doc;
//! * outside `crates/capi/`, every `unsafe {` block has a `// SAFETY:`
//!   comment in the 3 lines above it or in the comment block right above it
//!   (clippy's `undocumented_unsafe_blocks` checks this too; this is a cheap
//!   extra that also covers code clippy does not build);
//! * no `todo!(` or `unimplemented!(` under `crates/`;
//! * crate dependency order, from each `crates/*/Cargo.toml`: the mechanism
//!   crates (`ophis-vectorcall`, `ophis-watchers`, `ophis-exc`,
//!   `ophis-tracing`, `ophis-compiler`) depend on no Ophis crate, `ophis-core` only on
//!   mechanism crates, `ophis-capi` on `ophis-core` (and mechanism crates),
//!   `ophis` on `ophis-capi` only;
//! * `README.md` names `cargo xtask demo` and `cargo xtask ci`,
//!   `ARCHITECTURE.md` exists and names every crate, and `.ci/run` runs
//!   `cargo xtask ci`.

use std::path::{Path, PathBuf};

use crate::bail;
use crate::util::{rel, repo_root, Result};

/// The mechanism crates of DESIGN §3.
pub const MECHANISM: &[&str] = &[
    "ophis-vectorcall",
    "ophis-watchers",
    "ophis-exc",
    "ophis-tracing",
    "ophis-compiler",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if p.is_dir() {
            if name != "target" && !name.starts_with('.') {
                rust_files(&p, out);
            }
        } else if name.ends_with(".rs") {
            out.push(p);
        }
    }
}

fn is_comment(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("//") || t.starts_with("/*") || t.starts_with('*')
}

/// Problems in one Rust source file; `path` is repository-relative.
pub fn check_source(path: &str, text: &str) -> Vec<String> {
    let mut p = Vec::new();
    let in_capi = path.starts_with("crates/capi/");
    let in_crates = path.starts_with("crates/");
    match text.lines().find(|l| !l.trim().is_empty()) {
        Some(first) if first.trim_start().starts_with("//!") => {}
        _ => p.push(format!("{path}: does not start with a `//!` module doc")),
    }
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let n = i + 1;
        if is_comment(line) {
            continue;
        }
        let t = line.trim_start();
        if !in_capi && t.starts_with("#[") && (t.contains("no_mangle") || t.contains("export_name"))
        {
            p.push(format!(
                "{path}:{n}: symbol export attribute outside crates/capi (only ophis-capi exports C symbols)"
            ));
        }
        if in_crates {
            for mac in ["todo!(", "unimplemented!("] {
                if line.contains(mac) {
                    p.push(format!("{path}:{n}: `{mac}` left in the code"));
                }
            }
        }
        if !in_capi && has_unsafe_block(line) && !safety_documented(&lines, i) {
            p.push(format!(
                "{path}:{n}: `unsafe {{` without a `// SAFETY:` comment just above"
            ));
        }
    }
    p
}

fn has_unsafe_block(line: &str) -> bool {
    let code = line.split("//").next().unwrap_or("");
    let mut rest = code;
    while let Some(i) = rest.find("unsafe") {
        let before_ok = i == 0
            || !rest.as_bytes()[i - 1].is_ascii_alphanumeric() && rest.as_bytes()[i - 1] != b'_';
        let after = rest[i + "unsafe".len()..].trim_start();
        if before_ok && after.starts_with('{') {
            // Skip occurrences inside string literals, roughly: an odd
            // number of quotes before means we are in a string.
            if code[..code.len() - rest.len() + i]
                .matches('"')
                .count()
                .is_multiple_of(2)
            {
                return true;
            }
        }
        rest = &rest[i + "unsafe".len()..];
    }
    false
}

fn safety_documented(lines: &[&str], i: usize) -> bool {
    if lines[i].contains("SAFETY:") {
        return true;
    }
    let lo = i.saturating_sub(3);
    if lines[lo..i]
        .iter()
        .any(|l| l.contains("// SAFETY:") || l.contains("//SAFETY:"))
    {
        return true;
    }
    // The contiguous comment block right above (which may be long).
    let mut k = i;
    while k > 0 && is_comment(lines[k - 1]) {
        k -= 1;
        if lines[k].contains("SAFETY:") {
            return true;
        }
    }
    false
}

/// An Ophis crate's name and its Ophis dependencies (normal and build).
#[derive(Debug, Clone)]
pub struct CrateDeps {
    /// Where it was read from.
    pub manifest: String,
    /// Package name.
    pub name: String,
    /// `ophis*` dependencies (package names).
    pub deps: Vec<String>,
}

/// Reads a crate's `Cargo.toml`.
pub fn crate_deps(manifest: &str, text: &str) -> Result<CrateDeps> {
    let t: toml::Table =
        toml::from_str(text).map_err(|e| crate::util::Error(format!("{manifest}: {e}")))?;
    let name = t
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str())
        .ok_or_else(|| crate::util::Error(format!("{manifest}: no package.name")))?
        .to_string();
    let mut deps = Vec::new();
    for section in ["dependencies", "build-dependencies"] {
        if let Some(tab) = t.get(section).and_then(|d| d.as_table()) {
            for (key, v) in tab {
                let pkg = v
                    .get("package")
                    .and_then(|p| p.as_str())
                    .unwrap_or(key)
                    .to_string();
                if pkg == "ophis" || pkg.starts_with("ophis-") {
                    deps.push(pkg);
                }
            }
        }
    }
    Ok(CrateDeps {
        manifest: manifest.to_string(),
        name,
        deps,
    })
}

/// Checks the layering of DESIGN §3.
pub fn check_layers(crates: &[CrateDeps]) -> Vec<String> {
    let mut p = Vec::new();
    for c in crates {
        let allowed: Vec<&str> = match c.name.as_str() {
            n if MECHANISM.contains(&n) => vec![],
            "ophis-core" => MECHANISM.to_vec(),
            "ophis-capi" => {
                let mut v = vec!["ophis-core"];
                v.extend_from_slice(MECHANISM);
                v
            }
            "ophis" => vec!["ophis-capi"],
            other => {
                p.push(format!(
                    "{}: unknown crate {other}: add it to the layer table in xtask/src/tidy.rs",
                    c.manifest
                ));
                continue;
            }
        };
        for d in &c.deps {
            if !allowed.contains(&d.as_str()) {
                p.push(format!(
                    "{}: {} must not depend on {d} (dependency order: mechanism crates <- ophis-core <- ophis-capi <- ophis)",
                    c.manifest, c.name
                ));
            }
        }
    }
    p
}

/// Checks README.md, ARCHITECTURE.md and `.ci/run` texts (`None`: missing).
pub fn check_docs(
    readme: Option<&str>,
    architecture: Option<&str>,
    ci_run: Option<&str>,
    crate_names: &[String],
) -> Vec<String> {
    let mut p = Vec::new();
    match readme {
        None => p.push("README.md is missing".to_string()),
        Some(r) => {
            for cmd in ["cargo xtask demo", "cargo xtask ci"] {
                if !r.contains(cmd) {
                    p.push(format!("README.md does not mention `{cmd}`"));
                }
            }
        }
    }
    match architecture {
        None => {
            p.push("ARCHITECTURE.md is missing (code map and invariants, DESIGN §8)".to_string())
        }
        Some(a) => {
            for n in crate_names {
                if !a.contains(n.as_str()) {
                    p.push(format!("ARCHITECTURE.md does not mention crate {n}"));
                }
            }
        }
    }
    match ci_run {
        None => p.push(".ci/run is missing".to_string()),
        Some(c) => {
            if !c
                .lines()
                .any(|l| !l.trim_start().starts_with('#') && l.contains("cargo xtask ci"))
            {
                p.push(".ci/run does not run `cargo xtask ci`".to_string());
            }
        }
    }
    p
}

/// Runs `cargo xtask tidy`.
pub fn run() -> Result<()> {
    let root = repo_root();
    let mut problems = Vec::new();
    let mut files = Vec::new();
    rust_files(&root.join("crates"), &mut files);
    rust_files(&root.join("xtask"), &mut files);
    for f in &files {
        let text = crate::util::read_file(f)?;
        problems.extend(check_source(&rel(f), &text));
    }
    let mut crates = Vec::new();
    if let Ok(rd) = std::fs::read_dir(root.join("crates")) {
        let mut dirs: Vec<_> = rd.flatten().map(|e| e.path()).collect();
        dirs.sort();
        for d in dirs {
            let m = d.join("Cargo.toml");
            if m.is_file() {
                match crate_deps(&rel(&m), &crate::util::read_file(&m)?) {
                    Ok(c) => crates.push(c),
                    Err(e) => problems.push(e.0),
                }
            }
        }
    }
    problems.extend(check_layers(&crates));
    let read = |p: &str| std::fs::read_to_string(root.join(p)).ok();
    let names: Vec<String> = crates.iter().map(|c| c.name.clone()).collect();
    problems.extend(check_docs(
        read("README.md").as_deref(),
        read("ARCHITECTURE.md").as_deref(),
        read(".ci/run").as_deref(),
        &names,
    ));
    println!(
        "tidy: checked {} Rust files and {} crate manifests",
        files.len(),
        crates.len()
    );
    if !problems.is_empty() {
        for p in &problems {
            println!("  - {p}");
        }
        bail!("tidy: {} problem(s)", problems.len());
    }
    println!("tidy: ok");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_doc_is_required() {
        assert!(check_source("crates/core/src/a.rs", "//! Doc.\nfn f() {}\n").is_empty());
        assert!(check_source("crates/core/src/a.rs", "\n\n//! Doc.\n").is_empty());
        let p = check_source("crates/core/src/a.rs", "// not a doc\n");
        assert_eq!(
            p,
            vec!["crates/core/src/a.rs: does not start with a `//!` module doc"]
        );
    }

    #[test]
    fn exports_only_in_capi() {
        let src = format!(
            "//! Doc.\n{}\npub extern \"C\" fn f() {{}}\n",
            concat!("#[unsafe(", "no_mangle)]")
        );
        assert!(check_source("crates/capi/src/a.rs", &src).is_empty());
        let p = check_source("crates/core/src/a.rs", &src);
        assert_eq!(p.len(), 1);
        assert!(p[0].starts_with("crates/core/src/a.rs:2: symbol export attribute"));
        let named = format!("//! Doc.\n{}\n", concat!("#[export", "_name = \"x\"]"));
        assert_eq!(check_source("xtask/src/a.rs", &named).len(), 1);
    }

    #[test]
    fn unsafe_blocks_need_safety_comments() {
        let bad = "//! Doc.\nfn f() {\n    let x = unsafe { g() };\n}\n";
        let p = check_source("crates/core/src/a.rs", bad);
        assert_eq!(
            p,
            vec!["crates/core/src/a.rs:3: `unsafe {` without a `// SAFETY:` comment just above"]
        );
        let good = "//! Doc.\nfn f() {\n    // SAFETY: g has no preconditions.\n    let x = unsafe { g() };\n}\n";
        assert!(check_source("crates/core/src/a.rs", good).is_empty());
        let long = "//! Doc.\n// SAFETY: one\n// two\n// three\n// four\n// five\nunsafe { g() }\n";
        assert!(check_source("crates/core/src/a.rs", long).is_empty());
        // capi is exempt; `unsafe fn` and `unsafe impl` are not blocks.
        assert!(check_source("crates/capi/src/a.rs", bad).is_empty());
        let decls =
            "//! Doc.\nunsafe fn f() {}\nunsafe impl Send for X {}\nlet s = \"unsafe { x }\";\n";
        assert!(check_source("crates/core/src/a.rs", decls).is_empty());
    }

    #[test]
    fn todo_macros_are_rejected_in_crates() {
        let src = format!("//! Doc.\nfn f() {{ {}) }}\n", concat!("to", "do!("));
        assert_eq!(check_source("crates/core/src/a.rs", &src).len(), 1);
        assert!(check_source("xtask/src/a.rs", &src).is_empty());
    }

    #[test]
    fn dependency_order() {
        let core = crate_deps(
            "crates/core/Cargo.toml",
            "[package]\nname = \"ophis-core\"\n[dependencies]\nophis-watchers = { path = \"../watchers\" }\nnum-bigint = \"0.4\"\n",
        )
        .unwrap();
        assert_eq!(core.deps, vec!["ophis-watchers"]);
        let bad_mech = crate_deps(
            "crates/exc/Cargo.toml",
            "[package]\nname = \"ophis-exc\"\n[dependencies]\ncore2 = { package = \"ophis-core\", path = \"../core\" }\n",
        )
        .unwrap();
        let ophis = crate_deps(
            "crates/ophis/Cargo.toml",
            "[package]\nname = \"ophis\"\n[dependencies]\nophis-capi.workspace = true\nophis-core.workspace = true\n",
        )
        .unwrap();
        let p = check_layers(&[core, bad_mech, ophis]);
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].contains("ophis-exc must not depend on ophis-core"));
        assert!(p[1].contains("ophis must not depend on ophis-core"));
    }

    #[test]
    fn docs_and_ci_script() {
        let names = vec!["ophis-core".to_string()];
        assert!(check_docs(
            Some("run `cargo xtask demo` then `cargo xtask ci`"),
            Some("ophis-core: objects"),
            Some("#!/bin/bash\ncargo xtask ci\n"),
            &names
        )
        .is_empty());
        let p = check_docs(
            Some("cargo xtask demo"),
            None,
            Some("# cargo xtask ci\n"),
            &names,
        );
        assert_eq!(p.len(), 3, "{p:?}");
    }
}
