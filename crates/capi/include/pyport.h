/* pyport.h - portability layer: integer types, casts, attributes, linkage. */
#ifndef Py_PYPORT_H
#define Py_PYPORT_H

#include "pyconfig.h"

#include <stddef.h>
#include <stdint.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <time.h>
#include <sys/types.h>          /* ssize_t */
#include <sys/time.h>
#include <sys/select.h>
#include <sys/stat.h>

#if UCHAR_MAX != 255
#  error "Ophis needs 8-bit bytes"
#endif

/* ---- Casts that read well in both C and C++ ---- */

#ifdef __cplusplus
#  define _Py_STATIC_CAST(type, expr) static_cast<type>(expr)
#else
#  define _Py_STATIC_CAST(type, expr) ((type)(expr))
#endif
#define _Py_CAST(type, expr) ((type)(expr))

#if defined(__cplusplus) && __cplusplus >= 201103
#  define _Py_NULL nullptr
#else
#  define _Py_NULL NULL
#endif

/* ---- Integer types ---- */

#ifndef HAVE_LONG_LONG
#  define HAVE_LONG_LONG 1
#endif
#ifndef PY_LONG_LONG
#  define PY_LONG_LONG  long long
#  define PY_LLONG_MIN  LLONG_MIN
#  define PY_LLONG_MAX  LLONG_MAX
#  define PY_ULLONG_MAX ULLONG_MAX
#endif

#define PY_INT32_T  int32_t
#define PY_UINT32_T uint32_t
#define PY_INT64_T  int64_t
#define PY_UINT64_T uint64_t

typedef uintptr_t Py_uintptr_t;
typedef intptr_t  Py_intptr_t;

/* Sizes and indices: signed, pointer-sized. */
typedef ssize_t Py_ssize_t;
/* SSIZE_MAX needs POSIX visibility; on LP64 Linux it is LONG_MAX. */
#define PY_SSIZE_T_MAX LONG_MAX
#define PY_SSIZE_T_MIN (-PY_SSIZE_T_MAX - 1)

/* Hash values. */
typedef Py_ssize_t Py_hash_t;
typedef size_t     Py_uhash_t;
#define SIZEOF_PY_HASH_T  SIZEOF_SIZE_T
#define SIZEOF_PY_UHASH_T SIZEOF_SIZE_T

#define PY_SIZE_MAX SIZE_MAX
#ifndef PY_FORMAT_SIZE_T
#  define PY_FORMAT_SIZE_T "z"
#endif

#ifndef LONG_BIT
#  define LONG_BIT (8 * SIZEOF_LONG)
#endif

#define Py_LL(x)  x##LL
#define Py_ULL(x) Py_LL(x##U)
#define Py_VA_COPY va_copy

#define PY_DWORD_MAX 4294967295U

/* Byte order (index of the low 32-bit half of a 64-bit word). */
#define PY_BIG_ENDIAN    0
#define PY_LITTLE_ENDIAN 1

/* ---- Function and data attributes ---- */

#define Py_LOCAL(type)        static type
#define Py_LOCAL_INLINE(type) static inline type

#if defined(__GNUC__) || defined(__clang__)
#  define Py_DEPRECATED(VERSION_UNUSED) __attribute__((__deprecated__))
#  define _Py_NO_RETURN                 __attribute__((__noreturn__))
#  define Py_ALWAYS_INLINE              __attribute__((always_inline))
#  define Py_NO_INLINE                  __attribute__((noinline))
#  define Py_GCC_ATTRIBUTE(x)           __attribute__(x)
#  define Py_ALIGNED(x)                 __attribute__((aligned(x)))
#  define _Py_TYPEOF(expr)              __typeof__(expr)
#else
#  define Py_DEPRECATED(VERSION_UNUSED)
#  define _Py_NO_RETURN
#  define Py_ALWAYS_INLINE
#  define Py_NO_INLINE
#  define Py_GCC_ATTRIBUTE(x)
#  define Py_ALIGNED(x)
#endif

#ifdef __has_builtin
#  define _Py__has_builtin(x) __has_builtin(x)
#else
#  define _Py__has_builtin(x) 0
#endif

/* ---- Linkage of the API ---- */

#if defined(__GNUC__) || defined(__clang__)
#  define Py_EXPORTED_SYMBOL __attribute__((visibility("default")))
#  define Py_IMPORTED_SYMBOL __attribute__((visibility("default")))
#  define Py_LOCAL_SYMBOL    __attribute__((visibility("hidden")))
#else
#  define Py_EXPORTED_SYMBOL
#  define Py_IMPORTED_SYMBOL
#  define Py_LOCAL_SYMBOL
#endif

/* Every API function and data object: external, default visibility. */
#define PyAPI_FUNC(RTYPE) extern Py_EXPORTED_SYMBOL RTYPE
#define PyAPI_DATA(RTYPE) extern Py_EXPORTED_SYMBOL RTYPE

/* Return type of an extension module's PyInit_<name> function. */
#ifdef __cplusplus
#  define PyMODINIT_FUNC extern "C" Py_EXPORTED_SYMBOL PyObject*
#else
#  define PyMODINIT_FUNC Py_EXPORTED_SYMBOL PyObject*
#endif

#endif /* !Py_PYPORT_H */
