//! Weak references: `weakref`, `weakproxy` and `weakcallableproxy` objects
//! with CPython 3.12's `PyWeakReference` layout (so the
//! `PyWeakref_GET_OBJECT` macro works), the per-object list they live on
//! (at `tp_weaklistoffset`, which is -32 for `MANAGED_WEAKREF` types: the
//! pre-header word), shared basic references, and clearing with callbacks
//! on death, most recently created first, as CPython.

use crate::objects::exceptions::Exc;
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyMappingMethods, PyNumberMethods, PyTypeObject};
use crate::runtime::alloc;
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::{
    objects::long, objects::tuple, objects::unicode, protocols::abstract_, protocols::call,
};
use std::ffi::{c_int, c_void};
use std::ptr;

/// `PyWeakReference`, field for field as CPython 3.12.
#[repr(C)]
#[allow(missing_docs)]
pub struct PyWeakReference {
    pub ob_base: PyObject,
    /// The referent, or `Py_None` once dead.
    pub wr_object: *mut PyObject,
    /// The callback (owned) or NULL.
    pub wr_callback: *mut PyObject,
    /// Cached hash of the referent, -1 until computed.
    pub hash: Py_hash_t,
    pub wr_prev: *mut PyWeakReference,
    pub wr_next: *mut PyWeakReference,
    pub vectorcall: *mut c_void,
}
const _: () = assert!(std::mem::offset_of!(PyWeakReference, wr_object) == 16);

static mut REF_TYPE: *mut PyTypeObject = ptr::null_mut();
static mut PROXY_TYPE: *mut PyTypeObject = ptr::null_mut();
static mut CALLABLE_PROXY_TYPE: *mut PyTypeObject = ptr::null_mut();

/// The three weakref types, for the C facade's exported symbols.
pub fn types() -> [*mut PyTypeObject; 3] {
    // SAFETY: written once at start-up.
    unsafe { [REF_TYPE, PROXY_TYPE, CALLABLE_PROXY_TYPE] }
}

/// Fills in the weakref types in caller-provided storage (the C facade's
/// exported `_PyWeakref_*Type` objects) or fresh storage. Start-up only,
/// before types are readied.
pub(crate) unsafe fn init_types(storage: Option<[*mut PyTypeObject; 3]>) {
    // SAFETY: start-up, exclusive access.
    unsafe {
        let [r, p, c] = storage.unwrap_or_else(|| {
            [
                lifecycle::leak_type(),
                lifecycle::leak_type(),
                lifecycle::leak_type(),
            ]
        });
        for t in [r, p, c] {
            (*t).ob_base.ob_base = static_header(lifecycle::type_type());
            (*t).tp_basicsize = std::mem::size_of::<PyWeakReference>() as isize;
            (*t).tp_dealloc = Some(weakref_dealloc);
            (*t).tp_traverse = Some(weakref_traverse);
            (*t).tp_clear = Some(weakref_clear);
        }
        (*r).tp_name = c"weakref.ReferenceType".as_ptr();
        (*r).tp_flags = flags::DEFAULT | flags::HAVE_GC | flags::BASETYPE;
        (*r).tp_call = Some(weakref_call);
        (*r).tp_new = Some(weakref_new);
        (*r).tp_hash = Some(weakref_hash);
        (*r).tp_repr = Some(weakref_repr);
        (*r).tp_richcompare = Some(weakref_richcompare);
        (*r).tp_getset = ptr::addr_of_mut!(REF_GETSET) as *mut typeobj::PyGetSetDef;
        (*p).tp_name = c"weakref.ProxyType".as_ptr();
        (*c).tp_name = c"weakref.CallableProxyType".as_ptr();
        for t in [p, c] {
            (*t).tp_flags = flags::DEFAULT | flags::HAVE_GC;
            (*t).tp_getattro = Some(proxy_getattr);
            (*t).tp_setattro = Some(proxy_setattr);
            (*t).tp_str = Some(proxy_str);
            (*t).tp_repr = Some(proxy_repr);
            (*t).tp_hash = crate::runtime::lifecycle::c_api_slots().hash_not_implemented;
            (*t).tp_as_number = ptr::addr_of_mut!(PROXY_AS_NUMBER);
            (*t).tp_as_mapping = ptr::addr_of_mut!(PROXY_AS_MAPPING);
            (*t).tp_richcompare = Some(proxy_richcompare);
        }
        (*c).tp_call = Some(proxy_call);
        REF_TYPE = r;
        PROXY_TYPE = p;
        CALLABLE_PROXY_TYPE = c;
    }
}

/// Readies the weakref types. Start-up only.
pub(crate) unsafe fn ready_types() {
    // SAFETY: start-up.
    unsafe {
        for t in types() {
            if typeobj::ready_static(t).is_err() {
                lifecycle::fatal("Py_Initialize", "cannot ready the weakref types");
            }
        }
    }
}

static mut REF_GETSET: [typeobj::PyGetSetDef; 2] = [
    typeobj::getset(c"__callback__", Some(ref_get_callback)),
    typeobj::GETSET_END,
];

unsafe extern "C" fn ref_get_callback(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on a weakref.
    unsafe {
        let cb = (*(op as *mut PyWeakReference)).wr_callback;
        new_ref(if cb.is_null() { lifecycle::none() } else { cb })
    }
}

/// Proxies compare as their referents (a dead proxy raises).
unsafe extern "C" fn proxy_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: slot; one operand is a proxy.
    unsafe {
        let unwrap = |o: *mut PyObject| -> PyResult<Owned> {
            if check_proxy(o) {
                proxy_target(o)
            } else {
                Ok(Owned::from_borrowed(o))
            }
        };
        match (unwrap(a), unwrap(b)) {
            (Ok(x), Ok(y)) => err::into_ptr(abstract_::rich_compare(x.as_ptr(), y.as_ptr(), op)),
            (Err(e), _) | (_, Err(e)) => e.into(),
        }
    }
}

static mut PROXY_AS_NUMBER: PyNumberMethods = {
    // SAFETY: an all-zero table is a table of absent slots.
    let mut n: PyNumberMethods = unsafe { std::mem::zeroed() };
    n.nb_bool = Some(proxy_bool);
    n
};

static mut PROXY_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(proxy_len),
    mp_subscript: Some(proxy_getitem),
    mp_ass_subscript: Some(proxy_setitem),
};

/// Whether `op` is any weakref object (`PyWeakref_Check`).
///
/// # Safety
/// `op` must be live.
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { check_ref(op) || check_proxy(op) }
}

/// `PyWeakref_CheckRef`.
///
/// # Safety
/// `op` must be live.
pub unsafe fn check_ref(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { typeobj::is_subtype((*op).ob_type, REF_TYPE) }
}

/// `PyWeakref_CheckProxy`.
///
/// # Safety
/// `op` must be live.
pub unsafe fn check_proxy(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { (*op).ob_type == PROXY_TYPE || (*op).ob_type == CALLABLE_PROXY_TYPE }
}

/// The list head slot of `obj`, or NULL if its type has no weakref support.
///
/// # Safety
/// `obj` must be live.
#[inline]
pub unsafe fn list_slot(obj: *mut PyObject) -> *mut *mut PyWeakReference {
    // SAFETY: `tp_weaklistoffset` is an offset inside the object (positive)
    // or into its pre-header (-32 for managed weakrefs).
    unsafe {
        let off = (*(*obj).ob_type).tp_weaklistoffset;
        if off == 0 {
            return ptr::null_mut();
        }
        (obj as *mut u8).offset(off) as *mut *mut PyWeakReference
    }
}

/// The referent of a weakref, or NULL when dead.
///
/// # Safety
/// `r` must be a live weakref object.
#[inline]
pub unsafe fn referent(r: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe {
        let o = (*(r as *mut PyWeakReference)).wr_object;
        if o == lifecycle::none() || (*o).ob_refcnt <= 0 {
            ptr::null_mut()
        } else {
            o
        }
    }
}

#[inline]
unsafe fn new_weak(
    t: *mut PyTypeObject,
    ob: *mut PyObject,
    cb: *mut PyObject,
) -> PyResult<*mut PyWeakReference> {
    // SAFETY: a fresh weakref object; fields written before use.
    unsafe {
        let op = alloc::new_gc_object_uninit(t, std::mem::size_of::<PyWeakReference>())?;
        let r = op as *mut PyWeakReference;
        (*r).wr_object = ob;
        (*r).wr_callback = if cb.is_null() {
            ptr::null_mut()
        } else {
            new_ref(cb)
        };
        (*r).hash = -1;
        (*r).wr_prev = ptr::null_mut();
        (*r).wr_next = ptr::null_mut();
        (*r).vectorcall = ptr::null_mut();
        Ok(r)
    }
}

unsafe fn insert_after(r: *mut PyWeakReference, prev: *mut PyWeakReference) {
    // SAFETY: both are live weakrefs on the same list.
    unsafe {
        (*r).wr_prev = prev;
        (*r).wr_next = (*prev).wr_next;
        if !(*prev).wr_next.is_null() {
            (*(*prev).wr_next).wr_prev = r;
        }
        (*prev).wr_next = r;
    }
}

unsafe fn insert_head(r: *mut PyWeakReference, slot: *mut *mut PyWeakReference) {
    // SAFETY: `slot` is the referent's list head.
    unsafe {
        let next = *slot;
        (*r).wr_prev = ptr::null_mut();
        (*r).wr_next = next;
        if !next.is_null() {
            (*next).wr_prev = r;
        }
        *slot = r;
    }
}

unsafe fn unlink(r: *mut PyWeakReference) {
    // SAFETY: `r` is live; its referent (if alive) owns the list.
    unsafe {
        let ob = (*r).wr_object;
        if ob != lifecycle::none() && !ob.is_null() {
            let slot = list_slot(ob);
            if !slot.is_null() && *slot == r {
                *slot = (*r).wr_next;
            }
        }
        if !(*r).wr_prev.is_null() {
            (*(*r).wr_prev).wr_next = (*r).wr_next;
        }
        if !(*r).wr_next.is_null() {
            (*(*r).wr_next).wr_prev = (*r).wr_prev;
        }
        (*r).wr_prev = ptr::null_mut();
        (*r).wr_next = ptr::null_mut();
        (*r).wr_object = lifecycle::none();
    }
}

/// Detaches a weak reference from its referent without calling its
/// callback (CPython's `_PyWeakref_ClearRef`): the collector does this to
/// weak references that are garbage themselves.
///
/// # Safety
/// `r` must be a live weakref object.
pub unsafe fn clear_ref(r: *mut PyObject) {
    // SAFETY: forwarded.
    unsafe { unlink(r as *mut PyWeakReference) }
}

unsafe extern "C" fn weakref_clear(op: *mut PyObject) -> c_int {
    // SAFETY: slot on a live weakref; the callback is owned.
    unsafe {
        let r = op as *mut PyWeakReference;
        unlink(r);
        clear_slot(ptr::addr_of_mut!((*r).wr_callback));
        0
    }
}

/// `weakref.ref(object[, callback])` (the exact type only).
unsafe extern "C" fn weakref_new(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot contract: `args` a tuple, `kwds` NULL or a dict.
    unsafe {
        if t != REF_TYPE {
            return err::into_ptr(Err(err::type_error(
                "subclasses of weakref.ref are not supported",
            )));
        }
        if !kwds.is_null() && crate::objects::dict::len(kwds) != 0 {
            return err::into_ptr(Err(err::type_error("ref() takes no keyword arguments")));
        }
        let n = crate::objects::tuple::size(args);
        if !(1..=2).contains(&n) {
            return err::into_ptr(Err(err::type_error(&format!(
                "__new__ expected at {} 2 arguments, got {n}",
                if n < 1 { "least" } else { "most" }
            ))));
        }
        let ob = crate::objects::tuple::item(args, 0);
        let cb = if n == 2 {
            crate::objects::tuple::item(args, 1)
        } else {
            ptr::null_mut()
        };
        err::into_ptr(new_ref_to(ob, cb))
    }
}

#[inline(always)]
unsafe fn weak_slot(ob: *mut PyObject) -> PyResult<*mut *mut PyWeakReference> {
    // SAFETY: forwarded.
    let slot = unsafe { list_slot(ob) };
    if slot.is_null() {
        // SAFETY: forwarded.
        return Err(unsafe { cannot_weakref(ob) });
    }
    Ok(slot)
}

/// The `TypeError` of a weak reference to an object whose type has no
/// weakref list.
///
/// # Safety
/// `ob` must be live.
#[cold]
#[inline(never)]
unsafe fn cannot_weakref(ob: *mut PyObject) -> err::Raised {
    // SAFETY: forwarded.
    let name = unsafe { typeobj::full_name((*ob).ob_type) };
    err::type_error(&format!("cannot create weak reference to '{name}' object"))
}

/// The list's shared basic reference and basic proxy (no callback, exact
/// type), if any.
unsafe fn basics(slot: *mut *mut PyWeakReference) -> (*mut PyWeakReference, *mut PyWeakReference) {
    // SAFETY: the list holds live weakrefs; basics sit at the front.
    unsafe {
        let mut r = *slot;
        let mut basic_ref: *mut PyWeakReference = ptr::null_mut();
        let mut basic_proxy: *mut PyWeakReference = ptr::null_mut();
        while !r.is_null() && (*r).wr_callback.is_null() {
            let t = (*(r as *mut PyObject)).ob_type;
            if t == REF_TYPE && basic_ref.is_null() {
                basic_ref = r;
            } else if (t == PROXY_TYPE || t == CALLABLE_PROXY_TYPE) && basic_proxy.is_null() {
                basic_proxy = r;
            } else {
                break;
            }
            r = (*r).wr_next;
        }
        (basic_ref, basic_proxy)
    }
}

/// `PyWeakref_NewRef(ob, callback)`.
///
/// # Safety
/// `ob` live; `cb` NULL or live.
pub unsafe fn new_ref_to(ob: *mut PyObject, cb: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let slot = weak_slot(ob)?;
        let cb = if cb == lifecycle::none() {
            ptr::null_mut()
        } else {
            cb
        };
        let (basic_ref, basic_proxy) = basics(slot);
        if cb.is_null() && !basic_ref.is_null() {
            return Ok(Owned::from_borrowed(basic_ref as *mut PyObject));
        }
        let r = new_weak(REF_TYPE, ob, cb)?;
        if cb.is_null() {
            insert_head(r, slot);
        } else {
            let prev = if !basic_proxy.is_null() {
                basic_proxy
            } else {
                basic_ref
            };
            if prev.is_null() {
                insert_head(r, slot);
            } else {
                insert_after(r, prev);
            }
        }
        Ok(Owned::from_raw(r as *mut PyObject))
    }
}

/// `PyWeakref_NewProxy(ob, callback)`.
///
/// # Safety
/// `ob` live; `cb` NULL or live.
pub unsafe fn new_proxy(ob: *mut PyObject, cb: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let slot = weak_slot(ob)?;
        let cb = if cb == lifecycle::none() {
            ptr::null_mut()
        } else {
            cb
        };
        let (basic_ref, basic_proxy) = basics(slot);
        if cb.is_null() && !basic_proxy.is_null() {
            return Ok(Owned::from_borrowed(basic_proxy as *mut PyObject));
        }
        let t = if abstract_::callable(ob) {
            CALLABLE_PROXY_TYPE
        } else {
            PROXY_TYPE
        };
        let r = new_weak(t, ob, cb)?;
        if cb.is_null() {
            if basic_ref.is_null() {
                insert_head(r, slot);
            } else {
                insert_after(r, basic_ref);
            }
        } else {
            let prev = if !basic_proxy.is_null() {
                basic_proxy
            } else {
                basic_ref
            };
            if prev.is_null() {
                insert_head(r, slot);
            } else {
                insert_after(r, prev);
            }
        }
        Ok(Owned::from_raw(r as *mut PyObject))
    }
}

/// `PyObject_ClearWeakRefs`: kills every weak reference to `ob`, then calls
/// the callbacks in list order (most recently created first). A failing
/// callback is reported as unraisable; the pending exception survives.
///
/// # Safety
/// `ob` must be an object being deallocated (refcount 0) or live.
pub unsafe fn clear_weakrefs(ob: *mut PyObject) {
    // SAFETY: forwarded; each weakref is held while its callback runs.
    unsafe {
        let slot = list_slot(ob);
        if slot.is_null() || (*ob).ob_refcnt != 0 {
            let _ = err::bad_argument();
            return;
        }
        if (*slot).is_null() {
            return;
        }
        let mut pending: Vec<(Owned, Owned)> = Vec::new();
        while !(*slot).is_null() {
            let r = *slot;
            let cb = (*r).wr_callback;
            (*r).wr_callback = ptr::null_mut();
            unlink(r);
            if !cb.is_null() {
                if (*(r as *mut PyObject)).ob_refcnt > 0 {
                    pending.push((
                        Owned::from_borrowed(r as *mut PyObject),
                        Owned::from_raw(cb),
                    ));
                } else {
                    decref(cb);
                }
            }
        }
        if pending.is_empty() {
            return;
        }
        let saved = err::take();
        for (r, cb) in pending {
            let res = tuple::new_from(&[r.as_ptr()])
                .and_then(|a| call::call(cb.as_ptr(), a.as_ptr(), ptr::null_mut()));
            if res.is_err() {
                err::write_unraisable(cb.as_ptr());
            }
        }
        err::restore(saved);
    }
}

/// Kills every weak reference to `ob` (a live object the collector found to
/// be garbage) and hands each one that had a callback to `f` with the
/// callback's reference.
///
/// # Safety
/// `ob` must be live; the GIL held.
pub unsafe fn detach_all(ob: *mut PyObject, mut f: impl FnMut(*mut PyObject, Owned)) {
    // SAFETY: forwarded.
    unsafe {
        let slot = list_slot(ob);
        if slot.is_null() {
            return;
        }
        while !(*slot).is_null() {
            let r = *slot;
            let cb = std::mem::replace(&mut (*r).wr_callback, ptr::null_mut());
            unlink(r);
            if !cb.is_null() {
                f(r as *mut PyObject, Owned::from_raw(cb));
            }
        }
    }
}

unsafe extern "C" fn weakref_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        let r = op as *mut PyWeakReference;
        unlink(r);
        clear_slot(ptr::addr_of_mut!((*r).wr_callback));
        alloc::free_object(op);
    }
}

unsafe extern "C" fn weakref_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a weakref.
    unsafe {
        let cb = (*(op as *mut PyWeakReference)).wr_callback;
        if let (Some(v), false) = (visit, cb.is_null()) {
            let r = v(cb, arg);
            if r != 0 {
                return r;
            }
        }
        0
    }
}

unsafe extern "C" fn weakref_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot on a weakref.
    unsafe {
        if tuple::size(args) != 0 || (!kw.is_null() && crate::objects::dict::len(kw) != 0) {
            return err::type_error(&format!(
                "weakref expected 0 arguments, got {}",
                tuple::size(args)
            ))
            .into();
        }
        let o = referent(op);
        new_ref(if o.is_null() { lifecycle::none() } else { o })
    }
}

unsafe extern "C" fn weakref_hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: slot on a weakref.
    unsafe {
        let r = op as *mut PyWeakReference;
        if (*r).hash != -1 {
            return (*r).hash;
        }
        let o = referent(op);
        if o.is_null() {
            return err::type_error("weak object has gone away").into();
        }
        match abstract_::hash(o) {
            Ok(h) => {
                (*r).hash = h;
                h
            }
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn weakref_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a weakref.
    unsafe {
        let o = referent(op);
        let s = if o.is_null() {
            format!("<weakref at {op:p}; dead>")
        } else {
            format!(
                "<weakref at {op:p}; to '{}' at {o:p}>",
                typeobj::full_name((*o).ob_type)
            )
        };
        err::into_ptr(unicode::from_str(&s))
    }
}

unsafe extern "C" fn weakref_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: slot; `a` is a weakref.
    unsafe {
        if (op != abstract_::EQ && op != abstract_::NE) || !check_ref(b) {
            return new_ref(lifecycle::not_implemented());
        }
        let (x, y) = (referent(a), referent(b));
        if x.is_null() || y.is_null() {
            let same = a == b;
            return long::bool_from(same == (op == abstract_::EQ)).into_raw();
        }
        err::into_ptr(abstract_::rich_compare(x, y, op))
    }
}

unsafe fn proxy_target(op: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let o = referent(op);
        if o.is_null() {
            return Err(err::raise(
                Exc::ReferenceError,
                "weakly-referenced object no longer exists",
            ));
        }
        Ok(Owned::from_borrowed(o))
    }
}

unsafe extern "C" fn proxy_getattr(op: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a proxy.
    unsafe { err::into_ptr(proxy_target(op).and_then(|o| abstract_::getattr(o.as_ptr(), name))) }
}

unsafe extern "C" fn proxy_setattr(
    op: *mut PyObject,
    name: *mut PyObject,
    v: *mut PyObject,
) -> c_int {
    // SAFETY: slot on a proxy.
    unsafe {
        match proxy_target(op).and_then(|o| abstract_::setattr(o.as_ptr(), name, v)) {
            Ok(()) => 0,
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn proxy_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a proxy.
    unsafe { err::into_ptr(proxy_target(op).and_then(|o| abstract_::str(o.as_ptr()))) }
}

unsafe extern "C" fn proxy_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a proxy.
    unsafe {
        let o = referent(op);
        let s = if o.is_null() {
            format!("<weakproxy at {op:p}; dead>")
        } else {
            format!(
                "<weakproxy at {op:p}; to '{}' at {o:p}>",
                typeobj::full_name((*o).ob_type)
            )
        };
        err::into_ptr(unicode::from_str(&s))
    }
}

unsafe extern "C" fn proxy_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot on a callable proxy.
    unsafe { err::into_ptr(proxy_target(op).and_then(|o| call::call(o.as_ptr(), args, kw))) }
}

unsafe extern "C" fn proxy_bool(op: *mut PyObject) -> c_int {
    // SAFETY: slot on a proxy.
    unsafe {
        match proxy_target(op).and_then(|o| abstract_::is_true(o.as_ptr())) {
            Ok(b) => c_int::from(b),
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn proxy_len(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: slot on a proxy.
    unsafe {
        match proxy_target(op).and_then(|o| abstract_::size(o.as_ptr())) {
            Ok(n) => n,
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn proxy_getitem(op: *mut PyObject, k: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a proxy.
    unsafe { err::into_ptr(proxy_target(op).and_then(|o| abstract_::getitem(o.as_ptr(), k))) }
}

unsafe extern "C" fn proxy_setitem(op: *mut PyObject, k: *mut PyObject, v: *mut PyObject) -> c_int {
    // SAFETY: slot on a proxy.
    unsafe {
        match proxy_target(op).and_then(|o| abstract_::setitem(o.as_ptr(), k, v)) {
            Ok(()) => 0,
            Err(e) => e.into(),
        }
    }
}

/// `PyWeakref_GetObject`: borrowed referent or `None`; `SystemError` for a
/// non-weakref.
///
/// # Safety
/// `r` NULL or live.
pub unsafe fn get_object(r: *mut PyObject) -> PyResult<*mut PyObject> {
    // SAFETY: forwarded.
    unsafe {
        if r.is_null() || !check(r) {
            return Err(err::bad_argument());
        }
        let o = referent(r);
        Ok(if o.is_null() { lifecycle::none() } else { o })
    }
}
