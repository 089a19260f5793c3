# The _tokenize module under CPython's tokenize.py: token streams of tricky
# snippets (f-strings, NL/NEWLINE, INDENT/DEDENT, continuation lines, tabs,
# CRLF, unicode, numbers, string prefixes, multi-line strings), the errors,
# tokenize() on bytes with encodings, readline protocols, and two real
# files of the standard library.
import io
import os
import token
import tokenize
import _tokenize


def show(src):
    print("==", repr(src))
    try:
        for t in tokenize.generate_tokens(io.StringIO(src).readline):
            name = tokenize.tok_name[t.type]
            if t.type == token.OP:
                name += "/" + tokenize.tok_name[t.exact_type]
            print(" ", name, repr(t.string), t.start, t.end, repr(t.line))
    except tokenize.TokenError as e:
        print("  TokenError", e.args)
    except SyntaxError as e:
        print(" ", type(e).__name__, e.args)


SNIPPETS = [
    "x", "x\n", "", "\n\n", "# only\n", "x # c", "x = 1\n  ",
    "if x:\n  y\n\n# c\n  \nz\r\n",
    "def f():\n    if x:\n        return 1\n",
    "if x:\n    pass\n  # c\n",
    "class A:\n    def f(self):\n        pass\n\n    # c\nx\n",
    "a\r\n\r\n  \r\nb\r\n", "x\r", "a\rb\n", "\x0cx\n",
    "s = '''a\nb''' + 1\n", "x = '''\n\u00fc\n''' ; y\n",
    "(1,\n 2)\n", "x = [\n  1,  # c\n\n  2]\n",
    "a \\\n b\n", "  \\\n x\n", "x\\\ny\n", "x = 'a\\\nb'\n",
    "0x_1 1_000j 1e-5 .5 1. 0o17 0b1", "1.e5 1_000.000_1e+1_0J\n",
    "1.5j 1e5J 0j 0e0 0.0 00.5 0_0 007 09\n", "1if x else 2\n", "1e\n",
    "$ ? ! \u20acx", "\u00e9 = '\u00fc' + f'{\u00e9!r:\u00fc>{\u00fc}}' # \u00fc\n",
    "rb'x' Rb'y' u'z' BR'w' f'' rf'{x}' Fr'a'\n", "x = u'a' ur'b'\n",
    "''''a'''''\n", "'\\''\n", "b'\\\r\n'\n",
    "a -> b **= c := d ... @= <> != == >>= //=\n", "a.b..c...d....e\n",
    "f'a{{b}}c{x!r:>{w}} {y=}'\n", "f'{x:}'\n", "f'{x:{y:{z}}}'\n",
    "f'{x=!r:^20}'\n", "f'{x:=10}' f'{(x:=10)}'\n", "f'{x:{{}}}'\n",
    'f"{f"{x}"}"\n', "f'{f'{f'{f'{x}'}'}'}'\n",
    "f'{x!r}' f'{(lambda y: y)(1)}' f'\\N{BULLET} {{}}'\n",
    "f'''a\n{x\n}b'''\n", "f'''{x:\n}'''\n", "f'{x:a\n}'\n",
    "f'''x''y'''\n", "f'''\n{\nx\n!r\n:\n}\n'''\n", "print(f'{{')\n",
    "f'{\"a\"}' f\"{'''x'''}\"\n", "rf'a\\{x}'\n", "f'{x#}'\n",
    "x = ) ]\n", "@dec\ndef f(a, *, b=1, **k) -> int: ...\n",
    "try:\n  pass\nexcept* E:\n  pass\n",
    "match x:\n  case [1, *r]:\n    pass\n", "type X = int\n",
    "async def f():\n    await x\n",
    "\tif x:\n\t\ty\n", "if x:\n\tpass\n",
    # errors
    "x = (\n", "'abc\n", "'''abc\n", "x = '''a\nb\n", "x\\\n", "\\",
    "x = 1 \\ y\n", "if x:\n    a\n  b\n", "\tif x:\n        y\n",
    "if 1:\n  x\n\ty\n", "1__0\n", "1_\n", "1e+\n", "0xg\n", "0b12\n",
    "0o8\n", "0o\n", "x = 1\x00\n", "\x01\n", "f'{x\n", "f'abc\n",
    "f'''abc\n", "f'{a}}'\n", "f'{a'\n",
    "if 1:\n" + "".join(" " * i + "if 1:\n" for i in range(1, 101)),
]

for s in SNIPPETS:
    show(s)

# tokenize() on bytes: the ENCODING token and decoding with the encoding.
for data in [b"# -*- coding: latin-1 -*-\nx = '\xe9'\n",
             b"\xef\xbb\xbfx = '\xc3\xa9'\n", b"x = 1\r\ny = 2", b""]:
    print("== bytes", data)
    for t in tokenize.tokenize(io.BytesIO(data).readline):
        print(" ", tokenize.tok_name[t.type], repr(t.string), t.start, t.end, repr(t.line))

# The readline protocol: lazily called, StopIteration ends, errors pass.
calls = []
lines = iter(["a = (1,\n", "2)\n", "b\n"])
def readline():
    calls.append(1)
    return next(lines)
it = tokenize.generate_tokens(readline)
print(next(it).string, len(calls))
print([t.string for t in it], len(calls))

def bad_type():
    return 5
def bad_bytes():
    return "x\n"
def raising():
    raise ValueError("boom")
for rl, enc in [(bad_type, None), (bad_bytes, "utf-8"), (raising, None)]:
    try:
        list(_tokenize.TokenizerIter(rl, extra_tokens=True, encoding=enc) if enc
             else _tokenize.TokenizerIter(rl, extra_tokens=True))
    except Exception as e:
        print(type(e).__name__, e)

raw = _tokenize.TokenizerIter(io.StringIO("x = 'y'\n").readline, extra_tokens=True)
print(iter(raw) is raw, list(raw))
try:
    _tokenize.TokenizerIter(io.StringIO("").readline)
except TypeError as e:
    print("TypeError", e)

# Two real files of the standard library, through tokenize.open.
libdir = os.path.dirname(os.__file__)
for name in ["keyword.py", "tokenize.py"]:
    path = os.path.join(libdir, name)
    with tokenize.open(path) as f:
        print("== file", name, f.encoding)
        toks = list(tokenize.generate_tokens(f.readline))
    counts = {}
    for t in toks:
        counts[tokenize.tok_name[t.type]] = counts.get(tokenize.tok_name[t.type], 0) + 1
    print(len(toks), sorted(counts.items()))
    if name == "keyword.py":
        for t in toks:
            print(" ", tokenize.tok_name[t.exact_type], repr(t.string), t.start, t.end)
    else:
        for t in toks[::97]:
            print(" ", tokenize.tok_name[t.exact_type], repr(t.string), t.start, t.end, repr(t.line))
    with open(path, encoding="utf-8") as f:
        print("untokenize round trip:", tokenize.untokenize(toks) == f.read())

# `\{` in a non-raw f-string: a SyntaxWarning through the warning filters.
import warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    show("f'a\\{x}' f'\\}}'\nrf'\\{x}'\n")
print([(w.category.__name__, str(w.message), w.filename, w.lineno) for w in caught])
with warnings.catch_warnings():
    warnings.simplefilter("error")
    show("x = 1\nf'a\\{x}'\n")

# Odd sources: lone surrogates, bytes without an encoding, undecodable
# bytes (replaced), unknown encodings, several lines in one chunk, chunks
# without line ends, a bad encoding argument.
def run(lines, **kw):
    it = iter(lines)
    try:
        print([t[:2] for t in _tokenize.TokenizerIter(lambda: next(it), extra_tokens=True, **kw)])
    except Exception as e:
        print(type(e).__name__, e)


run(["x = '\ud800'\n"])
run([b"x\n"])
run([b"x = '\xff'\n"], encoding="utf-8")
run([b"x\n"], encoding="nope")
run(["a\nb\n", "c\n"])
run(["x = 1", " + 2\n"])
run(["'''a", "b'''\n"])
try:
    _tokenize.TokenizerIter(lambda: "", extra_tokens=True, encoding=5)
except TypeError as e:
    print("TypeError", e)
print(type(_tokenize.TokenizerIter(lambda: "", extra_tokens=1)).__name__)
