/* xxhash 3.4.1 (C, cp312): one-shot digests of every algorithm, the
 * streaming objects (update, copy, digest sizes), seeds, str input, and
 * the errors for bad arguments.
 * wheel: xxhash==3.4.1
 * path: xxhash
 */
#include "ext.h"

int main(void)
{
    Py_Initialize();
    PyObject *m = ext_import("_xxhash");
    CALL("XXHASH_VERSION", m, "__getattribute__", "s", "XXHASH_VERSION");
    CALL("xxh32_hexdigest(b'abc')", m, "xxh32_hexdigest", "y", "abc");
    CALL("xxh32_intdigest('abc', seed=1)", m, "xxh32_intdigest", "si", "abc", 1);
    CALL("xxh64_hexdigest(b'')", m, "xxh64_hexdigest", "y", "");
    CALL("xxh64_intdigest(b'hello world')", m, "xxh64_intdigest", "y", "hello world");
    CALL("xxh3_64_digest(b'x')", m, "xxh3_64_digest", "y", "x");
    CALL("xxh3_128_hexdigest(b'abc' * 40)", m, "xxh3_128_hexdigest", "y",
         "abcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabc");
    CALL("xxh3_128_intdigest('\\u00e9t\\u00e9')", m, "xxh3_128_intdigest", "s", "\xc3\xa9t\xc3\xa9");
    PyObject *h = PyObject_CallMethod(m, "xxh64", "yi", "stream", 7);
    show_new("h.update(b'ing')", PyObject_CallMethod(h, "update", "y", "ing"));
    show_new("h.hexdigest()", PyObject_CallMethod(h, "hexdigest", NULL));
    show_new("h.intdigest()", PyObject_CallMethod(h, "intdigest", NULL));
    show_new("h.digest_size", PyObject_GetAttrString(h, "digest_size"));
    show_new("h.block_size", PyObject_GetAttrString(h, "block_size"));
    show_new("h.seed", PyObject_GetAttrString(h, "seed"));
    show_new("h.name", PyObject_GetAttrString(h, "name"));
    PyObject *c = PyObject_CallMethod(h, "copy", NULL);
    show_new("copy.update(b'!')", PyObject_CallMethod(c, "update", "y", "!"));
    show_new("copy.hexdigest()", PyObject_CallMethod(c, "hexdigest", NULL));
    show_new("h.hexdigest() unchanged", PyObject_CallMethod(h, "hexdigest", NULL));
    show_new("h.reset()", PyObject_CallMethod(h, "reset", NULL));
    show_new("h.hexdigest() after reset", PyObject_CallMethod(h, "hexdigest", NULL));
    Py_XDECREF(c);
    Py_XDECREF(h);
    CALL("xxh64_hexdigest(1)", m, "xxh64_hexdigest", "i", 1);
    CALL("xxh64_hexdigest(b'a', seed='x')", m, "xxh64_hexdigest", "ys", "a", "x");
    CALL("xxh64_hexdigest()", m, "xxh64_hexdigest", NULL);
    Py_DECREF(m);
    return ctest_finish();
}
