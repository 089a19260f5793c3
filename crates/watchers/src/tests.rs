//! Unit tests, a model-based property test of [`Registry`] and
//! [`WatchBits`] against a plain reference model, and a two-thread test of
//! registration racing dispatch.

use super::*;
use proptest::prelude::*;

/// The numbers 0..256, for [`tok`].
static TOKENS: [u32; 256] = {
    let mut a = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        a[i] = i as u32;
        i += 1;
    }
    a
};

/// A callback token for the tests: a `'static` reference to `n` (< 256).
fn tok(n: u32) -> &'static u32 {
    &TOKENS[n as usize]
}

#[test]
fn lowest_free_id_and_errors() {
    let r: Registry<&'static u32> = Registry::new(Family::Dict);
    for i in 0..MAX_WATCHERS {
        assert_eq!(r.add(tok(i as u32)), Ok(i));
    }
    assert_eq!(r.add(tok(99)), Err(Error::Full(Family::Dict)));
    assert_eq!(
        Error::Full(Family::Dict).to_string(),
        "no more dict watcher IDs available"
    );
    assert_eq!(*r.clear(3).unwrap(), 3);
    assert_eq!(r.add(tok(42)), Ok(3));
    assert_eq!(
        r.clear(8).unwrap_err().to_string(),
        "Invalid dict watcher ID 8"
    );
    assert_eq!(
        r.clear(-1).unwrap_err().to_string(),
        "Invalid dict watcher ID -1"
    );
    let f: Registry<&'static u32> = Registry::new(Family::Function);
    assert_eq!(
        f.clear(0).unwrap_err().to_string(),
        "no func watcher set for ID 0"
    );
    assert_eq!(
        f.clear(9).unwrap_err().to_string(),
        "invalid func watcher ID 9"
    );
    let t: Registry<&'static u32> = Registry::new(Family::Type);
    assert_eq!(
        t.check(2).unwrap_err().to_string(),
        "No type watcher set for ID 2"
    );
}

#[test]
fn dispatch_order_failures_and_stale_bits() {
    let r: Registry<&'static &'static str> = Registry::new(Family::Dict);
    let a = r.add(&"a").unwrap();
    let b = r.add(&"b").unwrap();
    let c = r.add(&"c").unwrap();
    let mut bits = WatchBits::default();
    for id in [c, a, b] {
        bits.watch(id);
    }
    let (mut seen, mut failed) = (vec![], vec![]);
    r.dispatch(
        bits.mask(),
        |i, cb| {
            seen.push(*cb);
            if i == a {
                Err("boom")
            } else {
                Ok(())
            }
        },
        |i, e| failed.push((i, e)),
    );
    assert_eq!(seen, ["a", "b", "c"]);
    assert_eq!(failed, [(a, "boom")]);
    // a cleared watcher leaves its bit; the next owner of the id gets it
    r.clear(b as i64).unwrap();
    assert!(bits.is_watched(b));
    let mut seen = vec![];
    r.dispatch(
        bits.mask(),
        |_, cb| {
            seen.push(*cb);
            Ok::<(), ()>(())
        },
        |_, _| {},
    );
    assert_eq!(seen, ["a", "c"]);
    assert_eq!(r.add(&"new"), Ok(b));
    let mut seen = vec![];
    r.dispatch(
        bits.mask(),
        |_, cb| {
            seen.push(*cb);
            Ok::<(), ()>(())
        },
        |_, _| {},
    );
    assert_eq!(seen, ["a", "new", "c"]);
}

#[test]
fn event_values_and_names() {
    assert_eq!(DictEvent::Deallocated as i32, 5);
    assert_eq!(DictEvent::Cloned.name(), "PyDict_EVENT_CLONED");
    assert_eq!(CodeEvent::Destroy.name(), "PY_CODE_EVENT_DESTROY");
    assert_eq!(FunctionEvent::ModifyKwdefaults as i32, 4);
    assert_eq!(FunctionEvent::from_raw(2), Some(FunctionEvent::ModifyCode));
    assert_eq!(FunctionEvent::from_raw(5), None);
    assert_eq!(DictEvent::ALL.len(), 6);
}

#[derive(Debug, Clone)]
enum Op {
    Add,
    Clear(i64),
    Watch(usize, i64),
    Unwatch(usize, i64),
    Fire(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        Just(Op::Add),
        (-1i64..10).prop_map(Op::Clear),
        (0usize..3, -1i64..10).prop_map(|(s, i)| Op::Watch(s, i)),
        (0usize..3, -1i64..10).prop_map(|(s, i)| Op::Unwatch(s, i)),
        (0usize..3).prop_map(Op::Fire),
    ]
}

proptest! {
    #[test]
    #[cfg_attr(miri, ignore)]
    fn agrees_with_the_model(ops in proptest::collection::vec(op(), 0..80)) {
        let r: Registry<&'static u32> = Registry::new(Family::Dict);
        let mut subjects = [WatchBits::default(); 3];
        // the model: slot contents (callback tokens) and subject masks
        let mut slots: [Option<u32>; MAX_WATCHERS] = [None; MAX_WATCHERS];
        let mut masks = [0u8; 3];
        let mut next = 0u32;
        for o in ops {
            match o {
                Op::Add => {
                    next += 1;
                    let want = slots.iter().position(Option::is_none);
                    match (r.add(tok(next)), want) {
                        (Ok(i), Some(j)) => { prop_assert_eq!(i, j); slots[j] = Some(next); }
                        (Err(Error::Full(_)), None) => {}
                        (got, want) => prop_assert!(false, "add: {:?} vs {:?}", got, want),
                    }
                }
                Op::Clear(id) => {
                    let ok = (0..8).contains(&id) && slots[id as usize].is_some();
                    let got = r.clear(id);
                    prop_assert_eq!(got.is_ok(), ok);
                    if ok {
                        slots[id as usize] = None;
                    }
                }
                Op::Watch(s, id) | Op::Unwatch(s, id) => {
                    let ok = (0..8).contains(&id) && slots[id as usize].is_some();
                    let got = r.check(id);
                    prop_assert_eq!(got.is_ok(), ok);
                    if let Ok(i) = got {
                        if matches!(o, Op::Watch(..)) {
                            subjects[s].watch(i);
                            masks[s] |= 1 << i;
                        } else {
                            subjects[s].unwatch(i);
                            masks[s] &= !(1 << i);
                        }
                    }
                }
                Op::Fire(s) => {
                    let mut got = vec![];
                    r.dispatch(subjects[s].mask(), |_, cb| { got.push(*cb); Ok::<(), ()>(()) }, |_, _| {});
                    let want: Vec<u32> = (0..MAX_WATCHERS)
                        .filter(|i| masks[s] & (1 << i) != 0)
                        .filter_map(|i| slots[i])
                        .collect();
                    prop_assert_eq!(got, want);
                }
            }
            let active: u8 = (0..MAX_WATCHERS).filter(|&i| slots[i].is_some()).fold(0, |m, i| m | 1 << i);
            prop_assert_eq!(r.active(), active);
            for s in 0..3 {
                prop_assert_eq!(subjects[s].mask(), masks[s]);
            }
        }
    }
}

/// Registration on one thread while another dispatches: every callback
/// the dispatcher sees is whole (one of the values registered for that
/// slot), never a torn one. `make(n)` builds the n-th callback value;
/// `whole` checks that one is not torn.
fn race<C>(make: fn(u64) -> C, whole: fn(&C) -> bool)
where
    C: Callback + Send + Sync + std::fmt::Debug + 'static,
{
    use std::sync::atomic::AtomicBool;
    use std::sync::Arc;
    let r: Arc<Registry<C>> = Arc::new(Registry::new(Family::Code));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (r, stop) = (r.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                if let Ok(i) = r.add(make(n)) {
                    if n.is_multiple_of(3) {
                        let _ = r.clear(i as i64);
                    }
                } else {
                    let _ = r.clear((n % 8) as i64);
                }
            }
            n
        })
    };
    let mut calls = 0u64;
    for _ in 0..200_000 {
        r.dispatch(
            0xff,
            |_, cb| {
                assert!(whole(&cb), "torn callback {cb:?}");
                calls += 1;
                Ok::<(), ()>(())
            },
            |_, _| {},
        );
    }
    stop.store(true, Ordering::Relaxed);
    let n = writer.join().unwrap();
    assert!(n > 0 && calls > 0);
}

/// A pool of leaked values, so the race tests reuse a few allocations.
fn pool<T: Send + Sync>(f: impl Fn(u64) -> T) -> &'static [T] {
    Box::leak((1..=64).map(f).collect::<Vec<_>>().into_boxed_slice())
}

/// References to words whose halves agree.
#[test]
#[cfg_attr(miri, ignore)]
fn registration_races_dispatch_word() {
    static POOL: std::sync::OnceLock<&'static [u64]> = std::sync::OnceLock::new();
    POOL.get_or_init(|| pool(|n| (n << 32) | n));
    race(
        |n| &POOL.get().unwrap()[(n % 64) as usize],
        |c| **c >> 32 == **c & 0xffff_ffff,
    );
}

/// References to wide values: the slot holds the pointer, the value is
/// never copied torn.
#[test]
#[cfg_attr(miri, ignore)]
fn registration_races_dispatch_wide() {
    static POOL: std::sync::OnceLock<&'static [[u64; 4]]> = std::sync::OnceLock::new();
    POOL.get_or_init(|| pool(|n| [n; 4]));
    race(
        |n| &POOL.get().unwrap()[(n % 64) as usize],
        |c| c.iter().all(|&x| x == c[0]),
    );
}

/// Function pointers (what the runtime stores) go in and come out whole,
/// with their provenance (Miri checks the call).
#[test]
fn function_pointers_round_trip() {
    extern "C" fn one(x: i32) -> i32 {
        x + 1
    }
    extern "C" fn two(x: i32) -> i32 {
        x + 2
    }
    let r: Registry<extern "C" fn(i32) -> i32> = Registry::new(Family::Function);
    let a = r.add(one).unwrap();
    let b = r.add(two).unwrap();
    let mut sum = 0;
    r.dispatch(
        0xff,
        |_, cb| {
            sum += cb(10);
            Ok::<(), ()>(())
        },
        |_, _| {},
    );
    assert_eq!(sum, 23);
    assert_eq!(r.clear(a as i64).unwrap()(0), 1);
    assert_eq!(r.get(b).map(|f| f(0)), Some(2));
}
