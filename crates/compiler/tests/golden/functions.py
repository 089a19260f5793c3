def f(a, b=2, *args, k, kk=3, **kw):
    """doc"""
    x = a + b
    for i in range(3):
        if i == 1:
            continue
        x += i
    else:
        x = 0
    while x:
        x -= 1
        if x > 10:
            break
    return x, a

def outer(n):
    def inner(m):
        nonlocal n
        n += m
        return n
    return inner

def decorated():
    @staticmethod
    @other(1)
    def g(self, /, p, *, q: int = 1) -> str:
        return p
    return g

lam = lambda x, *y: (x, y)
counter = 0
def bump():
    global counter
    counter += 1
