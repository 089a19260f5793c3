/*
 * bytearray.c -- bytearray: construction (nothing, a size, bytes, a str
 * with an encoding, iterables of ints, bad values), the layout macros
 * PyByteArray_AS_STRING/GET_SIZE, PyByteArray_* (FromObject,
 * FromStringAndSize, AsString, Size, Resize, Concat), items and slices,
 * item assignment and deletion, + * +=, comparison with bytes, membership,
 * the methods append/extend/pop/clear/copy/decode/hex, unhashability, the
 * writable buffer it exports and the resize refused while a view is out.
 */
#include "ctest.h"

static void view(const char *label, PyObject *b)
{
    if (b == NULL) {
        show(label, NULL);
        return;
    }
    printf("%s: size=%zd/%zd as_string=%.*s nul=%d\n", label, PyByteArray_GET_SIZE(b), PyByteArray_Size(b),
           (int)PyByteArray_GET_SIZE(b), PyByteArray_AS_STRING(b),
           PyByteArray_AS_STRING(b)[PyByteArray_GET_SIZE(b)] == 0);
}

static PyObject *make(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    PyObject *args = Py_VaBuildValue(fmt, ap);
    va_end(ap);
    if (args == NULL)
        return NULL;
    PyObject *r = PyObject_CallObject((PyObject *)&PyByteArray_Type, args);
    Py_DECREF(args);
    return r;
}

int main(void)
{
    Py_Initialize();

    puts("-- construction");
    show_new("bytearray()", make("()"));
    show_new("bytearray(3)", make("(i)", 3));
    show_new("bytearray(b'abc')", make("(y)", "abc"));
    show_new("bytearray('h\\u00e9', 'utf-8')", make("(ss)", "h\xc3\xa9", "utf-8"));
    show_new("bytearray([1, 2, 255])", make("([iii])", 1, 2, 255));
    show_new("bytearray([256])", make("([i])", 256));
    show_new("bytearray('x')", make("(s)", "x"));
    show_new("bytearray(-1)", make("(i)", -1));
    show_new("bytearray(b'x', 'utf-8')", make("(ys)", "x", "utf-8"));
    show_new("bytearray(1.5)", make("(d)", 1.5));
    PyObject *b = PyByteArray_FromStringAndSize("hello", 5);
    view("FromStringAndSize", b);
    PyObject *z = PyByteArray_FromStringAndSize(NULL, 3);
    show_int("FromStringAndSize(NULL, 3) size", PyByteArray_Size(z));
    Py_XDECREF(z);
    show_new("FromStringAndSize(-1)", PyByteArray_FromStringAndSize("x", -1));
    PyObject *e = PyByteArray_FromStringAndSize("", 0);
    view("empty", e);
    PyObject *bytes = PyBytes_FromString("xyz");
    show_new("FromObject(bytes)", PyByteArray_FromObject(bytes));
    show_new("FromObject(bytearray)", PyByteArray_FromObject(b));
    show_new("FromObject(None)", PyByteArray_FromObject(Py_None));
    show_new("Concat", PyByteArray_Concat(b, bytes));
    show_new("Concat(bytes, int)", PyByteArray_Concat(bytes, Py_True));
    show_int("Size(bytes)", PyByteArray_Size(bytes));

    puts("-- sequence");
    show_int("len", PyObject_Size(b));
    show_new("b[1]", PySequence_GetItem(b, 1));
    show_new("b[-1]", PyObject_GetItem(b, PyLong_FromLong(-1)));
    show_new("b[9]", PySequence_GetItem(b, 9));
    show_new("b[1:3]", PySequence_GetSlice(b, 1, 3));
    show_int("b[0] = 74", PySequence_SetItem(b, 0, PyLong_FromLong(74)));
    show_int("b[0] = 300", PySequence_SetItem(b, 0, PyLong_FromLong(300)));
    show_int("del b[1]", PySequence_DelItem(b, 1));
    show("after", b);
    show_int("108 in b", PySequence_Contains(b, PyLong_FromLong(108)));
    show_int("b'll' in b", PySequence_Contains(b, PyBytes_FromString("ll")));
    show_new("b + b'!'", PyNumber_Add(b, PyBytes_FromString("!")));
    show_new("b * 2", PyNumber_Multiply(b, PyLong_FromLong(2)));
    PyObject *c = PyByteArray_FromObject(b);
    PyObject *r = PyNumber_InPlaceAdd(c, PyBytes_FromString("++"));
    printf("+= in place: %d\n", r == c);
    show("c", c);
    Py_XDECREF(r);
    show_new("b == b'Jllo'", PyObject_RichCompare(b, PyBytes_FromString("Jllo"), Py_EQ));
    show_new("b < b'K'", PyObject_RichCompare(b, PyBytes_FromString("K"), Py_LT));
    show_new("b == 'Jllo'", PyObject_RichCompare(b, PyUnicode_FromString("Jllo"), Py_EQ));
    show_int("hash", PyObject_Hash(b));

    puts("-- methods");
    show_new("append(33)", PyObject_CallMethod(b, "append", "i", 33));
    show_new("extend(b'?!')", PyObject_CallMethod(b, "extend", "y", "?!"));
    show_new("extend([65, 66])", PyObject_CallMethod(b, "extend", "([ii])", 65, 66));
    show("now", b);
    show_new("pop()", PyObject_CallMethod(b, "pop", NULL));
    show_new("pop(0)", PyObject_CallMethod(b, "pop", "i", 0));
    show_new("hex()", PyObject_CallMethod(b, "hex", NULL));
    show_new("decode()", PyObject_CallMethod(b, "decode", NULL));
    show_new("copy()", PyObject_CallMethod(b, "copy", NULL));
    show_new("append(1000)", PyObject_CallMethod(b, "append", "i", 1000));
    show_new("clear()", PyObject_CallMethod(c, "clear", NULL));
    view("cleared", c);
    show_new("pop() from empty", PyObject_CallMethod(c, "pop", NULL));

    puts("-- buffer");
    Py_buffer v;
    show_int("GetBuffer WRITABLE", PyObject_GetBuffer(b, &v, PyBUF_WRITABLE));
    ((char *)v.buf)[0] = 'j';
    printf("  readonly=%d len=%zd\n", v.readonly, v.len);
    show("written through the view", b);
    show_int("Resize while exported", PyByteArray_Resize(b, 1));
    show_new("append while exported", PyObject_CallMethod(b, "append", "i", 1));
    PyBuffer_Release(&v);
    show_int("Resize 2", PyByteArray_Resize(b, 2));
    view("resized", b);
    show_int("Resize 6", PyByteArray_Resize(b, 6));
    printf("grown: size=%zd head=%.2s\n", PyByteArray_GET_SIZE(b), PyByteArray_AS_STRING(b));
    show_int("Resize 1", PyByteArray_Resize(b, 1));
    show_new("bytes(b)", PyBytes_FromObject(b));

    Py_DECREF(b);
    Py_DECREF(e);
    Py_DECREF(c);
    Py_DECREF(bytes);
    return ctest_finish();
}
