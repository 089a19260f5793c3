/*
 * marshal.c -- marshal data (issue 13, part 2): PyMarshal_WriteObjectToString
 * for every type and version 0-4 (the ASCII, interned and small-tuple
 * forms, 15-bit long digits, text and binary floats, references to shared
 * objects and interned strings), ReadObjectFromString round trips
 * including code objects, corrupt and truncated data (ValueError,
 * EOFError, TypeError: never a crash), the FILE functions, and the
 * marshal module (dumps, loads, version, argument errors).
 */
#include "ctest.h"
#include <marshal.h>
#include <math.h>

static void hexdump(const char *label, PyObject *b)
{
    if (b == NULL) {
        show(label, NULL);
        return;
    }
    printf("%s:", label);
    const unsigned char *p = (const unsigned char *)PyBytes_AS_STRING(b);
    for (Py_ssize_t i = 0; i < PyBytes_GET_SIZE(b); i++)
        printf(" %02x", p[i]);
    printf("\n");
    Py_DECREF(b);
}

/* Writes `o` (a new reference, released) in every version. */
static void dumps_all(const char *label, PyObject *o)
{
    char l[96];
    for (int v = 0; v <= 4; v++) {
        snprintf(l, sizeof l, "%s v%d", label, v);
        hexdump(l, PyMarshal_WriteObjectToString(o, v));
    }
    PyObject *b = PyMarshal_WriteObjectToString(o, 4);
    if (b) {
        PyObject *back = PyMarshal_ReadObjectFromString(PyBytes_AS_STRING(b), PyBytes_GET_SIZE(b));
        snprintf(l, sizeof l, "%s round trip", label);
        show(l, back);
        if (back)
            printf("%s equal: %d\n", label, PyObject_RichCompareBool(o, back, Py_EQ));
        Py_XDECREF(back);
        Py_DECREF(b);
    }
    else
        PyErr_Clear();
    Py_DECREF(o);
}

static void loads(const char *label, const char *data, Py_ssize_t n)
{
    PyObject *o = PyMarshal_ReadObjectFromString(data, n);
    show(label, o);
    Py_XDECREF(o);
}

static PyObject *num(const char *text)
{
    return PyLong_FromString(text, NULL, 0);
}

int main(void)
{
    Py_Initialize();
    printf("Py_MARSHAL_VERSION: %d\n", Py_MARSHAL_VERSION);

    dumps_all("None", Py_NewRef(Py_None));
    dumps_all("True", Py_NewRef(Py_True));
    dumps_all("False", Py_NewRef(Py_False));
    dumps_all("Ellipsis", Py_NewRef(Py_Ellipsis));
    dumps_all("StopIteration", Py_NewRef(PyExc_StopIteration));
    dumps_all("0", num("0"));
    dumps_all("-1", num("-1"));
    dumps_all("1000", num("1000"));
    dumps_all("2**31-1", num("2147483647"));
    dumps_all("2**31", num("2147483648"));
    dumps_all("-2**31", num("-2147483648"));
    dumps_all("-2**31-1", num("-2147483649"));
    dumps_all("2**70", num("1180591620717411303424"));
    dumps_all("-2**100+1", num("-1267650600228229401496703205375"));
    dumps_all("2**45", num("35184372088832"));
    dumps_all("1.5", PyFloat_FromDouble(1.5));
    dumps_all("-0.0", PyFloat_FromDouble(-0.0));
    dumps_all("1e300", PyFloat_FromDouble(1e300));
    dumps_all("0.1", PyFloat_FromDouble(0.1));
    dumps_all("1e-7", PyFloat_FromDouble(1e-7));
    dumps_all("123456789012345680000", PyFloat_FromDouble(1.2345678901234568e20));
    dumps_all("inf", PyFloat_FromDouble(HUGE_VAL));
    dumps_all("str", PyUnicode_FromString("abc"));
    dumps_all("interned", PyUnicode_InternFromString("interned_name"));
    dumps_all("empty str", PyUnicode_FromString(""));
    dumps_all("non-ASCII", PyUnicode_FromString("d\xc3\xa9j\xc3\xa0 \xe2\x82\xac \xf0\x9f\x90\x8d"));
    dumps_all("surrogate", PyUnicode_DecodeUTF8("a\xed\xa0\x80", 4, "surrogatepass"));
    {
        char big[301];
        memset(big, 'x', 300);
        big[300] = 0;
        PyObject *s = PyUnicode_FromString(big);
        PyObject *b = PyMarshal_WriteObjectToString(s, 4);
        printf("300 ASCII chars v4: %02x %02x %02x %02x %02x len %zd\n",
               (unsigned char)PyBytes_AS_STRING(b)[0], (unsigned char)PyBytes_AS_STRING(b)[1],
               (unsigned char)PyBytes_AS_STRING(b)[2], (unsigned char)PyBytes_AS_STRING(b)[3],
               (unsigned char)PyBytes_AS_STRING(b)[4], PyBytes_GET_SIZE(b));
        Py_DECREF(b);
        Py_DECREF(s);
    }
    dumps_all("bytes", PyBytes_FromStringAndSize("a\0b", 3));
    dumps_all("bytearray", PyByteArray_FromStringAndSize("xy", 2));
    dumps_all("tuple", Py_BuildValue("(iNN)", 1, PyUnicode_FromString("s"), PyFloat_FromDouble(2.5)));
    dumps_all("empty tuple", PyTuple_New(0));
    dumps_all("list", Py_BuildValue("[iN[]]", 7, PyBytes_FromString("b")));
    dumps_all("dict", Py_BuildValue("{sisN}", "a", 1, "b", PyList_New(0)));
    {
        PyObject *s = PyUnicode_FromString("shared");
        PyObject *t = PyTuple_Pack(3, s, s, s);
        Py_DECREF(s);
        dumps_all("shared str", t);
        PyObject *l = PyList_New(0);
        PyObject *t2 = PyTuple_Pack(2, l, l);
        Py_DECREF(l);
        dumps_all("shared list", t2);
    }
    {
        PyObject *big = PyTuple_New(300);
        for (int i = 0; i < 300; i++)
            PyTuple_SET_ITEM(big, i, Py_NewRef(Py_None));
        PyObject *b = PyMarshal_WriteObjectToString(big, 4);
        printf("300-tuple v4: %02x len %zd\n", (unsigned char)PyBytes_AS_STRING(b)[0], PyBytes_GET_SIZE(b));
        Py_DECREF(b);
        Py_DECREF(big);
    }

    /* unmarshallable, too deep */
    show_new("object()", PyMarshal_WriteObjectToString((PyObject *)&PyBaseObject_Type, 4));
    {
        PyObject *o = PyList_New(0), *cur = o;
        for (int i = 0; i < 2100; i++) {
            PyObject *n = PyList_New(0);
            PyList_Append(cur, n);
            Py_DECREF(n);
            cur = n;
        }
        show_new("deep list", PyMarshal_WriteObjectToString(o, 4));
        Py_DECREF(o);
    }

    /* code objects */
    const char *src = "def f(a, *b, c=1, **d):\n    x = [a, b, c, d, 'const', 2**40, -0.0]\n"
                      "    def g(): return x\n    return g\nclass K: pass\n";
    PyObject *co = Py_CompileString(src, "m.py", Py_file_input);
    PyObject *data = PyMarshal_WriteObjectToString(co, 4);
    PyObject *co2 = PyMarshal_ReadObjectFromString(PyBytes_AS_STRING(data), PyBytes_GET_SIZE(data));
    printf("code round trip equal: %d\n", co2 ? PyObject_RichCompareBool(co, co2, Py_EQ) : -1);
    PyObject *data2 = co2 ? PyMarshal_WriteObjectToString(co2, 4) : NULL;
    printf("code re-marshalled identical: %d\n", data2 ? PyObject_RichCompareBool(data, data2, Py_EQ) : -1);
    Py_XDECREF(data2);
    printf("code data length: %zd\n", PyBytes_GET_SIZE(data));
    hexdump("code v4", Py_NewRef(data));
    Py_XDECREF(co2);
    {
        /* Every truncation of the code object's data fails cleanly. */
        int eof = 0, value = 0, type = 0, other = 0, ok = 0;
        for (Py_ssize_t n = 0; n < PyBytes_GET_SIZE(data); n++) {
            PyObject *o = PyMarshal_ReadObjectFromString(PyBytes_AS_STRING(data), n);
            if (o) { ok++; Py_DECREF(o); continue; }
            if (PyErr_ExceptionMatches(PyExc_EOFError)) eof++;
            else if (PyErr_ExceptionMatches(PyExc_ValueError)) value++;
            else if (PyErr_ExceptionMatches(PyExc_TypeError)) type++;
            else other++;
            PyErr_Clear();
        }
        printf("truncations: ok %d EOFError %d ValueError %d TypeError %d other %d\n", ok, eof, value, type, other);
        /* Flipping each byte never crashes. */
        int fails = 0, oks = 0;
        char *buf = malloc(PyBytes_GET_SIZE(data));
        for (Py_ssize_t i = 0; i < PyBytes_GET_SIZE(data); i++) {
            memcpy(buf, PyBytes_AS_STRING(data), PyBytes_GET_SIZE(data));
            buf[i] ^= 0x5a;
            PyObject *o = PyMarshal_ReadObjectFromString(buf, PyBytes_GET_SIZE(data));
            if (o) { oks++; Py_DECREF(o); } else { fails++; PyErr_Clear(); }
        }
        free(buf);
        printf("byte flips: no crash (%d)\n", oks + fails);
    }
    Py_DECREF(data);
    Py_DECREF(co);

    /* corrupt data */
    loads("empty", "", 0);
    loads("int short", "i\x01", 2);
    loads("NULL", "0", 1);
    loads("unknown", "\x99", 1);
    loads("tuple short", "(\x02\x00\x00\x00N", 6);
    loads("NULL in tuple", ")\x02N0", 4);
    loads("NULL in list", "[\x02\x00\x00\x00N0", 7);
    loads("bad ref", "r\x00\x00\x00\x00", 5);
    loads("ref to self", "\xdb\x01\x00\x00\x00r\x00\x00\x00\x00", 10);
    loads("int with ref", "\xe9\x01\x00\x00\x00", 5);
    loads("list short", "[\x01\x00\x00\x00", 5);
    loads("unnormalized long", "l\x01\x00\x00\x00\x00\x00", 7);
    loads("long digit", "l\x01\x00\x00\x00\x00\x80", 7);
    loads("long short", "l\x01\x00\x00\x00", 5);
    loads("long zero", "l\x00\x00\x00\x00", 5);
    loads("long negative", "l\xfe\xff\xff\xff\x01\x00\x01\x00", 9);
    loads("bytes size", "s\xff\xff\xff\xff", 5);
    loads("bad utf-8", "u\x02\x00\x00\x00\xff\xfe", 7);
    loads("utf-8 surrogate", "u\x03\x00\x00\x00\xed\xa0\x80", 8);
    loads("dict", "{NN0", 4);
    loads("dict short", "{N", 2);
    loads("short ascii short", "z\x05" "ab", 4);
    loads("code short", "c", 1);
    loads("float short", "g\x00\x00", 3);
    loads("int64", "I\x01\x00\x00\x00\x00\x00\x00\x00", 9);
    loads("text float", "f\x03" "1.5", 5);
    loads("text float bad", "f\x03" "abc", 5);
    loads("StopIteration", "S", 1);
    loads("trailing data", "NNN", 3);
    loads("interned", "(\x02\x00\x00\x00\xda\x03" "abcr\x00\x00\x00\x00", 15);
    loads("code wrong field", "c\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00N", 22);

    /* FILE functions */
    FILE *f = tmpfile();
    PyMarshal_WriteLongToFile(0x12345678, f, 4);
    PyMarshal_WriteLongToFile(-2, f, 4);
    PyObject *t = Py_BuildValue("(isN)", 5, "file", PyFloat_FromDouble(0.25));
    PyMarshal_WriteObjectToFile(t, f, 4);
    PyMarshal_WriteObjectToFile(t, f, 2);
    Py_DECREF(t);
    PyMarshal_WriteObjectToFile((PyObject *)&PyBaseObject_Type, f, 4);
    show_exc("WriteObjectToFile unmarshallable");
    printf("file size: %ld\n", ftell(f));
    rewind(f);
    show_int("ReadLongFromFile", PyMarshal_ReadLongFromFile(f));
    show_int("ReadShortFromFile", PyMarshal_ReadShortFromFile(f));
    show_int("ReadShortFromFile 2", PyMarshal_ReadShortFromFile(f));
    show_new("ReadObjectFromFile", PyMarshal_ReadObjectFromFile(f));
    printf("position: %ld\n", ftell(f));
    show_new("ReadObjectFromFile 2", PyMarshal_ReadObjectFromFile(f));
    show_new("ReadObjectFromFile unknown", PyMarshal_ReadObjectFromFile(f));
    show_new("ReadObjectFromFile at end", PyMarshal_ReadObjectFromFile(f));
    show_int("ReadLongFromFile at end", PyMarshal_ReadLongFromFile(f));
    show_int("ReadShortFromFile at end", PyMarshal_ReadShortFromFile(f));
    rewind(f);
    fseek(f, 8, SEEK_SET);
    show_new("ReadLastObjectFromFile", PyMarshal_ReadLastObjectFromFile(f));
    fclose(f);

    /* the module */
    PyObject *m = PyImport_ImportModule("marshal");
    if (m == NULL)
        show_exc("import marshal");
    else {
        show_new("marshal.version", PyObject_GetAttrString(m, "version"));
        hexdump("marshal.dumps", PyObject_CallMethod(m, "dumps", "(s)", "hi"));
        hexdump("marshal.dumps v2", PyObject_CallMethod(m, "dumps", "(Ni)", PyFloat_FromDouble(1.0), 1));
        show_new("marshal.loads", PyObject_CallMethod(m, "loads", "(y#)", ")\x02i\x07\x00\x00\x00N", (Py_ssize_t)8));
        PyObject *ba = PyByteArray_FromStringAndSize("N", 1);
        show_new("marshal.loads bytearray", PyObject_CallMethod(m, "loads", "(O)", ba));
        Py_DECREF(ba);
        show_new("marshal.loads str", PyObject_CallMethod(m, "loads", "(s)", "N"));
        show_new("marshal.loads no args", PyObject_CallMethod(m, "loads", NULL));
        show_new("marshal.dumps object", PyObject_CallMethod(m, "dumps", "(O)", (PyObject *)&PyBaseObject_Type));
        show_new("marshal.dumps 3 args", PyObject_CallMethod(m, "dumps", "(iii)", 1, 2, 3));
        show_new("marshal.dumps version str", PyObject_CallMethod(m, "dumps", "(is)", 1, "4"));
        show_new("marshal.load None", PyObject_CallMethod(m, "load", "(O)", Py_None));
        show_new("marshal.dump None", PyObject_CallMethod(m, "dump", "(iO)", 1, Py_None));
        Py_DECREF(m);
    }
    return ctest_finish();
}
