//! The `_thread` module, as CPython 3.12.1 has it: `lock` (`LockType`,
//! `allocate_lock`) and `RLock` over [`crate::runtime::pythread::Lock`],
//! waiting with the GIL released; `start_new_thread` running a callable on
//! a new native thread with its own thread state; thread identities,
//! `_count`, `stack_size`, `TIMEOUT_MAX`, `_set_sentinel` (a lock released
//! when the calling thread's state is deleted), `interrupt_main`, `exit`.
//! `_excepthook` with `_ExceptHookArgs` (`threading.excepthook`). `_local`
//! is not provided: `threading` falls back to its pure-Python form.

use crate::objects::exceptions::{self, Exc};
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyMethodDef, PyTypeObject};
use crate::objects::{dict, float, long, module, tuple, unicode};
use crate::protocols::call;
use crate::protocols::clinic::{arg_opt, def, fastcall, pos, pos_opt, Sig};
use crate::runtime::err::{self, PyResult};
use crate::runtime::pythread::{self, Lock, LockStatus};
use crate::runtime::{alloc, gc, lifecycle, thread};
use std::ffi::{c_int, c_ulong, c_void};
use std::ptr;
use std::sync::atomic::{AtomicIsize, Ordering};

/// The longest wait `acquire` takes, in seconds (`PY_TIMEOUT_MAX` in
/// microseconds, rounded down to whole seconds as CPython does).
const TIMEOUT_MAX_SECS: f64 = ((i64::MAX / 1000) / 1_000_000) as f64;

/// A `_thread.lock`.
#[repr(C)]
struct LockObject {
    ob_base: PyObject,
    lock: *mut Lock,
    locked: bool,
    weakrefs: *mut PyObject,
}

/// A `_thread.RLock`.
#[repr(C)]
struct RLockObject {
    ob_base: PyObject,
    lock: *mut Lock,
    owner: c_ulong,
    count: u64,
    weakrefs: *mut PyObject,
}

static mut LOCK_TYPE: *mut PyTypeObject = ptr::null_mut();
static mut RLOCK_TYPE: *mut PyTypeObject = ptr::null_mut();

/// Threads started by `start_new_thread` and still running (`_count`).
static RUNNING: AtomicIsize = AtomicIsize::new(0);

/// Parses `acquire`'s `blocking` and `timeout` into a wait in
/// microseconds (-1: without limit), with CPython's errors.
unsafe fn wait_of(
    blocking: Option<*mut PyObject>,
    timeout: Option<*mut PyObject>,
) -> PyResult<i64> {
    // SAFETY: live arguments.
    unsafe {
        let blocking = match blocking {
            Some(b) => crate::protocols::abstract_::is_true(b)?,
            None => true,
        };
        let timeout = match timeout {
            Some(t) => float::value(crate::protocols::number::to_float(t)?.as_ptr()),
            None => -1.0,
        };
        if !blocking && timeout != -1.0 {
            return Err(err::value_error(
                "can't specify a timeout for a non-blocking call",
            ));
        }
        if timeout < 0.0 && timeout != -1.0 {
            return Err(err::value_error("timeout value must be positive"));
        }
        if !blocking {
            return Ok(0);
        }
        if timeout == -1.0 {
            return Ok(-1);
        }
        if timeout > TIMEOUT_MAX_SECS {
            return Err(err::overflow_error(
                "timestamp out of range for platform time_t",
            ));
        }
        Ok((timeout * 1e6).ceil() as i64)
    }
}

/// Acquires `lock` within `us` microseconds: at once if it is free, else
/// with the GIL released while waiting.
unsafe fn acquire(lock: *mut Lock, us: i64) -> bool {
    // SAFETY: a live lock owned by a live lock object.
    unsafe {
        if (*lock).acquire(0) == LockStatus::Acquired {
            return true;
        }
        if us == 0 {
            return false;
        }
        let ts = thread::detach();
        let r = (*lock).acquire(us);
        thread::attach(ts);
        r == LockStatus::Acquired
    }
}

/// The parameters of the locks' `__exit__` (the `with` statement's three).
const EXIT_PARAMS: &[crate::protocols::clinic::Param] = &[
    pos_opt("exc_type"),
    pos_opt("exc_value"),
    pos_opt("traceback"),
];

/// A new `_thread.lock`, unlocked.
unsafe fn new_lock() -> PyResult<Owned> {
    // SAFETY: a fresh object of the lock type, every field written.
    unsafe {
        let alloc_fn = (*LOCK_TYPE).tp_alloc.ok_or_else(err::Raised::assume)?;
        let op = err::from_ptr(alloc_fn(LOCK_TYPE, 0))?.into_raw();
        let l = op as *mut LockObject;
        (*l).lock = Box::into_raw(Box::new(Lock::new()));
        (*l).locked = false;
        (*l).weakrefs = ptr::null_mut();
        Ok(Owned::from_raw(op))
    }
}

unsafe extern "C" fn lock_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; the lock box is ours.
    unsafe {
        gc::untrack(op);
        let l = op as *mut LockObject;
        if !(*l).weakrefs.is_null() {
            crate::objects::weakref::clear_weakrefs(op);
        }
        drop(Box::from_raw((*l).lock));
        free(op);
    }
}

/// Frees a lock object through its type's `tp_free`.
unsafe fn free(op: *mut PyObject) {
    // SAFETY: a dead object of a ready type.
    unsafe {
        match (*(*op).ob_type).tp_free {
            Some(f) => f(op as *mut c_void),
            None => alloc::free_object(op),
        }
    }
}

/// The locks hold no objects: nothing to visit (they are collector
/// objects so that subclasses with a `__dict__` are).
unsafe extern "C" fn no_traverse(
    _op: *mut PyObject,
    _visit: typeobj::visitproc,
    _arg: *mut c_void,
) -> c_int {
    0
}

unsafe extern "C" fn lock_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a lock.
    unsafe {
        let state = if (*(op as *mut LockObject)).locked {
            "locked"
        } else {
            "unlocked"
        };
        err::into_ptr(unicode::from_str(&format!(
            "<{state} {} object at {op:p}>",
            typeobj::full_name((*op).ob_type)
        )))
    }
}

fastcall! {
    /// `lock.acquire(blocking=True, timeout=-1)`.
    fn lock_acquire(slf, a = Sig::new("acquire", &[arg_opt("blocking"), arg_opt("timeout")])) {
        let us = wait_of(a.get(0), a.get(1))?;
        let l = slf as *mut LockObject;
        let got = acquire((*l).lock, us);
        if got {
            (*l).locked = true;
        }
        Ok(long::bool_from(got))
    }
}

/// Releases a `_thread.lock` (`release`, `__exit__`).
unsafe fn release_lock(slf: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: a live lock object.
    unsafe {
        let l = slf as *mut LockObject;
        if !(*l).locked {
            return Err(err::raise(Exc::RuntimeError, "release unlocked lock"));
        }
        (*l).locked = false;
        (*(*l).lock).release();
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

fastcall! {
    /// `lock.release()`.
    fn lock_release(slf, _a = Sig::new("release", &[])) {
        release_lock(slf)
    }
}

fastcall! {
    /// `lock.locked()`.
    fn lock_locked(slf, _a = Sig::new("locked", &[])) {
        Ok(long::bool_from((*(slf as *mut LockObject)).locked))
    }
}

fastcall! {
    /// `lock.__exit__(exc_type, exc_value, traceback)`: releases.
    fn lock_exit(slf, _a = Sig::new("__exit__", EXIT_PARAMS)) {
        release_lock(slf)
    }
}

fastcall! {
    /// `lock._at_fork_reinit()`: a fresh, unlocked lock.
    fn lock_at_fork_reinit(slf, _a = Sig::new("_at_fork_reinit", &[])) {
        let l = slf as *mut LockObject;
        let old = std::mem::replace(&mut (*l).lock, Box::into_raw(Box::new(Lock::new())));
        drop(Box::from_raw(old));
        (*l).locked = false;
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

static mut LOCK_METHODS: [PyMethodDef; 10] = [
    def(c"acquire", lock_acquire),
    def(c"acquire_lock", lock_acquire),
    def(c"__enter__", lock_acquire),
    def(c"release", lock_release),
    def(c"release_lock", lock_release),
    def(c"locked", lock_locked),
    def(c"locked_lock", lock_locked),
    def(c"__exit__", lock_exit),
    def(c"_at_fork_reinit", lock_at_fork_reinit),
    typeobj::METHOD_END,
];

/// A new `_thread.RLock` (or subclass) instance.
unsafe extern "C" fn rlock_new(
    t: *mut PyTypeObject,
    _args: *mut PyObject,
    _kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fresh object of `t`, every field written.
    unsafe {
        let alloc_fn = match (*t).tp_alloc {
            Some(f) => f,
            None => return err::system_error("RLock type without tp_alloc").into(),
        };
        let op = alloc_fn(t, 0);
        if op.is_null() {
            return op;
        }
        let r = op as *mut RLockObject;
        (*r).lock = Box::into_raw(Box::new(Lock::new()));
        (*r).owner = 0;
        (*r).count = 0;
        (*r).weakrefs = ptr::null_mut();
        op
    }
}

unsafe extern "C" fn rlock_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; the lock box is ours.
    unsafe {
        gc::untrack(op);
        let r = op as *mut RLockObject;
        if !(*r).weakrefs.is_null() {
            crate::objects::weakref::clear_weakrefs(op);
        }
        if !(*r).lock.is_null() {
            drop(Box::from_raw((*r).lock));
        }
        // A subclass's instance comes through its `subtype_dealloc`, which
        // releases the heap type after this static base's deallocator.
        free(op);
    }
}

unsafe extern "C" fn rlock_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on an RLock.
    unsafe {
        let r = op as *mut RLockObject;
        let state = if (*r).count > 0 { "locked" } else { "unlocked" };
        err::into_ptr(unicode::from_str(&format!(
            "<{state} {} object owner={} count={} at {op:p}>",
            typeobj::full_name((*op).ob_type),
            (*r).owner,
            (*r).count
        )))
    }
}

fastcall! {
    /// `RLock.acquire(blocking=True, timeout=-1)`.
    fn rlock_acquire(slf, a = Sig::new("acquire", &[arg_opt("blocking"), arg_opt("timeout")])) {
        let us = wait_of(a.get(0), a.get(1))?;
        let r = slf as *mut RLockObject;
        let me = pythread::thread_ident();
        if (*r).count > 0 && (*r).owner == me {
            (*r).count += 1;
            return Ok(long::bool_from(true));
        }
        if !acquire((*r).lock, us) {
            return Ok(long::bool_from(false));
        }
        (*r).owner = me;
        (*r).count = 1;
        Ok(long::bool_from(true))
    }
}

unsafe fn rlock_release_one(r: *mut RLockObject) -> PyResult<()> {
    // SAFETY: a live RLock.
    unsafe {
        if (*r).count == 0 || (*r).owner != pythread::thread_ident() {
            return Err(err::raise(
                Exc::RuntimeError,
                "cannot release un-acquired lock",
            ));
        }
        (*r).count -= 1;
        if (*r).count == 0 {
            (*r).owner = 0;
            (*(*r).lock).release();
        }
        Ok(())
    }
}

fastcall! {
    /// `RLock.release()`.
    fn rlock_release(slf, _a = Sig::new("release", &[])) {
        rlock_release_one(slf as *mut RLockObject)?;
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

fastcall! {
    /// `RLock.__exit__(exc_type, exc_value, traceback)`: releases once.
    fn rlock_exit(slf, _a = Sig::new("__exit__", EXIT_PARAMS)) {
        rlock_release_one(slf as *mut RLockObject)?;
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

fastcall! {
    /// `RLock._is_owned()`.
    fn rlock_is_owned(slf, _a = Sig::new("_is_owned", &[])) {
        let r = slf as *mut RLockObject;
        Ok(long::bool_from((*r).count > 0 && (*r).owner == pythread::thread_ident()))
    }
}

fastcall! {
    /// `RLock._recursion_count()`: the count when this thread owns it.
    fn rlock_recursion_count(slf, _a = Sig::new("_recursion_count", &[])) {
        let r = slf as *mut RLockObject;
        let n = if (*r).owner == pythread::thread_ident() { (*r).count } else { 0 };
        long::from_u64(n)
    }
}

fastcall! {
    /// `RLock._release_save()`: releases completely, giving back
    /// `(count, owner)` for `_acquire_restore`.
    fn rlock_release_save(slf, _a = Sig::new("_release_save", &[])) {
        let r = slf as *mut RLockObject;
        if (*r).count == 0 {
            return Err(err::raise(Exc::RuntimeError, "cannot release un-acquired lock"));
        }
        let count = long::from_u64((*r).count)?;
        // `c_ulong` is `u64` on LP64 targets only.
        #[allow(clippy::unnecessary_cast)]
        let owner = long::from_u64((*r).owner as u64)?;
        (*r).count = 0;
        (*r).owner = 0;
        (*(*r).lock).release();
        tuple::new_from(&[count.as_ptr(), owner.as_ptr()])
    }
}

fastcall! {
    /// `RLock._acquire_restore((count, owner), /)`.
    fn rlock_acquire_restore(slf, a = Sig::new("_acquire_restore", &[pos("state")])) {
        let state = a.req(0);
        if !tuple::check(state) || tuple::size(state) != 2 {
            return Err(err::type_error("_acquire_restore() argument must be a 2-tuple"));
        }
        let count = long::as_u64(tuple::item(state, 0), "int")?;
        let owner = long::as_u64(tuple::item(state, 1), "int")?;
        let r = slf as *mut RLockObject;
        acquire((*r).lock, -1);
        (*r).owner = owner as c_ulong;
        (*r).count = count;
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

fastcall! {
    /// `RLock._at_fork_reinit()`.
    fn rlock_at_fork_reinit(slf, _a = Sig::new("_at_fork_reinit", &[])) {
        let r = slf as *mut RLockObject;
        let old = std::mem::replace(&mut (*r).lock, Box::into_raw(Box::new(Lock::new())));
        drop(Box::from_raw(old));
        (*r).owner = 0;
        (*r).count = 0;
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

static mut RLOCK_METHODS: [PyMethodDef; 10] = [
    def(c"acquire", rlock_acquire),
    def(c"__enter__", rlock_acquire),
    def(c"release", rlock_release),
    def(c"__exit__", rlock_exit),
    def(c"_is_owned", rlock_is_owned),
    def(c"_recursion_count", rlock_recursion_count),
    def(c"_release_save", rlock_release_save),
    def(c"_acquire_restore", rlock_acquire_restore),
    def(c"_at_fork_reinit", rlock_at_fork_reinit),
    typeobj::METHOD_END,
];

/// What a new thread runs: the callable and its arguments (owned).
struct Boot {
    func: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
}

unsafe extern "C" fn thread_run(p: *mut c_void) {
    // SAFETY: the box `start_new_thread` leaked for this thread; the GIL is
    // taken for every object operation.
    unsafe {
        let boot = Box::from_raw(p as *mut Boot);
        let g = thread::gilstate_ensure();
        let r = call::call(boot.func, boot.args, boot.kwargs);
        if r.is_err() {
            if err::given_matches(err::occurred(), exceptions::get(Exc::SystemExit)) {
                err::clear();
            } else {
                crate::system::sysmodule::write_unraisable_msg(
                    Some("in thread started by"),
                    boot.func,
                );
            }
        }
        drop(r);
        decref(boot.func);
        decref(boot.args);
        xdecref(boot.kwargs);
        RUNNING.fetch_sub(1, Ordering::Relaxed);
        thread::gilstate_release(g);
    }
}

fastcall! {
    /// `start_new_thread(function, args, kwargs=None, /)`: the new
    /// thread's identity.
    fn start_new_thread(_m, a = Sig::legacy("start_new_thread",
        &[pos("function"), pos("args"), pos_opt("kwargs")])) {
        let (f, args) = (a.req(0), a.req(1));
        if !crate::protocols::abstract_::callable(f) {
            return Err(err::type_error("first arg must be callable"));
        }
        if !tuple::check(args) {
            return Err(err::type_error("2nd arg must be a tuple"));
        }
        let kw = a.get(1 + 1).filter(|k| *k != lifecycle::none());
        if let Some(k) = kw {
            if !dict::check(k) {
                return Err(err::type_error("optional 3rd arg must be a dictionary"));
            }
        }
        let boot = Box::into_raw(Box::new(Boot {
            func: new_ref(f),
            args: new_ref(args),
            kwargs: kw.map_or(ptr::null_mut(), |k| new_ref(k)),
        }));
        RUNNING.fetch_add(1, Ordering::Relaxed);
        match pythread::start(thread_run, boot as *mut c_void) {
            // `c_ulong` is `u64` on LP64 targets only.
            #[allow(clippy::unnecessary_cast)]
            Some(id) => long::from_u64(id as u64),
            None => {
                RUNNING.fetch_sub(1, Ordering::Relaxed);
                let b = Box::from_raw(boot);
                decref(b.func);
                decref(b.args);
                xdecref(b.kwargs);
                Err(err::raise(Exc::RuntimeError, "can't start new thread"))
            }
        }
    }
}

fastcall! {
    /// `allocate_lock()`.
    fn allocate_lock(_m, _a = Sig::new("allocate_lock", &[])) {
        new_lock()
    }
}

fastcall! {
    /// `get_ident()`.
    fn get_ident(_m, _a = Sig::new("get_ident", &[])) {
        long::from_u64(pythread::thread_ident() as u64)
    }
}

fastcall! {
    /// `get_native_id()`.
    fn get_native_id(_m, _a = Sig::new("get_native_id", &[])) {
        long::from_u64(pythread::native_id() as u64)
    }
}

fastcall! {
    /// `_count()`: threads started here and still running.
    fn thread_count(_m, _a = Sig::new("_count", &[])) {
        long::from_i64(RUNNING.load(Ordering::Relaxed) as i64)
    }
}

fastcall! {
    /// `stack_size([size])`: the previous size; sets it when given.
    fn stack_size(_m, a = Sig::legacy("stack_size", &[pos_opt("size")])) {
        let old = pythread::stack_size();
        if let Some(s) = a.get(0) {
            let n = long::as_i64(long::index(s)?.as_ptr(), "size too large")?;
            if n < 0 {
                return Err(err::value_error("size must be 0 or a positive value"));
            }
            if !pythread::set_stack_size(n as usize) {
                return Err(err::value_error(&format!("size not valid: {n} bytes")));
            }
        }
        long::from_u64(old as u64)
    }
}

fastcall! {
    /// `daemon_threads_allowed()`.
    fn daemon_threads_allowed(_m, _a = Sig::new("daemon_threads_allowed", &[])) {
        Ok(long::bool_from(true))
    }
}

fastcall! {
    /// `_is_main_interpreter()`.
    fn is_main_interpreter(_m, _a = Sig::new("_is_main_interpreter", &[])) {
        Ok(long::bool_from(true))
    }
}

fastcall! {
    /// `interrupt_main(signum=SIGINT, /)`.
    fn interrupt_main(_m, a = Sig::new("interrupt_main", &[pos_opt("signum")])) {
        let signum = a.ssize(0, libc::SIGINT as isize)?;
        if crate::runtime::signals::set_interrupt(signum as c_int) != 0 {
            return Err(err::value_error("signal number out of range"));
        }
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

fastcall! {
    /// `exit()`: raises `SystemExit`.
    fn thread_exit(_m, _a = Sig::new("exit", &[])) {
        Err(err::set_object(exceptions::get(Exc::SystemExit), ptr::null_mut()))
    }
}

/// Releases a `_set_sentinel` lock when its thread state is deleted
/// (`PyThreadState.on_delete`).
unsafe extern "C" fn release_sentinel(p: *mut c_void) {
    // SAFETY: `p` is the lock object `_set_sentinel` kept a reference to;
    // thread-state deletion holds the GIL.
    unsafe {
        let op = p as *mut PyObject;
        let l = op as *mut LockObject;
        if (*l).locked {
            (*l).locked = false;
            (*(*l).lock).release();
        }
        decref(op);
    }
}

fastcall! {
    /// `_set_sentinel()`: a lock that is released, if its holder locked
    /// it, when this thread's state is deleted (`threading` acquires it).
    fn set_sentinel(_m, _a = Sig::new("_set_sentinel", &[])) {
        let l = new_lock()?;
        let ts = thread::attached();
        // A previous sentinel of this thread is released now.
        if !(*ts).on_delete[0].is_null() {
            let f: unsafe extern "C" fn(*mut c_void) = std::mem::transmute((*ts).on_delete[0]);
            f((*ts).on_delete[1]);
        }
        (*ts).on_delete[0] = release_sentinel as *mut c_void;
        (*ts).on_delete[1] = new_ref(l.as_ptr()) as *mut c_void;
        Ok(l)
    }
}

/// The fields of `_thread._ExceptHookArgs`.
static HOOK_ARGS_FIELDS: [crate::objects::structseq::Field; 4] = [
    hook_field(c"exc_type"),
    hook_field(c"exc_value"),
    hook_field(c"exc_traceback"),
    hook_field(c"thread"),
];

const fn hook_field(name: &'static std::ffi::CStr) -> crate::objects::structseq::Field {
    crate::objects::structseq::Field {
        name: name.as_ptr(),
        doc: ptr::null(),
    }
}

static mut HOOK_ARGS_TYPE: *mut PyTypeObject = ptr::null_mut();

/// Writes `text` to `file` through its `write` method.
unsafe fn write_to(file: *mut PyObject, text: &str) -> PyResult<()> {
    // SAFETY: `file` live.
    unsafe {
        let s = unicode::from_str(text)?;
        let w = unicode::intern("write")?;
        let m = crate::protocols::abstract_::getattr(file, w.as_ptr())?;
        call::call_args(m.as_ptr(), &[s.as_ptr()])?;
        Ok(())
    }
}

/// Calls `file.flush()`.
unsafe fn flush(file: *mut PyObject) -> PyResult<()> {
    // SAFETY: `file` live.
    unsafe {
        let f = unicode::intern("flush")?;
        let m = crate::protocols::abstract_::getattr(file, f.as_ptr())?;
        call::call_args(m.as_ptr(), &[])?;
        Ok(())
    }
}

fastcall! {
    /// `_excepthook(args, /)`: `threading.excepthook`'s default: "Exception
    /// in thread NAME:" and the report of the exception on `sys.stderr`
    /// (the thread's `_stderr` when that is None); `SystemExit` is
    /// ignored.
    fn thread_excepthook(_m, a = Sig::new("_excepthook", &[pos("args")])) {
        let args = a.req(0);
        if (*args).ob_type != HOOK_ARGS_TYPE {
            return Err(err::type_error("_thread._excepthook argument type must be ExceptHookArgs"));
        }
        let none = lifecycle::none();
        let exc_type = crate::objects::structseq::get_item(args, 0);
        if exc_type == exceptions::get(Exc::SystemExit) {
            return Ok(Owned::from_borrowed(none));
        }
        let exc_value = crate::objects::structseq::get_item(args, 1);
        let exc_tb = crate::objects::structseq::get_item(args, 2);
        let th = crate::objects::structseq::get_item(args, 3);
        let mut file = Owned::from_borrowed(crate::system::sysmodule::get("stderr"));
        if file.as_ptr().is_null() || file.as_ptr() == none {
            if th == none {
                return Ok(Owned::from_borrowed(none));
            }
            let k = unicode::intern("_stderr")?;
            file = crate::protocols::abstract_::getattr(th, k.as_ptr())?;
            if file.as_ptr() == none {
                return Ok(file);
            }
        }
        let name = if th != none {
            let k = unicode::intern("name")?;
            crate::protocols::abstract_::lookup_attr(th, k.as_ptr())?
        } else {
            None
        };
        let name = match name {
            Some(n) => crate::protocols::abstract_::str_string(n.as_ptr())?,
            None => pythread::thread_ident().to_string(),
        };
        write_to(file.as_ptr(), &format!("Exception in thread {name}:\n"))?;
        flush(file.as_ptr())?;
        if !exc_value.is_null() && err::is_exception_instance(exc_value) {
            let text = crate::runtime::report::format_exception(exc_value, exc_tb)?;
            write_to(file.as_ptr(), &text)?;
        }
        flush(file.as_ptr())?;
        Ok(Owned::from_borrowed(none))
    }
}

static mut METHODS: [PyMethodDef; 16] = [
    def(c"_excepthook", thread_excepthook),
    def(c"start_new_thread", start_new_thread),
    def(c"start_new", start_new_thread),
    def(c"allocate_lock", allocate_lock),
    def(c"allocate", allocate_lock),
    def(c"get_ident", get_ident),
    def(c"get_native_id", get_native_id),
    def(c"_count", thread_count),
    def(c"stack_size", stack_size),
    def(c"daemon_threads_allowed", daemon_threads_allowed),
    def(c"_is_main_interpreter", is_main_interpreter),
    def(c"interrupt_main", interrupt_main),
    def(c"exit", thread_exit),
    def(c"exit_thread", thread_exit),
    def(c"_set_sentinel", set_sentinel),
    typeobj::METHOD_END,
];

unsafe fn init_types() -> PyResult<()> {
    // SAFETY: start of the module, under the GIL; the types live for the
    // process.
    unsafe {
        if !LOCK_TYPE.is_null() {
            return Ok(());
        }
        let t = lifecycle::leak_type();
        (*t).tp_name = c"_thread.lock".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<LockObject>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::IMMUTABLETYPE | flags::HAVE_GC;
        (*t).tp_alloc = lifecycle::c_api_slots().alloc;
        (*t).tp_free = lifecycle::c_api_slots().gc_del;
        (*t).tp_traverse = Some(no_traverse);
        (*t).tp_dealloc = Some(lock_dealloc);
        (*t).tp_repr = Some(lock_repr);
        (*t).tp_weaklistoffset = std::mem::offset_of!(LockObject, weakrefs) as isize;
        (*t).tp_methods = ptr::addr_of_mut!(LOCK_METHODS) as *mut PyMethodDef;
        typeobj::ready_static(t)?;
        LOCK_TYPE = t;

        let r = lifecycle::leak_type();
        (*r).tp_name = c"_thread.RLock".as_ptr();
        (*r).tp_basicsize = std::mem::size_of::<RLockObject>() as isize;
        (*r).tp_flags = flags::DEFAULT | flags::BASETYPE | flags::HAVE_GC;
        (*r).tp_new = Some(rlock_new);
        (*r).tp_alloc = lifecycle::c_api_slots().alloc;
        (*r).tp_free = lifecycle::c_api_slots().gc_del;
        (*r).tp_traverse = Some(no_traverse);
        (*r).tp_dealloc = Some(rlock_dealloc);
        (*r).tp_repr = Some(rlock_repr);
        (*r).tp_weaklistoffset = std::mem::offset_of!(RLockObject, weakrefs) as isize;
        (*r).tp_methods = ptr::addr_of_mut!(RLOCK_METHODS) as *mut PyMethodDef;
        typeobj::ready_static(r)?;
        RLOCK_TYPE = r;
        HOOK_ARGS_TYPE = crate::objects::structseq::new_type(
            c"_thread._ExceptHookArgs".as_ptr(),
            c"ExceptHookArgs\n\nType used to pass arguments to threading.excepthook.".as_ptr(),
            &HOOK_ARGS_FIELDS,
            4,
        )?;
        Ok(())
    }
}

/// Creates the `_thread` module (for the builtin module table).
pub fn create_module() -> PyResult<Owned> {
    // SAFETY: the runtime is initialized; the tables are static.
    unsafe {
        init_types()?;
        let name = unicode::intern("_thread")?;
        let m = module::new(name.as_ptr())?;
        crate::objects::moduledef::add_functions(
            m.as_ptr(),
            ptr::addr_of_mut!(METHODS) as *mut PyMethodDef,
        )?;
        let d = module::dict_of(m.as_ptr());
        let timeout_max = float::from_f64(TIMEOUT_MAX_SECS)?;
        for (k, v) in [
            ("LockType", LOCK_TYPE as *mut PyObject),
            ("RLock", RLOCK_TYPE as *mut PyObject),
            ("_ExceptHookArgs", HOOK_ARGS_TYPE as *mut PyObject),
            ("TIMEOUT_MAX", timeout_max.as_ptr()),
            ("error", exceptions::get(Exc::RuntimeError)),
        ] {
            let key = unicode::intern(k)?;
            dict::set(d, key.as_ptr(), v)?;
        }
        Ok(m)
    }
}
