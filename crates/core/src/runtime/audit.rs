//! Audit hooks (PEP 578).
//!
//! Two kinds of hooks see every audited event, in this order:
//!
//! - C hooks of the whole runtime (`PySys_AddAuditHook`), which may be
//!   added before start-up and stay until the process ends;
//! - Python hooks of the interpreter (`sys.addaudithook`), called with
//!   `(event, args)` with tracing off, unless the hook has a true
//!   `__cantrace__`.
//!
//! [`audit`] runs them for one event: the first hook that fails stops the
//! event and its exception is the caller's error; otherwise the exception
//! that was set before the event (if any) is set again after it. While no
//! hook exists, an audited operation costs one relaxed load
//! ([`active`]) and its arguments are never built.

use crate::objects::object::*;
use crate::objects::{exceptions, list, tuple, unicode};
use crate::protocols::{abstract_, call};
use crate::runtime::err::{self, PyResult};
use crate::runtime::{lifecycle, thread};
use std::ffi::{c_char, c_int, c_void, CString};
use std::ptr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// `Py_AuditHookFunction`: `(event, args tuple, userData)`, `< 0` with an
/// exception set to refuse.
pub type CHook = unsafe extern "C" fn(*const c_char, *mut PyObject, *mut c_void) -> c_int;

struct Entry {
    hook: CHook,
    /// The hook's `userData`, kept as an address.
    data: usize,
}

static C_HOOKS: Mutex<Vec<Entry>> = Mutex::new(Vec::new());

/// The Python hooks (a list, not tracked by the collector), or NULL.
static mut PY_HOOKS: *mut PyObject = ptr::null_mut();

static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Whether some hook exists (audited operations test this first).
#[inline(always)]
pub fn active() -> bool {
    ACTIVE.load(Ordering::Relaxed)
}

fn c_hooks() -> std::sync::MutexGuard<'static, Vec<Entry>> {
    C_HOOKS.lock().unwrap_or_else(|e| e.into_inner())
}

/// Raises audit event `event` with the argument tuple `args` builds
/// (called only when some hook exists; a non-tuple result is wrapped in a
/// one-tuple). Without an attached thread state nothing is called.
///
/// # Safety
/// The GIL is held by the caller, if any thread state is attached.
pub unsafe fn audit(event: &str, args: impl FnOnce() -> PyResult<Owned>) -> PyResult<()> {
    if !active() {
        return Ok(());
    }
    let ts = thread::current();
    if ts.is_null() {
        return Ok(());
    }
    // SAFETY: the attached thread; the saved exception is owned here and
    // either set again or released.
    unsafe {
        let saved = err::take();
        match run(ts, event, args) {
            Ok(()) => {
                err::restore(saved);
                Ok(())
            }
            Err(e) => {
                xdecref(saved);
                Err(e)
            }
        }
    }
}

unsafe fn run(
    ts: *mut thread::ThreadState,
    event: &str,
    args: impl FnOnce() -> PyResult<Owned>,
) -> PyResult<()> {
    // SAFETY: the attached thread; the hooks are live objects or C
    // functions honouring `Py_AuditHookFunction`.
    unsafe {
        let args = args()?;
        let args = if tuple::check(args.as_ptr()) {
            args
        } else {
            tuple::new_from(&[args.as_ptr()])?
        };
        let entries: Vec<(CHook, usize)> = c_hooks().iter().map(|e| (e.hook, e.data)).collect();
        if !entries.is_empty() {
            let name = CString::new(event).map_err(|_| err::value_error("embedded null byte"))?;
            for (hook, data) in entries {
                if hook(name.as_ptr(), args.as_ptr(), data as *mut c_void) < 0 {
                    if err::occurred().is_null() {
                        return Err(err::system_error("audit hook failed without an exception"));
                    }
                    return Err(err::Raised::assume());
                }
            }
        }
        let hooks = PY_HOOKS;
        if hooks.is_null() {
            return Ok(());
        }
        let name = unicode::from_str(event)?;
        // A copy: a hook may add hooks.
        let hooks: Vec<Owned> = (0..list::size(hooks))
            .map(|i| Owned::from_borrowed(list::item(hooks, i)))
            .collect();
        let _off = (*ts).tracing.enter();
        for hook in hooks {
            let attr = unicode::intern("__cantrace__")?;
            let can_trace = match abstract_::lookup_attr(hook.as_ptr(), attr.as_ptr())? {
                Some(o) => abstract_::is_true(o.as_ptr())?,
                None => false,
            };
            let r = if can_trace {
                (*ts).tracing.lower();
                let r = call::call_args(hook.as_ptr(), &[name.as_ptr(), args.as_ptr()]);
                (*ts).tracing.raise();
                r
            } else {
                call::call_args(hook.as_ptr(), &[name.as_ptr(), args.as_ptr()])
            };
            r?;
        }
        Ok(())
    }
}

/// `PySys_AddAuditHook`: adds a C hook for the whole runtime. Once the
/// runtime runs, the existing hooks see `sys.addaudithook` first; a
/// refusal with a `RuntimeError` skips the new hook silently (0), any
/// other refusal fails (-1).
///
/// # Safety
/// `hook` honours `Py_AuditHookFunction`; with the runtime initialized,
/// the GIL is held.
pub unsafe fn add_c_hook(hook: CHook, data: *mut c_void) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        if lifecycle::is_initialized() && !thread::current().is_null() {
            if let Err(_e) = audit("sys.addaudithook", || tuple::new(0)) {
                if err::given_matches(
                    err::occurred(),
                    exceptions::get(exceptions::Exc::RuntimeError),
                ) {
                    err::clear();
                    return 0;
                }
                return -1;
            }
        }
        c_hooks().push(Entry {
            hook,
            data: data as usize,
        });
        ACTIVE.store(true, Ordering::Relaxed);
        0
    }
}

/// `sys.addaudithook(hook)`: the existing hooks see `sys.addaudithook`
/// first; a refusal with an `Exception` skips the new hook silently, any
/// other refusal propagates.
///
/// # Safety
/// The GIL is held; `hook` live.
pub unsafe fn add_py_hook(hook: *mut PyObject) -> PyResult<()> {
    // SAFETY: the list is only touched under the GIL.
    unsafe {
        if let Err(e) = audit("sys.addaudithook", || tuple::new(0)) {
            if err::given_matches(err::occurred(), exceptions::get(exceptions::Exc::Exception)) {
                err::clear();
                return Ok(());
            }
            return Err(e);
        }
        if PY_HOOKS.is_null() {
            let l = list::new(0)?;
            crate::runtime::gc::untrack(l.as_ptr());
            PY_HOOKS = l.into_raw();
        }
        list::append(PY_HOOKS, hook)?;
        ACTIVE.store(true, Ordering::Relaxed);
        Ok(())
    }
}

/// `sys.audit(event, *args)`.
///
/// # Safety
/// The GIL is held; the arguments live.
pub unsafe fn audit_from_python(args: &[*mut PyObject]) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let Some((&event, rest)) = args.split_first() else {
            return Err(err::type_error(
                "audit() missing 1 required positional argument: 'event'",
            ));
        };
        if !active() {
            return Ok(());
        }
        if !unicode::check(event) {
            return Err(err::type_error(&format!(
                "expected str for argument 'event', not {}",
                crate::objects::typeobj::type_name_of(event)
            )));
        }
        let name = unicode::as_str(event).into_owned();
        audit(&name, || tuple::new_from(rest))
    }
}

/// At `Py_FinalizeEx`: the hooks see `cpython._PySys_ClearAuditHooks`
/// (a refusal cannot stop it), then every hook, C and Python, is dropped.
///
/// # Safety
/// The GIL is held, at finalization.
pub unsafe fn clear_all() {
    // SAFETY: the list is owned here.
    unsafe {
        let _ = audit("cpython._PySys_ClearAuditHooks", || tuple::new(0));
        err::clear();
        c_hooks().clear();
        let l = std::mem::replace(&mut *ptr::addr_of_mut!(PY_HOOKS), ptr::null_mut());
        xdecref(l);
        ACTIVE.store(false, Ordering::Relaxed);
    }
}
