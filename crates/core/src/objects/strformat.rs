//! `str.format` and `str.format_map`: CPython 3.12's replacement-field
//! language (`Objects/stringlib/unicode_format.h`): `{{`/`}}` escapes,
//! automatic and manual numbering (never mixed), keyword fields, `.attr`
//! and `[key]` chains, `!s`/`!r`/`!a` conversions, and format specs that
//! may themselves hold fields (two levels deep), each field then going
//! through `format(value, spec)` — with CPython's `ValueError`,
//! `IndexError` and `KeyError`s.

use crate::objects::object::*;
use crate::runtime::err::{self, PyResult};
use crate::{objects::tuple, objects::unicode, protocols::abstract_};

/// Where field values come from.
struct Source {
    args: *mut PyObject,
    kwargs: *mut PyObject,
    /// Next automatic index; `None` once manual numbering was used.
    auto: Option<usize>,
    manual: bool,
}

fn ve(msg: &str) -> err::Raised {
    err::value_error(msg)
}

/// Formats `fmt` (code points) with positional `args` (a tuple, or NULL
/// for `format_map`) and `kwargs` (NULL or a mapping).
///
/// # Safety
/// `args` NULL or a live tuple; `kwargs` NULL or live.
pub unsafe fn format(fmt: &[u32], args: *mut PyObject, kwargs: *mut PyObject) -> PyResult<Owned> {
    let mut src = Source {
        args,
        kwargs,
        auto: Some(0),
        manual: false,
    };
    let mut out = Vec::new();
    // SAFETY: forwarded.
    unsafe { render(fmt, &mut src, 2, &mut out)? };
    unicode::from_code_points(&out)
}

/// `{`.
pub(crate) const LB: u32 = b'{' as u32;
/// `}`.
pub(crate) const RB: u32 = b'}' as u32;

unsafe fn render(fmt: &[u32], src: &mut Source, depth: i32, out: &mut Vec<u32>) -> PyResult<()> {
    if depth <= 0 {
        return Err(ve("Max string recursion exceeded"));
    }
    let mut i = 0;
    let n = fmt.len();
    while i < n {
        let c = fmt[i];
        if c == RB {
            if i + 1 < n && fmt[i + 1] == RB {
                out.push(RB);
                i += 2;
                continue;
            }
            return Err(ve("Single '}' encountered in format string"));
        }
        if c != LB {
            out.push(c);
            i += 1;
            continue;
        }
        if i + 1 < n && fmt[i + 1] == LB {
            out.push(LB);
            i += 2;
            continue;
        }
        if i + 1 == n {
            return Err(ve("Single '{' encountered in format string"));
        }
        // A field: parsed from the stream (`parse_field`).
        let (name, conv, spec, next) = parse_field(fmt, i + 1)?;
        // SAFETY: forwarded.
        unsafe { field(name, conv, spec, src, depth, out)? };
        i = next;
    }
    Ok(())
}

type Field<'a> = (&'a [u32], Option<u32>, &'a [u32], usize);

/// CPython's `parse_field` from `fmt[i..]` (just after the `{`): the field
/// name, the conversion, the spec, and where the text continues.
pub(crate) fn parse_field(fmt: &[u32], mut i: usize) -> PyResult<Field<'_>> {
    let n = fmt.len();
    let name_start = i;
    let mut c = 0;
    while i < n {
        c = fmt[i];
        i += 1;
        if c == LB {
            return Err(ve("unexpected '{' in field name"));
        }
        if c == b'[' as u32 {
            while i < n && fmt[i] != b']' as u32 {
                i += 1;
            }
            continue;
        }
        if c == RB || c == b':' as u32 || c == b'!' as u32 {
            break;
        }
    }
    let hit = c == RB || c == b':' as u32 || c == b'!' as u32;
    let name = &fmt[name_start..if hit { i - 1 } else { i }];
    if !hit {
        return Err(ve("expected '}' before end of string"));
    }
    if c == RB {
        return Ok((name, None, &[], i));
    }
    let mut conv = None;
    if c == b'!' as u32 {
        if i >= n {
            return Err(ve("end of string while looking for conversion specifier"));
        }
        conv = Some(fmt[i]);
        i += 1;
        if i < n {
            let c2 = fmt[i];
            i += 1;
            if c2 == RB {
                return Ok((name, conv, &[], i));
            }
            if c2 != b':' as u32 {
                return Err(ve("expected ':' after conversion specifier"));
            }
        }
    }
    let spec_start = i;
    let mut count = 1;
    while i < n {
        let c = fmt[i];
        i += 1;
        if c == LB {
            count += 1;
        } else if c == RB {
            count -= 1;
            if count == 0 {
                return Ok((name, conv, &fmt[spec_start..i - 1], i));
            }
        }
    }
    Err(ve("unmatched '{' in format spec"))
}

/// Renders one parsed field.
unsafe fn field(
    name: &[u32],
    conv: Option<u32>,
    spec: &[u32],
    src: &mut Source,
    depth: i32,
    out: &mut Vec<u32>,
) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let value = get_field(name, src)?;
        let value = match conv {
            None => value,
            Some(0x72) => abstract_::repr(value.as_ptr())?,
            Some(0x73) => abstract_::str(value.as_ptr())?,
            Some(0x61) => abstract_::ascii(value.as_ptr())?,
            Some(c) => {
                let shown =
                    char::from_u32(c).map_or_else(|| format!("\\x{c:x}"), |ch| ch.to_string());
                return Err(ve(&format!("Unknown conversion specifier {shown}")));
            }
        };
        let spec_obj = if spec.contains(&LB) {
            let mut s = Vec::new();
            render(spec, src, depth - 1, &mut s)?;
            unicode::from_code_points(&s)?
        } else {
            unicode::from_code_points(spec)?
        };
        let r = abstract_::format(value.as_ptr(), spec_obj.as_ptr())?;
        out.extend(unicode::chars(r.as_ptr()));
    }
    Ok(())
}

/// A field name made only of decimal digits as an index (`None` when it
/// is not one, or too large).
pub(crate) fn to_index(s: &[u32]) -> Option<usize> {
    if s.is_empty() || !s.iter().all(|&c| (0x30..=0x39).contains(&c)) {
        return None;
    }
    let mut v: usize = 0;
    for &c in s {
        v = v.checked_mul(10)?.checked_add((c - 0x30) as usize)?;
    }
    Some(v)
}

/// The object a field name designates.
unsafe fn get_field(name: &[u32], src: &mut Source) -> PyResult<Owned> {
    // The first part ends at '.' or '['.
    let first_end = name
        .iter()
        .position(|&c| c == b'.' as u32 || c == b'[' as u32)
        .unwrap_or(name.len());
    let first = &name[..first_end];
    // SAFETY: live args/kwargs.
    unsafe {
        let mut obj = if first.is_empty() || to_index(first).is_some() {
            let idx = if first.is_empty() {
                if src.manual {
                    return Err(ve(
                        "cannot switch from manual field specification to automatic field numbering",
                    ));
                }
                let i = src.auto.unwrap_or(0);
                src.auto = Some(i + 1);
                i
            } else {
                if src.auto.is_some_and(|a| a > 0) {
                    return Err(ve(
                        "cannot switch from automatic field numbering to manual field specification",
                    ));
                }
                src.manual = true;
                src.auto = Some(0);
                to_index(first).unwrap_or(0)
            };
            if src.args.is_null() {
                return Err(ve("Format string contains positional fields"));
            }
            if (idx as isize) >= tuple::size(src.args) {
                return Err(err::index_error(&format!(
                    "Replacement index {idx} out of range for positional args tuple"
                )));
            }
            Owned::from_borrowed(tuple::item(src.args, idx as isize))
        } else {
            let key = unicode::from_code_points(first)?;
            if src.kwargs.is_null() {
                return Err(err::key_error(key.as_ptr()));
            }
            abstract_::getitem(src.kwargs, key.as_ptr())?
        };
        let mut i = first_end;
        while i < name.len() {
            if name[i] == b'.' as u32 {
                let s = i + 1;
                let e = (s..name.len())
                    .find(|&j| name[j] == b'.' as u32 || name[j] == b'[' as u32)
                    .unwrap_or(name.len());
                if e == s {
                    return Err(ve("Empty attribute in format string"));
                }
                let attr = unicode::from_code_points(&name[s..e])?;
                obj = abstract_::getattr(obj.as_ptr(), attr.as_ptr())?;
                i = e;
            } else if name[i] == b'[' as u32 {
                let s = i + 1;
                let Some(e) = (s..name.len()).find(|&j| name[j] == b']' as u32) else {
                    return Err(ve("Missing ']' in format string"));
                };
                if e == s {
                    return Err(ve("Empty attribute in format string"));
                }
                let key = match to_index(&name[s..e]) {
                    Some(n) => crate::objects::long::from_u64(n as u64)?,
                    None => unicode::from_code_points(&name[s..e])?,
                };
                obj = abstract_::getitem(obj.as_ptr(), key.as_ptr())?;
                i = e + 1;
                if i < name.len() && name[i] != b'.' as u32 && name[i] != b'[' as u32 {
                    return Err(ve(
                        "Only '.' or '[' may follow ']' in format field specifier",
                    ));
                }
            } else {
                return Err(ve(
                    "Only '.' or '[' may follow ']' in format field specifier",
                ));
            }
        }
        Ok(obj)
    }
}
