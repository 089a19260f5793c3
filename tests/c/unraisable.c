/*
 * unraisable.c -- PyErr_WriteUnraisable (spec B.6): the default writer's
 * exact output, written to a replaced sys.stderr chunk by chunk; a custom
 * sys.unraisablehook and its UnraisableHookArgs; the no-exception case; a
 * failing hook; weakref callbacks that raise. Also PySys_GetObject /
 * SetObject and PyImport_ImportModule / Import for the builtin modules.
 */
#include "ctest.h"

#include <stddef.h>

static PyObject *chunks;

static PyObject *w_write(PyObject *self, PyObject *s)
{
    if (PyList_Append(chunks, s) < 0)
        return NULL;
    return PyLong_FromSsize_t(PyUnicode_GetLength(s));
}

static PyObject *w_flush(PyObject *self, PyObject *unused)
{
    PyObject *f = PyUnicode_FromString("<flush>");
    PyList_Append(chunks, f);
    Py_DECREF(f);
    Py_RETURN_NONE;
}

static PyMethodDef w_methods[] = {
    {"write", w_write, METH_O, NULL},
    {"flush", w_flush, METH_NOARGS, NULL},
    {NULL},
};
static PyType_Slot w_slots[] = {{Py_tp_methods, w_methods}, {0, NULL}};
static PyType_Spec w_spec = {"probe.Writer", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, w_slots};

static void show_chunks(const char *label)
{
    show(label, chunks);
    Py_SETREF(chunks, PyList_New(0));
}

static PyObject *my_hook(PyObject *self, PyObject *args)
{
    static const char *fields[] = {"exc_type", "exc_value", "exc_traceback", "err_msg", "object"};
    printf("  hook called with %s\n", Py_TYPE(args)->tp_name);
    for (int i = 0; i < 5; i++) {
        char l[64];
        snprintf(l, sizeof l, "  args.%s", fields[i]);
        show_new(l, PyObject_GetAttrString(args, fields[i]));
    }
    printf("  Occurred inside the hook: %s\n", PyErr_Occurred() ? "set" : "NULL");
    Py_RETURN_NONE;
}

static PyObject *failing_hook(PyObject *self, PyObject *args)
{
    PyErr_SetString(PyExc_RuntimeError, "hook failed");
    return NULL;
}

static PyMethodDef hook_def = {"my_hook", my_hook, METH_O, NULL};
static PyMethodDef failing_def = {"failing_hook", failing_hook, METH_O, NULL};

static PyObject *raising_callback(PyObject *self, PyObject *ref)
{
    PyErr_SetString(PyExc_ValueError, "from the weakref callback");
    return NULL;
}
static PyMethodDef cb_def = {"raising_callback", raising_callback, METH_O, NULL};

typedef struct {
    PyObject_HEAD
    PyObject *weakreflist;
} Target;
static PyMemberDef target_members[] = {
    {"__weaklistoffset__", Py_T_PYSSIZET, offsetof(Target, weakreflist), Py_READONLY},
    {NULL},
};
static void target_dealloc(PyObject *o)
{
    PyTypeObject *t = Py_TYPE(o);
    PyObject_ClearWeakRefs(o);
    t->tp_free(o);
    Py_DECREF(t);
}
static PyType_Slot target_slots[] = {
    {Py_tp_members, target_members}, {Py_tp_dealloc, target_dealloc}, {0, NULL}};
static PyType_Spec target_spec = {"probe.Target", sizeof(Target), 0, Py_TPFLAGS_DEFAULT,
                                  target_slots};

int main(void)
{
    PyObject *W, *w, *old_stderr, *obj, *hook, *m, *x;

    Py_Initialize();
    chunks = PyList_New(0);
    W = PyType_FromSpec(&w_spec);
    w = PyObject_CallNoArgs(W);

    old_stderr = PySys_GetObject("stderr");
    show_int("sys.stderr exists", old_stderr != NULL);
    Py_XINCREF(old_stderr);
    show_int("SetObject(stderr, writer)", PySys_SetObject("stderr", w));
    show_int("GetObject(stderr) is writer", PySys_GetObject("stderr") == w);

    hook = PySys_GetObject("unraisablehook");
    show("sys.unraisablehook", hook);
    show_int("__unraisablehook__ is unraisablehook", PySys_GetObject("__unraisablehook__") == hook);
    show("GetObject('nope')", PySys_GetObject("nope"));

    obj = PyUnicode_FromString("the-object");
    PyErr_SetString(PyExc_ValueError, "boom");
    PyErr_WriteUnraisable(obj);
    printf("Occurred after WriteUnraisable: %s\n", PyErr_Occurred() ? "set" : "NULL");
    show_chunks("default writer");
    PyErr_SetString(PyExc_ValueError, "");
    PyErr_WriteUnraisable(NULL);
    show_chunks("empty message, NULL object");
    PyErr_SetNone(PyExc_KeyError);
    PyErr_WriteUnraisable(Py_None);
    show_chunks("KeyError(), None object");
    PyErr_SetObject(PyExc_OSError, x = Py_BuildValue("(is)", 2, "gone"));
    Py_DECREF(x);
    PyErr_WriteUnraisable(obj);
    show_chunks("FileNotFoundError");
    PyErr_WriteUnraisable(obj);
    show_chunks("nothing set");
    PyErr_WriteUnraisable(NULL);
    show_chunks("nothing set, NULL object");

    /* a custom hook */
    x = PyCFunction_New(&hook_def, NULL);
    show_int("SetObject(unraisablehook, my_hook)", PySys_SetObject("unraisablehook", x));
    Py_DECREF(x);
    PyErr_SetString(PyExc_TypeError, "to the hook");
    PyErr_WriteUnraisable(obj);
    printf("Occurred after the hook: %s\n", PyErr_Occurred() ? "set" : "NULL");
    PyErr_SetString(PyExc_TypeError, "NULL object");
    PyErr_WriteUnraisable(NULL);
    PyErr_WriteUnraisable(obj);
    show_chunks("nothing set bypasses the hook");

    /* a hook that fails: its own error is reported about the hook */
    x = PyCFunction_New(&failing_def, NULL);
    PySys_SetObject("unraisablehook", x);
    Py_DECREF(x);
    PyErr_SetString(PyExc_TypeError, "lost");
    PyErr_WriteUnraisable(obj);
    show_chunks("failing hook");
    printf("Occurred after a failing hook: %s\n", PyErr_Occurred() ? "set" : "NULL");

    /* the hook set to None: the default writer */
    PySys_SetObject("unraisablehook", Py_None);
    PyErr_SetString(PyExc_TypeError, "hook is None");
    PyErr_WriteUnraisable(obj);
    show_chunks("hook None");
    PySys_SetObject("unraisablehook", hook);

    /* weakref callbacks that raise are unraisable */
    {
        PyObject *T = PyType_FromSpec(&target_spec), *t = PyObject_CallNoArgs(T);
        PyObject *cb = PyCFunction_New(&cb_def, NULL), *ref = PyWeakref_NewRef(t, cb);
        Py_DECREF(t);
        printf("Occurred after the callback: %s\n", PyErr_Occurred() ? "set" : "NULL");
        PyObject *rep = PyList_GetItem(chunks, 0);
        show("weakref callback report starts with", rep);
        show_int("chunks written", PyList_GET_SIZE(chunks) > 0);
        Py_SETREF(chunks, PyList_New(0));
        Py_DECREF(ref);
        Py_DECREF(cb);
        Py_DECREF(T);
    }

    /* SetObject(NULL) deletes; deleting a missing name is fine */
    show_int("SetObject(probe_attr, 1)", PySys_SetObject("probe_attr", x = PyLong_FromLong(1)));
    Py_DECREF(x);
    show("GetObject(probe_attr)", PySys_GetObject("probe_attr"));
    show_int("SetObject(probe_attr, NULL)", PySys_SetObject("probe_attr", NULL));
    show("GetObject(probe_attr) after delete", PySys_GetObject("probe_attr"));
    show_int("SetObject(never_set, NULL)", PySys_SetObject("never_set", NULL));

    m = PyImport_ImportModule("sys");
    show("ImportModule('sys')", m);
    x = PyObject_GetAttrString(m, "stderr");
    show_int("sys.stderr via the module is the writer", x == w);
    Py_XDECREF(x);
    Py_XDECREF(m);
    show_new("ImportModule('builtins')", PyImport_ImportModule("builtins"));
    show_new("ImportModule('no_such_module_x')", PyImport_ImportModule("no_such_module_x"));
    x = PyUnicode_FromString("sys");
    show_new("PyImport_Import('sys')", PyImport_Import(x));
    Py_DECREF(x);

    PySys_SetObject("stderr", old_stderr);
    Py_XDECREF(old_stderr);
    Py_DECREF(obj);
    Py_DECREF(w);
    Py_DECREF(W);
    Py_DECREF(chunks);
    return ctest_finish();
}
