/* cpython/frameobject.h - frame construction. */
#ifndef Py_CPYTHON_FRAMEOBJECT_H
#  error "include <frameobject.h> instead of this header"
#endif

/* A frame of `code` that is not linked to any thread's stack and has not
   run: every fast variable unbound, its line the code's first.  `locals`
   (may be NULL) becomes its locals mapping. */
PyAPI_FUNC(PyFrameObject *) PyFrame_New(PyThreadState *, PyCodeObject *,
                                        PyObject *, PyObject *);
