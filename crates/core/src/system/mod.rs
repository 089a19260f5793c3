//! The interpreter's modules and the import system: `import`, `sys`,
//! `builtins`, `sys.monitoring`, `gc`, `time`, `math`, `itertools`,
//! `_collections`, `_io`, `_thread` and `_weakref`.

pub mod builtin_funcs;
pub mod builtins;
pub mod collectionsmodule;
pub mod gcmodule;
pub mod import;
pub mod io;
pub mod itertoolsmodule;
pub mod mathmodule;
pub mod monitoringmodule;
pub mod sysinfo;
pub mod sysmodule;
pub mod threadmodule;
pub mod timemodule;
pub mod weakrefmodule;
