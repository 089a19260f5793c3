# atexit: registration with arguments and keywords, unregistering every
# registration of a function (by ==), _ncallbacks, _run_exitfuncs (last
# registered first, a failing callback reported and the rest still run,
# the list emptied), _clear, and callbacks that run at interpreter exit
# (their output ends this program's).
import atexit
import sys


def say(*args, **kwargs):
    print("say", args, sorted(kwargs.items()))


class Boom:
    def __call__(self):
        raise ValueError("in callback")

    def __repr__(self):
        return "<boom>"


boom = Boom()


print(atexit.register(say, 1, k=2) is say)
atexit.register(boom)
atexit.register(say, "twice")
atexit.register(say, "twice")
print(atexit._ncallbacks())
atexit.unregister(say)
print(atexit._ncallbacks())
atexit.register(say, "run now")
atexit.register(boom)
sys.stderr = sys.stdout
atexit._run_exitfuncs()
sys.stderr = sys.__stderr__
print(atexit._ncallbacks())
atexit.register(say, "cleared")
atexit._clear()
print(atexit._ncallbacks())
for bad in [(), (5,)]:
    try:
        atexit.register(*bad)
    except TypeError as e:
        print("TypeError", e)
atexit.register(say, "at exit 1")
atexit.register(say, "at exit 2", last=True)
print("end of main")
