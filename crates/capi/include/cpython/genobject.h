/* cpython/genobject.h - generator and coroutine objects (not in the
   limited API). */
#ifndef Py_GENOBJECT_H
#define Py_GENOBJECT_H
#ifndef Py_LIMITED_API
#ifdef __cplusplus
extern "C" {
#endif

/* The head shared by generators, coroutines and async generators, laid
   out as CPython 3.12's (profilers such as yappi read gi_frame_state). The
   interpreter frame is embedded at prefix_iframe; its contents are
   Ophis's own. */
#define _OphisGenObject_HEAD(prefix)                                        \
    PyObject_HEAD                                                           \
    PyObject *prefix##_weakreflist;   /* weak references */                \
    PyObject *prefix##_name;          /* __name__ */                       \
    PyObject *prefix##_qualname;      /* __qualname__ */                   \
    _PyErr_StackItem prefix##_exc_state; /* handled exception, suspended */ \
    PyObject *prefix##_origin_or_finalizer;                                \
    char prefix##_hooks_inited;                                            \
    char prefix##_closed;                                                  \
    char prefix##_running_async;                                           \
    int8_t prefix##_frame_state;      /* created/suspended/running/done */ \
    PyObject *prefix##_iframe[1];

typedef struct {
    _OphisGenObject_HEAD(gi)
} PyGenObject;

typedef struct {
    _OphisGenObject_HEAD(cr)
} PyCoroObject;

typedef struct {
    _OphisGenObject_HEAD(ag)
} PyAsyncGenObject;

#undef _OphisGenObject_HEAD

PyAPI_DATA(PyTypeObject) PyGen_Type;
#define PyGen_Check(op) PyObject_TypeCheck((op), &PyGen_Type)
#define PyGen_CheckExact(op) Py_IS_TYPE((op), &PyGen_Type)

PyAPI_DATA(PyTypeObject) PyCoro_Type;
#define PyCoro_CheckExact(op) Py_IS_TYPE((op), &PyCoro_Type)

#ifdef __cplusplus
}
#endif
#endif /* !Py_LIMITED_API */
#endif /* !Py_GENOBJECT_H */
