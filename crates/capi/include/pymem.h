/* pymem.h - the PyMem_ allocator family: memory for non-object data.
 *
 * Blocks from PyMem_Malloc and friends belong to the "mem" domain and must
 * go back through PyMem_Free, never through free() or PyObject_Free (see
 * objimpl.h for the object domain).  Zero-byte requests still return a
 * distinct non-NULL pointer.  On failure these return NULL and set no
 * exception.  The caller must hold the GIL.
 */
#ifndef Py_PYMEM_H
#define Py_PYMEM_H

#include "pyport.h"

#ifdef __cplusplus
extern "C" {
#endif

PyAPI_FUNC(void *) PyMem_Malloc(size_t size);
PyAPI_FUNC(void *) PyMem_Calloc(size_t nelem, size_t elsize);
PyAPI_FUNC(void *) PyMem_Realloc(void *ptr, size_t new_size);
PyAPI_FUNC(void) PyMem_Free(void *ptr);

/* Typed forms: room for n items of type, or NULL when n * sizeof(type)
   would exceed PY_SSIZE_T_MAX.  PyMem_Resize assigns the result to p even
   on failure, so keep the old pointer elsewhere to free it. */
#define PyMem_New(type, n) \
    (((size_t)(n) > PY_SSIZE_T_MAX / sizeof(type)) ? NULL : \
     ((type *) PyMem_Malloc((n) * sizeof(type))))
#define PyMem_Resize(p, type, n) \
    ((p) = ((size_t)(n) > PY_SSIZE_T_MAX / sizeof(type)) ? NULL : \
     (type *) PyMem_Realloc((p), (n) * sizeof(type)))

/* Older spellings, kept for source compatibility. */
#define PyMem_MALLOC(n)          PyMem_Malloc((n))
#define PyMem_NEW(type, n)       PyMem_New(type, (n))
#define PyMem_REALLOC(p, n)      PyMem_Realloc((p), (n))
#define PyMem_RESIZE(p, type, n) PyMem_Resize((p), type, (n))
#define PyMem_FREE(p)            PyMem_Free((p))
#define PyMem_Del(p)             PyMem_Free((p))
#define PyMem_DEL(p)             PyMem_Free((p))

#ifndef Py_LIMITED_API
#  define Py_CPYTHON_PYMEM_H
#  include "cpython/pymem.h"
#  undef Py_CPYTHON_PYMEM_H
#endif

#ifdef __cplusplus
}
#endif
#endif /* !Py_PYMEM_H */
