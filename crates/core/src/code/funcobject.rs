//! Function objects (`PyFunction_Type`) with CPython 3.12's
//! `PyFunctionObject` layout: creation from a code object and globals, the
//! `PyFunction_Get*`/`Set*` accessors and their errors, the `__dunder__`
//! attributes, binding as methods, `PyFunction_SetVectorcall`, and calls.
//!
//! A call binds its arguments to the code's parameters exactly as CPython
//! does (every argument error with CPython's message, defaults, keyword-only
//! arguments, `*args`/`**kwargs`), then runs the code in the evaluator
//! ([`crate::code::ceval`]). A call path that short-cuts functions must
//! check that `vectorcall` is still [`crate::code::ceval::function_vectorcall`]
//! (C code may replace it with `PyFunction_SetVectorcall`).

use crate::code::codeobject::{self, co, PyCodeObject};
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags};
use crate::runtime::alloc;
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::runtime::watchers;
use crate::{
    objects::dict, objects::module, objects::tuple, objects::unicode, protocols::abstract_,
    protocols::call, runtime::gc, system::builtins,
};
use ophis_watchers::FunctionEvent;
use std::ffi::{c_int, c_void};
use std::ptr;

/// CPython 3.12's `PyFunctionObject`.
#[repr(C)]
#[allow(missing_docs)]
pub struct PyFunctionObject {
    pub ob_base: PyObject,
    pub func_globals: *mut PyObject,
    pub func_builtins: *mut PyObject,
    pub func_name: *mut PyObject,
    pub func_qualname: *mut PyObject,
    pub func_code: *mut PyObject,
    pub func_defaults: *mut PyObject,
    pub func_kwdefaults: *mut PyObject,
    pub func_closure: *mut PyObject,
    pub func_doc: *mut PyObject,
    pub func_dict: *mut PyObject,
    pub func_weakreflist: *mut PyObject,
    pub func_module: *mut PyObject,
    pub func_annotations: *mut PyObject,
    pub func_typeparams: *mut PyObject,
    pub vectorcall: typeobj::vectorcallfunc,
    pub func_version: u32,
}
const _: () = assert!(std::mem::offset_of!(PyFunctionObject, vectorcall) == 128);
const _: () = assert!(std::mem::size_of::<PyFunctionObject>() == 144);

/// The last function version handed out ([`version`]).
static mut LAST_FUNC_VERSION: u32 = 0;

/// The version of `f` (CPython's `func_version`), assigned now if it has
/// none: it changes whenever the code, defaults, keyword defaults,
/// closure, annotations or vectorcall of the function change, so a call
/// specialized for one version can trust what it learned. 0 once the
/// versions ran out.
///
/// # Safety
/// `f` a live function; the GIL held.
#[inline]
pub unsafe fn version(f: *mut PyObject) -> u32 {
    // SAFETY: caller's contract; the GIL guards the counter.
    unsafe {
        let fo = f as *mut PyFunctionObject;
        if (*fo).func_version == 0 && LAST_FUNC_VERSION < u32::MAX {
            LAST_FUNC_VERSION += 1;
            (*fo).func_version = LAST_FUNC_VERSION;
        }
        (*fo).func_version
    }
}

/// Whether `f` is called through the evaluator's own vectorcall (not one
/// set with `PyFunction_SetVectorcall`).
///
/// # Safety
/// `f` a live function.
#[inline(always)]
pub unsafe fn has_default_vectorcall(f: *mut PyObject) -> bool {
    // SAFETY: caller's contract.
    unsafe {
        (*(f as *mut PyFunctionObject))
            .vectorcall
            .map(|v| v as usize)
            == Some(crate::code::ceval::function_vectorcall as *const () as usize)
    }
}

/// Fills in `PyFunction_Type`. Start-up only.
pub(crate) unsafe fn init_type() {
    // SAFETY: start-up, exclusive access to the static type.
    unsafe {
        let t = lifecycle::function_type();
        (*t).ob_base.ob_base = static_header(lifecycle::type_type());
        (*t).tp_name = c"function".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<PyFunctionObject>() as isize;
        (*t).tp_flags =
            flags::DEFAULT | flags::HAVE_GC | flags::METHOD_DESCRIPTOR | flags::HAVE_VECTORCALL;
        (*t).tp_vectorcall_offset = std::mem::offset_of!(PyFunctionObject, vectorcall) as isize;
        (*t).tp_dictoffset = std::mem::offset_of!(PyFunctionObject, func_dict) as isize;
        (*t).tp_weaklistoffset = std::mem::offset_of!(PyFunctionObject, func_weakreflist) as isize;
        (*t).tp_dealloc = Some(func_dealloc);
        (*t).tp_traverse = Some(func_traverse);
        (*t).tp_clear = Some(func_clear);
        (*t).tp_call = Some(call::vectorcall_call_slot);
        (*t).tp_descr_get = Some(func_descr_get);
        (*t).tp_repr = Some(func_repr);
        (*t).tp_getset = ptr::addr_of_mut!(FUNC_GETSET) as *mut typeobj::PyGetSetDef;
    }
}

/// Readies `PyFunction_Type`. Start-up only.
pub(crate) unsafe fn ready_type() {
    // SAFETY: start-up.
    unsafe {
        if typeobj::ready_static(lifecycle::function_type()).is_err() {
            lifecycle::fatal("Py_Initialize", "cannot ready the function type");
        }
    }
}

/// `PyFunction_Check`.
///
/// # Safety
/// `op` live.
#[inline]
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { (*op).ob_type == lifecycle::function_type() }
}

/// The function behind `op`, or `SystemError` (CPython's bad internal call)
/// when `op` is NULL or not a function.
///
/// # Safety
/// `op` NULL or live.
pub unsafe fn checked(op: *mut PyObject) -> PyResult<*mut PyFunctionObject> {
    // SAFETY: forwarded.
    if op.is_null() || !unsafe { check(op) } {
        return Err(err::bad_argument());
    }
    Ok(op as *mut PyFunctionObject)
}

/// `PyFunction_NewWithQualName(code, globals, qualname)`: `qualname` NULL
/// means the code's. `__module__` is `globals['__name__']`, `__doc__` the
/// first constant if it is a str, `__builtins__` `globals['__builtins__']`
/// (a module's dict for a module) or the `builtins` namespace.
///
/// # Safety
/// Each pointer NULL or live.
pub unsafe fn new(
    code: *mut PyObject,
    globals: *mut PyObject,
    qualname: *mut PyObject,
) -> PyResult<Owned> {
    // SAFETY: the arguments are type-checked first.
    unsafe {
        if code.is_null()
            || !codeobject::check(code)
            || globals.is_null()
            || !dict::check(globals)
            || (!qualname.is_null() && !unicode::check(qualname))
        {
            return Err(err::bad_argument());
        }
        let c = code as *mut PyCodeObject;
        let qualname = if qualname.is_null() {
            (*c).co_qualname
        } else {
            qualname
        };
        let consts = (*c).co_consts;
        let doc = if tuple::size(consts) >= 1 && unicode::check(tuple::item(consts, 0)) {
            tuple::item(consts, 0)
        } else {
            lifecycle::none()
        };
        let name_key = unicode::interned!("__name__")?;
        let module = dict::get(globals, name_key)?.unwrap_or(ptr::null_mut());
        let bkey = unicode::interned!("__builtins__")?;
        let builtins = match dict::get(globals, bkey)? {
            Some(b) if module::check(b) => module::dict_of(b),
            Some(b) => b,
            None => builtins::dict(),
        };
        let op = alloc::new_object(
            lifecycle::function_type(),
            std::mem::size_of::<PyFunctionObject>(),
        )?;
        let f = op as *mut PyFunctionObject;
        let xref = |p: *mut PyObject| if p.is_null() { p } else { new_ref(p) };
        (*f).func_globals = new_ref(globals);
        (*f).func_builtins = new_ref(builtins);
        (*f).func_name = new_ref((*c).co_name);
        (*f).func_qualname = new_ref(qualname);
        (*f).func_code = new_ref(code);
        (*f).func_defaults = ptr::null_mut();
        (*f).func_kwdefaults = ptr::null_mut();
        (*f).func_closure = ptr::null_mut();
        (*f).func_doc = new_ref(doc);
        (*f).func_dict = ptr::null_mut();
        (*f).func_weakreflist = ptr::null_mut();
        (*f).func_module = xref(module);
        (*f).func_annotations = ptr::null_mut();
        (*f).func_typeparams = ptr::null_mut();
        (*f).vectorcall = Some(crate::code::ceval::function_vectorcall);
        (*f).func_version = 0;
        gc::track(op);
        if watchers::func_watched() {
            watchers::notify_func(FunctionEvent::Create, op, ptr::null_mut());
        }
        Ok(Owned::from_raw(op))
    }
}

/// Replaces a field holding NULL or an owned reference.
unsafe fn replace(slot: *mut *mut PyObject, v: *mut PyObject) {
    // SAFETY: the slot holds NULL or an owned reference; `v` is NULL or a
    // new reference.
    unsafe {
        let old = std::mem::replace(&mut *slot, v);
        xdecref(old);
    }
}

/// Which `PyFunction_Set*` field is set, with its rule and CPython's error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// `__defaults__`: None or a tuple.
    Defaults,
    /// `__kwdefaults__`: None or a dict.
    KwDefaults,
    /// `__closure__`: None or a tuple.
    Closure,
    /// `__annotations__`: None or a dict.
    Annotations,
}

/// `PyFunction_SetDefaults` / `SetKwDefaults` / `SetClosure` /
/// `SetAnnotations`: None clears; anything but the field's type (NULL
/// included) is a `SystemError` with CPython's message. Resets the
/// function's version, as CPython does.
///
/// # Safety
/// `op` and `v` NULL or live.
pub unsafe fn set_field(op: *mut PyObject, field: Field, v: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let f = checked(op)?;
        let ok = !v.is_null()
            && (v == lifecycle::none()
                || match field {
                    Field::Defaults | Field::Closure => tuple::check(v),
                    Field::KwDefaults | Field::Annotations => dict::check(v),
                });
        if !ok {
            return Err(err::system_error(&match field {
                Field::Defaults => "non-tuple default args".to_string(),
                Field::KwDefaults => "non-dict keyword only default args".to_string(),
                Field::Closure if v.is_null() => "expected tuple for closure, got NULL".into(),
                Field::Closure => format!(
                    "expected tuple for closure, got '{}'",
                    typeobj::full_name((*v).ob_type)
                ),
                Field::Annotations => "non-dict annotations".to_string(),
            }));
        }
        let v = if v == lifecycle::none() {
            ptr::null_mut()
        } else {
            new_ref(v)
        };
        let event = match field {
            Field::Defaults => Some(FunctionEvent::ModifyDefaults),
            Field::KwDefaults => Some(FunctionEvent::ModifyKwdefaults),
            Field::Closure | Field::Annotations => None,
        };
        if let Some(ev) = event {
            if watchers::func_watched() {
                watchers::notify_func(ev, op, v);
            }
        }
        let slot = match field {
            Field::Defaults => ptr::addr_of_mut!((*f).func_defaults),
            Field::KwDefaults => ptr::addr_of_mut!((*f).func_kwdefaults),
            Field::Closure => ptr::addr_of_mut!((*f).func_closure),
            Field::Annotations => ptr::addr_of_mut!((*f).func_annotations),
        };
        (*f).func_version = 0;
        replace(slot, v);
        Ok(())
    }
}

/// `PyFunction_SetVectorcall`: calls through `func` now reach `vc`; the
/// version is reset.
///
/// # Safety
/// `op` NULL or live.
pub unsafe fn set_vectorcall(op: *mut PyObject, vc: typeobj::vectorcallfunc) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let f = checked(op)?;
        if vc.is_none() {
            return Err(err::system_error(
                "PyFunction_SetVectorcall: the vectorcall function must not be NULL",
            ));
        }
        (*f).vectorcall = vc;
        (*f).func_version = 0;
        Ok(())
    }
}

/// The frame's fast locals after binding: one entry per
/// `co_localsplusnames` slot.
pub type Locals = Vec<Option<Owned>>;

/// Binds a call's arguments to the parameters of `f`'s code as CPython's
/// `initialize_locals` does, with its error messages (named by the
/// function's `__qualname__`).
///
/// # Safety
/// `f` a live function; `args` valid for `nargs + len(kwnames)`; `kwnames`
/// NULL or a tuple.
pub unsafe fn bind(
    f: *mut PyFunctionObject,
    args: *const *mut PyObject,
    nargs: usize,
    kwnames: *mut PyObject,
) -> PyResult<Locals> {
    // SAFETY: forwarded; every slot of the code's tuples is live.
    unsafe {
        let c = (*f).func_code as *mut PyCodeObject;
        let qn = unicode::as_str((*f).func_qualname).into_owned();
        let names = (*c).co_localsplusnames;
        let argcount = (*c).co_argcount as usize;
        let posonly = (*c).co_posonlyargcount as usize;
        let kwonly = (*c).co_kwonlyargcount as usize;
        let total = argcount + kwonly;
        let cflags = (*c).co_flags;
        let mut locals: Locals = (0..(*c).co_nlocalsplus).map(|_| None).collect();
        let argv = call::slice(args, nargs);
        let mut kwdict = if cflags & co::VARKEYWORDS != 0 {
            Some(dict::new()?)
        } else {
            None
        };
        let n = nargs.min(argcount);
        for (i, &a) in argv[..n].iter().enumerate() {
            locals[i] = Some(Owned::from_borrowed(a));
        }
        let mut next = total;
        if cflags & co::VARARGS != 0 {
            locals[next] = Some(tuple::new_from(&argv[n..])?);
            next += 1;
        }
        let nkw = if kwnames.is_null() {
            0
        } else {
            tuple::size(kwnames) as usize
        };
        let kwvalues = call::slice(args.add(nargs), nkw);
        for (i, &value) in kwvalues.iter().enumerate() {
            let key = tuple::item(kwnames, i as isize);
            if !unicode::check(key) {
                return Err(err::type_error(&format!("{qn}() keywords must be strings")));
            }
            let mut found = (posonly..total).find(|&j| tuple::item(names, j as isize) == key);
            if found.is_none() {
                for j in posonly..total {
                    if abstract_::rich_compare_bool(
                        tuple::item(names, j as isize),
                        key,
                        abstract_::EQ,
                    )? {
                        found = Some(j);
                        break;
                    }
                }
            }
            match found {
                Some(j) => {
                    if locals[j].is_some() {
                        return Err(err::type_error(&format!(
                            "{qn}() got multiple values for argument '{}'",
                            abstract_::str_string(key)?
                        )));
                    }
                    locals[j] = Some(Owned::from_borrowed(value));
                }
                None => match &kwdict {
                    Some(d) => dict::set(d.as_ptr(), key, value)?,
                    None => {
                        if posonly > 0 {
                            posonly_as_keyword(&qn, names, posonly, kwnames)?;
                        }
                        return Err(err::type_error(&format!(
                            "{qn}() got an unexpected keyword argument '{}'",
                            abstract_::str_string(key)?
                        )));
                    }
                },
            }
        }
        if nargs > argcount && cflags & co::VARARGS == 0 {
            return Err(too_many_positional(&qn, f, c, nargs, &locals));
        }
        if nargs < argcount {
            let defaults = (*f).func_defaults;
            let defcount = if defaults.is_null() {
                0
            } else {
                tuple::size(defaults) as usize
            };
            let m = argcount.saturating_sub(defcount);
            let missing: Vec<usize> = (nargs..m).filter(|&i| locals[i].is_none()).collect();
            if !missing.is_empty() {
                return Err(missing_error(&qn, names, &missing, "positional")?);
            }
            for i in n.saturating_sub(m)..defcount {
                if locals[m + i].is_none() {
                    locals[m + i] = Some(Owned::from_borrowed(tuple::item(defaults, i as isize)));
                }
            }
        }
        if kwonly > 0 {
            let kwdefs = (*f).func_kwdefaults;
            let mut missing = Vec::new();
            for (i, slot) in locals.iter_mut().enumerate().take(total).skip(argcount) {
                if slot.is_some() {
                    continue;
                }
                let name = tuple::item(names, i as isize);
                if !kwdefs.is_null() {
                    if let Some(d) = dict::get(kwdefs, name)? {
                        *slot = Some(Owned::from_borrowed(d));
                        continue;
                    }
                }
                missing.push(i);
            }
            if !missing.is_empty() {
                return Err(missing_error(&qn, names, &missing, "keyword-only")?);
            }
        }
        if let Some(d) = kwdict.take() {
            locals[next] = Some(d);
        }
        Ok(locals)
    }
}

unsafe fn posonly_as_keyword(
    qn: &str,
    names: *mut PyObject,
    posonly: usize,
    kwnames: *mut PyObject,
) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let mut hits = Vec::new();
        for k in 0..posonly {
            let p = tuple::item(names, k as isize);
            for i in 0..tuple::size(kwnames) {
                let kw = tuple::item(kwnames, i);
                if kw == p || abstract_::rich_compare_bool(p, kw, abstract_::EQ)? {
                    hits.push(abstract_::str_string(kw)?);
                }
            }
        }
        if hits.is_empty() {
            return Ok(());
        }
        Err(err::type_error(&format!(
            "{qn}() got some positional-only arguments passed as keyword arguments: '{}'",
            hits.join(", ")
        )))
    }
}

unsafe fn too_many_positional(
    qn: &str,
    f: *mut PyFunctionObject,
    c: *mut PyCodeObject,
    given: usize,
    locals: &Locals,
) -> err::Raised {
    // SAFETY: forwarded.
    unsafe {
        let argcount = (*c).co_argcount as usize;
        let kwonly_given = (argcount..argcount + (*c).co_kwonlyargcount as usize)
            .filter(|&i| locals[i].is_some())
            .count();
        let defaults = (*f).func_defaults;
        let defcount = if defaults.is_null() {
            0
        } else {
            tuple::size(defaults) as usize
        };
        let (sig, plural) = if defcount > 0 {
            (format!("from {} to {argcount}", argcount - defcount), true)
        } else {
            (argcount.to_string(), argcount != 1)
        };
        let kwonly_sig = if kwonly_given > 0 {
            format!(
                " positional argument{} (and {kwonly_given} keyword-only argument{})",
                if given != 1 { "s" } else { "" },
                if kwonly_given != 1 { "s" } else { "" }
            )
        } else {
            String::new()
        };
        err::type_error(&format!(
            "{qn}() takes {sig} positional argument{} but {given}{kwonly_sig} {} given",
            if plural { "s" } else { "" },
            if given == 1 && kwonly_given == 0 {
                "was"
            } else {
                "were"
            }
        ))
    }
}

unsafe fn missing_error(
    qn: &str,
    names: *mut PyObject,
    missing: &[usize],
    kind: &str,
) -> PyResult<err::Raised> {
    // SAFETY: forwarded.
    unsafe {
        let mut reprs = Vec::new();
        for &i in missing {
            reprs.push(abstract_::repr_string(tuple::item(names, i as isize))?);
        }
        let len = reprs.len();
        let list = match len {
            1 => reprs[0].clone(),
            2 => format!("{} and {}", reprs[0], reprs[1]),
            _ => format!(
                "{}, {}, and {}",
                reprs[..len - 2].join(", "),
                reprs[len - 2],
                reprs[len - 1]
            ),
        };
        Ok(err::type_error(&format!(
            "{qn}() missing {len} required {kind} argument{}: {list}",
            if len == 1 { "" } else { "s" }
        )))
    }
}

unsafe extern "C" fn func_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        if watchers::func_watched() && !watchers::notify_func_dealloc(op) {
            return;
        }
        gc::untrack(op);
        let f = op as *mut PyFunctionObject;
        if !(*f).func_weakreflist.is_null() {
            crate::objects::weakref::clear_weakrefs(op);
        }
        for p in fields(f) {
            clear_slot(p);
        }
        alloc::free_object(op);
    }
}

/// Every object field of a function.
unsafe fn fields(f: *mut PyFunctionObject) -> [*mut *mut PyObject; 13] {
    // SAFETY: addresses inside a live function.
    unsafe {
        [
            ptr::addr_of_mut!((*f).func_globals),
            ptr::addr_of_mut!((*f).func_builtins),
            ptr::addr_of_mut!((*f).func_name),
            ptr::addr_of_mut!((*f).func_qualname),
            ptr::addr_of_mut!((*f).func_code),
            ptr::addr_of_mut!((*f).func_defaults),
            ptr::addr_of_mut!((*f).func_kwdefaults),
            ptr::addr_of_mut!((*f).func_closure),
            ptr::addr_of_mut!((*f).func_doc),
            ptr::addr_of_mut!((*f).func_dict),
            ptr::addr_of_mut!((*f).func_module),
            ptr::addr_of_mut!((*f).func_annotations),
            ptr::addr_of_mut!((*f).func_typeparams),
        ]
    }
}

/// `tp_clear`: drops the fields that can close a cycle (defaults, the
/// closure, the dict, annotations, type parameters, the doc). Code, name,
/// globals and builtins stay, as the evaluator expects them; the globals
/// dict breaks its own cycles.
unsafe extern "C" fn func_clear(op: *mut PyObject) -> c_int {
    // SAFETY: slot on a live function; the fields are owned.
    unsafe {
        let f = op as *mut PyFunctionObject;
        (*f).func_version = 0;
        for p in [
            ptr::addr_of_mut!((*f).func_defaults),
            ptr::addr_of_mut!((*f).func_kwdefaults),
            ptr::addr_of_mut!((*f).func_closure),
            ptr::addr_of_mut!((*f).func_dict),
            ptr::addr_of_mut!((*f).func_annotations),
            ptr::addr_of_mut!((*f).func_typeparams),
            ptr::addr_of_mut!((*f).func_doc),
        ] {
            clear_slot(p);
        }
        0
    }
}

unsafe extern "C" fn func_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a function.
    unsafe {
        let Some(v) = visit else { return 0 };
        for p in fields(op as *mut PyFunctionObject) {
            if !(*p).is_null() {
                let r = v(*p, arg);
                if r != 0 {
                    return r;
                }
            }
        }
        0
    }
}

unsafe extern "C" fn func_descr_get(
    op: *mut PyObject,
    obj: *mut PyObject,
    _t: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot on a function.
    unsafe {
        if obj.is_null() || obj == lifecycle::none() {
            return new_ref(op);
        }
        err::into_ptr(crate::objects::boundmethod::new(op, obj))
    }
}

unsafe extern "C" fn func_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a function.
    unsafe {
        let f = op as *mut PyFunctionObject;
        err::into_ptr(unicode::from_str(&format!(
            "<function {} at {:p}>",
            unicode::as_str((*f).func_qualname),
            op
        )))
    }
}

macro_rules! func_getter {
    ($fname:ident, |$f:ident| $body:expr) => {
        unsafe extern "C" fn $fname(op: *mut PyObject, _x: *mut c_void) -> *mut PyObject {
            // SAFETY: getset on a function.
            unsafe {
                let $f = op as *mut PyFunctionObject;
                $body
            }
        }
    };
}

unsafe fn or_none(p: *mut PyObject) -> *mut PyObject {
    // SAFETY: `p` NULL or live.
    unsafe { new_ref(if p.is_null() { lifecycle::none() } else { p }) }
}

func_getter!(g_code, |f| new_ref((*f).func_code));
func_getter!(g_globals, |f| new_ref((*f).func_globals));
func_getter!(g_builtins, |f| new_ref((*f).func_builtins));
func_getter!(g_name, |f| new_ref((*f).func_name));
func_getter!(g_qualname, |f| new_ref((*f).func_qualname));
func_getter!(g_module, |f| or_none((*f).func_module));
func_getter!(g_doc, |f| or_none((*f).func_doc));
func_getter!(g_defaults, |f| or_none((*f).func_defaults));
func_getter!(g_kwdefaults, |f| or_none((*f).func_kwdefaults));
func_getter!(g_closure, |f| or_none((*f).func_closure));
func_getter!(g_type_params, |f| {
    if (*f).func_typeparams.is_null() {
        err::into_ptr(crate::objects::tuple::new(0))
    } else {
        new_ref((*f).func_typeparams)
    }
});

unsafe extern "C" fn s_type_params(op: *mut PyObject, v: *mut PyObject, _x: *mut c_void) -> c_int {
    // SAFETY: getset on a function; `v` NULL or live.
    unsafe {
        if v.is_null() || !crate::objects::tuple::check(v) {
            return err::type_error("__type_params__ must be set to a tuple").into();
        }
        set_type_params(op, v);
        0
    }
}

/// Replaces a function's `__type_params__` (`INTRINSIC_SET_FUNCTION_TYPE_PARAMS`).
///
/// # Safety
/// `op` a live function; `v` a live tuple.
pub unsafe fn set_type_params(op: *mut PyObject, v: *mut PyObject) {
    // SAFETY: forwarded; the old value is released after the store.
    unsafe {
        let f = op as *mut PyFunctionObject;
        let old = std::mem::replace(&mut (*f).func_typeparams, new_ref(v));
        xdecref(old);
    }
}
/// The annotations as a dict (borrowed; NULL when there are none): the
/// `(name, value, ...)` tuple `MAKE_FUNCTION` stores is turned into a dict
/// on first use, as CPython's `func_get_annotation_dict` does.
///
/// # Safety
/// `f` a live function.
pub unsafe fn annotations_dict(f: *mut PyFunctionObject) -> PyResult<*mut PyObject> {
    // SAFETY: forwarded; the tuple holds name/value pairs.
    unsafe {
        let a = (*f).func_annotations;
        if a.is_null() || !tuple::check(a) {
            return Ok(a);
        }
        let d = dict::new()?;
        let n = tuple::size(a);
        let mut i = 0;
        while i + 1 < n {
            dict::set(d.as_ptr(), tuple::item(a, i), tuple::item(a, i + 1))?;
            i += 2;
        }
        let old = std::mem::replace(&mut (*f).func_annotations, d.into_raw());
        decref(old);
        Ok((*f).func_annotations)
    }
}

func_getter!(g_annotations, |f| {
    match annotations_dict(f) {
        Ok(a) if !a.is_null() => new_ref(a),
        Ok(_) => match dict::new() {
            Ok(d) => {
                (*f).func_annotations = d.into_raw();
                new_ref((*f).func_annotations)
            }
            Err(e) => e.into(),
        },
        Err(e) => e.into(),
    }
});

/// The setter of a function attribute: `check` accepts the value (NULL is
/// deletion), `msg` is CPython's `TypeError` otherwise. With `none_clears`,
/// None and deletion both store NULL. `event` is the function-watcher
/// event the change reports (before the store).
unsafe fn set_attr(
    op: *mut PyObject,
    v: *mut PyObject,
    slot: unsafe fn(*mut PyFunctionObject) -> *mut *mut PyObject,
    check: unsafe fn(*mut PyObject) -> bool,
    msg: &str,
    none_clears: bool,
    event: Option<FunctionEvent>,
) -> c_int {
    // SAFETY: setter on a function.
    unsafe {
        let f = op as *mut PyFunctionObject;
        let clears = none_clears && (v.is_null() || v == lifecycle::none());
        if !clears && (v.is_null() || !check(v)) {
            return err::type_error(msg).into();
        }
        let v = if clears { ptr::null_mut() } else { new_ref(v) };
        if let Some(ev) = event {
            if watchers::func_watched() {
                watchers::notify_func(ev, op, v);
            }
        }
        (*f).func_version = 0;
        replace(slot(f), v);
        0
    }
}

macro_rules! func_setter {
    ($fname:ident, $field:ident, $check:expr, $msg:literal, $none:expr) => {
        func_setter!($fname, $field, $check, $msg, $none, None);
    };
    ($fname:ident, $field:ident, $check:expr, $msg:literal, $none:expr, $event:expr) => {
        unsafe extern "C" fn $fname(op: *mut PyObject, v: *mut PyObject, _x: *mut c_void) -> c_int {
            unsafe fn slot(f: *mut PyFunctionObject) -> *mut *mut PyObject {
                // SAFETY: a live function.
                unsafe { ptr::addr_of_mut!((*f).$field) }
            }
            // SAFETY: setter on a function.
            unsafe { set_attr(op, v, slot, $check, $msg, $none, $event) }
        }
    };
}

unsafe fn any(_v: *mut PyObject) -> bool {
    true
}

func_setter!(
    s_name,
    func_name,
    unicode::check,
    "__name__ must be set to a string object",
    false
);
func_setter!(
    s_qualname,
    func_qualname,
    unicode::check,
    "__qualname__ must be set to a string object",
    false
);
func_setter!(
    s_defaults,
    func_defaults,
    tuple::check,
    "__defaults__ must be set to a tuple object",
    true,
    Some(FunctionEvent::ModifyDefaults)
);
func_setter!(
    s_kwdefaults,
    func_kwdefaults,
    dict::check,
    "__kwdefaults__ must be set to a dict object",
    true,
    Some(FunctionEvent::ModifyKwdefaults)
);
func_setter!(
    s_annotations,
    func_annotations,
    dict::check,
    "__annotations__ must be set to a dict object",
    true
);
func_setter!(
    s_module,
    func_module,
    any,
    "cannot delete __module__",
    false
);
func_setter!(s_doc, func_doc, any, "cannot delete __doc__", false);

unsafe extern "C" fn s_code(op: *mut PyObject, v: *mut PyObject, _x: *mut c_void) -> c_int {
    // SAFETY: setter on a function.
    unsafe {
        let f = op as *mut PyFunctionObject;
        if v.is_null() || !codeobject::check(v) {
            return err::type_error("__code__ must be set to a code object").into();
        }
        let nfree = (*(v as *mut PyCodeObject)).co_nfreevars as isize;
        let nclosure = if (*f).func_closure.is_null() {
            0
        } else {
            tuple::size((*f).func_closure)
        };
        if nclosure != nfree {
            return err::value_error(&format!(
                "{}() requires a code object with {nclosure} free vars, not {nfree}",
                unicode::as_str((*f).func_name)
            ))
            .into();
        }
        if watchers::func_watched() {
            watchers::notify_func(FunctionEvent::ModifyCode, op, v);
        }
        (*f).func_version = 0;
        replace(ptr::addr_of_mut!((*f).func_code), new_ref(v));
        0
    }
}

static mut FUNC_GETSET: [typeobj::PyGetSetDef; 15] = [
    typeobj::getset_rw(c"__type_params__", Some(g_type_params), Some(s_type_params)),
    typeobj::getset_rw(c"__code__", Some(g_code), Some(s_code)),
    typeobj::getset(c"__globals__", Some(g_globals)),
    typeobj::getset(c"__builtins__", Some(g_builtins)),
    typeobj::getset_rw(c"__name__", Some(g_name), Some(s_name)),
    typeobj::getset_rw(c"__qualname__", Some(g_qualname), Some(s_qualname)),
    typeobj::getset_rw(c"__module__", Some(g_module), Some(s_module)),
    typeobj::getset_rw(c"__doc__", Some(g_doc), Some(s_doc)),
    typeobj::getset_rw(c"__defaults__", Some(g_defaults), Some(s_defaults)),
    typeobj::getset_rw(c"__kwdefaults__", Some(g_kwdefaults), Some(s_kwdefaults)),
    typeobj::getset(c"__closure__", Some(g_closure)),
    typeobj::getset_rw(c"__annotations__", Some(g_annotations), Some(s_annotations)),
    typeobj::getset_rw(
        c"__dict__",
        Some(crate::protocols::attr::generic_get_dict_getter),
        Some(crate::protocols::attr::generic_set_dict_setter),
    ),
    typeobj::GETSET_END,
    typeobj::GETSET_END,
];
