//! The builtin functions beyond `builtins.rs`'s first set that still need
//! no running frame: `print` (through `file.write`, `sys.stdout` by
//! default), the numeric helpers (`abs`, `divmod`, `pow`, `round`, `bin`,
//! `oct`, `hex`, `chr`, `ord`), the reductions (`all`, `any`, `sum`, `min`,
//! `max`, `sorted`), `dir` and `vars` of an object, and `__import__`;
//! each with CPython 3.12's signature (Argument Clinic's or the
//! hand-written parser's errors) and messages.

use crate::objects::exceptions::Exc;
use crate::objects::object::*;
use crate::objects::typeobj::{self, PyMethodDef};
use crate::protocols::clinic::{fastcall_varargs, kw_opt, Sig};
use crate::runtime::err::{self, PyResult};
use crate::{
    objects::unicode, protocols::abstract_, protocols::call, runtime::lifecycle, system::sysmodule,
};
use std::ptr;

/// The functions this file adds to `builtins`.
pub(crate) static mut FUNCTIONS: [PyMethodDef; 2] = [
    crate::protocols::clinic::def(c"print", builtin_print),
    typeobj::METHOD_END,
];

/// `PyFile_WriteObject`: writes `str(v)` (`raw`) or `repr(v)` to `f` with
/// its `write` method (looked up before the conversion, as CPython does).
///
/// # Safety
/// `v` live; `f` NULL or live.
pub unsafe fn write_object(v: *mut PyObject, f: *mut PyObject, raw: bool) -> PyResult<()> {
    // SAFETY: forwarded; the writer is held while it runs.
    unsafe {
        if f.is_null() {
            return Err(err::type_error("writeobject with NULL file"));
        }
        let name = unicode::intern("write")?;
        let writer = abstract_::getattr(f, name.as_ptr())?;
        let value = if raw {
            abstract_::str(v)?
        } else {
            abstract_::repr(v)?
        };
        call::call_args(writer.as_ptr(), &[value.as_ptr()])?;
        Ok(())
    }
}

/// `PyFile_WriteString`: writes `s` to `f` with its `write` method.
///
/// # Safety
/// `f` NULL or live.
pub unsafe fn write_string(s: &str, f: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if f.is_null() {
            if err::occurred().is_null() {
                return Err(err::system_error("null file for PyFile_WriteString"));
            }
            return Err(err::Raised::assume());
        }
        if !err::occurred().is_null() {
            return Err(err::Raised::assume());
        }
        let v = unicode::from_str(s)?;
        write_object(v.as_ptr(), f, true)
    }
}

/// `sep`/`end` of `print`: None or a str (NULL for "the default").
///
/// # Safety
/// `v` live.
unsafe fn none_or_str(v: Option<*mut PyObject>, what: &str) -> PyResult<*mut PyObject> {
    match v {
        None => Ok(ptr::null_mut()),
        Some(v) if v == lifecycle::none() => Ok(ptr::null_mut()),
        // SAFETY: forwarded.
        Some(v) if unsafe { unicode::check(v) } => Ok(v),
        Some(v) => Err(err::type_error(&format!(
            "{what} must be None or a string, not {}",
            // SAFETY: forwarded.
            unsafe { typeobj::type_name_of(v) }
        ))),
    }
}

fastcall_varargs! {
    /// `print(*args, sep=' ', end='\n', file=None, flush=False)`.
    fn builtin_print(_m, *objs, a = Sig::new("print",
        &[kw_opt("sep"), kw_opt("end"), kw_opt("file"), kw_opt("flush")])) {
        let flush = a.truth(3, false)?;
        let file = match a.get(2) {
            Some(f) if f != lifecycle::none() => Owned::from_borrowed(f),
            _ => {
                let f = sysmodule::get("stdout");
                if f.is_null() {
                    return Err(err::raise(Exc::RuntimeError, "lost sys.stdout"));
                }
                if f == lifecycle::none() {
                    return Ok(Owned::from_borrowed(lifecycle::none()));
                }
                Owned::from_borrowed(f)
            }
        };
        let sep = none_or_str(a.get(0), "sep")?;
        let end = none_or_str(a.get(1), "end")?;
        for (i, &o) in objs.iter().enumerate() {
            if i > 0 {
                if sep.is_null() {
                    write_string(" ", file.as_ptr())?;
                } else {
                    write_object(sep, file.as_ptr(), true)?;
                }
            }
            write_object(o, file.as_ptr(), true)?;
        }
        if end.is_null() {
            write_string("\n", file.as_ptr())?;
        } else {
            write_object(end, file.as_ptr(), true)?;
        }
        if flush {
            let name = unicode::intern("flush")?;
            let m = abstract_::getattr(file.as_ptr(), name.as_ptr())?;
            call::call_args(m.as_ptr(), &[])?;
        }
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}
