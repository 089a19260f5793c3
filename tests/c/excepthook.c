/*
 * excepthook.c -- PyErr_Print and sys.excepthook (spec part B, issue 5):
 * the default hook (sys.excepthook is sys.__excepthook__), a replaced hook
 * and the arguments it gets, a hook that raises ("Error in
 * sys.excepthook:" ... "Original exception was:"), a missing hook, calling
 * the default hook directly (argument count, non-exception values), and
 * PyErr_Display with a non-exception value.
 */
#include "capture.h"

static int hook_raises;

static PyObject *my_hook(PyObject *self, PyObject *const *args, Py_ssize_t n)
{
    Py_ssize_t i;
    (void)self;
    printf("my_hook called with %zd args:", n);
    for (i = 0; i < n; i++) {
        PyObject *r = PyObject_Repr(args[i]);
        printf(" %s", r ? PyUnicode_AsUTF8(r) : "?");
        Py_XDECREF(r);
    }
    printf("\n");
    if (hook_raises) {
        PyErr_SetString(PyExc_RuntimeError, "hook failed");
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef hook_def = {"my_hook", (PyCFunction)(void (*)(void))my_hook, METH_FASTCALL, NULL};

int main(void)
{
    PyObject *hook, *dflt, *exc, *r;

    Py_Initialize();
    capture_begin();

    dflt = PySys_GetObject("__excepthook__");
    show("sys.__excepthook__", dflt);
    show_int("sys.excepthook is sys.__excepthook__", PySys_GetObject("excepthook") == dflt);
    Py_XINCREF(dflt);

    PyErr_SetString(PyExc_ValueError, "default hook");
    PyErr_Print();
    written("PyErr_Print, default hook");

    hook = PyCFunction_New(&hook_def, NULL);
    PySys_SetObject("excepthook", hook);
    PyErr_SetString(PyExc_ValueError, "to my hook");
    PyErr_Print();
    written("PyErr_Print, my hook");
    show("sys.last_exc", PySys_GetObject("last_exc"));
    printf("Occurred: %s\n", PyErr_Occurred() ? "set" : "NULL");

    hook_raises = 1;
    exc = PyObject_CallFunction(PyExc_KeyError, "s", "original");
    PyErr_SetRaisedException(exc);
    PyErr_Print();
    written("PyErr_Print, a hook that raises");
    printf("Occurred: %s\n", PyErr_Occurred() ? "set" : "NULL");
    hook_raises = 0;

    PySys_SetObject("excepthook", NULL);
    show("sys.excepthook after deleting", PySys_GetObject("excepthook"));
    PyErr_SetString(PyExc_TypeError, "no hook");
    PyErr_Print();
    written("PyErr_Print, no hook");

    PySys_SetObject("excepthook", Py_None);
    PyErr_SetString(PyExc_TypeError, "hook is None");
    PyErr_Print();
    written("PyErr_Print, hook is None");
    PySys_SetObject("excepthook", dflt);

    exc = PyObject_CallFunction(PyExc_ZeroDivisionError, "s", "direct");
    r = PyObject_CallFunction(dflt, "OOO", (PyObject *)Py_TYPE(exc), exc, Py_None);
    show_new("__excepthook__(type, exc, None)", r);
    written("  written");
    r = PyObject_CallFunction(dflt, "OO", (PyObject *)Py_TYPE(exc), exc);
    show_new("__excepthook__(type, exc)", r);
    r = PyObject_CallFunction(dflt, "OOO", (PyObject *)Py_TYPE(exc), Py_None, Py_None);
    show_new("__excepthook__(type, None, None)", r);
    written("  written");
    r = PyObject_CallFunction(dflt, "OsO", (PyObject *)Py_TYPE(exc), "text", Py_None);
    show_new("__excepthook__(type, 'text', None)", r);
    written("  written");
    r = PyObject_CallFunction(dflt, "OOi", (PyObject *)Py_TYPE(exc), exc, 5);
    show_new("__excepthook__(type, exc, 5)", r);
    written("  written");

    {
        PyObject *s = PyUnicode_FromString("text");
        PyErr_Display((PyObject *)Py_TYPE(exc), s, NULL);
        written("PyErr_Display(type, 'text', NULL)");
        PyErr_Display(NULL, exc, NULL);
        written("PyErr_Display(NULL, exc, NULL)");
        Py_DECREF(s);
    }
    Py_DECREF(exc);

    Py_DECREF(hook);
    Py_DECREF(dflt);
    capture_end();
    return ctest_finish();
}
