"""The common mistakes whose SyntaxError tests/syntax_errors.rs checks.

usage: python3.12 tests/oracle/syntax_errors.py   (from crates/compiler)

Writes tests/golden/syntax_errors.txt: for each (mode, source) below, the
fields of the SyntaxError CPython 3.12.1's compile(source, 's.py', mode)
raises (or "compiled"), one case per line, tab-separated, with backslash,
tab, newline and carriage return escaped and None written as <None>.
"""
import os
import sys

CASES = [
    ('exec', "print 'hello'\n"),
    ('exec', 'if x\n    pass\n'),
    ('exec', 'def f()\n    pass\n'),
    ('exec', 'x = [1, 2\n'),
    ('exec', 'x = (1, 2]\n'),
    ('exec', 'foo(\n'),
    ('exec', 'x = 1 +\n'),
    ('exec', 'for x in y\n    pass\n'),
    ('exec', 'while True\n    pass\n'),
    ('exec', 'class C\n    pass\n'),
    ('exec', 'else:\n    pass\n'),
    ('exec', 'x === 1\n'),
    ('exec', 'f(x for x in y, 1)\n'),
    ('exec', 'def f(x, x): pass\n'),
    ('exec', "x = 'abc\n"),
    ('exec', 'x = """abc\n'),
    ('exec', 'import\n'),
    ('exec', 'from x import\n'),
    ('exec', 'lambda x: yield\n'),
    ('exec', 'a, b += 1\n'),
    ('exec', 'f() = 1\n'),
    ('exec', 'None = 1\n'),
    ('exec', 'def f(**a, b): pass\n'),
    ('exec', 'def f(a=1, b): pass\n'),
    ('exec', 'x = 1 if y\n'),
    ('exec', 'return\n'),
    ('exec', 'yield x\n'),
    ('exec', 'await x\n'),
    ('exec', 'async def f():\n    yield from x\n'),
    ('exec', 'def f():\n    nonlocal x\n'),
    ('exec', 'global x\nx = 1\nglobal x\n'),
    ('exec', 'try:\n    pass\n'),
    ('exec', 'x = {1: 2, 3}\n'),
    ('exec', 'f(a=1, a=2)\n'),
    ('exec', 'f(a=1, 2)\n'),
    ('exec', 'del 1\n'),
    ('exec', 'x += 1 = 2\n'),
    ('exec', 'with open(f) as 1: pass\n'),
    ('exec', '0777\n'),
    ('exec', 'x = 1e\n'),
    ('exec', '@\ndef f(): pass\n'),
    ('exec', 'continue\n'),
    ('exec', 'class C:\n    return 1\n'),
    ('exec', 'def f():\n  x = 1\n    y = 2\n'),
    ('exec', 'if True:\n        x = 1\n    y = 2\n'),
    ('exec', 'x = $\n'),
    ('exec', "'a' 'b' = 1\n"),
    ('exec', "f'{}'\n"),
    ('exec', "f'{x!z}'\n"),
    ('exec', "print(f'{x')\n"),
    ('exec', 'x: int = 1 = 2\n'),
    ('exec', 'import a.b as\n'),
    ('exec', 'True = 1\n'),
    ('exec', '__debug__ = 1\n'),
    ('exec', 'def f(*): pass\n'),
    ('exec', 'x = yield = 1\n'),
    ('exec', '[x for x in]\n'),
    ('exec', '(*x)\n'),
    ('exec', '*x = 1\n'),
    ('exec', 'a if b\n'),
    ('exec', 'x = (\n'),
    ('exec', 'def f():\nreturn 1\n'),
    ('exec', 'if x:\n\tpass\n        pass\n'),
    ('exec', '1 = 2\n'),
    ('eval', 'x = 1'),
    ('single', 'x = 1\ny = 2\n'),
    ('exec', 'break\n'),
    ('exec', 'x = 1\ny = (1,\n     2]\n'),
    ('exec', 'x = 1)\n'),
    ('exec', 'foo(1, 2\nbar()\n'),
    ('exec', 'x = [1, 2\ny = 3\n'),
    ('exec', "s = 'café' + $\n"),
    ('exec', 'x = 1\n  y = 2\n'),
    ('exec', 'x = €\n'),
    ('exec', 'x = 0x\n'),
    ('exec', 'x = 1_000_\n'),
    ('exec', 'x = 0b102\n'),
    ('exec', 'x = 0o8\n'),
    ('exec', 'x = 1__0\n'),
    ('exec', 'x = 5abc\n'),
    ('exec', 'for x in range(3):\npass\n'),
    ('exec', 'class C:\npass\n'),
    ('exec', 'while x:\n    pass\n  else:\n    pass\n'),
    ('exec', 'if x:\n    pass\nelif y\n    pass\n'),
    ('exec', 'def f(x):\n    return x +\n'),
    ('exec', 'print "hi"\n'),
    ('exec', "exec 'code'\n"),
    ('exec', 'def f(a, /, b, /): pass\n'),
    ('exec', 'def f(*, **k): pass\n'),
    ('exec', "x = {'a': 1 'b': 2}\n"),
    ('exec', 'f(**k, *a)\n'),
    ('exec', 'import a as b.c\n'),
    ('exec', 'from . import *, x\n'),
    ('exec', 'def f():\n    from x import *\n'),
    ('exec', 'x = [i for i in range(3) if]\n'),
    ('exec', 'try:\n    pass\nexcept:\n    pass\nexcept ValueError:\n    pass\n'),
    ('exec', 'x += 1 += 2\n'),
    ('exec', '(a, b) += 1\n'),
    ('exec', '[a, b] += 1\n'),
    ('exec', 'f(x) += 1\n'),
    ('exec', 'del f()\n'),
    ('exec', 'del (a, 1)\n'),
    ('exec', 'x = lambda: (yield)\n'),
    ('exec', 'nonlocal x\n'),
    ('exec', 'def f(a):\n    global a\n'),
    ('exec', 'a, *b, *c = d\n'),
    ('exec', "x = 'abc\ny = 1\n"),
    ('exec', 'x = """abc\n\ny = 1\n'),
    ('exec', 'if x = 1:\n    pass\n'),
    ('exec', 'while x = 1:\n    pass\n'),
    ('exec', 'f(a for a in b for)\n'),
    ('exec', 'x = yield\n'),
    ('exec', 'def f():\n    x = 1\n   y = 2\n'),
    ('exec', 'with a as b, c as 1: pass\n'),
    ('exec', 'for 1 in x: pass\n'),
    ('exec', 'a.b: int\nc(): int\n'),
    ('exec', 'async = 1\n'),
    ('exec', 'def f(x=1, /, y): pass\n'),
    ('exec', 'match x:\n    case 1 + 1:\n        pass\n'),
    ('exec', "f'{x!}'\n"),
    ('exec', "f'{x:{y:{z}}}'\n"),
    ('exec', 'x = [1, 2, 3\n\n\n'),
    ('exec', 'x = 1 if 2 else\n'),
    ('exec', 'class C(x for x in y): pass\n'),
    ('exec', 'def f[T](x: T) -> T: return x\ndef g[T, T](): pass\n'),
    ('exec', 'x = 1\n\n\nfoo(\n'),
    ('exec', '  x = 1\n'),
    ('exec', 'if True:\n\n  pass\n pass\n'),
    ('exec', "x = 'a' 'b\n"),
    ('exec', 'x = (1 +\n     2\n'),
    ('exec', 'é = $\n'),
    ('exec', 'print(1, 2 3)\n'),
    ('exec', 'f(a, b for b in c)\n'),
    ('exec', 'return 1\nx = (\n'),
    ('exec', 'x = 1 +* 2\n'),
    ('exec', 'x = not\n'),
    ('exec', 'x = ('),
    ('exec', '1 +'),
    ('exec', 'x = 1 +'),
    ('single', 'x = ('),
    ('single', '1 +'),
    ('single', 'x = 1 +'),
    ('eval', 'x = ('),
    ('eval', '1 +'),
    ('eval', 'x = 1 +'),
]


def esc(v):
    if v is None:
        return "<None>"
    s = str(v)
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def main():
    if sys.version_info[:3] != (3, 12, 1):
        sys.exit(f"syntax_errors.py must run on CPython 3.12.1, not {sys.version.split()[0]}")
    rows = []
    for mode, src in CASES:
        try:
            compile(src, "s.py", mode)
            fields = ["compiled"]
        except SyntaxError as e:
            fields = [type(e).__name__, e.msg, e.lineno, e.offset, e.text, e.end_lineno, e.end_offset]
        rows.append("\t".join(esc(f) for f in [mode, src] + fields))
    here = os.path.join(os.path.dirname(__file__), "..", "golden", "syntax_errors.txt")
    with open(here, "w", encoding="utf-8") as fh:
        fh.write("\n".join(rows) + "\n")


main()
