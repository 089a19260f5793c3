/*
 * exc_types.c -- exception types with their own fields: SyntaxError (msg,
 * filename, lineno, offset, text, end_lineno, end_offset and its str) and
 * BaseExceptionGroup / ExceptionGroup (construction rules, message,
 * exceptions, str, the automatic ExceptionGroup).
 */
#include "ctest.h"

static void attr(const char *label, PyObject *o, const char *name)
{
    char l[128];
    snprintf(l, sizeof l, "  %s.%s", label, name);
    show_new(l, PyObject_GetAttrString(o, name));
}

static void syntax_errors(void)
{
    static const char *fields[] = {"msg", "filename", "lineno", "offset", "text", "end_lineno",
                                   "end_offset", "print_file_and_line", "args"};
    PyObject *e;
    struct {
        const char *label, *fmt;
    } cases[] = {
        {"SyntaxError('bad', ('dir/f.py', 3, 5, 'x = (', 3, 6))", "(s(siisii))"},
        {"SyntaxError('bad')", "(s)"},
        {"SyntaxError('bad', ('f.py', 3, 5, 'x'))", "(s(siis))"},
        {"SyntaxError()", "()"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        PyObject *args;
        switch (i) {
        case 0:
            args = Py_BuildValue(cases[i].fmt, "bad", "dir/f.py", 3, 5, "x = (", 3, 6);
            break;
        case 1:
            args = Py_BuildValue(cases[i].fmt, "bad");
            break;
        case 2:
            args = Py_BuildValue(cases[i].fmt, "bad", "f.py", 3, 5, "x");
            break;
        default:
            args = PyTuple_New(0);
        }
        e = PyObject_Call(PyExc_SyntaxError, args, NULL);
        Py_DECREF(args);
        show(cases[i].label, e);
        show_str("  str", e);
        for (size_t k = 0; k < sizeof fields / sizeof *fields; k++)
            attr("e", e, fields[k]);
        Py_XDECREF(e);
    }
    e = PyObject_CallFunction(PyExc_SyntaxError, "s(Oiis)", "bad", Py_None, 7, 1, "t");
    show_str("SyntaxError('bad', (None, 7, ...)) str", e);
    Py_XDECREF(e);
    e = PyObject_CallFunction(PyExc_SyntaxError, "s(sOis)", "bad", "f.py", Py_None, 1, "t");
    show_str("SyntaxError('bad', ('f.py', None, ...)) str", e);
    Py_XDECREF(e);
    show_new("SyntaxError('bad', 5)", PyObject_CallFunction(PyExc_SyntaxError, "si", "bad", 5));
    show_new("SyntaxError('bad', (1, 2))",
             PyObject_CallFunction(PyExc_SyntaxError, "s(ii)", "bad", 1, 2));
    e = PyObject_CallFunction(PyExc_IndentationError, "s(siis)", "indent", "g.py", 2, 1, "  x");
    show("IndentationError(...)", e);
    show_str("  str", e);
    attr("e", e, "lineno");
    Py_XDECREF(e);
}

static void groups(void)
{
    PyObject *b = PyImport_ImportModule("builtins");
    PyObject *EG = PyObject_GetAttrString(b, "ExceptionGroup"), *g, *args;
    show("builtins.ExceptionGroup", EG);
    show_new("  __mro__", PyObject_GetAttrString(EG, "__mro__"));
    show_int("  IsSubclass(EG, Exception)", PyObject_IsSubclass(EG, PyExc_Exception));
    show_int("  IsSubclass(EG, BaseExceptionGroup)",
             PyObject_IsSubclass(EG, PyExc_BaseExceptionGroup));

    args = Py_BuildValue("(s[NN])", "eg", PyObject_CallFunction(PyExc_ValueError, "i", 1),
                         PyObject_CallFunction(PyExc_TypeError, "i", 2));
    g = PyObject_Call(EG, args, NULL);
    show("ExceptionGroup('eg', [VE(1), TE(2)])", g);
    show_str("  str", g);
    attr("g", g, "message");
    attr("g", g, "exceptions");
    attr("g", g, "args");
    Py_XDECREF(g);
    g = PyObject_Call(PyExc_BaseExceptionGroup, args, NULL);
    show("BaseExceptionGroup(... Exceptions only) type", g ? (PyObject *)Py_TYPE(g) : NULL);
    Py_XDECREF(g);
    Py_DECREF(args);

    args = Py_BuildValue("(s[N])", "beg", PyObject_CallNoArgs(PyExc_KeyboardInterrupt));
    g = PyObject_Call(PyExc_BaseExceptionGroup, args, NULL);
    show("BaseExceptionGroup('beg', [KeyboardInterrupt()])", g);
    show_str("  str", g);
    Py_XDECREF(g);
    show_new("ExceptionGroup('beg', [KeyboardInterrupt()])", PyObject_Call(EG, args, NULL));
    Py_DECREF(args);

    show_new("ExceptionGroup('x')", PyObject_CallFunction(EG, "s", "x"));
    show_new("ExceptionGroup(1, [VE()])",
             PyObject_CallFunction(EG, "i[N]", 1, PyObject_CallNoArgs(PyExc_ValueError)));
    show_new("ExceptionGroup('m', [])", PyObject_CallFunction(EG, "s[]", "m"));
    show_new("ExceptionGroup('m', [1])", PyObject_CallFunction(EG, "s[i]", "m", 1));
    show_new("ExceptionGroup('m', 5)", PyObject_CallFunction(EG, "si", "m", 5));
    g = PyObject_CallFunction(EG, "s(N)", "one", PyObject_CallNoArgs(PyExc_ValueError));
    show_str("ExceptionGroup('one', (VE(),)) str", g);
    Py_XDECREF(g);

    Py_DECREF(EG);
    Py_DECREF(b);
}

int main(void)
{
    Py_Initialize();
    syntax_errors();
    groups();
    return ctest_finish();
}
