//! # ophis
//!
//! The artifact crate: builds `libophis.so` (with a SONAME) and
//! `libophis.a` from `ophis-capi`, so that every export of the C facade is
//! in both libraries. Rust users depend on `ophis-core` or `ophis-capi`
//! directly.

pub use ophis_capi;
