/*
 * threads.c -- native threads and the GIL: PyGILState_Ensure/Release/Check,
 * PyEval_SaveThread/RestoreThread, Py_BEGIN/END_ALLOW_THREADS, thread
 * state identity, the interpreter's thread list and thread ids.
 *
 * Worker threads record what they observe into arrays; the main thread
 * prints everything afterwards in a fixed order, so the output does not
 * depend on scheduling.
 */
/* pthread barriers and clock_gettime are POSIX; ask for them explicitly in
   case the compiler runs in a strict ISO C mode (same value as pyconfig.h). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include "ctest.h"

#include <pthread.h>

#define NTHREADS 4
#define NITEMS 2000

struct worker {
    int index;
    pthread_t thread;
    /* observations */
    int check_before_ensure;
    int ensure_state;        /* PyGILState_STATE of the first Ensure */
    int nested_ensure_state; /* of a second, nested Ensure */
    int check_after_ensure;
    int tstate_not_main;
    int interp_same;
    int interp_get_same;
    int check_while_released;
    int check_after_reacquire;
    int tstate_same_after_reacquire;
    long checksum;
    int list_ok;
    int exc_ok;
    int check_after_release;
    PyThreadState *tstate;
    uint64_t id;
};

static struct worker workers[NTHREADS];
static PyThreadState *main_tstate;
static PyInterpreterState *main_interp;
static PyObject *shared_list; /* every worker appends to it under the GIL */
static pthread_barrier_t attached_barrier; /* all workers attached and parked */
static pthread_barrier_t resume_barrier;   /* main has looked, workers go on */

static void *worker_main(void *arg)
{
    struct worker *w = (struct worker *)arg;
    PyGILState_STATE st, st2;
    PyObject *d, *l;
    long i;

    w->check_before_ensure = PyGILState_Check();
    st = PyGILState_Ensure();
    w->ensure_state = (int)st;
    w->check_after_ensure = PyGILState_Check();
    w->tstate = PyThreadState_Get();
    w->tstate_not_main = w->tstate != main_tstate;
    w->interp_same = PyThreadState_GetInterpreter(w->tstate) == main_interp;
    w->interp_get_same = PyInterpreterState_Get() == main_interp;
    w->id = PyThreadState_GetID(w->tstate);

    st2 = PyGILState_Ensure(); /* nested: already attached */
    w->nested_ensure_state = (int)st2;
    PyGILState_Release(st2);

    /* some work creating and dropping objects */
    d = PyDict_New();
    for (i = 0; i < NITEMS; i++) {
        PyObject *k = PyLong_FromLong(i + 1000L * w->index);
        PyObject *v = PyUnicode_FromFormat("w%d-%ld", w->index, i);
        PyDict_SetItem(d, k, v);
        Py_DECREF(k);
        Py_DECREF(v);
    }
    w->checksum = 0;
    {
        Py_ssize_t pos = 0;
        PyObject *k, *v;
        while (PyDict_Next(d, &pos, &k, &v))
            w->checksum += PyLong_AsLong(k) + PyUnicode_GetLength(v);
    }
    Py_DECREF(d);

    /* park with the GIL released while main counts thread states */
    Py_BEGIN_ALLOW_THREADS
    w->check_while_released = PyGILState_Check();
    pthread_barrier_wait(&attached_barrier);
    pthread_barrier_wait(&resume_barrier);
    Py_END_ALLOW_THREADS
    w->check_after_reacquire = PyGILState_Check();
    w->tstate_same_after_reacquire = PyThreadState_Get() == w->tstate;

    l = PyList_New(0);
    for (i = 0; i < NITEMS; i++) {
        PyObject *x = PyTuple_Pack(2, Py_None, Py_True);
        PyList_Append(l, x);
        Py_DECREF(x);
        if (i % 100 == 0) {
            PyObject *n = PyLong_FromLong(w->index);
            PyList_Append(shared_list, n);
            Py_DECREF(n);
        }
    }
    w->list_ok = PyList_Size(l) == NITEMS;
    Py_DECREF(l);

    /* each thread has its own error indicator */
    PyErr_SetString(PyExc_ValueError, "per-thread");
    {
        PyObject *e = PyErr_GetRaisedException();
        w->exc_ok = e != NULL && PyErr_Occurred() == NULL;
        Py_XDECREF(e);
    }

    PyGILState_Release(st);
    w->check_after_release = PyGILState_Check();
    return NULL;
}

static int count_thread_states(PyThreadState **found_out, int max)
{
    PyThreadState *ts = PyInterpreterState_ThreadHead(PyInterpreterState_Get());
    int n = 0;
    for (; ts != NULL; ts = PyThreadState_Next(ts)) {
        if (found_out != NULL && n < max)
            found_out[n] = ts;
        n++;
    }
    return n;
}

int main(void)
{
    int i, n, all_found, distinct;
    PyThreadState *seen[16];
    PyThreadState *saved;
    PyGILState_STATE st;
    uint64_t main_id;

    Py_Initialize();
    main_tstate = PyThreadState_Get();
    main_interp = PyInterpreterState_Get();
    main_id = PyThreadState_GetID(main_tstate);

    printf("main.Py_IsInitialized: %d\n", Py_IsInitialized());
    printf("main.PyGILState_Check: %d\n", PyGILState_Check());
    printf("main.PyThreadState_Get non-NULL: %d\n", main_tstate != NULL);
    printf("main.GetInterpreter == PyInterpreterState_Get: %d\n",
           PyThreadState_GetInterpreter(main_tstate) == main_interp);
    printf("main.ThreadHead is main tstate: %d\n", PyInterpreterState_ThreadHead(main_interp) == main_tstate);
    printf("main.thread_states(before): %d\n", count_thread_states(NULL, 0));

    st = PyGILState_Ensure(); /* already holding the GIL */
    printf("main.Ensure while holding: %s\n", st == PyGILState_LOCKED ? "PyGILState_LOCKED" : "PyGILState_UNLOCKED");
    PyGILState_Release(st);
    printf("main.PyGILState_Check after nested Release: %d\n", PyGILState_Check());

    saved = PyEval_SaveThread();
    printf("main.SaveThread returned main tstate: %d\n", saved == main_tstate);
    printf("main.PyGILState_Check after SaveThread: %d\n", PyGILState_Check());
    PyEval_RestoreThread(saved);
    printf("main.PyGILState_Check after RestoreThread: %d\n", PyGILState_Check());
    printf("main.PyThreadState_Get after RestoreThread is main: %d\n", PyThreadState_Get() == main_tstate);

    shared_list = PyList_New(0);
    pthread_barrier_init(&attached_barrier, NULL, NTHREADS + 1);
    pthread_barrier_init(&resume_barrier, NULL, NTHREADS + 1);

    {
        int check_in_allow = -1;
        Py_BEGIN_ALLOW_THREADS
        check_in_allow = PyGILState_Check();
        for (i = 0; i < NTHREADS; i++) {
            workers[i].index = i;
            pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]);
        }
        pthread_barrier_wait(&attached_barrier);
        Py_END_ALLOW_THREADS
        printf("main.PyGILState_Check in ALLOW_THREADS: %d\n", check_in_allow);
    }

    /* all workers hold a thread state but have released the GIL */
    n = count_thread_states(seen, 16);
    printf("main.thread_states(while attached): %d\n", n);
    all_found = 1;
    for (i = 0; i < NTHREADS; i++) {
        int j, hit = 0;
        for (j = 0; j < n && j < 16; j++)
            hit |= seen[j] == workers[i].tstate;
        all_found &= hit;
    }
    printf("main.every worker tstate in the list: %d\n", all_found);
    {
        int has_main = 0;
        for (i = 0; i < n && i < 16; i++)
            has_main |= seen[i] == main_tstate;
        printf("main.main tstate in the list: %d\n", has_main);
    }
    printf("main.PyGILState_Check after END_ALLOW_THREADS: %d\n", PyGILState_Check());

    Py_BEGIN_ALLOW_THREADS
    pthread_barrier_wait(&resume_barrier);
    for (i = 0; i < NTHREADS; i++)
        pthread_join(workers[i].thread, NULL);
    Py_END_ALLOW_THREADS

    printf("main.thread_states(after join): %d\n", count_thread_states(NULL, 0));
    printf("main.PyThreadState_Get is main after join: %d\n", PyThreadState_Get() == main_tstate);

    for (i = 0; i < NTHREADS; i++) {
        struct worker *w = &workers[i];
        printf("worker%d.check_before_ensure: %d\n", i, w->check_before_ensure);
        printf("worker%d.ensure_state: %s\n", i,
               w->ensure_state == PyGILState_UNLOCKED ? "PyGILState_UNLOCKED" : "PyGILState_LOCKED");
        printf("worker%d.nested_ensure_state: %s\n", i,
               w->nested_ensure_state == PyGILState_UNLOCKED ? "PyGILState_UNLOCKED" : "PyGILState_LOCKED");
        printf("worker%d.check_after_ensure: %d\n", i, w->check_after_ensure);
        printf("worker%d.tstate_not_main: %d\n", i, w->tstate_not_main);
        printf("worker%d.GetInterpreter is main interp: %d\n", i, w->interp_same);
        printf("worker%d.PyInterpreterState_Get is main interp: %d\n", i, w->interp_get_same);
        printf("worker%d.checksum: %ld\n", i, w->checksum);
        printf("worker%d.check_while_released: %d\n", i, w->check_while_released);
        printf("worker%d.check_after_reacquire: %d\n", i, w->check_after_reacquire);
        printf("worker%d.same tstate after reacquire: %d\n", i, w->tstate_same_after_reacquire);
        printf("worker%d.list_ok: %d\n", i, w->list_ok);
        printf("worker%d.exc_ok: %d\n", i, w->exc_ok);
        printf("worker%d.check_after_release: %d\n", i, w->check_after_release);
    }

    distinct = 1;
    for (i = 0; i < NTHREADS; i++) {
        int j;
        distinct &= workers[i].id != main_id;
        for (j = i + 1; j < NTHREADS; j++)
            distinct &= workers[i].id != workers[j].id;
    }
    printf("ids.distinct: %d\n", distinct);

    {
        long sum = 0;
        Py_ssize_t k, len = PyList_Size(shared_list);
        for (k = 0; k < len; k++)
            sum += PyLong_AsLong(PyList_GetItem(shared_list, k));
        printf("shared_list.len: %lld\n", (long long)len);
        printf("shared_list.sum: %ld\n", sum);
    }
    Py_DECREF(shared_list);
    printf("main.error indicator untouched by workers: %d\n", PyErr_Occurred() == NULL);

    pthread_barrier_destroy(&attached_barrier);
    pthread_barrier_destroy(&resume_barrier);
    CHECK_NOERR();
    return ctest_finish();
}
