/* descrobject.h - attribute descriptions for types: PyGetSetDef (computed
   attributes) and PyMemberDef (fields of the instance struct). */
#ifndef Py_DESCROBJECT_H
#define Py_DESCROBJECT_H
#ifdef __cplusplus
extern "C" {
#endif

/* method_descriptor: a PyMethodDef entry in a type's dict. */
PyAPI_DATA(PyTypeObject) PyMethodDescr_Type;
/* property: a data descriptor calling fget/fset/fdel. */
PyAPI_DATA(PyTypeObject) PyProperty_Type;

typedef PyObject *(*getter)(PyObject *, void *);
typedef int (*setter)(PyObject *, PyObject *, void *);

struct PyGetSetDef {
    const char *name;
    getter get;
    setter set;             /* NULL: read-only */
    const char *doc;
    void *closure;          /* passed to get and set */
};

/* A C field exposed as an attribute; arrays end with a NULL name. */
struct PyMemberDef {
    const char *name;
    int type;               /* Py_T_* */
    Py_ssize_t offset;      /* from the start of the object */
    int flags;              /* Py_READONLY, Py_AUDIT_READ, ... */
    const char *doc;
};

/* Field types. */
#define Py_T_SHORT          0
#define Py_T_INT            1
#define Py_T_LONG           2
#define Py_T_FLOAT          3
#define Py_T_DOUBLE         4
#define Py_T_STRING         5   /* char *, read-only */
#define _Py_T_OBJECT        6   /* deprecated: NULL reads as None */
#define Py_T_CHAR           7   /* a 1-character str */
#define Py_T_BYTE           8
#define Py_T_UBYTE          9
#define Py_T_USHORT         10
#define Py_T_UINT           11
#define Py_T_ULONG          12
#define Py_T_STRING_INPLACE 13  /* char[], read-only */
#define Py_T_BOOL           14  /* char holding 0 or 1 */
#define Py_T_OBJECT_EX      16  /* PyObject *; NULL raises AttributeError */
#define Py_T_LONGLONG       17
#define Py_T_ULONGLONG      18
#define Py_T_PYSSIZET       19
#define _Py_T_NONE          20  /* deprecated: always None */

/* Flags. */
#define Py_READONLY          1
#define Py_AUDIT_READ        2
#define _Py_WRITE_RESTRICTED 4  /* deprecated no-op */
#define Py_RELATIVE_OFFSET   8  /* offset is from the subclass's own data */

/* Get / set the field a PyMemberDef describes, in the object struct that
   starts at the given address.  Get returns a new reference, or NULL with
   an exception set; set returns 0, or -1 with an exception set (a NULL
   value deletes, where the field type allows it).  The address is const
   only for the getter. */
PyAPI_FUNC(PyObject *) PyMember_GetOne(const char *, PyMemberDef *);
#ifndef Py_LIMITED_API
/* Whether the descriptor defines __set__ (a data descriptor). */
PyAPI_FUNC(int) PyDescr_IsData(PyObject *);
#endif
PyAPI_FUNC(int) PyMember_SetOne(char *, PyMemberDef *, PyObject *);

#ifdef __cplusplus
}
#endif
#endif /* !Py_DESCROBJECT_H */
