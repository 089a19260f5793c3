//! `sys`'s descriptive attributes and its smaller functions, as CPython
//! 3.12.1 has them: the struct sequences `version_info`, `flags`,
//! `float_info`, `int_info`, `hash_info`, `thread_info`; `implementation`
//! (a `SimpleNamespace`); version and platform strings; and `exit`,
//! `getrecursionlimit`/`setrecursionlimit`, `getrefcount`, `getsizeof`,
//! `intern`, `_getframe`, `displayhook`, `call_tracing`, the encoding
//! queries and `is_finalizing`.

use crate::objects::object::*;
use crate::objects::structseq::{self, Field};
use crate::objects::typeobj::{self, PyMethodDef, PyTypeObject};
use crate::objects::{dict, exceptions, float, long, namespaceobject, tuple, unicode};
use crate::protocols::clinic::{def, fastcall, pos, pos_opt, Sig};
use crate::protocols::{abstract_, call};
use crate::runtime::err::{self, PyResult};
use crate::runtime::{lifecycle, thread};
use std::ffi::{c_char, CStr};
use std::ptr;

/// The version `sys.version` and `Py_GetVersion` report.
pub const VERSION: &CStr = {
    const S: &str = concat!("3.12.1 (Ophis ", env!("CARGO_PKG_VERSION"), ")\0");
    match CStr::from_bytes_with_nul(S.as_bytes()) {
        Ok(c) => c,
        Err(_) => panic!("the version string has one NUL, at its end"),
    }
};

/// `sys.hexversion`: 3.12.1 final.
pub const HEXVERSION: i64 = 0x030C01F0;

const fn f(name: &'static CStr) -> Field {
    Field {
        name: name.as_ptr(),
        doc: ptr::null(),
    }
}

/// An `int`.
fn int(v: i64) -> PyResult<Owned> {
    long::from_i64(v)
}

/// A `str`.
fn text(v: &str) -> PyResult<Owned> {
    unicode::from_str(v)
}

/// A bool.
fn truth(v: bool) -> Owned {
    long::bool_from(v)
}

/// A struct sequence type named `name` with `fields`, all visible.
unsafe fn seq_type(name: &'static CStr, fields: &'static [Field]) -> PyResult<*mut PyTypeObject> {
    // SAFETY: static strings.
    unsafe { structseq::new_type(name.as_ptr(), ptr::null(), fields, fields.len()) }
}

/// An instance of `t` from owned values.
unsafe fn seq(t: *mut PyTypeObject, values: Vec<Owned>) -> PyResult<Owned> {
    // SAFETY: live values.
    unsafe {
        let ptrs: Vec<*mut PyObject> = values.iter().map(|v| v.as_ptr()).collect();
        structseq::from_values(t, &ptrs)
    }
}

static VERSION_INFO: [Field; 5] = [
    f(c"major"),
    f(c"minor"),
    f(c"micro"),
    f(c"releaselevel"),
    f(c"serial"),
];

static FLAGS: [Field; 18] = [
    f(c"debug"),
    f(c"inspect"),
    f(c"interactive"),
    f(c"optimize"),
    f(c"dont_write_bytecode"),
    f(c"no_user_site"),
    f(c"no_site"),
    f(c"ignore_environment"),
    f(c"verbose"),
    f(c"bytes_warning"),
    f(c"quiet"),
    f(c"hash_randomization"),
    f(c"isolated"),
    f(c"dev_mode"),
    f(c"utf8_mode"),
    f(c"warn_default_encoding"),
    f(c"safe_path"),
    f(c"int_max_str_digits"),
];

static FLOAT_INFO: [Field; 11] = [
    f(c"max"),
    f(c"max_exp"),
    f(c"max_10_exp"),
    f(c"min"),
    f(c"min_exp"),
    f(c"min_10_exp"),
    f(c"dig"),
    f(c"mant_dig"),
    f(c"epsilon"),
    f(c"radix"),
    f(c"rounds"),
];

static INT_INFO: [Field; 4] = [
    f(c"bits_per_digit"),
    f(c"sizeof_digit"),
    f(c"default_max_str_digits"),
    f(c"str_digits_check_threshold"),
];

static HASH_INFO: [Field; 9] = [
    f(c"width"),
    f(c"modulus"),
    f(c"inf"),
    f(c"nan"),
    f(c"imag"),
    f(c"algorithm"),
    f(c"hash_bits"),
    f(c"seed_bits"),
    f(c"cutoff"),
];

static THREAD_INFO: [Field; 3] = [f(c"name"), f(c"lock"), f(c"version")];

/// The C library's version as `confstr(_CS_GNU_LIBPTHREAD_VERSION)`
/// reports it (`NPTL 2.36`), or None.
fn pthread_version() -> PyResult<Owned> {
    let mut buf = [0u8; 64];
    // SAFETY: `buf` is writable for its length.
    let n = unsafe {
        libc::confstr(
            libc::_CS_GNU_LIBPTHREAD_VERSION,
            buf.as_mut_ptr() as *mut c_char,
            buf.len(),
        )
    };
    if n == 0 || n > buf.len() {
        // SAFETY: None lives for the process.
        return Ok(unsafe { Owned::from_borrowed(lifecycle::none()) });
    }
    text(&String::from_utf8_lossy(&buf[..n - 1]))
}

/// Whether an environment variable is set to a non-empty value.
fn env_set(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty())
}

/// Adds the data attributes and functions to `sys` (`module`, its dict
/// `d`). Start-up only.
///
/// # Safety
/// Start-up, the GIL held; `d` the module's dict.
pub(crate) unsafe fn add_attributes(module: *mut PyObject, d: *mut PyObject) -> PyResult<()> {
    // SAFETY: fresh objects; static field tables.
    unsafe {
        let vt = seq_type(c"sys.version_info", &VERSION_INFO)?;
        // As in CPython, `sys.version_info` and `sys.flags` cannot be made
        // from Python.
        (*vt).tp_new = None;
        let version_info = seq(
            vt,
            vec![int(3)?, int(12)?, int(1)?, text("final")?, int(0)?],
        )?;

        let ft = seq_type(c"sys.flags", &FLAGS)?;
        (*ft).tp_new = None;
        let seeded = matches!(std::env::var("PYTHONHASHSEED").as_deref(), Ok(s) if s != "random");
        let flags = seq(
            ft,
            vec![
                int(0)?,
                int(0)?,
                int(0)?,
                int(0)?,
                int(env_set("PYTHONDONTWRITEBYTECODE") as i64)?,
                int(0)?,
                int(0)?,
                int(0)?,
                int(0)?,
                int(0)?,
                int(0)?,
                int(!seeded as i64)?,
                int(0)?,
                truth(false),
                int(0)?,
                int(0)?,
                truth(false),
                int(-1)?,
            ],
        )?;

        let flt = seq_type(c"sys.float_info", &FLOAT_INFO)?;
        let float_info = seq(
            flt,
            vec![
                float::from_f64(f64::MAX)?,
                int(f64::MAX_EXP as i64)?,
                int(f64::MAX_10_EXP as i64)?,
                float::from_f64(f64::MIN_POSITIVE)?,
                int(f64::MIN_EXP as i64)?,
                int(f64::MIN_10_EXP as i64)?,
                int(f64::DIGITS as i64)?,
                int(f64::MANTISSA_DIGITS as i64)?,
                float::from_f64(f64::EPSILON)?,
                int(f64::RADIX as i64)?,
                int(1)?,
            ],
        )?;

        let it = seq_type(c"sys.int_info", &INT_INFO)?;
        let int_info = seq(it, vec![int(30)?, int(4)?, int(4300)?, int(640)?])?;

        let ht = seq_type(c"sys.hash_info", &HASH_INFO)?;
        let hash_info = seq(
            ht,
            vec![
                int(64)?,
                int((1i64 << 61) - 1)?,
                int(314159)?,
                int(0)?,
                int(1000003)?,
                text("siphash13")?,
                int(64)?,
                int(128)?,
                int(0)?,
            ],
        )?;

        let tt = seq_type(c"sys.thread_info", &THREAD_INFO)?;
        let thread_info = seq(
            tt,
            vec![text("pthread")?, text("semaphore")?, pthread_version()?],
        )?;

        let cache_tag = text("cpython-312")?;
        let name = text("cpython")?;
        let hexversion = int(HEXVERSION)?;
        let multiarch = text("x86_64-linux-gnu")?;
        let implementation = namespaceobject::new(&[
            ("name", name.as_ptr()),
            ("cache_tag", cache_tag.as_ptr()),
            ("version", version_info.as_ptr()),
            ("hexversion", hexversion.as_ptr()),
            ("_multiarch", multiarch.as_ptr()),
        ])?;

        let mut names = crate::objects::moduledef::builtin_module_names();
        names.extend(["builtins".to_string(), "sys".to_string()]);
        names.sort();
        names.dedup();
        let names = tuple::from_owned(names.iter().map(|n| text(n)).collect::<PyResult<_>>()?)?;

        let executable = match std::env::current_exe() {
            Ok(p) => text(&p.to_string_lossy())?,
            Err(_) => text("")?,
        };
        let entries: Vec<(&str, Owned)> = vec![
            ("version_info", version_info),
            ("flags", flags),
            ("float_info", float_info),
            ("int_info", int_info),
            ("hash_info", hash_info),
            ("thread_info", thread_info),
            ("implementation", implementation),
            ("version", text(&VERSION.to_string_lossy())?),
            ("hexversion", int(HEXVERSION)?),
            ("api_version", int(1013)?),
            (
                "byteorder",
                text(if cfg!(target_endian = "little") {
                    "little"
                } else {
                    "big"
                })?,
            ),
            ("platform", text("linux")?),
            ("maxunicode", int(0x10FFFF)?),
            ("float_repr_style", text("short")?),
            ("abiflags", text("")?),
            ("copyright", text(COPYRIGHT)?),
            ("builtin_module_names", names),
            ("executable", executable),
            (
                "dont_write_bytecode",
                truth(env_set("PYTHONDONTWRITEBYTECODE")),
            ),
            ("warnoptions", crate::objects::list::new(0)?),
            ("_xoptions", dict::new()?),
            ("pycache_prefix", Owned::from_borrowed(lifecycle::none())),
        ];
        let mut entries = entries;
        if let Some((prefix, exec_prefix)) = crate::system::import::python_home() {
            entries.push(("prefix", text(&prefix)?));
            entries.push(("base_prefix", text(&prefix)?));
            entries.push(("exec_prefix", text(&exec_prefix)?));
            entries.push(("base_exec_prefix", text(&exec_prefix)?));
        }
        entries.push(("platlibdir", text("lib")?));
        for (k, v) in entries {
            let key = unicode::intern(k)?;
            dict::set(d, key.as_ptr(), v.as_ptr())?;
        }
        let defs = ptr::addr_of_mut!(METHODS) as *mut PyMethodDef;
        let modname = unicode::intern("sys")?;
        let mut p = defs;
        while !(*p).ml_name.is_null() {
            let fo = crate::objects::methodobject::new_cmethod(
                p,
                module,
                modname.as_ptr(),
                ptr::null_mut(),
            )?;
            let key = unicode::intern(&CStr::from_ptr((*p).ml_name).to_string_lossy())?;
            dict::set(d, key.as_ptr(), fo.as_ptr())?;
            if CStr::from_ptr((*p).ml_name) == c"displayhook" {
                let k2 = unicode::intern("__displayhook__")?;
                dict::set(d, k2.as_ptr(), fo.as_ptr())?;
            }
            p = p.add(1);
        }
        Ok(())
    }
}

const COPYRIGHT: &str = "Copyright (c) 2001-2023 Python Software Foundation.\nAll Rights Reserved.\n\nCopyright (c) 2000 BeOpen.com.\nAll Rights Reserved.\n\nCopyright (c) 1995-2001 Corporation for National Research Initiatives.\nAll Rights Reserved.\n\nCopyright (c) 1991-1995 Stichting Mathematisch Centrum, Amsterdam.\nAll Rights Reserved.";

fastcall! {
    /// `sys.exit(status=None, /)`: raises `SystemExit(status)`.
    fn sys_exit(_m, a = Sig::new("exit", &[pos_opt("status")])) {
        let t = exceptions::get(exceptions::Exc::SystemExit);
        match a.get(0) {
            Some(s) => Err(err::set_object(t, s)),
            None => Err(err::set_object(t, ptr::null_mut())),
        }
    }
}

fastcall! {
    /// `sys.getrecursionlimit()`.
    fn sys_getrecursionlimit(_m, _a = Sig::new("getrecursionlimit", &[])) {
        let ts = thread::attached();
        int((*ts).py_recursion_limit as i64)
    }
}

fastcall! {
    /// `sys.setrecursionlimit(limit, /)`: at least 1, and above the
    /// current depth.
    fn sys_setrecursionlimit(_m, a = Sig::new("setrecursionlimit", &[pos("limit")])) {
        let n = long::as_c_int(a.req(0))?;
        if n < 1 {
            return Err(err::value_error("recursion limit must be greater or equal than 1"));
        }
        let ts = thread::attached();
        let depth = (*ts).py_recursion_limit - (*ts).py_recursion_remaining;
        if depth >= n {
            return Err(err::raise(
                exceptions::Exc::RecursionError,
                &format!("cannot set the recursion limit to {n} at the recursion depth {depth}: the limit is too low"),
            ));
        }
        (*ts).py_recursion_remaining = n - depth;
        (*ts).py_recursion_limit = n;
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

fastcall! {
    /// `sys.getrefcount(object, /)`.
    fn sys_getrefcount(_m, a = Sig::new("getrefcount", &[pos("object")])) {
        int((*a.req(0)).ob_refcnt as i64)
    }
}

fastcall! {
    /// `sys.getsizeof(object, default=<none>)`: `__sizeof__()` plus the
    /// collector's header for tracked types.
    fn sys_getsizeof(_m, a = Sig::new("getsizeof", &[crate::protocols::clinic::arg("object"), crate::protocols::clinic::arg_opt("default")])) {
        let o = a.req(0);
        let r = (|| -> PyResult<Owned> {
            let r = crate::protocols::slotcall::call_dunder(o, "__sizeof__", &[])?.ok_or_else(|| {
                err::type_error(&format!(
                    "Type {} doesn't define __sizeof__",
                    typeobj::full_name((*o).ob_type)
                ))
            })?;
            let n = long::as_i64(long::index(r.as_ptr())?.as_ptr(), "Python int too large to convert to C ssize_t")?;
            if n < 0 {
                return Err(err::value_error("__sizeof__() should return >= 0"));
            }
            let gc = if (*(*o).ob_type).tp_flags & typeobj::flags::HAVE_GC != 0 { 16 } else { 0 };
            int(n + gc)
        })();
        match (r, a.get(1)) {
            (Ok(v), _) => Ok(v),
            (Err(_), Some(default)) if err::given_matches(err::occurred(), exceptions::get(exceptions::Exc::TypeError)) => {
                err::clear();
                Ok(Owned::from_borrowed(default))
            }
            (Err(e), _) => Err(e),
        }
    }
}

fastcall! {
    /// `sys.intern(string, /)`: exact `str` only.
    fn sys_intern(_m, a = Sig::new("intern", &[pos("string")])) {
        let s = a.req(0);
        if !unicode::check(s) {
            return Err(a.bad(0, "str", s));
        }
        if (*s).ob_type != lifecycle::unicode_type() {
            return Err(err::type_error(&format!(
                "can't intern {}",
                typeobj::full_name((*s).ob_type)
            )));
        }
        let mut p = new_ref(s);
        unicode::intern_in_place(&mut p);
        Ok(Owned::from_raw(p))
    }
}

fastcall! {
    /// `sys._getframe(depth=0, /)`.
    fn sys_getframe(_m, a = Sig::new("_getframe", &[pos_opt("depth")])) {
        let depth = a.ssize(0, 0)?;
        let ts = thread::attached();
        let mut f = (*ts).current_frame;
        // Incomplete frames (not started yet) are skipped, as CPython does.
        while !f.is_null() && !crate::code::frame::InterpFrame::is_complete(f) {
            f = (*f).previous;
        }
        let mut left = depth;
        while left > 0 && !f.is_null() {
            f = (*f).previous;
            while !f.is_null() && !crate::code::frame::InterpFrame::is_complete(f) {
                f = (*f).previous;
            }
            left -= 1;
        }
        if f.is_null() {
            return Err(err::value_error("call stack is not deep enough"));
        }
        let fo = crate::code::frameobject::for_interp(f)?;
        Ok(Owned::from_borrowed(fo))
    }
}

fastcall! {
    /// `sys.getdefaultencoding()`.
    fn sys_getdefaultencoding(_m, _a = Sig::new("getdefaultencoding", &[])) {
        text("utf-8")
    }
}

fastcall! {
    /// `sys.getfilesystemencoding()`.
    fn sys_getfilesystemencoding(_m, _a = Sig::new("getfilesystemencoding", &[])) {
        text("utf-8")
    }
}

fastcall! {
    /// `sys.getfilesystemencodeerrors()`.
    fn sys_getfilesystemencodeerrors(_m, _a = Sig::new("getfilesystemencodeerrors", &[])) {
        text("surrogateescape")
    }
}

fastcall! {
    /// `sys.is_finalizing()`.
    fn sys_is_finalizing(_m, _a = Sig::new("is_finalizing", &[])) {
        Ok(truth(!lifecycle::is_initialized()))
    }
}

fastcall! {
    /// `sys.displayhook(object, /)`: None shows nothing; anything else is
    /// written as its repr and a newline to `sys.stdout` and kept in
    /// `builtins._`.
    fn sys_displayhook(_m, a = Sig::new("displayhook", &[pos("object")])) {
        let o = a.req(0);
        if o == lifecycle::none() {
            return Ok(Owned::from_borrowed(lifecycle::none()));
        }
        let builtins = crate::system::builtins::module();
        let underscore = unicode::intern("_")?;
        abstract_::setattr(builtins, underscore.as_ptr(), lifecycle::none())?;
        let out = crate::system::sysmodule::get("stdout");
        if out.is_null() || out == lifecycle::none() {
            return Err(err::raise(exceptions::Exc::RuntimeError, "lost sys.stdout"));
        }
        let r = abstract_::repr(o)?;
        crate::system::builtin_funcs::write_object(r.as_ptr(), out, true)?;
        let nl = text("\n")?;
        crate::system::builtin_funcs::write_object(nl.as_ptr(), out, true)?;
        abstract_::setattr(builtins, underscore.as_ptr(), o)?;
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

fastcall! {
    /// `sys.call_tracing(func, args, /)`: `func(*args)`.
    fn sys_call_tracing(_m, a = Sig::new("call_tracing", &[pos("func"), pos("args")])) {
        let args = a.req(1);
        if !tuple::check(args) {
            return Err(a.bad(1, "tuple", args));
        }
        call::call(a.req(0), args, ptr::null_mut())
    }
}

static mut METHODS: [PyMethodDef; 14] = [
    def(c"exit", sys_exit),
    def(c"getrecursionlimit", sys_getrecursionlimit),
    def(c"setrecursionlimit", sys_setrecursionlimit),
    def(c"getrefcount", sys_getrefcount),
    def(c"getsizeof", sys_getsizeof),
    def(c"intern", sys_intern),
    def(c"_getframe", sys_getframe),
    def(c"getdefaultencoding", sys_getdefaultencoding),
    def(c"getfilesystemencoding", sys_getfilesystemencoding),
    def(c"getfilesystemencodeerrors", sys_getfilesystemencodeerrors),
    def(c"is_finalizing", sys_is_finalizing),
    def(c"displayhook", sys_displayhook),
    def(c"call_tracing", sys_call_tracing),
    typeobj::METHOD_END,
];
