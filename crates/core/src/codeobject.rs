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
//! job (DESIGN §4), see [`crate::funcobject`].

use crate::alloc;
use crate::err::{self, PyResult};
use crate::object::*;
use crate::runtime;
use crate::typeobj::{self, flags};
use crate::watchers;
use crate::{bytes, long, tuple, unicode};
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

/// Local-variable kinds in `co_localspluskinds`.
const FAST_LOCAL: u8 = 0x20;
const FAST_CELL: u8 = 0x40;
const FAST_FREE: u8 = 0x80;

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
}

/// Fills in `PyCode_Type`. Start-up only.
pub(crate) unsafe fn init_type() {
    // SAFETY: start-up, exclusive access to the static type.
    unsafe {
        let t = runtime::code_type();
        (*t).ob_base.ob_base = static_header(runtime::type_type());
        (*t).tp_name = c"code".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<PyCodeObject>() as isize;
        (*t).tp_itemsize = 2;
        (*t).tp_flags = flags::DEFAULT;
        (*t).tp_weaklistoffset = std::mem::offset_of!(PyCodeObject, co_weakreflist) as isize;
        (*t).tp_dealloc = Some(code_dealloc);
        (*t).tp_repr = Some(code_repr);
        (*t).tp_getset = ptr::addr_of_mut!(CODE_GETSET) as *mut typeobj::PyGetSetDef;
    }
}

/// Readies `PyCode_Type`. Start-up only.
pub(crate) unsafe fn ready_type() {
    // SAFETY: start-up.
    unsafe {
        if typeobj::ready_static(runtime::code_type()).is_err() {
            runtime::fatal("Py_Initialize", "cannot ready the code type");
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
    unsafe { (*op).ob_type == runtime::code_type() }
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
        let localspluskinds = bytes::from_bytes(&kinds)?;
        let nunits = code.len() / 2;
        let t = runtime::code_type();
        let size = std::mem::size_of::<PyCodeObject>() + code.len();
        let op = alloc::new_object(t, size)?;
        let c = op as *mut PyCodeObject;
        std::ptr::copy_nonoverlapping(
            code.as_ptr(),
            (op as *mut u8).add(std::mem::size_of::<PyCodeObject>()),
            code.len(),
        );
        (*c).ob_base.ob_size = nunits as isize;
        (*c).co_consts = new_ref(a.consts);
        (*c).co_names = new_ref(a.names);
        (*c).co_exceptiontable = new_ref(a.exceptiontable);
        (*c).co_flags = a.flags;
        (*c).co_argcount = a.argcount;
        (*c).co_posonlyargcount = a.posonlyargcount;
        (*c).co_kwonlyargcount = a.kwonlyargcount;
        (*c).co_stacksize = a.stacksize;
        (*c).co_firstlineno = a.firstlineno;
        (*c).co_nlocalsplus = names.len() as c_int;
        (*c).co_framesize = names.len() as c_int + a.stacksize;
        (*c).co_nlocals = nvar;
        (*c).co_ncellvars = ncell;
        (*c).co_nfreevars = tuple::size(a.freevars) as c_int;
        (*c).co_localsplusnames = localsplusnames.into_raw();
        (*c).co_localspluskinds = localspluskinds.into_raw();
        (*c).co_filename = new_ref(a.filename);
        (*c).co_name = new_ref(a.name);
        (*c).co_qualname = new_ref(a.qualname);
        (*c).co_linetable = new_ref(a.linetable);
        (*c).co_firsttraceable = code
            .chunks_exact(2)
            .position(|u| u[0] == RESUME)
            .unwrap_or(nunits) as c_int;
        (*c).co_cached = Box::into_raw(Box::new(Cached {
            code: new_ref(a.code),
            varnames: new_ref(a.varnames),
            cellvars: new_ref(a.cellvars),
            freevars: new_ref(a.freevars),
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
            crate::weakref::clear_weakrefs(op);
        }
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
            for p in [cc.code, cc.varnames, cc.cellvars, cc.freevars] {
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

#[cfg(test)]
mod tests {
    use super::line_at;

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
