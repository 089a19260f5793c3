//! The non-limited headers (`Include/cpython/*.h` in CPython).

pub mod abstract_;
pub mod classobject;
pub mod dictobject;
pub mod pystate;
pub mod unicodeobject;
