/*
 * set.c -- set and frozenset: the PySet_* C API with its errors, the
 * PySetObject layout (used, fill, mask, the small table), iteration and
 * repr order of int and str sets (PYTHONHASHSEED=0), frozenset hashes,
 * the Python-level methods, operators and comparisons, the iterator,
 * frozenset constants from the compiler and marshal data of sets.
 */
#include "ctest.h"

#include <stdlib.h>

static PyObject *globals;

/* Runs `src` as a module body in the shared globals, then shows `r`. */
static void run(const char *label, const char *src)
{
    PyObject *res = PyRun_String(src, Py_file_input, globals, globals);
    if (res == NULL) {
        show_exc(label);
        return;
    }
    Py_DECREF(res);
    show(label, PyDict_GetItemString(globals, "r"));
}

/* Evaluates an expression in the shared globals. */
static void ev(const char *label, const char *src)
{
    show_new(label, PyRun_String(src, Py_eval_input, globals, globals));
}

static PyObject *int_list(const long *v, int n)
{
    PyObject *l = PyList_New(n);
    for (int i = 0; i < n; i++) {
        PyList_SET_ITEM(l, i, PyLong_FromLong(v[i]));
    }
    return l;
}

static void show_layout(const char *label, PyObject *s)
{
    PySetObject *so = (PySetObject *)s;
    printf("%s: used=%zd fill=%zd mask=%zd small=%d GET_SIZE=%zd\n", label, so->used, so->fill,
           so->mask, so->table == so->smalltable, PySet_GET_SIZE(s));
}

static void c_api(void)
{
    PyObject *s = PySet_New(NULL);
    show("New(NULL)", s);
    show_layout("empty layout", s);
    show_int("Size", PySet_Size(s));
    PyObject *one = PyLong_FromLong(1), *two = PyLong_FromLong(2);
    show_int("Add(1)", PySet_Add(s, one));
    show_int("Add(1) again", PySet_Add(s, one));
    show_int("Add(2)", PySet_Add(s, two));
    show("after adds", s);
    PyObject *lst = PyList_New(0);
    show_int("Add(list)", PySet_Add(s, lst));
    show_int("Contains(1)", PySet_Contains(s, one));
    show_int("Contains(list)", PySet_Contains(s, lst));
    PyObject *inner = PySet_New(NULL);
    show_int("Contains(set) no frozenset retry", PySet_Contains(s, inner));
    show_int("Discard(2)", PySet_Discard(s, two));
    show_int("Discard(2) again", PySet_Discard(s, two));
    show_int("Discard(list)", PySet_Discard(s, lst));
    show_layout("after discard", s);
    show_new("Pop", PySet_Pop(s));
    show_new("Pop empty", PySet_Pop(s));
    show_int("Clear", PySet_Clear(s));
    show_int("Size(list)", PySet_Size(lst));
    show_int("Add(list, 1)", PySet_Add(lst, one));
    show_int("Contains(list, 1)", PySet_Contains(lst, one));
    show_int("Discard(list, 1)", PySet_Discard(lst, one));
    show_new("Pop(list)", PySet_Pop(lst));
    show_int("Clear(list)", PySet_Clear(lst));

    long v[] = {3, 1, 2};
    PyObject *l = int_list(v, 3);
    PyObject *f = PyFrozenSet_New(l);
    show("FrozenSet_New(list)", f);
    show_int("Size(frozenset)", PySet_Size(f));
    show_int("Contains(frozenset, 1)", PySet_Contains(f, one));
    show_int("Add(frozenset) shared", (Py_INCREF(f), PySet_Add(f, two)));
    Py_DECREF(f);
    PyObject *forty = PyLong_FromLong(40);
    show_int("Add(frozenset) refcount 1", PySet_Add(f, forty));
    Py_DECREF(forty);
    show("frozenset after Add", f);
    show_int("Discard(frozenset)", PySet_Discard(f, one));
    show_new("Pop(frozenset)", PySet_Pop(f));
    show_int("Clear(frozenset)", PySet_Clear(f));
    show_new("New(int)", PySet_New(one));
    show_new("FrozenSet_New(int)", PyFrozenSet_New(one));
    PyObject *abca = PyUnicode_FromString("abca");
    show_new("New(str)", PySet_New(abca));
    Py_DECREF(abca);

    printf("checks set: %d %d %d %d %d %d\n", PySet_Check(s), PySet_CheckExact(s),
           PyFrozenSet_Check(s), PyFrozenSet_CheckExact(s), PyAnySet_Check(s),
           PyAnySet_CheckExact(s));
    printf("checks frozenset: %d %d %d %d %d %d\n", PySet_Check(f), PySet_CheckExact(f),
           PyFrozenSet_Check(f), PyFrozenSet_CheckExact(f), PyAnySet_Check(f),
           PyAnySet_CheckExact(f));
    printf("checks list: %d %d %d\n", PySet_Check(lst), PyFrozenSet_Check(lst), PyAnySet_Check(lst));
    show_str_new("type names", PyUnicode_FromFormat("%s %s %s", PySet_Type.tp_name,
                                                PyFrozenSet_Type.tp_name, PySetIter_Type.tp_name));

    /* _PySet_NextEntry: table order, hashes of ints are the ints. */
    long w[] = {100, 7, 8, 16, -1, 9, 0};
    PyObject *wl = int_list(w, 7);
    PyObject *ws = PySet_New(wl);
    Py_ssize_t pos = 0;
    PyObject *key;
    Py_hash_t hash;
    printf("NextEntry:");
    while (_PySet_NextEntry(ws, &pos, &key, &hash)) {
        printf(" %ld/%ld@%zd", PyLong_AsLong(key), (long)hash, pos);
    }
    printf("\n");
    show_int("NextEntry(list)", _PySet_NextEntry(lst, &pos, &key, &hash));
    show_layout("7 ints layout", ws);
    show("7 ints", ws);

    Py_DECREF(wl);
    Py_DECREF(ws);
    Py_DECREF(l);
    Py_DECREF(f);
    Py_DECREF(inner);
    Py_DECREF(lst);
    Py_DECREF(one);
    Py_DECREF(two);
    Py_DECREF(s);
}

static void order(void)
{
    long a[] = {5, 3, 100, 8, 13, -1, 0, 1024, 7, 64};
    PyObject *l = int_list(a, 10);
    PyObject *s = PySet_New(l);
    show("ints", s);
    show_layout("ints layout", s);
    long c[] = {0, 8, 16, 32, 64, 128, 256, 1, 9, 17, 33, 65, 4096, 8192, 40};
    PyObject *cl = int_list(c, 15);
    PyObject *cs = PySet_New(cl);
    show("colliding ints", cs);
    show_layout("colliding layout", cs);
    PyObject *fs = PyFrozenSet_New(cs);
    show("frozenset of it", fs);
    show_layout("frozenset copy layout", fs);
    /* Deletions leave dummies; re-adding reuses them. */
    for (int i = 0; i < 6; i++) {
        PyObject *k = PyLong_FromLong(c[i]);
        PySet_Discard(cs, k);
        Py_DECREF(k);
    }
    show_layout("after 6 discards", cs);
    for (int i = 5; i >= 0; i--) {
        PyObject *k = PyLong_FromLong(c[i] + 1000);
        PySet_Add(cs, k);
        Py_DECREF(k);
    }
    show("re-added", cs);
    show_layout("re-added layout", cs);
    Py_DECREF(l);
    Py_DECREF(s);
    Py_DECREF(cl);
    Py_DECREF(cs);
    Py_DECREF(fs);

    ev("range(20) reversed", "set(range(19, -1, -1))");
    ev("negatives", "set([-5, -3, -8, 2, -1, 1 << 40, -(1 << 40)])");
    ev("strs", "set(['spam', 'eggs', 'ham', 'a', 'b', 'c', 'ab', ''])");
    ev("frozenset strs", "frozenset('the quick brown fox')");
    ev("mixed", "set([1, 1.0, True, 2.5, 'x', None, (1, 2), b'y'])");
    ev("pop order", "[s.pop() for s in [set([30, 1, 9, 17, 4])] for _ in range(5)]");
}

static void hashes(void)
{
    ev("hash frozenset({1, 2})", "hash(frozenset([1, 2]))");
    ev("hash frozenset()", "hash(frozenset())");
    ev("hash frozenset(range(100))", "hash(frozenset(range(100)))");
    ev("hash nested", "hash(frozenset([frozenset([1]), frozenset([2, 3]), frozenset()]))");
    ev("hash negatives", "hash(frozenset([-1, -2, 1 << 62]))");
    ev("equal hashes", "hash(frozenset([1, 2, 3])) == hash(frozenset([3, 2, 1]))");
    ev("hash set", "hash(set())");
    ev("frozenset in set", "frozenset([1]) in set([frozenset([1])])");
    ev("set key converted", "set([1]) in set([frozenset([1])])");
    ev("set key list", "[1] in set([1])");
}

static void methods(void)
{
    ev("union", "set([1, 2]).union([3], (4, 1), frozenset([5]))");
    ev("union none", "set([1, 2]).union()");
    ev("frozenset union type", "type(frozenset([1]).union([2])).__name__");
    ev("intersection", "set(range(10)).intersection([1, 2, 30], range(0, 10, 2))");
    ev("intersection set", "set(range(10)).intersection(set([3, 4, 50]))");
    ev("difference", "set(range(10)).difference([1, 2], set([3]), {4: 0})");
    ev("difference none", "frozenset([1]).difference()");
    ev("symmetric_difference", "set([1, 2, 3]).symmetric_difference([3, 4])");
    ev("issubset", "(set([1]).issubset([1, 2]), set([1, 3]).issubset(set([1])), set().issubset(()))");
    ev("issuperset", "(set([1, 2]).issuperset([1]), set([1]).issuperset(set([1, 2])))");
    ev("isdisjoint", "(set([1]).isdisjoint([2]), set([1]).isdisjoint(set([1, 5])), set().isdisjoint(set()))");
    run("update", "s = set([1])\nr = (s.update([2], (3,)), s)\n");
    run("intersection_update", "s = set([1, 2, 3])\nr = (s.intersection_update([2, 3, 4], [3]), s)\n");
    run("difference_update", "s = set(range(8))\nr = (s.difference_update([1], set([2, 3])), s)\n");
    run("symmetric_difference_update",
        "s = set([1, 2])\nr = (s.symmetric_difference_update([2, 3]), s)\n");
    run("add discard remove",
        "s = set()\ns.add(1)\ns.add(2)\ns.discard(2)\ns.discard(9)\ns.remove(1)\nr = s\n");
    run("remove missing", "set([1]).remove(2)\n");
    run("remove tuple key", "set().remove((1, 2))\n");
    run("remove set key", "s = set([frozenset([1])])\ns.remove(set([1]))\nr = s\n");
    run("discard set key", "s = set([frozenset([1])])\ns.discard(set([1]))\nr = s\n");
    run("remove unhashable", "set().remove([1])\n");
    run("pop empty", "set().pop()\n");
    run("add unhashable", "set().add({})\n");
    run("clear", "s = set([1, 2])\ns.clear()\nr = s\n");
    run("copy", "s = set([1, 2])\nc = s.copy()\nc.add(3)\nr = (s, c, s.copy() is s)\n");
    run("frozenset copy", "f = frozenset([1])\nr = (f.copy() is f, frozenset(f) is f)\n");
    run("add no args", "set().add()\n");
    run("add two args", "set().add(1, 2)\n");
    run("pop with arg", "set().pop(1)\n");
    run("union bad iterable", "set().union(1)\n");
    run("set kwargs", "set(a=1)\n");
    run("set two args", "set([1], [2])\n");
    run("frozenset kwargs", "frozenset(iterable=[1])\n");
    run("frozenset two args", "frozenset(1, 2)\n");
    run("set(int)", "set(5)\n");
    ev("set(dict)", "set({'k': 1, 'j': 2})");
    ev("set(str)", "set('mississippi')");
    ev("reduce", "set([1, 2]).__reduce__()");
    ev("frozenset reduce", "frozenset([3]).__reduce__()");
    ev("sizeof", "(set().__sizeof__(), set(range(5)).__sizeof__(), frozenset(range(100)).__sizeof__())");
    ev("len", "(len(set()), len(set(range(7))), len(frozenset('abcab')))");
    ev("contains", "(1 in set([1]), 2 in frozenset([1]), 2 not in set([1]))");
    ev("bool", "(bool(set()), bool(set([0])))");
    ev("attrs", "[(n, hasattr(set, n), hasattr(frozenset, n)) for n in ('add', 'clear', 'copy', "
       "'difference', 'difference_update', 'discard', 'intersection', 'intersection_update', "
       "'isdisjoint', 'issubset', 'issuperset', 'pop', 'remove', 'symmetric_difference', "
       "'symmetric_difference_update', 'union', 'update', '__contains__', '__reduce__', "
       "'__sizeof__', '__hash__', '__iter__', '__len__')]");
    ev("hash attrs", "(set.__hash__, frozenset.__hash__ is None)");
}

static void operators(void)
{
    ev("or", "set([1, 2]) | set([2, 3])");
    ev("and", "set([1, 2]) & frozenset([2, 3])");
    ev("sub", "set([1, 2]) - set([2, 3])");
    ev("xor", "set([1, 2]) ^ set([2, 3])");
    ev("frozenset or set", "frozenset([1]) | set([2])");
    ev("set or frozenset", "set([1]) | frozenset([2])");
    ev("frozenset ops", "(frozenset([1, 2]) & set([2]), frozenset([1, 2]) - set([2]), frozenset([1]) ^ frozenset([2]))");
    run("or list", "set() | [1]\n");
    run("sub list", "[1] - set()\n");
    run("ior", "s = set([1])\nt = s\ns |= set([2])\nr = (s, t is s)\n");
    run("iand", "s = set([1, 2])\ns &= frozenset([2, 3])\nr = s\n");
    run("isub", "s = set([1, 2])\ns -= set([2])\nr = s\n");
    run("ixor", "s = set([1, 2])\ns ^= set([2, 3])\nr = s\n");
    run("ior list", "s = set()\ns |= [1]\n");
    run("frozenset ior", "f = frozenset([1])\ng = f\nf |= set([2])\nr = (f, g, f is g)\n");
    ev("eq", "(set([1, 2]) == set([2, 1]), set([1]) == frozenset([1]), set([1]) == [1], set() != set())");
    ev("order", "(set([1]) < set([1, 2]), set([1]) <= set([1]), set([1]) < set([1]), set([1, 2]) > set([2]), set([2]) >= set([3]))");
    run("lt list", "set() < [1]\n");
    ev("frozenset eq different hash", "frozenset([1, 2]) == frozenset([1, 3])");
}

/* R: instances repr as repr(globals()['s']) and hash to 1. */
static PyObject *r_repr(PyObject *self)
{
    (void)self;
    return PyObject_Repr(PyDict_GetItemString(globals, "s"));
}

static Py_hash_t r_hash(PyObject *self)
{
    (void)self;
    return 1;
}

static PyObject *make_type(const char *name, PyObject *base, PyType_Slot *slots)
{
    static PyType_Slot none[] = {{0, NULL}};
    PyType_Spec spec = {name, 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, slots ? slots : none};
    PyObject *bases = base ? PyTuple_Pack(1, base) : NULL;
    PyObject *t = PyType_FromSpecWithBases(&spec, bases);
    Py_XDECREF(bases);
    if (t == NULL) {
        show_exc(name);
    }
    return t;
}

static void reprs(void)
{
    ev("empty", "(set(), frozenset())");
    ev("frozenset", "frozenset([1])");
    ev("nested", "set([frozenset([1, 2]), frozenset()])");
    ev("str reprs", "set(['a\\'b', 'c'])");
    PyObject *S = make_type("S", (PyObject *)&PySet_Type, NULL);
    PyObject *F = make_type("F", (PyObject *)&PyFrozenSet_Type, NULL);
    static PyType_Slot rslots[] = {{Py_tp_repr, r_repr}, {Py_tp_hash, r_hash}, {0, NULL}};
    PyObject *R = make_type("R", NULL, rslots);
    PyDict_SetItemString(globals, "S", S);
    PyDict_SetItemString(globals, "F", F);
    PyDict_SetItemString(globals, "R", R);
    Py_XDECREF(S);
    Py_XDECREF(F);
    Py_XDECREF(R);
    ev("subclass", "(S([1, 2]), S(), F([3]), F())");
    ev("subclass checks", "(isinstance(S(), set), isinstance(F(), frozenset), issubclass(S, frozenset))");
    ev("subclass ops", "(type(S([1]) | S([2])).__name__, type(F([1]) & F([1])).__name__, type(S([1]).copy()).__name__, type(F([1]).copy()).__name__)");
    run("recursive", "s = set([R()])\nr = repr(s)\n");
    run("subclass recursive", "s = S([R()])\nr = repr(s)\n");
    run("subclass init", "s = S([1, 2])\ns.__init__([3])\nr = s\n");
    run("subclass eq", "r = (S([1]) == set([1]), F([1]) == frozenset([1]), hash(F([1])) == hash(frozenset([1])))\n");
    run("subclass frozenset arg", "f = frozenset([1])\nr = (F(f) is f, frozenset(F([2])))\n");
    run("subclass reduce", "r = S([5]).__reduce__()\n");
    PyObject *S1 = PyDict_GetItemString(globals, "S");
    PyObject *one = PyLong_FromLong(1);
    PyObject *arg = PyTuple_Pack(1, one);
    PyObject *seven = PyLong_FromLong(7);
    PyObject *sub = PyObject_CallOneArg(S1, arg);
    show_int("PySet_Check(S)", PySet_Check(sub));
    show_int("PySet_CheckExact(S)", PySet_CheckExact(sub));
    show_int("PySet_Add(S)", PySet_Add(sub, seven));
    show_int("PySet_Size(S)", PySet_Size(sub));
    show("S after Add", sub);
    Py_XDECREF(sub);
    Py_DECREF(arg);
    Py_DECREF(seven);
    Py_DECREF(one);
}

static void iteration(void)
{
    long a[] = {1, 2, 3};
    PyObject *l = int_list(a, 3);
    PyObject *s = PySet_New(l);
    PyObject *it = PyObject_GetIter(s);
    show_str("iterator type", (PyObject *)Py_TYPE(it));
    show_new("next", PyIter_Next(it));
    show_new("length_hint", PyObject_CallMethod(it, "__length_hint__", NULL));
    show_new("reduce", PyObject_CallMethod(it, "__reduce__", NULL));
    PyObject *k = PyLong_FromLong(10);
    PySet_Add(s, k);
    show_new("next after add", PyIter_Next(it));
    show_new("next again (sticky)", PyIter_Next(it));
    show_new("length_hint after change", PyObject_CallMethod(it, "__length_hint__", NULL));
    Py_DECREF(it);
    PySet_Discard(s, k);
    it = PyObject_GetIter(s);
    Py_ssize_t n = 0;
    PyObject *x;
    while ((x = PyIter_Next(it)) != NULL) {
        n++;
        Py_DECREF(x);
    }
    show_int("iterated", n);
    show_exc("exhausted");
    show_new("next after end", PyIter_Next(it));
    show_exc("no exception at end");
    show_new("length_hint at end", PyObject_CallMethod(it, "__length_hint__", NULL));
    Py_DECREF(it);
    Py_DECREF(k);
    Py_DECREF(l);
    Py_DECREF(s);
    run("changed size in loop", "s = set([1, 2, 3])\nfor x in s:\n    s.add(x + 10)\n");
    run("discard and add in loop", "s = set([1, 2, 3])\nfor x in s:\n    s.discard(x)\n    s.add(x + 10)\nr = s\n");
    ev("list(set)", "list(set([9, 1, 5]))");
    ev("list(frozenset strs)", "list(frozenset(['b', 'a', 'c']))");
}

static void weak_and_gc(void)
{
    PyObject *s = PySet_New(NULL);
    PyObject *w = PyWeakref_NewRef(s, NULL);
    show("weakref alive", PyWeakref_GetObject(w) == s ? Py_True : Py_False);
    Py_DECREF(s);
    show("weakref dead", PyWeakref_GetObject(w));
    Py_DECREF(w);
    run("cycle", "def a():\n    pass\ns = set([a])\na.s = s\nr = len(s)\n");
    PyObject *wc = PyWeakref_NewRef(PyDict_GetItemString(globals, "s"), NULL);
    PyDict_DelItemString(globals, "s");
    PyDict_DelItemString(globals, "a");
    show("cycle alive before collect", PyWeakref_GetObject(wc) == Py_None ? Py_False : Py_True);
    PyGC_Collect();
    show("cycle after collect", PyWeakref_GetObject(wc));
    Py_DECREF(wc);
    printf("collect: %d\n", PyGC_Collect() >= 0);
}

static void constants_and_marshal(void)
{
    run("compile frozenset const",
        "r = compile('x in {1, 2, 3}', '<s>', 'eval').co_consts\n");
    run("compile str frozenset const",
        "r = compile('x in {\"b\", \"a\", \"c\", \"b\"}', '<s>', 'eval').co_consts\n");
    run("compile mixed const",
        "r = compile('x not in {1, 1.0, True, \"t\", (1, 2), None}', '<s>', 'eval').co_consts\n");
    run("for over set display",
        "r = compile('for x in {9, 8, 7}: pass', '<s>', 'exec').co_consts\n");
    run("frozenset sharing",
        "co = compile('def f(t):\\n    return t in {\"a\", \"b\"}\\n"
        "def g(t):\\n    return 5, t in {\"a\", \"b\"}\\n"
        "def h(t):\\n    return 5, t in {\"b\", \"a\"}\\n', 's', 'exec')\n"
        "cs = [c for c in co.co_consts if hasattr(c, 'co_consts')]\n"
        "r = (cs[0].co_consts[-1] is cs[1].co_consts[-1], cs[1].co_consts is cs[2].co_consts)\n");
    run("in frozenset const", "x = 2\nr = (x in {1, 2, 3}, x in {5, 6})\n");
    PyObject *m = PyImport_ImportModule("marshal");
    PyDict_SetItemString(globals, "marshal", m);
    Py_XDECREF(m);
    ev("frozenset sharing marshal", "marshal.dumps(co)");
    ev("dumps set", "marshal.dumps(set([3, 1, 2]))");
    ev("dumps frozenset", "marshal.dumps(frozenset(['b', 'a', 'ccc']))");
    ev("dumps empty", "(marshal.dumps(set()), marshal.dumps(frozenset()))");
    ev("dumps nested", "marshal.dumps(frozenset([frozenset([1]), 2, (3,), 'x', 1.5, None]))");
    ev("dumps v2", "marshal.dumps(set([1, 'a']), 2)");
    ev("loads set", "marshal.loads(marshal.dumps(set([3, 1, 2])))");
    ev("loads frozenset", "marshal.loads(marshal.dumps(frozenset(['b', 'a'])))");
    ev("loads empty frozenset", "marshal.loads(b'>\\x00\\x00\\x00\\x00')");
    ev("loads bad size", "marshal.loads(b'<\\xff\\xff\\xff\\xff')");
    ev("loads truncated", "marshal.loads(b'<\\x02\\x00\\x00\\x00i\\x01\\x00\\x00\\x00')");
    ev("loads null item", "marshal.loads(b'<\\x01\\x00\\x00\\x000')");
    ev("loads unhashable item", "marshal.loads(b'<\\x01\\x00\\x00\\x00[\\x00\\x00\\x00\\x00')");
    ev("dumps code with frozenset",
       "marshal.dumps(compile('x in {3, \"q\", 1}', '<s>', 'eval'))");
    ev("code round trip",
       "marshal.loads(marshal.dumps(compile('x in {3, \"q\", 1}', '<s>', 'eval'))).co_consts");
    ev("dumps set of strs", "marshal.dumps(set(['spam', 'eggs', 'ham', 'b', 'a']))");
}

int main(void)
{
    setenv("PYTHONHASHSEED", "0", 1);
    Py_Initialize();
    globals = PyDict_New();
    c_api();
    order();
    hashes();
    methods();
    operators();
    reprs();
    iteration();
    weak_and_gc();
    constants_and_marshal();
    Py_DECREF(globals);
    return ctest_finish();
}
