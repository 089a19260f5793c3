//! The Rust side of the C shim: reading a `va_list` through the shim's
//! readers, the hooks the variadic C functions call, and the start-up hand
//! over of the exported data objects.

use crate::boundary::{guard, obj};
use ophis_core::objects::object::{Owned, PyObject, Py_ssize_t};
use ophis_core::protocols::varargs::VaArgs;
use ophis_core::runtime::err;
use ophis_core::runtime::lifecycle::StaticObjects;
use ophis_core::{
    objects::fmt, objects::tuple, objects::unicode, protocols::abstract_, protocols::build,
    protocols::call,
};
use std::ffi::{c_char, c_int, c_long, c_uint, c_ulong, c_void, CStr};

/// The shim's table of `va_arg` readers (`struct ophis_readers`).
#[repr(C)]
pub struct Readers {
    i: unsafe extern "C" fn(*mut c_void) -> c_int,
    ui: unsafe extern "C" fn(*mut c_void) -> c_uint,
    l: unsafe extern "C" fn(*mut c_void) -> c_long,
    ul: unsafe extern "C" fn(*mut c_void) -> c_ulong,
    ll: unsafe extern "C" fn(*mut c_void) -> i64,
    ull: unsafe extern "C" fn(*mut c_void) -> u64,
    ssize: unsafe extern "C" fn(*mut c_void) -> Py_ssize_t,
    size: unsafe extern "C" fn(*mut c_void) -> usize,
    d: unsafe extern "C" fn(*mut c_void) -> f64,
    ptr: unsafe extern "C" fn(*mut c_void) -> *mut c_void,
}

/// A `va_list` being read (a pointer to the shim's `va_list` and its readers).
pub struct CVaList {
    ap: *mut c_void,
    r: *const Readers,
}

impl VaArgs for CVaList {
    fn int(&mut self) -> i32 {
        // SAFETY: the shim guarantees `ap` is a live va_list and the format
        // announced an int.
        unsafe { ((*self.r).i)(self.ap) }
    }
    fn uint(&mut self) -> u32 {
        // SAFETY: as above.
        unsafe { ((*self.r).ui)(self.ap) }
    }
    fn long(&mut self) -> i64 {
        // SAFETY: as above.
        unsafe { ((*self.r).l)(self.ap) }
    }
    fn ulong(&mut self) -> u64 {
        // SAFETY: as above.
        unsafe { ((*self.r).ul)(self.ap) }
    }
    fn longlong(&mut self) -> i64 {
        // SAFETY: as above.
        unsafe { ((*self.r).ll)(self.ap) }
    }
    fn ulonglong(&mut self) -> u64 {
        // SAFETY: as above.
        unsafe { ((*self.r).ull)(self.ap) }
    }
    fn ssize(&mut self) -> isize {
        // SAFETY: as above.
        unsafe { ((*self.r).ssize)(self.ap) }
    }
    fn size(&mut self) -> usize {
        // SAFETY: as above.
        unsafe { ((*self.r).size)(self.ap) }
    }
    fn double(&mut self) -> f64 {
        // SAFETY: as above.
        unsafe { ((*self.r).d)(self.ap) }
    }
    fn ptr(&mut self) -> *mut c_void {
        // SAFETY: as above.
        unsafe { ((*self.r).ptr)(self.ap) }
    }
}

/// The hooks the shim's variadic functions call (`struct ophis_hooks`).
#[repr(C)]
pub struct Hooks {
    build_value:
        unsafe extern "C" fn(*const c_char, *mut c_void, *const Readers, c_int) -> *mut PyObject,
    from_format: unsafe extern "C" fn(*const c_char, *mut c_void, *const Readers) -> *mut PyObject,
    err_format: unsafe extern "C" fn(
        *mut PyObject,
        *const c_char,
        *mut c_void,
        *const Readers,
    ) -> *mut PyObject,
    call_function: unsafe extern "C" fn(
        *mut PyObject,
        *const c_char,
        *mut c_void,
        *const Readers,
        c_int,
    ) -> *mut PyObject,
    call_method: unsafe extern "C" fn(
        *mut PyObject,
        *const c_char,
        *const c_char,
        *mut c_void,
        *const Readers,
        c_int,
    ) -> *mut PyObject,
    tuple_pack: unsafe extern "C" fn(Py_ssize_t, *mut c_void, *const Readers) -> *mut PyObject,
    parse_args: unsafe extern "C" fn(
        *mut PyObject,
        *mut PyObject,
        *const c_char,
        *const *const c_char,
        *mut c_void,
        *const Readers,
        c_int,
    ) -> c_int,
    unpack_tuple: unsafe extern "C" fn(
        *mut PyObject,
        *const c_char,
        Py_ssize_t,
        Py_ssize_t,
        *mut c_void,
        *const Readers,
    ) -> c_int,
    audit: unsafe extern "C" fn(*const c_char, *const c_char, *mut c_void, *const Readers) -> c_int,
}

#[repr(C)]
struct ExcSlot {
    name: *const c_char,
    slot: *mut *mut PyObject,
}

extern "C" {
    fn ophis_shim_statics(s: *mut StaticObjects);
    fn ophis_shim_exc_slots() -> *const ExcSlot;
    fn ophis_shim_install(h: *const Hooks);
}

static HOOKS: Hooks = Hooks {
    build_value,
    from_format,
    err_format,
    call_function,
    call_method,
    tuple_pack,
    parse_args,
    unpack_tuple,
    audit,
};

/// The addresses of the exported data objects, as the dynamic linker
/// resolved them.
pub fn statics() -> StaticObjects {
    let mut s = std::mem::MaybeUninit::<StaticObjects>::uninit();
    // SAFETY: the shim fills every field of the struct.
    unsafe {
        ophis_shim_statics(s.as_mut_ptr());
        s.assume_init()
    }
}

/// Installs the hooks and fills the `PyExc_*` pointers; after the core
/// runtime is initialized.
pub fn install() {
    // SAFETY: the shim's table is NULL-terminated and its slots are the
    // exported PyExc_* variables.
    unsafe {
        ophis_shim_install(&HOOKS);
        let mut p = ophis_shim_exc_slots();
        while !(*p).name.is_null() {
            let name = CStr::from_ptr((*p).name).to_string_lossy();
            match ophis_core::objects::exceptions::by_name(&name) {
                Some(t) => *(*p).slot = t,
                None => ophis_core::runtime::lifecycle::fatal(
                    "Py_Initialize",
                    &format!("no exception type {name}"),
                ),
            }
            p = p.add(1);
        }
    }
}

unsafe extern "C" fn build_value(
    fmt: *const c_char,
    ap: *mut c_void,
    r: *const Readers,
    ssize: c_int,
) -> *mut PyObject {
    guard("Py_BuildValue", || {
        if fmt.is_null() {
            return crate::boundary::bad_call();
        }
        let mut va = CVaList { ap, r };
        // SAFETY: the C caller's format matches its arguments.
        obj(unsafe { build::build_value(CStr::from_ptr(fmt), &mut va, ssize != 0) })
    })
}

unsafe extern "C" fn from_format(
    fmt: *const c_char,
    ap: *mut c_void,
    r: *const Readers,
) -> *mut PyObject {
    guard("PyUnicode_FromFormatV", || {
        if fmt.is_null() {
            return crate::boundary::bad_call();
        }
        let mut va = CVaList { ap, r };
        // SAFETY: the C caller's format matches its arguments.
        obj(unsafe { fmt::format(CStr::from_ptr(fmt), &mut va) })
    })
}

unsafe extern "C" fn err_format(
    exc: *mut PyObject,
    fmt: *const c_char,
    ap: *mut c_void,
    r: *const Readers,
) -> *mut PyObject {
    guard("PyErr_Format", || {
        if fmt.is_null() {
            let _ = err::bad_argument();
            return std::ptr::null_mut();
        }
        let mut va = CVaList { ap, r };
        // SAFETY: the C caller's format matches its arguments.
        unsafe {
            if let Ok(msg) = fmt::format(CStr::from_ptr(fmt), &mut va) {
                let _ = err::set_object(exc, msg.as_ptr());
            }
        }
        std::ptr::null_mut()
    })
}

unsafe fn build_args(
    fmt: *const c_char,
    ap: *mut c_void,
    r: *const Readers,
    ssize: c_int,
) -> err::PyResult<Option<Owned>> {
    if fmt.is_null() {
        return Ok(None);
    }
    let mut va = CVaList { ap, r };
    // SAFETY: the C caller's format matches its arguments.
    unsafe { build::build_args(CStr::from_ptr(fmt), &mut va, ssize != 0) }
}

unsafe extern "C" fn call_function(
    callable: *mut PyObject,
    fmt: *const c_char,
    ap: *mut c_void,
    r: *const Readers,
    ssize: c_int,
) -> *mut PyObject {
    guard("PyObject_CallFunction", || {
        if callable.is_null() {
            return null_error();
        }
        // SAFETY: forwarded C contracts.
        unsafe {
            let args = match build_args(fmt, ap, r, ssize) {
                Ok(a) => a,
                Err(_) => return std::ptr::null_mut(),
            };
            obj(call::call_with_built(callable, args))
        }
    })
}

unsafe extern "C" fn call_method(
    o: *mut PyObject,
    name: *const c_char,
    fmt: *const c_char,
    ap: *mut c_void,
    r: *const Readers,
    ssize: c_int,
) -> *mut PyObject {
    guard("PyObject_CallMethod", || {
        if o.is_null() || name.is_null() {
            return null_error();
        }
        // SAFETY: forwarded C contracts.
        unsafe {
            let meth = match unicode::from_utf8(CStr::from_ptr(name).to_bytes())
                .and_then(|n| abstract_::getattr(o, n.as_ptr()))
            {
                Ok(m) => m,
                Err(_) => return std::ptr::null_mut(),
            };
            if !abstract_::callable(meth.as_ptr()) {
                let _ = err::type_error(&format!(
                    "attribute of type '{}' is not callable",
                    ophis_core::objects::typeobj::type_name_of(meth.as_ptr())
                ));
                return std::ptr::null_mut();
            }
            let args = match build_args(fmt, ap, r, ssize) {
                Ok(a) => a,
                Err(_) => return std::ptr::null_mut(),
            };
            obj(call::call_with_built(meth.as_ptr(), args))
        }
    })
}

unsafe extern "C" fn tuple_pack(
    n: Py_ssize_t,
    ap: *mut c_void,
    r: *const Readers,
) -> *mut PyObject {
    guard("PyTuple_Pack", || {
        let mut va = CVaList { ap, r };
        let t = match tuple::new(n) {
            Ok(t) => t,
            Err(_) => return std::ptr::null_mut(),
        };
        for i in 0..n {
            let o = va.ptr() as *mut PyObject;
            if o.is_null() {
                return crate::boundary::bad_call();
            }
            // SAFETY: slot `i` of a fresh tuple; `o` is a live object.
            unsafe {
                ophis_core::objects::object::incref(o);
                *tuple::items(t.as_ptr()).offset(i) = o;
            }
        }
        t.into_raw()
    })
}

/// CPython's answer to a NULL object argument where it does not crash:
/// `SystemError("null argument to internal routine")` unless an exception
/// is already set.
pub fn null_error<R: crate::boundary::CReturn>() -> R {
    if err::occurred().is_null() {
        let _ = err::system_error("null argument to internal routine");
    }
    R::error()
}

/// The result of the `PyArg_*` functions: 1 on success, 0 on failure
/// (also for a caught panic, hence its own `CReturn`).
#[repr(transparent)]
struct ParseOk(c_int);

impl crate::boundary::CReturn for ParseOk {
    fn error() -> Self {
        ParseOk(0)
    }
}

/// Sets `SystemError("bad argument to internal function")` and fails.
fn parse_bad_call() -> ParseOk {
    let _ = ophis_core::runtime::err::bad_argument();
    ParseOk(0)
}

/// `PyArg_ParseTuple` and its siblings (see `flags` in the shim).
unsafe extern "C" fn parse_args(
    args: *mut PyObject,
    kw: *mut PyObject,
    fmt: *const c_char,
    kwlist: *const *const c_char,
    ap: *mut c_void,
    r: *const Readers,
    flags: c_int,
) -> c_int {
    guard("PyArg_ParseTuple", || -> ParseOk {
        let (ssize, keywords, single) = (flags & 1 != 0, flags & 2 != 0, flags & 4 != 0);
        // SAFETY: the C caller's contract: live objects, a NUL-terminated
        // format, a NULL-terminated keyword list, arguments matching.
        unsafe {
            if fmt.is_null() || args.is_null() {
                return parse_bad_call();
            }
            if !single && !ophis_core::objects::tuple::check(args) {
                if keywords {
                    return parse_bad_call();
                }
                let _ = ophis_core::runtime::err::system_error(
                    "new style getargs format but argument is not a tuple",
                );
                return ParseOk(0);
            }
            if keywords
                && (kwlist.is_null() || (!kw.is_null() && !ophis_core::objects::dict::check(kw)))
            {
                return parse_bad_call();
            }
            let mut va = CVaList { ap, r };
            let fmt = CStr::from_ptr(fmt);
            let res = if keywords {
                let mut names = Vec::new();
                let mut p = kwlist;
                while !(*p).is_null() {
                    names.push(CStr::from_ptr(*p));
                    p = p.add(1);
                }
                ophis_core::protocols::getargs::parse_tuple_and_keywords(
                    args, kw, fmt, &names, &mut va, ssize,
                )
            } else {
                ophis_core::protocols::getargs::parse_tuple(args, fmt, &mut va, ssize, single)
            };
            ParseOk(c_int::from(res.is_ok()))
        }
    })
    .0
}

/// `PyArg_UnpackTuple`.
unsafe extern "C" fn unpack_tuple(
    args: *mut PyObject,
    name: *const c_char,
    min: Py_ssize_t,
    max: Py_ssize_t,
    ap: *mut c_void,
    r: *const Readers,
) -> c_int {
    guard("PyArg_UnpackTuple", || -> ParseOk {
        // SAFETY: the C caller's contract: the variadic arguments are
        // `PyObject **`.
        unsafe {
            if args.is_null() || min < 0 || max < min {
                return parse_bad_call();
            }
            let name = if name.is_null() {
                None
            } else {
                Some(CStr::from_ptr(name).to_string_lossy().into_owned())
            };
            let mut va = CVaList { ap, r };
            let res = ophis_core::protocols::getargs::unpack_tuple(
                args,
                name.as_deref(),
                min,
                max,
                &mut va,
            );
            ParseOk(c_int::from(res.is_ok()))
        }
    })
    .0
}

/// `PySys_Audit(event, format, ...)`: the arguments are built (as
/// `_Py_VaBuildValue_SizeT`; none for a NULL or empty format) only when
/// some audit hook exists.
unsafe extern "C" fn audit(
    event: *const c_char,
    fmt: *const c_char,
    ap: *mut c_void,
    r: *const Readers,
) -> c_int {
    guard("PySys_Audit", || -> c_int {
        if event.is_null() {
            return crate::boundary::bad_call();
        }
        // SAFETY: the C caller's format matches its arguments; the event
        // name is a C string.
        unsafe {
            let name = CStr::from_ptr(event).to_string_lossy();
            let res = ophis_core::runtime::audit::audit(&name, || {
                if fmt.is_null() || *fmt == 0 {
                    tuple::new(0)
                } else {
                    let mut va = CVaList { ap, r };
                    build::build_value(CStr::from_ptr(fmt), &mut va, true)
                }
            });
            crate::boundary::status(res)
        }
    })
}
