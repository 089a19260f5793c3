/*
 * trace_hooks.c -- C profile and trace hooks (issue 15, spec
 * tracing_frames.md §10): event constants, profile and trace event order
 * with lines and arguments (S1, S2, S4, S5, S6, S7, C2), variables visible
 * at CALL and RETURN, C events only for builtins, failing hooks (E1-E6),
 * no events inside a hook and under EnterTracing, a hook removing itself,
 * hooks installed by running code, obj reference counts, the
 * all-threads setters over parked native threads, a late thread.
 */
#include "evaltest.h"
#include <pthread.h>

static const char *what_name[] = {"CALL", "EXCEPTION", "LINE", "RETURN",
                                  "C_CALL", "C_EXCEPTION", "C_RETURN", "OPCODE"};

static void print_arg(PyObject *arg)
{
    if (arg == NULL) {
        fputs("NULL", stdout);
    } else if (PyTuple_Check(arg) && PyTuple_GET_SIZE(arg) == 3) {
        PyObject *r = PyObject_Repr(PyTuple_GET_ITEM(arg, 1));
        printf("(%s, %s, %s)", ((PyTypeObject *)PyTuple_GET_ITEM(arg, 0))->tp_name,
               r ? PyUnicode_AsUTF8(r) : "?",
               PyTuple_GET_ITEM(arg, 2) == Py_None ? "None" : "tb");
        Py_XDECREF(r);
    } else if (PyCFunction_Check(arg)) {
        PyObject *n = PyObject_GetAttrString(arg, "__name__");
        printf("<%s>", n ? PyUnicode_AsUTF8(n) : "?");
        Py_XDECREF(n);
    } else {
        PyObject *r = PyObject_Repr(arg);
        fputs(r ? PyUnicode_AsUTF8(r) : "?", stdout);
        Py_XDECREF(r);
    }
}

static const char *vars[8];   /* variables to show at each event */
static int fail_what = -1;    /* the event kind a hook fails on */
static int fail_tag = 0;      /* which hook fails ('T' or 'P') */
static int fail_noexc = 0;    /* fail without an exception */
static int quiet = 0;

static int hook(PyObject *obj, PyFrameObject *frame, int what, PyObject *arg)
{
    if (quiet) {
        return 0;
    }
    const char *tag = obj ? PyUnicode_AsUTF8(obj) : "-";
    PyCodeObject *code = PyFrame_GetCode(frame);
    PyObject *name = PyObject_GetAttrString((PyObject *)code, "co_name");
    printf("  %s %s %s %d ", tag, what_name[what], PyUnicode_AsUTF8(name),
           PyFrame_GetLineNumber(frame));
    print_arg(arg);
    Py_DECREF(name);
    Py_DECREF(code);
    for (int i = 0; vars[i]; i++) {
        PyObject *v = PyFrame_GetVarString(frame, vars[i]);
        if (v) {
            PyObject *r = PyObject_Repr(v);
            printf(" %s=%s", vars[i], PyUnicode_AsUTF8(r));
            Py_DECREF(r);
            Py_DECREF(v);
        } else {
            printf(" %s:%s", vars[i], ((PyTypeObject *)PyErr_Occurred())->tp_name);
            PyErr_Clear();
        }
    }
    if (PyEval_GetFrame() != frame) {
        fputs(" [GetFrame differs]", stdout);
    }
    putchar('\n');
    if (what == fail_what && tag[0] == fail_tag) {
        if (fail_noexc) {
            return -1;
        }
        PyErr_Format(PyExc_RuntimeError, "hook failed at %s", what_name[what]);
        return -1;
    }
    return 0;
}

static PyObject *T, *P, *AO;

static const char DEFS[] =
    "def add(a, b):\n"                     /* 1 */
    "    c = a + b\n"                      /* 2 */
    "    return c\n"                       /* 3 */
    "\n"                                   /* 4 */
    "def loop(n):\n"                       /* 5 */
    "    i = 0\n"                          /* 6 */
    "    t = 0\n"                          /* 7 */
    "    while i < n:\n"                   /* 8 */
    "        t = add(t, i)\n"              /* 9 */
    "        i = i + 1\n"                  /* 10 */
    "    for j in range(2):\n"             /* 11 */
    "        t = t + j\n"                  /* 12 */
    "    return t\n"                       /* 13 */
    "\n"                                   /* 14 */
    "def size(s):\n"                       /* 15 */
    "    k = len(s)\n"                     /* 16 */
    "    return k\n"                       /* 17 */
    "\n"                                   /* 18 */
    "def risky(v):\n"                      /* 19 */
    "    try:\n"                           /* 20 */
    "        if v < 0:\n"                  /* 21 */
    "            raise ValueError('neg')\n"/* 22 */
    "        w = v\n"                      /* 23 */
    "    except ValueError:\n"             /* 24 */
    "        w = 0\n"                      /* 25 */
    "    return w\n"                       /* 26 */
    "\n"                                   /* 27 */
    "def boom(q):\n"                       /* 28 */
    "    r = q + 1\n"                      /* 29 */
    "    raise KeyError(r)\n"              /* 30 */
    "\n"                                   /* 31 */
    "def calls(l):\n"                      /* 32 */
    "    l.append(1)\n"                    /* 33 */
    "    list.append(l, 2)\n"              /* 34 */
    "    x = int('5')\n"                   /* 35 */
    "    y = sorted([[1], [2, 3]], key=len)\n"  /* 36 */
    "    return len(l)\n";                 /* 37 */

static PyObject *G;

static void snippet(const char *label, const char *src)
{
    printf("%s:\n", label);
    PyObject *r = PyRun_String(src, Py_file_input, G, G);
    int saved = quiet;
    quiet = 1;
    if (r == NULL) {
        show_exc("  result");
    } else {
        Py_DECREF(r);
    }
    quiet = saved;
}

static void set_vars(const char *a, const char *b, const char *c, const char *d)
{
    vars[0] = a; vars[1] = b; vars[2] = c; vars[3] = d; vars[4] = NULL;
}

/* A builtin the snippets call: installs / removes hooks from running code. */
static PyObject *install(PyObject *self, PyObject *args)
{
    (void)self; (void)args;
    PyEval_SetTrace(hook, T);
    PyEval_SetProfile(hook, P);
    Py_RETURN_NONE;
}

static PyObject *uninstall(PyObject *self, PyObject *args)
{
    (void)self; (void)args;
    PyEval_SetTrace(NULL, NULL);
    PyEval_SetProfile(NULL, NULL);
    Py_RETURN_NONE;
}

static int self_remover(PyObject *obj, PyFrameObject *frame, int what, PyObject *arg)
{
    hook(obj, frame, what, arg);
    if (what == PyTrace_LINE) {
        PyEval_SetTrace(NULL, NULL);
    }
    return 0;
}

static int inner_runner(PyObject *obj, PyFrameObject *frame, int what, PyObject *arg)
{
    hook(obj, frame, what, arg);
    if (what == PyTrace_CALL) {
        PyObject *r = PyRun_String("add(5, 5)", Py_eval_input, G, G);
        printf("  inner add(5, 5) = %ld (no events)\n", r ? PyLong_AsLong(r) : -1L);
        Py_XDECREF(r);
    }
    return 0;
}

static int counter;
static int counting(PyObject *obj, PyFrameObject *frame, int what, PyObject *arg)
{
    (void)obj; (void)frame; (void)what; (void)arg;
    counter++;
    return 0;
}

/* ---- threads ---- */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int turn = 0;   /* 0: main; k: thread k */
static int phase = 0;

static void wait_turn(int me)
{
    pthread_mutex_lock(&mu);
    while (turn != me) pthread_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
}

static void give_turn(int who)
{
    pthread_mutex_lock(&mu);
    turn = who;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
}

static void *worker(void *arg)
{
    int me = (int)(long)arg;
    PyGILState_STATE st = PyGILState_Ensure();
    PyThreadState *ts = PyEval_SaveThread();
    give_turn(0);             /* registered and parked */
    wait_turn(me);            /* main ran the all-threads call */
    PyEval_RestoreThread(ts);
    PyObject *sys = PyImport_ImportModule("sys");
    PyObject *gp = PyObject_CallMethod(sys, "getprofile", NULL);
    printf("  thread %d getprofile is obj: %d\n", me, gp == AO);
    counter = 0;
    PyObject *r = PyRun_String("add(1, 1)", Py_eval_input, G, G);
    printf("  thread %d events: %d\n", me, counter);
    Py_XDECREF(r);
    Py_XDECREF(gp);
    Py_DECREF(sys);
    ts = PyEval_SaveThread();
    give_turn(0);
    wait_turn(me + 10);       /* main removed the hooks */
    PyEval_RestoreThread(ts);
    PyGILState_Release(st);
    give_turn(0);
    return NULL;
}

static PyMethodDef methods[] = {
    {"install", install, METH_NOARGS, NULL},
    {"uninstall", uninstall, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

int main(void)
{
    Py_Initialize();
    T = PyUnicode_FromString("T");
    P = PyUnicode_FromString("P");
    printf("constants: %d %d %d %d %d %d %d %d\n", PyTrace_CALL, PyTrace_EXCEPTION,
           PyTrace_LINE, PyTrace_RETURN, PyTrace_C_CALL, PyTrace_C_EXCEPTION,
           PyTrace_C_RETURN, PyTrace_OPCODE);
    printf("no frame outside Python: %d\n", PyEval_GetFrame() == NULL);
    G = PyDict_New();
    PyDict_SetItemString(G, "__builtins__", PyEval_GetBuiltins());
    PyObject *r = PyRun_String(DEFS, Py_file_input, G, G);
    Py_XDECREF(r);
    for (PyMethodDef *m = methods; m->ml_name; m++) {
        PyObject *f = PyCFunction_New(m, NULL);
        PyDict_SetItemString(G, m->ml_name, f);
        Py_DECREF(f);
    }

    /* S1 */
    set_vars("a", "b", "c", "r");
    PyEval_SetProfile(hook, P);
    snippet("S1 profile", "r = add(1, 2)");
    PyEval_SetProfile(NULL, NULL);
    PyEval_SetTrace(hook, T);
    snippet("S1 trace", "r = add(1, 2)");
    PyEval_SetTrace(NULL, NULL);
    set_vars(NULL, NULL, NULL, NULL);

    /* S2 */
    PyEval_SetTrace(hook, T);
    snippet("S2 trace", "r = loop(2)");
    PyEval_SetTrace(NULL, NULL);
    PyEval_SetProfile(hook, P);
    snippet("S2 profile", "r = loop(2)");
    snippet("S4 profile", "r = size('abc')");
    snippet("calls profile", "r = calls([])");
    PyEval_SetProfile(NULL, NULL);

    /* C2: both hooks, trace first */
    PyEval_SetProfile(hook, P);
    PyEval_SetTrace(hook, T);
    snippet("C2 both", "r = size('xy')");
    /* S5, S6, S7 */
    snippet("S5 both", "r = risky(0 - 1)");
    set_vars("q", "r", NULL, NULL);
    snippet("S6 both", "r = boom(1)");
    set_vars(NULL, NULL, NULL, NULL);
    snippet("S7 both", "try:\n    len(5)\nexcept TypeError:\n    r = 0\n");
    PyEval_SetTrace(NULL, NULL);
    PyEval_SetProfile(NULL, NULL);

    /* E1-E6: failing hooks */
    PyEval_SetProfile(hook, P);
    fail_tag = 'P'; fail_what = PyTrace_CALL;
    snippet("E1 profile fails at CALL", "r = add(1, 2)");
    fail_what = -1;
    snippet("E2 hook stays", "r = add(1, 2)");
    fail_what = PyTrace_RETURN;
    snippet("E3 profile fails at RETURN", "r = add(1, 2)");
    fail_what = -1;
    PyEval_SetTrace(hook, T);
    fail_tag = 'T'; fail_what = PyTrace_LINE;
    snippet("E4/E5 trace fails at LINE", "r = add(1, 2)");
    fail_what = -1;
    PyEval_SetTrace(NULL, NULL);
    fail_tag = 'P'; fail_what = PyTrace_CALL; fail_noexc = 1;
    printf("E6 -1 without exception:\n");
    r = PyRun_String("r = add(1, 2)", Py_file_input, G, G);
    printf("  result: %s\n", r ? "ok" : ((PyTypeObject *)PyErr_Occurred())->tp_name);
    Py_XDECREF(r);
    PyErr_Clear();
    fail_what = -1; fail_noexc = 0;
    PyEval_SetProfile(NULL, NULL);

    /* F: no events inside a hook; EnterTracing */
    PyEval_SetTrace(inner_runner, T);
    snippet("F inner code untraced", "r = add(1, 2)");
    PyEval_SetTrace(hook, T);
    PyThreadState_EnterTracing(PyThreadState_Get());
    snippet("F EnterTracing", "r = add(1, 2)");
    PyThreadState_LeaveTracing(PyThreadState_Get());
    snippet("F LeaveTracing", "r = 1");
    PyEval_SetTrace(NULL, NULL);

    /* G1: f_trace_lines = False; G4: self-removal; G5: installed by code */
    PyRun_String("import sys", Py_file_input, G, G);
    PyEval_SetTrace(self_remover, T);
    snippet("G4 hook removes itself", "r = add(1, 2)");
    snippet("G5 installed by running code",
            "x = 1\ninstall()\ny = add(x, 1)\nuninstall()\nz = 3\n");

    /* H: obj reference counts, NULL obj, NULL func with obj */
    PyObject *o = PyUnicode_FromString("hook-object");
    Py_ssize_t base = Py_REFCNT(o);
    PyEval_SetProfile(hook, o);
    printf("H profile obj +%zd\n", Py_REFCNT(o) - base);
    PyEval_SetProfile(hook, o);
    printf("H same obj again +%zd\n", Py_REFCNT(o) - base);
    PyEval_SetTrace(counting, o);
    printf("H also trace obj +%zd\n", Py_REFCNT(o) - base);
    PyEval_SetProfile(NULL, NULL);
    PyEval_SetTrace(NULL, NULL);
    printf("H reset +%zd\n", Py_REFCNT(o) - base);
    PyEval_SetProfile(NULL, o);
    counter = 0;
    r = PyRun_String("sys.getprofile()", Py_eval_input, G, G);
    printf("H SetProfile(NULL, obj): getprofile is obj %d, +%zd\n", r == o,
           Py_REFCNT(o) - base - (r == o));
    Py_XDECREF(r);
    PyEval_SetProfile(NULL, NULL);
    PyEval_SetProfile(counting, NULL);
    r = PyRun_String("sys.getprofile()", Py_eval_input, G, G);
    printf("H NULL obj: getprofile is None %d, events %d\n", r == Py_None, counter > 0);
    Py_XDECREF(r);
    PyEval_SetProfile(NULL, NULL);

    /* I: all threads over parked native threads, and a late thread */
    pthread_t th[3];
    for (long k = 1; k <= 3; k++) {
        give_turn(-1);
        pthread_create(&th[k - 1], NULL, worker, (void *)k);
        Py_BEGIN_ALLOW_THREADS
        wait_turn(0);
        Py_END_ALLOW_THREADS
    }
    AO = PyUnicode_FromString("all-threads-object");
    base = Py_REFCNT(AO);
    PyEval_SetProfileAllThreads(counting, AO);
    printf("I all threads: obj +%zd\n", Py_REFCNT(AO) - base);
    for (int k = 1; k <= 3; k++) {
        Py_BEGIN_ALLOW_THREADS
        give_turn(k);
        wait_turn(0);
        Py_END_ALLOW_THREADS
    }
    PyEval_SetProfileAllThreads(NULL, NULL);
    printf("I all removed: obj +%zd\n", Py_REFCNT(AO) - base);
    PyEval_SetTraceAllThreads(counting, AO);
    printf("I trace all threads: obj +%zd\n", Py_REFCNT(AO) - base);
    PyEval_SetTraceAllThreads(NULL, NULL);
    for (int k = 1; k <= 3; k++) {
        Py_BEGIN_ALLOW_THREADS
        give_turn(k + 10);
        wait_turn(0);
        pthread_join(th[k - 1], NULL);
        Py_END_ALLOW_THREADS
    }
    printf("I threads gone: obj +%zd\n", Py_REFCNT(AO) - base);
    Py_DECREF(o);
    Py_DECREF(AO);
    (void)phase;
    return ctest_finish();
}
