//! `codedump`: the Rust side of the oracle comparison. Compiles each file
//! and writes the same canonical dump as `tests/oracle/dump.py`.
//!
//! usage: codedump OUT FILE...   (`-` as OUT writes to stdout; `-` as the
//! only FILE reads the file list from stdin)
//!        codedump --dis FILE      (print `dis.dis`-style text of FILE)

use std::io::{Read, Write};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--phases") {
        // Time spent per pass over the files listed on stdin.
        let mut s = String::new();
        let _ = std::io::stdin().read_to_string(&mut s);
        let (mut tp, mut tf, mut ts, mut tc) = (0.0, 0.0, 0.0, 0.0);
        for f in s.lines() {
            let Ok(src) = std::fs::read_to_string(f) else {
                continue;
            };
            let t = Instant::now();
            let Ok(mut m) = ophis_compiler::parse::parse_module(&src) else {
                continue;
            };
            tp += t.elapsed().as_secs_f64();
            let t = Instant::now();
            let _ = ophis_compiler::fold::fold_module(&mut m, false);
            tf += t.elapsed().as_secs_f64();
            let t = Instant::now();
            let Ok(table) = ophis_compiler::symtable::build(&m, false) else {
                continue;
            };
            ts += t.elapsed().as_secs_f64();
            let t = Instant::now();
            let _ = ophis_compiler::codegen::compile_module(&m, &table, f, 0, 0, 0);
            tc += t.elapsed().as_secs_f64();
        }
        println!(
            "parse {tp:.3} s, fold {tf:.3} s, symtable {ts:.3} s, codegen+cfg+assemble {tc:.3} s"
        );
        return;
    }
    if args.len() == 2 && args[0] == "--dis" {
        let src = std::fs::read_to_string(&args[1]).unwrap_or_else(|e| {
            eprintln!("codedump: {}: {e}", args[1]);
            std::process::exit(1)
        });
        match ophis_compiler::compile(&src, &args[1]) {
            Ok(code) => print!("{}", ophis_compiler::dis::dis(&code)),
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        }
        return;
    }
    let Some((out_path, files)) = args.split_first() else {
        eprintln!("usage: codedump OUT FILE...");
        std::process::exit(2);
    };
    let mut files: Vec<String> = files.to_vec();
    if files == ["-"] {
        let mut s = String::new();
        let _ = std::io::stdin().read_to_string(&mut s);
        files = s
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(String::from)
            .collect();
    }
    let mut text = String::new();
    let mut total = 0.0f64;
    for f in &files {
        text.push_str(&format!("=== {f}\n"));
        let src = match std::fs::read(f) {
            Ok(b) => b,
            Err(e) => {
                text.push_str(&format!("!error OSError 0 {e}\n"));
                continue;
            }
        };
        let t = Instant::now();
        let r = ophis_compiler::compile_bytes(&src, f);
        total += t.elapsed().as_secs_f64();
        match r {
            Ok(code) => {
                for l in ophis_compiler::dump::dump(&code) {
                    text.push_str(&l);
                    text.push('\n');
                }
            }
            Err(e) => {
                let kind = match e.kind {
                    ophis_compiler::ErrorKind::Unsupported => "Unsupported",
                    _ => e.exception_name(),
                };
                text.push_str(&format!("!error {kind} {} {}\n", e.lineno, e.msg));
            }
        }
    }
    text.push_str(&format!("# compile_seconds {total:.6}\n"));
    if out_path == "-" {
        let _ = std::io::stdout().write_all(text.as_bytes());
    } else if let Err(e) = std::fs::write(out_path, text) {
        eprintln!("codedump: {out_path}: {e}");
        std::process::exit(1);
    }
}
