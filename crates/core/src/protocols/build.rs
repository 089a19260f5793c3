//! `Py_BuildValue`: builds objects from a format string and C arguments,
//! with every format unit of CPython 3.12. On an error the remaining
//! arguments are still consumed and the objects passed with `N` are
//! released, as CPython does, so no reference leaks.

use crate::objects::object::*;
use crate::protocols::varargs::VaArgs;
use crate::runtime::err::{self, PyResult, Raised};
use crate::{
    objects::bytes, objects::dict, objects::float, objects::list, objects::long, objects::tuple,
    objects::unicode, runtime::lifecycle,
};
use std::ffi::{c_void, CStr};

/// `O&` converter: `PyObject *(*)(void *)`.
type Converter = unsafe extern "C" fn(*mut c_void) -> *mut PyObject;

struct Builder<'a, A: VaArgs> {
    fmt: &'a [u8],
    pos: usize,
    args: &'a mut A,
    /// Whether `#` lengths are `Py_ssize_t` (the `_SizeT` entry points).
    ssize_lengths: bool,
    /// The first error; once set, later units only consume arguments.
    failed: Option<Raised>,
}

/// Builds a value (`Py_BuildValue` semantics): no units gives `None`, one
/// unit its object, several a tuple.
///
/// # Safety
/// `fmt` must be a valid format and `args` must yield arguments of the types
/// it announces (the C caller's contract).
pub unsafe fn build_value<A: VaArgs>(
    fmt: &CStr,
    args: &mut A,
    ssize_lengths: bool,
) -> PyResult<Owned> {
    let mut b = Builder {
        fmt: fmt.to_bytes(),
        pos: 0,
        args,
        ssize_lengths,
        failed: None,
    };
    // SAFETY: forwarded.
    let items = unsafe { b.items(None) };
    if let Some(e) = b.failed {
        return Err(e);
    }
    let mut items = items?;
    match items.len() {
        0 => Ok(none()),
        1 => Ok(items.pop().expect("one item")),
        _ => tuple::from_owned(items),
    }
}

/// Builds an argument value for the `CallFunction`/`CallMethod` family:
/// `None` when the format is empty.
///
/// # Safety
/// As for [`build_value`].
pub unsafe fn build_args<A: VaArgs>(
    fmt: &CStr,
    args: &mut A,
    ssize_lengths: bool,
) -> PyResult<Option<Owned>> {
    if fmt.to_bytes().is_empty() {
        return Ok(None);
    }
    // SAFETY: forwarded.
    unsafe { build_value(fmt, args, ssize_lengths).map(Some) }
}

fn none() -> Owned {
    // SAFETY: None is immortal.
    unsafe { Owned::from_raw(lifecycle::none()) }
}

impl<A: VaArgs> Builder<'_, A> {
    /// Records the first error; later ones are not even raised, so the
    /// caller sees the first failure as CPython reports it.
    fn fail(&mut self, raise: impl FnOnce() -> Raised) {
        if self.failed.is_none() {
            self.failed = Some(raise());
        }
    }

    /// Items until `close` (or the end); consumes the closing char.
    unsafe fn items(&mut self, close: Option<u8>) -> PyResult<Vec<Owned>> {
        let mut out = Vec::new();
        loop {
            let Some(&c) = self.fmt.get(self.pos) else {
                if close.is_some() {
                    self.fail(|| err::system_error("unmatched paren in format"));
                }
                return Ok(out);
            };
            // A separator directly before the closer is an error in CPython.
            if close.is_some() {
                let mut j = self.pos;
                while matches!(self.fmt.get(j), Some(b' ' | b'\t' | b',' | b':')) {
                    j += 1;
                }
                if j > self.pos && self.fmt.get(j) == close.as_ref() {
                    self.pos = j + 1;
                    self.fail(|| err::system_error("Unmatched paren in format"));
                    return Ok(out);
                }
            }
            if Some(c) == close {
                self.pos += 1;
                return Ok(out);
            }
            if close.is_none() && matches!(c, b')' | b']' | b'}') {
                // Top level: what follows the last item is ignored, as CPython
                // only builds the items it counted.
                return Ok(out);
            }
            if matches!(c, b' ' | b'\t' | b',' | b':') {
                self.pos += 1;
                continue;
            }
            // SAFETY: forwarded.
            if let Some(o) = unsafe { self.unit() } {
                if self.failed.is_none() {
                    out.push(o);
                }
            }
        }
    }

    fn has_hash(&mut self) -> bool {
        if self.fmt.get(self.pos) == Some(&b'#') {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn length(&mut self) -> isize {
        if self.ssize_lengths {
            self.args.ssize()
        } else {
            self.args.int() as isize
        }
    }

    fn keep(&mut self, r: PyResult<Owned>) -> Option<Owned> {
        match r {
            Ok(o) => Some(o),
            Err(e) => {
                self.fail(|| e);
                None
            }
        }
    }

    /// One unit; `None` if it failed (or we are only consuming).
    unsafe fn unit(&mut self) -> Option<Owned> {
        let c = self.fmt[self.pos];
        self.pos += 1;
        let skipping = self.failed.is_some();
        // SAFETY: the caller's arguments match the format (C contract).
        unsafe {
            match c {
                b'(' => {
                    let v = self.items(Some(b')')).ok()?;
                    if skipping || self.failed.is_some() {
                        return None;
                    }
                    let r = tuple::from_owned(v);
                    self.keep(r)
                }
                b'[' => {
                    let v = self.items(Some(b']')).ok()?;
                    if skipping || self.failed.is_some() {
                        return None;
                    }
                    let r = list::from_owned(v);
                    self.keep(r)
                }
                b'{' => {
                    let v = self.items(Some(b'}')).ok()?;
                    if skipping || self.failed.is_some() {
                        return None;
                    }
                    if v.len() % 2 != 0 {
                        self.fail(|| err::system_error("Bad dict format"));
                        return None;
                    }
                    let r = (|| {
                        let d = dict::new()?;
                        for kv in v.chunks(2) {
                            dict::set(d.as_ptr(), kv[0].as_ptr(), kv[1].as_ptr())?;
                        }
                        Ok(d)
                    })();
                    self.keep(r)
                }
                b'b' | b'B' | b'h' | b'i' => {
                    let v = self.args.int();
                    self.int_result(skipping, i64::from(v))
                }
                b'H' => {
                    let v = self.args.uint();
                    self.int_result(skipping, i64::from(v))
                }
                b'I' => {
                    let v = self.args.uint();
                    self.int_result(skipping, i64::from(v))
                }
                b'n' => {
                    let v = self.args.ssize();
                    self.int_result(skipping, v as i64)
                }
                b'l' => {
                    let v = self.args.long();
                    self.int_result(skipping, v)
                }
                b'k' => {
                    let v = self.args.ulong();
                    if skipping {
                        return None;
                    }
                    let r = long::from_u64(v);
                    self.keep(r)
                }
                b'L' => {
                    let v = self.args.longlong();
                    self.int_result(skipping, v)
                }
                b'K' => {
                    let v = self.args.ulonglong();
                    if skipping {
                        return None;
                    }
                    let r = long::from_u64(v);
                    self.keep(r)
                }
                b'f' | b'd' => {
                    let v = self.args.double();
                    if skipping {
                        return None;
                    }
                    let r = float::from_f64(v);
                    self.keep(r)
                }
                b'D' => {
                    let p = self.args.ptr() as *const crate::objects::complexobject::Py_complex;
                    if skipping {
                        return None;
                    }
                    // The format promises a `Py_complex *` here.
                    let r = crate::objects::complexobject::from_c(p.read());
                    self.keep(r)
                }
                b'c' => {
                    let v = self.args.int() as u8;
                    if skipping {
                        return None;
                    }
                    let r = bytes::from_bytes(&[v]);
                    self.keep(r)
                }
                b'C' => {
                    let v = self.args.int() as u32;
                    if skipping {
                        return None;
                    }
                    let r = match unicode::from_code_point(v) {
                        Some(r) => r,
                        None => Err(err::value_error("chr() arg not in range(0x110000)")),
                    };
                    self.keep(r)
                }
                b's' | b'z' | b'U' | b'y' => {
                    let p = self.args.cstr();
                    let hash = self.has_hash();
                    let n = if hash { self.length() } else { -1 };
                    if skipping {
                        return None;
                    }
                    if hash && !self.ssize_lengths {
                        self.fail(|| {
                            err::system_error(
                                "PY_SSIZE_T_CLEAN macro must be defined for '#' formats",
                            )
                        });
                        return None;
                    }
                    if p.is_null() {
                        return Some(none());
                    }
                    let data: &[u8] = if n >= 0 {
                        std::slice::from_raw_parts(p as *const u8, n as usize)
                    } else {
                        CStr::from_ptr(p).to_bytes()
                    };
                    let r = if c == b'y' {
                        bytes::from_bytes(data)
                    } else {
                        unicode::from_utf8(data)
                    };
                    self.keep(r)
                }
                b'u' => {
                    let p = self.args.ptr() as *const u32;
                    let hash = self.has_hash();
                    let n = if hash { self.length() } else { -1 };
                    if skipping {
                        return None;
                    }
                    if p.is_null() {
                        return Some(none());
                    }
                    let mut len = 0usize;
                    if n >= 0 {
                        len = n as usize;
                    } else {
                        while *p.add(len) != 0 {
                            len += 1;
                        }
                    }
                    let wide = std::slice::from_raw_parts(p, len);
                    let r = if let Some(&bad) = wide.iter().find(|&&w| w > 0x10ffff) {
                        Err(err::value_error(&format!(
                            "character U+{bad:x} is not in range [U+0000; U+10ffff]"
                        )))
                    } else {
                        let mut b = Vec::with_capacity(len);
                        for &w in wide {
                            unicode::push_code_point(&mut b, w);
                        }
                        unicode::from_wtf8(&b)
                    };
                    self.keep(r)
                }
                b'N' | b'S' | b'O' => {
                    if c == b'O' && self.fmt.get(self.pos) == Some(&b'&') {
                        self.pos += 1;
                        let conv = self.args.ptr();
                        let arg = self.args.ptr();
                        if skipping {
                            return None;
                        }
                        // SAFETY: the C caller passes a converter function.
                        let f: Converter = std::mem::transmute::<*mut c_void, Converter>(conv);
                        let r = err::from_ptr(f(arg));
                        return self.keep(r);
                    }
                    let o = self.args.ptr() as *mut PyObject;
                    if skipping {
                        if c == b'N' {
                            xdecref(o);
                        }
                        return None;
                    }
                    if o.is_null() {
                        if err::occurred().is_null() {
                            self.fail(|| err::system_error("NULL object passed to Py_BuildValue"));
                        } else {
                            self.fail(Raised::assume);
                        }
                        return None;
                    }
                    Some(if c == b'N' {
                        Owned::from_raw(o)
                    } else {
                        Owned::from_borrowed(o)
                    })
                }
                _ => {
                    self.fail(|| err::system_error("bad format char passed to Py_BuildValue"));
                    // Stop: the argument layout is unknown from here on.
                    self.pos = self.fmt.len();
                    None
                }
            }
        }
    }

    fn int_result(&mut self, skipping: bool, v: i64) -> Option<Owned> {
        if skipping {
            return None;
        }
        let r = long::from_i64(v);
        self.keep(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocols::varargs::{Arg, VecArgs};
    use crate::runtime::testing::with_runtime;

    fn built(fmt: &CStr, args: Vec<Arg>) -> Result<String, String> {
        let mut a = VecArgs::new(args);
        // SAFETY: the recorded arguments match each format below.
        match unsafe { build_value(fmt, &mut a, true) } {
            // SAFETY: `o` is a live object owned here.
            Ok(o) => Ok(unsafe { crate::protocols::abstract_::repr_string(o.as_ptr()) }.unwrap()),
            Err(_) => {
                let e = err::take();
                // SAFETY: `e` is the live exception just taken.
                let s = unsafe {
                    crate::protocols::abstract_::str(e)
                        .map(|s| unicode::as_str(s.as_ptr()).into_owned())
                };
                // SAFETY: we own the taken exception.
                unsafe { xdecref(e) };
                Err(s.unwrap_or_default())
            }
        }
    }

    #[test]
    fn nested_values() {
        with_runtime(|| {
            let s = c"abc".as_ptr() as *mut c_void;
            assert_eq!(
                built(
                    c"(i[s#]{s:d})",
                    vec![
                        Arg::Int(1),
                        Arg::Ptr(s),
                        Arg::Int(2),
                        Arg::Ptr(s),
                        Arg::Double(2.5)
                    ]
                ),
                Ok("(1, ['ab'], {'abc': 2.5})".to_string())
            );
            assert_eq!(built(c"", vec![]), Ok("None".to_string()));
            assert_eq!(
                built(c"ii", vec![Arg::Int(1), Arg::Int(2)]),
                Ok("(1, 2)".to_string())
            );
            assert_eq!(
                built(c"H", vec![Arg::Int(-1)]),
                Ok("4294967295".to_string())
            );
        });
    }

    #[test]
    fn errors_match_cpython() {
        with_runtime(|| {
            assert_eq!(
                built(c"(i,)", vec![Arg::Int(1)]),
                Err("Unmatched paren in format".into())
            );
            assert_eq!(
                built(c"(i", vec![Arg::Int(1)]),
                Err("unmatched paren in format".into())
            );
            assert_eq!(
                built(c"q", vec![]),
                Err("bad format char passed to Py_BuildValue".into())
            );
        });
    }
}
