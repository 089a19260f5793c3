//! The `gc` module over [`crate::runtime::gc`]: `collect`, `enable`,
//! `disable`, `isenabled`, thresholds and counts, `get_stats`, `garbage`
//! and `callbacks`, `is_tracked`, `is_finalized`, `get_objects`,
//! `get_referrers`, `get_referents`, the debug flags. `freeze` and its
//! permanent generation are not here.

use crate::objects::object::*;
use crate::objects::typeobj::PyMethodDef;
use crate::objects::{dict, list, long, module, tuple, unicode};
use crate::protocols::clinic::{arg_opt, def, fastcall, fastcall_varargs, pos, pos_opt, Sig};
use crate::runtime::err::{self, PyResult};
use crate::runtime::{gc, lifecycle};
use std::ptr;

fn none() -> PyResult<Owned> {
    // SAFETY: None is immortal.
    Ok(unsafe { Owned::from_borrowed(lifecycle::none()) })
}

fn int_tuple(v: [isize; 3]) -> PyResult<Owned> {
    let a = long::from_i64(v[0] as i64)?;
    let b = long::from_i64(v[1] as i64)?;
    let c = long::from_i64(v[2] as i64)?;
    tuple::new_from(&[a.as_ptr(), b.as_ptr(), c.as_ptr()])
}

/// A C `int` argument (`PyArg_ParseTuple`'s `i`).
unsafe fn c_int_arg(v: *mut PyObject) -> PyResult<isize> {
    // SAFETY: forwarded.
    let n = unsafe { crate::protocols::number::index(v)? };
    // SAFETY: `n` is an int.
    let x = unsafe { long::as_i64(n.as_ptr(), "signed integer is greater than maximum")? };
    if x > i32::MAX as i64 {
        return Err(err::overflow_error(
            "signed integer is greater than maximum",
        ));
    }
    if x < i32::MIN as i64 {
        return Err(err::overflow_error("signed integer is less than minimum"));
    }
    Ok(x as isize)
}

fastcall! {
    /// `gc.enable()`.
    fn gc_enable(_m, _a = Sig::new("enable", &[])) { gc::set_enabled(true); none() }
}
fastcall! {
    /// `gc.disable()`.
    fn gc_disable(_m, _a = Sig::new("disable", &[])) { gc::set_enabled(false); none() }
}
fastcall! {
    /// `gc.isenabled()`.
    fn gc_isenabled(_m, _a = Sig::new("isenabled", &[])) { Ok(long::bool_from(gc::enabled())) }
}
fastcall! {
    /// `gc.collect(generation=2)`: the number of unreachable objects found.
    fn gc_collect(_m, a = Sig::new("collect", &[arg_opt("generation")])) {
        let g = match a.get(0) {
            Some(v) => c_int_arg(v)?,
            None => 2,
        };
        if !(0..3).contains(&g) {
            return Err(err::value_error("invalid generation"));
        }
        long::from_i64(gc::collect_explicit(g as usize) as i64)
    }
}
fastcall! {
    /// `gc.get_count()`.
    fn gc_get_count(_m, _a = Sig::new("get_count", &[])) { int_tuple(gc::counts()) }
}
fastcall! {
    /// `gc.get_threshold()`.
    fn gc_get_threshold(_m, _a = Sig::new("get_threshold", &[])) { int_tuple(gc::thresholds()) }
}
fastcall! {
    /// `gc.set_threshold(threshold0, [threshold1, [threshold2]])`.
    fn gc_set_threshold(_m, a = Sig::new("set_threshold", &[pos("threshold0"), pos_opt("threshold1"), pos_opt("threshold2")])) {
        let mut t = [None; 3];
        for (i, slot) in t.iter_mut().enumerate() {
            if let Some(v) = a.get(i) {
                *slot = Some(c_int_arg(v)?);
            }
        }
        gc::set_thresholds(t);
        none()
    }
}
fastcall! {
    /// `gc.get_debug()`.
    fn gc_get_debug(_m, _a = Sig::new("get_debug", &[])) { long::from_i64(gc::debug_flags() as i64) }
}
fastcall! {
    /// `gc.set_debug(flags)`.
    fn gc_set_debug(_m, a = Sig::new("set_debug", &[pos("flags")])) {
        gc::set_debug_flags(c_int_arg(a.req(0))? as i32);
        none()
    }
}
fastcall! {
    /// `gc.get_stats()`: a dict per generation.
    fn gc_get_stats(_m, _a = Sig::new("get_stats", &[])) {
        let out = list::new(0)?;
        for s in gc::stats() {
            let d = dict::new()?;
            for (k, v) in [("collections", s.collections), ("collected", s.collected), ("uncollectable", s.uncollectable)] {
                let k = unicode::from_str(k)?;
                let v = long::from_i64(v as i64)?;
                dict::set(d.as_ptr(), k.as_ptr(), v.as_ptr())?;
            }
            list::append(out.as_ptr(), d.as_ptr())?;
        }
        Ok(out)
    }
}
fastcall! {
    /// `gc.is_tracked(obj)`.
    fn gc_is_tracked(_m, a = Sig::new("is_tracked", &[pos("obj")])) {
        Ok(long::bool_from(gc::is_tracked(a.req(0))))
    }
}
fastcall! {
    /// `gc.is_finalized(obj)`.
    fn gc_is_finalized(_m, a = Sig::new("is_finalized", &[pos("obj")])) {
        let o = a.req(0);
        Ok(long::bool_from(gc::is_gc(o) && gc::is_finalized(o)))
    }
}
fastcall! {
    /// `gc.get_objects(generation=None)`.
    fn gc_get_objects(_m, a = Sig::new("get_objects", &[arg_opt("generation")])) {
        let gen = match a.get(0).filter(|v| *v != lifecycle::none()) {
            None => None,
            Some(v) => {
                let g = c_int_arg(v)?;
                if g >= 3 {
                    return Err(err::value_error(
                        "generation parameter must be less than the number of available generations (3)",
                    ));
                }
                if g < 0 {
                    return Err(err::value_error("generation parameter cannot be negative"));
                }
                Some(g as u8)
            }
        };
        let mut objs = Vec::new();
        gc::for_each_in_generation(gen, |o| objs.push(Owned::from_borrowed(o)));
        let out = list::new(0)?;
        for o in objs {
            list::append(out.as_ptr(), o.as_ptr())?;
        }
        Ok(out)
    }
}
fastcall_varargs! {
    /// `gc.get_referrers(*objs)`: the tracked objects that refer to any.
    fn gc_get_referrers(_m, *objs, _a = Sig::legacy("get_referrers", &[])) {
        let mut found = Vec::new();
        gc::for_each_tracked(|o| {
            let mut hit = false;
            gc::traverse_with(o, |r| hit |= objs.contains(&r));
            if hit {
                found.push(Owned::from_borrowed(o));
            }
        });
        let out = list::new(0)?;
        for o in found {
            list::append(out.as_ptr(), o.as_ptr())?;
        }
        Ok(out)
    }
}
fastcall_varargs! {
    /// `gc.get_referents(*objs)`: what the GC objects among `objs` refer to.
    fn gc_get_referents(_m, *objs, _a = Sig::legacy("get_referents", &[])) {
        let mut found = Vec::new();
        for &o in objs {
            if gc::is_gc(o) {
                gc::traverse_with(o, |r| found.push(Owned::from_borrowed(r)));
            }
        }
        let out = list::new(0)?;
        for o in found {
            list::append(out.as_ptr(), o.as_ptr())?;
        }
        Ok(out)
    }
}

static mut METHODS: [PyMethodDef; 17] = [
    def(c"enable", gc_enable),
    def(c"disable", gc_disable),
    def(c"isenabled", gc_isenabled),
    def(c"collect", gc_collect),
    def(c"get_count", gc_get_count),
    def(c"get_threshold", gc_get_threshold),
    def(c"set_threshold", gc_set_threshold),
    def(c"get_debug", gc_get_debug),
    def(c"set_debug", gc_set_debug),
    def(c"get_stats", gc_get_stats),
    def(c"is_tracked", gc_is_tracked),
    def(c"is_finalized", gc_is_finalized),
    def(c"get_objects", gc_get_objects),
    def(c"get_referrers", gc_get_referrers),
    def(c"get_referents", gc_get_referents),
    crate::objects::typeobj::METHOD_END,
    crate::objects::typeobj::METHOD_END,
];

/// Creates the `gc` module (for the builtin module table).
pub fn create_module() -> PyResult<Owned> {
    // SAFETY: the runtime is initialized; the method table is static.
    unsafe {
        let name = unicode::intern("gc")?;
        let m = module::new(name.as_ptr())?;
        crate::objects::moduledef::add_functions(
            m.as_ptr(),
            ptr::addr_of_mut!(METHODS) as *mut PyMethodDef,
        )?;
        let d = module::dict_of(m.as_ptr());
        let set = |k: &str, v: *mut PyObject| -> PyResult<()> {
            let k = unicode::from_str(k)?;
            dict::set(d, k.as_ptr(), v)
        };
        set("garbage", gc::garbage_list()?)?;
        set("callbacks", gc::callbacks_list()?)?;
        for (k, v) in [
            ("DEBUG_STATS", 1),
            ("DEBUG_COLLECTABLE", 2),
            ("DEBUG_UNCOLLECTABLE", 4),
            ("DEBUG_SAVEALL", gc::DEBUG_SAVEALL),
            ("DEBUG_LEAK", 38),
        ] {
            let v = long::from_i64(v as i64)?;
            set(k, v.as_ptr())?;
        }
        Ok(m)
    }
}
