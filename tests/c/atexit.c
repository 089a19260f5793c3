/*
 * atexit.c -- Py_AtExit: callbacks run by Py_FinalizeEx, last registered
 * first, after the runtime is finalized; at most 32 can be registered
 * (the 33rd gets -1).
 */
#include "ctest.h"

static int order[40];
static int ran;

static int init_seen = -1;
#define CB(n) static void cb##n(void) { order[ran++] = n; if (n == 1) init_seen = Py_IsInitialized(); }
CB(1) CB(2) CB(3)
static void filler(void) { order[ran++] = 0; }

int main(void)
{
    int i, r;
    Py_Initialize();
    printf("AtExit(cb1): %d\n", Py_AtExit(cb1));
    printf("AtExit(cb2): %d\n", Py_AtExit(cb2));
    printf("AtExit(cb3): %d\n", Py_AtExit(cb3));
    for (i = 0; i < 29; i++) {
        r = Py_AtExit(filler);
        if (r != 0)
            printf("AtExit(filler %d): %d\n", i, r);
    }
    printf("AtExit(33rd): %d\n", Py_AtExit(cb1));
    printf("ran before finalize: %d\n", ran);
    printf("finalize: %d\n", Py_FinalizeEx());
    printf("ran: %d\n", ran);
    printf("last three: %d %d %d\n", order[ran - 3], order[ran - 2], order[ran - 1]);
    printf("Py_IsInitialized() inside the last callback: %d\n", init_seen);
    return 0;
}
