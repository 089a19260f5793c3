//! The `_ast` module of CPython 3.12.1, under CPython's pure-Python
//! `ast.py`: the node classes of `Python.asdl`, made from one declarative
//! table (`table.rs`) as CPython's `make_type` makes them (`AST` a type with
//! an instance `__dict__`, every other class `type(name, (base,), {...})`
//! with `_fields`, `__match_args__`, `__module__ == 'ast'`, `__doc__`,
//! `_attributes` and `None` class defaults for optional fields), `AST`'s
//! `__init__` and `__reduce__`, and the `PyCF_*` constants.
//!
//! `compile(..., PyCF_ONLY_AST)` turns the compiler's tree into node
//! objects (`to_py.rs`); `compile(tree, ...)` turns node objects back into
//! the compiler's tree with CPython's type checks and the validator's
//! checks (`from_py.rs`). The classes are made on first use (by importing
//! `_ast` or by `compile`) and dropped at finalization.

mod from_py;
mod table;
mod to_py;

pub use from_py::from_object;
pub use to_py::to_object;

use crate::code::pythonrun::cf;
use crate::objects::heaptype;
use crate::objects::object::*;
use crate::objects::typeobj::{self, PyMethodDef};
use crate::objects::{dict, long, module, tuple, unicode};
use crate::protocols::abstract_;
use crate::protocols::clinic::{def, fastcall, Sig};
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use std::collections::HashMap;
use std::ffi::{c_int, c_void};
use std::ptr;
use table::{Class, Kind, Role, CLASSES, POSITIONS};

/// The classes and the shared objects the converters use.
pub(crate) struct State {
    /// `ast.AST`.
    ast_type: Owned,
    /// One class per entry of [`CLASSES`], in its order.
    classes: Vec<Owned>,
    /// Index in [`CLASSES`] by name.
    by_name: HashMap<&'static str, usize>,
    /// The shared instance of each field-less constructor of a simple sum
    /// (`Load()`, `Add()`, ...), by class index.
    singletons: HashMap<usize, Owned>,
    /// Interned field and attribute names.
    names: HashMap<&'static str, Owned>,
    /// The fields of each class, by class index.
    fields: Vec<Vec<table::Field>>,
}

impl State {
    /// The class named `name` (a name of the table).
    fn class(&self, name: &str) -> *mut PyObject {
        self.classes[self.by_name[name]].as_ptr()
    }

    /// The interned str for a field name of the table.
    fn name(&self, name: &str) -> *mut PyObject {
        self.names[name].as_ptr()
    }
}

static mut STATE: *mut State = ptr::null_mut();

/// The state, made on first use.
fn state() -> PyResult<&'static State> {
    // SAFETY: under the GIL; written once, read until finalization.
    unsafe {
        if STATE.is_null() {
            let s = Box::new(make_state()?);
            STATE = Box::into_raw(s);
        }
        Ok(&*STATE)
    }
}

/// Drops the classes at finalization (the `_ast` module's state).
pub(crate) fn clear_state() {
    // SAFETY: under the GIL at finalization; nothing uses the state after.
    unsafe {
        if !STATE.is_null() {
            drop(Box::from_raw(STATE));
            STATE = ptr::null_mut();
        }
    }
}

/// Whether `obj` is an `ast.AST` instance (`PyAST_Check`).
///
/// # Safety
/// `obj` live.
pub unsafe fn is_ast(obj: *mut PyObject) -> PyResult<bool> {
    // SAFETY: forwarded; a tree can only exist once the classes do.
    unsafe {
        if STATE.is_null() {
            return Ok(false);
        }
        abstract_::is_instance(obj, (*STATE).ast_type.as_ptr())
    }
}

/// A tuple of strs.
fn str_tuple(items: &[&str]) -> PyResult<Owned> {
    let objs = items
        .iter()
        .map(|s| unicode::intern(s))
        .collect::<PyResult<Vec<Owned>>>()?;
    let ptrs: Vec<*mut PyObject> = objs.iter().map(Owned::as_ptr).collect();
    tuple::new_from(&ptrs)
}

/// The fields of a class as the docstring writes them: `Name(a b, ...)`,
/// or the bare name without fields.
fn cons_doc(c: &Class) -> String {
    if c.fields.is_empty() {
        c.name.to_string()
    } else {
        format!("{}({})", c.name, c.fields)
    }
}

/// The docstring CPython gives a class: the constructor's signature, or
/// for a sum type `name = A(...)\n     | B(...)` (one line when no
/// constructor has fields).
fn doc_of(c: &Class) -> String {
    match c.role {
        Role::Sum(_) => {
            let conses: Vec<&Class> = CLASSES
                .iter()
                .filter(|k| k.role == Role::Cons(c.name))
                .collect();
            let simple = conses.iter().all(|k| k.fields.is_empty());
            let sep = if simple {
                " | ".to_string()
            } else {
                format!("\n{}| ", " ".repeat(c.name.len() + 1))
            };
            let parts: Vec<String> = conses.iter().map(|k| cons_doc(k)).collect();
            format!("{} = {}", c.name, parts.join(&sep))
        }
        _ => cons_doc(c),
    }
}

/// Makes `ast.AST` and the table's classes.
fn make_state() -> PyResult<State> {
    // SAFETY: the runtime is initialized and the GIL held.
    unsafe {
        let ast_type = make_ast_type()?;
        let none = lifecycle::none();
        let mut names = HashMap::new();
        for f in POSITIONS {
            names.insert(f.name, unicode::intern(f.name)?);
        }
        let mut classes: Vec<Owned> = Vec::with_capacity(CLASSES.len());
        let mut by_name: HashMap<&'static str, usize> = HashMap::new();
        let k_fields = unicode::intern("_fields")?;
        let k_match = unicode::intern("__match_args__")?;
        let k_module = unicode::intern("__module__")?;
        let k_doc = unicode::intern("__doc__")?;
        let k_attributes = unicode::intern("_attributes")?;
        let v_module = unicode::intern("ast")?;
        let no_attributes = str_tuple(&[])?;
        let position_names = str_tuple(&["lineno", "col_offset", "end_lineno", "end_col_offset"])?;
        for (i, c) in CLASSES.iter().enumerate() {
            let fields = c.field_list();
            for f in &fields {
                if !names.contains_key(f.name) {
                    names.insert(f.name, unicode::intern(f.name)?);
                }
            }
            let fnames: Vec<&str> = fields.iter().map(|f| f.name).collect();
            let fnames = str_tuple(&fnames)?;
            let base = match c.role {
                Role::Cons(b) => classes[by_name[b]].as_ptr(),
                _ => ast_type.as_ptr(),
            };
            let ns = dict::new()?;
            dict::set(ns.as_ptr(), k_fields.as_ptr(), fnames.as_ptr())?;
            dict::set(ns.as_ptr(), k_match.as_ptr(), fnames.as_ptr())?;
            dict::set(ns.as_ptr(), k_module.as_ptr(), v_module.as_ptr())?;
            let doc = unicode::from_str(&doc_of(c))?;
            dict::set(ns.as_ptr(), k_doc.as_ptr(), doc.as_ptr())?;
            let name = unicode::intern(c.name)?;
            let bases = tuple::new_from(&[base])?;
            let cls = crate::protocols::call::call_args(
                lifecycle::type_type() as *mut PyObject,
                &[name.as_ptr(), bases.as_ptr(), ns.as_ptr()],
            )?;
            let t = cls.as_ptr();
            if let Role::Sum(p) | Role::Product(p) = c.role {
                let attrs = if p { &position_names } else { &no_attributes };
                abstract_::setattr(t, k_attributes.as_ptr(), attrs.as_ptr())?;
            }
            for f in &fields {
                if f.kind == Kind::Opt {
                    abstract_::setattr(t, names[f.name].as_ptr(), none)?;
                }
            }
            if let (Role::Sum(true) | Role::Product(true), false) =
                (c.role, table::end_required(c.name))
            {
                for f in &POSITIONS[2..] {
                    abstract_::setattr(t, names[f.name].as_ptr(), none)?;
                }
            }
            by_name.insert(c.name, i);
            classes.push(cls);
        }
        let mut singletons = HashMap::new();
        for (i, c) in CLASSES.iter().enumerate() {
            if let Role::Cons(b) = c.role {
                let simple = CLASSES
                    .iter()
                    .filter(|k| k.role == Role::Cons(b))
                    .all(|k| k.fields.is_empty())
                    && CLASSES[by_name[b]].role == Role::Sum(false);
                if simple {
                    let obj = crate::protocols::call::call_args(classes[i].as_ptr(), &[])?;
                    singletons.insert(i, obj);
                }
            }
        }
        let fields = CLASSES.iter().map(Class::field_list).collect();
        Ok(State {
            fields,
            ast_type,
            classes,
            by_name,
            singletons,
            names,
        })
    }
}

/// `AST.__init__(*args, **kwargs)`: positional arguments set the fields in
/// `_fields` order, keywords set any attribute (CPython 3.12's
/// `ast_type_init`; missing fields stay unset).
unsafe extern "C" fn ast_init(slf: *mut PyObject, args: *mut PyObject, kw: *mut PyObject) -> c_int {
    // SAFETY: tp_init contract: `slf` live, `args` a tuple, `kw` NULL or a dict.
    match unsafe { ast_init_impl(slf, args, kw) } {
        Ok(()) => 0,
        Err(_) => -1,
    }
}

unsafe fn ast_init_impl(
    slf: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let t = (*slf).ob_type;
        let k_fields = unicode::intern("_fields")?;
        let fields = abstract_::lookup_attr(t as *mut PyObject, k_fields.as_ptr())?;
        let numfields = match &fields {
            Some(f) => abstract_::size(f.as_ptr())?,
            None => 0,
        };
        let nargs = tuple::size(args);
        if numfields < nargs {
            return Err(err::type_error(&format!(
                "{} constructor takes at most {} positional argument{}",
                typeobj::short_name(t),
                numfields,
                if numfields == 1 { "" } else { "s" }
            )));
        }
        for i in 0..nargs {
            // `fields` is there: `numfields` is at least `nargs`.
            let Some(f) = &fields else { break };
            let idx = long::from_i64(i as i64)?;
            let name = abstract_::getitem(f.as_ptr(), idx.as_ptr())?;
            abstract_::setattr(slf, name.as_ptr(), tuple::item(args, i))?;
        }
        if !kw.is_null() {
            let mut pos = 0;
            while let Some((key, value)) = dict::next(kw, &mut pos) {
                let key = Owned::from_borrowed(key);
                let value = Owned::from_borrowed(value);
                if let Some(f) = &fields {
                    let n = abstract_::size(f.as_ptr())?;
                    for p in 0..n.min(nargs) {
                        let idx = long::from_i64(p as i64)?;
                        let name = abstract_::getitem(f.as_ptr(), idx.as_ptr())?;
                        if abstract_::rich_compare_bool(name.as_ptr(), key.as_ptr(), 2)? {
                            return Err(err::type_error(&format!(
                                "{} got multiple values for argument '{}'",
                                typeobj::full_name(t),
                                abstract_::str_string(key.as_ptr())?
                            )));
                        }
                    }
                }
                abstract_::setattr(slf, key.as_ptr(), value.as_ptr())?;
            }
        }
        Ok(())
    }
}

fastcall! {
    /// `AST.__reduce__()`: `(type(self), (), self.__dict__)`, or without
    /// the dict when there is none.
    fn ast_reduce(slf, _a = Sig::new("__reduce__", &[])) {
        let k = unicode::intern("__dict__")?;
        let t = (*slf).ob_type as *mut PyObject;
        let empty = tuple::new_from(&[])?;
        match abstract_::lookup_attr(slf, k.as_ptr())? {
            Some(d) => tuple::new_from(&[t, empty.as_ptr(), d.as_ptr()]),
            None => tuple::new_from(&[t, empty.as_ptr()]),
        }
    }
}

static mut AST_METHODS: [PyMethodDef; 2] = [def(c"__reduce__", ast_reduce), typeobj::METHOD_END];

static mut AST_GETSET: [typeobj::PyGetSetDef; 2] = [
    typeobj::PyGetSetDef {
        name: c"__dict__".as_ptr(),
        get: Some(crate::protocols::attr::generic_get_dict_getter),
        set: Some(crate::protocols::attr::generic_set_dict_setter),
        doc: ptr::null(),
        closure: ptr::null_mut(),
    },
    typeobj::GETSET_END,
];

/// `tp_traverse` of `AST`: the type and the instance dict. For instances
/// of the subclasses (every node class), the classes' own traversal has
/// visited both before it reaches this one.
unsafe extern "C" fn ast_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot contract.
    unsafe {
        #[allow(unpredictable_function_pointer_comparisons)]
        if (*(*op).ob_type).tp_traverse != Some(ast_traverse) {
            return 0;
        }
        if let Some(v) = visit {
            let r = v((*op).ob_type as *mut PyObject, arg);
            if r != 0 {
                return r;
            }
        }
        crate::protocols::attr::visit_managed_dict(op, visit, arg)
    }
}

/// `tp_clear` of `AST`: drops the instance dict.
unsafe extern "C" fn ast_clear(op: *mut PyObject) -> c_int {
    // SAFETY: slot contract.
    unsafe { crate::protocols::attr::clear_managed_dict(op) };
    0
}

/// `ast.AST`: a base type with an instance dict, `__init__`, `__reduce__`
/// and empty `_fields`, `__match_args__` and `_attributes`.
unsafe fn make_ast_type() -> PyResult<Owned> {
    // SAFETY: the slot tables are static and live as long as the type.
    unsafe {
        let cs = lifecycle::c_api_slots();
        let fp = |f: Option<*mut c_void>| f.unwrap_or(ptr::null_mut());
        let mut slots = [
            // CPython's spec names the generic attribute functions and
            // `PyType_GenericNew`, so they show in `AST.__dict__`.
            heaptype::PyType_Slot {
                slot: 58,
                pfunc: fp(cs.getattro.map(|f| f as *mut c_void)),
            },
            heaptype::PyType_Slot {
                slot: 69,
                pfunc: fp(cs.setattro.map(|f| f as *mut c_void)),
            },
            heaptype::PyType_Slot {
                slot: 65,
                pfunc: fp(cs.generic_new.map(|f| f as *mut c_void)),
            },
            heaptype::PyType_Slot {
                slot: 60,
                pfunc: ast_init as *mut c_void,
            },
            heaptype::PyType_Slot {
                slot: 64,
                pfunc: ptr::addr_of_mut!(AST_METHODS) as *mut c_void,
            },
            heaptype::PyType_Slot {
                slot: 73,
                pfunc: ptr::addr_of_mut!(AST_GETSET) as *mut c_void,
            },
            heaptype::PyType_Slot {
                slot: 71,
                pfunc: ast_traverse as *mut c_void,
            },
            heaptype::PyType_Slot {
                slot: 51,
                pfunc: ast_clear as *mut c_void,
            },
            heaptype::PyType_Slot {
                slot: 0,
                pfunc: ptr::null_mut(),
            },
        ];
        let spec = heaptype::PyType_Spec {
            name: c"ast.AST".as_ptr(),
            basicsize: 0,
            itemsize: 0,
            flags: (typeobj::flags::DEFAULT
                | typeobj::flags::BASETYPE
                | typeobj::flags::HAVE_GC
                | typeobj::flags::MANAGED_DICT) as std::ffi::c_uint,
            slots: slots.as_mut_ptr(),
        };
        let t = heaptype::from_spec(ptr::null_mut(), ptr::null_mut(), &spec, ptr::null_mut())?;
        let empty = tuple::new_from(&[])?;
        for k in ["_fields", "__match_args__", "_attributes"] {
            let k = unicode::intern(k)?;
            abstract_::setattr(t.as_ptr(), k.as_ptr(), empty.as_ptr())?;
        }
        Ok(t)
    }
}

/// Creates the `_ast` module (for the builtin module table).
pub fn create_module() -> PyResult<Owned> {
    let st = state()?;
    // SAFETY: the runtime is initialized and the GIL held.
    unsafe {
        let name = unicode::intern("_ast")?;
        let m = module::new(name.as_ptr())?;
        module::add_object_ref(m.as_ptr(), "AST", st.ast_type.as_ptr())?;
        for (c, cls) in CLASSES.iter().zip(&st.classes) {
            module::add_object_ref(m.as_ptr(), c.name, cls.as_ptr())?;
        }
        for (k, v) in [
            ("PyCF_ONLY_AST", cf::ONLY_AST),
            ("PyCF_TYPE_COMMENTS", cf::TYPE_COMMENTS),
            ("PyCF_ALLOW_TOP_LEVEL_AWAIT", cf::ALLOW_TOP_LEVEL_AWAIT),
        ] {
            let v = long::from_i64(v as i64)?;
            module::add_object_ref(m.as_ptr(), k, v.as_ptr())?;
        }
        Ok(m)
    }
}
