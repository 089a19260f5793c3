//! Shared plumbing for the xtask commands: the error type, repository paths,
//! running external programs (echoed, captured, or with a timeout), and a
//! small bounded thread pool.

use std::ffi::OsStr;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

/// An error with a human-readable message; what every command returns.
#[derive(Debug)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error(e.to_string())
    }
}

impl From<String> for Error {
    fn from(s: String) -> Self {
        Error(s)
    }
}

/// The result type of everything in xtask.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Returns early with an [`Error`] built from a format string.
#[macro_export]
macro_rules! bail {
    ($($t:tt)*) => {
        return Err($crate::util::Error(format!($($t)*)))
    };
}

/// Adds a leading sentence to an error, like `anyhow::Context`.
pub trait Context<T> {
    /// Prefixes the error message with `msg`.
    fn context(self, msg: impl fmt::Display) -> Result<T>;
    /// Prefixes the error message with a lazily built message.
    fn with_context<M: fmt::Display>(self, f: impl FnOnce() -> M) -> Result<T>;
}

impl<T, E: fmt::Display> Context<T> for std::result::Result<T, E> {
    fn context(self, msg: impl fmt::Display) -> Result<T> {
        self.map_err(|e| Error(format!("{msg}: {e}")))
    }
    fn with_context<M: fmt::Display>(self, f: impl FnOnce() -> M) -> Result<T> {
        self.map_err(|e| Error(format!("{}: {e}", f())))
    }
}

/// The workspace root (the parent of the xtask crate).
pub fn repo_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| manifest_dir.to_path_buf())
}

/// Cargo's target directory: `$CARGO_TARGET_DIR` or `<root>/target`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) if !d.is_empty() => {
            let p = PathBuf::from(d);
            if p.is_absolute() {
                p
            } else {
                repo_root().join(p)
            }
        }
        _ => repo_root().join("target"),
    }
}

/// The `cargo` to use for nested invocations (the one running us, if known).
pub fn cargo() -> Command {
    let exe = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(exe);
    cmd.current_dir(repo_root());
    cmd
}

/// Path relative to the repository root when possible, for shorter messages.
pub fn rel(p: &Path) -> String {
    let root = repo_root();
    p.strip_prefix(&root)
        .unwrap_or(p)
        .to_string_lossy()
        .into_owned()
}

/// Renders a command line for display, quoting arguments that need it.
pub fn show_cmd(cmd: &Command) -> String {
    let mut out = String::new();
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            out.push_str(&format!("{}={} ", k.to_string_lossy(), quote(v)));
        }
    }
    out.push_str(&quote(cmd.get_program()));
    for a in cmd.get_args() {
        out.push(' ');
        out.push_str(&quote(a));
    }
    out
}

fn quote(s: &OsStr) -> String {
    let s = s.to_string_lossy();
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%^".contains(c));
    if plain {
        s.into_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Prints `$ <command>` and runs it with inherited stdio; fails on non-zero exit.
pub fn run(cmd: &mut Command) -> Result<()> {
    println!("$ {}", show_cmd(cmd));
    let status = cmd
        .status()
        .with_context(|| format!("cannot start `{}`", cmd.get_program().to_string_lossy()))?;
    if !status.success() {
        bail!("`{}` failed: {}", show_cmd(cmd), describe_status(status));
    }
    Ok(())
}

/// The captured result of a finished (or killed) program.
#[derive(Debug, Clone)]
pub struct Captured {
    /// Everything written to stdout.
    pub stdout: String,
    /// Everything written to stderr.
    pub stderr: String,
    /// How it ended.
    pub end: End,
}

/// How a program ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// Exited with this code.
    Exit(i32),
    /// Killed by this signal.
    Signal(i32),
    /// Still running after the timeout; it was killed.
    TimedOut(Duration),
}

impl End {
    /// True for a zero exit code.
    pub fn success(self) -> bool {
        self == End::Exit(0)
    }
}

impl fmt::Display for End {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            End::Exit(c) => write!(f, "exit status {c}"),
            End::Signal(s) => write!(f, "killed by signal {s} ({})", signal_name(s)),
            End::TimedOut(d) => write!(f, "timed out after {} s", d.as_secs()),
        }
    }
}

fn end_of(status: ExitStatus) -> End {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(c), _) => End::Exit(c),
        (None, Some(s)) => End::Signal(s),
        (None, None) => End::Exit(-1),
    }
}

/// Describes an exit status: `exit status 1`, `killed by signal 11 (SIGSEGV)`.
pub fn describe_status(status: ExitStatus) -> String {
    end_of(status).to_string()
}

fn signal_name(s: i32) -> &'static str {
    match s {
        1 => "SIGHUP",
        2 => "SIGINT",
        4 => "SIGILL",
        5 => "SIGTRAP",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        13 => "SIGPIPE",
        15 => "SIGTERM",
        _ => "signal",
    }
}

/// Runs a program to completion, capturing stdout and stderr (no timeout).
pub fn capture(cmd: &mut Command) -> Result<Captured> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot start `{}`", cmd.get_program().to_string_lossy()))?;
    Ok(Captured {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        end: end_of(out.status),
    })
}

/// Runs a program and returns its stdout; fails (showing stderr) on non-zero exit.
pub fn stdout_of(cmd: &mut Command) -> Result<String> {
    let c = capture(cmd)?;
    if !c.end.success() {
        bail!(
            "`{}` failed ({}):\n{}",
            show_cmd(cmd),
            c.end,
            c.stderr.trim_end()
        );
    }
    Ok(c.stdout)
}

/// Runs a program with a timeout, capturing its output; kills it when the
/// timeout expires.
pub fn capture_with_timeout(cmd: &mut Command, timeout: Duration) -> Result<Captured> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start `{}`", cmd.get_program().to_string_lossy()))?;
    let mut out_pipe = child.stdout.take();
    let mut err_pipe = child.stderr.take();
    let out_reader = thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(p) = out_pipe.as_mut() {
            let _ = p.read_to_end(&mut buf);
        }
        buf
    });
    let err_reader = thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(p) = err_pipe.as_mut() {
            let _ = p.read_to_end(&mut buf);
        }
        buf
    });
    let start = Instant::now();
    let end = loop {
        if let Some(status) = child.try_wait()? {
            break end_of(status);
        }
        if start.elapsed() >= timeout {
            let _ = child.kill();
            let _ = child.wait();
            break End::TimedOut(timeout);
        }
        thread::sleep(Duration::from_millis(5));
    };
    // A killed program's own children may keep the pipes open; do not wait
    // for them forever.
    let stdout = join_reader(out_reader);
    let stderr = join_reader(err_reader);
    Ok(Captured {
        stdout,
        stderr,
        end,
    })
}

fn join_reader(h: thread::JoinHandle<Vec<u8>>) -> String {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !h.is_finished() && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(5));
    }
    if h.is_finished() {
        String::from_utf8_lossy(&h.join().unwrap_or_default()).into_owned()
    } else {
        String::from("<output pipe still open after the program ended>")
    }
}

/// Maps `f` over `items` on at most `jobs` threads, keeping the input order.
pub fn par_map<T: Sync, R: Send>(items: &[T], jobs: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = Mutex::new(0usize);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    thread::scope(|s| {
        for _ in 0..jobs.max(1).min(items.len().max(1)) {
            s.spawn(|| loop {
                let i = {
                    let mut n = next.lock().unwrap_or_else(|e| e.into_inner());
                    let i = *n;
                    *n += 1;
                    i
                };
                if i >= items.len() {
                    break;
                }
                let r = f(&items[i]);
                results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(r);
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.expect("every item is processed"))
        .collect()
}

/// Finds an executable on `PATH`.
pub fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// Writes a file, creating its parent directories.
pub fn write_file(path: &Path, contents: impl AsRef<[u8]>) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(path, contents).with_context(|| format!("cannot write {}", path.display()))
}

/// Reads a file as UTF-8 text, naming it in the error.
pub fn read_file(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Splits a shell-style flag string (as printed by `python3.12-config` or a
/// `.pc` file) on whitespace, honouring simple single and double quotes.
pub fn split_flags(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut have = false;
    let mut quote: Option<char> = None;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => cur.push(c),
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                have = true;
            }
            None if c == '\\' => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                    have = true;
                }
            }
            None if c.is_whitespace() => {
                if have {
                    out.push(std::mem::take(&mut cur));
                    have = false;
                }
            }
            None => {
                cur.push(c);
                have = true;
            }
        }
    }
    if have {
        out.push(cur);
    }
    out
}

/// Formats a duration as seconds with one decimal.
pub fn secs(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_flags_handles_quotes_and_spaces() {
        assert_eq!(
            split_flags(" -I/a  -DX='a b' \"-L/c d\" -lm "),
            vec!["-I/a", "-DX=a b", "-L/c d", "-lm"]
        );
        assert!(split_flags("   ").is_empty());
    }

    #[test]
    fn par_map_keeps_order() {
        let v: Vec<u32> = (0..50).collect();
        assert_eq!(
            par_map(&v, 2, |x| x * 2),
            (0..50).map(|x| x * 2).collect::<Vec<_>>()
        );
    }

    #[test]
    fn timeout_kills_and_reports() {
        let c = capture_with_timeout(
            Command::new("sh").args(["-c", "echo hi; exec sleep 5"]),
            Duration::from_millis(200),
        )
        .unwrap();
        assert!(matches!(c.end, End::TimedOut(_)));
        let c = capture_with_timeout(
            Command::new("sh").args(["-c", "echo out; echo err >&2; kill -SEGV $$"]),
            Duration::from_secs(5),
        )
        .unwrap();
        assert_eq!(c.stdout, "out\n");
        assert_eq!(c.stderr, "err\n");
        assert_eq!(c.end, End::Signal(11));
        assert_eq!(c.end.to_string(), "killed by signal 11 (SIGSEGV)");
    }
}
