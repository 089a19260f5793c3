//! `types.GenericAlias` (PEP 585, CPython's `Objects/genericaliasobject.c`):
//! what `list[int]` makes. It keeps an origin and a tuple of arguments,
//! collects the type parameters among them lazily (`__parameters__`:
//! anything with `__typing_subst__`, and the parameters of nested aliases),
//! substitutes them on subscription (`list[T][int]`), forwards every
//! attribute but a few to its origin, calls its origin (setting
//! `__orig_class__`), stands for its origin among class bases
//! (`__mro_entries__`), refuses `isinstance`/`issubclass`, and iterates to
//! its starred form (`*tuple[int]`). `Py_GenericAliasType` is the C shim's
//! data object; `__class_getitem__` of the builtin generic types is
//! [`CLASS_GETITEM_DEF`].
//!
//! The substitution machinery (`make_parameters`, `subs_parameters`) is
//! shared with `types.UnionType` (`unionobject.rs`).

use crate::objects::member::{self, readonly_object_member};
use crate::objects::object::*;
use crate::objects::typeobj::{
    self, flags, PyGetSetDef, PyMappingMethods, PyMemberDef, PyMethodDef, PyNumberMethods,
    PyTypeObject,
};
use crate::objects::{dict, exceptions::Exc, list, tuple, unicode};
use crate::protocols::clinic::{def, def_class, fastcall, pos, Sig};
use crate::protocols::{abstract_, call};
use crate::runtime::err::{self, PyResult};
use crate::runtime::{alloc, gc, lifecycle};
use std::ffi::{c_char, c_int, c_void};
use std::mem::offset_of;
use std::ptr;

/// A generic alias, in CPython's `gaobject` layout.
#[repr(C)]
struct GaObject {
    ob_base: PyObject,
    origin: *mut PyObject,
    args: *mut PyObject,
    parameters: *mut PyObject,
    weakreflist: *mut PyObject,
    /// Whether this is a starred alias (`*tuple[int]`).
    starred: c_char,
    vectorcall: *mut c_void,
}

/// The iterator of an alias (`generic_alias_iterator`): yields the starred
/// alias once.
#[repr(C)]
struct GaIter {
    ob_base: PyObject,
    obj: *mut PyObject,
}

static mut ITER_TYPE: *mut PyTypeObject = ptr::null_mut();

/// The names an alias answers itself; every other attribute is its
/// origin's.
const ATTR_EXCEPTIONS: [&str; 11] = [
    "__class__",
    "__origin__",
    "__args__",
    "__unpacked__",
    "__parameters__",
    "__typing_unpacked_tuple_args__",
    "__mro_entries__",
    "__reduce_ex__",
    "__reduce__",
    "__copy__",
    "__deepcopy__",
];

/// `Py_GenericAliasType`.
pub fn genericalias_type() -> *mut PyTypeObject {
    lifecycle::genericalias_type()
}

/// `_PyGenericAlias_Check`: an alias or an instance of a subclass.
///
/// # Safety
/// `op` live.
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: `op` live.
    unsafe { typeobj::is_subtype((*op).ob_type, genericalias_type()) }
}

unsafe fn ga(op: *mut PyObject) -> *mut GaObject {
    op as *mut GaObject
}

/// Fills a fresh alias: `args` becomes a one-tuple unless it is a tuple.
unsafe fn setup(op: *mut PyObject, origin: *mut PyObject, args: *mut PyObject) -> PyResult<()> {
    // SAFETY: `op` a fresh zeroed alias; the arguments live.
    unsafe {
        let args = if tuple::check(args) {
            Owned::from_borrowed(args)
        } else {
            tuple::new_from(&[args])?
        };
        let g = ga(op);
        (*g).origin = new_ref(origin);
        (*g).args = args.into_raw();
        (*g).parameters = ptr::null_mut();
        (*g).weakreflist = ptr::null_mut();
        (*g).starred = 0;
        Ok(())
    }
}

/// `Py_GenericAlias(origin, args)`: a new alias (`args` packed into a
/// tuple unless it is one).
///
/// # Safety
/// The GIL is held; both arguments live.
pub unsafe fn new(origin: *mut PyObject, args: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: a fresh object of the ready type.
    unsafe {
        let t = genericalias_type();
        let op = Owned::from_raw(alloc::new_gc_object(t, std::mem::size_of::<GaObject>())?);
        setup(op.as_ptr(), origin, args)?;
        Ok(op)
    }
}

unsafe fn new_starred(
    origin: *mut PyObject,
    args: *mut PyObject,
    starred: bool,
) -> PyResult<Owned> {
    // SAFETY: forwarded; the new alias is ours.
    unsafe {
        let r = new(origin, args)?;
        (*ga(r.as_ptr())).starred = starred as c_char;
        Ok(r)
    }
}

unsafe fn lookup(o: *mut PyObject, name: &str) -> PyResult<Option<Owned>> {
    // SAFETY: forwarded.
    unsafe {
        let n = unicode::intern(name)?;
        abstract_::lookup_attr(o, n.as_ptr())
    }
}

/// How an alias or a union shows one of its items: `...` for the
/// Ellipsis, the repr of anything that looks like an alias (has
/// `__origin__` and `__args__`), `qualname` of builtins and
/// `module.qualname` of other classes, else the repr.
///
/// # Safety
/// `p` live.
pub(crate) unsafe fn repr_item(p: *mut PyObject) -> PyResult<String> {
    // SAFETY: live; attribute lookups may run code.
    unsafe {
        if p == lifecycle::ellipsis() {
            return Ok("...".into());
        }
        if lookup(p, "__origin__")?.is_some() && lookup(p, "__args__")?.is_some() {
            return abstract_::repr_string(p);
        }
        let Some(qualname) = lookup(p, "__qualname__")? else {
            return abstract_::repr_string(p);
        };
        let module = match lookup(p, "__module__")? {
            Some(m) if m.as_ptr() != lifecycle::none() => m,
            _ => return abstract_::repr_string(p),
        };
        if unicode::check(module.as_ptr()) && unicode::as_str(module.as_ptr()) == "builtins" {
            return abstract_::str_string(qualname.as_ptr());
        }
        Ok(format!(
            "{}.{}",
            abstract_::str_string(module.as_ptr())?,
            abstract_::str_string(qualname.as_ptr())?
        ))
    }
}

unsafe fn repr_of(op: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: `op` an alias.
    unsafe {
        let g = ga(op);
        let mut s = String::new();
        if (*g).starred != 0 {
            s.push('*');
        }
        s.push_str(&repr_item((*g).origin)?);
        s.push('[');
        let args = Owned::from_borrowed((*g).args);
        let n = tuple::size(args.as_ptr());
        for i in 0..n {
            if i > 0 {
                s.push_str(", ");
            }
            s.push_str(&repr_item(tuple::item(args.as_ptr(), i))?);
        }
        if n == 0 {
            s.push_str("()");
        }
        s.push(']');
        unicode::from_str(&s)
    }
}

fn index_of(items: &[*mut PyObject], x: *mut PyObject) -> Option<usize> {
    items.iter().position(|&p| p == x)
}

unsafe fn tuple_items(t: *mut PyObject) -> Vec<*mut PyObject> {
    // SAFETY: a live tuple.
    unsafe { (0..tuple::size(t)).map(|i| tuple::item(t, i)).collect() }
}

/// `_Py_make_parameters`: the type parameters among `args` (a tuple), in
/// order, each once: an argument with `__typing_subst__` is one, any other
/// (but a class) contributes its `__parameters__` tuple.
///
/// # Safety
/// `args` a live tuple.
pub(crate) unsafe fn make_parameters(args: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: live; lookups may run code, so the tuple is held.
    unsafe {
        let args = Owned::from_borrowed(args);
        let mut out: Vec<Owned> = Vec::new();
        let add = |x: *mut PyObject, out: &mut Vec<Owned>| {
            if !out.iter().any(|o| o.as_ptr() == x) {
                out.push(Owned::from_borrowed(x));
            }
        };
        for t in tuple_items(args.as_ptr()) {
            if typeobj::is_type(t) {
                continue;
            }
            if lookup(t, "__typing_subst__")?.is_some() {
                add(t, &mut out);
            } else if let Some(sub) = lookup(t, "__parameters__")? {
                if tuple::check(sub.as_ptr()) {
                    for x in tuple_items(sub.as_ptr()) {
                        add(x, &mut out);
                    }
                }
            }
        }
        let raw: Vec<*mut PyObject> = out.iter().map(|o| o.as_ptr()).collect();
        tuple::new_from(&raw)
    }
}

/// `obj` with the parameters among its own `__parameters__` replaced by
/// their arguments (`obj[subargs]`), or `obj` itself when it has none.
unsafe fn subs_tvars(
    obj: *mut PyObject,
    params: &[*mut PyObject],
    argitems: &[*mut PyObject],
) -> PyResult<Owned> {
    // SAFETY: live.
    unsafe {
        let sub = match lookup(obj, "__parameters__")? {
            Some(s) if tuple::check(s.as_ptr()) && tuple::size(s.as_ptr()) > 0 => s,
            _ => return Ok(Owned::from_borrowed(obj)),
        };
        let mut subargs: Vec<*mut PyObject> = Vec::new();
        for x in tuple_items(sub.as_ptr()) {
            match index_of(params, x) {
                Some(i) => {
                    let a = argitems[i];
                    if (*(*params[i]).ob_type).tp_iter.is_some() && tuple::check(a) {
                        subargs.extend(tuple_items(a));
                    } else {
                        subargs.push(a);
                    }
                }
                None => subargs.push(x),
            }
        }
        let t = tuple::new_from(&subargs)?;
        abstract_::getitem(obj, t.as_ptr())
    }
}

unsafe fn is_unpacked_typevartuple(arg: *mut PyObject) -> PyResult<bool> {
    // SAFETY: live.
    unsafe {
        if typeobj::is_type(arg) {
            return Ok(false);
        }
        match lookup(arg, "__typing_is_unpacked_typevartuple__")? {
            Some(v) => abstract_::is_true(v.as_ptr()),
            None => Ok(false),
        }
    }
}

unsafe fn unpacked_tuple_args(arg: *mut PyObject) -> PyResult<Option<Owned>> {
    // SAFETY: live.
    unsafe {
        if check(arg)
            && (*ga(arg)).starred != 0
            && (*ga(arg)).origin == lifecycle::tuple_type() as *mut PyObject
        {
            return Ok(Some(Owned::from_borrowed((*ga(arg)).args)));
        }
        Ok(lookup(arg, "__typing_unpacked_tuple_args__")?
            .filter(|r| r.as_ptr() != lifecycle::none()))
    }
}

/// The subscript's items with unpacked fixed-length tuples
/// (`*tuple[int, str]`) spliced in, as a tuple.
unsafe fn unpack_args(item: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: live.
    unsafe {
        let items = if tuple::check(item) {
            tuple_items(item)
        } else {
            vec![item]
        };
        let mut out: Vec<Owned> = Vec::new();
        for it in items {
            if !typeobj::is_type(it) {
                if let Some(sub) = unpacked_tuple_args(it)? {
                    let s = sub.as_ptr();
                    let n = if tuple::check(s) { tuple::size(s) } else { -1 };
                    if n >= 0 && !(n > 0 && tuple::item(s, n - 1) == lifecycle::ellipsis()) {
                        out.extend(tuple_items(s).into_iter().map(|x| Owned::from_borrowed(x)));
                        continue;
                    }
                }
            }
            out.push(Owned::from_borrowed(it));
        }
        let raw: Vec<*mut PyObject> = out.iter().map(|o| o.as_ptr()).collect();
        tuple::new_from(&raw)
    }
}

/// `_Py_subs_parameters`: the arguments of `self` (`args`, with type
/// parameters `parameters`) once `self[item]` replaces each parameter.
///
/// # Safety
/// `args` and `parameters` live tuples; the others live.
pub(crate) unsafe fn subs_parameters(
    slf: *mut PyObject,
    args: *mut PyObject,
    parameters: *mut PyObject,
    item: *mut PyObject,
) -> PyResult<Owned> {
    // SAFETY: live; the tuples are held across calls into Python code.
    unsafe {
        let parameters = Owned::from_borrowed(parameters);
        let args = Owned::from_borrowed(args);
        let params = tuple_items(parameters.as_ptr());
        let nparams = params.len();
        if nparams == 0 {
            return Err(err::type_error(&format!(
                "{} is not a generic class",
                abstract_::repr_string(slf)?
            )));
        }
        let mut item = unpack_args(item)?;
        for &p in &params {
            if let Some(prepare) = lookup(p, "__typing_prepare_subst__")? {
                if prepare.as_ptr() != lifecycle::none() {
                    let it = if tuple::check(item.as_ptr()) {
                        item
                    } else {
                        tuple::new_from(&[item.as_ptr()])?
                    };
                    item = call::call_args(prepare.as_ptr(), &[slf, it.as_ptr()])?;
                }
            }
        }
        let argitems = if tuple::check(item.as_ptr()) {
            tuple_items(item.as_ptr())
        } else {
            vec![item.as_ptr()]
        };
        let nitems = argitems.len();
        if nitems != nparams {
            return Err(err::type_error(&format!(
                "Too {} arguments for {}; actual {nitems}, expected {nparams}",
                if nitems > nparams { "many" } else { "few" },
                abstract_::repr_string(slf)?
            )));
        }
        let mut newargs: Vec<Owned> = Vec::new();
        for arg in tuple_items(args.as_ptr()) {
            if typeobj::is_type(arg) {
                newargs.push(Owned::from_borrowed(arg));
                continue;
            }
            let unpack = is_unpacked_typevartuple(arg)?;
            let new = match lookup(arg, "__typing_subst__")? {
                Some(subst) => {
                    let i = index_of(&params, arg).ok_or_else(|| {
                        err::system_error("type parameter missing from __parameters__")
                    })?;
                    call::call_args(subst.as_ptr(), &[argitems[i]])?
                }
                None => subs_tvars(arg, &params, &argitems)?,
            };
            if unpack {
                if !tuple::check(new.as_ptr()) {
                    return Err(err::type_error("expected a tuple of unpacked arguments"));
                }
                newargs.extend(
                    tuple_items(new.as_ptr())
                        .into_iter()
                        .map(|x| Owned::from_borrowed(x)),
                );
            } else {
                newargs.push(new);
            }
        }
        let raw: Vec<*mut PyObject> = newargs.iter().map(|o| o.as_ptr()).collect();
        tuple::new_from(&raw)
    }
}

/// The lazily computed `__parameters__` of an alias (borrowed).
unsafe fn parameters_of(op: *mut PyObject) -> PyResult<*mut PyObject> {
    // SAFETY: `op` an alias.
    unsafe {
        let g = ga(op);
        if (*g).parameters.is_null() {
            let p = make_parameters((*g).args)?;
            if (*g).parameters.is_null() {
                (*g).parameters = p.into_raw();
            }
        }
        Ok((*g).parameters)
    }
}

unsafe extern "C" fn ga_getitem(op: *mut PyObject, item: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on an alias.
    unsafe {
        err::into_ptr((|| {
            let params = Owned::from_borrowed(parameters_of(op)?);
            let g = ga(op);
            let newargs = subs_parameters(op, (*g).args, params.as_ptr(), item)?;
            new_starred((*g).origin, newargs.as_ptr(), (*g).starred != 0)
        })())
    }
}

unsafe extern "C" fn ga_hash(op: *mut PyObject) -> isize {
    // SAFETY: slot on an alias.
    unsafe {
        let g = ga(op);
        let Ok(h0) = abstract_::hash((*g).origin) else {
            return -1;
        };
        let Ok(h1) = abstract_::hash((*g).args) else {
            return -1;
        };
        h0 ^ h1
    }
}

unsafe fn call_of(op: *mut PyObject, args: *mut PyObject, kw: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: `op` an alias; `args` a tuple, `kw` NULL or a dict.
    unsafe {
        let obj = call::call((*ga(op)).origin, args, kw)?;
        let name = unicode::intern("__orig_class__")?;
        if abstract_::setattr(obj.as_ptr(), name.as_ptr(), op).is_err() {
            let cur = err::occurred();
            if err::given_matches(cur, crate::objects::exceptions::get(Exc::AttributeError))
                || err::given_matches(cur, crate::objects::exceptions::get(Exc::TypeError))
            {
                err::clear();
            } else {
                return Err(err::Raised::assume());
            }
        }
        Ok(obj)
    }
}

unsafe extern "C" fn ga_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot on an alias.
    unsafe { err::into_ptr(call_of(op, args, kw)) }
}

unsafe extern "C" fn ga_getattro(op: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on an alias.
    unsafe {
        if unicode::check(name) {
            let s = unicode::as_str(name);
            if !ATTR_EXCEPTIONS.contains(&s.as_ref()) {
                return err::into_ptr(abstract_::getattr((*ga(op)).origin, name));
            }
        }
        match lifecycle::c_api_slots().getattro {
            Some(f) => f(op, name),
            None => ptr::null_mut(),
        }
    }
}

unsafe fn richcompare(a: *mut PyObject, b: *mut PyObject, op: c_int) -> PyResult<Owned> {
    // SAFETY: `a` an alias, `b` live.
    unsafe {
        if !check(b) || (op != 2 && op != 3) {
            return Ok(Owned::from_borrowed(lifecycle::not_implemented()));
        }
        if op == 3 {
            let eq = richcompare(a, b, 2)?;
            return Ok(bool_obj(eq.as_ptr() != lifecycle::true_()));
        }
        let (aa, bb) = (ga(a), ga(b));
        if (*aa).starred != (*bb).starred {
            return Ok(bool_obj(false));
        }
        if !abstract_::rich_compare_bool((*aa).origin, (*bb).origin, 2)? {
            return Ok(bool_obj(false));
        }
        abstract_::rich_compare((*aa).args, (*bb).args, 2)
    }
}

fn bool_obj(b: bool) -> Owned {
    // SAFETY: the booleans are immortal.
    unsafe {
        Owned::from_borrowed(if b {
            lifecycle::true_()
        } else {
            lifecycle::false_()
        })
    }
}

unsafe extern "C" fn ga_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: slot on an alias.
    unsafe { err::into_ptr(richcompare(a, b, op)) }
}

unsafe extern "C" fn ga_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on an alias.
    unsafe { err::into_ptr(repr_of(op)) }
}

unsafe extern "C" fn ga_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        let g = ga(op);
        if !(*g).weakreflist.is_null() {
            crate::objects::weakref::clear_weakrefs(op);
        }
        clear_slot(ptr::addr_of_mut!((*g).origin));
        clear_slot(ptr::addr_of_mut!((*g).args));
        clear_slot(ptr::addr_of_mut!((*g).parameters));
        match (*(*op).ob_type).tp_free {
            Some(free) => free(op as *mut c_void),
            None => alloc::free_object(op),
        }
    }
}

unsafe extern "C" fn ga_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on an alias.
    unsafe {
        let g = ga(op);
        gc::visit_all(
            [(*g).origin, (*g).args, (*g).parameters]
                .into_iter()
                .filter(|p| !p.is_null()),
            visit,
            arg,
        )
    }
}

/// `GenericAlias(origin, args)`: no keywords, exactly two arguments.
unsafe extern "C" fn ga_new(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract: `args` a tuple, `kw` NULL or a dict.
    unsafe {
        err::into_ptr((|| {
            if !kw.is_null() && dict::len(kw) != 0 {
                return Err(err::type_error("GenericAlias() takes no keyword arguments"));
            }
            let n = tuple::size(args);
            if n != 2 {
                return Err(err::type_error(&format!(
                    "GenericAlias expected 2 arguments, got {n}"
                )));
            }
            let alloc = (*t)
                .tp_alloc
                .ok_or_else(|| err::system_error("no tp_alloc"))?;
            let op = err::from_ptr(alloc(t, 0))?;
            setup(op.as_ptr(), tuple::item(args, 0), tuple::item(args, 1))?;
            Ok(op)
        })())
    }
}

unsafe extern "C" fn ga_or(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot contract.
    unsafe { crate::objects::unionobject::type_or(a, b) }
}

unsafe extern "C" fn ga_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on an alias.
    unsafe {
        match alloc::new_gc_object(ITER_TYPE, std::mem::size_of::<GaIter>()) {
            Ok(it) => {
                (*(it as *mut GaIter)).obj = new_ref(op);
                it
            }
            Err(_) => ptr::null_mut(),
        }
    }
}

fastcall! {
    /// `__mro_entries__(bases, /)`: the origin stands for the alias.
    fn ga_mro_entries(slf, a = Sig::new("__mro_entries__", &[pos("bases")])) {
        let _ = a;
        tuple::new_from(&[(*ga(slf)).origin])
    }
}

fastcall! {
    /// `__instancecheck__(obj, /)`: refused.
    fn ga_instancecheck(_slf, a = Sig::new("__instancecheck__", &[pos("obj")])) {
        let _ = a;
        Err(err::type_error("isinstance() argument 2 cannot be a parameterized generic"))
    }
}

fastcall! {
    /// `__subclasscheck__(cls, /)`: refused.
    fn ga_subclasscheck(_slf, a = Sig::new("__subclasscheck__", &[pos("cls")])) {
        let _ = a;
        Err(err::type_error("issubclass() argument 2 cannot be a parameterized generic"))
    }
}

unsafe fn builtin(name: &str) -> PyResult<Owned> {
    // SAFETY: the builtins dict lives as long as the runtime.
    unsafe {
        let k = unicode::intern(name)?;
        dict::get(crate::system::builtins::dict(), k.as_ptr())?
            .map(|p| Owned::from_borrowed(p))
            .ok_or_else(|| err::raise(Exc::AttributeError, name))
    }
}

fastcall! {
    /// `__reduce__()`: `(GenericAlias, (origin, args))`, or for a starred
    /// alias `(next, (iter(unstarred),))`.
    fn ga_reduce(slf, a = Sig::new("__reduce__", &[])) {
        let _ = a;
        let g = ga(slf);
        if (*g).starred != 0 {
            let plain = new((*g).origin, (*g).args)?;
            let it = err::from_ptr(ga_iter(plain.as_ptr()))?;
            let next = builtin("next")?;
            let inner = tuple::new_from(&[it.as_ptr()])?;
            return tuple::new_from(&[next.as_ptr(), inner.as_ptr()]);
        }
        let inner = tuple::new_from(&[(*g).origin, (*g).args])?;
        tuple::new_from(&[(*slf).ob_type as *mut PyObject, inner.as_ptr()])
    }
}

fastcall! {
    /// `__dir__()`: the origin's names and the alias's own.
    fn ga_dir(slf, a = Sig::new("__dir__", &[])) {
        let _ = a;
        let d = crate::protocols::dir::dir((*ga(slf)).origin)?;
        for name in ATTR_EXCEPTIONS {
            let n = unicode::from_str(name)?;
            if !crate::protocols::sequence::contains(d.as_ptr(), n.as_ptr())? {
                list::append(d.as_ptr(), n.as_ptr())?;
            }
        }
        Ok(d)
    }
}

fastcall! {
    /// `cls.__class_getitem__(item, /)` of the builtin generic types:
    /// `GenericAlias(cls, item)`.
    fn class_getitem(cls, a = Sig::new("__class_getitem__", &[pos("item")])) {
        new(cls, a.req(0))
    }
}

/// The `__class_getitem__` entry of the builtin generic types' method
/// tables (`METH_O | METH_CLASS`, "See PEP 585").
pub const CLASS_GETITEM_DEF: PyMethodDef = {
    let mut d = def_class(c"__class_getitem__", class_getitem);
    d.ml_doc = c"See PEP 585".as_ptr();
    d
};

unsafe extern "C" fn get_parameters(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on an alias.
    unsafe {
        match parameters_of(op) {
            Ok(p) => new_ref(p),
            Err(_) => ptr::null_mut(),
        }
    }
}

unsafe extern "C" fn get_unpacked_tuple_args(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on an alias.
    unsafe {
        let g = ga(op);
        if (*g).starred != 0 && (*g).origin == lifecycle::tuple_type() as *mut PyObject {
            new_ref((*g).args)
        } else {
            new_ref(lifecycle::none())
        }
    }
}

static mut GA_METHODS: [PyMethodDef; 6] = [
    def(c"__mro_entries__", ga_mro_entries),
    def(c"__instancecheck__", ga_instancecheck),
    def(c"__subclasscheck__", ga_subclasscheck),
    def(c"__reduce__", ga_reduce),
    def(c"__dir__", ga_dir),
    typeobj::METHOD_END,
];

static mut GA_MEMBERS: [PyMemberDef; 4] = [
    readonly_object_member(c"__origin__", offset_of!(GaObject, origin)),
    readonly_object_member(c"__args__", offset_of!(GaObject, args)),
    PyMemberDef {
        name: c"__unpacked__".as_ptr(),
        type_code: member::t::BOOL,
        offset: offset_of!(GaObject, starred) as isize,
        flags: member::t::READONLY,
        doc: ptr::null(),
    },
    member::MEMBER_END,
];

static mut GA_GETSET: [PyGetSetDef; 3] = [
    {
        let mut g = typeobj::getset(c"__parameters__", Some(get_parameters));
        g.doc = c"Type variables in the GenericAlias.".as_ptr();
        g
    },
    typeobj::getset(
        c"__typing_unpacked_tuple_args__",
        Some(get_unpacked_tuple_args),
    ),
    typeobj::GETSET_END,
];

static mut GA_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: None,
    mp_subscript: Some(ga_getitem),
    mp_ass_subscript: None,
};

static mut GA_AS_NUMBER: PyNumberMethods = {
    // SAFETY: an all-zero table is a table of absent slots.
    let mut n: PyNumberMethods = unsafe { std::mem::zeroed() };
    n.nb_or = Some(ga_or);
    n
};

// ---- the iterator ----

unsafe extern "C" fn gi_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on an alias iterator.
    unsafe {
        let it = op as *mut GaIter;
        let obj = (*it).obj;
        if obj.is_null() {
            return ptr::null_mut();
        }
        let r = new_starred((*ga(obj)).origin, (*ga(obj)).args, true);
        if r.is_ok() {
            clear_slot(ptr::addr_of_mut!((*it).obj));
        }
        err::into_ptr(r)
    }
}

unsafe extern "C" fn gi_self(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot contract.
    unsafe { new_ref(op) }
}

unsafe extern "C" fn gi_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        clear_slot(ptr::addr_of_mut!((*(op as *mut GaIter)).obj));
        alloc::free_object(op);
    }
}

unsafe extern "C" fn gi_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on an alias iterator.
    unsafe {
        let o = (*(op as *mut GaIter)).obj;
        gc::visit_all([o].into_iter().filter(|p| !p.is_null()), visit, arg)
    }
}

unsafe extern "C" fn gi_clear(op: *mut PyObject) -> c_int {
    // SAFETY: slot on an alias iterator.
    unsafe {
        clear_slot(ptr::addr_of_mut!((*(op as *mut GaIter)).obj));
        0
    }
}

fastcall! {
    /// `__reduce__()` of the iterator: `(iter, (alias,))`, `(iter, ((),))`
    /// once exhausted.
    fn gi_reduce(slf, a = Sig::new("__reduce__", &[])) {
        let _ = a;
        let iter = builtin("iter")?;
        let obj = (*(slf as *mut GaIter)).obj;
        let inner = if obj.is_null() {
            let empty = tuple::new(0)?;
            tuple::new_from(&[empty.as_ptr()])?
        } else {
            tuple::new_from(&[obj])?
        };
        tuple::new_from(&[iter.as_ptr(), inner.as_ptr()])
    }
}

static mut GI_METHODS: [PyMethodDef; 2] = [def(c"__reduce__", gi_reduce), typeobj::METHOD_END];

/// Fills in `Py_GenericAliasType` and creates the iterator type. Start-up
/// only, before the types are readied.
pub(crate) unsafe fn init_type() {
    // SAFETY: start-up, exclusive access to the static types.
    unsafe {
        let t = genericalias_type();
        (*t).ob_base.ob_base = static_header(lifecycle::type_type());
        (*t).tp_name = c"types.GenericAlias".as_ptr();
        (*t).tp_doc = c"Represent a PEP 585 generic type\n\nE.g. for t = list[int], t.__origin__ is list and t.__args__ is (int,).".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<GaObject>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::HAVE_GC | flags::BASETYPE;
        (*t).tp_dealloc = Some(ga_dealloc);
        (*t).tp_repr = Some(ga_repr);
        (*t).tp_as_number = ptr::addr_of_mut!(GA_AS_NUMBER);
        (*t).tp_as_mapping = ptr::addr_of_mut!(GA_AS_MAPPING);
        (*t).tp_hash = Some(ga_hash);
        (*t).tp_call = Some(ga_call);
        (*t).tp_getattro = Some(ga_getattro);
        (*t).tp_traverse = Some(ga_traverse);
        (*t).tp_richcompare = Some(ga_richcompare);
        (*t).tp_weaklistoffset = offset_of!(GaObject, weakreflist) as isize;
        (*t).tp_methods = ptr::addr_of_mut!(GA_METHODS).cast();
        (*t).tp_members = ptr::addr_of_mut!(GA_MEMBERS).cast();
        (*t).tp_getset = ptr::addr_of_mut!(GA_GETSET).cast();
        (*t).tp_alloc = lifecycle::c_api_slots().alloc;
        (*t).tp_new = Some(ga_new);
        (*t).tp_free = lifecycle::c_api_slots().gc_del;
        (*t).tp_iter = Some(ga_iter);

        let it = lifecycle::leak_type();
        (*it).tp_name = c"generic_alias_iterator".as_ptr();
        (*it).tp_basicsize = std::mem::size_of::<GaIter>() as isize;
        (*it).tp_flags = flags::DEFAULT | flags::HAVE_GC;
        (*it).tp_dealloc = Some(gi_dealloc);
        (*it).tp_traverse = Some(gi_traverse);
        (*it).tp_clear = Some(gi_clear);
        (*it).tp_iter = Some(gi_self);
        (*it).tp_iternext = Some(gi_next);
        (*it).tp_getattro = lifecycle::c_api_slots().getattro;
        (*it).tp_methods = ptr::addr_of_mut!(GI_METHODS).cast();
        ITER_TYPE = it;
    }
}

/// Readies the two types. Start-up only.
pub(crate) unsafe fn ready_type() {
    // SAFETY: start-up.
    unsafe {
        if typeobj::ready_static(genericalias_type()).is_err()
            || typeobj::ready_static(ITER_TYPE).is_err()
        {
            lifecycle::fatal("Py_Initialize", "cannot ready types.GenericAlias");
        }
    }
}
