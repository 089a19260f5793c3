//! `super` (`PySuper_Type`, CPython's layout): attribute lookup that
//! starts after a class in the MRO of an instance's type (or of a
//! subclass), binding what it finds to the instance.
//!
//! The zero-argument form reads the calling frame: its first argument and
//! its `__class__` cell (CPython's `super_init_without_args`).

use crate::objects::exceptions::Exc;
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyTypeObject};
use crate::runtime::err::{self, PyResult};
use crate::{
    objects::dict, objects::member, objects::tuple, objects::unicode, protocols::abstract_,
    protocols::attr, runtime::alloc, runtime::gc, runtime::lifecycle,
};
use std::ffi::{c_int, c_void};
use std::ptr;

/// A super object.
#[repr(C)]
pub struct PySuperObject {
    /// Header.
    pub ob_base: PyObject,
    /// The class whose successors in the MRO are searched.
    pub type_: *mut PyTypeObject,
    /// The instance (or class) attributes are bound to; NULL if unbound.
    pub obj: *mut PyObject,
    /// The type whose MRO is searched; NULL if unbound.
    pub obj_type: *mut PyTypeObject,
}

static mut SUPER_MEMBERS: [typeobj::PyMemberDef; 4] = [
    member::readonly_object_member(c"__thisclass__", std::mem::offset_of!(PySuperObject, type_)),
    member::readonly_object_member(c"__self__", std::mem::offset_of!(PySuperObject, obj)),
    member::readonly_object_member(
        c"__self_class__",
        std::mem::offset_of!(PySuperObject, obj_type),
    ),
    member::MEMBER_END,
];

/// Fills in `super`. Start-up only.
pub(crate) unsafe fn init_type() {
    // SAFETY: start-up, exclusive access to the static type.
    unsafe {
        let t = lifecycle::super_type();
        (*t).ob_base.ob_base = static_header(lifecycle::type_type());
        (*t).tp_name = c"super".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<PySuperObject>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::HAVE_GC | flags::BASETYPE;
        (*t).tp_dealloc = Some(super_dealloc);
        (*t).tp_traverse = Some(super_traverse);
        (*t).tp_repr = Some(super_repr);
        (*t).tp_getattro = Some(super_getattro);
        (*t).tp_descr_get = Some(super_descr_get);
        (*t).tp_members = ptr::addr_of_mut!(SUPER_MEMBERS).cast();
        (*t).tp_init = Some(super_init);
        (*t).tp_alloc = lifecycle::c_api_slots().alloc;
        (*t).tp_new = lifecycle::c_api_slots().generic_new;
        (*t).tp_free = lifecycle::c_api_slots().gc_del;
        (*t).tp_doc = c"super() -> same as super(__class__, <first argument>)\nsuper(type) -> unbound super object\nsuper(type, obj) -> bound super object; requires isinstance(obj, type)\nsuper(type, type2) -> bound super object; requires issubclass(type2, type)"
            .as_ptr();
    }
}

/// Readies `super`. Start-up only.
pub(crate) unsafe fn ready_type() {
    // SAFETY: start-up.
    unsafe {
        if typeobj::ready_static(lifecycle::super_type()).is_err() {
            lifecycle::fatal("Py_Initialize", "cannot ready the super type");
        }
    }
}

/// The type whose MRO a `super(t, obj)` searches: `obj` itself if it is a
/// subclass of `t`, else `type(obj)` (or `obj.__class__`) if that is.
unsafe fn check(t: *mut PyTypeObject, obj: *mut PyObject) -> PyResult<*mut PyTypeObject> {
    // SAFETY: live objects.
    unsafe {
        if typeobj::is_type(obj) && typeobj::is_subtype(obj as *mut PyTypeObject, t) {
            return Ok(obj as *mut PyTypeObject);
        }
        if typeobj::is_subtype((*obj).ob_type, t) {
            return Ok((*obj).ob_type);
        }
        let name = unicode::intern("__class__")?;
        if let Some(c) = abstract_::lookup_attr(obj, name.as_ptr())? {
            let c = c.as_ptr();
            if typeobj::is_type(c)
                && c != (*obj).ob_type as *mut PyObject
                && typeobj::is_subtype(c as *mut PyTypeObject, t)
            {
                return Ok(c as *mut PyTypeObject);
            }
        }
        Err(err::type_error(
            "super(type, obj): obj must be an instance or subtype of type",
        ))
    }
}

unsafe extern "C" fn super_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> c_int {
    // SAFETY: tp_init contract.
    let r: PyResult<()> = unsafe {
        (|| {
            if !kw.is_null() && dict::len(kw) != 0 {
                return Err(err::type_error("super() takes no keyword arguments"));
            }
            let n = tuple::size(args);
            if n == 0 {
                let (t, obj) = from_frame()?;
                return set(op, t.as_ptr(), obj.as_ptr());
            }
            if n > 2 {
                return Err(err::type_error(&format!(
                    "super() expected at most 2 arguments, got {n}"
                )));
            }
            let t = tuple::item(args, 0);
            if !typeobj::is_type(t) {
                return Err(err::type_error(&format!(
                    "super() argument 1 must be a type, not {}",
                    typeobj::type_name_of(t)
                )));
            }
            let mut obj = if n == 2 {
                tuple::item(args, 1)
            } else {
                ptr::null_mut()
            };
            if obj == lifecycle::none() {
                obj = ptr::null_mut();
            }
            set(op, t, obj)
        })()
    };
    match r {
        Ok(()) => 0,
        Err(_) => -1,
    }
}

/// The class and first argument of the calling frame for `super()`.
unsafe fn from_frame() -> PyResult<(Owned, Owned)> {
    // SAFETY: the thread's running frames are live.
    unsafe {
        use crate::code::codeobject::{PyCodeObject, FAST_CELL, FAST_FREE};
        use crate::code::frame::InterpFrame;
        let ts = crate::runtime::thread::current();
        let f = if ts.is_null() {
            ptr::null_mut()
        } else {
            (*ts).current_frame
        };
        if f.is_null() {
            return Err(err::raise(Exc::RuntimeError, "super(): no current frame"));
        }
        let c = (*f).f_code as *mut PyCodeObject;
        if (*c).co_argcount == 0 {
            return Err(err::raise(Exc::RuntimeError, "super(): no arguments"));
        }
        let lp = InterpFrame::localsplus(f);
        let kinds = crate::objects::bytes::sval((*c).co_localspluskinds);
        let mut first = *lp;
        if !first.is_null()
            && *kinds & FAST_CELL != 0
            && crate::objects::cell::check(first)
            && InterpFrame::lasti(f) >= 0
        {
            // The argument was moved into its cell by MAKE_CELL.
            first = crate::objects::cell::get(first);
        }
        if first.is_null() {
            return Err(err::raise(Exc::RuntimeError, "super(): arg[0] deleted"));
        }
        let names = (*c).co_localsplusnames;
        let n = tuple::size(names) as usize;
        for i in 0..n {
            let name = tuple::item(names, i as isize);
            if *kinds.add(i) & FAST_FREE != 0 && unicode::as_str(name) == "__class__" {
                let cell = *lp.add(i);
                let t = if cell.is_null() {
                    ptr::null_mut()
                } else {
                    crate::objects::cell::get(cell)
                };
                if t.is_null() {
                    return Err(err::raise(
                        Exc::RuntimeError,
                        "super(): empty __class__ cell",
                    ));
                }
                if !typeobj::is_type(t) {
                    return Err(err::raise(
                        Exc::RuntimeError,
                        &format!(
                            "super(): __class__ is not a type ({})",
                            typeobj::type_name_of(t)
                        ),
                    ));
                }
                return Ok((Owned::from_borrowed(t), Owned::from_borrowed(first)));
            }
        }
        Err(err::raise(
            Exc::RuntimeError,
            "super(): __class__ cell not found",
        ))
    }
}

/// Fills a super object: `t` the class, `obj` NULL or the instance (or
/// subclass) to bind to.
unsafe fn set(op: *mut PyObject, t: *mut PyObject, obj: *mut PyObject) -> PyResult<()> {
    // SAFETY: `op` a super object; `t` a type.
    unsafe {
        {
            let obj_type = if obj.is_null() {
                ptr::null_mut()
            } else {
                check(t as *mut PyTypeObject, obj)?
            };
            let s = op as *mut PySuperObject;
            let old = [
                (*s).type_ as *mut PyObject,
                (*s).obj,
                (*s).obj_type as *mut PyObject,
            ];
            (*s).type_ = new_ref(t) as *mut PyTypeObject;
            (*s).obj = if obj.is_null() { obj } else { new_ref(obj) };
            (*s).obj_type = if obj_type.is_null() {
                obj_type
            } else {
                new_ref(obj_type as *mut PyObject) as *mut PyTypeObject
            };
            for o in old {
                if !o.is_null() {
                    decref(o);
                }
            }
            Ok(())
        }
    }
}

/// What `super(class, obj).name` finds before binding: `name` in the
/// dicts of `start`'s MRO after `class` (borrowed), `start` being the type
/// of `obj` (or `obj` itself for a class).
///
/// # Safety
/// `start` and `class` live types; `name` a live str.
pub unsafe fn lookup_after(
    start: *mut PyTypeObject,
    class: *mut PyTypeObject,
    name: *mut PyObject,
) -> PyResult<Option<*mut PyObject>> {
    // SAFETY: the MRO tuple and the type dicts are live while `start` is.
    unsafe {
        let mro = (*start).tp_mro;
        if mro.is_null() {
            return Ok(None);
        }
        let n = tuple::size(mro);
        let mut i = 0;
        while i + 1 < n && tuple::item(mro, i) != class as *mut PyObject {
            i += 1;
        }
        i += 1;
        while i < n {
            let c = tuple::item(mro, i) as *mut PyTypeObject;
            let d = (*c).tp_dict;
            if !d.is_null() {
                if let Some(res) = dict::get(d, name)? {
                    return Ok(Some(res));
                }
            }
            i += 1;
        }
        Ok(None)
    }
}

unsafe extern "C" fn super_getattro(op: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live super object and a name.
    unsafe {
        let s = op as *mut PySuperObject;
        let start = (*s).obj_type;
        let skip = !unicode::check(name) || unicode::as_str(name) == "__class__";
        if !start.is_null() && !skip {
            match lookup_after(start, (*s).type_, name) {
                Err(_) => return ptr::null_mut(),
                Ok(Some(res)) => {
                    let f = (*(*res).ob_type).tp_descr_get;
                    return match f {
                        Some(f) => {
                            let inst = if (*s).obj == start as *mut PyObject {
                                ptr::null_mut()
                            } else {
                                (*s).obj
                            };
                            f(res, inst, start as *mut PyObject)
                        }
                        None => new_ref(res),
                    };
                }
                Ok(None) => {}
            }
        }
        err::into_ptr(attr::generic_getattr(op, name, false).map(|o| o.expect("not suppressed")))
    }
}

unsafe extern "C" fn super_descr_get(
    op: *mut PyObject,
    obj: *mut PyObject,
    _t: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live super object.
    unsafe {
        let s = op as *mut PySuperObject;
        if obj.is_null() || obj == lifecycle::none() || !(*s).obj.is_null() {
            return new_ref(op);
        }
        let args = match tuple::new_from(&[(*s).type_ as *mut PyObject, obj]) {
            Ok(a) => a,
            Err(_) => return ptr::null_mut(),
        };
        err::into_ptr(crate::protocols::call::call(
            (*op).ob_type as *mut PyObject,
            args.as_ptr(),
            ptr::null_mut(),
        ))
    }
}

unsafe extern "C" fn super_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live super object.
    unsafe {
        let s = op as *mut PySuperObject;
        let tname = if (*s).type_.is_null() {
            "NULL".to_owned()
        } else {
            typeobj::full_name((*s).type_)
        };
        let text = if (*s).obj_type.is_null() {
            format!("<super: <class '{tname}'>, NULL>")
        } else {
            format!(
                "<super: <class '{tname}'>, <{} object>>",
                typeobj::full_name((*s).obj_type)
            )
        };
        err::into_ptr(unicode::from_str(&text))
    }
}

unsafe extern "C" fn super_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a super object.
    unsafe {
        let s = op as *mut PySuperObject;
        gc::visit_all(
            [
                (*s).type_ as *mut PyObject,
                (*s).obj,
                (*s).obj_type as *mut PyObject,
            ],
            visit,
            arg,
        )
    }
}

unsafe extern "C" fn super_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        let s = op as *mut PySuperObject;
        for f in [
            (*s).type_ as *mut PyObject,
            (*s).obj,
            (*s).obj_type as *mut PyObject,
        ] {
            if !f.is_null() {
                decref(f);
            }
        }
        match (*(*op).ob_type).tp_free {
            Some(free) => free(op as *mut c_void),
            None => alloc::free_object(op),
        }
    }
}
