//! `types.SimpleNamespace`: an object whose attributes are its own
//! `__dict__`, made from keyword arguments, shown as
//! `namespace(a=1, b=2)` and equal to another namespace with an equal
//! dictionary. `sys.monitoring.events` is one.

use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyTypeObject};
use crate::objects::{dict, tuple, unicode};
use crate::protocols::abstract_;
use crate::runtime::err::{self, PyResult};
use crate::runtime::{gc, lifecycle};
use std::ffi::{c_int, c_void};
use std::ptr;

/// A namespace: the object head and its dictionary.
#[repr(C)]
struct Namespace {
    ob_base: PyObject,
    dict: *mut PyObject,
}

static mut TYPE: *mut PyTypeObject = ptr::null_mut();

static mut MEMBERS: [typeobj::PyMemberDef; 2] = [
    crate::objects::member::readonly_object_member(
        c"__dict__",
        std::mem::offset_of!(Namespace, dict),
    ),
    crate::objects::member::MEMBER_END,
];

/// The type (`types.SimpleNamespace`).
pub fn namespace_type() -> *mut PyTypeObject {
    // SAFETY: written once at start-up.
    unsafe { TYPE }
}

/// Creates the type. Start-up only.
pub(crate) unsafe fn init_type() -> PyResult<()> {
    // SAFETY: start-up on one thread.
    unsafe {
        let t = lifecycle::leak_type();
        (*t).tp_name = c"types.SimpleNamespace".as_ptr();
        (*t).tp_doc = c"A simple attribute-based namespace.".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<Namespace>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::BASETYPE | flags::HAVE_GC;
        (*t).tp_dealloc = Some(ns_dealloc);
        (*t).tp_traverse = Some(ns_traverse);
        (*t).tp_clear = Some(ns_clear);
        (*t).tp_repr = Some(ns_repr);
        (*t).tp_richcompare = Some(ns_richcompare);
        (*t).tp_init = Some(ns_init);
        (*t).tp_getattro = Some(crate::protocols::attr::generic_getattr_slot);
        (*t).tp_setattro = Some(crate::protocols::attr::generic_setattr_slot);
        (*t).tp_members = ptr::addr_of_mut!(MEMBERS).cast();
        (*t).tp_dictoffset = std::mem::offset_of!(Namespace, dict) as isize;
        (*t).tp_alloc = lifecycle::c_api_slots().alloc;
        (*t).tp_new = lifecycle::c_api_slots().generic_new;
        (*t).tp_free = lifecycle::c_api_slots().gc_del;
        typeobj::ready_static(t)?;
        TYPE = t;
        Ok(())
    }
}

/// A namespace with the given attributes, in order.
///
/// # Safety
/// The GIL is held; the values are live.
pub unsafe fn new(attrs: &[(&str, *mut PyObject)]) -> PyResult<Owned> {
    // SAFETY: a fresh object of the ready type; its dictionary is owned.
    unsafe {
        let t = namespace_type();
        let alloc = (*t).tp_alloc.ok_or_else(err::Raised::assume)?;
        let op = err::from_ptr(alloc(t, 0))?;
        let d = dict::new()?;
        for (k, v) in attrs {
            let key = unicode::intern(k)?;
            dict::set(d.as_ptr(), key.as_ptr(), *v)?;
        }
        (*(op.as_ptr() as *mut Namespace)).dict = d.into_raw();
        Ok(op)
    }
}

/// Whether `op` is a namespace or an instance of a subclass.
unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: `op` live.
    unsafe { typeobj::is_subtype((*op).ob_type, namespace_type()) }
}

unsafe extern "C" fn ns_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        clear_slot(ptr::addr_of_mut!((*(op as *mut Namespace)).dict));
        match (*(*op).ob_type).tp_free {
            Some(free) => free(op as *mut c_void),
            None => crate::runtime::alloc::free_object(op),
        }
    }
}

unsafe extern "C" fn ns_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a namespace.
    unsafe { gc::visit_all([(*(op as *mut Namespace)).dict], visit, arg) }
}

unsafe extern "C" fn ns_clear(op: *mut PyObject) -> c_int {
    // SAFETY: slot on a namespace.
    unsafe {
        clear_slot(ptr::addr_of_mut!((*(op as *mut Namespace)).dict));
        0
    }
}

/// `SimpleNamespace(**kwargs)`: keywords become attributes; positional
/// arguments are refused.
unsafe extern "C" fn ns_init(op: *mut PyObject, args: *mut PyObject, kw: *mut PyObject) -> c_int {
    // SAFETY: slot contract: `args` a tuple, `kw` NULL or a dict.
    unsafe {
        if !args.is_null() && tuple::size(args) != 0 {
            let _ = err::raise(
                crate::objects::exceptions::Exc::TypeError,
                "no positional arguments expected",
            );
            return -1;
        }
        if kw.is_null() {
            return 0;
        }
        let slot = ptr::addr_of_mut!((*(op as *mut Namespace)).dict);
        if (*slot).is_null() {
            match dict::new() {
                Ok(d) => *slot = d.into_raw(),
                Err(_) => return -1,
            }
        }
        let mut pos = 0;
        while let Some((k, v)) = dict::next(kw, &mut pos) {
            if !unicode::check(k) {
                let _ = err::raise(
                    crate::objects::exceptions::Exc::TypeError,
                    "keywords must be strings",
                );
                return -1;
            }
            if dict::set(*slot, k, v).is_err() {
                return -1;
            }
        }
        0
    }
}

unsafe fn repr_of(op: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: `op` a namespace; the dictionary is read under the GIL.
    unsafe {
        let t = (*op).ob_type;
        let name = if t == namespace_type() {
            "namespace".to_string()
        } else {
            typeobj::short_name(t).to_string()
        };
        let d = (*(op as *mut Namespace)).dict;
        let text = abstract_::with_repr_guard(op, &format!("{name}(...)"), || {
            let mut parts = Vec::new();
            if !d.is_null() {
                for (k, v) in dict::items_vec(d) {
                    if !unicode::check(k.as_ptr()) {
                        continue;
                    }
                    let vr = abstract_::repr(v.as_ptr())?;
                    parts.push(format!(
                        "{}={}",
                        unicode::as_str(k.as_ptr()),
                        unicode::as_str(vr.as_ptr())
                    ));
                }
            }
            Ok(format!("{name}({})", parts.join(", ")))
        })?;
        unicode::from_str(&text)
    }
}

unsafe extern "C" fn ns_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a namespace.
    unsafe { err::into_ptr(repr_of(op)) }
}

unsafe extern "C" fn ns_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: slot contract.
    unsafe {
        if !check(a) || !check(b) || (op != 2 && op != 3) {
            return new_ref(lifecycle::not_implemented());
        }
        let (da, db) = ((*(a as *mut Namespace)).dict, (*(b as *mut Namespace)).dict);
        if da.is_null() || db.is_null() {
            return new_ref(lifecycle::not_implemented());
        }
        err::into_ptr(abstract_::rich_compare(da, db, op))
    }
}
