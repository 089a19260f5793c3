//! `BufferedReader`, `BufferedWriter`, `BufferedRandom` (one state, the
//! read or write side switched on) and `BufferedRWPair`: a read buffer
//! filled through the raw stream's `readinto` and a write buffer emptied
//! through its `write`, never both holding data (a write first moves the
//! raw position back over unread data, a read first flushes), so that
//! `tell` is the raw position corrected by what is buffered. CPython's
//! messages for closed, detached and uninitialized streams.

use super::*;
use crate::objects::{bytearray, bytes};
use crate::protocols::clinic::{pos, pos_opt};

/// The state of a buffered stream.
#[derive(Default)]
pub(crate) struct BufState {
    /// The raw stream (None before `__init__` and after `detach`).
    raw: Option<Owned>,
    ok: bool,
    detached: bool,
    readable: bool,
    writable: bool,
    buffer_size: usize,
    /// Data read ahead from the raw stream, consumed from `rpos`.
    rbuf: Vec<u8>,
    rpos: usize,
    /// Data written and not yet given to the raw stream.
    wbuf: Vec<u8>,
}

impl State for BufState {
    const KIND: Kind = Kind::Buffered;
    fn traverse(&self, v: typeobj::visitproc, arg: *mut c_void) -> c_int {
        self.raw.as_ref().map_or(0, |r| visit(r.as_ptr(), v, arg))
    }
    fn clear(&mut self) {
        self.raw = None;
    }
}

impl BufState {
    fn avail(&self) -> usize {
        self.rbuf.len() - self.rpos
    }
}

static mut READER: *mut PyTypeObject = ptr::null_mut();
static mut WRITER: *mut PyTypeObject = ptr::null_mut();
static mut RANDOM: *mut PyTypeObject = ptr::null_mut();
static mut PAIR: *mut PyTypeObject = ptr::null_mut();

/// `BufferedReader`.
pub(crate) fn reader_type() -> *mut PyTypeObject {
    // SAFETY: written once at start-up.
    unsafe { READER }
}
/// `BufferedWriter`.
pub(crate) fn writer_type() -> *mut PyTypeObject {
    // SAFETY: written once at start-up.
    unsafe { WRITER }
}
/// `BufferedRandom`.
pub(crate) fn random_type() -> *mut PyTypeObject {
    // SAFETY: written once at start-up.
    unsafe { RANDOM }
}

/// The initialized state of `op` (attached).
unsafe fn st<'a>(op: *mut PyObject) -> PyResult<&'a mut BufState> {
    // SAFETY: forwarded.
    let s = unsafe { state::<BufState>(op)? };
    if !s.ok {
        if s.detached {
            return Err(err::value_error("raw stream has been detached"));
        }
        return Err(err::value_error("I/O operation on uninitialized object"));
    }
    Ok(s)
}

/// The raw stream (a new reference: calls out may detach it).
fn raw_of(s: &BufState) -> Owned {
    // SAFETY: `ok` states hold a raw stream.
    s.raw
        .as_ref()
        .map(|r| unsafe { Owned::from_borrowed(r.as_ptr()) })
        .unwrap_or_else(none)
}

/// `raw.closed`.
unsafe fn raw_closed(s: &BufState) -> PyResult<bool> {
    // SAFETY: forwarded.
    unsafe { abstract_::is_true(attr(raw_of(s).as_ptr(), "closed")?.as_ptr()) }
}

/// CPython's `CHECK_CLOSED`: closed with nothing read ahead.
unsafe fn check_closed(s: &BufState, msg: &str) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if raw_closed(s)? && s.avail() == 0 {
            return Err(err::value_error(msg));
        }
        Ok(())
    }
}

/// One `raw.readinto` of up to `n` bytes: `None` when it would block.
unsafe fn raw_read(s: &BufState, n: usize) -> PyResult<Option<Vec<u8>>> {
    // SAFETY: forwarded.
    unsafe {
        let b = bytearray::from_bytes(&vec![0u8; n])?;
        let r = readinto_view(raw_of(s).as_ptr(), b.as_ptr())?;
        if r.as_ptr() == lifecycle::none() {
            return Ok(None);
        }
        let k = long::as_ssize(long::index(r.as_ptr())?.as_ptr())?;
        if k < 0 || k as usize > n {
            return Err(err::raise(
                Exc::OSError,
                &format!("raw readinto() returned invalid length {k} (should have been between 0 and {n})"),
            ));
        }
        Ok(Some(bytearray::as_slice(b.as_ptr())[..k as usize].to_vec()))
    }
}

/// `raw.seek(pos, whence)`.
unsafe fn raw_seek(s: &BufState, pos: i64, whence: i32) -> PyResult<i64> {
    // SAFETY: forwarded.
    unsafe {
        let p = int(pos)?;
        let w = int(whence as i64)?;
        let r = call_method(raw_of(s).as_ptr(), "seek", &[p.as_ptr(), w.as_ptr()])?;
        let n = long::as_i64(long::index(r.as_ptr())?.as_ptr(), "position out of range")?;
        if n < 0 {
            return Err(err::raise(
                Exc::OSError,
                &format!("Raw stream returned invalid position {n}"),
            ));
        }
        Ok(n)
    }
}

/// Writes the write buffer out through `raw.write`.
unsafe fn flush_writes(s: &mut BufState) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        while !s.wbuf.is_empty() {
            let b = bytes::from_bytes(&s.wbuf)?;
            let r = call_method(raw_of(s).as_ptr(), "write", &[b.as_ptr()])?;
            if r.as_ptr() == lifecycle::none() {
                return Err(err::raise(
                    Exc::BlockingIOError,
                    "write could not complete without blocking",
                ));
            }
            let n = long::as_ssize(long::index(r.as_ptr())?.as_ptr())?;
            if n < 0 || n as usize > s.wbuf.len() {
                return Err(err::raise(
                    Exc::OSError,
                    &format!(
                        "raw write() returned invalid length {n} (should have been between 0 and {})",
                        s.wbuf.len()
                    ),
                ));
            }
            s.wbuf.drain(..n as usize);
        }
        Ok(())
    }
}

/// Moves the raw position back over unread data and drops it.
unsafe fn rewind_reads(s: &mut BufState) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let back = s.avail();
        s.rbuf.clear();
        s.rpos = 0;
        if back > 0 {
            raw_seek(s, -(back as i64), 1)?;
        }
        Ok(())
    }
}

/// Takes up to `n` buffered bytes.
fn take(s: &mut BufState, n: usize) -> Vec<u8> {
    let k = n.min(s.avail());
    let out = s.rbuf[s.rpos..s.rpos + k].to_vec();
    s.rpos += k;
    if s.rpos == s.rbuf.len() {
        s.rbuf.clear();
        s.rpos = 0;
    }
    out
}

/// Refills the (empty) read buffer with one raw read: the bytes read, or
/// `None` when it would block.
unsafe fn fill(s: &mut BufState) -> PyResult<Option<usize>> {
    // SAFETY: forwarded.
    unsafe {
        let n = s.buffer_size;
        match raw_read(s, n)? {
            None => Ok(None),
            Some(v) => {
                let k = v.len();
                s.rbuf = v;
                s.rpos = 0;
                Ok(Some(k))
            }
        }
    }
}

/// `read(n)` for `n >= 0`: from the buffer, then raw reads until `n`
/// bytes or the end.
unsafe fn read_n(s: &mut BufState, n: usize) -> PyResult<Option<Vec<u8>>> {
    // SAFETY: forwarded.
    unsafe {
        let mut out = take(s, n);
        if out.len() == n {
            return Ok(Some(out));
        }
        flush_writes(s)?;
        while out.len() < n {
            let need = n - out.len();
            if need >= s.buffer_size {
                let want = need - need % s.buffer_size;
                match raw_read(s, want)? {
                    None => return Ok(if out.is_empty() { None } else { Some(out) }),
                    Some(v) if v.is_empty() => break,
                    Some(v) => out.extend_from_slice(&v),
                }
            } else {
                match fill(s)? {
                    None => return Ok(if out.is_empty() { None } else { Some(out) }),
                    Some(0) => break,
                    Some(_) => out.extend(take(s, need)),
                }
            }
        }
        Ok(Some(out))
    }
}

/// `read()` to the end: the buffer, then `raw.readall()` (or raw reads).
unsafe fn read_all(s: &mut BufState) -> PyResult<Option<Vec<u8>>> {
    // SAFETY: forwarded.
    unsafe {
        let mut out = take(s, usize::MAX);
        flush_writes(s)?;
        let raw = raw_of(s);
        if let Some(ra) =
            abstract_::lookup_attr(raw.as_ptr(), unicode::intern("readall")?.as_ptr())?
        {
            let r = call::call_args(ra.as_ptr(), &[])?;
            if r.as_ptr() == lifecycle::none() {
                return Ok(if out.is_empty() { None } else { Some(out) });
            }
            if !bytes::check(r.as_ptr()) {
                return Err(err::type_error("readall() should return bytes"));
            }
            out.extend_from_slice(bytes::as_slice(r.as_ptr()));
            return Ok(Some(out));
        }
        loop {
            let r = call_method(raw.as_ptr(), "read", &[])?;
            if r.as_ptr() == lifecycle::none() {
                return Ok(if out.is_empty() { None } else { Some(out) });
            }
            if !bytes::check(r.as_ptr()) {
                return Err(err::type_error("read() should return bytes"));
            }
            let d = bytes::as_slice(r.as_ptr());
            if d.is_empty() {
                return Ok(Some(out));
            }
            out.extend_from_slice(d);
        }
    }
}

fn opt_bytes(v: Option<Vec<u8>>) -> PyResult<Owned> {
    match v {
        Some(v) => bytes::from_bytes(&v),
        None => Ok(none()),
    }
}

fastcall! {
    /// `read(size=-1, /)`.
    fn b_read(o, a = Sig::new("read", &[pos_opt("size")])) {
        let s = st(o)?;
        let n = size_arg(a.get(0), -1)?;
        if n < -1 {
            return Err(err::value_error("read length must be non-negative or -1"));
        }
        check_closed(s, "read of closed file")?;
        if n == -1 {
            opt_bytes(read_all(s)?)
        } else {
            opt_bytes(read_n(s, n as usize)?)
        }
    }
}

/// `read1(n)`: the buffered data, or at most one raw read.
unsafe fn read1_n(s: &mut BufState, n: isize) -> PyResult<Vec<u8>> {
    // SAFETY: forwarded.
    unsafe {
        let n = if n < 0 { s.buffer_size } else { n as usize };
        if n == 0 {
            return Ok(Vec::new());
        }
        if s.avail() > 0 {
            return Ok(take(s, n));
        }
        flush_writes(s)?;
        if n > s.buffer_size {
            return Ok(raw_read(s, n)?.unwrap_or_default());
        }
        fill(s)?;
        Ok(take(s, n))
    }
}

fastcall! {
    /// `read1(size=-1, /)`.
    fn b_read1(o, a = Sig::new("read1", &[pos_opt("size")])) {
        let s = st(o)?;
        let n = size_arg(a.get(0), -1)?;
        check_closed(s, "read of closed file")?;
        bytes::from_bytes(&read1_n(s, n)?)
    }
}

fastcall! {
    /// `peek(size=0, /)`: the buffered data, filling the buffer once if it
    /// is empty.
    fn b_peek(o, _a = Sig::new("peek", &[pos_opt("size")])) {
        let s = st(o)?;
        check_closed(s, "peek of closed file")?;
        if s.avail() == 0 {
            flush_writes(s)?;
            fill(s)?;
        }
        bytes::from_bytes(&s.rbuf[s.rpos..])
    }
}

/// `readinto`/`readinto1`.
unsafe fn readinto(o: *mut PyObject, b: *mut PyObject, one: bool) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let s = st(o)?;
        check_closed(s, "readinto of closed file")?;
        let len = with_writable(b, |d| Ok(d.len()))?;
        let data = if one {
            read1_n(s, len as isize)?
        } else {
            match read_n(s, len)? {
                Some(v) => v,
                None => return Ok(none()),
            }
        };
        with_writable(b, |d| {
            d[..data.len()].copy_from_slice(&data);
            Ok(())
        })?;
        int(data.len() as i64)
    }
}

fastcall! {
    /// `readinto(buffer, /)`.
    fn b_readinto(o, a = Sig::new("readinto", &[pos("buffer")])) {
        readinto(o, a.req(0), false)
    }
}
fastcall! {
    /// `readinto1(buffer, /)`.
    fn b_readinto1(o, a = Sig::new("readinto1", &[pos("buffer")])) {
        readinto(o, a.req(0), true)
    }
}

fastcall! {
    /// `readline(size=-1, /)`.
    fn b_readline(o, a = Sig::new("readline", &[pos_opt("size")])) {
        let s = st(o)?;
        let limit = size_arg(a.get(0), -1)?;
        check_closed(s, "readline of closed file")?;
        flush_writes(s)?;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let room = if limit < 0 { usize::MAX } else { limit as usize - out.len() };
            if room == 0 {
                break;
            }
            let avail = &s.rbuf[s.rpos..];
            if let Some(i) = avail.iter().position(|&c| c == b'\n') {
                let k = (i + 1).min(room);
                out.extend(take(s, k));
                break;
            }
            let k = avail.len().min(room);
            out.extend(take(s, k));
            if limit >= 0 && out.len() as isize >= limit {
                break;
            }
            match fill(s)? {
                None | Some(0) => break,
                Some(_) => {}
            }
        }
        bytes::from_bytes(&out)
    }
}

fastcall! {
    /// `write(buffer, /)`.
    fn b_write(o, a = Sig::new("write", &[pos("buffer")])) {
        let s = st(o)?;
        if raw_closed(s)? {
            return Err(err::value_error("write to closed file"));
        }
        let data = buffer_bytes(a.req(0))?;
        if s.avail() > 0 || !s.rbuf.is_empty() {
            rewind_reads(s)?;
        }
        if s.wbuf.len() + data.len() <= s.buffer_size {
            s.wbuf.extend_from_slice(&data);
        } else {
            flush_writes(s)?;
            if data.len() <= s.buffer_size {
                s.wbuf.extend_from_slice(&data);
            } else {
                s.wbuf = data.clone();
                flush_writes(s)?;
            }
        }
        int(data.len() as i64)
    }
}

/// `flush()`'s work: the writes, and for a read/write stream the raw
/// position brought back to the logical one.
unsafe fn flush_and_rewind(s: &mut BufState) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        flush_writes(s)?;
        if s.readable && s.writable && s.avail() > 0 {
            rewind_reads(s)?;
        }
        Ok(())
    }
}

fastcall! {
    /// `flush()`.
    fn b_flush(o, _a = Sig::new("flush", &[])) {
        let s = st(o)?;
        check_closed(s, "flush of closed file")?;
        flush_and_rewind(s)?;
        Ok(none())
    }
}

fastcall! {
    /// `close()`: flushes, then closes the raw stream (a flush error is
    /// the context of a close error).
    fn b_close(o, _a = Sig::new("close", &[])) {
        let s = st(o)?;
        if raw_closed(s)? {
            return Ok(none());
        }
        let r = call_method(o, "flush", &[]);
        let flush_exc = if r.is_err() { err::take() } else { ptr::null_mut() };
        let s = st(o)?;
        let raw = raw_of(s);
        let c = call_method(raw.as_ptr(), "close", &[]);
        s.rbuf.clear();
        s.rpos = 0;
        if !flush_exc.is_null() {
            if c.is_err() {
                err::chain1(flush_exc);
                return Err(err::Raised::assume());
            }
            err::restore(flush_exc);
            return Err(err::Raised::assume());
        }
        c.map(|_| none())
    }
}

fastcall! {
    /// `detach()`: flushes and gives the raw stream up.
    fn b_detach(o, _a = Sig::new("detach", &[])) {
        st(o)?;
        call_method(o, "flush", &[])?;
        let s = st(o)?;
        let raw = s.raw.take().unwrap_or_else(none);
        s.ok = false;
        s.detached = true;
        Ok(raw)
    }
}

fastcall! {
    /// `seek(target, whence=0, /)`.
    fn b_seek(o, a = Sig::new("seek", &[pos("target"), pos_opt("whence")])) {
        let s = st(o)?;
        let whence = a.ssize(1, 0)?;
        if !(0..=2).contains(&whence) {
            return Err(err::value_error(&format!("whence value {whence} unsupported")));
        }
        check_closed(s, "seek of closed file")?;
        if !call_bool(raw_of(s).as_ptr(), "seekable")? {
            return Err(unsupported("File or stream is not seekable."));
        }
        let t = a.req(0);
        if !long::check(t) && crate::objects::float::check(t) {
            return Err(err::type_error("'float' object cannot be interpreted as an integer"));
        }
        let mut target = long::as_i64(long::index(t)?.as_ptr(), "cannot fit 'int' into an offset-sized integer")?;
        flush_writes(s)?;
        if whence == 1 {
            target -= s.avail() as i64;
        }
        s.rbuf.clear();
        s.rpos = 0;
        int(raw_seek(s, target, whence as i32)?)
    }
}

fastcall! {
    /// `tell()`.
    fn b_tell(o, _a = Sig::new("tell", &[])) {
        let s = st(o)?;
        let r = call_method(raw_of(s).as_ptr(), "tell", &[])?;
        let n = long::as_i64(long::index(r.as_ptr())?.as_ptr(), "position out of range")?;
        if n < 0 {
            return Err(err::raise(Exc::OSError, &format!("Raw stream returned invalid position {n}")));
        }
        let pos = n - s.avail() as i64 + s.wbuf.len() as i64;
        int(pos.max(0))
    }
}

fastcall! {
    /// `truncate(pos=None, /)`.
    fn b_truncate(o, a = Sig::new("truncate", &[pos_opt("pos")])) {
        let s = st(o)?;
        check_closed(s, "truncate of closed file")?;
        if !s.writable {
            return Err(unsupported("truncate"));
        }
        flush_writes(s)?;
        rewind_reads(s)?;
        let p = a.get(0).unwrap_or(lifecycle::none());
        call_method(raw_of(s).as_ptr(), "truncate", &[p])
    }
}

/// Methods that only forward to the raw stream.
macro_rules! forward {
    ($name:ident, $py:literal) => {
        fastcall! {
            /// Forwarded to the raw stream.
            fn $name(o, _a = Sig::new($py, &[])) {
                let s = st(o)?;
                call_method(raw_of(s).as_ptr(), $py, &[])
            }
        }
    };
}
forward!(b_fileno, "fileno");
forward!(b_isatty, "isatty");
forward!(b_seekable, "seekable");
forward!(b_readable, "readable");
forward!(b_writable, "writable");

fastcall! {
    /// `_dealloc_warn(source, /)`: forwarded.
    fn b_dealloc_warn(o, a = Sig::new("_dealloc_warn", &[pos("source")])) {
        if let Ok(s) = st(o) {
            let raw = raw_of(s);
            if let Ok(Some(m)) = abstract_::lookup_attr(raw.as_ptr(), unicode::intern("_dealloc_warn")?.as_ptr()) {
                let _ = call::call_args(m.as_ptr(), &[a.req(0)]);
                err::clear();
            }
        }
        Ok(none())
    }
}

unsafe extern "C" fn get_raw(o: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getter on a live object.
    err::into_ptr(unsafe { st(o).map(|s| raw_of(s)) })
}

/// A getter forwarding an attribute of the raw stream.
macro_rules! raw_attr {
    ($name:ident, $py:literal) => {
        unsafe extern "C" fn $name(o: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
            // SAFETY: getter on a live object.
            err::into_ptr(unsafe { st(o).and_then(|s| attr(raw_of(s).as_ptr(), $py)) })
        }
    };
}
raw_attr!(get_closed, "closed");
raw_attr!(get_name, "name");
raw_attr!(get_mode, "mode");

unsafe extern "C" fn buffered_repr(o: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live object.
    unsafe {
        let r = (|| -> PyResult<Owned> {
            let tn = super::fileio::tp_name(o);
            let name = match abstract_::lookup_attr(o, unicode::intern("name")?.as_ptr()) {
                Ok(n) => n,
                Err(e) => {
                    if !err::given_matches(err::occurred(), exceptions::get(Exc::ValueError)) {
                        return Err(e);
                    }
                    err::clear();
                    None
                }
            };
            match name {
                None => unicode::from_str(&format!("<{tn}>")),
                Some(n) => {
                    let r = abstract_::repr_string(n.as_ptr())?;
                    unicode::from_str(&format!("<{tn} name={r}>"))
                }
            }
        })();
        err::into_ptr(r)
    }
}

unsafe extern "C" fn buffered_iternext(o: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live object.
    unsafe {
        match call_method(o, "readline", &[]) {
            Ok(line) => match abstract_::size(line.as_ptr()) {
                Ok(0) => ptr::null_mut(),
                Ok(_) => line.into_raw(),
                Err(e) => e.into(),
            },
            Err(e) => e.into(),
        }
    }
}

/// `__init__(raw, buffer_size=DEFAULT_BUFFER_SIZE)` for the three types.
unsafe fn buffered_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
    sig: &'static Sig,
    readable: bool,
    writable: bool,
) -> c_int {
    // SAFETY: tp_init contract.
    unsafe {
        let r = (|| -> PyResult<()> {
            let a = sig.bind_call::<2>(args, kw)?;
            let raw = a.req(0);
            if readable && writable {
                super::iobase::check_capability(
                    raw,
                    "seekable",
                    "File or stream is not seekable.",
                )?;
            }
            if readable {
                super::iobase::check_capability(
                    raw,
                    "readable",
                    "File or stream is not readable.",
                )?;
            }
            if writable {
                super::iobase::check_capability(
                    raw,
                    "writable",
                    "File or stream is not writable.",
                )?;
            }
            let size = a.ssize(1, DEFAULT_BUFFER_SIZE as isize)?;
            if size <= 0 {
                return Err(err::value_error("buffer size must be strictly positive"));
            }
            set_state(
                op,
                BufState {
                    raw: Some(Owned::from_borrowed(raw)),
                    ok: true,
                    detached: false,
                    readable,
                    writable,
                    buffer_size: size as usize,
                    ..Default::default()
                },
            );
            if writable {
                super::register_writer(op);
            }
            Ok(())
        })();
        match r {
            Ok(()) => 0,
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn reader_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> c_int {
    static SIG: Sig = Sig::new("BufferedReader", &[arg("raw"), arg_opt("buffer_size")]);
    // SAFETY: forwarded.
    unsafe { buffered_init(op, args, kw, &SIG, true, false) }
}
unsafe extern "C" fn writer_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> c_int {
    static SIG: Sig = Sig::new("BufferedWriter", &[arg("raw"), arg_opt("buffer_size")]);
    // SAFETY: forwarded.
    unsafe { buffered_init(op, args, kw, &SIG, false, true) }
}
unsafe extern "C" fn random_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> c_int {
    static SIG: Sig = Sig::new("BufferedRandom", &[arg("raw"), arg_opt("buffer_size")]);
    // SAFETY: forwarded.
    unsafe { buffered_init(op, args, kw, &SIG, true, true) }
}

static mut READER_METHODS: [PyMethodDef; 19] = [
    def(c"detach", b_detach),
    def(c"flush", b_flush),
    def(c"close", b_close),
    def(c"seekable", b_seekable),
    def(c"readable", b_readable),
    def(c"fileno", b_fileno),
    def(c"isatty", b_isatty),
    def(c"_dealloc_warn", b_dealloc_warn),
    def(c"read", b_read),
    def(c"peek", b_peek),
    def(c"read1", b_read1),
    def(c"readinto", b_readinto),
    def(c"readinto1", b_readinto1),
    def(c"readline", b_readline),
    def(c"seek", b_seek),
    def(c"tell", b_tell),
    def(c"truncate", b_truncate),
    typeobj::METHOD_END,
    typeobj::METHOD_END,
];

static mut WRITER_METHODS: [PyMethodDef; 14] = [
    def(c"detach", b_detach),
    def(c"flush", b_flush),
    def(c"close", b_close),
    def(c"seekable", b_seekable),
    def(c"writable", b_writable),
    def(c"fileno", b_fileno),
    def(c"isatty", b_isatty),
    def(c"_dealloc_warn", b_dealloc_warn),
    def(c"write", b_write),
    def(c"seek", b_seek),
    def(c"tell", b_tell),
    def(c"truncate", b_truncate),
    typeobj::METHOD_END,
    typeobj::METHOD_END,
];

static mut RANDOM_METHODS: [PyMethodDef; 21] = [
    def(c"detach", b_detach),
    def(c"flush", b_flush),
    def(c"close", b_close),
    def(c"seekable", b_seekable),
    def(c"readable", b_readable),
    def(c"writable", b_writable),
    def(c"fileno", b_fileno),
    def(c"isatty", b_isatty),
    def(c"_dealloc_warn", b_dealloc_warn),
    def(c"read", b_read),
    def(c"peek", b_peek),
    def(c"read1", b_read1),
    def(c"readinto", b_readinto),
    def(c"readinto1", b_readinto1),
    def(c"readline", b_readline),
    def(c"write", b_write),
    def(c"seek", b_seek),
    def(c"tell", b_tell),
    def(c"truncate", b_truncate),
    typeobj::METHOD_END,
    typeobj::METHOD_END,
];

static mut GETSET: [PyGetSetDef; 5] = [
    typeobj::getset(c"raw", Some(get_raw)),
    typeobj::getset(c"closed", Some(get_closed)),
    typeobj::getset(c"name", Some(get_name)),
    typeobj::getset(c"mode", Some(get_mode)),
    typeobj::GETSET_END,
];

// ---------------------------------------------------------------- pair

/// The state of a `BufferedRWPair`: a reader and a writer.
#[derive(Default)]
pub(crate) struct PairState {
    reader: Option<Owned>,
    writer: Option<Owned>,
}

impl State for PairState {
    const KIND: Kind = Kind::Pair;
    fn traverse(&self, v: typeobj::visitproc, arg: *mut c_void) -> c_int {
        let r = self
            .reader
            .as_ref()
            .map_or(0, |o| visit(o.as_ptr(), v, arg));
        if r != 0 {
            return r;
        }
        self.writer
            .as_ref()
            .map_or(0, |o| visit(o.as_ptr(), v, arg))
    }
    fn clear(&mut self) {
        self.reader = None;
        self.writer = None;
    }
}

/// The reader (`true`) or writer of a pair.
unsafe fn side(o: *mut PyObject, reader: bool) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let s = state::<PairState>(o)?;
        let p = if reader { &s.reader } else { &s.writer };
        match p {
            Some(p) => Ok(Owned::from_borrowed(p.as_ptr())),
            None => Err(err::value_error("I/O operation on uninitialized object")),
        }
    }
}

unsafe extern "C" fn pair_init(op: *mut PyObject, args: *mut PyObject, kw: *mut PyObject) -> c_int {
    static SIG: Sig = Sig::new(
        "BufferedRWPair",
        &[pos("reader"), pos("writer"), pos_opt("buffer_size")],
    );
    // SAFETY: tp_init contract.
    unsafe {
        let r = (|| -> PyResult<()> {
            if !kw.is_null() && dict::len(kw) > 0 {
                return Err(err::type_error(
                    "BufferedRWPair() takes no keyword arguments",
                ));
            }
            let a = SIG.bind_call::<3>(args, ptr::null_mut())?;
            super::iobase::check_capability(
                a.req(0),
                "readable",
                "File or stream is not readable.",
            )?;
            super::iobase::check_capability(
                a.req(1),
                "writable",
                "File or stream is not writable.",
            )?;
            let size = int(a.ssize(2, DEFAULT_BUFFER_SIZE as isize)? as i64)?;
            let reader = call::call_args(READER as *mut PyObject, &[a.req(0), size.as_ptr()])?;
            let writer = call::call_args(WRITER as *mut PyObject, &[a.req(1), size.as_ptr()])?;
            set_state(
                op,
                PairState {
                    reader: Some(reader),
                    writer: Some(writer),
                },
            );
            Ok(())
        })();
        match r {
            Ok(()) => 0,
            Err(e) => e.into(),
        }
    }
}

/// Pair methods forwarding to one side.
macro_rules! pair_forward {
    ($name:ident, $py:literal, $reader:expr) => {
        fastcall! {
            /// Forwarded to the reader or the writer.
            fn $name(o, a = Sig::new($py, &[pos_opt("arg")])) {
                let t = side(o, $reader)?;
                match a.get(0) {
                    Some(v) => call_method(t.as_ptr(), $py, &[v]),
                    None => call_method(t.as_ptr(), $py, &[]),
                }
            }
        }
    };
}
pair_forward!(p_read, "read", true);
pair_forward!(p_peek, "peek", true);
pair_forward!(p_read1, "read1", true);
pair_forward!(p_readinto, "readinto", true);
pair_forward!(p_readinto1, "readinto1", true);
pair_forward!(p_readable, "readable", true);
pair_forward!(p_write, "write", false);
pair_forward!(p_flush, "flush", false);
pair_forward!(p_writable, "writable", false);

fastcall! {
    /// `BufferedRWPair.close()`: the writer, then the reader.
    fn p_close(o, _a = Sig::new("close", &[])) {
        let w = call_method(side(o, false)?.as_ptr(), "close", &[]);
        let wexc = if w.is_err() { err::take() } else { ptr::null_mut() };
        let r = call_method(side(o, true)?.as_ptr(), "close", &[]);
        if !wexc.is_null() {
            if r.is_err() {
                err::chain1(wexc);
            } else {
                err::restore(wexc);
            }
            return Err(err::Raised::assume());
        }
        r
    }
}

fastcall! {
    /// `BufferedRWPair.isatty()`.
    fn p_isatty(o, _a = Sig::new("isatty", &[])) {
        if call_bool(side(o, false)?.as_ptr(), "isatty")? {
            return Ok(long::bool_from(true));
        }
        call_method(side(o, true)?.as_ptr(), "isatty", &[])
    }
}

unsafe extern "C" fn pair_closed(o: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getter on a live object.
    err::into_ptr(unsafe { side(o, false).and_then(|w| attr(w.as_ptr(), "closed")) })
}

static mut PAIR_METHODS: [PyMethodDef; 12] = [
    def(c"read", p_read),
    def(c"peek", p_peek),
    def(c"read1", p_read1),
    def(c"readinto", p_readinto),
    def(c"readinto1", p_readinto1),
    def(c"write", p_write),
    def(c"flush", p_flush),
    def(c"readable", p_readable),
    def(c"writable", p_writable),
    def(c"close", p_close),
    def(c"isatty", p_isatty),
    typeobj::METHOD_END,
];

static mut PAIR_GETSET: [PyGetSetDef; 2] = [
    typeobj::getset(c"closed", Some(pair_closed)),
    typeobj::GETSET_END,
];

/// Makes the four types.
pub(crate) unsafe fn init_types(out: &mut Vec<(&'static str, *mut PyTypeObject)>) -> PyResult<()> {
    // SAFETY: start-up under the GIL.
    unsafe {
        let base = super::iobase::buffered_type();
        let make = |name: &'static CStr,
                    methods: *mut PyMethodDef,
                    init: typeobj::initproc,
                    doc: &'static CStr|
         -> PyResult<*mut PyTypeObject> {
            let mut s = super::iobase::spec(name, base, doc);
            s.methods = methods;
            s.getset = ptr::addr_of_mut!(GETSET).cast();
            s.new = Some(new_with::<BufState>);
            s.init = init;
            s.repr = Some(buffered_repr);
            s.iternext = Some(buffered_iternext);
            make_type(s)
        };
        READER = make(
            c"_io.BufferedReader",
            ptr::addr_of_mut!(READER_METHODS).cast(),
            Some(reader_init),
            c"Create a new buffered reader using the given readable raw IO object.",
        )?;
        WRITER = make(
            c"_io.BufferedWriter",
            ptr::addr_of_mut!(WRITER_METHODS).cast(),
            Some(writer_init),
            c"A buffer for a writeable sequential RawIO object.",
        )?;
        RANDOM = make(
            c"_io.BufferedRandom",
            ptr::addr_of_mut!(RANDOM_METHODS).cast(),
            Some(random_init),
            c"A buffered interface to random access streams.",
        )?;
        let mut s = super::iobase::spec(
            c"_io.BufferedRWPair",
            base,
            c"A buffered reader and writer object together.",
        );
        s.methods = ptr::addr_of_mut!(PAIR_METHODS).cast();
        s.getset = ptr::addr_of_mut!(PAIR_GETSET).cast();
        s.new = Some(new_with::<PairState>);
        s.init = Some(pair_init);
        PAIR = make_type(s)?;
        out.extend([
            ("BufferedReader", READER),
            ("BufferedWriter", WRITER),
            ("BufferedRandom", RANDOM),
            ("BufferedRWPair", PAIR),
        ]);
        Ok(())
    }
}
