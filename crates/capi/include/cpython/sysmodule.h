/* cpython/sysmodule.h - audit hooks (PEP 578). */
#ifndef Py_CPYTHON_SYSMODULE_H
#  error "include <Python.h> instead of this header"
#endif

/* A C audit hook: (event, args tuple, userData); < 0 with an exception
 * set refuses the event. */
typedef int(*Py_AuditHookFunction)(const char *, PyObject *, void *);

/* Raises an audit event; the arguments (a Py_BuildValue format, or NULL)
 * are built only when a hook exists. 0, or -1 with the hook's exception. */
PyAPI_FUNC(int) PySys_Audit(
    const char *event,
    const char *argFormat,
    ...);
/* Adds a C hook for the whole runtime (also before Py_Initialize). */
PyAPI_FUNC(int) PySys_AddAuditHook(Py_AuditHookFunction, void*);
