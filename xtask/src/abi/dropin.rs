//! Check (5) of `abi-check`: the drop-in test of the stable ABI.
//!
//! `tests/abi/dropin.c` (`Py_LIMITED_API=0x030c0000`) is compiled against
//! CPython 3.12's headers and linked against CPython's `libpython3.12.so`
//! without an rpath (and the binary is checked to carry none, since
//! `DT_RPATH` would beat `LD_LIBRARY_PATH`). It then runs with
//! `LD_LIBRARY_PATH=<CPython's libdir>` and with
//! `LD_LIBRARY_PATH=target/dist/lib/compat`; both stdouts must equal
//! `tests/abi/dropin.expected`. The program reports on stderr the
//! `Py_GetVersion()` string and the library mapped from `/proc/self/maps`:
//! the compat run must have loaded `libophis.so.0` and say "Ophis", the
//! CPython run must not, so a silently wrong loader path cannot pass.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::bail;
use crate::cpython::CPython;
use crate::dist::Dist;
use crate::textdiff;
use crate::util::{
    capture, capture_with_timeout, rel, repo_root, show_cmd, stdout_of, write_file, Captured,
    Result,
};

/// `tests/abi/dropin.c` under the repository root.
pub const SOURCE: &str = "tests/abi/dropin.c";
/// `tests/abi/dropin.expected` under the repository root.
pub const EXPECTED: &str = "tests/abi/dropin.expected";

/// What the program said on stderr about the loaded runtime.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Runtime {
    /// `Py_GetVersion()`.
    pub version: Option<String>,
    /// Path of the mapped libpython/libophis.
    pub loaded: Option<String>,
}

/// Reads the `dropin: version:` and `dropin: loaded:` lines from stderr.
pub fn runtime_of(stderr: &str) -> Runtime {
    let mut r = Runtime::default();
    for l in stderr.lines() {
        if let Some(v) = l.strip_prefix("dropin: version: ") {
            r.version = Some(v.trim().to_string());
        } else if let Some(v) = l.strip_prefix("dropin: loaded: ") {
            r.loaded = Some(v.trim().to_string());
        }
    }
    r
}

fn same_file(a: &str, b: &Path) -> bool {
    let a = Path::new(a);
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// Judges the two runs: one message per problem.
pub fn evaluate(
    expected: Option<&str>,
    cpython: &Captured,
    ophis: &Captured,
    ophis_lib: &Path,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (who, run) in [("CPython", cpython), ("Ophis (compat)", ophis)] {
        if !run.end.success() {
            let err: Vec<&str> = run
                .stderr
                .lines()
                .filter(|l| !l.starts_with("dropin: "))
                .collect();
            let start = err.len().saturating_sub(15);
            problems.push(format!(
                "drop-in run under {who}: {}; stderr:\n    {}",
                run.end,
                err[start..].join("\n    ")
            ));
        }
        if let Some(e) = expected {
            if let Some(m) = textdiff::first_difference(e, &run.stdout) {
                problems.push(format!(
                    "drop-in output under {who} differs from {EXPECTED} ({})\n{}",
                    m.summary(),
                    textdiff::unified(e, &run.stdout, 20).trim_end()
                ));
            }
        }
    }
    if expected.is_none() {
        problems.push(format!(
            "{EXPECTED} is missing; record it with `cargo xtask abi-check --bless`"
        ));
        if let Some(m) = textdiff::first_difference(&cpython.stdout, &ophis.stdout) {
            problems.push(format!(
                "drop-in outputs of CPython and Ophis differ ({})",
                m.summary()
            ));
        }
    }
    let o = runtime_of(&ophis.stderr);
    match &o.loaded {
        Some(p) if same_file(p, ophis_lib) => {}
        Some(p) => problems.push(format!(
            "the compat run loaded {p}, not {}: the drop-in check did not exercise Ophis",
            ophis_lib.display()
        )),
        None => problems.push("the compat run reported no loaded libpython/libophis".to_string()),
    }
    if !o.version.as_deref().is_some_and(|v| v.contains("Ophis")) {
        problems.push(format!(
            "the compat run's Py_GetVersion() does not mention Ophis: {:?}",
            o.version.unwrap_or_default()
        ));
    }
    let c = runtime_of(&cpython.stderr);
    if c.loaded.as_deref().is_some_and(|p| same_file(p, ophis_lib))
        || c.version.as_deref().is_some_and(|v| v.contains("Ophis"))
    {
        problems.push("the CPython run loaded Ophis: the comparison is meaningless".to_string());
    }
    problems
}

/// Compiles and runs the drop-in program; returns the problems found.
pub fn run(py: &CPython, dist: &Dist, work: &Path, bless: bool) -> Result<Vec<String>> {
    let root = repo_root();
    let src = root.join(SOURCE);
    let bin = work.join("dropin");
    let Some(inc) = py.include_dir() else {
        bail!("CPython's include directory not found");
    };
    let mut cc = Command::new("gcc");
    cc.args([
        "-std=c11",
        "-O1",
        "-g",
        "-Wall",
        "-Werror=implicit-function-declaration",
    ])
    .arg(format!("-I{}", inc.display()))
    .arg(&src)
    .arg("-o")
    .arg(&bin)
    .arg(format!("-L{}", py.libdir.display()))
    .args(["-lpython3.12", "-pthread", "-lm"])
    .env_remove("LD_RUN_PATH");
    let c = capture(&mut cc)?;
    if !c.end.success() {
        return Ok(vec![format!(
            "{SOURCE} does not compile against CPython's headers:\n$ {}\n{}",
            show_cmd(&cc),
            c.stderr.trim_end()
        )]);
    }
    let dyn_section = stdout_of(Command::new("readelf").arg("-d").arg(&bin))?;
    if dyn_section.contains("(RPATH)") || dyn_section.contains("(RUNPATH)") {
        bail!("{} has an rpath; the drop-in check needs none", rel(&bin));
    }
    let timeout = Duration::from_secs(30);
    let mut under_cpython = Command::new(&bin);
    under_cpython
        .env("LD_LIBRARY_PATH", &py.libdir)
        .env("PYTHONHOME", &py.prefix);
    let cpython = capture_with_timeout(&mut under_cpython, timeout)?;
    let mut under_ophis = Command::new(&bin);
    under_ophis
        .env("LD_LIBRARY_PATH", &dist.compat)
        .env_remove("PYTHONHOME");
    let ophis = capture_with_timeout(&mut under_ophis, timeout)?;
    let expected_path = root.join(EXPECTED);
    if bless {
        if !cpython.end.success() {
            bail!(
                "cannot bless {EXPECTED}: the CPython run ended with {}:\n{}",
                cpython.end,
                cpython.stderr
            );
        }
        write_file(&expected_path, &cpython.stdout)?;
        println!(
            "abi-check: blessed {EXPECTED} ({} lines from CPython)",
            cpython.stdout.lines().count()
        );
    }
    let expected = std::fs::read_to_string(&expected_path).ok();
    Ok(evaluate(expected.as_deref(), &cpython, &ophis, &dist.so))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::End;

    fn run(out: &str, stderr: &str) -> Captured {
        Captured {
            stdout: out.into(),
            stderr: stderr.into(),
            end: End::Exit(0),
        }
    }

    fn fixture(tag: &str) -> (std::path::PathBuf, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("xtask-dropin-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("compat")).unwrap();
        let so = dir.join("libophis.so.0");
        std::fs::write(&so, "").unwrap();
        let link = dir.join("compat/libpython3.12.so.1.0");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink("../libophis.so.0", &link).unwrap();
        (so, link)
    }

    #[test]
    fn identical_outputs_from_the_right_libraries_pass() {
        let (so, _) = fixture("t1");
        let c = run(
            "a\nb\n",
            "dropin: version: 3.12.1 (main)\ndropin: loaded: /py/lib/libpython3.12.so.1.0\n",
        );
        let o = run(
            "a\nb\n",
            &format!(
                "dropin: version: 3.12.1 (Ophis 0.1.0)\ndropin: loaded: {}\n",
                so.display()
            ),
        );
        assert_eq!(evaluate(Some("a\nb\n"), &c, &o, &so), Vec::<String>::new());
    }

    #[test]
    fn output_mismatch_is_reported() {
        let (so, _) = fixture("t2");
        let c = run("a\nb\n", "dropin: version: 3.12.1\n");
        let o = run(
            "a\nX\n",
            &format!(
                "dropin: version: 3.12.1 (Ophis)\ndropin: loaded: {}\n",
                so.display()
            ),
        );
        let p = evaluate(Some("a\nb\n"), &c, &o, &so);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].starts_with("drop-in output under Ophis (compat) differs"),
            "{p:?}"
        );
        assert!(p[0].contains("first differing line 2"), "{p:?}");
    }

    #[test]
    fn wrong_library_or_crash_is_reported() {
        let (so, _) = fixture("t3");
        let c = run("a\n", "dropin: version: 3.12.1\n");
        let mut o = run(
            "a\n",
            "dropin: version: 3.12.1 (main)\ndropin: loaded: /py/lib/libpython3.12.so.1.0\n",
        );
        o.end = End::Signal(11);
        let p = evaluate(Some("a\n"), &c, &o, &so);
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p[0].contains("killed by signal 11"));
        assert!(p[1].contains("did not exercise Ophis"));
        assert!(p[2].contains("does not mention Ophis"));
        let p = evaluate(None, &c, &run("b\n", ""), &so);
        assert!(
            p.iter().any(|m| m.contains("dropin.expected is missing")),
            "{p:?}"
        );
        assert!(
            p.iter()
                .any(|m| m.contains("outputs of CPython and Ophis differ")),
            "{p:?}"
        );
    }
}
