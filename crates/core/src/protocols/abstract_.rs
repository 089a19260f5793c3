//! The object protocol: repr/str/ascii, hashing, rich comparison, truth,
//! length, item and attribute access, `isinstance`/`issubclass`, and
//! iteration helpers, all dispatching through type slots with CPython's
//! fallbacks and error messages.

use crate::objects::exceptions::Exc;
use crate::objects::object::*;
use crate::objects::typeobj::{self, PyTypeObject};
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::{objects::dict, objects::list, objects::long, objects::tuple, objects::unicode};
use std::cell::RefCell;
use std::cmp::Ordering;
use std::ffi::c_int;

/// `Py_LT`.
pub const LT: c_int = 0;
/// `Py_LE`.
pub const LE: c_int = 1;
/// `Py_EQ`.
pub const EQ: c_int = 2;
/// `Py_NE`.
pub const NE: c_int = 3;
/// `Py_GT`.
pub const GT: c_int = 4;
/// `Py_GE`.
pub const GE: c_int = 5;

/// A new reference to `True`/`False` for `ord` under comparison `op`.
pub fn ordering_result(ord: Ordering, op: c_int) -> *mut PyObject {
    let v = match op {
        LT => ord == Ordering::Less,
        LE => ord != Ordering::Greater,
        EQ => ord == Ordering::Equal,
        NE => ord != Ordering::Equal,
        GT => ord == Ordering::Greater,
        _ => ord != Ordering::Less,
    };
    long::bool_from(v).into_raw()
}

/// `PyObject_Repr`.
///
/// # Safety
/// `op` NULL or live.
pub unsafe fn repr(op: *mut PyObject) -> PyResult<Owned> {
    if op.is_null() {
        return unicode::from_ascii("<NULL>");
    }
    // SAFETY: forwarded; the result type is checked.
    unsafe {
        let t = (*op).ob_type;
        let r = match (*t).tp_repr {
            Some(f) => err::from_ptr(f(op))?,
            None => {
                return unicode::from_str(&format!("<{} object at {op:p}>", typeobj::full_name(t)));
            }
        };
        if !unicode::check(r.as_ptr()) {
            return Err(err::type_error(&format!(
                "__repr__ returned non-string (type {})",
                typeobj::type_name_of(r.as_ptr())
            )));
        }
        Ok(r)
    }
}

/// `repr()` as Rust text.
///
/// # Safety
/// `op` NULL or live.
pub unsafe fn repr_string(op: *mut PyObject) -> PyResult<String> {
    // SAFETY: forwarded.
    unsafe {
        let r = repr(op)?;
        Ok(unicode::as_str(r.as_ptr()).to_string())
    }
}

/// `str()` as Rust text.
///
/// # Safety
/// `op` NULL or live.
pub unsafe fn str_string(op: *mut PyObject) -> PyResult<String> {
    // SAFETY: forwarded.
    unsafe {
        let r = str(op)?;
        Ok(unicode::as_str(r.as_ptr()).to_string())
    }
}

/// `PyObject_Str`.
///
/// # Safety
/// `op` NULL or live.
pub unsafe fn str(op: *mut PyObject) -> PyResult<Owned> {
    if op.is_null() {
        return unicode::from_ascii("<NULL>");
    }
    // SAFETY: forwarded.
    unsafe {
        if unicode::check_exact(op) {
            return Ok(Owned::from_borrowed(op));
        }
        let t = (*op).ob_type;
        let r = match (*t).tp_str {
            Some(f) => err::from_ptr(f(op))?,
            None => return repr(op),
        };
        if !unicode::check(r.as_ptr()) {
            return Err(err::type_error(&format!(
                "__str__ returned non-string (type {})",
                typeobj::type_name_of(r.as_ptr())
            )));
        }
        Ok(r)
    }
}

/// `PyObject_ASCII`.
///
/// # Safety
/// `op` NULL or live.
pub unsafe fn ascii(op: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let r = repr(op)?;
        let b = unicode::as_bytes(r.as_ptr());
        if b.is_ascii() {
            return Ok(r);
        }
        unicode::from_ascii(&unicode::ascii_escape_wtf8(b))
    }
}

/// `PyObject_Format` (`format(obj, spec)`): `type(obj).__format__(obj,
/// spec)`, whose result must be a `str`; a NULL `spec` is `''`, and an
/// empty spec formats a `str` or `int` without the call.
///
/// # Safety
/// `obj` live; `spec` NULL or live.
pub unsafe fn format(obj: *mut PyObject, spec: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let empty = spec.is_null() || (unicode::check(spec) && unicode::len_chars(spec) == 0);
        if empty {
            if unicode::check_exact(obj) {
                return Ok(Owned::from_borrowed(obj));
            }
            if (*obj).ob_type == lifecycle::long_type() {
                return str(obj);
            }
        }
        let spec = if spec.is_null() {
            unicode::empty()
        } else {
            Owned::from_borrowed(spec)
        };
        let Some(r) = crate::protocols::slotcall::call_dunder(obj, "__format__", &[spec.as_ptr()])?
        else {
            return Err(err::type_error(&format!(
                "Type {} doesn't define __format__",
                typeobj::type_name_of(obj)
            )));
        };
        if !unicode::check(r.as_ptr()) {
            return Err(err::type_error(&format!(
                "__format__ must return a str, not {}",
                typeobj::type_name_of(r.as_ptr())
            )));
        }
        Ok(r)
    }
}

/// `PyObject_Hash`.
///
/// # Safety
/// `op` must be live.
#[inline]
pub unsafe fn hash(op: *mut PyObject) -> PyResult<isize> {
    // SAFETY: forwarded.
    unsafe {
        let t = (*op).ob_type;
        match (*t).tp_hash {
            Some(f) => {
                let h = f(op);
                if h == -1 && !err::occurred().is_null() {
                    return Err(err::Raised::assume());
                }
                Ok(h)
            }
            None => Err(err::type_error(&format!(
                "unhashable type: '{}'",
                typeobj::full_name(t)
            ))),
        }
    }
}

const OP_SYMBOLS: [&str; 6] = ["<", "<=", "==", "!=", ">", ">="];
const SWAPPED: [c_int; 6] = [GT, GE, EQ, NE, LT, LE];

/// `PyObject_RichCompare`: the reflected operation first when the right
/// operand's type is a proper subtype overriding it, identity for ==/!=,
/// and `TypeError` for unsupported orderings.
///
/// # Safety
/// Both must be live; `op` in 0..=5.
pub unsafe fn rich_compare(v: *mut PyObject, w: *mut PyObject, op: c_int) -> PyResult<Owned> {
    if !(LT..=GE).contains(&op) {
        return Err(err::bad_argument());
    }
    // SAFETY: forwarded.
    unsafe {
        let (vt, wt) = ((*v).ob_type, (*w).ob_type);
        let ni = lifecycle::not_implemented();
        let mut checked_reverse = false;
        if vt != wt && typeobj::is_subtype(wt, vt) {
            if let Some(f) = (*wt).tp_richcompare {
                checked_reverse = true;
                let r = err::from_ptr(f(w, v, SWAPPED[op as usize]))?;
                if r.as_ptr() != ni {
                    return Ok(r);
                }
            }
        }
        if let Some(f) = (*vt).tp_richcompare {
            let r = err::from_ptr(f(v, w, op))?;
            if r.as_ptr() != ni {
                return Ok(r);
            }
        }
        if !checked_reverse {
            if let Some(f) = (*wt).tp_richcompare {
                let r = err::from_ptr(f(w, v, SWAPPED[op as usize]))?;
                if r.as_ptr() != ni {
                    return Ok(r);
                }
            }
        }
        match op {
            EQ => Ok(long::bool_from(v == w)),
            NE => Ok(long::bool_from(v != w)),
            _ => Err(err::type_error(&format!(
                "'{}' not supported between instances of '{}' and '{}'",
                OP_SYMBOLS[op as usize],
                typeobj::full_name(vt),
                typeobj::full_name(wt)
            ))),
        }
    }
}

/// `PyObject_RichCompareBool`: identity implies equality for ==/!=.
///
/// # Safety
/// Both must be live.
#[inline]
pub unsafe fn rich_compare_bool(v: *mut PyObject, w: *mut PyObject, op: c_int) -> PyResult<bool> {
    if v == w {
        if op == EQ {
            return Ok(true);
        }
        if op == NE {
            return Ok(false);
        }
    }
    // SAFETY: forwarded.
    unsafe {
        let r = rich_compare(v, w, op)?;
        if r.as_ptr() == lifecycle::true_() {
            return Ok(true);
        }
        if r.as_ptr() == lifecycle::false_() {
            return Ok(false);
        }
        is_true(r.as_ptr())
    }
}

/// `PyObject_IsTrue`.
///
/// # Safety
/// `op` must be live.
pub unsafe fn is_true(op: *mut PyObject) -> PyResult<bool> {
    if op == lifecycle::true_() {
        return Ok(true);
    }
    if op == lifecycle::false_() || op == lifecycle::none() {
        return Ok(false);
    }
    // SAFETY: forwarded; slots follow their contracts.
    unsafe {
        let t = (*op).ob_type;
        let nb = (*t).tp_as_number;
        if !nb.is_null() {
            if let Some(f) = (*nb).nb_bool {
                let r = f(op);
                if r < 0 {
                    return Err(err::Raised::assume());
                }
                return Ok(r > 0);
            }
        }
        let mp = (*t).tp_as_mapping;
        if !mp.is_null() {
            if let Some(f) = (*mp).mp_length {
                let r = f(op);
                if r < 0 {
                    return Err(err::Raised::assume());
                }
                return Ok(r > 0);
            }
        }
        let sq = (*t).tp_as_sequence;
        if !sq.is_null() {
            if let Some(f) = (*sq).sq_length {
                let r = f(op);
                if r < 0 {
                    return Err(err::Raised::assume());
                }
                return Ok(r > 0);
            }
        }
        Ok(true)
    }
}

/// `PyObject_Size`.
///
/// # Safety
/// `op` must be live.
pub unsafe fn size(op: *mut PyObject) -> PyResult<isize> {
    // SAFETY: forwarded.
    unsafe {
        let t = (*op).ob_type;
        let sq = (*t).tp_as_sequence;
        let f = if !sq.is_null() && (*sq).sq_length.is_some() {
            (*sq).sq_length
        } else if !(*t).tp_as_mapping.is_null() {
            (*(*t).tp_as_mapping).mp_length
        } else {
            None
        };
        match f {
            Some(f) => {
                let r = f(op);
                if r < 0 {
                    return Err(err::Raised::assume());
                }
                Ok(r)
            }
            None => Err(err::type_error(&format!(
                "object of type '{}' has no len()",
                typeobj::full_name(t)
            ))),
        }
    }
}

/// An integer-like key as a `Py_ssize_t` (`PyNumber_AsSsize_t` with
/// `IndexError` on overflow, as subscripts use it).
///
/// # Safety
/// `key` must be live.
pub unsafe fn index_as_ssize(key: *mut PyObject) -> PyResult<isize> {
    // SAFETY: forwarded.
    unsafe {
        let i = long::index(key)?;
        match long::val(i.as_ptr()) {
            long::Val::Small(v) => Ok(v as isize),
            long::Val::Big(_) => Err(err::index_error(&format!(
                "cannot fit '{}' into an index-sized integer",
                typeobj::type_name_of(key)
            ))),
        }
    }
}

/// Resolves a subscript key for a sequence named `kind`: `Some(i)` in
/// range, `None` out of range, `TypeError` for non-integers. The length is
/// asked for after the key's `__index__` ran, which may change a list.
///
/// # Safety
/// `key` must be live.
pub unsafe fn sequence_index(
    key: *mut PyObject,
    len: impl FnOnce() -> isize,
    kind: &str,
) -> PyResult<Option<isize>> {
    // SAFETY: forwarded.
    unsafe {
        let nb = (*(*key).ob_type).tp_as_number;
        if !long::check(key) && (nb.is_null() || (*nb).nb_index.is_none()) {
            return Err(err::type_error(&format!(
                "{kind} indices must be integers or slices, not {}",
                typeobj::type_name_of(key)
            )));
        }
        let i = index_as_ssize(key)?;
        let len = len();
        let j = if i < 0 { i + len } else { i };
        Ok(if j < 0 || j >= len { None } else { Some(j) })
    }
}

/// `PyObject_GetItem`.
///
/// # Safety
/// Both must be live.
pub unsafe fn getitem(o: *mut PyObject, key: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let t = (*o).ob_type;
        let mp = (*t).tp_as_mapping;
        if !mp.is_null() {
            if let Some(f) = (*mp).mp_subscript {
                return err::from_ptr(f(o, key));
            }
        }
        let sq = (*t).tp_as_sequence;
        if !sq.is_null() && (*sq).sq_item.is_some() {
            if !is_index(key) {
                return Err(not_integer_index(key));
            }
            return crate::protocols::sequence::get_item(o, index_as_ssize(key)?);
        }
        if typeobj::is_type(o) {
            // PEP 585: `type[int]` is a generic alias; PEP 560: `C[item]`
            // calls `C.__class_getitem__(item)`.
            if o == lifecycle::type_type() as *mut PyObject {
                return crate::objects::genericaliasobject::new(o, key);
            }
            {
                let name = unicode::intern("__class_getitem__")?;
                if let Some(m) = lookup_attr(o, name.as_ptr())? {
                    if m.as_ptr() != lifecycle::none() {
                        return crate::protocols::call::call_args(m.as_ptr(), &[key]);
                    }
                }
            }
            return Err(err::type_error(&format!(
                "type '{}' is not subscriptable",
                typeobj::full_name(o as _)
            )));
        }
        Err(err::type_error(&format!(
            "'{}' object is not subscriptable",
            typeobj::full_name((*o).ob_type)
        )))
    }
}

/// `PyObject_SetItem` / `PyObject_DelItem` (`value` NULL deletes).
///
/// # Safety
/// `o`, `key` live; `value` NULL or live.
pub unsafe fn setitem(o: *mut PyObject, key: *mut PyObject, value: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let t = (*o).ob_type;
        let mp = (*t).tp_as_mapping;
        if !mp.is_null() {
            if let Some(f) = (*mp).mp_ass_subscript {
                return if f(o, key, value) < 0 {
                    Err(err::Raised::assume())
                } else {
                    Ok(())
                };
            }
        }
        let sq = (*t).tp_as_sequence;
        if !sq.is_null() {
            if is_index(key) {
                return crate::protocols::sequence::set_item(o, index_as_ssize(key)?, value);
            }
            if (*sq).sq_ass_item.is_some() {
                return Err(not_integer_index(key));
            }
        }
        let name = typeobj::full_name((*o).ob_type);
        let what = if value.is_null() {
            "deletion"
        } else {
            "assignment"
        };
        Err(err::type_error(&format!(
            "'{name}' object does not support item {what}"
        )))
    }
}

/// Whether `key` can be an index (`_PyIndex_Check`: an int, or a type with
/// `__index__`).
///
/// # Safety
/// `key` live.
unsafe fn is_index(key: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe {
        let nb = (*(*key).ob_type).tp_as_number;
        long::check(key) || (!nb.is_null() && (*nb).nb_index.is_some())
    }
}

/// The error for a non-integer subscript of a sequence-only object.
///
/// # Safety
/// `key` live.
unsafe fn not_integer_index(key: *mut PyObject) -> err::Raised {
    // SAFETY: forwarded.
    unsafe {
        err::type_error(&format!(
            "sequence index must be integer, not '{}'",
            typeobj::full_name((*key).ob_type)
        ))
    }
}

#[inline(always)]
unsafe fn check_attr_name(name: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if !unicode::check(name) {
            return Err(err::type_error(&format!(
                "attribute name must be string, not '{}'",
                typeobj::type_name_of(name)
            )));
        }
        Ok(())
    }
}

/// `PyObject_GetAttr`.
///
/// # Safety
/// Both must be live.
pub unsafe fn getattr(o: *mut PyObject, name: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        check_attr_name(name)?;
        let t = (*o).ob_type;
        let f = (*t).tp_getattro;
        // The generic protocol is called directly (not through the C
        // export in the slot), which skips a boundary and a conversion.
        #[allow(unpredictable_function_pointer_comparisons)]
        if f == lifecycle::c_api_slots().getattro {
            return match crate::protocols::attr::generic_getattr(o, name, false)? {
                Some(v) => Ok(v),
                None => Err(err::Raised::assume()),
            };
        }
        match f {
            Some(f) => err::from_ptr(f(o, name)),
            None => Err(err::raise(
                Exc::AttributeError,
                &format!(
                    "'{}' object has no attribute '{}'",
                    typeobj::full_name(t),
                    unicode::as_str(name)
                ),
            )),
        }
    }
}

/// Attribute lookup that turns `AttributeError` into `None`
/// (`_PyObject_LookupAttr`).
///
/// # Safety
/// Both must be live.
pub unsafe fn lookup_attr(o: *mut PyObject, name: *mut PyObject) -> PyResult<Option<Owned>> {
    // SAFETY: forwarded.
    unsafe {
        match getattr(o, name) {
            Ok(v) => Ok(Some(v)),
            Err(e) => {
                if err::given_matches(
                    err::occurred(),
                    crate::objects::exceptions::get(Exc::AttributeError),
                ) {
                    err::clear();
                    Ok(None)
                } else {
                    Err(e)
                }
            }
        }
    }
}

/// `PyObject_HasAttrString`-style check that never raises.
///
/// # Safety
/// `o` must be live.
pub unsafe fn has_attr_str(o: *mut PyObject, name: &str) -> bool {
    // SAFETY: forwarded.
    unsafe {
        let Ok(n) = unicode::from_str(name) else {
            err::clear();
            return false;
        };
        let r = getattr(o, n.as_ptr()).is_ok();
        if !r {
            err::clear();
        }
        r
    }
}

/// `PyObject_SetAttr` (`value` NULL deletes).
///
/// # Safety
/// `o`, `name` live; `value` NULL or live.
pub unsafe fn setattr(o: *mut PyObject, name: *mut PyObject, value: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        check_attr_name(name)?;
        let t = (*o).ob_type;
        #[allow(unpredictable_function_pointer_comparisons)]
        if (*t).tp_setattro == lifecycle::c_api_slots().setattro {
            return crate::protocols::attr::generic_setattr(o, name, value);
        }
        match (*t).tp_setattro {
            Some(f) => {
                if f(o, name, value) < 0 {
                    Err(err::Raised::assume())
                } else {
                    Ok(())
                }
            }
            None => {
                let verb = if value.is_null() { "del" } else { "assign to" };
                let has = (*t).tp_getattro.is_some();
                Err(err::type_error(&format!(
                    "'{}' object has {} attributes ({verb} .{})",
                    typeobj::full_name(t),
                    if has { "only read-only" } else { "no" },
                    unicode::as_str(name)
                )))
            }
        }
    }
}

/// A special method looked up on the type only, bound to `obj`
/// (`_PyObject_LookupSpecial`).
///
/// # Safety
/// `obj` live.
pub unsafe fn lookup_special(obj: *mut PyObject, name: &str) -> PyResult<Option<Owned>> {
    // SAFETY: live.
    unsafe {
        let n = unicode::intern(name)?;
        let t = (*obj).ob_type;
        let d = typeobj::lookup(t, n.as_ptr());
        if d.is_null() {
            return Ok(None);
        }
        let d = Owned::from_borrowed(d);
        match (*(*d.as_ptr()).ob_type).tp_descr_get {
            Some(g) => err::from_ptr(g(d.as_ptr(), obj, t as *mut PyObject)).map(Some),
            None => Ok(Some(d)),
        }
    }
}

/// `PyObject_IsInstance`: exact types directly, unions and tuples item by
/// item, then the class's `__instancecheck__`, then the type check.
///
/// # Safety
/// Both must be live.
pub unsafe fn is_instance(inst: *mut PyObject, cls: *mut PyObject) -> PyResult<bool> {
    // SAFETY: forwarded.
    unsafe {
        if (*inst).ob_type as *mut PyObject == cls {
            return Ok(true);
        }
        if (*cls).ob_type == lifecycle::type_type() {
            return typeobj::real_isinstance(inst, cls as *mut PyTypeObject);
        }
        let cls = if crate::objects::unionobject::check(cls) {
            crate::objects::unionobject::args(cls)
        } else {
            cls
        };
        if tuple::check(cls) {
            let t = Owned::from_borrowed(cls);
            for i in 0..tuple::size(t.as_ptr()) {
                if is_instance(inst, tuple::item(t.as_ptr(), i))? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        if let Some(checker) = lookup_special(cls, "__instancecheck__")? {
            let r = crate::protocols::call::call_args(checker.as_ptr(), &[inst])?;
            return is_true(r.as_ptr());
        }
        if typeobj::is_type(cls) {
            return typeobj::real_isinstance(inst, cls as *mut PyTypeObject);
        }
        Err(err::type_error(
            "isinstance() arg 2 must be a type, a tuple of types, or a union",
        ))
    }
}

/// `PyObject_IsSubclass`: exact types directly, unions and tuples item by
/// item, then the class's `__subclasscheck__`, then the type check.
///
/// # Safety
/// Both must be live.
pub unsafe fn is_subclass(derived: *mut PyObject, cls: *mut PyObject) -> PyResult<bool> {
    // SAFETY: forwarded.
    unsafe {
        if (*cls).ob_type != lifecycle::type_type() {
            let cls = if crate::objects::unionobject::check(cls) {
                crate::objects::unionobject::args(cls)
            } else {
                cls
            };
            if tuple::check(cls) {
                let t = Owned::from_borrowed(cls);
                for i in 0..tuple::size(t.as_ptr()) {
                    if is_subclass(derived, tuple::item(t.as_ptr(), i))? {
                        return Ok(true);
                    }
                }
                return Ok(false);
            }
            if let Some(checker) = lookup_special(cls, "__subclasscheck__")? {
                let r = crate::protocols::call::call_args(checker.as_ptr(), &[derived])?;
                return is_true(r.as_ptr());
            }
        }
        if !typeobj::is_type(derived) {
            return Err(err::type_error("issubclass() arg 1 must be a class"));
        }
        if !typeobj::is_type(cls) {
            return Err(err::type_error(
                "issubclass() arg 2 must be a class, a tuple of classes, or a union",
            ));
        }
        Ok(typeobj::is_subtype(
            derived as *mut PyTypeObject,
            cls as *mut PyTypeObject,
        ))
    }
}

/// `PyCallable_Check`.
///
/// # Safety
/// `op` NULL or live.
pub unsafe fn callable(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    !op.is_null() && unsafe { (*(*op).ob_type).tp_call.is_some() }
}

/// Collects the items of an iterable: lists, tuples and dicts (keys)
/// directly, anything else through its iterator (`PyObject_GetIter`, so
/// sequences with only `__getitem__` too). `not_iterable`
/// replaces CPython's "'X' object is not iterable" when non-empty.
///
/// # Safety
/// `op` must be live.
pub unsafe fn collect(op: *mut PyObject, not_iterable: &str) -> PyResult<Vec<Owned>> {
    // SAFETY: forwarded.
    unsafe {
        if list::check(op) {
            return Ok(list::to_vec(op));
        }
        if tuple::check(op) {
            return Ok((0..tuple::size(op))
                .map(|i| Owned::from_borrowed(tuple::item(op, i)))
                .collect());
        }
        if dict::check(op) {
            return Ok(dict::items_vec(op).into_iter().map(|(k, _)| k).collect());
        }
        let t = (*op).ob_type;
        if !not_iterable.is_empty()
            && (*t).tp_iter.is_none()
            && !crate::objects::iterobject::sequence_check(op)
        {
            return Err(err::type_error(not_iterable));
        }
        let it = crate::objects::iterobject::get_iter(op)?;
        let mut out = Vec::new();
        while let Some(x) = crate::objects::iterobject::next(it.as_ptr())? {
            out.push(x);
        }
        Ok(out)
    }
}

/// `tuple(iterable)`.
///
/// # Safety
/// `op` must be live.
pub unsafe fn to_tuple(op: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if (*op).ob_type == lifecycle::tuple_type() {
            return Ok(Owned::from_borrowed(op));
        }
        tuple::from_owned(collect(op, "")?)
    }
}

/// Lexicographic rich comparison of two item sequences (tuples, lists).
///
/// # Safety
/// Every item must be live.
pub unsafe fn sequence_compare(
    a: &[*mut PyObject],
    b: &[*mut PyObject],
    op: c_int,
) -> PyResult<Owned> {
    if a.len() != b.len() && (op == EQ || op == NE) {
        return Ok(long::bool_from(op == NE));
    }
    let n = a.len().min(b.len());
    for i in 0..n {
        // SAFETY: forwarded.
        if !unsafe { rich_compare_bool(a[i], b[i], EQ)? } {
            if op == EQ {
                return Ok(long::bool_from(false));
            }
            if op == NE {
                return Ok(long::bool_from(true));
            }
            // SAFETY: forwarded.
            return unsafe { rich_compare(a[i], b[i], op) };
        }
    }
    // SAFETY: ordering_result returns a new reference.
    Ok(unsafe { Owned::from_raw(ordering_result(a.len().cmp(&b.len()), op)) })
}

thread_local! {
    static REPR_STACK: RefCell<Vec<*mut PyObject>> = const { RefCell::new(Vec::new()) };
}

/// `Py_ReprEnter`: `true` when `op` is already being printed on this
/// thread; otherwise records it (until [`repr_leave`]) and returns `false`.
pub fn repr_enter(op: *mut PyObject) -> bool {
    REPR_STACK.with(|s| {
        let mut s = s.borrow_mut();
        if s.contains(&op) {
            return true;
        }
        s.push(op);
        false
    })
}

/// `Py_ReprLeave`: forgets the latest [`repr_enter`] of `op`.
pub fn repr_leave(op: *mut PyObject) {
    REPR_STACK.with(|s| {
        let mut s = s.borrow_mut();
        if let Some(p) = s.iter().rposition(|&x| x == op) {
            s.remove(p);
        }
    });
}

/// Runs `f` to build the repr of a container, or returns `recursive`
/// when the container is already being printed on this thread.
pub fn with_repr_guard(
    op: *mut PyObject,
    recursive: &str,
    f: impl FnOnce() -> PyResult<String>,
) -> PyResult<String> {
    if repr_enter(op) {
        return Ok(recursive.to_string());
    }
    let r = f();
    repr_leave(op);
    r
}

/// `PyMapping_HasKeyString`: never raises.
///
/// # Safety
/// `o` must be live.
pub unsafe fn mapping_has_key_str(o: *mut PyObject, key: &str) -> bool {
    // SAFETY: forwarded.
    unsafe {
        let r = (|| -> PyResult<()> {
            let k = unicode::from_str(key)?;
            getitem(o, k.as_ptr()).map(drop)
        })();
        if r.is_err() {
            err::clear();
            return false;
        }
        true
    }
}

/// `PyObject_Bytes`: bytes as they are, else `__bytes__` (which must
/// return bytes), else `PyBytes_FromObject`.
///
/// # Safety
/// `o` live.
pub unsafe fn bytes_of(o: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if (*o).ob_type == lifecycle::bytes_type() {
            return Ok(Owned::from_borrowed(o));
        }
        if let Some(r) = crate::protocols::slotcall::call_dunder(o, "__bytes__", &[])? {
            if !crate::objects::bytes::check(r.as_ptr()) {
                return Err(err::type_error(&format!(
                    "__bytes__ returned non-bytes (type {})",
                    typeobj::full_name((*r.as_ptr()).ob_type)
                )));
            }
            return Ok(r);
        }
        crate::objects::bytes::from_object(o)
    }
}

/// `PyObject_LengthHint`: `len(o)` when it has one, else its
/// `__length_hint__` (`NotImplemented`, a missing method or a `TypeError`
/// give `default`), which must be a non-negative int.
///
/// # Safety
/// `o` live.
pub unsafe fn length_hint(o: *mut PyObject, default: isize) -> PyResult<isize> {
    // SAFETY: forwarded.
    unsafe {
        let t = (*o).ob_type;
        let (sq, mp) = ((*t).tp_as_sequence, (*t).tp_as_mapping);
        let has_len = (!sq.is_null() && (*sq).sq_length.is_some())
            || (!mp.is_null() && (*mp).mp_length.is_some());
        let type_error = || {
            err::given_matches(
                err::occurred(),
                crate::objects::exceptions::get(Exc::TypeError),
            )
        };
        if has_len {
            match size(o) {
                Ok(n) => return Ok(n),
                Err(e) => {
                    if !type_error() {
                        return Err(e);
                    }
                    err::clear();
                }
            }
        }
        let r = match crate::protocols::slotcall::call_dunder(o, "__length_hint__", &[]) {
            Ok(None) => return Ok(default),
            Ok(Some(r)) => r,
            Err(e) => {
                if type_error() {
                    err::clear();
                    return Ok(default);
                }
                return Err(e);
            }
        };
        if r.as_ptr() == lifecycle::not_implemented() {
            return Ok(default);
        }
        if !long::check(r.as_ptr()) {
            return Err(err::type_error(&format!(
                "__length_hint__ must be an integer, not {}",
                typeobj::full_name((*r.as_ptr()).ob_type)
            )));
        }
        let n = long::as_ssize(r.as_ptr())?;
        if n < 0 {
            return Err(err::value_error("__length_hint__() should return >= 0"));
        }
        Ok(n)
    }
}
