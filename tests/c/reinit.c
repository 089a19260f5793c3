/*
 * reinit.c -- Py_Initialize after Py_FinalizeEx starts a fresh interpreter:
 * new sys.modules, sys.path and builtins (a name a previous round put in
 * builtins or sys is gone), modules imported again (an inittab module's
 * init and m_free run once per round), Python code runs as in the first
 * round. Three rounds.
 */
#include "ctest.h"

static int inits, frees;

static void on_free(void *m)
{
    (void)m;
    frees++;
}

static PyModuleDef round_def = {
    PyModuleDef_HEAD_INIT, "round_mod", NULL, 0, NULL, NULL, NULL, NULL, on_free,
};

static PyObject *init_round(void)
{
    inits++;
    return PyModule_Create(&round_def);
}

static const char *prog =
    "import sys, builtins, round_mod, _weakref\n"
    "seen = (hasattr(builtins, 'left_behind'), hasattr(sys, 'left_behind'))\n"
    "builtins.left_behind = 1\n"
    "sys.left_behind = 1\n"
    "names = sorted(n for n in ('sys', 'builtins', 'round_mod', '_weakref')\n"
    "               if n in sys.modules)\n"
    "print(seen, names, type(sys.path).__name__, len([i * i for i in range(5)]))\n";

int main(void)
{
    PyImport_AppendInittab("round_mod", init_round);
    for (int round = 1; round <= 3; round++) {
        Py_Initialize();
        printf("round %d: initialized %d\n", round, Py_IsInitialized());
        fflush(stdout);
        PyObject *g = PyDict_New();
        PyDict_SetItemString(g, "__builtins__", PyEval_GetBuiltins());
        PyObject *r = PyRun_String(prog, Py_file_input, g, g);
        if (r == NULL)
            PyErr_Print();
        Py_XDECREF(r);
        Py_DECREF(g);
        PyObject *out = PySys_GetObject("stdout");
        if (out != NULL) {
            PyObject *f = PyObject_CallMethod(out, "flush", NULL);
            Py_XDECREF(f);
        }
        printf("round %d: Py_FinalizeEx %d, init calls %d, m_free calls %d\n",
               round, Py_FinalizeEx(), inits, frees);
        fflush(stdout);
    }
    return 0;
}
