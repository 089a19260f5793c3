//! Code objects (`PyCode_Type`) as far as calls and introspection need
//! them: `PyUnstable_Code_New` (3.12 signature, with and without
//! positional-only arguments), `PyCode_NewEmpty`, the `co_*` attributes and
//! `PyCode_Get*`.
//!
//! The struct has CPython 3.12's `PyCodeObject` layout up to
//! `co_code_adaptive` (C code reads `co_flags`, `co_firstlineno`,
//! `co_nfreevars`, ... directly); the bytecode is kept as given, after the
//! header as in CPython, and as a `bytes` object in the cached-attribute
//! block. Ophis has no bytecode interpreter: running code is the evaluator's
//! job (DESIGN §4), see [`crate::code::funcobject`].

use crate::objects::object::*;
use crate::objects::typeobj::{self, flags};
use crate::runtime::alloc;
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::runtime::watchers;
use crate::{objects::bytes, objects::long, objects::setobject, objects::tuple, objects::unicode};
use ophis_compiler::code::KeyRef;
use ophis_compiler::{CodeUnit, Constant};
use ophis_watchers::CodeEvent;
use std::ffi::{c_int, c_void};
use std::ptr;

/// `CO_*` flag values.
#[allow(missing_docs)]
pub mod co {
    use std::ffi::c_int;
    pub const OPTIMIZED: c_int = 0x0001;
    pub const NEWLOCALS: c_int = 0x0002;
    pub const VARARGS: c_int = 0x0004;
    pub const VARKEYWORDS: c_int = 0x0008;
    pub const NESTED: c_int = 0x0010;
    pub const GENERATOR: c_int = 0x0020;
}

/// Local-variable kind in `co_localspluskinds`: a plain local.
pub const FAST_LOCAL: u8 = 0x20;
/// Local-variable kind: a cell variable (captured by an inner scope).
pub const FAST_CELL: u8 = 0x40;
/// Local-variable kind: a free variable (from an enclosing scope).
pub const FAST_FREE: u8 = 0x80;

/// The bytecode of `PyCode_NewEmpty`: `RESUME 0; LOAD_ASSERTION_ERROR;
/// RAISE_VARARGS 1` (calling it raises `AssertionError()`).
pub const EMPTY_CODE: [u8; 6] = [0x97, 0x00, 0x4a, 0x00, 0x82, 0x01];

/// The `RESUME` opcode, where a frame starts (CPython's
/// `_co_firsttraceable` is the index of the first one).
const RESUME: u8 = 0x97;

/// CPython 3.12's `PyCodeObject` header.
#[repr(C)]
#[allow(missing_docs)]
pub struct PyCodeObject {
    pub ob_base: PyVarObject,
    pub co_consts: *mut PyObject,
    pub co_names: *mut PyObject,
    pub co_exceptiontable: *mut PyObject,
    pub co_flags: c_int,
    pub co_argcount: c_int,
    pub co_posonlyargcount: c_int,
    pub co_kwonlyargcount: c_int,
    pub co_stacksize: c_int,
    pub co_firstlineno: c_int,
    pub co_nlocalsplus: c_int,
    pub co_framesize: c_int,
    pub co_nlocals: c_int,
    pub co_ncellvars: c_int,
    pub co_nfreevars: c_int,
    pub co_version: u32,
    pub co_localsplusnames: *mut PyObject,
    pub co_localspluskinds: *mut PyObject,
    pub co_filename: *mut PyObject,
    pub co_name: *mut PyObject,
    pub co_qualname: *mut PyObject,
    pub co_linetable: *mut PyObject,
    pub co_weakreflist: *mut PyObject,
    /// Ophis: the [`Cached`] attributes (CPython keeps the same four there).
    pub co_cached: *mut Cached,
    pub co_instrumentation_version: u64,
    pub co_monitoring: *mut c_void,
    pub co_firsttraceable: c_int,
    pub co_extra: *mut c_void,
}
const _: () = assert!(std::mem::offset_of!(PyCodeObject, co_flags) == 48);
const _: () = assert!(std::mem::offset_of!(PyCodeObject, co_localsplusnames) == 96);
const _: () = assert!(std::mem::offset_of!(PyCodeObject, co_cached) == 152);
const _: () = assert!(std::mem::size_of::<PyCodeObject>() == 192);

/// The attributes kept as given (owned references).
#[repr(C)]
pub struct Cached {
    /// `co_code` (bytes).
    pub code: *mut PyObject,
    /// `co_varnames`.
    pub varnames: *mut PyObject,
    /// `co_cellvars`.
    pub cellvars: *mut PyObject,
    /// `co_freevars`.
    pub freevars: *mut PyObject,
    /// A second reference to `co_name` when it is one of CPython's static
    /// anonymous names (`<lambda>`, `<genexpr>`...; NULL otherwise): those
    /// are immortal there, and their reference count shows in marshal data.
    pub static_name: *mut PyObject,
}

/// Fills in `PyCode_Type`. Start-up only.
pub(crate) unsafe fn init_type() {
    // SAFETY: start-up, exclusive access to the static type.
    unsafe {
        let t = lifecycle::code_type();
        (*t).ob_base.ob_base = static_header(lifecycle::type_type());
        (*t).tp_name = c"code".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<PyCodeObject>() as isize;
        (*t).tp_itemsize = 2;
        (*t).tp_flags = flags::DEFAULT;
        (*t).tp_weaklistoffset = std::mem::offset_of!(PyCodeObject, co_weakreflist) as isize;
        (*t).tp_dealloc = Some(code_dealloc);
        (*t).tp_repr = Some(code_repr);
        (*t).tp_getset = ptr::addr_of_mut!(CODE_GETSET) as *mut typeobj::PyGetSetDef;
        (*t).tp_methods = ptr::addr_of_mut!(CODE_METHODS).cast();
        (*t).tp_richcompare = Some(code_richcompare);
        (*t).tp_hash = Some(code_hash);
        (*t).tp_new = Some(code_new);
    }
}

/// `code.__new__`'s parameters (3.12's, all positional-only).
static CODE_NEW_SIG: crate::protocols::clinic::Sig = {
    use crate::protocols::clinic::{pos, pos_opt};
    crate::protocols::clinic::Sig::new(
        "code",
        &[
            pos("argcount"),
            pos("posonlyargcount"),
            pos("kwonlyargcount"),
            pos("nlocals"),
            pos("stacksize"),
            pos("flags"),
            pos("codestring"),
            pos("constants"),
            pos("names"),
            pos("varnames"),
            pos("filename"),
            pos("name"),
            pos("qualname"),
            pos("firstlineno"),
            pos("linetable"),
            pos("exceptiontable"),
            pos_opt("freevars"),
            pos_opt("cellvars"),
        ],
    )
};

/// `types.CodeType(argcount, ..., exceptiontable, freevars=(),
/// cellvars=(), /)`: a code object from its fields, as CPython 3.12's
/// `code.__new__` (argument types checked in order, the `code.__new__`
/// audit event, negative counts and non-string names refused, then
/// `PyUnstable_Code_NewWithPosOnlyArgs`'s checks).
unsafe extern "C" fn code_new(
    _t: *mut typeobj::PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract: `args` a tuple, `kw` NULL or a dict.
    unsafe { err::into_ptr(code_new_impl(args, kw)) }
}

/// [`code_new`]'s body.
///
/// # Safety
/// `args` a tuple, `kw` NULL or a dict.
unsafe fn code_new_impl(args: *mut PyObject, kw: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: the bound arguments are live; each is type-checked before use.
    unsafe {
        if !kw.is_null() && crate::objects::dict::len(kw) != 0 {
            return Err(err::type_error("code() takes no keyword arguments"));
        }
        let a = CODE_NEW_SIG.bind_call::<18>(args, ptr::null_mut())?;
        let int = |i: usize| -> PyResult<c_int> {
            let x = long::as_i64(
                long::index(a.req(i))?.as_ptr(),
                "Python int too large to convert to C int",
            )?;
            c_int::try_from(x)
                .map_err(|_| err::overflow_error("Python int too large to convert to C int"))
        };
        let empty = tuple::new(0)?;
        let obj = |i: usize, check: unsafe fn(*mut PyObject) -> bool, what: &str| {
            let v = a.get(i).unwrap_or(empty.as_ptr());
            if check(v) {
                Ok(v)
            } else {
                Err(a.bad(i, what, v))
            }
        };
        let args = CodeArgs {
            argcount: int(0)?,
            posonlyargcount: int(1)?,
            kwonlyargcount: int(2)?,
            nlocals: int(3)?,
            stacksize: int(4)?,
            flags: int(5)?,
            code: obj(6, bytes::check, "bytes")?,
            consts: obj(7, tuple::check, "tuple")?,
            names: obj(8, tuple::check, "tuple")?,
            varnames: obj(9, tuple::check, "tuple")?,
            filename: obj(10, unicode::check, "str")?,
            name: obj(11, unicode::check, "str")?,
            qualname: obj(12, unicode::check, "str")?,
            firstlineno: int(13)?,
            linetable: obj(14, bytes::check, "bytes")?,
            exceptiontable: obj(15, bytes::check, "bytes")?,
            freevars: obj(16, tuple::check, "tuple")?,
            cellvars: obj(17, tuple::check, "tuple")?,
        };
        crate::runtime::audit::audit("code.__new__", || {
            let ints = [
                args.argcount,
                args.posonlyargcount,
                args.kwonlyargcount,
                args.nlocals,
                args.stacksize,
                args.flags,
            ];
            let mut items = vec![
                Owned::from_borrowed(args.code),
                Owned::from_borrowed(args.filename),
                Owned::from_borrowed(args.name),
            ];
            for v in ints {
                items.push(long::from_i64(i64::from(v))?);
            }
            tuple::from_owned(items)
        })?;
        for (v, what) in [
            (args.argcount, "argcount"),
            (args.posonlyargcount, "posonlyargcount"),
            (args.kwonlyargcount, "kwonlyargcount"),
            (args.nlocals, "nlocals"),
        ] {
            if v < 0 {
                return Err(err::value_error(&format!(
                    "code: {what} must not be negative"
                )));
            }
        }
        for t in [args.names, args.varnames, args.freevars, args.cellvars] {
            for i in 0..tuple::size(t) {
                let item = tuple::item(t, i);
                if !unicode::check(item) {
                    return Err(err::type_error(&format!(
                        "name tuples must contain only strings, not '{}'",
                        typeobj::short_name((*item).ob_type)
                    )));
                }
            }
        }
        new(&args)
    }
}

/// Readies `PyCode_Type`. Start-up only.
pub(crate) unsafe fn ready_type() {
    // SAFETY: start-up.
    unsafe {
        if typeobj::ready_static(lifecycle::code_type()).is_err() {
            lifecycle::fatal("Py_Initialize", "cannot ready the code type");
        }
    }
}

/// `PyCode_Check`.
///
/// # Safety
/// `op` live.
#[inline]
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { (*op).ob_type == lifecycle::code_type() }
}

/// The arguments of `PyUnstable_Code_NewWithPosOnlyArgs`, borrowed.
#[allow(missing_docs)]
pub struct CodeArgs {
    pub argcount: c_int,
    pub posonlyargcount: c_int,
    pub kwonlyargcount: c_int,
    pub nlocals: c_int,
    pub stacksize: c_int,
    pub flags: c_int,
    pub code: *mut PyObject,
    pub consts: *mut PyObject,
    pub names: *mut PyObject,
    pub varnames: *mut PyObject,
    pub freevars: *mut PyObject,
    pub cellvars: *mut PyObject,
    pub filename: *mut PyObject,
    pub name: *mut PyObject,
    pub qualname: *mut PyObject,
    pub firstlineno: c_int,
    pub linetable: *mut PyObject,
    pub exceptiontable: *mut PyObject,
}

/// `PyUnstable_Code_NewWithPosOnlyArgs`: checks the argument types
/// (`SystemError` as CPython's bad-internal-call), the bytecode shape and
/// that `varnames` covers the arguments (`ValueError`), then builds the
/// object.
///
/// # Safety
/// Every non-NULL pointer live.
pub unsafe fn new(a: &CodeArgs) -> PyResult<Owned> {
    // SAFETY: each object is type-checked before use.
    unsafe {
        let is = |p: *mut PyObject, f: unsafe fn(*mut PyObject) -> bool| !p.is_null() && f(p);
        if a.argcount < a.posonlyargcount
            || a.posonlyargcount < 0
            || a.kwonlyargcount < 0
            || a.nlocals < 0
            || a.stacksize < 0
            || a.flags < 0
            || !is(a.code, bytes::check)
            || !is(a.consts, tuple::check)
            || !is(a.names, tuple::check)
            || !is(a.varnames, tuple::check)
            || !is(a.freevars, tuple::check)
            || !is(a.cellvars, tuple::check)
            || !is(a.name, unicode::check)
            || !is(a.filename, unicode::check)
            || !is(a.linetable, bytes::check)
            || !is(a.exceptiontable, bytes::check)
            || !is(a.qualname, unicode::check)
        {
            return Err(err::bad_argument());
        }
        let code = bytes::as_slice(a.code);
        if code.len() > c_int::MAX as usize {
            return Err(err::overflow_error("code: co_code larger than INT_MAX"));
        }
        if code.len() % 2 != 0 {
            return Err(err::value_error("code: co_code is malformed"));
        }
        let nvar = tuple::size(a.varnames) as c_int;
        let nargs = a.argcount
            + a.kwonlyargcount
            + c_int::from(a.flags & co::VARARGS != 0)
            + c_int::from(a.flags & co::VARKEYWORDS != 0);
        if nvar < nargs {
            return Err(err::value_error("code: co_varnames is too small"));
        }
        // Locals, then cells that are not also locals, then free variables.
        let mut names: Vec<*mut PyObject> = Vec::new();
        let mut kinds: Vec<u8> = Vec::new();
        for i in 0..tuple::size(a.varnames) {
            names.push(tuple::item(a.varnames, i));
            kinds.push(FAST_LOCAL);
        }
        let mut ncell = 0;
        for i in 0..tuple::size(a.cellvars) {
            let c = tuple::item(a.cellvars, i);
            ncell += 1;
            match names
                .iter()
                .position(|&n| unicode::check(n) && unicode::check(c) && unicode::eq(n, c))
            {
                Some(j) => kinds[j] |= FAST_CELL,
                None => {
                    names.push(c);
                    kinds.push(FAST_CELL);
                }
            }
        }
        for i in 0..tuple::size(a.freevars) {
            names.push(tuple::item(a.freevars, i));
            kinds.push(FAST_FREE);
        }
        let localsplusnames = tuple::new_from(&names)?;
        finish(&Parts {
            argcount: a.argcount,
            posonlyargcount: a.posonlyargcount,
            kwonlyargcount: a.kwonlyargcount,
            stacksize: a.stacksize,
            flags: a.flags,
            firstlineno: a.firstlineno,
            code: a.code,
            consts: a.consts,
            names: a.names,
            localsplusnames: localsplusnames.as_ptr(),
            kinds: &kinds,
            filename: a.filename,
            name: a.name,
            qualname: a.qualname,
            linetable: a.linetable,
            exceptiontable: a.exceptiontable,
            varnames: a.varnames,
            cellvars: a.cellvars,
            freevars: a.freevars,
            nlocals: nvar,
            ncellvars: ncell,
            static_name: false,
        })
    }
}

/// Everything a code object holds, borrowed and already checked.
struct Parts<'a> {
    argcount: c_int,
    posonlyargcount: c_int,
    kwonlyargcount: c_int,
    stacksize: c_int,
    flags: c_int,
    firstlineno: c_int,
    code: *mut PyObject,
    consts: *mut PyObject,
    names: *mut PyObject,
    localsplusnames: *mut PyObject,
    kinds: &'a [u8],
    filename: *mut PyObject,
    name: *mut PyObject,
    qualname: *mut PyObject,
    linetable: *mut PyObject,
    exceptiontable: *mut PyObject,
    varnames: *mut PyObject,
    cellvars: *mut PyObject,
    freevars: *mut PyObject,
    nlocals: c_int,
    ncellvars: c_int,
    /// `name` is one of CPython's static anonymous names.
    static_name: bool,
}

/// Allocates the code object of checked parts and tells the code watchers.
///
/// # Safety
/// Every object of `p` live and of the type its field names.
unsafe fn finish(p: &Parts<'_>) -> PyResult<Owned> {
    // SAFETY: the caller checked the parts.
    unsafe {
        let code = bytes::as_slice(p.code);
        // A fresh object, as CPython's compiler and marshal make it (not
        // the shared one-byte singleton): its reference count shows in
        // marshal data.
        let localspluskinds = bytes::zeroed(p.kinds.len() as isize)?;
        if !p.kinds.is_empty() {
            ptr::copy_nonoverlapping(
                p.kinds.as_ptr(),
                bytes::sval(localspluskinds.as_ptr()),
                p.kinds.len(),
            );
        }
        let nunits = code.len() / 2;
        let t = lifecycle::code_type();
        let size = std::mem::size_of::<PyCodeObject>() + code.len();
        let op = alloc::new_object(t, size)?;
        let c = op as *mut PyCodeObject;
        std::ptr::copy_nonoverlapping(
            code.as_ptr(),
            (op as *mut u8).add(std::mem::size_of::<PyCodeObject>()),
            code.len(),
        );
        crate::code::specialize::quicken(units(op), nunits);
        let nlocalsplus = tuple::size(p.localsplusnames) as c_int;
        (*c).ob_base.ob_size = nunits as isize;
        (*c).co_consts = new_ref(p.consts);
        (*c).co_names = new_ref(p.names);
        (*c).co_exceptiontable = new_ref(p.exceptiontable);
        (*c).co_flags = p.flags;
        (*c).co_argcount = p.argcount;
        (*c).co_posonlyargcount = p.posonlyargcount;
        (*c).co_kwonlyargcount = p.kwonlyargcount;
        (*c).co_stacksize = p.stacksize;
        (*c).co_firstlineno = p.firstlineno;
        (*c).co_nlocalsplus = nlocalsplus;
        (*c).co_framesize = nlocalsplus + p.stacksize;
        (*c).co_nlocals = p.nlocals;
        (*c).co_ncellvars = p.ncellvars;
        (*c).co_nfreevars = tuple::size(p.freevars) as c_int;
        (*c).co_localsplusnames = new_ref(p.localsplusnames);
        (*c).co_localspluskinds = localspluskinds.into_raw();
        (*c).co_filename = new_ref(p.filename);
        (*c).co_name = new_ref(p.name);
        (*c).co_qualname = new_ref(p.qualname);
        (*c).co_linetable = new_ref(p.linetable);
        (*c).co_firsttraceable = code
            .chunks_exact(2)
            .position(|u| u[0] == RESUME)
            .unwrap_or(nunits) as c_int;
        (*c).co_cached = Box::into_raw(Box::new(Cached {
            code: new_ref(p.code),
            varnames: new_ref(p.varnames),
            cellvars: new_ref(p.cellvars),
            freevars: new_ref(p.freevars),
            static_name: if p.static_name {
                new_ref(p.name)
            } else {
                ptr::null_mut()
            },
        }));
        if watchers::code_watched() {
            watchers::notify_code(CodeEvent::Create, op);
        }
        Ok(Owned::from_raw(op))
    }
}

/// `PyCode_NewEmpty(filename, funcname, firstlineno)`: a code object whose
/// bytecode raises `AssertionError()` (as CPython 3.12's does).
pub fn new_empty(filename: &[u8], funcname: &[u8], firstlineno: c_int) -> PyResult<Owned> {
    let filename = unicode::from_utf8(filename)?;
    let name = unicode::from_utf8(funcname)?;
    let empty_tuple = tuple::new(0)?;
    let empty_bytes = bytes::from_bytes(&[])?;
    let code = bytes::from_bytes(&EMPTY_CODE)?;
    // One location entry: three code units on the first line, no columns.
    let linetable = bytes::from_bytes(&[0xea, 0x00])?;
    // SAFETY: every argument is a live object of the right type.
    unsafe {
        new(&CodeArgs {
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            nlocals: 0,
            stacksize: 1,
            flags: 0,
            code: code.as_ptr(),
            consts: empty_tuple.as_ptr(),
            names: empty_tuple.as_ptr(),
            varnames: empty_tuple.as_ptr(),
            freevars: empty_tuple.as_ptr(),
            cellvars: empty_tuple.as_ptr(),
            filename: filename.as_ptr(),
            name: name.as_ptr(),
            qualname: name.as_ptr(),
            firstlineno,
            linetable: linetable.as_ptr(),
            exceptiontable: empty_bytes.as_ptr(),
        })
    }
}

/// The cached attributes of a code object.
///
/// # Safety
/// `c` a live code object.
#[inline]
pub unsafe fn cached<'a>(c: *mut PyObject) -> &'a Cached {
    // SAFETY: set at creation, freed at dealloc.
    unsafe { &*(*(c as *mut PyCodeObject)).co_cached }
}

/// Whether the bytecode is exactly [`EMPTY_CODE`].
///
/// # Safety
/// `c` a live code object.
pub unsafe fn is_empty_code(c: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { bytes::as_slice(cached(c).code) == EMPTY_CODE }
}

unsafe extern "C" fn code_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        if watchers::code_watched() && !watchers::notify_code_dealloc(op) {
            return;
        }
        let c = op as *mut PyCodeObject;
        if !(*c).co_weakreflist.is_null() {
            crate::objects::weakref::clear_weakrefs(op);
        }
        crate::code::instrument::free_code(op);
        for p in [
            ptr::addr_of_mut!((*c).co_consts),
            ptr::addr_of_mut!((*c).co_names),
            ptr::addr_of_mut!((*c).co_exceptiontable),
            ptr::addr_of_mut!((*c).co_localsplusnames),
            ptr::addr_of_mut!((*c).co_localspluskinds),
            ptr::addr_of_mut!((*c).co_filename),
            ptr::addr_of_mut!((*c).co_name),
            ptr::addr_of_mut!((*c).co_qualname),
            ptr::addr_of_mut!((*c).co_linetable),
        ] {
            clear_slot(p);
        }
        let cc = std::mem::replace(&mut (*c).co_cached, ptr::null_mut());
        if !cc.is_null() {
            let cc = Box::from_raw(cc);
            for p in [
                cc.code,
                cc.varnames,
                cc.cellvars,
                cc.freevars,
                cc.static_name,
            ] {
                xdecref(p);
            }
        }
        alloc::free_object(op);
    }
}

unsafe extern "C" fn code_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a code object.
    unsafe {
        let c = op as *mut PyCodeObject;
        err::into_ptr(unicode::from_str(&format!(
            "<code object {} at {:p}, file \"{}\", line {}>",
            unicode::as_str((*c).co_name),
            op,
            unicode::as_str((*c).co_filename),
            (*c).co_firstlineno
        )))
    }
}

macro_rules! code_getter {
    ($fname:ident, |$c:ident| $body:expr) => {
        unsafe extern "C" fn $fname(op: *mut PyObject, _x: *mut c_void) -> *mut PyObject {
            // SAFETY: getset on a code object.
            unsafe {
                let $c = op as *mut PyCodeObject;
                $body
            }
        }
    };
}

code_getter!(g_argcount, |c| err::into_ptr(long::from_i64(
    (*c).co_argcount as i64
)));
code_getter!(g_posonly, |c| err::into_ptr(long::from_i64(
    (*c).co_posonlyargcount as i64
)));
code_getter!(g_kwonly, |c| err::into_ptr(long::from_i64(
    (*c).co_kwonlyargcount as i64
)));
code_getter!(g_nlocals, |c| err::into_ptr(long::from_i64(
    (*c).co_nlocals as i64
)));
code_getter!(g_stacksize, |c| err::into_ptr(long::from_i64(
    (*c).co_stacksize as i64
)));
code_getter!(g_flags, |c| err::into_ptr(long::from_i64(
    (*c).co_flags as i64
)));
code_getter!(g_firstlineno, |c| err::into_ptr(long::from_i64(
    (*c).co_firstlineno as i64
)));
code_getter!(g_consts, |c| new_ref((*c).co_consts));
code_getter!(g_names, |c| new_ref((*c).co_names));
code_getter!(g_filename, |c| new_ref((*c).co_filename));
code_getter!(g_name, |c| new_ref((*c).co_name));
code_getter!(g_qualname, |c| new_ref((*c).co_qualname));
code_getter!(g_linetable, |c| new_ref((*c).co_linetable));
code_getter!(g_exctable, |c| new_ref((*c).co_exceptiontable));
code_getter!(g_code, |c| new_ref((*(*c).co_cached).code));
code_getter!(g_varnames, |c| new_ref((*(*c).co_cached).varnames));
code_getter!(g_cellvars, |c| new_ref((*(*c).co_cached).cellvars));
code_getter!(g_freevars, |c| new_ref((*(*c).co_cached).freevars));

static mut CODE_GETSET: [typeobj::PyGetSetDef; 19] = [
    typeobj::getset(c"co_argcount", Some(g_argcount)),
    typeobj::getset(c"co_posonlyargcount", Some(g_posonly)),
    typeobj::getset(c"co_kwonlyargcount", Some(g_kwonly)),
    typeobj::getset(c"co_nlocals", Some(g_nlocals)),
    typeobj::getset(c"co_stacksize", Some(g_stacksize)),
    typeobj::getset(c"co_flags", Some(g_flags)),
    typeobj::getset(c"co_firstlineno", Some(g_firstlineno)),
    typeobj::getset(c"co_consts", Some(g_consts)),
    typeobj::getset(c"co_names", Some(g_names)),
    typeobj::getset(c"co_filename", Some(g_filename)),
    typeobj::getset(c"co_name", Some(g_name)),
    typeobj::getset(c"co_qualname", Some(g_qualname)),
    typeobj::getset(c"co_linetable", Some(g_linetable)),
    typeobj::getset(c"co_exceptiontable", Some(g_exctable)),
    typeobj::getset(c"co_code", Some(g_code)),
    typeobj::getset(c"co_varnames", Some(g_varnames)),
    typeobj::getset(c"co_cellvars", Some(g_cellvars)),
    typeobj::getset(c"co_freevars", Some(g_freevars)),
    typeobj::GETSET_END,
];

/// `PyCode_GetCode` / `GetVarnames` / `GetCellvars` / `GetFreevars`: which
/// cached attribute, as a new reference.
///
/// # Safety
/// `c` a live code object.
pub unsafe fn get_cached(c: *mut PyObject, which: fn(&Cached) -> *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe { new_ref(which(cached(c))) }
}

/// The code-unit index where a new frame of `c` starts: its first
/// `RESUME` (CPython's `_co_firsttraceable`).
///
/// # Safety
/// `c` a live code object.
pub unsafe fn first_traceable(c: *mut PyObject) -> c_int {
    // SAFETY: forwarded.
    unsafe { (*(c as *mut PyCodeObject)).co_firsttraceable }
}

/// The code's instructions (CPython's `_PyCode_CODE`): `ob_size` 16-bit
/// code units after the header.
///
/// # Safety
/// `c` a live code object.
#[inline(always)]
pub unsafe fn units(c: *mut PyObject) -> *mut u16 {
    // SAFETY: the bytecode follows the header (see `finish`).
    unsafe { (c as *mut u8).add(std::mem::size_of::<PyCodeObject>()) as *mut u16 }
}

/// `PyCode_Addr2Line(code, byte_offset)`: the line of the instruction at
/// `byte_offset`, from the 3.11+ location table (`co_linetable`); -1 past
/// the end, for instructions without a location and for a malformed table;
/// `co_firstlineno` for a negative offset.
///
/// # Safety
/// `c` a live code object.
pub unsafe fn addr2line(c: *mut PyObject, byte_offset: c_int) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        let co = c as *mut PyCodeObject;
        if byte_offset < 0 {
            return (*co).co_firstlineno;
        }
        let table = bytes::as_slice((*co).co_linetable);
        line_at(table, (*co).co_firstlineno, byte_offset / 2).unwrap_or(-1)
    }
}

/// Walks a location table to code unit `target`. `None` when it ends
/// first or is malformed; `Some(-1)` for an entry without a location.
fn line_at(table: &[u8], first_line: c_int, target: c_int) -> Option<c_int> {
    let mut i = 0usize;
    let mut next = || {
        let b = *table.get(i)?;
        i += 1;
        Some(b)
    };
    let varint = |next: &mut dyn FnMut() -> Option<u8>| -> Option<i64> {
        let mut b = next()?;
        let mut v = (b & 63) as i64;
        let mut shift = 0;
        while b & 64 != 0 {
            b = next()?;
            shift += 6;
            if shift > 60 {
                return None;
            }
            v |= ((b & 63) as i64) << shift;
        }
        Some(v)
    };
    let mut line = first_line as i64;
    let mut unit = 0 as c_int;
    loop {
        let head = next()?;
        if head & 0x80 == 0 {
            return None;
        }
        let kind = (head >> 3) & 15;
        let len = (head & 7) as c_int + 1;
        let has_line = match kind {
            15 => false,
            14 => {
                let u = varint(&mut next)?;
                line += if u & 1 != 0 { -(u >> 1) } else { u >> 1 };
                for _ in 0..3 {
                    varint(&mut next)?;
                }
                true
            }
            13 => {
                let u = varint(&mut next)?;
                line += if u & 1 != 0 { -(u >> 1) } else { u >> 1 };
                true
            }
            10..=12 => {
                line += (kind - 10) as i64;
                next()?;
                next()?;
                true
            }
            _ => {
                next()?;
                true
            }
        };
        unit += len;
        if target < unit {
            return Some(if has_line { line as c_int } else { -1 });
        }
    }
}

/// The code object of a compiler [`CodeUnit`] and, recursively, of the
/// code units among its constants: every field as the compiler made it,
/// names interned as CPython's `intern_code_constants` does (`co_names`,
/// `co_localsplusnames`, the constant strings made only of name
/// characters, in tuples too) and `co_name` when it is an identifier.
///
/// Objects are shared as CPython's compiler shares them, which shows in
/// reference counts and so in marshal data: one file name for the whole
/// tree, one object per anonymous name (`<lambda>`...), and, as its
/// constant cache (`_PyCompile_ConstCacheMergeOne`) does, one object for
/// equal constants, `co_consts`, `co_names` and `co_localsplusnames`
/// tuples, location tables and exception tables across the tree.
pub fn from_unit(unit: &CodeUnit) -> PyResult<Owned> {
    from_unit_named(unit, unicode::from_str(&unit.filename)?)
}

/// [`from_unit`] with `co_filename` the caller's str object (which may
/// hold what UTF-8 cannot: a file name decoded with `surrogateescape`).
pub fn from_unit_named(unit: &CodeUnit, filename: Owned) -> PyResult<Owned> {
    let mut shared = Shared {
        filename,
        cache: Default::default(),
        anonymous: std::collections::HashMap::new(),
    };
    from_unit_in(unit, &mut shared)
}

/// The code names CPython's compiler takes from its static strings.
const STATIC_NAMES: [&str; 6] = [
    "<module>",
    "<lambda>",
    "<genexpr>",
    "<listcomp>",
    "<setcomp>",
    "<dictcomp>",
];

/// What the code objects of one compilation share.
struct Shared<'u> {
    filename: Owned,
    /// The constant cache, by `_PyCode_ConstantKey`: keys borrowed from the
    /// code units, by their hash.
    cache: rustc_hash::FxHashMap<u64, Vec<(KeyRef<'u>, Owned)>>,
    /// `<module>`, `<lambda>`, `<genexpr>`... (static strings in CPython).
    anonymous: std::collections::HashMap<String, Owned>,
}

impl<'u> Shared<'u> {
    /// The cached object for `key`.
    fn get(&self, key: &KeyRef<'u>) -> Option<Owned> {
        let entries = self.cache.get(&key.hash())?;
        entries
            .iter()
            .find(|(k, _)| k.same(key))
            .map(|(_, o)| o.clone())
    }

    /// Caches `o` as the object for `key`.
    fn insert(&mut self, key: KeyRef<'u>, o: &Owned) {
        self.cache
            .entry(key.hash())
            .or_default()
            .push((key, o.clone()));
    }

    /// The cached object for `key`, made by `make` the first time.
    fn merged(
        &mut self,
        key: Option<KeyRef<'u>>,
        make: impl FnOnce(&mut Self) -> PyResult<Owned>,
    ) -> PyResult<Owned> {
        let Some(key) = key else {
            return make(self);
        };
        if let Some(o) = self.get(&key) {
            return Ok(o);
        }
        let o = make(self)?;
        self.insert(key, &o);
        Ok(o)
    }
}

/// The cache key of a constant; `None` for NaNs (never equal, never merged).
fn key_of(c: &Constant) -> Option<KeyRef<'_>> {
    (!ophis_compiler::code::contains_nan(c)).then_some(KeyRef::Const(c))
}

fn from_unit_in<'u>(unit: &'u CodeUnit, shared: &mut Shared<'u>) -> PyResult<Owned> {
    if !unit.code.len().is_multiple_of(2)
        || unit.localsplusnames.len() != unit.localspluskinds.len()
    {
        return Err(err::system_error("compiler produced a malformed code unit"));
    }
    let to_int = |v: u32| {
        c_int::try_from(v).map_err(|_| err::overflow_error("code: field larger than INT_MAX"))
    };
    let items = unit
        .consts
        .iter()
        .map(|c| constant_to_object(c, shared))
        .collect::<PyResult<Vec<Owned>>>()?;
    let consts_key = (!unit.consts.iter().any(ophis_compiler::code::contains_nan))
        .then_some(KeyRef::Tuple(&unit.consts));
    let consts = shared.merged(consts_key, |_| {
        let ptrs: Vec<*mut PyObject> = items.iter().map(Owned::as_ptr).collect();
        tuple::new_from(&ptrs)
    })?;
    let names = shared.merged(Some(KeyRef::Names(&unit.names)), |_| {
        interned_tuple(unit.names.iter().map(String::as_str))
    })?;
    let localsplusnames = shared.merged(Some(KeyRef::Names(&unit.localsplusnames)), |_| {
        interned_tuple(unit.localsplusnames.iter().map(String::as_str))
    })?;
    let kinds = &unit.localspluskinds;
    // co_varnames, co_cellvars, co_freevars share the interned names.
    let pick = |bit: u8| -> PyResult<Owned> {
        // SAFETY: `localsplusnames` is a live tuple of the kinds' length.
        let v: Vec<*mut PyObject> = unsafe {
            (0..kinds.len())
                .filter(|&i| kinds[i] & bit != 0)
                .map(|i| tuple::item(localsplusnames.as_ptr(), i as isize))
                .collect()
        };
        tuple::new_from(&v)
    };
    let varnames = pick(FAST_LOCAL)?;
    let cellvars = pick(FAST_CELL)?;
    let freevars = pick(FAST_FREE)?;
    // Identifiers come interned from the parser; `<module>`, `<lambda>`,
    // `<genexpr>`... are CPython's static strings, not interned.
    let name = if unit.name.starts_with('<') {
        match shared.anonymous.get(&unit.name) {
            Some(n) => n.clone(),
            None => {
                let n = unicode::from_str(&unit.name)?;
                shared.anonymous.insert(unit.name.clone(), n.clone());
                n
            }
        }
    } else {
        unicode::intern(&unit.name)?
    };
    // Through the constant cache: a class body's `__qualname__` constant
    // is the code object's own `co_qualname` in CPython.
    let class_body =
        unit.flags & ophis_compiler::code::flags::OPTIMIZED == 0 && unit.name != "<module>";
    let qualname = if unit.qualname == unit.name {
        name.clone()
    } else if !class_body {
        unicode::from_str(&unit.qualname)?
    } else {
        shared.merged(Some(KeyRef::Str(&unit.qualname)), |_| {
            unicode::from_str(&unit.qualname)
        })?
    };
    let code = bytes::from_bytes(&unit.code)?;
    let linetable = shared.merged(Some(KeyRef::Bytes(&unit.linetable)), |_| {
        bytes::from_bytes(&unit.linetable)
    })?;
    let exceptiontable = shared.merged(Some(KeyRef::Bytes(&unit.exceptiontable)), |_| {
        bytes::from_bytes(&unit.exceptiontable)
    })?;
    let filename = shared.filename.clone();
    // SAFETY: every object was made above with the type its field names.
    unsafe {
        finish(&Parts {
            argcount: to_int(unit.argcount)?,
            posonlyargcount: to_int(unit.posonlyargcount)?,
            kwonlyargcount: to_int(unit.kwonlyargcount)?,
            stacksize: to_int(unit.stacksize)?,
            flags: to_int(unit.flags)?,
            firstlineno: to_int(unit.firstlineno)?,
            code: code.as_ptr(),
            consts: consts.as_ptr(),
            names: names.as_ptr(),
            localsplusnames: localsplusnames.as_ptr(),
            kinds,
            filename: filename.as_ptr(),
            name: name.as_ptr(),
            qualname: qualname.as_ptr(),
            linetable: linetable.as_ptr(),
            exceptiontable: exceptiontable.as_ptr(),
            varnames: varnames.as_ptr(),
            cellvars: cellvars.as_ptr(),
            freevars: freevars.as_ptr(),
            nlocals: tuple::size(varnames.as_ptr()) as c_int,
            ncellvars: tuple::size(cellvars.as_ptr()) as c_int,
            static_name: STATIC_NAMES.contains(&unit.name.as_str()),
        })
    }
}

/// The fields of a code object as marshal data holds them (borrowed).
#[allow(missing_docs)]
pub struct MarshalParts {
    pub argcount: c_int,
    pub posonlyargcount: c_int,
    pub kwonlyargcount: c_int,
    pub stacksize: c_int,
    pub flags: c_int,
    pub firstlineno: c_int,
    pub code: *mut PyObject,
    pub consts: *mut PyObject,
    pub names: *mut PyObject,
    pub localsplusnames: *mut PyObject,
    pub localspluskinds: *mut PyObject,
    pub filename: *mut PyObject,
    pub name: *mut PyObject,
    pub qualname: *mut PyObject,
    pub linetable: *mut PyObject,
    pub exceptiontable: *mut PyObject,
}

/// A code object from marshalled fields, checked as `_PyCode_Validate`
/// does (`SystemError` for a field of the wrong type, `ValueError` for
/// malformed bytecode or too few local names), names interned as
/// `_PyCode_New` does.
///
/// # Safety
/// Every object of `m` live.
pub unsafe fn from_marshal(m: &MarshalParts) -> PyResult<Owned> {
    // SAFETY: each object is type-checked before use.
    unsafe {
        if !unicode::check(m.filename)
            || !unicode::check(m.name)
            || !unicode::check(m.qualname)
            || !bytes::check(m.code)
            || !tuple::check(m.localsplusnames)
            || !bytes::check(m.localspluskinds)
            || tuple::size(m.localsplusnames) != bytes::as_slice(m.localspluskinds).len() as isize
            || !tuple::check(m.names)
            || !tuple::check(m.consts)
            || !bytes::check(m.linetable)
            || !bytes::check(m.exceptiontable)
        {
            return Err(err::bad_argument());
        }
        let code = bytes::as_slice(m.code);
        if code.len() > c_int::MAX as usize {
            return Err(err::overflow_error("code: co_code larger than INT_MAX"));
        }
        if !code.len().is_multiple_of(2) {
            return Err(err::value_error("code: co_code is malformed"));
        }
        let kinds = bytes::as_slice(m.localspluskinds).to_vec();
        let nlocals = kinds.iter().filter(|&&k| k & FAST_LOCAL != 0).count() as c_int;
        let nargs = m.argcount as i64
            + m.kwonlyargcount as i64
            + i64::from(m.flags & co::VARARGS != 0)
            + i64::from(m.flags & co::VARKEYWORDS != 0);
        if (nlocals as i64) < nargs {
            return Err(err::value_error("code: co_varnames is too small"));
        }
        let interned = |t: *mut PyObject| -> PyResult<Owned> {
            let mut v = Vec::new();
            for i in 0..tuple::size(t) {
                let x = tuple::item(t, i);
                if !unicode::check_exact(x) {
                    return Err(err::system_error("non-string found in code slot"));
                }
                let mut p = new_ref(x);
                unicode::intern_in_place(&mut p);
                v.push(Owned::from_raw(p));
            }
            let ptrs: Vec<*mut PyObject> = v.iter().map(Owned::as_ptr).collect();
            tuple::new_from(&ptrs)
        };
        let names = interned(m.names)?;
        let lpn = interned(m.localsplusnames)?;
        let pick = |bit: u8| -> PyResult<Owned> {
            let v: Vec<*mut PyObject> = (0..kinds.len())
                .filter(|&i| kinds[i] & bit != 0)
                .map(|i| tuple::item(lpn.as_ptr(), i as isize))
                .collect();
            tuple::new_from(&v)
        };
        let varnames = pick(FAST_LOCAL)?;
        let cellvars = pick(FAST_CELL)?;
        let freevars = pick(FAST_FREE)?;
        finish(&Parts {
            argcount: m.argcount,
            posonlyargcount: m.posonlyargcount,
            kwonlyargcount: m.kwonlyargcount,
            stacksize: m.stacksize,
            flags: m.flags,
            firstlineno: m.firstlineno,
            code: m.code,
            consts: m.consts,
            names: names.as_ptr(),
            localsplusnames: lpn.as_ptr(),
            kinds: &kinds,
            filename: m.filename,
            name: m.name,
            qualname: m.qualname,
            linetable: m.linetable,
            exceptiontable: m.exceptiontable,
            varnames: varnames.as_ptr(),
            cellvars: cellvars.as_ptr(),
            freevars: freevars.as_ptr(),
            nlocals,
            ncellvars: tuple::size(cellvars.as_ptr()) as c_int,
            static_name: false,
        })
    }
}

/// A tuple of interned strings.
fn interned_tuple<'a>(names: impl Iterator<Item = &'a str>) -> PyResult<Owned> {
    let items = names
        .map(unicode::intern)
        .collect::<PyResult<Vec<Owned>>>()?;
    let ptrs: Vec<*mut PyObject> = items.iter().map(Owned::as_ptr).collect();
    tuple::new_from(&ptrs)
}

/// CPython's `all_name_chars`: ASCII letters, digits and `_` only.
fn all_name_chars(b: &[u8]) -> bool {
    b.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'_')
}

/// One constant of `co_consts` as an object.
fn constant_to_object<'u>(c: &'u Constant, shared: &mut Shared<'u>) -> PyResult<Owned> {
    if let Constant::FrozenSet(items) = c {
        // CPython's `intern_string_constants` rebuilds a frozenset for the
        // code object when interning replaces one of its strings, that is
        // when an equal string was interned before: such a frozenset is
        // that code object's own; otherwise the merged one is shared.
        let key = key_of(c);
        if let Some(o) = key.as_ref().and_then(|k| shared.get(k)) {
            return Ok(o);
        }
        let replaced = items.iter().any(interned_before);
        let o = make_constant(c, shared)?;
        if let (Some(k), false) = (key, replaced) {
            shared.insert(k, &o);
        }
        return Ok(o);
    }
    shared.merged(key_of(c), |shared| make_constant(c, shared))
}

/// Whether a constant holds a name-like string (in tuples too) that is
/// already interned.
fn interned_before(c: &Constant) -> bool {
    match c {
        Constant::Str(s) => s
            .as_str()
            .is_some_and(|t| all_name_chars(t.as_bytes()) && unicode::is_interned_text(t)),
        Constant::Tuple(items) => items.iter().any(interned_before),
        _ => false,
    }
}

/// A new object for a constant (its items through the cache).
fn make_constant<'u>(c: &'u Constant, shared: &mut Shared<'u>) -> PyResult<Owned> {
    // SAFETY: the singletons are live for the runtime's life.
    let borrowed = |p: *mut PyObject| unsafe { Owned::from_borrowed(p) };
    match c {
        Constant::None => Ok(borrowed(lifecycle::none())),
        Constant::Ellipsis => Ok(borrowed(lifecycle::ellipsis())),
        Constant::Bool(b) => Ok(long::bool_from(*b)),
        Constant::Int(i) => long::from_bigint(i.clone()),
        Constant::Float(f) => crate::objects::float::from_f64(*f),
        Constant::Complex { re, im } => crate::objects::complexobject::from_doubles(*re, *im),
        Constant::FrozenSet(items) => {
            let items = items
                .iter()
                .map(|c| constant_to_object(c, shared))
                .collect::<PyResult<Vec<Owned>>>()?;
            let ptrs: Vec<*mut PyObject> = items.iter().map(Owned::as_ptr).collect();
            // SAFETY: fresh tuples and frozensets.
            unsafe {
                // The optimizer's frozenset of the items in source order,
                // then, as CPython's constant merging does, a new one made
                // from its iteration order.
                let first = setobject::new_frozen(tuple::new_from(&ptrs)?.as_ptr())?;
                setobject::new_frozen(setobject::to_tuple(first.as_ptr())?.as_ptr())
            }
        }
        Constant::Str(s) => match s.as_str() {
            // `"*"` too: in CPython it is a one-character singleton that
            // the parser interns as the identifier of `from m import *`.
            Some(t) if all_name_chars(t.as_bytes()) || t == "*" => unicode::intern(t),
            Some(t) => unicode::from_str(t),
            None => unicode::from_wtf8(s.as_bytes()),
        },
        Constant::Bytes(b) => bytes::from_bytes(b),
        Constant::Tuple(items) => {
            let items = items
                .iter()
                .map(|c| constant_to_object(c, shared))
                .collect::<PyResult<Vec<Owned>>>()?;
            let ptrs: Vec<*mut PyObject> = items.iter().map(Owned::as_ptr).collect();
            tuple::new_from(&ptrs)
        }
        Constant::Code(u) => from_unit_in(u, shared),
    }
}

/// One entry of a location table: `len` code units from `start`, with the
/// line (`-1` for none), end line, column and end column (`-1` for none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    /// First code unit.
    pub start: c_int,
    /// Number of code units.
    pub len: c_int,
    /// Line, or -1.
    pub line: c_int,
    /// End line, or -1.
    pub end_line: c_int,
    /// Column (0-based UTF-8 offset), or -1.
    pub col: c_int,
    /// End column, or -1.
    pub end_col: c_int,
}

/// Decodes a 3.11+ location table (`advance_with_locations`). `None` when
/// it is malformed.
pub fn decode_locations(table: &[u8], first_line: c_int) -> Option<Vec<Location>> {
    let mut i = 0usize;
    let mut out = Vec::new();
    let mut next = |i: &mut usize| -> Option<u8> {
        let b = *table.get(*i)?;
        *i += 1;
        Some(b)
    };
    let varint = |i: &mut usize, next: &mut dyn FnMut(&mut usize) -> Option<u8>| -> Option<i64> {
        let mut b = next(i)?;
        let mut v = (b & 63) as i64;
        let mut shift = 0;
        while b & 64 != 0 {
            b = next(i)?;
            shift += 6;
            if shift > 60 {
                return None;
            }
            v |= ((b & 63) as i64) << shift;
        }
        Some(v)
    };
    let svarint = |u: i64| if u & 1 != 0 { -(u >> 1) } else { u >> 1 };
    let mut line = first_line as i64;
    let mut start: c_int = 0;
    let clamp = |v: i64| v.clamp(c_int::MIN as i64, c_int::MAX as i64) as c_int;
    while i < table.len() {
        let head = next(&mut i)?;
        if head & 0x80 == 0 {
            return None;
        }
        let kind = (head >> 3) & 15;
        let len = (head & 7) as c_int + 1;
        let (l, el, col, ecol) = match kind {
            15 => (-1, -1, -1, -1),
            14 => {
                line += svarint(varint(&mut i, &mut next)?);
                let el = line + varint(&mut i, &mut next)?;
                let col = varint(&mut i, &mut next)? - 1;
                let ecol = varint(&mut i, &mut next)? - 1;
                (line, el, col, ecol)
            }
            13 => {
                line += svarint(varint(&mut i, &mut next)?);
                (line, line, -1, -1)
            }
            10..=12 => {
                line += (kind - 10) as i64;
                let col = next(&mut i)? as i64;
                let ecol = next(&mut i)? as i64;
                (line, line, col, ecol)
            }
            _ => {
                let second = next(&mut i)? as i64;
                let col = ((kind as i64) << 3) | (second >> 4);
                (line, line, col, col + (second & 15))
            }
        };
        out.push(Location {
            start,
            len,
            line: clamp(l),
            end_line: clamp(el),
            col: clamp(col),
            end_col: clamp(ecol),
        });
        start = start.saturating_add(len);
    }
    Some(out)
}

/// The decoded location table of a code object (empty when malformed).
///
/// # Safety
/// `c` a live code object.
unsafe fn locations(c: *mut PyObject) -> Vec<Location> {
    // SAFETY: forwarded.
    unsafe {
        let co = c as *mut PyCodeObject;
        decode_locations(bytes::as_slice((*co).co_linetable), (*co).co_firstlineno)
            .unwrap_or_default()
    }
}

/// `PyCode_Addr2Location(code, byte_offset)`: (line, column, end line, end
/// column) of the instruction at `byte_offset`; for a negative offset
/// `co_firstlineno` and column 0; -1s past the end of the table.
///
/// # Safety
/// `c` a live code object.
pub unsafe fn addr2location(c: *mut PyObject, byte_offset: c_int) -> (c_int, c_int, c_int, c_int) {
    // SAFETY: forwarded.
    unsafe {
        if byte_offset < 0 {
            let l = (*(c as *mut PyCodeObject)).co_firstlineno;
            return (l, 0, l, 0);
        }
        let unit = byte_offset / 2;
        locations(c)
            .iter()
            .find(|e| unit >= e.start && unit < e.start.saturating_add(e.len))
            .map_or((-1, -1, -1, -1), |e| (e.line, e.col, e.end_line, e.end_col))
    }
}

/// `None` for -1, else the int.
fn opt_int(v: c_int) -> PyResult<Owned> {
    if v < 0 {
        // SAFETY: None is live for the runtime's life.
        Ok(unsafe { Owned::from_borrowed(lifecycle::none()) })
    } else {
        long::from_i64(v as i64)
    }
}

/// An iterator over a list of tuples (the type is `list_iterator`, not
/// CPython's private iterator types).
fn iter_of(rows: Vec<Vec<Owned>>) -> PyResult<Owned> {
    let mut tuples = Vec::with_capacity(rows.len());
    for r in rows {
        let ptrs: Vec<*mut PyObject> = r.iter().map(Owned::as_ptr).collect();
        tuples.push(tuple::new_from(&ptrs)?);
    }
    let list = crate::objects::list::new(0)?;
    // SAFETY: a fresh, live list.
    unsafe {
        crate::objects::list::set_contents(list.as_ptr(), tuples)?;
        crate::objects::iterobject::get_iter(list.as_ptr())
    }
}

/// `code.co_lines()`: `(start, end, line)` byte ranges, consecutive
/// entries of the same line merged, `None` for no line.
///
/// # Safety
/// `c` a live code object.
pub unsafe fn co_lines(c: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    let locs = unsafe { locations(c) };
    let mut rows: Vec<(c_int, c_int, c_int)> = Vec::new();
    for e in locs {
        let (s, end) = (e.start * 2, (e.start + e.len) * 2);
        match rows.last_mut() {
            Some(last) if last.2 == e.line => last.1 = end,
            _ => rows.push((s, end, e.line)),
        }
    }
    let rows = rows
        .into_iter()
        .map(|(s, e, l)| {
            Ok(vec![
                long::from_i64(s as i64)?,
                long::from_i64(e as i64)?,
                opt_int(l)?,
            ])
        })
        .collect::<PyResult<Vec<_>>>()?;
    iter_of(rows)
}

/// `code.co_positions()`: `(line, end_line, col, end_col)` for every code
/// unit (caches included), `None` where unknown.
///
/// # Safety
/// `c` a live code object.
pub unsafe fn co_positions(c: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    let (locs, nunits) = unsafe { (locations(c), (*(c as *mut PyVarObject)).ob_size) };
    let mut rows = Vec::new();
    for e in locs {
        for _ in 0..e.len {
            if rows.len() as isize >= nunits {
                break;
            }
            rows.push(vec![
                opt_int(e.line)?,
                opt_int(e.end_line)?,
                opt_int(e.col)?,
                opt_int(e.end_col)?,
            ]);
        }
    }
    iter_of(rows)
}

unsafe extern "C" fn m_co_lines(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    // SAFETY: method of a code object.
    err::into_ptr(unsafe { co_lines(op) })
}

unsafe extern "C" fn m_co_positions(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    // SAFETY: method of a code object.
    err::into_ptr(unsafe { co_positions(op) })
}

const REPLACE_PARAMS: [&str; 18] = [
    "co_argcount",
    "co_posonlyargcount",
    "co_kwonlyargcount",
    "co_nlocals",
    "co_stacksize",
    "co_flags",
    "co_firstlineno",
    "co_code",
    "co_consts",
    "co_names",
    "co_varnames",
    "co_freevars",
    "co_cellvars",
    "co_filename",
    "co_name",
    "co_qualname",
    "co_linetable",
    "co_exceptiontable",
];

crate::protocols::clinic::fastcall! {
    /// `code.replace(*, co_argcount=-1, ..., co_exceptiontable=None)`: a
    /// copy with the given fields replaced, made as
    /// `PyCode_NewWithPosOnlyArgs` makes code objects (as CPython does).
    fn code_replace(c, a = crate::protocols::clinic::Sig::new("replace", &[
        crate::protocols::clinic::kw_opt(REPLACE_PARAMS[0]), crate::protocols::clinic::kw_opt(REPLACE_PARAMS[1]),
        crate::protocols::clinic::kw_opt(REPLACE_PARAMS[2]), crate::protocols::clinic::kw_opt(REPLACE_PARAMS[3]),
        crate::protocols::clinic::kw_opt(REPLACE_PARAMS[4]), crate::protocols::clinic::kw_opt(REPLACE_PARAMS[5]),
        crate::protocols::clinic::kw_opt(REPLACE_PARAMS[6]), crate::protocols::clinic::kw_opt(REPLACE_PARAMS[7]),
        crate::protocols::clinic::kw_opt(REPLACE_PARAMS[8]), crate::protocols::clinic::kw_opt(REPLACE_PARAMS[9]),
        crate::protocols::clinic::kw_opt(REPLACE_PARAMS[10]), crate::protocols::clinic::kw_opt(REPLACE_PARAMS[11]),
        crate::protocols::clinic::kw_opt(REPLACE_PARAMS[12]), crate::protocols::clinic::kw_opt(REPLACE_PARAMS[13]),
        crate::protocols::clinic::kw_opt(REPLACE_PARAMS[14]), crate::protocols::clinic::kw_opt(REPLACE_PARAMS[15]),
        crate::protocols::clinic::kw_opt(REPLACE_PARAMS[16]), crate::protocols::clinic::kw_opt(REPLACE_PARAMS[17]),
    ])) {
        let co = c as *mut PyCodeObject;
        let int = |i: usize, cur: c_int| -> PyResult<c_int> {
            match a.get(i) {
                None => Ok(cur),
                Some(v) => {
                    let x = long::as_i64(long::index(v)?.as_ptr(), "Python int too large to convert to C int")?;
                    c_int::try_from(x).map_err(|_| err::overflow_error("Python int too large to convert to C int"))
                }
            }
        };
        let obj = |i: usize, cur: *mut PyObject, check: unsafe fn(*mut PyObject) -> bool, what: &str| -> PyResult<*mut PyObject> {
            match a.get(i) {
                None => Ok(cur),
                Some(v) if check(v) => Ok(v),
                Some(v) => Err(a.bad(i, what, v)),
            }
        };
        let k = cached(c);
        let args = CodeArgs {
            argcount: int(0, (*co).co_argcount)?,
            posonlyargcount: int(1, (*co).co_posonlyargcount)?,
            kwonlyargcount: int(2, (*co).co_kwonlyargcount)?,
            nlocals: int(3, (*co).co_nlocals)?,
            stacksize: int(4, (*co).co_stacksize)?,
            flags: int(5, (*co).co_flags)?,
            firstlineno: int(6, (*co).co_firstlineno)?,
            code: obj(7, k.code, bytes::check, "bytes")?,
            consts: obj(8, (*co).co_consts, tuple::check, "tuple")?,
            names: obj(9, (*co).co_names, tuple::check, "tuple")?,
            varnames: obj(10, k.varnames, tuple::check, "tuple")?,
            freevars: obj(11, k.freevars, tuple::check, "tuple")?,
            cellvars: obj(12, k.cellvars, tuple::check, "tuple")?,
            filename: obj(13, (*co).co_filename, unicode::check, "str")?,
            name: obj(14, (*co).co_name, unicode::check, "str")?,
            qualname: obj(15, (*co).co_qualname, unicode::check, "str")?,
            linetable: obj(16, (*co).co_linetable, bytes::check, "bytes")?,
            exceptiontable: obj(17, (*co).co_exceptiontable, bytes::check, "bytes")?,
        };
        new(&args)
    }
}

static mut CODE_METHODS: [typeobj::PyMethodDef; 4] = [
    crate::protocols::clinic::def(c"replace", code_replace),
    typeobj::PyMethodDef {
        ml_name: c"co_lines".as_ptr(),
        ml_meth: Some(m_co_lines),
        ml_flags: crate::objects::methodobject::meth::NOARGS,
        ml_doc: ptr::null(),
    },
    typeobj::PyMethodDef {
        ml_name: c"co_positions".as_ptr(),
        ml_meth: Some(m_co_positions),
        ml_flags: crate::objects::methodobject::meth::NOARGS,
        ml_doc: ptr::null(),
    },
    typeobj::METHOD_END,
];

/// The base opcode and argument of each instruction, caches skipped (the
/// instructions `code_richcompare` and `code_hash` look at).
fn instructions(code: &[u8]) -> Vec<(u8, u8)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < code.len() {
        let op = code[i];
        out.push((op, code[i + 1]));
        i += 2 * (1 + ophis_compiler::opcode::caches(u16::from(op)) as usize);
    }
    out
}

/// Constant equality as `_PyCode_ConstantKey` defines it: same type, and
/// floats by value and sign (NaN only equal to itself), tuples item by
/// item, code objects as `code_richcompare`.
///
/// # Safety
/// `a`, `b` live.
unsafe fn const_eq(a: *mut PyObject, b: *mut PyObject) -> PyResult<bool> {
    // SAFETY: forwarded.
    unsafe {
        if a == b {
            return Ok(true);
        }
        if (*a).ob_type != (*b).ob_type {
            return Ok(false);
        }
        if crate::objects::float::check(a) {
            let (x, y) = (
                crate::objects::float::value(a),
                crate::objects::float::value(b),
            );
            return Ok(x == y && x.is_sign_negative() == y.is_sign_negative());
        }
        if tuple::check(a) {
            let n = tuple::size(a);
            if n != tuple::size(b) {
                return Ok(false);
            }
            for i in 0..n {
                if !const_eq(tuple::item(a, i), tuple::item(b, i))? {
                    return Ok(false);
                }
            }
            return Ok(true);
        }
        if check(a) {
            return code_eq(a, b);
        }
        if long::check(a) || unicode::check(a) || bytes::check(a) {
            return crate::protocols::abstract_::rich_compare_bool(
                a,
                b,
                crate::protocols::abstract_::EQ,
            );
        }
        Ok(false)
    }
}

/// `code_richcompare`'s equality.
///
/// # Safety
/// `a`, `b` live code objects.
pub unsafe fn code_eq(a: *mut PyObject, b: *mut PyObject) -> PyResult<bool> {
    // SAFETY: forwarded; the fields are live objects of their types.
    unsafe {
        if a == b {
            return Ok(true);
        }
        let (x, y) = (a as *mut PyCodeObject, b as *mut PyCodeObject);
        let eq = |p: *mut PyObject, q: *mut PyObject| {
            crate::protocols::abstract_::rich_compare_bool(p, q, crate::protocols::abstract_::EQ)
        };
        if !eq((*x).co_name, (*y).co_name)?
            || (*x).co_argcount != (*y).co_argcount
            || (*x).co_posonlyargcount != (*y).co_posonlyargcount
            || (*x).co_kwonlyargcount != (*y).co_kwonlyargcount
            || (*x).co_flags != (*y).co_flags
            || (*x).co_firstlineno != (*y).co_firstlineno
            || instructions(bytes::as_slice(cached(a).code))
                != instructions(bytes::as_slice(cached(b).code))
        {
            return Ok(false);
        }
        let n = tuple::size((*x).co_consts);
        if n != tuple::size((*y).co_consts) {
            return Ok(false);
        }
        for i in 0..n {
            if !const_eq(
                tuple::item((*x).co_consts, i),
                tuple::item((*y).co_consts, i),
            )? {
                return Ok(false);
            }
        }
        Ok(eq((*x).co_names, (*y).co_names)?
            && eq((*x).co_localsplusnames, (*y).co_localsplusnames)?
            && eq((*x).co_linetable, (*y).co_linetable)?
            && eq((*x).co_exceptiontable, (*y).co_exceptiontable)?)
    }
}

unsafe extern "C" fn code_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: slot on a code object; `b` live.
    unsafe {
        use crate::protocols::abstract_::{EQ, NE};
        if (op != EQ && op != NE) || !check(a) || !check(b) {
            return new_ref(lifecycle::not_implemented());
        }
        match code_eq(a, b) {
            Ok(e) => new_ref(if e == (op == EQ) {
                lifecycle::true_()
            } else {
                lifecycle::false_()
            }),
            Err(_) => ptr::null_mut(),
        }
    }
}

/// `code_hash` (3.12): the name, constants, names, local names, tables,
/// counts, flags, first line and base instructions scrambled together.
///
/// # Safety
/// `c` a live code object.
pub unsafe fn code_hash_value(c: *mut PyObject) -> PyResult<isize> {
    // SAFETY: forwarded; the fields are live.
    unsafe {
        const MULT: u64 = 1_000_003;
        let co = c as *mut PyCodeObject;
        let mut h: u64 = 20_221_211;
        let mut scramble = |v: u64| {
            h = h.wrapping_add(v).wrapping_mul(MULT);
        };
        for f in [
            (*co).co_name,
            (*co).co_consts,
            (*co).co_names,
            (*co).co_localsplusnames,
            (*co).co_linetable,
            (*co).co_exceptiontable,
        ] {
            scramble(crate::protocols::abstract_::hash(f)? as u64);
        }
        for v in [
            (*co).co_argcount,
            (*co).co_posonlyargcount,
            (*co).co_kwonlyargcount,
            (*co).co_flags,
            (*co).co_firstlineno,
        ] {
            scramble(v as i64 as u64);
        }
        scramble((*co).ob_base.ob_size as u64);
        for (op, arg) in instructions(bytes::as_slice(cached(c).code)) {
            scramble(u64::from(op));
            scramble(u64::from(arg));
        }
        Ok(if h as isize == -1 { -2 } else { h as isize })
    }
}

unsafe extern "C" fn code_hash(c: *mut PyObject) -> isize {
    // SAFETY: slot on a code object.
    unsafe { code_hash_value(c).unwrap_or(-1) }
}

#[cfg(test)]
mod tests {
    use super::line_at;
    use super::*;
    use crate::runtime::testing::with_runtime;

    fn field(c: *mut PyObject, name: &str) -> Owned {
        // SAFETY: a live object and a NUL-free name.
        unsafe {
            let n = unicode::from_str(name).unwrap();
            crate::protocols::abstract_::getattr(c, n.as_ptr()).unwrap()
        }
    }

    #[test]
    fn code_units_become_code_objects() {
        with_runtime(|| {
            let unit = ophis_compiler::compile(
                "def f(a, *, b=(1, 'x y', b'z', ...)):\n    def g():\n        return a\n    return g\nBIG = 2**100\nS = '\\ud800'\n",
                "t.py",
            )
            .unwrap();
            let co = from_unit(&unit).unwrap();
            // SAFETY: live objects made above.
            unsafe {
                assert!(check(co.as_ptr()));
                assert_eq!(bytes::as_slice(cached(co.as_ptr()).code), &unit.code[..]);
                let names = field(co.as_ptr(), "co_names");
                assert_eq!(tuple::size(names.as_ptr()), unit.names.len() as isize);
                assert!(unicode::is_interned(tuple::item(names.as_ptr(), 0)));
                let consts = field(co.as_ptr(), "co_consts");
                let f = (0..tuple::size(consts.as_ptr()))
                    .map(|i| tuple::item(consts.as_ptr(), i))
                    .find(|&c| check(c))
                    .expect("f's code object");
                assert_eq!(unicode::as_str(field(f, "co_name").as_ptr()), "f");
                assert_eq!((*(f as *mut PyCodeObject)).co_kwonlyargcount, 1);
                let cells = field(f, "co_cellvars");
                assert_eq!(unicode::as_str(tuple::item(cells.as_ptr(), 0)), "a");
                // Equal to itself rebuilt, hashes equal; a different unit differs.
                let again = from_unit(&unit).unwrap();
                assert!(code_eq(co.as_ptr(), again.as_ptr()).unwrap());
                assert_eq!(
                    code_hash_value(co.as_ptr()).unwrap(),
                    code_hash_value(again.as_ptr()).unwrap()
                );
                let other =
                    from_unit(&ophis_compiler::compile("x = 1\n", "t.py").unwrap()).unwrap();
                assert!(!code_eq(co.as_ptr(), other.as_ptr()).unwrap());
                // co_lines covers the whole code.
                let locs = locations(co.as_ptr());
                let units: c_int = locs.iter().map(|l| l.len).sum();
                assert_eq!(units as usize, unit.code.len() / 2);
                assert_eq!(addr2location(co.as_ptr(), -1).0, 1);
            }
        });
    }

    #[test]
    fn complex_constants_and_frozensets_made() {
        with_runtime(|| {
            let unit = ophis_compiler::compile("x = (1-2j, 1j)\n", "t.py").unwrap();
            let co = from_unit(&unit).unwrap();
            // SAFETY: a live code object and its constants tuple.
            unsafe {
                let consts = (*(co.as_ptr() as *mut PyCodeObject)).co_consts;
                let c = tuple::item(consts, 0);
                let a = crate::objects::complexobject::value(tuple::item(c, 0));
                assert_eq!((a.real, a.imag), (1.0, -2.0));
            }
            let unit = ophis_compiler::compile("x in {3, 1, 2}\n", "t.py").unwrap();
            assert!(from_unit(&unit).is_ok());
        });
    }

    #[test]
    fn location_entries() {
        // Short form (kind 0, col 1, end col 3), then no location.
        let t = [0x80, 0x12, 0x80 | (15 << 3) | 1];
        let l = decode_locations(&t, 5).unwrap();
        assert_eq!(
            l[0],
            Location {
                start: 0,
                len: 1,
                line: 5,
                end_line: 5,
                col: 1,
                end_col: 3
            }
        );
        assert_eq!((l[1].start, l[1].len, l[1].line, l[1].col), (1, 2, -1, -1));
        assert!(decode_locations(&[0x80 | (14 << 3), 0x41], 1).is_none());
    }

    #[test]
    fn location_table() {
        // PyCode_NewEmpty's: one entry, no columns, 3 units, delta 0.
        assert_eq!(line_at(&[0xea, 0x00], 42, 0), Some(42));
        assert_eq!(line_at(&[0xea, 0x00], 42, 2), Some(42));
        assert_eq!(line_at(&[0xea, 0x00], 42, 3), None);
        // one-line form (kind 11: +1) then long form (-3 as svarint 7),
        // then no location
        let t = [
            0x80 | (11 << 3),
            0,
            4,
            0x80 | (14 << 3) | 1,
            7,
            0,
            0,
            0,
            0x80 | (15 << 3),
        ];
        assert_eq!(line_at(&t, 10, 0), Some(11));
        assert_eq!(line_at(&t, 10, 1), Some(8));
        assert_eq!(line_at(&t, 10, 2), Some(8));
        assert_eq!(line_at(&t, 10, 3), Some(-1));
        // malformed: a continuation byte where an entry starts, truncation
        assert_eq!(line_at(&[0x00], 1, 0), None);
        assert_eq!(line_at(&[0x80 | (13 << 3), 0x40], 1, 0), None);
    }
}
