def gen(*a):
    yield from a
    x = yield 1
    print(*a, sep=1, **x)
    return (1, *a), {*a, 2}, [*a]

async def coro(a):
    async with a as x, b:
        await x
    async for i in a:
        if i:
            break
    else:
        pass
    return await a
