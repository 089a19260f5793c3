//! `PyTypeObject` with CPython 3.12's exact layout, the slot tables, the
//! `Py_TPFLAGS_*` values, and the type machinery every object relies on:
//! readying static types (MRO, slot inheritance, `tp_dict`), subtype checks,
//! type names, and the `type` type's own slots.
//!
//! Ophis keeps its private per-type state out of the 416-byte struct that C
//! code sees: `tp_subclasses`, which CPython also reserves for its internals,
//! points to a [`TypeExtra`].

use crate::objects::object::*;
use crate::{objects::dict, objects::tuple, objects::unicode, runtime::err, runtime::lifecycle};
use std::ffi::{c_char, c_int, c_uint, c_ulong, c_void, CStr};
use std::ptr;

/// `destructor`.
pub type destructor = Option<unsafe extern "C" fn(*mut PyObject)>;
/// `getattrfunc`.
pub type getattrfunc = Option<unsafe extern "C" fn(*mut PyObject, *mut c_char) -> *mut PyObject>;
/// `setattrfunc`.
pub type setattrfunc =
    Option<unsafe extern "C" fn(*mut PyObject, *mut c_char, *mut PyObject) -> c_int>;
/// `getattrofunc`.
pub type getattrofunc = Option<unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject>;
/// `setattrofunc`.
pub type setattrofunc =
    Option<unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> c_int>;
/// `reprfunc`.
pub type reprfunc = Option<unsafe extern "C" fn(*mut PyObject) -> *mut PyObject>;
/// `hashfunc`.
pub type hashfunc = Option<unsafe extern "C" fn(*mut PyObject) -> Py_hash_t>;
/// `ternaryfunc`.
pub type ternaryfunc =
    Option<unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject>;
/// `binaryfunc`.
pub type binaryfunc = Option<unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject>;
/// `unaryfunc`.
pub type unaryfunc = Option<unsafe extern "C" fn(*mut PyObject) -> *mut PyObject>;
/// `inquiry`.
pub type inquiry = Option<unsafe extern "C" fn(*mut PyObject) -> c_int>;
/// `lenfunc`.
pub type lenfunc = Option<unsafe extern "C" fn(*mut PyObject) -> Py_ssize_t>;
/// `ssizeargfunc`.
pub type ssizeargfunc = Option<unsafe extern "C" fn(*mut PyObject, Py_ssize_t) -> *mut PyObject>;
/// `ssizeobjargproc`.
pub type ssizeobjargproc =
    Option<unsafe extern "C" fn(*mut PyObject, Py_ssize_t, *mut PyObject) -> c_int>;
/// `objobjargproc`.
pub type objobjargproc =
    Option<unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> c_int>;
/// `objobjproc`.
pub type objobjproc = Option<unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> c_int>;
/// `visitproc`.
pub type visitproc = Option<unsafe extern "C" fn(*mut PyObject, *mut c_void) -> c_int>;
/// `traverseproc`.
pub type traverseproc =
    Option<unsafe extern "C" fn(*mut PyObject, visitproc, *mut c_void) -> c_int>;
/// `richcmpfunc`.
pub type richcmpfunc =
    Option<unsafe extern "C" fn(*mut PyObject, *mut PyObject, c_int) -> *mut PyObject>;
/// `getiterfunc`.
pub type getiterfunc = Option<unsafe extern "C" fn(*mut PyObject) -> *mut PyObject>;
/// `iternextfunc`.
pub type iternextfunc = Option<unsafe extern "C" fn(*mut PyObject) -> *mut PyObject>;
/// `descrgetfunc`.
pub type descrgetfunc =
    Option<unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject>;
/// `descrsetfunc`.
pub type descrsetfunc =
    Option<unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> c_int>;
/// `initproc`.
pub type initproc =
    Option<unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> c_int>;
/// `allocfunc`.
pub type allocfunc = Option<unsafe extern "C" fn(*mut PyTypeObject, Py_ssize_t) -> *mut PyObject>;
/// `newfunc`.
pub type newfunc =
    Option<unsafe extern "C" fn(*mut PyTypeObject, *mut PyObject, *mut PyObject) -> *mut PyObject>;
/// `freefunc`.
pub type freefunc = Option<unsafe extern "C" fn(*mut c_void)>;
/// `vectorcallfunc`.
pub type vectorcallfunc = Option<
    unsafe extern "C" fn(
        *mut PyObject,
        *const *mut PyObject,
        usize,
        *mut PyObject,
    ) -> *mut PyObject,
>;
/// `getter`.
pub type getter = Option<unsafe extern "C" fn(*mut PyObject, *mut c_void) -> *mut PyObject>;
/// `setter`.
pub type setter = Option<unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut c_void) -> c_int>;
/// `PyCFunction`.
pub type PyCFunction = Option<unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject>;
/// A slot Ophis does not use yet; kept pointer-sized for the layout.
pub type OpaqueSlot = Option<unsafe extern "C" fn()>;

/// `PyNumberMethods`.
#[repr(C)]
#[allow(missing_docs)]
pub struct PyNumberMethods {
    pub nb_add: binaryfunc,
    pub nb_subtract: binaryfunc,
    pub nb_multiply: binaryfunc,
    pub nb_remainder: binaryfunc,
    pub nb_divmod: binaryfunc,
    pub nb_power: ternaryfunc,
    pub nb_negative: unaryfunc,
    pub nb_positive: unaryfunc,
    pub nb_absolute: unaryfunc,
    pub nb_bool: inquiry,
    pub nb_invert: unaryfunc,
    pub nb_lshift: binaryfunc,
    pub nb_rshift: binaryfunc,
    pub nb_and: binaryfunc,
    pub nb_xor: binaryfunc,
    pub nb_or: binaryfunc,
    pub nb_int: unaryfunc,
    pub nb_reserved: *mut c_void,
    pub nb_float: unaryfunc,
    pub nb_inplace_add: binaryfunc,
    pub nb_inplace_subtract: binaryfunc,
    pub nb_inplace_multiply: binaryfunc,
    pub nb_inplace_remainder: binaryfunc,
    pub nb_inplace_power: ternaryfunc,
    pub nb_inplace_lshift: binaryfunc,
    pub nb_inplace_rshift: binaryfunc,
    pub nb_inplace_and: binaryfunc,
    pub nb_inplace_xor: binaryfunc,
    pub nb_inplace_or: binaryfunc,
    pub nb_floor_divide: binaryfunc,
    pub nb_true_divide: binaryfunc,
    pub nb_inplace_floor_divide: binaryfunc,
    pub nb_inplace_true_divide: binaryfunc,
    pub nb_index: unaryfunc,
    pub nb_matrix_multiply: binaryfunc,
    pub nb_inplace_matrix_multiply: binaryfunc,
}
const _: () = assert!(std::mem::size_of::<PyNumberMethods>() == 36 * 8);

/// `PySequenceMethods`.
#[repr(C)]
#[allow(missing_docs)]
pub struct PySequenceMethods {
    pub sq_length: lenfunc,
    pub sq_concat: binaryfunc,
    pub sq_repeat: ssizeargfunc,
    pub sq_item: ssizeargfunc,
    pub was_sq_slice: *mut c_void,
    pub sq_ass_item: ssizeobjargproc,
    pub was_sq_ass_slice: *mut c_void,
    pub sq_contains: objobjproc,
    pub sq_inplace_concat: binaryfunc,
    pub sq_inplace_repeat: ssizeargfunc,
}
const _: () = assert!(std::mem::size_of::<PySequenceMethods>() == 10 * 8);

/// `PyMappingMethods`.
#[repr(C)]
#[allow(missing_docs)]
pub struct PyMappingMethods {
    pub mp_length: lenfunc,
    pub mp_subscript: binaryfunc,
    pub mp_ass_subscript: objobjargproc,
}

/// `PyAsyncMethods`.
#[repr(C)]
#[allow(missing_docs)]
pub struct PyAsyncMethods {
    pub am_await: unaryfunc,
    pub am_aiter: unaryfunc,
    pub am_anext: unaryfunc,
    pub am_send: OpaqueSlot,
}

/// `PyBufferProcs`.
#[repr(C)]
#[allow(missing_docs)]
pub struct PyBufferProcs {
    pub bf_getbuffer: Option<crate::protocols::buffer::getbufferproc>,
    pub bf_releasebuffer: Option<crate::protocols::buffer::releasebufferproc>,
}

/// `PyMethodDef`.
#[repr(C)]
#[allow(missing_docs)]
pub struct PyMethodDef {
    pub ml_name: *const c_char,
    pub ml_meth: PyCFunction,
    pub ml_flags: c_int,
    pub ml_doc: *const c_char,
}

/// The zero entry that ends a `PyMethodDef` table.
pub const METHOD_END: PyMethodDef = PyMethodDef {
    ml_name: ptr::null(),
    ml_meth: None,
    ml_flags: 0,
    ml_doc: ptr::null(),
};

/// `PyMemberDef`.
#[repr(C)]
#[allow(missing_docs)]
pub struct PyMemberDef {
    pub name: *const c_char,
    pub type_code: c_int,
    pub offset: Py_ssize_t,
    pub flags: c_int,
    pub doc: *const c_char,
}

/// `PyGetSetDef`.
#[repr(C)]
#[allow(missing_docs)]
pub struct PyGetSetDef {
    pub name: *const c_char,
    pub get: getter,
    pub set: setter,
    pub doc: *const c_char,
    pub closure: *mut c_void,
}

/// `PyTypeObject`, field for field as in CPython 3.12.
#[repr(C)]
#[allow(missing_docs)]
pub struct PyTypeObject {
    pub ob_base: PyVarObject,
    pub tp_name: *const c_char,
    pub tp_basicsize: Py_ssize_t,
    pub tp_itemsize: Py_ssize_t,
    pub tp_dealloc: destructor,
    pub tp_vectorcall_offset: Py_ssize_t,
    pub tp_getattr: getattrfunc,
    pub tp_setattr: setattrfunc,
    pub tp_as_async: *mut PyAsyncMethods,
    pub tp_repr: reprfunc,
    pub tp_as_number: *mut PyNumberMethods,
    pub tp_as_sequence: *mut PySequenceMethods,
    pub tp_as_mapping: *mut PyMappingMethods,
    pub tp_hash: hashfunc,
    pub tp_call: ternaryfunc,
    pub tp_str: reprfunc,
    pub tp_getattro: getattrofunc,
    pub tp_setattro: setattrofunc,
    pub tp_as_buffer: *mut PyBufferProcs,
    pub tp_flags: c_ulong,
    pub tp_doc: *const c_char,
    pub tp_traverse: traverseproc,
    pub tp_clear: inquiry,
    pub tp_richcompare: richcmpfunc,
    pub tp_weaklistoffset: Py_ssize_t,
    pub tp_iter: getiterfunc,
    pub tp_iternext: iternextfunc,
    pub tp_methods: *mut PyMethodDef,
    pub tp_members: *mut PyMemberDef,
    pub tp_getset: *mut PyGetSetDef,
    pub tp_base: *mut PyTypeObject,
    pub tp_dict: *mut PyObject,
    pub tp_descr_get: descrgetfunc,
    pub tp_descr_set: descrsetfunc,
    pub tp_dictoffset: Py_ssize_t,
    pub tp_init: initproc,
    pub tp_alloc: allocfunc,
    pub tp_new: newfunc,
    pub tp_free: freefunc,
    pub tp_is_gc: inquiry,
    pub tp_bases: *mut PyObject,
    pub tp_mro: *mut PyObject,
    pub tp_cache: *mut PyObject,
    pub tp_subclasses: *mut c_void,
    pub tp_weaklist: *mut PyObject,
    pub tp_del: destructor,
    pub tp_version_tag: c_uint,
    pub tp_finalize: destructor,
    pub tp_vectorcall: vectorcallfunc,
    pub tp_watched: u8,
}

const _: () = assert!(std::mem::size_of::<PyTypeObject>() == 416);
const _: () = assert!(std::mem::offset_of!(PyTypeObject, tp_flags) == 168);
const _: () = assert!(std::mem::offset_of!(PyTypeObject, tp_dict) == 264);
const _: () = assert!(std::mem::offset_of!(PyTypeObject, tp_version_tag) == 384);
const _: () = assert!(std::mem::offset_of!(PyTypeObject, tp_vectorcall) == 400);
const _: () = assert!(std::mem::offset_of!(PyTypeObject, tp_watched) == 408);

impl PyTypeObject {
    /// An all-empty type object whose header is immortal with type `meta`.
    pub const fn zeroed(meta: *mut PyTypeObject) -> PyTypeObject {
        PyTypeObject {
            ob_base: PyVarObject {
                ob_base: static_header(meta),
                ob_size: 0,
            },
            tp_name: ptr::null(),
            tp_basicsize: 0,
            tp_itemsize: 0,
            tp_dealloc: None,
            tp_vectorcall_offset: 0,
            tp_getattr: None,
            tp_setattr: None,
            tp_as_async: ptr::null_mut(),
            tp_repr: None,
            tp_as_number: ptr::null_mut(),
            tp_as_sequence: ptr::null_mut(),
            tp_as_mapping: ptr::null_mut(),
            tp_hash: None,
            tp_call: None,
            tp_str: None,
            tp_getattro: None,
            tp_setattro: None,
            tp_as_buffer: ptr::null_mut(),
            tp_flags: 0,
            tp_doc: ptr::null(),
            tp_traverse: None,
            tp_clear: None,
            tp_richcompare: None,
            tp_weaklistoffset: 0,
            tp_iter: None,
            tp_iternext: None,
            tp_methods: ptr::null_mut(),
            tp_members: ptr::null_mut(),
            tp_getset: ptr::null_mut(),
            tp_base: ptr::null_mut(),
            tp_dict: ptr::null_mut(),
            tp_descr_get: None,
            tp_descr_set: None,
            tp_dictoffset: 0,
            tp_init: None,
            tp_alloc: None,
            tp_new: None,
            tp_free: None,
            tp_is_gc: None,
            tp_bases: ptr::null_mut(),
            tp_mro: ptr::null_mut(),
            tp_cache: ptr::null_mut(),
            tp_subclasses: ptr::null_mut(),
            tp_weaklist: ptr::null_mut(),
            tp_del: None,
            tp_version_tag: 0,
            tp_finalize: None,
            tp_vectorcall: None,
            tp_watched: 0,
        }
    }
}

/// `Py_TPFLAGS_*` values of CPython 3.12.
#[allow(missing_docs)]
pub mod flags {
    use std::ffi::c_ulong;
    pub const MANAGED_WEAKREF: c_ulong = 1 << 3;
    pub const MANAGED_DICT: c_ulong = 1 << 4;
    pub const SEQUENCE: c_ulong = 1 << 5;
    pub const MAPPING: c_ulong = 1 << 6;
    pub const DISALLOW_INSTANTIATION: c_ulong = 1 << 7;
    pub const IMMUTABLETYPE: c_ulong = 1 << 8;
    pub const HEAPTYPE: c_ulong = 1 << 9;
    pub const BASETYPE: c_ulong = 1 << 10;
    pub const HAVE_VECTORCALL: c_ulong = 1 << 11;
    pub const READY: c_ulong = 1 << 12;
    pub const READYING: c_ulong = 1 << 13;
    pub const HAVE_GC: c_ulong = 1 << 14;
    pub const METHOD_DESCRIPTOR: c_ulong = 1 << 17;
    pub const VALID_VERSION_TAG: c_ulong = 1 << 19;
    pub const IS_ABSTRACT: c_ulong = 1 << 20;
    pub const MATCH_SELF: c_ulong = 1 << 22;
    pub const ITEMS_AT_END: c_ulong = 1 << 23;
    pub const LONG_SUBCLASS: c_ulong = 1 << 24;
    pub const LIST_SUBCLASS: c_ulong = 1 << 25;
    pub const TUPLE_SUBCLASS: c_ulong = 1 << 26;
    pub const BYTES_SUBCLASS: c_ulong = 1 << 27;
    pub const UNICODE_SUBCLASS: c_ulong = 1 << 28;
    pub const DICT_SUBCLASS: c_ulong = 1 << 29;
    pub const BASE_EXC_SUBCLASS: c_ulong = 1 << 30;
    pub const TYPE_SUBCLASS: c_ulong = 1 << 31;
    pub const HAVE_FINALIZE: c_ulong = 1 << 0;
    pub const HAVE_VERSION_TAG: c_ulong = 1 << 18;
    pub const DEFAULT: c_ulong = HAVE_VERSION_TAG;
    /// The bits a subclass inherits that mark a builtin base.
    pub const SUBCLASS_BITS: c_ulong = LONG_SUBCLASS
        | LIST_SUBCLASS
        | TUPLE_SUBCLASS
        | BYTES_SUBCLASS
        | UNICODE_SUBCLASS
        | DICT_SUBCLASS
        | BASE_EXC_SUBCLASS
        | TYPE_SUBCLASS;
}

/// Ophis's private per-type state, reached through `tp_subclasses`.
#[derive(Debug, Default)]
pub struct TypeExtra {
    /// Module part of a static type's dotted `tp_name` (or "builtins").
    pub module: Option<Owned>,
    /// `__name__` as a str object.
    pub name: Option<Owned>,
    /// Direct subclasses (borrowed; a subclass removes itself when it dies),
    /// for invalidating version tags down the hierarchy.
    pub subclasses: Vec<*mut PyTypeObject>,
}

/// Whether `a` is `b` or a subtype of it (`PyType_IsSubtype`).
///
/// # Safety
/// Both must be live type objects.
#[inline(always)]
pub unsafe fn is_subtype(a: *mut PyTypeObject, b: *mut PyTypeObject) -> bool {
    // SAFETY: forwarded.
    a == b || unsafe { is_proper_subtype(a, b) }
}

/// [`is_subtype`] past the identity test: the MRO walk, out of line.
///
/// # Safety
/// Both must be live type objects.
#[inline(never)]
unsafe fn is_proper_subtype(a: *mut PyTypeObject, b: *mut PyTypeObject) -> bool {
    // SAFETY: live type objects; `tp_mro` is NULL or a tuple of types.
    unsafe {
        let mro = (*a).tp_mro;
        if !mro.is_null() {
            let n = tuple::size(mro);
            for i in 0..n {
                if tuple::item(mro, i) as *mut PyTypeObject == b {
                    return true;
                }
            }
            return false;
        }
        let mut t = (*a).tp_base;
        while !t.is_null() {
            if t == b {
                return true;
            }
            t = (*t).tp_base;
        }
        b == lifecycle::object_type()
    }
}

/// Whether `op`'s type has all of `flag`.
///
/// # Safety
/// `op` must be live.
#[inline(always)]
pub unsafe fn has_flag(op: *mut PyObject, flag: c_ulong) -> bool {
    // SAFETY: the caller guarantees liveness; types are live while used.
    unsafe { (*(*op).ob_type).tp_flags & flag != 0 }
}

/// Whether `op` is a type object.
///
/// # Safety
/// `op` must be live.
#[inline]
pub unsafe fn is_type(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { has_flag(op, flags::TYPE_SUBCLASS) }
}

/// The `tp_name` of a type as a Rust string (lossy).
///
/// # Safety
/// `t` must be a live type object.
pub unsafe fn full_name(t: *mut PyTypeObject) -> String {
    // SAFETY: `tp_name` is a NUL-terminated string on every ready type.
    unsafe {
        if (*t).tp_name.is_null() {
            return "?".into();
        }
        CStr::from_ptr((*t).tp_name).to_string_lossy().into_owned()
    }
}

/// The short name of a type (`tp_name` after its last dot), as CPython's
/// error messages print it.
///
/// # Safety
/// `t` must be a live type object.
pub unsafe fn short_name(t: *mut PyTypeObject) -> String {
    // SAFETY: forwarded.
    let full = unsafe { full_name(t) };
    match full.rfind('.') {
        Some(i) => full[i + 1..].to_string(),
        None => full,
    }
}

/// The short name of `op`'s type.
///
/// # Safety
/// `op` must be live.
pub unsafe fn type_name_of(op: *mut PyObject) -> String {
    // SAFETY: forwarded.
    unsafe { short_name((*op).ob_type) }
}

/// The module name of a type: the part of `tp_name` before the last dot, or
/// `builtins`.
///
/// # Safety
/// `t` must be a live type object.
pub unsafe fn module_name(t: *mut PyTypeObject) -> String {
    // SAFETY: forwarded; a heap type's module is its `__module__` entry.
    unsafe {
        if (*t).tp_flags & flags::HEAPTYPE != 0 && !(*t).tp_dict.is_null() {
            if let Ok(k) = unicode::intern("__module__") {
                if let Some(m) = dict::get_str_borrowed((*t).tp_dict, k.as_ptr()) {
                    if unicode::check(m) {
                        return unicode::as_str(m).into_owned();
                    }
                }
            }
            return "builtins".into();
        }
        let full = full_name(t);
        match full.rfind('.') {
            Some(i) => full[..i].to_string(),
            None => "builtins".into(),
        }
    }
}

/// Readies a static type: header, `tp_base` default, MRO, `tp_bases`,
/// slot inheritance, subclass flag bits and `tp_dict`.
///
/// # Safety
/// `t` must point to a type object that lives for the rest of the process
/// and is not yet in use by any other thread.
pub unsafe fn ready_static(t: *mut PyTypeObject) -> err::PyResult<()> {
    // SAFETY: forwarded contract.
    unsafe { crate::objects::heaptype::ready(t, true) }
}

/// The private state of a ready type.
///
/// # Safety
/// `t` must be a live, ready type object.
pub unsafe fn extra(t: *mut PyTypeObject) -> *mut TypeExtra {
    // SAFETY: ready types always carry a TypeExtra.
    unsafe { (*t).tp_subclasses as *mut TypeExtra }
}

macro_rules! inherit {
    ($t:expr, $b:expr, $($f:ident),*) => {
        $( if (*$t).$f.is_none() { (*$t).$f = (*$b).$f; } )*
    };
}

#[allow(unpredictable_function_pointer_comparisons)]
pub(crate) unsafe fn inherit_slots(t: *mut PyTypeObject, b: *mut PyTypeObject) {
    // SAFETY: both are live type objects; we only copy slot pointers.
    unsafe {
        if (*t).tp_basicsize == 0 {
            (*t).tp_basicsize = (*b).tp_basicsize;
        }
        if (*t).tp_itemsize == 0 {
            (*t).tp_itemsize = (*b).tp_itemsize;
        }
        // A type that does not define its own `tp_call` keeps calling its
        // base's way, vectorcall included (3.12: mutable heap types too).
        if (*t).tp_call.is_none() && (*b).tp_flags & flags::HAVE_VECTORCALL != 0 {
            (*t).tp_flags |= flags::HAVE_VECTORCALL;
        }
        inherit!(
            t,
            b,
            tp_dealloc,
            tp_repr,
            tp_str,
            tp_getattro,
            tp_setattro,
            tp_richcompare,
            tp_iter,
            tp_iternext,
            tp_call,
            tp_init,
            tp_alloc,
            tp_new,
            tp_free,
            tp_descr_get,
            tp_descr_set,
            tp_finalize
        );
        if (*t).tp_flags & (*b).tp_flags & flags::HAVE_GC != 0 {
            inherit!(t, b, tp_traverse, tp_clear);
        }
        // A type inherits hashing only together with comparison, as CPython.
        if (*t).tp_hash.is_none() && (*t).tp_richcompare == (*b).tp_richcompare {
            (*t).tp_hash = (*b).tp_hash;
        }
        // Sub-tables: share the base's when the type has none, else inherit
        // slot by slot (heap types always have their own tables).
        macro_rules! inherit_table {
            ($field:ident, $ty:ty) => {
                if (*t).$field.is_null() {
                    (*t).$field = (*b).$field;
                } else if !(*b).$field.is_null() && (*t).$field != (*b).$field {
                    let dst = (*t).$field as *mut Option<unsafe extern "C" fn()>;
                    let src = (*b).$field as *const Option<unsafe extern "C" fn()>;
                    let n = std::mem::size_of::<$ty>() / std::mem::size_of::<usize>();
                    for i in 0..n {
                        if (*dst.add(i)).is_none() {
                            *dst.add(i) = *src.add(i);
                        }
                    }
                }
            };
        }
        inherit_table!(tp_as_number, PyNumberMethods);
        inherit_table!(tp_as_sequence, PySequenceMethods);
        inherit_table!(tp_as_mapping, PyMappingMethods);
        inherit_table!(tp_as_async, PyAsyncMethods);
        inherit_table!(tp_as_buffer, PyBufferProcs);
        if (*t).tp_dictoffset == 0 {
            (*t).tp_dictoffset = (*b).tp_dictoffset;
        }
    }
}

/// `Type.name`, the `__qualname__` of a descriptor of type `t`.
///
/// # Safety
/// `t` a live ready type; `name` a live str.
pub unsafe fn descr_qualname(t: *mut PyTypeObject, name: *mut PyObject) -> err::PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let q = qualname(t);
        unicode::from_str(&format!("{q}.{}", unicode::as_str(name)))
    }
}

/// The `__qualname__` of a type as text.
///
/// # Safety
/// `t` a live ready type.
pub unsafe fn qualname(t: *mut PyTypeObject) -> String {
    // SAFETY: forwarded.
    unsafe {
        if (*t).tp_flags & flags::HEAPTYPE != 0 {
            let q = (*(t as *mut crate::objects::heaptype::PyHeapTypeObject)).ht_qualname;
            if !q.is_null() && unicode::check(q) {
                return unicode::as_str(q).into_owned();
            }
        }
        short_name(t)
    }
}

/// Looks `name` up along `t`'s MRO; returns a borrowed reference or NULL.
/// Never raises: a failed lookup in a type dict is not an error.
///
/// # Safety
/// `t` must be a live ready type; `name` a live str.
#[inline(always)]
pub unsafe fn lookup(t: *mut PyTypeObject, name: *mut PyObject) -> *mut PyObject {
    // SAFETY: a cache entry matching the type's valid version tag and the
    // name is current (see `lookup_slow`); entries hold only interned
    // names, which are immortal, so identity with one means `name` is it.
    unsafe {
        if (*t).tp_flags & flags::VALID_VERSION_TAG != 0 {
            let v = (*t).tp_version_tag;
            let e = cache_entry(v, name);
            if (*e).version == v && (*e).name == name {
                return (*e).value;
            }
        }
        lookup_slow(t, name)
    }
}

/// [`lookup`] answered by the attribute cache alone: `None` on a miss (the
/// caller decides whether to take [`lookup`]'s slow path). No call.
///
/// # Safety
/// As for [`lookup`].
#[inline(always)]
pub unsafe fn lookup_cached(t: *mut PyTypeObject, name: *mut PyObject) -> Option<*mut PyObject> {
    // SAFETY: as for `lookup`.
    unsafe {
        if (*t).tp_flags & flags::VALID_VERSION_TAG != 0 {
            let v = (*t).tp_version_tag;
            let e = cache_entry(v, name);
            if (*e).version == v && (*e).name == name {
                return Some((*e).value);
            }
        }
        None
    }
}

/// Whether `name` is an exact, interned str (the names the cache holds).
#[inline(always)]
unsafe fn is_interned(name: *mut PyObject) -> bool {
    // SAFETY: `name` is a live object; the state field is read only for
    // exact strs.
    unsafe { unicode::check_exact(name) && unicode::is_interned(name) }
}

/// [`lookup`] on a cache miss: the MRO walk, recorded in the cache.
#[inline(never)]
unsafe fn lookup_slow(t: *mut PyTypeObject, name: *mut PyObject) -> *mut PyObject {
    // SAFETY: the cache only holds entries of types whose version tag is
    // still valid, and a type's dict changes only with `modified`, which
    // invalidates the tag (CPython's contract for C code too).
    unsafe {
        // CPython's cacheable names: exact strs of at most 100 characters
        // (looking one up arms the type for type watchers, found or not);
        // the cache itself holds only interned ones.
        if unicode::check_exact(name)
            && unicode::len_chars(name) <= MAX_CACHED_NAME
            && ((*t).tp_flags & flags::VALID_VERSION_TAG != 0 || assign_version_tag(t))
            && is_interned(name)
        {
            let v = (*t).tp_version_tag;
            let e = cache_entry(v, name);
            let found = lookup_mro(t, name);
            *e = CacheEntry {
                version: v,
                name,
                value: found,
            };
            return found;
        }
        lookup_mro(t, name)
    }
}

/// The longest name (in characters) a lookup caches, and so arms the type.
const MAX_CACHED_NAME: isize = 100;

/// One entry of the type attribute cache.
#[derive(Clone, Copy)]
struct CacheEntry {
    version: std::ffi::c_uint,
    name: *mut PyObject,
    value: *mut PyObject,
}

const CACHE_SIZE: usize = 4096;
static mut CACHE: [CacheEntry; CACHE_SIZE] = [CacheEntry {
    version: 0,
    name: ptr::null_mut(),
    value: ptr::null_mut(),
}; CACHE_SIZE];
static mut NEXT_VERSION: std::ffi::c_uint = 1;

#[inline(always)]
unsafe fn cache_entry(version: std::ffi::c_uint, name: *mut PyObject) -> *mut CacheEntry {
    let i =
        ((version as usize).wrapping_mul(0x9E37_79B9) ^ (name as usize >> 4)) & (CACHE_SIZE - 1);
    // SAFETY: the index is masked into the array; the GIL guards it.
    unsafe { ptr::addr_of_mut!(CACHE).cast::<CacheEntry>().add(i) }
}

/// Gives `t` (and its MRO) a valid version tag if it has none; false when
/// tags are exhausted (lookups then bypass the cache).
///
/// # Safety
/// `t` must be a live, ready type.
pub unsafe fn assign_version_tag(t: *mut PyTypeObject) -> bool {
    // SAFETY: forwarded; the GIL guards the counter.
    unsafe {
        if (*t).tp_flags & flags::VALID_VERSION_TAG != 0 {
            return true;
        }
        if (*t).tp_flags & flags::READY == 0 {
            return false;
        }
        let mro = (*t).tp_mro;
        if !mro.is_null() {
            for i in 1..tuple::size(mro) {
                if !assign_version_tag(tuple::item(mro, i) as *mut PyTypeObject) {
                    return false;
                }
            }
        }
        if NEXT_VERSION == 0 {
            return false;
        }
        (*t).tp_version_tag = NEXT_VERSION;
        NEXT_VERSION = NEXT_VERSION.wrapping_add(1);
        (*t).tp_flags |= flags::VALID_VERSION_TAG;
        true
    }
}

/// Gives an armed type a fresh version tag, so that nothing cached under
/// the old one is found again, without disarming it (no type watcher
/// notices). A type without a valid tag is left alone.
///
/// # Safety
/// `t` a live type.
pub unsafe fn renew_version_tag(t: *mut PyTypeObject) {
    // SAFETY: the GIL guards the counter.
    unsafe {
        if (*t).tp_flags & flags::VALID_VERSION_TAG == 0 {
            return;
        }
        if NEXT_VERSION == 0 {
            (*t).tp_flags &= !flags::VALID_VERSION_TAG;
            (*t).tp_version_tag = 0;
            return;
        }
        (*t).tp_version_tag = NEXT_VERSION;
        NEXT_VERSION = NEXT_VERSION.wrapping_add(1);
    }
}

/// `PyType_Modified`: invalidates the version tag of `t` and of every
/// subclass, so cached lookups are redone. A type without a valid tag
/// (disarmed) is left alone, subclasses included. Otherwise subclasses go
/// first, depth-first; then the type watchers watching `t` run (they see
/// the change made); `t` ends disarmed.
///
/// # Safety
/// `t` must be a live type.
pub unsafe fn modified(t: *mut PyTypeObject) {
    // SAFETY: forwarded; subclasses register themselves and unregister on
    // death.
    unsafe {
        if (*t).tp_flags & flags::VALID_VERSION_TAG == 0 {
            return;
        }
        // Disarm first, so that no callback can reach the cache entries
        // made under the old tag (they may name values already replaced)...
        (*t).tp_flags &= !flags::VALID_VERSION_TAG;
        (*t).tp_version_tag = 0;
        let e = extra(t);
        if !e.is_null() {
            for &s in (*e).subclasses.clone().iter() {
                modified(s);
            }
        }
        if (*t).tp_watched != 0 {
            crate::runtime::watchers::notify_type(t);
        }
        // ...and again after them: a lookup they made re-armed the type,
        // which a modification leaves disarmed.
        (*t).tp_flags &= !flags::VALID_VERSION_TAG;
        (*t).tp_version_tag = 0;
    }
}

/// Records `sub` as a subclass of each of its bases.
///
/// # Safety
/// `sub` must be a ready type with `tp_bases` set.
pub(crate) unsafe fn register_subclass(sub: *mut PyTypeObject) {
    // SAFETY: forwarded.
    unsafe {
        let bases = (*sub).tp_bases;
        for i in 0..tuple::size(bases) {
            let e = extra(tuple::item(bases, i) as *mut PyTypeObject);
            if !e.is_null() {
                (*e).subclasses.push(sub);
            }
        }
    }
}

/// Removes a dying `sub` from its bases' subclass lists.
///
/// # Safety
/// `sub` must still have its `tp_bases`.
pub(crate) unsafe fn unregister_subclass(sub: *mut PyTypeObject) {
    // SAFETY: forwarded.
    unsafe {
        let bases = (*sub).tp_bases;
        if bases.is_null() {
            return;
        }
        for i in 0..tuple::size(bases) {
            let e = extra(tuple::item(bases, i) as *mut PyTypeObject);
            if !e.is_null() {
                (*e).subclasses.retain(|&s| s != sub);
            }
        }
    }
}

/// The MRO walk behind [`lookup`].
///
/// # Safety
/// As for [`lookup`].
unsafe fn lookup_mro(t: *mut PyTypeObject, name: *mut PyObject) -> *mut PyObject {
    // SAFETY: ready types have a tuple MRO of ready types with dicts.
    unsafe {
        let mro = (*t).tp_mro;
        if mro.is_null() {
            return ptr::null_mut();
        }
        for i in 0..tuple::size(mro) {
            let base = tuple::item(mro, i) as *mut PyTypeObject;
            let d = (*base).tp_dict;
            if d.is_null() {
                continue;
            }
            if let Some(v) = dict::get_str_borrowed(d, name) {
                return v;
            }
        }
        ptr::null_mut()
    }
}

// ---- the `type` type's slots ---------------------------------------------

/// `repr(type)`: `<class 'module.name'>`, with `builtins.` left out.
///
/// # Safety
/// Slot function: `op` is a live type.
pub unsafe extern "C" fn type_repr(op: *mut PyObject) -> *mut PyObject {
    let t = op as *mut PyTypeObject;
    // SAFETY: `op` is a type (slot contract).
    let (m, n) = unsafe { (module_name(t), qualname(t)) };
    let s = if m == "builtins" {
        format!("<class '{n}'>")
    } else {
        format!("<class '{m}.{n}'>")
    };
    err::into_ptr(unicode::from_str(&s))
}

/// `type.__call__`: `type(x)`, or construction through `tp_new`/`tp_init`.
///
/// # Safety
/// Slot function.
pub unsafe extern "C" fn type_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot contract: `op` is a type, `args` a tuple, `kwargs` NULL or a dict.
    unsafe {
        let t = op as *mut PyTypeObject;
        if t == lifecycle::type_type() {
            let nargs = tuple::size(args);
            let nkw = if kwargs.is_null() {
                0
            } else {
                dict::len(kwargs)
            };
            if nargs == 1 && nkw == 0 {
                let o = tuple::item(args, 0);
                return new_ref((*o).ob_type as *mut PyObject);
            }
            if nargs != 3 {
                return err::type_error("type() takes 1 or 3 arguments").into();
            }
        }
        let Some(new) = (*t).tp_new else {
            return err::type_error(&format!("cannot create '{}' instances", full_name(t))).into();
        };
        let obj = new(t, args, kwargs);
        if obj.is_null() {
            return obj;
        }
        if !is_subtype((*obj).ob_type, t) {
            return obj;
        }
        let ty = (*obj).ob_type;
        if let Some(init) = (*ty).tp_init {
            if init(obj, args, kwargs) < 0 {
                decref(obj);
                return ptr::null_mut();
            }
        }
        obj
    }
}

/// Getter for `type.__name__`.
unsafe extern "C" fn type_get_name(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on type: `op` is a ready type.
    unsafe {
        if (*(op as *mut PyTypeObject)).tp_flags & flags::HEAPTYPE != 0 {
            return new_ref((*(op as *mut crate::objects::heaptype::PyHeapTypeObject)).ht_name);
        }
        let e = extra(op as *mut PyTypeObject);
        match &(*e).name {
            Some(n) => n.clone().into_raw(),
            None => err::into_ptr(unicode::from_str(&short_name(op as _))),
        }
    }
}

/// Getter for `type.__qualname__`.
unsafe extern "C" fn type_get_qualname(op: *mut PyObject, c: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on type: `op` is a ready type.
    unsafe {
        if (*(op as *mut PyTypeObject)).tp_flags & flags::HEAPTYPE != 0 {
            return new_ref((*(op as *mut crate::objects::heaptype::PyHeapTypeObject)).ht_qualname);
        }
        type_get_name(op, c)
    }
}

/// Getter for `type.__module__`.
unsafe extern "C" fn type_get_module(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on type: `op` is a ready type.
    unsafe {
        let t = op as *mut PyTypeObject;
        if (*t).tp_flags & flags::HEAPTYPE != 0 {
            if let Ok(k) = unicode::intern("__module__") {
                if let Some(m) = dict::get_str_borrowed((*t).tp_dict, k.as_ptr()) {
                    return new_ref(m);
                }
            }
            return err::raise(
                crate::objects::exceptions::Exc::AttributeError,
                "__module__",
            )
            .into();
        }
        let e = extra(op as *mut PyTypeObject);
        match &(*e).module {
            Some(n) => n.clone().into_raw(),
            None => err::into_ptr(unicode::from_str(&module_name(op as _))),
        }
    }
}

/// Getter for `type.__mro__`.
unsafe extern "C" fn type_get_mro(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: `op` is a ready type with a tuple MRO.
    unsafe { new_ref((*(op as *mut PyTypeObject)).tp_mro) }
}

/// Getter for `type.__bases__`.
unsafe extern "C" fn type_get_bases(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: `op` is a ready type with a tuple of bases.
    unsafe { new_ref((*(op as *mut PyTypeObject)).tp_bases) }
}

/// Setter for `type.__bases__` (heap types; `type.__setattr__` has
/// already refused static and immutable ones).
unsafe extern "C" fn type_set_bases(op: *mut PyObject, v: *mut PyObject, _c: *mut c_void) -> c_int {
    // SAFETY: setter on a type.
    unsafe {
        match crate::objects::heaptype::set_bases(op as *mut PyTypeObject, v) {
            Ok(()) => 0,
            Err(e) => e.into(),
        }
    }
}

/// Getter for `type.__base__`.
unsafe extern "C" fn type_get_base(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: `op` is a ready type.
    unsafe {
        let b = (*(op as *mut PyTypeObject)).tp_base;
        if b.is_null() {
            new_ref(lifecycle::none())
        } else {
            new_ref(b as *mut PyObject)
        }
    }
}

macro_rules! type_int_getter {
    ($fname:ident, $field:ident) => {
        unsafe extern "C" fn $fname(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
            // SAFETY: getset on type: `op` is a ready type.
            let v = unsafe { (*(op as *mut PyTypeObject)).$field } as i64;
            err::into_ptr(crate::objects::long::from_i64(v))
        }
    };
}
type_int_getter!(type_get_basicsize, tp_basicsize);
type_int_getter!(type_get_itemsize, tp_itemsize);
type_int_getter!(type_get_flags, tp_flags);
type_int_getter!(type_get_dictoffset, tp_dictoffset);
type_int_getter!(type_get_weakrefoffset, tp_weaklistoffset);

/// Getter for `type.__dict__`: a read-only view of the type's namespace.
unsafe extern "C" fn type_get_dict(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on type.
    unsafe {
        err::into_ptr(crate::objects::descr::mappingproxy(
            (*(op as *mut PyTypeObject)).tp_dict,
        ))
    }
}

/// Getter for `type.__text_signature__`: the signature part of an internal
/// docstring (`Name(sig)\n--\n\n`), or None.
unsafe extern "C" fn type_get_text_signature(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on type.
    unsafe {
        let t = op as *mut PyTypeObject;
        if (*t).tp_doc.is_null() {
            return new_ref(lifecycle::none());
        }
        let doc = CStr::from_ptr((*t).tp_doc).to_string_lossy();
        match split_internal_doc(&short_name(t), &doc) {
            (Some(sig), _) => err::into_ptr(unicode::from_str(sig)),
            (None, _) => new_ref(lifecycle::none()),
        }
    }
}

/// Splits an internal docstring `Name(sig)\n--\n\nrest` into the signature
/// `(sig)` and the text; other docstrings have no signature.
pub fn split_internal_doc<'a>(name: &str, doc: &'a str) -> (Option<&'a str>, &'a str) {
    if let Some(rest) = doc.strip_prefix(name) {
        if rest.starts_with('(') {
            if let Some(end) = rest.find(")\n--\n\n") {
                return (Some(&rest[..end + 1]), &rest[end + 6..]);
            }
        }
    }
    (None, doc)
}

/// The getset table of `type`.
pub static mut TYPE_GETSET: [PyGetSetDef; 14] = [
    getset_rw(c"__name__", Some(type_get_name), Some(type_set_name)),
    getset_rw(
        c"__qualname__",
        Some(type_get_qualname),
        Some(type_set_qualname),
    ),
    getset_rw(c"__module__", Some(type_get_module), Some(type_set_module)),
    getset(c"__mro__", Some(type_get_mro)),
    getset_rw(c"__bases__", Some(type_get_bases), Some(type_set_bases)),
    getset(c"__base__", Some(type_get_base)),
    getset(c"__basicsize__", Some(type_get_basicsize)),
    getset(c"__itemsize__", Some(type_get_itemsize)),
    getset(c"__flags__", Some(type_get_flags)),
    getset(c"__dictoffset__", Some(type_get_dictoffset)),
    getset(c"__weakrefoffset__", Some(type_get_weakrefoffset)),
    getset(c"__dict__", Some(type_get_dict)),
    getset(c"__text_signature__", Some(type_get_text_signature)),
    GETSET_END,
];

/// The NULL entry that ends a `PyGetSetDef` table.
pub const GETSET_END: PyGetSetDef = PyGetSetDef {
    name: ptr::null(),
    get: None,
    set: None,
    doc: ptr::null(),
    closure: ptr::null_mut(),
};

/// A read-write `PyGetSetDef` entry.
pub const fn getset_rw(name: &'static CStr, get: getter, set: setter) -> PyGetSetDef {
    PyGetSetDef {
        name: name.as_ptr(),
        get,
        set,
        doc: ptr::null(),
        closure: ptr::null_mut(),
    }
}

unsafe fn check_type_set(t: *mut PyTypeObject, attr: &str, v: *mut PyObject) -> err::PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if (*t).tp_flags & flags::IMMUTABLETYPE != 0 || (*t).tp_flags & flags::HEAPTYPE == 0 {
            return Err(err::type_error(&format!(
                "cannot set '{attr}' attribute of immutable type '{}'",
                full_name(t)
            )));
        }
        if v.is_null() {
            return Err(err::type_error(&format!(
                "cannot delete '{attr}' attribute of type '{}'",
                full_name(t)
            )));
        }
        Ok(())
    }
}

unsafe extern "C" fn type_set_name(
    op: *mut PyObject,
    v: *mut PyObject,
    _c: *mut c_void,
) -> std::ffi::c_int {
    // SAFETY: getset on type.
    unsafe {
        let t = op as *mut PyTypeObject;
        if let Err(e) = check_type_set(t, "__name__", v) {
            return e.into();
        }
        if !unicode::check(v) {
            return err::type_error(&format!(
                "can only assign string to {}.__name__, not '{}'",
                full_name(t),
                type_name_of(v)
            ))
            .into();
        }
        let Ok(c) = std::ffi::CString::new(unicode::as_str(v).into_owned()) else {
            return err::value_error("type name must not contain null characters").into();
        };
        let ht = t as *mut crate::objects::heaptype::PyHeapTypeObject;
        let old = std::mem::replace(&mut (*ht).ht_name, new_ref(v));
        xdecref(old);
        let old_name = std::mem::replace(&mut (*ht)._ht_tpname, c.into_raw());
        (*t).tp_name = (*ht)._ht_tpname;
        if !old_name.is_null() {
            drop(std::ffi::CString::from_raw(old_name));
        }
        0
    }
}

unsafe extern "C" fn type_set_qualname(
    op: *mut PyObject,
    v: *mut PyObject,
    _c: *mut c_void,
) -> std::ffi::c_int {
    // SAFETY: getset on type.
    unsafe {
        let t = op as *mut PyTypeObject;
        if let Err(e) = check_type_set(t, "__qualname__", v) {
            return e.into();
        }
        if !unicode::check(v) {
            return err::type_error(&format!(
                "can only assign string to {}.__qualname__, not '{}'",
                full_name(t),
                type_name_of(v)
            ))
            .into();
        }
        let ht = t as *mut crate::objects::heaptype::PyHeapTypeObject;
        let old = std::mem::replace(&mut (*ht).ht_qualname, new_ref(v));
        xdecref(old);
        0
    }
}

unsafe extern "C" fn type_set_module(
    op: *mut PyObject,
    v: *mut PyObject,
    _c: *mut c_void,
) -> std::ffi::c_int {
    // SAFETY: getset on type.
    unsafe {
        let t = op as *mut PyTypeObject;
        if let Err(e) = check_type_set(t, "__module__", v) {
            return e.into();
        }
        let r = unicode::intern("__module__").and_then(|k| dict::set((*t).tp_dict, k.as_ptr(), v));
        match r {
            Ok(()) => 0,
            Err(e) => e.into(),
        }
    }
}

/// A read-only `PyGetSetDef` entry.
pub const fn getset(name: &'static CStr, get: getter) -> PyGetSetDef {
    PyGetSetDef {
        name: name.as_ptr(),
        get,
        set: None,
        doc: ptr::null(),
        closure: ptr::null_mut(),
    }
}

unsafe extern "C" fn type_dealloc(op: *mut PyObject) {
    // SAFETY: a type whose refcount reached zero.
    unsafe {
        let t = op as *mut PyTypeObject;
        if (*t).tp_flags & flags::HEAPTYPE != 0 {
            crate::objects::heaptype::dealloc_heap_type(t);
        } else {
            crate::runtime::lifecycle::static_dealloc(op);
        }
    }
}

/// Only heap types are GC objects (static ones have no GC header).
unsafe extern "C" fn type_is_gc(op: *mut PyObject) -> std::ffi::c_int {
    // SAFETY: slot on a type.
    std::ffi::c_int::from(unsafe { (*(op as *mut PyTypeObject)).tp_flags } & flags::HEAPTYPE != 0)
}

unsafe extern "C" fn type_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> std::ffi::c_int {
    // SAFETY: slot on a heap type: visit what it owns.
    unsafe {
        let t = op as *mut PyTypeObject;
        let Some(v) = visit else { return 0 };
        for o in [
            (*t).tp_dict,
            (*t).tp_mro,
            (*t).tp_bases,
            (*t).tp_base as *mut PyObject,
        ] {
            if !o.is_null() {
                let r = v(o, arg);
                if r != 0 {
                    return r;
                }
            }
        }
        0
    }
}

crate::protocols::clinic::fastcall! {
    /// `type.mro()`: the C3 linearization of the type's bases, as a list.
    fn type_mro(t, _a = crate::protocols::clinic::Sig::new("mro", &[])) {
        let m = crate::objects::heaptype::mro(t as *mut PyTypeObject)?;
        crate::protocols::sequence::to_list(m.as_ptr())
    }
}

crate::protocols::clinic::fastcall! {
    /// `type.__subclasses__()`: the live direct subclasses, oldest first.
    fn type_subclasses(t, _a = crate::protocols::clinic::Sig::new("__subclasses__", &[])) {
        let l = crate::objects::list::new(0)?;
        let e = extra(t as *mut PyTypeObject);
        if !e.is_null() {
            for &s in (*e).subclasses.iter() {
                crate::objects::list::append(l.as_ptr(), s as *mut PyObject)?;
            }
        }
        Ok(l)
    }
}

/// Whether `inst` is an instance of the type `t` without `t`'s
/// `__instancecheck__`: its type is a subtype, or its `__class__` (when it
/// differs from its type) is (CPython's `object_isinstance`).
///
/// # Safety
/// Both live.
pub unsafe fn real_isinstance(inst: *mut PyObject, t: *mut PyTypeObject) -> err::PyResult<bool> {
    // SAFETY: live objects.
    unsafe {
        if is_subtype((*inst).ob_type, t) {
            return Ok(true);
        }
        let name = crate::objects::unicode::intern("__class__")?;
        if let Some(c) = crate::protocols::abstract_::lookup_attr(inst, name.as_ptr())? {
            if c.as_ptr() != (*inst).ob_type as *mut PyObject && is_type(c.as_ptr()) {
                return Ok(is_subtype(c.as_ptr() as *mut PyTypeObject, t));
            }
        }
        Ok(false)
    }
}

crate::protocols::clinic::fastcall! {
    /// `type.__instancecheck__(instance, /)`: the type check, without the
    /// hook (also through `instance.__class__`).
    fn type_instancecheck(t, a = crate::protocols::clinic::Sig::new("__instancecheck__",
        &[crate::protocols::clinic::pos("instance")])) {
        Ok(crate::objects::long::bool_from(real_isinstance(a.req(0), t as *mut PyTypeObject)?))
    }
}

crate::protocols::clinic::fastcall! {
    /// `type.__subclasscheck__(subclass, /)`: the subtype check, without
    /// the hook.
    fn type_subclasscheck(t, a = crate::protocols::clinic::Sig::new("__subclasscheck__",
        &[crate::protocols::clinic::pos("subclass")])) {
        let sub = a.req(0);
        if !is_type(sub) {
            return Err(err::type_error("issubclass() arg 1 must be a class"));
        }
        Ok(crate::objects::long::bool_from(is_subtype(
            sub as *mut PyTypeObject,
            t as *mut PyTypeObject,
        )))
    }
}

/// `type.__prepare__(*args, **kwds)`: a new empty dict, whatever the
/// arguments.
unsafe extern "C" fn type_prepare(
    _t: *mut PyObject,
    _args: *const *mut PyObject,
    _nargs: isize,
    _kwnames: *mut PyObject,
) -> *mut PyObject {
    err::into_ptr(crate::objects::dict::new())
}

crate::protocols::clinic::fastcall! {
    /// `type.__sizeof__()`: the size of the type object.
    fn type_sizeof(t, _a = crate::protocols::clinic::Sig::new("__sizeof__", &[])) {
        let _ = t;
        crate::objects::long::from_i64(std::mem::size_of::<PyTypeObject>() as i64)
    }
}

static mut TYPE_METHODS: [PyMethodDef; 8] = [
    crate::protocols::dir::TYPE_DIR,
    crate::protocols::clinic::def(c"mro", type_mro),
    crate::protocols::clinic::def(c"__subclasses__", type_subclasses),
    crate::protocols::clinic::def(c"__instancecheck__", type_instancecheck),
    crate::protocols::clinic::def(c"__subclasscheck__", type_subclasscheck),
    PyMethodDef {
        ml_flags: crate::objects::methodobject::meth::FASTCALL
            | crate::objects::methodobject::meth::KEYWORDS
            | crate::objects::methodobject::meth::CLASS,
        ..crate::protocols::clinic::fastcall_kw_def(c"__prepare__", type_prepare)
    },
    crate::protocols::clinic::def(c"__sizeof__", type_sizeof),
    METHOD_END,
];

/// Fills in the `type` type.
///
/// # Safety
/// Runtime initialization only.
pub unsafe fn init_type_type(t: *mut PyTypeObject) {
    // SAFETY: exclusive access during initialization.
    unsafe {
        (*t).tp_name = c"type".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<PyTypeObject>() as isize;
        (*t).tp_flags = flags::DEFAULT
            | flags::BASETYPE
            | flags::TYPE_SUBCLASS
            | flags::IMMUTABLETYPE
            | flags::HAVE_GC
            | flags::HAVE_VECTORCALL;
        // Types are called through `tp_call` unless one stores its own
        // vectorcall in `tp_vectorcall`.
        (*t).tp_vectorcall_offset = std::mem::offset_of!(PyTypeObject, tp_vectorcall) as isize;
        // A class's namespace is its `tp_dict`, where CPython's `type` has
        // its `tp_dictoffset` too (`type.__dictoffset__`, which Cython's
        // limited-API modules read to find a type's dict).
        (*t).tp_dictoffset = std::mem::offset_of!(PyTypeObject, tp_dict) as isize;
        (*t).tp_repr = Some(type_repr);
        (*t).tp_call = Some(type_call);
        (*t).tp_new = Some(crate::objects::typenew::type_new);
        (*t).tp_init = Some(crate::objects::typenew::type_init);
        (*t).tp_getattro = Some(crate::protocols::attr::type_getattro);
        (*t).tp_setattro = Some(crate::protocols::attr::type_setattro);
        (*t).tp_dealloc = Some(type_dealloc);
        (*t).tp_is_gc = Some(type_is_gc);
        (*t).tp_traverse = Some(type_traverse);
        (*t).tp_getset = ptr::addr_of_mut!(TYPE_GETSET) as *mut PyGetSetDef;
        (*t).tp_methods = ptr::addr_of_mut!(TYPE_METHODS) as *mut PyMethodDef;
        (*t).tp_weaklistoffset = std::mem::offset_of!(PyTypeObject, tp_weaklist) as isize;
        (*t).tp_doc = c"type(object) -> the object's type".as_ptr();
    }
}
