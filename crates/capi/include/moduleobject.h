/* moduleobject.h - module objects and module definitions (PyModuleDef). */
#ifndef Py_MODULEOBJECT_H
#define Py_MODULEOBJECT_H
#ifdef __cplusplus
extern "C" {
#endif

PyAPI_DATA(PyTypeObject) PyModule_Type;

#define PyModule_Check(op)      PyObject_TypeCheck((op), &PyModule_Type)
#define PyModule_CheckExact(op) Py_IS_TYPE((op), &PyModule_Type)

/* A new empty module named name (UTF-8). */
PyAPI_FUNC(PyObject *) PyModule_New(const char *name);
/* The module's __dict__ (borrowed). */
PyAPI_FUNC(PyObject *) PyModule_GetDict(PyObject *);
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03030000
/* A new empty module named by a str object. */
PyAPI_FUNC(PyObject *) PyModule_NewObject(PyObject *name);
/* __name__ (a new reference; SystemError "nameless module"). */
PyAPI_FUNC(PyObject *) PyModule_GetNameObject(PyObject *);
#endif
/* __name__ as UTF-8, owned by the module's name. */
PyAPI_FUNC(const char *) PyModule_GetName(PyObject *);
/* __file__ (a new reference; SystemError "module filename missing"). */
PyAPI_FUNC(PyObject *) PyModule_GetFilenameObject(PyObject *);
/* The PyModuleDef the module was created from, or NULL. */
PyAPI_FUNC(PyModuleDef *) PyModule_GetDef(PyObject *);
/* The per-module state (m_size bytes, zeroed at creation), or NULL. */
PyAPI_FUNC(void *) PyModule_GetState(PyObject *);

/* Runtime bookkeeping that heads every PyModuleDef. */
typedef struct PyModuleDef_Base {
    PyObject_HEAD
    PyObject *(*m_init)(void);
    Py_ssize_t m_index;
    PyObject *m_copy;
} PyModuleDef_Base;

#define PyModuleDef_HEAD_INIT { \
    PyObject_HEAD_INIT(_Py_NULL) \
    _Py_NULL,   /* m_init */ \
    0,          /* m_index */ \
    _Py_NULL,   /* m_copy */ \
  }

#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03050000
/* Multi-phase initialization (PEP 489); arrays end with {0, NULL}. */
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03050000
/* The type of initialized definitions; PyModuleDef_Init makes def one,
   which is how an init function asks for multi-phase initialization. */
PyAPI_DATA(PyTypeObject) PyModuleDef_Type;
PyAPI_FUNC(PyObject *) PyModuleDef_Init(PyModuleDef *def);
#endif

struct PyModuleDef_Slot {
    int slot;
    void *value;
};

#define Py_mod_create 1
#define Py_mod_exec 2
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x030c0000
#  define Py_mod_multiple_interpreters 3
#endif
#ifndef Py_LIMITED_API
#  define _Py_mod_LAST_SLOT 3
#endif
#endif /* Py_LIMITED_API >= 3.5 */

/* Values of the Py_mod_multiple_interpreters slot. */
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x030c0000
#  define Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED ((void *)0)
#  define Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED ((void *)1)
#  define Py_MOD_PER_INTERPRETER_GIL_SUPPORTED ((void *)2)
#endif

struct PyModuleDef {
    PyModuleDef_Base m_base;        /* PyModuleDef_HEAD_INIT */
    const char *m_name;
    const char *m_doc;
    Py_ssize_t m_size;              /* per-module state size, or -1 */
    PyMethodDef *m_methods;
    PyModuleDef_Slot *m_slots;
    traverseproc m_traverse;
    inquiry m_clear;
    freefunc m_free;
};

#ifdef __cplusplus
}
#endif
#endif /* !Py_MODULEOBJECT_H */
