from . import cycle_b
A_NAME = 'a'


def b_name():
    return cycle_b.B_NAME
