/*
 * iter.c -- the iterator protocol: PyObject_GetIter and its errors,
 * PyIter_Next (end without an exception, staying exhausted), PyIter_Check,
 * PyIter_Send (PYGEN_NEXT/RETURN/ERROR and *result), the builtin iterator
 * types (list, tuple, dict keys/values/items, ASCII and non-ASCII str,
 * bytes) with their names and items, PySeqIter_New/Check over heap types
 * with only sq_item (IndexError/StopIteration end it, other errors repeat),
 * PyCallIter_New/Check (sentinel, StopIteration, errors), mutation during
 * iteration (dict size change and its sticky error, list append/shrink),
 * and the __iter__/__next__/__length_hint__ methods of iterators.
 */
#include "ctest.h"

/* ---- helpers ---------------------------------------------------------- */

/* "label: <PyType_GetName(type(o))>" */
static void show_typename(const char *label, PyObject *o)
{
    show_str_new(label, PyType_GetName(Py_TYPE(o)));
}

/* "label: 'a' 'b' ... | end" or "| <Type>: <msg>" (at most 12 items) */
static void show_items(const char *label, PyObject *it)
{
    PyObject *x;
    int n = 0;
    printf("%s:", label);
    while (n < 12 && (x = PyIter_Next(it)) != NULL) {
        PyObject *r = PyObject_Repr(x);
        fputc(' ', stdout);
        ctest_write_str(r);
        Py_XDECREF(r);
        Py_DECREF(x);
        n++;
    }
    fputs(" |", stdout);
    if (PyErr_Occurred() == NULL)
        fputs(" end", stdout);
    else {
        PyObject *e = PyErr_GetRaisedException();
        fputc(' ', stdout);
        ctest_write_exc(e);
        Py_DECREF(e);
    }
    fputc('\n', stdout);
}

static void show_hint(const char *label, PyObject *it)
{
    show_new(label, PyObject_CallMethod(it, "__length_hint__", NULL));
}

/* "label.suffix" in a static buffer */
static const char *L(const char *label, const char *suffix)
{
    static char buf[128];
    snprintf(buf, sizeof buf, "%s.%s", label, suffix);
    return buf;
}

/* GetIter(obj): type name, length hint, every item, the end twice. */
static void walk(const char *label, PyObject *obj)
{
    PyObject *it = PyObject_GetIter(obj);
    if (it == NULL) {
        show(label, NULL);
        return;
    }
    show_typename(L(label, "type"), it);
    show_hint(L(label, "hint"), it);
    show_items(L(label, "items"), it);
    show_new(L(label, "next_again"), PyIter_Next(it));
    show_hint(L(label, "hint_after"), it);
    Py_DECREF(it);
}

/* {'one': 1, 'two': 2, 'three': 3}, in this insertion order */
static PyObject *make_dict(void)
{
    return Py_BuildValue("{sisisi}", "one", 1, "two", 2, "three", 3);
}

/* ---- heap types ------------------------------------------------------- */

static PyObject *bad_iter(PyObject *self)
{
    return PyList_New(0);             /* not an iterator */
}

static PyObject *stop42_next(PyObject *self)
{
    PyObject *v = PyLong_FromLong(42);
    PyErr_SetObject(PyExc_StopIteration, v);
    Py_DECREF(v);
    return NULL;
}

static Py_ssize_t seq_len(PyObject *self) { return 3; }

static PyObject *seq_item_index(PyObject *self, Py_ssize_t i)
{
    if (i < 3)
        return PyLong_FromSsize_t(i * 10);
    PyErr_SetString(PyExc_IndexError, "seq index out of range");
    return NULL;
}

static PyObject *seq_item_stop(PyObject *self, Py_ssize_t i)
{
    if (i < 2)
        return PyLong_FromSsize_t(i + 100);
    PyErr_SetNone(PyExc_StopIteration);
    return NULL;
}

static PyObject *seq_item_error(PyObject *self, Py_ssize_t i)
{
    if (i < 2)
        return PyLong_FromSsize_t(i + 200);
    PyErr_Format(PyExc_ValueError, "bad index %zd", i);
    return NULL;
}

static PyObject *new_type(const char *name, PyType_Slot *slots)
{
    PyType_Spec spec = {name, sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, slots};
    return PyType_FromSpec(&spec);
}

/* ---- topics ----------------------------------------------------------- */

static void builtin_iterators(void)
{
    PyObject *d = make_dict();
    struct { const char *label; PyObject *obj; } cases[] = {
        {"list", Py_BuildValue("[isO]", 1, "a", Py_None)},
        {"tuple", Py_BuildValue("(iii)", 7, 8, 9)},
        {"dict", Py_NewRef(d)},
        {"dict.keys()", PyObject_CallMethod(d, "keys", NULL)},
        {"dict.values()", PyObject_CallMethod(d, "values", NULL)},
        {"dict.items()", PyObject_CallMethod(d, "items", NULL)},
        {"str(ascii)", PyUnicode_FromString("abc")},
        {"str(non-ascii)", PyUnicode_FromString("h\xc3\xa9\xe2\x82\xac")},
        {"bytes", PyBytes_FromString("ab\xff")},
        {"empty_list", PyList_New(0)},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        walk(cases[i].label, cases[i].obj);
        Py_DECREF(cases[i].obj);
    }
    Py_DECREF(d);
}

static void getiter_errors(void)
{
    PyType_Slot bad_slots[] = {{Py_tp_iter, bad_iter}, {0, NULL}};
    PyType_Slot stop_slots[] = {{Py_tp_iternext, stop42_next}, {0, NULL}};
    PyObject *i5 = PyLong_FromLong(5);
    PyObject *BadIter = new_type("iter.BadIter", bad_slots);
    PyObject *Stop42 = new_type("iter.Stop42", stop_slots);
    PyObject *bad = PyObject_CallNoArgs(BadIter), *stop = PyObject_CallNoArgs(Stop42);

    show_new("GetIter(5)", PyObject_GetIter(i5));
    show_new("GetIter(None)", PyObject_GetIter(Py_None));
    show_new("GetIter(BadIter())", PyObject_GetIter(bad));
    /* an iternext-only type is an iterator but not iterable */
    show_int("Check(Stop42())", PyIter_Check(stop));
    show_new("GetIter(Stop42())", PyObject_GetIter(stop));
    /* PyIter_Next swallows the StopIteration an iternext raised */
    show_new("Next(Stop42())", PyIter_Next(stop));
    Py_DECREF(bad);
    Py_DECREF(stop);
    Py_DECREF(BadIter);
    Py_DECREF(Stop42);
    Py_DECREF(i5);
}

static void check_functions(void)
{
    PyObject *l = Py_BuildValue("[ii]", 1, 2);
    PyObject *i5 = PyLong_FromLong(5);
    PyObject *lit = PyObject_GetIter(l);
    PyObject *sit = PySeqIter_New(l);
    PyObject *again = PyObject_GetIter(lit);

    show_int("Check(list)", PyIter_Check(l));
    show_int("Check(list_iterator)", PyIter_Check(lit));
    show_int("Check(int)", PyIter_Check(i5));
    show_int("Check(seqiter)", PyIter_Check(sit));
    show_int("GetIter(iterator) is iterator", Py_Is(again, lit));
    show_typename("SeqIter_New(list).type", sit);
    show_int("Py_TYPE(seqiter) is &PySeqIter_Type", Py_TYPE(sit) == &PySeqIter_Type);
    show_int("SeqIter_Check(seqiter)", PySeqIter_Check(sit));
    show_int("SeqIter_Check(list_iterator)", PySeqIter_Check(lit));
    show_int("CallIter_Check(seqiter)", PyCallIter_Check(sit));
    show_hint("SeqIter_New(list).hint", sit);
    show_items("SeqIter_New(list).items", sit);
    show_new("SeqIter_New(list).next_again", PyIter_Next(sit));
    show_hint("SeqIter_New(list).hint_after", sit);
    Py_DECREF(again);
    Py_DECREF(lit);
    Py_DECREF(sit);
    Py_DECREF(l);
    Py_DECREF(i5);
}

static void seq_types(void)
{
    PyType_Slot s1[] = {{Py_sq_item, seq_item_index}, {Py_sq_length, seq_len}, {0, NULL}};
    PyType_Slot s2[] = {{Py_sq_item, seq_item_stop}, {0, NULL}};
    PyType_Slot s3[] = {{Py_sq_item, seq_item_error}, {0, NULL}};
    PyObject *T1 = new_type("iter.SeqIndex", s1);
    PyObject *T2 = new_type("iter.SeqStop", s2);
    PyObject *T3 = new_type("iter.SeqError", s3);
    PyObject *o1 = PyObject_CallNoArgs(T1), *o2 = PyObject_CallNoArgs(T2), *o3 = PyObject_CallNoArgs(T3);
    PyObject *it;

    walk("SeqIndex", o1);
    /* no sq_length: the seqiter's __length_hint__ gives NotImplemented */
    walk("SeqStop", o2);

    it = PyObject_GetIter(o3);
    show_typename("SeqError.type", it);
    show_hint("SeqError.hint", it);
    show_items("SeqError.items", it);
    show_items("SeqError.items_again", it);
    Py_DECREF(it);

    it = PySeqIter_New(o1);
    show_int("SeqIter_New(SeqIndex).check", PySeqIter_Check(it));
    show_items("SeqIter_New(SeqIndex).items", it);
    Py_DECREF(it);

    Py_DECREF(o1);
    Py_DECREF(o2);
    Py_DECREF(o3);
    Py_DECREF(T1);
    Py_DECREF(T2);
    Py_DECREF(T3);
}

/* ---- PyCallIter ------------------------------------------------------- */

static int ncalls;

static PyObject *count_up(PyObject *self, PyObject *unused)
{
    return PyLong_FromLong(++ncalls);
}

static PyObject *count_stop(PyObject *self, PyObject *unused)
{
    if (++ncalls == 3) {
        PyErr_SetNone(PyExc_StopIteration);
        return NULL;
    }
    return PyLong_FromLong(ncalls * 10);
}

static PyObject *count_error(PyObject *self, PyObject *unused)
{
    if (++ncalls == 2) {
        PyErr_SetString(PyExc_ValueError, "call 2 failed");
        return NULL;
    }
    return PyLong_FromLong(ncalls);
}

static PyMethodDef def_up = {"count_up", count_up, METH_NOARGS, NULL};
static PyMethodDef def_stop = {"count_stop", count_stop, METH_NOARGS, NULL};
static PyMethodDef def_error = {"count_error", count_error, METH_NOARGS, NULL};

static void calliter(void)
{
    PyObject *f_up = PyCFunction_New(&def_up, NULL);
    PyObject *f_stop = PyCFunction_New(&def_stop, NULL);
    PyObject *f_error = PyCFunction_New(&def_error, NULL);
    PyObject *three = PyLong_FromLong(3), *four = PyLong_FromLong(4);
    PyObject *it;

    ncalls = 0;
    it = PyCallIter_New(f_up, three);
    show_typename("CallIter(up, 3).type", it);
    show_int("CallIter_Check", PyCallIter_Check(it));
    show_int("Py_TYPE is &PyCallIter_Type", Py_TYPE(it) == &PyCallIter_Type);
    show_int("SeqIter_Check(calliter)", PySeqIter_Check(it));
    show_int("Check(calliter)", PyIter_Check(it));
    show_hint("CallIter(up, 3).hint", it);
    show_items("CallIter(up, 3).items", it);
    show_new("CallIter(up, 3).next_again", PyIter_Next(it));
    show_int("CallIter(up, 3).calls", ncalls);
    Py_DECREF(it);

    ncalls = 0;
    it = PyCallIter_New(f_stop, Py_None);
    show_items("CallIter(stop, None).items", it);
    show_new("CallIter(stop, None).next_again", PyIter_Next(it));
    show_int("CallIter(stop, None).calls", ncalls);
    Py_DECREF(it);

    ncalls = 0;
    it = PyCallIter_New(f_error, four);
    show_items("CallIter(error, 4).items", it);
    show_items("CallIter(error, 4).items_again", it);
    show_int("CallIter(error, 4).calls", ncalls);
    Py_DECREF(it);

    Py_DECREF(three);
    Py_DECREF(four);
    Py_DECREF(f_up);
    Py_DECREF(f_stop);
    Py_DECREF(f_error);
}

/* ---- mutation during iteration ---------------------------------------- */

static void dict_mutation(void)
{
    PyObject *d = make_dict();
    PyObject *it = PyObject_GetIter(d);
    PyObject *v = PyLong_FromLong(4);

    show_new("dict.next", PyIter_Next(it));
    PyDict_SetItemString(d, "four", v);
    show_new("dict.next_after_add", PyIter_Next(it));
    show_new("dict.next_again", PyIter_Next(it));
    show_hint("dict.hint_after_error", it);
    PyDict_DelItemString(d, "four");
    show_new("dict.next_after_size_restored", PyIter_Next(it));
    Py_DECREF(it);

    /* a values iterator checks the size the same way */
    it = PyObject_CallMethod(d, "values", NULL);
    Py_SETREF(it, PyObject_GetIter(it));
    show_new("values.next", PyIter_Next(it));
    PyDict_DelItemString(d, "one");
    show_new("values.next_after_del", PyIter_Next(it));
    Py_DECREF(it);

    Py_DECREF(v);
    Py_DECREF(d);
}

static void list_mutation(void)
{
    PyObject *l = Py_BuildValue("[ii]", 1, 2);
    PyObject *it = PyObject_GetIter(l);
    PyObject *x, *idx;
    int n = 0;

    /* append while iterating: appended items are seen too */
    printf("list.append_during:");
    while ((x = PyIter_Next(it)) != NULL) {
        printf(" %ld", PyLong_AsLong(x));
        if (PyList_Size(l) < 5) {
            PyObject *y = PyLong_FromLong(PyLong_AsLong(x) * 10);
            PyList_Append(l, y);
            Py_DECREF(y);
        }
        Py_DECREF(x);
        if (++n > 10)
            break;
    }
    printf("\n");
    CHECK_NOERR();
    show("list.after", l);
    /* appending after exhaustion does not revive the iterator */
    PyList_Append(l, Py_None);
    show_new("list.next_after_exhausted_append", PyIter_Next(it));
    Py_DECREF(it);
    Py_DECREF(l);

    /* shrinking ends the iteration early */
    l = Py_BuildValue("[iiii]", 1, 2, 3, 4);
    it = PyObject_GetIter(l);
    show_new("shrink.next", PyIter_Next(it));
    show_new("shrink.next", PyIter_Next(it));
    idx = PyLong_FromLong(-1);
    PyObject_DelItem(l, idx);
    PyObject_DelItem(l, idx);
    Py_DECREF(idx);
    show_hint("shrink.hint_after_del", it);
    show_new("shrink.next_after_del", PyIter_Next(it));
    show_hint("shrink.hint_end", it);
    Py_DECREF(it);
    Py_DECREF(l);
}

/* ---- dunder methods --------------------------------------------------- */

static void dunders(void)
{
    PyObject *l = Py_BuildValue("[ii]", 1, 2);
    PyObject *it = PyObject_GetIter(l);
    PyObject *self_it = PyObject_CallMethod(it, "__iter__", NULL);
    PyObject *cit, *f;

    show_int("__iter__ is self", Py_Is(self_it, it));
    Py_XDECREF(self_it);
    show_new("__next__", PyObject_CallMethod(it, "__next__", NULL));
    show_hint("__length_hint__", it);
    show_new("__next__", PyObject_CallMethod(it, "__next__", NULL));
    show_new("__next__ at end", PyObject_CallMethod(it, "__next__", NULL));
    show_new("__next__ again", PyObject_CallMethod(it, "__next__", NULL));
    Py_DECREF(it);

    f = PyCFunction_New(&def_up, NULL);
    cit = PyCallIter_New(f, Py_None);   /* never advanced here */
    self_it = PyObject_CallMethod(cit, "__iter__", NULL);
    show_int("callable_iterator.__iter__ is self", Py_Is(self_it, cit));
    Py_XDECREF(self_it);
    Py_DECREF(cit);
    Py_DECREF(f);
    Py_DECREF(l);
}

/* ---- PyIter_Send ------------------------------------------------------ */

static void show_send(const char *label, PyObject *iter, PyObject *arg)
{
    PyObject *result = Py_Ellipsis;   /* marker: untouched */
    PySendResult r = PyIter_Send(iter, arg, &result);
    const char *name = r == PYGEN_NEXT ? "PYGEN_NEXT"
                     : r == PYGEN_RETURN ? "PYGEN_RETURN"
                     : r == PYGEN_ERROR ? "PYGEN_ERROR" : "?";
    printf("%s: %s (%d), result ", label, name, (int)r);
    if (result == NULL)
        fputs("NULL", stdout);
    else if (result == Py_Ellipsis)
        fputs("untouched", stdout);
    else {
        PyObject *rr = PyObject_Repr(result);
        ctest_write_str(rr);
        Py_XDECREF(rr);
        Py_DECREF(result);
    }
    ctest_write_pending_suffix();
    fputc('\n', stdout);
}

static void send(void)
{
    PyType_Slot stop_slots[] = {{Py_tp_iternext, stop42_next}, {0, NULL}};
    PyObject *l = Py_BuildValue("[si]", "x", 2);
    PyObject *it = PyObject_GetIter(l);
    PyObject *five = PyLong_FromLong(5);
    PyObject *Stop42 = new_type("iter.Stop42", stop_slots);
    PyObject *stop = PyObject_CallNoArgs(Stop42);

    show_send("Send(list_iterator, None) 1", it, Py_None);
    show_send("Send(list_iterator, None) 2", it, Py_None);
    show_send("Send(list_iterator, None) end", it, Py_None);
    show_send("Send(list_iterator, None) again", it, Py_None);
    show_send("Send(list_iterator, 5)", it, five);
    show_send("Send(list, None)", l, Py_None);
    show_send("Send(Stop42(), None)", stop, Py_None);
    Py_DECREF(it);
    Py_DECREF(stop);
    Py_DECREF(Stop42);
    Py_DECREF(five);
    Py_DECREF(l);
}

int main(void)
{
    Py_Initialize();
    builtin_iterators();
    getiter_errors();
    check_functions();
    seq_types();
    calliter();
    dict_mutation();
    list_mutation();
    dunders();
    send();
    CHECK_NOERR();
    return ctest_finish();
}
