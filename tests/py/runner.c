/*
 * runner.c -- runs one tests/py program on the runtime it is linked
 * against (Ophis shared, Ophis static, or CPython 3.12), as `cargo xtask
 * py-test` does: the file is compiled under the path given (xtask passes
 * tests/py/NAME.py from the repository root, so tracebacks show stable
 * paths and their source lines) and run as __main__, with __file__ set to
 * that path. An exception that escapes is printed by PyErr_Print with
 * sys.stderr pointed at sys.stdout (the traceback, source lines and carets
 * are part of the output) and then summarized as "uncaught TYPE: MESSAGE";
 * the exit status stays 0: it is part of the expected output.
 */
#include <Python.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE.py\n", argv[0]);
        return 2;
    }
    char *src = read_file(argv[1]);
    Py_Initialize();
    int rc = 0;
    PyObject *main_mod = PyImport_AddModule("__main__");
    PyObject *globals = PyModule_GetDict(main_mod);
    if (PyDict_GetItemString(globals, "__builtins__") == NULL) {
        PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins());
    }
    /* __file__ is the path as given (tests find their fixtures from it;
       they never print it). */
    PyObject *file = PyUnicode_DecodeFSDefault(argv[1]);
    PyDict_SetItemString(globals, "__file__", file);
    Py_XDECREF(file);
    PyObject *code = Py_CompileString(src, argv[1], Py_file_input);
    PyObject *res = code ? PyEval_EvalCode(code, globals, globals) : NULL;
    if (res == NULL) {
        PyObject *exc = PyErr_GetRaisedException();
        PyObject *type_name = PyType_GetName(Py_TYPE(exc));
        PyObject *msg = PyObject_Str(exc);
        PyErr_SetRaisedException(Py_NewRef(exc));
        PySys_SetObject("stderr", PySys_GetObject("stdout"));
        PyErr_Print();
        flush_stdout();
        printf("uncaught %s: %s\n",
               type_name ? PyUnicode_AsUTF8(type_name) : "?",
               msg ? PyUnicode_AsUTF8(msg) : "?");
        Py_XDECREF(type_name);
        Py_XDECREF(msg);
        Py_DECREF(exc);
    }
    Py_XDECREF(res);
    Py_XDECREF(code);
    flush_stdout();
    free(src);
    if (Py_FinalizeEx() < 0) {
        rc = 120;
    }
    return rc;
}
