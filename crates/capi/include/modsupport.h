/* modsupport.h - building values from format strings, and filling modules. */
#ifndef Py_MODSUPPORT_H
#define Py_MODSUPPORT_H

#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

/* With PY_SSIZE_T_CLEAN ("#" lengths are Py_ssize_t), these names go to
   the _SizeT entry points, as in CPython. */
#ifdef PY_SSIZE_T_CLEAN
#  define Py_BuildValue   _Py_BuildValue_SizeT
#  define Py_VaBuildValue _Py_VaBuildValue_SizeT
#endif

PyAPI_FUNC(PyObject *) Py_BuildValue(const char *, ...);
PyAPI_FUNC(PyObject *) _Py_BuildValue_SizeT(const char *, ...);
PyAPI_FUNC(PyObject *) Py_VaBuildValue(const char *, va_list);

#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x030a0000
/* mod.name = value; does not steal value.  0 on success, -1 on error. */
PyAPI_FUNC(int) PyModule_AddObjectRef(PyObject *mod, const char *name,
                                      PyObject *value);
#endif
PyAPI_FUNC(int) PyModule_AddIntConstant(PyObject *, const char *, long);

/* Add a C integer macro under its own name. */
#define PyModule_AddIntMacro(m, c) PyModule_AddIntConstant((m), #c, (c))

/* Versions passed to the module creation functions. */
#define PYTHON_API_VERSION 1013
#define PYTHON_API_STRING "1013"
#define PYTHON_ABI_VERSION 3
#define PYTHON_ABI_STRING "3"

#ifndef Py_LIMITED_API
#  define Py_CPYTHON_MODSUPPORT_H
#  include "cpython/modsupport.h"
#  undef Py_CPYTHON_MODSUPPORT_H
#endif

#ifdef __cplusplus
}
#endif
#endif /* !Py_MODSUPPORT_H */
