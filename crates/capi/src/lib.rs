//! # ophis-capi
//!
//! The C facade: every function of CPython 3.12's C API that Ophis covers,
//! exported with `#[no_mangle]` and CPython's exact signature, in one module
//! per CPython header (`dictobject.rs`, `cpython/dictobject.rs`, ...).
//!
//! Each export goes through [`boundary::guard`], the one panic boundary:
//! a Rust panic never unwinds into C; it becomes a `SystemError` (or a fatal
//! error where the function has no error return). Errors inside are
//! `ophis_core::runtime::err::PyResult`s, mapped to CPython's convention (NULL / -1
//! with the exception set) by [`boundary::CReturn`].
//!
//! Variadic functions live in the C shim (`csrc/shim.c`), which also owns
//! the exported data objects; [`shim`] connects the two at start-up.
//!
//! Conventions shared by every export are in this crate's README.

#![allow(non_snake_case)]
#![allow(clippy::missing_safety_doc)]
#![allow(clippy::not_unsafe_ptr_arg_deref)]
// `export!` wraps each body in one unsafe block: every export is an FFI entry
// whose safety rests on the C caller's contract, stated once in the macro.
#![allow(clippy::macro_metavars_in_unsafe)]

pub mod boundary;
pub mod shim;
pub mod sysmodule;

pub mod abstract_;
pub mod boolobject;
pub mod bytearrayobject;
pub mod bytesobject;
pub mod ceval;
pub mod codecs;
pub mod complexobject;
pub mod cpython;
pub mod descrobject;
pub mod dictobject;
pub mod floatobject;
pub mod frameobject;
pub mod genericaliasobject;
pub mod import;
pub mod iterobject;
pub mod listobject;
pub mod longobject;
pub mod marshal;
pub mod memoryobject;
pub mod methodobject;
pub mod modsupport;
pub mod moduleobject;
pub mod number;
pub mod object;
pub mod objimpl;
pub mod pybuffer;
pub mod pycapsule;
pub mod pyerrors;
pub mod pylifecycle;
pub mod pystate;
pub mod pythonrun;
pub mod pythread;
pub mod setobject;
pub mod sliceobject;
pub mod structseq;
pub mod traceback;
pub mod tupleobject;
pub mod typeobject;
pub mod unicodeobject;
pub mod weakrefobject;

pub use ophis_core::objects::object::{PyObject, Py_ssize_t};
pub use ophis_core::objects::typeobj::PyTypeObject;
