/*
 * complex.c -- complex objects through the C API: PyComplex_* and their
 * layout, the _Py_c_* arithmetic with its errno reports, the number
 * protocol, hashing, comparison, formatting, construction from Python
 * values and text, Py_BuildValue/PyArg_ParseTuple 'D', and marshal data.
 */
#include "evaltest.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <marshal.h>

static PyObject *cx(double re, double im)
{
    return PyComplex_FromDoubles(re, im);
}

static void show_c(const char *label, Py_complex c)
{
    printf("%s: (%.17g, %.17g)", label, c.real, c.imag);
    ctest_write_pending_suffix();
    fputc('\n', stdout);
}

static void reprs(void)
{
    static const struct { const char *label; double re, im; } cases[] = {
        {"(1, 2)", 1.0, 2.0},
        {"(0, 1)", 0.0, 1.0},
        {"(0, 0)", 0.0, 0.0},
        {"(0, -0)", 0.0, -0.0},
        {"(-0, 0)", -0.0, 0.0},
        {"(-0, -0)", -0.0, -0.0},
        {"(1.5, -2.25)", 1.5, -2.25},
        {"(-1, 0)", -1.0, 0.0},
        {"(0.1, 0.2)", 0.1, 0.2},
        {"(1e16, 1e-5)", 1e16, 1e-5},
        {"(1e15, 1e-4)", 1e15, 1e-4},
        {"(123456789, 0)", 123456789.0, 0.0},
        {"(DBL_MAX, -DBL_MIN)", DBL_MAX, -DBL_MIN},
        {"(5e-324, 1e22)", 5e-324, 1e22},
        {"(inf, nan)", INFINITY, NAN},
        {"(nan, -inf)", NAN, -INFINITY},
        {"(-nan, -nan)", -NAN, -NAN},
        {"(0, inf)", 0.0, INFINITY},
        {"(-inf, 0)", -INFINITY, 0.0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char label[96];
        PyObject *c = cx(cases[i].re, cases[i].im);
        snprintf(label, sizeof label, "repr%s", cases[i].label);
        show(label, c);
        snprintf(label, sizeof label, "str%s", cases[i].label);
        show_str(label, c);
        Py_DECREF(c);
    }
}

static void layout_and_access(void)
{
    PyObject *c = cx(3.5, -4.25);
    PyObject *f = PyFloat_FromDouble(2.5);
    PyObject *i = PyLong_FromLong(7);
    PyObject *big = PyNumber_Power(i, PyLong_FromLong(400), Py_None);
    PyObject *l = PyList_New(0);

    show_int("Check(complex)", PyComplex_Check(c));
    show_int("CheckExact(complex)", PyComplex_CheckExact(c));
    show_int("Check(float)", PyComplex_Check(f));
    show_int("sizeof(PyComplexObject)", (long long)sizeof(PyComplexObject));
    show_dbl("cval.real", ((PyComplexObject *)c)->cval.real);
    show_dbl("cval.imag", ((PyComplexObject *)c)->cval.imag);
    show_str_new("type name", PyType_GetName(Py_TYPE(c)));
    show_int("type is PyComplex_Type", Py_TYPE(c) == &PyComplex_Type);
    show_int("basicsize", (long long)PyComplex_Type.tp_basicsize);
    show_int("BASETYPE", PyType_HasFeature(&PyComplex_Type, Py_TPFLAGS_BASETYPE));

    show_dbl("RealAsDouble(complex)", PyComplex_RealAsDouble(c));
    show_dbl("ImagAsDouble(complex)", PyComplex_ImagAsDouble(c));
    show_dbl("RealAsDouble(float)", PyComplex_RealAsDouble(f));
    show_dbl("ImagAsDouble(float)", PyComplex_ImagAsDouble(f));
    show_dbl("RealAsDouble(int)", PyComplex_RealAsDouble(i));
    show_dbl("RealAsDouble(7**400)", PyComplex_RealAsDouble(big));
    show_dbl("RealAsDouble(list)", PyComplex_RealAsDouble(l));
    show_dbl("ImagAsDouble(list)", PyComplex_ImagAsDouble(l));

    show_c("AsCComplex(complex)", PyComplex_AsCComplex(c));
    show_c("AsCComplex(float)", PyComplex_AsCComplex(f));
    show_c("AsCComplex(int)", PyComplex_AsCComplex(i));
    show_c("AsCComplex(7**400)", PyComplex_AsCComplex(big));
    show_c("AsCComplex(list)", PyComplex_AsCComplex(l));
    show_c("AsCComplex(None)", PyComplex_AsCComplex(Py_None));

    Py_complex v = {-1.0, 0.5};
    show_new("FromCComplex(-1, 0.5)", PyComplex_FromCComplex(v));

    Py_DECREF(c);
    Py_DECREF(f);
    Py_DECREF(i);
    Py_XDECREF(big);
    Py_DECREF(l);
}

static void dunder_conversions(void)
{
    run("classes",
        "class C:\n"
        "    def __complex__(self): return 2-3j\n"
        "class NC:\n"
        "    def __complex__(self): return 2.0\n"
        "class RC:\n"
        "    def __complex__(self): raise KeyError('no')\n"
        "class F:\n"
        "    def __float__(self): return 1.25\n"
        "class I:\n"
        "    def __index__(self): return 9\n"
        "class Sub(complex): pass\n"
        "class SC:\n"
        "    def __complex__(self): return Sub(4, 5)\n"
        "objs = [C(), NC(), RC(), F(), I(), Sub(1, 2), SC()]\n"
        "r = len(objs)\n");
    PyObject *r = PyDict_GetItemString(globals, "objs");
    static const char *names[] = {"C", "NC", "RC", "F", "I", "Sub", "SC"};
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(r); k++) {
        PyObject *o = PyList_GET_ITEM(r, k);
        char label[64];
        snprintf(label, sizeof label, "AsCComplex(%s)", names[k]);
        show_c(label, PyComplex_AsCComplex(o));
        snprintf(label, sizeof label, "RealAsDouble(%s)", names[k]);
        show_dbl(label, PyComplex_RealAsDouble(o));
        snprintf(label, sizeof label, "Check(%s)", names[k]);
        show_int(label, PyComplex_Check(o));
        snprintf(label, sizeof label, "CheckExact(%s)", names[k]);
        show_int(label, PyComplex_CheckExact(o));
        snprintf(label, sizeof label, "complex(%s)", names[k]);
        show_new(label, PyObject_CallOneArg((PyObject *)&PyComplex_Type, o));
    }
}

static void c_arith(void)
{
    Py_complex a = {1.0, 2.0}, b = {3.0, -4.0}, z = {0.0, 0.0};
    Py_complex nanc = {NAN, 0.0}, big = {1e200, 1e200};
    show_c("_Py_c_sum", _Py_c_sum(a, b));
    show_c("_Py_c_diff", _Py_c_diff(a, b));
    show_c("_Py_c_neg", _Py_c_neg(a));
    show_c("_Py_c_prod", _Py_c_prod(a, b));
    show_c("_Py_c_prod(big, big)", _Py_c_prod(big, big));
    errno = 0;
    show_c("_Py_c_quot", _Py_c_quot(a, b));
    show_int("  errno", errno);
    errno = 0;
    show_c("_Py_c_quot(a, 0)", _Py_c_quot(a, z));
    show_int("  errno == EDOM", errno == EDOM);
    errno = 0;
    show_c("_Py_c_quot(a, nan)", _Py_c_quot(a, nanc));
    show_int("  errno", errno);
    Py_complex bi = {1e-300, 1e300};
    show_c("_Py_c_quot(a, 1e-300+1e300j)", _Py_c_quot(a, bi));
    errno = 0;
    show_c("_Py_c_pow(a, b)", _Py_c_pow(a, b));
    show_int("  errno", errno);
    Py_complex half = {0.5, 0.0}, m1 = {-1.0, 0.0}, im = {0.0, 1.0}, zero_exp = {0.0, 0.0};
    show_c("_Py_c_pow(a, 0.5)", _Py_c_pow(a, half));
    show_c("_Py_c_pow(a, 0)", _Py_c_pow(a, zero_exp));
    errno = 0;
    show_c("_Py_c_pow(0, -1)", _Py_c_pow(z, m1));
    show_int("  errno == EDOM", errno == EDOM);
    errno = 0;
    show_c("_Py_c_pow(0, 1j)", _Py_c_pow(z, im));
    show_int("  errno == EDOM", errno == EDOM);
    errno = 0;
    show_c("_Py_c_pow(0, 0.5)", _Py_c_pow(z, half));
    show_int("  errno", errno);
    Py_complex e25 = {2.5, 0.0};
    errno = 0;
    show_c("_Py_c_pow(big, 2.5)", _Py_c_pow(big, e25));
    show_int("  errno == ERANGE", errno == ERANGE);
    errno = 0;
    show_dbl("_Py_c_abs(3+4j)", _Py_c_abs((Py_complex){3.0, 4.0}));
    show_int("  errno", errno);
    errno = 0;
    show_dbl("_Py_c_abs(1.5e308+1.5e308j)", _Py_c_abs((Py_complex){1.5e308, 1.5e308}));
    show_int("  errno == ERANGE", errno == ERANGE);
    errno = 7;
    show_dbl("_Py_c_abs(nan-infj)", _Py_c_abs((Py_complex){NAN, -INFINITY}));
    show_int("  errno", errno);
    errno = 7;
    show_dbl("_Py_c_abs(nan+1j)", _Py_c_abs((Py_complex){NAN, 1.0}));
    show_int("  errno (untouched)", errno);
    errno = 7;
    show_dbl("_Py_c_abs(1e-320+0j)", _Py_c_abs((Py_complex){1e-320, 0.0}));
    show_int("  errno", errno);
}

static void number_protocol(void)
{
    PyObject *a = cx(1.0, 2.0), *b = cx(3.0, -4.0), *z = cx(0.0, 0.0);
    PyObject *two = PyLong_FromLong(2), *half = PyFloat_FromDouble(0.5);
    PyObject *neg8 = PyFloat_FromDouble(-8.0), *third = PyFloat_FromDouble(1.0 / 3.0);
    PyObject *big = PyLong_FromString("1" "0000000000000000000000000000000000000000"
                                      "0000000000000000000000000000000000000000"
                                      "0000000000000000000000000000000000000000"
                                      "0000000000000000000000000000000000000000"
                                      "0000000000000000000000000000000000000000"
                                      "0000000000000000000000000000000000000000"
                                      "0000000000000000000000000000000000000000"
                                      "0000000000000000000000000000000000000000", NULL, 10);
    PyObject *lst = PyList_New(0);

    show_new("a + b", PyNumber_Add(a, b));
    show_new("a - b", PyNumber_Subtract(a, b));
    show_new("a * b", PyNumber_Multiply(a, b));
    show_new("a / b", PyNumber_TrueDivide(a, b));
    show_new("a / 0j", PyNumber_TrueDivide(a, z));
    show_new("2 / 0j", PyNumber_TrueDivide(two, z));
    show_new("a + 2", PyNumber_Add(a, two));
    show_new("2 - a", PyNumber_Subtract(two, a));
    show_new("0.5 * a", PyNumber_Multiply(half, a));
    show_new("a + 10**320", PyNumber_Add(a, big));
    show_new("10**320 * a", PyNumber_Multiply(big, a));
    show_new("a + []", PyNumber_Add(a, lst));
    show_new("a // 2", PyNumber_FloorDivide(a, two));
    show_new("a % 2", PyNumber_Remainder(a, two));
    show_new("divmod(a, 2)", PyNumber_Divmod(a, two));
    show_new("a ** 2", PyNumber_Power(a, two, Py_None));
    show_new("a ** b", PyNumber_Power(a, b, Py_None));
    show_new("a ** 0.5", PyNumber_Power(a, half, Py_None));
    show_new("2 ** a", PyNumber_Power(two, a, Py_None));
    show_new("pow(a, 2, 2)", PyNumber_Power(a, two, two));
    show_new("0j ** -1", PyNumber_Power(z, PyLong_FromLong(-1), Py_None));
    show_new("0j ** a", PyNumber_Power(z, a, Py_None));
    show_new("(-8.0) ** (1/3)", PyNumber_Power(neg8, third, Py_None));
    show_new("(-8.0) ** 0.5", PyNumber_Power(neg8, half, Py_None));
    PyObject *bigc = cx(1e200, 1e200);
    show_new("(1e200+1e200j) ** 2", PyNumber_Power(bigc, two, Py_None));
    show_new("(1e200+1e200j) ** 2.5", PyNumber_Power(bigc, PyFloat_FromDouble(2.5), Py_None));
    show_new("-a", PyNumber_Negative(a));
    show_new("+a", PyNumber_Positive(a));
    show_new("~a", PyNumber_Invert(a));
    show_new("abs(3-4j)", PyNumber_Absolute(b));
    PyObject *huge = cx(1.5e308, 1.5e308);
    show_new("abs(1.5e308+1.5e308j)", PyNumber_Absolute(huge));
    show_new("float(a)", PyNumber_Float(a));
    show_new("int(a)", PyNumber_Long(a));
    show_new("index(a)", PyNumber_Index(a));
    show_int("PyNumber_Check(a)", PyNumber_Check(a));
    show_int("PyIndex_Check(a)", PyIndex_Check(a));
    show_dbl("PyFloat_AsDouble(a)", PyFloat_AsDouble(a));

    PyObject *one_c = cx(1.0, 0.0), *one = PyLong_FromLong(1), *onef = PyFloat_FromDouble(1.0);
    show_new("(1+0j) == 1", PyObject_RichCompare(one_c, one, Py_EQ));
    show_new("1 == (1+0j)", PyObject_RichCompare(one, one_c, Py_EQ));
    show_new("(1+0j) != 1.0", PyObject_RichCompare(one_c, onef, Py_NE));
    show_new("a == a", PyObject_RichCompare(a, a, Py_EQ));
    show_new("a == b", PyObject_RichCompare(a, b, Py_EQ));
    show_new("a < b", PyObject_RichCompare(a, b, Py_LT));
    show_new("a >= 1", PyObject_RichCompare(a, one, Py_GE));
    show_new("a == None", PyObject_RichCompare(a, Py_None, Py_EQ));
    show_new("(1e320 big) == complex", PyObject_RichCompare(cx(INFINITY, 0.0), big, Py_EQ));
    show_int("hash(1+0j)", PyObject_Hash(one_c));
    show_int("hash(1+2j)", PyObject_Hash(a));
    show_int("hash(3-4j)", PyObject_Hash(b));
    show_int("hash(-1+0j)", PyObject_Hash(cx(-1.0, 0.0)));
    show_int("hash(inf-infj)", PyObject_Hash(cx(INFINITY, -INFINITY)));
    show_int("hash(0.5+1e300j)", PyObject_Hash(cx(0.5, 1e300)));
    show_int("IsTrue(0j)", PyObject_IsTrue(z));
    show_int("IsTrue(-0j)", PyObject_IsTrue(cx(-0.0, -0.0)));
    show_int("IsTrue(nan+0j)", PyObject_IsTrue(cx(NAN, 0.0)));
    show_int("IsTrue(a)", PyObject_IsTrue(a));

    Py_DECREF(a);
    Py_DECREF(b);
    Py_DECREF(z);
    Py_DECREF(two);
    Py_DECREF(half);
    Py_DECREF(neg8);
    Py_DECREF(third);
    Py_DECREF(big);
    Py_DECREF(lst);
    Py_DECREF(bigc);
    Py_DECREF(huge);
    Py_DECREF(one_c);
    Py_DECREF(one);
    Py_DECREF(onef);
}

static void formatting(void)
{
    static const char *specs[] = {
        "", "10", "<20", "^20", "*>20", "+", "-", " ", ".3", ".0", "#", "e", ".2E", "f",
        ".1F", "g", "G", ".10g", "n", "#.0f", "_.2f", ",", ",.3f", "z.1f", "+.2e",
        "010", "=10", "0<10", "d", "%", "s", "x", ",n", "12.3.4",
    };
    static const struct { const char *label; double re, im; } vals[] = {
        {"1+2j", 1.0, 2.0},
        {"-0.0-0.0j", -0.0, -0.0},
        {"2j", 0.0, 2.0},
        {"1234567.891-0.5j", 1234567.891, -0.5},
        {"nan+infj", NAN, INFINITY},
        {"1e300-1e-300j", 1e300, -1e-300},
    };
    for (size_t v = 0; v < sizeof vals / sizeof vals[0]; v++) {
        PyObject *c = cx(vals[v].re, vals[v].im);
        for (size_t s = 0; s < sizeof specs / sizeof specs[0]; s++) {
            char label[96];
            PyObject *spec = PyUnicode_FromString(specs[s]);
            snprintf(label, sizeof label, "format(%s, '%s')", vals[v].label, specs[s]);
            show_str_new(label, PyObject_Format(c, spec));
            Py_DECREF(spec);
        }
        Py_DECREF(c);
    }
}

static void construction(void)
{
    static const char *texts[] = {
        "1+2j", " ( 1-2j ) ", "j", "-j", "+J", "1-j", "1+j", "5", "-5.5", "1e5j", "1.e5-.5e-3J",
        "inf", "-infj", "nanj", "-nan+nanj", "infinity-INFINITYj", "1e500+1e-500j",
        "1_000+2_0j", "1__0j", "_1j", "1_j", "1_.5j", "", " ", "()", "(1+2j", "1+2j)",
        "1+2", "1 +2j", "1+ 2j", "0x1j", "1e", "1ej", ".j", "+-1j", "+-infj", "1+-2j",
        "1j+2", "jj", "1\xc2\xa0", "\xd9\xa1+\xd9\xa2j", "1\xc3\xa9",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char label[96];
        PyObject *s = PyUnicode_FromString(texts[i]);
        snprintf(label, sizeof label, "complex(%s)", texts[i]);
        show_new(label, PyObject_CallOneArg((PyObject *)&PyComplex_Type, s));
        Py_DECREF(s);
    }
    run("white space", "r = complex('\\t(\\v1\\n)\\f\\r')");
    run("Unicode white space", "r = complex('\\u2003(1+\\uff12j)\\x85')");
    run("Unicode white space inside", "r = complex('(1\\u3000+2j)')");
    run("DEL", "r = complex('1\\x7f')");
    run("embedded NUL", "r = complex('1\\x00')");
    run("embedded NUL and _", "r = complex('1_\\x00')");
    run("no args", "r = complex()");
    run("keywords", "r = complex(imag=2, real=1)");
    run("imag only", "r = complex(imag=-0.0)");
    run("too many", "r = complex(1, 2, 3)");
    run("bad keyword", "r = complex(x=1)");
    run("str and imag", "r = complex('1', 2)");
    run("imag str", "r = complex(1, '2')");
    run("bytes", "r = complex(b'1')");
    run("None", "r = complex(None)");
    run("imag None", "r = complex(1, None)");
    run("complex parts", "r = complex(1+2j, 3+4j)");
    run("complex real, float imag", "r = complex(1+2j, 0.5)");
    run("signed zeros", "r = [complex(-0.0), complex(0.0, -0.0), complex(-0.0, 1j), complex(1j, -0.0)]");
    run("big int", "r = complex(10**400)");
    run("big int imag", "r = complex(1, 10**400)");
    run("exact identity", "x = 1+2j\nr = complex(x) is x");
    run("subclass",
        "class S(complex):\n"
        "    pass\n"
        "s = S('1+2j')\n"
        "r = [type(s).__name__, s, s + 1, type(s + 1).__name__, type(+s).__name__, type(-s).__name__,\n"
        "     type(s.conjugate()).__name__, type(s.__complex__()).__name__, S(), S(2, 3), hash(s) == hash(1+2j)]");
    run("__new__ errors", "r = complex.__new__(int)");
    run("float subclass real",
        "class FF(float): pass\n"
        "r = complex(FF(2.5), FF(-1.5))");
}

static void build_and_parse(void)
{
    Py_complex v = {2.5, -0.0};
    show_new("Py_BuildValue(D)", Py_BuildValue("D", &v));
    show_new("Py_BuildValue((iD))", Py_BuildValue("(iD)", 7, &v));
    PyObject *args = Py_BuildValue("(Ndi)", cx(1.0, -1.0), 3.5, 4);
    Py_complex a = {0, 0}, b = {0, 0}, c = {0, 0};
    int ok = PyArg_ParseTuple(args, "DDD", &a, &b, &c);
    show_int("ParseTuple(DDD)", ok);
    show_c("  a", a);
    show_c("  b", b);
    show_c("  c", c);
    Py_DECREF(args);
    args = Py_BuildValue("(s)", "x");
    show_int("ParseTuple(D) of a str", PyArg_ParseTuple(args, "D", &a));
    Py_DECREF(args);
}

static void hexdump(const char *label, PyObject *b)
{
    printf("%s: ", label);
    if (b == NULL) {
        fputs("NULL", stdout);
        ctest_write_pending_suffix();
        fputc('\n', stdout);
        return;
    }
    const unsigned char *p = (const unsigned char *)PyBytes_AS_STRING(b);
    for (Py_ssize_t i = 0; i < PyBytes_GET_SIZE(b); i++)
        printf("%02x", p[i]);
    fputc('\n', stdout);
    Py_DECREF(b);
}

static void marshal_data(void)
{
    PyObject *c = cx(1.5, -0.0);
    PyObject *n = cx(NAN, 1e300);
    for (int v = 0; v <= 4; v++) {
        char label[64];
        snprintf(label, sizeof label, "marshal v%d of (1.5-0j)", v);
        hexdump(label, PyMarshal_WriteObjectToString(c, v));
    }
    hexdump("marshal v1 of (nan+1e300j)", PyMarshal_WriteObjectToString(n, 1));
    PyObject *pair = PyTuple_Pack(2, c, c);
    hexdump("marshal v4 of (c, c)", PyMarshal_WriteObjectToString(pair, 4));
    Py_DECREF(pair);
    static const char bin[] = "y\x00\x00\x00\x00\x00\x00\xf8?\x00\x00\x00\x00\x00\x00\x00\x80";
    show_new("loads binary", PyMarshal_ReadObjectFromString(bin, sizeof bin - 1));
    static const char txt[] = "x\x03" "2.5\x04-inf";
    show_new("loads text", PyMarshal_ReadObjectFromString(txt, sizeof txt - 1));
    static const char bad[] = "x\x03" "2.5\x03abc";
    show_new("loads bad text", PyMarshal_ReadObjectFromString(bad, sizeof bad - 1));
    static const char shortb[] = "y\x00\x00\x00\x00";
    show_new("loads short", PyMarshal_ReadObjectFromString(shortb, sizeof shortb - 1));
    PyObject *code = Py_CompileString("x = (1+2j, -0j, 2j ** 2, (-8.0) ** 0.5, 1j * 10**20)\n", "<c>",
                                      Py_file_input);
    if (code == NULL) {
        show_exc("compile");
    } else {
        PyObject *consts = PyObject_GetAttrString(code, "co_consts");
        show("co_consts", consts);
        Py_XDECREF(consts);
        hexdump("marshal of code", PyMarshal_WriteObjectToString(code, 4));
        Py_DECREF(code);
    }
    Py_DECREF(c);
    Py_DECREF(n);
}

int main(void)
{
    Py_Initialize();
    reprs();
    layout_and_access();
    dunder_conversions();
    c_arith();
    number_protocol();
    formatting();
    construction();
    build_and_parse();
    marshal_data();
    Py_XDECREF(globals);
    CHECK_NOERR();
    return ctest_finish();
}
