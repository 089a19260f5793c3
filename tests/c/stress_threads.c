/*
 * stress_threads.c -- 16 native threads hammer the runtime, each taking and
 * releasing the GIL (PyGILState_Ensure/Release) once per round, for a fixed
 * number of rounds. Every round a thread:
 *   - mutates one shared dict (inserts its key for the round, deletes the
 *     key of its previous round every other round, overwrites a shared
 *     counter key);
 *   - creates an instance of a weakref-able heap type with a weakref whose
 *     callback counts, and drops the instance (the callback runs);
 *   - adds a dict watcher, watches a private dict, mutates it, unwatches
 *     and clears the watcher (recording the id it got);
 *   - raises a ValueError, checks it matches, and clears it;
 *   - every 16th round, gives the GIL up inside Py_BEGIN_ALLOW_THREADS;
 * and yields the processor between rounds, so the threads interleave.
 *
 * At the end the main thread checks consistency and prints it in a fixed
 * order: the dict's size and contents, the weakref callback count, the
 * watcher callback count and the ids handed out, the exceptions matched,
 * and that nothing is left pending. The rounds are fixed (not timed), so
 * the output does not depend on scheduling.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include "ctest.h"

#include <pthread.h>
#include <sched.h>
#include <stddef.h>

#define NTHREADS 16
#define ROUNDS 4000

static PyObject *shared_dict;
static PyObject *weak_type;
static long weak_callbacks;    /* under the GIL */
static long watcher_events;    /* under the GIL */

struct worker {
    int index;
    pthread_t thread;
    long exc_matched;
    long watcher_add_failed;
    long watcher_ids_seen;     /* bit mask of ids handed out */
    long watch_failed;
    long dict_errors;
    long weak_errors;
};

static struct worker workers[NTHREADS];

static PyObject *weak_cb(PyObject *self, PyObject *ref)
{
    (void)self;
    (void)ref;
    weak_callbacks++;
    Py_RETURN_NONE;
}

static PyMethodDef weak_cb_def = {"weak_cb", weak_cb, METH_O, NULL};

static int watcher(PyDict_WatchEvent event, PyObject *dict, PyObject *key, PyObject *new_value)
{
    (void)event;
    (void)dict;
    (void)key;
    (void)new_value;
    watcher_events++;
    return 0;
}

static int weak_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

/* managed weakrefs (the 3.12 way): the default dealloc clears them */
static PyType_Slot weak_slots[] = {{Py_tp_traverse, weak_traverse}, {0, NULL}};
static PyType_Spec weak_spec = {"stress.Weak", sizeof(PyObject), 0,
                                Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_MANAGED_WEAKREF,
                                weak_slots};

static void one_round(struct worker *w, PyObject *cb, PyObject *private_dict, long r)
{
    /* the shared dict */
    PyObject *key = PyLong_FromLong((long)w->index * ROUNDS + r);
    if (key == NULL || PyDict_SetItem(shared_dict, key, key) < 0) {
        w->dict_errors++;
        PyErr_Clear();
    }
    Py_XDECREF(key);
    if (r % 2 == 1) {
        PyObject *prev = PyLong_FromLong((long)w->index * ROUNDS + r - 1);
        if (prev == NULL || PyDict_DelItem(shared_dict, prev) < 0) {
            w->dict_errors++;
            PyErr_Clear();
        }
        Py_XDECREF(prev);
    }
    PyObject *last = PyLong_FromLong(w->index);
    if (last == NULL || PyDict_SetItemString(shared_dict, "last", last) < 0) {
        w->dict_errors++;
        PyErr_Clear();
    }
    Py_XDECREF(last);

    /* an object with a weakref and a callback */
    PyObject *obj = PyObject_CallNoArgs(weak_type);
    PyObject *ref = obj ? PyWeakref_NewRef(obj, cb) : NULL;
    if (ref == NULL) {
        w->weak_errors++;
        PyErr_Clear();
    }
    Py_XDECREF(obj); /* the callback runs here */
    Py_XDECREF(ref);

    /* a dict watcher, added and cleared within the round */
    int id = PyDict_AddWatcher(watcher);
    if (id < 0) {
        w->watcher_add_failed++;
        PyErr_Clear();
    }
    else {
        w->watcher_ids_seen |= 1L << id;
        if (PyDict_Watch(id, private_dict) < 0) {
            w->watch_failed++;
            PyErr_Clear();
        }
        PyDict_SetItemString(private_dict, "k", Py_None); /* one event */
        PyDict_Unwatch(id, private_dict);
        PyDict_SetItemString(private_dict, "k", Py_True); /* none */
        if (PyDict_ClearWatcher(id) < 0) {
            w->watch_failed++;
            PyErr_Clear();
        }
    }

    /* raise and clear */
    PyErr_SetString(PyExc_ValueError, "stress");
    if (PyErr_ExceptionMatches(PyExc_ValueError)) {
        w->exc_matched++;
    }
    PyErr_Clear();
}

static void *worker_main(void *arg)
{
    struct worker *w = (struct worker *)arg;
    PyGILState_STATE st = PyGILState_Ensure();
    PyObject *cb = PyCFunction_New(&weak_cb_def, NULL);
    PyObject *private_dict = PyDict_New();
    PyGILState_Release(st);
    for (long r = 0; r < ROUNDS; r++) {
        st = PyGILState_Ensure();
        one_round(w, cb, private_dict, r);
        if (r % 16 == 15) {
            Py_BEGIN_ALLOW_THREADS
            sched_yield();
            Py_END_ALLOW_THREADS
        }
        PyGILState_Release(st);
        sched_yield(); /* let another thread take the GIL */
    }
    st = PyGILState_Ensure();
    Py_DECREF(cb);
    Py_DECREF(private_dict);
    PyGILState_Release(st);
    return NULL;
}

int main(void)
{
    Py_Initialize();
    shared_dict = PyDict_New();
    weak_type = PyType_FromSpec(&weak_spec);
    CHECK(shared_dict != NULL && weak_type != NULL);
    CHECK_NOERR();

    PyThreadState *main_ts = PyEval_SaveThread();
    for (int i = 0; i < NTHREADS; i++) {
        workers[i].index = i;
        pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]);
    }
    for (int i = 0; i < NTHREADS; i++) {
        pthread_join(workers[i].thread, NULL);
    }
    PyEval_RestoreThread(main_ts);

    long exc = 0, add_failed = 0, watch_failed = 0, dict_errors = 0, weak_errors = 0, ids = 0;
    for (int i = 0; i < NTHREADS; i++) {
        exc += workers[i].exc_matched;
        add_failed += workers[i].watcher_add_failed;
        watch_failed += workers[i].watch_failed;
        dict_errors += workers[i].dict_errors;
        weak_errors += workers[i].weak_errors;
        ids |= workers[i].watcher_ids_seen;
    }
    show_int("threads", NTHREADS);
    show_int("rounds per thread", ROUNDS);
    show_int("dict size", PyDict_Size(shared_dict));
    show_int("dict size expected", NTHREADS * ROUNDS / 2 + 1);
    {
        long missing = 0, wrong = 0;
        for (long t = 0; t < NTHREADS; t++) {
            for (long r = 0; r < ROUNDS; r++) {
                PyObject *k = PyLong_FromLong(t * ROUNDS + r);
                PyObject *v = PyDict_GetItemWithError(shared_dict, k);
                int expect = (r % 2 == 1);
                if (expect && v == NULL) missing++;
                if (!expect && v != NULL) wrong++;
                if (v != NULL && PyObject_RichCompareBool(v, k, Py_EQ) != 1) wrong++;
                Py_DECREF(k);
            }
        }
        show_int("dict keys missing", missing);
        show_int("dict keys that should be gone or wrong", wrong);
        PyObject *last = PyDict_GetItemString(shared_dict, "last");
        show_int("dict 'last' is a thread index",
                 last != NULL && PyLong_AsLong(last) >= 0 && PyLong_AsLong(last) < NTHREADS);
    }
    show_int("dict errors", dict_errors);
    show_int("weakref errors", weak_errors);
    show_int("weakref callbacks", weak_callbacks);
    show_int("dict watcher events", watcher_events);
    show_int("dict watcher add failures", add_failed);
    show_int("dict watcher watch/clear failures", watch_failed);
    show_int("dict watcher ids handed out (mask)", ids);
    {
        /* every watcher id is free again: eight can be added */
        int got[8], n = 0;
        for (int i = 0; i < 8; i++) {
            got[i] = PyDict_AddWatcher(watcher);
            if (got[i] >= 0) n++;
        }
        show_int("dict watchers addable after the run", n);
        for (int i = 0; i < 8; i++) {
            if (got[i] >= 0) PyDict_ClearWatcher(got[i]);
        }
        PyErr_Clear();
    }
    show_int("exceptions matched", exc);
    show_exc("pending at the end");
    Py_DECREF(shared_dict);
    Py_DECREF(weak_type);
    return ctest_finish();
}
