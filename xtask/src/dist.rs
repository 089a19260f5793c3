//! `cargo xtask dist`: build the release library and lay out `target/dist/`
//! (headers, shared and static library, pkg-config files, and the
//! `compat/libpython3.12.so.1.0` name for drop-in use), plus a small reader of
//! `.pc` files so that other commands need no `pkg-config` binary.
//!
//! Layout written:
//!
//! ```text
//! target/dist/include/                   copy of crates/capi/include/
//! target/dist/lib/libophis.so.0          the cdylib (SONAME libophis.so.0)
//! target/dist/lib/libophis.so            -> libophis.so.0
//! target/dist/lib/libophis.a             the staticlib
//! target/dist/lib/pkgconfig/ophis.pc         shared linking
//! target/dist/lib/pkgconfig/ophis-static.pc  static linking
//! target/dist/lib/compat/libpython3.12.so.1.0 -> ../libophis.so.0
//! target/dist/lib/compat/libpython3.12.so     -> ../libophis.so.0
//! ```

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::bail;
use crate::util::{cargo, rel, show_cmd, stdout_of, target_dir, write_file, Context, Result};

/// SONAME the shared library must carry.
pub const SONAME: &str = "libophis.so.0";

/// Used when `--print native-static-libs` output is not available; vetted
/// against rustc 1.95 on x86-64 Linux glibc.
pub const FALLBACK_NATIVE_LIBS: &str = "-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc";

/// Paths of the dist tree.
#[derive(Debug, Clone)]
pub struct Dist {
    /// `target/dist`.
    pub root: PathBuf,
    /// `target/dist/include`.
    pub include: PathBuf,
    /// `target/dist/lib`.
    pub lib: PathBuf,
    /// `target/dist/lib/libophis.so.0`.
    pub so: PathBuf,
    /// `target/dist/lib/libophis.a`.
    pub a: PathBuf,
    /// `target/dist/lib/pkgconfig`.
    pub pkgconfig: PathBuf,
    /// `target/dist/lib/compat`.
    pub compat: PathBuf,
}

impl Dist {
    /// The dist paths (whether or not they exist yet).
    pub fn paths() -> Dist {
        let root = target_dir().join("dist");
        let lib = root.join("lib");
        Dist {
            include: root.join("include"),
            so: lib.join(SONAME),
            a: lib.join("libophis.a"),
            pkgconfig: lib.join("pkgconfig"),
            compat: lib.join("compat"),
            lib,
            root,
        }
    }

    /// The dist paths, failing with a hint when `dist` has not run.
    pub fn require() -> Result<Dist> {
        let d = Dist::paths();
        for p in [
            &d.include.join("Python.h"),
            &d.so,
            &d.a,
            &d.pkgconfig.join("ophis.pc"),
        ] {
            if !p.exists() {
                bail!("{} is missing: run `cargo xtask dist` first", rel(p));
            }
        }
        Ok(d)
    }

    /// Flags from `ophis.pc` (shared) or `ophis-static.pc` (static):
    /// `(cflags, libs)`.
    pub fn pc_flags(&self, static_: bool) -> Result<(Vec<String>, Vec<String>)> {
        let name = if static_ {
            "ophis-static.pc"
        } else {
            "ophis.pc"
        };
        let pc = PcFile::read(&self.pkgconfig.join(name))?;
        Ok((pc.cflags(), pc.libs(false)))
    }
}

/// Runs `cargo xtask dist`.
pub fn run() -> Result<Dist> {
    println!("dist: building the release library (package `ophis`)");
    let natives = build()?;
    let release = target_dir().join("release");
    let so_src = release.join("libophis.so");
    let a_src = release.join("libophis.a");
    for p in [&so_src, &a_src] {
        if !p.is_file() {
            bail!(
                "{} was not produced: crates/ophis must have crate-type = [\"cdylib\", \"staticlib\"] and lib name `ophis`",
                rel(p)
            );
        }
    }
    check_soname(&so_src)?;

    let d = Dist::paths();
    let inc_src = crate::util::repo_root().join("crates/capi/include");
    if !inc_src.join("Python.h").is_file() {
        bail!("{} is missing", rel(&inc_src.join("Python.h")));
    }
    println!("dist: writing {}", rel(&d.root));
    if d.include.exists() {
        std::fs::remove_dir_all(&d.include)
            .with_context(|| format!("cannot remove {}", d.include.display()))?;
    }
    copy_tree(&inc_src, &d.include)?;
    std::fs::create_dir_all(&d.compat)?;
    std::fs::create_dir_all(&d.pkgconfig)?;
    copy_file(&so_src, &d.so)?;
    copy_file(&a_src, &d.a)?;
    symlink(SONAME, &d.lib.join("libophis.so"))?;
    let target = format!("../{SONAME}");
    symlink(&target, &d.compat.join("libpython3.12.so.1.0"))?;
    symlink(&target, &d.compat.join("libpython3.12.so"))?;
    write_file(&d.pkgconfig.join("ophis.pc"), pc_shared(&natives))?;
    write_file(&d.pkgconfig.join("ophis-static.pc"), pc_static(&natives))?;
    println!("dist: native static libs: {natives}");
    for p in [
        d.include.join("Python.h"),
        d.so.clone(),
        d.lib.join("libophis.so"),
        d.a.clone(),
        d.pkgconfig.join("ophis.pc"),
        d.pkgconfig.join("ophis-static.pc"),
        d.compat.join("libpython3.12.so.1.0"),
        d.compat.join("libpython3.12.so"),
    ] {
        println!("  {}", rel(&p));
    }
    Ok(d)
}

/// Builds with `cargo rustc --release -p ophis --lib -- --print
/// native-static-libs` (one consistent command, so a second `dist` is a
/// no-op; cargo replays the cached note when nothing changed) and returns the
/// native libraries a static link needs.
fn build() -> Result<String> {
    let mut cmd = cargo();
    cmd.args([
        "rustc",
        "--release",
        "-p",
        "ophis",
        "--lib",
        "--",
        "--print",
        "native-static-libs",
    ]);
    println!("$ {}", show_cmd(&cmd));
    let mut child = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot start cargo")?;
    let mut natives = None;
    if let Some(err) = child.stderr.take() {
        let stderr = std::io::stderr();
        for line in BufReader::new(err).lines() {
            let line = line?;
            if let Some(n) = parse_native_libs(&line) {
                natives = Some(n);
            }
            let _ = writeln!(stderr.lock(), "{line}");
        }
    }
    let status = child.wait()?;
    if !status.success() {
        bail!(
            "dist: the release build of `ophis` failed ({})",
            crate::util::describe_status(status)
        );
    }
    Ok(match natives {
        Some(n) if !n.is_empty() => n,
        _ => {
            println!(
                "dist: rustc printed no native-static-libs note; using the vetted list `{FALLBACK_NATIVE_LIBS}`"
            );
            FALLBACK_NATIVE_LIBS.to_string()
        }
    })
}

/// Extracts the list from rustc's `note: native-static-libs: -lfoo ...` line.
pub fn parse_native_libs(line: &str) -> Option<String> {
    let (_, rest) = line.split_once("native-static-libs:")?;
    let libs = rest.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(libs)
}

fn check_soname(so: &Path) -> Result<()> {
    let out = stdout_of(Command::new("readelf").args(["-d"]).arg(so))
        .or_else(|_| stdout_of(Command::new("objdump").args(["-p"]).arg(so)))
        .context("cannot read the dynamic section (readelf/objdump)")?;
    match parse_soname(&out) {
        Some(s) if s == SONAME => Ok(()),
        Some(s) => bail!("{} has SONAME {s}, expected {SONAME}", rel(so)),
        None => bail!(
            "{} has no SONAME: crates/ophis must link with -Wl,-soname,{SONAME} (cargo:rustc-cdylib-link-arg in its build.rs)",
            rel(so)
        ),
    }
}

/// Finds the SONAME in `readelf -d` (`Library soname: [x]`) or `objdump -p`
/// (`SONAME  x`) output.
pub fn parse_soname(dump: &str) -> Option<String> {
    for line in dump.lines() {
        if let Some(i) = line.find("Library soname: [") {
            let rest = &line[i + "Library soname: [".len()..];
            return rest.split(']').next().map(str::to_string);
        }
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("SONAME") {
            return Some(rest.trim().to_string());
        }
    }
    None
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    for entry in
        std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))?
    {
        let entry = entry?;
        let src = entry.path();
        let dst = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&src, &dst)?;
        } else {
            copy_file(&src, &dst)?;
        }
    }
    Ok(())
}

fn copy_file(from: &Path, to: &Path) -> Result<()> {
    remove_if_exists(to)?;
    std::fs::copy(from, to)
        .with_context(|| format!("cannot copy {} to {}", from.display(), to.display()))?;
    Ok(())
}

fn remove_if_exists(p: &Path) -> Result<()> {
    if p.symlink_metadata().is_ok() {
        std::fs::remove_file(p).with_context(|| format!("cannot remove {}", p.display()))?;
    }
    Ok(())
}

fn symlink(target: &str, link: &Path) -> Result<()> {
    remove_if_exists(link)?;
    std::os::unix::fs::symlink(target, link)
        .with_context(|| format!("cannot create symlink {} -> {target}", link.display()))
}

const PC_HEAD: &str = "\
prefix=${pcfiledir}/../..
includedir=${prefix}/include
libdir=${prefix}/lib
";

fn pc_shared(natives: &str) -> String {
    format!(
        "{PC_HEAD}
Name: ophis
Description: CPython 3.12's C API reimplemented in Rust (shared library)
Version: {ver}
Cflags: -I${{includedir}}
Libs: -L${{libdir}} -lophis
Libs.private: {natives}
",
        ver = env!("CARGO_PKG_VERSION")
    )
}

fn pc_static(natives: &str) -> String {
    format!(
        "{PC_HEAD}
Name: ophis-static
Description: CPython 3.12's C API reimplemented in Rust (static library; -lophis would pick the .so)
Version: {ver}
Cflags: -I${{includedir}}
Libs: ${{libdir}}/libophis.a {natives}
",
        ver = env!("CARGO_PKG_VERSION")
    )
}

/// A parsed pkg-config file: variables and fields, `${var}` expanded
/// (`pcfiledir` predefined as pkg-config does).
#[derive(Debug, Clone, Default)]
pub struct PcFile {
    vars: HashMap<String, String>,
    fields: HashMap<String, String>,
}

impl PcFile {
    /// Reads and parses a `.pc` file.
    pub fn read(path: &Path) -> Result<PcFile> {
        let text = crate::util::read_file(path)?;
        let dir = path.parent().unwrap_or(Path::new("."));
        let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        Ok(PcFile::parse(&text, &dir.to_string_lossy()))
    }

    /// Parses `.pc` text; `pcfiledir` is the file's directory.
    pub fn parse(text: &str, pcfiledir: &str) -> PcFile {
        let mut pc = PcFile::default();
        pc.vars.insert("pcfiledir".into(), pcfiledir.into());
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let colon = line.find(':');
            let eq = line.find('=');
            match (colon, eq) {
                (Some(c), Some(e)) if e < c => {
                    let v = pc.expand(line[e + 1..].trim());
                    pc.vars.insert(line[..e].trim().to_string(), v);
                }
                (None, Some(e)) => {
                    let v = pc.expand(line[e + 1..].trim());
                    pc.vars.insert(line[..e].trim().to_string(), v);
                }
                (Some(c), _) => {
                    let v = pc.expand(line[c + 1..].trim());
                    pc.fields.insert(line[..c].trim().to_string(), v);
                }
                (None, None) => {}
            }
        }
        pc
    }

    fn expand(&self, s: &str) -> String {
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find("${") {
            out.push_str(&rest[..i]);
            let after = &rest[i + 2..];
            match after.find('}') {
                Some(j) => {
                    out.push_str(self.vars.get(&after[..j]).map(String::as_str).unwrap_or(""));
                    rest = &after[j + 1..];
                }
                None => {
                    out.push_str(&rest[i..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// A field (`Cflags`, `Libs`, ...), expanded; empty when absent.
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or("")
    }

    /// `Cflags`, split.
    pub fn cflags(&self) -> Vec<String> {
        crate::util::split_flags(self.field("Cflags"))
    }

    /// `Libs` (plus `Libs.private` when `static_`), split.
    pub fn libs(&self, static_: bool) -> Vec<String> {
        let mut v = crate::util::split_flags(self.field("Libs"));
        if static_ {
            v.extend(crate::util::split_flags(self.field("Libs.private")));
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_libs_note_is_parsed() {
        assert_eq!(
            parse_native_libs("note: native-static-libs: -lgcc_s -lutil  -lc").as_deref(),
            Some("-lgcc_s -lutil -lc")
        );
        assert_eq!(parse_native_libs("warning: unused"), None);
    }

    #[test]
    fn soname_from_readelf_and_objdump() {
        let r = " 0x000000000000000e (SONAME)             Library soname: [libophis.so.0]\n";
        assert_eq!(parse_soname(r).as_deref(), Some("libophis.so.0"));
        let o = "Dynamic Section:\n  NEEDED               libc.so.6\n  SONAME               libophis.so.0\n";
        assert_eq!(parse_soname(o).as_deref(), Some("libophis.so.0"));
        assert_eq!(parse_soname("  NEEDED libc.so.6\n"), None);
    }

    #[test]
    fn pc_files_expand_relative_to_their_directory() {
        let pc = PcFile::parse(&pc_shared("-lm -lc"), "/x/dist/lib/pkgconfig");
        assert_eq!(pc.cflags(), vec!["-I/x/dist/lib/pkgconfig/../../include"]);
        assert_eq!(
            pc.libs(false),
            vec!["-L/x/dist/lib/pkgconfig/../../lib", "-lophis"]
        );
        assert_eq!(pc.libs(true).len(), 4);
        let st = PcFile::parse(&pc_static("-lm -lc"), "/d");
        assert_eq!(
            st.libs(false),
            vec!["/d/../../lib/libophis.a", "-lm", "-lc"]
        );
        assert!(pc_shared("-lm").contains("Libs.private: -lm\n"));
    }
}
