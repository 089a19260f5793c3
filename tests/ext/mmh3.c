/* mmh3 4.1.0 (C, cp312): MurmurHash3 32/64/128 of str and bytes, seeds,
 * signed and unsigned results, keyword arguments, buffers, and errors.
 * wheel: mmh3==4.1.0
 * path: .
 */
#include "ext.h"

int main(void)
{
    Py_Initialize();
    PyObject *m = ext_import("mmh3");
    CALL("hash('foo')", m, "hash", "s", "foo");
    CALL("hash('foo', 42)", m, "hash", "si", "foo", 42);
    CALL("hash(b'foo')", m, "hash", "y", "foo");
    CALL("hash('\\u00e9t\\u00e9')", m, "hash", "s", "\xc3\xa9t\xc3\xa9");
    show_new("hash('foo', signed=False)", ext_call_kw(m, "hash", Py_BuildValue("(s)", "foo"), Py_BuildValue("{s:O}", "signed", Py_False)));
    CALL("hash64('foo')", m, "hash64", "s", "foo");
    CALL("hash128('foo', 42)", m, "hash128", "si", "foo", 42);
    CALL("hash_bytes('foo')", m, "hash_bytes", "s", "foo");
    CALL("hash_from_buffer(b'foo')", m, "hash_from_buffer", "y", "foo");
    CALL("mmh3_32(b'foo')", m, "mmh3_32", "y", "foo");
    CALL("mmh3_x64_128(b'foo')", m, "mmh3_x64_128", "y", "foo");
    PyObject *h = PyObject_CallMethod(m, "mmh3_32", "yi", "stream", 3);
    show_new("update", PyObject_CallMethod(h, "update", "y", "ing"));
    show_new("sintdigest", PyObject_CallMethod(h, "sintdigest", NULL));
    show_new("hexdigest", PyObject_CallMethod(h, "hexdigest", NULL));
    Py_XDECREF(h);
    CALL("hash(1)", m, "hash", "i", 1);
    CALL("hash('x', 'seed')", m, "hash", "ss", "x", "seed");
    Py_DECREF(m);
    return ctest_finish();
}
