//! The everyday methods of the builtin types, as `PyMethodDef` tables in
//! the types' dicts (so `PyObject_VectorcallMethod(name, {obj, ...})` and
//! `PyObject_CallMethod` reach them as method descriptors, exactly like
//! methods of extension types): `str.split`, `join`, `startswith`,
//! `endswith`, `strip`, `replace`, `upper`, `lower`; `dict.get`, `keys`,
//! `values`, `items`, `pop`, `setdefault`, `update`, `copy`, `clear`;
//! `list.append`, `pop`, `insert`, `extend`, `sort`, `__reversed__`; `tuple.index`, `count`. Each
//! uses CPython's calling convention for it and raises CPython's errors;
//! `dict.keys()`/`values()`/`items()` return view objects.
//!
//! Strings are handled as code points (Ophis keeps generalized UTF-8), so
//! indices, case mapping and whitespace follow Python's definitions and
//! lone surrogates survive.

use crate::objects::exceptions::Exc;
use crate::objects::methodobject::meth;
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyMethodDef, PyTypeObject};
use crate::protocols::clinic::{self, arg_opt, fastcall, kw_opt, pos, pos_opt, Sig};
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::{
    objects::codecs, objects::dict, objects::list, objects::long, objects::tuple, objects::unicode,
    protocols::abstract_, runtime::alloc, runtime::gc,
};
use std::ffi::{c_int, c_void, CStr};
use std::ptr;

type Plain = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
type WithKw = unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject;

const fn def(name: &'static CStr, f: *const (), flags: c_int) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        // SAFETY: a function pointer stored under the signature its flags
        // declare, as C code does with `_PyCFunction_CAST`.
        ml_meth: Some(unsafe { std::mem::transmute::<*const (), Plain>(f) }),
        ml_flags: flags,
        ml_doc: ptr::null(),
    }
}

static mut STR_METHODS: [PyMethodDef; 10] = [
    clinic::def(c"split", str_split),
    clinic::def(c"encode", str_encode),
    def(c"join", str_join as Plain as *const (), meth::O),
    def(
        c"startswith",
        str_startswith as Plain as *const (),
        meth::VARARGS,
    ),
    def(
        c"endswith",
        str_endswith as Plain as *const (),
        meth::VARARGS,
    ),
    clinic::def(c"strip", str_strip),
    clinic::def(c"replace", str_replace),
    def(c"upper", str_upper as Plain as *const (), meth::NOARGS),
    def(c"lower", str_lower as Plain as *const (), meth::NOARGS),
    typeobj::METHOD_END,
];

static mut DICT_METHODS: [PyMethodDef; 11] = [
    clinic::def(c"get", dict_get),
    def(c"keys", dict_keys as Plain as *const (), meth::NOARGS),
    def(c"values", dict_values as Plain as *const (), meth::NOARGS),
    def(c"items", dict_items as Plain as *const (), meth::NOARGS),
    clinic::def(c"pop", dict_pop),
    def(c"popitem", dict_popitem as Plain as *const (), meth::NOARGS),
    clinic::def(c"setdefault", dict_setdefault),
    def(
        c"update",
        dict_update as WithKw as *const (),
        meth::VARARGS | meth::KEYWORDS,
    ),
    def(c"copy", dict_copy as Plain as *const (), meth::NOARGS),
    def(c"clear", dict_clear as Plain as *const (), meth::NOARGS),
    typeobj::METHOD_END,
];

static mut LIST_METHODS: [PyMethodDef; 7] = [
    def(c"append", list_append as Plain as *const (), meth::O),
    clinic::def(c"pop", list_pop),
    clinic::def(c"insert", list_insert),
    def(c"extend", list_extend as Plain as *const (), meth::O),
    clinic::def(c"sort", list_sort),
    crate::objects::builtiniter::LIST_REVERSED_DEF,
    typeobj::METHOD_END,
];

static mut BYTES_METHODS: [PyMethodDef; 2] =
    [clinic::def(c"decode", bytes_decode), typeobj::METHOD_END];

static mut TUPLE_METHODS: [PyMethodDef; 3] = [
    clinic::def(c"index", tuple_index),
    def(c"count", tuple_count as Plain as *const (), meth::O),
    typeobj::METHOD_END,
];

/// Puts the tables in the builtin types and creates the view types.
/// Start-up only, before the types are readied.
pub(crate) unsafe fn install() {
    // SAFETY: start-up, exclusive access to the static types.
    unsafe {
        (*lifecycle::unicode_type()).tp_methods = ptr::addr_of_mut!(STR_METHODS).cast();
        (*lifecycle::dict_type()).tp_methods = ptr::addr_of_mut!(DICT_METHODS).cast();
        (*lifecycle::list_type()).tp_methods = ptr::addr_of_mut!(LIST_METHODS).cast();
        (*lifecycle::tuple_type()).tp_methods = ptr::addr_of_mut!(TUPLE_METHODS).cast();
        (*lifecycle::bytes_type()).tp_methods = ptr::addr_of_mut!(BYTES_METHODS).cast();
        for (i, name) in [c"dict_keys", c"dict_values", c"dict_items"]
            .iter()
            .enumerate()
        {
            let t = lifecycle::leak_type();
            (*t).tp_name = name.as_ptr();
            (*t).tp_basicsize = std::mem::size_of::<DictView>() as isize;
            (*t).tp_flags = flags::DEFAULT | flags::HAVE_GC | flags::IMMUTABLETYPE;
            (*t).tp_dealloc = Some(view_dealloc);
            (*t).tp_traverse = Some(view_traverse);
            (*t).tp_repr = Some(view_repr);
            (*t).tp_as_sequence = ptr::addr_of_mut!(VIEW_AS_SEQUENCE);
            (*t).tp_iter = Some(view_iter);
            VIEW_TYPES[i] = t;
        }
    }
}

/// Readies the view types. Start-up only.
pub(crate) unsafe fn ready_types() {
    // SAFETY: start-up.
    unsafe {
        for t in VIEW_TYPES {
            if typeobj::ready_static(t).is_err() {
                lifecycle::fatal("Py_Initialize", "cannot ready the dict view types");
            }
        }
    }
}

// ---- argument helpers --------------------------------------------------

/// `_PyArg_CheckPositional`: `NAME expected [at least |at most ]N
/// argument(s), got M`.
fn check_positional(name: &str, n: isize, min: isize, max: isize) -> PyResult<()> {
    let bound = |what: &str, k: isize| {
        err::type_error(&format!(
            "{name} expected {}{k} argument{}, got {n}",
            if min == max { "" } else { what },
            if k == 1 { "" } else { "s" }
        ))
    };
    if n < min {
        return Err(bound("at least ", min));
    }
    if n > max {
        return Err(bound("at most ", max));
    }
    Ok(())
}

/// A slice bound (`_PyEval_SliceIndex`): None (when allowed) is `None`;
/// big ints clip to the `Py_ssize_t` range.
unsafe fn slice_index(o: *mut PyObject, allow_none: bool) -> PyResult<Option<isize>> {
    // SAFETY: `o` live.
    unsafe {
        if allow_none && o == lifecycle::none() {
            return Ok(None);
        }
        let i = long::index(o).map_err(|e| {
            if err::given_matches(
                err::occurred(),
                crate::objects::exceptions::get(Exc::TypeError),
            ) {
                err::clear();
                err::type_error(if allow_none {
                    "slice indices must be integers or None or have an __index__ method"
                } else {
                    "slice indices must be integers or have an __index__ method"
                })
            } else {
                e
            }
        })?;
        Ok(Some(match long::val(i.as_ptr()) {
            long::Val::Small(v) => v.clamp(isize::MIN as i64, isize::MAX as i64) as isize,
            long::Val::Big(b) if b.sign() == num_bigint::Sign::Minus => isize::MIN,
            long::Val::Big(_) => isize::MAX,
        }))
    }
}

/// Clamps `[start, end)` to a sequence of `len` items as CPython's
/// `ADJUST_INDICES` does.
fn adjust(start: isize, end: isize, len: isize) -> (isize, isize) {
    let end = if end > len {
        len
    } else if end < 0 {
        (end + len).max(0)
    } else {
        end
    };
    let start = if start < 0 {
        (start + len).max(0)
    } else {
        start
    };
    (start, end)
}

fn ok_none() -> *mut PyObject {
    // SAFETY: None is immortal.
    unsafe { new_ref(lifecycle::none()) }
}

/// A method's result when it returns None: None, or NULL with the error.
fn none_or_err(r: PyResult<()>) -> *mut PyObject {
    match r {
        Ok(()) => ok_none(),
        Err(e) => e.into(),
    }
}

// ---- str ----------------------------------------------------------------

/// Python's `str.isspace` for one code point.
fn is_space(c: u32) -> bool {
    matches!(c, 0x1c..=0x1f) || char::from_u32(c).is_some_and(char::is_whitespace)
}

unsafe fn cps(s: *mut PyObject) -> Vec<u32> {
    // SAFETY: `s` a live str.
    unicode::code_points(unsafe { unicode::as_bytes(s) }).collect()
}

fn from_cps(v: &[u32]) -> PyResult<Owned> {
    let mut out = Vec::with_capacity(v.len());
    for &c in v {
        unicode::push_code_point(&mut out, c);
    }
    unicode::from_wtf8(&out)
}

fastcall! {
    /// `str.split(sep=None, maxsplit=-1)`.
    fn str_split(s, a = Sig::new("split", &[arg_opt("sep"), arg_opt("maxsplit")])) {
        let sep = match a.get(0) {
            Some(p) if p != lifecycle::none() && !unicode::check(p) => {
                return Err(err::type_error(&format!(
                    "must be str or None, not {}",
                    typeobj::type_name_of(p)
                )))
            }
            Some(p) if p != lifecycle::none() => Some(cps(p)),
            _ => None,
        };
        split(s, sep, a.ssize(1, -1)?)
    }
}

unsafe fn split(s: *mut PyObject, sep: Option<Vec<u32>>, maxsplit: isize) -> PyResult<Owned> {
    // SAFETY: `s` a live str.
    unsafe {
        let text = cps(s);
        let limit = if maxsplit < 0 {
            usize::MAX
        } else {
            maxsplit as usize
        };
        let mut parts: Vec<&[u32]> = Vec::new();
        match &sep {
            Some(sep) if sep.is_empty() => return Err(err::value_error("empty separator")),
            Some(sep) => {
                let mut rest = &text[..];
                while parts.len() < limit {
                    match rest.windows(sep.len()).position(|w| w == &sep[..]) {
                        Some(i) => {
                            parts.push(&rest[..i]);
                            rest = &rest[i + sep.len()..];
                        }
                        None => break,
                    }
                }
                parts.push(rest);
            }
            None => {
                let mut i = 0;
                let len = text.len();
                while i < len {
                    while i < len && is_space(text[i]) {
                        i += 1;
                    }
                    if i == len {
                        break;
                    }
                    if parts.len() == limit {
                        parts.push(&text[i..]);
                        break;
                    }
                    let j = (i..len).find(|&j| is_space(text[j])).unwrap_or(len);
                    parts.push(&text[i..j]);
                    i = j;
                }
                // The remainder after the last split keeps trailing
                // whitespace but not leading whitespace (handled above).
            }
        }
        let out = list::new(0)?;
        for p in parts {
            let piece = from_cps(p)?;
            list::append(out.as_ptr(), piece.as_ptr())?;
        }
        Ok(out)
    }
}

unsafe extern "C" fn str_join(s: *mut PyObject, seq: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a str.
    unsafe { err::into_ptr(unicode::join(s, seq)) }
}

unsafe fn tailmatch(text: &[u32], sub: &[u32], start: isize, end: isize, at_end: bool) -> bool {
    let (start, end) = adjust(start, end, text.len() as isize);
    let end = end - sub.len() as isize;
    if end < start {
        return false;
    }
    if sub.is_empty() {
        return true;
    }
    let at = if at_end { end } else { start } as usize;
    &text[at..at + sub.len()] == sub
}

unsafe fn starts_ends(
    s: *mut PyObject,
    args: *mut PyObject,
    name: &str,
    at_end: bool,
) -> PyResult<Owned> {
    // SAFETY: forwarded; `args` is the VARARGS tuple.
    unsafe {
        let n = tuple::size(args);
        if n < 1 {
            return Err(err::type_error(&format!(
                "{name}() takes at least 1 argument (0 given)"
            )));
        }
        if n > 3 {
            return Err(err::type_error(&format!(
                "{name}() takes at most 3 arguments ({n} given)"
            )));
        }
        let sub = tuple::item(args, 0);
        let start = if n > 1 {
            slice_index(tuple::item(args, 1), true)?.unwrap_or(0)
        } else {
            0
        };
        let end = if n > 2 {
            slice_index(tuple::item(args, 2), true)?.unwrap_or(isize::MAX)
        } else {
            isize::MAX
        };
        let text = cps(s);
        let hit = if tuple::check(sub) {
            let mut any = false;
            for i in 0..tuple::size(sub) {
                let p = tuple::item(sub, i);
                if !unicode::check(p) {
                    return Err(err::type_error(&format!(
                        "tuple for {name} must only contain str, not {}",
                        typeobj::type_name_of(p)
                    )));
                }
                if tailmatch(&text, &cps(p), start, end, at_end) {
                    any = true;
                    break;
                }
            }
            any
        } else if unicode::check(sub) {
            tailmatch(&text, &cps(sub), start, end, at_end)
        } else {
            return Err(err::type_error(&format!(
                "{name} first arg must be str or a tuple of str, not {}",
                typeobj::type_name_of(sub)
            )));
        };
        Ok(long::bool_from(hit))
    }
}

unsafe extern "C" fn str_startswith(s: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a str.
    unsafe { err::into_ptr(starts_ends(s, args, "startswith", false)) }
}

unsafe extern "C" fn str_endswith(s: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a str.
    unsafe { err::into_ptr(starts_ends(s, args, "endswith", true)) }
}

fastcall! {
    /// `str.strip(chars=None, /)`.
    fn str_strip(s, a = Sig::new("strip", &[pos_opt("chars")])) {
            let set: Option<Vec<u32>> = match a.get(0) {
                Some(c) if c != lifecycle::none() && !unicode::check(c) => {
                    return Err(err::type_error("strip arg must be None or str"))
                }
                Some(c) if c != lifecycle::none() => Some(cps(c)),
                _ => None,
            };
            let strip = |c: u32| match &set {
                None => is_space(c),
                Some(v) => v.contains(&c),
            };
            let text = cps(s);
            let a = text.iter().position(|&c| !strip(c)).unwrap_or(text.len());
            let b = text.iter().rposition(|&c| !strip(c)).map_or(a, |i| i + 1);
            if a == 0 && b == text.len() && unicode::check_exact(s) {
                return Ok(Owned::from_borrowed(s));
            }
            from_cps(&text[a..b.max(a)])
    }
}

fastcall! {
    /// `str.replace(old, new, count=-1, /)`.
    fn str_replace(s, a = Sig::new("replace", &[pos("old"), pos("new"), pos_opt("count")])) {
            let (old, new) = (a.req_str(0)?, a.req_str(1)?);
            let count = a.ssize(2, -1)?;
            let (text, old, new) = (cps(s), cps(old), cps(new));
            let mut left = if count < 0 {
                usize::MAX
            } else {
                count as usize
            };
            let mut out = Vec::with_capacity(text.len());
            if old.is_empty() {
                for &c in &text {
                    if left > 0 {
                        out.extend_from_slice(&new);
                        left -= 1;
                    }
                    out.push(c);
                }
                if left > 0 {
                    out.extend_from_slice(&new);
                }
            } else {
                let mut i = 0;
                while i < text.len() {
                    if left > 0 && text[i..].starts_with(&old) {
                        out.extend_from_slice(&new);
                        i += old.len();
                        left -= 1;
                    } else {
                        out.push(text[i]);
                        i += 1;
                    }
                }
            }
            from_cps(&out)
    }
}

fastcall! {
    /// `str.encode(encoding='utf-8', errors='strict')`.
    fn str_encode(s, a = Sig::new("encode", &[arg_opt("encoding"), arg_opt("errors")])) {
        let (enc, errs) = (a.str(0)?, a.str(1)?);
        let enc = enc.map(|e| unicode::as_str(e));
        let errs = errs.map(|e| unicode::as_str(e));
        codecs::encode_to_bytes(s, enc.as_deref(), errs.as_deref())
    }
}

fastcall! {
    /// `bytes.decode(encoding='utf-8', errors='strict')`.
    fn bytes_decode(b, a = Sig::new("decode", &[arg_opt("encoding"), arg_opt("errors")])) {
        let (enc, errs) = (a.str(0)?, a.str(1)?);
        let enc = enc.map(|e| unicode::as_str(e));
        let errs = errs.map(|e| unicode::as_str(e));
        codecs::decode_bytes(crate::objects::bytes::as_slice(b), enc.as_deref(), errs.as_deref())
    }
}

unsafe fn map_case(s: *mut PyObject, upper: bool) -> PyResult<Owned> {
    // SAFETY: `s` a live str.
    unsafe {
        let mut out = Vec::new();
        for c in unicode::code_points(unicode::as_bytes(s)) {
            match char::from_u32(c) {
                Some(ch) if upper => ch
                    .to_uppercase()
                    .for_each(|u| unicode::push_code_point(&mut out, u as u32)),
                Some(ch) => ch
                    .to_lowercase()
                    .for_each(|u| unicode::push_code_point(&mut out, u as u32)),
                None => unicode::push_code_point(&mut out, c),
            }
        }
        unicode::from_wtf8(&out)
    }
}

unsafe extern "C" fn str_upper(s: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a str.
    unsafe { err::into_ptr(map_case(s, true)) }
}

unsafe extern "C" fn str_lower(s: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a str.
    unsafe { err::into_ptr(map_case(s, false)) }
}

// ---- dict ---------------------------------------------------------------

fastcall! {
    /// `dict.get(key, default=None, /)`.
    fn dict_get(d, a = Sig::new("get", &[pos("key"), pos_opt("default")])) {
        Ok(match dict::get(d, a.req(0))? {
            Some(v) => Owned::from_borrowed(v),
            None => Owned::from_borrowed(a.get(1).unwrap_or(lifecycle::none())),
        })
    }
}

fastcall! {
    /// `dict.pop(key[, default], /)`.
    fn dict_pop(d, a = Sig::new("pop", &[pos("key"), pos_opt("default")])) {
        let key = a.req(0);
        match dict::get(d, key)? {
            Some(v) => {
                let v = Owned::from_borrowed(v);
                dict::del(d, key)?;
                Ok(v)
            }
            None => match a.get(1) {
                Some(dflt) => Ok(Owned::from_borrowed(dflt)),
                None => Err(err::key_error(key)),
            },
        }
    }
}

unsafe extern "C" fn dict_popitem(d: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a dict.
    unsafe { err::into_ptr(dict::popitem(d)) }
}

fastcall! {
    /// `dict.setdefault(key, default=None, /)`.
    fn dict_setdefault(d, a = Sig::new("setdefault", &[pos("key"), pos_opt("default")])) {
        let dflt = a.get(1).unwrap_or(lifecycle::none());
        Ok(Owned::from_borrowed(dict::set_default(d, a.req(0), dflt)?))
    }
}

unsafe extern "C" fn dict_update(
    d: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: method on a dict; a tuple and NULL or a dict.
    unsafe {
        let r = (|| -> PyResult<()> {
            let n = tuple::size(args);
            check_positional("update", n, 0, 1)?;
            if n == 1 {
                let other = tuple::item(args, 0);
                let keys = unicode::intern("keys")?;
                if dict::check(other) || abstract_::lookup_attr(other, keys.as_ptr())?.is_some() {
                    dict::merge(d, other, true)?;
                } else {
                    dict::merge_from_seq2(d, other, true)?;
                }
            }
            if !kw.is_null() && dict::len(kw) > 0 {
                dict::merge(d, kw, true)?;
            }
            Ok(())
        })();
        none_or_err(r)
    }
}

unsafe extern "C" fn dict_copy(d: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a dict.
    unsafe { err::into_ptr(dict::copy(d)) }
}

unsafe extern "C" fn dict_clear(d: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a dict.
    unsafe {
        dict::clear(d);
        ok_none()
    }
}

/// A `dict_keys`/`dict_values`/`dict_items` view.
#[repr(C)]
struct DictView {
    ob_base: PyObject,
    dict: *mut PyObject,
}

static mut VIEW_TYPES: [*mut PyTypeObject; 3] = [ptr::null_mut(); 3];

static mut VIEW_AS_SEQUENCE: typeobj::PySequenceMethods = {
    // SAFETY: an all-zero table is a table of absent slots.
    let mut s: typeobj::PySequenceMethods = unsafe { std::mem::zeroed() };
    s.sq_length = Some(view_len);
    s
};

unsafe fn new_view(d: *mut PyObject, kind: usize) -> *mut PyObject {
    // SAFETY: `d` a live dict.
    unsafe {
        let r = (|| -> PyResult<Owned> {
            let op = alloc::new_object(VIEW_TYPES[kind], std::mem::size_of::<DictView>())?;
            (*(op as *mut DictView)).dict = new_ref(d);
            gc::track(op);
            Ok(Owned::from_raw(op))
        })();
        err::into_ptr(r)
    }
}

unsafe extern "C" fn dict_keys(d: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a dict.
    unsafe { new_view(d, 0) }
}

unsafe extern "C" fn dict_values(d: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a dict.
    unsafe { new_view(d, 1) }
}

unsafe extern "C" fn dict_items(d: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a dict.
    unsafe { new_view(d, 2) }
}

/// `tp_iter` of the views: the dict iterator of the view's kind.
unsafe extern "C" fn view_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a view, whose type is one of VIEW_TYPES.
    unsafe {
        let Some(kind) = view_kind((*op).ob_type) else {
            return err::bad_argument().into();
        };
        err::into_ptr(crate::objects::iterobject::dict_iter(
            (*(op as *mut DictView)).dict,
            kind,
        ))
    }
}

fn view_kind(t: *mut PyTypeObject) -> Option<usize> {
    // SAFETY: written once at start-up.
    unsafe { (*ptr::addr_of!(VIEW_TYPES)).iter().position(|&v| v == t) }
}

/// The items a dict view iterates over (keys, values or `(key, value)`
/// tuples), or `None` when `op` is not a view.
///
/// # Safety
/// `op` live.
pub unsafe fn view_items(op: *mut PyObject) -> Option<PyResult<Vec<Owned>>> {
    // SAFETY: forwarded.
    unsafe {
        let kind = view_kind((*op).ob_type)?;
        let d = (*(op as *mut DictView)).dict;
        let entries = dict::items_vec(d);
        Some(
            entries
                .into_iter()
                .map(|(k, v)| match kind {
                    0 => Ok(k),
                    1 => Ok(v),
                    _ => tuple::new_from(&[k.as_ptr(), v.as_ptr()]),
                })
                .collect(),
        )
    }
}

unsafe extern "C" fn view_len(op: *mut PyObject) -> isize {
    // SAFETY: slot on a view.
    unsafe { dict::len((*(op as *mut DictView)).dict) }
}

unsafe extern "C" fn view_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a view.
    unsafe {
        let r = (|| -> PyResult<Owned> {
            let items = view_items(op).unwrap_or_else(|| Ok(Vec::new()))?;
            let l = list::from_owned(items)?;
            let inner = abstract_::repr_string(l.as_ptr())?;
            let name = CStr::from_ptr((*(*op).ob_type).tp_name).to_string_lossy();
            unicode::from_str(&format!("{name}({inner})"))
        })();
        err::into_ptr(r)
    }
}

unsafe extern "C" fn view_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        clear_slot(ptr::addr_of_mut!((*(op as *mut DictView)).dict));
        alloc::free_object(op);
    }
}

unsafe extern "C" fn view_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a view.
    unsafe {
        let d = (*(op as *mut DictView)).dict;
        match visit {
            Some(v) if !d.is_null() => v(d, arg),
            _ => 0,
        }
    }
}

// ---- list ---------------------------------------------------------------

unsafe extern "C" fn list_append(l: *mut PyObject, v: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a list.
    unsafe { none_or_err(list::append(l, v)) }
}

fastcall! {
    /// `list.pop(index=-1, /)`.
    fn list_pop(l, a = Sig::new("pop", &[pos_opt("index")])) {
        let i = a.ssize(0, -1)?;
        let len = list::size(l);
        if len == 0 {
            return Err(err::index_error("pop from empty list"));
        }
        let j = if i < 0 { i + len } else { i };
        if j < 0 || j >= len {
            return Err(err::index_error("pop index out of range"));
        }
        list::pop_at(l, j)
    }
}

fastcall! {
    /// `list.insert(index, object, /)`.
    fn list_insert(l, a = Sig::new("insert", &[pos("index"), pos("object")])) {
        let i = a.ssize(0, 0)?;
        list::insert(l, i, a.req(1))?;
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

fastcall! {
    /// `list.sort(*, key=None, reverse=False)`.
    fn list_sort(l, a = Sig::new("sort", &[kw_opt("key"), kw_opt("reverse")])) {
        let key = a.get(0).filter(|k| *k != lifecycle::none());
        let reverse = a.truth(1, false)?;
        crate::objects::seqslice::list_sort_by(l, key, reverse)?;
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

unsafe extern "C" fn list_extend(l: *mut PyObject, it: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a list; the items are collected before appending
    // (so `l.extend(l)` doubles the list).
    unsafe {
        let r = (|| -> PyResult<()> {
            for x in abstract_::collect(it, "")? {
                list::append(l, x.as_ptr())?;
            }
            Ok(())
        })();
        none_or_err(r)
    }
}

// ---- tuple --------------------------------------------------------------

fastcall! {
    /// `tuple.index(value, start=0, stop=sys.maxsize, /)`.
    fn tuple_index(t, a = Sig::new("index", &[pos("value"), pos_opt("start"), pos_opt("stop")])) {
        let len = tuple::size(t);
        let mut start = match a.get(1) {
            Some(v) => slice_index(v, false)?.unwrap_or(0),
            None => 0,
        };
        let mut stop = match a.get(2) {
            Some(v) => slice_index(v, false)?.unwrap_or(isize::MAX),
            None => isize::MAX,
        };
        if start < 0 {
            start = (start + len).max(0);
        }
        if stop < 0 {
            stop += len;
        }
        let mut i = start;
        while i < stop && i < len {
            if abstract_::rich_compare_bool(tuple::item(t, i), a.req(0), abstract_::EQ)? {
                return long::from_i64(i as i64);
            }
            i += 1;
        }
        Err(err::value_error("tuple.index(x): x not in tuple"))
    }
}

unsafe extern "C" fn tuple_count(t: *mut PyObject, v: *mut PyObject) -> *mut PyObject {
    // SAFETY: method on a tuple.
    unsafe {
        let r = (|| -> PyResult<Owned> {
            let mut c = 0i64;
            for i in 0..tuple::size(t) {
                if abstract_::rich_compare_bool(tuple::item(t, i), v, abstract_::EQ)? {
                    c += 1;
                }
            }
            long::from_i64(c)
        })();
        err::into_ptr(r)
    }
}
