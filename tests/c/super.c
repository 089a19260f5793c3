/*
 * super.c -- the super type: lookup after a class in the MRO of an
 * instance's type or of a subclass, binding of methods and class methods,
 * unbound super, descriptor binding of an unbound super, attributes,
 * repr, and CPython's errors (bad arguments, no arguments without a frame,
 * missing attributes).
 */
#include "ctest.h"

static PyObject *a_who(PyObject *self, PyObject *unused) { return PyUnicode_FromString("A.who"); }
static PyObject *b_who(PyObject *self, PyObject *unused) { return PyUnicode_FromString("B.who"); }
static PyObject *c_who(PyObject *self, PyObject *unused) { return PyUnicode_FromString("C.who"); }
static PyObject *a_kind(PyObject *cls, PyObject *unused)
{
    return PyUnicode_FromFormat("A.kind(%s)", ((PyTypeObject *)cls)->tp_name);
}

static PyMethodDef a_methods[] = {
    {"who", a_who, METH_NOARGS, NULL},
    {"kind", a_kind, METH_NOARGS | METH_CLASS, NULL},
    {NULL},
};
static PyMethodDef b_methods[] = {{"who", b_who, METH_NOARGS, NULL}, {NULL}};
static PyMethodDef c_methods[] = {{"who", c_who, METH_NOARGS, NULL}, {NULL}};

static PyObject *make(const char *name, PyMethodDef *methods, PyObject *base)
{
    PyType_Slot slots[] = {{Py_tp_methods, methods}, {0, NULL}};
    PyType_Spec spec = {name, sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, slots};
    return PyType_FromSpecWithBases(&spec, base);
}

static PyObject *sup(PyObject *a, PyObject *b)
{
    return PyObject_CallFunctionObjArgs((PyObject *)&PySuper_Type, a, b, NULL);
}

int main(void)
{
    Py_Initialize();
    PyObject *A = make("sup.A", a_methods, NULL);
    PyObject *B = make("sup.B", b_methods, A);
    PyObject *C = make("sup.C", c_methods, B);
    PyObject *c = PyObject_CallNoArgs(C);
    PyObject *b = PyObject_CallNoArgs(B);

    puts("-- bound to an instance");
    PyObject *s = sup(C, c);
    show("super(C, c)", s);
    show_new("super(C, c).who()", PyObject_CallMethod(s, "who", NULL));
    show_new("super(C, c).kind()", PyObject_CallMethod(s, "kind", NULL));
    show_new("__thisclass__", PyObject_GetAttrString(s, "__thisclass__"));
    show_new("__self_class__", PyObject_GetAttrString(s, "__self_class__"));
    PyObject *self = PyObject_GetAttrString(s, "__self__");
    show_int("__self__ is c", self == c);
    Py_XDECREF(self);
    show_new("__class__", PyObject_GetAttrString(s, "__class__"));
    show_new("missing", PyObject_GetAttrString(s, "nothing"));
    Py_DECREF(s);
    s = sup(B, c);
    show_new("super(B, c).who()", PyObject_CallMethod(s, "who", NULL));
    Py_DECREF(s);
    s = sup(A, c);
    show_new("super(A, c).who", PyObject_GetAttrString(s, "who"));
    Py_DECREF(s);

    puts("-- bound to a class");
    s = sup(C, C);
    show("super(C, C)", s);
    PyObject *who = PyObject_GetAttrString(s, "who");
    show_int("super(C, C).who is a method descriptor", who && Py_IS_TYPE(who, &PyMethodDescr_Type));
    show_new("  called with c", who ? PyObject_CallOneArg(who, c) : NULL);
    Py_XDECREF(who);
    show_new("super(C, C).kind()", PyObject_CallMethod(s, "kind", NULL));
    Py_DECREF(s);

    puts("-- unbound");
    s = PyObject_CallOneArg((PyObject *)&PySuper_Type, B);
    show("super(B)", s);
    show_new("__self__", PyObject_GetAttrString(s, "__self__"));
    show_new("super(B).who", PyObject_GetAttrString(s, "who"));
    PyObject *bound = Py_TYPE(s)->tp_descr_get(s, c, C);
    show("bound by __get__", bound);
    show_new("  .who()", PyObject_CallMethod(bound, "who", NULL));
    Py_DECREF(bound);
    Py_DECREF(s);
    s = sup(B, Py_None);
    show_new("super(B, None)", s);

    puts("-- errors");
    PyObject *one = PyLong_FromLong(1);
    show_new("super(1, c)", sup(one, c));
    show_new("super(C, b)", sup(C, b));
    show_new("super(C, 1)", sup(C, one));
    show_new("super()", PyObject_CallNoArgs((PyObject *)&PySuper_Type));
    PyObject *args = Py_BuildValue("(OOO)", C, c, c);
    show_new("super(C, c, c)", PyObject_Call((PyObject *)&PySuper_Type, args, NULL));
    Py_DECREF(args);
    Py_DECREF(one);

    Py_DECREF(b);
    Py_DECREF(c);
    Py_DECREF(C);
    Py_DECREF(B);
    Py_DECREF(A);
    return ctest_finish();
}
