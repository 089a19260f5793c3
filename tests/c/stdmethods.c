/*
 * stdmethods.c -- the builtin types' everyday methods reached through
 * PyObject_VectorcallMethod / PyObject_CallMethod*: str.split, join,
 * startswith, endswith, strip, replace, upper, lower; dict.get, keys,
 * values, items, pop, setdefault, update, copy, clear; list.append, pop,
 * insert, extend; tuple.index, count -- results, in-place effects and
 * CPython's argument errors; the method descriptors called unbound.
 */
#include "ctest.h"

/* obj.name(*args, **kw) through PyObject_VectorcallMethod; args a tuple
   (Py_BuildValue format, may be "()"), kw NULL or a dict; then the object
   itself is shown when show_self is set (in-place methods). */
static void vm(const char *label, PyObject *obj, const char *name, PyObject *args, PyObject *kw,
               int show_self)
{
    PyObject *v[16], *kwnames = NULL, *n = PyUnicode_InternFromString(name);
    Py_ssize_t na = PyTuple_GET_SIZE(args), k = 0, pos = 0;
    PyObject *key, *val;
    v[0] = obj;
    for (Py_ssize_t i = 0; i < na; i++)
        v[1 + i] = PyTuple_GET_ITEM(args, i);
    if (kw != NULL) {
        kwnames = PyTuple_New(PyDict_Size(kw));
        while (PyDict_Next(kw, &pos, &key, &val)) {
            PyTuple_SET_ITEM(kwnames, k, Py_NewRef(key));
            v[1 + na + k] = val;
            k++;
        }
    }
    show_new(label, PyObject_VectorcallMethod(n, v, (size_t)(1 + na), kwnames));
    if (show_self) {
        char l[200];
        snprintf(l, sizeof l, "  %s -> self", label);
        show(l, obj);
    }
    Py_XDECREF(kwnames);
    Py_DECREF(n);
    Py_DECREF(args);
    Py_XDECREF(kw);
}

#define A Py_BuildValue
#define S(s) PyUnicode_FromString(s)

static void strings(void)
{
    PyObject *s;
    s = S("a b  c");
    vm("'a b  c'.split()", s, "split", A("()"), NULL, 0);
    Py_DECREF(s);
    s = S("  a  b  ");
    vm("'  a  b  '.split(maxsplit=1)", s, "split", A("()"), A("{s:i}", "maxsplit", 1), 0);
    vm("'  a  b  '.split(None, 0)", s, "split", A("(Oi)", Py_None, 0), NULL, 0);
    Py_DECREF(s);
    s = S("a,b,,c");
    vm("'a,b,,c'.split(',')", s, "split", A("(s)", ","), NULL, 0);
    vm("'a,b,,c'.split(',', 1)", s, "split", A("(si)", ",", 1), NULL, 0);
    vm("'a,b,,c'.split(sep=',', maxsplit=2)", s, "split", A("()"),
       A("{s:s,s:i}", "sep", ",", "maxsplit", 2), 0);
    vm("split('')", s, "split", A("(s)", ""), NULL, 0);
    vm("split(1)", s, "split", A("(i)", 1), NULL, 0);
    vm("split(',', 'x')", s, "split", A("(ss)", ",", "x"), NULL, 0);
    vm("split(x=1)", s, "split", A("()"), A("{s:i}", "x", 1), 0);
    vm("split(',', 1, 2)", s, "split", A("(sii)", ",", 1, 2), NULL, 0);
    vm("split(',', maxsplit=1, sep=',')", s, "split", A("(s)", ","),
       A("{s:i,s:s}", "maxsplit", 1, "sep", ","), 0);
    vm("split(',', sep=',')", s, "split", A("(s)", ","), A("{s:s}", "sep", ","), 0);
    Py_DECREF(s);
    s = S("x\x1cy\xc2\xa0z\xe3\x80\x80w");
    vm("split() on \\x1c, nbsp, ideographic space", s, "split", A("()"), NULL, 0);
    Py_DECREF(s);

    s = S("-");
    vm("'-'.join(['a','b'])", s, "join", A("([ss])", "a", "b"), NULL, 0);
    vm("'-'.join([1])", s, "join", A("([i])", 1), NULL, 0);
    vm("'-'.join(5)", s, "join", A("(i)", 5), NULL, 0);
    vm("'-'.join()", s, "join", A("()"), NULL, 0);
    vm("'-'.join('abc')", s, "join", A("(s)", "abc"), NULL, 0);
    vm("'-'.join({'k':1})", s, "join", A("({s:i})", "k", 1), NULL, 0);
    vm("'-'.join(x=1)", s, "join", A("()"), A("{s:i}", "x", 1), 0);
    Py_DECREF(s);

    s = S("abc");
    vm("startswith('a')", s, "startswith", A("(s)", "a"), NULL, 0);
    vm("startswith(('x','ab'))", s, "startswith", A("((ss))", "x", "ab"), NULL, 0);
    vm("startswith('b', 1)", s, "startswith", A("(si)", "b", 1), NULL, 0);
    vm("startswith('c', 0, 2)", s, "startswith", A("(sii)", "c", 0, 2), NULL, 0);
    vm("startswith('', 5)", s, "startswith", A("(si)", "", 5), NULL, 0);
    vm("startswith('', 3)", s, "startswith", A("(si)", "", 3), NULL, 0);
    vm("startswith('a', -3, None)", s, "startswith", A("(siO)", "a", -3, Py_None), NULL, 0);
    vm("startswith(1)", s, "startswith", A("(i)", 1), NULL, 0);
    vm("startswith()", s, "startswith", A("()"), NULL, 0);
    vm("startswith('a', 1, 2, 3)", s, "startswith", A("(siii)", "a", 1, 2, 3), NULL, 0);
    vm("startswith(('x', 1))", s, "startswith", A("((si))", "x", 1), NULL, 0);
    vm("startswith('a', 'x')", s, "startswith", A("(ss)", "a", "x"), NULL, 0);
    vm("startswith(prefix='a')", s, "startswith", A("()"), A("{s:s}", "prefix", "a"), 0);
    vm("endswith('c')", s, "endswith", A("(s)", "c"), NULL, 0);
    vm("endswith(('x','bc'))", s, "endswith", A("((ss))", "x", "bc"), NULL, 0);
    vm("endswith('b', 0, 2)", s, "endswith", A("(sii)", "b", 0, 2), NULL, 0);
    vm("endswith('bc', -2)", s, "endswith", A("(si)", "bc", -2), NULL, 0);
    vm("endswith(5)", s, "endswith", A("(i)", 5), NULL, 0);
    Py_DECREF(s);

    s = S(" \t ab \n ");
    vm("strip()", s, "strip", A("()"), NULL, 0);
    vm("strip(None)", s, "strip", A("(O)", Py_None), NULL, 0);
    vm("strip(1)", s, "strip", A("(i)", 1), NULL, 0);
    vm("strip('a','b')", s, "strip", A("(ss)", "a", "b"), NULL, 0);
    Py_DECREF(s);
    s = S("xxabxyx");
    vm("'xxabxyx'.strip('xy')", s, "strip", A("(s)", "xy"), NULL, 0);
    vm("strip(chars='x')", s, "strip", A("()"), A("{s:s}", "chars", "x"), 0);
    Py_DECREF(s);
    s = S("xxxx");
    vm("'xxxx'.strip('x')", s, "strip", A("(s)", "x"), NULL, 0);
    Py_DECREF(s);

    s = S("aaa");
    vm("replace('a','b')", s, "replace", A("(ss)", "a", "b"), NULL, 0);
    vm("replace('a','b',2)", s, "replace", A("(ssi)", "a", "b", 2), NULL, 0);
    vm("replace('a','b',-1)", s, "replace", A("(ssi)", "a", "b", -1), NULL, 0);
    vm("replace('','-')", s, "replace", A("(ss)", "", "-"), NULL, 0);
    vm("replace('','-', 2)", s, "replace", A("(ssi)", "", "-", 2), NULL, 0);
    vm("replace('aa','b')", s, "replace", A("(ss)", "aa", "b"), NULL, 0);
    vm("replace('a')", s, "replace", A("(s)", "a"), NULL, 0);
    vm("replace(1,'b')", s, "replace", A("(is)", 1, "b"), NULL, 0);
    vm("replace('a', 2)", s, "replace", A("(si)", "a", 2), NULL, 0);
    vm("replace('a','b','x')", s, "replace", A("(sss)", "a", "b", "x"), NULL, 0);
    vm("replace('a','b',count=1)", s, "replace", A("(ss)", "a", "b"), A("{s:i}", "count", 1), 0);
    Py_DECREF(s);

    s = S("aBc \xc3\x84\xc3\x96 \xc3\x9f \xce\xa3");
    vm("upper()", s, "upper", A("()"), NULL, 0);
    vm("lower()", s, "lower", A("()"), NULL, 0);
    vm("upper(1)", s, "upper", A("(i)", 1), NULL, 0);
    Py_DECREF(s);
}

static void dicts(void)
{
    PyObject *d = A("{s:i,s:i}", "a", 1, "b", 2), *v, *e;
    vm("get('a')", d, "get", A("(s)", "a"), NULL, 0);
    vm("get('z')", d, "get", A("(s)", "z"), NULL, 0);
    vm("get('z', 5)", d, "get", A("(si)", "z", 5), NULL, 0);
    vm("get()", d, "get", A("()"), NULL, 0);
    vm("get(1,2,3)", d, "get", A("(iii)", 1, 2, 3), NULL, 0);
    vm("get([])", d, "get", A("([])"), NULL, 0);
    vm("get(key=1)", d, "get", A("()"), A("{s:i}", "key", 1), 0);
    vm("keys()", d, "keys", A("()"), NULL, 0);
    vm("values()", d, "values", A("()"), NULL, 0);
    vm("items()", d, "items", A("()"), NULL, 0);
    vm("keys(1)", d, "keys", A("(i)", 1), NULL, 0);
    v = PyObject_CallMethod(d, "items", NULL);
    show_int("len(d.items())", PyObject_Size(v));
    e = PyUnicode_FromString(", ");
    show_new("', '.join(d.keys())", PyUnicode_Join(e, PyObject_CallMethod(d, "keys", NULL)));
    Py_DECREF(e);
    {
        PyObject *l = PyList_New(0);
        Py_XDECREF(PyObject_CallMethod(l, "extend", "O", v));
        show_new("[].extend(d.items())", l);
    }
    Py_DECREF(v);
    vm("setdefault('a', 5)", d, "setdefault", A("(si)", "a", 5), NULL, 1);
    vm("setdefault('c', 3)", d, "setdefault", A("(si)", "c", 3), NULL, 1);
    vm("setdefault('n')", d, "setdefault", A("(s)", "n"), NULL, 1);
    vm("setdefault()", d, "setdefault", A("()"), NULL, 0);
    vm("pop('n')", d, "pop", A("(s)", "n"), NULL, 1);
    vm("pop('zz')", d, "pop", A("(s)", "zz"), NULL, 0);
    vm("pop('zz', 9)", d, "pop", A("(si)", "zz", 9), NULL, 0);
    vm("pop()", d, "pop", A("()"), NULL, 0);
    vm("pop([])", d, "pop", A("([])"), NULL, 0);
    vm("update({'x':1}, y=2)", d, "update", A("({s:i})", "x", 1), A("{s:i}", "y", 2), 1);
    vm("update([('p', 0)])", d, "update", A("([(si)])", "p", 0), NULL, 1);
    vm("update()", d, "update", A("()"), NULL, 1);
    vm("update(1)", d, "update", A("(i)", 1), NULL, 0);
    vm("update([1])", d, "update", A("([i])", 1), NULL, 0);
    vm("update({}, {})", d, "update", A("({}{})"), NULL, 0);
    vm("update([('q',1,2)])", d, "update", A("([(sii)])", "q", 1, 2), NULL, 0);
    vm("copy()", d, "copy", A("()"), NULL, 0);
    vm("copy(1)", d, "copy", A("(i)", 1), NULL, 0);
    vm("clear()", d, "clear", A("()"), NULL, 1);
    vm("keys() of empty", d, "keys", A("()"), NULL, 0);
    Py_DECREF(d);
}

static void lists_and_tuples(void)
{
    PyObject *l = A("[i]", 1), *t;
    vm("append(2)", l, "append", A("(i)", 2), NULL, 1);
    vm("append()", l, "append", A("()"), NULL, 0);
    vm("append(1,2)", l, "append", A("(ii)", 1, 2), NULL, 0);
    vm("insert(0, 'x')", l, "insert", A("(is)", 0, "x"), NULL, 1);
    vm("insert(10, 'y')", l, "insert", A("(is)", 10, "y"), NULL, 1);
    vm("insert(-10, 'z')", l, "insert", A("(is)", -10, "z"), NULL, 1);
    vm("insert(1)", l, "insert", A("(i)", 1), NULL, 0);
    vm("insert('a', 1)", l, "insert", A("(si)", "a", 1), NULL, 0);
    vm("extend([7, 8])", l, "extend", A("([ii])", 7, 8), NULL, 1);
    vm("extend('ab')", l, "extend", A("(s)", "ab"), NULL, 1);
    vm("extend(5)", l, "extend", A("(i)", 5), NULL, 0);
    vm("pop()", l, "pop", A("()"), NULL, 1);
    vm("pop(0)", l, "pop", A("(i)", 0), NULL, 1);
    vm("pop(-2)", l, "pop", A("(i)", -2), NULL, 1);
    vm("pop(50)", l, "pop", A("(i)", 50), NULL, 0);
    vm("pop('x')", l, "pop", A("(s)", "x"), NULL, 0);
    vm("pop(1, 2)", l, "pop", A("(ii)", 1, 2), NULL, 0);
    {
        PyObject *args = PyTuple_Pack(1, l);
        vm("extend(self)", l, "extend", args, NULL, 1);
    }
    Py_DECREF(l);
    l = PyList_New(0);
    vm("[].pop()", l, "pop", A("()"), NULL, 0);
    Py_DECREF(l);

    t = A("(iiii)", 1, 2, 3, 2);
    vm("index(2)", t, "index", A("(i)", 2), NULL, 0);
    vm("index(2, 2)", t, "index", A("(ii)", 2, 2), NULL, 0);
    vm("index(2, -1)", t, "index", A("(ii)", 2, -1), NULL, 0);
    vm("index(9)", t, "index", A("(i)", 9), NULL, 0);
    vm("index(3, 0, 2)", t, "index", A("(iii)", 3, 0, 2), NULL, 0);
    vm("index(1, 0, -3)", t, "index", A("(iii)", 1, 0, -3), NULL, 0);
    vm("index()", t, "index", A("()"), NULL, 0);
    vm("index(1, 'a')", t, "index", A("(is)", 1, "a"), NULL, 0);
    vm("index(1, None)", t, "index", A("(iO)", 1, Py_None), NULL, 0);
    vm("count(2)", t, "count", A("(i)", 2), NULL, 0);
    vm("count()", t, "count", A("()"), NULL, 0);
    vm("count(1, 2)", t, "count", A("(ii)", 1, 2), NULL, 0);
    Py_DECREF(t);
}

static void descriptors(void)
{
    PyObject *up = PyObject_GetAttrString((PyObject *)&PyUnicode_Type, "upper");
    PyObject *s = S("ab"), *v[2];
    show("str.upper", up);
    v[0] = s;
    show_new("str.upper('ab')", PyObject_Vectorcall(up, v, 1, NULL));
    show_new("str.upper()", PyObject_Vectorcall(up, NULL, 0, NULL));
    v[0] = PyLong_FromLong(1);
    show_new("str.upper(1)", PyObject_Vectorcall(up, v, 1, NULL));
    Py_DECREF(v[0]);
    Py_DECREF(up);
    up = PyObject_GetAttrString(s, "upper");
    show_new("'ab'.upper.__qualname__", PyObject_GetAttrString(up, "__qualname__"));
    show_new("bound 'ab'.upper()", PyObject_CallNoArgs(up));
    Py_DECREF(up);
    Py_DECREF(s);
    show_new("CallMethod(list, 'append')",
             PyObject_CallMethod((PyObject *)&PyList_Type, "append", "Oi", PyList_New(0), 1));
    {
        PyObject *app = PyObject_GetAttrString((PyObject *)&PyList_Type, "append");
        PyObject *l = PyList_New(0), *w[3] = {l, Py_None, Py_None};
        show_new("list.append([], None, None)", PyObject_Vectorcall(app, w, 3, NULL));
        Py_DECREF(l);
        Py_DECREF(app);
    }
    {
        PyObject *d = PyDict_New();
        show_new("CallMethod(d, 'get', 's', 'k')", PyObject_CallMethod(d, "get", "s", "k"));
        show_new("CallMethodObjArgs(d, 'setdefault', k, v)",
                 PyObject_CallMethodObjArgs(d, PyUnicode_InternFromString("setdefault"), S("k"),
                                            S("v"), NULL));
        show("d", d);
        Py_DECREF(d);
    }
}

int main(void)
{
    Py_Initialize();
    strings();
    dicts();
    lists_and_tuples();
    descriptors();
    return ctest_finish();
}
