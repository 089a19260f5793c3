//! `cargo xtask bench [--no-build] [--iters N] [--rounds R] [NAME...]`: the
//! side-by-side C benchmarks of DESIGN §7.
//!
//! Each `benches/c/NAME.c` is compiled with `-O2` against Ophis (the shared
//! and the static library from `target/dist`) and against CPython 3.12
//! (its shared libpython, as `python3.12-config --embed` links it), then the
//! binaries run alternately (3 rounds by default).
//! Every program prints lines `name ns_per_op=X`; the minimum per runtime is
//! kept and a markdown table with the ratio Ophis/CPython is printed.
//! Programs run with `PYTHONHASHSEED=0` (the same hash key on both
//! runtimes, so dict layouts do not change from run to run).
//! `--iters N` is passed to the programs as their first argument (bench.h:
//! `prog [iterations [repetitions]]`).
//!
//! A second table gives the call floor (`benches/floor/`): the two dispatch
//! shapes of the hot paths with no runtime at all, the library half built
//! once as a shared library and once into the program. It runs when no
//! names are given or when `call_floor` is named.

use std::collections::BTreeMap;
use std::process::Command;
use std::time::Duration;

use crate::bail;
use crate::cpython;
use crate::ctest::{gcc_command, select_sources, variant_flags, Variant};
use crate::dist::{self, Dist};
use crate::util::{
    capture, capture_with_timeout, par_map, rel, repo_root, show_cmd, target_dir, Result,
};

/// Parses `name ns_per_op=X` lines, `name bytes_per_instance=X` lines
/// (memory benches), whose rows are named `name (bytes/instance)`, and
/// `name allocs_per_op=X` lines, rows `name (allocs/op)`.
pub fn parse_results(out: &str) -> Vec<(String, f64)> {
    out.lines()
        .filter_map(|l| {
            let mut it = l.split_whitespace();
            let name = it.next()?;
            let (label, v) = it.find_map(|w| {
                if let Some(v) = w.strip_prefix("ns_per_op=") {
                    Some((name.to_string(), v))
                } else {
                    w.strip_prefix("bytes_per_instance=")
                        .map(|v| (format!("{name} (bytes/instance)"), v))
                        .or_else(|| {
                            w.strip_prefix("allocs_per_op=")
                                .map(|v| (format!("{name} (allocs/op)"), v))
                        })
                }
            })?;
            Some((label, v.parse::<f64>().ok()?))
        })
        .collect()
}

/// One row of the table: CPython, Ophis shared, Ophis static.
pub type Row = (String, Option<f64>, Option<f64>, Option<f64>);

/// Renders the markdown table: the ratio Ophis/CPython for the shared
/// library (what `-lophis` links) and for the static one.
pub fn table(rows: &[Row]) -> String {
    let mut s = String::from(
        "| bench (ns/op unless named) | CPython 3.12 | Ophis | ratio | Ophis static | ratio static |\n\
         |---|---:|---:|---:|---:|---:|\n",
    );
    let f = |v: Option<f64>| v.map(|x| format!("{x:.2}")).unwrap_or_else(|| "-".into());
    let ratio = |c: Option<f64>, o: Option<f64>| match (c, o) {
        (Some(c), Some(o)) if c > 0.0 => format!("{:.2}", o / c),
        _ => "-".into(),
    };
    for (name, c, o, st) in rows {
        s.push_str(&format!(
            "| {name} | {} | {} | {} | {} | {} |\n",
            f(*c),
            f(*o),
            ratio(*c, *o),
            f(*st),
            ratio(*c, *st)
        ));
    }
    s
}

/// Runs `cargo xtask bench`.
pub fn run(args: &[String]) -> Result<()> {
    let mut no_build = false;
    let mut iters: Option<String> = None;
    let mut rounds = 3usize;
    let mut names = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--no-build" => no_build = true,
            "--iters" => {
                iters = Some(
                    it.next()
                        .ok_or_else(|| crate::util::Error("--iters needs a number".into()))?
                        .clone(),
                )
            }
            "--rounds" => {
                rounds = it
                    .next()
                    .and_then(|r| r.parse().ok())
                    .filter(|r| *r > 0)
                    .ok_or_else(|| crate::util::Error("--rounds needs a positive number".into()))?;
            }
            s if s.starts_with('-') => bail!("bench: unknown option {s}"),
            s => names.push(s.trim_end_matches(".c").to_string()),
        }
    }
    if let Some(n) = &iters {
        if n.parse::<u64>().is_err() {
            bail!("--iters: {n:?} is not a number");
        }
    }
    if !no_build {
        dist::run()?;
    }
    let dist = Dist::require()?;
    let py = cpython::locate()?;
    let dir = repo_root().join("benches/c");
    let names_c: Vec<String> = names
        .iter()
        .filter(|n| *n != "call_floor")
        .cloned()
        .collect();
    let benches = if names.is_empty() || !names_c.is_empty() {
        select_sources(&dir, &names_c)?
    } else {
        Vec::new()
    };
    if benches.is_empty() && names_c.len() == names.len() {
        bail!("bench: no benchmarks in {}", rel(&dir));
    }
    let mut variants = vec![Variant::OphisShared, Variant::OphisStatic];
    match &py {
        Some(p) => {
            println!("bench: CPython 3.12 at {}", p.prefix.display());
            variants.push(Variant::CPython);
        }
        None => println!("bench: CPython 3.12 not found; measuring Ophis only"),
    }
    let out_dir = target_dir().join("bench");
    let mut jobs = Vec::new();
    for (name, src) in &benches {
        for &v in &variants {
            let (mut pre, post) = variant_flags(v, &dist, py.as_ref())?;
            pre.push("-O2".into());
            let bin = out_dir.join(v.label()).join(name);
            jobs.push((name.clone(), v, src.clone(), bin, pre, post));
        }
    }
    println!("bench: compiling {} programs with -O2 (2 jobs)", jobs.len());
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

    // best[bench line name] = [cpython, ophis shared, ophis static] minima
    let mut best: BTreeMap<String, [Option<f64>; 3]> = BTreeMap::new();
    for (name, _) in &benches {
        for round in 1..=rounds {
            for &v in &variants {
                let bin = out_dir.join(v.label()).join(name);
                let mut cmd = Command::new(&bin);
                // one hash key for every run of both runtimes, so that
                // table layouts (and so probe lengths) do not vary by run
                cmd.env("PYTHONHASHSEED", "0");
                if let Some(n) = &iters {
                    cmd.arg(n);
                }
                if let (Variant::CPython, Some(p)) = (v, &py) {
                    cmd.env("PYTHONHOME", &p.prefix);
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
                        "{name} [{}]: printed no `name ns_per_op=X` (or bytes_per_instance=X) line",
                        v.label()
                    ));
                }
                for (line_name, ns) in parsed {
                    println!("  {line_name} [{}] round {round}: {ns:.2}", v.label());
                    let e = best.entry(line_name).or_default();
                    let slot = match v {
                        Variant::CPython => &mut e[0],
                        Variant::OphisShared => &mut e[1],
                        Variant::OphisStatic | Variant::OphisAsan => &mut e[2],
                    };
                    *slot = Some(slot.map_or(ns, |b: f64| b.min(ns)));
                }
            }
        }
    }
    let rows: Vec<Row> = best
        .into_iter()
        .map(|(k, [c, o, st])| (k, c, o, st))
        .collect();
    let floor_rows = if names.is_empty() || names.iter().any(|n| n == "call_floor") {
        floor(rounds)?
    } else {
        Vec::new()
    };
    println!();
    print!("{}", table(&rows));
    if !floor_rows.is_empty() {
        println!();
        print!("{}", floor_table(&floor_rows));
    }
    if !errors.is_empty() {
        bail!("bench:\n{}", errors.join("\n"));
    }
    Ok(())
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
            for (name, ns) in parse_results(&c.stdout) {
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
    fn results_and_table() {
        let r = parse_results("dict_setitem ns_per_op=15.25\nnoise\nlong_new ns_per_op=3\n");
        assert_eq!(
            r,
            vec![("dict_setitem".into(), 15.25), ("long_new".into(), 3.0)]
        );
        let m = parse_results("instance_bytes bytes_per_instance=96\n");
        assert_eq!(m, vec![("instance_bytes (bytes/instance)".into(), 96.0)]);
        let t = table(&[
            ("a".into(), Some(10.0), Some(5.0), Some(4.0)),
            ("b".into(), None, Some(1.0), None),
        ]);
        assert!(t.starts_with(
            "| bench (ns/op unless named) | CPython 3.12 | Ophis | ratio | Ophis static | ratio static |\n"
        ));
        assert!(t.contains("| a | 10.00 | 5.00 | 0.50 | 4.00 | 0.40 |"));
        assert!(t.contains("| b | - | 1.00 | - | - | - |"));
        let a = parse_results("x allocs_per_op=0.00\n");
        assert_eq!(a, vec![("x (allocs/op)".into(), 0.0)]);
        let f = floor_table(&[("call_floor_vectorcall".into(), 4.5, 2.5)]);
        assert!(f.contains("| call_floor_vectorcall | 4.50 | 2.50 | 2.00 |"));
    }
}
