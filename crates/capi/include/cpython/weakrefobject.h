/* cpython/weakrefobject.h - the layout of weak references (not in the
   limited API).  Ophis uses this layout for references and proxies alike:
   64 bytes on x86-64. */
#ifndef Py_CPYTHON_WEAKREFOBJECT_H
#  error "include <Python.h> instead of this header"
#endif

struct _PyWeakReference {
    PyObject_HEAD

    /* The referent, or Py_None once it has died.  Not a counted
       reference. */
    PyObject *wr_object;

    /* Called with the reference when the referent dies; NULL if none. */
    PyObject *wr_callback;

    /* The referent's hash, cached once computed; -1 until then. */
    Py_hash_t hash;

    /* Links in the referent's NULL-terminated list of weak references
       (meaningless once the referent is dead). */
    PyWeakReference *wr_prev;
    PyWeakReference *wr_next;

    vectorcallfunc vectorcall;
};

/* The referent of ref_obj (a weak reference or proxy) as a borrowed
   reference, or Py_None when it is dead or dying (its count already at 0
   while its references wait to be cleared). */
static inline PyObject* PyWeakref_GET_OBJECT(PyObject *ref_obj) {
    PyWeakReference *ref;
    PyObject *obj;
    assert(PyWeakref_Check(ref_obj));
    ref = _Py_CAST(PyWeakReference*, ref_obj);
    obj = ref->wr_object;
    if (Py_REFCNT(obj) > 0) {
        return obj;
    }
    return Py_None;
}
#define PyWeakref_GET_OBJECT(ref) PyWeakref_GET_OBJECT(_PyObject_CAST(ref))
