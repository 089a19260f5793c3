//! The methods of `dict` (`get`, `pop`, `popitem`, `setdefault`,
//! `update`, `copy`, `clear`, the class method `fromkeys`, `__reversed__`),
//! its `|` and `|=` operators (PEP 584), and the
//! `dict_keys`/`dict_values`/`dict_items` view types.

use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyNumberMethods, PyTypeObject};
use crate::protocols::clinic::{fastcall, pos, pos_opt, Sig};
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::{
    objects::dict, objects::list, objects::tuple, objects::unicode, protocols::abstract_,
    runtime::alloc, runtime::gc,
};
use std::ffi::{c_int, c_void, CStr};
use std::ptr;

/// Creates the view types and gives `dict` its number slots. Start-up
/// only, before the types are readied.
pub(crate) unsafe fn install() {
    // SAFETY: start-up, exclusive access to the static types.
    unsafe {
        (*lifecycle::dict_type()).tp_as_number = ptr::addr_of_mut!(DICT_AS_NUMBER);
        for (i, name) in [c"dict_keys", c"dict_values", c"dict_items"]
            .iter()
            .enumerate()
        {
            let t = lifecycle::leak_type();
            (*t).tp_name = name.as_ptr();
            (*t).tp_basicsize = std::mem::size_of::<DictView>() as isize;
            (*t).tp_flags = flags::DEFAULT | flags::HAVE_GC | flags::IMMUTABLETYPE;
            (*t).tp_dealloc = Some(view_dealloc);
            (*t).tp_traverse = Some(view_traverse);
            (*t).tp_repr = Some(view_repr);
            (*t).tp_as_sequence = ptr::addr_of_mut!(VIEW_AS_SEQUENCE);
            (*t).tp_iter = Some(view_iter);
            VIEW_TYPES[i] = t;
        }
    }
}

/// Readies the view types. Start-up only.
pub(crate) unsafe fn ready_types() {
    // SAFETY: start-up.
    unsafe {
        for t in VIEW_TYPES {
            if typeobj::ready_static(t).is_err() {
                lifecycle::fatal("Py_Initialize", "cannot ready the dict view types");
            }
        }
    }
}

static mut DICT_AS_NUMBER: PyNumberMethods = {
    // SAFETY: an all-zero table is a table of absent slots.
    let mut n: PyNumberMethods = unsafe { std::mem::zeroed() };
    n.nb_or = Some(dict_or);
    n.nb_inplace_or = Some(dict_ior);
    n
};

/// `dict | other`: a copy of the left dict updated with the right one;
/// `NotImplemented` unless both are dicts.
unsafe extern "C" fn dict_or(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on live objects.
    unsafe {
        if !dict::check(a) || !dict::check(b) {
            return new_ref(lifecycle::not_implemented());
        }
        let r = (|| -> PyResult<Owned> {
            let n = dict::copy(a)?;
            dict::merge(n.as_ptr(), b, true)?;
            Ok(n)
        })();
        err::into_ptr(r)
    }
}

/// `d |= other`: `d.update(other)` (any mapping or iterable of pairs).
unsafe extern "C" fn dict_ior(d: *mut PyObject, other: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live dict.
    unsafe {
        let r = (|| -> PyResult<Owned> {
            update_arg(d, other)?;
            Ok(Owned::from_borrowed(d))
        })();
        err::into_ptr(r)
    }
}

/// `dict_update_arg`: a mapping (a dict or anything with `keys`) merges,
/// anything else is an iterable of pairs.
unsafe fn update_arg(d: *mut PyObject, other: *mut PyObject) -> PyResult<()> {
    // SAFETY: live objects.
    unsafe {
        let keys = unicode::intern("keys")?;
        if dict::check(other) || abstract_::lookup_attr(other, keys.as_ptr())?.is_some() {
            dict::merge(d, other, true)
        } else {
            dict::merge_from_seq2(d, other, true)
        }
    }
}

fastcall! {
    /// `dict.fromkeys(iterable, value=None, /)`, a class method: `cls()`
    /// with each key set to `value`.
    pub(crate) fn dict_fromkeys(cls, a = Sig::new("fromkeys", &[pos("iterable"), pos_opt("value")])) {
        let value = a.get(1).unwrap_or(lifecycle::none());
        let d = crate::protocols::call::call_args(cls, &[])?;
        let exact = (*d.as_ptr()).ob_type == lifecycle::dict_type();
        for k in abstract_::collect(a.req(0), "")? {
            if exact {
                dict::set(d.as_ptr(), k.as_ptr(), value)?;
            } else {
                abstract_::setitem(d.as_ptr(), k.as_ptr(), value)?;
            }
        }
        Ok(d)
    }
}

fastcall! {
    /// `dict.__reversed__()`: an iterator over the keys, last first.
    pub(crate) fn dict_reversed(d, _a = Sig::new("__reversed__", &[])) {
        let mut keys: Vec<Owned> = dict::items_vec(d).into_iter().map(|(k, _)| k).collect();
        keys.reverse();
        let l = list::from_owned(keys)?;
        crate::objects::iterobject::get_iter(l.as_ptr())
    }
}

fastcall! {
    /// `dict.get(key, default=None, /)`.
    pub(crate) fn dict_get(d, a = Sig::new("get", &[pos("key"), pos_opt("default")])) {
        Ok(match dict::get(d, a.req(0))? {
            Some(v) => Owned::from_borrowed(v),
            None => Owned::from_borrowed(a.get(1).unwrap_or(lifecycle::none())),
        })
    }
}

fastcall! {
    /// `dict.pop(key[, default], /)`.
    pub(crate) fn dict_pop(d, a = Sig::new("pop", &[pos("key"), pos_opt("default")])) {
        let key = a.req(0);
        match dict::get(d, key)? {
            Some(v) => {
                let v = Owned::from_borrowed(v);
                dict::del(d, key)?;
                Ok(v)
            }
            None => match a.get(1) {
                Some(dflt) => Ok(Owned::from_borrowed(dflt)),
                None => Err(err::key_error(key)),
            },
        }
    }
}

fastcall! {
    /// `dict.popitem()`.
    pub(crate) fn dict_popitem(d, _a = Sig::new("popitem", &[])) {
        dict::popitem(d)
    }
}

fastcall! {
    /// `dict.setdefault(key, default=None, /)`.
    pub(crate) fn dict_setdefault(d, a = Sig::new("setdefault", &[pos("key"), pos_opt("default")])) {
        let dflt = a.get(1).unwrap_or(lifecycle::none());
        Ok(Owned::from_borrowed(dict::set_default(d, a.req(0), dflt)?))
    }
}

pub(crate) unsafe extern "C" fn dict_update(
    d: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: method on a dict; a tuple and NULL or a dict.
    unsafe {
        let r = (|| -> PyResult<()> {
            let n = tuple::size(args);
            if n > 1 {
                return Err(err::type_error(&format!(
                    "update expected at most 1 argument, got {n}"
                )));
            }
            if n == 1 {
                update_arg(d, tuple::item(args, 0))?;
            }
            if !kw.is_null() && dict::len(kw) > 0 {
                dict::merge(d, kw, true)?;
            }
            Ok(())
        })();
        err::into_ptr(r.map(|()| Owned::from_borrowed(lifecycle::none())))
    }
}

fastcall! {
    /// `dict.copy()`.
    pub(crate) fn dict_copy(d, _a = Sig::new("copy", &[])) {
        dict::copy(d)
    }
}

fastcall! {
    /// `dict.clear()`.
    pub(crate) fn dict_clear(d, _a = Sig::new("clear", &[])) {
        dict::clear(d);
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

/// A `dict_keys`/`dict_values`/`dict_items` view.
#[repr(C)]
struct DictView {
    ob_base: PyObject,
    dict: *mut PyObject,
}

static mut VIEW_TYPES: [*mut PyTypeObject; 3] = [ptr::null_mut(); 3];

static mut VIEW_AS_SEQUENCE: typeobj::PySequenceMethods = {
    // SAFETY: an all-zero table is a table of absent slots.
    let mut s: typeobj::PySequenceMethods = unsafe { std::mem::zeroed() };
    s.sq_length = Some(view_len);
    s
};

unsafe fn new_view(d: *mut PyObject, kind: usize) -> PyResult<Owned> {
    // SAFETY: `d` a live dict.
    unsafe {
        let op = alloc::new_object(VIEW_TYPES[kind], std::mem::size_of::<DictView>())?;
        (*(op as *mut DictView)).dict = new_ref(d);
        gc::track(op);
        Ok(Owned::from_raw(op))
    }
}

fastcall! {
    /// `dict.keys()`.
    pub(crate) fn dict_keys(d, _a = Sig::new("keys", &[])) {
        new_view(d, 0)
    }
}

fastcall! {
    /// `dict.values()`.
    pub(crate) fn dict_values(d, _a = Sig::new("values", &[])) {
        new_view(d, 1)
    }
}

fastcall! {
    /// `dict.items()`.
    pub(crate) fn dict_items(d, _a = Sig::new("items", &[])) {
        new_view(d, 2)
    }
}

/// `tp_iter` of the views: the dict iterator of the view's kind.
unsafe extern "C" fn view_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a view, whose type is one of VIEW_TYPES.
    unsafe {
        let Some(kind) = view_kind((*op).ob_type) else {
            return err::bad_argument().into();
        };
        err::into_ptr(crate::objects::iterobject::dict_iter(
            (*(op as *mut DictView)).dict,
            kind,
        ))
    }
}

fn view_kind(t: *mut PyTypeObject) -> Option<usize> {
    // SAFETY: written once at start-up.
    unsafe { (*ptr::addr_of!(VIEW_TYPES)).iter().position(|&v| v == t) }
}

/// The items a dict view iterates over (keys, values or `(key, value)`
/// tuples), or `None` when `op` is not a view.
///
/// # Safety
/// `op` live.
pub unsafe fn view_items(op: *mut PyObject) -> Option<PyResult<Vec<Owned>>> {
    // SAFETY: forwarded.
    unsafe {
        let kind = view_kind((*op).ob_type)?;
        let d = (*(op as *mut DictView)).dict;
        let entries = dict::items_vec(d);
        Some(
            entries
                .into_iter()
                .map(|(k, v)| match kind {
                    0 => Ok(k),
                    1 => Ok(v),
                    _ => tuple::new_from(&[k.as_ptr(), v.as_ptr()]),
                })
                .collect(),
        )
    }
}

unsafe extern "C" fn view_len(op: *mut PyObject) -> isize {
    // SAFETY: slot on a view.
    unsafe { dict::len((*(op as *mut DictView)).dict) }
}

unsafe extern "C" fn view_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a view.
    unsafe {
        let r = (|| -> PyResult<Owned> {
            let items = view_items(op).unwrap_or_else(|| Ok(Vec::new()))?;
            let l = list::from_owned(items)?;
            let inner = abstract_::repr_string(l.as_ptr())?;
            let name = CStr::from_ptr((*(*op).ob_type).tp_name).to_string_lossy();
            unicode::from_str(&format!("{name}({inner})"))
        })();
        err::into_ptr(r)
    }
}

unsafe extern "C" fn view_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        clear_slot(ptr::addr_of_mut!((*(op as *mut DictView)).dict));
        alloc::free_object(op);
    }
}

unsafe extern "C" fn view_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a view.
    unsafe {
        let d = (*(op as *mut DictView)).dict;
        match visit {
            Some(v) if !d.is_null() => v(d, arg),
            _ => 0,
        }
    }
}
