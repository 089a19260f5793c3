class Base(object, metaclass=type):
    attr: int = 3
    __private = 1
    def method(self):
        return self.__private
    @property
    def prop(self):
        return super().prop
    def call_super(self, x):
        return super().method(x) + super(Base, self).method()
    class Inner:
        def m(self):
            return __class__

class Derived(Base, *mixins, **kw):
    pass
