/* ujson 5.10.0 (C, cp312): dumps of nested containers with non-ASCII
 * text (ensure_ascii on and off), floats, big ints, sort_keys, indent;
 * loads of objects, arrays and escapes; JSONDecodeError and TypeError.
 * wheel: ujson==5.10.0
 * path: .
 */
#include "ext.h"

int main(void)
{
    Py_Initialize();
    PyObject *m = ext_import("ujson");
    PyObject *doc = Py_BuildValue("{s:[i,d,s,O,O,O],s:{s:s},s:L}", "a", 1, 2.5, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80",
                                  Py_None, Py_True, Py_False, "nested", "k", "v\"\\", "big", 1234567890123LL);
    CALL("dumps", m, "dumps", "O", doc);
    show_new("dumps(ensure_ascii=False)", ext_call_kw(m, "dumps", Py_BuildValue("(O)", doc), Py_BuildValue("{s:O}", "ensure_ascii", Py_False)));
    show_new("dumps(sort_keys=True, indent=2)", ext_call_kw(m, "dumps", Py_BuildValue("(O)", doc), Py_BuildValue("{s:O,s:i}", "sort_keys", Py_True, "indent", 2)));
    PyObject *s = PyObject_CallMethod(m, "dumps", "O", doc);
    CALL("loads(dumps(doc))", m, "loads", "O", s);
    Py_XDECREF(s);
    Py_DECREF(doc);
    CALL("loads escapes", m, "loads", "s", "[\"\\u00e9\\ud83d\\ude00\\n\", 1e3, -0.5, 18446744073709551615]");
    CALL("loads bytes", m, "loads", "y", "{\"x\": [1, 2, {\"y\": null}]}");
    CALL("loads truncated", m, "loads", "s", "[1,");
    CALL("loads garbage", m, "loads", "s", "{nope}");
    CALL("dumps(object())", m, "dumps", "O", (PyObject *)&PyBaseObject_Type);
    CALL("dumps(nan)", m, "dumps", "d", 0.0 / 0.0);
    Py_DECREF(m);
    return ctest_finish();
}
