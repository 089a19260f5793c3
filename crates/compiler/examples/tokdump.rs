//! Prints the token stream of each file named on the command line as JSON
//! lines (`[type, string, [srow, scol], [erow, ecol], line]`, with
//! `json.dumps`'s ASCII escaping), or the error; for comparing the
//! tokenizer with CPython's `tokenize.generate_tokens` over a corpus.

use ophis_compiler::tokenize::{TokError, Tokenizer};

fn json(s: &str) -> String {
    let mut o = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            '\u{8}' => o.push_str("\\b"),
            '\u{c}' => o.push_str("\\f"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut b = [0u16; 2];
                for u in c.encode_utf16(&mut b) {
                    o.push_str(&format!("\\u{:04x}", u));
                }
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn main() {
    for path in std::env::args().skip(1) {
        let src = match std::fs::read_to_string(&path) {
            Ok(s) => s,
            Err(_) => continue,
        };
        println!("== {path}");
        let mut lines = src
            .split_inclusive('\n')
            .map(str::to_string)
            .collect::<Vec<_>>()
            .into_iter();
        let mut tk = Tokenizer::new(move || Ok::<_, ()>(lines.next()));
        let r = loop {
            match tk.next_token() {
                Ok(Some(t)) => println!(
                    "[{}, {}, [{}, {}], [{}, {}], {}]",
                    t.kind,
                    json(&t.string),
                    t.start.0,
                    t.start.1,
                    t.end.0,
                    t.end.1,
                    json(&t.line)
                ),
                Ok(None) => break Ok(()),
                Err(e) => break Err(e),
            }
        };
        match r {
            Ok(()) => {}
            Err(TokError::Syntax {
                kind,
                msg,
                lineno,
                offset,
                ..
            }) => {
                println!("ERR {kind:?} {msg} {lineno} {offset}")
            }
            Err(TokError::Eof { lineno, offset }) => println!("ERR Eof {lineno} {offset}"),
            Err(TokError::Source(())) => println!("ERR source"),
        }
    }
}
