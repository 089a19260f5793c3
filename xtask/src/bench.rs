//! `cargo xtask bench [--no-build] [--iters N] [--rounds R] [--runs N]
//! [--instructions] [NAME...]`: the side-by-side C and Python benchmarks
//! of DESIGN §7.
//!
//! Each `benches/c/NAME.c` is compiled with `-O2` four times: against
//! CPython 3.12's static `libpython3.12.a` (from its `config-3.12-*`
//! directory) and Ophis's `libophis.a`, both linked into the program, and
//! against the two shared libraries (CPython's
//! `libpython3.12.so.1.0` as `python3.12-config --embed` links it, Ophis's
//! `libophis.so`). The four binaries of a program run alternately, round
//! after round (3 rounds by default), and the minimum of each figure per
//! binary is kept.
//!
//! Two markdown tables follow, each naming the libraries of its columns:
//! the static one first (the fair comparison: pyenv's shared libpython is
//! built with semantic interposition, so every internal call of CPython goes
//! through the PLT), then the shared one, each with the ratio Ophis/CPython.
//!
//! Programs print lines `name key=value` ([`parse_results`]): `ns_per_op`,
//! `sys_ns_per_op` (system CPU time per operation, the threaded benches),
//! `bytes_per_instance` (with `instances=N`, memory benches) and
//! `allocs_per_op`. They run with `PYTHONHASHSEED=0` (the same hash key on
//! both runtimes, so dict layouts do not change from run to run). `--iters
//! N` is passed to the programs as their first argument (bench.h:
//! `prog [iterations [repetitions]]`).
//!
//! `--instructions` adds instructions per operation to the static table:
//! each static program built on `bench.h` runs once more under
//! `valgrind --tool=callgrind --toggle-collect=bench_loop*`, which counts
//! the instructions of the warm-up and timed operations only (bench.h runs
//! them through its out-of-line `bench_loop`), not start-up, setup or
//! teardown. (`perf stat -e instructions` would be faster, but the
//! machines this runs on expose no hardware counters.)
//!
//! A third table gives the call floor (`benches/floor/`): the two dispatch
//! shapes of the hot paths with no runtime at all, the library half built
//! once as a shared library and once into the program. It runs when no
//! names are given or when `call_floor` is named.
//!
//! After the C tables and the call floor come the Python-level benchmarks
//! of `benches/py/` ([`crate::pybench`]): each program on the four
//! runtimes, seconds per run, the ratio and the geometric mean of the
//! ratios, static table first. `cargo xtask bench py` runs only those, a
//! name of `benches/py` (`nbody` or `nbody.py`) only that program; `--runs
//! N` sets the timed runs per invocation of the runner (default 3).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::bail;
use crate::cpython::{self, CPython};
use crate::ctest::{gcc_command, select_sources, variant_flags, Variant};
use crate::dist::{self, Dist};
use crate::pybench;
use crate::util::{
    capture, capture_with_timeout, par_map, rel, repo_root, show_cmd, target_dir, which, Error,
    Result,
};

/// The variants in the order they run within a round, which is also the
/// order of the slots of [`Best`]: the static pair, then the shared pair.
pub const VARIANTS: [Variant; 4] = [
    Variant::CPythonStatic,
    Variant::OphisStatic,
    Variant::CPython,
    Variant::OphisShared,
];

/// Operations per timed repetition under callgrind (`--instructions`).
pub const INSTR_ITERS: u64 = 100_000;

/// What a figure measures, from the key of its `key=value` word.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Unit {
    /// `ns_per_op`: wall-clock nanoseconds per operation.
    Ns,
    /// `sys_ns_per_op`: system CPU nanoseconds per operation.
    SysNs,
    /// `bytes_per_instance`, with the number of instances when the line
    /// gives one (`instances=N`).
    Bytes(Option<u64>),
    /// `allocs_per_op`: heap allocations per operation.
    Allocs,
}

/// One figure a bench program printed.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// The first word of the line (the bench's name).
    pub name: String,
    /// What the value is.
    pub unit: Unit,
    /// The value.
    pub value: f64,
}

impl Measure {
    /// The row label: the name for ns/op, otherwise the name and the unit
    /// (`instance_bytes (bytes/instance, 100000 instances)`,
    /// `gil16_allow_threads (sys ns/op)`, `x (allocs/op)`).
    pub fn label(&self) -> String {
        let name = &self.name;
        match self.unit {
            Unit::Ns => name.clone(),
            Unit::SysNs => format!("{name} (sys ns/op)"),
            Unit::Bytes(Some(n)) => format!("{name} (bytes/instance, {n} instances)"),
            Unit::Bytes(None) => format!("{name} (bytes/instance)"),
            Unit::Allocs => format!("{name} (allocs/op)"),
        }
    }
}

/// Parses the figures of a program's output: on each line the first word
/// is the name, and every `ns_per_op=X`, `sys_ns_per_op=X`,
/// `bytes_per_instance=X` (qualified by an `instances=N` on the same line)
/// or `allocs_per_op=X` word gives one [`Measure`]; other lines and words
/// are ignored.
pub fn parse_results(out: &str) -> Vec<Measure> {
    let mut found = Vec::new();
    for line in out.lines() {
        let mut words = line.split_whitespace();
        let Some(name) = words.next() else { continue };
        let words: Vec<&str> = words.collect();
        let instances = words
            .iter()
            .find_map(|w| w.strip_prefix("instances="))
            .and_then(|n| n.parse::<u64>().ok());
        for w in &words {
            let Some((key, v)) = w.split_once('=') else {
                continue;
            };
            let unit = match key {
                "ns_per_op" => Unit::Ns,
                "sys_ns_per_op" => Unit::SysNs,
                "bytes_per_instance" => Unit::Bytes(instances),
                "allocs_per_op" => Unit::Allocs,
                _ => continue,
            };
            if let Ok(value) = v.parse::<f64>() {
                found.push(Measure {
                    name: name.to_string(),
                    unit,
                    value,
                });
            }
        }
    }
    found
}

/// Minima per row label, one slot per variant of [`VARIANTS`].
pub type Best = BTreeMap<String, [Option<f64>; 4]>;

/// One row of a comparison table: the label, CPython's figure, Ophis's.
pub type Row = (String, Option<f64>, Option<f64>);

/// Instructions per operation of a row: CPython's, Ophis's.
pub type Instr = BTreeMap<String, (Option<f64>, Option<f64>)>;

/// Renders one comparison table in markdown: the heading line naming the
/// libraries, then label, CPython, Ophis and the ratio Ophis/CPython per
/// row; with `instr`, three more columns of instructions per operation.
pub fn table(heading: &str, cols: [&str; 2], rows: &[Row], instr: Option<&Instr>) -> String {
    let mut s = format!(
        "{heading}\n\n| bench (ns/op unless named) | {} | {} | ratio |",
        cols[0], cols[1]
    );
    if instr.is_some() {
        s.push_str(" CPython instr/op | Ophis instr/op | instr ratio |");
    }
    s.push_str("\n|---|---:|---:|---:|");
    if instr.is_some() {
        s.push_str("---:|---:|---:|");
    }
    s.push('\n');
    let f = |v: Option<f64>, prec: usize| {
        v.map(|x| format!("{x:.prec$}"))
            .unwrap_or_else(|| "-".into())
    };
    let ratio = |c: Option<f64>, o: Option<f64>| match (c, o) {
        (Some(c), Some(o)) if c > 0.0 => format!("{:.2}", o / c),
        _ => "-".into(),
    };
    for (name, c, o) in rows {
        s.push_str(&format!(
            "| {name} | {} | {} | {} |",
            f(*c, 2),
            f(*o, 2),
            ratio(*c, *o)
        ));
        if let Some(instr) = instr {
            let (ic, io) = instr.get(name).copied().unwrap_or((None, None));
            s.push_str(&format!(
                " {} | {} | {} |",
                f(ic, 1),
                f(io, 1),
                ratio(ic, io)
            ));
        }
        s.push('\n');
    }
    s
}

/// Parsed command line of `cargo xtask bench`.
#[derive(Debug, Default)]
pub struct Opts {
    /// `--no-build`: use `target/dist` as it is.
    pub no_build: bool,
    /// `--iters N`, passed to every program.
    pub iters: Option<String>,
    /// `--rounds R` (default 3).
    pub rounds: usize,
    /// `--instructions`: count instructions per operation (callgrind).
    pub instructions: bool,
    /// `--runs N`: timed runs per invocation of the benches/py runner.
    pub runs: Option<u32>,
    /// The benches named (all when empty).
    pub names: Vec<String>,
}

/// Parses the arguments of `cargo xtask bench`.
pub fn parse_args(args: &[String]) -> Result<Opts> {
    let mut o = Opts {
        rounds: 3,
        ..Opts::default()
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--no-build" => o.no_build = true,
            "--instructions" => o.instructions = true,
            "--iters" => {
                let n = it
                    .next()
                    .ok_or_else(|| Error("--iters needs a number".into()))?;
                if n.parse::<u64>().is_err() {
                    bail!("--iters: {n:?} is not a number");
                }
                o.iters = Some(n.clone());
            }
            "--runs" => {
                o.runs = Some(
                    it.next()
                        .and_then(|r| r.parse().ok())
                        .filter(|r| *r > 0)
                        .ok_or_else(|| Error("--runs needs a positive number".into()))?,
                );
            }
            "--rounds" => {
                o.rounds = it
                    .next()
                    .and_then(|r| r.parse().ok())
                    .filter(|r| *r > 0)
                    .ok_or_else(|| Error("--rounds needs a positive number".into()))?;
            }
            s if s.starts_with('-') => bail!("bench: unknown option {s}"),
            s => o.names.push(s.trim_end_matches(".c").to_string()),
        }
    }
    Ok(o)
}

/// Whether `src` includes `bench.h`, directly or through another header of
/// its directory (the `dw_*` benches go through `dict_watch.h`): only those
/// programs run their operations through `bench_loop`.
pub fn uses_bench_h(src: &Path) -> bool {
    fn walk(p: &Path, depth: usize) -> bool {
        let Ok(text) = std::fs::read_to_string(p) else {
            return false;
        };
        text.lines().any(|l| {
            let Some(rest) = l.trim_start().strip_prefix("#include") else {
                return false;
            };
            let Some(inc) = rest
                .trim()
                .strip_prefix('"')
                .and_then(|r| r.split('"').next())
            else {
                return false;
            };
            inc == "bench.h"
                || (depth < 4 && p.parent().is_some_and(|d| walk(&d.join(inc), depth + 1)))
        })
    }
    walk(src, 0)
}

/// Instructions per operation from callgrind's summary on stderr
/// (`==pid== Collected : N`), for a run of `prog iters 1`, which executes
/// `iters / 10 + 1 + iters` operations inside `bench_loop`. `None` when
/// nothing was collected.
pub fn instr_per_op(stderr: &str, iters: u64) -> Option<f64> {
    let collected: u64 = stderr.lines().find_map(|l| {
        let (_, rest) = l.split_once("Collected :")?;
        rest.trim().parse().ok()
    })?;
    let ops = iters / 10 + 1 + iters;
    (collected > 0).then(|| collected as f64 / ops as f64)
}

/// The command running one bench binary of variant `v`, with the
/// environment every run gets.
pub fn bench_command(program: &Path, v: Variant, py: Option<&CPython>) -> Command {
    let mut cmd = Command::new(program);
    // one hash key for every run of both runtimes, so that table layouts
    // (and so probe lengths) do not vary by run
    cmd.env("PYTHONHASHSEED", "0");
    if let (Variant::CPython | Variant::CPythonStatic, Some(p)) = (v, py) {
        cmd.env("PYTHONHOME", &p.prefix);
    }
    cmd
}

/// Slot of a variant in [`Best`].
fn slot(v: Variant) -> usize {
    VARIANTS.iter().position(|x| *x == v).unwrap_or(1)
}

/// Runs `cargo xtask bench`.
pub fn run(args: &[String]) -> Result<()> {
    let o = parse_args(args)?;
    if !o.no_build {
        dist::run()?;
    }
    let dist = Dist::require()?;
    let py = cpython::locate()?;
    let dir = repo_root().join("benches/c");
    let sel = select(&o.names, &pybench::programs(&pybench::dir())?);
    let benches = if o.names.is_empty() || !sel.c.is_empty() {
        select_sources(&dir, &sel.c)?
    } else {
        Vec::new()
    };
    if benches.is_empty() && !sel.c.is_empty() {
        bail!("bench: no benchmarks in {}", rel(&dir));
    }
    let cpython_a = py.as_ref().and_then(CPython::static_lib);
    let variants: Vec<Variant> = VARIANTS
        .into_iter()
        .filter(|v| match v {
            Variant::CPython => py.is_some(),
            Variant::CPythonStatic => cpython_a.is_some(),
            _ => true,
        })
        .collect();
    match (&py, &cpython_a) {
        (Some(p), Some(a)) => println!(
            "bench: CPython 3.12 at {} (static: {})",
            p.prefix.display(),
            a.display()
        ),
        (Some(p), None) => println!(
            "bench: CPython 3.12 at {}, without libpython3.12.a: no static CPython column",
            p.prefix.display()
        ),
        (None, _) => println!("bench: CPython 3.12 not found; measuring Ophis only"),
    }
    if o.instructions && which("valgrind").is_none() {
        bail!("bench: --instructions needs valgrind on PATH");
    }
    let out_dir = target_dir().join("bench");
    let bin = |v: Variant, name: &str| out_dir.join(v.label()).join(name);
    let mut jobs = Vec::new();
    for (name, src) in &benches {
        for &v in &variants {
            let (mut pre, post) = variant_flags(v, &dist, py.as_ref())?;
            pre.push("-O2".into());
            jobs.push((name.clone(), v, src.clone(), bin(v, name), pre, post));
        }
    }
    if !jobs.is_empty() {
        println!("bench: compiling {} programs with -O2 (2 jobs)", jobs.len());
    }
    let results = par_map(
        &jobs,
        2,
        |(_, _, src, bin, pre, post)| -> Result<(), String> {
            if let Some(p) = bin.parent() {
                std::fs::create_dir_all(p).map_err(|e| e.to_string())?;
            }
            let mut cmd = gcc_command(src, bin, pre, post, &dir);
            match capture(&mut cmd) {
                Ok(c) if c.end.success() => Ok(()),
                Ok(c) => Err(format!("$ {}\n{}", show_cmd(&cmd), c.stderr.trim_end())),
                Err(e) => Err(e.0),
            }
        },
    );
    let mut errors = Vec::new();
    for ((name, v, ..), r) in jobs.iter().zip(&results) {
        if let Err(e) = r {
            errors.push(format!("{name} [{}] does not compile:\n{e}", v.label()));
        }
    }
    if !errors.is_empty() {
        bail!("bench:\n{}", errors.join("\n"));
    }

    let mut best = Best::new();
    // the ns/op rows each program printed, for the instruction counts
    let mut ns_rows: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, _) in &benches {
        for round in 1..=o.rounds {
            for &v in &variants {
                let mut cmd = bench_command(&bin(v, name), v, py.as_ref());
                if let Some(n) = &o.iters {
                    cmd.arg(n);
                }
                let c = capture_with_timeout(&mut cmd, Duration::from_secs(600))?;
                if !c.end.success() {
                    errors.push(format!(
                        "{name} [{}] round {round}: {}\n{}",
                        v.label(),
                        c.end,
                        c.stderr.trim_end()
                    ));
                    continue;
                }
                let parsed = parse_results(&c.stdout);
                if parsed.is_empty() {
                    errors.push(format!(
                        "{name} [{}]: printed no `name ns_per_op=X` (or other figure) line",
                        v.label()
                    ));
                }
                for m in parsed {
                    let label = m.label();
                    println!("  {label} [{}] round {round}: {:.2}", v.label(), m.value);
                    if m.unit == Unit::Ns {
                        let rows = ns_rows.entry(name.clone()).or_default();
                        if !rows.contains(&label) {
                            rows.push(label.clone());
                        }
                    }
                    let e = &mut best.entry(label).or_default()[slot(v)];
                    *e = Some(e.map_or(m.value, |b: f64| b.min(m.value)));
                }
            }
        }
    }

    let instr = if o.instructions {
        Some(instructions(
            &benches,
            &variants,
            &ns_rows,
            &bin,
            py.as_ref(),
            &mut errors,
        )?)
    } else {
        None
    };
    let floor_rows = if sel.floor {
        floor(o.rounds)?
    } else {
        Vec::new()
    };

    if !benches.is_empty() {
        c_tables(
            &o,
            &best,
            instr.as_ref(),
            &dist,
            py.as_ref(),
            cpython_a.clone(),
        );
    }
    if !floor_rows.is_empty() {
        println!();
        print!("{}", floor_table(&floor_rows));
    }
    if !sel.py.is_empty() {
        println!();
        pybench::run(
            &sel.py,
            &variants,
            &dist,
            py.as_ref(),
            o.rounds,
            o.runs.unwrap_or(pybench::DEFAULT_RUNS),
            &mut errors,
        )?;
    }
    if !errors.is_empty() {
        bail!("bench:\n{}", errors.join("\n"));
    }
    Ok(())
}

/// Which benchmarks a command line names: C programs (`benches/c`), the
/// call floor, Python programs (`benches/py`).
#[derive(Debug, Default, PartialEq)]
pub struct Selection {
    /// Names of `benches/c` programs (all when nothing at all is named).
    pub c: Vec<String>,
    /// Whether the call floor runs.
    pub floor: bool,
    /// The `benches/py` programs to run.
    pub py: Vec<(String, PathBuf)>,
}

/// Splits the names of the command line among the three kinds of
/// benchmarks: `py` means every `benches/py` program, a name of
/// `py_programs` (with or without `.py`) that program, `call_floor` the
/// floor, anything else a C program. No names means all three.
pub fn select(names: &[String], py_programs: &[(String, PathBuf)]) -> Selection {
    if names.is_empty() {
        return Selection {
            c: Vec::new(),
            floor: true,
            py: py_programs.to_vec(),
        };
    }
    let mut sel = Selection::default();
    for n in names {
        let stem = n.trim_end_matches(".py");
        if n == "py" {
            for p in py_programs {
                if !sel.py.contains(p) {
                    sel.py.push(p.clone());
                }
            }
        } else if let Some(p) = py_programs.iter().find(|(s, _)| s == stem) {
            if !sel.py.contains(p) {
                sel.py.push(p.clone());
            }
        } else if n == "call_floor" {
            sel.floor = true;
        } else {
            sel.c.push(n.clone());
        }
    }
    sel
}

/// Prints the two tables of the C benchmarks.
fn c_tables(
    o: &Opts,
    best: &Best,
    instr: Option<&Instr>,
    dist: &Dist,
    py: Option<&CPython>,
    cpython_a: Option<PathBuf>,
) {
    let pick = |a: usize, b: usize| -> Vec<Row> {
        best.iter().map(|(k, s)| (k.clone(), s[a], s[b])).collect()
    };
    let (ophis_a, ophis_so) = (&dist.a, &dist.so);
    let shown = |p: Option<PathBuf>| {
        p.map(|p| format!("`{}`", p.display()))
            .unwrap_or_else(|| "not found".into())
    };
    println!();
    print!(
        "{}",
        table(
            &format!(
                "**Static**, both runtimes linked into the program: CPython = {}, Ophis = `{}`. \
                 Minimum over {} rounds.",
                shown(cpython_a.clone()),
                ophis_a.display(),
                o.rounds
            ),
            [
                "CPython static (libpython3.12.a)",
                "Ophis static (libophis.a)"
            ],
            &pick(0, 1),
            instr,
        )
    );
    println!();
    print!(
        "{}",
        table(
            &format!(
                "**Shared libraries**: CPython = {}, Ophis = `{}`. Minimum over {} rounds.",
                shown(py.map(CPython::libpython)),
                ophis_so.display(),
                o.rounds
            ),
            [
                "CPython shared (libpython3.12.so)",
                "Ophis shared (libophis.so)"
            ],
            &pick(2, 3),
            None,
        )
    );
}

/// Runs the static binaries of the programs built on `bench.h` under
/// callgrind (`prog INSTR_ITERS 1`) and returns instructions per operation
/// per ns/op row. A failed run is added to `errors`.
fn instructions(
    benches: &[(String, PathBuf)],
    variants: &[Variant],
    ns_rows: &BTreeMap<String, Vec<String>>,
    bin: &dyn Fn(Variant, &str) -> PathBuf,
    py: Option<&CPython>,
    errors: &mut Vec<String>,
) -> Result<Instr> {
    let mut instr = Instr::new();
    let counted: Vec<&(String, PathBuf)> = benches
        .iter()
        .filter(|(_, src)| uses_bench_h(src))
        .collect();
    println!(
        "bench: instructions per operation under callgrind, {} programs x 2 static builds",
        counted.len()
    );
    for (name, _) in counted {
        for &v in variants {
            if !matches!(v, Variant::CPythonStatic | Variant::OphisStatic) {
                continue;
            }
            let mut cmd = Command::new("valgrind");
            cmd.args([
                "--tool=callgrind",
                "--callgrind-out-file=/dev/null",
                "--toggle-collect=bench_loop*",
            ]);
            let run = bench_command(&bin(v, name), v, py);
            cmd.arg(run.get_program())
                .arg(INSTR_ITERS.to_string())
                .arg("1");
            for (k, val) in run.get_envs() {
                if let Some(val) = val {
                    cmd.env(k, val);
                }
            }
            let c = capture_with_timeout(&mut cmd, Duration::from_secs(1200))?;
            if !c.end.success() {
                errors.push(format!(
                    "{name} [{}] under callgrind: {}\n{}",
                    v.label(),
                    c.end,
                    c.stderr.trim_end()
                ));
                continue;
            }
            let Some(per_op) = instr_per_op(&c.stderr, INSTR_ITERS) else {
                errors.push(format!(
                    "{name} [{}]: callgrind collected nothing in bench_loop",
                    v.label()
                ));
                continue;
            };
            println!("  {name} [{}]: {per_op:.1} instructions/op", v.label());
            for row in ns_rows.get(name).into_iter().flatten() {
                let e = instr.entry(row.clone()).or_default();
                if v == Variant::CPythonStatic {
                    e.0 = Some(per_op);
                } else {
                    e.1 = Some(per_op);
                }
            }
        }
    }
    Ok(instr)
}

/// One row of the floor table: the shape, then its minimum with the
/// library shared and with it in the program.
pub type FloorRow = (String, f64, f64);

/// Renders the call-floor table.
pub fn floor_table(rows: &[FloorRow]) -> String {
    let mut s = String::from(
        "Call floor (benches/floor: the dispatch alone, no runtime)\n\n\
         | shape (ns/op) | library shared | library in the program | price of sharing |\n\
         |---|---:|---:|---:|\n",
    );
    for (name, shared, same) in rows {
        s.push_str(&format!(
            "| {name} | {shared:.2} | {same:.2} | {:.2} |\n",
            shared - same
        ));
    }
    s
}

/// Builds and runs the call-floor program (`benches/floor/`) both ways,
/// `rounds` times alternately; returns the minima per shape.
fn floor(rounds: usize) -> Result<Vec<FloorRow>> {
    let src = repo_root().join("benches/floor");
    let out = target_dir().join("bench/floor");
    std::fs::create_dir_all(&out).map_err(|e| crate::util::Error(e.to_string()))?;
    let (main, lib) = (src.join("floor.c"), src.join("floor_lib.c"));
    let shared_bin = out.join("call_floor_shared");
    let same_bin = out.join("call_floor_same");
    let gcc = |args: &[String]| {
        let mut c = Command::new("gcc");
        c.args(["-O2", "-Wall"])
            .arg(format!("-I{}", src.display()))
            .args(args);
        c
    };
    let p = |p: &std::path::Path| p.display().to_string();
    let steps = [
        gcc(&[
            "-fPIC".into(),
            "-shared".into(),
            "-o".into(),
            p(&out.join("libophisfloor.so")),
            p(&lib),
        ]),
        gcc(&[
            "-o".into(),
            p(&shared_bin),
            p(&main),
            format!("-L{}", out.display()),
            "-lophisfloor".into(),
            format!("-Wl,-rpath,{}", out.display()),
        ]),
        gcc(&["-o".into(), p(&same_bin), p(&main), p(&lib)]),
    ];
    for mut cmd in steps {
        let c = capture(&mut cmd)?;
        if !c.end.success() {
            bail!("bench: $ {}\n{}", show_cmd(&cmd), c.stderr.trim_end());
        }
    }
    println!("bench: call floor (benches/floor), {rounds} rounds");
    let mut best: BTreeMap<String, [Option<f64>; 2]> = BTreeMap::new();
    for round in 1..=rounds {
        for (i, bin) in [&shared_bin, &same_bin].into_iter().enumerate() {
            let c = capture_with_timeout(&mut Command::new(bin), Duration::from_secs(600))?;
            if !c.end.success() {
                bail!(
                    "bench: {} round {round}: {}\n{}",
                    rel(bin),
                    c.end,
                    c.stderr.trim_end()
                );
            }
            for Measure {
                name, value: ns, ..
            } in parse_results(&c.stdout)
            {
                let how = ["shared", "same binary"][i];
                println!("  {name} [{how}] round {round}: {ns:.2}");
                let slot = &mut best.entry(name).or_default()[i];
                *slot = Some(slot.map_or(ns, |b: f64| b.min(ns)));
            }
        }
    }
    let rows: Vec<FloorRow> = best
        .into_iter()
        .filter_map(|(k, [a, b])| Some((k, a?, b?)))
        .collect();
    if rows.is_empty() {
        bail!("bench: the call-floor program printed no `name ns_per_op=X` line");
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_split_among_c_floor_and_py() {
        let py: Vec<(String, PathBuf)> = ["nbody", "richards"]
            .iter()
            .map(|n| (n.to_string(), PathBuf::from(format!("{n}.py"))))
            .collect();
        let all = select(&[], &py);
        assert!(all.c.is_empty() && all.floor && all.py == py);
        let only_py = select(&["py".into()], &py);
        assert!(only_py.c.is_empty() && !only_py.floor && only_py.py == py);
        let mixed = select(
            &[
                "nbody.py".into(),
                "dict_getitem".into(),
                "call_floor".into(),
                "nbody".into(),
            ],
            &py,
        );
        assert_eq!(mixed.c, vec!["dict_getitem".to_string()]);
        assert!(mixed.floor);
        assert_eq!(mixed.py, vec![py[0].clone()]);
        let opts = parse_args(&["--runs".into(), "5".into(), "py".into()]).unwrap();
        assert_eq!((opts.runs, opts.names), (Some(5), vec!["py".to_string()]));
        assert!(parse_args(&["--runs".into(), "0".into()]).is_err());
    }

    #[test]
    fn results() {
        let r = parse_results("dict_setitem ns_per_op=15.25\nnoise\nlong_new ns_per_op=3\n");
        let got: Vec<(String, f64)> = r.iter().map(|m| (m.label(), m.value)).collect();
        assert_eq!(
            got,
            vec![("dict_setitem".into(), 15.25), ("long_new".into(), 3.0)]
        );
        let m = parse_results("instance_bytes bytes_per_instance=96\n");
        assert_eq!(m[0].label(), "instance_bytes (bytes/instance)");
        let m = parse_results("instance_bytes bytes_per_instance=64 instances=100000\n");
        assert_eq!(
            m[0].label(),
            "instance_bytes (bytes/instance, 100000 instances)"
        );
        assert_eq!(m[0].value, 64.0);
        let a = parse_results("x allocs_per_op=0.00\n");
        assert_eq!(a[0].label(), "x (allocs/op)");
        let g = parse_results("gil16 ns_per_op=100.5\ngil16 sys_ns_per_op=20\n");
        assert_eq!(g[0].label(), "gil16");
        assert_eq!(g[1].label(), "gil16 (sys ns/op)");
        assert_eq!(g[1].unit, Unit::SysNs);
    }

    #[test]
    fn tables() {
        let rows = [
            ("a".into(), Some(10.0), Some(5.0)),
            ("b".into(), None, Some(1.0)),
        ];
        let t = table(
            "**Static**",
            ["CPython static", "Ophis static"],
            &rows,
            None,
        );
        assert!(t.starts_with(
            "**Static**\n\n| bench (ns/op unless named) | CPython static | Ophis static | ratio |\n|---|---:|---:|---:|\n"
        ));
        assert!(t.contains("| a | 10.00 | 5.00 | 0.50 |\n"));
        assert!(t.contains("| b | - | 1.00 | - |\n"));
        let mut instr = Instr::new();
        instr.insert("a".into(), (Some(40.0), Some(30.0)));
        let t = table("h", ["C", "O"], &rows, Some(&instr));
        assert!(t.contains("| ratio | CPython instr/op | Ophis instr/op | instr ratio |\n"));
        assert!(t.contains("|---|---:|---:|---:|---:|---:|---:|\n"));
        assert!(t.contains("| a | 10.00 | 5.00 | 0.50 | 40.0 | 30.0 | 0.75 |\n"));
        assert!(t.contains("| b | - | 1.00 | - | - | - | - |\n"));
        let f = floor_table(&[("call_floor_vectorcall".into(), 4.5, 2.5)]);
        assert!(f.contains("| call_floor_vectorcall | 4.50 | 2.50 | 2.00 |"));
    }

    #[test]
    fn args_and_callgrind() {
        let o = parse_args(&["--instructions".into(), "vc_method.c".into()]).unwrap();
        assert!(o.instructions && !o.no_build);
        assert_eq!((o.rounds, o.names), (3, vec!["vc_method".to_string()]));
        assert!(parse_args(&["--iters".into(), "x".into()]).is_err());
        assert!(parse_args(&["--bogus".into()]).is_err());
        let err = "==1== Events    : Ir\n==1== Collected : 2200002\n==1==\n";
        assert_eq!(instr_per_op(err, 1_000_000), Some(2.0));
        assert_eq!(instr_per_op("==1== Collected : 0\n", 10), None);
        assert_eq!(instr_per_op("nothing\n", 10), None);
        let dir = repo_root().join("benches/c");
        assert!(uses_bench_h(&dir.join("dw_set_1.c")));
        assert!(uses_bench_h(&dir.join("vc_fastcall.c")));
        assert!(!uses_bench_h(&dir.join("instance_bytes.c")));
        assert!(!uses_bench_h(&dir.join("gil_contention.c")));
    }

    #[test]
    fn static_link_flags() {
        let a = Path::new("/py/lib/python3.12/config-3.12-x86_64-linux-gnu/libpython3.12.a");
        let ld: Vec<String> = "-L/py/lib -lpython3.12 -ldl -L/py/lib -Wl,-rpath,/py/lib -lm"
            .split(' ')
            .map(String::from)
            .collect();
        assert_eq!(
            crate::ctest::static_ldflags(&ld, a),
            vec![
                a.display().to_string(),
                "-ldl".into(),
                "-lm".into(),
                "-lpthread".into(),
                "-lutil".into()
            ]
        );
    }
}
