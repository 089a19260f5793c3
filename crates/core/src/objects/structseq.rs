//! Struct sequences (`PyStructSequence`): tuples whose items also have
//! names, such as `sys.version_info` and `sys.flags`. The first
//! `n_sequence_fields` items are the tuple; the others are reachable only by
//! name. Each field is a read-only member over the item's slot.
//!
//! # Layout
//!
//! An instance is a tuple whose `ob_size` counts the visible items; the
//! hidden ones follow them. The type's `tp_basicsize` includes one pointer
//! per hidden field, so allocating with the visible count as the item
//! count gives room for every field, and the real size is recovered from
//! the type alone (no dictionary lookup in the deallocator).

use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyMemberDef, PyTypeObject};
use crate::objects::{dict, tuple, unicode};
use crate::protocols::{abstract_, clinic};
use crate::runtime::err::{self, PyResult};
use crate::runtime::{alloc, gc, lifecycle};
use std::ffi::{c_char, c_int, c_void, CStr};
use std::ptr;

/// The name of a field without a name (`PyStructSequence_UnnamedField`,
/// whose text is compared, so C's pointer and this one are the same).
pub static UNNAMED: &CStr = c"unnamed field";

impl Field {
    /// Whether the field has no name.
    ///
    /// # Safety
    /// `name` a C string.
    pub unsafe fn is_unnamed(&self) -> bool {
        // SAFETY: forwarded.
        unsafe { CStr::from_ptr(self.name) == UNNAMED }
    }
}

const SLOT: usize = std::mem::size_of::<*mut PyObject>();
const HEADER: usize = std::mem::offset_of!(tuple::PyTupleObject, ob_item);

/// One field: its name (or [`UNNAMED`]) and its documentation.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The name; `UNNAMED.as_ptr()` for an unnamed field.
    pub name: *const c_char,
    /// The documentation, or NULL.
    pub doc: *const c_char,
}

// SAFETY: the pointers are to immutable C strings that live as long as the
// type (static strings for the runtime's own types).
unsafe impl Sync for Field {}

/// The number of fields of a struct sequence `op`, visible and hidden.
///
/// # Safety
/// `op` a struct sequence.
unsafe fn real_size(op: *mut PyObject) -> usize {
    // SAFETY: the layout described in the module docs.
    unsafe {
        let t = (*op).ob_type;
        tuple::size(op) as usize + ((*t).tp_basicsize as usize - HEADER) / SLOT
    }
}

/// Whether `op` is an instance of a struct sequence type.
///
/// # Safety
/// `op` live.
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { is_type((*op).ob_type) }
}

/// Whether `t` is a struct sequence type: a tuple subtype whose dict
/// holds `n_fields`, as [`init_type`] makes them.
///
/// # Safety
/// `t` a live type.
pub unsafe fn is_type(t: *mut PyTypeObject) -> bool {
    // SAFETY: reads the type's slots and dict.
    unsafe {
        typeobj::is_subtype(t, lifecycle::tuple_type())
            && !(*t).tp_dict.is_null()
            && unicode::intern("n_fields")
                .ok()
                .and_then(|k| dict::get_str_borrowed((*t).tp_dict, k.as_ptr()))
                .is_some()
    }
}

/// The number of fields of a struct sequence, visible and hidden.
///
/// # Safety
/// `op` a struct sequence.
pub unsafe fn field_count(op: *mut PyObject) -> usize {
    // SAFETY: forwarded.
    unsafe { real_size(op) }
}

/// The visible field count of a struct sequence type.
unsafe fn visible(t: *mut PyTypeObject) -> PyResult<usize> {
    // SAFETY: `t` a struct sequence type with its counts in its dict.
    unsafe { count(t, "n_sequence_fields") }
}

unsafe fn count(t: *mut PyTypeObject, name: &str) -> PyResult<usize> {
    // SAFETY: the type's dict is live.
    unsafe {
        let key = unicode::from_str(name)?;
        let v = dict::get((*t).tp_dict, key.as_ptr())?
            .ok_or_else(|| err::type_error(&format!("missing {name} in struct sequence type")))?;
        Ok(crate::objects::long::as_i64(v, "count too large")? as usize)
    }
}

/// Makes `t` a struct sequence type named `name` (dotted: the module's name
/// first) with `fields`, the first `n_in_sequence` visible, and readies it.
/// `t` is zeroed memory of a type object that lives as long as the
/// process, or a static type object of a C extension
/// (`PyStructSequence_InitType2`).
///
/// # Safety
/// `t` points to a writable, otherwise unused type object; the strings
/// live as long as the type.
pub unsafe fn init_type(
    t: *mut PyTypeObject,
    name: *const c_char,
    doc: *const c_char,
    fields: &[Field],
    n_in_sequence: usize,
) -> PyResult<()> {
    // SAFETY: the type object is ours to fill; the member table is leaked
    // for the type's lifetime.
    unsafe {
        if n_in_sequence > fields.len() {
            return Err(err::system_error(
                "struct sequence: more visible fields than fields",
            ));
        }
        let hidden = fields.len() - n_in_sequence;
        let unnamed = fields.iter().filter(|f| f.is_unnamed()).count();
        let mut members: Vec<PyMemberDef> = fields
            .iter()
            .enumerate()
            .filter(|(_, f)| !f.is_unnamed())
            .map(|(i, f)| PyMemberDef {
                name: f.name,
                type_code: crate::objects::member::t::OBJECT,
                offset: (HEADER + i * SLOT) as isize,
                flags: crate::objects::member::t::READONLY,
                doc: f.doc,
            })
            .collect();
        members.push(crate::objects::member::MEMBER_END);
        if (*t).ob_base.ob_base.ob_type.is_null() {
            (*t).ob_base.ob_base = static_header(lifecycle::type_type());
        }
        (*t).tp_name = name;
        (*t).tp_doc = doc;
        (*t).tp_base = lifecycle::tuple_type();
        (*t).tp_basicsize = (HEADER + hidden * SLOT) as isize;
        (*t).tp_itemsize = SLOT as isize;
        (*t).tp_flags = flags::DEFAULT | flags::TUPLE_SUBCLASS | flags::HAVE_GC;
        (*t).tp_dealloc = Some(structseq_dealloc);
        (*t).tp_traverse = Some(structseq_traverse);
        (*t).tp_repr = Some(structseq_repr);
        (*t).tp_new = Some(structseq_new);
        (*t).tp_methods = ptr::addr_of_mut!(METHODS) as *mut typeobj::PyMethodDef;
        (*t).tp_members = Box::leak(members.into_boxed_slice()).as_mut_ptr();
        typeobj::ready_static(t)?;
        let d = (*t).tp_dict;
        for (k, v) in [
            ("n_sequence_fields", n_in_sequence),
            ("n_fields", fields.len()),
            ("n_unnamed_fields", unnamed),
        ] {
            let v = crate::objects::long::from_i64(v as i64)?;
            let key = unicode::intern(k)?;
            dict::set(d, key.as_ptr(), v.as_ptr())?;
        }
        let names: Vec<Owned> = fields[..n_in_sequence]
            .iter()
            .filter(|f| !f.is_unnamed())
            .map(|f| unicode::from_str(&CStr::from_ptr(f.name).to_string_lossy()))
            .collect::<PyResult<_>>()?;
        let m = tuple::from_owned(names)?;
        let key = unicode::intern("__match_args__")?;
        dict::set(d, key.as_ptr(), m.as_ptr())?;
        Ok(())
    }
}

/// A new struct sequence type, made like a static type that lives for the
/// process (`PyStructSequence_NewType` and the runtime's own types).
///
/// # Safety
/// The strings live for the process.
pub unsafe fn new_type(
    name: *const c_char,
    doc: *const c_char,
    fields: &[Field],
    n_in_sequence: usize,
) -> PyResult<*mut PyTypeObject> {
    // SAFETY: a fresh type object.
    unsafe {
        let t = lifecycle::leak_type();
        init_type(t, name, doc, fields, n_in_sequence)?;
        Ok(t)
    }
}

/// A new instance of `t` with every field NULL, for the caller to fill
/// (`PyStructSequence_New`).
///
/// # Safety
/// `t` a struct sequence type.
pub unsafe fn new(t: *mut PyTypeObject) -> PyResult<Owned> {
    // SAFETY: the layout described in the module docs.
    unsafe { tuple::new_of_type(t, visible(t)?) }
}

/// An instance of `t` with `values` (one per field), made from new
/// references.
///
/// # Safety
/// `t` a struct sequence type; the values live.
pub unsafe fn from_values(t: *mut PyTypeObject, values: &[*mut PyObject]) -> PyResult<Owned> {
    // SAFETY: every slot written once with a new reference.
    unsafe {
        let op = new(t)?;
        let n = real_size(op.as_ptr());
        if values.len() != n {
            return Err(err::system_error("struct sequence: wrong number of values"));
        }
        for (i, &v) in values.iter().enumerate() {
            set_item(op.as_ptr(), i, new_ref(v));
        }
        Ok(op)
    }
}

/// Stores `v` (stolen) as field `i`, visible or hidden
/// (`PyStructSequence_SetItem`).
///
/// # Safety
/// `op` a struct sequence; `i` below its field count.
pub unsafe fn set_item(op: *mut PyObject, i: usize, v: *mut PyObject) {
    // SAFETY: the slot is inside the object.
    unsafe {
        let slot = tuple::items(op).add(i);
        let old = std::mem::replace(&mut *slot, v);
        xdecref(old);
    }
}

/// Field `i` (borrowed), visible or hidden (`PyStructSequence_GetItem`).
///
/// # Safety
/// As [`set_item`].
pub unsafe fn get_item(op: *mut PyObject, i: usize) -> *mut PyObject {
    // SAFETY: the slot is inside the object.
    unsafe { *tuple::items(op).add(i) }
}

unsafe extern "C" fn structseq_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; every field NULL or owned.
    unsafe {
        gc::untrack(op);
        for i in 0..real_size(op) {
            xdecref(get_item(op, i));
        }
        alloc::free_object(op);
    }
}

unsafe extern "C" fn structseq_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a struct sequence.
    unsafe { gc::visit_all((0..real_size(op)).map(|i| get_item(op, i)), visit, arg) }
}

/// `name(field=repr, ...)` over the visible fields.
unsafe extern "C" fn structseq_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a struct sequence.
    unsafe {
        let r = (|| -> PyResult<Owned> {
            let t = (*op).ob_type;
            let name = CStr::from_ptr((*t).tp_name).to_string_lossy().into_owned();
            let text = abstract_::with_repr_guard(op, &format!("{name}(...)"), || {
                let mut parts = Vec::new();
                let mut m = (*t).tp_members;
                for i in 0..tuple::size(op) as usize {
                    let field = if m.is_null() || (*m).name.is_null() {
                        format!("{i}")
                    } else {
                        let f = CStr::from_ptr((*m).name).to_string_lossy().into_owned();
                        m = m.add(1);
                        f
                    };
                    let v = get_item(op, i);
                    let v = if v.is_null() { lifecycle::none() } else { v };
                    parts.push(format!("{field}={}", abstract_::repr_string(v)?));
                }
                Ok(format!("{name}({})", parts.join(", ")))
            })?;
            unicode::from_str(&text)
        })();
        err::into_ptr(r)
    }
}

/// `T(sequence, dict=None)`: the visible fields from `sequence`, hidden
/// ones from the sequence's extra items or from `dict` (None when
/// missing), with CPython's length errors.
unsafe extern "C" fn structseq_new(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot contract.
    unsafe {
        let r = (|| -> PyResult<Owned> {
            static SIG: clinic::Sig = clinic::Sig::new(
                "structseq",
                &[clinic::arg("sequence"), clinic::arg_opt("dict")],
            );
            let bound = SIG.bind_call::<2>(args, kw)?;
            let fast =
                crate::protocols::sequence::fast(bound.req(0), "constructor requires a sequence")?;
            let seq = crate::protocols::sequence::to_tuple(fast.as_ptr())?;
            let d = bound.get(1).filter(|d| *d != lifecycle::none());
            if let Some(d) = d {
                if !dict::check(d) {
                    return Err(err::type_error(&format!(
                        "{:.500}() takes a dict as second arg, if any",
                        CStr::from_ptr((*t).tp_name).to_string_lossy()
                    )));
                }
            }
            let len = tuple::size(seq.as_ptr()) as usize;
            let min = visible(t)?;
            let max = count(t, "n_fields")?;
            let name = CStr::from_ptr((*t).tp_name).to_string_lossy().into_owned();
            if len < min {
                let msg = if min == max {
                    format!("{name:.500}() takes a {min}-sequence ({len}-sequence given)")
                } else {
                    format!("{name:.500}() takes an at least {min}-sequence ({len}-sequence given)")
                };
                return Err(err::type_error(&msg));
            }
            if len > max {
                let msg = if min == max {
                    format!("{name:.500}() takes a {min}-sequence ({len}-sequence given)")
                } else {
                    format!("{name:.500}() takes an at most {max}-sequence ({len}-sequence given)")
                };
                return Err(err::type_error(&msg));
            }
            let op = new(t)?;
            for i in 0..len {
                set_item(
                    op.as_ptr(),
                    i,
                    new_ref(tuple::item(seq.as_ptr(), i as isize)),
                );
            }
            // Hidden fields past the sequence come from the dict by name.
            let mut m = (*t).tp_members;
            while !m.is_null() && !(*m).name.is_null() {
                let idx = ((*m).offset as usize - HEADER) / SLOT;
                if idx >= len && idx < max {
                    let v = match d {
                        Some(d) => {
                            let key =
                                unicode::from_str(&CStr::from_ptr((*m).name).to_string_lossy())?;
                            dict::get(d, key.as_ptr())?
                        }
                        None => None,
                    };
                    set_item(op.as_ptr(), idx, new_ref(v.unwrap_or(lifecycle::none())));
                }
                m = m.add(1);
            }
            for k in len..max {
                if get_item(op.as_ptr(), k).is_null() {
                    set_item(op.as_ptr(), k, new_ref(lifecycle::none()));
                }
            }
            Ok(op)
        })();
        err::into_ptr(r)
    }
}

clinic::fastcall! {
    /// `__reduce__`: `(type, ((visible items), {hidden name: value}))`.
    fn structseq_reduce(op, _a = clinic::Sig::new("__reduce__", &[])) {
        let n = tuple::size(op) as usize;
        let items: Vec<*mut PyObject> = (0..n).map(|i| get_item(op, i)).collect();
        let visible = tuple::new_from(&items)?;
        let d = dict::new()?;
        let t = (*op).ob_type;
        let mut m = (*t).tp_members;
        while !m.is_null() && !(*m).name.is_null() {
            let idx = ((*m).offset as usize - HEADER) / SLOT;
            if idx >= n {
                let v = get_item(op, idx);
                let v = if v.is_null() { lifecycle::none() } else { v };
                let key = unicode::from_str(&CStr::from_ptr((*m).name).to_string_lossy())?;
                dict::set(d.as_ptr(), key.as_ptr(), v)?;
            }
            m = m.add(1);
        }
        let args = tuple::new_from(&[visible.as_ptr(), d.as_ptr()])?;
        tuple::new_from(&[t as *mut PyObject, args.as_ptr()])
    }
}

static mut METHODS: [typeobj::PyMethodDef; 2] = [
    clinic::def(c"__reduce__", structseq_reduce),
    typeobj::METHOD_END,
];
