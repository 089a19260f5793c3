//! printf-style formatting of `str` (`PyUnicode_Format`, `str % args`):
//! `%[(key)][flags][width][.precision][h|l|L]conversion` with the
//! conversions `s r a c d i u o x X e E f F g G` and `%%`, `*` widths and
//! precisions taken from the arguments, a mapping for `(key)` lookups, and
//! CPython's errors for every malformed or mismatched specification.
//!
//! The format is read as code points and the result built as code points,
//! so lone surrogates in the format or in the arguments pass through.

use crate::objects::exceptions::{self, Exc};
use crate::objects::object::*;
use crate::runtime::err::{self, PyResult};
use crate::{
    objects::float, objects::long, objects::tuple, objects::typeobj, objects::unicode,
    protocols::abstract_, protocols::number, protocols::sequence,
};
use num_bigint::BigInt;
use num_traits::Signed;

/// The flags of one specification.
#[derive(Default, Clone, Copy)]
struct Flags {
    left: bool,
    sign: bool,
    blank: bool,
    alt: bool,
    zero: bool,
}

/// Where the arguments come from: CPython's rule that a non-tuple is one
/// argument, used at most once.
struct Args {
    args: *mut PyObject,
    /// `Some(n)` for a tuple of `n`; `None` for a single object.
    len: Option<usize>,
    next: usize,
}

impl Args {
    /// The next argument (borrowed from the tuple or the single object).
    unsafe fn next(&mut self) -> PyResult<*mut PyObject> {
        let n = self.len.unwrap_or(1);
        if self.next >= n {
            return Err(err::type_error("not enough arguments for format string"));
        }
        self.next += 1;
        Ok(match self.len {
            // SAFETY: a tuple of `n` items, index in range.
            Some(_) => unsafe { tuple::item(self.args, self.next as isize - 1) },
            None => self.args,
        })
    }

    fn all_used(&self) -> bool {
        self.next >= self.len.unwrap_or(1)
    }
}

/// `format % args` for a `str` format (`PyUnicode_Format`; a format that
/// is not a `str` is a `TypeError`).
///
/// # Safety
/// `format` and `args` must be live.
pub unsafe fn format(format: *mut PyObject, args: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded; the objects are live.
    unsafe {
        if !unicode::check(format) {
            return Err(err::type_error(&format!(
                "must be str, not {}",
                typeobj::type_name_of(format)
            )));
        }
        let fmt: Vec<u32> = unicode::chars(format).collect();
        let is_tuple = tuple::check(args);
        let mapping =
            (!is_tuple && !unicode::check(args) && sequence::is_mapping(args)).then_some(args);
        let mut args = Args {
            args,
            len: is_tuple.then(|| tuple::size(args) as usize),
            next: 0,
        };
        // The mapping value the arguments come from after a `(key)`.
        let mut keyed: Option<Owned> = None;
        let mut out: Vec<u32> = Vec::with_capacity(fmt.len() + 16);
        let mut i = 0;
        while i < fmt.len() {
            let c = fmt[i];
            i += 1;
            if c != '%' as u32 {
                out.push(c);
                continue;
            }
            if fmt.get(i) == Some(&('%' as u32)) {
                out.push(c);
                i += 1;
                continue;
            }
            // A `(key)` makes the mapping's value the arguments from here
            // on: one object, used at most once.
            if fmt.get(i) == Some(&('(' as u32)) {
                let Some(m) = mapping else {
                    return Err(err::type_error("format requires a mapping"));
                };
                let start = i + 1;
                let mut depth = 1;
                let mut j = start;
                while j < fmt.len() && depth > 0 {
                    if fmt[j] == '(' as u32 {
                        depth += 1;
                    } else if fmt[j] == ')' as u32 {
                        depth -= 1;
                    }
                    j += 1;
                }
                if depth > 0 {
                    return Err(err::value_error("incomplete format key"));
                }
                let key = unicode::from_code_points(&fmt[start..j - 1])?;
                let value = abstract_::getitem(m, key.as_ptr())?;
                args = Args {
                    args: value.as_ptr(),
                    len: None,
                    next: 0,
                };
                keyed = Some(value);
                i = j;
            }
            let mut fl = Flags::default();
            while let Some(&c) = fmt.get(i) {
                match char::from_u32(c) {
                    Some('-') => fl.left = true,
                    Some('+') => fl.sign = true,
                    Some(' ') => fl.blank = true,
                    Some('#') => fl.alt = true,
                    Some('0') => fl.zero = true,
                    _ => break,
                }
                i += 1;
            }
            let mut width = 0usize;
            if fmt.get(i) == Some(&('*' as u32)) {
                i += 1;
                let w = star(args.next()?)?;
                if w < 0 {
                    fl.left = true;
                }
                width = w.unsigned_abs();
            } else {
                width = digits(&fmt, &mut i, width, "width too big")?;
            }
            let mut prec: Option<usize> = None;
            if fmt.get(i) == Some(&('.' as u32)) {
                i += 1;
                if fmt.get(i) == Some(&('*' as u32)) {
                    i += 1;
                    prec = Some(star(args.next()?)?.max(0) as usize);
                } else {
                    prec = Some(digits(&fmt, &mut i, 0, "precision too big")?);
                }
            }
            if matches!(
                fmt.get(i).and_then(|&c| char::from_u32(c)),
                Some('h' | 'l' | 'L')
            ) {
                i += 1;
            }
            let Some(&conv) = fmt.get(i) else {
                return Err(err::value_error("incomplete format"));
            };
            let conv_at = i;
            i += 1;
            let v = args.next()?;
            let piece = convert(v, conv, conv_at, fl, prec)?;
            pad(&mut out, piece, width, fl);
        }
        drop(keyed);
        if mapping.is_none() && !args.all_used() {
            return Err(err::type_error(
                "not all arguments converted during string formatting",
            ));
        }
        unicode::from_code_points(&out)
    }
}

/// `str.__mod__` (`nb_remainder` of `str`): `NotImplemented` unless the
/// left operand is a `str`.
pub(crate) unsafe extern "C" fn str_mod(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
    // SAFETY: the number protocol passes live operands.
    unsafe {
        if !unicode::check(v) {
            return new_ref(crate::runtime::lifecycle::not_implemented());
        }
        err::into_ptr(format(v, w))
    }
}

/// A `*` width or precision: an int that fits a `Py_ssize_t`.
unsafe fn star(v: *mut PyObject) -> PyResult<isize> {
    // SAFETY: `v` live.
    unsafe {
        if !long::check(v) {
            return Err(err::type_error("* wants int"));
        }
        long::as_ssize(v)
    }
}

/// Decimal digits at `fmt[*i..]` added to `acc`; `too_big` past `isize`.
fn digits(fmt: &[u32], i: &mut usize, mut acc: usize, too_big: &str) -> PyResult<usize> {
    while let Some(d) = fmt.get(*i).and_then(|&c| char::from_u32(c)?.to_digit(10)) {
        acc = acc
            .checked_mul(10)
            .and_then(|a| a.checked_add(d as usize))
            .filter(|&a| a <= isize::MAX as usize)
            .ok_or_else(|| err::value_error(too_big))?;
        *i += 1;
    }
    Ok(acc)
}

/// One converted argument before padding.
enum Piece {
    /// Text padded with spaces (`s r a c`).
    Text(Vec<u32>),
    /// A number: its sign (`""`, `"-"`, `"+"` or `" "`), prefix (`0x`...)
    /// and body; zero padding goes between prefix and body.
    Number {
        sign: &'static str,
        prefix: &'static str,
        body: String,
    },
}

/// Converts `v` by `conv`.
unsafe fn convert(
    v: *mut PyObject,
    conv: u32,
    conv_at: usize,
    fl: Flags,
    prec: Option<usize>,
) -> PyResult<Piece> {
    // SAFETY: `v` live; slot calls follow their contracts.
    unsafe {
        let c = char::from_u32(conv).unwrap_or('?');
        match c {
            's' | 'r' | 'a' => {
                let text = match c {
                    's' if unicode::check_exact(v) => Owned::from_borrowed(v),
                    's' => abstract_::str(v)?,
                    'r' => abstract_::repr(v)?,
                    _ => abstract_::ascii(v)?,
                };
                let mut cps: Vec<u32> = unicode::chars(text.as_ptr()).collect();
                if let Some(p) = prec {
                    cps.truncate(p);
                }
                Ok(Piece::Text(cps))
            }
            'c' => {
                if unicode::check(v) {
                    if unicode::len_chars(v) != 1 {
                        return Err(err::type_error("%c requires int or char"));
                    }
                    return Ok(Piece::Text(vec![unicode::read_char(v, 0)]));
                }
                if !long::check(v) {
                    return Err(err::type_error("%c requires int or char"));
                }
                let (x, overflow) = long::as_i64_and_overflow(v)?;
                if overflow != 0 || !(0..=0x10FFFF).contains(&x) {
                    return Err(err::overflow_error("%c arg not in range(0x110000)"));
                }
                Ok(Piece::Text(vec![x as u32]))
            }
            'd' | 'i' | 'u' | 'o' | 'x' | 'X' => int_piece(v, c, fl, prec),
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let x = float::as_f64(v)?;
                let negative = x.is_sign_negative() && !x.is_nan();
                let body = float_body(x.abs(), c, prec.unwrap_or(6), fl.alt);
                Ok(Piece::Number {
                    sign: sign_of(negative, fl),
                    prefix: "",
                    body,
                })
            }
            _ => {
                let shown = if (0x20..0x7F).contains(&conv) { c } else { '?' };
                Err(err::value_error(&format!(
                    "unsupported format character '{shown}' (0x{conv:x}) at index {conv_at}"
                )))
            }
        }
    }
}

/// The sign text of a number.
fn sign_of(negative: bool, fl: Flags) -> &'static str {
    if negative {
        "-"
    } else if fl.sign {
        "+"
    } else if fl.blank {
        " "
    } else {
        ""
    }
}

/// `d i u o x X`: ints as they are, other numbers through `int()`
/// (decimal) or `__index__` (the other bases).
unsafe fn int_piece(v: *mut PyObject, c: char, fl: Flags, prec: Option<usize>) -> PyResult<Piece> {
    // SAFETY: `v` live.
    unsafe {
        let decimal = matches!(c, 'd' | 'i' | 'u');
        let wrong_type = || {
            let what = if decimal {
                "a real number"
            } else {
                "an integer"
            };
            err::type_error(&format!(
                "%{c} format: {what} is required, not {}",
                typeobj::type_name_of(v)
            ))
        };
        let owned;
        let n = if long::check(v) {
            v
        } else {
            if !number::check(v) {
                return Err(wrong_type());
            }
            let r = if decimal {
                number::to_long(v)
            } else {
                number::index(v)
            };
            owned = r.map_err(|e| {
                if err::given_matches(err::occurred(), exceptions::get(Exc::TypeError)) {
                    wrong_type()
                } else {
                    e
                }
            })?;
            owned.as_ptr()
        };
        let (negative, mut body, prefix) = if decimal {
            let s = long::to_decimal(n)?;
            match s.strip_prefix('-') {
                Some(rest) => (true, rest.to_owned(), ""),
                None => (false, s, ""),
            }
        } else {
            let b: BigInt = long::to_bigint(n);
            let radix = if c == 'o' { 8 } else { 16 };
            let mut s = b.abs().to_str_radix(radix);
            if c == 'X' {
                s.make_ascii_uppercase();
            }
            let prefix = match (fl.alt, c) {
                (false, _) => "",
                (true, 'o') => "0o",
                (true, 'x') => "0x",
                _ => "0X",
            };
            (b.is_negative(), s, prefix)
        };
        if let Some(p) = prec {
            if body.len() < p {
                body.insert_str(0, &"0".repeat(p - body.len()));
            }
        }
        Ok(Piece::Number {
            sign: sign_of(negative, fl),
            prefix,
            body,
        })
    }
}

/// `e f g` (and their capitals) of a non-negative double, as C's printf
/// writes them; `alt` is the `#` flag.
fn float_body(x: f64, conv: char, prec: usize, alt: bool) -> String {
    let upper = conv.is_ascii_uppercase();
    let mut s = if x.is_infinite() {
        "inf".to_owned()
    } else if x.is_nan() {
        "nan".to_owned()
    } else {
        match conv.to_ascii_lowercase() {
            'e' => exp_form(x, prec, alt),
            'f' => fixed_form(x, prec, alt),
            _ => general_form(x, prec, alt),
        }
    };
    if upper {
        s.make_ascii_uppercase();
    }
    s
}

/// `%e`: one digit, `prec` decimals, and an exponent of at least two
/// digits with its sign.
fn exp_form(x: f64, prec: usize, alt: bool) -> String {
    let s = format!("{x:.prec$e}");
    let (mantissa, exp) = s.split_once('e').expect("Rust's {:e} has an exponent");
    let exp: i32 = exp.parse().expect("a decimal exponent");
    let dot = if alt && prec == 0 { "." } else { "" };
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mantissa}{dot}e{sign}{:02}", exp.unsigned_abs())
}

/// `%f`.
fn fixed_form(x: f64, prec: usize, alt: bool) -> String {
    let mut s = format!("{x:.prec$}");
    if alt && prec == 0 {
        s.push('.');
    }
    s
}

/// `%g`: `%e` or `%f` by the exponent after rounding to `prec` significant
/// digits, trailing zeros removed unless `alt`.
fn general_form(x: f64, prec: usize, alt: bool) -> String {
    let p = prec.max(1);
    let e_text = format!("{x:.*e}", p - 1);
    let exp: i64 = e_text
        .split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .expect("Rust's {:e} has an exponent");
    let mut s = if (-4..p as i64).contains(&exp) {
        fixed_form(x, (p as i64 - 1 - exp) as usize, false)
    } else {
        exp_form(x, p - 1, false)
    };
    let (mant_end, tail) = match s.find('e') {
        Some(k) => (k, s[k..].to_owned()),
        None => (s.len(), String::new()),
    };
    let mut mant = s[..mant_end].to_owned();
    if alt {
        if !mant.contains('.') {
            mant.push('.');
        }
    } else if mant.contains('.') {
        while mant.ends_with('0') {
            mant.pop();
        }
        if mant.ends_with('.') {
            mant.pop();
        }
    }
    s = mant + &tail;
    s
}

/// Appends `piece` padded to `width`.
fn pad(out: &mut Vec<u32>, piece: Piece, width: usize, fl: Flags) {
    match piece {
        Piece::Text(cps) => {
            let fill = width.saturating_sub(cps.len());
            if !fl.left {
                out.extend(std::iter::repeat_n(' ' as u32, fill));
            }
            out.extend_from_slice(&cps);
            if fl.left {
                out.extend(std::iter::repeat_n(' ' as u32, fill));
            }
        }
        Piece::Number { sign, prefix, body } => {
            let len = sign.len() + prefix.len() + body.len();
            let fill = width.saturating_sub(len);
            let ascii = |out: &mut Vec<u32>, s: &str| out.extend(s.bytes().map(u32::from));
            if fl.left {
                ascii(out, sign);
                ascii(out, prefix);
                ascii(out, &body);
                out.extend(std::iter::repeat_n(' ' as u32, fill));
            } else if fl.zero {
                ascii(out, sign);
                ascii(out, prefix);
                out.extend(std::iter::repeat_n('0' as u32, fill));
                ascii(out, &body);
            } else {
                out.extend(std::iter::repeat_n(' ' as u32, fill));
                ascii(out, sign);
                ascii(out, prefix);
                ascii(out, &body);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_as_printf_writes_them() {
        assert_eq!(float_body(0.0, 'e', 6, false), "0.000000e+00");
        assert_eq!(float_body(1e301, 'e', 6, false), "1.000000e+301");
        assert_eq!(float_body(12345.0, 'e', 0, false), "1e+04");
        assert_eq!(float_body(1.0, 'e', 0, true), "1.e+00");
        assert_eq!(float_body(1.0, 'f', 0, true), "1.");
        assert_eq!(float_body(1e-5, 'g', 6, false), "1e-05");
        assert_eq!(float_body(123456789.0, 'g', 6, false), "1.23457e+08");
        assert_eq!(float_body(100000.0, 'g', 6, false), "100000");
        assert_eq!(float_body(1e6, 'g', 6, false), "1e+06");
        assert_eq!(float_body(0.0001234, 'g', 3, false), "0.000123");
        assert_eq!(float_body(1.0, 'g', 3, true), "1.00");
        assert_eq!(float_body(0.0, 'g', 6, true), "0.00000");
        assert_eq!(float_body(0.5, 'g', 0, false), "0.5");
        assert_eq!(float_body(0.1, 'g', 20, false), "0.10000000000000000555");
        assert_eq!(float_body(1e-10, 'G', 6, false), "1E-10");
        assert_eq!(float_body(f64::NAN, 'F', 6, false), "NAN");
    }
}
