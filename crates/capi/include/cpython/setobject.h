/* cpython/setobject.h - the set layout compiled code reads directly. */
#ifndef Py_CPYTHON_SETOBJECT_H
#  error "include <Python.h> instead of this header"
#endif

/* Slots of the table held inside the object. */
#define PySet_MINSIZE 8

/* A slot: unused (key NULL, hash 0), deleted (a dummy key, hash -1) or
   holding a key and its hash. */
typedef struct {
    PyObject *key;
    Py_hash_t hash;
} setentry;

typedef struct {
    PyObject_HEAD
    Py_ssize_t fill;            /* used and deleted slots */
    Py_ssize_t used;            /* the size */
    Py_ssize_t mask;            /* number of slots minus one */
    setentry *table;            /* smalltable, or an allocated block */
    Py_hash_t hash;             /* a frozenset's cached hash, else -1 */
    Py_ssize_t finger;          /* where pop() looks first */
    setentry smalltable[PySet_MINSIZE];
    PyObject *weakreflist;
} PySetObject;

#define _PySet_CAST(so) \
    (assert(PyAnySet_Check(so)), _Py_CAST(PySetObject*, (so)))

static inline Py_ssize_t PySet_GET_SIZE(PyObject *so) {
    return _PySet_CAST(so)->used;
}
#define PySet_GET_SIZE(so) PySet_GET_SIZE(_PyObject_CAST(so))

/* Walks the keys: start with *pos = 0; 1 and a borrowed key with its hash
   per key, 0 at the end, -1 with SystemError for a non-set. */
PyAPI_FUNC(int) _PySet_NextEntry(PyObject *set, Py_ssize_t *pos, PyObject **key, Py_hash_t *hash);
/* Adds the items of iterable to a set: 0, or -1 with an exception. */
PyAPI_FUNC(int) _PySet_Update(PyObject *set, PyObject *iterable);
