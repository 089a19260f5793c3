/*
 * traceback.c -- tracebacks and detached frames (spec part B, issue 5;
 * tracing_frames.md §6.4-6.5): PyFrame_New and the frame accessors,
 * PyFrame_GetVar/GetVarString on a frame that has not run, PyCode_Addr2Line,
 * PyTraceBack_Here building a real chain on the raised exception, the
 * traceback type (members, tb_next rules, the constructor),
 * PyErr_Restore/PyException_SetTraceback with tracebacks, and how
 * PyErr_Print, PyErr_DisplayException, PyTraceBack_Print and the default
 * unraisable hook print tracebacks (source lines, repeated lines,
 * sys.tracebacklimit).
 */
#include "capture.h"

#include <frameobject.h>

static const char *SRC = "/tmp/ophis_traceback_probe.py";

/* A code object named `name` in `file` whose one instruction sits on line
   `line` (function code: RESUME 0; RETURN_CONST 0; no column data). */
static PyObject *mkcode(const char *file, const char *name, int line, const char **vars, int nvars,
                        int flags)
{
    PyObject *code = PyBytes_FromStringAndSize("\x97\x00\x79\x00", 4);
    PyObject *e = PyTuple_New(0), *eb = PyBytes_FromStringAndSize("", 0);
    PyObject *consts = PyTuple_Pack(1, Py_None);
    PyObject *vn = PyTuple_New(nvars);
    PyObject *fn = PyUnicode_FromString(file), *nm = PyUnicode_FromString(name);
    /* one entry, code 13 (line delta only), 2 code units, delta 0 */
    PyObject *lt = PyBytes_FromStringAndSize("\xe9\x00", 2);
    PyObject *c;
    for (int i = 0; i < nvars; i++)
        PyTuple_SET_ITEM(vn, i, PyUnicode_InternFromString(vars[i]));
    c = (PyObject *)PyUnstable_Code_New(0, 0, nvars, 1, flags, code, consts, e, vn, e, e, fn, nm, nm,
                                        line, lt, eb);
    Py_DECREF(code);
    Py_DECREF(e);
    Py_DECREF(eb);
    Py_DECREF(consts);
    Py_DECREF(vn);
    Py_DECREF(fn);
    Py_DECREF(nm);
    Py_DECREF(lt);
    return c;
}

static int func_events;
static int count_funcs(PyFunction_WatchEvent ev, PyFunctionObject *f, PyObject *nv)
{
    (void)f;
    (void)nv;
    printf("  function watcher: event %d\n", (int)ev);
    func_events++;
    return 0;
}

static void frames(PyObject *globals)
{
    const char *vars[] = {"a", "b"};
    PyObject *code = mkcode("probe_file.py", "probe_func", 7, vars, 2, CO_OPTIMIZED | CO_NEWLOCALS);
    PyObject *mcode = mkcode("probe_mod.py", "<module>", 0, NULL, 0, 0);
    PyObject *locals = Py_BuildValue("{s:i,s:i}", "a", 7, "other", 8);
    PyFrameObject *f, *m;
    PyObject *x;
    int w;

    printf("-- PyFrame_New\n");
    w = PyFunction_AddWatcher(count_funcs);
    f = PyFrame_New(PyThreadState_Get(), (PyCodeObject *)code, globals, locals);
    PyFunction_ClearWatcher(w);
    printf("function watcher events: %d\n", func_events);
    show_int("PyFrame_Check", PyFrame_Check((PyObject *)f));
    show_new("type", PyObject_Repr((PyObject *)Py_TYPE(f)));
    show_int("GetCode is the code", (x = (PyObject *)PyFrame_GetCode(f)) == code);
    Py_XDECREF(x);
    show_int("GetLineNumber", PyFrame_GetLineNumber(f));
    show_int("GetLasti", PyFrame_GetLasti(f));
    show("GetBack", (PyObject *)PyFrame_GetBack(f));
    show_int("GetGlobals is globals", (x = PyFrame_GetGlobals(f)) == globals);
    Py_XDECREF(x);
    x = PyFrame_GetBuiltins(f);
    show_int("GetBuiltins is a dict", x != NULL && PyDict_Check(x));
    show_int("GetBuiltins has ValueError", x != NULL && PyDict_GetItemString(x, "ValueError") != NULL);
    Py_XDECREF(x);
    show("GetGenerator", PyFrame_GetGenerator(f));
    x = PyFrame_GetLocals(f);
    show_int("GetLocals is the dict passed", x == locals);
    show("locals", x);
    Py_XDECREF(x);
    show_new("GetVar('a')", PyFrame_GetVar(f, (x = PyUnicode_FromString("a"))));
    Py_DECREF(x);
    show_new("GetVarString('other')", PyFrame_GetVarString(f, "other"));
    show_new("GetVar(5)", PyFrame_GetVar(f, (x = PyLong_FromLong(5))));
    Py_DECREF(x);
    show_new("f_lineno", PyObject_GetAttrString((PyObject *)f, "f_lineno"));
    show_int("f_code is the code", (x = PyObject_GetAttrString((PyObject *)f, "f_code")) == code);
    Py_XDECREF(x);
    show_new("f_back", PyObject_GetAttrString((PyObject *)f, "f_back"));
    show_new("f_lasti", PyObject_GetAttrString((PyObject *)f, "f_lasti"));
    show_new("f_locals", PyObject_GetAttrString((PyObject *)f, "f_locals"));

    m = PyFrame_New(PyThreadState_Get(), (PyCodeObject *)mcode, globals, NULL);
    show_int("module frame GetLineNumber", PyFrame_GetLineNumber(m));
    x = PyFrame_GetLocals(m);
    show("module frame GetLocals (NULL passed)", x);
    Py_XDECREF(x);
    Py_DECREF(m);
    m = PyFrame_New(PyThreadState_Get(), (PyCodeObject *)mcode, globals, globals);
    x = PyFrame_GetLocals(m);
    show_int("module frame GetLocals is globals", x == globals);
    Py_XDECREF(x);
    Py_DECREF(m);

    printf("-- PyEval_GetFrame and PyThreadState_GetFrame outside Python code\n");
    show("PyEval_GetFrame", (PyObject *)PyEval_GetFrame());
    show("PyThreadState_GetFrame", (PyObject *)PyThreadState_GetFrame(PyThreadState_Get()));

    printf("-- PyCode_Addr2Line\n");
    show_int("Addr2Line(code, 0)", PyCode_Addr2Line((PyCodeObject *)code, 0));
    show_int("Addr2Line(code, 2)", PyCode_Addr2Line((PyCodeObject *)code, 2));
    show_int("Addr2Line(code, 4)", PyCode_Addr2Line((PyCodeObject *)code, 4));
    show_int("Addr2Line(code, -1)", PyCode_Addr2Line((PyCodeObject *)code, -1));
    x = (PyObject *)PyCode_NewEmpty("e.py", "empty", 42);
    show_int("Addr2Line(NewEmpty, 0)", PyCode_Addr2Line((PyCodeObject *)x, 0));
    show_int("Addr2Line(NewEmpty, 4)", PyCode_Addr2Line((PyCodeObject *)x, 4));
    Py_DECREF(x);

    Py_DECREF(f);
    Py_DECREF(locals);
    Py_DECREF(code);
    Py_DECREF(mcode);
}

static PyFrameObject *frame_at(PyObject *globals, const char *file, const char *name, int line)
{
    PyObject *code = mkcode(file, name, line, NULL, 0, CO_OPTIMIZED | CO_NEWLOCALS);
    PyFrameObject *f = PyFrame_New(PyThreadState_Get(), (PyCodeObject *)code, globals, NULL);
    Py_DECREF(code);
    return f;
}

static void tracebacks(PyObject *globals)
{
    PyFrameObject *f1 = frame_at(globals, "probe_file.py", "outer", 3);
    PyFrameObject *f2 = frame_at(globals, SRC, "inner", 2);
    PyObject *exc, *tb, *tb2, *x, *args;
    int i;

    printf("-- PyTraceBack_Here\n");
    PyErr_SetString(PyExc_ValueError, "deep");
    i = PyTraceBack_Here(f2);
    printf("Here(f2): %d\n", i);
    i = PyTraceBack_Here(f1);
    printf("Here(f1): %d\n", i);
    exc = PyErr_GetRaisedException();
    tb = PyException_GetTraceback(exc);
    show_int("PyTraceBack_Check", PyTraceBack_Check(tb));
    show_new("type", PyObject_Repr((PyObject *)Py_TYPE(tb)));
    show_new("tb_lineno", PyObject_GetAttrString(tb, "tb_lineno"));
    show_new("tb_lasti", PyObject_GetAttrString(tb, "tb_lasti"));
    show_int("tb_frame is f1", (x = PyObject_GetAttrString(tb, "tb_frame")) == (PyObject *)f1);
    Py_XDECREF(x);
    tb2 = PyObject_GetAttrString(tb, "tb_next");
    show_int("tb_next.tb_frame is f2", (x = PyObject_GetAttrString(tb2, "tb_frame")) == (PyObject *)f2);
    Py_XDECREF(x);
    show_new("tb_next.tb_next", PyObject_GetAttrString(tb2, "tb_next"));
    show_int("((PyTracebackObject *)tb)->tb_lineno", ((PyTracebackObject *)tb)->tb_lineno);
    show_int("((PyTracebackObject *)tb)->tb_next == tb2", (PyObject *)((PyTracebackObject *)tb)->tb_next == tb2);

    printf("-- printing\n");
    PyErr_DisplayException(exc);
    written("PyErr_DisplayException");
    PyErr_SetRaisedException(Py_NewRef(exc));
    PyErr_Print();
    written("PyErr_Print");
    show_int("sys.last_traceback is tb", PySys_GetObject("last_traceback") == tb);
    show_int("PyTraceBack_Print", PyTraceBack_Print(tb, PySys_GetObject("stderr")));
    written("PyTraceBack_Print");
    PyErr_SetRaisedException(Py_NewRef(exc));
    PyErr_WriteUnraisable(Py_None);
    written("PyErr_WriteUnraisable");

    printf("-- tb_next rules\n");
    x = PyLong_FromLong(5);
    show_int("tb.tb_next = 5", PyObject_SetAttrString(tb, "tb_next", x));
    Py_DECREF(x);
    show_int("tb2.tb_next = tb (loop)", PyObject_SetAttrString(tb2, "tb_next", tb));
    show_int("del tb.tb_next", PyObject_DelAttrString(tb, "tb_next"));
    show_int("tb.tb_next = None", PyObject_SetAttrString(tb, "tb_next", Py_None));
    PyErr_DisplayException(exc);
    written("after cutting the chain");
    show_int("tb.tb_next = tb2", PyObject_SetAttrString(tb, "tb_next", tb2));
    x = PyLong_FromLong(9);
    show_int("tb.tb_lineno = 9", PyObject_SetAttrString(tb, "tb_lineno", x));
    Py_DECREF(x);

    printf("-- the constructor\n");
    args = Py_BuildValue("(OOii)", Py_None, (PyObject *)f1, 6, 11);
    x = PyObject_Call((PyObject *)&PyTraceBack_Type, args, NULL);
    Py_DECREF(args);
    show_new("TracebackType(None, f1, 6, 11).tb_lineno", x ? PyObject_GetAttrString(x, "tb_lineno") : NULL);
    Py_XDECREF(x);
    args = Py_BuildValue("(iOii)", 1, (PyObject *)f1, 6, 11);
    show_new("TracebackType(1, f1, 6, 11)", PyObject_Call((PyObject *)&PyTraceBack_Type, args, NULL));
    Py_DECREF(args);
    args = Py_BuildValue("(OOii)", Py_None, Py_None, 6, 11);
    show_new("TracebackType(None, None, 6, 11)", PyObject_Call((PyObject *)&PyTraceBack_Type, args, NULL));
    Py_DECREF(args);

    printf("-- Restore and SetTraceback\n");
    x = PyObject_CallFunction(PyExc_KeyError, "s", "k");
    PyErr_Restore(Py_NewRef(PyExc_KeyError), x, Py_NewRef(tb2));
    x = PyErr_GetRaisedException();
    show_int("Restore(tb2): __traceback__ is tb2", PyException_GetTraceback(x) == tb2);
    Py_DECREF(tb2); /* the GetTraceback reference */
    show_int("SetTraceback(tb)", PyException_SetTraceback(x, tb));
    show_int("SetTraceback(None)", PyException_SetTraceback(x, Py_None));
    show("GetTraceback after None", PyException_GetTraceback(x));
    Py_DECREF(x);

    printf("-- the traceback through the exception-state API\n");
    x = PyObject_CallFunction(PyExc_KeyError, "s", "held");
    PyErr_SetRaisedException(x);
    PyTraceBack_Here(f1);
    x = PyErr_GetRaisedException();
    tb2 = PyException_GetTraceback(x);
    PyErr_SetRaisedException(Py_NewRef(x));
    {
        PyObject *t, *v, *ftb, *y;
        PyErr_Fetch(&t, &v, &ftb);
        printf("Fetch: value is exc %d, tb is exc.__traceback__ %d\n", v == x, ftb == tb2);
        PyErr_Restore(t, v, ftb);
        y = PyErr_GetRaisedException();
        printf("Restore(t, v, tb) + GetRaised: same exc %d, same tb %d\n", y == x,
               PyException_GetTraceback(y) == tb2);
        Py_DECREF(tb2); /* the GetTraceback reference */
        PyErr_Restore(Py_NewRef((PyObject *)Py_TYPE(y)), y, NULL);
        y = PyErr_GetRaisedException();
        show("Restore(t, v, NULL): __traceback__", PyException_GetTraceback(y));
        PyException_SetTraceback(y, tb2);

        printf("-- the handled exception with a traceback\n");
        PyErr_SetHandledException(y);
        PyErr_GetExcInfo(&t, &v, &ftb);
        printf("GetExcInfo: value is h %d, tb is h.__traceback__ %d\n", v == y, ftb == tb2);
        Py_XDECREF(t);
        Py_XDECREF(v);
        Py_XDECREF(ftb);
        t = PyImport_ImportModule("sys");
        v = PyObject_CallMethod(t, "exception", NULL);
        printf("sys.exception() is h: %d\n", v == y);
        Py_XDECREF(v);
        v = PyObject_CallMethod(t, "exc_info", NULL);
        printf("sys.exc_info() is (type(h), h, tb): %d\n",
               v && PyTuple_GET_ITEM(v, 0) == (PyObject *)Py_TYPE(y) && PyTuple_GET_ITEM(v, 1) == y &&
                   PyTuple_GET_ITEM(v, 2) == tb2);
        Py_XDECREF(v);
        PyErr_SetHandledException(NULL);
        show_new("sys.exception() with nothing handled", PyObject_CallMethod(t, "exception", NULL));
        show_new("sys.exc_info() with nothing handled", PyObject_CallMethod(t, "exc_info", NULL));
        Py_DECREF(t);
        Py_DECREF(y);
    }
    Py_DECREF(x);
    Py_DECREF(tb2);

    printf("-- unraisable: a module-qualified exception with a traceback\n");
    {
        PyObject *cls = PyErr_NewException("pkg.mod.Err", NULL, NULL);
        PyErr_SetString(cls, "mine");
        PyTraceBack_Here(f1);
        PyErr_WriteUnraisable(cls);
        written("WriteUnraisable(pkg.mod.Err)");
        Py_DECREF(cls);
    }

    printf("-- repeated lines and sys.tracebacklimit\n");
    PyErr_SetString(PyExc_RecursionError, "again");
    for (i = 0; i < 6; i++)
        PyTraceBack_Here(f1);
    PyTraceBack_Here(f2);
    x = PyErr_GetRaisedException();
    PyErr_DisplayException(x);
    written("six times the same line");
    PySys_SetObject("tracebacklimit", (tb2 = PyLong_FromLong(2)));
    Py_DECREF(tb2);
    PyErr_DisplayException(x);
    written("tracebacklimit 2");
    PySys_SetObject("tracebacklimit", (tb2 = PyLong_FromLong(0)));
    Py_DECREF(tb2);
    PyErr_DisplayException(x);
    written("tracebacklimit 0");
    PySys_SetObject("tracebacklimit", NULL);
    Py_DECREF(x);

    printf("-- errors\n");
    PyErr_SetString(PyExc_ValueError, "x");
    show_int("PyTraceBack_Print(5, stderr)", PyTraceBack_Print((x = PyLong_FromLong(5)), PySys_GetObject("stderr")));
    Py_DECREF(x);
    PyErr_Clear();
    show_int("PyTraceBack_Print(NULL, stderr)", PyTraceBack_Print(NULL, PySys_GetObject("stderr")));
    written("  written");

    Py_DECREF(tb);
    Py_DECREF(exc);
    Py_DECREF(f1);
    Py_DECREF(f2);
}

int main(void)
{
    PyObject *globals;
    FILE *src = fopen(SRC, "w");
    if (src) {
        fputs("# probe source\n    raise ValueError('deep')   \n", src);
        fclose(src);
    }

    Py_Initialize();
    capture_begin();
    globals = Py_BuildValue("{s:s}", "__name__", "probe");

    frames(globals);
    tracebacks(globals);

    Py_DECREF(globals);
    capture_end();
    remove(SRC);
    return ctest_finish();
}
