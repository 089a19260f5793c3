//! `cargo xtask ci`: every check CI runs, in order, stopping at the first
//! failure, with a one-line summary and the duration of each step.
//!
//! Steps: `cargo fmt --all --check`, `cargo clippy --workspace --all-targets
//! -- -D warnings`, `tidy`, `bridge` (clippy of `ophis-tracing` with its
//! `tracing` feature, then its `bridge` example), `cargo doc --workspace --no-deps` with
//! warnings denied, `cargo nextest run --workspace` (or `cargo test
//! --workspace` when cargo-nextest is missing), `dist`, `abi-check
//! --no-build`, `c-test --no-build`, `py-test --no-build`, `ext-test --no-build`, `sweep
//! --no-build`, `asan --no-build` (which says it is skipped when no nightly
//! toolchain is installed), `valgrind` (skipped likewise without valgrind).
//! The release library is built once, by `dist`; the later steps reuse it.

use std::time::{Duration, Instant};

use crate::bail;
use crate::util::{capture, cargo, run as run_cmd, secs, Result};

type Step = (&'static str, Box<dyn Fn() -> Result<()>>);

fn nextest_available() -> bool {
    capture(cargo().args(["nextest", "--version"])).is_ok_and(|c| c.end.success())
}

/// Runs `cargo xtask ci`.
pub fn run(args: &[String]) -> Result<()> {
    if let Some(a) = args.first() {
        bail!("ci: unexpected argument {a:?}");
    }
    let steps: Vec<Step> = vec![
        (
            "fmt",
            Box::new(|| run_cmd(cargo().args(["fmt", "--all", "--check"]))),
        ),
        (
            "clippy",
            Box::new(|| {
                run_cmd(cargo().args([
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ]))
            }),
        ),
        ("tidy", Box::new(crate::tidy::run)),
        (
            "bridge",
            Box::new(|| {
                // ophis-tracing's `tracing` feature: linted, and its
                // example run (the bridge turns events into spans).
                run_cmd(cargo().args([
                    "clippy",
                    "-p",
                    "ophis-tracing",
                    "--all-targets",
                    "--features",
                    "tracing",
                    "--",
                    "-D",
                    "warnings",
                ]))?;
                run_cmd(cargo().args([
                    "run",
                    "-q",
                    "-p",
                    "ophis-tracing",
                    "--example",
                    "bridge",
                    "--features",
                    "tracing",
                ]))
            }),
        ),
        (
            "doc",
            Box::new(|| {
                run_cmd(cargo().env("RUSTDOCFLAGS", "-D warnings").args([
                    "doc",
                    "--workspace",
                    "--no-deps",
                ]))
            }),
        ),
        (
            "tests",
            Box::new(|| {
                if nextest_available() {
                    run_cmd(cargo().args(["nextest", "run", "--workspace"]))
                } else {
                    println!(
                        "ci: cargo-nextest not found; falling back to `cargo test --workspace`"
                    );
                    run_cmd(cargo().args(["test", "--workspace"]))
                }
            }),
        ),
        ("dist", Box::new(|| crate::dist::run().map(|_| ()))),
        (
            "abi-check",
            Box::new(|| crate::abi::run(&["--no-build".to_string()])),
        ),
        (
            "c-test",
            Box::new(|| crate::ctest::run(&["--no-build".to_string()])),
        ),
        (
            "py-test",
            Box::new(|| crate::pytest::run(&["--no-build".to_string()])),
        ),
        (
            "ext-test",
            Box::new(|| crate::exttest::run(&["--no-build".to_string()])),
        ),
        (
            "sweep",
            Box::new(|| crate::sweep::run(&["--no-build".to_string()])),
        ),
        (
            "asan",
            Box::new(|| crate::asan::run(&["--no-build".to_string()])),
        ),
        ("valgrind", Box::new(|| crate::asan::valgrind(&[]))),
    ];
    let total = Instant::now();
    let mut done: Vec<(&str, Duration, bool)> = Vec::new();
    let n = steps.len();
    for (i, (name, f)) in steps.iter().enumerate() {
        println!("\nci: [{}/{n}] {name}", i + 1);
        let t = Instant::now();
        let r = f();
        let d = t.elapsed();
        done.push((name, d, r.is_ok()));
        println!(
            "ci: [{}/{n}] {name}: {} in {}",
            i + 1,
            if r.is_ok() { "ok" } else { "FAILED" },
            secs(d)
        );
        if let Err(e) = r {
            summary(&done, n, total.elapsed());
            bail!("ci: step `{name}` failed: {e}");
        }
    }
    summary(&done, n, total.elapsed());
    Ok(())
}

fn summary(done: &[(&str, Duration, bool)], n: usize, total: Duration) {
    println!("\nci: summary");
    for (name, d, ok) in done {
        println!(
            "  {:<4} {name:<10} {:>9}",
            if *ok { "ok" } else { "FAIL" },
            secs(*d)
        );
    }
    if done.len() < n {
        println!("  ({} later step(s) not run)", n - done.len());
    }
    println!("  total {}", secs(total));
    let passed = done.iter().filter(|d| d.2).count();
    println!("ci: {passed} passed, {} failed", done.len() - passed);
}
