/*
 * gil_contention -- the GIL under contention: 16 threads take and release
 * the GIL in a tight loop, each holding it only for a small piece of work
 * (PyLong_FromLong of a non-small value + Py_DECREF).  Two shapes:
 *
 *   gil16_ensure_release   each operation is PyGILState_Ensure / work /
 *                          PyGILState_Release on a thread with no thread
 *                          state of its own, so every operation also
 *                          creates and deletes one (a C library calling
 *                          back into Python from its own threads);
 *   gil16_allow_threads    each thread keeps its thread state (one outer
 *                          PyGILState_Ensure) and an operation is work /
 *                          Py_BEGIN_ALLOW_THREADS / Py_END_ALLOW_THREADS
 *                          (PyEval_SaveThread + PyEval_RestoreThread: the
 *                          pure handoff).
 *
 * The main thread releases the GIL, starts the 16 threads, which meet at a
 * barrier, and times from the barrier to the last join.  Output, per shape:
 *
 *     <shape> ns_per_op=<wall ns / operations>
 *     <shape> sys_ns_per_op=<system CPU ns / operations>
 *
 * where operations counts all threads together and the system time is
 * getrusage(RUSAGE_SELF).ru_stime over the same window (all threads of the
 * process: futex waits and wake-ups are where a GIL handoff spends it).
 * The wall figure is the minimum over the repetitions; the system figure is
 * the total over all repetitions divided by all their operations, since
 * the kernel accounts system time too coarsely for a minimum of short
 * windows to mean anything.
 *
 * Usage: prog [operations [repetitions]]
 *   operations   per shape and repetition, all threads together,
 *                default 1,600,000 (100,000 per thread: shorter runs
 *                measure thread start-up and scheduling noise)
 *   repetitions  default 3
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#define N_THREADS 16
#define DEFAULT_OPS 1600000L
#define DEFAULT_REPS 3L

static long per_thread;
static pthread_barrier_t start_line;

/* The work done while holding the GIL: one small heap object, made and
   dropped (1000 + i is outside the small-int cache on both runtimes). */
static void small_work(long i)
{
    PyObject *o = PyLong_FromLong(1000 + i);
    if (o == NULL) {
        fprintf(stderr, "gil_contention: PyLong_FromLong failed\n");
        exit(1);
    }
    Py_DECREF(o);
}

static void *ensure_release(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start_line);
    for (long i = 0; i < per_thread; i++) {
        PyGILState_STATE s = PyGILState_Ensure();
        small_work(i);
        PyGILState_Release(s);
    }
    return NULL;
}

static void *allow_threads(void *arg)
{
    (void)arg;
    PyGILState_STATE s = PyGILState_Ensure();
    /* wait for the others without the GIL, then start together */
    Py_BEGIN_ALLOW_THREADS
    pthread_barrier_wait(&start_line);
    Py_END_ALLOW_THREADS
    for (long i = 0; i < per_thread; i++) {
        small_work(i);
        Py_BEGIN_ALLOW_THREADS
        Py_END_ALLOW_THREADS
    }
    PyGILState_Release(s);
    return NULL;
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static double sys_ns(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_stime.tv_sec * 1e9 + (double)ru.ru_stime.tv_usec * 1e3;
}

static long arg_or(int argc, char **argv, int index, long dflt)
{
    char *end;
    long v;
    if (argc <= index)
        return dflt;
    v = strtol(argv[index], &end, 10);
    if (*end != '\0' || v <= 0) {
        fprintf(stderr, "gil_contention: argument %d must be a positive integer, got '%s'\n",
                index, argv[index]);
        exit(2);
    }
    return v;
}

/* One repetition of a shape: wall ns per operation and system ns in all.
   Called without the GIL. */
static void run_once(void *(*body)(void *), double *wall, double *sys)
{
    pthread_t th[N_THREADS];
    double t0, s0;
    /* the main thread joins the barrier too, so the clock starts when every
       thread is ready */
    pthread_barrier_init(&start_line, NULL, N_THREADS + 1);
    for (int t = 0; t < N_THREADS; t++) {
        if (pthread_create(&th[t], NULL, body, NULL) != 0) {
            fprintf(stderr, "gil_contention: pthread_create failed\n");
            exit(1);
        }
    }
    pthread_barrier_wait(&start_line);
    t0 = now_ns();
    s0 = sys_ns();
    for (int t = 0; t < N_THREADS; t++)
        pthread_join(th[t], NULL);
    *wall = (now_ns() - t0) / (double)(per_thread * N_THREADS);
    *sys = sys_ns() - s0;
    pthread_barrier_destroy(&start_line);
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        void *(*body)(void *);
    } shapes[] = {
        {"gil16_ensure_release", ensure_release},
        {"gil16_allow_threads", allow_threads},
    };
    long ops = arg_or(argc, argv, 1, DEFAULT_OPS);
    long reps = arg_or(argc, argv, 2, DEFAULT_REPS);
    PyThreadState *main_ts;

    per_thread = ops / N_THREADS > 0 ? ops / N_THREADS : 1;
    Py_Initialize();
    main_ts = PyEval_SaveThread();
    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
        double best_wall = -1, total_sys = 0;
        /* a short warm-up: thread creation, the allocator's first pools */
        long saved = per_thread;
        double w, s;
        per_thread = per_thread / 10 + 1;
        run_once(shapes[k].body, &w, &s);
        per_thread = saved;
        for (long r = 0; r < reps; r++) {
            run_once(shapes[k].body, &w, &s);
            if (best_wall < 0 || w < best_wall)
                best_wall = w;
            total_sys += s;
        }
        printf("%s ns_per_op=%.2f\n", shapes[k].name, best_wall);
        printf("%s sys_ns_per_op=%.2f\n", shapes[k].name,
               total_sys / (double)(per_thread * N_THREADS * reps));
        fflush(stdout);
    }
    PyEval_RestoreThread(main_ts);
    if (PyErr_Occurred()) {
        fprintf(stderr, "gil_contention: an exception was raised during the run\n");
        return 1;
    }
    if (Py_FinalizeEx() < 0)
        return 120;
    return 0;
}
