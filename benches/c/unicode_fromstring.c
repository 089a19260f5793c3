/*
 * unicode_fromstring -- PyUnicode_FromString("hello world") + Py_DECREF:
 * decode 11 ASCII bytes into a new str and free it.
 */
#define BENCH_NAME "unicode_fromstring"
#include "bench.h"

static const char *volatile text = "hello world";

static void bench_setup(void)
{
}

BENCH_OP(i)
{
    PyObject *v = PyUnicode_FromString(text);
    (void)i;
    if (v == NULL)
        abort();
    bench_escape(v);
    Py_DECREF(v);
}

static void bench_teardown(void)
{
}
