//! Reporting exceptions and warnings to `sys.stderr` as CPython 3.12 does:
//! `PyErr_Display`/`PyErr_DisplayException` (each exception's traceback,
//! see [`crate::code::traceback`], then `Type: message`, the
//! `__cause__`/`__context__` chain with CPython's separator lines, notes),
//! `PyErr_Print`/`PyErr_PrintEx` (`sys.last_exc` and friends, the report
//! through `sys.excepthook`, `SystemExit` ending the process),
//! `PyErr_WarnEx` with the default warning filters (once per location;
//! `DeprecationWarning` and its quiet relatives ignored), the
//! `PyErr_SetFromErrno` family, and `PyErr_NewException`.

use crate::objects::exceptions::{self, Exc, PyBaseExceptionObject};
use crate::objects::object::*;
use crate::objects::typeobj::{self, PyTypeObject};
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::{
    objects::dict, objects::tuple, objects::unicode, protocols::abstract_, protocols::call,
    system::sysmodule,
};
use std::collections::HashSet;
use std::ffi::CStr;
use std::ptr;

/// The type name as reports show it: module-qualified unless the module
/// is `builtins` or `__main__`.
unsafe fn report_name(t: *mut PyTypeObject) -> String {
    // SAFETY: `t` a live type.
    unsafe {
        let m = typeobj::module_name(t);
        let q = typeobj::qualname(t);
        if m == "builtins" || m == "__main__" {
            q
        } else {
            format!("{m}.{q}")
        }
    }
}

/// Writes `text` to `sys.stderr` (nothing when it is missing or None).
unsafe fn write_stderr(text: &str) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let f = sysmodule::get("stderr");
        if f.is_null() || f == lifecycle::none() {
            return Ok(());
        }
        let f = Owned::from_borrowed(f);
        let s = unicode::from_str(text)?;
        let w = unicode::intern("write")?;
        let m = abstract_::getattr(f.as_ptr(), w.as_ptr())?;
        call::call_args(m.as_ptr(), &[s.as_ptr()])?;
        Ok(())
    }
}

unsafe fn flush_stderr() {
    // SAFETY: forwarded; errors are dropped.
    unsafe {
        let f = sysmodule::get("stderr");
        if f.is_null() || f == lifecycle::none() {
            return;
        }
        let f = Owned::from_borrowed(f);
        if let Ok(n) = unicode::intern("flush") {
            if let Ok(Some(m)) = abstract_::lookup_attr(f.as_ptr(), n.as_ptr()) {
                let _ = call::call_args(m.as_ptr(), &[]);
            }
        }
        err::clear();
    }
}

/// The text of one exception: `Type: message` (or just `Type` for an empty
/// message), then its notes, one per line.
unsafe fn format_one(exc: *mut PyObject) -> PyResult<String> {
    // SAFETY: forwarded.
    unsafe {
        let mut out = report_name((*exc).ob_type);
        let msg = match abstract_::str_string(exc) {
            Ok(m) => m,
            Err(_) => {
                err::clear();
                "<exception str() failed>".into()
            }
        };
        if !msg.is_empty() {
            out.push_str(": ");
            out.push_str(&msg);
        }
        out.push('\n');
        let n = unicode::intern("__notes__")?;
        if let Some(notes) = abstract_::lookup_attr(exc, n.as_ptr())? {
            if crate::objects::list::check(notes.as_ptr()) || tuple::check(notes.as_ptr()) {
                for note in abstract_::collect(notes.as_ptr(), "")? {
                    if unicode::check(note.as_ptr()) {
                        out.push_str(&unicode::as_str(note.as_ptr()));
                    } else {
                        out.push_str(&abstract_::str_string(note.as_ptr())?);
                    }
                    out.push('\n');
                }
            } else {
                out.push_str(&abstract_::str_string(notes.as_ptr())?);
                out.push('\n');
            }
        }
        Ok(out)
    }
}

/// Where a report is inside exception groups (the `traceback` module's
/// `_ExceptionPrintContext`): how deep, and whether the closing line of
/// the innermost box is still owed.
struct GroupCtx {
    depth: usize,
    need_close: bool,
}

/// Sub-exceptions shown per group and group levels shown, as CPython's
/// `traceback` module's defaults.
const MAX_GROUP_WIDTH: usize = 15;
const MAX_GROUP_DEPTH: usize = 10;

impl GroupCtx {
    fn indent(&self) -> String {
        " ".repeat(2 * self.depth)
    }

    /// Appends `text` with every line behind the current margin.
    fn emit(&self, out: &mut String, text: &str, margin: char) {
        if self.depth == 0 {
            out.push_str(text);
            return;
        }
        let prefix = format!("{}{margin} ", self.indent());
        for line in text.split_inclusive('\n') {
            out.push_str(&prefix);
            out.push_str(line);
        }
    }
}

/// The report of `exc` with its chain: causes and contexts first, each
/// followed by CPython's separator, each exception shown once (a cycle
/// ends the walk); exception groups in the boxed form of CPython's
/// `traceback` module, their members numbered.
unsafe fn format_chain(
    exc: *mut PyObject,
    seen: &mut HashSet<usize>,
    ctx: &mut GroupCtx,
    out: &mut String,
) -> PyResult<()> {
    // SAFETY: forwarded; chained exceptions are held while formatted.
    unsafe {
        seen.insert(exc as usize);
        if err::is_exception_instance(exc) {
            let e = exc as *mut PyBaseExceptionObject;
            let (cause, ctx_exc) = ((*e).cause, (*e).context);
            let chained = if !cause.is_null()
                && err::is_exception_instance(cause)
                && !seen.contains(&(cause as usize))
            {
                Some((
                    cause,
                    "\nThe above exception was the direct cause of the following exception:\n\n",
                ))
            } else if !ctx_exc.is_null()
                && (*e).suppress_context == 0
                && err::is_exception_instance(ctx_exc)
                && !seen.contains(&(ctx_exc as usize))
            {
                Some((
                    ctx_exc,
                    "\nDuring handling of the above exception, another exception occurred:\n\n",
                ))
            } else {
                None
            };
            if let Some((c, msg)) = chained {
                let c = Owned::from_borrowed(c);
                format_chain(c.as_ptr(), seen, ctx, out)?;
                ctx.emit(out, msg, '|');
            }
        }
        let tb_text = if err::is_exception_instance(exc) {
            let tb = (*(exc as *mut PyBaseExceptionObject)).traceback;
            if !tb.is_null() && crate::code::traceback::check(tb) {
                let tb = Owned::from_borrowed(tb);
                crate::code::traceback::format(tb.as_ptr())?
            } else {
                String::new()
            }
        } else {
            String::new()
        };
        if !crate::objects::exceptiongroup::is_group(exc) {
            ctx.emit(out, &tb_text, '|');
            ctx.emit(out, &format_one(exc)?, '|');
            return Ok(());
        }
        if ctx.depth > MAX_GROUP_DEPTH {
            ctx.emit(
                out,
                &format!("... (max_group_depth is {MAX_GROUP_DEPTH})\n"),
                '|',
            );
            return Ok(());
        }
        let toplevel = ctx.depth == 0;
        if toplevel {
            ctx.depth += 1;
        }
        if let Some(rest) = tb_text.strip_prefix("Traceback (most recent call last):\n") {
            ctx.emit(
                out,
                "Exception Group Traceback (most recent call last):\n",
                if toplevel { '+' } else { '|' },
            );
            ctx.emit(out, rest, '|');
        }
        ctx.emit(out, &format_one(exc)?, '|');
        let excs = Owned::from_borrowed(
            (*(exc as *mut crate::objects::exceptions::PyBaseExceptionGroupObject)).excs,
        );
        let num = tuple::size(excs.as_ptr()) as usize;
        let n = if num <= MAX_GROUP_WIDTH {
            num
        } else {
            MAX_GROUP_WIDTH + 1
        };
        ctx.need_close = false;
        for i in 0..n {
            let last = i == n - 1;
            if last {
                ctx.need_close = true;
            }
            let truncated = i >= MAX_GROUP_WIDTH;
            let title = if truncated {
                "...".to_string()
            } else {
                (i + 1).to_string()
            };
            out.push_str(&ctx.indent());
            out.push_str(if i == 0 { "+-" } else { "  " });
            out.push_str(&format!("+---------------- {title} ----------------\n"));
            ctx.depth += 1;
            if truncated {
                let remaining = num - MAX_GROUP_WIDTH;
                let plural = if remaining > 1 { "s" } else { "" };
                ctx.emit(
                    out,
                    &format!("and {remaining} more exception{plural}\n"),
                    '|',
                );
            } else {
                let sub = Owned::from_borrowed(tuple::item(excs.as_ptr(), i as isize));
                format_chain(sub.as_ptr(), seen, ctx, out)?;
            }
            if last && ctx.need_close {
                out.push_str(&ctx.indent());
                out.push_str("+------------------------------------\n");
                ctx.need_close = false;
            }
            ctx.depth -= 1;
        }
        if toplevel {
            ctx.depth = 0;
        }
        Ok(())
    }
}

/// `PyErr_DisplayException(exc)`: writes the report of `exc` to
/// `sys.stderr`. Errors while reporting are dropped, as CPython's are.
///
/// # Safety
/// `exc` live.
pub unsafe fn display(exc: *mut PyObject) {
    // SAFETY: forwarded.
    unsafe {
        err::preserving(|| {
            let mut text = String::new();
            let mut ctx = GroupCtx {
                depth: 0,
                need_close: false,
            };
            if format_chain(exc, &mut HashSet::new(), &mut ctx, &mut text).is_ok() {
                let _ = write_stderr(&text);
            }
            err::clear();
            flush_stderr();
        });
    }
}

/// The report [`display`] writes for `exc` (an exception; `tb` its
/// traceback when it has none), for writing to another file
/// (`_PyErr_Display(file, ...)`).
///
/// # Safety
/// `exc` a live exception; `tb` NULL or live.
pub unsafe fn format_exception(exc: *mut PyObject, tb: *mut PyObject) -> PyResult<String> {
    // SAFETY: forwarded.
    unsafe {
        let e = exc as *mut PyBaseExceptionObject;
        if !tb.is_null() && crate::code::traceback::check(tb) && (*e).traceback.is_null() {
            (*e).traceback = new_ref(tb);
        }
        let mut text = String::new();
        let mut ctx = GroupCtx {
            depth: 0,
            need_close: false,
        };
        format_chain(exc, &mut HashSet::new(), &mut ctx, &mut text)?;
        Ok(text)
    }
}

/// `PyErr_Display(type, value, tb)` and the default `sys.excepthook`:
/// [`display`] for an exception (which takes `tb` as its traceback if it
/// has none); for anything else the line CPython's `print_exception()`
/// writes.
///
/// # Safety
/// `value`, `tb` NULL or live.
pub unsafe fn display_value(value: *mut PyObject, tb: *mut PyObject) {
    // SAFETY: forwarded.
    unsafe {
        if !value.is_null() && err::is_exception_instance(value) {
            // a traceback given beside an exception without one is its own
            let e = value as *mut PyBaseExceptionObject;
            if !tb.is_null() && crate::code::traceback::check(tb) && (*e).traceback.is_null() {
                (*e).traceback = new_ref(tb);
            }
            return display(value);
        }
        let tname = if value.is_null() {
            "NoneType".to_string()
        } else {
            typeobj::full_name((*value).ob_type)
        };
        err::preserving(|| {
            let _ = write_stderr(&format!(
                "TypeError: print_exception(): Exception expected for value, {tname} found\n"
            ));
            err::clear();
            flush_stderr();
        });
    }
}

/// `PyErr_PrintEx(set_sys_last_vars)`: takes the current exception and
/// reports it through `sys.excepthook(type, value, traceback)`; with the
/// flag, stores it first as `sys.last_exc` (and the legacy
/// `last_type`/`last_value`/`last_traceback`). A failing hook is reported
/// ("Error in sys.excepthook:") followed by the original exception, a
/// missing one by "sys.excepthook is missing". A `SystemExit` (raised, or
/// raised by the hook) ends the process with its code, as CPython does.
/// Nothing happens when no exception is set.
pub fn print_ex(set_sys_last_vars: bool) {
    let exc = err::take();
    if exc.is_null() {
        return;
    }
    // SAFETY: `exc` is owned here.
    unsafe {
        let exc = Owned::from_raw(exc);
        if err::given_matches(exc.as_ptr(), exceptions::get(Exc::SystemExit)) {
            handle_system_exit(exc.as_ptr());
        }
        if set_sys_last_vars {
            let t = (*exc.as_ptr()).ob_type as *mut PyObject;
            let tb = (*(exc.as_ptr() as *mut PyBaseExceptionObject)).traceback;
            let tb = if tb.is_null() { lifecycle::none() } else { tb };
            for (k, v) in [
                ("last_exc", exc.as_ptr()),
                ("last_type", t),
                ("last_value", exc.as_ptr()),
                ("last_traceback", tb),
            ] {
                let _ = sysmodule::set(k, v);
            }
            err::clear();
        }
        let t = (*exc.as_ptr()).ob_type as *mut PyObject;
        let tb = (*(exc.as_ptr() as *mut PyBaseExceptionObject)).traceback;
        let tb = if tb.is_null() { lifecycle::none() } else { tb };
        let hook = sysmodule::get("excepthook");
        if hook.is_null() {
            let _ = write_stderr("sys.excepthook is missing\n");
            err::clear();
            display(exc.as_ptr());
            return;
        }
        let hook = Owned::from_borrowed(hook);
        match call::call_args(hook.as_ptr(), &[t, exc.as_ptr(), tb]) {
            Ok(_) => {}
            Err(_) => {
                let exc2 = Owned::from_raw(err::take());
                if err::given_matches(exc2.as_ptr(), exceptions::get(Exc::SystemExit)) {
                    handle_system_exit(exc2.as_ptr());
                }
                let _ = write_stderr("Error in sys.excepthook:\n");
                err::clear();
                display(exc2.as_ptr());
                let _ = write_stderr("\nOriginal exception was:\n");
                err::clear();
                display(exc.as_ptr());
            }
        }
    }
}

/// Ends the process for a `SystemExit`: its code (None → 0, an int → that
/// status, anything else printed to `sys.stderr` → 1).
unsafe fn handle_system_exit(exc: *mut PyObject) -> ! {
    // SAFETY: forwarded.
    unsafe {
        let args = (*(exc as *mut PyBaseExceptionObject)).args;
        let code = if !args.is_null() && tuple::check(args) && tuple::size(args) == 1 {
            tuple::item(args, 0)
        } else if !args.is_null() && tuple::check(args) && tuple::size(args) > 1 {
            args
        } else {
            lifecycle::none()
        };
        let status = if code == lifecycle::none() {
            0
        } else if crate::objects::long::check(code) {
            crate::objects::long::as_ssize(code).unwrap_or(1) as i32
        } else {
            let s = abstract_::str_string(code).unwrap_or_default();
            let _ = write_stderr(&format!("{s}\n"));
            1
        };
        err::clear();
        flush_stderr();
        crate::system::io::flush_open_writers();
        std::process::exit(status)
    }
}

static mut WARNED: Option<HashSet<(String, usize)>> = None;

/// `PyErr_WarnEx(category, text, stacklevel)` under CPython's default
/// filters: `DeprecationWarning`, `PendingDeprecationWarning`,
/// `ImportWarning` and `ResourceWarning` are ignored; any other warning is
/// shown the first time its text and category occur at a location. With no
/// Python frame the location is `sys:1`, so the report reads
/// `sys:1: Category: text`. Returns 0 (no filter turns warnings into
/// errors yet).
///
/// # Safety
/// `category` NULL or a live warning class.
pub unsafe fn warn(category: *mut PyObject, text: &str) -> PyResult<()> {
    // SAFETY: forwarded; the registry is guarded by the GIL.
    unsafe {
        let category = if category.is_null() {
            exceptions::get(Exc::RuntimeWarning)
        } else {
            category
        };
        if !typeobj::is_type(category)
            || !typeobj::is_subtype(
                category as *mut PyTypeObject,
                exceptions::get(Exc::Warning) as *mut PyTypeObject,
            )
        {
            return Err(err::type_error(&format!(
                "category must be a Warning subclass, not '{}'",
                typeobj::type_name_of(category)
            )));
        }
        for quiet in [
            Exc::DeprecationWarning,
            Exc::PendingDeprecationWarning,
            Exc::ImportWarning,
            Exc::ResourceWarning,
        ] {
            if typeobj::is_subtype(
                category as *mut PyTypeObject,
                exceptions::get(quiet) as *mut PyTypeObject,
            ) {
                return Ok(());
            }
        }
        let reg = (*ptr::addr_of_mut!(WARNED)).get_or_insert_with(HashSet::new);
        if !reg.insert((text.to_string(), category as usize)) {
            return Ok(());
        }
        let name = CStr::from_ptr((*(category as *mut PyTypeObject)).tp_name)
            .to_string_lossy()
            .rsplit('.')
            .next()
            .unwrap_or_default()
            .to_string();
        write_stderr(&format!("sys:1: {name}: {text}\n"))
    }
}

/// The C library's message for `errno` (`strerror`), CPython's `"Error"`
/// for 0.
pub(crate) fn strerror(errno: i32) -> String {
    if errno == 0 {
        return "Error".into();
    }
    let s = std::io::Error::from_raw_os_error(errno).to_string();
    match s.rfind(" (os error ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// `PyErr_SetFromErrnoWithFilenameObjects(type, f1, f2)`: raises
/// `type(errno, strerror(errno)[, f1[, 0, f2]])` (an `OSError` subclass by
/// errno when `type` is `OSError`) with the current C `errno`.
///
/// # Safety
/// `exc_type` live; `f1`, `f2` NULL or live.
pub unsafe fn set_from_errno(
    exc_type: *mut PyObject,
    f1: *mut PyObject,
    f2: *mut PyObject,
) -> err::Raised {
    let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
    // SAFETY: forwarded.
    unsafe { set_from_errno_code(exc_type, errno, f1, f2) }
}

/// [`set_from_errno`] for a given `errno` value.
///
/// # Safety
/// `exc_type` live; `f1`, `f2` NULL or live.
pub unsafe fn set_from_errno_code(
    exc_type: *mut PyObject,
    errno: i32,
    f1: *mut PyObject,
    f2: *mut PyObject,
) -> err::Raised {
    // SAFETY: forwarded.
    unsafe {
        let r = (|| -> PyResult<Owned> {
            let n = crate::objects::long::from_i64(errno as i64)?;
            let msg = unicode::from_str(&strerror(errno))?;
            let args = match (f1.is_null(), f2.is_null()) {
                (true, _) => tuple::new_from(&[n.as_ptr(), msg.as_ptr()])?,
                (false, true) => tuple::new_from(&[n.as_ptr(), msg.as_ptr(), f1])?,
                (false, false) => {
                    let zero = crate::objects::long::from_i64(0)?;
                    tuple::new_from(&[n.as_ptr(), msg.as_ptr(), f1, zero.as_ptr(), f2])?
                }
            };
            call::call(exc_type, args.as_ptr(), ptr::null_mut())
        })();
        match r {
            Ok(v) => {
                let t = (*v.as_ptr()).ob_type as *mut PyObject;
                err::set_object(t, v.as_ptr())
            }
            Err(e) => e,
        }
    }
}

/// `PyErr_NewExceptionWithDoc(name, doc, base, dict)`: a new exception
/// class named `name` (`module.Class`), deriving from `base` (NULL:
/// `Exception`; a class or a tuple of classes), with the entries of `dict`
/// and `doc` as `__doc__` (None without).
///
/// # Safety
/// `base`, `dict` NULL or live.
pub unsafe fn new_exception(
    name: &CStr,
    doc: Option<&CStr>,
    base: *mut PyObject,
    dict_: *mut PyObject,
) -> PyResult<Owned> {
    // SAFETY: forwarded; the spec lives for the call (the type copies it).
    unsafe {
        let text = name.to_string_lossy();
        if !text.contains('.') {
            return Err(err::system_error(
                "PyErr_NewException: name must be module.class",
            ));
        }
        let base = if base.is_null() {
            exceptions::get(Exc::Exception)
        } else {
            base
        };
        let bases = if tuple::check(base) {
            Owned::from_borrowed(base)
        } else {
            tuple::new_from(&[base])?
        };
        let mut slots = [crate::objects::heaptype::PyType_Slot {
            slot: 0,
            pfunc: ptr::null_mut(),
        }];
        let spec = crate::objects::heaptype::PyType_Spec {
            name: name.as_ptr(),
            basicsize: 0,
            itemsize: 0,
            flags: (typeobj::flags::DEFAULT | typeobj::flags::BASETYPE) as std::ffi::c_uint,
            slots: slots.as_mut_ptr(),
        };
        let t = crate::objects::heaptype::from_spec(
            ptr::null_mut(),
            ptr::null_mut(),
            &spec,
            bases.as_ptr(),
        )?;
        let doc_value = match doc {
            Some(d) => unicode::from_utf8(d.to_bytes())?,
            None => Owned::from_borrowed(lifecycle::none()),
        };
        let k = unicode::intern("__doc__")?;
        abstract_::setattr(t.as_ptr(), k.as_ptr(), doc_value.as_ptr())?;
        if !dict_.is_null() {
            if !dict::check(dict_) {
                return Err(err::bad_argument());
            }
            for (k, v) in dict::items_vec(dict_) {
                abstract_::setattr(t.as_ptr(), k.as_ptr(), v.as_ptr())?;
            }
        }
        Ok(t)
    }
}
