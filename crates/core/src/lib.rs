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
//! [`runtime::err::PyResult`]; [`objects::object::Owned`] is the safe
//! owning handle.
//!
//! The modules are grouped by concern: [`objects`] (the builtin types),
//! [`protocols`] (the abstract object protocols and argument conversion),
//! [`runtime`] (memory, GC, errors, threads, start-up), [`code`] (code
//! objects, functions, frames) and [`system`] (import, `sys`, `builtins`).
//!
//! Conventions: every function that touches objects requires an attached
//! thread state (the GIL); `# Safety` sections state the rest.

#![allow(non_camel_case_types)]
#![allow(clippy::missing_safety_doc)]

pub mod code;
pub mod objects;
pub mod protocols;
pub mod runtime;
pub mod system;

/// The CPython version whose C API Ophis tracks.
pub const CPYTHON_VERSION: &str = "3.12.1";
/// Ophis's own version.
pub const OPHIS_VERSION: &str = env!("CARGO_PKG_VERSION");
