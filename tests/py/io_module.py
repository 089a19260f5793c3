# The _io module and builtins.open: files in /tmp under fixed names
# (removed at the end when os is importable), text and binary modes,
# encodings and error handlers, newline modes, readline and iteration,
# seek/tell, BytesIO and StringIO, errors and their messages, closing.
import _io
import sys

try:
    import os
except ImportError:
    os = None

BASE = "/tmp/ophis_io_module_test_"
made = set()


def path(name):
    p = BASE + name
    made.add(p)
    return p


def show(label, f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)
    else:
        print(label, "=", repr(r))


# --- the module
print(sorted(n for n in dir(_io) if not n.startswith("_")))
print(open is _io.open, _io.DEFAULT_BUFFER_SIZE)
print(_io.UnsupportedOperation.__mro__[1:3], _io.UnsupportedOperation.__module__)
print(_io.BlockingIOError is BlockingIOError)
print([c.__name__ for c in _io.FileIO.__mro__])
print([c.__name__ for c in _io.TextIOWrapper.__mro__])
print([c.__name__ for c in _io.BytesIO.__mro__])
print([c.__name__ for c in _io.BufferedRandom.__mro__])

# --- writing and reading text
p = path("a.txt")
f = open(p, "w", encoding="utf-8")
print(type(f).__name__, f.name == p, f.mode, f.encoding, f.errors, f.closed)
print(f.write("héllo\nwörld\n"), f.write(""), f.writable(), f.readable(), f.seekable())
print(type(f.buffer).__name__, type(f.buffer.raw).__name__, f.buffer.raw.mode)
f.close()
print(f.closed, f.buffer.closed, f.buffer.raw.closed)
show("write closed", f.write, "x")
show("read closed", f.read)
show("flush closed", f.flush)
f.close()

with open(p, encoding="utf-8") as f:
    print(repr(f.read()))
    print(repr(f.read()), f.tell())
print(f.closed)
with open(p, "rb") as f:
    data = f.read()
    print(data, len(data))
with open(p, "a", encoding="utf-8") as f:
    print(f.mode, f.buffer.raw.mode, f.tell())
    f.write("again\n")
with open(p, encoding="utf-8") as f:
    print(f.readlines())
with open(p, encoding="utf-8") as f:
    print(list(f))
with open(p, encoding="utf-8") as f:
    print(repr(f.readline()), repr(f.readline(3)), repr(f.readline(0)), repr(f.readline(-1)))
    print(repr(f.readline()), repr(f.readline()))
with open(p, encoding="utf-8") as f:
    print(f.readlines(3))
    print(repr(f.read(4)), repr(f.read(0)))

# --- exclusive creation and updating
show("x existing", open, p, "x")
q = path("b.bin")
with open(q, "wb") as f:
    print(type(f).__name__, f.mode, f.name == q)
    print(f.write(b"0123456789"), f.tell())
with open(q, "r+b") as f:
    print(type(f).__name__, f.mode, f.read(3), f.tell())
    print(f.write(b"abc"), f.tell())
    print(f.seek(0), f.read())
    print(f.seek(-2, 2), f.read(), f.seek(0, 1))
    f.seek(1)
    print(f.peek(2)[:2], f.read1(2), f.tell())
    print(f.truncate(4), f.tell())
with open(q, "rb") as f:
    print(f.read())
with open(q, "w+b") as f:
    f.write(b"xyz")
    f.seek(0)
    print(f.read(), f.tell())
with open(q, "a+b") as f:
    print(f.mode, f.tell())
    f.write(b"!")
    f.seek(0)
    print(f.read())

# --- binary reading
with open(q, "wb") as f:
    f.write(b"line one\nline two\r\nno end")
with open(q, "rb") as f:
    print(f.readline(), f.readline(4), list(f))
with open(q, "rb") as f:
    b = bytearray(5)
    print(f.readinto(b), b, f.readinto1(memoryview(b)[:2]), b)
    print(f.read(-1))
    show("read -2", f.read, -2)
with open(q, "rb", buffering=0) as f:
    print(type(f).__name__, repr(f).replace(q, "Q"), f.read(4), f.readall())
    b = bytearray(3)
    f.seek(0)
    print(f.readinto(b), b, f.tell(), f.seekable(), f.isatty())

# --- open's argument errors
for mode in ["rw", "rr", "U", "rU", "", "t", "b", "x+w", "wt+b", "abc", "r++", "r+t", "wbt", 3]:
    show("open mode %r" % (mode,), open, q, mode)
show("binary encoding", open, q, "rb", encoding="utf-8")
show("binary errors", open, q, "rb", errors="strict")
show("binary newline", open, q, "rb", newline="")
show("unbuffered text", open, q, "r", buffering=0)
show("bad newline", open, q, "r", newline="x")
show("bad encoding", open, q, "r", encoding="nope")
show("encoding type", open, q, "r", encoding=3)
show("file type", open, 3.5)
show("file list", open, [])
show("missing", open, "/tmp/ophis_io_module_test_nope/nope.txt")
show("missing rel", open, "nope-ophis-io.txt")
show("directory", open, "/tmp")
show("closefd name", open, q, closefd=False)
show("buffering type", open, q, buffering="x")

# --- encodings and error handlers
r = path("c.txt")
with open(r, "w", encoding="latin-1") as f:
    f.write("café ß\n")
with open(r, "rb") as f:
    print(f.read())
with open(r, encoding="latin-1") as f:
    print(repr(f.read()), f.encoding)
show("utf8 of latin1", lambda: open(r, encoding="utf-8").read())
with open(r, encoding="utf-8", errors="replace") as f:
    print(repr(f.read()), f.errors)
with open(r, encoding="utf-8", errors="surrogateescape") as f:
    print(repr(f.read()))
with open(r, encoding="ascii", errors="ignore") as f:
    print(repr(f.read()))
with open(r, "w", encoding="ascii", errors="backslashreplace") as f:
    f.write("naïve €\n")
with open(r, "rb") as f:
    print(f.read())
with open(r, "w", encoding="ascii", errors="replace") as f:
    f.write("naïve\n")
with open(r, "rb") as f:
    print(f.read())
f = open(r, "w", encoding="ascii")
show("ascii strict", f.write, "é")
f.close()
with open(r, "w", encoding="utf-16") as f:
    f.write("ab")
    f.write("c")
with open(r, "rb") as f:
    print(f.read())
with open(r, encoding="utf-16") as f:
    print(repr(f.read()))

# --- newline modes
n = path("d.txt")
with open(n, "wb") as f:
    f.write(b"a\nb\r\nc\rd")
for nl in [None, "", "\n", "\r", "\r\n"]:
    with open(n, encoding="utf-8", newline=nl) as f:
        lines = f.readlines()
        print(repr(nl), lines, f.newlines)
    with open(n, encoding="utf-8", newline=nl) as f:
        print(repr(nl), repr(f.read()))
for nl in [None, "", "\n", "\r", "\r\n"]:
    with open(n, "w", encoding="utf-8", newline=nl) as f:
        f.write("x\ny\r\nz\r")
    with open(n, "rb") as f:
        print(repr(nl), f.read())

# --- seek and tell in text mode
t = path("e.txt")
with open(t, "w", encoding="utf-8") as f:
    f.write("one\nzwei\ndrei ä\nvier\n")
    print(f.tell())
with open(t, encoding="utf-8") as f:
    positions = []
    while True:
        pos = f.tell()
        line = f.readline()
        if not line:
            break
        positions.append((pos, line))
    print(positions)
    f.seek(positions[2][0])
    print(repr(f.readline()), f.tell())
    print(f.seek(0, 2), repr(f.read()))
    print(f.seek(0), repr(f.read(3)), f.tell())
    show("seek cur", f.seek, 1, 1)
    show("seek end", f.seek, -1, 2)
    show("seek whence", f.seek, 0, 3)
    show("seek negative", f.seek, -1)
    print(f.seek(0, 1))
with open(t, encoding="utf-8") as f:
    next(f)
    show("tell in iteration", f.tell)
    print(list(f))
    print(f.tell())
with open(t, "r+", encoding="utf-8") as f:
    print(repr(f.read(3)))
    f.seek(0, 2)
    f.write("fünf\n")
    f.seek(0)
    print(f.read().splitlines())

# --- flushing, buffering, finalization
w = path("f.txt")
f = open(w, "w", encoding="utf-8")
f.write("pending")
with open(w, encoding="utf-8") as g:
    print("before flush", repr(g.read()))
f.flush()
with open(w, encoding="utf-8") as g:
    print("after flush", repr(g.read()))
f.write(" more")
del f
with open(w, encoding="utf-8") as g:
    print("after del", repr(g.read()))
f = open(w, "w", encoding="utf-8", buffering=1)
print(f.line_buffering)
f.write("no newline")
with open(w, encoding="utf-8") as g:
    print("line buffered", repr(g.read()))
f.write(" newline\n")
with open(w, encoding="utf-8") as g:
    print("line buffered", repr(g.read()))
f.close()
f = open(w, "wb", buffering=4)
f.write(b"ab")
with open(w, "rb") as g:
    print("small buffer", g.read())
f.write(b"cdef")
with open(w, "rb") as g:
    print("small buffer", g.read())
f.close()
f = open(w, "w", encoding="utf-8")
f.reconfigure(write_through=True)
print(f.write_through)
f.write("through")
with open(w, encoding="utf-8") as g:
    print("write_through", repr(g.read()))
raw = f.detach()
print(type(raw).__name__, raw.closed)
show("detached", f.write, "x")
show("detached repr", repr, f)
raw.close()

# --- FileIO
fio = _io.FileIO(w, "w")
print(repr(fio).replace(w, "W"), fio.mode, fio.closefd, fio.readable(), fio.writable())
print(fio.write(b"raw bytes"), fio.tell())
show("read unreadable", fio.read)
fio.close()
print(repr(fio), fio.closed)
show("fileno closed", fio.fileno)
fio = _io.FileIO(w)
print(fio.read(3), fio.readall(), fio.read())
fd = fio.fileno()
g = _io.FileIO(fd, "r", closefd=False)
print(repr(g).startswith("<_io.FileIO fd="), g.mode, g.closefd)
g.close()
print(fio.closed)
fio.close()
show("fileio mode", _io.FileIO, w, "rw")
show("fileio mode 2", _io.FileIO, w, "rq")
show("fileio float", _io.FileIO, 1.5)
show("fileio negative", _io.FileIO, -1)
show("fileio missing", _io.FileIO, "/tmp/ophis_io_module_test_nope/x")
show("opener negative", _io.FileIO, w, opener=lambda name, flags: -1)
show("opener str", _io.FileIO, w, opener=lambda name, flags: "3")

# --- BytesIO
b = _io.BytesIO(b"hello\nworld\n")
print(b.read(3), b.tell(), b.readline(), b.readlines(), b.read())
print(b.seek(0), b.read1(2), b.seek(2, 1), b.read(), b.seek(-3, 2), b.read())
print(b.write(b"!"), b.getvalue(), b.tell())
print(b.seek(20), b.write(b"x"), b.getvalue())
print(b.truncate(5), b.getvalue(), b.tell())
print(b.seekable(), b.readable(), b.writable(), b.isatty(), b.closed)
show("bytesio seek -1", b.seek, -1)
show("bytesio whence", b.seek, 0, 3)
show("bytesio truncate -1", b.truncate, -1)
show("bytesio write str", b.write, "x")
show("bytesio str init", _io.BytesIO, "x")
b.seek(0)
print(list(b))
b2 = _io.BytesIO()
b2.writelines([b"a", bytearray(b"b"), memoryview(b"c")])
print(b2.getvalue())
ba = bytearray(4)
b2.seek(0)
print(b2.readinto(ba), ba)
view = b.getbuffer()
view[0] = ord("H")
print(b.getvalue(), len(view), view.readonly, type(view.obj).__name__)
show("write exported", b.write, b"z")
show("truncate exported", b.truncate, 1)
show("close exported", b.close)
print(b.seek(0), b.read(2))
view.release()
print(b.write(b"!"), b.getvalue())
b.close()
show("bytesio closed", b.getvalue)
show("bytesio closed getbuffer", b.getbuffer)
show("bytesio closed read", b.read)
print(b.closed)
with _io.BytesIO(b"ctx") as bc:
    print(bc.read())
print(bc.closed)

# --- StringIO
s = _io.StringIO("abc\ndef\n")
print(repr(s.read(2)), s.tell(), repr(s.readline()), s.readlines(), repr(s.read()))
print(s.seek(0), repr(s.getvalue()), s.write("XY"), repr(s.getvalue()), s.tell())
print(s.seek(0, 2), s.write("end"), repr(s.getvalue()))
print(s.seek(12), s.write("!"), repr(s.getvalue()))
print(s.truncate(4), repr(s.getvalue()), s.tell())
print(s.line_buffering, s.encoding, s.errors, s.newlines)
show("stringio seek -1", s.seek, -1)
show("stringio seek cur", s.seek, 1, 1)
show("stringio whence", s.seek, 0, 3)
show("stringio truncate -1", s.truncate, -1)
show("stringio write bytes", s.write, b"x")
show("stringio bytes init", _io.StringIO, b"x")
show("stringio newline", _io.StringIO, "", "x")
show("stringio newline type", _io.StringIO, "", 3)
for nl in [None, "", "\n", "\r", "\r\n"]:
    s = _io.StringIO("a\r\nb\rc\nd", newline=nl)
    print(repr(nl), repr(s.getvalue()), s.newlines, s.readlines())
s = _io.StringIO()
print("to stringio", 1, 2, sep="-", file=s)
print(repr(s.getvalue()), list(_io.StringIO("x\ny")))
s.close()
show("stringio closed", s.getvalue)
print(s.closed)

# --- the abstract bases and unsupported operations
base = _io._IOBase()
show("iobase seek", base.seek, 0)
show("iobase fileno", base.fileno)
show("iobase truncate", base.truncate)
print(base.seekable(), base.readable(), base.writable(), base.closed, base.isatty())
show("checkSeekable", base._checkSeekable)
show("checkReadable", base._checkReadable)
show("checkWritable", base._checkWritable)
base.close()
print(base.closed)
show("closed flush", base.flush)
show("closed enter", base.__enter__)
show("rawbase write", _io._RawIOBase().write, b"")
show("bufbase read", _io._BufferedIOBase().read)
show("bufbase detach", _io._BufferedIOBase().detach)
show("textbase read", _io._TextIOBase().read)
print(_io._TextIOBase().encoding, _io._TextIOBase().newlines)
with open(q, "rb") as f:
    show("write to reader", f.write, b"x")
    print(f.readable(), f.writable())
with open(q, "wb") as f:
    show("read writer", f.read)
    print(f.readable(), f.writable())
with open(q, "w", encoding="utf-8") as f:
    show("read text writer", f.read)
with open(q, encoding="utf-8") as f:
    show("write text reader", f.write, "x")
    show("write bytes", f.write, b"x")
    show("truncate reader", f.truncate)

# --- TextIOWrapper over BytesIO, IncrementalNewlineDecoder
raw = _io.BytesIO("α\r\nβ\rγ\n".encode("utf-8"))
tw = _io.TextIOWrapper(raw, encoding="utf-8", newline=None)
print(repr(tw), tw.readline().encode(), list(tw), tw.newlines)
tw = _io.TextIOWrapper(_io.BytesIO("α\r\nβ\rγ\n".encode("utf-8")), encoding="utf-8", newline=None)
print(tw.readline().encode(), tw.tell(), tw.readline().encode(), tw.tell())
show("wrapper bad encoding", _io.TextIOWrapper, _io.BytesIO(), encoding="nope")
show("wrapper bad newline", _io.TextIOWrapper, _io.BytesIO(), newline="x")
show("wrapper newline type", _io.TextIOWrapper, _io.BytesIO(), newline=1)
show("wrapper encoding type", _io.TextIOWrapper, _io.BytesIO(), encoding=1)
tw = _io.TextIOWrapper(_io.BytesIO(), encoding="ascii", errors="xmlcharrefreplace")
tw.write("ä\n")
tw.flush()
print(tw.buffer.getvalue())
tw.reconfigure(encoding="latin-1")
tw.write("ä\n")
tw.flush()
print(tw.buffer.getvalue(), tw.encoding, tw.errors)
tw = _io.TextIOWrapper(_io.BytesIO(b"abc\ndef"), encoding="utf-8")
tw.readline()
show("reconfigure after read", tw.reconfigure, encoding="latin-1")
for nl in [None, "", "\r", "\r\n"]:
    tw = _io.TextIOWrapper(_io.BytesIO("α\r\nβ\rγ\nδ\r".encode("utf-8")), encoding="utf-8", newline=nl)
    cookies = []
    while True:
        c = tw.tell()
        line = tw.readline()
        if not line:
            break
        cookies.append((c, line))
    print(repr(nl), cookies, tw.tell())
    for c, line in cookies:
        tw.seek(c)
        print(repr(tw.readline()) == repr(line), end=" ")
    tw.seek(0)
    print(repr(tw.read(2)), tw.tell(), repr(tw.read(1)), tw.tell(), repr(tw.read()))
dec = _io.IncrementalNewlineDecoder(None, translate=True)
print(repr(dec.decode("a\r")), repr(dec.decode("\nb\r")), dec.getstate(), repr(dec.decode("", final=True)), dec.newlines)
dec.reset()
print(dec.getstate(), dec.newlines)
dec = _io.IncrementalNewlineDecoder(None, translate=False)
print(repr(dec.decode("x\r\ny\rz\n", final=True)), dec.newlines)

# --- the "open" audit event
def audit_hook(event, args):
    if event == "open" and isinstance(args[0], str) and args[0].startswith(BASE):
        print("audit", event, args[0][len(BASE):], args[1], args[2] & 3)


sys.addaudithook(audit_hook)
open(q, "rb").close()
open(q, "w", encoding="utf-8").close()
_io.FileIO(q, "r+").close()
_io.open_code(q).close()

# --- open_code, text_encoding
with _io.open_code(q) as f:
    print(type(f).__name__, f.read())
show("open_code bytes", _io.open_code, q.encode())
print(_io.text_encoding("latin-1"), _io.text_encoding(None))

# --- the standard streams
print(type(sys.stdout).__name__, sys.stdout.name, sys.stdout.mode, sys.stderr.name, sys.stderr.errors)
print(type(sys.stdin).__name__, sys.stdin.name, sys.stdin.mode, type(sys.stdin.buffer).__name__)
print(sys.__stdout__ is sys.stdout, sys.__stderr__ is sys.stderr, sys.__stdin__ is sys.stdin)
print(sys.stdout.fileno(), sys.stderr.fileno(), sys.stdin.fileno(), sys.stdout.writable(), sys.stdin.readable())
print(sys.stdout.encoding)
print(sys.stdout.write("written\n"))
sys.stdout.flush()

for p in sorted(made):
    if os is not None and os.path.exists(p):
        os.remove(p)
print("done")
