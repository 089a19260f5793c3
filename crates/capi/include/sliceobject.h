/* sliceobject.h - the Ellipsis singleton ("..."). */
#ifndef Py_SLICEOBJECT_H
#define Py_SLICEOBJECT_H
#ifdef __cplusplus
extern "C" {
#endif

PyAPI_DATA(PyObject) _Py_EllipsisObject;        /* use Py_Ellipsis */
#define Py_Ellipsis (&_Py_EllipsisObject)

PyAPI_DATA(PyTypeObject) PyEllipsis_Type;

#ifdef __cplusplus
}
#endif
#endif /* !Py_SLICEOBJECT_H */
