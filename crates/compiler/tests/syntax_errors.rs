//! The `SyntaxError` of each common mistake in `tests/golden/syntax_errors.txt`
//! (recorded from CPython 3.12.1 by `tests/oracle/syntax_errors.py`): type,
//! message, line, offset, text, end line and end offset, all as CPython's.

use ophis_compiler::{compile_mode, Mode};

fn unescape(s: &str) -> Option<String> {
    if s == "<None>" {
        return None;
    }
    let mut out = String::new();
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some(o) => out.push(o),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// Mistakes whose error is not CPython's yet, with the cause (also listed
/// in the crate's README).
const KNOWN: &[(&str, &str)] = &[
    (
        "x = {**a: 1}\n",
        "CPython's parser has read on to the `:`; ruff stops at the `**`",
    ),
    (
        "f(x := 1 = 2)\n",
        "CPython's parser has read on to the `=`; ruff stops at the `x :=`",
    ),
];

#[test]
fn common_mistakes_raise_cpythons_syntax_errors() {
    let golden = include_str!("golden/syntax_errors.txt");
    let mut failures = Vec::new();
    let mut total = 0;
    for line in golden.lines() {
        total += 1;
        let f: Vec<Option<String>> = line.split('\t').map(unescape).collect();
        let mode = match f[0].as_deref() {
            Some("eval") => Mode::Eval,
            Some("single") => Mode::Single,
            _ => Mode::Exec,
        };
        let src = f[1].clone().unwrap_or_default();
        let got = match compile_mode(&src, "s.py", mode, 0) {
            Ok(_) => "compiled".to_string(),
            Err(e) => [
                e.exception_name().to_string(),
                e.msg.clone(),
                e.lineno.to_string(),
                e.offset.to_string(),
                format!("{:?}", e.text),
                e.end_lineno.to_string(),
                e.end_offset.to_string(),
            ]
            .join(" | "),
        };
        let want = if f.len() == 3 {
            "compiled".to_string()
        } else {
            [
                f[2].clone().unwrap_or_default(),
                f[3].clone().unwrap_or_default(),
                f[4].clone().unwrap_or_default(),
                f[5].clone().unwrap_or_default(),
                format!("{:?}", f[6]),
                f[7].clone().unwrap_or_default(),
                f[8].clone().unwrap_or_default(),
            ]
            .join(" | ")
        };
        if got != want && !KNOWN.iter().any(|(k, _)| *k == src) {
            failures.push(format!("{src:?}\n   want {want}\n   got  {got}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Source that is not UTF-8, as CPython 3.12.1 reports it (recorded with
/// `compile(bytes, 'f.py', 'exec')`): the bad byte's token decides.
/// A `SyntaxError`'s msg, lineno, offset, text, end_lineno and end_offset.
type Fields = (&'static str, i32, i32, &'static str, i32, i32);

#[test]
fn undecodable_source_is_reported_at_its_token() {
    let cases: &[(&[u8], Option<Fields>)] = &[
        (
            b"x = 1\n\xf6 = 2\n",
            Some(("(unicode error) 'utf-8' codec can't decode byte 0xf6 in position 0: invalid start byte", 2, 1, "\u{fffd} = 2\n", 2, -1)),
        ),
        (b"# \xf6\nx=1\n", None),
        (
            b"x = \"ab\xe9\xff\"\n",
            Some(("(unicode error) 'utf-8' codec can't decode byte 0xe9 in position 2: invalid continuation byte", 1, 5, "x = \"ab\u{fffd}\u{fffd}\"\n", 1, 11)),
        ),
        (
            b"x = b\"\xf6\"\n",
            Some(("bytes can only contain ASCII literal characters", 1, 5, "x = b\"\u{fffd}\"\n", 1, 9)),
        ),
        (b"x = 1  # caf\xc3\n", None),
        (
            b"x = \"\"\"a\n\xf6\"\"\"\n",
            Some(("(unicode error) 'utf-8' codec can't decode byte 0xf6 in position 2: invalid start byte", 1, 5, "x = \"\"\"a", 2, 5)),
        ),
        (
            b"s = \"a\xc3\"\n",
            Some(("(unicode error) 'utf-8' codec can't decode byte 0xc3 in position 1: unexpected end of data", 1, 5, "s = \"a\u{fffd}\"\n", 1, 9)),
        ),
    ];
    for (src, want) in cases {
        let got = ophis_compiler::decode_source(src);
        match (want, got) {
            (None, Ok(_)) => {}
            (Some((msg, l, o, text, el, eo)), Err(e)) => {
                assert_eq!(
                    (
                        e.msg.as_str(),
                        e.lineno,
                        e.offset,
                        e.text.as_deref(),
                        e.end_lineno,
                        e.end_offset
                    ),
                    (*msg, *l, *o, Some(*text), *el, *eo),
                    "{src:?}"
                );
            }
            (want, got) => panic!("{src:?}: want {want:?}, got {got:?}"),
        }
    }
}
