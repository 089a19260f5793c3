//! `cargo xtask abi-check`: DESIGN §5, the exported ABI against
//! `abi/manifest.toml`, both ways.
//!
//! 1. dynamic exports of `libophis.so.0` (missing, extra, kinds, data sizes);
//! 2. C-API globals of `libophis.a` (same, plus duplicate definitions; read
//!    with `readelf`, see `symbols`);
//! 3. declarations of `target/dist/include` without and with
//!    `Py_LIMITED_API=0x030c0000`;
//! 4. a generated file of static assertions (prototypes, data types and
//!    sizes, constants, layouts) compiled against CPython 3.12's headers and
//!    against Ophis's, each in full and limited mode;
//! 5. the drop-in run of `tests/abi/dropin.c` under CPython and under Ophis.
//!
//! Every check reports all its problems; the command fails if any check
//! found one. Each check is a function over plain inputs with unit tests that
//! feed it doctored inputs (see the submodules).

pub mod decls;
pub mod dropin;

/// The `#include` lines every generated translation unit starts with:
/// `Python.h`, plus the public headers CPython does not include from it
/// (C code includes them itself), so their declarations are checked too.
pub const INCLUDES: &str = "#include <Python.h>\n#include <frameobject.h>\n#include <marshal.h>\n";

pub mod gen;
pub mod symbols;

use std::path::PathBuf;
use std::process::Command;

use crate::bail;
use crate::cpython;
use crate::dist::{self, Dist};
use crate::manifest::{self, Manifest};
use crate::util::{rel, repo_root, stdout_of, target_dir, Result};

/// Parsed command line.
#[derive(Debug, Default)]
struct Opts {
    no_build: bool,
    bless: bool,
    only: Vec<u32>,
    so: Option<PathBuf>,
    a: Option<PathBuf>,
}

fn parse_args(args: &[String]) -> Result<Opts> {
    let mut o = Opts::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--no-build" => o.no_build = true,
            "--bless" => o.bless = true,
            "--only" => {
                let v = it.next().ok_or_else(|| crate::util::Error("--only needs a list like 1,3".into()))?;
                for n in v.split(',') {
                    match n.trim().parse::<u32>() {
                        Ok(k @ 1..=5) => o.only.push(k),
                        _ => bail!("--only: checks are numbered 1 to 5, got {n:?}"),
                    }
                }
            }
            "--so" => {
                o.so = Some(PathBuf::from(it.next().ok_or_else(|| crate::util::Error("--so needs a path".into()))?));
                o.no_build = true;
            }
            "--a" => {
                o.a = Some(PathBuf::from(it.next().ok_or_else(|| crate::util::Error("--a needs a path".into()))?));
                o.no_build = true;
            }
            other => bail!("abi-check: unknown argument {other:?} (expected --no-build, --bless, --only N,M, --so PATH, --a PATH)"),
        }
    }
    Ok(o)
}

fn report(step: u32, title: &str, problems: &[String], ok_note: &str) -> usize {
    if problems.is_empty() {
        println!("abi-check: [{step}/5] {title}: ok{ok_note}");
    } else {
        println!(
            "abi-check: [{step}/5] {title}: {} problem(s)",
            problems.len()
        );
        for p in problems {
            let mut lines = p.lines();
            if let Some(first) = lines.next() {
                println!("  - {first}");
            }
            for l in lines {
                println!("    {l}");
            }
        }
    }
    problems.len()
}

/// Runs `cargo xtask abi-check`.
pub fn run(args: &[String]) -> Result<()> {
    let o = parse_args(args)?;
    let want = |k: u32| o.only.is_empty() || o.only.contains(&k);
    let manifest_path = repo_root().join(manifest::PATH);
    let m = Manifest::load(&manifest_path)?;
    println!(
        "abi-check: {} ({} functions, {} data, {} constants, {} layouts)",
        manifest::PATH,
        m.functions.len(),
        m.data.len(),
        m.constants.len(),
        m.layouts.len()
    );
    if !o.no_build {
        dist::run()?;
    }
    let dist = if o.so.is_some() || o.a.is_some() {
        Dist::paths()
    } else {
        Dist::require()?
    };
    let work = target_dir().join("abi-check");
    std::fs::create_dir_all(&work)?;
    let py = cpython::locate()?;
    let mut total = 0;

    if want(1) {
        let so = o.so.clone().unwrap_or_else(|| dist.so.clone());
        let title = format!("dynamic exports of {} vs the manifest", rel(&so));
        let nm = stdout_of(
            Command::new("nm")
                .args(["-D", "--defined-only", "-S"])
                .arg(&so),
        )?;
        let p = symbols::check(&m, &symbols::parse_nm(&nm), symbols::Lib::Shared);
        total += report(1, &title, &p, &format!(" ({} symbols)", m.symbols().len()));
    }
    if want(2) {
        let a = o.a.clone().unwrap_or_else(|| dist.a.clone());
        let title = format!("C-API globals of {} vs the manifest", rel(&a));
        let syms = stdout_of(Command::new("readelf").args(["-s", "-W"]).arg(&a))?;
        let p = symbols::check(&m, &symbols::parse_readelf(&syms), symbols::Lib::Static);
        total += report(2, &title, &p, "");
    }
    if want(3) {
        let title = format!("declarations in {} vs the manifest", rel(&dist.include));
        let flags = vec![format!("-I{}", dist.include.display())];
        let p = match (
            decls::scan(&dist.include, &flags, None, &work),
            decls::scan(&dist.include, &flags, Some(decls::LIMITED), &work),
        ) {
            (Ok(full), Ok(lim)) => decls::check(&m, &full.decls, &lim.decls),
            (Err(e), _) | (_, Err(e)) => vec![e.0],
        };
        total += report(3, &title, &p, "");
    }
    if want(4) {
        let mut p = Vec::new();
        let mut note = String::new();
        let mut targets: Vec<(&str, Vec<String>)> =
            vec![("ophis", vec![format!("-I{}", dist.include.display())])];
        match &py {
            Some(py) => targets.push(("cpython", py.includes.clone())),
            None => note = " (CPython 3.12 not found: checked against Ophis's headers only)".into(),
        }
        for (who, flags) in &targets {
            for mode in [gen::Mode::Full, gen::Mode::Limited] {
                let g = gen::generate(&m, mode);
                let path = work.join(format!("check-{who}-{}.c", mode.as_str()));
                for problem in gen::compile(&g, flags, &path)? {
                    p.push(format!("[{who} headers, {} mode] {problem}", mode.as_str()));
                }
            }
        }
        if !p.is_empty() {
            p.push(format!("generated files: {}/check-*.c", rel(&work)));
        }
        total += report(
            4,
            "prototypes, constants and layouts (generated static assertions)",
            &p,
            &note,
        );
    }
    if want(5) {
        match &py {
            None => {
                if o.bless {
                    bail!(
                        "abi-check --bless: CPython 3.12 not found ({})",
                        cpython::NOT_FOUND_HINT
                    );
                }
                println!("abi-check: [5/5] drop-in run: skipped (CPython 3.12 not found)");
            }
            Some(py) => {
                let p = dropin::run(py, &dist, &work, o.bless)?;
                total += report(
                    5,
                    "drop-in run of tests/abi/dropin.c (CPython-built binary on compat/)",
                    &p,
                    "",
                );
            }
        }
    }
    if total > 0 {
        bail!(
            "abi-check: {total} problem(s); fix the library, the headers or {}",
            manifest::PATH
        );
    }
    println!("abi-check: all checks passed");
    Ok(())
}
