from . import cycle_a
B_NAME = 'b'
PARTIAL_A_HAS_NAME = hasattr(cycle_a, 'A_NAME')
