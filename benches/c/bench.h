/*
 * bench.h -- shared driver for the C benchmarks in benches/c/.
 *
 * The same sources are compiled against CPython 3.12 and against Ophis and
 * run side by side by `cargo xtask bench`.
 *
 * A benchmark file defines, *after* including this header:
 *
 *     BENCH_NAME                       (a string literal, before the include)
 *     static void bench_setup(void);   create what the loop needs
 *     BENCH_OP(long i) { ... }         one operation (always inlined)
 *     static void bench_teardown(void);
 *
 * Usage: prog [iterations [repetitions]]
 *   iterations  per timed repetition, default 5,000,000
 *   repetitions default 5
 * Output: exactly one line "<name> ns_per_op=<min over repetitions>" with
 * two decimals. Each repetition is timed with clock_gettime(CLOCK_MONOTONIC);
 * a warm-up pass of iterations/10 operations runs first.
 */
#ifndef OPHIS_BENCH_H
#define OPHIS_BENCH_H

/* pthread barriers and clock_gettime are POSIX; ask for them explicitly in
   case the compiler runs in a strict ISO C mode (same value as pyconfig.h). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifndef BENCH_NAME
#error "define BENCH_NAME before including bench.h"
#endif

#define BENCH_DEFAULT_ITERS 5000000L
#define BENCH_DEFAULT_REPS 5L

/* Make the compiler believe p is used, so the work producing it stays. */
static inline void bench_escape(const void *p)
{
    __asm__ volatile("" : : "g"(p) : "memory");
}

/* A memory barrier for the compiler only: nothing is moved across it. */
static inline void bench_clobber(void)
{
    __asm__ volatile("" : : : "memory");
}

static void bench_setup(void);
static void bench_teardown(void);
static inline __attribute__((always_inline)) void bench_op(long i);

#define BENCH_OP(i) static inline __attribute__((always_inline)) void bench_op(long i)

static double bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static long bench_arg(int argc, char **argv, int index, long dflt)
{
    char *end;
    long v;
    if (argc <= index)
        return dflt;
    v = strtol(argv[index], &end, 10);
    if (*end != '\0' || v <= 0) {
        fprintf(stderr, "%s: argument %d must be a positive integer, got '%s'\n",
                BENCH_NAME, index, argv[index]);
        exit(2);
    }
    return v;
}

int main(int argc, char **argv)
{
    long iters = bench_arg(argc, argv, 1, BENCH_DEFAULT_ITERS);
    long reps = bench_arg(argc, argv, 2, BENCH_DEFAULT_REPS);
    long warm = iters / 10 + 1;
    double best = -1.0;
    long r, i;

    Py_Initialize();
    bench_setup();
    if (PyErr_Occurred()) {
        fprintf(stderr, "%s: setup failed\n", BENCH_NAME);
        return 1;
    }

    for (i = 0; i < warm; i++)
        bench_op(i);

    for (r = 0; r < reps; r++) {
        double t0, t1, per_op;
        bench_clobber();
        t0 = bench_now_ns();
        for (i = 0; i < iters; i++)
            bench_op(i);
        t1 = bench_now_ns();
        bench_clobber();
        per_op = (t1 - t0) / (double)iters;
        if (best < 0 || per_op < best)
            best = per_op;
    }

    if (PyErr_Occurred()) {
        fprintf(stderr, "%s: an exception was raised during the run\n", BENCH_NAME);
        return 1;
    }
    bench_teardown();
    printf("%s ns_per_op=%.2f\n", BENCH_NAME, best);
    fflush(stdout);
    if (Py_FinalizeEx() < 0)
        return 120;
    return 0;
}

#endif /* OPHIS_BENCH_H */
