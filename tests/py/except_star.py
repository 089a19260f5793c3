# except* and exception groups (BaseExceptionGroup / ExceptionGroup).

def show(label, f):
    try:
        r = f()
        print(label, "->", repr(r))
    except BaseException as e:
        print(label, "raised", type(e).__name__, str(e))

# constructor checks
show("eg-ok", lambda: ExceptionGroup("m", [ValueError(1), TypeError(2)]))
show("beg-becomes-eg", lambda: type(BaseExceptionGroup("m", [ValueError(1)])).__name__)
show("beg-stays", lambda: type(BaseExceptionGroup("m", [KeyboardInterrupt()])).__name__)
show("eg-nest-base", lambda: ExceptionGroup("m", [KeyboardInterrupt()]))
show("no-args", lambda: ExceptionGroup())
show("one-arg", lambda: ExceptionGroup("m"))
show("msg-not-str", lambda: ExceptionGroup(1, [ValueError()]))
show("not-seq", lambda: ExceptionGroup("m", ValueError()))
show("dict", lambda: ExceptionGroup("m", {1: ValueError()}))
show("empty", lambda: ExceptionGroup("m", []))
show("not-exc", lambda: ExceptionGroup("m", [ValueError(), 1]))
show("kw", lambda: ExceptionGroup("m", [ValueError()], x=1))
show("tuple", lambda: ExceptionGroup("m", (ValueError(1),)).exceptions)

eg = ExceptionGroup("msg", [ValueError(1), TypeError(2), ExceptionGroup("inner", [ValueError(3), KeyError(4)])])
print(str(eg))
print(repr(eg))
print(eg.message, eg.exceptions)
print(eg.args)
print(str(ExceptionGroup("one", [ValueError()])))
print(issubclass(ExceptionGroup, BaseExceptionGroup), issubclass(ExceptionGroup, Exception))
print(ExceptionGroup.__mro__)

# split / subgroup
m, r = eg.split(ValueError)
print("split", repr(m), repr(r))
m, r = eg.split((KeyError, TypeError))
print("split tuple", repr(m), repr(r))
print("split all", eg.split(Exception)[0] is eg, eg.split(Exception)[1])
print("split none", eg.split(OSError))
print("split pred", eg.split(lambda e: isinstance(e, ValueError) and e.args[0] > 1))
print("subgroup", repr(eg.subgroup(KeyError)), eg.subgroup(OSError), eg.subgroup(BaseException) is eg)
show("split bad", lambda: eg.split(1))
show("split bad tuple", lambda: eg.split((ValueError, 1)))
show("subgroup cls", lambda: eg.subgroup(int))
print("derive", repr(eg.derive([KeyError(9)])), type(eg.derive([KeyboardInterrupt()])).__name__)

# metadata copied by split
try:
    try:
        raise KeyError("ctx")
    except KeyError:
        raise ExceptionGroup("meta", [ValueError(1), TypeError(2)]) from OSError("cause")
except ExceptionGroup as e:
    e.add_note("a note")
    m, r = e.split(ValueError)
    for part in (m, r):
        print("part", repr(part), part.__traceback__ is e.__traceback__,
              repr(part.__cause__), repr(part.__context__), part.__notes__,
              part.__notes__ is e.__notes__)

# a subclass whose derive keeps its type
class MyEG(ExceptionGroup):
    def derive(self, excs):
        return MyEG(self.message + "!", excs)

m, r = MyEG("mine", [ValueError(1), TypeError(2)]).split(ValueError)
print(type(m).__name__, repr(m), type(r).__name__)
class Plain(ExceptionGroup):
    pass
m, r = Plain("p", [ValueError(1), TypeError(2)]).split(ValueError)
print(type(m).__name__, type(r).__name__)
show("subclass nest", lambda: Plain("p", [KeyboardInterrupt()]))
class BaseSub(BaseExceptionGroup):
    pass
print(type(BaseSub("b", [ValueError()])).__name__)

# except* basics
def run(excs, label):
    print("--", label)
    try:
        try:
            raise ExceptionGroup("grp", excs)
        except* ValueError as e:
            print("caught ValueError", repr(e))
        except* TypeError as e:
            print("caught TypeError", repr(e))
    except BaseException as e:
        print("escaped", repr(e))

run([ValueError(1)], "only value")
run([ValueError(1), TypeError(2)], "both")
run([ValueError(1), KeyError(3)], "rest escapes")
run([ExceptionGroup("in", [TypeError(5), OSError(6)])], "nested")

# a naked exception is wrapped
try:
    raise ValueError("naked")
except* ValueError as e:
    print("naked", repr(e), type(e).__name__, repr(e.exceptions[0]))
try:
    try:
        raise OSError("naked2")
    except* ValueError:
        print("not here")
except OSError as e:
    print("naked unmatched passes through", repr(e))

# raising inside except*
try:
    try:
        raise ExceptionGroup("g", [ValueError(1), TypeError(2)])
    except* ValueError:
        raise KeyError("new")
    except* TypeError:
        pass
except BaseException as e:
    print("raised in handler", repr(e), repr(e.__context__))

# reraise keeps the structure
try:
    try:
        raise ExceptionGroup("g", [ValueError(1), TypeError(2), ValueError(3)])
    except* ValueError:
        raise
except ExceptionGroup as e:
    print("reraised", repr(e))

# both raise and reraise
try:
    try:
        raise ExceptionGroup("g", [ValueError(1), TypeError(2)])
    except* ValueError:
        raise
    except* TypeError:
        raise RuntimeError("rt")
except ExceptionGroup as e:
    print("mixed", repr(e))

# tuple of types, and the invalid forms
try:
    raise ExceptionGroup("g", [ValueError(1), TypeError(2)])
except* (ValueError, TypeError) as e:
    print("tuple", repr(e))
for bad in (ExceptionGroup, (ValueError, BaseExceptionGroup), int, (ValueError, 3)):
    try:
        try:
            raise ExceptionGroup("g", [ValueError(1)])
        except* bad:
            pass
    except TypeError as e:
        print("bad", e)

# else and finally with except*
try:
    pass
except* ValueError:
    print("no")
else:
    print("else ran")
finally:
    print("finally ran")

# the handled exception inside except*
import sys
try:
    raise ExceptionGroup("g", [ValueError(1), TypeError(2)])
except* ValueError:
    print("exc_info", repr(sys.exception()))
except* TypeError:
    print("exc_info 2", repr(sys.exception()))
print("after", sys.exception())

# split of BaseExceptionGroup keeps the base type where needed
beg = BaseExceptionGroup("b", [KeyboardInterrupt(), ValueError(1)])
m, r = beg.split(ValueError)
print(type(beg).__name__, type(m).__name__, type(r).__name__)


# an uncaught group: the boxed traceback, with leaves that have their own
# tracebacks, notes and contexts
def leaf():
    raise TypeError(2)

def fail():
    excs = []
    try:
        leaf()
    except TypeError as e:
        e.add_note("note on leaf")
        excs.append(e)
    try:
        raise KeyError("ctx")
    except KeyError:
        try:
            raise ValueError(1)
        except ValueError as e:
            excs.append(e)
    raise ExceptionGroup("many", [excs[1], ExceptionGroup("sub", [excs[0]])])
fail()
