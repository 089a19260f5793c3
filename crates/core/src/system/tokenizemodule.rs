//! The `_tokenize` module of CPython 3.12.1: `TokenizerIter(readline, *,
//! extra_tokens, encoding=None)`, the C tokenizer that `tokenize.py`'s
//! `generate_tokens` and `tokenize` drive. The tokenizer itself is the
//! compiler's (`ophis_compiler::tokenize`); this module calls `readline`
//! lazily for it (decoding bytes when `encoding` is given, with
//! `"replace"`), yields `(type, string, (srow, scol), (erow, ecol), line)`
//! tuples, and raises its errors as CPython does: `SyntaxError` with
//! `(msg, ('<string>', lineno, offset, text, end_lineno, end_offset))`,
//! `IndentationError`/`TabError`, or, for an end of input inside a
//! bracket or after a backslash, a `SyntaxError` that only carries its
//! location as attributes.
//!
//! `TokenizerIter` is a function returning the iterator (CPython's is the
//! iterator type itself). Only `extra_tokens=True`, the mode every public
//! `tokenize` function uses, is implemented; `extra_tokens=False` raises
//! `NotImplementedError`. The iterator holds `readline` without being
//! tracked by the cyclic GC (see `objects/nativeiter.rs`). The
//! `SyntaxWarning` for `\{`/`\}` in a non-raw f-string goes through
//! `warnings.warn_explicit`, so its filters apply.

use crate::objects::exceptions::{self, Exc};
use crate::objects::nativeiter;
use crate::objects::object::*;
use crate::objects::typeobj::{self, PyMethodDef, PyTypeObject};
use crate::objects::{bytes, long, module, tuple, unicode};
use crate::protocols::clinic::{self, fastcall, kw, kw_opt, pos, Sig};
use crate::protocols::{abstract_, call};
use crate::runtime::err::{self, PyResult, Raised};
use crate::runtime::lifecycle;
use ophis_compiler::tokenize::{ErrorKind, TokError, Token, Tokenizer};
use std::ptr;

static mut ITER_TYPE: *mut PyTypeObject = ptr::null_mut();

/// One line from `readline`: `None` at its end (an empty line or
/// `StopIteration`), CPython's `TypeError` for a line of the wrong type.
///
/// # Safety
/// `readline` live; the GIL held.
unsafe fn read_line(readline: *mut PyObject, encoding: Option<&Owned>) -> PyResult<Option<String>> {
    // SAFETY: live objects under the GIL.
    unsafe {
        let r = call::call_no_args(readline);
        if r.is_null() {
            if err::given_matches(err::occurred(), exceptions::get(Exc::StopIteration)) {
                err::clear();
                return Ok(None);
            }
            return Err(Raised::assume());
        }
        let r = Owned::from_raw(r);
        let line = match encoding {
            Some(enc) => {
                if !bytes::check(r.as_ptr()) {
                    return Err(err::type_error("readline() returned a non-bytes object"));
                }
                let name = unicode::intern("decode")?;
                let decode = abstract_::getattr(r.as_ptr(), name.as_ptr())?;
                let replace = unicode::from_str("replace")?;
                call::call_args(decode.as_ptr(), &[enc.as_ptr(), replace.as_ptr()])?
            }
            None => {
                if !unicode::check(r.as_ptr()) {
                    return Err(err::type_error("readline() returned a non-string object"));
                }
                r
            }
        };
        // Lone surrogates cannot be tokenized: UnicodeEncodeError, as
        // CPython's PyUnicode_AsUTF8AndSize raises.
        unicode::utf8(line.as_ptr())?;
        Ok(Some(unicode::as_str(line.as_ptr()).into_owned()))
    }
}

/// A `SyntaxWarning` at `<string>:lineno` through `warnings.warn_explicit`
/// (so the warning filters apply, as to CPython's
/// `PyErr_WarnExplicitObject`); `Ok(true)` when a filter turned it into an
/// error, which the tokenizer reports as a `SyntaxError` instead.
///
/// # Safety
/// The GIL is held.
unsafe fn warn_syntax(msg: &str, lineno: usize) -> PyResult<bool> {
    // SAFETY: live objects under the GIL.
    unsafe {
        let warnings = crate::system::import::import("warnings")?;
        let name = unicode::intern("warn_explicit")?;
        let f = abstract_::getattr(warnings.as_ptr(), name.as_ptr())?;
        let text = unicode::from_str(msg)?;
        let filename = unicode::from_str("<string>")?;
        let lineno = int(lineno as i64)?;
        let category = exceptions::get(Exc::SyntaxWarning);
        match call::call_args(
            f.as_ptr(),
            &[text.as_ptr(), category, filename.as_ptr(), lineno.as_ptr()],
        ) {
            Ok(_) => Ok(false),
            Err(r) => {
                if err::given_matches(err::occurred(), category) {
                    err::clear();
                    Ok(true)
                } else {
                    Err(r)
                }
            }
        }
    }
}

fn int(v: i64) -> PyResult<Owned> {
    long::from_i64(v)
}

fn pair(a: usize, b: isize) -> PyResult<Owned> {
    let a = int(a as i64)?;
    let b = int(b as i64)?;
    tuple::new_from(&[a.as_ptr(), b.as_ptr()])
}

/// The tuple `TokenizerIter` yields for a token.
fn token_tuple(t: &Token) -> PyResult<Owned> {
    let kind = int(t.kind as i64)?;
    let string = unicode::from_str(&t.string)?;
    let start = pair(t.start.0, t.start.1)?;
    let end = pair(t.end.0, t.end.1)?;
    let line = unicode::from_str(&t.line)?;
    tuple::new_from(&[
        kind.as_ptr(),
        string.as_ptr(),
        start.as_ptr(),
        end.as_ptr(),
        line.as_ptr(),
    ])
}

/// Raises a tokenizer error as CPython's `_tokenize` does.
fn raise(e: TokError<Raised>) -> Raised {
    match raise_inner(e) {
        Ok(r) | Err(r) => r,
    }
}

fn raise_inner(e: TokError<Raised>) -> PyResult<Raised> {
    let filename = unicode::from_str("<string>")?;
    match e {
        TokError::Source(r) => Ok(r),
        TokError::Syntax {
            kind,
            msg,
            lineno,
            offset,
            text,
            end,
        } => {
            let exc = match kind {
                ErrorKind::Syntax => Exc::SyntaxError,
                ErrorKind::Indentation => Exc::IndentationError,
                ErrorKind::Tab => Exc::TabError,
            };
            let none = lifecycle::none();
            let msg = unicode::from_str(&msg)?;
            let lineno = int(lineno as i64)?;
            let offset = int(offset as i64)?;
            let text = unicode::from_str(&text)?;
            let (end_lineno, end_offset) = match end {
                Some((l, o)) => (Some(int(l as i64)?), Some(int(o as i64)?)),
                None => (None, None),
            };
            let location = tuple::new_from(&[
                filename.as_ptr(),
                lineno.as_ptr(),
                offset.as_ptr(),
                text.as_ptr(),
                end_lineno.as_ref().map_or(none, |o| o.as_ptr()),
                end_offset.as_ref().map_or(none, |o| o.as_ptr()),
            ])?;
            let args = tuple::new_from(&[msg.as_ptr(), location.as_ptr()])?;
            // SAFETY: a live exception class and a live tuple.
            Ok(unsafe { err::set_object(exceptions::get(exc), args.as_ptr()) })
        }
        TokError::Eof { lineno, offset } => {
            // PyErr_SetString, then PyErr_SyntaxLocationObject.
            let msg = unicode::from_str("unexpected EOF in multi-line statement")?;
            // SAFETY: a live exception class and message; the attributes
            // are set on the new instance before it is raised.
            unsafe {
                let inst = err::create_exception(exceptions::get(Exc::SyntaxError), msg.as_ptr())?;
                for (name, value) in [
                    ("filename", Owned::from_borrowed(filename.as_ptr())),
                    ("lineno", int(lineno as i64)?),
                    ("offset", int(offset as i64)?),
                ] {
                    let name = unicode::intern(name)?;
                    abstract_::setattr(inst.as_ptr(), name.as_ptr(), value.as_ptr())?;
                }
                err::restore(inst.into_raw());
            }
            Ok(Raised::assume())
        }
    }
}

fastcall! {
    /// `_tokenize.TokenizerIter(readline, /, *, extra_tokens, encoding=None)`.
    fn tokenizer_iter(_m, a = Sig::new(
        "tokenizeriter",
        &[pos("readline"), kw("extra_tokens"), kw_opt("encoding")],
    )) {
        let readline = Owned::from_borrowed(a.req(0));
        let extra_tokens = abstract_::is_true(a.req(1))?;
        let encoding = a.str(2)?.map(|e| Owned::from_borrowed(e));
        if !extra_tokens {
            return Err(err::raise(
                Exc::NotImplementedError,
                "_tokenize.TokenizerIter: extra_tokens=False is not implemented in Ophis",
            ));
        }
        new_iter(readline, encoding)
    }
}

/// The iterator over `readline`'s tokens.
fn new_iter(readline: Owned, encoding: Option<Owned>) -> PyResult<Owned> {
    let mut tk = Tokenizer::new(move || {
        // SAFETY: the iterator holds `readline` and steps under the GIL.
        unsafe { read_line(readline.as_ptr(), encoding.as_ref()) }
    })
    .with_warnings(Box::new(|msg, lineno| {
        // SAFETY: called while the iterator steps, under the GIL.
        unsafe { warn_syntax(msg, lineno) }
    }));
    // SAFETY: the type was made by `create_module`, which ran before any
    // function of the module could be called.
    unsafe {
        nativeiter::new(
            ITER_TYPE,
            Box::new(move || {
                // A bug in the tokenizer must not cross the C boundary: a
                // panic becomes SystemError (and ends the iteration).
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| tk.next_token()));
                match r {
                    Ok(Ok(Some(t))) => token_tuple(&t).map(Some),
                    Ok(Ok(None)) => Ok(None),
                    Ok(Err(e)) => Err(raise(e)),
                    Err(_) => Err(err::system_error(
                        "_tokenize: internal error in the tokenizer",
                    )),
                }
            }),
        )
    }
}

static mut METHODS: [PyMethodDef; 2] = [
    clinic::def(c"TokenizerIter", tokenizer_iter),
    typeobj::METHOD_END,
];

/// Creates the `_tokenize` module (for the builtin module table).
pub fn create_module() -> PyResult<Owned> {
    // SAFETY: the runtime is initialized and the GIL held; the type is made
    // once per process and the method table is static.
    unsafe {
        if ITER_TYPE.is_null() {
            ITER_TYPE = nativeiter::new_type(c"_tokenize.TokenizerIter")?;
        }
        let name = unicode::intern("_tokenize")?;
        let m = module::new(name.as_ptr())?;
        crate::objects::moduledef::add_functions(
            m.as_ptr(),
            ptr::addr_of_mut!(METHODS) as *mut PyMethodDef,
        )?;
        Ok(m)
    }
}
