/*
 * capicmp.c -- compiles every file named on stdin through the C API
 * (Py_CompileStringExFlags, optimize 0) and prints, per file, the length
 * and FNV-1a hash of PyMarshal_WriteObjectToString(code, 4), or the
 * exception; the total compile time goes to stderr. Built against CPython
 * 3.12.1 and against Ophis, the two outputs compare every code object of a
 * corpus byte for byte (marshal data holds every field, and reference
 * flags that follow CPython's object sharing). DUMP=file writes the last
 * file's marshal data, to find the first differing byte.
 *
 *   P=$(pyenv prefix 3.12.1); D=$CARGO_TARGET_DIR/dist
 *   gcc -O2 -I$P/include/python3.12 capicmp.c -L$P/lib -lpython3.12 -Wl,-rpath,$P/lib -o cpy
 *   gcc -O2 -I$D/include capicmp.c -L$D/lib -lophis -Wl,-rpath,$D/lib -o oph
 *   find $P/lib/python3.12 -name '*.py' -not -path '*\/test\/*' -not -path '*\/site-packages\/*' | sort > list
 *   ./cpy < list > cpy.out; ./oph < list > oph.out; diff cpy.out oph.out
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <marshal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int main(void)
{
    Py_Initialize();
    char path[4096];
    double total = 0;
    while (fgets(path, sizeof path, stdin)) {
        path[strcspn(path, "\n")] = 0;
        FILE *f = fopen(path, "rb");
        if (!f) continue;
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        rewind(f);
        char *buf = malloc(n + 1);
        n = (long)fread(buf, 1, n, f);
        buf[n] = 0;
        fclose(f);
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        PyObject *co = Py_CompileStringExFlags(buf, path, Py_file_input, NULL, 0);
        clock_gettime(CLOCK_MONOTONIC, &b);
        total += (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
        free(buf);
        if (co == NULL) {
            PyObject *e = PyErr_GetRaisedException();
            PyObject *s = PyObject_Str(e);
            printf("%s ERR %s %s\n", path, Py_TYPE(e)->tp_name, s ? PyUnicode_AsUTF8(s) : "?");
            PyErr_Clear();
            Py_XDECREF(s);
            Py_DECREF(e);
            continue;
        }
        PyObject *d = PyMarshal_WriteObjectToString(co, 4);
        if (d == NULL) {
            printf("%s MARSHALERR\n", path);
            PyErr_Clear();
        } else {
            unsigned long long h = 1469598103934665603ULL;
            for (Py_ssize_t i = 0; i < PyBytes_GET_SIZE(d); i++) {
                h ^= (unsigned char)PyBytes_AS_STRING(d)[i];
                h *= 1099511628211ULL;
            }
            printf("%s %zd %016llx\n", path, PyBytes_GET_SIZE(d), h);
            if (getenv("DUMP")) { FILE *o = fopen(getenv("DUMP"), "wb"); fwrite(PyBytes_AS_STRING(d), 1, PyBytes_GET_SIZE(d), o); fclose(o); }
            Py_DECREF(d);
        }
        Py_DECREF(co);
    }
    fprintf(stderr, "compile time: %.3f s\n", total);
    Py_FinalizeEx();
    return 0;
}
