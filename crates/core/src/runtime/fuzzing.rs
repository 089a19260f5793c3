//! Fuzz entry points (issue 11): each takes arbitrary bytes, decodes them
//! into a call of one engine with arguments that honour the C caller's side
//! of its contract, makes the call and checks that it kept its side: no
//! panic, and the result agrees with the error indicator (an error has an
//! exception set, a value has none). The `cargo fuzz` targets in `fuzz/`
//! call these; so do the bounded tests in `fuzz_formats.rs` (`cargo test`),
//! on random bytes.
//!
//! - [`from_format`]: `PyUnicode_FromFormat` (`fmt::format`): conversions
//!   with random flags, widths (some beyond memory or beyond `Py_ssize_t`),
//!   precisions and length modifiers, stray and non-ASCII bytes;
//! - [`build_value`]: `Py_BuildValue` (`build::build_value`): every unit,
//!   brackets balanced or not, separators, stray characters;
//! - [`parse_tuple`]: `PyArg_ParseTuple` (`getargs::parse_tuple`): units
//!   with a slot per output pointer, on tuples of random objects;
//! - [`int_from_string`]: `PyLong_FromString` (`long::from_c_string`) on
//!   any text, any base, with the digit limit;
//! - [`dict_ops`]: dict operations with a watcher, against a model;
//! - [`compile`]: any bytes through `Py_CompileStringExFlags`
//!   (`pythonrun::compile_source`), in each mode, with each optimization
//!   level: a code object or a `SyntaxError`-like exception, never a panic
//!   or a hang;
//! - [`marshal_loads`]: any bytes through `marshal.loads`
//!   (`marshal::loads`): an object or `ValueError`/`EOFError`/`TypeError`,
//!   never a crash;
//! - [`decode`]: bytes through `PyUnicode_Decode` (`codecs::decode_bytes`)
//!   with each built-in codec and error handler, then the result encoded
//!   back; a strict UTF-8 decode agrees with Rust's.
//!
//! Built for tests and with the `fuzzing` feature only.

use crate::objects::object::*;
use crate::protocols::varargs::{Arg, VecArgs};
use crate::runtime::err;
use crate::runtime::testing::with_runtime;
use crate::{
    objects::fmt, objects::long, objects::tuple, objects::unicode, protocols::build,
    protocols::getargs,
};
use std::ffi::{c_void, CStr, CString};

/// Reads choices from the fuzzer's bytes (zeros once they run out).
struct Bytes<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Bytes<'_> {
    fn u8(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    fn more(&self) -> bool {
        self.pos < self.data.len()
    }

    fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[self.u8() as usize % from.len()]
    }

    fn i64(&mut self) -> i64 {
        let mut v = 0u64;
        for _ in 0..8 {
            v = (v << 8) | u64::from(self.u8());
        }
        v as i64
    }
}

/// Live objects and C strings the decoded arguments point to.
struct Fixtures {
    text: *mut PyObject,
    int: *mut PyObject,
}

const CSTRS: [&CStr; 4] = [c"", c"hello", c"\xc3\xa9t\xc3\xa9", c"\xff\xfe bad utf-8"];

impl Fixtures {
    fn new() -> Fixtures {
        Fixtures {
            text: unicode::from_str("caf\u{e9}").expect("str").into_raw(),
            int: long::from_i64(1 << 40).expect("int").into_raw(),
        }
    }

    fn obj(&self, pick: u8) -> *mut PyObject {
        match pick % 3 {
            0 => self.text,
            1 => self.int,
            _ => crate::runtime::lifecycle::none(),
        }
    }

    fn release(self) {
        // SAFETY: the two references `new` made.
        unsafe {
            decref(self.text);
            decref(self.int);
        }
    }
}

fn cstr(pick: u8) -> *mut c_void {
    CSTRS[pick as usize % CSTRS.len()].as_ptr() as *mut c_void
}

/// The contract every entry point checks: the result agrees with the
/// error indicator. Clears the indicator.
fn check<T>(engine: &str, r: &Result<T, err::Raised>) {
    let pending = !err::occurred().is_null();
    err::clear();
    assert_eq!(
        r.is_err(),
        pending,
        "{engine}: an error without an exception, or a value with one"
    );
}

/// A literal width or precision: small, beyond memory, or beyond
/// `Py_ssize_t`.
fn number(b: &mut Bytes<'_>) -> String {
    match b.u8() % 16 {
        0 => "999999999999".into(),
        1 => "99999999999999999999".into(),
        n => (u32::from(n) * u32::from(b.u8()) % 300).to_string(),
    }
}

/// `PyUnicode_FromFormat` on a decoded format and matching arguments.
pub fn from_format(data: &[u8]) {
    with_runtime(|| {
        let fx = Fixtures::new();
        let mut b = Bytes { data, pos: 0 };
        let mut f = Vec::new();
        let mut args = Vec::new();
        while b.more() && f.len() < 200 {
            if b.u8().is_multiple_of(3) {
                // literal text, sometimes a non-ASCII byte
                let c = b.u8();
                f.push(if c == b'%' || c == 0 { b'x' } else { c });
                continue;
            }
            f.push(b'%');
            f.extend_from_slice(b.pick(&["", "-", "0", "-0", "00"]).as_bytes());
            for part in 0..2 {
                match b.u8() % 4 {
                    0 => {}
                    1 => {
                        if part == 1 {
                            f.push(b'.');
                        }
                        f.push(b'*');
                        args.push(Arg::Int(i64::from(b.u8() as i8) * 3));
                    }
                    _ => {
                        if part == 1 {
                            f.push(b'.');
                        }
                        f.extend_from_slice(number(&mut b).as_bytes());
                    }
                }
            }
            f.extend_from_slice(b.pick(&["", "", "l", "ll", "z", "t", "j"]).as_bytes());
            // Stray conversions are letters no spec can continue with (a
            // length modifier here would swallow the literal after it
            // into a conversion whose argument was never passed).
            let conv = b.pick(b"diuxXocspUVSRA%qk!");
            f.push(conv);
            let pick = b.u8();
            match conv {
                b'd' | b'i' | b'u' | b'x' | b'X' | b'o' => args.push(Arg::Int(b.i64())),
                b'c' => args.push(Arg::Int(b.i64() % 0x120000)),
                b's' => args.push(Arg::Ptr(cstr(pick))),
                b'p' => args.push(Arg::Ptr(b.i64() as usize as *mut c_void)),
                b'U' => args.push(Arg::Ptr(fx.text as *mut c_void)),
                b'V' => {
                    let o = if pick.is_multiple_of(2) {
                        fx.text
                    } else {
                        std::ptr::null_mut()
                    };
                    args.push(Arg::Ptr(o as *mut c_void));
                    args.push(Arg::Ptr(cstr(pick / 2)));
                }
                b'S' | b'R' | b'A' => args.push(Arg::Ptr(fx.obj(pick) as *mut c_void)),
                _ => {}
            }
        }
        let f = CString::new(f).expect("no NUL");
        let mut a = VecArgs::new(args);
        // SAFETY: the arguments match the conversions (decoded together);
        // objects and strings are live.
        let r = unsafe { fmt::format(&f, &mut a) };
        check("PyUnicode_FromFormat", &r);
        drop(r);
        fx.release();
    })
}

/// `Py_BuildValue` on a decoded format and matching arguments.
pub fn build_value(data: &[u8]) {
    with_runtime(|| {
        let fx = Fixtures::new();
        let mut b = Bytes { data, pos: 0 };
        let ssize = b.u8().is_multiple_of(2);
        let mut f = Vec::new();
        let mut args = Vec::new();
        const UNITS: [&str; 26] = [
            "i", "b", "h", "B", "H", "I", "l", "k", "L", "K", "n", "c", "C", "d", "f", "s", "z",
            "y", "U", "s#", "z#", "y#", "U#", "O", "S", "p",
        ];
        while b.more() && f.len() < 200 {
            match b.u8() % 10 {
                0 | 1 => f.push(b.pick(b"()[]{}")),
                2 => f.push(b.pick(b" ,:\t")),
                // no `&` or `#`: they would turn the unit before into `O&`
                // or `s#`, which read arguments this one does not pass
                3 => f.push(b.pick(b"Qjw!*")),
                _ => {
                    let u = b.pick(&UNITS);
                    f.extend_from_slice(u.as_bytes());
                    let (v, pick) = (b.i64(), b.u8());
                    match u {
                        "d" | "f" => args.push(Arg::Double(v as f64 / 7.0)),
                        "c" => args.push(Arg::Int(v & 0xff)),
                        "C" => args.push(Arg::Int(v % 0x120000)),
                        "s" | "y" => args.push(Arg::Ptr(cstr(pick))),
                        "z" | "U" => args.push(Arg::Ptr(if pick.is_multiple_of(5) {
                            std::ptr::null_mut()
                        } else {
                            cstr(pick)
                        })),
                        "s#" | "z#" | "y#" | "U#" => {
                            let s = CSTRS[pick as usize % CSTRS.len()];
                            args.push(Arg::Ptr(s.as_ptr() as *mut c_void));
                            // within the buffer (no callee can check a
                            // length beyond it), or -1 for "to the NUL"
                            let n = s.to_bytes().len() as i64;
                            args.push(Arg::Int(if pick.is_multiple_of(4) {
                                -1
                            } else {
                                v.rem_euclid(n + 1)
                            }));
                        }
                        "O" | "S" => {
                            let o = if pick.is_multiple_of(7) {
                                std::ptr::null_mut()
                            } else {
                                fx.obj(pick)
                            };
                            args.push(Arg::Ptr(o as *mut c_void));
                        }
                        _ => args.push(Arg::Int(v)),
                    }
                }
            }
        }
        let f = CString::new(f).expect("no NUL");
        let mut a = VecArgs::new(args);
        // SAFETY: as in `from_format`; `#` lengths are within their buffers.
        let r = unsafe { build::build_value(&f, &mut a, ssize) };
        check("Py_BuildValue", &r);
        drop(r);
        fx.release();
    })
}

/// A converter for `O&` that accepts everything.
unsafe extern "C" fn accept(_o: *mut PyObject, _addr: *mut c_void) -> std::ffi::c_int {
    1
}

/// A random argument: small, negative and big ints, a float, a str,
/// bytes, a 2-tuple, None.
fn arg_object(pick: u8) -> Owned {
    match pick % 8 {
        0 => long::from_i64(i64::from(pick)).expect("int"),
        1 => long::from_i64(-(1 << 40)).expect("int"),
        2 => crate::objects::float::from_f64(1.5).expect("float"),
        3 => unicode::from_str("x\u{e9}").expect("str"),
        4 => crate::objects::bytes::from_bytes(b"ab").expect("bytes"),
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
        _ => unsafe { Owned::from_borrowed(crate::runtime::lifecycle::none()) },
    }
}

/// `PyArg_ParseTuple` on a tuple of decoded objects and a decoded format,
/// each output pointer a 16-byte slot, `O!` given a type and `O&` a
/// converter.
pub fn parse_tuple(data: &[u8]) {
    with_runtime(|| {
        let mut b = Bytes { data, pos: 0 };
        let ssize = b.u8().is_multiple_of(2);
        let n = b.u8() % 6;
        let objs: Vec<Owned> = (0..n).map(|_| arg_object(b.u8())).collect();
        let ptrs: Vec<*mut PyObject> = objs.iter().map(|o| o.as_ptr()).collect();
        let t = tuple::new_from(&ptrs).expect("tuple");
        let mut out = vec![[0u64; 2]; 32];
        let mut slot = 0usize;
        let mut next = |out: &mut Vec<[u64; 2]>| {
            let p = out[slot % 32].as_mut_ptr() as *mut c_void;
            slot += 1;
            Arg::Ptr(p)
        };
        const UNITS: [&str; 27] = [
            "b", "B", "h", "H", "i", "I", "l", "k", "L", "K", "n", "c", "C", "f", "d", "p", "O",
            "S", "U", "s", "z", "y", "s#", "z#", "y#", "O!", "O&",
        ];
        let mut f = Vec::new();
        let mut args = Vec::new();
        while b.more() && f.len() < 100 {
            if b.u8().is_multiple_of(4) {
                f.push(b.pick(b"()|()Qj"));
                continue;
            }
            let u = b.pick(&UNITS);
            f.extend_from_slice(u.as_bytes());
            match u {
                "O!" => {
                    args.push(Arg::Ptr(
                        crate::runtime::lifecycle::long_type() as *mut c_void
                    ));
                    args.push(next(&mut out));
                }
                "O&" => {
                    args.push(Arg::Ptr(accept as *mut c_void));
                    args.push(next(&mut out));
                }
                u if u.ends_with('#') => {
                    args.push(next(&mut out));
                    args.push(next(&mut out));
                }
                _ => args.push(next(&mut out)),
            }
        }
        let f = CString::new(f).expect("no NUL");
        let mut a = VecArgs::new(args);
        // SAFETY: every output pointer is a 16-byte slot of `out`; `O!`
        // gets a type and `O&` a converter, as the format says.
        let r = unsafe { getargs::parse_tuple(t.as_ptr(), &f, &mut a, ssize, false) };
        check("PyArg_ParseTuple", &r);
    })
}

/// `PyLong_FromString` on any text (up to the first NUL) in a decoded base
/// (0, 2..=36, or an invalid one).
pub fn int_from_string(data: &[u8]) {
    with_runtime(|| {
        let (base, text) = match data.split_first() {
            Some((&b, rest)) => (i32::from(b % 40) - 1, rest),
            None => (10, data),
        };
        let text: Vec<u8> = text.iter().copied().take_while(|&c| c != 0).collect();
        let s = CString::new(text).expect("no NUL");
        let mut end: *mut std::ffi::c_char = std::ptr::null_mut();
        // SAFETY: a NUL-terminated string and a writable end pointer.
        let r = unsafe { long::from_c_string(s.as_ptr(), &mut end, base) };
        check("PyLong_FromString", &r);
        if !end.is_null() {
            // SAFETY: `end` was set inside `s` (at most at its NUL).
            let consumed = unsafe { end.offset_from(s.as_ptr()) };
            assert!(consumed >= 0 && consumed as usize <= s.as_bytes().len());
        }
    })
}

/// What the dict watcher of [`dict_ops`] saw that broke the rules.
static WATCH_VIOLATIONS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
/// Events the dict watcher of [`dict_ops`] received.
pub(crate) static WATCH_EVENTS: std::sync::atomic::AtomicUsize =
    std::sync::atomic::AtomicUsize::new(0);

/// The watcher of [`dict_ops`]: an event fires before its change, so
/// ADDED names a key not yet present and MODIFIED/DELETED one that is.
unsafe extern "C" fn dict_watch_check(
    event: std::ffi::c_int,
    d: *mut PyObject,
    key: *mut PyObject,
    _new: *mut PyObject,
) -> std::ffi::c_int {
    use std::sync::atomic::Ordering::Relaxed;
    WATCH_EVENTS.fetch_add(1, Relaxed);
    if matches!(event, 0..=2) {
        // SAFETY: the dict and key are live during the callback.
        let present = unsafe { crate::objects::dict::get(d, key) };
        let ok = matches!((event, present), (0, Ok(None)) | (1 | 2, Ok(Some(_))));
        err::clear();
        if !ok {
            WATCH_VIOLATIONS.fetch_add(1, Relaxed);
        }
    }
    0
}

/// Dict operations (set, delete, get, clear, set-default, copy, merge,
/// watch and unwatch) decoded from bytes on small int keys, against a
/// `BTreeMap` model, with a watcher checking that every event fires before
/// its change. The dict equals the model after every operation.
pub fn dict_ops(data: &[u8]) {
    use std::collections::BTreeMap;
    use std::sync::atomic::Ordering::Relaxed;
    with_runtime(|| {
        let id = crate::runtime::watchers::dict_add_watcher(Some(dict_watch_check));
        let Ok(id) = id else {
            // all eight watcher slots taken by other tests: nothing to check
            err::clear();
            return;
        };
        WATCH_VIOLATIONS.store(0, Relaxed);
        let mut b = Bytes { data, pos: 0 };
        let d = crate::objects::dict::new().expect("dict");
        let mut model: BTreeMap<i64, i64> = BTreeMap::new();
        let key = |k: i64| long::from_i64(k).expect("int");
        while b.more() {
            let op = b.u8() % 10;
            let k = i64::from(b.u8() % 16);
            let v = i64::from(b.u8());
            // SAFETY: `d` is a live dict; keys and values are live ints.
            unsafe {
                match op {
                    0..=2 => {
                        crate::objects::dict::set(d.as_ptr(), key(k).as_ptr(), key(v).as_ptr())
                            .expect("set");
                        model.insert(k, v);
                    }
                    3 | 4 => {
                        let r = crate::objects::dict::del(d.as_ptr(), key(k).as_ptr());
                        assert_eq!(r.is_ok(), model.remove(&k).is_some(), "del {k}");
                        err::clear();
                    }
                    5 => {
                        crate::objects::dict::clear(d.as_ptr());
                        model.clear();
                    }
                    6 => {
                        let r = crate::objects::dict::set_default(
                            d.as_ptr(),
                            key(k).as_ptr(),
                            key(v).as_ptr(),
                        );
                        assert!(r.is_ok(), "setdefault");
                        model.entry(k).or_insert(v);
                    }
                    7 => {
                        let c = crate::objects::dict::copy(d.as_ptr()).expect("copy");
                        assert_eq!(crate::objects::dict::len(c.as_ptr()), model.len() as isize);
                        let other = crate::objects::dict::new().expect("dict");
                        crate::objects::dict::set(other.as_ptr(), key(k).as_ptr(), key(v).as_ptr())
                            .expect("set");
                        crate::objects::dict::merge(d.as_ptr(), other.as_ptr(), v % 2 == 0)
                            .expect("merge");
                        if v % 2 == 0 {
                            model.insert(k, v);
                        } else {
                            model.entry(k).or_insert(v);
                        }
                    }
                    8 => {
                        let _ = crate::runtime::watchers::dict_watch(id, d.as_ptr());
                    }
                    _ => {
                        let _ = crate::runtime::watchers::dict_unwatch(id, d.as_ptr());
                    }
                }
                assert_eq!(
                    crate::objects::dict::len(d.as_ptr()),
                    model.len() as isize,
                    "size"
                );
                for (&mk, &mv) in &model {
                    let got = crate::objects::dict::get(d.as_ptr(), key(mk).as_ptr()).expect("get");
                    let got = got.map(|p| match long::val(p) {
                        long::Val::Small(x) => x,
                        long::Val::Big(_) => -1,
                    });
                    assert_eq!(got, Some(mv), "value of {mk}");
                }
            }
        }
        drop(d);
        crate::runtime::watchers::dict_clear_watcher(id).expect("clear watcher");
        assert_eq!(
            WATCH_VIOLATIONS.load(Relaxed),
            0,
            "an event after its change"
        );
        assert!(err::occurred().is_null());
    })
}

/// `Py_CompileStringExFlags` on the fuzzer's bytes: the first byte picks
/// the mode, the optimization level and whether the encoding declaration
/// counts; the rest is the source.
pub fn compile(data: &[u8]) {
    use crate::code::pythonrun::{self, cf, Request};
    with_runtime(|| {
        let (choice, source) = match data.split_first() {
            Some((&c, rest)) => (c, rest),
            None => (0, data),
        };
        let start = [257, 258, 256][usize::from(choice % 3)];
        let optimize = i32::from(choice / 3 % 3);
        let flags = if choice & 0x80 != 0 {
            cf::IGNORE_COOKIE
        } else {
            0
        };
        let filename = unicode::from_str("<fuzz>").expect("a str");
        let req = Request {
            source,
            filename: filename.as_ptr(),
            start,
            flags,
            optimize,
        };
        let mut merged = 0;
        // SAFETY: `filename` is a live str.
        let r = unsafe { pythonrun::compile_source(&req, &mut merged) };
        check("Py_CompileStringExFlags", &r);
    })
}

/// `marshal.loads` on the fuzzer's bytes.
pub fn marshal_loads(data: &[u8]) {
    with_runtime(|| {
        let r = crate::code::marshal::loads(data);
        check("marshal.loads", &r);
    })
}

/// `PyUnicode_Decode` on the fuzzer's bytes: the first byte picks the
/// codec, the second the error handler; a decoded str is encoded back with
/// the same codec.
pub fn decode(data: &[u8]) {
    use crate::objects::codecs;
    const CODECS: [&str; 10] = [
        "utf-8",
        "latin-1",
        "ascii",
        "utf-16",
        "utf-16-le",
        "utf-16-be",
        "utf-32",
        "utf-32-le",
        "utf-32-be",
        "utf8",
    ];
    const ERRORS: [&str; 8] = [
        "strict",
        "replace",
        "ignore",
        "surrogateescape",
        "backslashreplace",
        "surrogatepass",
        "xmlcharrefreplace",
        "no-such-handler",
    ];
    with_runtime(|| {
        let mut b = Bytes { data, pos: 0 };
        let codec = b.pick(&CODECS);
        let errors = b.pick(&ERRORS);
        let body = &data[data.len().min(2)..];
        let r = codecs::decode_bytes(body, Some(codec), Some(errors));
        let decoded = r.as_ref().ok().cloned();
        check("PyUnicode_Decode", &r);
        if let Some(s) = decoded {
            if codec == "utf-8" && errors == "strict" {
                // SAFETY: `s` is a live str.
                let text = unsafe { unicode::as_str(s.as_ptr()) };
                assert_eq!(
                    Some(text.as_ref()),
                    std::str::from_utf8(body).ok(),
                    "strict UTF-8 decoding differs from Rust's"
                );
            }
            // SAFETY: `s` is a live str.
            let back = unsafe { codecs::encode_to_bytes(s.as_ptr(), Some(codec), Some(errors)) };
            check("PyUnicode_AsEncodedString", &back);
        }
    })
}
