//! Capsules (`PyCapsule`): a C pointer with a name, a context and a
//! destructor, wrapped in an object so that extensions can hand C APIs to
//! each other through module attributes (`PyCapsule_Import`), with
//! CPython's checks and messages.

use crate::objects::exceptions::Exc;
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags};
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use std::ffi::{c_char, c_void, CStr};
use std::ptr;

/// A capsule's destructor.
pub type Destructor = Option<unsafe extern "C" fn(*mut PyObject)>;

/// The capsule object.
#[repr(C)]
struct Capsule {
    ob_base: PyObject,
    pointer: *mut c_void,
    name: *const c_char,
    context: *mut c_void,
    destructor: Destructor,
}

/// Fills in `PyCapsule`. Start-up only.
pub(crate) unsafe fn init_type() {
    // SAFETY: start-up, exclusive access to the static type.
    unsafe {
        let t = lifecycle::capsule_type();
        (*t).ob_base.ob_base = static_header(lifecycle::type_type());
        (*t).tp_name = c"PyCapsule".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<Capsule>() as isize;
        (*t).tp_flags = flags::DEFAULT;
        (*t).tp_dealloc = Some(capsule_dealloc);
        (*t).tp_repr = Some(capsule_repr);
        (*t).tp_doc =
            c"Capsule objects let you wrap a C \"void *\" pointer in a Python object.".as_ptr();
    }
}

/// Readies `PyCapsule`. Start-up only.
pub(crate) unsafe fn ready_type() {
    // SAFETY: start-up.
    unsafe {
        if typeobj::ready_static(lifecycle::capsule_type()).is_err() {
            lifecycle::fatal("Py_Initialize", "cannot ready the capsule type");
        }
    }
}

unsafe extern "C" fn capsule_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; the destructor sees the whole capsule.
    unsafe {
        if let Some(d) = (*(op as *mut Capsule)).destructor {
            d(op);
        }
        crate::runtime::alloc::free_object(op);
    }
}

unsafe extern "C" fn capsule_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a capsule.
    unsafe {
        let name = (*(op as *mut Capsule)).name;
        let shown = if name.is_null() {
            "NULL".to_string()
        } else {
            format!("\"{}\"", CStr::from_ptr(name).to_string_lossy())
        };
        err::into_ptr(crate::objects::unicode::from_str(&format!(
            "<capsule object {shown} at {op:p}>"
        )))
    }
}

/// Whether `op` is a capsule (`PyCapsule_CheckExact`).
///
/// # Safety
/// `op` live.
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { (*op).ob_type == lifecycle::capsule_type() }
}

/// The capsule behind `op`, or CPython's `ValueError` naming `func`.
unsafe fn legal(op: *mut PyObject, func: &str) -> PyResult<*mut Capsule> {
    // SAFETY: forwarded.
    unsafe {
        if op.is_null() || !check(op) || (*(op as *mut Capsule)).pointer.is_null() {
            return Err(err::value_error(&format!(
                "{func} called with invalid PyCapsule object"
            )));
        }
        Ok(op as *mut Capsule)
    }
}

/// Names match when both are NULL or both equal.
unsafe fn names_match(a: *const c_char, b: *const c_char) -> bool {
    // SAFETY: both NULL or NUL-terminated.
    unsafe {
        match (a.is_null(), b.is_null()) {
            (true, true) => true,
            (false, false) => CStr::from_ptr(a) == CStr::from_ptr(b),
            _ => false,
        }
    }
}

/// `PyCapsule_New`.
///
/// # Safety
/// `name` NULL or a string that outlives the capsule.
pub unsafe fn new(
    pointer: *mut c_void,
    name: *const c_char,
    destructor: Destructor,
) -> PyResult<Owned> {
    if pointer.is_null() {
        return Err(err::value_error("PyCapsule_New called with null pointer"));
    }
    // SAFETY: a fresh capsule, every field written.
    unsafe {
        let op = crate::runtime::alloc::new_object(
            lifecycle::capsule_type(),
            std::mem::size_of::<Capsule>(),
        )?;
        let c = op as *mut Capsule;
        (*c).pointer = pointer;
        (*c).name = name;
        (*c).context = ptr::null_mut();
        (*c).destructor = destructor;
        Ok(Owned::from_raw(op))
    }
}

/// `PyCapsule_IsValid`: never raises.
///
/// # Safety
/// `op` NULL or live; `name` NULL or a string.
pub unsafe fn is_valid(op: *mut PyObject, name: *const c_char) -> bool {
    // SAFETY: forwarded.
    unsafe {
        !op.is_null()
            && check(op)
            && !(*(op as *mut Capsule)).pointer.is_null()
            && names_match((*(op as *mut Capsule)).name, name)
    }
}

/// `PyCapsule_GetPointer`.
///
/// # Safety
/// `op` NULL or live; `name` NULL or a string.
pub unsafe fn get_pointer(op: *mut PyObject, name: *const c_char) -> PyResult<*mut c_void> {
    // SAFETY: forwarded.
    unsafe {
        let c = legal(op, "PyCapsule_GetPointer")?;
        if !names_match((*c).name, name) {
            return Err(err::value_error(
                "PyCapsule_GetPointer called with incorrect name",
            ));
        }
        Ok((*c).pointer)
    }
}

/// The fields C code reads and writes one at a time.
#[derive(Clone, Copy, Debug)]
pub enum Field {
    /// `GetName`/`SetName`.
    Name,
    /// `GetContext`/`SetContext`.
    Context,
    /// `GetDestructor`/`SetDestructor`.
    Destructor,
    /// `SetPointer` (reading is `GetPointer`).
    Pointer,
}

impl Field {
    fn what(self) -> &'static str {
        match self {
            Field::Name => "Name",
            Field::Context => "Context",
            Field::Destructor => "Destructor",
            Field::Pointer => "Pointer",
        }
    }
}

/// `PyCapsule_GetName`/`GetContext`/`GetDestructor`, as a raw pointer.
///
/// # Safety
/// `op` NULL or live.
pub unsafe fn get(op: *mut PyObject, f: Field) -> PyResult<*mut c_void> {
    // SAFETY: forwarded.
    unsafe {
        let c = legal(op, &format!("PyCapsule_Get{}", f.what()))?;
        Ok(match f {
            Field::Name => (*c).name as *mut c_void,
            Field::Context => (*c).context,
            Field::Destructor => (*c)
                .destructor
                .map_or(ptr::null_mut(), |d| d as *mut c_void),
            Field::Pointer => (*c).pointer,
        })
    }
}

/// `PyCapsule_SetName`/`SetContext`/`SetDestructor`/`SetPointer`.
///
/// # Safety
/// `op` NULL or live; `v` of the field's kind (a destructor must be a
/// function of that signature).
pub unsafe fn set(op: *mut PyObject, f: Field, v: *mut c_void) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if matches!(f, Field::Pointer) && v.is_null() {
            return Err(err::value_error(
                "PyCapsule_SetPointer called with null pointer",
            ));
        }
        let c = legal(op, &format!("PyCapsule_Set{}", f.what()))?;
        match f {
            Field::Name => (*c).name = v as *const c_char,
            Field::Context => (*c).context = v,
            Field::Destructor => {
                (*c).destructor = if v.is_null() {
                    None
                } else {
                    Some(std::mem::transmute::<
                        *mut c_void,
                        unsafe extern "C" fn(*mut PyObject),
                    >(v))
                }
            }
            Field::Pointer => (*c).pointer = v,
        }
        Ok(())
    }
}

/// `PyCapsule_Import`: imports the first dotted part of `name`, follows
/// the others as attributes, and returns the pointer of the capsule found
/// if its name is `name`.
///
/// # Safety
/// The runtime is initialized.
pub unsafe fn import(name: &CStr) -> PyResult<*mut c_void> {
    // SAFETY: forwarded.
    unsafe {
        let text = name.to_string_lossy();
        let mut parts = text.split('.');
        let first = parts.next().unwrap_or("");
        let mut obj = match crate::system::import::import(first) {
            Ok(m) => m,
            Err(_) => {
                return Err(err::raise(
                    Exc::ImportError,
                    &format!("PyCapsule_Import could not import module \"{first}\""),
                ))
            }
        };
        for p in parts {
            let k = crate::objects::unicode::from_str(p)?;
            obj = crate::protocols::abstract_::getattr(obj.as_ptr(), k.as_ptr())?;
        }
        if is_valid(obj.as_ptr(), name.as_ptr()) {
            return Ok((*(obj.as_ptr() as *mut Capsule)).pointer);
        }
        Err(err::raise(
            Exc::AttributeError,
            &format!("PyCapsule_Import \"{text}\" is not valid"),
        ))
    }
}
