//! Slicing of the builtin sequences (`list`, `tuple`, `str`, `bytes` with a
//! slice subscript; slice assignment and deletion on lists), and the list
//! operations built on the same machinery: `PyList_GetSlice`,
//! `PyList_SetSlice`, `PyList_Sort`, `PyList_Reverse`.
//!
//! Sorting is CPython's for lists of fewer than 64 items (one run found by
//! `count_run`, then binary insertion), so the comparisons made, the error
//! a failing comparison raises and the order left behind by an error are
//! the same; longer lists are cut into the same runs and merged stably, so
//! their result is the same but the comparisons made may differ.

use crate::objects::object::*;
use crate::objects::slice;
use crate::runtime::err::{self, PyResult};
use crate::{
    objects::bytes, objects::list, objects::tuple, objects::unicode, protocols::abstract_,
    protocols::sequence, runtime::lifecycle,
};

/// `list[slice]`: a new list.
///
/// # Safety
/// `op` a live list, `key` a live slice.
pub unsafe fn list_get(op: *mut PyObject, key: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded; positions are within the list.
    unsafe {
        let (start, _, step, n) = slice::indices(key, || list::size(op))?;
        let out = list::new(n)?;
        let dst = (*(out.as_ptr() as *mut list::PyListObject)).ob_item;
        for (k, i) in slice::positions(start, step, n).enumerate() {
            *dst.add(k) = new_ref(list::item(op, i));
        }
        Ok(out)
    }
}

/// `tuple[slice]`: the tuple itself when it selects everything.
///
/// # Safety
/// `op` a live tuple, `key` a live slice.
pub unsafe fn tuple_get(op: *mut PyObject, key: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let len = tuple::size(op);
        let (start, _, step, n) = slice::indices(key, || len)?;
        if step == 1 && n == len && (*op).ob_type == lifecycle::tuple_type() {
            return Ok(Owned::from_borrowed(op));
        }
        let items: Vec<*mut PyObject> = slice::positions(start, step, n)
            .map(|i| tuple::item(op, i))
            .collect();
        tuple::new_from(&items)
    }
}

/// `str[slice]`: the str itself when it selects everything.
///
/// # Safety
/// `op` a live str, `key` a live slice.
pub unsafe fn str_get(op: *mut PyObject, key: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let len = unicode::len_chars(op);
        let (start, _, step, n) = slice::indices(key, || len)?;
        if step == 1 && n == len && unicode::check_exact(op) {
            return Ok(Owned::from_borrowed(op));
        }
        if step == 1 {
            return unicode::slice(op, start as usize, (start + n) as usize);
        }
        let cps: Vec<u32> = slice::positions(start, step, n)
            .map(|i| unicode::read_char(op, i as usize))
            .collect();
        unicode::from_code_points(&cps)
    }
}

/// `bytes[slice]`: the bytes object itself when it selects everything.
///
/// # Safety
/// `op` a live bytes object, `key` a live slice.
pub unsafe fn bytes_get(op: *mut PyObject, key: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let b = bytes::as_slice(op);
        let len = b.len() as isize;
        let (start, _, step, n) = slice::indices(key, || len)?;
        if step == 1 && n == len && (*op).ob_type == lifecycle::bytes_type() {
            return Ok(Owned::from_borrowed(op));
        }
        let out: Vec<u8> = slice::positions(start, step, n)
            .map(|i| b[i as usize])
            .collect();
        bytes::from_bytes(&out)
    }
}

/// The items of a value assigned to a slice (`PySequence_Fast` with
/// CPython's message), snapshotted so `l[:] = l` works.
///
/// # Safety
/// `v` live.
unsafe fn items_of(v: *mut PyObject, msg: &str) -> PyResult<Vec<Owned>> {
    // SAFETY: forwarded.
    unsafe {
        let f = sequence::fast(v, msg)?;
        let p = f.as_ptr();
        Ok(if list::check(p) {
            list::to_vec(p)
        } else {
            (0..tuple::size(p))
                .map(|i| Owned::from_borrowed(tuple::item(p, i)))
                .collect()
        })
    }
}

/// `l[lo:hi] = v` (`v` NULL deletes), indexes clamped as
/// `PyList_SetSlice` does.
///
/// # Safety
/// `op` a live list, `v` NULL or live.
pub unsafe fn list_assign_range(
    op: *mut PyObject,
    lo: isize,
    hi: isize,
    v: *mut PyObject,
) -> PyResult<()> {
    // SAFETY: forwarded; the list is consistent again before any old
    // item is released (which may run arbitrary code).
    unsafe {
        // The new items, as new references: straight from another exact
        // list or tuple, else a snapshot (`l[:] = l`, iterables).
        let snapshot;
        let new: &[*mut PyObject] = if v.is_null() {
            &[]
        } else if v != op
            && ((*v).ob_type == lifecycle::list_type() || (*v).ob_type == lifecycle::tuple_type())
        {
            let n = (*(v as *mut PyVarObject)).ob_size as usize;
            let items = if (*v).ob_type == lifecycle::list_type() {
                (*(v as *mut list::PyListObject)).ob_item
            } else {
                tuple::items(v)
            };
            if n == 0 {
                &[]
            } else {
                std::slice::from_raw_parts(items, n)
            }
        } else {
            snapshot = items_of(v, "can only assign an iterable")?;
            std::slice::from_raw_parts(snapshot.as_ptr() as *const *mut PyObject, snapshot.len())
        };
        let n = list::size(op);
        let lo = lo.clamp(0, n) as usize;
        let hi = (hi.clamp(lo as isize, n)) as usize;
        list::replace_range(op, lo, hi, new)
    }
}

/// `l[slice] = v` and `del l[slice]`.
///
/// # Safety
/// `op` a live list, `key` a live slice, `v` NULL or live.
pub unsafe fn list_assign(op: *mut PyObject, key: *mut PyObject, v: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let (start, stop, step, n) = slice::indices(key, || list::size(op))?;
        if step == 1 {
            return list_assign_range(op, start, stop, v);
        }
        if v.is_null() {
            let all = list::to_vec(op);
            let gone: std::collections::HashSet<isize> = slice::positions(start, step, n).collect();
            let kept = all
                .into_iter()
                .enumerate()
                .filter(|(i, _)| !gone.contains(&(*i as isize)))
                .map(|(_, o)| o)
                .collect();
            return list::set_contents(op, kept);
        }
        let new = items_of(v, "must assign iterable to extended slice")?;
        let mut all = list::to_vec(op);
        if new.len() as isize != n {
            return Err(err::value_error(&format!(
                "attempt to assign sequence of size {} to extended slice of size {n}",
                new.len()
            )));
        }
        for (i, x) in slice::positions(start, step, n).zip(new) {
            // (the list cannot have shrunk since `indices`, but a slot
            // past its end is skipped rather than trusted)
            if let Some(slot) = all.get_mut(i as usize) {
                *slot = x;
            }
        }
        list::set_contents(op, all)
    }
}

/// `PyList_GetSlice`: items `lo..hi`, clamped.
///
/// # Safety
/// `op` a live list.
pub unsafe fn list_range(op: *mut PyObject, lo: isize, hi: isize) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let n = list::size(op);
        let lo = lo.clamp(0, n);
        let hi = hi.clamp(lo, n);
        let items = (*(op as *mut list::PyListObject)).ob_item;
        if lo == hi {
            return list::new(0);
        }
        list::from_slice(std::slice::from_raw_parts(
            items.add(lo as usize),
            (hi - lo) as usize,
        ))
    }
}

/// `PyList_Reverse`.
///
/// # Safety
/// `op` a live list.
pub unsafe fn list_reverse(op: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let mut all = list::to_vec(op);
        all.reverse();
        list::set_contents(op, all)
    }
}

/// An item the sort moves: an object compared by itself, or a key and the
/// value it came from (`list.sort(key=...)`).
trait SortItem: Sized {
    /// What `<` compares.
    fn key(&self) -> *mut PyObject;
    /// Another handle to the same item.
    fn share(&self) -> Self;
}

impl SortItem for Owned {
    fn key(&self) -> *mut PyObject {
        self.as_ptr()
    }
    fn share(&self) -> Self {
        // SAFETY: `self` holds a reference, so the object is live.
        unsafe { Owned::from_borrowed(self.as_ptr()) }
    }
}

impl SortItem for (Owned, Owned) {
    fn key(&self) -> *mut PyObject {
        self.0.as_ptr()
    }
    fn share(&self) -> Self {
        (self.0.share(), self.1.share())
    }
}

fn lt<T: SortItem>(a: &T, b: &T) -> PyResult<bool> {
    // SAFETY: both live (held by the sort's vector).
    unsafe { abstract_::rich_compare_bool(a.key(), b.key(), abstract_::LT) }
}

/// CPython's `count_run`: the length of the run starting at `lo`, and
/// whether it is strictly descending.
fn count_run<T: SortItem>(v: &[T], lo: usize, hi: usize) -> PyResult<(usize, bool)> {
    if lo + 1 == hi {
        return Ok((1, false));
    }
    let mut n = 2;
    if lt(&v[lo + 1], &v[lo])? {
        let mut i = lo + 2;
        while i < hi && lt(&v[i], &v[i - 1])? {
            i += 1;
            n += 1;
        }
        Ok((n, true))
    } else {
        let mut i = lo + 2;
        while i < hi && !lt(&v[i], &v[i - 1])? {
            i += 1;
            n += 1;
        }
        Ok((n, false))
    }
}

/// CPython's `binarysort`: `v[lo..start]` is sorted; inserts the rest.
fn binary_sort<T: SortItem>(v: &mut [T], lo: usize, hi: usize, start: usize) -> PyResult<()> {
    let mut start = if start == lo { start + 1 } else { start };
    while start < hi {
        let (mut l, mut r) = (lo, start);
        while l < r {
            let p = l + ((r - l) >> 1);
            if lt(&v[start], &v[p])? {
                r = p;
            } else {
                l = p + 1;
            }
        }
        v[l..=start].rotate_right(1);
        start += 1;
    }
    Ok(())
}

fn min_run(mut n: usize) -> usize {
    let mut r = 0;
    while n >= 64 {
        r |= n & 1;
        n >>= 1;
    }
    n + r
}

/// A stable merge of the sorted `v[lo..mid]` and `v[mid..hi]`.
fn merge<T: SortItem>(v: &mut [T], lo: usize, mid: usize, hi: usize) -> PyResult<()> {
    let left: Vec<T> = v[lo..mid].iter().map(T::share).collect();
    let (mut i, mut j, mut k) = (0, mid, lo);
    while i < left.len() && j < hi {
        // take from the right only when strictly smaller (stability)
        let right_first = match lt(&v[j], &left[i]) {
            Ok(b) => b,
            Err(e) => {
                // the slots k..j are exactly the left items not placed yet
                for (slot, o) in (k..j).zip(&left[i..]) {
                    v[slot] = o.share();
                }
                return Err(e);
            }
        };
        if right_first {
            v[k] = v[j].share();
            j += 1;
        } else {
            v[k] = left[i].share();
            i += 1;
        }
        k += 1;
    }
    while i < left.len() {
        v[k] = left[i].share();
        i += 1;
        k += 1;
    }
    Ok(())
}

/// Sorts `v` with `<`, stably; on an error `v` holds every item in some
/// order.
fn sort_items<T: SortItem>(v: &mut [T]) -> PyResult<()> {
    let n = v.len();
    if n < 2 {
        return Ok(());
    }
    let minrun = min_run(n);
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut lo = 0;
    while lo < n {
        let (mut len, descending) = count_run(v, lo, n)?;
        if descending {
            v[lo..lo + len].reverse();
        }
        if len < minrun {
            let force = (n - lo).min(minrun);
            binary_sort(v, lo, lo + force, lo + len)?;
            len = force;
        }
        runs.push((lo, lo + len));
        lo += len;
    }
    while runs.len() > 1 {
        let mut next = Vec::with_capacity(runs.len().div_ceil(2));
        for pair in runs.chunks(2) {
            if let [(a, m), (_, b)] = pair {
                merge(v, *a, *m, *b)?;
                next.push((*a, *b));
            } else {
                next.push(pair[0]);
            }
        }
        runs = next;
    }
    Ok(())
}

/// `PyList_Sort`: [`list_sort_by`] without a key, forwards.
///
/// # Safety
/// `op` a live list.
pub unsafe fn list_sort(op: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe { list_sort_by(op, None, false) }
}

/// `list.sort(key=None, reverse=False)`, stable: the list looks empty
/// while it is sorted (and while the keys are computed); a key function's
/// error puts the items back as they were, a comparison's error leaves
/// them in some order, and a change to the list meanwhile is a
/// `ValueError` ("list modified during sort") when nothing else failed.
/// Reversing keeps equal items in their original order, as CPython's
/// reverse-sort-reverse does.
///
/// # Safety
/// `op` a live list; `key` NULL-free and live when given.
pub unsafe fn list_sort_by(
    op: *mut PyObject,
    key: Option<*mut PyObject>,
    reverse: bool,
) -> PyResult<()> {
    // SAFETY: forwarded; the items are held by the vectors while sorted.
    unsafe {
        let mut items = list::to_vec(op);
        list::set_contents(op, Vec::new())?;
        let Some(key) = key else {
            if reverse {
                items.reverse();
            }
            let r = sort_items(&mut items);
            let modified = list::size(op) != 0;
            if reverse {
                items.reverse();
            }
            list::set_contents(op, items)?;
            r?;
            if modified {
                return Err(err::value_error("list modified during sort"));
            }
            return Ok(());
        };
        let mut pairs = Vec::with_capacity(items.len());
        for it in &items {
            match err::from_ptr(crate::protocols::call::call_one_arg(key, it.as_ptr())) {
                Ok(k) => pairs.push((k, it.share())),
                Err(e) => {
                    drop(pairs);
                    list::set_contents(op, items)?;
                    return Err(e);
                }
            }
        }
        drop(items);
        if reverse {
            pairs.reverse();
        }
        let r = sort_items(&mut pairs);
        let modified = list::size(op) != 0;
        if reverse {
            pairs.reverse();
        }
        list::set_contents(op, pairs.into_iter().map(|(_, v)| v).collect())?;
        r?;
        if modified {
            return Err(err::value_error("list modified during sort"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::min_run;

    #[test]
    fn min_run_is_cpythons() {
        assert_eq!(min_run(63), 63);
        assert_eq!(min_run(64), 32);
        assert_eq!(min_run(65), 33);
        assert_eq!(min_run(2112), 33);
    }
}
