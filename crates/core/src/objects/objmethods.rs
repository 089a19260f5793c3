//! The methods of `object`: the pickling protocol (`__getstate__`,
//! `__reduce__`, `__reduce_ex__`), `__format__` and `__sizeof__`.
//!
//! `__getstate__` is native: the instance `__dict__` (None when empty) and
//! the values of the `__slots__` of the class and its bases (names found
//! as `copyreg._slotnames` finds them, cached in `__slotnames__`).
//! `__reduce__` and `__reduce_ex__` build CPython's answers, which name
//! functions of the pure-Python `copyreg` module (`__newobj__`,
//! `__newobj_ex__`, `_reduce_ex`); they import it, so they raise
//! `ModuleNotFoundError` while the standard library cannot be imported.

use crate::objects::methodobject::meth;
use crate::objects::object::*;
use crate::objects::typeobj::{self, PyMethodDef, PyTypeObject};
use crate::runtime::err::{self, PyResult};
use crate::{
    objects::dict, objects::list, objects::long, objects::tuple, objects::unicode,
    protocols::abstract_, protocols::attr, protocols::call, runtime::lifecycle, system::builtins,
};
use std::ptr;

/// The method table of `object`.
pub(crate) static mut OBJECT_METHODS: [PyMethodDef; 9] = [
    crate::protocols::dir::OBJECT_DIR_DEF,
    PyMethodDef {
        ml_name: c"__getstate__".as_ptr(),
        ml_meth: Some(object_getstate),
        ml_flags: meth::NOARGS,
        ml_doc: c"Helper for pickle.".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"__reduce__".as_ptr(),
        ml_meth: Some(object_reduce),
        ml_flags: meth::NOARGS,
        ml_doc: c"Helper for pickle.".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"__reduce_ex__".as_ptr(),
        ml_meth: Some(object_reduce_ex),
        ml_flags: meth::O,
        ml_doc: c"Helper for pickle.".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"__format__".as_ptr(),
        ml_meth: Some(object_format),
        ml_flags: meth::O,
        ml_doc: c"Default object formatter.\n\nReturn str(self) if format_spec is empty. Raise TypeError otherwise."
            .as_ptr(),
    },
    PyMethodDef {
        ml_name: c"__init_subclass__".as_ptr(),
        ml_meth: Some(object_init_subclass),
        ml_flags: meth::CLASS | meth::NOARGS,
        ml_doc: c"This method is called when a class is subclassed.\n\nThe default implementation does nothing. It may be\noverridden to extend subclasses.\n".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"__subclasshook__".as_ptr(),
        ml_meth: Some(object_subclasshook),
        ml_flags: meth::CLASS | meth::O,
        ml_doc: c"Abstract classes can override this to customize issubclass().\n\nThis is invoked early on by abc.ABCMeta.__subclasscheck__().\nIt should return True, False or NotImplemented.  If it returns\nNotImplemented, the normal algorithm is used.  Otherwise, it\noverrides the normal algorithm (and the outcome is cached).\n".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"__sizeof__".as_ptr(),
        ml_meth: Some(object_sizeof),
        ml_flags: meth::NOARGS,
        ml_doc: c"Size of object in memory, in bytes.".as_ptr(),
    },
    typeobj::METHOD_END,
];

/// `object.__subclasshook__(subclass)`: `NotImplemented` (the normal
/// subclass check applies).
unsafe extern "C" fn object_subclasshook(_cls: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    // SAFETY: NotImplemented is immortal.
    unsafe { new_ref(lifecycle::not_implemented()) }
}

/// `object.__init_subclass__()`: does nothing.
unsafe extern "C" fn object_init_subclass(_cls: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    // SAFETY: None is immortal.
    unsafe { new_ref(lifecycle::none()) }
}

/// The names of the slots of `t` and its bases, as `copyreg._slotnames`
/// computes them (private names mangled, `__dict__` and `__weakref__`
/// left out), cached in the type's `__slotnames__` when the type allows.
unsafe fn slot_names(t: *mut PyTypeObject) -> PyResult<Vec<Owned>> {
    // SAFETY: a live, ready type.
    unsafe {
        let cached_name = unicode::intern("__slotnames__")?;
        let tdict = (*t).tp_dict;
        if !tdict.is_null() {
            if let Some(v) = dict::get(tdict, cached_name.as_ptr())? {
                if v == lifecycle::none() {
                    return Ok(Vec::new());
                }
                if !list::check(v) {
                    return Err(err::type_error(&format!(
                        "{}.__slotnames__ should be a list or None, not {}",
                        typeobj::full_name(t),
                        typeobj::type_name_of(v)
                    )));
                }
                return abstract_::collect(v, "");
            }
        }
        let slots_name = unicode::intern("__slots__")?;
        let mut names: Vec<Owned> = Vec::new();
        if !typeobj::lookup(t, slots_name.as_ptr()).is_null() {
            let mro = (*t).tp_mro;
            for i in 0..tuple::size(mro) {
                let c = tuple::item(mro, i) as *mut PyTypeObject;
                let cdict = (*c).tp_dict;
                let Some(slots) = (if cdict.is_null() {
                    None
                } else {
                    dict::get(cdict, slots_name.as_ptr())?
                }) else {
                    continue;
                };
                let items = if unicode::check(slots) {
                    vec![Owned::from_borrowed(slots)]
                } else {
                    abstract_::collect(slots, "")?
                };
                for name in items {
                    let text = abstract_::str_string(name.as_ptr())?;
                    if text == "__dict__" || text == "__weakref__" {
                        continue;
                    }
                    if text.starts_with("__") && !text.ends_with("__") {
                        let cls = typeobj::short_name(c);
                        let stripped = cls.trim_start_matches('_');
                        if !stripped.is_empty() {
                            names.push(unicode::from_str(&format!("_{stripped}{text}"))?);
                            continue;
                        }
                    }
                    names.push(name);
                }
            }
        }
        let as_list = list::from_owned(
            names
                .iter()
                .map(|n| Owned::from_borrowed(n.as_ptr()))
                .collect(),
        )?;
        if abstract_::setattr(t as *mut PyObject, cached_name.as_ptr(), as_list.as_ptr()).is_err() {
            err::clear();
        }
        Ok(names)
    }
}

/// The default `__getstate__`; `required` when pickling cannot do without
/// a state (no `__getnewargs__` and not a list or dict), which refuses
/// objects whose C-level contents a state cannot hold.
unsafe fn default_state(obj: *mut PyObject, required: bool) -> PyResult<Owned> {
    // SAFETY: a live object.
    unsafe {
        let t = (*obj).ob_type;
        let cannot =
            || err::type_error(&format!("cannot pickle '{}' object", typeobj::full_name(t)));
        if required && (*t).tp_itemsize != 0 {
            return Err(cannot());
        }
        let mut state = Owned::from_borrowed(lifecycle::none());
        let has_dict =
            crate::objects::managed::has_managed_dict(obj) || !attr::dict_ptr(obj).is_null();
        if has_dict {
            let d = attr::generic_get_dict(obj)?;
            if dict::len(d.as_ptr()) > 0 {
                state = d;
            }
        }
        let names = slot_names(t)?;
        if required {
            let word = std::mem::size_of::<*mut PyObject>() as isize;
            let mut basic = (*lifecycle::object_type()).tp_basicsize;
            if has_dict && (*t).tp_dictoffset > 0 {
                basic += word;
            }
            if (*t).tp_weaklistoffset > 0 {
                basic += word;
            }
            basic += word * names.len() as isize;
            if (*t).tp_basicsize > basic {
                return Err(cannot());
            }
        }
        if !names.is_empty() {
            let slots = dict::new()?;
            for name in &names {
                if let Some(v) = abstract_::lookup_attr(obj, name.as_ptr())? {
                    dict::set(slots.as_ptr(), name.as_ptr(), v.as_ptr())?;
                }
            }
            if dict::len(slots.as_ptr()) > 0 {
                state = tuple::new_from(&[state.as_ptr(), slots.as_ptr()])?;
            }
        }
        Ok(state)
    }
}

/// The state pickling uses: `obj.__getstate__()`, or the default one
/// (with `required`) when the method is `object`'s.
unsafe fn state_of(obj: *mut PyObject, required: bool) -> PyResult<Owned> {
    // SAFETY: a live object.
    unsafe {
        let name = unicode::intern("__getstate__")?;
        let m = abstract_::getattr(obj, name.as_ptr())?;
        if is_object_method(m.as_ptr(), object_getstate as *const ()) {
            return default_state(obj, required);
        }
        err::from_ptr(call::call_no_args(m.as_ptr()))
    }
}

/// Whether `m` is a builtin method implemented by `f` (`object`'s own,
/// not an override).
unsafe fn is_object_method(m: *mut PyObject, f: *const ()) -> bool {
    // SAFETY: a live object; builtin methods have the PyCMethodObject head.
    unsafe {
        let t = (*m).ob_type;
        (t == lifecycle::cfunction_type() || t == lifecycle::cmethod_type())
            && (*(*(m as *mut crate::objects::methodobject::PyCMethodObject)).m_ml)
                .ml_meth
                .map(|g| g as *const ())
                == Some(f)
    }
}

unsafe extern "C" fn object_getstate(obj: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_NOARGS on a live object.
    err::into_ptr(unsafe { default_state(obj, false) })
}

/// `(args, kwargs)` from `__getnewargs_ex__` or `__getnewargs__` (kwargs
/// None for the latter), checked as CPython checks them.
unsafe fn new_arguments(obj: *mut PyObject) -> PyResult<(Option<Owned>, Option<Owned>)> {
    // SAFETY: a live object.
    unsafe {
        let ex = unicode::intern("__getnewargs_ex__")?;
        if let Some(m) = abstract_::lookup_attr(obj, ex.as_ptr())? {
            let r = err::from_ptr(call::call_no_args(m.as_ptr()))?;
            let r = r.as_ptr();
            if !tuple::check(r) {
                return Err(err::type_error(&format!(
                    "__getnewargs_ex__ should return a tuple, not '{}'",
                    typeobj::type_name_of(r)
                )));
            }
            if tuple::size(r) != 2 {
                return Err(err::value_error(&format!(
                    "__getnewargs_ex__ should return a tuple of length 2, not {}",
                    tuple::size(r)
                )));
            }
            let (a, k) = (tuple::item(r, 0), tuple::item(r, 1));
            if !tuple::check(a) {
                return Err(err::type_error(&format!(
                    "first item of the tuple returned by __getnewargs_ex__ must be a tuple, not '{}'",
                    typeobj::type_name_of(a)
                )));
            }
            if !dict::check(k) {
                return Err(err::type_error(&format!(
                    "second item of the tuple returned by __getnewargs_ex__ must be a dict, not '{}'",
                    typeobj::type_name_of(k)
                )));
            }
            return Ok((Some(Owned::from_borrowed(a)), Some(Owned::from_borrowed(k))));
        }
        let plain = unicode::intern("__getnewargs__")?;
        if let Some(m) = abstract_::lookup_attr(obj, plain.as_ptr())? {
            let r = err::from_ptr(call::call_no_args(m.as_ptr()))?;
            if !tuple::check(r.as_ptr()) {
                return Err(err::type_error(&format!(
                    "__getnewargs__ should return a tuple, not '{}'",
                    typeobj::type_name_of(r.as_ptr())
                )));
            }
            return Ok((Some(r), None));
        }
        Ok((None, None))
    }
}

/// Protocol 2 and later: `(copyreg.__newobj__, (cls, *args), state,
/// listitems, dictitems)` or the `__newobj_ex__` form with keywords.
unsafe fn reduce_newobj(obj: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: a live object.
    unsafe {
        let t = (*obj).ob_type;
        if (*t).tp_new.is_none() {
            return Err(err::type_error(&format!(
                "cannot pickle '{}' object",
                typeobj::full_name(t)
            )));
        }
        let (args, kwargs) = new_arguments(obj)?;
        let copyreg = builtins::import("copyreg")?;
        let has_args = args.is_some();
        let cls = t as *mut PyObject;
        let (newobj, newargs) = match &kwargs {
            Some(k) if dict::len(k.as_ptr()) > 0 => {
                let f = abstract_::getattr(
                    copyreg.as_ptr(),
                    unicode::intern("__newobj_ex__")?.as_ptr(),
                )?;
                let a = args.expect("__getnewargs_ex__ gives both");
                (f, tuple::new_from(&[cls, a.as_ptr(), k.as_ptr()])?)
            }
            _ => {
                let f =
                    abstract_::getattr(copyreg.as_ptr(), unicode::intern("__newobj__")?.as_ptr())?;
                let mut items = vec![cls];
                if let Some(a) = &args {
                    for i in 0..tuple::size(a.as_ptr()) {
                        items.push(tuple::item(a.as_ptr(), i));
                    }
                }
                (f, tuple::new_from(&items)?)
            }
        };
        let is_list = list::check(obj);
        let is_dict = dict::check(obj);
        let state = state_of(obj, !has_args && !is_list && !is_dict)?;
        let none = Owned::from_borrowed(lifecycle::none());
        let listitems = if is_list {
            crate::objects::iterobject::get_iter(obj)?
        } else {
            none.clone()
        };
        let dictitems = if is_dict {
            let items = abstract_::getattr(obj, unicode::intern("items")?.as_ptr())?;
            let view = err::from_ptr(call::call_no_args(items.as_ptr()))?;
            crate::objects::iterobject::get_iter(view.as_ptr())?
        } else {
            none
        };
        tuple::new_from(&[
            newobj.as_ptr(),
            newargs.as_ptr(),
            state.as_ptr(),
            listitems.as_ptr(),
            dictitems.as_ptr(),
        ])
    }
}

/// `object.__reduce__` and the default of `__reduce_ex__`.
unsafe fn common_reduce(obj: *mut PyObject, protocol: i64) -> PyResult<Owned> {
    // SAFETY: a live object.
    unsafe {
        if protocol >= 2 {
            return reduce_newobj(obj);
        }
        let copyreg = builtins::import("copyreg")?;
        let f = abstract_::getattr(copyreg.as_ptr(), unicode::intern("_reduce_ex")?.as_ptr())?;
        let p = long::from_i64(protocol)?;
        let args = tuple::new_from(&[obj, p.as_ptr()])?;
        call::call(f.as_ptr(), args.as_ptr(), ptr::null_mut())
    }
}

unsafe extern "C" fn object_reduce(obj: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_NOARGS on a live object.
    err::into_ptr(unsafe { common_reduce(obj, 0) })
}

unsafe extern "C" fn object_reduce_ex(
    obj: *mut PyObject,
    protocol: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: METH_O on a live object.
    err::into_ptr(unsafe {
        (|| {
            let p = long::index(protocol).and_then(|p| {
                long::as_i64(p.as_ptr(), "Python int too large to convert to C int")
            })?;
            if i32::try_from(p).is_err() {
                return Err(err::overflow_error(
                    "Python int too large to convert to C int",
                ));
            }
            // A class that defines its own `__reduce__` is reduced by it.
            let name = unicode::intern("__reduce__")?;
            let m = abstract_::getattr(obj, name.as_ptr())?;
            let own = typeobj::lookup((*obj).ob_type, name.as_ptr());
            let object_s = typeobj::lookup(lifecycle::object_type(), name.as_ptr());
            if own != object_s {
                return err::from_ptr(call::call_no_args(m.as_ptr()));
            }
            common_reduce(obj, p)
        })()
    })
}

unsafe extern "C" fn object_format(obj: *mut PyObject, spec: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O on a live object.
    err::into_ptr(unsafe {
        if !unicode::check(spec) {
            Err(err::type_error(&format!(
                "__format__() argument must be str, not {}",
                typeobj::type_name_of(spec)
            )))
        } else if unicode::len_chars(spec) > 0 {
            Err(err::type_error(&format!(
                "unsupported format string passed to {}.__format__",
                typeobj::type_name_of(obj)
            )))
        } else {
            abstract_::str(obj)
        }
    })
}

unsafe extern "C" fn object_sizeof(obj: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_NOARGS on a live object.
    unsafe {
        let t = (*obj).ob_type;
        let mut size = (*t).tp_basicsize;
        if (*t).tp_itemsize != 0 {
            size += (*t).tp_itemsize.abs() * (*(obj as *mut PyVarObject)).ob_size.abs();
        }
        err::into_ptr(long::from_i64(size as i64))
    }
}
