def first[T](xs: list[T], default: T = None, *, strict: bool = False) -> T:
    return xs[0] if xs else default

class Box[T, *Ts, **P](Base, metaclass=Meta):
    item: T
    def get(self) -> T:
        return self.item

class Bounded[N: int, S: (str, bytes)]:
    def m[U](self, u: U) -> N:
        return u

type Alias = list[int]
type Pair[K, V] = tuple[K, V]

class Outer:
    type Inner = Outer
    def method[X](self, x: X) -> X:
        return x
