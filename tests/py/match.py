# Structural pattern matching (PEP 634) on the evaluator.

class Point:
    __match_args__ = ('x', 'y')

    def __init__(self, x, y):
        self.x, self.y = x, y


class Circle:
    def __init__(self, center, r):
        self.center, self.r = center, r


def describe(v):
    match v:
        case None:
            return 'none'
        case True | False:
            return 'bool ' + str(v)
        case 0:
            return 'zero'
        case int(n) if n < 0:
            return 'negative ' + str(n)
        case int() | float() as num:
            return 'number ' + repr(num)
        case 'quit' | 'exit':
            return 'command'
        case str(s):
            return 'string of ' + str(len(s))
        case []:
            return 'empty sequence'
        case [x]:
            return 'one ' + repr(x)
        case [1, *rest]:
            return 'starts with 1, rest ' + repr(rest)
        case [first, *_, last]:
            return 'first/last ' + repr((first, last))
        case {'type': 'user', 'name': str(name), **extra}:
            return 'user ' + name + ' extra ' + repr(extra)
        case {'type': t}:
            return 'typed ' + repr(t)
        case {}:
            return 'some mapping'
        case Point(0, 0):
            return 'origin'
        case Point(x=0, y=yy):
            return 'on y axis at ' + repr(yy)
        case Point(xx, yy) if xx == yy:
            return 'diagonal ' + repr(xx)
        case Point():
            return 'a point'
        case Circle(center=Point(x=cx), r=r):
            return 'circle at x=' + repr(cx) + ' r=' + repr(r)
        case (1, 2) | (2, 1):
            return 'one-two'
        case _:
            return 'other ' + type(v).__name__


for v in [None, True, 0, -3, 4, 2.5, 'quit', 'hello', [], [9], [1, 2, 3], (5, 6, 7),
          {'type': 'user', 'name': 'ann', 'age': 3}, {'type': 7}, {'k': 1}, {},
          Point(0, 0), Point(0, 5), Point(2, 2), Point(1, 2),
          Circle(Point(3, 4), 1), (2, 1), b'bytes', 'x'.join]:
    print(describe(v))

match (1, [2, 3], {'k': 'v'}):
    case (a, [b, c], {'k': d}):
        print('nested', a, b, c, d)

command = 'go north'
match command.split():
    case ['go', direction]:
        print('going', direction)
    case _:
        print('?')


class Bad:
    __match_args__ = ['x']


class Strict:
    __match_args__ = ('a',)
    a = 1


for subject, label in [(Bad(), 'list match_args'), (Strict(), 'too many'), (5, 'int with two')]:
    try:
        match subject:
            case Bad(1):
                pass
            case Strict(1, 2):
                pass
            case int(1, 2):
                pass
    except TypeError as e:
        print(label, 'TypeError:', e)

try:
    exec("match {'a': 1}:\n    case {'a': 1, 'a': 2}:\n        pass")
except SyntaxError as e:
    print(type(e).__name__, e)
k = 'key'
try:
    match {'key': 1}:
        case {'key': 1, **rest} if rest == {}:
            print('rest empty')
except Exception as e:
    print(type(e).__name__, e)

x = 5
try:
    match 1:
        case x.__class__(1):
            pass
except TypeError as e:
    print('TypeError:', e)
