//! `cargo xtask demo`: build `target/dist`, compile `examples/tour.c` against
//! it the way a user would (`pkg-config --cflags --libs ophis` when
//! `pkg-config` is installed, else the same flags read from `ophis.pc`), and
//! run it with its output streamed.

use std::process::Command;

use crate::bail;
use crate::dist::{self, Dist};
use crate::util::{
    rel, repo_root, run as run_cmd, split_flags, stdout_of, target_dir, which, Result,
};

/// Runs `cargo xtask demo`.
pub fn run(args: &[String]) -> Result<()> {
    let mut no_build = false;
    for a in args {
        match a.as_str() {
            "--no-build" => no_build = true,
            other => bail!("demo: unknown argument {other:?}"),
        }
    }
    if !no_build {
        dist::run()?;
    }
    let dist = Dist::require()?;
    let src = repo_root().join("examples/tour.c");
    if !src.is_file() {
        bail!("{} is missing", rel(&src));
    }
    let (cflags, libs) = if which("pkg-config").is_some() {
        println!(
            "demo: flags from pkg-config (PKG_CONFIG_PATH={})",
            rel(&dist.pkgconfig)
        );
        let pc = |what: &str| -> Result<Vec<String>> {
            Ok(split_flags(&stdout_of(
                Command::new("pkg-config")
                    .env("PKG_CONFIG_PATH", &dist.pkgconfig)
                    .args([what, "ophis"]),
            )?))
        };
        (pc("--cflags")?, pc("--libs")?)
    } else {
        println!(
            "demo: pkg-config not installed; flags read from {}",
            rel(&dist.pkgconfig.join("ophis.pc"))
        );
        dist.pc_flags(false)?
    };
    let out = target_dir().join("demo/tour");
    std::fs::create_dir_all(out.parent().unwrap_or(&target_dir()))?;
    let lib = dist.lib.canonicalize().unwrap_or_else(|_| dist.lib.clone());
    run_cmd(
        Command::new("gcc")
            .args(["-std=c11", "-O1", "-g", "-Wall"])
            .args(&cflags)
            .arg(&src)
            .arg("-o")
            .arg(&out)
            .args(&libs)
            .arg(format!("-Wl,-rpath,{}", lib.display()))
            .arg("-pthread"),
    )?;
    println!("demo: running {}\n", rel(&out));
    run_cmd(&mut Command::new(&out))
}
