/* pytypedefs.h - forward declarations of the API's struct types, in one
   place so that headers can refer to each other's types. */
#ifndef Py_PYTYPEDEFS_H
#define Py_PYTYPEDEFS_H
#ifdef __cplusplus
extern "C" {
#endif

typedef struct PyModuleDef PyModuleDef;
typedef struct PyModuleDef_Slot PyModuleDef_Slot;
typedef struct PyMethodDef PyMethodDef;
typedef struct PyGetSetDef PyGetSetDef;
typedef struct PyMemberDef PyMemberDef;

typedef struct _object PyObject;
typedef struct _longobject PyLongObject;    /* cpython/longintrepr.h */
typedef struct _typeobject PyTypeObject;    /* opaque in the limited API */
typedef struct PyCodeObject PyCodeObject;   /* opaque in Ophis */
typedef struct _frame PyFrameObject;        /* opaque */
typedef struct _ts PyThreadState;           /* opaque in Ophis */
typedef struct _is PyInterpreterState;      /* opaque in Ophis */

#ifdef __cplusplus
}
#endif
#endif /* !Py_PYTYPEDEFS_H */
