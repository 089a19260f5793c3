//! The `time` module's clocks, as CPython 3.12 reads them on Linux:
//! `time` (`CLOCK_REALTIME`), `monotonic` and `perf_counter`
//! (`CLOCK_MONOTONIC`), `process_time` (`CLOCK_PROCESS_CPUTIME_ID`), each
//! also as integer nanoseconds (`*_ns`), and `sleep`, which releases the
//! GIL while it waits. The rest of CPython's `time` (struct_time,
//! `strftime`, time zones) is not here yet.

use crate::objects::object::*;
use crate::objects::typeobj::PyMethodDef;
use crate::objects::{float, long, module, unicode};
use crate::protocols::clinic::{def, fastcall, pos, Sig};
use crate::protocols::number;
use crate::runtime::err::{self, PyResult};
use crate::runtime::{lifecycle, thread};
use std::ptr;

#[repr(C)]
struct Timespec {
    tv_sec: i64,
    tv_nsec: i64,
}

extern "C" {
    fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
}

const CLOCK_REALTIME: i32 = 0;
const CLOCK_MONOTONIC: i32 = 1;
const CLOCK_PROCESS_CPUTIME_ID: i32 = 2;

/// Nanoseconds on `clock` (`OSError` if the clock cannot be read).
fn read_ns(clock: i32) -> PyResult<i128> {
    let mut ts = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid out-pointer.
    if unsafe { clock_gettime(clock, &mut ts) } != 0 {
        return Err(err::raise(
            crate::objects::exceptions::Exc::OSError,
            &std::io::Error::last_os_error().to_string(),
        ));
    }
    Ok(ts.tv_sec as i128 * 1_000_000_000 + ts.tv_nsec as i128)
}

fn seconds(clock: i32) -> PyResult<Owned> {
    float::from_f64(read_ns(clock)? as f64 * 1e-9)
}

fn nanoseconds(clock: i32) -> PyResult<Owned> {
    // i64 nanoseconds reach the year 2262.
    long::from_i64(i64::try_from(read_ns(clock)?).unwrap_or(i64::MAX))
}

fastcall! {
    /// `time.time()`: seconds since the Epoch.
    fn t_time(_m, _a = Sig::new("time", &[])) { seconds(CLOCK_REALTIME) }
}
fastcall! {
    /// `time.time_ns()`.
    fn t_time_ns(_m, _a = Sig::new("time_ns", &[])) { nanoseconds(CLOCK_REALTIME) }
}
fastcall! {
    /// `time.monotonic()`.
    fn t_monotonic(_m, _a = Sig::new("monotonic", &[])) { seconds(CLOCK_MONOTONIC) }
}
fastcall! {
    /// `time.monotonic_ns()`.
    fn t_monotonic_ns(_m, _a = Sig::new("monotonic_ns", &[])) { nanoseconds(CLOCK_MONOTONIC) }
}
fastcall! {
    /// `time.perf_counter()`.
    fn t_perf_counter(_m, _a = Sig::new("perf_counter", &[])) { seconds(CLOCK_MONOTONIC) }
}
fastcall! {
    /// `time.perf_counter_ns()`.
    fn t_perf_counter_ns(_m, _a = Sig::new("perf_counter_ns", &[])) { nanoseconds(CLOCK_MONOTONIC) }
}
fastcall! {
    /// `time.process_time()`.
    fn t_process_time(_m, _a = Sig::new("process_time", &[])) { seconds(CLOCK_PROCESS_CPUTIME_ID) }
}
fastcall! {
    /// `time.process_time_ns()`.
    fn t_process_time_ns(_m, _a = Sig::new("process_time_ns", &[])) {
        nanoseconds(CLOCK_PROCESS_CPUTIME_ID)
    }
}
fastcall! {
    /// `time.sleep(secs, /)`: a float or an integer (through `__index__`)
    /// of seconds, not negative; the GIL is released meanwhile.
    fn t_sleep(_m, a = Sig::new("sleep", &[pos("secs")])) {
        let v = a.req(0);
        let secs = if float::check(v) {
            float::value(v)
        } else {
            let i = number::index(v)?;
            long::as_f64(i.as_ptr())?
        };
        if secs.is_nan() {
            return Err(err::value_error("Invalid value NaN (not a number)"));
        }
        if secs < 0.0 {
            return Err(err::value_error("sleep length must be non-negative"));
        }
        let d = std::time::Duration::try_from_secs_f64(secs)
            .map_err(|_| err::overflow_error("sleep length is too large"))?;
        let ts = thread::detach();
        std::thread::sleep(d);
        thread::attach(ts);
        Ok(Owned::from_borrowed(lifecycle::none()))
    }
}

static mut METHODS: [PyMethodDef; 10] = [
    def(c"time", t_time),
    def(c"time_ns", t_time_ns),
    def(c"monotonic", t_monotonic),
    def(c"monotonic_ns", t_monotonic_ns),
    def(c"perf_counter", t_perf_counter),
    def(c"perf_counter_ns", t_perf_counter_ns),
    def(c"process_time", t_process_time),
    def(c"process_time_ns", t_process_time_ns),
    def(c"sleep", t_sleep),
    crate::objects::typeobj::METHOD_END,
];

/// Creates the `time` module (for the builtin module table).
pub fn create_module() -> PyResult<Owned> {
    // SAFETY: the runtime is initialized; the method table is static.
    unsafe {
        let name = unicode::intern("time")?;
        let m = module::new(name.as_ptr())?;
        crate::objects::moduledef::add_functions(
            m.as_ptr(),
            ptr::addr_of_mut!(METHODS) as *mut PyMethodDef,
        )?;
        Ok(m)
    }
}
