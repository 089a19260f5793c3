//! `genericaliasobject.h`: `Py_GenericAlias`, PEP 585's `types.GenericAlias`
//! (`Py_GenericAliasType` is the C shim's data object). NULL arguments
//! raise `SystemError` where CPython would crash.

use crate::boundary::*;
use crate::export;
use ophis_core::objects::genericaliasobject as galias;
use ophis_core::objects::object::PyObject;

export! {
    /// `Py_GenericAlias(origin, args)`: `GenericAlias(origin, args)`, `args`
    /// packed into a one-tuple unless it is a tuple.
    fn Py_GenericAlias(origin: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
        if origin.is_null() || args.is_null() { return bad_call(); }
        obj(galias::new(origin, args))
    }
}
