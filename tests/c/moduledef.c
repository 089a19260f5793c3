/*
 * moduledef.c -- single-phase modules from a static PyModuleDef:
 * PyModule_Create/Create2 (repr, name, doc, GetDef, zeroed per-module state,
 * m_size 0 and -1 without state), module functions (METH_NOARGS bumping a
 * counter in the state, METH_VARARGS with PyArg_ParseTuple, METH_O), their
 * names, __module__, __self__ and argument errors; PyModule_AddObject
 * (stealing, NULL value, non-module), AddStringConstant, AddType,
 * AddFunctions (METH_CLASS rejected), SetDocString, GetFilenameObject,
 * GetName/GetNameObject errors, NewObject; m_free when the module dies (by
 * refcount and through a cycle with its functions); PyState_Add/Find/
 * RemoveModule; sys.modules through PyImport_GetModuleDict, AddModule(Object),
 * and importing a module registered with PyImport_AppendInittab before
 * Py_Initialize (init called once, again after leaving sys.modules).
 */
#include "ctest.h"

typedef struct {
    long counter;
    long spare[3];
} demo_state;

static PyObject *demo_bump(PyObject *self, PyObject *noargs)
{
    demo_state *st = PyModule_GetState(self);
    (void)noargs;
    if (st == NULL)
        return NULL;
    st->counter++;
    return PyLong_FromLong(st->counter);
}

static PyObject *demo_add(PyObject *self, PyObject *args)
{
    int a, b;
    (void)self;
    if (!PyArg_ParseTuple(args, "ii", &a, &b))
        return NULL;
    return PyLong_FromLong((long)a + b);
}

static PyObject *demo_echo(PyObject *self, PyObject *arg)
{
    return Py_BuildValue("(sO)", PyModule_GetName(self), arg);
}

static PyObject *demo_extra(PyObject *self, PyObject *noargs)
{
    (void)self;
    (void)noargs;
    return PyUnicode_FromString("extra result");
}

static PyMethodDef demo_methods[] = {
    {"bump", demo_bump, METH_NOARGS, "Bump the counter."},
    {"add", demo_add, METH_VARARGS, "Add two ints."},
    {"echo", demo_echo, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static PyMethodDef extra_methods[] = {
    {"extra", demo_extra, METH_NOARGS, "An extra function."},
    {NULL, NULL, 0, NULL},
};

static PyMethodDef classy_methods[] = {
    {"classy", demo_extra, METH_NOARGS | METH_CLASS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyModuleDef demo_def = {
    PyModuleDef_HEAD_INIT, "demo", "The demo module.", sizeof(demo_state),
    demo_methods, NULL, NULL, NULL, NULL,
};

static PyModuleDef nostate_def = {
    PyModuleDef_HEAD_INIT, "nostate", NULL, -1, NULL, NULL, NULL, NULL, NULL,
};

static PyModuleDef zerostate_def = {
    PyModuleDef_HEAD_INIT, "pkg.zerostate", NULL, 0, NULL, NULL, NULL, NULL, NULL,
};

static PyModuleDef state_def = {
    PyModuleDef_HEAD_INIT, "statemod", NULL, 0, NULL, NULL, NULL, NULL, NULL,
};

static PyModuleDef never_def = {
    PyModuleDef_HEAD_INIT, "never", NULL, 0, NULL, NULL, NULL, NULL, NULL,
};

static PyModuleDef unused_def = {
    PyModuleDef_HEAD_INIT, "unused", NULL, 0, NULL, NULL, NULL, NULL, NULL,
};

/* m_free: count the calls and remember the counter the state held. */
static int free_calls = 0;
static long free_saw = -1;

static void on_free(void *module)
{
    demo_state *st = PyModule_GetState((PyObject *)module);
    free_calls++;
    free_saw = st == NULL ? -1 : st->counter;
}

static PyModuleDef freeable_def = {
    PyModuleDef_HEAD_INIT, "freeable", NULL, sizeof(demo_state),
    NULL, NULL, NULL, NULL, on_free,
};

static PyModuleDef freeable_cycle_def = {
    PyModuleDef_HEAD_INIT, "freeable_cycle", NULL, sizeof(demo_state),
    demo_methods, NULL, NULL, NULL, on_free,
};

static int init_calls = 0;

static PyObject *PyInit_demo(void)
{
    PyObject *m;
    init_calls++;
    m = PyModule_Create(&demo_def);
    if (m == NULL)
        return NULL;
    if (PyModule_AddIntConstant(m, "INIT_NUMBER", init_calls) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

static PyType_Slot thing_slots[] = {{0, NULL}};
static PyType_Spec thing_spec = {"demo.Thing", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, thing_slots};
static PyType_Spec inner_spec = {"pkg.sub.Inner", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, thing_slots};

static void show_keys(const char *label, PyObject *m)
{
    show_new(label, PyDict_Keys(PyModule_GetDict(m)));
}

static void show_attr(const char *label, PyObject *o, const char *name)
{
    show_new(label, PyObject_GetAttrString(o, name));
}

static void show_is_attr(const char *label, PyObject *o, const char *name, PyObject *expected)
{
    PyObject *v = PyObject_GetAttrString(o, name);
    if (v == NULL) {
        show(label, v);
        return;
    }
    printf("%s: %d\n", label, Py_Is(v, expected));
    Py_DECREF(v);
}

static void created(void)
{
    PyObject *m = PyModule_Create2(&demo_def, PYTHON_API_VERSION);
    PyObject *f, *args, *kw, *v;
    demo_state *st;
    static const demo_state zero;

    show("Create2", m);
    show_attr("__name__", m, "__name__");
    show_attr("__doc__", m, "__doc__");
    show_cstr("GetName", PyModule_GetName(m));
    show_new("GetNameObject", PyModule_GetNameObject(m));
    printf("GetDef is def: %d\n", PyModule_GetDef(m) == &demo_def);
    st = PyModule_GetState(m);
    printf("GetState non-NULL: %d\n", st != NULL);
    printf("GetState zeroed: %d\n", st != NULL && memcmp(st, &zero, sizeof zero) == 0);
    show_keys("dict keys", m);

    show_new("CallMethod(bump)", PyObject_CallMethod(m, "bump", NULL));
    show_new("CallMethod(bump) again", PyObject_CallMethod(m, "bump", NULL));
    printf("state counter: %ld\n", st->counter);
    show_new("CallMethod(add, 2, 3)", PyObject_CallMethod(m, "add", "ii", 2, 3));
    show_new("CallMethod(add, 'x', 3)", PyObject_CallMethod(m, "add", "si", "x", 3));
    show_new("CallMethod(add, 2)", PyObject_CallMethod(m, "add", "(i)", 2));
    show_new("CallMethod(bump, 1)", PyObject_CallMethod(m, "bump", "i", 1));

    f = PyObject_GetAttrString(m, "echo");
    v = PyUnicode_FromString("hello");
    show_new("echo('hello')", PyObject_CallOneArg(f, v));
    show_new("echo()", PyObject_CallNoArgs(f));
    show_new("echo('hello', 'hello')", PyObject_CallFunctionObjArgs(f, v, v, NULL));
    Py_DECREF(v);
    show_attr("echo.__name__", f, "__name__");
    show_attr("echo.__qualname__", f, "__qualname__");
    show_attr("echo.__module__", f, "__module__");
    show_attr("echo.__doc__", f, "__doc__");
    show_is_attr("echo.__self__ is module", f, "__self__", m);
    printf("PyCFunction_GetSelf is module: %d\n", PyCFunction_GetSelf(f) == m);
    Py_DECREF(f);

    f = PyObject_GetAttrString(m, "add");
    show_attr("add.__doc__", f, "__doc__");
    args = Py_BuildValue("(ii)", 40, 2);
    show_new("Call(add, (40, 2))", PyObject_Call(f, args, NULL));
    kw = Py_BuildValue("{si}", "b", 1);
    show_new("Call(add, (40, 2), {b: 1})", PyObject_Call(f, args, kw));
    Py_DECREF(kw);
    Py_DECREF(args);
    Py_DECREF(f);
    f = PyObject_GetAttrString(m, "bump");
    show_attr("bump.__qualname__", f, "__qualname__");
    show_attr("bump.__module__", f, "__module__");
    show_new("CallNoArgs(bump)", PyObject_CallNoArgs(f));
    Py_DECREF(f);
    Py_DECREF(m);

    m = PyModule_Create(&demo_def);
    st = PyModule_GetState(m);
    printf("second module: fresh state counter: %ld\n", st->counter);
    show_new("second module: bump", PyObject_CallMethod(m, "bump", NULL));
    Py_DECREF(m);
}

static void stateless(void)
{
    PyObject *m = PyModule_Create(&nostate_def);
    show("Create(m_size -1)", m);
    show_attr("m_size -1: __doc__", m, "__doc__");
    printf("m_size -1: GetState is NULL: %d\n", PyModule_GetState(m) == NULL);
    CHECK_NOERR();
    printf("m_size -1: GetDef is def: %d\n", PyModule_GetDef(m) == &nostate_def);
    show_keys("m_size -1: dict keys", m);
    Py_DECREF(m);

    m = PyModule_Create(&zerostate_def);
    show("Create(m_size 0, dotted name)", m);
    show_cstr("m_size 0: GetName", PyModule_GetName(m));
    printf("m_size 0: GetState is NULL: %d\n", PyModule_GetState(m) == NULL);
    CHECK_NOERR();
    Py_DECREF(m);

    m = PyModule_New("plain");
    printf("New: GetDef is NULL: %d\n", PyModule_GetDef(m) == NULL);
    CHECK_NOERR();
    printf("New: GetState is NULL: %d\n", PyModule_GetState(m) == NULL);
    CHECK_NOERR();
    Py_DECREF(m);
    {
        PyObject *name = PyUnicode_FromString("newobj");
        m = PyModule_NewObject(name);
        show("NewObject('newobj')", m);
        show_is_attr("NewObject: __name__ is the str", m, "__name__", name);
        show_keys("NewObject: dict keys", m);
        Py_DECREF(m);
        Py_DECREF(name);
    }
}

static void adding(void)
{
    PyObject *m = PyModule_Create(&demo_def);
    PyObject *v, *t, *notmod = PyDict_New();
    Py_ssize_t before;

    v = PyList_New(0);
    before = Py_REFCNT(v);
    show_int("AddObject(lst)", PyModule_AddObject(m, "lst", v));
    printf("AddObject steals: refcnt delta %zd\n", Py_REFCNT(v) - before);
    show_is_attr("lst is the list", m, "lst", v);
    show_int("AddObject(NULL)", PyModule_AddObject(m, "nothing", NULL));
    PyErr_SetString(PyExc_KeyError, "from caller");
    show_int("AddObject(NULL, error set)", PyModule_AddObject(m, "nothing", NULL));
    show_int("HasAttrString(nothing)", PyObject_HasAttrString(m, "nothing"));
    v = PyList_New(0);
    before = Py_REFCNT(v);
    show_int("AddObject(dict, ...)", PyModule_AddObject(notmod, "x", v));
    printf("AddObject failure keeps the reference: refcnt delta %zd\n", Py_REFCNT(v) - before);
    Py_DECREF(v);

    show_int("AddStringConstant(VERSION)", PyModule_AddStringConstant(m, "VERSION", "1.0"));
    show_attr("VERSION", m, "VERSION");
    show_int("AddStringConstant(bad utf8)", PyModule_AddStringConstant(m, "BAD", "\xff"));
    show_int("AddStringConstant(dict, ...)", PyModule_AddStringConstant(notmod, "x", "y"));

    t = PyType_FromSpec(&thing_spec);
    before = Py_REFCNT(t);
    show_int("AddType(demo.Thing)", PyModule_AddType(m, (PyTypeObject *)t));
    printf("AddType refcnt delta: %zd\n", Py_REFCNT(t) - before);
    show_is_attr("Thing is the type", m, "Thing", t);
    show_attr("Thing.__module__", t, "__module__");
    Py_DECREF(t);
    t = PyType_FromSpec(&inner_spec);
    show_int("AddType(pkg.sub.Inner)", PyModule_AddType(m, (PyTypeObject *)t));
    show_attr("Inner", m, "Inner");
    show_attr("Inner.__module__", t, "__module__");
    Py_DECREF(t);

    show_int("AddFunctions(extra)", PyModule_AddFunctions(m, extra_methods));
    show_new("CallMethod(extra)", PyObject_CallMethod(m, "extra", NULL));
    v = PyObject_GetAttrString(m, "extra");
    show_attr("extra.__module__", v, "__module__");
    show_attr("extra.__doc__", v, "__doc__");
    show_is_attr("extra.__self__ is module", v, "__self__", m);
    Py_DECREF(v);
    show_int("AddFunctions(METH_CLASS)", PyModule_AddFunctions(m, classy_methods));
    show_int("HasAttrString(classy)", PyObject_HasAttrString(m, "classy"));
    show_int("AddFunctions(dict, ...)", PyModule_AddFunctions(notmod, extra_methods));

    show_int("SetDocString", PyModule_SetDocString(m, "New doc."));
    show_attr("__doc__ after SetDocString", m, "__doc__");
    show_keys("dict keys after adds", m);

    show_new("GetFilenameObject", PyModule_GetFilenameObject(m));
    v = PyLong_FromLong(3);
    PyObject_SetAttrString(m, "__file__", v);
    Py_DECREF(v);
    show_new("GetFilenameObject(int __file__)", PyModule_GetFilenameObject(m));
    v = PyUnicode_FromString("/tmp/demo.so");
    PyObject_SetAttrString(m, "__file__", v);
    Py_DECREF(v);
    show_new("GetFilenameObject(str __file__)", PyModule_GetFilenameObject(m));
    show("repr with __file__", m);
    show_new("GetFilenameObject(dict)", PyModule_GetFilenameObject(notmod));

    show_cstr("GetName(dict)", PyModule_GetName(notmod));
    show_new("GetNameObject(dict)", PyModule_GetNameObject(notmod));
    show("GetDef(dict)", (PyObject *)PyModule_GetDef(notmod));
    show("GetState(dict)", (PyObject *)PyModule_GetState(notmod));
    PyObject_DelAttrString(m, "__name__");
    show_new("GetNameObject(no __name__)", PyModule_GetNameObject(m));
    v = PyLong_FromLong(5);
    PyObject_SetAttrString(m, "__name__", v);
    Py_DECREF(v);
    show_cstr("GetName(int __name__)", PyModule_GetName(m));
    Py_DECREF(notmod);
    Py_DECREF(m);
}

static void freeing(void)
{
    PyObject *m = PyModule_Create(&freeable_def);
    demo_state *st = PyModule_GetState(m);
    st->counter = 7;
    printf("m_free before DECREF: %d\n", free_calls);
    Py_DECREF(m);
    printf("m_free after DECREF: %d (saw counter %ld)\n", free_calls, free_saw);

    free_calls = 0;
    free_saw = -1;
    m = PyModule_Create(&freeable_cycle_def);
    show_new("cycle module: bump", PyObject_CallMethod(m, "bump", NULL));
    Py_DECREF(m);
    printf("cycle module: m_free after DECREF: %d\n", free_calls);
    PyGC_Collect();
    printf("cycle module: m_free after collect: %d (saw counter %ld)\n", free_calls, free_saw);
}

/*
 * CPython 3.12.1 checks the module index with "index > len(modules_by_index)"
 * and reads one past the end when a def's index equals the list's length, so
 * only defs whose index is certainly out of range (or covered by the list)
 * are looked up here: never_def gets its index before state_def is added.
 */
static void state_registry(void)
{
    PyObject *other = PyModule_Create(&never_def);
    PyObject *m = PyModule_Create(&state_def);
    show("FindModule before Add", PyState_FindModule(&state_def));
    show_int("AddModule", PyState_AddModule(m, &state_def));
    printf("FindModule is m: %d\n", PyState_FindModule(&state_def) == m);
    show_int("RemoveModule", PyState_RemoveModule(&state_def));
    show("FindModule after Remove", PyState_FindModule(&state_def));
    show_int("RemoveModule again", PyState_RemoveModule(&state_def));
    show("FindModule(def of a created, never added module)", PyState_FindModule(&never_def));
    show("FindModule(def never used)", PyState_FindModule(&unused_def));
    Py_DECREF(other);
    Py_DECREF(m);
}

static void sys_modules(void)
{
    PyObject *modules = PyImport_GetModuleDict();
    PyObject *a, *b, *name, *v;

    printf("GetModuleDict is dict: %d\n", PyDict_CheckExact(modules));
    printf("GetModuleDict is sys.modules: %d\n", PySys_GetObject("modules") == modules);
    printf("has sys: %d\n", PyDict_GetItemString(modules, "sys") != NULL);
    printf("has builtins: %d\n", PyDict_GetItemString(modules, "builtins") != NULL);
    printf("has fresh: %d\n", PyDict_GetItemString(modules, "fresh") != NULL);

    a = PyImport_AddModule("fresh");
    show("AddModule(fresh)", a);
    show_keys("AddModule(fresh): dict keys", a);
    printf("fresh in sys.modules is it: %d\n", PyDict_GetItemString(modules, "fresh") == a);
    b = PyImport_AddModule("fresh");
    printf("AddModule(fresh) again is same: %d\n", a == b);
    printf("AddModule(sys) is sys.modules['sys']: %d\n",
           PyImport_AddModule("sys") == PyDict_GetItemString(modules, "sys"));

    name = PyUnicode_FromString("fresh2");
    a = PyImport_AddModuleObject(name);
    show("AddModuleObject(fresh2)", a);
    printf("AddModuleObject(fresh2) again is same: %d\n", PyImport_AddModuleObject(name) == a);
    printf("fresh2 in sys.modules is it: %d\n", PyDict_GetItem(modules, name) == a);
    Py_DECREF(name);

    v = PyLong_FromLong(5);
    PyDict_SetItemString(modules, "notamod", v);
    Py_DECREF(v);
    show("AddModule(notamod) over an int", PyImport_AddModule("notamod"));
    show("sys.modules['notamod']", PyDict_GetItemString(modules, "notamod"));

    PyDict_DelItemString(modules, "fresh");
    PyDict_DelItemString(modules, "fresh2");
    PyDict_DelItemString(modules, "notamod");
    CHECK_NOERR();
}

static void importing(void)
{
    PyObject *modules = PyImport_GetModuleDict();
    PyObject *a, *b, *name;

    printf("init calls before import: %d\n", init_calls);
    printf("demo in sys.modules before import: %d\n", PyDict_GetItemString(modules, "demo") != NULL);
    a = PyImport_ImportModule("demo");
    show("ImportModule(demo)", a);
    printf("init calls: %d\n", init_calls);
    printf("sys.modules['demo'] is it: %d\n", PyDict_GetItemString(modules, "demo") == a);
    printf("GetDef is def: %d\n", PyModule_GetDef(a) == &demo_def);
    show_attr("INIT_NUMBER", a, "INIT_NUMBER");
    show_keys("imported: dict keys", a);
    show_new("imported: bump", PyObject_CallMethod(a, "bump", NULL));
    printf("FindModule(demo_def) is it: %d\n", PyState_FindModule(&demo_def) == a);

    b = PyImport_ImportModule("demo");
    printf("ImportModule(demo) again is same: %d\n", a == b);
    printf("init calls after second import: %d\n", init_calls);
    Py_DECREF(b);
    name = PyUnicode_FromString("demo");
    b = PyImport_Import(name);
    printf("Import('demo') is same: %d\n", a == b);
    printf("init calls after Import: %d\n", init_calls);
    Py_XDECREF(b);
    show_new("imported: bump again", PyObject_CallMethod(a, "bump", NULL));

    PyDict_DelItemString(modules, "demo");
    b = PyImport_Import(name);
    show("Import('demo') after removal from sys.modules", b);
    printf("init calls after re-import: %d\n", init_calls);
    printf("re-import is a new module: %d\n", a != b);
    show_attr("re-imported: INIT_NUMBER", b, "INIT_NUMBER");
    show_new("re-imported: bump", PyObject_CallMethod(b, "bump", NULL));
    printf("FindModule(demo_def) is the new one: %d\n", PyState_FindModule(&demo_def) == b);
    Py_XDECREF(b);
    Py_DECREF(name);
    Py_DECREF(a);

    show_new("ImportModule(nosuchmodule)", PyImport_ImportModule("nosuchmodule"));
    name = PyUnicode_FromString("nosuchmodule");
    show_new("Import('nosuchmodule')", PyImport_Import(name));
    Py_DECREF(name);
    printf("nosuchmodule in sys.modules: %d\n", PyDict_GetItemString(modules, "nosuchmodule") != NULL);
}

int main(void)
{
    if (PyImport_AppendInittab("demo", PyInit_demo) != 0) {
        puts("AppendInittab failed");
        return 1;
    }
    Py_Initialize();
    created();
    stateless();
    adding();
    freeing();
    state_registry();
    sys_modules();
    importing();
    CHECK_NOERR();
    return ctest_finish();
}
