/* cpython/classobject.h - bound methods: a callable paired with the object
   it is bound to (not in the limited API). */
#ifndef Py_CLASSOBJECT_H
#define Py_CLASSOBJECT_H
#ifndef Py_LIMITED_API
#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    PyObject_HEAD
    PyObject *im_func;          /* the callable */
    PyObject *im_self;          /* the instance it is bound to */
    PyObject *im_weakreflist;
    vectorcallfunc vectorcall;
} PyMethodObject;

PyAPI_DATA(PyTypeObject) PyMethod_Type;
#define PyMethod_Check(op) Py_IS_TYPE((op), &PyMethod_Type)

/* A new bound method (self must not be NULL). */
PyAPI_FUNC(PyObject *) PyMethod_New(PyObject *func, PyObject *self);
/* Borrowed parts; NULL with SystemError for other objects. */
PyAPI_FUNC(PyObject *) PyMethod_Function(PyObject *);
PyAPI_FUNC(PyObject *) PyMethod_Self(PyObject *);

/* Unchecked accessors. */
static inline PyObject *PyMethod_GET_FUNCTION(PyObject *m) {
    return ((PyMethodObject *)m)->im_func;
}
#define PyMethod_GET_FUNCTION(m) PyMethod_GET_FUNCTION(_PyObject_CAST(m))
static inline PyObject *PyMethod_GET_SELF(PyObject *m) {
    return ((PyMethodObject *)m)->im_self;
}
#define PyMethod_GET_SELF(m) PyMethod_GET_SELF(_PyObject_CAST(m))

#ifdef __cplusplus
}
#endif
#endif /* !Py_LIMITED_API */
#endif /* !Py_CLASSOBJECT_H */
