/* cpython/pythonrun.h - compiling source with flags. */
#ifndef Py_CPYTHON_PYTHONRUN_H
#define Py_CPYTHON_PYTHONRUN_H

/* optimize: -1 (the interpreter's level), 0, 1 (no asserts) or 2 (no
   docstrings either). */
PyAPI_FUNC(PyObject *) Py_CompileStringExFlags(
    const char *str,
    const char *filename,       /* decoded from UTF-8 */
    int start,
    PyCompilerFlags *flags,
    int optimize);
PyAPI_FUNC(PyObject *) Py_CompileStringObject(
    const char *str,
    PyObject *filename, int start,
    PyCompilerFlags *flags,
    int optimize);

/* Run source with globals and locals: the value of an expression
   (Py_eval_input), else None; NULL with the exception set. */
PyAPI_FUNC(PyObject *) PyRun_StringFlags(const char *, int, PyObject *,
                                         PyObject *, PyCompilerFlags *);
/* Run source in __main__; print an exception and return -1. */
PyAPI_FUNC(int) PyRun_SimpleStringFlags(const char *, PyCompilerFlags *);

#define PyRun_String(str, s, g, l) PyRun_StringFlags((str), (s), (g), (l), NULL)
#define PyRun_SimpleString(s) PyRun_SimpleStringFlags((s), NULL)

#define Py_CompileString(str, p, s) Py_CompileStringExFlags((str), (p), (s), NULL, -1)
#define Py_CompileStringFlags(str, p, s, f) Py_CompileStringExFlags((str), (p), (s), (f), -1)

#endif /* !Py_CPYTHON_PYTHONRUN_H */
