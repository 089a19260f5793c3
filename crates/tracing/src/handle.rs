//! Opaque handles: what a callback or hook slot holds, kept as a raw
//! pointer in an atomic so readers never take a lock.

/// A value a slot can hold: a pointer-sized handle, stored in an
/// `AtomicPtr` with its provenance intact. Implemented for `&'static T`,
/// raw pointers, and function pointers (`fn` and `extern "C" fn`, safe or
/// unsafe, up to four arguments). Ownership (reference counts of objects
/// behind the pointer) stays with the caller: the crate only stores and
/// hands back.
pub trait Handle: Copy {
    /// The handle as a non-null raw pointer.
    fn into_raw(self) -> *mut ();
    /// The handle back from [`Handle::into_raw`].
    ///
    /// # Safety
    /// `p` must come from `into_raw` of the same type.
    unsafe fn from_raw(p: *mut ()) -> Self;
}

impl<T> Handle for &'static T {
    fn into_raw(self) -> *mut () {
        self as *const T as *mut ()
    }
    unsafe fn from_raw(p: *mut ()) -> Self {
        // SAFETY: `p` came from a `&'static T`.
        unsafe { &*(p as *const T) }
    }
}

impl<T> Handle for *mut T {
    fn into_raw(self) -> *mut () {
        self as *mut ()
    }
    unsafe fn from_raw(p: *mut ()) -> Self {
        p as *mut T
    }
}

macro_rules! fn_handles {
    ($($arg:ident),*) => {
        fn_handles!(@one fn($($arg),*) -> R; $($arg),*);
        fn_handles!(@one unsafe fn($($arg),*) -> R; $($arg),*);
        fn_handles!(@one extern "C" fn($($arg),*) -> R; $($arg),*);
        fn_handles!(@one unsafe extern "C" fn($($arg),*) -> R; $($arg),*);
    };
    (@one $f:ty; $($arg:ident),*) => {
        impl<R, $($arg),*> Handle for $f {
            fn into_raw(self) -> *mut () {
                self as *mut ()
            }
            unsafe fn from_raw(p: *mut ()) -> Self {
                // SAFETY: `p` came from a function pointer of this type.
                unsafe { std::mem::transmute::<*mut (), $f>(p) }
            }
        }
    };
}

fn_handles!();
fn_handles!(A);
fn_handles!(A, B);
fn_handles!(A, B, C);
fn_handles!(A, B, C, D);
