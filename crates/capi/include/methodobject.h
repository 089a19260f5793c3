/* methodobject.h - C functions exposed to Python: PyMethodDef and the
   METH_* calling conventions. */
#ifndef Py_METHODOBJECT_H
#define Py_METHODOBJECT_H
#ifdef __cplusplus
extern "C" {
#endif

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

#ifdef __cplusplus
}
#endif
#endif /* !Py_METHODOBJECT_H */
