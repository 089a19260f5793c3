//! Signals, as CPython 3.12 handles them for an embedding or the `ophis`
//! command: `Py_Initialize` installs a handler for SIGINT (when its
//! disposition is still the default) and ignores SIGPIPE and SIGXFSZ, so
//! that Ctrl-C raises `KeyboardInterrupt` in running Python code and a
//! write to a closed pipe raises instead of killing the process.
//!
//! The handler only records the signal (async-signal-safe atomics) and
//! raises the eval breaker's [`SIGNALS_PENDING`] bit. The main thread runs
//! the Python-level handler at its next check point
//! ([`crate::runtime::eval_breaker::handle`]) or in `PyErr_CheckSignals`:
//! for SIGINT, the default handler raises `KeyboardInterrupt`. Other
//! threads never handle signals. `PyErr_SetInterrupt(Ex)` simulates an
//! arrival.
//!
//! Once the `_signal` module is imported (`system/signalmodule.rs`), the
//! handlers are its table ([`set_handler`]): a callable handler is called
//! with the signal number and the current frame, as CPython's
//! `_PyErr_CheckSignalsTstate` does. Not yet: blocking calls that give up
//! on `EINTR` (`time.sleep` sleeps on).

use crate::objects::exceptions::Exc;
use crate::runtime::err::{self, PyResult};
use crate::runtime::eval_breaker::{self, SIGNALS_PENDING};
use std::ffi::c_int;
use std::sync::atomic::{AtomicBool, Ordering};

/// Signal numbers below this are valid (`Py_NSIG` on Linux).
pub const NSIG: c_int = 65;

/// Which signals arrived and were not handled yet.
static TRIPPED: [AtomicBool; NSIG as usize] = [const { AtomicBool::new(false) }; NSIG as usize];
/// Whether any of [`TRIPPED`] is set.
static ANY_TRIPPED: AtomicBool = AtomicBool::new(false);
/// Whether `Py_Initialize` installed the SIGINT handler.
static INSTALLED: AtomicBool = AtomicBool::new(false);

/// The Python-level handler of each signal (owned references; NULL until
/// the `_signal` module fills the table). Only touched with the GIL held.
static mut HANDLERS: [*mut crate::objects::object::PyObject; NSIG as usize] =
    [std::ptr::null_mut(); NSIG as usize];
/// Whether the `_signal` module filled [`HANDLERS`].
static HANDLERS_READY: AtomicBool = AtomicBool::new(false);

/// The handler of `sig` (borrowed; NULL when the table is not filled).
///
/// # Safety
/// The GIL is held.
pub unsafe fn handler(sig: c_int) -> *mut crate::objects::object::PyObject {
    // SAFETY: the GIL guards the table.
    unsafe {
        (*std::ptr::addr_of!(HANDLERS))
            .get(sig as usize)
            .copied()
            .unwrap_or(std::ptr::null_mut())
    }
}

/// Stores `h` (a new reference) as the handler of `sig`, returning the old
/// one (owned, or NULL), and marks the table filled.
///
/// # Safety
/// The GIL is held; `sig` in `1..NSIG`.
pub unsafe fn set_handler(
    sig: c_int,
    h: crate::objects::object::Owned,
) -> *mut crate::objects::object::PyObject {
    // SAFETY: the GIL guards the table.
    unsafe {
        HANDLERS_READY.store(true, Ordering::SeqCst);
        let slot = &mut (*std::ptr::addr_of_mut!(HANDLERS))[sig as usize];
        std::mem::replace(slot, h.into_raw())
    }
}

/// The C handler that records a signal for the Python-level handler.
pub fn c_handler() -> libc::sighandler_t {
    on_signal as extern "C" fn(c_int) as libc::sighandler_t
}

/// Records signal `sig` (an arrival or a simulated one).
fn trip(sig: c_int) {
    if let Some(t) = TRIPPED.get(sig as usize) {
        t.store(true, Ordering::SeqCst);
        ANY_TRIPPED.store(true, Ordering::SeqCst);
        eval_breaker::set(SIGNALS_PENDING);
    }
}

/// The C signal handler: async-signal-safe (atomics only; `errno` is
/// restored for the interrupted code).
extern "C" fn on_signal(sig: c_int) {
    // SAFETY: `__errno_location` is async-signal-safe and points at this
    // thread's errno.
    let saved = unsafe { *libc::__errno_location() };
    trip(sig);
    // SAFETY: as above.
    unsafe { *libc::__errno_location() = saved };
}

/// Installs CPython's start-up dispositions (`Py_InitializeEx(1)`): the
/// SIGINT handler if SIGINT still has its default action, SIGPIPE and
/// SIGXFSZ ignored.
pub fn install_default_handlers() {
    // SAFETY: sigaction with a zeroed, then filled, struct; the handler is
    // async-signal-safe.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(libc::SIGINT, std::ptr::null(), &mut old) == 0
            && old.sa_sigaction == libc::SIG_DFL
        {
            let mut act: libc::sigaction = std::mem::zeroed();
            act.sa_sigaction = on_signal as extern "C" fn(c_int) as libc::sighandler_t;
            act.sa_flags = libc::SA_ONSTACK;
            libc::sigemptyset(&mut act.sa_mask);
            if libc::sigaction(libc::SIGINT, &act, std::ptr::null_mut()) == 0 {
                INSTALLED.store(true, Ordering::SeqCst);
            }
        }
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

/// Whether signal `sig` has a Python-level handler that runs when it
/// arrives: only SIGINT's default one (`KeyboardInterrupt`) until the
/// `signal` module exists.
fn handled(sig: c_int) -> bool {
    if !HANDLERS_READY.load(Ordering::SeqCst) {
        return sig == libc::SIGINT;
    }
    // SAFETY: callers hold the GIL (`PyErr_SetInterruptEx`'s contract).
    let h = unsafe { handler(sig) };
    // SAFETY: a live handler object.
    !h.is_null() && h != crate::runtime::lifecycle::none() && !unsafe { is_int_handler(h) }
}

/// Whether `h` is `SIG_DFL` or `SIG_IGN` (an int).
///
/// # Safety
/// `h` live.
unsafe fn is_int_handler(h: *mut crate::objects::object::PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { crate::objects::long::check(h) }
}

/// `PyErr_SetInterruptEx(signum)`: simulates the arrival of `signum`; -1
/// for a number out of range, 0 otherwise (a signal without a handler is
/// ignored).
pub fn set_interrupt(signum: c_int) -> c_int {
    if !(1..NSIG).contains(&signum) {
        return -1;
    }
    if handled(signum) {
        trip(signum);
    }
    0
}

/// `PyOS_InterruptOccurred`: on the main thread, whether SIGINT arrived
/// (and forgets it).
pub fn interrupt_occurred() -> bool {
    if !eval_breaker::is_main_thread() {
        return false;
    }
    TRIPPED[libc::SIGINT as usize].swap(false, Ordering::SeqCst)
}

/// `PyErr_CheckSignals`: on the main thread, runs the handlers of the
/// signals that arrived; SIGINT's raises `KeyboardInterrupt`. Other
/// threads return at once.
///
/// # Safety
/// The GIL is held.
pub unsafe fn check() -> PyResult<()> {
    if !eval_breaker::is_main_thread() {
        return Ok(());
    }
    eval_breaker::clear(SIGNALS_PENDING);
    if !ANY_TRIPPED.swap(false, Ordering::SeqCst) {
        return Ok(());
    }
    if HANDLERS_READY.load(Ordering::SeqCst) {
        // SAFETY: the GIL is held.
        return unsafe { run_python_handlers() };
    }
    for sig in 1..NSIG {
        if TRIPPED[sig as usize].swap(false, Ordering::SeqCst) && handled(sig) {
            // The rest stay recorded for the next check.
            if TRIPPED.iter().any(|t| t.load(Ordering::SeqCst)) {
                ANY_TRIPPED.store(true, Ordering::SeqCst);
                eval_breaker::set(SIGNALS_PENDING);
            }
            // SAFETY: a standard exception type, live for the runtime;
            // no arguments, as `signal.default_int_handler` raises it.
            return Err(unsafe {
                err::set_object(
                    crate::objects::exceptions::get(Exc::KeyboardInterrupt),
                    std::ptr::null_mut(),
                )
            });
        }
    }
    Ok(())
}

/// Calls the Python-level handlers of the signals that arrived, in signal
/// order, each with `(signum, frame)`; a failing handler leaves the rest
/// recorded for the next check.
///
/// # Safety
/// The GIL is held.
unsafe fn run_python_handlers() -> PyResult<()> {
    use crate::objects::object::Owned;
    // SAFETY: the GIL is held; handlers are live table entries, held while
    // they run.
    unsafe {
        for sig in 1..NSIG {
            if !TRIPPED[sig as usize].swap(false, Ordering::SeqCst) {
                continue;
            }
            let h = handler(sig);
            if h.is_null() || h == crate::runtime::lifecycle::none() || is_int_handler(h) {
                continue;
            }
            let h = Owned::from_borrowed(h);
            let frame = current_frame();
            let num = crate::objects::long::from_i64(sig as i64)?;
            let r = crate::protocols::call::call_args(h.as_ptr(), &[num.as_ptr(), frame.as_ptr()]);
            if let Err(e) = r {
                if TRIPPED.iter().any(|t| t.load(Ordering::SeqCst)) {
                    ANY_TRIPPED.store(true, Ordering::SeqCst);
                    eval_breaker::set(SIGNALS_PENDING);
                }
                return Err(e);
            }
        }
        Ok(())
    }
}

/// The frame object of the innermost running Python frame, or None.
///
/// # Safety
/// The GIL is held.
unsafe fn current_frame() -> crate::objects::object::Owned {
    use crate::objects::object::Owned;
    // SAFETY: the attached thread state's frames are live.
    unsafe {
        let none = || Owned::from_borrowed(crate::runtime::lifecycle::none());
        let ts = crate::runtime::thread::attached();
        if ts.is_null() {
            return none();
        }
        let mut f = (*ts).current_frame;
        while !f.is_null() && !crate::code::frame::InterpFrame::is_complete(f) {
            f = (*f).previous;
        }
        if f.is_null() {
            return none();
        }
        match crate::code::frameobject::for_interp(f) {
            Ok(o) if !o.is_null() => Owned::from_borrowed(o),
            _ => {
                err::clear();
                none()
            }
        }
    }
}

/// Ends the process as CPython does after an uncaught `KeyboardInterrupt`:
/// by SIGINT with its default action, so that the parent sees a process
/// killed by SIGINT (status 130 in a shell).
pub fn exit_by_sigint() -> ! {
    // SAFETY: plain libc calls; the process ends here.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_DFL);
        libc::kill(libc::getpid(), libc::SIGINT);
    }
    std::process::exit(130)
}
