# Importing Python source: modules, packages, relative imports, __all__,
# cycles, failures, namespace packages, module attributes.
import sys
sys.path.insert(0, '/'.join(__file__.split('/')[:-1]) + '/pkgs')

import plainmod
import plainmod as again
print(plainmod.answer(), again is plainmod, plainmod.__name__, plainmod.__doc__)
print(plainmod.__spec__.name, plainmod.__file__.endswith("pkgs/plainmod.py"), plainmod.__cached__ is None)
print(type(plainmod.__loader__).__name__, plainmod.__package__ == '', 'plainmod' in sys.modules)

import ophis_pkg
print(ophis_pkg.use_helper(), ophis_pkg.sub.helper(1), ophis_pkg.__path__[0].endswith('pkgs/ophis_pkg'))
print(ophis_pkg.__spec__.submodule_search_locations == ophis_pkg.__path__, ophis_pkg.__package__)
from ophis_pkg import *
print(exported, also, 'hidden' in dir())
from ophis_pkg.sub import helper
print(helper(3))
import ophis_pkg.sub as s2
print(s2 is ophis_pkg.sub)

from ophis_pkg import cycle_a
print(cycle_a.b_name(), cycle_a.cycle_b.PARTIAL_A_HAS_NAME, cycle_a.cycle_b.cycle_a is cycle_a)

try:
    import ophis_pkg.broken
except ValueError as e:
    print('ValueError:', e, 'ophis_pkg.broken' in sys.modules)
try:
    import ophis_pkg.broken
except ValueError as e:
    print('again ValueError:', e)

try:
    import no_such_module_here
except ModuleNotFoundError as e:
    print(type(e).__name__, e, e.name)
try:
    from ophis_pkg import no_such_name
except ImportError as e:
    print(type(e).__name__, str(e).split(' (')[0])
try:
    import plainmod.nothing
except ModuleNotFoundError as e:
    print(type(e).__name__, e)

import ophis_ns.part.mod
print(ophis_ns.part.mod.WHERE, ophis_ns.__file__ if hasattr(ophis_ns, '__file__') else 'no __file__')
print(sorted(k for k in sys.modules if k.startswith('ophis_')))
