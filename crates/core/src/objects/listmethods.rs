//! The methods of `list` (`append`, `clear`, `copy`, `count`, `extend`,
//! `index` with a range, `insert`, `pop`, `remove`, `reverse`, `sort`,
//! `__sizeof__`) and `tuple` (`index` with a range, `count`), with
//! CPython's messages. Comparisons may run Python code that changes the
//! list, so every loop re-reads the length and holds the item it compares.

use crate::objects::object::*;
use crate::protocols::clinic::{fastcall, kw_opt, pos, pos_opt, Args, Sig};
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle;
use crate::{objects::list, objects::long, objects::tuple, protocols::abstract_};

fn none() -> PyResult<Owned> {
    // SAFETY: None is immortal.
    Ok(unsafe { Owned::from_borrowed(lifecycle::none()) })
}

/// The `start`/`stop` of `index` (`_PyEval_SliceIndexNotNone`), clamped to
/// `len` as `list.index` and `tuple.index` do.
unsafe fn index_range(a: &Args<3>, len: isize) -> PyResult<(isize, isize)> {
    // SAFETY: live arguments.
    unsafe {
        let get = |i: usize, d: isize| -> PyResult<isize> {
            match a.get(i) {
                Some(v) => Ok(crate::objects::stdmethods::slice_index(v, false)?.unwrap_or(d)),
                None => Ok(d),
            }
        };
        let (mut start, mut stop) = (get(1, 0)?, get(2, isize::MAX)?);
        if start < 0 {
            start = (start + len).max(0);
        }
        if stop < 0 {
            stop = (stop + len).max(0);
        }
        Ok((start, stop))
    }
}

fastcall! {
    /// `list.append(object, /)`.
    pub(crate) fn list_append(l, a = Sig::new("append", &[pos("object")])) {
        list::append(l, a.req(0))?;
        none()
    }
}

fastcall! {
    /// `list.extend(iterable, /)`: the items are collected first, so
    /// `l.extend(l)` doubles the list.
    pub(crate) fn list_extend(l, a = Sig::new("extend", &[pos("iterable")])) {
        for x in abstract_::collect(a.req(0), "")? {
            list::append(l, x.as_ptr())?;
        }
        none()
    }
}

fastcall! {
    /// `list.pop(index=-1, /)`.
    pub(crate) fn list_pop(l, a = Sig::new("pop", &[pos_opt("index")])) {
        let i = a.ssize(0, -1)?;
        let len = list::size(l);
        if len == 0 {
            return Err(err::index_error("pop from empty list"));
        }
        let j = if i < 0 { i + len } else { i };
        if j < 0 || j >= len {
            return Err(err::index_error("pop index out of range"));
        }
        list::pop_at(l, j)
    }
}

fastcall! {
    /// `list.insert(index, object, /)`.
    pub(crate) fn list_insert(l, a = Sig::new("insert", &[pos("index"), pos("object")])) {
        let i = a.ssize(0, 0)?;
        list::insert(l, i, a.req(1))?;
        none()
    }
}

fastcall! {
    /// `list.sort(*, key=None, reverse=False)`.
    pub(crate) fn list_sort(l, a = Sig::new("sort", &[kw_opt("key"), kw_opt("reverse")])) {
        let key = a.get(0).filter(|k| *k != lifecycle::none());
        let reverse = a.truth(1, false)?;
        crate::objects::seqslice::list_sort_by(l, key, reverse)?;
        none()
    }
}

fastcall! {
    /// `list.reverse()`.
    pub(crate) fn list_reverse(l, _a = Sig::new("reverse", &[])) {
        crate::objects::seqslice::list_reverse(l)?;
        none()
    }
}

fastcall! {
    /// `list.clear()`.
    pub(crate) fn list_clear(l, _a = Sig::new("clear", &[])) {
        list::set_contents(l, Vec::new())?;
        none()
    }
}

fastcall! {
    /// `list.copy()`: a shallow copy.
    pub(crate) fn list_copy(l, _a = Sig::new("copy", &[])) {
        list::from_owned(list::to_vec(l))
    }
}

fastcall! {
    /// `list.count(value, /)`.
    pub(crate) fn list_count(l, a = Sig::new("count", &[pos("value")])) {
        let mut n = 0i64;
        let mut i = 0;
        while i < list::size(l) {
            let x = Owned::from_borrowed(list::item(l, i));
            if x.as_ptr() == a.req(0) || abstract_::rich_compare_bool(x.as_ptr(), a.req(0), abstract_::EQ)? {
                n += 1;
            }
            i += 1;
        }
        long::from_i64(n)
    }
}

fastcall! {
    /// `list.index(value, start=0, stop=sys.maxsize, /)`.
    pub(crate) fn list_index(l, a = Sig::new("index", &[pos("value"), pos_opt("start"), pos_opt("stop")])) {
        let (start, stop) = index_range(&a, list::size(l))?;
        let mut i = start;
        while i < stop && i < list::size(l) {
            let x = Owned::from_borrowed(list::item(l, i));
            if x.as_ptr() == a.req(0) || abstract_::rich_compare_bool(x.as_ptr(), a.req(0), abstract_::EQ)? {
                return long::from_i64(i as i64);
            }
            i += 1;
        }
        let r = abstract_::repr(a.req(0))?;
        Err(err::value_error(&format!(
            "{} is not in list",
            crate::objects::unicode::as_str(r.as_ptr())
        )))
    }
}

fastcall! {
    /// `list.remove(value, /)`: the first equal item.
    pub(crate) fn list_remove(l, a = Sig::new("remove", &[pos("value")])) {
        let mut i = 0;
        while i < list::size(l) {
            let x = Owned::from_borrowed(list::item(l, i));
            if x.as_ptr() == a.req(0) || abstract_::rich_compare_bool(x.as_ptr(), a.req(0), abstract_::EQ)? {
                if i < list::size(l) {
                    list::pop_at(l, i)?;
                }
                return none();
            }
            i += 1;
        }
        Err(err::value_error("list.remove(x): x not in list"))
    }
}

fastcall! {
    /// `list.__sizeof__()`: the object and its item array.
    pub(crate) fn list_sizeof(l, _a = Sig::new("__sizeof__", &[])) {
        let allocated = (*(l as *mut list::PyListObject)).allocated;
        long::from_i64((std::mem::size_of::<list::PyListObject>() as isize + allocated * 8) as i64)
    }
}

fastcall! {
    /// `tuple.index(value, start=0, stop=sys.maxsize, /)`.
    pub(crate) fn tuple_index(t, a = Sig::new("index", &[pos("value"), pos_opt("start"), pos_opt("stop")])) {
        let len = tuple::size(t);
        let (start, stop) = index_range(&a, len)?;
        let mut i = start;
        while i < stop && i < len {
            let x = tuple::item(t, i);
            if x == a.req(0) || abstract_::rich_compare_bool(x, a.req(0), abstract_::EQ)? {
                return long::from_i64(i as i64);
            }
            i += 1;
        }
        Err(err::value_error("tuple.index(x): x not in tuple"))
    }
}

fastcall! {
    /// `tuple.count(value, /)`.
    pub(crate) fn tuple_count(t, a = Sig::new("count", &[pos("value")])) {
        let mut c = 0i64;
        for i in 0..tuple::size(t) {
            let x = tuple::item(t, i);
            if x == a.req(0) || abstract_::rich_compare_bool(x, a.req(0), abstract_::EQ)? {
                c += 1;
            }
        }
        long::from_i64(c)
    }
}
