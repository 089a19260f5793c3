//! Fuzz target: `ophis_core::fuzzing::dict_ops` on the fuzzer's bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ophis_core::fuzzing::dict_ops(data));
