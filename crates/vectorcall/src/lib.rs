//! The vectorcall calling convention of PEP 590, as plain Rust that knows
//! nothing of Python objects.
//!
//! A vectorcall passes a callee three things besides itself: a pointer to
//! the arguments (positional ones first, then the values of keyword
//! arguments), `nargsf` (the positional count with flag bits in the top
//! bits) and a sequence of keyword names, one per trailing value. This crate
//! supplies the pieces every caller and callee of that convention needs:
//!
//! - [`NargsF`]: the count and the [`ARGUMENTS_OFFSET`] flag packed into one
//!   word, as C code sees it;
//! - [`ArgBuf`]: an argument vector that lives on the stack for small calls
//!   and always keeps one writable slot *before* the first argument, so a
//!   caller can set the offset flag and a callee can prepend `self` there;
//! - [`with_prepended`]: the callee side of that licence, borrowing the
//!   caller's spare slot for the duration of one call and putting the old
//!   value back, even on unwinding;
//! - [`split_keywords`] and [`KwPairs`]: the conversions between a keyword
//!   mapping and the (names, values) form.
//!
//! ```
//! use ophis_vectorcall::{ArgBuf, NargsF};
//!
//! let mut buf: ArgBuf<u32> = ArgBuf::new(0);
//! buf.extend_from_slice(&[10, 20]);
//! let nargsf = NargsF::new(buf.len(), true);
//! assert_eq!(nargsf.nargs(), 2);
//! assert!(nargsf.has_offset());
//! // The slot before the arguments exists and may be written by a callee.
//! assert_eq!(buf.with_spare()[0], 0);
//! ```

#![deny(missing_docs)]

mod argbuf;
mod keywords;
mod nargsf;

pub use argbuf::{with_prepended, ArgBuf, INLINE_ARGS};
pub use keywords::{split_keywords, KwPairs, Split};
pub use nargsf::{nargs, NargsF, ARGUMENTS_OFFSET};
