"""Float loop: float arithmetic in local variables with no calls in the
hot loop: the escape counts of a Mandelbrot grid, a midpoint-rule integral
of a rational function, and a Horner polynomial evaluated over a range
(boxed-float multiply, add, subtract, divide, compare).

Formatted with `%` (Ophis's float `__format__` takes no spec yet).
"""

SIZE = 128
MAX_ITER = 50
STEPS = 500000


def mandelbrot(size, max_iter):
    total = 0
    step = 3.0 / size
    y = 0
    while y < size:
        ci = y * step - 1.5
        x = 0
        while x < size:
            cr = x * step - 2.0
            zr = 0.0
            zi = 0.0
            n = 0
            while n < max_iter and zr * zr + zi * zi <= 4.0:
                t = zr * zr - zi * zi + cr
                zi = 2.0 * zr * zi + ci
                zr = t
                n += 1
            total += n
            x += 1
        y += 1
    return total


def integrate(steps):
    h = 1.0 / steps
    acc = 0.0
    for i in range(steps):
        x = (i + 0.5) * h
        acc += 4.0 / (1.0 + x * x)
    return acc * h


def horner(steps):
    acc = 0.0
    x = -1.0
    dx = 2.0 / steps
    for _ in range(steps):
        acc += ((((0.5 * x - 1.25) * x + 2.0) * x - 0.75) * x + 0.125)
        x += dx
    return acc


def main():
    return "%d %.9f %.6f" % (mandelbrot(SIZE, MAX_ITER), integrate(STEPS), horner(STEPS))


result = main()
if __name__ == "__main__":
    print("float_loop", result)
