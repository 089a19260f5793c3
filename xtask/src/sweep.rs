//! `cargo xtask sweep`: bad input never crashes (DESIGN §2, issue 11).
//!
//! Generated from `abi/manifest.toml`: for every exported function and
//! every pointer parameter, one call with NULL there and, where the
//! parameter holds an object, one with an object of the wrong type (an
//! `int`, or a `list` where an `int` is expected), the other arguments
//! valid. Each call runs in a forked child of one interpreter with a
//! timeout. Numbers are varied too: `PY_SSIZE_T_MAX` (`SIZE_MAX`,
//! `INT_MAX`) and -1 at each `Py_ssize_t`/`size_t`/`int` parameter that is
//! not the length of the buffer or vector before it (see `varied_size`).
//! Each call is classified:
//!
//! - `exception`: the error value with an exception set (or a `void`
//!   function that set one);
//! - `success`: another value and no exception;
//! - `error-without-exception`: the error value and no exception (FAIL);
//! - `exception-with-success`: another value with an exception set (FAIL);
//! - `exception-from-never-failing`: an exception from a function the
//!   manifest marks `returns = "never"` (FAIL);
//! - `corrupt-result`: an object whose type is not a type (FAIL);
//! - `crash-on-use`: an object result that crashes when its type is read
//!   (FAIL);
//! - `crash`, `abort`, `hang` (FAIL); `fatal`: a `Fatal Python error`
//!   (FAIL unless the manifest says `sweep = "fatal: ..."`);
//! - `asan-error`: AddressSanitizer reported the call (`--asan`, which
//!   `cargo xtask asan` runs against its instrumented build) (FAIL).
//!
//! Functions are reached through `dlsym`, so a header's macro or inline
//! function of the same name never stands in for the export. The manifest
//! fields `null_ok`, `returns` and `sweep` (see `manifest.rs`) say what
//! CPython documents; nothing about individual functions is written here.
//! Parameters of a type the generator does not know make it skip the
//! function and say so. `--cpython` runs the same calls on CPython 3.12
//! (functions of the `internal` tier left out) for comparison.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::bail;
use crate::cpython;
use crate::ctest::BASE_CFLAGS;
use crate::dist::Dist;
use crate::manifest::{self, Function, Manifest, Tier};
use crate::util::{capture_with_timeout, rel, repo_root, secs, target_dir, write_file, Result};

/// What a parameter is, for choosing its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Param {
    /// `PyObject *`.
    Obj,
    /// `PyTypeObject *`.
    Type,
    /// `PyFrameObject *`, `PyCodeObject *`, `PyFunctionObject *`: objects
    /// of one concrete type.
    Concrete(&'static str),
    /// A pointer that is not an object: NULL only (valid value given).
    Ptr(&'static str),
    /// A function pointer: NULL only.
    FnPtr,
    /// An integer or floating scalar.
    Scalar,
    /// A `va_list`: an empty one (the case runs inside a variadic wrapper).
    VaList,
}

impl Param {
    fn is_pointer(self) -> bool {
        !matches!(self, Param::Scalar | Param::VaList)
    }
}

/// Classifies one parameter's C type; `None` for types the sweep cannot
/// produce a value of (the function is skipped and reported).
fn classify(ty: &str) -> Option<Param> {
    if ty.replace(' ', "").contains("(*)") {
        return Some(Param::FnPtr);
    }
    let t = normalize(ty);
    Some(match t.as_str() {
        "PyObject *" => Param::Obj,
        "PyTypeObject *" => Param::Type,
        "PyFrameObject *" => Param::Concrete("F_FRAME"),
        "PyCodeObject *" => Param::Concrete("F_CODE"),
        "PyFunctionObject *" => Param::Concrete("F_FUNC"),
        "PyLongObject *" => Param::Concrete("(PyLongObject *)F_INT"),
        "Py_buffer *" | "const Py_buffer *" => Param::Ptr("&v_buffer"),
        "Py_UCS4 *" => Param::Ptr("v_ucs4"),
        "const unsigned char *" | "unsigned char *" => Param::Ptr("(unsigned char *)v_buf"),
        "const char *" => Param::Ptr("\"x\""),
        "char *" => Param::Ptr("v_buf"),
        "Py_ssize_t *" => Param::Ptr("&v_ssize"),
        "int *" => Param::Ptr("&v_int"),
        "PyObject **" => Param::Ptr("&v_obj"),
        "PyObject *const *" => Param::Ptr("F_ARGS"),
        "void *" | "const void *" => Param::Ptr("F_MEM"),
        "PyVarObject *" => Param::Ptr("(PyVarObject *)PyObject_Malloc(64)"),
        "PyThreadState *" => Param::Ptr("PyThreadState_Get()"),
        "PyInterpreterState *" => Param::Ptr("PyInterpreterState_Get()"),
        "char **" => Param::Ptr("&v_cstr"),
        "PyType_Spec *" => Param::Ptr("&F_SPEC"),
        "PyModuleDef *" => Param::Ptr("&F_MODDEF"),
        "PyMethodDef *" => Param::Ptr("F_METHODS"),
        "PyMemberDef *" => Param::Ptr("F_MEMBERS"),
        "PyMemAllocatorEx *" => Param::Ptr("&v_alloc"),
        "PyCompilerFlags *" => Param::Ptr("&v_cflags"),
        "FILE *" => Param::Ptr("v_file()"),
        "visitproc"
        | "vectorcallfunc"
        | "PyType_WatchCallback"
        | "PyFunction_WatchCallback"
        | "PyDict_WatchCallback"
        | "PyCode_WatchCallback"
        | "PyCapsule_Destructor" => Param::FnPtr,
        "Py_ssize_t"
        | "int"
        | "size_t"
        | "long"
        | "unsigned long"
        | "unsigned long long"
        | "long long"
        | "double"
        | "unsigned"
        | "unsigned int"
        | "PyMemAllocatorDomain"
        | "PyGILState_STATE"
        | "Py_hash_t"
        | "Py_UCS4"
        | "char"
        | "uint64_t" => Param::Scalar,
        "va_list" => Param::VaList,
        _ => return None,
    })
}

/// `PyObject*` → `PyObject *`, single spaces.
fn normalize(ty: &str) -> String {
    let mut s = String::new();
    for tok in ty.replace('*', " * ").split_whitespace() {
        if tok == "*" && s.ends_with('*') {
            s.push('*');
        } else {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(tok);
        }
    }
    s.replace("* const", "*const")
}

/// Splits a prototype into (return type, parameter types). Parameter
/// names are not used by the manifest; `...` stays as an entry.
fn split_proto(f: &Function) -> Option<(String, Vec<String>)> {
    let p = &f.proto;
    let i = p.find(&format!("{}(", f.name))?;
    let ret = normalize(p[..i].trim().trim_start_matches("extern "));
    let inner = p[i + f.name.len() + 1..].trim_end();
    let inner = inner.strip_suffix(')')?;
    let mut params = Vec::new();
    let mut depth = 0;
    let mut cur = String::new();
    for c in inner.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                params.push(cur.trim().to_string());
                cur.clear();
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.trim().is_empty() {
        params.push(cur.trim().to_string());
    }
    if params.len() == 1 && params[0] == "void" {
        params.clear();
    }
    Some((ret, params))
}

/// How the return value reports an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ret {
    /// An object pointer (`PyObject *`, `PyTypeObject *`, `PyVarObject *`,
    /// ...): NULL is the error; a result is used.
    Obj,
    /// Another pointer: NULL is the error.
    Ptr,
    /// A signed scalar: -1 is the error.
    Signed,
    /// An unsigned scalar: `(T)-1` is the error.
    Unsigned,
    /// No error value (`void`, enums).
    None,
    /// A `Py_complex`: `{-1.0, 0.0}` is the error.
    Complex,
}

fn ret_kind(ret: &str) -> Ret {
    match ret {
        "PyObject *" | "PyTypeObject *" | "PyVarObject *" | "PyCodeObject *"
        | "PyFrameObject *" => Ret::Obj,
        "void" | "PyGILState_STATE" | "PySendResult" => Ret::None,
        "Py_complex" => Ret::Complex,
        r if r.ends_with('*')
            || r == "vectorcallfunc"
            || r == "PyCFunction"
            || r == "PyCapsule_Destructor" =>
        {
            Ret::Ptr
        }
        "unsigned long" | "size_t" | "uint64_t" | "unsigned long long" | "unsigned" | "Py_UCS4" => {
            Ret::Unsigned
        }
        _ => Ret::Signed,
    }
}

/// The valid object for the first `PyObject *` of a function, by family.
fn family_object(name: &str) -> (&'static str, &'static str) {
    // (valid, wrong-typed)
    let fam: &[(&str, &str, &str)] = &[
        ("PyDict_", "F_DICT", "W_INT"),
        ("PyList_", "F_LIST", "W_INT"),
        ("PyTuple_", "F_TUPLE", "W_INT"),
        ("PyUnicode_", "F_STR", "W_INT"),
        ("PyBytes_", "F_BYTES", "W_INT"),
        ("PyLong_", "F_INT", "W_LIST"),
        ("PyBool_", "F_INT", "W_LIST"),
        ("PyNumber_", "F_INT", "W_LIST"),
        ("PyIndex_", "F_INT", "W_LIST"),
        ("PyFloat_", "F_FLOAT", "W_LIST"),
        ("PyModule_", "F_MODULE", "W_INT"),
        ("PyState_", "F_MODULE", "W_INT"),
        ("PyException_", "F_EXC", "W_INT"),
        ("PyErr_", "F_EXCTYPE", "W_INT"),
        ("_PyErr_", "F_EXCTYPE", "W_INT"),
        ("PySlice_", "F_SLICE", "W_INT"),
        ("PyWeakref_", "F_WEAKREF", "W_INT"),
        ("PyIter_", "F_ITER", "W_INT"),
        ("PyCFunction_", "F_CFUNC", "W_INT"),
        ("PyCMethod_", "F_CFUNC", "W_INT"),
        ("PyMethod_", "F_CFUNC", "W_INT"),
        ("PyVectorcall_", "F_CFUNC", "W_INT"),
        ("PyObject_Call", "F_CFUNC", "W_INT"),
        ("PyObject_Vectorcall", "F_CFUNC", "W_INT"),
        ("PyCallable_", "F_CFUNC", "W_INT"),
        ("PySequence_", "F_LIST", "W_INT"),
        ("PyMapping_", "F_DICT", "W_INT"),
        ("PyType_", "F_TYPEOBJ", "W_INT"),
        ("PyCode_", "F_CODEOBJ", "W_INT"),
        ("PyUnstable_Code", "F_CODEOBJ", "W_INT"),
        ("PyFunction_", "F_FUNCOBJ", "W_INT"),
        ("PyFrame_", "F_FRAMEOBJ", "W_INT"),
        ("PyTraceBack_", "F_FRAMEOBJ", "W_INT"),
        ("PyEval_", "F_DICT", "W_INT"),
        ("PyObject_", "F_MODULE", "W_INT"),
        ("_PyObject_", "F_MODULE", "W_INT"),
    ];
    for (p, v, w) in fam {
        if name.starts_with(p) {
            return (v, w);
        }
    }
    ("F_STR", "W_INT")
}

/// Argument mode of one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// NULL at a pointer parameter.
    Null,
    /// A wrong-typed object at an object parameter.
    Wrong,
    /// `PY_SSIZE_T_MAX` (`SIZE_MAX`, `INT_MAX`) at a number parameter.
    Max,
    /// -1 at a signed number parameter.
    Negative,
}

/// Whether parameter `pi` of `t` is a number the sweep varies: a
/// `Py_ssize_t`, `size_t` or `int` of a function without varargs (those read
/// their varargs as the other arguments say), that is not the length of
/// the buffer or vector right before it (no callee can check those).
fn varied_size(t: &Target<'_>, pi: usize) -> bool {
    let ty = normalize(&t.params[pi]);
    if !(ty == "Py_ssize_t" || ty == "size_t" || ty == "int") || t.params.iter().any(|p| p == "...")
    {
        return false;
    }
    let before = if pi == 0 {
        String::new()
    } else {
        normalize(&t.params[pi - 1])
    };
    !matches!(
        before.as_str(),
        "const char *"
            | "char *"
            | "void *"
            | "const void *"
            | "unsigned char *"
            | "const unsigned char *"
            | "PyObject *const *"
    )
}

struct Case {
    func: usize,
    param: usize,
    mode: Mode,
}

/// One function the sweep calls.
struct Target<'a> {
    f: &'a Function,
    ret: String,
    params: Vec<String>,
    kinds: Vec<Option<Param>>,
}

/// Parsed command line.
#[derive(Debug, Default)]
struct Opts {
    no_build: bool,
    cpython: bool,
    asan: bool,
    verbose: bool,
    only: Vec<String>,
}

impl Opts {
    /// File stem of the generated driver: `sweep`, `sweep_cpython`,
    /// `sweep_asan` (the report is `report`, `report_cpython`, ...).
    fn stem(&self) -> &'static str {
        if self.cpython {
            "sweep_cpython"
        } else if self.asan {
            "sweep_asan"
        } else {
            "sweep"
        }
    }
}

fn parse_args(args: &[String]) -> Result<Opts> {
    let mut o = Opts::default();
    for a in args {
        match a.as_str() {
            "--no-build" => o.no_build = true,
            "--cpython" => o.cpython = true,
            "--asan" => o.asan = true,
            "-v" | "--verbose" => o.verbose = true,
            s if s.starts_with('-') => bail!("sweep: unknown option {s:?}"),
            s => o.only.push(s.to_string()),
        }
    }
    Ok(o)
}

/// Per-call timeout in the driver (seconds).
const TIMEOUT_S: u32 = 3;

/// Runs `cargo xtask sweep [--no-build] [--cpython] [-v] [NAME...]`.
pub fn run(args: &[String]) -> Result<()> {
    let o = parse_args(args)?;
    let root = repo_root();
    let m = Manifest::load(&root.join(manifest::PATH))?;
    let out_dir = target_dir().join("sweep");
    std::fs::create_dir_all(&out_dir)?;

    let mut targets = Vec::new();
    let mut skipped: Vec<(String, String)> = Vec::new();
    for f in &m.functions {
        if !o.only.is_empty() && !o.only.iter().any(|n| n == &f.name) {
            continue;
        }
        if o.cpython && f.tier == Tier::Internal {
            continue;
        }
        if let Some(s) = f.sweep.as_deref().and_then(|s| s.strip_prefix("skip: ")) {
            skipped.push((f.name.clone(), format!("manifest: {s}")));
            continue;
        }
        let Some((ret, params)) = split_proto(f) else {
            bail!(
                "sweep: cannot read the prototype of {}: {:?}",
                f.name,
                f.proto
            );
        };
        let kinds: Vec<Option<Param>> = params
            .iter()
            .map(|p| {
                if p == "..." {
                    Some(Param::Scalar)
                } else {
                    classify(p)
                }
            })
            .collect();
        if let Some(i) = kinds.iter().position(Option::is_none) {
            skipped.push((f.name.clone(), format!("parameter type {:?}", params[i])));
            continue;
        }
        let t = Target {
            f,
            ret,
            params,
            kinds,
        };
        let sized = (0..t.params.len()).any(|pi| varied_size(&t, pi));
        if !sized && !t.kinds.iter().any(|k| k.is_some_and(Param::is_pointer)) {
            continue;
        }
        targets.push(t);
    }
    let mut cases = Vec::new();
    for (fi, t) in targets.iter().enumerate() {
        for (pi, k) in t.kinds.iter().enumerate() {
            let k = k.expect("classified");
            if varied_size(t, pi) {
                cases.push(Case {
                    func: fi,
                    param: pi,
                    mode: Mode::Max,
                });
                if normalize(&t.params[pi]) != "size_t" {
                    cases.push(Case {
                        func: fi,
                        param: pi,
                        mode: Mode::Negative,
                    });
                }
            }
            if !k.is_pointer() || t.params[pi] == "..." {
                continue;
            }
            cases.push(Case {
                func: fi,
                param: pi,
                mode: Mode::Null,
            });
            if matches!(k, Param::Obj | Param::Type | Param::Concrete(_))
                || (k == Param::Ptr("F_MEM") && t.f.name.contains("GC_"))
            {
                cases.push(Case {
                    func: fi,
                    param: pi,
                    mode: Mode::Wrong,
                });
            }
        }
    }

    let stem = o.stem();
    let src = out_dir.join(format!("{stem}.c"));
    write_file(&src, generate(&targets, &cases))?;
    let exe = out_dir.join(stem);

    // Build against Ophis (shared, from dist) or CPython.
    let (pre, post) = if o.cpython {
        let Some(py) = cpython::locate()? else {
            bail!("sweep --cpython: CPython 3.12 not found")
        };
        let mut pre: Vec<String> = py.cflags.clone();
        pre.extend(BASE_CFLAGS.iter().map(|s| s.to_string()));
        let mut post = py.ldflags.clone();
        post.push(format!("-Wl,-rpath,{}", py.libdir.display()));
        (pre, post)
    } else {
        let dist = if o.no_build || o.asan {
            Dist::require()?
        } else {
            crate::dist::run()?
        };
        if o.asan {
            // The static library, whole, with its symbols exported so that
            // the driver's dlsym finds every export.
            let (pre, post) =
                crate::ctest::variant_flags(crate::ctest::Variant::OphisAsan, &dist, None)?;
            let lib = crate::asan::library().display().to_string();
            let mut p = Vec::new();
            for f in post {
                if f == lib {
                    p.extend([
                        "-Wl,--whole-archive".into(),
                        f,
                        "-Wl,--no-whole-archive".into(),
                    ]);
                } else {
                    p.push(f);
                }
            }
            p.push("-rdynamic".into());
            (pre, p)
        } else {
            crate::ctest::variant_flags(crate::ctest::Variant::OphisShared, &dist, None)?
        }
    };
    let mut cc = Command::new("gcc");
    cc.args(&pre)
        .args(["-Wno-deprecated-declarations", "-O0"])
        .arg(&src)
        .arg("-o")
        .arg(&exe)
        .args(&post)
        .arg("-ldl");
    let c = capture_with_timeout(&mut cc, Duration::from_secs(300))?;
    if !c.end.success() {
        bail!(
            "sweep: compiling {} failed:\n{}",
            rel(&src),
            c.stderr.lines().take(40).collect::<Vec<_>>().join("\n")
        );
    }

    println!(
        "sweep: {} calls to {} functions ({} skipped){}",
        cases.len(),
        targets.len(),
        skipped.len(),
        if o.cpython { " on CPython 3.12" } else { "" }
    );
    let start = Instant::now();
    let mut run_cmd = Command::new(&exe);
    if o.asan {
        run_cmd.env("ASAN_OPTIONS", crate::asan::ASAN_OPTIONS);
    }
    let budget = Duration::from_secs(60 + cases.len() as u64 / 4);
    let c = capture_with_timeout(&mut run_cmd, budget)?;
    let elapsed = start.elapsed();
    if !c.end.success() {
        bail!(
            "sweep: the driver failed ({}):\n{}",
            c.end,
            c.stderr
                .lines()
                .rev()
                .take(20)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    report(&targets, &cases, &c.stdout, &skipped, elapsed, &out_dir, &o)
}

fn report(
    targets: &[Target<'_>],
    cases: &[Case],
    out: &str,
    skipped: &[(String, String)],
    elapsed: Duration,
    out_dir: &Path,
    o: &Opts,
) -> Result<()> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut full = String::new();
    let mut seen = 0;
    for line in out.lines() {
        let Some(rest) = line.strip_prefix("R\t") else {
            continue;
        };
        let mut it = rest.splitn(3, '\t');
        let (Some(idx), Some(class), detail) = (it.next(), it.next(), it.next()) else {
            continue;
        };
        let Ok(idx) = idx.parse::<usize>() else {
            continue;
        };
        let Some(case) = cases.get(idx) else { continue };
        seen += 1;
        let t = &targets[case.func];
        let label = format!(
            "{}(arg {} {}: {})",
            t.f.name,
            case.param,
            match case.mode {
                Mode::Null => "NULL",
                Mode::Wrong => "wrong type",
                Mode::Max => "MAX",
                Mode::Negative => "-1",
            },
            t.params[case.param]
        );
        let detail = detail.unwrap_or("").trim();
        let class = if class == "fatal" && !is_failure(class, t.f) {
            "fatal-documented"
        } else {
            class
        };
        let _ = writeln!(full, "{class:<30} {label} {detail}");
        *counts.entry(class.to_string()).or_default() += 1;
        if is_failure(class, t.f) {
            failures.push(format!("  {class}: {label} {detail}"));
        }
    }
    let report_path = out_dir.join(format!("report{}.txt", &o.stem()["sweep".len()..]));
    write_file(&report_path, &full)?;
    if o.verbose {
        print!("{full}");
    }
    println!("sweep: classification");
    for (k, v) in &counts {
        println!(
            "  {:<30} {v:>5}{}",
            k,
            if FAILING.contains(&k.as_str()) {
                "  (fails)"
            } else {
                ""
            }
        );
    }
    println!("  {:<30} {:>5}", "total", seen);
    if !skipped.is_empty() {
        println!("sweep: {} functions not called:", skipped.len());
        for (n, why) in skipped {
            println!("  {n}: {why}");
        }
    }
    println!(
        "sweep: {} calls in {}; report in {}",
        seen,
        secs(elapsed),
        rel(&report_path)
    );
    if seen != cases.len() {
        bail!("sweep: the driver reported {seen} of {} calls", cases.len());
    }
    if o.cpython {
        return Ok(());
    }
    if !failures.is_empty() {
        println!("sweep: {} failing calls:", failures.len());
        for f in &failures {
            println!("{f}");
        }
        bail!(
            "sweep: {} calls crashed, aborted, hung or broke the error convention",
            failures.len()
        );
    }
    Ok(())
}

/// Classes that fail the sweep.
const FAILING: &[&str] = &[
    "crash",
    "abort",
    "hang",
    "fatal",
    "crash-on-use",
    "corrupt-result",
    "error-without-exception",
    "exception-with-success",
    "exception-from-never-failing",
    "asan-error",
];

fn is_failure(class: &str, f: &Function) -> bool {
    if class == "fatal" && f.sweep.as_deref().is_some_and(|s| s.starts_with("fatal: ")) {
        return false;
    }
    FAILING.contains(&class)
}

/// The C driver.
fn generate(targets: &[Target<'_>], cases: &[Case]) -> String {
    let mut s = String::new();
    s.push_str(PRELUDE);
    for (i, c) in cases.iter().enumerate() {
        let t = &targets[c.func];
        let ptr_ty = manifest::proto_pointer_type(&t.f.proto, &t.f.name).expect("validated");
        let mut args = Vec::new();
        let mut first_obj = true;
        for (pi, k) in t.kinds.iter().enumerate() {
            let k = k.expect("classified");
            if t.params[pi] == "..." {
                continue;
            }
            let (valid, wrong) = match k {
                Param::Obj => {
                    let v = if first_obj {
                        family_object(&t.f.name)
                    } else {
                        ("F_STR", "W_INT")
                    };
                    first_obj = false;
                    (v.0.to_string(), v.1.to_string())
                }
                Param::Type => (
                    "(PyTypeObject *)F_TYPEOBJ".into(),
                    "(PyTypeObject *)W_INT".into(),
                ),
                Param::Concrete(v) => (v.to_string(), format!("({})W_INT", t.params[pi])),
                Param::Ptr(v) => (v.to_string(), format!("({})W_INT", t.params[pi])),
                Param::FnPtr => (format!("({})dummy_fn", t.params[pi]), String::new()),
                Param::Scalar => (format!("({})1", t.params[pi]), String::new()),
                Param::VaList => ("ap".into(), String::new()),
            };
            let a = if pi == c.param {
                match c.mode {
                    Mode::Null => format!("({})NULL", t.params[pi]),
                    Mode::Wrong => wrong,
                    Mode::Max if normalize(&t.params[pi]) == "size_t" => "SIZE_MAX".into(),
                    Mode::Max if normalize(&t.params[pi]) == "int" => "INT_MAX".into(),
                    Mode::Max => "PY_SSIZE_T_MAX".into(),
                    Mode::Negative => format!("({})-1", t.params[pi]),
                }
            } else {
                valid
            };
            args.push(a);
        }
        let null_ok = c.mode == Mode::Null && t.f.null_ok.contains(&c.param);
        let conv = match t.f.returns.as_deref() {
            _ if null_ok => "CONV_VALUE",
            Some("value") => "CONV_VALUE",
            Some("never") => "CONV_NEVER",
            Some("raises") => "CONV_RAISES",
            _ => "CONV_ERROR",
        };
        let va = t.kinds.contains(&Some(Param::VaList));
        if va {
            let _ = writeln!(s, "static void case_{i}_v(int d, ...) {{");
            let _ = writeln!(s, "    va_list ap;\n    va_start(ap, d);");
        } else {
            let _ = writeln!(s, "static void case_{i}(void) {{");
        }
        let _ = writeln!(
            s,
            "    __typeof__({ptr_ty}) fp = (__typeof__({ptr_ty}))sym(\"{}\");",
            t.f.name
        );
        let call = format!("fp({})", args.join(", "));
        match ret_kind(&t.ret) {
            Ret::Obj => {
                let _ = writeln!(s, "    PyObject *r = (PyObject *){call};");
                let _ = writeln!(s, "    done_obj(r, {conv});");
            }
            Ret::Ptr => {
                let _ = writeln!(s, "    void *r = (void *){call};");
                let _ = writeln!(s, "    done_ptr(r, {conv});");
            }
            Ret::Signed => {
                let err = match t.f.returns.as_deref() {
                    Some("zero") => "0.0",
                    Some("minus_two") => "-2.0",
                    _ => "-1.0",
                };
                let _ = writeln!(s, "    double r = (double){call};");
                let _ = writeln!(s, "    done_num(r == {err}, {conv});");
            }
            Ret::Unsigned => {
                let _ = writeln!(s, "    __typeof__({call}) r = {call};");
                let _ = writeln!(s, "    done_num(r == (__typeof__(r))-1, {conv});");
            }
            Ret::Complex => {
                let _ = writeln!(s, "    Py_complex r = {call};");
                let _ = writeln!(s, "    done_num(r.real == -1.0 && r.imag == 0.0, {conv});");
            }
            Ret::None => {
                let _ = writeln!(s, "    {call};");
                let _ = writeln!(s, "    done_void({conv});");
            }
        }
        if va {
            let _ = writeln!(s, "    va_end(ap);\n}}");
            let _ = writeln!(s, "static void case_{i}(void) {{ case_{i}_v(0); }}");
        } else {
            let _ = writeln!(s, "}}");
        }
    }
    let _ = writeln!(s, "static void (*const CASES[])(void) = {{");
    for i in 0..cases.len() {
        let _ = writeln!(s, "    case_{i},");
    }
    let _ = writeln!(s, "}};");
    let _ = writeln!(s, "#define NCASES {}", cases.len());
    let _ = writeln!(s, "#define TIMEOUT_S {TIMEOUT_S}");
    s.push_str(MAIN);
    s
}

const PRELUDE: &str = r#"/* Generated by `cargo xtask sweep` from abi/manifest.toml. Do not edit. */
#define _GNU_SOURCE
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <frameobject.h>
#include <marshal.h>
#include <dlfcn.h>
#include <stdarg.h>
#include <limits.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

/* What the child reports through shared memory before it dies (if it does). */
struct shared { volatile int phase; volatile int cls; };
static struct shared *SH;
enum { PH_START = 0, PH_RETURNED = 1, PH_USED = 2 };
enum { C_EXC, C_SUCCESS, C_ERR_NOEXC, C_EXC_SUCCESS, C_EXC_NEVER, C_CORRUPT, C_NONE };
static const char *const CLASS[] = {
    "exception", "success", "error-without-exception", "exception-with-success",
    "exception-from-never-failing", "corrupt-result", "?",
};
enum { CONV_ERROR, CONV_VALUE, CONV_NEVER, CONV_RAISES };

static void *sym(const char *name) {
    void *p = dlsym(RTLD_DEFAULT, name);
    if (p == NULL) { fprintf(stderr, "sweep: %s not found\n", name); _exit(3); }
    return p;
}

/* Fixtures: valid arguments, and wrong-typed ones. */
static PyObject *F_DICT, *F_LIST, *F_TUPLE, *F_STR, *F_BYTES, *F_INT, *F_FLOAT,
    *F_MODULE, *F_EXC, *F_EXCTYPE, *F_SLICE, *F_WEAKREF, *F_ITER, *F_CFUNC,
    *F_TYPEOBJ, *F_CODEOBJ, *F_FUNCOBJ, *F_FRAMEOBJ, *W_INT, *W_LIST;
#define F_FRAME ((PyFrameObject *)F_FRAMEOBJ)
#define F_CODE ((PyCodeObject *)F_CODEOBJ)
#define F_FUNC ((PyFunctionObject *)F_FUNCOBJ)
static PyObject *F_ARGS[4];
static void *F_MEM;
static Py_ssize_t v_ssize;
static int v_int;
static PyObject *v_obj;
static char v_buf[64] = "x";
static Py_UCS4 v_ucs4[64];
static Py_buffer v_buffer;
static PyCompilerFlags v_cflags;
/* An empty temporary file, rewound for each call. */
static FILE *v_file(void) {
    static FILE *f;
    if (f == NULL) f = tmpfile();
    rewind(f);
    return f;
}
static char *v_cstr;
static PyMemAllocatorEx v_alloc;
static PyObject *cfunc(PyObject *self, PyObject *args) { (void)self; (void)args; return Py_NewRef(Py_None); }
static PyMethodDef F_METHODS[] = {{"f", cfunc, METH_VARARGS, NULL}, {NULL, NULL, 0, NULL}};
static PyMemberDef F_MEMBERS[] = {{NULL, 0, 0, 0, NULL}};
static PyType_Slot F_SLOTS[] = {{0, NULL}};
static PyType_Spec F_SPEC = {"sweep.T", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, F_SLOTS};
static struct PyModuleDef F_MODDEF = {PyModuleDef_HEAD_INIT, "sweepmod", NULL, -1, NULL, NULL, NULL, NULL, NULL};
static long dummy_fn(void) { return 0; }

static void setup(void) {
    F_DICT = Py_BuildValue("{s:i}", "x", 1);
    F_LIST = Py_BuildValue("[ii]", 1, 2);
    F_TUPLE = Py_BuildValue("(ii)", 1, 2);
    F_STR = PyUnicode_FromString("x");
    F_BYTES = PyBytes_FromString("x");
    F_INT = PyLong_FromLong(7);
    F_FLOAT = PyFloat_FromDouble(1.5);
    F_MODULE = PyModule_New("sweepm");
    F_EXCTYPE = PyExc_ValueError;
    F_EXC = PyObject_CallFunction(PyExc_ValueError, "s", "boom");
    F_SLICE = PySlice_New(NULL, NULL, NULL);
    F_TYPEOBJ = PyType_FromSpec(&F_SPEC);
    F_WEAKREF = PyWeakref_NewRef(F_TYPEOBJ, NULL);
    F_ITER = PyObject_GetIter(F_LIST);
    F_CFUNC = PyCFunction_New(F_METHODS, NULL);
    F_CODEOBJ = (PyObject *)PyCode_NewEmpty("sweep.py", "f", 1);
    {
        PyObject *g = PyDict_New();
        F_FUNCOBJ = PyFunction_New(F_CODEOBJ, g);
        F_FRAMEOBJ = (PyObject *)PyFrame_New(PyThreadState_Get(), F_CODE, g, NULL);
    }
    W_INT = PyLong_FromLong(1234567);
    W_LIST = Py_BuildValue("[i]", 1);
    for (int i = 0; i < 4; i++) F_ARGS[i] = F_STR;
    F_MEM = PyMem_Calloc(1, 64);
    PyMem_GetAllocator(PYMEM_DOMAIN_RAW, &v_alloc);
    PyObject *fx[] = {F_DICT, F_LIST, F_TUPLE, F_STR, F_BYTES, F_INT, F_FLOAT, F_MODULE, F_EXC,
                      F_SLICE, F_WEAKREF, F_ITER, F_CFUNC, F_TYPEOBJ, F_CODEOBJ, F_FUNCOBJ,
                      F_FRAMEOBJ, W_INT, W_LIST};
    for (size_t i = 0; i < sizeof fx / sizeof fx[0]; i++) {
        if (fx[i] == NULL) {
            fprintf(stderr, "sweep: fixture %zu could not be made\n", i);
            PyErr_Print();
            exit(2);
        }
    }
    if (PyErr_Occurred()) { PyErr_Print(); exit(2); }
}

static void reset_state(void) {
    v_ssize = 1; v_int = 1; v_cstr = NULL; v_cflags.cf_flags = 0;
    v_obj = PyUnicode_FromString("x");
}

static int classify(int is_error, int conv) {
    int exc = PyErr_Occurred() != NULL;
    switch (conv) {
    case CONV_RAISES: return exc ? C_EXC : C_SUCCESS;
    case CONV_NEVER: return exc ? C_EXC_NEVER : C_SUCCESS;
    case CONV_VALUE:
        if (exc) return is_error ? C_EXC : C_EXC_SUCCESS;
        return C_SUCCESS;
    default:
        if (exc) return is_error ? C_EXC : C_EXC_SUCCESS;
        return is_error ? C_ERR_NOEXC : C_SUCCESS;
    }
}

static void done_num(int is_error, int conv) {
    SH->cls = classify(is_error, conv);
    SH->phase = PH_USED;
}

static void done_ptr(void *r, int conv) { done_num(r == NULL, conv); }

static void done_void(int conv) {
    int exc = PyErr_Occurred() != NULL;
    SH->cls = conv == CONV_NEVER && exc ? C_EXC_NEVER : exc ? C_EXC : C_SUCCESS;
    SH->phase = PH_USED;
}

/* An object result is used: its type must be a type with a name. */
static void done_obj(PyObject *r, int conv) {
    SH->cls = classify(r == NULL, conv);
    SH->phase = PH_RETURNED;
    if (r != NULL) {
        PyTypeObject *t = Py_TYPE(r);
        if (t == NULL || !PyType_Check((PyObject *)t) || t->tp_name == NULL
            || strlen(t->tp_name) == 0 || Py_REFCNT(r) <= 0) {
            SH->cls = C_CORRUPT;
        }
    }
    SH->phase = PH_USED;
}
"#;

const MAIN: &str = r#"
int main(void) {
    Py_Initialize();
    setup();
    SH = mmap(NULL, sizeof *SH, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (SH == MAP_FAILED) { perror("mmap"); return 2; }
    FILE *err = tmpfile();
    if (err == NULL) { perror("tmpfile"); return 2; }
    fflush(stdout);
    fflush(stderr);
    for (int i = 0; i < NCASES; i++) {
        SH->phase = PH_START;
        SH->cls = C_NONE;
        ftruncate(fileno(err), 0);
        lseek(fileno(err), 0, SEEK_SET);
        pid_t pid = fork();
        if (pid < 0) { perror("fork"); return 2; }
        if (pid == 0) {
            dup2(fileno(err), 2);
            int devnull = open("/dev/null", 1);
            if (devnull >= 0) dup2(devnull, 1);
            alarm(TIMEOUT_S);
            reset_state();
            CASES[i]();
            _exit(0);
        }
        int st = 0;
        while (waitpid(pid, &st, 0) < 0) {}
        const char *cls;
        char detail[160] = "";
        if (WIFSIGNALED(st)) {
            int sig = WTERMSIG(st);
            char buf[4096];
            ssize_t n = pread(fileno(err), buf, sizeof buf - 1, 0);
            buf[n > 0 ? n : 0] = '\0';
            const char *fatal = strstr(buf, "Fatal Python error");
            const char *asan = strstr(buf, "ERROR: AddressSanitizer");
            if (sig == SIGALRM) cls = "hang";
            else if (asan != NULL) {
                cls = "asan-error";
                snprintf(detail, sizeof detail, "%.*s", (int)strcspn(asan, "\n"), asan);
            }
            else if (fatal != NULL) {
                cls = "fatal";
                snprintf(detail, sizeof detail, "%.*s", (int)strcspn(fatal, "\n"), fatal);
            }
            else if (SH->phase == PH_RETURNED) cls = "crash-on-use";
            else if (sig == SIGABRT) {
                cls = "abort";
                char *nl = strchr(buf, '\n');
                snprintf(detail, sizeof detail, "%.*s", nl ? (int)(nl - buf) : 100, buf);
            }
            else { cls = "crash"; snprintf(detail, sizeof detail, "signal %d", sig); }
        } else if (WEXITSTATUS(st) != 0 || SH->phase != PH_USED) {
            char buf[4096];
            ssize_t n = pread(fileno(err), buf, sizeof buf - 1, 0);
            buf[n > 0 ? n : 0] = '\0';
            const char *fatal = strstr(buf, "Fatal Python error");
            const char *asan = strstr(buf, "ERROR: AddressSanitizer");
            if (asan != NULL) fatal = asan;
            cls = asan ? "asan-error" : fatal ? "fatal" : "abort";
            snprintf(detail, sizeof detail, "exit %d %.*s", WEXITSTATUS(st),
                     fatal ? (int)strcspn(fatal, "\n") : 0, fatal ? fatal : "");
        } else {
            cls = CLASS[SH->cls];
        }
        for (char *p = detail; *p; p++) if (*p == '\t' || *p == '\n') *p = ' ';
        printf("R\t%d\t%s\t%s\n", i, cls, detail);
        fflush(stdout);
    }
    return 0;
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn func(name: &str, proto: &str) -> Function {
        Function {
            name: name.into(),
            header: String::new(),
            tier: Tier::Cpython,
            added: String::new(),
            proto: proto.into(),
            null_ok: vec![],
            returns: None,
            sweep: None,
        }
    }

    #[test]
    fn prototypes_split_at_top_level_commas() {
        let f = func(
            "PyImport_AppendInittab",
            "int PyImport_AppendInittab(const char *, PyObject *(*)(void))",
        );
        let (r, p) = split_proto(&f).unwrap();
        assert_eq!(r, "int");
        assert_eq!(p, vec!["const char *", "PyObject *(*)(void)"]);
        let f = func("PyErr_Occurred", "PyObject* PyErr_Occurred(void)");
        assert_eq!(split_proto(&f).unwrap(), ("PyObject *".into(), vec![]));
    }

    #[test]
    fn types_are_classified() {
        assert_eq!(classify("PyObject*"), Some(Param::Obj));
        assert_eq!(classify("PyObject *const *"), Some(Param::Ptr("F_ARGS")));
        assert_eq!(classify("PyObject **"), Some(Param::Ptr("&v_obj")));
        assert_eq!(classify("Py_ssize_t"), Some(Param::Scalar));
        assert_eq!(classify("struct foo *"), None);
        assert_eq!(classify("PyObject *(*)(void)"), Some(Param::FnPtr));
        assert_eq!(classify("void (*)(void)"), Some(Param::FnPtr));
        assert_eq!(ret_kind("unsigned long"), Ret::Unsigned);
        assert_eq!(ret_kind("PyObject *"), Ret::Obj);
        assert_eq!(ret_kind("const char *"), Ret::Ptr);
        assert_eq!(ret_kind("void"), Ret::None);
        assert_eq!(ret_kind("Py_complex"), Ret::Complex);
    }

    #[test]
    fn failures_and_manifest_fatal() {
        let mut f = func(
            "PyEval_RestoreThread",
            "void PyEval_RestoreThread(PyThreadState *)",
        );
        assert!(is_failure("fatal", &f));
        assert!(is_failure("crash", &f));
        assert!(!is_failure("exception", &f));
        f.sweep = Some("fatal: no thread state".into());
        assert!(!is_failure("fatal", &f));
        assert!(is_failure("crash", &f));
    }
}
