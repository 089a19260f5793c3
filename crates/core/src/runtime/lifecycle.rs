//! Runtime start-up and teardown, and the table of statically allocated
//! objects (singletons and builtin types).
//!
//! The storage of objects that C code names as data symbols (`_Py_NoneStruct`,
//! `PyDict_Type`, ...) belongs to whoever exports them: the C facade passes
//! their addresses in a [`StaticObjects`] table, taken through the dynamic
//! linker so that copy-relocated symbols are honoured. A Rust user of this
//! crate alone lets [`initialize`] allocate the storage itself.

use crate::objects::object::*;
use crate::objects::typeobj::{self, flags, PyTypeObject};
use crate::{
    objects::bytes, objects::descr, objects::dict, objects::exceptions, objects::float,
    objects::list, objects::long, objects::module, objects::tuple, objects::unicode, runtime::err,
    runtime::thread,
};
use std::ptr;
use std::sync::atomic::{AtomicBool, Ordering};

/// Addresses of every statically allocated object of the runtime.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(missing_docs)]
pub struct StaticObjects {
    pub none: *mut PyObject,
    pub not_implemented: *mut PyObject,
    pub ellipsis: *mut PyObject,
    /// `_Py_TrueStruct`: 32 bytes of storage, an int object.
    pub true_: *mut PyObject,
    /// `_Py_FalseStruct`: 32 bytes of storage, an int object.
    pub false_: *mut PyObject,
    pub type_type: *mut PyTypeObject,
    pub object_type: *mut PyTypeObject,
    pub bool_type: *mut PyTypeObject,
    pub long_type: *mut PyTypeObject,
    pub float_type: *mut PyTypeObject,
    pub unicode_type: *mut PyTypeObject,
    pub bytes_type: *mut PyTypeObject,
    pub tuple_type: *mut PyTypeObject,
    pub list_type: *mut PyTypeObject,
    pub dict_type: *mut PyTypeObject,
    pub module_type: *mut PyTypeObject,
    pub none_type: *mut PyTypeObject,
    pub notimpl_type: *mut PyTypeObject,
    pub ellipsis_type: *mut PyTypeObject,
    pub weakref_type: *mut PyTypeObject,
    pub weakproxy_type: *mut PyTypeObject,
    pub weakcallableproxy_type: *mut PyTypeObject,
    pub cfunction_type: *mut PyTypeObject,
    pub cmethod_type: *mut PyTypeObject,
    pub method_descr_type: *mut PyTypeObject,
    pub method_type: *mut PyTypeObject,
    pub code_type: *mut PyTypeObject,
    pub function_type: *mut PyTypeObject,
    pub frame_type: *mut PyTypeObject,
    pub traceback_type: *mut PyTypeObject,
    pub seqiter_type: *mut PyTypeObject,
    pub calliter_type: *mut PyTypeObject,
    pub slice_type: *mut PyTypeObject,
    pub moduledef_type: *mut PyTypeObject,
    pub capsule_type: *mut PyTypeObject,
    pub bytearray_type: *mut PyTypeObject,
    /// `_PyByteArray_empty_string`.
    pub bytearray_empty: *mut std::ffi::c_char,
    pub range_type: *mut PyTypeObject,
    pub rangeiter_type: *mut PyTypeObject,
    pub longrangeiter_type: *mut PyTypeObject,
    pub super_type: *mut PyTypeObject,
    /// `PyCell_Type`.
    pub cell_type: *mut PyTypeObject,
    /// `PyGen_Type`.
    pub gen_type: *mut PyTypeObject,
    /// `PyCoro_Type`.
    pub coro_type: *mut PyTypeObject,
    /// `PySet_Type`.
    pub set_type: *mut PyTypeObject,
    /// `PyFrozenSet_Type`.
    pub frozenset_type: *mut PyTypeObject,
    /// `PySetIter_Type`.
    pub setiter_type: *mut PyTypeObject,
    /// `PyProperty_Type`.
    pub property_type: *mut PyTypeObject,
    /// `PyClassMethod_Type`.
    pub classmethod_type: *mut PyTypeObject,
    /// `PyStaticMethod_Type`.
    pub staticmethod_type: *mut PyTypeObject,
    /// `PyComplex_Type`.
    pub complex_type: *mut PyTypeObject,
    /// `PyMemoryView_Type`.
    pub memoryview_type: *mut PyTypeObject,
    /// `Py_GenericAliasType`.
    pub genericalias_type: *mut PyTypeObject,
}

impl StaticObjects {
    const NULL: StaticObjects = StaticObjects {
        none: ptr::null_mut(),
        not_implemented: ptr::null_mut(),
        ellipsis: ptr::null_mut(),
        true_: ptr::null_mut(),
        false_: ptr::null_mut(),
        type_type: ptr::null_mut(),
        object_type: ptr::null_mut(),
        bool_type: ptr::null_mut(),
        long_type: ptr::null_mut(),
        float_type: ptr::null_mut(),
        unicode_type: ptr::null_mut(),
        bytes_type: ptr::null_mut(),
        tuple_type: ptr::null_mut(),
        list_type: ptr::null_mut(),
        dict_type: ptr::null_mut(),
        module_type: ptr::null_mut(),
        none_type: ptr::null_mut(),
        notimpl_type: ptr::null_mut(),
        ellipsis_type: ptr::null_mut(),
        weakref_type: ptr::null_mut(),
        weakproxy_type: ptr::null_mut(),
        weakcallableproxy_type: ptr::null_mut(),
        cfunction_type: ptr::null_mut(),
        cmethod_type: ptr::null_mut(),
        method_descr_type: ptr::null_mut(),
        method_type: ptr::null_mut(),
        code_type: ptr::null_mut(),
        function_type: ptr::null_mut(),
        frame_type: ptr::null_mut(),
        traceback_type: ptr::null_mut(),
        seqiter_type: ptr::null_mut(),
        calliter_type: ptr::null_mut(),
        slice_type: ptr::null_mut(),
        moduledef_type: ptr::null_mut(),
        capsule_type: ptr::null_mut(),
        bytearray_type: ptr::null_mut(),
        bytearray_empty: ptr::null_mut(),
        range_type: ptr::null_mut(),
        rangeiter_type: ptr::null_mut(),
        longrangeiter_type: ptr::null_mut(),
        super_type: ptr::null_mut(),
        cell_type: ptr::null_mut(),
        gen_type: ptr::null_mut(),
        coro_type: ptr::null_mut(),
        set_type: ptr::null_mut(),
        frozenset_type: ptr::null_mut(),
        setiter_type: ptr::null_mut(),
        property_type: ptr::null_mut(),
        classmethod_type: ptr::null_mut(),
        staticmethod_type: ptr::null_mut(),
        complex_type: ptr::null_mut(),
        memoryview_type: ptr::null_mut(),
        genericalias_type: ptr::null_mut(),
    };

    /// Allocates zeroed storage for every static object (for Rust users who
    /// do not go through the C facade). The storage lives forever.
    pub fn allocate() -> StaticObjects {
        fn ty() -> *mut PyTypeObject {
            Box::into_raw(Box::new(PyTypeObject::zeroed(ptr::null_mut())))
        }
        fn obj(words: usize) -> *mut PyObject {
            Box::into_raw(vec![0usize; words].into_boxed_slice()) as *mut PyObject
        }
        StaticObjects {
            none: obj(2),
            not_implemented: obj(2),
            ellipsis: obj(2),
            true_: obj(4),
            false_: obj(4),
            type_type: ty(),
            object_type: ty(),
            bool_type: ty(),
            long_type: ty(),
            float_type: ty(),
            unicode_type: ty(),
            bytes_type: ty(),
            tuple_type: ty(),
            list_type: ty(),
            dict_type: ty(),
            module_type: ty(),
            none_type: ty(),
            notimpl_type: ty(),
            ellipsis_type: ty(),
            weakref_type: ty(),
            weakproxy_type: ty(),
            weakcallableproxy_type: ty(),
            cfunction_type: ty(),
            cmethod_type: ty(),
            method_descr_type: ty(),
            method_type: ty(),
            code_type: ty(),
            function_type: ty(),
            frame_type: ty(),
            traceback_type: ty(),
            seqiter_type: ty(),
            calliter_type: ty(),
            slice_type: ty(),
            moduledef_type: ty(),
            capsule_type: ty(),
            bytearray_type: ty(),
            bytearray_empty: Box::leak(Box::new(0 as std::ffi::c_char)),
            range_type: ty(),
            rangeiter_type: ty(),
            longrangeiter_type: ty(),
            super_type: ty(),
            cell_type: ty(),
            gen_type: ty(),
            coro_type: ty(),
            set_type: ty(),
            frozenset_type: ty(),
            setiter_type: ty(),
            property_type: ty(),
            classmethod_type: ty(),
            staticmethod_type: ty(),
            complex_type: ty(),
            memoryview_type: ty(),
            genericalias_type: ty(),
        }
    }
}

static mut STATICS: StaticObjects = StaticObjects::NULL;
static STATICS_SET: AtomicBool = AtomicBool::new(false);
static INITIALIZED: AtomicBool = AtomicBool::new(false);
static mut MAIN_TSTATE: *mut thread::ThreadState = ptr::null_mut();

macro_rules! accessors {
    ($($f:ident : $t:ty),* $(,)?) => {
        $(
            #[doc = concat!("The static object `", stringify!($f), "`.")]
            #[inline(always)]
            pub fn $f() -> $t {
                // SAFETY: STATICS is written once, before any object exists,
                // and only read afterwards.
                unsafe { (*ptr::addr_of!(STATICS)).$f }
            }
        )*
    };
}

accessors! {
    none: *mut PyObject, not_implemented: *mut PyObject, ellipsis: *mut PyObject,
    true_: *mut PyObject, false_: *mut PyObject,
    type_type: *mut PyTypeObject, object_type: *mut PyTypeObject, bool_type: *mut PyTypeObject,
    long_type: *mut PyTypeObject, float_type: *mut PyTypeObject, unicode_type: *mut PyTypeObject,
    bytes_type: *mut PyTypeObject, tuple_type: *mut PyTypeObject, list_type: *mut PyTypeObject,
    dict_type: *mut PyTypeObject, module_type: *mut PyTypeObject, none_type: *mut PyTypeObject,
    notimpl_type: *mut PyTypeObject, ellipsis_type: *mut PyTypeObject,
    cfunction_type: *mut PyTypeObject, cmethod_type: *mut PyTypeObject,
    method_descr_type: *mut PyTypeObject, method_type: *mut PyTypeObject,
    code_type: *mut PyTypeObject, function_type: *mut PyTypeObject,
    frame_type: *mut PyTypeObject, traceback_type: *mut PyTypeObject,
    seqiter_type: *mut PyTypeObject, calliter_type: *mut PyTypeObject,
    slice_type: *mut PyTypeObject, moduledef_type: *mut PyTypeObject,
    capsule_type: *mut PyTypeObject, bytearray_type: *mut PyTypeObject,
    bytearray_empty: *mut std::ffi::c_char,
    range_type: *mut PyTypeObject, rangeiter_type: *mut PyTypeObject,
    longrangeiter_type: *mut PyTypeObject, super_type: *mut PyTypeObject,
    cell_type: *mut PyTypeObject, gen_type: *mut PyTypeObject, coro_type: *mut PyTypeObject,
    set_type: *mut PyTypeObject, frozenset_type: *mut PyTypeObject,
    setiter_type: *mut PyTypeObject,
    property_type: *mut PyTypeObject, classmethod_type: *mut PyTypeObject,
    staticmethod_type: *mut PyTypeObject, complex_type: *mut PyTypeObject,
    memoryview_type: *mut PyTypeObject, genericalias_type: *mut PyTypeObject,
}

/// The functions that C code may find in type slots and compare by address
/// with the C API's exports (`PyType_GetSlot(t, Py_tp_getattro) ==
/// PyObject_GenericGetAttr`). The core's own implementations are the
/// defaults; the C facade installs its exported functions before start-up
/// so that the slots hold the addresses C code knows.
#[derive(Clone, Copy, Debug)]
#[allow(missing_docs)]
pub struct CApiSlots {
    pub getattro: crate::objects::typeobj::getattrofunc,
    pub setattro: crate::objects::typeobj::setattrofunc,
    pub alloc: crate::objects::typeobj::allocfunc,
    pub generic_new: crate::objects::typeobj::newfunc,
    pub object_free: crate::objects::typeobj::freefunc,
    pub gc_del: crate::objects::typeobj::freefunc,
    pub hash_not_implemented: crate::objects::typeobj::hashfunc,
}

static mut C_API_SLOTS: CApiSlots = CApiSlots {
    getattro: Some(crate::protocols::attr::generic_getattr_slot),
    setattro: Some(crate::protocols::attr::generic_setattr_slot),
    alloc: Some(crate::objects::heaptype::generic_alloc),
    generic_new: Some(crate::objects::heaptype::generic_new),
    object_free: Some(crate::objects::heaptype::object_free),
    gc_del: Some(crate::objects::heaptype::gc_del),
    hash_not_implemented: Some(crate::protocols::attr::hash_not_implemented),
};

/// Installs the C facade's slot functions (before [`initialize`]).
pub fn install_c_api_slots(s: CApiSlots) {
    // SAFETY: called once before any type is readied.
    unsafe { *ptr::addr_of_mut!(C_API_SLOTS) = s };
}

/// The slot functions types get by default.
#[inline]
pub fn c_api_slots() -> CApiSlots {
    // SAFETY: written before start-up only.
    unsafe { *ptr::addr_of!(C_API_SLOTS) }
}

/// `SystemError`, the type most internal failures raise.
pub fn exc_system_error() -> *mut PyObject {
    exceptions::get(exceptions::Exc::SystemError)
}

/// Whether the runtime is initialized (`Py_IsInitialized`).
pub fn is_initialized() -> bool {
    INITIALIZED.load(Ordering::Acquire)
}

/// Prints a fatal error in CPython's shape and aborts the process.
pub fn fatal(func: &str, msg: &str) -> ! {
    eprintln!("Fatal Python error: {func}: {msg}");
    eprintln!(
        "Python runtime state: {}",
        if is_initialized() {
            "initialized"
        } else {
            "not initialized"
        }
    );
    std::process::abort()
}

/// `tp_dealloc` of objects that must never be deallocated (immortal statics):
/// reaching it means a refcount bug in C code.
///
/// # Safety
/// Slot function.
pub unsafe extern "C" fn static_dealloc(op: *mut PyObject) {
    // SAFETY: `op` is live (refcount just hit zero).
    let name = unsafe { typeobj::full_name((*op).ob_type) };
    fatal(
        "_Py_Dealloc",
        &format!("deallocating a static '{name}' object (refcount bug in the caller)"),
    );
}

/// Starts the runtime (`Py_InitializeEx`): installs the static objects,
/// readies the builtin types, and attaches a main thread state to the calling
/// thread. Calling it again while initialized does nothing.
///
/// `statics`: the storage of the exported static objects, or `None` to
/// allocate it. Only the first call's table is used.
pub fn initialize(statics: Option<StaticObjects>) {
    if is_initialized() {
        return;
    }
    crate::runtime::eval_breaker::set_main_thread();
    if !STATICS_SET.swap(true, Ordering::AcqRel) {
        let s = statics.unwrap_or_else(StaticObjects::allocate);
        // SAFETY: first and only write, before any object is created.
        unsafe { *ptr::addr_of_mut!(STATICS) = s };
        // SAFETY: exclusive access to freshly installed storage.
        unsafe { init_statics() };
    }
    // SAFETY: start-up on one thread; the static types are ready.
    unsafe { init_interpreter() };
    let ts = thread::new_thread_state();
    thread::take_gil_for_init();
    thread::set_current(ts);
    thread::bind_gilstate(ts);
    // SAFETY: written only here and in finalize, by the main thread.
    unsafe { MAIN_TSTATE = ts };
    INITIALIZED.store(true, Ordering::Release);
    // SAFETY: the main thread state is attached and holds the GIL.
    if unsafe { crate::system::sysmodule::init_stdio() }.is_err() {
        fatal("Py_Initialize", "cannot create the standard streams");
    }
}

unsafe fn init_statics() {
    // SAFETY: runtime start-up on one thread; every pointer in STATICS points
    // to writable storage of the right size.
    unsafe {
        let tt = type_type();
        for t in [
            tt,
            object_type(),
            bool_type(),
            long_type(),
            float_type(),
            unicode_type(),
            bytes_type(),
            tuple_type(),
            list_type(),
            dict_type(),
            module_type(),
            none_type(),
            notimpl_type(),
            ellipsis_type(),
        ] {
            (*t).ob_base.ob_base = static_header(tt);
        }
        typeobj::init_type_type(tt);
        crate::protocols::attr::init_object_type(object_type());
        long::init_types(long_type(), bool_type());
        float::init_type(float_type());
        crate::protocols::dir::install();
        unicode::init_type(unicode_type());
        bytes::init_type(bytes_type());
        tuple::init_type(tuple_type());
        list::init_type(list_type());
        dict::init_type(dict_type());
        module::init_type(module_type());
        init_singleton(none_type(), none(), c"NoneType", "None");
        init_singleton(
            notimpl_type(),
            not_implemented(),
            c"NotImplementedType",
            "NotImplemented",
        );
        init_singleton(ellipsis_type(), ellipsis(), c"ellipsis", "Ellipsis");
        (*none_type()).tp_as_number = ptr::addr_of_mut!(NONE_AS_NUMBER);
        long::init_bools(true_(), false_());
        // Types are filled in; now give them MROs and dicts, which allocates.
        unicode::init_runtime();
        tuple::init_runtime();
        descr::init_types();
        crate::objects::slotwrap::init_types();
        crate::objects::methodobject::init_types();
        crate::objects::boundmethod::init_type();
        crate::code::codeobject::init_type();
        crate::code::funcobject::init_type();
        crate::code::frameobject::init_type();
        crate::objects::cell::init_type();
        crate::code::genobject::init_type();
        crate::objects::property::init_type();
        crate::objects::classmethod::init_types();
        crate::code::traceback::init_type();
        crate::objects::iterobject::init_types();
        crate::objects::slice::init_type();
        crate::objects::moduledef::init_type();
        crate::objects::capsule::init_type();
        crate::objects::bytearray::set_empty_string(bytearray_empty());
        crate::objects::bytearray::init_type();
        crate::objects::rangeobject::init_types();
        crate::objects::setobject::init_types();
        crate::objects::complexobject::init_type();
        crate::objects::memoryobject::init_type();
        crate::objects::genericaliasobject::init_type();
        crate::objects::unionobject::init_type();
        crate::objects::superobject::init_type();
        crate::objects::stdmethods::install();
        crate::objects::descr::init_proxy_type();
        crate::objects::member::init_type();
        crate::objects::weakref::init_types(Some([
            (*ptr::addr_of!(STATICS)).weakref_type,
            (*ptr::addr_of!(STATICS)).weakproxy_type,
            (*ptr::addr_of!(STATICS)).weakcallableproxy_type,
        ]));
        for t in [
            tt,
            object_type(),
            bool_type(),
            long_type(),
            float_type(),
            unicode_type(),
            bytes_type(),
            tuple_type(),
            list_type(),
            dict_type(),
            module_type(),
            none_type(),
            notimpl_type(),
            ellipsis_type(),
        ] {
            if typeobj::ready_static(t).is_err() {
                fatal("Py_Initialize", "cannot ready the builtin types");
            }
        }
        descr::ready_types();
        crate::objects::slotwrap::ready_types();
        crate::objects::methodobject::ready_types();
        crate::objects::boundmethod::ready_type();
        crate::code::codeobject::ready_type();
        crate::code::funcobject::ready_type();
        crate::code::frameobject::ready_type();
        crate::objects::cell::ready_type();
        crate::code::genobject::ready_type();
        crate::code::asyncgen::ready_types();
        crate::objects::typevarobject::ready_types();
        crate::objects::property::ready_type();
        crate::objects::classmethod::ready_types();
        crate::code::traceback::ready_type();
        crate::objects::iterobject::ready_types();
        crate::objects::slice::ready_type();
        crate::objects::moduledef::ready_type();
        crate::objects::capsule::ready_type();
        crate::objects::bytearray::ready_type();
        crate::objects::rangeobject::ready_types();
        crate::objects::setobject::ready_types();
        crate::objects::complexobject::ready_type();
        crate::objects::memoryobject::ready_type();
        crate::objects::genericaliasobject::ready_type();
        crate::objects::unionobject::ready_type();
        crate::objects::superobject::ready_type();
        crate::objects::stdmethods::ready_types();
        crate::objects::descr::ready_proxy_type();
        crate::objects::member::ready_type();
        crate::objects::weakref::ready_types();
        long::init_runtime();
        bytes::init_runtime();
        dict::init_runtime();
        list::init_runtime();
        exceptions::init();
        if crate::system::import::init_types().is_err() {
            fatal("Py_Initialize", "cannot create the import types");
        }
    }
}

/// The interpreter's own objects, made at every start-up (a finalization
/// destroys them): `builtins`, `sys`, `sys.modules`, `sys.path`, and the
/// copy of `builtins`' namespace the teardown restores.
unsafe fn init_interpreter() {
    // SAFETY: start-up on one thread, the static types ready.
    unsafe {
        if crate::system::builtins::init().is_err() {
            fatal("Py_Initialize", "cannot create the builtins module");
        }
        if crate::system::sysmodule::init().is_err() {
            fatal("Py_Initialize", "cannot create the sys module");
        }
        if crate::objects::moduledef::init_runtime().is_err() {
            fatal("Py_Initialize", "cannot create sys.modules");
        }
        if crate::system::import::init_sys_path().is_err() {
            fatal("Py_Initialize", "cannot create sys.path");
        }
        crate::system::teardown::record_builtins();
    }
}

static mut NONE_AS_NUMBER: typeobj::PyNumberMethods = {
    // SAFETY: an all-zero PyNumberMethods is a table of absent slots.
    let mut n: typeobj::PyNumberMethods = unsafe { std::mem::zeroed() };
    n.nb_bool = Some(none_bool);
    n
};

unsafe extern "C" fn none_bool(_o: *mut PyObject) -> std::ffi::c_int {
    0
}

unsafe fn init_singleton(
    t: *mut PyTypeObject,
    obj: *mut PyObject,
    name: &'static std::ffi::CStr,
    repr: &'static str,
) {
    // SAFETY: start-up; `t` and `obj` are static storage.
    unsafe {
        (*t).tp_name = name.as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<PyObject>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::IMMUTABLETYPE;
        (*t).tp_dealloc = Some(static_dealloc);
        (*t).tp_repr = Some(match repr {
            "None" => none_repr,
            "NotImplemented" => notimpl_repr,
            _ => ellipsis_repr,
        });
        (*t).tp_hash = Some(if repr == "None" {
            none_hash
        } else {
            crate::protocols::attr::pointer_hash
        });
        *obj = static_header(t);
    }
}

/// CPython 3.12 hashes None to a constant.
unsafe extern "C" fn none_hash(_o: *mut PyObject) -> isize {
    0xFCA86420
}

unsafe extern "C" fn none_repr(_o: *mut PyObject) -> *mut PyObject {
    err::into_ptr(unicode::intern("None"))
}
unsafe extern "C" fn notimpl_repr(_o: *mut PyObject) -> *mut PyObject {
    err::into_ptr(unicode::intern("NotImplemented"))
}
unsafe extern "C" fn ellipsis_repr(_o: *mut PyObject) -> *mut PyObject {
    err::into_ptr(unicode::intern("Ellipsis"))
}

/// The `Py_AtExit` callbacks, at most [`AT_EXIT_MAX`] as in CPython.
static AT_EXIT: std::sync::Mutex<Vec<extern "C" fn()>> = std::sync::Mutex::new(Vec::new());

/// How many `Py_AtExit` callbacks may be registered.
pub const AT_EXIT_MAX: usize = 32;

/// `Py_AtExit`: registers `f` to run at the end of [`finalize`], after the
/// runtime is down; `false` when [`AT_EXIT_MAX`] are registered already.
pub fn at_exit(f: extern "C" fn()) -> bool {
    let mut v = AT_EXIT.lock().unwrap_or_else(|e| e.into_inner());
    if v.len() >= AT_EXIT_MAX {
        return false;
    }
    v.push(f);
    true
}

/// Stops the runtime (`Py_FinalizeEx`): waits for the `threading`
/// threads that are not daemons, detaches and frees the main thread
/// state, then runs the `Py_AtExit` callbacks, the last registered first
/// (they run once; the runtime is no longer initialized). Static objects
/// and builtin types stay ready, so a later [`initialize`] starts again
/// cheaply. Returns 0, as CPython when flushing stdout succeeds.
pub fn finalize() -> i32 {
    if !is_initialized() {
        return -1;
    }
    // CPython's order: `threading`'s threads are waited for, the `atexit`
    // callbacks run, the standard streams flushed, garbage collected
    // (finalizers run while the modules are intact), then the modules
    // destroyed (system/teardown.rs) and the streams flushed again.
    let mut status = 0;
    if !thread::attached().is_null() {
        use crate::system::teardown;
        // SAFETY: a thread state is attached; no object is half built.
        unsafe {
            teardown::wait_for_thread_shutdown();
            crate::system::atexitmodule::run_exitfuncs();
            crate::runtime::audit::clear_all();
            if teardown::flush_std_files() < 0 {
                status = -1;
            }
            crate::runtime::gc::collect_explicit(2);
            teardown::finalize_modules();
            if teardown::flush_std_files() < 0 {
                status = -1;
            }
            // Writers that outlived the teardown (held by cycles or leaks)
            // still get their buffered data written: none is lost.
            crate::system::io::flush_open_writers();
        }
    }
    // SAFETY: the main thread state was created by `initialize`.
    unsafe {
        let ts = MAIN_TSTATE;
        if !ts.is_null() {
            thread::set_current(ts);
            thread::delete_thread_state(ts);
            MAIN_TSTATE = ptr::null_mut();
        }
    }
    thread::set_current(ptr::null_mut());
    INITIALIZED.store(false, Ordering::Release);
    thread::drop_gil_for_fini();
    loop {
        // (the lock is not held while a callback runs: it may register more)
        let f = AT_EXIT.lock().unwrap_or_else(|e| e.into_inner()).pop();
        match f {
            Some(f) => f(),
            None => break,
        }
    }
    status
}

/// Allocates a type object that lives for the rest of the process.
pub fn leak_type() -> *mut PyTypeObject {
    Box::into_raw(Box::new(PyTypeObject::zeroed(type_type())))
}

/// Memory for object internals (list item arrays, dict tables), from the
/// `PyMem_Malloc` domain as in CPython, so installed allocators see it.
pub mod mem {
    use crate::runtime::mem::{self as m, Domain};

    /// Allocates `n` bytes; NULL on failure.
    #[inline]
    pub fn alloc(n: usize) -> *mut u8 {
        m::malloc_in(Domain::Mem, n)
    }

    /// Allocates `n` zeroed bytes; NULL on failure.
    #[inline]
    pub fn alloc_zeroed(n: usize) -> *mut u8 {
        m::calloc_in(Domain::Mem, 1, n)
    }

    /// Resizes a block from [`alloc`]; NULL on failure (the old block stays).
    ///
    /// # Safety
    /// `p` must be NULL or come from this module and not be freed.
    #[inline]
    pub unsafe fn resize(p: *mut u8, n: usize) -> *mut u8 {
        // SAFETY: forwarded contract.
        unsafe { m::realloc_in(Domain::Mem, p, n) }
    }

    /// Frees a block from [`alloc`].
    ///
    /// # Safety
    /// `p` must be NULL or come from this module and not be freed.
    #[inline]
    pub unsafe fn release(p: *mut u8) {
        // SAFETY: forwarded contract.
        unsafe { m::free_in(Domain::Mem, p) }
    }
}
