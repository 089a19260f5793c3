//! Iterator objects whose steps are Rust closures: the one mechanism behind
//! the small iterator types of builtin modules (`_string`'s
//! `formatteriterator` and `fieldnameiterator`, `_tokenize`'s
//! `TokenizerIter`). A type is made once with
//! [`new_type`]; each instance owns a boxed step closure that
//! `tp_iternext` calls until it reports the end or an error.
//!
//! Instances are not tracked by the cyclic GC, so a step's state must not
//! hold objects that could refer back to the iterator (strs and ints are
//! fine, as for the types above; `TokenizerIter` holds its `readline`, so a
//! cycle through it would not be collected).

use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyTypeObject};
use crate::runtime::alloc;
use crate::runtime::err::PyResult;
use crate::runtime::lifecycle;
use std::ffi::CStr;
use std::ptr;

/// One step: the next item, `None` at the end, or an error.
pub type Step = Box<dyn FnMut() -> PyResult<Option<Owned>>>;

/// The instance layout: the header and the step (NULL once finished).
#[repr(C)]
struct NativeIter {
    ob_base: PyObject,
    step: *mut Step,
}

/// Makes a ready iterator type named `name` (not subclassable, no
/// constructor from Python), for the rest of the process.
///
/// # Safety
/// The runtime is initialized and the GIL held.
pub unsafe fn new_type(name: &'static CStr) -> PyResult<*mut PyTypeObject> {
    // SAFETY: a freshly leaked type, filled before it is readied.
    unsafe {
        let t = lifecycle::leak_type();
        (*t).tp_name = name.as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<NativeIter>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::IMMUTABLETYPE | flags::DISALLOW_INSTANTIATION;
        (*t).tp_dealloc = Some(native_dealloc);
        (*t).tp_iter = Some(self_iter);
        (*t).tp_iternext = Some(native_next);
        (*t).tp_getattro = lifecycle::c_api_slots().getattro;
        typeobj::ready_static(t)?;
        Ok(t)
    }
}

/// A new iterator of type `t` (from [`new_type`]) running `step`.
///
/// # Safety
/// `t` made by [`new_type`]; the GIL held.
pub unsafe fn new(t: *mut PyTypeObject, step: Step) -> PyResult<Owned> {
    // SAFETY: the object is initialized before it is handed out.
    unsafe {
        let op = alloc::new_object_uninit(t, std::mem::size_of::<NativeIter>())?;
        (*(op as *mut NativeIter)).step = Box::into_raw(Box::new(step));
        Ok(Owned::from_raw(op))
    }
}

unsafe extern "C" fn self_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live object.
    unsafe { new_ref(op) }
}

unsafe extern "C" fn native_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live instance; the step is taken out while it runs,
    // so a re-entrant `next` sees an exhausted iterator instead of aliasing
    // the closure.
    unsafe {
        let it = op as *mut NativeIter;
        let step = std::mem::replace(&mut (*it).step, ptr::null_mut());
        if step.is_null() {
            return ptr::null_mut();
        }
        let r = (*step)();
        match r {
            Ok(Some(v)) => {
                if (*it).step.is_null() {
                    (*it).step = step;
                } else {
                    drop(Box::from_raw(step));
                }
                v.into_raw()
            }
            // The end, or an error: the iterator is finished either way.
            Ok(None) => {
                drop(Box::from_raw(step));
                ptr::null_mut()
            }
            Err(_) => {
                drop(Box::from_raw(step));
                ptr::null_mut()
            }
        }
    }
}

unsafe extern "C" fn native_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; the step is owned here.
    unsafe {
        let step = (*(op as *mut NativeIter)).step;
        if !step.is_null() {
            drop(Box::from_raw(step));
        }
        alloc::free_object(op);
    }
}
