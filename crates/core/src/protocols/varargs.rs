//! C variadic arguments as the core sees them: a [`VaArgs`] source that
//! yields the next argument with the type the format string announces. The
//! C facade implements it over a `va_list` (stable Rust cannot read one);
//! tests implement it over a vector.

use std::ffi::{c_char, c_void};

/// A source of C variadic arguments, read in order.
pub trait VaArgs {
    /// Next `int` (also `char`, `short`, `unsigned char`/`short`, promoted).
    fn int(&mut self) -> i32;
    /// Next `unsigned int`.
    fn uint(&mut self) -> u32;
    /// Next `long`.
    fn long(&mut self) -> i64;
    /// Next `unsigned long`.
    fn ulong(&mut self) -> u64;
    /// Next `long long`.
    fn longlong(&mut self) -> i64;
    /// Next `unsigned long long`.
    fn ulonglong(&mut self) -> u64;
    /// Next `Py_ssize_t`.
    fn ssize(&mut self) -> isize;
    /// Next `size_t`.
    fn size(&mut self) -> usize;
    /// Next `double` (also promoted `float`).
    fn double(&mut self) -> f64;
    /// Next pointer.
    fn ptr(&mut self) -> *mut c_void;
    /// Next `const char *`.
    fn cstr(&mut self) -> *const c_char {
        self.ptr() as *const c_char
    }
}

/// One recorded argument, for [`VecArgs`].
#[derive(Debug, Clone, Copy)]
pub enum Arg {
    /// Any integer.
    Int(i64),
    /// A double.
    Double(f64),
    /// A pointer.
    Ptr(*mut c_void),
}

/// A [`VaArgs`] over recorded values, for tests and Rust callers.
#[derive(Debug)]
pub struct VecArgs {
    args: Vec<Arg>,
    pos: usize,
}

impl VecArgs {
    /// A source yielding `args` in order.
    pub fn new(args: Vec<Arg>) -> VecArgs {
        VecArgs { args, pos: 0 }
    }

    fn next(&mut self) -> Arg {
        let a = self.args.get(self.pos).copied().unwrap_or(Arg::Int(0));
        self.pos += 1;
        a
    }

    fn int_of(&mut self) -> i64 {
        match self.next() {
            Arg::Int(v) => v,
            Arg::Double(d) => d as i64,
            Arg::Ptr(p) => p as i64,
        }
    }
}

impl VaArgs for VecArgs {
    fn int(&mut self) -> i32 {
        self.int_of() as i32
    }
    fn uint(&mut self) -> u32 {
        self.int_of() as u32
    }
    fn long(&mut self) -> i64 {
        self.int_of()
    }
    fn ulong(&mut self) -> u64 {
        self.int_of() as u64
    }
    fn longlong(&mut self) -> i64 {
        self.int_of()
    }
    fn ulonglong(&mut self) -> u64 {
        self.int_of() as u64
    }
    fn ssize(&mut self) -> isize {
        self.int_of() as isize
    }
    fn size(&mut self) -> usize {
        self.int_of() as usize
    }
    fn double(&mut self) -> f64 {
        match self.next() {
            Arg::Double(d) => d,
            Arg::Int(v) => v as f64,
            Arg::Ptr(_) => 0.0,
        }
    }
    fn ptr(&mut self) -> *mut c_void {
        match self.next() {
            Arg::Ptr(p) => p,
            Arg::Int(v) => v as usize as *mut c_void,
            Arg::Double(_) => std::ptr::null_mut(),
        }
    }
}
