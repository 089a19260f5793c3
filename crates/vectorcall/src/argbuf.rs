//! Argument vectors with a spare leading slot.

use std::mem::MaybeUninit;

/// How many arguments an [`ArgBuf`] holds before it moves to the heap
/// (the spare slot comes on top). Eight words in all, like the small stack
/// buffers CPython's own call paths use.
pub const INLINE_ARGS: usize = 7;

/// An argument vector for a vectorcall that keeps one writable slot before
/// its first argument, so the call can carry the offset flag.
///
/// Up to [`INLINE_ARGS`] arguments live inline (no allocation); more spill
/// to one heap block. `T` is `Copy` because vectorcall arguments are
/// borrowed pointers: the buffer never owns what it holds.
pub struct ArgBuf<T: Copy> {
    inline: [MaybeUninit<T>; INLINE_ARGS + 1],
    heap: Vec<T>,
    len: usize,
}

impl<T: Copy> ArgBuf<T> {
    /// An empty buffer whose spare slot holds `spare`.
    #[inline]
    pub fn new(spare: T) -> Self {
        let mut inline = [MaybeUninit::uninit(); INLINE_ARGS + 1];
        inline[0] = MaybeUninit::new(spare);
        ArgBuf {
            inline,
            heap: Vec::new(),
            len: 0,
        }
    }

    /// A buffer holding `args`, allocating only when they do not fit inline.
    #[inline]
    pub fn from_slice(spare: T, args: &[T]) -> Self {
        let mut b = Self::new(spare);
        b.extend_from_slice(args);
        b
    }

    /// The number of arguments (the spare slot not counted).
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no arguments.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the arguments moved to the heap.
    #[inline(always)]
    pub fn spilled(&self) -> bool {
        !self.heap.is_empty()
    }

    fn spill(&mut self, extra: usize) {
        let mut v = Vec::with_capacity(1 + self.len + extra.max(INLINE_ARGS));
        for s in &self.inline[..=self.len] {
            // SAFETY: slots 0..=len are initialized (the spare slot and the
            // arguments pushed so far).
            v.push(unsafe { s.assume_init() });
        }
        self.heap = v;
    }

    /// Appends one argument.
    #[inline]
    pub fn push(&mut self, v: T) {
        if self.spilled() {
            self.heap.push(v);
        } else if self.len < INLINE_ARGS {
            self.inline[self.len + 1] = MaybeUninit::new(v);
        } else {
            self.spill(1);
            self.heap.push(v);
        }
        self.len += 1;
    }

    /// Appends arguments.
    #[inline]
    pub fn extend_from_slice(&mut self, vs: &[T]) {
        if !self.spilled() && self.len + vs.len() <= INLINE_ARGS {
            for (slot, v) in self.inline[self.len + 1..].iter_mut().zip(vs) {
                *slot = MaybeUninit::new(*v);
            }
        } else {
            if !self.spilled() {
                self.spill(vs.len());
            }
            self.heap.extend_from_slice(vs);
        }
        self.len += vs.len();
    }

    /// The spare slot followed by the arguments.
    #[inline(always)]
    pub fn with_spare(&self) -> &[T] {
        if self.spilled() {
            &self.heap
        } else {
            // SAFETY: slots 0..=len are initialized.
            unsafe { std::slice::from_raw_parts(self.inline.as_ptr().cast::<T>(), self.len + 1) }
        }
    }

    /// The arguments.
    #[inline(always)]
    pub fn args(&self) -> &[T] {
        &self.with_spare()[1..]
    }

    /// A pointer to the first argument for a vectorcall; the slot before it
    /// is valid and writable, so the call may carry the offset flag. The
    /// pointer is valid until the buffer is next modified or dropped.
    #[inline(always)]
    pub fn as_mut_ptr(&mut self) -> *mut T {
        let base = if self.spilled() {
            self.heap.as_mut_ptr()
        } else {
            self.inline.as_mut_ptr().cast::<T>()
        };
        // SAFETY: the spare slot is index 0, so index 1 is in bounds (one
        // past the end when there are no arguments).
        unsafe { base.add(1) }
    }
}

impl<T: Copy + std::fmt::Debug> std::fmt::Debug for ArgBuf<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.args()).finish()
    }
}

/// Runs `f` with `value` written into the slot before `args`, passing `f`
/// the pointer to that slot (so it sees `value` followed by the arguments),
/// and puts the slot's old value back afterwards, also when `f` unwinds.
/// This is what a callee does with a caller's offset flag: prepend `self`
/// without copying the arguments.
///
/// # Safety
/// `args.sub(1)` must be valid for reads and writes for the whole call,
/// which is what a caller promises by setting the offset flag.
#[inline(always)]
pub unsafe fn with_prepended<T: Copy, R>(args: *mut T, value: T, f: impl FnOnce(*mut T) -> R) -> R {
    struct Restore<T: Copy> {
        slot: *mut T,
        old: T,
    }
    impl<T: Copy> Drop for Restore<T> {
        #[inline(always)]
        fn drop(&mut self) {
            // SAFETY: the slot stays valid for the call (caller's contract).
            unsafe { self.slot.write(self.old) }
        }
    }
    // SAFETY: the caller guarantees the slot before `args`.
    unsafe {
        let slot = args.sub(1);
        let _restore = Restore {
            slot,
            old: slot.read(),
        };
        slot.write(value);
        f(slot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn small_calls_do_not_allocate() {
        let mut b = ArgBuf::new(0u64);
        b.extend_from_slice(&[1, 2, 3, 4, 5, 6, 7]);
        assert!(!b.spilled());
        b.push(8);
        assert!(b.spilled());
        assert_eq!(b.args(), &[1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(b.with_spare()[0], 0);
    }

    #[test]
    fn prepend_inline_and_spilled() {
        for n in [0usize, 3, 7, 8, 20] {
            let args: Vec<u64> = (1..=n as u64).collect();
            let mut b = ArgBuf::from_slice(0u64, &args);
            assert_eq!(b.spilled(), n > INLINE_ARGS);
            let p = b.as_mut_ptr();
            // SAFETY: `p` comes from an ArgBuf; `n + 1` slots from the spare
            // slot on are initialized.
            let seen =
                unsafe { with_prepended(p, 42, |q| std::slice::from_raw_parts(q, n + 1).to_vec()) };
            assert_eq!(seen[0], 42);
            assert_eq!(&seen[1..], &args[..]);
            assert_eq!(b.with_spare()[0], 0);
        }
    }

    #[test]
    fn prepend_restores_on_unwind() {
        let mut b = ArgBuf::from_slice(7u32, &[1, 2]);
        let p = b.as_mut_ptr();
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            // SAFETY: `p` comes from an ArgBuf, which has the spare slot.
            unsafe { with_prepended(p, 99, |_| panic!("boom")) }
        }));
        assert!(r.is_err());
        assert_eq!(b.with_spare(), &[7, 1, 2]);
    }

    proptest! {
        #[test]
        #[cfg_attr(miri, ignore)]
        fn push_and_extend_agree_with_vec(
            spare: u32,
            chunks in proptest::collection::vec(proptest::collection::vec(any::<u32>(), 0..6), 0..6),
        ) {
            let mut b = ArgBuf::new(spare);
            let mut model = Vec::new();
            for (i, c) in chunks.iter().enumerate() {
                if i % 2 == 0 {
                    b.extend_from_slice(c);
                } else {
                    for &v in c {
                        b.push(v);
                    }
                }
                model.extend_from_slice(c);
                prop_assert_eq!(b.args(), &model[..]);
                prop_assert_eq!(b.with_spare()[0], spare);
                prop_assert_eq!(b.len(), model.len());
                prop_assert_eq!(b.spilled(), model.len() > INLINE_ARGS);
            }
        }

        #[test]
        #[cfg_attr(miri, ignore)]
        fn prepend_sees_self_then_args(args in proptest::collection::vec(any::<u16>(), 0..12), me: u16) {
            let mut b = ArgBuf::from_slice(u16::MAX, &args);
            let p = b.as_mut_ptr();
            let n = b.len();
            // SAFETY: `p` comes from an ArgBuf; `n + 1` slots from the spare
            // slot on are initialized.
            let seen = unsafe {
                with_prepended(p, me, |q| std::slice::from_raw_parts(q, n + 1).to_vec())
            };
            prop_assert_eq!(seen[0], me);
            prop_assert_eq!(&seen[1..], &args[..]);
            prop_assert_eq!(b.with_spare()[0], u16::MAX);
            prop_assert_eq!(b.args(), &args[..]);
        }
    }
}
