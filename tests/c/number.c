/*
 * number.c -- the number protocol of abstract.h for int, bool and float,
 * and the sequence fallbacks of PyNumber_Add/Multiply and their in-place
 * forms: PyNumber_Check/PyIndex_Check (builtins, a heap type with only
 * nb_index), every binary operator on small and big (beyond 64 bits) ints
 * with mixed signs, Power with and without a modulus (negative exponents,
 * inverses, modulus 0, floats with a modulus), shifts (negative and huge
 * counts), bitwise ops, unary ops, division by zero for each operator on
 * int and float (each message differs), int x float and float x float
 * arithmetic (sign rules of // and %, signed zeros, overflow messages),
 * correctly rounded int / int, bool results of & | ^ on bools, list/tuple/
 * str/bytes concatenation and repetition and their messages, one
 * "unsupported operand" message per operator symbol, in-place ops (lists
 * mutated in place, tuples and ints not), PyNumber_Index/AsSsize_t/Long/
 * Float/ToBase, and heap types with nb_add (also reflected), nb_index,
 * an nb_add returning NotImplemented and an nb_index returning a float.
 */
#include "ctest.h"

typedef PyObject *(*binop)(PyObject *, PyObject *);

/* ---- helpers ---------------------------------------------------------- */

static PyObject *I(long v) { return PyLong_FromLong(v); }
static PyObject *F(double v) { return PyFloat_FromDouble(v); }
static PyObject *S(const char *s) { return PyUnicode_FromString(s); }

/* A (possibly big) int from its decimal text. */
static PyObject *L(const char *s)
{
    PyObject *r = PyLong_FromString(s, NULL, 10);
    CHECK(r != NULL);
    return r;
}

/* 10**n, built with PyNumber_Power. */
static PyObject *ten_pow(long n)
{
    PyObject *ten = I(10), *e = I(n), *r = PyNumber_Power(ten, e, Py_None);
    CHECK(r != NULL);
    Py_DECREF(ten);
    Py_DECREF(e);
    return r;
}

/* "label: repr(f(a))"; a is a new reference, released here. */
static void un(const char *label, PyObject *(*f)(PyObject *), PyObject *a)
{
    show_new(label, f(a));
    Py_DECREF(a);
}

/* "label: repr(f(a, b))"; a and b are new references, released here. */
static void op(const char *label, binop f, PyObject *a, PyObject *b)
{
    show_new(label, f(a, b));
    Py_DECREF(a);
    Py_DECREF(b);
}

/* Same for PyNumber_Power / InPlacePower with a third argument (stolen). */
static void op3(const char *label, PyObject *(*f)(PyObject *, PyObject *, PyObject *),
                PyObject *a, PyObject *b, PyObject *c)
{
    show_new(label, f(a, b, c));
    Py_DECREF(a);
    Py_DECREF(b);
    Py_DECREF(c);
}

/* ---- heap types ------------------------------------------------------- */

static PyObject *adder_add(PyObject *a, PyObject *b)
{
    (void)a;
    (void)b;
    return PyLong_FromLong(100);
}

static PyObject *seven_index(PyObject *self)
{
    (void)self;
    return PyLong_FromLong(7);
}

static PyObject *notimpl_add(PyObject *a, PyObject *b)
{
    (void)a;
    (void)b;
    Py_RETURN_NOTIMPLEMENTED;
}

static PyObject *float_index(PyObject *self)
{
    (void)self;
    return PyFloat_FromDouble(1.5);
}

static PyType_Slot adder_slots[] = {{Py_nb_add, adder_add}, {Py_nb_index, seven_index}, {0, NULL}};
static PyType_Slot indexonly_slots[] = {{Py_nb_index, seven_index}, {0, NULL}};
static PyType_Slot notimpl_slots[] = {{Py_nb_add, notimpl_add}, {0, NULL}};
static PyType_Slot badindex_slots[] = {{Py_nb_index, float_index}, {0, NULL}};

static PyObject *adder, *indexonly, *notimpl, *badindex; /* instances */

static PyObject *instance(const char *name, PyType_Slot *slots)
{
    PyType_Spec spec = {name, sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, slots};
    PyObject *tp = PyType_FromSpec(&spec), *o;
    CHECK(tp != NULL);
    o = PyObject_CallNoArgs(tp);
    CHECK(o != NULL);
    Py_DECREF(tp);
    return o;
}

/* ---- tests ------------------------------------------------------------ */

static void checks(void)
{
    PyObject *objs[] = {I(1), Py_NewRef(Py_True), F(1.5), S("1"), PyList_New(0),
                        Py_NewRef(Py_None), Py_NewRef(indexonly), Py_NewRef(adder)};
    const char *names[] = {"int", "bool", "float", "str", "list", "None", "nb_index only", "nb_add+nb_index"};
    char label[64];
    int k;
    for (k = 0; k < 8; k++) {
        snprintf(label, sizeof label, "Check(%s)", names[k]);
        show_int(label, PyNumber_Check(objs[k]));
        snprintf(label, sizeof label, "IndexCheck(%s)", names[k]);
        show_int(label, PyIndex_Check(objs[k]));
        Py_DECREF(objs[k]);
    }
}

static void int_small(void)
{
    op("7 + 3", PyNumber_Add, I(7), I(3));
    op("7 - 10", PyNumber_Subtract, I(7), I(10));
    op("-7 * 3", PyNumber_Multiply, I(-7), I(3));
    op("7 // 2", PyNumber_FloorDivide, I(7), I(2));
    op("-7 // 2", PyNumber_FloorDivide, I(-7), I(2));
    op("7 // -2", PyNumber_FloorDivide, I(7), I(-2));
    op("-7 // -2", PyNumber_FloorDivide, I(-7), I(-2));
    op("7 / 2", PyNumber_TrueDivide, I(7), I(2));
    op("-7 / 2", PyNumber_TrueDivide, I(-7), I(2));
    op("6 / 3", PyNumber_TrueDivide, I(6), I(3));
    op("7 % 2", PyNumber_Remainder, I(7), I(2));
    op("-7 % 2", PyNumber_Remainder, I(-7), I(2));
    op("7 % -2", PyNumber_Remainder, I(7), I(-2));
    op("-7 % -2", PyNumber_Remainder, I(-7), I(-2));
    op("divmod(7, 2)", PyNumber_Divmod, I(7), I(2));
    op("divmod(-7, 2)", PyNumber_Divmod, I(-7), I(2));
    op("divmod(7, -2)", PyNumber_Divmod, I(7), I(-2));
    op("1 << 3", PyNumber_Lshift, I(1), I(3));
    op("-1 << 3", PyNumber_Lshift, I(-1), I(3));
    op("1 << 100", PyNumber_Lshift, I(1), I(100));
    op("1 << -1", PyNumber_Lshift, I(1), I(-1));
    op("100 >> 3", PyNumber_Rshift, I(100), I(3));
    op("-100 >> 3", PyNumber_Rshift, I(-100), I(3));
    op("-1 >> 100", PyNumber_Rshift, I(-1), I(100));
    op("8 >> -1", PyNumber_Rshift, I(8), I(-1));
    op("12 & 10", PyNumber_And, I(12), I(10));
    op("12 | 10", PyNumber_Or, I(12), I(10));
    op("12 ^ 10", PyNumber_Xor, I(12), I(10));
    op("-6 & 5", PyNumber_And, I(-6), I(5));
    op("-6 | 5", PyNumber_Or, I(-6), I(5));
    op("-6 ^ 5", PyNumber_Xor, I(-6), I(5));
    op("-6 & -3", PyNumber_And, I(-6), I(-3));
    {
        PyObject *a = I(5), *b = I(-5), *z = I(0);
        show_new("-5", PyNumber_Negative(a));
        show_new("-(-5)", PyNumber_Negative(b));
        show_new("-0", PyNumber_Negative(z));
        show_new("+(-5)", PyNumber_Positive(b));
        show_new("abs(-5)", PyNumber_Absolute(b));
        show_new("abs(5)", PyNumber_Absolute(a));
        show_new("~5", PyNumber_Invert(a));
        show_new("~(-5)", PyNumber_Invert(b));
        show_new("~0", PyNumber_Invert(z));
        Py_DECREF(a); Py_DECREF(b); Py_DECREF(z);
    }
}

static void int_big(void)
{
    /* 2**70 = 1180591620717411303424, 2**64 = 18446744073709551616 */
    op("2**70 + 1", PyNumber_Add, L("1180591620717411303424"), I(1));
    op("-(2**70) + 2**64", PyNumber_Add, L("-1180591620717411303424"), L("18446744073709551616"));
    op("2**64 - 1 - 2**64", PyNumber_Subtract, L("18446744073709551615"), L("18446744073709551616"));
    op("2**70 * -(2**70)", PyNumber_Multiply, L("1180591620717411303424"), L("-1180591620717411303424"));
    op("(2**63 - 1) * 2", PyNumber_Multiply, L("9223372036854775807"), I(2));
    op("2**70 // 3", PyNumber_FloorDivide, L("1180591620717411303424"), I(3));
    op("-(2**70) // 3", PyNumber_FloorDivide, L("-1180591620717411303424"), I(3));
    op("(2**70+1) // -(2**64)", PyNumber_FloorDivide, L("1180591620717411303425"), L("-18446744073709551616"));
    op("2**70 % 3", PyNumber_Remainder, L("1180591620717411303424"), I(3));
    op("-(2**70) % 3", PyNumber_Remainder, L("-1180591620717411303424"), I(3));
    op("(2**70+5) % -(2**64)", PyNumber_Remainder, L("1180591620717411303429"), L("-18446744073709551616"));
    op("divmod(-(2**70), 7)", PyNumber_Divmod, L("-1180591620717411303424"), I(7));
    op("divmod(10**30, -(10**20)-1)", PyNumber_Divmod, L("1000000000000000000000000000000"),
       L("-100000000000000000001"));
    op("(2**60+1) / 3", PyNumber_TrueDivide, L("1152921504606846977"), I(3));
    op("10**30 / 7", PyNumber_TrueDivide, L("1000000000000000000000000000000"), I(7));
    op("(2**53+1) / 1", PyNumber_TrueDivide, L("9007199254740993"), I(1));
    op("(2**54+3) / 2", PyNumber_TrueDivide, L("18014398509481987"), I(2));
    op("-(10**30) / 10**29", PyNumber_TrueDivide, L("-1000000000000000000000000000000"),
       L("100000000000000000000000000000"));
    op("1 / 10**400", PyNumber_TrueDivide, I(1), ten_pow(400));
    op("10**400 / 1", PyNumber_TrueDivide, ten_pow(400), I(1));
    op("10**400 / 10**399", PyNumber_TrueDivide, ten_pow(400),
       ten_pow(399));
    op("1 << 70", PyNumber_Lshift, I(1), I(70));
    op("-(2**70) << 3", PyNumber_Lshift, L("-1180591620717411303424"), I(3));
    op("2**70 >> 60", PyNumber_Rshift, L("1180591620717411303424"), I(60));
    op("-(2**70)-1 >> 69", PyNumber_Rshift, L("-1180591620717411303425"), I(69));
    op("5 >> 2**70", PyNumber_Rshift, I(5), L("1180591620717411303424"));
    op("-5 >> 2**70", PyNumber_Rshift, I(-5), L("1180591620717411303424"));
    op("0 << 2**70", PyNumber_Lshift, I(0), L("1180591620717411303424"));
    op("2**70 << -(2**70)", PyNumber_Lshift, L("1180591620717411303424"), L("-1180591620717411303424"));
    op("(2**70+255) & 2**64-1", PyNumber_And, L("1180591620717411303679"), L("18446744073709551615"));
    op("-(2**70) & 2**72-1", PyNumber_And, L("-1180591620717411303424"), L("4722366482869645213695"));
    op("2**70 | -1", PyNumber_Or, L("1180591620717411303424"), I(-1));
    op("2**70 | 3", PyNumber_Or, L("1180591620717411303424"), I(3));
    op("2**70 ^ -(2**64)", PyNumber_Xor, L("1180591620717411303424"), L("-18446744073709551616"));
    {
        PyObject *b = L("1180591620717411303424"), *m = L("-9223372036854775808");
        show_new("-(2**70)", PyNumber_Negative(b));
        show_new("-(-(2**63))", PyNumber_Negative(m));
        show_new("abs(-(2**63))", PyNumber_Absolute(m));
        show_new("+(2**70)", PyNumber_Positive(b));
        show_new("~(2**70)", PyNumber_Invert(b));
        show_new("~(-(2**63))", PyNumber_Invert(m));
        Py_DECREF(b); Py_DECREF(m);
    }
}

static void int_power(void)
{
    op3("2 ** 10", PyNumber_Power, I(2), I(10), Py_NewRef(Py_None));
    op3("2 ** 100", PyNumber_Power, I(2), I(100), Py_NewRef(Py_None));
    op3("(-3) ** 41", PyNumber_Power, I(-3), I(41), Py_NewRef(Py_None));
    op3("(2**70) ** 2", PyNumber_Power, L("1180591620717411303424"), I(2), Py_NewRef(Py_None));
    op3("0 ** 0", PyNumber_Power, I(0), I(0), Py_NewRef(Py_None));
    op3("2 ** -1", PyNumber_Power, I(2), I(-1), Py_NewRef(Py_None));
    op3("(-2) ** -2", PyNumber_Power, I(-2), I(-2), Py_NewRef(Py_None));
    op3("0 ** -1", PyNumber_Power, I(0), I(-1), Py_NewRef(Py_None));
    op3("pow(3, 4, 5)", PyNumber_Power, I(3), I(4), I(5));
    op3("pow(-2, 3, 5)", PyNumber_Power, I(-2), I(3), I(5));
    op3("pow(2, 10, -7)", PyNumber_Power, I(2), I(10), I(-7));
    op3("pow(3, -1, 7)", PyNumber_Power, I(3), I(-1), I(7));
    op3("pow(3, -2, -7)", PyNumber_Power, I(3), I(-2), I(-7));
    op3("pow(2, -1, 4)", PyNumber_Power, I(2), I(-1), I(4));
    op3("pow(2, 3, 0)", PyNumber_Power, I(2), I(3), I(0));
    op3("pow(5, 0, 1)", PyNumber_Power, I(5), I(0), I(1));
    op3("pow(2**70+1, 2**70+3, 10**20+7)", PyNumber_Power, L("1180591620717411303425"),
        L("1180591620717411303427"), L("100000000000000000007"));
    op3("pow(2.0, 2.0, 3)", PyNumber_Power, F(2.0), F(2.0), I(3));
    op3("pow(2, 2, 3.0)", PyNumber_Power, I(2), I(2), F(3.0));
    op3("pow(2, 2.0, 3)", PyNumber_Power, I(2), F(2.0), I(3));
}

static void zero_division(void)
{
    op("1 // 0", PyNumber_FloorDivide, I(1), I(0));
    op("1 / 0", PyNumber_TrueDivide, I(1), I(0));
    op("1 % 0", PyNumber_Remainder, I(1), I(0));
    op("divmod(1, 0)", PyNumber_Divmod, I(1), I(0));
    op("2**70 // 0", PyNumber_FloorDivide, L("1180591620717411303424"), I(0));
    op("2**70 / 0", PyNumber_TrueDivide, L("1180591620717411303424"), I(0));
    op("1.0 // 0", PyNumber_FloorDivide, F(1.0), I(0));
    op("1.0 / 0", PyNumber_TrueDivide, F(1.0), I(0));
    op("1.0 % 0", PyNumber_Remainder, F(1.0), I(0));
    op("divmod(1.0, 0)", PyNumber_Divmod, F(1.0), I(0));
    op("1 // 0.0", PyNumber_FloorDivide, I(1), F(0.0));
    op("1 / 0.0", PyNumber_TrueDivide, I(1), F(0.0));
    op("1 % -0.0", PyNumber_Remainder, I(1), F(-0.0));
    op("divmod(1, 0.0)", PyNumber_Divmod, I(1), F(0.0));
    op("True / False", PyNumber_TrueDivide, Py_NewRef(Py_True), Py_NewRef(Py_False));
}

static void floats(void)
{
    op("1 + 0.5", PyNumber_Add, I(1), F(0.5));
    op("0.1 + 0.2", PyNumber_Add, F(0.1), F(0.2));
    op("2**70 + 0.5", PyNumber_Add, L("1180591620717411303424"), F(0.5));
    op("10**400 + 0.5", PyNumber_Add, ten_pow(400), F(0.5));
    op("3 - 0.5", PyNumber_Subtract, I(3), F(0.5));
    op("1e308 * 10", PyNumber_Multiply, F(1e308), I(10));
    op("-3 * 0.5", PyNumber_Multiply, I(-3), F(0.5));
    op("1 / 3.0", PyNumber_TrueDivide, I(1), F(3.0));
    op("7.5 // 2", PyNumber_FloorDivide, F(7.5), I(2));
    op("-7.5 // 2", PyNumber_FloorDivide, F(-7.5), I(2));
    op("7.5 // -2.0", PyNumber_FloorDivide, F(7.5), F(-2.0));
    op("-7.5 % 2", PyNumber_Remainder, F(-7.5), I(2));
    op("7.5 % -2", PyNumber_Remainder, F(7.5), I(-2));
    op("-7.5 % -2.0", PyNumber_Remainder, F(-7.5), F(-2.0));
    op("4.0 % -2", PyNumber_Remainder, F(4.0), I(-2));
    op("-4.0 % 2", PyNumber_Remainder, F(-4.0), I(2));
    op("-0.0 // 1", PyNumber_FloorDivide, F(-0.0), I(1));
    op("divmod(-7.5, 2)", PyNumber_Divmod, F(-7.5), I(2));
    op("divmod(7, -2.5)", PyNumber_Divmod, I(7), F(-2.5));
    op("divmod(-0.0, 1.0)", PyNumber_Divmod, F(-0.0), F(1.0));
    op("1e300 * 1e300", PyNumber_Multiply, F(1e300), F(1e300));
    op("inf - inf", PyNumber_Subtract, F(1e300 * 1e300), F(1e300 * 1e300));
    op("inf % 2", PyNumber_Remainder, F(1e300 * 1e300), I(2));
    op("2 % inf", PyNumber_Remainder, I(2), F(1e300 * 1e300));
    op("-2 % inf", PyNumber_Remainder, I(-2), F(1e300 * 1e300));
    op("inf // 1", PyNumber_FloorDivide, F(1e300 * 1e300), I(1));
    op3("2.0 ** 0.5", PyNumber_Power, F(2.0), F(0.5), Py_NewRef(Py_None));
    op3("2 ** 0.5", PyNumber_Power, I(2), F(0.5), Py_NewRef(Py_None));
    op3("2.0 ** -2", PyNumber_Power, F(2.0), I(-2), Py_NewRef(Py_None));
    op3("(-8.0) ** 3", PyNumber_Power, F(-8.0), I(3), Py_NewRef(Py_None));
    op3("0.0 ** 0", PyNumber_Power, F(0.0), I(0), Py_NewRef(Py_None));
    op3("0.0 ** -1", PyNumber_Power, F(0.0), I(-1), Py_NewRef(Py_None));
    op3("0 ** -1.0", PyNumber_Power, I(0), F(-1.0), Py_NewRef(Py_None));
    op3("10.0 ** 400", PyNumber_Power, F(10.0), I(400), Py_NewRef(Py_None));
    op3("(10**400) ** 0.5", PyNumber_Power, ten_pow(400), F(0.5),
        Py_NewRef(Py_None));
    op3("2.0 ** 2**70", PyNumber_Power, F(2.0), L("1180591620717411303424"), Py_NewRef(Py_None));
    op3("0.5 ** 2**70", PyNumber_Power, F(0.5), L("1180591620717411303424"), Py_NewRef(Py_None));
    {
        PyObject *a = F(-2.5), *z = F(0.0), *nz = F(-0.0);
        show_new("-(-2.5)", PyNumber_Negative(a));
        show_new("-(0.0)", PyNumber_Negative(z));
        show_new("abs(-2.5)", PyNumber_Absolute(a));
        show_new("abs(-0.0)", PyNumber_Absolute(nz));
        show_new("+(-0.0)", PyNumber_Positive(nz));
        show_new("~(-2.5)", PyNumber_Invert(a));
        Py_DECREF(a); Py_DECREF(z); Py_DECREF(nz);
    }
}

static void bools(void)
{
    PyObject *t = Py_True, *f = Py_False;
    op("True & False", PyNumber_And, Py_NewRef(t), Py_NewRef(f));
    op("True | False", PyNumber_Or, Py_NewRef(t), Py_NewRef(f));
    op("True ^ True", PyNumber_Xor, Py_NewRef(t), Py_NewRef(t));
    op("False | False", PyNumber_Or, Py_NewRef(f), Py_NewRef(f));
    op("True & 3", PyNumber_And, Py_NewRef(t), I(3));
    op("3 | False", PyNumber_Or, I(3), Py_NewRef(f));
    op("True + True", PyNumber_Add, Py_NewRef(t), Py_NewRef(t));
    op("True * 2.5", PyNumber_Multiply, Py_NewRef(t), F(2.5));
    op("True / 2", PyNumber_TrueDivide, Py_NewRef(t), I(2));
    op("True << 3", PyNumber_Lshift, Py_NewRef(t), I(3));
    op3("True ** False", PyNumber_Power, Py_NewRef(t), Py_NewRef(f), Py_NewRef(Py_None));
    show_new("-True", PyNumber_Negative(t));
    show_new("+True", PyNumber_Positive(t));
    show_new("abs(False)", PyNumber_Absolute(f));
    /* ~True also issues a DeprecationWarning, ignored by the default filters */
    show_new("~True", PyNumber_Invert(t));
}

static void sequences(void)
{
    PyObject *l = Py_BuildValue("[ii]", 1, 2), *t = Py_BuildValue("(ii)", 3, 4);
    op("[1, 2] + [3]", PyNumber_Add, Py_NewRef(l), Py_BuildValue("[i]", 3));
    op("(3, 4) + (5,)", PyNumber_Add, Py_NewRef(t), Py_BuildValue("(i)", 5));
    op("'ab' + 'cd'", PyNumber_Add, S("ab"), S("cd"));
    op("b'ab' + b'cd'", PyNumber_Add, PyBytes_FromString("ab"), PyBytes_FromString("cd"));
    op("[1, 2] * 3", PyNumber_Multiply, Py_NewRef(l), I(3));
    op("3 * [1, 2]", PyNumber_Multiply, I(3), Py_NewRef(l));
    op("'ab' * 2", PyNumber_Multiply, S("ab"), I(2));
    op("'ab' * 0", PyNumber_Multiply, S("ab"), I(0));
    op("'ab' * -1", PyNumber_Multiply, S("ab"), I(-1));
    op("(3, 4) * True", PyNumber_Multiply, Py_NewRef(t), Py_NewRef(Py_True));
    op("b'x' * 3", PyNumber_Multiply, PyBytes_FromString("x"), I(3));
    op("[1, 2] * nb_index", PyNumber_Multiply, Py_NewRef(l), Py_NewRef(indexonly));
    op("[1, 2] * 2.0", PyNumber_Multiply, Py_NewRef(l), F(2.0));
    op("2.0 * 'ab'", PyNumber_Multiply, F(2.0), S("ab"));
    op("[1, 2] * [1, 2]", PyNumber_Multiply, Py_NewRef(l), Py_NewRef(l));
    op("[1, 2] * 2**70", PyNumber_Multiply, Py_NewRef(l), L("1180591620717411303424"));
    op("[1, 2] + (3, 4)", PyNumber_Add, Py_NewRef(l), Py_NewRef(t));
    op("(3, 4) + [1, 2]", PyNumber_Add, Py_NewRef(t), Py_NewRef(l));
    op("'ab' + 1", PyNumber_Add, S("ab"), I(1));
    op("1 + 'ab'", PyNumber_Add, I(1), S("ab"));
    op("b'ab' + 'cd'", PyNumber_Add, PyBytes_FromString("ab"), S("cd"));
    op("'ab' - 'b'", PyNumber_Subtract, S("ab"), S("b"));
    show("list unchanged", l);
    show("tuple unchanged", t);
    Py_DECREF(l); Py_DECREF(t);
}

static void unsupported(void)
{
    PyObject *n = Py_None;
    op("None + 'x'", PyNumber_Add, Py_NewRef(n), S("x"));
    op("None - 'x'", PyNumber_Subtract, Py_NewRef(n), S("x"));
    op("None * None", PyNumber_Multiply, Py_NewRef(n), Py_NewRef(n));
    op("None * 'x'", PyNumber_Multiply, Py_NewRef(n), S("x"));
    op("None @ 'x'", PyNumber_MatrixMultiply, Py_NewRef(n), S("x"));
    op("2 @ 3", PyNumber_MatrixMultiply, I(2), I(3));
    op("None // 'x'", PyNumber_FloorDivide, Py_NewRef(n), S("x"));
    op("None / 'x'", PyNumber_TrueDivide, Py_NewRef(n), S("x"));
    op("None % 'x'", PyNumber_Remainder, Py_NewRef(n), S("x"));
    op("divmod(None, 'x')", PyNumber_Divmod, Py_NewRef(n), S("x"));
    op3("None ** 'x'", PyNumber_Power, Py_NewRef(n), S("x"), Py_NewRef(n));
    op3("pow(None, 'x', 2)", PyNumber_Power, Py_NewRef(n), S("x"), I(2));
    op("None << 'x'", PyNumber_Lshift, Py_NewRef(n), S("x"));
    op("None >> 'x'", PyNumber_Rshift, Py_NewRef(n), S("x"));
    op("None & 'x'", PyNumber_And, Py_NewRef(n), S("x"));
    op("None ^ 'x'", PyNumber_Xor, Py_NewRef(n), S("x"));
    op("None | 'x'", PyNumber_Or, Py_NewRef(n), S("x"));
    op("1.5 << 1", PyNumber_Lshift, F(1.5), I(1));
    op("1 & 1.5", PyNumber_And, I(1), F(1.5));
    un("-None", PyNumber_Negative, Py_NewRef(n));
    un("+'x'", PyNumber_Positive, S("x"));
    un("abs(None)", PyNumber_Absolute, Py_NewRef(n));
    un("~None", PyNumber_Invert, Py_NewRef(n));
}

/* "label: repr | same=<identity with the left operand>"; a, b released. */
static void inplace(const char *label, binop f, PyObject *a, PyObject *b)
{
    PyObject *r = f(a, b);
    show(label, r);
    if (r != NULL)
        printf("%s.is_same: %d\n", label, r == a);
    Py_XDECREF(r);
    show("  left operand after", a);
    Py_DECREF(a);
    Py_DECREF(b);
}

static void inplace_ops(void)
{
    inplace("[1] += [2]", PyNumber_InPlaceAdd, Py_BuildValue("[i]", 1), Py_BuildValue("[i]", 2));
    inplace("[1] += (2, 3)", PyNumber_InPlaceAdd, Py_BuildValue("[i]", 1), Py_BuildValue("(ii)", 2, 3));
    inplace("[1] += 'ab'", PyNumber_InPlaceAdd, Py_BuildValue("[i]", 1), S("ab"));
    inplace("[1] += 5", PyNumber_InPlaceAdd, Py_BuildValue("[i]", 1), I(5));
    inplace("[1, 2] *= 2", PyNumber_InPlaceMultiply, Py_BuildValue("[ii]", 1, 2), I(2));
    inplace("[1, 2] *= 0", PyNumber_InPlaceMultiply, Py_BuildValue("[ii]", 1, 2), I(0));
    inplace("[1, 2] *= 2.0", PyNumber_InPlaceMultiply, Py_BuildValue("[ii]", 1, 2), F(2.0));
    inplace("(1,) += (2,)", PyNumber_InPlaceAdd, Py_BuildValue("(i)", 1), Py_BuildValue("(i)", 2));
    inplace("(1,) *= 2", PyNumber_InPlaceMultiply, Py_BuildValue("(i)", 1), I(2));
    inplace("(1,) += [2]", PyNumber_InPlaceAdd, Py_BuildValue("(i)", 1), Py_BuildValue("[i]", 2));
    inplace("'ab' += 'c'", PyNumber_InPlaceAdd, S("ab"), S("c"));
    inplace("'ab' += 1", PyNumber_InPlaceAdd, S("ab"), I(1));
    inplace("2**70 += 1", PyNumber_InPlaceAdd, L("1180591620717411303424"), I(1));
    op("5 += 1", PyNumber_InPlaceAdd, I(5), I(1));
    op("5 -= 7", PyNumber_InPlaceSubtract, I(5), I(7));
    op("5 *= 1.5", PyNumber_InPlaceMultiply, I(5), F(1.5));
    op("5 /= 2", PyNumber_InPlaceTrueDivide, I(5), I(2));
    op("-5 //= 2", PyNumber_InPlaceFloorDivide, I(-5), I(2));
    op("-5 %= 3", PyNumber_InPlaceRemainder, I(-5), I(3));
    op3("5 **= 3", PyNumber_InPlacePower, I(5), I(3), Py_NewRef(Py_None));
    op3("5 **= 3 (mod 7)", PyNumber_InPlacePower, I(5), I(3), I(7));
    op("5 <<= 70", PyNumber_InPlaceLshift, I(5), I(70));
    op("-5 >>= 1", PyNumber_InPlaceRshift, I(-5), I(1));
    op("12 &= 10", PyNumber_InPlaceAnd, I(12), I(10));
    op("12 ^= 10", PyNumber_InPlaceXor, I(12), I(10));
    op("12 |= 10", PyNumber_InPlaceOr, I(12), I(10));
    op("True &= False", PyNumber_InPlaceAnd, Py_NewRef(Py_True), Py_NewRef(Py_False));
    op("5 //= 0", PyNumber_InPlaceFloorDivide, I(5), I(0));
    op("None += 1", PyNumber_InPlaceAdd, Py_NewRef(Py_None), I(1));
    op("None -= 1", PyNumber_InPlaceSubtract, Py_NewRef(Py_None), I(1));
    op("None *= None", PyNumber_InPlaceMultiply, Py_NewRef(Py_None), Py_NewRef(Py_None));
    op("None @= 1", PyNumber_InPlaceMatrixMultiply, Py_NewRef(Py_None), I(1));
    op("None /= 1", PyNumber_InPlaceTrueDivide, Py_NewRef(Py_None), I(1));
    op("None //= 1", PyNumber_InPlaceFloorDivide, Py_NewRef(Py_None), I(1));
    op("None %= 1", PyNumber_InPlaceRemainder, Py_NewRef(Py_None), I(1));
    op3("None **= 1", PyNumber_InPlacePower, Py_NewRef(Py_None), I(1), Py_NewRef(Py_None));
    op("None <<= 1", PyNumber_InPlaceLshift, Py_NewRef(Py_None), I(1));
    op("None >>= 1", PyNumber_InPlaceRshift, Py_NewRef(Py_None), I(1));
    op("None &= 1", PyNumber_InPlaceAnd, Py_NewRef(Py_None), I(1));
    op("None ^= 1", PyNumber_InPlaceXor, Py_NewRef(Py_None), I(1));
    op("None |= 1", PyNumber_InPlaceOr, Py_NewRef(Py_None), I(1));
}

/* "label: repr | is_same" for conversions that may return their argument. */
static void conv_same(const char *label, PyObject *(*f)(PyObject *), PyObject *a)
{
    PyObject *r = f(a);
    char l2[96];
    show(label, r);
    snprintf(l2, sizeof l2, "%s.is_same", label);
    if (r != NULL)
        printf("%s: %d\n", l2, r == a);
    Py_XDECREF(r);
    Py_DECREF(a);
}

static void index_and_ssize(void)
{
    PyObject *big = L("1180591620717411303424"), *nbig = L("-1180591620717411303424");
    PyObject *m63 = L("9223372036854775807"), *p63 = L("9223372036854775808");
    PyObject *f = F(1.5), *s = S("5"), *five = I(5), *mfive = I(-5);

    conv_same("Index(5)", PyNumber_Index, I(5));
    conv_same("Index(2**70)", PyNumber_Index, L("1180591620717411303424"));
    un("Index(True)", PyNumber_Index, Py_NewRef(Py_True));
    un("Index(1.5)", PyNumber_Index, F(1.5));
    un("Index('5')", PyNumber_Index, S("5"));
    un("Index(None)", PyNumber_Index, Py_NewRef(Py_None));
    un("Index(nb_index)", PyNumber_Index, Py_NewRef(indexonly));
    un("Index(nb_index -> float)", PyNumber_Index, Py_NewRef(badindex));

    show_int("AsSsize_t(5, NULL)", PyNumber_AsSsize_t(five, NULL));
    show_int("AsSsize_t(-5, Overflow)", PyNumber_AsSsize_t(mfive, PyExc_OverflowError));
    show_int("AsSsize_t(2**63-1, Overflow)", PyNumber_AsSsize_t(m63, PyExc_OverflowError));
    show_int("AsSsize_t(2**63, NULL)", PyNumber_AsSsize_t(p63, NULL));
    show_int("AsSsize_t(2**63, Overflow)", PyNumber_AsSsize_t(p63, PyExc_OverflowError));
    show_int("AsSsize_t(2**70, NULL)", PyNumber_AsSsize_t(big, NULL));
    show_int("AsSsize_t(-(2**70), NULL)", PyNumber_AsSsize_t(nbig, NULL));
    show_int("AsSsize_t(2**70, Overflow)", PyNumber_AsSsize_t(big, PyExc_OverflowError));
    show_int("AsSsize_t(-(2**70), Overflow)", PyNumber_AsSsize_t(nbig, PyExc_OverflowError));
    show_int("AsSsize_t(2**70, ValueError)", PyNumber_AsSsize_t(big, PyExc_ValueError));
    show_int("AsSsize_t(1.5, NULL)", PyNumber_AsSsize_t(f, NULL));
    show_int("AsSsize_t('5', Overflow)", PyNumber_AsSsize_t(s, PyExc_OverflowError));
    show_int("AsSsize_t(True, NULL)", PyNumber_AsSsize_t(Py_True, NULL));
    show_int("AsSsize_t(nb_index, NULL)", PyNumber_AsSsize_t(indexonly, NULL));
    show_int("AsSsize_t(nb_index -> float, NULL)", PyNumber_AsSsize_t(badindex, NULL));
    Py_DECREF(big); Py_DECREF(nbig); Py_DECREF(m63); Py_DECREF(p63);
    Py_DECREF(f); Py_DECREF(s); Py_DECREF(five); Py_DECREF(mfive);
}

static void to_long(void)
{
    conv_same("Long(5)", PyNumber_Long, I(5));
    conv_same("Long(-(2**70))", PyNumber_Long, L("-1180591620717411303424"));
    un("Long(True)", PyNumber_Long, Py_NewRef(Py_True));
    un("Long(3.9)", PyNumber_Long, F(3.9));
    un("Long(-2.5)", PyNumber_Long, F(-2.5));
    un("Long(-0.0)", PyNumber_Long, F(-0.0));
    un("Long(1e30)", PyNumber_Long, F(1e30));
    un("Long(inf)", PyNumber_Long, F(1e300 * 1e300));
    un("Long(-inf)", PyNumber_Long, F(-1e300 * 1e300));
    un("Long(nan)", PyNumber_Long, PyFloat_FromDouble((1e300 * 1e300) * 0.0));
    un("Long('42')", PyNumber_Long, S("42"));
    un("Long(' -17 ')", PyNumber_Long, S(" -17 "));
    un("Long('1_000')", PyNumber_Long, S("1_000"));
    un("Long('12x')", PyNumber_Long, S("12x"));
    un("Long('0x10')", PyNumber_Long, S("0x10"));
    un("Long('')", PyNumber_Long, S(""));
    un("Long('99999999999999999999999')", PyNumber_Long, S("99999999999999999999999"));
    un("Long(b'15')", PyNumber_Long, PyBytes_FromString("15"));
    un("Long(b'1x')", PyNumber_Long, PyBytes_FromString("1x"));
    un("Long(None)", PyNumber_Long, Py_NewRef(Py_None));
    un("Long([])", PyNumber_Long, PyList_New(0));
    un("Long(nb_index)", PyNumber_Long, Py_NewRef(indexonly));
}

static void to_float(void)
{
    un("Float(3)", PyNumber_Float, I(3));
    un("Float(2**70)", PyNumber_Float, L("1180591620717411303424"));
    un("Float(2**53+1)", PyNumber_Float, L("9007199254740993"));
    un("Float(10**400)", PyNumber_Float, ten_pow(400));
    {
        PyObject *p = ten_pow(400);
        un("Float(-(10**400))", PyNumber_Float, PyNumber_Negative(p));
        Py_DECREF(p);
    }
    un("Float(True)", PyNumber_Float, Py_NewRef(Py_True));
    conv_same("Float(1.5)", PyNumber_Float, F(1.5));
    un("Float('1.5')", PyNumber_Float, S("1.5"));
    un("Float(' -2.5e3 ')", PyNumber_Float, S(" -2.5e3 "));
    un("Float('1_0.5')", PyNumber_Float, S("1_0.5"));
    un("Float('inf')", PyNumber_Float, S("inf"));
    un("Float('-Infinity')", PyNumber_Float, S("-Infinity"));
    un("Float('nan')", PyNumber_Float, S("nan"));
    un("Float('1e400')", PyNumber_Float, S("1e400"));
    un("Float('x')", PyNumber_Float, S("x"));
    un("Float('')", PyNumber_Float, S(""));
    un("Float(b'2.5')", PyNumber_Float, PyBytes_FromString("2.5"));
    un("Float(None)", PyNumber_Float, Py_NewRef(Py_None));
    un("Float([])", PyNumber_Float, PyList_New(0));
    un("Float(nb_index)", PyNumber_Float, Py_NewRef(indexonly));
    un("Float(nb_index -> float)", PyNumber_Float, Py_NewRef(badindex));
}

static void to_base(void)
{
    PyObject *v = I(255), *n = I(-255), *z = I(0), *big = L("1180591620717411303424");
    PyObject *nbig = L("-1180591620717411303424"), *f = F(1.5);
    show_new("ToBase(255, 2)", PyNumber_ToBase(v, 2));
    show_new("ToBase(255, 8)", PyNumber_ToBase(v, 8));
    show_new("ToBase(255, 10)", PyNumber_ToBase(v, 10));
    show_new("ToBase(255, 16)", PyNumber_ToBase(v, 16));
    show_new("ToBase(-255, 16)", PyNumber_ToBase(n, 16));
    show_new("ToBase(-255, 2)", PyNumber_ToBase(n, 2));
    show_new("ToBase(0, 8)", PyNumber_ToBase(z, 8));
    show_new("ToBase(2**70, 16)", PyNumber_ToBase(big, 16));
    show_new("ToBase(-(2**70), 8)", PyNumber_ToBase(nbig, 8));
    show_new("ToBase(-(2**70), 10)", PyNumber_ToBase(nbig, 10));
    show_new("ToBase(True, 2)", PyNumber_ToBase(Py_True, 2));
    show_new("ToBase(nb_index, 2)", PyNumber_ToBase(indexonly, 2));
    show_new("ToBase(255, 3)", PyNumber_ToBase(v, 3));
    show_new("ToBase(255, 0)", PyNumber_ToBase(v, 0));
    show_new("ToBase(1.5, 16)", PyNumber_ToBase(f, 16));
    Py_DECREF(v); Py_DECREF(n); Py_DECREF(z); Py_DECREF(big); Py_DECREF(nbig); Py_DECREF(f);
}

static void heap_types(void)
{
    op("Adder + 1", PyNumber_Add, Py_NewRef(adder), I(1));
    op("1 + Adder", PyNumber_Add, I(1), Py_NewRef(adder));
    op("1.5 + Adder", PyNumber_Add, F(1.5), Py_NewRef(adder));
    op("Adder + Adder", PyNumber_Add, Py_NewRef(adder), Py_NewRef(adder));
    op("[1] + Adder", PyNumber_Add, Py_BuildValue("[i]", 1), Py_NewRef(adder));
    op("Adder += 1", PyNumber_InPlaceAdd, Py_NewRef(adder), I(1));
    op("Adder - 1", PyNumber_Subtract, Py_NewRef(adder), I(1));
    op("Adder * [0]", PyNumber_Multiply, Py_NewRef(adder), Py_BuildValue("[i]", 0));
    op("Adder * 2", PyNumber_Multiply, Py_NewRef(adder), I(2));
    un("Index(Adder)", PyNumber_Index, Py_NewRef(adder));
    show_int("AsSsize_t(Adder, NULL)", PyNumber_AsSsize_t(adder, NULL));
    un("Long(Adder)", PyNumber_Long, Py_NewRef(adder));
    op("NotImpl + 1", PyNumber_Add, Py_NewRef(notimpl), I(1));
    op("1 + NotImpl", PyNumber_Add, I(1), Py_NewRef(notimpl));
    op("NotImpl + NotImpl", PyNumber_Add, Py_NewRef(notimpl), Py_NewRef(notimpl));
    op("NotImpl += 1", PyNumber_InPlaceAdd, Py_NewRef(notimpl), I(1));
    op("NotImpl + Adder", PyNumber_Add, Py_NewRef(notimpl), Py_NewRef(adder));
    op("Adder + NotImpl", PyNumber_Add, Py_NewRef(adder), Py_NewRef(notimpl));
    op("NotImpl + [1]", PyNumber_Add, Py_NewRef(notimpl), Py_BuildValue("[i]", 1));
    op("[1] + NotImpl", PyNumber_Add, Py_BuildValue("[i]", 1), Py_NewRef(notimpl));
    op("'a' + NotImpl", PyNumber_Add, S("a"), Py_NewRef(notimpl));
    op("NotImpl * 2", PyNumber_Multiply, Py_NewRef(notimpl), I(2));
}

int main(void)
{
    Py_Initialize();
    adder = instance("number.Adder", adder_slots);
    indexonly = instance("number.IndexOnly", indexonly_slots);
    notimpl = instance("number.NotImpl", notimpl_slots);
    badindex = instance("number.BadIndex", badindex_slots);

    checks();
    int_small();
    int_big();
    int_power();
    zero_division();
    floats();
    bools();
    sequences();
    unsupported();
    inplace_ops();
    index_and_ssize();
    to_long();
    to_float();
    to_base();
    heap_types();
    CHECK_NOERR();

    Py_DECREF(adder);
    Py_DECREF(indexonly);
    Py_DECREF(notimpl);
    Py_DECREF(badindex);
    return ctest_finish();
}
