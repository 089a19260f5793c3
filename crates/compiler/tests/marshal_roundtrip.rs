//! Marshal round trips: code units we compile survive `dumps`/`loads`, and
//! the marshal data CPython 3.12.1 wrote for the golden snippets
//! (`tests/golden/NAME.marshal`, with its back-references and interned
//! strings) loads into code units whose dump is CPython's own.

use std::path::Path;

use ophis_compiler::{dump, marshal, Constant};

fn golden(ext: &str) -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .expect("golden dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

#[test]
fn our_code_units_round_trip() {
    for py in golden("py") {
        let src = std::fs::read_to_string(&py).expect("snippet");
        let code = ophis_compiler::compile(&src, "<snippet>").expect("compiles");
        let bytes = marshal::dumps_code(&code);
        let back = match marshal::loads(&bytes).expect("loads") {
            Constant::Code(c) => *c,
            other => panic!("{}: {other:?}", py.display()),
        };
        assert_eq!(dump::dump(&code), dump::dump(&back), "{}", py.display());
        assert_eq!(back.filename, "<snippet>");
        let pyc = marshal::write_pyc(&code, 0, src.len() as u32);
        let again = marshal::read_pyc(&pyc).expect("pyc");
        assert_eq!(dump::dump(&code), dump::dump(&again));
    }
}

#[test]
fn cpython_marshal_data_loads() {
    let files = golden("marshal");
    assert!(files.len() >= 7);
    for m in files {
        let data = std::fs::read(&m).expect("marshal file");
        let want = std::fs::read_to_string(m.with_extension("dump")).expect("dump");
        let code = match marshal::loads(&data).expect("loads") {
            Constant::Code(c) => *c,
            other => panic!("{other:?}"),
        };
        assert_eq!(dump::dump(&code).join("\n") + "\n", want, "{}", m.display());
        // Every truncation is an error, never a panic.
        for cut in (0..data.len()).step_by(7) {
            assert!(marshal::loads(&data[..cut]).is_err());
        }
    }
}
