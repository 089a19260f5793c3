//! `pythread.h`: locks, thread identities, native threads and per-thread
//! storage keys, over [`ophis_core::runtime::pythread`]. None of them
//! touches the GIL.

use crate::export;
use ophis_core::runtime::pythread::{self, Lock, LockStatus, Tss};
use std::ffi::{c_int, c_ulong, c_void};
use std::ptr;

/// `PyThread_type_lock`.
pub type LockPtr = *mut c_void;

export! {
    /// `PyThread_init_thread`: nothing to do.
    fn PyThread_init_thread() {}
}
export! {
    /// `PyThread_start_new_thread(func, arg)`: the new thread's identity,
    /// or `PYTHREAD_INVALID_THREAD_ID` (`(unsigned long)-1`).
    fn PyThread_start_new_thread(func: Option<unsafe extern "C" fn(*mut c_void)>, arg: *mut c_void) -> c_ulong {
        match func.and_then(|f| pythread::start(f, arg)) {
            Some(id) => id,
            None => c_ulong::MAX,
        }
    }
}

/// `PyThread_exit_thread`: ends the calling thread (`pthread_exit`).
///
/// # Safety
/// The calling thread was started by `PyThread_start_new_thread` or by C;
/// no Rust frame with pending destructors is on its stack.
#[no_mangle]
pub unsafe extern "C" fn PyThread_exit_thread() -> ! {
    // SAFETY: the caller's contract.
    unsafe { libc::pthread_exit(ptr::null_mut()) }
}

export! {
    /// `PyThread_get_thread_ident`: `pthread_self()`.
    fn PyThread_get_thread_ident() -> c_ulong { pythread::thread_ident() }
}
export! {
    /// `PyThread_get_thread_native_id`: the kernel thread id.
    fn PyThread_get_thread_native_id() -> c_ulong { pythread::native_id() }
}
export! {
    /// `PyThread_allocate_lock`: a new unlocked lock.
    fn PyThread_allocate_lock() -> LockPtr {
        Box::into_raw(Box::new(Lock::new())) as LockPtr
    }
}
export! {
    /// `PyThread_free_lock` (NULL is ignored).
    fn PyThread_free_lock(lock: LockPtr) {
        if !lock.is_null() {
            drop(Box::from_raw(lock as *mut Lock));
        }
    }
}
export! {
    /// `PyThread_acquire_lock(lock, waitflag)`: 1 when acquired; waits
    /// without limit when `waitflag` is non-zero.
    fn PyThread_acquire_lock(lock: LockPtr, waitflag: c_int) -> c_int {
        if lock.is_null() {
            return 0;
        }
        let r = (*(lock as *const Lock)).acquire(if waitflag != 0 { -1 } else { 0 });
        c_int::from(r == LockStatus::Acquired)
    }
}
export! {
    /// `PyThread_acquire_lock_timed(lock, microseconds, intr_flag)`.
    fn PyThread_acquire_lock_timed(lock: LockPtr, microseconds: i64, _intr_flag: c_int) -> c_int {
        if lock.is_null() {
            return LockStatus::Failure as c_int;
        }
        (*(lock as *const Lock)).acquire(microseconds) as c_int
    }
}
export! {
    /// `PyThread_release_lock` (NULL is ignored).
    fn PyThread_release_lock(lock: LockPtr) {
        if !lock.is_null() {
            (*(lock as *const Lock)).release();
        }
    }
}
export! {
    /// `PyThread_get_stacksize`: 0 for the system's default.
    fn PyThread_get_stacksize() -> usize { pythread::stack_size() }
}
export! {
    /// `PyThread_set_stacksize`: 0 done, -1 for a size below the minimum.
    fn PyThread_set_stacksize(size: usize) -> c_int {
        if pythread::set_stack_size(size) { 0 } else { -1 }
    }
}
export! {
    /// `PyThread_tss_alloc`: a new key in the `Py_tss_NEEDS_INIT` state,
    /// or NULL.
    fn PyThread_tss_alloc() -> *mut Tss {
        Box::into_raw(Box::new(Tss { is_initialized: 0, key: 0 }))
    }
}
export! {
    /// `PyThread_tss_free`: deletes the key and frees it (NULL ignored).
    fn PyThread_tss_free(key: *mut Tss) {
        if !key.is_null() {
            (*key).delete();
            drop(Box::from_raw(key));
        }
    }
}
export! {
    /// `PyThread_tss_is_created`.
    fn PyThread_tss_is_created(key: *mut Tss) -> c_int {
        c_int::from(!key.is_null() && (*key).is_initialized != 0)
    }
}
export! {
    /// `PyThread_tss_create`: 0 (also when already created), -1 on failure.
    fn PyThread_tss_create(key: *mut Tss) -> c_int {
        if !key.is_null() && (*key).create() { 0 } else { -1 }
    }
}
export! {
    /// `PyThread_tss_delete` (an uncreated key is left alone).
    fn PyThread_tss_delete(key: *mut Tss) {
        if !key.is_null() {
            (*key).delete();
        }
    }
}
export! {
    /// `PyThread_tss_set`: 0, or -1 on failure.
    fn PyThread_tss_set(key: *mut Tss, value: *mut c_void) -> c_int {
        if !key.is_null() && (*key).set(value) { 0 } else { -1 }
    }
}
export! {
    /// `PyThread_tss_get`: the calling thread's value, NULL when unset.
    fn PyThread_tss_get(key: *mut Tss) -> *mut c_void {
        if key.is_null() { ptr::null_mut() } else { (*key).get() }
    }
}

// The deprecated int-keyed TLS API, over pthread keys.

export! {
    /// `PyThread_create_key`: a new key, or -1.
    fn PyThread_create_key() -> c_int {
        let mut k: libc::pthread_key_t = 0;
        if libc::pthread_key_create(&mut k, None) != 0 {
            return -1;
        }
        match c_int::try_from(k) {
            Ok(k) => k,
            Err(_) => {
                libc::pthread_key_delete(k);
                -1
            }
        }
    }
}
export! {
    /// `PyThread_delete_key`.
    fn PyThread_delete_key(key: c_int) {
        libc::pthread_key_delete(key as libc::pthread_key_t);
    }
}
export! {
    /// `PyThread_set_key_value`: 0, or -1 on failure.
    fn PyThread_set_key_value(key: c_int, value: *mut c_void) -> c_int {
        if libc::pthread_setspecific(key as libc::pthread_key_t, value) == 0 { 0 } else { -1 }
    }
}
export! {
    /// `PyThread_get_key_value`.
    fn PyThread_get_key_value(key: c_int) -> *mut c_void {
        libc::pthread_getspecific(key as libc::pthread_key_t)
    }
}
export! {
    /// `PyThread_delete_key_value`: the calling thread's value becomes NULL.
    fn PyThread_delete_key_value(key: c_int) {
        libc::pthread_setspecific(key as libc::pthread_key_t, ptr::null());
    }
}
export! {
    /// `PyThread_ReInitTLS`: nothing to do (there is no fork handling of
    /// keys).
    fn PyThread_ReInitTLS() {}
}
