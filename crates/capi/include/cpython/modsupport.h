/* cpython/modsupport.h - non-limited part of modsupport.h. */
#ifndef Py_CPYTHON_MODSUPPORT_H
#  error "include <Python.h> instead of this header"
#endif

/* Under PY_SSIZE_T_CLEAN this is already declared, as Py_VaBuildValue. */
#ifndef PY_SSIZE_T_CLEAN
PyAPI_FUNC(PyObject *) _Py_VaBuildValue_SizeT(const char *, va_list);
#endif
