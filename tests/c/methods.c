/*
 * methods.c -- methods of heap types made with PyType_FromSpec
 * (Py_tp_methods), called without the vectorcall entry points: through
 * the bound method (PyObject_GetAttrString + PyObject_Call/CallObject),
 * through PyObject_CallMethod, and through the unbound method descriptor
 * taken from the type (self as the first argument).
 *
 * Every ml_flags convention: METH_NOARGS, METH_O, METH_VARARGS,
 * METH_VARARGS|METH_KEYWORDS, METH_FASTCALL, METH_FASTCALL|METH_KEYWORDS,
 * METH_METHOD|METH_FASTCALL|METH_KEYWORDS, METH_CLASS, METH_STATIC and
 * METH_COEXIST; the argument-count and keyword errors with CPython's
 * messages; descriptors called without self or with a self of the wrong
 * type; a method returning NULL without an exception; the kinds of the
 * callable objects and their __name__/__qualname__/__doc__/
 * __text_signature__/__self__; a subclass from PyType_FromSpecWithBases;
 * bad PyMethodDef flags at type creation.
 *
 * Each C method returns a tuple describing what it received, so the
 * output shows the self, the arguments, the kwnames and the defining class
 * the callee sees.  Instances repr as "<mod.T 5>" (no address).
 *
 * Left out on purpose:
 *  - NULL returned without an exception through PyObject_Call(f, args,
 *    NULL) on a vectorcall-capable callable: CPython 3.12 does not check
 *    the result there (spec calls_exc_dict.md surprise 1 / decision F.1),
 *    so only the paths that CPython checks are used;
 *  - an empty keyword dict passed with PyObject_Call to a bound
 *    METH_VARARGS|METH_KEYWORDS method: CPython hands the empty dict over
 *    as is, while the descriptor path gives NULL (an accident of
 *    cfunction_call, both allowed by the docs);
 *  - a METH_CLASS entry with bad call flags (CPython accepts the type and
 *    fails only when the attribute is read) and the attributes of the
 *    staticmethod object made by PyType_FromSpec (no __name__, the
 *    staticmethod class's __doc__): accidents of 3.12.
 *  The SystemError messages name repr(callable), which for a bound method
 *  contains the address of self: hex addresses are masked as "0x?".
 */
#include "ctest.h"

#include <ctype.h>

#define T(tp) ((PyObject *)(tp))
#define RC(o) ((long long)Py_REFCNT(o))

/* ---- output helpers -------------------------------------------------- */

static void show_bool(const char *label, int v)
{
    printf("%s: %d\n", label, v ? 1 : 0);
}

/* Write s with every "0x<hex digits>" replaced by "0x?". */
static void write_masked(const char *s)
{
    while (*s) {
        if (s[0] == '0' && s[1] == 'x' && isxdigit((unsigned char)s[2])) {
            fputs("0x?", stdout);
            s += 2;
            while (isxdigit((unsigned char)*s))
                s++;
        }
        else {
            putchar(*s++);
        }
    }
}

/* Like show_new(), but hex addresses in an exception message are masked. */
static void show_masked_new(const char *label, PyObject *r)
{
    PyObject *exc, *name, *msg;
    if (r != NULL || PyErr_Occurred() == NULL) {
        show_new(label, r);
        return;
    }
    exc = PyErr_GetRaisedException();
    printf("%s: NULL, ", label);
    name = PyType_GetName(Py_TYPE(exc));
    ctest_write_str(name);
    Py_XDECREF(name);
    fputs(": ", stdout);
    msg = PyObject_Str(exc);
    write_masked(msg ? PyUnicode_AsUTF8(msg) : "<str() failed>");
    putchar('\n');
    Py_XDECREF(msg);
    Py_DECREF(exc);
}

/* "label: <tp_name of type(o)>" (o is a new reference, released) */
static void show_kind_new(const char *label, PyObject *o)
{
    if (o == NULL) {
        show(label, NULL);
        return;
    }
    printf("%s: %s\n", label, Py_TYPE(o)->tp_name);
    Py_DECREF(o);
}

static void show_attr(const char *label, PyObject *o, const char *name)
{
    char l2[160];
    snprintf(l2, sizeof l2, "%s.%s", label, name);
    show_new(l2, PyObject_GetAttrString(o, name));
}

/* Call with a tuple built by Py_BuildValue and an optional keyword dict. */
static PyObject *call_bv(PyObject *f, PyObject *args, PyObject *kw)
{
    PyObject *r = PyObject_Call(f, args, kw);
    Py_DECREF(args);
    Py_XDECREF(kw);
    return r;
}

/* PyObject_CallObject with a tuple built by Py_BuildValue (released) */
static PyObject *callobj_bv(PyObject *f, PyObject *args)
{
    PyObject *r = PyObject_CallObject(f, args);
    Py_DECREF(args);
    return r;
}

static PyObject *attr(PyObject *o, const char *name)
{
    PyObject *r = PyObject_GetAttrString(o, name);
    CHECK(r != NULL);
    return r;
}

/* ---- the type ------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    long value;
} TObject;

static PyObject *t_new(PyTypeObject *tp, PyObject *args, PyObject *kw)
{
    TObject *self = (TObject *)tp->tp_alloc(tp, 0);
    if (self == NULL)
        return NULL;
    self->value = 0;
    if (PyTuple_GET_SIZE(args) > 0) {
        self->value = PyLong_AsLong(PyTuple_GET_ITEM(args, 0));
        if (self->value == -1 && PyErr_Occurred()) {
            Py_DECREF(self);
            return NULL;
        }
    }
    return (PyObject *)self;
}

static PyObject *t_repr(PyObject *op)
{
    return PyUnicode_FromFormat("<%s %ld>", Py_TYPE(op)->tp_name, ((TObject *)op)->value);
}

static PyObject *t_str(PyObject *op)
{
    return PyUnicode_FromFormat("tp_str(%ld)", ((TObject *)op)->value);
}

/* self as the callee sees it: the object, or the string 'self=NULL' */
static PyObject *who(PyObject *self)
{
    return self ? Py_NewRef(self) : PyUnicode_FromString("self=NULL");
}

static PyObject *tuple_of(PyObject *const *a, Py_ssize_t n)
{
    PyObject *t = PyTuple_New(n);
    Py_ssize_t i;
    if (t == NULL)
        return NULL;
    for (i = 0; i < n; i++)
        PyTuple_SET_ITEM(t, i, Py_NewRef(a[i]));
    return t;
}

static PyObject *m_noargs(PyObject *self, PyObject *unused)
{
    return Py_BuildValue("(sNs)", "noargs", who(self), unused ? "arg!=NULL" : "arg=NULL");
}

static PyObject *m_o(PyObject *self, PyObject *arg)
{
    return Py_BuildValue("(sNO)", "o", who(self), arg);
}

static PyObject *m_varargs(PyObject *self, PyObject *args)
{
    return Py_BuildValue("(sNO)", "varargs", who(self), args);
}

static PyObject *m_varkw(PyObject *self, PyObject *args, PyObject *kw)
{
    return Py_BuildValue("(sNON)", "varkw", who(self), args,
                         kw ? Py_NewRef(kw) : PyUnicode_FromString("kw=NULL"));
}

static PyObject *m_fast(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    return Py_BuildValue("(sNnN)", "fast", who(self), nargs, tuple_of(args, nargs));
}

static PyObject *m_fastkw(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                          PyObject *kwnames)
{
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    return Py_BuildValue("(sNnNNN)", "fastkw", who(self), nargs, tuple_of(args, nargs),
                         kwnames ? Py_NewRef(kwnames) : PyUnicode_FromString("kwnames=NULL"),
                         tuple_of(args + nargs, nkw));
}

static PyObject *m_meth(PyObject *self, PyTypeObject *cls, PyObject *const *args, size_t nargs,
                        PyObject *kwnames)
{
    Py_ssize_t n = (Py_ssize_t)(nargs & ~PY_VECTORCALL_ARGUMENTS_OFFSET);
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    return Py_BuildValue("(sNNNNNN)", "meth", who(self),
                         cls ? PyType_GetName(cls) : PyUnicode_FromString("cls=NULL"),
                         PyLong_FromSize_t(nargs), tuple_of(args, n),
                         kwnames ? Py_NewRef(kwnames) : PyUnicode_FromString("kwnames=NULL"),
                         tuple_of(args + n, nkw));
}

static PyObject *m_cm_noargs(PyObject *cls, PyObject *unused)
{
    return Py_BuildValue("(sNs)", "cm_noargs", who(cls), unused ? "arg!=NULL" : "arg=NULL");
}

static PyObject *m_cm_varargs(PyObject *cls, PyObject *args)
{
    return Py_BuildValue("(sNO)", "cm_varargs", who(cls), args);
}

static PyObject *m_cm_fastkw(PyObject *cls, PyObject *const *args, Py_ssize_t nargs,
                             PyObject *kwnames)
{
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    return Py_BuildValue("(sNNNN)", "cm_fastkw", who(cls), tuple_of(args, nargs),
                         kwnames ? Py_NewRef(kwnames) : PyUnicode_FromString("kwnames=NULL"),
                         tuple_of(args + nargs, nkw));
}

static PyObject *m_sm_varargs(PyObject *self, PyObject *args)
{
    return Py_BuildValue("(sNO)", "sm_varargs", who(self), args);
}

static PyObject *m_sm_o(PyObject *self, PyObject *arg)
{
    return Py_BuildValue("(sNO)", "sm_o", who(self), arg);
}

static PyObject *m_sm_fast(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    return Py_BuildValue("(sNN)", "sm_fast", who(self), tuple_of(args, nargs));
}

static PyObject *m_coexist_repr(PyObject *self, PyObject *unused)
{
    return PyUnicode_FromFormat("METH_COEXIST __repr__(%ld)", ((TObject *)self)->value);
}

static PyObject *m_plain_str(PyObject *self, PyObject *unused)
{
    return PyUnicode_FromFormat("plain __str__ method(%ld)", ((TObject *)self)->value);
}

static PyObject *m_value(PyObject *self, PyObject *unused)
{
    return PyLong_FromLong(((TObject *)self)->value);
}

static PyObject *m_badnull(PyObject *self, PyObject *unused)
{
    return NULL; /* no exception set: a bug in the method */
}

static PyObject *m_badnull_va(PyObject *self, PyObject *args)
{
    return NULL;
}

static PyObject *m_badnull_kw(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                              PyObject *kwnames)
{
    return NULL;
}

static PyObject *m_raises(PyObject *self, PyObject *arg)
{
    PyErr_Format(PyExc_ValueError, "raises got %R", arg);
    return NULL;
}

static PyMethodDef t_methods[] = {
    {"noargs", m_noargs, METH_NOARGS, "Plain doc without a signature."},
    {"o", m_o, METH_O, "o($self, x, /)\n--\n\nTake exactly one argument."},
    {"varargs", m_varargs, METH_VARARGS, NULL},
    {"varkw", (PyCFunction)(void (*)(void))m_varkw, METH_VARARGS | METH_KEYWORDS,
     "varkw($self, /, *args, **kwargs)\n--\n\nVarargs and keywords."},
    {"fast", (PyCFunction)(void (*)(void))m_fast, METH_FASTCALL, "fast doc"},
    {"fastkw", (PyCFunction)(void (*)(void))m_fastkw, METH_FASTCALL | METH_KEYWORDS, NULL},
    {"meth", (PyCFunction)(void (*)(void))m_meth, METH_METHOD | METH_FASTCALL | METH_KEYWORDS,
     NULL},
    {"cm_noargs", m_cm_noargs, METH_CLASS | METH_NOARGS,
     "cm_noargs($type, /)\n--\n\nA class method."},
    {"cm_varargs", m_cm_varargs, METH_CLASS | METH_VARARGS, NULL},
    {"cm_fastkw", (PyCFunction)(void (*)(void))m_cm_fastkw,
     METH_CLASS | METH_FASTCALL | METH_KEYWORDS, NULL},
    {"sm_varargs", m_sm_varargs, METH_STATIC | METH_VARARGS, NULL},
    {"sm_o", m_sm_o, METH_STATIC | METH_O, "sm_o(x, /)\n--\n\nA static method."},
    {"sm_fast", (PyCFunction)(void (*)(void))m_sm_fast, METH_STATIC | METH_FASTCALL, NULL},
    {"sm_null", m_badnull, METH_STATIC | METH_NOARGS, NULL},
    {"__repr__", m_coexist_repr, METH_NOARGS | METH_COEXIST, NULL},
    {"__str__", m_plain_str, METH_NOARGS, NULL},
    {"value", m_value, METH_NOARGS, NULL},
    {"badnull", m_badnull, METH_NOARGS, NULL},
    {"badnull_va", m_badnull_va, METH_VARARGS, NULL},
    {"badnull_kw", (PyCFunction)(void (*)(void))m_badnull_kw, METH_FASTCALL | METH_KEYWORDS,
     NULL},
    {"raises", m_raises, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot t_slots[] = {
    {Py_tp_new, t_new},
    {Py_tp_repr, t_repr},
    {Py_tp_str, t_str},
    {Py_tp_methods, t_methods},
    {Py_tp_doc, "T(value)"},
    {0, NULL},
};

static PyType_Spec t_spec = {
    "mod.T", sizeof(TObject), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, t_slots,
};

/* ---- the subclass --------------------------------------------------- */

static PyObject *m_sub_noargs(PyObject *self, PyObject *unused)
{
    return Py_BuildValue("(sN)", "Sub.noargs", who(self));
}

static PyMethodDef sub_methods[] = {
    {"noargs", m_sub_noargs, METH_NOARGS, "Sub's own noargs."},
    /* the same C function as T.meth, defined again in Sub */
    {"meth2", (PyCFunction)(void (*)(void))m_meth, METH_METHOD | METH_FASTCALL | METH_KEYWORDS,
     NULL},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot sub_slots[] = {
    {Py_tp_methods, sub_methods},
    {0, NULL},
};

static PyType_Spec sub_spec = {
    "mod.Sub", 0, 0, Py_TPFLAGS_DEFAULT, sub_slots,
};

static PyObject *tp, *sub, *obj, *obj2, *sobj;

/* ---- kinds and attributes of the callables --------------------------- */

static void kinds_tests(void)
{
    PyObject *d = PyType_GetDict((PyTypeObject *)tp);
    PyObject *b, *b2, *f;

    show_kind_new("type(obj.o)", PyObject_GetAttrString(obj, "o"));
    show_kind_new("type(T.o)", PyObject_GetAttrString(tp, "o"));
    show_kind_new("type(T.__dict__['o'])", Py_XNewRef(PyDict_GetItemString(d, "o")));
    show_kind_new("type(obj.varargs)", PyObject_GetAttrString(obj, "varargs"));
    show_kind_new("type(T.varargs)", PyObject_GetAttrString(tp, "varargs"));
    show_kind_new("type(obj.meth)", PyObject_GetAttrString(obj, "meth"));
    show_kind_new("type(T.meth)", PyObject_GetAttrString(tp, "meth"));
    show_kind_new("type(T.__dict__['cm_noargs'])", Py_XNewRef(PyDict_GetItemString(d, "cm_noargs")));
    show_kind_new("type(T.cm_noargs)", PyObject_GetAttrString(tp, "cm_noargs"));
    show_kind_new("type(obj.cm_noargs)", PyObject_GetAttrString(obj, "cm_noargs"));
    show_kind_new("type(T.__dict__['sm_o'])", Py_XNewRef(PyDict_GetItemString(d, "sm_o")));
    show_kind_new("type(T.sm_o)", PyObject_GetAttrString(tp, "sm_o"));
    show_kind_new("type(obj.sm_o)", PyObject_GetAttrString(obj, "sm_o"));
    show_kind_new("type(T.__dict__['__repr__'])", Py_XNewRef(PyDict_GetItemString(d, "__repr__")));
    show_kind_new("type(T.__dict__['__str__'])", Py_XNewRef(PyDict_GetItemString(d, "__str__")));
    show_kind_new("type(obj.__repr__)", PyObject_GetAttrString(obj, "__repr__"));
    show_kind_new("type(obj.__str__)", PyObject_GetAttrString(obj, "__str__"));

    /* which of these types carry Py_TPFLAGS_METHOD_DESCRIPTOR */
    {
        static const char *entries[] = {"o", "meth", "cm_noargs", "sm_o", "__str__", NULL};
        const char **e;
        char label[96];
        for (e = entries; *e; e++) {
            PyObject *x = PyDict_GetItemString(d, *e);
            snprintf(label, sizeof label, "METHOD_DESCRIPTOR flag of type(T.__dict__['%s'])", *e);
            show_bool(label, PyType_GetFlags(Py_TYPE(x)) & Py_TPFLAGS_METHOD_DESCRIPTOR);
        }
        for (e = entries; *e && strcmp(*e, "__str__") != 0; e++) {
            PyObject *x = attr(obj, *e);
            snprintf(label, sizeof label, "METHOD_DESCRIPTOR flag of type(obj.%s)", *e);
            show_bool(label, PyType_GetFlags(Py_TYPE(x)) & Py_TPFLAGS_METHOD_DESCRIPTOR);
            Py_DECREF(x);
        }
    }

    /* identity: the descriptor from the type is the dict entry; a static
       method gives the wrapped function itself */
    f = PyObject_GetAttrString(tp, "o");
    show_bool("T.o is T.__dict__['o']", Py_Is(f, PyDict_GetItemString(d, "o")));
    Py_DECREF(f);
    f = PyObject_GetAttrString(tp, "sm_o");
    b = PyObject_GetAttrString(PyDict_GetItemString(d, "sm_o"), "__func__");
    show_bool("T.sm_o is T.__dict__['sm_o'].__func__", Py_Is(f, b));
    Py_DECREF(b);
    b = PyObject_GetAttrString(obj, "sm_o");
    show_bool("obj.sm_o is T.sm_o", Py_Is(f, b));
    Py_DECREF(b);
    Py_DECREF(f);

    /* callable */
    b = attr(obj, "o");
    show_bool("callable(obj.o)", PyCallable_Check(b));
    Py_DECREF(b);
    show_bool("callable(T.__dict__['o'])", PyCallable_Check(PyDict_GetItemString(d, "o")));
    show_bool("callable(T.__dict__['cm_noargs'])",
              PyCallable_Check(PyDict_GetItemString(d, "cm_noargs")));

    /* __name__, __qualname__, __doc__, __text_signature__, __module__ */
    {
        static const char *meths[] = {"noargs", "o", "varargs", "varkw", "meth", NULL};
        const char **m;
        char label[80];
        for (m = meths; *m; m++) {
            b = attr(obj, *m);
            snprintf(label, sizeof label, "obj.%s", *m);
            show_attr(label, b, "__name__");
            show_attr(label, b, "__qualname__");
            show_attr(label, b, "__doc__");
            show_attr(label, b, "__text_signature__");
            Py_DECREF(b);
            f = attr(tp, *m);
            snprintf(label, sizeof label, "T.%s", *m);
            show_attr(label, f, "__name__");
            show_attr(label, f, "__qualname__");
            show_attr(label, f, "__doc__");
            show_attr(label, f, "__text_signature__");
            Py_DECREF(f);
        }
    }
    b = attr(obj, "o");
    show_attr("obj.o", b, "__module__");
    f = PyObject_GetAttrString(b, "__self__");
    show_bool("obj.o.__self__ is obj", Py_Is(f, obj));
    Py_XDECREF(f);
    Py_DECREF(b);
    f = attr(tp, "o");
    show_attr("T.o", f, "__module__");
    b = PyObject_GetAttrString(f, "__objclass__");
    show_bool("T.o.__objclass__ is T", Py_Is(b, tp));
    Py_XDECREF(b);
    show_attr("T.o", f, "__self__");
    Py_DECREF(f);

    f = Py_NewRef(PyDict_GetItemString(d, "cm_noargs"));
    show_attr("T.__dict__['cm_noargs']", f, "__name__");
    show_attr("T.__dict__['cm_noargs']", f, "__qualname__");
    show_attr("T.__dict__['cm_noargs']", f, "__doc__");
    show_attr("T.__dict__['cm_noargs']", f, "__text_signature__");
    b = PyObject_GetAttrString(f, "__objclass__");
    show_bool("T.__dict__['cm_noargs'].__objclass__ is T", Py_Is(b, tp));
    Py_XDECREF(b);
    Py_DECREF(f);
    f = attr(tp, "cm_noargs");
    show_attr("T.cm_noargs", f, "__name__");
    show_attr("T.cm_noargs", f, "__qualname__");
    show_attr("T.cm_noargs", f, "__doc__");
    show_attr("T.cm_noargs", f, "__text_signature__");
    b = PyObject_GetAttrString(f, "__self__");
    show_bool("T.cm_noargs.__self__ is T", Py_Is(b, tp));
    Py_XDECREF(b);
    Py_DECREF(f);
    f = attr(obj, "cm_noargs");
    b = PyObject_GetAttrString(f, "__self__");
    show_bool("obj.cm_noargs.__self__ is T", Py_Is(b, tp));
    Py_XDECREF(b);
    Py_DECREF(f);

    f = attr(tp, "sm_o");
    show_attr("T.sm_o", f, "__name__");
    show_attr("T.sm_o", f, "__qualname__");
    show_attr("T.sm_o", f, "__doc__");
    show_attr("T.sm_o", f, "__text_signature__");
    show_attr("T.sm_o", f, "__self__");
    Py_DECREF(f);

    f = attr(obj, "__repr__");
    show_attr("obj.__repr__", f, "__name__");
    show_attr("obj.__repr__", f, "__qualname__");
    show_attr("obj.__repr__", f, "__doc__");
    Py_DECREF(f);

    /* bound methods: fresh objects that compare equal, keep self alive */
    {
        long long before = RC(obj);
        b = attr(obj, "o");
        printf("obj.o: refcnt delta of obj: %lld\n", RC(obj) - before);
        b2 = attr(obj, "o");
        show_int("obj.o == obj.o", PyObject_RichCompareBool(b, b2, Py_EQ));
        Py_DECREF(b2);
        b2 = attr(obj2, "o");
        show_int("obj.o == obj2.o", PyObject_RichCompareBool(b, b2, Py_EQ));
        Py_DECREF(b2);
        Py_DECREF(b);
        printf("obj.o released: refcnt delta of obj: %lld\n", RC(obj) - before);
    }
    Py_DECREF(d);
}

/* ---- METH_NOARGS ---------------------------------------------------- */

static void noargs_tests(void)
{
    PyObject *b = attr(obj, "noargs");
    PyObject *f = attr(tp, "noargs");

    show_new("obj.noargs() CallObject", PyObject_CallObject(b, NULL));
    show_new("obj.noargs() Call", call_bv(b, PyTuple_New(0), NULL));
    show_new("obj.noargs() Call again", call_bv(b, PyTuple_New(0), NULL));
    show_new("obj.noargs() Call {}", call_bv(b, PyTuple_New(0), PyDict_New()));
    show_new("obj.noargs(1)", call_bv(b, Py_BuildValue("(i)", 1), NULL));
    show_new("obj.noargs(1, 2)", callobj_bv(b, Py_BuildValue("(ii)", 1, 2)));
    show_new("obj.noargs(k=1)", call_bv(b, PyTuple_New(0), Py_BuildValue("{s:i}", "k", 1)));
    show_new("obj.noargs(1, k=1)",
             call_bv(b, Py_BuildValue("(i)", 1), Py_BuildValue("{s:i}", "k", 1)));
    show_new("CallMethod(obj, noargs, NULL)", PyObject_CallMethod(obj, "noargs", NULL));
    show_new("CallMethod(obj, noargs, \"\")", PyObject_CallMethod(obj, "noargs", ""));
    show_new("CallMethod(obj, noargs, \"i\")", PyObject_CallMethod(obj, "noargs", "i", 1));
    show_new("T.noargs(obj)", call_bv(f, Py_BuildValue("(O)", obj), NULL));
    show_new("T.noargs(sobj)", call_bv(f, Py_BuildValue("(O)", sobj), NULL));
    show_new("T.noargs()", PyObject_CallObject(f, NULL));
    show_new("T.noargs(obj, 1)", call_bv(f, Py_BuildValue("(Oi)", obj, 1), NULL));
    show_new("T.noargs(obj, k=1)",
             call_bv(f, Py_BuildValue("(O)", obj), Py_BuildValue("{s:i}", "k", 1)));
    show_new("T.noargs(5)", call_bv(f, Py_BuildValue("(i)", 5), NULL));
    show_new("T.noargs('s')", call_bv(f, Py_BuildValue("(s)", "s"), NULL));
    show_new("CallMethod(T, noargs, \"O\")", PyObject_CallMethod(tp, "noargs", "O", obj));
    show_new("CallMethod(T, noargs, NULL)", PyObject_CallMethod(tp, "noargs", NULL));
    Py_DECREF(b);
    Py_DECREF(f);
}

/* ---- METH_O --------------------------------------------------------- */

static void o_tests(void)
{
    PyObject *b = attr(obj, "o");
    PyObject *f = attr(tp, "o");
    PyObject *pair = Py_BuildValue("(ii)", 1, 2);

    show_new("obj.o(1)", call_bv(b, Py_BuildValue("(i)", 1), NULL));
    show_new("obj.o(1) again", call_bv(b, Py_BuildValue("(i)", 1), NULL));
    show_new("obj.o((1, 2))", call_bv(b, Py_BuildValue("(O)", pair), NULL));
    show_new("obj.o(None)", callobj_bv(b, Py_BuildValue("(O)", Py_None)));
    show_new("obj.o()", PyObject_CallObject(b, NULL));
    show_new("obj.o() Call", call_bv(b, PyTuple_New(0), NULL));
    show_new("obj.o(1, 2)", call_bv(b, Py_NewRef(pair), NULL));
    show_new("obj.o(x=1)", call_bv(b, PyTuple_New(0), Py_BuildValue("{s:i}", "x", 1)));
    show_new("obj.o(1, x=1)", call_bv(b, Py_BuildValue("(i)", 1), Py_BuildValue("{s:i}", "x", 1)));
    show_new("obj.o(1) Call {}", call_bv(b, Py_BuildValue("(i)", 1), PyDict_New()));
    show_new("CallMethod(obj, o, \"i\")", PyObject_CallMethod(obj, "o", "i", 7));
    show_new("CallMethod(obj, o, \"(i)\")", PyObject_CallMethod(obj, "o", "(i)", 7));
    show_new("CallMethod(obj, o, \"(O)\" pair)", PyObject_CallMethod(obj, "o", "(O)", pair));
    show_new("CallMethod(obj, o, \"O\" pair)", PyObject_CallMethod(obj, "o", "O", pair));
    show_new("CallMethod(obj, o, NULL)", PyObject_CallMethod(obj, "o", NULL));
    show_new("CallMethod(obj, o, \"ii\")", PyObject_CallMethod(obj, "o", "ii", 1, 2));
    show_new("CallMethod(obj, o, \"sss\")", PyObject_CallMethod(obj, "o", "sss", "a", "b", "c"));
    show_new("T.o(obj, 1)", call_bv(f, Py_BuildValue("(Oi)", obj, 1), NULL));
    show_new("T.o(obj)", call_bv(f, Py_BuildValue("(O)", obj), NULL));
    show_new("T.o(obj, 1, 2)", call_bv(f, Py_BuildValue("(Oii)", obj, 1, 2), NULL));
    show_new("T.o(obj, x=1)", call_bv(f, Py_BuildValue("(O)", obj), Py_BuildValue("{s:i}", "x", 1)));
    show_new("T.o()", call_bv(f, PyTuple_New(0), NULL));
    show_new("T.o() kw", call_bv(f, PyTuple_New(0), Py_BuildValue("{s:i}", "x", 1)));
    show_new("T.o(1, 2)", call_bv(f, Py_BuildValue("(ii)", 1, 2), NULL));
    show_new("T.o(None, 2)", call_bv(f, Py_BuildValue("(Oi)", Py_None, 2), NULL));
    show_new("T.o(T, 2)", call_bv(f, Py_BuildValue("(Oi)", tp, 2), NULL));
    show_new("T.o(sobj, 2)", call_bv(f, Py_BuildValue("(Oi)", sobj, 2), NULL));
    show_new("CallMethod(T, o, \"Oi\")", PyObject_CallMethod(tp, "o", "Oi", obj, 3));
    show_new("CallMethod(T, o, \"O\")", PyObject_CallMethod(tp, "o", "O", obj));
    show_new("CallMethod(T, o, \"ii\")", PyObject_CallMethod(tp, "o", "ii", 1, 2));
    Py_DECREF(pair);
    Py_DECREF(b);
    Py_DECREF(f);
}

/* ---- METH_VARARGS, METH_VARARGS|METH_KEYWORDS ------------------------ */

static void varargs_tests(void)
{
    PyObject *b = attr(obj, "varargs");
    PyObject *f = attr(tp, "varargs");
    PyObject *bk = attr(obj, "varkw");
    PyObject *fk = attr(tp, "varkw");

    show_new("obj.varargs()", PyObject_CallObject(b, NULL));
    show_new("obj.varargs(1, 'a')", call_bv(b, Py_BuildValue("(is)", 1, "a"), NULL));
    show_new("obj.varargs(1, 'a') again", call_bv(b, Py_BuildValue("(is)", 1, "a"), NULL));
    show_new("obj.varargs(1) Call {}", call_bv(b, Py_BuildValue("(i)", 1), PyDict_New()));
    show_new("obj.varargs(k=1)", call_bv(b, PyTuple_New(0), Py_BuildValue("{s:i}", "k", 1)));
    show_new("obj.varargs(1, k=1)", call_bv(b, Py_BuildValue("(i)", 1), Py_BuildValue("{s:i}", "k", 1)));
    show_new("CallMethod(obj, varargs, \"iii\")", PyObject_CallMethod(obj, "varargs", "iii", 1, 2, 3));
    show_new("CallMethod(obj, varargs, NULL)", PyObject_CallMethod(obj, "varargs", NULL));
    show_new("CallMethod(obj, varargs, \"i\")", PyObject_CallMethod(obj, "varargs", "i", 1));
    show_new("T.varargs(obj, 1, 2)", call_bv(f, Py_BuildValue("(Oii)", obj, 1, 2), NULL));
    show_new("T.varargs(obj)", call_bv(f, Py_BuildValue("(O)", obj), NULL));
    show_new("T.varargs(obj, k=1)", call_bv(f, Py_BuildValue("(O)", obj), Py_BuildValue("{s:i}", "k", 1)));
    show_new("T.varargs(obj) Call {}", call_bv(f, Py_BuildValue("(O)", obj), PyDict_New()));
    show_new("T.varargs()", PyObject_CallObject(f, NULL));
    show_new("T.varargs(1.5)", call_bv(f, Py_BuildValue("(d)", 1.5), NULL));
    show_new("CallMethod(T, varargs, \"Oi\")", PyObject_CallMethod(tp, "varargs", "Oi", obj, 1));

    show_new("obj.varkw()", PyObject_CallObject(bk, NULL));
    show_new("obj.varkw(1, 2)", call_bv(bk, Py_BuildValue("(ii)", 1, 2), NULL));
    show_new("obj.varkw(1, a=2, b=3)",
             call_bv(bk, Py_BuildValue("(i)", 1), Py_BuildValue("{s:i,s:i}", "a", 2, "b", 3)));
    show_new("obj.varkw(b=3, a=2)",
             call_bv(bk, PyTuple_New(0), Py_BuildValue("{s:i,s:i}", "b", 3, "a", 2)));
    show_new("CallMethod(obj, varkw, \"ii\")", PyObject_CallMethod(obj, "varkw", "ii", 1, 2));
    show_new("T.varkw(obj, 1, a=2)",
             call_bv(fk, Py_BuildValue("(Oi)", obj, 1), Py_BuildValue("{s:i}", "a", 2)));
    show_new("T.varkw(obj, 1)", call_bv(fk, Py_BuildValue("(Oi)", obj, 1), NULL));
    show_new("T.varkw(obj, 1) Call {}", call_bv(fk, Py_BuildValue("(Oi)", obj, 1), PyDict_New()));
    show_new("T.varkw(a=2)", call_bv(fk, PyTuple_New(0), Py_BuildValue("{s:i}", "a", 2)));
    show_new("T.varkw(1, a=2)", call_bv(fk, Py_BuildValue("(i)", 1), Py_BuildValue("{s:i}", "a", 2)));
    show_new("CallMethod(T, varkw, \"Oi\")", PyObject_CallMethod(tp, "varkw", "Oi", obj, 1));
    Py_DECREF(b);
    Py_DECREF(f);
    Py_DECREF(bk);
    Py_DECREF(fk);
}

/* ---- METH_FASTCALL, METH_FASTCALL|METH_KEYWORDS, METH_METHOD --------- */

static void fastcall_tests(void)
{
    PyObject *b = attr(obj, "fast");
    PyObject *f = attr(tp, "fast");
    PyObject *bk = attr(obj, "fastkw");
    PyObject *fk = attr(tp, "fastkw");
    PyObject *bm = attr(obj, "meth");
    PyObject *fm = attr(tp, "meth");

    show_new("obj.fast()", PyObject_CallObject(b, NULL));
    show_new("obj.fast(1, 2)", call_bv(b, Py_BuildValue("(ii)", 1, 2), NULL));
    show_new("obj.fast(1, 2) again", call_bv(b, Py_BuildValue("(ii)", 1, 2), NULL));
    show_new("obj.fast(1) Call {}", call_bv(b, Py_BuildValue("(i)", 1), PyDict_New()));
    show_new("obj.fast(1, k=2)", call_bv(b, Py_BuildValue("(i)", 1), Py_BuildValue("{s:i}", "k", 2)));
    show_new("CallMethod(obj, fast, \"sis\")", PyObject_CallMethod(obj, "fast", "sis", "a", 1, "b"));
    show_new("CallMethod(obj, fast, NULL)", PyObject_CallMethod(obj, "fast", NULL));
    show_new("T.fast(obj, 1)", call_bv(f, Py_BuildValue("(Oi)", obj, 1), NULL));
    show_new("T.fast(obj, k=1)", call_bv(f, Py_BuildValue("(O)", obj), Py_BuildValue("{s:i}", "k", 1)));
    show_new("T.fast()", PyObject_CallObject(f, NULL));
    show_new("T.fast([], 1)", call_bv(f, Py_BuildValue("([]i)", 1), NULL));

    show_new("obj.fastkw()", PyObject_CallObject(bk, NULL));
    show_new("obj.fastkw(1, 2)", call_bv(bk, Py_BuildValue("(ii)", 1, 2), NULL));
    show_new("obj.fastkw(1) Call {}", call_bv(bk, Py_BuildValue("(i)", 1), PyDict_New()));
    show_new("obj.fastkw(1, a=2, b=3)",
             call_bv(bk, Py_BuildValue("(i)", 1), Py_BuildValue("{s:i,s:i}", "a", 2, "b", 3)));
    show_new("obj.fastkw(1, a=2, b=3) again",
             call_bv(bk, Py_BuildValue("(i)", 1), Py_BuildValue("{s:i,s:i}", "a", 2, "b", 3)));
    show_new("obj.fastkw(y=1, x=2)",
             call_bv(bk, PyTuple_New(0), Py_BuildValue("{s:i,s:i}", "y", 1, "x", 2)));
    show_new("CallMethod(obj, fastkw, \"ii\")", PyObject_CallMethod(obj, "fastkw", "ii", 1, 2));
    show_new("T.fastkw(obj, 1, a=2)",
             call_bv(fk, Py_BuildValue("(Oi)", obj, 1), Py_BuildValue("{s:i}", "a", 2)));
    show_new("T.fastkw(obj)", call_bv(fk, Py_BuildValue("(O)", obj), NULL));
    show_new("T.fastkw(obj) Call {}", call_bv(fk, Py_BuildValue("(O)", obj), PyDict_New()));
    show_new("T.fastkw(a=2)", call_bv(fk, PyTuple_New(0), Py_BuildValue("{s:i}", "a", 2)));
    show_new("T.fastkw(0, a=2)", call_bv(fk, Py_BuildValue("(i)", 0), Py_BuildValue("{s:i}", "a", 2)));

    show_new("obj.meth()", PyObject_CallObject(bm, NULL));
    show_new("obj.meth(1, 2)", call_bv(bm, Py_BuildValue("(ii)", 1, 2), NULL));
    show_new("obj.meth(1, a=2)", call_bv(bm, Py_BuildValue("(i)", 1), Py_BuildValue("{s:i}", "a", 2)));
    show_new("obj.meth(1) Call {}", call_bv(bm, Py_BuildValue("(i)", 1), PyDict_New()));
    show_new("CallMethod(obj, meth, \"i\")", PyObject_CallMethod(obj, "meth", "i", 1));
    show_new("T.meth(obj, 1, a=2)",
             call_bv(fm, Py_BuildValue("(Oi)", obj, 1), Py_BuildValue("{s:i}", "a", 2)));
    show_new("T.meth(obj)", call_bv(fm, Py_BuildValue("(O)", obj), NULL));
    show_new("T.meth(sobj, 1)", call_bv(fm, Py_BuildValue("(Oi)", sobj, 1), NULL));
    show_new("T.meth()", PyObject_CallObject(fm, NULL));
    show_new("T.meth(1)", call_bv(fm, Py_BuildValue("(i)", 1), NULL));
    show_new("CallMethod(T, meth, \"Oi\")", PyObject_CallMethod(tp, "meth", "Oi", obj, 1));
    Py_DECREF(b);
    Py_DECREF(f);
    Py_DECREF(bk);
    Py_DECREF(fk);
    Py_DECREF(bm);
    Py_DECREF(fm);
}

/* ---- METH_CLASS ----------------------------------------------------- */

static void class_tests(void)
{
    PyObject *d = PyType_GetDict((PyTypeObject *)tp);
    PyObject *cd = Py_NewRef(PyDict_GetItemString(d, "cm_varargs"));
    PyObject *b;

    b = attr(tp, "cm_noargs");
    show_new("T.cm_noargs()", PyObject_CallObject(b, NULL));
    show_new("T.cm_noargs() again", PyObject_CallObject(b, NULL));
    show_new("T.cm_noargs(1)", call_bv(b, Py_BuildValue("(i)", 1), NULL));
    show_new("T.cm_noargs(k=1)", call_bv(b, PyTuple_New(0), Py_BuildValue("{s:i}", "k", 1)));
    Py_DECREF(b);
    b = attr(obj, "cm_noargs");
    show_new("obj.cm_noargs()", PyObject_CallObject(b, NULL));
    Py_DECREF(b);
    b = attr(sub, "cm_noargs");
    show_new("Sub.cm_noargs()", PyObject_CallObject(b, NULL));
    Py_DECREF(b);
    b = attr(sobj, "cm_noargs");
    show_new("sobj.cm_noargs()", PyObject_CallObject(b, NULL));
    show_new("sobj.cm_noargs(1)", call_bv(b, Py_BuildValue("(i)", 1), NULL));
    Py_DECREF(b);
    show_new("CallMethod(T, cm_noargs, NULL)", PyObject_CallMethod(tp, "cm_noargs", NULL));
    show_new("CallMethod(obj, cm_noargs, NULL)", PyObject_CallMethod(obj, "cm_noargs", NULL));
    show_new("CallMethod(sobj, cm_noargs, NULL)", PyObject_CallMethod(sobj, "cm_noargs", NULL));

    b = attr(tp, "cm_varargs");
    show_new("T.cm_varargs(1, 2)", call_bv(b, Py_BuildValue("(ii)", 1, 2), NULL));
    show_new("T.cm_varargs(k=1)", call_bv(b, PyTuple_New(0), Py_BuildValue("{s:i}", "k", 1)));
    Py_DECREF(b);
    show_new("CallMethod(obj, cm_varargs, \"ii\")", PyObject_CallMethod(obj, "cm_varargs", "ii", 1, 2));

    b = attr(obj, "cm_fastkw");
    show_new("obj.cm_fastkw(1, a=2)", call_bv(b, Py_BuildValue("(i)", 1), Py_BuildValue("{s:i}", "a", 2)));
    show_new("obj.cm_fastkw()", PyObject_CallObject(b, NULL));
    Py_DECREF(b);

    /* the classmethod_descriptor from the dict, called directly */
    show_new("T.__dict__['cm_varargs'](T, 1)", call_bv(cd, Py_BuildValue("(Oi)", tp, 1), NULL));
    show_new("T.__dict__['cm_varargs'](Sub, 1)", call_bv(cd, Py_BuildValue("(Oi)", sub, 1), NULL));
    show_new("T.__dict__['cm_varargs']()", PyObject_CallObject(cd, NULL));
    show_new("T.__dict__['cm_varargs'](obj)", call_bv(cd, Py_BuildValue("(O)", obj), NULL));
    show_new("T.__dict__['cm_varargs'](int)", call_bv(cd, Py_BuildValue("(O)", T(&PyLong_Type)), NULL));
    show_new("T.__dict__['cm_varargs'](T, k=1)",
             call_bv(cd, Py_BuildValue("(O)", tp), Py_BuildValue("{s:i}", "k", 1)));
    Py_DECREF(cd);
    Py_DECREF(d);
}

/* ---- METH_STATIC ---------------------------------------------------- */

static void static_tests(void)
{
    PyObject *b;

    b = attr(tp, "sm_varargs");
    show_new("T.sm_varargs()", PyObject_CallObject(b, NULL));
    show_new("T.sm_varargs(1, 2)", call_bv(b, Py_BuildValue("(ii)", 1, 2), NULL));
    show_new("T.sm_varargs(k=1)", call_bv(b, PyTuple_New(0), Py_BuildValue("{s:i}", "k", 1)));
    Py_DECREF(b);
    b = attr(obj, "sm_varargs");
    show_new("obj.sm_varargs(1)", call_bv(b, Py_BuildValue("(i)", 1), NULL));
    Py_DECREF(b);
    show_new("CallMethod(obj, sm_varargs, \"ii\")", PyObject_CallMethod(obj, "sm_varargs", "ii", 1, 2));
    show_new("CallMethod(T, sm_varargs, NULL)", PyObject_CallMethod(tp, "sm_varargs", NULL));

    b = attr(tp, "sm_o");
    show_new("T.sm_o(1)", call_bv(b, Py_BuildValue("(i)", 1), NULL));
    show_new("T.sm_o(1) again", call_bv(b, Py_BuildValue("(i)", 1), NULL));
    show_new("T.sm_o()", PyObject_CallObject(b, NULL));
    show_new("T.sm_o(1, 2)", call_bv(b, Py_BuildValue("(ii)", 1, 2), NULL));
    show_new("T.sm_o(x=1)", call_bv(b, PyTuple_New(0), Py_BuildValue("{s:i}", "x", 1)));
    Py_DECREF(b);
    b = attr(sobj, "sm_o");
    show_new("sobj.sm_o(obj)", call_bv(b, Py_BuildValue("(O)", obj), NULL));
    show_new("sobj.sm_o()", PyObject_CallObject(b, NULL));
    Py_DECREF(b);
    show_new("CallMethod(obj, sm_o, \"s\")", PyObject_CallMethod(obj, "sm_o", "s", "x"));

    b = attr(obj, "sm_fast");
    show_new("obj.sm_fast(1, 2)", call_bv(b, Py_BuildValue("(ii)", 1, 2), NULL));
    show_new("obj.sm_fast(k=1)", call_bv(b, PyTuple_New(0), Py_BuildValue("{s:i}", "k", 1)));
    Py_DECREF(b);
}

/* ---- METH_COEXIST --------------------------------------------------- */

static void coexist_tests(void)
{
    PyObject *b;

    show_new("repr(obj)", PyObject_Repr(obj));
    show_new("str(obj)", PyObject_Str(obj));
    show_new("CallMethod(obj, __repr__, NULL)", PyObject_CallMethod(obj, "__repr__", NULL));
    show_new("CallMethod(obj, __str__, NULL)", PyObject_CallMethod(obj, "__str__", NULL));
    b = attr(obj, "__repr__");
    show_new("obj.__repr__()", PyObject_CallObject(b, NULL));
    show_new("obj.__repr__(1)", call_bv(b, Py_BuildValue("(i)", 1), NULL));
    Py_DECREF(b);
    b = attr(tp, "__repr__");
    show_new("T.__repr__(obj)", call_bv(b, Py_BuildValue("(O)", obj), NULL));
    show_new("T.__repr__(5)", call_bv(b, Py_BuildValue("(i)", 5), NULL));
    Py_DECREF(b);
    b = attr(tp, "__str__");
    show_new("T.__str__(obj)", call_bv(b, Py_BuildValue("(O)", obj), NULL));
    Py_DECREF(b);
    show_new("repr(sobj)", PyObject_Repr(sobj));
    show_new("CallMethod(sobj, __repr__, NULL)", PyObject_CallMethod(sobj, "__repr__", NULL));
    show_new("str(sobj)", PyObject_Str(sobj));
    show_new("CallMethod(sobj, __str__, NULL)", PyObject_CallMethod(sobj, "__str__", NULL));
    show_new("CallMethod(obj, value, NULL)", PyObject_CallMethod(obj, "value", NULL));
}

/* ---- errors: NULL without an exception, raising, missing names ------- */

static void error_tests(void)
{
    PyObject *b, *f;

    /* CPython checks the result on these paths */
    show_masked_new("CallMethod(obj, badnull, NULL)", PyObject_CallMethod(obj, "badnull", NULL));
    b = attr(obj, "badnull");
    show_masked_new("obj.badnull() CallObject(NULL)", PyObject_CallObject(b, NULL));
    Py_DECREF(b);
    b = attr(obj, "badnull_va");
    show_masked_new("obj.badnull_va() Call", call_bv(b, PyTuple_New(0), NULL));
    show_masked_new("obj.badnull_va(1) CallObject", callobj_bv(b, Py_BuildValue("(i)", 1)));
    Py_DECREF(b);
    show_masked_new("CallMethod(obj, badnull_va, \"i\")", PyObject_CallMethod(obj, "badnull_va", "i", 1));
    b = attr(obj, "badnull_kw");
    show_masked_new("obj.badnull_kw(k=1)", call_bv(b, PyTuple_New(0), Py_BuildValue("{s:i}", "k", 1)));
    Py_DECREF(b);
    f = attr(tp, "badnull_kw");
    show_masked_new("T.badnull_kw(obj, k=1)",
                    call_bv(f, Py_BuildValue("(O)", obj), Py_BuildValue("{s:i}", "k", 1)));
    Py_DECREF(f);
    show_masked_new("CallMethod(T, badnull_kw, \"O\")", PyObject_CallMethod(tp, "badnull_kw", "O", obj));
    b = attr(tp, "sm_null");
    show_masked_new("T.sm_null() CallObject(NULL)", PyObject_CallObject(b, NULL));
    Py_DECREF(b);
    show_masked_new("CallMethod(T, sm_null, NULL)", PyObject_CallMethod(tp, "sm_null", NULL));

    show_new("CallMethod(obj, raises, \"s\")", PyObject_CallMethod(obj, "raises", "s", "x"));
    b = attr(obj, "raises");
    show_new("obj.raises(1)", call_bv(b, Py_BuildValue("(i)", 1), NULL));
    Py_DECREF(b);
    f = attr(tp, "raises");
    show_new("T.raises(obj, 2)", call_bv(f, Py_BuildValue("(Oi)", obj, 2), NULL));
    Py_DECREF(f);

    show_new("CallMethod(obj, nope, NULL)", PyObject_CallMethod(obj, "nope", NULL));
    show_new("CallMethod(T, nope, NULL)", PyObject_CallMethod(tp, "nope", NULL));
    show_new("obj.nope", PyObject_GetAttrString(obj, "nope"));
    CHECK_NOERR();
}

/* ---- subclass ------------------------------------------------------- */

static void subclass_tests(void)
{
    PyObject *b, *f, *g;

    show_new("sobj.o(1)", PyObject_CallMethod(sobj, "o", "i", 1));
    show_new("sobj.noargs()", PyObject_CallMethod(sobj, "noargs", NULL));
    show_new("sobj.fastkw(1, a=2)",
             call_bv(b = attr(sobj, "fastkw"), Py_BuildValue("(i)", 1), Py_BuildValue("{s:i}", "a", 2)));
    Py_DECREF(b);
    show_new("sobj.meth(1, a=2)",
             call_bv(b = attr(sobj, "meth"), Py_BuildValue("(i)", 1), Py_BuildValue("{s:i}", "a", 2)));
    Py_DECREF(b);
    show_new("sobj.meth2(1, a=2)",
             call_bv(b = attr(sobj, "meth2"), Py_BuildValue("(i)", 1), Py_BuildValue("{s:i}", "a", 2)));
    Py_DECREF(b);
    show_new("CallMethod(sobj, meth2, NULL)", PyObject_CallMethod(sobj, "meth2", NULL));
    show_new("CallMethod(obj, meth2, NULL)", PyObject_CallMethod(obj, "meth2", NULL));

    b = attr(sobj, "o");
    show_kind_new("type(sobj.o)", Py_NewRef(b));
    show_attr("sobj.o", b, "__qualname__");
    show_new("sobj.o()", PyObject_CallObject(b, NULL));
    Py_DECREF(b);
    b = attr(sobj, "noargs");
    show_attr("sobj.noargs", b, "__qualname__");
    show_attr("sobj.noargs", b, "__doc__");
    show_new("sobj.noargs(1)", call_bv(b, Py_BuildValue("(i)", 1), NULL));
    Py_DECREF(b);

    f = attr(sub, "o");
    g = attr(tp, "o");
    show_bool("Sub.o is T.o", Py_Is(f, g));
    show_attr("Sub.o", f, "__qualname__");
    show_new("Sub.o(sobj, 1)", call_bv(f, Py_BuildValue("(Oi)", sobj, 1), NULL));
    show_new("Sub.o(obj, 1)", call_bv(f, Py_BuildValue("(Oi)", obj, 1), NULL));
    Py_DECREF(f);
    Py_DECREF(g);
    f = attr(sub, "noargs");
    show_kind_new("type(Sub.noargs)", Py_NewRef(f));
    show_attr("Sub.noargs", f, "__qualname__");
    show_new("Sub.noargs(sobj)", call_bv(f, Py_BuildValue("(O)", sobj), NULL));
    show_new("Sub.noargs(obj)", call_bv(f, Py_BuildValue("(O)", obj), NULL));
    show_new("Sub.noargs()", PyObject_CallObject(f, NULL));
    Py_DECREF(f);
    f = attr(tp, "noargs");
    show_new("T.noargs(sobj)", call_bv(f, Py_BuildValue("(O)", sobj), NULL));
    Py_DECREF(f);
    f = attr(sub, "meth2");
    show_attr("Sub.meth2", f, "__qualname__");
    show_new("Sub.meth2(sobj, 1)", call_bv(f, Py_BuildValue("(Oi)", sobj, 1), NULL));
    show_new("Sub.meth2(obj, 1)", call_bv(f, Py_BuildValue("(Oi)", obj, 1), NULL));
    Py_DECREF(f);
    f = attr(sub, "meth");
    show_new("Sub.meth(sobj, 1)", call_bv(f, Py_BuildValue("(Oi)", sobj, 1), NULL));
    Py_DECREF(f);
    f = attr(sub, "sm_o");
    show_attr("Sub.sm_o", f, "__qualname__");
    show_new("Sub.sm_o(1)", call_bv(f, Py_BuildValue("(i)", 1), NULL));
    Py_DECREF(f);
    f = attr(sub, "cm_fastkw");
    show_attr("Sub.cm_fastkw", f, "__qualname__");
    show_new("Sub.cm_fastkw(1, a=2)", call_bv(f, Py_BuildValue("(i)", 1), Py_BuildValue("{s:i}", "a", 2)));
    Py_DECREF(f);
}

/* ---- bad PyMethodDef flags at type creation -------------------------- */

static PyObject *m_any(PyObject *self, PyObject *arg)
{
    Py_RETURN_NONE;
}

static PyMethodDef bad_defs[][2] = {
    {{"both", m_any, METH_CLASS | METH_STATIC | METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}},
    {{"noargs_o", m_any, METH_NOARGS | METH_O, NULL}, {NULL, NULL, 0, NULL}},
    {{"meth_noargs", m_any, METH_METHOD | METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}},
    {{"meth_fast", m_any, METH_METHOD | METH_FASTCALL, NULL}, {NULL, NULL, 0, NULL}},
    {{"kw_only", m_any, METH_KEYWORDS, NULL}, {NULL, NULL, 0, NULL}},
    {{"o_kw", m_any, METH_O | METH_KEYWORDS, NULL}, {NULL, NULL, 0, NULL}},
    {{"sm_bad", m_any, METH_STATIC | METH_NOARGS | METH_O, NULL}, {NULL, NULL, 0, NULL}},
    {{"zero", m_any, 0, NULL}, {NULL, NULL, 0, NULL}},
};

static void bad_flag_tests(void)
{
    size_t i;
    for (i = 0; i < sizeof bad_defs / sizeof bad_defs[0]; i++) {
        PyType_Slot slots[] = {{Py_tp_methods, bad_defs[i]}, {0, NULL}};
        PyType_Spec spec = {"mod.Bad", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, slots};
        char label[80];
        snprintf(label, sizeof label, "FromSpec(method %s)", bad_defs[i][0].ml_name);
        show_new(label, PyType_FromSpec(&spec));
    }
}

int main(void)
{
    Py_Initialize();
    tp = PyType_FromSpec(&t_spec);
    show("T", tp);
    sub = PyType_FromSpecWithBases(&sub_spec, tp);
    show("Sub", sub);
    obj = PyObject_CallFunction(tp, "i", 5);
    obj2 = PyObject_CallFunction(tp, "i", 6);
    sobj = PyObject_CallFunction(sub, "i", 9);
    show("obj", obj);
    show("obj2", obj2);
    show("sobj", sobj);
    kinds_tests();
    noargs_tests();
    o_tests();
    varargs_tests();
    fastcall_tests();
    class_tests();
    static_tests();
    coexist_tests();
    error_tests();
    subclass_tests();
    bad_flag_tests();
    Py_DECREF(obj);
    Py_DECREF(obj2);
    Py_DECREF(sobj);
    Py_DECREF(sub);
    Py_DECREF(tp);
    return ctest_finish();
}
