//! The text streams behind `sys.stdin`, `sys.stdout` and `sys.stderr`
//! until the `io` stack arrives: a small `_io.TextIOWrapper` stand-in on
//! file descriptor 0, 1 or 2. Output encodes each `write` as UTF-8 with the
//! error handler CPython 3.12 gives the stream (`surrogateescape` for
//! stdout, `backslashreplace` for stderr) and writes the bytes straight to
//! the descriptor; input reads the descriptor in blocks and decodes lines
//! as UTF-8 with `surrogateescape`.
//!
//! It has what `print`, `input`, exception reports and most callers use:
//! `write` (returns the number of characters), `readline`, `read`,
//! iteration by lines, `flush`, `fileno`, `isatty`,
//! `readable`/`writable`/`seekable`, and the attributes `encoding`,
//! `errors`, `closed`, `name`, `mode`; its repr is CPython's. Unlike
//! CPython's buffered stream it writes through: nothing waits for a flush.

use crate::objects::codecs::{self, Codec};
use crate::objects::methodobject::meth;
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyGetSetDef, PyMethodDef, PyTypeObject};
use crate::runtime::err::{self, PyResult};
use crate::{objects::long, objects::unicode, runtime::alloc, runtime::lifecycle};
use std::ffi::c_void;
use std::io::{IsTerminal, Write};
use std::os::fd::{BorrowedFd, FromRawFd};
use std::ptr;

/// A text stream on a file descriptor.
#[repr(C)]
struct TextStream {
    ob_base: PyObject,
    /// The file descriptor written to or read from.
    fd: i32,
    /// Bytes read from the descriptor and not returned yet (input only).
    pending: Vec<u8>,
}

static mut TYPE: *mut PyTypeObject = ptr::null_mut();

const fn method(
    name: &'static std::ffi::CStr,
    f: unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject,
    flags: std::ffi::c_int,
) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(f),
        ml_flags: flags,
        ml_doc: ptr::null(),
    }
}

static mut METHODS: [PyMethodDef; 10] = [
    method(c"write", stream_write, meth::O),
    method(c"flush", stream_flush, meth::NOARGS),
    method(c"fileno", stream_fileno, meth::NOARGS),
    method(c"isatty", stream_isatty, meth::NOARGS),
    method(c"readable", stream_readable, meth::NOARGS),
    method(c"writable", stream_writable, meth::NOARGS),
    method(c"seekable", stream_false, meth::NOARGS),
    crate::protocols::clinic::def(c"readline", stream_readline),
    crate::protocols::clinic::def(c"read", stream_read),
    typeobj::METHOD_END,
];

static mut GETSET: [PyGetSetDef; 6] = [
    typeobj::getset(c"encoding", Some(get_encoding)),
    typeobj::getset(c"errors", Some(get_errors)),
    typeobj::getset(c"closed", Some(get_closed)),
    typeobj::getset(c"name", Some(get_name)),
    typeobj::getset(c"mode", Some(get_mode)),
    typeobj::GETSET_END,
];

/// Creates the stream type. Start-up only, after the builtin types.
pub(crate) unsafe fn init_type() -> PyResult<()> {
    // SAFETY: start-up on one thread.
    unsafe {
        let t = lifecycle::leak_type();
        (*t).tp_name = c"_io.TextIOWrapper".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<TextStream>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::IMMUTABLETYPE;
        (*t).tp_dealloc = Some(stream_dealloc);
        (*t).tp_repr = Some(stream_repr);
        (*t).tp_getattro = lifecycle::c_api_slots().getattro;
        (*t).tp_methods = ptr::addr_of_mut!(METHODS).cast();
        (*t).tp_iter = Some(stream_iter);
        (*t).tp_iternext = Some(stream_iternext);
        (*t).tp_getset = ptr::addr_of_mut!(GETSET).cast();
        typeobj::ready_static(t)?;
        TYPE = t;
        Ok(())
    }
}

/// A new stream reading `fd` 0 or writing to `fd` 1 or 2.
pub fn new(fd: i32) -> PyResult<Owned> {
    // SAFETY: the type is ready (start-up ran `init_type`); the block is
    // large enough for a stream, and its fields are written before use.
    unsafe {
        let op = alloc::new_object(TYPE, std::mem::size_of::<TextStream>())?;
        (*(op as *mut TextStream)).fd = fd;
        ptr::write(
            ptr::addr_of_mut!((*(op as *mut TextStream)).pending),
            Vec::new(),
        );
        Ok(Owned::from_raw(op))
    }
}

/// The descriptor of a stream.
///
/// # Safety
/// `op` a live stream.
unsafe fn fd_of(op: *mut PyObject) -> i32 {
    // SAFETY: forwarded.
    unsafe { (*(op as *mut TextStream)).fd }
}

/// The error handler CPython 3.12 gives the stream on this descriptor.
fn errors_for(fd: i32) -> &'static str {
    if fd == 2 {
        "backslashreplace"
    } else {
        "surrogateescape"
    }
}

/// Reads up to one line (`limit` characters at most, none for a negative
/// limit; the whole input for `whole`) from an input stream: the bytes
/// before the cut, decoded as UTF-8 with `surrogateescape`.
///
/// # Safety
/// `op` a live stream.
unsafe fn read_text(op: *mut PyObject, limit: i64, whole: bool) -> PyResult<Owned> {
    // SAFETY: forwarded; the stream's fields are initialized.
    let (fd, pending) = unsafe {
        let st = op as *mut TextStream;
        ((*st).fd, &mut (*st).pending)
    };
    if fd != 0 {
        return Err(err::raise(
            crate::objects::exceptions::Exc::OSError,
            "not readable",
        ));
    }
    let mut eof = false;
    loop {
        // The cut: after the first line break (unless reading all), or
        // after `limit` characters, whichever comes first.
        let mut chars = 0i64;
        let mut cut = None;
        for chunk in pending.utf8_chunks() {
            let valid = chunk.valid();
            for (i, c) in valid.char_indices() {
                if limit >= 0 && chars == limit {
                    cut = Some(valid.as_ptr() as usize - pending.as_ptr() as usize + i);
                    break;
                }
                chars += 1;
                if c == '\n' && !whole {
                    cut = Some(valid.as_ptr() as usize - pending.as_ptr() as usize + i + 1);
                    break;
                }
            }
            if cut.is_some() {
                break;
            }
            // Each undecodable byte is one (surrogate-escaped) character;
            // a truncated sequence at the end may complete with more input.
            let bad = chunk.invalid();
            let at = bad.as_ptr() as usize - pending.as_ptr() as usize;
            let at_end = at + bad.len() == pending.len();
            if !bad.is_empty() && (!at_end || eof) {
                if limit >= 0 && chars + bad.len() as i64 > limit {
                    cut = Some(at + (limit - chars) as usize);
                    break;
                }
                chars += bad.len() as i64;
            }
        }
        if cut.is_none() && eof {
            cut = Some(pending.len());
        }
        if let Some(n) = cut {
            let line: Vec<u8> = pending.drain(..n).collect();
            return codecs::decode(&line, Codec::Utf8, Some("surrogateescape"), true)
                .map(|(s, _)| s);
        }
        let mut block = [0u8; 8192];
        // SAFETY: the descriptor belongs to the process; the file is never
        // dropped, so it is not closed.
        let mut f = std::mem::ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(fd) });
        match std::io::Read::read(&mut *f, &mut block) {
            Ok(0) => eof = true,
            Ok(n) => pending.extend_from_slice(&block[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                return Err(err::raise(
                    crate::objects::exceptions::Exc::OSError,
                    &e.to_string(),
                ))
            }
        }
    }
}

/// A `size` argument of `readline`/`read`: an int, or None for no limit.
///
/// # Safety
/// `v` NULL or live.
unsafe fn size_arg(v: Option<*mut PyObject>) -> PyResult<i64> {
    match v {
        None => Ok(-1),
        Some(v) if v == lifecycle::none() => Ok(-1),
        // SAFETY: forwarded; OverflowError is a live type.
        Some(v) => unsafe {
            crate::protocols::number::as_ssize(
                v,
                Some(crate::objects::exceptions::get(
                    crate::objects::exceptions::Exc::OverflowError,
                )),
            )
            .map(|n| n as i64)
        },
    }
}

crate::protocols::clinic::fastcall! {
    /// `readline(size=-1, /)`: the next line with its line break, `''` at
    /// the end of input.
    fn stream_readline(op, a = crate::protocols::clinic::Sig::new("readline",
        &[crate::protocols::clinic::pos_opt("size")])) {
        let limit = size_arg(a.get(0))?;
        read_text(op, limit, false)
    }
}

crate::protocols::clinic::fastcall! {
    /// `read(size=-1, /)`: up to `size` characters, or all the rest.
    fn stream_read(op, a = crate::protocols::clinic::Sig::new("read",
        &[crate::protocols::clinic::pos_opt("size")])) {
        let limit = size_arg(a.get(0))?;
        read_text(op, limit, true)
    }
}

unsafe extern "C" fn stream_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live stream.
    unsafe { new_ref(op) }
}

unsafe extern "C" fn stream_iternext(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live stream; the line is a live str.
    unsafe {
        match read_text(op, -1, false) {
            Ok(line) if unicode::len_chars(line.as_ptr()) == 0 => ptr::null_mut(),
            r => err::into_ptr(r),
        }
    }
}

fn name_for(fd: i32) -> &'static str {
    match fd {
        1 => "<stdout>",
        2 => "<stderr>",
        _ => "<stdin>",
    }
}

/// Writes all of `b` to `fd`; an OS error becomes `OSError` with its errno.
fn write_fd(fd: i32, b: &[u8]) -> PyResult<()> {
    // SAFETY: the descriptor belongs to the process (1 or 2); the file is
    // never dropped, so it is not closed.
    let mut f = std::mem::ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(fd) });
    match f.write_all(b) {
        Ok(()) => Ok(()),
        // SAFETY: OSError is a live type; errno is still the failed write's.
        Err(_) => Err(unsafe {
            crate::runtime::report::set_from_errno(
                crate::objects::exceptions::get(crate::objects::exceptions::Exc::OSError),
                ptr::null_mut(),
                ptr::null_mut(),
            )
        }),
    }
}

unsafe extern "C" fn stream_write(op: *mut PyObject, s: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O on a live stream.
    unsafe {
        if !unicode::check(s) {
            return err::type_error(&format!(
                "write() argument must be str, not {}",
                typeobj::type_name_of(s)
            ))
            .into();
        }
        let fd = fd_of(op);
        if fd == 0 {
            // CPython's is io.UnsupportedOperation, an OSError.
            return err::raise(crate::objects::exceptions::Exc::OSError, "not writable").into();
        }
        let r = codecs::encode(s, Codec::Utf8, Some(errors_for(fd)))
            .and_then(|b| write_fd(fd, &b))
            .and_then(|()| long::from_i64(unicode::len_chars(s) as i64));
        err::into_ptr(r)
    }
}

unsafe extern "C" fn stream_flush(_op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: None is immortal.
    unsafe { new_ref(lifecycle::none()) }
}

unsafe extern "C" fn stream_fileno(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_NOARGS on a live stream.
    err::into_ptr(long::from_i64(unsafe { fd_of(op) } as i64))
}

unsafe extern "C" fn stream_isatty(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_NOARGS on a live stream; the descriptor stays open.
    let tty = unsafe { BorrowedFd::borrow_raw(fd_of(op)) }.is_terminal();
    long::bool_from(tty).into_raw()
}

unsafe extern "C" fn stream_readable(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_NOARGS on a live stream.
    long::bool_from(unsafe { fd_of(op) } == 0).into_raw()
}

unsafe extern "C" fn stream_writable(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_NOARGS on a live stream.
    long::bool_from(unsafe { fd_of(op) } != 0).into_raw()
}

unsafe extern "C" fn stream_false(_op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    long::bool_from(false).into_raw()
}

unsafe extern "C" fn get_encoding(_op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    err::into_ptr(unicode::from_str("utf-8"))
}

unsafe extern "C" fn get_errors(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getter on a live stream.
    err::into_ptr(unicode::from_str(errors_for(unsafe { fd_of(op) })))
}

unsafe extern "C" fn get_closed(_op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    long::bool_from(false).into_raw()
}

unsafe extern "C" fn get_name(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getter on a live stream.
    err::into_ptr(unicode::from_str(name_for(unsafe { fd_of(op) })))
}

fn mode_for(fd: i32) -> &'static str {
    if fd == 0 {
        "r"
    } else {
        "w"
    }
}

unsafe extern "C" fn get_mode(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getter on a live stream.
    err::into_ptr(unicode::from_str(mode_for(unsafe { fd_of(op) })))
}

unsafe extern "C" fn stream_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live stream.
    let fd = unsafe { fd_of(op) };
    err::into_ptr(unicode::from_str(&format!(
        "<_io.TextIOWrapper name='{}' mode='{}' encoding='utf-8'>",
        name_for(fd),
        mode_for(fd)
    )))
}

unsafe extern "C" fn stream_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; the buffer was written by `new` and
    // is dropped once, before the block is freed.
    unsafe {
        ptr::drop_in_place(ptr::addr_of_mut!((*(op as *mut TextStream)).pending));
        alloc::free_object(op)
    }
}
