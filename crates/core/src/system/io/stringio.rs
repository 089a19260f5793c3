//! `_io.StringIO`: a text stream over code points in memory, with the
//! newline modes of CPython's (`None`: `\r\n` and `\r` written as `\n`;
//! `''`: kept, lines split at any ending; `'\r'`/`'\r\n'`: `\n` written
//! as that ending), `newlines`, and CPython's argument errors.

use super::textio::{code_points, find_line_end, from_cps, Nl, ReadNl};
use super::*;
use crate::objects::list;
use crate::protocols::clinic::pos_opt;

/// The state of a `StringIO`.
#[derive(Default)]
pub(crate) struct StrState {
    ok: bool,
    buf: Vec<u32>,
    pos: usize,
    closed: bool,
    /// The newline decoder run over written text (universal modes).
    nl: Option<Nl>,
    readnl: Option<ReadNl>,
    writenl: Option<Vec<u32>>,
}

impl State for StrState {
    const KIND: Kind = Kind::Str;
}

/// The open, initialized state of `o`.
unsafe fn st<'a>(o: *mut PyObject) -> PyResult<&'a mut StrState> {
    // SAFETY: forwarded.
    let s = unsafe { state::<StrState>(o)? };
    if !s.ok {
        return Err(err::value_error("I/O operation on uninitialized object"));
    }
    if s.closed {
        return Err(err::value_error("I/O operation on closed file"));
    }
    Ok(s)
}

/// Writes text at the position, after the newline translation.
fn write_cps(s: &mut StrState, mut c: Vec<u32>) {
    if let Some(nl) = &mut s.nl {
        let mut ends = vec![0; c.len()];
        nl.decode(&mut c, &mut ends, true);
    }
    if let Some(w) = &s.writenl {
        if c.contains(&(b'\n' as u32)) {
            let mut out = Vec::with_capacity(c.len() + 8);
            for ch in c {
                if ch == b'\n' as u32 {
                    out.extend_from_slice(w);
                } else {
                    out.push(ch);
                }
            }
            c = out;
        }
    }
    if c.is_empty() {
        return;
    }
    let end = s.pos + c.len();
    if s.buf.len() < end {
        s.buf.resize(end, 0);
    }
    s.buf[s.pos..end].copy_from_slice(&c);
    s.pos = end;
}

/// The next line, at most `limit` characters for `limit >= 0`.
fn line(s: &mut StrState, limit: isize) -> Vec<u32> {
    let start = s.pos.min(s.buf.len());
    let rest = &s.buf[start..];
    let rule = s.readnl.clone().unwrap_or(ReadNl::Translated);
    let mut end = find_line_end(rest, &rule, true).unwrap_or(rest.len());
    if limit >= 0 {
        end = end.min(limit as usize);
    }
    s.pos = start + end;
    rest[..end].to_vec()
}

unsafe extern "C" fn stringio_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> c_int {
    static SIG: Sig = Sig::new("StringIO", &[arg_opt("initial_value"), arg_opt("newline")]);
    // SAFETY: tp_init contract.
    unsafe {
        let r = (|| -> PyResult<()> {
            let a = SIG.bind_call::<2>(args, kw)?;
            let newline: Option<String> = match a.get(1) {
                None => Some("\n".into()),
                Some(v) if v == lifecycle::none() => None,
                Some(v) if unicode::check(v) => Some(text(v)),
                Some(v) => {
                    return Err(err::type_error(&format!(
                        "newline must be str or None, not {}",
                        typeobj::type_name_of(v)
                    )))
                }
            };
            if let Some(n) = &newline {
                if !matches!(n.as_str(), "" | "\n" | "\r" | "\r\n") {
                    let r = abstract_::repr_string(a.req(1))?;
                    return Err(err::value_error(&format!("illegal newline value: {r}")));
                }
            }
            let init = match a.get(0) {
                None => None,
                Some(v) if v == lifecycle::none() => None,
                Some(v) if unicode::check(v) => Some(code_points(v)),
                Some(v) => {
                    return Err(err::type_error(&format!(
                        "initial_value must be str or None, not {}",
                        typeobj::type_name_of(v)
                    )))
                }
            };
            let readuniversal = newline.as_deref().is_none_or(|n| n.is_empty());
            let readtranslate = newline.is_none();
            let mut s = StrState {
                ok: true,
                readnl: Some(if readtranslate {
                    ReadNl::Translated
                } else if readuniversal {
                    ReadNl::Universal
                } else {
                    ReadNl::Exact(
                        newline
                            .as_deref()
                            .unwrap_or("\n")
                            .chars()
                            .map(|c| c as u32)
                            .collect(),
                    )
                }),
                writenl: match newline.as_deref() {
                    Some(n @ ("\r" | "\r\n")) => Some(n.chars().map(|c| c as u32).collect()),
                    _ => None,
                },
                nl: readuniversal.then(|| Nl::with_translate(readtranslate)),
                ..Default::default()
            };
            if let Some(c) = init {
                write_cps(&mut s, c);
                s.pos = 0;
            }
            set_state(op, s);
            Ok(())
        })();
        match r {
            Ok(()) => 0,
            Err(e) => e.into(),
        }
    }
}

fastcall! {
    /// `getvalue()`.
    fn s_getvalue(o, _a = Sig::new("getvalue", &[])) {
        from_cps(&st(o)?.buf)
    }
}
fastcall! {
    /// `read(size=-1, /)`.
    fn s_read(o, a = Sig::new("read", &[pos_opt("size")])) {
        let s = st(o)?;
        let n = size_arg(a.get(0), -1)?;
        let start = s.pos.min(s.buf.len());
        let end = if n < 0 { s.buf.len() } else { (start + n as usize).min(s.buf.len()) };
        s.pos = s.pos.max(end);
        from_cps(&s.buf[start..end])
    }
}
fastcall! {
    /// `readline(size=-1, /)`.
    fn s_readline(o, a = Sig::new("readline", &[pos_opt("size")])) {
        let s = st(o)?;
        let n = size_arg(a.get(0), -1)?;
        from_cps(&line(s, n))
    }
}
fastcall! {
    /// `readlines(hint=-1, /)`.
    fn s_readlines(o, a = Sig::new("readlines", &[pos_opt("hint")])) {
        let s = st(o)?;
        let hint = size_arg(a.get(0), -1)?;
        let out = list::new(0)?;
        let mut total = 0isize;
        loop {
            let l = line(s, -1);
            if l.is_empty() {
                break;
            }
            total += l.len() as isize;
            list::append(out.as_ptr(), from_cps(&l)?.as_ptr())?;
            if hint > 0 && total >= hint {
                break;
            }
        }
        Ok(out)
    }
}
fastcall! {
    /// `write(s, /)`.
    fn s_write(o, a = Sig::new("write", &[crate::protocols::clinic::pos("s")])) {
        let t = a.req(0);
        if !unicode::check(t) {
            return Err(err::type_error(&format!(
                "string argument expected, got '{}'", typeobj::type_name_of(t))));
        }
        let s = st(o)?;
        let n = unicode::len_chars(t);
        write_cps(s, code_points(t));
        int(n as i64)
    }
}
fastcall! {
    /// `seek(pos, whence=0, /)`.
    fn s_seek(o, a = Sig::new("seek", &[crate::protocols::clinic::pos("pos"), pos_opt("whence")])) {
        let s = st(o)?;
        let pos = a.ssize(0, 0)?;
        let whence = a.ssize(1, 0)?;
        if !(0..=2).contains(&whence) {
            return Err(err::value_error(&format!("Invalid whence ({whence}, should be 0, 1 or 2)")));
        }
        if pos < 0 && whence == 0 {
            return Err(err::value_error(&format!("Negative seek position {pos}")));
        }
        if whence != 0 && pos != 0 {
            return Err(err::raise(Exc::OSError, "Can't do nonzero cur-relative seeks"));
        }
        let p = match whence { 1 => s.pos, 2 => s.buf.len(), _ => pos as usize };
        s.pos = p;
        int(p as i64)
    }
}
fastcall! {
    /// `tell()`.
    fn s_tell(o, _a = Sig::new("tell", &[])) {
        int(st(o)?.pos as i64)
    }
}
fastcall! {
    /// `truncate(pos=None, /)`.
    fn s_truncate(o, a = Sig::new("truncate", &[pos_opt("pos")])) {
        let s = st(o)?;
        let n = size_arg(a.get(0), s.pos as isize)?;
        if n < 0 {
            return Err(err::value_error(&format!("Negative size value {n}")));
        }
        if (n as usize) < s.buf.len() {
            s.buf.truncate(n as usize);
        }
        int(n as i64)
    }
}
fastcall! {
    /// `readable()`/`writable()`/`seekable()`: True while open.
    fn s_true(o, _a = Sig::new("readable", &[])) {
        st(o)?;
        Ok(long::bool_from(true))
    }
}
fastcall! {
    /// `close()`.
    fn s_close(o, _a = Sig::new("close", &[])) {
        let s = state::<StrState>(o)?;
        s.closed = true;
        s.buf = Vec::new();
        Ok(none())
    }
}

unsafe extern "C" fn get_closed(o: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getter on a live object.
    err::into_ptr(unsafe {
        state::<StrState>(o).and_then(|s| {
            if !s.ok {
                return Err(err::value_error("I/O operation on uninitialized object"));
            }
            Ok(long::bool_from(s.closed))
        })
    })
}
unsafe extern "C" fn get_line_buffering(o: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getter on a live object.
    err::into_ptr(unsafe { st(o).map(|_| long::bool_from(false)) })
}
unsafe extern "C" fn get_newlines(o: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getter on a live object.
    err::into_ptr(unsafe {
        st(o).and_then(|s| match &s.nl {
            Some(nl) => nl.newlines(),
            None => Ok(none()),
        })
    })
}

unsafe extern "C" fn stringio_iternext(o: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live object.
    unsafe {
        let exact = (*o).ob_type == TYPE;
        let l = if exact {
            match st(o) {
                Ok(s) => from_cps(&line(s, -1)),
                Err(e) => Err(e),
            }
        } else {
            call_method(o, "readline", &[]).and_then(|l| {
                if !unicode::check(l.as_ptr()) {
                    return Err(err::raise(
                        Exc::OSError,
                        &format!(
                            "readline() should have returned a str object, not '{}'",
                            typeobj::type_name_of(l.as_ptr())
                        ),
                    ));
                }
                Ok(l)
            })
        };
        match l {
            Ok(l) if unicode::len_chars(l.as_ptr()) == 0 => ptr::null_mut(),
            Ok(l) => l.into_raw(),
            Err(e) => e.into(),
        }
    }
}

static mut TYPE: *mut PyTypeObject = ptr::null_mut();

static mut METHODS: [PyMethodDef; 17] = [
    def(c"getvalue", s_getvalue),
    def(c"read", s_read),
    def(c"readline", s_readline),
    def(c"readlines", s_readlines),
    def(c"write", s_write),
    def(c"seek", s_seek),
    def(c"tell", s_tell),
    def(c"truncate", s_truncate),
    def(c"readable", s_true),
    def(c"writable", s_true),
    def(c"seekable", s_true),
    def(c"close", s_close),
    typeobj::METHOD_END,
    typeobj::METHOD_END,
    typeobj::METHOD_END,
    typeobj::METHOD_END,
    typeobj::METHOD_END,
];

static mut GETSET: [PyGetSetDef; 4] = [
    typeobj::getset(c"closed", Some(get_closed)),
    typeobj::getset(c"line_buffering", Some(get_line_buffering)),
    typeobj::getset(c"newlines", Some(get_newlines)),
    typeobj::GETSET_END,
];

/// Makes `StringIO`.
pub(crate) unsafe fn init_type(out: &mut Vec<(&'static str, *mut PyTypeObject)>) -> PyResult<()> {
    // SAFETY: start-up under the GIL.
    unsafe {
        let mut s = super::iobase::spec(
            c"_io.StringIO",
            super::iobase::text_type(),
            c"Text I/O implementation using an in-memory buffer.",
        );
        s.methods = ptr::addr_of_mut!(METHODS).cast();
        s.getset = ptr::addr_of_mut!(GETSET).cast();
        s.new = Some(new_with::<StrState>);
        s.init = Some(stringio_init);
        s.iternext = Some(stringio_iternext);
        TYPE = make_type(s)?;
        out.push(("StringIO", TYPE));
        Ok(())
    }
}
