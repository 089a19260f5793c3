//! The fuzz entry points of [`crate::runtime::fuzzing`] as bounded tests, run by
//! `cargo test` (and so by `cargo xtask ci`): each on a few thousand random
//! byte strings. The `cargo fuzz` targets in `fuzz/` run the same entry
//! points for as long as one likes.

use crate::runtime::fuzzing;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    // Too slow under Miri.
    #[cfg_attr(miri, ignore)]
    #[test]
    fn from_format(data in proptest::collection::vec(any::<u8>(), 0..160)) {
        fuzzing::from_format(&data);
    }

    #[cfg_attr(miri, ignore)]
    #[test]
    fn build_value(data in proptest::collection::vec(any::<u8>(), 0..160)) {
        fuzzing::build_value(&data);
    }

    #[cfg_attr(miri, ignore)]
    #[test]
    fn parse_tuple(data in proptest::collection::vec(any::<u8>(), 0..64)) {
        fuzzing::parse_tuple(&data);
    }

    #[cfg_attr(miri, ignore)]
    #[test]
    fn dict_ops(data in proptest::collection::vec(any::<u8>(), 0..240)) {
        fuzzing::dict_ops(&data);
    }

    #[cfg_attr(miri, ignore)]
    #[test]
    fn compile(data in proptest::collection::vec(
        prop_oneof![
            4 => prop::sample::select(b"def class if else: ()[]{},.=+*-x1 'f\"\n\t\\#@:=lambda yield".to_vec()),
            1 => any::<u8>(),
        ],
        0..120,
    )) {
        fuzzing::compile(&data);
    }

    #[cfg_attr(miri, ignore)]
    #[test]
    fn decode(data in proptest::collection::vec(any::<u8>(), 0..64)) {
        fuzzing::decode(&data);
    }

    #[cfg_attr(miri, ignore)]
    #[test]
    fn marshal_loads(data in proptest::collection::vec(any::<u8>(), 0..120)) {
        fuzzing::marshal_loads(&data);
    }

    #[cfg_attr(miri, ignore)]
    #[test]
    fn int_from_string(data in proptest::collection::vec(
        prop_oneof![
            3 => prop::sample::select(b"0123456789abcdefxob_ -+\t".to_vec()),
            1 => any::<u8>(),
        ],
        0..80,
    )) {
        fuzzing::int_from_string(&data);
    }
}

/// The dict fuzz's watcher is reached: watch, then set a key.
#[test]
fn dict_ops_watcher_sees_events() {
    use std::sync::atomic::Ordering::Relaxed;
    let before = fuzzing::WATCH_EVENTS.load(Relaxed);
    fuzzing::dict_ops(&[8, 0, 0, 0, 1, 2, 3, 1, 0]);
    assert!(fuzzing::WATCH_EVENTS.load(Relaxed) >= before + 2);
}
