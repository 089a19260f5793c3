/*
 * hash_seed.c -- PYTHONHASHSEED: with a fixed seed, str and bytes hashes
 * are reproducible and are CPython's own values (SipHash-1-3 of the PEP
 * 393 representation under the key CPython derives from the seed): ASCII,
 * Latin-1, BMP and astral text, a lone surrogate, empty strings, and
 * str/bytes agreement for ASCII.
 */
#include "ctest.h"

#include <stdlib.h>

static void h(const char *label, PyObject *o)
{
    printf("%s: %lld\n", label, o ? (long long)PyObject_Hash(o) : -999LL);
    Py_XDECREF(o);
}

int main(void)
{
    setenv("PYTHONHASHSEED", "12345", 1);
    Py_Initialize();
    h("hash('abc')", PyUnicode_FromString("abc"));
    h("hash(b'abc')", PyBytes_FromString("abc"));
    h("hash('')", PyUnicode_FromString(""));
    h("hash(b'')", PyBytes_FromString(""));
    h("hash('x')", PyUnicode_FromString("x"));
    h("hash('a longer ASCII text, over one block')",
      PyUnicode_FromString("a longer ASCII text, over one block"));
    h("hash('h\\xe9llo')", PyUnicode_FromString("h\xc3\xa9llo"));
    h("hash('\\u65e5\\u672c')", PyUnicode_FromString("\xe6\x97\xa5\xe6\x9c\xac"));
    h("hash('\\U0001f600x')", PyUnicode_FromString("\xf0\x9f\x98\x80x"));
    h("hash('a\\ud800')", PyUnicode_FromFormat("a%c", 0xd800));
    h("hash(b'\\xff\\x00')", PyBytes_FromStringAndSize("\xff\x00", 2));
    return ctest_finish();
}
