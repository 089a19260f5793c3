/*
 * funcobject.c -- code and function objects as far as calls need them:
 * PyCode_NewEmpty, PyUnstable_Code_New(WithPosOnlyArgs) and its checks,
 * co_* attributes, PyFunction_New(WithQualName), the PyFunction_Get and Set
 * accessors and their errors, the function attributes, argument binding
 * errors (CPython's messages), calling the code of PyCode_NewEmpty,
 * functions as methods, and PyFunction_SetVectorcall.
 *
 * Running any other code needs the evaluator, which Ophis does not have
 * yet: funcobject.differences holds the one line where that shows.
 */
#include "ctest.h"

#define FLAG PY_VECTORCALL_ARGUMENTS_OFFSET

static void show_exc_repr(const char *label)
{
    PyObject *e = PyErr_GetRaisedException();
    printf("%s: ", label);
    if (e == NULL) {
        puts("no exception");
        return;
    }
    PyObject *r = PyObject_Repr(e);
    ctest_write_str(r);
    fputc('\n', stdout);
    Py_XDECREF(r);
    Py_DECREF(e);
}

static void attr(const char *label, PyObject *o, const char *name)
{
    char l[160];
    snprintf(l, sizeof l, "%s.%s", label, name);
    show_new(l, PyObject_GetAttrString(o, name));
}

static PyObject *e_tuple, *e_bytes, *none_consts;

/* A code object whose bytecode is RESUME 0; RETURN_CONST 0 (consts[0] must
   exist: None unless given). */
static PyObject *mkcode(int argc, int posonly, int kwonly, int flags, const char **vars, int nvars,
                        PyObject *consts, const char *name, const char *qualname)
{
    PyObject *code = PyBytes_FromStringAndSize("\x97\x00\x79\x00", 4);
    PyObject *vn = PyTuple_New(nvars);
    for (int i = 0; i < nvars; i++)
        PyTuple_SET_ITEM(vn, i, PyUnicode_InternFromString(vars[i]));
    PyObject *fn = PyUnicode_FromString("f.py"), *nm = PyUnicode_FromString(name);
    PyObject *qn = qualname ? PyUnicode_FromString(qualname) : NULL;
    PyObject *c = (PyObject *)PyUnstable_Code_NewWithPosOnlyArgs(
        argc, posonly, kwonly, nvars, 1, flags, code, consts ? consts : none_consts, e_tuple, vn,
        e_tuple, e_tuple, fn, nm, qn, 3, e_bytes, e_bytes);
    Py_DECREF(code);
    Py_DECREF(vn);
    Py_DECREF(fn);
    Py_DECREF(nm);
    Py_XDECREF(qn);
    return c;
}

static void code_objects(void)
{
    PyObject *c = (PyObject *)PyCode_NewEmpty("file.py", "fname", 7);
    const char *names[] = {"co_code", "co_name", "co_qualname", "co_filename", "co_varnames",
                           "co_cellvars", "co_freevars", "co_consts", "co_names", "co_flags",
                           "co_argcount", "co_posonlyargcount", "co_kwonlyargcount",
                           "co_nlocals", "co_stacksize", "co_firstlineno", "co_linetable",
                           "co_exceptiontable"};
    show_int("PyCode_Check(empty)", PyCode_Check(c));
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        attr("empty", c, names[i]);
    show_int("PyCode_GetNumFree", PyCode_GetNumFree((PyCodeObject *)c));
    show_int("PyCode_GetFirstFree", PyCode_GetFirstFree((PyCodeObject *)c));
    show_int("co_firstlineno field", ((PyCodeObject *)c)->co_firstlineno);
    show_new("PyCode_GetCode", PyCode_GetCode((PyCodeObject *)c));
    show_new("PyCode_GetVarnames", PyCode_GetVarnames((PyCodeObject *)c));
    show_new("PyCode_GetCellvars", PyCode_GetCellvars((PyCodeObject *)c));
    show_new("PyCode_GetFreevars", PyCode_GetFreevars((PyCodeObject *)c));
    Py_DECREF(c);

    {
        const char *vars[] = {"a", "b", "k", "extra"};
        c = mkcode(2, 1, 1, CO_OPTIMIZED | CO_NEWLOCALS, vars, 4, NULL, "pf", "Outer.pf");
        attr("pf", c, "co_varnames");
        attr("pf", c, "co_nlocals");
        attr("pf", c, "co_argcount");
        attr("pf", c, "co_posonlyargcount");
        attr("pf", c, "co_kwonlyargcount");
        attr("pf", c, "co_qualname");
        Py_DECREF(c);
        show_new("varnames too small", mkcode(2, 0, 1, CO_VARARGS, vars, 3, NULL, "x", "x"));
        show_new("posonly > argcount", mkcode(1, 2, 0, 0, vars, 3, NULL, "x", "x"));
        show_new("qualname NULL", mkcode(0, 0, 0, 0, vars, 0, NULL, "nq", NULL));
    }
    {
        PyObject *odd = PyBytes_FromStringAndSize("\x97", 1), *fn = PyUnicode_FromString("f.py");
        show_new("odd co_code", (PyObject *)PyUnstable_Code_New(0, 0, 0, 1, 0, odd, e_tuple, e_tuple,
                                                             e_tuple, e_tuple, e_tuple, fn, fn, fn,
                                                             1, e_bytes, e_bytes));
        show_new("consts not a tuple", (PyObject *)PyUnstable_Code_New(
                                           0, 0, 0, 1, 0, e_bytes, e_bytes, e_tuple, e_tuple,
                                           e_tuple, e_tuple, fn, fn, fn, 1, e_bytes, e_bytes));
        show_new("negative stacksize", (PyObject *)PyUnstable_Code_New(
                                           0, 0, 0, -1, 0, e_bytes, e_tuple, e_tuple, e_tuple,
                                           e_tuple, e_tuple, fn, fn, fn, 1, e_bytes, e_bytes));
        Py_DECREF(odd);
        Py_DECREF(fn);
    }
}

static PyObject *vc_replacement(PyObject *f, PyObject *const *args, size_t nargsf,
                                PyObject *kwnames)
{
    printf("  replacement: nargs=%zd %s\n", PyVectorcall_NARGS(nargsf),
           (nargsf & FLAG) ? "offset" : "no-offset");
    return PyLong_FromSsize_t(PyVectorcall_NARGS(nargsf));
}

static PyObject *ht_repr(PyObject *o)
{
    return PyUnicode_FromString("<HT inst>");
}

static PyType_Slot ht_slots[] = {{Py_tp_repr, ht_repr}, {0, NULL}};
static PyType_Spec ht_spec = {"probe.HT", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, ht_slots};

static void functions(void)
{
    PyObject *g = PyDict_New(), *c, *f, *v[6], *kw;
    const char *vars[] = {"a", "b", "k"};
    PyDict_SetItemString(g, "__name__", PyUnicode_FromString("mymod"));
    for (int i = 0; i < 6; i++)
        v[i] = PyLong_FromLong(i);

    c = (PyObject *)PyCode_NewEmpty("file.py", "fname", 7);
    f = PyFunction_New(c, g);
    show_int("PyFunction_Check", PyFunction_Check(f));
    attr("f", f, "__name__");
    attr("f", f, "__qualname__");
    attr("f", f, "__module__");
    attr("f", f, "__doc__");
    attr("f", f, "__defaults__");
    attr("f", f, "__kwdefaults__");
    attr("f", f, "__closure__");
    show_int("f.__code__ is c", PyObject_GetAttrString(f, "__code__") == c);
    Py_DECREF(c);
    show_int("f.__globals__ is g", PyObject_GetAttrString(f, "__globals__") == g);
    {
        PyObject *b = PyObject_GetAttrString(f, "__builtins__");
        show_int("f.__builtins__ is a dict", b && PyDict_Check(b));
        show_int("f.__builtins__['ValueError'] is PyExc_ValueError",
                 b && PyDict_GetItemString(b, "ValueError") == PyExc_ValueError);
        Py_XDECREF(b);
    }
    show_int("PyFunction_GetCode == GET_CODE", PyFunction_GetCode(f) == PyFunction_GET_CODE(f));
    show_int("PyFunction_GetGlobals is g", PyFunction_GetGlobals(f) == g);
    show("PyFunction_GetModule", PyFunction_GetModule(f));
    show("PyFunction_GetDefaults", PyFunction_GetDefaults(f));
    show("PyFunction_GetKwDefaults", PyFunction_GetKwDefaults(f));
    show("PyFunction_GetClosure", PyFunction_GetClosure(f));
    show("PyFunction_GetAnnotations", PyFunction_GetAnnotations(f));
    attr("f", f, "__annotations__");
    show("PyFunction_GetAnnotations after", PyFunction_GetAnnotations(f));
    show("PyFunction_GetCode(int)", PyFunction_GetCode(v[1]));
    show_int("SetDefaults(int)", PyFunction_SetDefaults(v[1], Py_None));

    PyObject *r = PyObject_CallNoArgs(f);
    printf("f() is NULL: %d\n", r == NULL);
    show_exc_repr("f() raised");
    show_new("f(1)", PyObject_CallOneArg(f, v[1]));

    /* function attributes from Python's side */
    show_int("f.x = 5", PyObject_SetAttrString(f, "x", v[5]));
    attr("f", f, "x");
    attr("f", f, "__dict__");
    show_int("f.__name__ = 'renamed'",
             PyObject_SetAttrString(f, "__name__", PyUnicode_FromString("renamed")));
    attr("f", f, "__name__");
    show_int("f.__name__ = 5", PyObject_SetAttrString(f, "__name__", v[5]));
    show_exc("f.__name__ = 5 error");
    show_int("f.__defaults__ = []", PyObject_SetAttrString(f, "__defaults__", PyList_New(0)));
    show_exc("f.__defaults__ = [] error");
    show_int("f.__kwdefaults__ = 5", PyObject_SetAttrString(f, "__kwdefaults__", v[5]));
    show_exc("f.__kwdefaults__ = 5 error");
    show_int("f.__code__ = 5", PyObject_SetAttrString(f, "__code__", v[5]));
    show_exc("f.__code__ = 5 error");
    Py_DECREF(f);

    /* argument binding */
    c = mkcode(2, 1, 1, CO_OPTIMIZED | CO_NEWLOCALS, vars, 3, NULL, "pf", "Outer.pf");
    f = PyFunction_New(c, g);
    attr("pf", f, "__qualname__");
    show_new("pf(1,2,3)", PyObject_Vectorcall(f, v + 1, 3, NULL));
    show_new("pf()", PyObject_Vectorcall(f, NULL, 0, NULL));
    show_new("pf(1)", PyObject_Vectorcall(f, v + 1, 1, NULL));
    kw = Py_BuildValue("(s)", "a");
    show_new("pf(1, a=2)", PyObject_Vectorcall(f, v + 1, 1, kw));
    Py_DECREF(kw);
    kw = Py_BuildValue("(s)", "b");
    show_new("pf(1, b=2)", PyObject_Vectorcall(f, v + 1, 1, kw));
    Py_DECREF(kw);
    kw = Py_BuildValue("(ss)", "b", "b");
    show_new("pf(1, b=2, b=3)", PyObject_Vectorcall(f, v + 1, 1, kw));
    Py_DECREF(kw);
    kw = Py_BuildValue("(s)", "x");
    show_new("pf(1, 2, x=3)", PyObject_Vectorcall(f, v + 1, 2, kw));
    Py_DECREF(kw);
    kw = Py_BuildValue("(i)", 5);
    show_new("pf(1, 2, 5=3)", PyObject_Vectorcall(f, v + 1, 2, kw));
    Py_DECREF(kw);
    show_new("pf(1,2)", PyObject_Vectorcall(f, v + 1, 2, NULL));
    kw = Py_BuildValue("(s)", "k");
    show_new("pf(1, 2, k=3)", PyObject_Vectorcall(f, v + 1, 2, kw));
    show_new("pf(1, 2, 3, k=4)", PyObject_Vectorcall(f, v + 1, 3, kw));
    Py_DECREF(kw);
    show_int("SetDefaults((9,))", PyFunction_SetDefaults(f, Py_BuildValue("(i)", 9)));
    show("GET_DEFAULTS", PyFunction_GET_DEFAULTS(f));
    show_new("pf(1) defaults", PyObject_Vectorcall(f, v + 1, 1, NULL));
    show_new("pf(1,2,3,4) defaults", PyObject_Vectorcall(f, v + 1, 4, NULL));
    show_int("SetDefaults(None)", PyFunction_SetDefaults(f, Py_None));
    show("GetDefaults after None", PyFunction_GetDefaults(f));
    show_int("SetDefaults(NULL)", PyFunction_SetDefaults(f, NULL));
    show_int("SetDefaults([])", PyFunction_SetDefaults(f, PyList_New(0)));
    show_int("SetKwDefaults([])", PyFunction_SetKwDefaults(f, PyList_New(0)));
    show_int("SetKwDefaults({'k': 7})", PyFunction_SetKwDefaults(f, Py_BuildValue("{s:i}", "k", 7)));
    show("GetKwDefaults", PyFunction_GetKwDefaults(f));
    show_int("SetClosure([])", PyFunction_SetClosure(f, PyList_New(0)));
    show_int("SetClosure(None)", PyFunction_SetClosure(f, Py_None));
    show_int("SetAnnotations([])", PyFunction_SetAnnotations(f, PyList_New(0)));
    show_int("SetAnnotations({})", PyFunction_SetAnnotations(f, PyDict_New()));
    show("GetAnnotations", PyFunction_GetAnnotations(f));
    show_new("pf(1, 2, 3, 4, 5)", PyObject_Vectorcall(f, v + 1, 5, NULL));
    Py_DECREF(f);
    Py_DECREF(c);

    {
        const char *vars2[] = {"a", "b", "c", "d", "args", "kwargs"};
        PyObject *consts = Py_BuildValue("(s)", "the doc");
        c = mkcode(4, 0, 0, CO_VARARGS | CO_VARKEYWORDS, vars2, 6, consts, "many", "many");
        f = PyFunction_NewWithQualName(c, g, PyUnicode_FromString("Q.many"));
        attr("many", f, "__doc__");
        attr("many", f, "__qualname__");
        show_new("many()", PyObject_Vectorcall(f, NULL, 0, NULL));
        show_new("many(1)", PyObject_Vectorcall(f, v + 1, 1, NULL));
        kw = Py_BuildValue("(s)", "c");
        show_new("many(c=1)", PyObject_Vectorcall(f, v + 1, 0, kw));
        Py_DECREF(kw);
        Py_DECREF(consts);
        Py_DECREF(f);
        Py_DECREF(c);
    }

    /* functions as methods; PyFunction_SetVectorcall */
    {
        PyObject *HT = PyType_FromSpec(&ht_spec), *inst = PyObject_CallNoArgs(HT), *n, *m;
        PyObject *args[3];
        c = (PyObject *)PyCode_NewEmpty("file.py", "meth", 1);
        f = PyFunction_NewWithQualName(c, g, PyUnicode_FromString("HT.meth"));
        show_int("Function type has METHOD_DESCRIPTOR",
                 (PyType_GetFlags(Py_TYPE(f)) & Py_TPFLAGS_METHOD_DESCRIPTOR) != 0);
        show_int("HT.meth = f", PyObject_SetAttrString(HT, "meth", f));
        m = PyObject_GetAttrString(inst, "meth");
        show("inst.meth", m);
        show_int("PyMethod_Check(inst.meth)", PyMethod_Check(m));
        Py_XDECREF(m);
        PyFunction_SetVectorcall((PyFunctionObject *)f, vc_replacement);
        show_int("PyVectorcall_Function(f) == replacement",
                 PyVectorcall_Function(f) == vc_replacement);
        show_new("CallOneArg(f, 1)", PyObject_CallOneArg(f, v[1]));
        {
            PyObject *t = PyTuple_Pack(2, v[1], v[2]);
            show_new("Call(f, (1, 2))", PyObject_Call(f, t, NULL));
            Py_DECREF(t);
        }
        args[0] = NULL;
        args[1] = inst;
        args[2] = v[1];
        n = PyUnicode_InternFromString("meth");
        show_new("VectorcallMethod(meth, inst, 1) flag",
                 PyObject_VectorcallMethod(n, args + 1, 2 | FLAG, NULL));
        m = PyObject_GetAttrString(inst, "meth");
        show_new("inst.meth(1) flag", PyObject_Vectorcall(m, args + 2, 1 | FLAG, NULL));
        Py_XDECREF(m);
        Py_DECREF(n);
        Py_DECREF(f);
        Py_DECREF(c);
        Py_DECREF(inst);
        Py_DECREF(HT);
    }
    for (int i = 0; i < 6; i++)
        Py_DECREF(v[i]);
    Py_DECREF(g);
}

int main(void)
{
    Py_Initialize();
    e_tuple = PyTuple_New(0);
    e_bytes = PyBytes_FromString("");
    none_consts = PyTuple_Pack(1, Py_None);
    code_objects();
    functions();
    Py_DECREF(e_tuple);
    Py_DECREF(e_bytes);
    return ctest_finish();
}
