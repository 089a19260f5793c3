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
/* format(o, spec): type(o).__format__(o, spec), a str. */
PyAPI_FUNC(PyObject *) PyObject_Format(PyObject *o, PyObject *format_spec);

/* len(o), or -1 with an exception. */
PyAPI_FUNC(Py_ssize_t) PyObject_Size(PyObject *o);
/* Same as PyObject_Size; exported under this name too. */
#undef PyObject_Length
PyAPI_FUNC(Py_ssize_t) PyObject_Length(PyObject *o);
#define PyObject_Length PyObject_Size

PyAPI_FUNC(PyObject *) PyObject_GetItem(PyObject *o, PyObject *key);
PyAPI_FUNC(int) PyObject_SetItem(PyObject *o, PyObject *key, PyObject *v);
PyAPI_FUNC(int) PyObject_DelItem(PyObject *o, PyObject *key);

/* ---- Iteration ---- */

/* iter(o): tp_iter (which must give an iterator), else a sequence iterator
   for objects with sq_item, else TypeError. */
PyAPI_FUNC(PyObject *) PyObject_GetIter(PyObject *o);
/* Whether o is an iterator (its type has tp_iternext). */
PyAPI_FUNC(int) PyIter_Check(PyObject *o);
/* next(iter): a new reference, or NULL at the end (no exception set) or on
   error (exception set). */
PyAPI_FUNC(PyObject *) PyIter_Next(PyObject *iter);
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x030A0000
/* Sends arg into iter: PYGEN_NEXT with the yielded value, PYGEN_RETURN with
   the return value, or PYGEN_ERROR with an exception set. */
PyAPI_FUNC(PySendResult) PyIter_Send(PyObject *iter, PyObject *arg,
                                     PyObject **presult);
#endif

/* del o[key] for a C string key. */
PyAPI_FUNC(int) PyObject_DelItemString(PyObject *o, const char *key);

/* ---- Numbers ---- */

/* Whether o looks like a number (nb_index, nb_int or nb_float). */
PyAPI_FUNC(int) PyNumber_Check(PyObject *o);
/* o1 + o2, o1 - o2, ...: the operands' number slots in CPython's order,
   then sequence concatenation/repetition for + and *. */
PyAPI_FUNC(PyObject *) PyNumber_Add(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_Subtract(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_Multiply(PyObject *o1, PyObject *o2);
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03050000
PyAPI_FUNC(PyObject *) PyNumber_MatrixMultiply(PyObject *o1, PyObject *o2);
#endif
PyAPI_FUNC(PyObject *) PyNumber_FloorDivide(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_TrueDivide(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_Remainder(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_Divmod(PyObject *o1, PyObject *o2);
/* pow(o1, o2, o3); o3 is Py_None for the two-argument form. */
PyAPI_FUNC(PyObject *) PyNumber_Power(PyObject *o1, PyObject *o2,
                                      PyObject *o3);
PyAPI_FUNC(PyObject *) PyNumber_Negative(PyObject *o);
PyAPI_FUNC(PyObject *) PyNumber_Positive(PyObject *o);
PyAPI_FUNC(PyObject *) PyNumber_Absolute(PyObject *o);
PyAPI_FUNC(PyObject *) PyNumber_Invert(PyObject *o);
PyAPI_FUNC(PyObject *) PyNumber_Lshift(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_Rshift(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_And(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_Xor(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_Or(PyObject *o1, PyObject *o2);
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03080000
/* Whether o has nb_index. */
PyAPI_FUNC(int) PyIndex_Check(PyObject *o);
#endif
/* o as an exact int through __index__. */
PyAPI_FUNC(PyObject *) PyNumber_Index(PyObject *o);
/* The index of o as a Py_ssize_t; out of range: clamped when exc is NULL,
   else exc is raised. */
PyAPI_FUNC(Py_ssize_t) PyNumber_AsSsize_t(PyObject *o, PyObject *exc);
/* int(o) and float(o). */
PyAPI_FUNC(PyObject *) PyNumber_Long(PyObject *o);
PyAPI_FUNC(PyObject *) PyNumber_Float(PyObject *o);
/* o1 += o2 and the like: the in-place slot first, then as above. */
PyAPI_FUNC(PyObject *) PyNumber_InPlaceAdd(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceSubtract(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceMultiply(PyObject *o1, PyObject *o2);
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03050000
PyAPI_FUNC(PyObject *) PyNumber_InPlaceMatrixMultiply(PyObject *o1,
                                                      PyObject *o2);
#endif
PyAPI_FUNC(PyObject *) PyNumber_InPlaceFloorDivide(PyObject *o1,
                                                   PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceTrueDivide(PyObject *o1,
                                                  PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceRemainder(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlacePower(PyObject *o1, PyObject *o2,
                                             PyObject *o3);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceLshift(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceRshift(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceAnd(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceXor(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceOr(PyObject *o1, PyObject *o2);
/* The index of n in base 2, 8, 10 or 16 with Python's prefix. */
PyAPI_FUNC(PyObject *) PyNumber_ToBase(PyObject *n, int base);

/* ---- Sequences (integer indexes; negative ones count from the end) ---- */

/* Whether o has sq_item and is not a dict. */
PyAPI_FUNC(int) PySequence_Check(PyObject *o);
/* len(o) through sq_length, or -1 with an exception. */
PyAPI_FUNC(Py_ssize_t) PySequence_Size(PyObject *o);
#undef PySequence_Length
PyAPI_FUNC(Py_ssize_t) PySequence_Length(PyObject *o);
#define PySequence_Length PySequence_Size
/* o[i], a new reference. */
PyAPI_FUNC(PyObject *) PySequence_GetItem(PyObject *o, Py_ssize_t i);
/* o1 + o2 and o * count for sequences (sq_concat/sq_repeat, else the
   number slots of two sequences); the in-place forms try sq_inplace_*
   first. "'T' object can't be concatenated/repeated" otherwise. */
PyAPI_FUNC(PyObject *) PySequence_Concat(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PySequence_Repeat(PyObject *o, Py_ssize_t count);
PyAPI_FUNC(PyObject *) PySequence_InPlaceConcat(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PySequence_InPlaceRepeat(PyObject *o, Py_ssize_t count);
/* o[i] = v (v is not stolen); -1 with an exception on failure. */
PyAPI_FUNC(int) PySequence_SetItem(PyObject *o, Py_ssize_t i, PyObject *v);
/* del o[i]. */
PyAPI_FUNC(int) PySequence_DelItem(PyObject *o, Py_ssize_t i);
/* o[i1:i2] through mp_subscript with a slice. */
PyAPI_FUNC(PyObject *) PySequence_GetSlice(PyObject *o, Py_ssize_t i1,
                                           Py_ssize_t i2);
/* o[i1:i2] = v (v NULL deletes) and del o[i1:i2]. */
PyAPI_FUNC(int) PySequence_SetSlice(PyObject *o, Py_ssize_t i1, Py_ssize_t i2,
                                    PyObject *v);
PyAPI_FUNC(int) PySequence_DelSlice(PyObject *o, Py_ssize_t i1, Py_ssize_t i2);
/* list(o) and tuple(o) for any iterable. */
PyAPI_FUNC(PyObject *) PySequence_Tuple(PyObject *o);
PyAPI_FUNC(PyObject *) PySequence_List(PyObject *o);
/* o itself when it is an exact list or tuple, else list(o); TypeError(m)
   when o is not iterable. */
PyAPI_FUNC(PyObject *) PySequence_Fast(PyObject *o, const char *m);
/* The size, items and item array of a PySequence_Fast result. */
#define PySequence_Fast_GET_SIZE(o) \
    (PyList_Check(o) ? PyList_GET_SIZE(o) : PyTuple_GET_SIZE(o))
#define PySequence_Fast_GET_ITEM(o, i) \
    (PyList_Check(o) ? PyList_GET_ITEM((o), (i)) : PyTuple_GET_ITEM((o), (i)))
#define PySequence_Fast_ITEMS(sf) \
    (PyList_Check(sf) ? ((PyListObject *)(sf))->ob_item \
                      : ((PyTupleObject *)(sf))->ob_item)
/* How many items equal value (==, identity first). */
PyAPI_FUNC(Py_ssize_t) PySequence_Count(PyObject *o, PyObject *value);
/* value in o: 1, 0, or -1 with an exception. */
PyAPI_FUNC(int) PySequence_Contains(PyObject *seq, PyObject *ob);
#undef PySequence_In
PyAPI_FUNC(int) PySequence_In(PyObject *o, PyObject *value);
#define PySequence_In PySequence_Contains
/* The first index of an item equal to value; ValueError if none. */
PyAPI_FUNC(Py_ssize_t) PySequence_Index(PyObject *o, PyObject *value);

/* ---- Mappings ---- */

/* Whether o has mp_subscript. */
PyAPI_FUNC(int) PyMapping_Check(PyObject *o);
/* len(o) through mp_length, or -1 with an exception. */
PyAPI_FUNC(Py_ssize_t) PyMapping_Size(PyObject *o);
#undef PyMapping_Length
PyAPI_FUNC(Py_ssize_t) PyMapping_Length(PyObject *o);
#define PyMapping_Length PyMapping_Size
/* del o[key]. */
#define PyMapping_DelItemString(O, K) PyObject_DelItemString((O), (K))
#define PyMapping_DelItem(O, K) PyObject_DelItem((O), (K))
/* key in o (errors are swallowed: 0). */
PyAPI_FUNC(int) PyMapping_HasKeyString(PyObject *o, const char *key);
PyAPI_FUNC(int) PyMapping_HasKey(PyObject *o, PyObject *key);
/* list(o.keys()), list(o.values()), list(o.items()). */
PyAPI_FUNC(PyObject *) PyMapping_Keys(PyObject *o);
PyAPI_FUNC(PyObject *) PyMapping_Values(PyObject *o);
PyAPI_FUNC(PyObject *) PyMapping_Items(PyObject *o);
/* o[key] and o[key] = value for a C string key. */
PyAPI_FUNC(PyObject *) PyMapping_GetItemString(PyObject *o, const char *key);
PyAPI_FUNC(int) PyMapping_SetItemString(PyObject *o, const char *key,
                                        PyObject *value);

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
