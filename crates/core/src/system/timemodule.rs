//! The `time` module's clocks, as CPython 3.12 reads them on Linux:
//! `time` (`CLOCK_REALTIME`), `monotonic` and `perf_counter`
//! (`CLOCK_MONOTONIC`), `process_time` (`CLOCK_PROCESS_CPUTIME_ID`), each
//! also as integer nanoseconds (`*_ns`), and `sleep`, which releases the
//! GIL while it waits; `struct_time` with `gmtime`, `localtime`, `mktime`
//! and `strftime` over the C library (what `logging` uses). The rest of
//! CPython's `time` (`asctime`, `ctime`, `strptime`, the time-zone
//! attributes, `tzset`, the other clocks) is not here yet.

use crate::objects::object::*;
use crate::objects::structseq::{self, Field};
use crate::objects::typeobj::{PyMethodDef, PyTypeObject};
use crate::objects::{float, long, module, tuple, unicode};
use crate::protocols::clinic::{def, fastcall, pos, pos_opt, Sig};
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

static mut STRUCT_TIME: *mut PyTypeObject = ptr::null_mut();

const fn field(name: &'static std::ffi::CStr) -> Field {
    Field {
        name: name.as_ptr(),
        doc: ptr::null(),
    }
}

static STRUCT_TIME_FIELDS: [Field; 11] = [
    field(c"tm_year"),
    field(c"tm_mon"),
    field(c"tm_mday"),
    field(c"tm_hour"),
    field(c"tm_min"),
    field(c"tm_sec"),
    field(c"tm_wday"),
    field(c"tm_yday"),
    field(c"tm_isdst"),
    field(c"tm_zone"),
    field(c"tm_gmtoff"),
];

/// A timestamp argument as `time_t` (floats rounded down), or the current
/// time for None or a missing argument.
unsafe fn time_t_arg(v: Option<*mut PyObject>) -> PyResult<libc::time_t> {
    // SAFETY: a live argument.
    unsafe {
        let v = match v {
            Some(v) if v != lifecycle::none() => v,
            _ => return Ok((read_ns(CLOCK_REALTIME)?.div_euclid(1_000_000_000)) as libc::time_t),
        };
        let range = || err::overflow_error("timestamp out of range for platform time_t");
        if float::check(v) {
            let d = float::value(v);
            if d.is_nan() {
                return Err(err::value_error("Invalid value NaN (not a number)"));
            }
            let f = d.floor();
            if !(f >= i64::MIN as f64 && f < i64::MAX as f64) {
                return Err(range());
            }
            return Ok(f as libc::time_t);
        }
        let i = number::index(v)?;
        match long::val(i.as_ptr()) {
            long::Val::Small(n) => Ok(n as libc::time_t),
            long::Val::Big(_) => Err(range()),
        }
    }
}

/// A `struct_time` from a C `tm`.
unsafe fn struct_time(tm: &libc::tm) -> PyResult<Owned> {
    // SAFETY: the type is made with the module; `tm_zone` is NULL or a C
    // string of the C library.
    unsafe {
        let zone = if tm.tm_zone.is_null() {
            Owned::from_borrowed(lifecycle::none())
        } else {
            unicode::from_str(&std::ffi::CStr::from_ptr(tm.tm_zone).to_string_lossy())?
        };
        let ints = [
            tm.tm_year as i64 + 1900,
            tm.tm_mon as i64 + 1,
            tm.tm_mday as i64,
            tm.tm_hour as i64,
            tm.tm_min as i64,
            tm.tm_sec as i64,
            (tm.tm_wday as i64 + 6) % 7,
            tm.tm_yday as i64 + 1,
            tm.tm_isdst as i64,
        ];
        let mut values = ints
            .iter()
            .map(|&v| long::from_i64(v))
            .collect::<PyResult<Vec<_>>>()?;
        values.push(zone);
        values.push(long::from_i64(tm.tm_gmtoff)?);
        let ptrs: Vec<*mut PyObject> = values.iter().map(|v| v.as_ptr()).collect();
        structseq::from_values(STRUCT_TIME, &ptrs)
    }
}

/// `gmtime`/`localtime` of a timestamp argument.
unsafe fn convert(v: Option<*mut PyObject>, local: bool) -> PyResult<Owned> {
    // SAFETY: `tm` is written by the C library before it is read.
    unsafe {
        let t = time_t_arg(v)?;
        let mut tm: libc::tm = std::mem::zeroed();
        let r = if local {
            libc::localtime_r(&t, &mut tm)
        } else {
            libc::gmtime_r(&t, &mut tm)
        };
        if r.is_null() {
            let e = crate::system::io::errno();
            return Err(crate::system::io::os_error(
                if e == 0 { libc::EINVAL } else { e },
                None,
            ));
        }
        struct_time(&tm)
    }
}

/// A C `tm` from a `struct_time` or a 9-tuple (CPython's `gettmarg`).
unsafe fn tm_arg(v: *mut PyObject, fname: &str) -> PyResult<libc::tm> {
    // SAFETY: a live argument; items read within the tuple's size.
    unsafe {
        if !tuple::check(v) {
            return Err(err::type_error("Tuple or struct_time argument required"));
        }
        if tuple::size(v) != 9 {
            return Err(err::type_error(&format!(
                "{fname}(): illegal time tuple argument"
            )));
        }
        let mut f = [0i32; 9];
        for (i, slot) in f.iter_mut().enumerate() {
            let item = tuple::item(v, i as isize);
            if float::check(item) {
                return Err(err::type_error(
                    "'float' object cannot be interpreted as an integer",
                ));
            }
            let n = number::index(item)?;
            let n = long::as_i64(n.as_ptr(), "Python int too large to convert to C int")?;
            *slot = i32::try_from(n)
                .map_err(|_| err::overflow_error("Python int too large to convert to C int"))?;
        }
        let mut tm: libc::tm = std::mem::zeroed();
        tm.tm_year = f[0].wrapping_sub(1900);
        tm.tm_mon = f[1] - 1;
        tm.tm_mday = f[2];
        tm.tm_hour = f[3];
        tm.tm_min = f[4];
        tm.tm_sec = f[5];
        tm.tm_wday = (f[6] + 1).rem_euclid(7);
        tm.tm_yday = f[7] - 1;
        tm.tm_isdst = f[8];
        Ok(tm)
    }
}

fastcall! {
    /// `time.gmtime(seconds=None, /)`.
    fn t_gmtime(_m, a = Sig::new("gmtime", &[pos_opt("seconds")])) { convert(a.get(0), false) }
}
fastcall! {
    /// `time.localtime(seconds=None, /)`.
    fn t_localtime(_m, a = Sig::new("localtime", &[pos_opt("seconds")])) { convert(a.get(0), true) }
}
fastcall! {
    /// `time.mktime(t, /)`: local time as a float timestamp.
    fn t_mktime(_m, a = Sig::new("mktime", &[pos("t")])) {
        let mut tm = tm_arg(a.req(0), "mktime")?;
        tm.tm_wday = -1;
        let t = libc::mktime(&mut tm);
        if t == -1 && tm.tm_wday == -1 {
            return Err(err::overflow_error("mktime argument out of range"));
        }
        float::from_f64(t as f64)
    }
}
fastcall! {
    /// `time.strftime(format, t=None, /)`, with CPython's range checks.
    fn t_strftime(_m, a = Sig::new("strftime", &[pos("format"), pos_opt("tuple")])) {
        let fmt = a.req(0);
        if !unicode::check(fmt) {
            return Err(err::type_error(&format!(
                "strftime() argument 1 must be str, not {}",
                crate::objects::typeobj::type_name_of(fmt)
            )));
        }
        let tm = match a.get(1) {
            None => {
                let now = time_t_arg(None)?;
                let mut tm: libc::tm = std::mem::zeroed();
                libc::localtime_r(&now, &mut tm);
                tm
            }
            Some(t) => {
                let mut tm = tm_arg(t, "strftime")?;
                if tm.tm_mon == -1 {
                    tm.tm_mon = 0;
                } else if !(0..=11).contains(&tm.tm_mon) {
                    return Err(err::value_error("month out of range"));
                }
                if tm.tm_mday == 0 {
                    tm.tm_mday = 1;
                } else if !(0..=31).contains(&tm.tm_mday) {
                    return Err(err::value_error("day of month out of range"));
                }
                if !(0..=23).contains(&tm.tm_hour) {
                    return Err(err::value_error("hour out of range"));
                }
                if !(0..=59).contains(&tm.tm_min) {
                    return Err(err::value_error("minute out of range"));
                }
                if !(0..=61).contains(&tm.tm_sec) {
                    return Err(err::value_error("seconds out of range"));
                }
                if tm.tm_yday == -1 {
                    tm.tm_yday = 0;
                } else if !(0..=365).contains(&tm.tm_yday) {
                    return Err(err::value_error("day of year out of range"));
                }
                tm.tm_isdst = tm.tm_isdst.clamp(-1, 1);
                tm
            }
        };
        let text = unicode::as_str(fmt).into_owned();
        if text.contains('\0') {
            return Err(err::value_error("embedded null character"));
        }
        if text.is_empty() {
            return unicode::from_str("");
        }
        let cfmt = std::ffi::CString::new(text.as_bytes())
            .map_err(|_| err::value_error("embedded null character"))?;
        let mut size = 1024usize;
        loop {
            let mut buf = vec![0u8; size];
            let n = libc::strftime(
                buf.as_mut_ptr() as *mut libc::c_char,
                size,
                cfmt.as_ptr(),
                &tm,
            );
            if n > 0 || size >= 256 * text.len() + 1024 {
                return unicode::from_str(&String::from_utf8_lossy(&buf[..n]));
            }
            size *= 2;
        }
    }
}

static mut METHODS: [PyMethodDef; 14] = [
    def(c"time", t_time),
    def(c"time_ns", t_time_ns),
    def(c"monotonic", t_monotonic),
    def(c"monotonic_ns", t_monotonic_ns),
    def(c"perf_counter", t_perf_counter),
    def(c"perf_counter_ns", t_perf_counter_ns),
    def(c"process_time", t_process_time),
    def(c"process_time_ns", t_process_time_ns),
    def(c"sleep", t_sleep),
    def(c"gmtime", t_gmtime),
    def(c"localtime", t_localtime),
    def(c"mktime", t_mktime),
    def(c"strftime", t_strftime),
    crate::objects::typeobj::METHOD_END,
];

/// Creates the `time` module (for the builtin module table).
pub fn create_module() -> PyResult<Owned> {
    // SAFETY: the runtime is initialized; the method table is static and
    // the struct_time type is made once per process.
    unsafe {
        if STRUCT_TIME.is_null() {
            STRUCT_TIME = structseq::new_type(
                c"time.struct_time".as_ptr(),
                ptr::null(),
                &STRUCT_TIME_FIELDS,
                9,
            )?;
        }
        let name = unicode::intern("time")?;
        let m = module::new(name.as_ptr())?;
        module::add_object_ref(m.as_ptr(), "struct_time", STRUCT_TIME as *mut PyObject)?;
        crate::objects::moduledef::add_functions(
            m.as_ptr(),
            ptr::addr_of_mut!(METHODS) as *mut PyMethodDef,
        )?;
        Ok(m)
    }
}
