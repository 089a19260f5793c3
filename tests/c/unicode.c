/*
 * unicode.c -- str objects: decoding UTF-8, lengths, comparison,
 * concatenation, join, interning, and the repr/ascii quoting rules.
 */
#include "ctest.h"

/* Print the UTF-8 bytes of s as C-style hex escapes for non-ASCII bytes. */
static void show_utf8(const char *label, PyObject *s)
{
    Py_ssize_t n = -7;
    const char *u = PyUnicode_AsUTF8AndSize(s, &n);
    Py_ssize_t i;
    printf("%s: ", label);
    if (u == NULL) {
        printf("NULL size=%lld", (long long)n);
        ctest_write_pending_suffix();
        fputc('\n', stdout);
        return;
    }
    printf("size=%lld bytes=", (long long)n);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)u[i];
        if (c >= 0x20 && c < 0x7f && c != '\\')
            fputc(c, stdout);
        else
            printf("\\x%02x", c);
    }
    printf(" nul_terminated=%d\n", u[n] == '\0');
}

static void creation(void)
{
    PyObject *s;

    show_new("FromString('hello')", PyUnicode_FromString("hello"));
    show_new("FromString('')", PyUnicode_FromString(""));
    show_new("FromString('h\\xc3\\xa9llo')", PyUnicode_FromString("h\xc3\xa9llo"));
    show_new("FromString(snake emoji)", PyUnicode_FromString("\xf0\x9f\x90\x8d"));
    show_new("FromStringAndSize('abcdef', 3)", PyUnicode_FromStringAndSize("abcdef", 3));
    show_new("FromStringAndSize('abc\\0def', 7)", PyUnicode_FromStringAndSize("abc\0def", 7));
    show_new("FromStringAndSize(NULL, 0)", PyUnicode_FromStringAndSize(NULL, 0));
    show_new("FromStringAndSize(NULL, 3)", PyUnicode_FromStringAndSize(NULL, 3));
    show_new("FromStringAndSize('abc', -1)", PyUnicode_FromStringAndSize("abc", -1));

    /* invalid UTF-8 */
    show_new("FromString('\\xff')", PyUnicode_FromString("\xff"));
    show_new("FromString('ab\\xc3')", PyUnicode_FromString("ab\xc3"));
    show_new("FromString('\\xc3\\x28')", PyUnicode_FromString("\xc3\x28"));
    show_new("FromString('\\xc0\\x80') overlong", PyUnicode_FromString("\xc0\x80"));
    show_new("FromString('\\xed\\xa0\\x80') surrogate", PyUnicode_FromString("\xed\xa0\x80"));
    show_new("FromString('\\xf4\\x90\\x80\\x80') >U+10FFFF", PyUnicode_FromString("\xf4\x90\x80\x80"));
    show_new("FromString('abc\\xe2\\x82') truncated", PyUnicode_FromString("abc\xe2\x82"));
    show_new("FromStringAndSize('\\xe2\\x82\\xac', 2)", PyUnicode_FromStringAndSize("\xe2\x82\xac", 2));
    show_new("FromStringAndSize('x\\x80y', 3)", PyUnicode_FromStringAndSize("x\x80y", 3));

    s = PyUnicode_FromString("\xe2\x82\xac");
    show("FromString(euro)", s);
    Py_DECREF(s);
}

static void lengths_and_utf8(void)
{
    static const struct { const char *label; const char *utf8; Py_ssize_t n; } cases[] = {
        {"''", "", 0},
        {"'abc'", "abc", 3},
        {"'h\\xe9llo'", "h\xc3\xa9llo", 6},
        {"'\\u20ac100'", "\xe2\x82\xac" "100", 6},
        {"snake", "\xf0\x9f\x90\x8d", 4},
        {"'a\\0b'", "a\0b", 3},
        {"mixed", "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x90\x8d", 10},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char label[96];
        PyObject *s = PyUnicode_FromStringAndSize(cases[i].utf8, cases[i].n);
        snprintf(label, sizeof label, "GetLength(%s)", cases[i].label);
        show_int(label, PyUnicode_GetLength(s));
        snprintf(label, sizeof label, "PyObject_Length(%s)", cases[i].label);
        show_int(label, PyObject_Length(s));
        snprintf(label, sizeof label, "AsUTF8AndSize(%s)", cases[i].label);
        show_utf8(label, s);
        Py_DECREF(s);
    }
    {
        PyObject *s = PyUnicode_FromString("x\xc3\xa9");
        const char *a = PyUnicode_AsUTF8(s);
        const char *b = PyUnicode_AsUTF8AndSize(s, NULL);
        printf("AsUTF8.strcmp: %d\n", strcmp(a, "x\xc3\xa9") == 0);
        printf("AsUTF8AndSize(NULL size).strcmp: %d\n", strcmp(b, "x\xc3\xa9") == 0);
        Py_DECREF(s);
    }
    {
        PyObject *i = PyLong_FromLong(5);
        PyObject *b = PyBytes_FromString("abc");
        Py_ssize_t n = -7;
        show_cstr("AsUTF8(int)", PyUnicode_AsUTF8(i));
        show_cstr("AsUTF8AndSize(bytes)", PyUnicode_AsUTF8AndSize(b, &n));
        show_int("AsUTF8AndSize(bytes).size", n);
        show_int("GetLength(int)", PyUnicode_GetLength(i));
        show_int("GetLength(bytes)", PyUnicode_GetLength(b));
        Py_DECREF(i);
        Py_DECREF(b);
    }
    {
        /* a lone surrogate has no UTF-8 form */
        PyObject *s = PyUnicode_FromFormat("a%cb", 0xD800);
        Py_ssize_t n = -7;
        show("lone_surrogate", s);
        show_int("GetLength(lone_surrogate)", PyUnicode_GetLength(s));
        show_cstr("AsUTF8(lone_surrogate)", PyUnicode_AsUTF8(s));
        show_cstr("AsUTF8AndSize(lone_surrogate)", PyUnicode_AsUTF8AndSize(s, &n));
        show_int("AsUTF8AndSize(lone_surrogate).size", n);
        show_str_new("ascii(lone_surrogate)", PyObject_ASCII(s));
        Py_DECREF(s);
    }
}

static void comparisons(void)
{
    PyObject *a = PyUnicode_FromString("apple");
    PyObject *a2 = PyUnicode_FromString("apple");
    PyObject *b = PyUnicode_FromString("banana");
    PyObject *ap = PyUnicode_FromString("app");
    PyObject *e = PyUnicode_FromString("\xc3\xa9t\xc3\xa9");
    PyObject *z = PyUnicode_FromString("z");
    PyObject *nul = PyUnicode_FromStringAndSize("ab\0c", 4);
    PyObject *i = PyLong_FromLong(1);

    show_int("Compare(apple, apple)", PyUnicode_Compare(a, a2));
    show_int("Compare(apple, banana)", PyUnicode_Compare(a, b));
    show_int("Compare(banana, apple)", PyUnicode_Compare(b, a));
    show_int("Compare(apple, app)", PyUnicode_Compare(a, ap));
    show_int("Compare(app, apple)", PyUnicode_Compare(ap, a));
    show_int("Compare(ete, z)", PyUnicode_Compare(e, z));
    show_int("Compare(apple, 1)", PyUnicode_Compare(a, i));
    show_int("Compare(1, apple)", PyUnicode_Compare(i, a));

    show_int("CompareWithASCIIString(apple, 'apple')", PyUnicode_CompareWithASCIIString(a, "apple"));
    show_int("CompareWithASCIIString(apple, 'apples')", PyUnicode_CompareWithASCIIString(a, "apples"));
    show_int("CompareWithASCIIString(apple, 'app')", PyUnicode_CompareWithASCIIString(a, "app"));
    show_int("CompareWithASCIIString(apple, 'b')", PyUnicode_CompareWithASCIIString(a, "b"));
    show_int("CompareWithASCIIString(apple, '')", PyUnicode_CompareWithASCIIString(a, ""));
    show_int("CompareWithASCIIString(ete, 'z')", PyUnicode_CompareWithASCIIString(e, "z"));
    show_int("CompareWithASCIIString('ab\\0c', 'ab')", PyUnicode_CompareWithASCIIString(nul, "ab"));

    show_new("cmp(apple == apple2)", PyObject_RichCompare(a, a2, Py_EQ));
    show_new("cmp(apple < banana)", PyObject_RichCompare(a, b, Py_LT));
    show_new("cmp(ete > z)", PyObject_RichCompare(e, z, Py_GT));
    show_new("cmp(apple == 1)", PyObject_RichCompare(a, i, Py_EQ));
    show_new("cmp(apple < 1)", PyObject_RichCompare(a, i, Py_LT));

    Py_DECREF(a);
    Py_DECREF(a2);
    Py_DECREF(b);
    Py_DECREF(ap);
    Py_DECREF(e);
    Py_DECREF(z);
    Py_DECREF(nul);
    Py_DECREF(i);
}

static void concat_join(void)
{
    PyObject *ab = PyUnicode_FromString("ab");
    PyObject *cd = PyUnicode_FromString("c\xc3\xa9");
    PyObject *empty = PyUnicode_FromString("");
    PyObject *sep = PyUnicode_FromString(", ");
    PyObject *one = PyLong_FromLong(1);
    PyObject *list, *tuple, *bad;

    show_new("Concat(ab, ce)", PyUnicode_Concat(ab, cd));
    show_new("Concat(ab, '')", PyUnicode_Concat(ab, empty));
    show_new("Concat('', '')", PyUnicode_Concat(empty, empty));
    show_new("Concat(ab, 1)", PyUnicode_Concat(ab, one));
    show_new("Concat(1, ab)", PyUnicode_Concat(one, ab));
    show_new("Concat(ab, None)", PyUnicode_Concat(ab, Py_None));

    list = PyList_New(0);
    PyList_Append(list, ab);
    PyList_Append(list, cd);
    PyList_Append(list, empty);
    PyList_Append(list, ab);
    show_new("Join(', ', list)", PyUnicode_Join(sep, list));
    show_new("Join('', list)", PyUnicode_Join(empty, list));
    show_new("Join(NULL, list)", PyUnicode_Join(NULL, list));

    tuple = PyTuple_Pack(3, cd, cd, ab);
    show_new("Join(', ', tuple)", PyUnicode_Join(sep, tuple));
    Py_DECREF(tuple);

    tuple = PyTuple_New(0);
    show_new("Join(', ', ())", PyUnicode_Join(sep, tuple));
    Py_DECREF(tuple);
    tuple = PyTuple_Pack(1, ab);
    show_new("Join(', ', (ab,))", PyUnicode_Join(sep, tuple));
    Py_DECREF(tuple);

    bad = PyList_New(0);
    PyList_Append(bad, ab);
    PyList_Append(bad, one);
    show_new("Join(', ', [ab, 1])", PyUnicode_Join(sep, bad));
    Py_DECREF(bad);
    bad = PyTuple_Pack(3, ab, ab, Py_None);
    show_new("Join(', ', (ab, ab, None))", PyUnicode_Join(sep, bad));
    Py_DECREF(bad);
    bad = PyTuple_Pack(1, one);
    show_new("Join(', ', (1,))", PyUnicode_Join(sep, bad));
    Py_DECREF(bad);
    show_new("Join(', ', 1)", PyUnicode_Join(sep, one));
    show_new("Join(1, list)", PyUnicode_Join(one, list));
    show_new("Join(', ', 'xyz')", PyUnicode_Join(sep, cd));

    Py_DECREF(list);
    Py_DECREF(ab);
    Py_DECREF(cd);
    Py_DECREF(empty);
    Py_DECREF(sep);
    Py_DECREF(one);
}

static void interning(void)
{
    PyObject *a = PyUnicode_InternFromString("ophis_interned_name");
    PyObject *b = PyUnicode_InternFromString("ophis_interned_name");
    PyObject *c, *d, *keep;
    printf("InternFromString.same: %d\n", Py_Is(a, b));
    show("InternFromString", a);

    c = PyUnicode_FromString("ophis_other_name_");
    keep = c;
    Py_INCREF(keep);
    PyUnicode_InternInPlace(&c); /* first of its value: c itself is interned */
    printf("InternInPlace(first).unchanged: %d\n", Py_Is(c, keep));
    d = PyUnicode_InternFromString("ophis_other_name_");
    printf("InternFromString(after InternInPlace).same: %d\n", Py_Is(c, d));
    Py_DECREF(keep);
    Py_DECREF(d);

    d = PyUnicode_FromString("ophis_interned_name");
    PyUnicode_InternInPlace(&d); /* replaced by the interned one */
    printf("InternInPlace(existing).replaced: %d\n", Py_Is(d, a));
    Py_DECREF(d);

    Py_DECREF(a);
    Py_DECREF(b);
    Py_DECREF(c);
}

static void reprs(void)
{
    static const struct { const char *label; const char *utf8; Py_ssize_t n; } cases[] = {
        {"plain", "abc", 3},
        {"empty", "", 0},
        {"single_quote", "it's", 4},
        {"double_quote", "say \"hi\"", 8},
        {"both_quotes", "it's \"x\"", 8},
        {"backslash", "a\\b", 3},
        {"newline_tab_cr", "a\nb\tc\rd", 7},
        {"bell_esc_del", "\x07\x1b\x7f", 3},
        {"nul", "a\0b", 3},
        {"latin1", "caf\xc3\xa9", 5},
        {"nbsp", "a\xc2\xa0" "b", 4},
        {"soft_hyphen", "\xc2\xad", 2},
        {"c1_control", "\xc2\x85", 2},
        {"greek", "\xce\xb1\xce\xb2", 4},
        {"zero_width_space", "\xe2\x80\x8b", 3},
        {"line_separator", "\xe2\x80\xa8", 3},
        {"cjk", "\xe4\xb8\xad\xe6\x96\x87", 6},
        {"snake", "\xf0\x9f\x90\x8d", 4},
        {"U+10FFFF", "\xf4\x8f\xbf\xbf", 4},
        {"private_use", "\xee\x80\x80", 3},
        {"quote_backslash", "'\\", 2},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char label[96];
        PyObject *s = PyUnicode_FromStringAndSize(cases[i].utf8, cases[i].n);
        snprintf(label, sizeof label, "repr(%s)", cases[i].label);
        show(label, s);
        snprintf(label, sizeof label, "ascii(%s)", cases[i].label);
        show_str_new(label, PyObject_ASCII(s));
        Py_DECREF(s);
    }
    {
        PyObject *s = PyUnicode_FromString("h\xc3\xa9llo");
        PyObject *l = PyList_New(0);
        PyObject *t;
        PyList_Append(l, s);
        show_str("str(str)", s);
        t = PyObject_Str(s);
        printf("str(str).same_object: %d\n", Py_Is(t, s));
        Py_DECREF(t);
        show_str("str([s])", l);
        show_str_new("repr([s])", PyObject_Repr(l));
        show_str_new("ascii([s])", PyObject_ASCII(l));
        Py_DECREF(l);
        Py_DECREF(s);
    }
}

static void misc(void)
{
    PyObject *s = PyUnicode_FromString("x");
    PyObject *e = PyUnicode_FromString("");
    printf("PyUnicode_Check(str): %d\n", PyUnicode_Check(s));
    printf("PyUnicode_CheckExact(str): %d\n", PyUnicode_CheckExact(s));
    printf("PyUnicode_Check(bytes type obj): %d\n", PyUnicode_Check((PyObject *)&PyBytes_Type));
    show_int("IsTrue('')", PyObject_IsTrue(e));
    show_int("IsTrue('x')", PyObject_IsTrue(s));
    show_int("Size('x')", PyObject_Size(s));
    show_new("type('x')", PyObject_Type(s));
    Py_DECREF(s);
    Py_DECREF(e);
}

int main(void)
{
    Py_Initialize();
    creation();
    lengths_and_utf8();
    comparisons();
    concat_join();
    interning();
    reprs();
    misc();
    CHECK_NOERR();
    return ctest_finish();
}
