//! The builtin iterator types: `enumerate`, `zip` (with `strict=`), `map`,
//! `filter`, `reversed` (a type's `__reversed__`, else the sequence
//! protocol from the end) and `list_reverseiterator` (`list.__reversed__`),
//! with CPython 3.12's constructors, argument errors, `__reduce__`, and
//! `__length_hint__` where CPython has one (`reversed` and the list
//! iterator). Each can be subclassed, as in CPython; the instances take
//! part in the cycle collector.

use crate::objects::exceptions::{self, Exc};
use crate::objects::methodobject::meth;
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyMethodDef, PyTypeObject};
use crate::protocols::clinic::{arg, arg_opt, kw_opt, Sig};
use crate::runtime::err::{self, PyResult};
use crate::{
    objects::dict, objects::iterobject, objects::list, objects::long, objects::tuple,
    objects::unicode, protocols::abstract_, protocols::attr, protocols::call, protocols::number,
    protocols::sequence, runtime::gc, runtime::lifecycle,
};
use std::ffi::{c_int, c_void, CStr};
use std::ptr;

#[repr(C)]
struct Enumerate {
    ob_base: PyObject,
    /// The next index while it fits a `Py_ssize_t`.
    index: isize,
    /// The underlying iterator.
    it: *mut PyObject,
    /// The next index as an int once past `Py_ssize_t` (else NULL).
    long_index: *mut PyObject,
    /// The last result tuple, reused when nobody else holds it (NULL
    /// before the first).
    result: *mut PyObject,
}

#[repr(C)]
struct Zip {
    ob_base: PyObject,
    /// A tuple of iterators.
    iters: *mut PyObject,
    strict: bool,
    /// The last result tuple, reused when nobody else holds it (NULL
    /// before the first).
    result: *mut PyObject,
}

#[repr(C)]
struct Map {
    ob_base: PyObject,
    func: *mut PyObject,
    /// A tuple of iterators.
    iters: *mut PyObject,
}

#[repr(C)]
struct Filter {
    ob_base: PyObject,
    func: *mut PyObject,
    it: *mut PyObject,
}

/// `reversed` and `list_reverseiterator`: the next position, counting down,
/// and the sequence (NULL once exhausted).
#[repr(C)]
struct Reversed {
    ob_base: PyObject,
    index: isize,
    seq: *mut PyObject,
}

#[derive(Clone, Copy)]
enum Kind {
    Enumerate,
    Zip,
    Map,
    Filter,
    Reversed,
    ListReversed,
}
const KINDS: usize = 6;
static mut TYPES: [*mut PyTypeObject; KINDS] = [ptr::null_mut(); KINDS];

/// The type of kind `k`.
fn ty(k: Kind) -> *mut PyTypeObject {
    // SAFETY: written once at start-up.
    unsafe { (*ptr::addr_of!(TYPES))[k as usize] }
}

/// `enumerate`, `zip`, `map`, `filter`, `reversed` for the `builtins`
/// module, by name.
pub fn builtin_types() -> [(&'static str, *mut PyTypeObject); 5] {
    [
        ("enumerate", ty(Kind::Enumerate)),
        ("zip", ty(Kind::Zip)),
        ("map", ty(Kind::Map)),
        ("filter", ty(Kind::Filter)),
        ("reversed", ty(Kind::Reversed)),
    ]
}

const fn noargs(
    name: &'static CStr,
    f: unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject,
    doc: &'static CStr,
) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(f),
        ml_flags: meth::NOARGS,
        ml_doc: doc.as_ptr(),
    }
}

const REDUCE_DOC: &CStr = c"Return state information for pickling.";

static mut ENUM_METHODS: [PyMethodDef; 3] = [
    noargs(c"__reduce__", enum_reduce, REDUCE_DOC),
    crate::objects::genericaliasobject::CLASS_GETITEM_DEF,
    typeobj::METHOD_END,
];
static mut ZIP_METHODS: [PyMethodDef; 3] = [
    noargs(c"__reduce__", zip_reduce, REDUCE_DOC),
    PyMethodDef {
        ml_name: c"__setstate__".as_ptr(),
        ml_meth: Some(zip_setstate),
        ml_flags: meth::O,
        ml_doc: c"Set state information for unpickling.".as_ptr(),
    },
    typeobj::METHOD_END,
];
static mut MAP_METHODS: [PyMethodDef; 2] = [
    noargs(c"__reduce__", map_reduce, REDUCE_DOC),
    typeobj::METHOD_END,
];
static mut FILTER_METHODS: [PyMethodDef; 2] = [
    noargs(c"__reduce__", filter_reduce, REDUCE_DOC),
    typeobj::METHOD_END,
];
static mut REVERSED_METHODS: [PyMethodDef; 3] = [
    iterobject::length_hint_def(Some(reversed_length_hint)),
    noargs(c"__reduce__", reversed_reduce, REDUCE_DOC),
    typeobj::METHOD_END,
];
static mut LISTREV_METHODS: [PyMethodDef; 3] = [
    iterobject::length_hint_def(Some(listrev_length_hint)),
    noargs(c"__reduce__", listrev_reduce, REDUCE_DOC),
    typeobj::METHOD_END,
];

/// `list.__reversed__`.
pub(crate) const LIST_REVERSED_DEF: PyMethodDef = noargs(
    c"__reversed__",
    list_reversed,
    c"Return a reverse iterator over the list.",
);

/// Creates and readies the types. Start-up only, after the builtin types.
pub(crate) unsafe fn init_types() -> PyResult<()> {
    // SAFETY: start-up on one thread; the tables are static.
    unsafe {
        type New =
            unsafe extern "C" fn(*mut PyTypeObject, *mut PyObject, *mut PyObject) -> *mut PyObject;
        type Next = unsafe extern "C" fn(*mut PyObject) -> *mut PyObject;
        type Spec = (
            Kind,
            &'static CStr,
            usize,
            Option<New>,
            Next,
            *mut PyMethodDef,
            &'static CStr,
        );
        let specs: [Spec; KINDS] = [
            (
                Kind::Enumerate,
                c"enumerate",
                std::mem::size_of::<Enumerate>(),
                Some(enum_new),
                enum_next,
                ptr::addr_of_mut!(ENUM_METHODS).cast(),
                c"Return an enumerate object.\n\n  iterable\n    an object supporting iteration\n\nThe enumerate object yields pairs containing a count (from start, which\ndefaults to zero) and a value yielded by the iterable argument.\n\nenumerate is useful for obtaining an indexed list:\n    (0, seq[0]), (1, seq[1]), (2, seq[2]), ...",
            ),
            (
                Kind::Zip,
                c"zip",
                std::mem::size_of::<Zip>(),
                Some(zip_new),
                zip_next,
                ptr::addr_of_mut!(ZIP_METHODS).cast(),
                c"zip(*iterables, strict=False) --> Yield tuples until an input is exhausted.\n\n   >>> list(zip('abcdefg', range(3), range(4)))\n   [('a', 0, 0), ('b', 1, 1), ('c', 2, 2)]\n\nThe zip object yields n-length tuples, where n is the number of iterables\npassed as positional arguments to zip().  The i-th element in every tuple\ncomes from the i-th iterable argument to zip().  This continues until the\nshortest argument is exhausted.\n\nIf strict is true and one of the arguments is exhausted before the others,\nraise a ValueError.",
            ),
            (
                Kind::Map,
                c"map",
                std::mem::size_of::<Map>(),
                Some(map_new),
                map_next,
                ptr::addr_of_mut!(MAP_METHODS).cast(),
                c"map(func, *iterables) --> map object\n\nMake an iterator that computes the function using arguments from\neach of the iterables.  Stops when the shortest iterable is exhausted.",
            ),
            (
                Kind::Filter,
                c"filter",
                std::mem::size_of::<Filter>(),
                Some(filter_new),
                filter_next,
                ptr::addr_of_mut!(FILTER_METHODS).cast(),
                c"filter(function or None, iterable) --> filter object\n\nReturn an iterator yielding those items of iterable for which function(item)\nis true. If function is None, return the items that are true.",
            ),
            (
                Kind::Reversed,
                c"reversed",
                std::mem::size_of::<Reversed>(),
                Some(reversed_new),
                reversed_next,
                ptr::addr_of_mut!(REVERSED_METHODS).cast(),
                c"Return a reverse iterator over the values of the given sequence.",
            ),
            (
                Kind::ListReversed,
                c"list_reverseiterator",
                std::mem::size_of::<Reversed>(),
                None,
                listrev_next,
                ptr::addr_of_mut!(LISTREV_METHODS).cast(),
                c"",
            ),
        ];
        for (k, name, size, new, next, methods, doc) in specs {
            let t = lifecycle::leak_type();
            (*t).tp_name = name.as_ptr();
            (*t).tp_basicsize = size as isize;
            (*t).tp_flags = flags::DEFAULT | flags::HAVE_GC;
            if new.is_some() {
                (*t).tp_flags |= flags::BASETYPE;
                (*t).tp_doc = doc.as_ptr();
            } else {
                (*t).tp_flags |= flags::IMMUTABLETYPE;
            }
            (*t).tp_dealloc = Some(iter_dealloc);
            (*t).tp_traverse = Some(iter_traverse);
            (*t).tp_getattro = lifecycle::c_api_slots().getattro;
            (*t).tp_iter = Some(self_iter);
            (*t).tp_iternext = Some(next);
            (*t).tp_methods = methods;
            (*t).tp_new = new;
            (*t).tp_alloc = lifecycle::c_api_slots().alloc;
            (*t).tp_free = lifecycle::c_api_slots().gc_del;
            typeobj::ready_static(t)?;
            (*ptr::addr_of_mut!(TYPES))[k as usize] = t;
        }
        (*ty(Kind::Enumerate)).tp_vectorcall = Some(enum_vectorcall);
        Ok(())
    }
}

unsafe extern "C" fn self_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live object.
    unsafe { new_ref(op) }
}

/// The object fields of an instance of one of these types.
///
/// # Safety
/// `op` an instance of one of the types (or a subclass).
unsafe fn fields(op: *mut PyObject) -> [*mut *mut PyObject; 3] {
    // SAFETY: forwarded; the base type decides the layout.
    unsafe {
        let mut t = (*op).ob_type;
        while (*t).tp_flags & flags::HEAPTYPE != 0 && !(*t).tp_base.is_null() {
            t = (*t).tp_base;
        }
        let k = (0..KINDS).find(|&i| (*ptr::addr_of!(TYPES))[i] == t);
        match k {
            Some(0) => {
                let e = op as *mut Enumerate;
                [
                    ptr::addr_of_mut!((*e).it),
                    ptr::addr_of_mut!((*e).long_index),
                    ptr::addr_of_mut!((*e).result),
                ]
            }
            Some(1) => {
                let z = op as *mut Zip;
                [
                    ptr::addr_of_mut!((*z).iters),
                    ptr::addr_of_mut!((*z).result),
                    ptr::null_mut(),
                ]
            }
            Some(2) => {
                let m = op as *mut Map;
                [
                    ptr::addr_of_mut!((*m).func),
                    ptr::addr_of_mut!((*m).iters),
                    ptr::null_mut(),
                ]
            }
            Some(3) => {
                let f = op as *mut Filter;
                [
                    ptr::addr_of_mut!((*f).func),
                    ptr::addr_of_mut!((*f).it),
                    ptr::null_mut(),
                ]
            }
            Some(_) => {
                let r = op as *mut Reversed;
                [
                    ptr::addr_of_mut!((*r).seq),
                    ptr::null_mut(),
                    ptr::null_mut(),
                ]
            }
            None => [ptr::null_mut(), ptr::null_mut(), ptr::null_mut()],
        }
    }
}

unsafe extern "C" fn iter_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; the fields hold references or NULL.
    unsafe {
        gc::untrack(op);
        for f in fields(op) {
            if !f.is_null() {
                clear_slot(f);
            }
        }
        match (*(*op).ob_type).tp_free {
            Some(free) => free(op as *mut c_void),
            None => crate::runtime::alloc::free_object(op),
        }
    }
}

unsafe extern "C" fn iter_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a live instance.
    unsafe {
        let [a, b, c] = fields(op);
        let get = |p: *mut *mut PyObject| if p.is_null() { ptr::null_mut() } else { *p };
        gc::visit_all([get(a), get(b), get(c)], visit, arg)
    }
}

/// Sets `*slot` to NULL and drops what it held.
///
/// # Safety
/// `slot` points at NULL or an owned reference.
unsafe fn clear_slot(slot: *mut *mut PyObject) {
    // SAFETY: forwarded.
    unsafe {
        let old = *slot;
        *slot = ptr::null_mut();
        if !old.is_null() {
            decref(old);
        }
    }
}

/// `type->tp_alloc(type, 0)`.
///
/// # Safety
/// `t` one of the types or a subclass.
unsafe fn alloc(t: *mut PyTypeObject) -> PyResult<Owned> {
    // SAFETY: forwarded; every type here has `tp_alloc` (inherited by
    // subclasses).
    unsafe {
        match (*t).tp_alloc.or(lifecycle::c_api_slots().alloc) {
            Some(f) => err::from_ptr(f(t, 0)),
            None => Err(err::system_error("type has no tp_alloc")),
        }
    }
}

/// `_PyArg_NoKeywords(name, kwargs)` for an exact type, or a subclass that
/// keeps the base `__init__`, as CPython's constructors check.
///
/// # Safety
/// `t` a live type, `kwargs` NULL or a live dict.
unsafe fn no_keywords(
    t: *mut PyTypeObject,
    base: Kind,
    name: &str,
    kwargs: *mut PyObject,
) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let b = ty(base);
        let init = |t: *mut PyTypeObject| (*t).tp_init.map(|f| f as usize);
        if (t == b || init(t) == init(b)) && !kwargs.is_null() && dict::len(kwargs) != 0 {
            return Err(err::type_error(&format!(
                "{name}() takes no keyword arguments"
            )));
        }
        Ok(())
    }
}

/// `_PyArg_CheckPositional(name, n, min, max)`.
fn check_positional(name: &str, n: isize, min: isize, max: isize) -> PyResult<()> {
    if n < min || n > max {
        let (what, k) = if n < min {
            ("at least ", min)
        } else {
            ("at most ", max)
        };
        return Err(err::type_error(&format!(
            "{name} expected {}{k} argument{}, got {n}",
            if min == max { "" } else { what },
            if k == 1 { "" } else { "s" }
        )));
    }
    Ok(())
}

/// Calls `it`'s `tp_iternext` (NULL with or without an exception at the
/// end, as the slot gives it).
///
/// # Safety
/// `it` a live iterator.
unsafe fn iternext(it: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded; iterators from `get_iter` have the slot.
    unsafe {
        match (*(*it).ob_type).tp_iternext {
            Some(f) => f(it),
            None => ptr::null_mut(),
        }
    }
}

/// A tuple of iterators over `objs`.
///
/// # Safety
/// Every object live.
unsafe fn iterators(objs: &[*mut PyObject]) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let mut v = Vec::with_capacity(objs.len());
        for &o in objs {
            v.push(iterobject::get_iter(o)?);
        }
        tuple::from_owned(v)
    }
}

/// The items of a tuple, borrowed.
///
/// # Safety
/// `t` a live tuple that outlives the use.
unsafe fn tuple_items<'a>(t: *mut PyObject) -> &'a [*mut PyObject] {
    // SAFETY: forwarded.
    unsafe { call::slice(tuple::items(t), tuple::size(t) as usize) }
}

/// A tuple `(type(op), ...)`.
///
/// # Safety
/// `op` and each item live.
unsafe fn with_type(op: *mut PyObject, rest: &[*mut PyObject]) -> PyResult<Owned> {
    // SAFETY: `op` is live.
    let mut v = vec![(unsafe { (*op).ob_type }) as *mut PyObject];
    v.extend_from_slice(rest);
    tuple::new_from(&v)
}

// ---- enumerate ---------------------------------------------------------

/// `enum_new_impl`: `start` through `__index__`, then the iterator.
///
/// # Safety
/// `t` the type or a subclass; the objects live.
unsafe fn enum_make(
    t: *mut PyTypeObject,
    iterable: *mut PyObject,
    start: Option<*mut PyObject>,
) -> PyResult<Owned> {
    // SAFETY: forwarded; the fresh object's fields are written once.
    unsafe {
        let op = alloc(t)?;
        let e = op.as_ptr() as *mut Enumerate;
        if let Some(s) = start {
            let s = number::index(s)?;
            match long::val(s.as_ptr()) {
                long::Val::Small(v) if isize::try_from(v).is_ok() => (*e).index = v as isize,
                _ => {
                    (*e).index = isize::MAX;
                    (*e).long_index = s.into_raw();
                }
            }
        }
        (*e).it = iterobject::get_iter(iterable)?.into_raw();
        Ok(op)
    }
}

static ENUM_SIG: Sig = Sig::new("enumerate", &[arg("iterable"), arg_opt("start")]);

unsafe extern "C" fn enum_new(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract.
    unsafe {
        err::into_ptr(
            ENUM_SIG
                .bind_call::<2>(args, kwargs)
                .and_then(|a| enum_make(t, a.req(0), a.get(1))),
        )
    }
}

/// `enumerate`'s vectorcall (exact type only), with its own messages.
unsafe extern "C" fn enum_vectorcall(
    t: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: vectorcall contract.
    unsafe {
        let nargs = ophis_vectorcall::nargs(nargsf) as isize;
        let nkw = if kwnames.is_null() {
            0
        } else {
            tuple::size(kwnames)
        };
        let is = |i: isize, name: &str| -> PyResult<()> {
            let k = tuple::item(kwnames, i);
            if unicode::check(k) && unicode::as_bytes(k) == name.as_bytes() {
                Ok(())
            } else {
                let r = abstract_::str(k)?;
                Err(err::type_error(&format!(
                    "'{}' is an invalid keyword argument for enumerate()",
                    unicode::as_str(r.as_ptr())
                )))
            }
        };
        let t = t as *mut PyTypeObject;
        let r = (|| {
            let a = |i: isize| *args.offset(i);
            if nargs + nkw == 2 {
                if nkw == 1 {
                    is(0, "start")?;
                } else if nkw == 2 {
                    let k0 = tuple::item(kwnames, 0);
                    if unicode::check(k0) && unicode::as_bytes(k0) == b"start" {
                        is(1, "iterable")?;
                        return enum_make(t, a(1), Some(a(0)));
                    }
                    is(0, "iterable")?;
                    is(1, "start")?;
                }
                return enum_make(t, a(0), Some(a(1)));
            }
            if nargs + nkw == 1 {
                if nkw == 1 {
                    is(0, "iterable")?;
                }
                return enum_make(t, a(0), None);
            }
            if nargs == 0 {
                return Err(err::type_error(
                    "enumerate() missing required argument 'iterable'",
                ));
            }
            Err(err::type_error(&format!(
                "enumerate() takes at most 2 arguments ({} given)",
                nargs + nkw
            )))
        })();
        err::into_ptr(r)
    }
}

unsafe extern "C" fn enum_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live enumerate; the item is owned here.
    unsafe {
        let e = op as *mut Enumerate;
        let item = iternext((*e).it);
        if item.is_null() {
            return item;
        }
        let item = Owned::from_raw(item);
        let r = (|| {
            let index = if (*e).index == isize::MAX {
                if (*e).long_index.is_null() {
                    (*e).long_index = long::from_i64(isize::MAX as i64)?.into_raw();
                }
                let cur = Owned::from_borrowed((*e).long_index);
                let one = long::from_i64(1)?;
                let next = number::binary(cur.as_ptr(), one.as_ptr(), number::BinOp::Add)?;
                let old = std::mem::replace(&mut (*e).long_index, next.into_raw());
                decref(old);
                cur
            } else {
                let i = long::from_i64((*e).index as i64)?;
                (*e).index += 1;
                i
            };
            let out = result_tuple(ptr::addr_of_mut!((*e).result), 2)?;
            put_item(out.as_ptr(), 0, index.into_raw());
            put_item(out.as_ptr(), 1, item.into_raw());
            keep_result(ptr::addr_of_mut!((*e).result), out.as_ptr());
            Ok(out)
        })();
        err::into_ptr(r)
    }
}

unsafe extern "C" fn enum_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a live enumerate.
    unsafe {
        let e = op as *mut Enumerate;
        let r = (|| {
            let index = if (*e).long_index.is_null() {
                long::from_i64((*e).index as i64)?
            } else {
                Owned::from_borrowed((*e).long_index)
            };
            let it = if (*e).it.is_null() {
                lifecycle::none()
            } else {
                (*e).it
            };
            let args = tuple::new_from(&[it, index.as_ptr()])?;
            with_type(op, &[args.as_ptr()])
        })();
        err::into_ptr(r)
    }
}

// ---- zip ---------------------------------------------------------------

static ZIP_SIG: Sig = Sig::new("zip", &[kw_opt("strict")]);

unsafe extern "C" fn zip_new(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract.
    unsafe {
        let r = (|| {
            let mut strict = false;
            if !kwargs.is_null() {
                let empty = tuple::new_from(&[])?;
                let a = ZIP_SIG.bind_call::<1>(empty.as_ptr(), kwargs)?;
                strict = a.truth(0, false)?;
            }
            let iters = iterators(tuple_items(args))?;
            let op = alloc(t)?;
            let z = op.as_ptr() as *mut Zip;
            (*z).iters = iters.into_raw();
            (*z).strict = strict;
            Ok(op)
        })();
        err::into_ptr(r)
    }
}

/// After an iterator's NULL: `Ok` when it simply ended (a `StopIteration`
/// is cleared), `Err` for any other exception.
fn ended() -> PyResult<()> {
    let occ = err::occurred();
    if occ.is_null() {
        return Ok(());
    }
    // SAFETY: `occ` is the live pending exception's type.
    if unsafe { err::given_matches(occ, exceptions::get(Exc::StopIteration)) } {
        err::clear();
        return Ok(());
    }
    Err(err::Raised::assume())
}

/// The tuple of `n` items a `zip`/`enumerate` step fills: the previous
/// result when the iterator holds the only reference to it (CPython's
/// reuse: a loop that unpacks each result allocates nothing), else a new
/// tuple (see [`keep_result`]).
///
/// # Safety
/// `slot` the iterator's result field (NULL or an owned tuple of `n`).
unsafe fn result_tuple(slot: *mut *mut PyObject, n: usize) -> PyResult<Owned> {
    // SAFETY: forwarded; a reused tuple is tracked again (the collector
    // may have untracked it).
    unsafe {
        let r = *slot;
        if !r.is_null() && (*r).ob_refcnt == 1 && tuple::size(r) as usize == n {
            if !gc::is_tracked(r) {
                gc::track(r);
            }
            return Ok(Owned::from_borrowed(r));
        }
        tuple::new(n as isize)
    }
}

/// Keeps the filled result `t` as the next candidate for reuse when the
/// iterator has none yet.
///
/// # Safety
/// As [`result_tuple`]; `t` fully filled.
unsafe fn keep_result(slot: *mut *mut PyObject, t: *mut PyObject) {
    // SAFETY: forwarded.
    unsafe {
        if (*slot).is_null() && tuple::size(t) > 0 {
            *slot = new_ref(t);
        }
    }
}

/// Stores the owned `x` as item `i` of the result tuple `t`, releasing
/// what a reused tuple held there.
///
/// # Safety
/// `t` a tuple from [`result_tuple`] with more than `i` items.
#[inline]
unsafe fn put_item(t: *mut PyObject, i: usize, x: *mut PyObject) {
    // SAFETY: caller's contract.
    unsafe {
        let s = tuple::items(t).add(i);
        let old = std::mem::replace(&mut *s, x);
        xdecref(old);
    }
}

unsafe extern "C" fn zip_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live zip; the iterator tuple is held meanwhile.
    unsafe {
        let z = op as *mut Zip;
        let iters = Owned::from_borrowed((*z).iters);
        let its = tuple_items(iters.as_ptr());
        if its.is_empty() {
            return ptr::null_mut();
        }
        let out = match result_tuple(ptr::addr_of_mut!((*z).result), its.len()) {
            Ok(t) => t,
            Err(e) => return e.into(),
        };
        for (i, &it) in its.iter().enumerate() {
            let x = iternext(it);
            if x.is_null() {
                drop(out);
                if !(*z).strict {
                    return ptr::null_mut();
                }
                return match zip_check(its, i) {
                    Ok(()) => ptr::null_mut(),
                    Err(e) => e.into(),
                };
            }
            put_item(out.as_ptr(), i, x);
        }
        keep_result(ptr::addr_of_mut!((*z).result), out.as_ptr());
        out.into_raw()
    }
}

/// `strict=True`'s check once iterator `i` ended: `Ok` when every
/// iterator ended together, else `Err` (a `ValueError` naming the
/// arguments, or what an iterator raised).
///
/// # Safety
/// The iterators live.
unsafe fn zip_check(its: &[*mut PyObject], i: usize) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        ended()?;
        let plural = |i: usize| if i == 1 { " " } else { "s 1-" };
        if i > 0 {
            return Err(err::value_error(&format!(
                "zip() argument {} is shorter than argument{}{i}",
                i + 1,
                plural(i)
            )));
        }
        for (j, &it) in its.iter().enumerate().skip(1) {
            let x = iternext(it);
            if !x.is_null() {
                decref(x);
                return Err(err::value_error(&format!(
                    "zip() argument {} is longer than argument{}{j}",
                    j + 1,
                    plural(j)
                )));
            }
            ended()?;
        }
        Ok(())
    }
}

unsafe extern "C" fn zip_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a live zip.
    unsafe {
        let z = op as *mut Zip;
        err::into_ptr(if (*z).strict {
            with_type(op, &[(*z).iters, lifecycle::true_()])
        } else {
            with_type(op, &[(*z).iters])
        })
    }
}

unsafe extern "C" fn zip_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a live zip.
    unsafe {
        match abstract_::is_true(state) {
            Ok(b) => {
                (*(op as *mut Zip)).strict = b;
                new_ref(lifecycle::none())
            }
            Err(e) => e.into(),
        }
    }
}

// ---- map ---------------------------------------------------------------

unsafe extern "C" fn map_new(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract.
    unsafe {
        let r = (|| {
            no_keywords(t, Kind::Map, "map", kwargs)?;
            let a = tuple_items(args);
            if a.len() < 2 {
                return Err(err::type_error("map() must have at least two arguments."));
            }
            let iters = iterators(&a[1..])?;
            let op = alloc(t)?;
            let m = op.as_ptr() as *mut Map;
            (*m).iters = iters.into_raw();
            (*m).func = new_ref(a[0]);
            Ok(op)
        })();
        err::into_ptr(r)
    }
}

unsafe extern "C" fn map_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live map; the function and iterators are held.
    unsafe {
        let m = op as *mut Map;
        let iters = Owned::from_borrowed((*m).iters);
        let func = Owned::from_borrowed((*m).func);
        let mut vals = Vec::with_capacity(tuple::size(iters.as_ptr()) as usize);
        for &it in tuple_items(iters.as_ptr()) {
            let x = iternext(it);
            if x.is_null() {
                return x;
            }
            vals.push(Owned::from_raw(x));
        }
        let raw: Vec<*mut PyObject> = vals.iter().map(|v| v.as_ptr()).collect();
        err::into_ptr(call::call_args(func.as_ptr(), &raw))
    }
}

unsafe extern "C" fn map_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a live map.
    unsafe {
        let m = op as *mut Map;
        let mut v = vec![(*m).func];
        v.extend_from_slice(tuple_items((*m).iters));
        let r = tuple::new_from(&v).and_then(|args| with_type(op, &[args.as_ptr()]));
        err::into_ptr(r)
    }
}

// ---- filter ------------------------------------------------------------

unsafe extern "C" fn filter_new(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract.
    unsafe {
        let r = (|| {
            no_keywords(t, Kind::Filter, "filter", kwargs)?;
            let a = tuple_items(args);
            check_positional("filter", a.len() as isize, 2, 2)?;
            let it = iterobject::get_iter(a[1])?;
            let op = alloc(t)?;
            let f = op.as_ptr() as *mut Filter;
            (*f).func = new_ref(a[0]);
            (*f).it = it.into_raw();
            Ok(op)
        })();
        err::into_ptr(r)
    }
}

unsafe extern "C" fn filter_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live filter; the function and iterator are held.
    unsafe {
        let f = op as *mut Filter;
        let it = Owned::from_borrowed((*f).it);
        let func = Owned::from_borrowed((*f).func);
        let truth = func.as_ptr() == lifecycle::none()
            || func.as_ptr() == lifecycle::bool_type() as *mut PyObject;
        loop {
            let x = iternext(it.as_ptr());
            if x.is_null() {
                return x;
            }
            let x = Owned::from_raw(x);
            let ok = if truth {
                abstract_::is_true(x.as_ptr())
            } else {
                call::call_args(func.as_ptr(), &[x.as_ptr()])
                    .and_then(|g| abstract_::is_true(g.as_ptr()))
            };
            match ok {
                Ok(true) => return x.into_raw(),
                Ok(false) => {}
                Err(e) => return e.into(),
            }
        }
    }
}

unsafe extern "C" fn filter_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a live filter.
    unsafe {
        let f = op as *mut Filter;
        let r =
            tuple::new_from(&[(*f).func, (*f).it]).and_then(|args| with_type(op, &[args.as_ptr()]));
        err::into_ptr(r)
    }
}

// ---- reversed ----------------------------------------------------------

unsafe extern "C" fn reversed_new(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract.
    unsafe {
        let r = (|| {
            no_keywords(t, Kind::Reversed, "reversed", kwargs)?;
            let a = tuple_items(args);
            check_positional("reversed", a.len() as isize, 1, 1)?;
            let seq = a[0];
            let not_reversible = || {
                err::type_error(&format!(
                    "'{}' object is not reversible",
                    typeobj::full_name((*seq).ob_type)
                ))
            };
            let name = unicode::intern("__reversed__")?;
            let (m, unbound) = attr::get_method_from_type(seq, name.as_ptr())?;
            if let Some(m) = m {
                if m.as_ptr() == lifecycle::none() {
                    return Err(not_reversible());
                }
                return if unbound {
                    call::call_args(m.as_ptr(), &[seq])
                } else {
                    call::call_args(m.as_ptr(), &[])
                };
            }
            if !iterobject::sequence_check(seq) {
                return Err(not_reversible());
            }
            let n = sequence::size(seq)?;
            let op = alloc(t)?;
            let r = op.as_ptr() as *mut Reversed;
            (*r).index = n - 1;
            (*r).seq = new_ref(seq);
            Ok(op)
        })();
        err::into_ptr(r)
    }
}

unsafe extern "C" fn reversed_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live reversed; the sequence is held meanwhile.
    unsafe {
        let r = op as *mut Reversed;
        if (*r).index >= 0 && !(*r).seq.is_null() {
            let seq = Owned::from_borrowed((*r).seq);
            match sequence::get_item(seq.as_ptr(), (*r).index) {
                Ok(x) => {
                    (*r).index -= 1;
                    return x.into_raw();
                }
                Err(_) => {
                    let occ = err::occurred();
                    if err::given_matches(occ, exceptions::get(Exc::IndexError))
                        || err::given_matches(occ, exceptions::get(Exc::StopIteration))
                    {
                        err::clear();
                    }
                }
            }
        }
        (*r).index = -1;
        clear_slot(ptr::addr_of_mut!((*r).seq));
        ptr::null_mut()
    }
}

unsafe extern "C" fn reversed_length_hint(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a live reversed.
    unsafe {
        let r = op as *mut Reversed;
        if (*r).seq.is_null() {
            return err::into_ptr(long::from_i64(0));
        }
        let res = sequence::size((*r).seq).and_then(|n| {
            let pos = (*r).index + 1;
            long::from_i64(if n < pos { 0 } else { pos as i64 })
        });
        err::into_ptr(res)
    }
}

unsafe extern "C" fn reversed_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a live reversed.
    unsafe {
        let r = op as *mut Reversed;
        let res = (|| {
            if (*r).seq.is_null() {
                let empty = tuple::new_from(&[])?;
                let args = tuple::new_from(&[empty.as_ptr()])?;
                return with_type(op, &[args.as_ptr()]);
            }
            let args = tuple::new_from(&[(*r).seq])?;
            let index = long::from_i64((*r).index as i64)?;
            with_type(op, &[args.as_ptr(), index.as_ptr()])
        })();
        err::into_ptr(res)
    }
}

// ---- list_reverseiterator ----------------------------------------------

unsafe extern "C" fn list_reversed(l: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a live list; the fresh iterator's fields are
    // written once.
    unsafe {
        let r = (|| {
            let op = alloc(ty(Kind::ListReversed))?;
            let r = op.as_ptr() as *mut Reversed;
            (*r).index = list::size(l) - 1;
            (*r).seq = new_ref(l);
            Ok(op)
        })();
        err::into_ptr(r)
    }
}

unsafe extern "C" fn listrev_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live list iterator.
    unsafe {
        let r = op as *mut Reversed;
        let seq = (*r).seq;
        if seq.is_null() {
            return ptr::null_mut();
        }
        let i = (*r).index;
        if i >= 0 && i < list::size(seq) {
            (*r).index -= 1;
            return new_ref(list::item(seq, i));
        }
        (*r).index = -1;
        clear_slot(ptr::addr_of_mut!((*r).seq));
        ptr::null_mut()
    }
}

unsafe extern "C" fn listrev_length_hint(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a live list iterator.
    unsafe {
        let r = op as *mut Reversed;
        let mut n = (*r).index + 1;
        if (*r).seq.is_null() || list::size((*r).seq) < n {
            n = 0;
        }
        err::into_ptr(long::from_i64(n as i64))
    }
}

unsafe extern "C" fn listrev_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a live list iterator.
    unsafe {
        let r = op as *mut Reversed;
        let res = (|| {
            let b = crate::system::builtins::dict();
            if (*r).seq.is_null() {
                let iter = builtin(b, "iter")?;
                let empty = list::from_owned(Vec::new())?;
                let args = tuple::new_from(&[empty.as_ptr()])?;
                return tuple::new_from(&[iter, args.as_ptr()]);
            }
            let rev = builtin(b, "reversed")?;
            let args = tuple::new_from(&[(*r).seq])?;
            let index = long::from_i64((*r).index as i64)?;
            tuple::new_from(&[rev, args.as_ptr(), index.as_ptr()])
        })();
        err::into_ptr(res)
    }
}

/// `builtins.<name>` (borrowed), as `_PyEval_GetBuiltin` finds it.
///
/// # Safety
/// `b` the live builtins dict.
unsafe fn builtin(b: *mut PyObject, name: &str) -> PyResult<*mut PyObject> {
    // SAFETY: forwarded.
    unsafe {
        let k = unicode::intern(name)?;
        dict::get(b, k.as_ptr())?.ok_or_else(|| err::raise(Exc::AttributeError, name))
    }
}
