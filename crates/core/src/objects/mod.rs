//! The builtin types and their methods (CPython's `Objects/`): the object
//! header, `type`, the numeric, text, byte and container types, descriptors,
//! exceptions and weak references.

pub mod boundmethod;
pub mod builtiniter;
pub mod bytearray;
pub mod bytes;
pub mod capsule;
pub mod cell;
pub mod classmethod;
pub mod codecs;
pub mod descr;
pub mod dict;
pub mod exceptions;
pub mod float;
pub mod floatarith;
pub mod fmt;
pub mod heaptype;
pub mod iterobject;
pub mod list;
pub mod long;
pub mod longarith;
pub mod managed;
pub mod member;
pub mod methodobject;
pub mod module;
pub mod moduledef;
pub mod object;
pub mod objmethods;
pub mod percent;
pub mod property;
pub mod rangeobject;
pub mod rounding;
pub mod seqarith;
pub mod seqslice;
pub mod setmethods;
pub mod setobject;
pub mod slice;
pub mod slotwrap;
pub mod stdmethods;
pub mod superobject;
pub mod textstream;
pub mod tuple;
pub mod typenew;
pub mod typeobj;
pub mod unicode;
pub mod weakref;
