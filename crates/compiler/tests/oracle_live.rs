//! Live oracle test: when CPython 3.12.1 is installed (found through
//! `$OPHIS_CPYTHON_PREFIX`, `pyenv prefix 3.12.1`, or `~/.pyenv/versions/3.12.1`),
//! compiles a fixed sample of its `Lib/` with both compilers and compares
//! the canonical dumps. Without CPython the test says so and passes. The
//! whole corpus is `cargo xtask codecmp`, kept out of the test suite.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Files of CPython's Lib/ that exercise most of the compiler.
const SAMPLE: &[&str] = &[
    "abc.py",
    "bisect.py",
    "colorsys.py",
    "contextlib.py",
    "copy.py",
    "enum.py",
    "dataclasses.py",
    "functools.py",
    "heapq.py",
    "json/decoder.py",
    "keyword.py",
    "operator.py",
    "posixpath.py",
    "string.py",
    "textwrap.py",
    "asyncio/locks.py",
];

fn cpython_prefix() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("OPHIS_CPYTHON_PREFIX").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    if let Ok(out) = Command::new("pyenv").args(["prefix", "3.12.1"]).output() {
        if out.status.success() {
            let p = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
            if p.join("bin/python3.12").is_file() {
                return Some(p);
            }
        }
    }
    let home = std::env::var_os("HOME")?;
    let p = Path::new(&home).join(".pyenv/versions/3.12.1");
    p.join("bin/python3.12").is_file().then_some(p)
}

#[test]
fn sample_of_lib_matches_cpython() {
    let Some(prefix) = cpython_prefix() else {
        eprintln!("skipped: CPython 3.12.1 not found (set OPHIS_CPYTHON_PREFIX)");
        return;
    };
    let python = prefix.join("bin/python3.12");
    let lib = prefix.join("lib/python3.12");
    let dump_py = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/dump.py");
    let files: Vec<PathBuf> = SAMPLE
        .iter()
        .map(|f| lib.join(f))
        .filter(|p| p.is_file())
        .collect();
    assert!(!files.is_empty(), "no sample files under {}", lib.display());
    let out = Command::new(&python)
        .arg(&dump_py)
        .arg("-")
        .args(&files)
        .output()
        .expect("run CPython");
    assert!(
        out.status.success(),
        "dump.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut failures = Vec::new();
    for f in &files {
        let header = format!("=== {}\n", f.display());
        let Some(start) = text.find(&header) else {
            failures.push(format!("{}: missing from CPython's dump", f.display()));
            continue;
        };
        let body = &text[start + header.len()..];
        let end = body.find("\n=== ").map_or_else(
            || body.find("# compile_seconds").unwrap_or(body.len()),
            |i| i + 1,
        );
        let theirs: Vec<&str> = body[..end].lines().collect();
        let src = std::fs::read_to_string(f).expect("readable");
        let ours = match ophis_compiler::compile(&src, &f.display().to_string()) {
            Ok(c) => ophis_compiler::dump::dump(&c),
            Err(e) => vec![format!("error: {e}")],
        };
        if let Some((a, b)) = ours.iter().zip(&theirs).find(|(a, b)| a != *b) {
            failures.push(format!("{}:\n  ours:    {a}\n  cpython: {b}", f.display()));
        } else if ours.len() != theirs.len() {
            failures.push(format!(
                "{}: {} vs {} dump lines",
                f.display(),
                ours.len(),
                theirs.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn cpython_loads_our_marshal_data() {
    let Some(prefix) = cpython_prefix() else {
        eprintln!("skipped: CPython 3.12.1 not found (set OPHIS_CPYTHON_PREFIX)");
        return;
    };
    let python = prefix.join("bin/python3.12");
    let dump_py = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/dump.py");
    let lib = prefix.join("lib/python3.12");
    let tmp = std::env::temp_dir().join(format!("ophis-marshal-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("temp dir");
    for (i, f) in SAMPLE.iter().take(6).enumerate() {
        let path = lib.join(f);
        let Ok(src) = std::fs::read_to_string(&path) else {
            continue;
        };
        let code = ophis_compiler::compile(&src, &path.display().to_string()).expect("compiles");
        let file = tmp.join(format!("{i}.marshal"));
        std::fs::write(&file, ophis_compiler::marshal::dumps_code(&code)).expect("write");
        let out = Command::new(&python)
            .arg(&dump_py)
            .arg("--marshal")
            .arg(&file)
            .output()
            .expect("run CPython");
        assert!(
            out.status.success(),
            "{f}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let theirs = String::from_utf8_lossy(&out.stdout);
        let ours = ophis_compiler::dump::dump(&code).join("\n") + "\n";
        assert_eq!(ours, theirs, "{f}");
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn eval_mode_matches_cpython() {
    let Some(prefix) = cpython_prefix() else {
        eprintln!("skipped: CPython 3.12.1 not found (set OPHIS_CPYTHON_PREFIX)");
        return;
    };
    let python = prefix.join("bin/python3.12");
    let dump_py = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/dump.py");
    for src in [
        "1",
        "x + y * 2",
        "[a for a in b if a]",
        "lambda q, *r: (q, r)",
        "f(*args, k=1, **kw)",
        "a if b else c",
        "{k: v for k, v in items}",
        "(x for x in range(3))",
        "f'{x!r:>{w}}'",
        "'%s-%s' % (a, b)",
        "not (a is None)",
        "x.y.z[1:2]",
    ] {
        let out = Command::new(&python)
            .arg(&dump_py)
            .arg("--eval")
            .arg(src)
            .output()
            .expect("run CPython");
        assert!(
            out.status.success(),
            "{src}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let theirs = String::from_utf8_lossy(&out.stdout).into_owned();
        let code = ophis_compiler::compile_eval(src, "<eval>").expect(src);
        let ours = ophis_compiler::dump::dump(&code).join("\n") + "\n";
        assert_eq!(ours, theirs, "{src}");
    }
}

#[test]
fn single_mode_matches_cpython() {
    let Some(prefix) = cpython_prefix() else {
        eprintln!("skipped: CPython 3.12.1 not found (set OPHIS_CPYTHON_PREFIX)");
        return;
    };
    let python = prefix.join("bin/python3.12");
    let dump_py = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/dump.py");
    for src in [
        "1 + 2\n",
        "x = f(y)\n",
        "'doc'\n",
        "for i in range(3): print(i)\n",
        "if x:\n    y\nelse:\n    z\n",
        "def f():\n    return 1\n",
        "x: int = 3\n",
        "a, b\n",
    ] {
        let out = Command::new(&python)
            .arg(&dump_py)
            .arg("--single")
            .arg(src)
            .output()
            .expect("run CPython");
        assert!(
            out.status.success(),
            "{src}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let theirs = String::from_utf8_lossy(&out.stdout).into_owned();
        let code = ophis_compiler::compile_single(src, "<single>").expect(src);
        let ours = ophis_compiler::dump::dump(&code).join("\n") + "\n";
        assert_eq!(ours, theirs, "{src:?}");
    }
    assert!(ophis_compiler::compile_single("x = 1\ny = 2\n", "<single>").is_err());
}
