/*
 * eval_slots.c -- dunder methods defined in Python reach the C slots
 * (issue 14): the number protocol (every binary operator and its
 * reflected form, CPython's rule that a subclass overriding the reflected
 * method goes first, NotImplemented, in-place forms, three-argument pow,
 * unary operators, the int wrappers), __new__, __getattr__, __del__, and
 * the descriptor types property, classmethod and staticmethod, with
 * plain-function __init_subclass__ and __class_getitem__.
 */
#include "evaltest.h"

/* PyNumber_* on globals a, b, c (the forms with no builtin here yet). */
static void num(const char *label, const char *which)
{
    PyObject *a = PyDict_GetItemString(globals, "a");
    PyObject *b = PyDict_GetItemString(globals, "b");
    PyObject *c = PyDict_GetItemString(globals, "c");
    PyObject *r = NULL;
    if (!strcmp(which, "pow3"))
        r = PyNumber_Power(a, b, c);
    else if (!strcmp(which, "ipow3"))
        r = PyNumber_InPlacePower(a, b, c);
    else if (!strcmp(which, "abs"))
        r = PyNumber_Absolute(a);
    else if (!strcmp(which, "divmod"))
        r = PyNumber_Divmod(a, b);
    show_new(label, r);
}

#define OPS_CLASS \
    "class N:\n" \
    "    def __init__(self, v):\n        self.v = v\n" \
    "    def __repr__(self):\n        return 'N(%r)' % (self.v,)\n"

int main(void)
{
    Py_Initialize();

    /* The cases eval_classes.c could not run before. */
    run("dunders",
        "class V:\n"
        "    def __init__(self, *xs):\n        self.xs = list(xs)\n"
        "    def __repr__(self):\n        return 'V' + repr(tuple(self.xs))\n"
        "    def __eq__(self, other):\n        return isinstance(other, V) and self.xs == other.xs\n"
        "    def __hash__(self):\n        return hash(tuple(self.xs))\n"
        "    def __len__(self):\n        return len(self.xs)\n"
        "    def __getitem__(self, i):\n        return self.xs[i]\n"
        "    def __add__(self, o):\n        return V(*[a + b for a, b in zip(self.xs, o.xs)]) if False else V(*(self.xs + o.xs))\n"
        "    def __call__(self, k):\n        return k * len(self)\n"
        "    def __bool__(self):\n        return bool(self.xs)\n"
        "v = V(1, 2)\n"
        "r = (repr(v), v == V(1, 2), v != V(3), hash(v) == hash((1, 2)), len(v), v[1], v + V(3), v(10),\n"
        "     bool(V()), [x for x in v])");
    run("setattr_getattr_dunders",
        "class G:\n    def __getattr__(self, n):\n        return 'missing:' + n\n"
        "g = G()\ng.a = 1\nr = (g.a, g.b)");
    /* sorted(ns) of the original case is list(ns): no sorted builtin yet. */
    run("metaclass_plain",
        "log = []\n"
        "class Meta(type):\n"
        "    def __new__(mcls, name, bases, ns, **kw):\n"
        "        log.append(('new', name, list(ns), kw))\n"
        "        return super().__new__(mcls, name, bases, ns)\n"
        "    def __init__(cls, name, bases, ns, **kw):\n"
        "        log.append(('init', name))\n"
        "        super().__init__(name, bases, ns)\n"
        "class A(metaclass=Meta, flag=True):\n"
        "    x = 1\n"
        "class B(A):\n"
        "    pass\n"
        "r = (log, type(A).__name__, type(B).__name__)");
    run("new_override",
        "class N:\n    def __new__(cls, v):\n        o = super().__new__(cls)\n        o.v = v * 2\n        return o\nr = N(21).v");

    /* ---- binary operators ---- */
    run("binary_all",
        "class T:\n"
        "    def __repr__(self):\n        return 'T'\n"
        "for _n in ['add', 'sub', 'mul', 'matmul', 'truediv', 'floordiv', 'mod', 'divmod', 'pow',\n"
        "           'lshift', 'rshift', 'and', 'or', 'xor']:\n"
        "    def _mk(n):\n"
        "        return (lambda self, o: (n, o)), (lambda self, o: ('r' + n, o))\n"
        "    _f, _rf = _mk(_n)\n"
        "    setattr(T, '__%s__' % _n, _f)\n"
        "    setattr(T, '__r%s__' % _n, _rf)\n"
        "t = T()\n"
        "r = [t + 1, t - 1, t * 1, t @ 1, t / 1, t // 1, t % 1, t ** 1, t << 1, t >> 1, t & 1, t | 1, t ^ 1,\n"
        "     1 + t, 1 - t, 1 * t, 1 @ t, 1 / t, 1 // t, 1 % t, 1 ** t, 1 << t, 1 >> t, 1 & t, 1 | t, 1 ^ t]");
    run("binary_in_body",
        OPS_CLASS
        "    def __add__(self, o):\n        return N(self.v + (o.v if isinstance(o, N) else o))\n"
        "    def __radd__(self, o):\n        return N(o + self.v)\n"
        "    def __sub__(self, o):\n        return N(self.v - o)\n"
        "    def __rsub__(self, o):\n        return N(o - self.v)\n"
        "    def __mul__(self, o):\n        return N(self.v * o)\n"
        "    __rmul__ = __mul__\n"
        "    def __truediv__(self, o):\n        return N(self.v / o)\n"
        "    def __rtruediv__(self, o):\n        return N(o / self.v)\n"
        "    def __floordiv__(self, o):\n        return N(self.v // o)\n"
        "    def __mod__(self, o):\n        return N(self.v % o)\n"
        "    def __rmod__(self, o):\n        return N(o % self.v)\n"
        "    def __pow__(self, o, m=None):\n        return N(pow_(self.v, o, m))\n"
        "    def __rpow__(self, o, m=None):\n        return N(('rpow', o, m))\n"
        "    def __lshift__(self, o):\n        return N(self.v << o)\n"
        "    def __and__(self, o):\n        return N(self.v & o)\n"
        "    def __or__(self, o):\n        return N(self.v | o)\n"
        "    def __xor__(self, o):\n        return N(self.v ^ o)\n"
        "def pow_(x, y, m):\n    return x ** y if m is None else (x ** y) % m\n"
        "r = [N(5) + 1, 2 + N(5), N(1) + N(2), N(5) - 2, 10 - N(3), N(3) * 4, 4 * N(3), N(7) / 2, 7 / N(2),\n"
        "     N(7) // 2, N(7) % 4, 7 % N(4), N(2) ** 10, 3 ** N(2), N(1) << 4, N(6) & 3, N(6) | 1, N(6) ^ 5,\n"
        "     'x%sy' % N(1)]");
    run("pow3_slot", "class P:\n"
        "    def __pow__(self, o, m=None):\n        return ('pow', o, m)\n"
        "    def __rpow__(self, o, m=None):\n        return ('rpow', o, m)\n"
        "a, b, c = P(), 3, 5\nr = a ** b");
    num("pow3_left", "pow3");
    run("pow3_right",
        "class P:\n"
        "    def __rpow__(self, o, m=None):\n        return ('rpow', o, m)\n"
        "a, b, c = 2, P(), 5\nr = a ** b");
    num("pow3_right_unsupported", "pow3");
    run("divmod_slot",
        "class D:\n    def __divmod__(self, o):\n        return ('dm', o)\n    def __rdivmod__(self, o):\n        return ('rdm', o)\n"
        "a, b = D(), 7\nr = 1");
    num("divmod_left", "divmod");
    run("divmod_right_setup", "class D:\n    def __rdivmod__(self, o):\n        return ('rdm', o)\na, b = 7, D()\nr = 1");
    num("divmod_right", "divmod");
    run("not_implemented_both",
        "class A:\n    def __add__(self, o):\n        return NotImplemented\n"
        "class B:\n    def __radd__(self, o):\n        return NotImplemented\n"
        "A() + B()");
    run("not_implemented_falls_to_reflected",
        "class A:\n    def __add__(self, o):\n        return NotImplemented\n"
        "class B:\n    def __radd__(self, o):\n        return 'B.radd'\n"
        "r = (A() + B(), B() + 1 if False else None)");
    run("unsupported_plain", "class A:\n    pass\nA() - 1");
    run("unsupported_reflected_only", "class A:\n    def __rsub__(self, o):\n        return 'r'\nA() - A()");
    run("subclass_reflected_first",
        "log = []\n"
        "class A:\n"
        "    def __add__(self, o):\n        log.append('A.add')\n        return 'A'\n"
        "    def __radd__(self, o):\n        log.append('A.radd')\n        return 'Ar'\n"
        "class B(A):\n"
        "    def __radd__(self, o):\n        log.append('B.radd')\n        return 'Br'\n"
        "class C(A):\n    pass\n"
        "r = (A() + B(), A() + C(), B() + A(), log)");
    run("subclass_reflected_not_implemented",
        "log = []\n"
        "class A:\n"
        "    def __mul__(self, o):\n        log.append('A.mul')\n        return 'A'\n"
        "class B(A):\n"
        "    def __rmul__(self, o):\n        log.append('B.rmul')\n        return NotImplemented\n"
        "r = (A() * B(), log)");
    run("same_type_no_reflected",
        "class A:\n"
        "    def __sub__(self, o):\n        return NotImplemented\n"
        "    def __rsub__(self, o):\n        return 'never'\n"
        "A() - A()");
    run("int_subclass",
        "class I(int):\n"
        "    def __radd__(self, o):\n        return ('I.radd', o)\n"
        "    def __sub__(self, o):\n        return ('I.sub', o)\n"
        "r = (1 + I(2), I(2) + 1, I(5) - 1, 7 - I(5), type(I(2) + 1).__name__)");
    run("assigned_later",
        "class A:\n    pass\n"
        "A.__add__ = lambda self, o: 'late add'\n"
        "A.__rtruediv__ = lambda self, o: 'late rtruediv'\n"
        "r1 = (A() + 1, 1 / A())\n"
        "del A.__add__\n"
        "try:\n    A() + 1\nexcept TypeError as e:\n    r2 = str(e)\n"
        "r = (r1, r2)");
    run("inherited_slot",
        "class A:\n    def __xor__(self, o):\n        return 'A.xor'\n"
        "class B(A):\n    pass\n"
        "class C(B):\n    def __xor__(self, o):\n        return 'C.xor'\n"
        "r = (B() ^ 1, C() ^ 1)");

    /* ---- in-place ---- */
    run("inplace",
        "class L:\n"
        "    def __init__(self):\n        self.items = []\n"
        "    def __iadd__(self, o):\n        self.items.append(o)\n        return self\n"
        "    def __isub__(self, o):\n        return 'isub'\n"
        "    def __imul__(self, o):\n        return NotImplemented\n"
        "    def __mul__(self, o):\n        return 'mul fallback'\n"
        "    def __ipow__(self, o):\n        return ('ipow', o)\n"
        "    def __imatmul__(self, o):\n        return 'imatmul'\n"
        "    def __itruediv__(self, o):\n        return 'itruediv'\n"
        "    def __ifloordiv__(self, o):\n        return 'ifloordiv'\n"
        "    def __imod__(self, o):\n        return 'imod'\n"
        "    def __ilshift__(self, o):\n        return 'ilshift'\n"
        "    def __irshift__(self, o):\n        return 'irshift'\n"
        "    def __iand__(self, o):\n        return 'iand'\n"
        "    def __ior__(self, o):\n        return 'ior'\n"
        "    def __ixor__(self, o):\n        return 'ixor'\n"
        "l = L()\nk = l\nk += 1\nk += 2\n"
        "out = [k is l, l.items]\n"
        "for op in ['-=', '*=', '**=', '@=', '/=', '//=', '%=', '<<=', '>>=', '&=', '|=', '^=']:\n"
        "    x = L()\n"
        "    exec_ = None\n"
        "    out.append(op)\n"
        "x = L(); x -= 1; out.append(x)\n"
        "x = L(); x *= 1; out.append(x)\n"
        "x = L(); x **= 2; out.append(x)\n"
        "x = L(); x @= 1; out.append(x)\n"
        "x = L(); x /= 1; out.append(x)\n"
        "x = L(); x //= 1; out.append(x)\n"
        "x = L(); x %= 1; out.append(x)\n"
        "x = L(); x <<= 1; out.append(x)\n"
        "x = L(); x >>= 1; out.append(x)\n"
        "x = L(); x &= 1; out.append(x)\n"
        "x = L(); x |= 1; out.append(x)\n"
        "x = L(); x ^= 1; out.append(x)\n"
        "r = out[:2] + out[14:]");
    run("inplace_falls_back_to_binary",
        "class A:\n    def __add__(self, o):\n        return 'add'\n"
        "class B:\n    def __radd__(self, o):\n        return 'radd'\n"
        "x = A()\nx += 1\ny = 1\ny += B()\nr = (x, y)");
    run("inplace_unsupported", "class A:\n    pass\nx = A()\nx -= 1");
    run("ipow3_setup", "class P:\n    def __ipow__(self, o):\n        return ('ipow', o)\na, b, c = P(), 2, 7\nr = 1");
    num("ipow3", "ipow3");

    /* ---- unary ---- */
    run("unary",
        "class U:\n"
        "    def __neg__(self):\n        return 'neg'\n"
        "    def __pos__(self):\n        return 'pos'\n"
        "    def __invert__(self):\n        return 'invert'\n"
        "    def __abs__(self):\n        return 'abs'\n"
        "a = U()\nr = (-a, +a, ~a)");
    num("abs", "abs");
    run("unary_missing", "class U:\n    pass\n-U()");
    run("unary_missing_invert", "class U:\n    pass\n~U()");
    run("unary_deleted",
        "class U:\n    def __neg__(self):\n        return 'neg'\n"
        "del U.__neg__\n-U()");

    /* ---- wrappers of the C slots ---- */
    run("int_wrappers",
        "r = ((2).__add__(3), (2).__radd__(3), int.__sub__(5, 3), (5).__rsub__(3), (2).__pow__(3, 5),\n"
        "     (2).__rpow__(3), (7).__divmod__(2), (7).__rdivmod__(2), (5).__neg__(), (5).__invert__(),\n"
        "     (6).__and__(3), (6).__ror__(1), (2).__radd__('a'), 1.5.__mul__(2), 1.5.__rtruediv__(3.0),\n"
        "     (-3).__abs__(), (3).__pos__(), (1).__lshift__(3), (16).__rrshift__(1))");
    run("wrapper_errors1", "(2).__add__()");
    run("wrapper_errors2", "(2).__add__(1, 2)");
    run("wrapper_errors3", "(2).__pow__()");
    run("wrapper_errors4", "(2).__pow__(1, 2, 3)");
    run("wrapper_errors5", "(2).__neg__(1)");
    run("wrapper_errors6", "(2).__add__(x=1)");
    run("wrapper_errors7", "(2).__rpow__()");
    run("wrapper_repr", "r = (repr(int.__add__), repr(int.__radd__), repr(float.__neg__), type((1).__add__).__name__)");

    /* ---- __new__ ---- */
    run("new_returns_other",
        "log = []\n"
        "class N:\n"
        "    def __new__(cls, *a):\n        log.append(('new', a))\n        return 42\n"
        "    def __init__(self, *a):\n        log.append('init')\n"
        "r = (N(1, 2), log)");
    run("new_and_init",
        "class N:\n"
        "    def __new__(cls, v):\n        o = object.__new__(cls)\n        o.log = ['new']\n        return o\n"
        "    def __init__(self, v):\n        self.log.append(('init', v))\n"
        "r = N(3).log");
    run("new_is_staticmethod",
        "class N:\n    def __new__(cls):\n        return super().__new__(cls)\n"
        "r = (type(N.__dict__['__new__']).__name__, N.__new__ is N.__dict__['__new__'].__func__)");
    run("new_inherited",
        "class A:\n    def __new__(cls, x):\n        o = super().__new__(cls)\n        o.x = x\n        return o\n"
        "class B(A):\n    pass\n"
        "r = (B(5).x, type(B(5)).__name__)");
    run("new_excess_args",
        "class N:\n    def __new__(cls, v):\n        return super().__new__(cls, v)\nN(1)");
    run("new_no_init_args_ok",
        "class N:\n    def __new__(cls, *a):\n        return super().__new__(cls)\nr = type(N(1, 2)).__name__");
    run("object_new_not_safe", "object.__new__(int)");
    run("int_new_subclass",
        "class I(int):\n    def __new__(cls, v):\n        return super().__new__(cls, v * 10)\n"
        "r = (I(4), type(I(4)).__name__)");
    run("new_assigned_later",
        "class N:\n    pass\n"
        "N.__new__ = staticmethod(lambda cls, *a: ('made', cls.__name__, a))\n"
        "r = N(1)");
    run("metaclass_new_kwargs",
        "class Meta(type):\n"
        "    def __new__(mcls, name, bases, ns, **kw):\n"
        "        cls = super().__new__(mcls, name, bases, ns)\n"
        "        cls.kw = kw\n"
        "        return cls\n"
        "    def __init__(cls, name, bases, ns, **kw):\n"
        "        super().__init__(name, bases, ns)\n"
        "class A(metaclass=Meta, x=1, y=2):\n    pass\n"
        "r = (A.kw, type(A).__name__, Meta('Z', (), {}).kw)");

    /* ---- __getattr__ ---- */
    run("getattr_fallback",
        "class G:\n"
        "    x = 1\n"
        "    def __getattr__(self, n):\n"
        "        if n.startswith('no'):\n            raise AttributeError('nope ' + n)\n"
        "        return n.upper()\n"
        "g = G()\ng.y = 2\n"
        "r = (g.x, g.y, g.zz, getattr(g, 'no_thing', 'default'), hasattr(g, 'no'), hasattr(g, 'abc'))");
    run("getattr_raises", "class G:\n    def __getattr__(self, n):\n        raise AttributeError('custom ' + n)\nG().foo");
    run("getattr_other_error", "class G:\n    def __getattr__(self, n):\n        raise KeyError(n)\nG().foo");
    run("getattribute_then_getattr",
        "log = []\n"
        "class G:\n"
        "    def __getattribute__(self, n):\n"
        "        log.append(('ga', n))\n"
        "        if n == 'bad':\n            raise AttributeError(n)\n"
        "        return object.__getattribute__(self, n)\n"
        "    def __getattr__(self, n):\n        log.append(('getattr', n))\n        return 'fallback'\n"
        "g = G()\ng.a = 1\nr = (g.a, g.bad, log)");
    run("getattribute_only",
        "class G:\n    def __getattribute__(self, n):\n        return 'always ' + n\n"
        "r = (G().x, G().__class__)");
    run("getattr_added_later",
        "class G:\n    pass\n"
        "g = G()\n"
        "G.__getattr__ = lambda self, n: 'late ' + n\n"
        "r1 = g.q\n"
        "del G.__getattr__\n"
        "try:\n    g.q\nexcept AttributeError as e:\n    r2 = str(e)\n"
        "r = (r1, r2)");
    run("getattr_inherited",
        "class A:\n    def __getattr__(self, n):\n        return 'A:' + n\n"
        "class B(A):\n    pass\n"
        "r = B().anything");

    /* ---- __del__ ---- */
    run("del_called",
        "log = []\n"
        "class D:\n"
        "    def __init__(self, n):\n        self.n = n\n"
        "    def __del__(self):\n        log.append(('del', self.n))\n"
        "d = D(1)\ndel d\n"
        "D(2)\n"
        "class E(D):\n    pass\n"
        "e = E(3)\ne = None\n"
        "r = log");
    /* The hook is set from C: no import statement yet. */
    run("del_error_setup",
        "seen = []\n"
        "def hook(u):\n"
        "    seen.append((type(u.exc_value).__name__, str(u.exc_value), u.object is D.__del__, u.err_msg))\n"
        "class D:\n    def __del__(self):\n        raise ValueError('in del')\n"
        "def trigger():\n    d = D()\n    del d\n    return seen\n"
        "r = 1");
    {
        PyObject *old = PySys_GetObject("unraisablehook");
        Py_XINCREF(old);
        PySys_SetObject("unraisablehook", PyDict_GetItemString(globals, "hook"));
        ev("del_error_unraisable", "trigger()");
        PySys_SetObject("unraisablehook", old);
        Py_XDECREF(old);
    }
    run("del_keeps_exception",
        "log = []\n"
        "class D:\n    def __del__(self):\n        log.append('del')\n"
        "try:\n"
        "    try:\n        raise KeyError('k')\n"
        "    finally:\n        d = D()\n        del d\n"
        "except KeyError as e:\n    log.append(repr(e))\n"
        "r = log");
    run("del_resurrects",
        "keep = []\n"
        "class D:\n    def __del__(self):\n        keep.append(self)\n"
        "D()\nr = (len(keep), type(keep[0]).__name__)");
    run("del_wrapper", "class D:\n    def __del__(self):\n        pass\nr = (type(D.__del__).__name__, D().__del__())");

    /* ---- property ---- */
    run("property_basic",
        "class C:\n"
        "    def __init__(self):\n        self._x = 0\n"
        "    @property\n"
        "    def x(self):\n        'The x.'\n        return self._x\n"
        "    @x.setter\n"
        "    def x(self, v):\n        self._x = v * 2\n"
        "    @x.deleter\n"
        "    def x(self):\n        self._x = 'deleted'\n"
        "c = C()\nc.x = 5\nr1 = c.x\ndel c.x\n"
        "r = (r1, c.x, C.x.__doc__, type(C.x).__name__, C.x.fget.__name__, C.x.fset.__name__, C.x.fdel.__name__)");
    run("property_no_setter",
        "class C:\n    @property\n    def x(self):\n        return 1\nC().x = 2");
    run("property_no_deleter",
        "class C:\n    @property\n    def x(self):\n        return 1\nc = C()\ndel c.x");
    run("property_no_getter",
        "class C:\n    x = property(None, lambda self, v: None)\nC().x");
    run("property_unnamed",
        "p = property()\nclass C:\n    pass\nC.y = p\nC().y = 1");
    run("property_unnamed_get", "p = property()\nclass C:\n    pass\nC.y = p\nC().y");
    run("property_ctor",
        "def g(self):\n    'getter doc'\n    return 'g'\n"
        "p = property(g, None, None, 'explicit')\n"
        "q = property(fget=g)\n"
        "n = property()\n"
        "r = (p.__doc__, q.__doc__, n.__doc__, n.fget, n.fset, n.fdel, q.fget is g)");
    run("property_ctor_errors1", "property(1, 2, 3, 4, 5)");
    run("property_ctor_errors2", "property(fx=1)");
    run("property_set_name_error", "property().__set_name__(1)");
    run("property_copy_keeps_doc",
        "class C:\n"
        "    def _g(self):\n        'from getter'\n        return 1\n"
        "    x = property(_g, doc='given')\n"
        "    y = property(_g)\n"
        "    x2 = x.setter(lambda s, v: None)\n"
        "    y2 = y.getter(lambda s: 2)\n"
        "r = (C.x2.__doc__, C.y2.__doc__, C.y.__doc__, C().y2)");
    run("property_abstract",
        "class F:\n    __isabstractmethod__ = True\n    def __call__(self, *a):\n        return 1\n"
        "r = (property(F()).__isabstractmethod__, property(lambda s: 1).__isabstractmethod__,\n"
        "     property(None, F()).__isabstractmethod__)");
    run("property_subclass_doc",
        "class P(property):\n    pass\n"
        "def g(self):\n    'sub doc'\n    return 3\n"
        "class C:\n    x = P(g)\n"
        "r = (C.x.__doc__, C().x, type(C.x.getter(g)).__name__)");
    run("property_get_on_class", "class C:\n    @property\n    def x(self):\n        return 1\nr = (C.x.__get__(None, C) is C.x, C.x.__get__(C()))");
    run("property_getter_raises_attr",
        "class C:\n"
        "    @property\n    def x(self):\n        raise AttributeError('inner')\n"
        "    def __getattr__(self, n):\n        return 'getattr ' + n\n"
        "r = C().x");

    /* ---- classmethod ---- */
    run("classmethod_basic",
        "class C:\n"
        "    n = 'C'\n"
        "    @classmethod\n"
        "    def make(cls, a):\n        'Make one.'\n        return (cls.n, a)\n"
        "class D(C):\n    n = 'D'\n"
        "r = (C.make(1), C().make(2), D.make(3), D().make(4), C.__dict__['make'].__func__.__name__,\n"
        "     C.__dict__['make'].__wrapped__ is C.__dict__['make'].__func__, C.make.__self__ is C,\n"
        "     C.__dict__['make'].__doc__, C.__dict__['make'].__name__, C.__dict__['make'].__qualname__)");
    run("classmethod_callable_object",
        "class Call:\n    def __call__(self, *a):\n        return a\n"
        "class C:\n    m = classmethod(Call())\n"
        "r = (C.m(1)[0] is C, C().m(2)[1])");
    run("classmethod_chains_get",
        "class C:\n    @classmethod\n    @property\n    def p(cls):\n        return 'prop of ' + cls.__name__\n"
        "r = (C.p, C().p)");
    run("classmethod_misc",
        "cm = classmethod(1)\n"
        "def f(a):\n    pass\n"
        "r = (repr(cm), cm.__func__, cm.__isabstractmethod__, classmethod(f).__annotations__,\n"
        "     sorted_ if False else None, classmethod(f).__dict__ == {'__module__': '__main__', '__name__': 'f',\n"
        "     '__qualname__': 'f', '__doc__': None, '__annotations__': {}})");
    run("classmethod_errors1", "classmethod()");
    run("classmethod_errors2", "classmethod(len, x=1)");
    run("classmethod_uninitialized", "classmethod.__new__(classmethod).__get__(1)");
    run("classmethod_abstract",
        "class F:\n    __isabstractmethod__ = True\n"
        "r = (classmethod(F()).__isabstractmethod__, staticmethod(F()).__isabstractmethod__)");

    /* ---- staticmethod ---- */
    run("staticmethod_basic",
        "class C:\n"
        "    @staticmethod\n"
        "    def add(a, b):\n        return a + b\n"
        "    mul = staticmethod(lambda a, b: a * b)\n"
        "sm = C.__dict__['add']\n"
        "r = (C.add(1, 2), C().add(3, 4), C.mul(3, 5), sm(10, 20), sm.__func__ is C.add,\n"
        "     type(sm).__name__, sm.__name__, sm.__wrapped__ is C.add, repr(staticmethod(1)))");
    run("staticmethod_errors", "staticmethod(1, 2)");
    run("staticmethod_not_callable", "staticmethod(1)()");
    run("staticmethod_subclass",
        "class S(staticmethod):\n    pass\n"
        "class C:\n    f = S(lambda: 'sub')\n"
        "r = (C.f(), isinstance(C.__dict__['f'], staticmethod))");

    /* ---- __init_subclass__ and __class_getitem__ as plain functions ---- */
    run("init_subclass_plain",
        "class Base:\n"
        "    subs = []\n"
        "    def __init_subclass__(cls, tag=None, **kw):\n"
        "        super().__init_subclass__(**kw)\n"
        "        Base.subs.append((cls.__name__, tag))\n"
        "class A(Base, tag='a'):\n    pass\n"
        "class B(A):\n    pass\n"
        "r = (Base.subs, type(Base.__dict__['__init_subclass__']).__name__)");
    run("init_subclass_bad_kw",
        "class Base:\n    def __init_subclass__(cls, **kw):\n        super().__init_subclass__(**kw)\n"
        "class A(Base, nope=1):\n    pass");
    run("class_getitem",
        "class G:\n    def __class_getitem__(cls, item):\n        return (cls.__name__, item)\n"
        "class H(G):\n    pass\n"
        "r = (G[int], H[1, 2], type(G.__dict__['__class_getitem__']).__name__)");
    run("class_getitem_none", "class G:\n    __class_getitem__ = None\nG[1]");
    run("not_subscriptable", "class G:\n    pass\nG[1]");

    return ctest_finish();
}
