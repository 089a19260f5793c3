# The `_ast` module under CPython's own `ast.py`: the node classes, AST's
# constructor rules and pickling protocol, `ast.parse` (`compile` with
# PyCF_ONLY_AST) on the whole 3.12 grammar and on standard-library files,
# `compile(tree)` giving the same code as the source, the errors of
# invalid trees, and ast.py's pure-Python helpers.
import ast
import _ast
import copy
import os

print("== module")
names = sorted(n for n in dir(_ast) if not n.startswith("__"))
print(len(names), names[:8], names[-8:])
print(_ast.PyCF_ONLY_AST, _ast.PyCF_TYPE_COMMENTS, _ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
print(ast.PyCF_ONLY_AST, ast.AST is _ast.AST)

print("== classes")
for name in ["AST", "mod", "Module", "Expression", "stmt", "FunctionDef", "expr", "Constant",
             "Name", "expr_context", "Load", "operator", "Add", "arguments", "arg",
             "keyword", "alias", "withitem", "match_case", "pattern", "MatchAs",
             "excepthandler", "ExceptHandler", "type_param", "TypeVar", "comprehension",
             "TypeIgnore"]:
    c = getattr(ast, name)
    own = sorted(k for k in vars(c) if k not in ("__doc__", "__weakref__", "n", "s"))
    print(name, c.__module__, c.__mro__[1].__name__, c._fields, c._attributes,
          c.__match_args__, own)
    print("   ", repr(c.__doc__))
print(ast.FunctionDef.returns, ast.stmt.end_lineno, ast.arg.type_comment)
print(hasattr(ast.FunctionDef, "body"), hasattr(ast.AST(), "__dict__"))
print(issubclass(ast.AsyncFor, ast.stmt), issubclass(ast.Load, ast.expr_context))
print(type(ast.Module), type(ast.AST).__name__)

print("== constructor")
def show(f):
    try:
        r = f()
    except Exception as e:
        print("  ", type(e).__name__, e)
    else:
        print("  ", ast.dump(r, include_attributes=True) if isinstance(r, ast.AST) else r)

show(lambda: ast.Name("x", ast.Load()))
show(lambda: ast.Name(id="x", ctx=ast.Store(), lineno=3, col_offset=1))
show(lambda: ast.Name("a", ast.Load(), 3))
show(lambda: ast.Pass(1))
show(lambda: ast.arg(1, 2, 3, 4))
show(lambda: ast.Name("a", id="b"))
show(lambda: vars(ast.Name("a", foo=3, lineno=1)))
show(lambda: ast.AST(1))
show(lambda: ast.AST(foo=1).foo)
show(lambda: ast.FunctionDef().body)
show(lambda: ast.FunctionDef().returns)
show(lambda: ast.Constant(5).kind)
show(lambda: ast.BinOp(ast.Constant(1), ast.Add(), ast.Constant(2)))
n = ast.Name("x", ast.Load(), lineno=1, col_offset=0)
r = n.__reduce__()
print(r[0], r[1], sorted(r[2]), r[2]["ctx"] is n.ctx)
print(ast.Load().__reduce__())
m = copy.deepcopy(ast.parse("f(x, y=2)"))
print(ast.dump(m))
class MyNode(ast.AST):
    _fields = ("a", "b")
print(ast.dump(MyNode(1, b=2)))
show(lambda: MyNode(1, 2, 3))
n.extra = [1, 2]
print(sorted(vars(n)), n.extra)
del n.extra
print(hasattr(n, "extra"))

print("== singletons")
t = ast.parse("a = b + c - d; a.x = 1; del y")
loads = [x.ctx for x in ast.walk(t) if isinstance(x, ast.Name) and isinstance(x.ctx, ast.Load)]
print(len(loads), all(x is loads[0] for x in loads), loads[0] is ast.Load())
ops = [x.op for x in ast.walk(t) if isinstance(x, ast.BinOp)]
print([type(o).__name__ for o in ops])

GRAMMAR = '''\
"""Module docstring."""
from __future__ import annotations
import os, sys as system
from . import sibling
from ..pkg.mod import (a as b, c)
x: int = 1
y: list[int]
z = w = (1, 2.5, 3j, "s", b"b", u"u", None, True, False, ...)
x += 1; x -= 2; x *= 3; x @= m; x /= 4; x //= 5; x %= 6; x **= 7
x <<= 1; x >>= 2; x |= 3; x &= 4; x ^= 5
a, *b, c = range(10)
[d, (e, f)] = [1, (2, 3)]
obj.attr.sub = seq[1:2, ::3][...] = lst[i]
del obj.attr, seq[0], name
@decorator
@decorator.with_args(1, key="v")
def func(a, b=1, /, c=2, *args, d, e=3, **kwargs) -> "ret":
    """Doc."""
    global G
    nonlocal_value = lambda x, *y, z=1, **w: (x, y, z, w)
    def inner():
        nonlocal nonlocal_value
        return nonlocal_value
    yield a
    yield from b
    return inner
async def coro(session):
    async with session.get(url) as resp, other as (p, q):
        data = await resp.json()
    async for item in aiter():
        print(item)
    result = [i async for i in agen() if await pred(i)]
    return await asyncio.sleep(0)
class C(Base, metaclass=Meta, **extra):
    attr: int = 0
    def method(self): return super().method()
class Generic[T: int, *Ts, **P]:
    def m[U](self, u: U) -> T: ...
type Alias[K] = dict[K, list[K]]
type Simple = int
if a and b or not c:
    pass
elif a is not b and c not in d:
    pass
else:
    pass
while x < y <= z != w:
    break
else:
    done = 1
while True:
    continue
for i, j in enumerate(range(3)):
    if i: continue
else:
    pass
try:
    risky()
except (ValueError, TypeError) as exc:
    raise RuntimeError("bad") from exc
except Exception:
    raise
else:
    ok = True
finally:
    cleanup()
try:
    group()
except* OSError as eg:
    handle(eg)
except* (KeyError, IndexError):
    pass
with open(f) as fh, lock:
    fh.read()
with (open(a) as x, open(b) as y):
    pass
assert x > 0, "message"
match command.split():
    case [action]:
        pass
    case [action, obj, *rest] if obj:
        pass
    case {"key": value, **others}:
        pass
    case Point(x=0, y=0) | Point(1, 2):
        pass
    case (1 | 2 | 3) as number:
        pass
    case -1 | 1.5 | 2j | -3+4j | "str" | b"bytes" | None | True | False:
        pass
    case Color.RED:
        pass
    case [*_]:
        pass
    case _:
        pass
print(f"{name!r:>{width}} and {value=} {x:.{p}f} {{literal}} {'nested' + f'{inner}'}")
squares = {k: v ** 2 for k, v in items if k if v}
unique = {x for x in data}
gen = (x for x in data for y in x)
matrix = [[i * j for j in range(3)] for i in range(3)]
if (n := len(data)) > 10: pass
result = a if cond else b
call(*args, **kwargs, key=value)
bits = ~a + -b - +c
s = a < b > c == d >= e <= f
implicit = "con" "cat" \\
    "enation"
big = 123456789012345678901234567890
'''

print("== grammar")
tree = ast.parse(GRAMMAR)
print(ast.dump(tree, include_attributes=True, indent=1))
code_src = compile(GRAMMAR, "<grammar>", "exec")
code_tree = compile(tree, "<grammar>", "exec")

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

print("same code:", key(code_src) == key(code_tree))
print(ast.unparse(tree))

print("== modes")
e = ast.parse("1 + x * 2", mode="eval")
print(ast.dump(e, include_attributes=True))
print(eval(compile(e, "<e>", "eval"), {"x": 5}))
s = ast.parse("x = 5; print(x)", mode="single")
print(ast.dump(s))
exec(compile(s, "<s>", "single"))
exec(compile(ast.parse("1 + 2", mode="single"), "<s>", "single"))
print(compile(e, "<e>", "eval", ast.PyCF_ONLY_AST) is e)
for src, mode in [("x = (", "exec"), ("a b", "eval"), ("x = 1\ny = 2\n", "single")]:
    try:
        ast.parse(src, mode=mode)
    except SyntaxError as err:
        print(type(err).__name__, err.msg, err.lineno)

print("== library files")
lib = os.path.dirname(ast.__file__)
for name in ["textwrap.py", "string.py", "bisect.py", "colorsys.py", "keyword.py",
             "dataclasses.py", "ast.py", "fnmatch.py"]:
    with open(os.path.join(lib, name), encoding="utf-8") as fh:
        src = fh.read()
    t = ast.parse(src, name)
    d = ast.dump(t, include_attributes=True)
    h = 0
    for ch in d.encode():
        h = (h * 131 + ch) & 0xFFFFFFFFFFFF
    same = key(compile(t, name, "exec")) == key(compile(src, name, "exec"))
    print(name, len(d), h, sum(1 for _ in ast.walk(t)), same)
with open(os.path.join(lib, "textwrap.py"), encoding="utf-8") as fh:
    print(ast.dump(ast.parse(fh.read()), include_attributes=True)[:3000])

print("== invalid trees")
def bad(tree, mode="exec"):
    try:
        compile(tree, "<bad>", mode)
    except Exception as err:
        print("  ", type(err).__name__, err)
    else:
        print("   compiled")

L = dict(lineno=1, col_offset=0)
bad(ast.Module([ast.Expr(ast.Name("x", ast.Load()))], []))
bad(ast.Module([ast.Expr(1, **L)], []))
bad(ast.Module([ast.Expr(ast.Name(1, ast.Load(), **L), **L)], []))
bad(ast.Module(5, []))
bad(ast.Module([], []), "eval")
bad(ast.Expression(ast.Constant(1)), "exec")
bad(ast.Module(), "exec")
bad(ast.Module([ast.Expr(None, **L)], []))
bad(ast.Module([ast.Expr(ast.Name("x", ast.Store(), **L), **L)], []))
bad(ast.Module([ast.Expr(ast.Name("x", ast.Load, **L), **L)], []))
bad(ast.Module([ast.Expr(ast.Constant([1], **L), **L)], []))
bad(ast.Module([ast.Expr(ast.Constant(1), lineno="a", col_offset=0)], []))
bad(ast.Module([ast.Expr(ast.Constant(1), **L)], []))
bad(ast.Module([ast.FunctionDef("f", ast.arguments(), [], [], **L)], []))
bad(ast.Module([ast.Expr(ast.Constant(1, **L), **L)], []))
bad(ast.Module([ast.Expr(ast.Constant(1, kind=3, **L), **L)], []))
bad(ast.Module([ast.Assign([ast.Name("x", ast.Load(), **L)], ast.Constant(1, **L), **L)], []))
bad(ast.Module([ast.Expr(ast.Name("True", ast.Load(), **L), **L)], []))
bad(ast.Module([ast.Expr(ast.Call(ast.Name("print", ast.Load(), **L), 7, [], **L), **L)], []))
bad(ast.Module([ast.Expr(ast.BinOp(ast.Constant(1, **L), ast.Add, ast.Constant(2, **L), **L), **L)], []))
bad(ast.Module([ast.Expr(ast.Compare(ast.Constant(1, **L), [], [], **L), **L)], []))
bad(ast.Expression(ast.Dict([ast.Constant(1, **L)], [], **L)), "eval")
bad(ast.Expression(ast.BoolOp(ast.And(), [ast.Constant(1, **L)], **L)), "eval")
bad(ast.Interactive([ast.Pass(**L)]), "single")
bad("x = 1", "func_type")

print("== validator")
def P(): return ast.Pass(**L)
def N(i, c=None): return ast.Name(i, c or ast.Load(), **L)
cases = [
 ast.Try([P()], [], [], []),
 ast.Try([P()], [], [P()], [P()]),
 ast.TryStar([P()], [], [], []),
 ast.Global([], **L), ast.Nonlocal([], **L), ast.Import([], **L), ast.ImportFrom('m', [], 0, **L),
 ast.Raise(None, N('x'), **L),
 ast.Match(N('x'), [], **L),
 ast.Delete([], **L),
 ast.With([], [P()], **L),
 ast.Expr(ast.Call(N('f'), [], [ast.keyword('a', None, **L)], **L), **L),
 ast.Expr(ast.Lambda(ast.arguments(defaults=[ast.Constant(1, **L)]), ast.Constant(1, **L), **L), **L),
 ast.Expr(ast.Starred(N('x'), ast.Load(), **L), **L),
 ast.Expr(ast.JoinedStr([ast.Constant(1, **L)], **L), **L),
 ast.Expr(ast.FormattedValue(N('x'), 7, None, **L), **L),
 ast.Expr(ast.Await(N('x'), **L), **L),
 ast.Return(N('x'), **L),
 ast.Break(**L),
 ast.Expr(ast.Yield(None, **L), **L),
 ast.Expr(ast.Set([], **L), **L),
 ast.Expr(ast.Slice(None, None, None, **L), **L),
 ast.Expr(ast.Subscript(N('a'), ast.Slice(None, None, None, **L), ast.Load(), **L), **L),
 ast.Expr(ast.Tuple([ast.Starred(N('x'), ast.Load(), **L)], ast.Load(), **L), **L),
 ast.Assign([ast.Starred(N('x', ast.Store()), ast.Store(), **L)], ast.Constant(1, **L), **L),
 ast.Match(N('x'), [ast.match_case(ast.MatchAs(None, 'y', **L, end_lineno=1, end_col_offset=1), None, [P()])], **L),
 ast.Match(N('x'), [ast.match_case(ast.MatchStar('y', **L, end_lineno=1, end_col_offset=1), None, [P()])], **L),
 ast.Match(N('x'), [ast.match_case(ast.MatchValue(N('y'), **L, end_lineno=1, end_col_offset=1), None, [P()])], **L),
 ast.Match(N('x'), [ast.match_case(ast.MatchAs(ast.MatchAs(None, None, **L, end_lineno=1, end_col_offset=1), None, **L, end_lineno=1, end_col_offset=1), None, [P()])], **L),
 ast.Match(N('x'), [ast.match_case(ast.MatchSingleton(5, **L, end_lineno=1, end_col_offset=1), None, [P()])], **L),
 ast.Match(N('x'), [ast.match_case(ast.MatchClass(N('C'), [], ['a'], [], **L, end_lineno=1, end_col_offset=1), None, [P()])], **L),
 ast.Match(N('x'), [ast.match_case(ast.MatchMapping([], [ast.MatchAs(None, None, **L, end_lineno=1, end_col_offset=1)], None, **L, end_lineno=1, end_col_offset=1), None, [P()])], **L),
 ast.FunctionDef('f', ast.arguments(), [P()], [], type_params=[ast.TypeVar('T', **L, end_lineno=1, end_col_offset=1)], **L),
 ast.ClassDef('C', [], [], [P()], [], **L),
 ast.AnnAssign(N('x', ast.Store()), N('int'), None, 5, **L),
 ast.AnnAssign(ast.Tuple([], ast.Store(), **L), N('int'), None, 0, **L),
 ast.ImportFrom(None, [ast.alias('x', **L)], 0, **L),
 ast.Expr(ast.Constant(1, **L), lineno=1, col_offset=0, end_lineno=None, end_col_offset=None),
]
for s in cases:
    try:
        compile(ast.Module([s], []), '<c>', 'exec')
        print(type(s).__name__, 'ok')
    except Exception as e:
        print(type(s).__name__, type(e).__name__, e)

# One position changed at a time in a real tree (a fixed pseudo-random walk).
class LCG:
    def __init__(self, seed):
        self.s = seed
    def choice(self, xs):
        self.s = (self.s * 6364136223846793005 + 1442695040888963407) % 2**64
        return xs[(self.s >> 33) % len(xs)]
rnd = LCG(7)
with open(os.path.join(os.path.dirname(ast.__file__), "textwrap.py"), encoding="utf-8") as fh:
    tw_src = fh.read()
for trial in range(120):
    t = ast.parse(tw_src)
    ns = [n for n in ast.walk(t) if hasattr(n, "lineno")]
    n = rnd.choice(ns)
    field = rnd.choice(["lineno", "col_offset", "end_lineno", "end_col_offset"])
    setattr(n, field, rnd.choice([0, -1, -5, 1, 2, 10**6, 2**31 - 1, 2**31, None]))
    try:
        compile(t, "tw", "exec")
        r = "ok"
    except Exception as e:
        r = type(e).__name__ + ": " + str(e)
    print(trial, type(n).__name__, field, r)

# Two fields changed at a time (emptied, None, another node, ...): the
# first error CPython reports, addresses left out.
import re
rnd = LCG(1)
P = dict(lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)
for trial in range(150):
    t = ast.parse(tw_src)
    nodes = list(ast.walk(t))
    changed = []
    for _ in range(2):
        n = rnd.choice(nodes)
        if not n._fields:
            continue
        f = rnd.choice(list(n._fields))
        v = rnd.choice(["empty", "none", "donor", "list_donor", "pass", "const", "name"])
        val = {"empty": [], "none": None, "pass": ast.Pass(**P), "const": ast.Constant(1, **P),
               "name": ast.Name("zz", ast.Store(), **P)}.get(v)
        if v == "donor":
            val = rnd.choice(nodes)
        elif v == "list_donor":
            val = [rnd.choice(nodes)]
        changed.append(f"{type(n).__name__}.{f}={v}")
        setattr(n, f, val)
    try:
        compile(t, "tw", "exec")
        r = "ok"
    except RecursionError:
        r = "RecursionError"
    except Exception as e:
        r = type(e).__name__ + ": " + re.sub(" at 0x[0-9a-f]+", "", str(e))[:100]
    print(trial, " ".join(changed), r)

print("== helpers")
print(ast.literal_eval("{'a': [1, 2.5, -3j, (True, None)], 'b': {1, 2}, 'c': b'x'}"))
print(ast.literal_eval("-1 + 2j"))
try:
    ast.literal_eval("f(1)")
except ValueError as err:
    print("ValueError", str(err)[:40])
t = ast.parse("def f(a):\n    '''Doc string.'''\n    return a + 1\n")
print(ast.get_docstring(t.body[0], clean=False))
print([type(n).__name__ for n in ast.walk(t)])
print([(k, type(v).__name__) for k, v in ast.iter_fields(t.body[0].body[1])])

class Doubler(ast.NodeTransformer):
    def visit_Constant(self, node):
        if isinstance(node.value, int):
            return ast.copy_location(ast.Constant(node.value * 2), node)
        return node
t2 = ast.fix_missing_locations(Doubler().visit(ast.parse("x = 1 + 2\nprint(x, 'y')")))
print(ast.unparse(t2))
exec(compile(t2, "<t2>", "exec"))
new = ast.Module([ast.Expr(ast.Call(ast.Name("print", ast.Load()), [ast.Constant("built")], []))], [])
exec(compile(ast.fix_missing_locations(new), "<new>", "exec"))
ast.increment_lineno(t2, 10)
print(t2.body[0].lineno, t2.body[1].end_lineno)
src = "value = compute(alpha,\n    beta)\n"
node = ast.parse(src).body[0].value
print(repr(ast.get_source_segment(src, node)))
class Counter(ast.NodeVisitor):
    def __init__(self):
        self.names = []
    def visit_Name(self, node):
        self.names.append(node.id)
        self.generic_visit(node)
c = Counter()
c.visit(ast.parse("a = b + f(c, d=e)"))
print(c.names)
match ast.parse("x = 1").body[0]:
    case ast.Assign([ast.Name(target)], ast.Constant(value)):
        print("matched", target, value)
print(ast.dump(ast.parse("x = u'a' 'b' f'c'", type_comments=True)))
for s in ["u'a' f'{x}b'", "f'c' u'a'", "'a' u'b'", "u'a' 'b'", "u'a' f'c'", "f'user{x}'",
          "f'{x}' u'b'", "u'x'", "U'x'", "f'a' f'{x}' u'c'", "(\n u'x')", "[u'a',u'b']"]:
    print(s, ast.dump(ast.parse(s, mode="eval").body, include_attributes=True))
print("== unparse escapes")
for s in ['"a\\tb\\n"', '"\\x00\\x7f\\xe9\\u20ac\\U0001f600 \\\\ \'q\'"', "'''multi\nline\\r'''"]:
    print(ast.unparse(ast.parse(s)))
print("tab\x01\u0100\U00010000\\".encode("unicode_escape"))
