/*
 * watchers.h -- helpers shared by the watcher tests (dict_watchers.c, ...):
 * a C-level sys.unraisablehook that prints each report on stdout as
 *   unraisable: <ExcType>: <str(exc)> | err_msg=<repr> | object=<str(obj)>
 * with every "0x<hex>" address masked as "0x?", and show_masked().
 */
#ifndef OPHIS_TESTS_WATCHERS_H
#define OPHIS_TESTS_WATCHERS_H

#include "ctest.h"

#include <ctype.h>

/* Print the UTF-8 text of str `s` with addresses masked. */
static void write_masked(PyObject *s)
{
    Py_ssize_t n = 0, i;
    const char *u = s != NULL && PyUnicode_Check(s) ? PyUnicode_AsUTF8AndSize(s, &n) : NULL;
    if (u == NULL) {
        PyErr_Clear();
        fputs("<not a str>", stdout);
        return;
    }
    for (i = 0; i < n; i++) {
        if (u[i] == '0' && i + 1 < n && u[i + 1] == 'x') {
            fputs("0x?", stdout);
            i += 2;
            while (i < n && isxdigit((unsigned char)u[i]))
                i++;
            i--;
            continue;
        }
        putchar(u[i]);
    }
}

/* "label: str(obj)" with addresses masked; obj borrowed. */
static void show_masked(const char *label, PyObject *obj)
{
    PyObject *s = obj ? PyObject_Str(obj) : NULL;
    printf("%s: ", label);
    if (s == NULL) {
        PyErr_Clear();
        fputs("NULL", stdout);
    }
    else
        write_masked(s);
    putchar('\n');
    Py_XDECREF(s);
}

static PyObject *print_hook(PyObject *self, PyObject *args)
{
    PyObject *t = PyObject_GetAttrString(args, "exc_type");
    PyObject *v = PyObject_GetAttrString(args, "exc_value");
    PyObject *m = PyObject_GetAttrString(args, "err_msg");
    PyObject *o = PyObject_GetAttrString(args, "object");
    PyObject *ms = m ? PyObject_Repr(m) : NULL;
    PyObject *os = o ? PyObject_Str(o) : NULL;
    PyObject *vs = v ? PyObject_Str(v) : NULL;
    (void)self;
    printf("unraisable: %s: ", t != NULL && PyType_Check(t) ? ((PyTypeObject *)t)->tp_name : "?");
    write_masked(vs);
    fputs(" | err_msg=", stdout);
    write_masked(ms);
    fputs(" | object=", stdout);
    if (o != NULL && PyType_Check(o))
        printf("<type %s>", ((PyTypeObject *)o)->tp_name);
    else
        write_masked(os);
    putchar('\n');
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(m);
    Py_XDECREF(o);
    Py_XDECREF(ms);
    Py_XDECREF(os);
    Py_XDECREF(vs);
    PyErr_Clear();
    Py_RETURN_NONE;
}

static PyMethodDef print_hook_def = {"print_hook", print_hook, METH_O, NULL};

/* Install print_hook as sys.unraisablehook. */
static void install_print_hook(void)
{
    PyObject *h = PyCFunction_New(&print_hook_def, NULL);
    if (h == NULL || PySys_SetObject("unraisablehook", h) < 0)
        printf("FAIL: cannot install the unraisable hook\n");
    Py_XDECREF(h);
}

#endif
