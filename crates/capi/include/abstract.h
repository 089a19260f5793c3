/* abstract.h - the abstract object protocols: calling, sizing, item
   access, type relations. */
#ifndef Py_ABSTRACTOBJECT_H
#define Py_ABSTRACTOBJECT_H
#ifdef __cplusplus
extern "C" {
#endif

/* Attribute deletion is assignment of NULL. */
#define PyObject_DelAttrString(O, A) PyObject_SetAttrString((O), (A), NULL)
#define PyObject_DelAttr(O, A)       PyObject_SetAttr((O), (A), NULL)

/* ---- Calls ---- */

/* With PY_SSIZE_T_CLEAN, the format-string calls go to the _SizeT entry
   points. */
#ifdef PY_SSIZE_T_CLEAN
#  define PyObject_CallFunction _PyObject_CallFunction_SizeT
#  define PyObject_CallMethod   _PyObject_CallMethod_SizeT
#endif

/* callable(*args, **kwargs); args is a tuple, kwargs a dict or NULL. */
PyAPI_FUNC(PyObject *) PyObject_Call(PyObject *callable,
                                     PyObject *args, PyObject *kwargs);
/* callable(*args); args is a tuple or NULL. */
PyAPI_FUNC(PyObject *) PyObject_CallObject(PyObject *callable,
                                           PyObject *args);
/* Arguments built from a Py_BuildValue format (may be NULL). */
PyAPI_FUNC(PyObject *) PyObject_CallFunction(PyObject *callable,
                                             const char *format, ...);
PyAPI_FUNC(PyObject *) PyObject_CallMethod(PyObject *obj,
                                           const char *name,
                                           const char *format, ...);
PyAPI_FUNC(PyObject *) _PyObject_CallFunction_SizeT(PyObject *callable,
                                                    const char *format,
                                                    ...);
PyAPI_FUNC(PyObject *) _PyObject_CallMethod_SizeT(PyObject *obj,
                                                  const char *name,
                                                  const char *format,
                                                  ...);

#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03090000
/* callable() with no arguments. */
PyAPI_FUNC(PyObject *) PyObject_CallNoArgs(PyObject *func);
#endif

/* callable(arg1, arg2, ...): the argument list ends with NULL. */
PyAPI_FUNC(PyObject *) PyObject_CallFunctionObjArgs(PyObject *callable,
                                                    ...);
/* obj.name(arg1, arg2, ...): name is a str; the list ends with NULL. */
PyAPI_FUNC(PyObject *) PyObject_CallMethodObjArgs(PyObject *obj,
                                                  PyObject *name, ...);

/* The positional count in nargsf (the flag bits cleared). */
PyAPI_FUNC(Py_ssize_t) PyVectorcall_NARGS(size_t nargsf);

/* Call through the callable's vectorcall pointer with a tuple and a dict
   (or NULL): what a vectorcall type puts in tp_call. */
PyAPI_FUNC(PyObject *) PyVectorcall_Call(PyObject *callable,
                                         PyObject *tuple, PyObject *dict);

#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x030C0000
/* Set in a vectorcall's nargsf when args[-1] may be overwritten by the
   callee (e.g. to prepend self); mask it off to get the count. */
#define PY_VECTORCALL_ARGUMENTS_OFFSET \
    (_Py_STATIC_CAST(size_t, 1) << (8 * sizeof(size_t) - 1))

/* callable(*args[:nargs], **dict(zip(kwnames, args[nargs:]))). args may be
   NULL when there are no arguments; kwnames is NULL or a tuple of str. */
PyAPI_FUNC(PyObject *) PyObject_Vectorcall(PyObject *callable,
                                           PyObject *const *args,
                                           size_t nargsf,
                                           PyObject *kwnames);

/* args[0].name(*args[1:nargs], **kw): args[0] is the receiver. */
PyAPI_FUNC(PyObject *) PyObject_VectorcallMethod(PyObject *name,
                                                 PyObject *const *args,
                                                 size_t nargsf,
                                                 PyObject *kwnames);
#endif

/* ---- Generic protocol ---- */

/* type(o), a new reference. */
PyAPI_FUNC(PyObject *) PyObject_Type(PyObject *o);

/* len(o), or -1 with an exception. */
PyAPI_FUNC(Py_ssize_t) PyObject_Size(PyObject *o);
/* Same as PyObject_Size; exported under this name too. */
#undef PyObject_Length
PyAPI_FUNC(Py_ssize_t) PyObject_Length(PyObject *o);
#define PyObject_Length PyObject_Size

PyAPI_FUNC(PyObject *) PyObject_GetItem(PyObject *o, PyObject *key);
PyAPI_FUNC(int) PyObject_SetItem(PyObject *o, PyObject *key, PyObject *v);
PyAPI_FUNC(int) PyObject_DelItem(PyObject *o, PyObject *key);

/* ---- Mappings ---- */

/* key in o (errors are swallowed: 0). */
PyAPI_FUNC(int) PyMapping_HasKeyString(PyObject *o, const char *key);

/* ---- Type relations (honouring __instancecheck__/__subclasscheck__) ---- */

PyAPI_FUNC(int) PyObject_IsInstance(PyObject *object, PyObject *typeorclass);
PyAPI_FUNC(int) PyObject_IsSubclass(PyObject *object, PyObject *typeorclass);

#ifndef Py_LIMITED_API
#  define Py_CPYTHON_ABSTRACTOBJECT_H
#  include "cpython/abstract.h"
#  undef Py_CPYTHON_ABSTRACTOBJECT_H
#endif

#ifdef __cplusplus
}
#endif
#endif /* !Py_ABSTRACTOBJECT_H */
