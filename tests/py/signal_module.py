# The _signal module under CPython's signal.py: the enums built from its
# constants, the startup dispositions, Python handlers called with the
# signal number and the current frame (raise_signal, os.kill), a raising
# handler, SIG_IGN/SIG_DFL, SIGINT's default_int_handler and a replacement,
# strsignal/valid_signals/alarm, and the errors.
import os
import signal
import threading

print(signal.SIGINT, repr(signal.SIGTERM), signal.Signals(10).name, signal.NSIG)
print(repr(signal.SIG_DFL), repr(signal.SIG_IGN), signal.Handlers(1).name)
print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)
print(signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGPIPE))

seen = []


def handler(signum, frame):
    seen.append((signum, type(frame).__name__, frame.f_code.co_name if frame else None))


def here():
    signal.raise_signal(signal.SIGUSR1)


print(signal.signal(signal.SIGUSR1, handler))
print(signal.getsignal(signal.SIGUSR1) is handler)
here()
os.kill(os.getpid(), signal.SIGUSR1)
for i in range(3):
    pass
print(seen)


def failing(signum, frame):
    raise RuntimeError(f"from handler {signum}")


signal.signal(signal.SIGUSR2, failing)
try:
    signal.raise_signal(signal.SIGUSR2)
except RuntimeError as e:
    print("RuntimeError", e)

print(signal.signal(signal.SIGUSR1, signal.SIG_IGN) is handler)
signal.raise_signal(signal.SIGUSR1)
print(len(seen), signal.getsignal(signal.SIGUSR1))
print(signal.signal(signal.SIGUSR1, signal.SIG_DFL))

old = signal.signal(signal.SIGINT, handler)
signal.raise_signal(signal.SIGINT)
print(old is signal.default_int_handler, seen[-1])
signal.signal(signal.SIGINT, old)
try:
    signal.raise_signal(signal.SIGINT)
except KeyboardInterrupt as e:
    print("KeyboardInterrupt", e.args)
try:
    signal.default_int_handler(2, None)
except KeyboardInterrupt:
    print("default_int_handler raises")

print(signal.strsignal(signal.SIGINT), signal.strsignal(signal.SIGKILL))
valid = signal.valid_signals()
print(len(valid), min(valid), max(valid), signal.SIGKILL in valid)
print(signal.alarm(0))

for args in [(0, handler), (signal.NSIG, handler), (signal.SIGUSR1, 5), (signal.SIGUSR1, None),
             (signal.SIGKILL, handler), ("x", handler)]:
    try:
        signal.signal(*args)
    except Exception as e:
        print(type(e).__name__, e)
for bad in (0, 100):
    try:
        signal.getsignal(bad)
    except ValueError as e:
        print("ValueError", e)

errors = []


def in_thread():
    try:
        signal.signal(signal.SIGUSR1, handler)
    except ValueError as e:
        errors.append(str(e))


t = threading.Thread(target=in_thread)
t.start()
t.join()
print(errors)
