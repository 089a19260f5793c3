/*
 * exc_state.c -- the exception state of spec part B: raising and clearing,
 * normalization (and its failure note), the single-object API and the
 * legacy triple, matching, the handled exception and implicit chaining
 * with cycle cutting, the context/cause/args/traceback accessors, and
 * _PyErr_ChainExceptions1.
 */
#include "ctest.h"

#define RC(o) ((long long)Py_REFCNT(o))

static PyObject *VE(const char *msg)
{
    return PyObject_CallFunction(PyExc_ValueError, "s", msg);
}

/* "label: repr(exc) ctx=<repr> cause=<repr> notes=<repr>" of the pending
   exception, which it consumes. */
static void show_raised(const char *label)
{
    PyObject *e = PyErr_GetRaisedException(), *c, *n;
    printf("%s: ", label);
    if (e == NULL) {
        puts("nothing raised");
        return;
    }
    PyObject *r = PyObject_Repr(e);
    ctest_write_str(r);
    Py_XDECREF(r);
    c = PyException_GetContext(e);
    if (c != NULL) {
        fputs(" ctx=", stdout);
        r = PyObject_Repr(c);
        ctest_write_str(r);
        Py_XDECREF(r);
        Py_DECREF(c);
    }
    n = PyObject_GetAttrString(e, "__notes__");
    if (n != NULL) {
        fputs(" notes=", stdout);
        r = PyObject_Repr(n);
        ctest_write_str(r);
        Py_XDECREF(r);
        Py_DECREF(n);
    }
    else {
        PyErr_Clear();
    }
    fputc('\n', stdout);
    Py_DECREF(e);
}

static void show_ctx(const char *label, PyObject *e)
{
    PyObject *c = PyException_GetContext(e);
    show_new(label, c);
}

static void raising(void)
{
    PyObject *e, *inst, *t;

    printf("fresh Occurred: %s\n", PyErr_Occurred() ? "set" : "NULL");
    show("fresh GetRaised", PyErr_GetRaisedException());

    PyErr_SetString(PyExc_ValueError, "h\xc3\xa9llo");
    printf("Occurred is ValueError: %d\n", PyErr_Occurred() == PyExc_ValueError);
    e = PyErr_GetRaisedException();
    show("GetRaised", e);
    printf("Occurred after Get: %s\n", PyErr_Occurred() ? "set" : "NULL");
    show_new("args", PyException_GetArgs(e));
    show("GetTraceback", PyException_GetTraceback(e));
    show_new("__traceback__", PyObject_GetAttrString(e, "__traceback__"));
    Py_DECREF(e);

    PyErr_SetNone(PyExc_KeyError);
    show_raised("SetNone(KeyError)");
    PyErr_SetObject(PyExc_ValueError, NULL);
    show_raised("SetObject(VE, NULL)");
    PyErr_SetObject(PyExc_ValueError, t = Py_BuildValue("(ii)", 1, 2));
    Py_DECREF(t);
    show_raised("SetObject(VE, (1, 2))");
    PyErr_SetObject(PyExc_ValueError, Py_None);
    show_raised("SetObject(VE, None)");
    inst = VE("x");
    PyErr_SetObject(PyExc_Exception, inst);
    e = PyErr_GetRaisedException();
    printf("SetObject(Exception, VE('x')) keeps the instance: %d\n", e == inst);
    Py_DECREF(e);
    PyErr_SetObject(PyExc_KeyError, inst);
    show_raised("SetObject(KeyError, VE('x'))");
    Py_DECREF(inst);
    t = PyLong_FromLong(5);
    PyErr_SetObject(t, NULL);
    show_raised("SetObject(5, NULL)");
    Py_DECREF(t);
    PyErr_SetObject(PyExc_UnicodeDecodeError, t = PyUnicode_FromString("x"));
    Py_DECREF(t);
    show_raised("SetObject(UnicodeDecodeError, 'x')");
    show("Format returns", PyErr_Format(PyExc_RuntimeError, "%d|%s|%R|%S|%zd|%c|%x|%U", 42,
                                        "str", Py_None, Py_True, (Py_ssize_t)-7, 'Z', 255,
                                        t = PyUnicode_FromString("uni")));
    Py_DECREF(t);
    show_raised("Format");
    PyErr_SetString(PyExc_TypeError, "gone");
    PyErr_Clear();
    show_raised("after Clear");

    inst = VE("stolen");
    long long before = RC(inst);
    Py_INCREF(inst);
    PyErr_SetRaisedException(inst);
    printf("SetRaisedException refcount delta: %lld\n", RC(inst) - before - 1);
    e = PyErr_GetRaisedException();
    printf("GetRaised returns the same object: %d\n", e == inst);
    Py_DECREF(e);
    PyErr_SetRaisedException(VE("dropped"));
    PyErr_SetRaisedException(NULL);
    show_raised("SetRaisedException(NULL)");
    Py_DECREF(inst);

    inst = PyObject_CallFunction(PyExc_FileNotFoundError, "is", 2, "nofile");
    PyErr_SetRaisedException(inst);
    printf("Occurred is FileNotFoundError: %d\n", PyErr_Occurred() == PyExc_FileNotFoundError);
    printf("ExceptionMatches(OSError): %d\n", PyErr_ExceptionMatches(PyExc_OSError));
    t = PyTuple_Pack(2, PyExc_KeyError, PyExc_OSError);
    printf("ExceptionMatches((KeyError, OSError)): %d\n", PyErr_ExceptionMatches(t));
    Py_DECREF(t);
    printf("ExceptionMatches(KeyError): %d\n", PyErr_ExceptionMatches(PyExc_KeyError));
    show_raised("FileNotFoundError");
    show_int("ExceptionMatches with nothing set", PyErr_ExceptionMatches(PyExc_Exception));
}

static PyObject *bad_new(PyTypeObject *t, PyObject *a, PyObject *k)
{
    return PyLong_FromLong(5);
}

static PyType_Slot badnew_slots[] = {{Py_tp_new, bad_new}, {0, NULL}};
static PyType_Spec badnew_spec = {"probe.BadNew", 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
                                  badnew_slots};

static void legacy(void)
{
    PyObject *t, *v, *tb, *inst, *bases, *BadNew;

    PyErr_Fetch(&t, &v, &tb);
    printf("Fetch(empty): %s %s %s\n", t ? "t" : "NULL", v ? "v" : "NULL", tb ? "tb" : "NULL");
    PyErr_SetString(PyExc_KeyError, "k");
    PyErr_Fetch(&t, &v, &tb);
    show("Fetch type", t);
    show("Fetch value", v);
    show("Fetch tb", tb);
    printf("Occurred after Fetch: %s\n", PyErr_Occurred() ? "set" : "NULL");
    PyErr_Restore(t, v, tb);
    show_raised("Restore round-trip");

    PyErr_Restore(Py_NewRef(PyExc_ValueError), PyUnicode_FromString("lazy"), NULL);
    printf("Occurred right after Restore(VE, 'lazy') is ValueError: %d\n",
           PyErr_Occurred() == PyExc_ValueError);
    show_raised("Restore(VE, 'lazy')");
    PyErr_Restore(Py_NewRef(PyExc_ValueError), Py_BuildValue("(ii)", 1, 2), NULL);
    show_raised("Restore(VE, (1, 2))");
    PyErr_Restore(Py_NewRef(PyExc_ValueError), Py_NewRef(Py_None), NULL);
    show_raised("Restore(VE, None)");
    PyErr_Restore(Py_NewRef(PyExc_Exception), VE("sub"), NULL);
    show_raised("Restore(Exception, VE('sub'))");
    PyErr_Restore(Py_NewRef(PyExc_ValueError), VE("tb"), PyLong_FromLong(3));
    show_raised("Restore(VE, VE('tb'), 3)");
    PyErr_Restore(Py_NewRef(PyExc_ValueError), VE("tb"), Py_NewRef(Py_None));
    v = PyErr_GetRaisedException();
    show("Restore(..., None) then GetTraceback", PyException_GetTraceback(v));
    Py_DECREF(v);
    PyErr_SetString(PyExc_TypeError, "pending");
    PyErr_Restore(NULL, NULL, NULL);
    show_raised("Restore(NULL, NULL, NULL)");
    PyErr_Restore(Py_NewRef(PyExc_UnicodeDecodeError), PyUnicode_FromString("x"), NULL);
    show_raised("Restore(UnicodeDecodeError, 'x')");

    bases = PyTuple_Pack(1, PyExc_Exception);
    BadNew = PyType_FromSpecWithBases(&badnew_spec, bases);
    Py_DECREF(bases);
    PyErr_SetObject(BadNew, NULL);
    show_raised("SetObject(BadNew, NULL)");
    Py_DECREF(BadNew);

    /* NormalizeException, five shapes */
    t = NULL;
    v = NULL;
    tb = NULL;
    PyErr_NormalizeException(&t, &v, &tb);
    printf("Normalize(NULL): %s\n", t == NULL && v == NULL ? "unchanged" : "changed");
    inst = VE("kept");
    t = Py_NewRef(PyExc_ValueError);
    v = Py_NewRef(inst);
    PyErr_NormalizeException(&t, &v, &tb);
    printf("Normalize(VE, VE inst): kept=%d\n", v == inst);
    show("  type", t);
    Py_DECREF(t);
    Py_DECREF(v);
    t = Py_NewRef(PyExc_Exception);
    v = Py_NewRef(inst);
    PyErr_NormalizeException(&t, &v, &tb);
    printf("Normalize(Exception, VE inst): kept=%d\n", v == inst);
    show("  type", t);
    Py_DECREF(t);
    Py_DECREF(v);
    Py_DECREF(inst);
    t = Py_NewRef(PyExc_ValueError);
    v = PyUnicode_FromString("x");
    PyErr_NormalizeException(&t, &v, &tb);
    show("Normalize(VE, 'x') value", v);
    Py_DECREF(t);
    Py_DECREF(v);
    t = Py_NewRef(PyExc_ValueError);
    v = NULL;
    PyErr_NormalizeException(&t, &v, &tb);
    show("Normalize(VE, NULL) value", v);
    Py_DECREF(t);
    Py_XDECREF(v);
    t = Py_NewRef(PyExc_UnicodeDecodeError);
    v = PyUnicode_FromString("x");
    PyErr_NormalizeException(&t, &v, &tb);
    show("Normalize(UDE, 'x') type", t);
    show("Normalize(UDE, 'x') value", v);
    printf("Occurred after failed Normalize: %s\n", PyErr_Occurred() ? "set" : "NULL");
    PyErr_Clear();
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);

    inst = VE("tb");
    show_int("SetTraceback(e, 5)", PyException_SetTraceback(inst, v = PyLong_FromLong(5)));
    Py_DECREF(v);
    show_int("SetTraceback(e, None)", PyException_SetTraceback(inst, Py_None));
    Py_DECREF(inst);
}

static void matching(void)
{
    PyObject *inst = VE("m");
    PyObject *nested = Py_BuildValue("(O(OO))", PyExc_KeyError, PyExc_TypeError, PyExc_ValueError);
    struct {
        const char *label;
        PyObject *given, *exc;
    } cases[] = {
        {"GEM(NULL, VE)", NULL, PyExc_ValueError},
        {"GEM(VE, NULL)", PyExc_ValueError, NULL},
        {"GEM(VE, VE)", PyExc_ValueError, PyExc_ValueError},
        {"GEM(VE, Exception)", PyExc_ValueError, PyExc_Exception},
        {"GEM(Exception, VE)", PyExc_Exception, PyExc_ValueError},
        {"GEM(VE inst, VE)", inst, PyExc_ValueError},
        {"GEM(VE, (KeyError, (TypeError, VE)))", PyExc_ValueError, nested},
        {"GEM(int, int)", (PyObject *)&PyLong_Type, (PyObject *)&PyLong_Type},
        {"GEM(bool, int)", (PyObject *)&PyBool_Type, (PyObject *)&PyLong_Type},
        {"GEM(VE, VE inst)", PyExc_ValueError, inst},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        show_int(cases[i].label, PyErr_GivenExceptionMatches(cases[i].given, cases[i].exc));
    Py_DECREF(nested);
    Py_DECREF(inst);
}

static void handled(void)
{
    PyObject *h = VE("handled"), *x, *t, *v, *tb, *a, *b, *c, *d, *e;
    long long before;

    show("GetHandled initially", PyErr_GetHandledException());
    before = RC(h);
    PyErr_SetHandledException(h);
    show_int("SetHandled refcount delta", RC(h) - before);
    x = PyErr_GetHandledException();
    printf("GetHandled is h: %d\n", x == h);
    Py_XDECREF(x);
    PyErr_GetExcInfo(&t, &v, &tb);
    show("GetExcInfo type", t);
    printf("GetExcInfo value is h: %d\n", v == h);
    show("GetExcInfo tb", tb);
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);

    PyErr_SetString(PyExc_KeyError, "while handled");
    show_raised("SetString while handled");
    PyErr_Format(PyExc_TypeError, "fmt %d", 1);
    show_raised("Format while handled");
    PyErr_SetRaisedException(VE("raw"));
    show_raised("SetRaisedException while handled");
    PyErr_Restore(Py_NewRef(PyExc_ValueError), PyUnicode_FromString("restored"), NULL);
    show_raised("Restore while handled");

    /* re-raising the handled exception itself */
    PyErr_SetObject(PyExc_ValueError, h);
    x = PyErr_GetRaisedException();
    printf("re-raise h is h: %d\n", x == h);
    show_ctx("  h.__context__", h);
    Py_DECREF(x);

    /* cycle cut: handled A with A.ctx = B; raise B */
    a = VE("A");
    b = VE("B");
    PyException_SetContext(a, Py_NewRef(b));
    PyErr_SetHandledException(a);
    PyErr_SetObject(PyExc_ValueError, b);
    PyErr_Clear();
    show_ctx("cut: B.__context__", b);
    show_ctx("cut: A.__context__", a);

    /* existing cycle C <-> D handled; raise X */
    c = VE("C");
    d = VE("D");
    PyException_SetContext(c, Py_NewRef(d));
    PyException_SetContext(d, Py_NewRef(c));
    PyErr_SetHandledException(c);
    PyErr_SetString(PyExc_KeyError, "X");
    x = PyErr_GetRaisedException();
    show_ctx("cycle: X.__context__", x);
    show_ctx("cycle: C.__context__", c);
    show_ctx("cycle: D.__context__", d);
    Py_DECREF(x);
    PyException_SetContext(c, NULL);
    PyException_SetContext(d, NULL);

    /* self-cycle */
    e = VE("E");
    PyException_SetContext(e, Py_NewRef(e));
    PyErr_SetHandledException(e);
    PyErr_SetString(PyExc_KeyError, "Y");
    x = PyErr_GetRaisedException();
    show_ctx("self-cycle: Y.__context__", x);
    show_ctx("self-cycle: E.__context__", e);
    Py_DECREF(x);
    PyException_SetContext(e, NULL);

    before = RC(h);
    PyErr_SetHandledException(h);
    PyErr_SetHandledException(Py_None);
    show("SetHandled(None) clears", PyErr_GetHandledException());
    PyErr_SetHandledException(h);
    PyErr_SetHandledException(NULL);
    show("SetHandled(NULL) clears", PyErr_GetHandledException());
    show_int("refcount balanced", RC(h) - before);
    PyErr_GetExcInfo(&t, &v, &tb);
    show("GetExcInfo(nothing) type", t);
    show("GetExcInfo(nothing) value", v);
    show("GetExcInfo(nothing) tb", tb);
    Py_XDECREF(t);
    Py_XDECREF(tb);

    PyErr_SetExcInfo(Py_NewRef(PyExc_TypeError), Py_NewRef(h), NULL);
    x = PyErr_GetHandledException();
    printf("SetExcInfo(TypeError, h, NULL) handles h: %d\n", x == h);
    Py_XDECREF(x);
    PyErr_SetExcInfo(NULL, NULL, NULL);
    show("SetExcInfo(NULL...) clears", PyErr_GetHandledException());

    Py_DECREF(a);
    Py_DECREF(b);
    Py_DECREF(c);
    Py_DECREF(d);
    Py_DECREF(e);
    Py_DECREF(h);
}

static void accessors(void)
{
    PyObject *e = VE("acc"), *c = VE("ctx"), *x, *l;
    long long before;

    show("GetContext initially", PyException_GetContext(e));
    show("GetCause initially", PyException_GetCause(e));
    show_new("__suppress_context__ initially", PyObject_GetAttrString(e, "__suppress_context__"));
    before = RC(c);
    PyException_SetContext(e, Py_NewRef(c));
    show_int("SetContext steals (delta)", RC(c) - before - 1);
    x = PyException_GetContext(e);
    show_int("GetContext new ref (delta)", RC(c) - before - 2);
    Py_DECREF(x);
    PyException_SetCause(e, NULL);
    show_new("SetCause(NULL): __suppress_context__", PyObject_GetAttrString(e, "__suppress_context__"));
    before = RC(c);
    PyException_SetCause(e, Py_NewRef(c));
    show_int("SetCause steals (delta)", RC(c) - before - 1);
    show_new("GetCause", PyException_GetCause(e));
    PyException_SetContext(e, PyLong_FromLong(5));
    show_new("SetContext(e, 5): GetContext", PyException_GetContext(e));
    PyException_SetContext(e, NULL);
    show("SetContext(NULL) clears", PyException_GetContext(e));

    x = PyException_GetArgs(e);
    show("GetArgs", x);
    Py_DECREF(x);
    x = Py_BuildValue("(ss)", "a", "b");
    before = RC(x);
    PyException_SetArgs(e, x);
    show_int("SetArgs borrows (delta)", RC(x) - before);
    show_str_new("str after SetArgs", PyObject_Str(e));
    Py_DECREF(x);
    l = Py_BuildValue("[s]", "in a list");
    PyException_SetArgs(e, l);
    show_new("GetArgs after SetArgs(list)", PyException_GetArgs(e));
    Py_DECREF(l);
    Py_DECREF(e);
    Py_DECREF(c);
}

static void chain1(void)
{
    PyObject *x, *y, *r;
    _PyErr_ChainExceptions1(NULL);
    show_raised("Chain1(NULL)");
    _PyErr_ChainExceptions1(VE("first"));
    show_raised("Chain1 with nothing set");
    x = VE("X");
    y = VE("cleanup"); /* made first: calling with X pending would fail */
    PyErr_SetRaisedException(Py_NewRef(x));
    _PyErr_ChainExceptions1(y);
    r = PyErr_GetRaisedException();
    printf("Chain1: X stays current: %d\n", r == x);
    show_ctx("Chain1: X.__context__", x);
    Py_DECREF(r);
    y = VE("Y");
    PyException_SetContext(y, Py_NewRef(x));
    PyErr_SetRaisedException(Py_NewRef(x));
    _PyErr_ChainExceptions1(Py_NewRef(y));
    PyErr_Clear();
    show_ctx("pre-linked: X.__context__", x);
    show_ctx("pre-linked: Y.__context__", y);
    PyException_SetContext(x, NULL);
    PyException_SetContext(y, NULL);
    Py_DECREF(x);
    Py_DECREF(y);
}

int main(void)
{
    Py_Initialize();
    raising();
    legacy();
    matching();
    handled();
    accessors();
    chain1();
    return ctest_finish();
}
