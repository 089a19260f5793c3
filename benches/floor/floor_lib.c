/*
 * floor_lib.c -- the library half of the call-floor measurement (see
 * floor.c).  These are the least any C-API runtime can do for the two
 * shapes measured: no reference counting, no thread state, no error
 * checks beyond a NULL test.  xtask builds this file once into a shared
 * library and once into the same binary as floor.c.
 */
#include "floor.h"

/* PyObject_Vectorcall of an object that stores its own vectorcall: the type
   flag, the offset, the slot, the call, the NULL-result test. */
fobj *floor_vectorcall(fobj *callable, fobj *const *args, size_t nargsf, fobj *kwnames)
{
    if (callable->type->flags & FLOOR_HAVE_VECTORCALL && callable->type->offset > 0) {
        fvectorcall f = *(fvectorcall *)((char *)callable + callable->type->offset);
        if (f) {
            fobj *r = f(callable, args, nargsf, kwnames);
            if (r)
                return r;
        }
    }
    return floor_slow(callable);
}

/* The dispatch of a watched dict's event: each callback whose bit is set,
   in ascending order, stopping at none. */
int floor_dispatch(unsigned mask, int event, fobj *d, fobj *k, fobj *v)
{
    int failures = 0;
    while (mask) {
        int i = __builtin_ctz(mask);
        mask &= mask - 1;
        if (floor_watchers[i] && floor_watchers[i](event, d, k, v) < 0)
            failures++;
    }
    return failures;
}

fwatcher floor_watchers[8];

__attribute__((noinline)) fobj *floor_slow(fobj *callable)
{
    (void)callable;
    return 0;
}
