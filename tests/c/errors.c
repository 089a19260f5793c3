/*
 * errors.c -- the error indicator: setting, testing, matching, clearing,
 * the single-object API (Get/SetRaisedException) and the legacy triple
 * (Fetch/Restore), plus the standard exception class hierarchy.
 */
#include "ctest.h"

static void show_pending(const char *label)
{
    /* type of the pending exception and its str(), consuming it */
    show_exc(label);
}

static void setting(void)
{
    PyObject *v, *r;

    printf("Occurred(initially): %s\n", PyErr_Occurred() == NULL ? "NULL" : "set");
    PyErr_SetString(PyExc_ValueError, "bad value");
    printf("Occurred(after SetString) is ValueError: %d\n", PyErr_Occurred() == PyExc_ValueError);
    show_pending("SetString");
    printf("Occurred(after take): %s\n", PyErr_Occurred() == NULL ? "NULL" : "set");

    PyErr_SetString(PyExc_TypeError, "caf\xc3\xa9");
    show_pending("SetString(utf8)");

    PyErr_SetNone(PyExc_KeyError);
    show_pending("SetNone(KeyError)");
    PyErr_SetNone(PyExc_StopIteration);
    show_pending("SetNone(StopIteration)");

    v = PyUnicode_FromString("k");
    PyErr_SetObject(PyExc_KeyError, v);
    show_pending("SetObject(KeyError, 'k')");
    Py_DECREF(v);

    v = Py_BuildValue("(is)", 1, "two");
    PyErr_SetObject(PyExc_ValueError, v);
    show_pending("SetObject(ValueError, (1, 'two'))");
    Py_DECREF(v);

    v = Py_BuildValue("(i)", 7);
    PyErr_SetObject(PyExc_KeyError, v);
    show_pending("SetObject(KeyError, (7,))");
    Py_DECREF(v);

    v = PyTuple_New(0);
    PyErr_SetObject(PyExc_RuntimeError, v);
    show_pending("SetObject(RuntimeError, ())");
    Py_DECREF(v);

    PyErr_SetObject(PyExc_RuntimeError, NULL);
    show_pending("SetObject(RuntimeError, NULL)");
    PyErr_SetObject(PyExc_RuntimeError, Py_None);
    show_pending("SetObject(RuntimeError, None)");

    /* an instance of the type (or a subclass) is used as it is */
    v = PyObject_CallFunction(PyExc_KeyError, "s", "inst");
    PyErr_SetObject(PyExc_LookupError, v);
    r = PyErr_GetRaisedException();
    printf("SetObject(LookupError, KeyError inst).same_object: %d\n", Py_Is(r, v));
    Py_DECREF(r);
    /* an instance of an unrelated exception type becomes the argument */
    PyErr_SetObject(PyExc_ValueError, v);
    show_pending("SetObject(ValueError, KeyError inst)");
    Py_DECREF(v);

    /* the type must be an exception class */
    v = PyUnicode_FromString("x");
    PyErr_SetObject((PyObject *)&PyLong_Type, v);
    show_pending("SetObject(int type, 'x')");
    PyErr_SetString(v, "not a type");
    show_pending("SetString('x' instance, ...)");
    Py_DECREF(v);

    /* setting replaces what was pending */
    PyErr_SetString(PyExc_ValueError, "first");
    PyErr_SetString(PyExc_TypeError, "second");
    v = PyErr_GetRaisedException();
    show_str("replaced", v);
    show_new("replaced.__context__", PyObject_GetAttrString(v, "__context__"));
    Py_DECREF(v);

    v = PyUnicode_FromString("u");
    r = PyErr_Format(PyExc_TypeError, "bad %s #%d: %R / %S / %U", "thing", 3, Py_None, Py_True, v);
    printf("Format.returns_NULL: %d\n", r == NULL);
    show_pending("Format");
    Py_DECREF(v);
    PyErr_Format(PyExc_OverflowError, "%zd items, %c%c, 100%%", (Py_ssize_t)-3, 'o', 'k');
    show_pending("Format(2)");
    PyErr_Format(PyExc_ValueError, "%q");
    show_pending("Format(bad format)");

    PyErr_SetString(PyExc_ValueError, "to clear");
    PyErr_Clear();
    printf("Clear: %s\n", PyErr_Occurred() == NULL ? "NULL" : "set");
    PyErr_Clear(); /* clearing nothing is fine */
    printf("Clear(nothing): %s\n", PyErr_Occurred() == NULL ? "NULL" : "set");

    PyErr_BadInternalCall();
    show_pending("BadInternalCall");
    r = PyErr_NoMemory();
    printf("NoMemory.returns_NULL: %d\n", r == NULL);
    printf("NoMemory.Occurred is MemoryError: %d\n", PyErr_Occurred() == PyExc_MemoryError);
    show_pending("NoMemory");
}

static void matching(void)
{
    PyObject *tup = PyTuple_Pack(2, PyExc_TypeError, PyExc_LookupError);
    PyObject *nested = Py_BuildValue("(O(OO))", PyExc_OSError, PyExc_TypeError, PyExc_ArithmeticError);
    PyObject *inst;

    printf("ExceptionMatches(nothing pending): %d\n", PyErr_ExceptionMatches(PyExc_Exception));

    PyErr_SetString(PyExc_KeyError, "k");
    printf("ExceptionMatches(KeyError, KeyError): %d\n", PyErr_ExceptionMatches(PyExc_KeyError));
    printf("ExceptionMatches(KeyError, LookupError): %d\n", PyErr_ExceptionMatches(PyExc_LookupError));
    printf("ExceptionMatches(KeyError, Exception): %d\n", PyErr_ExceptionMatches(PyExc_Exception));
    printf("ExceptionMatches(KeyError, BaseException): %d\n", PyErr_ExceptionMatches(PyExc_BaseException));
    printf("ExceptionMatches(KeyError, IndexError): %d\n", PyErr_ExceptionMatches(PyExc_IndexError));
    printf("ExceptionMatches(KeyError, (TypeError, LookupError)): %d\n", PyErr_ExceptionMatches(tup));
    printf("ExceptionMatches(KeyError, (OSError, (TypeError, ArithmeticError))): %d\n",
           PyErr_ExceptionMatches(nested));
    printf("ExceptionMatches still pending: %d\n", PyErr_Occurred() != NULL);
    PyErr_Clear();

    PyErr_SetString(PyExc_ZeroDivisionError, "z");
    printf("ExceptionMatches(ZeroDivisionError, nested tuple): %d\n", PyErr_ExceptionMatches(nested));
    PyErr_Clear();

    inst = PyObject_CallFunction(PyExc_KeyError, "s", "x");
    printf("Given(KeyError inst, KeyError): %d\n", PyErr_GivenExceptionMatches(inst, PyExc_KeyError));
    printf("Given(KeyError inst, LookupError): %d\n", PyErr_GivenExceptionMatches(inst, PyExc_LookupError));
    printf("Given(KeyError inst, ValueError): %d\n", PyErr_GivenExceptionMatches(inst, PyExc_ValueError));
    printf("Given(KeyError inst, (TypeError, LookupError)): %d\n", PyErr_GivenExceptionMatches(inst, tup));
    printf("Given(KeyError class, LookupError): %d\n", PyErr_GivenExceptionMatches(PyExc_KeyError, PyExc_LookupError));
    printf("Given(LookupError class, KeyError): %d\n", PyErr_GivenExceptionMatches(PyExc_LookupError, PyExc_KeyError));
    printf("Given(OSError, EnvironmentError): %d\n", PyErr_GivenExceptionMatches(PyExc_OSError, PyExc_EnvironmentError));
    printf("Given(NULL, KeyError): %d\n", PyErr_GivenExceptionMatches(NULL, PyExc_KeyError));
    printf("Given(KeyError, NULL): %d\n", PyErr_GivenExceptionMatches(PyExc_KeyError, NULL));
    {
        PyObject *empty = PyTuple_New(0);
        printf("Given(KeyError, ()): %d\n", PyErr_GivenExceptionMatches(PyExc_KeyError, empty));
        Py_DECREF(empty);
    }
    printf("Given(int type, int type): %d\n",
           PyErr_GivenExceptionMatches((PyObject *)&PyLong_Type, (PyObject *)&PyLong_Type));
    printf("Given(bool type, int type): %d\n",
           PyErr_GivenExceptionMatches((PyObject *)&PyBool_Type, (PyObject *)&PyLong_Type));
    CHECK_NOERR();
    Py_DECREF(inst);
    Py_DECREF(tup);
    Py_DECREF(nested);
}

static void raised_exception(void)
{
    PyObject *e, *e2;

    e = PyErr_GetRaisedException();
    printf("GetRaisedException(nothing): %s\n", e == NULL ? "NULL" : "set");

    PyErr_SetString(PyExc_IndexError, "idx");
    e = PyErr_GetRaisedException();
    printf("GetRaisedException.clears: %d\n", PyErr_Occurred() == NULL);
    show("GetRaisedException", e);
    printf("GetRaisedException.is_instance: %d\n", PyObject_IsInstance(e, PyExc_IndexError));
    show_new("GetRaisedException.__traceback__", PyObject_GetAttrString(e, "__traceback__"));

    PyErr_SetRaisedException(Py_NewRef(e));
    printf("SetRaisedException.Occurred is IndexError: %d\n", PyErr_Occurred() == PyExc_IndexError);
    printf("SetRaisedException.ExceptionMatches(LookupError): %d\n", PyErr_ExceptionMatches(PyExc_LookupError));
    e2 = PyErr_GetRaisedException();
    printf("round_trip.same_object: %d\n", Py_Is(e, e2));
    Py_DECREF(e2);

    PyErr_SetRaisedException(Py_NewRef(e));
    PyErr_SetRaisedException(NULL);
    printf("SetRaisedException(NULL).clears: %d\n", PyErr_Occurred() == NULL);

    /* raising replaces the pending exception */
    PyErr_SetString(PyExc_ValueError, "old");
    PyErr_SetRaisedException(Py_NewRef(e));
    show_pending("SetRaisedException(replaces)");
    Py_DECREF(e);
}

static void fetch_restore(void)
{
    PyObject *t = (PyObject *)1, *v = (PyObject *)1, *tb = (PyObject *)1;
    PyObject *e;

    PyErr_Fetch(&t, &v, &tb);
    printf("Fetch(nothing): %s %s %s\n", t ? "set" : "NULL", v ? "set" : "NULL", tb ? "set" : "NULL");

    PyErr_SetString(PyExc_ValueError, "fetched");
    PyErr_Fetch(&t, &v, &tb);
    printf("Fetch.clears: %d\n", PyErr_Occurred() == NULL);
    show("Fetch.type", t);
    show("Fetch.value", v);
    printf("Fetch.value.is_instance: %d\n", v != NULL && PyObject_IsInstance(v, t) == 1);
    printf("Fetch.traceback: %s\n", tb == NULL ? "NULL" : "set");
    e = v;
    Py_INCREF(e);
    PyErr_Restore(t, v, tb); /* steals all three */
    printf("Restore.Occurred is ValueError: %d\n", PyErr_Occurred() == PyExc_ValueError);
    v = PyErr_GetRaisedException();
    printf("Restore then GetRaisedException.same_object: %d\n", Py_Is(v, e));
    Py_DECREF(v);
    Py_DECREF(e);

    /* Restore with a bare type: the value is created on demand */
    PyErr_Restore(Py_NewRef(PyExc_KeyError), NULL, NULL);
    printf("Restore(KeyError, NULL).matches: %d\n", PyErr_ExceptionMatches(PyExc_KeyError));
    e = PyErr_GetRaisedException();
    show("Restore(KeyError, NULL) -> GetRaisedException", e);
    Py_XDECREF(e);

    PyErr_Restore(Py_NewRef(PyExc_ValueError), PyUnicode_FromString("from str"), NULL);
    e = PyErr_GetRaisedException();
    show("Restore(ValueError, 'from str') -> GetRaisedException", e);
    Py_XDECREF(e);

    PyErr_Restore(Py_NewRef(PyExc_ValueError), Py_BuildValue("(ii)", 1, 2), NULL);
    PyErr_Fetch(&t, &v, &tb);
    show("Restore(ValueError, (1, 2)) -> Fetch.value", v);
    PyErr_Restore(t, v, tb);
    PyErr_Clear();

    PyErr_SetString(PyExc_ValueError, "x");
    PyErr_Restore(NULL, NULL, NULL);
    printf("Restore(NULL, NULL, NULL).clears: %d\n", PyErr_Occurred() == NULL);

    /* Fetch with a legacy-style pending (type, NULL) pair */
    PyErr_Restore(Py_NewRef(PyExc_RuntimeError), NULL, NULL);
    PyErr_Fetch(&t, &v, &tb);
    show("Fetch after Restore(type, NULL).type", t);
    printf("Fetch after Restore(type, NULL).value: %s\n", v == NULL ? "NULL" : "set");
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
}

static void hierarchy(void)
{
    struct exc { const char *name; PyObject *cls; };
    struct exc all[] = {
        {"BaseException", PyExc_BaseException},
        {"BaseExceptionGroup", PyExc_BaseExceptionGroup},
        {"SystemExit", PyExc_SystemExit},
        {"KeyboardInterrupt", PyExc_KeyboardInterrupt},
        {"GeneratorExit", PyExc_GeneratorExit},
        {"Exception", PyExc_Exception},
        {"StopIteration", PyExc_StopIteration},
        {"StopAsyncIteration", PyExc_StopAsyncIteration},
        {"ArithmeticError", PyExc_ArithmeticError},
        {"FloatingPointError", PyExc_FloatingPointError},
        {"OverflowError", PyExc_OverflowError},
        {"ZeroDivisionError", PyExc_ZeroDivisionError},
        {"AssertionError", PyExc_AssertionError},
        {"AttributeError", PyExc_AttributeError},
        {"BufferError", PyExc_BufferError},
        {"EOFError", PyExc_EOFError},
        {"ImportError", PyExc_ImportError},
        {"ModuleNotFoundError", PyExc_ModuleNotFoundError},
        {"LookupError", PyExc_LookupError},
        {"IndexError", PyExc_IndexError},
        {"KeyError", PyExc_KeyError},
        {"MemoryError", PyExc_MemoryError},
        {"NameError", PyExc_NameError},
        {"UnboundLocalError", PyExc_UnboundLocalError},
        {"OSError", PyExc_OSError},
        {"BlockingIOError", PyExc_BlockingIOError},
        {"ChildProcessError", PyExc_ChildProcessError},
        {"ConnectionError", PyExc_ConnectionError},
        {"BrokenPipeError", PyExc_BrokenPipeError},
        {"ConnectionAbortedError", PyExc_ConnectionAbortedError},
        {"ConnectionRefusedError", PyExc_ConnectionRefusedError},
        {"ConnectionResetError", PyExc_ConnectionResetError},
        {"FileExistsError", PyExc_FileExistsError},
        {"FileNotFoundError", PyExc_FileNotFoundError},
        {"InterruptedError", PyExc_InterruptedError},
        {"IsADirectoryError", PyExc_IsADirectoryError},
        {"NotADirectoryError", PyExc_NotADirectoryError},
        {"PermissionError", PyExc_PermissionError},
        {"ProcessLookupError", PyExc_ProcessLookupError},
        {"TimeoutError", PyExc_TimeoutError},
        {"ReferenceError", PyExc_ReferenceError},
        {"RuntimeError", PyExc_RuntimeError},
        {"NotImplementedError", PyExc_NotImplementedError},
        {"RecursionError", PyExc_RecursionError},
        {"SyntaxError", PyExc_SyntaxError},
        {"IndentationError", PyExc_IndentationError},
        {"TabError", PyExc_TabError},
        {"SystemError", PyExc_SystemError},
        {"TypeError", PyExc_TypeError},
        {"ValueError", PyExc_ValueError},
        {"UnicodeError", PyExc_UnicodeError},
        {"UnicodeDecodeError", PyExc_UnicodeDecodeError},
        {"UnicodeEncodeError", PyExc_UnicodeEncodeError},
        {"UnicodeTranslateError", PyExc_UnicodeTranslateError},
        {"Warning", PyExc_Warning},
        {"BytesWarning", PyExc_BytesWarning},
        {"DeprecationWarning", PyExc_DeprecationWarning},
        {"EncodingWarning", PyExc_EncodingWarning},
        {"FutureWarning", PyExc_FutureWarning},
        {"ImportWarning", PyExc_ImportWarning},
        {"PendingDeprecationWarning", PyExc_PendingDeprecationWarning},
        {"ResourceWarning", PyExc_ResourceWarning},
        {"RuntimeWarning", PyExc_RuntimeWarning},
        {"SyntaxWarning", PyExc_SyntaxWarning},
        {"UnicodeWarning", PyExc_UnicodeWarning},
        {"UserWarning", PyExc_UserWarning},
    };
    size_t n = sizeof all / sizeof all[0], i, j;

    for (i = 0; i < n; i++) {
        PyObject *name = PyType_GetName((PyTypeObject *)all[i].cls);
        int ok = name != NULL && PyUnicode_CompareWithASCIIString(name, all[i].name) == 0;
        Py_XDECREF(name);
        printf("hier.%s: name_ok=%d bases:", all[i].name, ok);
        for (j = 0; j < n; j++) {
            if (i != j && PyObject_IsSubclass(all[i].cls, all[j].cls) == 1)
                printf(" %s", all[j].name);
        }
        printf("\n");
    }
    printf("EnvironmentError is OSError: %d\n", Py_Is(PyExc_EnvironmentError, PyExc_OSError));
    printf("IOError is OSError: %d\n", Py_Is(PyExc_IOError, PyExc_OSError));
    {
        PyObject *pair = Py_BuildValue("(OO)", PyExc_ValueError, PyExc_IndexError);
        printf("IsSubclass(KeyError, (ValueError, IndexError)): %d\n", PyObject_IsSubclass(PyExc_KeyError, pair));
        Py_DECREF(pair);
    }
}

int main(void)
{
    Py_Initialize();
    setting();
    matching();
    raised_exception();
    fetch_restore();
    hierarchy();
    CHECK_NOERR();
    return ctest_finish();
}
