/* modsupport.h - building values from format strings, and filling modules. */
#ifndef Py_MODSUPPORT_H
#define Py_MODSUPPORT_H

/* An "O&" converter's return value: call me again with NULL to clean up. */
#define Py_CLEANUP_SUPPORTED 0x20000

#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

/* With PY_SSIZE_T_CLEAN ("#" lengths are Py_ssize_t), these names go to
   the _SizeT entry points, as in CPython. */
#ifdef PY_SSIZE_T_CLEAN
#  define Py_BuildValue   _Py_BuildValue_SizeT
#  define Py_VaBuildValue _Py_VaBuildValue_SizeT
#  define PyArg_Parse                   _PyArg_Parse_SizeT
#  define PyArg_ParseTuple              _PyArg_ParseTuple_SizeT
#  define PyArg_ParseTupleAndKeywords   _PyArg_ParseTupleAndKeywords_SizeT
#  define PyArg_VaParse                 _PyArg_VaParse_SizeT
#  define PyArg_VaParseTupleAndKeywords _PyArg_VaParseTupleAndKeywords_SizeT
#endif

/* Converting arguments into C variables through a format string. */
PyAPI_FUNC(int) PyArg_Parse(PyObject *, const char *, ...);
PyAPI_FUNC(int) PyArg_ParseTuple(PyObject *, const char *, ...);
PyAPI_FUNC(int) PyArg_ParseTupleAndKeywords(PyObject *, PyObject *,
                                            const char *, char **, ...);
PyAPI_FUNC(int) PyArg_VaParse(PyObject *, const char *, va_list);
PyAPI_FUNC(int) PyArg_VaParseTupleAndKeywords(PyObject *, PyObject *,
                                              const char *, char **, va_list);
PyAPI_FUNC(int) _PyArg_Parse_SizeT(PyObject *, const char *, ...);
PyAPI_FUNC(int) _PyArg_ParseTuple_SizeT(PyObject *, const char *, ...);
PyAPI_FUNC(int) _PyArg_ParseTupleAndKeywords_SizeT(PyObject *, PyObject *,
                                                   const char *, char **, ...);
PyAPI_FUNC(int) _PyArg_VaParse_SizeT(PyObject *, const char *, va_list);
PyAPI_FUNC(int) _PyArg_VaParseTupleAndKeywords_SizeT(PyObject *, PyObject *,
                                                     const char *, char **,
                                                     va_list);
/* Borrowed references to args[0..] written through the PyObject **s. */
/* 1 when kw is a dict with only str keys; else 0 with TypeError. */
PyAPI_FUNC(int) PyArg_ValidateKeywordArguments(PyObject *);
PyAPI_FUNC(int) PyArg_UnpackTuple(PyObject *, const char *, Py_ssize_t,
                                  Py_ssize_t, ...);

PyAPI_FUNC(PyObject *) Py_BuildValue(const char *, ...);
PyAPI_FUNC(PyObject *) _Py_BuildValue_SizeT(const char *, ...);
PyAPI_FUNC(PyObject *) Py_VaBuildValue(const char *, va_list);

#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x030a0000
/* mod.name = value; does not steal value.  0 on success, -1 on error. */
PyAPI_FUNC(int) PyModule_AddObjectRef(PyObject *mod, const char *name,
                                      PyObject *value);
#endif
PyAPI_FUNC(int) PyModule_AddIntConstant(PyObject *, const char *, long);
/* Like PyModule_AddObjectRef, but steals value on success only. */
PyAPI_FUNC(int) PyModule_AddObject(PyObject *mod, const char *, PyObject *value);
PyAPI_FUNC(int) PyModule_AddStringConstant(PyObject *, const char *,
                                           const char *);
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03090000
/* The type under the last dotted part of its tp_name. */
PyAPI_FUNC(int) PyModule_AddType(PyObject *module, PyTypeObject *type);
#endif
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03050000
/* Module functions from a PyMethodDef table; a docstring. */
PyAPI_FUNC(int) PyModule_AddFunctions(PyObject *, PyMethodDef *);
PyAPI_FUNC(int) PyModule_SetDocString(PyObject *, const char *);
#endif

/* A module from its definition (single-phase initialization). */
PyAPI_FUNC(PyObject *) PyModule_Create2(PyModuleDef *, int apiver);
#ifdef Py_LIMITED_API
#  define PyModule_Create(module) \
        PyModule_Create2((module), PYTHON_ABI_VERSION)
#else
#  define PyModule_Create(module) \
        PyModule_Create2((module), PYTHON_API_VERSION)
#endif

#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03050000
/* Multi-phase initialization (PEP 489): the module of a definition and a
   spec (Py_mod_create, state, functions, docstring), then its Py_mod_exec
   slots. */
PyAPI_FUNC(PyObject *) PyModule_FromDefAndSpec2(PyModuleDef *def,
                                                PyObject *spec,
                                                int module_api_version);
PyAPI_FUNC(int) PyModule_ExecDef(PyObject *module, PyModuleDef *def);
#ifdef Py_LIMITED_API
#  define PyModule_FromDefAndSpec(module, spec) \
        PyModule_FromDefAndSpec2((module), (spec), PYTHON_ABI_VERSION)
#else
#  define PyModule_FromDefAndSpec(module, spec) \
        PyModule_FromDefAndSpec2((module), (spec), PYTHON_API_VERSION)
#endif
#endif

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
