//! The `posix` module (what `os` re-exports on Linux), as CPython 3.12.1
//! has it, for what the pure-Python `os`, `posixpath`, `genericpath`,
//! `stat`, `threading`, `contextlib` and everyday scripts use:
//!
//! - paths: `getcwd`, `getcwdb`, `chdir`, `listdir`, `scandir` (`DirEntry`,
//!   `ScandirIterator`), `stat`/`lstat`/`fstat` (`os.stat_result`), `mkdir`,
//!   `rmdir`, `unlink`/`remove`, `rename`/`replace`, `access`, `chmod`,
//!   `readlink`, `symlink`, `link`, `truncate`, `utime`, `chown`/`lchown`/
//!   `fchown`, `mkfifo`, `mknod`; `dir_fd` through the `*at` calls and `follow_symlinks`
//!   as CPython's signatures take them;
//! - descriptors: `open`, `close`, `closerange`, `read`, `write`, `lseek`,
//!   `dup`, `dup2`, `pipe`, `fsync`, `ftruncate`, `isatty`,
//!   `get_terminal_size`, `get_inheritable`/`set_inheritable`,
//!   `get_blocking`/`set_blocking`, `device_encoding`;
//! - the process: `environ` (bytes to bytes, read at start-up), `putenv`,
//!   `unsetenv`, `getpid`, `getppid`, the user and group ids, `kill`,
//!   `system`, `sync`, `fdatasync`, `sched_yield`, `getloadavg`,
//!   `umask`, `uname`, `times`, `cpu_count`, `urandom`, `strerror`,
//!   `fspath`, `_exit`, `waitstatus_to_exitcode`, the `W*` status macros;
//! - the Linux constants (`O_*`, `*_OK`, `SEEK_*`, ...), `_have_functions`
//!   (the `*at` forms provided) and `error` (`OSError`).
//!
//! Failures raise the `OSError` subclass of their `errno` with CPython's
//! message and file names (`[Errno 2] No such file or directory: 'x'`).

use crate::objects::exceptions::{self, Exc};
use crate::objects::object::*;
use crate::objects::structseq::{self, Field};
use crate::objects::typeobj::{self, flags, PyMethodDef, PyTypeObject};
use crate::objects::{bytes, codecs, dict, float, list, long, module, tuple, unicode};
use crate::protocols::buffer::{self, PyBuffer};
use crate::protocols::clinic::{arg, arg_opt, def, fastcall, kw_opt, pos, pos_opt, Sig};
use crate::runtime::err::{self, PyResult};
use crate::runtime::{lifecycle, report, thread};
use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::ptr;

extern "C" {
    /// The process's environment (`char **environ`).
    static environ: *const *const c_char;
}

/// The calling thread's `errno`.
fn errno() -> c_int {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// `OSError` (the subclass of `e`) for `errno` `e`, with the file names
/// `f1` and `f2` (NULL: none).
///
/// # Safety
/// `f1`, `f2` NULL or live.
unsafe fn os_error(e: c_int, f1: *mut PyObject, f2: *mut PyObject) -> err::Raised {
    // SAFETY: forwarded.
    unsafe { report::set_from_errno_code(exceptions::get(Exc::OSError), e, f1, f2) }
}

/// `OSError` from the current `errno`, without a file name.
fn last_error() -> err::Raised {
    // SAFETY: no file names.
    unsafe { os_error(errno(), ptr::null_mut(), ptr::null_mut()) }
}

/// None.
fn none() -> Owned {
    // SAFETY: None lives for the process.
    unsafe { Owned::from_borrowed(lifecycle::none()) }
}

/// Runs a system call with the GIL released (its `errno` survives taking
/// the GIL back).
fn without_gil<T>(f: impl FnOnce() -> T) -> T {
    let ts = thread::detach();
    let r = f();
    let e = errno();
    // SAFETY: `ts` is this thread's state, detached just above; `errno`
    // is this thread's.
    unsafe {
        thread::attach(ts);
        *libc::__errno_location() = e;
    }
    r
}

/// An `int` argument as a C `int` (`_PyLong_AsInt` through `__index__`).
///
/// # Safety
/// `o` live.
unsafe fn c_int_arg(o: *mut PyObject) -> PyResult<c_int> {
    // SAFETY: forwarded.
    unsafe { long::as_c_int(o) }
}

/// A file descriptor argument (`fildes` converter), with CPython's
/// overflow messages.
///
/// # Safety
/// `o` live.
unsafe fn fd_arg(o: *mut PyObject) -> PyResult<c_int> {
    // SAFETY: forwarded.
    unsafe {
        let i = long::index(o)?;
        match long::val(i.as_ptr()) {
            long::Val::Small(v) if v > c_int::MAX as i64 => {
                Err(err::overflow_error("fd is greater than maximum"))
            }
            long::Val::Small(v) if v < c_int::MIN as i64 => {
                Err(err::overflow_error("fd is less than minimum"))
            }
            long::Val::Small(v) => Ok(v as c_int),
            long::Val::Big(_) => Err(err::overflow_error(
                if long::to_bigint(i.as_ptr()).sign() == num_bigint::Sign::Minus {
                    "fd is less than minimum"
                } else {
                    "fd is greater than maximum"
                },
            )),
        }
    }
}

/// Whether `o` has `__index__` (an `int` or an integer-like object).
///
/// # Safety
/// `o` live.
unsafe fn is_index(o: *mut PyObject) -> bool {
    // SAFETY: reads the type's number slots.
    unsafe {
        let nb = (*(*o).ob_type).tp_as_number;
        long::check(o) || (!nb.is_null() && (*nb).nb_index.is_some())
    }
}

/// A `dir_fd` argument: `AT_FDCWD` when missing or None.
///
/// # Safety
/// `o` live if given.
unsafe fn dir_fd_arg(o: Option<*mut PyObject>) -> PyResult<c_int> {
    // SAFETY: forwarded.
    unsafe {
        match o {
            None => Ok(libc::AT_FDCWD),
            Some(v) if v == lifecycle::none() => Ok(libc::AT_FDCWD),
            Some(v) if is_index(v) => fd_arg(v),
            Some(v) => Err(err::type_error(&format!(
                "argument should be integer or None, not {}",
                typeobj::type_name_of(v)
            ))),
        }
    }
}

/// A path argument (`path_t`): a file-system path as C bytes, or a file
/// descriptor where the function accepts one.
struct PathArg {
    /// The encoded path; None for a descriptor.
    c: Option<CString>,
    /// Whether the path is a descriptor (any value: -1 fails with
    /// `EBADF`).
    is_fd: bool,
    /// The descriptor.
    fd: c_int,
    /// Whether results are bytes (the path was bytes, or `__fspath__`
    /// returned bytes).
    bytes: bool,
    /// The path as error messages name it: the str or bytes (after
    /// `__fspath__`), the descriptor, or None for the default.
    object: Owned,
}

impl PathArg {
    /// The C path (NULL for a descriptor).
    fn ptr(&self) -> *const c_char {
        self.c.as_ref().map_or(ptr::null(), |c| c.as_ptr())
    }

    /// The path as raw bytes.
    fn raw(&self) -> &[u8] {
        self.c.as_ref().map_or(&[], |c| c.as_bytes())
    }

    /// `OSError` for `e` naming this path.
    fn error(&self, e: c_int) -> err::Raised {
        // SAFETY: the object is live.
        unsafe { os_error(e, self.object.as_ptr(), ptr::null_mut()) }
    }

    /// A name or path this call produced, as str or bytes like the path.
    fn result(&self, raw: &[u8]) -> PyResult<Owned> {
        if self.bytes {
            bytes::from_bytes(raw)
        } else {
            codecs::decode_fs(raw)
        }
    }
}

/// Converts `o` (missing: the default None) to a path for function `func`,
/// argument `argname`, as CPython's `path_converter`: str (encoded with
/// the file-system encoding), bytes, `os.PathLike`, a descriptor when
/// `allow_fd`, None (the current directory) when `nullable`.
///
/// # Safety
/// `o` live if given.
unsafe fn path_arg(
    func: &str,
    argname: &str,
    o: Option<*mut PyObject>,
    allow_fd: bool,
    nullable: bool,
) -> PyResult<PathArg> {
    // SAFETY: live arguments.
    unsafe {
        let none = lifecycle::none();
        let o = o.unwrap_or(none);
        if o == none && nullable {
            return Ok(PathArg {
                c: Some(c".".to_owned()),
                is_fd: false,
                fd: -1,
                bytes: false,
                object: Owned::from_borrowed(none),
            });
        }
        if allow_fd && is_index(o) {
            return Ok(PathArg {
                c: None,
                is_fd: true,
                fd: fd_arg(o)?,
                bytes: false,
                object: Owned::from_borrowed(o),
            });
        }
        let value = if unicode::check(o) || bytes::check(o) {
            Owned::from_borrowed(o)
        } else {
            match crate::protocols::slotcall::call_dunder(o, "__fspath__", &[])? {
                Some(r) => {
                    if !unicode::check(r.as_ptr()) && !bytes::check(r.as_ptr()) {
                        return Err(err::type_error(&format!(
                            "expected {}.__fspath__() to return str or bytes, not {}",
                            typeobj::type_name_of(o),
                            typeobj::type_name_of(r.as_ptr())
                        )));
                    }
                    r
                }
                None => {
                    let expected = match (allow_fd, nullable) {
                        (true, true) => "string, bytes, os.PathLike, integer or None",
                        (true, false) => "string, bytes, os.PathLike or integer",
                        (false, true) => "string, bytes, os.PathLike or None",
                        (false, false) => "string, bytes or os.PathLike",
                    };
                    return Err(err::type_error(&format!(
                        "{func}: {argname} should be {expected}, not {}",
                        typeobj::type_name_of(o)
                    )));
                }
            }
        };
        let is_bytes = bytes::check(value.as_ptr());
        let raw = if is_bytes {
            bytes::as_slice(value.as_ptr()).to_vec()
        } else {
            let b = codecs::encode_fs(value.as_ptr())?;
            let v = bytes::as_slice(b.as_ptr()).to_vec();
            if v.contains(&0) {
                return Err(err::value_error("embedded null byte"));
            }
            v
        };
        let c = CString::new(raw).map_err(|_| {
            err::value_error(&format!("{func}: embedded null character in {argname}"))
        })?;
        Ok(PathArg {
            c: Some(c),
            is_fd: false,
            fd: -1,
            bytes: is_bytes,
            object: value,
        })
    }
}

/// `ValueError` when a descriptor path comes with `dir_fd`.
fn no_dir_fd_with_fd(func: &str, p: &PathArg, dir_fd: c_int) -> PyResult<()> {
    if p.is_fd && dir_fd != libc::AT_FDCWD {
        return Err(err::value_error(&format!(
            "{func}: can't specify dir_fd without matching path"
        )));
    }
    Ok(())
}

/// `ValueError` when a descriptor path comes with `follow_symlinks=False`.
fn no_fd_and_nofollow(func: &str, p: &PathArg, follow: bool) -> PyResult<()> {
    // CPython tests `fd > 0`: descriptor 0 passes.
    if p.is_fd && p.fd > 0 && !follow {
        return Err(err::value_error(&format!(
            "{func}: cannot use fd and follow_symlinks together"
        )));
    }
    Ok(())
}

/// Runs a system call with the GIL released, again after each `EINTR`
/// once the signal handlers have run (PEP 475); an exception from a
/// handler (`KeyboardInterrupt`) ends the call.
fn blocking<T: PartialEq + From<i8>>(mut f: impl FnMut() -> T) -> PyResult<T> {
    loop {
        let r = without_gil(&mut f);
        if r != T::from(-1) || errno() != libc::EINTR {
            return Ok(r);
        }
        // SAFETY: the GIL is held again.
        unsafe { crate::runtime::signals::check()? };
    }
}

// ---------------------------------------------------------------------------
// Struct sequences.

const fn field(name: &'static CStr) -> Field {
    Field {
        name: name.as_ptr(),
        doc: ptr::null(),
    }
}

const fn unnamed() -> Field {
    Field {
        name: c"unnamed field".as_ptr(),
        doc: ptr::null(),
    }
}

static STAT_FIELDS: [Field; 19] = [
    field(c"st_mode"),
    field(c"st_ino"),
    field(c"st_dev"),
    field(c"st_nlink"),
    field(c"st_uid"),
    field(c"st_gid"),
    field(c"st_size"),
    unnamed(),
    unnamed(),
    unnamed(),
    field(c"st_atime"),
    field(c"st_mtime"),
    field(c"st_ctime"),
    field(c"st_atime_ns"),
    field(c"st_mtime_ns"),
    field(c"st_ctime_ns"),
    field(c"st_blksize"),
    field(c"st_blocks"),
    field(c"st_rdev"),
];

static UNAME_FIELDS: [Field; 5] = [
    field(c"sysname"),
    field(c"nodename"),
    field(c"release"),
    field(c"version"),
    field(c"machine"),
];

static TIMES_FIELDS: [Field; 5] = [
    field(c"user"),
    field(c"system"),
    field(c"children_user"),
    field(c"children_system"),
    field(c"elapsed"),
];

static TERMINAL_FIELDS: [Field; 2] = [field(c"columns"), field(c"lines")];

static mut STAT_TYPE: *mut PyTypeObject = ptr::null_mut();
static mut UNAME_TYPE: *mut PyTypeObject = ptr::null_mut();
static mut TIMES_TYPE: *mut PyTypeObject = ptr::null_mut();
static mut TERMINAL_TYPE: *mut PyTypeObject = ptr::null_mut();
static mut DIRENTRY_TYPE: *mut PyTypeObject = ptr::null_mut();
static mut SCANDIR_TYPE: *mut PyTypeObject = ptr::null_mut();

/// An instance of a struct sequence type from owned values.
unsafe fn seq(t: *mut PyTypeObject, values: Vec<Owned>) -> PyResult<Owned> {
    // SAFETY: live values.
    unsafe {
        let ptrs: Vec<*mut PyObject> = values.iter().map(|v| v.as_ptr()).collect();
        structseq::from_values(t, &ptrs)
    }
}

/// `os.stat_result` from a `struct stat`.
fn stat_result(st: &libc::stat) -> PyResult<Owned> {
    let times = [
        (st.st_atime, st.st_atime_nsec),
        (st.st_mtime, st.st_mtime_nsec),
        (st.st_ctime, st.st_ctime_nsec),
    ];
    let mut v = vec![
        long::from_i64(st.st_mode as i64)?,
        long::from_u64(st.st_ino)?,
        long::from_u64(st.st_dev)?,
        long::from_u64(st.st_nlink)?,
        long::from_i64(st.st_uid as i64)?,
        long::from_i64(st.st_gid as i64)?,
        long::from_i64(st.st_size)?,
    ];
    for (s, _) in times {
        v.push(long::from_i64(s)?);
    }
    for (s, ns) in times {
        v.push(float::from_f64(s as f64 + ns as f64 * 1e-9)?);
    }
    for (s, ns) in times {
        let total = s as i128 * 1_000_000_000 + ns as i128;
        v.push(long::from_bigint(total.into())?);
    }
    v.push(long::from_i64(st.st_blksize)?);
    v.push(long::from_i64(st.st_blocks)?);
    v.push(long::from_u64(st.st_rdev)?);
    // SAFETY: the type is made with the module.
    unsafe { seq(STAT_TYPE, v) }
}

/// The struct sequences' own `tp_new`, which `os.stat_result` wraps.
static mut STRUCTSEQ_NEW: typeobj::newfunc = None;

/// `os.stat_result(sequence, dict=None)`: a struct sequence whose float
/// times, when left None, are the integer ones (as CPython's).
unsafe extern "C" fn stat_result_new(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract; the base constructor fills every field.
    unsafe {
        let Some(base) = STRUCTSEQ_NEW else {
            return ptr::null_mut();
        };
        let op = base(t, args, kw);
        if op.is_null() {
            return op;
        }
        for i in 7..10 {
            if structseq::get_item(op, i + 3) == lifecycle::none() {
                structseq::set_item(op, i + 3, new_ref(structseq::get_item(op, i)));
            }
        }
        op
    }
}

/// `stat`/`lstat`/`fstat` of a path or descriptor (`fstatat` under
/// `dir_fd`), raising with the path named.
fn do_stat(p: &PathArg, dir_fd: c_int, follow: bool) -> PyResult<Owned> {
    // SAFETY: `st` is written by the call; the path is a C string.
    unsafe {
        let mut st: libc::stat = std::mem::zeroed();
        let r = if p.is_fd {
            without_gil(|| libc::fstat(p.fd, &mut st))
        } else {
            let flag = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
            without_gil(|| libc::fstatat(dir_fd, p.ptr(), &mut st, flag))
        };
        if r != 0 {
            return Err(p.error(errno()));
        }
        stat_result(&st)
    }
}

fastcall! {
    /// `stat(path, *, dir_fd=None, follow_symlinks=True)`.
    fn posix_stat(_m, a = Sig::new("stat", &[arg("path"), kw_opt("dir_fd"), kw_opt("follow_symlinks")])) {
        let p = path_arg("stat", "path", a.get(0), true, false)?;
        let dir_fd = dir_fd_arg(a.get(1))?;
        let follow = a.truth(2, true)?;
        no_dir_fd_with_fd("stat", &p, dir_fd)?;
        no_fd_and_nofollow("stat", &p, follow)?;
        do_stat(&p, dir_fd, follow)
    }
}

fastcall! {
    /// `lstat(path, *, dir_fd=None)`.
    fn posix_lstat(_m, a = Sig::new("lstat", &[arg("path"), kw_opt("dir_fd")])) {
        let p = path_arg("lstat", "path", a.get(0), false, false)?;
        let dir_fd = dir_fd_arg(a.get(1))?;
        do_stat(&p, dir_fd, false)
    }
}

fastcall! {
    /// `fstat(fd)`.
    fn posix_fstat(_m, a = Sig::new("fstat", &[arg("fd")])) {
        let fd = c_int_arg(a.req(0))?;
        let mut st: libc::stat = std::mem::zeroed();
        if without_gil(|| libc::fstat(fd, &mut st)) != 0 {
            return Err(last_error());
        }
        stat_result(&st)
    }
}

// ---------------------------------------------------------------------------
// Directories.

fastcall! {
    /// `getcwd()`: the current directory as str.
    fn posix_getcwd(_m, _a = Sig::new("getcwd", &[])) {
        codecs::decode_fs(&cwd()?)
    }
}

fastcall! {
    /// `getcwdb()`: the current directory as bytes.
    fn posix_getcwdb(_m, _a = Sig::new("getcwdb", &[])) {
        bytes::from_bytes(&cwd()?)
    }
}

/// The current directory's bytes.
fn cwd() -> PyResult<Vec<u8>> {
    use std::os::unix::ffi::OsStrExt;
    std::env::current_dir()
        .map(|p| p.as_os_str().as_bytes().to_vec())
        .map_err(|e| {
            // SAFETY: no file names.
            unsafe {
                os_error(
                    e.raw_os_error().unwrap_or(libc::EIO),
                    ptr::null_mut(),
                    ptr::null_mut(),
                )
            }
        })
}

fastcall! {
    /// `chdir(path)`: a path or a descriptor (`fchdir`).
    fn posix_chdir(_m, a = Sig::new("chdir", &[arg("path")])) {
        let p = path_arg("chdir", "path", a.get(0), true, false)?;
        let r = if p.is_fd {
            without_gil(|| libc::fchdir(p.fd))
        } else {
            without_gil(|| libc::chdir(p.ptr()))
        };
        if r != 0 {
            return Err(p.error(errno()));
        }
        Ok(none())
    }
}

/// The entries of an open directory stream, without `.` and `..`:
/// `(name, d_type, d_ino)`; the stream is closed.
///
/// # Safety
/// `d` an open stream.
unsafe fn read_all(d: *mut libc::DIR) -> Result<Vec<(Vec<u8>, u8, u64)>, c_int> {
    // SAFETY: readdir's entries are valid until the next call.
    unsafe {
        let mut out = Vec::new();
        loop {
            *libc::__errno_location() = 0;
            let e = libc::readdir(d);
            if e.is_null() {
                let n = errno();
                libc::closedir(d);
                if n != 0 {
                    return Err(n);
                }
                return Ok(out);
            }
            let name = CStr::from_ptr((*e).d_name.as_ptr()).to_bytes();
            if name == b"." || name == b".." {
                continue;
            }
            out.push((name.to_vec(), (*e).d_type, (*e).d_ino));
        }
    }
}

/// Opens the directory of `p` (a descriptor is duplicated, so the
/// caller's stays open, and rewound).
fn open_dir(p: &PathArg) -> PyResult<*mut libc::DIR> {
    // SAFETY: C strings and descriptors.
    unsafe {
        if p.is_fd {
            let fd = libc::fcntl(p.fd, libc::F_DUPFD_CLOEXEC, 0);
            if fd < 0 {
                return Err(p.error(errno()));
            }
            let d = libc::fdopendir(fd);
            if d.is_null() {
                let e = errno();
                libc::close(fd);
                return Err(p.error(e));
            }
            libc::rewinddir(d);
            Ok(d)
        } else {
            let d = without_gil(|| libc::opendir(p.ptr()));
            if d.is_null() {
                return Err(p.error(errno()));
            }
            Ok(d)
        }
    }
}

fastcall! {
    /// `listdir(path=None)`: the names in a directory (str unless the
    /// path is bytes), in the order the system gives them.
    fn posix_listdir(_m, a = Sig::new("listdir", &[arg_opt("path")])) {
        let p = path_arg("listdir", "path", a.get(0), true, true)?;
        let d = open_dir(&p)?;
        let entries = read_all(d).map_err(|e| p.error(e))?;
        let l = list::new(0)?;
        for (name, _, _) in entries {
            let n = p.result(&name)?;
            list::append(l.as_ptr(), n.as_ptr())?;
        }
        Ok(l)
    }
}

/// `os.DirEntry`.
#[repr(C)]
struct DirEntry {
    ob_base: PyObject,
    name: *mut PyObject,
    path: *mut PyObject,
    stat: *mut PyObject,
    lstat: *mut PyObject,
    d_type: u8,
    ino: u64,
    /// The directory descriptor of `scandir(fd)`, or -1.
    dir_fd: c_int,
}

/// `posix.ScandirIterator`: the entries, read when the iterator is made.
#[repr(C)]
struct ScandirIter {
    ob_base: PyObject,
    /// A list of `DirEntry`, or NULL once closed.
    entries: *mut PyObject,
    next: isize,
}

/// A new object of a module type (non-collected).
unsafe fn alloc_object(t: *mut PyTypeObject) -> PyResult<*mut PyObject> {
    // SAFETY: the type is ready and has tp_alloc.
    unsafe {
        let f = (*t).tp_alloc.ok_or_else(err::Raised::assume)?;
        Ok(err::from_ptr(f(t, 0))?.into_raw())
    }
}

fastcall! {
    /// `scandir(path=None)`: an iterator of `DirEntry` (with `close()`
    /// and the context manager methods).
    fn posix_scandir(_m, a = Sig::new("scandir", &[arg_opt("path")])) {
        let p = path_arg("scandir", "path", a.get(0), true, true)?;
        let d = open_dir(&p)?;
        let entries = read_all(d).map_err(|e| p.error(e))?;
        let l = list::new(0)?;
        let mut prefix = p.raw().to_vec();
        if !prefix.is_empty() && !prefix.ends_with(b"/") {
            prefix.push(b'/');
        }
        for (name, d_type, ino) in entries {
            let e = alloc_object(DIRENTRY_TYPE)?;
            let owned = Owned::from_raw(e);
            let de = e as *mut DirEntry;
            (*de).name = ptr::null_mut();
            (*de).path = ptr::null_mut();
            (*de).stat = ptr::null_mut();
            (*de).lstat = ptr::null_mut();
            (*de).d_type = d_type;
            (*de).ino = ino;
            (*de).dir_fd = if p.is_fd { p.fd } else { -1 };
            (*de).name = p.result(&name)?.into_raw();
            (*de).path = if p.is_fd {
                new_ref((*de).name)
            } else {
                let mut full = prefix.clone();
                full.extend_from_slice(&name);
                p.result(&full)?.into_raw()
            };
            list::append(l.as_ptr(), owned.as_ptr())?;
        }
        let it = alloc_object(SCANDIR_TYPE)?;
        (*(it as *mut ScandirIter)).entries = l.into_raw();
        (*(it as *mut ScandirIter)).next = 0;
        Ok(Owned::from_raw(it))
    }
}

unsafe extern "C" fn direntry_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; the fields are ours.
    unsafe {
        let e = op as *mut DirEntry;
        xdecref((*e).name);
        xdecref((*e).path);
        xdecref((*e).stat);
        xdecref((*e).lstat);
        free(op);
    }
}

/// Frees an object through its type's `tp_free`.
unsafe fn free(op: *mut PyObject) {
    // SAFETY: a dead object of a ready type.
    unsafe {
        match (*(*op).ob_type).tp_free {
            Some(f) => f(op as *mut c_void),
            None => crate::runtime::alloc::free_object(op),
        }
    }
}

unsafe extern "C" fn direntry_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a DirEntry.
    unsafe {
        let e = op as *mut DirEntry;
        err::into_ptr((|| {
            let r = crate::protocols::abstract_::repr_string((*e).name)?;
            unicode::from_str(&format!("<DirEntry {r}>"))
        })())
    }
}

/// The entry's `stat` (following links) or `lstat`, cached.
///
/// # Safety
/// `e` a DirEntry.
unsafe fn entry_stat(e: *mut DirEntry, follow: bool) -> Result<*mut PyObject, (c_int, bool)> {
    // SAFETY: the entry's fields are live.
    unsafe {
        let follow = follow && entry_is_symlink(e).map_err(|x| (x, true))?;
        let slot = if follow {
            &mut (*e).stat
        } else {
            &mut (*e).lstat
        };
        if slot.is_null() {
            let mut st: libc::stat = std::mem::zeroed();
            let (dir, path) = if (*e).dir_fd != -1 {
                ((*e).dir_fd, (*e).name)
            } else {
                (libc::AT_FDCWD, (*e).path)
            };
            let c = if bytes::check(path) {
                CString::new(bytes::as_slice(path).to_vec())
            } else {
                match codecs::encode_fs(path) {
                    Ok(b) => CString::new(bytes::as_slice(b.as_ptr()).to_vec()),
                    Err(_) => return Err((0, false)),
                }
            };
            let Ok(c) = c else {
                return Err((libc::EINVAL, true));
            };
            let flag = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
            if libc::fstatat(dir, c.as_ptr(), &mut st, flag) != 0 {
                return Err((errno(), true));
            }
            *slot = stat_result(&st).map_err(|_| (0, false))?.into_raw();
        }
        Ok(*slot)
    }
}

/// Whether the entry is a symbolic link (from `d_type`, else `lstat`).
///
/// # Safety
/// `e` a DirEntry.
unsafe fn entry_is_symlink(e: *mut DirEntry) -> Result<bool, c_int> {
    // SAFETY: forwarded.
    unsafe {
        if (*e).d_type != libc::DT_UNKNOWN {
            return Ok((*e).d_type == libc::DT_LNK);
        }
        match entry_stat(e, false) {
            Ok(st) => Ok(mode_of(st) & libc::S_IFMT == libc::S_IFLNK),
            Err((n, _)) => Err(n),
        }
    }
}

/// `st_mode` of a stat result.
///
/// # Safety
/// `st` an `os.stat_result`.
unsafe fn mode_of(st: *mut PyObject) -> u32 {
    // SAFETY: field 0 is an int.
    unsafe { long::as_i64(structseq::get_item(st, 0), "").unwrap_or(0) as u32 }
}

/// Raises for a failed entry `stat` (an error already set when not a
/// system error).
///
/// # Safety
/// `e` a DirEntry.
unsafe fn entry_error(e: *mut DirEntry, (n, system): (c_int, bool)) -> err::Raised {
    // SAFETY: forwarded.
    unsafe {
        if system {
            os_error(n, (*e).path, ptr::null_mut())
        } else {
            err::Raised::assume()
        }
    }
}

/// `is_dir`/`is_file`: from `d_type` when it answers, else the (l)stat's
/// mode; a vanished file is neither.
///
/// # Safety
/// `e` a DirEntry.
unsafe fn entry_test(e: *mut DirEntry, follow: bool, dt: u8, mode: u32) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let is_link = if follow {
            match entry_is_symlink(e) {
                Ok(b) => b,
                Err(libc::ENOENT) => return Ok(long::bool_from(false)),
                Err(n) => return Err(entry_error(e, (n, true))),
            }
        } else {
            false
        };
        if (*e).d_type == libc::DT_UNKNOWN || (follow && is_link) {
            match entry_stat(e, follow) {
                Ok(st) => Ok(long::bool_from(mode_of(st) & libc::S_IFMT == mode)),
                Err((libc::ENOENT, true)) => Ok(long::bool_from(false)),
                Err(x) => Err(entry_error(e, x)),
            }
        } else {
            Ok(long::bool_from((*e).d_type == dt))
        }
    }
}

fastcall! {
    /// `DirEntry.is_dir(*, follow_symlinks=True)`.
    fn direntry_is_dir(slf, a = Sig::new("is_dir", &[kw_opt("follow_symlinks")])) {
        entry_test(slf as *mut DirEntry, a.truth(0, true)?, libc::DT_DIR, libc::S_IFDIR)
    }
}

fastcall! {
    /// `DirEntry.is_file(*, follow_symlinks=True)`.
    fn direntry_is_file(slf, a = Sig::new("is_file", &[kw_opt("follow_symlinks")])) {
        entry_test(slf as *mut DirEntry, a.truth(0, true)?, libc::DT_REG, libc::S_IFREG)
    }
}

fastcall! {
    /// `DirEntry.is_symlink()`.
    fn direntry_is_symlink(slf, _a = Sig::new("is_symlink", &[])) {
        let e = slf as *mut DirEntry;
        match entry_is_symlink(e) {
            Ok(b) => Ok(long::bool_from(b)),
            Err(libc::ENOENT) => Ok(long::bool_from(false)),
            Err(n) => Err(entry_error(e, (n, true))),
        }
    }
}

fastcall! {
    /// `DirEntry.is_junction()`: never, on Linux.
    fn direntry_is_junction(_slf, _a = Sig::new("is_junction", &[])) {
        Ok(long::bool_from(false))
    }
}

fastcall! {
    /// `DirEntry.stat(*, follow_symlinks=True)`, cached.
    fn direntry_stat(slf, a = Sig::new("stat", &[kw_opt("follow_symlinks")])) {
        let e = slf as *mut DirEntry;
        match entry_stat(e, a.truth(0, true)?) {
            Ok(st) => Ok(Owned::from_borrowed(st)),
            Err(x) => Err(entry_error(e, x)),
        }
    }
}

fastcall! {
    /// `DirEntry.inode()`.
    fn direntry_inode(slf, _a = Sig::new("inode", &[])) {
        long::from_u64((*(slf as *mut DirEntry)).ino)
    }
}

fastcall! {
    /// `DirEntry.__fspath__()`: the path.
    fn direntry_fspath(slf, _a = Sig::new("__fspath__", &[])) {
        Ok(Owned::from_borrowed((*(slf as *mut DirEntry)).path))
    }
}

fastcall! {
    /// `DirEntry.__class_getitem__(item, /)`: a `types.GenericAlias`.
    fn direntry_class_getitem(cls, a = Sig::new("__class_getitem__", &[pos("item")])) {
        crate::objects::genericaliasobject::new(cls, a.req(0))
    }
}

static mut DIRENTRY_METHODS: [PyMethodDef; 9] = [
    def(c"is_dir", direntry_is_dir),
    def(c"is_file", direntry_is_file),
    def(c"is_symlink", direntry_is_symlink),
    def(c"is_junction", direntry_is_junction),
    def(c"stat", direntry_stat),
    def(c"inode", direntry_inode),
    def(c"__fspath__", direntry_fspath),
    crate::protocols::clinic::def_class(c"__class_getitem__", direntry_class_getitem),
    typeobj::METHOD_END,
];

static mut DIRENTRY_MEMBERS: [typeobj::PyMemberDef; 3] = [
    typeobj::PyMemberDef {
        name: c"name".as_ptr(),
        type_code: crate::objects::member::t::OBJECT,
        offset: std::mem::offset_of!(DirEntry, name) as isize,
        flags: crate::objects::member::t::READONLY,
        doc: c"the entry's base filename, relative to scandir() \"path\" argument".as_ptr(),
    },
    typeobj::PyMemberDef {
        name: c"path".as_ptr(),
        type_code: crate::objects::member::t::OBJECT,
        offset: std::mem::offset_of!(DirEntry, path) as isize,
        flags: crate::objects::member::t::READONLY,
        doc: c"the entry's full path name; equivalent to os.path.join(scandir_path, entry.name)"
            .as_ptr(),
    },
    crate::objects::member::MEMBER_END,
];

unsafe extern "C" fn scandir_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        xdecref((*(op as *mut ScandirIter)).entries);
        free(op);
    }
}

unsafe extern "C" fn scandir_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot.
    unsafe { new_ref(op) }
}

unsafe extern "C" fn scandir_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a ScandirIterator.
    unsafe {
        let it = op as *mut ScandirIter;
        let l = (*it).entries;
        if l.is_null() {
            return ptr::null_mut();
        }
        if (*it).next < list::size(l) {
            let v = list::item(l, (*it).next);
            (*it).next += 1;
            return new_ref(v);
        }
        (*it).entries = ptr::null_mut();
        decref(l);
        ptr::null_mut()
    }
}

fastcall! {
    /// `ScandirIterator.close()`.
    fn scandir_close(slf, _a = Sig::new("close", &[])) {
        let it = slf as *mut ScandirIter;
        let l = std::mem::replace(&mut (*it).entries, ptr::null_mut());
        xdecref(l);
        Ok(none())
    }
}

fastcall! {
    /// `ScandirIterator.__enter__()`.
    fn scandir_enter(slf, _a = Sig::new("__enter__", &[])) {
        Ok(Owned::from_borrowed(slf))
    }
}

fastcall! {
    /// `ScandirIterator.__exit__(*args)`: closes.
    fn scandir_exit(slf, _a = Sig::new("__exit__", &[pos_opt("exc_type"), pos_opt("exc_value"), pos_opt("traceback")])) {
        let it = slf as *mut ScandirIter;
        let l = std::mem::replace(&mut (*it).entries, ptr::null_mut());
        xdecref(l);
        Ok(none())
    }
}

static mut SCANDIR_METHODS: [PyMethodDef; 4] = [
    def(c"close", scandir_close),
    def(c"__enter__", scandir_enter),
    def(c"__exit__", scandir_exit),
    typeobj::METHOD_END,
];

// ---------------------------------------------------------------------------
// Files and descriptors.

/// A mode argument (`mode_t` through `__index__`).
unsafe fn mode_arg(o: Option<*mut PyObject>, default: c_int) -> PyResult<libc::mode_t> {
    // SAFETY: forwarded.
    unsafe {
        match o {
            None => Ok(default as libc::mode_t),
            Some(v) => Ok(c_int_arg(v)? as libc::mode_t),
        }
    }
}

fastcall! {
    /// `open(path, flags, mode=0o777, *, dir_fd=None)`: a new descriptor,
    /// not inheritable (`O_CLOEXEC`).
    fn posix_open(_m, a = Sig::new("open", &[arg("path"), arg("flags"), arg_opt("mode"), kw_opt("dir_fd")])) {
        let p = path_arg("open", "path", a.get(0), false, false)?;
        let fl = c_int_arg(a.req(1))? | libc::O_CLOEXEC;
        let mode = mode_arg(a.get(2), 0o777)?;
        let dir_fd = dir_fd_arg(a.get(3))?;
        let fd = blocking(|| libc::openat(dir_fd, p.ptr(), fl, mode as libc::c_uint))?;
        if fd < 0 {
            return Err(p.error(errno()));
        }
        long::from_i64(fd as i64)
    }
}

fastcall! {
    /// `close(fd)`.
    fn posix_close(_m, a = Sig::new("close", &[arg("fd")])) {
        let fd = c_int_arg(a.req(0))?;
        if libc::close(fd) != 0 {
            return Err(last_error());
        }
        Ok(none())
    }
}

fastcall! {
    /// `closerange(fd_low, fd_high, /)`: closes each, ignoring errors.
    fn posix_closerange(_m, a = Sig::new("closerange", &[pos("fd_low"), pos("fd_high")])) {
        let lo = c_int_arg(a.req(0))?.max(0);
        let hi = c_int_arg(a.req(1))?;
        for fd in lo..hi {
            libc::close(fd);
        }
        Ok(none())
    }
}

fastcall! {
    /// `read(fd, length, /)`: up to `length` bytes.
    fn posix_read(_m, a = Sig::new("read", &[pos("fd"), pos("length")])) {
        let fd = c_int_arg(a.req(0))?;
        let n = long::as_ssize(long::index(a.req(1))?.as_ptr())?;
        if n < 0 {
            return Err(os_error(libc::EINVAL, ptr::null_mut(), ptr::null_mut()));
        }
        let mut buf = vec![0u8; n as usize];
        let r = blocking(|| libc::read(fd, buf.as_mut_ptr() as *mut c_void, buf.len()))?;
        if r < 0 {
            return Err(last_error());
        }
        bytes::from_bytes(&buf[..r as usize])
    }
}

fastcall! {
    /// `write(fd, data, /)`: the number of bytes written.
    fn posix_write(_m, a = Sig::new("write", &[pos("fd"), pos("data")])) {
        let fd = c_int_arg(a.req(0))?;
        let mut view: PyBuffer = std::mem::zeroed();
        buffer::get(a.req(1), &mut view, 0)?;
        let (p, n) = (view.buf as *const c_void, view.len as usize);
        let r = blocking(|| libc::write(fd, p, n));
        buffer::release(&mut view);
        let r = r?;
        if r < 0 {
            return Err(last_error());
        }
        long::from_i64(r as i64)
    }
}

fastcall! {
    /// `lseek(fd, position, whence, /)`: the new position.
    fn posix_lseek(_m, a = Sig::new("lseek", &[pos("fd"), pos("position"), pos("whence")])) {
        let fd = c_int_arg(a.req(0))?;
        let pos = long::as_i64(
            long::index(a.req(1))?.as_ptr(),
            "Python int too large to convert to C long",
        )?;
        let whence = c_int_arg(a.req(2))?;
        let r = without_gil(|| libc::lseek(fd, pos, whence));
        if r < 0 {
            return Err(last_error());
        }
        long::from_i64(r)
    }
}

fastcall! {
    /// `dup(fd, /)`: a new, non-inheritable descriptor.
    fn posix_dup(_m, a = Sig::new("dup", &[pos("fd")])) {
        let fd = c_int_arg(a.req(0))?;
        let r = libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0);
        if r < 0 {
            return Err(last_error());
        }
        long::from_i64(r as i64)
    }
}

fastcall! {
    /// `dup2(fd, fd2, inheritable=True)`.
    fn posix_dup2(_m, a = Sig::new("dup2", &[arg("fd"), arg("fd2"), arg_opt("inheritable")])) {
        let fd = c_int_arg(a.req(0))?;
        let fd2 = c_int_arg(a.req(1))?;
        let inheritable = a.truth(2, true)?;
        let r = if inheritable {
            libc::dup2(fd, fd2)
        } else {
            libc::dup3(fd, fd2, libc::O_CLOEXEC)
        };
        if r < 0 {
            return Err(last_error());
        }
        long::from_i64(r as i64)
    }
}

fastcall! {
    /// `pipe()`: `(read_fd, write_fd)`, not inheritable.
    fn posix_pipe(_m, _a = Sig::new("pipe", &[])) {
        let mut fds = [0 as c_int; 2];
        if libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) != 0 {
            return Err(last_error());
        }
        tuple::from_owned(vec![long::from_i64(fds[0] as i64)?, long::from_i64(fds[1] as i64)?])
    }
}

fastcall! {
    /// `fsync(fd)`: a descriptor or an object with `fileno()`.
    fn posix_fsync(_m, a = Sig::new("fsync", &[arg("fd")])) {
        let fd = fileno_arg(a.req(0))?;
        if without_gil(|| libc::fsync(fd)) != 0 {
            return Err(last_error());
        }
        Ok(none())
    }
}

/// A descriptor or an object's `fileno()` (`PyObject_AsFileDescriptor`).
unsafe fn fileno_arg(o: *mut PyObject) -> PyResult<c_int> {
    // SAFETY: forwarded.
    unsafe {
        let fd = if long::check(o) {
            c_int_arg(o)?
        } else {
            match crate::protocols::slotcall::call_dunder(o, "fileno", &[])? {
                Some(r) if long::check(r.as_ptr()) => c_int_arg(r.as_ptr())?,
                Some(_) => return Err(err::type_error("fileno() returned a non-integer")),
                None => {
                    return Err(err::type_error(
                        "argument must be an int, or have a fileno() method.",
                    ))
                }
            }
        };
        if fd < 0 {
            return Err(err::value_error(&format!(
                "file descriptor cannot be a negative integer ({fd})"
            )));
        }
        Ok(fd)
    }
}

fastcall! {
    /// `ftruncate(fd, length, /)`.
    fn posix_ftruncate(_m, a = Sig::new("ftruncate", &[pos("fd"), pos("length")])) {
        let fd = c_int_arg(a.req(0))?;
        let n = long::as_i64(long::index(a.req(1))?.as_ptr(), "Python int too large to convert to C long")?;
        if blocking(|| libc::ftruncate(fd, n))? != 0 {
            return Err(last_error());
        }
        Ok(none())
    }
}

fastcall! {
    /// `truncate(path, length)`: a path or a descriptor.
    fn posix_truncate(_m, a = Sig::new("truncate", &[arg("path"), arg("length")])) {
        let p = path_arg("truncate", "path", a.get(0), true, false)?;
        let n = long::as_i64(long::index(a.req(1))?.as_ptr(), "Python int too large to convert to C long")?;
        let r = if p.is_fd {
            without_gil(|| libc::ftruncate(p.fd, n))
        } else {
            without_gil(|| libc::truncate(p.ptr(), n))
        };
        if r != 0 {
            return Err(p.error(errno()));
        }
        Ok(none())
    }
}

fastcall! {
    /// `isatty(fd, /)`.
    fn posix_isatty(_m, a = Sig::new("isatty", &[pos("fd")])) {
        let fd = c_int_arg(a.req(0))?;
        Ok(long::bool_from(libc::isatty(fd) == 1))
    }
}

fastcall! {
    /// `get_inheritable(fd, /)`.
    fn posix_get_inheritable(_m, a = Sig::new("get_inheritable", &[pos("fd")])) {
        let fd = c_int_arg(a.req(0))?;
        let f = libc::fcntl(fd, libc::F_GETFD);
        if f < 0 {
            return Err(last_error());
        }
        Ok(long::bool_from(f & libc::FD_CLOEXEC == 0))
    }
}

fastcall! {
    /// `set_inheritable(fd, inheritable, /)`.
    fn posix_set_inheritable(_m, a = Sig::new("set_inheritable", &[pos("fd"), pos("inheritable")])) {
        let fd = c_int_arg(a.req(0))?;
        let inheritable = c_int_arg(a.req(1))? != 0;
        let f = libc::fcntl(fd, libc::F_GETFD);
        if f < 0 {
            return Err(last_error());
        }
        let nf = if inheritable { f & !libc::FD_CLOEXEC } else { f | libc::FD_CLOEXEC };
        if nf != f && libc::fcntl(fd, libc::F_SETFD, nf) < 0 {
            return Err(last_error());
        }
        Ok(none())
    }
}

fastcall! {
    /// `get_blocking(fd, /)`.
    fn posix_get_blocking(_m, a = Sig::new("get_blocking", &[pos("fd")])) {
        let fd = c_int_arg(a.req(0))?;
        let f = libc::fcntl(fd, libc::F_GETFL);
        if f < 0 {
            return Err(last_error());
        }
        Ok(long::bool_from(f & libc::O_NONBLOCK == 0))
    }
}

fastcall! {
    /// `set_blocking(fd, blocking, /)`.
    fn posix_set_blocking(_m, a = Sig::new("set_blocking", &[pos("fd"), pos("blocking")])) {
        let fd = c_int_arg(a.req(0))?;
        let blocking = c_int_arg(a.req(1))? != 0;
        let f = libc::fcntl(fd, libc::F_GETFL);
        if f < 0 {
            return Err(last_error());
        }
        let nf = if blocking { f & !libc::O_NONBLOCK } else { f | libc::O_NONBLOCK };
        if nf != f && libc::fcntl(fd, libc::F_SETFL, nf) < 0 {
            return Err(last_error());
        }
        Ok(none())
    }
}

fastcall! {
    /// `device_encoding(fd)`: `'UTF-8'` for a terminal (the locale's
    /// encoding under the UTF-8 locale), else None.
    fn posix_device_encoding(_m, a = Sig::new("device_encoding", &[arg("fd")])) {
        let fd = c_int_arg(a.req(0))?;
        if libc::isatty(fd) == 1 {
            return unicode::from_str("UTF-8");
        }
        Ok(none())
    }
}

fastcall! {
    /// `get_terminal_size(fd=1, /)`: `os.terminal_size(columns, lines)`.
    fn posix_get_terminal_size(_m, a = Sig::new("get_terminal_size", &[pos_opt("fd")])) {
        let fd = match a.get(0) {
            Some(v) => c_int_arg(v)?,
            None => 1,
        };
        let mut w: libc::winsize = std::mem::zeroed();
        if libc::ioctl(fd, libc::TIOCGWINSZ, &mut w) != 0 {
            return Err(last_error());
        }
        seq(TERMINAL_TYPE, vec![long::from_i64(w.ws_col as i64)?, long::from_i64(w.ws_row as i64)?])
    }
}

// ---------------------------------------------------------------------------
// Paths.

fastcall! {
    /// `mkdir(path, mode=0o777, *, dir_fd=None)`.
    fn posix_mkdir(_m, a = Sig::new("mkdir", &[arg("path"), arg_opt("mode"), kw_opt("dir_fd")])) {
        let p = path_arg("mkdir", "path", a.get(0), false, false)?;
        let mode = mode_arg(a.get(1), 0o777)?;
        let dir_fd = dir_fd_arg(a.get(2))?;
        if without_gil(|| libc::mkdirat(dir_fd, p.ptr(), mode)) != 0 {
            return Err(p.error(errno()));
        }
        Ok(none())
    }
}

fastcall! {
    /// `rmdir(path, *, dir_fd=None)`.
    fn posix_rmdir(_m, a = Sig::new("rmdir", &[arg("path"), kw_opt("dir_fd")])) {
        let p = path_arg("rmdir", "path", a.get(0), false, false)?;
        let dir_fd = dir_fd_arg(a.get(1))?;
        if without_gil(|| libc::unlinkat(dir_fd, p.ptr(), libc::AT_REMOVEDIR)) != 0 {
            return Err(p.error(errno()));
        }
        Ok(none())
    }
}

/// `unlink`/`remove`.
unsafe fn do_unlink(
    func: &str,
    path: Option<*mut PyObject>,
    dir_fd: Option<*mut PyObject>,
) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let p = path_arg(func, "path", path, false, false)?;
        let dir_fd = dir_fd_arg(dir_fd)?;
        if without_gil(|| libc::unlinkat(dir_fd, p.ptr(), 0)) != 0 {
            return Err(p.error(errno()));
        }
        Ok(none())
    }
}

fastcall! {
    /// `unlink(path, *, dir_fd=None)`.
    fn posix_unlink(_m, a = Sig::new("unlink", &[arg("path"), kw_opt("dir_fd")])) {
        do_unlink("unlink", a.get(0), a.get(1))
    }
}

fastcall! {
    /// `remove(path, *, dir_fd=None)`.
    fn posix_remove(_m, a = Sig::new("remove", &[arg("path"), kw_opt("dir_fd")])) {
        do_unlink("remove", a.get(0), a.get(1))
    }
}

/// `rename`/`replace` (both replace an existing target on POSIX).
unsafe fn do_rename(func: &str, args: [Option<*mut PyObject>; 4]) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let src = path_arg(func, "src", args[0], false, false)?;
        let dst = path_arg(func, "dst", args[1], false, false)?;
        let sfd = dir_fd_arg(args[2])?;
        let dfd = dir_fd_arg(args[3])?;
        if without_gil(|| libc::renameat(sfd, src.ptr(), dfd, dst.ptr())) != 0 {
            return Err(os_error(errno(), src.object.as_ptr(), dst.object.as_ptr()));
        }
        Ok(none())
    }
}

fastcall! {
    /// `rename(src, dst, *, src_dir_fd=None, dst_dir_fd=None)`.
    fn posix_rename(_m, a = Sig::new("rename", &[arg("src"), arg("dst"), kw_opt("src_dir_fd"), kw_opt("dst_dir_fd")])) {
        do_rename("rename", [a.get(0), a.get(1), a.get(2), a.get(3)])
    }
}

fastcall! {
    /// `replace(src, dst, *, src_dir_fd=None, dst_dir_fd=None)`.
    fn posix_replace(_m, a = Sig::new("replace", &[arg("src"), arg("dst"), kw_opt("src_dir_fd"), kw_opt("dst_dir_fd")])) {
        do_rename("replace", [a.get(0), a.get(1), a.get(2), a.get(3)])
    }
}

fastcall! {
    /// `access(path, mode, *, dir_fd=None, effective_ids=False,
    /// follow_symlinks=True)`: whether the access is allowed.
    fn posix_access(_m, a = Sig::new("access", &[arg("path"), arg("mode"), kw_opt("dir_fd"), kw_opt("effective_ids"), kw_opt("follow_symlinks")])) {
        let p = path_arg("access", "path", a.get(0), false, false)?;
        let mode = c_int_arg(a.req(1))?;
        let dir_fd = dir_fd_arg(a.get(2))?;
        let mut fl = 0;
        if a.truth(3, false)? {
            fl |= libc::AT_EACCESS;
        }
        if !a.truth(4, true)? {
            fl |= libc::AT_SYMLINK_NOFOLLOW;
        }
        let r = without_gil(|| libc::faccessat(dir_fd, p.ptr(), mode, fl));
        Ok(long::bool_from(r == 0))
    }
}

fastcall! {
    /// `chmod(path, mode, *, dir_fd=None, follow_symlinks=True)`.
    fn posix_chmod(_m, a = Sig::new("chmod", &[arg("path"), arg("mode"), kw_opt("dir_fd"), kw_opt("follow_symlinks")])) {
        let p = path_arg("chmod", "path", a.get(0), true, false)?;
        let mode = c_int_arg(a.req(1))? as libc::mode_t;
        let dir_fd = dir_fd_arg(a.get(2))?;
        let follow = a.truth(3, true)?;
        no_dir_fd_with_fd("chmod", &p, dir_fd)?;
        no_fd_and_nofollow("chmod", &p, follow)?;
        let r = if p.is_fd {
            libc::fchmod(p.fd, mode)
        } else {
            let fl = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
            libc::fchmodat(dir_fd, p.ptr(), mode, fl)
        };
        if r != 0 {
            let e = errno();
            // The C library cannot change a link's own mode.
            if !follow && (e == libc::ENOTSUP || e == libc::EOPNOTSUPP) {
                if dir_fd != libc::AT_FDCWD {
                    return Err(err::value_error(
                        "chmod: cannot use dir_fd and follow_symlinks together",
                    ));
                }
                return Err(err::raise(
                    Exc::NotImplementedError,
                    "chmod: follow_symlinks unavailable on this platform",
                ));
            }
            return Err(p.error(e));
        }
        Ok(none())
    }
}

fastcall! {
    /// `fchmod(fd, mode)`.
    fn posix_fchmod(_m, a = Sig::new("fchmod", &[arg("fd"), arg("mode")])) {
        let fd = c_int_arg(a.req(0))?;
        let mode = c_int_arg(a.req(1))? as libc::mode_t;
        if libc::fchmod(fd, mode) != 0 {
            return Err(last_error());
        }
        Ok(none())
    }
}

fastcall! {
    /// `readlink(path, *, dir_fd=None)`: the link's target, str or bytes
    /// like the path.
    fn posix_readlink(_m, a = Sig::new("readlink", &[arg("path"), kw_opt("dir_fd")])) {
        let p = path_arg("readlink", "path", a.get(0), false, false)?;
        let dir_fd = dir_fd_arg(a.get(1))?;
        let mut buf = vec![0u8; libc::PATH_MAX as usize + 1];
        let n = without_gil(|| libc::readlinkat(dir_fd, p.ptr(), buf.as_mut_ptr() as *mut c_char, buf.len()));
        if n < 0 {
            return Err(p.error(errno()));
        }
        p.result(&buf[..n as usize])
    }
}

fastcall! {
    /// `symlink(src, dst, target_is_directory=False, *, dir_fd=None)`.
    fn posix_symlink(_m, a = Sig::new("symlink", &[arg("src"), arg("dst"), arg_opt("target_is_directory"), kw_opt("dir_fd")])) {
        let src = path_arg("symlink", "src", a.get(0), false, false)?;
        let dst = path_arg("symlink", "dst", a.get(1), false, false)?;
        let dir_fd = dir_fd_arg(a.get(3))?;
        if without_gil(|| libc::symlinkat(src.ptr(), dir_fd, dst.ptr())) != 0 {
            return Err(os_error(errno(), src.object.as_ptr(), dst.object.as_ptr()));
        }
        Ok(none())
    }
}

fastcall! {
    /// `link(src, dst, *, src_dir_fd=None, dst_dir_fd=None,
    /// follow_symlinks=True)`.
    fn posix_link(_m, a = Sig::new("link", &[arg("src"), arg("dst"), kw_opt("src_dir_fd"), kw_opt("dst_dir_fd"), kw_opt("follow_symlinks")])) {
        let src = path_arg("link", "src", a.get(0), false, false)?;
        let dst = path_arg("link", "dst", a.get(1), false, false)?;
        let sfd = dir_fd_arg(a.get(2))?;
        let dfd = dir_fd_arg(a.get(3))?;
        let fl = if a.truth(4, true)? { libc::AT_SYMLINK_FOLLOW } else { 0 };
        if without_gil(|| libc::linkat(sfd, src.ptr(), dfd, dst.ptr(), fl)) != 0 {
            return Err(os_error(errno(), src.object.as_ptr(), dst.object.as_ptr()));
        }
        Ok(none())
    }
}

/// A `uid_t`/`gid_t` argument (`_Py_Uid_Converter`): an integer, -1
/// meaning "unchanged".
unsafe fn id_arg(o: *mut PyObject, what: &str) -> PyResult<u32> {
    // SAFETY: forwarded.
    unsafe {
        if !is_index(o) {
            return Err(err::type_error(&format!(
                "{what} should be integer, not {}",
                typeobj::type_name_of(o)
            )));
        }
        let i = long::index(o)?;
        match long::val(i.as_ptr()) {
            long::Val::Small(-1) => Ok(u32::MAX),
            long::Val::Small(v) if (0..u32::MAX as i64).contains(&v) => Ok(v as u32),
            long::Val::Small(v) if v < 0 => {
                Err(err::overflow_error(&format!("{what} is less than minimum")))
            }
            _ => Err(err::overflow_error(&format!(
                "{what} is greater than maximum"
            ))),
        }
    }
}

fastcall! {
    /// `chown(path, uid, gid, *, dir_fd=None, follow_symlinks=True)`.
    fn posix_chown(_m, a = Sig::new("chown", &[arg("path"), arg("uid"), arg("gid"), kw_opt("dir_fd"), kw_opt("follow_symlinks")])) {
        let p = path_arg("chown", "path", a.get(0), true, false)?;
        let uid = id_arg(a.req(1), "uid")?;
        let gid = id_arg(a.req(2), "gid")?;
        let dir_fd = dir_fd_arg(a.get(3))?;
        let follow = a.truth(4, true)?;
        no_dir_fd_with_fd("chown", &p, dir_fd)?;
        no_fd_and_nofollow("chown", &p, follow)?;
        let r = if p.is_fd {
            without_gil(|| libc::fchown(p.fd, uid, gid))
        } else {
            let fl = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
            without_gil(|| libc::fchownat(dir_fd, p.ptr(), uid, gid, fl))
        };
        if r != 0 {
            return Err(p.error(errno()));
        }
        Ok(none())
    }
}

fastcall! {
    /// `lchown(path, uid, gid)`.
    fn posix_lchown(_m, a = Sig::new("lchown", &[arg("path"), arg("uid"), arg("gid")])) {
        let p = path_arg("lchown", "path", a.get(0), false, false)?;
        let uid = id_arg(a.req(1), "uid")?;
        let gid = id_arg(a.req(2), "gid")?;
        if without_gil(|| libc::lchown(p.ptr(), uid, gid)) != 0 {
            return Err(p.error(errno()));
        }
        Ok(none())
    }
}

fastcall! {
    /// `fchown(fd, uid, gid)`.
    fn posix_fchown(_m, a = Sig::new("fchown", &[arg("fd"), arg("uid"), arg("gid")])) {
        let fd = c_int_arg(a.req(0))?;
        let uid = id_arg(a.req(1), "uid")?;
        let gid = id_arg(a.req(2), "gid")?;
        if without_gil(|| libc::fchown(fd, uid, gid)) != 0 {
            return Err(last_error());
        }
        Ok(none())
    }
}

fastcall! {
    /// `mkfifo(path, mode=0o666, *, dir_fd=None)` (errors name no file,
    /// as CPython's).
    fn posix_mkfifo(_m, a = Sig::new("mkfifo", &[arg("path"), arg_opt("mode"), kw_opt("dir_fd")])) {
        let p = path_arg("mkfifo", "path", a.get(0), false, false)?;
        let mode = mode_arg(a.get(1), 0o666)?;
        let dir_fd = dir_fd_arg(a.get(2))?;
        if blocking(|| libc::mkfifoat(dir_fd, p.ptr(), mode))? != 0 {
            return Err(last_error());
        }
        Ok(none())
    }
}

fastcall! {
    /// `mknod(path, mode=0o600, device=0, *, dir_fd=None)`.
    fn posix_mknod(_m, a = Sig::new("mknod", &[arg("path"), arg_opt("mode"), arg_opt("device"), kw_opt("dir_fd")])) {
        let p = path_arg("mknod", "path", a.get(0), false, false)?;
        let mode = mode_arg(a.get(1), 0o600)?;
        let dev = match a.get(2) {
            Some(v) => long::as_u64(long::index(v)?.as_ptr(), "dev_t")?,
            None => 0,
        };
        let dir_fd = dir_fd_arg(a.get(3))?;
        if without_gil(|| libc::mknodat(dir_fd, p.ptr(), mode, dev)) != 0 {
            return Err(last_error());
        }
        Ok(none())
    }
}

/// A time in seconds (float or integer) as a `timespec`, rounded toward
/// minus infinity (`_PyTime_ObjectToTimespec` with `ROUND_FLOOR`).
unsafe fn timespec_arg(o: *mut PyObject) -> PyResult<libc::timespec> {
    // SAFETY: forwarded.
    unsafe {
        if float::check(o) {
            let d = float::value(o);
            if d.is_nan() {
                return Err(err::value_error("Invalid value NaN (not a number)"));
            }
            let mut sec = d.trunc();
            let mut ns = ((d - sec) * 1e9).floor();
            if ns >= 1e9 {
                ns -= 1e9;
                sec += 1.0;
            } else if ns < 0.0 {
                ns += 1e9;
                sec -= 1.0;
            }
            if !(i64::MIN as f64..i64::MAX as f64).contains(&sec) {
                return Err(err::overflow_error(
                    "timestamp out of range for platform time_t",
                ));
            }
            return Ok(libc::timespec {
                tv_sec: sec as i64,
                tv_nsec: ns as i64,
            });
        }
        let s = long::as_i64(
            long::index(o)?.as_ptr(),
            "timestamp out of range for platform time_t",
        )?;
        Ok(libc::timespec {
            tv_sec: s,
            tv_nsec: 0,
        })
    }
}

/// Integer nanoseconds as a `timespec` (`divmod(ns, 10**9)`).
unsafe fn ns_arg(o: *mut PyObject) -> PyResult<libc::timespec> {
    // SAFETY: forwarded.
    unsafe {
        let i = long::index(o)?;
        let v: num_bigint::BigInt = long::to_bigint(i.as_ptr());
        let g = num_bigint::BigInt::from(1_000_000_000);
        let (q, r) = num_integer::Integer::div_mod_floor(&v, &g);
        let q = i64::try_from(q)
            .map_err(|_| err::overflow_error("timestamp out of range for platform time_t"))?;
        Ok(libc::timespec {
            tv_sec: q,
            tv_nsec: i64::try_from(r).unwrap_or(0),
        })
    }
}

/// The two items of a tuple argument, or None if it is not a pair.
unsafe fn pair(o: *mut PyObject) -> Option<(*mut PyObject, *mut PyObject)> {
    // SAFETY: forwarded.
    unsafe {
        (tuple::check(o) && tuple::size(o) == 2).then(|| (tuple::item(o, 0), tuple::item(o, 1)))
    }
}

fastcall! {
    /// `utime(path, times=None, *, ns=<unrepresentable>, dir_fd=None,
    /// follow_symlinks=True)`: `times` in seconds or `ns` in nanoseconds,
    /// else now (errors name no file, as CPython's).
    fn posix_utime(_m, a = Sig::new("utime", &[arg("path"), arg_opt("times"), kw_opt("ns"), kw_opt("dir_fd"), kw_opt("follow_symlinks")])) {
        let p = path_arg("utime", "path", a.get(0), true, false)?;
        let times = a.get(1).filter(|&t| t != lifecycle::none());
        let now = libc::timespec { tv_sec: 0, tv_nsec: libc::UTIME_NOW };
        let ts: [libc::timespec; 2] = match (times, a.get(2)) {
            (Some(_), Some(_)) => {
                return Err(err::value_error(
                    "utime: you may specify either 'times' or 'ns' but not both",
                ))
            }
            (Some(t), None) => match pair(t) {
                Some((x, y)) => [timespec_arg(x)?, timespec_arg(y)?],
                None => {
                    return Err(err::type_error(
                        "utime: 'times' must be either a tuple of two ints or None",
                    ))
                }
            },
            (None, Some(n)) => match pair(n) {
                Some((x, y)) => [ns_arg(x)?, ns_arg(y)?],
                None => return Err(err::type_error("utime: 'ns' must be a tuple of two ints")),
            },
            (None, None) => [now, now],
        };
        let dir_fd = dir_fd_arg(a.get(3))?;
        let follow = a.truth(4, true)?;
        no_dir_fd_with_fd("utime", &p, dir_fd)?;
        no_fd_and_nofollow("utime", &p, follow)?;
        let r = if p.is_fd {
            without_gil(|| libc::futimens(p.fd, ts.as_ptr()))
        } else {
            let fl = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
            without_gil(|| libc::utimensat(dir_fd, p.ptr(), ts.as_ptr(), fl))
        };
        if r != 0 {
            return Err(last_error());
        }
        Ok(none())
    }
}

fastcall! {
    /// `fspath(path)`: str and bytes as they are, else `__fspath__()`.
    fn posix_fspath(_m, a = Sig::new("fspath", &[arg("path")])) {
        codecs::fspath(a.req(0))
    }
}

// ---------------------------------------------------------------------------
// The process.

/// A name or value for the environment: str (file-system encoded) or
/// bytes, without NUL.
unsafe fn env_bytes(o: *mut PyObject) -> PyResult<CString> {
    // SAFETY: forwarded.
    unsafe {
        let raw = if bytes::check(o) {
            bytes::as_slice(o).to_vec()
        } else {
            let p = codecs::fspath(o)?;
            if bytes::check(p.as_ptr()) {
                bytes::as_slice(p.as_ptr()).to_vec()
            } else {
                let b = codecs::encode_fs(p.as_ptr())?;
                bytes::as_slice(b.as_ptr()).to_vec()
            }
        };
        CString::new(raw).map_err(|_| err::value_error("embedded null byte"))
    }
}

/// An environment variable's name for `putenv`: without `=` (an empty
/// one is left to `setenv`'s `EINVAL`, as in CPython).
unsafe fn env_name(o: *mut PyObject) -> PyResult<CString> {
    // SAFETY: forwarded.
    unsafe {
        let n = env_bytes(o)?;
        if n.as_bytes().contains(&b'=') {
            return Err(err::value_error("illegal environment variable name"));
        }
        Ok(n)
    }
}

fastcall! {
    /// `putenv(name, value, /)`.
    fn posix_putenv(_m, a = Sig::new("putenv", &[pos("name"), pos("value")])) {
        let n = env_name(a.req(0))?;
        let v = env_bytes(a.req(1))?;
        if libc::setenv(n.as_ptr(), v.as_ptr(), 1) != 0 {
            return Err(last_error());
        }
        Ok(none())
    }
}

fastcall! {
    /// `unsetenv(name, /)`.
    fn posix_unsetenv(_m, a = Sig::new("unsetenv", &[pos("name")])) {
        let n = env_bytes(a.req(0))?;
        if libc::unsetenv(n.as_ptr()) != 0 {
            return Err(last_error());
        }
        Ok(none())
    }
}

/// `environ`: the environment at start-up as bytes, the first of
/// repeated names winning.
fn make_environ() -> PyResult<Owned> {
    let d = dict::new()?;
    // SAFETY: `environ` is a NULL-terminated array of C strings.
    unsafe {
        let mut p = environ;
        while !p.is_null() && !(*p).is_null() {
            let entry = CStr::from_ptr(*p).to_bytes();
            p = p.add(1);
            // A leading '=' belongs to the name (as CPython splits).
            let Some(eq) = entry.iter().skip(1).position(|&c| c == b'=').map(|i| i + 1) else {
                continue;
            };
            let k = bytes::from_bytes(&entry[..eq])?;
            if dict::get(d.as_ptr(), k.as_ptr())?.is_some() {
                continue;
            }
            let v = bytes::from_bytes(&entry[eq + 1..])?;
            dict::set(d.as_ptr(), k.as_ptr(), v.as_ptr())?;
        }
    }
    Ok(d)
}

macro_rules! id_function {
    ($name:ident, $py:literal, $call:expr) => {
        fastcall! {
            #[doc = concat!("`", $py, "()`.")]
            fn $name(_m, _a = Sig::new($py, &[])) {
                long::from_i64($call as i64)
            }
        }
    };
}

id_function!(posix_getpid, "getpid", libc::getpid());
id_function!(posix_getppid, "getppid", libc::getppid());
id_function!(posix_getuid, "getuid", libc::getuid());
id_function!(posix_geteuid, "geteuid", libc::geteuid());
id_function!(posix_getgid, "getgid", libc::getgid());
id_function!(posix_getegid, "getegid", libc::getegid());
id_function!(posix_getpgrp, "getpgrp", libc::getpgrp());

fastcall! {
    /// `system(command)`: runs the command through the shell, the GIL
    /// released; its wait status.
    fn posix_system(_m, a = Sig::new("system", &[arg("command")])) {
        let c = env_bytes(a.req(0))?;
        let r = without_gil(|| libc::system(c.as_ptr()));
        long::from_i64(r as i64)
    }
}

fastcall! {
    /// `fdatasync(fd)`: a descriptor or an object with `fileno()`.
    fn posix_fdatasync(_m, a = Sig::new("fdatasync", &[arg("fd")])) {
        let fd = fileno_arg(a.req(0))?;
        if without_gil(|| libc::fdatasync(fd)) != 0 {
            return Err(last_error());
        }
        Ok(none())
    }
}

fastcall! {
    /// `sync()`.
    fn posix_sync(_m, _a = Sig::new("sync", &[])) {
        without_gil(|| libc::sync());
        Ok(none())
    }
}

fastcall! {
    /// `sched_yield()`.
    fn posix_sched_yield(_m, _a = Sig::new("sched_yield", &[])) {
        without_gil(|| libc::sched_yield());
        Ok(none())
    }
}

fastcall! {
    /// `getloadavg()`: the 1, 5 and 15 minute load averages.
    fn posix_getloadavg(_m, _a = Sig::new("getloadavg", &[])) {
        let mut l = [0f64; 3];
        if libc::getloadavg(l.as_mut_ptr(), 3) != 3 {
            return Err(err::raise(Exc::OSError, "Load averages are unobtainable"));
        }
        tuple::from_owned(vec![float::from_f64(l[0])?, float::from_f64(l[1])?, float::from_f64(l[2])?])
    }
}

fastcall! {
    /// `kill(pid, signal, /)`.
    fn posix_kill(_m, a = Sig::new("kill", &[pos("pid"), pos("signal")])) {
        let pid = c_int_arg(a.req(0))?;
        let sig = c_int_arg(a.req(1))?;
        if libc::kill(pid, sig) != 0 {
            return Err(last_error());
        }
        Ok(none())
    }
}

fastcall! {
    /// `umask(mask, /)`: the previous mask.
    fn posix_umask(_m, a = Sig::new("umask", &[pos("mask")])) {
        let m = c_int_arg(a.req(0))?;
        long::from_i64(libc::umask(m as libc::mode_t) as i64)
    }
}

fastcall! {
    /// `uname()`: `posix.uname_result`.
    fn posix_uname(_m, _a = Sig::new("uname", &[])) {
        let mut u: libc::utsname = std::mem::zeroed();
        if libc::uname(&mut u) != 0 {
            return Err(last_error());
        }
        let f = |s: &[c_char]| -> PyResult<Owned> {
            codecs::decode_fs(CStr::from_ptr(s.as_ptr()).to_bytes())
        };
        seq(UNAME_TYPE, vec![f(&u.sysname)?, f(&u.nodename)?, f(&u.release)?, f(&u.version)?, f(&u.machine)?])
    }
}

fastcall! {
    /// `times()`: `posix.times_result` in seconds.
    fn posix_times(_m, _a = Sig::new("times", &[])) {
        let mut t: libc::tms = std::mem::zeroed();
        let c = libc::times(&mut t);
        if c == -1 {
            return Err(last_error());
        }
        let hz = libc::sysconf(libc::_SC_CLK_TCK) as f64;
        let s = |v: libc::clock_t| float::from_f64(v as f64 / hz);
        seq(TIMES_TYPE, vec![s(t.tms_utime)?, s(t.tms_stime)?, s(t.tms_cutime)?, s(t.tms_cstime)?, s(c)?])
    }
}

fastcall! {
    /// `cpu_count()`: the online processors, or None.
    fn posix_cpu_count(_m, _a = Sig::new("cpu_count", &[])) {
        let n = libc::sysconf(libc::_SC_NPROCESSORS_ONLN);
        if n < 1 {
            return Ok(none());
        }
        long::from_i64(n as i64)
    }
}

fastcall! {
    /// `urandom(size, /)`: `size` random bytes from the kernel.
    fn posix_urandom(_m, a = Sig::new("urandom", &[pos("size")])) {
        let n = long::as_ssize(long::index(a.req(0))?.as_ptr())?;
        if n < 0 {
            return Err(err::value_error("negative argument not allowed"));
        }
        let mut buf = vec![0u8; n as usize];
        let mut done = 0;
        while done < buf.len() {
            let r = libc::getrandom(buf[done..].as_mut_ptr() as *mut c_void, buf.len() - done, 0);
            if r < 0 {
                if errno() == libc::EINTR {
                    continue;
                }
                return Err(last_error());
            }
            done += r as usize;
        }
        bytes::from_bytes(&buf)
    }
}

fastcall! {
    /// `strerror(code, /)`: the system's message for an error number.
    fn posix_strerror(_m, a = Sig::new("strerror", &[pos("code")])) {
        let code = c_int_arg(a.req(0))?;
        let p = libc::strerror(code);
        if p.is_null() {
            return Err(err::value_error("strerror() argument out of range"));
        }
        codecs::decode_fs(CStr::from_ptr(p).to_bytes())
    }
}

fastcall! {
    /// `_exit(status)`: ends the process at once.
    fn posix_exit(_m, a = Sig::new("_exit", &[arg("status")])) {
        let status = c_int_arg(a.req(0))?;
        libc::_exit(status)
    }
}

fastcall! {
    /// `waitstatus_to_exitcode(status)`: the exit code, or minus the
    /// signal that ended the process.
    fn posix_waitstatus_to_exitcode(_m, a = Sig::new("waitstatus_to_exitcode", &[arg("status")])) {
        let status = c_int_arg(a.req(0))?;
        if libc::WIFEXITED(status) {
            return long::from_i64(libc::WEXITSTATUS(status) as i64);
        }
        if libc::WIFSIGNALED(status) {
            return long::from_i64(-(libc::WTERMSIG(status) as i64));
        }
        Err(err::value_error(&format!("invalid wait status: {status}")))
    }
}

macro_rules! status_macro {
    ($name:ident, $py:literal, $call:expr, $conv:expr) => {
        fastcall! {
            #[doc = concat!("`", $py, "(status)`.")]
            fn $name(_m, a = Sig::new($py, &[arg("status")])) {
                let s = c_int_arg(a.req(0))?;
                $conv($call(s))
            }
        }
    };
}

fn as_bool(b: bool) -> PyResult<Owned> {
    Ok(long::bool_from(b))
}

fn as_int(v: c_int) -> PyResult<Owned> {
    long::from_i64(v as i64)
}

status_macro!(posix_wifexited, "WIFEXITED", libc::WIFEXITED, as_bool);
status_macro!(posix_wexitstatus, "WEXITSTATUS", libc::WEXITSTATUS, as_int);
status_macro!(posix_wifsignaled, "WIFSIGNALED", libc::WIFSIGNALED, as_bool);
status_macro!(posix_wtermsig, "WTERMSIG", libc::WTERMSIG, as_int);
status_macro!(posix_wifstopped, "WIFSTOPPED", libc::WIFSTOPPED, as_bool);
status_macro!(posix_wstopsig, "WSTOPSIG", libc::WSTOPSIG, as_int);
status_macro!(posix_wcoredump, "WCOREDUMP", libc::WCOREDUMP, as_bool);
status_macro!(
    posix_wifcontinued,
    "WIFCONTINUED",
    libc::WIFCONTINUED,
    as_bool
);

static mut METHODS: [PyMethodDef; 78] = [
    def(c"stat", posix_stat),
    def(c"lstat", posix_lstat),
    def(c"fstat", posix_fstat),
    def(c"getcwd", posix_getcwd),
    def(c"getcwdb", posix_getcwdb),
    def(c"chdir", posix_chdir),
    def(c"listdir", posix_listdir),
    def(c"scandir", posix_scandir),
    def(c"open", posix_open),
    def(c"close", posix_close),
    def(c"closerange", posix_closerange),
    def(c"read", posix_read),
    def(c"write", posix_write),
    def(c"lseek", posix_lseek),
    def(c"dup", posix_dup),
    def(c"dup2", posix_dup2),
    def(c"pipe", posix_pipe),
    def(c"fsync", posix_fsync),
    def(c"ftruncate", posix_ftruncate),
    def(c"truncate", posix_truncate),
    def(c"isatty", posix_isatty),
    def(c"get_inheritable", posix_get_inheritable),
    def(c"set_inheritable", posix_set_inheritable),
    def(c"get_blocking", posix_get_blocking),
    def(c"set_blocking", posix_set_blocking),
    def(c"device_encoding", posix_device_encoding),
    def(c"get_terminal_size", posix_get_terminal_size),
    def(c"mkdir", posix_mkdir),
    def(c"rmdir", posix_rmdir),
    def(c"unlink", posix_unlink),
    def(c"remove", posix_remove),
    def(c"rename", posix_rename),
    def(c"replace", posix_replace),
    def(c"access", posix_access),
    def(c"chmod", posix_chmod),
    def(c"fchmod", posix_fchmod),
    def(c"readlink", posix_readlink),
    def(c"symlink", posix_symlink),
    def(c"link", posix_link),
    def(c"fspath", posix_fspath),
    def(c"chown", posix_chown),
    def(c"lchown", posix_lchown),
    def(c"fchown", posix_fchown),
    def(c"mkfifo", posix_mkfifo),
    def(c"mknod", posix_mknod),
    def(c"utime", posix_utime),
    def(c"putenv", posix_putenv),
    def(c"unsetenv", posix_unsetenv),
    def(c"getpid", posix_getpid),
    def(c"getppid", posix_getppid),
    def(c"getuid", posix_getuid),
    def(c"geteuid", posix_geteuid),
    def(c"getgid", posix_getgid),
    def(c"getegid", posix_getegid),
    def(c"getpgrp", posix_getpgrp),
    def(c"system", posix_system),
    def(c"fdatasync", posix_fdatasync),
    def(c"sync", posix_sync),
    def(c"sched_yield", posix_sched_yield),
    def(c"getloadavg", posix_getloadavg),
    def(c"kill", posix_kill),
    def(c"umask", posix_umask),
    def(c"uname", posix_uname),
    def(c"times", posix_times),
    def(c"cpu_count", posix_cpu_count),
    def(c"urandom", posix_urandom),
    def(c"strerror", posix_strerror),
    def(c"_exit", posix_exit),
    def(c"waitstatus_to_exitcode", posix_waitstatus_to_exitcode),
    def(c"WIFEXITED", posix_wifexited),
    def(c"WEXITSTATUS", posix_wexitstatus),
    def(c"WIFSIGNALED", posix_wifsignaled),
    def(c"WTERMSIG", posix_wtermsig),
    def(c"WIFSTOPPED", posix_wifstopped),
    def(c"WSTOPSIG", posix_wstopsig),
    def(c"WCOREDUMP", posix_wcoredump),
    def(c"WIFCONTINUED", posix_wifcontinued),
    typeobj::METHOD_END,
];

/// The `HAVE_*` names of `_have_functions`: the `dir_fd`, descriptor and
/// `follow_symlinks` forms provided (what `os.supports_*` are built from).
const HAVE_FUNCTIONS: [&str; 22] = [
    "HAVE_FACCESSAT",
    "HAVE_FCHDIR",
    "HAVE_FCHMOD",
    "HAVE_FCHMODAT",
    "HAVE_FCHOWN",
    "HAVE_FCHOWNAT",
    "HAVE_FDOPENDIR",
    "HAVE_FSTATAT",
    "HAVE_FTRUNCATE",
    "HAVE_FUTIMENS",
    "HAVE_LINKAT",
    "HAVE_LCHOWN",
    "HAVE_LSTAT",
    "HAVE_MKDIRAT",
    "HAVE_MKFIFOAT",
    "HAVE_MKNODAT",
    "HAVE_OPENAT",
    "HAVE_READLINKAT",
    "HAVE_RENAMEAT",
    "HAVE_SYMLINKAT",
    "HAVE_UNLINKAT",
    "HAVE_UTIMENSAT",
];

/// The integer constants, in CPython 3.12.1's order on Linux.
static CONSTANTS: [(&str, i64); 151] = [
    ("F_OK", 0),
    ("R_OK", 4),
    ("W_OK", 2),
    ("X_OK", 1),
    ("NGROUPS_MAX", 65536),
    ("TMP_MAX", 238328),
    ("WCONTINUED", 8),
    ("WNOHANG", 1),
    ("WUNTRACED", 2),
    ("O_RDONLY", 0),
    ("O_WRONLY", 1),
    ("O_RDWR", 2),
    ("O_NDELAY", 2048),
    ("O_NONBLOCK", 2048),
    ("O_APPEND", 1024),
    ("O_DSYNC", 4096),
    ("O_RSYNC", 1052672),
    ("O_SYNC", 1052672),
    ("O_NOCTTY", 256),
    ("O_CREAT", 64),
    ("O_EXCL", 128),
    ("O_TRUNC", 512),
    ("O_LARGEFILE", 0),
    ("O_PATH", 2097152),
    ("O_TMPFILE", 4259840),
    ("PRIO_PROCESS", 0),
    ("PRIO_PGRP", 1),
    ("PRIO_USER", 2),
    ("O_CLOEXEC", 524288),
    ("O_ACCMODE", 3),
    ("O_FSYNC", 1052672),
    ("SEEK_HOLE", 4),
    ("SEEK_DATA", 3),
    ("O_ASYNC", 8192),
    ("O_DIRECT", 16384),
    ("O_DIRECTORY", 65536),
    ("O_NOFOLLOW", 131072),
    ("O_NOATIME", 262144),
    ("EX_OK", 0),
    ("EX_USAGE", 64),
    ("EX_DATAERR", 65),
    ("EX_NOINPUT", 66),
    ("EX_NOUSER", 67),
    ("EX_NOHOST", 68),
    ("EX_UNAVAILABLE", 69),
    ("EX_SOFTWARE", 70),
    ("EX_OSERR", 71),
    ("EX_OSFILE", 72),
    ("EX_CANTCREAT", 73),
    ("EX_IOERR", 74),
    ("EX_TEMPFAIL", 75),
    ("EX_PROTOCOL", 76),
    ("EX_NOPERM", 77),
    ("EX_CONFIG", 78),
    ("ST_RDONLY", 1),
    ("ST_NOSUID", 2),
    ("ST_NODEV", 4),
    ("ST_NOEXEC", 8),
    ("ST_SYNCHRONOUS", 16),
    ("ST_MANDLOCK", 64),
    ("ST_WRITE", 128),
    ("ST_APPEND", 256),
    ("ST_NOATIME", 1024),
    ("ST_NODIRATIME", 2048),
    ("ST_RELATIME", 4096),
    ("POSIX_FADV_NORMAL", 0),
    ("POSIX_FADV_SEQUENTIAL", 2),
    ("POSIX_FADV_RANDOM", 1),
    ("POSIX_FADV_NOREUSE", 5),
    ("POSIX_FADV_WILLNEED", 3),
    ("POSIX_FADV_DONTNEED", 4),
    ("P_PID", 1),
    ("P_PGID", 2),
    ("P_ALL", 0),
    ("P_PIDFD", 3),
    ("WEXITED", 4),
    ("WNOWAIT", 16777216),
    ("WSTOPPED", 2),
    ("CLD_EXITED", 1),
    ("CLD_KILLED", 2),
    ("CLD_DUMPED", 3),
    ("CLD_TRAPPED", 4),
    ("CLD_STOPPED", 5),
    ("CLD_CONTINUED", 6),
    ("F_LOCK", 1),
    ("F_TLOCK", 2),
    ("F_ULOCK", 0),
    ("F_TEST", 3),
    ("RWF_DSYNC", 2),
    ("RWF_HIPRI", 1),
    ("RWF_SYNC", 4),
    ("RWF_NOWAIT", 8),
    ("RWF_APPEND", 16),
    ("SPLICE_F_MOVE", 1),
    ("SPLICE_F_NONBLOCK", 2),
    ("SPLICE_F_MORE", 4),
    ("POSIX_SPAWN_OPEN", 0),
    ("POSIX_SPAWN_CLOSE", 1),
    ("POSIX_SPAWN_DUP2", 2),
    ("SCHED_OTHER", 0),
    ("SCHED_FIFO", 1),
    ("SCHED_RR", 2),
    ("SCHED_BATCH", 3),
    ("SCHED_IDLE", 5),
    ("SCHED_RESET_ON_FORK", 1073741824),
    ("CLONE_FS", 512),
    ("CLONE_FILES", 1024),
    ("CLONE_NEWNS", 131072),
    ("CLONE_NEWCGROUP", 33554432),
    ("CLONE_NEWUTS", 67108864),
    ("CLONE_NEWIPC", 134217728),
    ("CLONE_NEWUSER", 268435456),
    ("CLONE_NEWPID", 536870912),
    ("CLONE_NEWNET", 1073741824),
    ("CLONE_NEWTIME", 128),
    ("CLONE_SYSVSEM", 262144),
    ("CLONE_THREAD", 65536),
    ("CLONE_SIGHAND", 2048),
    ("CLONE_VM", 256),
    ("XATTR_CREATE", 1),
    ("XATTR_REPLACE", 2),
    ("XATTR_SIZE_MAX", 65536),
    ("RTLD_LAZY", 1),
    ("RTLD_NOW", 2),
    ("RTLD_GLOBAL", 256),
    ("RTLD_LOCAL", 0),
    ("RTLD_NODELETE", 4096),
    ("RTLD_NOLOAD", 4),
    ("RTLD_DEEPBIND", 8),
    ("GRND_RANDOM", 2),
    ("GRND_NONBLOCK", 1),
    ("MFD_CLOEXEC", 1),
    ("MFD_ALLOW_SEALING", 2),
    ("MFD_HUGETLB", 4),
    ("MFD_HUGE_SHIFT", 26),
    ("MFD_HUGE_MASK", 63),
    ("MFD_HUGE_64KB", 1073741824),
    ("MFD_HUGE_512KB", 1275068416),
    ("MFD_HUGE_1MB", 1342177280),
    ("MFD_HUGE_2MB", 1409286144),
    ("MFD_HUGE_8MB", 1543503872),
    ("MFD_HUGE_16MB", 1610612736),
    ("MFD_HUGE_32MB", 1677721600),
    ("MFD_HUGE_256MB", 1879048192),
    ("MFD_HUGE_512MB", 1946157056),
    ("MFD_HUGE_1GB", 2013265920),
    ("MFD_HUGE_2GB", 2080374784),
    ("MFD_HUGE_16GB", 2281701376),
    ("EFD_CLOEXEC", 524288),
    ("EFD_NONBLOCK", 2048),
    ("EFD_SEMAPHORE", 1),
];

const DOC: &str = "This module provides access to operating system functionality that is\nstandardized by the C Standard and the POSIX standard (a thinly\ndisguised Unix interface).  Refer to the library manual and\ncorresponding Unix manual entries for more information on calls.";

unsafe fn init_types() -> PyResult<()> {
    // SAFETY: start of the module, under the GIL; the types live for the
    // process.
    unsafe {
        if !STAT_TYPE.is_null() {
            return Ok(());
        }
        STAT_TYPE = structseq::new_type(c"os.stat_result".as_ptr(), ptr::null(), &STAT_FIELDS, 10)?;
        STRUCTSEQ_NEW = (*STAT_TYPE).tp_new;
        (*STAT_TYPE).tp_new = Some(stat_result_new);
        UNAME_TYPE = structseq::new_type(
            c"posix.uname_result".as_ptr(),
            ptr::null(),
            &UNAME_FIELDS,
            5,
        )?;
        TIMES_TYPE = structseq::new_type(
            c"posix.times_result".as_ptr(),
            ptr::null(),
            &TIMES_FIELDS,
            5,
        )?;
        TERMINAL_TYPE = structseq::new_type(
            c"os.terminal_size".as_ptr(),
            ptr::null(),
            &TERMINAL_FIELDS,
            2,
        )?;

        let t = lifecycle::leak_type();
        (*t).tp_name = c"posix.DirEntry".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<DirEntry>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::IMMUTABLETYPE | flags::DISALLOW_INSTANTIATION;
        (*t).tp_alloc = lifecycle::c_api_slots().alloc;
        (*t).tp_free = lifecycle::c_api_slots().object_free;
        (*t).tp_dealloc = Some(direntry_dealloc);
        (*t).tp_repr = Some(direntry_repr);
        (*t).tp_methods = ptr::addr_of_mut!(DIRENTRY_METHODS) as *mut PyMethodDef;
        (*t).tp_members = ptr::addr_of_mut!(DIRENTRY_MEMBERS) as *mut typeobj::PyMemberDef;
        typeobj::ready_static(t)?;
        DIRENTRY_TYPE = t;

        let s = lifecycle::leak_type();
        (*s).tp_name = c"posix.ScandirIterator".as_ptr();
        (*s).tp_basicsize = std::mem::size_of::<ScandirIter>() as isize;
        (*s).tp_flags = flags::DEFAULT | flags::IMMUTABLETYPE | flags::DISALLOW_INSTANTIATION;
        (*s).tp_alloc = lifecycle::c_api_slots().alloc;
        (*s).tp_free = lifecycle::c_api_slots().object_free;
        (*s).tp_dealloc = Some(scandir_dealloc);
        (*s).tp_iter = Some(scandir_iter);
        (*s).tp_iternext = Some(scandir_next);
        (*s).tp_methods = ptr::addr_of_mut!(SCANDIR_METHODS) as *mut PyMethodDef;
        typeobj::ready_static(s)?;
        SCANDIR_TYPE = s;
        Ok(())
    }
}

/// Creates the `posix` module (for the builtin module table).
pub fn create_module() -> PyResult<Owned> {
    // SAFETY: the runtime is initialized and the GIL held; the tables are
    // static.
    unsafe {
        init_types()?;
        let name = unicode::intern("posix")?;
        let m = module::new(name.as_ptr())?;
        let doc = unicode::from_str(DOC)?;
        module::add_object_ref(m.as_ptr(), "__doc__", doc.as_ptr())?;
        crate::objects::moduledef::add_functions(
            m.as_ptr(),
            ptr::addr_of_mut!(METHODS) as *mut PyMethodDef,
        )?;
        let env = make_environ()?;
        module::add_object_ref(m.as_ptr(), "environ", env.as_ptr())?;
        module::add_object_ref(m.as_ptr(), "error", exceptions::get(Exc::OSError))?;
        for (k, v) in CONSTANTS {
            let value = long::from_i64(v)?;
            module::add_object_ref(m.as_ptr(), k, value.as_ptr())?;
        }
        let have = list::new(0)?;
        for h in HAVE_FUNCTIONS {
            let s = unicode::from_str(h)?;
            list::append(have.as_ptr(), s.as_ptr())?;
        }
        module::add_object_ref(m.as_ptr(), "_have_functions", have.as_ptr())?;
        for (k, t) in [
            ("stat_result", STAT_TYPE),
            ("uname_result", UNAME_TYPE),
            ("times_result", TIMES_TYPE),
            ("terminal_size", TERMINAL_TYPE),
            ("DirEntry", DIRENTRY_TYPE),
        ] {
            module::add_object_ref(m.as_ptr(), k, t as *mut PyObject)?;
        }
        Ok(m)
    }
}
