/* import.h - importing modules from C. Ophis has the builtin modules sys
   and builtins; other names raise ModuleNotFoundError. */
#ifndef Py_IMPORT_H
#define Py_IMPORT_H
#ifdef __cplusplus
extern "C" {
#endif

PyAPI_FUNC(PyObject *) PyImport_ImportModule(const char *name);
PyAPI_FUNC(PyObject *) PyImport_Import(PyObject *name);

#ifdef __cplusplus
}
#endif
#endif /* !Py_IMPORT_H */
