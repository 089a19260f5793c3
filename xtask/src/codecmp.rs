//! `cargo xtask codecmp [--all] [--no-build] [--quiet] [PATH...]`: the oracle
//! comparison of `ophis-compiler` with CPython 3.12.1's `compile()`.
//!
//! Both sides write the same canonical dump of every code object
//! (`crates/compiler/tests/oracle/dump.py` run by CPython, the
//! `codedump` example of `ophis-compiler`); the dumps are compared per
//! file. The report gives `identical N / total`, the first differing field
//! of each failing file, the most common causes, and the time each compiler
//! spent compiling. The default corpus is CPython's own `Lib/` without
//! `site-packages` and the top-level `test` package (751 files); `--all`
//! keeps the tests (about 1,740 files). PATHs (files or directories) replace
//! the corpus. The full per-file report is written to
//! `<target>/codecmp/report.txt`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::bail;
use crate::util::{cargo, rel, run, target_dir, write_file, Result};

fn collect_py(dir: &Path, skip_tests: bool, top: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if p.is_dir() {
            if name == "site-packages" || name == "__pycache__" {
                continue;
            }
            if skip_tests && dir == top && name == "test" {
                continue;
            }
            collect_py(&p, skip_tests, top, out);
        } else if name.ends_with(".py") {
            out.push(p);
        }
    }
}

/// One file's dump: its lines (or an `!error` line).
fn split_dump(text: &str) -> (BTreeMap<String, Vec<String>>, f64) {
    let mut map = BTreeMap::new();
    let mut cur: Option<(String, Vec<String>)> = None;
    let mut secs = 0.0;
    for line in text.lines() {
        if let Some(f) = line.strip_prefix("=== ") {
            if let Some((k, v)) = cur.take() {
                map.insert(k, v);
            }
            cur = Some((f.to_string(), Vec::new()));
        } else if let Some(s) = line.strip_prefix("# compile_seconds ") {
            secs = s.trim().parse().unwrap_or(0.0);
        } else if let Some((_, v)) = cur.as_mut() {
            v.push(line.to_string());
        }
    }
    if let Some((k, v)) = cur.take() {
        map.insert(k, v);
    }
    (map, secs)
}

fn field_of(line: &str) -> String {
    match line.split_once(": ") {
        Some((key, _)) => key.to_string(),
        None => line.to_string(),
    }
}

/// The first difference of one file, described; `None` if identical.
fn first_difference(ours: &[String], theirs: &[String]) -> Option<(String, String)> {
    if let Some(e) = ours.first().filter(|l| l.starts_with("!error")) {
        if theirs.first() == Some(e) {
            return None;
        }
        let cause = e.splitn(4, ' ').collect::<Vec<_>>();
        let kind = cause.get(1).copied().unwrap_or("?");
        let msg = cause.get(3).copied().unwrap_or("");
        return Some((format!("ophis: {e}"), format!("{kind}: {msg}")));
    }
    if let Some(e) = theirs.first().filter(|l| l.starts_with("!error")) {
        return Some((
            format!("cpython: {e}"),
            "CPython rejects it, Ophis does not".into(),
        ));
    }
    for (a, b) in ours.iter().zip(theirs) {
        if a != b {
            let key = field_of(b);
            let field = key.rsplit('.').next().unwrap_or(&key).to_string();
            return Some((key, format!("field {field}")));
        }
    }
    if ours.len() != theirs.len() {
        return Some((
            "number of code objects".into(),
            "number of code objects".into(),
        ));
    }
    None
}

/// Runs `cargo xtask codecmp`.
pub fn run_cmd(args: &[String]) -> Result<()> {
    let mut all = false;
    let mut build = true;
    let mut quiet = false;
    let mut paths = Vec::new();
    for a in args {
        match a.as_str() {
            "--all" => all = true,
            "--no-build" => build = false,
            "--quiet" | "-q" => quiet = true,
            s if s.starts_with('-') => bail!("codecmp: unknown option {s}"),
            s => paths.push(PathBuf::from(s)),
        }
    }
    let Some(py) = crate::cpython::locate()? else {
        bail!(
            "codecmp needs CPython 3.12.1: {}",
            crate::cpython::NOT_FOUND_HINT
        );
    };
    let python = py.prefix.join("bin/python3.12");
    let lib = py.prefix.join("lib/python3.12");
    let mut files = Vec::new();
    if paths.is_empty() {
        collect_py(&lib, !all, &lib, &mut files);
    } else {
        for p in &paths {
            if p.is_dir() {
                collect_py(p, false, p, &mut files);
            } else {
                files.push(p.clone());
            }
        }
    }
    if files.is_empty() {
        bail!("codecmp: no .py files to compare");
    }
    if build {
        run(cargo().args([
            "build",
            "--release",
            "-p",
            "ophis-compiler",
            "--example",
            "codedump",
        ]))?;
    }
    let codedump = target_dir().join("release/examples/codedump");
    if !codedump.is_file() {
        bail!("{} is missing (run without --no-build)", rel(&codedump));
    }
    let outdir = target_dir().join("codecmp");
    std::fs::create_dir_all(&outdir).map_err(|e| crate::util::Error(e.to_string()))?;
    let list: String = files.iter().map(|f| format!("{}\n", f.display())).collect();
    let list_path = outdir.join("files.txt");
    write_file(&list_path, &list)?;
    let dump_py = crate::util::repo_root().join("crates/compiler/tests/oracle/dump.py");
    let theirs_path = outdir.join("cpython.txt");
    let ours_path = outdir.join("ophis.txt");
    let feed = |cmd: &mut Command| -> Result<std::time::Duration> {
        let t = Instant::now();
        let stdin =
            std::fs::File::open(&list_path).map_err(|e| crate::util::Error(e.to_string()))?;
        let st = cmd.stdin(Stdio::from(stdin)).status().map_err(|e| {
            crate::util::Error(format!("cannot start {:?}: {e}", cmd.get_program()))
        })?;
        if !st.success() {
            bail!("{:?} failed: {st}", cmd.get_program());
        }
        Ok(t.elapsed())
    };
    println!(
        "codecmp: {} files, CPython at {}",
        files.len(),
        py.prefix.display()
    );
    let t_cp = feed(
        Command::new(&python)
            .arg(&dump_py)
            .arg(&theirs_path)
            .arg("-"),
    )?;
    let t_us = feed(Command::new(&codedump).arg(&ours_path).arg("-"))?;
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|e| crate::util::Error(format!("{}: {e}", p.display())))
    };
    let (theirs, cp_secs) = split_dump(&read(&theirs_path)?);
    let (ours, us_secs) = split_dump(&read(&ours_path)?);
    let mut identical = 0;
    let mut causes: BTreeMap<String, usize> = BTreeMap::new();
    let mut report = String::new();
    let empty = Vec::new();
    for f in &files {
        let key = f.display().to_string();
        let t = theirs.get(&key).unwrap_or(&empty);
        let o = ours.get(&key).unwrap_or(&empty);
        match first_difference(o, t) {
            None => identical += 1,
            Some((detail, cause)) => {
                *causes.entry(cause.clone()).or_default() += 1;
                let line = format!(
                    "{}: {detail}\n",
                    rel(f).trim_start_matches(&format!("{}/", lib.display()))
                );
                report.push_str(&line);
                if !quiet {
                    print!("  differs {line}");
                }
            }
        }
    }
    let mut causes: Vec<(String, usize)> = causes.into_iter().collect();
    causes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut summary = format!("\ncodecmp: identical {identical} / {}\n", files.len());
    summary.push_str("codecmp: first differences by cause:\n");
    for (c, n) in causes.iter().take(40) {
        summary.push_str(&format!("  {n:>5}  {c}\n"));
    }
    summary.push_str(&format!(
        "codecmp: compile time: CPython {cp_secs:.3} s, Ophis {us_secs:.3} s (ratio {:.2}); wall: CPython {:.1} s, Ophis {:.1} s\n",
        if cp_secs > 0.0 { us_secs / cp_secs } else { 0.0 },
        t_cp.as_secs_f64(),
        t_us.as_secs_f64()
    ));
    print!("{summary}");
    report.push_str(&summary);
    write_file(&outdir.join("report.txt"), report)?;
    println!(
        "codecmp: full report in {}",
        rel(&outdir.join("report.txt"))
    );
    Ok(())
}
