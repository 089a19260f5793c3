/* bcrypt 4.2.0 (PyO3, abi3): hashpw with a fixed salt (deterministic),
 * checkpw right and wrong, kdf, gensalt's shape, and the errors PyO3
 * raises for bad arguments.
 * wheel: bcrypt==4.2.0
 * path: bcrypt
 */
#include "ext.h"

int main(void)
{
    Py_Initialize();
    PyObject *m = ext_import("_bcrypt");
    PyObject *h = PyObject_CallMethod(m, "hashpw", "yy", "correct horse", "$2b$04$abcdefghijklmnopqrstuu");
    show("hashpw", h);
    CALL("checkpw right", m, "checkpw", "yO", "correct horse", h);
    CALL("checkpw wrong", m, "checkpw", "yO", "battery staple", h);
    Py_XDECREF(h);
    CALL("hashpw $2a$", m, "hashpw", "yy", "x", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.");
    CALL("kdf", m, "kdf", "yyiiO", "password", "salt", 16, 4, Py_False);
    CALL("kdf with an int flag", m, "kdf", "yyiii", "password", "salt", 16, 4, 0);
    PyObject *salt = PyObject_CallMethod(m, "gensalt", "iy", 5, "2b");
    if (salt != NULL) {
        printf("gensalt: len=%zd prefix=%.7s\n", PyBytes_Size(salt), PyBytes_AsString(salt));
        Py_DECREF(salt);
    }
    else
        show("gensalt", NULL);
    CALL("gensalt bad prefix", m, "gensalt", "iy", 5, "3x");
    CALL("hashpw bad salt", m, "hashpw", "yy", "x", "nope");
    CALL("hashpw str password", m, "hashpw", "sy", "x", "$2b$04$abcdefghijklmnopqrstuu");
    CALL("kdf zero rounds", m, "kdf", "yyiiO", "password", "salt", 16, 0, Py_False);
    CALL("hashpw missing argument", m, "hashpw", "y", "x");
    Py_DECREF(m);
    return ctest_finish();
}
