/* cpython/longintrepr.h - the layout of int, as CPython 3.12 has it, for
   code that reads digits directly (Cython's fast paths, _PyLong_IsCompact).
   Not part of the limited API. */
#ifndef Py_LIMITED_API
#ifndef Py_LONGINTREPR_H
#define Py_LONGINTREPR_H
#ifdef __cplusplus
extern "C" {
#endif

/* 30-bit digits in 32-bit words; twice as wide for intermediate results. */
typedef uint32_t digit;
typedef int32_t sdigit;
typedef uint64_t twodigits;
typedef int64_t stwodigits;
#define PYLONG_BITS_IN_DIGIT 30
#define PyLong_SHIFT 30
#define _PyLong_DECIMAL_SHIFT 9
#define _PyLong_DECIMAL_BASE ((digit)1000000000)
#define PyLong_BASE ((digit)1 << PyLong_SHIFT)
#define PyLong_MASK ((digit)(PyLong_BASE - 1))

/* The value is the sum of ob_digit[i] * 2**(PyLong_SHIFT*i) for the
   lv_tag >> _PyLong_NON_SIZE_BITS digits, least significant first, with
   the sign in the low bits of lv_tag: 0 positive, 1 zero, 2 negative.
   At least one digit is always allocated. */
typedef struct _PyLongValue {
    uintptr_t lv_tag;
    digit ob_digit[1];
} _PyLongValue;

struct _longobject {
    PyObject_HEAD
    _PyLongValue long_value;
};

#define _PyLong_SIGN_MASK 3
#define _PyLong_NON_SIZE_BITS 3

/* Whether the value has at most one digit. */
static inline int _PyLong_IsCompact(const PyLongObject *op)
{ return op->long_value.lv_tag < (2 << _PyLong_NON_SIZE_BITS); }
#define PyUnstable_Long_IsCompact _PyLong_IsCompact

/* The value of a compact int. */
static inline Py_ssize_t _PyLong_CompactValue(const PyLongObject *op)
{
    Py_ssize_t sign = 1 - (Py_ssize_t)(op->long_value.lv_tag & _PyLong_SIGN_MASK);
    return sign * (Py_ssize_t)op->long_value.ob_digit[0];
}
#define PyUnstable_Long_CompactValue _PyLong_CompactValue

#ifdef __cplusplus
}
#endif
#endif /* !Py_LONGINTREPR_H */
#endif /* !Py_LIMITED_API */
