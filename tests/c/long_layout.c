/*
 * long_layout.c -- int in CPython 3.12's layout, read as compiled code reads
 * it (cpython/longintrepr.h): lv_tag (sign and digit count), 30-bit
 * ob_digit, _PyLong_IsCompact/_PyLong_CompactValue, on small and big
 * values, bools, the small-int cache, results of arithmetic and subclass
 * instances.  And the conversions that go with it: PyLong_AsUnsignedLong,
 * AsUnsignedLongLong, AsUnsignedLongMask, AsUnsignedLongLongMask,
 * AsLongLongAndOverflow, _PyLong_AsByteArray, _PyLong_FromByteArray and
 * PyLong_FromUnicodeObject, with their errors.
 */
#include "ctest.h"

static void layout(const char *label, PyObject *o)
{
    if (o == NULL) {
        show(label, NULL);
        return;
    }
    PyLongObject *l = (PyLongObject *)o;
    uintptr_t tag = l->long_value.lv_tag;
    Py_ssize_t n = (Py_ssize_t)(tag >> _PyLong_NON_SIZE_BITS);
    printf("%s: sign=%d ndigits=%zd compact=%d", label, (int)(tag & _PyLong_SIGN_MASK), n,
           _PyLong_IsCompact(l));
    if (_PyLong_IsCompact(l))
        printf(" value=%zd", _PyLong_CompactValue(l));
    printf(" digits=");
    for (Py_ssize_t i = 0; i < n; i++)
        printf("%s%lx", i ? "," : "", (unsigned long)l->long_value.ob_digit[i]);
    PyObject *r = PyObject_Repr(o);
    printf(" repr=%s\n", r ? PyUnicode_AsUTF8(r) : "?");
    Py_XDECREF(r);
}

static void layout_new(const char *label, PyObject *o)
{
    layout(label, o);
    Py_XDECREF(o);
}

static PyObject *parse(const char *s)
{
    return PyLong_FromString(s, NULL, 0);
}

static void bytes_of(const char *label, PyObject *v, size_t n, int little, int is_signed)
{
    unsigned char buf[16];
    memset(buf, 0xAA, sizeof buf);
    int r = _PyLong_AsByteArray((PyLongObject *)v, buf, n, little, is_signed);
    printf("%s: r=%d bytes=", label, r);
    for (size_t i = 0; i < n; i++)
        printf("%02x", buf[i]);
    ctest_write_pending_suffix();
    printf("\n");
}

static PyType_Slot no_slots[] = {{0, NULL}};

int main(void)
{
    Py_Initialize();

    puts("-- layout");
    printf("int basicsize=%zd itemsize=%zd bool basicsize=%zd itemsize=%zd\n",
           PyLong_Type.tp_basicsize, PyLong_Type.tp_itemsize, PyBool_Type.tp_basicsize,
           PyBool_Type.tp_itemsize);
    layout_new("0", PyLong_FromLong(0));
    layout_new("1", PyLong_FromLong(1));
    layout_new("-1", PyLong_FromLong(-1));
    layout_new("-5", PyLong_FromLong(-5));
    layout_new("256", PyLong_FromLong(256));
    layout_new("1000", PyLong_FromLong(1000));
    layout_new("-1000", PyLong_FromLong(-1000));
    layout_new("2**30-1", PyLong_FromLong((1L << 30) - 1));
    layout_new("2**30", PyLong_FromLong(1L << 30));
    layout_new("-(2**30)", PyLong_FromLong(-(1L << 30)));
    layout_new("2**60-1", PyLong_FromLongLong((1LL << 60) - 1));
    layout_new("2**60", PyLong_FromLongLong(1LL << 60));
    layout_new("LLONG_MAX", PyLong_FromLongLong(LLONG_MAX));
    layout_new("LLONG_MIN", PyLong_FromLongLong(LLONG_MIN));
    layout_new("ULLONG_MAX", PyLong_FromUnsignedLongLong(ULLONG_MAX));
    layout_new("2**100", parse("0x10000000000000000000000000"));
    layout_new("-(2**90+5)", parse("-1237940039285380274899124229"));
    layout_new("True", Py_NewRef(Py_True));
    layout_new("False", Py_NewRef(Py_False));
    layout_new("from double 1e20", PyLong_FromDouble(1e20));
    {
        PyObject *a = PyLong_FromLongLong(1LL << 59), *b = PyLong_FromLongLong(1LL << 59);
        layout_new("2**59 + 2**59", PyNumber_Add(a, b));
        layout_new("2**59 * 2**59", PyNumber_Multiply(a, b));
        PyObject *c = PyNumber_Multiply(a, b);
        layout_new("2**118 - 2**118", PyNumber_Subtract(c, c));
        layout_new("2**118 // 2**59", PyNumber_FloorDivide(c, a));
        layout_new("-(2**118)", PyNumber_Negative(c));
        Py_DECREF(a);
        Py_DECREF(b);
        Py_DECREF(c);
    }

    puts("-- subclass instances");
    {
        PyType_Spec spec = {"layout.I", 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, no_slots};
        PyObject *I = PyType_FromSpecWithBases(&spec, (PyObject *)&PyLong_Type);
        const char *vals[] = {"0", "7", "-7", "1152921504606846976", "-1267650600228229401496703205376"};
        for (int i = 0; i < 5; i++) {
            PyObject *v = parse(vals[i]);
            PyObject *o = PyObject_CallOneArg(I, v);
            layout("subclass", o);
            if (o != NULL) {
                printf("  exact=%d eq=%d hash_eq=%d\n", PyLong_CheckExact(o),
                       PyObject_RichCompareBool(o, v, Py_EQ), PyObject_Hash(o) == PyObject_Hash(v));
                layout_new("  int(o)", PyNumber_Long(o));
                Py_DECREF(o);
            }
            Py_DECREF(v);
        }
        Py_DECREF(I);
    }

    puts("-- unsigned conversions");
    {
        PyObject *neg = PyLong_FromLong(-1), *big = parse("0x10000000000000000"),
                 *max = PyLong_FromUnsignedLongLong(ULLONG_MAX), *s = PyUnicode_FromString("5"),
                 *t = Py_NewRef(Py_True), *hugeneg = parse("-0x10000000000000001");
        show_uint("AsUnsignedLong(ULLONG_MAX)", PyLong_AsUnsignedLong(max));
        show_uint("AsUnsignedLong(-1)", PyLong_AsUnsignedLong(neg));
        show_uint("AsUnsignedLong(2**64)", PyLong_AsUnsignedLong(big));
        show_uint("AsUnsignedLong(str)", PyLong_AsUnsignedLong(s));
        show_uint("AsUnsignedLong(True)", PyLong_AsUnsignedLong(t));
        show_uint("AsUnsignedLongLong(ULLONG_MAX)", PyLong_AsUnsignedLongLong(max));
        show_uint("AsUnsignedLongLong(-1)", PyLong_AsUnsignedLongLong(neg));
        show_uint("AsUnsignedLongLong(2**64)", PyLong_AsUnsignedLongLong(big));
        show_uint("AsUnsignedLongLong(str)", PyLong_AsUnsignedLongLong(s));
        show_uint("AsUnsignedLongMask(-1)", PyLong_AsUnsignedLongMask(neg));
        show_uint("AsUnsignedLongMask(2**64)", PyLong_AsUnsignedLongMask(big));
        show_uint("AsUnsignedLongMask(-(2**64+1))", PyLong_AsUnsignedLongMask(hugeneg));
        show_uint("AsUnsignedLongMask(str)", PyLong_AsUnsignedLongMask(s));
        show_uint("AsUnsignedLongLongMask(-1)", PyLong_AsUnsignedLongLongMask(neg));
        show_uint("AsUnsignedLongLongMask(2**64+5)",
                  PyLong_AsUnsignedLongLongMask(parse("0x10000000000000005")));
        show_uint("AsUnsignedLongLongMask(str)", PyLong_AsUnsignedLongLongMask(s));
        Py_DECREF(neg);
        Py_DECREF(big);
        Py_DECREF(max);
        Py_DECREF(s);
        Py_DECREF(t);
        Py_DECREF(hugeneg);
    }

    puts("-- AsLongLongAndOverflow");
    {
        const char *vals[] = {"0", "-9223372036854775808", "9223372036854775807",
                              "9223372036854775808", "-9223372036854775809", "-5"};
        for (int i = 0; i < 6; i++) {
            int overflow = 99;
            PyObject *v = parse(vals[i]);
            long long r = PyLong_AsLongLongAndOverflow(v, &overflow);
            printf("%s: %lld overflow=%d\n", vals[i], r, overflow);
            Py_DECREF(v);
        }
        int overflow = 99;
        long long r = PyLong_AsLongLongAndOverflow(Py_None, &overflow);
        printf("None: %lld overflow=%d", r, overflow);
        ctest_write_pending_suffix();
        printf("\n");
    }

    puts("-- byte arrays");
    {
        PyObject *v = PyLong_FromLong(0x1234);
        bytes_of("0x1234 big unsigned 4", v, 4, 0, 0);
        bytes_of("0x1234 little unsigned 4", v, 4, 1, 0);
        bytes_of("0x1234 big unsigned 1", v, 1, 0, 0);
        Py_DECREF(v);
        v = PyLong_FromLong(-2);
        bytes_of("-2 big signed 3", v, 3, 0, 1);
        bytes_of("-2 little unsigned 3", v, 3, 1, 0);
        Py_DECREF(v);
        v = PyLong_FromLong(128);
        bytes_of("128 signed 1", v, 1, 0, 1);
        bytes_of("128 unsigned 1", v, 1, 0, 0);
        Py_DECREF(v);
        v = PyLong_FromLong(-128);
        bytes_of("-128 signed 1", v, 1, 0, 1);
        Py_DECREF(v);
        v = parse("-0x123456789abcdef0123456789");
        bytes_of("big negative signed 16", v, 16, 0, 1);
        bytes_of("big negative little signed 12", v, 12, 1, 1);
        Py_DECREF(v);
        v = PyLong_FromLong(0);
        bytes_of("0 signed 2", v, 2, 1, 1);
        Py_DECREF(v);

        unsigned char b1[] = {0xff, 0xfe};
        layout_new("from ff fe big unsigned", _PyLong_FromByteArray(b1, 2, 0, 0));
        layout_new("from ff fe big signed", _PyLong_FromByteArray(b1, 2, 0, 1));
        layout_new("from ff fe little signed", _PyLong_FromByteArray(b1, 2, 1, 1));
        unsigned char b2[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x80};
        layout_new("from 12 bytes little signed", _PyLong_FromByteArray(b2, 12, 1, 1));
        layout_new("from 12 bytes little unsigned", _PyLong_FromByteArray(b2, 12, 1, 0));
        layout_new("from 0 bytes", _PyLong_FromByteArray(b2, 0, 1, 1));
    }

    puts("-- PyLong_FromUnicodeObject");
    {
        PyObject *s = PyUnicode_FromString(" -0x_ff ");
        layout_new("base 0", PyLong_FromUnicodeObject(s, 0));
        layout_new("base 16", PyLong_FromUnicodeObject(s, 16));
        layout_new("base 10", PyLong_FromUnicodeObject(s, 10));
        Py_DECREF(s);
        s = PyUnicode_FromString("\xd9\xa1\xd9\xa2");  /* Arabic-Indic 1 2 */
        layout_new("arabic digits", PyLong_FromUnicodeObject(s, 10));
        Py_DECREF(s);
        s = PyUnicode_FromString("12");
        layout_new("base 1", PyLong_FromUnicodeObject(s, 1));
        layout_new("base 37", PyLong_FromUnicodeObject(s, 37));
        Py_DECREF(s);
    }

    return ctest_finish();
}
