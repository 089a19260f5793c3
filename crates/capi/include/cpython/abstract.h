/* cpython/abstract.h - the calling API outside the limited API. Included
   by abstract.h; never include it directly. */
#ifndef Py_CPYTHON_ABSTRACTOBJECT_H
#  error "include Python.h, not cpython/abstract.h"
#endif

/* Without the limited API, the count is read inline. */
static inline Py_ssize_t _PyVectorcall_NARGS(size_t nargsf)
{
    return (Py_ssize_t)(nargsf & ~PY_VECTORCALL_ARGUMENTS_OFFSET);
}
#define PyVectorcall_NARGS(n) _PyVectorcall_NARGS(n)

/* The vectorcall pointer of callable, or NULL if it has none (then it is
   called through tp_call). Never raises. */
PyAPI_FUNC(vectorcallfunc) PyVectorcall_Function(PyObject *callable);

/* result, or NULL with SystemError when it disagrees with the error
   indicator (naming the callable, or `where` when callable is NULL). */
PyAPI_FUNC(PyObject *) _Py_CheckFunctionResult(PyThreadState *tstate,
                                               PyObject *callable,
                                               PyObject *result,
                                               const char *where);

/* Calls through tp_call with a tuple of args[:nargs] and the keywords: NULL,
   a dict, or a tuple of names for the values after the positional ones. */
PyAPI_FUNC(PyObject *) _PyObject_MakeTpCall(PyThreadState *tstate,
                                            PyObject *callable,
                                            PyObject *const *args,
                                            Py_ssize_t nargs,
                                            PyObject *keywords);

/* Like PyObject_Vectorcall, with the keyword arguments in a dict (or
   NULL). */
PyAPI_FUNC(PyObject *) PyObject_VectorcallDict(PyObject *callable,
                                               PyObject *const *args,
                                               size_t nargsf,
                                               PyObject *kwdict);

/* callable(arg). */
PyAPI_FUNC(PyObject *) PyObject_CallOneArg(PyObject *func, PyObject *arg);

/* self.name() and self.name(arg), as method calls that lend the callee
   the argument slot (PY_VECTORCALL_ARGUMENTS_OFFSET). */
static inline PyObject *
PyObject_CallMethodNoArgs(PyObject *self, PyObject *name)
{
    return PyObject_VectorcallMethod(name, &self,
                                     1 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
}

static inline PyObject *
PyObject_CallMethodOneArg(PyObject *self, PyObject *name, PyObject *arg)
{
    PyObject *args[2];
    args[0] = self;
    args[1] = arg;
    return PyObject_VectorcallMethod(name, args,
                                     2 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
}

/* len(o), else o.__length_hint__(), else defaultvalue; -1 on error. */
PyAPI_FUNC(Py_ssize_t) PyObject_LengthHint(PyObject *o, Py_ssize_t);

/* o[i] straight through sq_item: no negative-index adjustment, no check
   that the slot exists. */
#define PySequence_ITEM(o, i) \
    (Py_TYPE(o)->tp_as_sequence->sq_item((o), (i)))

/* Older spellings of the names above. */
#define _PyObject_Vectorcall        PyObject_Vectorcall
#define _PyObject_VectorcallMethod  PyObject_VectorcallMethod
#define _PyObject_FastCallDict      PyObject_VectorcallDict
#define _PyVectorcall_Function      PyVectorcall_Function
#define _PyObject_CallOneArg        PyObject_CallOneArg
#define _PyObject_CallMethodNoArgs  PyObject_CallMethodNoArgs
#define _PyObject_CallMethodOneArg  PyObject_CallMethodOneArg
