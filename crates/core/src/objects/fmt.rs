//! `PyUnicode_FromFormat`: printf-style formatting into a str, with the
//! conversions, flags, width and precision of CPython 3.12.

use crate::objects::object::*;
use crate::protocols::varargs::VaArgs;
use crate::runtime::alloc::fallible;
use crate::runtime::err::{self, PyResult};
use crate::{objects::unicode, protocols::abstract_};
use std::ffi::CStr;

#[derive(Clone, Copy, PartialEq)]
enum Len {
    Int,
    Long,
    LongLong,
    Size,
    PtrDiff,
    IntMax,
}

/// Formats `fmt` with `args` (`PyUnicode_FromFormatV` semantics).
///
/// # Safety
/// `args` must yield arguments of the types the format announces (the C
/// caller's contract); object arguments must be live.
pub unsafe fn format<A: VaArgs>(fmt: &CStr, args: &mut A) -> PyResult<Owned> {
    let f = fmt.to_bytes();
    // Generalized UTF-8: %c and %U may carry lone surrogates.
    let mut out: Vec<u8> = Vec::with_capacity(f.len() + 16);
    let mut i = 0;
    while i < f.len() {
        if f[i] != b'%' {
            let start = i;
            while i < f.len() && f[i] != b'%' {
                if f[i] >= 0x80 {
                    return Err(err::value_error(&format!(
                        "PyUnicode_FromFormatV() expects an ASCII-encoded format string, got a non-ASCII byte: 0x{:02x}",
                        f[i]
                    )));
                }
                i += 1;
            }
            out.extend_from_slice(&f[start..i]);
            continue;
        }
        let spec_start = i;
        i += 1;
        if f.get(i) == Some(&b'%') {
            out.push(b'%');
            i += 1;
            continue;
        }
        let mut left = false;
        let mut zero = false;
        while let Some(&c) = f.get(i) {
            match c {
                b'-' => left = true,
                b'0' => zero = true,
                _ => break,
            }
            i += 1;
        }
        let mut width: Option<usize> = None;
        if f.get(i) == Some(&b'*') {
            let w = args.int();
            if w < 0 {
                left = true;
            }
            width = Some(w.unsigned_abs() as usize);
            i += 1;
        } else {
            while let Some(&c) = f.get(i).filter(|c| c.is_ascii_digit()) {
                // CPython's bound: the width is a Py_ssize_t.
                width = width
                    .unwrap_or(0)
                    .checked_mul(10)
                    .and_then(|w| w.checked_add((c - b'0') as usize))
                    .filter(|&w| w <= isize::MAX as usize);
                if width.is_none() {
                    return Err(err::value_error("width too big"));
                }
                i += 1;
            }
        }
        let mut prec: Option<usize> = None;
        if f.get(i) == Some(&b'.') {
            i += 1;
            if f.get(i) == Some(&b'*') {
                let p = args.int();
                prec = if p < 0 { None } else { Some(p as usize) };
                i += 1;
            } else {
                let mut p = 0usize;
                while let Some(&c) = f.get(i).filter(|c| c.is_ascii_digit()) {
                    p = match p
                        .checked_mul(10)
                        .and_then(|p| p.checked_add((c - b'0') as usize))
                        .filter(|&p| p <= isize::MAX as usize)
                    {
                        Some(p) => p,
                        None => return Err(err::value_error("precision too big")),
                    };
                    i += 1;
                }
                prec = Some(p);
            }
        }
        let mut len = Len::Int;
        match f.get(i) {
            Some(b'l') => {
                i += 1;
                if f.get(i) == Some(&b'l') {
                    i += 1;
                    len = Len::LongLong;
                } else {
                    len = Len::Long;
                }
            }
            Some(b'z') => {
                i += 1;
                len = Len::Size;
            }
            Some(b't') => {
                i += 1;
                len = Len::PtrDiff;
            }
            Some(b'j') => {
                i += 1;
                len = Len::IntMax;
            }
            _ => {}
        }
        let Some(&conv) = f.get(i) else {
            return Err(invalid(f, spec_start));
        };
        i += 1;
        let plain = !left && !zero && width.is_none() && prec.is_none();
        let int_conv = matches!(conv, b'd' | b'i' | b'u' | b'x' | b'X' | b'o');
        if (conv == b'c' && (!plain || len != Len::Int)) || (!int_conv && len != Len::Int) {
            return Err(invalid(f, spec_start));
        }
        // SAFETY: forwarded contract for object arguments.
        let piece = unsafe {
            match conv {
                b'd' | b'i' => {
                    let v: i128 = match len {
                        Len::Int => i128::from(args.int()),
                        Len::Long => i128::from(args.long()),
                        Len::LongLong | Len::IntMax => i128::from(args.longlong()),
                        Len::Size | Len::PtrDiff => args.ssize() as i128,
                    };
                    Piece::Num(v.to_string())
                }
                b'u' | b'x' | b'X' | b'o' => {
                    let v: u128 = match len {
                        Len::Int => u128::from(args.uint()),
                        Len::Long => u128::from(args.ulong()),
                        Len::LongLong | Len::IntMax => u128::from(args.ulonglong()),
                        Len::Size | Len::PtrDiff => args.size() as u128,
                    };
                    Piece::Num(match conv {
                        b'u' => v.to_string(),
                        b'x' => format!("{v:x}"),
                        b'X' => format!("{v:X}"),
                        _ => format!("{v:o}"),
                    })
                }
                b'c' => {
                    let v = args.int();
                    match u32::try_from(v).ok().filter(|&c| c < 0x110000) {
                        Some(c) => {
                            let mut b = Vec::with_capacity(4);
                            unicode::push_code_point(&mut b, c);
                            Piece::Text(b)
                        }
                        None => {
                            return Err(err::overflow_error(
                                "character argument not in range(0x110000)",
                            ));
                        }
                    }
                }
                b'p' => {
                    let p = args.ptr() as usize;
                    Piece::Raw(format!("0x{p:x}").into_bytes())
                }
                b's' => {
                    let p = args.cstr();
                    let b = if p.is_null() {
                        &b"(null)"[..]
                    } else {
                        CStr::from_ptr(p).to_bytes()
                    };
                    Piece::Text(decode_replace(b, prec).into_bytes())
                }
                b'U' => {
                    let o = args.ptr() as *mut PyObject;
                    if o.is_null() || !unicode::check(o) {
                        return Err(err::system_error(
                            "PyUnicode_FromFormatV() expects a str for %U",
                        ));
                    }
                    Piece::Text(unicode::as_bytes(o).to_vec())
                }
                b'V' => {
                    let o = args.ptr() as *mut PyObject;
                    let s = args.cstr();
                    if !o.is_null() {
                        Piece::Text(unicode::as_bytes(o).to_vec())
                    } else if !s.is_null() {
                        Piece::Text(decode_replace(CStr::from_ptr(s).to_bytes(), prec).into_bytes())
                    } else {
                        return Err(err::system_error("PyUnicode_FromFormatV() got NULL for %V"));
                    }
                }
                b'S' | b'R' | b'A' => {
                    let o = args.ptr() as *mut PyObject;
                    let r = match conv {
                        b'S' => abstract_::str(o)?,
                        b'R' => abstract_::repr(o)?,
                        _ => abstract_::ascii(o)?,
                    };
                    Piece::Text(unicode::as_bytes(r.as_ptr()).to_vec())
                }
                _ => return Err(invalid(f, spec_start)),
            }
        };
        match piece {
            Piece::Num(digits) => {
                let (neg, digits) = match digits.strip_prefix('-') {
                    Some(d) => (true, d.to_string()),
                    None => (false, digits),
                };
                let mut s = Vec::new();
                if neg {
                    s.push(b'-');
                }
                if let Some(p) = prec.filter(|&p| p > digits.len()) {
                    fallible::extend_repeat(&mut s, b'0', p - digits.len())?;
                }
                fallible::extend_from_slice(&mut s, digits.as_bytes())?;
                let w = width.unwrap_or(0);
                if w > s.len() && !left && zero && prec.is_none() {
                    if neg {
                        out.push(b'-');
                    }
                    fallible::extend_repeat(&mut out, b'0', w - s.len())?;
                    out.extend_from_slice(digits.as_bytes());
                } else {
                    pad(&mut out, &s, w, left)?;
                }
            }
            Piece::Text(t) => {
                let t = match prec {
                    Some(p) => {
                        let mut cut = Vec::with_capacity(t.len());
                        for cp in unicode::code_points(&t).take(p) {
                            unicode::push_code_point(&mut cut, cp);
                        }
                        cut
                    }
                    None => t,
                };
                pad(&mut out, &t, width.unwrap_or(0), left)?;
            }
            Piece::Raw(t) => pad(&mut out, &t, width.unwrap_or(0), left)?,
        }
    }
    unicode::from_wtf8(&out)
}

enum Piece {
    Num(String),
    /// Generalized UTF-8.
    Text(Vec<u8>),
    Raw(Vec<u8>),
}

/// Appends `s` padded with spaces to `width` code points; `MemoryError`
/// when the padding cannot be allocated (the width is the caller's).
fn pad(out: &mut Vec<u8>, s: &[u8], width: usize, left: bool) -> PyResult<()> {
    let n = s.iter().filter(|&&b| b & 0xc0 != 0x80).count();
    if n >= width {
        fallible::extend_from_slice(out, s)?;
    } else if left {
        fallible::extend_from_slice(out, s)?;
        fallible::extend_repeat(out, b' ', width - n)?;
    } else {
        fallible::extend_repeat(out, b' ', width - n)?;
        fallible::extend_from_slice(out, s)?;
    }
    Ok(())
}

/// Decodes UTF-8 with the 'replace' handler; with a precision, at most that
/// many bytes are read (CPython's rule for `%.Ns`).
fn decode_replace(b: &[u8], prec: Option<usize>) -> String {
    let b = match prec {
        Some(p) if p < b.len() => &b[..p],
        _ => b,
    };
    String::from_utf8_lossy(b).into_owned()
}

fn invalid(f: &[u8], at: usize) -> err::Raised {
    err::system_error(&format!(
        "invalid format string: {}",
        String::from_utf8_lossy(&f[at..])
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocols::varargs::{Arg, VecArgs};
    use crate::runtime::testing::with_runtime;

    fn f(fmt: &CStr, args: Vec<Arg>) -> Result<String, ()> {
        let mut a = VecArgs::new(args);
        // SAFETY: the recorded arguments match each format below.
        match unsafe { format(fmt, &mut a) } {
            // SAFETY: `o` is a live str owned here.
            Ok(o) => Ok(unsafe { unicode::as_str(o.as_ptr()) }.into_owned()),
            Err(_) => {
                err::clear();
                Err(())
            }
        }
    }

    #[test]
    fn widths_precisions_and_flags() {
        with_runtime(|| {
            assert_eq!(
                f(
                    c"[%5d|%-5d|%05d|%.3d]",
                    vec![Arg::Int(42), Arg::Int(42), Arg::Int(-42), Arg::Int(7)]
                )
                .unwrap(),
                "[   42|42   |-0042|007]"
            );
            assert_eq!(
                f(
                    c"%x %lu %zd %%",
                    vec![Arg::Int(255), Arg::Int(7), Arg::Int(-3)]
                )
                .unwrap(),
                "ff 7 -3 %"
            );
            assert_eq!(
                f(
                    c"[%.2s|%4s]",
                    vec![
                        Arg::Ptr(c"hello".as_ptr() as _),
                        Arg::Ptr(c"ab".as_ptr() as _)
                    ]
                )
                .unwrap(),
                "[he|  ab]"
            );
            assert!(f(c"%5c", vec![Arg::Int(65)]).is_err());
            assert!(f(c"%lc", vec![Arg::Int(65)]).is_err());
            assert!(f(c"caf\xc3\xa9", vec![]).is_err());
        });
    }
}
