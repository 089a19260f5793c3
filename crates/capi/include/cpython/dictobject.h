/* cpython/dictobject.h - non-limited dict API. */
#ifndef Py_CPYTHON_DICTOBJECT_H
#  error "include <Python.h> instead of this header"
#endif

/* Only the header and ma_used (offset 16, the number of items) are public,
   for PyDict_GET_SIZE.  ma_version_tag keeps CPython's slot (deprecated;
   as in CPython its low 8 bits are the dict's watcher bits) and the remaining words are Ophis's own storage:
   never touch them. */
typedef struct {
    PyObject_HEAD
    Py_ssize_t ma_used;
    Py_DEPRECATED(3.12) uint64_t ma_version_tag;
    void *_ma_ophis_private[2];
} PyDictObject;

/* Return d[key] if present, else insert d[key] = defaultobj and return it.
   Borrowed reference. */
/* d[key] for a key whose hash is known: borrowed, NULL if absent. */
/* A new dict (the size is a hint). */
PyAPI_FUNC(PyObject *) _PyDict_NewPresized(Py_ssize_t minused);
PyAPI_FUNC(PyObject *) _PyDict_GetItem_KnownHash(PyObject *mp, PyObject *key,
                                                 Py_hash_t hash);
PyAPI_FUNC(PyObject *) PyDict_SetDefault(PyObject *mp, PyObject *key,
                                         PyObject *defaultobj);

/* Dictionary watchers (3.12): up to 8 callbacks, each told about the
   changes of the dicts it watches, before the change. */
#define PY_FOREACH_DICT_EVENT(V) \
    V(ADDED)                     \
    V(MODIFIED)                  \
    V(DELETED)                   \
    V(CLONED)                    \
    V(CLEARED)                   \
    V(DEALLOCATED)

typedef enum {
#define PY_DEF_EVENT(EVENT) PyDict_EVENT_##EVENT,
    PY_FOREACH_DICT_EVENT(PY_DEF_EVENT)
#undef PY_DEF_EVENT
} PyDict_WatchEvent;

/* Called with the event, the dict, and the key and new value where the
   event has them (CLONED passes the source dict as `key`).  Return 0, or
   -1 with an exception set (reported as unraisable; the change goes on). */
typedef int(*PyDict_WatchCallback)(PyDict_WatchEvent event, PyObject* dict,
                                   PyObject* key, PyObject* new_value);

/* The lowest free watcher id, or -1 with an exception. */
PyAPI_FUNC(int) PyDict_AddWatcher(PyDict_WatchCallback callback);
/* Frees a watcher id; dicts keep their bits for it. */
PyAPI_FUNC(int) PyDict_ClearWatcher(int watcher_id);
/* Start or stop reporting the changes of `dict` to a watcher. */
PyAPI_FUNC(int) PyDict_Watch(int watcher_id, PyObject* dict);
PyAPI_FUNC(int) PyDict_Unwatch(int watcher_id, PyObject* dict);

static inline Py_ssize_t PyDict_GET_SIZE(PyObject *op) {
    PyDictObject *mp;
    assert(PyDict_Check(op));
    mp = _Py_CAST(PyDictObject*, op);
    return mp->ma_used;
}
#define PyDict_GET_SIZE(op) PyDict_GET_SIZE(_PyObject_CAST(op))

/* PyDict_Next that also gives the key's hash. */
PyAPI_FUNC(int) _PyDict_Next(PyObject *mp, Py_ssize_t *pos, PyObject **key,
                             PyObject **value, Py_hash_t *hash);
/* Store and look up with the key's hash already computed. */
PyAPI_FUNC(int) _PyDict_SetItem_KnownHash(PyObject *mp, PyObject *key,
                                          PyObject *item, Py_hash_t hash);
PyAPI_FUNC(int) _PyDict_Contains_KnownHash(PyObject *, PyObject *, Py_hash_t);
