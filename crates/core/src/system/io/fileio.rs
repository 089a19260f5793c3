//! `_io.FileIO`: raw binary I/O on a file descriptor, opened from a path
//! (with CPython's mode rules, `O_CLOEXEC`, an optional `opener`) or taken
//! as an integer; reads and writes release the GIL around the system
//! call; errors are the `OSError` subclasses of their errno with the
//! file name.

use super::*;
use crate::objects::bytes;
use crate::protocols::clinic::{pos, pos_opt};
use crate::runtime::thread;

/// The state of a `FileIO`.
pub(crate) struct FileState {
    /// The descriptor, -1 when closed.
    fd: i32,
    readable: bool,
    writable: bool,
    appending: bool,
    created: bool,
    closefd: bool,
    /// Whether `lseek` works: unknown (-1), no (0), yes (1).
    seekable: i8,
    /// `st_blksize`, or the default buffer size.
    blksize: i64,
}

impl Default for FileState {
    fn default() -> Self {
        FileState {
            fd: -1,
            readable: false,
            writable: false,
            appending: false,
            created: false,
            closefd: true,
            seekable: -1,
            blksize: DEFAULT_BUFFER_SIZE as i64,
        }
    }
}

impl State for FileState {
    const KIND: Kind = Kind::File;
}

static mut TYPE: *mut PyTypeObject = ptr::null_mut();

/// `FileIO`.
pub(crate) fn file_type() -> *mut PyTypeObject {
    // SAFETY: written once at start-up.
    unsafe { TYPE }
}

/// The buffer size `open()` uses for a raw stream: its `st_blksize` for a
/// `FileIO`, else the default.
///
/// # Safety
/// `raw` live.
pub(crate) unsafe fn blksize(raw: *mut PyObject) -> i64 {
    // SAFETY: forwarded.
    unsafe {
        if typeobj::is_subtype((*raw).ob_type, TYPE) {
            if let Ok(s) = state::<FileState>(raw) {
                return s.blksize;
            }
        }
        DEFAULT_BUFFER_SIZE as i64
    }
}

/// FileIO's closed-file error (no final period, as CPython's).
fn err_closed() -> err::Raised {
    err::value_error("I/O operation on closed file")
}

/// The open state of `op`, or the closed-file error.
unsafe fn open_state<'a>(op: *mut PyObject) -> PyResult<&'a mut FileState> {
    // SAFETY: forwarded.
    let s = unsafe { state::<FileState>(op)? };
    if s.fd < 0 {
        return Err(err_closed());
    }
    Ok(s)
}

fn err_mode(action: &str) -> err::Raised {
    unsupported(&format!("File not open for {action}"))
}

/// The mode string of a state.
fn mode_of(s: &FileState) -> &'static str {
    if s.created {
        if s.readable {
            "xb+"
        } else {
            "xb"
        }
    } else if s.appending {
        if s.readable {
            "ab+"
        } else {
            "ab"
        }
    } else if s.readable {
        if s.writable {
            "rb+"
        } else {
            "rb"
        }
    } else {
        "wb"
    }
}

/// Closes the descriptor if the object owns it.
fn internal_close(s: &mut FileState) -> PyResult<()> {
    let fd = std::mem::replace(&mut s.fd, -1);
    if fd >= 0 && s.closefd {
        // SAFETY: a descriptor this object owns, closed once.
        if unsafe { libc::close(fd) } < 0 {
            return Err(os_error(errno(), None));
        }
    }
    Ok(())
}

unsafe extern "C" fn fileio_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> c_int {
    static SIG: Sig = Sig::new(
        "FileIO",
        &[
            arg("file"),
            arg_opt("mode"),
            arg_opt("closefd"),
            arg_opt("opener"),
        ],
    );
    // SAFETY: tp_init contract.
    unsafe {
        let r = (|| -> PyResult<()> {
            let a = SIG.bind_call::<4>(args, kw)?;
            let s = state::<FileState>(op)?;
            if s.fd >= 0 {
                internal_close(s)?;
            }
            *s = FileState::default();
            let nameobj = a.req(0);
            let mode = match a.str(1)? {
                Some(m) => text(m),
                None => "r".into(),
            };
            let closefd = a.truth(2, true)?;
            let opener = a.get(3).unwrap_or(lifecycle::none());
            let mut fd = -1i32;
            let mut path: Option<Owned> = None;
            if long::check(nameobj) || crate::protocols::number::index_check(nameobj) {
                let v = long::as_i64(long::index(nameobj)?.as_ptr(), "fd out of range")?;
                if v < 0 {
                    return Err(err::value_error("negative file descriptor"));
                }
                fd = i32::try_from(v)
                    .map_err(|_| err::overflow_error("Python int too large to convert to C int"))?;
            } else {
                let p = crate::objects::codecs::fspath(nameobj)?;
                let b = if unicode::check(p.as_ptr()) {
                    crate::objects::codecs::encode_fs(p.as_ptr())?
                } else {
                    p
                };
                if bytes::as_slice(b.as_ptr()).contains(&0) {
                    return Err(err::value_error("embedded null byte"));
                }
                path = Some(b);
            }
            let bad_mode = || {
                err::value_error(
                    "Must have exactly one of create/read/write/append mode and at most one plus",
                )
            };
            let (mut rwa, mut plus) = (false, false);
            let mut flags = 0;
            for c in mode.chars() {
                match c {
                    'x' | 'r' | 'w' | 'a' => {
                        if rwa {
                            return Err(bad_mode());
                        }
                        rwa = true;
                        match c {
                            'x' => {
                                s.created = true;
                                s.writable = true;
                                flags |= libc::O_EXCL | libc::O_CREAT;
                            }
                            'r' => s.readable = true,
                            'w' => {
                                s.writable = true;
                                flags |= libc::O_CREAT | libc::O_TRUNC;
                            }
                            _ => {
                                s.writable = true;
                                s.appending = true;
                                flags |= libc::O_APPEND | libc::O_CREAT;
                            }
                        }
                    }
                    'b' => {}
                    '+' => {
                        if plus {
                            return Err(bad_mode());
                        }
                        s.readable = true;
                        s.writable = true;
                        plus = true;
                    }
                    _ => return Err(err::value_error(&format!("invalid mode: {mode}"))),
                }
            }
            if !rwa {
                return Err(bad_mode());
            }
            flags |= if s.readable && s.writable {
                libc::O_RDWR
            } else if s.readable {
                libc::O_RDONLY
            } else {
                libc::O_WRONLY
            };
            flags |= libc::O_CLOEXEC;
            crate::runtime::audit::audit("open", || {
                let m = unicode::from_str(&mode)?;
                let f = int(flags as i64)?;
                tuple::new_from(&[nameobj, m.as_ptr(), f.as_ptr()])
            })?;
            let mut owned = false;
            if let Some(p) = &path {
                if !closefd {
                    return Err(err::value_error("Cannot use closefd=False with file name"));
                }
                if opener == lifecycle::none() {
                    let c = std::ffi::CString::new(bytes::as_slice(p.as_ptr()).to_vec())
                        .map_err(|_| err::value_error("embedded null byte"))?;
                    loop {
                        fd = libc::open(c.as_ptr(), flags, 0o666);
                        if fd >= 0 || errno() != libc::EINTR {
                            break;
                        }
                    }
                    if fd < 0 {
                        return Err(os_error(errno(), Some(nameobj)));
                    }
                } else {
                    let fl = long::from_i64(flags as i64)?;
                    let r = call::call_args(opener, &[nameobj, fl.as_ptr()])?;
                    if !long::check(r.as_ptr()) {
                        return Err(err::type_error("expected integer from opener"));
                    }
                    let v = long::as_i64(r.as_ptr(), "Python int too large to convert to C int")?;
                    if v < 0 {
                        return Err(err::value_error(&format!("opener returned {v}")));
                    }
                    fd = v as i32;
                }
                owned = true;
            }
            s.fd = fd;
            s.closefd = closefd;
            let fail = |s: &mut FileState, e: err::Raised| {
                if owned {
                    libc::close(s.fd);
                }
                s.fd = -1;
                e
            };
            let mut st: libc::stat = std::mem::zeroed();
            if libc::fstat(fd, &mut st) < 0 {
                let e = errno();
                return Err(fail(s, os_error(e, None)));
            }
            if st.st_mode & libc::S_IFMT == libc::S_IFDIR {
                return Err(fail(s, os_error(libc::EISDIR, Some(nameobj))));
            }
            if st.st_blksize > 1 {
                s.blksize = st.st_blksize as i64;
            }
            if let Err(e) = abstract_::setattr(op, unicode::intern("name")?.as_ptr(), nameobj) {
                return Err(fail(s, e));
            }
            if s.appending {
                libc::lseek(fd, 0, libc::SEEK_END);
            }
            set_base_closed(op, false);
            Ok(())
        })();
        match r {
            Ok(()) => 0,
            Err(e) => e.into(),
        }
    }
}

/// `read(2)` of up to `n` bytes, the GIL released; `None` for EAGAIN.
fn sys_read(fd: i32, buf: &mut [u8]) -> PyResult<Option<usize>> {
    loop {
        // SAFETY: `buf` is writable for its length; the thread state is
        // detached around the call and attached again.
        let (n, e) = unsafe {
            let ts = thread::detach();
            let n = libc::read(fd, buf.as_mut_ptr().cast(), buf.len());
            let e = errno();
            thread::attach(ts);
            (n, e)
        };
        if n >= 0 {
            return Ok(Some(n as usize));
        }
        if e == libc::EINTR {
            // SAFETY: the GIL is held again.
            unsafe { crate::runtime::signals::check()? };
            continue;
        }
        if e == libc::EAGAIN {
            return Ok(None);
        }
        return Err(os_error(e, None));
    }
}

/// `write(2)` of `buf`, the GIL released; `None` for EAGAIN.
pub(crate) fn sys_write(fd: i32, buf: &[u8]) -> PyResult<Option<usize>> {
    loop {
        // SAFETY: `buf` is readable for its length; the thread state is
        // detached around the call and attached again.
        let (n, e) = unsafe {
            let ts = thread::detach();
            let n = libc::write(fd, buf.as_ptr().cast(), buf.len());
            let e = errno();
            thread::attach(ts);
            (n, e)
        };
        if n >= 0 {
            return Ok(Some(n as usize));
        }
        if e == libc::EINTR {
            // SAFETY: the GIL is held again.
            unsafe { crate::runtime::signals::check()? };
            continue;
        }
        if e == libc::EAGAIN {
            return Ok(None);
        }
        return Err(os_error(e, None));
    }
}

/// Reads to the end of the file.
fn readall(fd: i32) -> PyResult<Option<Vec<u8>>> {
    let mut out: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; DEFAULT_BUFFER_SIZE];
    loop {
        if chunk.len() < out.len() / 2 && chunk.len() < (1 << 20) {
            chunk.resize((out.len() / 2).min(1 << 20), 0);
        }
        match sys_read(fd, &mut chunk)? {
            Some(0) => break,
            Some(n) => out.extend_from_slice(&chunk[..n]),
            None => {
                if out.is_empty() {
                    return Ok(None);
                }
                break;
            }
        }
    }
    Ok(Some(out))
}

fastcall! {
    /// `FileIO.read(size=-1, /)`.
    fn fio_read(s, a = Sig::new("read", &[pos_opt("size")])) {
        let st = open_state(s)?;
        if !st.readable {
            return Err(err_mode("reading"));
        }
        let n = size_arg(a.get(0), -1)?;
        let fd = st.fd;
        if n < 0 {
            return match readall(fd)? {
                Some(v) => bytes::from_bytes(&v),
                None => Ok(none()),
            };
        }
        let mut buf = vec![0u8; n as usize];
        match sys_read(fd, &mut buf)? {
            Some(k) => bytes::from_bytes(&buf[..k]),
            None => Ok(none()),
        }
    }
}

fastcall! {
    /// `FileIO.readall()`.
    fn fio_readall(s, _a = Sig::new("readall", &[])) {
        let st = open_state(s)?;
        match readall(st.fd)? {
            Some(v) => bytes::from_bytes(&v),
            None => Ok(none()),
        }
    }
}

fastcall! {
    /// `FileIO.readinto(buffer, /)`.
    fn fio_readinto(s, a = Sig::new("readinto", &[pos("buffer")])) {
        let st = open_state(s)?;
        if !st.readable {
            return Err(err_mode("reading"));
        }
        let fd = st.fd;
        match with_writable(a.req(0), |b| sys_read(fd, b))? {
            Some(k) => int(k as i64),
            None => Ok(none()),
        }
    }
}

fastcall! {
    /// `FileIO.write(b, /)`.
    fn fio_write(s, a = Sig::new("write", &[pos("b")])) {
        let st = open_state(s)?;
        if !st.writable {
            return Err(err_mode("writing"));
        }
        let fd = st.fd;
        let data = buffer_bytes(a.req(0))?;
        match sys_write(fd, &data)? {
            Some(k) => int(k as i64),
            None => Ok(none()),
        }
    }
}

/// `lseek` with CPython's errors.
fn seek_fd(fd: i32, pos: i64, whence: i32) -> PyResult<i64> {
    // SAFETY: a plain system call.
    let r = unsafe { libc::lseek(fd, pos, whence) };
    if r < 0 {
        return Err(os_error(errno(), None));
    }
    Ok(r)
}

/// A position argument: an int (a float is refused).
unsafe fn pos_arg(v: *mut PyObject) -> PyResult<i64> {
    // SAFETY: forwarded.
    unsafe {
        if crate::objects::float::check(v) {
            return Err(err::type_error("an integer is required"));
        }
        long::as_i64(
            long::index(v)?.as_ptr(),
            "Python int too large to convert to C long",
        )
    }
}

fastcall! {
    /// `FileIO.seek(pos, whence=0, /)`.
    fn fio_seek(s, a = Sig::new("seek", &[pos("pos"), pos_opt("whence")])) {
        let st = open_state(s)?;
        let pos = pos_arg(a.req(0))?;
        let whence = a.ssize(1, 0)? as i32;
        int(seek_fd(st.fd, pos, whence)?)
    }
}

fastcall! {
    /// `FileIO.tell()`.
    fn fio_tell(s, _a = Sig::new("tell", &[])) {
        let st = open_state(s)?;
        int(seek_fd(st.fd, 0, libc::SEEK_CUR)?)
    }
}

fastcall! {
    /// `FileIO.truncate(size=None, /)`: the new size.
    fn fio_truncate(s, a = Sig::new("truncate", &[pos_opt("size")])) {
        let st = open_state(s)?;
        if !st.writable {
            return Err(err_mode("writing"));
        }
        let size = match a.get(0) {
            None => seek_fd(st.fd, 0, libc::SEEK_CUR)?,
            Some(v) if v == lifecycle::none() => seek_fd(st.fd, 0, libc::SEEK_CUR)?,
            Some(v) => pos_arg(v)?,
        };
        if libc::ftruncate(st.fd, size) < 0 {
            return Err(os_error(errno(), None));
        }
        int(size)
    }
}

fastcall! {
    /// `FileIO.close()`: the base close (flush), then the descriptor.
    fn fio_close(s, _a = Sig::new("close", &[])) {
        let base = call::call_args(
            attr(iobase_ref(), "close")?.as_ptr(), &[s]);
        let st = state::<FileState>(s)?;
        let closed = internal_close(st);
        base?;
        closed?;
        Ok(none())
    }
}

/// `_RawIOBase` (whose `close` is `_IOBase.close`).
fn iobase_ref() -> *mut PyObject {
    super::iobase::raw_type() as *mut PyObject
}

fastcall! {
    /// `FileIO.seekable()`.
    fn fio_seekable(s, _a = Sig::new("seekable", &[])) {
        let st = open_state(s)?;
        if st.seekable < 0 {
            // SAFETY: a plain system call.
            st.seekable = i8::from(libc::lseek(st.fd, 0, libc::SEEK_CUR) >= 0);
        }
        Ok(long::bool_from(st.seekable == 1))
    }
}

fastcall! {
    /// `FileIO.readable()`.
    fn fio_readable(s, _a = Sig::new("readable", &[])) {
        Ok(long::bool_from(open_state(s)?.readable))
    }
}

fastcall! {
    /// `FileIO.writable()`.
    fn fio_writable(s, _a = Sig::new("writable", &[])) {
        Ok(long::bool_from(open_state(s)?.writable))
    }
}

fastcall! {
    /// `FileIO.fileno()`.
    fn fio_fileno(s, _a = Sig::new("fileno", &[])) {
        int(open_state(s)?.fd as i64)
    }
}

fastcall! {
    /// `FileIO.isatty()`.
    fn fio_isatty(s, _a = Sig::new("isatty", &[])) {
        let fd = open_state(s)?.fd;
        Ok(long::bool_from(libc::isatty(fd) == 1))
    }
}

fastcall! {
    /// `FileIO._dealloc_warn(source, /)`: ResourceWarning is ignored by
    /// default, so nothing is shown.
    fn fio_dealloc_warn(_s, _a = Sig::new("_dealloc_warn", &[pos("source")])) {
        Ok(none())
    }
}

unsafe extern "C" fn get_closed(s: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getter on a live object.
    err::into_ptr(unsafe { state::<FileState>(s).map(|st| long::bool_from(st.fd < 0)) })
}
unsafe extern "C" fn get_closefd(s: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getter on a live object.
    err::into_ptr(unsafe { state::<FileState>(s).map(|st| long::bool_from(st.closefd)) })
}
unsafe extern "C" fn get_mode(s: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getter on a live object.
    err::into_ptr(unsafe { state::<FileState>(s).and_then(|st| unicode::from_str(mode_of(st))) })
}
unsafe extern "C" fn get_blksize(s: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getter on a live object.
    err::into_ptr(unsafe { state::<FileState>(s).and_then(|st| int(st.blksize)) })
}

/// The `tp_name` of an object's type.
///
/// # Safety
/// `op` live.
pub(crate) unsafe fn tp_name(op: *mut PyObject) -> String {
    // SAFETY: every ready type has a NUL-terminated name.
    unsafe {
        CStr::from_ptr((*(*op).ob_type).tp_name)
            .to_string_lossy()
            .into_owned()
    }
}

unsafe extern "C" fn fileio_repr(s: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live object.
    unsafe {
        let r = (|| -> PyResult<Owned> {
            let tn = tp_name(s);
            let st = state::<FileState>(s)?;
            if st.fd < 0 {
                return unicode::from_str(&format!("<{tn} [closed]>"));
            }
            let (fd, mode, closefd) = (
                st.fd,
                mode_of(st),
                if st.closefd { "True" } else { "False" },
            );
            let name = abstract_::lookup_attr(s, unicode::intern("name")?.as_ptr())?;
            match name {
                None => {
                    unicode::from_str(&format!("<{tn} fd={fd} mode='{mode}' closefd={closefd}>"))
                }
                Some(n) => {
                    let r = abstract_::repr_string(n.as_ptr())?;
                    unicode::from_str(&format!("<{tn} name={r} mode='{mode}' closefd={closefd}>"))
                }
            }
        })();
        err::into_ptr(r)
    }
}

static mut METHODS: [PyMethodDef; 18] = [
    def(c"read", fio_read),
    def(c"readall", fio_readall),
    def(c"readinto", fio_readinto),
    def(c"write", fio_write),
    def(c"seek", fio_seek),
    def(c"tell", fio_tell),
    def(c"truncate", fio_truncate),
    def(c"close", fio_close),
    def(c"seekable", fio_seekable),
    def(c"readable", fio_readable),
    def(c"writable", fio_writable),
    def(c"fileno", fio_fileno),
    def(c"isatty", fio_isatty),
    def(c"_dealloc_warn", fio_dealloc_warn),
    typeobj::METHOD_END,
    typeobj::METHOD_END,
    typeobj::METHOD_END,
    typeobj::METHOD_END,
];

static mut GETSET: [PyGetSetDef; 5] = [
    typeobj::getset(c"closed", Some(get_closed)),
    typeobj::getset(c"closefd", Some(get_closefd)),
    typeobj::getset(c"mode", Some(get_mode)),
    typeobj::getset(c"_blksize", Some(get_blksize)),
    typeobj::GETSET_END,
];

/// Makes `FileIO`.
pub(crate) unsafe fn init_type(out: &mut Vec<(&'static str, *mut PyTypeObject)>) -> PyResult<()> {
    // SAFETY: start-up under the GIL.
    unsafe {
        let mut s = super::iobase::spec(c"_io.FileIO", super::iobase::raw_type(), c"Open a file.");
        s.methods = ptr::addr_of_mut!(METHODS).cast();
        s.getset = ptr::addr_of_mut!(GETSET).cast();
        s.new = Some(new_with::<FileState>);
        s.init = Some(fileio_init);
        s.repr = Some(fileio_repr);
        TYPE = make_type(s)?;
        out.push(("FileIO", TYPE));
        Ok(())
    }
}
