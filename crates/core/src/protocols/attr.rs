//! The attribute protocol: `object`'s generic get/set with CPython's
//! descriptor precedence (data descriptor, instance dict, non-data
//! descriptor, class attribute), the `type` type's own lookup through its
//! metatype, and the `object` base type.

use crate::objects::exceptions::Exc;
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyTypeObject};
use crate::runtime::alloc;
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::{objects::dict, objects::tuple, objects::unicode, protocols::abstract_};
use std::ffi::c_int;
use std::ptr;

/// The slot holding an object's `__dict__` at `tp_dictoffset`, or NULL if
/// its type has none there (managed dicts go through [`crate::objects::managed`]).
///
/// # Safety
/// `obj` must be live.
#[inline]
pub unsafe fn dict_ptr(obj: *mut PyObject) -> *mut *mut PyObject {
    // SAFETY: a positive `tp_dictoffset` is an offset inside the object; a
    // managed dict lives in the pre-header word at -24.
    unsafe {
        let t = (*obj).ob_type;
        if (*t).tp_flags & flags::MANAGED_DICT != 0 {
            return ptr::null_mut();
        }
        let off = (*t).tp_dictoffset;
        if off > 0 {
            (obj as *mut u8).offset(off) as *mut *mut PyObject
        } else {
            ptr::null_mut()
        }
    }
}

/// `_PyObject_GetDictPtr`: the slot holding the instance dict (managed
/// values are turned into a dict first), or NULL when the type has none
/// (never raises: a failure to build the dict is cleared, as in CPython).
/// A negative `tp_dictoffset` counts from the end of a variable-size
/// object.
///
/// # Safety
/// `obj` must be live.
pub unsafe fn dict_slot(obj: *mut PyObject) -> *mut *mut PyObject {
    // SAFETY: forwarded.
    unsafe {
        let t = (*obj).ob_type;
        if (*t).tp_flags & flags::MANAGED_DICT != 0 {
            return match crate::objects::managed::dict_slot(obj) {
                Ok(p) => p,
                Err(_) => {
                    err::clear();
                    ptr::null_mut()
                }
            };
        }
        let off = (*t).tp_dictoffset;
        if off >= 0 {
            return dict_ptr(obj);
        }
        let n = (*(obj as *mut PyVarObject)).ob_size.unsigned_abs();
        let size = ((*t).tp_basicsize as usize + n * (*t).tp_itemsize.unsigned_abs() + 7) & !7;
        (obj as *mut u8).add(size).offset(off) as *mut *mut PyObject
    }
}

/// Drops an instance's `__dict__` (managed or at `tp_dictoffset`).
///
/// # Safety
/// `obj` must be live or being deallocated.
pub unsafe fn clear_instance_dict(obj: *mut PyObject) {
    // SAFETY: forwarded.
    unsafe {
        crate::objects::managed::clear(obj);
        let dp = dict_ptr(obj);
        if !dp.is_null() {
            clear_slot(dp);
        }
    }
}

/// `PyObject_GenericGetDict`: the instance dict, created on first use.
///
/// # Safety
/// `obj` must be live.
pub unsafe fn generic_get_dict(obj: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if crate::objects::managed::has_managed_dict(obj) {
            return Ok(Owned::from_borrowed(crate::objects::managed::materialize(
                obj,
            )?));
        }
        let dp = dict_ptr(obj);
        if dp.is_null() {
            return Err(err::raise(
                Exc::AttributeError,
                "This object has no __dict__",
            ));
        }
        if (*dp).is_null() {
            *dp = dict::new()?.into_raw();
        }
        Ok(Owned::from_borrowed(*dp))
    }
}

/// [`generic_get_dict`] as a `__dict__` getter.
///
/// # Safety
/// Getter contract.
pub unsafe extern "C" fn generic_get_dict_getter(
    obj: *mut PyObject,
    _closure: *mut std::ffi::c_void,
) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe { err::into_ptr(generic_get_dict(obj)) }
}

/// [`generic_set_dict`] as a `__dict__` setter.
///
/// # Safety
/// Setter contract.
pub unsafe extern "C" fn generic_set_dict_setter(
    obj: *mut PyObject,
    value: *mut PyObject,
    _closure: *mut std::ffi::c_void,
) -> c_int {
    // SAFETY: forwarded.
    match unsafe { generic_set_dict(obj, value) } {
        Ok(()) => 0,
        Err(e) => e.into(),
    }
}

/// `PyObject_GenericSetDict`: replaces the instance dict.
///
/// # Safety
/// `obj` live; `value` NULL or live.
pub unsafe fn generic_set_dict(obj: *mut PyObject, value: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let managed = crate::objects::managed::has_managed_dict(obj);
        let dp = dict_ptr(obj);
        if dp.is_null() && !managed {
            return Err(err::raise(
                Exc::AttributeError,
                "This object has no __dict__",
            ));
        }
        if value.is_null() {
            return Err(err::type_error("cannot delete __dict__"));
        }
        if !dict::check(value) {
            return Err(err::type_error(&format!(
                "__dict__ must be set to a dictionary, not a '{}'",
                typeobj::type_name_of(value)
            )));
        }
        if managed {
            crate::objects::managed::replace(obj, value);
            return Ok(());
        }
        let old = *dp;
        *dp = new_ref(value);
        xdecref(old);
        Ok(())
    }
}

/// `_PyObject_VisitManagedDict`: visits the managed dict of `obj`.
///
/// # Safety
/// `obj` must be live; `visit` a valid visitor.
pub unsafe fn visit_managed_dict(
    obj: *mut PyObject,
    visit: crate::objects::typeobj::visitproc,
    arg: *mut std::ffi::c_void,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { crate::objects::managed::visit(obj, visit, arg) }
}

/// `_PyObject_ClearManagedDict`: drops the managed dict of `obj`.
///
/// # Safety
/// `obj` must be live.
pub unsafe fn clear_managed_dict(obj: *mut PyObject) {
    // SAFETY: forwarded.
    unsafe { crate::objects::managed::clear(obj) }
}

/// Generic attribute lookup (`PyObject_GenericGetAttr`); `Ok(None)` when
/// missing and `suppress` is set, otherwise `AttributeError`.
///
/// # Safety
/// `obj` live, `name` a live str.
#[inline]
pub unsafe fn generic_getattr(
    obj: *mut PyObject,
    name: *mut PyObject,
    suppress: bool,
) -> PyResult<Option<Owned>> {
    // SAFETY: forwarded.
    unsafe { generic_getattr_with_dict(obj, name, ptr::null_mut(), suppress) }
}

/// [`generic_getattr`] looking in `dict` instead of the instance's own
/// dict when `dict` is not NULL (`_PyObject_GenericGetAttrWithDict`).
///
/// # Safety
/// `obj` live, `name` a live str, `dict` NULL or a live dict.
#[inline]
pub unsafe fn generic_getattr_with_dict(
    obj: *mut PyObject,
    name: *mut PyObject,
    dict: *mut PyObject,
    suppress: bool,
) -> PyResult<Option<Owned>> {
    // SAFETY: forwarded; the descriptor is held while its slots run.
    unsafe {
        check_name(name)?;
        let t = (*obj).ob_type;
        let descr = typeobj::lookup(t, name);
        let descr = if descr.is_null() {
            None
        } else {
            Some(Owned::from_borrowed(descr))
        };
        let mut getf = None;
        if let Some(d) = &descr {
            let dt = (*d.as_ptr()).ob_type;
            getf = (*dt).tp_descr_get;
            if let (Some(g), Some(_)) = (getf, (*dt).tp_descr_set) {
                return err::from_ptr(g(d.as_ptr(), obj, t as *mut PyObject)).map(Some);
            }
        }
        if !dict.is_null() {
            let d = Owned::from_borrowed(dict);
            if let Some(v) = dict::get(d.as_ptr(), name)? {
                return Ok(Some(Owned::from_borrowed(v)));
            }
        } else if (*t).tp_flags & flags::MANAGED_DICT != 0 {
            if let Some(v) = crate::objects::managed::get(obj, name)? {
                return Ok(Some(Owned::from_borrowed(v)));
            }
        } else {
            let dp = dict_ptr(obj);
            if !dp.is_null() && !(*dp).is_null() {
                let d = Owned::from_borrowed(*dp);
                if let Some(v) = dict::get(d.as_ptr(), name)? {
                    return Ok(Some(Owned::from_borrowed(v)));
                }
            }
        }
        if let (Some(g), Some(d)) = (getf, &descr) {
            return err::from_ptr(g(d.as_ptr(), obj, t as *mut PyObject)).map(Some);
        }
        if let Some(d) = descr {
            return Ok(Some(d));
        }
        if suppress {
            return Ok(None);
        }
        Err(no_attribute(obj, name))
    }
}

/// Whether `t` reads attributes with the generic protocol (either spelling
/// of `PyObject_GenericGetAttr`), so a method lookup may skip binding.
///
/// # Safety
/// `t` must be a live type.
#[inline(always)]
pub unsafe fn has_generic_getattr(t: *mut PyTypeObject) -> bool {
    let addr = |f: typeobj::getattrofunc| f.map_or(0, |f| f as usize);
    // SAFETY: `t` is a live type.
    let g = addr(unsafe { (*t).tp_getattro });
    g == addr(Some(generic_getattr_slot)) || g == addr(lifecycle::c_api_slots().getattro)
}

/// Whether `t` sets attributes with the generic protocol (either spelling
/// of `PyObject_GenericSetAttr`).
///
/// # Safety
/// `t` must be a live type.
#[inline(always)]
pub unsafe fn has_generic_setattr(t: *mut PyTypeObject) -> bool {
    let addr = |f: typeobj::setattrofunc| f.map_or(0, |f| f as usize);
    // SAFETY: `t` is a live type.
    let g = addr(unsafe { (*t).tp_setattro });
    g == addr(Some(generic_setattr_slot)) || g == addr(lifecycle::c_api_slots().setattro)
}

/// The common case of [`get_method`], answered without running Python code
/// or anything that can fail: `name` an exact str found on the generic-
/// getattr type of `obj` as a `Py_TPFLAGS_METHOD_DESCRIPTOR` object that
/// the instance does not shadow. Returns the descriptor (borrowed from the
/// type), or `None` when the full lookup must decide.
///
/// # Safety
/// `obj` and `name` live.
#[inline(always)]
pub unsafe fn unbound_method_fast(
    obj: *mut PyObject,
    name: *mut PyObject,
) -> Option<*mut PyObject> {
    // SAFETY: forwarded; the cached descriptor is live while its type is.
    unsafe {
        if !unicode::check_exact(name) {
            return None;
        }
        let t = (*obj).ob_type;
        if !has_generic_getattr(t) {
            return None;
        }
        let d = typeobj::lookup(t, name);
        if d.is_null() || (*(*d).ob_type).tp_flags & flags::METHOD_DESCRIPTOR == 0 {
            return None;
        }
        if (*t).tp_flags & flags::MANAGED_DICT != 0 {
            if crate::objects::managed::has_pure(obj, name)? {
                return None;
            }
        } else {
            let dp = dict_ptr(obj);
            if !dp.is_null() && !(*dp).is_null() {
                return None;
            }
        }
        Some(d)
    }
}

/// [`unbound_method_fast`] when the type's attribute cache answers and the
/// instance has no managed dict (a type with a `__dict__` slot at a
/// positive offset, or none): no call, so the callers that inline it keep
/// their fast paths free of saved registers. `None` means "ask
/// [`unbound_method_fast`]", not "no method".
///
/// # Safety
/// `obj` and `name` live.
#[inline(always)]
pub unsafe fn unbound_method_hit(obj: *mut PyObject, name: *mut PyObject) -> Option<*mut PyObject> {
    // SAFETY: forwarded; the cached descriptor is live while its type is.
    unsafe {
        if !unicode::check_exact(name) {
            return None;
        }
        let t = (*obj).ob_type;
        if (*t).tp_flags & flags::MANAGED_DICT != 0 || !has_generic_getattr(t) {
            return None;
        }
        let d = typeobj::lookup_cached(t, name)?;
        if d.is_null() || (*(*d).ob_type).tp_flags & flags::METHOD_DESCRIPTOR == 0 {
            return None;
        }
        let off = (*t).tp_dictoffset;
        if off < 0
            || (off > 0 && !(*((obj as *mut u8).offset(off) as *mut *mut PyObject)).is_null())
        {
            return None;
        }
        Some(d)
    }
}

/// The common case of `PyObject_GetAttr`, answered without running Python
/// code or anything that can fail: an exact str name read from the managed
/// values of an instance whose type uses the generic protocol and has no
/// data descriptor of that name. Returns a new reference, or `None` when
/// the full protocol must decide.
///
/// # Safety
/// `obj` and `name` live.
#[inline(always)]
pub unsafe fn getattr_fast(obj: *mut PyObject, name: *mut PyObject) -> Option<*mut PyObject> {
    // SAFETY: forwarded; the value is live while the instance holds it.
    unsafe {
        let t = (*obj).ob_type;
        if (*t).tp_flags & flags::MANAGED_DICT == 0
            || !unicode::check_exact(name)
            || !has_generic_getattr(t)
        {
            return None;
        }
        let d = typeobj::lookup(t, name);
        if !d.is_null() && (*(*d).ob_type).tp_descr_set.is_some() {
            return None;
        }
        let v = crate::objects::managed::get_values(obj, name)?;
        incref(v);
        Some(v)
    }
}

/// The common case of `PyObject_SetAttr`: overwriting an instance
/// attribute already in the managed values of an object whose type uses the
/// generic protocol and has no data descriptor of that name. Returns false
/// (nothing done) when the full protocol must decide.
///
/// # Safety
/// `obj`, `name` and `value` live.
#[inline(always)]
pub unsafe fn setattr_fast(obj: *mut PyObject, name: *mut PyObject, value: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe {
        let t = (*obj).ob_type;
        if (*t).tp_flags & flags::MANAGED_DICT == 0 || !unicode::check_exact(name) {
            return false;
        }
        let addr = |f: typeobj::setattrofunc| f.map_or(0, |f| f as usize);
        let s = addr((*t).tp_setattro);
        if s != addr(Some(generic_setattr_slot)) && s != addr(lifecycle::c_api_slots().setattro) {
            return false;
        }
        let d = typeobj::lookup(t, name);
        if !d.is_null() && (*(*d).ob_type).tp_descr_set.is_some() {
            return false;
        }
        crate::objects::managed::replace_value(obj, name, value)
    }
}

/// The check every attribute entry point makes on its `name` argument:
/// a `str` (subclasses included), else CPython's `TypeError`. The slot
/// functions C code may call directly (`PyObject_GenericGetAttr`,
/// `PyObject_GenericSetAttr`, `type`'s) make it too, so a non-str name
/// never reaches a dict as a key.
///
/// # Safety
/// `name` must be live.
#[inline(always)]
pub unsafe fn check_name(name: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    if unsafe { unicode::check(name) } {
        Ok(())
    } else {
        Err(bad_name(name))
    }
}

#[cold]
#[inline(never)]
fn bad_name(name: *mut PyObject) -> err::Raised {
    // SAFETY: `name` is live (caller of `check_name`).
    let t = unsafe { typeobj::type_name_of(name) };
    err::type_error(&format!("attribute name must be string, not '{t}'"))
}

/// `_PyObject_GetMethod`: the attribute `name` of `obj` for a method call.
/// Returns `(callable, true)` when it is a `Py_TPFLAGS_METHOD_DESCRIPTOR`
/// object found on the type and not shadowed (the caller then passes `obj`
/// as the first argument), else `(bound value, false)`.
///
/// # Safety
/// `obj` and `name` live.
pub unsafe fn get_method(obj: *mut PyObject, name: *mut PyObject) -> PyResult<(Owned, bool)> {
    // SAFETY: forwarded; the descriptor is held while its slots run.
    unsafe {
        check_name(name)?;
        let t = (*obj).ob_type;
        if !has_generic_getattr(t) {
            return Ok((abstract_::getattr(obj, name)?, false));
        }
        let found = typeobj::lookup(t, name);
        let descr = if found.is_null() {
            None
        } else {
            Some(Owned::from_borrowed(found))
        };
        let mut getf = None;
        let mut meth_found = false;
        if let Some(d) = &descr {
            let dt = (*d.as_ptr()).ob_type;
            if (*dt).tp_flags & flags::METHOD_DESCRIPTOR != 0 {
                meth_found = true;
            } else {
                getf = (*dt).tp_descr_get;
                if let (Some(g), Some(_)) = (getf, (*dt).tp_descr_set) {
                    return Ok((
                        err::from_ptr(g(d.as_ptr(), obj, t as *mut PyObject))?,
                        false,
                    ));
                }
            }
        }
        if let Some(v) = instance_dict_get(obj, name)? {
            return Ok((v, false));
        }
        match (descr, getf) {
            (Some(d), _) if meth_found => Ok((d, true)),
            (Some(d), Some(g)) => Ok((
                err::from_ptr(g(d.as_ptr(), obj, t as *mut PyObject))?,
                false,
            )),
            (Some(d), None) => Ok((d, false)),
            (None, _) => Err(no_attribute(obj, name)),
        }
    }
}

/// `lookup_maybe_method`: `name` looked up on the type of `obj` only (not
/// the instance), for calling a special method. Returns `(None, _)` when
/// absent, `(m, true)` for a method descriptor to call with `obj` first,
/// else the bound value.
///
/// # Safety
/// `obj` and `name` live.
pub unsafe fn get_method_from_type(
    obj: *mut PyObject,
    name: *mut PyObject,
) -> PyResult<(Option<Owned>, bool)> {
    // SAFETY: forwarded; the descriptor is held while its slot runs.
    unsafe {
        let t = (*obj).ob_type;
        let found = typeobj::lookup(t, name);
        if found.is_null() {
            return Ok((None, false));
        }
        let d = Owned::from_borrowed(found);
        let dt = (*found).ob_type;
        if (*dt).tp_flags & flags::METHOD_DESCRIPTOR != 0 {
            return Ok((Some(d), true));
        }
        match (*dt).tp_descr_get {
            Some(g) => Ok((
                Some(err::from_ptr(g(found, obj, t as *mut PyObject))?),
                false,
            )),
            None => Ok((Some(d), false)),
        }
    }
}

/// The value of `name` in the instance dict of `obj` (managed or at
/// `tp_dictoffset`), if any.
unsafe fn instance_dict_get(obj: *mut PyObject, name: *mut PyObject) -> PyResult<Option<Owned>> {
    // SAFETY: forwarded; the dict is held while it is searched.
    unsafe {
        let t = (*obj).ob_type;
        if (*t).tp_flags & flags::MANAGED_DICT != 0 {
            return Ok(crate::objects::managed::get(obj, name)?.map(|v| Owned::from_borrowed(v)));
        }
        let dp = dict_ptr(obj);
        if !dp.is_null() && !(*dp).is_null() {
            let d = Owned::from_borrowed(*dp);
            return Ok(dict::get(d.as_ptr(), name)?.map(|v| Owned::from_borrowed(v)));
        }
        Ok(None)
    }
}

unsafe fn no_attribute(obj: *mut PyObject, name: *mut PyObject) -> err::Raised {
    // SAFETY: forwarded.
    unsafe {
        err::raise(
            Exc::AttributeError,
            &format!(
                "'{}' object has no attribute '{}'",
                typeobj::full_name((*obj).ob_type),
                unicode::as_str(name)
            ),
        )
    }
}

/// Generic attribute assignment (`PyObject_GenericSetAttr`); `value` NULL
/// deletes.
///
/// # Safety
/// `obj` live, `name` a live str, `value` NULL or live.
pub unsafe fn generic_setattr(
    obj: *mut PyObject,
    name: *mut PyObject,
    value: *mut PyObject,
) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        check_name(name)?;
        let t = (*obj).ob_type;
        let descr = typeobj::lookup(t, name);
        let descr = if descr.is_null() {
            None
        } else {
            Some(Owned::from_borrowed(descr))
        };
        if let Some(d) = &descr {
            if let Some(s) = (*(*d.as_ptr()).ob_type).tp_descr_set {
                return if s(d.as_ptr(), obj, value) < 0 {
                    Err(err::Raised::assume())
                } else {
                    Ok(())
                };
            }
        }
        if (*t).tp_flags & flags::MANAGED_DICT != 0 {
            if !crate::objects::managed::set(obj, name, value)? {
                return Err(no_attribute(obj, name));
            }
            return Ok(());
        }
        let dp = dict_ptr(obj);
        if dp.is_null() {
            if descr.is_none() {
                return Err(no_attribute(obj, name));
            }
            return Err(err::raise(
                Exc::AttributeError,
                &format!(
                    "'{}' object attribute '{}' is read-only",
                    typeobj::full_name(t),
                    unicode::as_str(name)
                ),
            ));
        }
        if (*dp).is_null() {
            if value.is_null() {
                return Err(no_attribute(obj, name));
            }
            *dp = dict::new()?.into_raw();
        }
        let d = Owned::from_borrowed(*dp);
        if value.is_null() {
            match dict::del(d.as_ptr(), name) {
                Ok(()) => Ok(()),
                Err(e) => {
                    if err::given_matches(
                        err::occurred(),
                        crate::objects::exceptions::get(Exc::KeyError),
                    ) {
                        err::clear();
                        return Err(no_attribute(obj, name));
                    }
                    Err(e)
                }
            }
        } else {
            dict::set(d.as_ptr(), name, value)
        }
    }
}

/// `tp_getattro` slot form of [`generic_getattr`].
///
/// # Safety
/// Slot function.
pub unsafe extern "C" fn generic_getattr_slot(
    obj: *mut PyObject,
    name: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot contract.
    unsafe {
        match generic_getattr(obj, name, false) {
            Ok(Some(v)) => v.into_raw(),
            Ok(None) => ptr::null_mut(),
            Err(e) => e.into(),
        }
    }
}

/// `tp_setattro` slot form of [`generic_setattr`].
///
/// # Safety
/// Slot function.
pub unsafe extern "C" fn generic_setattr_slot(
    obj: *mut PyObject,
    name: *mut PyObject,
    v: *mut PyObject,
) -> c_int {
    // SAFETY: slot contract.
    match unsafe { generic_setattr(obj, name, v) } {
        Ok(()) => 0,
        Err(e) => e.into(),
    }
}

/// `type.__getattribute__`: metatype data descriptors, then the type's own
/// MRO, then the metatype's other attributes.
///
/// # Safety
/// Slot function.
pub unsafe extern "C" fn type_getattro(op: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot contract: `op` is a type; `name` is checked.
    unsafe {
        if let Err(e) = check_name(name) {
            return e.into();
        }
        let t = op as *mut PyTypeObject;
        let meta = (*op).ob_type;
        let ma = typeobj::lookup(meta, name);
        let ma = if ma.is_null() {
            None
        } else {
            Some(Owned::from_borrowed(ma))
        };
        let mut meta_get = None;
        if let Some(m) = &ma {
            let mt = (*m.as_ptr()).ob_type;
            meta_get = (*mt).tp_descr_get;
            if let (Some(g), Some(_)) = (meta_get, (*mt).tp_descr_set) {
                return g(m.as_ptr(), op, meta as *mut PyObject);
            }
        }
        let a = typeobj::lookup(t, name);
        if !a.is_null() {
            let a = Owned::from_borrowed(a);
            if let Some(g) = (*(*a.as_ptr()).ob_type).tp_descr_get {
                return g(a.as_ptr(), ptr::null_mut(), op);
            }
            return a.into_raw();
        }
        if let Some(m) = ma {
            if let Some(g) = meta_get {
                return g(m.as_ptr(), op, meta as *mut PyObject);
            }
            return m.into_raw();
        }
        err::raise(
            Exc::AttributeError,
            &format!(
                "type object '{}' has no attribute '{}'",
                typeobj::full_name(t),
                unicode::as_str(name)
            ),
        )
        .into()
    }
}

/// `type.__setattr__`: static and immutable types refuse.
///
/// # Safety
/// Slot function.
pub unsafe extern "C" fn type_setattro(
    op: *mut PyObject,
    name: *mut PyObject,
    v: *mut PyObject,
) -> c_int {
    // SAFETY: slot contract; `name` is checked.
    unsafe {
        if let Err(e) = check_name(name) {
            return e.into();
        }
        let t = op as *mut PyTypeObject;
        if (*t).tp_flags & flags::IMMUTABLETYPE != 0 || (*t).tp_flags & flags::HEAPTYPE == 0 {
            return err::type_error(&format!(
                "cannot set '{}' attribute of immutable type '{}'",
                unicode::as_str(name),
                typeobj::full_name(t)
            ))
            .into();
        }
        // Data descriptors of the metatype (`__name__`, `__module__`, ...)
        // come first, as in the generic protocol.
        let meta = (*op).ob_type;
        let descr = typeobj::lookup(meta, name);
        if !descr.is_null() {
            let descr = Owned::from_borrowed(descr);
            if let Some(set) = (*(*descr.as_ptr()).ob_type).tp_descr_set {
                let r = set(descr.as_ptr(), op, v);
                if r == 0 {
                    crate::objects::typeobj::modified(t);
                }
                return r;
            }
        }
        // The change first, then `modified` (type watchers see the new
        // state; a failed change reports nothing and leaves the type
        // armed). The old value is held until the cache is invalidated, so
        // code its release runs cannot see a stale cache entry.
        let d = (*t).tp_dict;
        let r = (|| -> PyResult<()> {
            let _old = dict::get(d, name)?.map(|o| Owned::from_borrowed(o));
            let r = if v.is_null() {
                match dict::get(d, name) {
                    Ok(Some(_)) => dict::del(d, name),
                    Ok(None) => Err(err::raise(
                        Exc::AttributeError,
                        &format!(
                            "type object '{}' has no attribute '{}'",
                            typeobj::full_name(t),
                            unicode::as_str(name)
                        ),
                    )),
                    Err(e) => Err(e),
                }
            } else {
                dict::set(d, name, v)
            };
            r?;
            crate::objects::typeobj::modified(t);
            if unicode::check_exact(name) {
                crate::objects::slotwrap::update_slot(t, name);
            }
            Ok(())
        })();
        match r {
            Ok(()) => 0,
            Err(e) => e.into(),
        }
    }
}

/// CPython's identity hash: the address rotated by 4 bits.
///
/// # Safety
/// Slot function (any object).
pub unsafe extern "C" fn pointer_hash(op: *mut PyObject) -> Py_hash_t {
    let h = (op as usize).rotate_right(4) as isize;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `PyObject_HashNotImplemented`: `TypeError: unhashable type`.
///
/// # Safety
/// Slot function.
pub unsafe extern "C" fn hash_not_implemented(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: slot contract.
    err::type_error(&format!("unhashable type: '{}'", unsafe {
        typeobj::full_name((*op).ob_type)
    }))
    .into()
}

/// Fills in `object`. Start-up only.
pub(crate) unsafe fn init_object_type(t: *mut PyTypeObject) {
    // SAFETY: start-up, exclusive access.
    unsafe {
        (*t).tp_name = c"object".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<PyObject>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::BASETYPE | flags::IMMUTABLETYPE;
        (*t).tp_dealloc = Some(object_dealloc);
        (*t).tp_repr = Some(object_repr);
        (*t).tp_str = Some(object_str);
        (*t).tp_hash = Some(pointer_hash);
        (*t).tp_richcompare = Some(object_richcompare);
        let s = crate::runtime::lifecycle::c_api_slots();
        (*t).tp_getattro = s.getattro;
        (*t).tp_setattro = s.setattro;
        (*t).tp_alloc = s.alloc;
        (*t).tp_free = s.object_free;
        (*t).tp_new = Some(object_new);
        (*t).tp_init = Some(object_init);
        (*t).tp_getset =
            ptr::addr_of_mut!(OBJECT_GETSET) as *mut crate::objects::typeobj::PyGetSetDef;
        (*t).tp_methods = ptr::addr_of_mut!(crate::objects::objmethods::OBJECT_METHODS).cast();
        (*t).tp_doc = c"The base class of the class hierarchy.".as_ptr();
    }
}

static mut OBJECT_GETSET: [crate::objects::typeobj::PyGetSetDef; 2] = [
    crate::objects::typeobj::PyGetSetDef {
        name: c"__class__".as_ptr(),
        get: Some(object_get_class),
        set: Some(object_set_class),
        doc: ptr::null(),
        closure: ptr::null_mut(),
    },
    crate::objects::typeobj::GETSET_END,
];

unsafe extern "C" fn object_get_class(
    op: *mut PyObject,
    _c: *mut std::ffi::c_void,
) -> *mut PyObject {
    // SAFETY: getset on any object.
    unsafe { new_ref((*op).ob_type as *mut PyObject) }
}

/// `obj.__class__ = T`: only between heap types with the same layout, as
/// CPython allows.
unsafe extern "C" fn object_set_class(
    op: *mut PyObject,
    v: *mut PyObject,
    _c: *mut std::ffi::c_void,
) -> c_int {
    // SAFETY: getset on any object.
    unsafe {
        if v.is_null() {
            return err::type_error("can't delete __class__ attribute").into();
        }
        if !typeobj::is_type(v) {
            return err::type_error(&format!(
                "__class__ must be set to a class, not '{}' object",
                typeobj::type_name_of(v)
            ))
            .into();
        }
        let (old, new) = ((*op).ob_type, v as *mut PyTypeObject);
        let heap = |t: *mut PyTypeObject| (*t).tp_flags & flags::HEAPTYPE != 0;
        let immutable = |t: *mut PyTypeObject| (*t).tp_flags & flags::IMMUTABLETYPE != 0;
        if !heap(new) || !heap(old) || immutable(new) || immutable(old) {
            return err::type_error(
                "__class__ assignment only supported for mutable types or ModuleType subclasses",
            )
            .into();
        }
        let same = (*old).tp_basicsize == (*new).tp_basicsize
            && (*old).tp_itemsize == (*new).tp_itemsize
            && (*old).tp_dictoffset == (*new).tp_dictoffset
            && (*old).tp_weaklistoffset == (*new).tp_weaklistoffset
            && ((*old).tp_flags ^ (*new).tp_flags)
                & (flags::HAVE_GC | flags::MANAGED_DICT | flags::MANAGED_WEAKREF)
                == 0;
        if !same {
            return err::type_error(&format!(
                "__class__ assignment: '{}' object layout differs from '{}'",
                typeobj::short_name(new),
                typeobj::short_name(old)
            ))
            .into();
        }
        incref(v);
        (*op).ob_type = new;
        decref(old as *mut PyObject);
        0
    }
}

unsafe extern "C" fn object_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; `tp_free` frees the block.
    unsafe {
        match (*(*op).ob_type).tp_free {
            Some(f) => f(op as *mut std::ffi::c_void),
            None => alloc::free_object(op),
        }
    }
}

unsafe extern "C" fn object_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot.
    unsafe {
        let t = (*op).ob_type;
        let m = typeobj::module_name(t);
        let n = typeobj::short_name(t);
        let s = if m == "builtins" {
            format!("<{n} object at {op:p}>")
        } else {
            format!("<{m}.{n} object at {op:p}>")
        };
        err::into_ptr(unicode::from_str(&s))
    }
}

unsafe extern "C" fn object_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot.
    err::into_ptr(unsafe { abstract_::repr(op) })
}

unsafe extern "C" fn object_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: slot.
    unsafe {
        match op {
            abstract_::EQ => {
                if a == b {
                    new_ref(lifecycle::true_())
                } else {
                    new_ref(lifecycle::not_implemented())
                }
            }
            abstract_::NE => {
                let eq = match (*(*a).ob_type).tp_richcompare {
                    Some(f) => f(a, b, abstract_::EQ),
                    None => new_ref(lifecycle::not_implemented()),
                };
                if eq.is_null() {
                    return eq;
                }
                let r = if eq == lifecycle::not_implemented() {
                    new_ref(eq)
                } else {
                    match abstract_::is_true(eq) {
                        Ok(v) => crate::objects::long::bool_from(!v).into_raw(),
                        Err(e) => e.into(),
                    }
                };
                decref(eq);
                r
            }
            _ => new_ref(lifecycle::not_implemented()),
        }
    }
}

#[allow(unpredictable_function_pointer_comparisons)]
unsafe extern "C" fn object_new(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract.
    unsafe {
        let excess = tuple::size(args) > 0 || (!kw.is_null() && dict::len(kw) > 0);
        if excess && ((*t).tp_init == Some(object_init) || (*t).tp_new != Some(object_new)) {
            if (*t).tp_new != Some(object_new) {
                return err::type_error(
                    "object.__new__() takes exactly one argument (the type to instantiate)",
                )
                .into();
            }
            return err::type_error(&format!("{}() takes no arguments", typeobj::short_name(t)))
                .into();
        }
        if (*t).tp_flags & flags::IS_ABSTRACT != 0 {
            return err::type_error(&format!(
                "Can't instantiate abstract class {}",
                typeobj::short_name(t)
            ))
            .into();
        }
        match (*t).tp_alloc {
            Some(a) => a(t, 0),
            None => crate::objects::heaptype::generic_alloc(t, 0),
        }
    }
}

#[allow(unpredictable_function_pointer_comparisons)]
unsafe extern "C" fn object_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> c_int {
    // SAFETY: tp_init contract.
    unsafe {
        let t = (*op).ob_type;
        let excess = tuple::size(args) > 0 || (!kw.is_null() && dict::len(kw) > 0);
        if excess {
            if (*t).tp_init != Some(object_init) {
                return err::type_error(
                    "object.__init__() takes exactly one argument (the instance to initialize)",
                )
                .into();
            }
            if (*t).tp_new == Some(object_new) {
                return err::type_error(&format!(
                    "{}.__init__() takes exactly one argument (the instance to initialize)",
                    typeobj::short_name(t)
                ))
                .into();
            }
        }
        0
    }
}
