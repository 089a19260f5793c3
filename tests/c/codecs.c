/*
 * codecs.c -- the builtin codecs (utf-8, ascii, latin-1, utf-16, utf-32 and
 * their aliases) through PyUnicode_AsEncodedString, Decode and the
 * per-codec functions, with every standard error handler (strict, ignore,
 * replace, backslashreplace, xmlcharrefreplace, surrogateescape,
 * surrogatepass), the exceptions they raise (UnicodeEncodeError /
 * UnicodeDecodeError with CPython's ranges and reasons, LookupError for
 * unknown names), the stateful UTF-8 decoder, the file-system encoding
 * helpers (EncodeFSDefault, DecodeFSDefault(AndSize), FSConverter,
 * FSDecoder), str.encode, bytes.decode and str(bytes, encoding, errors).
 */
#include "ctest.h"

static const char *handlers[] = {
    "strict", "ignore", "replace", "backslashreplace", "xmlcharrefreplace",
    "surrogateescape", "surrogatepass", "bogus", NULL};

/* The str made of these code points. */
static PyObject *ucs4(const Py_UCS4 *cps, Py_ssize_t n)
{
    return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, cps, n);
}

static void show_bytes(const char *label, PyObject *b)
{
    show_new(label, b);
}

static void show_decoded(const char *label, PyObject *s)
{
    if (s == NULL) {
        show(label, NULL);
        return;
    }
    PyObject *a = PyObject_ASCII(s);
    printf("%s: %s\n", label, PyUnicode_AsUTF8(a));
    Py_DECREF(a);
    Py_DECREF(s);
}

static void encode_all(const char *what, PyObject *s, const char *encoding)
{
    char label[160];
    for (int i = 0; handlers[i] != NULL; i++) {
        snprintf(label, sizeof label, "%s %s %s", what, encoding, handlers[i]);
        show_bytes(label, PyUnicode_AsEncodedString(s, encoding, handlers[i]));
    }
}

static void decode_all(const char *what, const char *data, Py_ssize_t n, const char *encoding)
{
    char label[160];
    for (int i = 0; handlers[i] != NULL; i++) {
        snprintf(label, sizeof label, "%s %s %s", what, encoding, handlers[i]);
        show_decoded(label, PyUnicode_Decode(data, n, encoding, handlers[i]));
    }
}

int main(void)
{
    Py_Initialize();

    puts("-- encoding names");
    {
        PyObject *s = PyUnicode_FromString("h\xc3\xa9");
        const char *names[] = {"utf-8", "UTF8", "utf_8", "U8", "utf", " UTF--8 ", "cp65001",
                               "latin-1", "Latin1", "iso-8859-1", "ISO_8859-1", "l1", "latin",
                               "8859", "cp819", "ascii", "US-ASCII", "646", "utf-16", "utf-16-le",
                               "UTF-16BE", "utf16", "utf-32", "utf_32_le", "utf-32be",
                               "bogus-enc", "", "utf-8\xc3\xa9", NULL};
        for (int i = 0; names[i] != NULL; i++) {
            char label[80];
            snprintf(label, sizeof label, "encode %s", names[i]);
            show_bytes(label, PyUnicode_AsEncodedString(s, names[i], NULL));
        }
        show_bytes("encode NULL encoding", PyUnicode_AsEncodedString(s, NULL, NULL));
        show_bytes("encode of an int", PyUnicode_AsEncodedString(Py_True, "utf-8", NULL));
        Py_DECREF(s);
    }

    puts("-- encode errors");
    {
        Py_UCS4 t1[] = {'a', 0xe9, 'b', 0x20ac, 0x20ac, 'c', 0x1f600};
        PyObject *s = ucs4(t1, 7);
        encode_all("mixed", s, "ascii");
        encode_all("mixed", s, "latin-1");
        Py_DECREF(s);
        Py_UCS4 t2[] = {'x', 0xdc80, 0xdcff, 'y', 0xd800, 'z'};
        s = ucs4(t2, 6);
        encode_all("surrogates", s, "utf-8");
        encode_all("surrogates", s, "ascii");
        encode_all("surrogates", s, "latin-1");
        encode_all("surrogates", s, "utf-16-le");
        encode_all("surrogates", s, "utf-32-be");
        Py_DECREF(s);
        Py_UCS4 t3[] = {'a', 0xe9, 0x1f600, 0xffff};
        s = ucs4(t3, 4);
        show_bytes("utf-16", PyUnicode_AsEncodedString(s, "utf-16", NULL));
        show_bytes("utf-16-be", PyUnicode_AsEncodedString(s, "utf-16-be", NULL));
        show_bytes("utf-32", PyUnicode_AsEncodedString(s, "utf-32", NULL));
        show_bytes("utf-32-le", PyUnicode_AsEncodedString(s, "utf-32-le", NULL));
        show_bytes("AsUTF16String", PyUnicode_AsUTF16String(s));
        show_bytes("AsUTF32String", PyUnicode_AsUTF32String(s));
        show_bytes("AsUTF8String", PyUnicode_AsUTF8String(s));
        show_bytes("AsASCIIString", PyUnicode_AsASCIIString(s));
        show_bytes("AsLatin1String", PyUnicode_AsLatin1String(s));
        show_bytes("AsUTF8String(None)", PyUnicode_AsUTF8String(Py_None));
        show_bytes("AsASCIIString(None)", PyUnicode_AsASCIIString(Py_None));
        show_bytes("AsLatin1String(None)", PyUnicode_AsLatin1String(Py_None));
        Py_DECREF(s);
    }

    puts("-- decode errors");
    decode_all("invalid start", "a\xff" "b", 3, "utf-8");
    decode_all("bad continuation", "a\xe2\x82x", 4, "utf-8");
    decode_all("truncated", "a\xe2\x82", 3, "utf-8");
    decode_all("surrogate", "a\xed\xa0\x80z", 5, "utf-8");
    decode_all("overlong", "\xc0\xaf", 2, "utf-8");
    decode_all("high", "a\x80\xfe", 3, "ascii");
    decode_all("odd length", "a\0b", 3, "utf-16-le");
    decode_all("lone high surrogate", "\x00\xd8" "a\0", 4, "utf-16-le");
    decode_all("lone low surrogate", "\x00\xdc" "a\0", 4, "utf-16-le");
    decode_all("trailing high surrogate", "a\0\x00\xd8", 4, "utf-16-le");
    decode_all("out of range", "\x00\x00\x11\x00", 4, "utf-32-le");
    decode_all("surrogate code", "\x00\xd8\x00\x00", 4, "utf-32-le");
    decode_all("truncated", "a\0\0\0b", 5, "utf-32-le");
    show_decoded("latin-1 all", PyUnicode_Decode("\x00\x7f\x80\xff", 4, "latin-1", NULL));
    show_decoded("utf-16 with BOM le", PyUnicode_Decode("\xff\xfe" "a\0", 4, "utf-16", NULL));
    show_decoded("utf-16 with BOM be", PyUnicode_Decode("\xfe\xff\0a", 4, "utf-16", NULL));
    show_decoded("utf-16 no BOM", PyUnicode_Decode("a\0", 2, "utf-16", NULL));
    show_decoded("utf-16 pair", PyUnicode_Decode("\x3d\xd8\x00\xde", 4, "utf-16-le", NULL));
    show_decoded("utf-32 with BOM", PyUnicode_Decode("\0\0\xfe\xff\0\0\0a", 8, "utf-32", NULL));
    show_decoded("utf-16-le BOM kept", PyUnicode_Decode("\xff\xfe" "a\0", 4, "utf-16-le", NULL));
    show_decoded("decode bogus", PyUnicode_Decode("a", 1, "bogus-enc", NULL));
    show_decoded("decode NULL encoding", PyUnicode_Decode("\xc3\xa9", 2, NULL, NULL));
    show_decoded("DecodeUTF8", PyUnicode_DecodeUTF8("\xc3\xa9\xff", 3, "replace"));
    show_decoded("DecodeASCII", PyUnicode_DecodeASCII("ab\x80", 3, "backslashreplace"));
    show_decoded("DecodeLatin1", PyUnicode_DecodeLatin1("ab\xe9", 3, NULL));

    puts("-- stateful UTF-8");
    {
        Py_ssize_t consumed = -1;
        show_decoded("truncated at end", PyUnicode_DecodeUTF8Stateful("ab\xe2\x82", 4, NULL, &consumed));
        printf("consumed: %zd\n", consumed);
        consumed = -1;
        show_decoded("complete", PyUnicode_DecodeUTF8Stateful("ab\xe2\x82\xac", 5, NULL, &consumed));
        printf("consumed: %zd\n", consumed);
        consumed = -1;
        show_decoded("invalid in the middle", PyUnicode_DecodeUTF8Stateful("a\xffz\xe2", 4, "replace", &consumed));
        printf("consumed: %zd\n", consumed);
        consumed = -1;
        show_decoded("bad then truncated", PyUnicode_DecodeUTF8Stateful("a\xe2x\xe2", 4, NULL, &consumed));
        printf("consumed: %zd\n", consumed);
        show_decoded("no consumed pointer", PyUnicode_DecodeUTF8Stateful("ab\xe2\x82", 4, NULL, NULL));
    }

    puts("-- file-system encoding");
    {
        show_decoded("DecodeFSDefault", PyUnicode_DecodeFSDefault("caf\xc3\xa9\xff"));
        show_decoded("DecodeFSDefaultAndSize", PyUnicode_DecodeFSDefaultAndSize("a\xfe" "bc", 3));
        Py_UCS4 t[] = {'p', 0xdcff, 0xe9};
        PyObject *s = ucs4(t, 3);
        show_bytes("EncodeFSDefault", PyUnicode_EncodeFSDefault(s));
        Py_DECREF(s);
        Py_UCS4 t2[] = {'p', 0xd800};
        s = ucs4(t2, 2);
        show_bytes("EncodeFSDefault lone high", PyUnicode_EncodeFSDefault(s));
        Py_DECREF(s);

        PyObject *out = NULL;
        PyObject *in = PyUnicode_FromString("/tmp/f\xc3\xa9");
        int r = PyUnicode_FSConverter(in, &out);
        printf("FSConverter str: %d ", r == Py_CLEANUP_SUPPORTED);
        show_new("->", out);
        Py_DECREF(in);
        out = NULL;
        in = PyBytes_FromString("/tmp/raw");
        r = PyUnicode_FSConverter(in, &out);
        printf("FSConverter bytes: %d same=%d\n", r == Py_CLEANUP_SUPPORTED, out == in);
        Py_XDECREF(out);
        Py_DECREF(in);
        out = NULL;
        in = PyUnicode_FromStringAndSize("a\0b", 3);
        r = PyUnicode_FSConverter(in, &out);
        printf("FSConverter NUL: %d", r);
        ctest_write_pending_suffix();
        printf(" out=%s\n", out == NULL ? "NULL" : "set");
        Py_DECREF(in);
        out = NULL;
        r = PyUnicode_FSConverter(Py_None, &out);
        printf("FSConverter None: %d", r);
        ctest_write_pending_suffix();
        printf("\n");

        out = NULL;
        in = PyBytes_FromString("/tmp/caf\xc3\xa9\xff");
        r = PyUnicode_FSDecoder(in, &out);
        printf("FSDecoder bytes: %d ", r == Py_CLEANUP_SUPPORTED);
        show_decoded("->", out);
        Py_DECREF(in);
        out = NULL;
        in = PyUnicode_FromString("x");
        r = PyUnicode_FSDecoder(in, &out);
        printf("FSDecoder str: %d same=%d\n", r == Py_CLEANUP_SUPPORTED, out == in);
        Py_XDECREF(out);
        Py_DECREF(in);
        out = NULL;
        r = PyUnicode_FSDecoder(Py_True, &out);
        printf("FSDecoder True: %d", r);
        ctest_write_pending_suffix();
        printf("\n");
        out = PyUnicode_FromString("cleanup");
        r = PyUnicode_FSDecoder(NULL, &out);
        printf("FSDecoder cleanup: %d out=%s\n", r, out == NULL ? "NULL" : "set");
    }

    puts("-- str.encode, bytes.decode, str(bytes, ...)");
    {
        PyObject *s = PyUnicode_FromString("na\xc3\xafve \xe2\x82\xac");
        show_new("encode()", PyObject_CallMethod(s, "encode", NULL));
        show_new("encode('latin-1', 'replace')", PyObject_CallMethod(s, "encode", "ss", "latin-1", "replace"));
        show_new("encode('ascii')", PyObject_CallMethod(s, "encode", "s", "ascii"));
        show_new("encode(1)", PyObject_CallMethod(s, "encode", "i", 1));
        show_new("encode('a', 'b', 'c')", PyObject_CallMethod(s, "encode", "sss", "a", "b", "c"));
        PyObject *kw = Py_BuildValue("{s:s}", "errors", "ignore");
        PyObject *m = PyObject_GetAttrString(s, "encode");
        PyObject *a = Py_BuildValue("(s)", "ascii");
        show_new("encode('ascii', errors='ignore')", PyObject_Call(m, a, kw));
        Py_DECREF(a);
        Py_DECREF(kw);
        kw = Py_BuildValue("{s:s}", "encodin", "ascii");
        a = PyTuple_New(0);
        show_new("encode(encodin=...)", PyObject_Call(m, a, kw));
        Py_DECREF(kw);
        Py_DECREF(a);
        Py_DECREF(m);

        PyObject *b = PyBytes_FromString("na\xc3\xafve \xff");
        show_new("decode()", PyObject_CallMethod(b, "decode", NULL));
        show_new("decode('utf-8', 'replace')", PyObject_CallMethod(b, "decode", "ss", "utf-8", "replace"));
        show_new("decode('latin-1')", PyObject_CallMethod(b, "decode", "s", "latin-1"));
        show_new("decode(errors=1)", PyObject_CallMethod(b, "decode", "si", "utf-8", 1));
        show_new("str(b, 'latin-1')", PyObject_CallFunction((PyObject *)&PyUnicode_Type, "Os", b, "latin-1"));
        show_new("str(b, errors='ignore')", PyObject_CallFunction((PyObject *)&PyUnicode_Type, "Oss", b, "utf-8", "ignore"));
        show_new("str('x', 'utf-8')", PyObject_CallFunction((PyObject *)&PyUnicode_Type, "ss", "x", "utf-8"));
        show_new("str(1, 'utf-8')", PyObject_CallFunction((PyObject *)&PyUnicode_Type, "is", 1, "utf-8"));
        Py_DECREF(b);
        Py_DECREF(s);
    }

    return ctest_finish();
}
