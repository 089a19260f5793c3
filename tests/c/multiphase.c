/*
 * multiphase.c -- multi-phase module initialization (PEP 489):
 * PyModuleDef_Init from an inittab init function, Py_mod_exec slots run in
 * order with the module state allocated, Py_mod_create returning a module
 * or another object, Py_mod_multiple_interpreters, the module's __spec__,
 * and CPython's errors: failing exec slots (with and without an
 * exception, or success with one set), creation failures, unknown and
 * repeated slots, state requested by a non-module, negative m_size.
 * PyModule_FromDefAndSpec and PyModule_ExecDef called directly with a
 * spec object.
 */
#include "ctest.h"

typedef struct { long counter; } mstate;

static int exec_one(PyObject *m)
{
    mstate *st = PyModule_GetState(m);
    if (st == NULL)
        return -1;
    st->counter += 1;
    return PyModule_AddIntConstant(m, "one", 1);
}

static int exec_two(PyObject *m)
{
    mstate *st = PyModule_GetState(m);
    st->counter += 10;
    return PyModule_AddIntConstant(m, "counter", st->counter);
}

static PyObject *get_counter(PyObject *m, PyObject *unused)
{
    (void)unused;
    mstate *st = PyModule_GetState(m);
    return PyLong_FromLong(st->counter);
}

static PyMethodDef good_methods[] = {
    {"get_counter", get_counter, METH_NOARGS, "The state's counter."},
    {NULL, NULL, 0, NULL}};

static PyModuleDef_Slot good_slots[] = {
    {Py_mod_exec, exec_one},
    {Py_mod_exec, exec_two},
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
    {0, NULL}};

static PyModuleDef good_def = {
    PyModuleDef_HEAD_INIT, "mp_good", "A multi-phase module.", sizeof(mstate),
    good_methods, good_slots, NULL, NULL, NULL};

static PyObject *init_good(void) { return PyModuleDef_Init(&good_def); }

static int exec_fail_silent(PyObject *m) { (void)m; return -1; }
static int exec_fail(PyObject *m)
{
    (void)m;
    PyErr_SetString(PyExc_RuntimeError, "exec failed");
    return -1;
}
static int exec_unreported(PyObject *m)
{
    (void)m;
    PyErr_SetString(PyExc_ValueError, "left behind");
    return 0;
}

#define DEF(var, name, size, slots) \
    static PyModuleDef var = {PyModuleDef_HEAD_INIT, name, NULL, size, NULL, slots, NULL, NULL, NULL}; \
    static PyObject *init_##var(void) { return PyModuleDef_Init(&var); }

static PyModuleDef_Slot silent_slots[] = {{Py_mod_exec, exec_fail_silent}, {0, NULL}};
DEF(silent_def, "mp_silent", 0, silent_slots)
static PyModuleDef_Slot fail_slots[] = {{Py_mod_exec, exec_fail}, {0, NULL}};
DEF(fail_def, "mp_fail", 0, fail_slots)
static PyModuleDef_Slot unreported_slots[] = {{Py_mod_exec, exec_unreported}, {0, NULL}};
DEF(unreported_def, "mp_unreported", 0, unreported_slots)

static PyObject *create_module(PyObject *spec, PyModuleDef *def)
{
    (void)def;
    PyObject *name = PyObject_GetAttrString(spec, "name");
    if (name == NULL)
        return NULL;
    PyObject *m = PyModule_NewObject(name);
    Py_DECREF(name);
    if (m != NULL && PyModule_AddStringConstant(m, "made_by", "create slot") < 0)
        Py_CLEAR(m);
    return m;
}
static PyModuleDef_Slot create_slots[] = {{Py_mod_create, create_module}, {Py_mod_exec, exec_one}, {0, NULL}};
DEF(create_def, "mp_create", sizeof(mstate), create_slots)

static PyObject *create_other(PyObject *spec, PyModuleDef *def)
{
    (void)spec;
    (void)def;
    return PyList_New(0);
}
static PyModuleDef_Slot other_slots[] = {{Py_mod_create, create_other}, {0, NULL}};
DEF(other_state_def, "mp_other_state", 8, other_slots)
DEF(other_def, "mp_other", 0, other_slots)

static PyObject *create_null(PyObject *spec, PyModuleDef *def) { (void)spec; (void)def; return NULL; }
static PyModuleDef_Slot null_slots[] = {{Py_mod_create, create_null}, {0, NULL}};
DEF(null_def, "mp_null", 0, null_slots)

static PyModuleDef_Slot unknown_slots[] = {{42, NULL}, {0, NULL}};
DEF(unknown_def, "mp_unknown", 0, unknown_slots)
static PyModuleDef_Slot twice_slots[] = {{Py_mod_create, create_module}, {Py_mod_create, create_module}, {0, NULL}};
DEF(twice_def, "mp_twice", 0, twice_slots)
static PyModuleDef_Slot plain_slots[] = {{0, NULL}};
DEF(negative_def, "mp_negative", -1, plain_slots)

static void try_import(const char *name)
{
    PyObject *m = PyImport_ImportModule(name);
    if (m == NULL) {
        char label[80];
        snprintf(label, sizeof label, "import %s", name);
        show(label, NULL);
        PyObject *mods = PyImport_GetModuleDict();
        printf("  in sys.modules: %d\n", PyDict_GetItemString(mods, name) != NULL);
        return;
    }
    printf("import %s: ok\n", name);
    show_new("  repr", PyObject_Repr(m));
    PyObject *d = PyModule_GetDict(m);
    PyObject *keys = PyDict_Keys(d);
    PyList_Sort(keys);
    show_new("  names", keys);
    Py_DECREF(m);
}

int main(void)
{
    PyImport_AppendInittab("mp_good", init_good);
    PyImport_AppendInittab("mp_silent", init_silent_def);
    PyImport_AppendInittab("mp_fail", init_fail_def);
    PyImport_AppendInittab("mp_unreported", init_unreported_def);
    PyImport_AppendInittab("mp_create", init_create_def);
    PyImport_AppendInittab("mp_other_state", init_other_state_def);
    PyImport_AppendInittab("mp_other", init_other_def);
    PyImport_AppendInittab("mp_null", init_null_def);
    PyImport_AppendInittab("mp_unknown", init_unknown_def);
    PyImport_AppendInittab("mp_twice", init_twice_def);
    PyImport_AppendInittab("mp_negative", init_negative_def);
    Py_Initialize();

    puts("-- a module with two exec slots and state");
    {
        PyObject *m = PyImport_ImportModule("mp_good");
        show("import", m == NULL ? NULL : Py_None);
        show_new("one", PyObject_GetAttrString(m, "one"));
        show_new("counter", PyObject_GetAttrString(m, "counter"));
        show_new("get_counter()", PyObject_CallMethod(m, "get_counter", NULL));
        show_new("__doc__", PyObject_GetAttrString(m, "__doc__"));
        show_new("__name__", PyObject_GetAttrString(m, "__name__"));
        PyObject *spec = PyObject_GetAttrString(m, "__spec__");
        show_new("spec.name", PyObject_GetAttrString(spec, "name"));
        show_new("spec.origin", PyObject_GetAttrString(spec, "origin"));
        Py_XDECREF(spec);
        printf("GetDef is the def: %d\n", PyModule_GetDef(m) == &good_def);
        printf("def is a moduledef: %d\n", Py_IS_TYPE((PyObject *)&good_def, &PyModuleDef_Type));
        show_new("get_counter.__module__",
                 PyObject_GetAttrString(PyObject_GetAttrString(m, "get_counter"), "__module__"));
        PyObject *again = PyImport_ImportModule("mp_good");
        printf("imported once: %d\n", again == m);
        Py_XDECREF(again);
        printf("PyState_FindModule: %s\n", PyState_FindModule(&good_def) == NULL ? "NULL" : "found");
        CHECK_NOERR();
        Py_XDECREF(m);
    }

    puts("-- exec and create errors");
    try_import("mp_silent");
    try_import("mp_fail");
    try_import("mp_unreported");
    try_import("mp_create");
    try_import("mp_other_state");
    try_import("mp_other");
    try_import("mp_null");
    try_import("mp_unknown");
    try_import("mp_twice");
    try_import("mp_negative");

    puts("-- FromDefAndSpec and ExecDef directly");
    {
        PyType_Slot slots[] = {{0, NULL}};
        PyType_Spec ns = {"mp.Spec", 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_MANAGED_DICT, slots};
        PyObject *T = PyType_FromSpec(&ns);
        PyObject *spec = PyObject_CallNoArgs(T);
        PyObject_SetAttrString(spec, "name", PyUnicode_FromString("pkg.direct"));
        PyObject *m = PyModule_FromDefAndSpec(&good_def, spec);
        show_new("__name__", PyObject_GetAttrString(m, "__name__"));
        PyObject *d = PyModule_GetDict(m);
        printf("has one before exec: %d\n", PyDict_GetItemString(d, "one") != NULL);
        show_int("ExecDef", PyModule_ExecDef(m, &good_def));
        show_new("counter", PyObject_GetAttrString(m, "counter"));
        Py_DECREF(m);
        PyObject_SetAttrString(spec, "name", PyLong_FromLong(5));
        show("name not a str", PyModule_FromDefAndSpec(&good_def, spec));
        PyObject *plain = PyObject_CallNoArgs(T);
        show("spec without name", PyModule_FromDefAndSpec(&good_def, plain));
        Py_DECREF(plain);
        Py_DECREF(spec);
        Py_DECREF(T);
    }

    return ctest_finish();
}
