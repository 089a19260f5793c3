/*
 * vectorcall.c -- the vectorcall protocol (spec calls_exc_dict part A):
 * the entry points and which of them pass PY_VECTORCALL_ARGUMENTS_OFFSET,
 * the args[-1] licence, kwnames handling, the tp_call fallback, result
 * checks, every METH_* convention of builtins and method descriptors and
 * their errors, PyCFunction_New/NewEx/PyCMethod_New, bound methods
 * (PyMethod_New), types with __vectorcalloffset__, PyObject_VectorcallMethod
 * on bound and unbound paths, reassigning __call__, and the C recursion
 * guard.
 *
 * Callees print what they receive ("  who: ..." lines) before the caller
 * prints the result. Where Ophis deliberately checks results that CPython
 * 3.12 leaves unchecked (spec §F.1), vectorcall.differences holds Ophis's
 * lines.
 */
#include "ctest.h"

#include <stddef.h>

#define FLAG PY_VECTORCALL_ARGUMENTS_OFFSET
#define T(tp) ((PyObject *)(tp))

static PyObject *mod, *modname;

/* ---- logging ------------------------------------------------------ */

static void put_repr(PyObject *o)
{
    PyObject *r;
    if (o == NULL) {
        fputs("NULL", stdout);
        return;
    }
    r = PyObject_Repr(o);
    if (r == NULL) {
        PyObject *e = PyErr_GetRaisedException();
        Py_XDECREF(e);
        fputs("<repr failed>", stdout);
        return;
    }
    ctest_write_str(r);
    Py_DECREF(r);
}

static void put_vector(PyObject *const *args, Py_ssize_t n)
{
    fputc('(', stdout);
    for (Py_ssize_t i = 0; i < n; i++) {
        if (i)
            fputs(", ", stdout);
        put_repr(args[i]);
    }
    fputc(')', stdout);
}

static void log_call(const char *who, PyObject *self, PyObject *const *args, size_t nargsf,
                     PyObject *kwnames)
{
    Py_ssize_t n = (Py_ssize_t)(nargsf & ~FLAG);
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    printf("  %s: self=", who);
    put_repr(self);
    printf(" nargs=%zd %s args=", n, (nargsf & FLAG) ? "offset" : "no-offset");
    if (args == NULL)
        fputs("NULL", stdout);
    else
        put_vector(args, n);
    fputs(" kwnames=", stdout);
    put_repr(kwnames);
    if (nkw) {
        fputs(" kwvalues=", stdout);
        put_vector(args + n, nkw);
    }
    fputc('\n', stdout);
}

/* ---- builtins of every convention ---------------------------------- */

static PyObject *f_fast(PyObject *self, PyObject *const *args, Py_ssize_t n)
{
    log_call("fast", self, args, (size_t)n, NULL);
    return PyLong_FromSsize_t(n);
}

static PyObject *f_fastkw(PyObject *self, PyObject *const *args, Py_ssize_t n, PyObject *kw)
{
    log_call("fastkw", self, args, (size_t)n, kw);
    return PyLong_FromSsize_t(n);
}

static PyObject *f_o(PyObject *self, PyObject *arg)
{
    printf("  o: self=");
    put_repr(self);
    printf(" arg=");
    put_repr(arg);
    fputc('\n', stdout);
    return Py_NewRef(arg);
}

static PyObject *f_noargs(PyObject *self, PyObject *arg)
{
    printf("  noargs: self=");
    put_repr(self);
    printf(" second=%s\n", arg == NULL ? "NULL" : "non-NULL");
    return Py_NewRef(Py_None);
}

static PyObject *f_varargs(PyObject *self, PyObject *args)
{
    printf("  varargs: self=");
    put_repr(self);
    printf(" args=");
    put_repr(args);
    fputc('\n', stdout);
    return Py_NewRef(Py_None);
}

static PyObject *f_varargskw(PyObject *self, PyObject *args, PyObject *kw)
{
    printf("  varargskw: args=");
    put_repr(args);
    printf(" kwargs=");
    put_repr(kw);
    fputc('\n', stdout);
    return Py_NewRef(Py_None);
}

static PyObject *f_badnull(PyObject *self, PyObject *const *args, Py_ssize_t n)
{
    return NULL;
}

static PyObject *f_badresult(PyObject *self, PyObject *const *args, Py_ssize_t n)
{
    PyErr_SetString(PyExc_ValueError, "stray");
    return Py_NewRef(Py_None);
}

static PyObject *recursive_fn;
static int rec_depth;

static PyObject *f_recurse(PyObject *self, PyObject *const *args, Py_ssize_t n)
{
    rec_depth++;
    return PyObject_Vectorcall(recursive_fn, NULL, 0, NULL);
}

static PyMethodDef def_fast = {"fast", _PyCFunction_CAST(f_fast), METH_FASTCALL, NULL};
static PyMethodDef def_fastkw = {"fastkw", _PyCFunction_CAST(f_fastkw),
                                 METH_FASTCALL | METH_KEYWORDS, NULL};
static PyMethodDef def_o = {"o", f_o, METH_O, NULL};
static PyMethodDef def_noargs = {"noargs", f_noargs, METH_NOARGS, NULL};
static PyMethodDef def_varargs = {"varargs", f_varargs, METH_VARARGS, NULL};
static PyMethodDef def_varargskw = {"varargskw", _PyCFunction_CAST(f_varargskw),
                                    METH_VARARGS | METH_KEYWORDS, NULL};
static PyMethodDef def_badnull = {"badnull", _PyCFunction_CAST(f_badnull), METH_FASTCALL, NULL};
static PyMethodDef def_badresult = {"badresult", _PyCFunction_CAST(f_badresult), METH_FASTCALL,
                                    NULL};
static PyMethodDef def_recurse = {"recurse", _PyCFunction_CAST(f_recurse), METH_FASTCALL, NULL};
static PyMethodDef def_badflags = {"badflags", f_o, METH_O | METH_NOARGS, NULL};
static PyMethodDef def_methnoclass = {"methnoclass", _PyCFunction_CAST(f_fastkw),
                                      METH_METHOD | METH_FASTCALL | METH_KEYWORDS, NULL};

static PyObject *mkfunc(PyMethodDef *def)
{
    return PyCFunction_NewEx(def, mod, modname);
}

static PyObject *I(long v)
{
    return PyLong_FromLong(v);
}

/* A vector [slot0, 1, 2, 3] whose slot 0 is the spare slot. */
static PyObject *vec[6];

static void vec_init(void)
{
    vec[0] = PyUnicode_FromString("slot0");
    vec[1] = I(1);
    vec[2] = I(2);
    vec[3] = I(3);
    vec[4] = I(4);
    vec[5] = I(5);
}

static void show_slot0(const char *label)
{
    printf("%s: slot0 %s\n", label,
           PyUnicode_Check(vec[0]) && PyUnicode_CompareWithASCIIString(vec[0], "slot0") == 0
               ? "intact"
               : "CHANGED");
}

static PyObject *names(const char *a, const char *b)
{
    if (b == NULL)
        return Py_BuildValue("(s)", a);
    return Py_BuildValue("(ss)", a, b);
}

/* ---- builtins ------------------------------------------------------ */

static void constants_and_pointers(void)
{
    PyObject *fast = mkfunc(&def_fast), *fastkw = mkfunc(&def_fastkw), *o = mkfunc(&def_o),
             *noargs = mkfunc(&def_noargs), *varargs = mkfunc(&def_varargs),
             *varargskw = mkfunc(&def_varargskw);

    show_uint("PY_VECTORCALL_ARGUMENTS_OFFSET", (unsigned long long)FLAG);
    show_int("PyVectorcall_NARGS(3|flag) (inline)", PyVectorcall_NARGS(3 | FLAG));
    show_int("PyVectorcall_NARGS(3|flag) (function)", (PyVectorcall_NARGS)(3 | FLAG));
    show_int("PyVectorcall_NARGS(0)", (PyVectorcall_NARGS)(0));
    show_int("Function(fast) != NULL", PyVectorcall_Function(fast) != NULL);
    show_int("Function(fastkw) != NULL", PyVectorcall_Function(fastkw) != NULL);
    show_int("Function(o) != NULL", PyVectorcall_Function(o) != NULL);
    show_int("Function(noargs) != NULL", PyVectorcall_Function(noargs) != NULL);
    show_int("Function(varargs) != NULL", PyVectorcall_Function(varargs) != NULL);
    show_int("Function(varargskw) != NULL", PyVectorcall_Function(varargskw) != NULL);
    show_int("Function(int 5) != NULL", PyVectorcall_Function(vec[5]) != NULL);
    show_int("builtin type has HAVE_VECTORCALL",
             (PyType_GetFlags(Py_TYPE(fast)) & Py_TPFLAGS_HAVE_VECTORCALL) != 0);
    show_int("PyCFunction_Check(fast)", PyCFunction_Check(fast));
    show_int("PyCFunction_GetFlags(fastkw)", PyCFunction_GetFlags(fastkw));
    show("PyCFunction_GetSelf(fast)", PyCFunction_GetSelf(fast));
    show_int("PyCFunction_GetFunction(o) == f_o", PyCFunction_GetFunction(o) == f_o);
    show_int("PyCFunction_GET_FLAGS(o)", PyCFunction_GET_FLAGS(o));
    show_int("PyCFunction_GetFlags(int)", PyCFunction_GetFlags(vec[1]));
    show("PyCFunction_GetSelf(int)", PyCFunction_GetSelf(vec[1]));
    show("fast", fast);
    show_new("fast.__name__", PyObject_GetAttrString(fast, "__name__"));
    show_new("fast.__qualname__", PyObject_GetAttrString(fast, "__qualname__"));
    show_new("fast.__module__", PyObject_GetAttrString(fast, "__module__"));
    show_new("fast.__self__", PyObject_GetAttrString(fast, "__self__"));
    show_new("PyCFunction_New(fast, NULL)", PyCFunction_New(&def_fast, NULL));
    show_new("NewEx(bad flags)", PyCFunction_NewEx(&def_badflags, NULL, NULL));
    show_new("NewEx(METH_METHOD, no class)", PyCFunction_NewEx(&def_methnoclass, NULL, NULL));
    show_new("PyCMethod_New(class, no METH_METHOD)",
             PyCMethod_New(&def_fast, NULL, NULL, &PyLong_Type));
    Py_DECREF(fast);
    Py_DECREF(fastkw);
    Py_DECREF(o);
    Py_DECREF(noargs);
    Py_DECREF(varargs);
    Py_DECREF(varargskw);
}

static void builtin_conventions(void)
{
    PyObject *fast = mkfunc(&def_fast), *fastkw = mkfunc(&def_fastkw), *o = mkfunc(&def_o),
             *noargs = mkfunc(&def_noargs), *varargs = mkfunc(&def_varargs),
             *varargskw = mkfunc(&def_varargskw);
    PyObject *empty = PyTuple_New(0), *k = names("k", NULL), *ab = names("a", "b");
    PyObject *dup = names("a", "a"), *nonstr = Py_BuildValue("(i)", 5);
    PyObject *d, *args1 = Py_BuildValue("(i)", 1);

    show_new("fast(1,2)", PyObject_Vectorcall(fast, vec + 1, 2, NULL));
    show_new("fast(1,2) flag", PyObject_Vectorcall(fast, vec + 1, 2 | FLAG, NULL));
    show_slot0("fast(1,2) flag");
    show_new("fast(NULL, 0)", PyObject_Vectorcall(fast, NULL, 0, NULL));
    show_new("fast kwnames=()", PyObject_Vectorcall(fast, vec + 1, 1, empty));
    show_new("fast kwnames=('k',)", PyObject_Vectorcall(fast, vec + 1, 1, k));
    d = Py_BuildValue("{s:i}", "k", 1);
    show_new("VectorcallDict(fast, {'k':1})", PyObject_VectorcallDict(fast, vec + 1, 1, d));
    Py_DECREF(d);
    d = PyDict_New();
    show_new("VectorcallDict(fast, {})", PyObject_VectorcallDict(fast, vec + 1, 1, d));
    Py_DECREF(d);

    show_new("fastkw(1, a=2, b=3)", PyObject_Vectorcall(fastkw, vec + 1, 1, ab));
    show_new("fastkw kwnames=()", PyObject_Vectorcall(fastkw, vec + 1, 1, empty));
    d = PyDict_New();
    show_new("Call(fastkw, (1,), {})", PyObject_Call(fastkw, args1, d));
    Py_DECREF(d);
    d = Py_BuildValue("{s:i,s:i}", "x", 10, "y", 20);
    show_new("Call(fastkw, (1,), {x,y})", PyObject_Call(fastkw, args1, d));
    Py_DECREF(d);
    d = PyDict_New();
    PyDict_SetItem(d, vec[5], vec[1]);
    show_new("VectorcallDict(fastkw, {5:1})", PyObject_VectorcallDict(fastkw, vec + 1, 1, d));
    show_new("Call(fastkw, (1,), {5:1})", PyObject_Call(fastkw, args1, d));
    Py_DECREF(d);
    show_new("fastkw dup kwnames", PyObject_Vectorcall(fastkw, vec + 1, 1, dup));
    show_new("fastkw non-str kwnames", PyObject_Vectorcall(fastkw, vec + 1, 2, nonstr));

    show_new("o()", PyObject_Vectorcall(o, vec + 1, 0, NULL));
    show_new("o(1)", PyObject_Vectorcall(o, vec + 1, 1, NULL));
    show_new("o(1,2)", PyObject_Vectorcall(o, vec + 1, 2, NULL));
    show_new("o(1, k=2)", PyObject_Vectorcall(o, vec + 1, 1, k));
    show_new("o(1) kwnames=()", PyObject_Vectorcall(o, vec + 1, 1, empty));
    show_new("noargs()", PyObject_Vectorcall(noargs, NULL, 0, NULL));
    show_new("noargs(1)", PyObject_Vectorcall(noargs, vec + 1, 1, NULL));
    show_new("noargs(k=1)", PyObject_Vectorcall(noargs, vec + 1, 0, k));
    show_new("varargs(1,2)", PyObject_Vectorcall(varargs, vec + 1, 2, NULL));
    show_new("varargs(1, k=2)", PyObject_Vectorcall(varargs, vec + 1, 1, k));
    show_new("varargs(1) kwnames=()", PyObject_Vectorcall(varargs, vec + 1, 1, empty));
    show_new("PyVectorcall_Call(varargs)", PyVectorcall_Call(varargs, args1, NULL));
    show_new("varargskw(1, a=2, a=3)", PyObject_Vectorcall(varargskw, vec + 1, 1, dup));
    show_new("varargskw(1, 5=2)", PyObject_Vectorcall(varargskw, vec + 1, 1, nonstr));
    show_new("varargskw(1) kwnames=()", PyObject_Vectorcall(varargskw, vec + 1, 1, empty));
    show_new("varargskw(1, a=2, b=3)", PyObject_Vectorcall(varargskw, vec + 1, 1, ab));
    show_new("PyVectorcall_Call(fast, (1,))", PyVectorcall_Call(fast, args1, NULL));

    Py_DECREF(empty);
    Py_DECREF(k);
    Py_DECREF(ab);
    Py_DECREF(dup);
    Py_DECREF(nonstr);
    Py_DECREF(args1);
    Py_DECREF(fast);
    Py_DECREF(fastkw);
    Py_DECREF(o);
    Py_DECREF(noargs);
    Py_DECREF(varargs);
    Py_DECREF(varargskw);
}

static void show_chain(const char *label)
{
    PyObject *e = PyErr_GetRaisedException();
    char l2[160];
    printf("%s: ", label);
    if (e == NULL) {
        fputs("no exception\n", stdout);
        return;
    }
    ctest_write_exc(e);
    fputc('\n', stdout);
    snprintf(l2, sizeof l2, "%s.__cause__", label);
    show_new(l2, PyException_GetCause(e));
    snprintf(l2, sizeof l2, "%s.__context__", label);
    show_new(l2, PyException_GetContext(e));
    Py_DECREF(e);
}

static void result_checks(void)
{
    PyObject *bn = mkfunc(&def_badnull), *br = mkfunc(&def_badresult);
    PyObject *empty = PyTuple_New(0), *d = Py_BuildValue("{s:i}", "k", 1), *r;

    show_new("Vectorcall(badnull)", PyObject_Vectorcall(bn, NULL, 0, NULL));
    show_new("CallNoArgs(badnull)", PyObject_CallNoArgs(bn));
    show_new("VectorcallDict(badnull, NULL)", PyObject_VectorcallDict(bn, NULL, 0, NULL));
    show_new("CallOneArg(badnull)", PyObject_CallOneArg(bn, vec[1]));
    show_new("Call(badnull, ())", PyObject_Call(bn, empty, NULL));
    show_new("PyVectorcall_Call(badnull, ())", PyVectorcall_Call(bn, empty, NULL));
    show_new("CallObject(badnull, NULL)", PyObject_CallObject(bn, NULL));
    show_new("CallFunctionObjArgs(badnull)", PyObject_CallFunctionObjArgs(bn, NULL));
    r = PyObject_Vectorcall(br, NULL, 0, NULL);
    printf("Vectorcall(badresult) is NULL: %d\n", r == NULL);
    show_chain("Vectorcall(badresult)");
    r = PyObject_Call(br, empty, NULL);
    printf("Call(badresult) is NULL: %d\n", r == NULL);
    Py_XDECREF(r);
    show_chain("Call(badresult) pending");
    r = PyVectorcall_Call(br, empty, NULL);
    printf("PyVectorcall_Call(badresult) is NULL: %d\n", r == NULL);
    Py_XDECREF(r);
    show_chain("PyVectorcall_Call(badresult) pending");
    {
        PyObject *ed = PyDict_New();
        show_new("Call(badnull, (), {})", PyObject_Call(bn, empty, ed));
        Py_DECREF(ed);
    }
    Py_DECREF(bn);
    Py_DECREF(br);
    Py_DECREF(empty);
    Py_DECREF(d);
}

/* ---- a type with per-instance vectorcall ------------------------------ */

typedef struct {
    PyObject_HEAD
    vectorcallfunc vc;
} VCObject;

static int vc_mode;     /* 0 normal, 1 NULL without error, 2 result with error */

static PyObject *vc_call(PyObject *callable, PyObject *const *args, size_t nargsf, PyObject *kw)
{
    log_call("VC", NULL, args, nargsf, kw);
    if (nargsf & FLAG) {
        PyObject **slot = (PyObject **)args - 1;
        PyObject *old = *slot;
        *slot = Py_None;        /* the licence: overwrite, then restore */
        *slot = old;
    }
    if (vc_mode == 1)
        return NULL;
    if (vc_mode == 2) {
        PyErr_SetString(PyExc_KeyError, "stray");
        return Py_NewRef(Py_None);
    }
    return PyLong_FromSsize_t(PyVectorcall_NARGS(nargsf));
}

static PyObject *vc_new(PyTypeObject *tp, PyObject *a, PyObject *k)
{
    VCObject *o = (VCObject *)tp->tp_alloc(tp, 0);
    if (o != NULL)
        o->vc = vc_call;
    return (PyObject *)o;
}

static PyObject *vc_repr(PyObject *o)
{
    return PyUnicode_FromFormat("<%s>", Py_TYPE(o)->tp_name);
}

static PyObject *vc_descr_get(PyObject *self, PyObject *obj, PyObject *type)
{
    if (obj == NULL)
        return Py_NewRef(self);
    return PyMethod_New(self, obj);
}

static PyMemberDef vc_members[] = {
    {"__vectorcalloffset__", Py_T_PYSSIZET, offsetof(VCObject, vc), Py_READONLY},
    {NULL},
};

static PyType_Slot vc_slots[] = {
    {Py_tp_new, vc_new},
    {Py_tp_call, PyVectorcall_Call},
    {Py_tp_repr, vc_repr},
    {Py_tp_members, vc_members},
    {0, NULL},
};
static PyType_Spec vc_spec = {"probe.VC", sizeof(VCObject), 0,
                              Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_VECTORCALL,
                              vc_slots};

static PyType_Slot nocall_slots[] = {
    {Py_tp_new, vc_new},
    {Py_tp_repr, vc_repr},
    {Py_tp_members, vc_members},
    {0, NULL},
};
static PyType_Spec nocall_spec = {"probe.NoCall", sizeof(VCObject), 0,
                                  Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL, nocall_slots};

static PyType_Slot vcm_slots[] = {
    {Py_tp_new, vc_new},
    {Py_tp_call, PyVectorcall_Call},
    {Py_tp_repr, vc_repr},
    {Py_tp_members, vc_members},
    {Py_tp_descr_get, vc_descr_get},
    {0, NULL},
};
static PyType_Spec vcm_spec = {"probe.VCM", sizeof(VCObject), 0,
                               Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL
                                   | Py_TPFLAGS_METHOD_DESCRIPTOR,
                               vcm_slots};

static PyType_Slot sub_slots[] = {{0, NULL}};
static PyType_Spec sub_spec = {"probe.Sub", 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
                               sub_slots};
static PyType_Spec sub2_spec = {"probe.Sub2", 0, 0, Py_TPFLAGS_DEFAULT, sub_slots};

static PyObject *own_call(PyObject *self, PyObject *args, PyObject *kw)
{
    printf("  OwnCall.tp_call: args=");
    put_repr(args);
    fputc('\n', stdout);
    return Py_NewRef(Py_None);
}
static PyType_Slot owncall_slots[] = {{Py_tp_call, own_call}, {0, NULL}};
static PyType_Spec owncall_spec = {"probe.OwnCall", 0, 0, Py_TPFLAGS_DEFAULT, owncall_slots};

typedef struct {
    PyObject_HEAD
    long x;
    vectorcallfunc vc;
} RelObject;

static PyMemberDef rel_members[] = {
    {"__vectorcalloffset__", Py_T_PYSSIZET, 0, Py_READONLY | Py_RELATIVE_OFFSET},
    {NULL},
};
static PyType_Slot rel_slots[] = {{Py_tp_members, rel_members},
                                  {Py_tp_call, PyVectorcall_Call},
                                  {0, NULL}};

static void show_flag(const char *label, PyObject *tp)
{
    show_int(label, (PyType_GetFlags((PyTypeObject *)tp) & Py_TPFLAGS_HAVE_VECTORCALL) != 0);
}

static void custom_vectorcall(void)
{
    PyObject *VC = PyType_FromSpec(&vc_spec), *inst, *ab = names("a", "b"), *d, *args;
    PyObject *NoCall, *nc;

    show("VC type", VC);
    show_new("VC.__vectorcalloffset__", PyObject_GetAttrString(VC, "__vectorcalloffset__"));
    show_new("VC.__dict__['__vectorcalloffset__']",
             Py_XNewRef(PyDict_GetItemString(((PyTypeObject *)VC)->tp_dict,
                                              "__vectorcalloffset__")));
    inst = PyObject_CallNoArgs(VC);
    show("VC()", inst);
    show_int("PyVectorcall_Function(inst) == vc_call", PyVectorcall_Function(inst) == vc_call);
    show_int("PyCallable_Check(inst)", PyCallable_Check(inst));

    show_new("Vectorcall(inst, 1,2)", PyObject_Vectorcall(inst, vec + 1, 2, NULL));
    show_new("Vectorcall(inst, 1,2 | flag)", PyObject_Vectorcall(inst, vec + 1, 2 | FLAG, NULL));
    show_slot0("Vectorcall(inst) flag");
    show_new("Vectorcall(inst, 1, a=2, b=3 | flag)",
             PyObject_Vectorcall(inst, vec + 1, 1 | FLAG, ab));
    show_new("CallNoArgs(inst)", PyObject_CallNoArgs(inst));
    show_new("CallOneArg(inst, 1)", PyObject_CallOneArg(inst, vec[1]));
    args = Py_BuildValue("(ii)", 1, 2);
    show_new("Call(inst, (1,2))", PyObject_Call(inst, args, NULL));
    d = Py_BuildValue("{s:i}", "k", 3);
    show_new("Call(inst, (1,2), {k:3})", PyObject_Call(inst, args, d));
    show_new("PyVectorcall_Call(inst, (1,2), {k:3})", PyVectorcall_Call(inst, args, d));
    show_new("VectorcallDict(inst, 1, {k:3}) no flag", PyObject_VectorcallDict(inst, vec + 1, 1, d));
    show_new("VectorcallDict(inst, 1, NULL) flag",
             PyObject_VectorcallDict(inst, vec + 1, 1 | FLAG, NULL));
    show_new("VectorcallDict(inst, 1, NULL) no flag",
             PyObject_VectorcallDict(inst, vec + 1, 1, NULL));
    {
        PyObject *ed = PyDict_New();
        show_new("VectorcallDict(inst, 1, {}) flag",
                 PyObject_VectorcallDict(inst, vec + 1, 1 | FLAG, ed));
        show_new("VectorcallDict(inst, 1, {}) no flag", PyObject_VectorcallDict(inst, vec + 1, 1, ed));
        Py_DECREF(ed);
    }
    show_new("CallFunction(inst, \"ii\")", PyObject_CallFunction(inst, "ii", 1, 2));
    show_new("CallFunctionObjArgs(inst, 1, 2)",
             PyObject_CallFunctionObjArgs(inst, vec[1], vec[2], NULL));
    show_new("CallObject(inst, (1,2))", PyObject_CallObject(inst, args));
    show_new("CallObject(inst, NULL)", PyObject_CallObject(inst, NULL));
    show_new("CallObject(inst, [1])", PyObject_CallObject(inst, vec[1]));

    vc_mode = 1;
    show_new("mode NULL: Vectorcall", PyObject_Vectorcall(inst, vec + 1, 1, NULL));
    show_new("mode NULL: Call no kwargs", PyObject_Call(inst, args, NULL));
    show_new("mode NULL: Call kwargs", PyObject_Call(inst, args, d));
    show_new("mode NULL: VectorcallDict kwargs", PyObject_VectorcallDict(inst, vec + 1, 1, d));
    vc_mode = 2;
    {
        PyObject *r = PyObject_Vectorcall(inst, vec + 1, 1, NULL);
        printf("mode result+exc: Vectorcall is NULL: %d\n", r == NULL);
        Py_XDECREF(r);
        show_chain("mode result+exc");
    }
    vc_mode = 0;

    NoCall = PyType_FromSpec(&nocall_spec);
    nc = PyObject_CallNoArgs(NoCall);
    show("NoCall()", nc);
    show_int("PyCallable_Check(NoCall())", PyCallable_Check(nc));
    show_new("Vectorcall(NoCall(), 1)", PyObject_Vectorcall(nc, vec + 1, 1, NULL));
    show_new("Call(NoCall(), (1,2))", PyObject_Call(nc, args, NULL));

    show_new("Vectorcall(int 5)", PyObject_Vectorcall(vec[5], NULL, 0, NULL));
    show_new("PyVectorcall_Call(int 5)", PyVectorcall_Call(vec[5], args, NULL));
    show_new("Call(int 5)", PyObject_Call(vec[5], args, NULL));

    /* bound methods over a vectorcall callee */
    {
        PyObject *self = PyUnicode_FromString("SELF");
        PyObject *m = PyMethod_New(inst, self);
        show("PyMethod_New(inst, 'SELF')", m);
        show_int("PyMethod_Check", PyMethod_Check(m));
        show_int("PyMethod_Function is inst", PyMethod_Function(m) == inst);
        show_int("PyMethod_Self is self", PyMethod_Self(m) == self);
        show_int("PyMethod_GET_SELF is self", PyMethod_GET_SELF(m) == self);
        show_new("m.__func__", PyObject_GetAttrString(m, "__func__"));
        show_new("m.__self__", PyObject_GetAttrString(m, "__self__"));
        show_new("m(1) flag", PyObject_Vectorcall(m, vec + 1, 1 | FLAG, NULL));
        show_slot0("m(1) flag");
        show_new("m(1) no flag", PyObject_Vectorcall(m, vec + 1, 1, NULL));
        show_new("m(1, a=2, b=3) flag", PyObject_Vectorcall(m, vec + 1, 1 | FLAG, ab));
        show_new("m(1, a=2, b=3) no flag", PyObject_Vectorcall(m, vec + 1, 1, ab));
        show_new("m()", PyObject_Vectorcall(m, NULL, 0, NULL));
        show_new("m(1..5) no flag", PyObject_Vectorcall(m, vec + 1, 5, NULL));
        show_new("Call(m, (1,2))", PyObject_Call(m, args, NULL));
        show_new("PyMethod_New(inst, NULL)", PyMethod_New(inst, NULL));
        show("PyMethod_Function(int)", PyMethod_Function(vec[1]));
        Py_DECREF(m);
        Py_DECREF(self);
    }

    /* inheritance of the flag, and assigning __call__ */
    {
        PyObject *bases = PyTuple_Pack(1, VC), *Sub, *Sub2, *OwnCall, *s, *s2, *fast;
        Sub = PyType_FromSpecWithBases(&sub_spec, bases);
        Py_DECREF(bases);
        bases = PyTuple_Pack(1, Sub);
        Sub2 = PyType_FromSpecWithBases(&sub2_spec, bases);
        Py_DECREF(bases);
        bases = PyTuple_Pack(1, VC);
        OwnCall = PyType_FromSpecWithBases(&owncall_spec, bases);
        Py_DECREF(bases);
        show_flag("Sub has HAVE_VECTORCALL", Sub);
        show_flag("Sub2 has HAVE_VECTORCALL", Sub2);
        show_flag("OwnCall has HAVE_VECTORCALL", OwnCall);
        s = PyObject_CallNoArgs(Sub);
        s2 = PyObject_CallNoArgs(Sub2);
        show_new("Sub()(1)", PyObject_Vectorcall(s, vec + 1, 1, NULL));
        {
            PyObject *oc = PyObject_CallNoArgs(OwnCall);
            show_new("OwnCall()(1)", PyObject_Vectorcall(oc, vec + 1, 1, NULL));
            Py_XDECREF(oc);
        }
        fast = mkfunc(&def_fast);
        show_int("Sub.__call__ = fast", PyObject_SetAttrString(Sub, "__call__", fast));
        show_flag("Sub has HAVE_VECTORCALL", Sub);
        show_flag("Sub2 has HAVE_VECTORCALL", Sub2);
        show_flag("VC has HAVE_VECTORCALL", VC);
        show_new("Sub()(1)", PyObject_Vectorcall(s, vec + 1, 1, NULL));
        show_new("Sub2()(1)", PyObject_Vectorcall(s2, vec + 1, 1, NULL));
        show_new("VC()(1)", PyObject_Vectorcall(inst, vec + 1, 1, NULL));
        show_int("VC.__call__ = fast", PyObject_SetAttrString(VC, "__call__", fast));
        show_flag("VC has HAVE_VECTORCALL", VC);
        show_flag("OwnCall has HAVE_VECTORCALL", OwnCall);
        show_new("VC()(1)", PyObject_Vectorcall(inst, vec + 1, 1, NULL));
        show_int("PyVectorcall_Function(VC()) still set", PyVectorcall_Function(inst) != NULL);
        Py_DECREF(fast);
        Py_DECREF(s);
        Py_DECREF(s2);
        Py_DECREF(Sub2);
        Py_DECREF(Sub);
        Py_DECREF(OwnCall);
    }

    /* __vectorcalloffset__ with Py_RELATIVE_OFFSET */
    {
        PyType_Spec pos = {"probe.RelPos", sizeof(RelObject), 0,
                           Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL, rel_slots};
        PyType_Spec neg = {"probe.RelNeg", -(int)sizeof(vectorcallfunc), 0,
                           Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL, rel_slots};
        PyObject *t;
        show_new("RELATIVE_OFFSET, positive basicsize", PyType_FromSpec(&pos));
        t = PyType_FromSpec(&neg);
        show("RELATIVE_OFFSET, negative basicsize", t);
        if (t != NULL) {
            show_new("RelNeg.__vectorcalloffset__ > 0",
                     PyBool_FromLong(((PyTypeObject *)t)->tp_vectorcall_offset > 0));
            Py_DECREF(t);
        }
    }

    Py_DECREF(args);
    Py_DECREF(d);
    Py_DECREF(ab);
    Py_DECREF(nc);
    Py_DECREF(NoCall);
    Py_DECREF(inst);
    Py_DECREF(VC);
}

/* ---- methods of a heap type --------------------------------------------- */

typedef struct {
    PyObject_HEAD
} HTObject;

static PyObject *m_fast(PyObject *self, PyObject *const *args, Py_ssize_t n)
{
    log_call("m_fast", self, args, (size_t)n, NULL);
    return PyLong_FromSsize_t(n);
}

static PyObject *m_fastkw(PyObject *self, PyObject *const *args, Py_ssize_t n, PyObject *kw)
{
    log_call("m_fastkw", self, args, (size_t)n, kw);
    return PyLong_FromSsize_t(n);
}

static PyObject *m_meth(PyObject *self, PyTypeObject *cls, PyObject *const *args, size_t n,
                        PyObject *kw)
{
    printf("  m_meth: defining_class=%s raw_nargs=%zu\n", cls->tp_name, n);
    log_call("m_meth", self, args, n, kw);
    return PyLong_FromSize_t(n);
}

static PyObject *m_class(PyObject *cls, PyObject *const *args, Py_ssize_t n)
{
    log_call("m_class", cls, args, (size_t)n, NULL);
    return Py_NewRef(Py_None);
}

static PyObject *m_static(PyObject *self, PyObject *const *args, Py_ssize_t n)
{
    log_call("m_static", self, args, (size_t)n, NULL);
    return Py_NewRef(Py_None);
}

static PyMethodDef ht_methods[] = {
    {"m_fast", _PyCFunction_CAST(m_fast), METH_FASTCALL, NULL},
    {"m_fastkw", _PyCFunction_CAST(m_fastkw), METH_FASTCALL | METH_KEYWORDS, NULL},
    {"m_meth", _PyCFunction_CAST(m_meth), METH_METHOD | METH_FASTCALL | METH_KEYWORDS, NULL},
    {"m_o", f_o, METH_O, NULL},
    {"m_noargs", f_noargs, METH_NOARGS, NULL},
    {"m_varargs", f_varargs, METH_VARARGS, NULL},
    {"m_class", _PyCFunction_CAST(m_class), METH_CLASS | METH_FASTCALL, NULL},
    {"m_static", _PyCFunction_CAST(m_static), METH_STATIC | METH_FASTCALL, NULL},
    {NULL},
};

static PyObject *ht_repr(PyObject *o)
{
    return PyUnicode_FromFormat("<%s inst>", Py_TYPE(o)->tp_name);
}

static int ht_traverse(PyObject *o, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(o));
    return _PyObject_VisitManagedDict(o, visit, arg);
}

static int ht_clear(PyObject *o)
{
    _PyObject_ClearManagedDict(o);
    return 0;
}

static PyObject *prop_value;

static PyObject *ht_get_prop(PyObject *o, void *c)
{
    return Py_NewRef(prop_value);
}

static PyGetSetDef ht_getset[] = {
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict},
    {"prop", ht_get_prop, NULL},
    {NULL},
};

static PyType_Slot ht_slots[] = {
    {Py_tp_methods, ht_methods},
    {Py_tp_repr, ht_repr},
    {Py_tp_traverse, ht_traverse},
    {Py_tp_clear, ht_clear},
    {Py_tp_getset, ht_getset},
    {0, NULL},
};
static PyType_Spec ht_spec = {"probe.HT", sizeof(HTObject), 0,
                              Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC
                                  | Py_TPFLAGS_MANAGED_DICT,
                              ht_slots};

static PyObject *logging_getattro(PyObject *o, PyObject *name)
{
    printf("  __getattribute__(");
    ctest_write_str(name);
    printf(")\n");
    return PyObject_GenericGetAttr(o, name);
}

static PyType_Slot ht2_slots[] = {{Py_tp_getattro, logging_getattro}, {0, NULL}};
static PyType_Spec ht2_spec = {"probe.HT2", 0, 0, Py_TPFLAGS_DEFAULT,
                               ht2_slots};
static PyType_Spec htsub_spec = {"probe.HTSub", 0, 0, Py_TPFLAGS_DEFAULT,
                                 ht2_slots + 1};

static PyObject *S(const char *s)
{
    return PyUnicode_InternFromString(s);
}

static void method_calls(void)
{
    PyObject *HT = PyType_FromModuleAndSpec(mod, &ht_spec, NULL), *inst, *bases;
    PyObject *v[4], *n, *ab = names("a", "b"), *VC, *VCM, *vcinst, *vcminst;
    PyObject *HT2, *HTSub, *inst2, *subinst, *desc;

    inst = PyObject_CallNoArgs(HT);
    show("HT()", inst);
    v[0] = inst;
    v[1] = vec[1];
    v[2] = vec[2];
    v[3] = vec[3];

#define VM(label, name, nargsf, kw)                                              \
    do {                                                                         \
        n = S(name);                                                             \
        show_new(label, PyObject_VectorcallMethod(n, v, nargsf, kw));           \
        Py_DECREF(n);                                                            \
        CHECK(v[0] == inst);                                                     \
    } while (0)

    VM("VM m_fast(1,2)", "m_fast", 3, NULL);
    VM("VM m_fast(1,2) flag", "m_fast", 3 | FLAG, NULL);
    VM("VM m_fastkw(1, a=2, b=3)", "m_fastkw", 2 | FLAG, ab);
    VM("VM m_meth(1, a=2, b=3) flag", "m_meth", 2 | FLAG, ab);
    VM("VM m_o(1)", "m_o", 2, NULL);
    VM("VM m_o()", "m_o", 1, NULL);
    VM("VM m_noargs()", "m_noargs", 1 | FLAG, NULL);
    VM("VM m_noargs(1)", "m_noargs", 2, NULL);
    VM("VM m_varargs(1,2)", "m_varargs", 3, NULL);
    VM("VM m_varargs(1, a=2, b=3)", "m_varargs", 2, ab);
    VM("VM m_class(1)", "m_class", 2 | FLAG, NULL);
    VM("VM m_static(1)", "m_static", 2 | FLAG, NULL);
    VM("VM nope", "nope", 1, NULL);
    show_new("VM name=5", PyObject_VectorcallMethod(vec[5], v, 1, NULL));

    /* the descriptors themselves */
    desc = PyObject_GetAttrString(HT, "m_o");
    show("HT.m_o", desc);
    show_int("PyVectorcall_Function(HT.m_o) != NULL", PyVectorcall_Function(desc) != NULL);
    show_new("HT.m_o(inst, 1)", PyObject_Vectorcall(desc, v, 2, NULL));
    show_new("HT.m_o()", PyObject_Vectorcall(desc, NULL, 0, NULL));
    show_new("HT.m_o(5, 1)", PyObject_Vectorcall(desc, vec + 5, 1, NULL));
    show_new("HT.m_o(inst, 1, k=2)", PyObject_Vectorcall(desc, v, 1, ab));
    Py_DECREF(desc);
    desc = PyObject_GetAttrString(HT, "m_varargs");
    show_new("HT.m_varargs(inst, 1, a=.., b=..)", PyObject_Vectorcall(desc, v, 2, ab));
    Py_DECREF(desc);
    desc = PyObject_GetAttrString(inst, "m_o");
    show_new("type(inst.m_o)", PyObject_Type(desc));
    show_int("inst.m_o.__self__ is inst", PyCFunction_GetSelf(desc) == inst);
    show_new("inst.m_o.__qualname__", PyObject_GetAttrString(desc, "__qualname__"));
    show_new("inst.m_o(1,2)", PyObject_Vectorcall(desc, vec + 1, 2, NULL));
    Py_DECREF(desc);

    /* convenience entry points */
    n = S("m_noargs");
    show_new("CallMethodNoArgs(inst, m_noargs)", PyObject_CallMethodNoArgs(inst, n));
    Py_DECREF(n);
    n = S("m_o");
    show_new("CallMethodOneArg(inst, m_o, 1)", PyObject_CallMethodOneArg(inst, n, vec[1]));
    Py_DECREF(n);
    n = S("m_fast");
    show_new("CallMethodObjArgs(inst, m_fast, 1, 2)",
             PyObject_CallMethodObjArgs(inst, n, vec[1], vec[2], NULL));
    Py_DECREF(n);
    n = S("nope");
    show_new("CallMethodObjArgs(inst, nope)", PyObject_CallMethodObjArgs(inst, n, NULL));
    Py_DECREF(n);
    show_new("CallMethod(inst, m_fast, \"ii\")", PyObject_CallMethod(inst, "m_fast", "ii", 1, 2));
    show_new("CallMethod(inst, nope)", PyObject_CallMethod(inst, "nope", NULL));

    /* bound paths: instance attribute, class attribute without the flag */
    VC = PyType_FromSpec(&vc_spec);
    VCM = PyType_FromSpec(&vcm_spec);
    vcinst = PyObject_CallNoArgs(VC);
    vcminst = PyObject_CallNoArgs(VCM);
    show_int("inst.m_fast = VC()", PyObject_SetAttrString(inst, "m_fast", vcinst));
    VM("VM shadowed m_fast(1) flag", "m_fast", 2 | FLAG, NULL);
    VM("VM shadowed m_fast(1) no flag", "m_fast", 2, NULL);
    show_int("del inst.m_fast", PyObject_DelAttrString(inst, "m_fast"));
    show_int("HT.plain = VC()", PyObject_SetAttrString(HT, "plain", vcinst));
    VM("VM plain(1) flag", "plain", 2 | FLAG, NULL);
    VM("VM plain(1) no flag", "plain", 2, NULL);
    show_int("HT.md = VCM()", PyObject_SetAttrString(HT, "md", vcminst));
    VM("VM md(1) flag", "md", 2 | FLAG, NULL);
    desc = PyObject_GetAttrString(inst, "md");
    show("inst.md", desc);
    show_new("inst.md(1) flag", PyObject_Vectorcall(desc, vec + 1, 1 | FLAG, NULL));
    Py_XDECREF(desc);
    prop_value = vcinst;
    {
        PyObject *d = PyObject_GenericGetDict(inst, NULL);
        PyDict_SetItemString(d, "prop", vec[5]);
        Py_DECREF(d);
    }
    VM("VM prop(1) flag (property beats __dict__)", "prop", 2 | FLAG, NULL);

    /* a type with its own __getattribute__ */
    bases = PyTuple_Pack(1, HT);
    HT2 = PyType_FromSpecWithBases(&ht2_spec, bases);
    show("HT2 type", HT2);
    HTSub = PyType_FromSpecWithBases(&htsub_spec, bases);
    show("HTSub type", HTSub);
    Py_DECREF(bases);
    inst2 = PyObject_CallNoArgs(HT2);
    v[0] = inst2;
    n = S("md");
    show_new("VM HT2 md(1) flag", PyObject_VectorcallMethod(n, v, 2 | FLAG, NULL));
    Py_DECREF(n);
    n = S("m_fast");
    show_new("VM HT2 m_fast(1)", PyObject_VectorcallMethod(n, v, 2, NULL));
    Py_DECREF(n);
    subinst = PyObject_CallNoArgs(HTSub);
    v[0] = subinst;
    n = S("m_meth");
    show_new("VM HTSub m_meth(1)", PyObject_VectorcallMethod(n, v, 2, NULL));
    Py_DECREF(n);
    v[0] = inst;
#undef VM

    Py_DECREF(subinst);
    Py_DECREF(inst2);
    Py_DECREF(HTSub);
    Py_DECREF(HT2);
    Py_DECREF(vcinst);
    Py_DECREF(vcminst);
    Py_DECREF(VC);
    Py_DECREF(VCM);
    Py_DECREF(ab);
    Py_DECREF(inst);
    Py_DECREF(HT);
}

/* ---- qualified names, CallObject, recursion ------------------------------ */

static int depth;

static int rec(void)
{
    int r;
    if (Py_EnterRecursiveCall(" in rec"))
        return -1;
    depth++;
    r = rec();
    Py_LeaveRecursiveCall();
    return r;
}

static void misc(void)
{
    PyObject *s = PyUnicode_FromString("text"), *f = PyCFunction_New(&def_o, s), *fast;

    show_new("o bound to str: __qualname__", PyObject_GetAttrString(f, "__qualname__"));
    show_new("o bound to str: ()", PyObject_Vectorcall(f, NULL, 0, NULL));
    show_new("o bound to str: (1)", PyObject_Vectorcall(f, vec + 1, 1, NULL));
    Py_DECREF(f);
    Py_DECREF(s);

    fast = mkfunc(&def_fast);
    show_new("CallObject(fast, NULL)", PyObject_CallObject(fast, NULL));
    show_new("CallObject(fast, 1)", PyObject_CallObject(fast, vec[1]));
    Py_DECREF(fast);

    depth = 0;
    show_int("rec() result", rec());
    show_int("rec depth", depth);
    show_exc("rec exception");
    depth = 0;
    rec();
    PyErr_Clear();
    show_int("rec depth again", depth);
    show_int("EnterRecursiveCall after", Py_EnterRecursiveCall(""));
    Py_LeaveRecursiveCall();

    recursive_fn = mkfunc(&def_recurse);
    rec_depth = 0;
    show_new("recurse()", PyObject_Vectorcall(recursive_fn, NULL, 0, NULL));
    show_int("recurse depth", rec_depth);
    Py_CLEAR(recursive_fn);
}

int main(void)
{
    Py_Initialize();
    mod = PyModule_New("probe");
    modname = PyUnicode_FromString("probe");
    vec_init();
    constants_and_pointers();
    builtin_conventions();
    result_checks();
    custom_vectorcall();
    method_calls();
    misc();
    for (int i = 0; i < 6; i++)
        Py_DECREF(vec[i]);
    Py_DECREF(modname);
    Py_DECREF(mod);
    return ctest_finish();
}
