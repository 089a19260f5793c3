//! Bound methods: the `method` type (CPython's `PyMethodObject`, exported as
//! `PyMethod_Type`), a callable paired with the object it is bound to.
//!
//! Its vectorcall is where the offset flag pays off: when the caller set
//! `PY_VECTORCALL_ARGUMENTS_OFFSET`, `self` is written into the caller's
//! spare slot before `args[0]` and the function is called on the vector as
//! it stands (no copy, no allocation), then the slot is restored. Without
//! the flag the arguments are copied behind `self` into an [`ArgBuf`]
//! (inline up to 7 arguments).

use crate::objects::object::*;
use crate::objects::typeobj::{self, flags};
use crate::runtime::alloc;
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::{objects::tuple, objects::unicode, protocols::abstract_, protocols::call, runtime::gc};
use ophis_vectorcall::{nargs, with_prepended, ArgBuf, ARGUMENTS_OFFSET};
use std::ffi::{c_int, c_void};
use std::ptr;

/// CPython's `PyMethodObject` layout.
#[repr(C)]
pub struct PyMethodObject {
    /// Header.
    pub ob_base: PyObject,
    /// The callable (owned).
    pub im_func: *mut PyObject,
    /// The instance it is bound to (owned).
    pub im_self: *mut PyObject,
    /// Weak references to this method.
    pub im_weakreflist: *mut PyObject,
    /// Always [`method_vectorcall`].
    pub vectorcall: typeobj::vectorcallfunc,
}
const _: () = assert!(std::mem::size_of::<PyMethodObject>() == 48);

/// Fills in `PyMethod_Type`. Start-up only.
pub(crate) unsafe fn init_type() {
    // SAFETY: start-up, exclusive access to the static type.
    unsafe {
        let t = lifecycle::method_type();
        (*t).ob_base.ob_base = static_header(lifecycle::type_type());
        (*t).tp_name = c"method".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<PyMethodObject>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::HAVE_GC | flags::HAVE_VECTORCALL;
        (*t).tp_vectorcall_offset = std::mem::offset_of!(PyMethodObject, vectorcall) as isize;
        (*t).tp_weaklistoffset = std::mem::offset_of!(PyMethodObject, im_weakreflist) as isize;
        (*t).tp_dealloc = Some(method_dealloc);
        (*t).tp_traverse = Some(method_traverse);
        (*t).tp_call = Some(call::vectorcall_call_slot);
        (*t).tp_repr = Some(method_repr);
        (*t).tp_hash = Some(method_hash);
        (*t).tp_richcompare = Some(method_richcompare);
        (*t).tp_getattro = Some(method_getattro);
        (*t).tp_descr_get = Some(method_descr_get);
        (*t).tp_getset = ptr::addr_of_mut!(METHOD_GETSET) as *mut typeobj::PyGetSetDef;
        (*t).tp_new = Some(method_new);
        (*t).tp_doc = c"Create a bound instance method object.".as_ptr();
    }
}

/// `method(function, instance, /)` (`types.MethodType`): CPython's
/// checks and messages.
unsafe extern "C" fn method_new(
    _t: *mut typeobj::PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract: `args` a tuple, `kw` NULL or a dict.
    unsafe {
        err::into_ptr((|| {
            if !kw.is_null() && crate::objects::dict::len(kw) != 0 {
                return Err(err::type_error("method() takes no keyword arguments"));
            }
            let n = tuple::size(args);
            if n != 2 {
                return Err(err::type_error(&format!(
                    "method expected 2 arguments, got {n}"
                )));
            }
            let func = tuple::item(args, 0);
            let self_ = tuple::item(args, 1);
            if !abstract_::callable(func) {
                return Err(err::type_error("first argument must be callable"));
            }
            if self_ == lifecycle::none() {
                return Err(err::type_error("instance must not be None"));
            }
            new(func, self_)
        })())
    }
}

/// Readies `PyMethod_Type`. Start-up only.
pub(crate) unsafe fn ready_type() {
    // SAFETY: start-up.
    unsafe {
        if typeobj::ready_static(lifecycle::method_type()).is_err() {
            lifecycle::fatal("Py_Initialize", "cannot ready the method type");
        }
    }
}

/// Whether `op` is a bound method (`PyMethod_Check`).
///
/// # Safety
/// `op` live.
#[inline]
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { (*op).ob_type == lifecycle::method_type() }
}

/// `PyMethod_New(func, self)`: `self` must not be NULL.
///
/// # Safety
/// `func` live; `self_` NULL or live.
pub unsafe fn new(func: *mut PyObject, self_: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: a fresh object; references taken for both fields.
    unsafe {
        if self_.is_null() {
            return Err(err::bad_argument());
        }
        let op = alloc::new_object(
            lifecycle::method_type(),
            std::mem::size_of::<PyMethodObject>(),
        )?;
        let m = op as *mut PyMethodObject;
        (*m).im_func = new_ref(func);
        (*m).im_self = new_ref(self_);
        (*m).im_weakreflist = ptr::null_mut();
        (*m).vectorcall = Some(method_vectorcall);
        gc::track(op);
        Ok(Owned::from_raw(op))
    }
}

/// The vectorcall of a bound method: `func(self, *args, **kw)`.
///
/// # Safety
/// Vectorcall contract.
pub unsafe extern "C" fn method_vectorcall(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: `op` is a bound method; with the offset flag the slot before
    // `args` is ours for the call.
    unsafe {
        let m = op as *mut PyMethodObject;
        let (func, self_) = ((*m).im_func, (*m).im_self);
        let n = nargs(nargsf);
        if nargsf & ARGUMENTS_OFFSET != 0 {
            return with_prepended(args as *mut *mut PyObject, self_, |v| {
                call::vectorcall(func, v, n + 1, kwnames)
            });
        }
        let nkw = if kwnames.is_null() {
            0
        } else {
            tuple::size(kwnames) as usize
        };
        if n + nkw == 0 {
            let one = [self_];
            return call::vectorcall(func, one.as_ptr(), 1, ptr::null_mut());
        }
        let mut buf = ArgBuf::new(ptr::null_mut());
        buf.push(self_);
        buf.extend_from_slice(call::slice(args, n + nkw));
        call::vectorcall(func, buf.as_mut_ptr(), n + 1, kwnames)
    }
}

unsafe extern "C" fn method_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        let m = op as *mut PyMethodObject;
        if !(*m).im_weakreflist.is_null() {
            crate::objects::weakref::clear_weakrefs(op);
        }
        clear_slot(ptr::addr_of_mut!((*m).im_func));
        clear_slot(ptr::addr_of_mut!((*m).im_self));
        alloc::free_object(op);
    }
}

unsafe extern "C" fn method_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a bound method.
    unsafe {
        let m = op as *mut PyMethodObject;
        if let Some(v) = visit {
            for p in [(*m).im_func, (*m).im_self] {
                if !p.is_null() {
                    let r = v(p, arg);
                    if r != 0 {
                        return r;
                    }
                }
            }
        }
        0
    }
}

unsafe extern "C" fn method_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a bound method.
    unsafe {
        let m = op as *mut PyMethodObject;
        let r = (|| -> PyResult<Owned> {
            let mut name = None;
            for attr in ["__qualname__", "__name__"] {
                let n = unicode::from_str(attr)?;
                if let Some(v) = abstract_::lookup_attr((*m).im_func, n.as_ptr())? {
                    if unicode::check(v.as_ptr()) {
                        name = Some(unicode::as_str(v.as_ptr()).to_string());
                        break;
                    }
                }
            }
            let name = name.unwrap_or_else(|| "?".into());
            let s = abstract_::repr_string((*m).im_self)?;
            unicode::from_str(&format!("<bound method {name} of {s}>"))
        })();
        err::into_ptr(r)
    }
}

unsafe extern "C" fn method_hash(op: *mut PyObject) -> isize {
    // SAFETY: slot on a bound method.
    unsafe {
        let m = op as *mut PyMethodObject;
        let f = match abstract_::hash((*m).im_func) {
            Ok(h) => h,
            Err(_) => return -1,
        };
        let h = ((*m).im_self as usize).rotate_right(4) as isize ^ f;
        if h == -1 {
            -2
        } else {
            h
        }
    }
}

unsafe extern "C" fn method_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: slot on a bound method.
    unsafe {
        let (eq_op, ne_op) = (abstract_::EQ, abstract_::NE);
        if (op != eq_op && op != ne_op) || !check(a) || !check(b) {
            return new_ref(lifecycle::not_implemented());
        }
        let (x, y) = (a as *mut PyMethodObject, b as *mut PyMethodObject);
        let eq = match abstract_::rich_compare_bool((*x).im_func, (*y).im_func, eq_op) {
            Ok(e) => e && (*x).im_self == (*y).im_self,
            Err(e) => return e.into(),
        };
        crate::objects::long::bool_from(eq == (op == eq_op)).into_raw()
    }
}

/// Attributes come from the method type first, then from the function;
/// `__doc__` is the function's (CPython's `method_get_doc`), while the
/// `method` type's own `__doc__` stays its docstring.
unsafe extern "C" fn method_getattro(op: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a bound method; the descriptor is held while it runs.
    unsafe {
        let t = (*op).ob_type;
        if unicode::check(name) && unicode::as_str(name) == "__doc__" {
            return err::into_ptr(abstract_::getattr(
                (*(op as *mut PyMethodObject)).im_func,
                name,
            ));
        }
        let d = typeobj::lookup(t, name);
        if !d.is_null() {
            let d = Owned::from_borrowed(d);
            return match (*(*d.as_ptr()).ob_type).tp_descr_get {
                Some(g) => g(d.as_ptr(), op, t as *mut PyObject),
                None => d.into_raw(),
            };
        }
        err::into_ptr(abstract_::getattr(
            (*(op as *mut PyMethodObject)).im_func,
            name,
        ))
    }
}

unsafe extern "C" fn method_descr_get(
    op: *mut PyObject,
    _obj: *mut PyObject,
    _t: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a bound method is returned as it is (never re-bound).
    unsafe { new_ref(op) }
}

unsafe extern "C" fn get_func(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on a bound method.
    unsafe { new_ref((*(op as *mut PyMethodObject)).im_func) }
}

unsafe extern "C" fn get_self(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on a bound method.
    unsafe { new_ref((*(op as *mut PyMethodObject)).im_self) }
}

static mut METHOD_GETSET: [typeobj::PyGetSetDef; 3] = [
    typeobj::getset(c"__func__", Some(get_func)),
    typeobj::getset(c"__self__", Some(get_self)),
    typeobj::GETSET_END,
];
