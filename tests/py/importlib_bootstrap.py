# CPython's importlib imports on the runtime (its pure-Python bootstrap,
# set up over `_imp` and `_warnings`): importlib.machinery's suffixes, the
# `_imp` queries and `create_builtin`, `_warnings.warn` through the Python
# warning filters.
import importlib
import importlib.machinery
import sys
import warnings

import _imp
import _warnings

print(importlib.machinery.SOURCE_SUFFIXES, importlib.machinery.EXTENSION_SUFFIXES)
print(importlib.machinery.all_suffixes())
print(importlib.machinery.BuiltinImporter.find_spec("_io").origin)
print([_imp.is_builtin(n) for n in ("_io", "sys", "builtins", "json", "posix")])
print(_imp.is_frozen("json"), _imp.find_frozen("json"), _imp.lock_held(), _imp.check_hash_based_pycs)
m = _imp.create_builtin(importlib.machinery.ModuleSpec("_string", None))
print(type(m).__name__, m.__name__, list(m.formatter_parser("a{b}")))
for bad in (5, None):
    try:
        _imp.is_builtin(bad)
    except TypeError as e:
        print("TypeError", e)
print(_imp.create_builtin(importlib.machinery.ModuleSpec("json", None)))
try:
    _imp.is_frozen_package("json")
except ImportError as e:
    print("ImportError", e)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    _warnings.warn("plain")
    _warnings.warn("categorized", DeprecationWarning, stacklevel=1)
    _warnings.warn(message="keywords", category=RuntimeWarning)
print([(w.category.__name__, str(w.message), w.lineno) for w in caught])
with warnings.catch_warnings():
    warnings.simplefilter("error")
    try:
        _warnings.warn("now an error", UserWarning)
    except UserWarning as e:
        print("raised", e)
