/*
 * sequence_ops.c -- PySequence_Concat/Repeat and their in-place forms
 * (sequence slots, number slots of sequences, the errors) and
 * PyArg_ValidateKeywordArguments.
 */
#include "ctest.h"

int main(void)
{
    Py_Initialize();
    PyObject *g = PyDict_New();
    PyDict_SetItemString(g, "__builtins__", PyEval_GetBuiltins());
    PyObject *r = PyRun_String(
        "class Seq:\n"
        "    def __init__(self, v): self.v = list(v)\n"
        "    def __getitem__(self, i): return self.v[i]\n"
        "    def __len__(self): return len(self.v)\n"
        "    def __add__(self, o): return Seq(self.v + list(o))\n"
        "    def __mul__(self, n): return Seq(self.v * n)\n"
        "    def __iadd__(self, o): self.v += list(o); return self\n"
        "    def __repr__(self): return 'Seq(%r)' % self.v\n"
        "class NoOps:\n"
        "    def __getitem__(self, i): raise IndexError\n"
        "s = Seq([1, 2])\n"
        "n = NoOps()\n",
        Py_file_input, g, g);
    Py_XDECREF(r);
    CHECK_NOERR();
    PyObject *s = PyDict_GetItemString(g, "s"), *n = PyDict_GetItemString(g, "n");
    PyObject *l = Py_BuildValue("[ii]", 1, 2), *t = Py_BuildValue("(ii)", 3, 4);
    PyObject *u = PyUnicode_FromString("ab"), *b = PyBytes_FromString("xy");
    PyObject *i5 = PyLong_FromLong(5);

    show_new("list + list", PySequence_Concat(l, l));
    show_new("tuple + tuple", PySequence_Concat(t, t));
    show_new("str + str", PySequence_Concat(u, u));
    show_new("bytes + bytes", PySequence_Concat(b, b));
    show_new("list + tuple", PySequence_Concat(l, t));
    show_new("str + bytes", PySequence_Concat(u, b));
    show_new("int + int", PySequence_Concat(i5, i5));
    show_new("Seq + list", PySequence_Concat(s, l));
    show_new("NoOps + list", PySequence_Concat(n, l));
    show_new("list * 3", PySequence_Repeat(l, 3));
    show_new("str * 0", PySequence_Repeat(u, 0));
    show_new("tuple * -1", PySequence_Repeat(t, -1));
    show_new("int * 2", PySequence_Repeat(i5, 2));
    show_new("Seq * 2", PySequence_Repeat(s, 2));
    show_new("NoOps * 2", PySequence_Repeat(n, 2));

    PyObject *r2 = PySequence_InPlaceConcat(l, t);
    printf("list += tuple keeps the list: %d\n", r2 == l);
    show_new("  value", r2);
    r2 = PySequence_InPlaceRepeat(l, 2);
    printf("list *= 2 keeps the list: %d\n", r2 == l);
    show_new("  value", r2);
    r2 = PySequence_InPlaceConcat(t, t);
    printf("tuple += tuple is new: %d\n", r2 != t);
    show_new("  value", r2);
    show_new("tuple *= 2", PySequence_InPlaceRepeat(t, 2));
    r2 = PySequence_InPlaceConcat(s, l);
    printf("Seq += list through __iadd__ keeps it: %d\n", r2 == s);
    show_new("  value", r2);
    show_new("Seq *= 2 through __mul__", PySequence_InPlaceRepeat(s, 2));
    show_new("int += int", PySequence_InPlaceConcat(i5, i5));
    show_new("int *= 2", PySequence_InPlaceRepeat(i5, 2));

    PyObject *kw = Py_BuildValue("{s:i,s:i}", "a", 1, "b", 2);
    show_int("validate str keys", PyArg_ValidateKeywordArguments(kw));
    PyDict_SetItem(kw, i5, i5);
    show_int("validate an int key", PyArg_ValidateKeywordArguments(kw));
    show_int("validate a list", PyArg_ValidateKeywordArguments(l));
    PyObject *empty = PyDict_New();
    show_int("validate {}", PyArg_ValidateKeywordArguments(empty));

    Py_DECREF(empty);
    Py_DECREF(kw);
    Py_DECREF(l);
    Py_DECREF(t);
    Py_DECREF(u);
    Py_DECREF(b);
    Py_DECREF(i5);
    Py_DECREF(g);
    return ctest_finish();
}
