//! `type(name, bases, dict)`: classes made by Python code (CPython's
//! `type_new`), and the `__build_class__` builtin that `class` statements
//! call.
//!
//! A class is a heap type whose instances extend the best base's layout
//! with a managed `__dict__` and managed weak references when the base has
//! neither (CPython 3.12's `Py_TPFLAGS_MANAGED_DICT`/`MANAGED_WEAKREF`);
//! dunder methods in the class body reach the C slots through
//! [`crate::objects::slotwrap::update_slot`]. After the type is ready,
//! `__set_name__` runs on every attribute that defines it, then the
//! parent's `__init_subclass__` with the class keywords.
//!
//! Plain-function `__init_subclass__` and `__class_getitem__` become
//! classmethods and `__new__` a staticmethod, as in CPython.
//!
//! `__slots__` gives the class one member descriptor per name after its
//! base's layout (and a `__dict__`/`__weakref__` only when listed); the
//! values are visited, cleared and released with the instance.

use crate::code::ceval;
use crate::objects::exceptions::Exc;
use crate::objects::heaptype::{self, PyHeapTypeObject};
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyTypeObject};
use crate::objects::{cell, dict, tuple, unicode};
use crate::protocols::{abstract_, attr, call};
use crate::runtime::alloc;
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use std::ffi::{c_int, c_void, CString};
use std::ptr;

/// The most derived metaclass of `meta` and the bases' types
/// (`_PyType_CalculateMetaclass`).
///
/// # Safety
/// `bases` a live tuple.
pub unsafe fn calculate_metaclass(
    meta: *mut PyTypeObject,
    bases: *mut PyObject,
) -> PyResult<*mut PyTypeObject> {
    // SAFETY: forwarded.
    unsafe {
        let mut winner = meta;
        for i in 0..tuple::size(bases) {
            let bt = (*tuple::item(bases, i)).ob_type;
            if typeobj::is_subtype(winner, bt) {
                continue;
            }
            if typeobj::is_subtype(bt, winner) {
                winner = bt;
                continue;
            }
            return Err(err::type_error(
                "metaclass conflict: the metaclass of a derived class must be a (non-strict) \
                 subclass of the metaclasses of all its bases",
            ));
        }
        Ok(winner)
    }
}

/// `type.__new__(metatype, name, bases, dict, **kwds)`.
///
/// # Safety
/// Slot contract: `args` a tuple, `kwds` NULL or a dict.
pub unsafe extern "C" fn type_new(
    metatype: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe { err::into_ptr(new_class(metatype, args, kwds)) }
}

/// `type.__init__(cls, *args, **kwds)`: checks the argument count only
/// (1 or 3, no keywords with one), as CPython's `type_init`.
///
/// # Safety
/// Slot contract: `args` a tuple, `kwds` NULL or a dict.
pub unsafe extern "C" fn type_init(
    _cls: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        let n = tuple::size(args);
        if !kwds.is_null() && n == 1 && dict::len(kwds) != 0 {
            let _ = err::type_error("type.__init__() takes no keyword arguments");
            return -1;
        }
        if n != 1 && n != 3 {
            let _ = err::type_error("type.__init__() takes 1 or 3 arguments");
            return -1;
        }
        0
    }
}

unsafe fn new_class(
    metatype: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> PyResult<Owned> {
    // SAFETY: arguments checked before use; the new type is exclusively
    // ours until it is returned.
    unsafe {
        let n = tuple::size(args);
        if n != 3 {
            return Err(err::type_error(&format!(
                "type.__new__() takes exactly 3 arguments ({n} given)"
            )));
        }
        let (name, bases, ns) = (
            tuple::item(args, 0),
            tuple::item(args, 1),
            tuple::item(args, 2),
        );
        let must = |i: usize, o: *mut PyObject, what: &str, ok: bool| -> PyResult<()> {
            if ok {
                Ok(())
            } else {
                Err(err::type_error(&format!(
                    "type.__new__() argument {i} must be {what}, not {}",
                    typeobj::type_name_of(o)
                )))
            }
        };
        must(1, name, "str", unicode::check(name))?;
        must(2, bases, "tuple", tuple::check(bases))?;
        must(3, ns, "dict", dict::check(ns))?;
        let winner = calculate_metaclass(metatype, bases)?;
        #[allow(unpredictable_function_pointer_comparisons)]
        if winner != metatype {
            if let Some(tn) = (*winner).tp_new {
                if tn as usize != type_new as *const () as usize {
                    return err::from_ptr(tn(winner, args, kwds));
                }
            }
        }
        let metatype = winner;
        let bases = if tuple::size(bases) == 0 {
            tuple::new_from(&[lifecycle::object_type() as *mut PyObject])?
        } else {
            Owned::from_borrowed(bases)
        };
        for i in 0..tuple::size(bases.as_ptr()) {
            let b = tuple::item(bases.as_ptr(), i);
            if !typeobj::is_type(b) {
                return Err(err::type_error(&format!(
                    "bases must be types, not '{}'",
                    typeobj::type_name_of(b)
                )));
            }
            if (*(b as *mut PyTypeObject)).tp_flags & flags::BASETYPE == 0 {
                return Err(err::type_error(&format!(
                    "type '{}' is not an acceptable base type",
                    typeobj::full_name(b as *mut PyTypeObject)
                )));
            }
        }
        let base = heaptype::best_base(bases.as_ptr())?;
        let d = dict::copy(ns)?;
        let key = |s: &str| unicode::intern(s);
        let slots = match dict::get(d.as_ptr(), key("__slots__")?.as_ptr())? {
            Some(sl) => Some(parse_slots(sl, base, name, d.as_ptr())?),
            None => None,
        };
        // Plain functions: __init_subclass__ and __class_getitem__ become
        // classmethods, __new__ a staticmethod.
        for (special, wrap) in [
            ("__init_subclass__", true),
            ("__class_getitem__", true),
            ("__new__", false),
        ] {
            let k = key(special)?;
            if let Some(f) = dict::get(d.as_ptr(), k.as_ptr())? {
                if (*f).ob_type == lifecycle::function_type() {
                    let w = if wrap {
                        crate::objects::classmethod::new_classmethod(f)?
                    } else {
                        crate::objects::classmethod::new_staticmethod(f)?
                    };
                    dict::set(d.as_ptr(), k.as_ptr(), w.as_ptr())?;
                }
            }
        }
        // __qualname__ and __classcell__ leave the namespace.
        let qk = key("__qualname__")?;
        let qualname = match dict::get(d.as_ptr(), qk.as_ptr())? {
            Some(q) => {
                if !unicode::check(q) {
                    return Err(err::type_error(&format!(
                        "type __qualname__ must be a str, not {}",
                        typeobj::type_name_of(q)
                    )));
                }
                let q = Owned::from_borrowed(q);
                dict::del(d.as_ptr(), qk.as_ptr())?;
                q
            }
            None => Owned::from_borrowed(name),
        };
        let ck = key("__classcell__")?;
        let classcell = match dict::get(d.as_ptr(), ck.as_ptr())? {
            Some(c) => {
                if !cell::check(c) {
                    return Err(err::type_error(&format!(
                        "__classcell__ must be a nonlocal cell, not {}",
                        abstract_::repr_string((*c).ob_type as *mut PyObject)?
                    )));
                }
                let c = Owned::from_borrowed(c);
                dict::del(d.as_ptr(), ck.as_ptr())?;
                Some(c)
            }
            None => None,
        };
        // __module__ from the caller's globals.
        let mk = key("__module__")?;
        if dict::get(d.as_ptr(), mk.as_ptr())?.is_none() {
            let g = ceval::current_globals();
            if !g.is_null() {
                if let Some(m) = dict::get(g, key("__name__")?.as_ptr())? {
                    dict::set(d.as_ptr(), mk.as_ptr(), m)?;
                }
            }
        }
        let cname = CString::new(unicode::as_str(name).as_bytes())
            .map_err(|_| err::value_error("type name must not contain null characters"))?;
        // The type object.
        let size = ((*metatype).tp_basicsize as usize).max(std::mem::size_of::<PyHeapTypeObject>());
        let op = alloc::new_object(metatype, size)?;
        let owned = Owned::from_raw(op);
        let ht = op as *mut PyHeapTypeObject;
        let t = op as *mut PyTypeObject;
        (*ht)._ht_tpname = cname.into_raw();
        (*t).tp_name = (*ht)._ht_tpname;
        (*ht).ht_name = new_ref(name);
        (*ht).ht_qualname = qualname.into_raw();
        (*t).tp_as_async = ptr::addr_of_mut!((*ht).as_async);
        (*t).tp_as_number = ptr::addr_of_mut!((*ht).as_number);
        (*t).tp_as_mapping = ptr::addr_of_mut!((*ht).as_mapping);
        (*t).tp_as_sequence = ptr::addr_of_mut!((*ht).as_sequence);
        (*t).tp_as_buffer = ptr::addr_of_mut!((*ht).as_buffer);
        let bf = (*base).tp_flags;
        let mut fl = flags::DEFAULT | flags::HEAPTYPE | flags::BASETYPE | flags::HAVE_GC;
        let (add_dict, add_weak) = match &slots {
            Some(sl) => (sl.add_dict, sl.add_weak),
            None => (true, true),
        };
        // Classes keep their namespace in `tp_dict` (CPython's `type` has
        // its `tp_dictoffset` there): a metaclass adds no instance dict.
        let is_meta = typeobj::is_subtype(base, lifecycle::type_type());
        if add_dict && !is_meta && (*base).tp_dictoffset == 0 && bf & flags::MANAGED_DICT == 0 {
            fl |= flags::MANAGED_DICT;
        }
        if add_weak
            && (*base).tp_weaklistoffset == 0
            && bf & flags::MANAGED_WEAKREF == 0
            && (*base).tp_itemsize == 0
        {
            fl |= flags::MANAGED_WEAKREF;
        }
        (*t).tp_flags = fl;
        (*t).tp_basicsize = (*base).tp_basicsize;
        if let Some(sl) = slots {
            install_slots(t, sl.names)?;
        }
        (*t).tp_itemsize = (*base).tp_itemsize;
        (*t).tp_base = new_ref(base as *mut PyObject) as *mut PyTypeObject;
        (*t).tp_bases = bases.into_raw();
        (*t).tp_traverse = Some(subtype_traverse);
        (*t).tp_clear = Some(subtype_clear);
        let getsets = match (
            fl & flags::MANAGED_DICT != 0,
            fl & flags::MANAGED_WEAKREF != 0,
        ) {
            (true, true) => ptr::addr_of_mut!(GETSETS_FULL) as *mut typeobj::PyGetSetDef,
            (true, false) => ptr::addr_of_mut!(GETSETS_DICT) as *mut typeobj::PyGetSetDef,
            (false, true) => ptr::addr_of_mut!(GETSETS_WEAKREF) as *mut typeobj::PyGetSetDef,
            (false, false) => ptr::null_mut(),
        };
        (*t).tp_getset = getsets;
        if let Some(doc) = dict::get(d.as_ptr(), key("__doc__")?.as_ptr())? {
            if unicode::check(doc) {
                if let Ok(c) = CString::new(unicode::as_str(doc).as_bytes()) {
                    (*ht).ophis_doc = c.into_raw();
                    (*t).tp_doc = (*ht).ophis_doc;
                }
            }
        }
        (*t).tp_dict = d.into_raw();
        heaptype::ready(t, false)?;
        // Dunders defined in the body reach the C slots. With several
        // bases, a slot may come from a base other than the layout's
        // (`class C(A, B)` with `B.__call__`): every slot is looked up
        // along the MRO, as CPython's `fixup_slot_dispatchers` does.
        if tuple::size((*t).tp_bases) > 1 {
            crate::objects::slotwrap::update_all_slots(t);
        } else {
            let dd = (*t).tp_dict;
            for (k, _) in dict::items_vec(dd) {
                let s = unicode::as_str(k.as_ptr());
                if s.starts_with("__") && s.ends_with("__") {
                    crate::objects::slotwrap::update_slot(t, k.as_ptr());
                }
            }
        }
        typeobj::modified(t);
        if let Some(c) = classcell {
            cell::set_stealing(c.as_ptr(), new_ref(op));
        }
        set_names(t)?;
        init_subclass(t, kwds)?;
        Ok(owned)
    }
}

/// What a class's `__slots__` asks for.
struct Slots {
    /// The member names, mangled and sorted (a tuple of str).
    names: Owned,
    add_dict: bool,
    add_weak: bool,
}

/// `_Py_Mangle`: `__x` inside class `C` is `_C__x` (dunders and names
/// with a dot are left alone; leading underscores of the class name go).
fn mangle(class: &str, name: &str) -> String {
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return name.to_string();
    }
    let stripped = class.trim_start_matches('_');
    if stripped.is_empty() {
        return name.to_string();
    }
    format!("_{stripped}{name}")
}

/// Checks `__slots__` as CPython's `type_new_slots` does.
unsafe fn parse_slots(
    slots: *mut PyObject,
    base: *mut PyTypeObject,
    class_name: *mut PyObject,
    ns: *mut PyObject,
) -> PyResult<Slots> {
    // SAFETY: live objects.
    unsafe {
        let items: Vec<Owned> = if unicode::check(slots) {
            vec![Owned::from_borrowed(slots)]
        } else {
            let t = abstract_::to_tuple(slots)?;
            (0..tuple::size(t.as_ptr()))
                .map(|i| Owned::from_borrowed(tuple::item(t.as_ptr(), i)))
                .collect()
        };
        if !items.is_empty() && (*base).tp_itemsize != 0 {
            return Err(err::type_error(&format!(
                "nonempty __slots__ not supported for subtype of '{}'",
                typeobj::full_name(base)
            )));
        }
        let may_dict = (*base).tp_dictoffset == 0 && (*base).tp_flags & flags::MANAGED_DICT == 0;
        let may_weak = (*base).tp_weaklistoffset == 0
            && (*base).tp_flags & flags::MANAGED_WEAKREF == 0
            && (*base).tp_itemsize == 0;
        let (mut add_dict, mut add_weak) = (false, false);
        let mut names = Vec::new();
        for it in &items {
            let o = it.as_ptr();
            if !unicode::check(o) {
                return Err(err::type_error(&format!(
                    "__slots__ items must be strings, not '{}'",
                    typeobj::type_name_of(o)
                )));
            }
            let cps: Vec<u32> = unicode::chars(o).collect();
            if !crate::objects::strmethods::is_identifier(&cps) {
                return Err(err::type_error("__slots__ must be identifiers"));
            }
            let n = unicode::as_str(o);
            if n == "__dict__" {
                if !may_dict || add_dict {
                    return Err(err::type_error(
                        "__dict__ slot disallowed: we already got one",
                    ));
                }
                add_dict = true;
            } else if n == "__weakref__" {
                if !may_weak || add_weak {
                    return Err(err::type_error(
                        "__weakref__ slot disallowed: we already got one",
                    ));
                }
                add_weak = true;
            } else {
                names.push(mangle(&unicode::as_str(class_name), &n));
            }
        }
        names.sort();
        let mut objs = Vec::with_capacity(names.len());
        for n in &names {
            let k = unicode::from_str(n)?;
            if n != "__qualname__" && n != "__classcell__" && dict::get(ns, k.as_ptr())?.is_some() {
                return Err(err::value_error(&format!(
                    "{} in __slots__ conflicts with class variable",
                    abstract_::repr_string(k.as_ptr())?
                )));
            }
            objs.push(unicode::intern(n)?);
        }
        Ok(Slots {
            names: tuple::from_owned(objs)?,
            add_dict,
            add_weak,
        })
    }
}

/// Gives the new class `t` one object member per slot name after its
/// base's layout (`T_OBJECT_EX`: unset reads raise `AttributeError`); the
/// names live in `ht_slots`, which the member table points into.
unsafe fn install_slots(t: *mut PyTypeObject, names: Owned) -> PyResult<()> {
    // SAFETY: `t` is a heap type under construction, exclusively ours.
    unsafe {
        let n = tuple::size(names.as_ptr()) as usize;
        let mut v = Vec::with_capacity(n + 1);
        let word = std::mem::size_of::<*mut PyObject>();
        for i in 0..n {
            let name = unicode::utf8(tuple::item(names.as_ptr(), i as isize))?;
            v.push(typeobj::PyMemberDef {
                name: name as *const std::ffi::c_char,
                type_code: crate::objects::member::t::OBJECT_EX,
                offset: (*t).tp_basicsize + (i * word) as isize,
                flags: 0,
                doc: ptr::null(),
            });
        }
        v.push(crate::objects::member::MEMBER_END);
        (*t).tp_basicsize += (n * word) as isize;
        let ht = t as *mut PyHeapTypeObject;
        (*ht).ht_slots = names.into_raw();
        let b = Box::into_raw(v.into_boxed_slice()) as *mut typeobj::PyMemberDef;
        (*ht).ophis_members = b;
        (*t).tp_members = b;
        Ok(())
    }
}

/// The slot members a class made by `type.__new__` added itself (none
/// for other types).
///
/// # Safety
/// `t` a live type.
pub unsafe fn own_slots(t: *mut PyTypeObject) -> &'static [typeobj::PyMemberDef] {
    // SAFETY: the table lives as long as the type.
    unsafe {
        if (*t).tp_flags & flags::HEAPTYPE == 0 {
            return &[];
        }
        let ht = t as *mut PyHeapTypeObject;
        if (*ht).ht_slots.is_null() || (*ht).ophis_members.is_null() {
            return &[];
        }
        let n = tuple::size((*ht).ht_slots) as usize;
        std::slice::from_raw_parts((*ht).ophis_members, n)
    }
}

/// The slot values of `op` stored by type `t` itself (not its bases).
///
/// # Safety
/// `op` an instance of `t` (or a subclass).
pub unsafe fn slot_values(t: *mut PyTypeObject, op: *mut PyObject) -> Vec<*mut *mut PyObject> {
    // SAFETY: the offsets lie inside the instance.
    unsafe {
        own_slots(t)
            .iter()
            .map(|m| (op as *mut u8).offset(m.offset) as *mut *mut PyObject)
            .collect()
    }
}

/// Calls `value.__set_name__(cls, name)` for every attribute that has it.
unsafe fn set_names(t: *mut PyTypeObject) -> PyResult<()> {
    // SAFETY: a ready type; the items are held while called.
    unsafe {
        for (k, v) in dict::items_vec((*t).tp_dict) {
            if let Some(r) = crate::protocols::slotcall::call_dunder(
                v.as_ptr(),
                "__set_name__",
                &[t as *mut PyObject, k.as_ptr()],
            )? {
                drop(r);
            }
        }
        Ok(())
    }
}

/// `super(cls, cls).__init_subclass__(**kwds)`: the first definition after
/// `cls` in its MRO, else `object`'s (which takes no keywords).
unsafe fn init_subclass(t: *mut PyTypeObject, kwds: *mut PyObject) -> PyResult<()> {
    // SAFETY: a ready type.
    unsafe {
        let name = unicode::intern("__init_subclass__")?;
        let mro = (*t).tp_mro;
        let mut found = None;
        for i in 1..tuple::size(mro) {
            let b = tuple::item(mro, i) as *mut PyTypeObject;
            if let Some(f) = dict::get((*b).tp_dict, name.as_ptr())? {
                found = Some(Owned::from_borrowed(f));
                break;
            }
        }
        let nkw = if kwds.is_null() { 0 } else { dict::len(kwds) };
        match found {
            Some(f) => {
                let g = (*(*f.as_ptr()).ob_type).tp_descr_get;
                let bound = match g {
                    Some(g) => err::from_ptr(g(f.as_ptr(), ptr::null_mut(), t as *mut PyObject))?,
                    None => f,
                };
                let empty = tuple::new(0)?;
                err::from_ptr(call::call_raw(bound.as_ptr(), empty.as_ptr(), kwds))?;
                Ok(())
            }
            None if nkw > 0 => Err(err::type_error(&format!(
                "{}.__init_subclass__() takes no keyword arguments",
                typeobj::short_name(t)
            ))),
            None => Ok(()),
        }
    }
}

unsafe extern "C" fn get_dict(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on an instance of a class with a managed dict.
    unsafe { err::into_ptr(attr::generic_get_dict(op)) }
}

unsafe extern "C" fn set_dict(op: *mut PyObject, v: *mut PyObject, _c: *mut c_void) -> c_int {
    // SAFETY: as above; `v` NULL (delete) or live.
    unsafe {
        match attr::generic_set_dict(op, v) {
            Ok(()) => 0,
            Err(_) => -1,
        }
    }
}

unsafe extern "C" fn get_weakref(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on an instance of a class with managed weak references.
    unsafe {
        let head = *crate::objects::weakref::list_slot(op);
        new_ref(if head.is_null() {
            lifecycle::none()
        } else {
            head as *mut PyObject
        })
    }
}

const DICT_GETSET: typeobj::PyGetSetDef = typeobj::PyGetSetDef {
    name: c"__dict__".as_ptr(),
    get: Some(get_dict),
    set: Some(set_dict),
    doc: c"dictionary for instance variables".as_ptr(),
    closure: ptr::null_mut(),
};

const WEAKREF_GETSET: typeobj::PyGetSetDef = typeobj::PyGetSetDef {
    name: c"__weakref__".as_ptr(),
    get: Some(get_weakref),
    set: None,
    doc: c"list of weak references to the object".as_ptr(),
    closure: ptr::null_mut(),
};

// The `__dict__`/`__weakref__` descriptors classes get (CPython's
// `subtype_getsets_*`).
static mut GETSETS_FULL: [typeobj::PyGetSetDef; 3] =
    [DICT_GETSET, WEAKREF_GETSET, typeobj::GETSET_END];
static mut GETSETS_DICT: [typeobj::PyGetSetDef; 2] = [DICT_GETSET, typeobj::GETSET_END];
static mut GETSETS_WEAKREF: [typeobj::PyGetSetDef; 2] = [WEAKREF_GETSET, typeobj::GETSET_END];

/// `tp_traverse` of classes: the type, the managed dict, then the nearest
/// base's own traversal.
unsafe extern "C" fn subtype_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot contract.
    unsafe {
        let t = (*op).ob_type;
        if let Some(v) = visit {
            let r = v(t as *mut PyObject, arg);
            if r != 0 {
                return r;
            }
        }
        if (*t).tp_flags & flags::MANAGED_DICT != 0 {
            let r = attr::visit_managed_dict(op, visit, arg);
            if r != 0 {
                return r;
            }
        }
        let mut base = t;
        #[allow(unpredictable_function_pointer_comparisons)]
        while (*base).tp_traverse == Some(subtype_traverse) {
            for slot in slot_values(base, op) {
                if let (Some(v), false) = (visit, (*slot).is_null()) {
                    let r = v(*slot, arg);
                    if r != 0 {
                        return r;
                    }
                }
            }
            base = (*base).tp_base;
        }
        match (*base).tp_traverse {
            Some(f) => f(op, visit, arg),
            None => 0,
        }
    }
}

/// `tp_clear` of classes: the managed dict, then the nearest base's.
unsafe extern "C" fn subtype_clear(op: *mut PyObject) -> c_int {
    // SAFETY: slot contract.
    unsafe {
        let t = (*op).ob_type;
        if (*t).tp_flags & flags::MANAGED_DICT != 0 {
            attr::clear_managed_dict(op);
        }
        let mut base = t;
        #[allow(unpredictable_function_pointer_comparisons)]
        while (*base).tp_clear == Some(subtype_clear) {
            for slot in slot_values(base, op) {
                clear_slot(slot);
            }
            base = (*base).tp_base;
        }
        match (*base).tp_clear {
            Some(f) => f(op),
            None => 0,
        }
    }
}

/// `__build_class__(func, name, /, *bases, metaclass=None, **kwds)`: runs
/// the class body `func` in the namespace the metaclass prepares, then
/// calls the metaclass, and checks the `__class__` cell.
///
/// # Safety
/// Vectorcall contract.
pub unsafe fn build_class(args: &[*mut PyObject], kwnames: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: live arguments.
    unsafe {
        let nkw = if kwnames.is_null() {
            0
        } else {
            tuple::size(kwnames) as usize
        };
        let npos = args.len() - nkw;
        if npos < 2 {
            return Err(err::type_error("__build_class__: not enough arguments"));
        }
        let func = args[0];
        let name = args[1];
        if (*func).ob_type != lifecycle::function_type() {
            return Err(err::type_error("__build_class__: func must be a function"));
        }
        if !unicode::check(name) {
            return Err(err::type_error("__build_class__: name is not a string"));
        }
        let orig_bases = tuple::new_from(&args[2..npos])?;
        let bases = update_bases(orig_bases.as_ptr())?;
        // Keywords; `metaclass` is taken out.
        let kwds = dict::new()?;
        let mut meta: Option<Owned> = None;
        for i in 0..nkw {
            let k = tuple::item(kwnames, i as isize);
            let v = args[npos + i];
            if unicode::as_str(k) == "metaclass" {
                meta = Some(Owned::from_borrowed(v));
            } else {
                dict::set(kwds.as_ptr(), k, v)?;
            }
        }
        let is_class = meta.is_none();
        let mut meta = match meta {
            Some(m) => m,
            None => {
                if tuple::size(bases.as_ptr()) == 0 {
                    Owned::from_borrowed(lifecycle::type_type() as *mut PyObject)
                } else {
                    Owned::from_borrowed((*tuple::item(bases.as_ptr(), 0)).ob_type as *mut PyObject)
                }
            }
        };
        if is_class || typeobj::is_type(meta.as_ptr()) {
            let w = calculate_metaclass(meta.as_ptr() as *mut PyTypeObject, bases.as_ptr())?;
            meta = Owned::from_borrowed(w as *mut PyObject);
        }
        // The namespace.
        let ns = match abstract_::lookup_attr(
            meta.as_ptr(),
            unicode::intern("__prepare__")?.as_ptr(),
        )? {
            Some(prep) => {
                let a = [name, bases.as_ptr()];
                let ns = err::from_ptr(call::vectorcall_dict(
                    prep.as_ptr(),
                    a.as_ptr(),
                    2,
                    kwds.as_ptr(),
                ))?;
                if !crate::protocols::sequence::is_mapping(ns.as_ptr()) {
                    let who = if typeobj::is_type(meta.as_ptr()) {
                        typeobj::short_name(meta.as_ptr() as *mut PyTypeObject)
                    } else {
                        "<metaclass>".to_string()
                    };
                    return Err(err::type_error(&format!(
                        "{who}.__prepare__() must return a mapping, not {}",
                        typeobj::type_name_of(ns.as_ptr())
                    )));
                }
                ns
            }
            None => dict::new()?,
        };
        let cell = ceval::run_function(func, &[], ptr::null_mut(), ns.as_ptr())?;
        if bases.as_ptr() != orig_bases.as_ptr() {
            abstract_::setitem(
                ns.as_ptr(),
                unicode::intern("__orig_bases__")?.as_ptr(),
                orig_bases.as_ptr(),
            )?;
        }
        let a = [name, bases.as_ptr(), ns.as_ptr()];
        let cls = err::from_ptr(call::vectorcall_dict(
            meta.as_ptr(),
            a.as_ptr(),
            3,
            kwds.as_ptr(),
        ))?;
        if typeobj::is_type(cls.as_ptr()) && cell::check(cell.as_ptr()) {
            let v = cell::get(cell.as_ptr());
            if v != cls.as_ptr() {
                if v.is_null() {
                    return Err(err::raise(
                        Exc::RuntimeError,
                        &format!(
                            "__class__ not set defining {} as {}. Was __classcell__ propagated to type.__new__?",
                            abstract_::repr_string(name)?,
                            abstract_::repr_string(cls.as_ptr())?
                        ),
                    ));
                }
                return Err(err::type_error(&format!(
                    "__class__ set to {} defining {} as {}",
                    abstract_::repr_string(v)?,
                    abstract_::repr_string(name)?,
                    abstract_::repr_string(cls.as_ptr())?
                )));
            }
        }
        Ok(cls)
    }
}

/// PEP 560: bases that are not types but have `__mro_entries__` are
/// replaced by what it returns (the same tuple when none is).
unsafe fn update_bases(bases: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: a live tuple.
    unsafe {
        let mut out: Option<Vec<Owned>> = None;
        for i in 0..tuple::size(bases) {
            let b = tuple::item(bases, i);
            let entries = if typeobj::is_type(b) {
                None
            } else {
                abstract_::lookup_attr(b, unicode::intern("__mro_entries__")?.as_ptr())?
            };
            match entries {
                Some(me) => {
                    let r = call::call_args(me.as_ptr(), &[bases])?;
                    if !tuple::check(r.as_ptr()) {
                        return Err(err::type_error("__mro_entries__ must return a tuple"));
                    }
                    let v = out.get_or_insert_with(|| {
                        (0..i)
                            .map(|j| Owned::from_borrowed(tuple::item(bases, j)))
                            .collect()
                    });
                    for j in 0..tuple::size(r.as_ptr()) {
                        v.push(Owned::from_borrowed(tuple::item(r.as_ptr(), j)));
                    }
                }
                None => {
                    if let Some(v) = &mut out {
                        v.push(Owned::from_borrowed(b));
                    }
                }
            }
        }
        match out {
            Some(v) => tuple::from_owned(v),
            None => Ok(Owned::from_borrowed(bases)),
        }
    }
}

/// `__build_class__` as a `METH_FASTCALL | METH_KEYWORDS` C function.
unsafe extern "C" fn builtin_build_class(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: isize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: FASTCALL contract: `nargs` positional then the keyword values.
    unsafe {
        let nkw = if kwnames.is_null() {
            0
        } else {
            tuple::size(kwnames) as usize
        };
        let argv = call::slice(args, nargs as usize + nkw);
        err::into_ptr(build_class(argv, kwnames))
    }
}

type FastcallKw = unsafe extern "C" fn(
    *mut PyObject,
    *const *mut PyObject,
    isize,
    *mut PyObject,
) -> *mut PyObject;

/// The `PyMethodDef` of `__build_class__` for the builtins module.
pub const BUILD_CLASS_DEF: typeobj::PyMethodDef = typeobj::PyMethodDef {
    ml_name: c"__build_class__".as_ptr(),
    // SAFETY: stored under the signature its flags declare, as C code does
    // with `_PyCFunction_CAST`.
    ml_meth: Some(unsafe {
        std::mem::transmute::<
            FastcallKw,
            unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject,
        >(builtin_build_class)
    }),
    ml_flags: crate::objects::methodobject::meth::FASTCALL
        | crate::objects::methodobject::meth::KEYWORDS,
    ml_doc: ptr::null(),
};
