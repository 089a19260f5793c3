//! `cargo xtask asan`: `libophis.a` built with AddressSanitizer (nightly
//! `-Zsanitizer=address`) and the `malloc-objects` allocator option, so
//! every object is its own `malloc` block and overflows or uses after free
//! inside objects are visible; then `tests/c` (C code built with
//! `-fsanitize=address`, outputs compared with the goldens) and the bad-input
//! sweep run against it. Without a nightly toolchain it says so and skips.
//!
//! The instrumented build lives in `<target>/asan` so it never disturbs the
//! release build that `dist` makes.

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
