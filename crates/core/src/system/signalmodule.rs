//! The `_signal` module of CPython 3.12.1 on Linux, as far as `signal.py`
//! and its users (`unittest`, `subprocess`) need: `signal`/`getsignal`
//! with Python-level handlers (recorded by the C handler of
//! `runtime/signals.rs`, called with `(signum, frame)` at the next check on
//! the main thread), `default_int_handler`, `SIG_DFL`/`SIG_IGN`, the
//! signal numbers, `NSIG`, `raise_signal`, `strsignal`, `valid_signals`,
//! `alarm` and `pause`. Not here yet (so `signal.py` leaves out their
//! wrappers): `set_wakeup_fd`, `siginterrupt`, the interval timers,
//! `pthread_kill`/`pthread_sigmask`/`sigpending`/`sigwait`.

use crate::objects::exceptions::Exc;
use crate::objects::object::*;
use crate::objects::typeobj::{self, PyMethodDef};
use crate::objects::{long, module, setobject, unicode};
use crate::protocols::clinic::{def, fastcall, pos, Sig};
use crate::protocols::{abstract_, number};
use crate::runtime::err::{self, PyResult};
use crate::runtime::signals::{self, NSIG};
use crate::runtime::{eval_breaker, lifecycle, thread};
use std::ffi::c_int;
use std::ptr;

const SIG_DFL: i64 = 0;
const SIG_IGN: i64 = 1;

/// The Linux signal numbers under their names.
const SIGNALS: &[(&str, c_int)] = &[
    ("SIGHUP", 1),
    ("SIGINT", 2),
    ("SIGQUIT", 3),
    ("SIGILL", 4),
    ("SIGTRAP", 5),
    ("SIGABRT", 6),
    ("SIGIOT", 6),
    ("SIGBUS", 7),
    ("SIGFPE", 8),
    ("SIGKILL", 9),
    ("SIGUSR1", 10),
    ("SIGSEGV", 11),
    ("SIGUSR2", 12),
    ("SIGPIPE", 13),
    ("SIGALRM", 14),
    ("SIGTERM", 15),
    ("SIGSTKFLT", 16),
    ("SIGCHLD", 17),
    ("SIGCONT", 18),
    ("SIGSTOP", 19),
    ("SIGTSTP", 20),
    ("SIGTTIN", 21),
    ("SIGTTOU", 22),
    ("SIGURG", 23),
    ("SIGXCPU", 24),
    ("SIGXFSZ", 25),
    ("SIGVTALRM", 26),
    ("SIGPROF", 27),
    ("SIGWINCH", 28),
    ("SIGIO", 29),
    ("SIGPOLL", 29),
    ("SIGPWR", 30),
    ("SIGSYS", 31),
    ("SIGRTMIN", 34),
    ("SIGRTMAX", 64),
];

static mut DEFAULT_INT_HANDLER: *mut PyObject = ptr::null_mut();

/// A signal-number argument (`ValueError` out of range).
unsafe fn signum_arg(v: *mut PyObject) -> PyResult<c_int> {
    // SAFETY: a live argument.
    unsafe {
        let i = number::index(v)?;
        let n = long::as_i64(i.as_ptr(), "Python int too large to convert to C long")?;
        if !(1..NSIG as i64).contains(&n) {
            return Err(err::value_error("signal number out of range"));
        }
        Ok(n as c_int)
    }
}

fn int(v: i64) -> PyResult<Owned> {
    long::from_i64(v)
}

fn none() -> Owned {
    // SAFETY: None lives for the runtime's life.
    unsafe { Owned::from_borrowed(lifecycle::none()) }
}

/// Sets the C disposition of `sig`.
unsafe fn set_disposition(sig: c_int, h: libc::sighandler_t) -> PyResult<()> {
    // SAFETY: sigaction with a zeroed, then filled, struct.
    unsafe {
        let mut act: libc::sigaction = std::mem::zeroed();
        act.sa_sigaction = h;
        act.sa_flags = libc::SA_ONSTACK;
        libc::sigemptyset(&mut act.sa_mask);
        if libc::sigaction(sig, &act, ptr::null_mut()) != 0 {
            return Err(crate::system::io::os_error(
                crate::system::io::errno(),
                None,
            ));
        }
        Ok(())
    }
}

fastcall! {
    /// `signal.signal(signalnum, handler, /)`: installs `handler` (a
    /// callable, `SIG_DFL` or `SIG_IGN`) and returns the previous one
    /// (None when it was not set from Python).
    fn signal_signal(_m, a = Sig::new("signal", &[pos("signalnum"), pos("handler")])) {
        let sig = signum_arg(a.req(0))?;
        let h = a.req(1);
        if !eval_breaker::is_main_thread() {
            return Err(err::value_error(
                "signal only works in main thread of the main interpreter",
            ));
        }
        let dfl = int(SIG_DFL)?;
        let ign = int(SIG_IGN)?;
        let disposition = if abstract_::rich_compare_bool(h, ign.as_ptr(), abstract_::EQ)? {
            libc::SIG_IGN
        } else if abstract_::rich_compare_bool(h, dfl.as_ptr(), abstract_::EQ)? {
            libc::SIG_DFL
        } else if abstract_::callable(h) {
            signals::c_handler()
        } else {
            return Err(err::type_error(
                "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object",
            ));
        };
        // Pending signals are handled under the old handlers first.
        signals::check()?;
        set_disposition(sig, disposition)?;
        let old = signals::set_handler(sig, Owned::from_borrowed(h));
        Ok(if old.is_null() { none() } else { Owned::from_raw(old) })
    }
}

fastcall! {
    /// `signal.getsignal(signalnum, /)`.
    fn signal_getsignal(_m, a = Sig::new("getsignal", &[pos("signalnum")])) {
        let sig = signum_arg(a.req(0))?;
        let h = signals::handler(sig);
        Ok(if h.is_null() { none() } else { Owned::from_borrowed(h) })
    }
}

fastcall! {
    /// `signal.default_int_handler(signalnum, frame, /)`: raises
    /// `KeyboardInterrupt`.
    fn signal_default_int_handler(_m, _a = Sig::new("default_int_handler", &[pos("signalnum"), pos("frame")])) {
        Err(err::set_object(crate::objects::exceptions::get(Exc::KeyboardInterrupt), ptr::null_mut()))
    }
}

fastcall! {
    /// `signal.raise_signal(signalnum, /)`.
    fn signal_raise_signal(_m, a = Sig::new("raise_signal", &[pos("signalnum")])) {
        let sig = signum_arg(a.req(0))?;
        if libc::raise(sig) != 0 {
            return Err(crate::system::io::os_error(crate::system::io::errno(), None));
        }
        signals::check()?;
        Ok(none())
    }
}

fastcall! {
    /// `signal.strsignal(signalnum, /)`: the C library's description, None
    /// for an unknown signal.
    fn signal_strsignal(_m, a = Sig::new("strsignal", &[pos("signalnum")])) {
        let sig = signum_arg(a.req(0))?;
        let p = libc::strsignal(sig);
        if p.is_null() {
            return Ok(none());
        }
        let s = std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned();
        if s.contains("Unknown signal") {
            return Ok(none());
        }
        unicode::from_str(&s)
    }
}

fastcall! {
    /// `signal.valid_signals()`: the signals `sigfillset` includes.
    fn signal_valid_signals(_m, _a = Sig::new("valid_signals", &[])) {
        let mut mask: libc::sigset_t = std::mem::zeroed();
        libc::sigfillset(&mut mask);
        let s = setobject::new(ptr::null_mut())?;
        for sig in 1..NSIG {
            if libc::sigismember(&mask, sig) == 1 {
                let v = int(sig as i64)?;
                setobject::add_key(s.as_ptr(), v.as_ptr())?;
            }
        }
        Ok(s)
    }
}

fastcall! {
    /// `signal.alarm(seconds, /)`: the seconds left of the previous alarm.
    fn signal_alarm(_m, a = Sig::new("alarm", &[pos("seconds")])) {
        let i = number::index(a.req(0))?;
        let n = long::as_i64(i.as_ptr(), "Python int too large to convert to C long")?;
        let secs = u32::try_from(n).map_err(|_| err::overflow_error("Python int too large to convert to C unsigned int"))?;
        int(libc::alarm(secs) as i64)
    }
}

fastcall! {
    /// `signal.pause()`: sleeps (without the GIL) until a signal arrives,
    /// then runs its handler.
    fn signal_pause(_m, _a = Sig::new("pause", &[])) {
        let ts = thread::detach();
        libc::pause();
        thread::attach(ts);
        signals::check()?;
        Ok(none())
    }
}

static mut METHODS: [PyMethodDef; 9] = [
    def(c"signal", signal_signal),
    def(c"getsignal", signal_getsignal),
    def(c"default_int_handler", signal_default_int_handler),
    def(c"raise_signal", signal_raise_signal),
    def(c"strsignal", signal_strsignal),
    def(c"valid_signals", signal_valid_signals),
    def(c"alarm", signal_alarm),
    def(c"pause", signal_pause),
    typeobj::METHOD_END,
];

/// Creates the `_signal` module (for the builtin module table), filling the
/// handler table from the current dispositions the first time: `SIG_DFL`,
/// `SIG_IGN`, `default_int_handler` for the SIGINT handler the runtime
/// installed, None for a handler set outside Python.
pub fn create_module() -> PyResult<Owned> {
    // SAFETY: the runtime is initialized and the GIL held; the method table
    // is static; sigaction only reads the dispositions.
    unsafe {
        let name = unicode::intern("_signal")?;
        let m = module::new(name.as_ptr())?;
        crate::objects::moduledef::add_functions(
            m.as_ptr(),
            ptr::addr_of_mut!(METHODS) as *mut PyMethodDef,
        )?;
        for (n, v) in [
            ("SIG_DFL", SIG_DFL),
            ("SIG_IGN", SIG_IGN),
            ("NSIG", NSIG as i64),
        ]
        .into_iter()
        .chain(SIGNALS.iter().map(|&(n, v)| (n, v as i64)))
        .chain([("SIG_BLOCK", 0), ("SIG_UNBLOCK", 1), ("SIG_SETMASK", 2)])
        {
            let v = int(v)?;
            module::add_object_ref(m.as_ptr(), n, v.as_ptr())?;
        }
        let dih = unicode::intern("default_int_handler")?;
        let dih = abstract_::getattr(m.as_ptr(), dih.as_ptr())?;
        if DEFAULT_INT_HANDLER.is_null() {
            DEFAULT_INT_HANDLER = dih.as_ptr();
            for sig in 1..NSIG {
                let mut old: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(sig, ptr::null(), &mut old) != 0 {
                    continue;
                }
                let h = if old.sa_sigaction == libc::SIG_DFL {
                    int(SIG_DFL)?
                } else if old.sa_sigaction == libc::SIG_IGN {
                    int(SIG_IGN)?
                } else if old.sa_sigaction == signals::c_handler() && sig == libc::SIGINT {
                    Owned::from_borrowed(dih.as_ptr())
                } else {
                    none()
                };
                let prev = signals::set_handler(sig, h);
                if !prev.is_null() {
                    drop(Owned::from_raw(prev));
                }
            }
        }
        Ok(m)
    }
}
