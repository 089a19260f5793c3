# The _thread module: locks and RLocks (acquire with blocking/timeout and
# their errors, release errors, with, the RLock's private protocol used by
# threading.Condition), start_new_thread (arguments, kwargs, errors,
# SystemExit in a thread), identities, stack_size, _set_sentinel.
import _thread as t
print(t.TIMEOUT_MAX, repr(t.error), t.LockType.__name__, t.LockType.__module__, t.RLock.__name__)
print(sorted(x for x in dir(t) if not x.startswith('__') and x not in ('_ExceptHookArgs', '_excepthook', '_local')))
l = t.allocate_lock(); print(type(l) is t.LockType, repr(l).split(' object')[0])
print(l.acquire(), l.locked(), repr(l).split(' object')[0], l.acquire(False), l.acquire(timeout=0.01), l.acquire(True, 0.02))
l.release(); print(l.locked())
for a in [dict(blocking=False, timeout=1), dict(timeout=-2), dict(timeout=1e20)]:
    try: l.acquire(**a)
    except Exception as e: print(type(e).__name__, e)
try: l.release()
except Exception as e: print(type(e).__name__, e)
with l:
    print("in with", l.locked())
print(l.locked())
r = t.RLock()
print(repr(r).split(' at ')[0])
try: r.release()
except Exception as e: print(type(e).__name__, e)
print(r.acquire(), r.acquire(), r._recursion_count(), r._is_owned())
st = r._release_save(); print(st[0], st[1] == t.get_ident(), r._is_owned(), r._recursion_count())
r._acquire_restore(st); print(r._recursion_count(), r._is_owned())
r.release(); r.release(); print(r._is_owned())
with r:
    with r:
        print("nested", r._recursion_count())
class R(t.RLock): pass
print(type(R()).__name__, isinstance(R(), t.RLock))
try: t.start_new_thread(5, ())
except Exception as e: print(type(e).__name__, e)
try: t.start_new_thread(print, [])
except Exception as e: print(type(e).__name__, e)
try: t.start_new_thread(print, (), 5)
except Exception as e: print(type(e).__name__, e)
done = t.allocate_lock(); done.acquire()
out = []
def worker(n, k=0):
    out.append((n * 2 + k, t.get_ident() != main))
    done.release()
main = t.get_ident()
ident = t.start_new_thread(worker, (5,), {"k": 1})
done.acquire()
print(out, isinstance(ident, int))
def boom():
    done.release()
    raise SystemExit
t.start_new_thread(boom, ())
done.acquire()
print("after SystemExit in thread")
print(t.stack_size(), t.daemon_threads_allowed(), t._is_main_interpreter())
try: t.stack_size(100)
except ValueError as e: print("ValueError", e)
s = t._set_sentinel(); print(type(s).__name__, s.locked())
import gc
print(gc.is_tracked(l), gc.is_tracked(r))
