//! `cargo xtask asan`: `libophis.a` built with AddressSanitizer (nightly
//! `-Zsanitizer=address`) and the `malloc-objects` allocator option, so
//! every object is its own `malloc` block and overflows or uses after free
//! inside objects are visible; then `tests/c` (C code built with
//! `-fsanitize=address`, outputs compared with the goldens) and the bad-input
//! sweep run against it. Without a nightly toolchain it says so and skips.
//!
//! The instrumented build lives in `<target>/asan` so it never disturbs the
//! release build that `dist` makes. `cargo xtask valgrind` (also here) runs
//! the `tests/c` programs `c-test` built under valgrind.

use std::process::Command;
use std::time::Instant;

use crate::bail;
use crate::ctest::{self, Variant};
use crate::dist::Dist;
use crate::util::{capture, rel, repo_root, run as run_cmd, secs, show_cmd, target_dir, Result};

/// The target triple the instrumented library is built for (`--target`
/// keeps build scripts uninstrumented).
const TRIPLE: &str = "x86_64-unknown-linux-gnu";

/// `ASAN_OPTIONS` for every instrumented run: leaks are not judged (the
/// runtime keeps immortal objects, as CPython does), the first error stops
/// the program, and an impossible allocation returns NULL (what the
/// MemoryError paths expect) instead of aborting.
pub const ASAN_OPTIONS: &str =
    "detect_leaks=0:halt_on_error=1:allocator_may_return_null=1:detect_odr_violation=0";

/// The instrumented `libophis.a`.
pub fn library() -> std::path::PathBuf {
    target_dir()
        .join("asan")
        .join(TRIPLE)
        .join("release")
        .join("libophis.a")
}

/// Whether `cargo +nightly` is available.
pub fn nightly_available() -> bool {
    capture(Command::new("rustup").args(["run", "nightly", "rustc", "--version"]))
        .is_ok_and(|c| c.end.success())
}

/// Runs `cargo xtask asan [--no-build]`. `--no-build` reuses the release
/// `dist` (headers, pkg-config files) but always rebuilds the instrumented
/// library, which cargo does incrementally.
pub fn run(args: &[String]) -> Result<()> {
    let mut no_build = false;
    for a in args {
        match a.as_str() {
            "--no-build" => no_build = true,
            s => bail!("asan: unexpected argument {s:?}"),
        }
    }
    if !nightly_available() {
        println!(
            "asan: skipped: no nightly toolchain (`rustup toolchain install nightly`); \
             -Zsanitizer=address needs one"
        );
        return Ok(());
    }
    let dist = if no_build {
        Dist::require()?
    } else {
        crate::dist::run()?
    };
    let t = Instant::now();
    let mut cmd = Command::new("rustup");
    cmd.current_dir(repo_root())
        .args([
            "run",
            "nightly",
            "cargo",
            "build",
            "--release",
            "-p",
            "ophis",
            "--lib",
        ])
        .args(["--features", "malloc-objects", "--target", TRIPLE])
        .env("CARGO_TARGET_DIR", target_dir().join("asan"))
        .env(
            "RUSTFLAGS",
            "-Zsanitizer=address -Cforce-frame-pointers=yes",
        )
        .env(
            format!("CFLAGS_{}", TRIPLE.replace('-', "_")),
            "-fsanitize=address -fno-omit-frame-pointer",
        );
    println!("$ {}", show_cmd(&cmd));
    run_cmd(&mut cmd)?;
    let lib = library();
    if !lib.is_file() {
        bail!("asan: {} was not produced", rel(&lib));
    }
    println!(
        "asan: instrumented library {} ({})",
        rel(&lib),
        secs(t.elapsed())
    );
    let o = ctest::Opts::default();
    ctest::run_variants(&o, &[Variant::OphisAsan], &dist, None)?;
    crate::sweep::run(&["--no-build".to_string(), "--asan".to_string()])
}

/// Runs `cargo xtask valgrind [NAME...]`: every `tests/c` program, as
/// `c-test` built it against the shared library, under `valgrind
/// --error-exitcode` (leaks not judged). Skipped with a message when
/// valgrind is not installed; fails when `c-test` has not built them.
pub fn valgrind(args: &[String]) -> Result<()> {
    if crate::util::which("valgrind").is_none() {
        println!("valgrind: skipped: valgrind is not installed");
        return Ok(());
    }
    let names: Vec<String> = args
        .iter()
        .map(|a| a.trim_end_matches(".c").to_string())
        .collect();
    let tests = ctest::select_sources(&repo_root().join("tests/c"), &names)?;
    let dir = target_dir()
        .join("c-test")
        .join(Variant::OphisShared.label());
    let t = Instant::now();
    let results = crate::util::par_map(&tests, 2, |(name, _)| {
        let bin = dir.join(name);
        if !bin.is_file() {
            return Err(format!(
                "{} is missing: run `cargo xtask c-test` first",
                rel(&bin)
            ));
        }
        let mut cmd = Command::new("valgrind");
        cmd.args(["-q", "--error-exitcode=99", "--leak-check=no"])
            .arg(&bin);
        match crate::util::capture_with_timeout(&mut cmd, std::time::Duration::from_secs(600)) {
            Ok(c) if c.end.success() => Ok(()),
            Ok(c) => Err(format!(
                "{name}: {}\n{}",
                c.end,
                c.stderr
                    .lines()
                    .filter(|l| l.starts_with("=="))
                    .take(30)
                    .collect::<Vec<_>>()
                    .join("\n")
            )),
            Err(e) => Err(format!("{name}: {}", e.0)),
        }
    });
    let failed: Vec<&String> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    for f in &failed {
        println!("FAIL {f}");
    }
    println!(
        "valgrind: {} programs, {} clean, {} with errors ({})",
        tests.len(),
        tests.len() - failed.len(),
        failed.len(),
        secs(t.elapsed())
    );
    if !failed.is_empty() {
        bail!("valgrind: {} programs with memory errors", failed.len());
    }
    Ok(())
}
