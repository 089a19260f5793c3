//! C functions and methods from `PyMethodDef` tables: `method_descriptor`,
//! `classmethod_descriptor` and `staticmethod` entries in a type's dict,
//! and `builtin_function_or_method` objects (CPython's `PyCFunctionObject`
//! and `PyCMethodObject` layouts), called with every `METH_*` convention
//! and CPython's argument errors.
//!
//! Calls go through `tp_call` with a tuple and a dict; the vectorcall work
//! replaces the inside with the real protocol.

use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyMethodDef, PyTypeObject};
use crate::runtime::alloc;
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::runtime::thread;
use crate::{objects::descr, objects::dict, objects::tuple, objects::unicode, protocols::call};
use std::ffi::{c_int, c_void, CStr};
use std::ptr;

/// `METH_*` flag values.
#[allow(missing_docs)]
pub mod meth {
    use std::ffi::c_int;
    pub const VARARGS: c_int = 0x0001;
    pub const KEYWORDS: c_int = 0x0002;
    pub const NOARGS: c_int = 0x0004;
    pub const O: c_int = 0x0008;
    pub const CLASS: c_int = 0x0010;
    pub const STATIC: c_int = 0x0020;
    pub const COEXIST: c_int = 0x0040;
    pub const FASTCALL: c_int = 0x0080;
    pub const METHOD: c_int = 0x0200;
}

/// `PyCFunctionObject` followed by `PyCMethodObject`'s `mm_class`.
#[repr(C)]
#[allow(missing_docs)]
pub struct PyCMethodObject {
    pub ob_base: PyObject,
    pub m_ml: *mut PyMethodDef,
    pub m_self: *mut PyObject,
    pub m_module: *mut PyObject,
    pub m_weakreflist: *mut PyObject,
    pub vectorcall: typeobj::vectorcallfunc,
    pub mm_class: *mut PyTypeObject,
}

/// A method descriptor (`method_descriptor` / `classmethod_descriptor`).
#[repr(C)]
pub struct PyMethodDescrObject {
    /// Header.
    pub ob_base: PyObject,
    /// The defining type (borrowed: it outlives its dict).
    pub d_type: *mut PyTypeObject,
    /// The name (owned).
    pub d_name: *mut PyObject,
    /// The C entry.
    pub d_method: *mut PyMethodDef,
    /// The vectorcall chosen by the entry's convention.
    pub vectorcall: typeobj::vectorcallfunc,
}
descr::assert_header!(PyMethodDescrObject);

static mut CFUNC_TYPE: *mut PyTypeObject = ptr::null_mut();
static mut CMETHOD_TYPE: *mut PyTypeObject = ptr::null_mut();
static mut METHOD_DESCR_TYPE: *mut PyTypeObject = ptr::null_mut();
static mut CLASSMETHOD_DESCR_TYPE: *mut PyTypeObject = ptr::null_mut();

/// Creates the types. Start-up only, before types are readied.
pub(crate) unsafe fn init_types() {
    // SAFETY: start-up.
    unsafe {
        let f = lifecycle::cfunction_type();
        (*f).ob_base.ob_base = static_header(lifecycle::type_type());
        (*f).tp_name = c"builtin_function_or_method".as_ptr();
        (*f).tp_basicsize = std::mem::size_of::<PyCMethodObject>() as isize;
        (*f).tp_flags =
            flags::DEFAULT | flags::IMMUTABLETYPE | flags::HAVE_VECTORCALL | flags::HAVE_GC;
        (*f).tp_traverse = Some(cfunc_traverse);
        (*f).tp_vectorcall_offset = std::mem::offset_of!(PyCMethodObject, vectorcall) as isize;
        (*f).tp_dealloc = Some(cfunc_dealloc);
        (*f).tp_repr = Some(cfunc_repr);
        (*f).tp_call = Some(cfunc_call);
        (*f).tp_getset = ptr::addr_of_mut!(CFUNC_GETSET) as *mut typeobj::PyGetSetDef;
        (*f).tp_richcompare = Some(cfunc_richcompare);
        (*f).tp_hash = Some(cfunc_hash);
        (*f).tp_flags |= flags::BASETYPE;
        let cm = lifecycle::cmethod_type();
        (*cm).ob_base.ob_base = static_header(lifecycle::type_type());
        (*cm).tp_name = c"builtin_method".as_ptr();
        (*cm).tp_base = f;
        (*cm).tp_basicsize = std::mem::size_of::<PyCMethodObject>() as isize;
        (*cm).tp_flags = flags::DEFAULT | flags::IMMUTABLETYPE | flags::HAVE_GC;
        (*cm).tp_traverse = Some(cfunc_traverse);
        (*cm).tp_dealloc = Some(cfunc_dealloc);
        CMETHOD_TYPE = cm;
        let d = lifecycle::method_descr_type();
        (*d).ob_base.ob_base = static_header(lifecycle::type_type());
        (*d).tp_name = c"method_descriptor".as_ptr();
        (*d).tp_basicsize = std::mem::size_of::<PyMethodDescrObject>() as isize;
        (*d).tp_flags = flags::DEFAULT
            | flags::IMMUTABLETYPE
            | flags::METHOD_DESCRIPTOR
            | flags::HAVE_VECTORCALL;
        (*d).tp_vectorcall_offset = std::mem::offset_of!(PyMethodDescrObject, vectorcall) as isize;
        (*d).tp_dealloc = Some(descr::header_dealloc);
        (*d).tp_repr = Some(descr_repr);
        (*d).tp_call = Some(call::vectorcall_call_slot);
        (*d).tp_descr_get = Some(descr_get);
        (*d).tp_getset = ptr::addr_of_mut!(DESCR_GETSET) as *mut typeobj::PyGetSetDef;
        let c = lifecycle::leak_type();
        (*c).tp_name = c"classmethod_descriptor".as_ptr();
        (*c).tp_basicsize = std::mem::size_of::<PyMethodDescrObject>() as isize;
        (*c).tp_flags = flags::DEFAULT | flags::IMMUTABLETYPE;
        (*c).tp_dealloc = Some(descr::header_dealloc);
        (*c).tp_repr = Some(descr_repr);
        (*c).tp_call = Some(classdescr_call);
        (*c).tp_descr_get = Some(classdescr_get);
        (*c).tp_getset = ptr::addr_of_mut!(DESCR_GETSET) as *mut typeobj::PyGetSetDef;
        CFUNC_TYPE = f;
        METHOD_DESCR_TYPE = d;
        CLASSMETHOD_DESCR_TYPE = c;
    }
}

/// Readies the types. Start-up only.
pub(crate) unsafe fn ready_types() {
    // SAFETY: start-up.
    unsafe {
        for t in [
            CFUNC_TYPE,
            CMETHOD_TYPE,
            METHOD_DESCR_TYPE,
            CLASSMETHOD_DESCR_TYPE,
        ] {
            if typeobj::ready_static(t).is_err() {
                lifecycle::fatal("Py_Initialize", "cannot ready the method types");
            }
        }
    }
}

/// Adds the entries of a NULL-terminated `PyMethodDef` table to `t`'s dict:
/// an existing name is kept unless the entry has `METH_COEXIST`.
///
/// # Safety
/// `t` a type being readied; `defs` lives as long as the type.
pub unsafe fn add_methods(t: *mut PyTypeObject, defs: *mut PyMethodDef) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let d = (*t).tp_dict;
        let mut m = defs;
        while !(*m).ml_name.is_null() {
            let f = (*m).ml_flags;
            if f & meth::CLASS != 0 && f & meth::STATIC != 0 {
                return Err(err::value_error("method cannot be both class and static"));
            }
            let key = unicode::intern(&CStr::from_ptr((*m).ml_name).to_string_lossy())?;
            if f & meth::CLASS == 0 && !valid_flags(f) {
                return Err(err::system_error(&format!(
                    "{}() method: bad call flags",
                    CStr::from_ptr((*m).ml_name).to_string_lossy()
                )));
            }
            let obj = if f & meth::STATIC != 0 {
                // Bound to the type (for its name), called without self.
                let func = new_cfunction(m, t as *mut PyObject, ptr::null_mut())?;
                crate::objects::classmethod::new_staticmethod(func.as_ptr())?
            } else {
                let dt = if f & meth::CLASS != 0 {
                    CLASSMETHOD_DESCR_TYPE
                } else {
                    METHOD_DESCR_TYPE
                };
                let op = alloc::new_object(dt, std::mem::size_of::<PyMethodDescrObject>())?;
                let de = op as *mut PyMethodDescrObject;
                (*de).d_type = t;
                (*de).d_name = new_ref(key.as_ptr());
                (*de).d_method = m;
                (*de).vectorcall = descr_vectorcall_for(f);
                Owned::from_raw(op)
            };
            if f & meth::COEXIST != 0 || dict::get(d, key.as_ptr())?.is_none() {
                dict::set(d, key.as_ptr(), obj.as_ptr())?;
            }
            m = m.add(1);
        }
        Ok(())
    }
}

/// Whether `f` is a calling convention CPython accepts.
fn valid_flags(f: c_int) -> bool {
    let conv = f & !(meth::CLASS | meth::STATIC | meth::COEXIST);
    matches!(
        conv,
        meth::NOARGS | meth::O | meth::VARARGS | meth::FASTCALL
    ) || conv == meth::VARARGS | meth::KEYWORDS
        || conv == meth::FASTCALL | meth::KEYWORDS
        || conv == meth::METHOD | meth::FASTCALL | meth::KEYWORDS
}

/// The self a C function receives: none for static methods.
unsafe fn self_arg(f: *mut PyCMethodObject) -> *mut PyObject {
    // SAFETY: a live function object.
    unsafe {
        if (*(*f).m_ml).ml_flags & meth::STATIC != 0 {
            ptr::null_mut()
        } else {
            (*f).m_self
        }
    }
}

unsafe extern "C" fn cfunc_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: slot; `a` is a C function.
    unsafe {
        let eqop = crate::protocols::abstract_::EQ;
        if (op != eqop && op != crate::protocols::abstract_::NE)
            || !typeobj::is_subtype((*b).ob_type, CFUNC_TYPE)
        {
            return new_ref(lifecycle::not_implemented());
        }
        let (x, y) = (a as *mut PyCMethodObject, b as *mut PyCMethodObject);
        let eq = (*x).m_ml == (*y).m_ml && (*x).m_self == (*y).m_self;
        crate::objects::long::bool_from(eq == (op == eqop)).into_raw()
    }
}

unsafe extern "C" fn cfunc_hash(op: *mut PyObject) -> isize {
    // SAFETY: slot on a C function.
    unsafe {
        let f = op as *mut PyCMethodObject;
        let h = ((*f).m_self as usize).rotate_right(4) as isize
            ^ ((*f).m_ml as usize).rotate_right(4) as isize;
        if h == -1 {
            -2
        } else {
            h
        }
    }
}

/// `PyCMethod_New`: a `builtin_function_or_method` for `ml` bound to
/// `self_` (NULL for a plain function), with `module` as its `__module__`
/// and, for `METH_METHOD`, the defining class `cls`.
///
/// # Safety
/// `ml` must outlive the function; `self_`, `module` and `cls` NULL or live.
pub unsafe fn new_cmethod(
    ml: *mut PyMethodDef,
    self_: *mut PyObject,
    module: *mut PyObject,
    cls: *mut PyTypeObject,
) -> PyResult<Owned> {
    // SAFETY: a fresh object; references taken for each pointer field.
    unsafe {
        let fl = (*ml).ml_flags;
        let vc = match vectorcall_for(fl) {
            Some(vc) => vc,
            None => {
                return Err(err::system_error(&format!(
                    "{}() method: bad call flags",
                    CStr::from_ptr((*ml).ml_name).to_string_lossy()
                )))
            }
        };
        let ty = if fl & meth::METHOD != 0 {
            if cls.is_null() {
                return Err(err::system_error(
                    "attempting to create PyCMethod with a METH_METHOD flag but no class",
                ));
            }
            CMETHOD_TYPE
        } else {
            if !cls.is_null() {
                return Err(err::system_error(
                    "attempting to create PyCFunction with class but no METH_METHOD flag",
                ));
            }
            CFUNC_TYPE
        };
        let op = alloc::new_object(ty, std::mem::size_of::<PyCMethodObject>())?;
        let f = op as *mut PyCMethodObject;
        (*f).m_ml = ml;
        (*f).m_self = if self_.is_null() {
            ptr::null_mut()
        } else {
            new_ref(self_)
        };
        (*f).m_module = if module.is_null() {
            ptr::null_mut()
        } else {
            new_ref(module)
        };
        (*f).vectorcall = vc;
        (*f).mm_class = if cls.is_null() {
            ptr::null_mut()
        } else {
            new_ref(cls as *mut PyObject) as *mut PyTypeObject
        };
        crate::runtime::gc::track(op);
        Ok(Owned::from_raw(op))
    }
}

/// A builtin bound to `self_` with no module (what descriptors create).
///
/// # Safety
/// As [`new_cmethod`].
pub unsafe fn new_cfunction(
    ml: *mut PyMethodDef,
    self_: *mut PyObject,
    cls: *mut PyTypeObject,
) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe { new_cmethod(ml, self_, ptr::null_mut(), cls) }
}

/// The calling convention in `ml_flags` (binding flags masked off).
#[inline(always)]
fn convention(fl: c_int) -> c_int {
    fl & (meth::VARARGS | meth::FASTCALL | meth::NOARGS | meth::O | meth::KEYWORDS | meth::METHOD)
}

const FAST_KW: c_int = meth::FASTCALL | meth::KEYWORDS;
const METHOD_KW: c_int = meth::METHOD | meth::FASTCALL | meth::KEYWORDS;
const VARARGS_KW: c_int = meth::VARARGS | meth::KEYWORDS;

/// The vectorcall pointer a builtin with these flags gets: `Some(None)`
/// for the `METH_VARARGS` conventions (called through `tp_call`, as in
/// CPython), `None` for flags no convention accepts.
fn vectorcall_for(fl: c_int) -> Option<typeobj::vectorcallfunc> {
    Some(match convention(fl) {
        meth::VARARGS | VARARGS_KW => None,
        meth::FASTCALL => Some(cfunc_vectorcall::<{ meth::FASTCALL }>),
        FAST_KW => Some(cfunc_vectorcall::<FAST_KW>),
        METHOD_KW => Some(cfunc_vectorcall::<METHOD_KW>),
        meth::NOARGS => Some(cfunc_vectorcall::<{ meth::NOARGS }>),
        meth::O => Some(cfunc_vectorcall::<{ meth::O }>),
        _ => return None,
    })
}

/// `_PyObject_FunctionStr`: `module.qualname()` when `__module__` is a str
/// other than `builtins`, else `qualname()` (falling back to `str(x)`);
/// the name CPython's argument errors use.
///
/// # Safety
/// `x` live.
pub unsafe fn function_str(x: *mut PyObject) -> String {
    // SAFETY: forwarded; errors from the lookups are swallowed.
    unsafe {
        err::preserving(|| {
            let attr = |n: &str| {
                let r = unicode::from_str(n)
                    .and_then(|n| crate::protocols::abstract_::getattr(x, n.as_ptr()))
                    .ok();
                err::clear();
                r
            };
            let Some(q) = attr("__qualname__") else {
                let s = crate::protocols::abstract_::str_string(x).unwrap_or_default();
                err::clear();
                return s;
            };
            let q = crate::protocols::abstract_::str_string(q.as_ptr()).unwrap_or_default();
            match attr("__module__") {
                Some(m) if m.as_ptr() != lifecycle::none() => {
                    let m = crate::protocols::abstract_::str_string(m.as_ptr()).unwrap_or_default();
                    err::clear();
                    if m == "builtins" {
                        format!("{q}()")
                    } else {
                        format!("{m}.{q}()")
                    }
                }
                _ => format!("{q}()"),
            }
        })
    }
}

#[cold]
#[inline(never)]
unsafe fn no_keywords(func: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe {
        err::type_error(&format!(
            "{} takes no keyword arguments",
            function_str(func)
        ))
        .into()
    }
}

#[cold]
#[inline(never)]
unsafe fn arity_error(func: *mut PyObject, what: &str, n: usize) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe { err::type_error(&format!("{} takes {what} ({n} given)", function_str(func))).into() }
}

#[inline(always)]
unsafe fn has_keywords(kwnames: *mut PyObject) -> bool {
    // SAFETY: NULL or a tuple.
    !kwnames.is_null() && unsafe { tuple::size(kwnames) } != 0
}

/// The C signatures a `PyMethodDef`'s `ml_meth` is called with, by its
/// flags: `METH_NOARGS`/`METH_O`/`METH_VARARGS`, `METH_VARARGS |
/// METH_KEYWORDS`, `METH_FASTCALL`, `METH_FASTCALL | METH_KEYWORDS` and
/// `METH_METHOD | METH_FASTCALL | METH_KEYWORDS`.
type Plain = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
type WithKw = unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject;
type Fast = unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, isize) -> *mut PyObject;
type FastKw = unsafe extern "C" fn(
    *mut PyObject,
    *const *mut PyObject,
    isize,
    *mut PyObject,
) -> *mut PyObject;
type Method = unsafe extern "C" fn(
    *mut PyObject,
    *mut PyTypeObject,
    *const *mut PyObject,
    usize,
    *mut PyObject,
) -> *mut PyObject;

/// [`invoke`] for the conventions that take the caller's vector as it is
/// (no tuple or dict to build): when a thread state is attached with
/// recursion room, the function pointer is set and the arguments fit the
/// convention, the C function is called straight from here, with no value
/// kept across the call, so this path saves no registers; anything else
/// (including every error) goes to [`invoke`] out of line.
///
/// # Safety
/// As for [`invoke`].
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn invoke_vector<const CONV: c_int>(
    func: *mut PyObject,
    ml: *mut PyMethodDef,
    self_: *mut PyObject,
    cls: *mut PyTypeObject,
    args: *const *mut PyObject,
    nargs: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: as for `invoke`: the function pointer is called with the
    // signature its flags declare; the attached thread state is this
    // thread's own.
    unsafe {
        if CONV != meth::VARARGS && CONV != VARARGS_KW {
            let ts = thread::attached();
            let kw_ok = CONV == FAST_KW || CONV == METHOD_KW || !has_keywords(kwnames);
            let arity_ok = match CONV {
                meth::NOARGS => nargs == 0,
                meth::O => nargs == 1,
                _ => true,
            };
            if let (Some(m), false, true, true) = ((*ml).ml_meth, ts.is_null(), kw_ok, arity_ok) {
                if (*ts).c_recursion_remaining > 0 {
                    (*ts).c_recursion_remaining -= 1;
                    let m = m as *const ();
                    let r = match CONV {
                        meth::FASTCALL => {
                            std::mem::transmute::<*const (), Fast>(m)(self_, args, nargs as isize)
                        }
                        FAST_KW => std::mem::transmute::<*const (), FastKw>(m)(
                            self_,
                            args,
                            nargs as isize,
                            kwnames,
                        ),
                        METHOD_KW => std::mem::transmute::<*const (), Method>(m)(
                            self_, cls, args, nargs, kwnames,
                        ),
                        meth::NOARGS => {
                            std::mem::transmute::<*const (), Plain>(m)(self_, ptr::null_mut())
                        }
                        _ => std::mem::transmute::<*const (), Plain>(m)(self_, *args),
                    };
                    call::leave_recursive_call();
                    return r;
                }
            }
        }
        invoke_out_of_line::<CONV>(func, ml, self_, cls, args, nargs, kwnames)
    }
}

/// [`invoke`], out of line (the paths [`invoke_vector`] does not take).
///
/// # Safety
/// As for [`invoke`].
#[inline(never)]
#[allow(clippy::too_many_arguments)]
unsafe fn invoke_out_of_line<const CONV: c_int>(
    func: *mut PyObject,
    ml: *mut PyMethodDef,
    self_: *mut PyObject,
    cls: *mut PyTypeObject,
    args: *const *mut PyObject,
    nargs: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe { invoke::<CONV>(func, ml, self_, cls, args, nargs, kwnames) }
}

/// Calls the C function of `ml` by its convention `CONV` with `self_` and
/// a vector of arguments, with CPython's argument errors (named after
/// `func`) and the recursion guard. The result is unchecked (the caller's
/// entry point checks it).
///
/// # Safety
/// `ml`'s function has the signature `CONV` declares; `args` valid for
/// `nargs + len(kwnames)` reads.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn invoke<const CONV: c_int>(
    func: *mut PyObject,
    ml: *mut PyMethodDef,
    self_: *mut PyObject,
    cls: *mut PyTypeObject,
    args: *const *mut PyObject,
    nargs: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: the function pointer is called with the signature its flags
    // declare (the C definer's contract); arguments are borrowed.
    unsafe {
        let Some(m) = (*ml).ml_meth else {
            return err::system_error("PyMethodDef has a NULL ml_meth").into();
        };
        let m = m as *const ();
        if CONV != FAST_KW && CONV != METHOD_KW && CONV != VARARGS_KW && has_keywords(kwnames) {
            return no_keywords(func);
        }
        match CONV {
            meth::NOARGS if nargs != 0 => return arity_error(func, "no arguments", nargs),
            meth::O if nargs != 1 => return arity_error(func, "exactly one argument", nargs),
            _ => {}
        }
        let mut packed = None;
        if CONV == meth::VARARGS || CONV == VARARGS_KW {
            match tuple::new_from(call::slice(args, nargs)) {
                Ok(t) => packed = Some(t),
                Err(e) => return e.into(),
            }
        }
        let mut kwdict = None;
        if CONV == VARARGS_KW && has_keywords(kwnames) {
            let n = tuple::size(kwnames) as usize;
            match call::stack_as_dict(call::slice(args.add(nargs), n), kwnames) {
                Ok(d) => kwdict = Some(d),
                Err(e) => return e.into(),
            }
        }
        if let Err(e) = call::enter_recursive_call(call::WHILE_CALLING) {
            return e.into();
        }
        let r = match CONV {
            meth::FASTCALL => {
                std::mem::transmute::<*const (), Fast>(m)(self_, args, nargs as isize)
            }
            FAST_KW => {
                std::mem::transmute::<*const (), FastKw>(m)(self_, args, nargs as isize, kwnames)
            }
            METHOD_KW => {
                std::mem::transmute::<*const (), Method>(m)(self_, cls, args, nargs, kwnames)
            }
            meth::NOARGS => std::mem::transmute::<*const (), Plain>(m)(self_, ptr::null_mut()),
            meth::O => std::mem::transmute::<*const (), Plain>(m)(self_, *args),
            meth::VARARGS => std::mem::transmute::<*const (), Plain>(m)(
                self_,
                packed.as_ref().map_or(ptr::null_mut(), |t| t.as_ptr()),
            ),
            _ => std::mem::transmute::<*const (), WithKw>(m)(
                self_,
                packed.as_ref().map_or(ptr::null_mut(), |t| t.as_ptr()),
                kwdict.as_ref().map_or(ptr::null_mut(), |d| d.as_ptr()),
            ),
        };
        call::leave_recursive_call();
        r
    }
}

/// The vectorcall of a `builtin_function_or_method` with convention `CONV`.
unsafe extern "C" fn cfunc_vectorcall<const CONV: c_int>(
    func: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: `func` is a builtin whose vectorcall was chosen by its flags.
    unsafe {
        let f = func as *mut PyCMethodObject;
        let ml = (*f).m_ml;
        invoke_vector::<CONV>(
            func,
            ml,
            self_arg(f),
            (*f).mm_class,
            args,
            ophis_vectorcall::nargs(nargsf),
            kwnames,
        )
    }
}

/// A builtin's references: its `self` (a module, for module functions:
/// the cycle the collector must see), its module name and its class.
unsafe extern "C" fn cfunc_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut std::ffi::c_void,
) -> std::ffi::c_int {
    // SAFETY: slot on a C function.
    unsafe {
        let f = op as *mut PyCMethodObject;
        crate::runtime::gc::visit_all(
            [(*f).m_self, (*f).m_module, (*f).mm_class as *mut PyObject],
            visit,
            arg,
        )
    }
}

unsafe extern "C" fn cfunc_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        crate::runtime::gc::untrack(op);
        let f = op as *mut PyCMethodObject;
        clear_slot(ptr::addr_of_mut!((*f).m_self));
        clear_slot(ptr::addr_of_mut!((*f).m_module));
        let c = std::mem::replace(&mut (*f).mm_class, ptr::null_mut());
        xdecref(c as *mut PyObject);
        alloc::free_object(op);
    }
}

unsafe extern "C" fn cfunc_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a C function.
    unsafe {
        let f = op as *mut PyCMethodObject;
        let n = CStr::from_ptr((*(*f).m_ml).ml_name).to_string_lossy();
        let s = if (*f).m_self.is_null() || crate::objects::module::check((*f).m_self) {
            format!("<built-in function {n}>")
        } else {
            format!(
                "<built-in method {n} of {} object at {:p}>",
                typeobj::full_name((*(*f).m_self).ob_type),
                (*f).m_self
            )
        };
        err::into_ptr(unicode::from_str(&s))
    }
}

unsafe extern "C" fn cfunc_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot on a C function: a tuple and NULL or a dict.
    unsafe {
        let f = op as *mut PyCMethodObject;
        let ml = (*f).m_ml;
        let conv = convention((*ml).ml_flags);
        if conv & meth::VARARGS == 0 {
            return call::vectorcall_call(op, args, kw);
        }
        let Some(m) = (*ml).ml_meth else {
            return err::system_error("PyMethodDef has a NULL ml_meth").into();
        };
        let self_ = self_arg(f);
        let r = if conv & meth::KEYWORDS != 0 {
            let m: unsafe extern "C" fn(
                *mut PyObject,
                *mut PyObject,
                *mut PyObject,
            ) -> *mut PyObject = std::mem::transmute(m);
            m(self_, args, kw)
        } else {
            if !kw.is_null() && dict::len(kw) != 0 {
                // CPython names a VARARGS function by its bare name here.
                return err::type_error(&format!(
                    "{}() takes no keyword arguments",
                    CStr::from_ptr((*ml).ml_name).to_string_lossy()
                ))
                .into();
            }
            m(self_, args)
        };
        call::check_result_raw(op, r)
    }
}

unsafe extern "C" fn descr_repr(op: *mut PyObject) -> *mut PyObject {
    let d = op as *mut PyMethodDescrObject;
    // SAFETY: slot on a method descriptor.
    unsafe { descr::owner_repr("method", (*d).d_type, (*d).d_name) }
}

unsafe fn check_self(d: *mut PyMethodDescrObject, obj: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe { descr::check_owner((*d).d_type, (*d).d_name, obj) }
}

fn method_class(d: *mut PyMethodDescrObject) -> *mut PyTypeObject {
    // SAFETY: a live descriptor.
    unsafe {
        if (*(*d).d_method).ml_flags & meth::METHOD != 0 {
            (*d).d_type
        } else {
            ptr::null_mut()
        }
    }
}

unsafe extern "C" fn descr_get(
    op: *mut PyObject,
    obj: *mut PyObject,
    _t: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot on a method descriptor.
    unsafe {
        if obj.is_null() {
            return new_ref(op);
        }
        let d = op as *mut PyMethodDescrObject;
        if let Err(e) = check_self(d, obj) {
            return e.into();
        }
        err::into_ptr(new_cfunction((*d).d_method, obj, method_class(d)))
    }
}

/// The vectorcall of a `method_descriptor` with convention `CONV`:
/// `args[0]` is self.
unsafe extern "C" fn descr_vectorcall<const CONV: c_int>(
    func: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: `func` is a method descriptor whose vectorcall was chosen by
    // its flags; a receiver of exactly the descriptor's type passes
    // `check_self`.
    unsafe {
        let d = func as *mut PyMethodDescrObject;
        let n = ophis_vectorcall::nargs(nargsf);
        if n >= 1 && (**args).ob_type == (*d).d_type {
            return invoke_vector::<CONV>(
                func,
                (*d).d_method,
                *args,
                method_class(d),
                args.add(1),
                n - 1,
                kwnames,
            );
        }
        descr_vectorcall_checked::<CONV>(func, args, nargsf, kwnames)
    }
}

/// [`descr_vectorcall`] with the receiver checks (missing, or of another
/// type than the descriptor's), out of line.
#[inline(never)]
unsafe fn descr_vectorcall_checked<const CONV: c_int>(
    func: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: as for `descr_vectorcall`.
    unsafe {
        let d = func as *mut PyMethodDescrObject;
        let n = ophis_vectorcall::nargs(nargsf);
        if n < 1 {
            return err::type_error(&format!(
                "unbound method {} needs an argument",
                function_str(func)
            ))
            .into();
        }
        let self_ = *args;
        if let Err(e) = check_self(d, self_) {
            return e.into();
        }
        invoke_vector::<CONV>(
            func,
            (*d).d_method,
            self_,
            method_class(d),
            args.add(1),
            n - 1,
            kwnames,
        )
    }
}

/// The vectorcall a method descriptor with these flags gets.
fn descr_vectorcall_for(fl: c_int) -> typeobj::vectorcallfunc {
    match convention(fl) {
        meth::VARARGS => Some(descr_vectorcall::<{ meth::VARARGS }>),
        VARARGS_KW => Some(descr_vectorcall::<VARARGS_KW>),
        meth::FASTCALL => Some(descr_vectorcall::<{ meth::FASTCALL }>),
        FAST_KW => Some(descr_vectorcall::<FAST_KW>),
        METHOD_KW => Some(descr_vectorcall::<METHOD_KW>),
        meth::NOARGS => Some(descr_vectorcall::<{ meth::NOARGS }>),
        meth::O => Some(descr_vectorcall::<{ meth::O }>),
        _ => None,
    }
}

unsafe extern "C" fn classdescr_get(
    op: *mut PyObject,
    obj: *mut PyObject,
    t: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot on a classmethod descriptor.
    unsafe {
        let d = op as *mut PyMethodDescrObject;
        let t = if t.is_null() {
            (*obj).ob_type as *mut PyObject
        } else {
            t
        };
        if !typeobj::is_type(t) || !typeobj::is_subtype(t as *mut PyTypeObject, (*d).d_type) {
            return err::type_error(&format!(
                "descriptor '{}' for type '{}' needs a subtype of '{}' as arg 2",
                unicode::as_str((*d).d_name),
                typeobj::full_name((*d).d_type),
                typeobj::full_name((*d).d_type)
            ))
            .into();
        }
        err::into_ptr(new_cfunction((*d).d_method, t, method_class(d)))
    }
}

unsafe extern "C" fn classdescr_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot on a classmethod descriptor: the first argument is the type.
    unsafe {
        let d = op as *mut PyMethodDescrObject;
        if tuple::size(args) < 1 {
            return err::type_error(&format!(
                "descriptor '{}' of '{}' object needs an argument",
                unicode::as_str((*d).d_name),
                typeobj::full_name((*d).d_type)
            ))
            .into();
        }
        let t = tuple::item(args, 0);
        if !typeobj::is_type(t) {
            return err::type_error(&format!(
                "descriptor '{}' for type '{}' needs a type, not a '{}' as arg 2",
                unicode::as_str((*d).d_name),
                typeobj::full_name((*d).d_type),
                typeobj::full_name((*t).ob_type)
            ))
            .into();
        }
        if !typeobj::is_subtype(t as *mut PyTypeObject, (*d).d_type) {
            return err::type_error(&format!(
                "descriptor '{}' requires a subtype of '{}' but received '{}'",
                unicode::as_str((*d).d_name),
                typeobj::full_name((*d).d_type),
                typeobj::full_name(t as *mut PyTypeObject)
            ))
            .into();
        }
        let rest = match tuple::slice(args, 1, tuple::size(args)) {
            Ok(r) => r,
            Err(e) => return e.into(),
        };
        let bound = match new_cfunction((*d).d_method, t, method_class(d)) {
            Ok(b) => b,
            Err(e) => return e.into(),
        };
        cfunc_call(bound.as_ptr(), rest.as_ptr(), kw)
    }
}

macro_rules! str_getter {
    ($fname:ident, $ty:ty, |$p:ident| $body:expr) => {
        unsafe extern "C" fn $fname(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
            // SAFETY: getset on the owning type.
            unsafe {
                let $p = op as *mut $ty;
                $body
            }
        }
    };
}

unsafe fn doc_of(ml: *mut PyMethodDef) -> *mut PyObject {
    // SAFETY: forwarded; an internal doc's signature part is dropped.
    unsafe {
        if (*ml).ml_doc.is_null() {
            return new_ref(lifecycle::none());
        }
        let name = CStr::from_ptr((*ml).ml_name).to_string_lossy();
        let doc = CStr::from_ptr((*ml).ml_doc).to_string_lossy();
        let (_, body) = typeobj::split_internal_doc(&name, &doc);
        err::into_ptr(unicode::from_str(body))
    }
}

unsafe fn text_sig_of(ml: *mut PyMethodDef) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe {
        if (*ml).ml_doc.is_null() {
            return new_ref(lifecycle::none());
        }
        let name = CStr::from_ptr((*ml).ml_name).to_string_lossy();
        let doc = CStr::from_ptr((*ml).ml_doc).to_string_lossy();
        match typeobj::split_internal_doc(&name, &doc) {
            (Some(sig), _) => err::into_ptr(unicode::from_str(sig)),
            (None, _) => new_ref(lifecycle::none()),
        }
    }
}

str_getter!(cf_name, PyCMethodObject, |f| err::into_ptr(
    unicode::from_str(&CStr::from_ptr((*(*f).m_ml).ml_name).to_string_lossy())
));
str_getter!(cf_qualname, PyCMethodObject, |f| {
    let name = CStr::from_ptr((*(*f).m_ml).ml_name).to_string_lossy();
    let s = (*f).m_self;
    if s.is_null() || crate::objects::module::check(s) {
        err::into_ptr(unicode::from_str(&name))
    } else {
        let t = if typeobj::is_type(s) {
            s as *mut PyTypeObject
        } else {
            (*s).ob_type
        };
        err::into_ptr(unicode::from_str(&format!(
            "{}.{name}",
            typeobj::qualname(t)
        )))
    }
});
str_getter!(cf_doc, PyCMethodObject, |f| doc_of((*f).m_ml));
str_getter!(cf_sig, PyCMethodObject, |f| text_sig_of((*f).m_ml));
str_getter!(cf_self, PyCMethodObject, |f| {
    let s = self_arg(f);
    new_ref(if s.is_null() { lifecycle::none() } else { s })
});
str_getter!(cf_module, PyCMethodObject, |f| new_ref(
    if (*f).m_module.is_null() {
        lifecycle::none()
    } else {
        (*f).m_module
    }
));
str_getter!(md_doc, PyMethodDescrObject, |d| doc_of((*d).d_method));
str_getter!(md_sig, PyMethodDescrObject, |d| text_sig_of((*d).d_method));

static mut CFUNC_GETSET: [typeobj::PyGetSetDef; 7] = [
    typeobj::getset(c"__name__", Some(cf_name)),
    typeobj::getset(c"__qualname__", Some(cf_qualname)),
    typeobj::getset(c"__doc__", Some(cf_doc)),
    typeobj::getset(c"__text_signature__", Some(cf_sig)),
    typeobj::getset(c"__self__", Some(cf_self)),
    typeobj::getset(c"__module__", Some(cf_module)),
    typeobj::GETSET_END,
];

static mut DESCR_GETSET: [typeobj::PyGetSetDef; 6] = [
    typeobj::getset(c"__name__", Some(descr::header_name)),
    typeobj::getset(c"__qualname__", Some(descr::header_qualname)),
    typeobj::getset(c"__doc__", Some(md_doc)),
    typeobj::getset(c"__text_signature__", Some(md_sig)),
    typeobj::getset(c"__objclass__", Some(descr::header_objclass)),
    typeobj::GETSET_END,
];
