/*
 * slot_update.c -- dunders assigned to a heap type after creation reach its
 * C slots (PyObject_Repr, Hash, Length, GetItem, SetItem, DelItem, IsTrue,
 * RichCompare, calling the type for __init__), with CPython's checks on
 * what they return; deleting one falls back to the base's; a subclass
 * follows its base unless it defines the name itself.
 */
#include "ctest.h"

#include <ctype.h>

static int bad; /* the methods return wrong types when set */

static PyObject *m_repr(PyObject *self, PyObject *u) { return PyUnicode_FromString("R!"); }
static PyObject *m_repr2(PyObject *self, PyObject *u) { return PyUnicode_FromString("R2!"); }
static PyObject *m_str(PyObject *self, PyObject *u) { return PyUnicode_FromString("S!"); }
static PyObject *m_hash(PyObject *self, PyObject *u)
{
    return bad ? PyUnicode_FromString("h") : PyLong_FromLong(bad ? 0 : 42);
}
static PyObject *m_hash_m1(PyObject *self, PyObject *u) { return PyLong_FromLong(-1); }
static PyObject *m_len(PyObject *self, PyObject *u) { return PyLong_FromLong(bad ? -1 : 3); }
static PyObject *m_getitem(PyObject *self, PyObject *k) { return PyLong_Check(k) ? Py_NewRef(k) : PyUnicode_FromString("item"); }
static PyObject *m_setitem(PyObject *self, PyObject *args)
{
    PyObject *r = PyObject_Repr(args);
    printf("  __setitem__%s\n", PyUnicode_AsUTF8(r));
    Py_DECREF(r);
    Py_RETURN_NONE;
}
static PyObject *m_delitem(PyObject *self, PyObject *k)
{
    PyObject *r = PyObject_Repr(k);
    printf("  __delitem__(%s)\n", PyUnicode_AsUTF8(r));
    Py_DECREF(r);
    Py_RETURN_NONE;
}
static PyObject *m_bool(PyObject *self, PyObject *u)
{
    return bad ? PyLong_FromLong(1) : Py_NewRef(Py_False);
}
static PyObject *m_eq(PyObject *self, PyObject *o) { return Py_NewRef(Py_True); }
static PyObject *m_init(PyObject *self, PyObject *args, PyObject *kw)
{
    printf("  __init__ with %zd args\n", PyTuple_GET_SIZE(args));
    return bad ? PyLong_FromLong(5) : Py_NewRef(Py_None);
}

static PyMethodDef methods[] = {
    {"_repr", m_repr, METH_NOARGS, NULL},
    {"_repr2", m_repr2, METH_NOARGS, NULL},
    {"_str", m_str, METH_NOARGS, NULL},
    {"_hash", m_hash, METH_NOARGS, NULL},
    {"_hash_m1", m_hash_m1, METH_NOARGS, NULL},
    {"_len", m_len, METH_NOARGS, NULL},
    {"_getitem", m_getitem, METH_O, NULL},
    {"_setitem", m_setitem, METH_VARARGS, NULL},
    {"_delitem", m_delitem, METH_O, NULL},
    {"_bool", m_bool, METH_NOARGS, NULL},
    {"_eq", m_eq, METH_O, NULL},
    {"_init", (PyCFunction)(void (*)(void))m_init, METH_VARARGS | METH_KEYWORDS, NULL},
    {NULL},
};

static PyObject *T, *S, *t, *s;

static void setm(PyObject *type, const char *dunder, const char *method)
{
    PyObject *m = PyObject_GetAttrString(type, method);
    printf("%s.%s = %s: %d\n", strrchr(((PyTypeObject *)type)->tp_name, '.') + 1, dunder, method,
           m ? PyObject_SetAttrString(type, dunder, m) : -2);
    Py_XDECREF(m);
}

/* repr with the address masked */
static void show_repr(const char *label, PyObject *o)
{
    PyObject *r = PyObject_Repr(o);
    const char *u = r ? PyUnicode_AsUTF8(r) : NULL;
    printf("%s: ", label);
    if (u == NULL) {
        show_exc("NULL");
        return;
    }
    for (; *u; u++) {
        if (u[0] == '0' && u[1] == 'x') {
            fputs("0x?", stdout);
            u += 2;
            while (isxdigit((unsigned char)u[0]))
                u++;
            u--;
            continue;
        }
        putchar(*u);
    }
    putchar('\n');
    Py_DECREF(r);
}

int main(void)
{
    PyType_Slot slots[] = {{Py_tp_methods, methods}, {0, NULL}};
    PyType_Spec spec = {"probe.T", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, slots};
    PyType_Slot sslots[] = {{0, NULL}};
    PyType_Spec sspec = {"probe.S", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, sslots};
    PyObject *k, *v, *bases;

    Py_Initialize();
    T = PyType_FromSpec(&spec);
    bases = PyTuple_Pack(1, T);
    S = PyType_FromSpecWithBases(&sspec, bases);
    Py_DECREF(bases);
    t = PyObject_CallNoArgs(T);
    s = PyObject_CallNoArgs(S);

    printf("-- __repr__ and __str__\n");
    show_repr("repr(t) before", t);
    setm(T, "__repr__", "_repr");
    show_repr("repr(t)", t);
    show_repr("repr(s) (inherits)", s);
    show_new("str(t) (falls back to repr)", PyObject_Str(t));
    setm(T, "__str__", "_str");
    show_new("str(t)", PyObject_Str(t));
    setm(S, "__repr__", "_repr2");
    show_repr("repr(s) (own)", s);
    printf("del T.__repr__: %d\n", PyObject_DelAttrString(T, "__repr__"));
    show_repr("repr(t) after del", t);
    show_repr("repr(s) keeps its own", s);

    printf("-- __hash__\n");
    setm(T, "__hash__", "_hash");
    show_int("hash(t)", PyObject_Hash(t));
    show_int("hash(s)", PyObject_Hash(s));
    setm(T, "__hash__", "_hash_m1");
    show_int("hash(t) of -1", PyObject_Hash(t));
    bad = 1;
    setm(T, "__hash__", "_hash");
    show_int("hash(t) of a str", PyObject_Hash(t));
    bad = 0;
    printf("T.__hash__ = None: %d\n", PyObject_SetAttrString(T, "__hash__", Py_None));
    show_int("hash(t) with None", PyObject_Hash(t));

    printf("-- __len__, __getitem__, __setitem__, __delitem__\n");
    show_int("len(t) before", PyObject_Length(t));
    setm(T, "__len__", "_len");
    show_int("len(t)", PyObject_Length(t));
    bad = 1;
    show_int("len(t) of -1", PyObject_Length(t));
    bad = 0;
    k = PyLong_FromLong(7);
    show_new("t[7] before", PyObject_GetItem(t, k));
    setm(T, "__getitem__", "_getitem");
    show_new("t[7]", PyObject_GetItem(t, k));
    show_new("s[7]", PyObject_GetItem(s, k));
    v = PyUnicode_FromString("v");
    show_int("t[7] = 'v' before", PyObject_SetItem(t, k, v));
    setm(T, "__setitem__", "_setitem");
    show_int("t[7] = 'v'", PyObject_SetItem(t, k, v));
    show_int("del t[7] (no __delitem__)", PyObject_DelItem(t, k));
    setm(T, "__delitem__", "_delitem");
    show_int("del t[7]", PyObject_DelItem(t, k));
    Py_DECREF(v);

    printf("-- __bool__ and __eq__\n");
    show_int("bool(t) (has __len__ = 3)", PyObject_IsTrue(t));
    setm(T, "__bool__", "_bool");
    show_int("bool(t)", PyObject_IsTrue(t));
    bad = 1;
    show_int("bool(t) of an int", PyObject_IsTrue(t));
    bad = 0;
    show_int("t == 7 before", PyObject_RichCompareBool(t, k, Py_EQ));
    setm(T, "__eq__", "_eq");
    show_int("t == 7", PyObject_RichCompareBool(t, k, Py_EQ));
    show_int("t != 7 (inherited __ne__)", PyObject_RichCompareBool(t, k, Py_NE));
    show_int("s == 7", PyObject_RichCompareBool(s, k, Py_EQ));
    Py_DECREF(k);

    printf("-- __init__\n");
    setm(T, "__init__", "_init");
    show_repr("T(1, 2)", (v = PyObject_CallFunction(T, "ii", 1, 2)));
    Py_XDECREF(v);
    bad = 1;
    v = PyObject_CallFunction(T, "i", 1);
    show("T(1) with __init__ returning 5", v);
    Py_XDECREF(v);
    bad = 0;

    Py_DECREF(t);
    Py_DECREF(s);
    Py_DECREF(S);
    Py_DECREF(T);
    return ctest_finish();
}
