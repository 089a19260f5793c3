//! Bounded fuzzing of the format engines (issue 11), run by `cargo test`:
//! `PyUnicode_FromFormat` (`fmt::format`), `Py_BuildValue`
//! (`build::build_value`) and `PyArg_ParseTuple` (`getargs::parse_tuple`,
//! on argument tuples of random items) on generated format strings — valid conversions
//! with random flags, widths, precisions and length modifiers, stray
//! characters, non-ASCII bytes, unbalanced brackets — each with arguments
//! of the types its format announces (the C caller's side of the
//! contract). The property: no panic, and the result agrees with the error
//! indicator (an error has an exception set, a value has none).

use crate::err;
use crate::object::*;
use crate::testing::with_runtime;
use crate::varargs::{Arg, VecArgs};
use crate::{build, fmt, getargs, long, tuple, unicode};
use proptest::prelude::*;
use std::ffi::{c_void, CString};

/// Live objects and C strings the generated arguments point to.
struct Fixtures {
    text: *mut PyObject,
    int: *mut PyObject,
    cstrs: [&'static std::ffi::CStr; 4],
}

impl Fixtures {
    fn new() -> Fixtures {
        Fixtures {
            text: unicode::from_str("caf\u{e9}").expect("str").into_raw(),
            int: long::from_i64(1 << 40).expect("int").into_raw(),
            cstrs: [c"", c"hello", c"\xc3\xa9t\xc3\xa9", c"\xff\xfe bad utf-8"],
        }
    }

    fn obj(&self, pick: u8) -> *mut PyObject {
        match pick % 3 {
            0 => self.text,
            1 => self.int,
            _ => crate::runtime::none(),
        }
    }

    fn cstr(&self, pick: u8) -> *mut c_void {
        self.cstrs[pick as usize % self.cstrs.len()].as_ptr() as *mut c_void
    }
}

/// Checks that a result agrees with the error indicator, then clears it.
fn consistent<T>(r: &Result<T, err::Raised>) -> Result<(), TestCaseError> {
    let pending = !err::occurred().is_null();
    err::clear();
    prop_assert_eq!(r.is_err(), pending, "result and error indicator disagree");
    Ok(())
}

/// One piece of a `PyUnicode_FromFormat` format.
#[derive(Debug, Clone)]
enum FmtPiece {
    /// Literal text (may hold a non-ASCII byte, which must be refused).
    Lit(Vec<u8>),
    /// `%[flags][width][.prec][len]conv` with the value it consumes.
    Spec {
        flags: &'static str,
        width: Option<i32>,
        width_star: bool,
        prec: Option<i32>,
        prec_star: bool,
        len: &'static str,
        conv: u8,
        value: i64,
        pick: u8,
    },
}

fn fmt_piece() -> impl Strategy<Value = FmtPiece> {
    let lit = proptest::collection::vec(
        prop_oneof![9 => (0x20u8..0x7f).prop_filter("no %", |c| *c != b'%'), 1 => 0x80u8..=0xff],
        0..6,
    )
    .prop_map(FmtPiece::Lit);
    let spec = (
        prop::sample::select(vec!["", "-", "0", "-0", "00"]),
        prop::option::of(prop_oneof![8 => -300i32..298, 1 => 298i32..300]),
        any::<bool>(),
        prop::option::of(prop_oneof![8 => -5i32..298, 1 => 298i32..300]),
        any::<bool>(),
        prop::sample::select(vec!["", "", "l", "ll", "z", "t", "j"]),
        prop::sample::select(b"diuxXocspUVSRA%qk!#lz ".to_vec()),
        any::<i64>(),
        any::<u8>(),
    )
        .prop_map(
            |(flags, width, width_star, prec, prec_star, len, conv, value, pick)| FmtPiece::Spec {
                flags,
                width,
                width_star,
                prec,
                prec_star,
                len,
                conv,
                value,
                pick,
            },
        );
    prop_oneof![lit, spec]
}

/// The format text and its arguments.
fn fmt_case(pieces: &[FmtPiece], fx: &Fixtures) -> (CString, Vec<Arg>) {
    let mut f = Vec::new();
    let mut args = Vec::new();
    for p in pieces {
        match p {
            FmtPiece::Lit(b) => f.extend_from_slice(b),
            FmtPiece::Spec {
                flags,
                width,
                width_star,
                prec,
                prec_star,
                len,
                conv,
                value,
                pick,
            } => {
                f.push(b'%');
                f.extend_from_slice(flags.as_bytes());
                // Literal widths and precisions are sometimes beyond memory
                // (MemoryError) or beyond Py_ssize_t ("too big").
                let literal = |n: i32| match n {
                    299 => "999999999999".to_string(),
                    298 => "99999999999999999999".to_string(),
                    n => n.unsigned_abs().to_string(),
                };
                if let Some(w) = width {
                    if *width_star {
                        f.push(b'*');
                        args.push(Arg::Int(i64::from(*w)));
                    } else {
                        f.extend_from_slice(literal(*w).as_bytes());
                    }
                }
                if let Some(p) = prec {
                    f.push(b'.');
                    if *prec_star {
                        f.push(b'*');
                        args.push(Arg::Int(i64::from(*p)));
                    } else {
                        f.extend_from_slice(literal(*p).as_bytes());
                    }
                }
                f.extend_from_slice(len.as_bytes());
                f.push(*conv);
                match conv {
                    b'd' | b'i' | b'u' | b'x' | b'X' | b'o' => args.push(Arg::Int(*value)),
                    b'c' => args.push(Arg::Int(*value % 0x120000)),
                    b's' => args.push(Arg::Ptr(fx.cstr(*pick))),
                    b'p' => args.push(Arg::Ptr(*value as usize as *mut c_void)),
                    b'U' => args.push(Arg::Ptr(fx.text as *mut c_void)),
                    b'V' => {
                        let o = if pick % 2 == 0 {
                            fx.text
                        } else {
                            std::ptr::null_mut()
                        };
                        args.push(Arg::Ptr(o as *mut c_void));
                        args.push(Arg::Ptr(fx.cstr(*pick / 2)));
                    }
                    b'S' | b'R' | b'A' => args.push(Arg::Ptr(fx.obj(*pick) as *mut c_void)),
                    _ => {}
                }
            }
        }
    }
    f.retain(|&b| b != 0);
    (CString::new(f).expect("no NUL"), args)
}

/// One token of a `Py_BuildValue` format.
#[derive(Debug, Clone)]
enum BuildTok {
    /// A unit with the values it may consume.
    Unit(&'static str, i64, u8),
    /// `(`, `[`, `{` or a closer.
    Bracket(u8),
    /// A separator.
    Sep(u8),
    /// A character that is no unit (not `&` or `#`, which would turn the
    /// unit before into `O&`/`s#` without the arguments those read).
    Bad(u8),
}

fn build_tok() -> impl Strategy<Value = BuildTok> {
    prop_oneof![
        6 => (
            prop::sample::select(vec![
                "i", "b", "h", "B", "H", "I", "l", "k", "L", "K", "n", "c", "C", "d", "f", "s",
                "z", "y", "U", "s#", "z#", "y#", "U#", "O", "S", "p",
            ]),
            any::<i64>(),
            any::<u8>()
        )
            .prop_map(|(u, v, p)| BuildTok::Unit(u, v, p)),
        2 => prop::sample::select(b"()[]{}".to_vec()).prop_map(BuildTok::Bracket),
        1 => prop::sample::select(b" ,:\t".to_vec()).prop_map(BuildTok::Sep),
        1 => prop::sample::select(b"Qjw!*".to_vec()).prop_map(BuildTok::Bad),
    ]
}

fn build_case(toks: &[BuildTok], fx: &Fixtures) -> (CString, Vec<Arg>) {
    let mut f = Vec::new();
    let mut args = Vec::new();
    for t in toks {
        match t {
            BuildTok::Unit(u, v, pick) => {
                f.extend_from_slice(u.as_bytes());
                match *u {
                    "d" | "f" => args.push(Arg::Double(*v as f64 / 7.0)),
                    "c" => args.push(Arg::Int(*v & 0xff)),
                    "C" => args.push(Arg::Int(*v % 0x120000)),
                    "s" | "z" | "y" | "U" => {
                        let p = if *u != "s" && *u != "y" && pick % 5 == 0 {
                            std::ptr::null_mut()
                        } else {
                            fx.cstr(*pick)
                        };
                        args.push(Arg::Ptr(p));
                    }
                    "s#" | "z#" | "y#" | "U#" => {
                        let s = fx.cstrs[*pick as usize % fx.cstrs.len()];
                        args.push(Arg::Ptr(s.as_ptr() as *mut c_void));
                        // A length within the buffer (no callee can check one
                        // beyond it), or -1 for "up to the NUL".
                        let n = s.to_bytes().len() as i64;
                        args.push(Arg::Int(if pick % 4 == 0 {
                            -1
                        } else {
                            v.rem_euclid(n + 1)
                        }));
                    }
                    "O" | "S" => {
                        let o = if pick % 7 == 0 {
                            std::ptr::null_mut()
                        } else {
                            fx.obj(*pick)
                        };
                        args.push(Arg::Ptr(o as *mut c_void));
                    }
                    _ => args.push(Arg::Int(*v)),
                }
            }
            BuildTok::Bracket(c) | BuildTok::Sep(c) | BuildTok::Bad(c) => f.push(*c),
        }
    }
    (CString::new(f).expect("no NUL"), args)
}

/// One unit of a `PyArg_ParseTuple` format.
#[derive(Debug, Clone)]
enum ParseTok {
    /// A unit (`i`, `s#`, `O!`, ...).
    Unit(&'static str),
    /// `(`, `)`, `|`, or a stray character.
    Other(u8),
}

fn parse_tok() -> impl Strategy<Value = ParseTok> {
    prop_oneof![
        6 => prop::sample::select(vec![
            "b", "B", "h", "H", "i", "I", "l", "k", "L", "K", "n", "c", "C", "f", "d", "p", "O",
            "S", "U", "s", "z", "y", "s#", "z#", "y#", "O!", "O&",
        ])
        .prop_map(ParseTok::Unit),
        2 => prop::sample::select(b"()|()Qj".to_vec()).prop_map(ParseTok::Other),
    ]
}

/// A converter for `O&` that accepts everything.
unsafe extern "C" fn accept(_o: *mut PyObject, _addr: *mut c_void) -> std::ffi::c_int {
    1
}

/// The format and its variadic arguments: each output pointer a slot of
/// `out`, big enough for any unit; a type for `O!`, a converter for `O&`.
fn parse_case(toks: &[ParseTok], out: &mut [[u64; 2]]) -> (CString, Vec<Arg>) {
    let mut f = Vec::new();
    let mut args = Vec::new();
    let mut slot = 0usize;
    let mut next = |out: &mut [[u64; 2]]| {
        let p = out[slot % out.len()].as_mut_ptr() as *mut c_void;
        slot += 1;
        Arg::Ptr(p)
    };
    for t in toks {
        match t {
            ParseTok::Unit(u) => {
                f.extend_from_slice(u.as_bytes());
                match *u {
                    "O!" => {
                        args.push(Arg::Ptr(crate::runtime::long_type() as *mut c_void));
                        args.push(next(out));
                    }
                    "O&" => {
                        args.push(Arg::Ptr(accept as *mut c_void));
                        args.push(next(out));
                    }
                    u if u.ends_with('#') => {
                        args.push(next(out));
                        args.push(next(out));
                    }
                    _ => args.push(next(out)),
                }
            }
            ParseTok::Other(c) => f.push(*c),
        }
    }
    (CString::new(f).expect("no NUL"), args)
}

/// A random argument: small, negative and big ints, a float, a str, bytes,
/// a 2-tuple, None.
fn arg_object(pick: u8) -> Owned {
    match pick % 8 {
        0 => long::from_i64(i64::from(pick)).expect("int"),
        1 => long::from_i64(-(1 << 40)).expect("int"),
        2 => crate::float::from_f64(1.5).expect("float"),
        3 => unicode::from_str("x\u{e9}").expect("str"),
        4 => crate::bytes::from_bytes(b"ab").expect("bytes"),
        5 => {
            let a = long::from_i64(1).expect("int");
            let b = unicode::from_str("y").expect("str");
            tuple::new_from(&[a.as_ptr(), b.as_ptr()]).expect("tuple")
        }
        6 => long::parse_limited("123456789012345678901234567890", 10)
            .ok()
            .flatten()
            .and_then(|v| long::from_bigint(v).ok())
            .expect("big int"),
        // SAFETY: None is immortal.
        _ => unsafe { Owned::from_borrowed(crate::runtime::none()) },
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    // Too slow under Miri.
    #[cfg_attr(miri, ignore)]
    #[test]
    fn from_format_never_panics(pieces in proptest::collection::vec(fmt_piece(), 0..8)) {
        with_runtime(|| {
            let fx = Fixtures::new();
            let (f, args) = fmt_case(&pieces, &fx);
            let mut a = VecArgs::new(args);
            // SAFETY: the arguments match the conversions (built together);
            // objects and strings are live.
            let r = unsafe { fmt::format(&f, &mut a) };
            consistent(&r)
        })?;
    }

    #[cfg_attr(miri, ignore)]
    #[test]
    fn parse_tuple_never_panics(toks in proptest::collection::vec(parse_tok(), 0..10),
                                items in proptest::collection::vec(any::<u8>(), 0..6),
                                ssize in any::<bool>()) {
        with_runtime(|| {
            let objs: Vec<Owned> = items.iter().map(|&p| arg_object(p)).collect();
            let ptrs: Vec<*mut PyObject> = objs.iter().map(|o| o.as_ptr()).collect();
            let t = tuple::new_from(&ptrs).expect("tuple");
            let mut out = vec![[0u64; 2]; 32];
            let (f, args) = parse_case(&toks, &mut out);
            let mut a = VecArgs::new(args);
            // SAFETY: every output pointer is a 16-byte slot of `out`; `O!`
            // gets a type and `O&` a converter, as the format says.
            let r = unsafe { getargs::parse_tuple(t.as_ptr(), &f, &mut a, ssize, false) };
            consistent(&r)
        })?;
    }

    #[cfg_attr(miri, ignore)]
    #[test]
    fn build_value_never_panics(toks in proptest::collection::vec(build_tok(), 0..12),
                                ssize in any::<bool>()) {
        with_runtime(|| {
            let fx = Fixtures::new();
            let (f, args) = build_case(&toks, &fx);
            let mut a = VecArgs::new(args);
            // SAFETY: as above; `#` lengths are within their buffers.
            let r = unsafe { build::build_value(&f, &mut a, ssize) };
            consistent(&r)
        })?;
    }
}
