/* Heap subclasses of dict, list and tuple made with PyType_FromSpecWithBases:
 * instantiation, type checks, and slots inherited from the base tables. */
#include <Python.h>
static PyType_Slot slots[] = {{0, NULL}};
static void show(const char *l, PyObject *o) { if (!o) { PyObject *e = PyErr_GetRaisedException(); PyObject *s = PyObject_Str(e); printf("%s: NULL %s: %s\n", l, Py_TYPE(e)->tp_name, PyUnicode_AsUTF8(s)); Py_DECREF(s); Py_DECREF(e); return; } PyObject *r = PyObject_Repr(o); printf("%s: %s\n", l, PyUnicode_AsUTF8(r)); Py_DECREF(r); Py_DECREF(o); }
int main(void) {
  Py_Initialize();
  const char *names[] = {"sub.D", "sub.L", "sub.T"};
  PyTypeObject *bases[] = {&PyDict_Type, &PyList_Type, &PyTuple_Type};
  for (int i = 0; i < 3; i++) {
    PyType_Spec spec = {names[i], 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, slots};
    PyObject *T = PyType_FromSpecWithBases(&spec, (PyObject *)bases[i]);
    show("type", Py_NewRef(T));
    PyObject *arg = Py_BuildValue("([ii])", 1, 2);
    if (i == 0) { Py_DECREF(arg); arg = Py_BuildValue("([(si)])", "a", 1); }
    PyObject *o = PyObject_CallObject(T, arg);
    show("instance", Py_XNewRef(o));
    if (o) { printf("check: %d %d %d exact: %d\n", PyDict_Check(o), PyList_Check(o), PyTuple_Check(o), PyDict_CheckExact(o) || PyList_CheckExact(o) || PyTuple_CheckExact(o)); printf("len: %zd\n", PyObject_Size(o)); Py_DECREF(o); }
    Py_DECREF(arg);
    Py_DECREF(T);
  }
  return Py_FinalizeEx();
}
