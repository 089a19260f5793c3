# Coroutines without an event loop: driven with send(), as CPython allows.
# async def / await, awaitables with __await__, async with, async for.

class Suspend:
    """An awaitable that suspends once, handing `value` to the driver."""
    def __init__(self, value):
        self.value = value

    def __await__(self):
        got = yield self.value
        return ('resumed with', got)


async def add(a, b):
    r = await Suspend(('adding', a, b))
    return a + b, r


async def main():
    x, r = await add(1, 2)
    y, _ = await add(x, 10)
    return [x, y, r]


def drive(coro, sends=None):
    """Runs a coroutine to completion, sending back what it yields."""
    log = []
    value = None
    while True:
        try:
            yielded = coro.send(value)
        except StopIteration as e:
            log.append(('done', e.value))
            return log
        log.append(yielded)
        value = ('reply', len(log))


c = main()
print(type(c).__name__, repr(c).startswith('<coroutine object main at '), c.cr_running, c.cr_await)
print(drive(c))
try:
    c.send(None)
except RuntimeError as e:
    print('RuntimeError:', e)

try:
    main().send(1)
except TypeError as e:
    print('TypeError:', e)


class AsyncCM:
    def __init__(self, log):
        self.log = log

    async def __aenter__(self):
        self.log.append('enter')
        await Suspend('in aenter')
        return 'cm value'

    async def __aexit__(self, et, ev, tb):
        self.log.append(('exit', et.__name__ if et else None))
        return et is KeyError


async def use_cm(log, fail):
    async with AsyncCM(log) as v:
        log.append(v)
        if fail:
            raise KeyError('swallowed')
    return 'after with'


log = []
print(drive(use_cm(log, False)), log)
log = []
print(drive(use_cm(log, True)), log)


class Ticker:
    def __init__(self, n):
        self.i, self.n = 0, n

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        await Suspend(('tick', self.i))
        return self.i * 10


async def consume():
    out = []
    async for v in Ticker(3):
        out.append(v)
    return out


print(drive(consume()))


async def bad_await():
    await 5


try:
    drive(bad_await())
except TypeError as e:
    print('TypeError:', e)


async def bad_with():
    async with 5:
        pass


try:
    drive(bad_with())
except TypeError as e:
    print('TypeError:', e)


async def bad_for():
    async for x in [1, 2]:
        pass


try:
    drive(bad_for())
except TypeError as e:
    print('TypeError:', e)


async def thrower():
    try:
        await Suspend('waiting')
    except ValueError as e:
        return 'caught ' + str(e)


t = thrower()
print(t.send(None))
try:
    t.throw(ValueError('boom'))
except StopIteration as e:
    print('thrown in:', e.value)

cl = thrower()
cl.send(None)
cl.close()
print('closed', cl.cr_frame)

aw = add(1, 2).__await__()
print(type(aw).__name__, next(aw))
aw.close()
