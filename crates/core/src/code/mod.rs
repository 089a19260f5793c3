//! Code and evaluation: code objects, functions, frames, the evaluator and
//! its specialization, tracebacks, marshal, and compiling source
//! (`pythonrun`).

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
