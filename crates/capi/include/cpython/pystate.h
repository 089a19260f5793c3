/* cpython/pystate.h - non-limited thread-state API.  The structs behind
   PyThreadState and PyInterpreterState stay opaque in Ophis. */
#ifndef Py_CPYTHON_PYSTATE_H
#  error "include <Python.h> instead of this header"
#endif

/* 1 if this thread holds the GIL, else 0. */
PyAPI_FUNC(int) PyGILState_Check(void);

/* Walk an interpreter's thread states (for debuggers and profilers). */
PyAPI_FUNC(PyThreadState *) PyInterpreterState_ThreadHead(
    PyInterpreterState *);
PyAPI_FUNC(PyThreadState *) PyThreadState_Next(PyThreadState *);
