/*
 * frame_getvar -- PyFrame_GetVarString(frame, "e") + Py_DECREF on a running
 * frame: a Python function with five locals a..e (e the fifth of
 * co_localsplusnames) calls a C function, which takes the function's frame
 * with PyEval_GetFrame() and runs the timed operations from inside the call
 * (bench.h's BENCH_WRAP), while the frame is running.
 */
#define BENCH_NAME "frame_getvar"
#define BENCH_WRAP
#include "bench.h"

static PyFrameObject *frame;
static void (*measure_here)(void);
static PyObject *fn;

static PyObject *run_here(PyObject *self, PyObject *unused)
{
    PyObject *v;
    (void)self;
    (void)unused;
    frame = PyEval_GetFrame();
    if (frame == NULL) {
        fprintf(stderr, "frame_getvar: no running frame\n");
        exit(1);
    }
    v = PyFrame_GetVarString(frame, "e");
    if (v == NULL || !PyLong_Check(v) || PyLong_AsLong(v) != 5) {
        PyErr_Print();
        fprintf(stderr, "frame_getvar: e is not 5\n");
        exit(1);
    }
    Py_DECREF(v);
    measure_here();
    frame = NULL;
    Py_RETURN_NONE;
}

static PyMethodDef run_here_def = {"run_here", run_here, METH_NOARGS, NULL};

static void bench_setup(void)
{
    PyObject *globals = PyDict_New();
    PyObject *run = PyCFunction_New(&run_here_def, NULL);
    PyObject *r;
    PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins());
    PyDict_SetItemString(globals, "run_here", run);
    Py_DECREF(run);
    r = PyRun_String("def f():\n"
                     "    a = 1\n"
                     "    b = 2\n"
                     "    c = 3\n"
                     "    d = 4\n"
                     "    e = 5\n"
                     "    run_here()\n"
                     "    return a + b + c + d + e\n",
                     Py_file_input, globals, globals);
    if (r == NULL) {
        PyErr_Print();
        exit(1);
    }
    Py_DECREF(r);
    fn = Py_NewRef(PyDict_GetItemString(globals, "f"));
    Py_DECREF(globals);
}

static void bench_wrap(void (*measure)(void))
{
    PyObject *r;
    measure_here = measure;
    r = PyObject_CallNoArgs(fn);
    if (r == NULL) {
        PyErr_Print();
        exit(1);
    }
    Py_DECREF(r);
}

BENCH_OP(i)
{
    PyObject *v = PyFrame_GetVarString(frame, "e");
    bench_escape(v);
    Py_DECREF(v);
}

static void bench_teardown(void)
{
    Py_DECREF(fn);
}
