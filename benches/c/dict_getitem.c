/*
 * dict_getitem -- PyDict_GetItemWithError hits on a 1024-entry dict with
 * str keys (hashes cached). The result (a borrowed reference) is kept
 * alive for the compiler so the lookup cannot be dropped.
 */
#define BENCH_NAME "dict_getitem"
#include "bench.h"

#define NKEYS 1024

static PyObject *dict;
static PyObject *keys[NKEYS];

static void bench_setup(void)
{
    int k;
    dict = PyDict_New();
    for (k = 0; k < NKEYS; k++) {
        PyObject *v = PyLong_FromLong(100000 + k);
        keys[k] = PyUnicode_FromFormat("key%d", k);
        PyDict_SetItem(dict, keys[k], v);
        Py_DECREF(v);
    }
}

BENCH_OP(i)
{
    PyObject *v = PyDict_GetItemWithError(dict, keys[i & (NKEYS - 1)]);
    if (v == NULL)
        abort();
    bench_escape(v);
}

static void bench_teardown(void)
{
    int k;
    for (k = 0; k < NKEYS; k++)
        Py_DECREF(keys[k]);
    Py_DECREF(dict);
}
