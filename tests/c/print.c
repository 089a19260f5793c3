/*
 * print.c -- sys.stdout and sys.stderr (attributes, write and its errors,
 * output on file descriptor 1) and the print builtin: separators, end,
 * file=, flush=, None as sys.stdout, a missing sys.stdout, and CPython's
 * errors for bad keywords.
 */
#include "ctest.h"

static PyObject *B = NULL, *chunks = NULL;

/* Calls builtins.NAME(*args, **kw); steals args and kw (kw may be NULL). */
static PyObject *call_kw(const char *name, PyObject *args, PyObject *kw)
{
    PyObject *f = PyObject_GetAttrString(B, name), *r = NULL;
    if (f && args)
        r = PyObject_Call(f, args, kw);
    Py_XDECREF(f);
    Py_XDECREF(args);
    Py_XDECREF(kw);
    return r;
}

static PyObject *w_write(PyObject *self, PyObject *s)
{
    (void)self;
    if (PyList_Append(chunks, s) < 0)
        return NULL;
    return PyLong_FromLong(7);
}

static PyObject *w_flush(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    PyObject *s = PyUnicode_FromString("<flush>");
    int r = PyList_Append(chunks, s);
    Py_DECREF(s);
    if (r < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyMethodDef w_methods[] = {
    {"write", w_write, METH_O, NULL},
    {"flush", w_flush, METH_NOARGS, NULL},
    {NULL},
};
static PyType_Slot w_slots[] = {{Py_tp_methods, w_methods}, {0, NULL}};
static PyType_Spec w_spec = {"probe.Writer", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, w_slots};

static PyMethodDef nf_methods[] = {
    {"write", w_write, METH_O, NULL},
    {NULL},
};
static PyType_Slot nf_slots[] = {{Py_tp_methods, nf_methods}, {0, NULL}};
static PyType_Spec nf_spec = {"probe.NoFlush", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, nf_slots};

/* Shows what the writer received since the last call and forgets it. */
static void show_chunks(const char *label)
{
    show(label, chunks);
    PyList_SetSlice(chunks, 0, PyList_GET_SIZE(chunks), NULL);
}

static void stream(const char *name)
{
    PyObject *s = PySys_GetObject(name);
    char label[64];
    printf("-- sys.%s\n", name);
    show_new("  repr", PyObject_Repr(s));
    const char *attrs[] = {"encoding", "errors", "closed", "name", "mode", NULL};
    for (int i = 0; attrs[i]; i++) {
        snprintf(label, sizeof label, "  %s", attrs[i]);
        show_new(label, PyObject_GetAttrString(s, attrs[i]));
    }
    const char *meths[] = {"fileno", "isatty", "readable", "writable", "seekable", "flush", NULL};
    for (int i = 0; meths[i]; i++) {
        snprintf(label, sizeof label, "  %s()", meths[i]);
        show_new(label, PyObject_CallMethod(s, meths[i], NULL));
    }
    snprintf(label, sizeof label, "__%s__", name);
    show_int("  is sys.__x__", s == PySys_GetObject(label));
    show_new("  write(1)", PyObject_CallMethod(s, "write", "(i)", 1));
    show_new("  write()", PyObject_CallMethod(s, "write", NULL));
    show_new("  write('a', 'b')", PyObject_CallMethod(s, "write", "(ss)", "a", "b"));
}

int main(void)
{
    Py_Initialize();
    B = PyImport_ImportModule("builtins");
    chunks = PyList_New(0);
    PyObject *wt = PyType_FromSpec(&w_spec), *w = PyObject_CallNoArgs(wt);
    PyObject *nft = PyType_FromSpec(&nf_spec), *nf = PyObject_CallNoArgs(nft);
    PyObject *out = PySys_GetObject("stdout");

    stream("stdout");
    stream("stderr");

    puts("-- writing to file descriptor 1");
    fflush(stdout);
    PyObject *n = PyObject_CallMethod(out, "write", "(s)", "h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x90\x8d\n");
    PyObject *fl = PyObject_CallMethod(out, "flush", NULL);
    Py_XDECREF(fl);
    show_new("write('h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x90\x8d\\n')", n);
    {
        PyObject *s = PyUnicode_DecodeUTF8("a\xed\xa0\x80", 4, "surrogatepass");
        show_new("write('a\\ud800')", PyObject_CallMethod(out, "write", "(O)", s));
        Py_XDECREF(s);
    }
    fflush(stdout);
    show_new("print('to', 'stdout', 42)", call_kw("print", Py_BuildValue("(ssi)", "to", "stdout", 42), NULL));
    fl = PyObject_CallMethod(out, "flush", NULL);
    Py_XDECREF(fl);
    fflush(stdout);
    show_new("print(flush=True)", call_kw("print", PyTuple_New(0), Py_BuildValue("{sO}", "flush", Py_True)));
    fflush(stdout);
    show_new("print('x', end='', sep='-')",
             call_kw("print", Py_BuildValue("(s)", "x"), Py_BuildValue("{ssss}", "end", "", "sep", "-")));
    fl = PyObject_CallMethod(out, "flush", NULL);
    Py_XDECREF(fl);
    puts("");

    puts("-- print to a writer");
    show_new("print(1, 'a', None, file=w)",
             call_kw("print", Py_BuildValue("(isO)", 1, "a", Py_None), Py_BuildValue("{sO}", "file", w)));
    show_chunks("  chunks");
    show_new("print(file=w)", call_kw("print", PyTuple_New(0), Py_BuildValue("{sO}", "file", w)));
    show_chunks("  chunks");
    show_new("print(1, 2, 3, sep='--', end='!\\n', file=w)",
             call_kw("print", Py_BuildValue("(iii)", 1, 2, 3),
                     Py_BuildValue("{sssssO}", "sep", "--", "end", "!\n", "file", w)));
    show_chunks("  chunks");
    show_new("print(1, 2, sep=None, end=None, file=w, flush=1)",
             call_kw("print", Py_BuildValue("(ii)", 1, 2),
                     Py_BuildValue("{sOsOsOsi}", "sep", Py_None, "end", Py_None, "file", w, "flush", 1)));
    show_chunks("  chunks");
    show_new("print([1, 'b'], (2,), file=w, flush=0)",
             call_kw("print", Py_BuildValue("([is](i))", 1, "b", 2),
                     Py_BuildValue("{sOsi}", "file", w, "flush", 0)));
    show_chunks("  chunks");
    show_new("print('', '', sep='', file=w)",
             call_kw("print", Py_BuildValue("(ss)", "", ""), Py_BuildValue("{sssO}", "sep", "", "file", w)));
    show_chunks("  chunks");
    show_new("print(1, file=nf, flush=True)",
             call_kw("print", Py_BuildValue("(i)", 1), Py_BuildValue("{sOsO}", "file", nf, "flush", Py_True)));
    show_chunks("  chunks");

    puts("-- errors");
    show_new("print(1, sep=1, file=w)",
             call_kw("print", Py_BuildValue("(i)", 1), Py_BuildValue("{sisO}", "sep", 1, "file", w)));
    show_new("print(1, end=2, file=w)",
             call_kw("print", Py_BuildValue("(i)", 1), Py_BuildValue("{sisO}", "end", 2, "file", w)));
    show_new("print(1, sep=b'', file=w)",
             call_kw("print", Py_BuildValue("(i)", 1), Py_BuildValue("{sysO}", "sep", "", "file", w)));
    show_new("print(1, foo=2)", call_kw("print", Py_BuildValue("(i)", 1), Py_BuildValue("{si}", "foo", 2)));
    show_new("print(1, file=1)", call_kw("print", Py_BuildValue("(i)", 1), Py_BuildValue("{si}", "file", 1)));
    show_new("print(1, flush=[], file=w)",
             call_kw("print", Py_BuildValue("(i)", 1), Py_BuildValue("{s[]sO}", "flush", "file", w)));
    show_chunks("  chunks");
    show_new("print(file=w, **{1: 2})",
             call_kw("print", PyTuple_New(0), Py_BuildValue("{sOii}", "file", w, 1, 2)));
    show_chunks("  chunks");

    puts("-- sys.stdout replaced, None, missing");
    PySys_SetObject("stdout", w);
    show_new("print('via sys.stdout')", call_kw("print", Py_BuildValue("(s)", "via sys.stdout"), NULL));
    show_chunks("  chunks");
    PySys_SetObject("stdout", Py_None);
    show_new("print('nowhere') with sys.stdout None", call_kw("print", Py_BuildValue("(s)", "nowhere"), NULL));
    show_new("print('w', file=w) with sys.stdout None",
             call_kw("print", Py_BuildValue("(s)", "w"), Py_BuildValue("{sO}", "file", w)));
    show_chunks("  chunks");
    PySys_SetObject("stdout", NULL);
    show_new("print('lost')", call_kw("print", Py_BuildValue("(s)", "lost"), NULL));
    show_new("print('lost', file=None)",
             call_kw("print", Py_BuildValue("(s)", "lost"), Py_BuildValue("{sO}", "file", Py_None)));
    PySys_SetObject("stdout", PySys_GetObject("__stdout__"));
    show_int("sys.stdout restored", PySys_GetObject("stdout") == out);

    Py_DECREF(w);
    Py_DECREF(wt);
    Py_DECREF(nf);
    Py_DECREF(nft);
    Py_DECREF(chunks);
    Py_DECREF(B);
    return ctest_finish();
}
