//! `pythread.h`'s portable threads, independent of the GIL: locks that
//! any thread may release (`PyThread_type_lock`) with timed acquisition,
//! thread identities, native threads started from C, per-thread storage
//! keys (`Py_tss_t`), and the stack size for new threads.

use std::ffi::{c_int, c_ulong, c_void};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// `PyLockStatus`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockStatus {
    /// Not acquired (busy, or the time ran out).
    Failure = 0,
    /// Acquired.
    Acquired = 1,
    /// A signal interrupted the wait (not produced: waits are not
    /// interruptible here).
    Intr = 2,
}

/// A lock: not owned by a thread, so any thread may release it (as a
/// binary semaphore).
#[derive(Debug, Default)]
pub struct Lock {
    locked: Mutex<bool>,
    released: Condvar,
}

impl Lock {
    /// An unlocked lock.
    pub fn new() -> Lock {
        Lock::default()
    }

    /// Acquires the lock: at once or not at all for `timeout_us == 0`,
    /// waiting up to `timeout_us` microseconds for a positive value, and
    /// without limit for a negative one.
    pub fn acquire(&self, timeout_us: i64) -> LockStatus {
        let mut g = self.locked.lock().unwrap_or_else(|e| e.into_inner());
        if timeout_us > 0 {
            let deadline = Instant::now().checked_add(Duration::from_micros(timeout_us as u64));
            while *g {
                let left = match deadline {
                    Some(d) => d.saturating_duration_since(Instant::now()),
                    None => Duration::MAX,
                };
                if left.is_zero() {
                    return LockStatus::Failure;
                }
                g = self
                    .released
                    .wait_timeout(g, left)
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
            }
        } else if timeout_us < 0 {
            while *g {
                g = self.released.wait(g).unwrap_or_else(|e| e.into_inner());
            }
        } else if *g {
            return LockStatus::Failure;
        }
        *g = true;
        LockStatus::Acquired
    }

    /// Releases the lock (releasing an unlocked lock leaves it unlocked).
    pub fn release(&self) {
        let mut g = self.locked.lock().unwrap_or_else(|e| e.into_inner());
        *g = false;
        drop(g);
        self.released.notify_one();
    }
}

/// `PyThread_get_thread_ident`: the calling thread's `pthread_self()`.
pub fn thread_ident() -> c_ulong {
    // SAFETY: a plain query of the calling thread.
    unsafe { libc::pthread_self() as c_ulong }
}

/// `PyThread_get_thread_native_id`: the calling thread's kernel id.
pub fn native_id() -> c_ulong {
    // SAFETY: a plain query of the calling thread.
    unsafe { libc::gettid() as c_ulong }
}

/// The stack size for new threads (0: the system's default).
static STACK_SIZE: AtomicUsize = AtomicUsize::new(0);

/// The smallest stack size `PyThread_set_stacksize` accepts (CPython's
/// `THREAD_STACK_MIN`).
pub const STACK_MIN: usize = 0x8000;

/// `PyThread_get_stacksize`.
pub fn stack_size() -> usize {
    STACK_SIZE.load(Ordering::Relaxed)
}

/// `PyThread_set_stacksize`: 0 for the default, or at least
/// [`STACK_MIN`]; `false` when refused.
pub fn set_stack_size(size: usize) -> bool {
    if size != 0 && size < STACK_MIN {
        return false;
    }
    STACK_SIZE.store(size, Ordering::Relaxed);
    true
}

/// A C thread body and its argument.
struct Start {
    func: unsafe extern "C" fn(*mut c_void),
    arg: *mut c_void,
}

extern "C" fn trampoline(p: *mut c_void) -> *mut c_void {
    // SAFETY: `p` is the box `start` leaked for this thread; it is taken
    // back before the body runs, so nothing here needs dropping if the
    // body ends the thread with `pthread_exit`.
    unsafe {
        let s = Box::from_raw(p as *mut Start);
        let (func, arg) = (s.func, s.arg);
        drop(s);
        func(arg);
    }
    std::ptr::null_mut()
}

/// `PyThread_start_new_thread`: runs `func(arg)` on a new detached native
/// thread; its identity, or `None` when the thread could not start.
///
/// # Safety
/// `func` may be called with `arg` on another thread.
pub unsafe fn start(func: unsafe extern "C" fn(*mut c_void), arg: *mut c_void) -> Option<c_ulong> {
    // SAFETY: pthread calls on locals; the start block is handed to the
    // new thread only when it is created.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        if libc::pthread_attr_init(&mut attr) != 0 {
            return None;
        }
        let size = stack_size();
        if size != 0 && libc::pthread_attr_setstacksize(&mut attr, size) != 0 {
            libc::pthread_attr_destroy(&mut attr);
            return None;
        }
        let block = Box::into_raw(Box::new(Start { func, arg })) as *mut c_void;
        let mut t: libc::pthread_t = 0;
        let rc = libc::pthread_create(&mut t, &attr, trampoline, block);
        libc::pthread_attr_destroy(&mut attr);
        if rc != 0 {
            drop(Box::from_raw(block as *mut Start));
            return None;
        }
        libc::pthread_detach(t);
        Some(t as c_ulong)
    }
}

/// `Py_tss_t`, laid out as CPython's (`{int _is_initialized; pthread_key_t
/// _key;}`), so C code can allocate it statically with
/// `Py_tss_NEEDS_INIT`.
#[repr(C)]
#[derive(Debug)]
pub struct Tss {
    /// Whether the key was created.
    pub is_initialized: c_int,
    /// The pthread key.
    pub key: libc::pthread_key_t,
}

const _: () = assert!(std::mem::size_of::<Tss>() == 8);

impl Tss {
    /// `PyThread_tss_create`: creates the key unless it exists; `false`
    /// when the system refuses.
    pub fn create(&mut self) -> bool {
        if self.is_initialized != 0 {
            return true;
        }
        // SAFETY: `self.key` is written by pthread_key_create.
        if unsafe { libc::pthread_key_create(&mut self.key, None) } != 0 {
            return false;
        }
        self.is_initialized = 1;
        true
    }

    /// `PyThread_tss_delete`: deletes the key if it exists.
    pub fn delete(&mut self) {
        if self.is_initialized == 0 {
            return;
        }
        // SAFETY: a key this struct created.
        unsafe { libc::pthread_key_delete(self.key) };
        self.is_initialized = 0;
    }

    /// `PyThread_tss_set`: `false` when refused (no key, or the system).
    /// The value is stored, never dereferenced.
    #[allow(clippy::not_unsafe_ptr_arg_deref)]
    pub fn set(&self, value: *const c_void) -> bool {
        // SAFETY: a created key.
        self.is_initialized != 0 && unsafe { libc::pthread_setspecific(self.key, value) } == 0
    }

    /// `PyThread_tss_get`: the calling thread's value, NULL when unset.
    pub fn get(&self) -> *mut c_void {
        if self.is_initialized == 0 {
            return std::ptr::null_mut();
        }
        // SAFETY: a created key.
        unsafe { libc::pthread_getspecific(self.key) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_is_released_by_another_thread() {
        let l = std::sync::Arc::new(Lock::new());
        assert_eq!(l.acquire(0), LockStatus::Acquired);
        assert_eq!(l.acquire(0), LockStatus::Failure);
        assert_eq!(l.acquire(1000), LockStatus::Failure);
        let l2 = l.clone();
        let t = std::thread::spawn(move || l2.release());
        assert_eq!(l.acquire(-1), LockStatus::Acquired);
        t.join().unwrap();
        l.release();
        assert_eq!(l.acquire(10), LockStatus::Acquired);
    }

    #[test]
    fn tss_values_are_per_thread() {
        let mut k = Tss {
            is_initialized: 0,
            key: 0,
        };
        assert!(k.get().is_null());
        assert!(k.create());
        assert!(k.set(8 as *const c_void));
        assert_eq!(k.get() as usize, 8);
        let kr = &k;
        std::thread::scope(|s| {
            s.spawn(|| assert!(kr.get().is_null()));
        });
        k.delete();
        assert_eq!(k.is_initialized, 0);
    }
}
