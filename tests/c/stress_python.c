/*
 * stress_python.c -- 8 native threads run Python code at once, with the
 * switch interval at 10 microseconds so the GIL changes hands in the middle
 * of their bytecode (drop requests through the eval breaker). Each thread
 * calls one Python function that builds and mutates containers, runs
 * generators and closures, raises and catches exceptions, makes instances
 * with __dict__ and weak references, and appends to a shared list and
 * increments a shared dict entry under a threading-free protocol (each
 * thread its own key, plus a shared list whose appends are atomic under
 * the GIL). Once every thread has its thread state, the main thread
 * installs a profile hook on all of them (PyEval_SetProfileAllThreads)
 * that counts calls, lets them run, and removes the hook once it has seen
 * calls, while they are still running.
 *
 * The main thread then checks and prints, in a fixed order: each
 * thread's result (deterministic), the shared list's length and sum, the
 * per-thread keys, that the hook saw calls, and that no exception is
 * pending (how many calls the hook sees depends on timing).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include "ctest.h"

#include <pthread.h>
#include <sched.h>

#define N_THREADS 8
#define ROUNDS 150

static PyObject *work;  /* the Python function */
static PyObject *results[N_THREADS];
static long hook_calls;
static int started, go;

static const char *source =
    "import sys, gc\n"
    "shared = []\n"
    "per_thread = {}\n"
    "class Node:\n"
    "    def __init__(self, v):\n"
    "        self.v = v\n"
    "        self.next = None\n"
    "def gen(n):\n"
    "    for i in range(n):\n"
    "        yield i * i\n"
    "def make_adder(k):\n"
    "    def add(x):\n"
    "        return x + k\n"
    "    return add\n"
    "def work(tid, rounds):\n"
    "    total = 0\n"
    "    d = {}\n"
    "    head = None\n"
    "    for r in range(rounds):\n"
    "        add = make_adder(tid)\n"
    "        total += sum(gen(10)) + add(r)\n"
    "        d[r % 17] = [r, str(r), (r, tid)]\n"
    "        n = Node(r)\n"
    "        n.next = head\n"
    "        head = n if r % 5 else None\n"
    "        try:\n"
    "            if r % 3 == 0:\n"
    "                raise ValueError(r)\n"
    "            total += len(d)\n"
    "        except ValueError as e:\n"
    "            total += e.args[0] % 7\n"
    "        s = {x % 11 for x in range(r % 30)}\n"
    "        total += len(s) + sum(v[0] for v in d.values())\n"
    "        shared.append(tid)\n"
    "        per_thread[tid] = per_thread.get(tid, 0) + 1\n"
    "        if r % 50 == 0:\n"
    "            gc.collect(0)\n"
    "    return total\n";

static int counting_hook(PyObject *obj, PyFrameObject *f, int what, PyObject *arg)
{
    (void)obj;
    (void)f;
    (void)arg;
    if (what == PyTrace_CALL)
        __atomic_add_fetch(&hook_calls, 1, __ATOMIC_RELAXED);
    return 0;
}

static void *thread_main(void *arg)
{
    long tid = (long)arg;
    PyGILState_STATE s = PyGILState_Ensure();
    __atomic_add_fetch(&started, 1, __ATOMIC_RELAXED);
    Py_BEGIN_ALLOW_THREADS
    while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
        sched_yield();
    Py_END_ALLOW_THREADS
    PyObject *r = PyObject_CallFunction(work, "ll", tid, (long)ROUNDS);
    if (r == NULL) {
        printf("thread %ld raised\n", tid);
        PyErr_Print();
    }
    results[tid] = r;
    PyGILState_Release(s);
    return NULL;
}

int main(void)
{
    Py_Initialize();
    PyObject *g = PyDict_New();
    PyDict_SetItemString(g, "__builtins__", PyEval_GetBuiltins());
    PyObject *r = PyRun_String(source, Py_file_input, g, g);
    if (r == NULL) {
        PyErr_Print();
        return 1;
    }
    Py_DECREF(r);
    work = PyDict_GetItemString(g, "work");
    r = PyRun_String("import sys\nsys.setswitchinterval(1e-5)\n", Py_file_input, g, g);
    Py_XDECREF(r);
    CHECK_NOERR();

    /* the expected results, computed on this thread alone first */
    long expected[N_THREADS];
    for (long t = 0; t < N_THREADS; t++) {
        PyObject *e = PyObject_CallFunction(work, "ll", t, (long)ROUNDS);
        expected[t] = e ? PyLong_AsLong(e) : -1;
        Py_XDECREF(e);
    }
    CHECK_NOERR();
    r = PyRun_String("shared.clear()\nper_thread.clear()\n", Py_file_input, g, g);
    Py_XDECREF(r);

    pthread_t th[N_THREADS];
    PyThreadState *ts = PyEval_SaveThread();
    for (long t = 0; t < N_THREADS; t++)
        pthread_create(&th[t], NULL, thread_main, (void *)t);
    /* every thread has its thread state: hook them all, let them run,
       unhook once the hook has seen calls */
    while (__atomic_load_n(&started, __ATOMIC_RELAXED) < N_THREADS)
        sched_yield();
    PyGILState_STATE s = PyGILState_Ensure();
    PyEval_SetProfileAllThreads(counting_hook, NULL);
    PyGILState_Release(s);
    __atomic_store_n(&go, 1, __ATOMIC_RELEASE);
    while (__atomic_load_n(&hook_calls, __ATOMIC_RELAXED) < 100)
        sched_yield();
    s = PyGILState_Ensure();
    PyEval_SetProfileAllThreads(NULL, NULL);
    PyGILState_Release(s);
    for (int t = 0; t < N_THREADS; t++)
        pthread_join(th[t], NULL);
    PyEval_RestoreThread(ts);

    for (int t = 0; t < N_THREADS; t++) {
        long got = results[t] ? PyLong_AsLong(results[t]) : -1;
        printf("thread %d: %s\n", t, got == expected[t] ? "same result as alone" : "DIFFERENT");
        Py_XDECREF(results[t]);
    }
    r = PyRun_String("out = (len(shared), sum(shared), sorted(per_thread.items()))\n",
                     Py_file_input, g, g);
    Py_XDECREF(r);
    show("shared list length, sum, per-thread counts", PyDict_GetItemString(g, "out"));
    printf("the hook saw calls: %s\n", hook_calls >= 100 ? "yes" : "no");
    Py_DECREF(g);
    return ctest_finish();
}
