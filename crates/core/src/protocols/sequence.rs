//! The sequence and mapping protocols of `abstract.h` over the type slots:
//! `PySequence_*` (integer indexes through `sq_item`/`sq_ass_item` with
//! negative indexes counted from `sq_length`, containment through
//! `sq_contains` or a search of the iterator, counting and indexing by
//! search, conversion to list and tuple, `PySequence_Fast`) and
//! `PyMapping_*` (`mp_length`, `keys()`/`values()`/`items()` as lists, string
//! keys). The error messages are CPython 3.12's, naming the full `tp_name`.

use crate::objects::exceptions::Exc;
use crate::objects::iterobject;
use crate::objects::object::*;
use crate::objects::typeobj::{self, PyMappingMethods, PySequenceMethods};
use crate::runtime::err::{self, PyResult};
use crate::{objects::dict, objects::list, objects::tuple, objects::unicode, protocols::abstract_};

fn seq_methods(op: *mut PyObject) -> Option<&'static PySequenceMethods> {
    // SAFETY: a live object's type; its method table lives as long as it.
    unsafe { (*(*op).ob_type).tp_as_sequence.as_ref() }
}

fn map_methods(op: *mut PyObject) -> Option<&'static PyMappingMethods> {
    // SAFETY: as for `seq_methods`.
    unsafe { (*(*op).ob_type).tp_as_mapping.as_ref() }
}

fn name_of(op: *mut PyObject) -> String {
    // SAFETY: a live object's type.
    unsafe { typeobj::full_name((*op).ob_type) }
}

/// The error for a sequence operation the type lacks: "X is not a
/// sequence" when it is a mapping (`mapping` tells whether the matching
/// mapping slot exists), else `otherwise` with the type name.
fn not_sequence(op: *mut PyObject, mapping: bool, otherwise: &str) -> err::Raised {
    let n = name_of(op);
    if mapping {
        err::type_error(&format!("{n} is not a sequence"))
    } else {
        err::type_error(&otherwise.replace("{}", &n))
    }
}

/// A negative index counted from the end when the type has `sq_length`.
///
/// # Safety
/// `op` live.
unsafe fn adjust(op: *mut PyObject, m: &PySequenceMethods, i: isize) -> PyResult<isize> {
    if i >= 0 {
        return Ok(i);
    }
    match m.sq_length {
        Some(l) => {
            // SAFETY: forwarded.
            let n = unsafe { l(op) };
            if n < 0 {
                return Err(err::Raised::assume());
            }
            Ok(i + n)
        }
        None => Ok(i),
    }
}

/// `PySequence_Size`.
///
/// # Safety
/// `op` live.
pub unsafe fn size(op: *mut PyObject) -> PyResult<isize> {
    // SAFETY: forwarded.
    unsafe {
        if let Some(l) = seq_methods(op).and_then(|m| m.sq_length) {
            let n = l(op);
            return if n < 0 {
                Err(err::Raised::assume())
            } else {
                Ok(n)
            };
        }
        let mapping = map_methods(op).is_some_and(|m| m.mp_length.is_some());
        Err(not_sequence(
            op,
            mapping,
            "object of type '{}' has no len()",
        ))
    }
}

/// `PySequence_GetItem`.
///
/// # Safety
/// `op` live.
pub unsafe fn get_item(op: *mut PyObject, i: isize) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if let Some(m) = seq_methods(op) {
            if let Some(f) = m.sq_item {
                let i = adjust(op, m, i)?;
                return err::from_ptr(f(op, i));
            }
        }
        let mapping = map_methods(op).is_some_and(|m| m.mp_subscript.is_some());
        Err(not_sequence(
            op,
            mapping,
            "'{}' object does not support indexing",
        ))
    }
}

/// `PySequence_SetItem` (`value` live) and `PySequence_DelItem` (`value`
/// NULL).
///
/// # Safety
/// `op` live, `value` NULL or live.
pub unsafe fn set_item(op: *mut PyObject, i: isize, value: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if let Some(m) = seq_methods(op) {
            if let Some(f) = m.sq_ass_item {
                let i = adjust(op, m, i)?;
                return if f(op, i, value) < 0 {
                    Err(err::Raised::assume())
                } else {
                    Ok(())
                };
            }
        }
        let mapping = map_methods(op).is_some_and(|m| m.mp_ass_subscript.is_some());
        let msg = if value.is_null() {
            "'{}' object doesn't support item deletion"
        } else {
            "'{}' object does not support item assignment"
        };
        Err(not_sequence(op, mapping, msg))
    }
}

/// What [`search`] looks for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Search {
    Count,
    Index,
    Contains,
}

/// CPython's `_PySequence_IterSearch`: walks the iterator comparing each
/// item with `==` (identity first).
///
/// # Safety
/// Both live.
unsafe fn search(seq: *mut PyObject, x: *mut PyObject, what: Search) -> PyResult<isize> {
    // SAFETY: forwarded; items are owned while compared.
    unsafe {
        let it = match iterobject::get_iter(seq) {
            Ok(it) => it,
            Err(e) => {
                if err::given_matches(
                    err::occurred(),
                    crate::objects::exceptions::get(Exc::TypeError),
                ) {
                    return Err(err::type_error(&format!(
                        "argument of type '{}' is not iterable",
                        name_of(seq)
                    )));
                }
                return Err(e);
            }
        };
        let mut n: isize = 0;
        while let Some(item) = iterobject::next(it.as_ptr())? {
            if abstract_::rich_compare_bool(item.as_ptr(), x, 2)? {
                match what {
                    Search::Count => {
                        if n == isize::MAX {
                            return Err(err::overflow_error("count exceeds C integer size"));
                        }
                        n += 1;
                        continue;
                    }
                    Search::Index => return Ok(n),
                    Search::Contains => return Ok(1),
                }
            }
            if what == Search::Index {
                if n == isize::MAX {
                    return Err(err::overflow_error("index exceeds C integer size"));
                }
                n += 1;
            }
        }
        match what {
            Search::Index => Err(err::value_error("sequence.index(x): x not in sequence")),
            Search::Count => Ok(n),
            Search::Contains => Ok(0),
        }
    }
}

/// `PySequence_Contains`: `sq_contains`, else a search of the iterator.
///
/// # Safety
/// Both live.
pub unsafe fn contains(seq: *mut PyObject, x: *mut PyObject) -> PyResult<bool> {
    // SAFETY: forwarded.
    unsafe {
        if let Some(f) = seq_methods(seq).and_then(|m| m.sq_contains) {
            return match f(seq, x) {
                r if r < 0 => Err(err::Raised::assume()),
                r => Ok(r > 0),
            };
        }
        Ok(search(seq, x, Search::Contains)? > 0)
    }
}

/// `PySequence_Count`.
///
/// # Safety
/// Both live.
pub unsafe fn count(seq: *mut PyObject, x: *mut PyObject) -> PyResult<isize> {
    // SAFETY: forwarded.
    unsafe { search(seq, x, Search::Count) }
}

/// `PySequence_Index`.
///
/// # Safety
/// Both live.
pub unsafe fn index(seq: *mut PyObject, x: *mut PyObject) -> PyResult<isize> {
    // SAFETY: forwarded.
    unsafe { search(seq, x, Search::Index) }
}

/// `PySequence_List`: a new list of the items of any iterable.
///
/// # Safety
/// `op` live.
pub unsafe fn to_list(op: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe { list::from_owned(abstract_::collect(op, "")?) }
}

/// `PySequence_Tuple`: the tuple itself, or a new tuple of the items.
///
/// # Safety
/// `op` live.
pub unsafe fn to_tuple(op: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if (*op).ob_type == crate::runtime::lifecycle::tuple_type() {
            return Ok(Owned::from_borrowed(op));
        }
        let items = abstract_::collect(op, "")?;
        let ptrs: Vec<*mut PyObject> = items.iter().map(|o| o.as_ptr()).collect();
        tuple::new_from(&ptrs)
    }
}

/// `PySequence_Fast`: an exact list or tuple as it is, anything else
/// iterable as a new list; `TypeError(msg)` when it is not iterable.
///
/// # Safety
/// `op` live.
pub unsafe fn fast(op: *mut PyObject, msg: &str) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let t = (*op).ob_type;
        if t == crate::runtime::lifecycle::list_type()
            || t == crate::runtime::lifecycle::tuple_type()
        {
            return Ok(Owned::from_borrowed(op));
        }
        let it = match iterobject::get_iter(op) {
            Ok(it) => it,
            Err(e) => {
                if err::given_matches(
                    err::occurred(),
                    crate::objects::exceptions::get(Exc::TypeError),
                ) {
                    return Err(err::type_error(msg));
                }
                return Err(e);
            }
        };
        to_list(it.as_ptr())
    }
}

/// `PyMapping_Check`: the type has `mp_subscript`.
///
/// # Safety
/// `op` live.
pub unsafe fn is_mapping(op: *mut PyObject) -> bool {
    map_methods(op).is_some_and(|m| m.mp_subscript.is_some())
}

/// `PyMapping_Size`.
///
/// # Safety
/// `op` live.
pub unsafe fn mapping_size(op: *mut PyObject) -> PyResult<isize> {
    // SAFETY: forwarded.
    unsafe {
        if let Some(l) = map_methods(op).and_then(|m| m.mp_length) {
            let n = l(op);
            return if n < 0 {
                Err(err::Raised::assume())
            } else {
                Ok(n)
            };
        }
        let n = name_of(op);
        if seq_methods(op).is_some_and(|m| m.sq_length.is_some()) {
            return Err(err::type_error(&format!("{n} is not a mapping")));
        }
        Err(err::type_error(&format!(
            "object of type '{n}' has no len()"
        )))
    }
}

/// `PyMapping_Keys` (0), `Values` (1), `Items` (2): a dict's as a new
/// list, anything else through its method, whose result must be iterable.
///
/// # Safety
/// `op` live.
pub unsafe fn mapping_list(op: *mut PyObject, which: usize) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let method = ["keys", "values", "items"][which];
        if (*op).ob_type == crate::runtime::lifecycle::dict_type() {
            let pairs = dict::items_vec(op);
            let items: PyResult<Vec<Owned>> = pairs
                .into_iter()
                .map(|(k, v)| match which {
                    0 => Ok(k),
                    1 => Ok(v),
                    _ => tuple::new_from(&[k.as_ptr(), v.as_ptr()]),
                })
                .collect();
            return list::from_owned(items?);
        }
        let name = unicode::intern(method)?;
        let args = [op];
        let out = err::from_ptr(crate::protocols::call::vectorcall_method(
            name.as_ptr(),
            args.as_ptr(),
            1,
            std::ptr::null_mut(),
        ))?;
        if (*out.as_ptr()).ob_type == crate::runtime::lifecycle::list_type() {
            return Ok(out);
        }
        let it = match iterobject::get_iter(out.as_ptr()) {
            Ok(it) => it,
            Err(e) => {
                if err::given_matches(
                    err::occurred(),
                    crate::objects::exceptions::get(Exc::TypeError),
                ) {
                    return Err(err::type_error(&format!(
                        "{}.{method}() returned a non-iterable (type {})",
                        name_of(op),
                        name_of(out.as_ptr())
                    )));
                }
                return Err(e);
            }
        };
        to_list(it.as_ptr())
    }
}

/// `PySequence_GetSlice`: `o[lo:hi]` through `mp_subscript`.
///
/// # Safety
/// `op` live.
pub unsafe fn get_slice(op: *mut PyObject, lo: isize, hi: isize) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if let Some(f) = map_methods(op).and_then(|m| m.mp_subscript) {
            let s = crate::objects::slice::from_indices(lo, hi)?;
            return err::from_ptr(f(op, s.as_ptr()));
        }
        Err(err::type_error(&format!(
            "'{}' object is unsliceable",
            name_of(op)
        )))
    }
}

/// `PySequence_SetSlice` (`value` live) and `PySequence_DelSlice`
/// (`value` NULL): `o[lo:hi] = value` through `mp_ass_subscript`.
///
/// # Safety
/// `op` live, `value` NULL or live.
pub unsafe fn set_slice(
    op: *mut PyObject,
    lo: isize,
    hi: isize,
    value: *mut PyObject,
) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if let Some(f) = map_methods(op).and_then(|m| m.mp_ass_subscript) {
            let s = crate::objects::slice::from_indices(lo, hi)?;
            return if f(op, s.as_ptr(), value) < 0 {
                Err(err::Raised::assume())
            } else {
                Ok(())
            };
        }
        let what = if value.is_null() {
            "deletion"
        } else {
            "assignment"
        };
        Err(err::type_error(&format!(
            "'{}' object doesn't support slice {what}",
            name_of(op)
        )))
    }
}
