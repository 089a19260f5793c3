/*
 * module.c -- module objects made with PyModule_New: name, dict, adding
 * objects and int constants, attribute access, repr.
 */
#include "ctest.h"

static void basics(void)
{
    PyObject *m = PyModule_New("ophis_mod");
    PyObject *d, *d2, *v;

    show("New", m);
    show_str("str(New)", m);
    printf("PyModule_Check: %d\n", PyModule_Check(m));
    printf("PyModule_CheckExact: %d\n", PyModule_CheckExact(m));
    show_new("type", PyObject_Type(m));

    d = PyModule_GetDict(m);
    show("GetDict", d);
    d2 = PyModule_GetDict(m);
    printf("GetDict.same_object: %d\n", Py_Is(d, d2));
    printf("GetDict.is_dict: %d\n", PyDict_CheckExact(d));
    show_new("__dict__ is GetDict", PyBool_FromLong(Py_Is(d, v = PyObject_GetAttrString(m, "__dict__"))));
    Py_XDECREF(v);
    show_new("__name__", PyObject_GetAttrString(m, "__name__"));
    show_new("__doc__", PyObject_GetAttrString(m, "__doc__"));
    show_new("__package__", PyObject_GetAttrString(m, "__package__"));
    show_new("__spec__", PyObject_GetAttrString(m, "__spec__"));
    show_new("__loader__", PyObject_GetAttrString(m, "__loader__"));
    show_new("__file__", PyObject_GetAttrString(m, "__file__"));

    /* AddObjectRef / AddIntConstant */
    v = PyUnicode_FromString("value");
    show_int("AddObjectRef(s)", PyModule_AddObjectRef(m, "s", v));
    Py_DECREF(v);
    show_int("AddIntConstant(ANSWER, 42)", PyModule_AddIntConstant(m, "ANSWER", 42));
    show_int("AddIntConstant(NEG, LONG_MIN)", PyModule_AddIntConstant(m, "NEG", -9223372036854775807L - 1));
    show_new("GetAttrString(ANSWER)", PyObject_GetAttrString(m, "ANSWER"));
    show_new("GetAttrString(NEG)", PyObject_GetAttrString(m, "NEG"));
    show_new("GetAttrString(s)", PyObject_GetAttrString(m, "s"));
    v = PyLong_FromLong(43);
    show_int("AddObjectRef(ANSWER) again", PyModule_AddObjectRef(m, "ANSWER", v));
    Py_DECREF(v);
    show_new("GetAttrString(ANSWER) after overwrite", PyObject_GetAttrString(m, "ANSWER"));
    show_int("AddObjectRef(NULL value)", PyModule_AddObjectRef(m, "nothing", NULL));
    PyErr_SetString(PyExc_KeyError, "from caller");
    show_int("AddObjectRef(NULL value, error set)", PyModule_AddObjectRef(m, "nothing", NULL));
    show_int("HasAttrString(nothing)", PyObject_HasAttrString(m, "nothing"));
    {
        PyObject *notmod = PyDict_New();
        show_int("AddObjectRef(dict, ...)", PyModule_AddObjectRef(notmod, "x", Py_None));
        show_int("AddIntConstant(dict, ...)", PyModule_AddIntConstant(notmod, "x", 1));
        show("GetDict(dict)", PyModule_GetDict(notmod));
        Py_DECREF(notmod);
    }

    /* the dict is the namespace */
    v = PyFloat_FromDouble(2.5);
    PyDict_SetItemString(d, "via_dict", v);
    Py_DECREF(v);
    show_new("GetAttrString(via_dict)", PyObject_GetAttrString(m, "via_dict"));
    PyObject_SetAttrString(m, "via_attr", Py_True);
    show("GetDict.via_attr", PyDict_GetItemString(d, "via_attr"));
    PyObject_DelAttrString(m, "via_attr");
    show_int("Contains(via_attr) after DelAttr", PyDict_Contains(d, v = PyUnicode_FromString("via_attr")));
    Py_DECREF(v);
    show("GetDict(after adds)", d);
    show_int("HasAttrString(ANSWER)", PyObject_HasAttrString(m, "ANSWER"));
    show_new("GetAttrString(missing)", PyObject_GetAttrString(m, "missing"));

    Py_DECREF(m);
}

static void names_and_reprs(void)
{
    PyObject *m, *v;

    show_new("New('pkg.sub')", PyModule_New("pkg.sub"));
    show_new("New('mod\\xc3\\xa9')", PyModule_New("mod\xc3\xa9"));
    show_new("New('')", PyModule_New(""));
    show_new("New(invalid utf8)", PyModule_New("\xff"));
    m = PyModule_New("it's");
    show("New(\"it's\")", m);
    Py_DECREF(m);

    m = PyModule_New("withfile");
    v = PyUnicode_FromString("/tmp/withfile.py");
    PyObject_SetAttrString(m, "__file__", v);
    Py_DECREF(v);
    show("repr with __file__", m);
    v = PyLong_FromLong(5);
    PyObject_SetAttrString(m, "__name__", v);
    Py_DECREF(v);
    show("repr with int __name__", m);
    PyObject_DelAttrString(m, "__name__");
    show("repr without __name__", m);
    show_new("GetAttrString(missing) without __name__", PyObject_GetAttrString(m, "missing"));
    Py_DECREF(m);
}

int main(void)
{
    Py_Initialize();
    basics();
    names_and_reprs();
    CHECK_NOERR();
    return ctest_finish();
}
