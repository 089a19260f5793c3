//! A mutex and condition variable over the C library's pthread ones, for
//! the GIL. The C library's mutex does not spin, and its condition variable
//! wakes a sleeper only when one waits; a GIL handed back and forth many
//! times a millisecond then costs no system call when nobody sleeps, and no
//! spinning core when somebody does.

use std::cell::UnsafeCell;
use std::ops::{Deref, DerefMut};
use std::time::Duration;

/// A value guarded by a pthread mutex, with a pthread condition variable.
pub struct PMutex<T> {
    mutex: UnsafeCell<libc::pthread_mutex_t>,
    cond: UnsafeCell<libc::pthread_cond_t>,
    value: UnsafeCell<T>,
}

// SAFETY: the value is only reached through a guard, which holds the
// mutex; the pthread objects are made for sharing between threads.
unsafe impl<T: Send> Sync for PMutex<T> {}
// SAFETY: as above.
unsafe impl<T: Send> Send for PMutex<T> {}

impl<T> PMutex<T> {
    /// A mutex and condition variable with their static initializers.
    pub const fn new(value: T) -> PMutex<T> {
        PMutex {
            mutex: UnsafeCell::new(libc::PTHREAD_MUTEX_INITIALIZER),
            cond: UnsafeCell::new(libc::PTHREAD_COND_INITIALIZER),
            value: UnsafeCell::new(value),
        }
    }

    /// Locks the mutex.
    pub fn lock(&self) -> PGuard<'_, T> {
        // SAFETY: a statically initialized mutex, never moved (it lives in
        // a static or behind a shared reference for as long as it is used).
        unsafe { libc::pthread_mutex_lock(self.mutex.get()) };
        PGuard { m: self }
    }

    /// Wakes one thread waiting on the condition variable, if any.
    pub fn notify_one(&self) {
        // SAFETY: as in `lock`.
        unsafe { libc::pthread_cond_signal(self.cond.get()) };
    }

    /// Waits on the condition variable for at most `d` (the mutex is
    /// released while waiting); whether the time ran out.
    pub fn wait_timeout(&self, g: &mut PGuard<'_, T>, d: Duration) -> bool {
        let _ = g;
        // SAFETY: `g` proves the mutex is held by this thread; `ts` is a
        // valid absolute time on the condition variable's clock (the
        // default, CLOCK_REALTIME).
        unsafe {
            let mut now: libc::timespec = std::mem::zeroed();
            libc::clock_gettime(libc::CLOCK_REALTIME, &mut now);
            let nanos = now.tv_nsec as u64 + d.subsec_nanos() as u64;
            let secs = (now.tv_sec as u64)
                .saturating_add(d.as_secs())
                .saturating_add(nanos / 1_000_000_000);
            let ts = libc::timespec {
                tv_sec: secs.min(libc::time_t::MAX as u64) as libc::time_t,
                tv_nsec: (nanos % 1_000_000_000) as _,
            };
            libc::pthread_cond_timedwait(self.cond.get(), self.mutex.get(), &ts) == libc::ETIMEDOUT
        }
    }
}

/// The held mutex; unlocks when dropped.
pub struct PGuard<'a, T> {
    m: &'a PMutex<T>,
}

impl<T> Deref for PGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: the mutex is held.
        unsafe { &*self.m.value.get() }
    }
}

impl<T> DerefMut for PGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: the mutex is held, by this guard only.
        unsafe { &mut *self.m.value.get() }
    }
}

impl<T> Drop for PGuard<'_, T> {
    fn drop(&mut self) {
        // SAFETY: this thread holds the mutex.
        unsafe { libc::pthread_mutex_unlock(self.m.mutex.get()) };
    }
}
