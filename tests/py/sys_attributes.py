# sys's descriptive attributes (version_info, flags, float_info, int_info,
# hash_info, thread_info, implementation, platform strings) and its smaller
# functions (recursion limit, getsizeof, intern, _getframe, displayhook,
# call_tracing, exit), struct sequences' constructor, reduce and errors.
import sys
print(sys.version_info, sys.version_info[:3], sys.version_info.major, sys.version_info >= (3, 12))
print(type(sys.version_info).__name__, type(sys.version_info).n_fields, type(sys.version_info).n_sequence_fields, type(sys.version_info).__match_args__)
print(sys.float_info)
print(sys.int_info)
print(sys.hash_info)
print(sys.thread_info.name, sys.thread_info.lock)
print(sys.implementation.name, sys.implementation.cache_tag, sys.implementation.version == sys.version_info, hex(sys.implementation.hexversion), sys.implementation._multiarch)
print(sys.hexversion, sys.api_version, sys.byteorder, sys.platform, sys.maxunicode, sys.float_repr_style, repr(sys.abiflags))
print(sys.copyright.splitlines()[0])
print(type(sys.flags).__name__, len(sys.flags), sys.flags.optimize, sys.flags.dev_mode)
print(sys.getrecursionlimit())
sys.setrecursionlimit(500); print(sys.getrecursionlimit()); sys.setrecursionlimit(1000)
for bad in (0, -5, 1.5, "x", 2**40):
    try:
        sys.setrecursionlimit(bad)
    except Exception as e:
        print(type(e).__name__, e)
print(sys.getsizeof(1) > 0, sys.getsizeof(object()), sys.getsizeof(5, 7))
class NoSize:
    def __sizeof__(self): raise TypeError("no")
class Neg:
    def __sizeof__(self): return -1
print(sys.getsizeof(NoSize(), "dflt"))
for o in (NoSize(), Neg()):
    try: sys.getsizeof(o)
    except Exception as e: print(type(e).__name__, e)
a = "".join(["ab", "cd"]); b = sys.intern(a); print(b == "abcd", sys.intern(b) is b)
class S(str): pass
for bad in (5, S("x")):
    try: sys.intern(bad)
    except TypeError as e: print("TypeError", e)
def f():
    return sys._getframe().f_code.co_name, sys._getframe(1).f_code.co_name
print(f())
try: sys._getframe(1000)
except ValueError as e: print("ValueError", e)
print(sys.getdefaultencoding(), sys.getfilesystemencoding(), sys.getfilesystemencodeerrors(), sys.is_finalizing())
print(sys.call_tracing(lambda a, b: a + b, (1, 2)))
try: sys.call_tracing(len, [1])
except TypeError as e: print("TypeError", e)
sys.displayhook(None)
sys.displayhook([1, 'a'])
import builtins
print(builtins._, sys.displayhook is sys.__displayhook__)
try:
    sys.exit(3)
except SystemExit as e:
    print("SystemExit", e.code)
try:
    sys.exit()
except SystemExit as e:
    print("SystemExit", e.code)
try:
    sys.exit("msg")
except SystemExit as e:
    print("SystemExit", e.code)
VI = type(sys.version_info)
try: VI((1,2))
except TypeError as e: print("TypeError", e)
try: VI((1,2,3,4,5,6))
except TypeError as e: print("TypeError", e)
print(sys.float_info.__reduce__()[1][1], sys.float_info.__reduce__()[1][0][:2], type(sys.float_info)(tuple(sys.float_info)) == sys.float_info)
print("builtins" in sys.builtin_module_names, "sys" in sys.builtin_module_names, type(sys.builtin_module_names).__name__)
print(sys.warnoptions, sys._xoptions, sys.pycache_prefix)
def depth():
    n = 0
    def f():
        nonlocal n
        n += 1
        f()
    try:
        f()
    except RecursionError as e:
        return n, str(e)
print(depth())
sys.setrecursionlimit(200)
print(depth())
sys.setrecursionlimit(3000)
print(depth())
