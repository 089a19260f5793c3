# Generators on the evaluator.

def countdown(n):
    while n > 0:
        yield n
        n -= 1
    return 'liftoff'


print(list(countdown(5)))
g = countdown(2)
print(next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print('done with', e.value)


def averager():
    total = count = 0
    avg = None
    while True:
        value = yield avg
        if value is None:
            break
        total += value
        count += 1
        avg = total / count
    return (count, avg)


def delegate(results):
    while True:
        results.append((yield from averager()))


results = []
dg = delegate(results)
next(dg)
for v in [10, 20, 30]:
    print('avg', dg.send(v))
dg.send(None)
print(results)


def pipeline():
    nums = (i for i in range(20))
    evens = (n for n in nums if n % 2 == 0)
    squares = (n * n for n in evens)
    return [s for s in squares if s > 50]


print(pipeline())


def guarded():
    try:
        yield 'working'
        yield 'still working'
    except GeneratorExit:
        print('cleanup on close')
        raise
    finally:
        print('finally in generator')


gg = guarded()
print(next(gg))
gg.close()
print(gg.gi_frame)


def catcher():
    while True:
        try:
            yield
        except ValueError as e:
            print('caught', e)


cg = catcher()
next(cg)
cg.throw(ValueError('one'))
cg.throw(ValueError('two'))
cg.close()


def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


out = []
for i, v in zip(range(15), fib()):
    out.append(v)
print(out)
print(list(enumerate(countdown(3), 1)), list(reversed([x for x in countdown(3)])))
