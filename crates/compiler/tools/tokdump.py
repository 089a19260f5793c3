"""CPython's side of `examples/tokdump.rs`: prints the token stream of each
file named on the command line as `_tokenize.TokenizerIter(...,
extra_tokens=True)` yields it, one JSON line per token, or the error, in
the same format, so that

    python3.12 crates/compiler/tools/tokdump.py FILES > cpython.txt
    cargo run -p ophis-compiler --example tokdump -- FILES > ophis.txt
    cmp cpython.txt ophis.txt

compares the two tokenizers (run with CPython 3.12.1)."""
import io
import json
import sys

import _tokenize

for path in sys.argv[1:]:
    try:
        src = open(path, encoding="utf-8", newline="").read()
    except Exception:
        continue
    print("==", path)
    try:
        for t in _tokenize.TokenizerIter(io.StringIO(src).readline, extra_tokens=True):
            print(json.dumps([t[0], t[1], list(t[2]), list(t[3]), t[4]]))
    except SyntaxError as e:
        kind = {SyntaxError: "Syntax", IndentationError: "Indentation", TabError: "Tab"}[type(e)]
        if e.msg == "unexpected EOF in multi-line statement":
            print("ERR Eof", e.lineno, e.offset)
        else:
            print("ERR", kind, e.msg, e.lineno, e.offset)
