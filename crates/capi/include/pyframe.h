/* pyframe.h - frame objects: the accessors of the limited API. */
#ifndef Py_PYFRAME_H
#define Py_PYFRAME_H
#ifdef __cplusplus
extern "C" {
#endif

/* The line of the frame's last instruction. */
PyAPI_FUNC(int) PyFrame_GetLineNumber(PyFrameObject *);
/* The frame's code object (new reference, never NULL). */
PyAPI_FUNC(PyCodeObject *) PyFrame_GetCode(PyFrameObject *frame);

#ifndef Py_LIMITED_API
#  define Py_CPYTHON_PYFRAME_H
#  include "cpython/pyframe.h"
#  undef Py_CPYTHON_PYFRAME_H
#endif

#ifdef __cplusplus
}
#endif
#endif /* !Py_PYFRAME_H */
