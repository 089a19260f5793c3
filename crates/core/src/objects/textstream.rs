//! The text streams behind `sys.stdout` and `sys.stderr` until the `io`
//! stack arrives: a small `_io.TextIOWrapper` stand-in that encodes each
//! `write` as UTF-8 with the error handler CPython 3.12 gives the stream
//! (`surrogateescape` for stdout, `backslashreplace` for stderr) and writes
//! the bytes straight to file descriptor 1 or 2.
//!
//! It has what `print`, exception reports and most callers use: `write`
//! (returns the number of characters), `flush`, `fileno`, `isatty`,
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
    /// The file descriptor written to.
    fd: i32,
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

static mut METHODS: [PyMethodDef; 8] = [
    method(c"write", stream_write, meth::O),
    method(c"flush", stream_flush, meth::NOARGS),
    method(c"fileno", stream_fileno, meth::NOARGS),
    method(c"isatty", stream_isatty, meth::NOARGS),
    method(c"readable", stream_false, meth::NOARGS),
    method(c"writable", stream_true, meth::NOARGS),
    method(c"seekable", stream_false, meth::NOARGS),
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
        (*t).tp_getset = ptr::addr_of_mut!(GETSET).cast();
        typeobj::ready_static(t)?;
        TYPE = t;
        Ok(())
    }
}

/// A new stream writing to `fd` (1 or 2).
pub fn new(fd: i32) -> PyResult<Owned> {
    // SAFETY: the type is ready (start-up ran `init_type`); the block is
    // large enough for a stream.
    unsafe {
        let op = alloc::new_object(TYPE, std::mem::size_of::<TextStream>())?;
        (*(op as *mut TextStream)).fd = fd;
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

unsafe extern "C" fn stream_true(_op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    long::bool_from(true).into_raw()
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

unsafe extern "C" fn get_mode(_op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    err::into_ptr(unicode::from_str("w"))
}

unsafe extern "C" fn stream_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live stream.
    let fd = unsafe { fd_of(op) };
    err::into_ptr(unicode::from_str(&format!(
        "<_io.TextIOWrapper name='{}' mode='w' encoding='utf-8'>",
        name_for(fd)
    )))
}

unsafe extern "C" fn stream_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; nothing is held.
    unsafe { alloc::free_object(op) }
}
