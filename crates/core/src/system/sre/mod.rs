//! The `_sre` module of CPython 3.12.1, under the pure-Python `re`
//! package: `compile` (code from `re._compiler` to a `re.Pattern`),
//! `template` (3.12's replacement templates), the case helpers, the
//! constants; the types `re.Pattern`, `re.Match`, `_sre.SRE_Scanner` and
//! `_sre.SRE_Template`, with CPython's methods, attributes, reprs and
//! errors. The matching itself is in [`engine`].
//!
//! A subject is read in place: a `str` through its PEP 393 data (one,
//! two or four bytes a character), anything else through a simple
//! buffer, held while the matcher runs (and, for `sub`, until the
//! replacement is built, as CPython holds it).

pub mod engine;

use crate::objects::descr;
use crate::objects::genericaliasobject::CLASS_GETITEM_DEF;
use crate::objects::member::{readonly_object_member, t, MEMBER_END};
use crate::objects::object::*;
use crate::objects::typeobj::{
    self, flags, PyGetSetDef, PyMappingMethods, PyMemberDef, PyMethodDef, PyTypeObject,
};
use crate::protocols::buffer::{self, PyBuffer};
use crate::protocols::clinic::{arg, arg_opt, def, fastcall, fastcall_varargs, pos, pos_opt, Sig};
use crate::runtime::err::{self, PyResult};
use crate::{
    objects::bytes, objects::dict, objects::exceptions, objects::iterobject, objects::list,
    objects::long, objects::module, objects::tuple, objects::unicode, protocols::abstract_,
    protocols::call, protocols::number, runtime::gc, runtime::lifecycle,
};
use engine::{Found, Matcher, Stop};
use std::ffi::{c_int, c_void};
use std::ptr;

const MAGIC: i64 = 20221023;
const COPYRIGHT: &str = " SRE 2.2.2 Copyright (c) 1997-2002 by Secret Labs AB ";

const FLAG_IGNORECASE: c_int = 2;
const FLAG_LOCALE: c_int = 4;
const FLAG_MULTILINE: c_int = 8;
const FLAG_DOTALL: c_int = 16;
const FLAG_UNICODE: c_int = 32;
const FLAG_VERBOSE: c_int = 64;
const FLAG_DEBUG: c_int = 128;
const FLAG_ASCII: c_int = 256;

// ---- layouts ---------------------------------------------------------------

/// `re.Pattern`.
#[repr(C)]
struct Pattern {
    ob_base: PyObject,
    /// The pattern string (str, bytes or None).
    pattern: *mut PyObject,
    /// Names to group numbers (a dict), or NULL.
    groupindex: *mut PyObject,
    /// Group numbers to names (a tuple), or NULL.
    indexgroup: *mut PyObject,
    /// The code (a boxed vector).
    code: *mut Vec<u32>,
    groups: isize,
    flags: c_int,
    /// 1 for bytes, 0 for str, -1 for a None pattern.
    isbytes: c_int,
    weakreflist: *mut PyObject,
}

/// `re.Match`.
#[repr(C)]
struct Match {
    ob_base: PyObject,
    string: *mut PyObject,
    pattern: *mut PyObject,
    regs: *mut PyObject,
    pos: isize,
    endpos: isize,
    lastindex: isize,
    /// Two marks a group, group 0 first; -1 where unset (boxed).
    marks: *mut Vec<isize>,
}

/// `_sre.SRE_Scanner`.
#[repr(C)]
struct Scanner {
    ob_base: PyObject,
    pattern: *mut PyObject,
    string: *mut PyObject,
    /// Where the next match is looked for; -1 once exhausted.
    start: isize,
    pos: isize,
    endpos: isize,
    must_advance: bool,
    executing: bool,
    /// The subject, read in place for the scanner's life (a bytes-like
    /// subject's buffer stays exported, as CPython's scanner holds it).
    subject: *mut Subject,
}

/// `_sre.SRE_Template`: the first literal, then (group, literal) pairs
/// (empty literals as NULL).
#[repr(C)]
struct Template {
    ob_base: PyObject,
    literal: *mut PyObject,
    items: *mut Vec<(isize, *mut PyObject)>,
}

static mut PATTERN_TYPE: *mut PyTypeObject = ptr::null_mut();
static mut MATCH_TYPE: *mut PyTypeObject = ptr::null_mut();
static mut SCANNER_TYPE: *mut PyTypeObject = ptr::null_mut();
static mut TEMPLATE_TYPE: *mut PyTypeObject = ptr::null_mut();

fn ty(t: *const *mut PyTypeObject) -> *mut PyTypeObject {
    // SAFETY: written once under the GIL at the first import.
    unsafe { *t }
}
fn pattern_type() -> *mut PyTypeObject {
    ty(ptr::addr_of!(PATTERN_TYPE))
}
fn match_type() -> *mut PyTypeObject {
    ty(ptr::addr_of!(MATCH_TYPE))
}
fn scanner_type() -> *mut PyTypeObject {
    ty(ptr::addr_of!(SCANNER_TYPE))
}
fn template_type() -> *mut PyTypeObject {
    ty(ptr::addr_of!(TEMPLATE_TYPE))
}

fn none() -> Owned {
    // SAFETY: None is immortal.
    unsafe { Owned::from_borrowed(lifecycle::none()) }
}

/// A new zeroed object of `t` (a GC type, tracked by `tp_alloc`).
unsafe fn alloc(t: *mut PyTypeObject) -> PyResult<Owned> {
    // SAFETY: forwarded; `tp_alloc` gives a zeroed object.
    unsafe {
        match (*t).tp_alloc.or(lifecycle::c_api_slots().alloc) {
            Some(f) => err::from_ptr(f(t, 0)),
            None => Err(err::system_error("type has no tp_alloc")),
        }
    }
}

unsafe fn free(op: *mut PyObject) {
    // SAFETY: a dead object of a ready type.
    unsafe {
        match (*(*op).ob_type).tp_free {
            Some(f) => f(op as *mut c_void),
            None => crate::runtime::alloc::free_object(op),
        }
    }
}

unsafe fn clear_field(f: *mut *mut PyObject) {
    // SAFETY: the field holds NULL or an owned reference.
    unsafe {
        let old = std::mem::replace(&mut *f, ptr::null_mut());
        if !old.is_null() {
            decref(old);
        }
    }
}

fn internal_error() -> err::Raised {
    err::raise(
        exceptions::Exc::RuntimeError,
        "internal error in regular expression engine",
    )
}

// ---- subjects --------------------------------------------------------------

/// A subject's characters, read in place (`getstring`).
struct Subject {
    data: *const u8,
    len: usize,
    /// Bytes a character (1, 2, 4).
    kind: usize,
    isbytes: bool,
    view: Option<Box<PyBuffer>>,
}

impl Drop for Subject {
    fn drop(&mut self) {
        if let Some(v) = self.view.as_mut() {
            // SAFETY: the view was filled by `buffer::get`.
            unsafe { buffer::release(&mut **v) };
        }
    }
}

/// `getstring`: a str, or an object with a buffer.
unsafe fn subject(string: *mut PyObject) -> PyResult<Subject> {
    // SAFETY: `string` live; a str's data outlives the subject, which
    // its caller holds no longer than its reference to `string`.
    unsafe {
        if unicode::check(string) {
            return Ok(Subject {
                data: unicode::data(string),
                len: unicode::len_chars(string) as usize,
                kind: unicode::kind(string),
                isbytes: false,
                view: None,
            });
        }
        let mut view: Box<PyBuffer> = Box::new(std::mem::zeroed());
        if !buffer::check(string) || buffer::get(string, &mut *view, 0).is_err() {
            err::clear();
            return Err(err::type_error(&format!(
                "expected string or bytes-like object, got '{}'",
                trunc(&typeobj::type_name_of(string), 200)
            )));
        }
        let len = view.len.max(0) as usize;
        let data = view.buf as *const u8;
        if data.is_null() {
            buffer::release(&mut *view);
            return Err(err::value_error("Buffer is NULL"));
        }
        Ok(Subject {
            data,
            len,
            kind: 1,
            isbytes: true,
            view: Some(view),
        })
    }
}

/// One search or match over a subject.
struct Run<'c> {
    code: &'c [u32],
    groups: usize,
    end: usize,
    match_all: bool,
    must_advance: bool,
    search: bool,
}

impl Subject {
    fn run(&self, r: &Run<'_>, start: usize) -> PyResult<Option<Found>> {
        macro_rules! go {
            ($t:ty) => {{
                let s: &[$t] = if self.len == 0 {
                    &[]
                } else {
                    // SAFETY: the subject's data holds `len` characters of
                    // this width, aligned (PEP 393 data, or bytes).
                    unsafe { std::slice::from_raw_parts(self.data as *const $t, self.len) }
                };
                let mut m = Matcher::new(r.code, r.groups, s, r.end);
                m.set_interrupt(&check_signals);
                m.match_all = r.match_all;
                m.must_advance = r.must_advance;
                if r.search {
                    m.search(start)
                } else {
                    m.match_at(start)
                }
            }};
        }
        let res = match self.kind {
            1 => go!(u8),
            2 => go!(u16),
            _ => go!(u32),
        };
        res.map_err(|e| match e {
            Stop::BadCode => internal_error(),
            Stop::Interrupted => err::Raised::assume(),
        })
    }

    /// `getslice`: characters `i..j` as a str or bytes.
    unsafe fn slice(&self, string: *mut PyObject, i: usize, j: usize) -> PyResult<Owned> {
        // SAFETY: `string` is the subject's object; `i <= j <= len`.
        unsafe {
            let j = j.min(self.len);
            let i = i.min(j);
            if self.isbytes {
                if (*string).ob_type == lifecycle::bytes_type() && i == 0 && j == self.len {
                    return Ok(Owned::from_borrowed(string));
                }
                bytes::from_bytes(std::slice::from_raw_parts(self.data.add(i), j - i))
            } else {
                unicode::substring(string, i as isize, j as isize)
            }
        }
    }
}

/// The engine's interruption check: `PyErr_CheckSignals` (a handler
/// that raises, as SIGINT's, stops the match with its exception).
fn check_signals() -> bool {
    // SAFETY: the engine runs with the GIL held.
    unsafe { crate::runtime::signals::check().is_err() }
}

fn trunc(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

// ---- pattern helpers ---------------------------------------------------------

unsafe fn pat<'a>(op: *mut PyObject) -> &'a Pattern {
    // SAFETY: `op` a live pattern.
    unsafe { &*(op as *mut Pattern) }
}

unsafe fn code_of<'a>(p: &Pattern) -> &'a [u32] {
    // SAFETY: the code box lives as long as the pattern.
    unsafe { p.code.as_ref().map_or(&[][..], |v| &v[..]) }
}

/// `state_init`'s checks and bounds: the subject and the clamped
/// `pos`/`endpos`.
unsafe fn state_init(
    p: &Pattern,
    string: *mut PyObject,
    pos: isize,
    endpos: isize,
) -> PyResult<(Subject, usize, usize)> {
    // SAFETY: forwarded.
    unsafe {
        let s = subject(string)?;
        if s.isbytes && p.isbytes == 0 {
            return Err(err::type_error(
                "cannot use a string pattern on a bytes-like object",
            ));
        }
        if !s.isbytes && p.isbytes > 0 {
            return Err(err::type_error(
                "cannot use a bytes pattern on a string-like object",
            ));
        }
        let len = s.len as isize;
        let start = pos.clamp(0, len) as usize;
        let end = endpos.clamp(0, len) as usize;
        Ok((s, start, end))
    }
}

/// `pattern_new_match`.
unsafe fn new_match(
    pattern: *mut PyObject,
    string: *mut PyObject,
    f: &Found,
    pos: usize,
    endpos: usize,
) -> PyResult<Owned> {
    // SAFETY: fresh object; every field written.
    unsafe {
        let m = alloc(match_type())?;
        let mo = m.as_ptr() as *mut Match;
        let mut marks = Vec::with_capacity(f.marks.len() + 2);
        marks.push(f.start as isize);
        marks.push(f.end as isize);
        for pair in f.marks.chunks(2) {
            if pair[0] >= 0 && pair[1] >= 0 {
                if pair[0] > pair[1] {
                    return Err(err::system_error(
                        "The span of capturing group is wrong, please report a bug for the re module.",
                    ));
                }
                marks.extend_from_slice(pair);
            } else {
                marks.extend_from_slice(&[-1, -1]);
            }
        }
        (*mo).marks = Box::into_raw(Box::new(marks));
        (*mo).pattern = new_ref(pattern);
        (*mo).string = new_ref(string);
        (*mo).pos = pos as isize;
        (*mo).endpos = endpos as isize;
        (*mo).lastindex = f.lastindex;
        Ok(m)
    }
}

fn run_params(p: &Pattern, end: usize) -> Run<'_> {
    Run {
        // SAFETY: the pattern is live while the run is.
        code: unsafe { code_of(p) },
        groups: p.groups.max(0) as usize,
        end,
        match_all: false,
        must_advance: false,
        search: true,
    }
}

/// `match`, `fullmatch`, `search`.
unsafe fn do_match(
    slf: *mut PyObject,
    string: *mut PyObject,
    pos: isize,
    endpos: isize,
    search: bool,
    all: bool,
) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let p = pat(slf);
        let (s, start, end) = state_init(p, string, pos, endpos)?;
        let mut r = run_params(p, end);
        r.search = search;
        r.match_all = all;
        match s.run(&r, start)? {
            Some(f) => new_match(slf, string, &f, start, end),
            None => Ok(none()),
        }
    }
}

const MATCH_PARAMS: &[crate::protocols::clinic::Param] =
    &[arg("string"), arg_opt("pos"), arg_opt("endpos")];

fastcall! {
    /// `Pattern.match(string, pos=0, endpos=sys.maxsize)`.
    fn pattern_match(slf, a = Sig::new("match", MATCH_PARAMS)) {
        do_match(slf, a.req(0), a.ssize(1, 0)?, a.ssize(2, isize::MAX)?, false, false)
    }
}
fastcall! {
    /// `Pattern.fullmatch(string, pos=0, endpos=sys.maxsize)`.
    fn pattern_fullmatch(slf, a = Sig::new("fullmatch", MATCH_PARAMS)) {
        do_match(slf, a.req(0), a.ssize(1, 0)?, a.ssize(2, isize::MAX)?, false, true)
    }
}
fastcall! {
    /// `Pattern.search(string, pos=0, endpos=sys.maxsize)`.
    fn pattern_search(slf, a = Sig::new("search", MATCH_PARAMS)) {
        do_match(slf, a.req(0), a.ssize(1, 0)?, a.ssize(2, isize::MAX)?, true, false)
    }
}

/// `state_getslice` of a found match: group `g` (from 1), or the empty
/// string (`empty`) or None when unset.
unsafe fn found_group(
    s: &Subject,
    string: *mut PyObject,
    f: &Found,
    g: usize,
    empty: bool,
) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let (a, b) = (f.marks[2 * (g - 1)], f.marks[2 * (g - 1) + 1]);
        if a < 0 || b < 0 {
            return if empty {
                s.slice(string, 0, 0)
            } else {
                Ok(none())
            };
        }
        if a > b {
            return Err(err::system_error(
                "The span of capturing group is wrong, please report a bug for the re module.",
            ));
        }
        s.slice(string, a as usize, b as usize)
    }
}

fastcall! {
    /// `Pattern.findall(string, pos=0, endpos=sys.maxsize)`.
    fn pattern_findall(slf, a = Sig::new("findall", MATCH_PARAMS)) {
        let p = pat(slf);
        let string = a.req(0);
        let (s, mut start, end) = state_init(p, string, a.ssize(1, 0)?, a.ssize(2, isize::MAX)?)?;
        let out = list::new(0)?;
        let mut r = run_params(p, end);
        while start <= end {
            let Some(f) = s.run(&r, start)? else { break };
            let item = match p.groups {
                0 => s.slice(string, f.start, f.end)?,
                1 => found_group(&s, string, &f, 1, true)?,
                n => {
                    let mut v = Vec::with_capacity(n as usize);
                    for g in 1..=n as usize {
                        v.push(found_group(&s, string, &f, g, true)?);
                    }
                    tuple::from_owned(v)?
                }
            };
            list::append(out.as_ptr(), item.as_ptr())?;
            r.must_advance = f.end == f.start;
            start = f.end;
        }
        Ok(out)
    }
}

fastcall! {
    /// `Pattern.split(string, maxsplit=0)`.
    fn pattern_split(slf, a = Sig::new("split", &[arg("string"), arg_opt("maxsplit")])) {
        let p = pat(slf);
        let string = a.req(0);
        let maxsplit = a.ssize(1, 0)?;
        let (s, mut start, end) = state_init(p, string, 0, isize::MAX)?;
        let out = list::new(0)?;
        let mut r = run_params(p, end);
        let mut n = 0isize;
        let mut last = start;
        while maxsplit == 0 || n < maxsplit {
            let Some(f) = s.run(&r, start)? else { break };
            list::append(out.as_ptr(), s.slice(string, last, f.start)?.as_ptr())?;
            for g in 1..=p.groups.max(0) as usize {
                list::append(out.as_ptr(), found_group(&s, string, &f, g, false)?.as_ptr())?;
            }
            n += 1;
            r.must_advance = f.end == f.start;
            last = f.end;
            start = f.end;
        }
        list::append(out.as_ptr(), s.slice(string, last, end)?.as_ptr())?;
        Ok(out)
    }
}

/// `compile_template`: `re._compile_template(pattern, template)`, with
/// CPython's retry on the exact type for unhashable subclasses.
unsafe fn compile_template(pattern: *mut PyObject, template: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let re = crate::system::import::import("re")?;
        let name = unicode::intern("_compile_template")?;
        let func = abstract_::getattr(re.as_ptr(), name.as_ptr())?;
        let res = match call::call_args(func.as_ptr(), &[pattern, template]) {
            Ok(r) => r,
            Err(e) => {
                let te = exceptions::get(exceptions::Exc::TypeError);
                if !err::given_matches(err::occurred(), te) {
                    return Err(e);
                }
                let t2 = if unicode::check(template) && !unicode::check_exact(template) {
                    err::clear();
                    unicode::copy_exact(template)?
                } else if buffer::check(template) && (*template).ob_type != lifecycle::bytes_type()
                {
                    err::clear();
                    bytes::from_object(template)?
                } else {
                    return Err(e);
                };
                call::call_args(func.as_ptr(), &[pattern, t2.as_ptr()])?
            }
        };
        if (*res.as_ptr()).ob_type != template_type() {
            return Err(err::raise(
                exceptions::Exc::RuntimeError,
                &format!(
                    "the result of compiling a replacement string is {}",
                    trunc(&typeobj::type_name_of(res.as_ptr()), 200)
                ),
            ));
        }
        Ok(res)
    }
}

/// Joins str or bytes pieces (`PyUnicode_Join`/`PyBytes_Join` with an
/// empty separator).
unsafe fn join(pieces: Vec<Owned>, isbytes: bool) -> PyResult<Owned> {
    // SAFETY: the pieces are live.
    unsafe {
        if isbytes {
            if pieces.len() == 1 && (*pieces[0].as_ptr()).ob_type == lifecycle::bytes_type() {
                return Ok(pieces[0].clone());
            }
            let mut out = Vec::new();
            for (i, it) in pieces.iter().enumerate() {
                if !buffer::check(it.as_ptr()) {
                    return Err(err::type_error(&format!(
                        "sequence item {i}: expected a bytes-like object, {} found",
                        trunc(&typeobj::type_name_of(it.as_ptr()), 80)
                    )));
                }
                out.extend_from_slice(&crate::objects::bytesmethods::byteslike(it.as_ptr())?);
            }
            bytes::from_bytes(&out)
        } else {
            let l = list::from_owned(pieces)?;
            let sep = unicode::empty();
            unicode::join(sep.as_ptr(), l.as_ptr())
        }
    }
}

/// `expand_template`.
unsafe fn expand_template(tpl: *mut PyObject, m: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: `tpl` a live template, `m` a live match.
    unsafe {
        let t = &*(tpl as *mut Template);
        let items = &*t.items;
        if items.is_empty() {
            return Ok(Owned::from_borrowed(t.literal));
        }
        let mo = &*(m as *mut Match);
        let ngroups = (*mo.marks).len() / 2;
        let mut out = vec![Owned::from_borrowed(t.literal)];
        for &(index, lit) in items.iter() {
            if index < 0 || index as usize >= ngroups {
                return Err(err::index_error("no such group"));
            }
            let g = match_slice(m, index as usize, lifecycle::none())?;
            if g.as_ptr() != lifecycle::none() {
                out.push(g);
            }
            if !lit.is_null() {
                out.push(Owned::from_borrowed(lit));
            }
        }
        join(out, !unicode::check(t.literal))
    }
}

enum Filter {
    Literal(Owned),
    Template(Owned),
    Callable(Owned),
}

/// `pattern_subx`.
unsafe fn subx(
    slf: *mut PyObject,
    repl: *mut PyObject,
    string: *mut PyObject,
    count: isize,
    subn: bool,
) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let filter = if abstract_::callable(repl) {
            Filter::Callable(Owned::from_borrowed(repl))
        } else {
            let literal = match subject(repl) {
                Ok(s) => {
                    if s.kind == 1 {
                        !std::slice::from_raw_parts(s.data, s.len).contains(&b'\\')
                    } else {
                        !unicode::chars(repl).any(|c| c == '\\' as u32)
                    }
                }
                Err(_) => {
                    err::clear();
                    false
                }
            };
            if literal {
                Filter::Literal(Owned::from_borrowed(repl))
            } else {
                let t = compile_template(slf, repl)?;
                let tp = &*(t.as_ptr() as *mut Template);
                if (*tp.items).is_empty() {
                    Filter::Literal(Owned::from_borrowed(tp.literal))
                } else {
                    Filter::Template(t)
                }
            }
        };
        let p = pat(slf);
        let (s, mut start, end) = state_init(p, string, 0, isize::MAX)?;
        let mut r = run_params(p, end);
        let mut pieces: Vec<Owned> = Vec::new();
        let (mut n, mut i) = (0isize, 0usize);
        while count == 0 || n < count {
            let Some(f) = s.run(&r, start)? else { break };
            if i < f.start {
                pieces.push(s.slice(string, i, f.start)?);
            }
            let item = match &filter {
                Filter::Literal(l) => l.clone(),
                Filter::Template(t) => {
                    let m = new_match(slf, string, &f, 0, end)?;
                    expand_template(t.as_ptr(), m.as_ptr())?
                }
                Filter::Callable(c) => {
                    let m = new_match(slf, string, &f, 0, end)?;
                    call::call_args(c.as_ptr(), &[m.as_ptr()])?
                }
            };
            if item.as_ptr() != lifecycle::none() {
                pieces.push(item);
            }
            i = f.end;
            n += 1;
            r.must_advance = f.end == f.start;
            start = f.end;
        }
        if i < end {
            pieces.push(s.slice(string, i, end)?);
        }
        let isbytes = s.isbytes;
        let joined = if pieces.is_empty() {
            s.slice(string, 0, 0)?
        } else {
            drop(s);
            join(pieces, isbytes)?
        };
        if subn {
            let k = long::from_i64(n as i64)?;
            tuple::from_owned(vec![joined, k])
        } else {
            Ok(joined)
        }
    }
}

const SUB_PARAMS: &[crate::protocols::clinic::Param] =
    &[arg("repl"), arg("string"), arg_opt("count")];

fastcall! {
    /// `Pattern.sub(repl, string, count=0)`.
    fn pattern_sub(slf, a = Sig::new("sub", SUB_PARAMS)) {
        subx(slf, a.req(0), a.req(1), a.ssize(2, 0)?, false)
    }
}
fastcall! {
    /// `Pattern.subn(repl, string, count=0)`.
    fn pattern_subn(slf, a = Sig::new("subn", SUB_PARAMS)) {
        subx(slf, a.req(0), a.req(1), a.ssize(2, 0)?, true)
    }
}

/// `pattern_scanner`.
unsafe fn new_scanner(
    slf: *mut PyObject,
    string: *mut PyObject,
    pos: isize,
    endpos: isize,
) -> PyResult<Owned> {
    // SAFETY: fresh object; every field written.
    unsafe {
        let (subj, start, end) = state_init(pat(slf), string, pos, endpos)?;
        let sc = alloc(scanner_type())?;
        let so = sc.as_ptr() as *mut Scanner;
        (*so).subject = Box::into_raw(Box::new(subj));
        (*so).pattern = new_ref(slf);
        (*so).string = new_ref(string);
        (*so).start = start as isize;
        (*so).pos = start as isize;
        (*so).endpos = end as isize;
        Ok(sc)
    }
}

fastcall! {
    /// `Pattern.scanner(string, pos=0, endpos=sys.maxsize)`.
    fn pattern_scanner(slf, a = Sig::new("scanner", MATCH_PARAMS)) {
        new_scanner(slf, a.req(0), a.ssize(1, 0)?, a.ssize(2, isize::MAX)?)
    }
}

fastcall! {
    /// `Pattern.finditer(string, pos=0, endpos=sys.maxsize)`: an iterator
    /// calling a scanner's `search` until None.
    fn pattern_finditer(slf, a = Sig::new("finditer", MATCH_PARAMS)) {
        let sc = new_scanner(slf, a.req(0), a.ssize(1, 0)?, a.ssize(2, isize::MAX)?)?;
        let name = unicode::intern("search")?;
        let search = abstract_::getattr(sc.as_ptr(), name.as_ptr())?;
        iterobject::call_iter_new(search.as_ptr(), lifecycle::none())
    }
}

fastcall! {
    /// `Pattern.__copy__()`.
    fn pattern_copy(slf, _a = Sig::new("__copy__", &[])) {
        Ok(Owned::from_borrowed(slf))
    }
}
fastcall! {
    /// `Pattern.__deepcopy__(memo, /)`.
    fn pattern_deepcopy(slf, _a = Sig::new("__deepcopy__", &[pos("memo")])) {
        Ok(Owned::from_borrowed(slf))
    }
}

unsafe extern "C" fn pattern_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live pattern.
    unsafe {
        err::into_ptr((|| {
            let p = pat(op);
            let mut fl = p.flags;
            if p.isbytes == 0 && fl & (FLAG_LOCALE | FLAG_UNICODE | FLAG_ASCII) == FLAG_UNICODE {
                fl &= !FLAG_UNICODE;
            }
            let mut names = Vec::new();
            for (n, v) in [
                ("re.IGNORECASE", FLAG_IGNORECASE),
                ("re.LOCALE", FLAG_LOCALE),
                ("re.MULTILINE", FLAG_MULTILINE),
                ("re.DOTALL", FLAG_DOTALL),
                ("re.UNICODE", FLAG_UNICODE),
                ("re.VERBOSE", FLAG_VERBOSE),
                ("re.DEBUG", FLAG_DEBUG),
                ("re.ASCII", FLAG_ASCII),
            ] {
                if fl & v != 0 {
                    names.push(n.to_string());
                    fl &= !v;
                }
            }
            if fl != 0 {
                names.push(format!("0x{:x}", fl));
            }
            let r = trunc(&abstract_::repr_string(p.pattern)?, 200);
            let s = if names.is_empty() {
                format!("re.compile({r})")
            } else {
                format!("re.compile({r}, {})", names.join("|"))
            };
            unicode::from_str(&s)
        })())
    }
}

unsafe extern "C" fn pattern_hash(op: *mut PyObject) -> isize {
    // SAFETY: slot on a live pattern.
    unsafe {
        let p = pat(op);
        let Ok(mut h) = abstract_::hash(p.pattern) else {
            return -1;
        };
        let code = code_of(p);
        let b: Vec<u8> = code.iter().flat_map(|w| w.to_ne_bytes()).collect();
        h ^= unicode::hash_bytes(&b);
        h ^= p.flags as isize;
        h ^= p.isbytes as isize;
        h ^= code.len() as isize;
        if h == -1 {
            -2
        } else {
            h
        }
    }
}

unsafe extern "C" fn pattern_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: slot on live objects.
    unsafe {
        const EQ: c_int = 2;
        const NE: c_int = 3;
        if (op != EQ && op != NE) || (*b).ob_type != pattern_type() {
            return new_ref(lifecycle::not_implemented());
        }
        let eq = if a == b {
            Ok(true)
        } else {
            let (l, r) = (pat(a), pat(b));
            if l.flags == r.flags && l.isbytes == r.isbytes && code_of(l) == code_of(r) {
                abstract_::rich_compare_bool(l.pattern, r.pattern, EQ)
            } else {
                Ok(false)
            }
        };
        match eq {
            Ok(e) => long::bool_from(e == (op == EQ)).into_raw(),
            Err(_) => ptr::null_mut(),
        }
    }
}

unsafe extern "C" fn pattern_groupindex(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getter on a live pattern.
    unsafe {
        let p = pat(op);
        if p.groupindex.is_null() {
            return err::into_ptr(dict::new());
        }
        err::into_ptr(descr::mappingproxy(p.groupindex))
    }
}

unsafe extern "C" fn pattern_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a live pattern.
    unsafe {
        let p = pat(op);
        gc::visit_all([p.pattern, p.groupindex, p.indexgroup], visit, arg)
    }
}

unsafe extern "C" fn pattern_clear(op: *mut PyObject) -> c_int {
    // SAFETY: slot on a live pattern.
    unsafe {
        let p = op as *mut Pattern;
        clear_field(ptr::addr_of_mut!((*p).pattern));
        clear_field(ptr::addr_of_mut!((*p).groupindex));
        clear_field(ptr::addr_of_mut!((*p).indexgroup));
        0
    }
}

unsafe extern "C" fn pattern_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        let p = op as *mut Pattern;
        if !(*p).weakreflist.is_null() {
            crate::objects::weakref::clear_weakrefs(op);
        }
        pattern_clear(op);
        let c = std::mem::replace(&mut (*p).code, ptr::null_mut());
        if !c.is_null() {
            drop(Box::from_raw(c));
        }
        free(op);
    }
}

// ---- match -----------------------------------------------------------------

unsafe fn mat<'a>(op: *mut PyObject) -> &'a Match {
    // SAFETY: `op` a live match.
    unsafe { &*(op as *mut Match) }
}

unsafe fn marks<'a>(m: &Match) -> &'a [isize] {
    // SAFETY: the marks live as long as the match.
    unsafe { m.marks.as_ref().map_or(&[][..], |v| &v[..]) }
}

/// `match_getslice_by_index`.
unsafe fn match_slice(op: *mut PyObject, g: usize, def: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let m = mat(op);
        let mk = marks(m);
        if m.string == lifecycle::none() || mk[2 * g] < 0 {
            return Ok(Owned::from_borrowed(def));
        }
        let s = subject(m.string)?;
        s.slice(m.string, mk[2 * g] as usize, mk[2 * g + 1] as usize)
    }
}

/// `match_getindex`: a group number or name to its index.
unsafe fn match_index(op: *mut PyObject, index: Option<*mut PyObject>) -> PyResult<usize> {
    // SAFETY: forwarded.
    unsafe {
        let Some(index) = index else { return Ok(0) };
        let m = mat(op);
        let ngroups = (marks(m).len() / 2) as isize;
        let mut i = -1isize;
        if number::index_check(index) {
            i = number::as_ssize(index, None)?;
        } else {
            let gi = pat(m.pattern).groupindex;
            if !gi.is_null() {
                if let Some(v) = dict::get(gi, index)? {
                    if long::check(v) {
                        i = long::as_ssize(v)?;
                    }
                }
            }
        }
        if i < 0 || i >= ngroups {
            return Err(err::index_error("no such group"));
        }
        Ok(i as usize)
    }
}

fastcall_varargs! {
    /// `Match.group([group1, ...])`.
    fn match_group(slf, *args, _a = Sig::new("Match.group", &[])) {
        match args.len() {
            0 => match_slice(slf, 0, lifecycle::none()),
            1 => match_slice(slf, match_index(slf, Some(args[0]))?, lifecycle::none()),
            _ => {
                let mut v = Vec::with_capacity(args.len());
                for &g in args {
                    v.push(match_slice(slf, match_index(slf, Some(g))?, lifecycle::none())?);
                }
                tuple::from_owned(v)
            }
        }
    }
}

unsafe extern "C" fn match_getitem(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live match.
    unsafe {
        err::into_ptr(
            match_index(op, Some(key)).and_then(|i| match_slice(op, i, lifecycle::none())),
        )
    }
}

fastcall! {
    /// `Match.groups(default=None)`.
    fn match_groups(slf, a = Sig::new("groups", &[arg_opt("default")])) {
        let def = a.get(0).unwrap_or(lifecycle::none());
        let n = marks(mat(slf)).len() / 2;
        let mut v = Vec::with_capacity(n);
        for g in 1..n {
            v.push(match_slice(slf, g, def)?);
        }
        tuple::from_owned(v)
    }
}

fastcall! {
    /// `Match.groupdict(default=None)`.
    fn match_groupdict(slf, a = Sig::new("groupdict", &[arg_opt("default")])) {
        let def = a.get(0).unwrap_or(lifecycle::none());
        let out = dict::new()?;
        let gi = pat(mat(slf).pattern).groupindex;
        if gi.is_null() {
            return Ok(out);
        }
        for (k, _) in dict::items_vec(gi) {
            let v = match_slice(slf, match_index(slf, Some(k.as_ptr()))?, def)?;
            dict::set(out.as_ptr(), k.as_ptr(), v.as_ptr())?;
        }
        Ok(out)
    }
}

fastcall! {
    /// `Match.start(group=0, /)`.
    fn match_start(slf, a = Sig::new("start", &[pos_opt("group")])) {
        let i = match_index(slf, a.get(0))?;
        long::from_i64(marks(mat(slf))[2 * i] as i64)
    }
}
fastcall! {
    /// `Match.end(group=0, /)`.
    fn match_end(slf, a = Sig::new("end", &[pos_opt("group")])) {
        let i = match_index(slf, a.get(0))?;
        long::from_i64(marks(mat(slf))[2 * i + 1] as i64)
    }
}

unsafe fn pair(a: isize, b: isize) -> PyResult<Owned> {
    tuple::from_owned(vec![long::from_i64(a as i64)?, long::from_i64(b as i64)?])
}

fastcall! {
    /// `Match.span(group=0, /)`.
    fn match_span(slf, a = Sig::new("span", &[pos_opt("group")])) {
        let i = match_index(slf, a.get(0))?;
        let mk = marks(mat(slf));
        pair(mk[2 * i], mk[2 * i + 1])
    }
}

fastcall! {
    /// `Match.expand(template)`.
    fn match_expand(slf, a = Sig::new("expand", &[arg("template")])) {
        let t = compile_template(mat(slf).pattern, a.req(0))?;
        expand_template(t.as_ptr(), slf)
    }
}

fastcall! {
    /// `Match.__copy__()`.
    fn match_copy(slf, _a = Sig::new("__copy__", &[])) {
        Ok(Owned::from_borrowed(slf))
    }
}
fastcall! {
    /// `Match.__deepcopy__(memo, /)`.
    fn match_deepcopy(slf, _a = Sig::new("__deepcopy__", &[pos("memo")])) {
        Ok(Owned::from_borrowed(slf))
    }
}

unsafe extern "C" fn match_lastindex(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getter on a live match.
    unsafe {
        let m = mat(op);
        if m.lastindex >= 0 {
            err::into_ptr(long::from_i64(m.lastindex as i64))
        } else {
            none().into_raw()
        }
    }
}

unsafe extern "C" fn match_lastgroup(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getter on a live match.
    unsafe {
        let m = mat(op);
        let ig = pat(m.pattern).indexgroup;
        if !ig.is_null() && m.lastindex >= 0 && m.lastindex < tuple::size(ig) {
            return new_ref(tuple::item(ig, m.lastindex));
        }
        none().into_raw()
    }
}

unsafe extern "C" fn match_regs(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getter on a live match.
    unsafe {
        let m = op as *mut Match;
        if !(*m).regs.is_null() {
            return new_ref((*m).regs);
        }
        err::into_ptr((|| {
            let mk = marks(&*m);
            let mut v = Vec::with_capacity(mk.len() / 2);
            for p in mk.chunks(2) {
                v.push(pair(p[0], p[1])?);
            }
            let t = tuple::from_owned(v)?;
            (*m).regs = new_ref(t.as_ptr());
            Ok(t)
        })())
    }
}

unsafe extern "C" fn match_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live match.
    unsafe {
        err::into_ptr((|| {
            let g0 = match_slice(op, 0, lifecycle::none())?;
            let mk = marks(mat(op));
            let r = trunc(&abstract_::repr_string(g0.as_ptr())?, 50);
            unicode::from_str(&format!(
                "<{} object; span=({}, {}), match={r}>",
                std::ffi::CStr::from_ptr((*(*op).ob_type).tp_name).to_string_lossy(),
                mk[0],
                mk[1]
            ))
        })())
    }
}

unsafe extern "C" fn match_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a live match.
    unsafe {
        let m = mat(op);
        gc::visit_all([m.string, m.pattern, m.regs], visit, arg)
    }
}

unsafe extern "C" fn match_clear(op: *mut PyObject) -> c_int {
    // SAFETY: slot on a live match.
    unsafe {
        let m = op as *mut Match;
        clear_field(ptr::addr_of_mut!((*m).string));
        clear_field(ptr::addr_of_mut!((*m).pattern));
        clear_field(ptr::addr_of_mut!((*m).regs));
        0
    }
}

unsafe extern "C" fn match_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        match_clear(op);
        let m = op as *mut Match;
        let mk = std::mem::replace(&mut (*m).marks, ptr::null_mut());
        if !mk.is_null() {
            drop(Box::from_raw(mk));
        }
        free(op);
    }
}

// ---- scanner ---------------------------------------------------------------

unsafe fn scan(slf: *mut PyObject, search: bool) -> PyResult<Owned> {
    // SAFETY: `slf` a live scanner.
    unsafe {
        let sc = slf as *mut Scanner;
        if (*sc).executing {
            return Err(err::value_error(
                "regular expression scanner already executing",
            ));
        }
        if (*sc).start < 0 {
            return Ok(none());
        }
        (*sc).executing = true;
        let res = (|| {
            let string = (*sc).string;
            let p = pat((*sc).pattern);
            let Some(s) = (*sc).subject.as_ref() else {
                return Ok(none());
            };
            let end = ((*sc).endpos as usize).min(s.len);
            let mut r = run_params(p, end);
            r.search = search;
            r.must_advance = (*sc).must_advance;
            let found = s.run(&r, (*sc).start as usize)?;
            match found {
                None => {
                    (*sc).start = -1;
                    Ok(none())
                }
                Some(f) => {
                    let m = new_match((*sc).pattern, string, &f, (*sc).pos as usize, end)?;
                    (*sc).must_advance = f.end == f.start;
                    (*sc).start = f.end as isize;
                    Ok(m)
                }
            }
        })();
        (*sc).executing = false;
        res
    }
}

fastcall! {
    /// `SRE_Scanner.match()`.
    fn scanner_match(slf, _a = Sig::new("match", &[])) {
        scan(slf, false)
    }
}
fastcall! {
    /// `SRE_Scanner.search()`.
    fn scanner_search(slf, _a = Sig::new("search", &[])) {
        scan(slf, true)
    }
}

unsafe extern "C" fn scanner_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a live scanner.
    unsafe {
        let s = op as *mut Scanner;
        gc::visit_all([(*s).pattern, (*s).string], visit, arg)
    }
}

unsafe extern "C" fn scanner_clear(op: *mut PyObject) -> c_int {
    // SAFETY: slot on a live scanner.
    unsafe {
        let s = op as *mut Scanner;
        clear_field(ptr::addr_of_mut!((*s).pattern));
        clear_field(ptr::addr_of_mut!((*s).string));
        0
    }
}

unsafe extern "C" fn scanner_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        let s = op as *mut Scanner;
        let subj = std::mem::replace(&mut (*s).subject, ptr::null_mut());
        if !subj.is_null() {
            drop(Box::from_raw(subj));
        }
        scanner_clear(op);
        free(op);
    }
}

// ---- template --------------------------------------------------------------

unsafe extern "C" fn template_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a live template.
    unsafe {
        let Some(v) = visit else { return 0 };
        let t = op as *mut Template;
        if !(*t).literal.is_null() {
            let r = v((*t).literal, arg);
            if r != 0 {
                return r;
            }
        }
        if let Some(items) = (*t).items.as_ref() {
            for &(_, l) in items {
                if !l.is_null() {
                    let r = v(l, arg);
                    if r != 0 {
                        return r;
                    }
                }
            }
        }
        0
    }
}

unsafe extern "C" fn template_clear(op: *mut PyObject) -> c_int {
    // SAFETY: slot on a live template.
    unsafe {
        let t = op as *mut Template;
        clear_field(ptr::addr_of_mut!((*t).literal));
        let items = std::mem::replace(&mut (*t).items, ptr::null_mut());
        if !items.is_null() {
            for (_, l) in *Box::from_raw(items) {
                if !l.is_null() {
                    decref(l);
                }
            }
        }
        0
    }
}

unsafe extern "C" fn template_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        template_clear(op);
        free(op);
    }
}

// ---- module functions ------------------------------------------------------

fastcall! {
    /// `_sre.compile(pattern, flags, code, groups, groupindex, indexgroup)`.
    fn sre_compile(_m, a = Sig::new("compile", &[
        arg("pattern"), arg("flags"), arg("code"), arg("groups"), arg("groupindex"), arg("indexgroup"),
    ])) {
        let pattern = a.req(0);
        let fl = long::as_c_int(a.req(1))?;
        let code = a.req(2);
        if !list::check(code) {
            return Err(a.bad(2, "list", code));
        }
        let groups = a.ssize(3, 0)?;
        let gi = a.req(4);
        if !dict::check(gi) {
            return Err(a.bad(4, "dict", gi));
        }
        let ig = a.req(5);
        if !tuple::check(ig) {
            return Err(a.bad(5, "tuple", ig));
        }
        let n = list::size(code);
        let mut words = Vec::with_capacity(n as usize);
        for i in 0..n {
            let v = long::as_unsigned_long(list::item(code, i))?;
            if v > u32::MAX as u64 {
                return Err(err::overflow_error("regular expression code size limit exceeded"));
            }
            words.push(v as u32);
        }
        let isbytes = if pattern == lifecycle::none() {
            -1
        } else {
            subject(pattern)?.isbytes as c_int
        };
        if groups < 0 || !engine::validate(&words, groups as usize) {
            return Err(err::raise(exceptions::Exc::RuntimeError, "invalid SRE code"));
        }
        let p = alloc(pattern_type())?;
        let po = p.as_ptr() as *mut Pattern;
        (*po).code = Box::into_raw(Box::new(words));
        (*po).pattern = new_ref(pattern);
        (*po).flags = fl;
        (*po).groups = groups;
        (*po).isbytes = isbytes;
        if dict::len(gi) > 0 {
            (*po).groupindex = new_ref(gi);
            if tuple::size(ig) > 0 {
                (*po).indexgroup = new_ref(ig);
            }
        }
        Ok(p)
    }
}

fastcall! {
    /// `_sre.template(pattern, template, /)`.
    fn sre_template(_m, a = Sig::new("template", &[pos("pattern"), pos("template")])) {
        let tl = a.req(1);
        if !list::check(tl) {
            return Err(a.bad(1, "list", tl));
        }
        let n = list::size(tl);
        if n & 1 == 0 || n < 1 {
            return Err(err::type_error("invalid template"));
        }
        let mut items = Vec::with_capacity((n / 2) as usize);
        let mut owned = Vec::new();
        for i in 0..n / 2 {
            let index = long::as_ssize(list::item(tl, 2 * i + 1)).or_else(|e| {
                let g = list::item(tl, 2 * i + 1);
                if long::check(g) { Err(e) } else { number::as_ssize(g, None) }
            })?;
            if index < 0 {
                return Err(err::type_error("invalid template"));
            }
            let lit = list::item(tl, 2 * i + 2);
            let empty = (unicode::check(lit) && unicode::len_chars(lit) == 0)
                || (bytes::check(lit) && bytes::as_slice(lit).is_empty());
            let l = if empty {
                ptr::null_mut()
            } else {
                owned.push(Owned::from_borrowed(lit));
                lit
            };
            items.push((index, l));
        }
        let t = alloc(template_type())?;
        let to = t.as_ptr() as *mut Template;
        (*to).literal = new_ref(list::item(tl, 0));
        for o in owned {
            let _ = o.into_raw();
        }
        (*to).items = Box::into_raw(Box::new(items));
        Ok(t)
    }
}

fastcall! {
    /// `_sre.getcodesize()`.
    fn sre_getcodesize(_m, _a = Sig::new("getcodesize", &[])) {
        long::from_i64(4)
    }
}

fn char_arg(v: *mut PyObject) -> PyResult<u32> {
    // SAFETY: a live argument.
    Ok(unsafe { long::as_c_int(v)? } as u32)
}

fastcall! {
    /// `_sre.ascii_iscased(character, /)`.
    fn sre_ascii_iscased(_m, a = Sig::new("ascii_iscased", &[pos("character")])) {
        let c = char_arg(a.req(0))?;
        Ok(long::bool_from(c < 128 && (c as u8).is_ascii_alphabetic()))
    }
}
fastcall! {
    /// `_sre.unicode_iscased(character, /)`.
    fn sre_unicode_iscased(_m, a = Sig::new("unicode_iscased", &[pos("character")])) {
        let c = char_arg(a.req(0))?;
        Ok(long::bool_from(c != engine::lower_unicode(c) || c != engine::upper_unicode(c)))
    }
}
fastcall! {
    /// `_sre.ascii_tolower(character, /)`.
    fn sre_ascii_tolower(_m, a = Sig::new("ascii_tolower", &[pos("character")])) {
        let c = char_arg(a.req(0))?;
        long::from_i64(engine::lower_ascii(c) as i32 as i64)
    }
}
fastcall! {
    /// `_sre.unicode_tolower(character, /)`.
    fn sre_unicode_tolower(_m, a = Sig::new("unicode_tolower", &[pos("character")])) {
        let c = char_arg(a.req(0))?;
        long::from_i64(engine::lower_unicode(c) as i32 as i64)
    }
}

// ---- tables ----------------------------------------------------------------

static mut MODULE_METHODS: [PyMethodDef; 8] = [
    def(c"compile", sre_compile),
    def(c"template", sre_template),
    def(c"getcodesize", sre_getcodesize),
    def(c"ascii_iscased", sre_ascii_iscased),
    def(c"unicode_iscased", sre_unicode_iscased),
    def(c"ascii_tolower", sre_ascii_tolower),
    def(c"unicode_tolower", sre_unicode_tolower),
    typeobj::METHOD_END,
];

static mut PATTERN_METHODS: [PyMethodDef; 13] = [
    def(c"match", pattern_match),
    def(c"fullmatch", pattern_fullmatch),
    def(c"search", pattern_search),
    def(c"sub", pattern_sub),
    def(c"subn", pattern_subn),
    def(c"findall", pattern_findall),
    def(c"split", pattern_split),
    def(c"finditer", pattern_finditer),
    def(c"scanner", pattern_scanner),
    def(c"__copy__", pattern_copy),
    def(c"__deepcopy__", pattern_deepcopy),
    CLASS_GETITEM_DEF,
    typeobj::METHOD_END,
];

const fn member(name: &'static std::ffi::CStr, code: c_int, offset: usize) -> PyMemberDef {
    PyMemberDef {
        name: name.as_ptr(),
        type_code: code,
        offset: offset as isize,
        flags: t::READONLY,
        doc: ptr::null(),
    }
}

static mut PATTERN_MEMBERS: [PyMemberDef; 4] = [
    readonly_object_member(c"pattern", std::mem::offset_of!(Pattern, pattern)),
    member(c"flags", t::INT, std::mem::offset_of!(Pattern, flags)),
    member(
        c"groups",
        t::PYSSIZET,
        std::mem::offset_of!(Pattern, groups),
    ),
    MEMBER_END,
];

static mut PATTERN_GETSET: [PyGetSetDef; 2] = [
    PyGetSetDef {
        name: c"groupindex".as_ptr(),
        get: Some(pattern_groupindex),
        set: None,
        doc: c"A dictionary mapping group names to group numbers.".as_ptr(),
        closure: ptr::null_mut(),
    },
    typeobj::GETSET_END,
];

static mut MATCH_METHODS: [PyMethodDef; 11] = [
    crate::protocols::clinic::fastcall_kw_def(c"group", match_group.kw),
    def(c"start", match_start),
    def(c"end", match_end),
    def(c"span", match_span),
    def(c"groups", match_groups),
    def(c"groupdict", match_groupdict),
    def(c"expand", match_expand),
    def(c"__copy__", match_copy),
    def(c"__deepcopy__", match_deepcopy),
    CLASS_GETITEM_DEF,
    typeobj::METHOD_END,
];

static mut MATCH_MEMBERS: [PyMemberDef; 5] = [
    readonly_object_member(c"string", std::mem::offset_of!(Match, string)),
    readonly_object_member(c"re", std::mem::offset_of!(Match, pattern)),
    member(c"pos", t::PYSSIZET, std::mem::offset_of!(Match, pos)),
    member(c"endpos", t::PYSSIZET, std::mem::offset_of!(Match, endpos)),
    MEMBER_END,
];

const fn getter(name: &'static std::ffi::CStr, g: typeobj::getter) -> PyGetSetDef {
    PyGetSetDef {
        name: name.as_ptr(),
        get: g,
        set: None,
        doc: ptr::null(),
        closure: ptr::null_mut(),
    }
}

static mut MATCH_GETSET: [PyGetSetDef; 4] = [
    getter(c"lastindex", Some(match_lastindex)),
    getter(c"lastgroup", Some(match_lastgroup)),
    getter(c"regs", Some(match_regs)),
    typeobj::GETSET_END,
];

static mut MATCH_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: None,
    mp_subscript: Some(match_getitem),
    mp_ass_subscript: None,
};

static mut SCANNER_METHODS: [PyMethodDef; 3] = [
    def(c"match", scanner_match),
    def(c"search", scanner_search),
    typeobj::METHOD_END,
];

static mut SCANNER_MEMBERS: [PyMemberDef; 2] = [
    readonly_object_member(c"pattern", std::mem::offset_of!(Scanner, pattern)),
    MEMBER_END,
];

unsafe fn new_type(
    name: &'static std::ffi::CStr,
    size: usize,
    dealloc: typeobj::destructor,
    traverse: typeobj::traverseproc,
    clear: typeobj::inquiry,
) -> *mut PyTypeObject {
    // SAFETY: a fresh leaked type, filled before it is readied.
    unsafe {
        let t = lifecycle::leak_type();
        (*t).tp_name = name.as_ptr();
        (*t).tp_basicsize = size as isize;
        (*t).tp_flags =
            flags::DEFAULT | flags::IMMUTABLETYPE | flags::DISALLOW_INSTANTIATION | flags::HAVE_GC;
        (*t).tp_dealloc = dealloc;
        (*t).tp_traverse = traverse;
        (*t).tp_clear = clear;
        (*t).tp_getattro = lifecycle::c_api_slots().getattro;
        (*t).tp_alloc = lifecycle::c_api_slots().alloc;
        (*t).tp_free = lifecycle::c_api_slots().gc_del;
        t
    }
}

unsafe fn init_types() -> PyResult<()> {
    // SAFETY: under the GIL; the tables are static and the types live for
    // the process.
    unsafe {
        if !pattern_type().is_null() {
            return Ok(());
        }
        let p = new_type(
            c"re.Pattern",
            std::mem::size_of::<Pattern>(),
            Some(pattern_dealloc),
            Some(pattern_traverse),
            Some(pattern_clear),
        );
        (*p).tp_doc = c"Compiled regular expression object.".as_ptr();
        (*p).tp_repr = Some(pattern_repr);
        (*p).tp_hash = Some(pattern_hash);
        (*p).tp_richcompare = Some(pattern_richcompare);
        (*p).tp_methods = ptr::addr_of_mut!(PATTERN_METHODS).cast();
        (*p).tp_members = ptr::addr_of_mut!(PATTERN_MEMBERS).cast();
        (*p).tp_getset = ptr::addr_of_mut!(PATTERN_GETSET).cast();
        (*p).tp_weaklistoffset = std::mem::offset_of!(Pattern, weakreflist) as isize;
        typeobj::ready_static(p)?;
        *ptr::addr_of_mut!(PATTERN_TYPE) = p;

        let m = new_type(
            c"re.Match",
            std::mem::size_of::<Match>(),
            Some(match_dealloc),
            Some(match_traverse),
            Some(match_clear),
        );
        (*m).tp_doc = c"The result of re.match() and re.search().\nMatch objects always have a boolean value of True.".as_ptr();
        (*m).tp_repr = Some(match_repr);
        (*m).tp_methods = ptr::addr_of_mut!(MATCH_METHODS).cast();
        (*m).tp_members = ptr::addr_of_mut!(MATCH_MEMBERS).cast();
        (*m).tp_getset = ptr::addr_of_mut!(MATCH_GETSET).cast();
        (*m).tp_as_mapping = ptr::addr_of_mut!(MATCH_AS_MAPPING);
        typeobj::ready_static(m)?;
        *ptr::addr_of_mut!(MATCH_TYPE) = m;

        let s = new_type(
            c"_sre.SRE_Scanner",
            std::mem::size_of::<Scanner>(),
            Some(scanner_dealloc),
            Some(scanner_traverse),
            Some(scanner_clear),
        );
        (*s).tp_methods = ptr::addr_of_mut!(SCANNER_METHODS).cast();
        (*s).tp_members = ptr::addr_of_mut!(SCANNER_MEMBERS).cast();
        typeobj::ready_static(s)?;
        *ptr::addr_of_mut!(SCANNER_TYPE) = s;

        let t = new_type(
            c"_sre.SRE_Template",
            std::mem::size_of::<Template>(),
            Some(template_dealloc),
            Some(template_traverse),
            Some(template_clear),
        );
        typeobj::ready_static(t)?;
        *ptr::addr_of_mut!(TEMPLATE_TYPE) = t;
        Ok(())
    }
}

/// Creates the `_sre` module (for the builtin module table).
pub fn create_module() -> PyResult<Owned> {
    // SAFETY: the runtime is initialized; the tables are static.
    unsafe {
        init_types()?;
        let name = unicode::intern("_sre")?;
        let m = module::new(name.as_ptr())?;
        crate::objects::moduledef::add_functions(
            m.as_ptr(),
            ptr::addr_of_mut!(MODULE_METHODS) as *mut PyMethodDef,
        )?;
        let d = module::dict_of(m.as_ptr());
        let vals = [
            ("MAGIC", long::from_i64(MAGIC)?),
            ("CODESIZE", long::from_i64(4)?),
            ("MAXREPEAT", long::from_u64(engine::MAXREPEAT as u64)?),
            ("MAXGROUPS", long::from_u64(engine::MAXGROUPS as u64)?),
            ("copyright", unicode::from_str(COPYRIGHT)?),
        ];
        for (k, v) in vals {
            let key = unicode::intern(k)?;
            dict::set(d, key.as_ptr(), v.as_ptr())?;
        }
        Ok(m)
    }
}
