/* cpython/unicodeobject.h - non-limited str API.  Ophis stores str in
   CPython 3.12's layout (PEP 393), so compiled code may read it directly
   through the structs and inline functions below, as with CPython. */
#ifndef Py_CPYTHON_UNICODEOBJECT_H
#  error "include <Python.h> instead of this header"
#endif

/* Py_UNICODE is wchar_t (deprecated since 3.3, kept for old code). */
#define PY_UNICODE_TYPE wchar_t
typedef wchar_t Py_UNICODE;

/* Surrogates: U+D800..U+DBFF lead (high), U+DC00..U+DFFF trail (low). */
static inline int Py_UNICODE_IS_SURROGATE(Py_UCS4 ch)
{ return (ch & 0xFFFFF800u) == 0xD800u; }
static inline int Py_UNICODE_IS_HIGH_SURROGATE(Py_UCS4 ch)
{ return (ch & 0xFFFFFC00u) == 0xD800u; }
static inline int Py_UNICODE_IS_LOW_SURROGATE(Py_UCS4 ch)
{ return (ch & 0xFFFFFC00u) == 0xDC00u; }
/* The code point a lead/trail pair encodes. */
static inline Py_UCS4 Py_UNICODE_JOIN_SURROGATES(Py_UCS4 high, Py_UCS4 low)
{ return 0x10000u + (((high & 0x3FFu) << 10) | (low & 0x3FFu)); }
/* The lead and trail surrogates of an astral code point. */
static inline Py_UCS4 Py_UNICODE_HIGH_SURROGATE(Py_UCS4 ch)
{ return 0xD800u + ((ch - 0x10000u) >> 10); }
static inline Py_UCS4 Py_UNICODE_LOW_SURROGATE(Py_UCS4 ch)
{ return 0xDC00u + ((ch - 0x10000u) & 0x3FFu); }

/* The head of every str.  A compact ASCII str's characters follow it. */
typedef struct {
    PyObject_HEAD
    Py_ssize_t length;          /* in code points */
    Py_hash_t hash;             /* -1 until computed */
    struct {
        unsigned int interned:2;    /* SSTATE_* */
        unsigned int kind:3;        /* PyUnicode_1BYTE_KIND, 2BYTE, 4BYTE */
        unsigned int compact:1;     /* characters follow the header */
        unsigned int ascii:1;       /* every character below 128 */
        unsigned int statically_allocated:1;
        unsigned int :24;
    } state;
} PyASCIIObject;

/* A compact non-ASCII str: its characters follow this header. */
typedef struct {
    PyASCIIObject _base;
    Py_ssize_t utf8_length;     /* bytes in utf8 (no NUL), 0 if NULL */
    char *utf8;                 /* cached UTF-8 form, or NULL */
} PyCompactUnicodeObject;

/* A str whose characters live in their own block (subclass instances). */
typedef struct {
    PyCompactUnicodeObject _base;
    union {
        void *any;
        Py_UCS1 *latin1;
        Py_UCS2 *ucs2;
        Py_UCS4 *ucs4;
    } data;
} PyUnicodeObject;

#define _PyASCIIObject_CAST(op) ((PyASCIIObject *)(op))
#define _PyCompactUnicodeObject_CAST(op) ((PyCompactUnicodeObject *)(op))
#define _PyUnicodeObject_CAST(op) ((PyUnicodeObject *)(op))

/* Values of state.interned. */
#define SSTATE_NOT_INTERNED 0
#define SSTATE_INTERNED_MORTAL 1
#define SSTATE_INTERNED_IMMORTAL 2
#define SSTATE_INTERNED_IMMORTAL_STATIC 3

static inline unsigned int PyUnicode_CHECK_INTERNED(PyObject *op)
{ return _PyASCIIObject_CAST(op)->state.interned; }
#define PyUnicode_CHECK_INTERNED(op) PyUnicode_CHECK_INTERNED(_PyObject_CAST(op))

/* Every str is ready since 3.12. */
static inline unsigned int PyUnicode_IS_READY(PyObject *op)
{ (void)op; return 1; }
#define PyUnicode_IS_READY(op) PyUnicode_IS_READY(_PyObject_CAST(op))
static inline int PyUnicode_READY(PyObject *op)
{ (void)op; return 0; }
#define PyUnicode_READY(op) PyUnicode_READY(_PyObject_CAST(op))

static inline unsigned int PyUnicode_IS_ASCII(PyObject *op)
{ return _PyASCIIObject_CAST(op)->state.ascii; }
#define PyUnicode_IS_ASCII(op) PyUnicode_IS_ASCII(_PyObject_CAST(op))

static inline unsigned int PyUnicode_IS_COMPACT(PyObject *op)
{ return _PyASCIIObject_CAST(op)->state.compact; }
#define PyUnicode_IS_COMPACT(op) PyUnicode_IS_COMPACT(_PyObject_CAST(op))

static inline int PyUnicode_IS_COMPACT_ASCII(PyObject *op)
{
    return _PyASCIIObject_CAST(op)->state.ascii
        && _PyASCIIObject_CAST(op)->state.compact;
}
#define PyUnicode_IS_COMPACT_ASCII(op) PyUnicode_IS_COMPACT_ASCII(_PyObject_CAST(op))

/* Bytes per character. */
enum PyUnicode_Kind {
    PyUnicode_1BYTE_KIND = 1,
    PyUnicode_2BYTE_KIND = 2,
    PyUnicode_4BYTE_KIND = 4
};

/* A macro, not a function, so that "int kind = PyUnicode_KIND(s)" and
   "unsigned int kind = PyUnicode_KIND(s)" both compile without warnings. */
#define PyUnicode_KIND(op) ((unsigned int)_PyASCIIObject_CAST(op)->state.kind)

static inline void *_PyUnicode_COMPACT_DATA(PyObject *op)
{
    if (PyUnicode_IS_ASCII(op))
        return (void *)(_PyASCIIObject_CAST(op) + 1);
    return (void *)(_PyCompactUnicodeObject_CAST(op) + 1);
}

static inline void *_PyUnicode_NONCOMPACT_DATA(PyObject *op)
{ return _PyUnicodeObject_CAST(op)->data.any; }

/* The characters, PyUnicode_KIND() bytes each, NUL-terminated. */
static inline void *PyUnicode_DATA(PyObject *op)
{
    return PyUnicode_IS_COMPACT(op) ? _PyUnicode_COMPACT_DATA(op)
                                    : _PyUnicode_NONCOMPACT_DATA(op);
}
#define PyUnicode_DATA(op) PyUnicode_DATA(_PyObject_CAST(op))

#define PyUnicode_1BYTE_DATA(op) ((Py_UCS1 *)PyUnicode_DATA(op))
#define PyUnicode_2BYTE_DATA(op) ((Py_UCS2 *)PyUnicode_DATA(op))
#define PyUnicode_4BYTE_DATA(op) ((Py_UCS4 *)PyUnicode_DATA(op))

/* Length in code points. */
static inline Py_ssize_t PyUnicode_GET_LENGTH(PyObject *op)
{ return _PyASCIIObject_CAST(op)->length; }
#define PyUnicode_GET_LENGTH(op) PyUnicode_GET_LENGTH(_PyObject_CAST(op))

/* Stores character `index` of a buffer of the given kind; the value must
   fit the kind. */
static inline void PyUnicode_WRITE(int kind, void *data, Py_ssize_t index,
                                   Py_UCS4 value)
{
    if (kind == PyUnicode_1BYTE_KIND)
        ((Py_UCS1 *)data)[index] = (Py_UCS1)value;
    else if (kind == PyUnicode_2BYTE_KIND)
        ((Py_UCS2 *)data)[index] = (Py_UCS2)value;
    else
        ((Py_UCS4 *)data)[index] = value;
}
#define PyUnicode_WRITE(kind, data, index, value) \
    PyUnicode_WRITE((int)(kind), (void *)(data), (index), (Py_UCS4)(value))

/* Character `index` of a buffer of the given kind. */
static inline Py_UCS4 PyUnicode_READ(int kind, const void *data,
                                     Py_ssize_t index)
{
    if (kind == PyUnicode_1BYTE_KIND)
        return ((const Py_UCS1 *)data)[index];
    if (kind == PyUnicode_2BYTE_KIND)
        return ((const Py_UCS2 *)data)[index];
    return ((const Py_UCS4 *)data)[index];
}
#define PyUnicode_READ(kind, data, index) \
    PyUnicode_READ((int)(kind), (const void *)(data), (index))

/* Character `index` of a str (no bounds check). */
static inline Py_UCS4 PyUnicode_READ_CHAR(PyObject *unicode, Py_ssize_t index)
{ return PyUnicode_READ((int)PyUnicode_KIND(unicode), PyUnicode_DATA(unicode), index); }
#define PyUnicode_READ_CHAR(unicode, index) \
    PyUnicode_READ_CHAR(_PyObject_CAST(unicode), (index))

/* The largest character the str's kind can hold (not its widest one). */
static inline Py_UCS4 PyUnicode_MAX_CHAR_VALUE(PyObject *op)
{
    if (PyUnicode_IS_ASCII(op))
        return 0x7fu;
    switch (PyUnicode_KIND(op)) {
    case PyUnicode_1BYTE_KIND: return 0xffu;
    case PyUnicode_2BYTE_KIND: return 0xffffu;
    default: return 0x10ffffu;
    }
}
#define PyUnicode_MAX_CHAR_VALUE(op) PyUnicode_MAX_CHAR_VALUE(_PyObject_CAST(op))

/* A fresh str of `size` characters up to `maxchar`, for the caller to fill
   (with PyUnicode_WRITE or the DATA macros) before anything else uses it. */
PyAPI_FUNC(PyObject *) PyUnicode_New(Py_ssize_t size, Py_UCS4 maxchar);

/* PyUnicode_CopyCharacters for ranges the caller has checked. */
PyAPI_FUNC(void) _PyUnicode_FastCopyCharacters(PyObject *to, Py_ssize_t to_start,
                                               PyObject *from, Py_ssize_t from_start,
                                               Py_ssize_t how_many);

/* Copies characters between strs; the target must be fresh and wide
   enough.  Returns the number copied, -1 on error. */
PyAPI_FUNC(Py_ssize_t) PyUnicode_CopyCharacters(PyObject *to,
                                                Py_ssize_t to_start,
                                                PyObject *from,
                                                Py_ssize_t from_start,
                                                Py_ssize_t how_many);

/* Writes fill_char to characters start.. of a fresh str (clamped to its
   end).  Returns the number written, -1 on error. */
PyAPI_FUNC(Py_ssize_t) PyUnicode_Fill(PyObject *unicode, Py_ssize_t start,
                                      Py_ssize_t length, Py_UCS4 fill_char);

/* The canonical (narrowest-kind) str of `size` characters of `kind` bytes. */
PyAPI_FUNC(PyObject *) PyUnicode_FromKindAndData(int kind, const void *buffer,
                                                 Py_ssize_t size);

/* UTF-8 form, cached in the object (valid while it lives). */
PyAPI_FUNC(const char *) PyUnicode_AsUTF8(PyObject *unicode);

/* 1 when two strs are equal, else 0. */
PyAPI_FUNC(int) _PyUnicode_EQ(PyObject *, PyObject *);
