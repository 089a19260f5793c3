/*
 * genericalias.c -- Py_GenericAlias and Py_GenericAliasType: aliases made
 * from C with a tuple or a single argument, their type and attributes,
 * equality with list[int], subscription of the type's instances, a C
 * type's __class_getitem__ returning Py_GenericAlias (what extension
 * modules do), PyObject_IsInstance refusing an alias, and unions of
 * aliases.
 */
#include "ctest.h"

static PyObject *cg_class_getitem(PyObject *cls, PyObject *item)
{
    return Py_GenericAlias(cls, item);
}

static PyMethodDef box_methods[] = {
    {"__class_getitem__", cg_class_getitem, METH_O | METH_CLASS, "See PEP 585"},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot box_slots[] = {
    {Py_tp_methods, box_methods},
    {0, NULL},
};

static PyType_Spec box_spec = {
    "ctest.Box", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, box_slots,
};

static PyObject *getattr_new(PyObject *o, const char *name)
{
    return PyObject_GetAttrString(o, name);
}

int main(void)
{
    Py_Initialize();

    PyObject *list = (PyObject *)&PyList_Type;
    PyObject *intt = (PyObject *)&PyLong_Type;
    PyObject *strt = (PyObject *)&PyUnicode_Type;

    PyObject *one = Py_GenericAlias(list, intt);
    show("alias(list, int)", one);
    show_int("type is Py_GenericAliasType", Py_IS_TYPE(one, &Py_GenericAliasType));
    show_int("PyObject_TypeCheck", PyObject_TypeCheck(one, &Py_GenericAliasType));
    show_new("__origin__", getattr_new(one, "__origin__"));
    show_new("__args__", getattr_new(one, "__args__"));
    show_new("__parameters__", getattr_new(one, "__parameters__"));
    show_new("__unpacked__", getattr_new(one, "__unpacked__"));

    PyObject *args = PyTuple_Pack(2, strt, one);
    PyObject *two = Py_GenericAlias((PyObject *)&PyDict_Type, args);
    show("alias(dict, (str, list[int]))", two);
    show_new("__args__ is the tuple", PyBool_FromLong(getattr_new(two, "__args__") == args));
    Py_DECREF(args);  /* held by the alias */
    Py_DECREF(args);  /* the new reference from getattr */

    PyObject *empty = PyTuple_New(0);
    show_new("alias(tuple, ())", Py_GenericAlias((PyObject *)&PyTuple_Type, empty));
    Py_DECREF(empty);

    PyObject *sub = PyObject_GetItem(list, intt);
    show("list[int]", sub);
    show_int("== alias(list, int)", PyObject_RichCompareBool(sub, one, Py_EQ));
    show_int("hash equal", PyObject_Hash(sub) == PyObject_Hash(one));
    Py_DECREF(sub);

    show_new("type[str]", PyObject_GetItem((PyObject *)&PyType_Type, strt));
    show_new("Py_GenericAliasType.__name__", getattr_new((PyObject *)&Py_GenericAliasType, "__name__"));
    show_new("Py_GenericAliasType.__module__", getattr_new((PyObject *)&Py_GenericAliasType, "__module__"));
    show_new("Py_GenericAliasType(list, str)",
             PyObject_CallFunction((PyObject *)&Py_GenericAliasType, "OO", list, strt));
    show_new("Py_GenericAliasType(list)",
             PyObject_CallFunction((PyObject *)&Py_GenericAliasType, "(O)", list));

    PyObject *box = PyType_FromSpec(&box_spec);
    PyObject *boxed = PyObject_GetItem(box, intt);
    show("Box[int]", boxed);
    show_new("Box[int].__origin__ is Box", PyBool_FromLong(boxed && getattr_new(boxed, "__origin__") == box));
    Py_DECREF(box);  /* the getattr reference */
    Py_XDECREF(boxed);
    Py_DECREF(box);

    show_int("isinstance([], list[int])", PyObject_IsInstance(list, one));
    show_int("issubclass(list, list[int])", PyObject_IsSubclass(list, one));

    PyObject *u = PyNumber_Or(one, Py_None);
    show("list[int] | None", u);
    show_new("union __args__", u ? getattr_new(u, "__args__") : NULL);
    Py_XDECREF(u);
    PyObject *u2 = PyNumber_Or(intt, strt);
    show("int | str", u2);
    PyObject *three = PyLong_FromLong(3);
    show_int("isinstance(3, int | str)", PyObject_IsInstance(three, u2));
    show_int("issubclass(bool, int | str)", PyObject_IsSubclass((PyObject *)&PyBool_Type, u2));
    Py_DECREF(three);
    Py_XDECREF(u2);
    show_new("int | 3", PyNumber_Or(intt, PyLong_FromLong(3)));

    Py_DECREF(one);
    Py_DECREF(two);
    return ctest_finish();
}
