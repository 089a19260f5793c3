//! The Python-level half of `cargo xtask bench` (issue 14 point 8): the
//! programs of `benches/py/`, run on CPython 3.12 and Ophis, static and
//! shared.
//!
//! `benches/py/runner.c` is compiled with `-O2` once per variant of
//! [`VARIANTS`] (as the C benches are). Each `benches/py/NAME.py` then runs
//! as `runner NAME.py RUNS` on the four runtimes alternately, round after
//! round, and the minimum of the seconds per run is kept. The runner times
//! the program from the C side (Ophis has no `time` module yet): one untimed
//! run as `__main__`, in which the program prints its checksum, then `RUNS`
//! timed runs in fresh globals; its last line is `NAME s_per_run=X runs=N`
//! ([`parse_output`]). Every run's checksum (the other lines of its stdout)
//! must equal CPython's (the static build's, else the shared one's); a
//! mismatch fails the command.
//!
//! Two markdown tables follow ([`table`]), static first, with seconds per
//! run, the ratio Ophis/CPython per program and the geometric mean of the
//! ratios ([`geomean`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::bail;
use crate::bench::{bench_command, VARIANTS};
use crate::cpython::CPython;
use crate::ctest::{gcc_command, variant_flags, Variant};
use crate::dist::Dist;
use crate::util::{capture, capture_with_timeout, rel, repo_root, show_cmd, target_dir, Result};

/// Timed runs per invocation of the runner when `--runs` is not given.
pub const DEFAULT_RUNS: u32 = 3;

/// The `benches/py` directory.
pub fn dir() -> PathBuf {
    repo_root().join("benches/py")
}

/// Every `NAME.py` of `dir`, sorted by name.
pub fn programs(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut all: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .map_err(|e| crate::util::Error(format!("{}: {e}", rel(dir))))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .filter_map(|p| Some((p.file_stem()?.to_str()?.to_string(), p)))
        .collect();
    all.sort();
    Ok(all)
}

/// What one run of the runner printed: the checksum (every line but the
/// timing line, trimmed) and the fastest run's seconds. `None` without a
/// `NAME s_per_run=X` line for `name` or without a checksum.
pub fn parse_output(out: &str, name: &str) -> Option<(String, f64)> {
    let mut secs = None;
    let mut checksum = Vec::new();
    for line in out.lines() {
        let mut words = line.split_whitespace();
        if words.next() == Some(name) {
            if let Some(v) = words.find_map(|w| w.strip_prefix("s_per_run=")) {
                secs = v.parse::<f64>().ok();
                continue;
            }
        }
        if !line.trim().is_empty() {
            checksum.push(line.trim_end());
        }
    }
    let secs = secs?;
    (!checksum.is_empty()).then(|| (checksum.join("\n"), secs))
}

/// The geometric mean of `ratios`; `None` when there are none (or one is
/// not positive).
pub fn geomean(ratios: &[f64]) -> Option<f64> {
    if ratios.is_empty() || ratios.iter().any(|r| *r <= 0.0) {
        return None;
    }
    let logs: f64 = ratios.iter().map(|r| r.ln()).sum();
    Some((logs / ratios.len() as f64).exp())
}

/// One row of a table: program, CPython's seconds per run, Ophis's.
pub type Row = (String, Option<f64>, Option<f64>);

/// Renders one table in markdown: the heading line, then per program the
/// seconds per run on each runtime and the ratio Ophis/CPython, and a last
/// row with the geometric mean of the ratios.
pub fn table(heading: &str, cols: [&str; 2], rows: &[Row]) -> String {
    let mut s = format!(
        "{heading}\n\n| program (s/run) | {} | {} | ratio |\n|---|---:|---:|---:|\n",
        cols[0], cols[1]
    );
    let f = |v: Option<f64>| v.map(|x| format!("{x:.4}")).unwrap_or_else(|| "-".into());
    let mut ratios = Vec::new();
    for (name, c, o) in rows {
        let ratio = match (c, o) {
            (Some(c), Some(o)) if *c > 0.0 => {
                ratios.push(o / c);
                format!("{:.2}", o / c)
            }
            _ => "-".into(),
        };
        s.push_str(&format!("| {name} | {} | {} | {ratio} |\n", f(*c), f(*o)));
    }
    let g = geomean(&ratios)
        .map(|g| format!("**{g:.2}**"))
        .unwrap_or_else(|| "-".into());
    s.push_str(&format!(
        "| geometric mean ({} programs) | | | {g} |\n",
        ratios.len()
    ));
    s
}

/// Compiles the runner for each variant and runs `programs` `rounds`
/// times, `runs` timed runs each; prints both tables. Problems (a failed
/// run, a missing figure, a checksum that differs from CPython's) are
/// added to `errors` and the other programs go on.
pub fn run(
    programs: &[(String, PathBuf)],
    variants: &[Variant],
    dist: &Dist,
    py: Option<&CPython>,
    rounds: usize,
    runs: u32,
    errors: &mut Vec<String>,
) -> Result<()> {
    let src_dir = dir();
    let out_dir = target_dir().join("bench/py");
    let mut runners: Vec<(Variant, PathBuf)> = Vec::new();
    println!(
        "bench: benches/py runner.c for {} runtimes, {} programs, {rounds} rounds of {runs} runs",
        variants.len(),
        programs.len()
    );
    for &v in variants {
        let (mut pre, post) = variant_flags(v, dist, py)?;
        pre.push("-O2".into());
        let bin = out_dir.join(v.label()).join("runner");
        if let Some(p) = bin.parent() {
            std::fs::create_dir_all(p)
                .map_err(|e| crate::util::Error(format!("{}: {e}", p.display())))?;
        }
        let mut cmd = gcc_command(&src_dir.join("runner.c"), &bin, &pre, &post, &src_dir);
        let c = capture(&mut cmd)?;
        if !c.end.success() {
            bail!(
                "bench: benches/py/runner.c [{}] does not compile:\n$ {}\n{}",
                v.label(),
                show_cmd(&cmd),
                c.stderr.trim_end()
            );
        }
        runners.push((v, bin));
    }
    // the reference checksum: CPython static's, else CPython shared's
    let reference = [Variant::CPythonStatic, Variant::CPython]
        .into_iter()
        .find(|v| variants.contains(v));
    let mut best: BTreeMap<String, [Option<f64>; 4]> = BTreeMap::new();
    for (name, path) in programs {
        let mut expected: Option<String> = None;
        for round in 1..=rounds {
            for (v, bin) in &runners {
                let mut cmd = bench_command(bin, *v, py);
                cmd.arg(path).arg(runs.to_string());
                let c = capture_with_timeout(&mut cmd, Duration::from_secs(600))?;
                if !c.end.success() {
                    errors.push(format!(
                        "{name}.py [{}] round {round}: {}\n{}",
                        v.label(),
                        c.end,
                        c.stderr.trim_end()
                    ));
                    continue;
                }
                let Some((checksum, secs)) = parse_output(&c.stdout, name) else {
                    errors.push(format!(
                        "{name}.py [{}]: no checksum or no `{name} s_per_run=X` line in\n{}",
                        v.label(),
                        c.stdout.trim_end()
                    ));
                    continue;
                };
                if Some(*v) == reference || reference.is_none() {
                    expected.get_or_insert(checksum.clone());
                }
                match &expected {
                    Some(e) if *e != checksum => {
                        errors.push(format!(
                            "{name}.py [{}]: checksum {checksum:?}, CPython's is {e:?}",
                            v.label()
                        ));
                        continue;
                    }
                    None => errors.push(format!(
                        "{name}.py [{}]: no CPython checksum to compare with",
                        v.label()
                    )),
                    _ => {}
                }
                println!("  {name}.py [{}] round {round}: {secs:.4} s/run", v.label());
                let slot = VARIANTS.iter().position(|x| x == v).unwrap_or(1);
                let e = &mut best.entry(name.clone()).or_default()[slot];
                *e = Some(e.map_or(secs, |b: f64| b.min(secs)));
            }
        }
    }
    let pick = |a: usize, b: usize| -> Vec<Row> {
        best.iter().map(|(k, s)| (k.clone(), s[a], s[b])).collect()
    };
    println!();
    print!(
        "{}",
        table(
            &format!(
                "**benches/py, static**: CPython 3.12.1 (`libpython3.12.a`) and Ophis (`libophis.a`) \
                 linked into benches/py/runner.c. Seconds per run, minimum over {rounds} rounds \
                 of {runs} runs."
            ),
            ["CPython static", "Ophis static"],
            &pick(0, 1),
        )
    );
    println!();
    print!(
        "{}",
        table(
            &format!(
                "**benches/py, shared**: CPython 3.12.1 (`libpython3.12.so`) and Ophis \
                 (`libophis.so`). Seconds per run, minimum over {rounds} rounds of {runs} runs."
            ),
            ["CPython shared", "Ophis shared"],
            &pick(2, 3),
        )
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_parsed() {
        let out = "nbody -0.169075164 -0.169089263\nnbody s_per_run=0.125024 runs=3\n";
        assert_eq!(
            parse_output(out, "nbody"),
            Some(("nbody -0.169075164 -0.169089263".into(), 0.125024))
        );
        // no checksum, or no timing line for this program
        assert_eq!(parse_output("nbody s_per_run=0.1 runs=3\n", "nbody"), None);
        assert_eq!(parse_output("nbody 1\nx s_per_run=0.1\n", "nbody"), None);
    }

    #[test]
    fn geometric_mean() {
        assert_eq!(geomean(&[]), None);
        assert!((geomean(&[2.0, 0.5]).unwrap() - 1.0).abs() < 1e-12);
        assert!((geomean(&[1.0, 4.0]).unwrap() - 2.0).abs() < 1e-12);
        assert_eq!(geomean(&[1.0, 0.0]), None);
    }

    #[test]
    fn table_has_ratios_and_geomean() {
        let rows = vec![
            ("a".to_string(), Some(0.1), Some(0.2)),
            ("b".to_string(), Some(0.2), Some(0.1)),
            ("c".to_string(), Some(0.2), None),
        ];
        let t = table("T", ["C", "O"], &rows);
        assert!(t.contains("| a | 0.1000 | 0.2000 | 2.00 |"), "{t}");
        assert!(t.contains("| b | 0.2000 | 0.1000 | 0.50 |"), "{t}");
        assert!(t.contains("| c | 0.2000 | - | - |"), "{t}");
        assert!(
            t.contains("| geometric mean (2 programs) | | | **1.00** |"),
            "{t}"
        );
    }
}
