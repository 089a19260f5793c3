//! The builtin codecs: UTF-8, ASCII, Latin-1, UTF-16 and UTF-32 (with and
//! without byte-order marks) under CPython's names and aliases, and the
//! standard error handlers (`strict`, `ignore`, `replace`,
//! `backslashreplace`, `xmlcharrefreplace`, `surrogateescape`,
//! `surrogatepass`), behaving as CPython 3.12's: the same output, the same
//! `UnicodeEncodeError`/`UnicodeDecodeError` ranges and reasons, and
//! `LookupError` for unknown encodings and handlers (a handler is looked up
//! only when an error needs it, as in CPython).
//!
//! Other encodings live in CPython's pure-Python `encodings` package and
//! arrive with the standard library; until then they are a `LookupError`.

use crate::objects::exceptions::{self, Exc};
use crate::objects::object::*;
use crate::objects::unicode;
use crate::runtime::err::{self, PyResult};
use crate::{objects::bytes, objects::long, objects::tuple};

/// Byte order of the UTF-16/32 codecs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Order {
    /// `utf-16`/`utf-32`: a BOM then native (little-endian) order when
    /// encoding; the BOM decides when decoding.
    Bom,
    /// Little-endian, no BOM.
    Le,
    /// Big-endian, no BOM.
    Be,
}

/// A builtin codec.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Codec {
    /// UTF-8.
    Utf8,
    /// ASCII.
    Ascii,
    /// Latin-1 (ISO-8859-1).
    Latin1,
    /// UTF-16.
    Utf16(Order),
    /// UTF-32.
    Utf32(Order),
}

impl Codec {
    /// The name the codec's exceptions carry.
    pub fn name(self) -> &'static str {
        match self {
            Codec::Utf8 => "utf-8",
            Codec::Ascii => "ascii",
            Codec::Latin1 => "latin-1",
            Codec::Utf16(Order::Bom) => "utf-16",
            Codec::Utf16(Order::Le) => "utf-16-le",
            Codec::Utf16(Order::Be) => "utf-16-be",
            Codec::Utf32(Order::Bom) => "utf-32",
            Codec::Utf32(Order::Le) => "utf-32-le",
            Codec::Utf32(Order::Be) => "utf-32-be",
        }
    }

    /// Whether the codec can write `c` as it is.
    fn encodes(self, c: u32) -> bool {
        match self {
            Codec::Ascii => c < 0x80,
            Codec::Latin1 => c < 0x100,
            _ => !(0xd800..0xe000).contains(&c),
        }
    }

    /// The reason of its `UnicodeEncodeError`.
    fn encode_reason(self) -> &'static str {
        match self {
            Codec::Ascii => "ordinal not in range(128)",
            Codec::Latin1 => "ordinal not in range(256)",
            _ => "surrogates not allowed",
        }
    }

    /// Appends `c` in the codec's form (no check).
    fn push(self, out: &mut Vec<u8>, c: u32) {
        match self {
            Codec::Utf8 => unicode::push_code_point(out, c),
            Codec::Ascii | Codec::Latin1 => out.push(c as u8),
            Codec::Utf16(o) => {
                let mut unit = |u: u16| match o {
                    Order::Be => out.extend_from_slice(&u.to_be_bytes()),
                    _ => out.extend_from_slice(&u.to_le_bytes()),
                };
                if c >= 0x10000 {
                    let v = c - 0x10000;
                    unit(0xd800 | (v >> 10) as u16);
                    unit(0xdc00 | (v & 0x3ff) as u16);
                } else {
                    unit(c as u16);
                }
            }
            Codec::Utf32(Order::Be) => out.extend_from_slice(&c.to_be_bytes()),
            Codec::Utf32(_) => out.extend_from_slice(&c.to_le_bytes()),
        }
    }
}

/// CPython's `_Py_normalize_encoding`: ASCII letters and digits and `.`
/// kept (lowercased), every other run of characters one `_`, none at the
/// ends.
fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut punct = false;
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b == b'.' {
            if punct && !out.is_empty() {
                out.push('_');
            }
            punct = false;
            out.push(b.to_ascii_lowercase() as char);
        } else {
            punct = true;
        }
    }
    out
}

/// The builtin codec an encoding name means (CPython's aliases of the
/// codecs Ophis has), or `None`.
pub fn lookup(name: &str) -> Option<Codec> {
    Some(match normalize(name).as_str() {
        "utf_8" | "utf8" | "u8" | "utf" | "utf8_ucs2" | "utf8_ucs4" | "cp65001" => Codec::Utf8,
        "ascii" | "646" | "ansi_x3.4_1968" | "ansi_x3_4_1968" | "ansi_x3.4_1986" | "cp367"
        | "csascii" | "ibm367" | "iso646_us" | "iso_646.irv_1991" | "iso_ir_6" | "us"
        | "us_ascii" => Codec::Ascii,
        "latin_1" | "latin1" | "8859" | "cp819" | "csisolatin1" | "ibm819" | "iso8859"
        | "iso8859_1" | "iso_8859_1" | "iso_8859_1_1987" | "iso_ir_100" | "l1" | "latin" => {
            Codec::Latin1
        }
        "utf_16" | "utf16" | "u16" => Codec::Utf16(Order::Bom),
        "utf_16_le" | "utf_16le" | "unicodelittleunmarked" => Codec::Utf16(Order::Le),
        "utf_16_be" | "utf_16be" | "unicodebigunmarked" => Codec::Utf16(Order::Be),
        "utf_32" | "utf32" | "u32" => Codec::Utf32(Order::Bom),
        "utf_32_le" | "utf_32le" => Codec::Utf32(Order::Le),
        "utf_32_be" | "utf_32be" => Codec::Utf32(Order::Be),
        _ => return None,
    })
}

/// [`lookup`], or CPython's `LookupError`.
pub fn codec(name: Option<&str>) -> PyResult<Codec> {
    match name {
        None => Ok(Codec::Utf8),
        Some(n) => {
            lookup(n).ok_or_else(|| err::raise(Exc::LookupError, &format!("unknown encoding: {n}")))
        }
    }
}

/// An error handler.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Handler {
    Strict,
    Ignore,
    Replace,
    BackslashReplace,
    XmlCharRefReplace,
    SurrogateEscape,
    SurrogatePass,
    NameReplace,
}

/// The handler named `errors` (`None` is `strict`), or `LookupError`.
fn handler(errors: Option<&str>) -> PyResult<Handler> {
    Ok(match errors.unwrap_or("strict") {
        "strict" => Handler::Strict,
        "ignore" => Handler::Ignore,
        "replace" => Handler::Replace,
        "backslashreplace" => Handler::BackslashReplace,
        "xmlcharrefreplace" => Handler::XmlCharRefReplace,
        "surrogateescape" => Handler::SurrogateEscape,
        "surrogatepass" => Handler::SurrogatePass,
        "namereplace" => Handler::NameReplace,
        other => {
            return Err(err::raise(
                Exc::LookupError,
                &format!("unknown error handler name '{other}'"),
            ))
        }
    })
}

/// Raises `UnicodeEncodeError(encoding, s, start, end, reason)`.
///
/// # Safety
/// `s` must be a live str.
pub unsafe fn raise_encode_error(
    encoding: &str,
    s: *mut PyObject,
    start: usize,
    end: usize,
    reason: &str,
) -> err::Raised {
    let args = (|| -> PyResult<Owned> {
        let enc = unicode::from_str(encoding)?;
        let st = long::from_i64(start as i64)?;
        let e = long::from_i64(end as i64)?;
        let r = unicode::from_str(reason)?;
        tuple::new_from(&[enc.as_ptr(), s, st.as_ptr(), e.as_ptr(), r.as_ptr()])
    })();
    match args {
        // SAFETY: UnicodeEncodeError is live; args is a tuple.
        Ok(a) => unsafe { err::set_object(exceptions::get(Exc::UnicodeEncodeError), a.as_ptr()) },
        Err(r) => r,
    }
}

/// Writes `\xNN`, `\uNNNN` or `\UNNNNNNNN` for `c` through `put`.
fn backslash(c: u32, put: &mut impl FnMut(u32)) {
    let text = if c < 0x100 {
        format!("\\x{c:02x}")
    } else if c < 0x10000 {
        format!("\\u{c:04x}")
    } else {
        format!("\\U{c:08x}")
    };
    text.bytes().for_each(|b| put(b as u32));
}

/// Encodes the str `s` with `codec`, handling unencodable characters as
/// `errors` says.
///
/// # Safety
/// `s` must be a live str.
pub unsafe fn encode(s: *mut PyObject, codec: Codec, errors: Option<&str>) -> PyResult<Vec<u8>> {
    // SAFETY: forwarded; indexes stay below the length.
    unsafe {
        let n = unicode::len_chars(s) as usize;
        if codec == Codec::Utf8 && !unicode::has_surrogates(s) {
            return Ok(unicode::as_bytes(s).to_vec());
        }
        let mut out = Vec::with_capacity(n + 4);
        match codec {
            Codec::Utf16(Order::Bom) => out.extend_from_slice(&[0xff, 0xfe]),
            Codec::Utf32(Order::Bom) => out.extend_from_slice(&[0xff, 0xfe, 0, 0]),
            _ => {}
        }
        let mut h: Option<Handler> = None;
        let mut i = 0;
        while i < n {
            let c = unicode::read_char(s, i);
            if codec.encodes(c) {
                codec.push(&mut out, c);
                i += 1;
                continue;
            }
            // The 8-bit and UTF-8 encoders report the whole run of
            // characters they cannot write; UTF-16/32 one at a time.
            let mut end = i + 1;
            if matches!(codec, Codec::Utf8 | Codec::Ascii | Codec::Latin1) {
                while end < n && !codec.encodes(unicode::read_char(s, end)) {
                    end += 1;
                }
            }
            let fail = || raise_encode_error(codec.name(), s, i, end, codec.encode_reason());
            let hd = match h {
                Some(hd) => hd,
                None => *h.insert(handler(errors)?),
            };
            let mut put = |c: u32| codec.push(&mut out, c);
            match hd {
                Handler::Strict => return Err(fail()),
                Handler::Ignore => {}
                Handler::Replace => (i..end).for_each(|_| put('?' as u32)),
                Handler::BackslashReplace => {
                    (i..end).for_each(|k| backslash(unicode::read_char(s, k), &mut put))
                }
                Handler::XmlCharRefReplace => (i..end).for_each(|k| {
                    format!("&#{};", unicode::read_char(s, k))
                        .bytes()
                        .for_each(|b| put(b as u32))
                }),
                Handler::SurrogateEscape => {
                    // Only lone trail surrogates U+DC80..U+DCFF, as the bytes
                    // they stand for, and only where one byte is a unit.
                    let escapable = matches!(codec, Codec::Utf8 | Codec::Ascii | Codec::Latin1)
                        && (i..end).all(|k| (0xdc80..=0xdcff).contains(&unicode::read_char(s, k)));
                    if !escapable {
                        return Err(fail());
                    }
                    (i..end).for_each(|k| out.push((unicode::read_char(s, k) - 0xdc00) as u8));
                }
                Handler::SurrogatePass => {
                    let passable = !matches!(codec, Codec::Ascii | Codec::Latin1)
                        && (i..end).all(|k| (0xd800..0xe000).contains(&unicode::read_char(s, k)));
                    if !passable {
                        return Err(fail());
                    }
                    (i..end).for_each(|k| codec.push(&mut out, unicode::read_char(s, k)));
                }
                Handler::NameReplace => return Err(no_names()),
            }
            i = end;
        }
        Ok(out)
    }
}

fn no_names() -> err::Raised {
    err::raise(
        Exc::SystemError,
        "the 'namereplace' error handler needs the Unicode name database, which Ophis does not have yet",
    )
}

/// One decoding error: the byte range and the reason.
struct Bad {
    start: usize,
    end: usize,
    reason: &'static str,
}

/// Decodes `b` with `codec`, handling malformed input as `errors` says.
/// When `last` is false, an incomplete sequence at the end is left
/// undecoded (the stateful decoders); the second result is the number of
/// bytes consumed.
pub fn decode(
    b: &[u8],
    codec: Codec,
    errors: Option<&str>,
    last: bool,
) -> PyResult<(Owned, usize)> {
    if codec == Codec::Utf8 {
        if let Ok(s) = std::str::from_utf8(b) {
            return Ok((unicode::from_str(s)?, b.len()));
        }
    }
    if matches!(codec, Codec::Ascii | Codec::Latin1) && b.is_ascii() {
        // SAFETY: ASCII is UTF-8.
        return Ok((
            unicode::from_str(unsafe { std::str::from_utf8_unchecked(b) })?,
            b.len(),
        ));
    }
    let mut out: Vec<u8> = Vec::with_capacity(b.len() + 8);
    let mut h: Option<Handler> = None;
    let mut pos = 0;
    // Each step decodes one character or finds one error.
    let (codec, unit_order) = match codec {
        Codec::Utf16(Order::Bom) | Codec::Utf32(Order::Bom) => {
            let wide = matches!(codec, Codec::Utf32(_));
            let (le, be): (&[u8], &[u8]) = if wide {
                (&[0xff, 0xfe, 0, 0], &[0, 0, 0xfe, 0xff])
            } else {
                (&[0xff, 0xfe], &[0xfe, 0xff])
            };
            let order = if b.starts_with(le) {
                pos = le.len();
                Order::Le
            } else if b.starts_with(be) {
                pos = be.len();
                Order::Be
            } else {
                Order::Le
            };
            (codec, order)
        }
        Codec::Utf16(o) | Codec::Utf32(o) => (codec, o),
        _ => (codec, Order::Le),
    };
    while pos < b.len() {
        let step = match codec {
            Codec::Utf8 => utf8_step(&b[pos..], last),
            Codec::Ascii => {
                if b[pos] < 0x80 {
                    Step::Char(b[pos] as u32, 1)
                } else {
                    Step::Bad(1, "ordinal not in range(128)")
                }
            }
            Codec::Latin1 => Step::Char(b[pos] as u32, 1),
            Codec::Utf16(_) => utf16_step(&b[pos..], unit_order, last),
            Codec::Utf32(_) => utf32_step(&b[pos..], unit_order, last),
        };
        match step {
            Step::Char(c, n) => {
                unicode::push_code_point(&mut out, c);
                pos += n;
            }
            Step::Incomplete => break,
            Step::Bad(n, reason) => {
                let bad = Bad {
                    start: pos,
                    end: pos + n,
                    reason,
                };
                let hd = match h {
                    Some(hd) => hd,
                    None => *h.insert(handler(errors)?),
                };
                pos = decode_error(b, codec, unit_order, hd, &bad, &mut out)?;
            }
        }
    }
    Ok((unicode::from_wtf8(&out)?, pos))
}

/// Applies handler `hd` to decoding error `bad`; the position to go on
/// from.
fn decode_error(
    b: &[u8],
    codec: Codec,
    order: Order,
    hd: Handler,
    bad: &Bad,
    out: &mut Vec<u8>,
) -> PyResult<usize> {
    let fail = || unicode::raise_decode_error(codec.name(), b, bad.start, bad.end, bad.reason);
    let range = &b[bad.start..bad.end];
    match hd {
        Handler::Strict => Err(fail()),
        Handler::Ignore => Ok(bad.end),
        Handler::Replace => {
            unicode::push_code_point(out, 0xfffd);
            Ok(bad.end)
        }
        Handler::BackslashReplace => {
            for &x in range {
                out.extend_from_slice(format!("\\x{x:02x}").as_bytes());
            }
            Ok(bad.end)
        }
        Handler::XmlCharRefReplace | Handler::NameReplace => Err(err::type_error(
            "don't know how to handle UnicodeDecodeError in error callback",
        )),
        Handler::SurrogateEscape => {
            if range.iter().any(|&x| x < 0x80) {
                return Err(fail());
            }
            range
                .iter()
                .for_each(|&x| unicode::push_code_point(out, 0xdc00 + x as u32));
            Ok(bad.end)
        }
        Handler::SurrogatePass => {
            let rest = &b[bad.start..];
            let (c, n) = match codec {
                Codec::Utf8
                    if rest.len() >= 3
                        && rest[0] == 0xed
                        && (0xa0..=0xbf).contains(&rest[1])
                        && (0x80..=0xbf).contains(&rest[2]) =>
                {
                    (
                        0xd000 | ((rest[1] as u32 & 0x3f) << 6) | (rest[2] as u32 & 0x3f),
                        3,
                    )
                }
                Codec::Utf16(_) if rest.len() >= 2 => (unit16(rest, order) as u32, 2),
                Codec::Utf32(_) if rest.len() >= 4 => (unit32(rest, order), 4),
                _ => return Err(fail()),
            };
            if !(0xd800..0xe000).contains(&c) {
                return Err(fail());
            }
            unicode::push_code_point(out, c);
            Ok(bad.start + n)
        }
    }
}

/// The outcome of decoding at one position.
enum Step {
    /// A character and the bytes it took.
    Char(u32, usize),
    /// Malformed input: the bytes in error and the reason.
    Bad(usize, &'static str),
    /// An incomplete sequence at the end (only when not decoding the last
    /// chunk).
    Incomplete,
}

/// One UTF-8 sequence at the start of `b`; errors cover CPython's (and
/// Unicode's) "maximal subpart".
fn utf8_step(b: &[u8], last: bool) -> Step {
    let c0 = b[0];
    if c0 < 0x80 {
        return Step::Char(c0 as u32, 1);
    }
    let (n, lo, hi) = match c0 {
        0xc2..=0xdf => (2, 0x80, 0xbf),
        0xe0 => (3, 0xa0, 0xbf),
        0xed => (3, 0x80, 0x9f),
        0xe1..=0xef => (3, 0x80, 0xbf),
        0xf0 => (4, 0x90, 0xbf),
        0xf1..=0xf3 => (4, 0x80, 0xbf),
        0xf4 => (4, 0x80, 0x8f),
        _ => return Step::Bad(1, "invalid start byte"),
    };
    let mut cp = (c0 as u32) & (0x7f >> n);
    for k in 1..n {
        let Some(&x) = b.get(k) else {
            return if last {
                Step::Bad(k, "unexpected end of data")
            } else {
                Step::Incomplete
            };
        };
        let (l, h) = if k == 1 { (lo, hi) } else { (0x80, 0xbf) };
        if !(l..=h).contains(&x) {
            return Step::Bad(k, "invalid continuation byte");
        }
        cp = (cp << 6) | (x as u32 & 0x3f);
    }
    Step::Char(cp, n)
}

fn unit16(b: &[u8], o: Order) -> u16 {
    let u = [b[0], b[1]];
    if o == Order::Be {
        u16::from_be_bytes(u)
    } else {
        u16::from_le_bytes(u)
    }
}

fn unit32(b: &[u8], o: Order) -> u32 {
    let u = [b[0], b[1], b[2], b[3]];
    if o == Order::Be {
        u32::from_be_bytes(u)
    } else {
        u32::from_le_bytes(u)
    }
}

/// One UTF-16 character at the start of `b`.
fn utf16_step(b: &[u8], o: Order, last: bool) -> Step {
    if b.len() < 2 {
        return if last {
            Step::Bad(b.len(), "truncated data")
        } else {
            Step::Incomplete
        };
    }
    let u = unit16(b, o) as u32;
    if !(0xd800..0xe000).contains(&u) {
        return Step::Char(u, 2);
    }
    if u >= 0xdc00 {
        return Step::Bad(2, "illegal encoding");
    }
    if b.len() < 4 {
        return if !last {
            Step::Incomplete
        } else if b.len() == 2 {
            Step::Bad(2, "unexpected end of data")
        } else {
            Step::Bad(b.len(), "unexpected end of data")
        };
    }
    let u2 = unit16(&b[2..], o) as u32;
    if !(0xdc00..0xe000).contains(&u2) {
        return Step::Bad(2, "illegal UTF-16 surrogate");
    }
    Step::Char(0x10000 + (((u - 0xd800) << 10) | (u2 - 0xdc00)), 4)
}

/// One UTF-32 character at the start of `b`.
fn utf32_step(b: &[u8], o: Order, last: bool) -> Step {
    if b.len() < 4 {
        return if last {
            Step::Bad(b.len(), "truncated data")
        } else {
            Step::Incomplete
        };
    }
    let c = unit32(b, o);
    if c > unicode::MAX_UNICODE {
        Step::Bad(4, "code point not in range(0x110000)")
    } else if (0xd800..0xe000).contains(&c) {
        Step::Bad(
            4,
            "code point in surrogate code point range(0xd800, 0xe000)",
        )
    } else {
        Step::Char(c, 4)
    }
}

/// `str.encode` / `PyUnicode_AsEncodedString`: a bytes object.
///
/// # Safety
/// `s` must be a live str.
pub unsafe fn encode_to_bytes(
    s: *mut PyObject,
    encoding: Option<&str>,
    errors: Option<&str>,
) -> PyResult<Owned> {
    if encoding.is_some_and(|e| normalize(e) == "unicode_escape") {
        // SAFETY: forwarded.
        return bytes::from_bytes(&unsafe { unicode_escape(s) });
    }
    let c = codec(encoding)?;
    // SAFETY: forwarded.
    let v = unsafe { encode(s, c, errors)? };
    bytes::from_bytes(&v)
}

/// The `unicode_escape` encoding of a str (it never fails): printable
/// ASCII as it is, `\\`, `\t`, `\n`, `\r`, and `\xhh`, `\uhhhh` or
/// `\Uhhhhhhhh` for the rest. Decoding with it is not there yet
/// (`LookupError`).
///
/// # Safety
/// `s` must be a live str.
unsafe fn unicode_escape(s: *mut PyObject) -> Vec<u8> {
    let mut out = Vec::new();
    // SAFETY: forwarded.
    for c in unsafe { unicode::chars(s) } {
        match c {
            0x5c => out.extend_from_slice(b"\\\\"),
            0x09 => out.extend_from_slice(b"\\t"),
            0x0a => out.extend_from_slice(b"\\n"),
            0x0d => out.extend_from_slice(b"\\r"),
            0x20..=0x7e => out.push(c as u8),
            0..=0xff => out.extend_from_slice(format!("\\x{c:02x}").as_bytes()),
            0x100..=0xffff => out.extend_from_slice(format!("\\u{c:04x}").as_bytes()),
            _ => out.extend_from_slice(format!("\\U{c:08x}").as_bytes()),
        }
    }
    out
}

/// `bytes.decode` / `PyUnicode_Decode`: a str.
pub fn decode_bytes(b: &[u8], encoding: Option<&str>, errors: Option<&str>) -> PyResult<Owned> {
    let c = codec(encoding)?;
    Ok(decode(b, c, errors, true)?.0)
}

/// `PyUnicode_FromEncodedObject` (and `str(o, encoding, errors)`): decodes
/// a bytes-like object.
///
/// # Safety
/// `o` must be live.
pub unsafe fn from_encoded_object(
    o: *mut PyObject,
    encoding: Option<&str>,
    errors: Option<&str>,
) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if bytes::check(o) {
            return decode_bytes(bytes::as_slice(o), encoding, errors);
        }
        if unicode::check(o) {
            return Err(err::type_error("decoding str is not supported"));
        }
        // Any other exporter, as one simple (contiguous) buffer; a refused
        // request is the same TypeError, as in CPython.
        crate::protocols::buffer::with_simple(o, |data| decode_bytes(data, encoding, errors))
            .unwrap_or_else(|| {
                Err(err::type_error(&format!(
                    "decoding to str: need a bytes-like object, {} found",
                    crate::objects::typeobj::full_name((*o).ob_type)
                )))
            })
    }
}

/// `PyUnicode_DecodeFSDefaultAndSize`: UTF-8 with `surrogateescape`.
pub fn decode_fs(b: &[u8]) -> PyResult<Owned> {
    Ok(decode(b, Codec::Utf8, Some("surrogateescape"), true)?.0)
}

/// `PyUnicode_EncodeFSDefault`: UTF-8 with `surrogateescape`.
///
/// # Safety
/// `s` must be a live str.
pub unsafe fn encode_fs(s: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    let v = unsafe { encode(s, Codec::Utf8, Some("surrogateescape"))? };
    bytes::from_bytes(&v)
}

/// What `PyUnicode_FSDecoder` converts: a path (str, bytes or
/// `os.PathLike`) as a str, bytes decoded with the file-system encoding;
/// a NUL in the result is `ValueError`.
///
/// # Safety
/// `o` live.
pub unsafe fn fs_decode(o: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let p = fspath(o)?;
        let s = if unicode::check(p.as_ptr()) {
            p
        } else {
            decode_fs(bytes::as_slice(p.as_ptr()))?
        };
        if unicode::chars(s.as_ptr()).any(|c| c == 0) {
            return Err(err::value_error("embedded null character"));
        }
        Ok(s)
    }
}

/// `os.fspath()` (`PyOS_FSPath`): a str or bytes as it is, else the
/// result of the type's `__fspath__`, which must be str or bytes.
///
/// # Safety
/// `o` must be live.
pub unsafe fn fspath(o: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        if unicode::check(o) || bytes::check(o) {
            return Ok(Owned::from_borrowed(o));
        }
        let Some(r) = crate::protocols::slotcall::call_dunder(o, "__fspath__", &[])? else {
            return Err(err::type_error(&format!(
                "expected str, bytes or os.PathLike object, not {}",
                crate::objects::typeobj::type_name_of(o)
            )));
        };
        if !unicode::check(r.as_ptr()) && !bytes::check(r.as_ptr()) {
            return Err(err::type_error(&format!(
                "expected {}.__fspath__() to return str or bytes, not {}",
                crate::objects::typeobj::type_name_of(o),
                crate::objects::typeobj::type_name_of(r.as_ptr())
            )));
        }
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalize_like_cpython() {
        assert_eq!(normalize(" UTF--8 "), "utf_8");
        assert_eq!(normalize("utf-8\u{e9}"), "utf_8");
        assert_eq!(normalize("ISO_8859-1"), "iso_8859_1");
        assert_eq!(lookup("US-ASCII"), Some(Codec::Ascii));
        assert_eq!(lookup("cp1252"), None);
        assert_eq!(lookup(""), None);
    }

    #[test]
    fn utf8_steps_cover_maximal_subparts() {
        assert!(matches!(
            utf8_step(b"\xe2\x82x", true),
            Step::Bad(2, "invalid continuation byte")
        ));
        assert!(matches!(
            utf8_step(b"\xed\xa0\x80", true),
            Step::Bad(1, "invalid continuation byte")
        ));
        assert!(matches!(
            utf8_step(b"\xc0\xaf", true),
            Step::Bad(1, "invalid start byte")
        ));
        assert!(matches!(
            utf8_step(b"\xe2\x82", true),
            Step::Bad(2, "unexpected end of data")
        ));
        assert!(matches!(utf8_step(b"\xe2\x82", false), Step::Incomplete));
        assert!(matches!(
            utf8_step("€".as_bytes(), true),
            Step::Char(0x20ac, 3)
        ));
    }
}
