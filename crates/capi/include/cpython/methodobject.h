/* cpython/methodobject.h - the layout of builtin function objects.
   Included by methodobject.h; never include it directly. */
#ifndef Py_CPYTHON_METHODOBJECT_H
#  error "include Python.h, not cpython/methodobject.h"
#endif

typedef struct {
    PyObject_HEAD
    PyMethodDef *m_ml;          /* the entry called */
    PyObject *m_self;           /* its self (may be NULL) */
    PyObject *m_module;         /* __module__ (anything, or NULL) */
    PyObject *m_weakreflist;
    vectorcallfunc vectorcall;  /* NULL for METH_VARARGS entries */
} PyCFunctionObject;

/* builtin_method: a METH_METHOD builtin, which also knows its class. */
typedef struct {
    PyCFunctionObject func;
    PyTypeObject *mm_class;
} PyCMethodObject;

PyAPI_DATA(PyTypeObject) PyCMethod_Type;
#define PyCMethod_CheckExact(op) Py_IS_TYPE((op), &PyCMethod_Type)
#define PyCMethod_Check(op) PyObject_TypeCheck((op), &PyCMethod_Type)

/* Unchecked accessors. */
static inline PyCFunction PyCFunction_GET_FUNCTION(PyObject *f) {
    return ((PyCFunctionObject *)f)->m_ml->ml_meth;
}
#define PyCFunction_GET_FUNCTION(f) PyCFunction_GET_FUNCTION(_PyObject_CAST(f))
static inline PyObject *PyCFunction_GET_SELF(PyObject *f) {
    PyCFunctionObject *c = (PyCFunctionObject *)f;
    return (c->m_ml->ml_flags & METH_STATIC) ? NULL : c->m_self;
}
#define PyCFunction_GET_SELF(f) PyCFunction_GET_SELF(_PyObject_CAST(f))
static inline int PyCFunction_GET_FLAGS(PyObject *f) {
    return ((PyCFunctionObject *)f)->m_ml->ml_flags;
}
#define PyCFunction_GET_FLAGS(f) PyCFunction_GET_FLAGS(_PyObject_CAST(f))
static inline PyTypeObject *PyCFunction_GET_CLASS(PyObject *f) {
    PyCFunctionObject *c = (PyCFunctionObject *)f;
    return (c->m_ml->ml_flags & METH_METHOD) ? ((PyCMethodObject *)f)->mm_class : NULL;
}
#define PyCFunction_GET_CLASS(f) PyCFunction_GET_CLASS(_PyObject_CAST(f))
