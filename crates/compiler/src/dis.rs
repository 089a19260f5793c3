//! dis: see the crate docs (in progress).
