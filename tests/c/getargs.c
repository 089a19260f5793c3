/*
 * getargs.c -- PyArg_ParseTuple and friends: the integer units (ranges,
 * wrapping, float/str/bool arguments), c/C, f/d, p, O/O!/O&/S/U, the
 * string units s/s#/z/z#/y/y# (embedded NULs, lengths, wrong types),
 * structure (optional '|', nested tuples, ':name' and ';message', argument
 * counts, the empty format), PyArg_ParseTupleAndKeywords (keywords, '$',
 * positional-only "" names, NULL kwargs, their errors), PyArg_UnpackTuple,
 * PyArg_Parse on a single object, and PyArg_VaParse /
 * PyArg_VaParseTupleAndKeywords through variadic wrappers.
 */
#define PY_SSIZE_T_CLEAN
#include "ctest.h"

#include <stdarg.h>

/* Prints "label: r"; on failure also the exception and the newline.
   Returns 1 when the caller should print the converted values. */
static int ok(const char *label, int r)
{
    printf("%s: %d", label, r);
    if (r && PyErr_Occurred() == NULL)
        return 1;
    if (PyErr_Occurred() == NULL)
        fputs(", no exception", stdout);
    ctest_write_pending_suffix();
    fputc('\n', stdout);
    return 0;
}

/* Prints a buffer with non-printable bytes escaped, then its length. */
static void buf(const char *p, Py_ssize_t n)
{
    if (p == NULL) {
        printf(" NULL len=%zd\n", n);
        return;
    }
    fputs(" '", stdout);
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)p[i];
        if (ch >= 0x20 && ch < 0x7f)
            fputc(ch, stdout);
        else
            printf("\\x%02x", ch);
    }
    printf("' len=%zd\n", n);
}

/* Prints " <repr(o)>" (o borrowed, may be NULL). */
static void rep(PyObject *o)
{
    PyObject *r;
    fputc(' ', stdout);
    if (o == NULL) {
        fputs("NULL", stdout);
        return;
    }
    r = PyObject_Repr(o);
    if (r == NULL) {
        fputs("<repr() failed>", stdout);
        ctest_write_pending_suffix();
        return;
    }
    ctest_write_str(r);
    Py_DECREF(r);
}

static int va_parse(PyObject *args, const char *fmt, ...)
{
    va_list va;
    int r;
    va_start(va, fmt);
    r = PyArg_VaParse(args, fmt, va);
    va_end(va);
    return r;
}

static int va_parse_kw(PyObject *args, PyObject *kw, const char *fmt,
                       char **kwlist, ...)
{
    va_list va;
    int r;
    va_start(va, kwlist);
    r = PyArg_VaParseTupleAndKeywords(args, kw, fmt, kwlist, va);
    va_end(va);
    return r;
}

/* Parses the 1-tuple (arg) with a one-unit integer format; arg is stolen. */
static void one_int(const char *label, const char *fmt, PyObject *arg)
{
    PyObject *args = Py_BuildValue("(N)", arg);
    unsigned char b = 7;
    short h = 7;
    unsigned short H = 7;
    int i = 7;
    unsigned int I = 7;
    long l = 7;
    unsigned long k = 7;
    long long L = 7;
    unsigned long long K = 7;
    Py_ssize_t n = 7;
    switch (fmt[0]) {
    case 'b': if (ok(label, PyArg_ParseTuple(args, fmt, &b))) printf(" %u\n", b); break;
    case 'B': if (ok(label, PyArg_ParseTuple(args, fmt, &b))) printf(" %u\n", b); break;
    case 'h': if (ok(label, PyArg_ParseTuple(args, fmt, &h))) printf(" %d\n", h); break;
    case 'H': if (ok(label, PyArg_ParseTuple(args, fmt, &H))) printf(" %u\n", H); break;
    case 'i': if (ok(label, PyArg_ParseTuple(args, fmt, &i))) printf(" %d\n", i); break;
    case 'I': if (ok(label, PyArg_ParseTuple(args, fmt, &I))) printf(" %u\n", I); break;
    case 'l': if (ok(label, PyArg_ParseTuple(args, fmt, &l))) printf(" %ld\n", l); break;
    case 'k': if (ok(label, PyArg_ParseTuple(args, fmt, &k))) printf(" %lu\n", k); break;
    case 'L': if (ok(label, PyArg_ParseTuple(args, fmt, &L))) printf(" %lld\n", L); break;
    case 'K': if (ok(label, PyArg_ParseTuple(args, fmt, &K))) printf(" %llu\n", K); break;
    case 'n': if (ok(label, PyArg_ParseTuple(args, fmt, &n))) printf(" %zd\n", n); break;
    }
    Py_DECREF(args);
}

#define BIG63 Py_BuildValue("K", 9223372036854775808ULL) /* 2**63 */

static void integers(void)
{
    one_int("b 0", "b", PyLong_FromLong(0));
    one_int("b 255", "b", PyLong_FromLong(255));
    one_int("b 256", "b", PyLong_FromLong(256));
    one_int("b -1", "b", PyLong_FromLong(-1));
    one_int("B 300", "B", PyLong_FromLong(300));
    one_int("B -1", "B", PyLong_FromLong(-1));
    one_int("h -32768", "h", PyLong_FromLong(-32768));
    one_int("h 32768", "h", PyLong_FromLong(32768));
    one_int("h -32769", "h", PyLong_FromLong(-32769));
    one_int("H 70000", "H", PyLong_FromLong(70000));
    one_int("H -1", "H", PyLong_FromLong(-1));
    one_int("i 2**31-1", "i", PyLong_FromLong(2147483647L));
    one_int("i 2**31", "i", PyLong_FromLong(2147483648L));
    one_int("i -2**31-1", "i", PyLong_FromLong(-2147483649L));
    one_int("i True", "i", PyBool_FromLong(1));
    one_int("I -1", "I", PyLong_FromLong(-1));
    one_int("I 2**32+5", "I", Py_BuildValue("L", 4294967301LL));
    one_int("l 2**63-1", "l", Py_BuildValue("L", 9223372036854775807LL));
    one_int("l 2**63", "l", BIG63);
    one_int("k -1", "k", PyLong_FromLong(-1));
    one_int("L -2**63", "L", Py_BuildValue("L", -9223372036854775807LL - 1));
    one_int("L 2**63", "L", BIG63);
    one_int("K -1", "K", PyLong_FromLong(-1));
    one_int("K 2**63", "K", BIG63);
    one_int("n -5", "n", PyLong_FromLong(-5));
    one_int("n 2**63", "n", BIG63);
    one_int("b 1.5", "b", PyFloat_FromDouble(1.5));
    one_int("i 1.5", "i", PyFloat_FromDouble(1.5));
    one_int("l 1.5", "l", PyFloat_FromDouble(1.5));
    one_int("k 1.5", "k", PyFloat_FromDouble(1.5));
    one_int("L 1.5", "L", PyFloat_FromDouble(1.5));
    one_int("K 1.5", "K", PyFloat_FromDouble(1.5));
    one_int("n 1.5", "n", PyFloat_FromDouble(1.5));
    one_int("i 'x'", "i", PyUnicode_FromString("x"));
    one_int("B 'x'", "B", PyUnicode_FromString("x"));
    one_int("k 'x'", "k", PyUnicode_FromString("x"));
    one_int("i:fn 'x'", "i:fn", PyUnicode_FromString("x"));
}

static void chars_floats_bools(void)
{
    PyObject *a;
    char c = '?';
    int C = -1, p = -1;
    float f = -1;
    double d = -1;

#define ONE(label, build, fmt, ptr, pfmt, val)                              \
    a = build;                                                             \
    if (ok(label, PyArg_ParseTuple(a, fmt, ptr))) printf(pfmt, val);       \
    Py_DECREF(a);

    ONE("c b'x'", Py_BuildValue("(y)", "x"), "c", &c, " %c\n", c);
    ONE("c b'xy'", Py_BuildValue("(y)", "xy"), "c", &c, " %c\n", c);
    ONE("c 'x'", Py_BuildValue("(s)", "x"), "c", &c, " %c\n", c);
    ONE("C 'a'", Py_BuildValue("(s)", "a"), "C", &C, " %d\n", C);
    ONE("C 'e-acute'", Py_BuildValue("(s)", "\xc3\xa9"), "C", &C, " %d\n", C);
    ONE("C 'ab'", Py_BuildValue("(s)", "ab"), "C", &C, " %d\n", C);
    ONE("C b'a'", Py_BuildValue("(y)", "a"), "C", &C, " %d\n", C);
    ONE("f 1.5", Py_BuildValue("(d)", 1.5), "f", &f, " %.9g\n", (double)f);
    ONE("f 3", Py_BuildValue("(i)", 3), "f", &f, " %.9g\n", (double)f);
    ONE("f 'x'", Py_BuildValue("(s)", "x"), "f", &f, " %.9g\n", (double)f);
    ONE("d 0.1", Py_BuildValue("(d)", 0.1), "d", &d, " %.17g\n", d);
    ONE("d 3", Py_BuildValue("(i)", 3), "d", &d, " %.17g\n", d);
    ONE("d 'x'", Py_BuildValue("(s)", "x"), "d", &d, " %.17g\n", d);
    ONE("p True", Py_BuildValue("(O)", Py_True), "p", &p, " %d\n", p);
    ONE("p 0", Py_BuildValue("(i)", 0), "p", &p, " %d\n", p);
    ONE("p []", Py_BuildValue("([])"), "p", &p, " %d\n", p);
    ONE("p [1]", Py_BuildValue("([i])", 1), "p", &p, " %d\n", p);
    ONE("p None", Py_BuildValue("(O)", Py_None), "p", &p, " %d\n", p);
}

static int conv_ok(PyObject *o, void *addr)
{
    *(long *)addr = PyLong_AsLong(o) * 2;
    return 1;
}

static int conv_err(PyObject *o, void *addr)
{
    (void)o; (void)addr;
    PyErr_SetString(PyExc_ValueError, "converter says no");
    return 0;
}

static int conv_silent(PyObject *o, void *addr)
{
    (void)o; (void)addr;
    return 0;
}

static void objects(void)
{
    PyObject *a, *o = NULL;
    long v = 0;

    a = Py_BuildValue("(i)", 42);
    if (ok("O int", PyArg_ParseTuple(a, "O", &o))) { rep(o); fputc('\n', stdout); }
    if (ok("O! int", PyArg_ParseTuple(a, "O!", &PyLong_Type, &o))) { rep(o); fputc('\n', stdout); }
    if (ok("O& ok", PyArg_ParseTuple(a, "O&", conv_ok, &v))) printf(" %ld\n", v);
    ok("O& error", PyArg_ParseTuple(a, "O&", conv_err, &v));
    ok("O& silent", PyArg_ParseTuple(a, "O&", conv_silent, &v));
    ok("O& silent:name", PyArg_ParseTuple(a, "O&:name", conv_silent, &v));
    ok("S int", PyArg_ParseTuple(a, "S", &o));
    Py_DECREF(a);

    a = Py_BuildValue("(s)", "str");
    ok("O! str", PyArg_ParseTuple(a, "O!", &PyLong_Type, &o));
    ok("S str", PyArg_ParseTuple(a, "S", &o));
    if (ok("U str", PyArg_ParseTuple(a, "U", &o))) { rep(o); fputc('\n', stdout); }
    Py_DECREF(a);

    a = Py_BuildValue("(y)", "byt");
    if (ok("S bytes", PyArg_ParseTuple(a, "S", &o))) { rep(o); fputc('\n', stdout); }
    ok("U bytes", PyArg_ParseTuple(a, "U", &o));
    Py_DECREF(a);
}

static void strings(void)
{
    PyObject *a;
    const char *s = NULL;
    Py_ssize_t n = -1;

    a = Py_BuildValue("(s)", "h\xc3\xa9llo");
    if (ok("s str", PyArg_ParseTuple(a, "s", &s))) buf(s, (Py_ssize_t)strlen(s));
    if (ok("s# str", PyArg_ParseTuple(a, "s#", &s, &n))) buf(s, n);
    if (ok("z str", PyArg_ParseTuple(a, "z", &s))) buf(s, (Py_ssize_t)strlen(s));
    if (ok("z# str", PyArg_ParseTuple(a, "z#", &s, &n))) buf(s, n);
    ok("y str", PyArg_ParseTuple(a, "y", &s));
    ok("y# str", PyArg_ParseTuple(a, "y#", &s, &n));
    Py_DECREF(a);

    a = Py_BuildValue("(s#)", "a\0b", (Py_ssize_t)3);
    ok("s str-NUL", PyArg_ParseTuple(a, "s", &s));
    ok("z str-NUL", PyArg_ParseTuple(a, "z", &s));
    if (ok("s# str-NUL", PyArg_ParseTuple(a, "s#", &s, &n))) buf(s, n);
    Py_DECREF(a);

    a = Py_BuildValue("(y)", "raw");
    ok("s bytes", PyArg_ParseTuple(a, "s", &s));
    ok("z bytes", PyArg_ParseTuple(a, "z", &s));
    if (ok("s# bytes", PyArg_ParseTuple(a, "s#", &s, &n))) buf(s, n);
    if (ok("z# bytes", PyArg_ParseTuple(a, "z#", &s, &n))) buf(s, n);
    if (ok("y bytes", PyArg_ParseTuple(a, "y", &s))) buf(s, (Py_ssize_t)strlen(s));
    if (ok("y# bytes", PyArg_ParseTuple(a, "y#", &s, &n))) buf(s, n);
    Py_DECREF(a);

    a = Py_BuildValue("(y#)", "x\0y", (Py_ssize_t)3);
    ok("y bytes-NUL", PyArg_ParseTuple(a, "y", &s));
    if (ok("y# bytes-NUL", PyArg_ParseTuple(a, "y#", &s, &n))) buf(s, n);
    if (ok("s# bytes-NUL", PyArg_ParseTuple(a, "s#", &s, &n))) buf(s, n);
    Py_DECREF(a);

    a = Py_BuildValue("(O)", Py_None);
    s = "unchanged";
    if (ok("z None", PyArg_ParseTuple(a, "z", &s))) buf(s, 0);
    s = "unchanged";
    n = 99;
    if (ok("z# None", PyArg_ParseTuple(a, "z#", &s, &n))) buf(s, n);
    ok("s None", PyArg_ParseTuple(a, "s", &s));
    Py_DECREF(a);
}

static void structure(void)
{
    PyObject *a, *o;
    int x, y, z;

#define XYZ(label, build, fmt)                                             \
    x = y = z = -1;                                                        \
    a = build;                                                             \
    if (ok(label, PyArg_ParseTuple(a, fmt, &x, &y, &z)))                   \
        printf(" %d %d %d\n", x, y, z);                                    \
    Py_DECREF(a);

    XYZ("i|ii 1", Py_BuildValue("(i)", 1), "i|ii");
    XYZ("i|ii 2", Py_BuildValue("(ii)", 1, 2), "i|ii");
    XYZ("i|ii 3", Py_BuildValue("(iii)", 1, 2, 3), "i|ii");
    XYZ("(ii)i tuple", Py_BuildValue("((ii)i)", 1, 2, 3), "(ii)i");
    XYZ("(ii)i list", Py_BuildValue("([ii]i)", 1, 2, 3), "(ii)i");
    XYZ("(ii)i int", Py_BuildValue("(ii)", 1, 3), "(ii)i");
    XYZ("(ii)i 3-tuple", Py_BuildValue("((iii)i)", 1, 2, 3, 4), "(ii)i");
    XYZ("(ii)i 1-tuple", Py_BuildValue("((i)i)", 1, 4), "(ii)i");
    XYZ("(ii)i bad item", Py_BuildValue("((is)i)", 1, "s", 4), "(ii)i");
    XYZ("i(ii):g bad item", Py_BuildValue("(i(is))", 1, 2, "s"), "i(ii):g");
    XYZ("ii:name 2nd bad", Py_BuildValue("(is)", 1, "s"), "ii:name");
    XYZ("ii;message 2nd bad", Py_BuildValue("(is)", 1, "s"), "ii;custom message");

    /* S fails through getargs' own "must be" message, which carries the
       argument number, the nesting path, ':name' and ';message'. */
    a = Py_BuildValue("(ii)", 1, 2);
    ok("iS 2nd bad", PyArg_ParseTuple(a, "iS", &x, &o));
    ok("iS:name 2nd bad", PyArg_ParseTuple(a, "iS:name", &x, &o));
    ok("iS;message 2nd bad", PyArg_ParseTuple(a, "iS;custom message", &x, &o));
    Py_DECREF(a);
    a = Py_BuildValue("(i(i(i)))", 1, 2, 3);
    ok("i(iS) nested bad", PyArg_ParseTuple(a, "i(iS)", &x, &y, &o));
    ok("i(iS):g nested bad", PyArg_ParseTuple(a, "i(iS):g", &x, &y, &o));
    ok("i(i(S)) deeper bad", PyArg_ParseTuple(a, "i(i(S))", &x, &y, &o));
    ok("i(i(i)(i)) short", PyArg_ParseTuple(a, "i(i(i)(i))", &x, &y, &z, &z));
    ok("i(i(ii)) inner short", PyArg_ParseTuple(a, "i(i(ii))", &x, &y, &z, &z));
    Py_DECREF(a);
    XYZ("ii 1 arg", Py_BuildValue("(i)", 1), "ii");
    XYZ("ii:f 1 arg", Py_BuildValue("(i)", 1), "ii:f");
    XYZ("ii;message 1 arg", Py_BuildValue("(i)", 1), "ii;custom message");
    XYZ("i 0 args", Py_BuildValue("()"), "i");
    XYZ("i:f 2 args", Py_BuildValue("(ii)", 1, 2), "i:f");
    XYZ("i|i 0 args", Py_BuildValue("()"), "i|i");
    XYZ("i|i 3 args", Py_BuildValue("(iii)", 1, 2, 3), "i|i");
    XYZ("ii|i:f 1 arg", Py_BuildValue("(i)", 1), "ii|i:f");
    XYZ("|i 2 args", Py_BuildValue("(ii)", 1, 2), "|i");
    XYZ("|i:f 2 args", Py_BuildValue("(ii)", 1, 2), "|i:f");
    XYZ("|ii 3 args", Py_BuildValue("(iii)", 1, 2, 3), "|ii");
    XYZ("\"\" 0 args", Py_BuildValue("()"), "");
    XYZ("\"\" 1 arg", Py_BuildValue("(i)", 1), "");
    XYZ("\":f\" 1 arg", Py_BuildValue("(i)", 1), ":f");
}

static void keywords(void)
{
    static char *kwlist[] = {"a", "b", "c", NULL};
    static char *kwonly[] = {"a", "b", NULL};
    static char *posonly[] = {"", "b", NULL};
    PyObject *a, *k;
    int x, y;
    const char *s;

#define KW(label, build_a, build_k)                                        \
    x = y = -1; s = "default";                                             \
    a = build_a; k = build_k;                                              \
    if (ok(label, PyArg_ParseTupleAndKeywords(a, k, "i|is:f", kwlist,      \
                                              &x, &y, &s)))                \
        printf(" %d %d %s\n", x, y, s);                                    \
    Py_DECREF(a); Py_XDECREF(k);

    KW("kw positional", Py_BuildValue("(iis)", 1, 2, "z"), Py_BuildValue("{}"));
    KW("kw keywords", Py_BuildValue("()"), Py_BuildValue("{s:i,s:s}", "a", 1, "c", "z"));
    KW("kw mixed", Py_BuildValue("(i)", 1), Py_BuildValue("{s:i}", "b", 5));
    KW("kw NULL kwargs", Py_BuildValue("(i)", 1), NULL);
    KW("kw unknown", Py_BuildValue("()"), Py_BuildValue("{s:i,s:i}", "a", 1, "x", 2));
    KW("kw pos and kw", Py_BuildValue("(i)", 1), Py_BuildValue("{s:i}", "a", 2));
    KW("kw pos and kw b", Py_BuildValue("(ii)", 1, 2), Py_BuildValue("{s:i}", "b", 3));
    KW("kw missing a", Py_BuildValue("()"), Py_BuildValue("{s:i}", "b", 2));
    KW("kw nothing", Py_BuildValue("()"), NULL);
    KW("kw int key", Py_BuildValue("(i)", 1), Py_BuildValue("{i:i}", 1, 2));
    KW("kw bad value", Py_BuildValue("()"), Py_BuildValue("{s:s}", "a", "s"));
    KW("kw bad pos value", Py_BuildValue("(s)", "s"), NULL);
    KW("kw c int", Py_BuildValue("(i)", 1), Py_BuildValue("{s:i}", "c", 5));
    KW("kw c int pos", Py_BuildValue("(iii)", 1, 2, 5), NULL);
    KW("kw 4 positional", Py_BuildValue("(iisi)", 1, 2, "z", 4), NULL);
    KW("kw 3 pos + kw", Py_BuildValue("(iis)", 1, 2, "z"), Py_BuildValue("{s:i}", "b", 3));
    KW("kw 1 pos + 3 kw", Py_BuildValue("(i)", 1),
       Py_BuildValue("{s:i,s:s,s:i}", "b", 2, "c", "z", "d", 4));
    KW("kw 0 pos + 4 kw", Py_BuildValue("()"),
       Py_BuildValue("{s:i,s:i,s:s,s:i}", "a", 1, "b", 2, "c", "z", "d", 4));

#define KW2(label, fmt, list, build_a, build_k)                            \
    x = y = -1;                                                            \
    a = build_a; k = build_k;                                              \
    if (ok(label, PyArg_ParseTupleAndKeywords(a, k, fmt, list, &x, &y)))   \
        printf(" %d %d\n", x, y);                                          \
    Py_DECREF(a); Py_XDECREF(k);

    KW2("$ kw", "i|$i:f", kwonly, Py_BuildValue("(i)", 1), Py_BuildValue("{s:i}", "b", 2));
    KW2("$ 2 pos", "i|$i:f", kwonly, Py_BuildValue("(ii)", 1, 2), NULL);
    KW2("$ 2 pos no name", "i|$i", kwonly, Py_BuildValue("(ii)", 1, 2), NULL);
    KW2("$ a by kw", "i|$i:f", kwonly, Py_BuildValue("()"), Py_BuildValue("{s:i}", "a", 1));
    KW2("posonly", "i|i:f", posonly, Py_BuildValue("(i)", 1), Py_BuildValue("{s:i}", "b", 2));
    KW2("posonly 2 pos", "i|i:f", posonly, Py_BuildValue("(ii)", 1, 2), NULL);
    KW2("posonly missing", "i|i:f", posonly, Py_BuildValue("()"), Py_BuildValue("{s:i}", "b", 2));
    KW2("posonly by kw ''", "i|i:f", posonly, Py_BuildValue("()"), Py_BuildValue("{s:i}", "", 1));
    KW2("posonly pos + kw ''", "i|i:f", posonly, Py_BuildValue("(i)", 1),
        Py_BuildValue("{s:i}", "", 1));
    KW2("posonly no name", "i|i", posonly, Py_BuildValue("()"), Py_BuildValue("{s:i}", "b", 2));

    x = y = -1;
    a = Py_BuildValue("(i)", 7);
    k = Py_BuildValue("{s:i}", "b", 8);
    if (ok("va kw", va_parse_kw(a, k, "i|i:f", kwonly, &x, &y)))
        printf(" %d %d\n", x, y);
    Py_DECREF(k);
    k = Py_BuildValue("{s:i}", "z", 8);
    ok("va kw unknown", va_parse_kw(a, k, "i|i:f", kwonly, &x, &y));
    Py_DECREF(k);
    Py_DECREF(a);
}

static void unpack(void)
{
    PyObject *a, *o1, *o2, *o3;

#define UNPACK(label, build, name, min, max)                               \
    o1 = o2 = o3 = NULL;                                                   \
    a = build;                                                             \
    if (ok(label, PyArg_UnpackTuple(a, name, min, max, &o1, &o2, &o3))) {  \
        rep(o1); rep(o2); rep(o3); fputc('\n', stdout);                        \
    }                                                                      \
    Py_DECREF(a);

    UNPACK("unpack 2 of 2..3", Py_BuildValue("(is)", 1, "x"), "name", 2, 3);
    UNPACK("unpack 3 of 2..3", Py_BuildValue("(isi)", 1, "x", 3), "name", 2, 3);
    UNPACK("unpack 1 of 2..3", Py_BuildValue("(i)", 1), "name", 2, 3);
    UNPACK("unpack 4 of 2..3", Py_BuildValue("(iiii)", 1, 2, 3, 4), "name", 2, 3);
    UNPACK("unpack 3 of 2..2", Py_BuildValue("(iii)", 1, 2, 3), "name", 2, 2);
    UNPACK("unpack 0 of 1..1", Py_BuildValue("()"), "name", 1, 1);
    UNPACK("unpack 0 of 1..3", Py_BuildValue("()"), "name", 1, 3);
    UNPACK("unpack 2 of 0..1", Py_BuildValue("(ii)", 1, 2), "name", 0, 1);
    UNPACK("unpack non-tuple", Py_BuildValue("[ii]", 1, 2), "name", 2, 3);
}

static void parse_single(void)
{
    PyObject *a;
    int x, y;

    a = PyLong_FromLong(5);
    x = -1;
    if (ok("Parse i 5", PyArg_Parse(a, "i", &x))) printf(" %d\n", x);
    ok("Parse (ii) 5", PyArg_Parse(a, "(ii)", &x, &y));
    ok("Parse S 5", PyArg_Parse(a, "S", &x));
    Py_DECREF(a);

    a = PyUnicode_FromString("s");
    ok("Parse i 's'", PyArg_Parse(a, "i", &x));
    Py_DECREF(a);

    a = Py_BuildValue("(ii)", 3, 4);
    x = y = -1;
    if (ok("Parse (ii) (3,4)", PyArg_Parse(a, "(ii)", &x, &y))) printf(" %d %d\n", x, y);
    Py_DECREF(a);

    a = Py_BuildValue("(iii)", 3, 4, 5);
    ok("Parse (ii) (3,4,5)", PyArg_Parse(a, "(ii)", &x, &y));
    Py_DECREF(a);

    a = Py_BuildValue("(ii)", 1, 2);
    x = y = -1;
    if (ok("VaParse ii", va_parse(a, "ii", &x, &y))) printf(" %d %d\n", x, y);
    ok("VaParse i:va", va_parse(a, "i:va", &x));
    Py_DECREF(a);

    /* a list where the argument tuple belongs: an internal error, and the
       result is still 0 (C code tests it with `if (!PyArg_...)`) */
    a = Py_BuildValue("[i]", 1);
    ok("ParseTuple(list) return value is 0", PyArg_ParseTuple(a, "i", &x) == 0);
    PyErr_Clear();
    Py_DECREF(a);
}

int main(void)
{
    Py_Initialize();
    integers();
    chars_floats_bools();
    objects();
    strings();
    structure();
    keywords();
    unpack();
    parse_single();
    return ctest_finish();
}
