/*
 * capture.h -- a sys.stderr replacement for the tests that check what the
 * runtime writes there (report.c, excepthook.c, traceback.c).
 *
 *   capture_begin()     installs a writer object as sys.stderr, keeping the
 *                       previous one
 *   written(label)      prints "label:" and then every line written since the
 *                       last call as "  | <line>" (or " (nothing)")
 *   capture_end()       puts the previous sys.stderr back and frees the
 *                       writer
 */
#ifndef OPHIS_TESTS_CAPTURE_H
#define OPHIS_TESTS_CAPTURE_H

#include "ctest.h"

static PyObject *capture_chunks, *capture_type, *capture_writer, *capture_old;

static PyObject *capture_write(PyObject *self, PyObject *s)
{
    (void)self;
    if (PyList_Append(capture_chunks, s) < 0)
        return NULL;
    return PyLong_FromSsize_t(PyUnicode_GetLength(s));
}

static PyObject *capture_flush(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    Py_RETURN_NONE;
}

static PyMethodDef capture_methods[] = {
    {"write", capture_write, METH_O, NULL},
    {"flush", capture_flush, METH_NOARGS, NULL},
    {NULL},
};
static PyType_Slot capture_slots[] = {{Py_tp_methods, capture_methods}, {0, NULL}};
static PyType_Spec capture_spec = {"probe.Writer", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT,
                                   capture_slots};

static void capture_begin(void)
{
    capture_chunks = PyList_New(0);
    capture_type = PyType_FromSpec(&capture_spec);
    capture_writer = PyObject_CallNoArgs(capture_type);
    capture_old = Py_XNewRef(PySys_GetObject("stderr"));
    if (capture_writer == NULL || PySys_SetObject("stderr", capture_writer) < 0)
        printf("FAIL: cannot replace sys.stderr\n");
}

static void written(const char *label)
{
    PyObject *sep = PyUnicode_FromString(""), *all = PyUnicode_Join(sep, capture_chunks);
    const char *u = PyUnicode_AsUTF8(all);
    printf("%s:%s\n", label, *u ? "" : " (nothing)");
    while (*u) {
        const char *nl = strchr(u, '\n');
        size_t n = nl ? (size_t)(nl - u) : strlen(u);
        printf("  | %.*s\n", (int)n, u);
        u += n + (nl ? 1 : 0);
    }
    Py_DECREF(all);
    Py_DECREF(sep);
    Py_SETREF(capture_chunks, PyList_New(0));
}

static void capture_end(void)
{
    PySys_SetObject("stderr", capture_old);
    Py_XDECREF(capture_old);
    Py_XDECREF(capture_writer);
    Py_XDECREF(capture_type);
    Py_XDECREF(capture_chunks);
}

#endif
