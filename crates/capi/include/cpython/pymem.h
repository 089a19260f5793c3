/* cpython/pymem.h - non-limited allocator API: the raw domain and
   replaceable allocators. */
#ifndef Py_CPYTHON_PYMEM_H
#  error "include <Python.h> instead of this header"
#endif

/* The raw domain: a thin layer over the C allocator that needs no GIL
   (the only family safe to call without an attached thread state). */
PyAPI_FUNC(void *) PyMem_RawMalloc(size_t size);
PyAPI_FUNC(void *) PyMem_RawCalloc(size_t nelem, size_t elsize);
PyAPI_FUNC(void *) PyMem_RawRealloc(void *ptr, size_t new_size);
PyAPI_FUNC(void) PyMem_RawFree(void *ptr);

/* The three allocator domains. */
typedef enum {
    PYMEM_DOMAIN_RAW,   /* PyMem_Raw* */
    PYMEM_DOMAIN_MEM,   /* PyMem_Malloc and friends */
    PYMEM_DOMAIN_OBJ    /* PyObject_Malloc and friends (all objects) */
} PyMemAllocatorDomain;

/* An allocator: four functions and the context pointer each receives
   first.  A replacement must return a distinct non-NULL pointer for zero
   bytes; one for PYMEM_DOMAIN_RAW must be thread-safe. */
typedef struct {
    void *ctx;
    void *(*malloc)(void *ctx, size_t size);
    void *(*calloc)(void *ctx, size_t nelem, size_t elsize);
    void *(*realloc)(void *ctx, void *ptr, size_t new_size);
    void (*free)(void *ctx, void *ptr);
} PyMemAllocatorEx;

/* Copy out / install the allocator of a domain.  Install before any block
   of that domain is allocated, or forward to the previous allocator (a
   hook), since blocks must be freed by the allocator that made them. */
PyAPI_FUNC(void) PyMem_GetAllocator(PyMemAllocatorDomain domain,
                                    PyMemAllocatorEx *allocator);
PyAPI_FUNC(void) PyMem_SetAllocator(PyMemAllocatorDomain domain,
                                    PyMemAllocatorEx *allocator);
