//! The abstract bases of `_io`: `_IOBase` (closing, the context manager,
//! iteration by lines, `readline`/`readlines`/`writelines` over `read`/
//! `peek`/`write`, the `_check*` helpers), `_RawIOBase` (`read` over
//! `readinto`, `readall` over `read`), `_BufferedIOBase` (`readinto` over
//! `read`) and `_TextIOBase`; what they leave out raises
//! `io.UnsupportedOperation` as in CPython.

use super::*;
use crate::objects::{bytearray, bytes, list};
use crate::protocols::clinic::{pos, pos_opt};

static mut IOBASE: *mut PyTypeObject = ptr::null_mut();
static mut RAWBASE: *mut PyTypeObject = ptr::null_mut();
static mut BUFBASE: *mut PyTypeObject = ptr::null_mut();
static mut TEXTBASE: *mut PyTypeObject = ptr::null_mut();

/// `_RawIOBase`.
pub(crate) fn raw_type() -> *mut PyTypeObject {
    // SAFETY: written once at start-up.
    unsafe { RAWBASE }
}
/// `_BufferedIOBase`.
pub(crate) fn buffered_type() -> *mut PyTypeObject {
    // SAFETY: written once at start-up.
    unsafe { BUFBASE }
}
/// `_TextIOBase`.
pub(crate) fn text_type() -> *mut PyTypeObject {
    // SAFETY: written once at start-up.
    unsafe { TEXTBASE }
}

/// `self.closed` is true: `ValueError`.
///
/// # Safety
/// `op` live.
pub(crate) unsafe fn check_closed(op: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if abstract_::is_true(attr(op, "closed")?.as_ptr())? {
            return Err(closed_file());
        }
        Ok(())
    }
}

/// `self.NAME()` is false: `UnsupportedOperation(msg)`.
///
/// # Safety
/// `op` live.
pub(crate) unsafe fn check_capability(op: *mut PyObject, name: &str, msg: &str) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if !call_bool(op, name)? {
            return Err(unsupported(msg));
        }
        Ok(())
    }
}

fastcall! {
    /// `_IOBase.seek(*args)`: unsupported.
    fn base_seek(_s, _a = Sig::new("seek", &[pos_opt("offset"), pos_opt("whence")])) {
        Err(unsupported("seek"))
    }
}
fastcall! {
    /// `_IOBase.tell()`: `self.seek(0, 1)`.
    fn base_tell(s, _a = Sig::new("tell", &[])) {
        let z = int(0)?;
        let one = int(1)?;
        call_method(s, "seek", &[z.as_ptr(), one.as_ptr()])
    }
}
fastcall! {
    /// `_IOBase.truncate(*args)`: unsupported.
    fn base_truncate(_s, _a = Sig::new("truncate", &[pos_opt("size")])) {
        Err(unsupported("truncate"))
    }
}
fastcall! {
    /// `_IOBase.fileno()`: unsupported.
    fn base_fileno(_s, _a = Sig::new("fileno", &[])) {
        Err(unsupported("fileno"))
    }
}
fastcall! {
    /// `_IOBase.flush()`: only checks the stream is open.
    fn base_flush(s, _a = Sig::new("flush", &[])) {
        if base_closed(s) {
            return Err(closed_file());
        }
        Ok(none())
    }
}
fastcall! {
    /// `_IOBase.close()`: flushes, then marks the stream closed.
    fn base_close(s, _a = Sig::new("close", &[])) {
        if base_closed(s) {
            return Ok(none());
        }
        let r = call_method(s, "flush", &[]);
        set_base_closed(s, true);
        r.map(|_| none())
    }
}
fastcall! {
    /// `seekable()`/`readable()`/`writable()` of `_IOBase`: False.
    fn base_false(_s, _a = Sig::new("seekable", &[])) {
        Ok(long::bool_from(false))
    }
}
fastcall! {
    /// `_IOBase.isatty()`.
    fn base_isatty(s, _a = Sig::new("isatty", &[])) {
        check_closed(s)?;
        Ok(long::bool_from(false))
    }
}
fastcall! {
    /// `_IOBase._checkClosed()`.
    fn base_check_closed(s, _a = Sig::new("_checkClosed", &[pos_opt("args")])) {
        check_closed(s)?;
        Ok(none())
    }
}
fastcall! {
    /// `_IOBase._checkSeekable()`.
    fn base_check_seekable(s, _a = Sig::new("_checkSeekable", &[pos_opt("args")])) {
        check_capability(s, "seekable", "File or stream is not seekable.")?;
        Ok(long::bool_from(true))
    }
}
fastcall! {
    /// `_IOBase._checkReadable()`.
    fn base_check_readable(s, _a = Sig::new("_checkReadable", &[pos_opt("args")])) {
        check_capability(s, "readable", "File or stream is not readable.")?;
        Ok(long::bool_from(true))
    }
}
fastcall! {
    /// `_IOBase._checkWritable()`.
    fn base_check_writable(s, _a = Sig::new("_checkWritable", &[pos_opt("args")])) {
        check_capability(s, "writable", "File or stream is not writable.")?;
        Ok(long::bool_from(true))
    }
}
fastcall! {
    /// `_IOBase.__enter__()`.
    fn base_enter(s, _a = Sig::new("__enter__", &[])) {
        check_closed(s)?;
        Ok(Owned::from_borrowed(s))
    }
}

unsafe extern "C" fn base_exit(
    s: *mut PyObject,
    _args: *const *mut PyObject,
    _n: isize,
) -> *mut PyObject {
    // SAFETY: METH_FASTCALL on a live object.
    err::into_ptr(unsafe { call_method(s, "close", &[]) })
}

fastcall! {
    /// `_IOBase.readline(size=-1, /)`: over `peek` (when there is one)
    /// and `read`.
    fn base_readline(s, a = Sig::new("readline", &[pos_opt("size")])) {
        let limit = size_arg(a.get(0), -1)?;
        let peek = abstract_::lookup_attr(s, unicode::intern("peek")?.as_ptr())?;
        let mut res: Vec<u8> = Vec::new();
        while limit < 0 || (res.len() as isize) < limit {
            let mut nreadahead = 1isize;
            if let Some(p) = &peek {
                let one = int(1)?;
                let ahead = call::call_args(p.as_ptr(), &[one.as_ptr()])?;
                if !bytes::check(ahead.as_ptr()) {
                    return Err(err::raise(Exc::OSError, &format!(
                        "peek() should have returned a bytes object, not '{}'",
                        typeobj::type_name_of(ahead.as_ptr()))));
                }
                let buf = bytes::as_slice(ahead.as_ptr());
                if !buf.is_empty() {
                    let mut n = 0;
                    while n < buf.len() && (limit < 0 || (n as isize) < limit) {
                        n += 1;
                        if buf[n - 1] == b'\n' {
                            break;
                        }
                    }
                    nreadahead = n as isize;
                }
            }
            let k = int(nreadahead as i64)?;
            let b = call_method(s, "read", &[k.as_ptr()])?;
            if !bytes::check(b.as_ptr()) {
                return Err(err::raise(Exc::OSError, &format!(
                    "read() should have returned a bytes object, not '{}'",
                    typeobj::type_name_of(b.as_ptr()))));
            }
            let chunk = bytes::as_slice(b.as_ptr());
            if chunk.is_empty() {
                break;
            }
            res.extend_from_slice(chunk);
            if res.last() == Some(&b'\n') {
                break;
            }
        }
        bytes::from_bytes(&res)
    }
}

/// `readlines(hint=-1, /)` over iteration, for every family.
///
/// # Safety
/// `s` live.
pub(crate) unsafe fn readlines_of(s: *mut PyObject, hint: isize) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let out = list::new(0)?;
        let it = crate::objects::iterobject::get_iter(s)?;
        let mut total = 0isize;
        loop {
            let line = crate::objects::iterobject::next(it.as_ptr())?;
            let Some(line) = line else { break };
            list::append(out.as_ptr(), line.as_ptr())?;
            if hint > 0 {
                total += abstract_::size(line.as_ptr())?;
                if total >= hint {
                    break;
                }
            }
        }
        Ok(out)
    }
}

fastcall! {
    /// `_IOBase.readlines(hint=-1, /)`.
    fn base_readlines(s, a = Sig::new("readlines", &[pos_opt("hint")])) {
        let hint = size_arg(a.get(0), -1)?;
        readlines_of(s, hint)
    }
}

fastcall! {
    /// `_IOBase.writelines(lines, /)`.
    fn base_writelines(s, a = Sig::new("writelines", &[pos("lines")])) {
        check_closed(s)?;
        let it = crate::objects::iterobject::get_iter(a.req(0))?;
        while let Some(line) = crate::objects::iterobject::next(it.as_ptr())? {
            call_method(s, "write", &[line.as_ptr()])?;
        }
        Ok(none())
    }
}

unsafe extern "C" fn base_iter(s: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live object.
    unsafe {
        match check_closed(s) {
            Ok(()) => new_ref(s),
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn base_iternext(s: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live object.
    unsafe {
        match call_method(s, "readline", &[]) {
            Ok(line) => match abstract_::size(line.as_ptr()) {
                Ok(0) => ptr::null_mut(),
                Ok(_) => line.into_raw(),
                Err(e) => e.into(),
            },
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn get_closed(s: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getter on a live object.
    long::bool_from(unsafe { base_closed(s) }).into_raw()
}

static mut IOBASE_METHODS: [PyMethodDef; 21] = [
    def(c"seek", base_seek),
    def(c"tell", base_tell),
    def(c"truncate", base_truncate),
    def(c"flush", base_flush),
    def(c"close", base_close),
    def(c"seekable", base_false),
    def(c"readable", base_false),
    def(c"writable", base_false),
    def(c"_checkClosed", base_check_closed),
    def(c"_checkSeekable", base_check_seekable),
    def(c"_checkReadable", base_check_readable),
    def(c"_checkWritable", base_check_writable),
    def(c"fileno", base_fileno),
    def(c"isatty", base_isatty),
    def(c"__enter__", base_enter),
    PyMethodDef {
        ml_name: c"__exit__".as_ptr(),
        // SAFETY: stored under the signature its flags declare.
        ml_meth: Some(unsafe {
            std::mem::transmute::<crate::protocols::clinic::Fastcall, crate::protocols::clinic::Plain>(
                base_exit,
            )
        }),
        ml_flags: crate::objects::methodobject::meth::FASTCALL,
        ml_doc: ptr::null(),
    },
    def(c"readline", base_readline),
    def(c"readlines", base_readlines),
    def(c"writelines", base_writelines),
    typeobj::METHOD_END,
    typeobj::METHOD_END,
];

static mut IOBASE_GETSET: [PyGetSetDef; 3] = [
    DICT_GETSET,
    typeobj::getset(c"closed", Some(get_closed)),
    typeobj::GETSET_END,
];

// ---------------------------------------------------------------- raw

fastcall! {
    /// `_RawIOBase.read(size=-1, /)`: over `readinto`.
    fn raw_read(s, a = Sig::new("read", &[pos_opt("size")])) {
        let n = size_arg(a.get(0), -1)?;
        if n < 0 {
            return call_method(s, "readall", &[]);
        }
        let b = bytearray::from_bytes(&vec![0u8; n as usize])?;
        let r = readinto_view(s, b.as_ptr())?;
        if r.as_ptr() == lifecycle::none() {
            return Ok(r);
        }
        let got = long::as_ssize(long::index(r.as_ptr())?.as_ptr())?;
        if got < 0 || got > n {
            return Err(err::value_error(&format!(
                "readinto returned {got} outside buffer size {n}")));
        }
        bytes::from_bytes(&bytearray::as_slice(b.as_ptr())[..got as usize])
    }
}

fastcall! {
    /// `_RawIOBase.readall()`: `read` until it gives no data.
    fn raw_readall(s, _a = Sig::new("readall", &[])) {
        let mut out: Vec<u8> = Vec::new();
        let mut any = false;
        loop {
            let k = int(DEFAULT_BUFFER_SIZE as i64)?;
            let data = call_method(s, "read", &[k.as_ptr()])?;
            if data.as_ptr() == lifecycle::none() {
                if !any {
                    return Ok(data);
                }
                break;
            }
            if !bytes::check(data.as_ptr()) {
                return Err(err::type_error("read() should return bytes"));
            }
            let d = bytes::as_slice(data.as_ptr());
            if d.is_empty() {
                break;
            }
            any = true;
            out.extend_from_slice(d);
        }
        bytes::from_bytes(&out)
    }
}

fastcall! {
    /// `_RawIOBase.readinto(buffer, /)`: not implemented.
    fn raw_readinto(_s, _a = Sig::new("readinto", &[pos("buffer")])) {
        Err(err::set_object(exceptions::get(Exc::NotImplementedError), ptr::null_mut()))
    }
}
fastcall! {
    /// `_RawIOBase.write(b, /)`: not implemented.
    fn raw_write(_s, _a = Sig::new("write", &[pos("b")])) {
        Err(err::set_object(exceptions::get(Exc::NotImplementedError), ptr::null_mut()))
    }
}

static mut RAW_METHODS: [PyMethodDef; 5] = [
    def(c"read", raw_read),
    def(c"readall", raw_readall),
    def(c"readinto", raw_readinto),
    def(c"write", raw_write),
    typeobj::METHOD_END,
];

// ---------------------------------------------------------------- buffered

fastcall! {
    /// `_BufferedIOBase.detach()`: unsupported.
    fn buf_detach(_s, _a = Sig::new("detach", &[])) {
        Err(unsupported("detach"))
    }
}
fastcall! {
    /// `_BufferedIOBase.read(size=-1, /)`: unsupported.
    fn buf_read(_s, _a = Sig::new("read", &[pos_opt("size")])) {
        Err(unsupported("read"))
    }
}
fastcall! {
    /// `_BufferedIOBase.read1(size=-1, /)`: unsupported.
    fn buf_read1(_s, _a = Sig::new("read1", &[pos_opt("size")])) {
        Err(unsupported("read1"))
    }
}
fastcall! {
    /// `_BufferedIOBase.write(b, /)`: unsupported.
    fn buf_write(_s, _a = Sig::new("write", &[pos("b")])) {
        Err(unsupported("write"))
    }
}

/// `readinto`/`readinto1` over `read`/`read1`.
unsafe fn readinto_by(s: *mut PyObject, b: *mut PyObject, method: &str) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let len = with_writable(b, |d| Ok(d.len()))?;
        let n = int(len as i64)?;
        let data = call_method(s, method, &[n.as_ptr()])?;
        if !bytes::check(data.as_ptr()) {
            return Err(err::type_error("read() should return bytes"));
        }
        let d = bytes::as_slice(data.as_ptr());
        if d.len() > len {
            return Err(err::value_error(&format!(
                "read() returned too much data: {len} bytes requested, {} returned",
                d.len()
            )));
        }
        with_writable(b, |buf| {
            buf[..d.len()].copy_from_slice(d);
            Ok(())
        })?;
        int(d.len() as i64)
    }
}

fastcall! {
    /// `_BufferedIOBase.readinto(buffer, /)`.
    fn buf_readinto(s, a = Sig::new("readinto", &[pos("buffer")])) {
        readinto_by(s, a.req(0), "read")
    }
}
fastcall! {
    /// `_BufferedIOBase.readinto1(buffer, /)`.
    fn buf_readinto1(s, a = Sig::new("readinto1", &[pos("buffer")])) {
        readinto_by(s, a.req(0), "read1")
    }
}

static mut BUF_METHODS: [PyMethodDef; 7] = [
    def(c"detach", buf_detach),
    def(c"read", buf_read),
    def(c"read1", buf_read1),
    def(c"readinto", buf_readinto),
    def(c"readinto1", buf_readinto1),
    def(c"write", buf_write),
    typeobj::METHOD_END,
];

// ---------------------------------------------------------------- text

fastcall! {
    /// `_TextIOBase.detach()`: unsupported.
    fn text_detach(_s, _a = Sig::new("detach", &[])) {
        Err(unsupported("detach"))
    }
}
fastcall! {
    /// `_TextIOBase.read(size=-1, /)`: unsupported.
    fn text_read(_s, _a = Sig::new("read", &[pos_opt("size")])) {
        Err(unsupported("read"))
    }
}
fastcall! {
    /// `_TextIOBase.readline(size=-1, /)`: unsupported.
    fn text_readline(_s, _a = Sig::new("readline", &[pos_opt("size")])) {
        Err(unsupported("readline"))
    }
}
fastcall! {
    /// `_TextIOBase.write(s, /)`: unsupported.
    fn text_write(_s, _a = Sig::new("write", &[pos("s")])) {
        Err(unsupported("write"))
    }
}

unsafe extern "C" fn get_none(_s: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    none().into_raw()
}

static mut TEXT_METHODS: [PyMethodDef; 5] = [
    def(c"detach", text_detach),
    def(c"read", text_read),
    def(c"readline", text_readline),
    def(c"write", text_write),
    typeobj::METHOD_END,
];

static mut TEXT_GETSET: [PyGetSetDef; 4] = [
    typeobj::getset(c"encoding", Some(get_none)),
    typeobj::getset(c"newlines", Some(get_none)),
    typeobj::getset(c"errors", Some(get_none)),
    typeobj::GETSET_END,
];

/// A [`TypeSpec`] with only a name, a base and a doc.
pub(crate) fn spec(name: &'static CStr, base: *mut PyTypeObject, doc: &'static CStr) -> TypeSpec {
    TypeSpec {
        name,
        base,
        methods: ptr::null_mut(),
        getset: ptr::null_mut(),
        new: None,
        init: None,
        repr: None,
        iter: None,
        iternext: None,
        doc,
    }
}

/// Makes the four bases.
pub(crate) unsafe fn init_types(out: &mut Vec<(&'static str, *mut PyTypeObject)>) -> PyResult<()> {
    // SAFETY: start-up under the GIL.
    unsafe {
        let mut s = spec(
            c"_io._IOBase",
            ptr::null_mut(),
            c"The abstract base class for all I/O classes.",
        );
        s.methods = ptr::addr_of_mut!(IOBASE_METHODS).cast();
        s.getset = ptr::addr_of_mut!(IOBASE_GETSET).cast();
        s.iter = Some(base_iter);
        s.iternext = Some(base_iternext);
        IOBASE = make_type(s)?;
        let mut s = spec(c"_io._RawIOBase", IOBASE, c"Base class for raw binary I/O.");
        s.methods = ptr::addr_of_mut!(RAW_METHODS).cast();
        RAWBASE = make_type(s)?;
        let mut s = spec(
            c"_io._BufferedIOBase",
            IOBASE,
            c"Base class for buffered IO objects.",
        );
        s.methods = ptr::addr_of_mut!(BUF_METHODS).cast();
        BUFBASE = make_type(s)?;
        let mut s = spec(c"_io._TextIOBase", IOBASE, c"Base class for text I/O.");
        s.methods = ptr::addr_of_mut!(TEXT_METHODS).cast();
        s.getset = ptr::addr_of_mut!(TEXT_GETSET).cast();
        TEXTBASE = make_type(s)?;
        out.extend([
            ("_IOBase", IOBASE),
            ("_RawIOBase", RAWBASE),
            ("_BufferedIOBase", BUFBASE),
            ("_TextIOBase", TEXTBASE),
        ]);
        Ok(())
    }
}
