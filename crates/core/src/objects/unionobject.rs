//! `types.UnionType` (PEP 604, CPython 3.12's `Objects/unionobject.c`):
//! what `int | str` makes. `X | Y` of classes, `None`, generic aliases,
//! unions and `TypeAliasType`s is `type`'s (and the alias's and union's)
//! `nb_or` ([`type_or`]); anything else gives `NotImplemented`. The
//! arguments are flattened (a union's own arguments) and deduplicated
//! (identity, equality for generic aliases), `None` is stored as
//! `NoneType` and shown as `None`; one argument left is the result itself.
//! Equality ignores order (sets of the arguments), the hash is the
//! frozenset's. `isinstance`/`issubclass` treat a union as the tuple of its
//! arguments (`abstract_.rs`); subscription substitutes type parameters as
//! generic aliases do.

use crate::objects::genericaliasobject::{self as galias, make_parameters, subs_parameters};
use crate::objects::member::{self, readonly_object_member};
use crate::objects::object::*;
use crate::objects::typeobj::{
    self, flags, PyGetSetDef, PyMappingMethods, PyMemberDef, PyNumberMethods, PyTypeObject,
};
use crate::objects::{setobject, tuple, unicode};
use crate::protocols::abstract_;
use crate::protocols::number::{self, BinOp};
use crate::runtime::err::{self, PyResult};
use crate::runtime::{alloc, gc, lifecycle};
use std::ffi::{c_int, c_void};
use std::mem::offset_of;
use std::ptr;

/// A union: its arguments and their lazily computed type parameters.
#[repr(C)]
struct Union {
    ob_base: PyObject,
    args: *mut PyObject,
    parameters: *mut PyObject,
}

static mut TYPE: *mut PyTypeObject = ptr::null_mut();

/// `types.UnionType`.
pub fn union_type() -> *mut PyTypeObject {
    // SAFETY: written once at start-up.
    unsafe { TYPE }
}

/// `_PyUnion_Check`: exactly a union.
///
/// # Safety
/// `op` live.
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: `op` live.
    unsafe { (*op).ob_type == union_type() }
}

/// `_Py_union_args`: the arguments of a union (borrowed).
///
/// # Safety
/// `op` a live union.
pub unsafe fn args(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: `op` a union.
    unsafe { (*(op as *mut Union)).args }
}

unsafe fn make_union(args: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: a fresh object of the ready type; `args` a live tuple.
    unsafe {
        let op = alloc::new_gc_object(union_type(), std::mem::size_of::<Union>())?;
        let u = op as *mut Union;
        (*u).args = new_ref(args);
        (*u).parameters = ptr::null_mut();
        Ok(Owned::from_raw(op))
    }
}

unsafe fn is_unionable(o: *mut PyObject) -> bool {
    // SAFETY: `o` live.
    unsafe {
        o == lifecycle::none()
            || typeobj::is_type(o)
            || galias::check(o)
            || check(o)
            || crate::objects::typevarobject::is_typealias(o)
    }
}

/// The items `o` brings to a union (a union's arguments, `NoneType` for
/// None), and `o` as it stands in one.
unsafe fn types_of(o: *mut PyObject) -> (*mut PyObject, Vec<*mut PyObject>) {
    // SAFETY: `o` live.
    unsafe {
        let o = if o == lifecycle::none() {
            lifecycle::none_type() as *mut PyObject
        } else {
            o
        };
        if check(o) {
            let a = args(o);
            (o, (0..tuple::size(a)).map(|i| tuple::item(a, i)).collect())
        } else {
            (o, vec![o])
        }
    }
}

unsafe fn is_same(a: *mut PyObject, b: *mut PyObject) -> PyResult<bool> {
    // SAFETY: live.
    unsafe {
        if galias::check(a) && galias::check(b) {
            abstract_::rich_compare_bool(a, b, 2)
        } else {
            Ok(a == b)
        }
    }
}

unsafe fn union_or(a: *mut PyObject, b: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: live; the argument tuples are held by `a` and `b`, which the
    // caller holds.
    unsafe {
        if !is_unionable(a) || !is_unionable(b) {
            return Ok(Owned::from_borrowed(lifecycle::not_implemented()));
        }
        let (a, items1) = types_of(a);
        let (_, items2) = types_of(b);
        let mut merged = items1.clone();
        for &x in &items2 {
            let mut dup = false;
            for &y in &items1 {
                if is_same(y, x)? {
                    dup = true;
                    break;
                }
            }
            if !dup {
                merged.push(x);
            }
        }
        if merged.len() == items1.len() {
            return Ok(Owned::from_borrowed(a));
        }
        let t = tuple::new_from(&merged)?;
        make_union(t.as_ptr())
    }
}

/// `_Py_union_type_or`: the `nb_or` of `type`, generic aliases and unions.
///
/// # Safety
/// Slot contract: both live.
pub unsafe extern "C" fn type_or(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe { err::into_ptr(union_or(a, b)) }
}

unsafe fn repr_of(op: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: `op` a union; its tuple is held.
    unsafe {
        let a = Owned::from_borrowed(args(op));
        let mut parts = Vec::new();
        for i in 0..tuple::size(a.as_ptr()) {
            let p = tuple::item(a.as_ptr(), i);
            if p == lifecycle::none_type() as *mut PyObject {
                parts.push("None".to_string());
            } else {
                parts.push(galias::repr_item(p)?);
            }
        }
        unicode::from_str(&parts.join(" | "))
    }
}

unsafe extern "C" fn union_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a union.
    unsafe { err::into_ptr(repr_of(op)) }
}

unsafe extern "C" fn union_hash(op: *mut PyObject) -> isize {
    // SAFETY: slot on a union.
    unsafe {
        match setobject::new_frozen(args(op)) {
            Ok(fs) => abstract_::hash(fs.as_ptr()).unwrap_or(-1),
            Err(_) => -1,
        }
    }
}

unsafe extern "C" fn union_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: slot on a union.
    unsafe {
        if !check(b) || (op != 2 && op != 3) {
            return new_ref(lifecycle::not_implemented());
        }
        err::into_ptr((|| {
            let sa = setobject::new(args(a))?;
            let sb = setobject::new(args(b))?;
            abstract_::rich_compare(sa.as_ptr(), sb.as_ptr(), op)
        })())
    }
}

unsafe fn parameters_of(op: *mut PyObject) -> PyResult<*mut PyObject> {
    // SAFETY: `op` a union.
    unsafe {
        let u = op as *mut Union;
        if (*u).parameters.is_null() {
            let p = make_parameters((*u).args)?;
            if (*u).parameters.is_null() {
                (*u).parameters = p.into_raw();
            }
        }
        Ok((*u).parameters)
    }
}

unsafe extern "C" fn union_getitem(op: *mut PyObject, item: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a union.
    unsafe {
        err::into_ptr((|| {
            let params = Owned::from_borrowed(parameters_of(op)?);
            let newargs = subs_parameters(op, args(op), params.as_ptr(), item)?;
            let n = tuple::size(newargs.as_ptr());
            if n == 0 {
                return make_union(newargs.as_ptr());
            }
            let mut res = Owned::from_borrowed(tuple::item(newargs.as_ptr(), 0));
            for i in 1..n {
                res = number::binary(res.as_ptr(), tuple::item(newargs.as_ptr(), i), BinOp::Or)?;
            }
            Ok(res)
        })())
    }
}

unsafe extern "C" fn get_parameters(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on a union.
    unsafe {
        match parameters_of(op) {
            Ok(p) => new_ref(p),
            Err(_) => ptr::null_mut(),
        }
    }
}

/// `__module__` is the type's (for `typing`); everything else is generic.
unsafe extern "C" fn union_getattro(op: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a union.
    unsafe {
        if unicode::check(name) && unicode::as_str(name) == "__module__" {
            return err::into_ptr(abstract_::getattr((*op).ob_type as *mut PyObject, name));
        }
        match lifecycle::c_api_slots().getattro {
            Some(f) => f(op, name),
            None => ptr::null_mut(),
        }
    }
}

unsafe extern "C" fn union_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        let u = op as *mut Union;
        clear_slot(ptr::addr_of_mut!((*u).args));
        clear_slot(ptr::addr_of_mut!((*u).parameters));
        alloc::free_object(op);
    }
}

unsafe extern "C" fn union_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a union.
    unsafe {
        let u = op as *mut Union;
        gc::visit_all(
            [(*u).args, (*u).parameters]
                .into_iter()
                .filter(|p| !p.is_null()),
            visit,
            arg,
        )
    }
}

static mut MEMBERS: [PyMemberDef; 2] = [
    readonly_object_member(c"__args__", offset_of!(Union, args)),
    member::MEMBER_END,
];

static mut GETSET: [PyGetSetDef; 2] = [
    {
        let mut g = typeobj::getset(c"__parameters__", Some(get_parameters));
        g.doc = c"Type variables in the types.UnionType.".as_ptr();
        g
    },
    typeobj::GETSET_END,
];

static mut AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: None,
    mp_subscript: Some(union_getitem),
    mp_ass_subscript: None,
};

/// The `nb_or` table of unions (and of `type`, see [`init_type`]).
static mut AS_NUMBER: PyNumberMethods = {
    // SAFETY: an all-zero table is a table of absent slots.
    let mut n: PyNumberMethods = unsafe { std::mem::zeroed() };
    n.nb_or = Some(type_or);
    n
};

static mut TYPE_AS_NUMBER: PyNumberMethods = {
    // SAFETY: an all-zero table is a table of absent slots.
    let mut n: PyNumberMethods = unsafe { std::mem::zeroed() };
    n.nb_or = Some(type_or);
    n
};

/// Creates `types.UnionType` and gives `type` its `|`. Start-up only,
/// before `type` is readied.
pub(crate) unsafe fn init_type() {
    // SAFETY: start-up, exclusive access to the static types.
    unsafe {
        (*lifecycle::type_type()).tp_as_number = ptr::addr_of_mut!(TYPE_AS_NUMBER);
        let t = lifecycle::leak_type();
        (*t).tp_name = c"types.UnionType".as_ptr();
        (*t).tp_doc = c"Represent a PEP 604 union type\n\nE.g. for int | str".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<Union>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::HAVE_GC;
        (*t).tp_dealloc = Some(union_dealloc);
        (*t).tp_traverse = Some(union_traverse);
        (*t).tp_hash = Some(union_hash);
        (*t).tp_getattro = Some(union_getattro);
        (*t).tp_members = ptr::addr_of_mut!(MEMBERS).cast();
        (*t).tp_getset = ptr::addr_of_mut!(GETSET).cast();
        (*t).tp_richcompare = Some(union_richcompare);
        (*t).tp_as_mapping = ptr::addr_of_mut!(AS_MAPPING);
        (*t).tp_as_number = ptr::addr_of_mut!(AS_NUMBER);
        (*t).tp_repr = Some(union_repr);
        TYPE = t;
    }
}

/// Readies the type. Start-up only.
pub(crate) unsafe fn ready_type() {
    // SAFETY: start-up.
    unsafe {
        if typeobj::ready_static(union_type()).is_err() {
            lifecycle::fatal("Py_Initialize", "cannot ready types.UnionType");
        }
    }
}
