"""Coroutine chain: `async def` coroutines awaiting one another, driven by
`send()` with no event loop (there is no `asyncio` on Ophis). A recursive
Fibonacci where every call is an `await` (after pyperformance's
bm_coroutines, which needs `types.coroutine`; not available on Ophis, so no
suspension there), then a chain of coroutines ten deep whose innermost
awaits an object with a generator `__await__` that suspends: each `send()`
travels down the chain and each yielded value back up.
"""

FIB = 27
DEPTH = 10
MESSAGES = 60000


async def fibonacci(n):
    if n <= 1:
        return n
    return await fibonacci(n - 1) + await fibonacci(n - 2)


class Receive:
    def __await__(self):
        value = yield "ready"
        return value


async def leaf():
    total = 0
    while True:
        value = await Receive()
        if value is None:
            return total
        total += value


async def link(depth):
    if depth == 0:
        return await leaf()
    return await link(depth - 1) + 1


def drive_fib(n):
    coro = fibonacci(n)
    try:
        coro.send(None)
    except StopIteration as e:
        return e.value
    raise RuntimeError("fibonacci suspended")


def drive_chain(depth, messages):
    coro = link(depth)
    replies = 0
    if coro.send(None) == "ready":
        replies += 1
    for i in range(messages):
        if coro.send(i) == "ready":
            replies += 1
    try:
        coro.send(None)
    except StopIteration as e:
        return (replies, e.value)
    raise RuntimeError("chain did not finish")


def main():
    return (drive_fib(FIB), drive_chain(DEPTH, MESSAGES))


result = main()
if __name__ == "__main__":
    print("coroutines", result)
