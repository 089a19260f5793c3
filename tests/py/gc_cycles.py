# Automatic and explicit cyclic garbage collection: cycles through
# instances, lists, dicts, frames, tracebacks and closures are freed;
# __del__ runs on cyclic garbage (once, with resurrection); weak reference
# callbacks; gc.callbacks; thresholds and counts; is_tracked.
import gc
import _weakref

gc.collect()
print("enabled", gc.isenabled())
print("threshold", gc.get_threshold())
print("stats keys", sorted(gc.get_stats()[0]))
print("len stats", len(gc.get_stats()))

class Node:
    def __init__(self, name):
        self.name = name
        self.other = None

events = []

def cycle_of_nodes():
    a = Node("a")
    b = Node("b")
    a.other = b
    b.other = a
    return _weakref.ref(a)

gc.disable()
r = cycle_of_nodes()
print("alive before collect", r() is not None)
n = gc.collect()
print("collected nodes", n >= 2)
print("alive after collect", r() is None)

# A list containing itself, a dict containing itself.
l = []
l.append(l)
rl = _weakref.ref(Node("x"))
d = {}
d["self"] = d
del l, d
print("self list/dict collected", gc.collect())

# __del__ on cyclic garbage runs once; the object can resurrect itself.
saved = []

class Finalized:
    def __init__(self, name):
        self.name = name
        self.me = self
    def __del__(self):
        events.append("del " + self.name)

class Phoenix:
    def __init__(self):
        self.me = self
        self.count = 0
    def __del__(self):
        self.count += 1
        events.append("phoenix del %d" % self.count)
        saved.append(self)

Finalized("f1")
print("collect with __del__", gc.collect())
print(events)
events.clear()

Phoenix()
print("collect phoenix", gc.collect())
print(events, len(saved))
p = saved.pop()
print("resurrected finalized", gc.is_finalized(p), p.count)
del p
events.clear()
print("collect phoenix again", gc.collect())
print("no second __del__", events)

# Frames and tracebacks: an exception kept in a local of its own frame.
def keeps_exception():
    try:
        raise ValueError("boom")
    except ValueError as e:
        err = e
    obj = Node("in frame")
    return _weakref.ref(obj), err

def run_frame_cycle():
    r, err = keeps_exception()
    del err
    return r

r = run_frame_cycle()
print("frame cycle alive", r() is not None)
gc.collect()
print("frame cycle freed", r() is None)

# Closures: a function that refers to itself through its cell.
def make_closure():
    marker = Node("closure")
    def f():
        return f, marker
    return _weakref.ref(marker)

r = make_closure()
print("closure alive", r() is not None)
gc.collect()
print("closure freed", r() is None)

# Generators in a cycle are closed (their finally runs).
def gen():
    try:
        yield 1
        yield 2
    finally:
        events.append("gen finally")

def gen_cycle():
    holder = Node("gen")
    g = gen()
    next(g)
    holder.g = g
    holder.me = holder
gen_cycle()
gc.collect()
print(events)
events.clear()

# Weak reference callbacks: called when the weakref outlives the garbage.
def callback(ref):
    events.append("callback, referent dead: %s" % (ref() is None))

def weak_cycle():
    a = Node("w")
    a.other = a
    return _weakref.ref(a, callback)

keep = weak_cycle()
gc.collect()
print(events)
events.clear()

# A weak reference that is garbage itself does not call its callback.
def weak_in_cycle():
    a = Node("w2")
    a.other = a
    a.ref = _weakref.ref(a, callback)
weak_in_cycle()
gc.collect()
print("callback of garbage weakref", events)

# gc.callbacks get "start" and "stop" with an info dict.
def gc_cb(phase, info):
    events.append((phase, info["generation"], sorted(info)))
gc.callbacks.append(gc_cb)
gc.collect(1)
gc.callbacks.remove(gc_cb)
print(events)
events.clear()

# Counts after explicit collections of each generation.
gc.collect(); print("after collect()", gc.get_count())
gc.collect(0); print("after collect(0)", gc.get_count())
gc.collect(1); print("after collect(1)", gc.get_count())
try:
    gc.collect(3)
except ValueError as e:
    print("ValueError", e)

# Thresholds.
old = gc.get_threshold()
gc.set_threshold(100, 5)
print("threshold now", gc.get_threshold())
gc.set_threshold(*old)
print("threshold restored", gc.get_threshold())

# Tracking: atoms and atom-only containers are not tracked.
print("int", gc.is_tracked(1), "str", gc.is_tracked("s"))
print("list", gc.is_tracked([]), "empty dict", gc.is_tracked({}))
print("dict of atoms", gc.is_tracked({"a": 1}), "dict of list", gc.is_tracked({"a": []}))
print("tuple with list", gc.is_tracked((1, [])))
t = tuple([1, 2])
gc.collect()
print("tuple of atoms after collect", gc.is_tracked(t))
print("instance", gc.is_tracked(Node("t")))

# get_referents / get_referrers.
holder = [Node("ref")]
print("referents", [type(x).__name__ for x in gc.get_referents(holder)])
print("referrers has holder", any(x is holder for x in gc.get_referrers(holder[0])))

# Automatic collection: a million cycles do not pile up.
gc.enable()
def churn(n):
    for i in range(n):
        a = Node(i)
        a.other = a
churn(1000000)
print("count bounded", gc.get_count()[0] < 1000)
print("gen0 collections ran", gc.get_stats()[0]["collections"] > 1000)

# Disabled: cycles wait for an explicit collection.
gc.disable()
gc.collect()
before = len(gc.get_objects())
churn(5000)
print("garbage piles up while disabled", len(gc.get_objects()) - before >= 5000)
print("collected", gc.collect() >= 5000)
gc.enable()
print("garbage", gc.garbage)
