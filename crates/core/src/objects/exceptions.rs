//! The standard exception types with CPython 3.12's hierarchy, and the
//! `BaseException` object (`args`, `str`, `repr`).
//!
//! Instances use CPython 3.12's `PyBaseExceptionObject` layout. The exception
//! issue completes the model (context, cause, tracebacks, notes, OSError
//! subclasses); this module gives every standard type its place in the
//! hierarchy so that matching and messages behave as in CPython.

use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyGetSetDef, PyTypeObject};
use crate::runtime::alloc;
use crate::runtime::err::{self, PyResult};
use crate::{
    objects::dict, objects::tuple, objects::unicode, protocols::abstract_, runtime::lifecycle,
};
use std::ffi::{c_int, c_void};
use std::ptr;

/// CPython 3.12's `PyBaseExceptionObject`.
#[repr(C)]
#[allow(missing_docs)]
pub struct PyBaseExceptionObject {
    pub ob_base: PyObject,
    pub dict: *mut PyObject,
    pub args: *mut PyObject,
    pub notes: *mut PyObject,
    pub traceback: *mut PyObject,
    pub context: *mut PyObject,
    pub cause: *mut PyObject,
    pub suppress_context: u8,
}

/// `OSError` and its subclasses: CPython's `PyOSErrorObject` fields after
/// the common header.
#[repr(C)]
#[allow(missing_docs)]
pub struct PyOSErrorObject {
    pub base: PyBaseExceptionObject,
    pub myerrno: *mut PyObject,
    pub strerror: *mut PyObject,
    pub filename: *mut PyObject,
    pub filename2: *mut PyObject,
    pub written: isize,
}

/// `BaseExceptionGroup` and `ExceptionGroup`: the message and the
/// exceptions after the common header (CPython's layout).
#[repr(C)]
#[allow(missing_docs)]
pub struct PyBaseExceptionGroupObject {
    pub base: PyBaseExceptionObject,
    pub msg: *mut PyObject,
    pub excs: *mut PyObject,
}

/// `SyntaxError` and its subclasses: CPython's `PySyntaxErrorObject`
/// fields after the common header.
#[repr(C)]
#[allow(missing_docs)]
pub struct PySyntaxErrorObject {
    pub base: PyBaseExceptionObject,
    pub msg: *mut PyObject,
    pub filename: *mut PyObject,
    pub lineno: *mut PyObject,
    pub offset: *mut PyObject,
    pub end_lineno: *mut PyObject,
    pub end_offset: *mut PyObject,
    pub text: *mut PyObject,
    pub print_file_and_line: *mut PyObject,
}

macro_rules! exceptions {
    ($( $name:ident : $base:ident ),* $(,)?) => {
        /// The standard exception types, in definition order (bases first).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(missing_docs)]
        pub enum Exc { $($name),* }

        /// (kind, base) for every standard exception, bases first.
        pub const TABLE: &[(Exc, Option<Exc>)] = &[
            $( (Exc::$name, exceptions!(@base $base)) ),*
        ];
    };
    (@base object) => { None };
    (@base $b:ident) => { Some(Exc::$b) };
}

exceptions! {
    BaseException: object,
    BaseExceptionGroup: BaseException,
    GeneratorExit: BaseException,
    KeyboardInterrupt: BaseException,
    SystemExit: BaseException,
    Exception: BaseException,
    ArithmeticError: Exception,
    FloatingPointError: ArithmeticError,
    OverflowError: ArithmeticError,
    ZeroDivisionError: ArithmeticError,
    AssertionError: Exception,
    AttributeError: Exception,
    BufferError: Exception,
    EOFError: Exception,
    ImportError: Exception,
    ModuleNotFoundError: ImportError,
    LookupError: Exception,
    IndexError: LookupError,
    KeyError: LookupError,
    MemoryError: Exception,
    NameError: Exception,
    UnboundLocalError: NameError,
    OSError: Exception,
    BlockingIOError: OSError,
    ChildProcessError: OSError,
    ConnectionError: OSError,
    BrokenPipeError: ConnectionError,
    ConnectionAbortedError: ConnectionError,
    ConnectionRefusedError: ConnectionError,
    ConnectionResetError: ConnectionError,
    FileExistsError: OSError,
    FileNotFoundError: OSError,
    InterruptedError: OSError,
    IsADirectoryError: OSError,
    NotADirectoryError: OSError,
    PermissionError: OSError,
    ProcessLookupError: OSError,
    TimeoutError: OSError,
    ReferenceError: Exception,
    RuntimeError: Exception,
    NotImplementedError: RuntimeError,
    RecursionError: RuntimeError,
    StopAsyncIteration: Exception,
    StopIteration: Exception,
    SyntaxError: Exception,
    IndentationError: SyntaxError,
    TabError: IndentationError,
    SystemError: Exception,
    TypeError: Exception,
    ValueError: Exception,
    UnicodeError: ValueError,
    UnicodeDecodeError: UnicodeError,
    UnicodeEncodeError: UnicodeError,
    UnicodeTranslateError: UnicodeError,
    Warning: Exception,
    BytesWarning: Warning,
    DeprecationWarning: Warning,
    EncodingWarning: Warning,
    FutureWarning: Warning,
    ImportWarning: Warning,
    PendingDeprecationWarning: Warning,
    ResourceWarning: Warning,
    RuntimeWarning: Warning,
    SyntaxWarning: Warning,
    UnicodeWarning: Warning,
    UserWarning: Warning,
}

/// Number of standard exception types.
pub const COUNT: usize = TABLE.len();

static mut TYPES: [*mut PyTypeObject; COUNT] = [ptr::null_mut(); COUNT];
static mut NAMES: Vec<std::ffi::CString> = Vec::new();

/// The type object of a standard exception.
#[inline]
pub fn get(kind: Exc) -> *mut PyObject {
    // SAFETY: written once at start-up, read-only afterwards.
    unsafe { (*ptr::addr_of!(TYPES))[kind as usize] as *mut PyObject }
}

/// The name of a standard exception (e.g. `"ValueError"`).
pub fn name(kind: Exc) -> String {
    format!("{kind:?}")
}

/// Looks a standard exception up by name (used by the C facade to fill the
/// `PyExc_*` symbols).
pub fn by_name(n: &str) -> Option<*mut PyObject> {
    TABLE
        .iter()
        .find(|(k, _)| name(*k) == n)
        .map(|(k, _)| get(*k))
}

/// `tp_init` of `UnicodeDecodeError` (`KIND` 0: encoding, bytes, start,
/// end, reason), `UnicodeEncodeError` (1: encoding, str, start, end,
/// reason) and `UnicodeTranslateError` (2: str, start, end, reason), with
/// CPython's argument errors; the fields are read back from `args`.
unsafe extern "C" fn unicode_error_init<const KIND: u8>(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> c_int {
    // SAFETY: tp_init contract: a tuple and NULL or a dict.
    unsafe {
        let r = (|| -> crate::runtime::err::PyResult<()> {
            if !kw.is_null() && dict::len(kw) > 0 {
                return Err(err::type_error(&format!(
                    "{}() takes no keyword arguments",
                    typeobj::full_name((*op).ob_type)
                )));
            }
            // One letter per argument: U str, B bytes, n index.
            let fmt: &[u8] = match KIND {
                0 => b"UBnnU",
                1 => b"UUnnU",
                _ => b"UnnU",
            };
            let n = tuple::size(args);
            if n != fmt.len() as isize {
                return Err(err::type_error(&format!(
                    "function takes exactly {} arguments ({n} given)",
                    fmt.len()
                )));
            }
            for (i, &f) in fmt.iter().enumerate() {
                let a = tuple::item(args, i as isize);
                match f {
                    b'U' if !crate::objects::unicode::check(a) => {
                        return Err(err::type_error(&format!(
                            "argument {} must be str, not {}",
                            i + 1,
                            typeobj::type_name_of(a)
                        )))
                    }
                    b'B' if !crate::objects::bytes::check(a) => {
                        return Err(err::type_error(&format!(
                            "a bytes-like object is required, not '{}'",
                            typeobj::type_name_of(a)
                        )))
                    }
                    b'n' => {
                        crate::objects::long::as_ssize(crate::objects::long::index(a)?.as_ptr())?;
                    }
                    _ => {}
                }
            }
            Ok(())
        })();
        if let Err(e) = r {
            return e.into();
        }
        exc_init(op, args, kw)
    }
}

/// A getter of `args[i]` (None when `args` is too short).
macro_rules! arg_getter {
    ($name:ident, $i:expr) => {
        unsafe extern "C" fn $name(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
            // SAFETY: getter on an exception; `args` is a tuple.
            unsafe {
                let a = (*(op as *mut PyBaseExceptionObject)).args;
                if !a.is_null() && tuple::check(a) && tuple::size(a) > $i {
                    new_ref(tuple::item(a, $i))
                } else {
                    new_ref(lifecycle::none())
                }
            }
        }
    };
}
arg_getter!(arg0, 0);
arg_getter!(arg1, 1);
arg_getter!(arg2, 2);
arg_getter!(arg3, 3);
arg_getter!(arg4, 4);

static mut UNICODE_ERROR_GETSET: [PyGetSetDef; 6] = [
    typeobj::getset(c"encoding", Some(arg0)),
    typeobj::getset(c"object", Some(arg1)),
    typeobj::getset(c"start", Some(arg2)),
    typeobj::getset(c"end", Some(arg3)),
    typeobj::getset(c"reason", Some(arg4)),
    typeobj::GETSET_END,
];

static mut STOP_ITERATION_GETSET: [PyGetSetDef; 2] =
    [typeobj::getset(c"value", Some(arg0)), typeobj::GETSET_END];

/// `SystemExit.code`: None without arguments, the argument for one, the
/// arguments tuple for more.
unsafe extern "C" fn exit_code(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getter on a SystemExit; `args` is a tuple.
    unsafe {
        let a = (*(op as *mut PyBaseExceptionObject)).args;
        if a.is_null() || !tuple::check(a) || tuple::size(a) == 0 {
            new_ref(lifecycle::none())
        } else if tuple::size(a) == 1 {
            new_ref(tuple::item(a, 0))
        } else {
            new_ref(a)
        }
    }
}

static mut SYSTEM_EXIT_GETSET: [PyGetSetDef; 2] = [
    typeobj::getset(c"code", Some(exit_code)),
    typeobj::GETSET_END,
];

static mut TRANSLATE_ERROR_GETSET: [PyGetSetDef; 5] = [
    typeobj::getset(c"object", Some(arg0)),
    typeobj::getset(c"start", Some(arg1)),
    typeobj::getset(c"end", Some(arg2)),
    typeobj::getset(c"reason", Some(arg3)),
    typeobj::GETSET_END,
];

unsafe extern "C" fn get_suppress(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getter on an exception.
    unsafe {
        crate::objects::long::bool_from((*(op as *mut PyBaseExceptionObject)).suppress_context != 0)
            .into_raw()
    }
}

unsafe extern "C" fn set_suppress(op: *mut PyObject, v: *mut PyObject, _c: *mut c_void) -> c_int {
    // SAFETY: setter on an exception.
    unsafe {
        if v.is_null() {
            return err::type_error("can't delete __suppress_context__ attribute").into();
        }
        match crate::protocols::abstract_::is_true(v) {
            Ok(b) => {
                (*(op as *mut PyBaseExceptionObject)).suppress_context = u8::from(b);
                0
            }
            Err(e) => e.into(),
        }
    }
}

static mut EXC_GETSET: [PyGetSetDef; 6] = [
    PyGetSetDef {
        name: c"args".as_ptr(),
        get: Some(exc_get_args),
        set: Some(exc_set_args),
        doc: ptr::null(),
        closure: ptr::null_mut(),
    },
    field_getset(
        c"__traceback__",
        std::mem::offset_of!(PyBaseExceptionObject, traceback),
    ),
    field_getset(
        c"__context__",
        std::mem::offset_of!(PyBaseExceptionObject, context),
    ),
    field_getset(
        c"__cause__",
        std::mem::offset_of!(PyBaseExceptionObject, cause),
    ),
    typeobj::getset_rw(
        c"__suppress_context__",
        Some(get_suppress),
        Some(set_suppress),
    ),
    typeobj::GETSET_END,
];

/// A getset over one object field of the exception struct (NULL reads as
/// None); the closure is the field's offset.
const fn field_getset(name: &'static std::ffi::CStr, offset: usize) -> PyGetSetDef {
    PyGetSetDef {
        name: name.as_ptr(),
        get: Some(exc_get_field),
        set: Some(exc_set_field),
        doc: ptr::null(),
        closure: offset as *mut c_void,
    }
}

unsafe extern "C" fn exc_get_field(op: *mut PyObject, c: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on exceptions; the closure is an offset of an object
    // field inside PyBaseExceptionObject.
    unsafe {
        let v = *((op as *mut u8).add(c as usize) as *mut *mut PyObject);
        new_ref(if v.is_null() { lifecycle::none() } else { v })
    }
}

unsafe extern "C" fn exc_set_field(op: *mut PyObject, v: *mut PyObject, c: *mut c_void) -> c_int {
    // SAFETY: as for exc_get_field. None stores NULL.
    unsafe {
        if v.is_null() {
            return err::type_error("attribute may not be deleted").into();
        }
        let slot = (op as *mut u8).add(c as usize) as *mut *mut PyObject;
        let new = if v == lifecycle::none() {
            ptr::null_mut()
        } else {
            new_ref(v)
        };
        let old = *slot;
        *slot = new;
        xdecref(old);
        0
    }
}

/// Creates the exception types. Start-up only.
pub(crate) unsafe fn init() {
    // SAFETY: start-up on one thread.
    unsafe {
        let names = &mut *ptr::addr_of_mut!(NAMES);
        for (kind, base) in TABLE {
            names.push(std::ffi::CString::new(name(*kind)).expect("ASCII name"));
            let t = lifecycle::leak_type();
            (*t).tp_name = names.last().expect("just pushed").as_ptr();
            (*t).tp_basicsize = std::mem::size_of::<PyBaseExceptionObject>() as isize;
            (*t).tp_flags =
                flags::DEFAULT | flags::BASETYPE | flags::HAVE_GC | flags::BASE_EXC_SUBCLASS;
            (*t).tp_dictoffset = std::mem::offset_of!(PyBaseExceptionObject, dict) as isize;
            match base {
                None => {
                    (*t).tp_base = lifecycle::object_type();
                    (*t).tp_new = Some(exc_new);
                    (*t).tp_init = Some(exc_init);
                    (*t).tp_dealloc = Some(exc_dealloc);
                    (*t).tp_traverse = Some(exc_traverse);
                    (*t).tp_clear = Some(exc_clear);
                    (*t).tp_repr = Some(exc_repr);
                    (*t).tp_str = Some(exc_str);
                    (*t).tp_getset = ptr::addr_of_mut!(EXC_GETSET) as *mut PyGetSetDef;
                    (*t).tp_methods = ptr::addr_of_mut!(EXC_METHODS) as *mut typeobj::PyMethodDef;
                }
                Some(b) => (*t).tp_base = get(*b) as *mut PyTypeObject,
            }
            if *kind == Exc::KeyError {
                (*t).tp_str = Some(keyerror_str);
            }
            if *kind == Exc::BaseExceptionGroup {
                (*t).tp_basicsize = std::mem::size_of::<PyBaseExceptionGroupObject>() as isize;
                (*t).tp_new = Some(group_new);
                (*t).tp_init = Some(group_init);
                (*t).tp_methods = ptr::addr_of_mut!(GROUP_METHODS) as *mut typeobj::PyMethodDef;
                (*t).tp_str = Some(group_str);
                (*t).tp_dealloc = Some(group_dealloc);
                (*t).tp_traverse = Some(group_traverse);
                (*t).tp_clear = Some(exc_clear);
                (*t).tp_getset = ptr::addr_of_mut!(GROUP_GETSET) as *mut PyGetSetDef;
            }
            if *kind == Exc::SyntaxError {
                (*t).tp_basicsize = std::mem::size_of::<PySyntaxErrorObject>() as isize;
                (*t).tp_init = Some(syntax_init);
                (*t).tp_str = Some(syntax_str);
                (*t).tp_dealloc = Some(syntax_dealloc);
                (*t).tp_traverse = Some(syntax_traverse);
                (*t).tp_clear = Some(exc_clear);
                (*t).tp_members = ptr::addr_of_mut!(SYNTAX_MEMBERS) as *mut typeobj::PyMemberDef;
            } else if base.is_some_and(|b| {
                typeobj::is_subtype(
                    get(b) as *mut PyTypeObject,
                    get(Exc::SyntaxError) as *mut PyTypeObject,
                )
            }) {
                (*t).tp_basicsize = std::mem::size_of::<PySyntaxErrorObject>() as isize;
            }
            if *kind == Exc::OSError {
                (*t).tp_basicsize = std::mem::size_of::<PyOSErrorObject>() as isize;
                (*t).tp_new = Some(oserror_new);
                (*t).tp_init = Some(oserror_init);
                (*t).tp_str = Some(oserror_str);
                (*t).tp_dealloc = Some(oserror_dealloc);
                (*t).tp_traverse = Some(oserror_traverse);
                (*t).tp_clear = Some(exc_clear);
                (*t).tp_members = ptr::addr_of_mut!(OSERROR_MEMBERS) as *mut typeobj::PyMemberDef;
            } else if base.is_some_and(|b| {
                typeobj::is_subtype(
                    get(b) as *mut PyTypeObject,
                    get(Exc::OSError) as *mut PyTypeObject,
                )
            }) {
                (*t).tp_basicsize = std::mem::size_of::<PyOSErrorObject>() as isize;
            }
            if *kind == Exc::UnicodeDecodeError {
                (*t).tp_str = Some(decode_error_str);
                (*t).tp_init = Some(unicode_error_init::<0>);
                (*t).tp_getset = ptr::addr_of_mut!(UNICODE_ERROR_GETSET) as *mut PyGetSetDef;
            }
            if *kind == Exc::UnicodeEncodeError {
                (*t).tp_str = Some(encode_error_str);
                (*t).tp_init = Some(unicode_error_init::<1>);
                (*t).tp_getset = ptr::addr_of_mut!(UNICODE_ERROR_GETSET) as *mut PyGetSetDef;
            }
            if *kind == Exc::StopIteration {
                (*t).tp_getset = ptr::addr_of_mut!(STOP_ITERATION_GETSET) as *mut PyGetSetDef;
            }
            if *kind == Exc::SystemExit {
                (*t).tp_getset = ptr::addr_of_mut!(SYSTEM_EXIT_GETSET) as *mut PyGetSetDef;
            }
            if *kind == Exc::UnicodeTranslateError {
                (*t).tp_init = Some(unicode_error_init::<2>);
                (*t).tp_getset = ptr::addr_of_mut!(TRANSLATE_ERROR_GETSET) as *mut PyGetSetDef;
            }
            (*ptr::addr_of_mut!(TYPES))[*kind as usize] = t;
            if typeobj::ready_static(t).is_err() {
                lifecycle::fatal("Py_Initialize", "cannot create the exception types");
            }
        }
        // ExceptionGroup derives from BaseExceptionGroup and Exception.
        let g = lifecycle::leak_type();
        let beg = get(Exc::BaseExceptionGroup) as *mut PyTypeObject;
        (*g).tp_name = c"ExceptionGroup".as_ptr();
        (*g).tp_basicsize = (*beg).tp_basicsize;
        (*g).tp_flags =
            flags::DEFAULT | flags::BASETYPE | flags::HAVE_GC | flags::BASE_EXC_SUBCLASS;
        (*g).tp_dictoffset = (*beg).tp_dictoffset;
        (*g).tp_base = beg;
        match crate::objects::tuple::new_from(&[beg as *mut PyObject, get(Exc::Exception)]) {
            Ok(b) => (*g).tp_bases = b.into_raw(),
            Err(_) => lifecycle::fatal("Py_Initialize", "cannot create ExceptionGroup"),
        }
        if typeobj::ready_static(g).is_err() {
            lifecycle::fatal("Py_Initialize", "cannot create ExceptionGroup");
        }
        EXCEPTION_GROUP = g;
    }
}

static mut EXCEPTION_GROUP: *mut PyTypeObject = ptr::null_mut();

/// The `ExceptionGroup` type (not a C data symbol in CPython 3.12; reached
/// through `builtins`).
pub fn exception_group() -> *mut PyObject {
    // SAFETY: written once at start-up.
    unsafe { EXCEPTION_GROUP as *mut PyObject }
}

unsafe extern "C" fn exc_new(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    _kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract: `t` is an exception type, `args` a tuple.
    unsafe {
        let size = (*t).tp_basicsize as usize;
        let Ok(op) = alloc::new_gc_object(t, size) else {
            return ptr::null_mut();
        };
        let e = op as *mut PyBaseExceptionObject;
        (*e).args = if args.is_null() {
            match tuple::new_from(&[]) {
                Ok(a) => a.into_raw(),
                Err(_) => {
                    decref(op);
                    return ptr::null_mut();
                }
            }
        } else {
            new_ref(args)
        };
        op
    }
}

unsafe extern "C" fn exc_init(op: *mut PyObject, args: *mut PyObject, kw: *mut PyObject) -> c_int {
    // SAFETY: tp_init contract.
    unsafe {
        if !kw.is_null() && dict::len(kw) > 0 {
            let n = typeobj::full_name((*op).ob_type);
            return err::type_error(&format!("{n}() takes no keyword arguments")).into();
        }
        let e = op as *mut PyBaseExceptionObject;
        incref(args);
        let old = (*e).args;
        (*e).args = args;
        xdecref(old);
        0
    }
}

unsafe extern "C" fn exc_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on an exception.
    unsafe {
        let e = op as *mut PyBaseExceptionObject;
        crate::runtime::gc::visit_all(
            [
                (*e).dict,
                (*e).args,
                (*e).notes,
                (*e).traceback,
                (*e).context,
                (*e).cause,
            ],
            visit,
            arg,
        )
    }
}

/// `tp_clear` of every exception type: drops the base fields (`args`
/// becomes an empty tuple, which the rest of the runtime expects to find).
unsafe extern "C" fn exc_clear(op: *mut PyObject) -> c_int {
    // SAFETY: slot on a live exception; we own every field.
    unsafe {
        let e = op as *mut PyBaseExceptionObject;
        clear_slot(ptr::addr_of_mut!((*e).dict));
        if let Ok(empty) = crate::objects::tuple::new(0) {
            let old = std::mem::replace(&mut (*e).args, empty.into_raw());
            xdecref(old);
        }
        clear_slot(ptr::addr_of_mut!((*e).notes));
        clear_slot(ptr::addr_of_mut!((*e).traceback));
        clear_slot(ptr::addr_of_mut!((*e).context));
        clear_slot(ptr::addr_of_mut!((*e).cause));
        0
    }
}

unsafe extern "C" fn exc_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; we own every field.
    unsafe {
        let e = op as *mut PyBaseExceptionObject;
        clear_slot(ptr::addr_of_mut!((*e).dict));
        clear_slot(ptr::addr_of_mut!((*e).args));
        clear_slot(ptr::addr_of_mut!((*e).notes));
        clear_slot(ptr::addr_of_mut!((*e).traceback));
        clear_slot(ptr::addr_of_mut!((*e).context));
        clear_slot(ptr::addr_of_mut!((*e).cause));
        alloc::free_object(op);
    }
}

/// The `args` tuple of an exception (borrowed).
///
/// # Safety
/// `op` must be a live exception instance.
pub unsafe fn args_of(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe { (*(op as *mut PyBaseExceptionObject)).args }
}

unsafe fn str_of(op: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: `op` is an exception instance whose args is a tuple.
    unsafe {
        let args = args_of(op);
        match tuple::size(args) {
            0 => unicode::from_str(""),
            1 => abstract_::str(tuple::item(args, 0)),
            _ => abstract_::str(args),
        }
    }
}

unsafe extern "C" fn exc_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot.
    err::into_ptr(unsafe { str_of(op) })
}

unsafe extern "C" fn keyerror_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot; KeyError shows a single argument as its repr.
    unsafe {
        let args = args_of(op);
        if tuple::size(args) == 1 {
            return err::into_ptr(abstract_::repr(tuple::item(args, 0)));
        }
        exc_str(op)
    }
}

unsafe extern "C" fn decode_error_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a UnicodeDecodeError.
    unsafe {
        match unicode::decode_error_str(args_of(op)) {
            Some(s) => err::into_ptr(unicode::from_str(&s)),
            None => exc_str(op),
        }
    }
}

unsafe extern "C" fn encode_error_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a UnicodeEncodeError.
    unsafe {
        match unicode::encode_error_str(args_of(op)) {
            Some(s) => err::into_ptr(unicode::from_str(&s)),
            None => exc_str(op),
        }
    }
}

unsafe extern "C" fn exc_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot.
    unsafe {
        let name = typeobj::short_name((*op).ob_type);
        let args = args_of(op);
        let inner = if tuple::size(args) == 1 {
            abstract_::repr_string(tuple::item(args, 0))
        } else {
            abstract_::repr_string(args)
        };
        match inner {
            Ok(s) if tuple::size(args) == 1 => {
                err::into_ptr(unicode::from_str(&format!("{name}({s})")))
            }
            Ok(s) => err::into_ptr(unicode::from_str(&format!("{name}{s}"))),
            Err(_) => ptr::null_mut(),
        }
    }
}

unsafe extern "C" fn exc_get_args(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on exceptions.
    unsafe { new_ref(args_of(op)) }
}

unsafe extern "C" fn exc_set_args(op: *mut PyObject, v: *mut PyObject, _c: *mut c_void) -> c_int {
    // SAFETY: getset on exceptions.
    unsafe {
        if v.is_null() {
            return err::type_error("args may not be deleted").into();
        }
        let t = match abstract_::to_tuple(v) {
            Ok(t) => t,
            Err(r) => return r.into(),
        };
        let e = op as *mut PyBaseExceptionObject;
        let old = (*e).args;
        (*e).args = t.into_raw();
        xdecref(old);
        0
    }
}

/// `BaseException.add_note(note)` for a note given as text: appends to the
/// `__notes__` list in the instance dict, creating it first; `TypeError`
/// when `__notes__` is not a list.
///
/// # Safety
/// `exc` a live exception instance.
pub unsafe fn add_note(exc: *mut PyObject, note: &str) -> crate::runtime::err::PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let name = crate::objects::unicode::intern("__notes__")?;
        let notes = match crate::protocols::abstract_::lookup_attr(exc, name.as_ptr())? {
            Some(n) => n,
            None => {
                let l = crate::objects::list::new(0)?;
                crate::protocols::abstract_::setattr(exc, name.as_ptr(), l.as_ptr())?;
                l
            }
        };
        if !crate::objects::list::check(notes.as_ptr()) {
            return Err(crate::runtime::err::type_error(
                "Cannot add note: __notes__ is not a list",
            ));
        }
        let n = crate::objects::unicode::from_str(note)?;
        crate::objects::list::append(notes.as_ptr(), n.as_ptr())
    }
}

/// The `errno` values CPython maps to `OSError` subclasses.
fn errno_subclass(errno: i64) -> Option<Exc> {
    let e = errno as i32;
    Some(match e {
        x if x == libc_errno::EAGAIN
            || x == libc_errno::EALREADY
            || x == libc_errno::EINPROGRESS =>
        {
            Exc::BlockingIOError
        }
        libc_errno::ECHILD => Exc::ChildProcessError,
        libc_errno::EPIPE | libc_errno::ESHUTDOWN => Exc::BrokenPipeError,
        libc_errno::ECONNABORTED => Exc::ConnectionAbortedError,
        libc_errno::ECONNREFUSED => Exc::ConnectionRefusedError,
        libc_errno::ECONNRESET => Exc::ConnectionResetError,
        libc_errno::EEXIST => Exc::FileExistsError,
        libc_errno::ENOENT => Exc::FileNotFoundError,
        libc_errno::EISDIR => Exc::IsADirectoryError,
        libc_errno::ENOTDIR => Exc::NotADirectoryError,
        libc_errno::EINTR => Exc::InterruptedError,
        libc_errno::EACCES | libc_errno::EPERM => Exc::PermissionError,
        libc_errno::ESRCH => Exc::ProcessLookupError,
        libc_errno::ETIMEDOUT => Exc::TimeoutError,
        _ => return None,
    })
}

/// The Linux `errno` values of [`errno_subclass`].
#[allow(missing_docs)]
mod libc_errno {
    pub const EPERM: i32 = 1;
    pub const ENOENT: i32 = 2;
    pub const ESRCH: i32 = 3;
    pub const EINTR: i32 = 4;
    pub const ECHILD: i32 = 10;
    pub const EAGAIN: i32 = 11;
    pub const EACCES: i32 = 13;
    pub const EEXIST: i32 = 17;
    pub const ENOTDIR: i32 = 20;
    pub const EISDIR: i32 = 21;
    pub const EPIPE: i32 = 32;
    pub const ECONNABORTED: i32 = 103;
    pub const ECONNRESET: i32 = 104;
    pub const ESHUTDOWN: i32 = 108;
    pub const ETIMEDOUT: i32 = 110;
    pub const ECONNREFUSED: i32 = 111;
    pub const EALREADY: i32 = 114;
    pub const EINPROGRESS: i32 = 115;
}

/// `OSError.__new__`: `OSError(errno, ...)` itself becomes the subclass its
/// errno maps to; 2 to 5 arguments fill `errno`, `strerror`, `filename`
/// (and `filename2`, the fifth), and with a filename `args` keeps only the
/// first two.
unsafe extern "C" fn oserror_new(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract: `t` an OSError type, `args` a tuple.
    unsafe {
        let n = tuple::size(args);
        let mut t = t;
        if t == get(Exc::OSError) as *mut PyTypeObject && n >= 2 {
            let e0 = tuple::item(args, 0);
            if crate::objects::long::check(e0) {
                if let crate::objects::long::Val::Small(v) = crate::objects::long::val(e0) {
                    if let Some(sub) = errno_subclass(v) {
                        t = get(sub) as *mut PyTypeObject;
                    }
                }
            }
        }
        let op = exc_new(t, args, kw);
        if op.is_null() {
            return op;
        }
        let o = op as *mut PyOSErrorObject;
        if (2..=5).contains(&n) {
            (*o).myerrno = new_ref(tuple::item(args, 0));
            (*o).strerror = new_ref(tuple::item(args, 1));
            if n >= 3 {
                let f = tuple::item(args, 2);
                if f != lifecycle::none() {
                    (*o).filename = new_ref(f);
                    if n == 5 {
                        let f2 = tuple::item(args, 4);
                        if f2 != lifecycle::none() {
                            (*o).filename2 = new_ref(f2);
                        }
                    }
                    match tuple::slice(args, 0, 2) {
                        Ok(two) => {
                            let e = op as *mut PyBaseExceptionObject;
                            let old = std::mem::replace(&mut (*e).args, two.into_raw());
                            xdecref(old);
                        }
                        Err(_) => {
                            decref(op);
                            return ptr::null_mut();
                        }
                    }
                }
            }
        }
        op
    }
}

/// `OSError.__init__`: the work is done in `__new__` (the arguments were
/// parsed there); keyword arguments are refused as for other exceptions.
unsafe extern "C" fn oserror_init(
    op: *mut PyObject,
    _args: *mut PyObject,
    kw: *mut PyObject,
) -> c_int {
    // SAFETY: tp_init contract.
    unsafe {
        if !kw.is_null() && dict::len(kw) > 0 {
            let n = typeobj::full_name((*op).ob_type);
            return err::type_error(&format!("{n}() takes no keyword arguments")).into();
        }
        0
    }
}

unsafe extern "C" fn oserror_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on an OSError.
    unsafe {
        let o = op as *mut PyOSErrorObject;
        let r = (|| -> crate::runtime::err::PyResult<Option<String>> {
            let (en, se) = ((*o).myerrno, (*o).strerror);
            if !(*o).filename.is_null() {
                let f = abstract_::repr_string((*o).filename)?;
                let head = format!(
                    "[Errno {}] {}: {f}",
                    abstract_::str_string(en)?,
                    abstract_::str_string(se)?
                );
                if !(*o).filename2.is_null() {
                    let f2 = abstract_::repr_string((*o).filename2)?;
                    return Ok(Some(format!("{head} -> {f2}")));
                }
                return Ok(Some(head));
            }
            if !en.is_null() && !se.is_null() {
                return Ok(Some(format!(
                    "[Errno {}] {}",
                    abstract_::str_string(en)?,
                    abstract_::str_string(se)?
                )));
            }
            Ok(None)
        })();
        match r {
            Ok(Some(s)) => err::into_ptr(unicode::from_str(&s)),
            Ok(None) => exc_str(op),
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn oserror_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; the extra fields are owned.
    unsafe {
        let o = op as *mut PyOSErrorObject;
        clear_slot(ptr::addr_of_mut!((*o).myerrno));
        clear_slot(ptr::addr_of_mut!((*o).strerror));
        clear_slot(ptr::addr_of_mut!((*o).filename));
        clear_slot(ptr::addr_of_mut!((*o).filename2));
        exc_dealloc(op);
    }
}

unsafe extern "C" fn oserror_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on an OSError.
    unsafe {
        let r = exc_traverse(op, visit, arg);
        if r != 0 {
            return r;
        }
        let o = op as *mut PyOSErrorObject;
        crate::runtime::gc::visit_all(
            [(*o).myerrno, (*o).strerror, (*o).filename, (*o).filename2],
            visit,
            arg,
        )
    }
}

static mut OSERROR_MEMBERS: [typeobj::PyMemberDef; 5] = [
    crate::objects::member::object_member(c"errno", std::mem::offset_of!(PyOSErrorObject, myerrno)),
    crate::objects::member::object_member(
        c"strerror",
        std::mem::offset_of!(PyOSErrorObject, strerror),
    ),
    crate::objects::member::object_member(
        c"filename",
        std::mem::offset_of!(PyOSErrorObject, filename),
    ),
    crate::objects::member::object_member(
        c"filename2",
        std::mem::offset_of!(PyOSErrorObject, filename2),
    ),
    crate::objects::member::MEMBER_END,
];

/// `BaseExceptionGroup.__new__(cls, message, exceptions)`: CPython's
/// checks; a `BaseExceptionGroup` of `Exception`s only becomes an
/// `ExceptionGroup`, and an `ExceptionGroup` refuses other exceptions.
unsafe extern "C" fn group_new(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract.
    unsafe {
        let r = (|| -> crate::runtime::err::PyResult<*mut PyObject> {
            if !kw.is_null() && dict::len(kw) > 0 {
                return Err(err::type_error(&format!(
                    "{}() takes no keyword arguments",
                    typeobj::full_name(t)
                )));
            }
            let n = tuple::size(args);
            if n != 2 {
                return Err(err::type_error(&format!(
                    "BaseExceptionGroup.__new__() takes exactly 2 arguments ({n} given)"
                )));
            }
            let (msg, seq) = (tuple::item(args, 0), tuple::item(args, 1));
            if !crate::objects::unicode::check(msg) {
                return Err(err::type_error(&format!(
                    "BaseExceptionGroup.__new__() argument 1 must be str, not {}",
                    typeobj::type_name_of(msg)
                )));
            }
            let sq = (*(*seq).ob_type).tp_as_sequence;
            let is_seq = !dict::check(seq)
                && (crate::objects::list::check(seq)
                    || tuple::check(seq)
                    || (!sq.is_null() && (*sq).sq_item.is_some()));
            if !is_seq {
                return Err(err::type_error(
                    "second argument (exceptions) must be a sequence",
                ));
            }
            let items = abstract_::collect(seq, "")?;
            if items.is_empty() {
                return Err(err::value_error(
                    "second argument (exceptions) must be a non-empty sequence",
                ));
            }
            let mut nested_base = false;
            for (i, e) in items.iter().enumerate() {
                if !err::is_exception_instance(e.as_ptr()) {
                    return Err(err::value_error(&format!(
                        "Item {i} of second argument (exceptions) is not an exception"
                    )));
                }
                if !typeobj::is_subtype(
                    (*e.as_ptr()).ob_type,
                    get(Exc::Exception) as *mut PyTypeObject,
                ) {
                    nested_base = true;
                }
            }
            let beg = get(Exc::BaseExceptionGroup) as *mut PyTypeObject;
            let mut cls = t;
            if cls == beg {
                if !nested_base {
                    cls = EXCEPTION_GROUP;
                }
            } else if cls == EXCEPTION_GROUP {
                if nested_base {
                    return Err(err::type_error(
                        "Cannot nest BaseExceptions in an ExceptionGroup",
                    ));
                }
            } else if nested_base
                && typeobj::is_subtype(cls, get(Exc::Exception) as *mut PyTypeObject)
            {
                return Err(err::type_error(&format!(
                    "Cannot nest BaseExceptions in '{}'",
                    typeobj::full_name(cls)
                )));
            }
            let excs = crate::objects::tuple::from_owned(items)?;
            let op = crate::runtime::err::from_ptr(exc_new(cls, args, kw))?;
            let g = op.as_ptr() as *mut PyBaseExceptionGroupObject;
            (*g).msg = new_ref(msg);
            (*g).excs = excs.into_raw();
            Ok(op.into_raw())
        })();
        match r {
            Ok(p) => p,
            Err(e) => e.into(),
        }
    }
}

/// `BaseExceptionGroup.__init__`: no keywords, then `BaseException`'s.
unsafe extern "C" fn group_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> c_int {
    // SAFETY: tp_init contract.
    unsafe {
        if !kw.is_null() && dict::len(kw) > 0 {
            let n = typeobj::full_name((*op).ob_type);
            return err::type_error(&format!("{n}() takes no keyword arguments")).into();
        }
        exc_init(op, args, ptr::null_mut())
    }
}

static mut GROUP_METHODS: [typeobj::PyMethodDef; 5] = [
    method_o(c"split", crate::objects::exceptiongroup::group_split),
    method_o(c"subgroup", crate::objects::exceptiongroup::group_subgroup),
    method_o(c"derive", crate::objects::exceptiongroup::group_derive),
    crate::objects::genericaliasobject::CLASS_GETITEM_DEF,
    typeobj::METHOD_END,
];

/// A `METH_O` method entry.
const fn method_o(
    name: &'static std::ffi::CStr,
    f: unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject,
) -> typeobj::PyMethodDef {
    typeobj::PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(f),
        ml_flags: crate::objects::methodobject::meth::O,
        ml_doc: ptr::null(),
    }
}

/// `BaseException.add_note(note)`.
unsafe extern "C" fn exc_add_note(op: *mut PyObject, note: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O on an exception.
    unsafe {
        if !unicode::check(note) {
            return err::type_error(&format!(
                "note must be a str, not '{}'",
                typeobj::type_name_of(note)
            ))
            .into();
        }
        match add_note(op, &unicode::as_str(note)) {
            Ok(()) => new_ref(lifecycle::none()),
            Err(e) => e.into(),
        }
    }
}

/// `BaseException.with_traceback(tb)`: sets `__traceback__`, returns self.
unsafe extern "C" fn exc_with_traceback(op: *mut PyObject, tb: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O on an exception.
    unsafe {
        let name = match unicode::intern("__traceback__") {
            Ok(n) => n,
            Err(e) => return e.into(),
        };
        match abstract_::setattr(op, name.as_ptr(), tb) {
            Ok(()) => new_ref(op),
            Err(e) => e.into(),
        }
    }
}

static mut EXC_METHODS: [typeobj::PyMethodDef; 3] = [
    method_o(c"add_note", exc_add_note),
    method_o(c"with_traceback", exc_with_traceback),
    typeobj::METHOD_END,
];

unsafe extern "C" fn group_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on an exception group.
    unsafe {
        let g = op as *mut PyBaseExceptionGroupObject;
        if (*g).msg.is_null() || (*g).excs.is_null() {
            return exc_str(op);
        }
        let n = tuple::size((*g).excs);
        match abstract_::str_string((*g).msg) {
            Ok(m) => err::into_ptr(unicode::from_str(&format!(
                "{m} ({n} sub-exception{})",
                if n == 1 { "" } else { "s" }
            ))),
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn group_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; the extra fields are owned.
    unsafe {
        let g = op as *mut PyBaseExceptionGroupObject;
        clear_slot(ptr::addr_of_mut!((*g).msg));
        clear_slot(ptr::addr_of_mut!((*g).excs));
        exc_dealloc(op);
    }
}

unsafe extern "C" fn group_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on an exception group.
    unsafe {
        let r = exc_traverse(op, visit, arg);
        if r != 0 {
            return r;
        }
        let g = op as *mut PyBaseExceptionGroupObject;
        crate::runtime::gc::visit_all([(*g).msg, (*g).excs], visit, arg)
    }
}

unsafe extern "C" fn group_message(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getter on an exception group.
    unsafe {
        let m = (*(op as *mut PyBaseExceptionGroupObject)).msg;
        new_ref(if m.is_null() { lifecycle::none() } else { m })
    }
}

unsafe extern "C" fn group_exceptions(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getter on an exception group.
    unsafe {
        let e = (*(op as *mut PyBaseExceptionGroupObject)).excs;
        new_ref(if e.is_null() { lifecycle::none() } else { e })
    }
}

static mut GROUP_GETSET: [PyGetSetDef; 3] = [
    typeobj::getset(c"message", Some(group_message)),
    typeobj::getset(c"exceptions", Some(group_exceptions)),
    typeobj::GETSET_END,
];

/// The object fields of a `SyntaxError`, in struct order.
unsafe fn syntax_fields(op: *mut PyObject) -> [*mut *mut PyObject; 8] {
    // SAFETY: addresses inside a live SyntaxError.
    unsafe {
        let e = op as *mut PySyntaxErrorObject;
        [
            ptr::addr_of_mut!((*e).msg),
            ptr::addr_of_mut!((*e).filename),
            ptr::addr_of_mut!((*e).lineno),
            ptr::addr_of_mut!((*e).offset),
            ptr::addr_of_mut!((*e).end_lineno),
            ptr::addr_of_mut!((*e).end_offset),
            ptr::addr_of_mut!((*e).text),
            ptr::addr_of_mut!((*e).print_file_and_line),
        ]
    }
}

/// `SyntaxError.__init__(msg[, (filename, lineno, offset, text[,
/// end_lineno, end_offset])])`.
unsafe extern "C" fn syntax_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> c_int {
    // SAFETY: tp_init contract.
    unsafe {
        if exc_init(op, args, kw) < 0 {
            return -1;
        }
        let e = op as *mut PySyntaxErrorObject;
        let n = tuple::size(args);
        let set = |slot: *mut *mut PyObject, v: *mut PyObject| {
            let old = std::mem::replace(&mut *slot, if v.is_null() { v } else { new_ref(v) });
            xdecref(old);
        };
        if n >= 1 {
            set(ptr::addr_of_mut!((*e).msg), tuple::item(args, 0));
        }
        if n == 2 {
            let info = match abstract_::collect(tuple::item(args, 1), "") {
                Ok(v) => v,
                Err(e) => return e.into(),
            };
            let k = info.len();
            if !(4..=6).contains(&k) {
                let (what, bound) = if k < 4 {
                    ("at least", 4)
                } else {
                    ("at most", 6)
                };
                return err::type_error(&format!(
                    "function takes {what} {bound} arguments ({k} given)"
                ))
                .into();
            }
            let f = syntax_fields(op);
            // filename, lineno, offset, text, end_lineno, end_offset
            let order = [1usize, 2, 3, 6, 4, 5];
            for (i, slot) in order.iter().enumerate() {
                set(
                    f[*slot],
                    info.get(i).map_or(ptr::null_mut(), |o| o.as_ptr()),
                );
            }
        }
        0
    }
}

unsafe extern "C" fn syntax_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a SyntaxError.
    unsafe {
        let e = op as *mut PySyntaxErrorObject;
        let r = (|| -> crate::runtime::err::PyResult<String> {
            let msg = if (*e).msg.is_null() {
                lifecycle::none()
            } else {
                (*e).msg
            };
            let m = abstract_::str_string(msg)?;
            let file = if !(*e).filename.is_null() && unicode::check((*e).filename) {
                let f = unicode::as_str((*e).filename).into_owned();
                Some(f.rsplit('/').next().unwrap_or_default().to_string())
            } else {
                None
            };
            let line = if !(*e).lineno.is_null() && (*(*e).lineno).ob_type == lifecycle::long_type()
            {
                Some(abstract_::str_string((*e).lineno)?)
            } else {
                None
            };
            Ok(match (file, line) {
                (Some(f), Some(l)) => format!("{m} ({f}, line {l})"),
                (Some(f), None) => format!("{m} ({f})"),
                (None, Some(l)) => format!("{m} (line {l})"),
                (None, None) => m,
            })
        })();
        match r {
            Ok(s) => err::into_ptr(unicode::from_str(&s)),
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn syntax_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; the extra fields are owned.
    unsafe {
        for f in syntax_fields(op) {
            clear_slot(f);
        }
        exc_dealloc(op);
    }
}

unsafe extern "C" fn syntax_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a SyntaxError.
    unsafe {
        let r = exc_traverse(op, visit, arg);
        if r != 0 {
            return r;
        }
        crate::runtime::gc::visit_all(syntax_fields(op).map(|p| *p), visit, arg)
    }
}

static mut SYNTAX_MEMBERS: [typeobj::PyMemberDef; 9] = [
    crate::objects::member::object_member(c"msg", std::mem::offset_of!(PySyntaxErrorObject, msg)),
    crate::objects::member::object_member(
        c"filename",
        std::mem::offset_of!(PySyntaxErrorObject, filename),
    ),
    crate::objects::member::object_member(
        c"lineno",
        std::mem::offset_of!(PySyntaxErrorObject, lineno),
    ),
    crate::objects::member::object_member(
        c"offset",
        std::mem::offset_of!(PySyntaxErrorObject, offset),
    ),
    crate::objects::member::object_member(c"text", std::mem::offset_of!(PySyntaxErrorObject, text)),
    crate::objects::member::object_member(
        c"end_lineno",
        std::mem::offset_of!(PySyntaxErrorObject, end_lineno),
    ),
    crate::objects::member::object_member(
        c"end_offset",
        std::mem::offset_of!(PySyntaxErrorObject, end_offset),
    ),
    crate::objects::member::object_member(
        c"print_file_and_line",
        std::mem::offset_of!(PySyntaxErrorObject, print_file_and_line),
    ),
    crate::objects::member::MEMBER_END,
];
