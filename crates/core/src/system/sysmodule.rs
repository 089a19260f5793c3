//! The `sys` module as far as the C API reaches it: `PySys_GetObject` /
//! `PySys_SetObject` over its namespace, `sys.stdin`/`sys.stdout`/`sys.stderr`
//! (the `_io` text streams on descriptors 0, 1 and 2, `io/mod.rs`), `sys.exception()`,
//! `sys.exc_info()`, `sys.excepthook`, `sys.unraisablehook` and its
//! `UnraisableHookArgs`, and the default unraisable writer with CPython's
//! exact output, written to whatever `sys.stderr` is.

use crate::code::instrument;
use crate::objects::methodobject::meth;
use crate::objects::object::*;
use crate::objects::typeobj::{self, PyMethodDef, PyTypeObject};
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::{
    objects::dict, objects::module, objects::tuple, objects::unicode, protocols::abstract_,
    protocols::call,
};
use std::ptr;

static mut MODULE: *mut PyObject = ptr::null_mut();
static mut HOOK_ARGS_TYPE: *mut PyTypeObject = ptr::null_mut();

static mut HOOK_DEF: PyMethodDef = PyMethodDef {
    ml_name: c"unraisablehook".as_ptr(),
    ml_meth: Some(default_hook),
    ml_flags: meth::O,
    ml_doc: c"Handle an unraisable exception.".as_ptr(),
};

/// The signature of a METH_FASTCALL function.
type Fast = unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, isize) -> *mut PyObject;

static mut EXCEPTHOOK_DEF: PyMethodDef = PyMethodDef {
    ml_name: c"excepthook".as_ptr(),
    // SAFETY: stored under the signature METH_FASTCALL declares, as C code
    // does with `_PyCFunction_CAST`.
    ml_meth: Some(unsafe {
        std::mem::transmute::<
            *const (),
            unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject,
        >(default_excepthook as Fast as *const ())
    }),
    ml_flags: meth::FASTCALL,
    ml_doc: c"Handle an exception by displaying it with a traceback on sys.stderr.".as_ptr(),
};

static mut EXCEPTION_DEF: PyMethodDef = PyMethodDef {
    ml_name: c"exception".as_ptr(),
    ml_meth: Some(sys_exception),
    ml_flags: meth::NOARGS,
    ml_doc: c"Return the current exception.".as_ptr(),
};

static mut EXC_INFO_DEF: PyMethodDef = PyMethodDef {
    ml_name: c"exc_info".as_ptr(),
    ml_meth: Some(sys_exc_info),
    ml_flags: meth::NOARGS,
    ml_doc: c"Return current exception information: (type, value, traceback).".as_ptr(),
};

static mut GET_MAX_DIGITS_DEF: PyMethodDef = PyMethodDef {
    ml_name: c"get_int_max_str_digits".as_ptr(),
    ml_meth: Some(sys_get_int_max_str_digits),
    ml_flags: meth::NOARGS,
    ml_doc: c"Return the maximum string digits limit for non-binary int<->str conversions."
        .as_ptr(),
};

static mut SET_MAX_DIGITS_DEF: PyMethodDef = PyMethodDef {
    ml_name: c"set_int_max_str_digits".as_ptr(),
    ml_meth: Some(sys_set_int_max_str_digits),
    ml_flags: meth::O,
    ml_doc: c"Set the maximum string digits limit for non-binary int<->str conversions.".as_ptr(),
};

/// The fields of `UnraisableHookArgs`, in order.
static HOOK_FIELDS: [crate::objects::structseq::Field; 5] = [
    hook_field(c"exc_type"),
    hook_field(c"exc_value"),
    hook_field(c"exc_traceback"),
    hook_field(c"err_msg"),
    hook_field(c"object"),
];

const fn hook_field(name: &'static std::ffi::CStr) -> crate::objects::structseq::Field {
    crate::objects::structseq::Field {
        name: name.as_ptr(),
        doc: ptr::null(),
    }
}

/// Creates the module and its types. Start-up only, after the builtin
/// types, exceptions and `builtins`.
pub(crate) unsafe fn init() -> PyResult<()> {
    // SAFETY: start-up on one thread.
    unsafe {
        let a = crate::objects::structseq::new_type(
            c"UnraisableHookArgs".as_ptr(),
            c"UnraisableHookArgs\n\nType used to pass arguments to sys.unraisablehook.".as_ptr(),
            &HOOK_FIELDS,
            HOOK_FIELDS.len(),
        )?;
        HOOK_ARGS_TYPE = a;

        let name = unicode::intern("sys")?;
        let m = module::new(name.as_ptr())?;
        let hook = crate::objects::methodobject::new_cmethod(
            ptr::addr_of_mut!(HOOK_DEF),
            m.as_ptr(),
            name.as_ptr(),
            ptr::null_mut(),
        )?;
        let excepthook = crate::objects::methodobject::new_cmethod(
            ptr::addr_of_mut!(EXCEPTHOOK_DEF),
            m.as_ptr(),
            name.as_ptr(),
            ptr::null_mut(),
        )?;
        let function = |def: *mut PyMethodDef| {
            crate::objects::methodobject::new_cmethod(
                def,
                m.as_ptr(),
                name.as_ptr(),
                ptr::null_mut(),
            )
        };
        let exception = function(ptr::addr_of_mut!(EXCEPTION_DEF))?;
        let exc_info = function(ptr::addr_of_mut!(EXC_INFO_DEF))?;
        let get_digits = function(ptr::addr_of_mut!(GET_MAX_DIGITS_DEF))?;
        let set_digits = function(ptr::addr_of_mut!(SET_MAX_DIGITS_DEF))?;
        let d = module::dict_of(m.as_ptr());
        let monitoring = crate::system::monitoringmodule::create_module()?;
        let maxsize = crate::objects::long::from_i64(isize::MAX as i64)?;
        let setswitch = function(ptr::addr_of_mut!(SWITCH_DEFS[0]))?;
        let breakpointhook = function(ptr::addr_of_mut!(BREAKPOINTHOOK_DEF))?;
        let getswitch = function(ptr::addr_of_mut!(SWITCH_DEFS[1]))?;
        let d2 = d;
        let defs = ptr::addr_of_mut!(HOOK_DEFS) as *mut PyMethodDef;
        for i in 0..6 {
            let def = defs.add(i);
            let f = function(def)?;
            let key = unicode::intern(
                std::ffi::CStr::from_ptr((*def).ml_name)
                    .to_str()
                    .unwrap_or("?"),
            )?;
            dict::set(d2, key.as_ptr(), f.as_ptr())?;
        }
        let addaudithook = function(ptr::addr_of_mut!(AUDIT_DEFS[0]))?;
        let audit = function(ptr::addr_of_mut!(AUDIT_DEFS[1]))?;
        for (k, v) in [
            ("addaudithook", addaudithook.as_ptr()),
            ("audit", audit.as_ptr()),
            ("setswitchinterval", setswitch.as_ptr()),
            ("getswitchinterval", getswitch.as_ptr()),
            ("maxsize", maxsize.as_ptr()),
            ("exception", exception.as_ptr()),
            ("exc_info", exc_info.as_ptr()),
            ("get_int_max_str_digits", get_digits.as_ptr()),
            ("set_int_max_str_digits", set_digits.as_ptr()),
            ("excepthook", excepthook.as_ptr()),
            ("__excepthook__", excepthook.as_ptr()),
            ("unraisablehook", hook.as_ptr()),
            ("__unraisablehook__", hook.as_ptr()),
            ("breakpointhook", breakpointhook.as_ptr()),
            ("__breakpointhook__", breakpointhook.as_ptr()),
            ("builtins", crate::system::builtins::module()),
            ("monitoring", monitoring.as_ptr()),
        ] {
            let key = unicode::intern(k)?;
            dict::set(d, key.as_ptr(), v)?;
        }
        crate::system::sysinfo::add_attributes(m.as_ptr(), d)?;
        MODULE = m.into_raw();
        Ok(())
    }
}

/// Makes `sys.stdin`, `sys.stdout`, `sys.stderr` (and their `__std*__`
/// twins) and `builtins.open`: at each start-up, once a thread state is
/// attached (the streams are Python objects made by calls).
pub(crate) unsafe fn init_stdio() -> PyResult<()> {
    // SAFETY: start-up under the GIL.
    unsafe {
        let [stdin, stdout, stderr] = crate::system::io::init_stdio()?;
        let d = module::dict_of(module());
        for (k, v) in [
            ("stdin", stdin.as_ptr()),
            ("__stdin__", stdin.as_ptr()),
            ("stdout", stdout.as_ptr()),
            ("__stdout__", stdout.as_ptr()),
            ("stderr", stderr.as_ptr()),
            ("__stderr__", stderr.as_ptr()),
        ] {
            let key = unicode::intern(k)?;
            dict::set(d, key.as_ptr(), v)?;
        }
        Ok(())
    }
}

/// The `sys` module (borrowed).
pub fn module() -> *mut PyObject {
    // SAFETY: written once at start-up.
    unsafe { MODULE }
}

/// `PySys_GetObject`: `sys.<name>`, borrowed, or NULL (never raises).
pub fn get(name: &str) -> *mut PyObject {
    let m = module();
    if m.is_null() {
        return ptr::null_mut();
    }
    // SAFETY: the module lives for the process.
    unsafe { module::entry(m, name).unwrap_or(ptr::null_mut()) }
}

/// `PySys_SetObject`: sets `sys.<name>`; NULL deletes (a missing name is
/// not an error).
///
/// # Safety
/// `v` NULL or live.
pub unsafe fn set(name: &str, v: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let d = module::dict_of(module());
        let key = unicode::intern(name)?;
        if v.is_null() {
            if dict::get(d, key.as_ptr())?.is_some() {
                dict::del(d, key.as_ptr())?;
            }
            Ok(())
        } else {
            dict::set(d, key.as_ptr(), v)
        }
    }
}

/// An `UnraisableHookArgs` (NULL parts become None).
unsafe fn hook_args(parts: [*mut PyObject; 5]) -> PyResult<Owned> {
    // SAFETY: a fresh tuple of the subtype, filled before it is shared.
    unsafe {
        let a = crate::objects::tuple::new_of_type(HOOK_ARGS_TYPE, 5)?;
        for (i, p) in parts.into_iter().enumerate() {
            let v = if p.is_null() { lifecycle::none() } else { p };
            *tuple::items(a.as_ptr()).add(i) = new_ref(v);
        }
        Ok(a)
    }
}

/// `sys.excepthook`'s default, `excepthook(type, value, traceback, /)`:
/// displays `value` on `sys.stderr` (`PyErr_Display`).
unsafe extern "C" fn default_excepthook(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    n: isize,
) -> *mut PyObject {
    // SAFETY: METH_FASTCALL function: `n` arguments at `args`.
    unsafe {
        if n != 3 {
            return err::type_error(&format!("excepthook expected 3 arguments, got {n}")).into();
        }
        crate::runtime::report::display_value(*args.add(1), *args.add(2));
        new_ref(lifecycle::none())
    }
}

/// `sys.get_int_max_str_digits()`.
unsafe extern "C" fn sys_get_int_max_str_digits(
    _m: *mut PyObject,
    _: *mut PyObject,
) -> *mut PyObject {
    err::into_ptr(crate::objects::long::from_i64(
        crate::objects::long::max_str_digits() as i64,
    ))
}

/// `sys.set_int_max_str_digits(maxdigits)`: the limit of every int↔str
/// conversion in a non-power-of-two base (see `long::check_parse_limit`).
unsafe extern "C" fn sys_set_int_max_str_digits(
    _m: *mut PyObject,
    arg: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: METH_O function: `arg` is live.
    let r = unsafe { crate::protocols::number::as_ssize(arg, None) }
        .and_then(crate::objects::long::set_max_str_digits);
    match r {
        // SAFETY: None is immortal.
        Ok(()) => unsafe { new_ref(lifecycle::none()) },
        Err(e) => e.into(),
    }
}

/// `sys.exception()`: the exception being handled, or None.
unsafe extern "C" fn sys_exception(_m: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let h = err::handled();
    if h.is_null() {
        // SAFETY: None is immortal.
        unsafe { new_ref(lifecycle::none()) }
    } else {
        h
    }
}

/// `sys.exc_info()`: `(type, value, traceback)` of the exception being
/// handled, or three Nones.
unsafe extern "C" fn sys_exc_info(_m: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let (t, v, tb) = err::exc_info();
    // SAFETY: new references (or NULL for the value), handed to the tuple.
    unsafe {
        let v = if v.is_null() {
            new_ref(lifecycle::none())
        } else {
            v
        };
        let parts = [Owned::from_raw(t), Owned::from_raw(v), Owned::from_raw(tb)];
        err::into_ptr(tuple::from_owned(parts.into()))
    }
}

/// `sys.unraisablehook`'s default: writes the report with
/// [`write_report`].
unsafe extern "C" fn default_hook(_m: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O function.
    unsafe {
        if (*args).ob_type != HOOK_ARGS_TYPE {
            return err::type_error("sys.unraisablehook argument type must be UnraisableHookArgs")
                .into();
        }
        let part = |i| {
            let v = tuple::item(args, i);
            if v == lifecycle::none() {
                ptr::null_mut()
            } else {
                v
            }
        };
        match write_report(part(0), part(1), part(2), part(3), part(4)) {
            Ok(()) => new_ref(lifecycle::none()),
            Err(e) => e.into(),
        }
    }
}

/// Writes one chunk to `file` with its `write` method.
unsafe fn write_to(file: *mut PyObject, text: &str) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let s = unicode::from_str(text)?;
        let name = unicode::intern("write")?;
        let m = abstract_::getattr(file, name.as_ptr())?;
        call::call_args(m.as_ptr(), &[s.as_ptr()])?;
        Ok(())
    }
}

/// CPython's default unraisable writer: to `sys.stderr` (nothing when it
/// is missing or None), in the same chunks CPython writes:
/// `Exception ignored in: ` / `repr(obj)` / newline (or `err_msg: `...),
/// then the type name (module-qualified unless `builtins` or `__main__`),
/// `: `, `str(value)` (`<exception str() failed>` if that fails), a
/// newline, and a flush; a traceback is printed before the type line.
///
/// # Safety
/// Each argument NULL or live.
pub unsafe fn write_report(
    exc_type: *mut PyObject,
    exc_value: *mut PyObject,
    exc_tb: *mut PyObject,
    err_msg: *mut PyObject,
    obj: *mut PyObject,
) -> PyResult<()> {
    // SAFETY: forwarded; the file is held while it is written to.
    unsafe {
        let file = get("stderr");
        if file.is_null() || file == lifecycle::none() {
            return Ok(());
        }
        let file = Owned::from_borrowed(file);
        let f = file.as_ptr();
        if !obj.is_null() && obj != lifecycle::none() {
            if !err_msg.is_null() && err_msg != lifecycle::none() {
                write_to(f, &abstract_::str_string(err_msg)?)?;
                write_to(f, ": ")?;
            } else {
                write_to(f, "Exception ignored in: ")?;
            }
            match abstract_::repr_string(obj) {
                Ok(r) => write_to(f, &r)?,
                Err(_) => {
                    err::clear();
                    write_to(f, "<object repr() failed>")?;
                }
            }
            write_to(f, "\n")?;
        } else if !err_msg.is_null() && err_msg != lifecycle::none() {
            write_to(f, &abstract_::str_string(err_msg)?)?;
            write_to(f, ":\n")?;
        }
        if !exc_tb.is_null()
            && exc_tb != lifecycle::none()
            && crate::code::traceback::print(exc_tb, f).is_err()
        {
            err::clear();
        }
        if exc_type.is_null() || exc_type == lifecycle::none() {
            return Ok(());
        }
        let name = if typeobj::is_type(exc_type) {
            let t = exc_type as *mut PyTypeObject;
            let m = typeobj::module_name(t);
            let q = typeobj::qualname(t);
            if m == "builtins" || m == "__main__" {
                q
            } else {
                format!("{m}.{q}")
            }
        } else {
            "<unknown>".to_string()
        };
        write_to(f, &name)?;
        if !exc_value.is_null() && exc_value != lifecycle::none() {
            write_to(f, ": ")?;
            match abstract_::str_string(exc_value) {
                Ok(s) => write_to(f, &s)?,
                Err(_) => {
                    err::clear();
                    write_to(f, "<exception str() failed>")?;
                }
            }
        }
        write_to(f, "\n")?;
        let flush = unicode::intern("flush")?;
        if let Some(m) = abstract_::lookup_attr(f, flush.as_ptr())? {
            call::call_args(m.as_ptr(), &[])?;
        }
        Ok(())
    }
}

/// `PyErr_WriteUnraisable(obj)`: reports the current exception through
/// `sys.unraisablehook` (called with an `UnraisableHookArgs`; a failing or
/// missing hook falls back to the default writer, reporting the hook's own
/// error) and clears it. With no exception set, the default writer prints
/// just the `Exception ignored in:` line and the hook is not called.
///
/// # Safety
/// `obj` NULL or live.
pub unsafe fn write_unraisable(obj: *mut PyObject) {
    // SAFETY: forwarded.
    unsafe { write_unraisable_msg(None, obj) }
}

/// `_PyErr_WriteUnraisableMsg(msg, obj)`: [`write_unraisable`] with the
/// report's first line `Exception ignored MSG` (the hook's `err_msg`).
///
/// # Safety
/// `obj` NULL or live.
pub unsafe fn write_unraisable_msg(msg: Option<&str>, obj: *mut PyObject) {
    // SAFETY: forwarded; every reference taken here is released.
    unsafe {
        let err_msg = match msg {
            Some(m) => unicode::from_str(&format!("Exception ignored {m}")).ok(),
            None => None,
        };
        let err_msg_ptr = err_msg.as_ref().map_or(ptr::null_mut(), |m| m.as_ptr());
        let exc = err::take();
        if exc.is_null() {
            let _ = write_report(
                ptr::null_mut(),
                ptr::null_mut(),
                ptr::null_mut(),
                err_msg_ptr,
                obj,
            );
            err::clear();
            return;
        }
        let exc = Owned::from_raw(exc);
        let t = (*exc.as_ptr()).ob_type as *mut PyObject;
        let tb = if err::is_exception_instance(exc.as_ptr()) {
            (*(exc.as_ptr() as *mut crate::objects::exceptions::PyBaseExceptionObject)).traceback
        } else {
            ptr::null_mut()
        };
        let hook = get("unraisablehook");
        if !hook.is_null() && hook != lifecycle::none() {
            let hook = Owned::from_borrowed(hook);
            let r = hook_args([t, exc.as_ptr(), tb, err_msg_ptr, obj])
                .and_then(|a| call::call_args(hook.as_ptr(), &[a.as_ptr()]));
            match r {
                Ok(_) => return,
                Err(_) => {
                    // The hook failed: report its error, about the hook.
                    let e2 = err::take();
                    if !e2.is_null() {
                        let e2 = Owned::from_raw(e2);
                        let t2 = (*e2.as_ptr()).ob_type as *mut PyObject;
                        let msg = unicode::from_str("Exception ignored in sys.unraisablehook");
                        let msg_ptr = msg.as_ref().map_or(ptr::null_mut(), |m| m.as_ptr());
                        let _ =
                            write_report(t2, e2.as_ptr(), ptr::null_mut(), msg_ptr, hook.as_ptr());
                        err::clear();
                        return;
                    }
                }
            }
        }
        let _ = write_report(t, exc.as_ptr(), tb, err_msg_ptr, obj);
        err::clear();
    }
}

crate::protocols::clinic::fastcall! {
    /// `sys.setswitchinterval(interval, /)`: the GIL switch interval in
    /// seconds ([`crate::runtime::eval_breaker`]).
    fn sys_setswitchinterval(_m, a = crate::protocols::clinic::Sig::new("setswitchinterval",
        &[crate::protocols::clinic::pos("interval")])) {
        let v = crate::protocols::number::to_float(a.req(0))?;
        let secs = crate::objects::float::value(v.as_ptr());
        crate::runtime::eval_breaker::set_switch_interval(secs)?;
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

crate::protocols::clinic::fastcall! {
    /// `sys.getswitchinterval()`.
    fn sys_getswitchinterval(_m, _a = crate::protocols::clinic::Sig::new("getswitchinterval", &[])) {
        crate::objects::float::from_f64(crate::runtime::eval_breaker::switch_interval().as_secs_f64())
    }
}

/// `sys.breakpointhook(*args, **kws)`: what `$PYTHONBREAKPOINT` names
/// (`pdb.set_trace` when unset or empty), called with the arguments; `0`
/// turns `breakpoint()` off, and a name that does not import warns
/// (`RuntimeWarning`) and does nothing.
unsafe extern "C" fn sys_breakpointhook(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: isize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let setting = std::env::var("PYTHONBREAKPOINT").unwrap_or_default();
    if setting == "0" {
        // SAFETY: None is immortal.
        return unsafe { new_ref(lifecycle::none()) };
    }
    let target = if setting.is_empty() {
        "pdb.set_trace".to_string()
    } else {
        setting
    };
    let (module_name, attr) = match target.rsplit_once('.') {
        Some((m, a)) => (m.to_string(), a.to_string()),
        None => ("builtins".to_string(), target.clone()),
    };
    // SAFETY: the GIL is held (a builtin is running); the arguments are
    // the caller's vector.
    unsafe {
        let hook = crate::system::import::import(&module_name).and_then(|m| {
            let name = unicode::from_str(&attr)?;
            crate::protocols::abstract_::getattr(m.as_ptr(), name.as_ptr())
        });
        let hook = match hook {
            Ok(h) => h,
            Err(_) => {
                err::clear();
                let msg = format!("Ignoring unimportable $PYTHONBREAKPOINT: \"{target}\"");
                let category = crate::objects::exceptions::get(
                    crate::objects::exceptions::Exc::RuntimeWarning,
                );
                if crate::runtime::report::warn(category, &msg).is_err() {
                    return ptr::null_mut();
                }
                return new_ref(lifecycle::none());
            }
        };
        crate::protocols::call::vectorcall(hook.as_ptr(), args, nargs as usize, kwnames)
    }
}

static mut BREAKPOINTHOOK_DEF: PyMethodDef =
    crate::protocols::clinic::fastcall_kw_def(c"breakpointhook", sys_breakpointhook);

static mut SWITCH_DEFS: [PyMethodDef; 2] = [
    crate::protocols::clinic::def(c"setswitchinterval", sys_setswitchinterval),
    crate::protocols::clinic::def(c"getswitchinterval", sys_getswitchinterval),
];

/// `sys.setprofile(f)` and friends: the trampoline with `f`, or no hook
/// for None.
unsafe fn set_py_hook(kind: instrument::Kind, f: *mut PyObject, all: bool) -> PyResult<()> {
    // SAFETY: the GIL is held (a builtin is running).
    unsafe {
        let (func, obj): (Option<instrument::TraceFunc>, *mut PyObject) = if f == lifecycle::none()
        {
            (None, ptr::null_mut())
        } else {
            let t: instrument::TraceFunc = match kind {
                instrument::Kind::Profile => instrument::profile_trampoline,
                instrument::Kind::Trace => instrument::trace_trampoline,
            };
            (Some(t), f)
        };
        if all {
            instrument::set_hook_all_threads(kind, func, obj);
            Ok(())
        } else {
            instrument::set_hook_audited(crate::runtime::thread::attached(), kind, func, obj)
        }
    }
}

/// `sys.getprofile()` / `sys.gettrace()`: the stored object or None.
fn get_py_hook(kind: instrument::Kind) -> PyResult<Owned> {
    let ts = crate::runtime::thread::attached();
    // SAFETY: the attached thread's state.
    let o = unsafe { (*ts).hooks.obj(kind) }.unwrap_or(lifecycle::none());
    // SAFETY: a live object.
    Ok(unsafe { Owned::from_borrowed(o) })
}

macro_rules! hook_setter {
    ($fname:ident, $pyname:literal, $kind:ident, $all:expr) => {
        crate::protocols::clinic::fastcall! {
            /// `sys.setprofile`/`settrace` and their all-threads forms.
            fn $fname(_m, a = crate::protocols::clinic::Sig::new($pyname,
                &[crate::protocols::clinic::pos("function")])) {
                set_py_hook(instrument::Kind::$kind, a.req(0), $all)?;
                Ok(Owned::from_borrowed(lifecycle::none()))
            }
        }
    };
}

hook_setter!(sys_setprofile, "setprofile", Profile, false);
hook_setter!(sys_settrace, "settrace", Trace, false);
hook_setter!(
    sys_setprofileallthreads,
    "_setprofileallthreads",
    Profile,
    true
);
hook_setter!(sys_settraceallthreads, "_settraceallthreads", Trace, true);

crate::protocols::clinic::fastcall! {
    /// `sys.getprofile()`.
    fn sys_getprofile(_m, _a = crate::protocols::clinic::Sig::new("getprofile", &[])) {
        get_py_hook(instrument::Kind::Profile)
    }
}

crate::protocols::clinic::fastcall! {
    /// `sys.gettrace()`.
    fn sys_gettrace(_m, _a = crate::protocols::clinic::Sig::new("gettrace", &[])) {
        get_py_hook(instrument::Kind::Trace)
    }
}

crate::protocols::clinic::fastcall! {
    /// `sys.addaudithook(hook)`.
    fn sys_addaudithook(_m, a = crate::protocols::clinic::Sig::new("addaudithook",
        &[crate::protocols::clinic::arg("hook")])) {
        crate::runtime::audit::add_py_hook(a.req(0))?;
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

/// `sys.audit(event, *args)` (`METH_FASTCALL`, no keywords).
unsafe extern "C" fn sys_audit(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: isize,
) -> *mut PyObject {
    // SAFETY: METH_FASTCALL contract.
    unsafe {
        let args = if nargs > 0 {
            std::slice::from_raw_parts(args, nargs as usize)
        } else {
            &[]
        };
        match crate::runtime::audit::audit_from_python(args) {
            Ok(()) => new_ref(lifecycle::none()),
            Err(_) => ptr::null_mut(),
        }
    }
}

static mut AUDIT_DEFS: [PyMethodDef; 2] = [
    crate::protocols::clinic::def(c"addaudithook", sys_addaudithook),
    PyMethodDef {
        ml_name: c"audit".as_ptr(),
        // SAFETY: a METH_FASTCALL function, called as one.
        ml_meth: Some(unsafe {
            std::mem::transmute::<
                unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, isize) -> *mut PyObject,
                unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject,
            >(sys_audit)
        }),
        ml_flags: meth::FASTCALL,
        ml_doc: c"Passes the event to any audit hooks that are attached.".as_ptr(),
    },
];

static mut HOOK_DEFS: [PyMethodDef; 6] = [
    crate::protocols::clinic::def(c"setprofile", sys_setprofile),
    crate::protocols::clinic::def(c"getprofile", sys_getprofile),
    crate::protocols::clinic::def(c"settrace", sys_settrace),
    crate::protocols::clinic::def(c"gettrace", sys_gettrace),
    crate::protocols::clinic::def(c"_setprofileallthreads", sys_setprofileallthreads),
    crate::protocols::clinic::def(c"_settraceallthreads", sys_settraceallthreads),
];
