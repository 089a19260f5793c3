//! Traceback objects (`PyTraceBack_Type`) with CPython 3.12's public
//! `PyTracebackObject` layout, `PyTraceBack_Here`, and the text of a
//! traceback as CPython prints it (`PyTraceBack_Print`, and the reports of
//! `PyErr_Print`, `PyErr_DisplayException` and the unraisable hook).
//!
//! Entries point at frames; until the evaluator runs code, the frames C
//! code can make are `PyFrame_New`'s (see [`crate::code::frameobject`]), and
//! `PyTraceBack_Here` on them builds the same chain CPython builds.
//!
//! The printed text: `Traceback (most recent call last):`, then per entry
//! `  File "<file>", line <n>, in <name>` and, when the file can be read,
//! its source line with the leading whitespace removed; a run of more than
//! three identical entries is cut to three and `[Previous line repeated N
//! more time(s)]`; `sys.tracebacklimit` keeps only the newest entries (none
//! at all when it is zero or less). CPython's caret lines need column
//! positions, which only compiled code has: they are not printed.

use crate::code::codeobject::{self, PyCodeObject};
use crate::code::frameobject::{self, PyFrameObject};
use crate::objects::exceptions::PyBaseExceptionObject;
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyTypeObject};
use crate::runtime::alloc;
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::{
    objects::dict, objects::long, objects::tuple, objects::unicode, runtime::gc, system::sysmodule,
};
use std::ffi::{c_int, c_void};
use std::ptr;

/// CPython 3.12's `PyTracebackObject` (`cpython/traceback.h`).
#[repr(C)]
pub struct PyTracebackObject {
    /// Header.
    pub ob_base: PyObject,
    /// The next entry (the frame this one called), or NULL.
    pub tb_next: *mut PyObject,
    /// The frame of this entry.
    pub tb_frame: *mut PyObject,
    /// Byte offset of the instruction in the frame's code.
    pub tb_lasti: c_int,
    /// The line, or -1 until computed from `tb_lasti` (as CPython 3.12).
    pub tb_lineno: c_int,
}
const _: () = assert!(std::mem::offset_of!(PyTracebackObject, tb_lasti) == 32);
const _: () = assert!(std::mem::size_of::<PyTracebackObject>() == 40);

/// Entries of one repeated line printed before they are counted instead.
const RECURSIVE_CUTOFF: usize = 3;
/// `sys.tracebacklimit`'s default.
const DEFAULT_LIMIT: i64 = 1000;

/// Fills in `PyTraceBack_Type`. Start-up only.
pub(crate) unsafe fn init_type() {
    // SAFETY: start-up, exclusive access to the static type.
    unsafe {
        let t = lifecycle::traceback_type();
        (*t).ob_base.ob_base = static_header(lifecycle::type_type());
        (*t).tp_name = c"traceback".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<PyTracebackObject>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::HAVE_GC;
        (*t).tp_dealloc = Some(tb_dealloc);
        (*t).tp_traverse = Some(tb_traverse);
        (*t).tp_clear = Some(tb_clear);
        (*t).tp_new = Some(tb_new);
        (*t).tp_getset = ptr::addr_of_mut!(TB_GETSET) as *mut typeobj::PyGetSetDef;
    }
}

/// Readies `PyTraceBack_Type`. Start-up only.
pub(crate) unsafe fn ready_type() {
    // SAFETY: start-up.
    unsafe {
        if typeobj::ready_static(lifecycle::traceback_type()).is_err() {
            lifecycle::fatal("Py_Initialize", "cannot ready the traceback type");
        }
    }
}

/// `PyTraceBack_Check`.
///
/// # Safety
/// `op` live.
#[inline]
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { (*op).ob_type == lifecycle::traceback_type() }
}

/// A new entry for `frame` in front of `next` (NULL or a traceback).
///
/// # Safety
/// `next` NULL or a live traceback; `frame` a live frame.
unsafe fn create(
    next: *mut PyObject,
    frame: *mut PyObject,
    lasti: c_int,
    lineno: c_int,
) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let op = alloc::new_object(
            lifecycle::traceback_type(),
            std::mem::size_of::<PyTracebackObject>(),
        )?;
        let tb = op as *mut PyTracebackObject;
        (*tb).tb_next = if next.is_null() { next } else { new_ref(next) };
        (*tb).tb_frame = new_ref(frame);
        (*tb).tb_lasti = lasti;
        (*tb).tb_lineno = lineno;
        gc::track(op);
        Ok(Owned::from_raw(op))
    }
}

/// `PyTraceBack_Here(frame)`: puts a new entry for `frame` in front of the
/// raised exception's traceback. `SystemError` (and nothing changed) when
/// no exception is set or `frame` is not a frame.
///
/// # Safety
/// `frame` NULL or live.
pub unsafe fn here(frame: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded; the raised exception is taken and put back.
    unsafe {
        if frame.is_null() || !frameobject::check(frame) {
            return Err(err::bad_argument());
        }
        let exc = err::take();
        if exc.is_null() {
            return Err(err::system_error("PyTraceBack_Here: no exception is set"));
        }
        let e = exc as *mut PyBaseExceptionObject;
        let lasti = frameobject::lasti(frame);
        match create((*e).traceback, frame, lasti, -1) {
            Ok(tb) => {
                let old = std::mem::replace(&mut (*e).traceback, tb.into_raw());
                xdecref(old);
                err::restore(exc);
                Ok(())
            }
            Err(r) => {
                // the new error is raised, with the exception as context
                err::chain1(exc);
                Err(r)
            }
        }
    }
}

/// The line of an entry (computed from `tb_lasti` when not given).
///
/// # Safety
/// `tb` a live traceback.
pub unsafe fn lineno(tb: *mut PyObject) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        let t = tb as *mut PyTracebackObject;
        if (*t).tb_lineno != -1 {
            return (*t).tb_lineno;
        }
        let f = (*t).tb_frame as *mut PyFrameObject;
        codeobject::addr2line((*f).f_code, (*t).tb_lasti)
    }
}

/// The text `PyTraceBack_Print` writes for `tb`: empty when
/// `sys.tracebacklimit` is zero or less.
///
/// # Safety
/// `tb` a live traceback.
pub unsafe fn format(tb: *mut PyObject) -> PyResult<String> {
    // SAFETY: forwarded; the chain is held by `tb` while it is walked.
    unsafe {
        let mut limit = DEFAULT_LIMIT;
        let lim = sysmodule::get("tracebacklimit");
        if !lim.is_null() && long::check(lim) {
            let (v, overflow) = long::as_i64_and_overflow(lim)?;
            limit = if overflow > 0 { i64::MAX } else { v };
            if overflow < 0 || limit <= 0 {
                return Ok(String::new());
            }
        }
        let mut entries = Vec::new();
        let mut t = tb;
        while !t.is_null() {
            entries.push(t);
            t = (*(t as *mut PyTracebackObject)).tb_next;
        }
        let skip = entries
            .len()
            .saturating_sub(usize::try_from(limit).unwrap_or(usize::MAX));
        let mut out = String::from("Traceback (most recent call last):\n");
        let mut last: Option<(String, c_int, String)> = None;
        let mut count = 0usize;
        for &t in &entries[skip..] {
            let f = (*(t as *mut PyTracebackObject)).tb_frame as *mut PyFrameObject;
            let c = (*f).f_code as *mut PyCodeObject;
            let key = (
                unicode::as_str((*c).co_filename).into_owned(),
                lineno(t),
                unicode::as_str((*c).co_name).into_owned(),
            );
            if last.as_ref() != Some(&key) {
                repeated(&mut out, count);
                last = Some(key.clone());
                count = 0;
            }
            count += 1;
            if count <= RECURSIVE_CUTOFF {
                let (file, line, name) = &key;
                out.push_str(&format!("  File \"{file}\", line {line}, in {name}\n"));
                if let Some(src) = source_line(file, *line) {
                    let stripped = src.trim_start_matches([' ', '\t', '\x0c']);
                    out.push_str("    ");
                    out.push_str(stripped);
                    out.push('\n');
                    let lasti = (*(t as *mut PyTracebackObject)).tb_lasti;
                    if let Some(c) =
                        carets(&src, codeobject::addr2location(c as *mut PyObject, lasti))
                    {
                        out.push_str(&c);
                        out.push('\n');
                    }
                }
            }
        }
        repeated(&mut out, count);
        Ok(out)
    }
}

fn repeated(out: &mut String, count: usize) {
    if count > RECURSIVE_CUTOFF {
        let n = count - RECURSIVE_CUTOFF;
        out.push_str(&format!(
            "  [Previous line repeated {n} more time{}]\n",
            if n > 1 { "s" } else { "" }
        ));
    }
}

/// Line `line` (1-based) of `file` without its line end, if the file can
/// be read (not for names like `<string>`).
fn source_line(file: &str, line: c_int) -> Option<String> {
    if line < 1 || (file.starts_with('<') && file.ends_with('>')) {
        return None;
    }
    let data = std::fs::read(file).ok()?;
    let text = String::from_utf8_lossy(&data);
    let l = text.lines().nth(line as usize - 1)?;
    Some(l.trim_end_matches('\r').to_string())
}

/// The character offset of UTF-8 byte offset `b` in `s` (CPython's
/// `_PyPegen_byte_offset_to_character_offset`, clamped to the text).
fn char_offset(s: &str, b: usize) -> usize {
    let b = b.min(s.len());
    String::from_utf8_lossy(&s.as_bytes()[..b]).chars().count()
}

/// The marker line CPython 3.12 prints under a traceback's source line
/// (`tb_displayline`): `^` under the failing instruction's columns, or `~`
/// with `^` under the operator of a binary operation or the brackets of a
/// subscript; nothing when the mark would span the whole line. `line` is
/// the source line with its indentation, `loc` the instruction's
/// `(line, col, end_line, end_col)`.
fn carets(line: &str, loc: (c_int, c_int, c_int, c_int)) -> Option<String> {
    let (start_line, col, end_line, end_col) = loc;
    if start_line < 0 || end_line < 0 || col < 0 || end_col < 0 {
        return None;
    }
    let chars: Vec<char> = line.chars().collect();
    let leading = chars
        .iter()
        .take_while(|&&c| c == ' ' || c == '\t' || c == '\x0c')
        .count() as i64;
    let truncation = leading - 4;
    let start = char_offset(line, col as usize) as i64;
    let mut end = char_offset(line, end_col as usize) as i64;
    let mut anchors: Option<(i64, i64, bool)> = None;
    if start_line == end_line {
        let (s, e) = (start as usize, (end as usize).min(chars.len()));
        if s <= e {
            let segment: String = chars[s..e].iter().collect();
            if let Some((l, r, marked)) = ophis_compiler::parse::caret_anchors(&segment) {
                anchors = Some((
                    char_offset(&segment, l) as i64 + start,
                    char_offset(&segment, r) as i64 + start,
                    marked,
                ));
            }
        }
    } else {
        let bytes = line.as_bytes();
        let mut i = chars.len() as i64;
        loop {
            i -= 1;
            if i < 0 {
                break;
            }
            let c = bytes.get(i as usize).copied().unwrap_or(b'x');
            if c != b' ' && c != b'\t' && c != 0x0c {
                break;
            }
        }
        end = i + 1;
    }
    let stripped_len = chars.len() as i64 - leading;
    if end - start == stripped_len && anchors.is_none() {
        return None;
    }
    let (primary, secondary) = match anchors {
        Some((_, _, true)) => ('~', '^'),
        _ => ('^', '^'),
    };
    let mut out = String::new();
    let mut offset = truncation;
    loop {
        offset += 1;
        if offset > end {
            break;
        }
        out.push(if offset <= start {
            ' '
        } else if anchors.is_some_and(|(l, r, _)| l < offset && offset <= r) {
            secondary
        } else {
            primary
        });
    }
    Some(out)
}

/// `PyTraceBack_Print(tb, file)`: writes the traceback text to `file`
/// (nothing for NULL); `SystemError` for a non-traceback.
///
/// # Safety
/// `tb`, `file` NULL or live.
pub unsafe fn print(tb: *mut PyObject, file: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if tb.is_null() {
            return Ok(());
        }
        if !check(tb) || file.is_null() {
            return Err(err::bad_argument());
        }
        let text = format(tb)?;
        if text.is_empty() {
            return Ok(());
        }
        let s = unicode::from_str(&text)?;
        let name = unicode::intern("write")?;
        let m = crate::protocols::abstract_::getattr(file, name.as_ptr())?;
        crate::protocols::call::call_args(m.as_ptr(), &[s.as_ptr()])?;
        Ok(())
    }
}

unsafe extern "C" fn tb_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        let t = op as *mut PyTracebackObject;
        clear_slot(ptr::addr_of_mut!((*t).tb_next));
        clear_slot(ptr::addr_of_mut!((*t).tb_frame));
        alloc::free_object(op);
    }
}

unsafe extern "C" fn tb_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a traceback.
    unsafe {
        let t = op as *mut PyTracebackObject;
        gc::visit_all([(*t).tb_next, (*t).tb_frame], visit, arg)
    }
}

unsafe extern "C" fn tb_clear(op: *mut PyObject) -> c_int {
    // SAFETY: slot on a traceback.
    unsafe {
        let t = op as *mut PyTracebackObject;
        clear_slot(ptr::addr_of_mut!((*t).tb_next));
        clear_slot(ptr::addr_of_mut!((*t).tb_frame));
        0
    }
}

/// `TracebackType(tb_next, tb_frame, tb_lasti, tb_lineno)`.
unsafe extern "C" fn tb_new(
    _t: *mut PyTypeObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract: `args` a tuple, `kwargs` NULL or a dict.
    unsafe {
        let r = (|| -> PyResult<Owned> {
            const NAMES: [&str; 4] = ["tb_next", "tb_frame", "tb_lasti", "tb_lineno"];
            let n = tuple::size(args) as usize;
            if n > 4 {
                return Err(err::type_error(&format!(
                    "TracebackType() takes at most 4 arguments ({n} given)"
                )));
            }
            let mut v: [*mut PyObject; 4] = [ptr::null_mut(); 4];
            for (i, slot) in v.iter_mut().enumerate().take(n) {
                *slot = tuple::item(args, i as isize);
            }
            if !kwargs.is_null() {
                let mut pos = 0;
                while let Some((k, val)) = dict::next(kwargs, &mut pos) {
                    let name = unicode::as_str(k);
                    match NAMES.iter().position(|&x| x == name) {
                        Some(i) if v[i].is_null() => v[i] = val,
                        Some(i) => {
                            return Err(err::type_error(&format!(
                                "argument for TracebackType() given by name ('{name}') and position ({})",
                                i + 1
                            )))
                        }
                        None => {
                            return Err(err::type_error(&format!(
                                "TracebackType() got an unexpected keyword argument '{name}'"
                            )))
                        }
                    }
                }
            }
            if let Some(i) = v.iter().position(|p| p.is_null()) {
                return Err(err::type_error(&format!(
                    "TracebackType() missing required argument '{}' (pos {})",
                    NAMES[i],
                    i + 1
                )));
            }
            let next = v[0];
            if next != lifecycle::none() && !check(next) {
                return Err(err::type_error(&format!(
                    "expected traceback object or None, got '{}'",
                    typeobj::type_name_of(next)
                )));
            }
            if !frameobject::check(v[1]) {
                let got = if v[1] == lifecycle::none() {
                    "None".to_string()
                } else {
                    typeobj::type_name_of(v[1])
                };
                return Err(err::type_error(&format!(
                    "TracebackType() argument 'tb_frame' must be frame, not {got}"
                )));
            }
            let lasti = as_c_int(v[2])?;
            let line = as_c_int(v[3])?;
            let next = if next == lifecycle::none() {
                ptr::null_mut()
            } else {
                next
            };
            create(next, v[1], lasti, line)
        })();
        err::into_ptr(r)
    }
}

/// An argument-clinic `int`: an int that fits a C int.
unsafe fn as_c_int(o: *mut PyObject) -> PyResult<c_int> {
    // SAFETY: forwarded.
    unsafe {
        if !long::check(o) {
            return Err(err::type_error(&format!(
                "'{}' object cannot be interpreted as an integer",
                typeobj::type_name_of(o)
            )));
        }
        let v = long::as_i64(o, "Python int too large to convert to C int")?;
        c_int::try_from(v)
            .map_err(|_| err::overflow_error("Python int too large to convert to C int"))
    }
}

unsafe extern "C" fn g_next(op: *mut PyObject, _x: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on a traceback.
    unsafe {
        let n = (*(op as *mut PyTracebackObject)).tb_next;
        new_ref(if n.is_null() { lifecycle::none() } else { n })
    }
}

/// `tb.tb_next = v`: a traceback or None, not one that would make a loop.
unsafe extern "C" fn s_next(op: *mut PyObject, v: *mut PyObject, _x: *mut c_void) -> c_int {
    // SAFETY: setter on a traceback.
    unsafe {
        if v.is_null() {
            return err::type_error("can't delete tb_next attribute").into();
        }
        let v = if v == lifecycle::none() {
            ptr::null_mut()
        } else {
            v
        };
        if !v.is_null() {
            if !check(v) {
                return err::type_error(&format!(
                    "expected traceback object, got '{}'",
                    typeobj::type_name_of(v)
                ))
                .into();
            }
            let mut c = v;
            while !c.is_null() {
                if c == op {
                    return err::value_error("traceback loop detected").into();
                }
                c = (*(c as *mut PyTracebackObject)).tb_next;
            }
        }
        let t = op as *mut PyTracebackObject;
        let old = std::mem::replace(&mut (*t).tb_next, if v.is_null() { v } else { new_ref(v) });
        xdecref(old);
        0
    }
}

unsafe extern "C" fn g_frame(op: *mut PyObject, _x: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on a traceback.
    unsafe { new_ref((*(op as *mut PyTracebackObject)).tb_frame) }
}

unsafe extern "C" fn g_lasti(op: *mut PyObject, _x: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on a traceback.
    unsafe {
        err::into_ptr(long::from_i64(
            (*(op as *mut PyTracebackObject)).tb_lasti as i64,
        ))
    }
}

unsafe extern "C" fn g_lineno(op: *mut PyObject, _x: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on a traceback.
    unsafe { err::into_ptr(long::from_i64(lineno(op) as i64)) }
}

static mut TB_GETSET: [typeobj::PyGetSetDef; 5] = [
    typeobj::getset_rw(c"tb_next", Some(g_next), Some(s_next)),
    typeobj::getset(c"tb_frame", Some(g_frame)),
    typeobj::getset(c"tb_lasti", Some(g_lasti)),
    typeobj::getset(c"tb_lineno", Some(g_lineno)),
    typeobj::GETSET_END,
];

#[cfg(test)]
mod tests {
    use super::repeated;

    #[test]
    fn repeated_line_counts() {
        let mut s = String::new();
        repeated(&mut s, 3);
        assert_eq!(s, "");
        repeated(&mut s, 4);
        assert_eq!(s, "  [Previous line repeated 1 more time]\n");
        s.clear();
        repeated(&mut s, 6);
        assert_eq!(s, "  [Previous line repeated 3 more times]\n");
    }
}
