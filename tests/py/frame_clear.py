# What unittest needs beyond its imports: frame.clear() (assertRaises
# clears the frames of the traceback it caught through
# traceback.clear_frames) and a bound method's __doc__ (unittest's test
# descriptions), as CPython 3.12.1 has them.
import sys
import traceback


class Held:
    def __del__(self):
        print("Held released")


def returned():
    held = Held()
    return sys._getframe()


f = returned()
print(sorted(f.f_locals))
print(f.clear())
print("after clear", sorted(f.f_locals), f.f_lineno, f.f_code.co_name)
try:
    sys._getframe().clear()
except RuntimeError as e:
    print("RuntimeError", e)


def fails():
    held = Held()
    raise ValueError("x")


try:
    fails()
except ValueError as e:
    tb = e.__traceback__
traceback.clear_frames(tb)
print("cleared", tb.tb_next.tb_frame.f_code.co_name)
del tb


class C:
    def documented(self):
        """The docstring."""

    def bare(self):
        pass


print(C().documented.__doc__, C().bare.__doc__, C.documented.__doc__)
print(C().documented.__func__.__doc__, staticmethod(C.bare).__doc__)
print(type(C().bare).__doc__)
