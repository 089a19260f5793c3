//! The interpreter's modules and the import system: `import`, `sys` and
//! `builtins`.

pub mod builtin_funcs;
pub mod builtins;
pub mod import;
pub mod sysmodule;
