/*
 * evaltest.h -- helpers for the evaluator's tests: run a module body from
 * source in fresh globals and show its `r`, or evaluate an expression.
 */
#ifndef OPHIS_TESTS_EVALTEST_H
#define OPHIS_TESTS_EVALTEST_H
#include "ctest.h"

static PyObject *globals;

/* Runs `src` as a module body in fresh globals (named __main__), then
   shows `r` or the exception. */
static void run(const char *label, const char *src)
{
    Py_XDECREF(globals);
    globals = PyDict_New();
    PyObject *name = PyUnicode_FromString("__main__");
    PyDict_SetItemString(globals, "__name__", name);
    Py_DECREF(name);
    PyObject *res = PyRun_String(src, Py_file_input, globals, globals);
    if (res == NULL) {
        show_exc(label);
        return;
    }
    Py_DECREF(res);
    show(label, PyDict_GetItemString(globals, "r"));
}

/* Evaluates an expression in the last globals. */
static void ev(const char *label, const char *src)
{
    show_new(label, PyRun_String(src, Py_eval_input, globals, globals));
}

#endif
