//! PEP 695's runtime objects, which CPython 3.12 writes in C and shows in
//! `typing` (`Objects/typevarobject.c`, exposed through `_typing`):
//! `TypeVar` (bound and constraints evaluated lazily when they come from
//! `def f[T: bound]`), `ParamSpec` with its `args`/`kwargs`,
//! `TypeVarTuple`, `TypeAliasType` (`type X = ...`, its value evaluated on
//! first use) and `Generic`, and the intrinsics of `CALL_INTRINSIC_1`/`_2`
//! that make them.
//!
//! `typing.py` does not run on Ophis yet, so where CPython calls into it
//! this module has its own small stand-ins: `Generic[...]` and `C[...]` of
//! a generic class make a `typing._GenericAlias` that prints, answers
//! `__origin__`/`__args__`/`__parameters__` and resolves in class bases
//! (`__mro_entries__`) as typing's does; `Generic.__init_subclass__` sets
//! `__parameters__`; a bound given to `TypeVar(...)` must be callable
//! (typing's `_type_check` without forward references). Substitution in
//! `types.GenericAlias`/`types.UnionType` (`list[T][int]`) calls the native
//! `TypeVar.__typing_subst__` and `ParamSpec.__typing_subst__`/
//! `__typing_prepare_subst__` (typing's `_typevar_subst`,
//! `_paramspec_subst`, `_paramspec_prepare_subst`; a str stays a str where
//! typing makes a `ForwardRef`); a type alias takes part in `X | Y`. `T | U`
//! (typing's `Union`) and subscripting a type alias raise `TypeError`.

use crate::objects::member::{self, readonly_object_member};
use crate::objects::methodobject::meth;
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyGetSetDef, PyMemberDef, PyMethodDef, PyTypeObject};
use crate::objects::{dict, tuple, unicode};
use crate::protocols::clinic::{fastcall, pos, Sig};
use crate::protocols::{abstract_, call};
use crate::runtime::err::{self, PyResult};
use crate::runtime::{alloc, gc, lifecycle};
use std::ffi::{c_char, c_int, c_void, CStr};
use std::mem::offset_of;
use std::ptr;

/// `TypeVar`, `ParamSpec` and `TypeVarTuple` instances (one layout; each
/// type shows the fields it has).
#[repr(C)]
struct TypeParam {
    ob_base: PyObject,
    name: *mut PyObject,
    bound: *mut PyObject,
    evaluate_bound: *mut PyObject,
    constraints: *mut PyObject,
    evaluate_constraints: *mut PyObject,
    covariant: c_char,
    contravariant: c_char,
    infer_variance: c_char,
}

/// `ParamSpecArgs` / `ParamSpecKwargs`.
#[repr(C)]
struct ParamSpecAttr {
    ob_base: PyObject,
    origin: *mut PyObject,
}

/// `TypeAliasType`.
#[repr(C)]
struct TypeAlias {
    ob_base: PyObject,
    name: *mut PyObject,
    type_params: *mut PyObject,
    compute_value: *mut PyObject,
    value: *mut PyObject,
    module: *mut PyObject,
}

/// The stand-in for `typing._GenericAlias`.
#[repr(C)]
struct GenericAlias {
    ob_base: PyObject,
    origin: *mut PyObject,
    args: *mut PyObject,
    parameters: *mut PyObject,
}

static mut TYPEVAR: *mut PyTypeObject = ptr::null_mut();
static mut PARAMSPEC: *mut PyTypeObject = ptr::null_mut();
static mut TYPEVARTUPLE: *mut PyTypeObject = ptr::null_mut();
static mut PARAMSPEC_ARGS: *mut PyTypeObject = ptr::null_mut();
static mut PARAMSPEC_KWARGS: *mut PyTypeObject = ptr::null_mut();
static mut TYPEALIAS: *mut PyTypeObject = ptr::null_mut();
static mut GENERIC: *mut PyTypeObject = ptr::null_mut();
static mut GENERIC_ALIAS: *mut PyTypeObject = ptr::null_mut();

unsafe fn is_type_param(o: *mut PyObject) -> bool {
    // SAFETY: live.
    unsafe {
        let t = (*o).ob_type;
        t == TYPEVAR || t == PARAMSPEC || t == TYPEVARTUPLE
    }
}

fn none() -> Owned {
    // SAFETY: None is immortal.
    unsafe { Owned::from_borrowed(lifecycle::none()) }
}

unsafe fn new_type_param(
    t: *mut PyTypeObject,
    name: *mut PyObject,
    bound: *mut PyObject,
    constraints: *mut PyObject,
    variance: (bool, bool, bool),
) -> PyResult<Owned> {
    // SAFETY: the new object is ours; the arguments live (NULL when absent).
    unsafe {
        let op = alloc::new_object(t, std::mem::size_of::<TypeParam>())?;
        let p = op as *mut TypeParam;
        let take = |v: *mut PyObject| if v.is_null() { v } else { new_ref(v) };
        (*p).name = new_ref(name);
        (*p).bound = take(bound);
        (*p).evaluate_bound = ptr::null_mut();
        (*p).constraints = take(constraints);
        (*p).evaluate_constraints = ptr::null_mut();
        (*p).covariant = variance.0 as c_char;
        (*p).contravariant = variance.1 as c_char;
        (*p).infer_variance = variance.2 as c_char;
        gc::track(op);
        Ok(Owned::from_raw(op))
    }
}

unsafe fn tp_fields(op: *mut PyObject) -> [*mut *mut PyObject; 5] {
    // SAFETY: a TypeParam.
    unsafe {
        let p = op as *mut TypeParam;
        [
            ptr::addr_of_mut!((*p).name),
            ptr::addr_of_mut!((*p).bound),
            ptr::addr_of_mut!((*p).evaluate_bound),
            ptr::addr_of_mut!((*p).constraints),
            ptr::addr_of_mut!((*p).evaluate_constraints),
        ]
    }
}

unsafe extern "C" fn tp_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        for f in tp_fields(op) {
            clear_slot(f);
        }
        alloc::free_object(op);
    }
}

unsafe extern "C" fn tp_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a TypeParam.
    unsafe {
        gc::visit_all(
            tp_fields(op)
                .map(|f| *f)
                .into_iter()
                .filter(|p| !p.is_null()),
            visit,
            arg,
        )
    }
}

/// `~T`, `+T`, `-T`, or `T` when the variance is inferred.
unsafe extern "C" fn tp_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a TypeVar or ParamSpec.
    unsafe {
        let p = op as *mut TypeParam;
        let prefix = if (*p).infer_variance != 0 {
            ""
        } else if (*p).covariant != 0 {
            "+"
        } else if (*p).contravariant != 0 {
            "-"
        } else {
            "~"
        };
        err::into_ptr(unicode::from_str(&format!(
            "{prefix}{}",
            unicode::as_str((*p).name)
        )))
    }
}

unsafe extern "C" fn tvt_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a TypeVarTuple.
    unsafe { new_ref((*(op as *mut TypeParam)).name) }
}

/// A lazily evaluated field: the value, else the evaluator's result
/// (cached), else `dflt`.
unsafe fn lazy(
    slot: *mut *mut PyObject,
    eval: *mut PyObject,
    dflt: fn() -> PyResult<Owned>,
) -> *mut PyObject {
    // SAFETY: fields of a live object.
    unsafe {
        if !(*slot).is_null() {
            return new_ref(*slot);
        }
        if eval.is_null() {
            return err::into_ptr(dflt());
        }
        match call::call_args(eval, &[]) {
            Ok(v) => {
                *slot = new_ref(v.as_ptr());
                v.into_raw()
            }
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn tp_get_bound(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on a TypeParam.
    unsafe {
        let p = op as *mut TypeParam;
        lazy(ptr::addr_of_mut!((*p).bound), (*p).evaluate_bound, || {
            Ok(none())
        })
    }
}

unsafe extern "C" fn tp_get_constraints(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on a TypeVar.
    unsafe {
        let p = op as *mut TypeParam;
        lazy(
            ptr::addr_of_mut!((*p).constraints),
            (*p).evaluate_constraints,
            || tuple::new(0),
        )
    }
}

const fn bool_member(name: &'static CStr, offset: usize) -> PyMemberDef {
    PyMemberDef {
        name: name.as_ptr(),
        type_code: member::t::BOOL,
        offset: offset as isize,
        flags: member::t::READONLY,
        doc: ptr::null(),
    }
}

static mut TYPEVAR_MEMBERS: [PyMemberDef; 5] = [
    readonly_object_member(c"__name__", offset_of!(TypeParam, name)),
    bool_member(c"__covariant__", offset_of!(TypeParam, covariant)),
    bool_member(c"__contravariant__", offset_of!(TypeParam, contravariant)),
    bool_member(c"__infer_variance__", offset_of!(TypeParam, infer_variance)),
    member::MEMBER_END,
];

static mut TVT_MEMBERS: [PyMemberDef; 2] = [
    readonly_object_member(c"__name__", offset_of!(TypeParam, name)),
    member::MEMBER_END,
];

static mut TYPEVAR_GETSET: [PyGetSetDef; 3] = [
    typeobj::getset(c"__bound__", Some(tp_get_bound)),
    typeobj::getset(c"__constraints__", Some(tp_get_constraints)),
    typeobj::GETSET_END,
];

/// Keyword arguments of the constructors, checked against `allowed`.
unsafe fn kwargs(
    kw: *mut PyObject,
    fname: &str,
    allowed: &[&str],
) -> PyResult<Vec<(String, *mut PyObject)>> {
    // SAFETY: `kw` NULL or a dict.
    unsafe {
        let mut out = Vec::new();
        if kw.is_null() {
            return Ok(out);
        }
        let mut pos = 0;
        while let Some((k, v)) = dict::next(kw, &mut pos) {
            let k = unicode::as_str(k).into_owned();
            if !allowed.contains(&k.as_str()) {
                return Err(err::type_error(&format!(
                    "{fname}() got an unexpected keyword argument '{k}'"
                )));
            }
            out.push((k, v));
        }
        Ok(out)
    }
}

/// The `name` argument of the constructors: a str.
unsafe fn name_arg(fname: &str, v: Option<*mut PyObject>) -> PyResult<*mut PyObject> {
    // SAFETY: live.
    unsafe {
        let Some(v) = v else {
            return Err(err::type_error(&format!(
                "{fname}() missing required argument 'name' (pos 1)"
            )));
        };
        if !unicode::check(v) {
            return Err(err::type_error(&format!(
                "{fname}() argument 'name' must be str, not {}",
                typeobj::type_name_of(v)
            )));
        }
        Ok(v)
    }
}

/// `covariant`, `contravariant` and `infer_variance`, with their checks.
unsafe fn variance(kw: &[(String, *mut PyObject)]) -> PyResult<(bool, bool, bool)> {
    // SAFETY: live values.
    unsafe {
        let mut v = (false, false, false);
        for (k, o) in kw {
            let b = abstract_::is_true(*o)?;
            match k.as_str() {
                "covariant" => v.0 = b,
                "contravariant" => v.1 = b,
                "infer_variance" => v.2 = b,
                _ => {}
            }
        }
        if v.0 && v.1 {
            return Err(err::value_error("Bivariant types are not supported."));
        }
        if v.2 && (v.0 || v.1) {
            return Err(err::value_error(
                "Variance cannot be specified with infer_variance.",
            ));
        }
        Ok(v)
    }
}

/// typing 3.12's `_type_check` for a bound: tuples and a plain `Generic`
/// are refused; a string (a forward reference) needs typing's
/// `ForwardRef`, which Ophis does not have.
unsafe fn type_check(v: *mut PyObject, msg: &str) -> PyResult<Owned> {
    // SAFETY: live.
    unsafe {
        if v == lifecycle::none() {
            return Ok(Owned::from_borrowed((*v).ob_type as *mut PyObject));
        }
        if v == GENERIC as *mut PyObject {
            return Err(err::type_error(
                "Plain <class 'typing.Generic'> is not valid as type argument",
            ));
        }
        if (*v).ob_type == GENERIC_ALIAS
            && (*(v as *mut GenericAlias)).origin == GENERIC as *mut PyObject
        {
            let r = abstract_::repr_string(v)?;
            return Err(err::type_error(&format!(
                "{r} is not valid as type argument"
            )));
        }
        if unicode::check(v) {
            return Err(err::type_error(
                "Ophis cannot make forward references (typing.ForwardRef) yet",
            ));
        }
        if (*v).ob_type == lifecycle::tuple_type() {
            let r = abstract_::repr_string(v)?;
            let r: String = r.chars().take(100).collect();
            return Err(err::type_error(&format!("{msg} Got {r}.")));
        }
        Ok(Owned::from_borrowed(v))
    }
}

unsafe extern "C" fn typevar_new(
    _t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract.
    unsafe {
        err::into_ptr((|| {
            let kw = kwargs(
                kw,
                "typevar",
                &[
                    "name",
                    "bound",
                    "covariant",
                    "contravariant",
                    "infer_variance",
                ],
            )?;
            let n = tuple::size(args);
            let kname = kw.iter().find(|(k, _)| k == "name").map(|(_, v)| *v);
            let name = name_arg(
                "typevar",
                if n > 0 {
                    Some(tuple::item(args, 0))
                } else {
                    kname
                },
            )?;
            let var = variance(&kw)?;
            let bound = kw
                .iter()
                .find(|(k, _)| k == "bound")
                .map(|(_, v)| *v)
                .filter(|v| *v != lifecycle::none());
            let bound = match bound {
                Some(b) => Some(type_check(b, "Bound must be a type.")?),
                None => None,
            };
            let nc = (n - 1).max(0);
            if nc == 1 {
                return Err(err::type_error("A single constraint is not allowed"));
            }
            let constraints = if nc > 0 {
                if bound.is_some() {
                    return Err(err::type_error(
                        "Constraints cannot be combined with bound=...",
                    ));
                }
                Some(tuple::new_from(
                    &(1..n).map(|i| tuple::item(args, i)).collect::<Vec<_>>(),
                )?)
            } else {
                None
            };
            let p = |o: &Option<Owned>| o.as_ref().map_or(ptr::null_mut(), |o| o.as_ptr());
            new_type_param(TYPEVAR, name, p(&bound), p(&constraints), var)
        })())
    }
}

unsafe extern "C" fn paramspec_new(
    _t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract.
    unsafe {
        err::into_ptr((|| {
            let kw = kwargs(
                kw,
                "paramspec",
                &[
                    "name",
                    "bound",
                    "covariant",
                    "contravariant",
                    "infer_variance",
                ],
            )?;
            let n = tuple::size(args);
            if n > 1 {
                return Err(err::type_error(&format!(
                    "paramspec() takes at most 1 positional argument ({n} given)"
                )));
            }
            let kname = kw.iter().find(|(k, _)| k == "name").map(|(_, v)| *v);
            let name = name_arg(
                "paramspec",
                if n > 0 {
                    Some(tuple::item(args, 0))
                } else {
                    kname
                },
            )?;
            let var = variance(&kw)?;
            let bound = kw
                .iter()
                .find(|(k, _)| k == "bound")
                .map(|(_, v)| *v)
                .filter(|v| *v != lifecycle::none());
            let bound = match bound {
                Some(b) => Some(type_check(b, "Bound must be a type.")?),
                None => None,
            };
            new_type_param(
                PARAMSPEC,
                name,
                bound.as_ref().map_or(ptr::null_mut(), |b| b.as_ptr()),
                ptr::null_mut(),
                var,
            )
        })())
    }
}

unsafe extern "C" fn typevartuple_new(
    _t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract.
    unsafe {
        err::into_ptr((|| {
            let kw = kwargs(kw, "typevartuple", &["name"])?;
            let n = tuple::size(args);
            if n > 1 {
                return Err(err::type_error(&format!(
                    "typevartuple() takes at most 1 argument ({n} given)"
                )));
            }
            let kname = kw.iter().find(|(k, _)| k == "name").map(|(_, v)| *v);
            let name = name_arg(
                "typevartuple",
                if n > 0 {
                    Some(tuple::item(args, 0))
                } else {
                    kname
                },
            )?;
            new_type_param(
                TYPEVARTUPLE,
                name,
                ptr::null_mut(),
                ptr::null_mut(),
                (false, false, false),
            )
        })())
    }
}

// ---- ParamSpec.args / .kwargs ----

unsafe fn new_ps_attr(t: *mut PyTypeObject, origin: *mut PyObject) -> *mut PyObject {
    // SAFETY: the new object is ours.
    unsafe {
        match alloc::new_object(t, std::mem::size_of::<ParamSpecAttr>()) {
            Ok(op) => {
                (*(op as *mut ParamSpecAttr)).origin = new_ref(origin);
                gc::track(op);
                op
            }
            Err(_) => ptr::null_mut(),
        }
    }
}

unsafe extern "C" fn ps_get_args(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on a ParamSpec.
    unsafe { new_ps_attr(PARAMSPEC_ARGS, op) }
}

unsafe extern "C" fn ps_get_kwargs(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on a ParamSpec.
    unsafe { new_ps_attr(PARAMSPEC_KWARGS, op) }
}

static mut PARAMSPEC_GETSET: [PyGetSetDef; 4] = [
    typeobj::getset(c"__bound__", Some(tp_get_bound)),
    typeobj::getset(c"args", Some(ps_get_args)),
    typeobj::getset(c"kwargs", Some(ps_get_kwargs)),
    typeobj::GETSET_END,
];

unsafe extern "C" fn psa_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        clear_slot(&mut (*(op as *mut ParamSpecAttr)).origin);
        alloc::free_object(op);
    }
}

unsafe extern "C" fn psa_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a ParamSpecArgs/Kwargs.
    unsafe { gc::visit_all([(*(op as *mut ParamSpecAttr)).origin], visit, arg) }
}

unsafe extern "C" fn psa_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a ParamSpecArgs/Kwargs.
    unsafe {
        let origin = (*(op as *mut ParamSpecAttr)).origin;
        let which = if (*op).ob_type == PARAMSPEC_ARGS {
            "args"
        } else {
            "kwargs"
        };
        let r = if (*origin).ob_type == PARAMSPEC {
            Ok(unicode::as_str((*(origin as *mut TypeParam)).name).into_owned())
        } else {
            abstract_::repr_string(origin)
        };
        match r {
            Ok(r) => err::into_ptr(unicode::from_str(&format!("{r}.{which}"))),
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn psa_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: slot.
    unsafe {
        if (*a).ob_type != (*b).ob_type || (op != 2 && op != 3) {
            return new_ref(lifecycle::not_implemented());
        }
        let eq = (*(a as *mut ParamSpecAttr)).origin == (*(b as *mut ParamSpecAttr)).origin;
        new_ref(if eq == (op == 2) {
            lifecycle::true_()
        } else {
            lifecycle::false_()
        })
    }
}

static mut PSA_MEMBERS: [PyMemberDef; 2] = [
    readonly_object_member(c"__origin__", offset_of!(ParamSpecAttr, origin)),
    member::MEMBER_END,
];

// ---- TypeAliasType ----

unsafe fn caller_module() -> *mut PyObject {
    // SAFETY: the running frame's globals, if any.
    unsafe {
        let g = crate::code::ceval::current_globals();
        if g.is_null() {
            return ptr::null_mut();
        }
        match unicode::intern("__name__") {
            Ok(k) => dict::get_str_borrowed(g, k.as_ptr()).unwrap_or(ptr::null_mut()),
            Err(_) => {
                err::clear();
                ptr::null_mut()
            }
        }
    }
}

unsafe fn new_alias(
    name: *mut PyObject,
    type_params: *mut PyObject,
    compute_value: *mut PyObject,
    value: *mut PyObject,
) -> PyResult<Owned> {
    // SAFETY: the new object is ours; the arguments NULL or live.
    unsafe {
        let op = alloc::new_object(TYPEALIAS, std::mem::size_of::<TypeAlias>())?;
        let a = op as *mut TypeAlias;
        let take = |v: *mut PyObject| if v.is_null() { v } else { new_ref(v) };
        (*a).name = new_ref(name);
        (*a).type_params = if type_params.is_null()
            || type_params == lifecycle::none()
            || tuple::size(type_params) == 0
        {
            ptr::null_mut()
        } else {
            new_ref(type_params)
        };
        (*a).compute_value = take(compute_value);
        (*a).value = take(value);
        (*a).module = take(caller_module());
        gc::track(op);
        Ok(Owned::from_raw(op))
    }
}

unsafe fn ta_fields(op: *mut PyObject) -> [*mut *mut PyObject; 5] {
    // SAFETY: a TypeAlias.
    unsafe {
        let a = op as *mut TypeAlias;
        [
            ptr::addr_of_mut!((*a).name),
            ptr::addr_of_mut!((*a).type_params),
            ptr::addr_of_mut!((*a).compute_value),
            ptr::addr_of_mut!((*a).value),
            ptr::addr_of_mut!((*a).module),
        ]
    }
}

unsafe extern "C" fn ta_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        for f in ta_fields(op) {
            clear_slot(f);
        }
        alloc::free_object(op);
    }
}

unsafe extern "C" fn ta_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a TypeAlias.
    unsafe {
        gc::visit_all(
            ta_fields(op)
                .map(|f| *f)
                .into_iter()
                .filter(|p| !p.is_null()),
            visit,
            arg,
        )
    }
}

unsafe extern "C" fn ta_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a TypeAlias.
    unsafe { new_ref((*(op as *mut TypeAlias)).name) }
}

unsafe extern "C" fn ta_get_value(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on a TypeAlias.
    unsafe {
        let a = op as *mut TypeAlias;
        lazy(ptr::addr_of_mut!((*a).value), (*a).compute_value, || {
            Ok(none())
        })
    }
}

unsafe extern "C" fn ta_get_type_params(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on a TypeAlias.
    unsafe {
        let p = (*(op as *mut TypeAlias)).type_params;
        if p.is_null() {
            err::into_ptr(tuple::new(0))
        } else {
            new_ref(p)
        }
    }
}

unsafe extern "C" fn ta_get_module(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on a TypeAlias.
    unsafe {
        let m = (*(op as *mut TypeAlias)).module;
        new_ref(if m.is_null() { lifecycle::none() } else { m })
    }
}

unsafe extern "C" fn ta_getitem(_op: *mut PyObject, _k: *mut PyObject) -> *mut PyObject {
    err::type_error("Ophis cannot subscript type aliases yet (no types.GenericAlias)").into()
}

static mut TA_AS_MAPPING: typeobj::PyMappingMethods = typeobj::PyMappingMethods {
    mp_length: None,
    mp_subscript: Some(ta_getitem),
    mp_ass_subscript: None,
};

static mut TA_AS_NUMBER: typeobj::PyNumberMethods = {
    // SAFETY: an all-zero table is a table of absent slots.
    let mut n: typeobj::PyNumberMethods = unsafe { std::mem::zeroed() };
    n.nb_or = Some(crate::objects::unionobject::type_or);
    n
};

static mut TA_MEMBERS: [PyMemberDef; 2] = [
    readonly_object_member(c"__name__", offset_of!(TypeAlias, name)),
    member::MEMBER_END,
];

static mut TA_GETSET: [PyGetSetDef; 5] = [
    typeobj::getset(c"__value__", Some(ta_get_value)),
    typeobj::getset(c"__type_params__", Some(ta_get_type_params)),
    typeobj::getset(c"__parameters__", Some(ta_get_type_params)),
    typeobj::getset(c"__module__", Some(ta_get_module)),
    typeobj::GETSET_END,
];

unsafe extern "C" fn typealias_new(
    _t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract.
    unsafe {
        err::into_ptr((|| {
            let kw = kwargs(kw, "typealias", &["name", "value", "type_params"])?;
            let n = tuple::size(args);
            if n > 2 {
                return Err(err::type_error(&format!(
                    "typealias() takes at most 2 positional arguments ({n} given)"
                )));
            }
            let get = |i: isize, k: &str| {
                if n > i {
                    Some(tuple::item(args, i))
                } else {
                    kw.iter().find(|(kk, _)| kk == k).map(|(_, v)| *v)
                }
            };
            let name = name_arg("typealias", get(0, "name"))?;
            let Some(value) = get(1, "value") else {
                return Err(err::type_error(
                    "typealias() missing required argument 'value' (pos 2)",
                ));
            };
            let tp = kw
                .iter()
                .find(|(k, _)| k == "type_params")
                .map_or(ptr::null_mut(), |(_, v)| *v);
            if !tp.is_null() && tp != lifecycle::none() && !tuple::check(tp) {
                return Err(err::type_error("type_params must be a tuple"));
            }
            new_alias(name, tp, ptr::null_mut(), value)
        })())
    }
}

// ---- Generic and its aliases ----

/// The type parameters among `args`, in order, each once.
unsafe fn collect_params(args: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: a live tuple.
    unsafe {
        let mut out: Vec<*mut PyObject> = Vec::new();
        for i in 0..tuple::size(args) {
            let a = tuple::item(args, i);
            let more: Vec<*mut PyObject> = if is_type_param(a) {
                vec![a]
            } else if (*a).ob_type == GENERIC_ALIAS {
                let p = (*(a as *mut GenericAlias)).parameters;
                (0..tuple::size(p)).map(|j| tuple::item(p, j)).collect()
            } else {
                vec![]
            };
            for m in more {
                if !out.contains(&m) {
                    out.push(m);
                }
            }
        }
        tuple::new_from(&out)
    }
}

unsafe fn new_generic_alias(origin: *mut PyObject, args: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: the new object is ours.
    unsafe {
        let params = collect_params(args)?;
        let op = alloc::new_object(GENERIC_ALIAS, std::mem::size_of::<GenericAlias>())?;
        let g = op as *mut GenericAlias;
        (*g).origin = new_ref(origin);
        (*g).args = new_ref(args);
        (*g).parameters = params.into_raw();
        gc::track(op);
        Ok(Owned::from_raw(op))
    }
}

/// `cls[params]` for `Generic` and its subclasses.
unsafe fn class_getitem(cls: *mut PyObject, params: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: live.
    unsafe {
        let params = if tuple::check(params) {
            Owned::from_borrowed(params)
        } else {
            tuple::new_from(&[params])?
        };
        if cls == GENERIC as *mut PyObject {
            let p = params.as_ptr();
            let n = tuple::size(p);
            if n == 0 {
                return Err(err::type_error(
                    "Parameter list to Generic[...] cannot be empty",
                ));
            }
            for i in 0..n {
                if !is_type_param(tuple::item(p, i)) {
                    return Err(err::type_error(
                        "Parameters to Generic[...] must all be type variables or parameter specification variables.",
                    ));
                }
                for j in 0..i {
                    if tuple::item(p, i) == tuple::item(p, j) {
                        return Err(err::type_error(
                            "Parameters to Generic[...] must all be unique",
                        ));
                    }
                }
            }
        }
        new_generic_alias(cls, params.as_ptr())
    }
}

/// `typing.NAME` once the `typing` module is loaded: CPython's `Generic`
/// hands `__class_getitem__` and `__init_subclass__` to it. Until then
/// (it needs modules Ophis may not have), the native forms stand in.
unsafe fn typing_function(name: &str) -> PyResult<Option<Owned>> {
    // SAFETY: the GIL is held.
    unsafe {
        let t = unicode::intern("typing")?;
        let Some(m) = crate::system::import::get_module(t.as_ptr())? else {
            return Ok(None);
        };
        let n = unicode::intern(name)?;
        abstract_::lookup_attr(m.as_ptr(), n.as_ptr())
    }
}

unsafe extern "C" fn generic_class_getitem(
    cls: *mut PyObject,
    params: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: METH_O | METH_CLASS.
    unsafe {
        err::into_ptr((|| match typing_function("_generic_class_getitem")? {
            Some(f) => crate::protocols::call::call_args(f.as_ptr(), &[cls, params]),
            None => class_getitem(cls, params),
        })())
    }
}

/// `Generic.__init_subclass__`: `typing._generic_init_subclass` once
/// `typing` is loaded; before, `__parameters__` from the type parameters
/// in `__orig_bases__` (those of `Generic[...]` when listed).
unsafe extern "C" fn generic_init_subclass(
    cls: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: METH_VARARGS | METH_KEYWORDS | METH_CLASS.
    unsafe {
        err::into_ptr((|| {
            if let Some(f) = typing_function("_generic_init_subclass")? {
                let mut all = vec![cls];
                all.extend((0..tuple::size(args)).map(|i| tuple::item(args, i)));
                let a = tuple::new_from(&all)?;
                return err::from_ptr(crate::protocols::call::call_raw(f.as_ptr(), a.as_ptr(), kw));
            }
            let t = cls as *mut PyTypeObject;
            let d = (*t).tp_dict;
            let ob = unicode::intern("__orig_bases__")?;
            let orig = if d.is_null() {
                None
            } else {
                dict::get(d, ob.as_ptr())?
            };
            let params = match orig {
                Some(orig) if tuple::check(orig) => {
                    let mut generic_params = None;
                    for i in 0..tuple::size(orig) {
                        let b = tuple::item(orig, i);
                        if b == GENERIC as *mut PyObject {
                            return Err(err::type_error("Cannot inherit from plain Generic"));
                        }
                        if (*b).ob_type == GENERIC_ALIAS
                            && (*(b as *mut GenericAlias)).origin == GENERIC as *mut PyObject
                        {
                            if generic_params.is_some() {
                                return Err(err::type_error(
                                    "Cannot inherit from Generic[...] multiple times.",
                                ));
                            }
                            generic_params =
                                Some(Owned::from_borrowed((*(b as *mut GenericAlias)).parameters));
                        }
                    }
                    match generic_params {
                        Some(p) => p,
                        None => collect_params(orig)?,
                    }
                }
                _ => {
                    let bases = (*t).tp_bases;
                    if !bases.is_null()
                        && (0..tuple::size(bases))
                            .any(|i| tuple::item(bases, i) == GENERIC as *mut PyObject)
                    {
                        return Err(err::type_error("Cannot inherit from plain Generic"));
                    }
                    tuple::new(0)?
                }
            };
            let pn = unicode::intern("__parameters__")?;
            abstract_::setattr(cls, pn.as_ptr(), params.as_ptr())?;
            Ok(none())
        })())
    }
}

type WithKw = unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject;
type Plain = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

static mut GENERIC_METHODS: [PyMethodDef; 3] = [
    PyMethodDef {
        ml_name: c"__class_getitem__".as_ptr(),
        ml_meth: Some(generic_class_getitem),
        ml_flags: meth::O | meth::CLASS,
        ml_doc: ptr::null(),
    },
    PyMethodDef {
        ml_name: c"__init_subclass__".as_ptr(),
        // SAFETY: stored under the signature its flags declare.
        ml_meth: Some(unsafe { std::mem::transmute::<WithKw, Plain>(generic_init_subclass) }),
        ml_flags: meth::VARARGS | meth::KEYWORDS | meth::CLASS,
        ml_doc: ptr::null(),
    },
    typeobj::METHOD_END,
];

unsafe fn ga_fields(op: *mut PyObject) -> [*mut *mut PyObject; 3] {
    // SAFETY: a GenericAlias.
    unsafe {
        let g = op as *mut GenericAlias;
        [
            ptr::addr_of_mut!((*g).origin),
            ptr::addr_of_mut!((*g).args),
            ptr::addr_of_mut!((*g).parameters),
        ]
    }
}

unsafe extern "C" fn ga_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        for f in ga_fields(op) {
            clear_slot(f);
        }
        alloc::free_object(op);
    }
}

unsafe extern "C" fn ga_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a GenericAlias.
    unsafe { gc::visit_all(ga_fields(op).map(|f| *f), visit, arg) }
}

/// typing's `_type_repr`: a class as `module.qualname` (no module for
/// builtins), anything else by `repr`.
unsafe fn type_repr(o: *mut PyObject) -> PyResult<String> {
    // SAFETY: live.
    unsafe {
        if typeobj::is_type(o) {
            let t = o as *mut PyTypeObject;
            let m = typeobj::module_name(t);
            let q = typeobj::qualname(t);
            return Ok(if m == "builtins" {
                q
            } else {
                format!("{m}.{q}")
            });
        }
        if o == lifecycle::ellipsis() {
            return Ok("...".into());
        }
        abstract_::repr_string(o)
    }
}

unsafe extern "C" fn ga_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a GenericAlias.
    unsafe {
        let g = op as *mut GenericAlias;
        err::into_ptr((|| {
            let mut parts = Vec::new();
            for i in 0..tuple::size((*g).args) {
                parts.push(type_repr(tuple::item((*g).args, i))?);
            }
            let s = format!("{}[{}]", type_repr((*g).origin)?, parts.join(", "));
            unicode::from_str(&s)
        })())
    }
}

/// `__mro_entries__(bases)`: `Generic[...]` gives way to a later
/// parameterized base; any other alias stands for its class.
unsafe extern "C" fn ga_mro_entries(op: *mut PyObject, bases: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O on a GenericAlias.
    unsafe {
        let origin = (*(op as *mut GenericAlias)).origin;
        if origin == GENERIC as *mut PyObject && tuple::check(bases) {
            let n = tuple::size(bases);
            let me = (0..n)
                .position(|i| tuple::item(bases, i) == op)
                .unwrap_or(0) as isize;
            for i in me + 1..n {
                let b = tuple::item(bases, i);
                if (*b).ob_type == GENERIC_ALIAS && b != op {
                    return err::into_ptr(tuple::new(0));
                }
            }
        }
        err::into_ptr(tuple::new_from(&[origin]))
    }
}

static mut GA_METHODS: [PyMethodDef; 2] = [
    PyMethodDef {
        ml_name: c"__mro_entries__".as_ptr(),
        ml_meth: Some(ga_mro_entries),
        ml_flags: meth::O,
        ml_doc: ptr::null(),
    },
    typeobj::METHOD_END,
];

static mut GA_MEMBERS: [PyMemberDef; 4] = [
    readonly_object_member(c"__origin__", offset_of!(GenericAlias, origin)),
    readonly_object_member(c"__args__", offset_of!(GenericAlias, args)),
    readonly_object_member(c"__parameters__", offset_of!(GenericAlias, parameters)),
    member::MEMBER_END,
];

// ---- substitution (`list[T][int]`) ----

/// Whether `o` is a `TypeAliasType` (which `X | Y` accepts).
///
/// # Safety
/// `o` live.
pub unsafe fn is_typealias(o: *mut PyObject) -> bool {
    // SAFETY: live.
    unsafe { (*o).ob_type == TYPEALIAS }
}

/// typing's `_type_check` as substitution uses it (no forward
/// references: a str stays a str): None is `NoneType`, tuples, plain
/// `Generic` and unpacked aliases are refused.
unsafe fn subst_check(arg: *mut PyObject, msg: &str) -> PyResult<Owned> {
    // SAFETY: live.
    unsafe {
        if arg == lifecycle::none() {
            return Ok(Owned::from_borrowed(lifecycle::none_type() as *mut PyObject));
        }
        if arg == GENERIC as *mut PyObject {
            return Err(err::type_error(
                "Plain typing.Generic is not valid as type argument",
            ));
        }
        if (*arg).ob_type == lifecycle::tuple_type() {
            let r: String = abstract_::repr_string(arg)?.chars().take(100).collect();
            return Err(err::type_error(&format!("{msg} Got {r}.")));
        }
        Ok(Owned::from_borrowed(arg))
    }
}

fastcall! {
    /// `TypeVar.__typing_subst__(arg, /)`: the argument replacing the
    /// variable (typing's `_typevar_subst`).
    fn typevar_subst(_slf, a = Sig::new("__typing_subst__", &[pos("arg")])) {
        let arg = subst_check(a.req(0), "Parameters to generic types must be types.")?;
        let p = arg.as_ptr();
        if crate::objects::genericaliasobject::check(p) {
            let n = unicode::intern("__unpacked__")?;
            if let Some(u) = abstract_::lookup_attr(p, n.as_ptr())? {
                if abstract_::is_true(u.as_ptr())? {
                    return Err(err::type_error(&format!(
                        "{} is not valid as type argument",
                        abstract_::str_string(p)?
                    )));
                }
            }
        }
        Ok(arg)
    }
}

/// typing's `_is_param_expr`: `...`, a tuple or list, a `ParamSpec`.
unsafe fn is_param_expr(arg: *mut PyObject) -> bool {
    // SAFETY: live.
    unsafe {
        arg == lifecycle::ellipsis()
            || tuple::check(arg)
            || crate::objects::list::check(arg)
            || (*arg).ob_type == PARAMSPEC
    }
}

fastcall! {
    /// `ParamSpec.__typing_subst__(arg, /)` (typing's `_paramspec_subst`).
    fn paramspec_subst(_slf, a = Sig::new("__typing_subst__", &[pos("arg")])) {
        let arg = a.req(0);
        if tuple::check(arg) || crate::objects::list::check(arg) {
            let mut items = Vec::new();
            for x in abstract_::collect(arg, "")? {
                items.push(subst_check(x.as_ptr(), "Expected a type.")?);
            }
            let raw: Vec<*mut PyObject> = items.iter().map(|o| o.as_ptr()).collect();
            return tuple::new_from(&raw);
        }
        if !is_param_expr(arg) {
            return Err(err::type_error(&format!(
                "Expected a list of types, an ellipsis, ParamSpec, or Concatenate. Got {}",
                abstract_::str_string(arg)?
            )));
        }
        Ok(Owned::from_borrowed(arg))
    }
}

fastcall! {
    /// `ParamSpec.__typing_prepare_subst__(alias, args, /)` (typing's
    /// `_paramspec_prepare_subst`): `Z[int, str]` of a lone `ParamSpec`
    /// means `Z[[int, str]]`; lists become tuples.
    fn paramspec_prepare_subst(slf, a = Sig::new("__typing_prepare_subst__", &[pos("alias"), pos("args")])) {
        let alias = a.req(0);
        let args = a.req(1);
        let pn = unicode::intern("__parameters__")?;
        let params = abstract_::getattr(alias, pn.as_ptr())?;
        let params: Vec<Owned> = abstract_::collect(params.as_ptr(), "")?;
        let Some(i) = params.iter().position(|p| p.as_ptr() == slf) else {
            return Err(err::raise(crate::objects::exceptions::Exc::ValueError, "tuple.index(x): x not in tuple"));
        };
        let args_v: Vec<Owned> = abstract_::collect(args, "")?;
        if i >= args_v.len() {
            return Err(err::type_error(&format!(
                "Too few arguments for {}",
                abstract_::str_string(alias)?
            )));
        }
        if params.len() == 1 && !is_param_expr(args_v[0].as_ptr()) {
            return tuple::new_from(&[args]);
        }
        if crate::objects::list::check(args_v[i].as_ptr()) {
            let t = abstract_::to_tuple(args_v[i].as_ptr())?;
            let mut raw: Vec<*mut PyObject> = args_v.iter().map(|o| o.as_ptr()).collect();
            raw[i] = t.as_ptr();
            return tuple::new_from(&raw);
        }
        Ok(Owned::from_borrowed(args))
    }
}

static mut TYPEVAR_METHODS: [PyMethodDef; 2] = [
    crate::protocols::clinic::def(c"__typing_subst__", typevar_subst),
    typeobj::METHOD_END,
];

static mut PARAMSPEC_METHODS: [PyMethodDef; 3] = [
    crate::protocols::clinic::def(c"__typing_subst__", paramspec_subst),
    crate::protocols::clinic::def(c"__typing_prepare_subst__", paramspec_prepare_subst),
    typeobj::METHOD_END,
];

// ---- the intrinsics ----

/// `INTRINSIC_TYPEVAR`, `INTRINSIC_PARAMSPEC`, `INTRINSIC_TYPEVARTUPLE`:
/// a type parameter of `def f[...]`/`class C[...]`/`type X[...]` (variance
/// inferred).
///
/// # Safety
/// `name` a live str.
pub unsafe fn make_param(kind: u32, name: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let (t, var) = match kind {
            7 => (TYPEVAR, (false, false, true)),
            8 => (PARAMSPEC, (false, false, true)),
            _ => (TYPEVARTUPLE, (false, false, false)),
        };
        new_type_param(t, name, ptr::null_mut(), ptr::null_mut(), var)
    }
}

/// `INTRINSIC_TYPEVAR_WITH_BOUND` / `_WITH_CONSTRAINTS`: a `TypeVar` whose
/// bound or constraints `evaluate` computes on first use.
///
/// # Safety
/// `name` a live str; `evaluate` live.
pub unsafe fn typevar_lazy(
    name: *mut PyObject,
    evaluate: *mut PyObject,
    constraints: bool,
) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let tv = new_type_param(
            TYPEVAR,
            name,
            ptr::null_mut(),
            ptr::null_mut(),
            (false, false, true),
        )?;
        let p = tv.as_ptr() as *mut TypeParam;
        if constraints {
            (*p).evaluate_constraints = new_ref(evaluate);
        } else {
            (*p).evaluate_bound = new_ref(evaluate);
        }
        Ok(tv)
    }
}

/// `INTRINSIC_SUBSCRIPT_GENERIC`: `Generic[params]`, the implicit base of
/// `class C[...]`.
///
/// # Safety
/// `params` a live tuple.
pub unsafe fn subscript_generic(params: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe { class_getitem(GENERIC as *mut PyObject, params) }
}

/// `INTRINSIC_TYPEALIAS`: `type X[...] = value` from `(name, type_params,
/// compute_value)`.
///
/// # Safety
/// `args` live.
pub unsafe fn typealias(args: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if !tuple::check(args) || tuple::size(args) != 3 {
            return Err(err::system_error("INTRINSIC_TYPEALIAS: expected a 3-tuple"));
        }
        new_alias(
            tuple::item(args, 0),
            tuple::item(args, 1),
            tuple::item(args, 2),
            ptr::null_mut(),
        )
    }
}

/// A static type of this module, in `typing`.
unsafe fn make_type(
    name: &'static CStr,
    size: usize,
    dealloc: unsafe extern "C" fn(*mut PyObject),
    traverse: typeobj::traverseproc,
) -> *mut PyTypeObject {
    // SAFETY: start-up.
    unsafe {
        let t = lifecycle::leak_type();
        (*t).tp_name = name.as_ptr();
        (*t).tp_basicsize = size as isize;
        (*t).tp_flags = flags::DEFAULT | flags::HAVE_GC;
        (*t).tp_dealloc = Some(dealloc);
        (*t).tp_traverse = traverse;
        t
    }
}

/// Creates the types. Start-up only.
pub(crate) unsafe fn ready_types() {
    // SAFETY: start-up on one thread.
    unsafe {
        let sz = std::mem::size_of::<TypeParam>();
        let tv = make_type(c"typing.TypeVar", sz, tp_dealloc, Some(tp_traverse));
        (*tv).tp_new = Some(typevar_new);
        (*tv).tp_repr = Some(tp_repr);
        (*tv).tp_members = ptr::addr_of_mut!(TYPEVAR_MEMBERS) as *mut PyMemberDef;
        (*tv).tp_getset = ptr::addr_of_mut!(TYPEVAR_GETSET) as *mut PyGetSetDef;
        (*tv).tp_methods = ptr::addr_of_mut!(TYPEVAR_METHODS) as *mut PyMethodDef;

        let ps = make_type(c"typing.ParamSpec", sz, tp_dealloc, Some(tp_traverse));
        (*ps).tp_new = Some(paramspec_new);
        (*ps).tp_repr = Some(tp_repr);
        (*ps).tp_members = ptr::addr_of_mut!(TYPEVAR_MEMBERS) as *mut PyMemberDef;
        (*ps).tp_getset = ptr::addr_of_mut!(PARAMSPEC_GETSET) as *mut PyGetSetDef;
        (*ps).tp_methods = ptr::addr_of_mut!(PARAMSPEC_METHODS) as *mut PyMethodDef;

        let tvt = make_type(c"typing.TypeVarTuple", sz, tp_dealloc, Some(tp_traverse));
        (*tvt).tp_new = Some(typevartuple_new);
        (*tvt).tp_repr = Some(tvt_repr);
        (*tvt).tp_members = ptr::addr_of_mut!(TVT_MEMBERS) as *mut PyMemberDef;

        let psz = std::mem::size_of::<ParamSpecAttr>();
        let psa = make_type(
            c"typing.ParamSpecArgs",
            psz,
            psa_dealloc,
            Some(psa_traverse),
        );
        let psk = make_type(
            c"typing.ParamSpecKwargs",
            psz,
            psa_dealloc,
            Some(psa_traverse),
        );
        for t in [psa, psk] {
            (*t).tp_repr = Some(psa_repr);
            (*t).tp_richcompare = Some(psa_richcompare);
            (*t).tp_members = ptr::addr_of_mut!(PSA_MEMBERS) as *mut PyMemberDef;
        }

        let ta = make_type(
            c"typing.TypeAliasType",
            std::mem::size_of::<TypeAlias>(),
            ta_dealloc,
            Some(ta_traverse),
        );
        (*ta).tp_new = Some(typealias_new);
        (*ta).tp_repr = Some(ta_repr);
        (*ta).tp_as_mapping = ptr::addr_of_mut!(TA_AS_MAPPING);
        (*ta).tp_as_number = ptr::addr_of_mut!(TA_AS_NUMBER);
        (*ta).tp_members = ptr::addr_of_mut!(TA_MEMBERS) as *mut PyMemberDef;
        (*ta).tp_getset = ptr::addr_of_mut!(TA_GETSET) as *mut PyGetSetDef;

        let g = lifecycle::leak_type();
        (*g).tp_name = c"typing.Generic".as_ptr();
        (*g).tp_basicsize = std::mem::size_of::<PyObject>() as isize;
        (*g).tp_flags = flags::DEFAULT | flags::BASETYPE;
        (*g).tp_methods = ptr::addr_of_mut!(GENERIC_METHODS) as *mut PyMethodDef;
        (*g).tp_new = (*lifecycle::object_type()).tp_new;
        (*g).tp_init = (*lifecycle::object_type()).tp_init;

        let ga = make_type(
            c"typing._GenericAlias",
            std::mem::size_of::<GenericAlias>(),
            ga_dealloc,
            Some(ga_traverse),
        );
        (*ga).tp_repr = Some(ga_repr);
        (*ga).tp_methods = ptr::addr_of_mut!(GA_METHODS) as *mut PyMethodDef;
        (*ga).tp_members = ptr::addr_of_mut!(GA_MEMBERS) as *mut PyMemberDef;

        for t in [tv, ps, tvt, psa, psk, ta, g, ga] {
            if typeobj::ready_static(t).is_err() {
                lifecycle::fatal("Py_Initialize", "cannot ready the typing types");
            }
        }
        TYPEVAR = tv;
        PARAMSPEC = ps;
        TYPEVARTUPLE = tvt;
        PARAMSPEC_ARGS = psa;
        PARAMSPEC_KWARGS = psk;
        TYPEALIAS = ta;
        GENERIC = g;
        GENERIC_ALIAS = ga;
    }
}

crate::protocols::clinic::fastcall! {
    /// `_typing._idfunc(x, /)`: `x` itself (what `typing.NewType` calls).
    fn typing_idfunc(_m, a = crate::protocols::clinic::Sig::new("_idfunc", &[crate::protocols::clinic::pos("x")])) {
        Ok(Owned::from_borrowed(a.req(0)))
    }
}

static mut TYPING_METHODS: [PyMethodDef; 2] = [
    crate::protocols::clinic::def(c"_idfunc", typing_idfunc),
    typeobj::METHOD_END,
];

/// Creates the `_typing` module (`typing`'s accelerators: the PEP 695
/// types and `_idfunc`), for the builtin module table.
pub fn create_typing_module() -> PyResult<Owned> {
    // SAFETY: the runtime is initialized (the types are ready) and the GIL
    // held; the method table is static.
    unsafe {
        let name = unicode::intern("_typing")?;
        let m = crate::objects::module::new(name.as_ptr())?;
        let doc = unicode::from_str("Accelerators for the typing module.\n")?;
        crate::objects::module::add_object_ref(m.as_ptr(), "__doc__", doc.as_ptr())?;
        crate::objects::moduledef::add_functions(
            m.as_ptr(),
            ptr::addr_of_mut!(TYPING_METHODS) as *mut PyMethodDef,
        )?;
        for (k, t) in [
            ("TypeVar", TYPEVAR),
            ("ParamSpec", PARAMSPEC),
            ("TypeVarTuple", TYPEVARTUPLE),
            ("ParamSpecArgs", PARAMSPEC_ARGS),
            ("ParamSpecKwargs", PARAMSPEC_KWARGS),
            ("TypeAliasType", TYPEALIAS),
            ("Generic", GENERIC),
        ] {
            crate::objects::module::add_object_ref(m.as_ptr(), k, t as *mut PyObject)?;
        }
        Ok(m)
    }
}
