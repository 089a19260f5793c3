/*
 * object.c -- the abstract object protocol: repr/str/ascii, hashing,
 * comparisons, truth, item access, attributes (on module objects),
 * isinstance/issubclass, callability and type introspection.
 */
#include "ctest.h"

#include <math.h>

static PyObject *ret_none(void) { Py_RETURN_NONE; }
static PyObject *ret_true(void) { Py_RETURN_TRUE; }
static PyObject *ret_false(void) { Py_RETURN_FALSE; }
static PyObject *ret_notimpl(void) { Py_RETURN_NOTIMPLEMENTED; }

#define T(tp) ((PyObject *)&(tp))

static void singletons(void)
{
    PyObject *r;
    show("None", Py_None);
    show("True", Py_True);
    show("False", Py_False);
    show("NotImplemented", Py_NotImplemented);
    show("Ellipsis", Py_Ellipsis);
    show_str("str(None)", Py_None);
    r = ret_none();
    printf("Py_RETURN_NONE: %d\n", Py_IsNone(r));
    Py_DECREF(r);
    r = ret_true();
    printf("Py_RETURN_TRUE: %d\n", Py_IsTrue(r));
    Py_DECREF(r);
    r = ret_false();
    printf("Py_RETURN_FALSE: %d\n", Py_IsFalse(r));
    Py_DECREF(r);
    r = ret_notimpl();
    printf("Py_RETURN_NOTIMPLEMENTED: %d\n", Py_Is(r, Py_NotImplemented));
    Py_DECREF(r);
    printf("Py_IsNone(False): %d\n", Py_IsNone(Py_False));
    printf("Py_IsTrue(int 1): %d\n", Py_IsTrue(r = PyLong_FromLong(1)));
    Py_DECREF(r);
    printf("Py_IsFalse(int 0): %d\n", Py_IsFalse(r = PyLong_FromLong(0)));
    Py_DECREF(r);
    show_int("hash(None)", (long long)PyObject_Hash(Py_None));
    show_int("hash(True)", (long long)PyObject_Hash(Py_True));
    show_int("hash(False)", (long long)PyObject_Hash(Py_False));
}

static void repr_str_ascii(void)
{
    PyObject *s = PyUnicode_FromString("\xc3\xa9t\xc3\xa9");
    PyObject *l = Py_BuildValue("[Oi(Os)]", s, 1, Py_None, "x");

    show_str_new("Repr(str)", PyObject_Repr(s));
    show_str_new("Str(str)", PyObject_Str(s));
    show_str_new("ASCII(str)", PyObject_ASCII(s));
    show_str_new("Repr(list)", PyObject_Repr(l));
    show_str_new("Str(list)", PyObject_Str(l));
    show_str_new("ASCII(list)", PyObject_ASCII(l));
    show_str_new("Repr(NULL)", PyObject_Repr(NULL));
    show_str_new("Str(NULL)", PyObject_Str(NULL));
    show_str_new("ASCII(NULL)", PyObject_ASCII(NULL));
    show_str_new("Repr(int type)", PyObject_Repr(T(PyLong_Type)));
    show_str_new("Repr(object type)", PyObject_Repr(T(PyBaseObject_Type)));
    show_str_new("Repr(type type)", PyObject_Repr(T(PyType_Type)));
    show_str_new("Repr(module type)", PyObject_Repr(T(PyModule_Type)));
    show_str_new("Repr(bool type)", PyObject_Repr(T(PyBool_Type)));
    show_str_new("Repr(ValueError)", PyObject_Repr(PyExc_ValueError));
    show_str_new("Str(KeyError)", PyObject_Str(PyExc_KeyError));
    show_str_new("Repr(type(None))", PyObject_Repr((PyObject *)Py_TYPE(Py_None)));
    show_str_new("Repr(type(Ellipsis))", PyObject_Repr((PyObject *)Py_TYPE(Py_Ellipsis)));
    show_str_new("Repr(type(NotImplemented))", PyObject_Repr((PyObject *)Py_TYPE(Py_NotImplemented)));
    Py_DECREF(s);
    Py_DECREF(l);
}

static void hashing(void)
{
    PyObject *d = PyDict_New();
    PyObject *l = PyList_New(0);
    PyObject *t = Py_BuildValue("(i[])", 1);
    show_int("hash(dict)", (long long)PyObject_Hash(d));
    show_int("hash(list)", (long long)PyObject_Hash(l));
    show_int("hash((1, []))", (long long)PyObject_Hash(t));
    Py_DECREF(d);
    Py_DECREF(l);
    Py_DECREF(t);
}

static void comparisons(void)
{
    PyObject *nan = PyFloat_FromDouble(NAN);
    PyObject *l1 = PyList_New(0), *l2 = PyList_New(0);
    PyObject *one = PyLong_FromLong(1);
    PyObject *s = PyUnicode_FromString("1");
    PyList_Append(l1, nan);
    PyList_Append(l2, nan);

    show_new("cmp(None == None)", PyObject_RichCompare(Py_None, Py_None, Py_EQ));
    show_new("cmp(None != None)", PyObject_RichCompare(Py_None, Py_None, Py_NE));
    show_new("cmp(None < None)", PyObject_RichCompare(Py_None, Py_None, Py_LT));
    show_new("cmp(None == 1)", PyObject_RichCompare(Py_None, one, Py_EQ));
    show_new("cmp(1 == '1')", PyObject_RichCompare(one, s, Py_EQ));
    show_new("cmp(nan == nan) same object", PyObject_RichCompare(nan, nan, Py_EQ));
    show_int("cmpbool(nan == nan) same object", PyObject_RichCompareBool(nan, nan, Py_EQ));
    show_int("cmpbool(nan != nan) same object", PyObject_RichCompareBool(nan, nan, Py_NE));
    show_int("cmpbool(nan < nan) same object", PyObject_RichCompareBool(nan, nan, Py_LT));
    show_int("cmpbool(nan <= nan) same object", PyObject_RichCompareBool(nan, nan, Py_LE));
    show_new("cmp([nan] == [nan])", PyObject_RichCompare(l1, l2, Py_EQ));
    show_int("cmpbool(None < None) same object", PyObject_RichCompareBool(Py_None, Py_None, Py_LT));
    show_int("cmpbool(None == None)", PyObject_RichCompareBool(Py_None, Py_None, Py_EQ));
    show_int("cmpbool(1 < '1')", PyObject_RichCompareBool(one, s, Py_LT));
    show_new("cmp(int type == int type)", PyObject_RichCompare(T(PyLong_Type), T(PyLong_Type), Py_EQ));
    show_new("cmp(int type < float type)", PyObject_RichCompare(T(PyLong_Type), T(PyFloat_Type), Py_LT));
    show_new("cmp(NULL == 1)", PyObject_RichCompare(NULL, one, Py_EQ));

    Py_DECREF(nan);
    Py_DECREF(l1);
    Py_DECREF(l2);
    Py_DECREF(one);
    Py_DECREF(s);
}

static void truth(void)
{
    struct { const char *label; PyObject *o; } cases[14];
    int n = 0, i;
    cases[n].label = "None"; cases[n++].o = Py_NewRef(Py_None);
    cases[n].label = "True"; cases[n++].o = Py_NewRef(Py_True);
    cases[n].label = "False"; cases[n++].o = Py_NewRef(Py_False);
    cases[n].label = "0"; cases[n++].o = PyLong_FromLong(0);
    cases[n].label = "-3"; cases[n++].o = PyLong_FromLong(-3);
    cases[n].label = "0.0"; cases[n++].o = PyFloat_FromDouble(0.0);
    cases[n].label = "''"; cases[n++].o = PyUnicode_FromString("");
    cases[n].label = "' '"; cases[n++].o = PyUnicode_FromString(" ");
    cases[n].label = "b''"; cases[n++].o = PyBytes_FromString("");
    cases[n].label = "()"; cases[n++].o = PyTuple_New(0);
    cases[n].label = "(None,)"; cases[n++].o = Py_BuildValue("(O)", Py_None);
    cases[n].label = "{}"; cases[n++].o = PyDict_New();
    cases[n].label = "int type"; cases[n++].o = Py_NewRef(T(PyLong_Type));
    cases[n].label = "module"; cases[n++].o = PyModule_New("m");
    for (i = 0; i < n; i++) {
        char label[64];
        snprintf(label, sizeof label, "IsTrue(%s)", cases[i].label);
        show_int(label, PyObject_IsTrue(cases[i].o));
        snprintf(label, sizeof label, "Not(%s)", cases[i].label);
        show_int(label, PyObject_Not(cases[i].o));
        Py_DECREF(cases[i].o);
    }
}

static void type_and_size(void)
{
    PyObject *i = PyLong_FromLong(5);
    PyObject *s = PyUnicode_FromString("abc");
    PyObject *d = Py_BuildValue("{s:i}", "a", 1);
    PyObject *m = PyModule_New("m");
    PyObject *t;

    t = PyObject_Type(i);
    show("Type(5)", t);
    printf("Type(5).is_PyLong_Type: %d\n", t == T(PyLong_Type));
    Py_DECREF(t);
    show_new("Type(True)", PyObject_Type(Py_True));
    show_new("Type(None)", PyObject_Type(Py_None));
    show_new("Type(int type)", PyObject_Type(T(PyLong_Type)));
    show_new("Type(module)", PyObject_Type(m));
    show_new("Type(NULL)", PyObject_Type(NULL));
    printf("Py_TYPE(Py_TYPE(5)) is type: %d\n", Py_TYPE((PyObject *)Py_TYPE(i)) == &PyType_Type);

    show_int("Size('abc')", PyObject_Size(s));
    show_int("Size({a:1})", PyObject_Size(d));
    show_int("Length({a:1})", PyObject_Length(d));
    show_int("Size(5)", PyObject_Size(i));
    show_int("Size(None)", PyObject_Size(Py_None));
    show_int("Size(module)", PyObject_Size(m));
    show_int("Size(NULL)", PyObject_Size(NULL));

    Py_DECREF(i);
    Py_DECREF(s);
    Py_DECREF(d);
    Py_DECREF(m);
}

static void items(void)
{
    PyObject *d = Py_BuildValue("{s:i,i:s}", "a", 1, 2, "two");
    PyObject *l = Py_BuildValue("[iii]", 10, 20, 30);
    PyObject *t = Py_BuildValue("(sss)", "x", "y", "z");
    PyObject *a = PyUnicode_FromString("a");
    PyObject *zz = PyUnicode_FromString("zz");
    PyObject *m1 = PyLong_FromLong(-1);
    PyObject *m3 = PyLong_FromLong(-3);
    PyObject *m4 = PyLong_FromLong(-4);
    PyObject *two = PyLong_FromLong(2);
    PyObject *five = PyLong_FromLong(5);
    PyObject *bigi = PyLong_FromDouble(1e30);
    PyObject *v = PyUnicode_FromString("new");

    show_new("dict[a]", PyObject_GetItem(d, a));
    show_new("dict[2]", PyObject_GetItem(d, two));
    show_new("dict[zz]", PyObject_GetItem(d, zz));
    show_int("dict[zz] = new", PyObject_SetItem(d, zz, v));
    show_int("del dict[a]", PyObject_DelItem(d, a));
    show_int("del dict[a] again", PyObject_DelItem(d, a));
    show("dict after", d);

    show_new("list[-1]", PyObject_GetItem(l, m1));
    show_new("list[-3]", PyObject_GetItem(l, m3));
    show_new("list[-4]", PyObject_GetItem(l, m4));
    show_new("list[5]", PyObject_GetItem(l, five));
    show_new("list[10**30]", PyObject_GetItem(l, bigi));
    show_new("list[True]", PyObject_GetItem(l, Py_True));
    show_int("list[-1] = new", PyObject_SetItem(l, m1, v));
    show_int("list[5] = new", PyObject_SetItem(l, five, v));
    show_int("del list[-3]", PyObject_DelItem(l, m3));
    show_int("del list[-3] again", PyObject_DelItem(l, m3));
    show("list after", l);
    show_new("list['a']", PyObject_GetItem(l, a));

    show_new("tuple[-1]", PyObject_GetItem(t, m1));
    show_new("tuple[-4]", PyObject_GetItem(t, m4));
    show_new("tuple[10**30]", PyObject_GetItem(t, bigi));
    show_int("tuple[0] = new", PyObject_SetItem(t, two, v));
    show_int("del tuple[0]", PyObject_DelItem(t, two));

    show_new("'a'[-1]", PyObject_GetItem(a, m1));
    show_new("5[0]", PyObject_GetItem(five, two));
    show_int("5[0] = x", PyObject_SetItem(five, two, v));
    show_int("del 5[0]", PyObject_DelItem(five, two));
    show_new("None[0]", PyObject_GetItem(Py_None, two));
    show_new("int[0]", PyObject_GetItem(T(PyLong_Type), two));
    show_new("NULL[0]", PyObject_GetItem(NULL, two));
    show_new("d[NULL]", PyObject_GetItem(d, NULL));

    Py_DECREF(d);
    Py_DECREF(l);
    Py_DECREF(t);
    Py_DECREF(a);
    Py_DECREF(zz);
    Py_DECREF(m1);
    Py_DECREF(m3);
    Py_DECREF(m4);
    Py_DECREF(two);
    Py_DECREF(five);
    Py_DECREF(bigi);
    Py_DECREF(v);
}

static void attributes(void)
{
    PyObject *m = PyModule_New("mod");
    PyObject *name = PyUnicode_FromString("answer");
    PyObject *missing = PyUnicode_FromString("missing");
    PyObject *v = PyLong_FromLong(42);
    PyObject *i = PyLong_FromLong(5);

    show_int("SetAttr(answer)", PyObject_SetAttr(m, name, v));
    show_new("GetAttr(answer)", PyObject_GetAttr(m, name));
    show_new("GetAttrString(answer)", PyObject_GetAttrString(m, "answer"));
    show_int("HasAttr(answer)", PyObject_HasAttr(m, name));
    show_int("HasAttrString(answer)", PyObject_HasAttrString(m, "answer"));
    show_new("GetAttr(missing)", PyObject_GetAttr(m, missing));
    show_new("GetAttrString(missing)", PyObject_GetAttrString(m, "missing"));
    show_int("HasAttr(missing)", PyObject_HasAttr(m, missing));
    show_int("HasAttrString(missing)", PyObject_HasAttrString(m, "missing"));
    show_exc("HasAttr leaves no exception");
    show_int("SetAttrString(s, 'text')", PyObject_SetAttrString(m, "s", name));
    show_new("GetAttrString(__name__)", PyObject_GetAttrString(m, "__name__"));
    show_new("GetAttrString(__doc__)", PyObject_GetAttrString(m, "__doc__"));
    show_new("GetAttrString(__dict__)", PyObject_GetAttrString(m, "__dict__"));
    show_int("DelAttr(answer)", PyObject_DelAttr(m, name));
    show_int("DelAttr(answer) again", PyObject_DelAttr(m, name));
    show_int("DelAttrString(s)", PyObject_DelAttrString(m, "s"));
    show_int("DelAttrString(missing)", PyObject_DelAttrString(m, "missing"));
    show_int("HasAttr(answer) after del", PyObject_HasAttr(m, name));
    show_int("SetAttrString(__name__)", PyObject_SetAttrString(m, "__name__", name));
    show_new("GetAttrString(missing) after rename", PyObject_GetAttrString(m, "missing"));
    show_str_new("repr after rename", PyObject_Repr(m));

    show_new("GetAttr(m, 5)", PyObject_GetAttr(m, i));
    show_int("SetAttr(m, 5, v)", PyObject_SetAttr(m, i, v));
    show_int("HasAttr(m, 5)", PyObject_HasAttr(m, i));

    show_new("GetAttrString(5, 'nope')", PyObject_GetAttrString(i, "nope"));
    show_int("HasAttrString(5, 'nope')", PyObject_HasAttrString(i, "nope"));
    show_int("SetAttrString(5, 'x')", PyObject_SetAttrString(i, "x", v));
    show_int("DelAttrString(5, 'x')", PyObject_DelAttrString(i, "x"));
    show_new("GetAttrString(None, 'nope')", PyObject_GetAttrString(Py_None, "nope"));
    show_new("GetAttrString(int type, '__name__')", PyObject_GetAttrString(T(PyLong_Type), "__name__"));
    show_new("GetAttrString(int type, 'nope')", PyObject_GetAttrString(T(PyLong_Type), "nope"));
    show_int("SetAttrString(int type, 'x')", PyObject_SetAttrString(T(PyLong_Type), "x", v));
    show_int("DelAttrString(int type, 'x')", PyObject_DelAttrString(T(PyLong_Type), "x"));

    Py_DECREF(m);
    Py_DECREF(name);
    Py_DECREF(missing);
    Py_DECREF(v);
    Py_DECREF(i);
}

static void instance_subclass(void)
{
    PyObject *one = PyLong_FromLong(1);
    PyObject *s = PyUnicode_FromString("s");
    PyObject *str_float = PyTuple_Pack(2, T(PyUnicode_Type), T(PyFloat_Type));
    PyObject *nested = Py_BuildValue("(O(OO))", T(PyUnicode_Type), T(PyFloat_Type), T(PyLong_Type));
    PyObject *empty = PyTuple_New(0);
    PyObject *exc_tuple = PyTuple_Pack(2, PyExc_KeyError, PyExc_ArithmeticError);
    PyObject *bad_tuple = PyTuple_Pack(2, T(PyUnicode_Type), one);
    PyObject *bad_tuple2 = PyTuple_Pack(2, T(PyLong_Type), one);

    show_int("IsInstance(1, int)", PyObject_IsInstance(one, T(PyLong_Type)));
    show_int("IsInstance(True, int)", PyObject_IsInstance(Py_True, T(PyLong_Type)));
    show_int("IsInstance(1, bool)", PyObject_IsInstance(one, T(PyBool_Type)));
    show_int("IsInstance(1, object)", PyObject_IsInstance(one, T(PyBaseObject_Type)));
    show_int("IsInstance(1, (str, float))", PyObject_IsInstance(one, str_float));
    show_int("IsInstance(1, (str, (float, int)))", PyObject_IsInstance(one, nested));
    show_int("IsInstance(1, ())", PyObject_IsInstance(one, empty));
    show_int("IsInstance(int, type)", PyObject_IsInstance(T(PyLong_Type), T(PyType_Type)));
    show_int("IsInstance(type, type)", PyObject_IsInstance(T(PyType_Type), T(PyType_Type)));
    show_int("IsInstance(type, object)", PyObject_IsInstance(T(PyType_Type), T(PyBaseObject_Type)));
    show_int("IsInstance(1, 5)", PyObject_IsInstance(one, one));
    show_int("IsInstance(1, (str, 1))", PyObject_IsInstance(one, bad_tuple));
    show_int("IsInstance(1, (int, 1))", PyObject_IsInstance(one, bad_tuple2));
    show_int("IsInstance(None, NoneType)", PyObject_IsInstance(Py_None, (PyObject *)Py_TYPE(Py_None)));

    show_int("IsSubclass(bool, int)", PyObject_IsSubclass(T(PyBool_Type), T(PyLong_Type)));
    show_int("IsSubclass(int, bool)", PyObject_IsSubclass(T(PyLong_Type), T(PyBool_Type)));
    show_int("IsSubclass(int, int)", PyObject_IsSubclass(T(PyLong_Type), T(PyLong_Type)));
    show_int("IsSubclass(bool, object)", PyObject_IsSubclass(T(PyBool_Type), T(PyBaseObject_Type)));
    show_int("IsSubclass(bool, (str, float))", PyObject_IsSubclass(T(PyBool_Type), str_float));
    show_int("IsSubclass(bool, (str, (float, int)))", PyObject_IsSubclass(T(PyBool_Type), nested));
    show_int("IsSubclass(KeyError, (KeyError, ArithmeticError))", PyObject_IsSubclass(PyExc_KeyError, exc_tuple));
    show_int("IsSubclass(ZeroDivisionError, (KeyError, ArithmeticError))", PyObject_IsSubclass(PyExc_ZeroDivisionError, exc_tuple));
    show_int("IsSubclass(LookupError, (KeyError, ArithmeticError))", PyObject_IsSubclass(PyExc_LookupError, exc_tuple));
    show_int("IsSubclass(1, int)", PyObject_IsSubclass(one, T(PyLong_Type)));
    show_int("IsSubclass(int, 1)", PyObject_IsSubclass(T(PyLong_Type), one));
    show_int("IsSubclass(int, (str, 1))", PyObject_IsSubclass(T(PyLong_Type), bad_tuple));
    show_int("IsSubclass(int, (int, 1))", PyObject_IsSubclass(T(PyLong_Type), bad_tuple2));
    show_int("IsSubclass(type, object)", PyObject_IsSubclass(T(PyType_Type), T(PyBaseObject_Type)));
    show_int("IsSubclass(object, type)", PyObject_IsSubclass(T(PyBaseObject_Type), T(PyType_Type)));

    show_int("PyType_IsSubtype(bool, int)", PyType_IsSubtype(&PyBool_Type, &PyLong_Type));
    show_int("PyType_IsSubtype(int, bool)", PyType_IsSubtype(&PyLong_Type, &PyBool_Type));
    show_int("PyType_IsSubtype(dict, object)", PyType_IsSubtype(&PyDict_Type, &PyBaseObject_Type));
    show_int("PyType_IsSubtype(type, object)", PyType_IsSubtype(&PyType_Type, &PyBaseObject_Type));
    show_int("PyType_IsSubtype(KeyError, LookupError)",
             PyType_IsSubtype((PyTypeObject *)PyExc_KeyError, (PyTypeObject *)PyExc_LookupError));
    show_int("PyType_IsSubtype(list, tuple)", PyType_IsSubtype(&PyList_Type, &PyTuple_Type));

    Py_DECREF(one);
    Py_DECREF(s);
    Py_DECREF(str_float);
    Py_DECREF(nested);
    Py_DECREF(empty);
    Py_DECREF(exc_tuple);
    Py_DECREF(bad_tuple);
    Py_DECREF(bad_tuple2);
}

static void callables(void)
{
    PyObject *one = PyLong_FromLong(1);
    PyObject *m = PyModule_New("m");
    PyObject *exc = PyObject_CallFunction(PyExc_ValueError, "s", "x");
    printf("PyCallable_Check(int type): %d\n", PyCallable_Check(T(PyLong_Type)));
    printf("PyCallable_Check(type type): %d\n", PyCallable_Check(T(PyType_Type)));
    printf("PyCallable_Check(object type): %d\n", PyCallable_Check(T(PyBaseObject_Type)));
    printf("PyCallable_Check(ValueError): %d\n", PyCallable_Check(PyExc_ValueError));
    printf("PyCallable_Check(1): %d\n", PyCallable_Check(one));
    printf("PyCallable_Check(None): %d\n", PyCallable_Check(Py_None));
    printf("PyCallable_Check(module): %d\n", PyCallable_Check(m));
    printf("PyCallable_Check(ValueError instance): %d\n", PyCallable_Check(exc));
    printf("PyCallable_Check(NULL): %d\n", PyCallable_Check(NULL));
    Py_DECREF(one);
    Py_DECREF(m);
    Py_DECREF(exc);
}

static void type_info(void)
{
    static const struct { const char *label; PyTypeObject *tp; } types[] = {
        {"int", &PyLong_Type}, {"bool", &PyBool_Type}, {"float", &PyFloat_Type},
        {"str", &PyUnicode_Type}, {"bytes", &PyBytes_Type}, {"tuple", &PyTuple_Type},
        {"list", &PyList_Type}, {"dict", &PyDict_Type}, {"module", &PyModule_Type},
        {"type", &PyType_Type}, {"object", &PyBaseObject_Type},
    };
    size_t k;
    for (k = 0; k < sizeof types / sizeof types[0]; k++) {
        PyTypeObject *tp = types[k].tp;
        unsigned long f = PyType_GetFlags(tp);
        printf("flags(%s): long=%d list=%d tuple=%d bytes=%d unicode=%d dict=%d "
               "exc=%d type=%d basetype=%d heaptype=%d gc=%d ready=%d immutable=%d\n",
               types[k].label,
               (f & Py_TPFLAGS_LONG_SUBCLASS) != 0,
               (f & Py_TPFLAGS_LIST_SUBCLASS) != 0,
               (f & Py_TPFLAGS_TUPLE_SUBCLASS) != 0,
               (f & Py_TPFLAGS_BYTES_SUBCLASS) != 0,
               (f & Py_TPFLAGS_UNICODE_SUBCLASS) != 0,
               (f & Py_TPFLAGS_DICT_SUBCLASS) != 0,
               (f & Py_TPFLAGS_BASE_EXC_SUBCLASS) != 0,
               (f & Py_TPFLAGS_TYPE_SUBCLASS) != 0,
               (f & Py_TPFLAGS_BASETYPE) != 0,
               (f & Py_TPFLAGS_HEAPTYPE) != 0,
               (f & Py_TPFLAGS_HAVE_GC) != 0,
               (f & Py_TPFLAGS_READY) != 0,
               (f & Py_TPFLAGS_IMMUTABLETYPE) != 0);
    }
    {
        unsigned long f = PyType_GetFlags((PyTypeObject *)PyExc_KeyError);
        printf("flags(KeyError): exc=%d basetype=%d heaptype=%d gc=%d\n",
               (f & Py_TPFLAGS_BASE_EXC_SUBCLASS) != 0,
               (f & Py_TPFLAGS_BASETYPE) != 0,
               (f & Py_TPFLAGS_HEAPTYPE) != 0,
               (f & Py_TPFLAGS_HAVE_GC) != 0);
    }
    show_new("GetName(int)", PyType_GetName(&PyLong_Type));
    show_new("GetQualName(int)", PyType_GetQualName(&PyLong_Type));
    show_new("GetName(bool)", PyType_GetName(&PyBool_Type));
    show_new("GetName(str)", PyType_GetName(&PyUnicode_Type));
    show_new("GetName(module)", PyType_GetName(&PyModule_Type));
    show_new("GetName(object)", PyType_GetName(&PyBaseObject_Type));
    show_new("GetName(type)", PyType_GetName(&PyType_Type));
    show_new("GetName(NoneType)", PyType_GetName(Py_TYPE(Py_None)));
    show_new("GetName(ellipsis)", PyType_GetName(Py_TYPE(Py_Ellipsis)));
    show_new("GetName(NotImplementedType)", PyType_GetName(Py_TYPE(Py_NotImplemented)));
    show_new("GetName(ZeroDivisionError)", PyType_GetName((PyTypeObject *)PyExc_ZeroDivisionError));
    show_new("GetQualName(ZeroDivisionError)", PyType_GetQualName((PyTypeObject *)PyExc_ZeroDivisionError));
    show_new("GetName(UnicodeDecodeError)", PyType_GetName((PyTypeObject *)PyExc_UnicodeDecodeError));
    printf("PyType_Check(int type): %d\n", PyType_Check(T(PyLong_Type)));
    printf("PyType_Check(True): %d\n", PyType_Check(Py_True));
    printf("PyType_CheckExact(int type): %d\n", PyType_CheckExact(T(PyLong_Type)));
    printf("PyType_Check(ValueError): %d\n", PyType_Check(PyExc_ValueError));
    printf("PyExceptionClass_Check(ValueError): %d\n", PyExceptionClass_Check(PyExc_ValueError));
    printf("PyExceptionClass_Check(int type): %d\n", PyExceptionClass_Check(T(PyLong_Type)));
    {
        PyObject *m = PyModule_New("m");
        printf("PyModule_Check(module): %d\n", PyModule_Check(m));
        printf("PyModule_CheckExact(module): %d\n", PyModule_CheckExact(m));
        printf("PyModule_Check(int type): %d\n", PyModule_Check(T(PyLong_Type)));
        Py_DECREF(m);
    }
}

static void mapping_haskey(void)
{
    PyObject *d = Py_BuildValue("{s:i}", "a", 1);
    PyObject *l = PyList_New(0);
    PyObject *i = PyLong_FromLong(3);
    show_int("PyMapping_HasKeyString(d, 'a')", PyMapping_HasKeyString(d, "a"));
    show_int("PyMapping_HasKeyString(d, 'b')", PyMapping_HasKeyString(d, "b"));
    show_int("PyMapping_HasKeyString(list, 'a')", PyMapping_HasKeyString(l, "a"));
    show_int("PyMapping_HasKeyString(3, 'a')", PyMapping_HasKeyString(i, "a"));
    show_exc("PyMapping_HasKeyString leaves no exception");
    Py_DECREF(d);
    Py_DECREF(l);
    Py_DECREF(i);
}

int main(void)
{
    Py_Initialize();
    singletons();
    repr_str_ascii();
    hashing();
    comparisons();
    truth();
    type_and_size();
    items();
    attributes();
    instance_subclass();
    callables();
    type_info();
    mapping_haskey();
    CHECK_NOERR();
    return ctest_finish();
}
