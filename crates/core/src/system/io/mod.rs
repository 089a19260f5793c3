//! The `_io` module of CPython 3.12.1, on which the pure-Python `io.py`
//! stands: the abstract bases `_IOBase`, `_RawIOBase`, `_BufferedIOBase`
//! and `_TextIOBase` (`iobase.rs`), `FileIO` on a file descriptor
//! (`fileio.rs`), `BufferedReader`/`BufferedWriter`/`BufferedRandom`/
//! `BufferedRWPair` (`bufferedio.rs`), `TextIOWrapper` and
//! `IncrementalNewlineDecoder` (`textio.rs`), `BytesIO` (`bytesio.rs`),
//! `StringIO` (`stringio.rs`), and `open`/`open_code`/`text_encoding`
//! with CPython's argument rules (here). `builtins.open` is `_io.open`, and
//! `sys.stdin`/`stdout`/`stderr` are made here at start-up, as CPython's
//! `create_stdio` makes them.
//!
//! Every `_io` object has one layout, `IoObject`: the header, an
//! instance dict and weak references (as CPython's `_IOBase` has), the
//! `_IOBase` closed flag and one boxed Rust state per concrete family,
//! tagged so that a method of one family refuses another's state.

mod bufferedio;
mod bytesio;
mod fileio;
mod iobase;
mod stringio;
mod textio;

use crate::objects::exceptions::{self, Exc};
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyGetSetDef, PyMethodDef, PyTypeObject};
use crate::objects::{dict, long, module, tuple, unicode};
use crate::protocols::clinic::{arg, arg_opt, def, fastcall, Sig};
use crate::protocols::{abstract_, call};
use crate::runtime::err::{self, PyResult};
use crate::runtime::{alloc, gc, lifecycle};
use std::ffi::{c_int, c_void, CStr};
use std::ptr;

/// `io.DEFAULT_BUFFER_SIZE`.
pub(crate) const DEFAULT_BUFFER_SIZE: usize = 8192;

/// The layout of every `_io` object.
#[repr(C)]
pub(crate) struct IoObject {
    ob_base: PyObject,
    dict: *mut PyObject,
    weakrefs: *mut PyObject,
    /// `_IOBase.close()` ran (CPython's `__IOBase_closed` attribute).
    closed: bool,
    /// Which family's state `state` holds ([`Kind`]).
    kind: u8,
    /// Set while a finalizer closes the object (`_finalizing`).
    finalizing: bool,
    /// The family's boxed state, or NULL before `__new__` made one.
    state: *mut c_void,
}

/// The families of state.
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Kind {
    File = 1,
    Buffered = 2,
    Text = 3,
    Bytes = 4,
    Str = 5,
    Newline = 6,
    Pair = 7,
}

/// A family's state.
pub(crate) trait State: Default {
    /// Its tag.
    const KIND: Kind;
    /// Visits the objects it holds.
    fn traverse(&self, _visit: typeobj::visitproc, _arg: *mut c_void) -> c_int {
        0
    }
    /// Drops the objects it holds (breaking cycles).
    fn clear(&mut self) {}
}

/// Visits `o` if not NULL.
pub(crate) fn visit(o: *mut PyObject, visit: typeobj::visitproc, arg: *mut c_void) -> c_int {
    match visit {
        // SAFETY: the collector's visitor on a live object.
        Some(f) if !o.is_null() => unsafe { f(o, arg) },
        _ => 0,
    }
}

/// The state of `op`, or `ValueError` when it has none of this family.
///
/// # Safety
/// `op` a live `_io` object; the state must not be replaced while the
/// reference is used.
pub(crate) unsafe fn state<'a, T: State>(op: *mut PyObject) -> PyResult<&'a mut T> {
    // SAFETY: forwarded; a non-NULL state of this kind is a `Box<T>`.
    unsafe {
        let o = op as *mut IoObject;
        if (*o).state.is_null() || (*o).kind != T::KIND as u8 {
            return Err(err::value_error("I/O operation on uninitialized object"));
        }
        Ok(&mut *((*o).state as *mut T))
    }
}

/// Whether `_IOBase.close` ran on `op`.
///
/// # Safety
/// `op` a live `_io` object.
pub(crate) unsafe fn base_closed(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { (*(op as *mut IoObject)).closed }
}

/// Marks `op` closed (or not) for `_IOBase`.
///
/// # Safety
/// `op` a live `_io` object.
pub(crate) unsafe fn set_base_closed(op: *mut PyObject, v: bool) {
    // SAFETY: forwarded.
    unsafe { (*(op as *mut IoObject)).closed = v }
}

/// The text wrappers and buffered writers alive (addresses), flushed at
/// exit as CPython's finalization flushes them when it frees them.
static mut WRITERS: Option<std::collections::HashSet<usize>> = None;

/// Registers a live writer for the flush at exit.
///
/// # Safety
/// Under the GIL; `op` live.
pub(crate) unsafe fn register_writer(op: *mut PyObject) {
    // SAFETY: the set is only touched under the GIL.
    unsafe {
        (*ptr::addr_of_mut!(WRITERS))
            .get_or_insert_with(Default::default)
            .insert(op as usize);
    }
}

/// Drops the state of `o` (by its kind).
unsafe fn drop_state(o: *mut IoObject) {
    // SAFETY: a non-NULL state is the box of its kind.
    unsafe {
        let p = std::mem::replace(&mut (*o).state, ptr::null_mut());
        if p.is_null() {
            return;
        }
        match (*o).kind {
            1 => drop(Box::from_raw(p as *mut fileio::FileState)),
            2 => drop(Box::from_raw(p as *mut bufferedio::BufState)),
            3 => drop(Box::from_raw(p as *mut textio::TextState)),
            4 => drop(Box::from_raw(p as *mut bytesio::BytesState)),
            5 => drop(Box::from_raw(p as *mut stringio::StrState)),
            6 => drop(Box::from_raw(p as *mut textio::NlState)),
            7 => drop(Box::from_raw(p as *mut bufferedio::PairState)),
            _ => {}
        }
    }
}

/// Runs `f` on the state of `o` as the trait object of its kind.
unsafe fn with_state<R>(o: *mut IoObject, f: impl FnOnce(&mut dyn StateDyn) -> R) -> Option<R> {
    // SAFETY: a non-NULL state is the box of its kind.
    unsafe {
        let p = (*o).state;
        if p.is_null() {
            return None;
        }
        Some(match (*o).kind {
            1 => f(&mut *(p as *mut fileio::FileState)),
            2 => f(&mut *(p as *mut bufferedio::BufState)),
            3 => f(&mut *(p as *mut textio::TextState)),
            4 => f(&mut *(p as *mut bytesio::BytesState)),
            5 => f(&mut *(p as *mut stringio::StrState)),
            6 => f(&mut *(p as *mut textio::NlState)),
            7 => f(&mut *(p as *mut bufferedio::PairState)),
            _ => return None,
        })
    }
}

/// [`State`]'s collector hooks as an object-safe trait.
trait StateDyn {
    fn traverse_dyn(&self, visit: typeobj::visitproc, arg: *mut c_void) -> c_int;
    fn clear_dyn(&mut self);
}

impl<T: State> StateDyn for T {
    fn traverse_dyn(&self, v: typeobj::visitproc, arg: *mut c_void) -> c_int {
        self.traverse(v, arg)
    }
    fn clear_dyn(&mut self) {
        self.clear()
    }
}

/// `tp_new` of the families with state `T`: a new object with a default
/// state (`__init__` fills it).
pub(crate) unsafe extern "C" fn new_with<T: State>(
    t: *mut PyTypeObject,
    _args: *mut PyObject,
    _kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract; `tp_alloc` gives a zeroed object.
    unsafe {
        let op = match base_new(t) {
            Ok(op) => op,
            Err(e) => return e.into(),
        };
        let o = op as *mut IoObject;
        (*o).kind = T::KIND as u8;
        (*o).state = Box::into_raw(Box::<T>::default()) as *mut c_void;
        op
    }
}

/// A zeroed object of `t`.
unsafe fn base_new(t: *mut PyTypeObject) -> PyResult<*mut PyObject> {
    // SAFETY: forwarded.
    unsafe {
        let Some(a) = (*t).tp_alloc.or(lifecycle::c_api_slots().alloc) else {
            return Err(err::system_error("type has no tp_alloc"));
        };
        let op = a(t, 0);
        if op.is_null() {
            return Err(err::Raised::assume());
        }
        Ok(op)
    }
}

/// `tp_new` of the abstract bases.
unsafe extern "C" fn base_tp_new(
    t: *mut PyTypeObject,
    _args: *mut PyObject,
    _kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract.
    unsafe { base_new(t).unwrap_or_else(|e| e.into()) }
}

/// Replaces the state of `op` with `s` (`__init__`).
///
/// # Safety
/// `op` a live `_io` object whose type makes states of `T`.
pub(crate) unsafe fn set_state<T: State>(op: *mut PyObject, s: T) {
    // SAFETY: forwarded.
    unsafe {
        let o = op as *mut IoObject;
        drop_state(o);
        (*o).kind = T::KIND as u8;
        (*o).state = Box::into_raw(Box::new(s)) as *mut c_void;
    }
}

pub(crate) unsafe extern "C" fn io_traverse(
    op: *mut PyObject,
    v: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: collector contract on a live object.
    unsafe {
        let o = op as *mut IoObject;
        let r = visit((*o).dict, v, arg);
        if r != 0 {
            return r;
        }
        with_state(o, |s| s.traverse_dyn(v, arg)).unwrap_or(0)
    }
}

pub(crate) unsafe extern "C" fn io_clear(op: *mut PyObject) -> c_int {
    // SAFETY: collector contract on a live object.
    unsafe {
        let o = op as *mut IoObject;
        with_state(o, |s| s.clear_dyn());
        let d = std::mem::replace(&mut (*o).dict, ptr::null_mut());
        xdecref(d);
        0
    }
}

/// `tp_dealloc` of every `_io` type: the finalizer (closing the object)
/// first, as CPython's deallocators do, then the state and the fields.
pub(crate) unsafe extern "C" fn io_dealloc(op: *mut PyObject) {
    // SAFETY: the reference count reached zero.
    unsafe {
        let t = (*op).ob_type;
        if (*t).tp_finalize.is_some() && !gc::is_finalized(op) {
            (*op).ob_refcnt = 1;
            let saved = err::take();
            gc::call_finalizer(op);
            err::restore(saved);
            (*op).ob_refcnt -= 1;
            if (*op).ob_refcnt != 0 {
                return;
            }
        }
        gc::untrack(op);
        let o = op as *mut IoObject;
        if let Some(w) = (*ptr::addr_of_mut!(WRITERS)).as_mut() {
            w.remove(&(op as usize));
        }
        if !(*o).weakrefs.is_null() {
            crate::objects::weakref::clear_weakrefs(op);
        }
        drop_state(o);
        let d = std::mem::replace(&mut (*o).dict, ptr::null_mut());
        xdecref(d);
        match (*t).tp_free {
            Some(f) => f(op as *mut c_void),
            None => alloc::free_object(op),
        }
    }
}

/// `_IOBase`'s `tp_finalize`: closes the object unless it is closed
/// (errors are dropped, as CPython does outside development mode).
unsafe extern "C" fn io_finalize(op: *mut PyObject) {
    // SAFETY: finalizer contract on a live object.
    unsafe {
        let saved = err::take();
        let closed = attr(op, "closed").and_then(|c| abstract_::is_true(c.as_ptr()));
        if let Ok(false) = closed {
            (*(op as *mut IoObject)).finalizing = true;
            let _ = call_method(op, "close", &[]);
        }
        err::clear();
        err::restore(saved);
    }
}

unsafe extern "C" fn get_dict(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getter on a live object.
    err::into_ptr(unsafe { crate::protocols::attr::generic_get_dict(op) })
}

unsafe extern "C" fn set_dict(op: *mut PyObject, v: *mut PyObject, _c: *mut c_void) -> c_int {
    // SAFETY: setter on a live object.
    match unsafe { crate::protocols::attr::generic_set_dict(op, v) } {
        Ok(()) => 0,
        Err(e) => e.into(),
    }
}

/// The getset entry of `__dict__` every base carries.
pub(crate) const DICT_GETSET: PyGetSetDef =
    typeobj::getset_rw(c"__dict__", Some(get_dict), Some(set_dict));

/// What a type of the module is made from.
pub(crate) struct TypeSpec {
    pub name: &'static CStr,
    pub base: *mut PyTypeObject,
    pub methods: *mut PyMethodDef,
    pub getset: *mut PyGetSetDef,
    pub new: typeobj::newfunc,
    pub init: typeobj::initproc,
    pub repr: typeobj::reprfunc,
    pub iter: typeobj::getiterfunc,
    pub iternext: typeobj::iternextfunc,
    pub doc: &'static CStr,
}

/// Makes and readies one `_io` type.
pub(crate) unsafe fn make_type(s: TypeSpec) -> PyResult<*mut PyTypeObject> {
    // SAFETY: start-up under the GIL; the type lives for the process.
    unsafe {
        let t = lifecycle::leak_type();
        (*t).tp_name = s.name.as_ptr();
        (*t).tp_doc = s.doc.as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<IoObject>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::BASETYPE | flags::HAVE_GC;
        (*t).tp_base = s.base;
        (*t).tp_dealloc = Some(io_dealloc);
        (*t).tp_traverse = Some(io_traverse);
        (*t).tp_clear = Some(io_clear);
        (*t).tp_finalize = Some(io_finalize);
        (*t).tp_getattro = lifecycle::c_api_slots().getattro;
        (*t).tp_setattro = lifecycle::c_api_slots().setattro;
        (*t).tp_methods = s.methods;
        (*t).tp_getset = s.getset;
        (*t).tp_dictoffset = std::mem::offset_of!(IoObject, dict) as isize;
        (*t).tp_weaklistoffset = std::mem::offset_of!(IoObject, weakrefs) as isize;
        (*t).tp_new = s.new.or(Some(base_tp_new));
        (*t).tp_init = s.init;
        (*t).tp_repr = s.repr;
        (*t).tp_alloc = lifecycle::c_api_slots().alloc;
        (*t).tp_free = lifecycle::c_api_slots().gc_del;
        if s.iter.is_some() {
            (*t).tp_iter = s.iter;
        }
        if s.iternext.is_some() {
            (*t).tp_iternext = s.iternext;
        }
        typeobj::ready_static(t)?;
        Ok(t)
    }
}

// ---------------------------------------------------------------- helpers

/// None, as a new reference.
pub(crate) fn none() -> Owned {
    // SAFETY: None is immortal.
    unsafe { Owned::from_borrowed(lifecycle::none()) }
}

/// `getattr(o, name)`.
///
/// # Safety
/// `o` live.
pub(crate) unsafe fn attr(o: *mut PyObject, name: &str) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let n = unicode::intern(name)?;
        abstract_::getattr(o, n.as_ptr())
    }
}

/// `o.name(*args)`.
///
/// # Safety
/// `o` and the arguments live.
pub(crate) unsafe fn call_method(
    o: *mut PyObject,
    name: &str,
    args: &[*mut PyObject],
) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let m = attr(o, name)?;
        call::call_args(m.as_ptr(), args)
    }
}

/// `bool(o.name())`.
///
/// # Safety
/// `o` live.
pub(crate) unsafe fn call_bool(o: *mut PyObject, name: &str) -> PyResult<bool> {
    // SAFETY: forwarded.
    unsafe { abstract_::is_true(call_method(o, name, &[])?.as_ptr()) }
}

/// `io.UnsupportedOperation`.
static mut UNSUPPORTED: *mut PyObject = ptr::null_mut();

/// Raises `io.UnsupportedOperation(msg)`.
pub(crate) fn unsupported(msg: &str) -> err::Raised {
    // SAFETY: the type is made before any object of the module exists.
    unsafe { err::set_string(UNSUPPORTED, msg) }
}

/// `ValueError: I/O operation on closed file.`
pub(crate) fn closed_file() -> err::Raised {
    err::value_error("I/O operation on closed file.")
}

/// Raises the `OSError` subclass of `errno` with CPython's message, with
/// `filename` when given.
pub(crate) fn os_error(errno: i32, filename: Option<*mut PyObject>) -> err::Raised {
    // SAFETY: OSError is a live type; the arguments are live.
    unsafe {
        let r = (|| -> PyResult<Owned> {
            let n = long::from_i64(errno as i64)?;
            let msg = unicode::from_str(&crate::runtime::report::strerror(errno))?;
            let args = match filename {
                Some(f) => tuple::new_from(&[n.as_ptr(), msg.as_ptr(), f])?,
                None => tuple::new_from(&[n.as_ptr(), msg.as_ptr()])?,
            };
            call::call(
                exceptions::get(Exc::OSError),
                args.as_ptr(),
                ptr::null_mut(),
            )
        })();
        match r {
            Ok(v) => err::set_object((*v.as_ptr()).ob_type as *mut PyObject, v.as_ptr()),
            Err(e) => e,
        }
    }
}

/// The `errno` of the last failed C call.
pub(crate) fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// Copies the bytes of a bytes-like object (`TypeError` with CPython's
/// message otherwise).
///
/// # Safety
/// `o` live.
pub(crate) unsafe fn buffer_bytes(o: *mut PyObject) -> PyResult<Vec<u8>> {
    // SAFETY: forwarded.
    unsafe {
        if crate::objects::bytes::check(o) {
            return Ok(crate::objects::bytes::as_slice(o).to_vec());
        }
        match crate::objects::bytearray::buffer_bytes(o)? {
            Some(v) => Ok(v),
            None => Err(err::type_error(&format!(
                "a bytes-like object is required, not '{}'",
                typeobj::type_name_of(o)
            ))),
        }
    }
}

/// Writes `data` into the writable buffer `o` (at most its length),
/// returning the number of bytes copied; `len` gives its length first.
///
/// # Safety
/// `o` live.
pub(crate) unsafe fn with_writable<R>(
    o: *mut PyObject,
    f: impl FnOnce(&mut [u8]) -> PyResult<R>,
) -> PyResult<R> {
    use crate::protocols::buffer;
    // SAFETY: forwarded; the view is released after use.
    unsafe {
        let mut view = std::mem::MaybeUninit::<buffer::PyBuffer>::zeroed();
        let v = view.as_mut_ptr();
        if buffer::get(o, v, buffer::flags::WRITABLE).is_err() {
            let e = err::take();
            decref(e);
            return Err(err::type_error(&format!(
                "readinto() argument must be read-write bytes-like object, not {}",
                typeobj::type_name_of(o)
            )));
        }
        let data: &mut [u8] = if (*v).len > 0 {
            std::slice::from_raw_parts_mut((*v).buf as *mut u8, (*v).len as usize)
        } else {
            &mut []
        };
        let r = f(data);
        buffer::release(v);
        r
    }
}

/// `o.readinto(memoryview(b))` with the view released after, as CPython
/// passes a view of its buffer.
///
/// # Safety
/// `o` live, `b` a live bytearray.
pub(crate) unsafe fn readinto_view(o: *mut PyObject, b: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let view = crate::objects::memoryobject::from_object(b)?;
        let r = call_method(o, "readinto", &[view.as_ptr()]);
        let exc = if r.is_err() {
            err::take()
        } else {
            ptr::null_mut()
        };
        let _ = call_method(view.as_ptr(), "release", &[]);
        err::clear();
        if !exc.is_null() {
            err::restore(exc);
        }
        r
    }
}

/// A size argument: an int through `__index__`, or None for `none`.
///
/// # Safety
/// `v` live.
pub(crate) unsafe fn size_arg(v: Option<*mut PyObject>, none_val: isize) -> PyResult<isize> {
    // SAFETY: forwarded.
    unsafe {
        match v {
            None => Ok(none_val),
            Some(v) if v == lifecycle::none() => Ok(none_val),
            Some(v) => {
                if !long::check(v)
                    && (*(*v).ob_type)
                        .tp_as_number
                        .as_ref()
                        .is_none_or(|n| n.nb_index.is_none())
                {
                    return Err(err::type_error(&format!(
                        "argument should be integer or None, not '{}'",
                        typeobj::type_name_of(v)
                    )));
                }
                let i = long::index(v)?;
                long::as_ssize(i.as_ptr())
            }
        }
    }
}

/// An int from a `usize`/`isize`/`i64`.
pub(crate) fn int(v: i64) -> PyResult<Owned> {
    long::from_i64(v)
}

/// The text of a str argument.
///
/// # Safety
/// `s` a live str.
pub(crate) unsafe fn text(s: *mut PyObject) -> String {
    // SAFETY: forwarded.
    unsafe { unicode::as_str(s).into_owned() }
}

// ---------------------------------------------------------------- open

fastcall! {
    /// `open(file, mode='r', buffering=-1, encoding=None, errors=None,
    /// newline=None, closefd=True, opener=None)`.
    fn io_open(_m, a = Sig::new("open", &[arg("file"), arg_opt("mode"), arg_opt("buffering"),
        arg_opt("encoding"), arg_opt("errors"), arg_opt("newline"), arg_opt("closefd"),
        arg_opt("opener")])) {
        let file = a.req(0);
        let mode = match a.str(1)? { Some(m) => text(m), None => "r".to_string() };
        let buffering = a.ssize(2, -1)?;
        let opt_str = |i: usize| -> PyResult<Option<*mut PyObject>> {
            match a.get(i) {
                None => Ok(None),
                Some(v) if v == lifecycle::none() => Ok(None),
                Some(v) if unicode::check(v) => Ok(Some(v)),
                Some(v) => Err(a.bad(i, "str or None", v)),
            }
        };
        let encoding = opt_str(3)?;
        let errors = opt_str(4)?;
        let newline = opt_str(5)?;
        let closefd = match a.get(6) {
            None => true,
            Some(v) => long::as_ssize(long::index(v)?.as_ptr())? != 0,
        };
        let opener = a.get(7).unwrap_or(lifecycle::none());
        open_impl(file, &mode, buffering, encoding, errors, newline, closefd, opener)
    }
}

/// The body of `open()`.
#[allow(clippy::too_many_arguments)]
unsafe fn open_impl(
    file: *mut PyObject,
    mode: &str,
    mut buffering: isize,
    encoding: Option<*mut PyObject>,
    errors: Option<*mut PyObject>,
    newline: Option<*mut PyObject>,
    closefd: bool,
    opener: *mut PyObject,
) -> PyResult<Owned> {
    // SAFETY: live arguments.
    unsafe {
        let is_number = (*(*file).ob_type)
            .tp_as_number
            .as_ref()
            .is_some_and(|n| n.nb_index.is_some() || n.nb_int.is_some() || n.nb_float.is_some());
        let path_or_fd = if is_number {
            Owned::from_borrowed(file)
        } else {
            crate::objects::codecs::fspath(file)?
        };
        let (mut creating, mut reading, mut writing, mut appending, mut updating) =
            (false, false, false, false, false);
        let (mut text, mut binary) = (false, false);
        let invalid = || err::value_error(&format!("invalid mode: '{mode}'"));
        for (i, c) in mode.chars().enumerate() {
            if !"xrwa+tb".contains(c) || mode.chars().skip(i + 1).any(|d| d == c) {
                return Err(invalid());
            }
            match c {
                'x' => creating = true,
                'r' => reading = true,
                'w' => writing = true,
                'a' => appending = true,
                '+' => updating = true,
                't' => text = true,
                _ => binary = true,
            }
        }
        let mut rawmode = String::new();
        if creating {
            rawmode.push('x');
        }
        if reading {
            rawmode.push('r');
        }
        if writing {
            rawmode.push('w');
        }
        if appending {
            rawmode.push('a');
        }
        if updating {
            rawmode.push('+');
        }
        if text && binary {
            return Err(err::value_error("can't have text and binary mode at once"));
        }
        if [creating, reading, writing, appending]
            .iter()
            .filter(|b| **b)
            .count()
            > 1
        {
            return Err(err::value_error(
                "must have exactly one of create/read/write/append mode",
            ));
        }
        if binary && encoding.is_some() {
            return Err(err::value_error(
                "binary mode doesn't take an encoding argument",
            ));
        }
        if binary && errors.is_some() {
            return Err(err::value_error(
                "binary mode doesn't take an errors argument",
            ));
        }
        if binary && newline.is_some() {
            return Err(err::value_error(
                "binary mode doesn't take a newline argument",
            ));
        }
        if binary && buffering == 1 {
            crate::runtime::report::warn(
                exceptions::get(Exc::RuntimeWarning),
                "line buffering (buffering=1) isn't supported in binary mode, the default buffer size will be used",
            )?;
        }
        let rawmode_o = unicode::from_str(&rawmode)?;
        let closefd_o = long::bool_from(closefd);
        let raw = call::call_args(
            FILEIO_TYPE as *mut PyObject,
            &[
                path_or_fd.as_ptr(),
                rawmode_o.as_ptr(),
                closefd_o.as_ptr(),
                opener,
            ],
        )?;
        let result = (|| -> PyResult<Owned> {
            let mut line_buffering = false;
            if buffering == 1 || (buffering < 0 && call_bool(raw.as_ptr(), "isatty")?) {
                buffering = -1;
                line_buffering = true;
            }
            if buffering < 0 {
                buffering = fileio::blksize(raw.as_ptr()) as isize;
            }
            if buffering == 0 {
                if binary {
                    return Ok(Owned::from_borrowed(raw.as_ptr()));
                }
                return Err(err::value_error("can't have unbuffered text I/O"));
            }
            let t = if updating {
                bufferedio::random_type()
            } else if creating || writing || appending {
                bufferedio::writer_type()
            } else {
                bufferedio::reader_type()
            };
            let bs = long::from_i64(buffering as i64)?;
            let buffer = call::call_args(t as *mut PyObject, &[raw.as_ptr(), bs.as_ptr()])?;
            if binary {
                return Ok(buffer);
            }
            let n = lifecycle::none();
            let lb = long::bool_from(line_buffering);
            let wrapper = call::call_args(
                textio::wrapper_type() as *mut PyObject,
                &[
                    buffer.as_ptr(),
                    encoding.unwrap_or(n),
                    errors.unwrap_or(n),
                    newline.unwrap_or(n),
                    lb.as_ptr(),
                ],
            );
            let wrapper = match wrapper {
                Ok(w) => w,
                Err(e) => {
                    let exc = err::take();
                    let _ = call_method(buffer.as_ptr(), "close", &[]);
                    err::clear();
                    err::restore(exc);
                    return Err(e);
                }
            };
            let m = unicode::from_str(mode)?;
            abstract_::setattr(
                wrapper.as_ptr(),
                unicode::intern("mode")?.as_ptr(),
                m.as_ptr(),
            )?;
            Ok(wrapper)
        })();
        if result.is_err() {
            let exc = err::take();
            let _ = call_method(raw.as_ptr(), "close", &[]);
            err::clear();
            err::restore(exc);
        }
        result
    }
}

fastcall! {
    /// `open_code(path)`: `open(path, 'rb')`.
    fn io_open_code(_m, a = Sig::new("open_code", &[arg("path")])) {
        let p = a.req_str(0)?;
        open_impl(p, "rb", -1, None, None, None, true, lifecycle::none())
    }
}

fastcall! {
    /// `text_encoding(encoding, stacklevel=2, /)`: the encoding, or
    /// `"locale"` for None.
    fn io_text_encoding(_m, a = Sig::new("text_encoding",
        &[crate::protocols::clinic::pos("encoding"), crate::protocols::clinic::pos_opt("stacklevel")])) {
        let e = a.req(0);
        if e != lifecycle::none() {
            return Ok(Owned::from_borrowed(e));
        }
        unicode::from_str("locale")
    }
}

static mut FUNCS: [PyMethodDef; 4] = [
    def(c"open", io_open),
    def(c"open_code", io_open_code),
    def(c"text_encoding", io_text_encoding),
    typeobj::METHOD_END,
];

/// `FileIO`, for `open`.
static mut FILEIO_TYPE: *mut PyTypeObject = ptr::null_mut();

/// The `_io` module, made once.
static mut MODULE: *mut PyObject = ptr::null_mut();

/// Makes the types and the module (once per process).
unsafe fn init_module() -> PyResult<*mut PyObject> {
    // SAFETY: under the GIL; the objects live for the process.
    unsafe {
        if !MODULE.is_null() {
            return Ok(MODULE);
        }
        let bases = tuple::new_from(&[
            exceptions::get(Exc::OSError),
            exceptions::get(Exc::ValueError),
        ])?;
        let u = crate::runtime::report::new_exception(
            c"io.UnsupportedOperation",
            None,
            bases.as_ptr(),
            ptr::null_mut(),
        )?;
        UNSUPPORTED = u.into_raw();
        let mut types: Vec<(&str, *mut PyTypeObject)> = Vec::new();
        iobase::init_types(&mut types)?;
        fileio::init_type(&mut types)?;
        FILEIO_TYPE = fileio::file_type();
        bytesio::init_type(&mut types)?;
        stringio::init_type(&mut types)?;
        bufferedio::init_types(&mut types)?;
        textio::init_types(&mut types)?;

        let name = unicode::intern("_io")?;
        let m = module::new(name.as_ptr())?;
        crate::objects::moduledef::add_functions(m.as_ptr(), ptr::addr_of_mut!(FUNCS).cast())?;
        let d = module::dict_of(m.as_ptr());
        let size = long::from_i64(DEFAULT_BUFFER_SIZE as i64)?;
        let mut items: Vec<(&str, *mut PyObject)> = vec![
            ("DEFAULT_BUFFER_SIZE", size.as_ptr()),
            ("UnsupportedOperation", UNSUPPORTED),
            ("BlockingIOError", exceptions::get(Exc::BlockingIOError)),
        ];
        items.extend(types.iter().map(|(n, t)| (*n, *t as *mut PyObject)));
        for (k, v) in items {
            let key = unicode::intern(k)?;
            dict::set(d, key.as_ptr(), v)?;
        }
        MODULE = m.into_raw();
        Ok(MODULE)
    }
}

/// Creates the `_io` module (for the builtin module table).
pub fn create_module() -> PyResult<Owned> {
    // SAFETY: the runtime is initialized.
    unsafe { Ok(Owned::from_borrowed(init_module()?)) }
}

/// Start-up: the module's types, `builtins.open`, and the three standard
/// streams as CPython makes them (`sys.stdin`, `sys.stdout`,
/// `sys.stderr`, in that order).
pub(crate) unsafe fn init_stdio() -> PyResult<[Owned; 3]> {
    // SAFETY: start-up under the GIL.
    unsafe {
        let m = init_module()?;
        let open = abstract_::getattr(m, unicode::intern("open")?.as_ptr())?;
        let bd = crate::system::builtins::dict();
        dict::set(bd, unicode::intern("open")?.as_ptr(), open.as_ptr())?;
        let unbuffered = std::env::var_os("PYTHONUNBUFFERED").is_some_and(|v| !v.is_empty());
        Ok([
            create_stdio(0, false, unbuffered, "<stdin>", "surrogateescape")?,
            create_stdio(1, true, unbuffered, "<stdout>", "surrogateescape")?,
            create_stdio(2, true, unbuffered, "<stderr>", "backslashreplace")?,
        ])
    }
}

/// One standard stream (None when `fd` is not open): `FileIO(fd,
/// closefd=False)` named `name`, under a
/// buffered stream (none for unbuffered output), under a `TextIOWrapper`
/// (UTF-8, newline `"\n"`, line-buffered on a terminal and for stderr,
/// write-through when unbuffered) whose `mode` is `"r"` or `"w"`.
unsafe fn create_stdio(
    fd: i32,
    write: bool,
    unbuffered: bool,
    name: &str,
    errors: &str,
) -> PyResult<Owned> {
    // SAFETY: start-up under the GIL; `fcntl` only queries the descriptor.
    unsafe {
        // A closed descriptor gives None, as CPython's `is_valid_fd`.
        if libc::fcntl(fd, libc::F_GETFD) < 0 {
            return Ok(none());
        }
        let fdo = long::from_i64(fd as i64)?;
        let mode = unicode::from_str(if write { "wb" } else { "rb" })?;
        let f = long::bool_from(false);
        let raw = call::call_args(
            FILEIO_TYPE as *mut PyObject,
            &[fdo.as_ptr(), mode.as_ptr(), f.as_ptr()],
        )?;
        let n = unicode::from_str(name)?;
        abstract_::setattr(raw.as_ptr(), unicode::intern("name")?.as_ptr(), n.as_ptr())?;
        let buf = if write && unbuffered {
            Owned::from_borrowed(raw.as_ptr())
        } else {
            let t = if write {
                bufferedio::writer_type()
            } else {
                bufferedio::reader_type()
            };
            call::call_args(t as *mut PyObject, &[raw.as_ptr()])?
        };
        let tty = call_bool(raw.as_ptr(), "isatty").unwrap_or(false);
        let line_buffering = !unbuffered && (tty || fd == 2);
        let enc = unicode::from_str("utf-8")?;
        let errs = unicode::from_str(errors)?;
        let nl = unicode::from_str("\n")?;
        let lb = long::bool_from(line_buffering);
        let wt = long::bool_from(unbuffered);
        let stream = call::call_args(
            textio::wrapper_type() as *mut PyObject,
            &[
                buf.as_ptr(),
                enc.as_ptr(),
                errs.as_ptr(),
                nl.as_ptr(),
                lb.as_ptr(),
                wt.as_ptr(),
            ],
        )?;
        let m = unicode::from_str(if write { "w" } else { "r" })?;
        abstract_::setattr(
            stream.as_ptr(),
            unicode::intern("mode")?.as_ptr(),
            m.as_ptr(),
        )?;
        Ok(stream)
    }
}

/// Flushes every open text wrapper (then every buffered writer) still
/// alive, and `sys.stdout` and `sys.stderr` (at exit and before the
/// process ends), dropping errors: what CPython's finalization writes
/// when it frees them.
pub fn flush_open_writers() {
    // SAFETY: under the GIL; errors are cleared; each object is held
    // while it is flushed.
    unsafe {
        let saved = err::take();
        let live: Vec<usize> = (*ptr::addr_of!(WRITERS))
            .as_ref()
            .map(|w| w.iter().copied().collect())
            .unwrap_or_default();
        let mut objs: Vec<Owned> = live
            .into_iter()
            .map(|a| Owned::from_borrowed(a as *mut PyObject))
            .collect();
        // Text first: its pending text goes to its buffer.
        objs.sort_by_key(|o| (*(o.as_ptr() as *mut IoObject)).kind != Kind::Text as u8);
        for o in &objs {
            let closed = attr(o.as_ptr(), "closed").and_then(|c| abstract_::is_true(c.as_ptr()));
            if let Ok(false) = closed {
                let _ = call_method(o.as_ptr(), "flush", &[]);
            }
            err::clear();
        }
        drop(objs);
        for name in ["stdout", "stderr"] {
            let f = crate::system::sysmodule::get(name);
            if f.is_null() || f == lifecycle::none() {
                continue;
            }
            let f = Owned::from_borrowed(f);
            let closed = attr(f.as_ptr(), "closed").and_then(|c| abstract_::is_true(c.as_ptr()));
            if matches!(closed, Ok(false)) {
                let _ = call_method(f.as_ptr(), "flush", &[]);
            }
            err::clear();
        }
        err::restore(saved);
    }
}
