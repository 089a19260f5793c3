/* rpds-py 0.20.0 (PyO3, cp312): persistent collections imported through
 * the package's own __init__.py (`from .rpds import *`): HashTrieMap,
 * HashTrieSet, List and Queue, their updates returning new objects, the
 * Mapping/Set views, equality, hashing of immutable maps, and errors.
 * wheel: rpds-py==0.20.0
 * path: .
 */
#include "ext.h"

static void run(PyObject *g, const char *src)
{
    PyObject *r = PyRun_String(src, Py_file_input, g, g);
    if (r == NULL) {
        printf("%s\n", src);
        show("  raised", NULL);
    }
    Py_XDECREF(r);
}

int main(void)
{
    Py_Initialize();
    PyObject *m = ext_import("rpds");
    fflush(stdout);
    PyObject *g = PyDict_New();
    PyDict_SetItemString(g, "__builtins__", PyEval_GetBuiltins());
    PyDict_SetItemString(g, "rpds", m);
    run(g,
        "from rpds import HashTrieMap, HashTrieSet, List, Queue\n"
        "m = HashTrieMap({'a': 1}).insert('b', 2)\n"
        "m2 = m.remove('a')\n"
        "print(sorted(m.items()), sorted(m2.keys()), len(m), len(m2), m['b'], m.get('z', 0))\n"
        "print(m == HashTrieMap(a=1, b=2), 'a' in m, 'a' in m2)\n"
        "print(hash(HashTrieMap({'x': 1})) == hash(HashTrieMap({'x': 1})))\n"
        "print(sorted(m.update({'c': 3}).values()), sorted(m.discard('zz').keys()))\n"
        "s = HashTrieSet([1, 2]).insert(3)\n"
        "print(sorted(s), sorted(s | HashTrieSet([9])), sorted(s & HashTrieSet([2, 3, 4])),\n"
        "      sorted(s - HashTrieSet([1])), 2 in s, len(s.remove(1)))\n"
        "l = List([1, 2, 3]).push_front(0)\n"
        "print(l, list(l.rest), l.first, list(reversed(l)), l == List([0, 1, 2, 3]))\n"
        "q = Queue([1, 2]).enqueue(3)\n"
        "print(list(q), q.peek, list(q.dequeue()), q.is_empty, len(q))\n"
        "print(type(m).__name__, type(s).__name__, type(l).__name__, type(q).__name__)\n"
        "for f in (lambda: m['nope'], lambda: m.remove('nope'), lambda: HashTrieSet([1]).remove(5),\n"
        "          lambda: List([]).first, lambda: Queue([]).peek, lambda: HashTrieMap({[]: 1})):\n"
        "    try:\n"
        "        f()\n"
        "    except Exception as e:\n"
        "        print(type(e).__name__, e)\n"
        "import sys\n"
        "sys.stdout.flush()\n");
    Py_DECREF(g);
    Py_DECREF(m);
    CHECK_NOERR();
    return ctest_finish();
}
