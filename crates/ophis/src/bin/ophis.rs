//! `ophis`: runs a Python 3.12 program on Ophis, as `python3.12` does for
//! `ophis script.py [args]` and `ophis -c command [args]`: `sys.argv` is
//! set, the script's directory goes first on `sys.path`, the program runs
//! as `__main__` (with `__file__`), an uncaught exception prints its
//! traceback and exits with status 1, `SystemExit` exits with its code,
//! and Ctrl-C raises `KeyboardInterrupt`, which, uncaught, ends the process
//! by SIGINT. The interactive prompt and `-m` are not there yet.

use ophis_capi::codecs::PyUnicode_DecodeFSDefault;
use ophis_capi::cpython::pythonrun::{PyEval_EvalCode, Py_CompileStringExFlags};
use ophis_capi::dictobject::PyDict_SetItemString;
use ophis_capi::import::PyImport_AddModule;
use ophis_capi::listobject::{PyList_Append, PyList_Insert, PyList_New};
use ophis_capi::moduleobject::PyModule_GetDict;
use ophis_capi::object::Py_DecRef;
use ophis_capi::pyerrors::PyErr_Print;
use ophis_capi::pylifecycle::{
    exit_by_sigint, keyboard_interrupt_pending, Py_FinalizeEx, Py_Initialize,
};
use ophis_capi::sysmodule::{PySys_GetObject, PySys_SetObject};
use std::ffi::{c_int, CString};
use std::process::ExitCode;

/// `Py_file_input`.
const FILE_INPUT: c_int = 257;

const USAGE: &str = "usage: ophis [-c command | script.py | -V] [arg] ...";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (argv, source, filename): (Vec<String>, Vec<u8>, String) =
        match args.get(1).map(String::as_str) {
            Some("-V") | Some("--version") => {
                println!("Ophis {} (Python 3.12.1)", env!("CARGO_PKG_VERSION"));
                return ExitCode::SUCCESS;
            }
            Some("-h") | Some("--help") => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            Some("-c") => match args.get(2) {
                Some(cmd) => {
                    let mut v = vec!["-c".to_string()];
                    v.extend(args[3..].iter().cloned());
                    (v, cmd.clone().into_bytes(), "<string>".to_string())
                }
                None => {
                    eprintln!("Argument expected for the -c option\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            Some(opt) if opt.starts_with('-') => {
                eprintln!("ophis: option {opt} is not supported\n{USAGE}");
                return ExitCode::from(2);
            }
            Some(path) => match std::fs::read(path) {
                Ok(src) => (args[1..].to_vec(), src, path.to_string()),
                Err(e) => {
                    eprintln!("ophis: can't open file '{path}': {e}");
                    return ExitCode::from(2);
                }
            },
            None => {
                eprintln!("ophis: the interactive prompt is not available yet\n{USAGE}");
                return ExitCode::from(2);
            }
        };
    // SAFETY: the runtime is initialized first and used from this thread,
    // which holds the GIL, until it is finalized.
    unsafe {
        Py_Initialize();
        let ok = run(&argv, source, &filename);
        let mut interrupted = false;
        if !ok {
            interrupted = keyboard_interrupt_pending();
            // Prints the traceback; a SystemExit ends the process here with
            // its code, as in CPython.
            PyErr_Print();
        }
        if Py_FinalizeEx() < 0 {
            return ExitCode::from(120);
        }
        if interrupted {
            exit_by_sigint();
        }
        if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        }
    }
}

/// Sets `sys.argv` and `sys.path[0]`, then runs the program in
/// `__main__`; false with an exception set when something failed.
unsafe fn run(argv: &[String], source: Vec<u8>, filename: &str) -> bool {
    // SAFETY: the GIL is held; every object is live while used and
    // released after.
    unsafe {
        // A new str from UTF-8 (the file-system encoding), NULL on error.
        let text = |s: &str| {
            let c = CString::new(s.replace('\0', "")).unwrap_or_default();
            PyUnicode_DecodeFSDefault(c.as_ptr())
        };
        let a = PyList_New(0);
        if a.is_null() {
            return false;
        }
        for s in argv {
            let o = text(s);
            if o.is_null() || PyList_Append(a, o) < 0 {
                return false;
            }
            Py_DecRef(o);
        }
        let ok = PySys_SetObject(c"argv".as_ptr(), a) == 0;
        Py_DecRef(a);
        if !ok {
            return false;
        }
        let dir = if filename == "<string>" {
            String::new()
        } else {
            std::path::Path::new(filename)
                .parent()
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let path = PySys_GetObject(c"path".as_ptr());
        if !path.is_null() {
            let d = text(&dir);
            if d.is_null() || PyList_Insert(path, 0, d) < 0 {
                return false;
            }
            Py_DecRef(d);
        }
        let m = PyImport_AddModule(c"__main__".as_ptr());
        if m.is_null() {
            return false;
        }
        let g = PyModule_GetDict(m);
        if filename != "<string>" {
            let f = text(filename);
            if f.is_null() || PyDict_SetItemString(g, c"__file__".as_ptr(), f) < 0 {
                return false;
            }
            Py_DecRef(f);
        }
        let Ok(src) = CString::new(source) else {
            eprintln!("ophis: source code cannot contain null bytes");
            return false;
        };
        let Ok(fname) = CString::new(filename) else {
            return false;
        };
        let code = Py_CompileStringExFlags(
            src.as_ptr(),
            fname.as_ptr(),
            FILE_INPUT,
            std::ptr::null_mut(),
            -1,
        );
        if code.is_null() {
            return false;
        }
        let r = PyEval_EvalCode(code, g, g);
        Py_DecRef(code);
        if r.is_null() {
            return false;
        }
        Py_DecRef(r);
        true
    }
}
