//! Fuzz target: `ophis_core::runtime::fuzzing::int_from_string` on the fuzzer's bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ophis_core::runtime::fuzzing::int_from_string(data));
