/*
 * long.c -- int objects: construction, conversions with their boundary
 * values and error messages, repr of big values, hashing, comparisons.
 */
#include "ctest.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>

static void construction(void)
{
    show_new("FromLong(0)", PyLong_FromLong(0));
    show_new("FromLong(-1)", PyLong_FromLong(-1));
    show_new("FromLong(LONG_MAX)", PyLong_FromLong(LONG_MAX));
    show_new("FromLong(LONG_MIN)", PyLong_FromLong(LONG_MIN));
    show_new("FromUnsignedLong(ULONG_MAX)", PyLong_FromUnsignedLong(ULONG_MAX));
    show_new("FromLongLong(LLONG_MAX)", PyLong_FromLongLong(LLONG_MAX));
    show_new("FromLongLong(LLONG_MIN)", PyLong_FromLongLong(LLONG_MIN));
    show_new("FromUnsignedLongLong(ULLONG_MAX)", PyLong_FromUnsignedLongLong(ULLONG_MAX));
    show_new("FromUnsignedLongLong(2**63)", PyLong_FromUnsignedLongLong(1ULL << 63));
    show_new("FromSsize_t(PY_SSIZE_T_MIN)", PyLong_FromSsize_t(PY_SSIZE_T_MIN));
    show_new("FromSsize_t(PY_SSIZE_T_MAX)", PyLong_FromSsize_t(PY_SSIZE_T_MAX));
    show_new("FromSize_t(SIZE_MAX)", PyLong_FromSize_t(SIZE_MAX));
    show_new("FromLong(1000)", PyLong_FromLong(1000));
    show_new("FromLong(-1000000)", PyLong_FromLong(-1000000));

    show_new("FromDouble(0.0)", PyLong_FromDouble(0.0));
    show_new("FromDouble(-0.0)", PyLong_FromDouble(-0.0));
    show_new("FromDouble(2.999)", PyLong_FromDouble(2.999));
    show_new("FromDouble(-2.999)", PyLong_FromDouble(-2.999));
    show_new("FromDouble(0.9)", PyLong_FromDouble(0.9));
    show_new("FromDouble(-0.9)", PyLong_FromDouble(-0.9));
    show_new("FromDouble(1e15)", PyLong_FromDouble(1e15));
    show_new("FromDouble(9007199254740993.0)", PyLong_FromDouble(9007199254740993.0));
    show_new("FromDouble(2**63)", PyLong_FromDouble(9223372036854775808.0));
    show_new("FromDouble(-2**63)", PyLong_FromDouble(-9223372036854775808.0));
    show_new("FromDouble(2**64)", PyLong_FromDouble(18446744073709551616.0));
    show_new("FromDouble(1e30)", PyLong_FromDouble(1e30));
    show_new("FromDouble(-1e30)", PyLong_FromDouble(-1e30));
    show_new("FromDouble(1e100)", PyLong_FromDouble(1e100));
    show_new("FromDouble(2**200)", PyLong_FromDouble(ldexp(1.0, 200)));
    show_new("FromDouble(1.5e300)", PyLong_FromDouble(1.5e300));
    show_new("FromDouble(DBL_MAX)", PyLong_FromDouble(1.7976931348623157e308));
    show_new("FromDouble(inf)", PyLong_FromDouble(INFINITY));
    show_new("FromDouble(-inf)", PyLong_FromDouble(-INFINITY));
    show_new("FromDouble(nan)", PyLong_FromDouble(NAN));

    {
        PyObject *big = PyLong_FromDouble(ldexp(1.0, 100));
        show_str("str(2**100)", big);
        Py_DECREF(big);
    }
}

static void as_long(void)
{
    PyObject *v;
    int overflow;

    v = PyLong_FromLong(LONG_MAX);
    show_int("AsLong(LONG_MAX)", PyLong_AsLong(v));
    Py_DECREF(v);
    v = PyLong_FromLong(LONG_MIN);
    show_int("AsLong(LONG_MIN)", PyLong_AsLong(v));
    Py_DECREF(v);
    v = PyLong_FromUnsignedLong((unsigned long)LONG_MAX + 1);
    show_int("AsLong(LONG_MAX+1)", PyLong_AsLong(v));
    show_int("AsLongLong(LONG_MAX+1)", PyLong_AsLongLong(v));
    show_int("AsSsize_t(LONG_MAX+1)", PyLong_AsSsize_t(v));
    show_uint("AsSize_t(LONG_MAX+1)", PyLong_AsSize_t(v));
    overflow = 99;
    show_int("AsLongAndOverflow(LONG_MAX+1)", PyLong_AsLongAndOverflow(v, &overflow));
    printf("AsLongAndOverflow(LONG_MAX+1).overflow: %d\n", overflow);
    Py_DECREF(v);

    v = PyLong_FromDouble(-9223372036854777856.0); /* < LONG_MIN */
    show("below_LONG_MIN", v);
    show_int("AsLong(below_LONG_MIN)", PyLong_AsLong(v));
    show_int("AsLongLong(below_LONG_MIN)", PyLong_AsLongLong(v));
    show_int("AsSsize_t(below_LONG_MIN)", PyLong_AsSsize_t(v));
    show_uint("AsSize_t(below_LONG_MIN)", PyLong_AsSize_t(v));
    overflow = 99;
    show_int("AsLongAndOverflow(below_LONG_MIN)", PyLong_AsLongAndOverflow(v, &overflow));
    printf("AsLongAndOverflow(below_LONG_MIN).overflow: %d\n", overflow);
    Py_DECREF(v);

    v = PyLong_FromUnsignedLongLong(ULLONG_MAX);
    show_int("AsLong(ULLONG_MAX)", PyLong_AsLong(v));
    show_uint("AsSize_t(ULLONG_MAX)", PyLong_AsSize_t(v));
    Py_DECREF(v);

    v = PyLong_FromLong(-1);
    show_int("AsLong(-1)", PyLong_AsLong(v));
    show_int("AsLong(-1).err_occurred", PyErr_Occurred() != NULL);
    show_int("AsSsize_t(-1)", PyLong_AsSsize_t(v));
    show_uint("AsSize_t(-1)", PyLong_AsSize_t(v));
    overflow = 99;
    show_int("AsLongAndOverflow(-1)", PyLong_AsLongAndOverflow(v, &overflow));
    printf("AsLongAndOverflow(-1).overflow: %d\n", overflow);
    Py_DECREF(v);

    v = PyLong_FromLong(LONG_MIN);
    overflow = 99;
    show_int("AsLongAndOverflow(LONG_MIN)", PyLong_AsLongAndOverflow(v, &overflow));
    printf("AsLongAndOverflow(LONG_MIN).overflow: %d\n", overflow);
    show_int("AsLongLong(LONG_MIN)", PyLong_AsLongLong(v));
    show_int("AsSsize_t(LONG_MIN)", PyLong_AsSsize_t(v));
    Py_DECREF(v);

    v = PyLong_FromDouble(1e30);
    overflow = 99;
    show_int("AsLongAndOverflow(1e30)", PyLong_AsLongAndOverflow(v, &overflow));
    printf("AsLongAndOverflow(1e30).overflow: %d\n", overflow);
    Py_DECREF(v);
    v = PyLong_FromDouble(-1e30);
    overflow = 99;
    show_int("AsLongAndOverflow(-1e30)", PyLong_AsLongAndOverflow(v, &overflow));
    printf("AsLongAndOverflow(-1e30).overflow: %d\n", overflow);
    Py_DECREF(v);

    v = PyLong_FromSize_t(SIZE_MAX);
    show_uint("AsSize_t(SIZE_MAX)", PyLong_AsSize_t(v));
    Py_DECREF(v);
    v = PyLong_FromUnsignedLongLong(ULLONG_MAX);
    show_uint("AsSize_t(ULLONG_MAX)", PyLong_AsSize_t(v));
    Py_DECREF(v);
    v = PyLong_FromDouble(18446744073709551616.0);
    show_uint("AsSize_t(2**64)", PyLong_AsSize_t(v));
    Py_DECREF(v);

    /* bool is an int subclass */
    show_int("AsLong(True)", PyLong_AsLong(Py_True));
    show_int("AsLongLong(False)", PyLong_AsLongLong(Py_False));
    show_int("AsSsize_t(True)", PyLong_AsSsize_t(Py_True));
    show_uint("AsSize_t(True)", PyLong_AsSize_t(Py_True));
    overflow = 99;
    show_int("AsLongAndOverflow(True)", PyLong_AsLongAndOverflow(Py_True, &overflow));
    printf("AsLongAndOverflow(True).overflow: %d\n", overflow);
}

static void as_long_type_errors(void)
{
    PyObject *f = PyFloat_FromDouble(3.7);
    PyObject *s = PyUnicode_FromString("12");
    int overflow;

    show_int("AsLong(3.7)", PyLong_AsLong(f));
    show_int("AsLongLong(3.7)", PyLong_AsLongLong(f));
    show_int("AsSsize_t(3.7)", PyLong_AsSsize_t(f));
    show_uint("AsSize_t(3.7)", PyLong_AsSize_t(f));
    overflow = 99;
    show_int("AsLongAndOverflow(3.7)", PyLong_AsLongAndOverflow(f, &overflow));
    printf("AsLongAndOverflow(3.7).overflow: %d\n", overflow);
    show_dbl("PyLong_AsDouble(3.7)", PyLong_AsDouble(f));

    show_int("AsLong('12')", PyLong_AsLong(s));
    show_int("AsLongLong('12')", PyLong_AsLongLong(s));
    show_int("AsLong(None)", PyLong_AsLong(Py_None));
    show_int("AsLong(NULL)", PyLong_AsLong(NULL));
    show_int("AsLongLong(NULL)", PyLong_AsLongLong(NULL));
    show_int("AsSsize_t(NULL)", PyLong_AsSsize_t(NULL));
    show_uint("AsSize_t(NULL)", PyLong_AsSize_t(NULL));
    show_dbl("PyLong_AsDouble(NULL)", PyLong_AsDouble(NULL));

    Py_DECREF(f);
    Py_DECREF(s);
}

static void as_double(void)
{
    PyObject *v;
    v = PyLong_FromLong(-7);
    show_dbl("PyLong_AsDouble(-7)", PyLong_AsDouble(v));
    Py_DECREF(v);
    v = PyLong_FromLongLong(9007199254740993LL); /* 2**53 + 1 rounds to even */
    show_dbl("PyLong_AsDouble(2**53+1)", PyLong_AsDouble(v));
    Py_DECREF(v);
    v = PyLong_FromLongLong(9007199254740995LL); /* 2**53 + 3 rounds up */
    show_dbl("PyLong_AsDouble(2**53+3)", PyLong_AsDouble(v));
    Py_DECREF(v);
    v = PyLong_FromUnsignedLongLong(ULLONG_MAX);
    show_dbl("PyLong_AsDouble(ULLONG_MAX)", PyLong_AsDouble(v));
    Py_DECREF(v);
    v = PyLong_FromDouble(1.7976931348623157e308);
    show_dbl("PyLong_AsDouble(int(DBL_MAX))", PyLong_AsDouble(v));
    Py_DECREF(v);
    {
        /* 10**400 does not fit a double; int('1' + '0'*400) builds it */
        char digits[402];
        PyObject *big;
        memset(digits, '0', sizeof digits);
        digits[0] = '1';
        digits[401] = '\0';
        big = PyObject_CallFunction((PyObject *)&PyLong_Type, "s", digits);
        show_dbl("PyLong_AsDouble(10**400)", PyLong_AsDouble(big));
        show_dbl("PyFloat_AsDouble(10**400)", PyFloat_AsDouble(big));
        show_int("AsLong(10**400)", PyLong_AsLong(big));
        {
            int overflow = 99;
            show_int("AsLongAndOverflow(10**400)", PyLong_AsLongAndOverflow(big, &overflow));
            printf("AsLongAndOverflow(10**400).overflow: %d\n", overflow);
        }
        show_int("hash(10**400)", (long long)PyObject_Hash(big));
        Py_DECREF(big);
    }
    {
        /* a 5000-hex-digit int is fine to build (power-of-two base) but
           too long to turn into decimal text */
        static char hexdigits[5001];
        PyObject *huge;
        memset(hexdigits, 'f', 5000);
        hexdigits[5000] = '\0';
        huge = PyObject_CallFunction((PyObject *)&PyLong_Type, "si", hexdigits, 16);
        show_int("huge.is_int", huge != NULL && PyLong_CheckExact(huge));
        show_new("repr(16**5000-1)", PyObject_Repr(huge));
        show_new("str(16**5000-1)", PyObject_Str(huge));
        show_int("hash(16**5000-1)", (long long)PyObject_Hash(huge));
        Py_XDECREF(huge);
        memset(hexdigits, '7', 5000);
        show_new("int('7'*5000)", PyObject_CallFunction((PyObject *)&PyLong_Type, "s", hexdigits));
    }
    show_dbl("PyFloat_AsDouble(True)", PyFloat_AsDouble(Py_True));
    v = PyLong_FromLong(5);
    show_dbl("PyFloat_AsDouble(int 5)", PyFloat_AsDouble(v));
    Py_DECREF(v);
}

static void hashes(void)
{
    struct { const char *label; PyObject *v; } cases[16];
    int n = 0, i;
    cases[n].label = "hash(0)"; cases[n++].v = PyLong_FromLong(0);
    cases[n].label = "hash(1)"; cases[n++].v = PyLong_FromLong(1);
    cases[n].label = "hash(-1)"; cases[n++].v = PyLong_FromLong(-1);
    cases[n].label = "hash(-2)"; cases[n++].v = PyLong_FromLong(-2);
    cases[n].label = "hash(12345)"; cases[n++].v = PyLong_FromLong(12345);
    cases[n].label = "hash(2**61-2)"; cases[n++].v = PyLong_FromLongLong((1LL << 61) - 2);
    cases[n].label = "hash(2**61-1)"; cases[n++].v = PyLong_FromLongLong((1LL << 61) - 1);
    cases[n].label = "hash(2**61)"; cases[n++].v = PyLong_FromLongLong(1LL << 61);
    cases[n].label = "hash(-(2**61-1))"; cases[n++].v = PyLong_FromLongLong(-((1LL << 61) - 1));
    cases[n].label = "hash(-2**61)"; cases[n++].v = PyLong_FromLongLong(-(1LL << 61));
    cases[n].label = "hash(LONG_MAX)"; cases[n++].v = PyLong_FromLong(LONG_MAX);
    cases[n].label = "hash(LONG_MIN)"; cases[n++].v = PyLong_FromLong(LONG_MIN);
    cases[n].label = "hash(ULLONG_MAX)"; cases[n++].v = PyLong_FromUnsignedLongLong(ULLONG_MAX);
    cases[n].label = "hash(2**100)"; cases[n++].v = PyLong_FromDouble(ldexp(1.0, 100));
    cases[n].label = "hash(-2**100)"; cases[n++].v = PyLong_FromDouble(-ldexp(1.0, 100));
    cases[n].label = "hash(True)"; cases[n++].v = Py_NewRef(Py_True);
    for (i = 0; i < n; i++) {
        show_int(cases[i].label, (long long)PyObject_Hash(cases[i].v));
        Py_DECREF(cases[i].v);
    }
}

static const char *opname(int op)
{
    static const char *names[] = {"<", "<=", "==", "!=", ">", ">="};
    return names[op];
}

static void compare_all(const char *a_name, PyObject *a, const char *b_name, PyObject *b)
{
    int op;
    for (op = Py_LT; op <= Py_GE; op++) {
        char label[128];
        snprintf(label, sizeof label, "cmp(%s %s %s)", a_name, opname(op), b_name);
        show_new(label, PyObject_RichCompare(a, b, op));
    }
}

static void comparisons(void)
{
    PyObject *one = PyLong_FromLong(1);
    PyObject *two = PyLong_FromLong(2);
    PyObject *one_f = PyFloat_FromDouble(1.0);
    PyObject *half = PyFloat_FromDouble(0.5);
    PyObject *p53 = PyLong_FromLongLong(9007199254740993LL);
    PyObject *p53f = PyFloat_FromDouble(9007199254740992.0);
    PyObject *inf = PyFloat_FromDouble(INFINITY);
    PyObject *nan = PyFloat_FromDouble(NAN);
    PyObject *huge = PyLong_FromDouble(1e300);
    PyObject *s = PyUnicode_FromString("1");

    compare_all("1", one, "True", Py_True);
    compare_all("2", two, "True", Py_True);
    compare_all("False", Py_False, "0.5", half);
    compare_all("1", one, "1.0", one_f);
    compare_all("1", one, "0.5", half);
    compare_all("2**53+1", p53, "2.0**53", p53f);
    compare_all("int(1e300)", huge, "inf", inf);
    compare_all("1", one, "nan", nan);
    show_new("cmp(1 == '1')", PyObject_RichCompare(one, s, Py_EQ));
    show_new("cmp(1 != '1')", PyObject_RichCompare(one, s, Py_NE));
    show_new("cmp(1 < '1')", PyObject_RichCompare(one, s, Py_LT));
    show_new("cmp(1 >= None)", PyObject_RichCompare(one, Py_None, Py_GE));
    show_int("cmpbool(1 == True)", PyObject_RichCompareBool(one, Py_True, Py_EQ));
    show_int("cmpbool(1 == 1.0)", PyObject_RichCompareBool(one, one_f, Py_EQ));
    show_int("cmpbool(1 < 2)", PyObject_RichCompareBool(one, two, Py_LT));
    show_int("cmpbool(1 > '1')", PyObject_RichCompareBool(one, s, Py_GT));
    show_int("cmpbool(nan == nan, same object)", PyObject_RichCompareBool(nan, nan, Py_EQ));
    show_int("cmpbool(nan != nan, same object)", PyObject_RichCompareBool(nan, nan, Py_NE));

    Py_DECREF(one);
    Py_DECREF(two);
    Py_DECREF(one_f);
    Py_DECREF(half);
    Py_DECREF(p53);
    Py_DECREF(p53f);
    Py_DECREF(inf);
    Py_DECREF(nan);
    Py_DECREF(huge);
    Py_DECREF(s);
}

static void checks(void)
{
    PyObject *i = PyLong_FromLong(3);
    PyObject *f = PyFloat_FromDouble(3.0);
    printf("PyLong_Check(3): %d\n", PyLong_Check(i));
    printf("PyLong_CheckExact(3): %d\n", PyLong_CheckExact(i));
    printf("PyLong_Check(True): %d\n", PyLong_Check(Py_True));
    printf("PyLong_CheckExact(True): %d\n", PyLong_CheckExact(Py_True));
    printf("PyBool_Check(True): %d\n", PyBool_Check(Py_True));
    printf("PyBool_Check(1): %d\n", PyBool_Check(i));
    printf("PyLong_Check(3.0): %d\n", PyLong_Check(f));
    printf("PyFloat_Check(3): %d\n", PyFloat_Check(i));
    show("repr(True)", Py_True);
    show("repr(False)", Py_False);
    show_str("str(True)", Py_True);
    show_int("IsTrue(0)", PyObject_IsTrue(PyLong_FromLong(0)));
    show_int("IsTrue(3)", PyObject_IsTrue(i));
    Py_DECREF(i);
    Py_DECREF(f);
}

int main(void)
{
    Py_Initialize();
    construction();
    as_long();
    as_long_type_errors();
    as_double();
    hashes();
    comparisons();
    checks();
    {
        /* _PyLong_Sign */
        const char *texts[] = {"0", "7", "-7", "123456789012345678901234567890",
                               "-123456789012345678901234567890", NULL};
        for (int i = 0; texts[i]; i++) {
            PyObject *v = PyLong_FromString(texts[i], NULL, 10);
            printf("_PyLong_Sign(%s) = %d\n", texts[i], _PyLong_Sign(v));
            Py_DECREF(v);
        }
        printf("_PyLong_Sign(True) = %d\n", _PyLong_Sign(Py_True));
    }
    CHECK_NOERR();
    return ctest_finish();
}
