/* iterobject.h - the sequence iterator (`iterator`: o[0], o[1], ... until
   IndexError or StopIteration) and the callable iterator
   (`callable_iterator`: callable() until it returns the sentinel). */
#ifndef Py_ITEROBJECT_H
#define Py_ITEROBJECT_H
#ifdef __cplusplus
extern "C" {
#endif

PyAPI_DATA(PyTypeObject) PySeqIter_Type;
PyAPI_DATA(PyTypeObject) PyCallIter_Type;

#define PySeqIter_Check(op) Py_IS_TYPE((op), &PySeqIter_Type)
#define PyCallIter_Check(op) Py_IS_TYPE((op), &PyCallIter_Type)

/* An iterator over seq[0], seq[1], ...; seq must have sq_item. */
PyAPI_FUNC(PyObject *) PySeqIter_New(PyObject *seq);
/* An iterator calling callable() until the result equals sentinel. */
PyAPI_FUNC(PyObject *) PyCallIter_New(PyObject *callable, PyObject *sentinel);

#ifdef __cplusplus
}
#endif
#endif /* !Py_ITEROBJECT_H */
