//! A PyO3 program that embeds the interpreter: containers, method calls,
//! errors raised and caught, a `#[pyclass]` with methods and properties, a
//! `#[pyfunction]`, and a `#[pymodule]` registered in the inittab and
//! imported. Its output must be the same on Ophis and on CPython 3.12.1.

use pyo3::exceptions::{PyKeyError, PyValueError, PyZeroDivisionError};
use pyo3::prelude::*;
use pyo3::types::{IntoPyDict, PyBytes, PyDict, PyList, PyString, PyTuple};

#[pyclass]
struct Counter {
    #[pyo3(get)]
    count: i64,
    step: i64,
}

#[pymethods]
impl Counter {
    #[new]
    #[pyo3(signature = (step = 1))]
    fn new(step: i64) -> Self {
        Counter { count: 0, step }
    }

    fn bump(&mut self) -> i64 {
        self.count += self.step;
        self.count
    }

    fn __repr__(&self) -> String {
        format!("Counter(count={}, step={})", self.count, self.step)
    }

    fn __len__(&self) -> usize {
        self.count as usize
    }
}

/// Divides, raising `ZeroDivisionError` as Python does.
#[pyfunction]
fn divide(a: i64, b: i64) -> PyResult<i64> {
    if b == 0 {
        return Err(PyZeroDivisionError::new_err("division by zero"));
    }
    Ok(a / b)
}

/// Joins words with a separator given by keyword.
#[pyfunction]
#[pyo3(signature = (*words, sep = " "))]
fn join(words: Vec<String>, sep: &str) -> String {
    words.join(sep)
}

#[pymodule]
fn client(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(divide, m)?)?;
    m.add_function(wrap_pyfunction!(join, m)?)?;
    m.add_class::<Counter>()?;
    m.add("VERSION", "1.0")?;
    Ok(())
}

fn show(label: &str, r: PyResult<String>) {
    match r {
        Ok(s) => println!("{label}: {s}"),
        Err(e) => Python::attach(|py| {
            println!("{label}: error {}: {}", e.get_type(py).name().map(|n| n.to_string()).unwrap_or_default(), e.value(py))
        }),
    }
}

fn main() {
    pyo3::append_to_inittab!(client);
    Python::initialize();
    Python::attach(|py| {
        // Containers.
        show("list", (|| {
            let l = PyList::new(py, [3, 1, 2])?;
            l.append("x")?;
            l.insert(0, 9.5)?;
            Ok(l.repr()?.to_string())
        })());
        show("dict", (|| {
            let d = PyDict::new(py);
            d.set_item("b", 2)?;
            d.set_item("a", vec![1, 2])?;
            d.set_item(3, py.None())?;
            let a: Vec<i64> = d.get_item("a")?.unwrap().extract()?;
            Ok(format!("{} a={a:?} len={}", d.repr()?, d.len()))
        })());
        show("tuple", (|| {
            let t = PyTuple::new(py, ["é", "😀", "x"])?;
            Ok(format!("{} {}", t.repr()?, t.len()))
        })());
        show("str methods", (|| {
            let s = PyString::new(py, "Grüße, Welt");
            let up = s.call_method0("upper")?;
            let parts = s.call_method1("split", (", ",))?;
            let enc = s.call_method1("encode", ("utf-8",))?;
            Ok(format!("{} {} {}", up.repr()?, parts.repr()?, enc.repr()?))
        })());
        show("bytes", (|| {
            let b = PyBytes::new(py, b"\x00\x01hello");
            let v: Vec<u8> = b.extract()?;
            Ok(format!("{} {v:?}", b.repr()?))
        })());
        show("ints", (|| {
            let x: u64 = 18446744073709551615u64.into_pyobject(py)?.extract()?;
            let y: i128 = (-(1i128 << 100)).into_pyobject(py)?.extract()?;
            Ok(format!("{x} {y}"))
        })());
        show("extract error", (|| {
            let s = PyString::new(py, "nope");
            let n: i64 = s.extract()?;
            Ok(n.to_string())
        })());
        show("key error", (|| {
            let d = PyDict::new(py);
            match d.as_any().get_item("missing") {
                Ok(v) => Ok(v.repr()?.to_string()),
                Err(e) if e.is_instance_of::<PyKeyError>(py) => Ok(format!("caught KeyError {}", e.value(py))),
                Err(e) => Err(e),
            }
        })());
        show("raise and restore", (|| {
            let e = PyValueError::new_err("bad value");
            e.restore(py);
            let back = PyErr::take(py).expect("an error is set");
            Ok(format!("{} {}", back.get_type(py).name()?, back.value(py)))
        })());

        // The module from the inittab.
        show("import client", (|| {
            let m = py.import("client")?;
            let d = m.getattr("divide")?.call1((7, 2))?;
            let z = m.getattr("divide")?.call1((1, 0));
            let j = m.getattr("join")?.call(("a", "b", "c"), Some(&[("sep", "-")].into_py_dict(py)?))?;
            let v = m.getattr("VERSION")?;
            let zs = match z {
                Ok(v) => v.repr()?.to_string(),
                Err(e) => format!("{}: {}", e.get_type(py).name()?, e.value(py)),
            };
            Ok(format!("{} | {zs} | {} | {}", d, j.repr()?, v.repr()?))
        })());
        show("pyclass", (|| {
            let m = py.import("client")?;
            let c = m.getattr("Counter")?.call1((5,))?;
            c.call_method0("bump")?;
            c.call_method0("bump")?;
            let count: i64 = c.getattr("count")?.extract()?;
            let len = c.len()?;
            Ok(format!("{} count={count} len={len} type={}", c.repr()?, c.get_type().name()?))
        })());
        show("pyclass bad argument", (|| {
            let m = py.import("client")?;
            let c = m.getattr("Counter")?.call1(("x",))?;
            Ok(c.repr()?.to_string())
        })());
        show("pyfunction bad argument", (|| {
            let m = py.import("client")?;
            Ok(m.getattr("divide")?.call1((1,))?.repr()?.to_string())
        })());
    });
}
