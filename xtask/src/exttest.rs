//! `cargo xtask ext-test [--bless] [--no-build] [NAME...]`: real clients
//! (DESIGN §6). Every `tests/ext/NAME.c` drives one binary wheel from PyPI,
//! named by exact version on a `wheel: NAME==VERSION` line of the file, and
//! imports its extension module from the directory a `path: DIR` line names
//! inside the unpacked wheel. The wheel is downloaded once with CPython
//! 3.12's pip (`--only-binary=:all: --platform manylinux2014_x86_64`) into
//! `target/ext-test/wheels/` and unpacked under `target/ext-test/site/`.
//! A driver may instead name a `.pyx` of `tests/ext` (`pyx: FILE`) and a
//! pinned Cython (`cython: Cython==VERSION`): the Cython wheel, run on
//! CPython, turns the `.pyx` into C, which is compiled against each
//! runtime's headers into an extension module, as `pip install` of an
//! sdist would; a `cflags:` line adds C compiler flags (Cython's
//! limited-API mode).
//!
//! Each driver is compiled against Ophis's shared library, against its
//! static library (whole archive, symbols exported to the extensions
//! `dlopen` loads, as CPython's static `python` does) and against CPython;
//! each run, with that directory on `PYTHONPATH`, must print
//! `tests/ext/NAME.expected`, which `--bless` records from CPython. The
//! command needs CPython 3.12 (for pip and as the oracle); without it, it
//! says so and checks nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::bail;
use crate::cpython::{self, CPython};
use crate::ctest::{self, Variant};
use crate::dist::{self, Dist};
use crate::util::{
    capture, capture_with_timeout, rel, repo_root, show_cmd, target_dir, write_file, Result,
};

/// One driver and the extension it drives.
struct Driver {
    name: String,
    src: PathBuf,
    source: Source,
}

/// Where a driver's extension comes from.
enum Source {
    /// A binary wheel (`wheel: NAME==VERSION`), the module in `path: DIR`.
    Wheel { wheel: String, path: String },
    /// A `.pyx` of `tests/ext` (`pyx: FILE`) turned into C by the pinned
    /// Cython (`cython: Cython==VERSION`, run on CPython) and compiled
    /// against each runtime's headers, with the C compiler flags of a
    /// `cflags:` line (`-DCYTHON_LIMITED_API -DPy_LIMITED_API=...` builds
    /// the module in Cython's limited-API mode).
    Cython {
        tool: String,
        pyx: String,
        cflags: Vec<String>,
    },
}

/// Reads the `wheel:` and `path:` lines of a driver.
fn read_driver(name: &str, src: &Path) -> Result<Driver> {
    let text = std::fs::read_to_string(src)?;
    let field = |key: &str| {
        text.lines()
            .filter_map(|l| l.trim_start_matches([' ', '*', '/']).strip_prefix(key))
            .map(|v| v.trim().to_string())
            .next()
    };
    let source = match (field("wheel:"), field("path:"), field("cython:"), field("pyx:")) {
        (Some(wheel), Some(path), None, None) => Source::Wheel { wheel, path },
        (None, None, Some(tool), Some(pyx)) => Source::Cython {
            tool,
            pyx,
            cflags: field("cflags:")
                .map(|f| f.split_whitespace().map(str::to_string).collect())
                .unwrap_or_default(),
        },
        _ => bail!(
            "{}: needs `wheel: NAME==VERSION` and `path: DIR` lines, or `cython: Cython==VERSION` and `pyx: FILE`",
            rel(src)
        ),
    };
    let pin = match &source {
        Source::Wheel { wheel, .. } => wheel,
        Source::Cython { tool, .. } => tool,
    };
    if !pin.contains("==") {
        bail!(
            "{}: pin the wheel to an exact version (NAME==VERSION), got {pin:?}",
            rel(src)
        );
    }
    Ok(Driver {
        name: name.to_string(),
        src: src.to_path_buf(),
        source,
    })
}

/// The wheel file `spec` names in `dir`, downloaded if missing.
fn fetch_wheel(py: &CPython, spec: &str, dir: &Path) -> Result<PathBuf> {
    let marker = dir.join(format!("{}.file", spec.replace("==", "-")));
    if let Ok(f) = std::fs::read_to_string(&marker) {
        let p = dir.join(f.trim());
        if p.is_file() {
            return Ok(p);
        }
    }
    std::fs::create_dir_all(dir)?;
    let mut cmd = Command::new(py.prefix.join("bin/python3.12"));
    cmd.args([
        "-m",
        "pip",
        "download",
        "--quiet",
        "--no-deps",
        "--only-binary=:all:",
        "--python-version",
        "3.12",
        "--platform",
        "manylinux2014_x86_64",
        "--dest",
    ])
    .arg(dir)
    .arg(spec);
    let c = capture(&mut cmd)?;
    if !c.end.success() {
        bail!("$ {}\n{}", show_cmd(&cmd), c.stderr.trim_end());
    }
    let (name, version) = spec.split_once("==").unwrap_or((spec, ""));
    let norm = |s: &str| s.to_ascii_lowercase().replace(['-', '.'], "_");
    let found = list_wheels(dir)?.into_iter().find(|w| {
        let f = w
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut parts = f.split('-');
        parts.next().is_some_and(|n| norm(n) == norm(name))
            && parts.next().is_some_and(|v| v == version)
    });
    let Some(w) = found else {
        bail!(
            "ext-test: pip downloaded no wheel for {spec} into {}",
            rel(dir)
        );
    };
    let file = w
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    write_file(&marker, &file)?;
    Ok(w)
}

fn list_wheels(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.extension().is_some_and(|x| x == "whl") {
            v.push(p);
        }
    }
    Ok(v)
}

/// Unpacks a wheel (a zip file) with CPython's `zipfile` into `dest`.
fn unpack(py: &CPython, wheel: &Path, dest: &Path) -> Result<()> {
    let done = dest.join(".unpacked");
    if done.is_file() {
        return Ok(());
    }
    std::fs::create_dir_all(dest)?;
    let mut cmd = Command::new(py.prefix.join("bin/python3.12"));
    cmd.args(["-m", "zipfile", "-e"]).arg(wheel).arg(dest);
    let c = capture(&mut cmd)?;
    if !c.end.success() {
        bail!("$ {}\n{}", show_cmd(&cmd), c.stderr.trim_end());
    }
    write_file(&done, "")?;
    Ok(())
}

/// Runs a client and judges its output against `golden`, which it first
/// records when `bless` (the CPython run) and the run succeeded; `None`
/// when it passes, else a summary and details.
fn run_and_judge(
    run: &mut Command,
    golden: &Path,
    bless: bool,
) -> Result<Option<(String, String)>> {
    let r = capture_with_timeout(run, ctest::TIMEOUT)?;
    if bless && r.end.success() {
        write_file(golden, &r.stdout)?;
        println!(
            "blessed {} ({} lines from CPython)",
            rel(golden),
            r.stdout.lines().count()
        );
    }
    let expected = std::fs::read_to_string(golden).ok();
    Ok(ctest::judge(expected.as_deref(), &r, &rel(golden)))
}

/// Turns `pyx` into C with the pinned Cython (its wheel unpacked and run
/// on CPython, language level 3) under `work/cython/`; returns the C file.
fn cythonize(py: &CPython, tool: &str, pyx: &Path, wheels: &Path, work: &Path) -> Result<PathBuf> {
    let w = fetch_wheel(py, tool, wheels)?;
    let site = work.join("site").join(tool.replace("==", "-"));
    unpack(py, &w, &site)?;
    let stem = pyx
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let out = work
        .join("cython")
        .join(tool.replace("==", "-"))
        .join(format!("{stem}.c"));
    if let Some(p) = out.parent() {
        std::fs::create_dir_all(p)?;
    }
    let mut cmd = Command::new(py.prefix.join("bin/python3.12"));
    cmd.env("PYTHONPATH", &site)
        .env("PYTHONHOME", &py.prefix)
        .args(["-m", "cython", "-3", "-o"])
        .arg(&out)
        .arg(pyx);
    let c = capture(&mut cmd)?;
    if !c.end.success() {
        bail!("$ {}\n{}{}", show_cmd(&cmd), c.stdout, c.stderr.trim_end());
    }
    Ok(out)
}

/// Compiles Cython's C output into an extension module for variant `v`
/// (its headers; undefined C-API symbols left to the loading process, as
/// wheels do); returns the directory holding it.
fn build_cython_module(
    c: &Path,
    work: &Path,
    name: &str,
    v: Variant,
    pre: &[String],
    cflags: &[String],
) -> Result<PathBuf> {
    let stem = c
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = work.join("cython").join(v.label()).join(name);
    std::fs::create_dir_all(&dir)?;
    let so = dir.join(format!("{stem}.cpython-312-x86_64-linux-gnu.so"));
    let mut cmd = Command::new("gcc");
    cmd.args(pre)
        .args(cflags)
        .args(["-std=gnu11", "-shared", "-fPIC", "-o"])
        .arg(&so)
        .arg(c);
    let r = capture(&mut cmd)?;
    if !r.end.success() {
        bail!("$ {}\n{}", show_cmd(&cmd), r.stderr.trim_end());
    }
    Ok(dir)
}

/// Runs `cargo xtask ext-test`.
pub fn run(args: &[String]) -> Result<()> {
    let o = ctest::parse_args(args)?;
    let Some(py) = cpython::locate()? else {
        println!(
            "ext-test: CPython 3.12 not found ({}); skipped: the wheels come from its pip and it is the oracle",
            cpython::NOT_FOUND_HINT
        );
        return Ok(());
    };
    if !o.no_build() {
        dist::run()?;
    }
    let dist = Dist::require()?;
    let tests_dir = repo_root().join("tests/ext");
    let c_dir = repo_root().join("tests/c");
    // `pyo3` names the PyO3 program; the other names are drivers.
    let names: Vec<String> = o.names().iter().filter(|n| *n != "pyo3").cloned().collect();
    let only_pyo3 = !o.names().is_empty() && names.is_empty();
    let mut drivers = Vec::new();
    if !only_pyo3 {
        for (name, src) in ctest::select_sources(&tests_dir, &names)? {
            drivers.push(read_driver(&name, &src)?);
        }
        if drivers.is_empty() {
            bail!("ext-test: no drivers in {}", rel(&tests_dir));
        }
    }
    let work = target_dir().join("ext-test");
    let wheels = work.join("wheels");
    // CPython first, so that --bless records the golden the others are judged by.
    let variants = [Variant::CPython, Variant::OphisShared, Variant::OphisStatic];
    let mut flags = Vec::new();
    for v in variants {
        let (pre, mut post) = ctest::variant_flags(v, &dist, Some(&py))?;
        if v == Variant::OphisStatic {
            // The extensions resolve the C API in the executable: link the
            // whole archive and export its symbols, as CPython's static
            // `python` is linked.
            post.retain(|a| !a.ends_with("libophis.a"));
            let a = dist.lib.join("libophis.a");
            post.splice(
                0..0,
                [
                    "-Wl,--whole-archive".to_string(),
                    a.display().to_string(),
                    "-Wl,--no-whole-archive".to_string(),
                    "-Wl,--export-dynamic".to_string(),
                ],
            );
        }
        flags.push((v, pre, post));
    }
    // The module directory of each driver, per variant.
    let mut sites: Vec<Vec<PathBuf>> = Vec::new();
    for d in &drivers {
        match &d.source {
            Source::Wheel { wheel, path } => {
                let w = fetch_wheel(&py, wheel, &wheels)?;
                let site = work.join("site").join(&d.name);
                unpack(&py, &w, &site)?;
                let dir = site.join(path);
                if !dir.is_dir() {
                    bail!(
                        "{}: `path: {}` is not a directory of the wheel",
                        rel(&d.src),
                        path
                    );
                }
                println!(
                    "ext-test: {} ({})",
                    wheel,
                    w.file_name()
                        .map(|f| f.to_string_lossy().into_owned())
                        .unwrap_or_default()
                );
                sites.push(vec![dir; flags.len()]);
            }
            Source::Cython { tool, pyx, cflags } => {
                let c = cythonize(&py, tool, &tests_dir.join(pyx), &wheels, &work)?;
                println!("ext-test: {} with {tool} -> {}", pyx, rel(&c));
                let mut dirs = Vec::new();
                for (v, pre, _) in &flags {
                    dirs.push(build_cython_module(&c, &work, &d.name, *v, pre, cflags)?);
                }
                sites.push(dirs);
            }
        }
    }
    let build = work.join("bin");
    let (mut passed, mut failed) = (0usize, 0usize);
    for (d, site_dirs) in drivers.iter().zip(&sites) {
        let golden = tests_dir.join(format!("{}.expected", d.name));
        for ((v, pre, post), site) in flags.iter().zip(site_dirs) {
            let out = build.join(v.label()).join(&d.name);
            if let Some(p) = out.parent() {
                std::fs::create_dir_all(p)?;
            }
            let mut cmd = ctest::gcc_command(&d.src, &out, pre, post, &c_dir);
            cmd.arg(format!("-I{}", tests_dir.display()));
            let c = capture(&mut cmd)?;
            let verdict = if !c.end.success() {
                Some((
                    "compile failed".to_string(),
                    format!("    $ {}\n{}\n", show_cmd(&cmd), c.stderr.trim_end()),
                ))
            } else {
                let mut run = Command::new(&out);
                // Both runtimes import CPython 3.12.1's pure-Python standard
                // library from its prefix (extensions such as PyO3's import
                // `collections.abc` while they initialize).
                run.env("PYTHONPATH", site)
                    .env("PYTHONHASHSEED", "0")
                    .env("PYTHONHOME", &py.prefix);
                run_and_judge(&mut run, &golden, o.bless() && *v == Variant::CPython)?
            };
            match verdict {
                None => {
                    passed += 1;
                    println!("ok   {} [{}]", d.name, v.label());
                }
                Some((summary, details)) => {
                    failed += 1;
                    println!("FAIL {} [{}] ({summary})", d.name, v.label());
                    print!("{details}");
                }
            }
        }
    }
    if o.names().is_empty() || o.names().iter().any(|n| n == "pyo3") {
        let (p, f) = run_pyo3(&py, &dist, o.bless())?;
        passed += p;
        failed += f;
    }
    println!("{passed} passed, {failed} failed");
    if failed > 0 {
        bail!("ext-test: {failed} of {} failed", passed + failed);
    }
    Ok(())
}

/// The PyO3 program of `tests/pyo3` (PyO3 from crates.io, pinned in its
/// manifest), built with the full 3.12 API and with `abi3-py312`, each
/// against Ophis (`PYO3_CONFIG_FILE` naming `target/dist`) and against
/// CPython 3.12.1; every run must print `tests/pyo3/expected.txt`, which
/// `--bless` records from CPython. Returns (passed, failed).
fn run_pyo3(py: &CPython, dist: &Dist, bless: bool) -> Result<(usize, usize)> {
    let dir = repo_root().join("tests/pyo3");
    let golden = dir.join("expected.txt");
    let work = target_dir().join("ext-test").join("pyo3");
    std::fs::create_dir_all(&work)?;
    let ophis_lib = dist.lib.canonicalize().unwrap_or_else(|_| dist.lib.clone());
    let cpython_lib = py.libdir.clone();
    let (mut passed, mut failed) = (0, 0);
    // CPython first, so that --bless records the golden the others are
    // judged by.
    for (runtime, lib_name, lib_dir) in [
        ("cpython", "python3.12", &cpython_lib),
        ("ophis", "ophis", &ophis_lib),
    ] {
        for abi3 in [false, true] {
            let label = format!("pyo3 [{runtime}{}]", if abi3 { ", abi3" } else { "" });
            let cfg = work.join(format!("{runtime}-{abi3}.cfg"));
            write_file(
                &cfg,
                format!(
                    "implementation=CPython\nversion=3.12\nshared=true\nabi3={abi3}\n\
                     lib_name={lib_name}\nlib_dir={}\npointer_width=64\nbuild_flags=\n\
                     suppress_build_script_link_lines=false\n",
                    lib_dir.display()
                ),
            )?;
            let target = work.join(format!("target-{runtime}-{abi3}"));
            let mut build =
                Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
            build
                .arg("build")
                .arg("--quiet")
                .arg("--manifest-path")
                .arg(dir.join("Cargo.toml"))
                .env("PYO3_CONFIG_FILE", &cfg)
                .env("CARGO_TARGET_DIR", &target);
            if abi3 {
                build.args(["--features", "abi3"]);
            }
            let c = capture(&mut build)?;
            if !c.end.success() {
                failed += 1;
                println!(
                    "FAIL {label} (build failed)\n    $ {}\n{}",
                    show_cmd(&build),
                    c.stderr.trim_end()
                );
                continue;
            }
            let mut run = Command::new(target.join("debug/ophis-pyo3-client"));
            run.env("LD_LIBRARY_PATH", lib_dir)
                .env("PYTHONHASHSEED", "0")
                .env("PYTHONHOME", &py.prefix);
            match run_and_judge(&mut run, &golden, bless && runtime == "cpython" && !abi3)? {
                None => {
                    passed += 1;
                    println!("ok   {label}");
                }
                Some((summary, details)) => {
                    failed += 1;
                    println!("FAIL {label} ({summary})");
                    print!("{details}");
                }
            }
        }
    }
    Ok((passed, failed))
}
