//! Keyword arguments: a mapping split into names plus trailing values, and
//! the (names, values) form read back as pairs.

use crate::ArgBuf;

/// The vectorcall form of a call built from positional arguments and a
/// keyword mapping: `values` holds the positional arguments, then one value
/// per name in `names`, behind a spare slot (so the call may carry the
/// offset flag).
#[derive(Debug)]
pub struct Split<K, V: Copy> {
    /// Positional arguments, then keyword values.
    pub values: ArgBuf<V>,
    /// Keyword names, in the mapping's iteration order.
    pub names: Vec<K>,
}

/// Splits `positional` plus a keyword mapping into the vectorcall form.
/// `check` sees each name before it is taken and may refuse it (CPython
/// refuses non-str keys with `TypeError: keywords must be strings`); the
/// first refusal is returned.
pub fn split_keywords<K, V: Copy, E>(
    positional: &[V],
    spare: V,
    kw: impl IntoIterator<Item = (K, V)>,
    mut check: impl FnMut(&K) -> Result<(), E>,
) -> Result<Split<K, V>, E> {
    let mut values = ArgBuf::from_slice(spare, positional);
    let mut names = Vec::new();
    for (k, v) in kw {
        check(&k)?;
        names.push(k);
        values.push(v);
    }
    Ok(Split { values, names })
}

/// The keyword part of a vectorcall as `(name, value)` pairs: the values
/// are the trailing `names.len()` entries of `args` after the `nargs`
/// positional ones.
#[derive(Clone, Debug)]
pub struct KwPairs<'a, K, V> {
    names: std::slice::Iter<'a, K>,
    values: std::slice::Iter<'a, V>,
}

impl<'a, K, V> KwPairs<'a, K, V> {
    /// Pairs for `args` (positional then keyword values) and `names`.
    ///
    /// # Panics
    /// If `args` is shorter than `nargs + names.len()`.
    pub fn new(args: &'a [V], nargs: usize, names: &'a [K]) -> Self {
        KwPairs {
            names: names.iter(),
            values: args[nargs..nargs + names.len()].iter(),
        }
    }
}

impl<'a, K, V> Iterator for KwPairs<'a, K, V> {
    type Item = (&'a K, &'a V);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        Some((self.names.next()?, self.values.next()?))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.names.size_hint()
    }
}

impl<K, V> ExactSizeIterator for KwPairs<'_, K, V> {}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        #[cfg_attr(miri, ignore)]
        fn split_then_pair_is_identity(
            pos in proptest::collection::vec(any::<i32>(), 0..5),
            kw in proptest::collection::vec((any::<u8>(), any::<i32>()), 0..8),
        ) {
            let s = split_keywords::<_, _, ()>(&pos, 0, kw.iter().copied(), |_| Ok(())).unwrap();
            prop_assert_eq!(&s.values.args()[..pos.len()], &pos[..]);
            let back: Vec<(u8, i32)> =
                KwPairs::new(s.values.args(), pos.len(), &s.names).map(|(k, v)| (*k, *v)).collect();
            prop_assert_eq!(back, kw);
        }

        #[test]
        #[cfg_attr(miri, ignore)]
        fn first_refusal_wins(kw in proptest::collection::vec((0u8..4, any::<i32>()), 0..8)) {
            let r = split_keywords(&[1], 0, kw.iter().copied(), |k| if *k == 3 { Err(*k) } else { Ok(()) });
            prop_assert_eq!(r.is_err(), kw.iter().any(|(k, _)| *k == 3));
        }
    }
}
