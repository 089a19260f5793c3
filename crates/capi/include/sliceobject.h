/* sliceobject.h - the Ellipsis singleton ("...") and slice objects. */
#ifndef Py_SLICEOBJECT_H
#define Py_SLICEOBJECT_H
#ifdef __cplusplus
extern "C" {
#endif

PyAPI_DATA(PyObject) _Py_EllipsisObject;        /* use Py_Ellipsis */
#define Py_Ellipsis (&_Py_EllipsisObject)

PyAPI_DATA(PyTypeObject) PyEllipsis_Type;

#ifndef Py_LIMITED_API
/* A slice: start, stop and step are never NULL (None when absent). */
typedef struct {
    PyObject_HEAD
    PyObject *start, *stop, *step;
} PySliceObject;
#endif

PyAPI_DATA(PyTypeObject) PySlice_Type;
#define PySlice_Check(op) Py_IS_TYPE((op), &PySlice_Type)

/* slice(start, stop, step); NULL arguments are None. */
PyAPI_FUNC(PyObject *) PySlice_New(PyObject *start, PyObject *stop,
                                   PyObject *step);
/* The legacy form: ints only, no clamping; -1 (no exception) otherwise. */
PyAPI_FUNC(int) PySlice_GetIndices(PyObject *r, Py_ssize_t length,
                                   Py_ssize_t *start, Py_ssize_t *stop,
                                   Py_ssize_t *step);
/* Unpack then AdjustIndices, with the slice length. */
PyAPI_FUNC(int) PySlice_GetIndicesEx(PyObject *r, Py_ssize_t length,
                                     Py_ssize_t *start, Py_ssize_t *stop,
                                     Py_ssize_t *step,
                                     Py_ssize_t *slicelength);
#if !defined(Py_LIMITED_API) || (Py_LIMITED_API+0 >= 0x03050400 && Py_LIMITED_API+0 < 0x03060000) || Py_LIMITED_API+0 >= 0x03060100
#define PySlice_GetIndicesEx(slice, length, start, stop, step, slicelen) (  \
    PySlice_Unpack((slice), (start), (stop), (step)) < 0 ?                  \
    ((*(slicelen) = 0), -1) :                                               \
    ((*(slicelen) = PySlice_AdjustIndices((length), (start), (stop), *(step))), \
     0))
/* start, stop and step as Py_ssize_t (clamped); None filled in by the
   step's sign; ValueError for a zero step. */
PyAPI_FUNC(int) PySlice_Unpack(PyObject *slice, Py_ssize_t *start,
                               Py_ssize_t *stop, Py_ssize_t *step);
/* start and stop clamped to a sequence of length items; returns how many
   items the slice selects. */
PyAPI_FUNC(Py_ssize_t) PySlice_AdjustIndices(Py_ssize_t length,
                                             Py_ssize_t *start,
                                             Py_ssize_t *stop,
                                             Py_ssize_t step);
#endif

#ifdef __cplusplus
}
#endif
#endif /* !Py_SLICEOBJECT_H */
