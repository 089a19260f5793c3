# The pure-Python `threading` module over `_thread`: threads, locks,
# events, conditions, thread names, excepthook; and conformance case 48
# of the tracing spec (probes P10, P11): `threading.setprofile`/`settrace`
# reach only `threading.Thread`s started afterwards, while
# `setprofile_all_threads`/`settrace_all_threads` also reach the threads
# already running (and the calling one).
import sys
import threading
import time


def work():
    x = 1
    return x + 1


events = []


def prof(frame, event, arg):
    if frame.f_code.co_name == "work" and event in ("call", "return"):
        events.append((threading.current_thread().name, "prof", event, arg))


def local_trace(frame, event, arg):
    events.append((threading.current_thread().name, "trace", event,
                   frame.f_lineno - frame.f_code.co_firstlineno))
    return local_trace


def tracer(frame, event, arg):
    if frame.f_code.co_name == "work":
        events.append((threading.current_thread().name, "trace", event, 0))
        return local_trace
    return None


def show(title):
    print(title)
    for e in events:
        print("   ", e)
    events.clear()


def target():
    work()


# --- basic threading -------------------------------------------------------
print(threading.current_thread().name, threading.main_thread().name,
      threading.current_thread() is threading.main_thread())
results = []
t = threading.Thread(target=lambda: results.append(threading.current_thread().name),
                     name="worker-1")
print(t.name, t.is_alive(), t.daemon)
t.start()
t.join()
print(results, t.is_alive(), t.ident is not None)

counter = [0]
lock = threading.Lock()


def add(n):
    for _ in range(n):
        with lock:
            counter[0] += 1


ts = [threading.Thread(target=add, args=(200,)) for _ in range(4)]
for x in ts:
    x.start()
for x in ts:
    x.join()
print("counter", counter[0], lock.locked())

rl = threading.RLock()
with rl:
    with rl:
        print("rlock reentered")

ev = threading.Event()
seen = []


def waiter():
    seen.append(ev.wait(10))


w = threading.Thread(target=waiter)
w.start()
ev.set()
w.join()
print("event", seen, ev.is_set())
ev.clear()
print("wait timeout", ev.wait(0.01))

cond = threading.Condition()
items = []
got = []


def consumer():
    with cond:
        while len(got) < 3:
            while not items:
                cond.wait()
            got.append(items.pop(0))


c = threading.Thread(target=consumer, name="consumer")
c.start()
for i in range(3):
    with cond:
        items.append(i)
        cond.notify()
c.join()
print("condition", got)

sem = threading.Semaphore(2)
print("semaphore", sem.acquire(), sem.acquire(), sem.acquire(blocking=False))
sem.release()
sem.release()

barrier = threading.Barrier(3)
passed = []


def at_barrier():
    passed.append(barrier.wait() in (0, 1, 2))


bs = [threading.Thread(target=at_barrier) for _ in range(3)]
for x in bs:
    x.start()
for x in bs:
    x.join()
print("barrier", passed, barrier.broken)

timer = threading.Timer(0.01, lambda: print("timer fired"))
timer.start()
timer.join()
cancelled = threading.Timer(10, lambda: print("never"))
cancelled.start()
cancelled.cancel()
cancelled.join()
print("timer cancelled", cancelled.finished.is_set())

bsem = threading.BoundedSemaphore(1)
bsem.acquire()
bsem.release()
try:
    bsem.release()
except ValueError as e:
    print("bounded", e)
print("ids", threading.get_ident() == threading.main_thread().ident, threading.get_native_id() > 0)

local = threading.local()
local.v = "main"
other = []


def set_local():
    local.v = "thread"
    other.append(local.v)


lt = threading.Thread(target=set_local)
lt.start()
lt.join()
print("local", local.v, other)

print("active", threading.active_count(), [x.name for x in threading.enumerate()])

# --- excepthook --------------------------------------------------------------
hooked = []
old_hook = threading.excepthook
threading.excepthook = lambda args: hooked.append(
    (args.exc_type.__name__, str(args.exc_value), args.thread.name))


def boom():
    raise ValueError("bad")


b = threading.Thread(target=boom, name="boom")
b.start()
b.join()
print("excepthook", hooked)
threading.excepthook = old_hook


class Capture:
    def __init__(self):
        self.parts = []

    def write(self, s):
        self.parts.append(s)

    def flush(self):
        pass


cap = Capture()
saved, sys.stderr = sys.stderr, cap
b = threading.Thread(target=boom, name="boom-2")
b.start()
b.join()
e = threading.Thread(target=sys.exit, name="exits")
e.start()
e.join()
sys.stderr = saved
# (the lines inside threading.py name the machine's standard library)
lines = "".join(cap.parts).splitlines()
print("\n".join(lines[:2] + lines[-3:]))
print(type(threading.ExceptHookArgs).__name__, threading.ExceptHookArgs.__name__)

# --- case 48: setprofile reaches only new threads ----------------------------
threading.setprofile(prof)
print("getprofile", threading.getprofile() is prof, sys.getprofile())
work()                                   # the main thread is not profiled
t = threading.Thread(target=target, name="new-after-setprofile")
t.start()
t.join()
threading.setprofile(None)
show("setprofile:")

# setprofile_all_threads reaches a thread that is already running
ready = threading.Event()
go = threading.Event()


def running():
    ready.set()
    go.wait()
    work()


r = threading.Thread(target=running, name="already-running")
r.start()
ready.wait()
threading.setprofile_all_threads(prof)
print("getprofile", threading.getprofile() is prof, sys.getprofile() is prof)
work()                                   # ... and the calling thread
go.set()
r.join()
n = threading.Thread(target=target, name="new-after-all")
n.start()
n.join()
threading.setprofile_all_threads(None)
print("after", threading.getprofile(), sys.getprofile())
work()
show("setprofile_all_threads:")

# the same for tracing
threading.settrace(tracer)
print("gettrace", threading.gettrace() is tracer, sys.gettrace())
work()
t = threading.Thread(target=target, name="new-after-settrace")
t.start()
t.join()
threading.settrace(None)
show("settrace:")

ready.clear()
go.clear()
r = threading.Thread(target=running, name="already-running-2")
r.start()
ready.wait()
threading.settrace_all_threads(tracer)
print("gettrace", threading.gettrace() is tracer, sys.gettrace() is tracer)
go.set()
r.join()
threading.settrace_all_threads(None)
print("after", threading.gettrace(), sys.gettrace())
work()
show("settrace_all_threads:")

# finalization waits for the threads that are not daemons
def late():
    time.sleep(0.1)
    print("late thread done")


threading.Thread(target=late, name="late").start()
threading.Thread(target=time.sleep, args=(10,), daemon=True).start()
print("main done")
