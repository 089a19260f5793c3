/* A Cython 3.0.11 module (tests/ext/cython_demo.pyx, default mode) built
 * from source against each runtime: cdef classes, special methods,
 * inheritance, loops over range, formatting, comprehensions, keyword
 * arguments, exceptions.
 * cython: Cython==3.0.11
 * pyx: cython_demo.pyx
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
