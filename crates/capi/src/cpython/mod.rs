//! The non-limited headers (`Include/cpython/*.h` in CPython).

pub mod abstract_;
pub mod cellobject;
pub mod ceval;
pub mod classobject;
pub mod code;
pub mod dictobject;
pub mod funcobject;
pub mod object;
pub mod pystate;
pub mod pythonrun;
pub mod unicodeobject;
