/*
 * builtins_rest.c -- the rest of the builtin functions that need no frame
 * (abs, all, any, bin, oct, hex, chr, ord, divmod, pow, round, sum, min,
 * max, sorted and list.sort, dir, vars, __import__) and the builtin
 * iterator types (enumerate, zip, map, filter, reversed and
 * list_reverseiterator): results, __reduce__, __length_hint__, and
 * CPython's argument errors.
 */
#include "ctest.h"
#include <math.h>
#include <stddef.h>

static PyObject *B = NULL;

/* builtins.NAME(*args, **kw); steals args and kw (kw may be NULL). */
static PyObject *call_kw(const char *name, PyObject *args, PyObject *kw)
{
    PyObject *f = PyObject_GetAttrString(B, name), *r = NULL;
    if (f && args)
        r = PyObject_Call(f, args, kw);
    Py_XDECREF(f);
    Py_XDECREF(args);
    Py_XDECREF(kw);
    return r;
}

static PyObject *call(const char *name, const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    return call_kw(name, args, NULL);
}

typedef struct {
    PyObject_HEAD
    PyObject *dict;
} CObject;
static PyMemberDef c_members[] = {
    {"__dictoffset__", Py_T_PYSSIZET, offsetof(CObject, dict), Py_READONLY},
    {NULL},
};
static PyGetSetDef c_getset[] = {
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, NULL, NULL},
    {NULL},
};
static PyType_Slot c_slots[] = {{Py_tp_members, c_members}, {Py_tp_getset, c_getset}, {0, NULL}};
static PyType_Spec c_spec = {"probe.C", sizeof(CObject), 0, Py_TPFLAGS_DEFAULT, c_slots};

static PyObject *b(const char *name) { return PyObject_GetAttrString(B, name); }

/* list(o), stealing o. */
static PyObject *L(PyObject *o)
{
    if (!o)
        return NULL;
    PyObject *r = PySequence_List(o);
    Py_DECREF(o);
    return r;
}

static void show_type(const char *label, PyObject *o)
{
    show_cstr(label, o ? Py_TYPE(o)->tp_name : NULL);
    Py_XDECREF(o);
}

int main(void)
{
    Py_Initialize();
    B = PyImport_ImportModule("builtins");
    PyObject *big = PyLong_FromString("1180591620717411303424", NULL, 10); /* 2**70 */

    puts("-- abs, all, any");
    show_new("abs(-3)", call("abs", "(i)", -3));
    show_new("abs(-2.5)", call("abs", "(d)", -2.5));
    show_new("abs(True)", call("abs", "(O)", Py_True));
    show_new("abs('a')", call("abs", "(s)", "a"));
    show_new("abs()", call("abs", "()"));
    show_new("abs(1, 2)", call("abs", "(ii)", 1, 2));
    show_new("all([1, 0])", call("all", "([ii])", 1, 0));
    show_new("all([])", call("all", "([])"));
    show_new("all(1)", call("all", "(i)", 1));
    show_new("any([0, 1])", call("any", "([ii])", 0, 1));
    show_new("any('')", call("any", "(s)", ""));
    show_new("any()", call("any", "()"));

    puts("-- bin, oct, hex, chr, ord");
    show_new("bin(5)", call("bin", "(i)", 5));
    show_new("bin(-5)", call("bin", "(i)", -5));
    show_new("bin(1.5)", call("bin", "(d)", 1.5));
    show_new("oct(8)", call("oct", "(i)", 8));
    show_new("hex(255)", call("hex", "(i)", 255));
    show_new("hex(-2**70)", call("hex", "(N)", PyNumber_Negative(big)));
    show_new("hex(True)", call("hex", "(O)", Py_True));
    show_new("chr(65)", call("chr", "(i)", 65));
    show_new("chr(0x1f40d)", call("chr", "(i)", 0x1f40d));
    show_new("chr(0xdc80)", call("ascii", "(N)", call("chr", "(i)", 0xdc80)));
    show_new("chr(-1)", call("chr", "(i)", -1));
    show_new("chr(0x110000)", call("chr", "(i)", 0x110000));
    show_new("chr('a')", call("chr", "(s)", "a"));
    show_new("chr(2**70)", call("chr", "(O)", big));
    show_new("chr(True)", call("chr", "(O)", Py_True));
    show_new("ord('a')", call("ord", "(s)", "a"));
    show_new("ord('\xe2\x82\xac')", call("ord", "(s)", "\xe2\x82\xac"));
    show_new("ord('ab')", call("ord", "(s)", "ab"));
    show_new("ord('')", call("ord", "(s)", ""));
    show_new("ord(b'a')", call("ord", "(y)", "a"));
    show_new("ord(b'')", call("ord", "(y)", ""));
    show_new("ord(bytearray(b'z'))", call("ord", "(N)", PyByteArray_FromStringAndSize("z", 1)));
    show_new("ord(1)", call("ord", "(i)", 1));

    puts("-- divmod, pow, round");
    show_new("divmod(7, 2)", call("divmod", "(ii)", 7, 2));
    show_new("divmod(-7, 2)", call("divmod", "(ii)", -7, 2));
    show_new("divmod(7.5, 2)", call("divmod", "(di)", 7.5, 2));
    show_new("divmod(7, 0)", call("divmod", "(ii)", 7, 0));
    show_new("divmod('a', 1)", call("divmod", "(si)", "a", 1));
    show_new("divmod(1)", call("divmod", "(i)", 1));
    show_new("pow(2, 10)", call("pow", "(ii)", 2, 10));
    show_new("pow(2, 10, 7)", call("pow", "(iii)", 2, 10, 7));
    show_new("pow(2, -1, 7)", call("pow", "(iii)", 2, -1, 7));
    show_new("pow(2, -1)", call("pow", "(ii)", 2, -1));
    show_new("pow(2, 3, None)", call("pow", "(iiO)", 2, 3, Py_None));
    show_new("pow(2.0, 3, 4)", call("pow", "(dii)", 2.0, 3, 4));
    show_new("pow(2, 3, 0)", call("pow", "(iii)", 2, 3, 0));
    show_new("pow('a', 2)", call("pow", "(si)", "a", 2));
    show_new("pow(base=2, exp=3)", call_kw("pow", PyTuple_New(0), Py_BuildValue("{sisi}", "base", 2, "exp", 3)));
    show_new("pow(2, exp=3, mod=5)", call_kw("pow", Py_BuildValue("(i)", 2), Py_BuildValue("{sisi}", "exp", 3, "mod", 5)));
    show_new("pow()", call("pow", "()"));
    show_new("pow(1, 2, 3, 4)", call("pow", "(iiii)", 1, 2, 3, 4));
    double rd[] = {2.5, 3.5, -2.5, 0.5, 2.675, 1234.5678, -0.4, 0.125, 1e300, 5e-324};
    int nd[] = {0, 1, 2, 3, -1, -2, -400, 400};
    for (size_t i = 0; i < sizeof rd / sizeof rd[0]; i++) {
        char label[80];
        snprintf(label, sizeof label, "round(%.17g)", rd[i]);
        show_new(label, call("round", "(d)", rd[i]));
        for (size_t j = 0; j < sizeof nd / sizeof nd[0]; j++) {
            snprintf(label, sizeof label, "round(%.17g, %d)", rd[i], nd[j]);
            show_new(label, call("round", "(di)", rd[i], nd[j]));
        }
    }
    show_new("round(1.5, None)", call("round", "(dO)", 1.5, Py_None));
    show_new("round(inf)", call("round", "(d)", HUGE_VAL));
    show_new("round(inf, 2)", call("round", "(di)", HUGE_VAL, 2));
    show_new("round(nan)", call("round", "(N)", PyFloat_FromString(PyUnicode_FromString("nan"))));
    show_new("round(1.7976931348623157e308, -308)", call("round", "(di)", 1.7976931348623157e308, -308));
    show_new("round(12345, -2)", call("round", "(ii)", 12345, -2));
    show_new("round(12350, -2)", call("round", "(ii)", 12350, -2));
    show_new("round(12250, -2)", call("round", "(ii)", 12250, -2));
    show_new("round(-12250, -2)", call("round", "(ii)", -12250, -2));
    show_new("round(2**70, -20)", call("round", "(Oi)", big, -20));
    show_new("round(7, 2)", call("round", "(ii)", 7, 2));
    show_new("round(True)", call("round", "(O)", Py_True));
    show_new("round(True, -1)", call("round", "(Oi)", Py_True, -1));
    show_new("round(5, 1.5)", call("round", "(id)", 5, 1.5));
    show_new("round(1.5, 'x')", call("round", "(ds)", 1.5, "x"));
    show_new("round(1.5, 2**70)", call("round", "(dO)", 1.5, big));
    show_new("round('a')", call("round", "(s)", "a"));
    show_new("round()", call("round", "()"));
    show_new("round(number=2.5, ndigits=1)", call_kw("round", PyTuple_New(0), Py_BuildValue("{sdsi}", "number", 2.5, "ndigits", 1)));
    show_new("(2.5).__round__(1, 2)", PyObject_CallMethod(PyFloat_FromDouble(2.5), "__round__", "(ii)", 1, 2));
    show_new("(7).__round__(None)", PyObject_CallMethod(PyLong_FromLong(7), "__round__", "(O)", Py_None));

    puts("-- sum");
    show_new("sum([1, 2, 3])", call("sum", "([iii])", 1, 2, 3));
    show_new("sum([1, 2], 10)", call("sum", "([ii]i)", 1, 2, 10));
    show_new("sum([1, 2], start=10)", call_kw("sum", Py_BuildValue("([ii])", 1, 2), Py_BuildValue("{si}", "start", 10)));
    show_new("sum([0.1] * 10)", call("sum", "([dddddddddd])", .1, .1, .1, .1, .1, .1, .1, .1, .1, .1));
    show_new("sum([1, 2.5, 0.1, 2**70])", call("sum", "([iddO])", 1, 2.5, 0.1, big));
    show_new("sum([1e308, 1e308, -1e308])", call("sum", "([ddd])", 1e308, 1e308, -1e308));
    show_new("sum([1e100, 1.0, -1e100, 1])", call("sum", "([dddi])", 1e100, 1.0, -1e100, 1));
    show_new("sum([2**62, 2**62, 2**62])", call("sum", "([LLL])", 1LL << 62, 1LL << 62, 1LL << 62));
    show_new("sum([True, True])", call("sum", "([OO])", Py_True, Py_True));
    show_new("sum([[1], [2]], [])", call("sum", "([[i][i]][])", 1, 2));
    show_new("sum(['a'], '')", call("sum", "([s]s)", "a", ""));
    show_new("sum([b'a'], b'')", call("sum", "([y]y)", "a", ""));
    show_new("sum([], bytearray())", call("sum", "([]N)", PyByteArray_FromStringAndSize("", 0)));
    show_new("sum([1, 'a'])", call("sum", "([is])", 1, "a"));
    show_new("sum(1)", call("sum", "(i)", 1));
    show_new("sum()", call("sum", "()"));
    show_new("sum([], 1, 2)", call("sum", "([]ii)", 1, 2));

    puts("-- min, max");
    show_new("min(3, 1, 2)", call("min", "(iii)", 3, 1, 2));
    show_new("max('abc')", call("max", "(s)", "abc"));
    show_new("max([1, 2], [1, 3])", call("max", "([ii][ii])", 1, 2, 1, 3));
    show_new("min([3, -4, 2], key=abs)", call_kw("min", Py_BuildValue("([iii])", 3, -4, 2), Py_BuildValue("{sN}", "key", b("abs"))));
    show_new("max([3, -4, 2], key=abs)", call_kw("max", Py_BuildValue("([iii])", 3, -4, 2), Py_BuildValue("{sN}", "key", b("abs"))));
    show_new("max(1, -1, key=abs) (first wins)", call_kw("max", Py_BuildValue("(ii)", 1, -1), Py_BuildValue("{sN}", "key", b("abs"))));
    show_new("min([1], key=None)", call_kw("min", Py_BuildValue("([i])", 1), Py_BuildValue("{sO}", "key", Py_None)));
    show_new("min([], default=5)", call_kw("min", Py_BuildValue("([])"), Py_BuildValue("{si}", "default", 5)));
    show_new("min([])", call("min", "([])"));
    show_new("max(())", call("max", "(())"));
    show_new("min(1, 2, default=5)", call_kw("min", Py_BuildValue("(ii)", 1, 2), Py_BuildValue("{si}", "default", 5)));
    show_new("min()", call("min", "()"));
    show_new("max(foo=1)", call_kw("max", PyTuple_New(0), Py_BuildValue("{si}", "foo", 1)));
    show_new("min([3, 1], foo=1)", call_kw("min", Py_BuildValue("([ii])", 3, 1), Py_BuildValue("{si}", "foo", 1)));
    show_new("min(1)", call("min", "(i)", 1));
    show_new("min(1, 'a')", call("min", "(is)", 1, "a"));
    show_new("min([1, 2], key=1)", call_kw("min", Py_BuildValue("([ii])", 1, 2), Py_BuildValue("{si}", "key", 1)));

    puts("-- sorted and list.sort");
    show_new("sorted([3, 1, 2])", call("sorted", "([iii])", 3, 1, 2));
    show_new("sorted('bca')", call("sorted", "(s)", "bca"));
    show_new("sorted([3, -1, -3, 1], key=abs)", call_kw("sorted", Py_BuildValue("([iiii])", 3, -1, -3, 1), Py_BuildValue("{sN}", "key", b("abs"))));
    show_new("sorted([3, -1, -3, 1], key=abs, reverse=True)", call_kw("sorted", Py_BuildValue("([iiii])", 3, -1, -3, 1), Py_BuildValue("{sNsO}", "key", b("abs"), "reverse", Py_True)));
    show_new("sorted([1, 2, 3], reverse='x')", call_kw("sorted", Py_BuildValue("([iii])", 1, 2, 3), Py_BuildValue("{ss}", "reverse", "x")));
    show_new("sorted([1, 'a'])", call("sorted", "([is])", 1, "a"));
    show_new("sorted(['a', 1], key=len)", call_kw("sorted", Py_BuildValue("([si])", "a", 1), Py_BuildValue("{sN}", "key", b("len"))));
    show_new("sorted(1)", call("sorted", "(i)", 1));
    show_new("sorted()", call("sorted", "()"));
    show_new("sorted([3, 1], None)", call("sorted", "([ii]O)", 3, 1, Py_None));
    show_new("sorted(iterable=[1])", call_kw("sorted", PyTuple_New(0), Py_BuildValue("{s[i]}", "iterable", 1)));
    show_new("sorted([1], foo=1)", call_kw("sorted", Py_BuildValue("([i])", 1), Py_BuildValue("{si}", "foo", 1)));
    {
        PyObject *words = Py_BuildValue("[ssssss]", "bb", "a", "ccc", "dd", "e", "fff");
        PyObject *sort = PyObject_GetAttrString(words, "sort"), *kw = Py_BuildValue("{sN}", "key", b("len"));
        show_new("words.sort(key=len)", PyObject_Call(sort, PyTuple_New(0), kw));
        show("  words", words);
        Py_DECREF(kw);
        kw = Py_BuildValue("{sNsi}", "key", b("len"), "reverse", 1);
        show_new("words.sort(key=len, reverse=1)", PyObject_Call(sort, PyTuple_New(0), kw));
        show("  words", words);
        Py_DECREF(kw);
        show_new("words.sort(1)", PyObject_CallFunction(sort, "(i)", 1));
        PyObject *mixed = Py_BuildValue("[isi]", 2, "x", 1);
        show_new("mixed.sort()", PyObject_CallMethod(mixed, "sort", NULL));
        show_new("  len(mixed)", PyLong_FromSsize_t(PyList_Size(mixed)));
        kw = Py_BuildValue("{sN}", "key", b("abs"));
        PyObject *ms = PyObject_GetAttrString(mixed, "sort");
        show_new("mixed.sort(key=abs)", PyObject_Call(ms, PyTuple_New(0), kw));
        show_new("  sorted(mixed, key=str)", call_kw("sorted", Py_BuildValue("(O)", mixed), Py_BuildValue("{sN}", "key", b("str"))));
        /* a key that appends to the list being sorted */
        PyObject *app = PyObject_GetAttrString(words, "append");
        Py_DECREF(kw);
        kw = Py_BuildValue("{sO}", "key", app);
        show_new("words.sort(key=words.append)", PyObject_Call(sort, PyTuple_New(0), kw));
        show("  words", words);
        Py_DECREF(kw);
        Py_DECREF(app);
        Py_DECREF(ms);
        Py_DECREF(mixed);
        Py_DECREF(sort);
        Py_DECREF(words);
    }

    puts("-- dir, vars, __import__");
    {
        PyObject *m = PyModule_New("m");
        PyObject_SetAttrString(m, "zeta", Py_None);
        PyObject_SetAttrString(m, "alpha", Py_None);
        show_new("dir(module)", call("dir", "(O)", m));
        show_new("vars(module) keys", L(PyDict_Keys(call("vars", "(O)", m))));
        Py_DECREF(m);
    }
    {
        PyObject *C = PyType_FromSpec(&c_spec);
        PyObject_SetAttrString(C, "b_attr", Py_None);
        PyObject_SetAttrString(C, "a_attr", Py_None);
        PyObject *inst = C ? PyObject_CallNoArgs(C) : NULL;
        if (inst)
            PyObject_SetAttrString(inst, "inst_attr", Py_None);
        PyObject *d = call("dir", "(O)", inst);
        PyObject *pub = PyList_New(0);
        for (Py_ssize_t i = 0; d && i < PyList_GET_SIZE(d); i++) {
            const char *s = PyUnicode_AsUTF8(PyList_GET_ITEM(d, i));
            if (s[0] != '_' || strcmp(s, "__dict__") == 0 || strcmp(s, "__dir__") == 0 || strcmp(s, "__module__") == 0)
                PyList_Append(pub, PyList_GET_ITEM(d, i));
        }
        show("dir(instance) (some names)", pub);
        Py_XDECREF(d);
        Py_DECREF(pub);
        d = call("dir", "(O)", C);
        show_int("  'b_attr' in dir(C)", d ? PySequence_Contains(d, PyUnicode_FromString("b_attr")) : -1);
        show_int("  '__dir__' in dir(C)", d ? PySequence_Contains(d, PyUnicode_FromString("__dir__")) : -1);
        show_int("  'inst_attr' in dir(C)", d ? PySequence_Contains(d, PyUnicode_FromString("inst_attr")) : -1);
        show_int("  'mro' in dir(C)", d ? PySequence_Contains(d, PyUnicode_FromString("mro")) : -1);
        Py_XDECREF(d);
        show_new("vars(instance)", call("vars", "(O)", inst));
        Py_XDECREF(inst);
        Py_XDECREF(C);
    }
    show_new("vars(1)", call("vars", "(i)", 1));
    show_new("vars(1, 2)", call("vars", "(ii)", 1, 2));
    show_new("vars()", call("vars", "()"));
    show_new("dir()", call("dir", "()"));
    show_new("dir(1, 2)", call("dir", "(ii)", 1, 2));
    show_new("PyObject_Dir(NULL)", PyObject_Dir(NULL));
    {
        PyObject *d = PyObject_Dir(B);
        show_int("'len' in PyObject_Dir(builtins)", d ? PySequence_Contains(d, PyUnicode_FromString("len")) : -1);
        show_int("  sorted", d ? PyObject_RichCompareBool(d, call("sorted", "(O)", d), Py_EQ) : -1);
        Py_XDECREF(d);
    }
    {
        PyObject *s = call("__import__", "(s)", "sys");
        show_int("__import__('sys') is sys", s == PyImport_AddModule("sys"));
        Py_XDECREF(s);
    }
    show_new("__import__(1)", call("__import__", "(i)", 1));
    show_new("__import__('')", call("__import__", "(s)", ""));
    show_new("__import__('sys', level=-1)", call_kw("__import__", Py_BuildValue("(s)", "sys"), Py_BuildValue("{si}", "level", -1)));
    show_new("__import__('sys', level='x')", call_kw("__import__", Py_BuildValue("(s)", "sys"), Py_BuildValue("{ss}", "level", "x")));
    show_new("__import__('no_such_mod_x')", call("__import__", "(s)", "no_such_mod_x"));
    show_new("__import__()", call("__import__", "()"));

    puts("-- enumerate");
    show_new("list(enumerate('ab'))", L(call("enumerate", "(s)", "ab")));
    show_new("list(enumerate('ab', 10))", L(call("enumerate", "(si)", "ab", 10)));
    show_new("list(enumerate('ab', 2**70))", L(call("enumerate", "(sO)", "ab", big)));
    show_new("list(enumerate('ab', 2**63 - 1))", L(call("enumerate", "(sL)", "ab", 0x7fffffffffffffffLL)));
    show_new("list(enumerate('ab', -1))", L(call("enumerate", "(si)", "ab", -1)));
    show_new("list(enumerate(iterable='ab', start=5))", L(call_kw("enumerate", PyTuple_New(0), Py_BuildValue("{sssi}", "iterable", "ab", "start", 5))));
    show_new("list(enumerate(start=5, iterable='ab'))", L(call_kw("enumerate", PyTuple_New(0), Py_BuildValue("{sisS}", "start", 5, "iterable", PyUnicode_FromString("ab")))));
    show_new("list(enumerate('ab', start=True))", L(call_kw("enumerate", Py_BuildValue("(s)", "ab"), Py_BuildValue("{sO}", "start", Py_True))));
    show_new("enumerate()", call("enumerate", "()"));
    show_new("enumerate(1)", call("enumerate", "(i)", 1));
    show_new("enumerate([1], 'a')", call("enumerate", "([i]s)", 1, "a"));
    show_new("enumerate(1, 'a')", call("enumerate", "(is)", 1, "a"));
    show_new("enumerate([1], 1, 2)", call("enumerate", "([i]ii)", 1, 1, 2));
    show_new("enumerate('ab', x=1)", call_kw("enumerate", Py_BuildValue("(s)", "ab"), Py_BuildValue("{si}", "x", 1)));
    show_new("enumerate(x='ab')", call_kw("enumerate", PyTuple_New(0), Py_BuildValue("{ss}", "x", "ab")));
    {
        PyObject *e = call("enumerate", "([ii]i)", 7, 8, 3);
        PyObject *n = PyIter_Next(e);
        Py_XDECREF(n);
        PyObject *r = PyObject_CallMethod(e, "__reduce__", NULL);
        show_int("enumerate.__reduce__()[0] is enumerate", r && PyTuple_GET_ITEM(r, 0) == b("enumerate"));
        show("  [1][1]", r ? PyTuple_GET_ITEM(PyTuple_GET_ITEM(r, 1), 1) : NULL);
        show_new("  list of the iterator", r ? PySequence_List(PyTuple_GET_ITEM(PyTuple_GET_ITEM(r, 1), 0)) : NULL);
        Py_XDECREF(r);
        show_new("  __length_hint__", PyObject_CallMethod(e, "__length_hint__", NULL));
        Py_XDECREF(e);
    }

    puts("-- zip");
    show_new("list(zip())", L(call("zip", "()")));
    show_new("list(zip('ab', 'xyz'))", L(call("zip", "(ss)", "ab", "xyz")));
    show_new("list(zip('ab', 'xy', strict=True))", L(call_kw("zip", Py_BuildValue("(ss)", "ab", "xy"), Py_BuildValue("{sO}", "strict", Py_True))));
    show_new("list(zip('ab', 'xyz', strict=True))", L(call_kw("zip", Py_BuildValue("(ss)", "ab", "xyz"), Py_BuildValue("{sO}", "strict", Py_True))));
    show_new("list(zip('abc', 'xy', strict=True))", L(call_kw("zip", Py_BuildValue("(ss)", "abc", "xy"), Py_BuildValue("{sO}", "strict", Py_True))));
    show_new("list(zip('ab', 'xy', 'pqr', strict=1))", L(call_kw("zip", Py_BuildValue("(sss)", "ab", "xy", "pqr"), Py_BuildValue("{si}", "strict", 1))));
    show_new("list(zip('ab', 'xy', 'p', strict=1))", L(call_kw("zip", Py_BuildValue("(sss)", "ab", "xy", "p"), Py_BuildValue("{si}", "strict", 1))));
    show_new("list(zip('a', strict=0))", L(call_kw("zip", Py_BuildValue("(s)", "a"), Py_BuildValue("{si}", "strict", 0))));
    show_new("zip(1)", call("zip", "(i)", 1));
    show_new("zip('a', 2)", call("zip", "(si)", "a", 2));
    show_new("zip('a', foo=1)", call_kw("zip", Py_BuildValue("(s)", "a"), Py_BuildValue("{si}", "foo", 1)));
    {
        PyObject *z = call_kw("zip", Py_BuildValue("(ss)", "ab", "c"), Py_BuildValue("{sO}", "strict", Py_True));
        PyObject *r = PyObject_CallMethod(z, "__reduce__", NULL);
        show_new("zip(strict=True).__reduce__() length", PyLong_FromSsize_t(r ? PyTuple_GET_SIZE(r) : -1));
        show("  [2]", r ? PyTuple_GET_ITEM(r, 2) : NULL);
        Py_XDECREF(r);
        show_new("  __setstate__(False)", PyObject_CallMethod(z, "__setstate__", "(O)", Py_False));
        show_new("  list after", PySequence_List(z));
        Py_XDECREF(z);
    }

    puts("-- map, filter");
    show_new("list(map(len, ['a', 'bb']))", L(call("map", "(N[ss])", b("len"), "a", "bb")));
    show_new("list(map(pow, [2, 3], [2, 3, 4]))", L(call("map", "(N[ii][iii])", b("pow"), 2, 3, 2, 3, 4)));
    show_new("list(map(len, [1]))", L(call("map", "(N[i])", b("len"), 1)));
    show_new("map()", call("map", "()"));
    show_new("map(len)", call("map", "(N)", b("len")));
    show_new("map(len, 1)", call("map", "(Ni)", b("len"), 1));
    show_new("map(len, [1], x=1)", call_kw("map", Py_BuildValue("(N[i])", b("len"), 1), Py_BuildValue("{si}", "x", 1)));
    {
        PyObject *m = call("map", "(Nss)", b("max"), "ab", "cd");
        PyObject *r = PyObject_CallMethod(m, "__reduce__", NULL);
        show_new("map.__reduce__()[1] length", PyLong_FromSsize_t(r ? PyTuple_GET_SIZE(PyTuple_GET_ITEM(r, 1)) : -1));
        Py_XDECREF(r);
        show_new("  __length_hint__", PyObject_CallMethod(m, "__length_hint__", NULL));
        Py_XDECREF(m);
    }
    show_new("list(filter(None, [0, 1, '', 'a']))", L(call("filter", "(O[iiss])", Py_None, 0, 1, "", "a")));
    show_new("list(filter(bool, [0, 2]))", L(call("filter", "(N[ii])", b("bool"), 0, 2)));
    show_new("list(filter(abs, [0, -2, 3]))", L(call("filter", "(N[iii])", b("abs"), 0, -2, 3)));
    show_new("list(filter(abs, [0, 'x']))", L(call("filter", "(N[is])", b("abs"), 0, "x")));
    show_new("filter()", call("filter", "()"));
    show_new("filter(None)", call("filter", "(O)", Py_None));
    show_new("filter(None, 1)", call("filter", "(Oi)", Py_None, 1));
    show_new("filter(None, [], x=1)", call_kw("filter", Py_BuildValue("(O[])", Py_None), Py_BuildValue("{si}", "x", 1)));
    {
        PyObject *f = call("filter", "(O[i])", Py_None, 1);
        PyObject *r = PyObject_CallMethod(f, "__reduce__", NULL);
        show("filter.__reduce__()[1][0]", r ? PyTuple_GET_ITEM(PyTuple_GET_ITEM(r, 1), 0) : NULL);
        Py_XDECREF(r);
        Py_XDECREF(f);
    }

    puts("-- reversed");
    show_new("list(reversed([1, 2, 3]))", L(call("reversed", "([iii])", 1, 2, 3)));
    show_new("list(reversed('abc'))", L(call("reversed", "(s)", "abc")));
    show_new("list(reversed((1, 2)))", L(call("reversed", "((ii))", 1, 2)));
    show_new("list(reversed(range(3)))", L(call("reversed", "(N)", PyObject_CallFunction(b("range"), "(i)", 3))));
    show_new("list(reversed(b'ab'))", L(call("reversed", "(y)", "ab")));
    show_type("type(reversed('abc'))", call("reversed", "(s)", "abc"));
    show_type("type(reversed([]))", call("reversed", "([])"));
    show_type("type(reversed(()))", call("reversed", "(())"));
    show_new("reversed()", call("reversed", "()"));
    show_new("reversed(1)", call("reversed", "(i)", 1));
    show_new("reversed([1], 2)", call("reversed", "([i]i)", 1, 2));
    show_new("reversed(seq=[1])", call_kw("reversed", PyTuple_New(0), Py_BuildValue("{s[i]}", "seq", 1)));
    {
        PyObject *r = call("reversed", "(s)", "abc");
        show_new("reversed('abc').__length_hint__()", PyObject_CallMethod(r, "__length_hint__", NULL));
        show_new("  __reduce__()", PyObject_CallMethod(r, "__reduce__", NULL));
        show_new("  len()", PyLong_FromSsize_t(PyObject_Size(r)));
        show_new("  list", PySequence_List(r));
        show_new("  __length_hint__() at the end", PyObject_CallMethod(r, "__length_hint__", NULL));
        show_new("  __reduce__() at the end", PyObject_CallMethod(r, "__reduce__", NULL));
        Py_XDECREF(r);
    }
    {
        PyObject *lst = Py_BuildValue("[iii]", 1, 2, 3);
        PyObject *r = call("reversed", "(O)", lst);
        PyObject *n = PyIter_Next(r);
        show_new("next(reversed(lst))", n);
        show_new("  __length_hint__()", PyObject_CallMethod(r, "__length_hint__", NULL));
        PyObject *red = PyObject_CallMethod(r, "__reduce__", NULL);
        show_int("  __reduce__()[0] is reversed", red && PyTuple_GET_ITEM(red, 0) == b("reversed"));
        show("  __reduce__()[1:]", red ? PyTuple_GetSlice(red, 1, 3) : NULL);
        Py_XDECREF(red);
        PyList_SetSlice(lst, 0, 3, NULL);
        show_new("  __length_hint__() after clearing", PyObject_CallMethod(r, "__length_hint__", NULL));
        show_new("  rest", PySequence_List(r));
        red = PyObject_CallMethod(r, "__reduce__", NULL);
        show_int("  __reduce__()[0] at the end is iter", red && PyTuple_GET_ITEM(red, 0) == b("iter"));
        show("  __reduce__()[1]", red ? PyTuple_GET_ITEM(red, 1) : NULL);
        Py_XDECREF(red);
        Py_XDECREF(r);
        show_new("list.__reversed__ result", L(PyObject_CallMethod(lst, "__reversed__", NULL)));
        Py_DECREF(lst);
    }

    Py_DECREF(big);
    Py_DECREF(B);
    return ctest_finish();
}
