//! Differential testing with random programs: a grammar-based generator
//! writes Python 3.12 programs (statements and expressions of most kinds,
//! nested functions, classes, loops, exception handling, comprehensions,
//! f-strings, generators, async code), and each is compiled by CPython
//! 3.12.1 (when installed) and by us; the canonical dumps must be equal.
//! Programs CPython rejects are skipped. Without CPython the test checks
//! only that nothing panics. `OPHIS_RANDOM_PROGRAMS=N` (default 150) sets
//! the count, `OPHIS_RANDOM_SEED` the seed.

use std::path::{Path, PathBuf};
use std::process::Command;

struct Gen {
    state: u64,
    depth: u32,
    in_func: bool,
    in_async: bool,
    in_loop: bool,
    names: Vec<&'static str>,
}

const NAMES: &[&str] = &[
    "a", "b", "c", "x", "y", "n", "self", "obj", "items", "_p", "__q",
];
const ATTRS: &[&str] = &["attr", "value", "append", "get", "__priv", "real"];

impl Gen {
    fn next(&mut self) -> u64 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn name(&mut self) -> &'static str {
        let i = self.below(self.names.len() as u64) as usize;
        self.names[i]
    }

    fn constant(&mut self) -> String {
        match self.below(13) {
            0 => "None".into(),
            1 => "True".into(),
            2 => format!("{}", self.below(300)),
            3 => format!("-{}", self.below(5)),
            4 => "1.5".into(),
            5 => "'text'".into(),
            6 => "b'by'".into(),
            7 => "2 ** 70".into(),
            8 => "(1, 'a', None)".into(),
            9 => "...".into(),
            10 => "3j".into(),
            11 => [
                "1 + 2 * 3",
                "'ab' * 3",
                "(1, 2) + (3,)",
                "-(-1)",
                "~5",
                "(1, 2)[0]",
                "'abc'[1]",
                "2 ** -2",
                "7 // -2",
                "-7 % 3",
                "1 << 3",
                "True & False",
                "not 0",
                "1.5 * 2",
                "'a' 'b'",
                "b'x' + b'y'",
            ][self.below(16) as usize]
                .into(),
            _ => "'%s-%r' % (x, y)".into(),
        }
    }

    fn expr(&mut self) -> String {
        self.depth += 1;
        let e = if self.depth > 4 {
            if self.chance(50) {
                self.name().to_string()
            } else {
                self.constant()
            }
        } else {
            self.expr_inner()
        };
        self.depth -= 1;
        e
    }

    fn expr_inner(&mut self) -> String {
        const OPS: &[&str] = &[
            "+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "@",
        ];
        const CMPS: &[&str] = &[
            "<", "<=", "==", "!=", ">", ">=", "is", "is not", "in", "not in",
        ];
        match self.below(26) {
            0 | 1 => self.name().to_string(),
            2 | 3 => self.constant(),
            4 => {
                let op = OPS[self.below(OPS.len() as u64) as usize];
                format!("({} {op} {})", self.expr(), self.expr())
            }
            5 => {
                let op = ["-", "+", "~", "not "][self.below(4) as usize];
                format!("({op}{})", self.expr())
            }
            6 => {
                let c1 = CMPS[self.below(CMPS.len() as u64) as usize];
                let mut s = format!("({} {c1} {}", self.expr(), self.expr());
                if self.chance(30) {
                    let c2 = CMPS[self.below(CMPS.len() as u64) as usize];
                    s.push_str(&format!(" {c2} {}", self.expr()));
                }
                s.push(')');
                s
            }
            7 => {
                let op = if self.chance(50) { "and" } else { "or" };
                format!(
                    "({} {op} {} {op} {})",
                    self.expr(),
                    self.expr(),
                    self.expr()
                )
            }
            8 | 9 => {
                let f = self.name();
                let mut args = Vec::new();
                for _ in 0..self.below(3) {
                    args.push(self.expr());
                }
                if self.chance(20) {
                    args.push(format!("*{}", self.name()));
                }
                if self.chance(30) {
                    args.push(format!("k={}", self.expr()));
                }
                if self.chance(15) {
                    args.push(format!("**{}", self.name()));
                }
                format!("{f}({})", args.join(", "))
            }
            10 => {
                let a = ATTRS[self.below(ATTRS.len() as u64) as usize];
                format!("{}.{a}", self.name())
            }
            11 => {
                let a = ATTRS[self.below(ATTRS.len() as u64) as usize];
                format!("{}.{a}({})", self.name(), self.expr())
            }
            12 => format!("{}[{}]", self.name(), self.expr()),
            13 => format!("{}[{}:{}]", self.name(), self.expr(), self.expr()),
            14 => format!("[{}, {}]", self.expr(), self.expr()),
            15 => format!("({}, {}, *{})", self.expr(), self.expr(), self.name()),
            16 => format!("{{{}: {}, 'k': {}}}", self.expr(), self.expr(), self.expr()),
            17 => format!("{{{}, {}}}", self.expr(), self.expr()),
            18 => format!(
                "[{} for {} in {} if {}]",
                self.expr(),
                self.name(),
                self.expr(),
                self.expr()
            ),
            19 => format!(
                "{{{}: {} for {} in {}}}",
                self.name(),
                self.expr(),
                self.name(),
                self.expr()
            ),
            20 => format!("({} for {} in {})", self.expr(), self.name(), self.expr()),
            21 => format!("(lambda {}, *r: {})", self.name(), self.expr()),
            22 => format!("({} if {} else {})", self.expr(), self.expr(), self.expr()),
            23 => format!(
                "f'{{{}}} and {{{}!r:>{{{}}}}}'",
                self.expr(),
                self.name(),
                self.name()
            ),
            24 if self.in_func && !self.in_async => format!("(yield {})", self.expr()),
            24 if self.in_async => format!("(await {})", self.expr()),
            _ => format!("{}({})", self.name(), self.expr()),
        }
    }

    fn target(&mut self) -> String {
        match self.below(6) {
            0 => format!("{}.{}", self.name(), ATTRS[self.below(3) as usize]),
            1 => format!("{}[{}]", self.name(), self.expr()),
            2 => format!("{}, *{}", self.name(), self.name()),
            _ => self.name().to_string(),
        }
    }

    fn block(&mut self, indent: usize, out: &mut String) {
        let n = 1 + self.below(3);
        for _ in 0..n {
            self.stmt(indent, out);
        }
    }

    fn stmt(&mut self, indent: usize, out: &mut String) {
        let pad = " ".repeat(indent);
        self.depth += 1;
        let deep = self.depth > 3;
        let choice = if deep { self.below(6) } else { self.below(30) };
        match choice {
            0 | 1 => out.push_str(&format!("{pad}{} = {}\n", self.target(), self.expr())),
            2 => {
                let t = self.target().replace(", *", ".attr + ");
                let t = if t.contains(" + ") {
                    self.name().to_string()
                } else {
                    t
                };
                out.push_str(&format!("{pad}{t} += {}\n", self.expr()))
            }
            3 => out.push_str(&format!("{pad}{}\n", self.expr())),
            4 if self.in_func => out.push_str(&format!("{pad}return {}\n", self.expr())),
            5 if self.in_loop => out.push_str(&format!(
                "{pad}{}\n",
                if self.chance(50) { "break" } else { "continue" }
            )),
            6 => {
                out.push_str(&format!("{pad}if {}:\n", self.expr()));
                self.block(indent + 4, out);
                if self.chance(50) {
                    out.push_str(&format!("{pad}elif {}:\n", self.expr()));
                    self.block(indent + 4, out);
                }
                if self.chance(50) {
                    out.push_str(&format!("{pad}else:\n"));
                    self.block(indent + 4, out);
                }
            }
            7 => {
                let was = self.in_loop;
                self.in_loop = true;
                out.push_str(&format!("{pad}while {}:\n", self.expr()));
                self.block(indent + 4, out);
                self.in_loop = was;
            }
            8 => {
                let was = self.in_loop;
                self.in_loop = true;
                let kw = if self.in_async && self.chance(30) {
                    "async for"
                } else {
                    "for"
                };
                out.push_str(&format!(
                    "{pad}{kw} {} in {}:\n",
                    self.target(),
                    self.expr()
                ));
                self.block(indent + 4, out);
                self.in_loop = was;
                if self.chance(30) {
                    out.push_str(&format!("{pad}else:\n"));
                    self.block(indent + 4, out);
                }
            }
            9 => {
                out.push_str(&format!("{pad}try:\n"));
                self.block(indent + 4, out);
                let handlers = self.below(3);
                for i in 0..handlers {
                    if i == 1 && self.chance(50) {
                        out.push_str(&format!(
                            "{pad}except ({}, {}) as e:\n",
                            self.name(),
                            self.name()
                        ));
                    } else {
                        out.push_str(&format!("{pad}except {}:\n", self.name()));
                    }
                    self.block(indent + 4, out);
                }
                if handlers > 0 && self.chance(30) {
                    out.push_str(&format!("{pad}else:\n"));
                    self.block(indent + 4, out);
                }
                if handlers == 0 || self.chance(40) {
                    out.push_str(&format!("{pad}finally:\n"));
                    self.block(indent + 4, out);
                }
            }
            10 => {
                let kw = if self.in_async && self.chance(30) {
                    "async with"
                } else {
                    "with"
                };
                out.push_str(&format!(
                    "{pad}{kw} {} as {}, {}:\n",
                    self.expr(),
                    self.name(),
                    self.expr()
                ));
                self.block(indent + 4, out);
            }
            11 | 12 => {
                let name = ["f", "g", "h"][self.below(3) as usize];
                let is_async = self.chance(20);
                if self.chance(30) {
                    out.push_str(&format!("{pad}@{}\n", self.name()));
                }
                let params = [
                    "",
                    "a",
                    "a, b=1",
                    "a, /, b, *args, k=2, **kw",
                    "self, x: int = 0",
                ][self.below(5) as usize];
                let ret = if self.chance(20) { " -> int" } else { "" };
                out.push_str(&format!(
                    "{pad}{}def {name}({params}){ret}:\n",
                    if is_async { "async " } else { "" }
                ));
                let (f, a, l) = (self.in_func, self.in_async, self.in_loop);
                self.in_func = true;
                self.in_async = is_async;
                self.in_loop = false;
                if self.chance(30) {
                    out.push_str(&format!("{pad}    \"\"\"Docstring.\"\"\"\n"));
                }
                if self.chance(20) {
                    out.push_str(&format!("{pad}    nonlocal_free = {}\n", self.name()));
                }
                self.block(indent + 4, out);
                self.in_func = f;
                self.in_async = a;
                self.in_loop = l;
            }
            13 => {
                let name = ["C", "D"][self.below(2) as usize];
                out.push_str(&format!("{pad}class {name}({}):\n", self.name()));
                let (f, a, l) = (self.in_func, self.in_async, self.in_loop);
                self.in_func = false;
                self.in_async = false;
                self.in_loop = false;
                out.push_str(&format!("{pad}    attr: int = {}\n", self.expr()));
                if self.chance(60) {
                    out.push_str(&format!("{pad}    def method(self, x):\n"));
                    self.in_func = true;
                    out.push_str(&format!(
                        "{pad}        return super().method(x) + self.__priv\n"
                    ));
                    self.block(indent + 8, out);
                }
                self.in_func = f;
                self.in_async = a;
                self.in_loop = l;
            }
            14 => out.push_str(&format!("{pad}assert {}, {}\n", self.expr(), self.expr())),
            21 => out.push_str(&format!(
                "{pad}if (w := {}) and w:\n{pad}    pass\n",
                self.expr()
            )),
            22 if self.in_func => {
                // A closure over the enclosing function's names.
                let v = self.name();
                out.push_str(&format!("{pad}def inner(q=1):\n"));
                out.push_str(&format!("{pad}    nonlocal_read = {v}\n"));
                out.push_str(&format!("{pad}    return q + nonlocal_read\n"));
                out.push_str(&format!("{pad}{v} = inner\n"));
            }
            23 => {
                out.push_str(&format!("{pad}try:\n"));
                self.block(indent + 4, out);
                out.push_str(&format!("{pad}except* {}:\n", self.name()));
                let l = self.in_loop;
                self.in_loop = false;
                let f = self.in_func;
                self.in_func = false;
                self.block(indent + 4, out);
                self.in_loop = l;
                self.in_func = f;
            }
            24 => out.push_str(&format!(
                "{pad}{}, *{}, {} = {}\n",
                self.name(),
                self.name(),
                self.name(),
                self.expr()
            )),
            25 => out.push_str(&format!(
                "{pad}{}[{}:{}] += {}\n",
                self.name(),
                self.expr(),
                self.expr(),
                self.expr()
            )),
            26 => {
                out.push_str(&format!(
                    "{pad}if {} if {} else {}:\n",
                    self.expr(),
                    self.expr(),
                    self.expr()
                ));
                self.block(indent + 4, out);
                out.push_str(&format!(
                    "{pad}elif not ({} and {}):\n",
                    self.expr(),
                    self.expr()
                ));
                self.block(indent + 4, out);
            }
            27 => {
                let was = self.in_loop;
                self.in_loop = true;
                out.push_str(&format!("{pad}while True:\n"));
                out.push_str(&format!("{pad}    try:\n"));
                self.block(indent + 8, out);
                out.push_str(&format!("{pad}    finally:\n"));
                self.block(indent + 8, out);
                out.push_str(&format!(
                    "{pad}    if {}:\n{pad}        break\n",
                    self.expr()
                ));
                self.in_loop = was;
            }
            28 => out.push_str(&format!(
                "{pad}{} = {} < {} <= {} != {}\n",
                self.name(),
                self.expr(),
                self.expr(),
                self.expr(),
                self.expr()
            )),
            29 if self.in_async => out.push_str(&format!(
                "{pad}r = [v async for v in {} if v]\n",
                self.expr()
            )),
            15 => out.push_str(&format!(
                "{pad}raise {} from {}\n",
                self.name(),
                self.name()
            )),
            16 => out.push_str(&format!(
                "{pad}del {}\n",
                self.target().replace(", *", ", ")
            )),
            17 => out.push_str(&format!(
                "{pad}import {} as {}\n",
                ["os.path", "sys", "a.b.c"][self.below(3) as usize],
                self.name()
            )),
            18 => out.push_str(&format!(
                "{pad}from {} import {}, {} as z\n",
                [".", "os", "..m"][self.below(3) as usize],
                self.name(),
                self.name()
            )),
            19 if self.in_func => out.push_str(&format!(
                "{pad}global {}\n",
                ["gx", "gy"][self.below(2) as usize]
            )),
            20 => {
                out.push_str(&format!("{pad}match {}:\n", self.expr()));
                out.push_str(&format!(
                    "{pad}    case [{}, *rest] if {}:\n",
                    self.name(),
                    self.expr()
                ));
                self.block(indent + 8, out);
                out.push_str(&format!("{pad}    case {{'k': 1}} | None:\n"));
                self.block(indent + 8, out);
                out.push_str(&format!("{pad}    case _:\n"));
                self.block(indent + 8, out);
            }
            _ => out.push_str(&format!("{pad}pass\n")),
        }
        self.depth -= 1;
    }

    fn program(&mut self) -> String {
        let mut out = String::new();
        if self.chance(30) {
            out.push_str("\"\"\"Module docstring.\"\"\"\n");
        }
        for _ in 0..(2 + self.below(6)) {
            self.depth = 0;
            self.stmt(0, &mut out);
        }
        out
    }
}

fn cpython() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("OPHIS_CPYTHON_PREFIX").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p).join("bin/python3.12"));
    }
    if let Ok(out) = Command::new("pyenv").args(["prefix", "3.12.1"]).output() {
        if out.status.success() {
            let p =
                PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()).join("bin/python3.12");
            if p.is_file() {
                return Some(p);
            }
        }
    }
    let p = Path::new(&std::env::var_os("HOME")?).join(".pyenv/versions/3.12.1/bin/python3.12");
    p.is_file().then_some(p)
}

#[test]
fn random_programs_match_cpython() {
    let count: usize = std::env::var("OPHIS_RANDOM_PROGRAMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150);
    let seed: u64 = std::env::var("OPHIS_RANDOM_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5EED_1234_ABCD_0001);
    let mut g = Gen {
        state: seed | 1,
        depth: 0,
        in_func: false,
        in_async: false,
        in_loop: false,
        names: NAMES.to_vec(),
    };
    let programs: Vec<String> = (0..count).map(|_| g.program()).collect();
    // Never a panic, whatever the oracle says.
    let ours: Vec<Vec<String>> = programs
        .iter()
        .map(|p| match ophis_compiler::compile(p, "<random>") {
            Ok(c) => ophis_compiler::dump::dump(&c),
            Err(e) => vec![format!("!error {e}")],
        })
        .collect();
    let Some(python) = cpython() else {
        eprintln!("skipped the comparison: CPython 3.12.1 not found (set OPHIS_CPYTHON_PREFIX)");
        return;
    };
    let dir = std::env::temp_dir().join(format!("ophis-random-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let files: Vec<PathBuf> = programs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let f = dir.join(format!("p{i:04}.py"));
            std::fs::write(&f, p).expect("write program");
            f
        })
        .collect();
    let dump_py = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/dump.py");
    let out = Command::new(&python)
        .arg(&dump_py)
        .arg("-")
        .args(&files)
        .output()
        .expect("run CPython");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut compared = 0;
    let mut failures = Vec::new();
    let mut rejected: Vec<String> = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let header = format!("=== {}\n", f.display());
        let Some(start) = text.find(&header) else {
            continue;
        };
        let body = &text[start + header.len()..];
        let end = body.find("\n=== ").map_or_else(
            || body.find("# compile_seconds").unwrap_or(body.len()),
            |i| i + 1,
        );
        let theirs: Vec<&str> = body[..end].lines().collect();
        if let Some(e) = theirs.first().filter(|l| l.starts_with("!error")) {
            rejected.push(e.to_string());
            continue; // the generator wrote something CPython rejects
        }
        compared += 1;
        let mine = &ours[i];
        let differs = mine.len() != theirs.len() || mine.iter().zip(&theirs).any(|(a, b)| a != b);
        if differs {
            let first = mine
                .iter()
                .zip(&theirs)
                .find(|(a, b)| a != *b)
                .map(|(a, b)| format!("  ours:    {a}\n  cpython: {b}"))
                .unwrap_or_else(|| format!("  ours: {:?}", mine.first()));
            failures.push(format!(
                "program {i} ({}):\n{first}\n--- source ---\n{}",
                f.display(),
                programs[i]
            ));
        }
    }
    eprintln!("compared {compared} of {count} random programs with CPython");
    for r in rejected.iter().take(5) {
        eprintln!("  CPython rejected one: {r}");
    }
    assert!(
        compared * 2 >= count,
        "CPython rejected most programs: the generator is broken"
    );
    assert!(
        failures.is_empty(),
        "{} of {compared} differ:\n{}",
        failures.len(),
        failures
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    let _ = std::fs::remove_dir_all(&dir);
}
