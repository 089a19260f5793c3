/* psutil 6.0.0 (C, abi3): the Linux and POSIX helper modules' constants
 * and the calls whose results do not depend on the machine (shapes and
 * types of the others), and their errors.
 * wheel: psutil==6.0.0
 * path: psutil
 */
#include "ext.h"

/* The type of a result, and its length when `sized` (for results whose
 * length does not depend on the machine). */
static void shape_n(const char *label, PyObject *o, int sized)
{
    if (o == NULL) {
        show(label, NULL);
        return;
    }
    printf("%s: %s", label, Py_TYPE(o)->tp_name);
    if (sized && (PyTuple_Check(o) || PyList_Check(o)))
        printf(" of %zd", PySequence_Size(o));
    printf("\n");
    Py_DECREF(o);
}

#define shape(label, o) shape_n((label), (o), 1)
#define shape_any(label, o) shape_n((label), (o), 0)

int main(void)
{
    Py_Initialize();
    PyObject *posix = ext_import("_psutil_posix");
    PyObject *linux_ = ext_import("_psutil_linux");
    CALL("getpagesize()", posix, "getpagesize", NULL);
    show_new("RLIMIT_NOFILE", PyObject_GetAttrString(posix, "RLIMIT_NOFILE"));
    show_new("RLIM_INFINITY", PyObject_GetAttrString(posix, "RLIM_INFINITY"));
    show_new("version", PyObject_GetAttrString(linux_, "version"));
    show_new("DUPLEX_FULL", PyObject_GetAttrString(linux_, "DUPLEX_FULL"));
    shape("linux_sysinfo()", PyObject_CallMethod(linux_, "linux_sysinfo", NULL));
    shape("getpriority(pid)", PyObject_CallMethod(posix, "getpriority", "i", (int)getpid()));
    shape("proc_ioprio_get(pid)", PyObject_CallMethod(linux_, "proc_ioprio_get", "i", (int)getpid()));
    shape_any("proc_cpu_affinity_get(pid)", PyObject_CallMethod(linux_, "proc_cpu_affinity_get", "i", (int)getpid()));
    shape_any("net_if_addrs()", PyObject_CallMethod(posix, "net_if_addrs", NULL));
    CALL("net_if_mtu('lo')", posix, "net_if_mtu", "s", "lo");
    CALL("net_if_mtu('nope0')", posix, "net_if_mtu", "s", "nope0");
    CALL("check_pid_range(1)", linux_, "check_pid_range", "i", 1);
    CALL("getpriority('x')", posix, "getpriority", "s", "x");
    Py_DECREF(posix);
    Py_DECREF(linux_);
    return ctest_finish();
}
