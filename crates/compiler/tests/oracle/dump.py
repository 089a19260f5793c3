"""Canonical dump of the code objects CPython 3.12.1 compiles, for codecmp.

usage: python3.12 dump.py OUT FILE...   (or `-` for OUT: stdout)
       python3.12 dump.py --snippet SRC  (dump one source text to stdout)
       python3.12 dump.py --marshal FILE (dump the code object marshalled in FILE)
       python3.12 dump.py --eval SRC     (dump compile(SRC, '<eval>', 'eval'))
       python3.12 dump.py --single SRC   (dump compile(SRC, '<single>', 'single'))

For each file it writes a block

    === <path>
    <one line per field, keyed by the code object's path in the tree>

or `=== <path>` followed by `!error <ExceptionType> <lineno> <msg>` when
compile() refuses the source. Every field of every code object is written,
recursively: the exact encoding (hex of bytes and UTF-8-with-surrogates of
strings, the IEEE bits of floats) makes two dumps equal exactly when the code
objects are. `ophis_compiler::dump` writes the same text from Rust; keep the two
in step. The total time spent inside compile() is printed last, as
`# compile_seconds <float>`.
"""

import struct
import sys
import time


def s(x):
    """An exact, printable encoding of a str (lone surrogates included)."""
    b = x.encode("utf-8", "surrogatepass")
    if all(0x21 <= c < 0x7F and c not in (0x5C, 0x27) for c in b):
        return "'" + x + "'"
    return "u" + b.hex()


def const(c):
    t = type(c)
    if c is None:
        return "None"
    if c is Ellipsis:
        return "Ellipsis"
    if t is bool:
        return "True" if c else "False"
    if t is int:
        return "int " + str(c)
    if t is float:
        return "float " + struct.pack(">d", c).hex()
    if t is complex:
        return "complex " + struct.pack(">d", c.real).hex() + " " + struct.pack(">d", c.imag).hex()
    if t is str:
        return "str " + s(c)
    if t is bytes:
        return "bytes " + c.hex()
    if t is tuple:
        return "tuple(" + ", ".join(const(e) for e in c) + ")"
    if t is frozenset:
        return "frozenset(" + ", ".join(sorted(const(e) for e in c)) + ")"
    if t.__name__ == "code":
        return "code " + c.co_qualname
    return "unknown " + repr(c)


def names(t):
    return "(" + ", ".join(s(n) for n in t) + ")"


def dump_code(co, key, out):
    w = lambda field, value: out.append(f"{key}.{field}: {value}")
    w("name", s(co.co_name))
    w("qualname", s(co.co_qualname))
    w("argcount", f"{co.co_argcount} {co.co_posonlyargcount} {co.co_kwonlyargcount}")
    w("flags", hex(co.co_flags))
    w("firstlineno", co.co_firstlineno)
    w("stacksize", co.co_stacksize)
    w("code", co.co_code.hex())
    w("consts", "[" + "; ".join(const(c) for c in co.co_consts) + "]")
    w("names", names(co.co_names))
    w("varnames", names(co.co_varnames))
    w("cellvars", names(co.co_cellvars))
    w("freevars", names(co.co_freevars))
    w("linetable", co.co_linetable.hex())
    w("exceptiontable", co.co_exceptiontable.hex())
    i = 0
    for c in co.co_consts:
        if type(c).__name__ == "code":
            dump_code(c, f"{key}/{i}:{c.co_name}", out)
            i += 1


def dump_source(src, path):
    """Returns (lines, seconds spent in compile())."""
    t = time.perf_counter()
    try:
        co = compile(src, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as e:
        dt = time.perf_counter() - t
        line = getattr(e, "lineno", None)
        msg = getattr(e, "msg", None) or str(e)
        return [f"!error {type(e).__name__} {line} {msg}"], dt
    dt = time.perf_counter() - t
    out = []
    dump_code(co, "<module>", out)
    return out, dt


def main(argv):
    if len(argv) >= 2 and argv[0] == "--marshal":
        import marshal
        with open(argv[1], "rb") as fh:
            co = marshal.loads(fh.read())
        out = []
        dump_code(co, "<module>", out)
        print("\n".join(out))
        return 0
    if len(argv) >= 2 and argv[0] == "--single":
        out = []
        dump_code(compile(argv[1], "<single>", "single", dont_inherit=True), "<module>", out)
        print("\n".join(out))
        return 0
    if len(argv) >= 2 and argv[0] == "--eval":
        out = []
        dump_code(compile(argv[1], "<eval>", "eval", dont_inherit=True), "<module>", out)
        print("\n".join(out))
        return 0
    if len(argv) >= 2 and argv[0] == "--snippet":
        lines, _ = dump_source(argv[1], "<snippet>")
        print("\n".join(lines))
        return 0
    if len(argv) < 1:
        print(__doc__, file=sys.stderr)
        return 2
    out_path, files = argv[0], argv[1:]
    if files == ["-"]:
        files = [l.rstrip("\n") for l in sys.stdin if l.strip()]
    total = 0.0
    chunks = []
    for f in files:
        with open(f, "rb") as fh:
            src = fh.read()
        lines, dt = dump_source(src, f)
        total += dt
        chunks.append(f"=== {f}\n" + "\n".join(lines) + "\n")
    chunks.append(f"# compile_seconds {total:.6f}\n")
    text = "".join(chunks)
    if out_path == "-":
        sys.stdout.write(text)
    else:
        with open(out_path, "w", encoding="utf-8") as fh:
            fh.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
