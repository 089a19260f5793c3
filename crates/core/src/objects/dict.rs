//! `dict`: an insertion-ordered compact hash table (a sparse index array
//! into a dense entry array, as CPython 3.6+), with CPython's probing on the
//! hash's high bits, lookups that survive `__eq__` mutating the dict, and a
//! clone fast path for copies and merges into an empty dict.
//!
//! The shape is chosen for the watcher events of `spec/watchers.md` §2: a
//! table "has slots" when it was ever allocated (CLEARED fires for it even
//! when empty), and a table is a *clean* clone source when it has no deleted
//! entries — then a merge into an empty dict copies the table in one step.
//!
//! `ma_used` stays at offset 16 so that `PyDict_GET_SIZE` compiled from C
//! works; the rest is Ophis's own.

use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyMappingMethods, PySequenceMethods, PyTypeObject};
use crate::runtime::alloc;
use crate::runtime::err::{self, PyResult};
use crate::runtime::lifecycle::{self, mem};
use crate::runtime::watchers;
use crate::{objects::list, objects::tuple, objects::unicode, protocols::abstract_};
use ophis_watchers::DictEvent;
use std::ffi::c_int;
use std::ptr;

/// A `dict` object.
#[repr(C)]
pub struct PyDictObject {
    /// Header.
    pub ob_base: PyObject,
    /// Number of items (public through `PyDict_GET_SIZE`).
    pub ma_used: Py_ssize_t,
    /// Reserved for watcher bits and versioning.
    pub ma_version_tag: u64,
    /// The table, or NULL if the dict never held an item since creation or
    /// its last clear.
    pub table: *mut Table,
}
const _: () = assert!(std::mem::offset_of!(PyDictObject, ma_used) == 16);

/// One key/value pair; `key` is NULL for a deleted entry.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Entry {
    /// The key's hash.
    pub hash: Py_hash_t,
    /// The key (owned), NULL when deleted.
    pub key: *mut PyObject,
    /// The value (owned), NULL when deleted.
    pub value: *mut PyObject,
}

/// Header of a table allocation; the index array (`i32` per slot) and the
/// entry array follow it in the same block.
#[repr(C)]
pub struct Table {
    /// Number of index slots minus one (a power of two minus one).
    pub mask: usize,
    /// Capacity of the entry array.
    pub capacity: isize,
    /// Entries used so far, deleted ones included (a deleted last entry
    /// is given back).
    pub nentries: isize,
    /// Index slots that are not EMPTY (live or DUMMY); kept at most
    /// `capacity`, so every probe meets an EMPTY slot.
    pub filled: isize,
    /// Deletions since the table was built, less those `popitem` trimmed
    /// away (CPython's `dk_nentries - ma_used`): a table without any is a
    /// clean clone source. (A resize also starts from zero, in both
    /// runtimes; but Ophis reuses deleted entries and slots, so it resizes
    /// at other moments than CPython, and after enough deletions and
    /// insertions the two can disagree on cleanliness: CLONED versus one
    /// ADDED per key when such a dict is merged into an empty watched one.)
    pub deletions: isize,
    /// Entries given back since the last insertion: where CPython, which
    /// never gives entries back, has that many deleted entries at the end
    /// of its array (what its `popitem` trims).
    pub tail_gap: isize,
    /// The version of the key set (CPython's `dk_version`): 0 until the
    /// evaluator's specialized instructions ask for one ([`keys_version`]),
    /// back to 0 whenever a key is added or removed. Versions are unique
    /// across tables, so an equal version means the same keys at the same
    /// entry indices.
    pub keys_version: u64,
}

const EMPTY: i32 = -1;
const DUMMY: i32 = -2;
const MIN_SIZE: usize = 8;

impl Table {
    fn alloc(size: usize) -> *mut Table {
        let capacity = (size * 2 / 3) as isize;
        let bytes = std::mem::size_of::<Table>()
            + size * std::mem::size_of::<i32>()
            + capacity as usize * std::mem::size_of::<Entry>();
        let t = mem::alloc(bytes) as *mut Table;
        if t.is_null() {
            return t;
        }
        // SAFETY: fresh block of the computed size.
        unsafe {
            (*t).mask = size - 1;
            (*t).capacity = capacity;
            (*t).nentries = 0;
            (*t).filled = 0;
            (*t).deletions = 0;
            (*t).tail_gap = 0;
            (*t).keys_version = 0;
            ptr::write_bytes(
                Table::indices(t) as *mut u8,
                0xff,
                size * std::mem::size_of::<i32>(),
            );
        }
        t
    }

    #[inline(always)]
    unsafe fn indices(t: *mut Table) -> *mut i32 {
        // SAFETY: indices follow the header.
        unsafe { (t as *mut u8).add(std::mem::size_of::<Table>()) as *mut i32 }
    }

    #[inline(always)]
    unsafe fn entries(t: *mut Table) -> *mut Entry {
        // SAFETY: entries follow the indices; the header and index sizes
        // keep them 8-byte aligned (size is a power of two >= 8).
        unsafe { Table::indices(t).add((*t).mask + 1) as *mut Entry }
    }
}

static mut DICT_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(dict_len),
    mp_subscript: Some(dict_subscript),
    mp_ass_subscript: Some(dict_ass_subscript),
};

static mut DICT_AS_SEQUENCE: PySequenceMethods = {
    // SAFETY: an all-zero table is a table of absent slots.
    let mut s: PySequenceMethods = unsafe { std::mem::zeroed() };
    s.sq_contains = Some(dict_contains);
    s
};

/// Fills in `dict`. Start-up only.
pub(crate) unsafe fn init_type(t: *mut PyTypeObject) {
    // SAFETY: start-up, exclusive access.
    unsafe {
        (*t).tp_name = c"dict".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<PyDictObject>() as isize;
        (*t).tp_flags = flags::DEFAULT
            | flags::BASETYPE
            | flags::DICT_SUBCLASS
            | flags::MATCH_SELF
            | flags::HAVE_GC
            | flags::IMMUTABLETYPE
            | flags::MAPPING;
        (*t).tp_dealloc = Some(dict_dealloc);
        (*t).tp_traverse = Some(dict_traverse);
        (*t).tp_clear = Some(dict_tp_clear);
        (*t).tp_repr = Some(dict_repr);
        (*t).tp_hash = crate::runtime::lifecycle::c_api_slots().hash_not_implemented;
        (*t).tp_richcompare = Some(dict_richcompare);
        (*t).tp_as_mapping = ptr::addr_of_mut!(DICT_AS_MAPPING);
        (*t).tp_as_sequence = ptr::addr_of_mut!(DICT_AS_SEQUENCE);
        (*t).tp_new = Some(dict_new);
        (*t).tp_init = Some(dict_init);
        (*t).tp_doc = c"dict() -> new empty dictionary".as_ptr();
    }
}

pub(crate) unsafe fn init_runtime() {}

/// Whether `op` is a dict (or subclass instance).
///
/// # Safety
/// `op` must be live.
#[inline(always)]
pub unsafe fn check(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { typeobj::has_flag(op, flags::DICT_SUBCLASS) }
}

/// Number of items.
///
/// # Safety
/// `op` must be a live dict.
#[inline(always)]
pub unsafe fn len(op: *mut PyObject) -> isize {
    // SAFETY: forwarded.
    unsafe { (*(op as *mut PyDictObject)).ma_used }
}

/// `PyDict_New`.
#[inline]
pub fn new() -> PyResult<Owned> {
    // SAFETY: a dict object, zeroed: no table, no items.
    unsafe {
        let op = alloc::new_object(lifecycle::dict_type(), std::mem::size_of::<PyDictObject>())?;
        Ok(Owned::from_raw(op))
    }
}

/// The hash used for dict keys: cached for exact strs.
///
/// # Safety
/// `key` must be live.
#[inline(always)]
pub unsafe fn key_hash(key: *mut PyObject) -> PyResult<isize> {
    // SAFETY: forwarded.
    unsafe {
        if unicode::check_exact(key) {
            let h = unicode::cached_hash(key);
            if h != -1 {
                return Ok(h);
            }
            return Ok(unicode::hash(key));
        }
        abstract_::hash(key)
    }
}

enum Found {
    /// Entry index and the index slot that points to it.
    At(isize, usize),
    /// Not present; the slot an insertion takes: the first DUMMY on the
    /// probe path if there is one (so insert+delete cycles of one key do
    /// not lengthen its probe chain), else the EMPTY slot that ended it.
    Vacant(usize),
}

/// Probes for an exact-str key: identity, then hash and text, never running
/// user code. Falls back to [`probe`] on meeting an equal hash whose key is
/// not an exact str.
///
/// # Safety
/// `d` a live dict with a table; `key` an exact str with hash `hash`.
#[inline(always)]
unsafe fn probe_str(d: *mut PyDictObject, key: *mut PyObject, hash: isize) -> PyResult<Found> {
    // SAFETY: the table belongs to `d`; nothing here runs foreign code.
    unsafe {
        let t = (*d).table;
        let mask = (*t).mask;
        let indices = Table::indices(t);
        let entries = Table::entries(t);
        let mut i = (hash as usize) & mask;
        let mut perturb = hash as usize;
        let mut vacant = usize::MAX;
        loop {
            let ix = *indices.add(i);
            if ix == EMPTY {
                return Ok(Found::Vacant(if vacant == usize::MAX { i } else { vacant }));
            }
            if ix >= 0 {
                let e = entries.add(ix as usize);
                let ek = (*e).key;
                if ek == key {
                    return Ok(Found::At(ix as isize, i));
                }
                if (*e).hash == hash && !ek.is_null() {
                    if !unicode::check_exact(ek) {
                        return probe(d, key, hash);
                    }
                    if unicode::eq(ek, key) {
                        return Ok(Found::At(ix as isize, i));
                    }
                }
            } else if vacant == usize::MAX {
                vacant = i;
            }
            perturb >>= 5;
            i = (i.wrapping_mul(5).wrapping_add(perturb).wrapping_add(1)) & mask;
        }
    }
}

/// Probes for `key`, with the exact-str fast path.
///
/// # Safety
/// As for [`probe`].
#[inline(always)]
unsafe fn find(d: *mut PyDictObject, key: *mut PyObject, hash: isize) -> PyResult<Found> {
    // SAFETY: forwarded.
    unsafe {
        if unicode::check_exact(key) {
            probe_str(d, key, hash)
        } else {
            probe(d, key, hash)
        }
    }
}

/// Probes for `key`. Equality beyond identity may run arbitrary code; if the
/// table changes under it, the probe starts again.
///
/// # Safety
/// `d` a live dict with a table; `key` live with hash `hash`.
#[inline]
unsafe fn probe(d: *mut PyDictObject, key: *mut PyObject, hash: isize) -> PyResult<Found> {
    // SAFETY: the table belongs to `d`; every access re-reads it after code
    // that could run Python-level side effects.
    unsafe {
        'restart: loop {
            let t = (*d).table;
            let mask = (*t).mask;
            let indices = Table::indices(t);
            let entries = Table::entries(t);
            let mut i = (hash as usize) & mask;
            let mut perturb = hash as usize;
            let key_is_str = unicode::check_exact(key);
            let mut vacant = usize::MAX;
            loop {
                let ix = *indices.add(i);
                if ix == EMPTY {
                    return Ok(Found::Vacant(if vacant == usize::MAX { i } else { vacant }));
                }
                if ix == DUMMY && vacant == usize::MAX {
                    vacant = i;
                }
                if ix >= 0 {
                    let e = entries.add(ix as usize);
                    let ek = (*e).key;
                    if ek == key {
                        return Ok(Found::At(ix as isize, i));
                    }
                    if (*e).hash == hash && !ek.is_null() {
                        if key_is_str && unicode::check_exact(ek) {
                            if unicode::eq(ek, key) {
                                return Ok(Found::At(ix as isize, i));
                            }
                        } else {
                            let hold = Owned::from_borrowed(ek);
                            let eq =
                                abstract_::rich_compare_bool(hold.as_ptr(), key, abstract_::EQ)?;
                            if (*d).table != t || (*entries.add(ix as usize)).key != ek {
                                continue 'restart;
                            }
                            if eq {
                                return Ok(Found::At(ix as isize, i));
                            }
                        }
                    }
                }
                perturb >>= 5;
                i = (i.wrapping_mul(5).wrapping_add(perturb).wrapping_add(1)) & mask;
            }
        }
    }
}

/// The lookup of an exact-str key whose hash is cached, when it can be
/// answered without running any code that could fail or panic (the probe
/// loop of `probe_str`, kept separate: sharing it through an `Option`
/// cost the store path about 3 instructions, 3%):
/// `Some(value)` (borrowed, NULL when absent), or `None` when the caller
/// must take the general path (no cached hash, a colliding key that is not
/// an exact str).
///
/// # Safety
/// `op` a live dict; `key` live.
#[inline]
pub unsafe fn get_str_fast(op: *mut PyObject, key: *mut PyObject) -> Option<*mut PyObject> {
    // SAFETY: the table belongs to the dict; only identity, hash and byte
    // comparisons of exact strs run here.
    unsafe {
        if !unicode::check_exact(key) {
            return None;
        }
        let hash = unicode::cached_hash(key);
        if hash == -1 {
            return None;
        }
        let d = op as *mut PyDictObject;
        let t = (*d).table;
        if t.is_null() {
            return Some(ptr::null_mut());
        }
        let mask = (*t).mask;
        let indices = Table::indices(t);
        let entries = Table::entries(t);
        let mut i = (hash as usize) & mask;
        let mut perturb = hash as usize;
        loop {
            let ix = *indices.add(i);
            if ix == EMPTY {
                return Some(ptr::null_mut());
            }
            if ix >= 0 {
                let e = entries.add(ix as usize);
                let ek = (*e).key;
                if ek == key {
                    return Some((*e).value);
                }
                if (*e).hash == hash {
                    if !unicode::check_exact(ek) {
                        return None;
                    }
                    if unicode::eq(ek, key) {
                        return Some((*e).value);
                    }
                }
            }
            perturb >>= 5;
            i = (i.wrapping_mul(5).wrapping_add(perturb).wrapping_add(1)) & mask;
        }
    }
}

/// The last keys version handed out ([`keys_version`]).
static mut LAST_KEYS_VERSION: u64 = 0;

/// The version of `op`'s key set, assigned now if it has none: while a
/// dict keeps a version, its keys sit at the same entry indices. 0 when
/// the dict has no table (nothing to index).
///
/// # Safety
/// `op` a live dict; the GIL held.
#[inline]
pub unsafe fn keys_version(op: *mut PyObject) -> u64 {
    // SAFETY: the table belongs to the dict; the GIL guards the counter.
    unsafe {
        let t = (*(op as *mut PyDictObject)).table;
        if t.is_null() {
            return 0;
        }
        if (*t).keys_version == 0 {
            LAST_KEYS_VERSION += 1;
            (*t).keys_version = LAST_KEYS_VERSION;
        }
        (*t).keys_version
    }
}

/// The current keys version of `op` without assigning one (0: none).
///
/// # Safety
/// `op` a live dict.
#[inline(always)]
pub unsafe fn current_keys_version(op: *mut PyObject) -> u64 {
    // SAFETY: as above.
    unsafe {
        let t = (*(op as *mut PyDictObject)).table;
        if t.is_null() {
            0
        } else {
            (*t).keys_version
        }
    }
}

/// The entry index of the exact-str key `key` in `op`, when it is there
/// and the lookup runs no code (see [`get_str_fast`]).
///
/// # Safety
/// `op` a live dict; `key` live.
pub unsafe fn str_entry_index(op: *mut PyObject, key: *mut PyObject) -> Option<usize> {
    // SAFETY: only identity and hash comparisons of exact strs run.
    unsafe {
        get_str_fast(op, key)?;
        let t = (*(op as *mut PyDictObject)).table;
        if t.is_null() {
            return None;
        }
        let entries = Table::entries(t);
        (0..(*t).nentries as usize).find(|&i| {
            let k = (*entries.add(i)).key;
            !k.is_null() && (k == key || (unicode::check_exact(k) && unicode::eq(k, key)))
        })
    }
}

/// The value at entry index `ix` of `op` (borrowed; NULL for a deleted
/// entry). Valid while the keys version the index was found under holds.
///
/// # Safety
/// `op` a live dict with a table of more than `ix` entries.
#[inline(always)]
pub unsafe fn entry_value(op: *mut PyObject, ix: usize) -> *mut PyObject {
    // SAFETY: caller's contract.
    unsafe { (*Table::entries((*(op as *mut PyDictObject)).table).add(ix)).value }
}

/// Looks `key` up with a known hash; returns a borrowed value.
///
/// # Safety
/// `op` a live dict, `key` live.
#[inline]
pub unsafe fn get_with_hash(
    op: *mut PyObject,
    key: *mut PyObject,
    hash: isize,
) -> PyResult<Option<*mut PyObject>> {
    // SAFETY: forwarded.
    unsafe {
        let d = op as *mut PyDictObject;
        if (*d).table.is_null() || (*d).ma_used == 0 {
            return Ok(None);
        }
        match find(d, key, hash)? {
            Found::At(ix, _) => Ok(Some((*Table::entries((*d).table).offset(ix)).value)),
            Found::Vacant(_) => Ok(None),
        }
    }
}

/// `PyDict_GetItemWithError` semantics: borrowed value or `None`.
///
/// # Safety
/// `op` a live dict, `key` live.
#[inline]
pub unsafe fn get(op: *mut PyObject, key: *mut PyObject) -> PyResult<Option<*mut PyObject>> {
    // SAFETY: forwarded.
    unsafe {
        let h = key_hash(key)?;
        get_with_hash(op, key, h)
    }
}

/// Lookup by a str key that never raises (type dicts, module dicts).
///
/// # Safety
/// `op` a live dict, `name` a live str.
pub unsafe fn get_str_borrowed(op: *mut PyObject, name: *mut PyObject) -> Option<*mut PyObject> {
    // SAFETY: forwarded; errors (impossible for str keys unless a key's
    // __eq__ raises) are swallowed as CPython's type lookup does.
    unsafe {
        match get(op, name) {
            Ok(v) => v,
            Err(_) => {
                err::clear();
                None
            }
        }
    }
}

unsafe fn grow(d: *mut PyDictObject) -> PyResult<()> {
    // SAFETY: `d` is a live dict; the old table's live entries move over.
    unsafe {
        let used = (*d).ma_used as usize;
        let mut size = MIN_SIZE;
        while size * 2 / 3 < used * 3 / 2 + 1 {
            size *= 2;
        }
        rebuild(d, size)
    }
}

unsafe fn rebuild(d: *mut PyDictObject, size: usize) -> PyResult<()> {
    // SAFETY: `d` is a live dict; entries are moved, not copied.
    unsafe {
        let nt = Table::alloc(size);
        if nt.is_null() {
            return Err(err::no_memory());
        }
        let old = (*d).table;
        if !old.is_null() {
            let oe = Table::entries(old);
            let ne = Table::entries(nt);
            let ni = Table::indices(nt);
            let mut k = 0isize;
            for j in 0..(*old).nentries {
                let e = *oe.offset(j);
                if e.key.is_null() {
                    continue;
                }
                *ne.offset(k) = e;
                insert_index(ni, (*nt).mask, e.hash, k as i32);
                k += 1;
            }
            (*nt).nentries = k;
            (*nt).filled = k;
            mem::release(old as *mut u8);
        }
        (*d).table = nt;
        Ok(())
    }
}

#[inline]
unsafe fn insert_index(indices: *mut i32, mask: usize, hash: isize, ix: i32) {
    // SAFETY: the table has an EMPTY slot (capacity < size).
    unsafe {
        let mut i = (hash as usize) & mask;
        let mut perturb = hash as usize;
        while *indices.add(i) != EMPTY {
            perturb >>= 5;
            i = (i.wrapping_mul(5).wrapping_add(perturb).wrapping_add(1)) & mask;
        }
        *indices.add(i) = ix;
    }
}

/// `PyDict_SetItem` semantics with a known hash (`key` and `value`
/// borrowed; the dict takes its own references). A watched dict reports
/// ADDED, or MODIFIED when the stored value object changes, before the
/// store.
///
/// # Safety
/// `op` a live dict, `key` and `value` live.
#[inline]
pub unsafe fn set_with_hash(
    op: *mut PyObject,
    key: *mut PyObject,
    hash: isize,
    value: *mut PyObject,
) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe { store::<true>(op, key, hash, value) }
}

/// The store behind [`set_with_hash`]. With `WATCHED`, a watched dict
/// reports the event once it is known (after the lookup, before any
/// change); the unwatched path pays one test of the mask.
#[inline(always)]
unsafe fn store<const WATCHED: bool>(
    op: *mut PyObject,
    key: *mut PyObject,
    hash: isize,
    value: *mut PyObject,
) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let d = op as *mut PyDictObject;
        if (*d).table.is_null() {
            let t = Table::alloc(MIN_SIZE);
            if t.is_null() {
                return Err(err::no_memory());
            }
            (*d).table = t;
        }
        match find(d, key, hash)? {
            Found::At(ix, _) => {
                let e = Table::entries((*d).table).offset(ix);
                let old = (*e).value;
                if old != value {
                    if WATCHED
                        && watchers::dict_mask(op) != 0
                        && !notify_unchanged(DictEvent::Modified, op, key, value)
                    {
                        return store_again(op, key, hash, value);
                    }
                    maintain_tracking(op, key, value);
                    incref(value);
                    (*e).value = value;
                    decref(old);
                }
                Ok(())
            }
            Found::Vacant(mut slot) => {
                if WATCHED
                    && watchers::dict_mask(op) != 0
                    && !notify_unchanged(DictEvent::Added, op, key, value)
                {
                    return store_again(op, key, hash, value);
                }
                let mut t = (*d).table;
                // a DUMMY slot is reused as it is; an EMPTY one is filled
                let fills = *Table::indices(t).add(slot) == EMPTY;
                if (*t).nentries >= (*t).capacity || (fills && (*t).filled >= (*t).capacity) {
                    grow(d)?;
                    t = (*d).table;
                    slot = usize::MAX;
                }
                let ix = (*t).nentries;
                maintain_tracking(op, key, value);
                incref(key);
                incref(value);
                *Table::entries(t).offset(ix) = Entry { hash, key, value };
                if slot == usize::MAX {
                    insert_index(Table::indices(t), (*t).mask, hash, ix as i32);
                    (*t).filled += 1;
                } else {
                    *Table::indices(t).add(slot) = ix as i32;
                    (*t).filled += fills as isize;
                }
                (*t).nentries = ix + 1;
                (*t).tail_gap = 0;
                (*t).keys_version = 0;
                (*d).ma_used += 1;
                Ok(())
            }
        }
    }
}

/// The store redone after callbacks that changed the dict (kept out of
/// line: it is never the fast path).
#[cold]
#[inline(never)]
unsafe fn store_again(
    op: *mut PyObject,
    key: *mut PyObject,
    hash: isize,
    value: *mut PyObject,
) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe { store::<false>(op, key, hash, value) }
}

/// Reports `event` for a watched dict and tells whether the dict came back
/// unchanged, so the lookup made before the callbacks still holds. A
/// callback must not change the dict; one that does anyway (directly, or
/// after unwatching it) moves its mutation count
/// ([`watchers::dict_mutations`]), and the caller then looks again.
/// `key` and `value` are the caller's borrowed references, alive across
/// the callbacks.
#[inline(always)]
unsafe fn notify_unchanged(
    event: DictEvent,
    op: *mut PyObject,
    key: *mut PyObject,
    value: *mut PyObject,
) -> bool {
    // SAFETY: forwarded.
    unsafe { watchers::notify_dict_unchanged(event, op, key, value) }
}

/// Starts tracking a dict once it holds something the collector must see
/// (CPython's `MAINTAIN_TRACKING`): dicts of atomic keys and values stay
/// untracked. Called on every store, replacements included. The type
/// tests come first: they are two loads, where the dict's own tracked bit
/// lives in its pool's bitmap.
///
/// # Safety
/// All three must be live.
#[inline(always)]
unsafe fn maintain_tracking(d: *mut PyObject, key: *mut PyObject, value: *mut PyObject) {
    // SAFETY: forwarded; dicts are GC objects with a header.
    unsafe {
        if (crate::runtime::gc::may_be_tracked(key) || crate::runtime::gc::may_be_tracked(value))
            && !crate::runtime::gc::is_tracked_raw(d)
        {
            crate::runtime::gc::track(d);
        }
    }
}

/// `PyDict_SetItem` semantics.
///
/// # Safety
/// `op` a live dict, `key` and `value` live.
#[inline]
pub unsafe fn set(op: *mut PyObject, key: *mut PyObject, value: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let h = key_hash(key)?;
        set_with_hash(op, key, h, value)
    }
}

/// `PyDict_DelItem` semantics: `KeyError(key)` when missing; a watched
/// dict reports DELETED with the caller's key first.
///
/// # Safety
/// `op` a live dict, `key` live.
pub unsafe fn del(op: *mut PyObject, key: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let h = key_hash(key)?;
        remove::<true>(op, key, h)
    }
}

/// The removal behind [`del`], `WATCHED` as for [`store`].
#[inline(always)]
unsafe fn remove<const WATCHED: bool>(
    op: *mut PyObject,
    key: *mut PyObject,
    h: isize,
) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let d = op as *mut PyDictObject;
        if (*d).table.is_null() || (*d).ma_used == 0 {
            return Err(err::key_error(key));
        }
        match find(d, key, h)? {
            Found::Vacant(_) => Err(err::key_error(key)),
            Found::At(ix, slot) => {
                if WATCHED
                    && watchers::dict_mask(op) != 0
                    && !notify_unchanged(DictEvent::Deleted, op, key, ptr::null_mut())
                {
                    return remove_again(op, key, h);
                }
                let t = (*d).table;
                *Table::indices(t).add(slot) = DUMMY;
                let e = Table::entries(t).offset(ix);
                let (k, v) = ((*e).key, (*e).value);
                (*e).key = ptr::null_mut();
                (*e).value = ptr::null_mut();
                (*t).deletions += 1;
                (*t).keys_version = 0;
                if ix == (*t).nentries - 1 {
                    // the last entry: the next insertion takes its place
                    (*t).nentries = ix;
                    (*t).tail_gap += 1;
                }
                (*d).ma_used -= 1;
                decref(k);
                decref(v);
                Ok(())
            }
        }
    }
}

/// The removal redone after callbacks that changed the dict.
#[cold]
#[inline(never)]
unsafe fn remove_again(op: *mut PyObject, key: *mut PyObject, h: isize) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe { remove::<false>(op, key, h) }
}

/// `dict.popitem()`: the last item as a new `(key, value)` pair;
/// `KeyError: 'popitem(): dictionary is empty'` when empty. A watched
/// dict reports DELETED with the stored key.
///
/// # Safety
/// `op` a live dict.
pub unsafe fn popitem(op: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded; the pair holds its own references.
    unsafe {
        let d = op as *mut PyDictObject;
        let last = || {
            let t = (*d).table;
            if t.is_null() || (*d).ma_used == 0 {
                return None;
            }
            let e = Table::entries(t);
            (0..(*t).nentries)
                .rev()
                .map(|j| (j, *e.offset(j)))
                .find(|(_, en)| !en.key.is_null())
        };
        let Some((ix, en)) = last() else {
            return Err(err::raise(
                crate::objects::exceptions::Exc::KeyError,
                "popitem(): dictionary is empty",
            ));
        };
        let pair = tuple::new_from(&[en.key, en.value])?;
        if watchers::dict_mask(op) != 0 {
            watchers::notify_dict(DictEvent::Deleted, op, en.key, ptr::null_mut());
        }
        // deleted entries after the popped one, ours and CPython's (a
        // callback may have cleared the table)
        let t = (*d).table;
        let trailing = if t.is_null() {
            0
        } else {
            (*t).nentries - 1 - ix + (*t).tail_gap
        };
        remove::<false>(op, en.key, en.hash)?;
        // CPython's popitem cuts its entry array at the popped entry: the
        // popped entry and the deleted ones after it stop counting as
        // deletions (so a dict emptied from its end is a clean clone source
        // again), and the deleted ones before it still count.
        // (`ix` is stale if a callback changed the dict: then clamp.)
        let t = (*d).table;
        if t.is_null() {
            // a finalizer run by the removal cleared the dict
            return Ok(pair);
        }
        (*t).deletions = ((*t).deletions - 1 - trailing.max(0)).max(0);
        (*t).tail_gap = 0;
        if (0..(*t).nentries).contains(&ix)
            && (ix..(*t).nentries).all(|j| (*Table::entries(t).offset(j)).key.is_null())
        {
            (*t).nentries = ix;
        }
        Ok(pair)
    }
}

/// Whether the dict's table holds slots (it was filled since creation or
/// the last clear): what CPython's CLEARED watcher event depends on.
///
/// # Safety
/// `op` a live dict.
pub unsafe fn has_table(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe { !(*(op as *mut PyDictObject)).table.is_null() }
}

/// Whether the dict is a clean clone source: a table with no deleted entries.
///
/// # Safety
/// `op` a live dict.
pub unsafe fn is_clean(op: *mut PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe {
        let d = op as *mut PyDictObject;
        let t = (*d).table;
        t.is_null() || (*t).deletions == 0
    }
}

/// `PyDict_Clear`; a watched dict whose table holds slots (it held items
/// since creation or the last clear) reports CLEARED first.
///
/// # Safety
/// `op` a live dict.
pub unsafe fn clear(op: *mut PyObject) {
    // SAFETY: forwarded; the table is detached before any decref runs code.
    unsafe {
        let d = op as *mut PyDictObject;
        if (*d).table.is_null() {
            return;
        }
        if watchers::dict_mask(op) != 0 {
            watchers::notify_dict(DictEvent::Cleared, op, ptr::null_mut(), ptr::null_mut());
        }
        let t = (*d).table;
        if t.is_null() {
            return;
        }
        (*d).table = ptr::null_mut();
        (*d).ma_used = 0;
        free_table(t);
    }
}

/// `tp_clear`: [`clear`].
unsafe extern "C" fn dict_tp_clear(op: *mut PyObject) -> std::ffi::c_int {
    // SAFETY: slot on a live dict.
    unsafe { clear(op) };
    0
}

unsafe fn free_table(t: *mut Table) {
    // SAFETY: `t` is detached from its dict; entries are owned.
    unsafe {
        let e = Table::entries(t);
        for j in 0..(*t).nentries {
            let en = *e.offset(j);
            if !en.key.is_null() {
                decref(en.key);
                decref(en.value);
            }
        }
        mem::release(t as *mut u8);
    }
}

/// `PyDict_Next`: the next live entry at or after `*pos` (borrowed key and
/// value); advances `*pos` past it.
///
/// # Safety
/// `op` a live dict.
#[inline]
pub unsafe fn next(op: *mut PyObject, pos: &mut isize) -> Option<(*mut PyObject, *mut PyObject)> {
    // SAFETY: forwarded.
    unsafe { next_entry(op, pos).map(|(k, v, _)| (k, v)) }
}

/// [`next`] with the key's stored hash (`_PyDict_Next`).
///
/// # Safety
/// `op` a live dict.
#[inline]
pub unsafe fn next_entry(
    op: *mut PyObject,
    pos: &mut isize,
) -> Option<(*mut PyObject, *mut PyObject, Py_hash_t)> {
    // SAFETY: forwarded; positions outside the entry array end iteration.
    unsafe {
        let d = op as *mut PyDictObject;
        let t = (*d).table;
        if t.is_null() || *pos < 0 {
            return None;
        }
        let e = Table::entries(t);
        let mut i = *pos;
        while i < (*t).nentries {
            let en = *e.offset(i);
            if !en.key.is_null() {
                *pos = i + 1;
                return Some((en.key, en.value, en.hash));
            }
            i += 1;
        }
        *pos = i;
        None
    }
}

/// Snapshot of `(key, value)` pairs as new references.
///
/// # Safety
/// `op` a live dict.
pub unsafe fn items_vec(op: *mut PyObject) -> Vec<(Owned, Owned)> {
    let mut v = Vec::new();
    let mut pos = 0;
    // SAFETY: forwarded.
    unsafe {
        while let Some((k, val)) = next(op, &mut pos) {
            v.push((Owned::from_borrowed(k), Owned::from_borrowed(val)));
        }
    }
    v
}

/// Copies a clean table into an empty dict in one step (the clone fast path).
///
/// # Safety
/// `dst` a live, empty dict; `src` a live, clean dict with a table.
unsafe fn clone_into(dst: *mut PyObject, src: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded; the copy takes new references to every key/value.
    unsafe {
        let s = src as *mut PyDictObject;
        let st = (*s).table;
        let size = (*st).mask + 1;
        let bytes = std::mem::size_of::<Table>()
            + size * std::mem::size_of::<i32>()
            + (*st).capacity as usize * std::mem::size_of::<Entry>();
        let nt = mem::alloc(bytes) as *mut Table;
        if nt.is_null() {
            return Err(err::no_memory());
        }
        ptr::copy_nonoverlapping(st as *const u8, nt as *mut u8, bytes);
        let e = Table::entries(nt);
        for j in 0..(*nt).nentries {
            let en = *e.offset(j);
            incref(en.key);
            incref(en.value);
        }
        let d = dst as *mut PyDictObject;
        let old = (*d).table;
        (*d).table = nt;
        (*d).ma_used = (*s).ma_used;
        if crate::runtime::gc::is_tracked(src) && !crate::runtime::gc::is_tracked(dst) {
            crate::runtime::gc::track(dst);
        }
        if !old.is_null() {
            free_table(old);
        }
        Ok(())
    }
}

/// `PyDict_Copy`.
///
/// # Safety
/// `op` a live dict.
pub unsafe fn copy(op: *mut PyObject) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let c = new()?;
        if len(op) == 0 {
            // CPython returns a fresh, untracked dict
            return Ok(c);
        }
        // CPython copies a dict with at most a third of its entries deleted
        // table and all, and the copy is tracked exactly when the source
        // is; other dicts are copied item by item, so tracking follows
        // their contents.
        let t = (*(op as *mut PyDictObject)).table;
        let whole = !t.is_null() && len(op) >= (len(op) + (*t).deletions) * 2 / 3;
        let tracked = whole && crate::runtime::gc::is_tracked_raw(op);
        merge(c.as_ptr(), op, true)?;
        if whole && crate::runtime::gc::is_tracked_raw(c.as_ptr()) != tracked {
            if tracked {
                crate::runtime::gc::track(c.as_ptr());
            } else {
                crate::runtime::gc::untrack(c.as_ptr());
            }
        }
        Ok(c)
    }
}

/// `PyDict_Merge(a, b, override)`: from a dict by entries (one-step clone
/// into an empty dict when `b` is clean), from any other mapping through
/// `keys()` and `b[key]`.
///
/// # Safety
/// `a` a live dict, `b` live.
pub unsafe fn merge(a: *mut PyObject, b: *mut PyObject, override_: bool) -> PyResult<()> {
    // SAFETY: forwarded; `b`'s entries are snapshotted before insertion,
    // since inserting may run arbitrary `__eq__` code.
    unsafe {
        if check(b) {
            if a == b || len(b) == 0 {
                return Ok(());
            }
            if len(a) == 0 && is_clean(b) && has_table(b) {
                if watchers::dict_mask(a) == 0 {
                    return clone_into(a, b);
                }
                let _hold = Owned::from_borrowed(b);
                watchers::notify_dict(DictEvent::Cloned, a, b, ptr::null_mut());
                if len(a) == 0 && is_clean(b) && has_table(b) {
                    return clone_into(a, b);
                }
            }
            let mut pos = 0;
            let bd = b as *mut PyDictObject;
            let mut snapshot = Vec::with_capacity(len(b) as usize);
            while let Some((k, v)) = next(b, &mut pos) {
                let h = (*Table::entries((*bd).table).offset(pos - 1)).hash;
                snapshot.push((Owned::from_borrowed(k), h, Owned::from_borrowed(v)));
            }
            for (k, h, v) in snapshot {
                if !override_ && get_with_hash(a, k.as_ptr(), h)?.is_some() {
                    continue;
                }
                set_with_hash(a, k.as_ptr(), h, v.as_ptr())?;
            }
            return Ok(());
        }
        let keys_name = unicode::intern("keys")?;
        let keys_fn = abstract_::getattr(b, keys_name.as_ptr())?;
        let keys = crate::protocols::call::call(
            keys_fn.as_ptr(),
            tuple::new(0)?.as_ptr(),
            ptr::null_mut(),
        )?;
        for k in abstract_::collect(keys.as_ptr(), "")? {
            if !override_ && get(a, k.as_ptr())?.is_some() {
                continue;
            }
            let v = abstract_::getitem(b, k.as_ptr())?;
            set(a, k.as_ptr(), v.as_ptr())?;
        }
        Ok(())
    }
}

/// `PyDict_MergeFromSeq2`.
///
/// # Safety
/// `a` a live dict, `seq` live.
pub unsafe fn merge_from_seq2(
    a: *mut PyObject,
    seq: *mut PyObject,
    override_: bool,
) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let items = abstract_::collect(seq, "")?;
        for (i, it) in items.iter().enumerate() {
            let pair = match abstract_::collect(it.as_ptr(), "") {
                Ok(p) => p,
                Err(_) => {
                    if err::given_matches(
                        err::occurred(),
                        crate::objects::exceptions::get(crate::objects::exceptions::Exc::TypeError),
                    ) {
                        err::clear();
                        return Err(err::type_error(&format!(
                            "cannot convert dictionary update sequence element #{i} to a sequence"
                        )));
                    }
                    return Err(err::Raised::assume());
                }
            };
            if pair.len() != 2 {
                return Err(err::value_error(&format!(
                    "dictionary update sequence element #{i} has length {}; 2 is required",
                    pair.len()
                )));
            }
            if !override_ && get(a, pair[0].as_ptr())?.is_some() {
                continue;
            }
            set(a, pair[0].as_ptr(), pair[1].as_ptr())?;
        }
        Ok(())
    }
}

/// `PyDict_SetDefault`: the value for `key`, inserting `default` first if
/// missing; borrowed.
///
/// # Safety
/// `op` a live dict, `key` and `default` live.
pub unsafe fn set_default(
    op: *mut PyObject,
    key: *mut PyObject,
    default: *mut PyObject,
) -> PyResult<*mut PyObject> {
    // SAFETY: forwarded.
    unsafe {
        let h = key_hash(key)?;
        if let Some(v) = get_with_hash(op, key, h)? {
            return Ok(v);
        }
        set_with_hash(op, key, h, default)?;
        Ok(default)
    }
}

/// Which part of each item [`to_list`] takes.
#[derive(Clone, Copy, Debug)]
pub enum Part {
    /// `PyDict_Keys`.
    Keys,
    /// `PyDict_Values`.
    Values,
    /// `PyDict_Items`.
    Items,
}

/// `PyDict_Keys` / `Values` / `Items`.
///
/// # Safety
/// `op` a live dict.
pub unsafe fn to_list(op: *mut PyObject, part: Part) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        let mut v = Vec::with_capacity(len(op) as usize);
        for (k, val) in items_vec(op) {
            v.push(match part {
                Part::Keys => k,
                Part::Values => val,
                Part::Items => tuple::new_from(&[k.as_ptr(), val.as_ptr()])?,
            });
        }
        list::from_owned(v)
    }
}

unsafe extern "C" fn dict_traverse(
    op: *mut PyObject,
    visit: crate::objects::typeobj::visitproc,
    arg: *mut std::ffi::c_void,
) -> c_int {
    // SAFETY: slot on a dict; entries are read in place.
    unsafe {
        let mut pos = 0;
        while let Some((k, v)) = next(op, &mut pos) {
            let r = crate::runtime::gc::visit_all([k, v], visit, arg);
            if r != 0 {
                return r;
            }
        }
        0
    }
}

unsafe extern "C" fn dict_dealloc(op: *mut PyObject) {
    // SAFETY: refcount reached zero.
    unsafe {
        if watchers::dict_mask(op) != 0 && !watchers::notify_dict_dealloc(op) {
            return;
        }
        let d = op as *mut PyDictObject;
        let t = (*d).table;
        (*d).table = ptr::null_mut();
        if !t.is_null() {
            free_table(t);
        }
        alloc::free_object(op);
    }
}

unsafe extern "C" fn dict_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a dict; pairs are held while their reprs run.
    unsafe {
        if len(op) == 0 {
            return err::into_ptr(unicode::from_ascii("{}"));
        }
        let r = abstract_::with_repr_guard(op, "{...}", || {
            let mut s = String::from("{");
            for (i, (k, v)) in items_vec(op).into_iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                s.push_str(&abstract_::repr_string(k.as_ptr())?);
                s.push_str(": ");
                s.push_str(&abstract_::repr_string(v.as_ptr())?);
            }
            s.push('}');
            Ok(s)
        });
        match r {
            Ok(s) => err::into_ptr(unicode::from_str(&s)),
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn dict_len(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: slot on a dict.
    unsafe { len(op) }
}

unsafe extern "C" fn dict_subscript(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a dict.
    unsafe {
        match get(op, key) {
            Ok(Some(v)) => new_ref(v),
            Ok(None) if (*op).ob_type != lifecycle::dict_type() => {
                // A subclass's `__missing__` answers for absent keys.
                match crate::protocols::slotcall::call_dunder(op, "__missing__", &[key]) {
                    Ok(Some(r)) => r.into_raw(),
                    Ok(None) => err::key_error(key).into(),
                    Err(e) => e.into(),
                }
            }
            Ok(None) => err::key_error(key).into(),
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn dict_ass_subscript(
    op: *mut PyObject,
    key: *mut PyObject,
    v: *mut PyObject,
) -> c_int {
    // SAFETY: slot on a dict.
    unsafe {
        let r = if v.is_null() {
            del(op, key)
        } else {
            set(op, key, v)
        };
        match r {
            Ok(()) => 0,
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn dict_contains(op: *mut PyObject, key: *mut PyObject) -> c_int {
    // SAFETY: slot on a dict.
    unsafe {
        match get(op, key) {
            Ok(v) => c_int::from(v.is_some()),
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn dict_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: slot; `a` is a dict.
    unsafe {
        if !check(b) || (op != abstract_::EQ && op != abstract_::NE) {
            return new_ref(lifecycle::not_implemented());
        }
        let r = (|| -> PyResult<bool> {
            if len(a) != len(b) {
                return Ok(false);
            }
            for (k, v) in items_vec(a) {
                let Some(bv) = get(b, k.as_ptr())? else {
                    return Ok(false);
                };
                let bv = Owned::from_borrowed(bv);
                if !abstract_::rich_compare_bool(v.as_ptr(), bv.as_ptr(), abstract_::EQ)? {
                    return Ok(false);
                }
            }
            Ok(true)
        })();
        match r {
            Ok(eq) => crate::objects::long::bool_from(eq == (op == abstract_::EQ)).into_raw(),
            Err(e) => e.into(),
        }
    }
}

unsafe extern "C" fn dict_new(
    t: *mut PyTypeObject,
    _args: *mut PyObject,
    _kw: *mut PyObject,
) -> *mut PyObject {
    if t == lifecycle::dict_type() {
        return err::into_ptr(new());
    }
    // A subclass instance: the dict layout, zeroed (no table), plus the
    // subclass's own fields; `tp_init` fills it.
    // SAFETY: `t` is a subtype of dict, so its instances start with a dict.
    match unsafe { alloc::new_object(t, (*t).tp_basicsize as usize) } {
        Ok(op) => op,
        Err(e) => e.into(),
    }
}

unsafe extern "C" fn dict_init(op: *mut PyObject, args: *mut PyObject, kw: *mut PyObject) -> c_int {
    // SAFETY: tp_init contract.
    unsafe {
        let n = tuple::size(args);
        if n > 1 {
            return err::type_error(&format!("dict expected at most 1 argument, got {n}")).into();
        }
        if n == 1 {
            let src = tuple::item(args, 0);
            let is_mapping = check(src) || abstract_::has_attr_str(src, "keys");
            let r = if is_mapping {
                merge(op, src, true)
            } else {
                merge_from_seq2(op, src, true)
            };
            if let Err(e) = r {
                return e.into();
            }
        }
        if !kw.is_null() {
            if let Err(e) = merge(op, kw, true) {
                return e.into();
            }
        }
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::testing::with_runtime;

    #[test]
    fn insertion_order_survives_overwrite_and_delete() {
        // SAFETY: the runtime is initialized and this thread is attached.
        with_runtime(|| unsafe {
            let d = new().unwrap();
            let keys: Vec<Owned> = (0..20)
                .map(|i| crate::objects::long::from_i64(i * 1000).unwrap())
                .collect();
            for k in &keys {
                set(d.as_ptr(), k.as_ptr(), k.as_ptr()).unwrap();
            }
            set(d.as_ptr(), keys[3].as_ptr(), keys[0].as_ptr()).unwrap();
            del(d.as_ptr(), keys[5].as_ptr()).unwrap();
            set(d.as_ptr(), keys[5].as_ptr(), keys[5].as_ptr()).unwrap();
            let order: Vec<i64> = items_vec(d.as_ptr())
                .iter()
                .map(|(k, _)| match crate::objects::long::val(k.as_ptr()) {
                    crate::objects::long::Val::Small(v) => v / 1000,
                    _ => unreachable!(),
                })
                .collect();
            let mut want: Vec<i64> = (0..20).filter(|&i| i != 5).collect();
            want.push(5);
            assert_eq!(order, want);
            assert_eq!(len(d.as_ptr()), 20);
            assert!(!is_clean(d.as_ptr()));
        });
    }

    #[test]
    fn equal_int_and_float_keys_are_one_key() {
        // SAFETY: the runtime is initialized and this thread is attached.
        with_runtime(|| unsafe {
            let d = new().unwrap();
            let one = crate::objects::long::from_i64(1).unwrap();
            let onef = crate::objects::float::from_f64(1.0).unwrap();
            set(d.as_ptr(), one.as_ptr(), one.as_ptr()).unwrap();
            set(d.as_ptr(), onef.as_ptr(), onef.as_ptr()).unwrap();
            assert_eq!(len(d.as_ptr()), 1);
            assert_eq!(get(d.as_ptr(), onef.as_ptr()).unwrap(), Some(onef.as_ptr()));
        });
    }

    /// What the misbehaving watcher below does on its first call: 0 clears
    /// the dict and refills it (a watched mutation), 1 unwatches it first.
    static MISBEHAVE: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(-1);
    static MISBEHAVE_ID: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(-1);

    unsafe extern "C" fn misbehaving(
        _ev: c_int,
        d: *mut PyObject,
        _k: *mut PyObject,
        _v: *mut PyObject,
    ) -> c_int {
        use std::sync::atomic::Ordering::SeqCst;
        let mode = MISBEHAVE.swap(-1, SeqCst);
        if mode < 0 {
            return 0;
        }
        // SAFETY: a live dict, the GIL held by the store that called us.
        unsafe {
            if mode == 1 {
                watchers::dict_unwatch(MISBEHAVE_ID.load(SeqCst), d).unwrap();
            }
            clear(d);
            for i in 0..40 {
                let k = crate::objects::long::from_i64(1000 + i).unwrap();
                set(d, k.as_ptr(), k.as_ptr()).unwrap();
            }
        }
        0
    }

    /// A callback must not change the dict, but one that does (even after
    /// unwatching it) must not leave the store writing into a stale slot:
    /// the store looks again and the dict stays consistent.
    #[test]
    fn a_callback_that_changes_the_dict_cannot_corrupt_it() {
        use std::sync::atomic::Ordering::SeqCst;
        // SAFETY: the runtime is initialized and this thread is attached.
        with_runtime(|| unsafe {
            let id = watchers::dict_add_watcher(Some(misbehaving)).unwrap();
            MISBEHAVE_ID.store(id, SeqCst);
            for mode in [0, 1] {
                let d = new().unwrap();
                let k0 = crate::objects::long::from_i64(7).unwrap();
                set(d.as_ptr(), k0.as_ptr(), k0.as_ptr()).unwrap();
                watchers::dict_watch(id, d.as_ptr()).unwrap();
                MISBEHAVE.store(mode, SeqCst);
                let k = crate::objects::long::from_i64(5).unwrap();
                set(d.as_ptr(), k.as_ptr(), k.as_ptr()).unwrap();
                assert_eq!(len(d.as_ptr()), 41, "mode {mode}");
                assert_eq!(get(d.as_ptr(), k.as_ptr()).unwrap(), Some(k.as_ptr()));
                assert_eq!(get(d.as_ptr(), k0.as_ptr()).unwrap(), None);
                for i in 0..40 {
                    let ki = crate::objects::long::from_i64(1000 + i).unwrap();
                    assert!(get(d.as_ptr(), ki.as_ptr()).unwrap().is_some());
                }
                watchers::dict_watch(id, d.as_ptr()).unwrap(); // mode 1 unwatched it
                MISBEHAVE.store(mode, SeqCst);
                let _missing: err::Raised = del(d.as_ptr(), k.as_ptr()).unwrap_err();
                err::clear();
                assert_eq!(len(d.as_ptr()), 40, "mode {mode}");
                let _ = watchers::dict_unwatch(id, d.as_ptr());
            }
            watchers::dict_clear_watcher(id).unwrap();
        });
    }

    proptest::proptest! {
        // Too slow under Miri, and proptest's persistence needs the file system.
        #[cfg_attr(miri, ignore)]
        #[test]
        fn behaves_like_a_model(ops in proptest::collection::vec((0u8..3, 0i64..40), 0..300)) {
            // SAFETY: the runtime is initialized and this thread is attached.
            with_runtime(|| unsafe {
                let d = new().unwrap();
                let mut model: Vec<(i64, i64)> = Vec::new();
                for (op, k) in ops {
                    let key = crate::objects::long::from_i64(k * 7919).unwrap();
                    match op {
                        0 | 1 => {
                            let v = crate::objects::long::from_i64(k + 1000).unwrap();
                            set(d.as_ptr(), key.as_ptr(), v.as_ptr()).unwrap();
                            if let Some(e) = model.iter_mut().find(|e| e.0 == k) { e.1 = k + 1000 } else { model.push((k, k + 1000)) }
                        }
                        _ => {
                            let r = del(d.as_ptr(), key.as_ptr());
                            match model.iter().position(|e| e.0 == k) {
                                Some(p) => { r.unwrap(); model.remove(p); }
                                None => { assert!(r.is_err()); err::clear(); }
                            }
                        }
                    }
                }
                let got: Vec<(i64, i64)> = items_vec(d.as_ptr()).iter().map(|(k, v)| {
                    let kv = match crate::objects::long::val(k.as_ptr()) { crate::objects::long::Val::Small(x) => x / 7919, _ => unreachable!() };
                    let vv = match crate::objects::long::val(v.as_ptr()) { crate::objects::long::Val::Small(x) => x, _ => unreachable!() };
                    (kv, vv)
                }).collect();
                assert_eq!(got, model);
                let c = copy(d.as_ptr()).unwrap();
                assert_eq!(len(c.as_ptr()), model.len() as isize);
            });
        }
    }
}
