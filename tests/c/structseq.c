/*
 * structseq.c -- struct sequences from C: PyStructSequence_NewType and
 * InitType2 (visible, hidden and unnamed fields), New/SetItem/GetItem and
 * the SET_ITEM/GET_ITEM macros, the instances as tuples (len, indexing,
 * equality, hash), attributes, repr, the type's counts and __match_args__,
 * construction from Python with its errors, __reduce__.
 */
#include "ctest.h"

static PyStructSequence_Field point_fields[] = {
    {"x", "the x coordinate"},
    {"y", "the y coordinate"},
    {"label", "hidden: a name"},
    {NULL, NULL},
};
static PyStructSequence_Desc point_desc = {"geo.Point", "A point.", point_fields, 2};

static PyStructSequence_Field stat_fields[] = {
    {"size", NULL},
    {NULL, NULL},
};
static PyStructSequence_Field unnamed_fields[] = {
    {"a", NULL},
    {NULL, NULL},
    {NULL, NULL},
};
static PyStructSequence_Desc stat_desc = {"fs.stat", NULL, stat_fields, 1};
static PyTypeObject StatType;

int main(void)
{
    Py_Initialize();
    unnamed_fields[1].name = PyStructSequence_UnnamedField;
    printf("unnamed field name: %s\n", PyStructSequence_UnnamedField);

    PyTypeObject *Point = PyStructSequence_NewType(&point_desc);
    printf("new type: %s\n", Point ? Point->tp_name : "NULL");
    CHECK_NOERR();
    PyObject *p = PyStructSequence_New(Point);
    PyStructSequence_SetItem(p, 0, PyLong_FromLong(3));
    PyStructSequence_SetItem(p, 1, PyLong_FromLong(4));
    PyStructSequence_SetItem(p, 2, PyUnicode_FromString("origin-ish"));
    show("point", p);
    show("len", PyLong_FromSsize_t(PyObject_Length(p)));
    show("GetItem 2 (hidden)", PyStructSequence_GetItem(p, 2));
    show("GET_ITEM 0", PyStructSequence_GET_ITEM(p, 0));
    show_new("x", PyObject_GetAttrString(p, "x"));
    show_new("label", PyObject_GetAttrString(p, "label"));
    show_int("is a tuple", PyTuple_Check(p));
    PyObject *t = Py_BuildValue("(ii)", 3, 4);
    show_int("== (3, 4)", PyObject_RichCompareBool(p, t, Py_EQ));
    show_int("hash == hash((3, 4))", PyObject_Hash(p) == PyObject_Hash(t));
    Py_DECREF(t);

    PyObject *g = PyDict_New();
    PyDict_SetItemString(g, "__builtins__", PyEval_GetBuiltins());
    PyDict_SetItemString(g, "Point", (PyObject *)Point);
    PyDict_SetItemString(g, "p", p);
    PyObject *out = PyList_New(0);
    PyDict_SetItemString(g, "out", out);
    PyObject *r = PyRun_String(
        "T = Point\n"
        "out.append(repr((T.__name__, T.__module__, T.__doc__)))\n"
        "out.append(repr((T.n_sequence_fields, T.n_fields, T.n_unnamed_fields, T.__match_args__)))\n"
        "out.append(repr(T((1, 2))))\n"
        "out.append(repr(T((1, 2), {'label': 'L'}).label))\n"
        "out.append(repr(T((1, 2, 'third')).label))\n"
        "out.append(repr(T([5, 6]).label))\n"
        "for bad in [((1,),), ((1, 2, 3, 4),), (5,), ((1, 2), 5)]:\n"
        "    try:\n"
        "        T(*bad)\n"
        "    except TypeError as e:\n"
        "        out.append('TypeError: %s' % e)\n"
        "out.append(repr(p.__reduce__()))\n"
        "try:\n"
        "    p.x = 1\n"
        "except AttributeError as e:\n"
        "    out.append('AttributeError: %s' % e)\n"
        "match p:\n"
        "    case Point(a, b):\n"
        "        out.append('matched %r %r' % (a, b))\n"
        "out.append(repr(T.x.__doc__))\n",
        Py_file_input, g, g);
    if (r == NULL)
        show_exc("run");
    Py_XDECREF(r);
    for (Py_ssize_t i = 0; i < PyList_Size(out); i++)
        show_str("  py", PyList_GetItem(out, i));

    show_int("InitType2", PyStructSequence_InitType2(&StatType, &stat_desc));
    PyObject *s = PyStructSequence_New(&StatType);
    PyStructSequence_SET_ITEM(s, 0, PyLong_FromLong(99));
    show("static-type instance", s);
    stat_desc.fields = unnamed_fields;
    stat_desc.n_in_sequence = 2;
    PyTypeObject *U = PyStructSequence_NewType(&stat_desc);
    PyObject *n_unnamed = PyObject_GetAttrString((PyObject *)U, "n_unnamed_fields");
    show_new("unnamed count", n_unnamed);
    PyObject *ma = PyObject_GetAttrString((PyObject *)U, "__match_args__");
    show_new("match args with an unnamed field", ma);

    Py_DECREF(s);
    Py_DECREF(U);
    Py_DECREF(out);
    Py_DECREF(g);
    Py_DECREF(p);
    Py_DECREF(Point);
    return ctest_finish();
}
