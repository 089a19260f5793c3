# The `posix` module through CPython's pure-Python `os`, `os.path` and
# `stat`: files and descriptors, directories, scandir, stat results,
# dir_fd/follow_symlinks, the environment, errors as OSError subclasses
# with CPython's messages. Everything happens in a fresh directory under
# /tmp that the program removes; only relative names are printed.
import copy
import errno
import os
import posix
import stat
import sys

base = "/tmp/ophis-posix-test-%d" % os.getpid()
os.mkdir(base)
home = os.getcwd()
os.chdir(base)
print("cwd", os.getcwd() == base, os.getcwdb() == base.encode(), os.path.abspath("x") == base + "/x")


def err(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print("   ", type(e).__name__, e)
    else:
        print("    ->", repr(r))


# --- descriptors ---------------------------------------------------------------
fd = os.open("a.txt", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
print("write", os.write(fd, b"hello world\n"), os.write(fd, bytearray(b"more\n")),
      os.write(fd, memoryview(b"xyz")))
print("inheritable", os.get_inheritable(fd), os.get_blocking(fd), os.isatty(fd))
os.close(fd)
fd = os.open("a.txt", os.O_RDONLY)
print("read", os.read(fd, 5), os.read(fd, 100), os.read(fd, 10))
print("lseek", os.lseek(fd, 6, os.SEEK_SET), os.read(fd, 5), os.lseek(fd, -3, os.SEEK_END),
      os.read(fd, 3), os.lseek(fd, 0, os.SEEK_CUR))
st = os.fstat(fd)
print("fstat", st.st_size, stat.S_ISREG(st.st_mode), stat.filemode(st.st_mode))
fd2 = os.dup(fd)
print("dup", fd2 != fd, os.get_inheritable(fd2), os.lseek(fd2, 0, os.SEEK_CUR))
os.close(fd2)
os.close(fd)
err(os.close, fd)
err(os.read, fd, 1)
err(os.read, 0, -1)
err(os.write, 1, "text")
err(os.open, "missing.txt", os.O_RDONLY)
err(os.open, "a.txt")
err(os.open, "a.txt", 1.5)
err(os.fstat, -1)
r, w = os.pipe()
print("pipe", os.get_inheritable(r), os.write(w, b"through the pipe"), os.read(r, 100))
os.set_inheritable(r, True)
os.set_blocking(w, False)
print("set", os.get_inheritable(r), os.get_blocking(w))
os.close(r)
os.close(w)
fd = os.open("a.txt", os.O_RDWR)
os.ftruncate(fd, 4)
print("ftruncate", os.fstat(fd).st_size)
os.close(fd)
os.truncate("a.txt", 2)
print("truncate", os.stat("a.txt").st_size)

# --- stat ----------------------------------------------------------------------
st = os.stat("a.txt")
print(type(st).__name__, type(st).__module__, len(st), st.n_sequence_fields, st.n_fields,
      st.n_unnamed_fields)
print("fields", st[0] == st.st_mode, st[6] == st.st_size, st[8] == int(st.st_mtime),
      st.st_mtime_ns // 10**9 == st[8], type(st.st_atime).__name__, type(st.st_atime_ns).__name__,
      type(st[7]).__name__)
print("same", os.stat("a.txt") == os.lstat("a.txt"), os.path.samestat(st, os.stat("./a.txt")))
print("sizes", st.st_blksize > 0, st.st_blocks >= 0, st.st_nlink, st.st_uid == os.getuid(),
      st.st_gid == os.getgid())
err(os.stat, "nonexistent")
err(os.stat, b"nonexistent")
err(os.lstat, "nonexistent/x")
err(os.stat, [])
err(os.lstat, 3)
err(os.stat, "a\0b")
err(os.stat, b"a\0b")
err(os.stat)
err(os.stat, "a.txt", dir_fd=1.5)
err(os.stat, 0, dir_fd=3)
err(os.stat, 1, follow_symlinks=False)
err(os.stat, 1, dir_fd=1)
print("fd 0", type(os.stat(0, follow_symlinks=False)).__name__)  # CPython checks fd > 0
s = os.stat_result(tuple(range(10)))
print(s, s.st_atime, s.st_mtime, s.st_ctime, s.st_atime_ns, s.st_blksize)
print(os.stat_result(tuple(range(10)), {"st_atime": 1.5}).st_atime)
c = copy.copy(st)
print("copy", c == st, c.st_mtime == st.st_mtime, c.st_mtime_ns == st.st_mtime_ns,
      st.__reduce__()[0], len(st.__reduce__()[1][0]), sorted(st.__reduce__()[1][1]))
err(os.stat_result, (1, 2))
print(os.terminal_size((80, 24)), os.terminal_size((80, 24)).columns)
print("stat fd", os.stat(0).st_mode == os.fstat(0).st_mode)

# --- directories -----------------------------------------------------------------
os.mkdir("sub")
os.mkdir("sub/inner", 0o700)
print("mode", oct(stat.S_IMODE(os.stat("sub/inner").st_mode)))
os.makedirs("deep/er/est")
os.makedirs("deep/er/est", exist_ok=True)
err(os.makedirs, "deep/er/est")
err(os.mkdir, "sub")
err(os.mkdir, "missing/child")
err(os.rmdir, "sub")
err(os.rmdir, "missing")
err(os.rmdir, "a.txt")
err(os.listdir, "a.txt")
err(os.listdir, "missing")
err(os.listdir, 1.5)
err(os.chdir, "missing")
err(os.chdir, None)
print("listdir", sorted(os.listdir()), sorted(os.listdir(".")), sorted(os.listdir(b".")))
for e in sorted(os.scandir(), key=lambda e: e.name):
    print("   ", repr(e), e.name, e.path, e.is_dir(), e.is_file(), e.is_symlink(),
          e.inode() == os.stat(e.path, follow_symlinks=False).st_ino, os.fspath(e))
for e in sorted(os.scandir(b"sub"), key=lambda e: e.name):
    print("   ", repr(e), e.name, e.path, e.is_dir(), e.stat().st_mode == os.stat(e.path).st_mode)
for e in os.scandir("sub/"):
    print("   ", e.path)
it = os.scandir()
print("scandir", type(it).__name__, iter(it) is it)
it.close()
print("closed", list(it))
with os.scandir("sub") as it:
    print("with", [e.name for e in it])
err(os.scandir, "missing")
err(type(it))
err(os.DirEntry)

print("walk", [(root, sorted(d), sorted(f)) for root, d, f in sorted(os.walk("."))])
os.removedirs("deep/er/est")
print("removedirs", os.path.exists("deep"))

# --- links -----------------------------------------------------------------------
os.symlink("a.txt", "link")
os.symlink("sub", "dirlink")
os.symlink("nowhere", "broken")
os.link("a.txt", "hard")
print("links", os.readlink("link"), os.readlink(b"dirlink"), os.path.islink("link"),
      os.path.isdir("dirlink"), os.path.exists("broken"), os.path.lexists("broken"),
      os.stat("hard").st_nlink, os.path.samefile("a.txt", "hard"))
print("lstat", stat.S_ISLNK(os.lstat("link").st_mode), stat.S_ISLNK(os.stat("link", follow_symlinks=False).st_mode),
      stat.S_ISREG(os.stat("link").st_mode))
for e in sorted(os.scandir(), key=lambda e: e.name):
    print("   ", e.name, e.is_dir(), e.is_dir(follow_symlinks=False), e.is_file(),
          e.is_file(follow_symlinks=False), e.is_symlink())
err(os.readlink, "a.txt")
err(os.symlink, "a.txt", "link")
err(os.link, "missing", "x")
err(os.symlink, "a.txt", b"x")
os.unlink(b"x")
print("realpath", os.path.realpath("dirlink") == base + "/sub", os.path.realpath("link") == base + "/a.txt")
for n in ("link", "dirlink", "broken", "hard"):
    os.unlink(n)

# --- rename, remove ------------------------------------------------------------------
os.rename("a.txt", "b.txt")
print("rename", sorted(os.listdir()))
with_fd = os.open("c.txt", os.O_WRONLY | os.O_CREAT, 0o600)
os.close(with_fd)
os.replace("c.txt", "b.txt")
print("replace", sorted(os.listdir()), os.stat("b.txt").st_size)
err(os.rename, "missing", "other")
err(os.replace, "missing", b"other")
err(os.rename, "b.txt", "missing/x")
err(os.unlink, "missing")
err(os.remove, "sub")
err(os.unlink, None)

# --- dir_fd ----------------------------------------------------------------------------
dfd = os.open("sub", os.O_RDONLY | os.O_DIRECTORY)
f = os.open("in.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=dfd)
os.write(f, b"12345")
os.close(f)
print("dir_fd", os.stat("in.txt", dir_fd=dfd).st_size, os.path.exists("sub/in.txt"),
      os.access("in.txt", os.R_OK, dir_fd=dfd), sorted(os.listdir(dfd)),
      sorted(e.name for e in os.scandir(dfd)))
os.mkdir("made", dir_fd=dfd)
os.rename("in.txt", "moved.txt", src_dir_fd=dfd, dst_dir_fd=dfd)
print("dir_fd", sorted(os.listdir("sub")))
os.unlink("moved.txt", dir_fd=dfd)
os.rmdir("made", dir_fd=dfd)
err(os.stat, "missing", dir_fd=dfd)
os.close(dfd)
funcs = (os.access, os.chdir, os.chmod, os.chown, os.link, os.listdir, os.lstat, os.mkdir, os.mkfifo,
         os.mknod, os.open, os.readlink, os.rename, os.rmdir, os.scandir, os.stat, os.symlink,
         os.truncate, os.unlink, os.utime)
for name in ("supports_dir_fd", "supports_fd", "supports_follow_symlinks", "supports_effective_ids"):
    print(name, [f.__name__ for f in funcs if f in getattr(os, name)])

# --- chmod, access, umask ------------------------------------------------------------
os.chmod("b.txt", 0o640)
print("chmod", oct(stat.S_IMODE(os.stat("b.txt").st_mode)))
print("access", os.access("b.txt", os.F_OK), os.access("b.txt", os.R_OK | os.W_OK),
      os.access("missing", os.F_OK), os.access(b"sub", os.X_OK))
old = os.umask(0o022)
print("umask", oct(os.umask(old)))
err(os.chmod, "missing", 0o600)
os.chmod("b.txt", 0o600, follow_symlinks=False)
os.symlink("b.txt", "blink")
err(os.chmod, "blink", 0o600, follow_symlinks=False)
os.unlink("blink")
print("chmod nofollow", oct(stat.S_IMODE(os.stat("b.txt").st_mode)))
os.utime("b.txt", (1000000000, 1000000001.25))
st = os.stat("b.txt")
print("utime", st.st_atime, st.st_mtime, st.st_atime_ns, st.st_mtime_ns, st[7], st[8])
os.utime("b.txt", ns=(1234567890123456789, -1))
st = os.stat("b.txt")
print("utime ns", st.st_atime_ns, st.st_mtime_ns, st.st_mtime, st[8])
os.utime("b.txt", (-1.5, 0.000000001))
print("utime neg", os.stat("b.txt").st_atime_ns, os.stat("b.txt").st_mtime_ns)
os.utime("b.txt")
print("utime now", os.stat("b.txt").st_mtime > 1000000000)
err(os.utime, "missing")
err(os.utime, "b.txt", (1, 2), ns=(1, 2))
err(os.utime, "b.txt", [1, 2])
err(os.utime, "b.txt", ns=[1, 2])
err(os.utime, "b.txt", ns=(1.5, 2))
err(os.utime, "b.txt", ("a", 2))
err(os.utime, "b.txt", ns=None)
err(os.utime, 1, dir_fd=3)
os.chown("b.txt", -1, -1)
os.chown("b.txt", os.getuid(), os.getgid())
os.lchown("b.txt", -1, -1)
err(os.chown, "missing", -1, -1)
err(os.chown, "b.txt", "a", 0)
err(os.chown, "b.txt", 0, 1.5)
os.mkfifo("fifo")
print("fifo", stat.S_ISFIFO(os.stat("fifo").st_mode), stat.S_ISFIFO(os.lstat("fifo").st_mode))
err(os.mkfifo, "fifo")
os.unlink("fifo")

# --- paths ---------------------------------------------------------------------------
print("path", os.path.join("a", "b", "c"), os.path.split("/x/y/z.py"), os.path.splitext("z.tar.gz"),
      os.path.basename("/x/y"), os.path.dirname("/x/y"), os.path.normpath("a//b/../c/."),
      os.path.isabs("/x"), os.path.getsize("b.txt"), os.path.isfile("b.txt"), os.path.isdir("sub"),
      os.path.expanduser("~") == os.environ["HOME"], os.path.commonpath(["/a/b/c", "/a/b/d"]),
      os.path.relpath("/a/b/c", "/a"))


class P:
    def __init__(self, p):
        self.p = p

    def __fspath__(self):
        return self.p


print("fspath", os.fspath("s"), os.fspath(b"b"), os.fspath(P("p")), os.stat(P("b.txt")).st_size,
      os.path.exists(P(b"sub")), os.fsencode("x\udcff"), os.fsdecode(b"x\xff") == "x\udcff")
err(os.fspath, 1)
err(os.fspath, P(1))
err(os.stat, P(1))
err(os.stat, P("missing"))

# --- the environment ---------------------------------------------------------------------
print("environ", type(posix.environ).__name__, all(type(k) is bytes and type(v) is bytes
                                                   for k, v in posix.environ.items()),
      type(os.environ).__name__)
os.environ["OPHIS_POSIX_T"] = "v\u00e9"
print("set", os.environ["OPHIS_POSIX_T"], os.getenv("OPHIS_POSIX_T"), os.environb[b"OPHIS_POSIX_T"],
      "OPHIS_POSIX_T" in os.environ)
os.environ.pop("OPHIS_POSIX_T")
print("unset", os.getenv("OPHIS_POSIX_T"), os.environ.get("OPHIS_POSIX_T", "gone"))
err(os.putenv, "A=B", "c")
err(os.putenv, "", "c")
err(os.putenv, "A", "c\0")
err(os.environ.__setitem__, "A", 1)
err(os.unsetenv, "A=B")

# --- the process ---------------------------------------------------------------------------
print("pid", os.getpid() > 0, os.getppid() > 0, os.getpid() != os.getppid())
print("ids", type(os.getuid()).__name__, os.geteuid() == os.getuid(), type(os.getegid()).__name__)
u = os.uname()
print("uname", type(u).__name__, len(u), u.sysname, u[0] == u.sysname, [type(x).__name__ for x in u])
t = os.times()
print("times", type(t).__name__, len(t), [type(x).__name__ for x in t], t.user >= 0)
print("cpu", type(os.cpu_count()).__name__, os.cpu_count() > 0)
print("urandom", len(os.urandom(0)), len(os.urandom(16)), type(os.urandom(3)).__name__)
err(os.urandom, -1)
print("kill", os.kill(os.getpid(), 0))
print("system", os.system("exit 3"), os.waitstatus_to_exitcode(os.system("true")), os.system(b"exit 1") >> 8)
fd = os.open("b.txt", os.O_RDONLY)
print("misc", os.sync(), os.sched_yield(), len(os.getloadavg()), os.fdatasync(fd), os.fsync(fd))
os.close(fd)
err(os.kill, 2**30, 0)
print("status", os.waitstatus_to_exitcode(0), os.waitstatus_to_exitcode(3 << 8),
      os.waitstatus_to_exitcode(9), os.WIFEXITED(256), os.WEXITSTATUS(256), os.WIFSIGNALED(9),
      os.WTERMSIG(9))
err(os.waitstatus_to_exitcode, -1)
print("strerror", os.strerror(errno.ENOENT), os.strerror(errno.EACCES), os.strerror(0))
print("errno", errno.ENOENT, errno.EEXIST, errno.EAGAIN == errno.EWOULDBLOCK,
      errno.errorcode[errno.ENOENT], errno.errorcode[errno.EAGAIN], len(errno.errorcode))
print("constants", os.O_RDONLY, os.O_WRONLY, os.O_RDWR, os.O_CREAT, os.O_EXCL, os.O_TRUNC, os.O_APPEND,
      os.O_CLOEXEC, os.SEEK_SET, os.SEEK_CUR, os.SEEK_END, os.F_OK, os.R_OK, os.W_OK, os.X_OK,
      os.EX_OK, os.WNOHANG)
print("module", os.name, os.sep, os.pathsep, os.linesep == "\n", os.curdir, os.pardir, os.devnull,
      os.error is OSError, posix.error is OSError, os.stat_result is posix.stat_result,
      os.path.__name__)

# --- errors map to OSError subclasses -------------------------------------------------------
for code in (errno.ENOENT, errno.EEXIST, errno.EACCES, errno.EISDIR, errno.ENOTDIR, errno.EPERM,
             errno.EAGAIN, errno.EINVAL):
    e = OSError(code, os.strerror(code), "f")
    print("   ", type(e).__name__, e.errno, e.strerror, e.filename, e)

# --- blocking calls release the GIL; a signal interrupts them (PEP 475) ---------
import threading
import time

r, w = os.pipe()
got = []
reader = threading.Thread(target=lambda: got.append(os.read(r, 100)))
reader.start()
os.write(w, b"ping")
reader.join()
print("threaded read", got)


def poke():
    time.sleep(0.2)
    os.kill(os.getpid(), 2)


threading.Thread(target=poke).start()
try:
    os.read(r, 10)
except KeyboardInterrupt:
    print("read interrupted")
os.close(r)
os.close(w)

os.unlink("b.txt")
os.rmdir("sub/inner")
os.rmdir("sub")
os.chdir(home)
os.rmdir(base)
print("cleaned", os.path.exists(base))
