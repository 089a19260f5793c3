/*
 * audit.c -- audit hooks (PEP 578) and the audited hook setters:
 * PySys_AddAuditHook (before and after Py_Initialize), PySys_Audit with
 * formats, refusals, sys.addaudithook/sys.audit from Python, and the
 * unraisable reports of PyEval_SetProfile/SetTrace(AllThreads) when a hook
 * refuses (tracing_frames.md case 34).
 */
#include "ctest.h"
#include "capture.h"

/* Events the test watches (the runtimes raise others of their own). */
static int watched(const char *event)
{
    return strncmp(event, "test.", 5) == 0 || strcmp(event, "sys.setprofile") == 0 ||
           strcmp(event, "sys.settrace") == 0 || strcmp(event, "sys.addaudithook") == 0;
}

static int refuse;          /* 1: refuse with ValueError; 2: RuntimeError */
static const char *refuse_only;

static int early_hook(const char *event, PyObject *args, void *data)
{
    if (!watched(event))
        return 0;
    PyObject *r = PyObject_Repr(args);
    printf("  C hook %s [%s] %s\n", (const char *)data, event, r ? PyUnicode_AsUTF8(r) : "?");
    Py_XDECREF(r);
    if (PyErr_Occurred()) {
        PyErr_Clear();
        printf("  (an exception was pending in the hook)\n");
    }
    if (refuse && (refuse_only == NULL || strcmp(event, refuse_only) == 0)) {
        PyErr_Format(refuse == 1 ? PyExc_ValueError : PyExc_RuntimeError, "refused %s", event);
        return -1;
    }
    return 0;
}

static int late_hook(const char *event, PyObject *args, void *data)
{
    (void)args;
    (void)data;
    if (watched(event))
        printf("  late hook [%s]\n", event);
    return 0;
}

static int prof(PyObject *obj, PyFrameObject *f, int what, PyObject *arg)
{
    (void)obj;
    (void)f;
    (void)what;
    (void)arg;
    return 0;
}

/* Runs code in a fresh namespace whose `out` list collects its lines, then
 * prints them (Python's own stdout buffering would reorder them). */
static void run(const char *code)
{
    PyObject *g = PyDict_New();
    PyDict_SetItemString(g, "__builtins__", PyEval_GetBuiltins());
    PyObject *out = PyList_New(0);
    PyDict_SetItemString(g, "out", out);
    PyObject *r = PyRun_String(code, Py_file_input, g, g);
    for (Py_ssize_t i = 0; i < PyList_Size(out); i++)
        show_str("  py", PyList_GetItem(out, i));
    if (r == NULL)
        show_exc("  run raised");
    Py_XDECREF(r);
    Py_DECREF(out);
    Py_DECREF(g);
}

int main(void)
{
    printf("add before init: %d\n", PySys_AddAuditHook(early_hook, "early"));
    printf("audit before init: %d\n", PySys_Audit("test.before", "i", 1));
    Py_Initialize();

    printf("formats:\n");
    show_int("  none", PySys_Audit("test.none", NULL));
    show_int("  empty", PySys_Audit("test.empty", ""));
    show_int("  one", PySys_Audit("test.one", "i", 5));
    show_int("  object", PySys_Audit("test.obj", "O", Py_None));
    show_int("  tuple", PySys_Audit("test.tuple", "(ii)", 1, 2));
    show_int("  many", PySys_Audit("test.many", "isn", 1, "two", (Py_ssize_t)3));

    printf("pending exception kept:\n");
    PyErr_SetString(PyExc_KeyError, "pending");
    show_int("  audit", PySys_Audit("test.pending", NULL));
    show_exc("  after");

    printf("refusal:\n");
    refuse = 1;
    show_int("  audit", PySys_Audit("test.refused", "i", 1));
    PyErr_SetString(PyExc_KeyError, "pending");
    show_int("  audit with pending", PySys_Audit("test.refused", NULL));
    refuse = 0;

    printf("adding hooks:\n");
    refuse = 1;
    show_int("  add refused (ValueError)", PySys_AddAuditHook(late_hook, NULL));
    refuse = 2;
    show_int("  add refused (RuntimeError)", PySys_AddAuditHook(late_hook, NULL));
    refuse = 0;
    show_int("  add", PySys_AddAuditHook(late_hook, NULL));
    show_int("  audit", PySys_Audit("test.two_hooks", NULL));

    printf("PyEval_SetProfile refused:\n");
    refuse = 1;
    refuse_only = "sys.setprofile";
    capture_begin();
    PyObject *obj = PyUnicode_FromString("prof-obj");
    PyEval_SetProfile(prof, obj);
    written("  stderr");
    printf("  exception after: %s\n", PyErr_Occurred() ? "yes" : "no");
    PyObject *cur = PySys_GetObject("getprofile");
    PyObject *got = PyObject_CallNoArgs(cur);
    show("  sys.getprofile()", got);
    Py_XDECREF(got);
    refuse_only = "sys.settrace";
    PyEval_SetTrace(prof, obj);
    written("  stderr (settrace)");
    PyEval_SetTraceAllThreads(prof, obj);
    written("  stderr (settrace all threads)");
    refuse_only = "sys.setprofile";
    PyEval_SetProfileAllThreads(prof, obj);
    written("  stderr (setprofile all threads)");
    capture_end();
    refuse = 0;
    refuse_only = NULL;
    PyEval_SetProfile(prof, obj);
    got = PyObject_CallNoArgs(cur);
    show("  sys.getprofile() after an accepted call", got);
    Py_XDECREF(got);
    PyEval_SetProfile(NULL, NULL);
    Py_DECREF(obj);

    printf("from Python:\n");
    run("import sys\n"
        "seen = []\n"
        "def hook(event, args):\n"
        "    if event.startswith('test.') or event in ('sys.setprofile', 'sys.addaudithook'):\n"
        "        out.append('hook %s %r' % (event, args))\n"
        "        if event == 'test.py_refuse':\n"
        "            raise PermissionError('no')\n"
        "sys.addaudithook(hook)\n"
        "sys.audit('test.from_python', 1, 'a', None)\n"
        "sys.audit('test.no_args')\n"
        "try:\n"
        "    sys.audit('test.py_refuse', 2)\n"
        "except PermissionError as e:\n"
        "    out.append('refused: %s' % e)\n"
        "for bad in [(), (5,)]:\n"
        "    try:\n"
        "        sys.audit(*bad)\n"
        "    except TypeError as e:\n"
        "        out.append('TypeError: %s' % e)\n"
        "try:\n"
        "    sys.audit('test.kw', x=1)\n"
        "except TypeError as e:\n"
        "    out.append('TypeError: %s' % e)\n"
        "sys.setprofile(None)\n"
        "refusing = [True]\n"
        "def refuse_add(event, args):\n"
        "    if event == 'sys.addaudithook' and refusing[0]:\n"
        "        raise ValueError('no more hooks')\n"
        "sys.addaudithook(refuse_add)\n"
        "sys.addaudithook(lambda e, a: out.append('never added'))\n"
        "sys.audit('test.after_refused_add')\n"
        "refusing[0] = False\n");
    printf("python hook refusing sys.setprofile:\n");
    run("import sys\n"
        "def no_profile(event, args):\n"
        "    if event == 'sys.setprofile':\n"
        "        raise RuntimeError('profile refused')\n"
        "try:\n"
        "    sys.addaudithook(no_profile)\n"
        "except Exception as e:\n"
        "    out.append('add failed %s' % e)\n");
    run("import sys\n"
        "try:\n"
        "    sys.setprofile(lambda *a: None)\n"
        "except RuntimeError as e:\n"
        "    out.append('sys.setprofile raised: %s' % e)\n"
        "out.append('getprofile is None: %s' % (sys.getprofile() is None))\n");
    return ctest_finish();
}
