/*
 * instance_bytes -- memory per instance of a MANAGED_DICT | MANAGED_WEAKREF |
 * HAVE_GC heap type (bare PyObject body) with 4 attributes set, by allocator
 * accounting: a counting allocator wraps the PYMEM_DOMAIN_OBJ and
 * PYMEM_DOMAIN_MEM allocators (PyMem_SetAllocator) while 100,000 instances
 * are created and given their attributes; the bytes requested by
 * allocations made in that window and still live at its end, divided by
 * the number of instances, are printed (rounded to the nearest integer):
 *
 *     instance_bytes bytes_per_instance=<N> instances=100000
 *
 * The cyclic collector is off during the window (PyGC_Disable, checked with
 * PyGC_IsEnabled, PyGC_Enable after it), so no collection triggered by the
 * 100,000 allocations runs inside it on either runtime.
 *
 * The instances are held in a C array allocated before the window, so no
 * container is counted.  Attribute names are interned and the values are
 * small ints created beforehand.  Requested sizes are counted (as
 * tracemalloc does), not the allocator's rounding.  The same method runs on
 * CPython and on Ophis.
 *
 * Usage: prog [ignored...]  (the bench driver may pass an iteration count)
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "managed_type.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_INSTANCES 100000

/* open-addressing table: live pointer -> requested size, for allocations
   made inside the window; frees of older pointers pass through uncounted */
#define TABLE_BITS 21
#define TABLE_SIZE (1u << TABLE_BITS)

typedef struct {
    void *p;
    size_t n;
} Slot;

static Slot *table;
static long long live_bytes;
static long long table_used;

static size_t slot_of(void *p)
{
    uintptr_t h = (uintptr_t)p;
    h ^= h >> 17;
    h *= (uintptr_t)0x9E3779B97F4A7C15ULL;
    return (size_t)(h >> (sizeof(uintptr_t) * 8 - TABLE_BITS));
}

static void remember(void *p, size_t n)
{
    size_t i = slot_of(p);
    if (p == NULL)
        return;
    while (table[i].p != NULL && table[i].p != (void *)1) {
        if (table[i].p == p)
            break;
        i = (i + 1) & (TABLE_SIZE - 1);
    }
    if (table[i].p != p)
        table_used++;
    table[i].p = p;
    table[i].n = n;
    live_bytes += (long long)n;
    if (table_used > (long long)(TABLE_SIZE / 2)) {
        fprintf(stderr, "instance_bytes: pointer table full\n");
        exit(1);
    }
}

static void forget(void *p)
{
    size_t i;
    if (p == NULL)
        return;
    i = slot_of(p);
    while (table[i].p != NULL) {
        if (table[i].p == p) {
            live_bytes -= (long long)table[i].n;
            table[i].p = (void *)1; /* tombstone */
            table[i].n = 0;
            return;
        }
        i = (i + 1) & (TABLE_SIZE - 1);
    }
}

typedef struct {
    PyMemAllocatorEx old;
} Hook;

static Hook hooks[2];

static void *h_malloc(void *ctx, size_t n)
{
    Hook *h = ctx;
    void *p = h->old.malloc(h->old.ctx, n);
    remember(p, n);
    return p;
}

static void *h_calloc(void *ctx, size_t a, size_t b)
{
    Hook *h = ctx;
    void *p = h->old.calloc(h->old.ctx, a, b);
    remember(p, a * b);
    return p;
}

static void *h_realloc(void *ctx, void *p, size_t n)
{
    Hook *h = ctx;
    void *q;
    forget(p);
    q = h->old.realloc(h->old.ctx, p, n);
    if (q == NULL && n != 0) {
        /* failed: the old block is still there but we no longer count it */
        return NULL;
    }
    remember(q, n);
    return q;
}

static void h_free(void *ctx, void *p)
{
    Hook *h = ctx;
    forget(p);
    h->old.free(h->old.ctx, p);
}

static void install(PyMemAllocatorDomain d, Hook *h)
{
    PyMemAllocatorEx a = {h, h_malloc, h_calloc, h_realloc, h_free};
    PyMem_GetAllocator(d, &h->old);
    PyMem_SetAllocator(d, &a);
}

int main(int argc, char **argv)
{
    PyObject *tp;
    PyObject **objs;
    long long bytes;
    int i, was_enabled;

    (void)argc;
    (void)argv;
    Py_Initialize();
    tp = managed_type_new();
    /* a first instance outside the window: the type's shared keys and any
       lazily created per-type state are not part of the per-instance cost */
    Py_DECREF(managed_instance_new(tp));

    objs = malloc(sizeof(PyObject *) * N_INSTANCES);
    table = calloc(TABLE_SIZE, sizeof(Slot));
    if (objs == NULL || table == NULL)
        return 1;

    was_enabled = PyGC_Disable();
    if (PyGC_IsEnabled() != 0) {
        fprintf(stderr, "instance_bytes: PyGC_Disable left the collector on\n");
        return 1;
    }
    install(PYMEM_DOMAIN_OBJ, &hooks[0]);
    install(PYMEM_DOMAIN_MEM, &hooks[1]);
    for (i = 0; i < N_INSTANCES; i++)
        objs[i] = managed_instance_new(tp);
    bytes = live_bytes;
    PyMem_SetAllocator(PYMEM_DOMAIN_OBJ, &hooks[0].old);
    PyMem_SetAllocator(PYMEM_DOMAIN_MEM, &hooks[1].old);
    if (PyGC_Enable() != 0 || PyGC_IsEnabled() != 1) {
        fprintf(stderr, "instance_bytes: PyGC_Enable did not report the disabled state\n");
        return 1;
    }
    if (!was_enabled)
        PyGC_Disable();

    /* the memory was counted; check the instances really hold 4 attributes */
    for (i = 0; i < N_INSTANCES; i += 9973) {
        PyObject *v = PyObject_GetAttr(objs[i], attr_names[3]);
        if (v != attr_values[3]) {
            fprintf(stderr, "instance_bytes: attribute check failed\n");
            return 1;
        }
        Py_DECREF(v);
    }

    printf("instance_bytes bytes_per_instance=%lld instances=%d\n",
           (bytes + N_INSTANCES / 2) / N_INSTANCES, N_INSTANCES);
    fflush(stdout);

    /* the objects are released after the hooks are gone: their frees go
       straight to the original allocators */
    for (i = 0; i < N_INSTANCES; i++)
        Py_DECREF(objs[i]);
    free(objs);
    free(table);
    Py_DECREF(tp);
    managed_names_release();
    if (Py_FinalizeEx() < 0)
        return 120;
    return 0;
}
