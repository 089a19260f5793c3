/*
 * code_func_watchers.c -- PyCode_AddWatcher/ClearWatcher and
 * PyFunction_AddWatcher/ClearWatcher (spec watchers.md §4, §5, cases 40-44
 * and 46-55): CREATE once complete, DESTROY with the object intact and
 * resurrection, order, failing callbacks reported as unraisable with
 * CPython's context strings, the MODIFY_* events through the C API and
 * the attribute forms (before the change), non-events, errors.
 */
#include "watchers.h"

static PyObject *kept; /* set by the resurrecting callbacks */

/* ---- code watchers ---------------------------------------------------- */

static const char *code_events[] = {"CREATE", "DESTROY"};

static void print_code(const char *who, PyCodeEvent ev, PyCodeObject *co)
{
    PyObject *name = PyObject_GetAttrString((PyObject *)co, "co_name");
    PyObject *line = PyObject_GetAttrString((PyObject *)co, "co_firstlineno");
    printf("  %s: %s co_name=%s co_firstlineno=%ld\n", who, (unsigned)ev < 2 ? code_events[ev] : "?",
           name ? PyUnicode_AsUTF8(name) : "?", line ? PyLong_AsLong(line) : -1L);
    Py_XDECREF(name);
    Py_XDECREF(line);
}

static int code_a(PyCodeEvent ev, PyCodeObject *co)
{
    print_code("A", ev, co);
    return 0;
}

static int code_b(PyCodeEvent ev, PyCodeObject *co)
{
    print_code("B", ev, co);
    return 0;
}

static int code_err(PyCodeEvent ev, PyCodeObject *co)
{
    print_code("ERR", ev, co);
    PyErr_SetString(PyExc_RuntimeError, "boom-code");
    return -1;
}

static int code_keep(PyCodeEvent ev, PyCodeObject *co)
{
    print_code("KEEP", ev, co);
    if (ev == PY_CODE_EVENT_DESTROY && kept == NULL)
        kept = Py_NewRef((PyObject *)co);
    return 0;
}

static int code_silent(PyCodeEvent ev, PyCodeObject *co)
{
    (void)ev;
    (void)co;
    return 0;
}

static void code_watchers(void)
{
    PyObject *early, *c;
    int a, e, b, k, i, ids[9];

    printf("-- code: case 41 (created before registration)\n");
    early = (PyObject *)PyCode_NewEmpty("probe_file.py", "probe_early", 3);
    printf("-- code: case 40\n");
    a = PyCode_AddWatcher(code_a);
    printf("A id: %d\n", a);
    c = (PyObject *)PyCode_NewEmpty("probe_file.py", "probe_one", 7);
    printf("created\n");
    Py_DECREF(c);
    printf("released\n");
    Py_DECREF(early);
    printf("released early\n");

    printf("-- code: case 42 (order, errors)\n");
    e = PyCode_AddWatcher(code_err);
    b = PyCode_AddWatcher(code_b);
    printf("ERR id: %d, B id: %d\n", e, b);
    c = (PyObject *)PyCode_NewEmpty("probe_file.py", "probe_two", 11);
    printf("returned: %s, pending: %s\n", c ? "object" : "NULL", PyErr_Occurred() ? "yes" : "no");
    Py_XDECREF(c);
    printf("pending after DESTROY: %s\n", PyErr_Occurred() ? "yes" : "no");
    show_int("ClearWatcher(ERR)", PyCode_ClearWatcher(e));
    show_int("ClearWatcher(B)", PyCode_ClearWatcher(b));

    printf("-- code: case 43 (resurrection)\n");
    k = PyCode_AddWatcher(code_keep);
    printf("KEEP id: %d\n", k);
    c = (PyObject *)PyCode_NewEmpty("probe_file.py", "probe_three", 13);
    Py_DECREF(c);
    printf("kept: %s\n", kept ? "yes" : "no");
    show_int("ClearWatcher(KEEP)", PyCode_ClearWatcher(k));
    if (kept) {
        show_masked("kept object", kept);
        Py_CLEAR(kept);
    }

    printf("-- code: case 44 (errors)\n");
    show_int("ClearWatcher(-1)", PyCode_ClearWatcher(-1));
    show_int("ClearWatcher(8)", PyCode_ClearWatcher(8));
    show_int("ClearWatcher(KEEP) again", PyCode_ClearWatcher(k));
    show_int("ClearWatcher(7)", PyCode_ClearWatcher(7));
    for (i = 0; i < 9; i++) {
        ids[i] = PyCode_AddWatcher(code_silent);
        if (ids[i] < 0) {
            show_int("AddWatcher", ids[i]);
            break;
        }
        printf("AddWatcher: %d\n", ids[i]);
    }
    while (--i >= 0)
        PyCode_ClearWatcher(ids[i]);
    show_int("ClearWatcher(A)", PyCode_ClearWatcher(a));
}

/* ---- function watchers ------------------------------------------------ */

static const char *func_events[] = {"CREATE", "DESTROY", "MODIFY_CODE", "MODIFY_DEFAULTS",
                                    "MODIFY_KWDEFAULTS"};

static void print_repr(const char *label, PyObject *o)
{
    PyObject *r = o ? PyObject_Repr(o) : NULL;
    printf(" %s=", label);
    if (r == NULL) {
        PyErr_Clear();
        fputs("NULL", stdout);
    }
    else
        write_masked(r);
    Py_XDECREF(r);
}

static void print_func(const char *who, PyFunction_WatchEvent ev, PyFunctionObject *f, PyObject *nv)
{
    PyObject *fo = (PyObject *)f;
    PyObject *code = PyFunction_GetCode(fo);
    PyObject *name = PyObject_GetAttrString(code, "co_name");
    printf("  %s: %s", who, (unsigned)ev < 5 ? func_events[ev] : "?");
    if (nv != NULL && PyCode_Check(nv)) {
        PyObject *n = PyObject_GetAttrString(nv, "co_name");
        printf(" new=<code %s>", PyUnicode_AsUTF8(n));
        Py_DECREF(n);
    }
    else
        print_repr("new", nv);
    printf(" code=%s", PyUnicode_AsUTF8(name));
    print_repr("defaults", PyFunction_GetDefaults(fo));
    print_repr("kwdefaults", PyFunction_GetKwDefaults(fo));
    print_repr("qualname", ((PyFunctionObject *)fo)->func_qualname);
    putchar('\n');
    Py_DECREF(name);
}

static int func_a(PyFunction_WatchEvent ev, PyFunctionObject *f, PyObject *nv)
{
    print_func("A", ev, f, nv);
    return 0;
}

static int func_b(PyFunction_WatchEvent ev, PyFunctionObject *f, PyObject *nv)
{
    print_func("B", ev, f, nv);
    return 0;
}

static int func_err(PyFunction_WatchEvent ev, PyFunctionObject *f, PyObject *nv)
{
    print_func("ERR", ev, f, nv);
    PyErr_SetString(PyExc_RuntimeError, "boom-func");
    return -1;
}

static int func_keep(PyFunction_WatchEvent ev, PyFunctionObject *f, PyObject *nv)
{
    print_func("KEEP", ev, f, nv);
    if (ev == PyFunction_EVENT_DESTROY && kept == NULL)
        kept = Py_NewRef((PyObject *)f);
    return 0;
}

static int func_silent(PyFunction_WatchEvent ev, PyFunctionObject *f, PyObject *nv)
{
    (void)ev;
    (void)f;
    (void)nv;
    return 0;
}

static PyObject *code_with_freevar(void)
{
    PyObject *code = PyBytes_FromStringAndSize("\x97\x00\x79\x00", 4);
    PyObject *e = PyTuple_New(0), *eb = PyBytes_FromStringAndSize("", 0);
    PyObject *consts = PyTuple_Pack(1, Py_None);
    PyObject *free = Py_BuildValue("(s)", "x");
    PyObject *fn = PyUnicode_FromString("f.py"), *nm = PyUnicode_FromString("withfree");
    PyObject *c = (PyObject *)PyUnstable_Code_New(0, 0, 1, 1, 0, code, consts, e, free, free, e, fn,
                                                  nm, nm, 3, eb, eb);
    Py_DECREF(code);
    Py_DECREF(e);
    Py_DECREF(eb);
    Py_DECREF(consts);
    Py_DECREF(free);
    Py_DECREF(fn);
    Py_DECREF(nm);
    return c;
}

static void func_watchers(void)
{
    PyObject *globals = Py_BuildValue("{s:s}", "__name__", "probe");
    PyObject *code = (PyObject *)PyCode_NewEmpty("probe_file.py", "probe_func", 5);
    PyObject *code2 = (PyObject *)PyCode_NewEmpty("probe_file.py", "other_code", 6);
    PyObject *early, *f, *x, *qn;
    int a, e, b, k, i, ids[9];

    printf("-- func: case 52 (created before registration)\n");
    early = PyFunction_New(code, globals);
    printf("-- func: case 46 (create)\n");
    a = PyFunction_AddWatcher(func_a);
    printf("A id: %d\n", a);
    f = PyFunction_New(code, globals);

    printf("-- func: case 47 (defaults)\n");
    x = Py_BuildValue("(ii)", 1, 2);
    show_int("SetDefaults((1, 2))", PyFunction_SetDefaults(f, x));
    show_int("SetDefaults(same tuple)", PyFunction_SetDefaults(f, x));
    Py_DECREF(x);
    show_int("SetDefaults(None)", PyFunction_SetDefaults(f, Py_None));
    x = Py_BuildValue("[i]", 1);
    show_int("SetDefaults([1])", PyFunction_SetDefaults(f, x));
    Py_DECREF(x);

    printf("-- func: case 48 (kwdefaults)\n");
    x = Py_BuildValue("{s:i}", "k", 3);
    show_int("SetKwDefaults({'k': 3})", PyFunction_SetKwDefaults(f, x));
    show_int("__kwdefaults__ = {...}", PyObject_SetAttrString(f, "__kwdefaults__", x));
    Py_DECREF(x);
    show_int("SetKwDefaults(None)", PyFunction_SetKwDefaults(f, Py_None));
    x = Py_BuildValue("[i]", 1);
    show_int("SetKwDefaults([1])", PyFunction_SetKwDefaults(f, x));
    Py_DECREF(x);
    show_int("__kwdefaults__ = None", PyObject_SetAttrString(f, "__kwdefaults__", Py_None));
    show_int("del __kwdefaults__", PyObject_DelAttrString(f, "__kwdefaults__"));
    x = PyLong_FromLong(5);
    show_int("__kwdefaults__ = 5", PyObject_SetAttrString(f, "__kwdefaults__", x));

    printf("-- func: case 49 (attribute forms)\n");
    {
        PyObject *t = Py_BuildValue("(i)", 7);
        show_int("__defaults__ = (7,)", PyObject_SetAttrString(f, "__defaults__", t));
        Py_DECREF(t);
    }
    show_int("del __defaults__", PyObject_DelAttrString(f, "__defaults__"));
    show_int("__defaults__ = 5", PyObject_SetAttrString(f, "__defaults__", x));

    printf("-- func: case 50 (code)\n");
    show_int("__code__ = other_code", PyObject_SetAttrString(f, "__code__", code2));
    show_int("__code__ = 5", PyObject_SetAttrString(f, "__code__", x));
    show_int("del __code__", PyObject_DelAttrString(f, "__code__"));
    Py_DECREF(x);
    x = code_with_freevar();
    if (x == NULL)
        show_exc("code with a free var");
    else
        show_int("__code__ = code with a free var", PyObject_SetAttrString(f, "__code__", x));
    Py_XDECREF(x);

    printf("-- func: case 51 (non-events)\n");
    qn = PyUnicode_FromString("renamed");
    show_int("__name__ = 'renamed'", PyObject_SetAttrString(f, "__name__", qn));
    show_int("__qualname__ = 'renamed'", PyObject_SetAttrString(f, "__qualname__", qn));
    show_int("__doc__ = 'renamed'", PyObject_SetAttrString(f, "__doc__", qn));
    Py_DECREF(qn);
    x = PyDict_New();
    show_int("SetAnnotations({})", PyFunction_SetAnnotations(f, x));
    Py_DECREF(x);
    show_int("SetClosure(None)", PyFunction_SetClosure(f, Py_None));

    printf("-- func: case 52 (destroy)\n");
    Py_DECREF(f);
    Py_DECREF(early);

    printf("-- func: case 53 (order, errors)\n");
    e = PyFunction_AddWatcher(func_err);
    b = PyFunction_AddWatcher(func_b);
    printf("ERR id: %d, B id: %d\n", e, b);
    f = PyFunction_New(code, globals);
    printf("returned: %s, pending: %s\n", f ? "object" : "NULL", PyErr_Occurred() ? "yes" : "no");
    x = Py_BuildValue("(i)", 4);
    show_int("SetDefaults((4,))", PyFunction_SetDefaults(f, x));
    Py_DECREF(x);
    show("defaults after", PyFunction_GetDefaults(f));
    Py_DECREF(f);
    printf("pending after DESTROY: %s\n", PyErr_Occurred() ? "yes" : "no");
    show_int("ClearWatcher(ERR)", PyFunction_ClearWatcher(e));
    show_int("ClearWatcher(B)", PyFunction_ClearWatcher(b));

    printf("-- func: case 54 (resurrection)\n");
    k = PyFunction_AddWatcher(func_keep);
    printf("KEEP id: %d\n", k);
    f = PyFunction_New(code, globals);
    Py_DECREF(f);
    printf("kept: %s\n", kept ? "yes" : "no");
    show_int("ClearWatcher(KEEP)", PyFunction_ClearWatcher(k));
    if (kept) {
        show_masked("kept object", kept);
        Py_CLEAR(kept);
    }

    printf("-- func: case 55 (errors)\n");
    show_int("ClearWatcher(-1)", PyFunction_ClearWatcher(-1));
    show_int("ClearWatcher(8)", PyFunction_ClearWatcher(8));
    show_int("ClearWatcher(7)", PyFunction_ClearWatcher(7));
    for (i = 0; i < 9; i++) {
        ids[i] = PyFunction_AddWatcher(func_silent);
        if (ids[i] < 0) {
            show_int("AddWatcher", ids[i]);
            break;
        }
        printf("AddWatcher: %d\n", ids[i]);
    }
    while (--i >= 0)
        PyFunction_ClearWatcher(ids[i]);
    show_int("ClearWatcher(A)", PyFunction_ClearWatcher(a));

    Py_DECREF(code);
    Py_DECREF(code2);
    Py_DECREF(globals);
}

int main(void)
{
    Py_Initialize();
    install_print_hook();
    code_watchers();
    func_watchers();
    return ctest_finish();
}
