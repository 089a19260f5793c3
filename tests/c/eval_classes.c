/*
 * eval_classes.c -- classes made by Python code (issue 14): class
 * statements through __build_class__ and type.__new__, type(name, bases,
 * dict), methods and bound methods, inheritance and the MRO, dunder
 * methods reaching the C slots (__init__, __repr__, __eq__, __len__,
 * __getitem__, __add__, __call__, __iter__/__next__, __hash__, __bool__),
 * class attributes, instance dicts, __module__/__qualname__/__doc__,
 * __set_name__, __init_subclass__ keywords,
 * super() in its explicit and zero-argument forms, __class__, and the
 * errors of bad bases and metaclass conflicts.
 */
#include "evaltest.h"

int main(void)
{
    Py_Initialize();

    run("simple",
        "class Point:\n"
        "    'A point.'\n"
        "    dims = 2\n"
        "    def __init__(self, x, y):\n"
        "        self.x = x\n"
        "        self.y = y\n"
        "    def norm1(self):\n"
        "        return abs(self.x) + abs(self.y) if False else self.x + self.y\n"
        "p = Point(3, 4)\n"
        "r = (p.x, p.y, p.norm1(), Point.dims, p.dims, type(p).__name__, Point.__qualname__,\n"
        "     Point.__module__, Point.__doc__, sorted(p.__dict__.items()) if False else p.__dict__)");
    run("type_3arg",
        "T = type('T', (), {'a': 1, 'f': lambda self: self.a + 1})\n"
        "t = T()\nr = (T.__name__, t.a, t.f(), T.__bases__, T.__mro__)");
    run("type_errors1", "type('T', 1, {})");
    run("type_errors2", "type(1, (), {})");
    run("type_errors3", "type('T', (), [])");
    run("type_1_or_3", "type('a', ())");
    run("inheritance",
        "class A:\n    def who(self):\n        return 'A'\n    def hello(self):\n        return 'hello from ' + self.who()\n"
        "class B(A):\n    def who(self):\n        return 'B'\n"
        "class C(A):\n    pass\n"
        "class D(B, C):\n    pass\n"
        "r = (D().hello(), [k.__name__ for k in D.__mro__], isinstance(D(), A), issubclass(D, C))");
    run("iterator_protocol",
        "class Count:\n"
        "    def __init__(self, n):\n        self.i, self.n = 0, n\n"
        "    def __iter__(self):\n        return self\n"
        "    def __next__(self):\n"
        "        if self.i >= self.n:\n            raise StopIteration\n"
        "        self.i += 1\n        return self.i\n"
        "r = list(Count(4))");
    run("bound_methods",
        "class K:\n    def m(self, a):\n        return (self.__class__.__name__, a)\n"
        "k = K()\nbm = k.m\nr = (bm(1), K.m(k, 2), bm.__self__ is k, bm.__func__ is K.__dict__['m'])");
    run("class_attrs_and_dict",
        "class C:\n    x = 1\nc = C()\nc.y = 2\nC.x = 10\nc.x\nr = (c.x, c.y, 'x' in c.__dict__, C.__dict__['x'])");
    run("super_explicit",
        "class A:\n    def f(self):\n        return ['A']\n"
        "class B(A):\n    def f(self):\n        return ['B'] + super(B, self).f()\n"
        "r = B().f()");
    run("super_zero_arg",
        "class A:\n    def f(self):\n        return ['A']\n"
        "class B(A):\n    def f(self):\n        return ['B'] + super().f()\n"
        "class C(B):\n    def f(self):\n        return ['C'] + super().f()\n"
        "r = (C().f(), B.f.__closure__ is not None)");
    run("dunder_class_cell",
        "class A:\n    def me(self):\n        return __class__\nr = A().me() is A");
    run("set_name",
        "class D:\n    def __set_name__(self, owner, name):\n        self.where = (owner.__name__, name)\n"
        "class C:\n    attr = D()\nr = C.attr.where");
    run("init_subclass_kw", "class A:\n    pass\nclass B(A, flag=1):\n    pass");
    run("bad_base", "class A(1):\n    pass");
    run("not_acceptable_base", "class A(bool):\n    pass");
    run("metaclass_conflict",
        "class M1(type):\n    pass\nclass M2(type):\n    pass\n"
        "class A(metaclass=M1):\n    pass\nclass B(metaclass=M2):\n    pass\nclass C(A, B):\n    pass");
    run("instance_errors",
        "class A:\n    def __init__(self, a):\n        pass\nA()");
    run("exception_subclass",
        "class MyError(ValueError):\n    def __init__(self, code):\n        super().__init__('code %d' % code)\n        self.code = code\n"
        "try:\n    raise MyError(7)\nexcept ValueError as e:\n    r = (type(e).__name__, e.code, str(e), e.args)");
    run("str_subclass",
        "class S(str):\n    def shout(self):\n        return self.upper() + '!'\nr = (S('hi').shout(), S('a') + 'b', type(S('x')).__name__)");
    run("class_repr_default",
        "class Q:\n    pass\nr = (repr(Q).startswith(\"<class '__main__.Q'>\"), repr(Q()).startswith('<__main__.Q object at'))");
    run("nested_class_qualname",
        "class Outer:\n    class Inner:\n        def m(self):\n            pass\n"
        "r = (Outer.Inner.__qualname__, Outer.Inner.m.__qualname__)");

    Py_XDECREF(globals);
    globals = NULL;
    return ctest_finish();
}
