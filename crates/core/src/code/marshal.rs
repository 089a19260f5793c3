//! The `marshal` format (versions 0 to 4, as CPython 3.12's `marshal.c`
//! writes and reads it) over Ophis's objects: `None`, the bools,
//! `Ellipsis`, `StopIteration`, ints of any size, floats, str (ASCII and
//! interned forms), bytes and other buffers, tuples, lists, dicts and code
//! objects, with references (`FLAG_REF`/`TYPE_REF`) from version 3 on,
//! given to objects with more than one reference and to interned strings
//! as CPython does; sets and frozensets with their items sorted by their
//! own marshal data, as CPython 3.12 writes them; complex numbers in
//! their text (version 0 and 1) or binary form. Corrupt data raises CPython's
//! `ValueError`/`EOFError`/`TypeError`, never crashes: nesting is limited
//! to CPython's 2000 levels.
//!
//! Also the `marshal` builtin module (`dumps`, `loads`, `dump`, `load`,
//! `version`).

use crate::objects::exceptions::{self, Exc};
use crate::objects::object::*;
use crate::objects::typeobj::{PyMethodDef, PyTypeObject};
use crate::protocols::clinic::{def, fastcall, pos, pos_opt, Sig};
use crate::runtime::err::{self, PyResult};
use crate::{
    code::codeobject, objects::bytearray, objects::bytes, objects::dict, objects::list,
    objects::long, objects::setobject, objects::tuple, objects::unicode, protocols::abstract_,
    protocols::call, runtime::lifecycle,
};
use num_bigint::{BigInt, Sign};
use std::ffi::c_int;
use std::ptr;

/// `Py_MARSHAL_VERSION`.
pub const VERSION: c_int = 4;

const MAX_DEPTH: u32 = 2000;
const FLAG_REF: u8 = 0x80;
const SIZE32_MAX: i64 = 0x7fff_ffff;

mod ty {
    pub const NULL: u8 = b'0';
    pub const NONE: u8 = b'N';
    pub const FALSE: u8 = b'F';
    pub const TRUE: u8 = b'T';
    pub const STOPITER: u8 = b'S';
    pub const ELLIPSIS: u8 = b'.';
    pub const INT: u8 = b'i';
    pub const INT64: u8 = b'I';
    pub const FLOAT: u8 = b'f';
    pub const BINARY_FLOAT: u8 = b'g';
    pub const COMPLEX: u8 = b'x';
    pub const BINARY_COMPLEX: u8 = b'y';
    pub const LONG: u8 = b'l';
    pub const STRING: u8 = b's';
    pub const INTERNED: u8 = b't';
    pub const REF: u8 = b'r';
    pub const TUPLE: u8 = b'(';
    pub const LIST: u8 = b'[';
    pub const DICT: u8 = b'{';
    pub const CODE: u8 = b'c';
    pub const UNICODE: u8 = b'u';
    pub const UNKNOWN: u8 = b'?';
    pub const SET: u8 = b'<';
    pub const FROZENSET: u8 = b'>';
    pub const ASCII: u8 = b'a';
    pub const ASCII_INTERNED: u8 = b'A';
    pub const SMALL_TUPLE: u8 = b')';
    pub const SHORT_ASCII: u8 = b'z';
    pub const SHORT_ASCII_INTERNED: u8 = b'Z';
}

// ---- writing ------------------------------------------------------------

#[derive(PartialEq, Eq)]
enum WErr {
    Ok,
    Unmarshallable,
    TooDeep,
}

struct Writer {
    out: Vec<u8>,
    version: c_int,
    depth: u32,
    error: WErr,
    /// Objects given an index (owned references), from version 3.
    refs: std::collections::HashMap<usize, i32>,
    held: Vec<Owned>,
}

impl Writer {
    fn long(&mut self, x: i32) {
        self.out.extend_from_slice(&x.to_le_bytes());
    }

    fn pstring(&mut self, b: &[u8]) {
        if b.len() > SIZE32_MAX as usize {
            self.error = WErr::Unmarshallable;
            return;
        }
        self.long(b.len() as i32);
        self.out.extend_from_slice(b);
    }

    /// `w_ref`: true when a reference was written.
    unsafe fn w_ref(&mut self, v: *mut PyObject, flag: &mut u8) -> bool {
        if self.version < 3 {
            return false;
        }
        // SAFETY: `v` live.
        unsafe {
            let interned_str = unicode::check_exact(v) && is_interned(v);
            if (*v).ob_refcnt == 1 && !interned_str {
                return false;
            }
            if let Some(&w) = self.refs.get(&(v as usize)) {
                self.out.push(ty::REF);
                self.long(w);
                return true;
            }
            let w = self.refs.len() as i32;
            self.refs.insert(v as usize, w);
            self.held.push(Owned::from_borrowed(v));
            *flag |= FLAG_REF;
            false
        }
    }

    unsafe fn object(&mut self, v: *mut PyObject) {
        self.depth += 1;
        // SAFETY: `v` NULL or live.
        unsafe {
            if self.depth > MAX_DEPTH {
                self.error = WErr::TooDeep;
            } else if v.is_null() {
                self.out.push(ty::NULL);
            } else if v == lifecycle::none() {
                self.out.push(ty::NONE);
            } else if v == exceptions::get(Exc::StopIteration) {
                self.out.push(ty::STOPITER);
            } else if v == lifecycle::ellipsis() {
                self.out.push(ty::ELLIPSIS);
            } else if v == lifecycle::false_() {
                self.out.push(ty::FALSE);
            } else if v == lifecycle::true_() {
                self.out.push(ty::TRUE);
            } else {
                let mut flag = 0u8;
                if !self.w_ref(v, &mut flag) {
                    stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.complex_object(v, flag));
                }
            }
        }
        self.depth -= 1;
    }

    unsafe fn complex_object(&mut self, v: *mut PyObject, flag: u8) {
        // SAFETY: `v` live; each branch reads the type it checked.
        unsafe {
            let t = (*v).ob_type;
            if t == lifecycle::long_type() {
                match long::val(v) {
                    long::Val::Small(x) if i32::try_from(x).is_ok() => {
                        self.out.push(ty::INT | flag);
                        self.long(x as i32);
                    }
                    _ => self.big_long(&long::to_bigint(v), flag),
                }
            } else if t == lifecycle::float_type() {
                let x = crate::objects::float::value(v);
                if self.version > 1 {
                    self.out.push(ty::BINARY_FLOAT | flag);
                    self.out.extend_from_slice(&x.to_le_bytes());
                } else {
                    self.out.push(ty::FLOAT | flag);
                    let s = float_g17(x);
                    self.out.push(s.len() as u8);
                    self.out.extend_from_slice(s.as_bytes());
                }
            } else if t == lifecycle::complex_type() {
                let c = crate::objects::complexobject::value(v);
                if self.version > 1 {
                    self.out.push(ty::BINARY_COMPLEX | flag);
                    self.out.extend_from_slice(&c.real.to_le_bytes());
                    self.out.extend_from_slice(&c.imag.to_le_bytes());
                } else {
                    self.out.push(ty::COMPLEX | flag);
                    for x in [c.real, c.imag] {
                        let s = float_g17(x);
                        self.out.push(s.len() as u8);
                        self.out.extend_from_slice(s.as_bytes());
                    }
                }
            } else if t == lifecycle::bytes_type() {
                self.out.push(ty::STRING | flag);
                self.pstring(bytes::as_slice(v));
            } else if t == lifecycle::unicode_type() {
                let interned = is_interned(v);
                let b = unicode::as_bytes(v);
                if self.version >= 4 && b.is_ascii() {
                    if b.len() < 256 {
                        let code = if interned {
                            ty::SHORT_ASCII_INTERNED
                        } else {
                            ty::SHORT_ASCII
                        };
                        self.out.push(code | flag);
                        self.out.push(b.len() as u8);
                        self.out.extend_from_slice(b);
                    } else {
                        let code = if interned {
                            ty::ASCII_INTERNED
                        } else {
                            ty::ASCII
                        };
                        self.out.push(code | flag);
                        self.pstring(b);
                    }
                } else {
                    let code = if self.version >= 3 && interned {
                        ty::INTERNED
                    } else {
                        ty::UNICODE
                    };
                    self.out.push(code | flag);
                    // Generalized UTF-8 is the `surrogatepass` encoding.
                    self.pstring(b);
                }
            } else if t == lifecycle::tuple_type() {
                let n = tuple::size(v);
                if self.version >= 4 && n < 256 {
                    self.out.push(ty::SMALL_TUPLE | flag);
                    self.out.push(n as u8);
                } else {
                    self.out.push(ty::TUPLE | flag);
                    self.long(n as i32);
                }
                for i in 0..n {
                    self.object(tuple::item(v, i));
                }
            } else if t == lifecycle::list_type() {
                self.out.push(ty::LIST | flag);
                let n = list::size(v);
                self.long(n as i32);
                // No Python code runs while writing, so the items stay
                // alive; borrowing them keeps their reference counts (which
                // decide FLAG_REF) as CPython sees them.
                let mut i = 0;
                while i < list::size(v) && i < n {
                    self.object(list::item(v, i));
                    i += 1;
                }
            } else if t == lifecycle::dict_type() {
                self.out.push(ty::DICT | flag);
                let mut pos = 0isize;
                while let Some((k, val)) = dict::next(v, &mut pos) {
                    self.object(k);
                    self.object(val);
                }
                self.object(ptr::null_mut());
            } else if setobject::any_check_exact(v) {
                self.set_object(v, t, flag);
            } else if codeobject::check(v) {
                let co = v as *mut codeobject::PyCodeObject;
                self.out.push(ty::CODE | flag);
                self.long((*co).co_argcount);
                self.long((*co).co_posonlyargcount);
                self.long((*co).co_kwonlyargcount);
                self.long((*co).co_stacksize);
                self.long((*co).co_flags);
                // `_PyCode_GetCode`'s new reference to the cached co_code.
                let code = Owned::from_borrowed(codeobject::cached(v).code);
                self.object(code.as_ptr());
                drop(code);
                self.object((*co).co_consts);
                self.object((*co).co_names);
                self.object((*co).co_localsplusnames);
                self.object((*co).co_localspluskinds);
                self.object((*co).co_filename);
                self.object((*co).co_name);
                self.object((*co).co_qualname);
                self.long((*co).co_firstlineno);
                self.object((*co).co_linetable);
                self.object((*co).co_exceptiontable);
            } else if t == lifecycle::bytearray_type() {
                self.out.push(ty::STRING | flag);
                self.pstring(bytearray::as_slice(v));
            } else {
                self.out.push(ty::UNKNOWN | flag);
                self.error = WErr::Unmarshallable;
            }
        }
    }

    /// A set or frozenset: its items in the order of their own marshal
    /// data (CPython's `sorted(v, key=marshal.dumps)`, bpo-37596), so the
    /// output does not depend on hashes. As in CPython, each item is
    /// dumped alone first, then written while held once more.
    unsafe fn set_object(&mut self, v: *mut PyObject, t: *mut PyTypeObject, flag: u8) {
        // SAFETY: `v` a live set; its keys are held while written.
        unsafe {
            let code = if t == lifecycle::frozenset_type() {
                ty::FROZENSET
            } else {
                ty::SET
            };
            self.out.push(code | flag);
            let n = setobject::size(v);
            if n > SIZE32_MAX as isize {
                self.error = WErr::Unmarshallable;
                return;
            }
            self.long(n as i32);
            let mut pairs: Vec<(Vec<u8>, Owned)> = Vec::with_capacity(n as usize);
            let mut pos = 0;
            while let Some(e) = setobject::next(v, &mut pos) {
                let (dump, r) = write(e.key, self.version);
                if r.is_err() {
                    self.error = WErr::Unmarshallable;
                    return;
                }
                pairs.push((dump, Owned::from_borrowed(e.key)));
            }
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            for (_, item) in &pairs {
                self.object(item.as_ptr());
            }
        }
    }

    fn big_long(&mut self, b: &BigInt, flag: u8) {
        self.out.push(ty::LONG | flag);
        let (sign, mag) = b.to_u32_digits();
        // 15-bit digits, least significant first.
        let mut digits: Vec<u16> = Vec::new();
        let mut acc: u64 = 0;
        let mut bits = 0;
        for d in mag {
            acc |= u64::from(d) << bits;
            bits += 32;
            while bits >= 15 {
                digits.push((acc & 0x7fff) as u16);
                acc >>= 15;
                bits -= 15;
            }
        }
        if bits > 0 {
            digits.push((acc & 0x7fff) as u16);
        }
        while digits.last() == Some(&0) {
            digits.pop();
        }
        let n = digits.len() as i32;
        self.long(if sign == Sign::Minus { -n } else { n });
        for d in digits {
            self.out.extend_from_slice(&d.to_le_bytes());
        }
    }
}

/// Whether a str is interned as CPython sees it (its empty string is a
/// static interned singleton).
///
/// # Safety
/// `v` a live str.
unsafe fn is_interned(v: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { unicode::is_interned(v) || unicode::len_bytes(v) == 0 }
}

/// `repr`-like `%.17g` text of a double (`PyOS_double_to_string(x, 'g',
/// 17, 0)`), for marshal versions 0 and 1.
fn float_g17(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if x == 0.0 {
        return if x.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    let e = format!("{x:.16e}");
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let strip = |s: &str| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s.to_string()
        }
    };
    if !(-4..17).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{}e{}{:02}", strip(mant), sign, exp.abs())
    } else {
        let prec = (16 - exp).max(0) as usize;
        strip(&format!("{x:.prec$}"))
    }
}

/// `PyMarshal_WriteObjectToString(value, version)`: the marshal data, or
/// `ValueError("unmarshallable object")` /
/// `ValueError("object too deeply nested to marshal")`.
///
/// # Safety
/// `v` live.
pub unsafe fn dumps(v: *mut PyObject, version: c_int) -> PyResult<Vec<u8>> {
    // SAFETY: forwarded.
    let (out, ok) = unsafe { write(v, version) };
    match ok {
        Ok(()) => Ok(out),
        Err(msg) => Err(err::value_error(msg)),
    }
}

/// The marshal data of `v`, and the error message if some object could
/// not be written (the data then holds what was written, up to a `?`
/// type code, as `PyMarshal_WriteObjectToFile` writes it).
///
/// # Safety
/// `v` NULL or live.
pub unsafe fn write(v: *mut PyObject, version: c_int) -> (Vec<u8>, Result<(), &'static str>) {
    let mut w = Writer {
        out: Vec::with_capacity(64),
        version,
        depth: 0,
        error: WErr::Ok,
        refs: std::collections::HashMap::new(),
        held: Vec::new(),
    };
    // SAFETY: forwarded.
    unsafe { w.object(v) };
    drop(std::mem::take(&mut w.held));
    let r = match w.error {
        WErr::Ok => Ok(()),
        WErr::Unmarshallable => Err("unmarshallable object"),
        WErr::TooDeep => Err("object too deeply nested to marshal"),
    };
    (w.out, r)
}

// ---- reading ------------------------------------------------------------

/// Where marshal data is read from.
pub enum Source<'a> {
    /// A buffer (`loads`, `ReadObjectFromString`).
    Mem(&'a [u8], usize),
    /// A function filling a buffer, returning how much it read (a C
    /// `FILE *` or a Python file's `read`); `Err` for a raised exception.
    Stream(&'a mut dyn FnMut(&mut [u8]) -> PyResult<usize>),
}

struct Reader<'a> {
    src: Source<'a>,
    depth: u32,
    /// Objects given an index (`None` for a reserved slot).
    refs: Vec<Option<Owned>>,
    buf: Vec<u8>,
}

fn eof(msg: &str) -> err::Raised {
    err::raise(Exc::EOFError, msg)
}

fn bad(msg: &str) -> err::Raised {
    err::value_error(&format!("bad marshal data ({msg})"))
}

impl Reader<'_> {
    /// `r_string`: `n` bytes.
    fn bytes(&mut self, n: usize) -> PyResult<&[u8]> {
        match &mut self.src {
            Source::Mem(data, pos) => {
                if data.len() - *pos < n {
                    return Err(eof("marshal data too short"));
                }
                let s = &data[*pos..*pos + n];
                *pos += n;
                Ok(s)
            }
            Source::Stream(f) => {
                self.buf.clear();
                self.buf.resize(n, 0);
                let mut got = 0;
                while got < n {
                    let k = f(&mut self.buf[got..])?;
                    if k == 0 {
                        break;
                    }
                    got += k;
                }
                if got != n {
                    return Err(eof("EOF read where not expected"));
                }
                Ok(&self.buf)
            }
        }
    }

    /// `r_byte`: `None` at the end of the data.
    fn byte(&mut self) -> PyResult<Option<u8>> {
        match &mut self.src {
            Source::Mem(data, pos) => Ok(data.get(*pos).map(|&b| {
                *pos += 1;
                b
            })),
            Source::Stream(f) => {
                let mut b = [0u8];
                Ok((f(&mut b)? == 1).then_some(b[0]))
            }
        }
    }

    fn long(&mut self) -> PyResult<i32> {
        let b = self.bytes(4)?;
        Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn size(&mut self, what: &str) -> PyResult<usize> {
        let n = self.long()? as i64;
        if !(0..=SIZE32_MAX).contains(&n) {
            return Err(bad(&format!("{what} size out of range")));
        }
        Ok(n as usize)
    }

    fn keep(&mut self, flag: bool, v: &Owned) {
        if flag {
            self.refs.push(Some(v.clone()));
        }
    }

    fn object(&mut self) -> PyResult<Option<Owned>> {
        let Some(code) = self.byte()? else {
            return Err(eof("EOF read where object expected"));
        };
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.depth -= 1;
            return Err(err::value_error("recursion limit exceeded"));
        }
        // 2000 levels of nesting must fit whatever stack the caller has.
        let r = stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.object_of(code));
        self.depth -= 1;
        r
    }

    fn object_of(&mut self, code: u8) -> PyResult<Option<Owned>> {
        let flag = code & FLAG_REF != 0;
        let borrowed = |p: *mut PyObject| {
            // SAFETY: singletons live for the runtime's life.
            Ok(Some(unsafe { Owned::from_borrowed(p) }))
        };
        let v = match code & !FLAG_REF {
            ty::NULL => return Ok(None),
            ty::NONE => return borrowed(lifecycle::none()),
            ty::STOPITER => return borrowed(exceptions::get(Exc::StopIteration)),
            ty::ELLIPSIS => return borrowed(lifecycle::ellipsis()),
            ty::FALSE => return borrowed(lifecycle::false_()),
            ty::TRUE => return borrowed(lifecycle::true_()),
            ty::INT => long::from_i64(self.long()? as i64)?,
            ty::INT64 => {
                let b = self.bytes(8)?;
                let mut a = [0u8; 8];
                a.copy_from_slice(b);
                long::from_i64(i64::from_le_bytes(a))?
            }
            ty::LONG => self.big_long()?,
            ty::FLOAT => {
                let x = self.float_str()?;
                crate::objects::float::from_f64(x)?
            }
            ty::BINARY_FLOAT => {
                let b = self.bytes(8)?;
                let mut a = [0u8; 8];
                a.copy_from_slice(b);
                crate::objects::float::from_f64(f64::from_le_bytes(a))?
            }
            ty::COMPLEX => {
                let re = self.float_str()?;
                let im = self.float_str()?;
                crate::objects::complexobject::from_doubles(re, im)?
            }
            ty::BINARY_COMPLEX => {
                let b = self.bytes(16)?;
                let mut re = [0u8; 8];
                let mut im = [0u8; 8];
                re.copy_from_slice(&b[..8]);
                im.copy_from_slice(&b[8..]);
                crate::objects::complexobject::from_doubles(
                    f64::from_le_bytes(re),
                    f64::from_le_bytes(im),
                )?
            }
            c @ (ty::SET | ty::FROZENSET) => {
                let n = self.size("set")?;
                let frozen = c == ty::FROZENSET;
                // SAFETY: fresh sets; items are live objects.
                unsafe {
                    let v = if frozen {
                        setobject::new_frozen(ptr::null_mut())?
                    } else {
                        setobject::new(ptr::null_mut())?
                    };
                    // A frozenset is registered once filled, as CPython
                    // does (it must be complete before anything shares it).
                    let slot = if frozen {
                        self.reserve(flag)
                    } else {
                        self.keep(flag, &v);
                        None
                    };
                    for _ in 0..n {
                        match self.object()? {
                            Some(o) => setobject::add_key(v.as_ptr(), o.as_ptr())?,
                            None => {
                                return Err(err::type_error("NULL object in marshal data for set"))
                            }
                        }
                    }
                    return Ok(Some(self.fill(slot, v)));
                }
            }
            ty::STRING => {
                let n = self.size("bytes object")?;
                bytes::from_bytes(self.bytes(n)?)?
            }
            c @ (ty::ASCII | ty::ASCII_INTERNED | ty::SHORT_ASCII | ty::SHORT_ASCII_INTERNED) => {
                let n = if c == ty::ASCII || c == ty::ASCII_INTERNED {
                    self.size("string")?
                } else {
                    match self.byte()? {
                        Some(n) => n as usize,
                        None => return Err(eof("EOF read where object expected")),
                    }
                };
                let b = self.bytes(n)?;
                // One byte per character, as CPython's 1-byte kind does.
                let s = if b.is_ascii() {
                    unicode::from_wtf8(b)?
                } else {
                    let cps: Vec<u32> = b.iter().map(|&x| u32::from(x)).collect();
                    unicode::from_code_points(&cps)?
                };
                if c == ty::ASCII_INTERNED || c == ty::SHORT_ASCII_INTERNED {
                    intern(s)
                } else {
                    s
                }
            }
            c @ (ty::UNICODE | ty::INTERNED) => {
                let n = self.size("string")?;
                let b = self.bytes(n)?.to_vec();
                let s =
                    crate::objects::codecs::decode_bytes(&b, Some("utf-8"), Some("surrogatepass"))?;
                if c == ty::INTERNED {
                    intern(s)
                } else {
                    s
                }
            }
            c @ (ty::TUPLE | ty::SMALL_TUPLE) => {
                let n = if c == ty::SMALL_TUPLE {
                    match self.byte()? {
                        Some(n) => n as usize,
                        None => return Err(eof("EOF read where object expected")),
                    }
                } else {
                    self.size("tuple")?
                };
                let mut items = Vec::with_capacity(n.min(4096));
                let slot = self.reserve(flag);
                for _ in 0..n {
                    match self.object()? {
                        Some(o) => items.push(o),
                        None => {
                            return Err(err::type_error("NULL object in marshal data for tuple"))
                        }
                    }
                }
                let ptrs: Vec<*mut PyObject> = items.iter().map(Owned::as_ptr).collect();
                let t = tuple::new_from(&ptrs)?;
                return Ok(Some(self.fill(slot, t)));
            }
            ty::LIST => {
                let n = self.size("list")?;
                let l = list::new(0)?;
                self.keep(flag, &l);
                for _ in 0..n {
                    match self.object()? {
                        // SAFETY: a live list and item.
                        Some(o) => unsafe { list::append(l.as_ptr(), o.as_ptr())? },
                        None => {
                            return Err(err::type_error("NULL object in marshal data for list"))
                        }
                    }
                }
                return Ok(Some(l));
            }
            ty::DICT => {
                let d = dict::new()?;
                self.keep(flag, &d);
                loop {
                    let Some(k) = self.object()? else { break };
                    let Some(v) = self.object()? else { break };
                    // SAFETY: live objects.
                    unsafe { dict::set(d.as_ptr(), k.as_ptr(), v.as_ptr())? };
                }
                return Ok(Some(d));
            }
            ty::CODE => {
                let slot = self.reserve(flag);
                let co = self.code()?;
                return Ok(Some(self.fill(slot, co)));
            }
            ty::REF => {
                let n = self.long()?;
                return match usize::try_from(n).ok().and_then(|i| self.refs.get(i)) {
                    Some(Some(o)) => Ok(Some(o.clone())),
                    _ => Err(bad("invalid reference")),
                };
            }
            _ => return Err(bad("unknown type code")),
        };
        self.keep(flag, &v);
        Ok(Some(v))
    }

    fn reserve(&mut self, flag: bool) -> Option<usize> {
        flag.then(|| {
            self.refs.push(None);
            self.refs.len() - 1
        })
    }

    fn fill(&mut self, slot: Option<usize>, v: Owned) -> Owned {
        if let Some(i) = slot {
            self.refs[i] = Some(v.clone());
        }
        v
    }

    fn float_str(&mut self) -> PyResult<f64> {
        let n = match self.byte()? {
            Some(n) => n as usize,
            None => return Err(eof("EOF read where object expected")),
        };
        let b = self.bytes(n)?;
        let text = String::from_utf8_lossy(b).into_owned();
        crate::objects::float::parse(text.trim()).ok_or_else(|| {
            err::value_error(&format!("could not convert string to float: '{text}'"))
        })
    }

    fn short(&mut self) -> PyResult<i32> {
        let b = self.bytes(2)?;
        Ok(i32::from(i16::from_le_bytes([b[0], b[1]])))
    }

    fn big_long(&mut self) -> PyResult<Owned> {
        let n = self.long()? as i64;
        if !(-SIZE32_MAX..=SIZE32_MAX).contains(&n) {
            return Err(bad("long size out of range"));
        }
        let count = n.unsigned_abs() as usize;
        let mut mag = num_bigint::BigUint::from(0u32);
        let mut digits = Vec::with_capacity(count.min(1 << 16));
        for j in 0..count {
            let md = self.short()?;
            if !(0..=0x8000).contains(&md) {
                return Err(bad("digit out of range in long"));
            }
            if md == 0 && j == count - 1 {
                return Err(bad("unnormalized long data"));
            }
            digits.push(md as u32);
        }
        for d in digits.iter().rev() {
            mag = (mag << 15u32) + num_bigint::BigUint::from(*d);
        }
        let sign = if n < 0 { Sign::Minus } else { Sign::Plus };
        long::from_bigint(BigInt::from_biguint(sign, mag))
    }

    fn code(&mut self) -> PyResult<Owned> {
        let argcount = self.long()?;
        let posonlyargcount = self.long()?;
        let kwonlyargcount = self.long()?;
        let stacksize = self.long()?;
        let flags = self.long()?;
        let obj = |r: &mut Self| -> PyResult<Owned> {
            r.object()?
                .ok_or_else(|| err::type_error("NULL object in marshal data for object"))
        };
        let code = obj(self)?;
        let consts = obj(self)?;
        let names = obj(self)?;
        let localsplusnames = obj(self)?;
        let localspluskinds = obj(self)?;
        let filename = obj(self)?;
        let name = obj(self)?;
        let qualname = obj(self)?;
        let firstlineno = self.long()?;
        let linetable = obj(self)?;
        let exceptiontable = obj(self)?;
        // SAFETY: every object is live; the constructor checks the types.
        unsafe {
            codeobject::from_marshal(&codeobject::MarshalParts {
                argcount,
                posonlyargcount,
                kwonlyargcount,
                stacksize,
                flags,
                firstlineno,
                code: code.as_ptr(),
                consts: consts.as_ptr(),
                names: names.as_ptr(),
                localsplusnames: localsplusnames.as_ptr(),
                localspluskinds: localspluskinds.as_ptr(),
                filename: filename.as_ptr(),
                name: name.as_ptr(),
                qualname: qualname.as_ptr(),
                linetable: linetable.as_ptr(),
                exceptiontable: exceptiontable.as_ptr(),
            })
        }
    }
}

fn intern(s: Owned) -> Owned {
    let mut p = s.into_raw();
    // SAFETY: an owned reference to a live str.
    unsafe {
        unicode::intern_in_place(&mut p);
        Owned::from_raw(p)
    }
}

/// Reads one object (`read_object`): `TypeError` for a NULL object.
pub fn read(src: Source<'_>) -> PyResult<Owned> {
    let mut r = Reader {
        src,
        depth: 0,
        refs: Vec::new(),
        buf: Vec::new(),
    };
    r.object()?
        .ok_or_else(|| err::type_error("NULL object in marshal data for object"))
}

/// `marshal.loads` / `PyMarshal_ReadObjectFromString`.
pub fn loads(data: &[u8]) -> PyResult<Owned> {
    read(Source::Mem(data, 0))
}

// ---- the module ---------------------------------------------------------

fastcall! {
    /// `marshal.dumps(value, version=version, /)`.
    fn m_dumps(_m, a = Sig::new("dumps", &[pos("value"), pos_opt("version")])) {
        let version = a.ssize(1, VERSION as isize)? as c_int;
        bytes::from_bytes(&dumps(a.req(0), version)?)
    }
}

/// The bytes of a bytes-like argument.
unsafe fn buffer_arg(v: *mut PyObject) -> PyResult<Vec<u8>> {
    // SAFETY: `v` live.
    unsafe {
        if bytes::check(v) {
            Ok(bytes::as_slice(v).to_vec())
        } else if bytearray::check(v) {
            Ok(bytearray::as_slice(v).to_vec())
        } else {
            Err(err::type_error(&format!(
                "a bytes-like object is required, not '{}'",
                crate::objects::typeobj::type_name_of(v)
            )))
        }
    }
}

/// `marshal.loads(bytes, /)` (`METH_O`, as CPython's).
unsafe extern "C" fn m_loads(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O: `arg` live.
    err::into_ptr(unsafe { buffer_arg(arg) }.and_then(|d| loads(&d)))
}

/// Calls `obj.name(arg)`.
unsafe fn call_method(obj: *mut PyObject, name: &str, arg: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: live objects.
    unsafe {
        let n = unicode::from_str(name)?;
        let m = abstract_::getattr(obj, n.as_ptr())?;
        let args = tuple::new_from(&[arg])?;
        call::call(m.as_ptr(), args.as_ptr(), ptr::null_mut())
    }
}

fastcall! {
    /// `marshal.dump(value, file, version=version, /)`: `file.write(data)`.
    fn m_dump(_m, a = Sig::new("dump", &[pos("value"), pos("file"), pos_opt("version")])) {
        let version = a.ssize(2, VERSION as isize)? as c_int;
        let data = bytes::from_bytes(&dumps(a.req(0), version)?)?;
        call_method(a.req(1), "write", data.as_ptr())?;
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

fastcall! {
    /// `marshal.load(file, /)`: reads with `file.read(n)` as it goes (CPython
    /// uses `readinto` with a memoryview), so the file is left just after
    /// the object.
    fn m_load(_m, a = Sig::new("load", &[pos("file")])) {
        let file = a.req(0);
        // CPython first checks that read() gives bytes.
        let probe = long::from_i64(0)?;
        let first = call_method(file, "read", probe.as_ptr())?;
        if !bytes::check(first.as_ptr()) {
            return Err(err::type_error(&format!(
                "file.read() returned not bytes but {}",
                crate::objects::typeobj::type_name_of(first.as_ptr())
            )));
        }
        let mut f = |buf: &mut [u8]| -> PyResult<usize> {
            let n = long::from_i64(buf.len() as i64)?;
            let data = call_method(file, "read", n.as_ptr())?;
            let b = buffer_arg(data.as_ptr())?;
            if b.len() > buf.len() {
                return Err(err::value_error(&format!(
                    "read() returned too much data: {} bytes requested, {} returned",
                    buf.len(),
                    b.len()
                )));
            }
            buf[..b.len()].copy_from_slice(&b);
            Ok(b.len())
        };
        read(Source::Stream(&mut f))
    }
}

static mut METHODS: [PyMethodDef; 5] = [
    def(c"dumps", m_dumps),
    PyMethodDef {
        ml_name: c"loads".as_ptr(),
        ml_meth: Some(m_loads),
        ml_flags: crate::objects::methodobject::meth::O,
        ml_doc: ptr::null(),
    },
    def(c"dump", m_dump),
    def(c"load", m_load),
    crate::objects::typeobj::METHOD_END,
];

/// Creates the `marshal` module (for the builtin module table).
pub fn create_module() -> PyResult<Owned> {
    // SAFETY: the runtime is initialized; the method table is static.
    unsafe {
        let name = unicode::intern("marshal")?;
        let m = crate::objects::module::new(name.as_ptr())?;
        crate::objects::moduledef::add_functions(
            m.as_ptr(),
            ptr::addr_of_mut!(METHODS) as *mut PyMethodDef,
        )?;
        let v = long::from_i64(VERSION as i64)?;
        let k = unicode::intern("version")?;
        dict::set(
            crate::objects::module::dict_of(m.as_ptr()),
            k.as_ptr(),
            v.as_ptr(),
        )?;
        Ok(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::testing::with_runtime;

    #[test]
    fn code_round_trip_and_corrupt_data() {
        with_runtime(|| {
            let unit = ophis_compiler::compile(
                "def f(a, *b, **c):\n    return [a, b, c, 'x', 2**70, -1.5]\nclass K: pass\n",
                "m.py",
            )
            .unwrap();
            let co = codeobject::from_unit(&unit).unwrap();
            // SAFETY: live objects made above.
            unsafe {
                let data = dumps(co.as_ptr(), VERSION).unwrap();
                // The compiler's own marshal of the unit is what CPython writes
                // for the same code up to reference flags; ours loads it.
                let back = loads(&data).unwrap();
                assert!(codeobject::code_eq(co.as_ptr(), back.as_ptr()).unwrap());
                assert_eq!(dumps(back.as_ptr(), VERSION).unwrap(), data);
                let theirs = ophis_compiler::marshal::dumps_code(&unit);
                let from_theirs = loads(&theirs).unwrap();
                assert!(codeobject::code_eq(co.as_ptr(), from_theirs.as_ptr()).unwrap());
                // Every truncation and many mutations fail cleanly.
                for n in 0..data.len() {
                    assert!(loads(&data[..n]).is_err());
                    err::clear();
                }
                let mut seed = 0x2545_f491_4f6c_dd1du64;
                for _ in 0..3000 {
                    let mut d = data.clone();
                    for _ in 0..3 {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        let i = (seed as usize) % d.len();
                        d[i] = (seed >> 32) as u8;
                    }
                    let _ = loads(&d);
                    err::clear();
                }
            }
        });
    }

    #[test]
    fn nesting_is_limited() {
        with_runtime(|| {
            // SAFETY: live lists.
            unsafe {
                let top = list::new(0).unwrap();
                let mut cur = top.clone();
                for _ in 0..2100 {
                    let n = list::new(0).unwrap();
                    list::append(cur.as_ptr(), n.as_ptr()).unwrap();
                    cur = n;
                }
                assert!(dumps(top.as_ptr(), VERSION).is_err());
                err::clear();
            }
            let deep = vec![b'['; 5000]
                .into_iter()
                .flat_map(|b| [b, 1, 0, 0, 0])
                .collect::<Vec<u8>>();
            assert!(loads(&deep).is_err());
            err::clear();
        });
    }
}
