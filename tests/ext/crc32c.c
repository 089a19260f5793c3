/* crc32c 2.7.post1 (C, cp312): CRC-32C of bytes, incremental values,
 * bytes-like arguments, the crc32 alias, and errors.
 * wheel: crc32c==2.7.post1
 * path: crc32c
 */
#include "ext.h"

int main(void)
{
    Py_Initialize();
    PyObject *m = ext_import("_crc32c");
    CALL("crc32c(b'')", m, "crc32c", "y", "");
    CALL("crc32c(b'hello world')", m, "crc32c", "y", "hello world");
    PyObject *part = PyObject_CallMethod(m, "crc32c", "y", "hello ");
    CALL("crc32c(b'world', crc)", m, "crc32c", "yO", "world", part);
    Py_XDECREF(part);
    CALL("crc32(b'abc')", m, "crc32", "y", "abc");
    show_new("big_endian type", PyObject_Type(PyObject_GetAttrString(m, "big_endian")));
    show_new("hardware_based type", PyObject_Type(PyObject_GetAttrString(m, "hardware_based")));
    CALL("crc32c('str')", m, "crc32c", "s", "str");
    CALL("crc32c(1)", m, "crc32c", "i", 1);
    CALL("crc32c()", m, "crc32c", NULL);
    Py_DECREF(m);
    return ctest_finish();
}
