/* cpython/objimpl.h - non-limited part of objimpl.h.  Ophis provides none
   of CPython's entries here yet (size helpers, arena allocator,
   PyObject_IS_GC, weakref-list access); the file exists so that the
   include structure matches CPython's. */
#ifndef Py_CPYTHON_OBJIMPL_H
#  error "include <Python.h> instead of this header"
#endif
