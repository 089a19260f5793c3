/* memoryobject.h - memoryview: views of an exporter's buffer. */
#ifndef Py_MEMORYOBJECT_H
#define Py_MEMORYOBJECT_H
#ifdef __cplusplus
extern "C" {
#endif

PyAPI_DATA(PyTypeObject) PyMemoryView_Type;

#define PyMemoryView_Check(op) Py_IS_TYPE((op), &PyMemoryView_Type)

/* memoryview(base). */
PyAPI_FUNC(PyObject *) PyMemoryView_FromObject(PyObject *base);
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03030000
/* A 'B' view of size bytes at mem; flags is PyBUF_READ or PyBUF_WRITE. */
PyAPI_FUNC(PyObject *) PyMemoryView_FromMemory(char *mem, Py_ssize_t size,
                                               int flags);
#endif
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x030b0000
/* A view of the memory info describes (info->obj is not taken). */
PyAPI_FUNC(PyObject *) PyMemoryView_FromBuffer(const Py_buffer *info);
#endif
/* A view of base contiguous in order ('C', 'F' or 'A'): a read-only copy
 * when base is not contiguous and buffertype is PyBUF_READ. */
PyAPI_FUNC(PyObject *) PyMemoryView_GetContiguous(PyObject *base,
                                                  int buffertype,
                                                  char order);

#ifndef Py_LIMITED_API
#  define Py_CPYTHON_MEMORYOBJECT_H
#  include "cpython/memoryobject.h"
#  undef Py_CPYTHON_MEMORYOBJECT_H
#endif

#ifdef __cplusplus
}
#endif
#endif /* !Py_MEMORYOBJECT_H */
