# Tracebacks as CPython 3.12 prints them: source lines, ^^^^ under the
# failing expression, ~ and ^ for binary operations and subscripts,
# repeated lines, chained exceptions.
import sys
sys.stderr = sys.stdout


def show(f, *args):
    try:
        f(*args)
    except BaseException as e:
        sys.excepthook(type(e), e, e.__traceback__)
    print('-' * 20)


def add(a, b):
    return a + b


def nested_binop(a, b, c):
    return (a * 2) + b - c


def subscript(d):
    return d['missing'] + 1


def call_in_middle(x):
    value = len(x) + int('not a number') * 2
    return value


def attribute(o):
    return o.nothing.more


def recurse(n):
    return recurse(n + 1) if n < 30 else 1 / 0


def chained():
    try:
        {}['k']
    except KeyError as e:
        raise ValueError('while handling') from e


def implicit():
    try:
        [][1]
    except IndexError:
        undefined_name_here


def multiline(a):
    return (a +
            'str' +
            a)


show(add, 1, 'x')
show(nested_binop, 1, 'b', 3)
show(subscript, {})
show(call_in_middle, 'abc')
show(attribute, 5)
show(recurse, 0)
show(chained)
show(implicit)
show(multiline, 1)
show(lambda: [1, 2][3])
show(lambda:   {}   [ 'spaced' ]  )
