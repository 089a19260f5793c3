/* cpython/funcobject.h - function objects (not in the limited API). */
#ifndef Py_FUNCOBJECT_H
#define Py_FUNCOBJECT_H
#ifndef Py_LIMITED_API
#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    PyObject_HEAD
    PyObject *func_globals;     /* dict */
    PyObject *func_builtins;    /* dict */
    PyObject *func_name;        /* str */
    PyObject *func_qualname;    /* str */
    PyObject *func_code;        /* code object */
    PyObject *func_defaults;    /* NULL or a tuple */
    PyObject *func_kwdefaults;  /* NULL or a dict */
    PyObject *func_closure;     /* NULL or a tuple of cells */
    PyObject *func_doc;         /* anything */
    PyObject *func_dict;        /* NULL or a dict */
    PyObject *func_weakreflist;
    PyObject *func_module;      /* anything, or NULL */
    PyObject *func_annotations; /* NULL or a dict */
    PyObject *func_typeparams;  /* NULL or a tuple */
    vectorcallfunc vectorcall;  /* how calls reach the function */
    uint32_t func_version;      /* 0 once anything above changed */
} PyFunctionObject;

PyAPI_DATA(PyTypeObject) PyFunction_Type;
#define PyFunction_Check(op) Py_IS_TYPE((op), &PyFunction_Type)

/* A function running code with globals (a dict); qualname NULL means the
   code's. */
PyAPI_FUNC(PyObject *) PyFunction_New(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyFunction_NewWithQualName(PyObject *, PyObject *, PyObject *);

/* classmethod and staticmethod: wrappers changing how a callable binds
   when found on a class. The constructors take the callable borrowed and
   copy none of its attributes (calling the types from Python does). */
PyAPI_DATA(PyTypeObject) PyClassMethod_Type;
PyAPI_DATA(PyTypeObject) PyStaticMethod_Type;
PyAPI_FUNC(PyObject *) PyClassMethod_New(PyObject *);
PyAPI_FUNC(PyObject *) PyStaticMethod_New(PyObject *);

/* Borrowed parts (NULL when unset; NULL with SystemError for a
   non-function). The setters take None to clear and return 0 or -1. */
PyAPI_FUNC(PyObject *) PyFunction_GetCode(PyObject *);
PyAPI_FUNC(PyObject *) PyFunction_GetGlobals(PyObject *);
PyAPI_FUNC(PyObject *) PyFunction_GetModule(PyObject *);
PyAPI_FUNC(PyObject *) PyFunction_GetDefaults(PyObject *);
PyAPI_FUNC(int) PyFunction_SetDefaults(PyObject *, PyObject *);
/* Calls through the function reach vc from now on. */
PyAPI_FUNC(void) PyFunction_SetVectorcall(PyFunctionObject *, vectorcallfunc);
PyAPI_FUNC(PyObject *) PyFunction_GetKwDefaults(PyObject *);
PyAPI_FUNC(int) PyFunction_SetKwDefaults(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyFunction_GetClosure(PyObject *);
PyAPI_FUNC(int) PyFunction_SetClosure(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyFunction_GetAnnotations(PyObject *);
PyAPI_FUNC(int) PyFunction_SetAnnotations(PyObject *, PyObject *);

/* Unchecked accessors. */
static inline PyObject *PyFunction_GET_CODE(PyObject *f) {
    return ((PyFunctionObject *)f)->func_code;
}
#define PyFunction_GET_CODE(f) PyFunction_GET_CODE(_PyObject_CAST(f))
static inline PyObject *PyFunction_GET_GLOBALS(PyObject *f) {
    return ((PyFunctionObject *)f)->func_globals;
}
#define PyFunction_GET_GLOBALS(f) PyFunction_GET_GLOBALS(_PyObject_CAST(f))
static inline PyObject *PyFunction_GET_MODULE(PyObject *f) {
    return ((PyFunctionObject *)f)->func_module;
}
#define PyFunction_GET_MODULE(f) PyFunction_GET_MODULE(_PyObject_CAST(f))
static inline PyObject *PyFunction_GET_DEFAULTS(PyObject *f) {
    return ((PyFunctionObject *)f)->func_defaults;
}
#define PyFunction_GET_DEFAULTS(f) PyFunction_GET_DEFAULTS(_PyObject_CAST(f))
static inline PyObject *PyFunction_GET_KW_DEFAULTS(PyObject *f) {
    return ((PyFunctionObject *)f)->func_kwdefaults;
}
#define PyFunction_GET_KW_DEFAULTS(f) PyFunction_GET_KW_DEFAULTS(_PyObject_CAST(f))
static inline PyObject *PyFunction_GET_CLOSURE(PyObject *f) {
    return ((PyFunctionObject *)f)->func_closure;
}
#define PyFunction_GET_CLOSURE(f) PyFunction_GET_CLOSURE(_PyObject_CAST(f))
static inline PyObject *PyFunction_GET_ANNOTATIONS(PyObject *f) {
    return ((PyFunctionObject *)f)->func_annotations;
}
#define PyFunction_GET_ANNOTATIONS(f) PyFunction_GET_ANNOTATIONS(_PyObject_CAST(f))

/* Function watchers (3.12): up to 8 callbacks told about every function's
   creation, destruction and changes of its code, defaults and keyword
   defaults (before the change). */
#define PY_FOREACH_FUNC_EVENT(V) \
    V(CREATE)                    \
    V(DESTROY)                   \
    V(MODIFY_CODE)               \
    V(MODIFY_DEFAULTS)           \
    V(MODIFY_KWDEFAULTS)

typedef enum {
    #define PY_DEF_EVENT(EVENT) PyFunction_EVENT_##EVENT,
    PY_FOREACH_FUNC_EVENT(PY_DEF_EVENT)
    #undef PY_DEF_EVENT
} PyFunction_WatchEvent;

/* `new_value` is the new code, defaults or keyword defaults (NULL when
   they are cleared, and for CREATE and DESTROY).  Return 0, or -1 with an
   exception set (reported as unraisable; the change goes on). */
typedef int (*PyFunction_WatchCallback)(
  PyFunction_WatchEvent event,
  PyFunctionObject *func,
  PyObject *new_value);

/* The lowest free watcher id, or -1 with an exception. */
PyAPI_FUNC(int) PyFunction_AddWatcher(PyFunction_WatchCallback callback);
PyAPI_FUNC(int) PyFunction_ClearWatcher(int watcher_id);

#ifdef __cplusplus
}
#endif
#endif /* !Py_LIMITED_API */
#endif /* !Py_FUNCOBJECT_H */
