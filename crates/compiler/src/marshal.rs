//! Marshal format 4, as CPython 3.12 reads and writes `.pyc` files, for
//! code units and their constants.
//!
//! [`loads`] reads everything CPython 3.12's writer produces for a code
//! object (back-references with `FLAG_REF`, interned and short string
//! forms, small tuples, 15-bit-digit longs) and refuses corrupt input with
//! a [`MarshalError`] (never a panic, a bounded nesting depth). [`dumps`]
//! writes the plain forms without back-references; CPython loads them. The
//! bytes are not those CPython writes: its choice of `FLAG_REF` depends on
//! reference counts.
//!
//! [`read_pyc`] and [`write_pyc`] add the 16-byte `.pyc` header.

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, ToPrimitive, Zero};

use crate::code::{CodeUnit, Constant, PyStr};

/// `marshal.version`.
pub const VERSION: u32 = 4;

/// CPython 3.12's `importlib.util.MAGIC_NUMBER` (3531).
pub const MAGIC: [u8; 4] = [0xcb, 0x0d, 0x0d, 0x0a];

/// Deepest nesting read (CPython allows 2000; code-unit constants nest a
/// few levels, and a lower bound keeps the reader's stack small).
const MAX_DEPTH: u32 = 200;

/// Why marshal data could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarshalError {
    /// The data ended early (CPython's `EOFError`).
    Eof,
    /// The data is malformed (CPython's `ValueError: bad marshal data`).
    Bad(String),
    /// Valid marshal data holding a value that is not a code-unit
    /// constant (a list, dict, set, `StopIteration`).
    NotAConstant(&'static str),
}

impl std::fmt::Display for MarshalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MarshalError::Eof => write!(f, "EOF read where object expected"),
            MarshalError::Bad(m) => write!(f, "bad marshal data ({m})"),
            MarshalError::NotAConstant(t) => write!(f, "a {t} is not a code constant"),
        }
    }
}

impl std::error::Error for MarshalError {}

type R<T> = Result<T, MarshalError>;

fn bad<T>(m: &str) -> R<T> {
    Err(MarshalError::Bad(m.to_string()))
}

// ---------------------------------------------------------------- writing

struct Writer {
    out: Vec<u8>,
}

impl Writer {
    fn long(&mut self, v: i32) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }

    fn size(&mut self, n: usize) {
        self.long(i32::try_from(n).unwrap_or(i32::MAX));
    }

    fn int(&mut self, i: &BigInt) {
        if let Some(x) = i.to_i32() {
            self.out.push(b'i');
            self.long(x);
            return;
        }
        self.out.push(b'l');
        let mut digits = Vec::new();
        let mut m = i.abs();
        let base = BigInt::from(1u32 << 15);
        while !m.is_zero() {
            let d = (&m % &base).to_u16().unwrap_or(0);
            digits.push(d);
            m >>= 15;
        }
        let n = digits.len() as i32;
        self.long(if i.sign() == Sign::Minus { -n } else { n });
        for d in digits {
            self.out.extend_from_slice(&d.to_le_bytes());
        }
    }

    fn str(&mut self, s: &PyStr, interned: bool) {
        let b = s.as_bytes();
        if s.is_ascii() {
            if b.len() < 256 {
                self.out.push(if interned { b'Z' } else { b'z' });
                self.out.push(b.len() as u8);
            } else {
                self.out.push(if interned { b'A' } else { b'a' });
                self.size(b.len());
            }
        } else {
            self.out.push(if interned { b't' } else { b'u' });
            self.size(b.len());
        }
        self.out.extend_from_slice(b);
    }

    fn name(&mut self, s: &str) {
        self.str(&PyStr::new(s), true);
    }

    fn bytes(&mut self, b: &[u8]) {
        self.out.push(b's');
        self.size(b.len());
        self.out.extend_from_slice(b);
    }

    fn tuple_header(&mut self, n: usize) {
        if n < 256 {
            self.out.push(b')');
            self.out.push(n as u8);
        } else {
            self.out.push(b'(');
            self.size(n);
        }
    }

    fn constant(&mut self, c: &Constant) {
        match c {
            Constant::None => self.out.push(b'N'),
            Constant::Ellipsis => self.out.push(b'.'),
            Constant::Bool(true) => self.out.push(b'T'),
            Constant::Bool(false) => self.out.push(b'F'),
            Constant::Int(i) => self.int(i),
            Constant::Float(f) => {
                self.out.push(b'g');
                self.out.extend_from_slice(&f.to_le_bytes());
            }
            Constant::Complex { re, im } => {
                self.out.push(b'y');
                self.out.extend_from_slice(&re.to_le_bytes());
                self.out.extend_from_slice(&im.to_le_bytes());
            }
            Constant::Str(s) => self.str(s, false),
            Constant::Bytes(b) => self.bytes(b),
            Constant::Tuple(t) => {
                self.tuple_header(t.len());
                for x in t {
                    self.constant(x);
                }
            }
            Constant::FrozenSet(t) => {
                self.out.push(b'>');
                self.size(t.len());
                // Items in the order of their own marshal data, as CPython
                // 3.12 writes sets (bpo-37596).
                let mut items: Vec<Vec<u8>> = t
                    .iter()
                    .map(|x| {
                        let mut w = Writer { out: Vec::new() };
                        w.constant(x);
                        w.out
                    })
                    .collect();
                items.sort();
                for b in items {
                    self.out.extend_from_slice(&b);
                }
            }
            Constant::Code(co) => self.code(co),
        }
    }

    fn code(&mut self, co: &CodeUnit) {
        self.out.push(b'c');
        for v in [
            co.argcount,
            co.posonlyargcount,
            co.kwonlyargcount,
            co.stacksize,
            co.flags,
        ] {
            self.long(v as i32);
        }
        self.bytes(&co.code);
        self.tuple_header(co.consts.len());
        for c in &co.consts {
            self.constant(c);
        }
        self.tuple_header(co.names.len());
        for n in &co.names {
            self.name(n);
        }
        self.tuple_header(co.localsplusnames.len());
        for n in &co.localsplusnames {
            self.name(n);
        }
        self.bytes(&co.localspluskinds);
        self.str(&PyStr::new(&co.filename), false);
        self.name(&co.name);
        self.name(&co.qualname);
        self.long(co.firstlineno as i32);
        self.bytes(&co.linetable);
        self.bytes(&co.exceptiontable);
    }
}

/// `marshal.dumps(constant, 4)`.
pub fn dumps(c: &Constant) -> Vec<u8> {
    let mut w = Writer { out: Vec::new() };
    w.constant(c);
    w.out
}

/// `marshal.dumps(code, 4)` of a code unit.
pub fn dumps_code(co: &CodeUnit) -> Vec<u8> {
    let mut w = Writer { out: Vec::new() };
    w.code(co);
    w.out
}

/// A `.pyc` file (timestamp-based) holding `co`.
pub fn write_pyc(co: &CodeUnit, mtime: u32, source_size: u32) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&mtime.to_le_bytes());
    out.extend_from_slice(&source_size.to_le_bytes());
    out.extend(dumps_code(co));
    out
}

// ---------------------------------------------------------------- reading

/// What the reader builds before it knows the value is a constant.
#[derive(Clone, Debug)]
enum Value {
    Const(Constant),
    /// A list, dict, set, `StopIteration` or NULL: readable, not a constant.
    Other(&'static str),
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    refs: Vec<Option<Value>>,
    depth: u32,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> R<u8> {
        let b = *self.data.get(self.pos).ok_or(MarshalError::Eof)?;
        self.pos += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize) -> R<&'a [u8]> {
        let end = self.pos.checked_add(n).ok_or(MarshalError::Eof)?;
        let s = self.data.get(self.pos..end).ok_or(MarshalError::Eof)?;
        self.pos = end;
        Ok(s)
    }

    fn long(&mut self) -> R<i32> {
        let b = self.take(4)?;
        Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn size(&mut self) -> R<usize> {
        let n = self.long()?;
        usize::try_from(n).or_else(|_| bad("size out of range"))
    }

    fn f64(&mut self) -> R<f64> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(f64::from_le_bytes(a))
    }

    fn text_float(&mut self) -> R<f64> {
        let n = self.byte()? as usize;
        let s = self.take(n)?;
        std::str::from_utf8(s)
            .ok()
            .and_then(|t| t.parse::<f64>().ok())
            .map_or_else(|| bad("float"), Ok)
    }

    fn object(&mut self) -> R<Value> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return bad("object too deeply nested to unmarshal");
        }
        let r = self.object_inner();
        self.depth -= 1;
        r
    }

    fn reserve(&mut self, flag: bool) -> Option<usize> {
        flag.then(|| {
            self.refs.push(None);
            self.refs.len() - 1
        })
    }

    fn set_ref(&mut self, idx: Option<usize>, v: &Value) {
        if let Some(i) = idx {
            self.refs[i] = Some(v.clone());
        }
    }

    fn str_value(&mut self, n: usize, ascii: bool) -> R<Value> {
        let b = self.take(n)?;
        if ascii && !b.is_ascii() {
            return bad("non-ASCII byte in an ASCII string");
        }
        if !ascii && !is_wtf8(b) {
            return bad("invalid UTF-8 in a string");
        }
        Ok(Value::Const(Constant::Str(PyStr::from_wtf8(b.to_vec()))))
    }

    fn items(&mut self, n: usize) -> R<Vec<Constant>> {
        // Each item takes at least one byte: refuse impossible counts early.
        if n > self.data.len().saturating_sub(self.pos) {
            return Err(MarshalError::Eof);
        }
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(self.constant()?);
        }
        Ok(v)
    }

    fn constant(&mut self) -> R<Constant> {
        match self.object()? {
            Value::Const(c) => Ok(c),
            Value::Other(t) => Err(MarshalError::NotAConstant(t)),
        }
    }

    fn string_field(&mut self) -> R<String> {
        match self.constant()? {
            Constant::Str(s) => s
                .as_str()
                .map(str::to_string)
                .map_or_else(|| bad("name with a surrogate"), Ok),
            _ => bad("expected a str"),
        }
    }

    fn bytes_field(&mut self) -> R<Vec<u8>> {
        match self.constant()? {
            Constant::Bytes(b) => Ok(b),
            _ => bad("expected bytes"),
        }
    }

    fn names_field(&mut self) -> R<Vec<String>> {
        match self.constant()? {
            Constant::Tuple(t) => t
                .into_iter()
                .map(|c| match c {
                    Constant::Str(s) => s
                        .as_str()
                        .map(str::to_string)
                        .map_or_else(|| bad("name with a surrogate"), Ok),
                    _ => bad("expected a tuple of str"),
                })
                .collect(),
            _ => bad("expected a tuple"),
        }
    }

    fn object_inner(&mut self) -> R<Value> {
        let code = self.byte()?;
        let flag = code & 0x80 != 0;
        let ty = code & 0x7f;
        let c = |c: Constant| Ok(Value::Const(c));
        match ty {
            b'0' => Ok(Value::Other("NULL")),
            b'N' => c(Constant::None),
            b'F' => c(Constant::Bool(false)),
            b'T' => c(Constant::Bool(true)),
            b'.' => c(Constant::Ellipsis),
            b'S' => Ok(Value::Other("StopIteration")),
            b'r' => {
                let n = self.size()?;
                match self.refs.get(n) {
                    Some(Some(v)) => Ok(v.clone()),
                    _ => bad("invalid reference"),
                }
            }
            _ => {
                let idx = self.reserve(flag);
                let v = self.value(ty)?;
                self.set_ref(idx, &v);
                Ok(v)
            }
        }
    }

    fn value(&mut self, ty: u8) -> R<Value> {
        let c = |c: Constant| Ok(Value::Const(c));
        match ty {
            b'i' => c(Constant::Int(BigInt::from(self.long()?))),
            b'I' => {
                let b = self.take(8)?;
                let mut a = [0u8; 8];
                a.copy_from_slice(b);
                c(Constant::Int(BigInt::from(i64::from_le_bytes(a))))
            }
            b'l' => {
                let n = self.long()?;
                let count = n.unsigned_abs() as usize;
                let mut digits = Vec::with_capacity(count.min(1 << 16));
                for k in 0..count {
                    let b = self.take(2)?;
                    let d = i16::from_le_bytes([b[0], b[1]]);
                    if !(0..=0x7fff).contains(&d) {
                        return bad("digit out of range in long");
                    }
                    if k + 1 == count && d == 0 {
                        return bad("unnormalized long data");
                    }
                    digits.push(d as u16);
                }
                let mut v = BigInt::zero();
                for d in digits.iter().rev() {
                    v = (v << 15) + BigInt::from(*d);
                }
                c(Constant::Int(if n < 0 { -v } else { v }))
            }
            b'g' => c(Constant::Float(self.f64()?)),
            b'f' => c(Constant::Float(self.text_float()?)),
            b'y' => {
                let re = self.f64()?;
                let im = self.f64()?;
                c(Constant::Complex { re, im })
            }
            b'x' => {
                let re = self.text_float()?;
                let im = self.text_float()?;
                c(Constant::Complex { re, im })
            }
            b's' => {
                let n = self.size()?;
                c(Constant::Bytes(self.take(n)?.to_vec()))
            }
            b'u' | b't' => {
                let n = self.size()?;
                self.str_value(n, false)
            }
            b'a' | b'A' => {
                let n = self.size()?;
                self.str_value(n, true)
            }
            b'z' | b'Z' => {
                let n = self.byte()? as usize;
                self.str_value(n, true)
            }
            b')' => {
                let n = self.byte()? as usize;
                c(Constant::Tuple(self.items(n)?))
            }
            b'(' => {
                let n = self.size()?;
                c(Constant::Tuple(self.items(n)?))
            }
            b'>' => {
                let n = self.size()?;
                c(Constant::FrozenSet(self.items(n)?))
            }
            b'[' | b'<' => {
                let n = self.size()?;
                if n > self.data.len().saturating_sub(self.pos) {
                    return Err(MarshalError::Eof);
                }
                for _ in 0..n {
                    self.object()?;
                }
                Ok(Value::Other(if ty == b'[' { "list" } else { "set" }))
            }
            b'{' => loop {
                match self.object()? {
                    Value::Other("NULL") => return Ok(Value::Other("dict")),
                    _ => {
                        self.object()?;
                    }
                }
            },
            b'c' => {
                let mut f = [0i32; 5];
                for x in f.iter_mut() {
                    *x = self.long()?;
                }
                let nonneg = |x: i32| u32::try_from(x).or_else(|_| bad("negative code field"));
                let code = self.bytes_field()?;
                let consts = match self.constant()? {
                    Constant::Tuple(t) => t,
                    _ => return bad("co_consts is not a tuple"),
                };
                let names = self.names_field()?;
                let localsplusnames = self.names_field()?;
                let localspluskinds = self.bytes_field()?;
                if localspluskinds.len() != localsplusnames.len() {
                    return bad("co_localspluskinds and co_localsplusnames differ in length");
                }
                let filename = self.string_field()?;
                let name = self.string_field()?;
                let qualname = self.string_field()?;
                let firstlineno = nonneg(self.long()?)?;
                let linetable = self.bytes_field()?;
                let exceptiontable = self.bytes_field()?;
                c(Constant::Code(Box::new(CodeUnit {
                    name,
                    qualname,
                    filename,
                    argcount: nonneg(f[0])?,
                    posonlyargcount: nonneg(f[1])?,
                    kwonlyargcount: nonneg(f[2])?,
                    stacksize: nonneg(f[3])?,
                    flags: f[4] as u32,
                    firstlineno,
                    code,
                    consts,
                    names,
                    localsplusnames,
                    localspluskinds,
                    linetable,
                    exceptiontable,
                })))
            }
            _ => bad("unknown type code"),
        }
    }
}

/// Whether bytes are generalized UTF-8 (UTF-8 that may encode lone
/// surrogates), as CPython's `surrogatepass` writes them.
fn is_wtf8(b: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let n = match c {
            0x00..=0x7f => 1,
            0xc2..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf4 => 4,
            _ => return false,
        };
        if i + n > b.len() || !b[i + 1..i + n].iter().all(|&x| x & 0xc0 == 0x80) {
            return false;
        }
        if n == 3 && c == 0xe0 && b[i + 1] < 0xa0 {
            return false;
        }
        if n == 4 && ((c == 0xf0 && b[i + 1] < 0x90) || (c == 0xf4 && b[i + 1] > 0x8f)) {
            return false;
        }
        i += n;
    }
    true
}

/// `marshal.loads`: one constant (a code unit included).
pub fn loads(data: &[u8]) -> R<Constant> {
    let mut r = Reader {
        data,
        pos: 0,
        refs: Vec::new(),
        depth: 0,
    };
    r.constant()
}

/// Reads the code unit of a `.pyc` file, checking CPython 3.12's magic.
pub fn read_pyc(data: &[u8]) -> R<CodeUnit> {
    if data.len() < 16 {
        return Err(MarshalError::Eof);
    }
    if data[..4] != MAGIC {
        return bad("not a CPython 3.12 .pyc (bad magic number)");
    }
    match loads(&data[16..])? {
        Constant::Code(c) => Ok(*c),
        _ => bad("a .pyc holds a code object"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints_round_trip() {
        for v in [
            "0",
            "1",
            "-1",
            "2147483647",
            "-2147483648",
            "2147483648",
            "-99999999999999999999999",
            "32768",
        ] {
            let i: BigInt = v.parse().expect("int");
            let back = loads(&dumps(&Constant::Int(i.clone()))).expect("loads");
            match back {
                Constant::Int(j) => assert_eq!(i, j),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn known_encodings() {
        // marshal.dumps(1) and marshal.dumps(2**40) on CPython 3.12 (without FLAG_REF).
        assert_eq!(dumps(&Constant::Int(BigInt::from(1))), b"i\x01\x00\x00\x00");
        assert_eq!(
            dumps(&Constant::Int(BigInt::from(1u64 << 40))),
            b"l\x03\x00\x00\x00\x00\x00\x00\x00\x00\x04"
        );
        assert_eq!(dumps(&Constant::Str(PyStr::new("ab"))), b"z\x02ab");
    }

    #[test]
    fn corrupt_input_is_an_error() {
        for d in [
            &b""[..],
            b"i\x01",
            b"(\xff\xff\xff\x7f",
            b"r\x05\x00\x00\x00",
            b"l\x01\x00\x00\x00\x00\x00",
            b"\x7f",
            b"u\x02\x00\x00\x00\xff\xfe",
            b"c\x00",
        ] {
            assert!(loads(d).is_err(), "{d:?}");
        }
        let deep = [b')', 1].repeat(5000);
        assert!(loads(&deep).is_err());
    }

    #[test]
    fn refs_are_followed() {
        // marshal.dumps(('s', 's')) on CPython 3.12.1.
        let data = b"\xa9\x02\xda\x01sr\x01\x00\x00\x00";
        match loads(data).expect("loads") {
            Constant::Tuple(t) => {
                assert_eq!(t.len(), 2);
                assert!(matches!(&t[1], Constant::Str(s) if s.as_str() == Some("s")));
            }
            other => panic!("{other:?}"),
        }
    }
}
