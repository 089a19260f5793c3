//! Compiles the C shim (variadic functions and exported data objects).

fn main() {
    println!("cargo:rerun-if-changed=csrc/shim.c");
    println!("cargo:rerun-if-changed=include");
    cc::Build::new()
        .file("csrc/shim.c")
        .include("include")
        .flag_if_supported("-std=c11")
        .flag("-fPIC")
        .flag("-fvisibility=default")
        .warnings(true)
        .extra_warnings(true)
        .flag_if_supported("-Wno-missing-field-initializers")
        .compile("ophis_shim");
}
