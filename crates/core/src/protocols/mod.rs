//! The protocols of `abstract.h` over the type slots, and argument
//! conversion: objects, attributes, numbers, sequences and mappings, buffers,
//! calls (vectorcall), slots that call dunders, `PyArg_Parse*`,
//! `Py_BuildValue` and the declarative signatures of builtin methods.

pub mod abstract_;
pub mod attr;
pub mod buffer;
pub mod build;
pub mod call;
pub mod clinic;
pub mod dir;
pub mod getargs;
pub mod number;
pub mod sequence;
pub mod slotcall;
pub mod varargs;
