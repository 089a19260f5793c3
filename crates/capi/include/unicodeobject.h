/* unicodeobject.h - str.  The layout (PEP 393, as in CPython 3.12) is in
   cpython/unicodeobject.h, outside the limited API. */
#ifndef Py_UNICODEOBJECT_H
#define Py_UNICODEOBJECT_H

#include <stdarg.h>
#include <ctype.h>
#include <wchar.h>

/* Code point types. */
typedef uint32_t Py_UCS4;
typedef uint16_t Py_UCS2;
typedef uint8_t  Py_UCS1;

#ifdef __cplusplus
extern "C" {
#endif

#define Py_UNICODE_SIZE SIZEOF_WCHAR_T
#define Py_UNICODE_WIDE

PyAPI_DATA(PyTypeObject) PyUnicode_Type;

#define PyUnicode_Check(op) \
    PyType_FastSubclass(Py_TYPE(op), Py_TPFLAGS_UNICODE_SUBCLASS)
#define PyUnicode_CheckExact(op) Py_IS_TYPE((op), &PyUnicode_Type)

/* U+FFFD, used by the "replace" error handler. */
#define Py_UNICODE_REPLACEMENT_CHARACTER ((Py_UCS4) 0xFFFD)

/* From UTF-8 bytes: size bytes, or up to the NUL. */
PyAPI_FUNC(PyObject *) PyUnicode_FromStringAndSize(const char *u,
                                                   Py_ssize_t size);
PyAPI_FUNC(PyObject *) PyUnicode_FromString(const char *u);
/* chr(ordinal). */
PyAPI_FUNC(PyObject *) PyUnicode_FromOrdinal(int ordinal);

#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03030000
/* Length in code points. */
PyAPI_FUNC(Py_ssize_t) PyUnicode_GetLength(PyObject *unicode);
#endif

/* printf-like formatting (see the C API docs for the conversions). */
PyAPI_FUNC(PyObject *) PyUnicode_FromFormatV(const char *format,
                                             va_list vargs);
PyAPI_FUNC(PyObject *) PyUnicode_FromFormat(const char *format, ...);

/* Interning: *p is replaced by the canonical equal string. */
PyAPI_FUNC(void) PyUnicode_InternInPlace(PyObject **p);
PyAPI_FUNC(PyObject *) PyUnicode_InternFromString(const char *u);

#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x030A0000
/* UTF-8 form, cached in the object (valid while it lives). */
PyAPI_FUNC(const char *) PyUnicode_AsUTF8AndSize(PyObject *unicode,
                                                 Py_ssize_t *size);
#endif

#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03030000
/* Characters start..end (end clamped to the length). */
PyAPI_FUNC(PyObject *) PyUnicode_Substring(PyObject *str, Py_ssize_t start,
                                           Py_ssize_t end);
/* The characters as UCS-4 into buffer (buflen characters), NUL-terminated
   when copy_null; or into a new PyMem_Malloc block (AsUCS4Copy). */
PyAPI_FUNC(Py_UCS4 *) PyUnicode_AsUCS4(PyObject *unicode, Py_UCS4 *buffer,
                                       Py_ssize_t buflen, int copy_null);
PyAPI_FUNC(Py_UCS4 *) PyUnicode_AsUCS4Copy(PyObject *unicode);
/* Character `index`, or (Py_UCS4)-1 with an exception. */
PyAPI_FUNC(Py_UCS4) PyUnicode_ReadChar(PyObject *unicode, Py_ssize_t index);
/* Stores a character into a fresh str nobody else uses: 0, or -1. */
PyAPI_FUNC(int) PyUnicode_WriteChar(PyObject *unicode, Py_ssize_t index,
                                    Py_UCS4 character);
#endif

/* Codecs.  Ophis has utf-8, ascii, latin-1, utf-16 and utf-32 (CPython's
   names and aliases); other names raise LookupError.  A NULL encoding is
   utf-8, NULL errors "strict". */
PyAPI_FUNC(PyObject *) PyUnicode_AsEncodedString(PyObject *unicode,
                                                 const char *encoding,
                                                 const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_FromEncodedObject(PyObject *obj,
                                                   const char *encoding,
                                                   const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_Decode(const char *s, Py_ssize_t size,
                                        const char *encoding,
                                        const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_AsUTF8String(PyObject *unicode);
PyAPI_FUNC(PyObject *) PyUnicode_AsASCIIString(PyObject *unicode);
PyAPI_FUNC(PyObject *) PyUnicode_AsLatin1String(PyObject *unicode);
/* With a byte-order mark. */
PyAPI_FUNC(PyObject *) PyUnicode_AsUTF16String(PyObject *unicode);
PyAPI_FUNC(PyObject *) PyUnicode_AsUTF32String(PyObject *unicode);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeUTF8(const char *s, Py_ssize_t size,
                                            const char *errors);
/* With consumed != NULL, an incomplete sequence at the end is not an
   error: *consumed tells how many bytes were decoded. */
PyAPI_FUNC(PyObject *) PyUnicode_DecodeUTF8Stateful(const char *s,
                                                    Py_ssize_t size,
                                                    const char *errors,
                                                    Py_ssize_t *consumed);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeLatin1(const char *s, Py_ssize_t size,
                                              const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeASCII(const char *s, Py_ssize_t size,
                                             const char *errors);

/* The file-system encoding: utf-8 with "surrogateescape". */
PyAPI_FUNC(PyObject *) PyUnicode_DecodeFSDefault(const char *s);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeFSDefaultAndSize(const char *s,
                                                        Py_ssize_t size);
PyAPI_FUNC(PyObject *) PyUnicode_EncodeFSDefault(PyObject *unicode);
/* "O&" converters to bytes (FSConverter) and to str (FSDecoder) for
   str, bytes and os.PathLike arguments; result is a PyObject **. */
PyAPI_FUNC(int) PyUnicode_FSConverter(PyObject *obj, void *result);
PyAPI_FUNC(int) PyUnicode_FSDecoder(PyObject *obj, void *result);

PyAPI_FUNC(PyObject *) PyUnicode_Concat(PyObject *left, PyObject *right);
PyAPI_FUNC(PyObject *) PyUnicode_Join(PyObject *separator, PyObject *seq);
/* The str methods for C: split/rsplit (sep NULL: whitespace), splitlines,
   replace, partition/rpartition; find/rfind (direction > 0: first; -1
   when absent, -2 on error), count (-1 on error), tailmatch (direction
   -1: prefix, +1: suffix), `element in container`, comparison
   (NotImplemented unless both are str) and isidentifier. */
PyAPI_FUNC(PyObject *) PyUnicode_Split(PyObject *s, PyObject *sep, Py_ssize_t maxsplit);
PyAPI_FUNC(PyObject *) PyUnicode_RSplit(PyObject *s, PyObject *sep, Py_ssize_t maxsplit);
PyAPI_FUNC(PyObject *) PyUnicode_Splitlines(PyObject *s, int keepends);
PyAPI_FUNC(PyObject *) PyUnicode_Replace(PyObject *str, PyObject *substr,
                                         PyObject *replstr, Py_ssize_t maxcount);
PyAPI_FUNC(PyObject *) PyUnicode_Partition(PyObject *s, PyObject *sep);
PyAPI_FUNC(PyObject *) PyUnicode_RPartition(PyObject *s, PyObject *sep);
PyAPI_FUNC(Py_ssize_t) PyUnicode_Find(PyObject *str, PyObject *substr,
                                      Py_ssize_t start, Py_ssize_t end, int direction);
PyAPI_FUNC(Py_ssize_t) PyUnicode_FindChar(PyObject *str, Py_UCS4 ch,
                                          Py_ssize_t start, Py_ssize_t end, int direction);
PyAPI_FUNC(Py_ssize_t) PyUnicode_Count(PyObject *str, PyObject *substr,
                                       Py_ssize_t start, Py_ssize_t end);
PyAPI_FUNC(Py_ssize_t) PyUnicode_Tailmatch(PyObject *str, PyObject *substr,
                                           Py_ssize_t start, Py_ssize_t end, int direction);
PyAPI_FUNC(int) PyUnicode_Contains(PyObject *container, PyObject *element);
PyAPI_FUNC(PyObject *) PyUnicode_RichCompare(PyObject *left, PyObject *right, int op);
PyAPI_FUNC(int) PyUnicode_IsIdentifier(PyObject *s);
PyAPI_FUNC(PyObject *) PyUnicode_Format(PyObject *format, PyObject *args);

/* -1, 0, 1; PyUnicode_Compare raises on error (returning -1). */
PyAPI_FUNC(int) PyUnicode_Compare(PyObject *left, PyObject *right);
/* Never raises. */
PyAPI_FUNC(int) PyUnicode_CompareWithASCIIString(PyObject *left,
                                                 const char *right);

#ifndef Py_LIMITED_API
#  define Py_CPYTHON_UNICODEOBJECT_H
#  include "cpython/unicodeobject.h"
#  undef Py_CPYTHON_UNICODEOBJECT_H
#endif

#ifdef __cplusplus
}
#endif
#endif /* !Py_UNICODEOBJECT_H */
