/* cpython/ceval.h - the profile and trace hooks (non-limited API). */
#ifndef Py_CPYTHON_CEVAL_H
#  error "include <Python.h> instead of this header"
#endif

/* Install (func != NULL) or remove the profile / trace hook of the calling
   thread, keeping a new reference to obj (stored even when func is NULL;
   sys.getprofile()/sys.gettrace() return it). Changes take effect at the
   next event, also from inside a hook. */
PyAPI_FUNC(void) PyEval_SetProfile(Py_tracefunc, PyObject *);
PyAPI_FUNC(void) PyEval_SetTrace(Py_tracefunc, PyObject *);

/* The same for every thread state of the calling thread's interpreter as
   it stands now (each keeps its own reference to obj); thread states
   created later get no hook. */
PyAPI_FUNC(void) PyEval_SetProfileAllThreads(Py_tracefunc, PyObject *);
PyAPI_FUNC(void) PyEval_SetTraceAllThreads(Py_tracefunc, PyObject *);
