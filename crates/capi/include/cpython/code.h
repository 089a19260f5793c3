/* cpython/code.h - code objects (not in the limited API). The struct has
   CPython 3.12's layout; Ophis does not interpret the bytecode (running
   code is the evaluator's job). */
#ifndef Py_CODE_H
#define Py_CODE_H
#ifndef Py_LIMITED_API
#ifdef __cplusplus
extern "C" {
#endif

struct PyCodeObject {
    PyObject_VAR_HEAD           /* ob_size: bytecode length in code units */
    PyObject *co_consts;        /* tuple */
    PyObject *co_names;         /* tuple of str */
    PyObject *co_exceptiontable;/* bytes */
    int co_flags;               /* CO_* */
    int co_argcount;            /* positional parameters, *args excluded */
    int co_posonlyargcount;
    int co_kwonlyargcount;
    int co_stacksize;
    int co_firstlineno;
    int co_nlocalsplus;         /* locals + cells + free variables */
    int co_framesize;
    int co_nlocals;
    int co_ncellvars;
    int co_nfreevars;
    uint32_t co_version;
    PyObject *co_localsplusnames;  /* tuple of str */
    PyObject *co_localspluskinds;  /* bytes, one kind per name */
    PyObject *co_filename;      /* str */
    PyObject *co_name;          /* str */
    PyObject *co_qualname;      /* str */
    PyObject *co_linetable;     /* bytes */
    PyObject *co_weakreflist;
    void *_co_cached;           /* runtime-private */
    uint64_t _co_instrumentation_version;
    void *_co_monitoring;
    int _co_firsttraceable;
    void *co_extra;
    char co_code_adaptive[1];   /* the bytecode, ob_size code units */
};

/* co_flags bits. */
#define CO_OPTIMIZED    0x0001
#define CO_NEWLOCALS    0x0002
#define CO_VARARGS      0x0004
#define CO_VARKEYWORDS  0x0008
#define CO_NESTED       0x0010
#define CO_GENERATOR    0x0020
#define CO_COROUTINE            0x0080
#define CO_ITERABLE_COROUTINE   0x0100
#define CO_ASYNC_GENERATOR      0x0200

/* Future features: in co_flags and in PyCompilerFlags.cf_flags. */
#define CO_FUTURE_DIVISION      0x20000
#define CO_FUTURE_ABSOLUTE_IMPORT 0x40000
#define CO_FUTURE_WITH_STATEMENT  0x80000
#define CO_FUTURE_PRINT_FUNCTION  0x100000
#define CO_FUTURE_UNICODE_LITERALS 0x200000
#define CO_FUTURE_BARRY_AS_BDFL  0x400000
#define CO_FUTURE_GENERATOR_STOP 0x800000
#define CO_FUTURE_ANNOTATIONS    0x1000000

PyAPI_DATA(PyTypeObject) PyCode_Type;
#define PyCode_Check(op) Py_IS_TYPE((op), &PyCode_Type)

static inline Py_ssize_t PyCode_GetNumFree(PyCodeObject *op) {
    return op->co_nfreevars;
}

static inline int PyCode_GetFirstFree(PyCodeObject *op) {
    return op->co_nlocalsplus - op->co_nfreevars;
}

/* A code object from its parts (3.12 parameter order): argcount,
   kwonlyargcount, nlocals, stacksize, flags, code (bytes), consts, names,
   varnames, freevars, cellvars (tuples), filename, name, qualname (str),
   firstlineno, linetable, exceptiontable (bytes). The second form takes
   posonlyargcount after argcount. */
PyAPI_FUNC(PyCodeObject *) PyUnstable_Code_New(
        int, int, int, int, int, PyObject *, PyObject *,
        PyObject *, PyObject *, PyObject *, PyObject *,
        PyObject *, PyObject *, PyObject *, int, PyObject *,
        PyObject *);
PyAPI_FUNC(PyCodeObject *) PyUnstable_Code_NewWithPosOnlyArgs(
        int, int, int, int, int, int, PyObject *, PyObject *,
        PyObject *, PyObject *, PyObject *, PyObject *,
        PyObject *, PyObject *, PyObject *, int, PyObject *,
        PyObject *);

/* The pre-3.12 names. */
static inline PyCodeObject *
PyCode_New(int a, int b, int c, int d, int e, PyObject *f, PyObject *g,
           PyObject *h, PyObject *i, PyObject *j, PyObject *k,
           PyObject *l, PyObject *m, PyObject *n, int o, PyObject *p,
           PyObject *q)
{
    return PyUnstable_Code_New(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q);
}
static inline PyCodeObject *
PyCode_NewWithPosOnlyArgs(int a, int poac, int b, int c, int d, int e,
                          PyObject *f, PyObject *g, PyObject *h, PyObject *i,
                          PyObject *j, PyObject *k, PyObject *l, PyObject *m,
                          PyObject *n, int o, PyObject *p, PyObject *q)
{
    return PyUnstable_Code_NewWithPosOnlyArgs(a, poac, b, c, d, e, f, g, h, i,
                                              j, k, l, m, n, o, p, q);
}

/* A code object that raises AssertionError() when run, for frames of C
   code (tracebacks, profilers). */
PyAPI_FUNC(PyCodeObject *)
PyCode_NewEmpty(const char *filename, const char *funcname, int firstlineno);

/* co_code, co_varnames, co_cellvars and co_freevars (new references). */
PyAPI_FUNC(PyObject *) PyCode_GetCode(PyCodeObject *code);
PyAPI_FUNC(PyObject *) PyCode_GetVarnames(PyCodeObject *code);
PyAPI_FUNC(PyObject *) PyCode_GetCellvars(PyCodeObject *code);
PyAPI_FUNC(PyObject *) PyCode_GetFreevars(PyCodeObject *code);

/* The line of the instruction at byte offset `addr` (-1 when it has no
   line; co_firstlineno for a negative offset). */
PyAPI_FUNC(int) PyCode_Addr2Line(PyCodeObject *, int);

/* Line, column, end line and end column of the instruction at byte offset
   `addr` (-1 for what is unknown); returns 1. */
PyAPI_FUNC(int) PyCode_Addr2Location(PyCodeObject *, int, int *, int *, int *, int *);

/* Code watchers (3.12): up to 8 callbacks told about every code object's
   creation (once complete) and destruction (revived and intact). */
#define PY_FOREACH_CODE_EVENT(V) \
    V(CREATE)                 \
    V(DESTROY)

typedef enum {
#define PY_DEF_EVENT(op) PY_CODE_EVENT_##op,
    PY_FOREACH_CODE_EVENT(PY_DEF_EVENT)
#undef PY_DEF_EVENT
} PyCodeEvent;

/* Return 0, or -1 with an exception set (reported as unraisable). */
typedef int (*PyCode_WatchCallback)(
  PyCodeEvent event,
  PyCodeObject* co);

/* The lowest free watcher id, or -1 with an exception. */
PyAPI_FUNC(int) PyCode_AddWatcher(PyCode_WatchCallback callback);
PyAPI_FUNC(int) PyCode_ClearWatcher(int watcher_id);

#ifdef __cplusplus
}
#endif
#endif /* !Py_LIMITED_API */
#endif /* !Py_CODE_H */
