/* cpython/traceback.h - the traceback object's layout. */
#ifndef Py_CPYTHON_TRACEBACK_H
#  error "include <Python.h> instead of this header"
#endif

typedef struct _traceback PyTracebackObject;

struct _traceback {
    PyObject_HEAD
    PyTracebackObject *tb_next;
    PyFrameObject *tb_frame;
    int tb_lasti;
    int tb_lineno;  /* -1 until computed: read it through the tb_lineno attribute */
};
