//! `cargo xtask fuzz [--runs N] [--time S] [TARGET...]`: builds the
//! `cargo fuzz` targets of `fuzz/` with the flags cargo-fuzz uses (nightly,
//! SanitizerCoverage, AddressSanitizer, debug assertions), without needing
//! cargo-fuzz itself, and runs each with libFuzzer on its corpus
//! (`fuzz/corpus/<target>`, kept in the repository), for N executions or S
//! seconds. It prints each target's execution count and fails on the first
//! crash (libFuzzer leaves the input as `fuzz/artifacts/<target>/crash-*`).
//! The same entry points run as bounded tests in `cargo test`
//! (`crates/core/src/runtime/fuzz_formats.rs`).

use std::process::Command;
use std::time::Instant;

use crate::bail;
use crate::util::{
    capture_with_timeout, repo_root, run as run_cmd, secs, show_cmd, target_dir, Result,
};

/// The targets in `fuzz/fuzz_targets/`.
pub const TARGETS: &[&str] = &[
    "from_format",
    "build_value",
    "parse_tuple",
    "int_from_string",
    "dict_ops",
    "compile",
    "marshal_loads",
    "decode",
];

const TRIPLE: &str = "x86_64-unknown-linux-gnu";

/// The RUSTFLAGS cargo-fuzz 0.12 passes.
const RUSTFLAGS: &str = "-Cpasses=sancov-module \
    -Cllvm-args=-sanitizer-coverage-level=4 \
    -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
    -Cllvm-args=-sanitizer-coverage-pc-table \
    -Cllvm-args=-sanitizer-coverage-trace-compares \
    --cfg fuzzing -Zsanitizer=address -Cdebug-assertions -Coverflow-checks";

/// Runs `cargo xtask fuzz`.
pub fn run(args: &[String]) -> Result<()> {
    let mut runs: Option<u64> = None;
    let mut time: Option<u64> = None;
    let mut targets: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => runs = it.next().and_then(|v| v.parse().ok()),
            "--time" => time = it.next().and_then(|v| v.parse().ok()),
            s if s.starts_with('-') => bail!("fuzz: unknown option {s:?}"),
            s if TARGETS.contains(&s) => targets.push(s.to_string()),
            s => bail!("fuzz: no target {s:?} (targets: {})", TARGETS.join(", ")),
        }
    }
    if targets.is_empty() {
        targets = TARGETS.iter().map(|s| s.to_string()).collect();
    }
    if runs.is_none() && time.is_none() {
        runs = Some(100_000);
    }
    if !crate::asan::nightly_available() {
        println!("fuzz: skipped: no nightly toolchain (`rustup toolchain install nightly`)");
        return Ok(());
    }
    let root = repo_root();
    let fuzz_dir = root.join("fuzz");
    let tdir = target_dir().join("fuzz");
    let mut cmd = Command::new("rustup");
    cmd.current_dir(&fuzz_dir)
        .args([
            "run",
            "nightly",
            "cargo",
            "build",
            "--release",
            "--target",
            TRIPLE,
        ])
        .env("CARGO_TARGET_DIR", &tdir)
        .env("RUSTFLAGS", RUSTFLAGS);
    for t in &targets {
        cmd.args(["--bin", t]);
    }
    println!("$ {}", show_cmd(&cmd));
    run_cmd(&mut cmd)?;
    for t in &targets {
        let corpus = fuzz_dir.join("corpus").join(t);
        let artifacts = fuzz_dir.join("artifacts").join(t);
        std::fs::create_dir_all(&corpus)?;
        std::fs::create_dir_all(&artifacts)?;
        let bin = tdir.join(TRIPLE).join("release").join(t);
        let mut c = Command::new(&bin);
        c.env("ASAN_OPTIONS", crate::asan::ASAN_OPTIONS)
            .arg(format!("-artifact_prefix={}/", artifacts.display()))
            .arg("-max_len=256")
            .arg("-print_final_stats=1");
        if let Some(n) = runs {
            c.arg(format!("-runs={n}"));
        }
        if let Some(s) = time {
            c.arg(format!("-max_total_time={s}"));
        }
        c.arg(&corpus);
        let start = Instant::now();
        let limit = std::time::Duration::from_secs(time.unwrap_or(3600) + 600);
        let out = capture_with_timeout(&mut c, limit)?;
        let execs = out
            .stderr
            .lines()
            .find_map(|l| l.strip_prefix("stat::number_of_executed_units:"))
            .map(|v| v.trim().to_string())
            .unwrap_or_else(|| "?".into());
        println!(
            "fuzz: {t}: {execs} executions in {}, {}",
            secs(start.elapsed()),
            if out.end.success() {
                "no crash"
            } else {
                "FAILED"
            }
        );
        if !out.end.success() {
            let tail: Vec<&str> = out.stderr.lines().rev().take(40).collect();
            for l in tail.into_iter().rev() {
                println!("  {l}");
            }
            bail!(
                "fuzz: {t} found a failure ({}); the input is in fuzz/artifacts/{t}/",
                out.end
            );
        }
    }
    Ok(())
}
