# CPython's pure-Python io.py over the _io module: its ABCs over the _io
# bases, registration of the concrete classes, and Python subclasses of the
# bases wrapped by the buffered and text layers.
import io
import sys

print(io.open is open, io.FileIO is __import__("_io").FileIO, io.DEFAULT_BUFFER_SIZE)
print([c.__name__ for c in io.RawIOBase.__mro__])
print([c.__name__ for c in io.TextIOBase.__mro__])
print(type(io.IOBase).__name__, io.SEEK_SET, io.SEEK_CUR, io.SEEK_END)
for cls in (io.FileIO, io.BytesIO, io.StringIO, io.BufferedReader, io.BufferedWriter,
            io.BufferedRandom, io.BufferedRWPair, io.TextIOWrapper):
    print(cls.__name__, [issubclass(cls, b) for b in (io.IOBase, io.RawIOBase, io.BufferedIOBase, io.TextIOBase)])
print(isinstance(sys.stdout, io.TextIOBase), isinstance(sys.stdout.buffer, (io.BufferedIOBase, io.RawIOBase)))
print(io.UnsupportedOperation is __import__("_io").UnsupportedOperation)


class Source(io.RawIOBase):
    """A raw stream over bytes, reading at most 3 bytes a call."""

    def __init__(self, data):
        self.data = data
        self.pos = 0
        self.calls = 0

    def readable(self):
        return True

    def readinto(self, b):
        self.calls += 1
        n = min(len(b), 3, len(self.data) - self.pos)
        b[:n] = self.data[self.pos:self.pos + n]
        self.pos += n
        return n


src = Source(b"first line\nsecond\nthird")
print(src.read(2), src.read(), src.read())
src = Source(b"first line\nsecond\nthird")
r = io.BufferedReader(src, buffer_size=4)
print(r.read(5), r.peek(1)[:1], r.readline(), list(r), src.calls > 3)
t = io.TextIOWrapper(io.BufferedReader(Source("é\r\nzwei\n".encode())), encoding="utf-8")
print(t.readlines(), t.newlines)


class Sink(io.RawIOBase):
    def __init__(self):
        self.chunks = []

    def writable(self):
        return True

    def write(self, b):
        self.chunks.append(bytes(b))
        return len(b)


sink = Sink()
w = io.BufferedWriter(sink, buffer_size=8)
w.write(b"abc")
print(sink.chunks)
w.write(b"defghijkl")
w.flush()
print(sink.chunks)
tw = io.TextIOWrapper(io.BufferedWriter(Sink()), encoding="latin-1", line_buffering=True)
tw.write("ä b\n")
print(tw.buffer.raw.chunks)
w.close()
print(w.closed, sink.closed)


class Upper(io.TextIOBase):
    def __init__(self):
        self.parts = []

    def writable(self):
        return True

    def write(self, s):
        self.parts.append(s.upper())
        return len(s)


u = Upper()
print("hello", "there", file=u)
print(u.parts)
with u:
    pass
print(u.closed)


class Closing(io.BytesIO):
    def close(self):
        print("closing", self.getvalue())
        super().close()


c = Closing(b"data")
del c
print("done")
