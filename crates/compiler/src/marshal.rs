//! marshal: see the crate docs (in progress).
