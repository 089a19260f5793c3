//! The `builtins` module: the namespace functions look names up in last
//! (`func.__builtins__` when the globals have no `__builtins__`), holding
//! the builtin types, the singletons and the standard exceptions Ophis
//! has, and the builtin functions that need no running frame (`len`,
//! `repr`, `isinstance`, `compile`, ...; more in `builtin_funcs.rs`); the
//! ones that need a frame (`exec`, `globals`, ...) arrive with the
//! evaluator.

use crate::code::pythonrun::{self, cf};
use crate::objects::exceptions::{self, Exc, TABLE};
use crate::objects::object::*;
use crate::objects::typeobj::PyMethodDef;
use crate::protocols::clinic::{arg, arg_opt, def, fastcall, kw_opt, pos, pos_opt, Sig};
use crate::runtime::err::{self, PyResult};
use crate::{
    objects::bytearray, objects::bytes, objects::dict, objects::long, objects::methodobject,
    objects::module, objects::unicode, protocols::abstract_, runtime::lifecycle,
};
use std::ffi::c_int;
use std::ptr;

static mut MODULE: *mut PyObject = ptr::null_mut();

/// Creates the module. Start-up only, after the types and exceptions.
pub(crate) unsafe fn init() -> PyResult<()> {
    // SAFETY: start-up; every object put in the dict is live.
    unsafe {
        let name = unicode::intern("builtins")?;
        let m = module::new(name.as_ptr())?;
        let d = module::dict_of(m.as_ptr());
        let put = |n: &str, v: *mut PyObject| -> PyResult<()> {
            let k = unicode::intern(n)?;
            dict::set(d, k.as_ptr(), v)
        };
        put("None", lifecycle::none())?;
        put("Ellipsis", lifecycle::ellipsis())?;
        put("NotImplemented", lifecycle::not_implemented())?;
        put("False", lifecycle::false_())?;
        put("True", lifecycle::true_())?;
        for (n, t) in [
            ("bool", lifecycle::bool_type()),
            ("bytearray", lifecycle::bytearray_type()),
            ("bytes", lifecycle::bytes_type()),
            ("complex", lifecycle::complex_type()),
            ("dict", lifecycle::dict_type()),
            ("float", lifecycle::float_type()),
            ("frozenset", lifecycle::frozenset_type()),
            ("int", lifecycle::long_type()),
            ("list", lifecycle::list_type()),
            ("memoryview", lifecycle::memoryview_type()),
            ("object", lifecycle::object_type()),
            ("property", lifecycle::property_type()),
            ("classmethod", lifecycle::classmethod_type()),
            ("staticmethod", lifecycle::staticmethod_type()),
            ("range", lifecycle::range_type()),
            ("set", lifecycle::set_type()),
            ("slice", lifecycle::slice_type()),
            ("str", lifecycle::unicode_type()),
            ("super", lifecycle::super_type()),
            ("tuple", lifecycle::tuple_type()),
            ("type", lifecycle::type_type()),
        ] {
            put(n, t as *mut PyObject)?;
        }
        crate::objects::builtiniter::init_types()?;
        for (n, t) in crate::objects::builtiniter::builtin_types() {
            put(n, t as *mut PyObject)?;
        }
        for (k, _) in TABLE {
            put(&exceptions::name(*k), exceptions::get(*k))?;
        }
        put("ExceptionGroup", exceptions::exception_group())?;
        // CPython's aliases of OSError, and `__debug__` (no -O here).
        put("EnvironmentError", exceptions::get(Exc::OSError))?;
        put("IOError", exceptions::get(Exc::OSError))?;
        put("__debug__", lifecycle::true_())?;
        for defs in [
            ptr::addr_of_mut!(FUNCTIONS) as *mut PyMethodDef,
            ptr::addr_of_mut!(crate::system::builtin_funcs::FUNCTIONS) as *mut PyMethodDef,
        ] {
            let mut i = 0;
            while !(*defs.add(i)).ml_name.is_null() {
                let f = methodobject::new_cmethod(
                    defs.add(i),
                    m.as_ptr(),
                    name.as_ptr(),
                    ptr::null_mut(),
                )?;
                let n = std::ffi::CStr::from_ptr((*defs.add(i)).ml_name).to_string_lossy();
                put(&n, f.as_ptr())?;
                i += 1;
            }
        }
        MODULE = m.into_raw();
        Ok(())
    }
}

/// The `builtins` module (borrowed).
pub fn module() -> *mut PyObject {
    // SAFETY: written once at start-up.
    unsafe { MODULE }
}

/// The `builtins` namespace (borrowed).
pub fn dict() -> *mut PyObject {
    // SAFETY: the module lives for the process.
    unsafe { module::dict_of(module()) }
}

/// `PyImport_ImportModule`: a module of `sys.modules` or of the inittab
/// (a new reference); anything else is `ModuleNotFoundError`, as CPython
/// reports a module it cannot find.
pub fn import(name: &str) -> PyResult<Owned> {
    // SAFETY: the runtime is initialized (the callers hold the GIL).
    unsafe { crate::system::import::import(name) }
}

/// A `METH_O` builtin: one positional argument, CPython's "takes exactly
/// one argument" error from the method machinery.
macro_rules! one_arg {
    ($(#[$m:meta])* $f:ident, |$x:ident| $body:expr) => {
        $(#[$m])*
        unsafe extern "C" fn $f(_m: *mut PyObject, $x: *mut PyObject) -> *mut PyObject {
            unsafe fn body($x: *mut PyObject) -> PyResult<Owned> {
                #[allow(unused_unsafe)]
                // SAFETY: METH_O contract: a live argument.
                unsafe {
                    $body
                }
            }
            // SAFETY: as above.
            err::into_ptr(unsafe { body($x) })
        }
    };
}

pub(crate) use one_arg;

/// The `PyMethodDef` of a [`one_arg!`] builtin.
pub(crate) const fn one_arg_def(
    name: &'static std::ffi::CStr,
    f: unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject,
) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(f),
        ml_flags: methodobject::meth::O,
        ml_doc: ptr::null(),
    }
}

/// The builtin functions Ophis has so far: the ones that need no running
/// frame.
static mut FUNCTIONS: [PyMethodDef; 20] = [
    crate::objects::typenew::BUILD_CLASS_DEF,
    def(c"compile", builtin_compile),
    one_arg_def(c"len", builtin_len),
    one_arg_def(c"repr", builtin_repr),
    one_arg_def(c"ascii", builtin_ascii),
    one_arg_def(c"hash", builtin_hash),
    one_arg_def(c"id", builtin_id),
    one_arg_def(c"callable", builtin_callable),
    def(c"isinstance", builtin_isinstance),
    def(c"issubclass", builtin_issubclass),
    def(c"hasattr", builtin_hasattr),
    def(c"setattr", builtin_setattr),
    def(c"getattr", builtin_getattr),
    def(c"delattr", builtin_delattr),
    def(c"iter", builtin_iter),
    def(c"next", builtin_next),
    crate::code::asyncgen::AITER_DEF,
    crate::code::asyncgen::ANEXT_DEF,
    def(c"format", builtin_format),
    crate::objects::typeobj::METHOD_END,
];

one_arg!(
    /// `len(obj, /)`.
    builtin_len, |x| long::from_i64(abstract_::size(x)? as i64)
);

one_arg!(
    /// `repr(obj, /)`.
    builtin_repr, |x| abstract_::repr(x)
);

one_arg!(
    /// `ascii(obj, /)`.
    builtin_ascii, |x| abstract_::ascii(x)
);

one_arg!(
    /// `hash(obj, /)`.
    builtin_hash, |x| long::from_i64(abstract_::hash(x)? as i64)
);

one_arg!(
    /// `id(obj, /)`: the object's address.
    builtin_id, |x| long::from_u64(x as usize as u64)
);

one_arg!(
    /// `callable(obj, /)`.
    builtin_callable, |x| Ok(long::bool_from(abstract_::callable(x)))
);

fastcall! {
    /// `isinstance(obj, class_or_tuple, /)`.
    fn builtin_isinstance(_m, a = Sig::new("isinstance", &[pos("obj"), pos("class_or_tuple")])) {
        Ok(long::bool_from(abstract_::is_instance(a.req(0), a.req(1))?))
    }
}

fastcall! {
    /// `issubclass(cls, class_or_tuple, /)`.
    fn builtin_issubclass(_m, a = Sig::new("issubclass", &[pos("cls"), pos("class_or_tuple")])) {
        Ok(long::bool_from(abstract_::is_subclass(a.req(0), a.req(1))?))
    }
}

/// A name argument of the attribute builtins: a `str`.
///
/// # Safety
/// `v` live.
unsafe fn attr_name(v: *mut PyObject) -> PyResult<*mut PyObject> {
    // SAFETY: forwarded.
    unsafe {
        if unicode::check(v) {
            Ok(v)
        } else {
            Err(err::type_error(&format!(
                "attribute name must be string, not '{}'",
                crate::objects::typeobj::type_name_of(v)
            )))
        }
    }
}

fastcall! {
    /// `hasattr(obj, name, /)`.
    fn builtin_hasattr(_m, a = Sig::new("hasattr", &[pos("obj"), pos("name")])) {
        let name = attr_name(a.req(1))?;
        Ok(long::bool_from(abstract_::lookup_attr(a.req(0), name)?.is_some()))
    }
}

fastcall! {
    /// `setattr(obj, name, value, /)`.
    fn builtin_setattr(_m, a = Sig::new("setattr", &[pos("obj"), pos("name"), pos("value")])) {
        let name = attr_name(a.req(1))?;
        abstract_::setattr(a.req(0), name, a.req(2))?;
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

fastcall! {
    /// `getattr(object, name[, default], /)`.
    fn builtin_getattr(_m, a = Sig::new("getattr", &[pos("object"), pos("name"), pos_opt("default")])) {
        let name = attr_name(a.req(1))?;
        match a.get(2) {
            None => abstract_::getattr(a.req(0), name),
            Some(d) => Ok(abstract_::lookup_attr(a.req(0), name)?
                .unwrap_or_else(|| Owned::from_borrowed(d))),
        }
    }
}

fastcall! {
    /// `delattr(obj, name, /)`.
    fn builtin_delattr(_m, a = Sig::new("delattr", &[pos("obj"), pos("name")])) {
        let name = attr_name(a.req(1))?;
        abstract_::setattr(a.req(0), name, ptr::null_mut())?;
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

fastcall! {
    /// `iter(object[, sentinel], /)`: the object's iterator, or a
    /// callable iterator until `sentinel`.
    fn builtin_iter(_m, a = Sig::new("iter", &[pos("object"), pos_opt("sentinel")])) {
        match a.get(1) {
            None => crate::objects::iterobject::get_iter(a.req(0)),
            Some(sentinel) => {
                if !abstract_::callable(a.req(0)) {
                    return Err(err::type_error("iter(object, sentinel): object must be callable"));
                }
                crate::objects::iterobject::call_iter_new(a.req(0), sentinel)
            }
        }
    }
}

fastcall! {
    /// `next(iterator[, default], /)`: a `StopIteration` raised by the
    /// iterator propagates (with its value) unless there is a default.
    fn builtin_next(_m, a = Sig::new("next", &[pos("iterator"), pos_opt("default")])) {
        let it = a.req(0);
        let Some(f) = (*(*it).ob_type).tp_iternext else {
            return Err(err::type_error(&format!(
                "'{}' object is not an iterator",
                crate::objects::typeobj::full_name((*it).ob_type)
            )));
        };
        let r = f(it);
        if !r.is_null() {
            return Ok(Owned::from_raw(r));
        }
        let occ = err::occurred();
        match a.get(1) {
            Some(d) => {
                if !occ.is_null() {
                    if !err::given_matches(occ, exceptions::get(Exc::StopIteration)) {
                        return Err(err::Raised::assume());
                    }
                    err::clear();
                }
                Ok(Owned::from_borrowed(d))
            }
            None => {
                if occ.is_null() {
                    return Err(err::set_object(exceptions::get(Exc::StopIteration), ptr::null_mut()));
                }
                Err(err::Raised::assume())
            }
        }
    }
}

fastcall! {
    /// `format(value, format_spec='', /)`.
    fn builtin_format(_m, a = Sig::new("format", &[pos("value"), pos_opt("format_spec")])) {
        let spec = match a.get(1) {
            None => ptr::null_mut(),
            Some(s) if unicode::check(s) => s,
            Some(s) => {
                return Err(err::type_error(&format!(
                    "format() argument 2 must be str, not {}",
                    crate::objects::typeobj::type_name_of(s)
                )))
            }
        };
        abstract_::format(a.req(0), spec)
    }
}

/// An `int` argument (`_PyLong_AsInt`), or `default`.
///
/// # Safety
/// `v` NULL or live.
pub(crate) unsafe fn int_arg(v: Option<*mut PyObject>, default: c_int) -> PyResult<c_int> {
    match v {
        None => Ok(default),
        // SAFETY: forwarded.
        Some(v) => unsafe {
            let i = long::index(v)?;
            let x = long::as_i64(i.as_ptr(), "Python int too large to convert to C int")?;
            c_int::try_from(x)
                .map_err(|_| err::overflow_error("Python int too large to convert to C int"))
        },
    }
}

fastcall! {
    /// `compile(source, filename, mode, flags=0, dont_inherit=False,
    /// optimize=-1, *, _feature_version=-1)`: source as str (UTF-8, no
    /// encoding declaration) or bytes/bytearray (PEP 263); optimize 1
    /// and 2 drop asserts and docstrings; flags the compiler does not take
    /// yet raise `SystemError` (see [`pythonrun::compile_source`]). There is no running frame to
    /// inherit future features from yet, so `dont_inherit` changes nothing.
    fn builtin_compile(_m, a = Sig::new("compile", &[arg("source"), arg("filename"), arg("mode"),
        arg_opt("flags"), arg_opt("dont_inherit"), arg_opt("optimize"), kw_opt("_feature_version")])) {
        let filename = crate::objects::codecs::fs_decode(a.req(1))?;
        let mode = a.req_str(2)?;
        let mut flags = int_arg(a.get(3), 0)?;
        let _dont_inherit = int_arg(a.get(4), 0)?;
        let optimize = int_arg(a.get(5), -1)?;
        let _feature_version = int_arg(a.get(6), -1)?;
        if flags & !(cf::MASK | cf::MASK_OBSOLETE | cf::COMPILE_MASK) != 0 {
            return Err(err::value_error("compile(): unrecognised flags"));
        }
        if !(-1..=2).contains(&optimize) {
            return Err(err::value_error("compile(): invalid optimize value"));
        }
        let mode_bytes = unicode::as_bytes(mode);
        if mode_bytes.contains(&0) {
            return Err(err::value_error("embedded null character"));
        }
        let start = match mode_bytes {
            b"exec" => pythonrun::FILE_INPUT,
            b"eval" => pythonrun::EVAL_INPUT,
            b"single" => pythonrun::SINGLE_INPUT,
            b"func_type" => {
                if flags & cf::ONLY_AST == 0 {
                    return Err(err::value_error(
                        "compile() mode 'func_type' requires flag PyCF_ONLY_AST",
                    ));
                }
                pythonrun::FUNC_TYPE_INPUT
            }
            _ => {
                return Err(err::value_error(if flags & cf::ONLY_AST != 0 {
                    "compile() mode must be 'exec', 'eval', 'single' or 'func_type'"
                } else {
                    "compile() mode must be 'exec', 'eval' or 'single'"
                }))
            }
        };
        let src = a.req(0);
        if crate::system::astmodule::is_ast(src)? {
            if flags & cf::ONLY_AST != 0 {
                return Ok(Owned::from_borrowed(src));
            }
            let mode = match start {
                pythonrun::FILE_INPUT => ophis_compiler::Mode::Exec,
                pythonrun::EVAL_INPUT => ophis_compiler::Mode::Eval,
                pythonrun::SINGLE_INPUT => ophis_compiler::Mode::Single,
                _ => {
                    return Err(err::system_error(
                        "compile() mode 'func_type' is not supported by Ophis's compiler yet",
                    ))
                }
            };
            let parsed = crate::system::astmodule::from_object(src, mode)?;
            return pythonrun::compile_tree(parsed, filename.as_ptr(), mode, flags, optimize);
        }
        let source: &[u8] = if unicode::check(src) {
            flags |= cf::IGNORE_COOKIE;
            let p = unicode::utf8(src)?;
            std::slice::from_raw_parts(p, unicode::len_bytes(src) as usize)
        } else if bytes::check(src) {
            bytes::as_slice(src)
        } else if bytearray::check(src) {
            bytearray::as_slice(src)
        } else {
            return Err(err::type_error("compile() arg 1 must be a string, bytes or AST object"));
        };
        if source.contains(&0) {
            return Err(err::raise(
                Exc::SyntaxError,
                "source code string cannot contain null bytes",
            ));
        }
        // A copy: running the compiler must not see the object change.
        let source = source.to_vec();
        let mut merged = flags;
        pythonrun::compile_source(
            &pythonrun::Request {
                source: &source,
                filename: filename.as_ptr(),
                start,
                flags,
                optimize,
            },
            &mut merged,
        )
    }
}
