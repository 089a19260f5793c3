//! The `atexit` module of CPython 3.12.1: `register(func, *args,
//! **kwargs)`, `unregister(func)`, `_run_exitfuncs()`, `_clear()` and
//! `_ncallbacks()`. The callbacks run last registered first at
//! `Py_FinalizeEx`, right after `threading`'s threads are waited for (as
//! CPython's `_PyAtExit_Call`); an exception in one is reported as
//! unraisable ("Exception ignored in atexit callback") and the others
//! still run. After a run the list is empty.

use crate::objects::object::*;
use crate::objects::typeobj::{self, PyMethodDef};
use crate::objects::{dict, long, module, tuple, unicode};
use crate::protocols::clinic::{def, fastcall, fastcall_kw_def, pos, Sig};
use crate::protocols::{abstract_, call};
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use std::ptr;

/// A registered callback: the function, its positional arguments and its
/// keyword arguments (NULL for none).
struct Callback {
    func: Owned,
    args: Owned,
    kwargs: Option<Owned>,
}

/// The callbacks in registration order; `None` where one was unregistered.
/// Only touched with the GIL held.
static mut CALLBACKS: Vec<Option<Callback>> = Vec::new();

/// The list, borrowed under the GIL.
///
/// # Safety
/// The GIL is held and no other borrow is live.
#[allow(static_mut_refs)]
unsafe fn callbacks() -> &'static mut Vec<Option<Callback>> {
    // SAFETY: the caller's contract (the GIL serializes every access).
    unsafe { &mut CALLBACKS }
}

/// Runs the callbacks, last registered first, then forgets them all
/// (CPython's `atexit_callfuncs`).
///
/// # Safety
/// The GIL is held.
pub unsafe fn run_exitfuncs() {
    // SAFETY: GIL held; each entry is copied out (new references) before
    // its call, so callbacks may register or unregister meanwhile.
    unsafe {
        let mut i = callbacks().len();
        while i > 0 {
            i -= 1;
            let Some(Some(cb)) = callbacks().get(i) else {
                continue;
            };
            let func = Owned::from_borrowed(cb.func.as_ptr());
            let args = Owned::from_borrowed(cb.args.as_ptr());
            let kwargs = cb.kwargs.as_ref().map(|k| Owned::from_borrowed(k.as_ptr()));
            let r = call::call(
                func.as_ptr(),
                args.as_ptr(),
                kwargs.as_ref().map_or(ptr::null_mut(), |k| k.as_ptr()),
            );
            if r.is_err() {
                crate::system::sysmodule::write_unraisable_msg(
                    Some("in atexit callback"),
                    func.as_ptr(),
                );
            }
        }
        clear();
    }
}

/// Forgets every callback (dropping them after the list is empty, so a
/// finalizer that registers again sees a consistent list).
///
/// # Safety
/// The GIL is held.
unsafe fn clear() {
    // SAFETY: GIL held.
    let old = std::mem::take(unsafe { callbacks() });
    drop(old);
}

/// `atexit.register(func, *args, **kwargs)`: returns `func`.
unsafe extern "C" fn atexit_register(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: isize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: METH_FASTCALL | METH_KEYWORDS contract: `args` holds `nargs`
    // positional arguments followed by one value per name in `kwnames`.
    unsafe {
        err::into_ptr((|| {
            if nargs < 1 {
                return Err(err::type_error(
                    "register() takes at least 1 argument (0 given)",
                ));
            }
            let v = std::slice::from_raw_parts(args, nargs as usize);
            let func = v[0];
            if !abstract_::callable(func) {
                return Err(err::type_error("the first argument must be callable"));
            }
            let pargs = tuple::new_from(&v[1..])?;
            let kwargs = if kwnames.is_null() || tuple::size(kwnames) == 0 {
                None
            } else {
                let d = dict::new()?;
                for k in 0..tuple::size(kwnames) {
                    dict::set(
                        d.as_ptr(),
                        tuple::item(kwnames, k),
                        *args.add(nargs as usize + k as usize),
                    )?;
                }
                Some(d)
            };
            callbacks().push(Some(Callback {
                func: Owned::from_borrowed(func),
                args: pargs,
                kwargs,
            }));
            Ok(Owned::from_borrowed(func))
        })())
    }
}

fastcall! {
    /// `atexit.unregister(func, /)`: removes every registration of `func`
    /// (compared with `==`).
    fn atexit_unregister(_m, a = Sig::new("unregister", &[pos("func")])) {
        let func = a.req(0);
        let n = callbacks().len();
        for i in 0..n {
            let Some(Some(cb)) = callbacks().get(i) else {
                continue;
            };
            let f = Owned::from_borrowed(cb.func.as_ptr());
            if abstract_::rich_compare_bool(f.as_ptr(), func, abstract_::EQ)? {
                if let Some(slot) = callbacks().get_mut(i) {
                    *slot = None;
                }
            }
        }
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

fastcall! {
    /// `atexit._run_exitfuncs()`.
    fn atexit_run_exitfuncs(_m, _a = Sig::new("_run_exitfuncs", &[])) {
        run_exitfuncs();
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

fastcall! {
    /// `atexit._clear()`.
    fn atexit_clear(_m, _a = Sig::new("_clear", &[])) {
        clear();
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

fastcall! {
    /// `atexit._ncallbacks()`: how many callbacks were registered since the
    /// last run or `_clear` (unregistering does not lower it, as in
    /// CPython 3.12.1).
    fn atexit_ncallbacks(_m, _a = Sig::new("_ncallbacks", &[])) {
        long::from_i64(callbacks().len() as i64)
    }
}

static mut METHODS: [PyMethodDef; 6] = [
    fastcall_kw_def(c"register", atexit_register),
    def(c"unregister", atexit_unregister),
    def(c"_run_exitfuncs", atexit_run_exitfuncs),
    def(c"_clear", atexit_clear),
    def(c"_ncallbacks", atexit_ncallbacks),
    typeobj::METHOD_END,
];

/// Creates the `atexit` module (for the builtin module table).
pub fn create_module() -> PyResult<Owned> {
    // SAFETY: the runtime is initialized and the GIL held; the method table
    // is static.
    unsafe {
        let name = unicode::intern("atexit")?;
        let m = module::new(name.as_ptr())?;
        let doc = unicode::from_str(
            "allow programmer to define multiple exit functions to be executed\n\
             upon normal program termination.\n\n\
             Two public functions, register and unregister, are defined.\n",
        )?;
        module::add_object_ref(m.as_ptr(), "__doc__", doc.as_ptr())?;
        crate::objects::moduledef::add_functions(
            m.as_ptr(),
            ptr::addr_of_mut!(METHODS) as *mut PyMethodDef,
        )?;
        Ok(m)
    }
}
