//! Fuzz target: `ophis_core::runtime::fuzzing::marshal_loads` on the fuzzer's bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ophis_core::runtime::fuzzing::marshal_loads(data));
