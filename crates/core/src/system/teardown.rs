//! Interpreter teardown at `Py_FinalizeEx`, in CPython 3.12's order:
//! waiting for `threading`'s non-daemon threads, flushing `sys.stdout` and
//! `sys.stderr`, then destroying the modules.
//!
//! Module destruction runs in the steps CPython 3.12 takes, so destructors
//! (`__del__`, weakref callbacks, an extension's `m_free`) see the same
//! world and run in the same order:
//!
//! 1. `builtins._` and the `sys` attributes where user values hide (`path`,
//!    `argv`, `ps1`, `ps2`, `last_*`, `__interactivehook__`, `meta_path`)
//!    become None; `sys.stdin`/`stdout`/`stderr` are restored from their
//!    `__std*__` originals;
//! 2. every module of `sys.modules` is replaced by None (remembered through a
//!    weak reference, in import order), then `sys.modules` is cleared;
//! 3. `builtins`' namespace is restored to what it was after start-up;
//! 4. a collection; modules still alive then have their namespaces wiped,
//!    the most recently imported first: names with one leading underscore
//!    become None, then every other name but `__builtins__`;
//! 5. `sys`'s and `builtins`' namespaces are wiped the same way;
//! 6. the modules `PyState_FindModule` keeps are released (their `m_free`
//!    runs as they die), then `sys.modules` itself, and a last collection.

use crate::objects::object::*;
use crate::objects::{dict, list, module, moduledef, tuple, unicode, weakref};
use crate::protocols::{abstract_, call};
use crate::runtime::err;
use crate::runtime::lifecycle;
use crate::system::{builtins, sysmodule};
use std::ptr;

/// `builtins`' namespace as start-up left it, restored before the modules
/// are wiped so that user values put in `builtins` die with them.
static mut BUILTINS_COPY: *mut PyObject = ptr::null_mut();

/// Records `builtins`' namespace at the end of start-up.
///
/// # Safety
/// Start-up, GIL held.
pub(crate) unsafe fn record_builtins() {
    // SAFETY: start-up; the builtins module is live.
    unsafe {
        let old = BUILTINS_COPY;
        BUILTINS_COPY = match dict::copy(builtins::dict()) {
            Ok(d) => d.into_raw(),
            Err(_) => {
                err::clear();
                ptr::null_mut()
            }
        };
        xdecref(old);
    }
}

/// Reports the pending exception as unraisable, if there is one.
fn report() {
    if !err::occurred().is_null() {
        // SAFETY: an exception is set; the runtime is up.
        unsafe { err::write_unraisable(ptr::null_mut()) };
    }
}

/// CPython's `wait_for_thread_shutdown`: `threading._shutdown()` when
/// `threading` was imported, so that non-daemon threads finish first.
///
/// # Safety
/// The main thread, attached, before the modules are torn down.
pub(crate) unsafe fn wait_for_thread_shutdown() {
    // SAFETY: attached; sys.modules is live until `finalize_modules`.
    unsafe {
        let modules = moduledef::modules();
        if modules.is_null() || !dict::check(modules) {
            return;
        }
        let Some(threading) = dict::get_str_borrowed(modules, intern("threading")) else {
            return;
        };
        let threading = Owned::from_borrowed(threading);
        let r = abstract_::getattr(threading.as_ptr(), intern("_shutdown"))
            .and_then(|f| call::call_args(f.as_ptr(), &[]));
        if r.is_err() {
            err::write_unraisable(threading.as_ptr());
        }
    }
}

/// An interned `str` (borrowed from the interned table); `None`'s
/// identity on the (never seen) failure, which finds nothing.
unsafe fn intern(s: &str) -> *mut PyObject {
    match unicode::intern(s) {
        // SAFETY: interned strings live in the interned table.
        Ok(o) => o.as_ptr(),
        Err(_) => {
            err::clear();
            lifecycle::none()
        }
    }
}

/// Whether `f.closed` is true (an error counts as not closed).
unsafe fn is_closed(f: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe {
        match abstract_::getattr(f, intern("closed")) {
            Ok(c) => match abstract_::is_true(c.as_ptr()) {
                Ok(b) => b,
                Err(_) => {
                    err::clear();
                    false
                }
            },
            Err(_) => {
                err::clear();
                false
            }
        }
    }
}

/// CPython's `flush_std_files`: flushes `sys.stdout` (a failure is
/// reported and makes the result -1) and `sys.stderr` (a failure is
/// ignored), skipping None, missing and closed streams.
///
/// # Safety
/// Attached.
pub(crate) unsafe fn flush_std_files() -> i32 {
    // SAFETY: attached; the sys module is live.
    unsafe {
        let mut status = 0;
        for (name, is_out) in [("stdout", true), ("stderr", false)] {
            let f = sysmodule::get(name);
            if f.is_null() || f == lifecycle::none() {
                continue;
            }
            let f = Owned::from_borrowed(f);
            if is_closed(f.as_ptr()) {
                continue;
            }
            let r = abstract_::getattr(f.as_ptr(), intern("flush"))
                .and_then(|m| call::call_args(m.as_ptr(), &[]));
            if r.is_err() {
                if is_out {
                    report();
                    status = -1;
                } else {
                    err::clear();
                    status = -1;
                }
            }
        }
        status
    }
}

/// CPython's `_PyModule_ClearDict`: names with exactly one leading
/// underscore become None first, then every other name but
/// `__builtins__` (kept so that destructors still find the builtins).
///
/// # Safety
/// `d` a live dict; attached.
pub(crate) unsafe fn clear_module_dict(d: *mut PyObject) {
    // SAFETY: the keys and values are held while `set` may run destructors.
    unsafe {
        let none = lifecycle::none();
        for pass in 0..2 {
            // `set` of an existing key keeps the table's layout, so the
            // position stays valid across the stores.
            let mut pos = 0isize;
            while let Some((k, v)) = dict::next(d, &mut pos) {
                if v == none || !unicode::check(k) {
                    continue;
                }
                let name = unicode::as_str(k);
                let single = name.starts_with('_') && !name[1..].starts_with('_');
                let wipe = if pass == 0 {
                    single
                } else {
                    name != "__builtins__"
                };
                if wipe {
                    let k = Owned::from_borrowed(k);
                    if dict::set(d, k.as_ptr(), none).is_err() {
                        report();
                    }
                }
            }
        }
    }
}

/// Step 1: `builtins._`, the `sys` attributes user values hide in, and the
/// standard streams restored from their originals.
unsafe fn delete_special() {
    // SAFETY: attached; sys and builtins are live.
    unsafe {
        let none = lifecycle::none();
        if dict::set(builtins::dict(), intern("_"), none).is_err() {
            report();
        }
        let sysd = module::dict_of(sysmodule::module());
        for name in [
            "path",
            "argv",
            "ps1",
            "ps2",
            "last_exc",
            "last_type",
            "last_value",
            "last_traceback",
            "__interactivehook__",
            "meta_path",
        ] {
            if dict::set(sysd, intern(name), none).is_err() {
                report();
            }
        }
        for (name, orig) in [
            ("stdin", "__stdin__"),
            ("stdout", "__stdout__"),
            ("stderr", "__stderr__"),
        ] {
            let v = dict::get_str_borrowed(sysd, intern(orig)).unwrap_or(none);
            let v = Owned::from_borrowed(v);
            if dict::set(sysd, intern(name), v.as_ptr()).is_err() {
                report();
            }
        }
    }
}

/// Step 2: every module of `sys.modules` replaced by None, with a
/// `(name, weakref)` list in import order.
unsafe fn remove_modules(modules: *mut PyObject) -> Option<Owned> {
    // SAFETY: attached; `modules` is the live sys.modules dict.
    unsafe {
        let weaklist = match list::new(0) {
            Ok(l) => Some(l),
            Err(_) => {
                report();
                None
            }
        };
        let mut pos = 0isize;
        while let Some((k, v)) = dict::next(modules, &mut pos) {
            if !module::check(v) {
                continue;
            }
            let (k, v) = (Owned::from_borrowed(k), Owned::from_borrowed(v));
            if let Some(l) = &weaklist {
                let entry = weakref::new_ref_to(v.as_ptr(), ptr::null_mut())
                    .and_then(|r| tuple::new_from(&[k.as_ptr(), r.as_ptr()]))
                    .and_then(|t| list::append(l.as_ptr(), t.as_ptr()));
                if entry.is_err() {
                    report();
                }
            }
            if dict::set(modules, k.as_ptr(), lifecycle::none()).is_err() {
                report();
            }
        }
        weaklist
    }
}

/// Destroys the modules (`finalize_modules`); see the module docs for the
/// steps.
///
/// # Safety
/// The main thread, attached, at `Py_FinalizeEx` after the exit hooks.
pub(crate) unsafe fn finalize_modules() {
    // SAFETY: attached; each object is held while destructors may run.
    unsafe {
        let modules = moduledef::modules();
        if modules.is_null() {
            return;
        }
        let modules = Owned::from_borrowed(modules);
        delete_special();
        let weaklist = if dict::check(modules.as_ptr()) {
            remove_modules(modules.as_ptr())
        } else {
            None
        };
        dict::clear(modules.as_ptr());
        // Step 3: builtins as start-up left them.
        let copy = BUILTINS_COPY;
        if !copy.is_null() {
            let b = builtins::dict();
            let held = dict::copy(b);
            dict::clear(b);
            if dict::merge(b, copy, true).is_err() {
                report();
            }
            drop(held);
        }
        crate::runtime::gc::collect_explicit(2);
        // Step 4: the modules still alive, the last imported first.
        if let Some(l) = weaklist {
            let sysd = module::dict_of(sysmodule::module());
            let bd = builtins::dict();
            for i in (0..list::size(l.as_ptr())).rev() {
                let entry = list::item(l.as_ptr(), i);
                let Ok(m) = weakref::get_object(tuple::item(entry, 1)) else {
                    err::clear();
                    continue;
                };
                if m == lifecycle::none() {
                    continue;
                }
                let d = module::dict_of(m);
                if d.is_null() || d == bd || d == sysd {
                    continue;
                }
                let m = Owned::from_borrowed(m);
                clear_module_dict(d);
                drop(m);
            }
        }
        // Step 5.
        clear_module_dict(module::dict_of(sysmodule::module()));
        clear_module_dict(builtins::dict());
        // Step 6 (and the codec registry, whose search functions belong
        // to the modules just destroyed).
        moduledef::release_registries();
        crate::system::codecsmodule::clear_registries();
        crate::system::astmodule::clear_state();
        crate::runtime::gc::collect_explicit(2);
    }
}
