"""Module docstring."""
import os, sys as system
import os.path as osp
from collections import OrderedDict as OD, deque
from . import sibling
from ..pkg.mod import *
x = 1
y = x + 2 * 3 - -4
a, b = b, a
a, *rest, z = range(10)
del x
print(f(1, k=2), os.getcwd(), osp.join("a", "b"))
t = (1, 2, 3)
l = [1, 2, 3, x]
s = {1, 2, 3}
d = {"a": 1, "b": 2}
d2 = {**d, "c": 3}
x = l[1:2]
l[0] += 1
x.y.z = 3
assert x, "msg"
if x in [1, 2, 3] and not y is None:
    pass
elif x:
    z = 1
else:
    z = 2
