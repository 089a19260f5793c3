/*
 * compile_builtin.c -- the compile() builtin (issue 13, part 2): str,
 * bytes (with an encoding declaration) and bytearray sources, the three
 * modes, keywords, filename as str or bytes, flags (futures, refused
 * ones), dont_inherit, optimize, and the argument errors CPython's
 * Argument Clinic code and builtin_compile_impl raise.
 */
#include "ctest.h"
#include <marshal.h>

static PyObject *compile_fn;

static void summary(const char *label, PyObject *co)
{
    if (co == NULL) {
        show(label, NULL);
        return;
    }
    printf("%s: %s", label, Py_TYPE(co)->tp_name);
    if (PyCode_Check(co)) {
        PyObject *consts = PyObject_GetAttrString(co, "co_consts");
        printf(" co_consts=(");
        for (Py_ssize_t i = 0; consts && i < PyTuple_Size(consts); i++) {
            PyObject *c = PyTuple_GetItem(consts, i);
            if (PyCode_Check(c)) {
                PyObject *n = PyObject_GetAttrString(c, "co_name");
                PyObject *f = PyObject_GetAttrString(c, "co_flags");
                printf("%s<code ", i ? ", " : "");
                ctest_write_str(n);
                printf(" flags=%ld>", f ? PyLong_AsLong(f) : -1L);
                Py_XDECREF(n);
                Py_XDECREF(f);
            }
            else {
                PyObject *r = PyObject_Repr(c);
                printf("%s", i ? ", " : "");
                ctest_write_str(r);
                Py_XDECREF(r);
            }
        }
        printf(")");
        Py_XDECREF(consts);
        const char *fields[] = {"co_names", "co_filename", "co_flags", "co_stacksize"};
        for (int i = 0; i < 4; i++) {
            PyObject *v = PyObject_GetAttrString(co, fields[i]);
            PyObject *r = v ? PyObject_Repr(v) : NULL;
            printf(" %s=", fields[i]);
            if (r)
                ctest_write_str(r);
            else
                PyErr_Clear();
            Py_XDECREF(r);
            Py_XDECREF(v);
        }
    }
    printf("\n");
    Py_DECREF(co);
}

static void call(const char *label, PyObject *args, PyObject *kwargs)
{
    if (args == NULL) {
        show(label, NULL);
        return;
    }
    summary(label, PyObject_Call(compile_fn, args, kwargs));
    Py_DECREF(args);
    Py_XDECREF(kwargs);
}

int main(void)
{
    Py_Initialize();
    PyObject *builtins = PyImport_ImportModule("builtins");
    compile_fn = PyObject_GetAttrString(builtins, "compile");
    show("compile", PyObject_GetAttrString(compile_fn, "__name__"));
    Py_DECREF(builtins);

    call("exec", Py_BuildValue("(sss)", "x = 1\ny = x + 2\n", "f.py", "exec"), NULL);
    call("eval", Py_BuildValue("(sss)", "a * 2 + b", "<e>", "eval"), NULL);
    call("single", Py_BuildValue("(sss)", "print(1)\n", "<s>", "single"), NULL);
    call("non-ASCII str", Py_BuildValue("(sss)", "s = 'h\xc3\xa9'\n", "f.py", "exec"), NULL);
    call("bytes latin-1", Py_BuildValue("(yss)", "# coding: latin-1\ns = '\xe9'\n", "f.py", "exec"), NULL);
    call("bytes utf-8 bom", Py_BuildValue("(yss)", "\xef\xbb\xbfs = 'h\xc3\xa9'\n", "f.py", "exec"), NULL);
    PyObject *ba = PyByteArray_FromStringAndSize("z = 3\n", 6);
    call("bytearray", Py_BuildValue("(Oss)", ba, "f.py", "exec"), NULL);
    Py_DECREF(ba);
    call("bytes filename", Py_BuildValue("(sys)", "x", "bf.py", "eval"), NULL);
    call("keywords", PyTuple_New(0), Py_BuildValue("{ssssss}", "source", "1 + 1", "filename", "kw.py", "mode", "eval"));
    call("flags future", Py_BuildValue("(sssi)", "def f(): pass\n", "f.py", "exec", 0x20000), NULL);
    call("flags future annotations in source", Py_BuildValue("(sss)", "from __future__ import annotations\nx: int = 1\n", "f.py", "exec"), NULL);
    call("dont_inherit", Py_BuildValue("(sssii)", "x", "f.py", "eval", 0, 1), NULL);
    call("optimize 0", Py_BuildValue("(sssiii)", "assert x\n", "f.py", "exec", 0, 0, 0), NULL);
    call("optimize -1", Py_BuildValue("(sssiii)", "assert x\n", "f.py", "exec", 0, 0, -1), NULL);
    call("dont imply dedent", Py_BuildValue("(sssi)", "if x:\n  y\n", "f.py", "single", 0x200), NULL);

    PyObject *a = Py_CompileString("def g(x):\n    return [x for _ in x]\n", "same.py", Py_file_input);
    PyObject *b = PyObject_CallFunction(compile_fn, "sss", "def g(x):\n    return [x for _ in x]\n", "same.py", "exec");
    printf("compile() == Py_CompileString: %d\n", a && b ? PyObject_RichCompareBool(a, b, Py_EQ) : -1);
    Py_XDECREF(a);
    Py_XDECREF(b);

    /* errors */
    call("bad mode", Py_BuildValue("(sss)", "x", "f.py", "run"), NULL);
    call("mode null", Py_BuildValue("(ssN)", "x", "f.py", PyUnicode_FromStringAndSize("exec\0x", 6)), NULL);
    call("mode int", Py_BuildValue("(ssi)", "x", "f.py", 1), NULL);
    call("func_type", Py_BuildValue("(sss)", "(int) -> str", "f.py", "func_type"), NULL);
    call("unrecognised flags", Py_BuildValue("(sssi)", "x", "f.py", "eval", 0x10000000), NULL);
    call("flags str", Py_BuildValue("(ssss)", "x", "f.py", "eval", "0"), NULL);
    call("flags float", Py_BuildValue("(sssd)", "x", "f.py", "eval", 1.0), NULL);
    call("flags huge", Py_BuildValue("(sssL)", "x", "f.py", "eval", (long long)1 << 40), NULL);
    call("optimize 3", Py_BuildValue("(sssiii)", "x", "f.py", "eval", 0, 0, 3), NULL);
    call("optimize -2", Py_BuildValue("(sssiii)", "x", "f.py", "eval", 0, 0, -2), NULL);
    call("source int", Py_BuildValue("(iss)", 5, "f.py", "eval"), NULL);
    call("source null byte", Py_BuildValue("(s#ss)", "x\0y", (Py_ssize_t)3, "f.py", "exec"), NULL);
    call("bytes null byte", Py_BuildValue("(y#ss)", "x\0y", (Py_ssize_t)3, "f.py", "exec"), NULL);
    call("surrogate", Py_BuildValue("(Nss)", PyUnicode_DecodeUTF8("'\xed\xa0\x80'", 5, "surrogatepass"), "f.py", "eval"), NULL);
    call("filename int", Py_BuildValue("(sis)", "x", 3, "eval"), NULL);
    call("filename None", Py_BuildValue("(sOs)", "x", Py_None, "eval"), NULL);
    call("filename bytes with NUL", Py_BuildValue("(sy#s)", "x", "a\0b", (Py_ssize_t)3, "eval"), NULL);
    call("filename str with NUL", Py_BuildValue("(ss#s)", "x", "a\0b", (Py_ssize_t)3, "eval"), NULL);
    call("filename bytes not UTF-8", Py_BuildValue("(sys)", "x", "\xff.py", "eval"), NULL);
    call("missing mode", Py_BuildValue("(ss)", "x", "f.py"), NULL);
    call("too many", Py_BuildValue("(sssiiii)", "x", "f.py", "eval", 0, 0, 0, 0), NULL);
    call("bad keyword", Py_BuildValue("(sss)", "x", "f.py", "eval"), Py_BuildValue("{si}", "optimise", 1));
    call("twice", Py_BuildValue("(sss)", "x", "f.py", "eval"), Py_BuildValue("{ss}", "mode", "exec"));
    call("syntax error", Py_BuildValue("(sss)", "def f(:\n", "f.py", "exec"), NULL);
    call("break outside loop", Py_BuildValue("(sss)", "break\n", "f.py", "exec"), NULL);

    call("optimize 1", Py_BuildValue("(sssiii)", "assert x\n", "f.py", "exec", 0, 0, 1), NULL);
    call("optimize 2", Py_BuildValue("(sssiii)", "'doc'\n", "f.py", "exec", 0, 0, 2), NULL);
    {
        /* Every optimization level, compared through marshal data (byte
           for byte what CPython writes for the same code objects). */
        const char *src = "'''module doc'''\n"
                          "def f(x):\n    '''f doc'''\n    assert x, 'msg'\n    if __debug__:\n        return 1\n    return 2\n"
                          "class C:\n    'class doc'\n    def m(self):\n        'm doc'\n        assert self\n"
                          "lam = lambda: __debug__\n"
                          "def g():\n    'only doc'\n";
        for (int level = -1; level <= 2; level++) {
            char label[32];
            snprintf(label, sizeof label, "optimize %d marshal", level);
            PyObject *co = PyObject_CallFunction(compile_fn, "sssiii", src, "o.py", "exec", 0, 0, level);
            PyObject *data = co ? PyMarshal_WriteObjectToString(co, 4) : NULL;
            if (data == NULL) {
                show(label, NULL);
            }
            else {
                printf("%s:", label);
                for (Py_ssize_t i = 0; i < PyBytes_GET_SIZE(data); i++)
                    printf(" %02x", (unsigned char)PyBytes_AS_STRING(data)[i]);
                printf("\n");
            }
            Py_XDECREF(data);
            Py_XDECREF(co);
        }
        PyObject *e = PyObject_CallFunction(compile_fn, "sssiii", "__debug__", "e.py", "eval", 0, 0, 1);
        summary("eval __debug__ optimize 1", e);
    }

    /* what Ophis does not do yet (see compile_builtin.differences) */
    call("PyCF_ONLY_AST", Py_BuildValue("(sssi)", "x = 1\n", "f.py", "exec", 0x400), NULL);

    Py_DECREF(compile_fn);
    return ctest_finish();
}
