/*
 * unicode_pep393.c -- str in CPython 3.12's PEP 393 layout, read through the
 * inline macros of cpython/unicodeobject.h as compiled extensions read it:
 * PyUnicode_GET_LENGTH, KIND, DATA, 1BYTE/2BYTE/4BYTE_DATA, READ,
 * READ_CHAR, WRITE, MAX_CHAR_VALUE, IS_ASCII, IS_COMPACT, IS_COMPACT_ASCII,
 * CHECK_INTERNED, on strings made every way (UTF-8, kind data, PyUnicode_New
 * filled by the caller, subclass instances, concatenation, slicing).  And
 * the functions that go with the layout: PyUnicode_New, FromKindAndData,
 * AsUCS4/AsUCS4Copy, ReadChar, WriteChar, CopyCharacters, Fill, Substring,
 * with their errors.
 */
#include "ctest.h"

/* Everything a compiled reader sees of one string. */
static void layout(const char *label, PyObject *s)
{
    if (s == NULL) {
        show(label, NULL);
        return;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    int kind = PyUnicode_KIND(s);
    printf("%s: len=%zd kind=%d ascii=%d compact=%d compact_ascii=%d max=%#lx cps=",
           label, n, kind, (int)PyUnicode_IS_ASCII(s), (int)PyUnicode_IS_COMPACT(s),
           (int)PyUnicode_IS_COMPACT_ASCII(s), (unsigned long)PyUnicode_MAX_CHAR_VALUE(s));
    void *data = PyUnicode_DATA(s);
    for (Py_ssize_t i = 0; i < n && i < 12; i++) {
        Py_UCS4 a = PyUnicode_READ(kind, data, i);
        Py_UCS4 b = PyUnicode_READ_CHAR(s, i);
        Py_UCS4 c = kind == PyUnicode_1BYTE_KIND ? PyUnicode_1BYTE_DATA(s)[i]
                  : kind == PyUnicode_2BYTE_KIND ? PyUnicode_2BYTE_DATA(s)[i]
                  : PyUnicode_4BYTE_DATA(s)[i];
        printf("%s%lx", i ? "," : "", (unsigned long)a);
        if (a != b || a != c)
            printf("(MISMATCH %lx %lx)", (unsigned long)b, (unsigned long)c);
    }
    /* The canonical buffer is NUL-terminated. */
    printf(" nul=%d", (int)PyUnicode_READ(kind, data, n) == 0);
    printf("\n");
}

static void layout_new(const char *label, PyObject *s)
{
    layout(label, s);
    Py_XDECREF(s);
}

static PyObject *from_utf8(const char *s)
{
    return PyUnicode_FromString(s);
}

/* 1 when a and b are equal and hash alike, else 0 (hash values differ
 * between runs, so only their equality is printed). */
static void same(const char *label, PyObject *a, PyObject *b)
{
    if (a == NULL || b == NULL) {
        show_exc(label);
        return;
    }
    int eq = PyObject_RichCompareBool(a, b, Py_EQ);
    Py_hash_t ha = PyObject_Hash(a), hb = PyObject_Hash(b);
    printf("%s: eq=%d hash_eq=%d cmp=%d\n", label, eq, ha == hb, PyUnicode_Compare(a, b));
    CHECK_NOERR();
}

static PyType_Slot no_slots[] = {{0, NULL}};

int main(void)
{
    Py_Initialize();

    puts("-- strings from UTF-8");
    layout_new("empty", from_utf8(""));
    layout_new("ascii", from_utf8("hello"));
    layout_new("latin1", from_utf8("caf\xc3\xa9"));
    layout_new("latin1 only high", from_utf8("\xc3\xbf\xc2\x80"));
    layout_new("bmp", from_utf8("a\xe2\x82\xac" "b"));
    layout_new("astral", from_utf8("x\xf0\x9f\x98\x80y\xc3\xa9"));
    layout_new("one latin1 char", from_utf8("\xc3\xa9"));
    layout_new("nul inside", PyUnicode_FromStringAndSize("a\0b", 3));

    puts("-- the utf8 view of non-ASCII strings");
    {
        PyObject *s = from_utf8("gr\xc3\xbc\xc3\x9f \xe2\x82\xac \xf0\x9f\x98\x80");
        Py_ssize_t size = -1;
        const char *u = PyUnicode_AsUTF8AndSize(s, &size);
        printf("utf8 size=%zd len=%zd same=%d\n", size, PyUnicode_GET_LENGTH(s),
               u != NULL && memcmp(u, "gr\xc3\xbc\xc3\x9f \xe2\x82\xac \xf0\x9f\x98\x80", (size_t)size + 1) == 0);
        printf("utf8 cached: %d\n", u == PyUnicode_AsUTF8(s));
        Py_DECREF(s);
    }

    puts("-- PyUnicode_FromKindAndData");
    {
        Py_UCS1 l1[] = {'a', 'b', 0xe9};
        Py_UCS2 u2[] = {'a', 0x20ac, 'c'};
        Py_UCS2 u2narrow[] = {'a', 0xe9};
        Py_UCS2 u2ascii[] = {'o', 'k'};
        Py_UCS4 u4[] = {0x1f600, 'z'};
        Py_UCS4 u4narrow[] = {0x20ac, 0x41};
        Py_UCS4 u4bad[] = {'a', 0x110000};
        Py_UCS2 lone[] = {'a', 0xd800, 'b'};
        Py_UCS4 pair[] = {0xd83d, 0xde00};
        layout_new("kind1", PyUnicode_FromKindAndData(PyUnicode_1BYTE_KIND, l1, 3));
        layout_new("kind2", PyUnicode_FromKindAndData(PyUnicode_2BYTE_KIND, u2, 3));
        layout_new("kind2 narrowed to latin1", PyUnicode_FromKindAndData(PyUnicode_2BYTE_KIND, u2narrow, 2));
        layout_new("kind2 narrowed to ascii", PyUnicode_FromKindAndData(PyUnicode_2BYTE_KIND, u2ascii, 2));
        layout_new("kind4", PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, u4, 2));
        layout_new("kind4 narrowed", PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, u4narrow, 2));
        layout_new("kind4 out of range", PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, u4bad, 2));
        layout_new("lone surrogate", PyUnicode_FromKindAndData(PyUnicode_2BYTE_KIND, lone, 3));
        layout_new("surrogate pair stays two", PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, pair, 2));
        layout_new("size 0", PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, u4, 0));
        layout_new("negative size", PyUnicode_FromKindAndData(PyUnicode_1BYTE_KIND, l1, -1));
        layout_new("kind 3", PyUnicode_FromKindAndData(3, l1, 1));

        PyObject *s = PyUnicode_FromKindAndData(PyUnicode_2BYTE_KIND, lone, 3);
        show_cstr("AsUTF8 of a lone surrogate", PyUnicode_AsUTF8(s));
        show_new("repr of a lone surrogate", PyObject_Repr(s));
        show_new("ascii of a lone surrogate", PyObject_ASCII(s));
        Py_DECREF(s);
        s = PyUnicode_FromKindAndData(PyUnicode_2BYTE_KIND, u2, 3);
        PyObject *t = from_utf8("a\xe2\x82\xac" "c");
        same("kind data equals utf-8", s, t);
        Py_DECREF(s);
        Py_DECREF(t);
    }

    puts("-- PyUnicode_New filled by the caller");
    {
        PyObject *s = PyUnicode_New(5, 127);
        for (int i = 0; i < 5; i++)
            PyUnicode_WRITE(PyUnicode_KIND(s), PyUnicode_DATA(s), i, "hello"[i]);
        layout("new ascii", s);
        PyObject *t = from_utf8("hello");
        same("new ascii vs utf-8", s, t);
        PyObject *d = PyDict_New();
        PyDict_SetItem(d, t, Py_True);
        printf("dict lookup: %d\n", PyDict_GetItemWithError(d, s) == Py_True);
        Py_DECREF(d);
        Py_DECREF(s);
        Py_DECREF(t);

        s = PyUnicode_New(3, 0xff);
        Py_UCS1 *p = PyUnicode_1BYTE_DATA(s);
        p[0] = 'n'; p[1] = 0xe9; p[2] = 'e';
        layout("new latin1", s);
        t = from_utf8("n\xc3\xa9" "e");
        same("new latin1 vs utf-8", s, t);
        show_cstr("new latin1 utf8", PyUnicode_AsUTF8(s));
        Py_DECREF(s);
        Py_DECREF(t);

        s = PyUnicode_New(2, 0xffff);
        PyUnicode_2BYTE_DATA(s)[0] = 0x3b1;
        PyUnicode_2BYTE_DATA(s)[1] = 0x3b2;
        layout("new ucs2", s);
        t = from_utf8("\xce\xb1\xce\xb2");
        same("new ucs2 vs utf-8", s, t);
        show_new("new ucs2 repr", PyObject_Repr(s));
        show_new("new ucs2 upper", PyObject_CallMethod(s, "upper", NULL));
        Py_DECREF(s);
        Py_DECREF(t);

        s = PyUnicode_New(1, 0x10ffff);
        PyUnicode_WRITE(PyUnicode_4BYTE_KIND, PyUnicode_DATA(s), 0, 0x1f40d);
        layout("new ucs4", s);
        t = from_utf8("\xf0\x9f\x90\x8d");
        same("new ucs4 vs utf-8", s, t);
        Py_DECREF(s);
        Py_DECREF(t);

        layout_new("new 0", PyUnicode_New(0, 0x10ffff));
        layout_new("new negative", PyUnicode_New(-1, 127));
        layout_new("new maxchar too big", PyUnicode_New(1, 0x110000));
        layout_new("new huge", PyUnicode_New(PY_SSIZE_T_MAX / 2, 0x10ffff));
    }

    puts("-- ReadChar, WriteChar, Fill, CopyCharacters");
    {
        PyObject *s = from_utf8("ab\xe2\x82\xac");
        show_uint("ReadChar 2", PyUnicode_ReadChar(s, 2));
        show_uint("ReadChar 3", PyUnicode_ReadChar(s, 3));
        show_uint("ReadChar -1", PyUnicode_ReadChar(s, -1));
        show_uint("ReadChar of an int", PyUnicode_ReadChar(Py_True, 0));
        Py_INCREF(s);
        show_int("WriteChar shared", PyUnicode_WriteChar(s, 0, 'x'));
        Py_DECREF(s);
        show_int("WriteChar", PyUnicode_WriteChar(s, 0, 'x'));
        layout("after WriteChar", s);
        show_int("WriteChar too wide", PyUnicode_WriteChar(s, 0, 0x10000));
        show_int("WriteChar out of range", PyUnicode_WriteChar(s, 3, 'y'));
        show_int("WriteChar of an int", PyUnicode_WriteChar(Py_True, 0, 'y'));
        PyObject_Hash(s);
        show_int("WriteChar after hashing", PyUnicode_WriteChar(s, 1, 'y'));
        Py_DECREF(s);

        s = PyUnicode_New(6, 0xffff);
        show_int("Fill", PyUnicode_Fill(s, 0, 6, '-'));
        show_int("Fill part", PyUnicode_Fill(s, 2, 100, 0x2022));
        layout("filled", s);
        show_int("Fill too wide", PyUnicode_Fill(s, 0, 1, 0x10000));
        show_int("Fill negative start", PyUnicode_Fill(s, -1, 1, 'a'));
        show_int("Fill start past end", PyUnicode_Fill(s, 7, 1, 'a'));
        Py_DECREF(s);

        PyObject *from = from_utf8("xyz\xc3\xa9\xe2\x82\xac");
        s = PyUnicode_New(5, 0xff);
        show_int("Fill before copying", PyUnicode_Fill(s, 0, 5, '.'));
        show_int("Copy", PyUnicode_CopyCharacters(s, 0, from, 0, 3));
        show_int("Copy latin1 char", PyUnicode_CopyCharacters(s, 3, from, 3, 1));
        show_int("Copy too wide", PyUnicode_CopyCharacters(s, 4, from, 4, 1));
        show_int("Copy clamped", PyUnicode_CopyCharacters(s, 4, from, 0, 100));
        layout("copied", s);
        show_int("Copy bad from_start", PyUnicode_CopyCharacters(s, 0, from, 9, 1));
        show_int("Copy bad to_start", PyUnicode_CopyCharacters(s, 9, from, 0, 1));
        show_int("Copy negative count", PyUnicode_CopyCharacters(s, 0, from, 0, -1));
        show_int("Copy from an int", PyUnicode_CopyCharacters(s, 0, Py_True, 0, 1));
        Py_INCREF(s);
        show_int("Copy into a shared string", PyUnicode_CopyCharacters(s, 0, from, 0, 1));
        Py_DECREF(s);
        Py_DECREF(s);
        Py_DECREF(from);
    }

    puts("-- AsUCS4, AsUCS4Copy, Substring");
    {
        PyObject *s = from_utf8("a\xc3\xa9\xf0\x9f\x98\x80");
        Py_UCS4 buf[8];
        for (int i = 0; i < 8; i++) buf[i] = 0xAAAA;
        Py_UCS4 *r = PyUnicode_AsUCS4(s, buf, 8, 1);
        printf("AsUCS4: ok=%d %lx %lx %lx %lx %lx\n", r == buf, (unsigned long)buf[0],
               (unsigned long)buf[1], (unsigned long)buf[2], (unsigned long)buf[3], (unsigned long)buf[4]);
        for (int i = 0; i < 8; i++) buf[i] = 0xAAAA;
        r = PyUnicode_AsUCS4(s, buf, 3, 0);
        printf("AsUCS4 exact fit: ok=%d %lx\n", r == buf, (unsigned long)buf[3]);
        r = PyUnicode_AsUCS4(s, buf, 3, 1);
        printf("AsUCS4 no room for NUL: null=%d", r == NULL);
        ctest_write_pending_suffix();
        printf(" buf[2]=%lx\n", (unsigned long)buf[2]);
        r = PyUnicode_AsUCS4(s, buf, 2, 0);
        printf("AsUCS4 too small: null=%d", r == NULL);
        ctest_write_pending_suffix();
        printf("\n");
        r = PyUnicode_AsUCS4(Py_None, buf, 2, 0);
        printf("AsUCS4 of None: null=%d", r == NULL);
        ctest_write_pending_suffix();
        printf("\n");
        r = PyUnicode_AsUCS4Copy(s);
        printf("AsUCS4Copy: %lx %lx %lx %lx\n", (unsigned long)r[0], (unsigned long)r[1],
               (unsigned long)r[2], (unsigned long)r[3]);
        PyMem_Free(r);

        layout_new("Substring 1..3", PyUnicode_Substring(s, 1, 3));
        layout_new("Substring 0..1 (ascii)", PyUnicode_Substring(s, 0, 1));
        layout_new("Substring 2..100", PyUnicode_Substring(s, 2, 100));
        layout_new("Substring 3..1", PyUnicode_Substring(s, 3, 1));
        layout_new("Substring whole", PyUnicode_Substring(s, 0, 3));
        layout_new("Substring -1", PyUnicode_Substring(s, -1, 2));
        layout_new("Substring of None", PyUnicode_Substring(Py_None, 0, 1));
        Py_DECREF(s);
    }

    puts("-- strings the runtime makes");
    {
        PyObject *a = from_utf8("ab"), *b = from_utf8("\xc3\xa9"), *c = from_utf8("\xe2\x82\xac");
        PyObject *ab = PyUnicode_Concat(a, b);
        layout_new("concat ascii+latin1", Py_NewRef(ab));
        PyObject *abc = PyUnicode_Concat(ab, c);
        layout_new("concat +bmp", Py_NewRef(abc));
        PyObject *sl = PySequence_GetSlice(abc, 2, 4);
        layout_new("slice narrows back", sl);
        layout_new("item", PySequence_GetItem(abc, 3));
        layout_new("item latin1", PySequence_GetItem(abc, 2));
        PyObject *parts = Py_BuildValue("[OOO]", c, a, b);
        layout_new("join", PyUnicode_Join(b, parts));
        layout_new("repr", PyObject_Repr(abc));
        layout_new("ascii()", PyObject_ASCII(abc));
        layout_new("format", PyUnicode_FromFormat("%s|%U|%c", "\xc3\xa9", c, 0x1f600));
        layout_new("upper", PyObject_CallMethod(abc, "upper", NULL));
        Py_DECREF(parts);
        Py_DECREF(abc);
        Py_DECREF(ab);
        Py_DECREF(a);
        Py_DECREF(b);
        Py_DECREF(c);
    }

    puts("-- interning");
    {
        PyObject *i = PyUnicode_InternFromString("pep393_interned");
        printf("interned: %d\n", PyUnicode_CHECK_INTERNED(i) != 0);
        PyObject *n = from_utf8("pep393_not_interned_\xc3\xa9");
        printf("not interned: %d\n", PyUnicode_CHECK_INTERNED(n) != 0);
        PyUnicode_InternInPlace(&n);
        printf("interned in place: %d\n", PyUnicode_CHECK_INTERNED(n) != 0);
        PyObject *m = from_utf8("pep393_not_interned_\xc3\xa9");
        PyUnicode_InternInPlace(&m);
        printf("same object: %d\n", m == n);
        layout("interned non-ascii", n);
        Py_DECREF(i);
        Py_DECREF(n);
        Py_DECREF(m);
    }

    puts("-- subclass instances");
    {
        PyType_Spec spec = {"pep393.S", 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, no_slots};
        PyObject *S = PyType_FromSpecWithBases(&spec, (PyObject *)&PyUnicode_Type);
        printf("str basicsize=%zd itemsize=%zd\n", PyUnicode_Type.tp_basicsize, PyUnicode_Type.tp_itemsize);
        const char *texts[] = {"plain", "caf\xc3\xa9", "\xe2\x82\xac" "uro", "\xf0\x9f\x98\x80", ""};
        for (int k = 0; k < 5; k++) {
            PyObject *arg = from_utf8(texts[k]);
            PyObject *o = PyObject_CallOneArg(S, arg);
            layout("subclass", o);
            if (o != NULL) {
                printf("  check=%d exact=%d\n", PyUnicode_Check(o), PyUnicode_CheckExact(o));
                same("  equals its text", o, arg);
                show_cstr("  utf8", PyUnicode_AsUTF8(o));
                show_new("  repr", PyObject_Repr(o));
                show_new("  str", PyObject_Str(o));
                layout_new("  str() is exact", PyObject_Str(o));
                Py_DECREF(o);
            }
            Py_DECREF(arg);
        }
        Py_DECREF(S);
    }

    return ctest_finish();
}
