/*
 * finalize_modules.c -- module teardown at Py_FinalizeEx, in CPython 3.12's
 * order: objects hidden in builtins._ and sys.last_value die first, then
 * modules no longer referenced once sys.modules is emptied, then the
 * namespaces of modules still alive are wiped, the most recently imported
 * first, single-underscore names before the others, __builtins__ kept; a
 * single-phase extension module's m_free runs when PyState_AddModule's
 * registry lets it go (a multi-phase one referenced from a wiped module is
 * not freed by CPython 3.12.1's teardown, nor by Ophis's); a module weakref
 * callback runs when its module dies; Py_FinalizeEx returns 0.
 *
 * Every line goes through C stdio (the Python side logs through the
 * `fin_log` module's `log` function) so that buffering cannot reorder them.
 * Every event is made to happen at a step whose order is defined (a
 * reference count reaching zero), not inside one collection of garbage
 * cycles, where the order among the objects freed is the collector's own
 * (Ophis walks its pools, CPython its lists): the modules watched have no
 * functions (a builtin function and its module form a cycle) and are not
 * bound in `__main__`, which holds no noisy objects either (its namespace
 * lives on in cycles through the functions defined there).
 */
#include "ctest.h"

static void say(const char *s)
{
    printf("%s\n", s);
    fflush(stdout);
}

static PyObject *log_fn(PyObject *self, PyObject *arg)
{
    (void)self;
    const char *s = PyUnicode_AsUTF8(arg);
    if (s == NULL)
        return NULL;
    say(s);
    Py_RETURN_NONE;
}

static PyMethodDef ext_methods[] = {
    {"log", log_fn, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static void single_free(void *m)
{
    (void)m;
    say("m_free: single-phase module");
}

static PyModuleDef log_def = {
    PyModuleDef_HEAD_INIT, "fin_log", NULL, -1, ext_methods,
    NULL, NULL, NULL, NULL,
};

static PyObject *init_log(void)
{
    return PyModule_Create(&log_def);
}

static PyModuleDef single_def = {
    PyModuleDef_HEAD_INIT, "fin_single", NULL, 8, NULL,
    NULL, NULL, NULL, single_free,
};

static PyObject *init_single(void)
{
    PyObject *m = PyModule_Create(&single_def);
    if (m != NULL && PyState_AddModule(m, &single_def) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

static void multi_free(void *m)
{
    (void)m;
    say("m_free: multi-phase module");
}

static int multi_exec(PyObject *m)
{
    return PyModule_AddIntConstant(m, "answer", 42);
}

static PyModuleDef_Slot multi_slots[] = {
    {Py_mod_exec, multi_exec},
    {0, NULL},
};

static PyModuleDef multi_def = {
    PyModuleDef_HEAD_INIT, "fin_multi", NULL, 8, NULL,
    multi_slots, NULL, NULL, multi_free,
};

static PyObject *init_multi(void)
{
    return PyModuleDef_Init(&multi_def);
}

static const char *setup =
    "import sys, builtins, fin_log\n"
    "__import__('fin_single')\n"
    "log = fin_log.log\n"
    "class Noisy:\n"
    "    def __init__(self, name):\n"
    "        self.name = name\n"
    "    def __del__(self, log=log):\n"
    "        log('del ' + self.name)\n"
    "class Watch:\n"
    "    def __init__(self, d):\n"
    "        self.d = d\n"
    "    def __del__(self, log=log):\n"
    "        d = self.d\n"
    "        log('del mod_a.watch: __builtins__ %s, _private %r, zzz %s'\n"
    "            % (d['__builtins__'] is not None, d['_private'],\n"
    "               type(d['zzz']).__name__))\n"
    "mod_a = type(sys)('mod_a')\n"
    "sys.modules['mod_a'] = mod_a\n"
    "mod_a.public = Noisy('mod_a.public')\n"
    "mod_a._private = Noisy('mod_a._private')\n"
    "mod_a.__dunder__ = Noisy('mod_a.__dunder__')\n"
    "mod_a.__builtins__ = builtins\n"
    "mod_a.watch = Watch(mod_a.__dict__)\n"
    "mod_a.zzz = Noisy('mod_a.zzz')\n"
    "mod_b = type(sys)('mod_b')\n"
    "sys.modules['mod_b'] = mod_b\n"
    "mod_b.x = Noisy('mod_b.x')\n"
    "mod_b._y = Noisy('mod_b._y')\n"
    "mod_b.multi = __import__('fin_multi')\n"
    "mod_b.keep_a = mod_a\n"
    "import _weakref\n"
    "def gone(r, log=log):\n"
    "    log('weakref callback: a dropped module died')\n"
    "dropped = type(sys)('dropped')\n"
    "dropped.thing = Noisy('dropped.thing')\n"
    "sys.modules['dropped'] = dropped\n"
    "wr = _weakref.ref(dropped, gone)\n"
    "del dropped\n"
    "builtins._ = Noisy('builtins._')\n"
    "sys.last_value = Noisy('sys.last_value')\n"
    "sys.some_attr = Noisy('sys.some_attr')\n"
    "builtins.extra = Noisy('builtins.extra')\n"
    "log('setup done')\n";

int main(void)
{
    PyImport_AppendInittab("fin_log", init_log);
    PyImport_AppendInittab("fin_single", init_single);
    PyImport_AppendInittab("fin_multi", init_multi);
    Py_Initialize();
    PyObject *main_mod = PyImport_AddModule("__main__");
    PyObject *g = PyModule_GetDict(main_mod);
    PyObject *r = PyRun_String(setup, Py_file_input, g, g);
    if (r == NULL) {
        PyErr_Print();
        return 1;
    }
    Py_DECREF(r);
    say("finalizing");
    int status = Py_FinalizeEx();
    printf("Py_FinalizeEx: %d\n", status);
    return 0;
}
