/*
 * dropin.c -- the drop-in check of `cargo xtask abi-check` (DESIGN §5).
 *
 * A limited-API program: `cargo xtask abi-check` compiles it against
 * CPython 3.12's own headers, links it against CPython's libpython3.12.so
 * without an rpath, and runs it twice: once with LD_LIBRARY_PATH pointing at
 * CPython's library directory and once at target/dist/lib/compat, where
 * libpython3.12.so.1.0 is Ophis.  Both stdouts must equal dropin.expected.
 *
 * stdout carries only deterministic observations.  stderr names the runtime
 * that was really loaded (Py_GetVersion() and the libpython/libophis mapping
 * from /proc/self/maps); xtask checks it and does not compare it.
 */
#define Py_LIMITED_API 0x030c0000
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>
#include <string.h>

static int failures = 0;

/* Writes the UTF-8 form of a str (borrowed). */
static void write_str(PyObject *s)
{
    Py_ssize_t n = 0;
    const char *u = PyUnicode_AsUTF8AndSize(s, &n);
    if (u == NULL) {
        PyErr_Clear();
        fputs("<unencodable>", stdout);
        return;
    }
    fwrite(u, 1, (size_t)n, stdout);
}

/* Consumes the pending exception and prints "<Type>: <message>". */
static void show_exc(const char *label)
{
    PyObject *exc = PyErr_GetRaisedException();
    printf("%s: ", label);
    if (exc == NULL) {
        puts("no exception");
        return;
    }
    PyObject *name = PyType_GetName(Py_TYPE(exc));
    PyObject *msg = PyObject_Str(exc);
    if (name != NULL && msg != NULL) {
        write_str(name);
        if (PyUnicode_GetLength(msg) > 0) {
            fputs(": ", stdout);
            write_str(msg);
        }
    }
    else {
        PyErr_Clear();
        fputs("<exception not printable>", stdout);
        failures++;
    }
    fputc('\n', stdout);
    Py_XDECREF(name);
    Py_XDECREF(msg);
    Py_DECREF(exc);
}

/* Prints "label: repr(obj)"; obj borrowed; NULL shows the exception. */
static void show(const char *label, PyObject *obj)
{
    if (obj == NULL) {
        show_exc(label);
        return;
    }
    PyObject *r = PyObject_Repr(obj);
    printf("%s: ", label);
    if (r == NULL) {
        PyErr_Clear();
        fputs("<repr failed>", stdout);
        failures++;
    }
    else {
        write_str(r);
        Py_DECREF(r);
    }
    fputc('\n', stdout);
}

/* Same as show() for a new reference, which it releases. */
static void show_new(const char *label, PyObject *obj)
{
    show(label, obj);
    Py_XDECREF(obj);
}

static void yes_no(const char *label, int cond)
{
    printf("%s: %s\n", label, cond ? "yes" : "no");
}

static void print_runtime(void)
{
    /* stderr only: which library was really loaded. */
    const char *v = Py_GetVersion();
    fprintf(stderr, "dropin: version: %s\n", v ? v : "(null)");
    FILE *maps = fopen("/proc/self/maps", "r");
    if (maps == NULL)
        return;
    char line[4096];
    while (fgets(line, sizeof line, maps) != NULL) {
        char *path = strchr(line, '/');
        if (path != NULL && (strstr(path, "libpython3") != NULL || strstr(path, "libophis") != NULL)) {
            fprintf(stderr, "dropin: loaded: %s", path);
            break;
        }
    }
    fclose(maps);
}

int main(void)
{
    Py_Initialize();
    print_runtime();
    printf("initialized: %d\n", Py_IsInitialized());
    printf("version prefix: %.4s\n", Py_GetVersion());

    /* Singletons are the exported data objects. */
    show("None", Py_None);
    show("True", Py_True);
    show("False", Py_False);
    yes_no("Py_IsNone(Py_None)", Py_IsNone(Py_None));
    PyObject *b = PyBool_FromLong(7);
    yes_no("PyBool_FromLong(7) is Py_True", b == Py_True);
    Py_DECREF(b);

    /* Reference counting through the limited API (function calls in 3.12). */
    PyObject *list = PyList_New(0);
    printf("refcnt new list: %zd\n", Py_REFCNT(list));
    Py_INCREF(list);
    printf("refcnt after Py_INCREF: %zd\n", Py_REFCNT(list));
    Py_DECREF(list);
    printf("refcnt after Py_DECREF: %zd\n", Py_REFCNT(list));
    PyObject *same = Py_NewRef(list);
    printf("refcnt after Py_NewRef: %zd\n", Py_REFCNT(list));
    Py_XDECREF(same);
    Py_IncRef(list);
    Py_DecRef(list);
    printf("refcnt after Py_IncRef+Py_DecRef: %zd\n", Py_REFCNT(list));

    /* int */
    show_new("PyLong_FromLong(42)", PyLong_FromLong(42));
    show_new("PyLong_FromLongLong(-2**62)", PyLong_FromLongLong(-4611686018427387904LL));
    PyObject *big = PyLong_FromUnsignedLongLong(18446744073709551615ULL);
    show("PyLong_FromUnsignedLongLong(2**64-1)", big);
    long v = PyLong_AsLong(big);
    printf("PyLong_AsLong(2**64-1): %ld\n", v);
    show_exc("  error");
    int overflow = 0;
    v = PyLong_AsLongAndOverflow(big, &overflow);
    printf("PyLong_AsLongAndOverflow(2**64-1): %ld overflow=%d\n", v, overflow);
    Py_DECREF(big);
    show_new("PyLong_FromDouble(-3.75)", PyLong_FromDouble(-3.75));
    show_new("PyFloat_FromDouble(0.1)", PyFloat_FromDouble(0.1));

    /* str */
    PyObject *s = PyUnicode_FromString("h\xc3\xa9llo 'world'");
    show("str", s);
    printf("str length: %zd\n", PyUnicode_GetLength(s));
    PyObject *t = PyUnicode_FromString("!");
    show_new("concat", PyUnicode_Concat(s, t));
    Py_DECREF(t);
    show_new("bad utf-8", PyUnicode_FromString("\xff"));
    show_new("FromFormat", PyUnicode_FromFormat("%d-%s-%zd", 12, "ab", (Py_ssize_t)-3));

    /* tuple */
    PyObject *one = PyLong_FromLong(1);
    PyObject *tup = PyTuple_Pack(3, one, s, Py_None);
    show("tuple", tup);
    printf("tuple size: %zd\n", PyTuple_Size(tup));
    show("tuple[1]", PyTuple_GetItem(tup, 1));
    show("tuple[5]", PyTuple_GetItem(tup, 5));
    show_new("Py_BuildValue", Py_BuildValue("(is#O)", 7, "abcdef", (Py_ssize_t)3, Py_True));

    /* list */
    for (long i = 1; i <= 3; i++) {
        PyObject *n = PyLong_FromLong(i * 10);
        PyList_Append(list, n);
        Py_DECREF(n);
    }
    show("list", list);
    printf("list size: %zd\n", PyList_Size(list));
    show("list[2]", PyList_GetItem(list, 2));
    show("list[3]", PyList_GetItem(list, 3));

    /* dict, insertion ordered */
    PyObject *d = PyDict_New();
    PyDict_SetItemString(d, "b", one);
    PyDict_SetItemString(d, "a", s);
    PyDict_SetItemString(d, "c", tup);
    show("dict", d);
    printf("dict size: %zd\n", PyDict_Size(d));
    show("dict['a']", PyDict_GetItemString(d, "a"));
    yes_no("dict['zz'] is NULL", PyDict_GetItemString(d, "zz") == NULL && !PyErr_Occurred());
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    fputs("dict keys:", stdout);
    while (PyDict_Next(d, &pos, &key, &value)) {
        fputc(' ', stdout);
        write_str(key);
    }
    fputc('\n', stdout);
    show("dict[list]", PyDict_SetItem(d, list, one) < 0 ? NULL : Py_None);

    /* comparisons and truth */
    PyObject *two = PyLong_FromLong(2);
    printf("1 < 2: %d\n", PyObject_RichCompareBool(one, two, Py_LT));
    printf("1 == 2: %d\n", PyObject_RichCompareBool(one, two, Py_EQ));
    printf("truth of None: %d\n", PyObject_IsTrue(PyTuple_GetItem(tup, 2)));
    printf("1 < 'x': %d\n", PyObject_RichCompareBool(one, s, Py_LT));
    show_exc("  error");
    Py_DECREF(two);

    /* errors and the PyExc_* data symbols */
    PyErr_SetString(PyExc_KeyError, "missing");
    yes_no("KeyError matches LookupError", PyErr_ExceptionMatches(PyExc_LookupError));
    yes_no("KeyError matches TypeError", PyErr_ExceptionMatches(PyExc_TypeError));
    show_exc("KeyError");
    PyErr_Format(PyExc_ValueError, "bad value %d for %s", 42, "x");
    show_exc("PyErr_Format");
    PyErr_SetNone(PyExc_ZeroDivisionError);
    show_exc("PyErr_SetNone");
    yes_no("no exception pending", PyErr_Occurred() == NULL);
    yes_no("OverflowError is ArithmeticError",
           PyErr_GivenExceptionMatches(PyExc_OverflowError, PyExc_ArithmeticError));

    Py_DECREF(d);
    Py_DECREF(tup);
    Py_DECREF(one);
    Py_DECREF(s);
    Py_DECREF(list);
    fflush(stdout);
    if (Py_FinalizeEx() < 0)
        return 120;
    return failures ? 1 : 0;
}
