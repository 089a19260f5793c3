//! `set` and `frozenset` (`PySet_Type`, `PyFrozenSet_Type`): the object in
//! CPython 3.12's `PySetObject` layout (`fill`, `used`, `mask`, `table`,
//! `hash`, `finger`, an 8-entry `smalltable` of `{key, hash}` and
//! `weakreflist`), so `PySet_GET_SIZE` and C code reading `used` work, and
//! the hash table with CPython's algorithm: open addressing with runs of
//! `LINEAR_PROBES` (9) neighbouring slots before a perturbed jump, dummy
//! entries for deleted keys, growth when `fill*5 >= mask*3`, CPython's
//! merge and resize shortcuts. Following the algorithm step by step gives
//! the same table, hence the same iteration and `repr` order, as CPython.
//!
//! This file holds the table, the C API's operations and the type slots;
//! the set algebra, the Python-visible methods and the iterator are in
//! [`crate::objects::setmethods`].

use crate::objects::object::*;
use crate::objects::setmethods;
use crate::objects::typeobj::{self, flags, PyNumberMethods, PySequenceMethods, PyTypeObject};
use crate::protocols::abstract_;
use crate::protocols::clinic::{pos_opt, Sig};
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle::{self, mem};
use crate::{objects::dict, objects::iterobject, objects::tuple, objects::unicode, runtime::alloc};
use crate::{objects::weakref, runtime::gc};
use std::ffi::{c_int, c_void, CStr};
use std::ptr;

/// `PySet_MINSIZE`: the slots of the table inside the object.
pub const MINSIZE: usize = 8;
/// Neighbouring slots probed before jumping.
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

/// `setentry`: a slot of the table. Unused: `key` NULL and `hash` 0;
/// dummy (deleted): `key` the dummy object and `hash` -1; otherwise
/// active.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SetEntry {
    /// The key (owned when active).
    pub key: *mut PyObject,
    /// The key's hash.
    pub hash: Py_hash_t,
}

/// `PySetObject`, as CPython 3.12 lays it out (200 bytes).
#[repr(C)]
#[derive(Debug)]
pub struct PySetObject {
    /// Header.
    pub ob_base: PyObject,
    /// Active and dummy slots.
    pub fill: Py_ssize_t,
    /// Active slots (the size).
    pub used: Py_ssize_t,
    /// Slots minus one (a power of two minus one).
    pub mask: Py_ssize_t,
    /// The slots: `smalltable` or an allocated block.
    pub table: *mut SetEntry,
    /// A frozenset's cached hash, else -1.
    pub hash: Py_hash_t,
    /// Where `pop` looks first.
    pub finger: Py_ssize_t,
    /// The slots of small sets.
    pub smalltable: [SetEntry; MINSIZE],
    /// Weak references.
    pub weakreflist: *mut PyObject,
}

const _: () = assert!(std::mem::size_of::<PySetObject>() == 200);
const _: () = assert!(std::mem::offset_of!(PySetObject, used) == 24);
const _: () = assert!(std::mem::offset_of!(PySetObject, smalltable) == 64);
const _: () = assert!(std::mem::offset_of!(PySetObject, weakreflist) == 192);

/// The key of deleted slots (CPython's `_dummy_struct`).
static mut DUMMY: PyObject = static_header(ptr::null_mut());

/// The dummy key.
#[inline(always)]
pub fn dummy() -> *mut PyObject {
    ptr::addr_of_mut!(DUMMY)
}

#[inline(always)]
fn so(op: *mut PyObject) -> *mut PySetObject {
    op as *mut PySetObject
}

// ---- type checks ----------------------------------------------------------

/// `PySet_Check`: a set or an instance of a subclass.
///
/// # Safety
/// `op` live.
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe {
        let t = (*op).ob_type;
        t == lifecycle::set_type() || typeobj::is_subtype(t, lifecycle::set_type())
    }
}

/// `PyFrozenSet_Check`.
///
/// # Safety
/// `op` live.
pub unsafe fn frozen_check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe {
        let t = (*op).ob_type;
        t == lifecycle::frozenset_type() || typeobj::is_subtype(t, lifecycle::frozenset_type())
    }
}

/// `PyAnySet_Check`.
///
/// # Safety
/// `op` live.
pub unsafe fn any_check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { check(op) || frozen_check(op) }
}

/// `PyAnySet_CheckExact`.
///
/// # Safety
/// `op` live.
pub unsafe fn any_check_exact(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe {
        let t = (*op).ob_type;
        t == lifecycle::set_type() || t == lifecycle::frozenset_type()
    }
}

/// `PySet_GET_SIZE`.
///
/// # Safety
/// `op` a live set or frozenset.
#[inline]
pub unsafe fn size(op: *mut PyObject) -> isize {
    // SAFETY: forwarded.
    unsafe { (*so(op)).used }
}

// ---- the table ------------------------------------------------------------

/// The hash of a key (a str's cached hash when it has one).
///
/// # Safety
/// `key` live.
#[inline]
pub(crate) unsafe fn key_hash(key: *mut PyObject) -> PyResult<Py_hash_t> {
    // SAFETY: forwarded.
    unsafe { dict::key_hash(key) }
}

/// Equal exact strs, decided without running code.
#[inline]
unsafe fn str_eq(a: *mut PyObject, b: *mut PyObject) -> bool {
    // SAFETY: live keys; `eq` is only called on two exact strs.
    unsafe { unicode::check_exact(a) && unicode::check_exact(b) && unicode::eq(a, b) }
}

/// `set_lookkey`: the slot holding a key equal to `key`, or the unused
/// slot that ended the search (`key` NULL). A comparison that changes the
/// table restarts the search.
unsafe fn lookkey(
    s: *mut PySetObject,
    key: *mut PyObject,
    hash: Py_hash_t,
) -> PyResult<*mut SetEntry> {
    // SAFETY: `s` a live set; slots are read through its current table,
    // re-read after every comparison (which may run code).
    unsafe {
        'restart: loop {
            let mut mask = (*s).mask as usize;
            let mut i = hash as usize & mask;
            let mut perturb = hash as usize;
            loop {
                let mut entry = (*s).table.add(i);
                let mut probes = if i + LINEAR_PROBES <= mask {
                    LINEAR_PROBES
                } else {
                    0
                };
                loop {
                    if (*entry).hash == 0 && (*entry).key.is_null() {
                        return Ok(entry);
                    }
                    if (*entry).hash == hash {
                        let startkey = (*entry).key;
                        if startkey == key || str_eq(startkey, key) {
                            return Ok(entry);
                        }
                        let table = (*s).table;
                        let cmp = {
                            let _hold = Owned::from_borrowed(startkey);
                            abstract_::rich_compare_bool(startkey, key, abstract_::EQ)?
                        };
                        if table != (*s).table || (*entry).key != startkey {
                            continue 'restart;
                        }
                        if cmp {
                            return Ok(entry);
                        }
                        mask = (*s).mask as usize;
                    }
                    if probes == 0 {
                        break;
                    }
                    probes -= 1;
                    entry = entry.add(1);
                }
                perturb >>= PERTURB_SHIFT;
                i = i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb) & mask;
            }
        }
    }
}

/// `set_add_entry`: adds `key` (borrowed) with its hash unless an equal
/// key is present; grows the table when it is 60% full.
///
/// # Safety
/// `op` a live set or frozenset, `key` live with hash `hash`.
pub(crate) unsafe fn add_entry(
    op: *mut PyObject,
    key: *mut PyObject,
    hash: Py_hash_t,
) -> PyResult<()> {
    let s = so(op);
    // SAFETY: as in `lookkey`; the key is held from the start so a
    // comparison cannot free it before it is stored.
    unsafe {
        let held = Owned::from_borrowed(key);
        'restart: loop {
            let mut mask = (*s).mask as usize;
            let mut i = hash as usize & mask;
            let mut freeslot: *mut SetEntry = ptr::null_mut();
            let mut perturb = hash as usize;
            loop {
                let mut entry = (*s).table.add(i);
                let mut probes = if i + LINEAR_PROBES <= mask {
                    LINEAR_PROBES
                } else {
                    0
                };
                loop {
                    if (*entry).hash == 0 && (*entry).key.is_null() {
                        if !freeslot.is_null() {
                            (*s).used += 1;
                            (*freeslot).key = held.into_raw();
                            (*freeslot).hash = hash;
                            return Ok(());
                        }
                        (*s).fill += 1;
                        (*s).used += 1;
                        (*entry).key = held.into_raw();
                        (*entry).hash = hash;
                        if ((*s).fill as usize) * 5 < mask * 3 {
                            return Ok(());
                        }
                        let used = (*s).used;
                        return table_resize(s, if used > 50000 { used * 2 } else { used * 4 });
                    }
                    if (*entry).hash == hash {
                        let startkey = (*entry).key;
                        if startkey == key || str_eq(startkey, key) {
                            return Ok(());
                        }
                        let table = (*s).table;
                        let cmp = {
                            let _hold = Owned::from_borrowed(startkey);
                            abstract_::rich_compare_bool(startkey, key, abstract_::EQ)?
                        };
                        if cmp {
                            return Ok(());
                        }
                        if table != (*s).table || (*entry).key != startkey {
                            continue 'restart;
                        }
                        mask = (*s).mask as usize;
                    } else if (*entry).hash == -1 {
                        freeslot = entry;
                    }
                    if probes == 0 {
                        break;
                    }
                    probes -= 1;
                    entry = entry.add(1);
                }
                perturb >>= PERTURB_SHIFT;
                i = i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb) & mask;
            }
        }
    }
}

/// `set_insert_clean`: stores a key known to be absent in a table
/// without dummies (no comparisons, no reference change).
unsafe fn insert_clean(table: *mut SetEntry, mask: usize, key: *mut PyObject, hash: Py_hash_t) {
    // SAFETY: `table` holds `mask + 1` slots, at least one unused.
    unsafe {
        let mut perturb = hash as usize;
        let mut i = hash as usize & mask;
        loop {
            let mut entry = table.add(i);
            if (*entry).key.is_null() {
                (*entry).key = key;
                (*entry).hash = hash;
                return;
            }
            if i + LINEAR_PROBES <= mask {
                for _ in 0..LINEAR_PROBES {
                    entry = entry.add(1);
                    if (*entry).key.is_null() {
                        (*entry).key = key;
                        (*entry).hash = hash;
                        return;
                    }
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb) & mask;
        }
    }
}

/// `set_table_resize`: a table of the smallest power of two above
/// `minused` (at least 8), the active keys reinserted and the dummies
/// dropped.
unsafe fn table_resize(s: *mut PySetObject, minused: isize) -> PyResult<()> {
    // SAFETY: `s` a live set; the old table is read before it is freed.
    unsafe {
        let mut newsize = MINSIZE;
        while newsize <= minused.max(0) as usize {
            newsize <<= 1;
        }
        let oldtable = (*s).table;
        let oldmask = (*s).mask as usize;
        let small = ptr::addr_of_mut!((*s).smalltable) as *mut SetEntry;
        let old_malloced = oldtable != small;
        let mut small_copy = [SetEntry {
            key: ptr::null_mut(),
            hash: 0,
        }; MINSIZE];
        let mut source = oldtable;
        let newtable = if newsize == MINSIZE {
            if oldtable == small {
                if (*s).fill == (*s).used {
                    return Ok(());
                }
                ptr::copy_nonoverlapping(oldtable, small_copy.as_mut_ptr(), MINSIZE);
                source = small_copy.as_mut_ptr();
            }
            small
        } else {
            let bytes = newsize
                .checked_mul(std::mem::size_of::<SetEntry>())
                .ok_or_else(err::no_memory)?;
            let t = mem::alloc(bytes) as *mut SetEntry;
            if t.is_null() {
                return Err(err::no_memory());
            }
            t
        };
        ptr::write_bytes(newtable, 0, newsize);
        (*s).mask = newsize as isize - 1;
        (*s).table = newtable;
        let newmask = newsize - 1;
        let no_dummies = (*s).fill == (*s).used;
        if !no_dummies {
            (*s).fill = (*s).used;
        }
        for j in 0..=oldmask {
            let e = *source.add(j);
            if !e.key.is_null() && (no_dummies || e.key != dummy()) {
                insert_clean(newtable, newmask, e.key, e.hash);
            }
        }
        if old_malloced {
            mem::release(oldtable as *mut u8);
        }
        Ok(())
    }
}

/// `set_table_resize` on a set (after many removals).
///
/// # Safety
/// `op` a live set or frozenset.
pub(crate) unsafe fn resize(op: *mut PyObject, minused: isize) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe { table_resize(so(op), minused) }
}

/// Whether a key equal to `key` (with hash `hash`) is present.
///
/// # Safety
/// `op` a live set or frozenset, `key` live.
pub(crate) unsafe fn contains_entry(
    op: *mut PyObject,
    key: *mut PyObject,
    hash: Py_hash_t,
) -> PyResult<bool> {
    // SAFETY: forwarded.
    unsafe { Ok(!(*lookkey(so(op), key, hash)?).key.is_null()) }
}

/// `set_discard_entry`: removes the key, leaving a dummy; whether it was
/// there.
///
/// # Safety
/// `op` a live set, `key` live.
pub(crate) unsafe fn discard_entry(
    op: *mut PyObject,
    key: *mut PyObject,
    hash: Py_hash_t,
) -> PyResult<bool> {
    // SAFETY: the slot belongs to the set's current table.
    unsafe {
        let entry = lookkey(so(op), key, hash)?;
        if (*entry).key.is_null() {
            return Ok(false);
        }
        let old = (*entry).key;
        (*entry).key = dummy();
        (*entry).hash = -1;
        (*so(op)).used -= 1;
        decref(old);
        Ok(true)
    }
}

/// `set_add_key`.
///
/// # Safety
/// `op` a live set or frozenset, `key` live.
pub unsafe fn add_key(op: *mut PyObject, key: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe { add_entry(op, key, key_hash(key)?) }
}

/// `set_contains_key` (no frozenset retry).
///
/// # Safety
/// `op` a live set or frozenset, `key` live.
pub unsafe fn contains_key(op: *mut PyObject, key: *mut PyObject) -> PyResult<bool> {
    // SAFETY: forwarded.
    unsafe { contains_entry(op, key, key_hash(key)?) }
}

/// `set_discard_key` (no frozenset retry).
///
/// # Safety
/// `op` a live set, `key` live.
pub unsafe fn discard_key(op: *mut PyObject, key: *mut PyObject) -> PyResult<bool> {
    // SAFETY: forwarded.
    unsafe { discard_entry(op, key, key_hash(key)?) }
}

/// Runs `f` on `key`; when it fails with `TypeError` and `key` is a set
/// (unhashable), runs it again on `frozenset(key)`, as `set.__contains__`,
/// `remove` and `discard` do.
///
/// # Safety
/// `key` live.
pub(crate) unsafe fn with_frozen_retry<T>(
    key: *mut PyObject,
    mut f: impl FnMut(*mut PyObject) -> PyResult<T>,
) -> PyResult<T> {
    // SAFETY: forwarded.
    unsafe {
        match f(key) {
            Ok(v) => Ok(v),
            Err(e) => {
                if !check(key)
                    || !err::given_matches(
                        err::occurred(),
                        crate::objects::exceptions::get(crate::objects::exceptions::Exc::TypeError),
                    )
                {
                    return Err(e);
                }
                err::clear();
                let tmp = make_new(lifecycle::frozenset_type(), key)?;
                f(tmp.as_ptr())
            }
        }
    }
}

/// The next active slot from `*pos` (`set_next`).
///
/// # Safety
/// `op` a live set or frozenset; `*pos >= 0`.
pub unsafe fn next(op: *mut PyObject, pos: &mut isize) -> Option<SetEntry> {
    // SAFETY: indexes stay within the table.
    unsafe {
        let s = so(op);
        let mask = (*s).mask;
        let mut i = (*pos).max(0);
        while i <= mask {
            let e = *(*s).table.add(i as usize);
            if !e.key.is_null() && e.key != dummy() {
                *pos = i + 1;
                return Some(e);
            }
            i += 1;
        }
        *pos = i + 1;
        None
    }
}

/// The keys in table order, held.
///
/// # Safety
/// `op` a live set or frozenset.
pub unsafe fn keys(op: *mut PyObject) -> Vec<Owned> {
    // SAFETY: forwarded; keys are live while the set holds them.
    unsafe {
        let mut out = Vec::with_capacity(size(op).max(0) as usize);
        let mut pos = 0;
        while let Some(e) = next(op, &mut pos) {
            out.push(Owned::from_borrowed(e.key));
        }
        out
    }
}

/// Empties the table into the small one (`set_empty_to_minsize`).
unsafe fn empty_to_minsize(s: *mut PySetObject) {
    // SAFETY: `s` a live set whose keys the caller has taken.
    unsafe {
        (*s).smalltable = [SetEntry {
            key: ptr::null_mut(),
            hash: 0,
        }; MINSIZE];
        (*s).fill = 0;
        (*s).used = 0;
        (*s).mask = MINSIZE as isize - 1;
        (*s).table = ptr::addr_of_mut!((*s).smalltable) as *mut SetEntry;
        (*s).hash = -1;
    }
}

/// `set_clear_internal`: the set is emptied before any key is released,
/// so code run by a release sees an empty set.
///
/// # Safety
/// `op` a live set or frozenset.
pub unsafe fn clear(op: *mut PyObject) {
    // SAFETY: the old slots are moved out before the keys are released.
    unsafe {
        let s = so(op);
        let table = (*s).table;
        let small = ptr::addr_of_mut!((*s).smalltable) as *mut SetEntry;
        let malloced = table != small;
        let mut used = (*s).used;
        let mut copy = [SetEntry {
            key: ptr::null_mut(),
            hash: 0,
        }; MINSIZE];
        let source = if malloced {
            empty_to_minsize(s);
            table
        } else if (*s).fill > 0 {
            copy.copy_from_slice(&(*s).smalltable);
            empty_to_minsize(s);
            copy.as_mut_ptr()
        } else {
            return;
        };
        let mut e = source;
        while used > 0 {
            if !(*e).key.is_null() && (*e).key != dummy() {
                used -= 1;
                decref((*e).key);
            }
            e = e.add(1);
        }
        if malloced {
            mem::release(table as *mut u8);
        }
    }
}

/// `set_merge`: adds the keys of another set, with one resize up front
/// and CPython's shortcuts into an empty table.
///
/// # Safety
/// Both live sets or frozensets.
pub(crate) unsafe fn merge(op: *mut PyObject, other: *mut PyObject) -> PyResult<()> {
    // SAFETY: both tables are read within their masks.
    unsafe {
        let (s, o) = (so(op), so(other));
        if s == o || (*o).used == 0 {
            return Ok(());
        }
        if ((*s).fill + (*o).used) * 5 >= (*s).mask * 3 {
            table_resize(s, ((*s).used + (*o).used) * 2)?;
        }
        if (*s).fill == 0 && (*s).mask == (*o).mask && (*o).fill == (*o).used {
            for i in 0..=(*o).mask as usize {
                let e = *(*o).table.add(i);
                if !e.key.is_null() {
                    *(*s).table.add(i) = SetEntry {
                        key: new_ref(e.key),
                        hash: e.hash,
                    };
                }
            }
            (*s).fill = (*o).fill;
            (*s).used = (*o).used;
            return Ok(());
        }
        if (*s).fill == 0 {
            let (table, mask) = ((*s).table, (*s).mask as usize);
            (*s).fill = (*o).used;
            (*s).used = (*o).used;
            for i in 0..=(*o).mask as usize {
                let e = *(*o).table.add(i);
                if !e.key.is_null() && e.key != dummy() {
                    insert_clean(table, mask, new_ref(e.key), e.hash);
                }
            }
            return Ok(());
        }
        let mut i = 0;
        while i <= (*o).mask {
            let e = *(*o).table.add(i as usize);
            if !e.key.is_null() && e.key != dummy() {
                add_entry(op, e.key, e.hash)?;
            }
            i += 1;
        }
        Ok(())
    }
}

/// `set_update_internal`: adds every key of an iterable (sets and dicts
/// directly).
///
/// # Safety
/// `op` a live set or frozenset, `other` live.
pub unsafe fn update(op: *mut PyObject, other: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if any_check(other) {
            return merge(op, other);
        }
        if (*other).ob_type == lifecycle::dict_type() {
            let s = so(op);
            let n = dict::len(other);
            if ((*s).fill + n) * 5 >= (*s).mask * 3 {
                table_resize(s, ((*s).used + n) * 2)?;
            }
            for (k, _) in dict::items_vec(other) {
                add_entry(op, k.as_ptr(), key_hash(k.as_ptr())?)?;
            }
            return Ok(());
        }
        let it = iterobject::get_iter(other)?;
        while let Some(k) = iterobject::next(it.as_ptr())? {
            add_key(op, k.as_ptr())?;
        }
        Ok(())
    }
}

/// `make_new_set`: a new empty set of type `t` (a set or frozenset type),
/// filled from `iterable` unless NULL.
///
/// # Safety
/// `t` a subtype of set or frozenset; `iterable` NULL or live.
pub unsafe fn make_new(t: *mut PyTypeObject, iterable: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: a fresh object of the set layout, filled in before use.
    unsafe {
        let size = if t == lifecycle::set_type() || t == lifecycle::frozenset_type() {
            std::mem::size_of::<PySetObject>()
        } else {
            (*t).tp_basicsize as usize
        };
        let op = alloc::new_object(t, size)?;
        let s = so(op);
        (*s).mask = MINSIZE as isize - 1;
        (*s).table = ptr::addr_of_mut!((*s).smalltable) as *mut SetEntry;
        (*s).hash = -1;
        gc::track(op);
        let o = Owned::from_raw(op);
        if !iterable.is_null() {
            update(op, iterable)?;
        }
        Ok(o)
    }
}

/// `make_new_set_basetype`: `set` for set subtypes, else `frozenset`.
///
/// # Safety
/// `t` a set or frozenset type; `iterable` NULL or live.
pub unsafe fn make_new_basetype(t: *mut PyTypeObject, iterable: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let base = if t == lifecycle::set_type() || typeobj::is_subtype(t, lifecycle::set_type()) {
            lifecycle::set_type()
        } else {
            lifecycle::frozenset_type()
        };
        make_new(base, iterable)
    }
}

/// `PySet_New(iterable)`.
///
/// # Safety
/// `iterable` NULL or live.
pub unsafe fn new(iterable: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe { make_new(lifecycle::set_type(), iterable) }
}

/// `PyFrozenSet_New(iterable)`.
///
/// # Safety
/// `iterable` NULL or live.
pub unsafe fn new_frozen(iterable: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe { make_new(lifecycle::frozenset_type(), iterable) }
}

/// `set.pop()`: a key from the finger on; `KeyError` when empty.
///
/// # Safety
/// `op` a live set.
pub unsafe fn pop(op: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: the finger is masked into the table; an active slot exists.
    unsafe {
        let s = so(op);
        if (*s).used == 0 {
            return Err(err::raise(
                crate::objects::exceptions::Exc::KeyError,
                "pop from an empty set",
            ));
        }
        let mask = (*s).mask as usize;
        let mut i = (*s).finger as usize & mask;
        loop {
            let e = (*s).table.add(i);
            if !(*e).key.is_null() && (*e).key != dummy() {
                let key = (*e).key;
                (*e).key = dummy();
                (*e).hash = -1;
                (*s).used -= 1;
                (*s).finger = i as isize + 1;
                return Ok(Owned::from_raw(key));
            }
            i = if i >= mask { 0 } else { i + 1 };
        }
    }
}

/// `set_swap_bodies`: exchanges the tables (and, between frozensets, the
/// cached hashes) of two sets.
///
/// # Safety
/// Both live sets or frozensets.
pub(crate) unsafe fn swap_bodies(a: *mut PyObject, b: *mut PyObject) {
    // SAFETY: both objects are distinct and live; table pointers that
    // point into an object's small table are moved with its contents.
    unsafe {
        let (x, y) = (so(a), so(b));
        std::mem::swap(&mut (*x).fill, &mut (*y).fill);
        std::mem::swap(&mut (*x).used, &mut (*y).used);
        std::mem::swap(&mut (*x).mask, &mut (*y).mask);
        let xs = ptr::addr_of_mut!((*x).smalltable) as *mut SetEntry;
        let ys = ptr::addr_of_mut!((*y).smalltable) as *mut SetEntry;
        let (xt, yt) = ((*x).table, (*y).table);
        std::mem::swap(&mut (*x).smalltable, &mut (*y).smalltable);
        (*x).table = if yt == ys { xs } else { yt };
        (*y).table = if xt == xs { ys } else { xt };
        let frozen = |t| typeobj::is_subtype(t, lifecycle::frozenset_type());
        if frozen((*a).ob_type) && frozen((*b).ob_type) {
            std::mem::swap(&mut (*x).hash, &mut (*y).hash);
        } else {
            (*x).hash = -1;
            (*y).hash = -1;
        }
    }
}

// ---- the types ------------------------------------------------------------

static mut SET_AS_SEQUENCE: PySequenceMethods = {
    // SAFETY: an all-zero table is a table of absent slots.
    let mut s: PySequenceMethods = unsafe { std::mem::zeroed() };
    s.sq_length = Some(set_len);
    s.sq_contains = Some(set_contains_slot);
    s
};

static mut SET_AS_NUMBER: PyNumberMethods = {
    // SAFETY: an all-zero table is a table of absent slots.
    let mut n: PyNumberMethods = unsafe { std::mem::zeroed() };
    n.nb_subtract = Some(setmethods::set_sub);
    n.nb_and = Some(setmethods::set_and);
    n.nb_xor = Some(setmethods::set_xor);
    n.nb_or = Some(setmethods::set_or);
    n.nb_inplace_subtract = Some(setmethods::set_isub);
    n.nb_inplace_and = Some(setmethods::set_iand);
    n.nb_inplace_xor = Some(setmethods::set_ixor);
    n.nb_inplace_or = Some(setmethods::set_ior);
    n
};

static mut FROZENSET_AS_NUMBER: PyNumberMethods = {
    // SAFETY: an all-zero table is a table of absent slots.
    let mut n: PyNumberMethods = unsafe { std::mem::zeroed() };
    n.nb_subtract = Some(setmethods::set_sub);
    n.nb_and = Some(setmethods::set_and);
    n.nb_xor = Some(setmethods::set_xor);
    n.nb_or = Some(setmethods::set_or);
    n
};

/// Fills in the three types. Start-up only.
pub(crate) unsafe fn init_types() {
    // SAFETY: start-up, exclusive access to the static types.
    unsafe {
        (*ptr::addr_of_mut!(DUMMY)).ob_type = lifecycle::object_type();
        let base_flags = flags::DEFAULT | flags::HAVE_GC | flags::BASETYPE | flags::MATCH_SELF;
        for (t, name, frozen) in [
            (lifecycle::set_type(), c"set", false),
            (lifecycle::frozenset_type(), c"frozenset", true),
        ] {
            (*t).ob_base.ob_base = static_header(lifecycle::type_type());
            (*t).tp_name = name.as_ptr();
            (*t).tp_basicsize = std::mem::size_of::<PySetObject>() as isize;
            (*t).tp_flags = base_flags;
            (*t).tp_dealloc = Some(set_dealloc);
            (*t).tp_repr = Some(set_repr);
            (*t).tp_as_sequence = ptr::addr_of_mut!(SET_AS_SEQUENCE);
            (*t).tp_getattro = lifecycle::c_api_slots().getattro;
            (*t).tp_traverse = Some(set_traverse);
            (*t).tp_clear = Some(set_clear_slot);
            (*t).tp_richcompare = Some(setmethods::set_richcompare);
            (*t).tp_weaklistoffset = std::mem::offset_of!(PySetObject, weakreflist) as isize;
            (*t).tp_iter = Some(setmethods::set_iter);
            if frozen {
                (*t).tp_as_number = ptr::addr_of_mut!(FROZENSET_AS_NUMBER);
                (*t).tp_hash = Some(frozenset_hash);
                (*t).tp_new = Some(frozenset_new);
                (*t).tp_methods = setmethods::frozenset_methods();
                (*t).tp_doc = c"frozenset() -> empty frozenset object\nfrozenset(iterable) -> frozenset object\n\nBuild an immutable unordered collection of unique elements.".as_ptr();
            } else {
                (*t).tp_as_number = ptr::addr_of_mut!(SET_AS_NUMBER);
                (*t).tp_hash = lifecycle::c_api_slots().hash_not_implemented;
                (*t).tp_init = Some(set_init);
                (*t).tp_new = Some(set_new);
                (*t).tp_methods = setmethods::set_methods();
                (*t).tp_doc = c"set() -> new empty set object\nset(iterable) -> new set object\n\nBuild an unordered collection of unique elements.".as_ptr();
            }
        }
        setmethods::init_iter_type();
    }
}

/// Readies the three types. Start-up only.
pub(crate) unsafe fn ready_types() {
    // SAFETY: start-up.
    unsafe {
        for t in [
            lifecycle::set_type(),
            lifecycle::frozenset_type(),
            lifecycle::setiter_type(),
        ] {
            if typeobj::ready_static(t).is_err() {
                lifecycle::fatal("Py_Initialize", "cannot ready the set types");
            }
        }
    }
}

unsafe extern "C" fn set_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero; active keys are owned.
    unsafe {
        gc::untrack(op);
        let s = so(op);
        if !(*s).weakreflist.is_null() {
            weakref::clear_weakrefs(op);
        }
        let mut used = (*s).used;
        let mut e = (*s).table;
        while used > 0 {
            if !(*e).key.is_null() && (*e).key != dummy() {
                used -= 1;
                decref((*e).key);
            }
            e = e.add(1);
        }
        if (*s).table != ptr::addr_of_mut!((*s).smalltable) as *mut SetEntry {
            mem::release((*s).table as *mut u8);
        }
        alloc::free_object(op);
    }
}

unsafe extern "C" fn set_traverse(
    op: *mut PyObject,
    visit: typeobj::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: slot on a set; keys read in place.
    unsafe {
        let mut pos = 0;
        while let Some(e) = next(op, &mut pos) {
            let r = gc::visit_all([e.key], visit, arg);
            if r != 0 {
                return r;
            }
        }
        0
    }
}

unsafe extern "C" fn set_clear_slot(op: *mut PyObject) -> c_int {
    // SAFETY: slot on a set.
    unsafe { clear(op) };
    0
}

unsafe extern "C" fn set_len(op: *mut PyObject) -> isize {
    // SAFETY: slot on a set.
    unsafe { size(op) }
}

/// `set_contains`: `key in s`, a set key looked up as a frozenset.
///
/// # Safety
/// `op` a live set or frozenset, `key` live.
pub(crate) unsafe fn contains(op: *mut PyObject, key: *mut PyObject) -> PyResult<bool> {
    // SAFETY: forwarded.
    unsafe { with_frozen_retry(key, |k| contains_key(op, k)) }
}

unsafe extern "C" fn set_contains_slot(op: *mut PyObject, key: *mut PyObject) -> c_int {
    // SAFETY: slot on a set.
    match unsafe { contains(op, key) } {
        Ok(b) => c_int::from(b),
        Err(e) => e.into(),
    }
}

/// The name a type prints under (`tp_name`).
unsafe fn tp_name(op: *mut PyObject) -> String {
    // SAFETY: a live object's type has a NUL-terminated name.
    unsafe {
        CStr::from_ptr((*(*op).ob_type).tp_name)
            .to_string_lossy()
            .into_owned()
    }
}

unsafe extern "C" fn set_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a set; keys are held while their reprs run.
    err::into_ptr(unsafe {
        let name = tp_name(op);
        let recursive = format!("{name}(...)");
        abstract_::with_repr_guard(op, &recursive, || {
            if size(op) == 0 {
                return Ok(format!("{name}()"));
            }
            let mut body = String::new();
            for (i, k) in keys(op).into_iter().enumerate() {
                if i > 0 {
                    body.push_str(", ");
                }
                body.push_str(&abstract_::repr_string(k.as_ptr())?);
            }
            Ok(if (*op).ob_type == lifecycle::set_type() {
                format!("{{{body}}}")
            } else {
                format!("{name}({{{body}}})")
            })
        })
        .and_then(|s| unicode::from_str(&s))
    })
}

/// `_shuffle_bits`.
fn shuffle_bits(h: u64) -> u64 {
    ((h ^ 89869747) ^ (h << 16)).wrapping_mul(3644798167)
}

/// `frozenset_hash`: the xor of every slot's shuffled hash, corrected for
/// unused and dummy slots, mixed with the size; cached.
unsafe extern "C" fn frozenset_hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: slot on a frozenset; every slot of the table is read.
    unsafe {
        let s = so(op);
        if (*s).hash != -1 {
            return (*s).hash;
        }
        let mut hash: u64 = 0;
        for i in 0..=(*s).mask as usize {
            hash ^= shuffle_bits((*(*s).table.add(i)).hash as u64);
        }
        if ((*s).mask + 1 - (*s).fill) & 1 != 0 {
            hash ^= shuffle_bits(0);
        }
        if ((*s).fill - (*s).used) & 1 != 0 {
            hash ^= shuffle_bits(u64::MAX);
        }
        hash ^= ((*s).used as u64).wrapping_add(1).wrapping_mul(1927868237);
        hash ^= (hash >> 11) ^ (hash >> 25);
        hash = hash.wrapping_mul(69069).wrapping_add(907133923);
        if hash == u64::MAX {
            hash = 590923713;
        }
        (*s).hash = hash as isize;
        hash as isize
    }
}

/// `set(iterable=(), /)` and `frozenset(iterable=(), /)`.
static SET_SIG: Sig = Sig::new("set", &[pos_opt("iterable")]);
static FROZENSET_SIG: Sig = Sig::new("frozenset", &[pos_opt("iterable")]);

/// Whether `kw` (NULL or a dict) holds keywords.
unsafe fn has_keywords(kw: *mut PyObject) -> bool {
    // SAFETY: NULL or a live dict.
    !kw.is_null() && unsafe { dict::len(kw) } != 0
}

unsafe extern "C" fn set_new(
    t: *mut PyTypeObject,
    _args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract.
    #[allow(unpredictable_function_pointer_comparisons)]
    err::into_ptr(unsafe {
        let plain = t == lifecycle::set_type() || (*t).tp_init == (*lifecycle::set_type()).tp_init;
        if plain && has_keywords(kw) {
            Err(err::type_error("set() takes no keyword arguments"))
        } else {
            make_new(t, ptr::null_mut())
        }
    })
}

unsafe extern "C" fn set_init(op: *mut PyObject, args: *mut PyObject, kw: *mut PyObject) -> c_int {
    // SAFETY: tp_init contract: a live set, a tuple, NULL or a dict.
    let r = unsafe {
        (|| {
            let a = SET_SIG.bind_call::<1>(args, kw)?;
            if (*so(op)).fill != 0 {
                clear(op);
            }
            (*so(op)).hash = -1;
            match a.get(0) {
                Some(it) => update(op, it),
                None => Ok(()),
            }
        })()
    };
    match r {
        Ok(()) => 0,
        Err(e) => e.into(),
    }
}

unsafe extern "C" fn frozenset_new(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new contract.
    err::into_ptr(unsafe {
        #[allow(unpredictable_function_pointer_comparisons)]
        (|| {
            let plain = t == lifecycle::frozenset_type()
                || (*t).tp_init == (*lifecycle::frozenset_type()).tp_init;
            if plain && has_keywords(kw) {
                return Err(err::type_error("frozenset() takes no keyword arguments"));
            }
            let a = FROZENSET_SIG.bind_call::<1>(args, ptr::null_mut())?;
            let iterable = a.get(0).unwrap_or(ptr::null_mut());
            if t == lifecycle::frozenset_type()
                && !iterable.is_null()
                && (*iterable).ob_type == lifecycle::frozenset_type()
            {
                return Ok(Owned::from_borrowed(iterable));
            }
            make_new(t, iterable)
        })()
    })
}

/// A tuple of the keys (for `__reduce__` and friends).
///
/// # Safety
/// `op` a live set or frozenset.
pub unsafe fn to_tuple(op: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe { tuple::from_owned(keys(op)) }
}
