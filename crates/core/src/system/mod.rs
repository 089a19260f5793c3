//! The interpreter's modules and the import system: `import`, `sys`,
//! `builtins` and `time`.

pub mod builtin_funcs;
pub mod builtins;
pub mod import;
pub mod sysmodule;
pub mod timemodule;
