/* import.h - importing modules from C: sys.modules, then the modules
   registered with PyImport_AppendInittab; other names raise
   ModuleNotFoundError. */
#ifndef Py_IMPORT_H
#define Py_IMPORT_H
#ifdef __cplusplus
extern "C" {
#endif

PyAPI_FUNC(PyObject *) PyImport_ImportModule(const char *name);
PyAPI_FUNC(PyObject *) PyImport_Import(PyObject *name);
/* sys.modules (borrowed). */
PyAPI_FUNC(PyObject *) PyImport_GetModuleDict(void);
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03070000
/* sys.modules[name] as a new reference, or NULL (no error) if absent. */
PyAPI_FUNC(PyObject *) PyImport_GetModule(PyObject *name);
#endif
/* __import__(name, globals, locals, fromlist, level). */
PyAPI_FUNC(PyObject *) PyImport_ImportModuleLevelObject(PyObject *name,
                                                        PyObject *globals,
                                                        PyObject *locals,
                                                        PyObject *fromlist,
                                                        int level);
PyAPI_FUNC(PyObject *) PyImport_ImportModuleLevel(const char *name,
                                                  PyObject *globals,
                                                  PyObject *locals,
                                                  PyObject *fromlist,
                                                  int level);
/* sys.modules[name], created empty when missing (borrowed). */
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03070000
PyAPI_FUNC(PyObject *) PyImport_AddModuleObject(PyObject *name);
#endif
PyAPI_FUNC(PyObject *) PyImport_AddModule(const char *name);
/* Registers a builtin module's init function; before Py_Initialize. */
PyAPI_FUNC(int) PyImport_AppendInittab(const char *name,
                                       PyObject *(*initfunc)(void));

#ifdef __cplusplus
}
#endif
#endif /* !Py_IMPORT_H */
