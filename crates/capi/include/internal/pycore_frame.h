/* internal/pycore_frame.h - not CPython's internal header: the head of
   struct _frame that compiled code (Cython's tracebacks) writes directly,
   at CPython 3.12's offsets. The rest of Ophis's frame is its own. */
#ifndef Py_INTERNAL_FRAME_H
#define Py_INTERNAL_FRAME_H

struct _frame {
    PyObject_HEAD
    PyFrameObject *f_back;      /* the calling frame, or NULL */
    void *f_frame;              /* NULL in Ophis */
    PyObject *f_trace;          /* the trace function, or NULL */
    int f_lineno;               /* set: the line to report; 0: computed */
    char f_trace_lines;
    char f_trace_opcodes;
    char f_fast_as_locals;
    /* Ophis's own fields follow. */
};

#endif /* !Py_INTERNAL_FRAME_H */
