"""Profile and trace hooks switched on after the code was specialized: line and call events of hot loops with specialized calls, attribute loads and builtins, and generators resumed inline."""
import sys
def f(a, b):
    x = a
    y = b
    return x + y
class P:
    def __init__(self): self.v = 1
    def m(self): return self.v
def hot():
    p = P()
    t = 0
    for i in range(30):
        t += f(i, 1) + p.m() + len("ab")
    return t
for _ in range(3): hot()
events = []
def tracer(frame, event, arg):
    if frame.f_code.co_name in ("f", "m", "hot"):
        events.append((frame.f_code.co_name, event, frame.f_lineno))
    return tracer
sys.settrace(tracer)
hot()
sys.settrace(None)
print(len(events), events[:12])
prof = []
def profiler(frame, event, arg):
    prof.append((event, getattr(arg, "__name__", None) if event.startswith("c_") else frame.f_code.co_name))
sys.setprofile(profiler)
hot()
sys.setprofile(None)
print(len(prof), prof[:10])
def g():
    for i in range(3):
        yield i
def usegen():
    return [x for x in g()]
for _ in range(3): usegen()
ev2 = []
def t2(frame, event, arg):
    ev2.append((frame.f_code.co_name, event))
    return t2
sys.settrace(t2); usegen(); sys.settrace(None)
print(ev2)
