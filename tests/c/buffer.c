/*
 * buffer.c -- the buffer protocol: bytes as an exporter under every request
 * flag, BufferError for a writable request, TypeError for non-exporters,
 * heap types exporting with Py_bf_getbuffer/Py_bf_releasebuffer (calls
 * counted), PyBuffer_FillInfo, PyBuffer_IsContiguous and
 * PyBuffer_ToContiguous on hand-made strided views, PyObject_CheckBuffer.
 * And small conversions extensions use: PyFloat_FromString,
 * PyUnicode_FromOrdinal, PyLong_FromVoidPtr/AsVoidPtr, _PyBytes_Resize,
 * PyInterpreterState_GetID.
 */
#include "ctest.h"

static void show_view(const char *label, Py_buffer *v)
{
    printf("%s: len=%zd itemsize=%zd readonly=%d ndim=%d format=%s shape=%s strides=%s sub=%s obj=%s data=%.*s\n",
           label, v->len, v->itemsize, v->readonly, v->ndim,
           v->format ? v->format : "NULL", v->shape ? "set" : "NULL",
           v->strides ? "set" : "NULL", v->suboffsets ? "set" : "NULL",
           v->obj ? Py_TYPE(v->obj)->tp_name : "NULL", (int)v->len, (const char *)v->buf);
    if (v->shape)
        printf("  shape[0]=%zd", v->shape[0]);
    if (v->strides)
        printf("  strides[0]=%zd", v->strides[0]);
    if (v->shape || v->strides)
        printf("\n");
}

static int gets = 0, releases = 0;
static char exported[] = "12.5";

static int exp_getbuffer(PyObject *self, Py_buffer *view, int flags)
{
    gets++;
    return PyBuffer_FillInfo(view, self, exported, 4, 0, flags);
}

static void exp_releasebuffer(PyObject *self, Py_buffer *view)
{
    (void)self;
    (void)view;
    releases++;
}

int main(void)
{
    Py_Initialize();

    puts("-- bytes as an exporter");
    {
        PyObject *b = PyBytes_FromString("hello");
        Py_ssize_t before = Py_REFCNT(b);
        Py_buffer v;
        int flags[] = {PyBUF_SIMPLE, PyBUF_FORMAT, PyBUF_ND, PyBUF_STRIDES, PyBUF_C_CONTIGUOUS,
                       PyBUF_FULL_RO, PyBUF_RECORDS_RO};
        const char *names[] = {"SIMPLE", "FORMAT", "ND", "STRIDES", "C_CONTIGUOUS", "FULL_RO",
                               "RECORDS_RO"};
        for (int i = 0; i < 7; i++) {
            show_int(names[i], PyObject_GetBuffer(b, &v, flags[i]));
            show_view("  view", &v);
            printf("  refcount +%zd\n", Py_REFCNT(b) - before);
            PyBuffer_Release(&v);
            printf("  released: obj=%s refcount +%zd\n", v.obj ? "set" : "NULL", Py_REFCNT(b) - before);
        }
        show_int("WRITABLE", PyObject_GetBuffer(b, &v, PyBUF_WRITABLE));
        show_int("CheckBuffer(bytes)", PyObject_CheckBuffer(b));
        show_int("CheckBuffer(str)", PyObject_CheckBuffer(Py_None));
        PyObject *s = PyUnicode_FromString("text");
        show_int("GetBuffer(str)", PyObject_GetBuffer(s, &v, PyBUF_SIMPLE));
        show_int("GetBuffer(int)", PyObject_GetBuffer(Py_True, &v, PyBUF_SIMPLE));
        Py_DECREF(s);
        Py_DECREF(b);
    }

    puts("-- a heap type exporting");
    {
        PyType_Slot slots[] = {{Py_bf_getbuffer, exp_getbuffer}, {Py_bf_releasebuffer, exp_releasebuffer}, {0, NULL}};
        PyType_Spec spec = {"buf.Exporter", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, slots};
        PyObject *T = PyType_FromSpec(&spec);
        PyObject *o = PyObject_CallNoArgs(T);
        Py_buffer v;
        show_int("CheckBuffer", PyObject_CheckBuffer(o));
        show_int("GetBuffer WRITABLE", PyObject_GetBuffer(o, &v, PyBUF_WRITABLE | PyBUF_FORMAT));
        show_view("  view", &v);
        PyBuffer_Release(&v);
        printf("gets=%d releases=%d\n", gets, releases);
        show_new("bytes(o)", PyBytes_FromObject(o));
        show_new("float(o)", PyFloat_FromString(o));
        printf("gets=%d releases=%d\n", gets, releases);
        Py_DECREF(o);
        Py_DECREF(T);
    }

    puts("-- FillInfo");
    {
        Py_buffer v;
        char data[] = "abc";
        show_int("NULL view", PyBuffer_FillInfo(NULL, NULL, data, 3, 1, PyBUF_SIMPLE));
        show_int("readonly, writable asked", PyBuffer_FillInfo(&v, NULL, data, 3, 1, PyBUF_WRITABLE));
        show_int("no exporter", PyBuffer_FillInfo(&v, NULL, data, 3, 0, PyBUF_FULL));
        show_view("  view", &v);
        PyBuffer_Release(&v);
        printf("release without an exporter: ok\n");
    }

    puts("-- contiguity");
    {
        /* A 2x3 array of 2-byte items: C order has strides {6, 2}, Fortran
         * order {2, 4}; a transposed-and-sliced view has neither. */
        static char mem[64];
        for (int i = 0; i < 64; i++)
            mem[i] = (char)('a' + i % 26);
        Py_ssize_t shape[2] = {2, 3}, cs[2] = {6, 2}, fs[2] = {2, 4}, odd[2] = {12, 4};
        Py_buffer v = {mem, NULL, 12, 2, 1, 2, "h", shape, cs, NULL, NULL};
        printf("C strides: C=%d F=%d A=%d\n", PyBuffer_IsContiguous(&v, 'C'), PyBuffer_IsContiguous(&v, 'F'), PyBuffer_IsContiguous(&v, 'A'));
        v.strides = fs;
        printf("F strides: C=%d F=%d A=%d\n", PyBuffer_IsContiguous(&v, 'C'), PyBuffer_IsContiguous(&v, 'F'), PyBuffer_IsContiguous(&v, 'A'));
        v.strides = odd;
        printf("odd strides: C=%d F=%d A=%d X=%d\n", PyBuffer_IsContiguous(&v, 'C'), PyBuffer_IsContiguous(&v, 'F'), PyBuffer_IsContiguous(&v, 'A'), PyBuffer_IsContiguous(&v, 'X'));
        char out[13] = {0};
        show_int("ToContiguous C", PyBuffer_ToContiguous(out, &v, 12, 'C'));
        printf("  %s\n", out);
        memset(out, 0, sizeof out);
        show_int("ToContiguous F", PyBuffer_ToContiguous(out, &v, 12, 'F'));
        printf("  %s\n", out);
        show_int("ToContiguous too long", PyBuffer_ToContiguous(out, &v, 13, 'C'));
        v.strides = NULL;
        printf("no strides: C=%d F=%d\n", PyBuffer_IsContiguous(&v, 'C'), PyBuffer_IsContiguous(&v, 'F'));
        Py_ssize_t shape1[2] = {1, 3};
        v.shape = shape1;
        printf("no strides, one row: F=%d\n", PyBuffer_IsContiguous(&v, 'F'));
        Py_ssize_t sub[2] = {0, 0};
        v.suboffsets = sub;
        printf("suboffsets: C=%d\n", PyBuffer_IsContiguous(&v, 'C'));
    }

    puts("-- getargs units s*, y*, z*, w*");
    {
        PyObject *b = PyBytes_FromString("bytes");
        PyObject *u = PyUnicode_FromString("t\xc3\xa9xt");
        Py_buffer v1, v2;
        int n = 0;
        Py_ssize_t before = Py_REFCNT(b);
        PyObject *args = Py_BuildValue("(OO)", b, u);
        show_int("(s*s*)", PyArg_ParseTuple(args, "s*s*", &v1, &v2));
        printf("  %.*s len=%zd obj=%s | %.*s len=%zd obj=%s\n", (int)v1.len, (char *)v1.buf, v1.len,
               Py_TYPE(v1.obj)->tp_name, (int)v2.len, (char *)v2.buf, v2.len, Py_TYPE(v2.obj)->tp_name);
        PyBuffer_Release(&v1);
        PyBuffer_Release(&v2);
        show_int("(y*y*) with a str", PyArg_ParseTuple(args, "y*y*", &v1, &v2));
        printf("  refcount after failure +%zd\n", Py_REFCNT(b) - before - 1);
        Py_DECREF(args);
        args = Py_BuildValue("(Os)", b, "x");
        show_int("(y*i) failing later", PyArg_ParseTuple(args, "y*i", &v1, &n));
        printf("  buffer released: %d refcount +%zd\n", v1.obj == NULL, Py_REFCNT(b) - before - 1);
        Py_DECREF(args);
        args = Py_BuildValue("(O)", Py_None);
        show_int("(z*) None", PyArg_ParseTuple(args, "z*", &v1));
        printf("  buf=%s len=%zd obj=%s\n", v1.buf ? "set" : "NULL", v1.len, v1.obj ? "set" : "NULL");
        PyBuffer_Release(&v1);
        show_int("(s*) None", PyArg_ParseTuple(args, "s*", &v1));
        show_int("(w*) bytes", PyArg_ParseTuple(args, "w*", &v1));
        Py_DECREF(args);
        args = Py_BuildValue("(O)", b);
        show_int("(w*) read-only bytes", PyArg_ParseTuple(args, "w*", &v1));
        Py_DECREF(args);
        args = Py_BuildValue("(i)", 5);
        show_int("(y*) int", PyArg_ParseTuple(args, "y*", &v1));
        Py_DECREF(args);
        Py_DECREF(b);
        Py_DECREF(u);
    }

    puts("-- small conversions");
    {
        PyObject *s = PyUnicode_FromString(" 1_000.5 ");
        show_new("FromString str", PyFloat_FromString(s));
        Py_DECREF(s);
        s = PyUnicode_FromString("\xd9\xa1.\xd9\xa5");
        show_new("FromString arabic", PyFloat_FromString(s));
        Py_DECREF(s);
        s = PyBytes_FromString("-inf");
        show_new("FromString bytes", PyFloat_FromString(s));
        Py_DECREF(s);
        s = PyBytes_FromString("x1");
        show_new("FromString bad bytes", PyFloat_FromString(s));
        Py_DECREF(s);
        show_new("FromString int", PyFloat_FromString(Py_True));
        show_new("FromOrdinal 0xe9", PyUnicode_FromOrdinal(0xe9));
        show_new("FromOrdinal 0x1f600", PyUnicode_FromOrdinal(0x1f600));
        show_new("FromOrdinal -1", PyUnicode_FromOrdinal(-1));
        show_new("FromOrdinal 0x110000", PyUnicode_FromOrdinal(0x110000));
        void *p = (void *)(uintptr_t)0xdeadbeef;
        PyObject *l = PyLong_FromVoidPtr(p);
        show("FromVoidPtr", l);
        printf("AsVoidPtr round trip: %d\n", PyLong_AsVoidPtr(l) == p);
        Py_DECREF(l);
        l = PyLong_FromLong(-1);
        printf("AsVoidPtr(-1): %p\n", PyLong_AsVoidPtr(l));
        Py_DECREF(l);
        l = PyLong_FromString("0x10000000000000000", NULL, 0);
        show_int("AsVoidPtr(2**64) is NULL", PyLong_AsVoidPtr(l) == NULL);
        Py_DECREF(l);
        show_int("AsVoidPtr(str) is NULL", PyLong_AsVoidPtr(Py_None) == NULL);

        PyObject *b = PyBytes_FromStringAndSize(NULL, 10);
        memcpy(PyBytes_AS_STRING(b), "0123456789", 10);
        show_int("Resize 4", _PyBytes_Resize(&b, 4));
        show("  ->", b);
        show_int("Resize 6", _PyBytes_Resize(&b, 6));
        printf("  len=%zd head=%.4s nul=%d\n", PyBytes_GET_SIZE(b), PyBytes_AS_STRING(b), PyBytes_AS_STRING(b)[6] == 0);
        show_int("Resize 0", _PyBytes_Resize(&b, 0));
        show("  ->", b);
        show_int("Resize empty to 3", _PyBytes_Resize(&b, 3));
        printf("  len=%zd\n", PyBytes_GET_SIZE(b));
        Py_INCREF(b);
        PyObject *shared = b;
        show_int("Resize shared", _PyBytes_Resize(&b, 1));
        printf("  *pv NULL: %d\n", b == NULL);
        Py_DECREF(shared);
        b = PyBytes_FromString("abc");
        show_int("Resize negative", _PyBytes_Resize(&b, -1));
        printf("  *pv NULL: %d\n", b == NULL);
        PyObject *notbytes = PyList_New(0);
        show_int("Resize list", _PyBytes_Resize(&notbytes, 1));

        show_int("InterpreterState_GetID", PyInterpreterState_GetID(PyInterpreterState_Get()));
        show_int("InterpreterState_GetID(NULL)", PyInterpreterState_GetID(NULL));
    }

    return ctest_finish();
}
