/*
 * floor.h -- the object shapes shared by floor.c and floor_lib.c: just
 * enough of an object header and a type for the call shapes to be real.
 */
#ifndef OPHIS_FLOOR_H
#define OPHIS_FLOOR_H
#include <stddef.h>

#define FLOOR_HAVE_VECTORCALL (1UL << 11)

typedef struct ftype ftype;
typedef struct fobj {
    long refcnt;
    ftype *type;
} fobj;
struct ftype {
    unsigned long flags;
    long offset;
};
typedef fobj *(*fvectorcall)(fobj *, fobj *const *, size_t, fobj *);
typedef int (*fwatcher)(int, fobj *, fobj *, fobj *);

fobj *floor_vectorcall(fobj *callable, fobj *const *args, size_t nargsf, fobj *kwnames);
int floor_dispatch(unsigned mask, int event, fobj *d, fobj *k, fobj *v);
fobj *floor_slow(fobj *callable);
extern fwatcher floor_watchers[8];
#endif
