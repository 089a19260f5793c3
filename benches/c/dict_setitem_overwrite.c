/*
 * dict_setitem_overwrite -- PyDict_SetItem on keys that are already present
 * (str keys with cached hashes; 1024 keys, the value alternates between two
 * objects so every store really replaces the old value).
 */
#define BENCH_NAME "dict_setitem_overwrite"
#include "bench.h"

#define NKEYS 1024

static PyObject *dict;
static PyObject *keys[NKEYS];
static PyObject *values[2];

static void bench_setup(void)
{
    int k;
    dict = PyDict_New();
    values[0] = PyLong_FromLong(100000);
    values[1] = PyLong_FromLong(200000);
    for (k = 0; k < NKEYS; k++) {
        keys[k] = PyUnicode_FromFormat("key%d", k);
        PyDict_SetItem(dict, keys[k], values[0]);
    }
}

BENCH_OP(i)
{
    if (PyDict_SetItem(dict, keys[i & (NKEYS - 1)], values[(i >> 10) & 1]) < 0)
        abort();
}

static void bench_teardown(void)
{
    int k;
    if (PyDict_Size(dict) != NKEYS)
        abort();
    for (k = 0; k < NKEYS; k++)
        Py_DECREF(keys[k]);
    Py_DECREF(dict);
    Py_DECREF(values[0]);
    Py_DECREF(values[1]);
}
