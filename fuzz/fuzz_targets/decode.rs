//! Fuzz target: `ophis_core::runtime::fuzzing::decode` on the fuzzer's bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ophis_core::runtime::fuzzing::decode(data));
