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
 *   iterations  per timed repetition, default 5,000,000 (BENCH_DEFAULT_ITERS)
 *   repetitions default 5
 * Output: one line "<name> ns_per_op=<min over repetitions>" with two
 * decimals.  A benchmark that defines BENCH_COUNT_ALLOCS before the include
 * also prints "<name> allocs_per_op=<n>": heap allocations per operation,
 * counted over iterations/10 extra operations through the PyMem/PyObject
 * allocator hooks (PyMem_SetAllocator, all three domains) and a malloc
 * interposer (allocations made outside those hooks, e.g. by the runtime's
 * own code), an allocation seen by both counted once. Each repetition is timed with clock_gettime(CLOCK_MONOTONIC);
 * a warm-up pass of iterations/10 + 1 operations runs first.
 *
 * A benchmark whose operations must run somewhere else than main (inside a
 * call from Python code, on a running frame) defines BENCH_WRAP before the
 * include and a function
 *
 *     static void bench_wrap(void (*measure)(void));
 *
 * which main calls after bench_setup instead of measuring directly; it must
 * call measure() once (warm-up and timed repetitions) from where the
 * operations are to run.
 *
 * The warm-up and the timed repetitions run through bench_loop, kept out of
 * line, so that `cargo xtask bench --instructions` can count the
 * instructions of exactly those operations (callgrind
 * --toggle-collect=bench_loop*): a run `prog N 1` executes N/10 + 1 + N of
 * them there, setup, teardown and the allocation count outside.
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

/* a program whose operation takes microseconds defines a smaller default
   before the include */
#ifndef BENCH_DEFAULT_ITERS
#define BENCH_DEFAULT_ITERS 5000000L
#endif
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

#ifdef BENCH_COUNT_ALLOCS
/* ---- allocation counting ----------------------------------------------- */
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

static int bench_counting;      /* counting is on */
static int bench_in_hook;       /* inside a PyMem hook: malloc not counted */
static long bench_allocs;

void *malloc(size_t n)
{
    if (bench_counting && !bench_in_hook)
        bench_allocs++;
    return __libc_malloc(n);
}

void *calloc(size_t a, size_t b)
{
    if (bench_counting && !bench_in_hook)
        bench_allocs++;
    return __libc_calloc(a, b);
}

void *realloc(void *p, size_t n)
{
    if (bench_counting && !bench_in_hook)
        bench_allocs++;
    return __libc_realloc(p, n);
}

static PyMemAllocatorEx bench_orig[3];

static void *bench_hook_malloc(void *ctx, size_t n)
{
    PyMemAllocatorEx *o = ctx;
    void *r;
    int was = bench_in_hook;
    if (bench_counting)
        bench_allocs++;
    bench_in_hook = 1;
    r = o->malloc(o->ctx, n);
    bench_in_hook = was;
    return r;
}

static void *bench_hook_calloc(void *ctx, size_t a, size_t b)
{
    PyMemAllocatorEx *o = ctx;
    void *r;
    int was = bench_in_hook;
    if (bench_counting)
        bench_allocs++;
    bench_in_hook = 1;
    r = o->calloc(o->ctx, a, b);
    bench_in_hook = was;
    return r;
}

static void *bench_hook_realloc(void *ctx, void *p, size_t n)
{
    PyMemAllocatorEx *o = ctx;
    void *r;
    int was = bench_in_hook;
    if (bench_counting)
        bench_allocs++;
    bench_in_hook = 1;
    r = o->realloc(o->ctx, p, n);
    bench_in_hook = was;
    return r;
}

static void bench_hook_free(void *ctx, void *p)
{
    PyMemAllocatorEx *o = ctx;
    int was = bench_in_hook;
    bench_in_hook = 1;
    o->free(o->ctx, p);
    bench_in_hook = was;
}

static void bench_hooks(int on)
{
    static const PyMemAllocatorDomain doms[3] = {PYMEM_DOMAIN_RAW, PYMEM_DOMAIN_MEM,
                                                 PYMEM_DOMAIN_OBJ};
    for (int d = 0; d < 3; d++) {
        if (on) {
            PyMemAllocatorEx h = {&bench_orig[d], bench_hook_malloc, bench_hook_calloc,
                                  bench_hook_realloc, bench_hook_free};
            PyMem_GetAllocator(doms[d], &bench_orig[d]);
            PyMem_SetAllocator(doms[d], &h);
        }
        else {
            PyMem_SetAllocator(doms[d], &bench_orig[d]);
        }
    }
}
#endif
static inline __attribute__((always_inline)) void bench_op(long i);

#define BENCH_OP(i) static inline __attribute__((always_inline)) void bench_op(long i)

/* n operations; out of line for callgrind's --toggle-collect (see above) */
static __attribute__((noinline)) void bench_loop(long n)
{
    long i;
    for (i = 0; i < n; i++)
        bench_op(i);
}

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

static long bench_iters, bench_reps;
static double bench_best = -1.0;

/* the warm-up, then the timed repetitions, keeping the fastest */
static void bench_measure(void)
{
    long r;
    bench_loop(bench_iters / 10 + 1);

    for (r = 0; r < bench_reps; r++) {
        double t0, t1, per_op;
        bench_clobber();
        t0 = bench_now_ns();
        bench_loop(bench_iters);
        t1 = bench_now_ns();
        bench_clobber();
        per_op = (t1 - t0) / (double)bench_iters;
        if (bench_best < 0 || per_op < bench_best)
            bench_best = per_op;
    }
}

#ifdef BENCH_WRAP
static void bench_wrap(void (*measure)(void));
#endif

int main(int argc, char **argv)
{
    long iters = bench_arg(argc, argv, 1, BENCH_DEFAULT_ITERS);
    double best;

    bench_iters = iters;
    bench_reps = bench_arg(argc, argv, 2, BENCH_DEFAULT_REPS);
    Py_Initialize();
    bench_setup();
    if (PyErr_Occurred()) {
        fprintf(stderr, "%s: setup failed\n", BENCH_NAME);
        return 1;
    }

#ifdef BENCH_WRAP
    bench_wrap(bench_measure);
#else
    bench_measure();
#endif
    best = bench_best;

    if (PyErr_Occurred()) {
        fprintf(stderr, "%s: an exception was raised during the run\n", BENCH_NAME);
        return 1;
    }
#ifdef BENCH_COUNT_ALLOCS
    {
        long n = iters / 10 + 1, i;
        bench_hooks(1);
        bench_allocs = 0;
        bench_counting = 1;
        for (i = 0; i < n; i++)
            bench_op(i);
        bench_counting = 0;
        bench_hooks(0);
        printf("%s allocs_per_op=%.2f\n", BENCH_NAME, (double)bench_allocs / (double)n);
    }
#endif
    bench_teardown();
    printf("%s ns_per_op=%.2f\n", BENCH_NAME, best);
    fflush(stdout);
    if (Py_FinalizeEx() < 0)
        return 120;
    return 0;
}

#endif /* OPHIS_BENCH_H */
