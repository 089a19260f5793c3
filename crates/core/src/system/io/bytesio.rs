//! `_io.BytesIO`: a binary stream over an in-memory buffer (writes past
//! the end pad with zero bytes, `truncate` keeps the position), with
//! CPython's argument errors; `getbuffer` gives a memoryview over the
//! buffer itself (through a `_BytesIOBuffer` exporter), and while one is
//! held the buffer cannot be written, truncated or closed.

use super::*;
use crate::objects::{bytes, list};
use crate::protocols::clinic::{pos, pos_opt};

/// The state of a `BytesIO`.
#[derive(Default)]
pub(crate) struct BytesState {
    buf: Vec<u8>,
    pos: usize,
    closed: bool,
    /// Views `getbuffer` handed out and not released.
    exports: usize,
}

impl State for BytesState {
    const KIND: Kind = Kind::Bytes;
}

/// The open state of `o`.
unsafe fn st<'a>(o: *mut PyObject) -> PyResult<&'a mut BytesState> {
    // SAFETY: forwarded.
    let s = unsafe { state::<BytesState>(o)? };
    if s.closed {
        return Err(closed_file());
    }
    Ok(s)
}

/// `BufferError` while views of the buffer exist.
fn check_exports(s: &BytesState) -> PyResult<()> {
    if s.exports > 0 {
        return Err(err::raise(
            Exc::BufferError,
            "Existing exports of data: object cannot be re-sized",
        ));
    }
    Ok(())
}

/// Takes up to `n` bytes (all for a negative `n`) from the position.
fn take(s: &mut BytesState, n: isize) -> Vec<u8> {
    let start = s.pos.min(s.buf.len());
    let end = if n < 0 {
        s.buf.len()
    } else {
        (start + n as usize).min(s.buf.len())
    };
    s.pos = end.max(s.pos);
    s.buf[start..end].to_vec()
}

/// The next line (at most `n` bytes for `n >= 0`).
fn line(s: &mut BytesState, n: isize) -> Vec<u8> {
    let start = s.pos.min(s.buf.len());
    let rest = &s.buf[start..];
    let mut end = rest
        .iter()
        .position(|&c| c == b'\n')
        .map_or(rest.len(), |i| i + 1);
    if n >= 0 {
        end = end.min(n as usize);
    }
    s.pos = start + end;
    rest[..end].to_vec()
}

unsafe extern "C" fn bytesio_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> c_int {
    static SIG: Sig = Sig::new("BytesIO", &[arg_opt("initial_bytes")]);
    // SAFETY: tp_init contract.
    unsafe {
        let r = (|| -> PyResult<()> {
            let a = SIG.bind_call::<1>(args, kw)?;
            let buf = match a.get(0) {
                Some(v) if v != lifecycle::none() => buffer_bytes(v)?,
                _ => Vec::new(),
            };
            if let Ok(old) = state::<BytesState>(op) {
                check_exports(old)?;
            }
            set_state(
                op,
                BytesState {
                    buf,
                    ..Default::default()
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

fastcall! {
    /// `getvalue()`.
    fn bio_getvalue(o, _a = Sig::new("getvalue", &[])) {
        bytes::from_bytes(&st(o)?.buf)
    }
}
fastcall! {
    /// `read(size=-1, /)`.
    fn bio_read(o, a = Sig::new("read", &[pos_opt("size")])) {
        let s = st(o)?;
        let n = size_arg(a.get(0), -1)?;
        bytes::from_bytes(&take(s, n))
    }
}
fastcall! {
    /// `read1(size=-1, /)`.
    fn bio_read1(o, a = Sig::new("read1", &[pos_opt("size")])) {
        let s = st(o)?;
        let n = size_arg(a.get(0), -1)?;
        bytes::from_bytes(&take(s, n))
    }
}
fastcall! {
    /// `readline(size=-1, /)`.
    fn bio_readline(o, a = Sig::new("readline", &[pos_opt("size")])) {
        let s = st(o)?;
        let n = size_arg(a.get(0), -1)?;
        bytes::from_bytes(&line(s, n))
    }
}
fastcall! {
    /// `readlines(size=None, /)`.
    fn bio_readlines(o, a = Sig::new("readlines", &[pos_opt("size")])) {
        let s = st(o)?;
        let hint = size_arg(a.get(0), -1)?;
        let out = list::new(0)?;
        let mut total = 0isize;
        loop {
            let l = line(s, -1);
            if l.is_empty() {
                break;
            }
            total += l.len() as isize;
            list::append(out.as_ptr(), bytes::from_bytes(&l)?.as_ptr())?;
            if hint > 0 && total >= hint {
                break;
            }
        }
        Ok(out)
    }
}
fastcall! {
    /// `readinto(buffer, /)`.
    fn bio_readinto(o, a = Sig::new("readinto", &[pos("buffer")])) {
        let s = st(o)?;
        let n = with_writable(a.req(0), |d| {
            let data = take(s, d.len() as isize);
            d[..data.len()].copy_from_slice(&data);
            Ok(data.len())
        })?;
        int(n as i64)
    }
}
fastcall! {
    /// `write(b, /)`.
    fn bio_write(o, a = Sig::new("write", &[pos("b")])) {
        let s = st(o)?;
        check_exports(s)?;
        let data = buffer_bytes(a.req(0))?;
        if !data.is_empty() {
            let end = s.pos + data.len();
            if s.buf.len() < end {
                s.buf.resize(end, 0);
            }
            s.buf[s.pos..end].copy_from_slice(&data);
            s.pos = end;
        }
        int(data.len() as i64)
    }
}
fastcall! {
    /// `writelines(lines, /)`.
    fn bio_writelines(o, a = Sig::new("writelines", &[pos("lines")])) {
        st(o)?;
        let it = crate::objects::iterobject::get_iter(a.req(0))?;
        while let Some(l) = crate::objects::iterobject::next(it.as_ptr())? {
            call_method(o, "write", &[l.as_ptr()])?;
        }
        Ok(none())
    }
}
fastcall! {
    /// `seek(pos, whence=0, /)`.
    fn bio_seek(o, a = Sig::new("seek", &[pos("pos"), pos_opt("whence")])) {
        let s = st(o)?;
        let pos = a.ssize(0, 0)?;
        let whence = a.ssize(1, 0)?;
        if !(0..=2).contains(&whence) {
            return Err(err::value_error(&format!(
                "invalid whence ({whence}, should be 0, 1 or 2)")));
        }
        if pos < 0 && whence == 0 {
            return Err(err::value_error(&format!("negative seek value {pos}")));
        }
        let base = match whence { 1 => s.pos as isize, 2 => s.buf.len() as isize, _ => 0 };
        let p = base.saturating_add(pos).max(0);
        s.pos = p as usize;
        int(p as i64)
    }
}
fastcall! {
    /// `tell()`.
    fn bio_tell(o, _a = Sig::new("tell", &[])) {
        int(st(o)?.pos as i64)
    }
}
fastcall! {
    /// `truncate(size=None, /)`.
    fn bio_truncate(o, a = Sig::new("truncate", &[pos_opt("size")])) {
        let s = st(o)?;
        let n = size_arg(a.get(0), s.pos as isize)?;
        if n < 0 {
            return Err(err::value_error(&format!("negative size value {n}")));
        }
        check_exports(s)?;
        if (n as usize) < s.buf.len() {
            s.buf.truncate(n as usize);
        }
        int(n as i64)
    }
}
fastcall! {
    /// `readable()`/`writable()`/`seekable()`: True while open.
    fn bio_true(o, _a = Sig::new("readable", &[])) {
        st(o)?;
        Ok(long::bool_from(true))
    }
}
fastcall! {
    /// `isatty()`.
    fn bio_isatty(o, _a = Sig::new("isatty", &[])) {
        st(o)?;
        Ok(long::bool_from(false))
    }
}
fastcall! {
    /// `flush()`.
    fn bio_flush(o, _a = Sig::new("flush", &[])) {
        st(o)?;
        Ok(none())
    }
}
fastcall! {
    /// `close()`.
    fn bio_close(o, _a = Sig::new("close", &[])) {
        let s = state::<BytesState>(o)?;
        check_exports(s)?;
        s.closed = true;
        s.buf = Vec::new();
        Ok(none())
    }
}

fastcall! {
    /// `getbuffer()`: a read-write memoryview of the buffer.
    fn bio_getbuffer(o, _a = Sig::new("getbuffer", &[])) {
        st(o)?;
        let t = EXPORTER;
        let Some(alloc_fn) = (*t).tp_alloc else {
            return Err(err::system_error("type has no tp_alloc"));
        };
        let e = err::from_ptr(alloc_fn(t, 0))?;
        (*(e.as_ptr() as *mut Exporter)).source = new_ref(o);
        crate::objects::memoryobject::from_object(e.as_ptr())
    }
}

/// `_io._BytesIOBuffer`: exports the buffer of its `BytesIO`.
#[repr(C)]
struct Exporter {
    ob_base: PyObject,
    source: *mut PyObject,
}

static mut EXPORTER: *mut PyTypeObject = ptr::null_mut();

unsafe extern "C" fn exporter_getbuffer(
    e: *mut PyObject,
    view: *mut crate::protocols::buffer::PyBuffer,
    flags: c_int,
) -> c_int {
    // SAFETY: buffer-protocol slot on a live exporter holding a BytesIO;
    // the buffer cannot be resized while it is exported.
    unsafe {
        let src = (*(e as *mut Exporter)).source;
        let r = (|| -> PyResult<()> {
            let s = st(src)?;
            crate::protocols::buffer::fill_info(
                view,
                e,
                s.buf.as_mut_ptr().cast(),
                s.buf.len() as isize,
                false,
                flags,
            )?;
            s.exports += 1;
            Ok(())
        })();
        match r {
            Ok(()) => 0,
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn exporter_releasebuffer(
    e: *mut PyObject,
    _view: *mut crate::protocols::buffer::PyBuffer,
) {
    // SAFETY: buffer-protocol slot on a live exporter.
    unsafe {
        let src = (*(e as *mut Exporter)).source;
        if let Ok(s) = state::<BytesState>(src) {
            s.exports = s.exports.saturating_sub(1);
        }
    }
}

unsafe extern "C" fn exporter_dealloc(e: *mut PyObject) {
    // SAFETY: the reference count reached zero.
    unsafe {
        let src = std::mem::replace(&mut (*(e as *mut Exporter)).source, ptr::null_mut());
        xdecref(src);
        match (*(*e).ob_type).tp_free {
            Some(f) => f(e.cast()),
            None => crate::runtime::alloc::free_object(e),
        }
    }
}

static mut EXPORTER_BUFFER: typeobj::PyBufferProcs = typeobj::PyBufferProcs {
    bf_getbuffer: Some(exporter_getbuffer),
    bf_releasebuffer: Some(exporter_releasebuffer),
};

unsafe extern "C" fn get_closed(o: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getter on a live object.
    err::into_ptr(unsafe { state::<BytesState>(o).map(|s| long::bool_from(s.closed)) })
}

unsafe extern "C" fn bytesio_iternext(o: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live object.
    unsafe {
        match st(o) {
            Ok(s) => {
                let l = line(s, -1);
                if l.is_empty() {
                    ptr::null_mut()
                } else {
                    err::into_ptr(bytes::from_bytes(&l))
                }
            }
            Err(e) => e.into(),
        }
    }
}

static mut METHODS: [PyMethodDef; 21] = [
    def(c"getvalue", bio_getvalue),
    def(c"read", bio_read),
    def(c"read1", bio_read1),
    def(c"readline", bio_readline),
    def(c"readlines", bio_readlines),
    def(c"readinto", bio_readinto),
    def(c"write", bio_write),
    def(c"writelines", bio_writelines),
    def(c"seek", bio_seek),
    def(c"tell", bio_tell),
    def(c"truncate", bio_truncate),
    def(c"readable", bio_true),
    def(c"writable", bio_true),
    def(c"seekable", bio_true),
    def(c"isatty", bio_isatty),
    def(c"flush", bio_flush),
    def(c"close", bio_close),
    def(c"getbuffer", bio_getbuffer),
    typeobj::METHOD_END,
    typeobj::METHOD_END,
    typeobj::METHOD_END,
];

static mut GETSET: [PyGetSetDef; 2] = [
    typeobj::getset(c"closed", Some(get_closed)),
    typeobj::GETSET_END,
];

/// Makes `BytesIO`.
pub(crate) unsafe fn init_type(out: &mut Vec<(&'static str, *mut PyTypeObject)>) -> PyResult<()> {
    // SAFETY: start-up under the GIL.
    unsafe {
        let mut s = super::iobase::spec(
            c"_io.BytesIO",
            super::iobase::buffered_type(),
            c"Buffered I/O implementation using an in-memory bytes buffer.",
        );
        s.methods = ptr::addr_of_mut!(METHODS).cast();
        s.getset = ptr::addr_of_mut!(GETSET).cast();
        s.new = Some(new_with::<BytesState>);
        s.init = Some(bytesio_init);
        s.iternext = Some(bytesio_iternext);
        let t = make_type(s)?;
        out.push(("BytesIO", t));
        let e = lifecycle::leak_type();
        (*e).tp_name = c"_io._BytesIOBuffer".as_ptr();
        (*e).tp_basicsize = std::mem::size_of::<Exporter>() as isize;
        (*e).tp_flags = flags::DEFAULT | flags::IMMUTABLETYPE;
        (*e).tp_dealloc = Some(exporter_dealloc);
        (*e).tp_getattro = lifecycle::c_api_slots().getattro;
        (*e).tp_as_buffer = ptr::addr_of_mut!(EXPORTER_BUFFER);
        (*e).tp_alloc = lifecycle::c_api_slots().alloc;
        (*e).tp_free = lifecycle::c_api_slots().object_free;
        typeobj::ready_static(e)?;
        EXPORTER = e;
        out.push(("_BytesIOBuffer", e));
        Ok(())
    }
}
