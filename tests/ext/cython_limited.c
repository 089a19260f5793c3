/* The Cython module of tests/ext/cython_demo.pyx built in Cython's
 * limited-API mode (Cython 3.1, CYTHON_LIMITED_API with Py_LIMITED_API
 * for 3.12): heap types from specs, no struct fields read, everything
 * through the stable ABI. The calls are cython_demo.c's.
 * cython: Cython==3.1.4
 * pyx: cython_demo.pyx
 * cflags: -DCYTHON_LIMITED_API=1 -DPy_LIMITED_API=0x030C0000
 */
#include "cython_demo.h"

int main(void)
{
    Py_Initialize();
    PyObject *m = ext_import("cython_demo");
    cython_demo_drive(m);
    Py_DECREF(m);
    return ctest_finish();
}
