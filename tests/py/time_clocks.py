# The time module's clocks: types, monotonicity, consistency of the _ns
# forms, sleep and its errors.
import time

t0 = time.perf_counter()
n0 = time.perf_counter_ns()
m0 = time.monotonic()
time.sleep(0.01)
t1 = time.perf_counter()
n1 = time.perf_counter_ns()
m1 = time.monotonic()
print(type(t0).__name__, type(n0).__name__, type(time.time()).__name__, type(time.time_ns()).__name__)
print(t1 - t0 >= 0.009, n1 - n0 >= 9_000_000, m1 >= m0)
print(abs(time.time() - time.time_ns() / 1e9) < 1, time.time() > 1.7e9)
p0 = time.process_time()
s = 0
for i in range(100000):
    s += i
print(time.process_time() >= p0, type(time.process_time_ns()).__name__)
time.sleep(0)
time.sleep(False)
for bad in [-1, 'x', None, float('nan')]:
    try:
        time.sleep(bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
try:
    time.perf_counter(1)
except TypeError as e:
    print('TypeError:', e)
