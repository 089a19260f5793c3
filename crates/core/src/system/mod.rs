//! The interpreter's modules and the import system: `import`, `sys` and
//! `builtins`.

pub mod builtins;
pub mod import;
pub mod sysmodule;
