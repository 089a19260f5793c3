/*
 * profile_all_threads -- PyEval_SetProfileAllThreads installing a no-op C
 * profile hook, then removing it (PyEval_SetProfileAllThreads(NULL, NULL)),
 * with 16 other threads parked: each has its own thread state
 * (PyGILState_Ensure) and waits on a condition variable with the GIL
 * released (Py_BEGIN_ALLOW_THREADS), so the interpreter has 17 thread
 * states and every install or removal walks them all.  One operation is
 * an install and a removal.  No Python code runs while the hook is on.
 *
 * The teardown checks, between two operations, that every parked thread
 * got the hook (c_profilefunc of each thread state), so a runtime that set
 * only the current thread could not look fast.
 */
#define BENCH_NAME "profile_all_threads"
/* an operation takes microseconds: 200,000 per repetition, not 5,000,000 */
#define BENCH_DEFAULT_ITERS 200000L
#include "bench.h"

#include <pthread.h>

#define N_THREADS 16

static pthread_t threads[N_THREADS];
static PyThreadState *states[N_THREADS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int parked, stop;

static int pat_hook(PyObject *obj, PyFrameObject *frame, int what, PyObject *arg)
{
    (void)obj;
    (void)frame;
    (void)what;
    (void)arg;
    return 0;
}

static void *parked_thread(void *arg)
{
    long k = (long)arg;
    PyGILState_STATE s = PyGILState_Ensure();
    states[k] = PyThreadState_Get();
    Py_BEGIN_ALLOW_THREADS
    pthread_mutex_lock(&lock);
    parked++;
    pthread_cond_broadcast(&cond);
    while (!stop)
        pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);
    Py_END_ALLOW_THREADS
    PyGILState_Release(s);
    return NULL;
}

static void bench_setup(void)
{
    Py_BEGIN_ALLOW_THREADS
    for (long k = 0; k < N_THREADS; k++) {
        if (pthread_create(&threads[k], NULL, parked_thread, (void *)k) != 0) {
            fprintf(stderr, "profile_all_threads: pthread_create failed\n");
            exit(1);
        }
    }
    pthread_mutex_lock(&lock);
    while (parked < N_THREADS)
        pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);
    Py_END_ALLOW_THREADS
}

BENCH_OP(i)
{
    PyEval_SetProfileAllThreads(pat_hook, NULL);
    PyEval_SetProfileAllThreads(NULL, NULL);
}

static void bench_teardown(void)
{
    int missing = 0;
    PyEval_SetProfileAllThreads(pat_hook, NULL);
    for (int k = 0; k < N_THREADS; k++)
        missing += states[k]->c_profilefunc != pat_hook;
    missing += PyThreadState_Get()->c_profilefunc != pat_hook;
    PyEval_SetProfileAllThreads(NULL, NULL);
    for (int k = 0; k < N_THREADS; k++)
        missing += states[k]->c_profilefunc != NULL;
    if (missing) {
        fprintf(stderr, "profile_all_threads: %d thread states not set as asked\n", missing);
        exit(1);
    }
    Py_BEGIN_ALLOW_THREADS
    pthread_mutex_lock(&lock);
    stop = 1;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
    for (int k = 0; k < N_THREADS; k++)
        pthread_join(threads[k], NULL);
    Py_END_ALLOW_THREADS
}
