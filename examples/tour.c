/*
 * tour.c -- a guided tour of the C API subset that Ophis implements.
 *
 * Build against Ophis:
 *     cc tour.c $(pkg-config --cflags --libs ophis) -pthread -o tour
 * or against CPython 3.12, which behaves the same:
 *     P=$(pyenv prefix 3.12.1)
 *     cc tour.c $($P/bin/python3.12-config --cflags --embed) \
 *        $($P/bin/python3.12-config --ldflags --embed) -pthread -o tour
 *
 * Every step prints what it did. Error handling is spelled out in full
 * (a real extension would propagate with `goto error`).
 */
/* pthread barriers and clock_gettime are POSIX; ask for them explicitly in
   case the compiler runs in a strict ISO C mode (same value as pyconfig.h). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <frameobject.h> /* PyFrame_New */
#include <stddef.h>

#include <pthread.h>
#include <stdio.h>

/* Print "what: repr(obj)" -- or the pending exception if obj is NULL. */
static void say(const char *what, PyObject *obj)
{
    PyObject *r;
    if (obj == NULL) {
        PyObject *exc = PyErr_GetRaisedException();
        PyObject *name = PyType_GetName(Py_TYPE(exc));
        PyObject *msg = PyObject_Str(exc);
        printf("  %-34s -> raised %s: %s\n", what, PyUnicode_AsUTF8(name), PyUnicode_AsUTF8(msg));
        Py_DECREF(name);
        Py_DECREF(msg);
        Py_DECREF(exc);
        return;
    }
    r = PyObject_Repr(obj);
    printf("  %-34s -> %s\n", what, PyUnicode_AsUTF8(r));
    Py_DECREF(r);
}

/* say() for a new reference, which it then releases */
static void say_new(const char *what, PyObject *obj)
{
    say(what, obj);
    Py_XDECREF(obj);
}

static void objects(void)
{
    PyObject *n, *f, *s, *t, *l;

    puts("== objects ==");
    n = PyLong_FromLong(1234567);
    f = PyFloat_FromDouble(0.1);
    s = PyUnicode_FromString("caf\xc3\xa9"); /* s = "café" */
    say("PyLong_FromLong(1234567)", n);
    say("PyFloat_FromDouble(0.1)", f);
    say("PyUnicode_FromString(s)", s);
    printf("  %-34s -> %lld characters\n", "PyUnicode_GetLength", (long long)PyUnicode_GetLength(s));

    /* a tuple steals the references given to PyTuple_SetItem */
    t = PyTuple_New(3);
    PyTuple_SetItem(t, 0, Py_NewRef(n));
    PyTuple_SetItem(t, 1, Py_NewRef(f));
    PyTuple_SetItem(t, 2, Py_NewRef(s));
    say("tuple built with PyTuple_SetItem", t);

    /* a list does not steal on append */
    l = PyList_New(0);
    PyList_Append(l, t);
    PyList_Append(l, Py_None);
    say("list after two PyList_Append", l);
    say_new("PyList_AsTuple(list)", PyList_AsTuple(l));

    say_new("Py_BuildValue(\"{s:[i,d],s:N}\")",
            Py_BuildValue("{s:[i,d],s:N}", "nums", 1, 2.5, "flag", PyBool_FromLong(1)));
    say_new("PyUnicode_FromFormat", PyUnicode_FromFormat("%s has %d items: %R", "list", 2, l));

    printf("  %-34s -> %d\n", "RichCompareBool(1234567 < 0.1)", PyObject_RichCompareBool(n, f, Py_LT));
    say_new("RichCompare(1234567, s, Py_LT)", PyObject_RichCompare(n, s, Py_LT));
    printf("  %-34s -> %zd (immortal)\n", "Py_REFCNT(Py_None)", Py_REFCNT(Py_None));

    say_new("int('ff', 16) by calling the type", PyObject_CallFunction((PyObject *)&PyLong_Type, "si", "ff", 16));
    say_new("PyLong_FromDouble(1e20)", PyLong_FromDouble(1e20));
    {
        int overflow;
        PyObject *big = PyLong_FromDouble(1e20);
        long v = PyLong_AsLongAndOverflow(big, &overflow);
        printf("  %-34s -> %ld, overflow=%d\n", "PyLong_AsLongAndOverflow(1e20)", v, overflow);
        Py_DECREF(big);
    }

    Py_DECREF(l);
    Py_DECREF(t);
    Py_DECREF(n);
    Py_DECREF(f);
    Py_DECREF(s);
}

static void dicts(void)
{
    PyObject *d, *k, *v, *one, *copy;
    Py_ssize_t pos = 0;

    puts("== dict ==");
    d = PyDict_New();
    one = PyLong_FromLong(1);
    PyDict_SetItemString(d, "b", one);
    v = PyUnicode_FromString("first");
    PyDict_SetItemString(d, "a", v);
    Py_DECREF(v);
    PyDict_SetItem(d, one, Py_True);
    say("after three inserts", d);

    /* 1.0 == 1, so it is the same key */
    v = PyFloat_FromDouble(1.0);
    PyDict_SetItem(d, v, Py_False);
    Py_DECREF(v);
    say("after d[1.0] = False", d);

    puts("  iterating with PyDict_Next (insertion order):");
    while (PyDict_Next(d, &pos, &k, &v)) {
        PyObject *kr = PyObject_Repr(k), *vr = PyObject_Repr(v);
        printf("    %s => %s\n", PyUnicode_AsUTF8(kr), PyUnicode_AsUTF8(vr));
        Py_DECREF(kr);
        Py_DECREF(vr);
    }

    say("PyDict_GetItemString(d, \"a\")", PyDict_GetItemString(d, "a")); /* borrowed */
    k = PyUnicode_FromString("zz");
    v = PyDict_GetItemWithError(d, k);
    printf("  %-34s -> %s, error set: %d\n", "PyDict_GetItemWithError(d, 'zz')",
           v == NULL ? "NULL" : "found", PyErr_Occurred() != NULL);
    if (PyDict_DelItem(d, k) < 0)
        say("PyDict_DelItem(d, 'zz')", NULL);
    Py_DECREF(k);
    k = PyList_New(0);
    say("PyDict_GetItemWithError(d, [])", PyDict_GetItemWithError(d, k));
    Py_DECREF(k);

    copy = PyDict_Copy(d);
    v = Py_BuildValue("[(si)(si)]", "a", 10, "c", 30);
    PyDict_MergeFromSeq2(copy, v, 0); /* override=0: existing keys win */
    Py_DECREF(v);
    say("copy merged from pairs, override=0", copy);
    say_new("PyDict_Keys(copy)", PyDict_Keys(copy));
    printf("  %-34s -> %zd\n", "PyDict_Size(original)", PyDict_Size(d));

    Py_DECREF(copy);
    Py_DECREF(one);
    Py_DECREF(d);
}

static void errors(void)
{
    PyObject *exc, *m;

    puts("== errors ==");
    PyErr_SetString(PyExc_KeyError, "missing");
    printf("  %-34s -> %d\n", "ExceptionMatches(LookupError)", PyErr_ExceptionMatches(PyExc_LookupError));
    exc = PyErr_GetRaisedException(); /* takes it: the indicator is clear now */
    say("PyErr_GetRaisedException()", exc);
    printf("  %-34s -> %s\n", "PyErr_Occurred() afterwards", PyErr_Occurred() ? "set" : "NULL");
    PyErr_SetRaisedException(exc); /* gives it back (steals the reference) */
    printf("  %-34s -> %s\n", "after PyErr_SetRaisedException", PyErr_Occurred() ? "set" : "NULL");
    PyErr_Clear();

    PyErr_Format(PyExc_ValueError, "bad value %d for %s", 42, "answer");
    say("PyErr_Format", NULL);

    m = PyModule_New("toy");
    PyModule_AddIntConstant(m, "VERSION", 3);
    say("module with a constant", m);
    say_new("GetAttrString(toy, 'VERSION')", PyObject_GetAttrString(m, "VERSION"));
    say("GetAttrString(toy, 'nope')", PyObject_GetAttrString(m, "nope"));
    say("CallMethod(toy, 'nope')", PyObject_CallMethod(m, "nope", NULL));
    Py_DECREF(m);

    say_new("calling ValueError(\"boom\")", PyObject_CallFunction(PyExc_ValueError, "s", "boom"));
    printf("  %-34s -> %d\n", "IsSubclass(KeyError, LookupError)",
           PyObject_IsSubclass(PyExc_KeyError, PyExc_LookupError));
}

#define NWORKERS 3

struct job {
    int index;
    long result;
};

static void *worker(void *arg)
{
    struct job *job = arg;
    PyGILState_STATE st = PyGILState_Ensure(); /* attach this native thread */
    PyObject *l = PyList_New(0);
    long i;
    for (i = 0; i < 1000; i++) {
        PyObject *x = PyLong_FromLong(i * (job->index + 1));
        PyList_Append(l, x);
        Py_DECREF(x);
    }
    job->result = 0;
    for (i = 0; i < PyList_Size(l); i++)
        job->result += PyLong_AsLong(PyList_GetItem(l, i));
    Py_DECREF(l);
    PyGILState_Release(st); /* detach; the thread state goes away */
    return NULL;
}

static void threads(void)
{
    pthread_t tids[NWORKERS];
    struct job jobs[NWORKERS];
    int i;

    puts("== threads ==");
    printf("  %-34s -> %d\n", "PyGILState_Check() in main", PyGILState_Check());
    printf("  %-34s -> %d\n", "thread state's interpreter is ours",
           PyThreadState_GetInterpreter(PyThreadState_Get()) == PyInterpreterState_Get());

    /* release the GIL while we wait, or the workers could never attach */
    Py_BEGIN_ALLOW_THREADS
    for (i = 0; i < NWORKERS; i++) {
        jobs[i].index = i;
        pthread_create(&tids[i], NULL, worker, &jobs[i]);
    }
    for (i = 0; i < NWORKERS; i++)
        pthread_join(tids[i], NULL);
    Py_END_ALLOW_THREADS

    for (i = 0; i < NWORKERS; i++)
        printf("  worker %d summed its list to %ld\n", i, jobs[i].result);
    {
        int n = 0;
        PyThreadState *ts = PyInterpreterState_ThreadHead(PyInterpreterState_Get());
        for (; ts != NULL; ts = PyThreadState_Next(ts))
            n++;
        printf("  %-34s -> %d\n", "thread states after the join", n);
    }
}

/* == managed dict ==: an extension type whose instance __dict__ and weak
 * references are managed by the runtime (Py_TPFLAGS_MANAGED_DICT |
 * Py_TPFLAGS_MANAGED_WEAKREF): no tp_dictoffset, no weaklist field, and the
 * attributes live next to the object until someone asks for __dict__. */
typedef struct {
    PyObject_HEAD
    long hits;
} Point;

static int point_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return _PyObject_VisitManagedDict(self, visit, arg);
}

static int point_clear(PyObject *self)
{
    _PyObject_ClearManagedDict(self);
    return 0;
}

static void point_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    PyObject_ClearWeakRefs(self);
    _PyObject_ClearManagedDict(self);
    tp->tp_free(self);
    Py_DECREF(tp);
}

static PyObject *point_norm1(PyObject *self, PyObject *unused)
{
    (void)unused;
    ((Point *)self)->hits++;
    PyObject *x = PyObject_GetAttrString(self, "x");
    PyObject *y = PyObject_GetAttrString(self, "y");
    long r = (x && y) ? labs(PyLong_AsLong(x)) + labs(PyLong_AsLong(y)) : -1;
    Py_XDECREF(x);
    Py_XDECREF(y);
    return r < 0 ? NULL : PyLong_FromLong(r);
}

static PyMemberDef point_members[] = {
    {"hits", Py_T_LONG, offsetof(Point, hits), Py_READONLY, "calls to norm1()"},
    {NULL},
};
static PyGetSetDef point_getset[] = {
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, NULL, NULL},
    {NULL},
};
static PyMethodDef point_methods[] = {
    {"norm1", point_norm1, METH_NOARGS, "Manhattan length."},
    {NULL},
};
static PyType_Slot point_slots[] = {
    {Py_tp_traverse, point_traverse}, {Py_tp_clear, point_clear},
    {Py_tp_dealloc, point_dealloc},   {Py_tp_members, point_members},
    {Py_tp_getset, point_getset},     {Py_tp_methods, point_methods},
    {Py_tp_new, PyType_GenericNew},   {0, NULL},
};
static PyType_Spec point_spec = {
    "tour.Point", sizeof(Point), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
        Py_TPFLAGS_MANAGED_DICT | Py_TPFLAGS_MANAGED_WEAKREF,
    point_slots,
};

static void managed(void)
{
    PyTypeObject *T;
    PyObject *p, *v, *d, *ref;

    puts("== managed dict ==");
    T = (PyTypeObject *)PyType_FromSpec(&point_spec);
    printf("  %-34s -> %zd / %zd\n", "tp_dictoffset / tp_weaklistoffset",
           T->tp_dictoffset, T->tp_weaklistoffset);
    p = PyObject_CallObject((PyObject *)T, NULL);
    v = PyLong_FromLong(3);
    PyObject_SetAttrString(p, "x", v);
    Py_DECREF(v);
    v = PyLong_FromLong(-4);
    PyObject_SetAttrString(p, "y", v);
    Py_DECREF(v);
    say_new("p.norm1()", PyObject_CallMethod(p, "norm1", NULL));
    say_new("p.hits (a member)", PyObject_GetAttrString(p, "hits"));
    say_new("p.z (missing)", PyObject_GetAttrString(p, "z"));
    d = PyObject_GetAttrString(p, "__dict__");
    say("p.__dict__ (materialized)", d);
    PyDict_SetItemString(d, "z", Py_True);
    say_new("p.z after writing the dict", PyObject_GetAttrString(p, "z"));
    Py_DECREF(d);

    ref = PyWeakref_NewRef(p, NULL);
    printf("  %-34s -> %d\n", "weakref target is p", PyWeakref_GetObject(ref) == p);
    Py_DECREF(p);
    say("weakref target after del p", PyWeakref_GetObject(ref));
    Py_DECREF(ref);
    Py_DECREF(T);
}

/* ---- exception state ------------------------------------------------- */

static void exception_state(void)
{
    PyObject *handled, *exc, *ctx, *first;

    puts("== exception state ==");
    /* While an exception is being handled, a new one gets it as context. */
    handled = PyObject_CallFunction(PyExc_KeyError, "s", "while handling");
    PyErr_SetHandledException(handled);
    PyErr_SetString(PyExc_ValueError, "raised meanwhile");
    exc = PyErr_GetRaisedException();
    say("raised", exc);
    ctx = PyException_GetContext(exc);
    say_new("its __context__", ctx);
    PyErr_SetHandledException(NULL);
    Py_DECREF(handled);

    /* A cleanup error chained onto the one being raised (objects are made
       before raising: calling with an exception set is an error). */
    first = PyObject_CallFunction(PyExc_OSError, "is", 2, "cleanup failed");
    say("cleanup error", first);
    PyErr_SetRaisedException(exc);
    _PyErr_ChainExceptions1(first); /* steals first */
    exc = PyErr_GetRaisedException();
    say_new("after _PyErr_ChainExceptions1: ctx", PyException_GetContext(exc));

    /* The report the interpreter would print, on sys.stderr. */
    puts("  PyErr_DisplayException (on stderr):");
    fflush(stdout);
    PyErr_DisplayException(exc);
    Py_DECREF(exc);

    /* A traceback entry for a frame of C-made code (PyFrame_New: a frame
       that has not run), printed the way PyErr_Print prints it. */
    {
        PyCodeObject *code = PyCode_NewEmpty(__FILE__, "exception_state", __LINE__);
        PyObject *globals = PyDict_New();
        PyFrameObject *frame = PyFrame_New(PyThreadState_Get(), code, globals, NULL);
        PyErr_SetString(PyExc_KeyError, "with a traceback");
        PyTraceBack_Here(frame);
        puts("  PyErr_Print (on stderr):");
        fflush(stdout);
        PyErr_Print();
        Py_DECREF(frame);
        Py_DECREF(globals);
        Py_DECREF(code);
    }

    /* An exception nobody can receive goes to sys.unraisablehook. */
    PyErr_SetString(PyExc_RuntimeError, "lost in a destructor");
    fflush(stdout);
    PyErr_WriteUnraisable(NULL);
    printf("  %-34s -> %s\n", "after PyErr_WriteUnraisable", PyErr_Occurred() ? "set" : "NULL");
}

/* ---- vectorcall ---------------------------------------------------- */

static PyObject *const *spare_slot; /* where the caller's args[-1] lives */

/* METH_FASTCALL|METH_KEYWORDS: positional arguments, then keyword values. */
static PyObject *describe(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                          PyObject *kwnames)
{
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    printf("  describe: %zd positional, %zd keyword; args %s the caller's spare slot\n", nargs,
           nkw, args == spare_slot ? "start at" : "do not start at");
    return PyLong_FromSsize_t(nargs + nkw);
}

static PyMethodDef describe_def = {"describe", _PyCFunction_CAST(describe),
                                   METH_FASTCALL | METH_KEYWORDS, "count the arguments"};

static void vectorcall(void)
{
    PyObject *fn, *bound, *self, *kwnames, *name, *r;
    PyObject *vec[4];

    puts("== vectorcall ==");
    fn = PyCFunction_New(&describe_def, NULL);
    vec[0] = NULL; /* the spare slot: callees may borrow it */
    vec[1] = PyLong_FromLong(1);
    vec[2] = PyLong_FromLong(2);
    vec[3] = PyLong_FromLong(3);

    say_new("describe(1, 2)", PyObject_Vectorcall(fn, vec + 1, 2, NULL));
    kwnames = Py_BuildValue("(s)", "key");
    say_new("describe(1, 2, key=3)", PyObject_Vectorcall(fn, vec + 1, 2, kwnames));
    Py_DECREF(kwnames);

    /* A bound method prepends self. With PY_VECTORCALL_ARGUMENTS_OFFSET it
       writes self into the caller's spare slot and calls on the vector as it
       stands: no copy, no allocation. */
    self = PyUnicode_FromString("self");
    bound = PyMethod_New(fn, self);
    spare_slot = vec;
    r = PyObject_Vectorcall(bound, vec + 1, 2 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
    say_new("bound(1, 2) with the offset flag", r);
    printf("  %-34s -> %s\n", "spare slot restored", vec[0] == NULL ? "yes" : "no");
    Py_DECREF(bound);
    Py_DECREF(self);

    /* Methods of builtin objects, called without creating bound methods. */
    self = PyUnicode_FromString("vectorcall");
    vec[0] = self;
    name = PyUnicode_InternFromString("upper");
    say_new("'vectorcall'.upper()", PyObject_VectorcallMethod(name, vec, 1, NULL));
    Py_DECREF(name);
    name = PyUnicode_InternFromString("nope");
    say_new("'vectorcall'.nope()", PyObject_VectorcallMethod(name, vec, 1, NULL));
    Py_DECREF(name);
    Py_DECREF(self);
    say_new("describe(*()) with a keyword dict",
            PyObject_VectorcallDict(fn, NULL, 0, r = Py_BuildValue("{s:i}", "k", 1)));
    Py_DECREF(r);
    Py_DECREF(vec[1]);
    Py_DECREF(vec[2]);
    Py_DECREF(vec[3]);
    Py_DECREF(fn);
}

/* ---- watchers ------------------------------------------------------ */

static const char *const dict_event_names[] = {
#define NAME(e) #e,
    PY_FOREACH_DICT_EVENT(NAME)
#undef NAME
};

/* Logs each change of a watched dict; called before the change, so the
   dict still shows the old state. */
static int log_dict(PyDict_WatchEvent ev, PyObject *d, PyObject *key, PyObject *value)
{
    PyObject *k = key ? PyObject_Repr(key) : NULL;
    PyObject *v = value ? PyObject_Repr(value) : NULL;
    printf("  dict watcher: %-8s key=%s value=%s (len before: %zd)\n", dict_event_names[ev],
           k ? PyUnicode_AsUTF8(k) : "-", v ? PyUnicode_AsUTF8(v) : "-", PyDict_Size(d));
    Py_XDECREF(k);
    Py_XDECREF(v);
    return 0;
}

/* A cache of a class attribute that a type watcher invalidates. */
static PyObject *cached_greeting;

static int invalidate_cache(PyTypeObject *t)
{
    printf("  type watcher: %s was modified, dropping the cached greeting\n", t->tp_name);
    Py_CLEAR(cached_greeting);
    return 0;
}

static PyObject *greeting(PyObject *cls)
{
    if (cached_greeting == NULL) {
        cached_greeting = PyObject_GetAttrString(cls, "greeting"); /* a lookup re-arms */
        puts("  (looked up and cached)");
    }
    return cached_greeting;
}

static void watchers(void)
{
    PyObject *d, *x, *cls, *s;
    int dw, tw;
    PyType_Slot slots[] = {{0, NULL}};
    PyType_Spec spec = {"tour.Greeter", 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, slots};

    puts("== watchers ==");
    dw = PyDict_AddWatcher(log_dict);
    d = PyDict_New();
    PyDict_Watch(dw, d);
    x = PyLong_FromLong(1);
    PyDict_SetItemString(d, "a", x);          /* ADDED */
    PyDict_SetItemString(d, "a", x);          /* the same object: nothing */
    Py_DECREF(x);
    x = PyLong_FromLong(2);
    PyDict_SetItemString(d, "a", x);          /* MODIFIED */
    PyDict_SetItemString(d, "b", x);          /* ADDED */
    Py_DECREF(x);
    PyDict_DelItemString(d, "a");             /* DELETED */
    PyDict_Clear(d);                          /* CLEARED */
    Py_DECREF(d);                             /* DEALLOCATED */
    PyDict_ClearWatcher(dw);

    cls = PyType_FromSpec(&spec);
    s = PyUnicode_FromString("hello");
    PyObject_SetAttrString(cls, "greeting", s);
    Py_DECREF(s);
    tw = PyType_AddWatcher(invalidate_cache);
    PyType_Watch(tw, cls);
    say("greeting", greeting(cls));
    say("greeting", greeting(cls));
    s = PyUnicode_FromString("bonjour");
    PyObject_SetAttrString(cls, "greeting", s); /* the watcher fires */
    Py_DECREF(s);
    say("greeting", greeting(cls));
    PyType_ClearWatcher(tw);
    Py_CLEAR(cached_greeting);
    Py_DECREF(cls);
}

/* A module written in C, as an extension would be: scale(iterable, k)
   parses its arguments, walks any iterable with the iterator protocol,
   multiplies each item through the number protocol, and returns a sorted
   list. */
static PyObject *scale(PyObject *self, PyObject *args)
{
    PyObject *seq, *factor, *it, *item, *out;
    int k;

    (void)self;
    if (!PyArg_ParseTuple(args, "Oi:scale", &seq, &k))
        return NULL;
    it = PyObject_GetIter(seq);
    if (it == NULL)
        return NULL;
    out = PyList_New(0);
    factor = PyLong_FromLong(k);
    while (out != NULL && (item = PyIter_Next(it)) != NULL) {
        PyObject *v = PyNumber_Multiply(item, factor);
        Py_DECREF(item);
        if (v == NULL || PyList_Append(out, v) < 0)
            Py_CLEAR(out);
        Py_XDECREF(v);
    }
    Py_DECREF(factor);
    Py_DECREF(it);
    if (out == NULL || PyErr_Occurred() || PyList_Sort(out) < 0) {
        Py_XDECREF(out);
        return NULL;
    }
    return out;
}

static PyMethodDef tourmod_methods[] = {
    {"scale", scale, METH_VARARGS, "scale(iterable, k) -> sorted list of item * k"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef tourmod_def = {
    PyModuleDef_HEAD_INIT, "tourmod", "A module defined in C.", -1, tourmod_methods,
};

static PyObject *PyInit_tourmod(void)
{
    return PyModule_Create(&tourmod_def);
}

static void modules(void)
{
    PyObject *m, *data, *r;

    puts("== a module in C ==");
    m = PyImport_ImportModule("tourmod");   /* runs PyInit_tourmod once */
    say("import tourmod", m);
    data = Py_BuildValue("(iii)", 3, 1, 2);
    r = PyObject_CallMethod(m, "scale", "Oi", data, 10);
    say_new("tourmod.scale((3, 1, 2), 10)", r);
    r = PyObject_CallMethod(m, "scale", "Oi", data, 2);
    if (r != NULL) {
        PyObject *first_two = PySequence_GetSlice(r, 0, 2);
        Py_DECREF(r);
        r = first_two;
    }
    say_new("tourmod.scale((3, 1, 2), 2)[0:2]", r);
    r = PyObject_CallMethod(m, "scale", "s", "abc");
    say_new("tourmod.scale('abc') (a missing argument)", r);
    Py_DECREF(data);
    Py_XDECREF(m);
}

int main(void)
{
    /* modules built into the program are registered before start-up */
    PyImport_AppendInittab("tourmod", PyInit_tourmod);
    Py_InitializeEx(0); /* 0: do not install signal handlers */
    printf("Py_IsInitialized() -> %d\n", Py_IsInitialized());
    objects();
    dicts();
    errors();
    threads();
    managed();
    exception_state();
    vectorcall();
    watchers();
    modules();
    if (Py_FinalizeEx() < 0)
        return 120;
    puts("== done ==");
    return 0;
}
