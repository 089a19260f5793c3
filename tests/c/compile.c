/*
 * compile.c -- compiling from C (issue 13, part 2): Py_CompileString,
 * Py_CompileStringExFlags and Py_CompileStringObject in the three modes,
 * every field of the code objects they make (recursively through
 * co_consts), co_lines() and co_positions(), PyCode_Addr2Location and
 * PyCode_Addr2Line, PyCode_Get*, name interning, code equality and
 * hashing, inherited future flags, refused flags and start symbols, and
 * SyntaxError/IndentationError/TabError objects with their fields.
 */
#include "ctest.h"

static void hex(const char *label, PyObject *b)
{
    printf("  %s:", label);
    if (b == NULL || !PyBytes_Check(b)) {
        printf(" <not bytes>\n");
        PyErr_Clear();
        return;
    }
    const unsigned char *p = (const unsigned char *)PyBytes_AS_STRING(b);
    for (Py_ssize_t i = 0; i < PyBytes_GET_SIZE(b); i++)
        printf("%s%02x", i ? "" : " ", p[i]);
    printf("\n");
}

static void attr_int(PyObject *co, const char *name)
{
    PyObject *v = PyObject_GetAttrString(co, name);
    printf("  %s: %ld\n", name, v ? PyLong_AsLong(v) : -999L);
    Py_XDECREF(v);
    PyErr_Clear();
}

static void attr_repr(PyObject *co, const char *name)
{
    char label[64];
    snprintf(label, sizeof label, "  %s", name);
    show_new(label, PyObject_GetAttrString(co, name));
}

static void iterate(const char *label, PyObject *co, const char *meth)
{
    PyObject *it = PyObject_CallMethod(co, meth, NULL);
    printf("  %s:", label);
    if (it == NULL) {
        printf("\n");
        show_exc("  error");
        return;
    }
    PyObject *item;
    while ((item = PyIter_Next(it)) != NULL) {
        PyObject *r = PyObject_Repr(item);
        printf(" ");
        ctest_write_str(r);
        Py_XDECREF(r);
        Py_DECREF(item);
    }
    printf("\n");
    Py_DECREF(it);
    CHECK_NOERR();
}

static void dump(PyObject *co, int depth);

static void dump_consts(PyObject *co, int depth)
{
    PyObject *consts = PyObject_GetAttrString(co, "co_consts");
    if (consts == NULL) {
        show_exc("  co_consts");
        return;
    }
    for (Py_ssize_t i = 0; i < PyTuple_Size(consts); i++) {
        PyObject *c = PyTuple_GetItem(consts, i);
        if (PyCode_Check(c)) {
            printf("  const %zd: <code>\n", i);
            dump(c, depth + 1);
        }
        else {
            char label[32];
            snprintf(label, sizeof label, "  const %zd", i);
            printf("%s type %s\n", label, Py_TYPE(c)->tp_name);
            show(label, c);
        }
    }
    Py_DECREF(consts);
}

static void names_interned(PyObject *co, const char *name)
{
    PyObject *t = PyObject_GetAttrString(co, name);
    int all = 1;
    for (Py_ssize_t i = 0; t && i < PyTuple_Size(t); i++)
        all &= PyUnicode_CHECK_INTERNED(PyTuple_GetItem(t, i)) != 0;
    printf("  %s interned: %d\n", name, all);
    Py_XDECREF(t);
}

static void dump(PyObject *co, int depth)
{
    PyObject *name = PyObject_GetAttrString(co, "co_name");
    printf("code %d ", depth);
    ctest_write_str(name);
    printf("\n");
    printf("  co_name interned: %d\n", PyUnicode_CHECK_INTERNED(name) != 0);
    Py_XDECREF(name);
    attr_repr(co, "co_qualname");
    attr_repr(co, "co_filename");
    attr_int(co, "co_argcount");
    attr_int(co, "co_posonlyargcount");
    attr_int(co, "co_kwonlyargcount");
    attr_int(co, "co_nlocals");
    attr_int(co, "co_stacksize");
    attr_int(co, "co_flags");
    attr_int(co, "co_firstlineno");
    PyObject *b = PyObject_GetAttrString(co, "co_code");
    hex("co_code", b);
    PyObject *b2 = PyCode_GetCode((PyCodeObject *)co);
    printf("  PyCode_GetCode == co_code: %d\n",
           b && b2 && PyObject_RichCompareBool(b, b2, Py_EQ) == 1);
    Py_XDECREF(b);
    Py_XDECREF(b2);
    attr_repr(co, "co_names");
    attr_repr(co, "co_varnames");
    attr_repr(co, "co_cellvars");
    attr_repr(co, "co_freevars");
    show_new("  PyCode_GetVarnames", PyCode_GetVarnames((PyCodeObject *)co));
    show_new("  PyCode_GetCellvars", PyCode_GetCellvars((PyCodeObject *)co));
    show_new("  PyCode_GetFreevars", PyCode_GetFreevars((PyCodeObject *)co));
    names_interned(co, "co_names");
    names_interned(co, "co_varnames");
    b = PyObject_GetAttrString(co, "co_linetable");
    hex("co_linetable", b);
    Py_XDECREF(b);
    b = PyObject_GetAttrString(co, "co_exceptiontable");
    hex("co_exceptiontable", b);
    Py_XDECREF(b);
    iterate("co_lines", co, "co_lines");
    iterate("co_positions", co, "co_positions");
    Py_ssize_t n = PyBytes_Size(PyCode_GetCode((PyCodeObject *)co));
    Py_DECREF(PyCode_GetCode((PyCodeObject *)co)); /* balance the call above */
    printf("  Addr2Location:");
    for (int addr = -2; addr < n; addr += 4) {
        int l, c, el, ec;
        int r = PyCode_Addr2Location((PyCodeObject *)co, addr, &l, &c, &el, &ec);
        printf(" %d:%d(%d,%d,%d,%d)/%d", addr, r, l, c, el, ec, PyCode_Addr2Line((PyCodeObject *)co, addr));
    }
    printf("\n");
    dump_consts(co, depth);
}

static const char *module_src =
    "import os, sys as system\n"
    "BIG = 12345678901234567890123456789\n"
    "NEG = -1\n"
    "F = (1.5, -0.0, 1e300 * 10, 'text', b'by\\x00tes', None, True, ..., 'd\\u00e9j\\u00e0')\n"
    "S = '\\ud800'\n"
    "def f(a, /, b=2, *args, c, d=4, **kw):\n"
    "    '''doc'''\n"
    "    x = a + b\n"
    "    def g():\n"
    "        nonlocal x\n"
    "        x += 1\n"
    "        return x, c\n"
    "    try:\n"
    "        return [i * x for i in args]\n"
    "    except (KeyError, ValueError) as e:\n"
    "        raise RuntimeError('boom') from e\n"
    "    finally:\n"
    "        print(x)\n"
    "class C(object):\n"
    "    attr = 'name_chars'\n"
    "    def m(self):\n"
    "        return __class__, self.attr\n"
    "async def co():\n"
    "    async with system as s:\n"
    "        await s\n"
    "lam = lambda q: q ** 2\n";

static void equality(void)
{
    PyObject *a = Py_CompileString(module_src, "m.py", Py_file_input);
    PyObject *b = Py_CompileString(module_src, "m.py", Py_file_input);
    PyObject *c = Py_CompileString("x = 1\n", "m.py", Py_file_input);
    PyObject *d = Py_CompileString("x = 1\n", "other.py", Py_file_input);
    PyObject *e = Py_CompileString("x = 2\n", "m.py", Py_file_input);
    PyObject *f = Py_CompileString("x = 1.0\n", "m.py", Py_file_input);
    PyObject *g = Py_CompileString("x = 1\n\n", "m.py", Py_file_input);
    PyObject *z1 = Py_CompileString("x = 0.0\n", "m.py", Py_file_input);
    PyObject *z2 = Py_CompileString("x = -0.0\n", "m.py", Py_file_input);
    printf("a is b: %d\n", a == b);
    printf("a == b: %d\n", PyObject_RichCompareBool(a, b, Py_EQ));
    printf("hash(a) == hash(b): %d\n", PyObject_Hash(a) == PyObject_Hash(b));
    printf("a != b: %d\n", PyObject_RichCompareBool(a, b, Py_NE));
    printf("a == c: %d\n", PyObject_RichCompareBool(a, c, Py_EQ));
    printf("c == d (filename ignored): %d\n", PyObject_RichCompareBool(c, d, Py_EQ));
    printf("c == e (consts): %d\n", PyObject_RichCompareBool(c, e, Py_EQ));
    printf("c == f (1 vs 1.0): %d\n", PyObject_RichCompareBool(c, f, Py_EQ));
    printf("c == g (same lines): %d\n", PyObject_RichCompareBool(c, g, Py_EQ));
    printf("z1 == z2 (0.0 vs -0.0): %d\n", PyObject_RichCompareBool(z1, z2, Py_EQ));
    printf("c == 1: %d\n", PyObject_RichCompareBool(c, Py_True, Py_EQ));
    PyObject *lt = PyObject_RichCompare(c, d, Py_LT);
    show_new("c < d", lt);
    Py_XDECREF(a);
    Py_XDECREF(b);
    Py_XDECREF(c);
    Py_XDECREF(d);
    Py_XDECREF(e);
    Py_XDECREF(f);
    Py_XDECREF(g);
    Py_XDECREF(z1);
    Py_XDECREF(z2);
}

static void syntax_error(const char *label, const char *src, int start)
{
    PyObject *co = Py_CompileString(src, "bad.py", start);
    if (co != NULL) {
        printf("%s: compiled\n", label);
        Py_DECREF(co);
        return;
    }
    PyObject *exc = PyErr_GetRaisedException();
    printf("%s: %s", label, Py_TYPE(exc)->tp_name);
    const char *fields[] = {"msg", "filename", "lineno", "offset", "text", "end_lineno", "end_offset"};
    for (int i = 0; i < 7; i++) {
        PyObject *v = PyObject_GetAttrString(exc, fields[i]);
        PyObject *r = v ? PyObject_Repr(v) : NULL;
        printf(" %s=", fields[i]);
        if (r)
            ctest_write_str(r);
        else
            PyErr_Clear();
        Py_XDECREF(r);
        Py_XDECREF(v);
    }
    printf("\n");
    Py_DECREF(exc);
}

int main(void)
{
    Py_Initialize();
    printf("start symbols: %d %d %d %d\n", Py_single_input, Py_file_input, Py_eval_input, Py_func_type_input);
    printf("PyCF: %x %x %x %x %x %x\n", PyCF_SOURCE_IS_UTF8, PyCF_DONT_IMPLY_DEDENT, PyCF_ONLY_AST,
           PyCF_IGNORE_COOKIE, PyCF_ALLOW_INCOMPLETE_INPUT, PyCF_MASK);

    PyObject *co = Py_CompileString(module_src, "m.py", Py_file_input);
    if (co == NULL)
        show_exc("module");
    else {
        dump(co, 0);
        Py_DECREF(co);
    }

    co = Py_CompileStringExFlags("a + 1 if b else [c, *d]", "<eval>", Py_eval_input, NULL, 0);
    if (co) { dump(co, 0); Py_DECREF(co); } else show_exc("eval");

    co = Py_CompileStringExFlags("x = 5\n", "<single>", Py_single_input, NULL, -1);
    if (co) { dump(co, 0); Py_DECREF(co); } else show_exc("single");
    co = Py_CompileString("42\n", "<single>", Py_single_input);
    if (co) { dump(co, 0); Py_DECREF(co); } else show_exc("single expr");

    PyObject *fname = PyUnicode_FromString("obj.py");
    co = Py_CompileStringObject("def h(): yield 1\n", fname, Py_file_input, NULL, -1);
    if (co) { dump(co, 0); Py_DECREF(co); } else show_exc("object");

    PyCompilerFlags flags = {CO_FUTURE_DIVISION | CO_FUTURE_GENERATOR_STOP, 12};
    co = Py_CompileStringObject("def k(): pass\n", fname, Py_file_input, &flags, -1);
    if (co) { dump(co, 0); Py_DECREF(co); } else show_exc("future flags");
    printf("flags after: %x\n", flags.cf_flags);

    co = Py_CompileString("from __future__ import annotations\ndef a(x: int) -> str: pass\n", "fut.py", Py_file_input);
    if (co) { dump(co, 0); Py_DECREF(co); } else show_exc("future import");

    flags.cf_flags = PyCF_DONT_IMPLY_DEDENT | PyCF_ALLOW_INCOMPLETE_INPUT;
    co = Py_CompileStringObject("if x:\n    y\n", fname, Py_single_input, &flags, -1);
    show_int("dont imply dedent, allow incomplete: compiled", co != NULL);
    Py_XDECREF(co);
    PyErr_Clear();

    co = Py_CompileString("# -*- coding: latin-1 -*-\ns = '\xe9'\n", "latin.py", Py_file_input);
    if (co) {
        PyObject *consts = PyObject_GetAttrString(co, "co_consts");
        show("latin-1 cookie consts", consts);
        Py_XDECREF(consts);
        Py_DECREF(co);
    } else show_exc("latin-1 cookie");

    flags.cf_flags = PyCF_ONLY_AST;
    co = Py_CompileStringObject("x = 1\n", fname, Py_file_input, &flags, -1);
    printf("PyCF_ONLY_AST: %s\n", co ? Py_TYPE(co)->tp_name : "NULL");
    Py_XDECREF(co);
    PyErr_Clear();

    show_new("func_type start", Py_CompileString("(int) -> str", "ft", Py_func_type_input));
    Py_DECREF(fname);

    equality();

    syntax_error("unclosed", "x = (", Py_file_input);
    syntax_error("dangling op", "x = 1 +\n", Py_file_input);
    syntax_error("no indent", "def f():\nreturn 1\n", Py_file_input);
    syntax_error("return outside", "return 1\n", Py_file_input);
    syntax_error("two names", "a b\n", Py_file_input);
    syntax_error("unexpected indent", " x\n", Py_file_input);
    syntax_error("tabs", "if x:\n\tpass\n        pass\n", Py_file_input);
    syntax_error("assign literal", "1 = 2\n", Py_file_input);
    syntax_error("eval statement", "x = 1", Py_eval_input);
    syntax_error("single two statements", "x = 1\ny = 2\n", Py_single_input);
    syntax_error("break outside", "break\n", Py_file_input);

    /* code.replace() */
    {
        PyObject *m = Py_CompileString("def f(a, b):\n    return a + b\n", "r.py", Py_file_input);
        PyObject *consts = PyObject_GetAttrString(m, "co_consts");
        PyObject *fc = PyTuple_GetItem(consts, 0);
        PyObject *meth = PyObject_GetAttrString(fc, "replace");
        PyObject *empty = PyTuple_New(0);
        PyObject *same = PyObject_Call(meth, empty, NULL);
        printf("replace() == original: %d\n", same ? PyObject_RichCompareBool(same, fc, Py_EQ) : -1);
        Py_XDECREF(same);
        PyObject *kw = Py_BuildValue("{ssss}", "co_name", "g", "co_qualname", "G.g");
        PyObject *g = PyObject_Call(meth, empty, kw);
        Py_DECREF(kw);
        if (g) {
            show_new("replace name", PyObject_GetAttrString(g, "co_name"));
            show_new("replace qualname", PyObject_GetAttrString(g, "co_qualname"));
            show_new("replace varnames", PyObject_GetAttrString(g, "co_varnames"));
            printf("replace name == original: %d\n", PyObject_RichCompareBool(g, fc, Py_EQ));
            Py_DECREF(g);
        }
        else
            show_exc("replace name");
        const char *bad[][2] = {{"co_name", "i"}, {"co_code", "s"}, {"co_consts", "i"}, {"co_flags", "s"}};
        for (int i = 0; i < 4; i++) {
            kw = bad[i][1][0] == 'i' ? Py_BuildValue("{si}", bad[i][0], 1) : Py_BuildValue("{ss}", bad[i][0], "x");
            show_new(bad[i][0], PyObject_Call(meth, empty, kw));
            Py_DECREF(kw);
        }
        kw = Py_BuildValue("{sN}", "co_code", PyBytes_FromStringAndSize("\x97", 1));
        show_new("odd co_code", PyObject_Call(meth, empty, kw));
        Py_DECREF(kw);
        kw = Py_BuildValue("{sN}", "co_varnames", PyTuple_New(0));
        show_new("too few varnames", PyObject_Call(meth, empty, kw));
        Py_DECREF(kw);
        kw = Py_BuildValue("{sN}", "co_consts", Py_BuildValue("(is)", 7, "seven"));
        PyObject *h = PyObject_Call(meth, empty, kw);
        Py_DECREF(kw);
        show_new("replace consts", h ? PyObject_GetAttrString(h, "co_consts") : NULL);
        Py_XDECREF(h);
        PyObject *one = Py_BuildValue("(i)", 1);
        show_new("positional", PyObject_Call(meth, one, NULL));
        Py_DECREF(one);
        kw = Py_BuildValue("{si}", "co_bogus", 1);
        show_new("unknown keyword", PyObject_Call(meth, empty, kw));
        Py_DECREF(kw);
        Py_DECREF(empty);
        Py_DECREF(meth);
        Py_DECREF(consts);
        Py_DECREF(m);
    }

    return ctest_finish();
}
