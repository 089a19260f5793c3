//! # ophis-core
//!
//! CPython 3.12's object model rebuilt in Rust: the object header and
//! immortal reference counts, type objects with CPython's layout, the builtin
//! types (`object`, `type`, `bool`, `int`, `float`, `str`, `bytes`, `tuple`,
//! `list`, `dict`, `module`), the standard exceptions, the object protocol,
//! the error indicator, thread states and the GIL.
//!
//! The crate is the engine behind `ophis-capi`'s C ABI. Its functions work on
//! raw object pointers with CPython's ownership rules and return
//! [`err::PyResult`]; [`object::Owned`] is the safe owning handle.
//!
//! Conventions: every function that touches objects requires an attached
//! thread state (the GIL); `# Safety` sections state the rest.

#![allow(non_camel_case_types)]
#![allow(clippy::missing_safety_doc)]

pub mod abstract_;
pub mod alloc;
pub mod attr;
pub mod boundmethod;
pub mod buffer;
pub mod build;
pub mod builtins;
pub mod bytearray;
pub mod bytes;
pub mod call;
pub mod capsule;
pub mod clinic;
pub mod codecs;
pub mod codeobject;
pub mod descr;
pub mod dict;
pub mod err;
pub mod exceptions;
pub mod float;
pub mod floatarith;
pub mod fmt;
pub mod frameobject;
pub mod funcobject;
#[cfg(test)]
mod fuzz_formats;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
pub mod gc;
pub mod getargs;
pub mod heaptype;
pub mod import;
pub mod iterobject;
pub mod list;
pub mod long;
pub mod longarith;
pub mod managed;
pub mod marshal;
pub mod mem;
pub mod member;
pub mod methodobject;
pub mod module;
pub mod moduledef;
pub mod number;
pub mod object;
pub mod objmethods;
pub mod obmalloc;
pub mod percent;
pub mod pythonrun;
pub mod rangeobject;
pub mod report;
pub mod runtime;
pub mod seqarith;
pub mod seqslice;
pub mod sequence;
pub mod slice;
pub mod slotcall;
pub mod slotwrap;
pub mod stdmethods;
pub mod superobject;
pub mod sysmodule;
pub mod testing;
pub mod thread;
pub mod traceback;
pub mod tuple;
pub mod typeobj;
pub mod unicode;
pub mod varargs;
pub mod watchers;
pub mod weakref;

/// The CPython version whose C API Ophis tracks.
pub const CPYTHON_VERSION: &str = "3.12.1";
/// Ophis's own version.
pub const OPHIS_VERSION: &str = env!("CARGO_PKG_VERSION");
