//! Descriptors built from C tables: `getset_descriptor` (from
//! `PyGetSetDef`), which gives types such as `type` and `BaseException`
//! their computed attributes through the generic attribute protocol.

use crate::objects::exceptions::Exc;
use crate::objects::object::Py_ssize_t;
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyGetSetDef, PyTypeObject};
use crate::runtime::alloc;
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::{objects::dict, objects::unicode};
use std::ffi::{c_int, CStr};
use std::ptr;

/// The fields every descriptor of a type (getset, member, method, slot
/// wrapper) starts with. Each descriptor struct repeats them first, so the
/// shared slots below work on any of them; `assert_header!` checks the
/// offsets at compile time.
#[repr(C)]
pub struct DescrHeader {
    /// Header.
    pub ob_base: PyObject,
    /// The owner type (borrowed: a type outlives the descriptors in its dict).
    pub d_type: *mut PyTypeObject,
    /// The attribute name (owned).
    pub d_name: *mut PyObject,
}

/// Checks at compile time that a descriptor struct starts with
/// [`DescrHeader`]'s fields.
macro_rules! assert_header {
    ($t:ty) => {
        const _: () = {
            use std::mem::offset_of;
            use $crate::objects::descr::DescrHeader;
            assert!(offset_of!($t, d_type) == offset_of!(DescrHeader, d_type));
            assert!(offset_of!($t, d_name) == offset_of!(DescrHeader, d_name));
        };
    };
}
pub(crate) use assert_header;

/// `tp_dealloc` of every descriptor of a type: drops the name and frees.
///
/// # Safety
/// Slot function; `op` starts with a [`DescrHeader`].
pub(crate) unsafe extern "C" fn header_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; the header layout is asserted.
    unsafe {
        clear_slot(ptr::addr_of_mut!((*(op as *mut DescrHeader)).d_name));
        alloc::free_object(op);
    }
}

/// `__name__` of a descriptor of a type.
///
/// # Safety
/// Getset function; `op` starts with a [`DescrHeader`].
pub(crate) unsafe extern "C" fn header_name(
    op: *mut PyObject,
    _c: *mut std::ffi::c_void,
) -> *mut PyObject {
    // SAFETY: the header layout is asserted.
    unsafe { new_ref((*(op as *mut DescrHeader)).d_name) }
}

/// `__qualname__` of a descriptor of a type (`Owner.name`).
///
/// # Safety
/// Getset function; `op` starts with a [`DescrHeader`].
pub(crate) unsafe extern "C" fn header_qualname(
    op: *mut PyObject,
    _c: *mut std::ffi::c_void,
) -> *mut PyObject {
    // SAFETY: the header layout is asserted.
    unsafe {
        let d = op as *mut DescrHeader;
        err::into_ptr(typeobj::descr_qualname((*d).d_type, (*d).d_name))
    }
}

/// `__objclass__` of a descriptor of a type: its owner.
///
/// # Safety
/// Getset function; `op` starts with a [`DescrHeader`].
pub(crate) unsafe extern "C" fn header_objclass(
    op: *mut PyObject,
    _c: *mut std::ffi::c_void,
) -> *mut PyObject {
    // SAFETY: the header layout is asserted.
    unsafe { new_ref((*(op as *mut DescrHeader)).d_type as *mut PyObject) }
}

/// A `getset_descriptor`.
#[repr(C)]
pub struct PyGetSetDescrObject {
    /// Header.
    pub ob_base: PyObject,
    /// The type that owns the descriptor (borrowed: types outlive their
    /// descriptors here, since static and exception types are immortal).
    pub d_type: *mut PyTypeObject,
    /// The attribute name (owned, interned).
    pub d_name: *mut PyObject,
    /// The C table entry.
    pub d_getset: *mut PyGetSetDef,
}
assert_header!(PyGetSetDescrObject);

static mut GETSET_TYPE: *mut PyTypeObject = ptr::null_mut();

/// Creates the descriptor types. Start-up only, before types are readied.
pub(crate) unsafe fn init_types() {
    // SAFETY: start-up, exclusive access.
    unsafe {
        let t = lifecycle::leak_type();
        (*t).tp_name = c"getset_descriptor".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<PyGetSetDescrObject>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::IMMUTABLETYPE;
        (*t).tp_dealloc = Some(header_dealloc);
        (*t).tp_repr = Some(getset_repr);
        (*t).tp_descr_get = Some(getset_get);
        (*t).tp_descr_set = Some(getset_set);
        (*t).tp_getset = ptr::addr_of_mut!(GETSET_GETSET) as *mut PyGetSetDef;
        GETSET_TYPE = t;
    }
}

static mut GETSET_GETSET: [PyGetSetDef; 5] = [
    typeobj::getset(c"__qualname__", Some(header_qualname)),
    typeobj::getset(c"__doc__", Some(gs_get_doc)),
    typeobj::getset(c"__name__", Some(header_name)),
    typeobj::getset(c"__objclass__", Some(header_objclass)),
    typeobj::GETSET_END,
];

unsafe extern "C" fn gs_get_doc(op: *mut PyObject, _c: *mut std::ffi::c_void) -> *mut PyObject {
    // SAFETY: getset on a getset descriptor.
    unsafe {
        let doc = (*(*(op as *mut PyGetSetDescrObject)).d_getset).doc;
        if doc.is_null() {
            return new_ref(lifecycle::none());
        }
        err::into_ptr(unicode::from_utf8(CStr::from_ptr(doc).to_bytes()))
    }
}

/// Readies the descriptor types once the core types are ready.
pub(crate) unsafe fn ready_types() {
    // SAFETY: start-up.
    unsafe {
        if typeobj::ready_static(GETSET_TYPE).is_err() {
            lifecycle::fatal("Py_Initialize", "cannot ready getset_descriptor");
        }
    }
}

/// Adds a descriptor to `t`'s dict for each entry of a NULL-terminated
/// `PyGetSetDef` table.
///
/// # Safety
/// `t` a type being readied; `defs` a NULL-terminated table that lives as
/// long as the type.
pub unsafe fn add_getsets(t: *mut PyTypeObject, defs: *mut PyGetSetDef) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let mut p = defs;
        while !(*p).name.is_null() {
            let name = CStr::from_ptr((*p).name).to_string_lossy();
            let key = unicode::intern(&name)?;
            let op = alloc::new_object(GETSET_TYPE, std::mem::size_of::<PyGetSetDescrObject>())?;
            let d = op as *mut PyGetSetDescrObject;
            (*d).d_type = t;
            (*d).d_name = new_ref(key.as_ptr());
            (*d).d_getset = p;
            let descr = Owned::from_raw(op);
            dict::set((*t).tp_dict, key.as_ptr(), descr.as_ptr())?;
            p = p.add(1);
        }
        Ok(())
    }
}

unsafe extern "C" fn getset_repr(op: *mut PyObject) -> *mut PyObject {
    let d = op as *mut PyGetSetDescrObject;
    // SAFETY: slot on a descriptor.
    unsafe { owner_repr("attribute", (*d).d_type, (*d).d_name) }
}

unsafe fn check_applies(d: *mut PyGetSetDescrObject, obj: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe { check_owner((*d).d_type, (*d).d_name, obj) }
}

/// The check every descriptor of a type makes before it touches an
/// instance: `obj` must be an instance of the owner type `d_type` (the
/// error names both types by their full `tp_name`, as CPython does).
///
/// # Safety
/// `d_type` must be a live type, `d_name` a `str`, `obj` a live object.
#[inline(always)]
pub(crate) unsafe fn check_owner(
    d_type: *mut PyTypeObject,
    d_name: *mut PyObject,
    obj: *mut PyObject,
) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let t = (*obj).ob_type;
        if t == d_type || typeobj::is_subtype(t, d_type) {
            return Ok(());
        }
        Err(owner_error(d_type, d_name, obj))
    }
}

#[cold]
#[inline(never)]
unsafe fn owner_error(
    d_type: *mut PyTypeObject,
    d_name: *mut PyObject,
    obj: *mut PyObject,
) -> err::Raised {
    // SAFETY: forwarded.
    unsafe {
        err::type_error(&format!(
            "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
            unicode::as_str(d_name),
            typeobj::full_name(d_type),
            typeobj::full_name((*obj).ob_type)
        ))
    }
}

/// The `repr` every descriptor of a type shares: `<KIND 'name' of 'type'
/// objects>`.
///
/// # Safety
/// `d_type` must be a live type, `d_name` a `str`.
pub(crate) unsafe fn owner_repr(
    kind: &str,
    d_type: *mut PyTypeObject,
    d_name: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe {
        let s = format!(
            "<{kind} '{}' of '{}' objects>",
            unicode::as_str(d_name),
            typeobj::full_name(d_type)
        );
        err::into_ptr(unicode::from_str(&s))
    }
}

unsafe extern "C" fn getset_get(
    op: *mut PyObject,
    obj: *mut PyObject,
    _t: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot on a descriptor.
    unsafe {
        if obj.is_null() {
            return new_ref(op);
        }
        let d = op as *mut PyGetSetDescrObject;
        if let Err(e) = check_applies(d, obj) {
            return e.into();
        }
        match (*(*d).d_getset).get {
            Some(g) => g(obj, (*(*d).d_getset).closure),
            None => err::raise(
                Exc::AttributeError,
                &format!(
                    "attribute '{}' of '{}' objects is not readable",
                    unicode::as_str((*d).d_name),
                    typeobj::full_name((*d).d_type)
                ),
            )
            .into(),
        }
    }
}

unsafe extern "C" fn getset_set(op: *mut PyObject, obj: *mut PyObject, v: *mut PyObject) -> c_int {
    // SAFETY: slot on a descriptor.
    unsafe {
        let d = op as *mut PyGetSetDescrObject;
        if let Err(e) = check_applies(d, obj) {
            return e.into();
        }
        match (*(*d).d_getset).set {
            Some(s) => s(obj, v, (*(*d).d_getset).closure),
            None => err::raise(
                Exc::AttributeError,
                &format!(
                    "attribute '{}' of '{}' objects is not writable",
                    unicode::as_str((*d).d_name),
                    typeobj::full_name((*d).d_type)
                ),
            )
            .into(),
        }
    }
}

/// A `mappingproxy`: a read-only view of a mapping (a type's `__dict__`).
#[repr(C)]
pub struct MappingProxy {
    /// Header.
    pub ob_base: PyObject,
    /// The viewed mapping (owned).
    pub mapping: *mut PyObject,
}

static mut PROXY_TYPE: *mut PyTypeObject = ptr::null_mut();

/// The `mappingproxy` type.
pub fn mappingproxy_type() -> *mut PyTypeObject {
    // SAFETY: written once at start-up.
    unsafe { PROXY_TYPE }
}

static mut PROXY_AS_MAPPING: crate::objects::typeobj::PyMappingMethods =
    crate::objects::typeobj::PyMappingMethods {
        mp_length: Some(mp_len),
        mp_subscript: Some(mp_getitem),
        mp_ass_subscript: None,
    };

static mut PROXY_AS_SEQUENCE: crate::objects::typeobj::PySequenceMethods = {
    // SAFETY: an all-zero table is a table of absent slots.
    let mut s: crate::objects::typeobj::PySequenceMethods = unsafe { std::mem::zeroed() };
    s.sq_contains = Some(mp_contains);
    s
};

/// Calls `mapping.<name>(*args)` of a proxy's mapping.
unsafe fn forward(op: *mut PyObject, name: &str, args: &[*mut PyObject]) -> PyResult<Owned> {
    // SAFETY: a live proxy; the vector has the receiver first.
    unsafe {
        let m = (*(op as *mut MappingProxy)).mapping;
        let n = unicode::intern(name)?;
        let mut v = Vec::with_capacity(args.len() + 1);
        v.push(m);
        v.extend_from_slice(args);
        err::from_ptr(crate::protocols::call::vectorcall_method(
            n.as_ptr(),
            v.as_ptr(),
            v.len(),
            ptr::null_mut(),
        ))
    }
}

crate::protocols::clinic::fastcall! {
    /// `mappingproxy.get(key, default=None, /)`.
    fn mp_get(op, a = crate::protocols::clinic::Sig::new("get",
        &[crate::protocols::clinic::pos("key"), crate::protocols::clinic::pos_opt("default")])) {
        let d = a.get(1).unwrap_or(lifecycle::none());
        forward(op, "get", &[a.req(0), d])
    }
}

crate::protocols::clinic::fastcall! {
    /// `mappingproxy.keys()`.
    fn mp_keys(op, _a = crate::protocols::clinic::Sig::new("keys", &[])) {
        forward(op, "keys", &[])
    }
}

crate::protocols::clinic::fastcall! {
    /// `mappingproxy.values()`.
    fn mp_values(op, _a = crate::protocols::clinic::Sig::new("values", &[])) {
        forward(op, "values", &[])
    }
}

crate::protocols::clinic::fastcall! {
    /// `mappingproxy.items()`.
    fn mp_items(op, _a = crate::protocols::clinic::Sig::new("items", &[])) {
        forward(op, "items", &[])
    }
}

crate::protocols::clinic::fastcall! {
    /// `mappingproxy.copy()`.
    fn mp_copy(op, _a = crate::protocols::clinic::Sig::new("copy", &[])) {
        forward(op, "copy", &[])
    }
}

crate::protocols::clinic::fastcall! {
    /// `mappingproxy.__reversed__()`.
    fn mp_reversed(op, _a = crate::protocols::clinic::Sig::new("__reversed__", &[])) {
        let r = crate::system::builtins::module();
        let f = crate::protocols::abstract_::getattr(r, unicode::intern("reversed")?.as_ptr())?;
        crate::protocols::call::call_args(f.as_ptr(), &[(*(op as *mut MappingProxy)).mapping])
    }
}

static mut PROXY_METHODS: [typeobj::PyMethodDef; 8] = [
    crate::protocols::clinic::def(c"get", mp_get),
    crate::protocols::clinic::def(c"keys", mp_keys),
    crate::protocols::clinic::def(c"values", mp_values),
    crate::protocols::clinic::def(c"items", mp_items),
    crate::protocols::clinic::def(c"copy", mp_copy),
    crate::protocols::clinic::def(c"__reversed__", mp_reversed),
    crate::objects::genericaliasobject::CLASS_GETITEM_DEF,
    typeobj::METHOD_END,
];

unsafe extern "C" fn mp_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a mappingproxy.
    unsafe {
        err::into_ptr(crate::objects::iterobject::get_iter(
            (*(op as *mut MappingProxy)).mapping,
        ))
    }
}

unsafe extern "C" fn mp_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a mappingproxy.
    unsafe {
        err::into_ptr(crate::protocols::abstract_::str(
            (*(op as *mut MappingProxy)).mapping,
        ))
    }
}

unsafe extern "C" fn mp_richcompare(
    op: *mut PyObject,
    other: *mut PyObject,
    cmp: std::ffi::c_int,
) -> *mut PyObject {
    // SAFETY: slot on a mappingproxy.
    unsafe {
        err::into_ptr(crate::protocols::abstract_::rich_compare(
            (*(op as *mut MappingProxy)).mapping,
            other,
            cmp,
        ))
    }
}

/// `mappingproxy(mapping)`: a mapping that is not a list or tuple.
unsafe extern "C" fn mp_new(
    _t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot contract.
    unsafe {
        static SIG: crate::protocols::clinic::Sig = crate::protocols::clinic::Sig::new(
            "mappingproxy",
            &[crate::protocols::clinic::arg("mapping")],
        );
        let r = (|| -> PyResult<Owned> {
            let a = SIG.bind_call::<1>(args, kw)?;
            let m = a.req(0);
            let t = (*m).ob_type;
            let is_mapping = !(*t).tp_as_mapping.is_null()
                && (*(*t).tp_as_mapping).mp_subscript.is_some()
                && !crate::objects::list::check(m)
                && !crate::objects::tuple::check(m);
            if !is_mapping {
                return Err(err::type_error(&format!(
                    "mappingproxy() argument must be a mapping, not {}",
                    typeobj::full_name(t)
                )));
            }
            mappingproxy(m)
        })();
        err::into_ptr(r)
    }
}

/// Creates `mappingproxy`. Start-up only, before types are readied.
pub(crate) unsafe fn init_proxy_type() {
    // SAFETY: start-up.
    unsafe {
        let t = lifecycle::leak_type();
        (*t).tp_name = c"mappingproxy".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<MappingProxy>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::IMMUTABLETYPE | flags::MAPPING;
        (*t).tp_dealloc = Some(mp_dealloc);
        (*t).tp_repr = Some(mp_repr);
        (*t).tp_as_mapping = ptr::addr_of_mut!(PROXY_AS_MAPPING);
        (*t).tp_as_sequence = ptr::addr_of_mut!(PROXY_AS_SEQUENCE);
        (*t).tp_methods = ptr::addr_of_mut!(PROXY_METHODS).cast();
        (*t).tp_iter = Some(mp_iter);
        (*t).tp_str = Some(mp_str);
        (*t).tp_richcompare = Some(mp_richcompare);
        (*t).tp_new = Some(mp_new);
        PROXY_TYPE = t;
    }
}

/// Readies `mappingproxy`. Start-up only.
pub(crate) unsafe fn ready_proxy_type() {
    // SAFETY: start-up.
    unsafe {
        if typeobj::ready_static(PROXY_TYPE).is_err() {
            lifecycle::fatal("Py_Initialize", "cannot ready mappingproxy");
        }
    }
}

/// A read-only view of `mapping`.
///
/// # Safety
/// `mapping` must be live.
pub unsafe fn mappingproxy(mapping: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: a fresh proxy owning a reference to the mapping.
    unsafe {
        let op = alloc::new_object(PROXY_TYPE, std::mem::size_of::<MappingProxy>())?;
        (*(op as *mut MappingProxy)).mapping = new_ref(mapping);
        Ok(Owned::from_raw(op))
    }
}

unsafe extern "C" fn mp_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        clear_slot(ptr::addr_of_mut!((*(op as *mut MappingProxy)).mapping));
        alloc::free_object(op);
    }
}

unsafe extern "C" fn mp_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a mappingproxy.
    unsafe {
        match crate::protocols::abstract_::repr_string((*(op as *mut MappingProxy)).mapping) {
            Ok(r) => err::into_ptr(unicode::from_str(&format!("mappingproxy({r})"))),
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn mp_len(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: slot on a mappingproxy.
    unsafe {
        match crate::protocols::abstract_::size((*(op as *mut MappingProxy)).mapping) {
            Ok(n) => n,
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn mp_getitem(op: *mut PyObject, k: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a mappingproxy.
    unsafe {
        err::into_ptr(crate::protocols::abstract_::getitem(
            (*(op as *mut MappingProxy)).mapping,
            k,
        ))
    }
}

unsafe extern "C" fn mp_contains(op: *mut PyObject, k: *mut PyObject) -> c_int {
    // SAFETY: slot on a mappingproxy.
    unsafe {
        let m = (*(op as *mut MappingProxy)).mapping;
        if dict::check(m) {
            return match dict::get(m, k) {
                Ok(v) => c_int::from(v.is_some()),
                Err(e) => e.into(),
            };
        }
        match crate::protocols::abstract_::getitem(m, k) {
            Ok(_) => 1,
            Err(_) => {
                err::clear();
                0
            }
        }
    }
}
