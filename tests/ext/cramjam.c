/* cramjam 2.8.3 (PyO3, cp312): compress and decompress with snappy, gzip,
 * zstd, lz4 and brotli through cramjam's Buffer (a buffer exporter read
 * back with bytes()), round trips, and decompression errors.
 * wheel: cramjam==2.8.3
 * path: cramjam
 */
#include "ext.h"

static void round_trip(PyObject *m, const char *codec, const char *data)
{
    PyObject *c = PyObject_GetAttrString(m, codec);
    PyObject *packed = c ? PyObject_CallMethod(c, "compress", "y", data) : NULL;
    PyObject *unpacked = packed ? PyObject_CallMethod(c, "decompress", "O", packed) : NULL;
    PyObject *b = unpacked ? PyBytes_FromObject(unpacked) : NULL;
    char label[64];
    snprintf(label, sizeof label, "%s round trip", codec);
    if (b == NULL)
        show(label, NULL);
    else
        printf("%s: equal=%d packed type=%s\n", label, strcmp(PyBytes_AsString(b), data) == 0,
               Py_TYPE(packed)->tp_name);
    Py_XDECREF(b);
    Py_XDECREF(unpacked);
    Py_XDECREF(packed);
    Py_XDECREF(c);
}

int main(void)
{
    Py_Initialize();
    PyObject *m = ext_import("cramjam");
    const char *text = "to be or not to be, that is the question; to be or not to be";
    round_trip(m, "snappy", text);
    round_trip(m, "gzip", text);
    round_trip(m, "zstd", text);
    round_trip(m, "lz4", text);
    round_trip(m, "brotli", text);
    PyObject *snappy = PyObject_GetAttrString(m, "snappy");
    PyObject *raw = PyObject_CallMethod(snappy, "compress_raw", "y", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    show_new("snappy.compress_raw", raw ? PyBytes_FromObject(raw) : NULL);
    Py_XDECREF(raw);
    show_new("snappy.decompress(garbage)", PyObject_CallMethod(snappy, "decompress", "y", "garbage"));
    Py_XDECREF(snappy);
    PyObject *buf = PyObject_CallMethod(m, "Buffer", "y", "abc");
    show_int("Buffer len", PyObject_Size(buf));
    show_new("bytes(Buffer)", buf ? PyBytes_FromObject(buf) : NULL);
    Py_XDECREF(buf);
    Py_DECREF(m);
    return ctest_finish();
}
