//! `dir()`: `PyObject_Dir` (an object's `__dir__`, as a sorted list) and
//! the `__dir__` methods of `object` (instance dict and the class's
//! attributes through `__class__`, `__dict__` and `__bases__`), `type`
//! (its attributes and its bases') and `module` (its dict's keys, or the
//! module's own `__dir__` function), as CPython 3.12 computes them.

use crate::objects::methodobject::meth;
use crate::objects::object::*;
use crate::objects::typeobj::{self, PyMethodDef};
use crate::runtime::err::{self, PyResult};
use crate::{
    objects::dict, objects::list, objects::unicode, protocols::abstract_, protocols::call,
    protocols::sequence, protocols::slotcall, runtime::lifecycle,
};
use std::ptr;

/// `object.__dir__`.
pub(crate) const OBJECT_DIR_DEF: PyMethodDef = PyMethodDef {
    ml_name: c"__dir__".as_ptr(),
    ml_meth: Some(object_dir),
    ml_flags: meth::NOARGS,
    ml_doc: c"Default dir() implementation.".as_ptr(),
};

/// `type.__dir__` (in `type`'s method table, `typeobj.rs`).
pub(crate) const TYPE_DIR: PyMethodDef = PyMethodDef {
    ml_name: c"__dir__".as_ptr(),
    ml_meth: Some(type_dir),
    ml_flags: meth::NOARGS,
    ml_doc: c"Specialized __dir__ implementation for types.".as_ptr(),
};

static mut MODULE_METHODS: [PyMethodDef; 2] = [
    PyMethodDef {
        ml_name: c"__dir__".as_ptr(),
        ml_meth: Some(module_dir),
        ml_flags: meth::NOARGS,
        ml_doc: c"__dir__() -> list\nspecialized dir() implementation".as_ptr(),
    },
    typeobj::METHOD_END,
];

/// Gives `module` its `__dir__` (`type`'s is [`TYPE_DIR`], in its method
/// table). Start-up only, before the types are readied.
pub(crate) unsafe fn install() {
    // SAFETY: start-up, exclusive access to the static types.
    unsafe {
        (*lifecycle::module_type()).tp_methods = ptr::addr_of_mut!(MODULE_METHODS).cast();
    }
}

/// `PyObject_Dir`: `sorted(type(obj).__dir__(obj))`; without an object,
/// the sorted names of the running frame's locals (`SystemError` when no
/// frame runs, as CPython).
///
/// # Safety
/// `obj` NULL or live.
pub unsafe fn dir(obj: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if obj.is_null() {
            let Some(locals) = crate::code::ceval::current_locals()? else {
                return Err(err::system_error("frame does not exist"));
            };
            let l = sequence::mapping_list(locals.as_ptr(), 0)?;
            crate::objects::seqslice::list_sort(l.as_ptr())?;
            return Ok(l);
        }
        let Some(r) = slotcall::call_dunder(obj, "__dir__", &[])? else {
            if err::occurred().is_null() {
                return Err(err::type_error("object does not provide __dir__"));
            }
            return Err(err::Raised::assume());
        };
        let l = sequence::to_list(r.as_ptr())?;
        crate::objects::seqslice::list_sort(l.as_ptr())?;
        Ok(l)
    }
}

/// `name` looked up as an attribute, `None` when missing.
///
/// # Safety
/// `o` live.
unsafe fn lookup(o: *mut PyObject, name: &str) -> PyResult<Option<Owned>> {
    // SAFETY: forwarded.
    unsafe {
        let n = unicode::intern(name)?;
        abstract_::lookup_attr(o, n.as_ptr())
    }
}

/// CPython's `merge_class_dict`: the class's `__dict__`, then its bases'
/// recursively, into `d`.
///
/// # Safety
/// `d` a live dict, `class` live.
unsafe fn merge_class_dict(d: *mut PyObject, class: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if let Some(cd) = lookup(class, "__dict__")? {
            // A type's `__dict__` is a mappingproxy of its own dict.
            let own = (*cd.as_ptr()).ob_type == crate::objects::descr::mappingproxy_type()
                && typeobj::is_type(class);
            let src = if own {
                (*(class as *mut typeobj::PyTypeObject)).tp_dict
            } else {
                cd.as_ptr()
            };
            dict::merge(d, src, true)?;
        }
        if let Some(bases) = lookup(class, "__bases__")? {
            let n = sequence::size(bases.as_ptr())?;
            for i in 0..n {
                let b = sequence::get_item(bases.as_ptr(), i)?;
                merge_class_dict(d, b.as_ptr())?;
            }
        }
        Ok(())
    }
}

unsafe extern "C" fn object_dir(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a live object.
    unsafe {
        let r = (|| {
            let d = match lookup(op, "__dict__")? {
                Some(d) if dict::check(d.as_ptr()) => dict::copy(d.as_ptr())?,
                _ => dict::new()?,
            };
            if let Some(class) = lookup(op, "__class__")? {
                merge_class_dict(d.as_ptr(), class.as_ptr())?;
            }
            keys(d.as_ptr())
        })();
        err::into_ptr(r)
    }
}

unsafe extern "C" fn type_dir(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a live type.
    unsafe {
        let r = (|| {
            let d = dict::new()?;
            merge_class_dict(d.as_ptr(), op)?;
            keys(d.as_ptr())
        })();
        err::into_ptr(r)
    }
}

unsafe extern "C" fn module_dir(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a live module.
    unsafe {
        let r = (|| {
            let n = unicode::intern("__dict__")?;
            let d = abstract_::getattr(op, n.as_ptr())?;
            if !dict::check(d.as_ptr()) {
                return Err(err::type_error("<module>.__dict__ is not a dictionary"));
            }
            let k = unicode::intern("__dir__")?;
            if let Some(f) = dict::get(d.as_ptr(), k.as_ptr())? {
                let f = Owned::from_borrowed(f);
                return call::call_args(f.as_ptr(), &[]);
            }
            keys(d.as_ptr())
        })();
        err::into_ptr(r)
    }
}

/// `PyDict_Keys`.
///
/// # Safety
/// `d` a live dict.
unsafe fn keys(d: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe { list::from_owned(dict::items_vec(d).into_iter().map(|(k, _)| k).collect()) }
}
