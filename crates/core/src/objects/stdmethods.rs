//! The method tables of the builtin types, in one place: each type's
//! `PyMethodDef` array (so `PyObject_VectorcallMethod(name, {obj, ...})`
//! and `PyObject_CallMethod` reach the methods as method descriptors,
//! exactly like methods of extension types) and their installation at
//! start-up. The methods themselves live by type: `strmethods.rs`,
//! `listmethods.rs` (`list`, `tuple`), `dictmethods.rs`,
//! `bytesmethods.rs` (`bytes`, `bytearray`), `nummethods.rs` (`int`,
//! `float`); each is declared with `clinic`'s signatures, so arity,
//! keyword and converter errors are CPython's.

use crate::objects::bytesmethods as bm;
use crate::objects::exceptions::Exc;
use crate::objects::methodobject::meth;
use crate::objects::object::*;
use crate::objects::typeobj::{self, PyMethodDef};
use crate::objects::{dictmethods as dm, listmethods as lm, nummethods as nm, strmethods as sm};
use crate::protocols::clinic::{def, def_class, def_static};
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use std::ptr;

type WithKw = unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject;
type Plain = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

/// A `METH_VARARGS | METH_KEYWORDS` entry (for `*args, **kwargs`
/// methods, which take anything).
const fn def_varkw(name: &'static std::ffi::CStr, f: WithKw) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        // SAFETY: stored under the signature its flags declare, as C code
        // does with `_PyCFunction_CAST`.
        ml_meth: Some(unsafe { std::mem::transmute::<WithKw, Plain>(f) }),
        ml_flags: meth::VARARGS | meth::KEYWORDS,
        ml_doc: ptr::null(),
    }
}

static mut STR_METHODS: [PyMethodDef; 51] = [
    def(c"encode", sm::str_encode),
    def(c"replace", sm::str_replace),
    def(c"split", sm::str_split),
    def(c"rsplit", sm::str_rsplit),
    def(c"join", sm::str_join),
    def(c"capitalize", sm::str_capitalize),
    def(c"casefold", sm::str_casefold),
    def(c"title", sm::str_title),
    def(c"center", sm::str_center),
    def(c"count", sm::str_count),
    def(c"expandtabs", sm::str_expandtabs),
    def(c"find", sm::str_find),
    def(c"partition", sm::str_partition),
    def(c"index", sm::str_index),
    def(c"ljust", sm::str_ljust),
    def(c"lower", sm::str_lower),
    def(c"lstrip", sm::str_lstrip),
    def(c"rfind", sm::str_rfind),
    def(c"rindex", sm::str_rindex),
    def(c"rjust", sm::str_rjust),
    def(c"rstrip", sm::str_rstrip),
    def(c"rpartition", sm::str_rpartition),
    def(c"splitlines", sm::str_splitlines),
    def(c"strip", sm::str_strip),
    def(c"swapcase", sm::str_swapcase),
    def(c"translate", sm::str_translate),
    def(c"upper", sm::str_upper),
    def(c"startswith", sm::str_startswith),
    def(c"endswith", sm::str_endswith),
    def(c"removeprefix", sm::str_removeprefix),
    def(c"removesuffix", sm::str_removesuffix),
    def(c"isascii", sm::str_isascii),
    def(c"islower", sm::str_islower),
    def(c"isupper", sm::str_isupper),
    def(c"istitle", sm::str_istitle),
    def(c"isspace", sm::str_isspace),
    def(c"isdecimal", sm::str_isdecimal),
    def(c"isdigit", sm::str_isdigit),
    def(c"isnumeric", sm::str_isnumeric),
    def(c"isalpha", sm::str_isalpha),
    def(c"isalnum", sm::str_isalnum),
    def(c"isidentifier", sm::str_isidentifier),
    def(c"isprintable", sm::str_isprintable),
    def(c"zfill", sm::str_zfill),
    def_varkw(c"format", sm::str_format),
    def(c"format_map", sm::str_format_map),
    def(c"__format__", sm::str_dunder_format),
    def_static(c"maketrans", sm::str_maketrans),
    def(c"__sizeof__", sm::str_sizeof),
    def(c"__getnewargs__", sm::str_getnewargs),
    typeobj::METHOD_END,
];

static mut DICT_METHODS: [PyMethodDef; 14] = [
    def(c"__reversed__", dm::dict_reversed),
    def(c"get", dm::dict_get),
    def(c"setdefault", dm::dict_setdefault),
    def(c"pop", dm::dict_pop),
    def(c"popitem", dm::dict_popitem),
    def(c"keys", dm::dict_keys),
    def(c"items", dm::dict_items),
    def(c"values", dm::dict_values),
    def_varkw(c"update", dm::dict_update),
    def_class(c"fromkeys", dm::dict_fromkeys),
    def(c"clear", dm::dict_clear),
    def(c"copy", dm::dict_copy),
    crate::objects::genericaliasobject::CLASS_GETITEM_DEF,
    typeobj::METHOD_END,
];

static mut LIST_METHODS: [PyMethodDef; 15] = [
    crate::objects::builtiniter::LIST_REVERSED_DEF,
    def(c"__sizeof__", lm::list_sizeof),
    def(c"clear", lm::list_clear),
    def(c"copy", lm::list_copy),
    def(c"append", lm::list_append),
    def(c"insert", lm::list_insert),
    def(c"extend", lm::list_extend),
    def(c"pop", lm::list_pop),
    def(c"remove", lm::list_remove),
    def(c"index", lm::list_index),
    def(c"count", lm::list_count),
    def(c"reverse", lm::list_reverse),
    def(c"sort", lm::list_sort),
    crate::objects::genericaliasobject::CLASS_GETITEM_DEF,
    typeobj::METHOD_END,
];

static mut TUPLE_METHODS: [PyMethodDef; 4] = [
    def(c"index", lm::tuple_index),
    def(c"count", lm::tuple_count),
    crate::objects::genericaliasobject::CLASS_GETITEM_DEF,
    typeobj::METHOD_END,
];

static mut BYTES_METHODS: [PyMethodDef; 36] = [
    def(c"decode", bm::bytes_decode),
    def(c"hex", bm::bytes_hex),
    def_class(c"fromhex", bm::bytes_fromhex),
    def(c"find", bm::bytes_find),
    def(c"rfind", bm::bytes_rfind),
    def(c"index", bm::bytes_index),
    def(c"rindex", bm::bytes_rindex),
    def(c"count", bm::bytes_count),
    def(c"startswith", bm::bytes_startswith),
    def(c"endswith", bm::bytes_endswith),
    def(c"split", bm::bytes_split),
    def(c"rsplit", bm::bytes_rsplit),
    def(c"strip", bm::bytes_strip),
    def(c"lstrip", bm::bytes_lstrip),
    def(c"rstrip", bm::bytes_rstrip),
    def(c"replace", bm::bytes_replace),
    def(c"partition", bm::bytes_partition),
    def(c"rpartition", bm::bytes_rpartition),
    def(c"join", bm::bytes_join),
    def(c"upper", bm::bytes_upper),
    def(c"lower", bm::bytes_lower),
    def(c"swapcase", bm::bytes_swapcase),
    def(c"capitalize", bm::bytes_capitalize),
    def(c"title", bm::bytes_title),
    def(c"isdigit", bm::bytes_isdigit),
    def(c"isalpha", bm::bytes_isalpha),
    def(c"isalnum", bm::bytes_isalnum),
    def(c"isspace", bm::bytes_isspace),
    def(c"isascii", bm::bytes_isascii),
    def(c"islower", bm::bytes_islower),
    def(c"isupper", bm::bytes_isupper),
    def(c"removeprefix", bm::bytes_removeprefix),
    def(c"removesuffix", bm::bytes_removesuffix),
    def(c"splitlines", bm::bytes_splitlines),
    def(c"translate", bm::bytes_translate),
    typeobj::METHOD_END,
];

static mut INT_METHODS: [PyMethodDef; 15] = [
    def(c"conjugate", nm::int_conjugate),
    def(c"bit_length", nm::int_bit_length),
    def(c"bit_count", nm::int_bit_count),
    def(c"to_bytes", nm::int_to_bytes),
    def_class(c"from_bytes", nm::int_from_bytes),
    def(c"as_integer_ratio", nm::int_as_integer_ratio),
    def(c"__trunc__", nm::int_trunc),
    def(c"__floor__", nm::int_floor),
    def(c"__ceil__", nm::int_ceil),
    crate::objects::rounding::INT_ROUND_DEF,
    def(c"__getnewargs__", nm::int_getnewargs),
    def(c"__format__", nm::int_format),
    def(c"__sizeof__", nm::int_sizeof),
    def(c"is_integer", nm::int_is_integer),
    typeobj::METHOD_END,
];

static mut FLOAT_METHODS: [PyMethodDef; 12] = [
    def(c"conjugate", nm::float_conjugate),
    def(c"__trunc__", nm::float_trunc),
    def(c"__floor__", nm::float_floor),
    def(c"__ceil__", nm::float_ceil),
    crate::objects::rounding::FLOAT_ROUND_DEF,
    def(c"as_integer_ratio", nm::float_as_integer_ratio),
    def_class(c"fromhex", nm::float_fromhex),
    def(c"hex", nm::float_hex),
    def(c"is_integer", nm::float_is_integer),
    def(c"__getnewargs__", nm::float_getnewargs),
    def(c"__format__", nm::float_format),
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
        (*lifecycle::long_type()).tp_methods = ptr::addr_of_mut!(INT_METHODS).cast();
        (*lifecycle::float_type()).tp_methods = ptr::addr_of_mut!(FLOAT_METHODS).cast();
        dm::install();
    }
}

/// Readies the view types. Start-up only.
pub(crate) unsafe fn ready_types() {
    // SAFETY: start-up.
    unsafe { dm::ready_types() }
}

/// A slice bound (`_PyEval_SliceIndex`): None (when allowed) is `None`;
/// big ints clip to the `Py_ssize_t` range.
///
/// # Safety
/// `o` live.
pub(crate) unsafe fn slice_index(o: *mut PyObject, allow_none: bool) -> PyResult<Option<isize>> {
    // SAFETY: `o` live.
    unsafe {
        if allow_none && o == lifecycle::none() {
            return Ok(None);
        }
        let i = crate::objects::long::index(o).map_err(|e| {
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
        Ok(Some(match crate::objects::long::val(i.as_ptr()) {
            crate::objects::long::Val::Small(v) => {
                v.clamp(isize::MIN as i64, isize::MAX as i64) as isize
            }
            crate::objects::long::Val::Big(b) if b.sign() == num_bigint::Sign::Minus => isize::MIN,
            crate::objects::long::Val::Big(_) => isize::MAX,
        }))
    }
}
