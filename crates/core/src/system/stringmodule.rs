//! The `_string` module of CPython 3.12.1: `formatter_parser` and
//! `formatter_field_name_split`, the `str.format` parsing that
//! `string.Formatter` is built on. Both parse with `str.format`'s own
//! parser (`objects/strformat.rs`) and step lazily, so errors come where
//! CPython raises them: from the iteration, at the piece that is wrong.

use crate::objects::nativeiter;
use crate::objects::object::*;
use crate::objects::strformat::{self, LB, RB};
use crate::objects::typeobj::{self, PyMethodDef, PyTypeObject};
use crate::objects::{long, module, tuple, unicode};
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::system::builtins::{one_arg, one_arg_def};
use std::ptr;

static mut PARSER_TYPE: *mut PyTypeObject = ptr::null_mut();
static mut FIELD_NAME_TYPE: *mut PyTypeObject = ptr::null_mut();

/// The argument as code points, or CPython's `TypeError`.
unsafe fn code_points(s: *mut PyObject) -> PyResult<Vec<u32>> {
    // SAFETY: a live argument.
    unsafe {
        if !unicode::check(s) {
            return Err(err::type_error(&format!(
                "expected str, got {}",
                typeobj::type_name_of(s)
            )));
        }
        Ok(unicode::chars(s).collect())
    }
}

/// A field name's piece as an int when it is all decimal digits, else a
/// str (CPython's `get_integer`).
fn int_or_str(piece: &[u32]) -> PyResult<Owned> {
    if !piece.is_empty() && piece.iter().all(|&c| (0x30..=0x39).contains(&c)) {
        return match strformat::to_index(piece) {
            Some(v) => long::from_i64(v as i64),
            None => Err(err::value_error("Too many decimal digits in format string")),
        };
    }
    unicode::from_code_points(piece)
}

/// `(literal, field_name, format_spec, conversion)` tuples.
fn parser_step(fmt: Vec<u32>) -> nativeiter::Step {
    let mut i = 0;
    Box::new(move || {
        let n = fmt.len();
        if i >= n {
            return Ok(None);
        }
        let start = i;
        let none = lifecycle::none();
        while i < n {
            let c = fmt[i];
            if c != LB && c != RB {
                i += 1;
                continue;
            }
            if i + 1 < n && fmt[i + 1] == c {
                // `{{` or `}}`: the literal ends with one brace.
                let lit = unicode::from_code_points(&fmt[start..=i])?;
                i += 2;
                return tuple::new_from(&[lit.as_ptr(), none, none, none]).map(Some);
            }
            if c == RB {
                return Err(err::value_error("Single '}' encountered in format string"));
            }
            if i + 1 == n {
                return Err(err::value_error("Single '{' encountered in format string"));
            }
            let lit = unicode::from_code_points(&fmt[start..i])?;
            let (name, conv, spec, next) = strformat::parse_field(&fmt, i + 1)?;
            let name = unicode::from_code_points(name)?;
            let spec = unicode::from_code_points(spec)?;
            let conv = match conv {
                Some(c) => Some(unicode::from_code_points(&[c])?),
                None => None,
            };
            i = next;
            let conv_ptr = conv.as_ref().map_or(none, |c| c.as_ptr());
            return tuple::new_from(&[lit.as_ptr(), name.as_ptr(), spec.as_ptr(), conv_ptr])
                .map(Some);
        }
        let lit = unicode::from_code_points(&fmt[start..])?;
        tuple::new_from(&[lit.as_ptr(), none, none, none]).map(Some)
    })
}

/// `(is_attribute, key)` pairs for the rest of a field name.
fn field_name_step(rest: Vec<u32>) -> nativeiter::Step {
    let mut i = 0;
    Box::new(move || {
        let n = rest.len();
        if i >= n {
            return Ok(None);
        }
        let c = rest[i];
        i += 1;
        let (is_attr, piece) = if c == b'.' as u32 {
            let start = i;
            while i < n && rest[i] != b'.' as u32 && rest[i] != b'[' as u32 {
                i += 1;
            }
            (true, &rest[start..i])
        } else if c == b'[' as u32 {
            let start = i;
            while i < n && rest[i] != b']' as u32 {
                i += 1;
            }
            if i >= n {
                return Err(err::value_error("Missing ']' in format string"));
            }
            i += 1;
            (false, &rest[start..i - 1])
        } else {
            return Err(err::value_error(
                "Only '.' or '[' may follow ']' in format field specifier",
            ));
        };
        if piece.is_empty() {
            return Err(err::value_error("Empty attribute in format string"));
        }
        let key = if is_attr {
            unicode::from_code_points(piece)?
        } else {
            int_or_str(piece)?
        };
        let flag = long::bool_from(is_attr);
        tuple::new_from(&[flag.as_ptr(), key.as_ptr()]).map(Some)
    })
}

one_arg!(
    /// `_string.formatter_parser(str)`.
    formatter_parser,
    |s| {
        let fmt = code_points(s)?;
        nativeiter::new(PARSER_TYPE, parser_step(fmt))
    }
);

one_arg!(
    /// `_string.formatter_field_name_split(str)`: the first part (an int
    /// when all digits) and an iterator over the rest.
    formatter_field_name_split,
    |s| {
        let name = code_points(s)?;
        let cut = name
            .iter()
            .position(|&c| c == b'.' as u32 || c == b'[' as u32)
            .unwrap_or(name.len());
        let first = int_or_str(&name[..cut])?;
        let rest = nativeiter::new(FIELD_NAME_TYPE, field_name_step(name[cut..].to_vec()))?;
        tuple::new_from(&[first.as_ptr(), rest.as_ptr()])
    }
);

static mut METHODS: [PyMethodDef; 3] = [
    one_arg_def(c"formatter_field_name_split", formatter_field_name_split),
    one_arg_def(c"formatter_parser", formatter_parser),
    typeobj::METHOD_END,
];

/// Creates the `_string` module (for the builtin module table).
pub fn create_module() -> PyResult<Owned> {
    // SAFETY: the runtime is initialized and the GIL held; the types are
    // made once per process and the method table is static.
    unsafe {
        if PARSER_TYPE.is_null() {
            PARSER_TYPE = nativeiter::new_type(c"formatteriterator")?;
            FIELD_NAME_TYPE = nativeiter::new_type(c"fieldnameiterator")?;
        }
        let name = unicode::intern("_string")?;
        let m = module::new(name.as_ptr())?;
        let doc = unicode::from_str("string helper module")?;
        module::add_object_ref(m.as_ptr(), "__doc__", doc.as_ptr())?;
        crate::objects::moduledef::add_functions(
            m.as_ptr(),
            ptr::addr_of_mut!(METHODS) as *mut PyMethodDef,
        )?;
        Ok(m)
    }
}
