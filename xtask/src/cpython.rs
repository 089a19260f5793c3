//! Locating the CPython 3.12 oracle (DESIGN §2, §6).
//!
//! Search order: `$OPHIS_CPYTHON_PREFIX` (an error if set but unusable),
//! `pyenv prefix 3.12.1`, `pyenv prefix 3.12`, `python3.12-config` on `PATH`
//! (`--prefix`), then `$PYENV_ROOT/versions/3.12.*` (default `~/.pyenv`)
//! directly, for environments where pyenv is installed but not on `PATH`. A usable prefix has `bin/python3.12-config` and a
//! shared `libpython3.12.so` (the differential tests embed it, and the drop-in
//! check links against it).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::bail;
use crate::util::{capture, split_flags, stdout_of, Error, Result};

/// An installed CPython 3.12 with what is needed to compile against it.
#[derive(Debug, Clone)]
pub struct CPython {
    /// Installation prefix.
    pub prefix: PathBuf,
    /// `bin/python3.12-config` under the prefix.
    pub config: PathBuf,
    /// `python3.12-config --cflags --embed`.
    pub cflags: Vec<String>,
    /// `python3.12-config --ldflags --embed`.
    pub ldflags: Vec<String>,
    /// The `-I` flags of `python3.12-config --includes`.
    pub includes: Vec<String>,
    /// The directory holding `libpython3.12.so`.
    pub libdir: PathBuf,
    /// How it was found, for messages.
    pub found_by: String,
}

impl CPython {
    /// The main include directory (the one holding `Python.h`).
    pub fn include_dir(&self) -> Option<PathBuf> {
        self.includes
            .iter()
            .filter_map(|f| f.strip_prefix("-I"))
            .map(PathBuf::from)
            .find(|d| d.join("Python.h").is_file())
    }

    /// The real shared library file (`libpython3.12.so.1.0`).
    pub fn libpython(&self) -> PathBuf {
        let so10 = self.libdir.join("libpython3.12.so.1.0");
        if so10.exists() {
            so10
        } else {
            self.libdir.join("libpython3.12.so")
        }
    }

    /// The static library CPython installs beside its build configuration,
    /// `<libdir>/python3.12/config-3.12-<platform>/libpython3.12.a`, when
    /// there is one (`cargo xtask bench` links it for the static
    /// comparison, DESIGN §7).
    pub fn static_lib(&self) -> Option<PathBuf> {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(self.libdir.join("python3.12"))
            .ok()?
            .flatten()
            .map(|e| e.path())
            .filter(|d| {
                d.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("config-3.12"))
            })
            .collect();
        dirs.sort();
        dirs.into_iter()
            .map(|d| d.join("libpython3.12.a"))
            .find(|a| a.is_file())
    }
}

/// The message printed when CPython 3.12 is missing, by every command.
pub const NOT_FOUND_HINT: &str =
    "set OPHIS_CPYTHON_PREFIX, or install it with `pyenv install 3.12.1`";

static FOUND: OnceLock<Result<Option<CPython>, String>> = OnceLock::new();

/// Finds CPython 3.12 once per process; `Ok(None)` when it is not installed.
pub fn locate() -> Result<Option<CPython>> {
    FOUND
        .get_or_init(|| locate_uncached().map_err(|e| e.0))
        .clone()
        .map_err(Error)
}

fn locate_uncached() -> Result<Option<CPython>> {
    if let Some(p) = std::env::var_os("OPHIS_CPYTHON_PREFIX").filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        return match from_prefix(&p, "OPHIS_CPYTHON_PREFIX") {
            Ok(c) => Ok(Some(c)),
            Err(e) => bail!(
                "OPHIS_CPYTHON_PREFIX={} is not a usable CPython 3.12: {e}",
                p.display()
            ),
        };
    }
    for v in ["3.12.1", "3.12"] {
        if let Ok(c) = capture(Command::new("pyenv").args(["prefix", v])) {
            if c.end.success() {
                let p = PathBuf::from(c.stdout.trim());
                if let Ok(py) = from_prefix(&p, &format!("pyenv prefix {v}")) {
                    return Ok(Some(py));
                }
            }
        }
    }
    if let Ok(c) = capture(Command::new("python3.12-config").arg("--prefix")) {
        if c.end.success() {
            let p = PathBuf::from(c.stdout.trim());
            if let Ok(py) = from_prefix(&p, "python3.12-config on PATH") {
                return Ok(Some(py));
            }
        }
    }
    let pyenv_root = std::env::var_os("PYENV_ROOT")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pyenv")));
    if let Some(root) = pyenv_root {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(root.join("versions"))
            .map(|rd| rd.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        dirs.retain(|d| {
            d.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("3.12."))
        });
        // Prefer 3.12.1 (the oracle of the spec), then the newest.
        dirs.sort_by_key(|d| {
            let n = d
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let patch = n
                .rsplit('.')
                .next()
                .and_then(|p| p.parse::<u32>().ok())
                .unwrap_or(0);
            (n != "3.12.1", std::cmp::Reverse(patch))
        });
        for d in dirs {
            if let Ok(py) = from_prefix(&d, "pyenv versions directory") {
                return Ok(Some(py));
            }
        }
    }
    Ok(None)
}

fn from_prefix(prefix: &Path, found_by: &str) -> Result<CPython> {
    let config = prefix.join("bin/python3.12-config");
    if !config.is_file() {
        bail!("{} does not exist", config.display());
    }
    let flags = |args: &[&str]| -> Result<Vec<String>> {
        Ok(split_flags(&stdout_of(Command::new(&config).args(args))?))
    };
    let cflags = flags(&["--cflags", "--embed"])?;
    let ldflags = flags(&["--ldflags", "--embed"])?;
    let includes = flags(&["--includes"])?;
    let mut dirs: Vec<PathBuf> = ldflags
        .iter()
        .filter_map(|f| f.strip_prefix("-L"))
        .map(PathBuf::from)
        .collect();
    dirs.push(prefix.join("lib"));
    let Some(libdir) = dirs
        .into_iter()
        .find(|d| d.join("libpython3.12.so").exists())
    else {
        bail!(
            "no shared libpython3.12.so under {} (CPython must be built with --enable-shared)",
            prefix.join("lib").display()
        );
    };
    let py = CPython {
        prefix: prefix.to_path_buf(),
        config,
        cflags,
        ldflags,
        includes,
        libdir,
        found_by: found_by.to_string(),
    };
    if py.include_dir().is_none() {
        bail!("`python3.12-config --includes` names no directory with Python.h");
    }
    Ok(py)
}
