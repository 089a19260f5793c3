//! The compiler's output: a tree of [`CodeUnit`]s, one per code object
//! CPython 3.12.1 would create, whose constants are a plain [`Constant`]
//! enum (no Ophis objects).

use num_bigint::BigInt;

/// A Python `str` value. Held as generalized UTF-8 (each lone surrogate
/// encoded on its own, as CPython's `surrogatepass` error handler does), so
/// every `str` CPython can hold is representable.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PyStr(Box<[u8]>);

impl PyStr {
    /// From a Rust string (never holds surrogates).
    pub fn new(s: &str) -> Self {
        PyStr(s.as_bytes().into())
    }

    /// From generalized UTF-8 bytes (the caller guarantees the encoding).
    pub fn from_wtf8(bytes: Vec<u8>) -> Self {
        PyStr(bytes.into_boxed_slice())
    }

    /// The generalized UTF-8 bytes (CPython's `encode('utf-8', 'surrogatepass')`).
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The text, if it holds no lone surrogate.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }

    /// Length in code points.
    pub fn char_len(&self) -> usize {
        self.0.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
    }

    /// Whether every code point is below 128.
    pub fn is_ascii(&self) -> bool {
        self.0.is_ascii()
    }
}

impl std::fmt::Debug for PyStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.as_str() {
            Some(s) => write!(f, "{s:?}"),
            None => write!(f, "<wtf8 {:02x?}>", &self.0),
        }
    }
}

/// A constant of `co_consts`.
#[derive(Clone, Debug)]
pub enum Constant {
    /// `None`.
    None,
    /// `True`/`False`.
    Bool(bool),
    /// An `int` of any size.
    Int(BigInt),
    /// A `float`.
    Float(f64),
    /// A `complex`.
    Complex {
        /// Real part.
        re: f64,
        /// Imaginary part.
        im: f64,
    },
    /// A `str`.
    Str(PyStr),
    /// A `bytes`.
    Bytes(Vec<u8>),
    /// A `tuple` of constants.
    Tuple(Vec<Constant>),
    /// A `frozenset` of constants (in the order the compiler built it).
    FrozenSet(Vec<Constant>),
    /// `...`.
    Ellipsis,
    /// A nested code object.
    Code(Box<CodeUnit>),
}

/// The identity CPython's `_PyCode_ConstantKey` gives a constant: values of
/// different types never merge, floats compare by their bits (so `0.0` and
/// `-0.0` stay distinct), and code objects compare as `code_richcompare`
/// does (so two identical code objects, say a generator expression in a
/// `while` test that is compiled twice, merge).
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum ConstKey {
    /// `None`.
    None,
    /// A bool.
    Bool(bool),
    /// An int.
    Int(BigInt),
    /// A float's bits.
    Float(u64),
    /// A complex's bits.
    Complex(u64, u64),
    /// A str.
    Str(PyStr),
    /// A bytes.
    Bytes(Vec<u8>),
    /// A tuple.
    Tuple(Vec<ConstKey>),
    /// A frozenset (keys sorted by their debug text, order-free).
    FrozenSet(Vec<ConstKey>),
    /// `...`.
    Ellipsis,
    /// A code object, by the fields `code_richcompare` compares.
    Code(Box<CodeKey>),
}

/// The fields of a code object that `code_richcompare` compares.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct CodeKey {
    name: String,
    counts: (u32, u32, u32, u32, u32),
    code: Vec<u8>,
    consts: Vec<ConstKey>,
    names: Vec<String>,
    localsplusnames: Vec<String>,
    linetable: Vec<u8>,
    exceptiontable: Vec<u8>,
}

impl Constant {
    /// The merge key (the argument is unused and kept for callers).
    #[allow(clippy::only_used_in_recursion)]
    pub fn key(&self, serial: usize) -> ConstKey {
        match self {
            Constant::None => ConstKey::None,
            Constant::Bool(b) => ConstKey::Bool(*b),
            Constant::Int(i) => ConstKey::Int(i.clone()),
            Constant::Float(f) => ConstKey::Float(f.to_bits()),
            Constant::Complex { re, im } => ConstKey::Complex(re.to_bits(), im.to_bits()),
            Constant::Str(s) => ConstKey::Str(s.clone()),
            Constant::Bytes(b) => ConstKey::Bytes(b.clone()),
            Constant::Tuple(t) => ConstKey::Tuple(t.iter().map(|c| c.key(serial)).collect()),
            Constant::FrozenSet(t) => {
                let mut v: Vec<ConstKey> = t.iter().map(|c| c.key(serial)).collect();
                v.sort_by_cached_key(|k| format!("{k:?}"));
                ConstKey::FrozenSet(v)
            }
            Constant::Ellipsis => ConstKey::Ellipsis,
            Constant::Code(c) => ConstKey::Code(Box::new(CodeKey {
                name: c.name.clone(),
                counts: (
                    c.argcount,
                    c.posonlyargcount,
                    c.kwonlyargcount,
                    c.flags,
                    c.firstlineno,
                ),
                code: c.code.clone(),
                consts: c.consts.iter().map(|k| k.key(serial)).collect(),
                names: c.names.clone(),
                localsplusnames: c.localsplusnames.clone(),
                linetable: c.linetable.clone(),
                exceptiontable: c.exceptiontable.clone(),
            })),
        }
    }

    /// A hash consistent with [`Constant::same_key`] (no allocation).
    pub fn key_hash(&self) -> u64 {
        use std::hash::Hasher;
        let mut h = rustc_hash::FxHasher::default();
        self.key_hash_into(&mut h);
        h.finish()
    }

    /// Feeds [`Constant::key_hash`]'s hash of this constant into `h`.
    pub fn key_hash_into(&self, h: &mut rustc_hash::FxHasher) {
        use std::hash::Hash;
        fn go(c: &Constant, h: &mut rustc_hash::FxHasher) {
            std::mem::discriminant(c).hash(h);
            match c {
                Constant::None | Constant::Ellipsis => {}
                Constant::Bool(b) => b.hash(h),
                Constant::Int(i) => i.hash(h),
                Constant::Float(f) => f.to_bits().hash(h),
                Constant::Complex { re, im } => {
                    re.to_bits().hash(h);
                    im.to_bits().hash(h);
                }
                Constant::Str(s) => s.hash(h),
                Constant::Bytes(b) => b.hash(h),
                Constant::Tuple(t) => {
                    t.len().hash(h);
                    for x in t {
                        go(x, h);
                    }
                }
                Constant::FrozenSet(t) => {
                    // Order-free: combine the items' own hashes.
                    let mut acc = 0u64;
                    for x in t {
                        acc = acc.wrapping_add(x.key_hash());
                    }
                    t.len().hash(h);
                    acc.hash(h);
                }
                Constant::Code(co) => {
                    co.name.hash(h);
                    co.code.hash(h);
                    co.linetable.hash(h);
                }
            }
        }
        go(self, h);
    }

    /// Whether two constants have the same `_PyCode_ConstantKey` (so
    /// CPython merges them), as [`Constant::key`] equality, without
    /// building keys.
    pub fn same_key(&self, other: &Constant) -> bool {
        use Constant as C;
        match (self, other) {
            (C::None, C::None) | (C::Ellipsis, C::Ellipsis) => true,
            (C::Bool(a), C::Bool(b)) => a == b,
            (C::Int(a), C::Int(b)) => a == b,
            (C::Float(a), C::Float(b)) => a.to_bits() == b.to_bits(),
            (C::Complex { re: a, im: b }, C::Complex { re: c, im: d }) => {
                a.to_bits() == c.to_bits() && b.to_bits() == d.to_bits()
            }
            (C::Str(a), C::Str(b)) => a == b,
            (C::Bytes(a), C::Bytes(b)) => a == b,
            (C::Tuple(a), C::Tuple(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_key(y))
            }
            (C::FrozenSet(a), C::FrozenSet(b)) => {
                a.len() == b.len() && a.iter().all(|x| b.iter().any(|y| x.same_key(y)))
            }
            (C::Code(a), C::Code(b)) => {
                a.name == b.name
                    && (
                        a.argcount,
                        a.posonlyargcount,
                        a.kwonlyargcount,
                        a.flags,
                        a.firstlineno,
                    ) == (
                        b.argcount,
                        b.posonlyargcount,
                        b.kwonlyargcount,
                        b.flags,
                        b.firstlineno,
                    )
                    && a.code == b.code
                    && a.consts.len() == b.consts.len()
                    && a.consts.iter().zip(&b.consts).all(|(x, y)| x.same_key(y))
                    && a.names == b.names
                    && a.localsplusnames == b.localsplusnames
                    && a.linetable == b.linetable
                    && a.exceptiontable == b.exceptiontable
            }
            _ => false,
        }
    }

    /// Python truth value (`PyObject_IsTrue`) of a constant.
    pub fn is_true(&self) -> bool {
        use num_traits::Zero;
        match self {
            Constant::None => false,
            Constant::Bool(b) => *b,
            Constant::Int(i) => !i.is_zero(),
            Constant::Float(f) => *f != 0.0,
            Constant::Complex { re, im } => *re != 0.0 || *im != 0.0,
            Constant::Str(s) => !s.as_bytes().is_empty(),
            Constant::Bytes(b) => !b.is_empty(),
            Constant::Tuple(t) | Constant::FrozenSet(t) => !t.is_empty(),
            Constant::Ellipsis | Constant::Code(_) => true,
        }
    }
}

/// A merge key borrowed from a code unit, without building a
/// [`ConstKey`]: a constant, or a value the runtime merges through the same
/// cache (a code unit's constants or names as a tuple, a name, a table's
/// bytes). Equal keys are equal across forms as the objects they make are:
/// a tuple of names is the same key as a tuple constant of those strings.
#[derive(Clone, Copy, Debug)]
pub enum KeyRef<'a> {
    /// A constant.
    Const(&'a Constant),
    /// A tuple of these constants.
    Tuple(&'a [Constant]),
    /// A tuple of these names (strings).
    Names(&'a [String]),
    /// A string.
    Str(&'a str),
    /// A bytes object.
    Bytes(&'a [u8]),
}

impl KeyRef<'_> {
    /// A hash consistent with [`KeyRef::same`] (and with
    /// [`Constant::key_hash`] for the same value).
    pub fn hash(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let tuple = std::mem::discriminant(&Constant::Tuple(Vec::new()));
        let string = std::mem::discriminant(&Constant::Str(PyStr::from_wtf8(Vec::new())));
        let bytes = std::mem::discriminant(&Constant::Bytes(Vec::new()));
        let mut h = rustc_hash::FxHasher::default();
        match self {
            KeyRef::Const(c) => return c.key_hash(),
            KeyRef::Tuple(items) => {
                tuple.hash(&mut h);
                items.len().hash(&mut h);
                for c in *items {
                    c.key_hash_into(&mut h);
                }
            }
            KeyRef::Names(names) => {
                tuple.hash(&mut h);
                names.len().hash(&mut h);
                for n in *names {
                    string.hash(&mut h);
                    n.as_bytes().hash(&mut h);
                }
            }
            KeyRef::Str(t) => {
                string.hash(&mut h);
                t.as_bytes().hash(&mut h);
            }
            KeyRef::Bytes(b) => {
                bytes.hash(&mut h);
                b.hash(&mut h);
            }
        }
        h.finish()
    }

    /// Whether the two keys are equal (CPython merges their objects).
    pub fn same(&self, other: &KeyRef<'_>) -> bool {
        use KeyRef as K;
        // Each form as a tuple's items, when it is a tuple.
        enum Items<'b> {
            Consts(&'b [Constant]),
            Names(&'b [String]),
        }
        fn items<'b>(k: KeyRef<'b>) -> Option<Items<'b>> {
            match k {
                K::Const(Constant::Tuple(t)) => Some(Items::Consts(t)),
                K::Tuple(t) => Some(Items::Consts(t)),
                K::Names(n) => Some(Items::Names(n)),
                _ => None,
            }
        }
        let str_is =
            |c: &Constant, t: &str| matches!(c, Constant::Str(s) if s.as_bytes() == t.as_bytes());
        match (items(*self), items(*other)) {
            (Some(Items::Consts(a)), Some(Items::Consts(b))) => {
                return a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_key(y));
            }
            (Some(Items::Names(a)), Some(Items::Names(b))) => return a == b,
            (Some(Items::Consts(c)), Some(Items::Names(n)))
            | (Some(Items::Names(n)), Some(Items::Consts(c))) => {
                return c.len() == n.len() && c.iter().zip(n).all(|(x, t)| str_is(x, t));
            }
            (Some(_), None) | (None, Some(_)) => return false,
            (None, None) => {}
        }
        match (*self, *other) {
            (K::Const(a), K::Const(b)) => a.same_key(b),
            (K::Str(a), K::Str(b)) => a == b,
            (K::Str(t), K::Const(c)) | (K::Const(c), K::Str(t)) => str_is(c, t),
            (K::Bytes(a), K::Bytes(b)) => a == b,
            (K::Bytes(a), K::Const(Constant::Bytes(b)))
            | (K::Const(Constant::Bytes(b)), K::Bytes(a)) => a == b.as_slice(),
            _ => false,
        }
    }
}

/// Whether a constant holds a NaN (NaNs never merge: `nan != nan`).
pub fn contains_nan(c: &Constant) -> bool {
    match c {
        Constant::Float(f) => f.is_nan(),
        Constant::Complex { re, im } => re.is_nan() || im.is_nan(),
        Constant::Tuple(t) | Constant::FrozenSet(t) => t.iter().any(contains_nan),
        _ => false,
    }
}

/// The items of a set display in the order a `set` keeps them after
/// dropping later items equal (Python `==`) to earlier ones: `{1, 1.0,
/// True}` is `{1}`.
pub fn set_dedup(vals: Vec<Constant>) -> Vec<Constant> {
    #[derive(PartialEq)]
    enum K {
        Num(f64, f64, Option<BigInt>),
        Other(ConstKey),
    }
    fn k(c: &Constant) -> K {
        use num_traits::ToPrimitive;
        match c {
            Constant::Bool(b) => K::Num(
                f64::from(u8::from(*b)),
                0.0,
                Some(BigInt::from(u8::from(*b))),
            ),
            Constant::Int(i) => K::Num(i.to_f64().unwrap_or(f64::NAN), 0.0, Some(i.clone())),
            Constant::Float(f) => {
                let exact = (f.fract() == 0.0 && f.is_finite()).then(|| BigInt::from(*f as i128));
                K::Num(*f, 0.0, exact)
            }
            Constant::Complex { re, im } => {
                let exact = (*im == 0.0 && re.fract() == 0.0 && re.is_finite())
                    .then(|| BigInt::from(*re as i128));
                K::Num(*re, *im, exact)
            }
            other => K::Other(other.key(0)),
        }
    }
    let mut out: Vec<Constant> = Vec::new();
    let mut keys: Vec<K> = Vec::new();
    for v in vals {
        let kv = k(&v);
        let dup = keys.iter().any(|x| match (x, &kv) {
            (K::Num(a, ai, ae), K::Num(b, bi, be)) => {
                if ae.is_some() || be.is_some() {
                    ae == be && ai == bi
                } else {
                    a == b && ai == bi
                }
            }
            (K::Other(a), K::Other(b)) => a == b,
            _ => false,
        });
        if !dup {
            keys.push(kv);
            out.push(v);
        }
    }
    out
}

/// `co_flags` bits.
pub mod flags {
    /// `CO_OPTIMIZED`.
    pub const OPTIMIZED: u32 = 0x1;
    /// `CO_NEWLOCALS`.
    pub const NEWLOCALS: u32 = 0x2;
    /// `CO_VARARGS`.
    pub const VARARGS: u32 = 0x4;
    /// `CO_VARKEYWORDS`.
    pub const VARKEYWORDS: u32 = 0x8;
    /// `CO_NESTED`.
    pub const NESTED: u32 = 0x10;
    /// `CO_GENERATOR`.
    pub const GENERATOR: u32 = 0x20;
    /// `CO_COROUTINE`.
    pub const COROUTINE: u32 = 0x80;
    /// `CO_ITERABLE_COROUTINE`.
    pub const ITERABLE_COROUTINE: u32 = 0x100;
    /// `CO_ASYNC_GENERATOR`.
    pub const ASYNC_GENERATOR: u32 = 0x200;
    /// `CO_FUTURE_ANNOTATIONS`.
    pub const FUTURE_ANNOTATIONS: u32 = 0x100_0000;
}

/// `co_localspluskinds` bits.
pub mod kinds {
    /// `CO_FAST_HIDDEN`: an inlined comprehension's variable at module or class scope.
    pub const HIDDEN: u8 = 0x10;
    /// `CO_FAST_LOCAL`.
    pub const LOCAL: u8 = 0x20;
    /// `CO_FAST_CELL`.
    pub const CELL: u8 = 0x40;
    /// `CO_FAST_FREE`.
    pub const FREE: u8 = 0x80;
}

/// One code object, as `compile()` would return it.
#[derive(Clone, Debug)]
pub struct CodeUnit {
    /// `co_name`.
    pub name: String,
    /// `co_qualname`.
    pub qualname: String,
    /// `co_filename`.
    pub filename: String,
    /// `co_argcount` (positional-only included).
    pub argcount: u32,
    /// `co_posonlyargcount`.
    pub posonlyargcount: u32,
    /// `co_kwonlyargcount`.
    pub kwonlyargcount: u32,
    /// `co_flags`.
    pub flags: u32,
    /// `co_firstlineno`.
    pub firstlineno: u32,
    /// `co_stacksize`.
    pub stacksize: u32,
    /// `co_code`: two-byte code units, caches zeroed.
    pub code: Vec<u8>,
    /// `co_consts`.
    pub consts: Vec<Constant>,
    /// `co_names`.
    pub names: Vec<String>,
    /// `co_localsplusnames`.
    pub localsplusnames: Vec<String>,
    /// `co_localspluskinds`.
    pub localspluskinds: Vec<u8>,
    /// `co_linetable`.
    pub linetable: Vec<u8>,
    /// `co_exceptiontable`.
    pub exceptiontable: Vec<u8>,
}

impl CodeUnit {
    fn names_of(&self, pred: impl Fn(u8) -> bool) -> Vec<&str> {
        self.localsplusnames
            .iter()
            .zip(&self.localspluskinds)
            .filter(|(_, &k)| pred(k))
            .map(|(n, _)| n.as_str())
            .collect()
    }

    /// `co_varnames`: the local (and argument) names.
    pub fn varnames(&self) -> Vec<&str> {
        self.names_of(|k| k & kinds::LOCAL != 0)
    }

    /// `co_cellvars`: names of cells (arguments that are cells included).
    pub fn cellvars(&self) -> Vec<&str> {
        self.names_of(|k| k & kinds::CELL != 0)
    }

    /// `co_freevars`.
    pub fn freevars(&self) -> Vec<&str> {
        self.names_of(|k| k & kinds::FREE != 0)
    }

    /// `co_nlocals`.
    pub fn nlocals(&self) -> usize {
        self.varnames().len()
    }
}
