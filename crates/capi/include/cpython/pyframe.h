/* cpython/pyframe.h - non-limited frame accessors. */
#ifndef Py_CPYTHON_PYFRAME_H
#  error "include <Python.h> instead of this header"
#endif

PyAPI_DATA(PyTypeObject) PyFrame_Type;

#define PyFrame_Check(op) Py_IS_TYPE((op), &PyFrame_Type)

/* New references; GetBack and GetGenerator may return NULL without an
   exception. */
PyAPI_FUNC(PyFrameObject *) PyFrame_GetBack(PyFrameObject *frame);
PyAPI_FUNC(PyObject *) PyFrame_GetLocals(PyFrameObject *frame);
PyAPI_FUNC(PyObject *) PyFrame_GetGlobals(PyFrameObject *frame);
PyAPI_FUNC(PyObject *) PyFrame_GetBuiltins(PyFrameObject *frame);
PyAPI_FUNC(PyObject *) PyFrame_GetGenerator(PyFrameObject *frame);
/* Byte offset of the last instruction, or -1 before the frame started. */
PyAPI_FUNC(int) PyFrame_GetLasti(PyFrameObject *frame);
/* The value of a local variable: new reference, or NULL with NameError
   when it is unbound (TypeError when `name` is not a str). */
PyAPI_FUNC(PyObject *) PyFrame_GetVar(PyFrameObject *frame, PyObject *name);
PyAPI_FUNC(PyObject *) PyFrame_GetVarString(PyFrameObject *frame, const char *name);
