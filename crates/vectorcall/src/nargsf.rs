//! `nargsf`: the positional argument count with flag bits on top.

/// `PY_VECTORCALL_ARGUMENTS_OFFSET`: the top bit of `nargsf`. When a caller
/// sets it, the slot just before `args[0]` belongs to the callee for the
/// duration of the call (it may overwrite it and must restore it).
pub const ARGUMENTS_OFFSET: usize = 1 << (usize::BITS - 1);

/// `PyVectorcall_NARGS`: the positional count in `nargsf`, flag cleared.
#[inline(always)]
pub const fn nargs(nargsf: usize) -> usize {
    nargsf & !ARGUMENTS_OFFSET
}

/// A `nargsf` word: a positional count and the offset flag.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
#[repr(transparent)]
pub struct NargsF(usize);

impl NargsF {
    /// Packs `nargs` (which must fit below the flag bit) and the flag.
    ///
    /// # Panics
    /// If `nargs` has the flag bit set; no real argument count comes close.
    #[inline(always)]
    pub const fn new(nargs: usize, offset: bool) -> Self {
        assert!(nargs & ARGUMENTS_OFFSET == 0, "argument count too large");
        NargsF(if offset {
            nargs | ARGUMENTS_OFFSET
        } else {
            nargs
        })
    }

    /// The word exactly as C code passed it (unknown flag bits included).
    #[inline(always)]
    pub const fn from_raw(raw: usize) -> Self {
        NargsF(raw)
    }

    /// The word to pass to C.
    #[inline(always)]
    pub const fn raw(self) -> usize {
        self.0
    }

    /// The positional count.
    #[inline(always)]
    pub const fn nargs(self) -> usize {
        nargs(self.0)
    }

    /// Whether the caller gave the callee the slot before `args[0]`.
    #[inline(always)]
    pub const fn has_offset(self) -> bool {
        self.0 & ARGUMENTS_OFFSET != 0
    }

    /// The same count with the flag set or cleared.
    #[inline(always)]
    pub const fn with_offset(self, offset: bool) -> Self {
        NargsF(if offset {
            self.0 | ARGUMENTS_OFFSET
        } else {
            self.0 & !ARGUMENTS_OFFSET
        })
    }

    /// One positional argument fewer (the receiver consumed by a method
    /// call), keeping the flag. `None` when the count is already zero.
    #[inline(always)]
    pub const fn drop_first(self) -> Option<Self> {
        if self.nargs() == 0 {
            None
        } else {
            Some(NargsF(self.0 - 1))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn flag_is_the_top_bit() {
        assert_eq!(ARGUMENTS_OFFSET, 9_223_372_036_854_775_808usize);
        assert_eq!(nargs(3 | ARGUMENTS_OFFSET), 3);
        assert_eq!(NargsF::new(0, true).drop_first(), None);
    }

    proptest! {
        #[test]
        #[cfg_attr(miri, ignore)]
        fn roundtrip(n in 0usize..(1 << 40), flag: bool, other: bool) {
            let f = NargsF::new(n, flag);
            prop_assert_eq!(f.nargs(), n);
            prop_assert_eq!(f.has_offset(), flag);
            prop_assert_eq!(NargsF::from_raw(f.raw()), f);
            prop_assert_eq!(f.with_offset(other).has_offset(), other);
            prop_assert_eq!(f.with_offset(other).nargs(), n);
            if n > 0 {
                let d = f.drop_first().unwrap();
                prop_assert_eq!(d.nargs(), n - 1);
                prop_assert_eq!(d.has_offset(), flag);
            }
        }
    }
}
