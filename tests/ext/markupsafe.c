/* markupsafe 3.0.2 (C, cp312): _escape_inner on ASCII, Latin-1, BMP and
 * astral text (it reads str through PEP 393's kind and data macros), on
 * text with nothing to escape, on a str subclass, and its error.
 * wheel: markupsafe==3.0.2
 * path: markupsafe
 */
#include "ext.h"

int main(void)
{
    Py_Initialize();
    PyObject *m = ext_import("_speedups");
    CALL("ascii", m, "_escape_inner", "s", "<a href='x'>&\"</a>");
    CALL("nothing to escape", m, "_escape_inner", "s", "plain text");
    CALL("latin-1", m, "_escape_inner", "s", "caf\xc3\xa9 <b>&</b>");
    CALL("bmp", m, "_escape_inner", "s", "\xe2\x82\xac<\xe2\x82\xac>");
    CALL("astral", m, "_escape_inner", "s", "\xf0\x9f\x98\x80 & \xf0\x9f\x98\x80 '");
    CALL("empty", m, "_escape_inner", "s", "");
    CALL("all specials", m, "_escape_inner", "s", "&<>'\"&<>'\"");
    PyType_Slot slots[] = {{0, NULL}};
    PyType_Spec spec = {"ext.S", 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, slots};
    PyObject *S = PyType_FromSpecWithBases(&spec, (PyObject *)&PyUnicode_Type);
    PyObject *sub = PyObject_CallFunction(S, "s", "<sub \xc3\xa9>");
    CALL("str subclass", m, "_escape_inner", "O", sub);
    Py_XDECREF(sub);
    Py_XDECREF(S);
    CALL("int", m, "_escape_inner", "i", 5);
    Py_DECREF(m);
    return ctest_finish();
}
