//! No input makes the compiler panic: malformed and random sources, deep
//! nesting and newer-than-3.12 syntax all give an `Ok` or an `Err`.

use ophis_compiler::{compile, ErrorKind};

#[test]
fn malformed_sources_give_errors() {
    for src in [
        "def f(:\n",
        "x = (1,\n",
        "return 1\n",
        "break\n",
        "def f():\n    nonlocal x\n",
        "def f(a, a): pass\n",
        "x = yield\n",
        "class C:\n    def m(self):\n        continue\n",
        "f(x for x in y, 1)\n",
        "a, *b, *c = d\n",
        "del f()\n",
        "@\n",
        "\u{0}",
        "'unterminated\n",
        "x = [i for i in range(3)] = 1\n",
    ] {
        let r = compile(src, "<bad>");
        assert!(r.is_err(), "{src:?} compiled");
    }
}

#[test]
fn newer_syntax_is_a_syntax_error() {
    for src in [
        "def f[T = int](): pass\n",
        "x = t'{a}'\n",
        "try:\n    pass\nexcept A, B:\n    pass\n",
    ] {
        let e = compile(src, "<new>").expect_err(src);
        assert_eq!(e.kind, ErrorKind::SyntaxError, "{src:?}: {e}");
    }
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let parens = format!("x = {}1{}\n", "(".repeat(300), ")".repeat(300));
    assert!(compile(&parens, "<deep>").is_err());
    let mut indented = String::new();
    for i in 0..120 {
        indented.push_str(&" ".repeat(i));
        indented.push_str("if x:\n");
    }
    indented.push_str(&" ".repeat(120));
    indented.push_str("pass\n");
    assert!(compile(&indented, "<deep>").is_err());
}

/// A small deterministic generator of token soups.
#[test]
fn random_token_soup_never_panics() {
    const TOKENS: &[&str] = &[
        "x", "y", "1", "2.5", "'s'", "f'{x}'", "(", ")", "[", "]", "{", "}", ":", ",", ".", "=",
        "+", "-", "*", "**", "/", "not", "and", "or", "if", "else", "for", "in", "while", "def",
        "class", "return", "yield", "lambda", "try", "except", "finally", "with", "as", "import",
        "from", "\n", "    ", "global", "nonlocal", "del", "pass", "break", "continue", "async",
        "await", "@", ";", "is", "None", "True", "match", "case", "_",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3000 {
        let n = (next() % 40) as usize;
        let mut src = String::new();
        for _ in 0..n {
            src.push_str(TOKENS[(next() % TOKENS.len() as u64) as usize]);
            src.push(' ');
        }
        src.push('\n');
        let _ = compile(&src, "<soup>");
    }
}

fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// Arbitrary bytes, and single-byte mutations of real programs, through
/// `compile_bytes`: an `Ok` or an `Err`, never a panic.
#[test]
fn arbitrary_and_mutated_bytes_never_panic() {
    let mut st = 0xDEAD_BEEF_1234_5678u64;
    for _ in 0..2000 {
        let n = (xorshift(&mut st) % 64) as usize;
        let bytes: Vec<u8> = (0..n).map(|_| xorshift(&mut st) as u8).collect();
        let _ = ophis_compiler::compile_bytes(&bytes, "<bytes>");
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    for name in ["basics.py", "control.py", "matching.py", "strings.py"] {
        let src = std::fs::read(dir.join(name)).expect("golden snippet");
        for _ in 0..300 {
            let mut m = src.clone();
            let i = (xorshift(&mut st) as usize) % m.len();
            const CH: &[u8] = b"()[]{}:,.=+-*'\"\n #\\\x0fr";
            m[i] = CH[(xorshift(&mut st) as usize) % CH.len()];
            let _ = ophis_compiler::compile_bytes(&m, "<mutated>");
        }
    }
}

/// Arbitrary bytes and mutations of CPython-written marshal data through
/// `marshal::loads`: errors, never panics.
#[test]
fn arbitrary_marshal_data_never_panics() {
    let mut st = 0x0123_4567_89AB_CDEFu64;
    for _ in 0..3000 {
        let n = (xorshift(&mut st) % 48) as usize;
        let bytes: Vec<u8> = (0..n).map(|_| xorshift(&mut st) as u8).collect();
        let _ = ophis_compiler::marshal::loads(&bytes);
    }
    let data = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/functions.marshal"),
    )
    .expect("golden marshal");
    for _ in 0..3000 {
        let mut m = data.clone();
        for _ in 0..1 + xorshift(&mut st) % 3 {
            let i = (xorshift(&mut st) as usize) % m.len();
            m[i] = xorshift(&mut st) as u8;
        }
        let _ = ophis_compiler::marshal::loads(&m);
    }
}

/// Deep nesting of every kind ends in an error or compiles; the stack
/// never overflows (each recursive pass grows its stack on demand).
#[test]
fn very_deep_expressions_never_overflow() {
    let cases = [
        format!("x = {}1\n", "-".repeat(50_000)),
        format!("x = {}\n", vec!["a"; 50_000].join(" + ")),
        format!("x = {}\n", vec!["not a"; 900].join(" and ")),
        format!("f = {}1\n", "lambda: ".repeat(900)),
        format!("x = {}1{}\n", "(-".repeat(150), ")".repeat(150)),
        format!("x = {}a\n", "not ".repeat(900)),
    ];
    for src in &cases {
        let _ = ophis_compiler::compile(src, "<deep>");
    }
}
