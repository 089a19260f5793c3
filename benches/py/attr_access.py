"""Attribute access on instances: reads and writes of instance attributes
held in the instance dictionary, on `self` inside methods and on other
objects from a function, attributes found on the class (a class constant),
a property, and instances created in the loop (after pyperformance's
bm_float point objects, without floats). Written without `__slots__`
(Ophis does not create such classes yet).
"""

N = 60000


class Vec:
    scale = 3

    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def dot(self, other):
        return self.x * other.x + self.y * other.y + self.z * other.z

    def bump(self):
        self.x += 1
        self.y += self.x
        self.z = self.y - self.x

    @property
    def size(self):
        return self.x + self.y + self.z


def step(a, b):
    a.x, b.y = b.y, a.x
    return a.x + a.y + a.z + b.x + b.y + b.z


def main(n):
    a = Vec(1, 2, 3)
    b = Vec(4, 5, 6)
    total = 0
    for i in range(n):
        a.bump()
        total += a.dot(b) & 0xFFFF
        total += step(a, b) & 0xFFFF
        total += a.scale + b.size
        c = Vec(i, a.x, b.z)
        total += c.x + c.y - c.z
        a.x = i & 7
        b.y = i & 15
    return total


result = main(N)
if __name__ == "__main__":
    print("attr_access", result)
