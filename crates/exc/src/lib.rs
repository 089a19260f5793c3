//! Per-thread exception state as CPython 3.12 keeps it, for any exception
//! representation.
//!
//! - **One raised exception**, a normalized object (3.12 dropped the
//!   `(type, value, traceback)` triple; gh-101578). [`ExcState::take`] is
//!   `PyErr_GetRaisedException`, [`ExcState::set_raised`] is
//!   `PyErr_SetRaisedException` (no chaining).
//! - **The handled-exception stack** (`sys.exception()`): one entry per
//!   active `except` block or frame, of which the top-most non-empty one is
//!   "the handled exception" ([`ExcState::handled`]).
//! - **Implicit chaining**: raising a new exception while one is handled
//!   sets the new one's `__context__` to the handled one
//!   ([`ExcState::raise`]), first cutting the link that would close a cycle
//!   through the new exception, and never hanging on a cycle that already
//!   exists ([`chain_context`]).
//! - **Explicit chaining** of a cleanup error onto the raised exception
//!   ([`ExcState::chain`], `_PyErr_ChainExceptions1`): no cycle cutting, as
//!   in CPython.
//!
//! The state owns its exceptions through the [`Exception`] handle type
//! (cloning a handle is taking a reference; dropping it releases one), and
//! reads and writes `__context__` through it. It holds no lock: it belongs
//! to one thread.
//!
//! ```
//! use ophis_exc::{ExcState, Exception};
//! use std::{cell::RefCell, rc::Rc};
//!
//! #[derive(Clone)]
//! struct E(Rc<RefCell<Option<E>>>);
//! impl Exception for E {
//!     fn is(&self, o: &Self) -> bool { Rc::ptr_eq(&self.0, &o.0) }
//!     fn context(&self) -> Option<Self> { self.0.borrow().clone() }
//!     fn set_context(&self, c: Option<Self>) { *self.0.borrow_mut() = c; }
//! }
//! let new = || E(Rc::new(RefCell::new(None)));
//!
//! let mut st = ExcState::new();
//! let (h, x) = (new(), new());
//! st.set_handled(Some(h.clone()));      // inside `except h:`
//! st.raise(x.clone());                  // raise x
//! assert!(x.context().unwrap().is(&h)); // x.__context__ is h
//! assert!(st.take().unwrap().is(&x));
//! assert!(st.occurred().is_none());
//! ```

#![deny(missing_docs)]

/// A handle to an exception object: `Clone` takes a reference, `Drop`
/// releases it.
pub trait Exception: Clone {
    /// Whether both handles refer to the same object.
    fn is(&self, other: &Self) -> bool;
    /// The `__context__` of the exception.
    fn context(&self) -> Option<Self>;
    /// Replaces the `__context__` of the exception.
    fn set_context(&self, ctx: Option<Self>);
    /// Whether the handle is the `None` object (C code may store it in a
    /// handled-stack entry to mean "no exception").
    fn is_none(&self) -> bool {
        false
    }
}

/// One entry of the handled-exception stack, laid out as CPython's
/// `_PyErr_StackItem` (`exc_value`, then `previous_item`) when `E` is a
/// non-null pointer handle, so C code that walks `tstate->exc_info` (as
/// Cython's generated code does) reads and writes it directly.
#[derive(Debug)]
#[repr(C)]
pub struct StackItem<E> {
    /// The exception handled at this level, if any.
    pub exc_value: Option<E>,
    /// The level below (`None` at the bottom).
    pub previous_item: Option<Box<StackItem<E>>>,
}

/// The exception state of one thread, laid out as the two fields of
/// CPython 3.12's `PyThreadState` that compiled code reads directly,
/// `current_exception` then `exc_info` (when `E` is a non-null pointer
/// handle, so that `Option<E>` is a nullable pointer): a thread state can
/// embed it at CPython's offset.
#[derive(Debug)]
#[repr(C)]
pub struct ExcState<E> {
    raised: Option<E>,
    exc_info: Box<StackItem<E>>,
}

impl<E> Default for ExcState<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> Drop for ExcState<E> {
    fn drop(&mut self) {
        // Unlink iteratively, so a deep stack cannot overflow the Rust
        // stack through recursive drops.
        let mut next = self.exc_info.previous_item.take();
        while let Some(mut item) = next {
            next = item.previous_item.take();
        }
    }
}

impl<E> ExcState<E> {
    /// No exception raised or handled: a stack of one empty entry.
    pub fn new() -> Self {
        ExcState {
            raised: None,
            exc_info: Box::new(StackItem {
                exc_value: None,
                previous_item: None,
            }),
        }
    }

    /// The raised exception (`PyErr_Occurred` is its type).
    #[inline(always)]
    pub fn occurred(&self) -> Option<&E> {
        self.raised.as_ref()
    }

    /// Takes the raised exception, leaving none (`PyErr_GetRaisedException`,
    /// `PyErr_Fetch`).
    #[inline(always)]
    pub fn take(&mut self) -> Option<E> {
        self.raised.take()
    }

    /// Replaces the raised exception without any chaining
    /// (`PyErr_SetRaisedException`, `PyErr_Restore`); `None` clears.
    /// Returns the previous one, for the caller to release.
    #[inline(always)]
    #[must_use = "the previous exception is returned to be released"]
    pub fn set_raised(&mut self, exc: Option<E>) -> Option<E> {
        std::mem::replace(&mut self.raised, exc)
    }

    /// The entries of the handled stack, top first.
    fn items(&self) -> impl Iterator<Item = &StackItem<E>> {
        std::iter::successors(Some(&*self.exc_info), |i| i.previous_item.as_deref())
    }

    /// Replaces the top entry of the handled stack
    /// (`PyErr_SetHandledException`, `PyErr_SetExcInfo`); `None` clears it.
    /// Returns the previous entry.
    #[must_use = "the previous entry is returned to be released"]
    pub fn set_handled(&mut self, exc: Option<E>) -> Option<E> {
        std::mem::replace(&mut self.exc_info.exc_value, exc)
    }

    /// Enters an `except` block or a frame: a new top entry.
    pub fn push_handled(&mut self, exc: Option<E>) {
        let below = std::mem::replace(
            &mut self.exc_info,
            Box::new(StackItem {
                exc_value: exc,
                previous_item: None,
            }),
        );
        self.exc_info.previous_item = Some(below);
    }

    /// [`ExcState::push_handled`] into an entry allocated before (from
    /// [`ExcState::pop_handled_keep`]), so that a frame entered and left
    /// often (a generator resumed in a loop) allocates nothing.
    pub fn push_handled_reusing(&mut self, exc: Option<E>, spare: Option<Box<StackItem<E>>>) {
        let mut item = match spare {
            Some(mut b) => {
                b.exc_value = exc;
                b.previous_item = None;
                b
            }
            None => Box::new(StackItem {
                exc_value: exc,
                previous_item: None,
            }),
        };
        std::mem::swap(&mut self.exc_info, &mut item);
        self.exc_info.previous_item = Some(item);
    }

    /// [`ExcState::pop_handled`] that also gives back the removed entry,
    /// emptied, for reuse (`None` when only the bottom entry was emptied).
    pub fn pop_handled_keep(&mut self) -> (Option<E>, Option<Box<StackItem<E>>>) {
        match self.exc_info.previous_item.take() {
            Some(below) => {
                let mut top = std::mem::replace(&mut self.exc_info, below);
                (top.exc_value.take(), Some(top))
            }
            None => (self.exc_info.exc_value.take(), None),
        }
    }

    /// Leaves it: removes the top entry and returns its exception. The
    /// bottom entry is never removed; popping it only empties it.
    pub fn pop_handled(&mut self) -> Option<E> {
        match self.exc_info.previous_item.take() {
            Some(below) => std::mem::replace(&mut self.exc_info, below).exc_value,
            None => self.exc_info.exc_value.take(),
        }
    }

    /// Depth of the handled stack (entries, empty ones included).
    pub fn handled_depth(&self) -> usize {
        self.items().count()
    }
}

impl<E: Exception> ExcState<E> {
    /// The handled exception: the top-most entry holding one (an entry
    /// holding the `None` object counts as empty, as CPython's
    /// `_PyErr_GetTopmostException` treats it).
    pub fn handled(&self) -> Option<&E> {
        self.items()
            .find_map(|i| i.exc_value.as_ref().filter(|e| !e.is_none()))
    }
}

impl<E: Exception> ExcState<E> {
    /// Raises `exc` the way `PyErr_SetObject` does: if an exception is
    /// being handled (and it is not `exc` itself), it becomes the
    /// `__context__` of `exc` (see [`chain_context`]). Returns the
    /// previously raised exception, for the caller to release.
    #[must_use = "the previous exception is returned to be released"]
    pub fn raise(&mut self, exc: E) -> Option<E> {
        if let Some(h) = self.handled() {
            let h = h.clone();
            chain_context(&exc, &h);
        }
        self.set_raised(Some(exc))
    }

    /// `_PyErr_ChainExceptions1`: with nothing raised, `exc` becomes the
    /// raised exception; otherwise it becomes the `__context__` of the
    /// raised one (which stays raised). No cycle is cut.
    pub fn chain(&mut self, exc: Option<E>) {
        let Some(exc) = exc else { return };
        match &self.raised {
            None => self.raised = Some(exc),
            Some(r) => r.set_context(Some(exc)),
        }
    }
}

/// Implicit chaining of `value` onto the handled exception `handled`, as
/// CPython 3.12's `_PyErr_SetObject`: nothing when they are the same
/// object; otherwise, walking `handled.__context__...`, the link pointing
/// at `value` (if any) is cut so that no cycle forms, then
/// `value.__context__ = handled`. A cycle already in the chain ends the
/// walk (Floyd's tortoise and hare), so it is left as it is and nothing
/// hangs.
pub fn chain_context<E: Exception>(value: &E, handled: &E) {
    if value.is(handled) {
        return;
    }
    let mut o = handled.clone();
    let mut slow = handled.clone();
    let mut toggle = false;
    while let Some(ctx) = o.context() {
        if ctx.is(value) {
            o.set_context(None);
            break;
        }
        o = ctx;
        if o.is(&slow) {
            break;
        }
        if toggle {
            slow = match slow.context() {
                Some(s) => s,
                None => break,
            };
        }
        toggle = !toggle;
    }
    value.set_context(Some(handled.clone()));
}

#[cfg(test)]
mod tests;
