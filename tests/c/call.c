/*
 * call.c -- PyObject_Call / CallObject / CallFunction / CallMethod.
 *
 * Only types are called (exception types and the builtin types of the
 * covered subset), plus PyObject_CallMethod failing on a missing name.
 */
#include "ctest.h"

#define T(tp) ((PyObject *)&(tp))

static void show_exc_obj(const char *label, PyObject *e)
{
    char l2[128];
    show(label, e);
    if (e == NULL)
        return;
    snprintf(l2, sizeof l2, "%s.str", label);
    show_str(l2, e);
    snprintf(l2, sizeof l2, "%s.args", label);
    show_new(l2, PyObject_GetAttrString(e, "args"));
    Py_DECREF(e);
}

static void exception_types(void)
{
    PyObject *pair = Py_BuildValue("(ii)", 1, 2);

    show_exc_obj("ValueError('boom')", PyObject_CallFunction(PyExc_ValueError, "s", "boom"));
    show_exc_obj("ValueError(NULL format)", PyObject_CallFunction(PyExc_ValueError, NULL));
    show_exc_obj("ValueError(empty format)", PyObject_CallFunction(PyExc_ValueError, ""));
    show_exc_obj("ValueError('a', 1)", PyObject_CallFunction(PyExc_ValueError, "si", "a", 1));
    /* a format that builds one tuple passes its items as the arguments */
    show_exc_obj("ValueError via '(si)'", PyObject_CallFunction(PyExc_ValueError, "(si)", "a", 1));
    show_exc_obj("ValueError via 'O' with a tuple", PyObject_CallFunction(PyExc_ValueError, "O", pair));
    show_exc_obj("ValueError via '(O)' with a tuple", PyObject_CallFunction(PyExc_ValueError, "(O)", pair));
    show_exc_obj("ValueError via 'N' with a tuple", PyObject_CallFunction(PyExc_ValueError, "N", Py_NewRef(pair)));
    show_exc_obj("KeyError('k')", PyObject_CallFunction(PyExc_KeyError, "s", "k"));
    show_exc_obj("KeyError()", PyObject_CallFunction(PyExc_KeyError, NULL));
    show_exc_obj("KeyError('a', 'b')", PyObject_CallFunction(PyExc_KeyError, "ss", "a", "b"));
    show_exc_obj("TypeError(None)", PyObject_CallFunction(PyExc_TypeError, "O", Py_None));
    show_exc_obj("RuntimeError(42)", PyObject_CallFunction(PyExc_RuntimeError, "i", 42));
    show_exc_obj("Exception('caf\\xe9')", PyObject_CallFunction(PyExc_Exception, "s", "caf\xc3\xa9"));
    show_exc_obj("BaseException([1])", PyObject_CallFunction(PyExc_BaseException, "[i]", 1));
    show_exc_obj("ZeroDivisionError via CallObject", PyObject_CallObject(PyExc_ZeroDivisionError, pair));
    show_exc_obj("IndexError via CallObject(NULL)", PyObject_CallObject(PyExc_IndexError, NULL));
    {
        PyObject *args = Py_BuildValue("(s)", "x");
        PyObject *kw = Py_BuildValue("{s:i}", "bad", 1);
        show_exc_obj("ValueError(x, bad=1)", PyObject_Call(PyExc_ValueError, args, kw));
        show_exc_obj("ValueError(x) via Call", PyObject_Call(PyExc_ValueError, args, NULL));
        Py_DECREF(args);
        Py_DECREF(kw);
    }
    {
        PyObject *e = PyObject_CallFunction(PyExc_LookupError, "s", "look");
        printf("LookupError instance IsInstance LookupError: %d\n", PyObject_IsInstance(e, PyExc_LookupError));
        printf("LookupError instance IsInstance Exception: %d\n", PyObject_IsInstance(e, PyExc_Exception));
        printf("LookupError instance IsInstance KeyError: %d\n", PyObject_IsInstance(e, PyExc_KeyError));
        Py_DECREF(e);
    }
    Py_DECREF(pair);
}

static void builtin_types(void)
{
    PyObject *pairs, *lst, *tup, *args, *kw;

    show_new("int('12')", PyObject_CallFunction(T(PyLong_Type), "s", "12"));
    show_new("int(' -42 ')", PyObject_CallFunction(T(PyLong_Type), "s", " -42 "));
    show_new("int('1_000')", PyObject_CallFunction(T(PyLong_Type), "s", "1_000"));
    show_new("int('ff', 16)", PyObject_CallFunction(T(PyLong_Type), "si", "ff", 16));
    show_new("int('0x1f', 0)", PyObject_CallFunction(T(PyLong_Type), "si", "0x1f", 0));
    show_new("int('z', 36)", PyObject_CallFunction(T(PyLong_Type), "si", "z", 36));
    show_new("int('99999999999999999999')", PyObject_CallFunction(T(PyLong_Type), "s", "99999999999999999999"));
    show_new("int(3.7)", PyObject_CallFunction(T(PyLong_Type), "d", 3.7));
    show_new("int(-3.7)", PyObject_CallFunction(T(PyLong_Type), "d", -3.7));
    show_new("int(True)", PyObject_CallFunction(T(PyLong_Type), "O", Py_True));
    show_new("int(b'7')", PyObject_CallFunction(T(PyLong_Type), "y", "7"));
    show_new("int()", PyObject_CallFunction(T(PyLong_Type), NULL));
    show_new("int('abc')", PyObject_CallFunction(T(PyLong_Type), "s", "abc"));
    show_new("int('')", PyObject_CallFunction(T(PyLong_Type), "s", ""));
    show_new("int('12', 1)", PyObject_CallFunction(T(PyLong_Type), "si", "12", 1));
    show_new("int('12', 37)", PyObject_CallFunction(T(PyLong_Type), "si", "12", 37));
    show_new("int('9', 8)", PyObject_CallFunction(T(PyLong_Type), "si", "9", 8));
    show_new("int(None)", PyObject_CallFunction(T(PyLong_Type), "O", Py_None));
    show_new("int(12, 10)", PyObject_CallFunction(T(PyLong_Type), "ii", 12, 10));
    show_new("int('1', 2, 3)", PyObject_CallFunction(T(PyLong_Type), "sii", "1", 2, 3));
    show_new("int(inf)", PyObject_CallFunction(T(PyLong_Type), "d", 1.0 / 0.0));

    show_new("float('1.5')", PyObject_CallFunction(T(PyFloat_Type), "s", "1.5"));
    show_new("float(' -2.5e3 ')", PyObject_CallFunction(T(PyFloat_Type), "s", " -2.5e3 "));
    show_new("float('inf')", PyObject_CallFunction(T(PyFloat_Type), "s", "inf"));
    show_new("float('-Infinity')", PyObject_CallFunction(T(PyFloat_Type), "s", "-Infinity"));
    show_new("float('nan')", PyObject_CallFunction(T(PyFloat_Type), "s", "nan"));
    show_new("float('1_0.5')", PyObject_CallFunction(T(PyFloat_Type), "s", "1_0.5"));
    show_new("float('0.1')", PyObject_CallFunction(T(PyFloat_Type), "s", "0.1"));
    show_new("float('1e400')", PyObject_CallFunction(T(PyFloat_Type), "s", "1e400"));
    show_new("float(3)", PyObject_CallFunction(T(PyFloat_Type), "i", 3));
    show_new("float()", PyObject_CallFunction(T(PyFloat_Type), NULL));
    show_new("float('x')", PyObject_CallFunction(T(PyFloat_Type), "s", "x"));
    show_new("float('')", PyObject_CallFunction(T(PyFloat_Type), "s", ""));
    show_new("float(None)", PyObject_CallFunction(T(PyFloat_Type), "O", Py_None));
    show_new("float(1, 2)", PyObject_CallFunction(T(PyFloat_Type), "ii", 1, 2));

    show_new("str(5)", PyObject_CallFunction(T(PyUnicode_Type), "i", 5));
    show_new("str(0.1)", PyObject_CallFunction(T(PyUnicode_Type), "d", 0.1));
    show_new("str([1, 'a'])", PyObject_CallFunction(T(PyUnicode_Type), "[is]", 1, "a"));
    show_new("str(None)", PyObject_CallFunction(T(PyUnicode_Type), "O", Py_None));
    show_new("str(b'x')", PyObject_CallFunction(T(PyUnicode_Type), "y", "x"));
    show_new("str()", PyObject_CallFunction(T(PyUnicode_Type), NULL));

    show_new("bool(0)", PyObject_CallFunction(T(PyBool_Type), "i", 0));
    show_new("bool('x')", PyObject_CallFunction(T(PyBool_Type), "s", "x"));
    show_new("bool([])", PyObject_CallFunction(T(PyBool_Type), "[]"));
    show_new("bool()", PyObject_CallFunction(T(PyBool_Type), NULL));

    lst = Py_BuildValue("[ii]", 1, 2);
    tup = Py_BuildValue("(ii)", 3, 4);
    show_new("tuple([1, 2]) via 'O'", PyObject_CallFunction(T(PyTuple_Type), "O", lst));
    show_new("tuple((3, 4)) via '(O)'", PyObject_CallFunction(T(PyTuple_Type), "(O)", tup));
    show_new("tuple() via 'O' with (3, 4) -> tuple(3, 4)", PyObject_CallFunction(T(PyTuple_Type), "O", tup));
    show_new("list((3, 4))", PyObject_CallFunction(T(PyList_Type), "(O)", tup));
    show_new("list('ab')", PyObject_CallFunction(T(PyList_Type), "s", "ab"));
    show_new("list(5)", PyObject_CallFunction(T(PyList_Type), "i", 5));
    show_new("bytes(3)", PyObject_CallFunction(T(PyBytes_Type), "i", 3));
    show_new("bytes([65, 66])", PyObject_CallFunction(T(PyBytes_Type), "[ii]", 65, 66));

    pairs = Py_BuildValue("[(si)(si)]", "a", 1, "b", 2);
    show_new("dict(pairs)", PyObject_CallFunction(T(PyDict_Type), "(O)", pairs));
    show_new("dict()", PyObject_CallObject(T(PyDict_Type), NULL));
    args = PyTuple_New(0);
    kw = Py_BuildValue("{s:i,s:s}", "x", 1, "y", "z");
    show_new("dict(**kw)", PyObject_Call(T(PyDict_Type), args, kw));
    show_new("dict([(1,2,3)])", PyObject_CallFunction(T(PyDict_Type), "([(iii)])", 1, 2, 3));
    Py_DECREF(args);
    Py_DECREF(kw);

    show_new("type(5)", PyObject_CallFunction(T(PyType_Type), "i", 5));
    show_new("type(None)", PyObject_CallFunction(T(PyType_Type), "O", Py_None));
    show_new("type()", PyObject_CallFunction(T(PyType_Type), NULL));
    show_new("module('made')", PyObject_CallFunction(T(PyModule_Type), "s", "made"));
    show_new("module()", PyObject_CallFunction(T(PyModule_Type), NULL));
    {
        PyObject *o = PyObject_CallObject(T(PyBaseObject_Type), NULL);
        printf("object().type_is_object: %d\n", o != NULL && Py_TYPE(o) == &PyBaseObject_Type);
        Py_XDECREF(o);
    }
    show_new("object(1)", PyObject_CallFunction(T(PyBaseObject_Type), "i", 1));

    /* keyword arguments through PyObject_Call */
    args = Py_BuildValue("(s)", "101");
    kw = Py_BuildValue("{s:i}", "base", 2);
    show_new("int('101', base=2)", PyObject_Call(T(PyLong_Type), args, kw));
    Py_DECREF(kw);
    kw = Py_BuildValue("{s:i}", "bse", 2);
    show_new("int('101', bse=2)", PyObject_Call(T(PyLong_Type), args, kw));
    Py_DECREF(kw);
    kw = PyDict_New();
    show_new("int('101', **{})", PyObject_Call(T(PyLong_Type), args, kw));
    show_new("int(*'101')", PyObject_CallObject(T(PyLong_Type), args));
    Py_DECREF(kw);
    Py_DECREF(args);

    Py_DECREF(pairs);
    Py_DECREF(lst);
    Py_DECREF(tup);
}

static void call_errors(void)
{
    PyObject *five = PyLong_FromLong(5);
    PyObject *m = PyModule_New("m");
    PyObject *lst = PyList_New(0);
    PyObject *args = PyTuple_New(0);

    show_new("CallFunction(5)", PyObject_CallFunction(five, NULL));
    show_new("CallFunction(5, 'i')", PyObject_CallFunction(five, "i", 1));
    show_new("CallObject(None)", PyObject_CallObject(Py_None, NULL));
    show_new("Call(module, ())", PyObject_Call(m, args, NULL));
    show_new("CallObject(int, list args)", PyObject_CallObject(T(PyLong_Type), lst));
    /* (not tested: PyObject_Call with a non-tuple args or a non-dict kwargs;
       3.12.1 does not check them for vectorcall types and reads the list
       as if it were a tuple/dict) */
    show_new("CallFunction(int, bad format)", PyObject_CallFunction(T(PyLong_Type), "q", 1));
    show_new("CallFunction(int, 's' invalid utf8)", PyObject_CallFunction(T(PyLong_Type), "s", "\xff"));
    show_new("CallFunction(NULL)", PyObject_CallFunction(NULL, NULL));

    show_new("CallMethod(5, 'nope')", PyObject_CallMethod(five, "nope", NULL));
    show_new("CallMethod(5, 'nope', 'i')", PyObject_CallMethod(five, "nope", "i", 1));
    show_new("CallMethod(module, 'nope')", PyObject_CallMethod(m, "nope", NULL));
    show_new("CallMethod(None, 'nope')", PyObject_CallMethod(Py_None, "nope", NULL));
    show_new("CallMethod(int type, 'nope')", PyObject_CallMethod(T(PyLong_Type), "nope", NULL));
    show_new("CallMethod(5, NULL)", PyObject_CallMethod(five, NULL, NULL));
    show_new("CallMethod(NULL, 'x')", PyObject_CallMethod(NULL, "x", NULL));
    /* a module attribute holding a type can be called through CallMethod */
    PyObject_SetAttrString(m, "Err", PyExc_ValueError);
    show_new("CallMethod(module, 'Err', 's')", PyObject_CallMethod(m, "Err", "s", "via module"));
    PyObject_SetAttrString(m, "num", five);
    show_new("CallMethod(module, 'num')", PyObject_CallMethod(m, "num", NULL));

    Py_DECREF(five);
    Py_DECREF(m);
    Py_DECREF(lst);
    Py_DECREF(args);
}

/* _PyObject_MakeTpCall (the slow path CPython's inline vectorcall helpers
   and pyo3-ffi call): tp_call with the positional tuple and the keywords as
   NULL, a dict, or kwnames naming the values after the positional ones. */
static void make_tp_call(void)
{
    PyThreadState *ts = PyThreadState_Get();
    PyObject *dict_type = (PyObject *)&PyDict_Type;
    PyObject *pairs = Py_BuildValue("[(ii)]", 1, 2);
    PyObject *args[3] = {pairs, PyLong_FromLong(3), PyLong_FromLong(4)};
    show_new("MakeTpCall(dict, [pairs])", _PyObject_MakeTpCall(ts, dict_type, args, 1, NULL));
    PyObject *names = Py_BuildValue("(ss)", "a", "b");
    show_new("MakeTpCall(dict, [pairs], kwnames a b)",
             _PyObject_MakeTpCall(ts, dict_type, args, 1, names));
    PyObject *kw = Py_BuildValue("{si}", "z", 26);
    show_new("MakeTpCall(dict, [pairs], {z: 26})", _PyObject_MakeTpCall(ts, dict_type, args, 1, kw));
    PyObject *empty = PyTuple_New(0);
    show_new("MakeTpCall(dict, no args, ())", _PyObject_MakeTpCall(ts, dict_type, NULL, 0, empty));
    show_new("MakeTpCall(5)", _PyObject_MakeTpCall(ts, args[1], args, 1, NULL));
    show_new("MakeTpCall(int, ['x'])",
             _PyObject_MakeTpCall(ts, (PyObject *)&PyLong_Type, (PyObject *[]){names}, 1, NULL));
    Py_DECREF(empty);
    Py_DECREF(kw);
    Py_DECREF(names);
    Py_DECREF(args[2]);
    Py_DECREF(args[1]);
    Py_DECREF(pairs);
}

int main(void)
{
    Py_Initialize();
    exception_types();
    builtin_types();
    call_errors();
    make_tp_call();
    CHECK_NOERR();
    return ctest_finish();
}
