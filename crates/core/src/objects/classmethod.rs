//! `classmethod` and `staticmethod` (`PyClassMethod_Type`,
//! `PyStaticMethod_Type`, CPython's `funcobject.c`): wrappers around any
//! callable that change how it binds when found on a class. A classmethod
//! binds the class (chaining through the callable's own `__get__`, as 3.12
//! still does); a staticmethod binds nothing and is itself callable.
//!
//! Both keep the callable and an instance `__dict__` (at
//! `tp_dictoffset`), which the Python constructor fills with the
//! callable's `__module__`, `__name__`, `__qualname__`, `__doc__` and
//! `__annotations__` (as `functools.wraps`); `PyClassMethod_New`/`PyStaticMethod_New` do not.

use crate::objects::exceptions::Exc;
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyTypeObject};
use crate::runtime::err::{self, PyResult};
use crate::{
    objects::boundmethod, objects::dict, objects::member, objects::tuple, objects::unicode,
    protocols::abstract_, protocols::attr, protocols::call, runtime::alloc, runtime::gc,
    runtime::lifecycle,
};
use std::ffi::{c_int, c_void};
use std::ptr;

/// CPython's `classmethod` and `staticmethod` objects (one layout).
#[repr(C)]
pub struct FuncWrapper {
    /// Header.
    pub ob_base: PyObject,
    /// The wrapped callable (owned; NULL before `__init__`).
    pub callable: *mut PyObject,
    /// The instance dict (owned; NULL until used).
    pub dict: *mut PyObject,
}

static mut MEMBERS: [typeobj::PyMemberDef; 3] = [
    member::readonly_object_member(c"__func__", std::mem::offset_of!(FuncWrapper, callable)),
    member::readonly_object_member(c"__wrapped__", std::mem::offset_of!(FuncWrapper, callable)),
    member::MEMBER_END,
];

static mut GETSET: [typeobj::PyGetSetDef; 3] = [
    typeobj::getset(c"__isabstractmethod__", Some(get_isabstract)),
    typeobj::getset_rw(
        c"__dict__",
        Some(attr::generic_get_dict_getter),
        Some(attr::generic_set_dict_setter),
    ),
    typeobj::GETSET_END,
];

/// Fills in both types. Start-up only.
pub(crate) unsafe fn init_types() {
    // SAFETY: start-up, exclusive access to the static types.
    unsafe {
        for (t, name, doc) in [
            (
                lifecycle::classmethod_type(),
                c"classmethod",
                c"classmethod(function, /)\n--\n\nConvert a function to be a class method.",
            ),
            (
                lifecycle::staticmethod_type(),
                c"staticmethod",
                c"staticmethod(function, /)\n--\n\nConvert a function to be a static method.",
            ),
        ] {
            (*t).ob_base.ob_base = static_header(lifecycle::type_type());
            (*t).tp_name = name.as_ptr();
            (*t).tp_doc = doc.as_ptr();
            (*t).tp_basicsize = std::mem::size_of::<FuncWrapper>() as isize;
            (*t).tp_flags = flags::DEFAULT | flags::BASETYPE | flags::HAVE_GC;
            (*t).tp_dealloc = Some(wrapper_dealloc);
            (*t).tp_traverse = Some(wrapper_traverse);
            (*t).tp_clear = Some(wrapper_clear);
            (*t).tp_members = ptr::addr_of_mut!(MEMBERS).cast();
            (*t).tp_getset = ptr::addr_of_mut!(GETSET).cast();
            (*t).tp_dictoffset = std::mem::offset_of!(FuncWrapper, dict) as isize;
            (*t).tp_alloc = lifecycle::c_api_slots().alloc;
            (*t).tp_new = lifecycle::c_api_slots().generic_new;
            (*t).tp_free = lifecycle::c_api_slots().gc_del;
        }
        let c = lifecycle::classmethod_type();
        (*c).tp_descr_get = Some(cm_descr_get);
        (*c).tp_init = Some(cm_init);
        (*c).tp_repr = Some(cm_repr);
        let s = lifecycle::staticmethod_type();
        (*s).tp_descr_get = Some(sm_descr_get);
        (*s).tp_init = Some(sm_init);
        (*s).tp_repr = Some(sm_repr);
        (*s).tp_call = Some(sm_call);
    }
}

/// Readies both types. Start-up only.
pub(crate) unsafe fn ready_types() {
    // SAFETY: start-up.
    unsafe {
        for t in [
            lifecycle::classmethod_type(),
            lifecycle::staticmethod_type(),
        ] {
            if typeobj::ready_static(t).is_err() {
                lifecycle::fatal("Py_Initialize", "cannot ready classmethod and staticmethod");
            }
        }
    }
}

unsafe fn new_wrapper(t: *mut PyTypeObject, callable: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: a fresh object of a ready type.
    unsafe {
        let op = alloc::new_object(t, std::mem::size_of::<FuncWrapper>())?;
        (*(op as *mut FuncWrapper)).callable = new_ref(callable);
        gc::track(op);
        Ok(Owned::from_raw(op))
    }
}

/// `PyClassMethod_New(callable)` (borrowed), without copying attributes.
///
/// # Safety
/// `callable` live.
pub unsafe fn new_classmethod(callable: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe { new_wrapper(lifecycle::classmethod_type(), callable) }
}

/// `PyStaticMethod_New(callable)` (borrowed), without copying attributes.
///
/// # Safety
/// `callable` live.
pub unsafe fn new_staticmethod(callable: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe { new_wrapper(lifecycle::staticmethod_type(), callable) }
}

/// Whether `op` is a staticmethod (or an instance of a subclass).
///
/// # Safety
/// `op` live.
pub unsafe fn is_staticmethod(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { typeobj::is_subtype((*op).ob_type, lifecycle::staticmethod_type()) }
}

/// The wrapped callable of a classmethod or staticmethod (borrowed; NULL
/// before `__init__`).
///
/// # Safety
/// `op` a live classmethod or staticmethod.
pub unsafe fn callable_of(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe { (*(op as *mut FuncWrapper)).callable }
}

unsafe extern "C" fn wrapper_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        let w = op as *mut FuncWrapper;
        clear_slot(ptr::addr_of_mut!((*w).callable));
        clear_slot(ptr::addr_of_mut!((*w).dict));
        match (*(*op).ob_type).tp_free {
            Some(free) => free(op as *mut c_void),
            None => alloc::free_object(op),
        }
    }
}

unsafe extern "C" fn wrapper_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a wrapper.
    unsafe {
        let w = op as *mut FuncWrapper;
        gc::visit_all([(*w).callable, (*w).dict], visit, arg)
    }
}

unsafe extern "C" fn wrapper_clear(op: *mut PyObject) -> c_int {
    // SAFETY: slot on a wrapper.
    unsafe {
        let w = op as *mut FuncWrapper;
        clear_slot(ptr::addr_of_mut!((*w).callable));
        clear_slot(ptr::addr_of_mut!((*w).dict));
        0
    }
}

/// `__init__(callable)` of both types, then the `functools.wraps`-like
/// copy of the callable's attributes into the instance dict.
unsafe fn wrapper_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
    name: &str,
) -> c_int {
    // SAFETY: tp_init contract.
    let r: PyResult<()> = unsafe {
        (|| {
            if !kw.is_null() && dict::len(kw) != 0 {
                return Err(err::type_error(&format!(
                    "{name}() takes no keyword arguments"
                )));
            }
            let n = tuple::size(args);
            if n != 1 {
                return Err(err::type_error(&format!(
                    "{name} expected 1 argument, got {n}"
                )));
            }
            let callable = tuple::item(args, 0);
            let w = op as *mut FuncWrapper;
            let old = std::mem::replace(&mut (*w).callable, new_ref(callable));
            xdecref(old);
            for a in [
                "__module__",
                "__name__",
                "__qualname__",
                "__doc__",
                "__annotations__",
            ] {
                let k = unicode::intern(a)?;
                if let Some(v) = abstract_::lookup_attr(callable, k.as_ptr())? {
                    abstract_::setattr(op, k.as_ptr(), v.as_ptr())?;
                }
            }
            Ok(())
        })()
    };
    match r {
        Ok(()) => 0,
        Err(_) => -1,
    }
}

unsafe extern "C" fn cm_init(op: *mut PyObject, args: *mut PyObject, kw: *mut PyObject) -> c_int {
    // SAFETY: forwarded.
    unsafe { wrapper_init(op, args, kw, "classmethod") }
}

unsafe extern "C" fn sm_init(op: *mut PyObject, args: *mut PyObject, kw: *mut PyObject) -> c_int {
    // SAFETY: forwarded.
    unsafe { wrapper_init(op, args, kw, "staticmethod") }
}

/// `classmethod.__get__`: the callable bound to the class (the instance's
/// type when none is given), through the callable's own `__get__` when it
/// has one.
unsafe extern "C" fn cm_descr_get(
    op: *mut PyObject,
    obj: *mut PyObject,
    t: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot contract.
    unsafe {
        let c = callable_of(op);
        if c.is_null() {
            return err::raise(Exc::RuntimeError, "uninitialized classmethod object").into();
        }
        let t = if t.is_null() {
            (*obj).ob_type as *mut PyObject
        } else {
            t
        };
        if let Some(g) = (*(*c).ob_type).tp_descr_get {
            return g(c, t, t);
        }
        err::into_ptr(boundmethod::new(c, t))
    }
}

/// `staticmethod.__get__`: the callable itself.
unsafe extern "C" fn sm_descr_get(
    op: *mut PyObject,
    _obj: *mut PyObject,
    _t: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot contract.
    unsafe {
        let c = callable_of(op);
        if c.is_null() {
            return err::raise(Exc::RuntimeError, "uninitialized staticmethod object").into();
        }
        new_ref(c)
    }
}

/// Calling a staticmethod calls the callable (3.10+).
unsafe extern "C" fn sm_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot contract.
    unsafe {
        let c = callable_of(op);
        if c.is_null() {
            return err::raise(Exc::RuntimeError, "uninitialized staticmethod object").into();
        }
        call::call_raw(c, args, kw)
    }
}

unsafe fn wrapper_repr(op: *mut PyObject, kind: &str) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe {
        let c = callable_of(op);
        let r = if c.is_null() {
            "<NULL>".to_string()
        } else {
            match abstract_::repr_string(c) {
                Ok(s) => s,
                Err(e) => return e.into(),
            }
        };
        err::into_ptr(unicode::from_str(&format!("<{kind}({r})>")))
    }
}

unsafe extern "C" fn cm_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe { wrapper_repr(op, "classmethod") }
}

unsafe extern "C" fn sm_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe { wrapper_repr(op, "staticmethod") }
}

/// CPython's `_PyObject_IsAbstract`: the truth of `obj.__isabstractmethod__`
/// (false when absent or `obj` is NULL).
///
/// # Safety
/// `obj` NULL or live.
pub unsafe fn is_abstract(obj: *mut PyObject) -> PyResult<bool> {
    // SAFETY: forwarded.
    unsafe {
        if obj.is_null() {
            return Ok(false);
        }
        let k = unicode::intern("__isabstractmethod__")?;
        match abstract_::lookup_attr(obj, k.as_ptr())? {
            Some(v) => abstract_::is_true(v.as_ptr()),
            None => Ok(false),
        }
    }
}

unsafe extern "C" fn get_isabstract(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on a wrapper.
    unsafe {
        match is_abstract(callable_of(op)) {
            Ok(b) => new_ref(if b {
                lifecycle::true_()
            } else {
                lifecycle::false_()
            }),
            Err(e) => e.into(),
        }
    }
}
