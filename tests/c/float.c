/*
 * float.c -- float objects: shortest round-trip repr, conversions, hashing.
 */
#include "ctest.h"

#include <float.h>
#include <limits.h>
#include <math.h>

static void reprs(void)
{
    static const struct { const char *label; double v; } cases[] = {
        {"0.0", 0.0},
        {"-0.0", -0.0},
        {"1.0", 1.0},
        {"-1.5", -1.5},
        {"2.5", 2.5},
        {"100.0", 100.0},
        {"0.1", 0.1},
        {"0.1+0.2", 0.30000000000000004},
        {"1/3", 1.0 / 3.0},
        {"2/3", 2.0 / 3.0},
        {"123456789.0", 123456789.0},
        {"0.0001", 0.0001},
        {"1e-5", 1e-5},
        {"1e-7", 1e-7},
        {"1.5e-10", 1.5e-10},
        {"1e15", 1e15},
        {"9999999999999998.0", 9999999999999998.0},
        {"1e16", 1e16},
        {"1.5e16", 1.5e16},
        {"1e17", 1e17},
        {"123456789012345678.0", 123456789012345678.0},
        {"1e22", 1e22},
        {"1e23", 1e23},
        {"1.5e300", 1.5e300},
        {"-1.5e300", -1.5e300},
        {"DBL_MAX", DBL_MAX},
        {"DBL_MIN", DBL_MIN},
        {"5e-324", 5e-324},
        {"DBL_EPSILON", DBL_EPSILON},
        {"2**53", 9007199254740992.0},
        {"2**63", 9223372036854775808.0},
        {"3.141592653589793", 3.141592653589793},
        {"1.1", 1.1},
        {"0.5e-4", 0.5e-4},
        {"12345.678", 12345.678},
        {"inf", INFINITY},
        {"-inf", -INFINITY},
        {"nan", NAN},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char label[96];
        PyObject *f = PyFloat_FromDouble(cases[i].v);
        snprintf(label, sizeof label, "repr(%s)", cases[i].label);
        show(label, f);
        Py_DECREF(f);
    }
    {
        PyObject *f = PyFloat_FromDouble(0.1);
        show_str("str(0.1)", f);
        show_str_new("ascii(0.1)", PyObject_ASCII(f));
        Py_DECREF(f);
        f = PyFloat_FromDouble(1e16);
        show_str("str(1e16)", f);
        Py_DECREF(f);
        f = PyFloat_FromDouble(-NAN);
        show("repr(-nan)", f);
        Py_DECREF(f);
    }
}

static void as_double(void)
{
    PyObject *o;
    o = PyFloat_FromDouble(2.75);
    show_dbl("PyFloat_AsDouble(2.75)", PyFloat_AsDouble(o));
    show_dbl("PyFloat_AS_DOUBLE(2.75)", PyFloat_AS_DOUBLE(o));
    Py_DECREF(o);
    o = PyFloat_FromDouble(-0.0);
    printf("PyFloat_AS_DOUBLE(-0.0).signbit: %d\n", signbit(PyFloat_AS_DOUBLE(o)) != 0);
    Py_DECREF(o);
    o = PyLong_FromLong(3);
    show_dbl("PyFloat_AsDouble(int 3)", PyFloat_AsDouble(o));
    Py_DECREF(o);
    o = PyLong_FromLongLong(9007199254740993LL);
    show_dbl("PyFloat_AsDouble(int 2**53+1)", PyFloat_AsDouble(o));
    Py_DECREF(o);
    o = PyLong_FromLong(LONG_MIN);
    show_dbl("PyFloat_AsDouble(int LONG_MIN)", PyFloat_AsDouble(o));
    Py_DECREF(o);
    show_dbl("PyFloat_AsDouble(True)", PyFloat_AsDouble(Py_True));
    o = PyUnicode_FromString("1.5");
    show_dbl("PyFloat_AsDouble('1.5')", PyFloat_AsDouble(o));
    Py_DECREF(o);
    show_dbl("PyFloat_AsDouble(None)", PyFloat_AsDouble(Py_None));
    o = PyList_New(0);
    show_dbl("PyFloat_AsDouble([])", PyFloat_AsDouble(o));
    Py_DECREF(o);
    show_dbl("PyFloat_AsDouble(NULL)", PyFloat_AsDouble(NULL));
    o = PyFloat_FromDouble(INFINITY);
    show_dbl("PyFloat_AsDouble(inf)", PyFloat_AsDouble(o));
    Py_DECREF(o);
}

static void hashes(void)
{
    static const struct { const char *label; double v; } cases[] = {
        {"0.0", 0.0},
        {"-0.0", -0.0},
        {"1.0", 1.0},
        {"-1.0", -1.0},
        {"-2.0", -2.0},
        {"12345.0", 12345.0},
        {"1e15", 1e15},
        {"2**61", 2305843009213693952.0},
        {"2**62", 4611686018427387904.0},
        {"2**63", 9223372036854775808.0},
        {"-2**63", -9223372036854775808.0},
        {"1e100", 1e100},
        {"1.5e300", 1.5e300},
        {"0.5", 0.5},
        {"1.5", 1.5},
        {"-0.5", -0.5},
        {"0.1", 0.1},
        {"0.25", 0.25},
        {"inf", INFINITY},
        {"-inf", -INFINITY},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char label[96];
        PyObject *f = PyFloat_FromDouble(cases[i].v);
        snprintf(label, sizeof label, "hash(%s)", cases[i].label);
        show_int(label, (long long)PyObject_Hash(f));
        Py_DECREF(f);
    }
    {
        /* integral floats hash like the equal int */
        PyObject *f = PyFloat_FromDouble(1e100);
        PyObject *i = PyLong_FromDouble(1e100);
        printf("hash(1e100)==hash(int(1e100)): %d\n", PyObject_Hash(f) == PyObject_Hash(i));
        Py_DECREF(f);
        Py_DECREF(i);
        f = PyFloat_FromDouble(-1.0);
        i = PyLong_FromLong(-1);
        printf("hash(-1.0)==hash(-1): %d\n", PyObject_Hash(f) == PyObject_Hash(i));
        Py_DECREF(f);
        Py_DECREF(i);
    }
}

static void misc(void)
{
    PyObject *z = PyFloat_FromDouble(0.0);
    PyObject *nz = PyFloat_FromDouble(-0.0);
    PyObject *nan = PyFloat_FromDouble(NAN);
    PyObject *nan2 = PyFloat_FromDouble(NAN);
    PyObject *a = PyFloat_FromDouble(1.5);
    PyObject *b = PyFloat_FromDouble(2.5);

    printf("PyFloat_Check(1.5): %d\n", PyFloat_Check(a));
    printf("PyFloat_CheckExact(1.5): %d\n", PyFloat_CheckExact(a));
    printf("PyFloat_Check(True): %d\n", PyFloat_Check(Py_True));
    show_new("cmp(0.0 == -0.0)", PyObject_RichCompare(z, nz, Py_EQ));
    show_new("cmp(nan == nan2)", PyObject_RichCompare(nan, nan2, Py_EQ));
    show_new("cmp(nan != nan2)", PyObject_RichCompare(nan, nan2, Py_NE));
    show_new("cmp(nan < nan2)", PyObject_RichCompare(nan, nan2, Py_LT));
    show_int("cmpbool(nan == nan2)", PyObject_RichCompareBool(nan, nan2, Py_EQ));
    show_int("cmpbool(nan == nan, identity)", PyObject_RichCompareBool(nan, nan, Py_EQ));
    show_new("cmp(1.5 < 2.5)", PyObject_RichCompare(a, b, Py_LT));
    show_new("cmp(1.5 >= 2.5)", PyObject_RichCompare(a, b, Py_GE));
    show_new("cmp(1.5 < None)", PyObject_RichCompare(a, Py_None, Py_LT));
    show_new("cmp(1.5 == None)", PyObject_RichCompare(a, Py_None, Py_EQ));
    show_int("IsTrue(0.0)", PyObject_IsTrue(z));
    show_int("IsTrue(-0.0)", PyObject_IsTrue(nz));
    show_int("IsTrue(nan)", PyObject_IsTrue(nan));
    show_int("IsTrue(1.5)", PyObject_IsTrue(a));
    show_int("Not(0.0)", PyObject_Not(z));
    show_new("type(1.5)", PyObject_Type(a));

    Py_DECREF(z);
    Py_DECREF(nz);
    Py_DECREF(nan);
    Py_DECREF(nan2);
    Py_DECREF(a);
    Py_DECREF(b);
}

int main(void)
{
    Py_Initialize();
    reprs();
    as_double();
    hashes();
    misc();
    CHECK_NOERR();
    return ctest_finish();
}
