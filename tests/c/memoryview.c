/*
 * memoryview.c -- memoryviews through the C API: PyMemoryViewObject's
 * layout and the access macros, PyMemoryView_FromObject over bytes,
 * bytearray, views and a C exporter (its getbuffer/releasebuffer calls:
 * one buffer shared by every view, released with the last one),
 * PyMemoryView_FromMemory (read and write), PyMemoryView_FromBuffer,
 * PyMemoryView_GetContiguous (views, copies, refusals), and a view as an
 * exporter under the request flags, with exports blocking release().
 */
#include "evaltest.h"

#include <stddef.h>
#include <string.h>

/* ---- a C exporter: a 2x3 matrix of ints, counting its calls ---------- */

typedef struct {
    PyObject_HEAD
    int data[6];
    Py_ssize_t shape[2];
    Py_ssize_t strides[2];
    int gets;
    int releases;
} Matrix;

static int matrix_getbuffer(PyObject *op, Py_buffer *view, int flags)
{
    Matrix *m = (Matrix *)op;
    if ((flags & PyBUF_WRITABLE) == PyBUF_WRITABLE) {
        PyErr_SetString(PyExc_BufferError, "matrix: read-only");
        view->obj = NULL;
        return -1;
    }
    m->gets++;
    view->obj = Py_NewRef(op);
    view->buf = m->data;
    view->len = sizeof m->data;
    view->itemsize = sizeof(int);
    view->readonly = 1;
    view->ndim = 2;
    view->format = (flags & PyBUF_FORMAT) ? "i" : NULL;
    view->shape = m->shape;
    view->strides = m->strides;
    view->suboffsets = NULL;
    view->internal = NULL;
    return 0;
}

static void matrix_releasebuffer(PyObject *op, Py_buffer *view)
{
    (void)view;
    ((Matrix *)op)->releases++;
}

static PyBufferProcs matrix_as_buffer = {
    .bf_getbuffer = matrix_getbuffer,
    .bf_releasebuffer = matrix_releasebuffer,
};

static PyTypeObject Matrix_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "test.Matrix",
    .tp_basicsize = sizeof(Matrix),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_as_buffer = &matrix_as_buffer,
};

static Matrix *matrix_new(void)
{
    Matrix *m = PyObject_New(Matrix, &Matrix_Type);
    for (int i = 0; i < 6; i++)
        m->data[i] = 10 * i - 20;
    m->shape[0] = 2;
    m->shape[1] = 3;
    m->strides[0] = 3 * sizeof(int);
    m->strides[1] = sizeof(int);
    m->gets = m->releases = 0;
    return m;
}

/* Shows `getattr(o, name)`. */
static void attr(const char *label, PyObject *o, const char *name)
{
    show_new(label, PyObject_GetAttrString(o, name));
}

static void call0(const char *label, PyObject *o, const char *meth)
{
    show_new(label, PyObject_CallMethod(o, meth, NULL));
}

static void layout(void)
{
    show_int("offsetof mbuf", offsetof(PyMemoryViewObject, mbuf));
    show_int("offsetof hash", offsetof(PyMemoryViewObject, hash));
    show_int("offsetof flags", offsetof(PyMemoryViewObject, flags));
    show_int("offsetof exports", offsetof(PyMemoryViewObject, exports));
    show_int("offsetof view", offsetof(PyMemoryViewObject, view));
    show_int("offsetof weakreflist", offsetof(PyMemoryViewObject, weakreflist));
    show_int("offsetof ob_array", offsetof(PyMemoryViewObject, ob_array));
    show_int("basicsize", PyMemoryView_Type.tp_basicsize);
    show_int("itemsize", PyMemoryView_Type.tp_itemsize);
    show_cstr("tp_name", PyMemoryView_Type.tp_name);

    PyObject *b = PyBytes_FromString("abcdef");
    PyObject *m = PyMemoryView_FromObject(b);
    show("from bytes", PyMemoryView_Check(m) ? Py_True : Py_False);
    show("bytes is no view", PyMemoryView_Check(b) ? Py_True : Py_False);
    Py_buffer *v = PyMemoryView_GET_BUFFER(m);
    show("GET_BASE is bytes", PyMemoryView_GET_BASE(m) == b ? Py_True : Py_False);
    show("buf is the bytes' data", v->buf == PyBytes_AS_STRING(b) ? Py_True : Py_False);
    show_int("len", v->len);
    show_int("itemsize", v->itemsize);
    show_int("readonly", v->readonly);
    show_int("ndim", v->ndim);
    show_cstr("format", v->format);
    show_int("shape[0]", v->shape[0]);
    show_int("strides[0]", v->strides[0]);
    show("suboffsets NULL", v->suboffsets == NULL ? Py_True : Py_False);
    PyMemoryViewObject *mv = (PyMemoryViewObject *)m;
    show_int("flags", mv->flags);
    show_int("exports", mv->exports);
    show_int("hash before", mv->hash);
    show_int("mbuf exports", mv->mbuf->exports);
    show("mbuf master obj", mv->mbuf->master.obj == b ? Py_True : Py_False);
    show("shape in ob_array", v->shape == &mv->ob_array[0] ? Py_True : Py_False);
    show("strides in ob_array", v->strides == &mv->ob_array[1] ? Py_True : Py_False);
    PyObject *again = PyMemoryView_FromObject(m);
    show("view of view shares mbuf",
         ((PyMemoryViewObject *)again)->mbuf == mv->mbuf ? Py_True : Py_False);
    show_int("mbuf exports with two views", mv->mbuf->exports);
    Py_DECREF(again);
    show_int("mbuf exports after one", mv->mbuf->exports);
    Py_hash_t h = PyObject_Hash(m);
    show("hash cached", mv->hash == h ? Py_True : Py_False);
    show("hash is the bytes'", h == PyObject_Hash(b) ? Py_True : Py_False);
    Py_DECREF(m);

    PyObject *ba = PyByteArray_FromStringAndSize("xyz", 3);
    m = PyMemoryView_FromObject(ba);
    show_int("bytearray readonly", PyMemoryView_GET_BUFFER(m)->readonly);
    show_int("bytearray exports", ((PyByteArrayObject *)ba)->ob_exports);
    show_int("bytearray resize", PyByteArray_Resize(ba, 10));
    PyObject *r = PyObject_CallMethod(m, "release", NULL);
    Py_XDECREF(r);
    show_int("bytearray exports after release", ((PyByteArrayObject *)ba)->ob_exports);
    show("GET_BASE after release is NULL or the bytearray",
         (PyMemoryView_GET_BASE(m) == NULL || PyMemoryView_GET_BASE(m) == ba) ? Py_True : Py_False);
    Py_DECREF(m);
    Py_DECREF(ba);

    show_new("from None", PyMemoryView_FromObject(Py_None));
    PyObject *i = PyLong_FromLong(5);
    show_new("from int", PyMemoryView_FromObject(i));
    Py_DECREF(i);
    Py_DECREF(b);
}

static void c_exporter(void)
{
    Matrix *mx = matrix_new();
    PyObject *o = (PyObject *)mx;
    PyObject *m = PyMemoryView_FromObject(o);
    show_int("gets", mx->gets);
    attr("shape", m, "shape");
    attr("strides", m, "strides");
    attr("format", m, "format");
    attr("ndim", m, "ndim");
    attr("nbytes", m, "nbytes");
    attr("c_contiguous", m, "c_contiguous");
    attr("f_contiguous", m, "f_contiguous");
    call0("tolist", m, "tolist");
    call0("tobytes", m, "tobytes");
    show("obj is the matrix", PyMemoryView_GET_BASE(m) == o ? Py_True : Py_False);
    PyObject *t = Py_BuildValue("(ii)", 1, 2);
    show_new("m[1, 2]", PyObject_GetItem(m, t));
    Py_DECREF(t);
    PyObject *f = PyObject_CallMethod(m, "cast", "s", "B");
    show("cast to bytes", f ? Py_True : NULL);
    PyObject *v2 = PyMemoryView_FromObject(m);
    show_int("gets with three views", mx->gets);
    PyObject *r = PyObject_CallMethod(m, "release", NULL);
    Py_XDECREF(r);
    show_int("releases after one release", mx->releases);
    Py_XDECREF(f);
    show_int("releases after a cast dies", mx->releases);
    attr("other view still reads", v2, "shape");
    Py_DECREF(v2);
    show_int("releases after the last view", mx->releases);
    show_int("refcount back", Py_REFCNT(o));
    Py_DECREF(m);

    PyObject *w = PyMemoryView_GetContiguous(o, PyBUF_WRITE, 'C');
    show("writable from a read-only exporter", w);
    Py_XDECREF(w);
    PyObject *c = PyMemoryView_GetContiguous(o, PyBUF_READ, 'F');
    show("F copy", c ? Py_True : NULL);
    if (c != NULL) {
        attr("F copy strides", c, "strides");
        attr("F copy f_contiguous", c, "f_contiguous");
        attr("F copy readonly", c, "readonly");
        call0("F copy tolist", c, "tolist");
        PyObject *raw = PyObject_CallMethod(c, "cast", "s", "i");
        show("F copy order", raw ? Py_True : NULL);
        if (raw != NULL)
            call0("F copy items", raw, "tolist");
        Py_XDECREF(raw);
        Py_DECREF(c);
    }
    show_int("gets at the end", mx->gets);
    show_int("releases at the end", mx->releases);
    Py_DECREF(o);
}

static void from_memory(void)
{
    static char buf[8] = "abcdefg";
    PyObject *m = PyMemoryView_FromMemory(buf, 7, PyBUF_READ);
    show_new("tobytes", PyObject_CallMethod(m, "tobytes", NULL));
    attr("readonly", m, "readonly");
    attr("obj", m, "obj");
    PyObject *one = PyLong_FromLong(65);
    show_int("write to read-only", PyObject_SetItem(m, one, one));
    Py_DECREF(m);

    m = PyMemoryView_FromMemory(buf, 7, PyBUF_WRITE);
    attr("readonly", m, "readonly");
    PyObject *zero = PyLong_FromLong(0);
    show_int("write", PyObject_SetItem(m, zero, one));
    show_cstr("buf after write", buf);
    Py_DECREF(zero);
    Py_DECREF(one);
    PyObject *g = PyDict_New();
    PyDict_SetItemString(g, "m", m);
    PyObject *res = PyRun_String("m[1:4] = b'XYZ'", Py_file_input, g, g);
    show_new("slice write", res);
    show_cstr("buf after slice write", buf);
    show_new("reversed", PyRun_String("m[::-1].tobytes()", Py_eval_input, g, g));
    Py_DECREF(g);
    Py_DECREF(m);

    m = PyMemoryView_FromMemory(buf, 0, PyBUF_READ);
    attr("empty", m, "nbytes");
    Py_DECREF(m);
}

static void from_buffer(void)
{
    static int ints[4] = {1, -2, 3, -4};
    Py_buffer info;
    PyBuffer_FillInfo(&info, NULL, ints, sizeof ints, 0, PyBUF_FULL);
    info.format = "i";
    info.itemsize = sizeof(int);
    Py_ssize_t shape[1] = {4};
    Py_ssize_t strides[1] = {sizeof(int)};
    info.shape = shape;
    info.strides = strides;
    PyObject *m = PyMemoryView_FromBuffer(&info);
    call0("tolist", m, "tolist");
    attr("obj", m, "obj");
    attr("readonly", m, "readonly");
    show("shape copied", PyMemoryView_GET_BUFFER(m)->shape != shape ? Py_True : Py_False);
    PyObject *k = PyLong_FromLong(2);
    PyObject *v = PyLong_FromLong(99);
    show_int("write", PyObject_SetItem(m, k, v));
    show_int("ints[2]", ints[2]);
    Py_DECREF(k);
    Py_DECREF(v);
    Py_DECREF(m);

    Py_buffer empty;
    memset(&empty, 0, sizeof empty);
    show_new("NULL buf", PyMemoryView_FromBuffer(&empty));
}

static void contiguous(void)
{
    PyObject *b = PyBytes_FromString("abcdef");
    PyObject *m = PyMemoryView_GetContiguous(b, PyBUF_READ, 'C');
    attr("C of bytes", m, "c_contiguous");
    show("C of bytes shares", PyMemoryView_GET_BUFFER(m)->buf == PyBytes_AS_STRING(b) ? Py_True : Py_False);
    Py_DECREF(m);
    show_new("writable bytes", PyMemoryView_GetContiguous(b, PyBUF_WRITE, 'C'));

    PyObject *g = PyDict_New();
    PyDict_SetItemString(g, "b", b);
    PyObject *strided = PyRun_String("memoryview(b)[::2]", Py_eval_input, g, g);
    m = PyMemoryView_GetContiguous(strided, PyBUF_READ, 'C');
    show("copy of strided", m ? Py_True : NULL);
    attr("copy c_contiguous", m, "c_contiguous");
    call0("copy bytes", m, "tobytes");
    attr("copy readonly", m, "readonly");
    show("copy is not the bytes", PyMemoryView_GET_BASE(m) != b ? Py_True : Py_False);
    Py_DECREF(m);
    PyObject *ba = PyByteArray_FromStringAndSize("abcdef", 6);
    PyDict_SetItemString(g, "ba", ba);
    PyObject *ws = PyRun_String("memoryview(ba)[::2]", Py_eval_input, g, g);
    show_new("writable strided", PyMemoryView_GetContiguous(ws, PyBUF_WRITE, 'C'));
    m = PyMemoryView_GetContiguous(ba, PyBUF_WRITE, 'A');
    attr("writable bytearray", m, "readonly");
    Py_DECREF(m);
    show_new("not a buffer", PyMemoryView_GetContiguous(Py_None, PyBUF_READ, 'C'));
    Py_DECREF(ws);
    Py_DECREF(ba);
    Py_DECREF(strided);
    Py_DECREF(g);
    Py_DECREF(b);
}

static void exporting(void)
{
    PyObject *ba = PyByteArray_FromStringAndSize("abcdef", 6);
    PyObject *m = PyMemoryView_FromObject(ba);
    Py_buffer v;
    show_int("FULL_RO", PyObject_GetBuffer(m, &v, PyBUF_FULL_RO));
    show("view obj is the memoryview", v.obj == m ? Py_True : Py_False);
    show_cstr("format", v.format);
    show_int("exports", ((PyMemoryViewObject *)m)->exports);
    show_new("release while exported", PyObject_CallMethod(m, "release", NULL));
    PyBuffer_Release(&v);
    show_int("exports after release", ((PyMemoryViewObject *)m)->exports);

    show_int("SIMPLE", PyObject_GetBuffer(m, &v, PyBUF_SIMPLE));
    show("SIMPLE format NULL", v.format == NULL ? Py_True : Py_False);
    show("SIMPLE shape NULL", v.shape == NULL ? Py_True : Py_False);
    show("SIMPLE strides NULL", v.strides == NULL ? Py_True : Py_False);
    PyBuffer_Release(&v);
    show_int("WRITABLE", PyObject_GetBuffer(m, &v, PyBUF_WRITABLE));
    PyBuffer_Release(&v);
    show_int("FORMAT without ND", PyObject_GetBuffer(m, &v, PyBUF_FORMAT));

    PyObject *ro = PyObject_CallMethod(m, "toreadonly", NULL);
    show_int("WRITABLE of read-only", PyObject_GetBuffer(ro, &v, PyBUF_WRITABLE));
    Py_DECREF(ro);

    PyObject *g = PyDict_New();
    PyDict_SetItemString(g, "m", m);
    PyObject *strided = PyRun_String("m[::2]", Py_eval_input, g, g);
    show_int("SIMPLE of strided", PyObject_GetBuffer(strided, &v, PyBUF_SIMPLE));
    show_int("C_CONTIGUOUS of strided", PyObject_GetBuffer(strided, &v, PyBUF_C_CONTIGUOUS));
    show_int("F_CONTIGUOUS of strided", PyObject_GetBuffer(strided, &v, PyBUF_F_CONTIGUOUS));
    show_int("ANY_CONTIGUOUS of strided", PyObject_GetBuffer(strided, &v, PyBUF_ANY_CONTIGUOUS));
    show_int("STRIDES of strided", PyObject_GetBuffer(strided, &v, PyBUF_STRIDES));
    show_int("STRIDES stride", v.strides[0]);
    PyBuffer_Release(&v);
    Py_DECREF(strided);
    Py_DECREF(g);

    show_new("release", PyObject_CallMethod(m, "release", NULL));
    show_int("GetBuffer after release", PyObject_GetBuffer(m, &v, PyBUF_SIMPLE));
    Py_DECREF(m);
    Py_DECREF(ba);
}

int main(void)
{
    Py_Initialize();
    if (PyType_Ready(&Matrix_Type) < 0)
        show_exc("PyType_Ready");
    layout();
    c_exporter();
    from_memory();
    from_buffer();
    contiguous();
    exporting();
    Py_XDECREF(globals);
    CHECK_NOERR();
    return ctest_finish();
}
