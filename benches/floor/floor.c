/*
 * floor.c -- what a call costs with no runtime at all, so the bench table
 * can say how much of a ratio is the runtime and how much is the linkage.
 *
 * Two shapes, each the skeleton of a C-API hot path whose callee lives in
 * the program while the dispatcher lives in the library:
 *   call_floor_vectorcall  vc_instance's shape: the program calls the
 *                          library, which calls the program's vectorcall
 *                          function (returns its argument, incref'd) and
 *                          returns; the program decrefs the result.
 *   call_floor_dispatch8   dw_set_8's callbacks: the library calls 8
 *                          callbacks of the program in turn.
 * xtask links floor_lib.c as a shared library and into the same binary;
 * the difference between the two is the price of the shared library, paid
 * by CPython's libpython the same way.  Prints `name ns_per_op=X`.
 */
#define _GNU_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "floor.h"

#define ITERS 20000000L
#define REPS 5

typedef struct {
    fobj base;
    fvectorcall vc;
} vcobj;

static fobj *callee(fobj *self, fobj *const *args, size_t nargsf, fobj *kwnames)
{
    (void)self;
    (void)nargsf;
    (void)kwnames;
    args[0]->refcnt++;
    return args[0];
}

static long events;

static int watcher(int ev, fobj *d, fobj *k, fobj *v)
{
    (void)ev;
    (void)d;
    (void)k;
    (void)v;
    events++;
    return 0;
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(void)
{
    static ftype vctype = {FLOOR_HAVE_VECTORCALL, offsetof(vcobj, vc)};
    static ftype plain = {0, 0};
    vcobj inst = {{1, &vctype}, callee};
    fobj arg = {1, &plain};
    fobj *args[1] = {&arg};
    double best_vc = -1, best_ds = -1;

    for (int w = 0; w < 8; w++)
        floor_watchers[w] = watcher;
    for (int rep = 0; rep < REPS; rep++) {
        double t0 = now_ns();
        for (long i = 0; i < ITERS; i++) {
            fobj *r = floor_vectorcall(&inst.base, args, 1, NULL);
            __asm__ volatile("" : : "g"(r) : "memory");
            if (--r->refcnt == 0)
                abort();
        }
        double t1 = now_ns();
        for (long i = 0; i < ITERS / 4; i++) {
            if (floor_dispatch(0xff, 1, &arg, &arg, &arg) != 0)
                abort();
            __asm__ volatile("" : : : "memory");
        }
        double t2 = now_ns();
        double vc = (t1 - t0) / ITERS, ds = (t2 - t1) / (ITERS / 4);
        if (best_vc < 0 || vc < best_vc)
            best_vc = vc;
        if (best_ds < 0 || ds < best_ds)
            best_ds = ds;
    }
    if (events != 8L * (ITERS / 4) * REPS || arg.refcnt != 1) {
        fprintf(stderr, "call_floor: wrong event count %ld or refcount %ld\n", events,
                arg.refcnt);
        return 1;
    }
    printf("call_floor_vectorcall ns_per_op=%.2f\n", best_vc);
    printf("call_floor_dispatch8 ns_per_op=%.2f\n", best_ds);
    return 0;
}
