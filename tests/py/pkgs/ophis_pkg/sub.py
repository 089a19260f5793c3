"""A submodule."""
print('ophis_pkg.sub runs:', __name__, __package__)


def helper(x):
    return x * 10
