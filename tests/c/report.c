/*
 * report.c -- reporting and building exceptions (spec part B, issue 5):
 * PyErr_Print/PrintEx/DisplayException output on a replaced sys.stderr
 * (cause and context chains, notes, sys.last_exc), PyErr_WarnEx under the
 * default filters, the PyErr_SetFromErrno family and OSError's errno
 * subclasses, fields and str, PyErr_NewException(WithDoc), and the
 * attributes C code reads: StopIteration.value, SystemExit.code,
 * KeyError's str, UnicodeDecodeError's fields.
 */
#include "capture.h"

#include <errno.h>

static PyObject *mk(PyObject *type, const char *msg)
{
    return PyObject_CallFunction(type, "s", msg);
}

static void printing(void)
{
    PyObject *a, *b, *n;

    PyErr_SetString(PyExc_ValueError, "boom");
    PyErr_Print();
    written("Print");
    show("sys.last_exc", PySys_GetObject("last_exc"));
    show("sys.last_type", PySys_GetObject("last_type"));
    show("sys.last_value", PySys_GetObject("last_value"));
    show("sys.last_traceback", PySys_GetObject("last_traceback"));
    printf("Occurred after Print: %s\n", PyErr_Occurred() ? "set" : "NULL");

    a = mk(PyExc_ValueError, "inner");
    b = mk(PyExc_KeyError, "outer");
    PyException_SetContext(b, a);
    PyErr_SetRaisedException(b);
    PyErr_PrintEx(0);
    written("context chain");
    show("sys.last_exc unchanged by PrintEx(0)", PySys_GetObject("last_exc"));

    a = mk(PyExc_ValueError, "cause");
    b = mk(PyExc_TypeError, "effect");
    PyException_SetCause(b, a);
    PyException_SetContext(b, mk(PyExc_KeyError, "hidden context"));
    PyErr_SetRaisedException(b);
    PyErr_PrintEx(0);
    written("cause chain (context suppressed)");

    b = mk(PyExc_TypeError, "noted");
    n = Py_BuildValue("[ss]", "note 1", "note 2");
    PyObject_SetAttrString(b, "__notes__", n);
    Py_DECREF(n);
    PyErr_DisplayException(b);
    written("DisplayException with notes");
    PyErr_Display(NULL, b, NULL);
    written("Display");
    Py_DECREF(b);

    b = mk(PyExc_RuntimeError, "");
    PyErr_DisplayException(b);
    written("empty message");
    Py_DECREF(b);

    PyErr_PrintEx(0);
    written("PrintEx with nothing set");
}

static void errno_family(void)
{
    PyObject *e, *f, *f2;

    errno = ENOENT;
    printf("SetFromErrno(OSError) returns NULL: %d\n", PyErr_SetFromErrno(PyExc_OSError) == NULL);
    e = PyErr_GetRaisedException();
    show("  exception", e);
    show_str("  str", e);
    show_new("  errno", PyObject_GetAttrString(e, "errno"));
    show_new("  strerror", PyObject_GetAttrString(e, "strerror"));
    show_new("  filename", PyObject_GetAttrString(e, "filename"));
    show_new("  args", PyException_GetArgs(e));
    show_int("  isinstance OSError", PyObject_IsInstance(e, PyExc_OSError));
    Py_DECREF(e);
    errno = EACCES;
    PyErr_SetFromErrnoWithFilename(PyExc_OSError, "f.txt");
    e = PyErr_GetRaisedException();
    show("WithFilename(EACCES)", e);
    show_str("  str", e);
    show_new("  filename", PyObject_GetAttrString(e, "filename"));
    show_new("  args", PyException_GetArgs(e));
    Py_DECREF(e);
    errno = EEXIST;
    f = PyUnicode_FromString("a");
    f2 = PyUnicode_FromString("b");
    PyErr_SetFromErrnoWithFilenameObjects(PyExc_OSError, f, f2);
    e = PyErr_GetRaisedException();
    show("WithFilenameObjects(EEXIST)", e);
    show_str("  str", e);
    show_new("  filename2", PyObject_GetAttrString(e, "filename2"));
    Py_DECREF(e);
    errno = ENOTDIR;
    PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, f);
    show_exc("WithFilenameObject(ENOTDIR)");
    Py_DECREF(f);
    Py_DECREF(f2);
    errno = 0;
    PyErr_SetFromErrno(PyExc_OSError);
    e = PyErr_GetRaisedException();
    show("SetFromErrno(errno 0)", e);
    show_str("  str", e);
    Py_DECREF(e);
    errno = ECHILD;
    PyErr_SetFromErrno(PyExc_RuntimeError);
    show_exc("SetFromErrno(RuntimeError)");

    e = PyObject_CallFunction(PyExc_OSError, "is", 2, "nofile");
    show("OSError(2, 'nofile')", e);
    Py_DECREF(e);
    e = PyObject_CallFunction(PyExc_OSError, "iss", 13, "denied", "f.txt");
    show("OSError(13, 'denied', 'f.txt')", e);
    show_str("  str", e);
    Py_DECREF(e);
    e = PyObject_CallFunction(PyExc_OSError, "s", "plain");
    show("OSError('plain')", e);
    show_str("  str", e);
    show_new("  errno", PyObject_GetAttrString(e, "errno"));
    Py_DECREF(e);
    e = PyObject_CallFunction(PyExc_OSError, "is", 9999, "unmapped");
    show("OSError(9999, 'unmapped')", e);
    Py_DECREF(e);
    e = PyObject_CallFunction(PyExc_FileNotFoundError, "is", 13, "sub stays");
    show("FileNotFoundError(13, ...)", e);
    Py_DECREF(e);
}

static void warnings(void)
{
    show_int("WarnEx(UserWarning)", PyErr_WarnEx(PyExc_UserWarning, "careful", 1));
    written("  written");
    show_int("WarnEx(UserWarning) again", PyErr_WarnEx(PyExc_UserWarning, "careful", 1));
    written("  written");
    show_int("WarnEx(UserWarning, other text)", PyErr_WarnEx(PyExc_UserWarning, "other", 1));
    written("  written");
    show_int("WarnEx(DeprecationWarning)", PyErr_WarnEx(PyExc_DeprecationWarning, "old", 1));
    written("  written");
    show_int("WarnEx(PendingDeprecationWarning)",
             PyErr_WarnEx(PyExc_PendingDeprecationWarning, "older", 1));
    written("  written");
    show_int("WarnEx(NULL category)", PyErr_WarnEx(NULL, "rt", 1));
    written("  written");
    show_int("WarnEx(FutureWarning)", PyErr_WarnEx(PyExc_FutureWarning, "soon", 2));
    written("  written");
}

static void new_exceptions(void)
{
    PyObject *E, *F, *G, *bases, *d, *x;

    E = PyErr_NewException("pkg.mod.Err", NULL, NULL);
    show("NewException(pkg.mod.Err)", E);
    show_new("  __module__", PyObject_GetAttrString(E, "__module__"));
    show_new("  __name__", PyObject_GetAttrString(E, "__name__"));
    show_new("  __qualname__", PyObject_GetAttrString(E, "__qualname__"));
    show_new("  __doc__", PyObject_GetAttrString(E, "__doc__"));
    show_new("  __bases__", PyObject_GetAttrString(E, "__bases__"));
    PyErr_SetString(E, "mine");
    printf("  raised matches E: %d, Exception: %d\n", PyErr_ExceptionMatches(E),
           PyErr_ExceptionMatches(PyExc_Exception));
    PyErr_Print();
    written("  Print");

    F = PyErr_NewExceptionWithDoc("probe.F", "F's doc", E, NULL);
    show("NewExceptionWithDoc(probe.F, base E)", F);
    show_new("  __doc__", PyObject_GetAttrString(F, "__doc__"));
    show_new("  __mro__", PyObject_GetAttrString(F, "__mro__"));

    bases = PyTuple_Pack(2, PyExc_KeyError, PyExc_ValueError);
    d = Py_BuildValue("{s:i}", "answer", 42);
    G = PyErr_NewException("probe.G", bases, d);
    show("NewException(probe.G, (KeyError, ValueError), {answer: 42})", G);
    show_new("  __bases__", PyObject_GetAttrString(G, "__bases__"));
    show_new("  answer", PyObject_GetAttrString(G, "answer"));
    x = PyObject_CallFunction(G, "s", "k");
    show_str("  str(G('k'))", x);
    show_int("  isinstance ValueError", PyObject_IsInstance(x, PyExc_ValueError));
    Py_XDECREF(x);
    Py_DECREF(bases);
    Py_DECREF(d);

    show_new("NewException(no dot)", PyErr_NewException("nodot", NULL, NULL));
    Py_DECREF(E);
    Py_DECREF(F);
    Py_DECREF(G);
}

static void attributes(void)
{
    PyObject *e;

    e = PyObject_CallFunction(PyExc_StopIteration, "i", 5);
    show_new("StopIteration(5).value", PyObject_GetAttrString(e, "value"));
    Py_DECREF(e);
    e = PyObject_CallNoArgs(PyExc_StopIteration);
    show_new("StopIteration().value", PyObject_GetAttrString(e, "value"));
    Py_DECREF(e);
    e = PyObject_CallFunction(PyExc_SystemExit, "i", 3);
    show_new("SystemExit(3).code", PyObject_GetAttrString(e, "code"));
    Py_DECREF(e);
    e = PyObject_CallNoArgs(PyExc_SystemExit);
    show_new("SystemExit().code", PyObject_GetAttrString(e, "code"));
    Py_DECREF(e);
    e = PyObject_CallFunction(PyExc_SystemExit, "ii", 1, 2);
    show_new("SystemExit(1, 2).code", PyObject_GetAttrString(e, "code"));
    Py_DECREF(e);
    e = PyObject_CallFunction(PyExc_KeyError, "s", "k");
    show_str_new("str(KeyError('k'))", PyObject_Str(e));
    Py_DECREF(e);
    e = PyObject_CallFunction(PyExc_KeyError, "(ii)", 1, 2);
    show_str_new("str(KeyError((1, 2)))", PyObject_Str(e));
    Py_DECREF(e);
    e = PyObject_CallFunction(PyExc_UnicodeDecodeError, "sy#nns", "utf-8", "\xff", (Py_ssize_t)1,
                              (Py_ssize_t)0, (Py_ssize_t)1, "invalid start byte");
    show("UnicodeDecodeError", e);
    show_str("  str", e);
    show_new("  encoding", PyObject_GetAttrString(e, "encoding"));
    show_new("  object", PyObject_GetAttrString(e, "object"));
    show_new("  start", PyObject_GetAttrString(e, "start"));
    show_new("  end", PyObject_GetAttrString(e, "end"));
    show_new("  reason", PyObject_GetAttrString(e, "reason"));
    Py_XDECREF(e);
    show_new("UnicodeDecodeError('x')", PyObject_CallFunction(PyExc_UnicodeDecodeError, "s", "x"));
    show_new("UnicodeDecodeError(1, b'', 0, 1, 'r')",
             PyObject_CallFunction(PyExc_UnicodeDecodeError, "iy#nns", 1, "", (Py_ssize_t)0,
                                   (Py_ssize_t)0, (Py_ssize_t)1, "r"));
    show_new("UnicodeEncodeError('ascii', b'x', 0, 1, 'r')",
             PyObject_CallFunction(PyExc_UnicodeEncodeError, "sy#nns", "ascii", "x",
                                   (Py_ssize_t)1, (Py_ssize_t)0, (Py_ssize_t)1, "r"));
    e = PyObject_CallFunction(PyExc_UnicodeTranslateError, "snns", "\xc3\xa9", (Py_ssize_t)0,
                              (Py_ssize_t)1, "no mapping");
    show("UnicodeTranslateError", e);
    show_new("  object", PyObject_GetAttrString(e, "object"));
    Py_XDECREF(e);
}

int main(void)
{
    Py_Initialize();
    capture_begin();

    printing();
    errno_family();
    warnings();
    new_exceptions();
    attributes();

    capture_end();
    return ctest_finish();
}
