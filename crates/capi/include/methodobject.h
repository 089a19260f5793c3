/* methodobject.h - C functions exposed to Python: PyMethodDef and the
   METH_* calling conventions. */
#ifndef Py_METHODOBJECT_H
#define Py_METHODOBJECT_H
#ifdef __cplusplus
extern "C" {
#endif

/* builtin_function_or_method: a PyMethodDef entry bound to a self. */
PyAPI_DATA(PyTypeObject) PyCFunction_Type;
#define PyCFunction_CheckExact(op) Py_IS_TYPE((op), &PyCFunction_Type)
#define PyCFunction_Check(op) PyObject_TypeCheck((op), &PyCFunction_Type)

/* Signatures, by calling convention. */
typedef PyObject *(*PyCFunction)(PyObject *, PyObject *);
typedef PyObject *(*_PyCFunctionFast)(PyObject *, PyObject *const *,
                                      Py_ssize_t);
typedef PyObject *(*PyCFunctionWithKeywords)(PyObject *, PyObject *,
                                             PyObject *);
typedef PyObject *(*_PyCFunctionFastWithKeywords)(PyObject *,
                                                  PyObject *const *,
                                                  Py_ssize_t, PyObject *);
typedef PyObject *(*PyCMethod)(PyObject *, PyTypeObject *,
                               PyObject *const *, size_t, PyObject *);

/* Store any function in ml_meth without a cast warning. */
#define _PyCFunction_CAST(func) \
    _Py_CAST(PyCFunction, _Py_CAST(void(*)(void), (func)))

struct PyMethodDef {
    const char *ml_name;    /* Python-visible name */
    PyCFunction ml_meth;    /* the C function (cast per ml_flags) */
    int ml_flags;           /* METH_* */
    const char *ml_doc;     /* __doc__, or NULL */
};

/* The parts of a builtin (NULL / -1 with SystemError for other objects);
   GetSelf is NULL for METH_STATIC entries. */
PyAPI_FUNC(PyCFunction) PyCFunction_GetFunction(PyObject *);
PyAPI_FUNC(PyObject *) PyCFunction_GetSelf(PyObject *);
PyAPI_FUNC(int) PyCFunction_GetFlags(PyObject *);

/* A builtin for ml bound to self (which may be NULL), with module as its
   __module__, and for METH_METHOD entries the defining class. The
   PyMethodDef must outlive the object. The first two are exported for old
   binaries and spelled as macros over PyCMethod_New. */
PyAPI_FUNC(PyObject *) PyCFunction_New(PyMethodDef *, PyObject *);
#define PyCFunction_New(ML, SELF) PyCFunction_NewEx((ML), (SELF), NULL)
PyAPI_FUNC(PyObject *) PyCFunction_NewEx(PyMethodDef *, PyObject *,
                                         PyObject *);
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03090000
#  define PyCFunction_NewEx(ML, SELF, MOD) PyCMethod_New((ML), (SELF), (MOD), NULL)
PyAPI_FUNC(PyObject *) PyCMethod_New(PyMethodDef *, PyObject *,
                                     PyObject *, PyTypeObject *);
#endif

/* Calling conventions (exactly one of the first group). */
#define METH_VARARGS  0x0001
#define METH_KEYWORDS 0x0002    /* with METH_VARARGS or METH_FASTCALL */
#define METH_NOARGS   0x0004
#define METH_O        0x0008

/* Binding, for methods of types only. */
#define METH_CLASS    0x0010
#define METH_STATIC   0x0020

/* Define the method even where a slot wrapper already does. */
#define METH_COEXIST  0x0040

#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x030a0000
#  define METH_FASTCALL 0x0080
#endif

#define METH_STACKLESS 0x0000   /* reserved bit, always off */

#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03090000
/* Also receives the defining class (PyCMethod signature). */
#  define METH_METHOD 0x0200
#endif

#ifndef Py_LIMITED_API
#  define Py_CPYTHON_METHODOBJECT_H
#  include "cpython/methodobject.h"
#  undef Py_CPYTHON_METHODOBJECT_H
#endif

#ifdef __cplusplus
}
#endif
#endif /* !Py_METHODOBJECT_H */
