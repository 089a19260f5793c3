# sys.stdin, input() and breakpoint(): the runner gives the program an
# empty standard input (end of input at once).
import sys

print(repr(sys.stdin))
print(sys.stdin is sys.__stdin__, sys.stdin.readable(), sys.stdin.writable())
print(sys.stdin.encoding, sys.stdin.mode, sys.stdin.name, sys.stdin.fileno())
print(repr(sys.stdin.readline()), repr(sys.stdin.read()), repr(sys.stdin.readline(5)))
print(list(sys.stdin))
try:
    sys.stdin.readline("x")
except TypeError as e:
    print("TypeError", e)

try:
    input("prompt> ")
except EOFError as e:
    print()
    print("EOFError", e)
try:
    input()
except EOFError as e:
    print("EOFError", e)
try:
    input("a", "b")
except TypeError as e:
    print("TypeError", e)


class Lines:
    """A stdin replacement: input() calls its readline()."""

    def __init__(self, *lines):
        self.lines = list(lines)

    def readline(self):
        return self.lines.pop(0) if self.lines else ""


saved = sys.stdin
sys.stdin = Lines("first\n", "no newline", "")
print(repr(input("? ")))
print(repr(input()))
try:
    input()
except EOFError as e:
    print("EOFError", e)
sys.stdin = Lines()
Lines.readline = lambda self: 42
try:
    input()
except TypeError as e:
    print("TypeError", e)
sys.stdin = None
try:
    input()
except RuntimeError as e:
    print("RuntimeError", e)
sys.stdin = saved

print(sys.breakpointhook is sys.__breakpointhook__)
sys.breakpointhook = lambda *a, **k: print("hook", a, k) or "ret"
print(breakpoint(1, 2, x=3))
del sys.breakpointhook
try:
    breakpoint()
except RuntimeError as e:
    print("RuntimeError", e)
sys.breakpointhook = sys.__breakpointhook__
