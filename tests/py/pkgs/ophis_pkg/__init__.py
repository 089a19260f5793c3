"""A package with submodules, relative imports and __all__."""
from .sub import helper as _helper
from . import sub
__all__ = ['exported', 'also']
exported = 'exported value'
also = 'also value'
hidden = 'not in __all__'
print('ophis_pkg/__init__ runs:', __name__, __package__)


def use_helper():
    return _helper(2)
