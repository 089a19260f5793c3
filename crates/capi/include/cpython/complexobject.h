/* cpython/complexobject.h - complex's layout, C values and arithmetic. */
#ifndef Py_CPYTHON_COMPLEXOBJECT_H
#  error "include <Python.h> instead of this header"
#endif

typedef struct {
    double real;
    double imag;
} Py_complex;

/* Arithmetic on values: _Py_c_quot sets errno to EDOM for a zero divisor,
 * _Py_c_pow to EDOM for zero to a negative or complex power, _Py_c_abs to
 * ERANGE when the modulus overflows (0 otherwise). */
PyAPI_FUNC(Py_complex) _Py_c_sum(Py_complex, Py_complex);
PyAPI_FUNC(Py_complex) _Py_c_diff(Py_complex, Py_complex);
PyAPI_FUNC(Py_complex) _Py_c_neg(Py_complex);
PyAPI_FUNC(Py_complex) _Py_c_prod(Py_complex, Py_complex);
PyAPI_FUNC(Py_complex) _Py_c_quot(Py_complex, Py_complex);
PyAPI_FUNC(Py_complex) _Py_c_pow(Py_complex, Py_complex);
PyAPI_FUNC(double) _Py_c_abs(Py_complex);

typedef struct {
    PyObject_HEAD
    Py_complex cval;                /* offset 16 */
} PyComplexObject;

PyAPI_FUNC(PyObject *) PyComplex_FromCComplex(Py_complex);

/* A complex's value, else __complex__'s, else the object as a float;
 * {-1.0, 0.0} with an exception set on failure. */
PyAPI_FUNC(Py_complex) PyComplex_AsCComplex(PyObject *op);
