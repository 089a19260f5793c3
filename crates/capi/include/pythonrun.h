/* pythonrun.h - printing exceptions the way the interpreter does. */
#ifndef Py_PYTHONRUN_H
#define Py_PYTHONRUN_H
#ifdef __cplusplus
extern "C" {
#endif

/* Compile source text (start: Py_file_input, Py_eval_input or
   Py_single_input) to a code object; NULL with SyntaxError set. A macro
   over Py_CompileStringExFlags outside the limited API, as in CPython. */
PyAPI_FUNC(PyObject *) Py_CompileString(const char *, const char *, int);

/* Report the raised exception on sys.stderr and clear it; Print and
   PrintEx(1) also store it as sys.last_exc. A SystemExit ends the
   process. */
PyAPI_FUNC(void) PyErr_Print(void);
PyAPI_FUNC(void) PyErr_PrintEx(int);
/* Report an exception (with its cause/context chain and notes). */
PyAPI_FUNC(void) PyErr_Display(PyObject *, PyObject *, PyObject *);
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x030C0000
PyAPI_FUNC(void) PyErr_DisplayException(PyObject *);
#endif

#ifndef Py_LIMITED_API
#  include "cpython/pythonrun.h"
#endif

#ifdef __cplusplus
}
#endif
#endif /* !Py_PYTHONRUN_H */
