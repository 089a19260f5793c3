//! The format-spec mini-language (`[[fill]align][sign][z][#][0][width]
//! [grouping][.precision][type]`) of `format()`, f-strings and
//! `str.format`, as CPython 3.12's `Python/formatter_unicode.c` parses and
//! renders it: `str.__format__`, `int.__format__` and `float.__format__`
//! with CPython's defaults (strings left-aligned, numbers right-aligned),
//! the `0` flag's `=` alignment, `,`/`_` grouping (through zero padding),
//! `#` prefixes and forms, `z`, and CPython's `ValueError` messages. The
//! locale-aware `n` type uses the C locale (no grouping), as CPython does
//! until `setlocale` is called.

use crate::objects::object::*;
use crate::objects::typeobj;
use crate::runtime::err::{self, PyResult};
use crate::{objects::float, objects::long, objects::unicode};
use num_traits::Signed;

/// A parsed spec.
#[derive(Clone, Debug)]
struct Spec {
    fill: u32,
    align: u8,
    sign: u8,
    no_neg_0: bool,
    alternate: bool,
    width: isize,
    sep: u8,
    precision: isize,
    ty: u32,
}

fn too_many_digits() -> err::Raised {
    err::value_error("Too many decimal digits in format string")
}

fn get_integer(s: &[u32], pos: &mut usize) -> PyResult<Option<isize>> {
    let start = *pos;
    let mut v: isize = 0;
    while *pos < s.len() && (b'0' as u32..=b'9' as u32).contains(&s[*pos]) {
        v = v
            .checked_mul(10)
            .and_then(|v| v.checked_add((s[*pos] - b'0' as u32) as isize))
            .ok_or_else(too_many_digits)?;
        *pos += 1;
    }
    Ok((*pos > start).then_some(v))
}

fn is_align(c: u32) -> bool {
    matches!(c, 0x3c | 0x3e | 0x3d | 0x5e)
}

fn char_desc(c: u32) -> String {
    if c > 32 && c < 128 {
        format!("'{}'", c as u8 as char)
    } else {
        format!("'\\x{c:x}'")
    }
}

/// `parse_internal_render_format_spec`.
unsafe fn parse(
    obj: *mut PyObject,
    s: &[u32],
    default_ty: u8,
    default_align: u8,
) -> PyResult<Spec> {
    let mut f = Spec {
        fill: b' ' as u32,
        align: default_align,
        sign: 0,
        no_neg_0: false,
        alternate: false,
        width: -1,
        sep: 0,
        precision: -1,
        ty: default_ty as u32,
    };
    let (mut pos, end) = (0usize, s.len());
    let (mut fill_given, mut align_given) = (false, false);
    if end - pos >= 2 && is_align(s[pos + 1]) {
        f.align = s[pos + 1] as u8;
        f.fill = s[pos];
        fill_given = true;
        align_given = true;
        pos += 2;
    } else if end - pos >= 1 && is_align(s[pos]) {
        f.align = s[pos] as u8;
        align_given = true;
        pos += 1;
    }
    if pos < end && matches!(s[pos], 0x2b | 0x2d | 0x20) {
        f.sign = s[pos] as u8;
        pos += 1;
    }
    if pos < end && s[pos] == b'z' as u32 {
        f.no_neg_0 = true;
        pos += 1;
    }
    if pos < end && s[pos] == b'#' as u32 {
        f.alternate = true;
        pos += 1;
    }
    if !fill_given && pos < end && s[pos] == b'0' as u32 {
        f.fill = b'0' as u32;
        if !align_given && default_align == b'>' {
            f.align = b'=';
        }
        pos += 1;
    }
    if let Some(w) = get_integer(s, &mut pos)? {
        f.width = w;
    }
    let both = || err::value_error("Cannot specify both ',' and '_'.");
    if pos < end && s[pos] == b',' as u32 {
        f.sep = b',';
        pos += 1;
    }
    if pos < end && s[pos] == b'_' as u32 {
        if f.sep != 0 {
            return Err(both());
        }
        f.sep = b'_';
        pos += 1;
    }
    if pos < end && s[pos] == b',' as u32 && f.sep == b'_' {
        return Err(both());
    }
    if pos < end && s[pos] == b'.' as u32 {
        pos += 1;
        match get_integer(s, &mut pos)? {
            Some(p) => f.precision = p,
            None => return Err(err::value_error("Format specifier missing precision")),
        }
    }
    if end - pos > 1 {
        // SAFETY: `obj` live.
        let tn = unsafe { typeobj::type_name_of(obj) };
        let mut b = Vec::new();
        for &c in s {
            unicode::push_code_point(&mut b, c);
        }
        return Err(err::value_error(&format!(
            "Invalid format specifier '{}' for object of type '{tn}'",
            String::from_utf8_lossy(&b)
        )));
    }
    if end - pos == 1 {
        f.ty = s[pos];
    }
    if f.sep != 0 {
        let ok = match f.ty {
            0x64 | 0x65 | 0x66 | 0x67 | 0x45 | 0x47 | 0x25 | 0x46 | 0 => true,
            0x62 | 0x6f | 0x78 | 0x58 => f.sep == b'_',
            _ => false,
        };
        if !ok {
            return Err(err::value_error(&format!(
                "Cannot specify '{}' with {}.",
                f.sep as char,
                char_desc(f.ty)
            )));
        }
    }
    Ok(f)
}

unsafe fn unknown(ty: u32, obj: *mut PyObject) -> err::Raised {
    // SAFETY: `obj` live.
    let tn = unsafe { typeobj::type_name_of(obj) };
    let code = if ty > 32 && ty < 128 {
        format!("'{}'", ty as u8 as char)
    } else {
        format!("'\\x{ty:x}'")
    };
    err::value_error(&format!(
        "Unknown format code {code} for object of type '{tn}'"
    ))
}

/// Pads `body` (already complete) to the spec's width by its alignment
/// (`calc_padding`: centring puts the odd fill character on the right,
/// unlike `str.center`).
fn pad(body: Vec<u32>, f: &Spec) -> Vec<u32> {
    let marg = (f.width - body.len() as isize).max(0) as usize;
    let (l, r) = match f.align {
        b'>' => (marg, 0),
        b'^' => (marg / 2, marg - marg / 2),
        _ => (0, marg),
    };
    let mut out = Vec::with_capacity(body.len() + l + r);
    out.extend(std::iter::repeat_n(f.fill, l));
    out.extend(body);
    out.extend(std::iter::repeat_n(f.fill, r));
    out
}

/// `format(s, spec)` for a str.
///
/// # Safety
/// `s` a live str, `spec` a live str.
pub unsafe fn format_str(s: *mut PyObject, spec: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: live strs.
    unsafe {
        let sp: Vec<u32> = unicode::chars(spec).collect();
        if sp.is_empty() {
            return crate::protocols::abstract_::str(s);
        }
        let f = parse(s, &sp, b's', b'<')?;
        if f.ty != b's' as u32 {
            return Err(unknown(f.ty, s));
        }
        if f.sign != 0 {
            return Err(err::value_error(
                "Sign not allowed in string format specifier",
            ));
        }
        if f.no_neg_0 {
            return Err(err::value_error(
                "Negative zero coercion (z) not allowed in string format specifier",
            ));
        }
        if f.alternate {
            return Err(err::value_error(
                "Alternate form (#) not allowed in string format specifier",
            ));
        }
        if f.align == b'=' {
            return Err(err::value_error(
                "'=' alignment not allowed in string format specifier",
            ));
        }
        let mut v: Vec<u32> = unicode::chars(s).collect();
        if f.precision >= 0 && (f.precision as usize) < v.len() {
            v.truncate(f.precision as usize);
        }
        unicode::from_code_points(&pad(v, &f))
    }
}

/// Groups `digits` by `group` with `sep`, zero-padded to at least
/// `min_width` (CPython's `_PyUnicode_InsertThousandsGrouping`).
fn group(digits: &[u32], sep: Option<u32>, group: usize, min_width: isize) -> Vec<u32> {
    if digits.is_empty() && min_width <= 0 {
        return Vec::new();
    }
    let Some(sep) = sep else {
        let mut out = Vec::new();
        let zeros = (min_width - digits.len() as isize).max(0) as usize;
        out.extend(std::iter::repeat_n(b'0' as u32, zeros));
        out.extend_from_slice(digits);
        return out;
    };
    let mut chunks: Vec<Vec<u32>> = Vec::new();
    let mut remaining = digits.len() as isize;
    let mut min_width = min_width;
    let mut end = digits.len();
    loop {
        let len = (group as isize).min(remaining.max(min_width).max(1));
        let n_zeros = (len - remaining).max(0) as usize;
        let n_chars = remaining.min(len).max(0) as usize;
        let mut c = vec![b'0' as u32; n_zeros];
        c.extend_from_slice(&digits[end - n_chars..end]);
        end -= n_chars;
        chunks.push(c);
        remaining -= n_chars as isize;
        min_width -= len;
        if remaining <= 0 && min_width <= 0 {
            break;
        }
        min_width -= 1;
    }
    let mut out = Vec::new();
    for (i, c) in chunks.iter().rev().enumerate() {
        if i > 0 {
            out.push(sep);
        }
        out.extend_from_slice(c);
    }
    out
}

/// Lays out a number: sign, prefix, digits (grouped), remainder, padded
/// by the spec (`=` pads between the prefix and the digits).
fn render_number(
    negative: bool,
    prefix: &str,
    digits: &[u32],
    rest: &[u32],
    f: &Spec,
    group_by: usize,
) -> Vec<u32> {
    let sign: Option<u32> = if negative {
        Some(b'-' as u32)
    } else {
        match f.sign {
            b'+' => Some(b'+' as u32),
            b' ' => Some(b' ' as u32),
            _ => None,
        }
    };
    let lead = sign.is_some() as isize + prefix.len() as isize;
    let min_width = if f.fill == b'0' as u32 && f.align == b'=' {
        f.width - lead - rest.len() as isize
    } else {
        0
    };
    let sep = match f.sep {
        _ if digits.is_empty() => None,
        0 => None,
        c => Some(c as u32),
    };
    let body = group(digits, sep, group_by, min_width);
    let mut head: Vec<u32> = sign.into_iter().collect();
    head.extend(prefix.bytes().map(u32::from));
    let total = head.len() + body.len() + rest.len();
    let padn = (f.width - total as isize).max(0) as usize;
    let mut out = Vec::with_capacity(total + padn);
    let fill = |out: &mut Vec<u32>, n: usize| out.extend(std::iter::repeat_n(f.fill, n));
    match f.align {
        b'<' => {
            out.extend(head);
            out.extend(body);
            out.extend_from_slice(rest);
            fill(&mut out, padn);
        }
        b'^' => {
            let l = padn / 2;
            fill(&mut out, l);
            out.extend(head);
            out.extend(body);
            out.extend_from_slice(rest);
            fill(&mut out, padn - l);
        }
        b'=' => {
            out.extend(head);
            fill(&mut out, padn);
            out.extend(body);
            out.extend_from_slice(rest);
        }
        _ => {
            fill(&mut out, padn);
            out.extend(head);
            out.extend(body);
            out.extend_from_slice(rest);
        }
    }
    out
}

/// `format(i, spec)` for an int (or bool).
///
/// # Safety
/// `v` a live int, `spec` a live str.
pub unsafe fn format_int(v: *mut PyObject, spec: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: live objects.
    unsafe {
        let sp: Vec<u32> = unicode::chars(spec).collect();
        if sp.is_empty() {
            return crate::protocols::abstract_::str(v);
        }
        let f = parse(v, &sp, b'd', b'>')?;
        match f.ty {
            0x62 | 0x63 | 0x64 | 0x6f | 0x78 | 0x58 | 0x6e => {}
            0x65 | 0x45 | 0x66 | 0x46 | 0x67 | 0x47 | 0x25 => {
                let x = long::to_f64_exact(v)?;
                return float_with(x, f);
            }
            t => return Err(unknown(t, v)),
        }
        if f.precision != -1 {
            return Err(err::value_error(
                "Precision not allowed in integer format specifier",
            ));
        }
        if f.no_neg_0 {
            return Err(err::value_error(
                "Negative zero coercion (z) not allowed in integer format specifier",
            ));
        }
        let n = long::to_bigint(v);
        if f.ty == b'c' as u32 {
            if f.sign != 0 {
                return Err(err::value_error(
                    "Sign not allowed with integer format specifier 'c'",
                ));
            }
            if f.alternate {
                return Err(err::value_error(
                    "Alternate form (#) not allowed with integer format specifier 'c'",
                ));
            }
            if i64::try_from(&n).is_err() {
                return Err(err::overflow_error(
                    "Python int too large to convert to C long",
                ));
            }
            let c = u32::try_from(&n)
                .ok()
                .filter(|&c| c <= 0x10ffff)
                .ok_or_else(|| err::overflow_error("%c arg not in range(0x110000)"))?;
            let f2 = Spec {
                sign: 0,
                sep: 0,
                ..f
            };
            return unicode::from_code_points(&render_number(false, "", &[c], &[], &f2, 3));
        }
        let (radix, prefix, upper) = match f.ty as u8 {
            b'b' => (2, "0b", false),
            b'o' => (8, "0o", false),
            b'x' => (16, "0x", false),
            b'X' => (16, "0X", true),
            _ => (10, "", false),
        };
        let mut s = n.abs().to_str_radix(radix);
        if upper {
            s.make_ascii_uppercase();
        }
        let digits: Vec<u32> = s.bytes().map(u32::from).collect();
        let prefix = if f.alternate { prefix } else { "" };
        let group_by = if radix == 10 { 3 } else { 4 };
        let out = render_number(n.is_negative(), prefix, &digits, &[], &f, group_by);
        unicode::from_code_points(&out)
    }
}

/// `format(x, spec)` for a float.
///
/// # Safety
/// `v` a live float, `spec` a live str.
pub unsafe fn format_float(v: *mut PyObject, spec: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: live objects.
    unsafe {
        let sp: Vec<u32> = unicode::chars(spec).collect();
        if sp.is_empty() {
            return crate::protocols::abstract_::str(v);
        }
        let f = parse(v, &sp, 0, b'>')?;
        match f.ty {
            0 | 0x65 | 0x45 | 0x66 | 0x46 | 0x67 | 0x47 | 0x25 | 0x6e => {}
            t => return Err(unknown(t, v)),
        }
        float_with(float::value(v), f)
    }
}

/// The exponent suffix in CPython's form (`e+05`, `E-300`).
fn exp_suffix(e: i32, upper: bool) -> String {
    format!(
        "{}{}{:02}",
        if upper { 'E' } else { 'e' },
        if e < 0 { '-' } else { '+' },
        e.unsigned_abs()
    )
}

/// `|x|` in `e` notation with `prec` digits after the point:
/// (mantissa, exponent).
fn sci(x: f64, prec: usize) -> (String, i32) {
    let s = format!("{:.prec$e}", x.abs());
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    (m.to_string(), e.parse().unwrap_or(0))
}

/// `PyOS_double_to_string` on `|x|` for the types `e f g r` (lower
/// case; the caller upper-cases), with CPython's `#` (`alt`) and
/// add-`.0` flags.
fn double_to_string(x: f64, ty: u8, prec: usize, alt: bool, add_dot_0: bool) -> String {
    let x = x.abs();
    if x.is_infinite() {
        return "inf".into();
    }
    if x.is_nan() {
        return "nan".into();
    }
    match ty {
        b'f' => {
            let mut s = format!("{x:.prec$}");
            if alt && !s.contains('.') {
                s.push('.');
            }
            s
        }
        b'e' => {
            let (mut m, e) = sci(x, prec);
            if alt && !m.contains('.') {
                m.push('.');
            }
            m + &exp_suffix(e, false)
        }
        b'r' => {
            let mut r = float::repr(x);
            if !add_dot_0 {
                if let Some(t) = r.strip_suffix(".0") {
                    r.truncate(t.len());
                }
            }
            if alt && !r.contains('.') {
                let at = r.find('e').unwrap_or(r.len());
                r.insert(at, '.');
            }
            r
        }
        _ => {
            // 'g'
            let p = prec.max(1);
            let (_, e) = sci(x, p - 1);
            // With add-`.0`, CPython switches to exponents one digit earlier.
            let limit = p as i64 - add_dot_0 as i64;
            let mut s = if -4 <= e && (e as i64) < limit {
                let decimals = (p as i64 - 1 - e as i64).max(0) as usize;
                format!("{x:.decimals$}")
            } else {
                let (m, e) = sci(x, p - 1);
                format!("{m}e{e}")
            };
            let (mut mant, exp) = match s.find('e') {
                Some(i) => (
                    s[..i].to_string(),
                    Some(s[i + 1..].parse::<i32>().unwrap_or(0)),
                ),
                None => (s.clone(), None),
            };
            if !alt && mant.contains('.') {
                while mant.ends_with('0') {
                    mant.pop();
                }
                if mant.ends_with('.') {
                    mant.pop();
                }
            } else if alt && !mant.contains('.') {
                mant.push('.');
            }
            if add_dot_0 && exp.is_none() && !mant.contains('.') {
                mant.push_str(".0");
            }
            s = mant;
            if let Some(e) = exp {
                s += &exp_suffix(e, false);
            }
            s
        }
    }
}

/// Formats a float value by a parsed spec (`format_float_internal`).
fn float_with(x: f64, f: Spec) -> PyResult<Owned> {
    let mut ty = f.ty;
    let mut add_dot_0 = false;
    let mut default_prec = 6;
    if ty == 0 {
        add_dot_0 = true;
        ty = b'r' as u32;
        default_prec = 0;
    }
    if ty == b'n' as u32 {
        ty = b'g' as u32;
    }
    let mut val = x;
    let mut pct = false;
    if ty == b'%' as u32 {
        ty = b'f' as u32;
        val *= 100.0;
        pct = true;
    }
    let prec = if f.precision < 0 {
        default_prec
    } else {
        if ty == b'r' as u32 {
            ty = b'g' as u32;
        }
        f.precision as usize
    };
    let upper = matches!(ty as u8, b'E' | b'F' | b'G');
    let lower_ty = (ty as u8).to_ascii_lowercase();
    let mut body = double_to_string(val, lower_ty, prec, f.alternate, add_dot_0);
    if upper {
        body.make_ascii_uppercase();
    }
    let mut negative = val.is_sign_negative() && !val.is_nan();
    if negative
        && f.no_neg_0
        && val.is_finite()
        && !body.bytes().any(|b| (b'1'..=b'9').contains(&b))
    {
        negative = false;
    }
    if pct {
        body.push('%');
    }
    let chars: Vec<u32> = body.bytes().map(u32::from).collect();
    let nd = chars
        .iter()
        .take_while(|&&c| (0x30..=0x39).contains(&c))
        .count();
    let out = render_number(negative, "", &chars[..nd], &chars[nd..], &f, 3);
    unicode::from_code_points(&out)
}

/// One part of a complex in a format: its text by the spec's type and
/// precision (`skip`: left out), laid out unpadded with `sign`.
fn complex_part(x: f64, ty: u8, prec: usize, f: &Spec, sign: u8) -> Vec<u32> {
    let upper = matches!(ty, b'E' | b'F' | b'G');
    let mut body = double_to_string(x, ty.to_ascii_lowercase(), prec, f.alternate, false);
    if upper {
        body.make_ascii_uppercase();
    }
    let mut negative = x.is_sign_negative() && !x.is_nan();
    if negative && f.no_neg_0 && x.is_finite() && !body.bytes().any(|b| (b'1'..=b'9').contains(&b))
    {
        negative = false;
    }
    let chars: Vec<u32> = body.bytes().map(u32::from).collect();
    let nd = chars
        .iter()
        .take_while(|&&c| (0x30..=0x39).contains(&c))
        .count();
    let part = Spec {
        fill: b' ' as u32,
        align: b'<',
        width: -1,
        sign,
        ..f.clone()
    };
    render_number(negative, "", &chars[..nd], &chars[nd..], &part, 3)
}

/// `format(z, spec)` for a complex (`format_complex_internal`): both
/// parts by the float types (none, `e`, `f`, `g`, `n` and upper-case
/// forms), the imaginary one always signed unless the real part is left
/// out, no zero padding and no `=` alignment; with no type, the parts as
/// `repr` writes them (parentheses, `+0` real part left out).
///
/// # Safety
/// `v` a live complex, `spec` a live str.
pub unsafe fn format_complex(v: *mut PyObject, spec: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: live objects.
    unsafe {
        let sp: Vec<u32> = unicode::chars(spec).collect();
        if sp.is_empty() {
            return crate::protocols::abstract_::str(v);
        }
        let f = parse(v, &sp, 0, b'>')?;
        match f.ty {
            0 | 0x65 | 0x45 | 0x66 | 0x46 | 0x67 | 0x47 | 0x6e => {}
            t => return Err(unknown(t, v)),
        }
        if f.fill == b'0' as u32 {
            return Err(err::value_error(
                "Zero padding is not allowed in complex format specifier",
            ));
        }
        if f.align == b'=' {
            return Err(err::value_error(
                "'=' alignment flag is not allowed in complex format specifier",
            ));
        }
        let c = crate::objects::complexobject::value(v);
        let mut ty = f.ty as u8;
        let mut default_prec = 6;
        let (mut skip_re, mut parens) = (false, false);
        if ty == 0 {
            ty = b'r';
            default_prec = 0;
            if c.real == 0.0 && c.real.is_sign_positive() {
                skip_re = true;
            } else {
                parens = true;
            }
        }
        if ty == b'n' {
            ty = b'g';
        }
        let prec = if f.precision < 0 {
            default_prec
        } else {
            if ty == b'r' {
                ty = b'g';
            }
            f.precision as usize
        };
        let mut body = Vec::new();
        if parens {
            body.push(b'(' as u32);
        }
        if !skip_re {
            body.extend(complex_part(c.real, ty, prec, &f, f.sign));
        }
        let im_sign = if skip_re { f.sign } else { b'+' };
        body.extend(complex_part(c.imag, ty, prec, &f, im_sign));
        body.push(b'j' as u32);
        if parens {
            body.push(b')' as u32);
        }
        unicode::from_code_points(&pad(body, &f))
    }
}
