//! `property` (`PyProperty_Type`, CPython's `descrobject.c`): a data
//! descriptor calling `fget`/`fset`/`fdel`, with `getter`/`setter`/
//! `deleter` copies, the docstring taken from the getter, the name given
//! by `__set_name__` for CPython 3.12's messages ("property 'x' of 'C'
//! object has no setter"), and `__isabstractmethod__`.

use crate::objects::exceptions::Exc;
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyMethodDef};
use crate::protocols::clinic::{arg_opt, Sig};
use crate::runtime::err::{self, PyResult};
use crate::{
    objects::classmethod, objects::member, objects::methodobject::meth, objects::tuple,
    objects::unicode, protocols::abstract_, protocols::call, runtime::alloc, runtime::gc,
    runtime::lifecycle,
};
use std::ffi::{c_int, c_void};
use std::ptr;

/// The getter of a property (borrowed, NULL when none).
///
/// # Safety
/// `p` a live property.
#[inline]
pub unsafe fn fget(p: *mut PyObject) -> *mut PyObject {
    // SAFETY: caller's contract.
    unsafe { (*(p as *mut PyPropertyObject)).prop_get }
}

/// CPython's `propertyobject`.
#[repr(C)]
pub struct PyPropertyObject {
    /// Header.
    pub ob_base: PyObject,
    /// `fget` (owned or NULL).
    pub prop_get: *mut PyObject,
    /// `fset` (owned or NULL).
    pub prop_set: *mut PyObject,
    /// `fdel` (owned or NULL).
    pub prop_del: *mut PyObject,
    /// `__doc__` (owned or NULL).
    pub prop_doc: *mut PyObject,
    /// The name from `__set_name__` (owned or NULL).
    pub prop_name: *mut PyObject,
    /// Whether the doc came from the getter.
    pub getter_doc: c_int,
}

static mut MEMBERS: [typeobj::PyMemberDef; 5] = [
    member::readonly_object_member(c"fget", std::mem::offset_of!(PyPropertyObject, prop_get)),
    member::readonly_object_member(c"fset", std::mem::offset_of!(PyPropertyObject, prop_set)),
    member::readonly_object_member(c"fdel", std::mem::offset_of!(PyPropertyObject, prop_del)),
    member::object_member(c"__doc__", std::mem::offset_of!(PyPropertyObject, prop_doc)),
    member::MEMBER_END,
];

static mut GETSET: [typeobj::PyGetSetDef; 2] = [
    typeobj::getset(c"__isabstractmethod__", Some(get_isabstract)),
    typeobj::GETSET_END,
];

type MethO = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

const fn meth_o(name: &'static std::ffi::CStr, f: MethO, flags: c_int) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(f),
        ml_flags: flags,
        ml_doc: ptr::null(),
    }
}

static mut METHODS: [PyMethodDef; 5] = [
    meth_o(c"getter", prop_getter, meth::O),
    meth_o(c"setter", prop_setter, meth::O),
    meth_o(c"deleter", prop_deleter, meth::O),
    meth_o(c"__set_name__", prop_set_name, meth::VARARGS),
    typeobj::METHOD_END,
];

/// Fills in `property`. Start-up only.
pub(crate) unsafe fn init_type() {
    // SAFETY: start-up, exclusive access to the static type.
    unsafe {
        let t = lifecycle::property_type();
        (*t).ob_base.ob_base = static_header(lifecycle::type_type());
        (*t).tp_name = c"property".as_ptr();
        (*t).tp_doc = c"Property attribute.".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<PyPropertyObject>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::HAVE_GC | flags::BASETYPE;
        (*t).tp_dealloc = Some(prop_dealloc);
        (*t).tp_traverse = Some(prop_traverse);
        (*t).tp_clear = Some(prop_clear);
        (*t).tp_getattro = lifecycle::c_api_slots().getattro;
        (*t).tp_methods = ptr::addr_of_mut!(METHODS).cast();
        (*t).tp_members = ptr::addr_of_mut!(MEMBERS).cast();
        (*t).tp_getset = ptr::addr_of_mut!(GETSET).cast();
        (*t).tp_descr_get = Some(prop_descr_get);
        (*t).tp_descr_set = Some(prop_descr_set);
        (*t).tp_init = Some(prop_init);
        (*t).tp_alloc = lifecycle::c_api_slots().alloc;
        (*t).tp_new = lifecycle::c_api_slots().generic_new;
        (*t).tp_free = lifecycle::c_api_slots().gc_del;
    }
}

/// Readies `property`. Start-up only.
pub(crate) unsafe fn ready_type() {
    // SAFETY: start-up.
    unsafe {
        if typeobj::ready_static(lifecycle::property_type()).is_err() {
            lifecycle::fatal("Py_Initialize", "cannot ready the property type");
        }
    }
}

/// The object fields of a property.
///
/// # Safety
/// `op` a live property.
unsafe fn fields(op: *mut PyObject) -> [*mut *mut PyObject; 5] {
    let p = op as *mut PyPropertyObject;
    // SAFETY: field addresses of a live property; nothing is read.
    unsafe {
        [
            ptr::addr_of_mut!((*p).prop_get),
            ptr::addr_of_mut!((*p).prop_set),
            ptr::addr_of_mut!((*p).prop_del),
            ptr::addr_of_mut!((*p).prop_doc),
            ptr::addr_of_mut!((*p).prop_name),
        ]
    }
}

unsafe extern "C" fn prop_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        for f in fields(op) {
            clear_slot(f);
        }
        match (*(*op).ob_type).tp_free {
            Some(free) => free(op as *mut c_void),
            None => alloc::free_object(op),
        }
    }
}

unsafe extern "C" fn prop_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a property.
    unsafe { gc::visit_all(fields(op).map(|f| *f), visit, arg) }
}

unsafe extern "C" fn prop_clear(op: *mut PyObject) -> c_int {
    // SAFETY: slot on a property.
    unsafe {
        for f in fields(op) {
            clear_slot(f);
        }
        0
    }
}

/// The message for a missing accessor: with the `__set_name__` name and
/// the qualified name of the instance's type when known.
unsafe fn missing(p: *mut PyPropertyObject, obj: *mut PyObject, what: &str) -> err::Raised {
    // SAFETY: live objects.
    unsafe {
        let name = (*p).prop_name;
        if obj.is_null() {
            let verb = if what == "deleter" { "delete" } else { "set" };
            return err::raise(Exc::AttributeError, &format!("can't {verb} attribute"));
        }
        let q = match unicode::from_str(&typeobj::qualname((*obj).ob_type))
            .and_then(|q| abstract_::repr_string(q.as_ptr()))
        {
            Ok(q) => q,
            Err(e) => return e,
        };
        if name.is_null() {
            return err::raise(
                Exc::AttributeError,
                &format!("property of {q} object has no {what}"),
            );
        }
        match abstract_::repr_string(name) {
            Ok(n) => err::raise(
                Exc::AttributeError,
                &format!("property {n} of {q} object has no {what}"),
            ),
            Err(e) => e,
        }
    }
}

unsafe extern "C" fn prop_descr_get(
    op: *mut PyObject,
    obj: *mut PyObject,
    _t: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot contract.
    unsafe {
        if obj.is_null() || obj == lifecycle::none() {
            return new_ref(op);
        }
        let p = op as *mut PyPropertyObject;
        let g = (*p).prop_get;
        if g.is_null() {
            return missing(p, obj, "getter").into();
        }
        let g = Owned::from_borrowed(g);
        call::call_one_arg(g.as_ptr(), obj)
    }
}

unsafe extern "C" fn prop_descr_set(
    op: *mut PyObject,
    obj: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    // SAFETY: slot contract.
    unsafe {
        let p = op as *mut PyPropertyObject;
        let (f, what) = if value.is_null() {
            ((*p).prop_del, "deleter")
        } else {
            ((*p).prop_set, "setter")
        };
        if f.is_null() {
            let _ = missing(p, obj, what);
            return -1;
        }
        let f = Owned::from_borrowed(f);
        let r = if value.is_null() {
            call::call_args(f.as_ptr(), &[obj])
        } else {
            call::call_args(f.as_ptr(), &[obj, value])
        };
        match r {
            Ok(_) => 0,
            Err(_) => -1,
        }
    }
}

static INIT_SIG: Sig = Sig::new(
    "property",
    &[
        arg_opt("fget"),
        arg_opt("fset"),
        arg_opt("fdel"),
        arg_opt("doc"),
    ],
);

fn none_to_null(o: Option<*mut PyObject>) -> *mut PyObject {
    match o {
        Some(v) if v != lifecycle::none() => v,
        _ => ptr::null_mut(),
    }
}

unsafe extern "C" fn prop_init(op: *mut PyObject, args: *mut PyObject, kw: *mut PyObject) -> c_int {
    // SAFETY: tp_init contract.
    let r: PyResult<()> = unsafe {
        (|| {
            let a = INIT_SIG.bind_call::<4>(args, kw)?;
            let p = op as *mut PyPropertyObject;
            let fget = none_to_null(a.get(0));
            let fset = none_to_null(a.get(1));
            let fdel = none_to_null(a.get(2));
            let doc = none_to_null(a.get(3));
            let set = |slot: *mut *mut PyObject, v: *mut PyObject| {
                let new = if v.is_null() { v } else { new_ref(v) };
                let old = std::mem::replace(&mut *slot, new);
                xdecref(old);
            };
            set(ptr::addr_of_mut!((*p).prop_get), fget);
            set(ptr::addr_of_mut!((*p).prop_set), fset);
            set(ptr::addr_of_mut!((*p).prop_del), fdel);
            set(ptr::addr_of_mut!((*p).prop_doc), ptr::null_mut());
            set(ptr::addr_of_mut!((*p).prop_name), ptr::null_mut());
            (*p).getter_doc = 0;
            let exact = (*op).ob_type == lifecycle::property_type();
            let doc_key = unicode::intern("__doc__")?;
            let mut prop_doc: Option<Owned> = None;
            if !doc.is_null() {
                prop_doc = Some(Owned::from_borrowed(doc));
            } else if !fget.is_null() {
                let d = abstract_::lookup_attr(fget, doc_key.as_ptr())?;
                if let Some(d) = &d {
                    if !exact && d.as_ptr() != lifecycle::none() {
                        abstract_::setattr(op, doc_key.as_ptr(), d.as_ptr())?;
                    }
                }
                prop_doc = d.filter(|d| d.as_ptr() != lifecycle::none());
                if prop_doc.is_some() {
                    (*p).getter_doc = 1;
                }
            }
            if exact {
                set(
                    ptr::addr_of_mut!((*p).prop_doc),
                    prop_doc.as_ref().map_or(ptr::null_mut(), |d| d.as_ptr()),
                );
                return Ok(());
            }
            // A subclass keeps the doc in its instance dict, where the
            // class's own `__doc__` does not shadow it.
            let v = prop_doc.as_ref().map_or(lifecycle::none(), |d| d.as_ptr());
            match abstract_::setattr(op, doc_key.as_ptr(), v) {
                Ok(()) => Ok(()),
                Err(e) => {
                    if (*p).getter_doc == 0
                        && err::given_matches(
                            err::occurred(),
                            crate::objects::exceptions::get(Exc::AttributeError),
                        )
                    {
                        err::clear();
                        Ok(())
                    } else {
                        Err(e)
                    }
                }
            }
        })()
    };
    match r {
        Ok(()) => 0,
        Err(_) => -1,
    }
}

/// `getter`/`setter`/`deleter`: a new property of the same type with one
/// accessor replaced (CPython's `property_copy`).
unsafe fn copy(
    old: *mut PyObject,
    get: *mut PyObject,
    set: *mut PyObject,
    del: *mut PyObject,
) -> PyResult<Owned> {
    // SAFETY: live objects.
    unsafe {
        let p = old as *mut PyPropertyObject;
        let none = lifecycle::none();
        let pick = |given: *mut PyObject, cur: *mut PyObject| {
            if !given.is_null() && given != none {
                given
            } else if !cur.is_null() {
                cur
            } else {
                none
            }
        };
        let get = pick(get, (*p).prop_get);
        let set = pick(set, (*p).prop_set);
        let del = pick(del, (*p).prop_del);
        // A doc that came from the old getter is taken from the new one.
        let doc = if ((*p).getter_doc != 0 && get != none) || (*p).prop_doc.is_null() {
            none
        } else {
            (*p).prop_doc
        };
        let t = Owned::from_borrowed((*old).ob_type as *mut PyObject);
        let new = call::call_args(t.as_ptr(), &[get, set, del, doc])?;
        if typeobj::is_subtype((*new.as_ptr()).ob_type, lifecycle::property_type()) {
            let np = new.as_ptr() as *mut PyPropertyObject;
            let name = (*p).prop_name;
            let old_name = std::mem::replace(
                &mut (*np).prop_name,
                if name.is_null() { name } else { new_ref(name) },
            );
            xdecref(old_name);
        }
        Ok(new)
    }
}

unsafe extern "C" fn prop_getter(op: *mut PyObject, f: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O contract.
    unsafe { err::into_ptr(copy(op, f, ptr::null_mut(), ptr::null_mut())) }
}

unsafe extern "C" fn prop_setter(op: *mut PyObject, f: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O contract.
    unsafe { err::into_ptr(copy(op, ptr::null_mut(), f, ptr::null_mut())) }
}

unsafe extern "C" fn prop_deleter(op: *mut PyObject, f: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O contract.
    unsafe { err::into_ptr(copy(op, ptr::null_mut(), ptr::null_mut(), f)) }
}

/// `__set_name__(owner, name)`: remembers the name for error messages.
unsafe extern "C" fn prop_set_name(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_VARARGS contract.
    unsafe {
        let n = tuple::size(args);
        if n != 2 {
            return err::type_error(&format!(
                "__set_name__() takes 2 positional arguments but {n} were given"
            ))
            .into();
        }
        let p = op as *mut PyPropertyObject;
        let old = std::mem::replace(&mut (*p).prop_name, new_ref(tuple::item(args, 1)));
        xdecref(old);
        new_ref(lifecycle::none())
    }
}

unsafe extern "C" fn get_isabstract(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on a property.
    unsafe {
        let p = op as *mut PyPropertyObject;
        for f in [(*p).prop_get, (*p).prop_set, (*p).prop_del] {
            match classmethod::is_abstract(f) {
                Ok(true) => return new_ref(lifecycle::true_()),
                Ok(false) => {}
                Err(e) => return e.into(),
            }
        }
        new_ref(lifecycle::false_())
    }
}
