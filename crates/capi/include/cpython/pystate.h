/* cpython/pystate.h - non-limited thread-state API.  PyThreadState's
   head, up to id, has CPython 3.12's fields at CPython's offsets (compiled
   code reads tstate->interp, current_exception, exc_info, dict, thread_id
   directly; profilers walk next); the rest of
   the struct, and PyInterpreterState, are Ophis's own: never allocate or
   copy one. */
#ifndef Py_CPYTHON_PYSTATE_H
#  error "include <Python.h> instead of this header"
#endif

/* One level of the handled-exception stack (sys.exception()). */
typedef struct _err_stackitem {
    PyObject *exc_value;                   /* NULL or None: none here */
    struct _err_stackitem *previous_item;  /* the level below */
} _PyErr_StackItem;

/* A profile or trace hook: obj as registered, the frame of the event
   (borrowed; for C_* events the calling Python frame), one of the
   PyTrace_* events, and its argument (borrowed, never NULL in 3.12).
   0 on success; -1 with an exception set raises it where the event
   happened (the hook stays installed). */
typedef int (*Py_tracefunc)(PyObject *, PyFrameObject *, int, PyObject *);

#define PyTrace_CALL 0
#define PyTrace_EXCEPTION 1
#define PyTrace_LINE 2
#define PyTrace_RETURN 3
#define PyTrace_C_CALL 4
#define PyTrace_C_EXCEPTION 5
#define PyTrace_C_RETURN 6
#define PyTrace_OPCODE 7

struct _ts {
    PyThreadState *prev;
    PyThreadState *next;
    PyInterpreterState *interp;
    unsigned int _status;
    int py_recursion_remaining;
    int py_recursion_limit;
    int c_recursion_remaining;
    int recursion_headroom;
    int tracing;
    int what_event;
    void *cframe;
    Py_tracefunc c_profilefunc;
    Py_tracefunc c_tracefunc;
    PyObject *c_profileobj;
    PyObject *c_traceobj;
    PyObject *current_exception;    /* the raised exception, or NULL */
    _PyErr_StackItem *exc_info;     /* top of the handled stack, never NULL */
    PyObject *dict;
    int gilstate_counter;
    PyObject *async_exc;            /* unused: NULL */
    unsigned long thread_id;        /* pthread_self() of the creating thread */
    unsigned long native_thread_id; /* its kernel thread id */
    struct { int delete_nesting; PyObject *delete_later; } trash; /* unused */
    void (*on_delete)(void *);      /* unused */
    void *on_delete_data;           /* unused */
    int coroutine_origin_tracking_depth; /* unused */
    PyObject *async_gen_firstiter;  /* unused */
    PyObject *async_gen_finalizer;  /* unused */
    PyObject *context;              /* unused */
    uint64_t context_ver;           /* unused */
    uint64_t id;                    /* PyThreadState_GetID() */
    /* Ophis's own fields follow. */
};

/* 1 if this thread holds the GIL, else 0. */
PyAPI_FUNC(int) PyGILState_Check(void);
/* The attached thread state, or NULL (no error). */
PyAPI_FUNC(PyThreadState *) _PyThreadState_UncheckedGet(void);

/* Raise / lower the thread's tracing depth: while raised, the thread
   produces no profile, trace or monitoring events. */
PyAPI_FUNC(void) PyThreadState_EnterTracing(PyThreadState *);
PyAPI_FUNC(void) PyThreadState_LeaveTracing(PyThreadState *);

/* Walk an interpreter's thread states (for debuggers and profilers). */
PyAPI_FUNC(PyThreadState *) PyInterpreterState_ThreadHead(
    PyInterpreterState *);
PyAPI_FUNC(PyThreadState *) PyThreadState_Next(PyThreadState *);
