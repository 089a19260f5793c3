//! Rust-level benchmarks of the core's hot paths (criterion). The C-level,
//! side-by-side comparison with CPython is `cargo xtask bench`.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use ophis_core::{
    objects::dict, objects::long, objects::tuple, objects::unicode, runtime::testing::with_runtime,
};

fn benches(c: &mut Criterion) {
    with_runtime(|| {
        let d = dict::new().unwrap();
        let keys: Vec<_> = (0..64)
            .map(|i| unicode::intern(&format!("key{i}")).unwrap())
            .collect();
        let val = long::from_i64(12345).unwrap();
        for k in &keys {
            // SAFETY: live dict, key and value; this thread is attached.
            unsafe { dict::set(d.as_ptr(), k.as_ptr(), val.as_ptr()).unwrap() };
        }
        let mut i = 0usize;
        c.bench_function("dict_set_overwrite", |b| {
            b.iter(|| {
                i = (i + 1) & 63;
                // SAFETY: as above.
                unsafe { dict::set(d.as_ptr(), keys[i].as_ptr(), val.as_ptr()).unwrap() }
            })
        });
        c.bench_function("dict_get", |b| {
            b.iter(|| {
                i = (i + 1) & 63;
                // SAFETY: as above.
                black_box(unsafe { dict::get(d.as_ptr(), keys[i].as_ptr()).unwrap() })
            })
        });
        c.bench_function("long_from_i64", |b| {
            b.iter(|| black_box(long::from_i64(black_box(100_000)).unwrap()))
        });
        c.bench_function("str_from_str", |b| {
            b.iter(|| black_box(unicode::from_str(black_box("hello world")).unwrap()))
        });
        c.bench_function("tuple_new3", |b| {
            b.iter(|| black_box(tuple::new(3).unwrap()))
        });
    });
}

criterion_group!(core_benches, benches);
criterion_main!(core_benches);
