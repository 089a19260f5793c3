//! Golden tests: each `tests/golden/NAME.py` compiles to exactly the code
//! objects CPython 3.12.1 made of it, as recorded in `NAME.dump` by
//! `tests/oracle/bless.py` (so these tests run without CPython).

use std::path::Path;

fn golden_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

#[test]
fn golden_snippets_match_cpython_3_12_1() {
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(golden_dir())
        .expect("tests/golden exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    entries.sort();
    for py in entries {
        let src = std::fs::read_to_string(&py).expect("readable snippet");
        let want = std::fs::read_to_string(py.with_extension("dump")).expect("golden dump");
        let got = match ophis_compiler::compile(&src, "<snippet>") {
            Ok(code) => ophis_compiler::dump::dump(&code).join("\n") + "\n",
            Err(e) => format!("compile error: {e}\n"),
        };
        if got != want {
            let first = got
                .lines()
                .zip(want.lines())
                .find(|(a, b)| a != b)
                .map(|(a, b)| format!("ours:    {a}\ncpython: {b}"))
                .unwrap_or_else(|| "different number of lines".into());
            failures.push(format!("{}:\n{first}", py.display()));
        }
        checked += 1;
    }
    assert!(checked >= 7, "only {checked} golden snippets found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn dis_text_matches_cpython_3_12_1() {
    let mut failures = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(golden_dir())
        .expect("tests/golden exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    entries.sort();
    for py in entries {
        let src = std::fs::read_to_string(&py).expect("readable snippet");
        let want = std::fs::read_to_string(py.with_extension("dis")).expect("golden dis");
        let code = ophis_compiler::compile(&src, "<snippet>").expect("compiles");
        let got = ophis_compiler::dis::dis(&code);
        if let Some((a, b)) = got.lines().zip(want.lines()).find(|(a, b)| a != b) {
            failures.push(format!("{}:\n  ours:    {a}\n  cpython: {b}", py.display()));
        } else if got.lines().count() != want.lines().count() {
            failures.push(format!("{}: line counts differ", py.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
