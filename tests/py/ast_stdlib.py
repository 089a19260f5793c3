# `ast` over CPython's own standard library: for each file, `ast.parse`
# with positions (a checksum of `ast.dump(..., include_attributes=True)`
# and the node count), `compile(tree)` giving the code `compile(source)`
# gives, and `ast.unparse` round trips (the unparsed source parses back to
# the same tree without positions).
import ast
import gc
import os

lib = os.path.dirname(ast.__file__)
NAMES = [
    "abc.py", "argparse.py", "base64.py", "bisect.py", "calendar.py", "cmd.py",
    "codecs.py", "colorsys.py", "contextlib.py", "copy.py", "csv.py", "dataclasses.py",
    "datetime.py", "difflib.py", "enum.py", "fnmatch.py", "fractions.py", "functools.py",
    "gettext.py", "glob.py", "heapq.py", "inspect.py", "ipaddress.py", "keyword.py",
    "linecache.py", "numbers.py", "operator.py", "pprint.py", "queue.py", "random.py",
    "reprlib.py", "shlex.py", "statistics.py", "string.py", "textwrap.py", "tokenize.py",
    "typing.py", "uuid.py", "warnings.py", "weakref.py", "zipapp.py",
    "asyncio/tasks.py", "json/decoder.py", "re/_parser.py", "collections/__init__.py",
]


def checksum(text):
    h = 0
    for ch in text.encode():
        h = (h * 131 + ch) & 0xFFFFFFFFFFFF
    return h


def key(c):
    if hasattr(c, "co_code"):
        return (c.co_name, c.co_qualname, c.co_code, c.co_flags, c.co_names, c.co_varnames,
                c.co_cellvars, c.co_freevars, c.co_linetable, c.co_exceptiontable,
                c.co_firstlineno, c.co_stacksize, tuple(key(k) for k in c.co_consts))
    if isinstance(c, tuple):
        return tuple(key(k) for k in c)
    if isinstance(c, frozenset):
        return ("frozenset", tuple(sorted(map(repr, c))))
    return (type(c).__name__, repr(c))


totals = {}
for name in NAMES:
    with open(os.path.join(lib, name), encoding="utf-8") as fh:
        src = fh.read()
    tree = ast.parse(src, name)
    dump = ast.dump(tree, include_attributes=True)
    count = 0
    for node in ast.walk(tree):
        count += 1
        totals[type(node).__name__] = totals.get(type(node).__name__, 0) + 1
    same_code = key(compile(tree, name, "exec")) == key(compile(src, name, "exec"))
    back = ast.parse(ast.unparse(tree))
    round_trip = ast.dump(back) == ast.dump(tree)
    print(name, len(dump), checksum(dump), count, same_code, round_trip)
    del tree, back
    gc.collect()
print(sorted(totals.items()))
