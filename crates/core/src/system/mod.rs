//! The interpreter's modules, the import system and teardown: `import`, `sys`,
//! `builtins`, `sys.monitoring`, `gc`, `time`, `math`, `itertools`,
//! `atexit`, `_ast`, `_codecs`, `_collections`, `_imp`, `_io`, `_signal`,
//! `_sre`, `_string`, `_thread`, `_tokenize`, `_warnings`, `_weakref`, `posix`
//! and `errno`.

pub mod astmodule;
pub mod atexitmodule;
pub mod builtin_funcs;
pub mod builtins;
pub mod codecsmodule;
pub mod collectionsmodule;
pub mod errnomodule;
pub mod gcmodule;
pub mod impmodule;
pub mod import;
pub mod io;
pub mod itertoolsmodule;
pub mod mathmodule;
pub mod monitoringmodule;
pub mod posixmodule;
pub mod signalmodule;
pub mod sre;
pub mod stringmodule;
pub mod sysinfo;
pub mod sysmodule;
pub mod teardown;
pub mod threadmodule;
pub mod timemodule;
pub mod tokenizemodule;
pub mod warningsmodule;
pub mod weakrefmodule;
