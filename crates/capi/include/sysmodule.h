/* sysmodule.h - the sys module's namespace from C. */
#ifndef Py_SYSMODULE_H
#define Py_SYSMODULE_H
#ifdef __cplusplus
extern "C" {
#endif

/* sys.<name>, borrowed; NULL (no exception) when it does not exist. */
PyAPI_FUNC(PyObject *) PySys_GetObject(const char *);
/* sys.<name> = v; NULL deletes. 0 or -1. */
PyAPI_FUNC(int) PySys_SetObject(const char *, PyObject *);

#ifndef Py_LIMITED_API
#  define Py_CPYTHON_SYSMODULE_H
#  include "cpython/sysmodule.h"
#  undef Py_CPYTHON_SYSMODULE_H
#endif

#ifdef __cplusplus
}
#endif
#endif /* !Py_SYSMODULE_H */
