/*
 * ext.h -- helpers for the real-client tests in tests/ext/: each NAME.c
 * drives one binary wheel from PyPI (named with its exact version on a
 * `wheel:` line), importing its extension module from the directory that
 * a `path:` line names inside the unpacked wheel (cargo xtask ext-test puts
 * it on PYTHONPATH). Packages whose __init__.py needs the evaluator are
 * bypassed by importing the extension module as a top-level module, which
 * CPython allows too.
 */
#ifndef OPHIS_TESTS_EXT_H
#define OPHIS_TESTS_EXT_H
#include "ctest.h"

/* Imports a module or exits with the error printed. */
static inline PyObject *ext_import(const char *name)
{
    PyObject *m = PyImport_ImportModule(name);
    if (m == NULL) {
        char label[120];
        snprintf(label, sizeof label, "import %s", name);
        show(label, NULL);
        fflush(stdout);
        exit(3);
    }
    printf("import %s: ok\n", name);
    return m;
}

/* "label: repr(m.fname(*args))" with the arguments built as Py_BuildValue
 * builds them. */
#define CALL(label, m, fname, ...) show_new((label), PyObject_CallMethod((m), (fname), __VA_ARGS__))

/* Calls m.fname(*args, **kwargs) with both built by Py_BuildValue. */
static inline PyObject *ext_call_kw(PyObject *m, const char *fname, PyObject *args, PyObject *kwargs)
{
    PyObject *f = PyObject_GetAttrString(m, fname);
    PyObject *r = NULL;
    if (f != NULL && args != NULL && kwargs != NULL)
        r = PyObject_Call(f, args, kwargs);
    Py_XDECREF(f);
    Py_XDECREF(args);
    Py_XDECREF(kwargs);
    return r;
}

#endif /* OPHIS_TESTS_EXT_H */
