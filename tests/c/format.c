/*
 * format.c -- PyUnicode_FromFormat / PyUnicode_FromFormatV.
 *
 * Only the conversions CPython 3.12.1 accepts are used for happy paths;
 * the rejected ones are checked as error cases (SystemError "invalid format
 * string: <rest of the format from the '%'>").
 */
#include "ctest.h"

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

static PyObject *fmt_v(const char *format, ...)
{
    PyObject *r;
    va_list va;
    va_start(va, format);
    r = PyUnicode_FromFormatV(format, va);
    va_end(va);
    return r;
}

/* The result is a str: print it as str() so the format's own quotes show. */
#define F(label, ...) show_str_new(label, PyUnicode_FromFormat(__VA_ARGS__))

static void integers(void)
{
    F("d", "[%d] [%d] [%d]", 0, -1, INT_MAX);
    F("d.INT_MIN", "[%d]", INT_MIN);
    F("i", "[%i] [%i]", 17, -17);
    F("u", "[%u] [%u]", 0u, UINT_MAX);
    F("u.negative_arg", "[%u]", -1);
    F("ld", "[%ld] [%ld]", LONG_MAX, LONG_MIN);
    F("li", "[%li]", -3L);
    F("lu", "[%lu]", ULONG_MAX);
    F("lld", "[%lld] [%lld]", LLONG_MAX, LLONG_MIN);
    F("lli", "[%lli]", -4LL);
    F("llu", "[%llu]", ULLONG_MAX);
    F("zd", "[%zd] [%zd]", (Py_ssize_t)PY_SSIZE_T_MAX, (Py_ssize_t)PY_SSIZE_T_MIN);
    F("zi", "[%zi]", (Py_ssize_t)-9);
    F("zu", "[%zu]", (size_t)SIZE_MAX);
    F("jd_td", "[%jd] [%td]", (intmax_t)5, (ptrdiff_t)-6);
    F("x", "[%x] [%x] [%x]", 0, 255, 0xdeadbeef);
    F("x.negative_arg", "[%x]", -1);
    F("X", "[%X]", 0xabcdef);
    F("lx_llx_zx", "[%lx] [%llx] [%zx]", 0xabcL, 0xdeadbeefcafeULL, (size_t)0xff);
    F("lX_zX", "[%lX] [%zX]", 0xabcL, (size_t)0xff);
    F("o", "[%o] [%o]", 8, 511);
}

static void width_precision(void)
{
    F("5d", "[%5d]", 42);
    F("-5d", "[%-5d]", 42);
    F("05d", "[%05d]", 42);
    F(".3d", "[%.3d]", 7);
    F("5.3d", "[%5.3d]", 7);
    F("-05d", "[%-05d]", 42);
    F("-5.3d", "[%-5.3d]", 7);
    F("5d.neg", "[%5d]", -42);
    F("-5d.neg", "[%-5d]", -42);
    F("05d.neg", "[%05d]", -42);
    F(".3d.neg", "[%.3d]", -7);
    F("5.3d.neg", "[%5.3d]", -7);
    F(".10d", "[%.10d]", 12345);
    F("2d.too_narrow", "[%2d]", 12345);
    F("3i", "[%3i] [%-3i]", 2, 3);
    F("20lu", "[%20lu]", ULONG_MAX);
    F("-22lld", "[%-22lld]", LLONG_MIN);
    F("025zd", "[%025zd]", (Py_ssize_t)-1);
    F("08x", "[%08x]", 255);
    F("-8x", "[%-8x]", 255);
    F("8X", "[%8X]", 255);
    F(".4x", "[%.4x]", 255);
    F("*d", "[%*d]", 6, 42);
    F(".*s", "[%.*s]", 2, "abcdef");
}

static void strings(void)
{
    PyObject *s = PyUnicode_FromString("h\xc3\xa9llo");
    PyObject *lst = PyList_New(0);
    PyObject *num = PyLong_FromLong(12);
    PyList_Append(lst, s);
    PyList_Append(lst, num);

    F("s", "[%s]", "text");
    F("s.utf8", "[%s]", "caf\xc3\xa9");
    F("s.empty", "[%s]", "");
    F(".3s", "[%.3s]", "abcdef");
    F("10s", "[%10s]", "abc");
    F("-10s", "[%-10s]", "abc");
    F("10.3s", "[%10.3s]", "abcdef");
    F(".0s", "[%.0s]", "abc");
    F("s.invalid_utf8", "[%s]", "a\xff" "b");
    F(".2s.bytes_not_chars", "[%.2s]", "\xc3\xa9\xc3\xa9");
    F(".1s.cuts_utf8", "[%.1s]", "\xc3\xa9");
    F("U", "[%U]", s);
    F("5U", "[%5U]", s);
    F("7U", "[%7U]", s);
    F("-7U", "[%-7U]", s);
    F(".2U", "[%.2U]", s);
    F("S", "[%S]", s);
    F("S.int", "[%S]", num);
    F("S.list", "[%S]", lst);
    F("R", "[%R]", s);
    F("R.list", "[%R]", lst);
    F("A", "[%A]", s);
    F("A.list", "[%A]", lst);
    F("A.None", "[%A]", Py_None);
    F("10S", "[%10S]", s);
    F("-10R", "[%-10R]", s);
    F(".2S", "[%.2S]", s);
    F(".3R", "[%.3R]", s);
    F("8R", "[%8R]", s);
    F("V.obj", "[%V]", s, "fallback");
    F("V.null", "[%V]", NULL, "fallback");
    F("V.null_utf8", "[%V]", NULL, "caf\xc3\xa9");
    F(".2V", "[%.2V] [%.2V]", s, "x", NULL, "\xc3\xa9\xc3\xa9z");
    F("6V", "[%6V]", NULL, "ab");
    F("c", "[%c] [%c] [%c]", 'A', 0xe9, 0x1F40D);
    show_new("c.nul.repr", PyUnicode_FromFormat("[%c]", 0));
    F("pct", "100%% %d%%", 5);
    F("zu_pct", "%zu%%", (size_t)3);
    F("empty", "");
    F("only_text", "plain text");
    F("mixed", "%s=%d (%U, %R) %c%%", "n", 3, s, lst, 'x');

    Py_DECREF(s);
    Py_DECREF(lst);
    Py_DECREF(num);
}

static void format_v(void)
{
    PyObject *s = PyUnicode_FromString("v");
    show_str_new("V.d_s_U", fmt_v("%d-%s-%U", 7, "x", s));
    show_str_new("V.width", fmt_v("[%-4d|%4s]", 1, "ab"));
    show_str_new("V.error", fmt_v("%q", 1));
    Py_DECREF(s);
}

static void errors(void)
{
    F("err.unknown", "[%k]", 1);
    F("err.trailing_pct", "abc %");
    F("err.trailing_after_d", "%d%", 1);
    F("err.plus_flag", "[%+d]", 1);
    F("err.space_flag", "[% d]", 1);
    F("err.hash_flag", "[%#x]", 255);
    F("err.width_on_c", "[%5c]", 'x');
    F("err.lc", "[%lc]", 'a');
    F("err.hd", "[%hd]", 1);
    F("err.zs", "[%zs]", "x");
    F("err.width_no_conv", "[%5]");
    F("err.c_too_big", "[%c]", 0x110000);
    F("err.c_negative", "[%c]", -1);
    F("err.non_ascii_format", "caf\xc3\xa9 %d", 1);
}

int main(void)
{
    Py_Initialize();
    integers();
    width_precision();
    strings();
    format_v();
    errors();
    CHECK_NOERR();
    return ctest_finish();
}
