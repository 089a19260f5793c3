//! Link settings of the shared library: its SONAME, and a version script
//! that exports every function and data symbol listed in
//! `abi/manifest.toml`; the `ophis` command exports the same symbols
//! (a dynamic list), so that extension modules it loads bind to it. rustc exports the unmangled Rust items of ophis-capi on its
//! own; the script adds the C shim's (variadic functions and data objects),
//! which rustc would otherwise keep local. `cargo xtask abi-check` verifies
//! that the result equals the manifest exactly.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"))
        .join("../../abi/manifest.toml");
    println!("cargo:rerun-if-changed={}", manifest.display());
    println!("cargo:rerun-if-changed=build.rs");
    let text = std::fs::read_to_string(&manifest).unwrap_or_default();
    let mut names = Vec::new();
    let mut exported_table = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("[[") {
            exported_table = line == "[[function]]" || line == "[[data]]";
            continue;
        }
        if !exported_table {
            continue;
        }
        if let Some(rest) = line.strip_prefix("name") {
            let rest = rest.trim_start();
            if let Some(v) = rest.strip_prefix('=') {
                let v = v.trim().trim_matches('"');
                if !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    names.push(v.to_string());
                }
            }
        }
    }
    let mut script = String::from("{\n  global:\n");
    for n in &names {
        let _ = writeln!(script, "    {n};");
    }
    script.push_str("};\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("exports.map");
    std::fs::write(&out, script).expect("write version script");
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libophis.so.0");
    if !names.is_empty() {
        println!(
            "cargo:rustc-cdylib-link-arg=-Wl,--version-script={}",
            out.display()
        );
        // The `ophis` command exports the same C API from the executable,
        // as `python3.12` does, so that extension modules it loads with
        // `dlopen` bind to it.
        let mut list = String::from("{\n");
        for n in &names {
            let _ = writeln!(list, "  {n};");
        }
        list.push_str("};\n");
        let dl = out.with_file_name("dynamic.list");
        std::fs::write(&dl, list).expect("write dynamic list");
        println!(
            "cargo:rustc-link-arg-bins=-Wl,--dynamic-list={}",
            dl.display()
        );
    }
}
