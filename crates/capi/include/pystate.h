/* pystate.h - interpreter and thread states.  Both structs are Ophis's own
   and opaque; reach them through these functions. */
#ifndef Py_PYSTATE_H
#define Py_PYSTATE_H
#ifdef __cplusplus
extern "C" {
#endif

#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03090000
/* The current interpreter (fatal error if no thread state is attached). */
PyAPI_FUNC(PyInterpreterState *) PyInterpreterState_Get(void);
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03070000
/* 0 for the one interpreter Ophis has. */
PyAPI_FUNC(int64_t) PyInterpreterState_GetID(PyInterpreterState *);
/* The interpreter's dict for extensions to keep state in (borrowed;
   NULL without an exception when it cannot be made). */
PyAPI_FUNC(PyObject *) PyInterpreterState_GetDict(PyInterpreterState *);
#endif

/* The module created from def (single-phase initialization), by its
   index: find (borrowed, NULL when absent), add, remove. */
PyAPI_FUNC(PyObject *) PyState_FindModule(PyModuleDef *);
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03030000
PyAPI_FUNC(int) PyState_AddModule(PyObject *, PyModuleDef *);
PyAPI_FUNC(int) PyState_RemoveModule(PyModuleDef *);
#endif
#endif

/* The attached thread state (fatal error if none). */
PyAPI_FUNC(PyThreadState *) PyThreadState_Get(void);
#define PyThreadState_GET() PyThreadState_Get()

#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03090000
/* The innermost frame of Python code running on `tstate` (new reference),
   or NULL when none runs. */
PyAPI_FUNC(PyFrameObject *) PyThreadState_GetFrame(PyThreadState *tstate);
PyAPI_FUNC(PyInterpreterState *) PyThreadState_GetInterpreter(
    PyThreadState *tstate);
PyAPI_FUNC(uint64_t) PyThreadState_GetID(PyThreadState *tstate);
#endif

/* Whether PyGILState_Ensure found the lock already held by this thread. */
typedef enum {
    PyGILState_LOCKED,
    PyGILState_UNLOCKED
} PyGILState_STATE;

/* Attach this thread (creating its thread state if needed) and take the
   GIL; calls nest and each must be paired with a Release on this thread. */
PyAPI_FUNC(PyGILState_STATE) PyGILState_Ensure(void);
PyAPI_FUNC(void) PyGILState_Release(PyGILState_STATE);

#ifndef Py_LIMITED_API
#  define Py_CPYTHON_PYSTATE_H
#  include "cpython/pystate.h"
#  undef Py_CPYTHON_PYSTATE_H
#endif

#ifdef __cplusplus
}
#endif
#endif /* !Py_PYSTATE_H */
