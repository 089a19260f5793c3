/* cpython/pyerrors.h - error helpers outside the limited API. Included by
   pyerrors.h; never include it directly. */
#ifndef Py_CPYTHON_ERRORS_H
#  error "include Python.h, not cpython/pyerrors.h"
#endif

/* The fields every exception shares, as CPython 3.12 lays them out. */
typedef struct {
    PyObject_HEAD
    PyObject *dict;
    PyObject *args;
    PyObject *notes;
    PyObject *traceback;
    PyObject *context;
    PyObject *cause;
    char suppress_context;
} PyBaseExceptionObject;

/* Chain exc (stolen) onto the raised exception as its __context__, or
   raise it when nothing is raised. No cycle check. */
PyAPI_FUNC(void) _PyErr_ChainExceptions1(PyObject *);
/* The same with a (type, value, traceback) triple (all stolen). */
PyAPI_FUNC(void) _PyErr_ChainExceptions(PyObject *, PyObject *, PyObject *);
