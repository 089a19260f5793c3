//! Declarative signatures for the builtin types' methods and functions, in
//! the spirit of CPython's Argument Clinic: a [`Sig`] names the function
//! and its parameters (positional-only, positional-or-keyword or
//! keyword-only; required or optional), and `fastcall!` turns a body
//! written against the bound arguments into a `METH_FASTCALL |
//! METH_KEYWORDS` C function. Binding raises exactly the `TypeError`s that
//! CPython's generated code raises (`_PyArg_CheckPositional` for signatures
//! without keywords, `_PyArg_UnpackKeywords` otherwise), and the
//! converters on [`Args`] raise `_PyArg_BadArgument`'s messages, so each
//! method is its signature and its logic, nothing else.
//!
//! ```ignore
//! fastcall! {
//!     /// `str.encode(encoding='utf-8', errors='strict')`.
//!     pub(crate) fn str_encode(s, a = Sig::new("encode", &[arg_opt("encoding"), arg_opt("errors")])) {
//!         let enc = a.str(0)?;
//!         ...
//!     }
//! }
//! ```

use crate::objects::object::*;
use crate::objects::typeobj::{self, PyMethodDef};
use crate::runtime::err::{self, PyResult};
use crate::{
    objects::tuple, objects::unicode, protocols::abstract_, protocols::call, runtime::lifecycle,
};
use std::ffi::CStr;
use std::ptr;

/// How a parameter may be passed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    /// Only by position (before `/`).
    PosOnly,
    /// By position or by name.
    PosOrKw,
    /// Only by name (after `*`).
    KwOnly,
}

/// One parameter.
#[derive(Clone, Copy, Debug)]
pub struct Param {
    /// Its name (used for keywords and messages).
    pub name: &'static str,
    /// How it may be passed.
    pub kind: Kind,
    /// Whether it must be given.
    pub required: bool,
}

/// A required positional-only parameter.
pub const fn pos(name: &'static str) -> Param {
    Param {
        name,
        kind: Kind::PosOnly,
        required: true,
    }
}
/// An optional positional-only parameter.
pub const fn pos_opt(name: &'static str) -> Param {
    Param {
        name,
        kind: Kind::PosOnly,
        required: false,
    }
}
/// A required positional-or-keyword parameter.
pub const fn arg(name: &'static str) -> Param {
    Param {
        name,
        kind: Kind::PosOrKw,
        required: true,
    }
}
/// An optional positional-or-keyword parameter.
pub const fn arg_opt(name: &'static str) -> Param {
    Param {
        name,
        kind: Kind::PosOrKw,
        required: false,
    }
}
/// A required keyword-only parameter.
pub const fn kw(name: &'static str) -> Param {
    Param {
        name,
        kind: Kind::KwOnly,
        required: true,
    }
}
/// An optional keyword-only parameter.
pub const fn kw_opt(name: &'static str) -> Param {
    Param {
        name,
        kind: Kind::KwOnly,
        required: false,
    }
}

/// A signature: the name used in messages and the parameters in order
/// (positional-only, then positional-or-keyword, then keyword-only;
/// required positional parameters before optional ones).
#[derive(Debug)]
pub struct Sig {
    /// The function's name as messages show it (`split`, not `str.split`).
    pub name: &'static str,
    /// The parameters.
    pub params: &'static [Param],
    /// Whether arity errors are `PyArg_ParseTuple`'s (`NAME() takes at
    /// most N arguments (M given)`), as for the methods CPython 3.12 still
    /// parses with `METH_VARARGS` (`str.find`, `str.count`, ...), rather
    /// than Argument Clinic's.
    pub legacy: bool,
}

impl Sig {
    /// A signature.
    pub const fn new(name: &'static str, params: &'static [Param]) -> Sig {
        Sig {
            name,
            params,
            legacy: false,
        }
    }

    /// A positional-only signature whose arity errors are
    /// `PyArg_ParseTuple`'s (see [`Sig::legacy`](Sig#structfield.legacy)).
    pub const fn legacy(name: &'static str, params: &'static [Param]) -> Sig {
        Sig {
            name,
            params,
            legacy: true,
        }
    }

    /// Whether the signature is one required positional-only parameter,
    /// which Argument Clinic registers as `METH_O`.
    pub const fn is_meth_o(&self) -> bool {
        self.params.len() == 1
            && matches!(self.params[0].kind, Kind::PosOnly)
            && self.params[0].required
            && !self.legacy
    }

    fn count(&self, f: impl Fn(&Param) -> bool) -> usize {
        self.params.iter().filter(|p| f(p)).count()
    }

    /// Whether any parameter may be passed by name.
    pub const fn takes_keywords(&self) -> bool {
        let mut i = 0;
        while i < self.params.len() {
            if !matches!(self.params[i].kind, Kind::PosOnly) {
                return true;
            }
            i += 1;
        }
        false
    }

    /// Binds a FASTCALL argument vector (with keyword names) to the
    /// parameters; `N` must be the number of parameters. Missing optional
    /// arguments are NULL.
    ///
    /// # Safety
    /// `args` must hold `nargs` live objects followed by one per name in
    /// `kwnames` (NULL or a tuple of objects).
    pub unsafe fn bind<const N: usize>(
        &'static self,
        args: *const *mut PyObject,
        nargs: isize,
        kwnames: *mut PyObject,
    ) -> PyResult<Args<N>> {
        debug_assert_eq!(N, self.params.len());
        let mut vals = [ptr::null_mut(); N];
        let nargs = nargs.max(0) as usize;
        // SAFETY: forwarded.
        let (pos_args, kw_vals, names) = unsafe {
            let nkw = if kwnames.is_null() {
                0
            } else {
                tuple::size(kwnames) as usize
            };
            (
                call::slice(args, nargs),
                call::slice(args.add(nargs), nkw),
                kwnames,
            )
        };
        let nkw = kw_vals.len();
        let name = self.name;
        let maxpos = self.count(|p| p.kind != Kind::KwOnly);
        let minpos = self.count(|p| p.kind != Kind::KwOnly && p.required);
        let maxargs = N;
        let plural = |k: usize| if k == 1 { "" } else { "s" };

        if !self.takes_keywords() {
            // CPython's positional-only form (`_PyArg_CheckPositional`).
            if nkw > 0 {
                return Err(err::type_error(&format!(
                    "{name}() takes no keyword arguments"
                )));
            }
            let bound = |what: &str, k: usize| {
                if self.legacy {
                    return err::type_error(&format!(
                        "{name}() takes {} {k} argument{} ({nargs} given)",
                        if minpos == maxpos {
                            "exactly"
                        } else {
                            what.trim_end()
                        },
                        plural(k)
                    ));
                }
                err::type_error(&format!(
                    "{name} expected {}{k} argument{}, got {nargs}",
                    if minpos == maxpos { "" } else { what },
                    plural(k)
                ))
            };
            if nargs < minpos {
                return Err(bound("at least ", minpos));
            }
            if nargs > maxpos {
                return Err(bound("at most ", maxpos));
            }
            vals[..nargs].copy_from_slice(pos_args);
            return Ok(Args { sig: self, vals });
        }

        // `_PyArg_UnpackKeywords`.
        let minkw = self.count(|p| p.kind == Kind::KwOnly && p.required);
        if nkw == 0 && minkw == 0 && (minpos..=maxpos).contains(&nargs) {
            vals[..nargs].copy_from_slice(pos_args);
            return Ok(Args { sig: self, vals });
        }
        if nargs + nkw > maxargs {
            return Err(err::type_error(&format!(
                "{name}() takes at most {maxargs} {}argument{} ({} given)",
                if nargs == 0 { "keyword " } else { "" },
                plural(maxargs),
                nargs + nkw
            )));
        }
        if nargs > maxpos {
            return Err(err::type_error(&if maxpos == 0 {
                format!("{name}() takes no positional arguments")
            } else {
                format!(
                    "{name}() takes {} {maxpos} positional argument{} ({nargs} given)",
                    if minpos < maxpos {
                        "at most"
                    } else {
                        "exactly"
                    },
                    plural(maxpos)
                )
            }));
        }
        let posonly = self.count(|p| p.kind == Kind::PosOnly);
        let minposonly = minpos.min(posonly);
        if nargs < minposonly {
            return Err(err::type_error(&format!(
                "{name}() takes {} {minposonly} positional argument{} ({nargs} given)",
                if minposonly < maxpos {
                    "at least"
                } else {
                    "exactly"
                },
                plural(minposonly)
            )));
        }
        vals[..nargs].copy_from_slice(pos_args);
        let find = |key: &str| -> Option<*mut PyObject> {
            // SAFETY: the names are live objects of the tuple.
            (0..nkw).find_map(|i| unsafe {
                let k = tuple::item(names, i as isize);
                (unicode::check(k) && unicode::as_bytes(k) == key.as_bytes()).then(|| kw_vals[i])
            })
        };
        let mut left = nkw;
        for (i, p) in self.params.iter().enumerate().skip(nargs.max(posonly)) {
            let v = if left > 0 { find(p.name) } else { None };
            match v {
                Some(v) => {
                    vals[i] = v;
                    left -= 1;
                }
                None if p.required => {
                    return Err(err::type_error(&format!(
                        "{name}() missing required argument '{}' (pos {})",
                        p.name,
                        i + 1
                    )));
                }
                None => {}
            }
        }
        if left > 0 {
            for (i, p) in self.params.iter().enumerate().take(nargs).skip(posonly) {
                if find(p.name).is_some() {
                    return Err(err::type_error(&format!(
                        "argument for {name}() given by name ('{}') and position ({})",
                        p.name,
                        i + 1
                    )));
                }
            }
            for i in 0..nkw {
                // SAFETY: a live item of the tuple.
                let k = unsafe { tuple::item(names, i as isize) };
                // SAFETY: `k` is live.
                if unsafe { !unicode::check(k) } {
                    return Err(err::type_error("keywords must be strings"));
                }
                // SAFETY: a live str.
                let kname = unsafe { unicode::as_str(k) };
                if !self
                    .params
                    .iter()
                    .any(|p| p.kind != Kind::PosOnly && p.name == kname)
                {
                    return Err(err::type_error(&format!(
                        "'{kname}' is an invalid keyword argument for {name}()"
                    )));
                }
            }
        }
        Ok(Args { sig: self, vals })
    }

    /// Binds `tp_call`-style arguments (a tuple and NULL or a dict of
    /// keywords), as [`Sig::bind`] does the vector form.
    ///
    /// # Safety
    /// `args` must be a live tuple, `kwargs` NULL or a live dict; neither may
    /// change while the result is used.
    pub unsafe fn bind_call<const N: usize>(
        &'static self,
        args: *mut PyObject,
        kwargs: *mut PyObject,
    ) -> PyResult<Args<N>> {
        // SAFETY: forwarded; the values stay owned by the tuple and the dict.
        unsafe {
            let n = tuple::size(args);
            let mut v: Vec<*mut PyObject> = (0..n).map(|i| tuple::item(args, i)).collect();
            if kwargs.is_null() || crate::objects::dict::len(kwargs) == 0 {
                return self.bind(v.as_ptr(), n, ptr::null_mut());
            }
            let items = crate::objects::dict::items_vec(kwargs);
            let keys: Vec<*mut PyObject> = items.iter().map(|(k, _)| k.as_ptr()).collect();
            v.extend(items.iter().map(|(_, val)| val.as_ptr()));
            let names = tuple::new_from(&keys)?;
            self.bind(v.as_ptr(), n, names.as_ptr())
        }
    }

    /// Binds the arguments and runs `f` on them: the body of a
    /// `fastcall!` function.
    ///
    /// # Safety
    /// As for [`Sig::bind`].
    #[inline]
    pub unsafe fn call<const N: usize>(
        &'static self,
        args: *const *mut PyObject,
        nargs: isize,
        kwnames: *mut PyObject,
        f: impl FnOnce(Args<N>) -> PyResult<Owned>,
    ) -> *mut PyObject {
        // SAFETY: forwarded.
        err::into_ptr(unsafe { self.bind::<N>(args, nargs, kwnames) }.and_then(f))
    }
}

/// Arguments bound to a [`Sig`]'s parameters (borrowed from the caller's
/// vector; NULL where an optional one was not given).
pub struct Args<const N: usize> {
    sig: &'static Sig,
    vals: [*mut PyObject; N],
}

impl<const N: usize> Args<N> {
    /// Argument `i`, if given.
    #[inline]
    pub fn get(&self, i: usize) -> Option<*mut PyObject> {
        let v = self.vals[i];
        (!v.is_null()).then_some(v)
    }

    /// Argument `i`, which is required (present after binding).
    #[inline]
    pub fn req(&self, i: usize) -> *mut PyObject {
        debug_assert!(!self.vals[i].is_null());
        self.vals[i]
    }

    /// How `_PyArg_BadArgument` names parameter `i`.
    fn display(&self, i: usize) -> String {
        let p = &self.sig.params[i];
        if self.sig.is_meth_o() {
            "argument".to_string()
        } else if p.kind == Kind::PosOnly {
            format!("argument {}", i + 1)
        } else {
            format!("argument '{}'", p.name)
        }
    }

    /// `TypeError: NAME() argument X must be EXPECTED, not TYPE` (`None`
    /// named as itself, as `_PyArg_BadArgument` does).
    ///
    /// # Safety
    /// `v` must be live.
    pub unsafe fn bad(&self, i: usize, expected: &str, v: *mut PyObject) -> err::Raised {
        let got = if v == crate::runtime::lifecycle::none() {
            "None".to_string()
        } else {
            // SAFETY: forwarded.
            unsafe { typeobj::type_name_of(v) }.to_string()
        };
        err::type_error(&format!(
            "{}() {} must be {expected}, not {got}",
            self.sig.name,
            self.display(i),
        ))
    }

    /// Argument `i` as a str (`str` converter), if given.
    ///
    /// # Safety
    /// The arguments must still be live.
    pub unsafe fn str(&self, i: usize) -> PyResult<Option<*mut PyObject>> {
        match self.get(i) {
            None => Ok(None),
            // SAFETY: forwarded.
            Some(v) if unsafe { unicode::check(v) } => Ok(Some(v)),
            // SAFETY: forwarded.
            Some(v) => Err(unsafe { self.bad(i, "str", v) }),
        }
    }

    /// Required argument `i` as a str (`str` converter).
    ///
    /// # Safety
    /// The arguments must still be live.
    pub unsafe fn req_str(&self, i: usize) -> PyResult<*mut PyObject> {
        let v = self.req(i);
        // SAFETY: forwarded.
        unsafe {
            if unicode::check(v) {
                Ok(v)
            } else {
                Err(self.bad(i, "str", v))
            }
        }
    }

    /// Argument `i` as a `Py_ssize_t` through `__index__` (`Py_ssize_t`
    /// converter), or `default`.
    ///
    /// # Safety
    /// The arguments must still be live.
    pub unsafe fn ssize(&self, i: usize, default: isize) -> PyResult<isize> {
        match self.get(i) {
            None => Ok(default),
            // SAFETY: forwarded.
            Some(v) => unsafe {
                let i = crate::objects::long::index(v)?;
                match crate::objects::long::val(i.as_ptr()) {
                    crate::objects::long::Val::Small(v) => Ok(v as isize),
                    crate::objects::long::Val::Big(_) => Err(err::overflow_error(
                        "Python int too large to convert to C ssize_t",
                    )),
                }
            },
        }
    }

    /// Argument `i`'s truth (`bool` converter), or `default`.
    ///
    /// # Safety
    /// The arguments must still be live.
    pub unsafe fn truth(&self, i: usize, default: bool) -> PyResult<bool> {
        match self.get(i) {
            None => Ok(default),
            // SAFETY: forwarded.
            Some(v) => unsafe { abstract_::is_true(v) },
        }
    }

    /// Whether argument `i` is missing or None.
    pub fn is_none(&self, i: usize) -> bool {
        self.get(i).is_none_or(|v| v == lifecycle::none())
    }
}

/// A method made by `fastcall!`: its signature and its C function in
/// both conventions.
#[derive(Clone, Copy)]
pub struct Method {
    /// The signature.
    pub sig: &'static Sig,
    /// The `METH_FASTCALL | METH_KEYWORDS` function.
    pub kw: FastcallKw,
    /// The `METH_FASTCALL` function.
    pub pos: Fastcall,
    /// The `METH_O` function (for one required positional-only parameter).
    pub o: Plain,
    /// The `METH_NOARGS` function (for no parameters).
    pub noargs: Plain,
}

/// The C signature of `METH_O` and `METH_NOARGS` functions.
pub type Plain = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

/// The `PyMethodDef` of a hand-written `METH_FASTCALL | METH_KEYWORDS`
/// function (`*args` with keywords, or arguments passed on untouched).
pub const fn fastcall_kw_def(name: &'static CStr, f: FastcallKw) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        // SAFETY: stored under the signature its flags declare, as C code
        // does with `_PyCFunction_CAST`.
        ml_meth: Some(unsafe { std::mem::transmute::<FastcallKw, Plain>(f) }),
        ml_flags: crate::objects::methodobject::meth::FASTCALL
            | crate::objects::methodobject::meth::KEYWORDS,
        ml_doc: std::ptr::null(),
    }
}

/// A `PyMethodDef` for a `fastcall!` method with Argument Clinic's choice
/// of convention: `METH_NOARGS` without parameters, `METH_O` for one
/// required positional-only parameter (so the method descriptor raises
/// CPython's arity errors), `METH_FASTCALL` when no parameter takes a
/// keyword (so the descriptor refuses keywords with CPython's message),
/// else `METH_FASTCALL | METH_KEYWORDS`.
pub const fn def(name: &'static CStr, m: Method) -> PyMethodDef {
    use crate::objects::methodobject::meth;
    let (f, flags) = if m.sig.params.is_empty() && !m.sig.legacy {
        (m.noargs, meth::NOARGS)
    } else if m.sig.is_meth_o() {
        (m.o, meth::O)
    } else if m.sig.takes_keywords() {
        // SAFETY: stored under the signature its flags declare, as C code
        // does with `_PyCFunction_CAST`.
        (
            unsafe { std::mem::transmute::<FastcallKw, Plain>(m.kw) },
            meth::FASTCALL | meth::KEYWORDS,
        )
    } else {
        // SAFETY: as above.
        (
            unsafe { std::mem::transmute::<Fastcall, Plain>(m.pos) },
            meth::FASTCALL,
        )
    };
    PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(f),
        ml_flags: flags,
        ml_doc: ptr::null(),
    }
}

/// [`def`] for a class method (`METH_CLASS`: `self` is the class).
pub const fn def_class(name: &'static CStr, m: Method) -> PyMethodDef {
    let mut d = def(name, m);
    d.ml_flags |= crate::objects::methodobject::meth::CLASS;
    d
}

/// [`def`] for a static method (`METH_STATIC`: `self` is NULL).
pub const fn def_static(name: &'static CStr, m: Method) -> PyMethodDef {
    let mut d = def(name, m);
    d.ml_flags |= crate::objects::methodobject::meth::STATIC;
    d
}

/// The C signature of `METH_FASTCALL` functions.
pub type Fastcall =
    unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, isize) -> *mut PyObject;

/// The C signature of `METH_FASTCALL | METH_KEYWORDS` functions.
pub type FastcallKw = unsafe extern "C" fn(
    *mut PyObject,
    *const *mut PyObject,
    isize,
    *mut PyObject,
) -> *mut PyObject;

/// Defines a [`Method`] (a constant) from a signature and a body that sees
/// the bound arguments (`Args<N>`) and returns `PyResult<Owned>`. The body
/// runs in an unsafe context: the C calling convention guarantees a live
/// `self` and argument vector.
macro_rules! fastcall {
    ($(#[$m:meta])* $vis:vis fn $name:ident($slf:ident, $a:ident = $sig:expr) $body:block) => {
        $(#[$m])*
        #[allow(non_upper_case_globals)]
        $vis const $name: $crate::protocols::clinic::Method = {
            const SIG: $crate::protocols::clinic::Sig = $sig;
            static SIG_REF: $crate::protocols::clinic::Sig = SIG;
            unsafe extern "C" fn __clinic_kw(
                $slf: *mut $crate::objects::object::PyObject,
                args: *const *mut $crate::objects::object::PyObject,
                nargs: isize,
                kwnames: *mut $crate::objects::object::PyObject,
            ) -> *mut $crate::objects::object::PyObject {
                // SAFETY: METH_FASTCALL | METH_KEYWORDS contract: `self` is
                // live and `args` holds `nargs` objects and one per keyword.
                unsafe {
                    SIG_REF.call::<{ SIG.params.len() }>(args, nargs, kwnames, |$a| {
                        let _ = &$slf;
                        $body
                    })
                }
            }
            unsafe extern "C" fn __clinic_pos(
                slf: *mut $crate::objects::object::PyObject,
                args: *const *mut $crate::objects::object::PyObject,
                nargs: isize,
            ) -> *mut $crate::objects::object::PyObject {
                // SAFETY: METH_FASTCALL contract; no keywords.
                unsafe { __clinic_kw(slf, args, nargs, std::ptr::null_mut()) }
            }
            unsafe extern "C" fn __clinic_o(
                slf: *mut $crate::objects::object::PyObject,
                arg: *mut $crate::objects::object::PyObject,
            ) -> *mut $crate::objects::object::PyObject {
                // SAFETY: METH_O contract: one live argument.
                unsafe { __clinic_kw(slf, &arg, 1, std::ptr::null_mut()) }
            }
            unsafe extern "C" fn __clinic_noargs(
                slf: *mut $crate::objects::object::PyObject,
                _: *mut $crate::objects::object::PyObject,
            ) -> *mut $crate::objects::object::PyObject {
                // SAFETY: METH_NOARGS contract; no arguments.
                unsafe { __clinic_kw(slf, std::ptr::null(), 0, std::ptr::null_mut()) }
            }
            $crate::protocols::clinic::Method {
                sig: &SIG_REF,
                kw: __clinic_kw,
                pos: __clinic_pos,
                o: __clinic_o,
                noargs: __clinic_noargs,
            }
        };
    };
}
pub(crate) use fastcall;

impl Sig {
    /// Binds a FASTCALL vector for a function with `*args` before its
    /// keyword-only parameters (`print(*args, sep=' ', ...)`): every
    /// positional argument goes to `*args`, the keywords bind to the
    /// signature (whose parameters must all be keyword-only), and `f` runs
    /// on both.
    ///
    /// # Safety
    /// As for [`Sig::bind`].
    #[inline]
    pub unsafe fn call_varargs<const N: usize>(
        &'static self,
        args: *const *mut PyObject,
        nargs: isize,
        kwnames: *mut PyObject,
        f: impl FnOnce(&[*mut PyObject], Args<N>) -> PyResult<Owned>,
    ) -> *mut PyObject {
        debug_assert!(self.params.iter().all(|p| p.kind == Kind::KwOnly));
        // SAFETY: forwarded; the keyword values follow the positional ones.
        unsafe {
            let star = call::slice(args, nargs.max(0) as usize);
            let bound = self.bind::<N>(args.add(nargs.max(0) as usize), 0, kwnames);
            err::into_ptr(bound.and_then(|a| f(star, a)))
        }
    }
}

/// Like `fastcall!` for a function taking `*args` and then keyword-only
/// parameters: `fn name(self, *star, a = Sig::new(..))`, where `star` is the
/// positional arguments as a slice.
macro_rules! fastcall_varargs {
    ($(#[$m:meta])* $vis:vis fn $name:ident($slf:ident, *$star:ident, $a:ident = $sig:expr) $body:block) => {
        $(#[$m])*
        #[allow(non_upper_case_globals)]
        $vis const $name: $crate::protocols::clinic::Method = {
            const SIG: $crate::protocols::clinic::Sig = $sig;
            static SIG_REF: $crate::protocols::clinic::Sig = SIG;
            unsafe extern "C" fn __clinic_kw(
                $slf: *mut $crate::objects::object::PyObject,
                args: *const *mut $crate::objects::object::PyObject,
                nargs: isize,
                kwnames: *mut $crate::objects::object::PyObject,
            ) -> *mut $crate::objects::object::PyObject {
                // SAFETY: METH_FASTCALL | METH_KEYWORDS contract: `self` is
                // live and `args` holds `nargs` objects and one per keyword.
                unsafe {
                    SIG_REF.call_varargs::<{ SIG.params.len() }>(args, nargs, kwnames, |$star, $a| {
                        let _ = &$slf;
                        $body
                    })
                }
            }
            unsafe extern "C" fn __clinic_pos(
                slf: *mut $crate::objects::object::PyObject,
                args: *const *mut $crate::objects::object::PyObject,
                nargs: isize,
            ) -> *mut $crate::objects::object::PyObject {
                // SAFETY: METH_FASTCALL contract; no keywords.
                unsafe { __clinic_kw(slf, args, nargs, std::ptr::null_mut()) }
            }
            unsafe extern "C" fn __clinic_o(
                slf: *mut $crate::objects::object::PyObject,
                arg: *mut $crate::objects::object::PyObject,
            ) -> *mut $crate::objects::object::PyObject {
                // SAFETY: METH_O contract: one live argument.
                unsafe { __clinic_kw(slf, &arg, 1, std::ptr::null_mut()) }
            }
            unsafe extern "C" fn __clinic_noargs(
                slf: *mut $crate::objects::object::PyObject,
                _: *mut $crate::objects::object::PyObject,
            ) -> *mut $crate::objects::object::PyObject {
                // SAFETY: METH_NOARGS contract; no arguments.
                unsafe { __clinic_kw(slf, std::ptr::null(), 0, std::ptr::null_mut()) }
            }
            $crate::protocols::clinic::Method {
                sig: &SIG_REF,
                kw: __clinic_kw,
                pos: __clinic_pos,
                o: __clinic_o,
                noargs: __clinic_noargs,
            }
        };
    };
}
pub(crate) use fastcall_varargs;
