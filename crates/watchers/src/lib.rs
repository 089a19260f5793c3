//! Watcher registries as CPython 3.12 keeps them, for any callback type.
//!
//! CPython 3.12 has four watcher families (dict, type, code, function),
//! each a table of 8 callback slots per interpreter:
//!
//! - [`Registry::add`] takes the **lowest free id**, so a cleared id is
//!   handed out again; a full table refuses with [`Error::Full`].
//! - [`Registry::clear`] empties a slot ([`Error::Invalid`] for an id out
//!   of range, [`Error::Unset`] for an empty slot). It does not touch the
//!   per-subject bits: a subject that kept the bit of a cleared id delivers
//!   to whichever callback takes that id next ("stale bits").
//! - Dicts and types are watched per object: [`WatchBits`] is the 8-bit
//!   mask such an object carries. Code and function watchers watch
//!   everything: their mask is [`Registry::active`].
//! - [`Registry::dispatch`] runs the callbacks of a mask **in ascending id
//!   order**, skips empty slots, and keeps going after a failure, handing
//!   each failure to a reporter (CPython reports it as unraisable).
//! - The event enums carry CPython's values and the names used in
//!   unraisable reports ([`DictEvent`], [`CodeEvent`], [`FunctionEvent`]).
//!
//! Callbacks are pointers ([`Callback`]: C function pointers in the
//! runtime, `&'static` references in tests). Slots are
//! [`AtomicPtr`]s: registration on one thread and dispatch on another see
//! each slot either before or after the change, never torn, a dispatch
//! costs one plain atomic load per callback, and the pointer keeps its
//! provenance (it is never laundered through an integer). The runtime also
//! holds its GIL. A registry is built in a `const` context, so it can be a
//! plain `static`.
//!
//! ```
//! use ophis_watchers::{Family, Registry, WatchBits};
//!
//! let reg: Registry<&'static &'static str> = Registry::new(Family::Dict);
//! let a = reg.add(&"first").unwrap();
//! let b = reg.add(&"second").unwrap();
//! let mut bits = WatchBits::default();
//! bits.watch(b);
//! bits.watch(a);
//! let mut seen = vec![];
//! reg.dispatch(bits.mask(), |_, cb| { seen.push(*cb); Ok::<(), ()>(()) }, |_, _| {});
//! assert_eq!(seen, ["first", "second"]); // ascending id order
//! ```

#![deny(missing_docs)]

use std::ptr;
use std::sync::atomic::{AtomicPtr, AtomicU8, Ordering};

/// A callback a registry can hold: a pointer, stored in an [`AtomicPtr`]
/// with its provenance intact. Implemented for `&'static T` and for
/// function pointers (`fn` and `extern "C" fn`, safe or unsafe, up to four
/// arguments).
pub trait Callback: Copy {
    /// The callback as a non-null raw pointer.
    fn into_raw(self) -> *mut ();
    /// The callback back from [`Callback::into_raw`].
    ///
    /// # Safety
    /// `p` must come from `into_raw` of the same type.
    unsafe fn from_raw(p: *mut ()) -> Self;
}

impl<T> Callback for &'static T {
    fn into_raw(self) -> *mut () {
        self as *const T as *mut ()
    }
    unsafe fn from_raw(p: *mut ()) -> Self {
        // SAFETY: `p` came from a `&'static T`.
        unsafe { &*(p as *const T) }
    }
}

macro_rules! fn_callbacks {
    ($($arg:ident),*) => {
        fn_callbacks!(@one fn($($arg),*) -> R; $($arg),*);
        fn_callbacks!(@one unsafe fn($($arg),*) -> R; $($arg),*);
        fn_callbacks!(@one extern "C" fn($($arg),*) -> R; $($arg),*);
        fn_callbacks!(@one unsafe extern "C" fn($($arg),*) -> R; $($arg),*);
    };
    (@one $f:ty; $($arg:ident),*) => {
        impl<R, $($arg),*> Callback for $f {
            fn into_raw(self) -> *mut () {
                self as *mut ()
            }
            unsafe fn from_raw(p: *mut ()) -> Self {
                // SAFETY: `p` came from a function pointer of this type;
                // the cast kept its provenance.
                unsafe { std::mem::transmute::<*mut (), Self>(p) }
            }
        }
    };
}
fn_callbacks!();
fn_callbacks!(A);
fn_callbacks!(A, B);
fn_callbacks!(A, B, C);
fn_callbacks!(A, B, C, D);

/// Watcher slots per family and interpreter (CPython 3.12's limit).
pub const MAX_WATCHERS: usize = 8;

/// The four watcher families, for their error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// `PyDict_*Watcher`.
    Dict,
    /// `PyType_*Watcher`.
    Type,
    /// `PyCode_*Watcher`.
    Code,
    /// `PyFunction_*Watcher`.
    Function,
}

/// Why a registry operation failed; `Display` gives CPython's message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// Every slot is taken (`RuntimeError` in CPython).
    Full(Family),
    /// The id is out of range (`ValueError`).
    Invalid(Family, i64),
    /// No callback holds the id (`ValueError`).
    Unset(Family, i64),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = |fam: &Family| match fam {
            Family::Dict => "dict",
            Family::Type => "type",
            Family::Code => "code",
            Family::Function => "func",
        };
        match self {
            Error::Full(fam) => write!(f, "no more {} watcher IDs available", kind(fam)),
            Error::Invalid(Family::Function, id) => write!(f, "invalid func watcher ID {id}"),
            Error::Invalid(fam, id) => write!(f, "Invalid {} watcher ID {id}", kind(fam)),
            Error::Unset(Family::Function, id) => write!(f, "no func watcher set for ID {id}"),
            Error::Unset(fam, id) => write!(f, "No {} watcher set for ID {id}", kind(fam)),
        }
    }
}

impl std::error::Error for Error {}

/// A table of callback slots with CPython's id rules.
pub struct Registry<C> {
    family: Family,
    /// NULL for an empty slot, else a [`Callback::into_raw`] pointer.
    slots: [AtomicPtr<()>; MAX_WATCHERS],
    marker: std::marker::PhantomData<C>,
    /// Bit `i` set while slot `i` holds a callback.
    active: AtomicU8,
}

impl<C: Callback> Registry<C> {
    /// An empty registry.
    pub const fn new(family: Family) -> Self {
        Registry {
            family,
            slots: [const { AtomicPtr::new(ptr::null_mut()) }; MAX_WATCHERS],
            marker: std::marker::PhantomData,
            active: AtomicU8::new(0),
        }
    }

    /// The callback in slot `i`, if any.
    #[inline(always)]
    fn load(&self, i: usize) -> Option<C> {
        let p = self.slots[i].load(Ordering::Acquire);
        // SAFETY: every non-null slot holds an `into_raw` pointer of `C`.
        (!p.is_null()).then(|| unsafe { C::from_raw(p) })
    }

    /// The family (for messages).
    pub fn family(&self) -> Family {
        self.family
    }

    /// Registers `cb` in the lowest free slot and returns its id.
    pub fn add(&self, cb: C) -> Result<usize, Error> {
        for (i, slot) in self.slots.iter().enumerate() {
            let new = cb.into_raw();
            if slot
                .compare_exchange(ptr::null_mut(), new, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
            {
                self.active.fetch_or(1 << i, Ordering::AcqRel);
                return Ok(i);
            }
        }
        Err(Error::Full(self.family))
    }

    /// Checks that `id` names a registered callback (what `Watch` and
    /// `Unwatch` require).
    pub fn check(&self, id: i64) -> Result<usize, Error> {
        if !(0..MAX_WATCHERS as i64).contains(&id) {
            return Err(Error::Invalid(self.family, id));
        }
        if self.load(id as usize).is_none() {
            return Err(Error::Unset(self.family, id));
        }
        Ok(id as usize)
    }

    /// Empties slot `id`; returns the callback it held.
    pub fn clear(&self, id: i64) -> Result<C, Error> {
        let i = self.check(id)?;
        self.active.fetch_and(!(1 << i), Ordering::AcqRel);
        let p = self.slots[i].swap(ptr::null_mut(), Ordering::AcqRel);
        if p.is_null() {
            return Err(Error::Unset(self.family, id));
        }
        // SAFETY: a non-null slot holds an `into_raw` pointer of `C`.
        Ok(unsafe { C::from_raw(p) })
    }

    /// The callback in slot `id`, if any.
    pub fn get(&self, id: usize) -> Option<C> {
        (id < MAX_WATCHERS).then(|| self.load(id)).flatten()
    }

    /// The mask of registered ids (what code and function watchers
    /// dispatch to).
    #[inline(always)]
    pub fn active(&self) -> u8 {
        self.active.load(Ordering::Acquire)
    }

    /// Runs `call` for each registered id in `mask`, in ascending order;
    /// each failure goes to `report` with its id, and the remaining
    /// callbacks still run. Ids whose slot is empty are skipped.
    #[inline]
    pub fn dispatch<E>(
        &self,
        mask: u8,
        mut call: impl FnMut(usize, C) -> Result<(), E>,
        mut report: impl FnMut(usize, E),
    ) {
        let mut bits = mask;
        while bits != 0 {
            let i = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            if let Some(cb) = self.load(i) {
                if let Err(e) = call(i, cb) {
                    report(i, e);
                }
            }
        }
    }
}

/// The watch mask a dict or type carries: bit `i` means watcher `i`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct WatchBits(u8);

impl WatchBits {
    /// A mask with the given bits.
    pub const fn from_mask(m: u8) -> Self {
        WatchBits(m)
    }

    /// Sets bit `id` (idempotent).
    #[inline]
    pub fn watch(&mut self, id: usize) {
        self.0 |= 1 << id;
    }

    /// Clears bit `id` (idempotent).
    #[inline]
    pub fn unwatch(&mut self, id: usize) {
        self.0 &= !(1 << id);
    }

    /// Whether bit `id` is set.
    #[inline]
    pub fn is_watched(self, id: usize) -> bool {
        self.0 & (1 << id) != 0
    }

    /// The mask.
    #[inline(always)]
    pub fn mask(self) -> u8 {
        self.0
    }

    /// Whether any bit is set (the fast "not watched" test).
    #[inline(always)]
    pub fn any(self) -> bool {
        self.0 != 0
    }
}

macro_rules! events {
    ($(#[$m:meta])* $name:ident, $prefix:literal, { $($v:ident = $n:literal => $s:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(i32)]
        #[allow(missing_docs)]
        pub enum $name { $($v = $n),* }

        impl $name {
            /// Every event, in value order.
            pub const ALL: &'static [$name] = &[$($name::$v),*];

            /// The event with CPython's value `v`.
            pub fn from_raw(v: i32) -> Option<Self> {
                match v { $($n => Some($name::$v),)* _ => None }
            }

            /// The C name, as unraisable reports spell it.
            pub fn name(self) -> &'static str {
                match self { $($name::$v => concat!($prefix, $s)),* }
            }
        }
    };
}

events!(
    /// `PyDict_WatchEvent`.
    DictEvent, "PyDict_EVENT_", {
        Added = 0 => "ADDED",
        Modified = 1 => "MODIFIED",
        Deleted = 2 => "DELETED",
        Cloned = 3 => "CLONED",
        Cleared = 4 => "CLEARED",
        Deallocated = 5 => "DEALLOCATED",
    }
);

events!(
    /// `PyCodeEvent`.
    CodeEvent, "PY_CODE_EVENT_", {
        Create = 0 => "CREATE",
        Destroy = 1 => "DESTROY",
    }
);

events!(
    /// `PyFunction_WatchEvent`.
    FunctionEvent, "PyFunction_EVENT_", {
        Create = 0 => "CREATE",
        Destroy = 1 => "DESTROY",
        ModifyCode = 2 => "MODIFY_CODE",
        ModifyDefaults = 3 => "MODIFY_DEFAULTS",
        ModifyKwdefaults = 4 => "MODIFY_KWDEFAULTS",
    }
);

#[cfg(test)]
mod tests;
