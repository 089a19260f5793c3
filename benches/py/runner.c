/*
 * runner.c -- times one benches/py program on the runtime it is linked
 * against (CPython 3.12 or Ophis, static or shared), for `cargo xtask
 * bench`. Ophis has no `time` module yet, so the clock is on this side.
 *
 * Usage: runner FILE.py [RUNS]   (RUNS defaults to 3)
 *
 * The file is compiled once (Py_CompileString under its base name). Its
 * code then runs 1 + RUNS times through PyEval_EvalCode, each time in fresh
 * globals holding only __builtins__ and __name__: the first run, untimed,
 * with __name__ == "__main__" (the program prints its checksum there, once),
 * the others with __name__ == "__bench__", each timed alone with
 * clock_gettime(CLOCK_MONOTONIC). Between runs, outside the timing, the
 * globals are dropped and PyGC_Collect() runs (a module's functions and its
 * globals form cycles), the same on both runtimes. The last line is
 *
 *     NAME s_per_run=X runs=RUNS
 *
 * with X the fastest timed run in seconds. An exception that escapes is
 * printed (PyErr_Print) and the exit status is 1.
 */
#include <Python.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t k;
    while ((k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (cap - n < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    buf[n] = 0;
    fclose(f);
    return buf;
}

static void flush_stdout(void)
{
    PyObject *out = PySys_GetObject("stdout");
    if (out != NULL && out != Py_None) {
        PyObject *r = PyObject_CallMethod(out, "flush", NULL);
        if (r == NULL) {
            PyErr_Clear();
        }
        Py_XDECREF(r);
    }
    fflush(stdout);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Runs `code` once in fresh globals named `name`; returns the seconds it
   took, or -1 after printing the exception. */
static double run_once(PyObject *code, const char *name)
{
    PyObject *globals = PyDict_New();
    PyObject *mod_name = PyUnicode_FromString(name);
    if (globals == NULL || mod_name == NULL
        || PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins()) < 0
        || PyDict_SetItemString(globals, "__name__", mod_name) < 0) {
        PyErr_Print();
        return -1;
    }
    Py_DECREF(mod_name);
    double t0 = now();
    PyObject *res = PyEval_EvalCode(code, globals, globals);
    double t1 = now();
    if (res == NULL) {
        PyErr_Print();
        flush_stdout();
        Py_DECREF(globals);
        return -1;
    }
    Py_DECREF(res);
    PyDict_Clear(globals);
    Py_DECREF(globals);
    PyGC_Collect();
    return t1 - t0;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s FILE.py [RUNS]\n", argv[0]);
        return 2;
    }
    long runs = argc == 3 ? strtol(argv[2], NULL, 10) : 3;
    if (runs < 1) {
        fprintf(stderr, "RUNS must be a positive number\n");
        return 2;
    }
    char *src = read_file(argv[1]);
    const char *base = strrchr(argv[1], '/');
    base = base ? base + 1 : argv[1];
    size_t len = strlen(base);
    if (len > 3 && strcmp(base + len - 3, ".py") == 0) {
        len -= 3;
    }
    Py_Initialize();
    PyObject *code = Py_CompileString(src, base, Py_file_input);
    free(src);
    if (code == NULL) {
        PyErr_Print();
        return 1;
    }
    int rc = 0;
    double best = -1;
    if (run_once(code, "__main__") < 0) {
        rc = 1;
    }
    for (long i = 0; rc == 0 && i < runs; i++) {
        double t = run_once(code, "__bench__");
        if (t < 0) {
            rc = 1;
        } else if (best < 0 || t < best) {
            best = t;
        }
    }
    Py_DECREF(code);
    flush_stdout();
    if (rc == 0) {
        printf("%.*s s_per_run=%.6f runs=%ld\n", (int)len, base, best, runs);
        fflush(stdout);
    }
    if (Py_FinalizeEx() < 0 && rc == 0) {
        rc = 120;
    }
    return rc;
}
