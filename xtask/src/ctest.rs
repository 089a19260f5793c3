//! `cargo xtask c-test [--bless] [--no-build] [NAME...]`: the differential C
//! tests of DESIGN §6.
//!
//! Every `tests/c/NAME.c` is compiled three ways — against Ophis's shared
//! library, against Ophis's static library (flags of `ophis-static.pc`), and
//! against CPython 3.12 when it is installed — and each binary's stdout must
//! equal `tests/c/NAME.expected`; a non-zero exit, a crash or a 30 s timeout
//! is a failure too. `--bless` first re-records the goldens from CPython.
//! Where Ophis deliberately differs from CPython (the spec's "Decisions for
//! Ophis"), `tests/c/NAME.differences` lists the golden lines Ophis prints
//! differently; see [`apply_differences`].

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::bail;
use crate::cpython::{self, CPython};
use crate::dist::{self, Dist};
use crate::textdiff;
use crate::util::{
    capture, capture_with_timeout, rel, repo_root, show_cmd, target_dir, write_file, Captured,
    Result,
};

/// How long one test binary may run.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// Compiler flags every C test gets, whatever it links against.
pub const BASE_CFLAGS: &[&str] = &[
    "-std=c11",
    "-O1",
    "-g",
    "-Wall",
    "-Werror=implicit-function-declaration",
    "-pthread",
];

/// What a test binary is linked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// Ophis, `-lophis` with an rpath to `target/dist/lib`.
    OphisShared,
    /// Ophis, `libophis.a` plus the native libraries.
    OphisStatic,
    /// CPython 3.12 (`python3.12-config --embed`).
    CPython,
    /// CPython 3.12's static `libpython3.12.a` (see
    /// [`CPython::static_lib`]), with the libraries it needs; used by
    /// `cargo xtask bench`.
    CPythonStatic,
    /// Ophis built with AddressSanitizer and objects from malloc
    /// (`cargo xtask asan`), linked statically, C code with
    /// `-fsanitize=address`.
    OphisAsan,
}

impl Variant {
    /// The label printed in brackets.
    pub fn label(self) -> &'static str {
        match self {
            Variant::OphisShared => "ophis-shared",
            Variant::OphisStatic => "ophis-static",
            Variant::CPython => "cpython",
            Variant::CPythonStatic => "cpython-static",
            Variant::OphisAsan => "ophis-asan",
        }
    }
}

/// Compile and link flags for one variant: `(before the source, after it)`.
pub fn variant_flags(
    v: Variant,
    dist: &Dist,
    py: Option<&CPython>,
) -> Result<(Vec<String>, Vec<String>)> {
    let mut pre: Vec<String> = Vec::new();
    let mut post: Vec<String> = Vec::new();
    match v {
        Variant::OphisShared | Variant::OphisStatic => {
            let (cflags, libs) = dist.pc_flags(v == Variant::OphisStatic)?;
            pre.extend(BASE_CFLAGS.iter().map(|s| s.to_string()));
            pre.extend(cflags);
            post.extend(libs);
            if v == Variant::OphisShared {
                let lib = dist.lib.canonicalize().unwrap_or_else(|_| dist.lib.clone());
                post.push(format!("-Wl,-rpath,{}", lib.display()));
            }
        }
        Variant::OphisAsan => {
            let (cflags, libs) = dist.pc_flags(true)?;
            let lib = crate::asan::library();
            pre.extend(BASE_CFLAGS.iter().map(|s| s.to_string()));
            pre.extend(cflags);
            pre.extend([
                "-fsanitize=address".into(),
                "-fno-omit-frame-pointer".into(),
            ]);
            for l in libs {
                if l.ends_with("libophis.a") {
                    post.push(lib.display().to_string());
                } else {
                    post.push(l);
                }
            }
            post.push("-fsanitize=address".into());
        }
        Variant::CPython => {
            let Some(py) = py else {
                bail!("CPython 3.12 not found")
            };
            // CPython's own flags first, so that ours (-O1, -std) win.
            pre.extend(py.cflags.iter().cloned());
            pre.extend(BASE_CFLAGS.iter().map(|s| s.to_string()));
            post.extend(py.ldflags.iter().cloned());
            post.push(format!("-Wl,-rpath,{}", py.libdir.display()));
        }
        Variant::CPythonStatic => {
            let Some(py) = py else {
                bail!("CPython 3.12 not found")
            };
            let Some(a) = py.static_lib() else {
                bail!(
                    "no libpython3.12.a under {}",
                    py.libdir.join("python3.12").display()
                )
            };
            pre.extend(py.cflags.iter().cloned());
            pre.extend(BASE_CFLAGS.iter().map(|s| s.to_string()));
            post.extend(static_ldflags(&py.ldflags, &a));
        }
    }
    post.push("-pthread".into());
    Ok((pre, post))
}

/// The link flags of a program using CPython's static library `a`:
/// `python3.12-config --embed --ldflags` with `-lpython3.12` replaced by the
/// archive and the search paths and rpaths (which only served the shared
/// library) dropped, then the system libraries the archive needs.
pub fn static_ldflags(ldflags: &[String], a: &Path) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in ldflags {
        if f.starts_with("-lpython3.12") {
            out.push(a.display().to_string());
        } else if f.starts_with("-L") || f.starts_with("-Wl,-rpath") {
            continue;
        } else if !out.contains(f) {
            out.push(f.clone());
        }
    }
    if !out.iter().any(|f| Path::new(f) == a) {
        out.push(a.display().to_string());
    }
    for l in ["-lm", "-ldl", "-lpthread", "-lutil"] {
        if !out.iter().any(|f| f == l) {
            out.push(l.into());
        }
    }
    out
}

/// A `gcc` command compiling `src` to `out`.
pub fn gcc_command(
    src: &Path,
    out: &Path,
    pre: &[String],
    post: &[String],
    extra_inc: &Path,
) -> Command {
    let mut cmd = Command::new("gcc");
    cmd.args(pre)
        .arg(format!("-I{}", extra_inc.display()))
        .arg(src)
        .arg("-o")
        .arg(out)
        .args(post);
    cmd
}

struct Job {
    name: String,
    variant: Variant,
    src: PathBuf,
    out: PathBuf,
}

/// Parsed command line.
#[derive(Debug, Default)]
pub struct Opts {
    /// `--bless`.
    pub bless: bool,
    /// `--no-build`.
    pub no_build: bool,
    /// The tests to run (all when empty).
    pub names: Vec<String>,
}

impl Opts {
    /// `--bless`.
    pub fn bless(&self) -> bool {
        self.bless
    }
    /// `--no-build`.
    pub fn no_build(&self) -> bool {
        self.no_build
    }
    /// The tests named on the command line.
    pub fn names(&self) -> &[String] {
        &self.names
    }
}

/// Parses `c-test` arguments.
pub fn parse_args(args: &[String]) -> Result<Opts> {
    let mut o = Opts::default();
    for a in args {
        match a.as_str() {
            "--bless" => o.bless = true,
            "--no-build" => o.no_build = true,
            s if s.starts_with('-') => bail!("c-test: unknown option {s}"),
            s => o.names.push(s.trim_end_matches(".c").to_string()),
        }
    }
    Ok(o)
}

/// Lists `dir/*.c` (sorted), restricted to `names` when given.
pub fn select_sources(dir: &Path, names: &[String]) -> Result<Vec<(String, PathBuf)>> {
    let mut all = Vec::new();
    if dir.is_dir() {
        for e in std::fs::read_dir(dir)? {
            let p = e?.path();
            if p.extension().is_some_and(|x| x == "c") {
                if let Some(stem) = p.file_stem() {
                    all.push((stem.to_string_lossy().into_owned(), p.clone()));
                }
            }
        }
    }
    all.sort();
    if names.is_empty() {
        return Ok(all);
    }
    let mut out = Vec::new();
    for n in names {
        match all.iter().find(|(s, _)| s == n) {
            Some(t) => out.push(t.clone()),
            None => bail!("no {}/{n}.c", rel(dir)),
        }
    }
    Ok(out)
}

/// Runs `cargo xtask c-test`.
pub fn run(args: &[String]) -> Result<()> {
    let o = parse_args(args)?;
    if !o.no_build {
        dist::run()?;
    }
    let dist = Dist::require()?;
    let py = cpython::locate()?;
    let tests_dir = repo_root().join("tests/c");
    let tests = select_sources(&tests_dir, &o.names)?;
    if tests.is_empty() {
        bail!("c-test: no tests in {}", rel(&tests_dir));
    }
    match &py {
        Some(p) => println!(
            "c-test: CPython 3.12 at {} ({}; {})",
            p.prefix.display(),
            p.found_by,
            p.config.display()
        ),
        None if o.bless => bail!(
            "c-test --bless: CPython 3.12 not found; goldens are recorded from CPython ({})",
            cpython::NOT_FOUND_HINT
        ),
        None => println!(
            "c-test: CPython 3.12 not found; live comparison skipped (goldens still checked)"
        ),
    }
    let mut variants = vec![Variant::OphisShared, Variant::OphisStatic];
    if py.is_some() {
        variants.push(Variant::CPython);
    }
    run_variants(&o, &variants, &dist, py.as_ref())
}

/// Compiles and runs the selected tests in the given variants, comparing
/// each output with its golden (blessing first with `--bless`).
pub fn run_variants(
    o: &Opts,
    variants: &[Variant],
    dist: &Dist,
    py: Option<&CPython>,
) -> Result<()> {
    let tests_dir = repo_root().join("tests/c");
    let tests = select_sources(&tests_dir, &o.names)?;
    let variants = variants.to_vec();
    let build_dir = target_dir().join("c-test");
    let mut jobs = Vec::new();
    for (name, src) in &tests {
        for &v in &variants {
            jobs.push(Job {
                name: name.clone(),
                variant: v,
                src: src.clone(),
                out: build_dir.join(v.label()).join(name),
            });
        }
    }
    let mut flags = Vec::new();
    for &v in &variants {
        flags.push((v, variant_flags(v, dist, py)?));
    }
    println!(
        "c-test: compiling {} tests x {} variants with 2 jobs into {}",
        tests.len(),
        variants.len(),
        rel(&build_dir)
    );
    let compiled: Vec<Result<(), String>> = crate::util::par_map(&jobs, 2, |j| {
        let (pre, post) = &flags
            .iter()
            .find(|(v, _)| *v == j.variant)
            .expect("flags")
            .1;
        if let Some(parent) = j.out.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        let _ = std::fs::remove_file(&j.out);
        let mut cmd = gcc_command(&j.src, &j.out, pre, post, &tests_dir);
        match capture(&mut cmd) {
            Ok(c) if c.end.success() => Ok(()),
            Ok(c) => Err(format!("$ {}\n{}", show_cmd(&cmd), c.stderr.trim_end())),
            Err(e) => Err(e.0),
        }
    });

    if o.bless {
        for (j, c) in jobs.iter().zip(&compiled) {
            if j.variant != Variant::CPython || c.is_err() {
                continue;
            }
            let r = run_test(&j.out, j.variant, py)?;
            if r.end.success() {
                let golden = tests_dir.join(format!("{}.expected", j.name));
                write_file(&golden, &r.stdout)?;
                println!(
                    "blessed {} ({} lines from CPython)",
                    rel(&golden),
                    r.stdout.lines().count()
                );
            } else {
                println!("not blessed {}: CPython run ended with {}", j.name, r.end);
            }
        }
    }

    let (mut passed, mut failed) = (0usize, 0usize);
    for (j, c) in jobs.iter().zip(&compiled) {
        let verdict = match c {
            Err(msg) => Some(("compile failed".to_string(), indent(msg))),
            Ok(()) => {
                let golden = tests_dir.join(format!("{}.expected", j.name));
                let mut expected = std::fs::read_to_string(&golden).ok();
                let mut golden_name = rel(&golden);
                let diffs = tests_dir.join(format!("{}.differences", j.name));
                if j.variant != Variant::CPython && diffs.exists() {
                    let d = std::fs::read_to_string(&diffs)
                        .map_err(|e| crate::util::Error(format!("{}: {e}", rel(&diffs))))?;
                    if let Some(e) = &expected {
                        expected =
                            Some(apply_differences(e, &d).map_err(|m| {
                                crate::util::Error(format!("{}: {m}", rel(&diffs)))
                            })?);
                        golden_name = format!("{golden_name} + {}", rel(&diffs));
                    }
                }
                let r = run_test(&j.out, j.variant, py)?;
                judge(expected.as_deref(), &r, &golden_name)
            }
        };
        match verdict {
            None => {
                passed += 1;
                println!("ok   {} [{}]", j.name, j.variant.label());
            }
            Some((summary, details)) => {
                failed += 1;
                println!("FAIL {} [{}] ({summary})", j.name, j.variant.label());
                print!("{details}");
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    if failed > 0 {
        bail!("c-test: {failed} of {} failed", passed + failed);
    }
    Ok(())
}

/// Ophis's expected output: the CPython golden with the deliberate
/// differences of a `NAME.differences` file applied (DESIGN §2: where Ophis
/// is stricter than CPython). The file holds, after `#` comments and blank
/// lines, groups of one `- line` (a line of the golden, which must occur
/// exactly once) followed by the `+ line`s that replace it in Ophis's
/// output. A `-` line the golden no longer has is an error, so a stale
/// difference cannot hide.
pub fn apply_differences(expected: &str, diffs: &str) -> std::result::Result<String, String> {
    let mut lines: Vec<String> = expected.lines().map(str::to_string).collect();
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for (n, l) in diffs.lines().enumerate() {
        if l.trim().is_empty() || l.starts_with('#') {
            continue;
        }
        if let Some(old) = l.strip_prefix("- ") {
            groups.push((old.to_string(), Vec::new()));
        } else if let Some(new) = l.strip_prefix("+ ") {
            match groups.last_mut() {
                Some(g) => g.1.push(new.to_string()),
                None => return Err(format!("line {}: `+` before any `-` line", n + 1)),
            }
        } else {
            return Err(format!(
                "line {}: expected `- `, `+ `, `#` or a blank line, got {l:?}",
                n + 1
            ));
        }
    }
    for (old, new) in groups {
        let at: Vec<usize> = (0..lines.len()).filter(|&i| lines[i] == old).collect();
        match at[..] {
            [i] => {
                lines.splice(i..=i, new);
            }
            [] => {
                return Err(format!(
                    "the golden has no line {old:?} (stale difference?)"
                ))
            }
            _ => return Err(format!("the golden has {} lines {old:?}", at.len())),
        }
    }
    let mut out = lines.join("\n");
    if expected.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

fn run_test(bin: &Path, v: Variant, py: Option<&CPython>) -> Result<Captured> {
    let mut cmd = Command::new(bin);
    if let (Variant::CPython, Some(py)) = (v, py) {
        cmd.env("PYTHONHOME", &py.prefix);
    }
    if v == Variant::OphisAsan {
        cmd.env("ASAN_OPTIONS", crate::asan::ASAN_OPTIONS);
    }
    capture_with_timeout(&mut cmd, TIMEOUT)
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("    {l}\n")).collect()
}

fn tail(s: &str, n: usize) -> String {
    let lines: Vec<&str> = s.lines().collect();
    let start = lines.len().saturating_sub(n);
    let mut out = String::new();
    if start > 0 {
        out.push_str(&format!("    ... ({start} earlier lines)\n"));
    }
    for l in &lines[start..] {
        out.push_str(&format!("    {l}\n"));
    }
    out
}

/// Judges one run against the golden: `None` when it passed, otherwise the
/// one-line summary and the indented details (diff, stderr, exit status).
pub fn judge(expected: Option<&str>, r: &Captured, golden_name: &str) -> Option<(String, String)> {
    let mut reasons = Vec::new();
    let mut details = String::new();
    match expected {
        None => reasons.push(format!(
            "no {golden_name}; record it with `cargo xtask c-test --bless`"
        )),
        Some(e) => {
            if let Some(m) = textdiff::first_difference(e, &r.stdout) {
                reasons.push(m.summary());
                details.push_str(&format!("    diff (-{golden_name} +actual):\n"));
                details.push_str(&indent(&textdiff::unified(e, &r.stdout, 20)));
            }
        }
    }
    if !r.end.success() {
        reasons.push(r.end.to_string());
    }
    if reasons.is_empty() {
        return None;
    }
    details.push_str(&format!("    {}\n", r.end));
    if r.stderr.trim().is_empty() {
        details.push_str("    stderr: (empty)\n");
    } else {
        details.push_str("    stderr:\n");
        details.push_str(&indent(&tail(&r.stderr, 20)));
    }
    Some((reasons.join("; "), details))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::End;

    fn cap(out: &str, end: End) -> Captured {
        Captured {
            stdout: out.into(),
            stderr: "boom\n".into(),
            end,
        }
    }

    #[test]
    fn matching_output_and_clean_exit_passes() {
        assert!(judge(Some("a\n"), &cap("a\n", End::Exit(0)), "t.expected").is_none());
    }

    #[test]
    fn differences_replace_single_lines() {
        let golden = "a\nb: NULL, no exception\nc\n";
        let d = "# why\n- b: NULL, no exception\n+ b: NULL, SystemError: x\n";
        assert_eq!(
            apply_differences(golden, d).unwrap(),
            "a\nb: NULL, SystemError: x\nc\n"
        );
        assert!(apply_differences(golden, "- nope\n+ x\n")
            .unwrap_err()
            .contains("stale"));
        assert!(apply_differences("a\na\n", "- a\n+ b\n").is_err());
        assert!(apply_differences(golden, "+ x\n").is_err());
        assert!(apply_differences(golden, "junk\n").is_err());
    }

    #[test]
    fn differing_output_fails_with_first_line_and_diff() {
        let (s, d) = judge(Some("a\nb\n"), &cap("a\nc\n", End::Exit(0)), "t.expected").unwrap();
        assert_eq!(s, "first differing line 2: expected \"b\", got \"c\"");
        assert!(
            d.contains("-b") && d.contains("+c") && d.contains("boom"),
            "{d}"
        );
    }

    #[test]
    fn crash_or_exit_status_fails_even_with_equal_output() {
        let (s, _) = judge(Some("a\n"), &cap("a\n", End::Signal(11)), "t.expected").unwrap();
        assert_eq!(s, "killed by signal 11 (SIGSEGV)");
        let (s, _) = judge(Some("a\n"), &cap("a\n", End::Exit(1)), "t.expected").unwrap();
        assert_eq!(s, "exit status 1");
        let (s, _) = judge(None, &cap("a\n", End::Exit(0)), "t.expected").unwrap();
        assert!(s.contains("--bless"));
    }

    #[test]
    fn args_and_selection() {
        let o = parse_args(&["--bless".into(), "dict.c".into()]).unwrap();
        assert!(o.bless && !o.no_build);
        assert_eq!(o.names, vec!["dict"]);
        assert!(parse_args(&["--nope".into()]).is_err());
        let dir = std::env::temp_dir().join(format!("xtask-sel-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for f in ["b.c", "a.c", "ctest.h", "a.expected"] {
            std::fs::write(dir.join(f), "").unwrap();
        }
        let all = select_sources(&dir, &[]).unwrap();
        assert_eq!(
            all.iter().map(|t| t.0.as_str()).collect::<Vec<_>>(),
            vec!["a", "b"]
        );
        assert!(select_sources(&dir, &["zzz".into()]).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
