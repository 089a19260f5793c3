//! `cargo xtask <command>`: Ophis's automation (DESIGN §3, §5–§8).
//!
//! Commands: `dist`, `c-test`, `py-test`, `ext-test`, `abi-check`, `abi-entry`, `bench`,
//! `demo`, `codecmp`, `sweep`, `asan`, `valgrind`, `fuzz`, `tidy`, `ci`. Each
//! prints what it does and fails with a message and a
//! non-zero exit status. Only `std`, plus `toml`/`serde` for the manifest.

#![forbid(unsafe_code)]

mod abi;
mod abi_entry;
mod asan;
mod bench;
mod ci;
mod codecmp;
mod cparse;
mod cpython;
mod ctest;
mod demo;
mod dist;
mod exttest;
mod fuzz;
mod manifest;
mod pybench;
mod pytest;
mod sweep;
mod textdiff;
mod tidy;
mod util;

use std::process::ExitCode;

const HELP: &str = "\
usage: cargo xtask <command> [args]

commands:
  dist                       build the release library and write target/dist/
  c-test [--bless] [--no-build] [NAME...]
                             differential C tests (tests/c) on Ophis shared,
                             Ophis static and CPython 3.12
  py-test [--bless] [--no-build] [NAME...]
                             differential Python programs (tests/py) run by
                             tests/py/runner.c on the same three runtimes
  ext-test [--bless] [--no-build] [NAME...]
                             real clients (tests/ext): binary wheels from
                             PyPI driven from C on Ophis and CPython 3.12
  abi-check [--no-build] [--bless] [--only N,M] [--so PATH] [--a PATH]
                             check exports, headers, prototypes, constants,
                             layouts and the drop-in run against abi/manifest.toml
  abi-entry NAME...          print manifest entries derived from CPython 3.12
                             (functions, data, constants, PREFIX*, Struct,
                             Struct:field,field)
  bench [--no-build] [--iters N] [--rounds R] [--runs N] [--instructions] [NAME...]
                             benches/c, then benches/py, on Ophis and CPython
                             3.12, side by side: static libraries first, then
                             shared ones; --instructions adds instructions/op
                             (callgrind); `bench py` runs only benches/py
  demo [--no-build]          build dist, compile and run examples/tour.c
  codecmp [--all] [--no-build] [--quiet] [PATH...]
                             compile a corpus (default: CPython 3.12.1's Lib/)
                             with ophis-compiler and CPython, compare every
                             code object, report identical files and timings
  sweep [--no-build] [--cpython] [-v] [NAME...]
                             call every export with NULL and wrong-typed
                             arguments, each in a forked child; fail on
                             crash/abort/hang/broken error convention
  asan [--no-build]          libophis.a with AddressSanitizer (nightly) and
                             objects from malloc; tests/c and the sweep on it
  valgrind [NAME...]         tests/c (as c-test built them) under valgrind
  fuzz [--runs N] [--time S] [TARGET...]
                             the cargo-fuzz targets of fuzz/ (nightly,
                             libFuzzer + ASan) on their corpus
  tidy                       check the repository conventions (DESIGN §8)
  ci                         fmt, clippy, tidy, doc, tests, dist, abi-check,
                             c-test, py-test, ext-test, sweep, asan, valgrind

CPython 3.12 is found through $OPHIS_CPYTHON_PREFIX, `pyenv prefix 3.12.1`,
`pyenv prefix 3.12`, or python3.12-config on PATH.
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first() else {
        eprint!("{HELP}");
        return ExitCode::from(2);
    };
    let rest = &args[1..];
    let no_args = |name: &str| -> util::Result<()> {
        match rest.first() {
            Some(a) => Err(util::Error(format!("{name}: unexpected argument {a:?}"))),
            None => Ok(()),
        }
    };
    let result = match cmd.as_str() {
        "dist" => no_args("dist").and_then(|_| dist::run().map(|_| ())),
        "c-test" => ctest::run(rest),
        "py-test" => pytest::run(rest),
        "ext-test" => exttest::run(rest),
        "abi-check" => abi::run(rest),
        "abi-entry" => abi_entry::run(rest),
        "bench" => bench::run(rest),
        "demo" => demo::run(rest),
        "codecmp" => codecmp::run_cmd(rest),
        "tidy" => no_args("tidy").and_then(|_| tidy::run()),
        "sweep" => sweep::run(rest),
        "asan" => asan::run(rest),
        "valgrind" => asan::valgrind(rest),
        "fuzz" => fuzz::run(rest),
        "ci" => ci::run(rest),
        "help" | "-h" | "--help" => {
            print!("{HELP}");
            Ok(())
        }
        other => Err(util::Error(format!("unknown command {other:?}\n\n{HELP}"))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
