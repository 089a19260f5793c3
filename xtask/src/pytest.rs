//! `cargo xtask py-test [--bless] [--no-build] [NAME...]`: the
//! differential Python tests of issue 14 (DESIGN §6).
//!
//! `tests/py/runner.c` is compiled against Ophis's shared library, Ophis's
//! static library and CPython 3.12 (as `c-test` builds its programs); it
//! runs one `tests/py/NAME.py` as `__main__` (from the repository root, so
//! tracebacks, which the runner prints to stdout, show stable paths). Each
//! run's stdout must equal
//! `tests/py/NAME.expected`, recorded from CPython with `--bless`; an
//! escaping exception is part of the output ("uncaught TYPE: MESSAGE"); a
//! non-zero exit, a crash or a timeout is a failure. Programs run with `PYTHONHASHSEED=0`
//! (and, on Ophis, CPython's pure-Python standard library on `PYTHONPATH`). Deliberate differences
//! go in `tests/py/NAME.differences` ([`crate::ctest::apply_differences`]).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::bail;
use crate::cpython::{self, CPython};
use crate::ctest::{self, gcc_command, variant_flags, Variant};
use crate::dist::{self, Dist};
use crate::util::{
    capture, capture_with_timeout, rel, repo_root, show_cmd, target_dir, write_file, Result,
};

/// Runs the command.
pub fn run(args: &[String]) -> Result<()> {
    let o = ctest::parse_args(args)?;
    if !o.no_build {
        dist::run()?;
    }
    let dist = Dist::require()?;
    let py = cpython::locate()?;
    if py.is_none() && o.bless {
        bail!(
            "py-test --bless: CPython 3.12 not found; goldens are recorded from CPython ({})",
            cpython::NOT_FOUND_HINT
        );
    }
    let dir = repo_root().join("tests/py");
    let programs = select(&dir, &o.names)?;
    if programs.is_empty() {
        bail!("py-test: no programs in {}", rel(&dir));
    }
    let mut variants = vec![Variant::OphisShared, Variant::OphisStatic];
    if py.is_some() {
        variants.push(Variant::CPython);
    }
    let build = target_dir().join("py-test");
    let mut runners = Vec::new();
    for &v in &variants {
        let (pre, post) = variant_flags(v, &dist, py.as_ref())?;
        let out = build.join(v.label()).join("runner");
        if let Some(p) = out.parent() {
            std::fs::create_dir_all(p)
                .map_err(|e| crate::util::Error(format!("{}: {e}", p.display())))?;
        }
        let mut cmd = gcc_command(&dir.join("runner.c"), &out, &pre, &post, &dir);
        let c = capture(&mut cmd)?;
        if !c.end.success() {
            bail!("py-test: $ {}\n{}", show_cmd(&cmd), c.stderr.trim_end());
        }
        runners.push((v, out));
    }
    println!(
        "py-test: {} programs x {} runtimes",
        programs.len(),
        runners.len()
    );
    if o.bless {
        let (_, cpy) = runners
            .iter()
            .find(|(v, _)| *v == Variant::CPython)
            .expect("CPython runner");
        for (name, path) in &programs {
            let r = run_one(Variant::CPython, cpy, path, py.as_ref())?;
            if r.end.success() {
                let golden = dir.join(format!("{name}.expected"));
                write_file(&golden, &r.stdout)?;
                println!(
                    "blessed {} ({} lines from CPython)",
                    rel(&golden),
                    r.stdout.lines().count()
                );
            } else {
                println!("not blessed {name}: CPython ended with {}", r.end);
            }
        }
    }
    let (mut passed, mut failed) = (0usize, 0usize);
    for (name, path) in &programs {
        let golden = dir.join(format!("{name}.expected"));
        let expected = std::fs::read_to_string(&golden).ok();
        for (v, runner) in &runners {
            let mut exp = expected.clone();
            let mut gname = rel(&golden);
            let diffs = dir.join(format!("{name}.differences"));
            if *v != Variant::CPython && diffs.exists() {
                let d = std::fs::read_to_string(&diffs)
                    .map_err(|e| crate::util::Error(format!("{}: {e}", rel(&diffs))))?;
                if let Some(e) = &exp {
                    exp = Some(
                        ctest::apply_differences(e, &d)
                            .map_err(|m| crate::util::Error(format!("{}: {m}", rel(&diffs))))?,
                    );
                    gname = format!("{gname} + {}", rel(&diffs));
                }
            }
            let r = run_one(*v, runner, path, py.as_ref())?;
            match ctest::judge(exp.as_deref(), &r, &gname) {
                None => {
                    passed += 1;
                    println!("ok   {name} [{}]", v.label());
                }
                Some((summary, details)) => {
                    failed += 1;
                    println!("FAIL {name} [{}] ({summary})", v.label());
                    print!("{details}");
                }
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    if failed > 0 {
        bail!("py-test: {failed} of {} failed", passed + failed);
    }
    Ok(())
}

/// The `tests/py/NAME.py` programs, all or the named ones.
fn select(dir: &Path, names: &[String]) -> Result<Vec<(String, PathBuf)>> {
    let mut all: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .map_err(|e| crate::util::Error(format!("{}: {e}", rel(dir))))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .filter_map(|p| Some((p.file_stem()?.to_str()?.to_string(), p)))
        .collect();
    all.sort();
    if names.is_empty() {
        return Ok(all);
    }
    let mut out = Vec::new();
    for n in names {
        match all.iter().find(|(a, _)| a == n) {
            Some(x) => out.push(x.clone()),
            None => bail!("py-test: no program tests/py/{n}.py"),
        }
    }
    Ok(out)
}

fn run_one(
    v: Variant,
    runner: &Path,
    program: &Path,
    py: Option<&CPython>,
) -> Result<crate::util::Captured> {
    let mut cmd = Command::new(runner);
    // From the repository root, with the program's relative path: the
    // paths in tracebacks are the same on every machine.
    let root = repo_root();
    let rel_path = program.strip_prefix(&root).unwrap_or(program);
    cmd.current_dir(&root)
        .arg(rel_path)
        .env("PYTHONHASHSEED", "0")
        .env("PYTHONDONTWRITEBYTECODE", "1");
    match (v, py) {
        (Variant::CPython, Some(py)) => {
            cmd.env("PYTHONHOME", &py.prefix);
        }
        // CPython's pure-Python standard library for Ophis (`io.py`, `abc`,
        // ...), until PYTHONHOME reaches it in the core.
        (_, Some(py)) => {
            cmd.env("PYTHONPATH", py.prefix.join("lib/python3.12"));
        }
        _ => {}
    }
    capture_with_timeout(&mut cmd, ctest::TIMEOUT)
}
