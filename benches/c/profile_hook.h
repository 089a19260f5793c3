/*
 * profile_hook.h -- the shared body of profile_hook_off and profile_hook_on:
 * one Python call and return per operation, PyObject_Vectorcall of a Python
 * function defined with PyRun_String (`def f(): return None`), with or
 * without a no-op C profile hook (PyEval_SetProfile with a C function that
 * returns 0) on the thread.
 *
 * With the hook, each operation reports PyTrace_CALL and PyTrace_RETURN to
 * it (the runtime makes a frame object for the call); the hook counts them,
 * and the teardown checks the count, so a runtime that skipped the events
 * could not look fast.  The cost the hook adds per call+return is
 * profile_hook_on - profile_hook_off, in ns and in instructions.
 *
 * Define BENCH_NAME and PH_HOOK (0 or 1) before including.
 */
#include "bench.h"

static PyObject *fn;

#if PH_HOOK
static long calls, returns;

static int ph_hook(PyObject *obj, PyFrameObject *frame, int what, PyObject *arg)
{
    (void)obj;
    (void)frame;
    (void)arg;
    if (what == PyTrace_CALL)
        calls++;
    else if (what == PyTrace_RETURN)
        returns++;
    return 0;
}
#endif

static void bench_setup(void)
{
    PyObject *globals = PyDict_New();
    PyObject *r;
    PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins());
    r = PyRun_String("def f():\n    return None\n", Py_file_input, globals, globals);
    if (r == NULL) {
        PyErr_Print();
        exit(1);
    }
    Py_DECREF(r);
    fn = Py_NewRef(PyDict_GetItemString(globals, "f"));
    Py_DECREF(globals);
#if PH_HOOK
    PyEval_SetProfile(ph_hook, NULL);
#endif
}

BENCH_OP(i)
{
    PyObject *r = PyObject_Vectorcall(fn, NULL, 0, NULL);
    bench_escape(r);
    Py_DECREF(r);
}

static void bench_teardown(void)
{
#if PH_HOOK
    PyEval_SetProfile(NULL, NULL);
    if (calls == 0 || calls != returns) {
        fprintf(stderr, "%s: the hook saw %ld calls and %ld returns\n", BENCH_NAME, calls,
                returns);
        exit(1);
    }
#endif
    Py_DECREF(fn);
}
