//! The `ophis` command: scripts with arguments and imports next to them,
//! `-c`, exit statuses (0, 1 on an uncaught exception, `SystemExit`'s
//! code, 2 for usage errors), and the traceback on stderr.

use std::process::Command;

fn ophis() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ophis"))
}

fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("ophis-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn runs_a_script_with_arguments_and_local_imports() {
    let d = scratch("script");
    std::fs::write(
        d.join("helper.py"),
        "def greet(w):\n    return 'hello ' + w\n",
    )
    .unwrap();
    std::fs::write(
        d.join("main.py"),
        "import sys\nfrom helper import greet\nprint(greet(sys.argv[1]), len(sys.argv), __name__)\n\
         if len(sys.argv) > 2:\n    raise SystemExit(int(sys.argv[2]))\n",
    )
    .unwrap();
    let out = ophis()
        .arg(d.join("main.py"))
        .arg("world")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "hello world 2 __main__\n"
    );
    assert_eq!(out.status.code(), Some(0));
    let out = ophis()
        .arg(d.join("main.py"))
        .args(["world", "3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn command_and_uncaught_exception() {
    let out = ophis()
        .args(["-c", "import sys; print(sys.argv); 1/0", "a"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "['-c', 'a']\n");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.ends_with("ZeroDivisionError: division by zero\n"),
        "{err}"
    );
    assert!(
        err.starts_with("Traceback (most recent call last):\n"),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(ophis().output().unwrap().status.code(), Some(2));
    assert_eq!(
        ophis()
            .arg("/nonexistent/x.py")
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    assert_eq!(ophis().arg("-c").output().unwrap().status.code(), Some(2));
    let v = ophis().arg("-V").output().unwrap();
    assert!(String::from_utf8_lossy(&v.stdout).contains("Python 3.12.1"));
}
