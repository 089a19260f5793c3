/*
 * dict_watch.h -- the shared body of the dict-watcher benches
 * (dw_set_N, dw_insdel_N): a small dict of 8 str keys watched by
 * DW_WATCHERS dict watchers (0, 1 or 8) whose callback only counts events.
 *
 * DW_OP_SET     PyDict_SetItem of an existing key, the value alternating
 *               between two objects so every store replaces it (MODIFIED)
 * DW_OP_INSDEL  PyDict_SetItem of a new key, then PyDict_DelItem of it
 *               (ADDED + DELETED)
 *
 * The teardown checks the callback saw exactly the events expected, so a
 * runtime that skipped them could not look fast.  Define BENCH_NAME,
 * DW_WATCHERS and one DW_OP_* before including.
 */
#include "bench.h"

#define DW_NKEYS 8

static PyObject *dict;
static PyObject *keys[DW_NKEYS];
static PyObject *extra_key;
static PyObject *values[2];
static int watcher_ids[8];
static long events;
static long ops;

#if DW_WATCHERS > 0
/* (compiled out for 0 watchers, so dw_*_0 links against an Ophis built
   before watchers existed: the baseline of the unwatched-cost check) */
static int dw_callback(PyDict_WatchEvent ev, PyObject *d, PyObject *k, PyObject *v)
{
    (void)ev;
    (void)d;
    (void)k;
    (void)v;
    events++;
    return 0;
}
#endif

static void bench_setup(void)
{
    int k;
    dict = PyDict_New();
    values[0] = PyLong_FromLong(100000);
    values[1] = PyLong_FromLong(200000);
    for (k = 0; k < DW_NKEYS; k++) {
        keys[k] = PyUnicode_FromFormat("key%d", k);
        PyDict_SetItem(dict, keys[k], values[0]);
    }
    extra_key = PyUnicode_FromString("extra");
#if DW_WATCHERS > 0
    for (k = 0; k < DW_WATCHERS; k++) {
        watcher_ids[k] = PyDict_AddWatcher(dw_callback);
        if (watcher_ids[k] < 0 || PyDict_Watch(watcher_ids[k], dict) < 0)
            abort();
    }
#endif
}

BENCH_OP(i)
{
#if defined(DW_OP_SET)
    /* indexed by the global count, not i, so that every store after the
       first 8 replaces the value across repetitions too */
    (void)i;
    if (PyDict_SetItem(dict, keys[ops & (DW_NKEYS - 1)], values[(ops >> 3) & 1]) < 0)
        abort();
#elif defined(DW_OP_INSDEL)
    if (PyDict_SetItem(dict, extra_key, values[i & 1]) < 0 ||
        PyDict_DelItem(dict, extra_key) < 0)
        abort();
#else
#error "define DW_OP_SET or DW_OP_INSDEL"
#endif
    ops++;
}

static void bench_teardown(void)
{
    int k;
#if defined(DW_OP_SET)
    long per_op = DW_WATCHERS;
#else
    long per_op = 2 * DW_WATCHERS;
#endif
    /* the first 8 overwrites store the value already there: no event */
    long expected = per_op * ops;
#if defined(DW_OP_SET)
    expected -= (ops < DW_NKEYS ? ops : DW_NKEYS) * DW_WATCHERS;
#endif
    if (events != expected) {
        fprintf(stderr, "%s: %ld watcher events, expected %ld\n", BENCH_NAME, events, expected);
        abort();
    }
    if (PyDict_Size(dict) != DW_NKEYS)
        abort();
#if DW_WATCHERS > 0
    for (k = 0; k < DW_WATCHERS; k++)
        if (PyDict_Unwatch(watcher_ids[k], dict) < 0 || PyDict_ClearWatcher(watcher_ids[k]) < 0)
            abort();
#endif
    for (k = 0; k < DW_NKEYS; k++)
        Py_DECREF(keys[k]);
    Py_DECREF(extra_key);
    Py_DECREF(dict);
    Py_DECREF(values[0]);
    Py_DECREF(values[1]);
}
