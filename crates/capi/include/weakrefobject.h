/* weakrefobject.h - weak references (weakref.ref) and proxies
 * (weakref.proxy, and its callable variant for callable referents).
 *
 * A reference does not keep its referent alive.  When the referent dies the
 * reference is cleared and its callback, if any, is called with the
 * reference as its only argument.  The struct behind PyWeakReference is in
 * cpython/weakrefobject.h (opaque in the limited API).
 */
#ifndef Py_WEAKREFOBJECT_H
#define Py_WEAKREFOBJECT_H
#ifdef __cplusplus
extern "C" {
#endif

typedef struct _PyWeakReference PyWeakReference;

/* The three types: weakref.ref (subclassable), weakref.ProxyType and
   weakref.CallableProxyType. */
PyAPI_DATA(PyTypeObject) _PyWeakref_RefType;
PyAPI_DATA(PyTypeObject) _PyWeakref_ProxyType;
PyAPI_DATA(PyTypeObject) _PyWeakref_CallableProxyType;

#define PyWeakref_CheckRef(op) PyObject_TypeCheck((op), &_PyWeakref_RefType)
#define PyWeakref_CheckRefExact(op) Py_IS_TYPE((op), &_PyWeakref_RefType)
/* Proxy types cannot be subclassed, so exact checks suffice. */
#define PyWeakref_CheckProxy(op) \
    (Py_IS_TYPE((op), &_PyWeakref_ProxyType) \
     || Py_IS_TYPE((op), &_PyWeakref_CallableProxyType))
#define PyWeakref_Check(op) \
    (PyWeakref_CheckRef(op) || PyWeakref_CheckProxy(op))

/* New reference (or proxy) to ob; callback may be NULL or None (no
   callback).  Without a callback an existing plain reference may be shared.
   TypeError if ob's type does not support weak references. */
PyAPI_FUNC(PyObject *) PyWeakref_NewRef(PyObject *ob, PyObject *callback);
PyAPI_FUNC(PyObject *) PyWeakref_NewProxy(PyObject *ob, PyObject *callback);
/* The referent as a borrowed reference, Py_None once it is dead; NULL with
   SystemError if ref is not a weak reference. */
PyAPI_FUNC(PyObject *) PyWeakref_GetObject(PyObject *ref);

#ifndef Py_LIMITED_API
#  define Py_CPYTHON_WEAKREFOBJECT_H
#  include "cpython/weakrefobject.h"
#  undef Py_CPYTHON_WEAKREFOBJECT_H
#endif

#ifdef __cplusplus
}
#endif
#endif /* !Py_WEAKREFOBJECT_H */
