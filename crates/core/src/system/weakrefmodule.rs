//! The `_weakref` module: `ref` (the `weakref.ReferenceType` type),
//! `proxy`, `getweakrefcount`, `getweakrefs`, `_remove_dead_weakref` and
//! the three weakref types (what CPython's `weakref.py` imports).

use crate::objects::object::*;
use crate::objects::typeobj::PyMethodDef;
use crate::objects::{dict, long, module, unicode, weakref};
use crate::protocols::clinic::{def, fastcall, pos, pos_opt, Sig};
use crate::runtime::err::PyResult;
use std::ptr;

fastcall! {
    /// `_weakref.proxy(object[, callback])`.
    fn w_proxy(_m, a = Sig::new("proxy", &[pos("object"), pos_opt("callback")])) {
        weakref::new_proxy(a.req(0), a.get(1).unwrap_or(ptr::null_mut()))
    }
}
fastcall! {
    /// `_weakref.getweakrefcount(object)`.
    fn w_getweakrefcount(_m, a = Sig::new("getweakrefcount", &[pos("object")])) {
        let slot = weakref::list_slot(a.req(0));
        let mut n = 0i64;
        if !slot.is_null() {
            let mut r = *slot;
            while !r.is_null() {
                n += 1;
                r = (*r).wr_next;
            }
        }
        long::from_i64(n)
    }
}

fastcall! {
    /// `_weakref.getweakrefs(object)`: the weak references and proxies to
    /// `object`, newest first.
    fn w_getweakrefs(_m, a = Sig::new("getweakrefs", &[pos("object")])) {
        let l = crate::objects::list::new(0)?;
        let slot = weakref::list_slot(a.req(0));
        if !slot.is_null() {
            let mut r = *slot;
            while !r.is_null() {
                crate::objects::list::append(l.as_ptr(), r as *mut PyObject)?;
                r = (*r).wr_next;
            }
        }
        Ok(l)
    }
}
fastcall! {
    /// `_weakref._remove_dead_weakref(dict, key, /)`: deletes `dict[key]`
    /// if it is a dead weak reference (a missing key is no error).
    fn w_remove_dead_weakref(_m, a = Sig::new("_remove_dead_weakref", &[pos("dct"), pos("key")])) {
        let (d, k) = (a.req(0), a.req(1));
        if !dict::check(d) {
            return Err(a.bad(0, "dict", d));
        }
        if let Some(v) = dict::get(d, k)? {
            if !weakref::check(v) {
                return Err(crate::runtime::err::type_error("not a weakref"));
            }
            if weakref::referent(v).is_null() {
                dict::del(d, k)?;
            }
        }
        Ok(Owned::from_borrowed(crate::runtime::lifecycle::none()))
    }
}

static mut METHODS: [PyMethodDef; 5] = [
    def(c"proxy", w_proxy),
    def(c"getweakrefcount", w_getweakrefcount),
    def(c"getweakrefs", w_getweakrefs),
    def(c"_remove_dead_weakref", w_remove_dead_weakref),
    crate::objects::typeobj::METHOD_END,
];

/// Creates the `_weakref` module (for the builtin module table).
pub fn create_module() -> PyResult<Owned> {
    // SAFETY: the runtime is initialized; the method table is static.
    unsafe {
        let name = unicode::intern("_weakref")?;
        let m = module::new(name.as_ptr())?;
        crate::objects::moduledef::add_functions(
            m.as_ptr(),
            ptr::addr_of_mut!(METHODS) as *mut PyMethodDef,
        )?;
        let d = module::dict_of(m.as_ptr());
        let [r, p, c] = weakref::types();
        for (k, t) in [
            ("ref", r),
            ("ReferenceType", r),
            ("ProxyType", p),
            ("CallableProxyType", c),
        ] {
            let k = unicode::from_str(k)?;
            dict::set(d, k.as_ptr(), t as *mut PyObject)?;
        }
        Ok(m)
    }
}
