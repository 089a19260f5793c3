/*
 * ctest.h -- helpers shared by the differential C tests in tests/c/.
 *
 * Every test program prints one observation per line on stdout.  The same
 * program is compiled against Ophis and against CPython 3.12; both outputs
 * must equal the committed NAME.expected file.  So everything printed here
 * must be deterministic: no addresses, no str/bytes hashes, no absolute
 * refcounts of objects the runtime may share.
 *
 * Only the C-API subset that Ophis covers is used here (object repr/str,
 * PyType_GetName, PyUnicode_AsUTF8AndSize, PyErr_GetRaisedException, ...).
 *
 * Helpers (all labels are plain C strings):
 *   show(label, obj)        "label: <repr(obj)>"; obj borrowed, may be NULL:
 *                           then "label: NULL, <Type>: <str(exc)>" (the
 *                           pending exception is consumed).
 *   show_new(label, obj)    same as show() but releases obj (a new reference).
 *   show_str(label, obj)    "label: <str(obj)>" (borrowed, may be NULL).
 *   show_str_new(label, obj) same as show_str() but releases obj.
 *   show_int(label, v)      "label: <v>" plus ", <Type>: <msg>" if an
 *                           exception is pending (consumed).
 *   show_uint(label, v)     same for unsigned long long.
 *   show_dbl(label, v)      same for a double printed with %.17g.
 *   show_cstr(label, s)     "label: <s>" or "label: NULL, <exc>".
 *   show_exc(label)         "label: <Type>: <str(exc)>" or
 *                           "label: no exception"; consumes the exception.
 *   CHECK_NOERR()           prints a failure line if an exception is pending.
 *   CHECK(cond)             prints a failure line if cond is false.
 *   ctest_finish()          reports a stray pending exception, finalizes the
 *                           interpreter and returns the process exit code
 *                           (0 when everything went well).  It prints nothing
 *                           in the normal case.
 */
#ifndef OPHIS_TESTS_CTEST_H
#define OPHIS_TESTS_CTEST_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>
#include <string.h>

static int ctest_failures = 0;

/* Write the UTF-8 form of a str object (embedded NULs included). */
static inline void ctest_write_str(PyObject *s)
{
    Py_ssize_t n = 0;
    const char *u;
    if (s == NULL || !PyUnicode_Check(s)) {
        fputs("<not a str>", stdout);
        return;
    }
    u = PyUnicode_AsUTF8AndSize(s, &n);
    if (u == NULL) {
        /* e.g. lone surrogates: do not let the error leak into the test */
        PyObject *e = PyErr_GetRaisedException();
        Py_XDECREF(e);
        fputs("<unencodable str>", stdout);
        return;
    }
    fwrite(u, 1, (size_t)n, stdout);
}

/*
 * Write an exception message.  One normalization: CPython's
 * PyErr_BadInternalCall() reports the C source location of the caller
 * ("Objects/longobject.c:473: bad argument to internal function"); that
 * location is an implementation accident, so a "<anything>: " prefix before
 * "bad argument to internal function" is dropped.
 */
static inline void ctest_write_msg(PyObject *msg)
{
    static const char tail[] = "bad argument to internal function";
    Py_ssize_t n = 0;
    const char *u = PyUnicode_Check(msg) ? PyUnicode_AsUTF8AndSize(msg, &n) : NULL;
    size_t tl = sizeof tail - 1;
    if (u != NULL && (size_t)n > tl + 2 && strcmp(u + n - tl, tail) == 0
        && u[n - tl - 2] == ':' && u[n - tl - 1] == ' ') {
        fputs(tail, stdout);
        return;
    }
    if (u == NULL && PyErr_Occurred() != NULL) {
        PyObject *e = PyErr_GetRaisedException();
        Py_XDECREF(e);
    }
    ctest_write_str(msg);
}

/* Print "<TypeName>: <str(exc)>" for an exception instance (no newline). */
static inline void ctest_write_exc(PyObject *exc)
{
    PyObject *name, *msg;
    name = PyType_GetName(Py_TYPE(exc));
    if (name == NULL) {
        PyObject *e = PyErr_GetRaisedException();
        Py_XDECREF(e);
        fputs("<unnamed type>", stdout);
    }
    else {
        ctest_write_str(name);
        Py_DECREF(name);
    }
    fputs(": ", stdout);
    msg = PyObject_Str(exc);
    if (msg == NULL) {
        PyObject *e = PyErr_GetRaisedException();
        Py_XDECREF(e);
        fputs("<str() failed>", stdout);
    }
    else {
        ctest_write_msg(msg);
        Py_DECREF(msg);
    }
}

/* If an exception is pending, print ", <Type>: <msg>" and clear it. */
static inline void ctest_write_pending_suffix(void)
{
    PyObject *exc;
    if (PyErr_Occurred() == NULL)
        return;
    exc = PyErr_GetRaisedException();
    fputs(", ", stdout);
    ctest_write_exc(exc);
    Py_DECREF(exc);
}

static inline void show_exc(const char *label)
{
    PyObject *exc = PyErr_GetRaisedException();
    printf("%s: ", label);
    if (exc == NULL) {
        fputs("no exception\n", stdout);
        return;
    }
    ctest_write_exc(exc);
    fputc('\n', stdout);
    Py_DECREF(exc);
}

/* Common body of show()/show_str(): use_str selects str() over repr(). */
static inline void ctest_show_impl(const char *label, PyObject *obj, int use_str)
{
    PyObject *r;
    printf("%s: ", label);
    if (obj == NULL) {
        fputs("NULL", stdout);
        if (PyErr_Occurred() == NULL)
            fputs(", no exception", stdout);
        ctest_write_pending_suffix();
        fputc('\n', stdout);
        return;
    }
    if (PyErr_Occurred() != NULL) {
        /* A result together with a pending exception is an API bug. */
        fputs("<result with pending exception>", stdout);
        ctest_write_pending_suffix();
        fputc('\n', stdout);
        return;
    }
    r = use_str ? PyObject_Str(obj) : PyObject_Repr(obj);
    if (r == NULL) {
        fputs(use_str ? "<str() failed>" : "<repr() failed>", stdout);
        ctest_write_pending_suffix();
        fputc('\n', stdout);
        return;
    }
    ctest_write_str(r);
    Py_DECREF(r);
    fputc('\n', stdout);
}

static inline void show(const char *label, PyObject *obj)
{
    ctest_show_impl(label, obj, 0);
}

static inline void show_new(const char *label, PyObject *obj)
{
    ctest_show_impl(label, obj, 0);
    Py_XDECREF(obj);
}

static inline void show_str(const char *label, PyObject *obj)
{
    ctest_show_impl(label, obj, 1);
}

static inline void show_str_new(const char *label, PyObject *obj)
{
    ctest_show_impl(label, obj, 1);
    Py_XDECREF(obj);
}

static inline void show_int(const char *label, long long v)
{
    printf("%s: %lld", label, v);
    ctest_write_pending_suffix();
    fputc('\n', stdout);
}

static inline void show_uint(const char *label, unsigned long long v)
{
    printf("%s: %llu", label, v);
    ctest_write_pending_suffix();
    fputc('\n', stdout);
}

static inline void show_dbl(const char *label, double v)
{
    printf("%s: %.17g", label, v);
    ctest_write_pending_suffix();
    fputc('\n', stdout);
}

static inline void show_cstr(const char *label, const char *s)
{
    printf("%s: ", label);
    if (s == NULL)
        fputs("NULL", stdout);
    else
        fputs(s, stdout);
    ctest_write_pending_suffix();
    fputc('\n', stdout);
}

#define CHECK_NOERR()                                                      \
    do {                                                                   \
        if (PyErr_Occurred() != NULL) {                                    \
            ctest_failures++;                                              \
            printf("CHECK_NOERR failed at line %d", __LINE__);              \
            ctest_write_pending_suffix();                                  \
            fputc('\n', stdout);                                           \
        }                                                                  \
    } while (0)

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            ctest_failures++;                                              \
            printf("CHECK failed at line %d: %s\n", __LINE__, #cond);      \
        }                                                                  \
    } while (0)

static inline int ctest_finish(void)
{
    if (PyErr_Occurred() != NULL) {
        ctest_failures++;
        fputs("ctest_finish: stray pending exception", stdout);
        ctest_write_pending_suffix();
        fputc('\n', stdout);
    }
    fflush(stdout);
    if (Py_FinalizeEx() < 0)
        return 120;
    return ctest_failures ? 1 : 0;
}

#endif /* OPHIS_TESTS_CTEST_H */
