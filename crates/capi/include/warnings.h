/* warnings.h - issuing warnings from C. */
#ifndef Py_WARNINGS_H
#define Py_WARNINGS_H
#ifdef __cplusplus
extern "C" {
#endif

/* Issue a warning of category (NULL: RuntimeWarning) under the default
   filters: 0, or -1 with an exception. */
PyAPI_FUNC(int) PyErr_WarnEx(PyObject *category, const char *message,
                             Py_ssize_t stack_level);
/* PyErr_WarnEx with a PyUnicode_FromFormat message. */
PyAPI_FUNC(int) PyErr_WarnFormat(PyObject *category, Py_ssize_t stack_level,
                                 const char *format, ...);

#ifdef __cplusplus
}
#endif
#endif /* !Py_WARNINGS_H */
