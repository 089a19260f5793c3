//! Types created at run time: `PyType_FromSpec` and friends (heap types
//! with their slot tables inside the type object, as CPython's
//! `PyHeapTypeObject`), `PyType_Ready` for static types declared in C,
//! `PyType_GetSlot`, and the default `tp_dealloc` of heap-type instances.

use crate::objects::exceptions::Exc;
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, *};
use crate::runtime::alloc;
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::{objects::dict, objects::member, objects::tuple, objects::unicode};
use std::ffi::{c_char, c_int, c_uint, c_void, CStr, CString};
use std::ptr;

/// A `PyType_Slot` of a spec.
#[repr(C)]
#[derive(Debug)]
pub struct PyType_Slot {
    /// Slot id (`Py_tp_*`, `Py_nb_*`, ...).
    pub slot: c_int,
    /// The function or data pointer.
    pub pfunc: *mut c_void,
}

/// A `PyType_Spec`.
#[repr(C)]
#[derive(Debug)]
pub struct PyType_Spec {
    /// Dotted name, `module.Name`.
    pub name: *const c_char,
    /// `tp_basicsize` (0: the base's).
    pub basicsize: c_int,
    /// `tp_itemsize` (0: the base's).
    pub itemsize: c_int,
    /// `tp_flags`.
    pub flags: c_uint,
    /// Slots, ending with slot id 0.
    pub slots: *mut PyType_Slot,
}

/// A heap type: the type object followed by its own slot tables and the
/// fields of CPython's `PyHeapTypeObject` in CPython's order.
#[repr(C)]
#[allow(missing_docs)]
pub struct PyHeapTypeObject {
    pub ht_type: PyTypeObject,
    pub as_async: PyAsyncMethods,
    pub as_number: PyNumberMethods,
    pub as_mapping: PyMappingMethods,
    pub as_sequence: PySequenceMethods,
    pub as_buffer: PyBufferProcs,
    pub ht_name: *mut PyObject,
    pub ht_slots: *mut PyObject,
    pub ht_qualname: *mut PyObject,
    pub ht_cached_keys: *mut c_void,
    pub ht_module: *mut PyObject,
    pub _ht_tpname: *mut c_char,
    /// Owned copy of the spec's members (NULL-terminated), Ophis's own.
    pub ophis_members: *mut PyMemberDef,
    /// Owned copy of the docstring, Ophis's own.
    pub ophis_doc: *mut c_char,
}

/// Where a slot id points: which table and the byte offset in it.
#[derive(Clone, Copy)]
enum Table {
    Type,
    Async,
    Number,
    Mapping,
    Sequence,
    Buffer,
}

macro_rules! slot_table {
    ($($id:literal => $table:ident . $field:ident),* $(,)?) => {
        fn slot_location(id: c_int) -> Option<(Table, usize)> {
            Some(match id {
                $( $id => (Table::$table, slot_table!(@off $table, $field)), )*
                _ => return None,
            })
        }
    };
    (@off Type, $f:ident) => { std::mem::offset_of!(PyTypeObject, $f) };
    (@off Async, $f:ident) => { std::mem::offset_of!(PyAsyncMethods, $f) };
    (@off Number, $f:ident) => { std::mem::offset_of!(PyNumberMethods, $f) };
    (@off Mapping, $f:ident) => { std::mem::offset_of!(PyMappingMethods, $f) };
    (@off Sequence, $f:ident) => { std::mem::offset_of!(PySequenceMethods, $f) };
    (@off Buffer, $f:ident) => { std::mem::offset_of!(PyBufferProcs, $f) };
}

slot_table! {
    1 => Buffer.bf_getbuffer, 2 => Buffer.bf_releasebuffer,
    3 => Mapping.mp_ass_subscript, 4 => Mapping.mp_length, 5 => Mapping.mp_subscript,
    6 => Number.nb_absolute, 7 => Number.nb_add, 8 => Number.nb_and, 9 => Number.nb_bool,
    10 => Number.nb_divmod, 11 => Number.nb_float, 12 => Number.nb_floor_divide,
    13 => Number.nb_index, 14 => Number.nb_inplace_add, 15 => Number.nb_inplace_and,
    16 => Number.nb_inplace_floor_divide, 17 => Number.nb_inplace_lshift,
    18 => Number.nb_inplace_multiply, 19 => Number.nb_inplace_or, 20 => Number.nb_inplace_power,
    21 => Number.nb_inplace_remainder, 22 => Number.nb_inplace_rshift,
    23 => Number.nb_inplace_subtract, 24 => Number.nb_inplace_true_divide,
    25 => Number.nb_inplace_xor, 26 => Number.nb_int, 27 => Number.nb_invert,
    28 => Number.nb_lshift, 29 => Number.nb_multiply, 30 => Number.nb_negative,
    31 => Number.nb_or, 32 => Number.nb_positive, 33 => Number.nb_power,
    34 => Number.nb_remainder, 35 => Number.nb_rshift, 36 => Number.nb_subtract,
    37 => Number.nb_true_divide, 38 => Number.nb_xor,
    39 => Sequence.sq_ass_item, 40 => Sequence.sq_concat, 41 => Sequence.sq_contains,
    42 => Sequence.sq_inplace_concat, 43 => Sequence.sq_inplace_repeat, 44 => Sequence.sq_item,
    45 => Sequence.sq_length, 46 => Sequence.sq_repeat,
    47 => Type.tp_alloc, 48 => Type.tp_base, 49 => Type.tp_bases, 50 => Type.tp_call,
    51 => Type.tp_clear, 52 => Type.tp_dealloc, 53 => Type.tp_del, 54 => Type.tp_descr_get,
    55 => Type.tp_descr_set, 56 => Type.tp_doc, 57 => Type.tp_getattr, 58 => Type.tp_getattro,
    59 => Type.tp_hash, 60 => Type.tp_init, 61 => Type.tp_is_gc, 62 => Type.tp_iter,
    63 => Type.tp_iternext, 64 => Type.tp_methods, 65 => Type.tp_new, 66 => Type.tp_repr,
    67 => Type.tp_richcompare, 68 => Type.tp_setattr, 69 => Type.tp_setattro, 70 => Type.tp_str,
    71 => Type.tp_traverse, 72 => Type.tp_members, 73 => Type.tp_getset, 74 => Type.tp_free,
    75 => Number.nb_matrix_multiply, 76 => Number.nb_inplace_matrix_multiply,
    77 => Async.am_await, 78 => Async.am_aiter, 79 => Async.am_anext, 80 => Type.tp_finalize,
    81 => Async.am_send,
}

const PY_TP_BASE: c_int = 48;
const PY_TP_BASES: c_int = 49;
const PY_TP_DOC: c_int = 56;
const PY_TP_METHODS: c_int = 64;
const PY_TP_MEMBERS: c_int = 72;
const PY_TP_TRAVERSE: c_int = 71;
const PY_T_PYSSIZET: c_int = 19;
const PY_READONLY: c_int = 1;

/// `PyType_GetSlot`: the slot's value, NULL when the type does not define
/// it; `SystemError` for an invalid id.
///
/// # Safety
/// `t` must be a live type.
pub unsafe fn get_slot(t: *mut PyTypeObject, id: c_int) -> PyResult<*mut c_void> {
    let Some((table, off)) = slot_location(id) else {
        return Err(err::bad_argument());
    };
    // SAFETY: `t` is a live type; sub-tables are NULL or live.
    unsafe {
        let base: *mut u8 = match table {
            Table::Type => t as *mut u8,
            Table::Async => (*t).tp_as_async as *mut u8,
            Table::Number => (*t).tp_as_number as *mut u8,
            Table::Mapping => (*t).tp_as_mapping as *mut u8,
            Table::Sequence => (*t).tp_as_sequence as *mut u8,
            Table::Buffer => (*t).tp_as_buffer as *mut u8,
        };
        if base.is_null() {
            return Ok(ptr::null_mut());
        }
        Ok(*(base.add(off) as *mut *mut c_void))
    }
}

unsafe fn set_slot(ht: *mut PyHeapTypeObject, table: Table, off: usize, v: *mut c_void) {
    // SAFETY: `ht` is a heap type being built; `off` is a pointer-sized
    // field of the named table.
    unsafe {
        let base: *mut u8 = match table {
            Table::Type => ptr::addr_of_mut!((*ht).ht_type) as *mut u8,
            Table::Async => ptr::addr_of_mut!((*ht).as_async) as *mut u8,
            Table::Number => ptr::addr_of_mut!((*ht).as_number) as *mut u8,
            Table::Mapping => ptr::addr_of_mut!((*ht).as_mapping) as *mut u8,
            Table::Sequence => ptr::addr_of_mut!((*ht).as_sequence) as *mut u8,
            Table::Buffer => ptr::addr_of_mut!((*ht).as_buffer) as *mut u8,
        };
        *(base.add(off) as *mut *mut c_void) = v;
    }
}

/// `PyType_FromMetaclass(meta, module, spec, bases)` and the older
/// `PyType_FromSpec*` entry points.
///
/// # Safety
/// `spec` must be a valid spec whose slot table and members live as long
/// as required by CPython's contract; `meta`, `module`, `bases` NULL or live.
pub unsafe fn from_spec(
    meta: *mut PyTypeObject,
    module: *mut PyObject,
    spec: *const PyType_Spec,
    bases: *mut PyObject,
) -> PyResult<Owned> {
    // SAFETY: the spec is valid (caller's contract); every object we touch
    // is live or freshly created.
    unsafe {
        if spec.is_null() || (*spec).name.is_null() {
            return Err(err::bad_argument());
        }
        let spec_name = CStr::from_ptr((*spec).name).to_string_lossy().into_owned();
        // Scan the slots for what decides the layout.
        let mut slot_bases: *mut PyObject = ptr::null_mut();
        let mut slot_base: *mut PyObject = ptr::null_mut();
        let mut members: *mut PyMemberDef = ptr::null_mut();
        let mut doc: *const c_char = ptr::null();
        let mut has_traverse = false;
        let mut docs = 0;
        let mut p = (*spec).slots;
        while !p.is_null() && (*p).slot != 0 {
            match (*p).slot {
                PY_TP_BASE => slot_base = (*p).pfunc as *mut PyObject,
                PY_TP_BASES => slot_bases = (*p).pfunc as *mut PyObject,
                PY_TP_MEMBERS => members = (*p).pfunc as *mut PyMemberDef,
                PY_TP_DOC => {
                    doc = (*p).pfunc as *const c_char;
                    docs += 1;
                }
                PY_TP_TRAVERSE => has_traverse = true,
                PY_TP_METHODS => {}
                id if slot_location(id).is_none() => {
                    return Err(err::raise(Exc::RuntimeError, "invalid slot offset"));
                }
                _ => {}
            }
            p = p.add(1);
        }
        if docs > 1 {
            return Err(err::system_error(
                "Multiple Py_tp_doc slots are not supported.",
            ));
        }
        if (*spec).flags as std::ffi::c_ulong & flags::HAVE_GC != 0 && !has_traverse {
            return Err(err::system_error(&format!(
                "type {spec_name} has the Py_TPFLAGS_HAVE_GC flag but has no traverse function"
            )));
        }
        // Bases.
        let bases_src = if !bases.is_null() {
            bases
        } else if !slot_bases.is_null() {
            slot_bases
        } else if !slot_base.is_null() {
            slot_base
        } else {
            lifecycle::object_type() as *mut PyObject
        };
        let bases_t = if tuple::check(bases_src) {
            Owned::from_borrowed(bases_src)
        } else {
            tuple::new_from(&[bases_src])?
        };
        let nb = tuple::size(bases_t.as_ptr());
        if nb == 0 {
            return Err(err::system_error("PyType_FromSpec: no bases"));
        }
        // Metaclass: the most derived of the requested one and the bases'.
        let mut metatype = if meta.is_null() {
            lifecycle::type_type()
        } else {
            meta
        };
        for i in 0..nb {
            let bm = (*tuple::item(bases_t.as_ptr(), i)).ob_type;
            if typeobj::is_subtype(metatype, bm) {
                continue;
            }
            if typeobj::is_subtype(bm, metatype) {
                metatype = bm;
                continue;
            }
            return Err(err::type_error(
                "metaclass conflict: the metaclass of a derived class must be a (non-strict) \
                 subclass of the metaclasses of all its bases",
            ));
        }
        for i in 0..nb {
            let b = tuple::item(bases_t.as_ptr(), i);
            if !typeobj::is_type(b) {
                return Err(err::type_error(&format!(
                    "bases must be types, not '{}'",
                    typeobj::type_name_of(b)
                )));
            }
            let bt = b as *mut PyTypeObject;
            if (*bt).tp_flags & flags::BASETYPE == 0 {
                return Err(err::type_error(&format!(
                    "type '{}' is not an acceptable base type",
                    typeobj::full_name(bt)
                )));
            }
        }
        let base = best_base(bases_t.as_ptr())?;
        #[allow(unpredictable_function_pointer_comparisons)]
        if (*metatype).tp_new.is_some() && (*metatype).tp_new != (*lifecycle::type_type()).tp_new {
            return Err(err::type_error(
                "Metaclasses with custom tp_new are not supported.",
            ));
        }
        // Allocate the type.
        let size = ((*metatype).tp_basicsize as usize).max(std::mem::size_of::<PyHeapTypeObject>());
        let op = alloc::new_object(metatype, size)?;
        let ht = op as *mut PyHeapTypeObject;
        let t = op as *mut PyTypeObject;
        let owned = Owned::from_raw(op);
        let (module_name, name) = match spec_name.rfind('.') {
            Some(i) => (
                Some(spec_name[..i].to_string()),
                spec_name[i + 1..].to_string(),
            ),
            None => (None, spec_name.clone()),
        };
        let tpname = CString::new(spec_name.clone())
            .map_err(|_| err::value_error("embedded null in type name"))?;
        (*ht)._ht_tpname = tpname.into_raw();
        (*t).tp_name = (*ht)._ht_tpname;
        let name_o = unicode::from_str(&name)?;
        (*ht).ht_name = new_ref(name_o.as_ptr());
        (*ht).ht_qualname = name_o.into_raw();
        (*t).tp_as_async = ptr::addr_of_mut!((*ht).as_async);
        (*t).tp_as_number = ptr::addr_of_mut!((*ht).as_number);
        (*t).tp_as_mapping = ptr::addr_of_mut!((*ht).as_mapping);
        (*t).tp_as_sequence = ptr::addr_of_mut!((*ht).as_sequence);
        (*t).tp_as_buffer = ptr::addr_of_mut!((*ht).as_buffer);
        (*t).tp_flags = (*spec).flags as std::ffi::c_ulong | flags::HEAPTYPE;
        // A negative basicsize asks for that many bytes after the base's data
        // (PEP 697); members marked Py_RELATIVE_OFFSET are relative to them.
        let data_offset = ((*base).tp_basicsize + 15) & !15;
        (*t).tp_basicsize = match (*spec).basicsize {
            n if n > 0 => n as isize,
            n if n < 0 => data_offset + ((-(n as isize) + 15) & !15),
            _ => (*base).tp_basicsize,
        };
        (*t).tp_itemsize = if (*spec).itemsize > 0 {
            (*spec).itemsize as isize
        } else {
            (*base).tp_itemsize
        };
        (*t).tp_base = new_ref(base as *mut PyObject) as *mut PyTypeObject;
        (*t).tp_bases = bases_t.into_raw();
        // An instance must hold its base's fields (at least the object
        // header, which allocation writes).
        if (*t).tp_basicsize < (*base).tp_basicsize {
            return Err(err::type_error(&format!(
                "tp_basicsize for type '{spec_name}' ({}) is too small for base '{}' ({})",
                (*t).tp_basicsize,
                typeobj::full_name(base),
                (*base).tp_basicsize
            )));
        }
        if !module.is_null() {
            (*ht).ht_module = new_ref(module);
        }
        // Copy the slots.
        let mut p = (*spec).slots;
        while !p.is_null() && (*p).slot != 0 {
            let id = (*p).slot;
            if id != PY_TP_BASE && id != PY_TP_BASES && id != PY_TP_DOC && id != PY_TP_MEMBERS {
                if let Some((table, off)) = slot_location(id) {
                    set_slot(ht, table, off, (*p).pfunc);
                }
            }
            p = p.add(1);
        }
        if !doc.is_null() {
            let d = CStr::from_ptr(doc).to_owned();
            (*ht).ophis_doc = d.into_raw();
            (*t).tp_doc = (*ht).ophis_doc;
        }
        // Members: special offsets are taken, the rest copied.
        if !members.is_null() {
            let mut v: Vec<PyMemberDef> = Vec::new();
            let mut m = members;
            while !(*m).name.is_null() {
                let n = CStr::from_ptr((*m).name).to_bytes();
                let special = matches!(
                    n,
                    b"__weaklistoffset__" | b"__dictoffset__" | b"__vectorcalloffset__"
                );
                let keep = n == b"__vectorcalloffset__";
                // Relative offsets (PEP 697) are resolved for every member,
                // the special ones included (CPython 3.12.1 stores those
                // unresolved, gh-123465).
                let mut offset = (*m).offset;
                let mut mflags = (*m).flags;
                if mflags & member::t::RELATIVE_OFFSET != 0 {
                    if (*spec).basicsize >= 0 {
                        return Err(err::system_error(
                            "With Py_RELATIVE_OFFSET, basicsize must be negative.",
                        ));
                    }
                    offset += data_offset;
                    mflags &= !member::t::RELATIVE_OFFSET;
                }
                if special {
                    if (*m).type_code != PY_T_PYSSIZET || mflags != PY_READONLY {
                        return Err(err::system_error(&format!(
                            "{} must be a readonly Py_T_PYSSIZET member",
                            String::from_utf8_lossy(n)
                        )));
                    }
                    match n {
                        b"__weaklistoffset__" => (*t).tp_weaklistoffset = offset,
                        b"__dictoffset__" => (*t).tp_dictoffset = offset,
                        _ => (*t).tp_vectorcall_offset = offset,
                    }
                }
                if !special || keep {
                    v.push(PyMemberDef {
                        name: (*m).name,
                        type_code: (*m).type_code,
                        offset,
                        flags: mflags,
                        doc: (*m).doc,
                    });
                }
                m = m.add(1);
            }
            v.push(PyMemberDef {
                name: ptr::null(),
                type_code: 0,
                offset: 0,
                flags: 0,
                doc: ptr::null(),
            });
            let b = Box::into_raw(v.into_boxed_slice()) as *mut PyMemberDef;
            (*ht).ophis_members = b;
            (*t).tp_members = b;
        }
        if (*t).tp_flags & flags::MANAGED_DICT != 0 && (*t).tp_dictoffset != 0 {
            return Err(err::type_error(&format!(
                "type {spec_name} has the Py_TPFLAGS_MANAGED_DICT flag but tp_dictoffset is set"
            )));
        }
        if (*t).tp_flags & flags::MANAGED_WEAKREF != 0 && (*t).tp_weaklistoffset != 0 {
            return Err(err::type_error(&format!(
                "type {spec_name} has the Py_TPFLAGS_MANAGED_WEAKREF flag but tp_weaklistoffset is set"
            )));
        }
        ready(t, false)?;
        let d = (*t).tp_dict;
        typeobj::modified(t);
        if let Some(mn) = module_name {
            let k = unicode::intern("__module__")?;
            let v = unicode::from_str(&mn)?;
            dict::set(d, k.as_ptr(), v.as_ptr())?;
        }
        Ok(owned)
    }
}

/// The base whose layout the new type extends: every base's *solid* base
/// (the nearest ancestor that changed the instance layout) must lie on one
/// chain, as in CPython.
pub(crate) unsafe fn best_base(bases: *mut PyObject) -> PyResult<*mut PyTypeObject> {
    // SAFETY: `bases` is a tuple of ready types.
    unsafe {
        let mut winner: *mut PyTypeObject = ptr::null_mut();
        let mut best: *mut PyTypeObject = ptr::null_mut();
        for i in 0..tuple::size(bases) {
            let b = tuple::item(bases, i) as *mut PyTypeObject;
            let s = solid_base(b);
            if winner.is_null() {
                winner = s;
                best = b;
            } else if typeobj::is_subtype(winner, s) {
            } else if typeobj::is_subtype(s, winner) {
                winner = s;
                best = b;
            } else {
                return Err(err::type_error(
                    "multiple bases have instance lay-out conflict",
                ));
            }
        }
        Ok(best)
    }
}

unsafe fn solid_base(t: *mut PyTypeObject) -> *mut PyTypeObject {
    // SAFETY: `t` is a ready type.
    unsafe {
        let base = (*t).tp_base;
        let parent = if base.is_null() {
            lifecycle::object_type()
        } else {
            solid_base(base)
        };
        if t == lifecycle::object_type() {
            return t;
        }
        let extra = (*t).tp_basicsize != (*parent).tp_basicsize
            || (*t).tp_itemsize != (*parent).tp_itemsize;
        if extra {
            t
        } else {
            parent
        }
    }
}

/// Readies a type declared in C or built from a spec (`PyType_Ready`):
/// base first, inheritance, checks, defaults, MRO and the dict with its
/// descriptors. `immortal` is for Ophis's own static types.
///
/// # Safety
/// `t` must be a live type object not yet used by other threads.
pub unsafe fn ready(t: *mut PyTypeObject, immortal: bool) -> PyResult<()> {
    // SAFETY: exclusive access during readying (caller's contract).
    unsafe {
        if (*t).tp_flags & flags::READY != 0 {
            return Ok(());
        }
        let heap = (*t).tp_flags & flags::HEAPTYPE != 0;
        let own_dealloc = (*t).tp_dealloc.is_some();
        let name = typeobj::full_name(t);
        if !heap && (*t).tp_flags & flags::MANAGED_DICT != 0 {
            return Err(err::system_error(&format!(
                "type {name} has the Py_TPFLAGS_MANAGED_DICT flag but not Py_TPFLAGS_HEAPTYPE flag"
            )));
        }
        if !heap {
            // Static types are immutable once ready (CPython 3.12).
            (*t).tp_flags |= flags::IMMUTABLETYPE;
        }
        if (*t).ob_base.ob_base.ob_type.is_null() {
            (*t).ob_base.ob_base.ob_type = lifecycle::type_type();
        }
        if immortal {
            (*t).ob_base.ob_base.ob_refcnt = IMMORTAL_REFCNT;
        }
        let object = lifecycle::object_type();
        if (*t).tp_base.is_null() && t != object {
            (*t).tp_base = object;
        }
        let base = (*t).tp_base;
        if !base.is_null() {
            ready(base, false)?;
        }
        // The dict gets wrappers for the slots the type defines itself,
        // before it inherits any.
        if (*t).tp_dict.is_null() {
            (*t).tp_dict = dict::new()?.into_raw();
        }
        crate::objects::slotwrap::add_operators(t)?;
        if !base.is_null() {
            let bf = (*base).tp_flags;
            (*t).tp_flags |= bf
                & (flags::SUBCLASS_BITS
                    | flags::MANAGED_DICT
                    | flags::MANAGED_WEAKREF
                    | flags::MATCH_SELF);
            // The pattern-matching kind (sequence or mapping) is
            // inherited unless the type declares one itself.
            if (*t).tp_flags & (flags::SEQUENCE | flags::MAPPING) == 0 {
                (*t).tp_flags |= bf & (flags::SEQUENCE | flags::MAPPING);
            }
            if bf & flags::HAVE_GC != 0
                && (*t).tp_flags & flags::HAVE_GC == 0
                && (*t).tp_traverse.is_none()
                && (*t).tp_clear.is_none()
            {
                (*t).tp_flags |= flags::HAVE_GC;
                (*t).tp_traverse = (*base).tp_traverse;
                (*t).tp_clear = (*base).tp_clear;
            }
            if !heap && (*t).tp_new.is_none() && base == object {
                (*t).tp_flags |= flags::DISALLOW_INSTANTIATION;
            }
            typeobj::inherit_slots(t, base);
            if (*t).tp_flags & flags::DISALLOW_INSTANTIATION != 0 {
                (*t).tp_new = None;
            }
            if (*t).tp_weaklistoffset == 0 {
                (*t).tp_weaklistoffset = (*base).tp_weaklistoffset;
            }
            if (*t).tp_vectorcall_offset == 0 {
                (*t).tp_vectorcall_offset = (*base).tp_vectorcall_offset;
            }
        }
        if (*t).tp_flags & flags::MANAGED_DICT != 0 {
            (*t).tp_dictoffset = -1;
        }
        if (*t).tp_flags & flags::MANAGED_WEAKREF != 0 {
            (*t).tp_weaklistoffset = -32;
        }
        if (*t).tp_flags & flags::HAVE_GC != 0 && (*t).tp_traverse.is_none() {
            return Err(err::system_error(&format!(
                "type {name} has the Py_TPFLAGS_HAVE_GC flag but has no traverse function"
            )));
        }
        if heap && !own_dealloc {
            (*t).tp_dealloc = Some(subtype_dealloc);
        }
        let cs = lifecycle::c_api_slots();
        if (*t).tp_alloc.is_none() {
            (*t).tp_alloc = cs.alloc;
        }
        // A GC type whose base frees without GC bookkeeping frees with it.
        #[allow(unpredictable_function_pointer_comparisons)]
        if (*t).tp_flags & flags::HAVE_GC != 0
            && ((*t).tp_free.is_none() || (*t).tp_free == cs.object_free)
        {
            (*t).tp_free = cs.gc_del;
        }
        // Managed types have a pre-header even without GC: never free them
        // with the plain block free (CPython crashes there, gh-134786).
        #[allow(unpredictable_function_pointer_comparisons)]
        if (*t).tp_flags & (flags::MANAGED_DICT | flags::MANAGED_WEAKREF) != 0
            && (*t).tp_flags & flags::HAVE_GC == 0
            && ((*t).tp_free.is_none() || (*t).tp_free == cs.object_free)
        {
            (*t).tp_free = Some(object_free);
        }
        if (*t).tp_free.is_none() {
            (*t).tp_free = cs.object_free;
        }
        if (*t).tp_getattro.is_none() {
            (*t).tp_getattro = cs.getattro;
        }
        if (*t).tp_setattro.is_none() {
            (*t).tp_setattro = cs.setattro;
        }
        if (*t).tp_hash.is_none() {
            // Comparison overridden without hashing: unhashable, `__hash__`
            // is None (CPython's rule).
            (*t).tp_hash = cs.hash_not_implemented;
            let k = unicode::intern("__hash__")?;
            if dict::get((*t).tp_dict, k.as_ptr())?.is_none() {
                dict::set((*t).tp_dict, k.as_ptr(), lifecycle::none())?;
            }
        }
        if (*t).tp_bases.is_null() {
            let bases = if base.is_null() {
                tuple::new_from(&[])?
            } else {
                tuple::new_from(&[base as *mut PyObject])?
            };
            (*t).tp_bases = bases.into_raw();
        }
        (*t).tp_mro = mro(t)?.into_raw();
        let d = (*t).tp_dict;
        if !(*t).tp_methods.is_null() {
            crate::objects::methodobject::add_methods(t, (*t).tp_methods)?;
        }
        if !(*t).tp_getset.is_null() {
            crate::objects::descr::add_getsets(t, (*t).tp_getset)?;
        }
        if !(*t).tp_members.is_null() {
            member::add_members(t, (*t).tp_members)?;
        }
        let doc_key = unicode::intern("__doc__")?;
        if dict::get(d, doc_key.as_ptr())?.is_none() {
            let doc = if (*t).tp_doc.is_null() {
                Owned::from_borrowed(lifecycle::none())
            } else {
                let text = CStr::from_ptr((*t).tp_doc).to_string_lossy();
                let (_, body) = typeobj::split_internal_doc(&typeobj::short_name(t), &text);
                unicode::from_str(body)?
            };
            dict::set(d, doc_key.as_ptr(), doc.as_ptr())?;
        }
        let full = typeobj::full_name(t);
        let (module, short) = match full.rfind('.') {
            Some(i) => (full[..i].to_string(), full[i + 1..].to_string()),
            None => ("builtins".to_string(), full.clone()),
        };
        let extra = if heap {
            TypeExtra {
                module: None,
                name: None,
                subclasses: Vec::new(),
            }
        } else {
            TypeExtra {
                module: Some(unicode::intern(&module)?),
                name: Some(unicode::intern(&short)?),
                subclasses: Vec::new(),
            }
        };
        (*t).tp_subclasses = Box::into_raw(Box::new(extra)) as *mut c_void;
        typeobj::register_subclass(t);
        (*t).tp_flags |= flags::READY;
        if heap {
            crate::runtime::gc::track(t as *mut PyObject);
        }
        Ok(())
    }
}

/// The MRO of a type: C3 linearization of its bases.
pub(crate) unsafe fn mro(t: *mut PyTypeObject) -> PyResult<Owned> {
    // SAFETY: `t` and its bases are ready types.
    unsafe {
        let bases = (*t).tp_bases;
        let mut seqs: Vec<Vec<*mut PyObject>> = Vec::new();
        for i in 0..tuple::size(bases) {
            let b = tuple::item(bases, i) as *mut PyTypeObject;
            let m = (*b).tp_mro;
            seqs.push((0..tuple::size(m)).map(|j| tuple::item(m, j)).collect());
        }
        seqs.push(
            (0..tuple::size(bases))
                .map(|i| tuple::item(bases, i))
                .collect(),
        );
        let mut out = vec![t as *mut PyObject];
        loop {
            seqs.retain(|s| !s.is_empty());
            if seqs.is_empty() {
                break;
            }
            let cand = seqs
                .iter()
                .map(|s| s[0])
                .find(|c| !seqs.iter().any(|s| s[1..].contains(c)));
            let Some(c) = cand else {
                return Err(err::type_error(
                    "Cannot create a consistent method resolution order (MRO) for bases",
                ));
            };
            out.push(c);
            for s in seqs.iter_mut() {
                if s[0] == c {
                    s.remove(0);
                }
            }
        }
        tuple::new_from(&out)
    }
}

/// `PyType_GenericAlloc`: zeroed instance of `t` with room for `nitems`
/// items (plus one, as CPython), tracked if `t` is a GC type.
///
/// # Safety
/// Slot function: `t` is a live type.
pub unsafe extern "C" fn generic_alloc(t: *mut PyTypeObject, nitems: Py_ssize_t) -> *mut PyObject {
    // SAFETY: slot contract.
    unsafe {
        // Room for `nitems + 1` items, as CPython.
        let gc = (*t).tp_flags & flags::HAVE_GC != 0;
        match alloc::type_var_size(t, nitems.max(0).saturating_add(1)).and_then(|size| {
            if gc {
                alloc::new_gc_object(t, size)
            } else {
                alloc::new_object(t, size)
            }
        }) {
            Ok(op) => {
                if (*t).tp_itemsize != 0 {
                    (*(op as *mut PyVarObject)).ob_size = nitems;
                }
                op
            }
            Err(e) => e.into(),
        }
    }
}

/// `PyType_GenericNew`: `tp_alloc(type, 0)`.
///
/// # Safety
/// Slot function.
pub unsafe extern "C" fn generic_new(
    t: *mut PyTypeObject,
    _a: *mut PyObject,
    _k: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot contract.
    unsafe {
        let f = (*t).tp_alloc.unwrap_or(generic_alloc);
        f(t, 0)
    }
}

/// `PyObject_GC_Del` as a `tp_free`.
///
/// # Safety
/// Slot function: `p` is a dead GC object.
pub unsafe extern "C" fn gc_del(p: *mut c_void) {
    // SAFETY: slot contract.
    unsafe { alloc::free_memory(p as *mut PyObject) }
}

/// `PyObject_Free` of an object as a `tp_free` (objects without pre-header
/// fields are freed the same way).
///
/// # Safety
/// Slot function: `p` is a dead object.
pub unsafe extern "C" fn object_free(p: *mut c_void) {
    // SAFETY: slot contract.
    unsafe { alloc::free_memory(p as *mut PyObject) }
}

/// The default `tp_dealloc` of heap types (CPython's `subtype_dealloc`):
/// untracks, clears weak references and the instance dict, runs the
/// nearest base deallocator that is not this one, and drops the type.
///
/// # Safety
/// Slot function: `op` is dead.
pub unsafe extern "C" fn subtype_dealloc(op: *mut PyObject) {
    // SAFETY: slot contract; the type is kept alive until the end.
    unsafe {
        let t = (*op).ob_type;
        if (*t).tp_finalize.is_some() && !crate::runtime::gc::is_finalized(op) {
            // PEP 442: run the finalizer (once per object: not again when
            // the collector ran it already) on a temporarily revived
            // object; if it keeps a reference, the object lives on.
            (*op).ob_refcnt = 1;
            let saved = err::take();
            crate::runtime::gc::call_finalizer(op);
            err::restore(saved);
            (*op).ob_refcnt -= 1;
            if (*op).ob_refcnt != 0 {
                return;
            }
        }
        if (*t).tp_flags & flags::HAVE_GC != 0 {
            crate::runtime::gc::untrack(op);
        }
        if (*t).tp_weaklistoffset != 0 {
            crate::objects::weakref::clear_weakrefs(op);
        }
        let mut base = t;
        #[allow(unpredictable_function_pointer_comparisons)]
        while (*base).tp_dealloc == Some(subtype_dealloc as unsafe extern "C" fn(*mut PyObject)) {
            base = (*base).tp_base;
        }
        // The instance dict, if a heap type added it (a dict at the nearest
        // static base's `tp_dictoffset`, such as a class's own namespace
        // under a metaclass, is that base's to release).
        if crate::objects::managed::has_managed_dict(op)
            || (*t).tp_dictoffset != (*base).tp_dictoffset
        {
            crate::protocols::attr::clear_instance_dict(op);
        }
        let mut b = t;
        #[allow(unpredictable_function_pointer_comparisons)]
        while (*b).tp_dealloc == Some(subtype_dealloc as unsafe extern "C" fn(*mut PyObject)) {
            for slot in crate::objects::typenew::slot_values(b, op) {
                clear_slot(slot);
            }
            b = (*b).tp_base;
        }
        // A heap type's own deallocator releases its type itself; a static
        // base's does not, so we do.
        let needs_decref =
            (*t).tp_flags & flags::HEAPTYPE != 0 && (*base).tp_flags & flags::HEAPTYPE == 0;
        match (*base).tp_dealloc {
            Some(f) => f(op),
            None => alloc::free_memory(op),
        }
        if needs_decref {
            decref(t as *mut PyObject);
        }
    }
}

/// Deallocates a heap type object.
///
/// # Safety
/// `t` is a dead heap type.
pub unsafe fn dealloc_heap_type(t: *mut PyTypeObject) {
    // SAFETY: the type is dead; we own every field.
    unsafe {
        let ht = t as *mut PyHeapTypeObject;
        crate::runtime::gc::untrack(t as *mut PyObject);
        typeobj::unregister_subclass(t);
        let extra = (*t).tp_subclasses as *mut TypeExtra;
        (*t).tp_subclasses = ptr::null_mut();
        if !extra.is_null() {
            drop(Box::from_raw(extra));
        }
        clear_slot(ptr::addr_of_mut!((*t).tp_dict));
        clear_slot(ptr::addr_of_mut!((*t).tp_bases));
        clear_slot(ptr::addr_of_mut!((*t).tp_mro));
        let base = (*t).tp_base;
        (*t).tp_base = ptr::null_mut();
        xdecref(base as *mut PyObject);
        clear_slot(ptr::addr_of_mut!((*ht).ht_name));
        clear_slot(ptr::addr_of_mut!((*ht).ht_qualname));
        clear_slot(ptr::addr_of_mut!((*ht).ht_module));
        clear_slot(ptr::addr_of_mut!((*ht).ht_slots));
        crate::objects::managed::free_shared_keys((*ht).ht_cached_keys);
        (*ht).ht_cached_keys = ptr::null_mut();
        if !(*ht)._ht_tpname.is_null() {
            drop(CString::from_raw((*ht)._ht_tpname));
        }
        if !(*ht).ophis_doc.is_null() {
            drop(CString::from_raw((*ht).ophis_doc));
        }
        if !(*ht).ophis_members.is_null() {
            let mut n = 0;
            while !(*(*ht).ophis_members.add(n)).name.is_null() {
                n += 1;
            }
            drop(Box::from_raw(ptr::slice_from_raw_parts_mut(
                (*ht).ophis_members,
                n + 1,
            )));
        }
        alloc::free_memory(t as *mut PyObject);
    }
}

/// `PyType_GetModule`.
///
/// # Safety
/// `t` must be a live type.
pub unsafe fn get_module(t: *mut PyTypeObject) -> PyResult<*mut PyObject> {
    // SAFETY: forwarded.
    unsafe {
        if (*t).tp_flags & flags::HEAPTYPE == 0 {
            return Err(err::type_error(&format!(
                "PyType_GetModule: Type '{}' is not a heap type",
                typeobj::full_name(t)
            )));
        }
        let m = (*(t as *mut PyHeapTypeObject)).ht_module;
        if m.is_null() {
            return Err(err::type_error(&format!(
                "PyType_GetModule: Type '{}' has no associated module",
                typeobj::full_name(t)
            )));
        }
        Ok(m)
    }
}

/// Whether `child` adds nothing to its base's instance layout (CPython's
/// `compatible_with_tp_base`).
unsafe fn same_layout_as_base(child: *mut PyTypeObject) -> bool {
    // SAFETY: live ready types.
    unsafe {
        let p = (*child).tp_base;
        !p.is_null()
            && (*child).tp_basicsize == (*p).tp_basicsize
            && (*child).tp_itemsize == (*p).tp_itemsize
            && (*child).tp_dictoffset == (*p).tp_dictoffset
            && (*child).tp_weaklistoffset == (*p).tp_weaklistoffset
            && ((*child).tp_flags & flags::HAVE_GC) == ((*p).tp_flags & flags::HAVE_GC)
            && {
                let d = (*child).tp_dealloc.map(|f| f as usize);
                d == Some(subtype_dealloc as *const () as usize)
                    || d == (*p).tp_dealloc.map(|f| f as usize)
            }
    }
}

/// CPython's `compatible_for_assignment(old, new, "__bases__")`: instances
/// laid out for `old` must fit `new`.
unsafe fn compatible_for_assignment(
    old: *mut PyTypeObject,
    new: *mut PyTypeObject,
) -> PyResult<()> {
    // SAFETY: live ready types.
    unsafe {
        let (nn, on) = (typeobj::full_name(new), typeobj::full_name(old));
        if (*new).tp_free.map(|f| f as usize) != (*old).tp_free.map(|f| f as usize) {
            return Err(err::type_error(&format!(
                "__bases__ assignment: '{nn}' deallocator differs from '{on}'"
            )));
        }
        let mut nb = new;
        while same_layout_as_base(nb) {
            nb = (*nb).tp_base;
        }
        let mut ob = old;
        while same_layout_as_base(ob) {
            ob = (*ob).tp_base;
        }
        let same = nb == ob
            || ((*nb).tp_base == (*ob).tp_base
                && (*nb).tp_basicsize == (*ob).tp_basicsize
                && (*nb).tp_itemsize == (*ob).tp_itemsize
                && (*nb).tp_dictoffset == (*ob).tp_dictoffset
                && (*nb).tp_weaklistoffset == (*ob).tp_weaklistoffset);
        let preheader = flags::MANAGED_DICT | flags::MANAGED_WEAKREF;
        if same && ((*old).tp_flags & preheader) == ((*new).tp_flags & preheader) {
            return Ok(());
        }
        Err(err::type_error(&format!(
            "__bases__ assignment: '{nn}' object layout differs from '{on}'"
        )))
    }
}

/// `T.__bases__ = bases` on a heap type: CPython's checks (a non-empty
/// tuple of classes, no cycle, a compatible layout), then the new bases,
/// MROs recomputed for `t` and every subclass (all restored if one fails),
/// subclass links moved, cached lookups dropped, every slot re-derived.
///
/// # Safety
/// `t` a live heap type; `v` NULL or live.
pub unsafe fn set_bases(t: *mut PyTypeObject, v: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded; the old bases and MROs are held until committed.
    unsafe {
        let tn = typeobj::full_name(t);
        if v.is_null() {
            return Err(err::type_error(&format!(
                "cannot delete '__bases__' attribute of immutable type '{tn}'"
            )));
        }
        if !tuple::check(v) {
            return Err(err::type_error(&format!(
                "can only assign tuple to {tn}.__bases__, not {}",
                typeobj::full_name((*v).ob_type)
            )));
        }
        if tuple::size(v) == 0 {
            return Err(err::type_error(&format!(
                "can only assign non-empty tuple to {tn}.__bases__, not ()"
            )));
        }
        for i in 0..tuple::size(v) {
            let b = tuple::item(v, i);
            if !typeobj::is_type(b) {
                return Err(err::type_error(&format!(
                    "{tn}.__bases__ must be tuple of classes, not '{}'",
                    typeobj::full_name((*b).ob_type)
                )));
            }
            if typeobj::is_subtype(b as *mut PyTypeObject, t) {
                return Err(err::type_error(
                    "a __bases__ item causes an inheritance cycle",
                ));
            }
        }
        let new_base = best_base(v)?;
        compatible_for_assignment((*t).tp_base, new_base)?;

        // every type whose MRO depends on `t`: `t`, then its subclasses
        let mut affected = vec![t];
        let mut i = 0;
        while i < affected.len() {
            let e = typeobj::extra(affected[i]);
            if !e.is_null() {
                for &s in (*e).subclasses.iter() {
                    if !affected.contains(&s) {
                        affected.push(s);
                    }
                }
            }
            i += 1;
        }
        typeobj::unregister_subclass(t);
        let old_bases = std::mem::replace(&mut (*t).tp_bases, new_ref(v));
        let old_base = std::mem::replace(&mut (*t).tp_base, new_base);
        incref(new_base as *mut PyObject);
        let mut old_mros = Vec::with_capacity(affected.len());
        let mut failed = None;
        for &a in &affected {
            match mro(a) {
                Ok(m) => old_mros.push(std::mem::replace(&mut (*a).tp_mro, m.into_raw())),
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        if let Some(e) = failed {
            for (&a, old) in affected.iter().zip(old_mros) {
                xdecref(std::mem::replace(&mut (*a).tp_mro, old));
            }
            xdecref(std::mem::replace(&mut (*t).tp_bases, old_bases));
            decref(std::mem::replace(&mut (*t).tp_base, old_base) as *mut PyObject);
            typeobj::register_subclass(t);
            return Err(e);
        }
        for old in old_mros {
            xdecref(old);
        }
        xdecref(old_bases);
        decref(old_base as *mut PyObject);
        typeobj::register_subclass(t);
        // Lookups cached under the old MROs must not be found again, but
        // arming is left as it is: `type.__setattr__` reports the change
        // (type watchers) with its `modified` once this returns.
        for &a in &affected {
            typeobj::renew_version_tag(a);
        }
        crate::objects::slotwrap::update_all_slots(t);
        Ok(())
    }
}
