async def f(aiter, xs):
    a = [x async for x in aiter]
    b = {k: v async for k, v in aiter if k}
    c = [await y for y in xs]
    d = (z async for z in aiter)
    e = [w for v in xs async for w in v]
    return a, b, c, d, e
