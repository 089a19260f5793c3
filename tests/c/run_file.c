/*
 * run_file.c -- the PyRun_File* family (issue 14, point 6): a C stream
 * compiled under its file name and run with globals and locals, in
 * __main__ (with __file__ set only while it runs), the closeit flag, the
 * exception conventions, and the plain function forms of the macros.
 */
#include "ctest.h"

static FILE *source(const char *text)
{
    FILE *f = tmpfile();
    fputs(text, f);
    rewind(f);
    return f;
}

int main(void)
{
    Py_Initialize();
    PyObject *g = PyDict_New();
    FILE *f = source("x = 6 * 7\ndef where():\n    return __name__\n");
    PyObject *r = PyRun_FileExFlags(f, "prog.py", Py_file_input, g, g, 1, NULL);
    show_new("file_input result", r);
    show("x", PyDict_GetItemString(g, "x"));
    PyObject *code = PyObject_GetAttrString(PyDict_GetItemString(g, "where"), "__code__");
    show_new("co_filename", PyObject_GetAttrString(code, "co_filename"));
    Py_DECREF(code);
    show_int("has __builtins__", PyDict_GetItemString(g, "__builtins__") != NULL);

    f = source("x + 1");
    show_new("eval_input", PyRun_FileEx(f, "expr.py", Py_eval_input, g, g, 1));
    f = source("1 +");
    show_new("syntax error", PyRun_File(f, "bad.py", Py_file_input, g, g));
    fclose(f);
    f = source("raise KeyError('k')\n");
    show_new("raises", PyRun_FileFlags(f, "raise.py", Py_file_input, g, g, NULL));
    fclose(f);

    f = source("import sys\nseen = __file__\nresult = 'simple ran'\n");
    show_int("simple", PyRun_SimpleFileExFlags(f, "main_prog.py", 1, NULL));
    PyObject *main_dict = PyModule_GetDict(PyImport_AddModule("__main__"));
    show("main result", PyDict_GetItemString(main_dict, "result"));
    show("seen __file__", PyDict_GetItemString(main_dict, "seen"));
    show_int("__file__ left", PyDict_GetItemString(main_dict, "__file__") != NULL);
    f = source("result = 'any ran'\n");
    show_int("anyfile", PyRun_AnyFileEx(f, "any.py", 1));
    show("main result 2", PyDict_GetItemString(main_dict, "result"));
    f = source("1/0\n");
    fflush(stdout);
    show_int("simple error", PyRun_SimpleFile(f, "err.py"));
    show_exc("after simple error");
    fclose(f);
    show_new("PyRun_String function", (PyRun_String)("2 ** 10", Py_eval_input, g, g));
    show_int("PyRun_SimpleString function", (PyRun_SimpleString)("pass"));
    Py_DECREF(g);
    return ctest_finish();
}
