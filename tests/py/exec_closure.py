# exec(code, globals, locals, closure=cells): running a code object with
# free variables, and each error of the closure argument.
def outer():
    x = 10
    y = "why"

    def inner():
        print("inner sees", x, y)
        return x

    return inner


f = outer()
code = f.__code__
print(code.co_freevars, [type(c).__name__ for c in f.__closure__])
exec(code, {}, None, closure=f.__closure__)
exec(code, {"print": lambda *a: print("patched", *a)}, closure=f.__closure__)


def make_cell(v):
    return (lambda: v).__closure__[0]


exec(code, {}, closure=(make_cell(1), make_cell(2)))

for bad in [None, (), (make_cell(1),), [make_cell(1), make_cell(2)], (1, 2),
            (make_cell(1), 2)]:
    try:
        exec(code, {}, closure=bad)
    except TypeError as e:
        print("TypeError", e)

plain = compile("print('plain', 1 + 1)", "<s>", "exec")
exec(plain, {}, closure=None)
for src in [plain, "print('src')"]:
    try:
        exec(src, {}, closure=f.__closure__)
    except TypeError as e:
        print("TypeError", e)
try:
    eval(code, {})
except TypeError as e:
    print("TypeError", e)
