/* cpython/pythread.h - the layout of Py_tss_t, for static keys. */
#ifndef Py_CPYTHON_PYTHREAD_H
#  error "this header file must not be included directly"
#endif

#include <pthread.h>

#define PYTHREAD_INVALID_THREAD_ID ((unsigned long)-1)

/* Allocate statically with Py_tss_NEEDS_INIT; use only the functions. */
struct _Py_tss_t {
    int _is_initialized;
    pthread_key_t _key;
};

#define Py_tss_NEEDS_INIT   {0}
