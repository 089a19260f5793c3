/*
 * signals.c -- SIGINT as CPython 3.12 handles it after Py_Initialize
 * (issue 14): a real SIGINT (raise()) and a simulated one
 * (PyErr_SetInterrupt, PyErr_SetInterruptEx) become KeyboardInterrupt in
 * PyErr_CheckSignals and in running Python code (loops interrupted by a
 * SIGINT another thread sends), PyOS_InterruptOccurred, signal numbers out of range,
 * and SIGPIPE ignored so a write to a closed pipe fails with EPIPE.
 */
#include "evaltest.h"
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

static pthread_t main_thread;

/* Sends SIGINT to the main thread after 50 ms (CPython notices a signal
   only when its handler runs on the main thread). */
static void *interrupter(void *arg)
{
    (void)arg;
    usleep(50 * 1000);
    pthread_kill(main_thread, SIGINT);
    return NULL;
}

/* Runs `src` while another thread sends SIGINT after 50 ms. */
static void run_interrupted(const char *label, const char *src)
{
    pthread_t t;
    pthread_create(&t, NULL, interrupter, NULL);
    run(label, src);
    Py_BEGIN_ALLOW_THREADS
    pthread_join(t, NULL);
    Py_END_ALLOW_THREADS
}

int main(void)
{
    Py_Initialize();
    main_thread = pthread_self();

    printf("check with nothing pending: %d\n", PyErr_CheckSignals());
    raise(SIGINT);
    printf("after raise(SIGINT): %d\n", PyErr_CheckSignals());
    show_exc("raise(SIGINT)");
    printf("again: %d\n", PyErr_CheckSignals());

    PyErr_SetInterrupt();
    printf("after PyErr_SetInterrupt: %d\n", PyErr_CheckSignals());
    show_exc("PyErr_SetInterrupt");

    printf("SetInterruptEx(SIGINT): %d\n", PyErr_SetInterruptEx(SIGINT));
    printf("then check: %d\n", PyErr_CheckSignals());
    show_exc("PyErr_SetInterruptEx");
    printf("SetInterruptEx(0): %d, (-1): %d, (100000): %d\n", PyErr_SetInterruptEx(0),
           PyErr_SetInterruptEx(-1), PyErr_SetInterruptEx(100000));
    printf("SetInterruptEx(SIGUSR1) (default handler, ignored): %d\n",
           PyErr_SetInterruptEx(SIGUSR1));
    printf("check: %d\n", PyErr_CheckSignals());

    printf("occurred, nothing pending: %d\n", PyOS_InterruptOccurred());
    raise(SIGINT);
    printf("occurred after raise: %d\n", PyOS_InterruptOccurred());
    /* CPython keeps its "some signal tripped" flag until a check. */
    printf("check after occurred: %d\n", PyErr_CheckSignals());

    /* Python loops stopped by a SIGINT simulated from another thread. */
    run_interrupted("loop", "i = 0\nwhile True:\n    i += 1\n");
    run_interrupted("caught in Python",
                    "r = []\n"
                    "try:\n"
                    "    while True:\n"
                    "        pass\n"
                    "except KeyboardInterrupt as e:\n"
                    "    r.append((type(e).__name__, e.args))\n");

    /* SIGPIPE is ignored: a write to a pipe without a reader fails. */
    int fds[2];
    if (pipe(fds) == 0) {
        close(fds[0]);
        ssize_t n = write(fds[1], "x", 1);
        printf("write to a closed pipe: %zd, EPIPE: %d\n", n, n < 0 && errno == EPIPE);
        close(fds[1]);
    }
    return ctest_finish();
}
