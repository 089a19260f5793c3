//! Cells (`PyCell_Type`, CPython's `PyCellObject` layout: the content at
//! offset 16): the boxes that hold a closure's variables, made by
//! `MAKE_CELL` and shared through `__closure__`.

use crate::objects::object::*;
use crate::objects::typeobj::{self, flags};
use crate::protocols::abstract_;
use crate::runtime::alloc;
use crate::runtime::err::{self, PyResult};
use crate::runtime::{gc, lifecycle};
use std::ffi::{c_int, c_void};
use std::ptr;

/// CPython's `PyCellObject`.
#[repr(C)]
pub struct PyCellObject {
    /// Header.
    pub ob_base: PyObject,
    /// The content (strong), or NULL when empty.
    pub ob_ref: *mut PyObject,
}

/// Fills in `PyCell_Type`. Start-up only.
pub(crate) unsafe fn init_type() {
    // SAFETY: start-up, exclusive access to the static type.
    unsafe {
        let t = lifecycle::cell_type();
        (*t).ob_base.ob_base = static_header(lifecycle::type_type());
        (*t).tp_name = c"cell".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<PyCellObject>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::HAVE_GC;
        (*t).tp_dealloc = Some(cell_dealloc);
        (*t).tp_traverse = Some(cell_traverse);
        (*t).tp_clear = Some(cell_clear);
        (*t).tp_repr = Some(cell_repr);
        (*t).tp_richcompare = Some(cell_richcompare);
        (*t).tp_getset = ptr::addr_of_mut!(CELL_GETSET) as *mut typeobj::PyGetSetDef;
    }
}

/// Readies `PyCell_Type`. Start-up only.
pub(crate) unsafe fn ready_type() {
    // SAFETY: start-up.
    unsafe {
        if typeobj::ready_static(lifecycle::cell_type()).is_err() {
            lifecycle::fatal("Py_Initialize", "cannot ready the cell type");
        }
    }
}

/// `PyCell_Check`.
///
/// # Safety
/// `op` live.
#[inline]
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { (*op).ob_type == lifecycle::cell_type() }
}

/// `PyCell_New(obj)`: a cell holding `obj` (borrowed; NULL for empty).
///
/// # Safety
/// `obj` NULL or live.
pub unsafe fn new(obj: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: a fresh cell.
    unsafe { new_stealing(if obj.is_null() { obj } else { new_ref(obj) }) }
}

/// A cell taking over `obj` (an owned reference or NULL); on failure the
/// reference is released.
///
/// # Safety
/// `obj` NULL or owned.
pub unsafe fn new_stealing(obj: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: a fresh cell.
    unsafe {
        let op =
            match alloc::new_object(lifecycle::cell_type(), std::mem::size_of::<PyCellObject>()) {
                Ok(op) => op,
                Err(e) => {
                    xdecref(obj);
                    return Err(e);
                }
            };
        (*(op as *mut PyCellObject)).ob_ref = obj;
        gc::track(op);
        Ok(Owned::from_raw(op))
    }
}

/// The content (borrowed; NULL when empty).
///
/// # Safety
/// `cell` a live cell.
#[inline]
pub unsafe fn get(cell: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded.
    unsafe { (*(cell as *mut PyCellObject)).ob_ref }
}

/// Replaces the content, taking over `value` (owned or NULL), and
/// releases the old one.
///
/// # Safety
/// `cell` a live cell.
#[inline]
pub unsafe fn set_stealing(cell: *mut PyObject, value: *mut PyObject) {
    // SAFETY: forwarded.
    unsafe {
        let old = std::mem::replace(&mut (*(cell as *mut PyCellObject)).ob_ref, value);
        xdecref(old);
    }
}

unsafe extern "C" fn cell_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        gc::untrack(op);
        clear_slot(&mut (*(op as *mut PyCellObject)).ob_ref);
        alloc::free_object(op);
    }
}

unsafe extern "C" fn cell_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a cell.
    unsafe { gc::visit_all([get(op)], visit, arg) }
}

unsafe extern "C" fn cell_clear(op: *mut PyObject) -> c_int {
    // SAFETY: slot on a cell.
    unsafe {
        clear_slot(&mut (*(op as *mut PyCellObject)).ob_ref);
        0
    }
}

unsafe extern "C" fn cell_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a cell.
    unsafe {
        let v = get(op);
        let s = if v.is_null() {
            format!("<cell at {op:p}: empty>")
        } else {
            format!(
                "<cell at {op:p}: {} object at {v:p}>",
                typeobj::short_name((*v).ob_type)
            )
        };
        err::into_ptr(crate::objects::unicode::from_str(&s))
    }
}

/// Cells compare by content, an empty cell below any full one.
unsafe extern "C" fn cell_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: slot on live objects.
    unsafe {
        if !check(a) || !check(b) {
            return new_ref(lifecycle::not_implemented());
        }
        let (x, y) = (get(a), get(b));
        if !x.is_null() && !y.is_null() {
            return err::into_ptr(abstract_::rich_compare(x, y, op));
        }
        let ord = (!x.is_null()).cmp(&!y.is_null());
        abstract_::ordering_result(ord, op)
    }
}

unsafe extern "C" fn get_contents(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getset on a cell.
    unsafe {
        let v = get(op);
        if v.is_null() {
            return err::value_error("Cell is empty").into();
        }
        new_ref(v)
    }
}

unsafe extern "C" fn set_contents(op: *mut PyObject, v: *mut PyObject, _c: *mut c_void) -> c_int {
    // SAFETY: getset on a cell; `v` borrowed or NULL (delete).
    unsafe {
        set_stealing(op, if v.is_null() { v } else { new_ref(v) });
        0
    }
}

static mut CELL_GETSET: [typeobj::PyGetSetDef; 2] = [
    typeobj::PyGetSetDef {
        name: c"cell_contents".as_ptr(),
        get: Some(get_contents),
        set: Some(set_contents),
        doc: ptr::null(),
        closure: ptr::null_mut(),
    },
    typeobj::GETSET_END,
];
