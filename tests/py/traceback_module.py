# CPython's pure-Python traceback, linecache and logging on the runtime:
# formatted exceptions (chains, limits, groups, notes, recursion), stack
# extraction, source lines through linecache, and logging to a stream
# (levels, hierarchy, formatters, filters, adapters, exception logging).
# Failing lines avoid binary operations and subscripts: their `~^~`
# anchors need the `ast` module.
import io
import linecache
import logging
import sys
import traceback

HERE = __file__


def inner(n):
    if n == 0:
        raise ValueError("deep")
    inner(n - 1)


def outer():
    try:
        inner(2)
    except ValueError as e:
        raise RuntimeError("wrapped") from e


def implicit():
    try:
        inner(0)
    except ValueError:
        int("not a number")


print("== format_exc with a cause")
try:
    outer()
except RuntimeError:
    print(traceback.format_exc())

print("== implicit context, new and old signatures")
try:
    implicit()
except Exception as e:
    exc = e
print("".join(traceback.format_exception(exc)))
print("".join(traceback.format_exception(type(exc), exc, exc.__traceback__, limit=1)))
print("".join(traceback.format_exception(exc, chain=False)))
print(traceback.format_exception_only(exc))
print(traceback.format_exception_only(ValueError, ValueError("v")))
print(traceback.format_exception_only(None))

print("== extract_tb, walk_tb, FrameSummary")
for fs in traceback.extract_tb(exc.__traceback__):
    print(fs.name, fs.lineno, repr(fs.line), fs.filename == HERE)
print([(f.f_code.co_name, n) for f, n in traceback.walk_tb(exc.__traceback__)])
print(traceback.format_list(traceback.extract_tb(exc.__context__.__traceback__)))

print("== TracebackException")
te = traceback.TracebackException.from_exception(exc, capture_locals=False)
print(te.exc_type.__name__, str(te), te.__context__.exc_type.__name__)
print("".join(te.format_exception_only()))
print("".join(te.format(chain=True)))
buf = io.StringIO()
traceback.print_exception(exc, file=buf, limit=-1)
print(buf.getvalue())


def recurse(n):
    recurse(n + 1)


print("== recursion elided")
try:
    recurse(0)
except RecursionError as e:
    lines = traceback.format_exception(e)
    print(len(lines) < 20, [l for l in lines if "repeated" in l][:1])

print("== notes and groups")
try:
    e = KeyError("k")
    e.add_note("first note")
    e.add_note("second note")
    raise e
except KeyError as k:
    print("".join(traceback.format_exception(k)))
try:
    raise ExceptionGroup("many", [ValueError("a"), TypeError("b"),
                                  ExceptionGroup("inner", [OSError("c")])])
except ExceptionGroup as g:
    print("".join(traceback.format_exception(g)))

print("== stacks")


def level2():
    return [fs for fs in traceback.extract_stack() if fs.filename == HERE]


def level1():
    return level2()


for fs in level1():
    print(fs.name, fs.lineno, fs.line)
print([l for l in traceback.format_stack(limit=1)][0].endswith("traceback.format_stack(limit=1)][0].endswith(\"traceback.format_stack(limit=1)][0]\"))\n"))
summary = traceback.StackSummary.from_list([(HERE, 16, "inner", "def inner(n):")])
print(summary.format())
print("".join(traceback.format_list([("f.py", 3, "g", "x = 1"), ("f.py", 4, "h", None)])))
buf = io.StringIO()
traceback.print_stack(sys._getframe(), limit=1, file=buf)
print(buf.getvalue().count("\n"))

print("== linecache")
print(repr(linecache.getline(HERE, 1)))
print(repr(linecache.getline(HERE, 16)))
print(repr(linecache.getline(HERE, 100000)), repr(linecache.getline("/no/such/file.py", 1)))
print(len(linecache.getlines(HERE)) > 100, HERE in linecache.cache)
linecache.checkcache(HERE)
linecache.clearcache()
print(HERE in linecache.cache)
print(linecache.lazycache("<mod>", {"__name__": "m", "__loader__": None}))
print(repr(linecache.getline(HERE, 16)))

print("== logging")
stream = io.StringIO()
logging.basicConfig(stream=stream, level=logging.INFO,
                    format="%(levelname)s|%(name)s|%(funcName)s|%(message)s")
root = logging.getLogger()
log = logging.getLogger("app.part")
log.debug("hidden %d", 1)
log.info("shown %d and %s", 2, "x")
log.warning("warn %r", {"a": 1})
logging.error("root error")
log.setLevel(logging.DEBUG)
log.debug("now visible")
print(log.getEffectiveLevel(), log.isEnabledFor(logging.DEBUG), logging.getLogger("app").level)
print(logging.getLevelName(logging.WARNING), logging.getLevelName(15), logging.getLevelName("ERROR"))
try:
    inner(0)
except ValueError:
    log.exception("failed with %s", "details")


class OnlyOdd(logging.Filter):
    def filter(self, record):
        return record.args and record.args[0] % 2 == 1


h = logging.StreamHandler(io.StringIO())
h.setFormatter(logging.Formatter("[%(levelname)-8s] %(name)s:%(lineno)s %(message)s"))
h.addFilter(OnlyOdd())
other = logging.getLogger("other")
other.propagate = False
other.addHandler(h)
for i in range(4):
    other.warning("n=%d", i)
adapter = logging.LoggerAdapter(log, {"extra": 1})
adapter.info("through adapter")
log.info("stack", stack_info=True)
log.critical("with extra %(k)s", extra={"k": "v"})
logging.disable(logging.CRITICAL)
log.critical("disabled")
logging.disable(logging.NOTSET)
print(stream.getvalue())
print(h.stream.getvalue())
print(logging.getLogger("app.part").parent.name, logging.getLogger("app").parent is root)
logging.shutdown()
