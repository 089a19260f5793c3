/*
 * bytes.c -- bytes objects: creation, access macros, repr quoting and
 * escapes, comparison, indexing and the type errors of the accessors.
 */
#include "ctest.h"

static void show_raw(const char *label, PyObject *b)
{
    char *p;
    Py_ssize_t n, i;
    printf("%s: ", label);
    p = PyBytes_AsString(b);
    n = PyBytes_Size(b);
    if (p == NULL || n < 0) {
        fputs("error", stdout);
        ctest_write_pending_suffix();
        fputc('\n', stdout);
        return;
    }
    printf("size=%lld GET_SIZE=%lld data=", (long long)n, (long long)PyBytes_GET_SIZE(b));
    for (i = 0; i < n; i++)
        printf("%02x", (unsigned char)p[i]);
    printf(" nul_terminated=%d AS_STRING_same=%d\n", p[n] == '\0', PyBytes_AS_STRING(b) == p);
}

static void creation(void)
{
    PyObject *b;

    b = PyBytes_FromString("hello");
    show("FromString('hello')", b);
    show_raw("raw('hello')", b);
    Py_DECREF(b);

    b = PyBytes_FromString("");
    show("FromString('')", b);
    show_raw("raw('')", b);
    Py_DECREF(b);

    b = PyBytes_FromStringAndSize("a\0b\xff", 4);
    show("FromStringAndSize('a\\0b\\xff', 4)", b);
    show_raw("raw('a\\0b\\xff')", b);
    Py_DECREF(b);

    b = PyBytes_FromStringAndSize("abcdef", 2);
    show("FromStringAndSize('abcdef', 2)", b);
    Py_DECREF(b);

    b = PyBytes_FromStringAndSize(NULL, 5); /* contents unspecified */
    printf("FromStringAndSize(NULL, 5).size: %lld\n", (long long)PyBytes_Size(b));
    printf("FromStringAndSize(NULL, 5).nul_terminated: %d\n", PyBytes_AS_STRING(b)[5] == '\0');
    Py_DECREF(b);

    b = PyBytes_FromStringAndSize(NULL, 0);
    show("FromStringAndSize(NULL, 0)", b);
    Py_DECREF(b);

    show_new("FromStringAndSize('x', -1)", PyBytes_FromStringAndSize("x", -1));

    b = PyBytes_FromString("caf\xc3\xa9");
    show("FromString(utf8 bytes)", b);
    printf("Size(utf8 bytes): %lld\n", (long long)PyBytes_Size(b));
    Py_DECREF(b);
}

static void reprs(void)
{
    static const struct { const char *label; const char *data; Py_ssize_t n; } cases[] = {
        {"plain", "abc", 3},
        {"empty", "", 0},
        {"single_quote", "it's", 4},
        {"double_quote", "say \"hi\"", 8},
        {"both_quotes", "it's \"x\"", 8},
        {"backslash", "a\\b", 3},
        {"controls", "\n\t\r\x07\x0b\x0c", 6},
        {"nul_del", "\x00\x7f", 2},
        {"high", "\x80\xfe\xff", 3},
        {"quote_backslash", "'\\", 2},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char label[96];
        PyObject *b = PyBytes_FromStringAndSize(cases[i].data, cases[i].n);
        snprintf(label, sizeof label, "repr(%s)", cases[i].label);
        show(label, b);
        Py_DECREF(b);
    }
    {
        PyObject *b = PyBytes_FromString("x'y");
        show_str("str(b\"x'y\")", b);
        show_str_new("ascii(b\"x'y\")", PyObject_ASCII(b));
        Py_DECREF(b);
    }
}

static void access_errors(void)
{
    PyObject *s = PyUnicode_FromString("text");
    PyObject *i = PyLong_FromLong(3);
    show_cstr("AsString(str)", PyBytes_AsString(s));
    show_int("Size(str)", PyBytes_Size(s));
    show_cstr("AsString(int)", PyBytes_AsString(i));
    show_int("Size(None)", PyBytes_Size(Py_None));
    Py_DECREF(s);
    Py_DECREF(i);
}

static void protocol(void)
{
    PyObject *abc = PyBytes_FromString("abc");
    PyObject *abd = PyBytes_FromString("abd");
    PyObject *ab = PyBytes_FromString("ab");
    PyObject *abc2 = PyBytes_FromString("abc");
    PyObject *sabc = PyUnicode_FromString("abc");
    PyObject *empty = PyBytes_FromString("");
    PyObject *idx;

    printf("PyBytes_Check(b'abc'): %d\n", PyBytes_Check(abc));
    printf("PyBytes_CheckExact(b'abc'): %d\n", PyBytes_CheckExact(abc));
    printf("PyBytes_Check('abc'): %d\n", PyBytes_Check(sabc));
    show_new("cmp(b'abc' == b'abc')", PyObject_RichCompare(abc, abc2, Py_EQ));
    show_new("cmp(b'abc' < b'abd')", PyObject_RichCompare(abc, abd, Py_LT));
    show_new("cmp(b'ab' < b'abc')", PyObject_RichCompare(ab, abc, Py_LT));
    show_new("cmp(b'abc' >= b'abd')", PyObject_RichCompare(abc, abd, Py_GE));
    show_new("cmp(b'abc' == 'abc')", PyObject_RichCompare(abc, sabc, Py_EQ));
    show_new("cmp(b'abc' != 'abc')", PyObject_RichCompare(abc, sabc, Py_NE));
    show_new("cmp(b'abc' < 'abc')", PyObject_RichCompare(abc, sabc, Py_LT));
    show_int("Length(b'abc')", PyObject_Length(abc));
    show_int("IsTrue(b'')", PyObject_IsTrue(empty));
    show_int("IsTrue(b'abc')", PyObject_IsTrue(abc));

    idx = PyLong_FromLong(0);
    show_new("b'abc'[0]", PyObject_GetItem(abc, idx));
    Py_DECREF(idx);
    idx = PyLong_FromLong(-1);
    show_new("b'abc'[-1]", PyObject_GetItem(abc, idx));
    Py_DECREF(idx);
    idx = PyLong_FromLong(3);
    show_new("b'abc'[3]", PyObject_GetItem(abc, idx));
    show_int("b'abc'[3] = 3", PyObject_SetItem(abc, idx, idx));
    show_int("del b'abc'[3]", PyObject_DelItem(abc, idx));
    Py_DECREF(idx);
    show_new("b'abc'['abc']", PyObject_GetItem(abc, sabc));
    show_new("type(b'abc')", PyObject_Type(abc));

    Py_DECREF(abc);
    Py_DECREF(abd);
    Py_DECREF(ab);
    Py_DECREF(abc2);
    Py_DECREF(sabc);
    Py_DECREF(empty);
}

int main(void)
{
    Py_Initialize();
    creation();
    reprs();
    access_errors();
    protocol();
    CHECK_NOERR();
    return ctest_finish();
}
