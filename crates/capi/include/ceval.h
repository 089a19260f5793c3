/* ceval.h - releasing and re-taking the GIL around blocking C code. */
#ifndef Py_CEVAL_H
#define Py_CEVAL_H
#ifdef __cplusplus
extern "C" {
#endif

/* Detach the current thread state and release the GIL; returns the state
   to hand back to PyEval_RestoreThread. */
PyAPI_FUNC(PyThreadState *) PyEval_SaveThread(void);
PyAPI_FUNC(void) PyEval_RestoreThread(PyThreadState *);

/* Py_BEGIN_ALLOW_THREADS / Py_END_ALLOW_THREADS bracket a block that runs
   without the GIL (they open and close a C block, so never nest them).
   Inside it, Py_BLOCK_THREADS re-takes the GIL (e.g. before a return) and
   Py_UNBLOCK_THREADS releases it again. */
#define Py_BEGIN_ALLOW_THREADS { \
                        PyThreadState *_save; \
                        _save = PyEval_SaveThread();
#define Py_BLOCK_THREADS        PyEval_RestoreThread(_save);
#define Py_UNBLOCK_THREADS      _save = PyEval_SaveThread();
#define Py_END_ALLOW_THREADS    PyEval_RestoreThread(_save); \
                 }

/* Run a code object with globals (a dict) and locals (any mapping; the
   globals when NULL). */
PyAPI_FUNC(PyObject *) PyEval_EvalCode(PyObject *, PyObject *, PyObject *);

/* The running frame's builtins (the interpreter's without a frame),
   globals (NULL without a frame) and locals (NULL with SystemError without
   a frame); borrowed. */
PyAPI_FUNC(PyObject *) PyEval_GetBuiltins(void);
PyAPI_FUNC(PyObject *) PyEval_GetGlobals(void);
PyAPI_FUNC(PyObject *) PyEval_GetLocals(void);

/* Queue func(arg) for the main thread's next check point in Python code
   (any thread, GIL or not; -1 when 32 are queued), and run the queue now. */
PyAPI_FUNC(int) Py_AddPendingCall(int (*func)(void *), void *arg);
PyAPI_FUNC(int) Py_MakePendingCalls(void);

/* The innermost frame of Python code running on this thread (borrowed), or
   NULL when none runs. */
PyAPI_FUNC(PyFrameObject *) PyEval_GetFrame(void);

/* Guard a C-level recursion: 0 on entry, or -1 with RecursionError
   ("maximum recursion depth exceeded" followed by `where`) once 1500 guarded
   calls are nested. Every successful entry is paired with a leave. */
PyAPI_FUNC(int) Py_EnterRecursiveCall(const char *where);
PyAPI_FUNC(void) Py_LeaveRecursiveCall(void);

#ifndef Py_LIMITED_API
#  define Py_CPYTHON_CEVAL_H
#  include "cpython/ceval.h"
#  undef Py_CPYTHON_CEVAL_H
#endif

#ifdef __cplusplus
}
#endif
#endif /* !Py_CEVAL_H */
