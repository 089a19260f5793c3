/* pybuffer.h - the buffer protocol's Py_buffer view and request flags. */
#ifndef Py_BUFFER_H
#define Py_BUFFER_H
#ifdef __cplusplus
extern "C" {
#endif

#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x030b0000

/* A view of an exporter's memory (80 bytes; part of the stable ABI). */
typedef struct {
    void *buf;
    PyObject *obj;              /* strong reference to the exporter */
    Py_ssize_t len;
    Py_ssize_t itemsize;
    int readonly;
    int ndim;
    char *format;
    Py_ssize_t *shape;
    Py_ssize_t *strides;
    Py_ssize_t *suboffsets;
    void *internal;
} Py_buffer;

typedef int (*getbufferproc)(PyObject *, Py_buffer *, int);
typedef void (*releasebufferproc)(PyObject *, Py_buffer *);

#define PyBUF_MAX_NDIM 64

/* Request flags for bf_getbuffer. */
#define PyBUF_SIMPLE            0
#define PyBUF_WRITABLE          0x0001
#ifndef Py_LIMITED_API
#  define PyBUF_WRITEABLE       PyBUF_WRITABLE
#endif
#define PyBUF_FORMAT            0x0004
#define PyBUF_ND                0x0008
#define PyBUF_STRIDES           (0x0010 | PyBUF_ND)
#define PyBUF_C_CONTIGUOUS      (0x0020 | PyBUF_STRIDES)
#define PyBUF_F_CONTIGUOUS      (0x0040 | PyBUF_STRIDES)
#define PyBUF_ANY_CONTIGUOUS    (0x0080 | PyBUF_STRIDES)
#define PyBUF_INDIRECT          (0x0100 | PyBUF_STRIDES)

#define PyBUF_CONTIG            (PyBUF_ND | PyBUF_WRITABLE)
#define PyBUF_CONTIG_RO         (PyBUF_ND)
#define PyBUF_STRIDED           (PyBUF_STRIDES | PyBUF_WRITABLE)
#define PyBUF_STRIDED_RO        (PyBUF_STRIDES)
#define PyBUF_RECORDS           (PyBUF_STRIDES | PyBUF_WRITABLE | PyBUF_FORMAT)
#define PyBUF_RECORDS_RO        (PyBUF_STRIDES | PyBUF_FORMAT)
#define PyBUF_FULL              (PyBUF_INDIRECT | PyBUF_WRITABLE | PyBUF_FORMAT)
#define PyBUF_FULL_RO           (PyBUF_INDIRECT | PyBUF_FORMAT)

/* A view of o's memory as flags ask (TypeError when o exports none). */
PyAPI_FUNC(int) PyObject_GetBuffer(PyObject *obj, Py_buffer *view, int flags);
/* Ends a view from PyObject_GetBuffer (drops its reference to the
   exporter). */
PyAPI_FUNC(void) PyBuffer_Release(Py_buffer *view);
/* Whether obj exports buffers (never raises). */
PyAPI_FUNC(int) PyObject_CheckBuffer(PyObject *obj);
/* Fills a one-dimensional view of len bytes at buf for an exporter. */
PyAPI_FUNC(int) PyBuffer_FillInfo(Py_buffer *view, PyObject *o, void *buf,
                                  Py_ssize_t len, int readonly, int flags);
/* Whether the view is contiguous in order 'C', 'F' or 'A' (either). */
PyAPI_FUNC(int) PyBuffer_IsContiguous(const Py_buffer *view, char fort);
/* Copies len bytes of the view into buf in order 'C', 'F' or 'A'. */
PyAPI_FUNC(int) PyBuffer_ToContiguous(void *buf, const Py_buffer *view,
                                      Py_ssize_t len, char order);

#define PyBUF_READ  0x100
#define PyBUF_WRITE 0x200

#endif /* !Py_LIMITED_API || Py_LIMITED_API >= 3.11 */

#ifdef __cplusplus
}
#endif
#endif /* !Py_BUFFER_H */
