/* murmurhash 1.0.10 (Cython 3, cp312): the Cython-generated module's
 * functions on str (ASCII and not) and bytes, with seeds, keyword
 * arguments, and the TypeErrors of Cython's argument parsing.
 * wheel: murmurhash==1.0.10
 * path: murmurhash
 */
#include "ext.h"

int main(void)
{
    Py_Initialize();
    PyObject *m = ext_import("mrmr");
    CALL("hash('foo')", m, "hash", "s", "foo");
    CALL("hash('foo', 42)", m, "hash", "si", "foo", 42);
    CALL("hash('\\u00e9t\\u00e9')", m, "hash", "s", "\xc3\xa9t\xc3\xa9");
    CALL("hash_unicode('\\u20ac')", m, "hash_unicode", "s", "\xe2\x82\xac");
    CALL("hash_bytes(b'foo')", m, "hash_bytes", "y", "foo");
    CALL("hash_bytes(b'foo', 7)", m, "hash_bytes", "yi", "foo", 7);
    show_new("hash('foo', seed=1)", ext_call_kw(m, "hash", Py_BuildValue("(s)", "foo"), Py_BuildValue("{s:i}", "seed", 1)));
    CALL("hash(1)", m, "hash", "i", 1);
    CALL("hash_bytes('str')", m, "hash_bytes", "s", "str");
    CALL("hash()", m, "hash", NULL);
    CALL("hash('a', 'b')", m, "hash", "ss", "a", "b");
    show_new("hash('x', bogus=1)", ext_call_kw(m, "hash", Py_BuildValue("(s)", "x"), Py_BuildValue("{s:i}", "bogus", 1)));
    show_new("__name__", PyObject_GetAttrString(m, "__name__"));
    show_new("hash.__name__", PyObject_GetAttrString(PyObject_GetAttrString(m, "hash"), "__name__"));
    Py_DECREF(m);
    return ctest_finish();
}
