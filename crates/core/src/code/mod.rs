//! Code and evaluation: code objects, functions, frames, the evaluator and
//! its specialization, tracebacks, marshal, and compiling source
//! (`pythonrun`).

/// Defines, inside an evaluator function, the macros over its running
/// frame `$frame` and value-stack pointer `$sp` that `ceval::run` and the
/// fast loop share: `code!`, `first!` (the instructions), `lp!` (the fast
/// locals), `consts!`, `name!(i)`, `push!(v)`, `pop!()`, `peek!(n)` and
/// `save!()` (the stack top into the frame). `$d` is `$`, for the inner
/// macros' own parameters.
macro_rules! frame_macros {
    ($d:tt $frame:ident $sp:ident) => {
        #[allow(unused_macros)]
        macro_rules! code {
            () => {
                (*$frame).f_code
            };
        }
        #[allow(unused_macros)]
        macro_rules! first {
            () => {
                crate::code::codeobject::units(code!())
            };
        }
        #[allow(unused_macros)]
        macro_rules! lp {
            () => {
                crate::code::frame::InterpFrame::localsplus($frame)
            };
        }
        #[allow(unused_macros)]
        macro_rules! consts {
            () => {
                crate::objects::tuple::items(
                    (*(code!() as *mut crate::code::codeobject::PyCodeObject)).co_consts,
                )
            };
        }
        #[allow(unused_macros)]
        macro_rules! name {
                    ($d i:expr) => {
                        crate::objects::tuple::item(
                            (*(code!() as *mut crate::code::codeobject::PyCodeObject)).co_names,
                            ($d i) as isize,
                        )
                    };
                }
        #[allow(unused_macros)]
        macro_rules! push {
                    ($d v:expr) => {{
                        *$sp = $d v;
                        $sp = $sp.add(1);
                    }};
                }
        #[allow(unused_macros)]
        macro_rules! pop {
            () => {{
                $sp = $sp.sub(1);
                *$sp
            }};
        }
        #[allow(unused_macros)]
        macro_rules! peek {
                    ($d n:expr) => {
                        *$sp.sub($d n)
                    };
                }
        #[allow(unused_macros)]
        macro_rules! save {
            () => {
                (*$frame).stacktop = $sp.offset_from(lp!()) as i32;
            };
        }
    };
}

pub mod asyncgen;
pub mod ceval;
pub mod codeobject;
mod fastloop;
pub mod frame;
pub mod frameobject;
pub mod funcobject;
pub mod genobject;
pub mod instrument;
pub mod jump;
pub mod marshal;
pub mod pythonrun;
pub mod specialize;
pub mod traceback;
