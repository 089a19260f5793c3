/* Ophis C shim: the parts of the C API that stable Rust cannot define.
 *
 *  - The exported data objects (singletons, builtin type objects and the
 *    PyExc_* pointers). They live here, in C compiled as position-independent
 *    code with default visibility, so that every reference to them goes
 *    through the dynamic linker: when an executable copy-relocates one of
 *    them, the runtime uses the executable's copy too.
 *  - The variadic and va_list functions. They hand a pointer to their
 *    va_list, plus a table of readers, to the Rust engine through hooks that
 *    the runtime installs at start-up.
 *
 * Internal symbols are hidden: only the CPython API is exported.
 */
#include "Python.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define OPHIS_HIDDEN __attribute__((visibility("hidden")))
#define IMMORTAL ((Py_ssize_t)0xFFFFFFFFu)

/* True and False are ints in CPython's layout (cpython/longintrepr.h),
 * 32 bytes as in CPython; the runtime writes their value at start-up. */
_Static_assert(sizeof(struct _longobject) == 32, "bool objects are 32 bytes");

#define STATIC_TYPE(name) \
    PyTypeObject name = { .ob_base = { .ob_base = { .ob_refcnt = IMMORTAL, .ob_type = &PyType_Type } } }

STATIC_TYPE(PyType_Type);
STATIC_TYPE(PyBaseObject_Type);
STATIC_TYPE(PyBool_Type);
STATIC_TYPE(PyLong_Type);
STATIC_TYPE(PyFloat_Type);
STATIC_TYPE(PyUnicode_Type);
STATIC_TYPE(PyBytes_Type);
STATIC_TYPE(PyTuple_Type);
STATIC_TYPE(PyList_Type);
STATIC_TYPE(PyDict_Type);
STATIC_TYPE(PyModule_Type);
STATIC_TYPE(_PyNone_Type);
STATIC_TYPE(_PyNotImplemented_Type);
STATIC_TYPE(PyEllipsis_Type);
STATIC_TYPE(_PyWeakref_RefType);
STATIC_TYPE(_PyWeakref_ProxyType);
STATIC_TYPE(_PyWeakref_CallableProxyType);
STATIC_TYPE(PyCFunction_Type);
STATIC_TYPE(PyCMethod_Type);
STATIC_TYPE(PyMethodDescr_Type);
STATIC_TYPE(PyMethod_Type);
STATIC_TYPE(PyCode_Type);
STATIC_TYPE(PyFrame_Type);
STATIC_TYPE(PyTraceBack_Type);
STATIC_TYPE(PyFunction_Type);
STATIC_TYPE(PySeqIter_Type);
STATIC_TYPE(PyCallIter_Type);
STATIC_TYPE(PySlice_Type);
STATIC_TYPE(PyModuleDef_Type);
STATIC_TYPE(PyCapsule_Type);
STATIC_TYPE(PyByteArray_Type);
STATIC_TYPE(PyRange_Type);
STATIC_TYPE(PyRangeIter_Type);
STATIC_TYPE(PyLongRangeIter_Type);
STATIC_TYPE(PySuper_Type);
STATIC_TYPE(PyCell_Type);
STATIC_TYPE(PyGen_Type);
STATIC_TYPE(PyCoro_Type);
STATIC_TYPE(PySet_Type);
STATIC_TYPE(PyFrozenSet_Type);
STATIC_TYPE(PySetIter_Type);
STATIC_TYPE(PyProperty_Type);
STATIC_TYPE(PyClassMethod_Type);
STATIC_TYPE(PyStaticMethod_Type);
STATIC_TYPE(PyComplex_Type);
STATIC_TYPE(PyMemoryView_Type);
STATIC_TYPE(Py_GenericAliasType);

/* What PyByteArray_AS_STRING gives for an empty bytearray. */
char _PyByteArray_empty_string[] = "";

/* The name of a struct sequence field without a name. */
const char * const PyStructSequence_UnnamedField = "unnamed field";

PyObject _Py_NoneStruct = { .ob_refcnt = IMMORTAL, .ob_type = &_PyNone_Type };
PyObject _Py_NotImplementedStruct = { .ob_refcnt = IMMORTAL, .ob_type = &_PyNotImplemented_Type };
PyObject _Py_EllipsisObject = { .ob_refcnt = IMMORTAL, .ob_type = &PyEllipsis_Type };
struct _longobject _Py_TrueStruct = { { .ob_refcnt = IMMORTAL, .ob_type = &PyBool_Type }, { (1 << _PyLong_NON_SIZE_BITS), { 1 } } };
struct _longobject _Py_FalseStruct = { { .ob_refcnt = IMMORTAL, .ob_type = &PyBool_Type }, { 1, { 0 } } };

/* The PyExc_* pointers, filled in at start-up. */
#define OPHIS_EXCEPTIONS(X) \
    X(BaseException) X(BaseExceptionGroup) X(GeneratorExit) X(KeyboardInterrupt) X(SystemExit) \
    X(Exception) X(ArithmeticError) X(FloatingPointError) X(OverflowError) X(ZeroDivisionError) \
    X(AssertionError) X(AttributeError) X(BufferError) X(EOFError) X(ImportError) \
    X(ModuleNotFoundError) X(LookupError) X(IndexError) X(KeyError) X(MemoryError) X(NameError) \
    X(UnboundLocalError) X(OSError) X(BlockingIOError) X(ChildProcessError) X(ConnectionError) \
    X(BrokenPipeError) X(ConnectionAbortedError) X(ConnectionRefusedError) X(ConnectionResetError) \
    X(FileExistsError) X(FileNotFoundError) X(InterruptedError) X(IsADirectoryError) \
    X(NotADirectoryError) X(PermissionError) X(ProcessLookupError) X(TimeoutError) \
    X(ReferenceError) X(RuntimeError) X(NotImplementedError) X(RecursionError) \
    X(StopAsyncIteration) X(StopIteration) X(SyntaxError) X(IndentationError) X(TabError) \
    X(SystemError) X(TypeError) X(ValueError) X(UnicodeError) X(UnicodeDecodeError) \
    X(UnicodeEncodeError) X(UnicodeTranslateError) X(Warning) X(BytesWarning) \
    X(DeprecationWarning) X(EncodingWarning) X(FutureWarning) X(ImportWarning) \
    X(PendingDeprecationWarning) X(ResourceWarning) X(RuntimeWarning) X(SyntaxWarning) \
    X(UnicodeWarning) X(UserWarning)

#define DEFINE_EXC(n) PyObject *PyExc_##n = NULL;
OPHIS_EXCEPTIONS(DEFINE_EXC)
/* The old names of OSError, kept as data symbols as CPython 3.12 does. */
PyObject *PyExc_EnvironmentError = NULL;
PyObject *PyExc_IOError = NULL;

struct ophis_exc_slot {
    const char *name;
    PyObject **slot;
};

#define EXC_SLOT(n) { #n, &PyExc_##n },
static const struct ophis_exc_slot exc_slots[] = {
    OPHIS_EXCEPTIONS(EXC_SLOT)
    { "OSError", &PyExc_EnvironmentError },
    { "OSError", &PyExc_IOError },
    { NULL, NULL },
};

/* Must match ophis_core::runtime::lifecycle::StaticObjects field for field. */
struct ophis_statics {
    PyObject *none, *not_implemented, *ellipsis, *true_, *false_;
    PyTypeObject *type_type, *object_type, *bool_type, *long_type, *float_type, *unicode_type,
        *bytes_type, *tuple_type, *list_type, *dict_type, *module_type, *none_type,
        *notimpl_type, *ellipsis_type, *weakref_type, *weakproxy_type, *weakcallableproxy_type,
        *cfunction_type, *cmethod_type, *method_descr_type, *method_type, *code_type, *function_type,
        *frame_type, *traceback_type, *seqiter_type, *calliter_type, *slice_type,
        *moduledef_type, *capsule_type, *bytearray_type;
    char *bytearray_empty;
    PyTypeObject *range_type, *rangeiter_type, *longrangeiter_type, *super_type;
    PyTypeObject *cell_type, *gen_type, *coro_type;
    PyTypeObject *set_type, *frozenset_type, *setiter_type;
    PyTypeObject *property_type, *classmethod_type, *staticmethod_type;
    PyTypeObject *complex_type;
    PyTypeObject *memoryview_type;
    PyTypeObject *genericalias_type;
};

OPHIS_HIDDEN void ophis_shim_statics(struct ophis_statics *s) {
    s->none = &_Py_NoneStruct;
    s->not_implemented = &_Py_NotImplementedStruct;
    s->ellipsis = &_Py_EllipsisObject;
    s->true_ = (PyObject *)&_Py_TrueStruct;
    s->false_ = (PyObject *)&_Py_FalseStruct;
    s->type_type = &PyType_Type;
    s->object_type = &PyBaseObject_Type;
    s->bool_type = &PyBool_Type;
    s->long_type = &PyLong_Type;
    s->float_type = &PyFloat_Type;
    s->unicode_type = &PyUnicode_Type;
    s->bytes_type = &PyBytes_Type;
    s->tuple_type = &PyTuple_Type;
    s->list_type = &PyList_Type;
    s->dict_type = &PyDict_Type;
    s->module_type = &PyModule_Type;
    s->none_type = &_PyNone_Type;
    s->notimpl_type = &_PyNotImplemented_Type;
    s->ellipsis_type = &PyEllipsis_Type;
    s->weakref_type = &_PyWeakref_RefType;
    s->weakproxy_type = &_PyWeakref_ProxyType;
    s->weakcallableproxy_type = &_PyWeakref_CallableProxyType;
    s->cfunction_type = &PyCFunction_Type;
    s->cmethod_type = &PyCMethod_Type;
    s->method_descr_type = &PyMethodDescr_Type;
    s->method_type = &PyMethod_Type;
    s->code_type = &PyCode_Type;
    s->function_type = &PyFunction_Type;
    s->frame_type = &PyFrame_Type;
    s->traceback_type = &PyTraceBack_Type;
    s->seqiter_type = &PySeqIter_Type;
    s->calliter_type = &PyCallIter_Type;
    s->slice_type = &PySlice_Type;
    s->moduledef_type = &PyModuleDef_Type;
    s->capsule_type = &PyCapsule_Type;
    s->bytearray_type = &PyByteArray_Type;
    s->bytearray_empty = _PyByteArray_empty_string;
    s->range_type = &PyRange_Type;
    s->rangeiter_type = &PyRangeIter_Type;
    s->longrangeiter_type = &PyLongRangeIter_Type;
    s->super_type = &PySuper_Type;
    s->cell_type = &PyCell_Type;
    s->gen_type = &PyGen_Type;
    s->coro_type = &PyCoro_Type;
    s->set_type = &PySet_Type;
    s->frozenset_type = &PyFrozenSet_Type;
    s->setiter_type = &PySetIter_Type;
    s->property_type = &PyProperty_Type;
    s->classmethod_type = &PyClassMethod_Type;
    s->staticmethod_type = &PyStaticMethod_Type;
    s->complex_type = &PyComplex_Type;
    s->memoryview_type = &PyMemoryView_Type;
    s->genericalias_type = &Py_GenericAliasType;
}

OPHIS_HIDDEN const struct ophis_exc_slot *ophis_shim_exc_slots(void) { return exc_slots; }

/* ---- va_list readers ------------------------------------------------- */

#define AP(p) (*(va_list *)(p))
static int r_int(void *p) { return va_arg(AP(p), int); }
static unsigned int r_uint(void *p) { return va_arg(AP(p), unsigned int); }
static long r_long(void *p) { return va_arg(AP(p), long); }
static unsigned long r_ulong(void *p) { return va_arg(AP(p), unsigned long); }
static long long r_longlong(void *p) { return va_arg(AP(p), long long); }
static unsigned long long r_ulonglong(void *p) { return va_arg(AP(p), unsigned long long); }
static Py_ssize_t r_ssize(void *p) { return va_arg(AP(p), Py_ssize_t); }
static size_t r_size(void *p) { return va_arg(AP(p), size_t); }
static double r_double(void *p) { return va_arg(AP(p), double); }
static void *r_ptr(void *p) { return va_arg(AP(p), void *); }

/* Must match ophis_capi::shim::Readers. */
struct ophis_readers {
    int (*i)(void *);
    unsigned int (*ui)(void *);
    long (*l)(void *);
    unsigned long (*ul)(void *);
    long long (*ll)(void *);
    unsigned long long (*ull)(void *);
    Py_ssize_t (*ssize)(void *);
    size_t (*size)(void *);
    double (*d)(void *);
    void *(*ptr)(void *);
};

static const struct ophis_readers readers = {
    r_int, r_uint, r_long, r_ulong, r_longlong, r_ulonglong, r_ssize, r_size, r_double, r_ptr,
};

/* Must match ophis_capi::shim::Hooks. */
struct ophis_hooks {
    PyObject *(*build_value)(const char *fmt, void *ap, const struct ophis_readers *r, int ssize);
    PyObject *(*from_format)(const char *fmt, void *ap, const struct ophis_readers *r);
    PyObject *(*err_format)(PyObject *exc, const char *fmt, void *ap, const struct ophis_readers *r);
    PyObject *(*call_function)(PyObject *callable, const char *fmt, void *ap,
                               const struct ophis_readers *r, int ssize);
    PyObject *(*call_method)(PyObject *obj, const char *name, const char *fmt, void *ap,
                             const struct ophis_readers *r, int ssize);
    PyObject *(*tuple_pack)(Py_ssize_t n, void *ap, const struct ophis_readers *r);
    int (*parse_args)(PyObject *args, PyObject *kw, const char *fmt, char **kwlist, void *ap,
                      const struct ophis_readers *r, int flags);
    int (*unpack_tuple)(PyObject *args, const char *name, Py_ssize_t min, Py_ssize_t max,
                        void *ap, const struct ophis_readers *r);
    int (*audit)(const char *event, const char *fmt, void *ap, const struct ophis_readers *r);
};

static const struct ophis_hooks *hooks;

OPHIS_HIDDEN void ophis_shim_install(const struct ophis_hooks *h) { hooks = h; }

static const struct ophis_hooks *need_hooks(const char *func) {
    if (hooks == NULL) {
        fprintf(stderr, "Fatal Python error: %s: called before Py_Initialize (Ophis)\n", func);
        abort();
    }
    return hooks;
}

/* ---- the variadic API ------------------------------------------------ */

#undef Py_BuildValue
#undef Py_VaBuildValue
#undef PyObject_CallFunction
#undef PyObject_CallMethod

PyObject *Py_BuildValue(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    PyObject *r = need_hooks("Py_BuildValue")->build_value(fmt, &ap, &readers, 0);
    va_end(ap);
    return r;
}

PyObject *_Py_BuildValue_SizeT(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    PyObject *r = need_hooks("_Py_BuildValue_SizeT")->build_value(fmt, &ap, &readers, 1);
    va_end(ap);
    return r;
}

PyObject *Py_VaBuildValue(const char *fmt, va_list va) {
    va_list ap;
    va_copy(ap, va);
    PyObject *r = need_hooks("Py_VaBuildValue")->build_value(fmt, &ap, &readers, 0);
    va_end(ap);
    return r;
}

PyObject *_Py_VaBuildValue_SizeT(const char *fmt, va_list va) {
    va_list ap;
    va_copy(ap, va);
    PyObject *r = need_hooks("_Py_VaBuildValue_SizeT")->build_value(fmt, &ap, &readers, 1);
    va_end(ap);
    return r;
}

PyObject *PyUnicode_FromFormatV(const char *fmt, va_list va) {
    va_list ap;
    va_copy(ap, va);
    PyObject *r = need_hooks("PyUnicode_FromFormatV")->from_format(fmt, &ap, &readers);
    va_end(ap);
    return r;
}

PyObject *PyUnicode_FromFormat(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    PyObject *r = need_hooks("PyUnicode_FromFormat")->from_format(fmt, &ap, &readers);
    va_end(ap);
    return r;
}

int PySys_Audit(const char *event, const char *fmt, ...) {
    /* Before start-up there is no thread state, and hooks are only called
     * with one. */
    if (hooks == NULL) {
        return 0;
    }
    va_list ap;
    va_start(ap, fmt);
    int r = hooks->audit(event, fmt, &ap, &readers);
    va_end(ap);
    return r;
}

PyObject *PyErr_Format(PyObject *exc, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    PyObject *r = need_hooks("PyErr_Format")->err_format(exc, fmt, &ap, &readers);
    va_end(ap);
    return r;
}

PyObject *PyErr_FormatV(PyObject *exc, const char *fmt, va_list va) {
    va_list ap;
    va_copy(ap, va);
    PyObject *r = need_hooks("PyErr_FormatV")->err_format(exc, fmt, &ap, &readers);
    va_end(ap);
    return r;
}

PyObject *PyObject_CallFunction(PyObject *callable, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    PyObject *r = need_hooks("PyObject_CallFunction")->call_function(callable, fmt, &ap, &readers, 0);
    va_end(ap);
    return r;
}

PyObject *_PyObject_CallFunction_SizeT(PyObject *callable, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    PyObject *r = need_hooks("_PyObject_CallFunction_SizeT")->call_function(callable, fmt, &ap, &readers, 1);
    va_end(ap);
    return r;
}

PyObject *PyObject_CallMethod(PyObject *obj, const char *name, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    PyObject *r = need_hooks("PyObject_CallMethod")->call_method(obj, name, fmt, &ap, &readers, 0);
    va_end(ap);
    return r;
}

PyObject *_PyObject_CallMethod_SizeT(PyObject *obj, const char *name, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    PyObject *r = need_hooks("_PyObject_CallMethod_SizeT")->call_method(obj, name, fmt, &ap, &readers, 1);
    va_end(ap);
    return r;
}

/* The NULL-terminated argument lists of the ObjArgs calls, gathered into a
 * vector: on the stack up to 8 entries, else on the heap. */
#define OBJARGS_SMALL 8

static Py_ssize_t objargs_count(va_list va) {
    va_list ap;
    va_copy(ap, va);
    Py_ssize_t n = 0;
    while (va_arg(ap, PyObject *) != NULL)
        n++;
    va_end(ap);
    return n;
}

static PyObject **objargs_gather(PyObject **small, Py_ssize_t first, Py_ssize_t n, va_list va) {
    PyObject **v = small;
    if (first + n > OBJARGS_SMALL) {
        v = PyMem_Malloc((size_t)(first + n) * sizeof(PyObject *));
        if (v == NULL) {
            PyErr_NoMemory();
            return NULL;
        }
    }
    for (Py_ssize_t i = 0; i < n; i++)
        v[first + i] = va_arg(va, PyObject *);
    return v;
}

PyObject *PyObject_CallFunctionObjArgs(PyObject *callable, ...) {
    if (callable == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_SystemError, "null argument to internal routine");
        return NULL;
    }
    PyObject *small[OBJARGS_SMALL];
    va_list ap;
    va_start(ap, callable);
    Py_ssize_t n = objargs_count(ap);
    PyObject **v = objargs_gather(small, 0, n, ap);
    va_end(ap);
    if (v == NULL)
        return NULL;
    PyObject *r = PyObject_Vectorcall(callable, v, (size_t)n, NULL);
    if (v != small)
        PyMem_Free(v);
    return r;
}

PyObject *PyObject_CallMethodObjArgs(PyObject *obj, PyObject *name, ...) {
    if (obj == NULL || name == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_SystemError, "null argument to internal routine");
        return NULL;
    }
    PyObject *small[OBJARGS_SMALL];
    va_list ap;
    va_start(ap, name);
    Py_ssize_t n = objargs_count(ap);
    PyObject **v = objargs_gather(small, 1, n, ap);
    va_end(ap);
    if (v == NULL)
        return NULL;
    v[0] = obj;
    PyObject *r = PyObject_VectorcallMethod(name, v, (size_t)(n + 1), NULL);
    if (v != small)
        PyMem_Free(v);
    return r;
}

PyObject *PyTuple_Pack(Py_ssize_t n, ...) {
    va_list ap;
    va_start(ap, n);
    PyObject *r = need_hooks("PyTuple_Pack")->tuple_pack(n, &ap, &readers);
    va_end(ap);
    return r;
}

/* ---- argument parsing ------------------------------------------------ */

/* flags for parse_args: 1 = '#' lengths are Py_ssize_t, 2 = keywords,
   4 = PyArg_Parse (one object, not a tuple) */
#undef PyArg_Parse
#undef PyArg_ParseTuple
#undef PyArg_ParseTupleAndKeywords
#undef PyArg_VaParse
#undef PyArg_VaParseTupleAndKeywords

#define PARSE_BODY(name, args, kw, fmt, kwlist, flags, last) \
    va_list ap; \
    va_start(ap, last); \
    int r = need_hooks(name)->parse_args(args, kw, fmt, kwlist, &ap, &readers, flags); \
    va_end(ap); \
    return r;

int PyArg_ParseTuple(PyObject *args, const char *fmt, ...) {
    PARSE_BODY("PyArg_ParseTuple", args, NULL, fmt, NULL, 0, fmt)
}
int _PyArg_ParseTuple_SizeT(PyObject *args, const char *fmt, ...) {
    PARSE_BODY("PyArg_ParseTuple", args, NULL, fmt, NULL, 1, fmt)
}
int PyArg_Parse(PyObject *arg, const char *fmt, ...) {
    PARSE_BODY("PyArg_Parse", arg, NULL, fmt, NULL, 4, fmt)
}
int _PyArg_Parse_SizeT(PyObject *arg, const char *fmt, ...) {
    PARSE_BODY("PyArg_Parse", arg, NULL, fmt, NULL, 5, fmt)
}
int PyArg_ParseTupleAndKeywords(PyObject *args, PyObject *kw, const char *fmt, char **kwlist, ...) {
    PARSE_BODY("PyArg_ParseTupleAndKeywords", args, kw, fmt, kwlist, 2, kwlist)
}
int _PyArg_ParseTupleAndKeywords_SizeT(PyObject *args, PyObject *kw, const char *fmt,
                                       char **kwlist, ...) {
    PARSE_BODY("PyArg_ParseTupleAndKeywords", args, kw, fmt, kwlist, 3, kwlist)
}

#define VA_PARSE_BODY(name, args, kw, fmt, kwlist, flags, va) \
    va_list ap; \
    va_copy(ap, va); \
    int r = need_hooks(name)->parse_args(args, kw, fmt, kwlist, &ap, &readers, flags); \
    va_end(ap); \
    return r;

int PyArg_VaParse(PyObject *args, const char *fmt, va_list va) {
    VA_PARSE_BODY("PyArg_VaParse", args, NULL, fmt, NULL, 0, va)
}
int _PyArg_VaParse_SizeT(PyObject *args, const char *fmt, va_list va) {
    VA_PARSE_BODY("PyArg_VaParse", args, NULL, fmt, NULL, 1, va)
}
int PyArg_VaParseTupleAndKeywords(PyObject *args, PyObject *kw, const char *fmt, char **kwlist,
                                  va_list va) {
    VA_PARSE_BODY("PyArg_VaParseTupleAndKeywords", args, kw, fmt, kwlist, 2, va)
}
int _PyArg_VaParseTupleAndKeywords_SizeT(PyObject *args, PyObject *kw, const char *fmt,
                                         char **kwlist, va_list va) {
    VA_PARSE_BODY("PyArg_VaParseTupleAndKeywords", args, kw, fmt, kwlist, 3, va)
}

int PyArg_UnpackTuple(PyObject *args, const char *name, Py_ssize_t min, Py_ssize_t max, ...) {
    va_list ap;
    va_start(ap, max);
    int r = need_hooks("PyArg_UnpackTuple")->unpack_tuple(args, name, min, max, &ap, &readers);
    va_end(ap);
    return r;
}

/* PyErr_WarnFormat: the message through PyUnicode_FromFormatV, then
 * PyErr_WarnEx. */
int PyErr_WarnFormat(PyObject *category, Py_ssize_t stack_level, const char *format, ...) {
    va_list ap;
    va_start(ap, format);
    PyObject *msg = PyUnicode_FromFormatV(format, ap);
    va_end(ap);
    if (msg == NULL)
        return -1;
    const char *text = PyUnicode_AsUTF8(msg);
    int r = text == NULL ? -1 : PyErr_WarnEx(category, text, stack_level);
    Py_DECREF(msg);
    return r;
}

/* PyOS_vsnprintf/PyOS_snprintf: the C library's vsnprintf, always
 * NUL-terminated; -666 for sizes past INT_MAX - 1, as in CPython. */
int PyOS_vsnprintf(char *str, size_t size, const char *format, va_list va) {
    int len;
    if (str == NULL || format == NULL || size == 0)
        return -1;
    if (size > INT_MAX - 1) {
        len = -666;
    }
    else {
        va_list ap;
        va_copy(ap, va);
        len = vsnprintf(str, size, format, ap);
        va_end(ap);
    }
    str[size - 1] = '\0';
    return len;
}

int PyOS_snprintf(char *str, size_t size, const char *format, ...) {
    va_list ap;
    va_start(ap, format);
    int r = PyOS_vsnprintf(str, size, format, ap);
    va_end(ap);
    return r;
}

/* Py_Version: the runtime's version as PY_VERSION_HEX (3.12.1 final). */
const unsigned long Py_Version = 0x030C01F0UL;
