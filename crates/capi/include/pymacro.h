/* pymacro.h - small general-purpose macros. */
#ifndef Py_PYMACRO_H
#define Py_PYMACRO_H

/* C11..C17 compilers get the static_assert spelling from <assert.h> on
   most libcs; make sure it exists (C++11 and C23 have it as a keyword). */
#if !defined(static_assert) && !defined(__cplusplus) \
    && (defined(__GNUC__) || defined(__clang__)) \
    && defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L \
    && __STDC_VERSION__ <= 201710L
#  define static_assert _Static_assert
#endif

#define Py_MIN(x, y) (((x) > (y)) ? (y) : (x))
#define Py_MAX(x, y) (((x) > (y)) ? (x) : (y))
#define Py_ABS(x)    ((x) < 0 ? -(x) : (x))

#define _Py_XSTRINGIFY(x) #x
#define Py_STRINGIFY(x)   _Py_XSTRINGIFY(x)   /* expands x first */

#define Py_MEMBER_SIZE(type, member) sizeof(((type *)0)->member)

/* Map a char (or an int in [-128, 255]) to [0, 255]. */
#define Py_CHARMASK(c) ((unsigned char)((c) & 0xff))

/* Compile-time check usable as an expression (value 0). */
#define Py_BUILD_ASSERT_EXPR(cond) (sizeof(char [1 - 2*!(cond)]) - 1)
#define Py_BUILD_ASSERT(cond) do { (void)Py_BUILD_ASSERT_EXPR(cond); } while (0)

/* Number of elements of an array; with GCC, rejects plain pointers. */
#if defined(__GNUC__) && !defined(__STRICT_ANSI__) && !defined(__cplusplus)
#  define Py_ARRAY_LENGTH(array) \
    (sizeof(array) / sizeof((array)[0]) \
     + Py_BUILD_ASSERT_EXPR(!__builtin_types_compatible_p( \
           __typeof__(array), __typeof__(&(array)[0]))))
#else
#  define Py_ARRAY_LENGTH(array) (sizeof(array) / sizeof((array)[0]))
#endif

/* Docstrings. */
#define PyDoc_VAR(name) static const char name[]
#define PyDoc_STRVAR(name, str) PyDoc_VAR(name) = PyDoc_STR(str)
#ifdef WITH_DOC_STRINGS
#  define PyDoc_STR(str) str
#else
#  define PyDoc_STR(str) ""
#endif

/* Rounding of sizes and pointers to a power-of-two boundary a. */
#define _Py_SIZE_ROUND_DOWN(n, a) ((size_t)(n) & ~(size_t)((a) - 1))
#define _Py_SIZE_ROUND_UP(n, a) \
    (((size_t)(n) + (size_t)((a) - 1)) & ~(size_t)((a) - 1))
#define _Py_ALIGN_DOWN(p, a) ((void *)((uintptr_t)(p) & ~(uintptr_t)((a) - 1)))
#define _Py_ALIGN_UP(p, a) \
    ((void *)(((uintptr_t)(p) + (uintptr_t)((a) - 1)) & ~(uintptr_t)((a) - 1)))
#define _Py_IS_ALIGNED(p, a) (!((uintptr_t)(p) & (uintptr_t)((a) - 1)))

/* Mark a parameter as intentionally unused: int f(int Py_UNUSED(x)). */
#if defined(__GNUC__) || defined(__clang__)
#  define Py_UNUSED(name) _unused_ ## name __attribute__((unused))
#else
#  define Py_UNUSED(name) _unused_ ## name
#endif

/* A code path that cannot be reached. */
#if defined(__GNUC__) || defined(__clang__)
#  define Py_UNREACHABLE() __builtin_unreachable()
#else
#  define Py_UNREACHABLE() ((void)0)
#endif

/* Use an expression as an rvalue only. */
#define _Py_RVALUE(EXPR) ((void)0, (EXPR))

/* Non-zero if the integer type is signed. */
#define _Py_IS_TYPE_SIGNED(type) ((type)(-1) <= 0)

#endif /* !Py_PYMACRO_H */
