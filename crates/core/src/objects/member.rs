//! Member descriptors (`PyMemberDef`): typed fields at fixed offsets of an
//! instance, read and written with CPython's conversions and messages
//! (`PyMember_GetOne`/`PyMember_SetOne`), and the `member_descriptor` type
//! that exposes them as attributes.

use crate::objects::exceptions::Exc;
use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyMemberDef, PyTypeObject};
use crate::runtime::alloc;
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::{objects::descr, objects::dict, objects::float, objects::long, objects::unicode};
use std::ffi::{c_char, c_int, CStr};
use std::ptr;

#[allow(missing_docs)]
pub mod t {
    use std::ffi::c_int;
    pub const SHORT: c_int = 0;
    pub const INT: c_int = 1;
    pub const LONG: c_int = 2;
    pub const FLOAT: c_int = 3;
    pub const DOUBLE: c_int = 4;
    pub const STRING: c_int = 5;
    pub const OBJECT: c_int = 6;
    pub const CHAR: c_int = 7;
    pub const BYTE: c_int = 8;
    pub const UBYTE: c_int = 9;
    pub const USHORT: c_int = 10;
    pub const UINT: c_int = 11;
    pub const ULONG: c_int = 12;
    pub const STRING_INPLACE: c_int = 13;
    pub const BOOL: c_int = 14;
    pub const OBJECT_EX: c_int = 16;
    pub const LONGLONG: c_int = 17;
    pub const ULONGLONG: c_int = 18;
    pub const PYSSIZET: c_int = 19;
    pub const NONE: c_int = 20;
    pub const READONLY: c_int = 1;
    pub const RELATIVE_OFFSET: c_int = 8;
}

/// A writable `_Py_T_OBJECT` member (NULL reads as None) at `offset`.
pub const fn object_member(name: &'static CStr, offset: usize) -> PyMemberDef {
    PyMemberDef {
        name: name.as_ptr(),
        type_code: t::OBJECT,
        offset: offset as isize,
        flags: 0,
        doc: ptr::null(),
    }
}

/// A read-only `T_OBJECT` member (`None` when the field is NULL).
pub const fn readonly_object_member(name: &'static CStr, offset: usize) -> PyMemberDef {
    let mut m = object_member(name, offset);
    m.flags = t::READONLY;
    m
}

/// The terminator of a `PyMemberDef` table.
pub const MEMBER_END: PyMemberDef = PyMemberDef {
    name: ptr::null(),
    type_code: 0,
    offset: 0,
    flags: 0,
    doc: ptr::null(),
};

/// A `member_descriptor`.
#[repr(C)]
pub struct PyMemberDescrObject {
    /// Header.
    pub ob_base: PyObject,
    /// Owner type (borrowed: a type outlives the descriptors in its dict).
    pub d_type: *mut PyTypeObject,
    /// Name (owned).
    pub d_name: *mut PyObject,
    /// The C entry.
    pub d_member: *mut PyMemberDef,
}
descr::assert_header!(PyMemberDescrObject);

static mut MEMBER_TYPE: *mut PyTypeObject = ptr::null_mut();

/// The `member_descriptor` type.
pub fn descr_type() -> *mut PyTypeObject {
    // SAFETY: written once at start-up.
    unsafe { *ptr::addr_of!(MEMBER_TYPE) }
}

/// The byte offset of an object slot (`Py_T_OBJECT_EX`, as `__slots__`
/// makes) that the member descriptor `d` reads and writes, if it is one
/// (not read-only, not relative).
///
/// # Safety
/// `d` a live `member_descriptor`.
pub unsafe fn object_slot_offset(d: *mut PyObject, writable: bool) -> Option<isize> {
    // SAFETY: caller's contract.
    unsafe {
        let m = (*(d as *mut PyMemberDescrObject)).d_member;
        let ok = (*m).type_code == t::OBJECT_EX
            && (*m).flags & t::RELATIVE_OFFSET == 0
            && (!writable || (*m).flags & t::READONLY == 0)
            && (*m).offset > 0;
        ok.then_some((*m).offset)
    }
}

/// Creates the `member_descriptor` type. Start-up only, before types are
/// readied.
pub(crate) unsafe fn init_type() {
    // SAFETY: start-up.
    unsafe {
        let t = lifecycle::leak_type();
        (*t).tp_name = c"member_descriptor".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<PyMemberDescrObject>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::IMMUTABLETYPE;
        (*t).tp_dealloc = Some(descr::header_dealloc);
        (*t).tp_repr = Some(member_repr);
        (*t).tp_descr_get = Some(member_get);
        (*t).tp_descr_set = Some(member_set);
        (*t).tp_getset = ptr::addr_of_mut!(MEMBER_GETSET) as *mut typeobj::PyGetSetDef;
        MEMBER_TYPE = t;
    }
}

static mut MEMBER_GETSET: [typeobj::PyGetSetDef; 5] = [
    typeobj::getset(c"__qualname__", Some(descr::header_qualname)),
    typeobj::getset(c"__doc__", Some(member_get_doc)),
    typeobj::getset(c"__name__", Some(descr::header_name)),
    typeobj::getset(c"__objclass__", Some(descr::header_objclass)),
    typeobj::GETSET_END,
];

unsafe extern "C" fn member_get_doc(op: *mut PyObject, _c: *mut std::ffi::c_void) -> *mut PyObject {
    // SAFETY: getset on a member descriptor.
    unsafe {
        let doc = (*(*(op as *mut PyMemberDescrObject)).d_member).doc;
        if doc.is_null() {
            return new_ref(lifecycle::none());
        }
        err::into_ptr(unicode::from_utf8(CStr::from_ptr(doc).to_bytes()))
    }
}

/// Readies `member_descriptor`. Start-up only.
pub(crate) unsafe fn ready_type() {
    // SAFETY: start-up.
    unsafe {
        if typeobj::ready_static(MEMBER_TYPE).is_err() {
            lifecycle::fatal("Py_Initialize", "cannot ready member_descriptor");
        }
    }
}

/// Adds a descriptor to `t`'s dict for each entry of a NULL-terminated
/// member table.
///
/// # Safety
/// `t` a type being readied; `defs` lives as long as the type.
pub unsafe fn add_members(t: *mut PyTypeObject, defs: *mut PyMemberDef) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let mut p = defs;
        while !(*p).name.is_null() {
            if (*p).flags & t::RELATIVE_OFFSET != 0 {
                return Err(err::system_error(
                    "Py_RELATIVE_OFFSET members need a type spec with a negative basicsize",
                ));
            }
            let key = unicode::intern(&CStr::from_ptr((*p).name).to_string_lossy())?;
            let op = alloc::new_object(MEMBER_TYPE, std::mem::size_of::<PyMemberDescrObject>())?;
            let d = op as *mut PyMemberDescrObject;
            (*d).d_type = t;
            (*d).d_name = new_ref(key.as_ptr());
            (*d).d_member = p;
            let descr = Owned::from_raw(op);
            dict::set((*t).tp_dict, key.as_ptr(), descr.as_ptr())?;
            p = p.add(1);
        }
        Ok(())
    }
}

/// `PyMember_GetOne`: reads the member of `obj` at `m`.
///
/// # Safety
/// `obj` must be a live instance whose layout has the member.
pub unsafe fn get_one(obj: *mut PyObject, m: *const PyMemberDef) -> PyResult<Owned> {
    // SAFETY: the member's offset lies inside `obj` (type's contract).
    unsafe {
        let addr = (obj as *mut u8).offset((*m).offset);
        macro_rules! rd {
            ($ty:ty) => {
                ptr::read_unaligned(addr as *const $ty)
            };
        }
        match (*m).type_code {
            t::BOOL => Ok(long::bool_from(rd!(u8) != 0)),
            t::BYTE => long::from_i64(i64::from(rd!(i8))),
            t::UBYTE => long::from_i64(i64::from(rd!(u8))),
            t::SHORT => long::from_i64(i64::from(rd!(i16))),
            t::USHORT => long::from_i64(i64::from(rd!(u16))),
            t::INT => long::from_i64(i64::from(rd!(i32))),
            t::UINT => long::from_i64(i64::from(rd!(u32))),
            t::LONG | t::LONGLONG => long::from_i64(rd!(i64)),
            t::ULONG | t::ULONGLONG => long::from_u64(rd!(u64)),
            t::PYSSIZET => long::from_i64(rd!(isize) as i64),
            t::FLOAT => float::from_f64(f64::from(rd!(f32))),
            t::DOUBLE => float::from_f64(rd!(f64)),
            t::STRING => {
                let p: *const c_char = rd!(*const c_char);
                if p.is_null() {
                    Ok(Owned::from_borrowed(lifecycle::none()))
                } else {
                    unicode::from_utf8(CStr::from_ptr(p).to_bytes())
                }
            }
            t::STRING_INPLACE => {
                unicode::from_utf8(CStr::from_ptr(addr as *const c_char).to_bytes())
            }
            t::CHAR => unicode::from_utf8(&[rd!(u8)]),
            t::OBJECT => {
                let v: *mut PyObject = rd!(*mut PyObject);
                Ok(Owned::from_borrowed(if v.is_null() {
                    lifecycle::none()
                } else {
                    v
                }))
            }
            t::OBJECT_EX => {
                let v: *mut PyObject = rd!(*mut PyObject);
                if v.is_null() {
                    return Err(err::raise(
                        Exc::AttributeError,
                        &format!(
                            "'{}' object has no attribute '{}'",
                            typeobj::full_name((*obj).ob_type),
                            CStr::from_ptr((*m).name).to_string_lossy()
                        ),
                    ));
                }
                Ok(Owned::from_borrowed(v))
            }
            t::NONE => Ok(Owned::from_borrowed(lifecycle::none())),
            _ => Err(err::system_error("bad memberdescr type")),
        }
    }
}

/// `PyMember_SetOne`: writes `v` (NULL deletes) into the member of `obj`.
///
/// # Safety
/// `obj` must be a live instance whose layout has the member; `v` NULL or
/// live.
pub unsafe fn set_one(obj: *mut PyObject, m: *const PyMemberDef, v: *mut PyObject) -> PyResult<()> {
    // SAFETY: the member's offset lies inside `obj` (type's contract).
    unsafe {
        let addr = (obj as *mut u8).offset((*m).offset);
        if (*m).flags & t::READONLY != 0 {
            return Err(err::raise(Exc::AttributeError, "readonly attribute"));
        }
        let code = (*m).type_code;
        if v.is_null() {
            return match code {
                t::OBJECT_EX => {
                    let slot = addr as *mut *mut PyObject;
                    if (*slot).is_null() {
                        return Err(err::raise(
                            Exc::AttributeError,
                            &CStr::from_ptr((*m).name).to_string_lossy(),
                        ));
                    }
                    clear_slot(slot);
                    Ok(())
                }
                t::OBJECT => {
                    clear_slot(addr as *mut *mut PyObject);
                    Ok(())
                }
                _ => Err(err::type_error("can't delete numeric/char attribute")),
            };
        }
        macro_rules! wr {
            ($ty:ty, $val:expr) => {
                ptr::write_unaligned(addr as *mut $ty, $val)
            };
        }
        let as_long = |v: *mut PyObject| -> PyResult<i64> {
            long::as_i64(v, "Python int too large to convert to C long")
        };
        match code {
            t::BOOL => {
                if (*v).ob_type != lifecycle::bool_type() {
                    return Err(err::type_error("attribute value type must be bool"));
                }
                wr!(u8, u8::from(v == lifecycle::true_()));
            }
            t::BYTE => wr!(i8, as_long(v)? as i8),
            t::UBYTE => wr!(u8, as_long(v)? as u8),
            t::SHORT => wr!(i16, as_long(v)? as i16),
            t::USHORT => wr!(u16, as_long(v)? as u16),
            t::INT => wr!(i32, as_long(v)? as i32),
            t::UINT => wr!(u32, as_long(v)? as u32),
            t::LONG => wr!(i64, as_long(v)?),
            t::LONGLONG => wr!(i64, long::as_i64(v, "int too big to convert")?),
            t::PYSSIZET => wr!(isize, long::as_ssize(v)?),
            t::ULONG => {
                // Negative values are stored wrapped, as CPython (with a
                // warning there); anything else must fit a C long or an
                // unsigned long.
                let x = match long::index(v) {
                    Ok(i) => match long::val(i.as_ptr()) {
                        long::Val::Small(s) => s as u64,
                        long::Val::Big(b) => match num_traits::ToPrimitive::to_u64(&b) {
                            Some(u) => u,
                            None => {
                                return Err(err::overflow_error(
                                    "Python int too large to convert to C long",
                                ))
                            }
                        },
                    },
                    Err(e) => return Err(e),
                };
                wr!(u64, x);
            }
            t::ULONGLONG => {
                let i = long::index(v)?;
                let x = match long::val(i.as_ptr()) {
                    long::Val::Small(s) if s < 0 => {
                        return Err(err::overflow_error(
                            "can't convert negative int to unsigned",
                        ))
                    }
                    long::Val::Small(s) => s as u64,
                    long::Val::Big(b) => {
                        if num_traits::Signed::is_negative(&b) {
                            return Err(err::overflow_error(
                                "can't convert negative int to unsigned",
                            ));
                        }
                        match num_traits::ToPrimitive::to_u64(&b) {
                            Some(u) => u,
                            None => return Err(err::overflow_error("int too big to convert")),
                        }
                    }
                };
                wr!(u64, x);
            }
            t::FLOAT => wr!(f32, float::as_f64(v)? as f32),
            t::DOUBLE => wr!(f64, float::as_f64(v)?),
            t::OBJECT | t::OBJECT_EX => {
                let slot = addr as *mut *mut PyObject;
                let old = *slot;
                *slot = new_ref(v);
                xdecref(old);
            }
            t::CHAR => {
                if !unicode::check(v) || unicode::len_chars(v) != 1 {
                    return Err(err::type_error("bad argument type for built-in operation"));
                }
                let b = unicode::as_bytes(v);
                if b.len() != 1 {
                    return Err(err::type_error("bad argument type for built-in operation"));
                }
                wr!(u8, b[0]);
            }
            t::STRING | t::STRING_INPLACE => return Err(err::type_error("readonly attribute")),
            _ => {
                return Err(err::system_error(&format!(
                    "bad memberdescr type for {}",
                    CStr::from_ptr((*m).name).to_string_lossy()
                )))
            }
        }
        Ok(())
    }
}

unsafe extern "C" fn member_repr(op: *mut PyObject) -> *mut PyObject {
    let d = op as *mut PyMemberDescrObject;
    // SAFETY: slot on a member descriptor.
    unsafe { descr::owner_repr("member", (*d).d_type, (*d).d_name) }
}

unsafe fn check_applies(d: *mut PyMemberDescrObject, obj: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe { descr::check_owner((*d).d_type, (*d).d_name, obj) }
}

unsafe extern "C" fn member_get(
    op: *mut PyObject,
    obj: *mut PyObject,
    _t: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: slot on a member descriptor.
    unsafe {
        if obj.is_null() {
            return new_ref(op);
        }
        let d = op as *mut PyMemberDescrObject;
        if let Err(e) = check_applies(d, obj) {
            return e.into();
        }
        err::into_ptr(get_one(obj, (*d).d_member))
    }
}

unsafe extern "C" fn member_set(op: *mut PyObject, obj: *mut PyObject, v: *mut PyObject) -> c_int {
    // SAFETY: slot on a member descriptor.
    unsafe {
        let d = op as *mut PyMemberDescrObject;
        if let Err(e) = check_applies(d, obj) {
            return e.into();
        }
        match set_one(obj, (*d).d_member, v) {
            Ok(()) => 0,
            Err(e) => e.into(),
        }
    }
}
