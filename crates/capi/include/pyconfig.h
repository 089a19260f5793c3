/* pyconfig.h - platform facts for Ophis's headers.
 *
 * Ophis's C ABI targets 64-bit little-endian Linux (x86-64), so unlike
 * CPython's generated pyconfig.h this file is fixed and small: the SIZEOF_*
 * and ALIGNOF_* values of that platform, plus the feature-test macros that
 * CPython's pyconfig.h also sets (code written against CPython can rely on
 * POSIX/GNU declarations being visible after including Python.h first).
 */
#ifndef Py_PYCONFIG_H
#define Py_PYCONFIG_H

#if defined(__SIZEOF_POINTER__) && defined(__SIZEOF_LONG__) \
    && (__SIZEOF_POINTER__ != 8 || __SIZEOF_LONG__ != 8)
#  error "Ophis's headers describe an LP64 target (x86-64 Linux)"
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#  error "Ophis's headers describe a little-endian target (x86-64 Linux)"
#endif

/* Feature-test macros (only when the includer has not chosen its own). */
#ifndef _GNU_SOURCE
#  define _GNU_SOURCE 1
#endif
#ifndef _POSIX_C_SOURCE
#  define _POSIX_C_SOURCE 200809L
#endif
#ifndef _XOPEN_SOURCE
#  define _XOPEN_SOURCE 700
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#  define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef _LARGEFILE_SOURCE
#  define _LARGEFILE_SOURCE 1
#endif
#ifndef _FILE_OFFSET_BITS
#  define _FILE_OFFSET_BITS 64
#endif

/* Sizes and alignments of C types. */
#define SIZEOF__BOOL            1
#define SIZEOF_SHORT            2
#define SIZEOF_INT              4
#define SIZEOF_LONG             8
#define SIZEOF_LONG_LONG        8
#define SIZEOF_FLOAT            4
#define SIZEOF_DOUBLE           8
#define SIZEOF_LONG_DOUBLE      16
#define SIZEOF_VOID_P           8
#define SIZEOF_SIZE_T           8
#define SIZEOF_UINTPTR_T        8
#define SIZEOF_TIME_T           8
#define SIZEOF_OFF_T            8
#define SIZEOF_FPOS_T           16
#define SIZEOF_PID_T            4
#define SIZEOF_WCHAR_T          4
#define SIZEOF_PTHREAD_T        8
#define SIZEOF_PTHREAD_KEY_T    4
#define ALIGNOF_LONG            8
#define ALIGNOF_SIZE_T          8
#define ALIGNOF_MAX_ALIGN_T     16

/* Docstrings given to PyDoc_STR() are kept. */
#define WITH_DOC_STRINGS 1

#endif /* !Py_PYCONFIG_H */
