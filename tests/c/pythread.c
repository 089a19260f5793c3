/*
 * pythread.c -- pythread.h: locks (non-blocking, timed, released by
 * another thread), threads started from C, thread identities,
 * thread-specific storage (static and allocated keys, per-thread values),
 * the deprecated int keys, stack sizes, and PyInterpreterState_GetDict.
 */
#include "ctest.h"
#include <pthread.h>
#include <unistd.h>

static PyThread_type_lock lock, done;
static Py_tss_t static_key = Py_tss_NEEDS_INIT;
static unsigned long child_ident, child_native;
static void *child_value;
static int child_acquired;

static void child(void *arg)
{
    child_ident = PyThread_get_thread_ident();
    child_native = PyThread_get_thread_native_id();
    child_value = PyThread_tss_get(&static_key);
    PyThread_tss_set(&static_key, arg);
    /* the main thread holds `lock`: release it from here */
    PyThread_release_lock(lock);
    child_acquired = PyThread_acquire_lock_timed(done, 10 * 1000 * 1000, 0);
    PyThread_release_lock(done);
    PyThread_release_lock(lock);
}

static void exiting_child(void *arg)
{
    (void)arg;
    PyThread_release_lock(done);
    PyThread_exit_thread();
}

int main(void)
{
    Py_Initialize();
    PyThread_init_thread();
    printf("constants: %d %d %d %d %d %d\n", WAIT_LOCK, NOWAIT_LOCK, PY_LOCK_FAILURE,
           PY_LOCK_ACQUIRED, PY_LOCK_INTR, PY_TIMEOUT_MAX == LLONG_MAX / 1000);
    printf("invalid id: %d\n", PYTHREAD_INVALID_THREAD_ID == (unsigned long)-1);
    printf("ident is pthread_self: %d\n", PyThread_get_thread_ident() == (unsigned long)pthread_self());
    printf("native id is the pid on the main thread: %d\n",
           PyThread_get_thread_native_id() == (unsigned long)getpid());

    lock = PyThread_allocate_lock();
    done = PyThread_allocate_lock();
    printf("allocated: %d %d\n", lock != NULL, done != NULL);
    printf("acquire nowait: %d\n", PyThread_acquire_lock(lock, NOWAIT_LOCK));
    printf("again nowait: %d\n", PyThread_acquire_lock(lock, NOWAIT_LOCK));
    printf("timed 0: %d\n", PyThread_acquire_lock_timed(lock, 0, 0));
    printf("timed 20ms: %d\n", PyThread_acquire_lock_timed(lock, 20000, 0));
    PyThread_release_lock(lock);
    printf("after release: %d\n", PyThread_acquire_lock(lock, WAIT_LOCK));
    PyThread_acquire_lock(done, WAIT_LOCK);

    printf("tss static created: %d\n", PyThread_tss_is_created(&static_key));
    printf("tss create: %d\n", PyThread_tss_create(&static_key));
    printf("tss created: %d\n", PyThread_tss_is_created(&static_key));
    printf("tss create again: %d\n", PyThread_tss_create(&static_key));
    printf("tss set: %d\n", PyThread_tss_set(&static_key, (void *)0x1234));
    printf("tss get: %p\n", PyThread_tss_get(&static_key));

    unsigned long id = PyThread_start_new_thread(child, (void *)0x5678);
    printf("started: %d\n", id != PYTHREAD_INVALID_THREAD_ID);
    /* the child releases `lock`, which this thread holds */
    printf("released by the child: %d\n", PyThread_acquire_lock_timed(lock, 10 * 1000 * 1000, 0));
    printf("child ident differs: %d, equals the start result: %d\n",
           child_ident != PyThread_get_thread_ident(), child_ident == id);
    printf("child native id differs: %d\n", child_native != PyThread_get_thread_native_id());
    printf("child saw no value: %d\n", child_value == NULL);
    PyThread_release_lock(lock);
    PyThread_release_lock(done);
    /* wait until the child is finished with both locks */
    for (int i = 0; i < 1000 && !child_acquired; i++)
        usleep(1000);
    PyThread_acquire_lock(lock, WAIT_LOCK);
    printf("child got done: %d\n", child_acquired);
    printf("main value kept: %p\n", PyThread_tss_get(&static_key));
    PyThread_release_lock(lock);

    PyThread_acquire_lock(done, WAIT_LOCK);
    id = PyThread_start_new_thread(exiting_child, NULL);
    printf("exiting child ran: %d\n", PyThread_acquire_lock_timed(done, 10 * 1000 * 1000, 0));
    PyThread_release_lock(done);

    PyThread_tss_delete(&static_key);
    printf("tss deleted: %d\n", PyThread_tss_is_created(&static_key));
    PyThread_tss_delete(&static_key);
    Py_tss_t *k = PyThread_tss_alloc();
    printf("tss alloc: %d %d\n", k != NULL, PyThread_tss_is_created(k));
    printf("tss create: %d\n", PyThread_tss_create(k));
    printf("tss set: %d\n", PyThread_tss_set(k, (void *)0x42));
    printf("tss get: %p\n", PyThread_tss_get(k));
    PyThread_tss_free(k);

    _Pragma("GCC diagnostic push")
    _Pragma("GCC diagnostic ignored \"-Wdeprecated-declarations\"")
    int key = PyThread_create_key();
    printf("int key: %d\n", key >= 0);
    printf("unset: %p\n", PyThread_get_key_value(key));
    printf("set: %d\n", PyThread_set_key_value(key, (void *)0x99));
    printf("get: %p\n", PyThread_get_key_value(key));
    PyThread_delete_key_value(key);
    printf("deleted value: %p\n", PyThread_get_key_value(key));
    PyThread_delete_key(key);
    PyThread_ReInitTLS();
    _Pragma("GCC diagnostic pop")

    printf("stacksize: %zu\n", PyThread_get_stacksize());
    printf("set 100: %d\n", PyThread_set_stacksize(100));
    printf("set 1MiB: %d\n", PyThread_set_stacksize(1 << 20));
    printf("stacksize: %zu\n", PyThread_get_stacksize());
    PyThread_acquire_lock(done, WAIT_LOCK);
    PyThread_start_new_thread(exiting_child, NULL);
    printf("thread with a 1MiB stack ran: %d\n",
           PyThread_acquire_lock_timed(done, 10 * 1000 * 1000, 0));
    printf("set 0: %d\n", PyThread_set_stacksize(0));
    printf("stacksize: %zu\n", PyThread_get_stacksize());

    PyThread_free_lock(lock);
    PyThread_free_lock(done);

    PyInterpreterState *interp = PyInterpreterState_Get();
    PyObject *d = PyInterpreterState_GetDict(interp);
    printf("interp dict: %s, same again: %d\n", d ? Py_TYPE(d)->tp_name : "NULL",
           d == PyInterpreterState_GetDict(interp));
    PyDict_SetItemString(d, "x", Py_None);
    printf("kept: %d\n", PyDict_GetItemString(PyInterpreterState_GetDict(interp), "x") == Py_None);
    return ctest_finish();
}
