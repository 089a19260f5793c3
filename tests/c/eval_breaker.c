/*
 * eval_breaker.c -- the eval breaker (issue 14): a thread waiting for the
 * GIL gets it while the main thread runs a Python loop (the drop request
 * after the switch interval), Py_AddPendingCall from another thread runs
 * on the main thread inside a Python loop, a failing pending call raises
 * in the loop, and sys.setswitchinterval/getswitchinterval.
 */
#include "evaltest.h"
#include <pthread.h>

static PyObject *shared;   /* a dict the threads use to talk */

static void *other_thread(void *arg)
{
    (void)arg;
    PyGILState_STATE st = PyGILState_Ensure();
    PyObject *one = PyLong_FromLong(1);
    PyDict_SetItemString(shared, "stop", one);
    Py_DECREF(one);
    PyGILState_Release(st);
    return NULL;
}

static int pending_set(void *arg)
{
    PyObject *v = PyUnicode_FromString((const char *)arg);
    PyDict_SetItemString(shared, "pending", v);
    Py_DECREF(v);
    return 0;
}

static int pending_fail(void *arg)
{
    (void)arg;
    PyErr_SetString(PyExc_RuntimeError, "pending call failed");
    return -1;
}

static void *adder_thread(void *arg)
{
    /* No GIL is needed to queue. CPython 3.12 only notices a call queued
       by another thread once the main thread takes the GIL again, so this
       thread then asks for the GIL too. */
    Py_AddPendingCall(pending_set, arg);
    PyGILState_STATE st = PyGILState_Ensure();
    PyGILState_Release(st);
    return NULL;
}

int main(void)
{
    Py_Initialize();
    run("switch interval",
        "import sys\nold = sys.getswitchinterval()\nsys.setswitchinterval(0.001)\n"
        "r = (old, sys.getswitchinterval())\nsys.setswitchinterval(old)");
    run("bad interval", "import sys\nsys.setswitchinterval(0)");

    shared = PyDict_New();
    globals = PyDict_New();
    PyDict_SetItemString(globals, "shared", shared);
    pthread_t t;
    pthread_create(&t, NULL, other_thread, NULL);
    /* The loop ends only when the other thread got the GIL. */
    PyObject *r = PyRun_String(
        "n = 0\nwhile 'stop' not in shared:\n    n += 1\n'other thread ran'",
        Py_file_input, globals, globals);
    Py_XDECREF(r);
    show_exc("loop with waiting thread");
    Py_BEGIN_ALLOW_THREADS
    pthread_join(t, NULL);
    Py_END_ALLOW_THREADS
    show("stop", PyDict_GetItemString(shared, "stop"));

    pthread_create(&t, NULL, adder_thread, "from a pending call");
    r = PyRun_String("while 'pending' not in shared:\n    pass\n", Py_file_input, globals, globals);
    Py_XDECREF(r);
    show_exc("loop with pending call");
    Py_BEGIN_ALLOW_THREADS
    pthread_join(t, NULL);
    Py_END_ALLOW_THREADS
    show("pending", PyDict_GetItemString(shared, "pending"));

    show_int("add failing", Py_AddPendingCall(pending_fail, NULL));
    r = PyRun_String("i = 0\nwhile True:\n    i += 1\n", Py_file_input, globals, globals);
    show_new("loop with failing call", r);
    show_int("make pending (empty)", Py_MakePendingCalls());

    Py_DECREF(shared);
    Py_XDECREF(globals);
    globals = NULL;
    return ctest_finish();
}
